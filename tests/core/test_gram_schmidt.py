"""gram_schmidt and gram_schmidt_steps against numpy.linalg.qr, closed forms and properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mathviz.core.linalg import DEPENDENT_RTOL, gram_schmidt, gram_schmidt_steps

entry = st.floats(-100, 100, allow_nan=False, allow_infinity=False, allow_subnormal=False)


@st.composite
def independent(draw, max_dim: int = 5):
    """``k <= d`` rows, well conditioned enough that their span is not in doubt."""
    d = draw(st.integers(1, max_dim))
    k = draw(st.integers(1, d))
    V = np.array(draw(st.lists(st.lists(entry, min_size=d, max_size=d), min_size=k, max_size=k)))
    assume(np.linalg.matrix_rank(V) == k)
    s = np.linalg.svd(V, compute_uv=False)
    assume(s[-1] > 1e-6 * s[0])
    return V


def test_closed_forms():
    # the classic example: (1,1,0), (1,0,1), (0,1,1)
    Q = gram_schmidt([[1.0, 1.0, 0.0], [1.0, 0.0, 1.0], [0.0, 1.0, 1.0]])
    expected = [np.array([1, 1, 0]) / math.sqrt(2), np.array([1, -1, 2]) / math.sqrt(6),
                np.array([-1, 1, 1]) / math.sqrt(3)]
    np.testing.assert_allclose(Q, expected, atol=1e-15)
    # already orthogonal vectors are only scaled
    np.testing.assert_allclose(gram_schmidt([[0.0, 3.0], [-2.0, 0.0]]), [[0.0, 1.0], [-1.0, 0.0]], atol=0)
    # two vectors in space: the second keeps its part off the first
    steps, R = gram_schmidt_steps([[3.0, 0.0, 4.0], [1.0, 1.0, 0.0]])
    s = steps[1]
    np.testing.assert_allclose(s.coefficients, [0.6], atol=1e-15)
    np.testing.assert_allclose(s.projections, [[0.36, 0.0, 0.48]], atol=1e-15)
    np.testing.assert_allclose(s.residual, [0.64, 1.0, -0.48], atol=1e-15)
    assert s.length == pytest.approx(math.sqrt(0.64 ** 2 + 1 + 0.48 ** 2), rel=1e-15)
    np.testing.assert_allclose(R, [[5.0, 0.6], [0.0, s.length]], atol=1e-15)


def test_the_first_step_only_normalises():
    steps, R = gram_schmidt_steps([[0.0, -2.0, 0.0]])
    assert steps[0].projections.shape == (0, 3) and steps[0].coefficients.shape == (0,)
    np.testing.assert_array_equal(steps[0].unit, [0.0, -1.0, 0.0])
    assert steps[0].length == 2.0 and R.tolist() == [[2.0]]


@settings(max_examples=200, deadline=None)
@given(independent())
def test_matches_numpy_qr(V):
    """numpy's Q for the columns A = V.T, each column turned round where its R's diagonal is
    negative, is ours; and our R is numpy's with those rows turned round (diagonal > 0)."""
    Q, (steps, R) = gram_schmidt(V), gram_schmidt_steps(V)
    Qn, Rn = np.linalg.qr(V.T)
    signs = np.sign(np.diag(Rn))
    np.testing.assert_allclose(Q, (Qn * signs).T, atol=1e-8)
    np.testing.assert_allclose(R, signs[:, None] * Rn, atol=1e-8 * np.abs(V).max())
    np.testing.assert_array_equal(Q, np.array([s.unit for s in steps]))


