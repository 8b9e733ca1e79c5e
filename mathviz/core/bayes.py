"""Bayes' theorem: discrete hypotheses, a screening test, and a coin's bias under a Beta prior.

Two pictures of one rule, *posterior is prior times likelihood, normalised*:

* **discrete hypotheses** (:func:`posterior`, :func:`evidence`): a prior weight per
  hypothesis times the probability each gives the observed data, divided by their sum;
  :func:`screening` applies it to a condition and a test result;
* **a coin's bias** under a Beta prior (:func:`beta_update`, :func:`beta_path`): the Beta
  family is conjugate to coin flips, so multiplying a ``Beta(a, b)`` density by the
  likelihood of ``h`` heads and ``t`` tails gives ``Beta(a + h, b + t)``.

Randomness comes only from an explicit ``seed`` (an int or a :class:`numpy.random.Generator`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special

Seed = int | np.random.Generator


def _probability_vector(values, name: str) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D list of numbers, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite numbers")
    if np.any(array < 0):
        raise ValueError(f"{name} must not be negative")
    return array


def evidence(prior, likelihoods) -> float:
    """``P(data) = sum_i prior_i * likelihood_i``, the prior normalised to sum to 1 first.

    ``prior`` and ``likelihoods`` have shape ``(k,)``: a weight per hypothesis and the
    probability each hypothesis gives the data.

    >>> evidence([0.5, 0.5], [0.9, 0.1])
    0.5
    """
    prior = _probability_vector(prior, "prior")
    likelihoods = _probability_vector(likelihoods, "likelihoods")
    if prior.shape != likelihoods.shape:
        raise ValueError(f"prior and likelihoods need one entry per hypothesis, got {prior.size} and "
                         f"{likelihoods.size}")
    if np.any(likelihoods > 1):
        raise ValueError("likelihoods are probabilities of the data: each must be at most 1")
    total = prior.sum()
    if total <= 0:
        raise ValueError("the prior gives every hypothesis weight 0: at least one must be positive")
    return float(np.dot(prior / total, likelihoods))


def posterior(prior, likelihoods) -> np.ndarray:
    """``P(hypothesis_i | data)``, shape ``(k,)``: prior times likelihood over their sum.

    ``prior``: weights ``(k,)``, not negative (they are normalised, so ``[1, 3]`` means
    ``[1/4, 3/4]``); ``likelihoods``: ``P(data | hypothesis_i)``, ``(k,)``, in ``[0, 1]``.
    Raises ``ValueError`` when the data is impossible under the prior (zero evidence).

    >>> posterior([0.01, 0.99], [0.9, 0.05]).round(4)
    array([0.1538, 0.8462])
    >>> posterior([1, 1, 2], [0.5, 0.5, 0.5]).tolist()
    [0.25, 0.25, 0.5]
    """
    p_data = evidence(prior, likelihoods)
    if p_data <= 0:
        raise ValueError("zero evidence: every hypothesis with prior weight gives the data probability 0")
    prior = np.asarray(prior, dtype=float)
    joint = prior / prior.sum() * np.asarray(likelihoods, dtype=float)
    return joint / joint.sum()


@dataclass(frozen=True)
class Screening:
    """A population split by a condition and a test: each field is a share of everyone.

    The four areas ``true_positive + false_negative + false_positive + true_negative`` sum
    to 1; ``posterior`` is ``P(condition | positive test)``.
    """

    prevalence: float
    sensitivity: float
    false_positive_rate: float
    true_positive: float  # has the condition and tests positive
    false_negative: float  # has it, tests negative
    false_positive: float  # does not have it, tests positive
    true_negative: float  # does not have it, tests negative
    positive: float  # P(positive test) = true_positive + false_positive
    posterior: float  # P(condition | positive) = true_positive / positive
    no_condition: float  # P(no condition) = 1 - prevalence
    posterior_no_condition: float  # P(no condition | positive) = 1 - posterior


def _probability(value: float, name: str) -> float:
    value = float(value)
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise ValueError(f"{name} must be a probability between 0 and 1, got {value!r}")
    return value


def screening(prevalence: float, sensitivity: float, false_positive_rate: float) -> Screening:
    """Who has a condition and who tests positive, as shares of a population.

    ``prevalence`` is ``P(condition)``, ``sensitivity`` ``P(positive | condition)`` and
    ``false_positive_rate`` ``P(positive | no condition)``. The posterior comes from
    :func:`posterior` with the two hypotheses *condition* and *no condition*; a positive
    result that cannot happen (zero evidence) is a ``ValueError``.

    >>> s = screening(0.01, 0.9, 0.05)
    >>> round(s.true_positive, 6), round(s.false_positive, 6), round(s.posterior, 4)
    (0.009, 0.0495, 0.1538)
    """
    p = _probability(prevalence, "prevalence")
    sens = _probability(sensitivity, "sensitivity")
    fpr = _probability(false_positive_rate, "false_positive_rate")
    if p * sens + (1.0 - p) * fpr <= 0:
        raise ValueError("a positive result is impossible: no one with the condition tests positive "
                         "(sensitivity 0 or prevalence 0) and no one without it does (false positive rate 0 "
                         "or prevalence 1)")
    post = posterior([p, 1.0 - p], [sens, fpr])
    tp, fp = p * sens, (1.0 - p) * fpr
    return Screening(p, sens, fpr, true_positive=tp, false_negative=p * (1.0 - sens), false_positive=fp,
                     true_negative=(1.0 - p) * (1.0 - fpr), positive=tp + fp, posterior=float(post[0]),
                     no_condition=1.0 - p, posterior_no_condition=float(post[1]))


# -- a coin's bias under a Beta prior ---------------------------------------------------------------


def _shape(value: float, name: str) -> float:
    value = float(value)
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a finite number greater than 0, got {value!r}")
    return value


def _count(value, name: str) -> int:
    if isinstance(value, bool) or int(value) != value or value < 0:
        raise ValueError(f"{name} must be a whole number of flips, 0 or more, got {value!r}")
    return int(value)


def beta_update(alpha: float, beta: float, heads: int, tails: int) -> tuple[float, float]:
    """The posterior ``(alpha + heads, beta + tails)`` of a ``Beta(alpha, beta)`` prior on a coin's
    bias after ``heads`` heads and ``tails`` tails (the Beta prior is conjugate to flips).

    >>> beta_update(1, 1, 3, 1)
    (4.0, 2.0)
    """
    alpha, beta = _shape(alpha, "alpha"), _shape(beta, "beta")
    return alpha + _count(heads, "heads"), beta + _count(tails, "tails")


def flip_coin(bias: float, n: int, seed: Seed) -> np.ndarray:
    """``n`` flips of a coin with ``P(heads) = bias``: shape ``(n,)``, 1 for heads, 0 for tails.

    >>> flip_coin(0.5, 6, seed=0).tolist() == flip_coin(0.5, 6, seed=0).tolist()
    True
    """
    bias = _probability(bias, "bias")
    n = _count(n, "n")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    return (rng.random(n) < bias).astype(np.int64)


def beta_path(alpha: float, beta: float, flips) -> tuple[np.ndarray, np.ndarray]:
    """The Beta parameters after each flip: ``(alphas, betas)``, shape ``(n + 1,)`` each.

    Entry ``k`` is the posterior after the first ``k`` of ``flips`` (shape ``(n,)``, 1 heads,
    0 tails); entry 0 is the prior. Each step is one :func:`beta_update`.

    >>> a, b = beta_path(1, 1, [1, 0, 1])
    >>> a.tolist(), b.tolist()
    ([1.0, 2.0, 2.0, 3.0], [1.0, 1.0, 2.0, 2.0])
    """
    alpha, beta = _shape(alpha, "alpha"), _shape(beta, "beta")
    flips = np.asarray(flips)
    if flips.ndim != 1 or not np.all((flips == 0) | (flips == 1)):
        raise ValueError("flips must be a 1-D list of 0 (tails) and 1 (heads)")
    heads = np.concatenate([[0], np.cumsum(flips == 1)])
    tails = np.arange(flips.size + 1) - heads
    return alpha + heads.astype(float), beta + tails.astype(float)


def beta_pdf(x, alpha: float, beta: float) -> np.ndarray:
    """The ``Beta(alpha, beta)`` density at ``x`` (any shape; 0 outside ``[0, 1]``).

    >>> beta_pdf([0.25, 0.5], 2, 2).tolist()
    [1.125, 1.5]
    """
    alpha, beta = _shape(alpha, "alpha"), _shape(beta, "beta")
    x = np.asarray(x, dtype=float)
    inside = (x >= 0) & (x <= 1)
    xc = np.clip(x, 0.0, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_pdf = special.xlogy(alpha - 1, xc) + special.xlog1py(beta - 1, -xc) - special.betaln(alpha, beta)
    return np.where(inside, np.exp(log_pdf), 0.0)


def prior_times_likelihood(x, alpha: float, beta: float, heads: int, tails: int) -> np.ndarray:
    """``Beta(alpha, beta)`` density times the likelihood ``x**heads * (1 - x)**tails`` of the flips, at
    ``x`` (any shape): Bayes' numerator before it is rescaled to area 1 (its area is the evidence).

    >>> prior_times_likelihood([0.5, 1.0], 1, 1, 1, 0).tolist()
    [0.5, 1.0]
    """
    heads, tails = _count(heads, "heads"), _count(tails, "tails")
    x = np.asarray(x, dtype=float)
    xc = np.clip(x, 0.0, 1.0)
    return beta_pdf(x, alpha, beta) * xc**heads * (1.0 - xc) ** tails


def beta_mode(alpha: float, beta: float) -> float:
    """Where the ``Beta(alpha, beta)`` density peaks, for ``alpha, beta >= 1``: ``(alpha - 1) / (alpha +
    beta - 2)``; 0.5 for the flat ``Beta(1, 1)`` (every point is a peak).

    >>> beta_mode(3, 1), beta_mode(1, 1), beta_mode(4, 2)
    (1.0, 0.5, 0.75)
    """
    alpha, beta = _shape(alpha, "alpha"), _shape(beta, "beta")
    if alpha < 1 or beta < 1:
        raise ValueError(f"the mode formula needs alpha and beta of at least 1, got {alpha:g} and {beta:g}")
    return 0.5 if alpha + beta == 2 else (alpha - 1) / (alpha + beta - 2)


def beta_sd(alpha: float, beta: float) -> float:
    """The standard deviation ``sqrt(alpha beta / ((alpha + beta)^2 (alpha + beta + 1)))``.

    >>> round(beta_sd(1, 1) ** 2, 6) == round(1 / 12, 6)
    True
    """
    alpha, beta = _shape(alpha, "alpha"), _shape(beta, "beta")
    total = alpha + beta
    return math.sqrt(alpha * beta / (total * total * (total + 1)))


def beta_mean(alpha: float, beta: float) -> float:
    """``alpha / (alpha + beta)``, the posterior mean of the bias.

    >>> beta_mean(3, 1)
    0.75
    """
    alpha, beta = _shape(alpha, "alpha"), _shape(beta, "beta")
    return alpha / (alpha + beta)


def beta_interval(alpha: float, beta: float, mass: float = 0.95) -> tuple[float, float]:
    """The central interval holding ``mass`` of ``Beta(alpha, beta)``: equal tails either side.

    >>> [round(v, 4) for v in beta_interval(1, 1, 0.9)]
    [0.05, 0.95]
    """
    alpha, beta = _shape(alpha, "alpha"), _shape(beta, "beta")
    mass = float(mass)
    if not (0 < mass < 1):
        raise ValueError(f"mass must be between 0 and 1 (exclusive), got {mass!r}")
    tail = (1 - mass) / 2
    return float(special.betaincinv(alpha, beta, tail)), float(special.betaincinv(alpha, beta, 1 - tail))


__all__ = ["Screening", "beta_interval", "beta_mean", "beta_mode", "beta_path", "beta_pdf", "beta_sd",
           "beta_update", "evidence", "flip_coin", "posterior", "prior_times_likelihood", "screening"]
