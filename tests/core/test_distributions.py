"""mathviz.core.distributions against closed forms, scipy.stats and scipy.integrate."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from mathviz.core.distributions import (
    COMMON,
    area_between,
    common_distribution,
    draw_moments,
    lattice_step,
    normal_density,
    skewness,
    standardise,
    standardised_sum,
    sum_distribution,
    sum_moments,
)

DIE = ([1, 2, 3, 4, 5, 6], [1 / 6] * 6)


# -- the sum of n draws -----------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 5, 17, 60])
@pytest.mark.parametrize("p", [0.5, 0.3, 0.9])
def test_coin_sums_are_the_binomial(n, p):
    support, probs = sum_distribution([0, 1], [1 - p, p], n)
    np.testing.assert_array_equal(support, np.arange(n + 1))
    np.testing.assert_allclose(probs, stats.binom.pmf(np.arange(n + 1), n, p), atol=1e-14)


def test_two_and_three_dice_by_counting_outcomes():
    for n in (2, 3):
        counts = {}
        for faces in itertools.product(range(1, 7), repeat=n):
            counts[sum(faces)] = counts.get(sum(faces), 0) + 1
        support, probs = sum_distribution(*DIE, n)
        np.testing.assert_array_equal(support, sorted(counts))
        np.testing.assert_allclose(probs, [counts[s] / 6**n for s in sorted(counts)], atol=1e-15)


def test_ten_dice_match_the_closed_form():
    # P(S = s) for n dice: sum_k (-1)^k C(n, k) C(s - 6k - 1, n - 1) / 6^n
    n = 10
    support, probs = sum_distribution(*DIE, n)
    exact = [sum((-1) ** k * math.comb(n, k) * math.comb(s - 6 * k - 1, n - 1) for k in range((s - n) // 6 + 1))
             / 6**n for s in range(n, 6 * n + 1)]
    np.testing.assert_array_equal(support, np.arange(n, 6 * n + 1))
    np.testing.assert_allclose(probs, exact, atol=1e-15)


def test_a_grid_with_gaps_and_non_integer_steps():
    support, probs = sum_distribution([0.5, 1.25], [0.25, 0.75], 2)  # step 0.75
    np.testing.assert_allclose(support, [1.0, 1.75, 2.5])
    np.testing.assert_allclose(probs, [1 / 16, 6 / 16, 9 / 16])
    support, probs = sum_distribution([0, 2, 3], [0.5, 0.25, 0.25], 1)  # step 1: 1 is never reached
    np.testing.assert_allclose(support, [0, 1, 2, 3])
    np.testing.assert_allclose(probs, [0.5, 0, 0.25, 0.25])
    support, probs = sum_distribution([4, 9], [1.0, 0.0], 3)  # a certain draw
    assert support.tolist() == [12.0] and probs.tolist() == [1.0]


def test_lopsided_die_matches_brute_force():
    p = np.array([0.5, 0.2, 0.1, 0.08, 0.07, 0.05])
    support, probs = sum_distribution(range(1, 7), p, 4)
    brute = np.zeros(21)
    for faces in itertools.product(range(6), repeat=4):
        brute[sum(faces)] += np.prod(p[list(faces)])
    np.testing.assert_allclose(probs, brute, atol=1e-15)


def test_poisson_sums_stay_poisson():
    # truncated far in the tail; the sum of n Poisson(lam) draws is Poisson(n lam)
    k = np.arange(60)
    pmf = stats.poisson.pmf(k, 1.5)
    pmf /= pmf.sum()
    support, probs = sum_distribution(k, pmf, 3)
    np.testing.assert_allclose(probs[:40], stats.poisson.pmf(support[:40], 4.5), atol=1e-12)


draws = st.integers(1, 6).flatmap(lambda size: st.tuples(
    st.lists(st.integers(-20, 20), min_size=size, max_size=size, unique=True),
    st.lists(st.floats(0.01, 1.0), min_size=size, max_size=size)))


@settings(max_examples=60, deadline=None)
@given(draws, st.integers(1, 40))
def test_sum_has_n_times_the_mean_and_variance_and_total_one(draw, n):
    values, weights = draw
    probs = np.array(weights) / np.sum(weights)
    support, dist = sum_distribution(values, probs, n)
    assert dist.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.all(dist >= 0) and np.all(np.diff(support) > 0)
    mu = float(np.dot(values, probs))
    var = float(np.dot((np.array(values) - mu) ** 2, probs))
    assert float(np.dot(support, dist)) == pytest.approx(n * mu, abs=1e-7 * max(1, n * 20))
    got_var = float(np.dot((support - n * mu) ** 2, dist))
    assert got_var == pytest.approx(n * var, rel=1e-7, abs=1e-7 * n)
    mean, sd = sum_moments(values, probs, n)
    assert mean == pytest.approx(n * mu) and sd == pytest.approx(math.sqrt(n * var), abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(draws, st.integers(1, 6), st.integers(1, 6))
def test_sums_add_up_by_convolution(draw, a, b):
    values, weights = draw
    probs = np.array(weights) / np.sum(weights)
    sa, pa = sum_distribution(values, probs, a)
    sb, pb = sum_distribution(values, probs, b)
    s, p = sum_distribution(values, probs, a + b)
    assert s[0] == pytest.approx(sa[0] + sb[0])
    np.testing.assert_allclose(p, np.convolve(pa, pb), atol=1e-12)


@pytest.mark.parametrize("args, message", [
    (([1, 2], [0.5, 0.4], 2), "sum to 1"),
    (([1, 2], [0.5, 0.5, 0.0], 2), "same length"),
    (([1, 2], [1.5, -0.5], 2), "at least 0"),
    (([1, 2], [0.5, 0.5], 0), "n must be a whole number"),
    (([1, 2], [0.5, 0.5], 2.5), "n must be a whole number"),
    (([1, math.nan], [0.5, 0.5], 2), "finite"),
    (([], [], 2), "non-empty"),
    (([0, 1, math.pi], [0.2, 0.3, 0.5], 2), "no common grid"),
    (([0, 1, 10**6], [0.2, 0.3, 0.5], 10), "grid points"),
])
def test_bad_input_is_refused_with_a_clear_message(args, message):
    with pytest.raises(ValueError, match=message):
        sum_distribution(*args)


def test_lattice_step():
    assert lattice_step([3]) == 0.0
    assert lattice_step([-3, 0, 6]) == 3.0
    assert lattice_step([0.1, 0.3, 0.7]) == pytest.approx(0.2)


# -- moments and standardisation --------------------------------------------------------------------


def test_moments_and_skewness_against_scipy():
    p = np.array([0.5, 0.2, 0.1, 0.08, 0.07, 0.05])
    rv = stats.rv_discrete(values=(np.arange(1, 7), p))
    mu, sd = draw_moments(range(1, 7), p)
    assert mu == pytest.approx(rv.mean()) and sd == pytest.approx(rv.std())
    assert skewness(range(1, 7), p) == pytest.approx(float(rv.stats(moments="s")))
    assert draw_moments(*DIE) == pytest.approx((3.5, math.sqrt(35 / 12)))
    assert skewness(*DIE) == 0.0
    with pytest.raises(ValueError, match="no spread"):
        skewness([2, 3], [1.0, 0.0])


def test_standardised_bars_are_a_density_with_mean_0_and_sd_1():
    for values, probs in (DIE, ([0, 1], [0.5, 0.5]), (range(1, 7), [0.5, 0.2, 0.1, 0.08, 0.07, 0.05])):
        for n in (1, 4, 30):
            bars = standardised_sum(values, probs, n)
            assert np.sum(bars.heights * bars.width) == pytest.approx(1.0, abs=1e-12)
            np.testing.assert_allclose(np.diff(bars.z), bars.width)  # side by side
            assert float(np.dot(bars.z, bars.probabilities)) == pytest.approx(0.0, abs=1e-9)
            assert float(np.dot(bars.z**2, bars.probabilities)) == pytest.approx(1.0, abs=1e-9)
    with pytest.raises(ValueError, match="no spread"):
        standardised_sum([1, 2], [1.0, 0.0], 3)
    with pytest.raises(ValueError, match="positive"):
        standardise([1.0], 0.0, 0.0)


def test_normal_density_closed_form():
    z = np.linspace(-5, 5, 11)
    np.testing.assert_allclose(normal_density(z), np.exp(-z**2 / 2) / math.sqrt(2 * math.pi))


@pytest.mark.parametrize("name, draw, n", [("die", DIE, 1), ("die", DIE, 7), ("coin", ([0, 1], [0.5, 0.5]), 1),
                                           ("coin", ([0, 1], [0.5, 0.5]), 12),
                                           ("lopsided", (range(1, 4), [0.7, 0.0, 0.3]), 3)])
def test_area_between_bars_and_normal_against_quad(name, draw, n):
    bars = standardised_sum(*draw, n)
    phi = lambda z: float(normal_density(z))  # noqa: E731
    expected = integrate.quad(phi, -np.inf, bars.z[0] - bars.width / 2)[0]
    expected += integrate.quad(phi, bars.z[-1] + bars.width / 2, np.inf)[0]
    for z, h in zip(bars.z, bars.heights):
        a, b = z - bars.width / 2, z + bars.width / 2
        crossings = [s * math.sqrt(-2 * math.log(h * math.sqrt(2 * math.pi))) for s in (-1, 1)
                     if 0 < h < phi(0)]
        expected += integrate.quad(lambda x, h=h: abs(h - phi(x)), a, b, epsabs=1e-13,
                                   points=[c for c in crossings if a < c < b] or None)[0]
    assert area_between(bars) == pytest.approx(expected, abs=1e-8)


def test_area_between_shrinks_as_n_grows():
    for draw in (DIE, ([0, 1], [0.5, 0.5]), (range(1, 7), [0.5, 0.2, 0.1, 0.08, 0.07, 0.05])):
        areas = [area_between(standardised_sum(*draw, n)) for n in (1, 2, 5, 10, 30, 60)]
        assert all(b < a for a, b in zip(areas, areas[1:]))
        assert 0 < areas[-1] < 0.06


# -- the tour ---------------------------------------------------------------------------------------


def test_common_distributions_means_and_sigmas_in_closed_form():
    closed = {"bernoulli": (0.3, math.sqrt(0.21)), "binomial": (3.0, math.sqrt(2.1)), "poisson": (4.0, 2.0),
              "exponential": (1.0, 1.0), "normal": (0.0, 1.0)}
    assert set(COMMON) == set(closed)
    for name, (mu, sd) in closed.items():
        d = common_distribution(name)
        assert d.mean == pytest.approx(mu, abs=1e-12) and d.sd == pytest.approx(sd, abs=1e-12)
        x, f = d.points()
        if d.discrete:
            np.testing.assert_array_equal(x, np.round(x))
            assert f.sum() == pytest.approx(1.0, abs=1e-3)  # the range holds (almost) all the mass
        else:
            assert integrate.trapezoid(f, x) == pytest.approx(1.0, abs=3e-3)
    with pytest.raises(ValueError, match="choose one of"):
        common_distribution("cauchy")
