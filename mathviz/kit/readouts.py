"""Numbers on screen: one formatter for every number a scene writes, and readouts cheap
enough to change on every frame.

:func:`format_number` writes a number for a readout, a formula, a label or
the narration (:func:`format_vector` and :func:`tex_matrix` for several).

``DecimalNumber.set_value`` typesets and deep-copies one TeX glyph per
character, tens of milliseconds a call: a few readouts ticking every frame
cost more than drawing the frame. :class:`Readout` typesets its glyphs once
per font size and, on each change, only writes outline points into one path.
"""

from __future__ import annotations

import math

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


MINUS = "\u2212"


def format_number(value: float, decimals: int = 2, include_sign: bool = False, grouping: bool = False, *,
                  digits: int | None = None, trim: bool = False, style: str = "ascii") -> str:
    """How mathviz writes a number, on screen and in narration; never ``-0.00``.

    ``decimals`` fixed places, or ``digits`` significant ones (trailing zeros
    dropped, never an exponent: a whole part longer than ``digits`` is
    written whole). ``trim`` drops trailing zeros when the shorter text is
    still exactly the value (``4``, not ``4.0000``; ``0.5`` as typed; a
    rounded ``0.33`` keeps its places, so it reads as rounded).
    ``style``: ``"ascii"`` for readouts and parameters, ``"tex"`` inside
    ``MathTex`` (a grouping comma braced, so TeX does not space it), ``"text"``
    for words on screen and narration (a true minus sign, U+2212).

    >>> format_number(-0.0004, 3), format_number(0.0, 2, include_sign=True), format_number(12345, 0, grouping=True)
    ('0.000', '+0.00', '12,345')
    >>> format_number(4.0, 4, trim=True), format_number(1 / 3, 2, trim=True), format_number(0.5, 4, trim=True)
    ('4', '0.33', '0.5')
    >>> format_number(1 / 3, digits=3), format_number(2.0, digits=3), format_number(123456.7, digits=4, grouping=True)
    ('0.333', '2', '123,457')
    >>> format_number(-1.5, 2, style="text"), format_number(12345, 0, grouping=True, style="tex")
    ('\u22121.50', '12{,}345')
    """
    value = float(value)
    if not math.isfinite(value):
        text = format(value)
    else:
        if digits is not None:
            magnitude = math.floor(math.log10(abs(value))) if value else 0
            decimals = max(0, digits - 1 - magnitude)
        text = format(value, f"{'+' if include_sign else ''}{',' if grouping else ''}.{decimals}f")
        if "." in text and (digits is not None or (trim and float(text.replace(",", "")) == value)):
            text = text.rstrip("0").rstrip(".")
        if float(text.replace(",", "")) == 0:
            text = text.replace("-", "+" if include_sign else "")
    if style == "tex":
        return text.replace(",", "{,}")
    if style == "text":
        return text.replace("-", MINUS)
    if style != "ascii":
        raise ValueError(f"unknown number style {style!r}: choose ascii, tex or text")
    return text


def rounding(value: float, decimals: int = 2, *, digits: int | None = None) -> tuple[str, str]:
    r"""How a computed value is written in a formula: ``("=", text)`` when the text is the value
    itself, ``(r"\approx", text)`` when it was rounded. ``text`` is :func:`format_number` with
    ``trim`` in TeX style; float noise under 1e-12 does not count as rounding.

    >>> rounding(4.0), rounding(1 / 3), rounding(3.9999999999999996), rounding(0.01 * 0.9, digits=3)
    (('=', '4'), ('\\approx', '0.33'), ('=', '4'), ('=', '0.009'))
    """
    value = _without_noise(value)
    text = format_number(value, decimals, digits=digits, trim=True)
    exact = math.isclose(float(text.replace(",", "")), value, rel_tol=1e-12, abs_tol=1e-15)
    return ("=" if exact else r"\approx"), format_number(value, decimals, digits=digits, trim=True, style="tex")


