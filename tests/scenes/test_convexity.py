"""convexity: the picture agrees with the core's chord test, second derivative and descent paths."""

from __future__ import annotations

import numpy as np
import pytest

from mathviz.core.calculus import second_derivative
from mathviz.core.expr import parse_function
from mathviz.core.optimizers import is_convex_on, optimize_path
from scenes.optimization.specs import TRAP_LOSS, TRAP_STARTS
from support import assert_low_render_matches, assert_refused_in_one_line


def _data(axes, mob) -> np.ndarray:
    return np.asarray(axes.p2c(mob.get_center()))[:2]


def test_a_convex_default_keeps_every_chord_above_and_says_so(scene_after):
    scene = scene_after("convexity")
    p = scene.params
    f = parse_function(p.f)
    assert is_convex_on(f, p.a, p.b).convex and scene.test.convex
    assert [b.name for b in scene.beats] == ["chord", "chords", "curvature", "corner", "trap"]
    assert "convex here" in scene.beats[1].narration
    xs = np.linspace(p.a, p.b, len(scene.curvature))
    np.testing.assert_allclose(scene.curvature, [second_derivative(f, x) for x in xs])
    low = f"{scene.curvature.min():.2f}"
    assert low in scene.beats[2].narration  # the least f'' the core found, said


def test_a_non_convex_function_shows_the_chord_the_graph_rises_above(scene_after):
    scene = scene_after("convexity", f="sin(x)", a="0", b="3")
    test = is_convex_on(parse_function("sin(x)"), 0, 3)
    assert not test.convex and scene.test.worst == test.worst
    _, chord, dots = scene.chord
    f = parse_function("sin(x)")
    for dot, x in zip(dots, test.worst):  # the chord drawn last is the core's worst pair
        np.testing.assert_allclose(scene.axes_at_chords.p2c(dot.get_center())[:2], [x, f(x)], atol=1e-6)
    assert chord.get_color().to_hex().lower() == scene.theme.negative.lower()
    assert "not convex" in scene.beats[1].narration and "below zero" in scene.beats[2].narration


def test_the_descents_are_the_cores_paths_and_the_corner_slopes_exact(scene_after):
    scene = scene_after("convexity")
    loss = parse_function(TRAP_LOSS)
    for dots, x0 in zip(scene.trap_dots, TRAP_STARTS):
        run = optimize_path(lambda q: float(loss(q[0])), [x0], "gd", 0.1, 40)
        drawn = np.array([_data(scene.axes, d) for d in dots])
        np.testing.assert_allclose(drawn[:, 0], run.points[:, 0], atol=1e-6)
        np.testing.assert_allclose(drawn[:, 1], loss(run.points[:, 0]), atol=1e-6)
    first, second = (d[-1] for d in scene.trap_dots)
    assert _data(scene.axes, first)[1] > _data(scene.axes, second)[1]  # trapped higher than the deeper valley
    assert "minus one to one" in scene.beats[3].narration
    assert scene.corner_slopes == (-1.0, 1.0)


@pytest.mark.parametrize("values, message", [
    ({"a": "1", "b": "1.2"}, "b at least a + 0.5"),
    ({"f": "1/x", "a": "-1", "b": "1"}, "not finite"),
    ({"f": "3"}, "must vary"),
    ({"f": "x^^2"}, "parameter f"),
])
def test_bad_parameters_are_refused_in_one_line(values, message, tmp_path):
    assert_refused_in_one_line("convexity", values, message, tmp_path)


@pytest.mark.slow
def test_low_quality_render_decodes_with_its_last_frame(render_low, frame_regression):
    assert_low_render_matches(render_low, frame_regression, "convexity")
