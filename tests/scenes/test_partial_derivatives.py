"""partial-derivatives: the cuts' tangents, the gradient arrow and the directional-derivative dial
agree with the core and with the closed form; bad parameters are refused in one line."""

from __future__ import annotations

import numpy as np
import pytest
from manim import ManimColor

from mathviz.core.optimize import directional_derivatives, partial_derivatives, vector_function
from mathviz.core.expr import parse_function
from support import assert_low_render_matches, assert_refused_in_one_line, dry_run

SCENE = "partial-derivatives"
X0, Y0 = 0.8, 0.9  # the default point; f = sin(x) + cos(y) + x/4
GRAD = np.array([np.cos(X0) + 0.25, -np.sin(Y0)])


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    return dry_run(SCENE, tmp_path_factory.mktemp("partials"))


def data(scene, point):
    return np.asarray(scene.map.p2c(point))[:2]


def same_color(a, b):
    return ManimColor(a).to_hex().lower() == ManimColor(b).to_hex().lower()


def test_the_partials_are_the_closed_form_gradient(scene):
    np.testing.assert_allclose(scene.grad, GRAD, atol=1e-8)
    assert scene.steepest == pytest.approx(np.linalg.norm(GRAD), abs=1e-8)


@pytest.mark.parametrize("axis", [0, 1])
def test_each_tangent_rises_by_its_partial_derivative(scene, axis):
    plane, curve, tangent = scene.cuts[axis]
    assert same_color(tangent.get_color(), scene.theme.first if axis == 0 else scene.theme.second)
    start, end = tangent.get_start(), tangent.get_end()
    # the ends are the points p -/+ r e_axis at heights f(p) -/+ r * slope, for the r that fits
    for r in np.linspace(0.01, scene.extent, 2000):
        step = np.eye(2)[axis] * r
        lo = scene.surface_point(*(scene.point - step), scene.value - r * GRAD[axis])
        if np.linalg.norm(lo - start) < 2e-3:
            hi = scene.surface_point(*(scene.point + step), scene.value + r * GRAD[axis])
            np.testing.assert_allclose(end, hi, atol=2e-3)
            break
    else:
        pytest.fail("the tangent does not start on the line of slope df/dx_i through the point")
    # the curve lies on the surface along the cut
    pts = curve.get_anchors()
    held = (Y0 if axis == 0 else X0)
    first = scene.surface_point(-scene.extent, held) if axis == 0 else scene.surface_point(held, -scene.extent)
    np.testing.assert_allclose(pts[0], first, atol=1e-6)


def test_the_gradient_arrow_is_the_gradient_and_its_components(scene):
    arrow = scene.grad_arrow
    assert same_color(arrow.get_color(), scene.theme.highlight)
    np.testing.assert_allclose(data(scene, arrow.get_start()), [X0, Y0], atol=1e-6)
    drawn = data(scene, arrow.get_end()) - [X0, Y0]
    np.testing.assert_allclose(drawn / np.linalg.norm(drawn), GRAD / np.linalg.norm(GRAD), atol=1e-3)
    across, up = scene.components
    np.testing.assert_allclose(data(scene, across.get_end()) - data(scene, across.get_start()),
                               [scene.arrow_scale * GRAD[0], 0], atol=2e-3)
    np.testing.assert_allclose(data(scene, up.get_end()) - data(scene, up.get_start()),
                               [0, scene.arrow_scale * GRAD[1]], atol=2e-3)


def test_the_dial_is_grad_dot_u_and_peaks_along_the_gradient(scene):
    pts = np.array([scene.dial.p2c(p)[:2] for p in scene.dial_curve.get_anchors()[::7]])
    expected = GRAD[0] * np.cos(np.radians(pts[:, 0])) + GRAD[1] * np.sin(np.radians(pts[:, 0]))
    np.testing.assert_allclose(pts[:, 1], expected, atol=1e-3)
    angle, top = scene.dial.p2c(scene.peak.get_center())[:2]
    assert angle == pytest.approx(np.degrees(np.arctan2(GRAD[1], GRAD[0])) % 360, abs=1e-3)
    assert top == pytest.approx(np.linalg.norm(GRAD), abs=1e-6)
    # the marks at 0 and 90 degrees are the two partials
    marks = [scene.dial.p2c(m.get_center())[:2] for m in scene.marks]
    np.testing.assert_allclose(marks, [[0, GRAD[0]], [90, GRAD[1]]], atol=1e-6)


def test_u_ends_along_the_gradient_with_the_readouts_of_the_core(scene):
    u = data(scene, scene.u_arrow.get_end()) - data(scene, scene.u_arrow.get_start())
    np.testing.assert_allclose(u / np.linalg.norm(u), GRAD / np.linalg.norm(GRAD), atol=2e-3)
    angle_row, slope_row = scene.live_rows
    shown = angle_row.numbers[0].get_value()
    assert shown == round(np.degrees(np.arctan2(GRAD[1], GRAD[0])) % 360)
    f = vector_function(parse_function(scene.params.f, ("x", "y")))
    assert slope_row.numbers[0].get_value() == pytest.approx(
        float(directional_derivatives(f, [X0, Y0], np.radians(shown))), abs=1e-9)
    assert same_color(scene.u_arrow.get_color(), scene.theme.estimate)


def test_narration_says_the_core_numbers(scene):
    assert [b.name for b in scene.beats] == ["surface", "cut-x", "cut-y", "gradient", "direction", "steepest"]
    assert "about 0.95" in scene.beats[1].narration
    assert "about \u22120.78" in scene.beats[2].narration
    assert "about 1.23" in scene.beats[5].narration


def test_another_function_and_point(tmp_path):
    other = dry_run(SCENE, tmp_path, aspect="9:16", f="x^2 - x*y", point="[1, -1]", extent="2")
    np.testing.assert_allclose(other.grad, [2 * 1 + 1, -1], atol=1e-7)
    np.testing.assert_allclose(partial_derivatives(other.F, [1, -1]), other.grad)
    assert other.layout_report == []


@pytest.mark.parametrize("values, message", [
    ({"point": "[3, 0]"}, "too close to the edge of the map"),
    ({"f": "x^2 + y^2", "point": "[0, 0]"}, "the gradient of f vanishes"),
    ({"f": "log(x) + y"}, "is not finite everywhere"),
    ({"f": "x^^2"}, "parameter f"),
])
def test_bad_parameters_are_refused_in_one_line(values, message, tmp_path):
    assert_refused_in_one_line(SCENE, values, message, tmp_path)


@pytest.mark.slow
def test_low_quality_render_decodes_with_its_last_frame(render_low, frame_regression):
    assert_low_render_matches(render_low, frame_regression, SCENE)
