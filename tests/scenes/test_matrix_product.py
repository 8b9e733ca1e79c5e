"""matrix-product: B then A lands where AB does, the other order elsewhere, and each entry shown is
row i of A against column j of B, as the core computes it; bad matrices are refused."""

from __future__ import annotations

import re

import numpy as np
import pytest

from mathviz.core.linalg import commute, composed_path, matrix_product, product_terms
from mathviz.kit import said
from support import assert_low_render_matches, assert_refused_in_one_line


def _plane(scene, point) -> np.ndarray:
    return (np.asarray(point)[:2] - scene.plane.origin[:2]) / scene.plane.unit


def _numbers(tex: str) -> list[float]:
    return [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", tex)]


def _check_picture(scene, A, B):
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    AB, BA = A @ B, B @ A
    # B then A, and AB in one move, land on the same matrix (the faint copy is the two-step grid)
    np.testing.assert_allclose(composed_path(A, B, 2.0), AB, atol=1e-12)
    np.testing.assert_allclose(scene.direct_end, AB, atol=1e-12)
    ghost_grid, ghost_arrows = scene.ghost
    for k, arrow in enumerate(ghost_arrows):
        np.testing.assert_allclose(_plane(scene, arrow.end_point), AB[:, k], atol=1e-9)
    # the live grid took the other order last: e1, e2 end on BA's columns, in their colours
    for k, arrow in enumerate(scene.arrows):
        np.testing.assert_allclose(_plane(scene, arrow.end_point), BA[:, k], atol=1e-9)
        assert arrow.shaft.get_stroke_color().to_hex().lower() == (scene.theme.first, scene.theme.second)[k].lower()
    # every entry of AB on screen is the sum of the two products shown beside it: row i of A, column j of B
    terms = product_terms(A, B)
    shown = np.array([_numbers(e.tex_string)[0] for e in scene.mat_ab.get_entries()]).reshape(2, 2)
    np.testing.assert_allclose(shown, AB, atol=5e-3)
    for (i, j), line in scene.entry_lines.items():
        numbers = _numbers(line.tex_string.replace(f"(AB)_{{{i + 1}{j + 1}}}", ""))
        np.testing.assert_allclose(numbers[:4], [A[i, 0], B[0, j], A[i, 1], B[1, j]], atol=5e-3)
        np.testing.assert_allclose(numbers[4], terms[i, j].sum(), atol=5e-3)
        assert numbers[4] == pytest.approx(A[i] @ B[:, j], abs=5e-3)
    assert all(e.get_fill_opacity() == 1.0 for e in scene.mat_ab.get_entries())  # all four were computed
    assert scene.layout_report == []
    assert 50 <= scene.time <= 110 and all(len(b.narration.split()) >= 8 for b in scene.beats)


def test_default_picture_matches_the_core(scanned):
    scene = scanned("matrix-product")
    A, B = np.array(scene.params.a), np.array(scene.params.b)
    _check_picture(scene, A, B)
    assert [b.name for b in scene.beats] == ["two-maps", "b-first", "then-a", "one-map", "entry", "entries",
                                             "other-order", "summary"]
    assert not commute(A, B) and not scene.commuting
    # the entry worked out aloud is row 2 of A against column 1 of B, with the core's numbers
    said_entry = scene.beats[4].narration
    value = matrix_product(A, B)[1, 0]
    assert (f"{said(A[1, 0])} times {said(B[0, 0])}, plus {said(A[1, 1])} times {said(B[1, 0])}, makes "
            f"{said(value)}") in said_entry
    assert not any(r"\approx" in line.tex_string for line in scene.entry_lines.values())  # whole numbers: exact
    assert "different" in scene.beats[6].narration and r"\neq" in scene.summary.tex_string


def test_commuting_matrices_say_so_in_a_tall_light_frame(scanned):
    scene = scanned("matrix-product", aspect="9:16", theme="light", a="[[0, -1], [1, 0]]", b="[[2, 0], [0, 2]]")
    _check_picture(scene, [[0.0, -1.0], [1.0, 0.0]], [[2.0, 0.0], [0.0, 2.0]])
    assert scene.commuting and "BA equals AB" in scene.beats[6].narration and "not a rule" in scene.beats[6].narration
    assert "most pairs do not" in scene.beats[7].narration and r"AB = BA" in scene.summary.tex_string


def test_rounded_entries_are_marked_in_a_square_frame(scanned):
    scene = scanned("matrix-product", aspect="4:3", theme="contrast", a="[[0.3, 1], [-1, 0.7]]",
                    b="[[1.25, -0.5], [0.333, 1]]")
    _check_picture(scene, [[0.3, 1.0], [-1.0, 0.7]], [[1.25, -0.5], [0.333, 1.0]])
    # 0.333 is shown as 0.33 and AB's entries are rounded: the lines with them say so; exact A says "="
    assert r"\approx" in scene.entry_lines[1, 0].tex_string and r"\approx" in scene.rows["AB"][0].tex_string


@pytest.mark.parametrize("values, message", [
    ({"a": "[[1, 2], [3]]"}, "2x2"),
    ({"b": "[[1, Infinity], [0, 1]]"}, "finite"),
    ({"a": "[[5000, 0], [0, 1]]"}, "within"),
    ({"b": "[[1, 1e-8], [0, 1]]"}, "too small to draw"),
    ({"a": "[[6, 0], [0, 6]]", "b": "[[6, 0], [0, 6]]"}, "too small to see"),
    ({"a": "[[0.02, 0], [0, 1]]"}, "the first column of A is only 0.02 long"),
])
def test_bad_parameters_are_refused_in_one_line(values, message, tmp_path):
    assert_refused_in_one_line("matrix-product", values, message, tmp_path)


@pytest.mark.slow
def test_low_quality_render_decodes_with_its_last_frame(render_low, frame_regression):
    assert_low_render_matches(render_low, frame_regression, "matrix-product")
