"""linear-map: the carried grid, e1, e2 and the walk x1 a1 + x2 a2 agree with the core; bad input is refused."""

from __future__ import annotations

import re

import numpy as np
import pytest

from mathviz.core.linalg import column_combination, coordinates_in_basis, tip_to_tail
from mathviz.kit import said
from scenes.linear_algebra.specs import MAP_EXAMPLES
from support import assert_low_render_matches, assert_refused_in_one_line


def _in_plane(plane, point) -> np.ndarray:
    return (np.asarray(point)[:2] - plane.origin[:2]) / plane.unit


def _plane(scene, point) -> np.ndarray:
    return _in_plane(scene.plane, point)


def _numbers(tex) -> list[float]:
    return [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", tex.tex_string)]


def _color(mob) -> str:
    return mob.get_stroke_color().to_hex().lower()


def _check_picture(scene, A, x):
    A, x = np.asarray(A, dtype=float), np.asarray(x, dtype=float)
    theme = scene.theme
    # the grid ended where A carries it and e1, e2 at A's columns, in the first and second colours
    np.testing.assert_allclose(scene.matrix_now(), A, atol=0)
    for k, arrow in enumerate(scene.arrows):
        np.testing.assert_allclose(_plane(scene, arrow.end_point), A[:, k], atol=1e-9)
        assert _color(arrow.shaft) == (theme.first, theme.second)[k].lower()
    if abs(np.linalg.det(A)) > 1e-9:  # line k of family j is where x_j = k step lands: A's coordinate j is k step
        for j, lines in enumerate(scene.carried.grid.submobjects):
            for k, line in zip(scene.carried.grid.families[j], lines):
                ends = np.array([_plane(scene, p) for p in (line.points[0], line.points[-1])]).T
                if not np.allclose(ends[:, 0], ends[:, 1]):
                    np.testing.assert_allclose(coordinates_in_basis(A, ends)[j], k * scene.carried.grid.step,
                                               atol=1e-9)
    # the walk: x1 a1 from the origin, then x2 a2 from its tip, ending at A x, drawn tip to tail
    corners = tip_to_tail(A, x)
    legs, total = scene.walk.legs, scene.walk.total
    for k in range(2):
        np.testing.assert_allclose(_plane(scene, legs[k].start_point), corners[:, k], atol=1e-9)
        np.testing.assert_allclose(_plane(scene, legs[k].end_point), corners[:, k + 1], atol=1e-9)
        assert legs[k].get_length() == pytest.approx(np.hypot(*column_combination(A, x)[:, k]) * scene.plane.unit)
        assert _color(legs[k].shaft) == (theme.first, theme.second)[k].lower()
    np.testing.assert_allclose(_plane(scene, total.end_point), A @ x, atol=1e-9)
    assert _color(total.shaft) == theme.function.lower()
    # the sum on the panel: A x = x1 a1 + x2 a2 = A x, the numbers the core computed
    combo, result = scene.sum_row
    sign = -1.0 if combo[3].tex_string == "-" else 1.0
    np.testing.assert_allclose([_numbers(combo[1])[0], sign * _numbers(combo[4])[0]], x, atol=5e-3)
    for k, piece in enumerate((combo[2], combo[5])):
        np.testing.assert_allclose(_numbers(piece), A[:, k], atol=5e-3)
    np.testing.assert_allclose(_numbers(result[1]), A @ x, atol=5e-3)
    assert _color(result[1]) == theme.function.lower()
    # everything stayed inside the frame, and the scene is long enough to follow
    assert scene.layout_report == []
    assert 50 <= scene.time <= 110 and all(len(b.narration.split()) >= 8 for b in scene.beats)


def test_default_picture_matches_the_core(scanned):
    scene = scanned("linear-map")
    p = scene.params
    _check_picture(scene, p.matrix, p.vector)
    assert [b.name for b in scene.beats] == ["plane", "rotation", "shear", "projection", "your-matrix", "vector",
                                             "carry", "sum"]
    # each example's narration says where e1 and e2 land: the example's columns
    said_by = {b.name: b.narration for b in scene.beats}
    for name, M in MAP_EXAMPLES:
        for k in range(2):
            point = "(" + ", ".join(said(v) for v in M[:, k]) + ")"
            assert point in said_by[name], (name, point)
    A = np.array(p.matrix)
    assert f"e1 lands at ({said(A[0, 0])}, {said(A[1, 0])})" in said_by["your-matrix"]
    Ax = A @ np.array(p.vector)
    assert f"A x = ({said(Ax[0])}, {said(Ax[1])})" in said_by["sum"]
    assert "ride along" in said_by["carry"] and "columns" in said_by["sum"]


def test_a_flattening_matrix_in_a_tall_light_frame(scanned):
    A, x = [[2.0, 0.0], [0.0, 0.0]], [-1.0, 1.5]
    scene = scanned("linear-map", aspect="9:16", theme="light", matrix="[[2, 0], [0, 0]]", vector="[-1, 1.5]")
    _check_picture(scene, A, x)
    assert scene.walk.legs[1].get_length() == 0.0  # the step along a zero column is drawn as nothing
    narration = scene.beats[4].narration
    assert "e2 lands on the origin" in narration and "squashed" in narration


def test_a_vector_in_the_null_space_walks_back_to_the_origin(scanned):
    scene = scanned("linear-map", aspect="4:3", theme="contrast", matrix="[[1, 2], [2, 4]]", vector="[2, -1]")
    _check_picture(scene, [[1.0, 2.0], [2.0, 4.0]], [2.0, -1.0])
    assert scene.walk.total.get_length() == 0.0
    assert "zero vector" in scene.beats[-1].narration and "cancel" in scene.beats[-1].narration


@pytest.mark.parametrize("values, message", [
    ({"matrix": "[[1, 2, 3], [4, 5, 6]]"}, "2x2"),
    ({"matrix": "[[1, NaN], [0, 1]]"}, "finite"),
    ({"vector": "[0, 0]"}, "zero vector"),
    ({"vector": "[1, 2, 3]"}, "2 numbers"),
    ({"matrix": "[[2000, 0], [0, 1]]"}, "within"),
    ({"matrix": "[[1e-9, 0], [0, 1]]"}, "too small to draw"),
    ({"matrix": "[[40, 0], [0, 1]]"}, "too small to see"),
    ({"vector": "[0.01, 1]"}, "the step x1 e1 is only 0.01 long"),
])
def test_bad_parameters_are_refused_in_one_line(values, message, tmp_path):
    assert_refused_in_one_line("linear-map", values, message, tmp_path)


@pytest.mark.slow
def test_low_quality_render_decodes_with_its_last_frame(render_low, frame_regression):
    assert_low_render_matches(render_low, frame_regression, "linear-map")


def test_the_kit_pieces_follow_any_matrix_singular_ones_too():
    """kit.maps on its own: the carried grid and arrows, the walk, and a matrix coloured by column."""
    from mathviz.kit import Box, CarriedPlane, ColumnWalk, column_matrix, fit_plane, get_theme

    theme = get_theme("dark")
    plane = fit_plane(Box(np.zeros(3), 6.0, 4.0), np.array([[2.0, -2.0], [2.0, -2.0]]))
    flat = np.array([[1.0, 2.0], [0.5, 1.0]])  # rank one: every grid line lands on one line
    carried = CarriedPlane(plane, theme, 1.0, [flat]).set_matrix(flat)
    for k, arrow in enumerate(carried.arrows):
        np.testing.assert_allclose(_in_plane(plane, arrow.end_point), flat[:, k], atol=1e-12)
    for line in (ln for family in carried.grid.submobjects for ln in family):
        ends = np.array([_in_plane(plane, p) for p in (line.points[0], line.points[-1])])
        assert np.allclose(ends[:, 1], 0.5 * ends[:, 0], atol=1e-9)  # on the line y = x / 2, the image
    walk = ColumnWalk(plane, theme, [3.0, -1.0]).set_matrix(flat)
    np.testing.assert_allclose(walk.corners(), tip_to_tail(flat, [3.0, -1.0]))
    np.testing.assert_allclose(_in_plane(plane, walk.total.end_point), flat @ [3.0, -1.0], atol=1e-12)
    mob = column_matrix([[1.0, 0.5], [1 / 3, -2.0]], theme, 30)
    assert [e.tex_string for e in mob.get_entries()] == ["1", "0.5", "0.33", "-2"]
    for column, color in zip(mob.get_columns(), (theme.first, theme.second)):
        assert all(e.get_color().to_hex().lower() == color.lower() for e in column)
