"""hessian: the matrix, the eigenvector arrows, the verdict and the gallery agree with the core and
with closed-form Hessians; bad parameters (a point that is not critical, ...) are refused in one line."""

from __future__ import annotations

import numpy as np
import pytest
from manim import ManimColor

from support import assert_low_render_matches, assert_refused_in_one_line, dry_run

SCENE = "hessian"
# f = sin(x) sin(y) + x^2/4 at (0, 0): H = [[1/2, 1], [1, 0]]
H0 = np.array([[0.5, 1.0], [1.0, 0.0]])


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    return dry_run(SCENE, tmp_path_factory.mktemp("hessian"))


def same_color(a, b):
    return ManimColor(a).to_hex().lower() == ManimColor(b).to_hex().lower()


def test_the_hessian_and_its_eigenvalues_are_the_closed_form(scene):
    np.testing.assert_allclose(scene.cp.hessian, H0, atol=1e-6)
    np.testing.assert_allclose(scene.cp.eigenvalues, np.linalg.eigvalsh(H0), atol=1e-6)
    assert scene.cp.kind == "saddle"


def test_eigenvector_arrows_lie_along_the_eigenvectors_coloured_by_sign(scene):
    t = scene.theme
    lam, vecs = np.linalg.eigh(H0)
    for value, vector, arrow in zip(lam, vecs.T, scene.eigen_arrows):
        a, b = (np.asarray(scene.map.p2c(p))[:2] for p in (arrow.get_start(), arrow.get_end()))
        direction = (b - a) / np.linalg.norm(b - a)
        assert abs(direction @ vector) == pytest.approx(1.0, abs=1e-6)
        np.testing.assert_allclose((a + b) / 2, scene.point, atol=1e-6)  # through the critical point
        assert same_color(arrow.get_color(), t.positive if value > 0 else t.negative)


def test_the_quadratic_model_matches_f_near_the_point(scene):
    pts = np.array([[0.05, -0.03], [-0.02, 0.04]])
    np.testing.assert_allclose(scene.model(pts), scene.F(pts), atol=1e-3)
    np.testing.assert_allclose(scene.model(pts), 0.5 * np.einsum("ni,ij,nj->n", pts, H0, pts), atol=1e-6)


def test_the_gallery_cases_and_the_highlighted_match(scene):
    kinds = [g.kind for g in scene.gallery]
    assert kinds == ["minimum", "maximum", "saddle", "degenerate"]
    closed = [np.diag([2.0, 4.0]), np.diag([-4.0, -2.0]), np.diag([2.0, -2.0]), np.diag([2.0, 0.0])]
    for (_, _, cp), H in zip(scene.cases, closed):
        np.testing.assert_allclose(cp.eigenvalues, np.linalg.eigvalsh(H), atol=1e-5)
    assert scene.match == 2
    np.testing.assert_allclose(scene.match_frame.get_center(), scene.gallery[2].get_center(), atol=1e-6)
    flat = scene.gallery[3].eigen_arrows
    assert sorted(m.get_color().to_hex().lower() for m in flat) == sorted(
        ManimColor(c).to_hex().lower() for c in (scene.theme.muted, scene.theme.positive))


def test_narration_and_verdict(scene):
    assert [b.name for b in scene.beats] == ["critical", "hessian", "eigen", "model", "verdict", "cases"]
    assert "about \u22120.78" in scene.beats[2].narration and "about 1.28" in scene.beats[2].narration
    assert "saddle" in scene.beats[4].narration


@pytest.mark.parametrize("f, point, kind", [
    ("x^3 - 3x + y^2", "[1, 0]", "minimum"),
    ("cos(x) + cos(y)", "[0, 0]", "maximum"),
    ("x^2 + y^4", "[0, 0]", "degenerate"),
])
def test_other_functions_get_their_own_verdict(f, point, kind, tmp_path):
    other = dry_run(SCENE, tmp_path, aspect="4:3", f=f, point=point)
    assert other.cp.kind == kind
    assert other.gallery[other.match].kind == kind
    assert other.layout_report == []


@pytest.mark.parametrize("values, message", [
    ({"f": "x^2 + y", "point": "[0, 0]"}, "is not a critical point: |grad f| = 1 there"),
    ({"point": "[1.9, 0]"}, "too close to the edge of the map"),
    ({"f": "1/x + y^2"}, "is not finite everywhere"),
    ({"f": "x^2 + y^2 +"}, "parameter f"),
])
def test_bad_parameters_are_refused_in_one_line(values, message, tmp_path):
    assert_refused_in_one_line(SCENE, values, message, tmp_path)


@pytest.mark.slow
def test_low_quality_render_decodes_with_its_last_frame(render_low, frame_regression):
    assert_low_render_matches(render_low, frame_regression, SCENE)
