"""The law-of-large-numbers scene's extra core functions against plain computations."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from mathviz.core.probability import (
    exact_running_means,
    mean_envelope,
    outcome_share,
    running_mean,
    runs_leaving_band,
    sample_draws,
)


def test_exact_running_means_agree_with_running_mean():
    draws = sample_draws("dice-game", 50, 2, 4)
    exact = exact_running_means(draws[1], 20)
    assert all(isinstance(m, Fraction) for m in exact)
    np.testing.assert_allclose([float(m) for m in exact], running_mean(draws[1])[:20], atol=1e-12)


def test_exact_running_means_refuse_too_many_or_fractional_draws():
    with pytest.raises(ValueError):
        exact_running_means([1, 2], 3)
    with pytest.raises(ValueError):
        exact_running_means([1.5, 2], 2)


def test_runs_leaving_band_by_brute_force():
    draws = sample_draws("die", 300, 30, 1)
    means = running_mean(draws)
    mu, sigma = 3.5, np.sqrt(35 / 12)
    got = runs_leaving_band(means, mu, sigma, 2.0, start=10)
    for run in range(30):
        out = False
        for k in range(10, 301):
            low, high = mean_envelope(mu, sigma, k, 2.0)
            out |= bool(means[run, k - 1] < low or means[run, k - 1] > high)
        assert got[run] == out
    assert 0 < got.sum() < 30  # some runs leave a 95% band, not all


def test_outcome_share():
    draws = sample_draws("dice-game", 1000, 3, 0)
    assert outcome_share(draws, 100) == pytest.approx((draws == 100).sum() / draws.size)
    with pytest.raises(ValueError):
        outcome_share([], 1)