def said(value: float, decimals: int = 2, *, digits: int | None = None) -> str:
    """A computed value in narration: ``"4"`` when it is exact, ``"about 2.87"`` when rounded.

    >>> said(4.0), said(2 / 3), said(-0.25), said(0.1544, digits=3)
    ('4', 'about 0.67', '\u22120.25', 'about 0.154')
    """
    relation, _ = rounding(value, decimals, digits=digits)
    text = format_number(_without_noise(value), decimals, digits=digits, trim=True, style="text")
    return text if relation == "=" else f"about {text}"


def _without_noise(value: float) -> float:
    """``value`` with float noise under 1e-12 removed (log2 16 is computed as 3.9999999999999996)."""
    value = float(value)
    near = round(value, 9)
    return near if abs(value - near) < 1e-12 else value


def format_vector(values, decimals: int = 2, **kwargs) -> str:
    """A vector as a list in brackets, each entry by :func:`format_number`: ``[2, 1]``.

    >>> format_vector([2.0, 1.0], digits=3), format_vector([0.894427, -0.447214], 2, style="tex")
    ('[2, 1]', '[0.89, -0.45]')
    """
    return "[" + ", ".join(format_number(v, decimals, **kwargs) for v in np.ravel(values)) + "]"


def tex_matrix(M, decimals: int = 2, **kwargs) -> str:
    r"""A matrix as TeX ``bmatrix``, each entry by :func:`format_number` (``style="tex"``).

    >>> tex_matrix([[1.0, 0.5], [0.0, -2.0]], trim=True)
    '\\begin{bmatrix}1 & 0.5 \\\\ 0 & -2\\end{bmatrix}'
    """
    kwargs.setdefault("style", "tex")
    rows = [" & ".join(format_number(x, decimals, **kwargs) for x in row) for row in np.atleast_2d(M)]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"


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
        self.base_font_size = float(font_size)
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

    @property
    def drawn_font_size(self) -> float:
        """The font size the readout is drawn at now (its own, times any scaling since)."""
        start, end = self.baseline.points[0], self.baseline.points[-1]
        return self.base_font_size * float(np.linalg.norm(end - start)) / self.length

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
    """A :class:`Readout` of a number, written by :func:`format_number`; ``set_value``/``get_value``.

    ``decimals``, ``include_sign``, ``grouping``, ``digits`` and ``trim`` are
    :func:`format_number`'s. ``widest``: the value whose text sets a steady
    width (default: none, the width follows the number). A value that is not
    finite (the gradient where a diverging run stopped, say) shows nothing:
    there is no number to read.
    """

    def __init__(self, value: float, *, decimals: int = 2, include_sign: bool = False,
                 grouping: bool = False, digits: int | None = None, trim: bool = False,
                 widest: float | None = None, **kwargs):
        self.format = {"decimals": decimals, "include_sign": include_sign, "grouping": grouping,
                       "digits": digits, "trim": trim}
        self.decimals, self.include_sign, self.grouping = decimals, include_sign, grouping
        self.value = float(value)
        width_of = self.text_for(widest) if widest is not None else None
        super().__init__(self.text_for(value), width_of=width_of, **kwargs)

    def text_for(self, value: float) -> str:
        if not np.isfinite(value):
            return ""
        return format_number(value, **self.format)

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


