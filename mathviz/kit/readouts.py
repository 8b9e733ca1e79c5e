"""Number readouts cheap enough to change on every frame.

``DecimalNumber.set_value`` typesets and deep-copies one TeX glyph per
character, tens of milliseconds a call: a few readouts ticking every frame
cost more than drawing the frame. :class:`Readout` typesets its glyphs once
per font size and, on each change, only writes outline points into one path.
"""

from __future__ import annotations

import numpy as np
from manim import LEFT, RIGHT, MathTex, VGroup, VMobject

GLYPHS = "0123456789.,-+"
_GLYPH_TEX = r"0123456789.{,}{-}{+}"  # braces: TeX sets ',', '-' and '+' without operator spacing
_GLYPH_CACHE: dict[float, dict] = {}


def _glyph_templates(font_size: float) -> dict:
    """Outline points of each glyph in ``GLYPHS`` at ``font_size``, typeset once with TeX.

    The glyphs come from one formula, so they share a baseline; each entry is
    ``(points relative to the pen position on the baseline, advance width)``.
    TeX gives every digit the same advance; keeping each digit's offset from a
    shared pen position keeps its side bearing, so a changing number does not jitter.
    """
    if font_size not in _GLYPH_CACHE:
        parts = MathTex(_GLYPH_TEX, font_size=font_size).family_members_with_points()
        if len(parts) != len(GLYPHS):
            raise RuntimeError(f"expected {len(GLYPHS)} glyphs from TeX, got {len(parts)}")
        lefts = [part.get_left()[0] for part in parts]
        baseline = parts[1].get_bottom()[1]  # "1" has no overshoot below the baseline
        digit = (lefts[9] - lefts[0]) / 9
        pens = [lefts[0] + i * digit for i in range(10)] + lefts[10:]
        bearing = lefts[1] - parts[0].get_right()[0]
        advances = [digit] * 10 + [b - a for a, b in zip(lefts[10:], lefts[11:])] + [parts[-1].width + bearing]
        _GLYPH_CACHE[font_size] = {
            char: (part.points - np.array([pen, baseline, 0.0]), advance)
            for char, part, pen, advance in zip(GLYPHS, parts, pens, advances)
        }
    return _GLYPH_CACHE[font_size]


def format_number(value: float, decimals: int = 2, include_sign: bool = False, grouping: bool = False) -> str:
    """How a readout writes ``value``: fixed decimals, never ``-0.00``.

    >>> format_number(-0.0004, 3), format_number(0.0, 2, include_sign=True), format_number(12345, 0, grouping=True)
    ('0.000', '+0.00', '12,345')
    """
    text = format(float(value), f"{'+' if include_sign else ''}{',' if grouping else ''}.{decimals}f")
    if float(text.replace(",", "")) == 0:
        text = text.replace("-", "+" if include_sign else "")
    return text


class Readout(VGroup):
    """A row of characters from ``0-9 . , - +``; ``set_text`` changes it in place.

    An invisible baseline carries the position and scale of any ``move_to`` or
    ``scale`` applied to a group around it. With ``width_of`` it is as long as
    that text and stays so, keeping the bounding box steady for layouts
    (``align="right"`` right-aligns texts in it, for a column of numbers);
    without, it follows the text's width.
    """

    def __init__(self, text: str, *, font_size: float = 36, color=None, width_of: str | None = None,
                 align: str = "left"):
        super().__init__()
        self.templates = _glyph_templates(font_size)
        self.align, self.steady = align, width_of is not None
        self.length = max(self.advance(width_of if width_of is not None else text), 1e-3)
        self.baseline = VMobject(stroke_width=0, stroke_opacity=0, fill_opacity=0)
        self.baseline.set_points_as_corners([np.zeros(3), np.array([self.length, 0.0, 0.0])])
        self.body = VMobject(stroke_width=0, fill_opacity=1.0)
        if color is not None:
            self.body.set_fill(color, opacity=1.0)
        self.add(self.baseline, self.body)
        self.text = None
        self.set_text(text)

    def advance(self, text: str) -> float:
        """The width ``text`` takes at this readout's unscaled size."""
        return sum(self.templates[c][1] for c in text if c in self.templates)

    def set_text(self, text: str) -> "Readout":
        if text == self.text:
            return self
        unknown = sorted(set(text) - set(self.templates))
        if unknown:
            raise ValueError(f"a readout shows only {GLYPHS!r}, not {''.join(unknown)!r} in {text!r}")
        start, end = self.baseline.points[0], self.baseline.points[-1]
        span = float(np.linalg.norm(end - start))
        scale = span / self.length  # the size the readout has been scaled to since it was built
        if not self.steady:
            length = max(self.advance(text), 1e-3)
            self.baseline.set_points_as_corners([start, start + (end - start) * length / self.length])
            self.length = length
        cursor = self.length - self.advance(text) if self.align == "right" else 0.0
        pieces = [np.zeros((0, 3))]
        for char in text:
            points, advance = self.templates[char]
            pieces.append(start + scale * (points + np.array([cursor, 0.0, 0.0])))
            cursor += advance
        self.body.points = np.concatenate(pieces)
        self.text = text
        return self


