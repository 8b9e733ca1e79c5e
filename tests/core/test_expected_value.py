"""Expected values in mathviz.core.probability against closed forms, scipy.stats and scipy.integrate."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from mathviz.core import probability as P

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@st.composite
def distributions(draw):
    k = draw(st.integers(1, 8))
    values = draw(st.lists(finite, min_size=k, max_size=k))
    weights = draw(st.lists(st.floats(0.01, 100.0), min_size=k, max_size=k))
    probs = np.asarray(weights) / np.sum(weights)
    return np.asarray(values), probs


# -- discrete ---------------------------------------------------------------------------------


def test_the_dice_game_loses_100_a_round():
    assert P.expected_value([100, -200], [1 / 3, 2 / 3]) == pytest.approx(-100.0, abs=1e-12)
    assert P.exact_expected_value([100, -200], [1 / 3, 2 / 3]) == Fraction(-100)
    # the named experiment of the law-of-large-numbers scene agrees
    game = P.get_distribution("dice-game")
    assert P.expected_value(game.values, game.probabilities) == pytest.approx(P.experiment_mean("dice-game"))


def test_a_fair_die_and_scipy_discrete_distributions():
    assert P.expected_value(np.arange(1, 7), np.full(6, 1 / 6)) == pytest.approx(3.5)
    ks = np.arange(0, 11)
    binom = stats.binom(10, 0.3)
    assert P.expected_value(ks, binom.pmf(ks)) == pytest.approx(binom.mean(), rel=1e-12)
    rv = stats.rv_discrete(values=([-3, 0, 7], [0.2, 0.5, 0.3]))
    assert P.expected_value([-3, 0, 7], [0.2, 0.5, 0.3]) == pytest.approx(rv.mean(), rel=1e-12)


@given(distributions())
@settings(max_examples=60, deadline=None)
def test_the_mean_is_a_weighted_average_inside_the_outcomes_and_the_beam_balances_there(dist):
    values, probs = dist
    naive = sum(float(v) * float(p) for v, p in zip(values, probs))
    mean = P.expected_value(values, probs)
    assert mean == pytest.approx(naive, rel=1e-9, abs=1e-6)
    assert values.min() - 1e-6 <= mean <= values.max() + 1e-6
    assert P.balance_torque(values, probs, mean) == pytest.approx(0.0, abs=1e-6 * max(1.0, np.abs(values).max()))
    # off the balance point the beam tips towards the side the pivot is away from
    for c in (mean - 1.0, mean + 1.0):
        assert P.balance_torque(values, probs, c) == pytest.approx(mean - c, rel=1e-6, abs=1e-6)


@given(distributions(), finite, st.floats(0.01, 100))
@settings(max_examples=40, deadline=None)
def test_linearity_shift_and_scale(dist, shift, scale):
    values, probs = dist
    mean = P.expected_value(values, probs)
    assert P.expected_value(scale * values + shift, probs) == pytest.approx(scale * mean + shift, rel=1e-9,
                                                                            abs=1e-3)


def test_torque_broadcasts_over_pivots():
    out = P.balance_torque([0, 10], [0.5, 0.5], np.array([[0.0, 5.0], [10.0, 2.5]]))
    np.testing.assert_allclose(out, [[5.0, 0.0], [-5.0, 2.5]])


@pytest.mark.parametrize("values, probs, message", [
    ([1, 2], [0.5, 0.6], "sum to 1"),
    ([1, 2], [0.5, 0.5 - 2e-9], "sum to 1"),
    ([1, 2], [1.5, -0.5], "must not be negative"),
    ([1, 2, 3], [0.5, 0.5], "one length"),
    ([], [], "at least one"),
    ([1, float("nan")], [0.5, 0.5], "finite"),
    ([[1, 2]], [[0.5, 0.5]], "flat"),
])
def test_bad_distributions_are_refused(values, probs, message):
    with pytest.raises(ValueError, match=message):
        P.expected_value(values, probs)


def test_probabilities_within_1e9_of_summing_to_1_are_accepted():
    assert P.expected_value([0, 1], [0.5, 0.5 + 5e-10]) == pytest.approx(0.5)


def test_simple_fractions_are_recognised_and_others_are_not():
    assert P.as_fraction(0.1 + 0.2) == Fraction(3, 10)
    assert P.as_fraction(1 / 7) == Fraction(1, 7)
    assert P.as_fraction(math.pi) is None
    assert P.as_fraction(float("inf")) is None
    assert P.exact_expected_value([1, 2], [1 / 3, 2 / 3]) == Fraction(5, 3)
    assert P.exact_expected_value([math.pi, 1], [0.5, 0.5]) is None


# -- continuous -------------------------------------------------------------------------------


@pytest.mark.parametrize("rate", [0.5, 1.0, 3.0])
def test_the_exponential_density_mean_and_median_are_closed_forms(rate):
    f = P.exponential_density(rate)
    assert P.expected_value_of_density(f, 0, math.inf) == pytest.approx(1 / rate, rel=1e-9)
    assert P.median_of_density(f, 0, math.inf) == pytest.approx(math.log(2) / rate, rel=1e-9)
    # the whole real line (f is 0 below 0) gives the same, less precisely
    assert P.expected_value_of_density(f) == pytest.approx(1 / rate, rel=1e-6)
    assert P.median_of_density(f) == pytest.approx(math.log(2) / rate, rel=1e-6)


@pytest.mark.parametrize("shape, scale", [(2.0, 1.0), (0.7, 2.0), (5.0, 0.5)])
def test_the_gamma_density_against_scipy_stats(shape, scale):
    f = P.gamma_density(shape, scale)
    rv = stats.gamma(shape, scale=scale)
    xs = np.linspace(0.01, 10, 50)
    np.testing.assert_allclose(f(xs), rv.pdf(xs), rtol=1e-10)
    assert P.expected_value_of_density(f, 0, math.inf) == pytest.approx(rv.mean(), rel=1e-8)
    assert P.median_of_density(f, 0, math.inf) == pytest.approx(rv.median(), rel=1e-8)


def test_a_skewed_density_has_its_mean_past_its_median():
    f = P.gamma_density(2.0, 1.0)
    mean, median = P.expected_value_of_density(f, 0, math.inf), P.median_of_density(f, 0, math.inf)
    assert mean == pytest.approx(2.0, rel=1e-10)
    assert median < mean
    half, _ = integrate.quad(f, 0, median)
    assert half == pytest.approx(0.5, abs=1e-10)


@pytest.mark.parametrize("rv, a, b", [
    (stats.norm(1.5, 2.0), -math.inf, math.inf),
    (stats.uniform(-1, 4), -1, 3),
    (stats.beta(2, 5), 0, 1),
    (stats.lognorm(0.6), 0, math.inf),
    (stats.laplace(-2.0, 1.0), -math.inf, math.inf),
])
def test_densities_from_scipy_stats(rv, a, b):
    assert P.expected_value_of_density(rv.pdf, a, b) == pytest.approx(rv.mean(), rel=1e-7, abs=1e-9)
    assert P.median_of_density(rv.pdf, a, b) == pytest.approx(rv.median(), rel=1e-7, abs=1e-9)


def test_the_integral_agrees_with_quad_directly():
    f = P.gamma_density(3.0, 1.5)
    direct, _ = integrate.quad(lambda x: x * f(x), 0, math.inf)
    assert P.expected_value_of_density(f, 0, math.inf) == pytest.approx(direct, rel=1e-12)


def test_bad_densities_are_refused():
    with pytest.raises(ValueError, match="integrate to 1"):
        P.expected_value_of_density(lambda x: 2.0, 0, 1)
    with pytest.raises(ValueError, match="a < b"):
        P.expected_value_of_density(lambda x: 1.0, 1, 0)
    with pytest.raises(ValueError):  # Cauchy has no mean
        P.expected_value_of_density(stats.cauchy.pdf)
    with pytest.raises(ValueError, match="positive"):
        P.exponential_density(-1.0)
    with pytest.raises(ValueError, match="positive"):
        P.gamma_density(0.0, 1.0)


# -- the sum that becomes the integral --------------------------------------------------------


def test_strip_weights_are_bin_probabilities_and_their_mean_tends_to_the_integral():
    f = P.exponential_density(1.0)
    points, weights = P.density_as_weights(f, 0, 8, 4)
    np.testing.assert_allclose(points, [1, 3, 5, 7])
    cdf = stats.expon.cdf
    masses = cdf([2, 4, 6, 8]) - cdf([0, 2, 4, 6])
    np.testing.assert_allclose(weights, masses / masses.sum(), rtol=1e-10)
    assert weights.sum() == pytest.approx(1.0, abs=1e-12)
    # the mean of the density restricted to [0, 8], in closed form
    truncated = (1 - 9 * math.exp(-8)) / (1 - math.exp(-8))
    errors = [abs(P.expected_value(*P.density_as_weights(f, 0, 8, n)) - truncated) for n in (6, 12, 48, 192)]
    assert all(b < a for a, b in zip(errors, errors[1:]))
    assert errors[-1] < 1e-3


def test_strip_weights_need_a_finite_interval():
    with pytest.raises(ValueError, match="finite interval"):
        P.density_as_weights(P.exponential_density(), 0, math.inf, 4)
    with pytest.raises(ValueError, match="whole number"):
        P.density_as_weights(P.exponential_density(), 0, 1, 0)
