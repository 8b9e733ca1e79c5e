"""critical-points: the picture agrees with the core's critical points, signs and derivatives."""

from __future__ import annotations

import numpy as np
import pytest

from mathviz.core.calculus import critical_points
from mathviz.core.expr import parse_function
from support import assert_low_render_matches, assert_refused_in_one_line, dry_run

F = parse_function("3x^5 - 5x^3")


def slope(x):
    return 15 * x**4 - 15 * x**2  # f' of the default, by hand


def bend(x):
    return 60 * x**3 - 30 * x  # f''


def _hex(color) -> str:
    return color.to_hex().lower()


def _data(axes, mob) -> np.ndarray:
    return np.asarray(axes.p2c(mob.get_center()))[:2]


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    return dry_run("critical-points", tmp_path_factory.mktemp("cp"))


def test_the_critical_points_are_the_cores_and_sit_on_the_graph(scene):
    assert [b.name for b in scene.beats] == ["graph", "slope", "zeros", "signs", "second", "silent", "decides"]
    points = critical_points(F, -1.2, 1.2)
    assert [p.x for p in scene.points] == [p.x for p in points]
    np.testing.assert_allclose([p.x for p in points], [-1, 0, 1], atol=1e-9)
    for dot, p in zip(scene.f_dots, points):
        np.testing.assert_allclose(_data(scene.axes, dot), [p.x, float(F(p.x))], atol=1e-6)
    for dot, p in zip(scene.d_dots, points):
        np.testing.assert_allclose(_data(scene.d_axes, dot), [p.x, 0.0], atol=1e-6)
    assert [lab.tex_string for lab in scene.kind_labels] == ["max", "neither", "min"]
    narration = scene.beats[2].narration
    assert "three critical points, at x = \u22121, 0 and 1" in narration and "only touches zero" in narration


def test_the_slope_curve_is_f_prime_coloured_by_its_sign(scene):
    t = scene.theme
    assert len(scene.d_curve) >= 4
    for piece in scene.d_curve:
        points = np.array([scene.d_axes.p2c(q)[:2] for q in piece.get_anchors()])
        np.testing.assert_allclose(points[:, 1], slope(points[:, 0]), atol=1e-6)
        middle = points[len(points) // 2, 0]
        expected = t.positive if slope(middle) > 0 else t.negative
        assert _hex(piece.get_stroke_color()) == expected.lower()
    # the readout ended at b with f'(b), rounded as shown
    assert scene.slope_row.numbers[0].text == f"{slope(1.2):.2f}"


def test_sign_marks_read_the_sign_of_f_prime_on_each_side(scene):
    t = scene.theme
    marks = list(scene.sign_marks)
    expected = [("+", -1), ("-", -1), ("-", 0), ("-", 0), ("-", 1), ("+", 1)]
    assert [m.tex_string for m in marks] == [s for s, _ in expected]
    for mark, (sign, at) in zip(marks, expected):
        assert _hex(mark.get_color()) == (t.positive if sign == "+" else t.negative).lower()
    xs = [_data(scene.d_axes, m)[0] for m in marks]
    assert xs[0] < -1 < xs[1] and xs[2] < 0 < xs[3] and xs[4] < 1 < xs[5]
    assert [(p.left, p.right) for p in scene.points] == [(1, -1), (-1, -1), (-1, 1)]


def test_the_second_derivative_decides_twice_and_is_silent_once(scene):
    t = scene.theme
    for dot, p in zip(scene.dd_dots, scene.points):
        np.testing.assert_allclose(_data(scene.dd_axes, dot), [p.x, bend(p.x)], atol=1e-6)
    assert [_hex(d.get_color()) for d in scene.dd_dots] == [t.negative.lower(), t.muted.lower(), t.positive.lower()]
    assert [lab.shown for lab in scene.dd_labels] == [("=", "-30"), ("=", "0"), ("=", "30")]
    assert "At x = 0, though, f double prime is zero too" in scene.beats[4].narration


def test_the_silent_trio_is_told_apart_by_the_first_nonzero_derivative(scene):
    t = scene.theme
    assert [s["point"].kind for s in scene.small] == ["neither", "minimum", "maximum"]
    assert [s["kind"].tex_string for s in scene.small] == ["neither", "minimum", "maximum"]
    assert [o.get_tex_string() for o in scene.order_rows] == ["f'''(0) = 6", "f^{(4)}(0) = 24", "f^{(4)}(0) = -24"]
    assert [_hex(o.get_color()) for o in scene.order_rows] == [t.positive.lower()] * 2 + [t.negative.lower()]
    for s in scene.small:  # the tangents either side: + + for x^3, - + for x^4, + - for -x^4
        signs = [m.get_tex_string() for m in s["slopes"] if hasattr(m, "tex_string")]
        assert signs == {"x^3": ["+", "+"], "x^4": ["-", "+"], "-x^4": ["+", "-"]}[s["f"].text]


def test_another_function_is_narrated_from_its_own_points(tmp_path):
    scene = dry_run("critical-points", tmp_path, theme="light", aspect="9:16", f="sin(x) + x/2", a=-1, b=7)
    assert [p.kind for p in scene.points] == ["maximum", "minimum"]
    np.testing.assert_allclose([p.x for p in scene.points], [2 * np.pi / 3, 4 * np.pi / 3], atol=1e-9)
    assert "two critical points" in scene.beats[2].narration
    assert "decides every one" in scene.beats[4].narration
    assert "would be neither" in scene.beats[3].narration


@pytest.mark.parametrize("values, message", [
    ({"f": "2"}, "constant on [-1.2, 1.2]"),
    ({"f": "exp(x)"}, "has no critical point"),
    ({"f": "abs(x)"}, "no derivative at x = 0"),
    ({"f": "1/x"}, "not finite"),
    ({"a": "1", "b": "0"}, "must be less than b"),
    ({"f": "sin(10x)", "a": "0", "b": "10"}, "more than the picture can label"),
    ({"f": "x^3 - 0.0001x"}, "too close to tell apart"),
    ({"f": "x^^2"}, "parameter f"),
])
def test_bad_parameters_are_refused_in_one_line(values, message, tmp_path):
    assert_refused_in_one_line("critical-points", values, message, tmp_path)


@pytest.mark.slow
def test_low_quality_render_decodes_with_its_last_frame(render_low, frame_regression):
    assert_low_render_matches(render_low, frame_regression, "critical-points")
