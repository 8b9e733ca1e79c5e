"""mathviz.core.linalg's linear maps and products against numpy (@, np.linalg) and closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathviz.core.linalg import (
    column_combination,
    column_path,
    commute,
    composed_path,
    matrix_product,
    product_terms,
    projection,
    projection_matrix,
    rotation,
    tip_to_tail,
)

entry = st.floats(-100, 100, allow_nan=False, allow_infinity=False, allow_subnormal=False)
small = st.integers(-6, 6).map(float)
mat2 = st.lists(entry, min_size=4, max_size=4).map(lambda v: np.array(v).reshape(2, 2))
vec2 = st.lists(entry, min_size=2, max_size=2).map(np.array)
times = st.floats(0, 1, allow_nan=False)


def tol(*arrays) -> float:
    return 1e-12 * max([1.0] + [float(np.abs(a).max()) for a in arrays]) ** 2


# -- the column picture of A x -----------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(mat2, vec2)
def test_the_steps_along_the_columns_add_up_to_A_x(A, x):
    legs = column_combination(A, x)
    np.testing.assert_allclose(legs.sum(axis=1), A @ x, rtol=0, atol=tol(A, x))
    for k in range(2):  # step k is x_k copies of column k: where e_k lands, A e_k
        np.testing.assert_array_equal(legs[:, k], x[k] * (A @ np.eye(2)[:, k]))
    corners = tip_to_tail(A, x)
    assert corners.shape == (2, 3) and not corners[:, 0].any()
    np.testing.assert_allclose(corners[:, -1], A @ x, rtol=0, atol=tol(A, x))
    np.testing.assert_allclose(np.diff(corners, axis=1), legs, rtol=0, atol=tol(A, x))


@given(st.lists(st.lists(small, min_size=3, max_size=3), min_size=2, max_size=4), st.lists(small, min_size=3, max_size=3))
def test_the_column_picture_holds_for_any_shape_exactly_on_integers(rows, x):
    A, x = np.array(rows), np.array(x)
    np.testing.assert_array_equal(column_combination(A, x).sum(axis=1), A @ x)


@pytest.mark.parametrize("A, x, words", [
    ([[1.0, 2.0], [3.0, 4.0]], [1.0, 2.0, 3.0], "2 entries"),
    ([[1.0, math.nan], [3.0, 4.0]], [1.0, 2.0], "finite"),
    ([[1.0, 2.0], [3.0, 4.0]], [math.inf, 2.0], "finite"),
])
def test_bad_combinations_are_refused(A, x, words):
    with pytest.raises(ValueError, match=words):
        column_combination(A, x)


# -- the path from I to A --------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(mat2, times)
def test_column_path_starts_at_I_ends_at_A_and_moves_each_column_by_angle_and_length(A, t):
    np.testing.assert_array_equal(column_path(A, 0.0), np.eye(2))
    np.testing.assert_array_equal(column_path(A, 1.0), A)
    M = column_path(A, t)
    lengths = np.hypot(*A)
    # each column's length goes linearly from 1 to |a_k|
    np.testing.assert_allclose(np.hypot(*M), 1 + (lengths - 1) * t, rtol=1e-12, atol=1e-12)
    for k in range(2):
        e = np.eye(2)[:, k]
        if lengths[k] == 0:  # no direction to turn to: e_k shrinks along itself
            np.testing.assert_allclose(M[:, k], (1 - t) * e, atol=1e-12)
            continue
        # the column turns the shorter way: its angle from e_k is t times the whole turn
        whole = math.atan2(e[0] * A[1, k] - e[1] * A[0, k], e @ A[:, k])
        now = math.atan2(e[0] * M[1, k] - e[1] * M[0, k], e @ M[:, k])
        if abs(abs(whole) - math.pi) > 1e-9 and 1 + (lengths[k] - 1) * t > 1e-9:
            assert now == pytest.approx(whole * t, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(st.floats(-3, 3, allow_nan=False), st.floats(0.1, 5), times)
def test_a_scaled_rotation_stays_a_scaled_rotation_all_the_way(theta, k, t):
    M = column_path(k * rotation(theta), t)
    # a rotation's columns are perpendicular and equally long: so are the path's
    assert M[:, 0] @ M[:, 1] == pytest.approx(0.0, abs=1e-9 * max(1, k) ** 2)
    assert np.hypot(*M[:, 0]) == pytest.approx(np.hypot(*M[:, 1]), rel=1e-12)
    assert np.linalg.det(M) > 0


def test_column_path_of_arrays_matches_one_time_at_a_time():
    A = np.array([[1.0, -1.0], [0.5, 1.0]])
    ts = np.linspace(0, 1, 9)
    np.testing.assert_allclose(column_path(A, ts), [column_path(A, t) for t in ts], atol=1e-15)
    with pytest.raises(ValueError, match="2x2"):
        column_path(np.eye(3), 0.5)


# -- two maps in a row, and the product ------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(mat2, mat2, vec2)
def test_B_then_A_is_the_one_map_AB(A, B, x):
    AB = matrix_product(A, B)
    np.testing.assert_allclose(AB, A @ B, rtol=0, atol=tol(A, B))
    np.testing.assert_allclose(AB @ x, A @ (B @ x), rtol=0, atol=1e-11 * (1 + np.abs(A).max()) ** 2 * (1 + np.abs(B).max()) * (1 + np.abs(x).max()))
    # the composed animation ends at AB, passes B at its midpoint, starts at I
    np.testing.assert_array_equal(composed_path(A, B, 0.0), np.eye(2))
    np.testing.assert_array_equal(composed_path(A, B, 1.0), B)
    np.testing.assert_allclose(composed_path(A, B, 2.0), A @ B, rtol=0, atol=tol(A, B))


@settings(max_examples=300, deadline=None)
@given(mat2, mat2)
def test_entry_ij_is_row_i_of_A_against_column_j_of_B(A, B):
    terms = product_terms(A, B)
    for i in range(2):
        for j in range(2):
            np.testing.assert_array_equal(terms[i, j], A[i, :] * B[:, j])
            assert matrix_product(A, B)[i, j] == terms[i, j, 0] + terms[i, j, 1]  # exactly the sum shown
            assert matrix_product(A, B)[i, j] == pytest.approx(A[i, :] @ B[:, j], abs=tol(A, B))


@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4), st.data())
def test_products_of_any_shapes_on_integers_are_exact(m, n, p, data):
    A = np.array(data.draw(st.lists(small, min_size=m * n, max_size=m * n))).reshape(m, n)
    B = np.array(data.draw(st.lists(small, min_size=n * p, max_size=n * p))).reshape(n, p)
    assert product_terms(A, B).shape == (m, p, n)
    np.testing.assert_array_equal(matrix_product(A, B), A @ B)


def test_mismatched_products_are_refused():
    with pytest.raises(ValueError, match="2 columns but B has 3 rows"):
        product_terms(np.ones((2, 2)), np.ones((3, 2)))
    with pytest.raises(ValueError, match="finite"):
        product_terms([[1.0, math.nan]], [[1.0], [2.0]])


def test_order_matters_for_the_defaults_and_not_for_a_turn_and_a_scaling():
    from scenes.linear_algebra.specs import MatrixProductParams

    p = MatrixProductParams()
    A, B = np.array(p.a), np.array(p.b)
    assert not commute(A, B) and not np.allclose(A @ B, B @ A)
    turn, turn2 = rotation(0.7), rotation(-1.9)
    assert commute(turn, turn2) and commute(turn, 3.0 * np.eye(2)) and commute(A, np.eye(2))
    shear, flip = np.array([[1.0, 1.0], [0.0, 1.0]]), np.diag([1.0, -1.0])
    assert not commute(shear, flip)


@settings(max_examples=200, deadline=None)
@given(mat2, mat2)
def test_commute_agrees_with_numpy(A, B):
    gap = np.abs(A @ B - B @ A).max()
    size = max(np.abs(A @ B).max(), np.abs(B @ A).max(), 1e-300)
    if gap > 1e-9 * size:
        assert not commute(A, B)
    if gap == 0:
        assert commute(A, B)


# -- the projection example ------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(vec2.filter(lambda u: np.abs(u).max() > 1e-3), vec2)
def test_projection_matrix_projects_as_projection_does(u, v):
    P = projection_matrix(u)
    np.testing.assert_allclose(P @ v, projection(v, u), rtol=0, atol=1e-10 * (1 + np.abs(v).max()))
    np.testing.assert_allclose(P @ P, P, atol=1e-12)  # projecting twice changes nothing
    np.testing.assert_allclose(P, P.T, atol=0)
    assert np.linalg.matrix_rank(P) == 1
    np.testing.assert_allclose(np.sort(np.linalg.eigvalsh(P)), [0.0, 1.0], atol=1e-12)
