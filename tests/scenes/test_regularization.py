"""regularization: the fits drawn are the core's ridge and lasso, the regions pass through them,
and the weight paths are the core's, lasso's reaching exactly zero."""

from __future__ import annotations

import numpy as np
import pytest

from mathviz.core.optimizers import correlated_data, lasso, lasso_violation, ridge
from scenes.optimization.specs import TRUE_WEIGHTS
from support import assert_low_render_matches, assert_refused_in_one_line, dry_run

SCENE = "regularization"


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    return dry_run(SCENE, tmp_path_factory.mktemp("regularization"))


def test_the_fits_are_the_cores_and_the_regions_pass_through_them(scene):
    p = scene.params
    X, y = correlated_data(p.n, TRUE_WEIGHTS, p.correlation, p.noise, p.seed)
    w_ridge, w_lasso = ridge(X, y, p.alpha), lasso(X, y, p.alpha)
    assert lasso_violation(X, y, w_lasso, p.alpha) < 1e-8
    axes = scene.map_axes
    np.testing.assert_allclose(axes.p2c(scene.ridge_dot.get_center())[:2], w_ridge, atol=1e-6)
    np.testing.assert_allclose(axes.p2c(scene.lasso_dot.get_center())[:2], w_lasso, atol=1e-6)
    assert w_lasso[1] == 0 and np.all(w_ridge != 0)  # the default data: a corner for lasso, not for ridge
    region, _, _ = scene.fit_parts  # the lasso diamond, drawn last
    corners = np.array([axes.p2c(q)[:2] for q in region.get_anchors()])
    assert np.abs(corners).sum(axis=1) == pytest.approx(np.abs(w_lasso).sum(), abs=1e-6)
    assert "exactly zero" in scene.beats[2].narration


def test_the_weight_paths_are_the_cores(scene):
    X, y = scene.X, scene.y
    curves = scene.paths_curves
    for curve, (kind, j) in zip(curves, [("ridge", 0), ("ridge", 1), ("lasso", 0), ("lasso", 1)]):
        points = np.array([scene.paths_axes.p2c(q)[:2] for q in curve.get_anchors()])
        alphas = 10 ** (points[:, 0] + scene.log_range[0])
        weights = points[:, 1] + scene.paths_y_low
        fit = ridge if kind == "ridge" else lasso
        expected = np.array([fit(X, y, a)[j] for a in alphas[::7]])
        np.testing.assert_allclose(weights[::7], expected, atol=1e-6)
    top = scene.lasso_path[-1]
    assert np.all(top == 0) and np.all(scene.ridge_path[-1] != 0)
    assert scene.alpha_zero == pytest.approx(np.abs(X.T @ y).max() / len(y))
    assert f"{scene.alpha_zero:.2g}".rstrip("0") in scene.beats[3].narration


def test_beats(scene):
    assert [b.name for b in scene.beats] == ["loss", "ridge", "lasso", "paths"]
    assert all(len(b.narration) > 40 for b in scene.beats)


@pytest.mark.parametrize("values, message", [
    ({"alpha": "0"}, "at least 0.01"),
    ({"correlation": "0.99"}, "at most 0.9"),
    ({"n": "3"}, "at least 10"),
])
def test_bad_parameters_are_refused_in_one_line(values, message, tmp_path):
    assert_refused_in_one_line(SCENE, values, message, tmp_path)


@pytest.mark.slow
def test_low_quality_render_decodes_with_its_last_frame(render_low, frame_regression):
    assert_low_render_matches(render_low, frame_regression, SCENE)

