"""mathviz.core.information against scipy (stats.entropy, special.entr/rel_entr), closed forms,
a brute-force optimal prefix code, and hypothesis properties."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import special, stats

from mathviz.core import information as I


@st.composite
def distributions(draw, min_size=1, max_size=12, zeros=True):
    """Probability vectors, some entries exactly zero, normalised to sum to 1."""
    n = draw(st.integers(min_size, max_size))
    low = 0.0 if zeros else 1e-3
    w = np.array(draw(st.lists(st.floats(low, 1.0, allow_nan=False), min_size=n, max_size=n)))
    if zeros:
        mask = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
        w = np.where(mask, 0.0, w)
    assume(w.sum() > 1e-6)
    return w / w.sum()


@st.composite
def pairs(draw, zeros=True):
    n = draw(st.integers(1, 10))
    return draw(distributions(n, n, zeros)), draw(distributions(n, n, zeros))


# -- entropy -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("p, expected", [
    ([1.0], 0.0), ([0.5, 0.5], 1.0), ([0.25] * 4, 2.0), ([1 / 1024] * 1024, 10.0),
    ([0.5, 0.25, 0.125, 0.125], 1.75), ([0.0, 1.0, 0.0], 0.0),
])
def test_entropy_closed_forms(p, expected):
    assert I.entropy(p) == pytest.approx(expected, abs=1e-12)


def test_entropy_of_a_biased_coin_is_the_binary_entropy():
    for a in (0.1, 0.3, 0.77):
        expected = -a * math.log2(a) - (1 - a) * math.log2(1 - a)
        assert I.entropy([a, 1 - a]) == pytest.approx(expected, rel=1e-12)


@given(distributions(), st.sampled_from([2.0, math.e, 10.0]))
def test_entropy_matches_scipy(p, base):
    assert I.entropy(p, base=base) == pytest.approx(stats.entropy(p, base=base), rel=1e-9, abs=1e-12)
    assert I.entropy(p, base=math.e) == pytest.approx(float(special.entr(p).sum()), rel=1e-9, abs=1e-12)


@given(distributions())
def test_entropy_is_between_zero_and_log_of_the_support(p):
    support = int(np.count_nonzero(p))
    h = I.entropy(p)
    assert -1e-12 <= h <= math.log2(support) + 1e-9
    assert I.entropy(I.uniform_distribution(len(p))) == pytest.approx(math.log2(len(p)), abs=1e-12)


def test_surprisal_is_minus_log_and_infinite_for_impossible_outcomes():
    s = I.surprisal([0.5, 0.125, 0.375, 0.0])
    np.testing.assert_allclose(s[:3], [1.0, 3.0, -math.log2(0.375)])
    assert s[3] == math.inf
    np.testing.assert_allclose(I.surprisal([0.5, 0.5], base=math.e), [math.log(2)] * 2)


# -- bad input -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("p, needle", [
    ([0.5, 0.6], "sum to 1"), ([1.2, -0.2], "negative"), ([], "non-empty"), ([[0.5, 0.5]], "non-empty"),
    ([float("nan"), 1.0], "finite"), ([0.5, 0.5 + 2e-9], "sum to 1"),
])
def test_bad_distributions_are_refused(p, needle):
    for fn in (I.entropy, I.surprisal, I.huffman_code_lengths, I.huffman_average_length):
        with pytest.raises(ValueError, match=needle):
            fn(p)
    for fn in (I.kl_divergence, I.cross_entropy):
        with pytest.raises(ValueError, match=needle):
            fn(p, p)


def test_within_tolerance_is_accepted():
    assert I.entropy([0.5, 0.5 + 5e-10]) == pytest.approx(1.0, abs=1e-8)


def test_other_bad_arguments():
    with pytest.raises(ValueError, match="same number"):
        I.kl_divergence([0.5, 0.5], [1.0])
    with pytest.raises(ValueError, match="base"):
        I.entropy([0.5, 0.5], base=1)
    with pytest.raises(ValueError, match="base"):
        I.entropy([0.5, 0.5], base=-2)
    with pytest.raises(ValueError, match="rate"):
        I.truncated_poisson(0.0, 5)
    with pytest.raises(ValueError, match="secret"):
        I.bisection_questions(8, 9)
    with pytest.raises(ValueError, match="n must"):
        I.uniform_distribution(0)
    with pytest.raises(ValueError, match="index"):
        I.one_hot(3, 3)
    with pytest.raises(ValueError, match="t must"):
        I.mixture([1.0], [1.0], 1.5)


# -- cross-entropy and KL ----------------------------------------------------------------------------


@given(pairs())
@settings(max_examples=200)
def test_kl_and_cross_entropy_match_scipy(pq):
    p, q = pq
    expected_kl = float(special.rel_entr(p, q).sum()) / math.log(2)
    kl = I.kl_divergence(p, q)
    if math.isinf(expected_kl):
        assert kl == math.inf and I.cross_entropy(p, q) == math.inf
    else:
        assert kl == pytest.approx(max(expected_kl, 0.0), rel=1e-9, abs=1e-9)
        assert kl == pytest.approx(stats.entropy(p, q, base=2), rel=1e-9, abs=1e-9)
        # H(P, Q) = H(P) + KL(P || Q)
        assert I.cross_entropy(p, q) == pytest.approx(I.entropy(p) + kl, rel=1e-9, abs=1e-9)


@given(pairs())
def test_kl_is_never_negative_and_zero_iff_equal(pq):
    p, q = pq
    assert I.kl_divergence(p, q) >= 0
    assert I.kl_divergence(p, p) == 0.0
    if not np.allclose(p, q, atol=1e-6):
        assert I.kl_divergence(p, q) > 0


def test_kl_is_not_symmetric_and_infinite_where_q_misses_p():
    p, q = [0.9, 0.1], [0.5, 0.5]
    forward = 0.9 * math.log2(0.9 / 0.5) + 0.1 * math.log2(0.1 / 0.5)
    backward = 0.5 * math.log2(0.5 / 0.9) + 0.5 * math.log2(0.5 / 0.1)
    assert I.kl_divergence(p, q) == pytest.approx(forward, rel=1e-12)
    assert I.kl_divergence(q, p) == pytest.approx(backward, rel=1e-12)
    assert I.kl_divergence(p, q) != pytest.approx(I.kl_divergence(q, p))
    assert I.kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert I.kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(1.0)  # q > 0 where p = 0 is fine


def test_cross_entropy_with_a_one_hot_truth_is_minus_log_of_the_true_class():
    q = np.array([0.1, 0.7, 0.2])
    p = I.one_hot(1, 3)
    assert I.cross_entropy(p, q) == pytest.approx(-math.log2(0.7), rel=1e-12)
    assert I.cross_entropy(p, q, base=math.e) == pytest.approx(-math.log(0.7), rel=1e-12)
    assert I.kl_divergence(p, q) == pytest.approx(-math.log2(0.7), rel=1e-12)  # H(one-hot) = 0


# -- optimal codes --------------------------------------------------------------------------------


def _best_prefix_code_average(p) -> float:
    """Brute force over length vectors satisfying Kraft's inequality: the optimal average."""
    support = [x for x in p if x > 0]
    if len(support) < 2:
        return 0.0
    best = math.inf
    for lengths in itertools.product(range(1, len(support)), repeat=len(support)):
        if sum(2.0 ** -l for l in lengths) <= 1 + 1e-12:
            best = min(best, sum(x * l for x, l in zip(support, lengths)))
    return best


