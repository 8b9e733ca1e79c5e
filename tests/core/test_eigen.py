"""eigen_directions against numpy.linalg.eig: the four kinds of real 2x2 matrix, and A v = lambda v."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathviz.core.linalg import REPEATED_GAP, eigen_directions, rotation

# 0, or at least 1e-6 in size, as the scenes' matrices are (a lone 2e-308 beside zeros is no picture)
entry = st.one_of(st.just(0.0), st.floats(1e-6, 100), st.floats(-100, -1e-6))
angle = st.floats(-2 * math.pi, 2 * math.pi, allow_nan=False)
value = st.floats(-20, 20, allow_nan=False)


def _conjugated(draw, M):
    """``S M S^-1`` for a random well-conditioned ``S``."""
    S = rotation(draw(angle)) @ np.diag([1.0, draw(st.floats(0.3, 3))]) @ rotation(draw(angle))
    return S @ M @ np.linalg.inv(S)


@st.composite
def matrices(draw):
    kind = draw(st.sampled_from(["general", "distinct", "reflection", "singular", "defective", "scalar",
                                 "rotation", "integer"]))
    if kind == "general":
        return np.array(draw(st.lists(entry, min_size=4, max_size=4))).reshape(2, 2)
    if kind == "distinct":
        a = draw(value)
        return _conjugated(draw, np.diag([a, a + draw(st.floats(0.01, 20))]))
    if kind == "reflection":  # eigenvalues 1 and -1
        return rotation(draw(angle)) @ np.diag([1.0, -1.0]) @ rotation(draw(angle)).T
    if kind == "singular":
        u, v = (np.array(draw(st.lists(entry, min_size=2, max_size=2))) for _ in range(2))
        return np.outer(u, v)
    if kind == "defective":  # a Jordan block: a shear, conjugated
        return _conjugated(draw, _jordan(draw(value), draw(st.floats(0.1, 10))))
    if kind == "scalar":
        return draw(value) * np.eye(2)
    if kind == "rotation":  # no real eigenvalue unless the turn is 0 or a half turn
        turn = draw(st.floats(0.05, math.pi - 0.05)) * draw(st.sampled_from([1, -1]))
        return draw(st.floats(0.1, 10)) * rotation(turn)
    return np.array(draw(st.lists(st.integers(-5, 5), min_size=4, max_size=4)), dtype=float).reshape(2, 2)


def _jordan(lam, off):
    return np.array([[lam, off], [0.0, lam]])


@settings(max_examples=400, deadline=None)
@given(matrices())
def test_eigenpairs_satisfy_av_equals_lambda_v_and_match_numpy(A):
    e = eigen_directions(A)
    size = max(float(np.abs(A).max()), 1e-300)
    assert e.kind in ("distinct", "repeated", "scalar", "complex")
    assert e.values.shape == (len(e.vectors),) and e.vectors.shape[1:] == (2,)
    assert len(e.values) == {"distinct": 2, "repeated": 1, "scalar": 2, "complex": 0}[e.kind]
    for lam, v in zip(e.values, e.vectors):
        assert np.hypot(*v) == pytest.approx(1.0, abs=1e-12)
        assert v[0] > 0 or (v[0] == 0 and v[1] > 0)  # the same one of the two unit vectors, always
        # A v = lambda v, to rounding (a repeated eigenvalue is known only to about sqrt(eps))
        assert np.abs(A @ v - lam * v).max() <= 1e-6 * size
    numpy_values = np.linalg.eigvals(A)
    if e.kind == "complex":
        assert np.all(np.abs(numpy_values.imag) > 0)
        # the imaginary parts are at least the tolerance's size: these are not rounded real ones
        assert np.abs(numpy_values.imag).min() >= 0.9 * REPEATED_GAP * size
        return
    assert np.abs(numpy_values.imag).max() <= 2 * REPEATED_GAP * size
    np.testing.assert_allclose(np.sort(e.values if e.kind != "repeated" else np.repeat(e.values, 2)),
                               np.sort(numpy_values.real), atol=1e-6 * size)
    if e.kind == "distinct":
        assert e.values[0] > e.values[1]
        assert e.values[0] - e.values[1] > 2 * REPEATED_GAP * size * 0.99
        # numpy's eigenvector for each eigenvalue lies along ours
        w, V = np.linalg.eig(A)
        for lam, v in zip(e.values, e.vectors):
            k = int(np.argmin(np.abs(w - lam)))
            u = V[:, k].real / np.linalg.norm(V[:, k].real)
            if np.abs(A @ u - w[k].real * u).max() > 1e-9 * size:
                continue  # LAPACK's balancing can go wrong when entries differ by 1e50: then ours is checked above
            gap = e.values[0] - e.values[1]
            assert abs(u[0] * v[1] - u[1] * v[0]) <= 1e-6 * size / gap
    if e.kind == "scalar":
        np.testing.assert_allclose(A, e.values[0] * np.eye(2), atol=REPEATED_GAP * size * 1.01)
    if e.kind == "repeated":  # defective: A - lambda I is not 0, and it squares to about 0 (a nilpotent part)
        N = A - e.values[0] * np.eye(2)
        assert np.abs(N).max() > REPEATED_GAP * size * 0.99
        assert np.abs(N @ N).max() <= 1e-6 * size * max(size, 1.0)


@pytest.mark.parametrize("A, kind, values", [
    ([[1.0, 1.0], [0.5, 1.5]], "distinct", [2.0, 0.5]),
    ([[3.0, 0.0], [0.0, -2.0]], "distinct", [3.0, -2.0]),
    ([[0.0, 1.0], [1.0, 0.0]], "distinct", [1.0, -1.0]),  # a mirror: its line and the one across it
    ([[1.0, 2.0], [2.0, 4.0]], "distinct", [5.0, 0.0]),  # singular: one direction is squashed to 0
    ([[1.0, 1.0], [0.0, 1.0]], "repeated", [1.0]),  # a shear
    ([[2.0, 0.0], [3.0, 2.0]], "repeated", [2.0]),
    ([[0.0, 1.0], [0.0, 0.0]], "repeated", [0.0]),  # nilpotent
    ([[1.5, 0.0], [0.0, 1.5]], "scalar", [1.5, 1.5]),
    ([[-1.0, 0.0], [0.0, -1.0]], "scalar", [-1.0, -1.0]),  # a half turn keeps every line
    ([[0.0, 0.0], [0.0, 0.0]], "scalar", [0.0, 0.0]),
    ([[0.0, -1.0], [1.0, 0.0]], "complex", []),  # a quarter turn
    ([[1.0, -1.0], [1.0, 1.0]], "complex", []),
])
def test_the_four_kinds(A, kind, values):
    e = eigen_directions(A)
    assert e.kind == kind
    np.testing.assert_allclose(e.values, values, atol=1e-12)
    if kind == "complex":
        assert e.vectors.shape == (0, 2) and np.all(np.linalg.eigvals(np.array(A)).imag != 0)


def test_shear_keeps_only_the_x_axis_and_a_mirror_its_line():
    np.testing.assert_allclose(eigen_directions([[1.0, 1.0], [0.0, 1.0]]).vectors, [[1.0, 0.0]])
    mirror = rotation(0.4) @ np.diag([1.0, -1.0]) @ rotation(-0.4)  # the mirror in the line at 0.4 rad
    e = eigen_directions(mirror)
    np.testing.assert_allclose(e.vectors[0], [math.cos(0.4), math.sin(0.4)], atol=1e-12)
    np.testing.assert_allclose(np.abs(e.vectors[1]), [math.sin(0.4), math.cos(0.4)], atol=1e-12)


def test_the_tolerance_for_repeated_is_relative_and_documented():
    gap = REPEATED_GAP
    # eigenvalues 1 and 1 + 4 gap are two; 1 and 1 + gap, one (a scalar to this tolerance)
    assert eigen_directions(np.diag([1.0, 1.0 + 4 * gap])).kind == "distinct"
    assert eigen_directions(np.diag([1.0, 1.0 + gap])).kind == "scalar"
    # the same at any scale
    assert eigen_directions(1e6 * np.diag([1.0, 1.0 + 4 * gap])).kind == "distinct"
    assert eigen_directions(1e-6 * np.array([[1.0, 1.0], [0.0, 1.0]])).kind == "repeated"
    # a shear rounded (conjugated in floating point) is still found as one direction
    S = np.array([[2.0, 1.0], [0.3, 1.7]])
    A = S @ np.array([[0.7, 1.0], [0.0, 0.7]]) @ np.linalg.inv(S)
    e = eigen_directions(A)
    assert e.kind == "repeated" and e.values[0] == pytest.approx(0.7, abs=1e-7)
    s = S[:, 0] / np.linalg.norm(S[:, 0])
    assert abs(s[0] * e.vectors[0, 1] - s[1] * e.vectors[0, 0]) < 1e-7
    assert "REPEATED_GAP" in eigen_directions.__doc__ and "1e-7" in eigen_directions.__doc__


@pytest.mark.parametrize("bad, words", [
    (np.eye(3), "2x2"),
    ([[1.0, np.nan], [0.0, 1.0]], "finite"),
])
def test_bad_matrices_raise(bad, words):
    with pytest.raises(ValueError, match=words):
        eigen_directions(bad)


def test_large_and_tiny_entries_do_not_overflow():
    for k in (1e-150, 1e150):
        e = eigen_directions(k * np.array([[1.0, 1.0], [0.5, 1.5]]))
        assert e.kind == "distinct"
        np.testing.assert_allclose(e.values / k, [2.0, 0.5], rtol=1e-12)