@settings(max_examples=200, deadline=None)
@given(independent())
def test_orthonormal_same_span_triangular(V):
    Q = gram_schmidt(V)
    steps, R = gram_schmidt_steps(V)
    k = len(V)
    scale = max(1.0, np.abs(V).max())
    np.testing.assert_allclose(Q @ Q.T, np.eye(k), atol=1e-10)
    # every input is a combination of the outputs, only of those up to its own index (R is
    # upper triangular), and on the same side as its own q (a positive diagonal)
    np.testing.assert_allclose(R.T @ Q, V, atol=1e-9 * scale)
    assert np.all(np.tril(R, -1) == 0) and np.all(np.diag(R) > 0)
    # the first j outputs span what the first j inputs span: each q_j is a combination of v_1..v_j
    for j in range(1, k + 1):
        coeffs, *_ = np.linalg.lstsq(V[:j].T, Q[:j].T, rcond=None)
        np.testing.assert_allclose(V[:j].T @ coeffs, Q[:j].T, atol=1e-7)
    # each step: the removed pieces plus what is left give the vector back, what is left is
    # perpendicular to the finished directions, and the pieces are the projections onto them
    for s in steps:
        np.testing.assert_allclose(s.projections.sum(axis=0) + s.residual, s.vector, atol=1e-9 * scale)
        np.testing.assert_allclose(Q[:s.index] @ s.residual, 0.0, atol=1e-9 * scale)
        np.testing.assert_allclose(s.coefficients, Q[:s.index] @ s.vector, atol=1e-9 * scale)
        assert s.length == pytest.approx(np.linalg.norm(s.residual), rel=1e-12)
        np.testing.assert_allclose(s.unit, s.residual / s.length, atol=1e-15)


@settings(max_examples=100, deadline=None)
@given(independent(max_dim=4), st.floats(-5, 5), st.floats(0.1, 10))
def test_scaling_and_order(V, mix, factor):
    """Scaling a vector by a positive number, or adding earlier vectors to it, changes nothing."""
    Q = gram_schmidt(V)
    W = V.copy()
    W[-1] = factor * W[-1] + mix * W[0] if len(W) > 1 else factor * W[-1]
    np.testing.assert_allclose(gram_schmidt(W), Q, atol=1e-7)


@pytest.mark.parametrize("vectors, index", [
    ([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0]], 1),
    ([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [3.0, -2.0, 0.0]], 2),
    ([[1.0, 0.0, 0.0], [1.0, 1e-12, 0.0]], 1),  # 1e-12 of its length left: under the tolerance
])
def test_dependent_vectors_are_named(vectors, index):
    with pytest.raises(ValueError, match=rf"^vector {index} is \(nearly\) a combination of the vectors before it"):
        gram_schmidt(vectors)
    with pytest.raises(ValueError, match=rf"^vector {index} "):
        gram_schmidt_steps(vectors)


def test_tolerance_is_relative():
    # the same shape at any scale: 1e-8 of its length left is above the default tolerance
    for scale in (1e-200, 1.0, 1e200):
        Q = gram_schmidt(np.array([[1.0, 0.0], [1.0, 1e-8]]) * scale)
        np.testing.assert_allclose(Q, np.eye(2), atol=1e-15)
    assert DEPENDENT_RTOL == 1e-10
    with pytest.raises(ValueError, match="vector 1 .* the tolerance 0.01"):
        gram_schmidt([[1.0, 0.0], [1.0, 0.005]], rtol=0.01)


def test_refusals():
    with pytest.raises(ValueError, match="^vector 0 is the zero vector"):
        gram_schmidt([[0.0, 0.0], [1.0, 0.0]])
    with pytest.raises(ValueError, match="^vector 1 is the zero vector"):
        gram_schmidt([[1.0, 0.0], [0.0, 0.0]])
    with pytest.raises(ValueError, match="^vector 2 is a combination .* span the whole 2-dimensional space"):
        gram_schmidt([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    with pytest.raises(ValueError, match="one vector per row"):
        gram_schmidt([1.0, 2.0])
    with pytest.raises(ValueError, match="not finite"):
        gram_schmidt([[1.0, np.nan]])
    with pytest.raises(ValueError, match="rtol"):
        gram_schmidt([[1.0, 0.0]], rtol=1.0)
