"""One render, as data: a request is validated, run in its own process, installed atomically.

Manim's ``config`` is a process-wide global and its TeX cache deletes files
other processes use, so every job gets a fresh spawned process with private
media, tex and partial-movie folders under a temporary directory. The parent
moves finished files into the output folder with ``os.replace``: a reader
sees either the old file or the whole new one, never a partial one.

Nothing here imports manim at module level; only :func:`run_job` (in the
worker process) does.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path
from typing import Iterable

from mathviz.kit import registry
from mathviz.kit.params import ParamError, param_fields, parse_params
from mathviz.kit.theme import ASPECTS, DEFAULT_ASPECT, DEFAULT_THEME, THEMES, frame_geometry

# name: (folder, short side in pixels, frames per second), as manim's -ql/-qm/-qh/-qk
QUALITIES = {
    "low": ("480p15", 480, 15),
    "medium": ("720p30", 720, 30),
    "high": ("1080p60", 1080, 60),
    "4k": ("2160p60", 2160, 60),
}
FORMATS = ("mp4", "gif", "webm", "mov", "png")
# A GIF is for slides and chat: at most 480p and 15 frames/s whatever the quality, 128 colours.
GIF_SHORT_SIDE, GIF_FPS, GIF_COLOURS = 480, 15, 128
# The x264 preset of every MP4 manim writes (its own default is "medium"). Measured on
# limit-of-secants at 1080p60, at manim's CRF 23, against a lossless encode of the same frames:
# medium 76 s of CPU, PSNR 46.6 dB, 0.96 MB; superfast 51 s, 47.3 dB, 1.36 MB. manim's content
# (flat colours, thin lines) loses nothing to the faster search, and encoding was half the work.
X264_PRESET = "superfast"


class InputError(ValueError):
    """Bad user input: reported in one line, exit code 2, nothing written."""


@dataclass(frozen=True)
class RenderRequest:
    """Everything that decides the pixels of one output."""

    scene_id: str
    params: tuple[tuple[str, str], ...] = ()  # user values as text, sorted by name
    quality: str = "high"
    fmt: str = "mp4"
    seed: int | None = None
    theme: str = DEFAULT_THEME
    aspect: str = DEFAULT_ASPECT
    transparent: bool = False

    @classmethod
    def make(cls, scene_id: str, params: dict[str, str] | None = None, **settings) -> "RenderRequest":
        return cls(scene_id, tuple(sorted((params or {}).items())), **settings)


@dataclass(frozen=True)
class Job:
    """A request that passed validation, with where its output goes (relative to ``out``)."""

    request: RenderRequest
    output: str

    @property
    def scene_id(self) -> str:
        return self.request.scene_id


def validate(request: RenderRequest) -> Job:
    """Check every input of ``request``; raise :class:`InputError` with one line on the first fault."""
    try:
        spec = registry.get(request.scene_id)
    except registry.UnknownScene as err:
        raise InputError(str(err)) from None
    if request.quality not in QUALITIES:
        raise InputError(f"unknown quality {request.quality!r}: choose one of {', '.join(QUALITIES)}")
    if request.fmt not in FORMATS:
        raise InputError(f"unknown format {request.fmt!r}: choose one of {', '.join(FORMATS)}")
    if request.theme not in THEMES:
        raise InputError(f"unknown theme {request.theme!r}: choose one of {', '.join(THEMES)}")
    if request.aspect not in ASPECTS:
        raise InputError(f"unknown aspect {request.aspect!r}: choose one of {', '.join(ASPECTS)}")
    if request.transparent and request.fmt not in ("mov", "webm", "png"):
        raise InputError("--transparent needs --format mov, webm or png (mp4 and gif have no alpha)")
    params = dict(request.params)
    if request.seed is not None and "seed" in param_fields(spec.params) and "seed" not in params:
        params["seed"] = str(request.seed)
    try:
        parse_params(spec.params, params)
    except ParamError as err:
        raise InputError(f"{spec.id}: {err}") from None
    request = replace(request, params=tuple(sorted(params.items())))
    return Job(request, output_path(request))


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.=+-]+", "_", text).strip("_")


def output_path(request: RenderRequest) -> str:
    """``<quality folder>/<id>[--variant].<ext>``; the default variant has no suffix.

    Other parameters, themes, aspects or seeds get a readable suffix plus a short
    hash, so no variant ever overwrites another.
    """
    folder = QUALITIES[request.quality][0]
    parts = []
    if request.params:
        readable = _slug(",".join(f"{k}={v}" for k, v in request.params))[:48]
        digest = hashlib.sha256(repr(request.params).encode()).hexdigest()[:8]
        parts.append(f"{readable}-{digest}")
    if request.theme != DEFAULT_THEME:
        parts.append(request.theme)
    if request.aspect != DEFAULT_ASPECT:
        parts.append(request.aspect.replace(":", "x"))
    if request.seed is not None:
        parts.append(f"seed{request.seed}")
    if request.transparent:
        parts.append("alpha")
    name = request.scene_id + "".join(f"--{p}" for p in parts)
    return f"{folder}/{name}.{request.fmt}"


@dataclass
class RenderResult:
    id: str
    path: str | None  # final output, None on failure
    seconds: float = 0.0  # length of the video
    frames: int = 0
    render_seconds: float = 0.0
    cached: bool = False
    subtitles: str | None = None
    request: dict = field(default_factory=dict)
    beats: list = field(default_factory=list)
    layout_report: list = field(default_factory=list)  # what left the frame, per beat (mathviz.kit.layout)
    peak_memory_mb: float | None = None  # the worker process's peak resident memory
    error: str | None = None
    traceback: str | None = None

    def public(self) -> dict:
        data = asdict(self)
        data.pop("traceback")
        return data


# --- the worker: runs in its own process ----------------------------------------------------


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


def manim_settings(request: RenderRequest, work: Path, *, dry_run: bool = False) -> dict:
    """The manim config for one job, all of its folders inside ``work``."""
    _, short_side, fps = QUALITIES[request.quality]
    if request.fmt == "gif":
        short_side, fps = min(short_side, GIF_SHORT_SIDE), min(fps, GIF_FPS)
    movie = request.fmt != "png"
    # manim writes an mp4 for a GIF too: write_gif makes the GIF (manim's own drops the
    # background from its palette, dithers every frame and misses 15 fps: 1.8 MB a second)
    ext = request.fmt if request.fmt not in ("png", "gif") else "mp4"
    return {
        **frame_geometry(request.aspect, short_side),
        "frame_rate": fps,
        "media_dir": str(work / "media"),
        "tex_dir": str(work / "tex"),
        "text_dir": str(work / "texts"),
        "partial_movie_dir": str(work / "partial"),
        "output_file": str(work / f"scene.{ext}"),
        "format": ext,
        "write_to_movie": movie and not dry_run,
        "save_last_frame": not movie and not dry_run,
        "transparent": request.transparent,
        "disable_caching": True,
        "dry_run": dry_run,
        "progress_bar": "none",
        "verbosity": "ERROR",
        "preview": False,
    }


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


def _count_frames(path: Path) -> tuple[int, float]:
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for packet in container.demux(stream) if packet.size)
        rate = float(stream.average_rate or stream.guessed_rate or 0)
    return frames, (frames / rate if rate else 0.0)


def write_gif(video: Path, gif: Path, colours: int = GIF_COLOURS) -> Path:
    """Convert ``video`` to a GIF that loops forever; returns ``gif``.

    Two passes over the file, so no frame is held in memory: ffmpeg's
    ``palettegen`` over every pixel of every frame (the background included),
    then ``paletteuse`` without dithering (a dither pattern changes from frame
    to frame and defeats the GIF encoder's rectangle-of-change compression).
    GIF delays are whole hundredths of a second: frames get 7, 7, 6, ...
    hundredths so that 15 frames/s keep their true pace on average.
    """
    from fractions import Fraction

    import av

    with av.open(str(video)) as source:
        stream = source.streams.video[0]
        graph = av.filter.Graph()
        feed, sink = graph.add_buffer(template=stream), graph.add("buffersink")
        palettegen = graph.add("palettegen", f"stats_mode=full:max_colors={colours}")
        feed.link_to(palettegen)
        palettegen.link_to(sink)
        graph.configure()
        for frame in source.decode(stream):
            feed.push(frame)
        feed.push(None)
        palette = graph.pull()
    centis = Fraction(1, 100)
    with av.open(str(video)) as source, av.open(str(gif), "w", format="gif") as target:
        stream = source.streams.video[0]
        fps = Fraction(stream.average_rate or GIF_FPS)
        out = target.add_stream("gif", rate=fps)
        out.width, out.height, out.pix_fmt = stream.codec_context.width, stream.codec_context.height, "pal8"
        out.codec_context.time_base = centis
        graph = av.filter.Graph()
        feed, sink = graph.add_buffer(template=stream), graph.add("buffersink")
        palette_feed = graph.add_buffer(width=palette.width, height=palette.height, format=palette.format.name,
                                        time_base=Fraction(1, 1))
        paletteuse = graph.add("paletteuse", "dither=none:diff_mode=rectangle")
        feed.link_to(paletteuse, 0, 0)
        palette_feed.link_to(paletteuse, 0, 1)
        paletteuse.link_to(sink)
        graph.configure()
        palette.pts = 0
        palette_feed.push(palette)
        palette_feed.push(None)  # one palette for the whole clip
        written = 0

        def drain():
            nonlocal written
            while True:
                try:
                    frame = graph.pull()
                except (av.error.BlockingIOError, av.error.EOFError):
                    return
                frame.pts, frame.time_base = round(written * 100 / fps), centis
                written += 1
                target.mux(out.encode(frame))

        for frame in source.decode(stream):
            feed.push(frame)
            drain()
        feed.push(None)
        drain()
        target.mux(out.encode())
    return gif


def build_scene(request: RenderRequest, work: Path, dry_run: bool = False):
    """Configure manim for ``request`` and render the scene in *this* process; returns the scene.

    Only worker processes call this directly, and tests inside ``manim.tempconfig``
    (to inspect the finished scene's mobjects against the core).
    """
    from manim.renderer.cairo_renderer import CairoRenderer

    spec = registry.get(request.scene_id)
    params = parse_params(spec.params, dict(request.params))
    _configure(manim_settings(request, Path(work), dry_run=dry_run))
    scene_class = spec.load()
    # A dry run jumps each animation to its end (one update, no in-between frames):
    # the end states are what the picture and layout checks look at.
    renderer = CairoRenderer(file_writer_class=_file_writer_class(), skip_animations=dry_run,
                             camera_class=getattr(scene_class, "camera_class", None))  # None: manim's 2D camera
    scene = scene_class(params=params, theme=request.theme, seed=request.seed, skip_animations=dry_run,
                        renderer=renderer)
    scene.render()
    return scene


def _file_writer_class():
    """manim's file writer, encoding H.264 with :data:`X264_PRESET`."""
    from manim.scene.scene_file_writer import SceneFileWriter

    class FileWriter(SceneFileWriter):
        def open_partial_movie_stream(self, file_path=None) -> None:
            super().open_partial_movie_stream(file_path)
            # the codec opens at the first frame: options set now still apply (manim 0.21)
            context = self._current_encode_job.stream.codec_context
            if context.name == "libx264":
                context.options = {**context.options, "preset": X264_PRESET}

    return FileWriter


def run_job(request: RenderRequest, work: str, dry_run: bool = False) -> RenderResult:
    """Render ``request`` inside ``work`` (called in a fresh process). Never raises."""
    work = Path(work)
    started = time.perf_counter()
    result = RenderResult(request.scene_id, None, request=asdict(request))
    try:
        scene = build_scene(request, work, dry_run)
        result.beats = [asdict(b) for b in scene.beats]
        result.layout_report = list(scene.layout_report)
        writer = scene.renderer.file_writer
        if dry_run:
            result.seconds = float(scene.time)
        elif request.fmt == "png":
            result.path, result.frames = str(writer.image_file_path), 1
        else:
            movie = Path(writer.movie_file_path)
            result.frames, result.seconds = _count_frames(movie)
            if request.fmt == "gif":
                movie = write_gif(movie, work / "scene.gif")
            result.path = str(movie)
            srt = Path(manim_settings(request, work)["output_file"]).with_suffix(".srt")
            result.subtitles = str(srt) if srt.exists() else None
    except Exception as err:  # reported to the user as one line; traceback kept for --verbose
        result.path = None
        result.error = _latex_cause(work) or f"{type(err).__name__}: {str(err).strip().splitlines()[0] if str(err).strip() else ''}"
        result.traceback = traceback.format_exc()
    result.render_seconds = round(time.perf_counter() - started, 3)
    return result


# --- the parent: isolation and atomic installation ------------------------------------------


def install(src: Path, dest: Path) -> None:
    """Copy ``src`` to ``dest`` atomically: a temporary sibling, then ``os.replace``."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.partial-{os.getpid()}")
    try:
        shutil.copyfile(src, tmp)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def _finish(job: Job, result: RenderResult, out: Path) -> RenderResult:
    """Move a worker's files from its private folder into ``out``."""
    if result.error or result.path is None:
        return result
    dest = out / job.output
    subtitles = None
    if result.subtitles:
        subtitles = dest.with_suffix(".srt")
        install(Path(result.subtitles), subtitles)
    install(Path(result.path), dest)
    result.path, result.subtitles = str(dest), (str(subtitles) if subtitles else None)
    return result


def executor(jobs: int) -> ProcessPoolExecutor:
    """Fresh spawned process per job: no manim state leaks from one render to the next."""
    return ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"), max_tasks_per_child=1)


def render_jobs(jobs: Iterable[Job], out: Path, workers: int = 1, dry_run: bool = False) -> list[RenderResult]:
    """Render validated jobs, ``workers`` at a time, each in its own process and folder."""
    jobs = list(jobs)
    out = Path(out)
    results: list[RenderResult] = []
    with executor(workers) as pool:
        dirs = [tempfile.mkdtemp(prefix=f"mathviz-{job.scene_id}-") for job in jobs]
        try:
            futures = [pool.submit(run_job, job.request, d, dry_run) for job, d in zip(jobs, dirs)]
            for job, future in zip(jobs, futures):
                try:
                    result = future.result()
                except Exception as err:  # the worker process died (killed, out of memory)
                    result = RenderResult(job.scene_id, None, request=asdict(job.request),
                                          error=f"render process failed: {type(err).__name__}: {err}")
                results.append(result if dry_run else _finish(job, result, out))
        finally:
            for d in dirs:
                shutil.rmtree(d, ignore_errors=True)
    return results
