"""parallelogram_area and swing_path against numpy.linalg.det: the determinant as a signed area."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathviz.core.linalg import UNIT_SQUARE, parallelogram_area, rotation, swing_path

entry = st.floats(-100, 100, allow_nan=False, allow_infinity=False, allow_subnormal=False)
angle = st.floats(-2 * math.pi, 2 * math.pi, allow_nan=False)


@st.composite
def matrices(draw):
    """2x2 matrices, with reflections, singular and zero ones drawn on purpose."""
    kind = draw(st.sampled_from(["general", "reflection", "rank1", "zero", "rotation", "integer"]))
    if kind == "general":
        return np.array(draw(st.lists(entry, min_size=4, max_size=4))).reshape(2, 2)
    if kind == "reflection":
        k = draw(st.floats(0.01, 50))
        return k * rotation(draw(angle)) @ np.diag([1.0, -draw(st.floats(0.1, 3))]) @ rotation(draw(angle))
    if kind == "rank1":
        u, v = (np.array(draw(st.lists(entry, min_size=2, max_size=2))) for _ in range(2))
        return np.outer(u, v)
    if kind == "zero":
        return np.zeros((2, 2))
    if kind == "rotation":
        return rotation(draw(angle))
    return np.array(draw(st.lists(st.integers(-5, 5), min_size=4, max_size=4)), dtype=float).reshape(2, 2)


def tol(A) -> float:
    return 1e-12 * max(1.0, float(np.abs(A).max())) ** 2


@settings(max_examples=300, deadline=None)
@given(matrices())
def test_signed_area_is_numpys_determinant(A):
    assert parallelogram_area(A) == pytest.approx(np.linalg.det(A), abs=tol(A))
    # and the sign says whether the image's corners still go anticlockwise
    corners = A @ UNIT_SQUARE
    crossing = corners[0, 1] * corners[1, 3] - corners[1, 1] * corners[0, 3]  # a1 x a2
    assert parallelogram_area(A) == pytest.approx(crossing, abs=tol(A))


@pytest.mark.parametrize("A, area", [
    (np.eye(2), 1.0),
    ([[2.0, 1.0], [0.5, 1.5]], 2.5),
    ([[0.0, 1.0], [1.0, 0.0]], -1.0),  # swap the axes: a mirror
    ([[1.0, 0.0], [0.0, -3.0]], -3.0),  # flip one axis
    ([[-2.0, 0.0], [0.0, -2.0]], 4.0),  # a half turn, scaled: orientation kept
    ([[1.0, 2.0], [2.0, 4.0]], 0.0),  # rank one
    ([[0.0, 0.0], [0.0, 0.0]], 0.0),  # rank zero
    ([[3.0, 1.0], [0.0, 0.0]], 0.0),  # the plane onto the x axis
])
def test_known_areas(A, area):
    assert parallelogram_area(A) == area
    assert np.linalg.det(np.array(A, dtype=float)) == pytest.approx(area, abs=1e-12)


def test_shear_keeps_the_area_and_scaling_a_column_scales_it():
    A = np.array([[2.0, 1.0], [0.5, 1.5]])
    shear = A @ np.array([[1.0, 0.7], [0.0, 1.0]])
    assert parallelogram_area(shear) == pytest.approx(parallelogram_area(A), rel=1e-14)
    assert parallelogram_area(A @ np.diag([1.0, -2.0])) == pytest.approx(-2 * parallelogram_area(A), rel=1e-14)


@pytest.mark.parametrize("bad, words", [
    (np.eye(3), "2x2"),
    ([1.0, 2.0], "2x2"),
    ([[1.0, np.nan], [0.0, 1.0]], "finite"),
    ([[1.0, np.inf], [0.0, 1.0]], "finite"),
])
def test_bad_matrices_raise(bad, words):
    with pytest.raises(ValueError, match=words):
        parallelogram_area(bad)
    with pytest.raises(ValueError, match=words):
        swing_path(bad, 0.5)


invertible = matrices().filter(lambda A: abs(np.linalg.det(A)) > 1e-6 * max(1.0, np.abs(A).max()) ** 2)


@settings(max_examples=200, deadline=None)
@given(invertible)
def test_swing_passes_through_zero_to_minus_det(A):
    det = np.linalg.det(A)
    ts = np.linspace(0, 1, 41)
    path = swing_path(A, ts)
    assert path.shape == (41, 2, 2)
    np.testing.assert_allclose(path[0], A, atol=1e-12 * np.abs(A).max())
    # the first column stays, the second keeps its length
    np.testing.assert_array_equal(path[:, :, 0], np.broadcast_to(A[:, 0], (41, 2)))
    np.testing.assert_allclose(np.hypot(path[:, 0, 1], path[:, 1, 1]), np.hypot(*A[:, 1]), rtol=1e-12)
    areas = np.array([parallelogram_area(M) for M in path])
    np.testing.assert_allclose(areas, np.linalg.det(path), atol=tol(A))
    scale = np.abs(A).max() ** 2
    assert areas[-1] == pytest.approx(-det, abs=1e-10 * scale)
    assert abs(areas[20]) <= 1e-10 * scale  # t = 1/2: flat
    # the sign changes once, at t = 1/2
    assert np.all(np.sign(areas[:20]) == np.sign(det)) and np.all(np.sign(areas[21:]) == -np.sign(det))
    # at t = 1/2 the image of the plane is the line of the first column: rank one
    flat = swing_path(A, 0.5)
    assert np.linalg.matrix_rank(flat, tol=1e-9 * np.abs(A).max()) == 1
    # the closed form in the docstring
    a1, a2 = A[:, 0], A[:, 1]
    theta = math.atan2(a1[0] * a2[1] - a1[1] * a2[0], a1 @ a2)
    np.testing.assert_allclose(areas, det * np.sin(theta * (1 - 2 * ts)) / np.sin(theta), atol=1e-9 * scale)


def test_swing_refuses_a_singular_matrix():
    with pytest.raises(ValueError, match="invertible"):
        swing_path([[1.0, 2.0], [2.0, 4.0]], 0.3)
    with pytest.raises(ValueError, match="invertible"):
        swing_path(np.zeros((2, 2)), 0.3)


def test_swing_of_a_scalar_is_a_float_matrix():
    assert swing_path(np.eye(2), 0.25).shape == (2, 2)
    np.testing.assert_allclose(swing_path(np.eye(2), 0.25), [[1, np.sin(np.pi / 4)], [0, np.cos(np.pi / 4)]],
                               atol=1e-15)
