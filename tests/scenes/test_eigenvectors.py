"""eigenvectors: the arrows kept on their line are the core's eigenvectors, stretched by its eigenvalues;
V Lambda V^-1 only where there is a real eigenbasis; bad matrices refused."""

from __future__ import annotations

import numpy as np
import pytest
from support import assert_low_render_matches, assert_refused_in_one_line, dry_run

from mathviz.core.linalg import eigen_directions


def _plane(scene, point) -> np.ndarray:
    return (np.asarray(point)[:2] - scene.plane.origin[:2]) / scene.plane.unit


def _hex(color) -> str:
    return color.to_hex().lower()


@pytest.fixture(scope="module")
def default(tmp_path_factory):
    return dry_run("eigenvectors", tmp_path_factory.mktemp("eig"))


def _check_marked(scene, arrows, M):
    """Each arrow ends at M u; it is coloured exactly when M u lies on u's own line (an eigenvector),
    and then its length is |lambda|."""
    theme = scene.theme
    e = eigen_directions(M)
    for arrow, u in zip(arrows, arrows.directions.T):
        image = _plane(scene, arrow.end_point)
        np.testing.assert_allclose(image, M @ u, atol=1e-9)
        on_line = abs(u[0] * image[1] - u[1] * image[0]) < 1e-9
        color = _hex(arrow.shaft.get_stroke_color())
        assert (color != theme.function.lower()) == on_line
        if on_line and e.kind in ("distinct", "repeated"):
            k = int(np.argmax([abs(v @ u) for v in e.vectors]))
            assert color == (theme.first, theme.second)[k].lower()
            assert np.hypot(*image) == pytest.approx(abs(e.values[k]), abs=1e-9)
    return e


def test_default_eigenvectors_and_decomposition_match_the_core(default):
    scene = default
    A = np.array(scene.params.matrix)
    e = eigen_directions(A)
    assert e.kind == "distinct" and e.values.tolist() == [2.0, 0.5]
    # the eigen-directions are among the test vectors, both ways round, and the values shown and said are the core's
    dirs = scene.arrows.directions.T
    for v in e.vectors:
        assert any(np.allclose(u, v) for u in dirs) and any(np.allclose(u, -v) for u in dirs)
    assert r"\lambda_1 = 2" in scene.lines["lam1"].tex_string and r"\lambda_2 = 0.5" in scene.lines["lam2"].tex_string
    assert "lambda 1, 2, and lambda 2, 0.5" in scene.beats[2].narration
    # x = v1 + v2 carried by A: the legs are lambda_k v_k and the tip is A x
    V = scene.picture["V"]
    np.testing.assert_allclose(A @ V, V @ np.diag(e.values), atol=1e-12)
    np.testing.assert_allclose(V @ np.diag(e.values) @ np.linalg.inv(V), A, atol=1e-12)
    tip1, start2, tip2, x_tip = (_plane(scene, p) for p in scene.diagonal_tips)
    np.testing.assert_allclose(tip1, e.values[0] * V[:, 0], atol=1e-9)
    np.testing.assert_allclose(tip2 - start2, e.values[1] * V[:, 1], atol=1e-9)
    np.testing.assert_allclose(x_tip, A @ V.sum(axis=1), atol=1e-9)
    # the tour then carried the walk back to the circle: x = v1 + v2 again
    np.testing.assert_allclose(_plane(scene, scene.x_arrow.end_point), V.sum(axis=1), atol=1e-9)
    assert r"\begin{bmatrix}2 & 0 \\ 0 & 0.5\end{bmatrix}" in scene.lines["decomposition"].tex_string
    assert r"V \approx" in scene.lines["V"].tex_string  # 1/sqrt(2) is rounded, and says so
    # the tour: the three other kinds, the last one's arrows carried by its matrix and marked
    assert [b.name for b in scene.beats][-4:] == ["example-repeated", "example-scalar", "example-complex", "summary"]
    arrows, _ = scene.current
    assert _check_marked(scene, arrows, np.array([[1.0, -1.0], [1.0, 1.0]])).kind == "complex"
    assert scene.layout_report == [] and scene.time >= 50


