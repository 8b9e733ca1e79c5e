"""Many renders: parallel workers, a content-addressed cache, a manifest, and Dask.

A batch turns validated :class:`~mathviz.pipeline.render.Job` objects into files under
``out``:

1. **cache lookup** (in this process, no manim import): every job gets a
   :func:`cache_key`, the hash of its request, the source of every project
   module the scene depends on (found by parsing imports with :mod:`ast`),
   and the versions of the tools. ``out/manifest.json`` records the key and
   sha256 of every finished output; a job whose key matches an entry whose
   file is still there, unchanged, is *cached* and not rendered again.
2. **rendering**: the other jobs run, ``workers`` at a time, each in a fresh
   Python process (manim's ``config`` is process-global) with private media
   and TeX folders (:func:`mathviz.pipeline.render.run_job`). A shared TeX cache
   (``out/.cache/manim-<version>/``) hands every job, formula by formula, the
   SVGs that other jobs (earlier or running alongside) compiled, so LaTeX does
   not run twice for one formula and parallel jobs never share a folder that
   manim cleans; LaTeX itself runs on a format with manim's preamble
   preloaded. This module is not part of the cache key: nothing in it changes
   a pixel. With ``scheduler`` the same work
   goes to a Dask cluster; each worker returns the file's bytes, so no shared
   disk is needed.
3. **installation**: each finished file is moved into ``out`` atomically
   (rename, or a hidden temporary sibling and ``os.replace``) and its entry
   added to the manifest under a lock, as soon as it finishes: an interrupted
   batch keeps what it finished, and running it again resumes.

Nothing here imports manim, dask or PyAV at module level: a warm batch
(everything cached) starts no process and imports none of them.
"""

from __future__ import annotations

import ast
import contextlib
import datetime
import hashlib
import json
import os
import platform
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from functools import lru_cache, wraps
from pathlib import Path
from typing import Callable, Iterable, Sequence

from mathviz.kit import registry
from mathviz.pipeline.render import Job, RenderRequest, RenderResult, manim_settings

MANIFEST = "manifest.json"
KEY_SCHEME = 1  # bump when the meaning of the key changes
PACKAGES = ("mathviz", "scenes")  # project packages whose sources enter the key
WORK_PREFIX = "mathviz-job-"


# --- the cache key ------------------------------------------------------------------------


def _module_file(name: str) -> Path | None:
    """The source file of project module ``name`` (package ``__init__`` or module), if any."""
    parts = name.split(".")
    if parts[0] not in PACKAGES:
        return None
    base = registry.ROOT.joinpath(*parts)
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _statements(body: list[ast.stmt]):
    """Every statement, nested ones included, without visiting expressions (imports are
    statements; skipping the expression trees makes this several times faster than
    ``ast.walk``)."""
    for node in body:
        yield node
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            inner = getattr(node, name, None)
            if isinstance(inner, list):
                yield from _statements(inner)


