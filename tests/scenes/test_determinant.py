"""determinant: the parallelogram, its sign, colour and orientation arrow agree with the core; bad matrices refused."""

from __future__ import annotations

import numpy as np
import pytest
from support import assert_low_render_matches, assert_refused_in_one_line, dry_run

from mathviz.core.linalg import parallelogram_area, swing_path


def _plane(scene, point) -> np.ndarray:
    return (np.asarray(point)[:2] - scene.plane.origin[:2]) / scene.plane.unit


def _hex(color) -> str:
    return color.to_hex().lower()


@pytest.fixture(scope="module")
def default(tmp_path_factory):
    return dry_run("determinant", tmp_path_factory.mktemp("det"))


def _check_end(scene, A):
    """The picture at the end: A's second column swung across the first, area -det of where it began."""
    theme = scene.theme
    base = A if abs(np.linalg.det(A)) > 1e-12 else np.eye(2)
    M = swing_path(base, 1.0)
    shape = scene.shape_mob
    np.testing.assert_allclose(shape.matrix, M, atol=1e-12)
    corners = np.array([_plane(scene, p) for p in shape.fill.get_anchors()[::2][:4]]).T
    for corner in (M @ np.array([1.0, 0.0]), M @ np.array([0.0, 1.0]), M @ np.ones(2)):
        assert np.min(np.linalg.norm(corners - corner[:, None], axis=0)) < 1e-9
    for k, edge in enumerate(scene.edges):  # the edges are M's columns
        np.testing.assert_allclose(_plane(scene, edge.end_point), M[:, k], atol=1e-9)
        assert _hex(edge.shaft.get_stroke_color()) == (theme.first, theme.second)[k].lower()
    area = parallelogram_area(base)
    assert shape.area == pytest.approx(-area, rel=1e-9) and shape.area == pytest.approx(np.linalg.det(M), rel=1e-9)
    # the sign of the area is drawn: the fill's colour and the way the arc turns from edge 1 to edge 2
    expected = theme.negative if area > 0 else theme.positive
    assert _hex(shape.fill.get_fill_color()) == expected.lower()
    assert shape.sign == shape.turn_sign == (-1 if area > 0 else 1)
    assert scene.layout_report == []


def test_default_matches_the_core(default):
    scene = default
    A = np.array(scene.params.matrix)
    _check_end(scene, A)
    assert [b.name for b in scene.beats] == ["square", "map", "area", "formula", "cells", "swing", "flat", "reversed",
                                             "summary"]
    # the neighbouring cells drawn are images of grid cells, each with the same signed area det A
    assert len(scene.cell_mobs) == 2
    for mob in scene.cell_mobs:
        corners = np.array([_plane(scene, p) for p in mob.fill.get_anchors()[::2][:4]]).T
        cell = np.linalg.solve(A, corners).min(axis=1)  # back to the plane before the map: a unit cell
        np.testing.assert_allclose(np.linalg.solve(A, corners) - cell[:, None] @ np.ones((1, 4)),
                                   [[0, 1, 1, 0], [0, 0, 1, 1]], atol=1e-9)
        assert np.all(np.abs(cell - np.round(cell)) < 1e-9) and np.any(cell != 0)
        assert mob.area == pytest.approx(2.5, rel=1e-12) and mob.sign == 1
    assert "same factor, 2.5" in scene.beats[4].narration
    # the numbers shown and said are the core's: det A = 2.5, ad - bc written out
    assert scene.det == parallelogram_area(A) == 2.5
    assert r"2\cdot1.5 - 1\cdot0.5 = 2.5" in scene.lines["numbers"].tex_string
    assert r"|\det A| = 2.5" in scene.lines["area"].tex_string
    assert "2.5" in scene.beats[2].narration and "−2.5" in scene.beats[7].narration
    assert "2 times 1.5, minus 1 times 0.5, which is 2.5" in scene.beats[3].narration
    assert "clockwise" in scene.beats[7].narration and "negative" in scene.beats[7].narration
    # the live readout ended on the swung matrix's signed area, in the negative colour
    assert scene.live_number.get_value() == pytest.approx(-2.5, abs=1e-12)
    assert scene.time >= 40 and scene.beats[-1].end == pytest.approx(scene.time)


def test_signed_parallelogram_through_zero():
    """The kit piece by itself: positive, flat (no arc), negative, at three points of the swing."""
    from mathviz.kit import SignedParallelogram
    from mathviz.kit.plane import Plane

    piece = SignedParallelogram(Plane(np.zeros(3), 1.0, 5.0, 5.0), "#56b4e9", "#d55e00")
    A = np.array([[2.0, 1.0], [0.5, 1.5]])
    for t, sign, color in ((0.25, 1, "#56b4e9"), (0.5, 0, None), (0.75, -1, "#d55e00")):
        piece.set_matrix(swing_path(A, t))
        assert piece.sign == piece.turn_sign == sign
        assert piece.area == pytest.approx(np.linalg.det(swing_path(A, t)), abs=1e-12)
        if color:
            assert _hex(piece.fill.get_fill_color()) == color
        else:  # flat: the arc is drawn as nothing
            assert np.ptp(piece.arc.points, axis=0).max() == 0


def test_a_flat_matrix_collapses_then_the_square_swings(scanned):
    scene = scanned("determinant", aspect="9:16", theme="light", matrix="[[1, 2], [2, 4]]")
    assert scene.rank == 1 and scene.det == 0
    assert "back" in [b.name for b in scene.beats] and "flattened" not in scene.beats[2].narration
    assert "line" in scene.beats[2].narration and "det A is 0" in scene.beats[2].narration
    _check_end(scene, np.array([[1.0, 2.0], [2.0, 4.0]]))


def test_a_flip_is_negative_from_the_start(scanned):
    A = np.array([[0.0, 1.5], [1.0, 0.5]])
    scene = scanned("determinant", theme="contrast", aspect="4:3", matrix="[[0, 1.5], [1, 0.5]]")
    assert scene.det == pytest.approx(-1.5)
    assert "clockwise" in scene.beats[2].narration and "−1.5" in scene.beats[2].narration
    assert "anticlockwise again" in scene.beats[-2].narration
    _check_end(scene, A)


def test_the_zero_matrix_is_told_as_a_point(scanned):
    scene = scanned("determinant", matrix="[[0, 0], [0, 0]]")
    assert scene.rank == 0 and "zero matrix" in scene.beats[2].narration
    assert scene.layout_report == []


@pytest.mark.parametrize("value, message", [
    ("[[1, 2, 3], [4, 5, 6]]", "2x2"),
    ("[[1, NaN], [3, 4]]", "finite"),
    ("[[2000, 0], [0, 1]]", "within"),
    ("[[40, 0], [0, 1]]", "the square would be a dot"),
    ("[[10, 0], [0, 0.1]]", "too small to see"),
    ("[[1, 2], [2, 4.000001]]", "too thin"),
])
def test_bad_matrices_are_refused_in_one_line(tmp_path, value, message):
    assert_refused_in_one_line("determinant", {"matrix": value}, message, tmp_path / "out")


@pytest.mark.slow
def test_low_render_matches_its_stored_last_frame(render_low, frame_regression):
    assert_low_render_matches(render_low, frame_regression, "determinant")
