"""The base scene every mathviz scene derives from: parameters, theme, beats, layout.

A scene is a sequence of *beats*. ``self.beat(name, narration)`` opens one:
it starts a manim section, and when the beat ends (at the next beat, or at
the end of the scene) its narration becomes a subtitle cue spanning exactly
the beat. ``self.beats`` keeps the timings for chapters and slides.

Layout: scenes must not assume 16:9. ``self.frame_w``/``self.frame_h`` give
the frame, ``self.panels(n)`` splits the area below the title into ``n``
boxes (side by side on wide frames, stacked on tall ones) and ``fit`` scales a
mobject into a box.

This module never writes to manim's ``config``: the render worker owns it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, MathTex, Mobject, Scene, Tex, Text, config

from mathviz.kit.layout import mark_backdrop, overflow
from mathviz.kit.theme import Theme, get_theme

MARGIN = 0.35  # scene units kept free along each frame edge


@dataclass
class Beat:
    name: str
    narration: str
    start: float
    end: float | None = None


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


class MathvizScene(Scene):
    """Base class: ``Params`` is the scene's frozen parameter dataclass.

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

    def __init__(self, params=None, theme: Theme | str | None = None, seed: int | None = None, **kwargs):
        self.params = params if params is not None else (self.Params() if self.Params else None)
        self.theme = theme if isinstance(theme, Theme) else get_theme(theme)
        self.seed = 0 if seed is None else int(seed)
        self.beats: list[Beat] = []
        self.layout_report: list[str] = []  # what left the frame, checked at the end of each beat
        super().__init__(**kwargs)

    # -- frame and layout ---------------------------------------------------

    @property
    def frame_w(self) -> float:
        return float(config.frame_width)

    @property
    def frame_h(self) -> float:
        return float(config.frame_height)

    @property
    def portrait(self) -> bool:
        return self.frame_h > self.frame_w * 1.05

    def content_box(self, top_reserve: float = 1.0) -> Box:
        """The frame less its margins and a strip for the title at the top."""
        w = self.frame_w - 2 * MARGIN
        h = self.frame_h - 2 * MARGIN - top_reserve
        return Box(np.array([0.0, -top_reserve / 2, 0.0]), w, h)

    def panels(self, n: int = 2, weights: tuple[float, ...] | None = None, gap: float = 0.3,
               top_reserve: float = 1.0) -> list[Box]:
        """Split the content area into ``n`` boxes: a row on wide frames, a column on tall ones."""
        return self.content_box(top_reserve).split(weights or (1.0,) * n, vertical=self.portrait, gap=gap)

    @staticmethod
    def fit(mobject: Mobject, box: Box, buff: float = 0.1) -> Mobject:
        """Scale ``mobject`` down (never up) to fit ``box`` and centre it there."""
        w, h = max(mobject.width, 1e-6), max(mobject.height, 1e-6)
        scale = min((box.width - 2 * buff) / w, (box.height - 2 * buff) / h, 1.0)
        mobject.scale(scale)
        mobject.move_to(box.center)
        return mobject

    @staticmethod
    def backdrop(mobject: Mobject) -> Mobject:
        """Mark a full-frame decoration (a background grid) that may run to the frame's edge."""
        return mark_backdrop(mobject)

    def check_layout(self) -> list[str]:
        """Visible mobjects now outside the frame or touching its edge (see mathviz.kit.layout)."""
        return overflow(self.mobjects, self.frame_w, self.frame_h)

    # -- text in the theme ---------------------------------------------------

    def text(self, content: str, role: str = "body", color: str | None = None) -> Text:
        return Text(content, font_size=self.theme.font_size(role), color=color or self.theme.text)

    def tex(self, *parts: str, role: str = "body", color: str | None = None) -> MathTex:
        return MathTex(*parts, font_size=self.theme.font_size(role) * 1.2, color=color or self.theme.text)

    def plain_tex(self, content: str, role: str = "body", color: str | None = None) -> Tex:
        return Tex(content, font_size=self.theme.font_size(role) * 1.2, color=color or self.theme.text)

    def _build_title(self, content: str) -> Text:
        title = self.text(content, "title")
        if title.width > self.frame_w - 2 * MARGIN:
            title.scale_to_fit_width(self.frame_w - 2 * MARGIN)
        return title.to_edge(UP, buff=MARGIN)

    # -- beats ---------------------------------------------------------------

    def setup(self):
        self.camera.background_color = self.theme.background

    def beat(self, name: str, narration: str) -> None:
        """Start a beat: a section, a subtitle cue, a slide and a chapter point."""
        self._close_beat()
        self.next_section(name)
        self.beats.append(Beat(name, " ".join(narration.split()), start=float(self.time)))

    def _close_beat(self) -> None:
        if not self.beats or self.beats[-1].end is not None:
            return
        beat = self.beats[-1]
        beat.end = float(self.time)
        for problem in self.check_layout():
            entry = f"beat {len(self.beats)} ({beat.name}): {problem}"
            if entry not in self.layout_report:
                self.layout_report.append(entry)
        length = beat.end - beat.start
        if length > 0:
            self.add_subcaption(beat.narration, duration=length, offset=-length)

    def tear_down(self):
        self._close_beat()
        super().tear_down()


__all__ = ["MathvizScene", "Beat", "Box", "MARGIN", "LEFT", "RIGHT", "UP", "DOWN"]
