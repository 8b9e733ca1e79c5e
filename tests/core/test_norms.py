"""mathviz.core.norms against numpy.linalg.norm, closed forms, and the norm axioms (hypothesis)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mathviz.core.norms import ball_norm, lp_norm, lp_quasinorm, triangle_counterexample, unit_ball

entry = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False, allow_subnormal=False)
# numpy's plain powers underflow for tiny entries (p = 2 of 1e-202 gives 0); the comparisons stay above that
moderate = st.one_of(st.just(0.0), st.floats(1e-6, 1e3), st.floats(-1e3, -1e-6))
moderate_vectors = st.integers(1, 6).flatmap(lambda d: st.lists(moderate, min_size=d, max_size=d)).map(np.array)
vectors = st.integers(1, 6).flatmap(lambda d: st.lists(entry, min_size=d, max_size=d)).map(np.array)
norm_p = st.one_of(st.floats(1, 60), st.sampled_from([1.0, 2.0, math.inf]))
quasi_p = st.floats(0.05, 0.99)


@pytest.mark.parametrize("ord_", [1, 2, np.inf])
@given(v=moderate_vectors)
def test_matches_numpy_for_the_usual_orders(ord_, v):
    assert lp_norm(v, ord_) == pytest.approx(np.linalg.norm(v, ord=ord_), rel=1e-12, abs=1e-300)


@given(v=moderate_vectors, p=st.floats(1, 40))
def test_matches_numpy_for_any_p(v, p):
    assert lp_norm(v, p) == pytest.approx(np.linalg.norm(v, ord=p), rel=1e-9, abs=1e-300)


def test_closed_forms():
    assert lp_norm([3, -4], 1) == 7 and lp_norm([3, -4], 2) == 5 and lp_norm([3, -4], math.inf) == 4
    assert lp_norm([1, 1], 3) == pytest.approx(2 ** (1 / 3))
    assert lp_norm([0, 0, 0], 2.5) == 0
    # large p approaches the largest entry; the scaling keeps big entries from overflowing
    assert lp_norm([3, 2], 200) == pytest.approx(3 * (1 + (2 / 3) ** 200) ** (1 / 200))
    assert lp_norm([1e200, 1e200], 4) == pytest.approx(1e200 * 2 ** 0.25)
    assert lp_quasinorm([1, 1], 0.5) == 4 and lp_quasinorm([0.5, 0.5], 0.5) == 2


@given(u=vectors, data=st.data(), p=norm_p)
def test_triangle_inequality_holds_from_p_one(u, data, p):
    v = np.array(data.draw(st.lists(entry, min_size=len(u), max_size=len(u))))
    assert lp_norm(u + v, p) <= (lp_norm(u, p) + lp_norm(v, p)) * (1 + 1e-12) + 1e-300


@given(v=moderate_vectors, c=moderate, p=st.one_of(norm_p, quasi_p))
def test_homogeneous(v, c, p):
    assert ball_norm(c * v, p) == pytest.approx(abs(c) * ball_norm(v, p), rel=1e-9, abs=1e-300)


@given(p=st.one_of(norm_p, quasi_p), n=st.integers(4, 300))
def test_unit_ball_points_have_norm_one(p, n):
    points = unit_ball(p, n)
    assert points.shape == (n, 2)
    np.testing.assert_allclose([ball_norm(q, p) for q in points], 1.0, rtol=1e-12)
    angles = np.arctan2(points[:, 1], points[:, 0]) % (2 * np.pi)  # one point per direction, in turn
    np.testing.assert_allclose(angles, 2 * np.pi * np.arange(n) / n, atol=1e-9)


def test_unit_ball_holds_the_corners():
    diamond, square = unit_ball(1, 16), unit_ball(math.inf, 16)
    for corner in ([1, 0], [0, 1], [-1, 0], [0, -1]):
        assert np.any(np.all(np.isclose(diamond, corner, atol=1e-15), axis=1))
    for corner in ([1, 1], [-1, 1], [-1, -1], [1, -1]):
        assert np.any(np.all(np.isclose(square, corner, atol=1e-15), axis=1))
    assert np.allclose(np.hypot(*unit_ball(2, 40).T), 1)


@given(p=quasi_p)
def test_below_one_the_triangle_inequality_fails(p):
    c = triangle_counterexample(p)
    assert c["norm_u"] == 1 and c["norm_v"] == 1
    assert c["norm_sum"] == pytest.approx(2 ** (1 / p), rel=1e-12) == pytest.approx(c["closed_form"])
    assert c["norm_sum"] > c["norm_u"] + c["norm_v"] and c["excess"] > 0
    np.testing.assert_array_equal(c["u_plus_v"], [1, 1])
    # the ball is not convex: the midpoint of two points on it lies outside
    assert lp_quasinorm((c["u"] + c["v"]) / 2, p) > 1


@pytest.mark.parametrize("call, message", [
    (lambda: lp_norm([1, 2], 0.5), "not a norm"),
    (lambda: lp_norm([1, 2], 0), "not a norm"),
    (lambda: lp_norm([1, math.nan], 2), "not finite"),
    (lambda: lp_norm([], 2), "non-empty"),
    (lambda: lp_norm([1, 2], math.nan), "nan"),
    (lambda: lp_quasinorm([1, 2], 2), "0 < p < 1"),
    (lambda: unit_ball(0, 10), "p > 0"),
    (lambda: unit_ball(2, 3), "at least 4"),
    (lambda: triangle_counterexample(1.0), "holds"),
])
def test_bad_arguments_are_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()
