"""A number readout cheap enough to change on every frame.

``DecimalNumber.set_value`` deep-copies one TeX glyph mobject per character,
tens of milliseconds a call: a counter ticking every frame would cap the
scene well below 30 frames per second. :class:`GlyphNumber` compiles the
digits once and, on each change, only copies point arrays into a fixed row
of character slots.
"""

from __future__ import annotations

import numpy as np
from manim import MathTex, VGroup, VMobject

CHARS = "0123456789.,-"
TEX = r"0123456789.{,}-"  # the same characters in TeX; '-' is the minus sign
ALIASES = {"\u2212": "-"}


class GlyphNumber(VGroup):
    """A left-aligned row of up to ``max_chars`` characters from ``0-9 . , -``.

    ``set_text`` changes what it shows; ``text`` is what it shows now (for
    tests). Digits get equal cells, as in a table, so a ticking counter does
    not jitter. The first submobject is an invisible baseline that spans the
    widest text: it keeps the bounding box (and so layouts) stable and
    carries the position and scale that ``set_text`` reads back.
    """

    def __init__(self, text: str, max_chars: int, font_size: float, color, **kwargs):
        super().__init__(**kwargs)
        glyphs = MathTex(TEX, font_size=font_size)[0]
        if len(glyphs) != len(CHARS):
            raise RuntimeError(f"expected {len(CHARS)} glyphs from TeX, got {len(glyphs)}")
        baseline = glyphs[1].get_bottom()[1]  # the '1' has no overshoot below the line
        digit_cell = (glyphs[9].get_center()[0] - glyphs[0].get_center()[0]) / 9
        bearing = digit_cell - glyphs[0].width
        self._shapes: dict[str, tuple[np.ndarray, float]] = {}
        for ch, glyph in zip(CHARS, glyphs):
            cell = digit_cell if ch.isdigit() else glyph.width + bearing
            offset = np.array([glyph.get_left()[0] - (cell - glyph.width) / 2, baseline, 0.0])
            self._shapes[ch] = (glyph.points - offset, cell)
        self._length = max_chars * digit_cell
        self.max_chars = max_chars
        baseline_mob = VMobject(stroke_opacity=0.0, fill_opacity=0.0, stroke_width=0.0)
        baseline_mob.set_points_as_corners([[0.0, 0.0, 0.0], [self._length, 0.0, 0.0]])
        slots = [VMobject(fill_color=color, fill_opacity=1.0, stroke_width=0.0) for _ in range(max_chars)]
        self.add(baseline_mob, *slots)
        self.text = ""
        self.set_text(text)

    @property
    def slots(self) -> list[VMobject]:
        return list(self.submobjects[1:])

    def set_text(self, text: str) -> "GlyphNumber":
        text = "".join(ALIASES.get(c, c) for c in text)
        if len(text) > self.max_chars or any(c not in self._shapes for c in text):
            raise ValueError(f"GlyphNumber shows up to {self.max_chars} of {CHARS!r}, not {text!r}")
        line = self.submobjects[0].points
        origin, scale = line[0], np.linalg.norm(line[-1] - line[0]) / self._length
        cursor = 0.0
        for i, slot in enumerate(self.slots):
            if i < len(text):
                shape, cell = self._shapes[text[i]]
                slot.points = origin + (shape + np.array([cursor, 0.0, 0.0])) * scale
                cursor += cell
            else:
                slot.points = np.zeros((0, 3))
        self.text = text
        return self
