"""optimizers: every drawn iterate and loss is the core's, PyTorch's rules; bad rates refused."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mathviz.core.expr import parse_function
from mathviz.core.optimize import vector_function
from mathviz.core.optimizers import optimize_path
from support import assert_low_render_matches, assert_refused_in_one_line, dry_run

SCENE = "optimizers"


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    return dry_run(SCENE, tmp_path_factory.mktemp("optimizers"))


def test_every_path_and_loss_curve_is_the_cores_run(scene):
    p = scene.params
    f = vector_function(parse_function(p.f, ("x", "y")))
    rates = {"gd": p.lr, "momentum": p.lr, "rmsprop": p.adaptive_lr, "adam": p.adaptive_lr}
    hyper = {"gd": {}, "momentum": {"momentum": p.momentum}, "rmsprop": {"alpha": p.alpha},
             "adam": {"beta1": p.beta1, "beta2": p.beta2}}
    colors = {"gd": scene.theme.estimate, "momentum": scene.theme.first, "rmsprop": scene.theme.second,
              "adam": scene.theme.highlight}
    for method in ("gd", "momentum", "rmsprop", "adam"):
        run = optimize_path(f, p.start, method, rates[method], p.steps, **hyper[method])
        path, loss, head, _ = getattr(scene, f"{method}_parts")
        corners = np.array([scene.map_axes.p2c(q)[:2] for q in path.get_anchors()])
        drawn = corners[np.r_[True, np.any(np.diff(corners, axis=0) != 0, axis=1)]]  # anchors repeat
        np.testing.assert_allclose(drawn, run.points, atol=1e-6)
        np.testing.assert_allclose(scene.map_axes.p2c(head.get_center())[:2], run.points[-1], atol=1e-6)
        ys = np.array([scene.loss_axes.p2c(q)[1] for q in loss.get_anchors()])
        low = math.log10(max(min(r.values.min() for r in scene.runs.values()), 1e-8))
        assert ys.min() >= -1e-9
        np.testing.assert_allclose(np.unique(np.round(ys, 9))[-1],
                                   math.log10(run.values.max()) - math.floor(low), atol=1e-6)
        assert path.get_stroke_color().to_hex().lower() == colors[method].lower()


def test_beats_and_narration_numbers(scene):
    assert [b.name for b in scene.beats] == ["valley", "descent", "momentum", "adaptive", "race"]
    assert "narrow valley" in scene.beats[0].narration and "40 times" in scene.beats[0].narration
    assert "zig-zags" in scene.beats[1].narration and "0.013" in scene.beats[1].narration
    assert "RMSprop's" in scene.beats[4].narration  # the lowest loss after 40 steps, from the core


@pytest.mark.parametrize("values, message", [
    ({"lr": "3"}, "gd diverges"),
    ({"adaptive_lr": "0"}, "must be greater than 0"),
    ({"start": "[0, 0]"}, "already a minimum"),
    ({"f": "1/(x-1) + y^2", "start": "[1, 0]"}, "not finite at the start"),
])
def test_bad_parameters_are_refused_in_one_line(values, message, tmp_path):
    assert_refused_in_one_line(SCENE, values, message, tmp_path)


@pytest.mark.slow
def test_low_quality_render_decodes_with_its_last_frame(render_low, frame_regression):
    assert_low_render_matches(render_low, frame_regression, SCENE)
