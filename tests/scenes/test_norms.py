"""norms: each ball drawn is the core's p-norm ball through v, crossing the axis at ||v||_p; below p = 1
the drawn star is the quasi-norm's, e1 + e2 lies on the ball of radius 2^(1/p); bad parameters refused."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mathviz.core.norms import lp_norm, lp_quasinorm
from mathviz.kit import rounding, said
from support import assert_low_render_matches, assert_refused_in_one_line, dry_run

SCENE = "norms"


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    return dry_run(SCENE, tmp_path_factory.mktemp("norms"))


def _plane(scene, points) -> np.ndarray:
    """Scene points (m, 3) back to plane coordinates (m, 2)."""
    return (np.asarray(points)[:, :2] - scene.plane.origin[:2]) / scene.plane.unit


def _size(x, p: float) -> float:
    return lp_quasinorm(x, p) if p < 1 else lp_norm(x, p)


def _hex(color) -> str:
    return color.to_hex().lower()


def _check_balls(scene):
    v, t = np.array(scene.params.vector), scene.theme
    assert [s["p"] for s in scene.shapes] == [*scene.params.ps, math.inf]
    for shape in scene.shapes:
        p = shape["p"]
        length = np.linalg.norm(v, ord=p)  # numpy's norm, not the core's
        assert scene.lengths[scene.shapes.index(shape)] == pytest.approx(length)
        ball = _plane(scene, shape["ball"].get_anchors())
        np.testing.assert_allclose([_size(q, p) for q in ball], length, rtol=1e-9)  # every point as long as v
        unit = _plane(scene, shape["unit"].get_anchors())
        np.testing.assert_allclose([_size(q, p) for q in unit], 1.0, rtol=1e-9)
        # the ball passes through v's tip (between two of its 120 points) and crosses the axis at the length
        assert np.min(np.linalg.norm(ball - v, axis=1)) < 0.06 * length
        dot, label = shape["mark"]
        np.testing.assert_allclose(_plane(scene, [dot.get_center()])[0], [length, 0.0], atol=1e-9)
        relation, text = rounding(length, 2)
        assert text in label.tex_string and (relation == "=") == ("approx" not in label.tex_string)
        assert _hex(shape["ball"].get_stroke_color()) == t.estimate.lower()
        assert _hex(shape["unit"].get_fill_color()) == t.region.lower()
        assert said(length) in scene.beats[2 + scene.shapes.index(shape)].narration
    np.testing.assert_allclose(_plane(scene, [scene.arrow.end_point])[0], v, atol=1e-9)
    assert _hex(scene.arrow.shaft.get_stroke_color()) == t.function.lower()


def _check_counterexample(scene):
    q = scene.params.quasi_p
    star = _plane(scene, scene.unit.get_anchors())  # the unit ball ended as the star of quasi_p
    np.testing.assert_allclose([lp_quasinorm(x, q) for x in star], 1.0, rtol=1e-9)
    # the chord from e1 to e2 leaves the star: its midpoint is longer than 1
    mid = _plane(scene, [scene.middle.get_center()])[0]
    np.testing.assert_allclose(mid, [0.5, 0.5], atol=1e-9)
    assert lp_quasinorm(mid, q) == pytest.approx(2 ** (1 / q - 1)) and lp_quasinorm(mid, q) > 1
    # e1 + e2 lies on the ball of radius 2^(1/q), which crosses the axis there; 1 + 1 is marked at 2
    total = 2 ** (1 / q)
    sum_ball = _plane(scene, scene.sum_ball.get_anchors())
    np.testing.assert_allclose([lp_quasinorm(x, q) for x in sum_ball], total, rtol=1e-9)
    assert np.min(np.linalg.norm(sum_ball - [1, 1], axis=1)) < 1e-9
    np.testing.assert_allclose(_plane(scene, [scene.sum_arrow.end_point])[0], [1, 1], atol=1e-9)
    np.testing.assert_allclose(_plane(scene, [scene.sum_mark[0].get_center()])[0], [total, 0], atol=1e-9)
    np.testing.assert_allclose(_plane(scene, [scene.bound_mark[0].get_center()])[0], [2, 0], atol=1e-9)
    assert rounding(total, 2)[1] in scene.panel[1].tex_string and "> 2" in scene.panel[1].tex_string
    assert said(total) in scene.beats[-1].narration and "quasi-norm" in scene.beats[-1].narration
    assert scene.layout_report == []


def test_default_picture_matches_the_core(scene):
    _check_balls(scene)
    _check_counterexample(scene)
    names = [b.name for b in scene.beats]
    assert names == ["vector", "rules", "p-1", "p-1.5", "p-2", "p-4", "p-inf", "below-one", "triangle"]
    assert "diamond" in scene.beats[2].narration and "circle" in scene.beats[4].narration
    assert "square" in scene.beats[6].narration and "never grows" in scene.beats[6].narration
    rows = [s["rows"][1].tex_string for s in scene.shapes]
    assert r"|{3}| + |{2}|" in rows[0] and r"\sqrt{{3}^2 + {2}^2}" in rows[2] and r"\max(|{3}|, |{2}|)" in rows[4]
    assert r"^{1/1.5}" in rows[1] and r"\approx 3.61" in rows[2] and "= 5" in rows[0]
    assert 50 <= scene.time <= 110


def test_another_vector_and_list_in_a_tall_light_frame(scanned):
    scene = scanned(SCENE, aspect="9:16", theme="light", vector="[-1.5, 0.5]", ps="[1.2, 3]", quasi_p="0.7")
    _check_balls(scene)
    _check_counterexample(scene)
    assert [b.name for b in scene.beats][2:5] == ["p-1.2", "p-3", "p-inf"]
    assert "between a diamond and a circle" in scene.beats[2].narration
    assert "towards a square" in scene.beats[3].narration
    assert r"\left(|{-1.5}|^{1.2} + |{0.5}|^{1.2}\right)^{1/1.2}" in scene.shapes[0]["rows"][1].tex_string


@pytest.mark.parametrize("values, message", [
    ({"ps": "[0.5, 2]"}, "is not a norm"),
    ({"ps": "[2, 1]"}, "increasing order"),
    ({"ps": "[1, 1]"}, "increasing order"),
    ({"ps": "[1, 30]"}, "up to 20"),
    ({"ps": "[1, inf]"}, "write it as a list"),
    ({"vector": "[0, 0]"}, "zero vector"),
    ({"vector": "[20, 1]"}, "between 0.25 and 8"),
    ({"vector": "[0.1, 0.05]"}, "between 0.25 and 8"),
    ({"quasi_p": "1"}, "at most 0.9"),
    ({"quasi_p": "0.1"}, "at least 0.4"),
])
def test_bad_parameters_are_refused_in_one_line(values, message, tmp_path):
    assert_refused_in_one_line(SCENE, values, message, tmp_path)


@pytest.mark.slow
def test_low_quality_render_decodes_with_its_last_frame(render_low, frame_regression):
    assert_low_render_matches(render_low, frame_regression, SCENE)
