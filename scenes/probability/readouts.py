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
    not jitter. All glyphs live in one ``VMobject`` (one path of many
    subpaths: one thing to draw per frame, not one per character). The other
    submobject is an invisible baseline spanning the widest text: it keeps
    the bounding box (and so layouts) stable and carries the position and
    scale that ``set_text`` reads back.
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
        line = VMobject(stroke_opacity=0.0, fill_opacity=0.0, stroke_width=0.0)
        line.set_points_as_corners([[0.0, 0.0, 0.0], [self._length, 0.0, 0.0]])
        self.body = VMobject(fill_color=color, fill_opacity=1.0, stroke_width=0.0)
        self.add(line, self.body)
        self.text = ""
        self.set_text(text)

    def set_text(self, text: str) -> "GlyphNumber":
        text = "".join(ALIASES.get(c, c) for c in text)
        if len(text) > self.max_chars or any(c not in self._shapes for c in text):
            raise ValueError(f"GlyphNumber shows up to {self.max_chars} of {CHARS!r}, not {text!r}")
        line = self.submobjects[0].points
        origin, scale = line[0], np.linalg.norm(line[-1] - line[0]) / self._length
        pieces, cursor = [np.zeros((0, 3))], 0.0
        for ch in text:
            shape, cell = self._shapes[ch]
            pieces.append(origin + (shape + np.array([cursor, 0.0, 0.0])) * scale)
            cursor += cell
        self.body.points = np.concatenate(pieces)
        self.text = text
        return self
