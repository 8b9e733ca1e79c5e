"""mathviz.core.probability against naive loops, exact enumeration and large samples."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from mathviz.core import probability as P

NAMES = ["coin", "die", "dice-game"]
# Written out by hand from the rules, independently of the module's tables.
OUTCOMES = {
    "coin": {0: Fraction(1, 2), 1: Fraction(1, 2)},
    "die": {face: Fraction(1, 6) for face in range(1, 7)},
    "dice-game": {100: Fraction(2, 6), -200: Fraction(4, 6)},
}

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


# -- running means ---------------------------------------------------------------------------


@given(arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 60)), elements=finite))
def test_running_mean_is_the_mean_of_every_prefix(samples):
    out = P.running_mean(samples)
    assert out.shape == samples.shape
    for row, got in zip(samples, out):
        total = 0.0
        for k, x in enumerate(row, start=1):
            total += x
            assert got[k - 1] == pytest.approx(total / k, rel=1e-9, abs=1e-6)


def test_running_mean_of_one_sample_and_of_none():
    assert P.running_mean([7.0]).tolist() == [7.0]
    with pytest.raises(ValueError, match="at least one sample"):
        P.running_mean([])
    with pytest.raises(ValueError, match="at least one sample"):
        P.running_mean(np.empty((3, 0)))


# -- seeded draws ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_same_seed_same_draws_other_seed_other_draws(name):
    a = P.sample_running_means(name, 500, 4, seed=11)
    b = P.sample_running_means(name, 500, 4, seed=11)
    c = P.sample_running_means(name, 500, 4, seed=12)
    assert a.shape == (4, 500)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    draws = P.sample_draws(name, 500, 4, seed=11)
    assert set(np.unique(draws)) <= set(OUTCOMES[name])
    np.testing.assert_allclose(a, P.running_mean(draws))


def test_the_global_numpy_generator_is_neither_used_nor_advanced():
    np.random.seed(1)
    state = np.random.get_state()[1].copy()
    first = P.sample_draws("die", 50, 2, seed=5)
    np.testing.assert_array_equal(np.random.get_state()[1], state)
    np.random.seed(99)  # what manim does when a scene starts
    np.testing.assert_array_equal(P.sample_draws("die", 50, 2, seed=5), first)


def test_a_generator_may_be_passed_instead_of_a_seed():
    np.testing.assert_array_equal(P.sample_draws("coin", 20, 3, np.random.default_rng(4)),
                                  P.sample_draws("coin", 20, 3, 4))


def test_the_dice_game_scores_the_same_rolls_as_the_die():
    die = P.sample_draws("die", 1000, 3, seed=8)
    game = P.sample_draws("dice-game", 1000, 3, seed=8)
    np.testing.assert_array_equal(game, np.where(die >= 5, 100.0, -200.0))


@pytest.mark.parametrize("bad", [{"n": 0}, {"runs": 0}, {"n": -3}, {"n": 2.5}, {"seed": -1}, {"seed": "x"}])
def test_bad_sizes_and_seeds_are_refused(bad):
    args = {"distribution": "die", "n": 10, "runs": 2, "seed": 0, **bad}
    with pytest.raises(ValueError, match=next(iter(bad))):
        P.sample_draws(**args)


def test_unknown_distribution_names_the_known_ones():
    with pytest.raises(ValueError, match="coin, die, dice-game"):
        P.sample_running_means("roulette", 10, 1, seed=0)


# -- moments: closed forms against enumeration and against large samples ---------------------


@pytest.mark.parametrize("name", NAMES)
def test_mean_and_sigma_match_exact_enumeration(name):
    table = OUTCOMES[name]
    assert sum(table.values()) == 1
    mean = sum(p * x for x, p in table.items())
    var = sum(p * (x - mean) ** 2 for x, p in table.items())
    assert P.experiment_mean(name) == float(mean)
    assert P.standard_deviation(name) == pytest.approx(math.sqrt(var), rel=1e-12)
    dist = P.get_distribution(name)
    assert dict(zip(dist.values.tolist(), dist.exact_probabilities)) == table
    np.testing.assert_allclose(dist.probabilities, [float(table[v]) for v in sorted(table)])


def test_the_seed_text_dice_game_loses_100_per_round():
    assert P.experiment_mean("dice-game") == -100.0
    assert P.standard_deviation("dice-game") == pytest.approx(100 * math.sqrt(2))


@pytest.mark.parametrize("name", NAMES)
def test_mean_and_sigma_match_a_large_sample(name):
    draws = P.sample_draws(name, 200_000, 1, seed=2024).ravel()
    mu, sigma = P.experiment_mean(name), P.standard_deviation(name)
    assert abs(draws.mean() - mu) < 5 * sigma / math.sqrt(draws.size)
    assert draws.std() == pytest.approx(sigma, rel=0.01)


# -- the band ----------------------------------------------------------------------------------


@given(st.floats(-1e3, 1e3), st.floats(0, 1e3), st.integers(1, 10**6), st.floats(0, 5))
def test_envelope_is_mu_plus_minus_z_sigma_over_root_n(mu, sigma, n, z):
    low, high = P.mean_envelope(mu, sigma, n, z)
    half = z * sigma / math.sqrt(n)
    assert float(low) == pytest.approx(mu - half, abs=1e-9)
    assert float(high) == pytest.approx(mu + half, abs=1e-9)


def test_envelope_shrinks_like_one_over_root_n_and_refuses_n_below_one():
    low, high = P.mean_envelope(0.0, 1.0, [1, 4, 16, 64], z=1.0)
    np.testing.assert_allclose(high, [1, 0.5, 0.25, 0.125])
    np.testing.assert_allclose(low, -high)
    with pytest.raises(ValueError):
        P.mean_envelope(0.0, 1.0, 0)


@pytest.mark.parametrize("z", [1.0, 2.0, 3.0])
def test_band_coverage_is_the_normal_probability(z):
    assert P.band_coverage(z) == pytest.approx(stats.norm.cdf(z) - stats.norm.cdf(-z), rel=1e-12)


def test_the_band_holds_the_share_of_runs_the_normal_law_predicts():
    n, runs, z = 400, 4000, 2.0
    means = P.sample_running_means("die", n, runs, seed=7)[:, -1]
    low, high = P.mean_envelope(P.experiment_mean("die"), P.standard_deviation("die"), n, z)
    share = P.count_inside(means, low, high) / runs
    expected = P.band_coverage(z)
    assert abs(share - expected) < 4 * math.sqrt(expected * (1 - expected) / runs)


def test_count_inside_and_largest_deviation():
    assert P.count_inside([1.0, 2.0, 3.0], 2.0, 3.0) == 2
    means = np.array([[1.0, 3.0], [6.0, 3.5]])
    np.testing.assert_allclose(P.largest_deviation(means, 3.5), [2.5, 0.5])


# -- counts, drawing positions, streaks ---------------------------------------------------------


@given(arrays(np.int64, st.tuples(st.integers(1, 4), st.integers(1, 40)), elements=st.integers(1, 3)))
def test_cumulative_counts_match_a_naive_count(draws):
    values = [1, 2, 3]
    counts = P.cumulative_counts(draws, values)
    runs, n = draws.shape
    assert counts.shape == (n, 3)
    for k in range(1, n + 1):
        for j, v in enumerate(values):
            assert counts[k - 1, j] == sum(int(x == v) for row in draws for x in row[:k])
    np.testing.assert_array_equal(counts.sum(axis=1), runs * np.arange(1, n + 1))


@given(st.integers(1, 200_000), st.integers(2, 800))
def test_log_spaced_indices_are_sorted_distinct_and_span_one_to_n(n, count):
    k = P.log_spaced_indices(n, count)
    assert k[0] == 1 and k[-1] == n
    assert np.all(np.diff(k) > 0)
    assert len(k) <= max(count, 1) or n <= count
    if n <= count:
        assert len(k) == n
    else:  # consecutive integers, or no wider (in log10) than two even steps plus rounding
        step = math.log10(n) / (count - 1)
        wide = np.diff(k) > 1
        assert np.all(np.diff(np.log10(k))[wide] <= 2.5 * step + 1e-9)


@given(arrays(np.int64, st.tuples(st.integers(1, 3), st.integers(0, 40)), elements=st.integers(0, 1)),
       st.integers(1, 4))
def test_outcomes_after_streak_match_a_naive_scan(draws, length):
    expected = []
    for row in draws:
        for j in range(length, len(row)):
            if all(x == 0 for x in row[j - length:j]):
                expected.append(float(row[j]))
    assert P.outcomes_after_streak(draws, 0, length).tolist() == expected


def test_after_a_losing_streak_the_win_rate_is_still_one_in_three():
    game = P.sample_draws("dice-game", 50_000, 4, seed=3)
    share, count = P.frequency_after_streak(game, -200, 5, 100)
    assert count > 10_000
    assert abs(share - 1 / 3) < 4 * math.sqrt((1 / 3) * (2 / 3) / count)
    assert P.frequency_after_streak([[100.0, 100.0]], -200, 5, 100)[1] == 0


@settings(max_examples=25)
@given(st.integers(0, 2**32 - 1))
def test_any_seed_gives_means_inside_the_outcome_range(seed):
    means = P.sample_running_means("dice-game", 50, 3, seed)
    assert means.min() >= -200 and means.max() <= 100
