"""Distributions of sums, their standardisation, and a tour of common distributions.

The central limit theorem in numbers: the sum of ``n`` independent draws of
one discrete random variable has an exact distribution (repeated
convolution of the single draw's probabilities), its mean grows like ``n``
and its standard deviation like ``sqrt(n)``; shifted by its mean and divided
by its standard deviation it approaches the standard normal density.

Array shapes: a single draw is ``values`` and ``probabilities``, both
``(V,)``; a sum's distribution is ``support`` and ``probabilities``, both
``(K,)``.  Nothing here is random.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from scipy import stats

TOLERANCE = 1e-9  # probabilities must sum to 1 within this
MAX_SUPPORT = 2_000_000  # grid points a sum's distribution may have (memory and time)


def _check_draw(values, probabilities) -> tuple[np.ndarray, np.ndarray]:
    """The single draw's values and probabilities as float arrays, checked; zero-probability
    values dropped, sorted by value (equal values merged)."""
    v = np.asarray(values, dtype=float)
    p = np.asarray(probabilities, dtype=float)
    if v.ndim != 1 or p.ndim != 1 or v.size == 0:
        raise ValueError("values and probabilities must be non-empty lists of numbers")
    if v.shape != p.shape:
        raise ValueError(f"values and probabilities must have the same length, got {v.size} and {p.size}")
    if not (np.all(np.isfinite(v)) and np.all(np.isfinite(p))):
        raise ValueError("values and probabilities must be finite numbers")
    if np.any(p < 0):
        raise ValueError(f"probabilities must be at least 0, got {p.min():g}")
    if abs(p.sum() - 1.0) > TOLERANCE:
        raise ValueError(f"probabilities must sum to 1, got {p.sum():.12g}")
    keep = p > 0
    v, p = v[keep], p[keep]
    unique, inverse = np.unique(v, return_inverse=True)
    merged = np.zeros(unique.size)
    np.add.at(merged, inverse, p)
    return unique, merged


def _check_count(n) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a whole number at least 1, got {n!r}")
    return int(n)


def lattice_step(values) -> float:
    """The largest step ``h`` with every value ``min(values) + k h`` for a whole ``k`` (0 for one value).

    Raises ``ValueError`` when the values lie on no common grid (exactly, as
    fractions with denominators up to 1000).

    >>> lattice_step([1, 2, 3, 4, 5, 6]), lattice_step([0, 2, 6]), lattice_step([0.5, 1.25])
    (1.0, 2.0, 0.75)
    >>> lattice_step([0, 1, math.pi])
    Traceback (most recent call last):
    ...
    ValueError: values [0, 1, 3.14159] lie on no common grid: use values with a common step, like whole numbers
    """
    v = np.unique(np.asarray(values, dtype=float))
    if v.size < 2:
        return 0.0
    gaps = [Fraction(float(d)).limit_denominator(1000) for d in v[1:] - v[0]]
    if any(abs(float(g) - float(d)) > 1e-9 * max(1.0, abs(float(d))) for g, d in zip(gaps, v[1:] - v[0])):
        shown = ", ".join(f"{x:g}" for x in v[:6])
        raise ValueError(f"values [{shown}] lie on no common grid: use values with a common step, "
                         "like whole numbers")
    num = math.gcd(*[g.numerator for g in gaps])
    den = math.lcm(*[g.denominator for g in gaps])
    return num / den


def sum_distribution(values, probabilities, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The exact distribution of ``X_1 + ... + X_n`` for ``n`` independent draws of ``X``.

    ``X`` takes ``values[j]`` with probability ``probabilities[j]`` (both shape
    ``(V,)``, the probabilities at least 0 and summing to 1). The values must lie
    on a common grid of step ``h`` (see :func:`lattice_step`): then the sum
    lives on the grid ``n min(values) + k h`` and its probabilities are the
    single draw's convolved ``n`` times (by repeated squaring).

    Returns ``(support, probabilities)``, shape ``(K,)`` each: every grid point
    from ``n min`` to ``n max`` of the values that have a positive probability,
    increasing; a grid point no sum reaches has probability 0.

    >>> s, p = sum_distribution([1, 2, 3, 4, 5, 6], [1 / 6] * 6, 2)
    >>> s.astype(int).tolist()
    [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    >>> (p * 36).round(9).tolist()
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0]
    >>> sum_distribution([0, 1], [0.5, 0.5], 3)[1].tolist()
    [0.125, 0.375, 0.375, 0.125]
    >>> sum_distribution([1, 2], [0.5, 0.4], 2)
    Traceback (most recent call last):
    ...
    ValueError: probabilities must sum to 1, got 0.9
    """
    n = _check_count(n)
    v, p = _check_draw(values, probabilities)
    step = lattice_step(v)
    if step == 0.0:  # one value: the sum is certain
        return np.array([n * v[0]]), np.array([1.0])
    k = np.rint((v - v[0]) / step).astype(np.int64)
    size = n * int(k[-1]) + 1
    if size > MAX_SUPPORT:
        raise ValueError(f"the sum of {n} draws spans {size:,} grid points, more than {MAX_SUPPORT:,}: "
                         "use fewer draws or values on a coarser grid")
    single = np.zeros(int(k[-1]) + 1)
    single[k] = p
    result, power, m = np.array([1.0]), single, n
    while m:  # result = single convolved n times, by squaring
        if m & 1:
            result = _convolve(result, power)
        m >>= 1
        if m:
            power = _convolve(power, power)
    result = np.clip(result, 0.0, None)
    result /= result.sum()  # rounding only: the exact sum is 1
    support = n * v[0] + step * np.arange(size)
    return support, result


