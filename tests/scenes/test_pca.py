"""pca: the cloud, mean, ellipse, axes and projections drawn are the core's (checked against numpy's
eigh of np.cov), the numbers shown and said are its; bad parameters refused in one line."""

from __future__ import annotations

import numpy as np
import pytest

from mathviz.core.pca import sample_cloud
from mathviz.kit import rounding, said
from support import assert_low_render_matches, assert_refused_in_one_line, dry_run

SCENE = "pca"


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    return dry_run(SCENE, tmp_path_factory.mktemp("pca"))


def _data(scene, points) -> np.ndarray:
    return np.array([scene.axes.p2c(q)[:2] for q in np.atleast_2d(points)])


def _hex(color) -> str:
    return color.to_hex().lower()


def _check_picture(scene):
    p, t = scene.params, scene.theme
    X = sample_cloud(p.mean, p.covariance(), p.n, p.seed)
    values, vectors = np.linalg.eigh(np.cov(X, rowvar=False))  # an independent PCA
    values, vectors = values[::-1], vectors[:, ::-1]
    scale = max(1.0, values[0])
    np.testing.assert_allclose(scene.fit_result.explained_variance, values, atol=1e-9 * scale)
    # the dots started at the data and ended at their projections on the first axis
    np.testing.assert_allclose(_data(scene, [g.get_center() for g in scene.ghosts]), X, atol=1e-9 * scale)
    a1 = vectors[:, 0]
    mean = X.mean(axis=0)
    expected = mean + np.outer((X - mean) @ a1, a1)
    np.testing.assert_allclose(_data(scene, [d.get_center() for d in scene.dots]), expected, atol=1e-8 * scale)
    np.testing.assert_allclose(_data(scene, scene.mean_dot.get_center()), [mean], atol=1e-9 * scale)
    # the error lines join each point to its projection, at right angles to the first axis
    for line, x, x_hat in zip(scene.error_lines, X, expected):
        np.testing.assert_allclose(_data(scene, [line.get_start(), line.get_end()]), [x, x_hat], atol=1e-8 * scale)
        assert abs((x - x_hat) @ a1) < 1e-8 * scale
    assert scene.lost == pytest.approx((p.n - 1) * values[1], abs=1e-8 * scale)
    # the axis arrows: unit directions of the eigenvectors, two standard deviations long, first and second colours
    for k, arrow in enumerate(scene.arrows):
        start, end = _data(scene, [arrow.start_point, arrow.end_point])
        np.testing.assert_allclose(start, mean, atol=1e-9 * scale)
        step = end - start
        assert np.linalg.norm(step) == pytest.approx(2 * np.sqrt(values[k]), abs=1e-8 * scale)
        if values[k] > 1e-9 * scale:
            assert abs(step @ vectors[:, k]) == pytest.approx(np.linalg.norm(step), rel=1e-9)
        assert _hex(arrow.shaft.get_stroke_color()) == (t.first, t.second)[k].lower()
    # the ellipse is the covariance's level set at 2 standard deviations
    if values[1] > 1e-6 * scale:
        ring = _data(scene, scene.ellipse.get_anchors()) - mean
        S_inv = np.linalg.inv(np.cov(X, rowvar=False))
        np.testing.assert_allclose(np.einsum("ij,jk,ik->i", ring, S_inv, ring), 4.0, rtol=1e-6)
    # numbers shown and said are the core's
    share = 100 * values[0] / values.sum()
    assert rounding(share, 1)[1] in scene.kept_panel[0].tex_string
    assert said(share, 1) in scene.beats[5].narration
    assert said(100 * values[1] / values.sum(), 1) in scene.beats[6].narration
    assert said(values[0], digits=3) in scene.beats[3].narration
    assert scene.layout_report == []
    return values


def test_default_picture_matches_the_core(scene):
    values = _check_picture(scene)
    assert [b.name for b in scene.beats] == ["cloud", "centre", "ellipse", "axes", "project", "kept", "recipe"]
    assert values[1] > 0 and "short lines" in scene.beats[4].narration
    assert said(scene.lost, digits=3) in scene.beats[5].narration
    assert said(float(np.corrcoef(scene.X, rowvar=False)[0, 1])) in scene.beats[0].narration
    assert 35 <= scene.time <= 110


def test_a_cloud_on_a_line_keeps_all_its_variance(scanned):
    scene = scanned(SCENE, aspect="9:16", theme="light", correlation="-1", n="12", seed="2")
    values = _check_picture(scene)
    assert values[1] < 1e-9 * values[0] and scene.flat
    assert "100" in scene.kept_panel[0].tex_string and "one line" in scene.beats[3].narration
    assert "nothing is thrown away" in scene.beats[4].narration


def test_another_cloud_in_a_square_frame(scanned):
    scene = scanned(SCENE, aspect="1:1", theme="contrast", spreads="[0.5, 3]", correlation="0.2", mean="[-4, 10]",
                    n="200", seed="9")
    _check_picture(scene)
    assert not scene.flat and scene.fit_result.components[0][1] > 0  # a mostly vertical first axis, signed up


@pytest.mark.parametrize("values, message", [
    ({"correlation": "1.5"}, "at most 1"),
    ({"correlation": "-2"}, "at least -1"),
    ({"spreads": "[-1, 1]"}, "cannot be negative"),
    ({"spreads": "[0, 0]"}, "give a spread above 0"),
    ({"spreads": "[1, nan]"}, "write it as a list"),
    ({"n": "2"}, "at least 3"),
    ({"n": "5000"}, "at most 400"),
    ({"mean": "[1e6, 0]"}, "within 1000"),
])
def test_bad_parameters_are_refused_in_one_line(values, message, tmp_path):
    assert_refused_in_one_line(SCENE, values, message, tmp_path)


@pytest.mark.slow
def test_low_quality_render_decodes_with_its_last_frame(render_low, frame_regression):
    assert_low_render_matches(render_low, frame_regression, SCENE)
