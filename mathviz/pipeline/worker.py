"""The worker: one job in one fresh process, with private media and TeX folders.

Manim's ``config`` is a process-wide global and its TeX cache deletes files
other processes use, so every job (a render or a still) runs in a fresh
Python process (``python -c CHILD WORK``) with its own folders under ``WORK``.
The parent reads the result back from ``WORK/result.json``; finished files are
moved into the output folder atomically (:mod:`mathviz.files`).

Nothing here imports manim at module level; only the child does.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import asdict
from pathlib import Path
from typing import Callable, Iterable

from mathviz import files
from mathviz.errors import InputError
from mathviz.kit import registry
from mathviz.kit.params import parse_params
from mathviz.media import count_frames, write_gif, x264_options
from mathviz.pipeline.request import Job, RenderRequest, RenderResult, manim_settings
from mathviz.pipeline.texcache import cache_dirs, link_all, preloaded_latex, publish, share_tex_live

WORK_PREFIX = "mathviz-job-"

def _configure(settings: dict) -> None:
    """Apply ``settings`` to manim's config, refusing keys it does not know.

    ``tempconfig`` silently drops unknown keys; a typo here must fail loudly.
    """
    from manim import config

    unknown = sorted(k for k in settings
                     if k not in config._OPTS and not isinstance(getattr(type(config), k, None), property))
    if unknown:
        raise KeyError(f"unknown manim config keys: {', '.join(unknown)}")
    for key, value in settings.items():
        config[key] = value


def _latex_cause(work: Path) -> str | None:
    """The formula and first LaTeX error of a failed compile, from the job's tex folder."""
    for log in sorted((work / "tex").glob("*.log")):
        lines = log.read_text(errors="replace").splitlines()
        errors = [line for line in lines if line.startswith("!")]
        if not errors:
            continue
        source = log.with_suffix(".tex")
        formula = ""
        if source.exists():
            body = source.read_text(errors="replace")
            match = re.search(r"\\begin\{document\}(.*)\\end\{document\}", body, re.S)
            formula = " ".join((match.group(1) if match else body).split())
            formula = formula.replace(r"\begin{center}", "").replace(r"\end{center}", "").strip()
        return f"LaTeX error in formula {formula!r}: {errors[0].lstrip('! ')}"
    return None