class NumberReadout(Readout):
    """A :class:`Readout` of a number with fixed decimals; ``set_value``/``get_value``.

    ``widest``: the value whose text sets a steady width (default: none, the
    width follows the number). A value that is not finite (the gradient where a
    diverging run stopped, say) shows nothing: there is no number to read.
    """

    def __init__(self, value: float, *, decimals: int = 2, include_sign: bool = False,
                 grouping: bool = False, widest: float | None = None, **kwargs):
        self.decimals, self.include_sign, self.grouping = decimals, include_sign, grouping
        self.value = float(value)
        width_of = self.text_for(widest) if widest is not None else None
        super().__init__(self.text_for(value), width_of=width_of, **kwargs)

    def text_for(self, value: float) -> str:
        if not np.isfinite(value):
            return ""
        return format_number(value, self.decimals, self.include_sign, self.grouping)

    def set_value(self, value: float) -> "NumberReadout":
        self.value = float(value)
        return self.set_text(self.text_for(self.value))

    def get_value(self) -> float:
        return self.value


def change_value(readout: NumberReadout, target: float, **kwargs):
    """An animation taking ``readout`` from its value now to ``target`` (manim's
    ``ChangeDecimalToValue`` accepts only a ``DecimalNumber``)."""
    from manim import UpdateFromAlphaFunc

    start = readout.get_value()
    return UpdateFromAlphaFunc(
        readout, lambda m, alpha: m.set_value(target if alpha >= 1 else start + alpha * (target - start)), **kwargs)


class LiveMatrix(VGroup):
    """A 2x2 (or any shape) grid of number readouts in square brackets; ``set_values(M)``."""

    def __init__(self, values, *, widest: float, places: int = 2, font_size: float = 30, color=None,
                 bracket_color=None, h_gap: float = 0.45, v_gap: float = 0.3):
        super().__init__()
        values = np.asarray(values, dtype=float)
        rows, cols = values.shape
        self.entries = [NumberReadout(-abs(widest), decimals=places, widest=-abs(widest), align="right",
                                      font_size=font_size, color=color) for _ in range(rows * cols)]
        cell_w = max(e.width for e in self.entries)
        cell_h = max(e.height for e in self.entries)
        for i, entry in enumerate(self.entries):
            r, c = divmod(i, cols)
            entry.move_to(np.array([c * (cell_w + h_gap), -r * (cell_h + v_gap), 0.0]), aligned_edge=LEFT)
        body = VGroup(*self.entries)
        pad, lip = 0.16, 0.12
        top, bottom = body.get_top()[1] + pad, body.get_bottom()[1] - pad
        left, right = body.get_left()[0] - pad, body.get_left()[0] + cols * cell_w + (cols - 1) * h_gap + pad
        brackets = VGroup(
            VMobject().set_points_as_corners([[left + lip, top, 0], [left, top, 0], [left, bottom, 0],
                                              [left + lip, bottom, 0]]),
            VMobject().set_points_as_corners([[right - lip, top, 0], [right, top, 0], [right, bottom, 0],
                                              [right - lip, bottom, 0]]),
        ).set_stroke(bracket_color or color, width=2)
        self.brackets = brackets
        self.add(brackets, body)
        self.set_values(values)

    def set_values(self, M) -> "LiveMatrix":
        for entry, value in zip(self.entries, np.ravel(M)):
            entry.set_value(value)
        return self

    def get_entries(self):
        return self.entries


def readout_row(*parts, buff: float = 0.12) -> VGroup:
    """A row of formula pieces and live numbers, re-arranged when a number changes width."""
    row = VGroup(*parts).arrange(RIGHT, buff=buff)
    row.numbers = [p for p in parts if isinstance(p, NumberReadout)]
    row.buff = buff
    return row


def set_row_values(row: VGroup, values) -> None:
    """Write ``values`` into the row's numbers and close the gaps, keeping its left edge."""
    left = row.get_left()
    for number, value in zip(row.numbers, values):
        number.set_value(float(value))
    row.arrange(RIGHT, buff=row.buff)
    row.move_to(left, aligned_edge=LEFT)
