"""The base scene every mathviz scene derives from: parameters, theme, beats, layout.

A scene is a sequence of *beats*. ``self.beat(name, narration)`` opens one:
it starts a manim section, and when the beat ends (at the next beat, or at
the end of the scene) its narration becomes subtitle cues (two lines of about
42 characters each) over the beat. ``self.beats`` keeps the timings for
chapters, slides and the sound track.

A beat lasts as long as its words: when it closes, the frame is held until
the narration can be read at :data:`READING_CPS` characters a second, or,
with a voice, until its speech has been said and :data:`SPEECH_GAP` has
passed (a held frame costs almost nothing to render). With a voice the
subtitles follow the speech.

Layout: scenes must not assume 16:9. ``self.shape`` names the frame's shape
(``"wide"``, ``"square"`` or ``"tall"``, see :data:`SHAPES`), ``self.layout()``
builds the title and returns a :class:`Layout` of named boxes below it (main
figure and side panel: side by side on wide frames, stacked on square and
tall ones), and ``fit`` scales a mobject into a box. A scene decides by the
shape's name, never by a ratio of its own.

This module never writes to manim's ``config``: the render worker owns it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from manim import DOWN, LEFT, ORIGIN, RIGHT, UP, MathTex, Mobject, MovingCamera, MovingCameraScene, Tex, Text, config

from mathviz.kit.copying import share_svg_outlines
from mathviz.kit.labels import readable_scale
from mathviz.kit.layout import mark_backdrop, overflow
from mathviz.kit.readouts import NumberReadout, ReadoutRow
from mathviz.kit.theme import Theme, get_theme
from mathviz.media.subtitles import split_cues

share_svg_outlines()  # copies of formulas no longer copy their glyphs' parsed SVG

MARGIN = 0.35  # scene units kept free along each frame edge
TEX_SCALE = 1.2  # MathTex at this multiple of a role's font size sets letters as tall as Text's
ZOOMED = "the camera is still zoomed in at the end of the beat: come back with zoom_home()"
TITLE_RESERVE = 1.0  # scene units at the top, below the margin, kept for the title

# The frame's shape by its width / height: "wide" from WIDE_FROM up (16:9), "tall" below
# TALL_BELOW (9:16: taller than wide by more than 5%), "square" in between (4:3, 1:1). On a
# square frame a side column beside the figure is too narrow to read, so panels go below.
WIDE_FROM = 1.5
TALL_BELOW = 1 / 1.05
SHAPES = ("wide", "square", "tall")
READABLE_FIT = True  # fit never shrinks text below MIN_FONT; a scene that needs that gives its text more room
WIDE_BOX = 2.2  # a box this many times as wide as high takes panel rows in two columns

# Reading speed for narration without a voice: subtitle guidelines put the ceiling near 17 to
# 20 characters a second; a beat held to READING_CPS can be read by everyone (see DESIGN.md).
READING_CPS = 17.0
SPEECH_GAP = 0.4  # seconds of silence after a beat's speech, so it never runs into the next beat


@dataclass
class Beat:
    name: str
    narration: str
    start: float
    end: float | None = None
    speech: float = 0.0  # seconds of speech (0: no voice, paced for reading)
    audio: str | None = None  # the spoken clip (a synthesised sentence or the lecturer's take)


@dataclass(frozen=True)
class Box:
    """An axis-aligned region of the frame, in scene units."""

    center: np.ndarray
    width: float
    height: float

    @property
    def left(self) -> float:
        return float(self.center[0] - self.width / 2)

    @property
    def right(self) -> float:
        return float(self.center[0] + self.width / 2)

    @property
    def top(self) -> float:
        return float(self.center[1] + self.height / 2)

    @property
    def bottom(self) -> float:
        return float(self.center[1] - self.height / 2)

    def split(self, weights: tuple[float, ...], vertical: bool = True, gap: float = 0.25) -> list["Box"]:
        """Cut this box into parts proportional to ``weights``: top to bottom, or left to right."""
        weights = np.asarray(weights, dtype=float)
        length = (self.height if vertical else self.width) - gap * (len(weights) - 1)
        sizes = length * weights / weights.sum()
        boxes, cursor = [], (self.top if vertical else self.left)
        for size in sizes:
            if vertical:
                boxes.append(Box(np.array([self.center[0], cursor - size / 2, 0.0]), self.width, float(size)))
                cursor -= size + gap
            else:
                boxes.append(Box(np.array([cursor + size / 2, self.center[1], 0.0]), float(size), self.height))
                cursor += size + gap
        return boxes


@dataclass(frozen=True)
class Layout:
    """What :meth:`MathvizScene.layout` returns: the title and the boxes below it.

    ``main`` holds the figure, ``side`` the panel of formulas and readouts:
    side by side on a wide frame (``side`` a column on the right), stacked on
    square and tall ones (``side`` a strip below the figure).
    """

    shape: str
    title: Mobject
    main: Box
    side: Box

    def side_parts(self, weights: tuple[float, ...], gap: float = 0.3) -> list[Box]:
        """Cut the side panel into parts: across the low strip of a square frame, else top to
        bottom (a wide frame's column, or a tall frame's strip, which is high enough)."""
        return self.side.split(weights, vertical=self.shape != "square", gap=gap)


class MathvizScene(MovingCameraScene):
    """Base class: ``Params`` is the scene's frozen parameter dataclass.

    The camera can move (:meth:`zoom_to`, :meth:`zoom_home`): zoom to small action and come
    back before the beat ends, where ``mathviz check`` inspects the whole frame.

    Parameters
    ----------
    params
        An instance of ``Params``; defaults when omitted (so ``manim FILE
        Class`` renders the scene as declared).
    theme
        A :class:`~mathviz.kit.theme.Theme` or a theme name.
    seed
        Seed for any randomness in the scene, passed on to ``mathviz.core``.
    """

    Params: type = None  # set by each scene
    title: str = ""
    camera_class = MovingCamera  # the render worker builds its renderer with the scene's camera
    # Every beat is held until its words are read or said. False: the scene times its beats
    # itself (mathviz check then reports a beat too short for its narration as "pace").
    hold_beats: bool = True

    def __init__(self, params=None, theme: Theme | str | None = None, seed: int | None = None, speaker=None,
                 **kwargs):
        self.params = params if params is not None else (self.Params() if self.Params else None)
        # speaker(index, name, narration) -> (audio path or None, seconds): set by the render
        # worker for --voice; None paces every beat for reading
        self.speaker = speaker
        self._frames = 0  # frames drawn so far, counted as manim counts them (see frames_of)
        self.theme = theme if isinstance(theme, Theme) else get_theme(theme)
        self.seed = 0 if seed is None else int(seed)
        self.beats: list[Beat] = []
        self.layout_report: list[str] = []  # what left the frame, checked at the end of each beat
        self.title_mob = None  # built by layout()
        super().__init__(**kwargs)

    # -- camera ----------------------------------------------------------------

    def zoom_to(self, focus, width: float, *animations, run_time: float = 1.5, **kwargs) -> None:
        """Move the camera onto ``focus`` (a mobject or a point), showing ``width`` scene units
        across (the frame's shape is kept), while ``animations`` play."""
        center = focus.get_center() if isinstance(focus, Mobject) else np.asarray(focus, dtype=float)
        frame = self.camera.frame
        self.play(frame.animate.set(width=width).move_to(center), *animations, run_time=run_time, **kwargs)

    def zoom_home(self, *animations, run_time: float = 1.5, **kwargs) -> None:
        """Back to the whole frame."""
        frame = self.camera.frame
        self.play(frame.animate.set(width=self.frame_w).move_to(ORIGIN), *animations, run_time=run_time, **kwargs)

    @property
    def zoomed(self) -> bool:
        """Is the camera anywhere but the whole frame?"""
        frame = self.camera.frame
        return bool(abs(frame.width - self.frame_w) > 1e-6 or np.abs(frame.get_center()).max() > 1e-6)

    # -- the side panel ----------------------------------------------------------

    def swap_panel(self, *rows: Mobject, box: Box | None = None, buff: float = 0.2, run_time: float = 0.6) -> Mobject:
        """Show ``rows`` in ``box`` (default ``self.panel_box``) in place of the panel shown before.

        The series' side panel holds a few lines at a time, replaced rather than piled up: the
        old panel fades out as the new one fades in. Returns the new panel, also ``self.panel``.
        """
        from manim import FadeIn, FadeOut, VGroup

        group = VGroup(*rows)
        self.fit_rows(group, box if box is not None else self.panel_box, buff=buff)
        old = getattr(self, "panel", None)
        self.play(*([FadeOut(old)] if old is not None else []), FadeIn(group), run_time=run_time)
        self.panel = group
        return group

    # -- frame and layout ---------------------------------------------------

    @property
    def frame_w(self) -> float:
        return float(config.frame_width)

    @property
    def frame_h(self) -> float:
        return float(config.frame_height)

    @property
    def shape(self) -> str:
        """``"wide"`` (16:9), ``"square"`` (4:3, 1:1) or ``"tall"`` (9:16): see :data:`SHAPES`."""
        return frame_shape(self.frame_w, self.frame_h)

    def content_box(self, top_reserve: float = TITLE_RESERVE) -> Box:
        """The frame less its margins and a strip for the title at the top."""
        w = self.frame_w - 2 * MARGIN
        h = self.frame_h - 2 * MARGIN - top_reserve
        return Box(np.array([0.0, -top_reserve / 2, 0.0]), w, h)

    def panels(self, n: int = 2, weights: tuple[float, ...] | None = None, gap: float = 0.3,
               top_reserve: float = TITLE_RESERVE) -> list[Box]:
        """Split the content area into ``n`` boxes: a row on wide frames, a column otherwise."""
        return self.content_box(top_reserve).split(weights or (1.0,) * n, vertical=self.shape != "wide", gap=gap)

    def layout(self, main: float = 3.0, side: float = 2.0, *, square: tuple[float, float] | None = None,
               tall: tuple[float, float] | None = None, gap: float = 0.3) -> Layout:
        """The scene's title (also ``self.title_mob``) and the boxes below it.

        ``main : side`` is the share of the content area each gets: widths on a
        wide frame, heights on square and tall ones; ``square`` and ``tall``
        give other shares for those shapes.

        Examples
        --------
        ::

            class MyScene(MathvizScene):
                title = "My scene"

                def construct(self):
                    layout = self.layout(3, 2, tall=(5, 3))
                    self.play(FadeIn(layout.title))
                    self.play(FadeIn(self.fit(self.tex("e^{i\\pi} = -1"), layout.side)))
        """
        weights = {"square": square, "tall": tall}.get(self.shape) or (main, side)
        main_box, side_box = self.panels(2, weights, gap=gap)
        if getattr(self, "title_mob", None) is None:
            self.title_mob = self._build_title(self.title)
        return Layout(self.shape, self.title_mob, main_box, side_box)

    @staticmethod
    def fit(mobject: Mobject, box: Box, buff: float = 0.1, readable: bool = READABLE_FIT) -> Mobject:
        """Scale ``mobject`` down (never up) to fit ``box`` and centre it there.

        With ``readable`` it is never shrunk so far that its text falls under
        :data:`~mathviz.kit.theme.MIN_FONT`: then it stays larger than the box, and the
        scene must give it more room (another layout, rows in columns, a shorter text).
        """
        scale = MathvizScene.fit_scale(mobject, box, buff)
        if readable:
            scale = max(scale, min(readable_scale(mobject), 1.0))
        mobject.scale(scale)
        mobject.move_to(box.center)
        return mobject

    @staticmethod
    def fit_scale(mobject: Mobject, box: Box, buff: float = 0.1) -> float:
        """The factor :meth:`fit` would scale ``mobject`` by to fit ``box``, text size aside."""
        w, h = max(mobject.width, 1e-6), max(mobject.height, 1e-6)
        return min((box.width - 2 * buff) / w, (box.height - 2 * buff) / h, 1.0)

    def swap_panel_across(self, *rows: Mobject, gap: float = 0.7) -> Mobject:
        """:meth:`swap_panel`, except that on a square frame (whose panel is a low strip below the
        figure) the rows stand side by side where they fit so readably: stacked, they would shrink."""
        from manim import DOWN, RIGHT, VGroup

        if self.shape == "square" and len(rows) > 1:
            side_by_side = VGroup(*rows).arrange(RIGHT, buff=gap)
            if self.fits_readably(side_by_side, self.panel_box):
                return self.swap_panel(side_by_side)
            VGroup(*rows).arrange(DOWN)  # too wide for this frame: stacked after all
        return self.swap_panel(*rows)

    @staticmethod
    def fits_readably(mobject: Mobject, box: Box, buff: float = 0.1) -> bool:
        """Would ``mobject`` fit ``box`` with its text at :data:`~mathviz.kit.theme.MIN_FONT` or more?"""
        return MathvizScene.fit_scale(mobject, box, buff) >= readable_scale(mobject) - 1e-9

    def fit_rows(self, rows: Mobject, box: Box, buff: float = 0.25, columns: int | None = None,
                 column_gap: float = 0.6, align: str = "left", readable: bool = READABLE_FIT) -> Mobject:
        """Arrange ``rows`` (a group) top to bottom, left-aligned, and :meth:`fit` them into ``box``.

        A box more than ``WIDE_BOX`` times as wide as it is high (the low strip
        below a figure on a square frame) takes the rows in two columns, so
        they need not shrink to fit its height; ``columns`` forces a count.
        ``align="anchor"`` lines up the ``anchor`` of the rows that have one
        (a :class:`~mathviz.kit.readouts.ReadoutRow`'s "="), as TeX's ``align`` would.
        """
        from manim import VGroup

        def arrange(count):
            per = -(-len(rows) // count)
            parts = [VGroup(*rows[i * per:(i + 1) * per]) for i in range(count)]
            for part in parts:
                part.arrange(DOWN, aligned_edge=LEFT, buff=buff)
                anchored = [row for row in part if hasattr(row, "anchor")] if align == "anchor" else []
                if anchored:
                    at = max(row.anchor for row in anchored)
                    for row in anchored:
                        row.shift((at - row.anchor) * RIGHT)
            for before, part in zip(parts, parts[1:]):
                part.next_to(before, RIGHT, buff=column_gap).align_to(before, UP)

        count = columns or (2 if box.width > WIDE_BOX * box.height and len(rows) > 2 else 1)
        arrange(count)
        if readable and columns is None and len(rows) > 2 and not self.fits_readably(rows, box):
            # the rows would shrink below a readable size: try them in the other number of columns
            first = self.fit_scale(rows, box)
            arrange(3 - count)
            if self.fit_scale(rows, box) < first:
                arrange(count)
        return self.fit(rows, box, readable=readable)

    @staticmethod
    def backdrop(mobject: Mobject) -> Mobject:
        """Mark a full-frame decoration (a background grid) that may run to the frame's edge."""
        return mark_backdrop(mobject)

    def check_layout(self) -> list[str]:
        """Visible mobjects now outside the frame or touching its edge (see mathviz.kit.layout),
        and a camera left zoomed in (what lies outside its view would go unseen)."""
        zoomed = [ZOOMED] if self.zoomed else []
        return zoomed + overflow(self.mobjects, self.frame_w, self.frame_h)

    # -- text in the theme ---------------------------------------------------

    def text(self, content: str, role: str = "body", color: str | None = None) -> Text:
        return Text(content, font_size=self.theme.font_size(role), color=color or self.theme.text)

    def tex(self, *parts: str, role: str = "body", color: str | None = None) -> MathTex:
        return MathTex(*parts, font_size=self.theme.font_size(role) * TEX_SCALE, color=color or self.theme.text)

    def plain_tex(self, content: str, role: str = "body", color: str | None = None) -> Tex:
        return Tex(content, font_size=self.theme.font_size(role) * TEX_SCALE, color=color or self.theme.text)

    def number(self, value: float, role: str = "label", color: str | None = None, **kwargs) -> NumberReadout:
        """A :class:`~mathviz.kit.readouts.NumberReadout` with the digits ``self.tex(role=role)`` sets;
        ``kwargs`` are its formatting (``decimals``, ``digits``, ``include_sign``, ``widest`` ...)."""
        return NumberReadout(value, font_size=self.theme.font_size(role) * TEX_SCALE, color=color or self.theme.text,
                             **kwargs)

    def readout_row(self, *parts, role: str = "label", color: str | None = None) -> ReadoutRow:
        """A :class:`~mathviz.kit.readouts.ReadoutRow` in the theme: ``self.readout_row("n =", self.number(4))``.

        The row is the one piece for "label = number" lines, live or not: make
        its numbers with :meth:`number` at the same ``role`` and change them
        with ``row.set_values(...)``.
        """
        return ReadoutRow(*parts, font_size=self.theme.font_size(role) * TEX_SCALE, color=color or self.theme.text)

    def _build_title(self, content: str) -> Text:
        title = self.text(content, "title")
        if title.width > self.frame_w - 2 * MARGIN:
            title.scale_to_fit_width(self.frame_w - 2 * MARGIN)
        return title.to_edge(UP, buff=MARGIN)

    # -- beats ---------------------------------------------------------------

    def setup(self):
        self.camera.background_color = self.theme.background

    def beat(self, name: str, narration: str) -> None:
        """Start a beat: a section, subtitle cues, a spoken line, a slide and a chapter point.

        The beat before it is closed first, held until its words are read or said.
        """
        self._close_beat()
        self.next_section(name)
        beat = Beat(name, " ".join(narration.split()), start=float(self.time))
        beat.start_frame = self._frames
        if self.speaker is not None and beat.narration:
            beat.audio, beat.speech = self.speaker(len(self.beats) + 1, name, beat.narration)
        self.beats.append(beat)

    def reading_time(self, narration: str | None = None) -> float:
        """Seconds it takes to read ``narration`` (default: the current beat's) at :data:`READING_CPS`."""
        if narration is None:
            narration = self.beats[-1].narration if self.beats else ""
        return len(" ".join(narration.split())) / READING_CPS

    def beat_length(self, beat: Beat | None = None) -> float:
        """The least a beat lasts: its narration's reading time, or its speech and a short pause."""
        beat = beat if beat is not None else self.beats[-1]
        spoken = beat.speech + SPEECH_GAP if beat.speech else 0.0
        return max(self.reading_time(beat.narration), spoken)

    def hold_for_reading(self, at_least: float = 0.0) -> None:
        """Hold the frame: ``at_least`` seconds, and longer if the current beat has not yet
        lasted its :meth:`beat_length` (read at ``READING_CPS``, or spoken).

        Every beat is held this way when it closes; call it yourself where the
        picture should rest *before* the beat's next animation.
        """
        # Counted in frames: a real render's clock moves frame by frame, a skipped one (a dry
        # run, a still's scan) by each animation's exact length, and both must hold alike.
        fps = float(config.frame_rate)
        frames = math.ceil(at_least * fps - 1e-9)
        if self.beats and self.beats[-1].end is None:
            beat = self.beats[-1]
            needed = math.ceil(self.beat_length(beat) * fps - 1e-9)
            frames = max(frames, needed - (self._frames - getattr(beat, "start_frame", self._frames)))
        if frames > 0:  # a still frame, half a frame over: manim's frame count then gives exactly `frames`
            self.wait((frames + 0.5) / fps, frozen_frame=True)

    def play(self, *args, **kwargs):
        super().play(*args, **kwargs)
        self._frames += frames_of(self.duration, float(config.frame_rate), self.is_current_animation_frozen_frame())

    def _close_beat(self) -> None:
        if not self.beats or self.beats[-1].end is not None:
            return
        if self.hold_beats:
            self.hold_for_reading()
        beat = self.beats[-1]
        beat.end = float(self.time)
        for problem in self.check_layout():
            entry = f"beat {len(self.beats)} ({beat.name}): {problem}"
            if entry not in self.layout_report:
                self.layout_report.append(entry)
        spoken_until = beat.start + beat.speech if beat.speech else beat.end
        for cue in split_cues(beat.narration, beat.start, min(spoken_until, beat.end)):
            self.add_subcaption(cue.text, duration=cue.end - cue.start, offset=cue.start - beat.end)

    def tear_down(self):
        from manim.utils.exceptions import EndSceneEarlyException

        try:
            self._close_beat()
        except EndSceneEarlyException:  # a partial run (a still's one animation) ends before this hold
            pass
        super().tear_down()


def frames_of(duration: float, fps: float, frozen: bool) -> int:
    """Frames manim draws for one ``play``/``wait`` of ``duration`` seconds: a still frame is
    repeated ``int(duration / dt)`` times; anything that moves is drawn at ``np.arange(0, duration, dt)``.

    >>> frames_of(1.0, 15, frozen=False), frames_of(0.7, 15, frozen=False), frames_of(0.7, 15, frozen=True)
    (15, 11, 10)
    """
    dt = 1 / fps
    return int(duration / dt) if frozen else len(np.arange(0, duration, dt))


def frame_shape(width: float, height: float) -> str:
    """The shape of a ``width`` x ``height`` frame.

    >>> [frame_shape(16, 9), frame_shape(4, 3), frame_shape(1, 1), frame_shape(9, 16)]
    ['wide', 'square', 'square', 'tall']
    """
    ratio = width / height
    return "wide" if ratio >= WIDE_FROM else "tall" if ratio < TALL_BELOW else "square"


__all__ = ["MathvizScene", "Beat", "Box", "Layout", "MARGIN", "READING_CPS", "TEX_SCALE", "SHAPES", "frame_shape",
           "LEFT", "RIGHT", "UP", "DOWN"]
