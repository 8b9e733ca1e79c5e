"""mathviz.core.bayes against closed forms, scipy.stats and scipy.integrate, plus properties."""

from __future__ import annotations

import doctest

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from mathviz.core import bayes
from mathviz.core.bayes import (
    beta_interval,
    beta_mean,
    beta_path,
    beta_pdf,
    beta_update,
    evidence,
    flip_coin,
    posterior,
    screening,
)

probability = st.floats(0.0, 1.0, allow_nan=False)
weight = st.floats(0.0, 1e3, allow_nan=False)
shape = st.floats(0.05, 50.0, allow_nan=False)


def test_doctests():
    assert doctest.testmod(bayes, raise_on_error=False).failed == 0


# -- discrete hypotheses ----------------------------------------------------------------------------


def test_posterior_of_a_screening_test_is_the_closed_form():
    p, s, f = 0.01, 0.9, 0.05
    expected = p * s / (p * s + (1 - p) * f)
    np.testing.assert_allclose(posterior([p, 1 - p], [s, f]), [expected, 1 - expected], rtol=1e-14)


def test_posterior_with_three_hypotheses_by_hand():
    # three dice: fair, loaded to six (1/2), never six; we saw a six
    prior, lik = np.array([0.5, 0.3, 0.2]), np.array([1 / 6, 1 / 2, 0.0])
    joint = prior * lik
    np.testing.assert_allclose(posterior(prior, lik), joint / joint.sum(), rtol=1e-14)
    assert posterior(prior, lik)[2] == 0.0
    assert evidence(prior, lik) == pytest.approx(joint.sum(), rel=1e-14)


def test_prior_weights_are_normalised():
    np.testing.assert_allclose(posterior([2, 6], [0.5, 0.5]), [0.25, 0.75])
    assert evidence([2, 6], [1.0, 0.0]) == pytest.approx(0.25)


@pytest.mark.parametrize("prior, likelihoods, needle", [
    ([0.5, 0.5], [0.0, 0.0], "zero evidence"),
    ([1.0, 0.0], [0.0, 1.0], "zero evidence"),
    ([0.0, 0.0], [0.5, 0.5], "weight 0"),
    ([0.5, 0.5], [0.5], "one entry per hypothesis"),
    ([-0.1, 1.1], [0.5, 0.5], "negative"),
    ([0.5, 0.5], [0.5, 1.5], "at most 1"),
    ([np.nan, 1.0], [0.5, 0.5], "finite"),
    ([], [], "non-empty"),
    ([[0.5, 0.5]], [[0.5, 0.5]], "1-D"),
])
def test_bad_input_is_a_value_error(prior, likelihoods, needle):
    with pytest.raises(ValueError, match=needle):
        posterior(prior, likelihoods)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(weight, probability), min_size=1, max_size=8))
def test_posterior_sums_to_one_and_is_proportional_to_prior_times_likelihood(pairs):
    prior, lik = np.array(pairs).T
    if prior.sum() == 0 or (prior / prior.sum() * lik).sum() == 0:
        with pytest.raises(ValueError):
            posterior(prior, lik)
        return
    joint = prior / prior.sum() * lik
    post = posterior(prior, lik)
    assert post.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.all(post >= 0)
    np.testing.assert_allclose(post, joint / joint.sum(), rtol=1e-9, atol=1e-300)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0.01, 1.0), st.floats(0.05, 1.0), st.floats(0.05, 1.0)), min_size=2,
                max_size=6))
def test_two_observations_one_after_the_other_equal_both_at_once(rows):
    prior, lik1, lik2 = np.array(rows).T
    sequential = posterior(posterior(prior, lik1), lik2)
    np.testing.assert_allclose(sequential, posterior(prior, lik1 * lik2), rtol=1e-9)


# -- the screening test ----------------------------------------------------------------------------


def test_screening_areas_cover_everyone_and_match_bayes():
    s = screening(0.01, 0.9, 0.05)
    areas = [s.true_positive, s.false_negative, s.false_positive, s.true_negative]
    assert sum(areas) == pytest.approx(1.0, abs=1e-15)
    assert s.true_positive == pytest.approx(0.009) and s.false_positive == pytest.approx(0.0495)
    assert s.positive == pytest.approx(0.0585)
    assert s.posterior == pytest.approx(0.009 / 0.0585, rel=1e-14)
    assert s.posterior == pytest.approx(s.true_positive / s.positive, rel=1e-14)
    assert s.no_condition == pytest.approx(0.99) and s.posterior_no_condition == pytest.approx(0.0495 / 0.0585)


@settings(max_examples=60, deadline=None)
@given(probability, probability, probability)
def test_screening_posterior_is_true_positives_over_positives(p, sens, fpr):
    if p * sens + (1 - p) * fpr == 0:
        with pytest.raises(ValueError, match="impossible"):
            screening(p, sens, fpr)
        return
    s = screening(p, sens, fpr)
    assert 0.0 <= s.posterior <= 1.0
    assert s.posterior == pytest.approx(s.true_positive / (s.true_positive + s.false_positive), rel=1e-9)


@pytest.mark.parametrize("args", [(-0.1, 0.9, 0.05), (0.01, 1.2, 0.05), (0.01, 0.9, float("nan"))])
def test_screening_refuses_non_probabilities(args):
    with pytest.raises(ValueError, match="probability between 0 and 1"):
        screening(*args)


# -- a coin's bias ---------------------------------------------------------------------------------


def test_beta_update_adds_the_counts():
    assert beta_update(1, 1, 7, 3) == (8.0, 4.0)
    assert beta_update(0.5, 2.5, 0, 0) == (0.5, 2.5)


