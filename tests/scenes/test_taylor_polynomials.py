"""taylor-polynomials: the polynomials, coefficients and errors drawn are the core's."""

from __future__ import annotations

import numpy as np
import pytest

from mathviz.core.calculus import taylor_polynomial
from mathviz.core.expr import parse_function
from support import assert_low_render_matches, assert_refused_in_one_line, dry_run

N = 8


def closed_form(k: int) -> float:
    """a_k of log(1 + x) at 0: (-1)^(k+1) / k."""
    return 0.0 if k == 0 else (-1.0) ** (k + 1) / k


def _hex(color) -> str:
    return color.to_hex().lower()


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    return dry_run("taylor-polynomials", tmp_path_factory.mktemp("taylor"))


def test_every_order_is_shown_with_its_coefficient(scene):
    assert [b.name for b in scene.beats] == ["function", "first", "higher", "error"]
    np.testing.assert_allclose(scene.coefficients, [closed_form(k) for k in range(N + 1)], atol=1e-15)
    assert [k for k, _ in scene.shown] == list(range(N + 1))
    texts = dict(scene.shown)
    assert texts[0] == "a_{0} = 0" and texts[2] == "a_{2} = -0.5" and texts[8] == "a_{8} = -0.125"
    assert texts[3] == r"a_{3} \approx 0.333"  # rounded, and says so


def test_the_last_curve_drawn_is_the_order_n_polynomial(scene):
    f = parse_function("log(1 + x)")
    p = taylor_polynomial(f, 0.0, N)
    lo, hi = scene.y_range
    points = np.concatenate([np.array([scene.axes.p2c(q)[:2] for q in piece.get_anchors()]) for piece in scene.poly])
    inside = (points[:, 1] > lo + 1e-9) & (points[:, 1] < hi - 1e-9)
    assert inside.sum() > 100
    np.testing.assert_allclose(points[inside, 1], p(points[inside, 0]), atol=1e-6)
    assert _hex(scene.poly[0].get_stroke_color()) == scene.theme.estimate.lower()
    # it leaves the window on the right: beyond the radius of convergence 1 it swings away
    assert points[:, 0].max() < 2.0 - 1e-3


def test_the_error_dots_are_the_partial_sums_errors(scene):
    t = scene.theme
    for x, dots, color in zip((0.5, 1.5), scene.series, (t.first, t.second)):
        partial = np.cumsum([closed_form(k) * x**k for k in range(N + 1)])
        expected = np.abs(np.log1p(x) - partial)
        np.testing.assert_allclose(dots.errors, expected, rtol=1e-12)
        for k, dot in enumerate(dots):
            np.testing.assert_allclose(dot.get_center(), scene.error_plot[0].to_point(k, expected[k]), atol=1e-9)
            assert _hex(dot.get_color()) == color.lower()
    inside, outside = (s.errors for s in scene.series)
    assert np.all(np.diff(inside) < 0) and outside[-1] > outside[2]
    # the gaps drawn at the chosen points at the end: from f(x) to p_n(x), cut at the window
    p = taylor_polynomial(parse_function("log(1 + x)"), 0.0, N)
    for x, segment in zip((0.5, 1.5), scene.segments):
        start, end = (scene.axes.p2c(q)[:2] for q in segment.get_start_and_end())
        np.testing.assert_allclose([start[0], end[0]], [x, x], atol=1e-9)
        np.testing.assert_allclose([start[1], end[1]], np.clip([np.log1p(x), p(x)], *scene.y_range), atol=1e-6)


def test_the_narration_says_what_the_errors_do(scene):
    assert "on the right, each new order swings further off" in scene.beats[2].narration
    said = scene.beats[3].narration
    assert "At x = 0.5 it falls to about 0.00015 by order 8" in said
    assert "At x = 1.5 it grows instead, to about 1.8" in said
    assert "Order two adds the bend: a parabola." in scene.beats[1].narration


def test_an_entire_function_converges_everywhere_drawn(tmp_path):
    scene = dry_run("taylor-polynomials", tmp_path, theme="light", aspect="9:16", f="sin(x)", a=-4, b=4,
                    x="[3.5]", n=9)
    assert "On all of this interval, more terms bring them closer." in scene.beats[2].narration
    assert "Order two would add the bend, but f has none at x0" in scene.beats[1].narration
    assert len(scene.series) == 1 and "falls to" in scene.beats[3].narration


@pytest.mark.parametrize("values, message", [
    ({"x0": "3"}, "must lie in [a, b]"),
    ({"x": "[0.01]"}, "away from x0"),
    ({"x": "[1, 1]"}, "names the same point twice"),
    ({"f": "x^2", "x": "[0.5]"}, "already f itself"),
    ({"f": "abs(x)"}, "not differentiable"),
    ({"f": "log(x)"}, "not finite"),
    ({"n": "0"}, "parameter n"),
    ({"a": "2", "b": "1"}, "must be less than b"),
])
def test_bad_parameters_are_refused_in_one_line(values, message, tmp_path):
    assert_refused_in_one_line("taylor-polynomials", values, message, tmp_path)


@pytest.mark.slow
def test_low_quality_render_decodes_with_its_last_frame(render_low, frame_regression):
    assert_low_render_matches(render_low, frame_regression, "taylor-polynomials")