def load_scene_class(request: RenderRequest):
    """The scene class of ``request``: a catalogue scene, or a class in the user's file.

    A user's file is imported as a script would be: its folder first on
    ``sys.path``, so modules beside it import by name.
    """
    if not request.source:
        return registry.get(request.scene_id).load()
    import importlib.util

    from manim import Scene

    path_text, _, cls_name = request.source.rpartition(":")
    path = Path(path_text)
    folder = str(path.parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    name = "mathviz_scene_" + hashlib.sha256(str(path).encode()).hexdigest()[:12]
    module = sys.modules.get(name)
    if module is None:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses and pickling look the module up by name
        try:
            spec.loader.exec_module(module)
        except BaseException:
            sys.modules.pop(name, None)
            raise
    cls = getattr(module, cls_name, None)
    if not (isinstance(cls, type) and issubclass(cls, Scene)):
        raise InputError(f"{path}: {cls_name} is not a manim Scene subclass")
    return cls


# Where synthesised speech is cached (set by the child from the output folder's cache).
SPEECH_DIR: Path | None = None


class Speaker:
    """What a kit scene asks at each beat: ``speaker(index, name, narration)`` gives the beat's
    speech as ``(path or None, seconds)``: the lecturer's take when there is one, else the
    voice's synthesis (cached per sentence), else nothing (paced for reading)."""

    def __init__(self, request: RenderRequest, cache_dir: Path):
        from mathviz.pipeline.narration import parse_voice

        from mathviz.pipeline.request import take_name

        self.voice, self.cache_dir = parse_voice(request.voice), Path(cache_dir)
        self.scene_id = take_name(request)  # the folder of this scene's takes
        self.missing: list[str] = []  # recording paths of beats without a take

    def __call__(self, index: int, name: str, narration: str) -> tuple[str | None, float]:
        from mathviz.pipeline.narration import recording_path, speech_seconds

        if not narration.strip():
            return None, 0.0
        if self.voice.kind == "recorded":
            take = self.voice.take(self.scene_id, index, name)
            if take is not None:
                return str(take), speech_seconds(take)
            self.missing.append(recording_path(self.scene_id, index, name))
            if not self.voice.synthesises:
                return None, 0.0
        clip = self.voice.synthesise(narration, self.cache_dir)
        return str(clip), speech_seconds(clip)


def narration_track(beats, length: float):
    """The video's sound: every beat's speech (silence trimmed) from the beat's start, mixed
    into one track of ``length`` seconds and normalised to EBU R128 (-16 LUFS, true peak under -1
    dBTP: the limiter aims at -1.5, since AAC coding lifts decoded peaks by about 0.1 to 0.2 dB)."""
    from mathviz.media.audio import RATE, mix, normalise_loudness, read_audio, trim_silence

    clips = [(b.start, trim_silence(read_audio(b.audio, RATE), RATE)) for b in beats if getattr(b, "audio", None)]
    return normalise_loudness(mix(clips, length, RATE), RATE, peak_dbtp=-1.5), RATE


def is_kit_scene(cls) -> bool:
    from mathviz.kit.scene import MathvizScene

    return isinstance(cls, type) and issubclass(cls, MathvizScene)


def make_scene(request: RenderRequest, work: Path, *, dry_run: bool = False, skip_animations: bool | None = None,
               settings: dict | None = None, wrap=None, **kwargs):
    """Configure manim for ``request`` (this process only) and build its scene, not yet rendered.

    The one place a scene object is made, for renders, stills and checks.
    ``dry_run`` draws no file; ``skip_animations`` (default: ``dry_run``)
    jumps each animation to its end (one update, no in-between frames).
    ``wrap`` may subclass the scene class first (the still's recorder).
    """
    cls = load_scene_class(request)
    _configure({**manim_settings(request, Path(work), dry_run=dry_run), **(settings or {})})
    if wrap is not None:
        cls = wrap(cls)
    skip = dry_run if skip_animations is None else skip_animations
    if is_kit_scene(cls):
        params = parse_params(cls.Params, dict(request.params)) if cls.Params else None
        kwargs.update(params=params, theme=request.theme, seed=request.seed)
        if request.voice != "none":
            kwargs["speaker"] = Speaker(request, SPEECH_DIR or Path(work) / "speech")
    renderer = _renderer_class()(file_writer_class=_file_writer_class(), skip_animations=skip,
                                 camera_class=getattr(cls, "camera_class", None))  # None: manim's 2D camera
    return cls(renderer=renderer, skip_animations=skip, **kwargs)


def _renderer_class():
    """manim's Cairo renderer, drawing nothing for animations it skips.

    While ``skip_animations`` is on, manim writes no frame, yet each ``play`` still drew
    the static mobjects, then the moving ones over them, for a frame it threw away: about
    a fifth of a dry run. A picture asked for on purpose (a still, the check's beat ends,
    manim's last frame) is a full redraw, ``mobjects=None``, and is drawn as before.
    """
    from manim.renderer.cairo_renderer import CairoRenderer

    class Renderer(CairoRenderer):
        def save_static_frame_data(self, scene, static_mobjects):
            if self.skip_animations:
                self.static_image = None
                return None
            return super().save_static_frame_data(scene, static_mobjects)

        def update_frame(self, scene, mobjects=None, *args, **kwargs):
            if self.skip_animations and mobjects is not None:  # moving parts of a frame not written
                return None
            return super().update_frame(scene, mobjects, *args, **kwargs)

    return Renderer


def build_scene(request: RenderRequest, work: Path, dry_run: bool = False):
    """Configure manim for ``request`` and render the scene in *this* process; returns the scene.

    Only worker processes call this directly, and tests inside ``manim.tempconfig``
    (to inspect the finished scene's mobjects against the core).
    """
    scene = make_scene(request, work, dry_run=dry_run)
    scene.render()
    return scene


def _file_writer_class():
    """manim's file writer, encoding H.264 with mathviz's x264 options (:func:`mathviz.media.x264_options`)."""
    from manim.scene.scene_file_writer import SceneFileWriter

    class FileWriter(SceneFileWriter):
        def open_partial_movie_stream(self, file_path=None) -> None:
            super().open_partial_movie_stream(file_path)
            # the codec opens at the first frame: options set now still apply (manim 0.21)
            context = self._current_encode_job.stream.codec_context
            if context.name == "libx264":
                context.options = {**context.options, **x264_options()}

    return FileWriter


def run_job(request: RenderRequest, work: str, dry_run: bool = False) -> RenderResult:
    """Render ``request`` inside ``work`` (called in a fresh process). Never raises."""
    work = Path(work)
    started = time.perf_counter()
    result = RenderResult(request.scene_id, None, request=asdict(request))
    try:
        scene = build_scene(request, work, dry_run)
        result.beats = [asdict(b) for b in getattr(scene, "beats", [])]
        result.layout_report = list(getattr(scene, "layout_report", []))
        writer = scene.renderer.file_writer
        if dry_run:
            result.seconds = float(scene.time)
        elif request.fmt == "png":
            result.path, result.frames = str(writer.image_file_path), 1
        else:
            movie = Path(writer.movie_file_path)
            result.frames, result.seconds = count_frames(movie)
            if request.fmt == "gif":
                movie = write_gif(movie, work / "scene.gif")
            speaker = getattr(scene, "speaker", None)
            if speaker is not None:
                from mathviz.media.audio import mux_audio

                samples, rate = narration_track(scene.beats, result.seconds)
                movie = mux_audio(movie, samples, rate, movie.with_name(f"narrated{movie.suffix}"))
                result.missing_takes = list(speaker.missing)
            result.path = str(movie)
            srt = Path(manim_settings(request, work)["output_file"]).with_suffix(".srt")
            result.subtitles = str(srt) if srt.exists() else None
    except Exception as err:  # reported to the user as one line; traceback kept for --verbose
        result.path = None
        result.error = _latex_cause(work) or f"{type(err).__name__}: {str(err).strip().splitlines()[0] if str(err).strip() else ''}"
        result.traceback = traceback.format_exc()
    result.render_seconds = round(time.perf_counter() - started, 3)
    return result



_CHILD = "from mathviz.pipeline.worker import child_main; child_main()"


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


def inspect_task(spec: dict, work: Path, request: RenderRequest) -> dict:
    """Import a user's scene file (in this worker) and say what it is: a kit scene with its
    parameters checked, or a plain manim scene. ``error`` is a one-line input error."""
    from mathviz.kit.params import ParamError, describe

    path = request.source.rpartition(":")[0]
    try:
        cls = load_scene_class(request)
    except InputError as err:
        return {"error": str(err)}
    except BaseException as err:  # the user's module failed while importing: name its line
        frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename == path]
        where = f"{path}:{frames[-1].lineno}" if frames else path
        message = str(err).strip().splitlines()[0] if str(err).strip() else ""
        return {"error": f"{where}: importing it failed: {type(err).__name__}: {message}".rstrip(": "),
                "traceback": traceback.format_exc()}
    kit = is_kit_scene(cls)
    found = {"kit": kit, "title": getattr(cls, "title", "") or cls.__name__, "params": {}, "error": None}
    if kit and cls.Params is not None:
        found["params"] = describe(cls.Params)
        try:
            parse_params(cls.Params, dict(request.params))
        except ParamError as err:
            found["error"] = str(err)
    elif request.params:
        kind = "a plain manim Scene" if not kit else "a MathvizScene without Params"
        found["error"] = f"{cls.__name__} is {kind}: it takes no parameters (drop -p)"
    return found


