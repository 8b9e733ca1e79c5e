"""mathviz.core.linalg against numpy.linalg: coordinates, rotate-scale-rotate, animation paths."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathviz.core.linalg import (
    basis_path,
    coordinates_in_basis,
    gram_schmidt,
    projection,
    rotate_scale_rotate,
    rotation,
    singular_pairs,
    straight_path,
    svd_path,
    svd_stage,
)

entry = st.floats(-100, 100, allow_nan=False, allow_infinity=False, allow_subnormal=False)
angle = st.floats(-2 * math.pi, 2 * math.pi, allow_nan=False)
scale = st.floats(-50, 50, allow_nan=False)


@st.composite
def matrices(draw):
    """Random 2x2 matrices, with the special kinds drawn on purpose."""
    kind = draw(st.sampled_from(["general", "reflection", "rank1", "zero", "rotation", "diagonal",
                                 "scaled-rotation", "integer"]))
    if kind == "general":
        return np.array(draw(st.lists(entry, min_size=4, max_size=4))).reshape(2, 2)
    if kind == "reflection":  # det < 0: a rotation times a mirror, scaled
        k = draw(st.floats(0.01, 50))
        return k * rotation(draw(angle)) @ np.diag([draw(st.floats(0.1, 3)), -draw(st.floats(0.1, 3))]) \
            @ rotation(draw(angle))
    if kind == "rank1":
        u = np.array(draw(st.lists(entry, min_size=2, max_size=2)))
        v = np.array(draw(st.lists(entry, min_size=2, max_size=2)))
        return np.outer(u, v)
    if kind == "zero":
        return np.zeros((2, 2))
    if kind == "rotation":
        return rotation(draw(angle))
    if kind == "diagonal":
        return np.diag([draw(scale), draw(scale)])
    if kind == "scaled-rotation":
        return draw(st.floats(0.01, 50)) * rotation(draw(angle))
    return np.array(draw(st.lists(st.integers(-5, 5), min_size=4, max_size=4)), dtype=float).reshape(2, 2)


def tol(A) -> float:
    return 1e-11 * max(1.0, float(np.abs(A).max()))


# -- rotate_scale_rotate ---------------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(matrices())
def test_rotate_scale_rotate_reconstructs_with_ordering_and_sign_rule(A):
    alpha, s, beta = rotate_scale_rotate(A)
    assert np.allclose(rotation(alpha) @ np.diag(s) @ rotation(beta), A, rtol=0, atol=tol(A))
    assert s[0] >= 0 and s[0] >= abs(s[1])
    det = A[0, 0] * A[1, 1] - A[0, 1] * A[1, 0]
    assert (s[1] < 0) == (det < 0)
    assert -math.pi <= alpha < math.pi and -math.pi <= beta < math.pi
    # independent reference: numpy's SVD
    assert np.allclose(np.abs(s), np.linalg.svd(A, compute_uv=False), rtol=0, atol=tol(A))
    with np.errstate(all="ignore"):  # LAPACK's LU divides by subnormal entries
        numpy_det = np.linalg.det(A)
    if abs(numpy_det) > 1e-9 * max(1.0, np.abs(A).max()) ** 2:
        # where numpy's determinant is not at rounding level, it agrees on the sign
        assert (s[1] < 0) == (numpy_det < 0)


@pytest.mark.parametrize("A, expected_s", [
    ([[1, 2], [2, -1]], [math.sqrt(5), -math.sqrt(5)]),
    ([[0, 1], [1, 0]], [1.0, -1.0]),
    ([[1, 2], [2, 4]], [5.0, 0.0]),
    ([[0, 0], [0, 0]], [0.0, 0.0]),
    ([[-2, 0], [0, -3]], [3.0, 2.0]),  # a half turn and a stretch: no reflection
])
def test_special_matrices(A, expected_s):
    alpha, s, beta = rotate_scale_rotate(A)
    assert np.allclose(s, expected_s, atol=1e-12)
    assert np.allclose(rotation(alpha) @ np.diag(s) @ rotation(beta), A, atol=1e-12)


def test_pure_rotation_turns_only_in_alpha():
    alpha, s, beta = rotate_scale_rotate(rotation(0.7))
    assert np.allclose(s, [1, 1]) and beta == 0.0 and alpha == pytest.approx(0.7)


def test_right_singular_vectors_are_rows_of_rotation_beta():
    A = np.array([[1.0, 2.0], [3.0, 4.0]])
    alpha, s, beta = rotate_scale_rotate(A)
    V = rotation(beta).T  # columns: right singular vectors
    _, _, Vt = np.linalg.svd(A)
    for k in range(2):  # same lines (up to sign), A v_k = s_k u_k
        assert abs(abs(V[:, k] @ Vt[k]) - 1) < 1e-12
        assert np.allclose(A @ V[:, k], s[k] * rotation(alpha)[:, k])


@settings(max_examples=300, deadline=None)
@given(matrices())
def test_singular_pairs_send_v_to_sigma_u(A):
    V, sigma, U = singular_pairs(A)
    # A v_k = sigma_k u_k, both pairs orthonormal, sigma the singular values numpy finds
    np.testing.assert_allclose(A @ V, U * sigma, atol=10 * tol(A))
    np.testing.assert_allclose(V.T @ V, np.eye(2), atol=1e-12)
    np.testing.assert_allclose(U.T @ U, np.eye(2), atol=1e-12)
    np.testing.assert_allclose(sigma, np.linalg.svd(A, compute_uv=False), atol=10 * tol(A))
    # V is a rotation; the flip of a negative determinant is in U
    assert np.linalg.det(V) == pytest.approx(1.0)
    det = A[0, 0] * A[1, 1] - A[0, 1] * A[1, 0]
    assert np.linalg.det(U) == pytest.approx(-1.0 if det < 0 else 1.0)


def test_rotate_scale_rotate_refuses_bad_input():
    with pytest.raises(ValueError, match="2x2"):
        rotate_scale_rotate(np.eye(3))
    with pytest.raises(ValueError, match="not finite"):
        rotate_scale_rotate([[1, np.nan], [0, 1]])


# -- paths -----------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(matrices(), st.floats(0, 1))
def test_svd_path_ends_and_rotation_stages(A, tau):
    assert np.allclose(svd_path(A, 0.0), np.eye(2), atol=1e-15)
    assert np.allclose(svd_path(A, 3.0), A, rtol=0, atol=tol(A))
    alpha, s, beta = rotate_scale_rotate(A)
    # stages 1 and 3 (t in [0, 1] and [2, 3]) are rotations composed with a fixed matrix
    R1 = svd_path(A, tau)
    assert np.allclose(R1.T @ R1, np.eye(2), atol=1e-12) and np.linalg.det(R1) > 0
    # stage 3 is a rotation applied after the scaling: M(2 + tau) = R M(2) with R orthogonal,
    # which holds exactly when the Gram matrix M^T M (all lengths and angles) stays put
    end_of_scaling = svd_path(A, 2.0)
    M3 = svd_path(A, 2.0 + tau)
    assert np.allclose(M3.T @ M3, end_of_scaling.T @ end_of_scaling, rtol=1e-12, atol=tol(A) ** 2 / 1e-11)
    assert np.allclose(M3, rotation(alpha * tau) @ end_of_scaling, atol=tol(A))
    x = np.array([0.3, -1.1])
    assert np.linalg.norm(M3 @ x) == pytest.approx(np.linalg.norm(end_of_scaling @ x), rel=1e-9, abs=tol(A))
    assert np.linalg.norm(svd_path(A, tau) @ x) == pytest.approx(np.linalg.norm(x), rel=1e-12)


def test_svd_path_is_continuous_at_the_stage_boundaries():
    A = np.array([[1.0, 2.0], [3.0, 4.0]])
    for t in (1.0, 2.0):
        assert np.allclose(svd_path(A, t - 1e-9), svd_path(A, t), atol=1e-7)


def test_svd_path_flip_passes_through_zero_area():
    A = np.array([[0.0, 1.0], [1.0, 0.0]])  # a mirror: s = (1, -1)
    dets = np.linalg.det(svd_path(A, np.linspace(1, 2, 101)))
    assert dets[0] > 0 and dets[-1] < 0 and np.min(np.abs(dets)) < 1e-12


def test_svd_path_vectorised_matches_scalar():
    A = np.array([[2.0, 1.0], [-1.0, 0.5]])
    ts = np.linspace(0, 3, 13)
    assert np.allclose(svd_path(A, ts), np.array([svd_path(A, t) for t in ts]))
    assert svd_stage(0.1, [2.0, 1.0], 0.2, 1, np.array([0.0, 1.0])).shape == (2, 2, 2)


def test_straight_path_shrinks_a_rotation_midway_but_svd_path_does_not():
    quarter = rotation(math.pi / 2)
    x = np.array([1.0, 0.0])
    assert np.linalg.norm(straight_path(quarter, 0.5) @ x) == pytest.approx(1 / math.sqrt(2))
    assert np.linalg.norm(svd_path(quarter, 0.5) @ x) == pytest.approx(1.0)
    assert np.allclose(straight_path(quarter, 1.0), quarter)


def test_basis_path_ends_and_keeps_lengths_interpolated():
    B = np.array([[2.0, -1.0], [1.0, 1.0]])
    assert np.allclose(basis_path(B, 0.0), np.eye(2), atol=1e-15)
    assert np.array_equal(basis_path(B, 1.0), B)
    mid = basis_path(B, 0.5)
    assert np.allclose(np.linalg.norm(mid, axis=0), (1 + np.linalg.norm(B, axis=0)) / 2)
    with pytest.raises(ValueError, match="zero"):
        basis_path([[0.0, 1.0], [0.0, 1.0]], 0.5)


# -- coordinates -----------------------------------------------------------------------------

vec = st.lists(entry, min_size=2, max_size=2).map(np.array)


@settings(max_examples=300, deadline=None)
@given(vec, vec, st.lists(vec, min_size=1, max_size=4))
def test_coordinates_round_trip_and_match_solve(b1, b2, vs):
    B = np.column_stack([b1, b2])
    if np.linalg.cond(B) > 1e8:
        with pytest.raises(ValueError, match="parallel") if np.linalg.cond(B) > 1e12 else _nothing():
            coordinates_in_basis(B, vs[0])
        return
    V = np.column_stack(vs)
    C = coordinates_in_basis(B, V)
    assert C.shape == V.shape
    scale = max(1.0, np.abs(V).max())
    # a backward-stable solve leaves a residual of about eps |B| |C|
    residual = 1e-12 * (scale + np.abs(B).max() * np.abs(C).max())
    assert np.allclose(B @ C, V, rtol=0, atol=residual)
    assert np.allclose(C, np.linalg.solve(B, V), rtol=1e-12, atol=1e-12 * scale)
    one = coordinates_in_basis(B, vs[0])
    assert one.shape == (2,) and np.allclose(one, C[:, 0])


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.mark.parametrize("B", [
    [[1.0, 2.0], [2.0, 4.0]],  # parallel
    [[1.0, 1.0], [0.0, 1e-13]],  # nearly parallel
    [[0.0, 1.0], [0.0, 0.0]],  # a zero vector
    [[0.0, 0.0], [0.0, 0.0]],
])
def test_parallel_basis_is_refused(B):
    with pytest.raises(ValueError, match=r"\(nearly\) parallel"):
        coordinates_in_basis(B, [1.0, 1.0])


def test_coordinates_refuse_mismatched_shapes():
    with pytest.raises(ValueError, match="shape"):
        coordinates_in_basis(np.eye(2), [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="square"):
        coordinates_in_basis(np.ones((2, 3)), [1.0, 2.0])


@settings(max_examples=200, deadline=None)
@given(vec, vec, vec)
def test_orthonormal_coordinates_are_dot_products(b1, b2, v):
    B = np.column_stack([b1, b2])
    if np.linalg.cond(B) > 1e6:
        return
    Q = gram_schmidt(B.T).T  # rows in, rows out: Q keeps the basis as columns
    assert np.allclose(Q.T @ Q, np.eye(2), atol=1e-10)
    assert np.allclose(coordinates_in_basis(Q, v), Q.T @ v, atol=1e-9 * max(1, np.abs(v).max()))
    # q1 along b1, q2 on b2's side of the b1 line
    assert Q[:, 0] @ b1 > 0 and Q[:, 1] @ b2 > 0
    feet = [projection(v, Q[:, k]) for k in range(2)]
    assert np.allclose(feet[0] + feet[1], v, atol=1e-9 * max(1, np.abs(v).max()))
