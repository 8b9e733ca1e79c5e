"""``mathviz check``: what a viewer would notice, found at the end of every beat.

Each scene runs without encoding video (every animation jumps to its end, as
in a dry run), once per theme and aspect asked for, in a worker process. At
the close of every beat the scene's visible mobjects are inspected:

``outside``
    visible text, formulas or axes outside the frame or touching its edge
    (:func:`mathviz.kit.layout.overflow`).
``overlap``
    two pieces of text (Text, MathTex, Tex, numbers, readouts) whose glyphs overlap.
``crossed``
    text crossed by a drawn line or curve that is not part of it (a label lying
    on a plotted curve or on an axis). Strokes thinner than :data:`MIN_STROKE` (grid lines), nearly
    transparent ones and backdrops (:func:`~mathviz.kit.layout.mark_backdrop`)
    do not count, nor lines under a label's own opaque background rectangle.
``too-small``
    text whose capital letters would be drawn under :data:`MIN_CAP_1080` pixels
    tall at 1080p (scaled to the quality asked for: the frame's short side is
    what the quality names, so a 9:16 frame is judged at its own width). Why
    that number: DESIGN.md asks labels of about 28 px at 1080p, the line height
    (em) of 14 pt type on a 7.5-inch slide (slide guides ask 18 pt or more for
    body text, so 14 pt is the floor for secondary labels such as tick
    numbers); TeX's Computer Modern draws capitals 0.68 em tall, 19 px. Text
    size is measured from each piece's font size, with the cap height of its
    own kind of type (Pango text is larger than TeX at the same font size).
``contrast``
    text whose colour against what is actually behind it has a WCAG 2 contrast
    ratio under 4.5:1 (3:1 for large text, capitals at least 1.5 times the
    minimum). What is behind is drawn: the frame is rendered once with all
    text hidden, and the ratio is taken at the 25th percentile of the pixels
    under the text's box (a quarter of the area may be worse).
``pace``
    a beat whose narration would have to be read faster than
    :data:`MAX_CPS` characters per second (the usual ceiling for subtitles).

Animations are inspected at their end only (a jump to the end is what makes
the check cheap); a defect that exists only in the middle of a move is not seen.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from mathviz.kit.theme import ASPECTS, THEMES
from mathviz.pipeline.request import QUALITIES, RenderRequest

KINDS = ("outside", "overlap", "crossed", "too-small", "contrast", "pace")
MIN_CAP_1080 = 19.0  # pixels of cap height at 1080p (see the module docstring)
LARGE_FACTOR = 1.5  # text this many times the minimum counts as large (WCAG's 3:1)
MAX_CPS = 20.0
NORMAL_CONTRAST, LARGE_CONTRAST = 4.5, 3.0
MIN_STROKE = 2.0  # thinner strokes (grid lines, hairlines) do not cross text
_OVERLAP_TOLERANCE = 0.015  # scene units both ways: glyph boxes touching is not overlapping


@dataclass
class Finding:
    kind: str
    beat: int  # 1-based; 0 for something found outside any beat
    beat_name: str
    detail: str


@dataclass
class CheckRun:
    """The findings of one scene in one theme and aspect."""

    id: str
    theme: str
    aspect: str
    quality: str
    findings: list = field(default_factory=list)
    beats: list = field(default_factory=list)  # names, in order
    frames: list = field(default_factory=list)  # PNG paths of each beat's last frame (storyboard)
    error: str | None = None

    def public(self) -> dict:
        data = asdict(self)
        data.pop("frames")
        return data


# --- what counts as text, and how big it is ------------------------------------------------


def _text_types():
    from manim import DecimalNumber, MarkupText, SingleStringMathTex, Text

    from mathviz.kit.readouts import Readout

    return (Text, MarkupText, SingleStringMathTex, DecimalNumber, Readout)


def _glyphs(item) -> list:
    """The drawn leaves of a text item (its glyphs; a background plate is not one)."""
    from manim import BackgroundRectangle

    from mathviz.kit.layout import visible

    return [m for m in item.family_members_with_points()
            if not m.submobjects and visible(m) and not isinstance(m, BackgroundRectangle)]


def _has_plate(item) -> bool:
    """Does the text sit on its own opaque background rectangle (which hides lines behind it)?"""
    from manim import BackgroundRectangle

    return any(isinstance(m, BackgroundRectangle) and m.get_fill_opacity() >= 0.6 for m in item.get_family())


def text_items(mobjects) -> list:
    """Every visible text piece, outermost first (a piece's own parts are not pieces)."""
    from mathviz.kit.layout import BACKDROP

    kinds = _text_types()
    found = []

    def walk(mob):
        if getattr(mob, BACKDROP, False):
            return
        if isinstance(mob, kinds):
            if _glyphs(mob):
                found.append(mob)
            return
        for sub in mob.submobjects:
            walk(sub)

    for mob in mobjects:
        walk(mob)
    return found


def describe(item) -> str:
    from manim import DecimalNumber

    from mathviz.kit.layout import describe as describe_mobject
    from mathviz.kit.readouts import Readout

    if isinstance(item, DecimalNumber):
        return f"number {item.get_value():g}"
    if isinstance(item, Readout):
        return f"readout {item.text!r}"
    text = getattr(item, "text", None)
    if isinstance(text, str) and text.strip() and not getattr(item, "original_text", None):
        return f"{type(item).__name__} {' '.join(text.split())[:40]!r}"
    return describe_mobject(item)


_CAP_PER_POINT: dict[str, float] = {}


def cap_per_point(kind: str) -> float:
    """Scene units of capital-M height per point of font size, measured once per kind of type."""
    if kind not in _CAP_PER_POINT:
        from manim import MathTex, Text

        reference = Text("M", font_size=100) if kind == "pango" else MathTex("M", font_size=100)
        _CAP_PER_POINT[kind] = reference.height / 100
    return _CAP_PER_POINT[kind]


def font_size_of(item) -> tuple[float, str] | None:
    """``(font size in points, kind of type)`` of a text item, or None when it cannot be told."""
    from manim import MarkupText, Text

    from mathviz.kit import readouts

    if isinstance(item, readouts.Readout):
        base = next((size for size, table in readouts._GLYPH_CACHE.items() if table is item.templates), None)
        start, end = item.baseline.points[0], item.baseline.points[-1]
        if base is None or item.length <= 0:
            return None
        return base * float(np.linalg.norm(end - start)) / item.length, "tex"
    try:
        size = float(item.font_size)
    except (AttributeError, ZeroDivisionError, TypeError, ValueError):
        return None
    if not math.isfinite(size) or size <= 0:
        return None
    return size, ("pango" if isinstance(item, (Text, MarkupText)) else "tex")


def cap_pixels(item, pixels_per_unit: float) -> float | None:
    """How tall the item's capitals are drawn, in pixels."""
    size = font_size_of(item)
    if size is None:
        return None
    points, kind = size
    return points * cap_per_point(kind) * pixels_per_unit


# --- geometry ----------------------------------------------------------------------------------


def _box(mob) -> np.ndarray:
    pts = mob.points[:, :2]
    return np.array([pts.min(axis=0), pts.max(axis=0)])


def _boxes_overlap(a: np.ndarray, b: np.ndarray, tol: float = _OVERLAP_TOLERANCE) -> bool:
    return bool(np.all(np.minimum(a[1], b[1]) - np.maximum(a[0], b[0]) > tol))


def glyphs_overlap(a, b) -> bool:
    """Do any glyph of text ``a`` and any glyph of text ``b`` overlap?"""
    ga, gb = [_box(g) for g in _glyphs(a)], [_box(g) for g in _glyphs(b)]
    if not ga or not gb:
        return False
    la, lb = np.array(ga), np.array(gb)
    lo = np.maximum(la[:, None, 0, :], lb[None, :, 0, :])
    hi = np.minimum(la[:, None, 1, :], lb[None, :, 1, :])
    return bool(np.any(np.all(hi - lo > _OVERLAP_TOLERANCE, axis=-1)))


def _polyline(mob, per_curve: int = 8) -> np.ndarray:
    """Points along a VMobject's cubic curves, (n, 2)."""
    pts = mob.points
    n = len(pts) // 4
    if n == 0:
        return np.zeros((0, 2))
    cubics = pts[: 4 * n].reshape(n, 4, 3)[:, :, :2]
    t = np.linspace(0.0, 1.0, per_curve + 1)[:, None]
    a, b, c, d = (cubics[:, i][:, None, :] for i in range(4))
    curve = ((1 - t) ** 3) * a + 3 * ((1 - t) ** 2) * t * b + 3 * (1 - t) * (t ** 2) * c + (t ** 3) * d
    return curve.reshape(-1, 2) if curve.size else np.zeros((0, 2))


def segments_hit_box(points: np.ndarray, box: np.ndarray, breaks: np.ndarray | None = None) -> bool:
    """Does the polyline through ``points`` pass through the rectangle ``box`` ([lo, hi])?"""
    if len(points) < 2:
        return False
    p0, p1 = points[:-1], points[1:]
    if breaks is not None:
        keep = ~breaks
        p0, p1 = p0[keep], p1[keep]
    d = p1 - p0
    t_lo, t_hi = np.zeros(len(p0)), np.ones(len(p0))
    for axis in range(2):
        with np.errstate(divide="ignore", invalid="ignore"):
            a = (box[0, axis] - p0[:, axis]) / d[:, axis]
            b = (box[1, axis] - p0[:, axis]) / d[:, axis]
        flat = np.abs(d[:, axis]) < 1e-12
        inside = (p0[:, axis] >= box[0, axis]) & (p0[:, axis] <= box[1, axis])
        lo = np.where(flat, np.where(inside, -np.inf, np.inf), np.minimum(a, b))
        hi = np.where(flat, np.where(inside, np.inf, -np.inf), np.maximum(a, b))
        t_lo, t_hi = np.maximum(t_lo, lo), np.minimum(t_hi, hi)
    return bool(np.any(t_lo <= t_hi))


def strokes(mobjects, exclude_ids: set[int]) -> list:
    """Drawn lines and curves (not text, not backdrops): ``(mobject, polyline, breaks)``."""
    from manim import VMobject

    from mathviz.kit.layout import BACKDROP

    found = []

    def walk(mob):
        if getattr(mob, BACKDROP, False) or id(mob) in exclude_ids:
            return
        if (isinstance(mob, VMobject) and mob.points.size and mob.get_stroke_width() >= MIN_STROKE
                and mob.get_stroke_opacity() >= 0.3):
            line = _polyline(mob)
            subpaths = len(mob.points) // 4
            # a new subpath starts where one cubic's end is not the next one's start
            ends = mob.points[3:4 * subpaths:4, :2]
            starts = mob.points[4:4 * subpaths:4, :2]
            jumps = np.zeros(max(len(line) - 1, 0), dtype=bool)
            per = 9
            for k, gap in enumerate(np.linalg.norm(starts - ends[: len(starts)], axis=1) > 1e-6):
                if gap:
                    jumps[(k + 1) * per - 1] = True
            found.append((mob, line, jumps))
        for sub in mob.submobjects:
            walk(sub)

    for mob in mobjects:
        walk(mob)
    return found


# --- colour ------------------------------------------------------------------------------------


def relative_luminance(rgb) -> np.ndarray:
    """WCAG 2 relative luminance of sRGB colours in 0..1, shape (..., 3) -> (...)."""
    c = np.asarray(rgb, dtype=float)
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def contrast_ratio(l1, l2):
    """WCAG contrast ratio of two luminances (order does not matter).

    >>> round(float(contrast_ratio(1.0, 0.0)), 1)
    21.0
    """
    hi, lo = np.maximum(l1, l2), np.minimum(l1, l2)
    return (hi + 0.05) / (lo + 0.05)


# --- the inspection at a beat's end --------------------------------------------------------------


def inspect(scene, pixels_per_unit: float, min_cap: float, background: np.ndarray | None = None,
            frame_size: tuple[float, float] | None = None) -> list[tuple[str, str]]:
    """``(kind, detail)`` of every problem visible in ``scene`` now (every kind but pace)."""
    from mathviz.kit.layout import overflow

    found = [("outside", problem) for problem in overflow(scene.mobjects, scene.frame_w, scene.frame_h)]
    items = text_items(scene.mobjects)
    boxes = [np.array([np.min([_box(g)[0] for g in _glyphs(t)], axis=0),
                       np.max([_box(g)[1] for g in _glyphs(t)], axis=0)]) for t in items]
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if _boxes_overlap(boxes[i], boxes[j]) and glyphs_overlap(items[i], items[j]):
                found.append(("overlap", f"{describe(items[i])} overlaps {describe(items[j])}"))
    text_ids = {id(m) for t in items for m in t.get_family()}
    lines = [(mob, line, breaks, line.min(axis=0), line.max(axis=0))
             for mob, line, breaks in strokes(scene.mobjects, text_ids) if len(line) >= 2]
    for item, box in zip(items, boxes):
        inset = 0.12 * min(box[1] - box[0])
        inner = np.array([box[0] + inset, box[1] - inset])
        for mob, line, breaks, lo, hi in ([] if _has_plate(item) else lines):
            if np.any(hi < inner[0]) or np.any(lo > inner[1]):  # the line's bounding box misses the text
                continue
            if segments_hit_box(line, inner, breaks):
                found.append(("crossed", f"{describe(item)} is crossed by {type(mob).__name__}"))
                break
        cap = cap_pixels(item, pixels_per_unit)
        if cap is not None and cap < min_cap - 1e-6:
            found.append(("too-small", f"{describe(item)} is {cap:.1f} px tall (capitals); "
                                       f"at least {min_cap:.1f} px here"))
        if background is not None and frame_size is not None:
            problem = _contrast_problem(item, box, background, frame_size, pixels_per_unit, min_cap)
            if problem:
                found.append(("contrast", problem))
    return found


def _contrast_problem(item, box, background, frame_size, pixels_per_unit, min_cap) -> str | None:
    from manim import color as manim_color

    h, w = background.shape[:2]
    fw, fh = frame_size
    x0 = int(np.clip((box[0, 0] + fw / 2) * pixels_per_unit, 0, w - 1))
    x1 = int(np.clip((box[1, 0] + fw / 2) * pixels_per_unit, 0, w - 1)) + 1
    y0 = int(np.clip((fh / 2 - box[1, 1]) * pixels_per_unit, 0, h - 1))
    y1 = int(np.clip((fh / 2 - box[0, 1]) * pixels_per_unit, 0, h - 1)) + 1
    patch = background[y0:y1, x0:x1, :3].reshape(-1, 3) / 255.0
    if not len(patch):
        return None
    behind = relative_luminance(patch)
    cap = cap_pixels(item, pixels_per_unit)
    needed = LARGE_CONTRAST if cap is not None and cap >= LARGE_FACTOR * min_cap else NORMAL_CONTRAST
    colours = {}
    for glyph in _glyphs(item):
        opacity = glyph.get_fill_opacity()
        if opacity <= 0.01:
            continue
        colours[manim_color.ManimColor(glyph.get_fill_color()).to_hex()] = opacity
    worst = None
    for hex_colour, opacity in colours.items():
        rgb = np.array(manim_color.ManimColor(hex_colour).to_rgb())
        seen = opacity * rgb + (1 - opacity) * patch  # a translucent text shows what is behind
        ratio = float(np.percentile(contrast_ratio(relative_luminance(seen), behind), 25))
        if ratio < needed and (worst is None or ratio < worst[0]):
            worst = (ratio, hex_colour)
    if worst is None:
        return None
    return f"{describe(item)} in {worst[1]} has contrast {worst[0]:.1f}:1 against what is behind it; needs {needed:g}:1"


def _inspecting(cls):
    """A subclass of scene class ``cls`` that inspects itself at the close of every beat."""

    class Inspecting(cls):
        def __init__(self, *args, check_frames: Path | None = None, check_quality: str = "low", **kwargs):
            self._check_frames, self._findings, self._board = check_frames, [], []
            short = QUALITIES[check_quality][1]
            self._min_cap = MIN_CAP_1080 * short / 1080
            super().__init__(*args, **kwargs)

        def _pixels_per_unit(self) -> float:
            from manim import config

            return float(config.pixel_height) / float(config.frame_height)

        def _draw(self) -> np.ndarray:
            renderer = self.renderer
            renderer.static_image = None  # a still wait leaves its background cached
            renderer.update_frame(self, ignore_skipping=True)
            return np.array(renderer.get_frame(), copy=True)

        def _background(self) -> np.ndarray:
            """The frame with every text piece hidden: what the text sits on."""
            items = text_items(self.mobjects)
            saved = []
            for item in items:
                for m in _glyphs(item):
                    saved.append((m, m.get_fill_opacity(), m.get_stroke_opacity()))
                    m.set_fill(opacity=0, family=False)
                    m.set_stroke(opacity=0, family=False)
            try:
                return self._draw()
            finally:
                for m, fill, stroke in saved:
                    m.set_fill(opacity=fill, family=False)
                    m.set_stroke(opacity=stroke, family=False)

        def _close_beat(self):
            beats = getattr(self, "beats", [])
            if beats and beats[-1].end is None:
                if self.hold_beats:  # as the base scene does before it closes a beat
                    self.hold_for_reading()
                number, beat = len(beats), beats[-1]
                from manim import config

                frame_size = (float(config.frame_width), float(config.frame_height))
                problems = inspect(self, self._pixels_per_unit(), self._min_cap, self._background(), frame_size)
                if getattr(self, "zoomed", False):  # what is judged is the whole frame
                    from mathviz.kit.scene import ZOOMED

                    problems.insert(0, ("outside", ZOOMED))
                length = float(self.time) - beat.start
                if beat.narration and (length <= 0 or len(beat.narration) / length > MAX_CPS):
                    rate = "in no time" if length <= 0 else f"at {len(beat.narration) / length:.1f} characters/s"
                    problems.append(("pace", f"{len(beat.narration)} characters in {max(length, 0):.1f} s: "
                                             f"read {rate}, over {MAX_CPS:g}"))
                for kind, detail in dict.fromkeys(problems):
                    self._findings.append(Finding(kind, number, beat.name, detail))
                if self._check_frames is not None:
                    from mathviz.media import save_png

                    path = self._check_frames / f"beat{number:02d}.png"
                    save_png(self._draw(), path)
                    self._board.append(str(path))
            super()._close_beat()

    Inspecting.__name__ = Inspecting.__qualname__ = cls.__name__
    return Inspecting


def check_task(spec: dict, work: Path, request: RenderRequest) -> dict:
    """The worker's side: run ``request``'s scene once per look in ``spec["looks"]``."""
    from manim import tempconfig

    from mathviz.pipeline.worker import _latex_cause, is_kit_scene, load_scene_class, make_scene

    runs = []
    for theme, aspect in spec["looks"]:
        run = CheckRun(request.scene_id, theme, aspect, request.quality)
        frames = work / f"frames-{theme}-{aspect.replace(':', 'x')}" if spec.get("storyboard") else None
        if frames is not None:
            frames.mkdir(parents=True, exist_ok=True)
        try:
            look = replace(request, theme=theme, aspect=aspect, fmt="mp4")
            if not is_kit_scene(load_scene_class(look)):
                run.error = f"{request.scene_id} is a plain manim Scene: it has no beats to check"
                runs.append(asdict(run))
                continue
            with tempconfig({}):
                scene = make_scene(look, work, dry_run=True, wrap=_inspecting, check_frames=frames,
                                   check_quality=request.quality)
                scene.render()
            run.findings = [asdict(f) for f in scene._findings]
            run.beats = [b.name for b in scene.beats]
            run.frames = scene._board
        except Exception as err:  # one line; the others still run
            message = str(err).strip().splitlines()[0] if str(err).strip() else ""
            run.error = _latex_cause(work) or f"{type(err).__name__}: {message}"
        runs.append(asdict(run))
    return {"runs": runs, "error": None}


# --- the parent ------------------------------------------------------------------------------------


def looks(themes, aspects) -> list[tuple[str, str]]:
    for theme in themes:
        if theme not in THEMES:
            raise ValueError(f"unknown theme {theme!r}")
    for aspect in aspects:
        if aspect not in ASPECTS:
            raise ValueError(f"unknown aspect {aspect!r}")
    return [(t, a) for t in themes for a in aspects]


def storyboard(run: CheckRun, dest: Path) -> Path:
    """A contact sheet of the run's beat-end frames, each labelled with its beat's number and name."""
    from PIL import Image, ImageDraw, ImageFont

    from mathviz import files
    from mathviz.media import save_png

    images = [np.asarray(Image.open(p).convert("RGB")) for p in run.frames]
    if not images:
        raise ValueError("no frames")
    h, w = images[0].shape[:2]
    cols = 3 if w >= h else 4
    rows = math.ceil(len(images) / cols)
    band = max(18, h // 12)
    gap = 8
    sheet = Image.new("RGB", (cols * w + (cols + 1) * gap, rows * (h + band) + (rows + 1) * gap), (40, 40, 40))
    draw = ImageDraw.Draw(sheet)
    try:
        font = ImageFont.load_default(size=int(band * 0.7))
    except TypeError:  # Pillow before 10.1 has one size
        font = ImageFont.load_default()
    marked = {f["beat"] for f in run.findings}
    for k, image in enumerate(images):
        r, c = divmod(k, cols)
        x, y = gap + c * (w + gap), gap + r * (h + band + gap)
        sheet.paste(Image.fromarray(image), (x, y + band))
        label = f"{k + 1}. {run.beats[k] if k < len(run.beats) else ''}" + ("  (findings)" if k + 1 in marked else "")
        draw.text((x + 4, y + 2), label, fill=(255, 200, 80) if k + 1 in marked else (235, 235, 235), font=font)
    dest = Path(dest)
    with files.atomic_path(dest) as tmp:
        save_png(np.asarray(sheet), tmp)
    return dest


def run_checks(requests: list[RenderRequest], looks_: list[tuple[str, str]], *, storyboard_dir: Path | None = None,
               workers: int = 1, cache_root: Path | None = None) -> list[CheckRun]:
    """Check every request's scene in every look, ``workers`` worker processes at a time.

    One process checks one scene in one theme, every aspect asked for (a scene's looks share
    its imports and TeX; smaller groups than a scene keep both cores busy to the end).
    """
    import os
    import shutil
    import tempfile
    from concurrent.futures import ThreadPoolExecutor

    from mathviz.pipeline.worker import WORK_PREFIX, run_in_child

    def one(group: tuple[RenderRequest, list[tuple[str, str]]]) -> list[CheckRun]:
        request, group_looks = group
        work = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-"))
        try:
            data = run_in_child(work, {"task": "check", "request": asdict(request), "looks": group_looks,
                                       "storyboard": storyboard_dir is not None,
                                       "cache": str(cache_root) if cache_root else None})
            if data.get("crashed"):
                return [CheckRun(request.scene_id, t, a, request.quality, error=data["error"]) for t, a in group_looks]
            runs = [CheckRun(**r) for r in data["runs"]]
            if storyboard_dir is not None:
                for run in runs:
                    if run.frames:
                        name = f"{run.id}--{run.theme}--{run.aspect.replace(':', 'x')}.png"
                        storyboard(run, Path(storyboard_dir) / name)
            return runs
        finally:
            shutil.rmtree(work, ignore_errors=True)

    themes = list(dict.fromkeys(theme for theme, _ in looks_))
    groups = [(request, [look for look in looks_ if look[0] == theme]) for request in requests for theme in themes]
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return [run for runs in pool.map(one, groups) for run in runs]
