"""stochastic-gradient: the fans are the core's per-example and mini-batch gradients, their spread
shrinks about like 1/sqrt(B), and the three paths drawn are sgd_path's."""

from __future__ import annotations

import numpy as np
import pytest

from mathviz.core.optimizers import example_gradients, gradient_spread, least_squares_gradient, sgd_path
from scenes.optimization.specs import SGD_START
from support import assert_low_render_matches, assert_refused_in_one_line, dry_run

SCENE = "stochastic-gradient"


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    return dry_run(SCENE, tmp_path_factory.mktemp("sgd"))


def test_the_paths_drawn_are_sgd_paths(scene):
    p = scene.params
    X, y = p.data()
    for batch, mob in scene.path_mobs.items():
        expected = sgd_path(X, y, SGD_START, p.lr, p.epochs, batch, p.seed)
        corners = np.array([scene.axes.p2c(q)[:2] for q in mob.get_anchors()])
        keep = np.r_[True, np.any(np.abs(np.diff(corners, axis=0)) > 1e-12, axis=1)]
        np.testing.assert_allclose(corners[keep], expected, atol=1e-6)
    full = sgd_path(X, y, SGD_START, p.lr, p.epochs, p.n, p.seed)
    w = np.asarray(SGD_START, dtype=float)
    for step in full[1:]:  # the full batch is plain gradient descent
        w = w - p.lr * least_squares_gradient(X, y, w)
        np.testing.assert_allclose(step, w, atol=1e-12)


def test_the_spread_shrinks_about_like_one_over_root_b(scene):
    p = scene.params
    X, y = p.data()
    assert scene.spread_one == pytest.approx(gradient_spread(example_gradients(X, y, SGD_START), scene.full))
    ratio = scene.spread_one / scene.spread_batch
    expected = np.sqrt(p.batch_size * (p.n - 1) / (p.n - p.batch_size))  # without replacement
    assert ratio == pytest.approx(expected, rel=0.15)
    assert format(scene.spread_batch, ".1f").rstrip("0").rstrip(".") in scene.beats[2].narration


def test_beats(scene):
    assert [b.name for b in scene.beats] == ["loss", "one", "batch", "paths"]
    assert "300 noisy" in scene.beats[3].narration and "3 careful" in scene.beats[3].narration


@pytest.mark.parametrize("values, message", [
    ({"batch_size": "100"}, "must be smaller than n"),
    ({"lr": "1.9"}, "diverges"),
    ({"epochs": "0"}, "at least 1"),
])
def test_bad_parameters_are_refused_in_one_line(values, message, tmp_path):
    assert_refused_in_one_line(SCENE, values, message, tmp_path)


@pytest.mark.slow
def test_low_quality_render_decodes_with_its_last_frame(render_low, frame_regression):
    assert_low_render_matches(render_low, frame_regression, SCENE)
