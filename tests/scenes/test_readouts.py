"""Numbers on screen: the one formatter (fixed places, significant digits, exact values exact,
TeX and text styles), and readouts: the glyphs TeX would set, in place under any scaling, steady
widths, exact values at the end of an animation, and bad characters refused."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from manim import MathTex

from mathviz.kit.readouts import NumberReadout, Readout, change_value, format_number, format_vector, tex_matrix


def _tex(text: str) -> MathTex:
    return MathTex("".join("{" + c + "}" if c in "+-," else c for c in text), font_size=36)


@pytest.mark.parametrize("value, decimals, sign", [(-0.4961, 4, False), (12.5, 1, True), (0.0078, 4, True)])
def test_a_readout_draws_what_tex_draws(value, decimals, sign):
    readout = NumberReadout(value, decimals=decimals, include_sign=sign, font_size=36)
    text = format(value, f"{'+' if sign else ''}.{decimals}f")
    tex = _tex(text)
    assert readout.text == text and readout.get_value() == value
    assert readout.body.height == pytest.approx(tex.height, rel=1e-6)  # the same glyphs, one baseline
    assert readout.body.width == pytest.approx(tex.width, rel=0.06)  # TeX's spacing, near enough


def test_a_readout_follows_the_group_it_was_scaled_with():
    readout = NumberReadout(1.25, font_size=36)
    fresh = NumberReadout(7.75, font_size=36).body
    readout.scale(2).move_to(np.array([3.0, 1.0, 0.0]))
    start = readout.baseline.get_start().copy()
    readout.set_value(7.75)
    assert readout.body.height == pytest.approx(2 * fresh.height, rel=1e-6)
    assert readout.body.width == pytest.approx(2 * fresh.width, rel=1e-6)
    assert np.allclose(readout.baseline.get_start(), start)  # it grows to the right, from where it was
    assert readout.body.get_left()[0] == pytest.approx(start[0], abs=0.05)


def test_a_steady_width_keeps_the_box_and_right_aligns():
    counter = Readout("1", width_of="10,000", font_size=30)
    width = counter.width
    for text in ("5,000", "10,000", "7"):
        counter.set_text(text)
        assert counter.width == pytest.approx(width)
    column = NumberReadout(-12.0, widest=-12.0, align="right", font_size=30)
    right = column.body.get_right()[0]
    column.set_value(1.5)
    assert column.text == "1.50" and column.body.get_right()[0] == pytest.approx(right, abs=0.02)


def test_a_free_width_follows_the_text():
    readout = NumberReadout(1.0, font_size=30)
    narrow = readout.width
    readout.set_value(-123.25)
    assert readout.width > 1.5 * narrow
    assert readout.baseline.width == pytest.approx(readout.advance(readout.text))


@pytest.mark.parametrize("bad", ["1e5", "nan", "3 4"])
def test_characters_without_a_glyph_are_refused(bad):
    with pytest.raises(ValueError, match="a readout shows only"):
        Readout(bad, font_size=30)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_a_value_that_is_not_finite_shows_nothing(value):
    readout = NumberReadout(1.5, widest=-10.0)
    readout.set_value(value)
    assert readout.text == "" and readout.body.points.shape == (0, 3)
    assert np.isnan(readout.get_value()) or np.isinf(readout.get_value())
    readout.set_value(2.25)
    assert readout.text == "2.25"


def test_change_value_ends_exactly_on_the_target():
    readout = NumberReadout(0.1, decimals=4)
    animation = change_value(readout, 0.7)
    animation.begin()
    animation.interpolate(0.5)
    assert readout.get_value() == pytest.approx(0.4)
    animation.interpolate(1.0)
    assert readout.get_value() == 0.7 and readout.text == "0.7000"


@given(st.floats(-1e6, 1e6, allow_nan=False), st.integers(0, 5), st.booleans(), st.booleans())
def test_format_number_is_the_value_to_its_decimals(value, decimals, sign, grouping):
    text = format_number(value, decimals, sign, grouping)
    assert abs(float(text.replace(",", "")) - value) <= 0.5 * 10.0 ** -decimals + 1e-9
    assert text.startswith(("+", "-")) if sign else not text.startswith("+")
    assert not (float(text.replace(",", "")) == 0 and "-" in text)  # never -0.00
    assert len(text.split(".")[-1]) == decimals if decimals else "." not in text


@given(st.floats(-1e6, 1e6, allow_nan=False), st.integers(1, 6))
def test_significant_digits_round_there_and_never_use_an_exponent(value, digits):
    text = format_number(value, digits=digits)
    assert "e" not in text and not text.endswith(".")
    assert "." not in text or not text.endswith("0")  # trailing zeros say nothing here
    shown = float(text)
    assert not (shown == 0 and text.startswith("-"))
    if value:
        # rounded at the digits-th significant digit; a longer whole part is written whole
        place = min(1.0, 10.0 ** (math.floor(math.log10(abs(value))) - digits + 1))
        assert abs(shown - value) <= 0.5 * place * (1 + 1e-9) + 1e-300


@pytest.mark.parametrize("value, decimals, expected", [
    (4.0, 4, "4"), (0.5, 4, "0.5"), (-2.0, 2, "-2"), (0.0, 2, "0"), (1e-17, 2, "0.00"), (-1e-17, 2, "0.00"),
    (1 / 3, 2, "0.33"), (2.5000001, 2, "2.50"), (12.0, 0, "12"),
])
def test_trim_shows_an_exact_value_exact_and_a_rounded_one_rounded(value, decimals, expected):
    assert format_number(value, decimals, trim=True) == expected


def test_styles_for_tex_and_for_words():
    assert format_number(-12345.5, 1, grouping=True, style="tex") == "-12{,}345.5"
    assert format_number(-12345.5, 1, grouping=True, style="text") == "\u221212,345.5"
    assert format_number(-0.0001, 2, style="text") == "0.00"  # a rounded zero has no sign
    with pytest.raises(ValueError, match="unknown number style"):
        format_number(1.0, style="html")


def test_vectors_and_matrices_write_each_entry_with_format_number():
    assert format_vector([2.0, -1.0], digits=3) == "[2, -1]"
    assert format_vector(np.array([0.894427, 0.447214]), 2) == "[0.89, 0.45]"
    tex = tex_matrix([[1.0, 2.0], [3.0, 4.5]], 2, trim=True)
    assert tex == r"\begin{bmatrix}1 & 2 \\ 3 & 4.5\end{bmatrix}"
    MathTex(tex)  # valid TeX


def test_a_readout_writes_what_format_number_writes():
    readout = NumberReadout(3.5, digits=4, font_size=30)
    assert readout.text == "3.5"
    readout.set_value(1.70782513)
    assert readout.text == format_number(1.70782513, digits=4) == "1.708"
    exact = NumberReadout(2.0, decimals=2, trim=True, font_size=30)
    assert exact.text == "2"


# -- a row of TeX and readouts ------------------------------------------------------------------


def _starts(mobjects):
    return np.array([m.get_left()[0] for m in mobjects])


def test_a_readout_row_sets_numbers_where_tex_would():
    from mathviz.kit.readouts import ReadoutRow

    x = NumberReadout(0.5, decimals=3, include_sign=True, font_size=36)
    y = NumberReadout(-1.25, decimals=3, include_sign=True, font_size=36)
    row = ReadoutRow("x_k =", "(", x, ",", y, ")", font_size=36)
    tex = MathTex("x_k =", "(", "{+}0.500", ",", "{-}1.250", ")", font_size=36)
    # every piece where TeX put it, relative to the row's start (within a hair of glyph spacing)
    ours = _starts([row.labels[0], row.labels[1], x.body, row.labels[2], y.body, row.labels[3]])
    np.testing.assert_allclose(ours - ours[0], _starts(tex.submobjects) - _starts(tex.submobjects)[0], atol=0.03)
    # the digits stand on TeX's baseline, as far above the label's bottom as TeX's digits are
    rise = x.body.get_bottom()[1] - row.labels[0].get_bottom()[1]
    assert rise == pytest.approx(tex[2].get_bottom()[1] - tex[0].get_bottom()[1], abs=0.01)
    assert row.numbers == [x, y] and row.anchor == pytest.approx(row.labels[0].get_right()[0])


def test_set_values_closes_the_gaps_and_keeps_the_left_edge_under_any_scaling():
    from mathviz.kit.readouts import ReadoutRow

    value = NumberReadout(1.0, decimals=2, font_size=36)
    row = ReadoutRow("a =", value, r"\text{ m}", font_size=36)
    row.scale(0.5).move_to(np.array([2.0, 1.0, 0.0]))
    left, gap = row.get_left()[0], row.labels[1].get_left()[0] - value.baseline.get_end()[0]
    row.set_values(-123.25)
    assert value.text == "-123.25" and row.get_left()[0] == pytest.approx(left)
    assert row.labels[1].get_left()[0] - value.baseline.get_end()[0] == pytest.approx(gap)


def test_a_steady_number_keeps_what_follows_still():
    from mathviz.kit.readouts import ReadoutRow

    x = NumberReadout(0.0, decimals=3, include_sign=True, widest=-12.0, font_size=30)
    y = NumberReadout(0.0, decimals=3, include_sign=True, widest=-12.0, font_size=30)
    row = ReadoutRow("(", x, ",", y, ")", font_size=30)
    places = _starts(row.labels)
    for values in ([3.25, -4.0], [-11.5, 0.001], np.array([0.0, 7.0])):
        row.set_values(values)
        np.testing.assert_allclose(_starts(row.labels), places)
    assert (x.text, y.text) == ("+0.000", "+7.000")


def test_a_piece_may_carry_its_own_colour():
    from mathviz.kit.readouts import ReadoutRow

    row = ReadoutRow(("E[X] =", "#E69F00"), NumberReadout(3.5, digits=4, font_size=30), font_size=30, color="#FFFFFF")
    assert row.labels[0].get_color().to_hex().upper() == "#E69F00"
    assert row.numbers[0].text == "3.5"