@lru_cache(maxsize=None)
def _imports_of(path: Path, module: str, stamp: tuple[int, int]) -> tuple[str, ...]:
    """Project modules that ``path`` (the source of ``module``) imports, anywhere in the file.

    Imports inside functions count: scenes and the CLI import lazily. ``from a
    import b`` counts ``a.b`` when that is a module. ``stamp`` (mtime, size)
    only invalidates the memo when the file changes.
    """
    tree = ast.parse(path.read_bytes(), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[str] = []
    for node in _statements(tree.body):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            found.append(origin)
            found.extend(f"{origin}.{alias.name}" for alias in node.names if alias.name != "*")
    return tuple(name for name in found if name.split(".")[0] in PACKAGES and _module_file(name))


def source_closure(modules: Iterable[str]) -> dict[str, Path]:
    """Every project module that importing ``modules`` executes, with its file.

    The transitive closure of imports within the ``mathviz`` and ``scenes``
    packages, plus the ``__init__`` of each enclosing package (importing
    ``a.b.c`` runs ``a`` and ``a.b`` first). Found by parsing, not importing.

    >>> files = source_closure(["scenes.calculus.limit_of_secants"])
    >>> {"mathviz.kit.scene", "mathviz.kit.theme", "mathviz.core.calculus", "scenes"} <= set(files)
    True
    >>> "manim" in files or "mathviz.pipeline.batch" in files
    False
    """
    seen: dict[str, Path] = {}
    stack = list(modules)
    while stack:
        name = stack.pop()
        parts = name.split(".")
        for i in range(1, len(parts)):  # enclosing packages
            stack.append(".".join(parts[:i]))
        if name in seen:
            continue
        path = _module_file(name)
        if path is None:
            continue
        seen[name] = path
        stat = path.stat()
        stack.extend(_imports_of(path, name, (stat.st_mtime_ns, stat.st_size)))
    return seen


_SHA_MEMO: dict[tuple, str] = {}


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes, remembered per (path, inode, size, mtime) for this process,
    so that recording one entry does not re-read every other output."""
    stat = os.stat(path)
    memo = (str(path), stat.st_ino, stat.st_size, stat.st_mtime_ns)
    if memo not in _SHA_MEMO:
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        _SHA_MEMO[memo] = digest.hexdigest()
    return _SHA_MEMO[memo]


def source_digest(path: Path) -> str:
    """The digest of one source file as it enters the cache key (tests replace this)."""
    return file_sha256(path)


@lru_cache(maxsize=1)
def tool_versions() -> dict[str, str]:
    """Versions that change the pixels or the encoding, read without importing the tools."""
    from importlib.metadata import PackageNotFoundError, version

    import mathviz

    found = {"mathviz": mathviz.__version__,
             "python": ".".join(platform.python_version_tuple()[:2])}
    for dist in ("manim", "av", "manimpango", "pycairo"):
        try:
            found[dist] = version(dist)
        except PackageNotFoundError:
            found[dist] = "absent"
    return found


def cache_key(request: RenderRequest) -> str:
    """The content address of one render: equal keys mean equal pixels.

    It hashes the request (scene id, parameters, quality, format, seed, theme,
    aspect, transparency), the source of the scene module, of its parameter
    module and of the render worker (which sets manim's config) with everything
    they import from ``mathviz`` and ``scenes``, and :func:`tool_versions`.
    """
    spec = registry.get(request.scene_id)
    modules = source_closure([spec.module, spec.params.__module__, "mathviz.pipeline.render"])
    sources = {}
    for path in modules.values():
        try:
            name = path.relative_to(registry.ROOT).as_posix()
        except ValueError:
            name = path.as_posix()
        sources[name] = source_digest(path)
    material = {
        "scheme": KEY_SCHEME,
        "request": asdict(request),
        "scene": [spec.module, spec.cls_name],
        "sources": dict(sorted(sources.items())),
        "versions": tool_versions(),
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True, default=list).encode()).hexdigest()


# --- the manifest ---------------------------------------------------------------------------


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so readers see the old or the new file, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.partial-{os.getpid()}-{threading.get_ident()}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


class Manifest:
    """``out/manifest.json``: one entry per output file, always true.

    Loading drops entries whose file (or subtitle file) vanished or no longer
    has the recorded sha256; every change is a read-modify-write under an
    exclusive lock on ``out/.manifest.lock`` (several batches may share an
    output folder) and lands with ``os.replace``.
    """

    def __init__(self, out: Path):
        self.out = Path(out)
        self.path = self.out / MANIFEST

    @contextlib.contextmanager
    def locked(self):
        self.out.mkdir(parents=True, exist_ok=True)
        with open(self.out / ".manifest.lock", "a+b") as fh:
            try:
                import fcntl
            except ImportError:  # no advisory locks here: a single writer is assumed
                yield
                return
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _read(self) -> dict[str, dict]:
        try:
            data = json.loads(self.path.read_text())
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            return {}  # unreadable: treated as empty, rewritten at the next change
        return {e["path"]: e for e in data.get("outputs", []) if isinstance(e, dict) and "path" in e}

    def _matches(self, rel: str | None, digest: str | None) -> bool:
        target = self.out / rel if rel else None
        return target is not None and target.is_file() and file_sha256(target) == digest

    def _valid(self, entry: dict) -> bool:
        """The output is there with its recorded sha256, and so are its subtitles if it has any."""
        if not self._matches(entry.get("path"), entry.get("sha256")):
            return False
        return not entry.get("subtitles") or self._matches(entry["subtitles"], entry.get("subtitles_sha256"))

    def load(self) -> dict[str, dict]:
        """The valid entries by output path; rewrites the file when some were dropped."""
        entries = self._read()
        valid = {p: e for p, e in entries.items() if self._valid(e)}
        if len(valid) != len(entries):
            with self.locked():
                current = self._read()
                kept = {p: e for p, e in current.items() if self._valid(e)}
                if kept != current:
                    self._write(kept)
                valid = kept
        return valid

    def _write(self, entries: dict[str, dict]) -> None:
        body = {"format": 1, "outputs": [entries[p] for p in sorted(entries)]}
        _write_atomic(self.path, (json.dumps(body, indent=2) + "\n").encode())

    def commit(self, install: Callable[[], dict | None]) -> None:
        """Under the lock: ``install()`` puts files in place and returns their entry (or None
        to record nothing), which then replaces any entry for the same path.

        Holding the lock across both keeps two batches writing one output from
        recording one file's sha256 for the other's.
        """
        with self.locked():
            entry = install()
            if entry is None:
                return
            entries = {p: e for p, e in self._read().items() if self._valid(e)}
            entries[entry["path"]] = entry
            self._write(entries)

    def record(self, entry: dict) -> None:
        """Add or replace the entry for ``entry['path']`` (whose file must already be in place)."""
        self.commit(lambda: entry)


# --- results and manifest entries -------------------------------------------------------------


def settings_of(request: RenderRequest) -> dict:
    return {"quality": request.quality, "format": request.fmt, "seed": request.seed,
            "theme": request.theme, "aspect": request.aspect, "transparent": request.transparent}


def make_entry(job: Job, result: RenderResult, out: Path, key: str, versions: dict,
               host: str, peak_memory_mb: float | None) -> dict:
    video = out / job.output
    srt = video.with_suffix(".srt") if result.subtitles else None
    return {
        "id": job.scene_id,
        "path": job.output,
        "params": dict(job.request.params),
        "settings": settings_of(job.request),
        "sha256": file_sha256(video),
        "bytes": video.stat().st_size,
        "frames": result.frames,
        "seconds": round(result.seconds, 4),
        "render_seconds": result.render_seconds,
        "peak_memory_mb": peak_memory_mb,
        "subtitles": srt.relative_to(out).as_posix() if srt else None,
        "subtitles_sha256": file_sha256(srt) if srt else None,
        "beats": result.beats,
        "layout_report": result.layout_report,
        "key": key,
        "versions": versions,
        "host": host,
        "rendered_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }


def result_from_entry(job: Job, entry: dict, out: Path) -> RenderResult:
    """A cached result: what the entry recorded, with the time spent now (none)."""
    result = RenderResult(job.scene_id, str(out / entry["path"]), seconds=entry["seconds"],
                          frames=entry["frames"], render_seconds=0.0, cached=True,
                          subtitles=str(out / entry["subtitles"]) if entry.get("subtitles") else None,
                          request=asdict(job.request), beats=entry.get("beats", []),
                          layout_report=entry.get("layout_report", []),
                          peak_memory_mb=entry.get("peak_memory_mb"))
    return result


def estimate_frames(job: Job, entries: dict[str, dict]) -> int | None:
    """Frames the job will probably have, from an earlier render of the same scene.

    The same output (same variant and quality) gives its frame count; another
    quality or variant of the scene gives its video length times this frame rate.
    """
    if job.request.fmt == "png":
        return 1
    if job.output in entries:
        return int(entries[job.output]["frames"])
    fps = manim_settings(job.request, Path("."))["frame_rate"]
    same = [e for e in entries.values() if e.get("id") == job.scene_id]
    same.sort(key=lambda e: e.get("params") != dict(job.request.params))
    if same and same[0].get("seconds"):
        return max(1, round(same[0]["seconds"] * fps))
    return None


# --- the worker process ---------------------------------------------------------------------

_CHILD = "from mathviz.pipeline.batch import _child_main; _child_main()"


def _link_all(src: Path, dest: Path, pattern: str = "*.svg") -> None:
    """Hard-link (or copy) every ``pattern`` file of ``src`` that ``dest`` lacks."""
    if not src.is_dir():
        return
    dest.mkdir(parents=True, exist_ok=True)
    for item in src.glob(pattern):
        target = dest / item.name
        if target.exists():
            continue
        try:
            os.link(item, target)
        except OSError:
            with contextlib.suppress(OSError):
                shutil.copyfile(item, target)


def _publish(src: Path, dest: Path, pattern: str = "*.svg") -> None:
    """Add the new ``pattern`` files of ``src`` to the shared cache ``dest``, each atomically.

    The names are manim's hashes of the full TeX source (or of the text and
    its style), so two jobs that produce the same name produce the same file:
    whoever lands second replaces it with an identical one.
    """
    if not src.is_dir():
        return
    for item in src.glob(pattern):
        _publish_one(item, dest)


def _publish_one(item: Path, dest: Path) -> None:
    target = dest / item.name
    if target.exists():
        return
    dest.mkdir(parents=True, exist_ok=True)
    tmp = dest / f".{item.name}.partial-{os.getpid()}"
    try:
        try:
            os.link(item, tmp)
        except OSError:
            shutil.copyfile(item, tmp)
        os.replace(tmp, target)
    except OSError:
        pass  # the cache is an optimisation; a failed publish costs a later recompile
    finally:
        tmp.unlink(missing_ok=True)


def share_tex_live(shared: Path) -> None:
    """Consult and feed the shared TeX cache formula by formula, while the scene runs.

    Jobs running side by side then reuse each other's formulas at once rather
    than when a whole job ends. Each job still compiles in its own folder (the
    one manim cleans); only finished SVGs, named by the hash of their full TeX
    source, are linked in and out.
    """
    from manim import config
    from manim.mobject.text import tex_mobject
    from manim.utils import tex_file_writing

    original = tex_file_writing.tex_to_svg_file

    @wraps(original)
    def tex_to_svg_file(expression, environment=None, tex_template=None):
        template = tex_template or config["tex_template"]
        svg = tex_file_writing.generate_tex_file(expression, environment, template).with_suffix(".svg")
        if not svg.exists() and (shared / svg.name).exists():
            with contextlib.suppress(OSError):
                os.link(shared / svg.name, svg)
        made = original(expression, environment, template)
        _publish_one(Path(made), shared)
        return made

    tex_file_writing.tex_to_svg_file = tex_mobject.tex_to_svg_file = tex_to_svg_file


def _cache_dirs(cache_root: Path, request: RenderRequest, work: Path) -> list[tuple[Path, Path]]:
    """(shared, private) folder pairs: TeX by hash; Pango text also by frame size, since
    manim draws text onto a surface of the pixel size without putting it in the hash."""
    settings = manim_settings(request, work)
    size = f"{int(settings['pixel_width'])}x{int(settings['pixel_height'])}"
    return [(cache_root / "tex", Path(settings["tex_dir"])),
            (cache_root / "texts" / size, Path(settings["text_dir"]))]


def build_format(preamble: str, shared: Path) -> Path | None:
    """A LaTeX format with ``preamble`` preloaded (``mylatexformat``), built once into ``shared``.

    Returns the format's path without ``.fmt`` (as ``latex -fmt=`` wants it), or
    None when it cannot be built (no ``etex`` or ``mylatexformat``).
    """
    name = "preamble-" + hashlib.sha256(preamble.encode()).hexdigest()[:16]
    target = shared / f"{name}.fmt"
    if target.is_file():
        return target.with_suffix("")
    shared.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=f".build-{os.getpid()}-", dir=shared))
    try:
        (build / "preamble.tex").write_text(preamble + "\\begin{document}\\end{document}\n")
        done = subprocess.run(["etex", "-ini", "-interaction=batchmode", f"-jobname={name}", "&latex",
                               "mylatexformat.ltx", "preamble.tex"], cwd=build, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=120)
        if done.returncode != 0 or not (build / f"{name}.fmt").is_file():
            return None
        os.replace(build / f"{name}.fmt", target)
        return target.with_suffix("")
    except (OSError, subprocess.SubprocessError):
        return None
    finally:
        shutil.rmtree(build, ignore_errors=True)


def preloaded_latex(shared: Path) -> None:
    """Run ``latex`` on a format with manim's preamble already loaded.

    Loading the document class and packages is about a third of each formula's
    ``latex`` run; a format built once per preamble (in the shared cache) skips
    it and gives the same DVI. Any failure with the format falls back to plain
    ``latex`` for the rest of the job, so a stale format (after a TeX upgrade)
    can only cost time.
    """
    from manim.utils import tex_file_writing

    make_command, compile_tex = tex_file_writing.make_tex_compilation_command, tex_file_writing.compile_tex
    formats: dict[str, Path | None] = {}
    state = {"on": True}

    @wraps(make_command)
    def command(tex_compiler, output_format, tex_file, tex_dir):
        cmd = make_command(tex_compiler, output_format, tex_file, tex_dir)
        if state["on"] and tex_compiler == "latex" and output_format == ".dvi":
            preamble, found, _ = Path(tex_file).read_text().partition("\\begin{document}")
            if found:
                if preamble not in formats:
                    formats[preamble] = build_format(preamble, shared)
                if formats[preamble] is not None:
                    cmd.insert(1, f"-fmt={formats[preamble]}")
        return cmd

    @wraps(compile_tex)
    def compile_with_fallback(tex_file, tex_compiler, output_format):
        try:
            return compile_tex(tex_file, tex_compiler, output_format)
        except (ValueError, RuntimeError):  # RuntimeError: a format that does not load leaves no log
            if not state["on"]:
                raise
            state["on"] = False
            Path(tex_file).with_suffix(output_format).unlink(missing_ok=True)
            return compile_tex(tex_file, tex_compiler, output_format)

    tex_file_writing.make_tex_compilation_command = command
    tex_file_writing.compile_tex = compile_with_fallback


def _watch_parent(work: Path) -> None:
    """End this worker soon after its parent dies (a killed batch leaves no orphan render
    running), removing its folder first."""
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        shutil.rmtree(work, ignore_errors=True)
        os._exit(3)

    threading.Thread(target=watch, name="mathviz-parent-watch", daemon=True).start()


def _install_progress_hook(emit: Callable[[dict], None]) -> None:
    """Count frames as manim hands them to the encoder; report at most five times a second."""
    from manim.scene.scene_file_writer import SceneFileWriter

    original = SceneFileWriter.write_frame
    state = {"frames": 0, "last": 0.0}

    def write_frame(self, frame_or_renderer, num_frames: int = 1):
        original(self, frame_or_renderer, num_frames)
        state["frames"] += num_frames
        now = time.monotonic()
        if now - state["last"] >= 0.2:
            state["last"] = now
            emit({"frames": state["frames"]})

    SceneFileWriter.write_frame = write_frame


def _child_main() -> None:
    """Entry point of a worker process: ``python -c _CHILD WORK``.

    Reads ``WORK/job.json``, renders with :func:`mathviz.pipeline.render.run_job`, writes
    ``WORK/result.json``. Progress goes out as JSON lines on the original
    stdout; anything else the render prints is sent to stderr.
    """
    import resource

    from mathviz.pipeline.render import run_job

    work = Path(sys.argv[1])
    _watch_parent(work)
    channel = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)

    def emit(event: dict) -> None:
        try:
            channel.write(json.dumps(event) + "\n")
        except (BrokenPipeError, OSError):  # the parent is gone
            os._exit(3)

    spec = json.loads((work / "job.json").read_text())
    req = spec["request"]
    request = RenderRequest(**{**req, "params": tuple(tuple(p) for p in req["params"])})
    cache_root = Path(spec["cache"]) if spec.get("cache") else None
    pairs = _cache_dirs(cache_root, request, work) if cache_root else []
    for shared, private in pairs:
        _link_all(shared, private)
    if pairs:
        share_tex_live(pairs[0][0])
        preloaded_latex(cache_root / "formats")
    _install_progress_hook(emit)
    emit({"started": True})
    result = run_job(request, str(work), dry_run=spec.get("dry_run", False))
    if not result.error:
        for shared, private in pairs:
            _publish(private, shared)
    data = asdict(result)
    # ru_maxrss is in kilobytes on Linux (bytes on macOS)
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    data["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale, 1)
    _write_atomic(work / "result.json", json.dumps(data).encode())
    channel.close()


def _spawn_child(work: Path, request: RenderRequest, cache_root: Path | None, dry_run: bool,
                 on_event: Callable[[dict], None] | None = None,
                 register: Callable[[subprocess.Popen | None], None] | None = None) -> RenderResult:
    """Run one job in a fresh interpreter inside ``work``; returns its result (never raises
    for a failed render; a crashed process becomes an error result)."""
    (work / "job.json").write_text(json.dumps({
        "request": asdict(request), "cache": str(cache_root) if cache_root else None, "dry_run": dry_run,
    }))
    log = work / "stderr.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with open(log, "wb") as err:
        proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(work)], cwd=work, env=env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err, text=True)
        if register:
            register(proc)
        try:
            for line in proc.stdout:
                if on_event:
                    with contextlib.suppress(ValueError):
                        on_event(json.loads(line))
            code = proc.wait()
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stdout.close()
            if register:
                register(None)
    result_file = work / "result.json"
    if result_file.is_file():
        return RenderResult(**json.loads(result_file.read_text()))
    tail = [line for line in log.read_text(errors="replace").splitlines() if line.strip()][-1:]
    cause = f"render process exited with code {code}" + (f": {tail[0].strip()}" if tail else "")
    return RenderResult(request.scene_id, None, request=asdict(request), error=cause,
                        traceback=log.read_text(errors="replace"))


def _output_files(result: RenderResult) -> tuple[Path | None, Path | None]:
    if result.error or not result.path:
        return None, None
    return Path(result.path), (Path(result.subtitles) if result.subtitles else None)


def remote_render(request: RenderRequest, dry_run: bool = False) -> dict:
    """A Dask task: render ``request`` on this worker and return everything by value.

    The render runs in a fresh subprocess (manim's config is process-global, and
    Dask workers are daemons that may not fork multiprocessing children) in a
    temporary folder, with a TeX cache local to this machine. Returns the result,
    the video and subtitle bytes, the key the worker computed from *its* sources
    (the client refuses a mismatch: it would cache a file made by other code) and
    the worker's host name.
    """
    cache_root = Path(tempfile.gettempdir()) / "mathviz-cache" / f"manim-{tool_versions()['manim']}"
    work = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-"))
    try:
        result = _spawn_child(work, request, cache_root, dry_run)
        video, srt = _output_files(result)
        return {
            "result": asdict(result),
            "video": video.read_bytes() if video else None,
            "subtitles": srt.read_bytes() if srt and srt.is_file() else None,
            "key": cache_key(request), "versions": tool_versions(), "host": platform.node(),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- installing outputs ---------------------------------------------------------------------


def _move_into(src: Path, dest: Path) -> None:
    """Put ``src`` at ``dest`` atomically: a rename when both are on one file system, else a
    copy to a hidden sibling and ``os.replace``."""
    from mathviz.pipeline.render import install

    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(src, dest)
    except OSError:
        install(src, dest)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_leftovers(out: Path) -> list[Path]:
    """Remove what killed batches left: hidden ``.*.partial-PID*`` files and ``.build-PID-*``
    folders in ``out`` and work folders in the temp dir, of processes that no longer run."""
    removed = []
    candidates = []
    if Path(out).is_dir():
        candidates += [(p, p.name.split(".partial-", 1)[1]) for p in Path(out).rglob(".*.partial-*")]
        candidates += [(p, p.name[len(".build-"):]) for p in Path(out).rglob(".build-*")]
    candidates += [(p, p.name[len(WORK_PREFIX):]) for p in Path(tempfile.gettempdir()).glob(f"{WORK_PREFIX}*")]
    for path, tag in candidates:
        pid = tag.split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid() or _pid_alive(int(pid)):
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed


# --- the batch ------------------------------------------------------------------------------


class Reporter:
    """What a batch tells the user while it runs; this one says nothing.

    ``index`` is the job's position in the list given to :func:`run_batch`.
    """

    def begin(self, jobs: Sequence[Job], workers: int) -> None: ...
    def cached(self, index: int, result: RenderResult) -> None: ...
    def started(self, index: int, total_frames: int | None) -> None: ...
    def frames(self, index: int, done: int) -> None: ...
    def finished(self, index: int, result: RenderResult) -> None: ...
    def tick(self) -> None: ...
    def end(self, results: Sequence[RenderResult]) -> None: ...


@dataclass
class BatchOptions:
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    force: bool = False
    dry_run: bool = False
    scheduler: str | None = None  # a Dask scheduler address
    client: object = None  # or a ready distributed.Client (tests)


class _Interrupted(BaseException):
    pass


@contextlib.contextmanager
def _terminate_on_sigterm():
    """Turn SIGTERM into an exception in the main thread, so clean-up runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise _Interrupted(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@dataclass
class Plan:
    """What a batch will do: which jobs are cached, which run, and in what order."""

    cached: dict[int, RenderResult]  # job index -> result from the manifest
    todo: list[int]  # job indexes to render, longest expected first
    keys: dict[int, str]  # job index -> cache key (none in a dry run)
    estimates: dict[int, int | None]  # job index -> expected frames
    first_of: dict[str, int]  # output path -> the job that renders it


def plan(jobs: Sequence[Job], out: Path, *, force: bool = False, dry_run: bool = False) -> Plan:
    """Look every job up in ``out/manifest.json``; this imports no renderer and starts nothing.

    A job is cached when the manifest has an entry for its output path with the
    same key whose file is still there with the recorded sha256 (see
    :class:`Manifest`), unless ``force``. A dry run caches nothing.
    """
    out = Path(out)
    entries = {} if dry_run else Manifest(out).load()
    result = Plan({}, [], {}, {}, {})
    for i, job in enumerate(jobs):
        if job.output in result.first_of and not dry_run:  # the same output twice: render once
            continue
        result.first_of.setdefault(job.output, i)
        if not dry_run:
            result.keys[i] = cache_key(job.request)
            entry = entries.get(job.output)
            if not force and entry and entry.get("key") == result.keys[i]:
                result.cached[i] = result_from_entry(job, entry, out)
                continue
        result.todo.append(i)
    result.estimates = {i: estimate_frames(jobs[i], entries) for i in result.todo}
    # longest first (unknown lengths first of all), so the last job to start is a short one
    result.todo.sort(key=lambda i: -(result.estimates[i] or 10**9) * _pixels(jobs[i].request))
    return result


def run_batch(jobs: Iterable[Job], out: Path, options: BatchOptions | None = None,
              reporter: Reporter | None = None) -> list[RenderResult]:
    """Render ``jobs`` into ``out``, reusing cached outputs; results in the order given.

    A failing job never stops the others: its result carries ``error``. When
    every job is cached this starts no process and imports neither manim nor dask.
    """
    options = options or BatchOptions()
    reporter = reporter or Reporter()
    jobs = list(jobs)
    out = Path(out)
    results: list[RenderResult | None] = [None] * len(jobs)
    reporter.begin(jobs, options.workers)
    work = plan(jobs, out, force=options.force, dry_run=options.dry_run)
    for i, result in work.cached.items():
        results[i] = result
        reporter.cached(i, result)
    if work.todo:
        if not options.dry_run:
            sweep_leftovers(out)
        runner = _DaskRunner(options) if (options.scheduler or options.client) else _LocalRunner(options, out)
        with _terminate_on_sigterm():
            runner.run(jobs, work.todo, work.estimates, work.keys, out, results, reporter)
    for i, job in enumerate(jobs):  # duplicates share the first job's result
        if results[i] is None:
            results[i] = results[work.first_of[job.output]]
    reporter.end(results)
    return results


def _pixels(request: RenderRequest) -> int:
    settings = manim_settings(request, Path("."))
    return int(settings["pixel_width"]) * int(settings["pixel_height"])


class _Runner:
    """Submits jobs to an executor, installs what comes back, and feeds the reporter."""

    def __init__(self, options: BatchOptions):
        self.options = options
        self.events: queue.Queue = queue.Queue()

    def submit(self, index: int, job: Job) -> Future: ...

    def collect(self, index: int, job: Job, value, out: Path, key: str | None) -> RenderResult: ...

    def shutdown(self, interrupted: bool) -> None: ...

    def run(self, jobs, todo, estimates, keys, out, results, reporter) -> None:
        self.estimates = estimates
        futures: dict[Future, int] = {}
        interrupted = True
        try:
            for i in todo:
                futures[self.submit(i, jobs[i])] = i
            pending = set(futures)
            while pending:
                done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                self._drain(reporter)
                for future in done:
                    i = futures[future]
                    try:
                        result = self.collect(i, jobs[i], future.result(), out, keys.get(i))
                    except Exception as err:  # the executor lost the task (worker died)
                        result = RenderResult(jobs[i].scene_id, None, request=asdict(jobs[i].request),
                                              error=f"render task failed: {type(err).__name__}: {err}")
                    results[i] = result
                    reporter.finished(i, result)
                reporter.tick()
            self._drain(reporter)
            interrupted = False
        except _Interrupted:
            raise KeyboardInterrupt from None
        finally:
            for future in futures:
                future.cancel()
            self.shutdown(interrupted)

    def _drain(self, reporter: Reporter) -> None:
        while True:
            try:
                i, event = self.events.get_nowait()
            except queue.Empty:
                return
            if event.get("started"):
                reporter.started(i, self.estimates.get(i))
            elif "frames" in event:
                reporter.frames(i, event["frames"])

    @staticmethod
    def install(job: Job, result: RenderResult, out: Path, key: str | None, versions: dict, host: str,
                put_video: Callable[[Path], None], put_subtitles: Callable[[Path], None] | None) -> None:
        """Place the finished files in ``out`` and record them, all under the manifest lock."""
        dest = out / job.output
        srt = dest.with_suffix(".srt")

        def install() -> dict | None:
            if put_subtitles is not None:
                put_subtitles(srt)
                result.subtitles = str(srt)
            else:
                srt.unlink(missing_ok=True)  # an older render's subtitles would not match
                result.subtitles = None
            put_video(dest)
            result.path = str(dest)
            if key is None:
                return None
            return make_entry(job, result, out, key, versions, host, result.peak_memory_mb)

        Manifest(out).commit(install)


class _LocalRunner(_Runner):
    """Fresh worker processes on this machine, ``workers`` at a time, driven by threads."""

    def __init__(self, options: BatchOptions, out: Path):
        super().__init__(options)
        self.pool = ThreadPoolExecutor(max_workers=max(1, options.workers), thread_name_prefix="mathviz-job")
        self.procs: dict[int, subprocess.Popen] = {}
        self.lock = threading.Lock()
        self.works: dict[int, Path] = {}
        self.cache_root = out / ".cache" / f"manim-{tool_versions()['manim']}"
        if options.dry_run and not out.is_dir():
            self.cache_root = None  # a dry run writes nothing, not even a cache folder
        self.stopping = False

    def submit(self, index: int, job: Job) -> Future:
        return self.pool.submit(self._task, index, job)

    def _task(self, index: int, job: Job) -> RenderResult:
        if self.stopping:
            raise RuntimeError("batch interrupted")
        work = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-"))
        self.works[index] = work

        def register(proc):
            with self.lock:
                if proc is None:
                    self.procs.pop(index, None)
                else:
                    self.procs[index] = proc
                    if self.stopping:
                        proc.kill()

        return _spawn_child(work, job.request, self.cache_root, self.options.dry_run,
                            on_event=lambda event: self.events.put((index, event)), register=register)

    def collect(self, index: int, job: Job, result: RenderResult, out: Path, key: str | None) -> RenderResult:
        try:
            if self.options.dry_run:
                return result
            video, srt = _output_files(result)
            if video is None:
                return result
            has_srt = srt is not None and srt.is_file()
            self.install(job, result, out, key, tool_versions(), platform.node(),
                         lambda dest: _move_into(video, dest),
                         (lambda dest: _move_into(srt, dest)) if has_srt else None)
            return result
        finally:
            shutil.rmtree(self.works.pop(index), ignore_errors=True)

    def shutdown(self, interrupted: bool) -> None:
        if interrupted:
            self.stopping = True
            with self.lock:
                for proc in self.procs.values():
                    with contextlib.suppress(OSError):
                        proc.kill()
        self.pool.shutdown(wait=True, cancel_futures=True)
        for work in self.works.values():
            shutil.rmtree(work, ignore_errors=True)


class _DaskRunner(_Runner):
    """The same jobs on a Dask cluster, through its ``concurrent.futures`` executor.

    Workers send back the finished file's bytes, so they need no shared disk;
    they need the same mathviz sources (checked through the cache key).
    """

    def __init__(self, options: BatchOptions):
        super().__init__(options)
        if options.client is not None:
            self.client, self.own_client = options.client, False
        else:
            from distributed import Client

            self.client, self.own_client = Client(options.scheduler, timeout="20s"), True
        self.executor = self.client.get_executor(pure=False)

    def submit(self, index: int, job: Job) -> Future:
        self.events.put((index, {"started": True}))
        return self.executor.submit(remote_render, job.request, self.options.dry_run)

    def collect(self, index: int, job: Job, value: dict, out: Path, key: str | None) -> RenderResult:
        result = RenderResult(**value["result"])
        if self.options.dry_run or result.error or value["video"] is None:
            result.path = None  # a path on the worker means nothing here
            return result
        if key is not None and value["key"] != key:
            result.path = None
            result.error = (f"worker {value['host']} renders with other mathviz sources or tool versions "
                            f"({', '.join(f'{k} {v}' for k, v in value['versions'].items())}); "
                            "install the same mathviz there")
            return result
        subtitles = value["subtitles"]
        self.install(job, result, out, key, value["versions"], value["host"],
                     lambda dest: _write_atomic(dest, value["video"]),
                     (lambda dest: _write_atomic(dest, subtitles)) if subtitles is not None else None)
        return result

    def shutdown(self, interrupted: bool) -> None:
        self.executor.shutdown(wait=not interrupted)
        if self.own_client:
            self.client.close()


def connect(address: str, timeout: float = 10.0):
    """A Dask client for ``address``; raises ``OSError`` with one line when it cannot connect."""
    from distributed import Client

    try:
        return Client(address, timeout=f"{timeout}s")
    except (OSError, TimeoutError, ValueError) as err:
        raise OSError(f"cannot reach the Dask scheduler at {address!r}: {err}") from None