class ReadoutRow(VGroup):
    r"""A line of TeX with numbers in it, set as TeX would set it: ``ReadoutRow(r"n =", number)``.

    ``parts`` are TeX strings and :class:`NumberReadout`\ s in reading order
    (``r"x_k =", "(", x, ",", y, ")"``); a ``(tex, color)`` pair gives one piece
    its own colour. The strings are typeset in one formula (one
    LaTeX run) with a digit ``0`` standing in for each number; each number sits
    on its stand-in's baseline, where TeX would put its digits, at TeX's spacing.
    :meth:`set_values` writes new values and closes the gaps after each
    number, keeping the row's left edge; a number of steady width (``widest``)
    keeps everything after it still. Change the numbers through the row:
    one changed alone keeps its place but not its neighbours' gaps.

    ``labels`` are the TeX pieces, ``numbers`` the readouts, and ``anchor``
    the x where the first piece ends (the ``=`` of ``"label ="``), where
    :meth:`~mathviz.kit.scene.MathvizScene.fit_rows` can line rows up.
    """

    def __init__(self, *parts, font_size: float = 36, color=None):
        super().__init__()
        if not parts:
            raise ValueError("a readout row needs at least one part")
        is_number = [isinstance(p, NumberReadout) for p in parts]
        tex = ["0" if n else (p[0] if isinstance(p, tuple) else str(p)) for p, n in zip(parts, is_number)]
        formula = MathTex(*tex, font_size=font_size, **({"color": color} if color is not None else {}))
        typeset = formula.submobjects
        for part, piece in zip(parts, typeset):
            if isinstance(part, tuple):
                piece.set_color(part[1])
        self.labels = [m for m, n in zip(typeset, is_number) if not n]
        self.numbers = [p for p, n in zip(parts, is_number) if n]
        self._chain = [p if n else m for p, m, n in zip(parts, typeset, is_number)]
        # Where TeX put everything, kept relative to the first element: each element's gap from the
        # one before (a number measured by its stand-in, whose pen advances by one digit) and the
        # height of each number's baseline.
        zero = _glyph_templates(font_size)["0"][1]
        starts = [m.get_left()[0] for m in typeset]
        ends = [m.get_left()[0] + zero if n else m.get_right()[0] for m, n in zip(typeset, is_number)]
        self._gaps = [0.0] + [b - a for a, b in zip(ends, starts[1:])]
        self._ref = self._chain[0]
        ref_bottom = self._ref_point()[1]
        self._rises = [m.get_bottom()[1] - ref_bottom for m, n in zip(typeset, is_number) if n]
        self._ref_size = self._ref_scale()
        self.add(*self._chain)
        self._arrange()

    def _ref_point(self) -> np.ndarray:
        """A point that moves and scales with the row: the first element's lower left."""
        if isinstance(self._ref, NumberReadout):
            return self._ref.baseline.get_start()
        return self._ref.get_corner(np.array([-1.0, -1.0, 0.0]))

    def _ref_scale(self) -> float:
        if isinstance(self._ref, NumberReadout):
            return float(np.linalg.norm(self._ref.baseline.get_end() - self._ref.baseline.get_start()))
        return max(float(self._ref.height), 1e-9)

    def _arrange(self) -> None:
        """Numbers on their baselines, each element after the one before at TeX's gap."""
        scale = self._ref_scale() / self._ref_size
        origin = self._ref_point()
        cursor, rises = None, iter(self._rises)
        for element, gap in zip(self._chain, self._gaps):
            if isinstance(element, NumberReadout):
                x = element.baseline.get_start()[0] if cursor is None else cursor + gap * scale
                target = np.array([x, origin[1] + next(rises) * scale, 0.0])
                element.shift(target - element.baseline.get_start())
                cursor = element.baseline.get_end()[0]
            else:
                if cursor is not None:
                    element.shift((cursor + gap * scale - element.get_left()[0]) * RIGHT)
                cursor = element.get_right()[0]

    @property
    def anchor(self) -> float:
        first = self._chain[0]
        return float(first.baseline.get_end()[0] if isinstance(first, NumberReadout) else first.get_right()[0])

    def set_values(self, *values) -> "ReadoutRow":
        """Write ``values`` (numbers, or one sequence of them) into the row's numbers, in order."""
        if len(values) == 1 and np.ndim(values[0]) == 1:
            values = tuple(values[0])
        for number, value in zip(self.numbers, values):
            number.set_value(float(value))
        self._arrange()
        return self