@pytest.mark.parametrize("args, needle", [
    ((0, 1, 1, 1), "alpha"), ((1, -1, 1, 1), "beta"), ((1, 1, -1, 0), "heads"), ((1, 1, 0, 1.5), "tails"),
    ((float("inf"), 1, 0, 0), "alpha"),
])
def test_beta_update_refuses_bad_input(args, needle):
    with pytest.raises(ValueError, match=needle):
        beta_update(*args)


def test_bayes_rule_on_a_grid_gives_the_conjugate_beta():
    """Prior density times the likelihood of the flips, normalised numerically, is Beta(a + h, b + t)."""
    a, b, h, t = 2.0, 3.0, 7, 4
    x = np.linspace(0, 1, 2001)
    unnormalised = stats.beta.pdf(x, a, b) * x**h * (1 - x) ** t
    numeric = unnormalised / integrate.trapezoid(unnormalised, x)
    np.testing.assert_allclose(numeric, beta_pdf(x, *beta_update(a, b, h, t)), atol=2e-5)


@settings(max_examples=60, deadline=None)
@given(shape, shape, st.lists(st.integers(0, 1), max_size=40))
def test_sequential_updates_equal_one_batch_update(a, b, flips):
    alpha, beta = a, b
    for flip in flips:
        alpha, beta = beta_update(alpha, beta, flip, 1 - flip)
    heads = sum(flips)
    assert (alpha, beta) == pytest.approx(beta_update(a, b, heads, len(flips) - heads), rel=1e-12)
    alphas, betas = beta_path(a, b, flips)
    assert (alphas[-1], betas[-1]) == pytest.approx((alpha, beta), rel=1e-12)
    assert alphas.shape == betas.shape == (len(flips) + 1,)
    np.testing.assert_allclose(alphas + betas, a + b + np.arange(len(flips) + 1), rtol=1e-12)


def test_beta_path_refuses_non_flips():
    with pytest.raises(ValueError, match="0 \\(tails\\) and 1 \\(heads\\)"):
        beta_path(1, 1, [0, 2])


@pytest.mark.parametrize("a, b", [(1, 1), (2, 2), (0.5, 0.5), (31, 21), (3, 120)])
def test_beta_pdf_mean_and_interval_match_scipy(a, b):
    x = np.linspace(0.001, 0.999, 301)
    np.testing.assert_allclose(beta_pdf(x, a, b), stats.beta.pdf(x, a, b), rtol=1e-10)
    assert beta_mean(a, b) == pytest.approx(stats.beta.mean(a, b), rel=1e-14)
    low, high = beta_interval(a, b, 0.95)
    np.testing.assert_allclose([low, high], stats.beta.interval(0.95, a, b), rtol=1e-9)
    mass, _ = integrate.quad(lambda v: float(beta_pdf(v, a, b)), low, high)
    assert mass == pytest.approx(0.95, abs=1e-7)


def test_beta_pdf_is_zero_outside_the_unit_interval_and_finite_at_its_ends():
    assert beta_pdf([-0.5, 1.5], 2, 2).tolist() == [0.0, 0.0]
    assert beta_pdf([0.0, 1.0], 1, 1).tolist() == [1.0, 1.0]
    assert beta_pdf([0.0, 1.0], 4, 1).tolist() == [0.0, 4.0]  # 4 x^3


def test_beta_interval_refuses_a_bad_mass():
    with pytest.raises(ValueError, match="mass"):
        beta_interval(1, 1, 1.0)


def test_flip_coin_is_seeded_and_has_the_right_frequency():
    first, again = flip_coin(0.3, 20_000, seed=5), flip_coin(0.3, 20_000, seed=5)
    np.testing.assert_array_equal(first, again)
    assert set(np.unique(first)) <= {0, 1} and first.shape == (20_000,)
    # within 4 standard errors of 0.3
    assert abs(first.mean() - 0.3) < 4 * np.sqrt(0.3 * 0.7 / 20_000)
    assert flip_coin(0.0, 10, seed=1).sum() == 0 and flip_coin(1.0, 10, seed=1).sum() == 10
    assert not np.array_equal(flip_coin(0.5, 50, seed=1), flip_coin(0.5, 50, seed=2))
    with pytest.raises(ValueError, match="bias"):
        flip_coin(1.5, 10, seed=0)


@pytest.mark.parametrize("a, b", [(1, 1), (2, 1), (1, 5), (31, 21), (4, 120)])
def test_mode_and_sd_match_scipy(a, b):
    from scipy import optimize

    from mathviz.core.bayes import beta_mode, beta_sd

    assert beta_sd(a, b) == pytest.approx(stats.beta.std(a, b), rel=1e-12)
    mode = beta_mode(a, b)
    if (a, b) == (1, 1):
        assert mode == 0.5
    elif a == 1 or b == 1:
        assert mode == (1.0 if b == 1 else 0.0)
    else:
        found = optimize.minimize_scalar(lambda v: -stats.beta.pdf(v, a, b), bounds=(0, 1), method="bounded",
                                         options={"xatol": 1e-10})
        assert mode == pytest.approx(found.x, abs=1e-6)
    # nothing on a fine grid is higher than the density at the mode
    grid = np.linspace(0, 1, 5001)
    assert beta_pdf(grid, a, b).max() <= float(beta_pdf(mode, a, b)) * (1 + 1e-12)


def test_prior_times_likelihood_has_the_evidence_as_its_area():
    from scipy import special

    from mathviz.core.bayes import prior_times_likelihood

    a, b, h, t = 2.0, 2.0, 5, 3
    area, _ = integrate.quad(lambda v: float(prior_times_likelihood(v, a, b, h, t)), 0, 1)
    # the marginal likelihood of one particular sequence: B(a + h, b + t) / B(a, b)
    assert area == pytest.approx(special.beta(a + h, b + t) / special.beta(a, b), rel=1e-9)