@given(distributions(1, 6))
@settings(max_examples=60, deadline=None)
def test_huffman_is_optimal_among_prefix_codes(p):
    assert I.huffman_average_length(p) == pytest.approx(_best_prefix_code_average(p), abs=1e-9)


@given(distributions(1, 40))
def test_huffman_average_is_within_one_question_of_the_entropy(p):
    lengths = I.huffman_code_lengths(p)
    assert sum(2.0 ** -l for l, x in zip(lengths, p) if x > 0) <= 1 + 1e-12  # a prefix code exists
    assert np.all(lengths[p == 0] == 0)
    h, avg = I.entropy(p), I.huffman_average_length(p)
    assert h - 1e-9 <= avg
    assert avg - h < 1 or math.isclose(avg - h, 1, abs_tol=1e-9)  # strict in exact arithmetic


def test_huffman_closed_forms():
    assert I.huffman_average_length([1 / 1024] * 1024) == pytest.approx(10.0)
    assert I.huffman_average_length([1.0]) == 0.0
    # dyadic probabilities: the code meets the entropy
    p = [0.5, 0.25, 0.125, 0.0625, 0.0625]
    assert I.huffman_code_lengths(p).tolist() == [1, 2, 3, 4, 4]
    assert I.huffman_average_length(p) == pytest.approx(I.entropy(p))
    # six equally likely: four codewords of 3, two of 2 -> 16/6
    assert I.huffman_average_length([1 / 6] * 6) == pytest.approx(16 / 6)