def _render_task(spec: dict, work: Path, request: RenderRequest) -> dict:
    return asdict(run_job(request, str(work), dry_run=spec.get("dry_run", False)))


def _task(name: str):
    if name in ("still", "check"):
        # imported by name, not by an import statement: the cache key follows this module's
        # imports, and neither a still's nor a check's code changes a rendered pixel
        return getattr(importlib.import_module(f"mathviz.pipeline.{name}"), f"{name}_task")
    return {"render": _render_task, "inspect": inspect_task}[name]


def child_main() -> None:
    """Entry point of a worker process: ``python -c _CHILD WORK``.

    Reads ``WORK/job.json`` (``task``: render, still or inspect, with its
    request), runs it, writes ``WORK/result.json``. Progress goes out as JSON
    lines on the original stdout; anything else the job prints goes to stderr.
    """
    import resource

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
    task = spec.get("task", "render")
    request = RenderRequest.from_dict(spec["request"])
    cache_root = Path(spec["cache"]) if spec.get("cache") else None
    global SPEECH_DIR
    SPEECH_DIR = cache_root.parent / "speech" if cache_root else None
    pairs = cache_dirs(cache_root, request, work) if cache_root else []
    if task == "check":  # it changes frame sizes: text (cached per size) stays private, TeX is shared
        pairs = pairs[:1]
    for shared, private in pairs:
        link_all(shared, private)
    if pairs:
        share_tex_live(pairs[0][0])
        preloaded_latex(cache_root / "formats")
    if task == "render":
        _install_progress_hook(emit)
    emit({"started": True})
    data = _task(task)(spec, work, request)
    if not data.get("error"):
        for shared, private in pairs:
            publish(private, shared)
    # ru_maxrss is in kilobytes on Linux (bytes on macOS)
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    data["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale, 1)
    files.write_bytes(work / "result.json", json.dumps(data).encode())
    channel.close()


def run_in_child(work: Path, spec: dict, on_event: Callable[[dict], None] | None = None,
                 register: Callable[[subprocess.Popen | None], None] | None = None) -> dict:
    """Run one task in a fresh interpreter inside ``work``; returns its result as a dict.

    A process that died without a result gives ``{"crashed": True, "error": ..., "traceback": ...}``.
    """
    if spec.get("cache"):  # the child runs inside ``work``: a relative cache would land there, and go with it
        spec = {**spec, "cache": str(Path(spec["cache"]).resolve())}
    (work / "job.json").write_text(json.dumps(spec))
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
        return json.loads(result_file.read_text())
    text = log.read_text(errors="replace")
    tail = [line for line in text.splitlines() if line.strip()][-1:]
    cause = f"{spec.get('task', 'render')} process exited with code {code}" + (f": {tail[0].strip()}" if tail else "")
    return {"crashed": True, "error": cause, "traceback": text}


def spawn_child(work: Path, request: RenderRequest, cache_root: Path | None, dry_run: bool,
                on_event: Callable[[dict], None] | None = None,
                register: Callable[[subprocess.Popen | None], None] | None = None) -> RenderResult:
    """Render one job in a fresh interpreter inside ``work``; returns its result (never raises
    for a failed render; a crashed process becomes an error result)."""
    data = run_in_child(work, {"task": "render", "request": asdict(request),
                               "cache": str(cache_root) if cache_root else None, "dry_run": dry_run},
                        on_event, register)
    if data.pop("crashed", False):
        return RenderResult(request.scene_id, None, request=asdict(request), error=data["error"],
                            traceback=data["traceback"])
    return RenderResult(**data)


_INSPECTED: dict[tuple, dict] = {}


def inspect_file_scene(request: RenderRequest) -> dict:
    """What the user's scene file of ``request`` holds (see :func:`inspect_task`), asked of a
    fresh worker process once per file version and parameters."""
    path = Path(request.source.rpartition(":")[0])
    stat = path.stat()
    memo = (request.source, stat.st_mtime_ns, stat.st_size, request.params)
    if memo not in _INSPECTED:
        work = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-"))
        try:
            data = run_in_child(work, {"task": "inspect", "request": asdict(request)})
        finally:
            shutil.rmtree(work, ignore_errors=True)
        if data.get("crashed"):
            data["error"] = f"{path}: {data['error']}"
        _INSPECTED[memo] = data
    return _INSPECTED[memo]


def output_files(result: RenderResult) -> tuple[Path | None, Path | None]:
    if result.error or not result.path:
        return None, None
    return Path(result.path), (Path(result.subtitles) if result.subtitles else None)


def _finish(job: Job, result: RenderResult, out: Path) -> RenderResult:
    """Move a worker's files from its private folder into ``out``."""
    if result.error or result.path is None:
        return result
    dest = out / job.output
    subtitles = None
    if result.subtitles:
        subtitles = dest.with_suffix(".srt")
        files.install(Path(result.subtitles), subtitles)
    files.install(Path(result.path), dest)
    result.path, result.subtitles = str(dest), (str(subtitles) if subtitles else None)
    return result



def render_jobs(jobs: Iterable[Job], out: Path, workers: int = 1, dry_run: bool = False) -> list[RenderResult]:
    """Render validated jobs one after another, each in its own process and folder, without
    the batch's cache or manifest (tests and tools that want exactly one fresh render)."""
    results: list[RenderResult] = []
    for job in jobs:
        work = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-"))
        try:
            result = spawn_child(work, job.request, None, dry_run)
            results.append(result if dry_run else _finish(job, result, Path(out)))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return results