def _convolve(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Exact-in-float convolution; FFT only for long arrays, where direct sums are slow."""
    if min(a.size, b.size) > 500:
        from scipy.signal import fftconvolve

        return np.clip(fftconvolve(a, b), 0.0, None)
    return np.convolve(a, b)


def draw_moments(values, probabilities) -> tuple[float, float]:
    """``(E[X], sd X)`` of one draw: the mean and the standard deviation ``sqrt(E[(X - E X)^2])``.

    >>> draw_moments([1, 2, 3, 4, 5, 6], [1 / 6] * 6)[0], round(draw_moments([0, 1], [0.5, 0.5])[1], 12)
    (3.5, 0.5)
    """
    v, p = _check_draw(values, probabilities)
    mu = float(np.dot(v, p))
    return mu, float(math.sqrt(max(float(np.dot((v - mu) ** 2, p)), 0.0)))


def sum_moments(values, probabilities, n: int) -> tuple[float, float]:
    """``(n E[X], sqrt(n) sd X)``: the mean and standard deviation of the sum of ``n`` draws.

    >>> sum_moments([1, 2, 3, 4, 5, 6], [1 / 6] * 6, 10)[0]
    35.0
    """
    n = _check_count(n)
    mu, sigma = draw_moments(values, probabilities)
    return n * mu, math.sqrt(n) * sigma


def skewness(values, probabilities) -> float:
    """``E[(X - mu)^3] / sigma^3`` of one draw; the sum of ``n`` draws has this over ``sqrt(n)``.

    >>> skewness([0, 1], [0.5, 0.5]), round(skewness([0, 1], [0.9, 0.1]), 6)
    (0.0, 2.666667)
    """
    v, p = _check_draw(values, probabilities)
    mu, sigma = draw_moments(v, p)
    if sigma == 0:
        raise ValueError("a draw with one possible value has no spread, so no skewness")
    third = float(np.dot((v - mu) ** 3, p)) / sigma**3
    return 0.0 if abs(third) < 1e-12 else third


def standardise(x, mean: float, sd: float) -> np.ndarray:
    """``z = (x - mean) / sd``, same shape as ``x``; ``sd`` must be positive.

    >>> standardise([30, 35, 40], 35.0, 5.0).tolist()
    [-1.0, 0.0, 1.0]
    """
    if not (np.isfinite(sd) and sd > 0):
        raise ValueError(f"the standard deviation must be positive to standardise, got {sd!r}")
    return (np.asarray(x, dtype=float) - mean) / sd


@dataclass(frozen=True)
class StandardisedBars:
    """The sum of ``n`` draws on the ``z`` scale, as bars of a density histogram.

    ``z``: bar centres, ``(S - n mu) / (sigma sqrt n)`` for each support point,
    shape ``(K,)``; ``width``: every bar's width, ``h / (sigma sqrt n)`` for the
    grid step ``h``; ``heights``: ``P(S = s) / width``, shape ``(K,)``, so the
    bars' areas are the probabilities and sum to 1 (comparable to a density).
    """

    n: int
    support: np.ndarray
    probabilities: np.ndarray
    z: np.ndarray
    width: float
    heights: np.ndarray


def standardised_sum(values, probabilities, n: int) -> StandardisedBars:
    """The exact distribution of the sum of ``n`` draws (:func:`sum_distribution`), standardised.

    >>> bars = standardised_sum([0, 1], [0.5, 0.5], 4)
    >>> bars.z.tolist(), bars.width
    ([-2.0, -1.0, 0.0, 1.0, 2.0], 1.0)
    >>> float(np.sum(bars.heights * bars.width))
    1.0
    """
    n = _check_count(n)
    support, probs = sum_distribution(values, probabilities, n)
    mean, sd = sum_moments(values, probabilities, n)
    if sd == 0:
        raise ValueError("a draw with one possible value has no spread: its sums cannot be standardised")
    v, _ = _check_draw(values, probabilities)
    width = lattice_step(v) / sd
    return StandardisedBars(n, support, probs, standardise(support, mean, sd), width, probs / width)


def normal_density(z) -> np.ndarray:
    """The standard normal density ``exp(-z^2 / 2) / sqrt(2 pi)``, same shape as ``z``.

    >>> round(float(normal_density(0.0)), 6)
    0.398942
    """
    return stats.norm.pdf(np.asarray(z, dtype=float))


def largest_gap(bars: StandardisedBars) -> float:
    """``max_k |heights_k - phi(z_k)|``: how far the bars' tops are from the normal density at
    their centres (it shrinks towards 0 as ``n`` grows, for any draw with a spread).

    >>> round(largest_gap(standardised_sum([0, 1], [0.5, 0.5], 1)), 6)
    0.008029
    """
    return float(np.max(np.abs(bars.heights - normal_density(bars.z))))


# -- a tour of common distributions ------------------------------------------------------------------


@dataclass(frozen=True)
class Common:
    """One of the common distributions, frozen at fixed parameters, read from ``scipy.stats``.

    ``tex`` names it (``X \\sim \\mathrm{Poisson}(4)``); ``discrete`` says whether
    it has a probability mass function (bars) or a density (a curve).
    """

    name: str
    tex: str
    discrete: bool
    frozen: object
    x_range: tuple[float, float]
    description: str

    @property
    def mean(self) -> float:
        return float(self.frozen.mean())

    @property
    def sd(self) -> float:
        return float(self.frozen.std())

    def points(self, count: int = 400) -> tuple[np.ndarray, np.ndarray]:
        """``(x, f(x))``: the whole numbers of its range and their probabilities (discrete),
        or ``count`` points and the density (continuous); shapes ``(M,)``."""
        lo, hi = self.x_range
        if self.discrete:
            x = np.arange(math.ceil(lo), math.floor(hi) + 1, dtype=float)
            return x, self.frozen.pmf(x)
        x = np.linspace(lo, hi, count)
        return x, self.frozen.pdf(x)


COMMON: dict[str, Common] = {
    c.name: c
    for c in (
        Common("bernoulli", r"X \sim \mathrm{Bernoulli}(0.3)", True, stats.bernoulli(0.3), (0, 1),
               "one trial that succeeds with probability 0.3"),
        Common("binomial", r"X \sim \mathrm{Binomial}(10,\ 0.3)", True, stats.binom(10, 0.3), (0, 10),
               "the successes in 10 such trials"),
        Common("poisson", r"X \sim \mathrm{Poisson}(4)", True, stats.poisson(4), (0, 12),
               "counts of rare events, 4 expected"),
        Common("exponential", r"X \sim \mathrm{Exponential}(1)", False, stats.expon(scale=1.0), (0, 6),
               "the waiting time for an event at rate 1"),
        Common("normal", r"X \sim \mathcal{N}(0,\ 1)", False, stats.norm(0, 1), (-4, 4),
               "the standard normal bell curve"),
    )
}


def common_distribution(name: str) -> Common:
    """One of :data:`COMMON` by name.

    >>> d = common_distribution("binomial"); d.mean, round(d.sd ** 2, 12)
    (3.0, 2.1)
    >>> common_distribution("cauchy")
    Traceback (most recent call last):
    ...
    ValueError: unknown distribution 'cauchy': choose one of bernoulli, binomial, poisson, exponential, normal
    """
    try:
        return COMMON[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown distribution {name!r}: choose one of {', '.join(COMMON)}") from None


def area_between(bars: StandardisedBars) -> float:
    """``integral |hist(z) - phi(z)| dz``: the area between the bars' outline and the normal density.

    ``hist`` is the bars' density: ``heights[k]`` on ``[z_k - width/2, z_k + width/2]``, 0 outside
    (the bars are side by side, covering one interval). Exact, from the normal
    distribution function: within a bar, ``phi`` crosses the bar's top at most
    at ``+- sqrt(-2 log(h sqrt(2 pi)))``. It lies between 0 and 2 (twice the
    total variation distance) and tends to 0 as ``n`` grows, for any draw with a spread.

    >>> round(area_between(standardised_sum([0, 1], [0.5, 0.5], 1)), 6)
    0.456912
    """
    left, right = bars.z - bars.width / 2, bars.z + bars.width / 2
    h = bars.heights
    peak = 1 / math.sqrt(2 * math.pi)
    with np.errstate(divide="ignore", invalid="ignore"):
        c = np.where((h > 0) & (h < peak), np.sqrt(-2 * np.log(np.where(h > 0, h, 1.0) / peak)), 0.0)
    # splitting a bar where phi does not cross its top is harmless: the sign holds on both sides
    cuts = np.sort(np.stack([left, np.clip(-c, left, right), np.clip(c, left, right), right], axis=1), axis=1)
    normal = np.diff(stats.norm.cdf(cuts), axis=1)
    total = float(np.sum(np.abs(h[:, None] * np.diff(cuts, axis=1) - normal)))
    outside = float(stats.norm.cdf(left[0]) + stats.norm.sf(right[-1]))
    return float(total + outside)