# -- the guessing game, distributions ---------------------------------------------------------------


@given(st.integers(1, 2000), st.data())
def test_bisection_halves_to_the_secret(n, data):
    secret = data.draw(st.integers(1, n))
    rows = I.bisection_questions(n, secret)
    assert rows[0].tolist() == [1, n] and rows[-1].tolist() == [secret, secret]
    for (lo, hi), (lo2, hi2) in zip(rows, rows[1:]):
        assert lo <= lo2 <= secret <= hi2 <= hi
        assert hi2 - lo2 + 1 == (hi - lo + 1 + 1) // 2 or hi2 - lo2 + 1 == (hi - lo + 1) // 2
    assert len(rows) - 1 in (math.floor(math.log2(n)), math.ceil(math.log2(n)))


def test_bisection_of_1024_takes_ten_questions():
    assert all(len(I.bisection_questions(1024, s)) - 1 == 10 for s in (1, 500, 1024))


def test_truncated_poisson_is_the_renormalised_scipy_pmf():
    for rate, n in ((3.0, 16), (0.5, 4), (40.0, 64)):
        pmf = stats.poisson.pmf(np.arange(n), rate)
        np.testing.assert_allclose(I.truncated_poisson(rate, n), pmf / pmf.sum(), rtol=1e-10)
    np.testing.assert_allclose(I.truncated_poisson(600.0, 10).sum(), 1.0)  # no underflow to 0/0


def test_mixture_walks_from_p_to_q():
    p, q = np.array([0.2, 0.8]), np.array([0.6, 0.4])
    np.testing.assert_allclose(I.mixture(p, q, 0.0), p)
    np.testing.assert_allclose(I.mixture(p, q, 0.5), [0.4, 0.6])
    np.testing.assert_array_equal(I.mixture(p, q, 1.0), q)


@given(distributions(2, 8), st.data())
def test_drop_outcome_makes_one_impossible_and_keeps_the_others_proportions(q, data):
    j = data.draw(st.integers(0, len(q) - 1))
    r = I.drop_outcome(q, j)
    assert r[j] == 0 and r.sum() == pytest.approx(1.0)
    others = np.delete(q, j)
    if others.sum() > 1e-12:
        np.testing.assert_allclose(np.delete(r, j), others / others.sum(), atol=1e-9)
    # on the way from q to r, KL(p || .) grows without bound wherever p needs outcome j
    p = np.full(len(q), 1 / len(q))
    if q[j] > 0 and np.all(np.delete(q, j) > 0):
        near = [I.kl_divergence(p, I.mixture(q, r, t)) for t in (0.9, 0.99, 0.999999)]
        assert near[0] < near[1] < near[2] and I.kl_divergence(p, r) == math.inf
    with pytest.raises(ValueError, match="index"):
        I.drop_outcome(q, len(q))