def test_a_rotation_has_no_eigenbasis_and_says_so(scanned):
    scene = scanned("eigenvectors", theme="light", aspect="9:16", matrix="[[0.6, -0.8], [0.8, 0.6]]")
    assert scene.eigen.kind == "complex"
    names = [b.name for b in scene.beats]
    assert "no-eigenbasis" in names and "decomposition" not in names and "example-complex" not in names
    assert "cannot be written as V Lambda V inverse" in scene.beats[names.index("no-eigenbasis")].narration
    assert "no real eigenbasis" in scene.lines["basis"].tex_string and "V" not in scene.lines
    assert scene.layout_report == []


def test_a_shear_keeps_one_line(scanned):
    scene = scanned("eigenvectors", theme="contrast", aspect="4:3", matrix="[[2, 1], [0, 2]]")
    assert scene.eigen.kind == "repeated" and scene.eigen.values.tolist() == [2.0]
    assert "Only one direction" in scene.beats[2].narration
    assert "only one direction. So A cannot" in scene.beats[3].narration
    assert scene.layout_report == []


def test_a_negative_eigenvalue_is_told_and_decomposed(scanned):
    A = np.array([[1.0, 2.0], [2.0, -1.0]])  # symmetric, a negative eigenvalue
    scene = scanned("eigenvectors", matrix="[[1, 2], [2, -1]]")
    assert "negative lambda" in scene.beats[2].narration
    # sqrt 5 is rounded on screen, and says so
    assert r"\lambda_1 \approx 2.24" in scene.lines["lam1"].tex_string
    assert r"\Lambda \approx" in scene.lines["decomposition"].tex_string
    e = eigen_directions(A)
    np.testing.assert_allclose(scene.picture["V"] @ np.diag(e.values) @ np.linalg.inv(scene.picture["V"]), A,
                               atol=1e-12)
    assert scene.layout_report == []


def test_a_shears_arrows_are_coloured_by_the_core(tmp_path):
    """The eigen beat coloured the user's arrows; they keep that colour after the tour fades them.
    Put back where A carries them, exactly the ones A keeps on their line are coloured."""
    scene = dry_run("eigenvectors", tmp_path, matrix="[[1, 1], [0, 1]]")
    for arrow in scene.arrows:
        arrow.clear_updaters()
    scene.target, scene.t = np.array([[1.0, 1.0], [0.0, 1.0]]), type("T", (), {"get_value": lambda self: 1.0})()
    for arrow, u in zip(scene.arrows, scene.arrows.directions.T):
        arrow.place(scene.plane.origin, scene.plane.c2p(*(scene.target @ u)))
    _check_marked(scene, scene.arrows, scene.target)


def test_a_zero_eigenvalue_still_decomposes(scanned):
    scene = scanned("eigenvectors", aspect="1:1", matrix="[[1, 2], [2, 4]]")
    assert scene.eigen.values.tolist() == pytest.approx([5.0, 0.0], abs=1e-12)
    assert "A lambda of 0 squashes its line to the origin" in scene.beats[2].narration
    assert "decomposition" in [b.name for b in scene.beats] and scene.layout_report == []


def test_a_multiple_of_the_identity_keeps_every_line(scanned):
    scene = scanned("eigenvectors", theme="light", matrix="[[2, 0], [0, 2]]")
    names = [b.name for b in scene.beats]
    assert scene.eigen.kind == "scalar" and "any-basis" in names and "example-scalar" not in names
    assert "Most" not in scene.beats[1].narration  # none of them turns here
    assert "every direction is an eigenvector" in scene.beats[2].narration and scene.layout_report == []


@pytest.mark.parametrize("value, message", [
    ("[[1, 2, 3], [4, 5, 6]]", "2x2"),
    ("[[1, Infinity], [3, 4]]", "finite"),
    ("[[30, 0], [0, 1]]", "stretches by 30"),
    ("[[0.01, 0], [0, 0.01]]", "dot beside the unit circle"),
    ("[[1, 1], [0.001, 1]]", "eigen-directions only"),
    ("[[1, 2], [2, 4.01]]", "too small to see"),
])
def test_bad_matrices_are_refused_in_one_line(tmp_path, value, message):
    assert_refused_in_one_line("eigenvectors", {"matrix": value}, message, tmp_path / "out")


@pytest.mark.slow
def test_low_render_matches_its_stored_last_frame(render_low, frame_regression):
    assert_low_render_matches(render_low, frame_regression, "eigenvectors")
