"""Stills: one exact frame of a scene as a PNG, with the layout report of that moment.

``mathviz still ID`` writes the last frame; ``--beat N`` the end of beat N
(the picture a presenter pauses on); ``--at SECONDS`` the frame a viewer of
the video sees at that time.

How, without rendering the whole video:

1. **scan**: the scene runs with every animation skipped (each ``play`` or
   ``wait`` jumps to its end, as manim's ``-s`` does). A recording subclass
   notes every animation's length in frames and its beat, so the scan knows the
   video's length and where each beat ends. A still of a beat's end, or of
   the last frame, is taken during the scan itself: the camera draws the scene
   once at that moment.
2. **one animation** (``--at`` only): the scene runs again with manim's
   ``from_animation_number``/``upto_animation_number`` set to the animation
   holding the requested frame: the animations before it are fast-forwarded,
   only its own frames are drawn (not encoded), and the frame whose number
   matches is kept.

Frame numbers follow manim's own arithmetic (``np.arange(0, run_time, 1/fps)``
frames per animation, ``int(duration * fps)`` for a still wait), so ``--at t``
is frame ``floor(t * fps)`` of the video ``mathviz render`` writes at the
same quality. A ``wait`` with a ``stop_condition`` may end early in a real
render; the scan cannot know, so such scenes may drift by those frames.

Every still runs in its own spawned process with private media and TeX
folders (TeX and text come from the shared cache of ``<out>/.cache`` that
renders fill) and the PNG is moved into place atomically.
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from mathviz import files
from mathviz.pipeline.request import QUALITIES, InputError, Job, RenderRequest, output_path, validate
from mathviz.media import save_png
from mathviz.pipeline.cachekey import tool_versions
from mathviz.pipeline.worker import WORK_PREFIX, _latex_cause, make_scene, run_in_child

STILLS = "stills"


@dataclass(frozen=True)
class StillJob:
    """A validated still: the render request (format png), which moment, and where it goes."""

    request: RenderRequest
    at: float | None = None  # seconds into the video
    beat: int | None = None  # 1-based: the end of that beat
    output: str = ""

    @property
    def scene_id(self) -> str:
        return self.request.scene_id

    @property
    def moment(self) -> str:
        """Readable name of the moment: ``end``, ``beat3`` or ``t2.5``."""
        if self.beat is not None:
            return f"beat{self.beat}"
        if self.at is not None:
            return f"t{self.at:g}"
        return "end"


@dataclass
class StillResult:
    id: str
    path: str | None
    moment: str = "end"
    at: float | None = None  # the time of the frame, in seconds of the video
    frame: int | None = None  # its number in the video (None: a beat's or the scene's finished state)
    beat: int | None = None  # 1-based beat the still shows (None when the scene has no beats)
    beat_name: str | None = None
    seconds: float = 0.0  # length of the whole video
    width: int = 0
    height: int = 0
    overflow: list = field(default_factory=list)  # the layout report of this frame
    layout_report: list = field(default_factory=list)  # the report of every beat's end (from the scan)
    beats: list = field(default_factory=list)  # [{"name", "start", "end"}] in video seconds
    render_seconds: float = 0.0
    request: dict = field(default_factory=dict)
    input_error: bool = False  # the moment does not exist in this scene: exit 2
    error: str | None = None
    traceback: str | None = None

    def public(self) -> dict:
        data = asdict(self)
        data.pop("traceback")
        data.pop("input_error")
        return data


def validate_still(request: RenderRequest, at: float | None = None, beat: int | None = None) -> StillJob:
    """Check a still's inputs that need no scene run; raise :class:`InputError` with one line.

    ``--at`` past the end and ``--beat`` past the last beat are found by the
    scan in the worker (they need the scene's timeline).

    >>> job = validate_still(RenderRequest.make("limit-of-secants", quality="low"), beat=2)
    >>> job.output, job.request.fmt
    ('stills/480p15/limit-of-secants--beat2.png', 'png')
    >>> validate_still(RenderRequest.make("limit-of-secants"), at=-1)
    Traceback (most recent call last):
    ...
    mathviz.errors.InputError: --at -1: a time in seconds from 0 to the scene's length, e.g. --at 2.5
    """
    if at is not None and beat is not None:
        raise InputError("give --at SECONDS or --beat N, not both")
    if at is not None and (not math.isfinite(at) or at < 0):
        raise InputError(f"--at {at:g}: a time in seconds from 0 to the scene's length, e.g. --at 2.5")
    if beat is not None and beat < 1:
        raise InputError(f"--beat {beat}: beats count from 1 (the first beat); e.g. --beat 1")
    job: Job = validate(replace(request, fmt="png"))
    still = StillJob(job.request, at, beat)
    return replace(still, output=still_path(still))


def still_path(job: StillJob) -> str:
    """``stills/<quality folder>/<id>[--variant]--<moment>.png``, beside the renders' names."""
    folder, name = output_path(replace(job.request, fmt="png")).split("/", 1)
    return f"{STILLS}/{folder}/{name[: -len('.png')]}--{job.moment}.png"


# --- the scene's timeline -------------------------------------------------------------------


@dataclass(frozen=True)
class Animation:
    """One ``play``/``wait`` call as the video sees it."""

    index: int  # manim's animation number (counts plays and waits from 0)
    start: int  # first frame
    frames: int
    beat: int  # 1-based beat it belongs to; 0 before the first beat


def _recording(cls):
    """A subclass of scene class ``cls`` that records its timeline and can take one picture.

    ``shot`` chooses the moment: ``("beat", n)`` at the close of beat ``n``,
    ``("end",)`` after the last animation, ``("frame", k, index)`` the frame
    ``index`` drawn during animation number ``k`` (a run that draws frames).
    """
    from mathviz.kit.scene import frames_of  # manim's frame arithmetic (this runs in a worker)

    class Recording(cls):
        def __init__(self, *args, shot=None, fps=15.0, **kwargs):
            self._shot_at, self._fps = shot, float(fps)
            self._timeline: list[Animation] = []
            self._next_frame = 0
            self.shot: np.ndarray | None = None
            self.shot_overflow: list[str] = []
            super().__init__(*args, **kwargs)
            if shot and shot[0] == "frame":
                self._watch_frames(shot[1], shot[2])

        def play(self, *args, **kwargs):
            index, beat = self.renderer.num_plays, len(getattr(self, "beats", ()))
            super().play(*args, **kwargs)
            n = frames_of(self.duration, self._fps, self.is_current_animation_frozen_frame())
            self._timeline.append(Animation(index, self._next_frame, n, beat))
            self._next_frame += n

        def _close_beat(self):
            beats = getattr(self, "beats", [])
            if (self._shot_at and self._shot_at[0] == "beat" and len(beats) == self._shot_at[1]
                    and beats[-1].end is None):
                self._take()
            super()._close_beat()

        def tear_down(self):
            super().tear_down()
            if self._shot_at and self._shot_at[0] == "end":
                self._take()

        def _take(self, frame: np.ndarray | None = None):
            if frame is None:
                renderer = self.renderer
                renderer.static_image = None  # a still wait leaves its background cached
                renderer.update_frame(self, ignore_skipping=True)
                frame = renderer.get_frame()
            self.shot = np.array(frame, copy=True)
            problems = list(self.check_layout())
            if self._shot_at and self._shot_at[0] == "frame":  # mid-beat, a zoomed camera is the picture
                from mathviz.kit.scene import ZOOMED

                problems = [p for p in problems if p != ZOOMED]
            self.shot_overflow = problems

        def _watch_frames(self, number: int, target: int):
            """Keep frame ``target`` (counted from the start of animation ``number``'s first frame)."""
            renderer, original = self.renderer, self.renderer.add_frame
            seen = {"frames": 0}

            def add_frame(frame, num_frames=1):
                if not renderer.skip_animations and renderer.num_plays == number and self.shot is None:
                    first = seen["frames"]
                    if first <= target < first + num_frames:
                        self._take(frame)
                    seen["frames"] += num_frames
                original(frame, num_frames)

            renderer.add_frame = add_frame

    Recording.__name__ = Recording.__qualname__ = cls.__name__
    return Recording


# --- the worker -----------------------------------------------------------------------------


class _Refused(Exception):
    """The requested moment does not exist in this scene (bad input, exit 2)."""


def scan(request: RenderRequest, work, shot=None):
    """Run the scene with every animation skipped (fast); returns the scene with ``_timeline``.

    The scene's ``layout_report`` holds the check of every beat's end, and
    ``shot`` (see :func:`_recording`) a picture of that moment, if asked.
    """
    scene = make_scene(replace(request, fmt="mp4"), Path(work), dry_run=True, wrap=_recording, shot=shot,
                       fps=QUALITIES[request.quality][2])
    scene.render()
    return scene


def _frame_run(request: RenderRequest, work: Path, number: int, target: int):
    """Draw animation ``number`` only (the ones before are fast-forwarded) and keep frame ``target``."""
    scene = make_scene(replace(request, fmt="mp4"), work, dry_run=True, skip_animations=False, wrap=_recording,
                       settings={"from_animation_number": number, "upto_animation_number": number},
                       shot=("frame", number, target), fps=QUALITIES[request.quality][2])
    scene.render()
    return scene


def _beat_spans(scene, timeline: list[Animation], fps: float) -> list[dict]:
    """Each beat's start and end in seconds of the video (frame counts, not the scan's clock)."""
    spans = []
    total = timeline[-1].start + timeline[-1].frames if timeline else 0
    for number, beat in enumerate(getattr(scene, "beats", []), start=1):
        inside = [a for a in timeline if a.beat == number]
        later = [a for a in timeline if a.beat > number]
        start = inside[0].start if inside else (later[0].start if later else total)
        end = later[0].start if later else total
        spans.append({"name": beat.name, "start": round(start / fps, 4), "end": round(end / fps, 4)})
    return spans


def still_task(spec: dict, work: Path, request: RenderRequest) -> dict:
    """The worker's side of a still (see :mod:`mathviz.pipeline.worker`): the result as a dict."""
    job = StillJob(request, spec.get("at"), spec.get("beat"), spec.get("output", ""))
    return asdict(run_still(job, work))


def run_still(job: StillJob, work) -> StillResult:
    """Take the still of ``job`` inside ``work`` (in a worker process). Never raises."""
    work = Path(work)
    started = time.perf_counter()
    request = job.request
    fps = float(QUALITIES[request.quality][2])
    result = StillResult(job.scene_id, None, moment=job.moment, request=asdict(request))
    try:
        shot = ("beat", job.beat) if job.beat is not None else ("end",) if job.at is None else None
        scene = scan(request, work, shot=shot)
        timeline = scene._timeline
        total = timeline[-1].start + timeline[-1].frames if timeline else 0
        result.seconds = round(total / fps, 4)
        result.beats = _beat_spans(scene, timeline, fps)
        result.layout_report = list(scene.layout_report)
        n_beats = len(result.beats)
        if job.beat is not None:
            if job.beat > n_beats:
                raise _Refused(f"--beat {job.beat}: {job.scene_id} has {n_beats} beat{'s' * (n_beats != 1)}; "
                               f"choose 1 to {n_beats}" if n_beats else f"--beat: {job.scene_id} has no beats")
            result.beat = job.beat
            result.at = result.beats[job.beat - 1]["end"]
        elif job.at is None:
            result.beat = n_beats or None
            result.at = result.seconds
        else:
            if job.at > result.seconds + 1e-9 or not total:
                raise _Refused(f"--at {job.at:g}: {job.scene_id} is {result.seconds:g} s long here "
                               f"({request.quality} quality); choose 0 to {result.seconds:g}")
            index = min(int(math.floor(job.at * fps + 1e-6)), total - 1)
            holder = next(a for a in timeline if a.start <= index < a.start + a.frames)
            scene = _frame_run(request, work, holder.index, index - holder.start)
            if scene.shot is None:
                raise RuntimeError(f"frame {index} was not drawn (animation {holder.index} changed between runs?)")
            result.frame, result.at = index, round(index / fps, 4)
            result.beat = holder.beat or None
        if result.beat:
            result.beat_name = result.beats[result.beat - 1]["name"]
        image = scene.shot
        result.height, result.width = int(image.shape[0]), int(image.shape[1])
        result.overflow = list(scene.shot_overflow)
        png = work / "still.png"
        save_png(image, png, alpha=request.transparent)
        result.path = str(png)
    except _Refused as err:
        result.input_error, result.error = True, str(err)
    except Exception as err:  # one line for the user; the traceback for --verbose
        message = str(err).strip().splitlines()[0] if str(err).strip() else ""
        result.error = _latex_cause(work) or f"{type(err).__name__}: {message}"
        result.traceback = traceback.format_exc()
    result.render_seconds = round(time.perf_counter() - started, 3)
    return result


# --- the parent -----------------------------------------------------------------------------


def render_still(job: StillJob, out) -> StillResult:
    """Take ``job``'s still in a fresh worker process and private folder; install it under ``out``.

    TeX and text come from (and go to) the shared cache the renders of ``out`` use.
    """
    out = Path(out)
    cache_root = out / ".cache" / f"manim-{tool_versions()['manim']}"
    work = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-"))
    try:
        data = run_in_child(work, {"task": "still", "request": asdict(job.request), "cache": str(cache_root),
                                   "at": job.at, "beat": job.beat, "output": job.output})
        if data.pop("crashed", False):
            return StillResult(job.scene_id, None, moment=job.moment, request=asdict(job.request),
                               error=f"still process failed: {data['error']}", traceback=data["traceback"])
        data.pop("peak_memory_mb", None)
        result = StillResult(**data)
        if result.path and not result.error:
            dest = out / job.output
            files.install(Path(result.path), dest)
            result.path = str(dest)
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)
