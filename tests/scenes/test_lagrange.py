"""lagrange: the touching point, the multiplier and the loosened optimum are the core's; the
gradients drawn there are parallel; bad problems are refused."""

from __future__ import annotations

import numpy as np
import pytest

from mathviz.core.optimizers import lagrange_points
from scenes.optimization.specs import LOOSEN
from support import assert_low_render_matches, assert_refused_in_one_line, dry_run

SCENE = "lagrange"


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    return dry_run(SCENE, tmp_path_factory.mktemp("lagrange"))


def test_the_point_and_multiplier_match_the_closed_form(scene):
    # max x + y on x^2/4 + y^2 = 1: (x, y) = (4, 1)/sqrt(5), lambda = sqrt(5)/2, f = sqrt(5)
    np.testing.assert_allclose(scene.here.point, np.array([4.0, 1.0]) / np.sqrt(5), atol=1e-7)
    assert scene.here.multiplier == pytest.approx(np.sqrt(5) / 2, abs=1e-7)
    np.testing.assert_allclose(scene.axes.p2c(scene.point.get_center())[:2], scene.here.point, atol=1e-6)
    grad_f, grad_g = scene.gradients
    np.testing.assert_allclose(grad_f, scene.here.multiplier * grad_g, atol=1e-6)  # parallel, ratio lambda
    f, g = scene.params.functions()
    loose = lagrange_points(f, lambda p: g(p) - LOOSEN, scene.here.point)
    np.testing.assert_allclose(scene.axes.p2c(scene.loose_dot.get_center())[:2], loose.point, atol=1e-6)
    # on g = c the best value is sqrt(5 (1 + c)): it grows by about lambda c
    assert loose.value == pytest.approx(np.sqrt(5 * (1 + LOOSEN)), abs=1e-7)


def test_beats_and_narration(scene):
    assert [b.name for b in scene.beats] == ["constraint", "touch", "parallel", "loosen"]
    assert "largest value" in scene.beats[0].narration
    assert "1.1" in scene.beats[2].narration and "0.26" in scene.beats[3].narration


@pytest.mark.parametrize("values, message", [
    ({"g": "x^2 + y^2 + 1"}, "no point with grad f = lambda grad g"),
    ({"f": "x^^2"}, "parameter f"),
])
def test_bad_problems_are_refused_in_one_line(values, message, tmp_path):
    assert_refused_in_one_line(SCENE, values, message, tmp_path)


@pytest.mark.slow
def test_low_quality_render_decodes_with_its_last_frame(render_low, frame_regression):
    assert_low_render_matches(render_low, frame_regression, SCENE)
