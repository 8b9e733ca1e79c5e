"""Drawing helpers shared by scenes."""

from __future__ import annotations

import numpy as np
import pytest
from manim import MathTex

from scenes._components import clip_line, glyph_number


@pytest.mark.parametrize("value, decimals, sign", [(-0.4961, 4, False), (12.5, 1, True), (0.0078, 4, True)])
def test_glyph_number_matches_tex_layout(value, decimals, sign):
    text = format(value, f"{'+' if sign else ''}.{decimals}f")
    readout = glyph_number(value, decimals=decimals, include_sign=sign, font_size=36)
    tex = MathTex("".join("{" + c + "}" if c in "+-" else c for c in text), font_size=36)
    drawn = [s for s in readout.slots if s.points.size]
    assert len(drawn) == len(text)
    assert readout.get_value() == value
    # same glyph shapes, same overall extent as TeX typesetting the same string
    assert sum(s.width for s in drawn) == pytest.approx(sum(p.width for p in tex.family_members_with_points()), rel=1e-6)
    span = drawn[-1].get_right()[0] - drawn[0].get_left()[0]
    assert span == pytest.approx(tex.width, rel=0.06)


def test_glyph_number_follows_the_group_it_was_scaled_with():
    readout = glyph_number(1.25, decimals=2, font_size=36)
    before = glyph_number(7.75, decimals=2, font_size=36).slots[0].height
    readout.scale(2).move_to(np.array([3.0, 1.0, 0.0]))
    readout.set_value(7.75)
    assert readout.slots[0].height == pytest.approx(2 * before, rel=1e-6)
    assert readout.ruler.get_start()[0] == pytest.approx(readout.slots[0].get_left()[0], abs=0.05)


def test_glyph_number_refuses_overflowing_text():
    with pytest.raises(ValueError, match="slots"):
        glyph_number(1e20, decimals=2, slots=6)


def test_clip_line_misses_the_box():
    assert clip_line(0.0, 0.0, 5.0, (-1, 1), (-1, 1)) is None
