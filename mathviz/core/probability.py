"""Repeated experiments and their averages: the law of large numbers.

Every experiment here is a fair die with a scoring table: a coin is a die with
two faces (tails 0, heads 1), a die scores its face 1..6, and the dice game
scores +100 on a 5 or 6 and -200 otherwise. Because the dice game rolls the
same six-sided die as ``"die"``, the two draw *the same rolls* for the same
seed, only scored differently.

Randomness always comes from an explicit :class:`numpy.random.Generator`
built from ``seed`` (manim reseeds numpy's global generator when a scene
starts, so the global one is never used).

Array shapes: draws and running means are ``(runs, n)``; ``n`` is the number
of repetitions, counted from 1, so column ``k - 1`` holds the state after
``k`` repetitions.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

Seed = int | np.random.Generator


@dataclass(frozen=True)
class Distribution:
    """A fair die with a score per face.

    ``scores[i]`` is what face ``i`` (0-based) is worth; every face has
    probability ``1 / len(scores)``. ``values`` are the distinct scores in
    increasing order, ``labels`` name them for a histogram.
    """

    name: str
    scores: tuple[int, ...]
    labels: tuple[str, ...]
    description: str

    @property
    def values(self) -> np.ndarray:
        """The distinct outcomes, shape ``(V,)``, increasing."""
        return np.unique(np.asarray(self.scores, dtype=np.float64))

    @property
    def probabilities(self) -> np.ndarray:
        """``P(X = values[j])``, shape ``(V,)``; sums to 1."""
        scores = np.asarray(self.scores, dtype=np.float64)
        return np.array([np.mean(scores == v) for v in self.values])

    @property
    def exact_probabilities(self) -> tuple[Fraction, ...]:
        """``P(X = values[j])`` as exact fractions, in the order of ``values``."""
        return tuple(Fraction(self.scores.count(v), len(self.scores)) for v in sorted(set(self.scores)))

    @property
    def exact_mean(self) -> Fraction:
        """``E[X]`` as an exact fraction."""
        return Fraction(sum(self.scores), len(self.scores))

    @property
    def exact_variance(self) -> Fraction:
        """``Var X = E[X^2] - E[X]^2`` as an exact fraction."""
        second = Fraction(sum(s * s for s in self.scores), len(self.scores))
        return second - self.exact_mean ** 2


DISTRIBUTIONS: dict[str, Distribution] = {
    d.name: d
    for d in (
        Distribution("coin", (0, 1), ("T", "H"), "a fair coin: 1 for heads, 0 for tails"),
        Distribution("die", (1, 2, 3, 4, 5, 6), ("1", "2", "3", "4", "5", "6"),
                     "a fair six-sided die: the face shown, 1 to 6"),
        Distribution("dice-game", (-200, -200, -200, -200, 100, 100), ("-200", "+100"),
                     "the dice game: roll a die, win 100 on a 5 or 6, lose 200 otherwise"),
    )
}


def get_distribution(name: str) -> Distribution:
    """The experiment called ``name``: ``"coin"``, ``"die"`` or ``"dice-game"``.

    >>> get_distribution("die").values.tolist()
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    >>> get_distribution("dice-game").probabilities.round(4).tolist()
    [0.6667, 0.3333]
    >>> get_distribution("roulette")
    Traceback (most recent call last):
    ...
    ValueError: unknown distribution 'roulette': choose one of coin, die, dice-game
    """
    try:
        return DISTRIBUTIONS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown distribution {name!r}: choose one of {', '.join(DISTRIBUTIONS)}") from None


def experiment_mean(name: str) -> float:
    """``E[X]`` for the named experiment (closed form: the mean of its face scores).

    >>> experiment_mean("coin"), experiment_mean("die"), experiment_mean("dice-game")
    (0.5, 3.5, -100.0)
    """
    return float(get_distribution(name).exact_mean)


def standard_deviation(name: str) -> float:
    """``sigma = sqrt(E[X^2] - E[X]^2)`` for the named experiment.

    Coin: 1/2. Die: sqrt(35/12). Dice game: sqrt(20000) = 100 sqrt(2).

    >>> standard_deviation("coin")
    0.5
    >>> round(standard_deviation("die") ** 2 * 12, 9)
    35.0
    >>> round(standard_deviation("dice-game"), 4)
    141.4214
    """
    return float(np.sqrt(float(get_distribution(name).exact_variance)))


def _check_size(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{what} must be a whole number at least 1, got {value!r}")
    return int(value)


def _generator(seed: Seed) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number at least 0 (or a numpy Generator), got {seed!r}")
    return np.random.default_rng(int(seed))


def sample_draws(distribution: str, n: int, runs: int, seed: Seed) -> np.ndarray:
    """Outcomes of ``runs`` independent series of ``n`` repetitions, shape ``(runs, n)``.

    ``distribution`` is ``"coin"``, ``"die"`` or ``"dice-game"`` (see
    :data:`DISTRIBUTIONS`). The same ``seed`` gives the same array; ``"die"``
    and ``"dice-game"`` share the underlying rolls for the same seed.

    >>> sample_draws("die", 8, 2, seed=0).astype(int).tolist()
    [[6, 4, 4, 2, 2, 1, 1, 1], [2, 5, 4, 6, 4, 4, 6, 5]]
    >>> sample_draws("dice-game", 8, 1, seed=0).astype(int).tolist()
    [[100, -200, -200, -200, -200, -200, -200, -200]]
    """
    dist = get_distribution(distribution)
    n, runs = _check_size(n, "n"), _check_size(runs, "runs")
    faces = _generator(seed).integers(0, len(dist.scores), size=(runs, n))
    return np.asarray(dist.scores, dtype=np.float64)[faces]


def running_mean(samples) -> np.ndarray:
    """Cumulative mean along the last axis: ``out[..., k-1] = mean(samples[..., :k])``.

    Same shape as ``samples``. An empty last axis is a ``ValueError``.

    >>> running_mean([2.0, 4.0, 0.0, 6.0]).tolist()
    [2.0, 3.0, 2.0, 3.0]
    >>> running_mean([[1, 1], [0, 2]]).tolist()
    [[1.0, 1.0], [0.0, 1.0]]
    """
    x = np.asarray(samples, dtype=np.float64)
    if x.ndim == 0 or x.shape[-1] == 0:
        raise ValueError("running_mean needs at least one sample along the last axis")
    return np.cumsum(x, axis=-1) / np.arange(1, x.shape[-1] + 1, dtype=np.float64)


def sample_running_means(distribution: str, n: int, runs: int, seed: Seed) -> np.ndarray:
    """Running means of :func:`sample_draws`, shape ``(runs, n)``; deterministic for a seed.

    >>> sample_running_means("coin", 4, 1, seed=0).tolist()
    [[1.0, 1.0, 1.0, 0.75]]
    """
    return running_mean(sample_draws(distribution, n, runs, seed))


def mean_envelope(mu: float, sigma: float, n, z: float = 2.0) -> tuple[np.ndarray, np.ndarray]:
    """The band ``mu -/+ z sigma / sqrt(n)`` in which the running mean of ``n`` draws mostly lies.

    ``sigma / sqrt(n)`` is the standard deviation of a mean of ``n``
    independent draws; for large ``n`` about 95% of runs lie inside ``z = 2``.
    Returns ``(lower, upper)`` with the shape of ``n``.

    >>> low, high = mean_envelope(3.5, 1.5, [1, 4, 100], z=2)
    >>> low.tolist(), high.tolist()
    ([0.5, 2.0, 3.2], [6.5, 5.0, 3.8])
    """
    n = np.asarray(n, dtype=np.float64)
    if np.any(n < 1):
        raise ValueError("mean_envelope: n counts repetitions and must be at least 1")
    if sigma < 0 or z < 0:
        raise ValueError("mean_envelope: sigma and z must not be negative")
    half = z * sigma / np.sqrt(n)
    return mu - half, mu + half


def band_coverage(z: float) -> float:
    """``P(|Z| <= z)`` for a standard normal ``Z``: the share of runs a ``z`` band holds for large ``n``.

    By the central limit theorem the standardised running mean is close to
    normal, so for large ``n`` this is the expected share of runs inside
    :func:`mean_envelope`.

    >>> round(band_coverage(2.0), 4), round(band_coverage(1.0), 4)
    (0.9545, 0.6827)
    """
    return math.erf(z / math.sqrt(2.0))


def count_inside(values, lower, upper) -> int:
    """How many of ``values`` lie in the closed interval ``[lower, upper]``.

    >>> count_inside([3.4, 3.5, 3.9], 3.45, 3.8)
    1
    """
    v = np.asarray(values, dtype=np.float64)
    return int(np.count_nonzero((v >= lower) & (v <= upper)))


def largest_deviation(means, mu: float) -> np.ndarray:
    """``max over runs of |means[run, k] - mu|``, shape ``(n,)``, for means of shape ``(runs, n)``.

    >>> largest_deviation([[3.0, 3.6], [4.5, 3.4]], 3.5).round(6).tolist()
    [1.0, 0.1]
    """
    m = np.atleast_2d(np.asarray(means, dtype=np.float64))
    return np.abs(m - mu).max(axis=0)


def cumulative_counts(draws, values) -> np.ndarray:
    """Counts of each outcome among the first ``k`` draws of every run, shape ``(n, V)``.

    ``draws`` has shape ``(runs, n)``; row ``k - 1`` counts all ``runs * k``
    draws made so far, one column per entry of ``values``.

    >>> cumulative_counts([[1, 2, 2], [2, 2, 1]], [1, 2]).tolist()
    [[1, 1], [1, 3], [2, 4]]
    """
    d = np.atleast_2d(np.asarray(draws, dtype=np.float64))
    return np.stack([np.cumsum((d == v).sum(axis=0)) for v in np.asarray(values, dtype=np.float64)],
                    axis=1)


def log_spaced_indices(n: int, count: int = 400) -> np.ndarray:
    """About ``count`` sorted distinct repetition counts in ``1..n``, evenly spaced in ``log n``.

    Always contains 1 and ``n``; every count below ``count / ln(n)`` or so is
    kept, because on a logarithmic axis those are far apart.

    >>> log_spaced_indices(10, 400).tolist()
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    >>> k = log_spaced_indices(10_000, 300)
    >>> int(k[0]), int(k[-1]), bool(len(k) <= 300), bool(np.all(np.diff(k) > 0))
    (1, 10000, True, True)
    """
    n, count = _check_size(n, "n"), _check_size(count, "count")
    if n <= count:
        return np.arange(1, n + 1)
    k = np.unique(np.rint(np.geomspace(1, n, count)).astype(np.int64))
    k[-1] = n
    return k


def outcomes_after_streak(draws, value: float, length: int) -> np.ndarray:
    """The outcome that follows every ``length`` consecutive ``value`` s, flattened over runs.

    Windows overlap: six losses in a row contain two streaks of five. The
    answer to the gambler's question "after five losses, am I due a win?"
    is the share of wins among these outcomes, which stays at the plain
    probability of a win: the draws are independent.

    >>> outcomes_after_streak([[0, 0, 1, 0, 0, 0, 1]], 0, 2).tolist()
    [1.0, 0.0, 1.0]
    """
    d = np.atleast_2d(np.asarray(draws, dtype=np.float64))
    length = _check_size(length, "length")
    if d.shape[1] <= length:
        return np.empty(0)
    hits = (d == value).astype(np.int64)
    window = np.cumsum(np.pad(hits, ((0, 0), (1, 0))), axis=1)
    streak_before = (window[:, length:-1] - window[:, :-length - 1]) == length  # streak ending at j-1
    return d[:, length:][streak_before]


def frequency_after_streak(draws, streak_value: float, length: int, next_value: float) -> tuple[float, int]:
    """Share of ``next_value`` right after ``length`` consecutive ``streak_value`` s, and how many streaks.

    Returns ``(share, count)``; ``share`` is ``nan`` when no streak occurred.

    >>> frequency_after_streak([[0, 0, 1, 0, 0, 0, 1]], 0, 2, 1)
    (0.6666666666666666, 3)
    """
    after = outcomes_after_streak(draws, streak_value, length)
    if after.size == 0:
        return float("nan"), 0
    return float(np.mean(after == next_value)), int(after.size)


# -- expected values: weighted averages, sums and integrals ------------------------------------

PROBABILITY_TOLERANCE = 1e-9  # probabilities must sum to 1 within this
DENSITY_TOLERANCE = 1e-6  # a density must integrate to 1 within this


def check_distribution(values, probabilities) -> tuple[np.ndarray, np.ndarray]:
    """``(values, probabilities)`` as float arrays of shape ``(k,)``, or a ``ValueError`` that says why not.

    Both must be one-dimensional, of one length ``k >= 1`` and finite; the
    probabilities must not be negative and must sum to 1 within
    :data:`PROBABILITY_TOLERANCE`.

    >>> check_distribution([1, 2], [0.5, 0.6])
    Traceback (most recent call last):
    ...
    ValueError: probabilities must sum to 1, but these sum to 1.1
    """
    x = np.asarray(values, dtype=np.float64)
    p = np.asarray(probabilities, dtype=np.float64)
    if x.ndim != 1 or p.ndim != 1:
        raise ValueError("values and probabilities must be flat lists of numbers")
    if x.size == 0:
        raise ValueError("a distribution needs at least one value")
    if x.size != p.size:
        raise ValueError(f"values and probabilities must have one length: got {x.size} values "
                         f"and {p.size} probabilities")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(p))):
        raise ValueError("values and probabilities must be finite numbers")
    if np.any(p < 0):
        raise ValueError(f"probabilities must not be negative, got {float(p.min()):g}")
    total = float(np.sum(p))
    if abs(total - 1.0) > PROBABILITY_TOLERANCE:
        raise ValueError(f"probabilities must sum to 1, but these sum to {total:.10g}")
    return x, p


def expected_value(values, probabilities) -> float:
    """``E[X] = sum_i x_i p_i`` for ``P(X = values[i]) = probabilities[i]``; both of shape ``(k,)``.

    Probabilities that are negative or do not sum to 1 within 1e-9 are a
    ``ValueError`` (see :func:`check_distribution`).

    >>> expected_value([100, -200], [1/3, 2/3])
    -100.0
    >>> expected_value([1, 2, 3, 4, 5, 6], [1/6] * 6)
    3.5
    >>> expected_value([1, 2], [0.5, -0.5])
    Traceback (most recent call last):
    ...
    ValueError: probabilities must not be negative, got -0.5
    """
    x, p = check_distribution(values, probabilities)
    return float(np.dot(x, p))


def balance_torque(values, probabilities, pivot):
    """``sum_i p_i (x_i - c)``: the net turn of weights ``p_i`` at ``x_i`` on a beam resting on ``c``.

    Positive: the beam tips to the right (towards larger values). It is zero
    exactly at ``c = E[X]`` (it equals ``E[X] - c``), which is why the
    expected value is where the beam balances. ``pivot`` may be an array;
    the result has its shape.

    >>> balance_torque([100, -200], [1/3, 2/3], [-100.0, 0.0]).round(9).tolist()
    [0.0, -100.0]
    """
    x, p = check_distribution(values, probabilities)
    c = np.asarray(pivot, dtype=np.float64)
    out = (x - c[..., None]) @ p
    return float(out) if np.ndim(out) == 0 else out


def as_fraction(value: float, max_denominator: int = 1000, tol: float = 1e-9) -> Fraction | None:
    """The simple fraction ``value`` is (``1/3`` for ``0.333...``) within ``tol``, else ``None``.

    For showing exact values exact: ``0.6666666666666666`` typed or computed
    is ``2/3``; ``0.3`` is ``3/10``; ``0.123456789`` is no simple fraction.

    >>> as_fraction(2 / 3), as_fraction(-100.00000000001), as_fraction(0.123456789)
    (Fraction(2, 3), Fraction(-100, 1), None)
    """
    value = float(value)
    if not math.isfinite(value):
        return None
    guess = Fraction(value).limit_denominator(max_denominator)
    return guess if abs(float(guess) - value) <= tol * max(1.0, abs(value)) else None


def exact_expected_value(values, probabilities) -> Fraction | None:
    """``E[X]`` as an exact fraction when every value and probability is a simple fraction
    (see :func:`as_fraction`), else ``None``.

    >>> exact_expected_value([100, -200], [1/3, 2/3])
    Fraction(-100, 1)
    >>> exact_expected_value([1, 2], [0.5, 0.5])
    Fraction(3, 2)
    """
    x, p = check_distribution(values, probabilities)
    exact = [as_fraction(v) for v in x], [as_fraction(q) for q in p]
    if any(f is None for f in exact[0] + exact[1]):
        return None
    return sum((a * b for a, b in zip(*exact)), Fraction(0))


def _quad(fn, a: float, b: float, what: str) -> float:
    from scipy import integrate

    if not (a < b):
        raise ValueError(f"the interval must have a < b, got [{a:g}, {b:g}]")
    with warnings.catch_warnings():
        warnings.simplefilter("error", integrate.IntegrationWarning)
        try:
            value, _ = integrate.quad(fn, a, b, limit=200)
        except (integrate.IntegrationWarning, ZeroDivisionError, OverflowError, FloatingPointError):
            raise ValueError(f"{what} could not be integrated accurately on [{a:g}, {b:g}]") from None
    if not math.isfinite(value):
        raise ValueError(f"{what} is not finite on [{a:g}, {b:g}]")
    return float(value)


def _anchor(a: float, b: float) -> float:
    """A finite point of ``[a, b]`` to split integrals at: ``a`` or ``b`` when finite, else 0.

    Quadrature over an infinite range maps it onto a finite one and misses a
    kink far inside it (a density that is 0 below 0); split there, it is an end point.
    """
    if math.isfinite(a):
        return a
    return min(0.0, b) if math.isfinite(b) else 0.0


def _integral(fn, a: float, b: float, what: str) -> float:
    """``integral_a^b fn``, split at :func:`_anchor` when a bound is infinite."""
    c = _anchor(a, b)
    if a < c < b:
        return _quad(fn, a, c, what) + _quad(fn, c, b, what)
    return _quad(fn, a, b, what)


def _check_density(pdf, a: float, b: float) -> None:
    if math.isnan(a) or math.isnan(b):
        raise ValueError("the bounds of a density must be numbers (infinite ones are allowed)")
    mass = _integral(pdf, a, b, "the density")
    if abs(mass - 1.0) > DENSITY_TOLERANCE:
        raise ValueError(f"a density must integrate to 1 on [{a:g}, {b:g}], this one integrates to {mass:.6g}")


def expected_value_of_density(pdf, a: float = -math.inf, b: float = math.inf) -> float:
    """``E[X] = integral_a^b x f(x) dx`` by adaptive quadrature; ``a`` and ``b`` may be infinite.

    ``pdf`` maps a float to a float (the density ``f``, zero outside
    ``[a, b]``). It must integrate to 1 on ``[a, b]`` within
    :data:`DENSITY_TOLERANCE`, and ``x f(x)`` must be integrable (a density
    with no mean, like Cauchy's, is a ``ValueError``).

    >>> round(expected_value_of_density(lambda x: math.exp(-x), 0, math.inf), 12)
    1.0
    >>> round(expected_value_of_density(lambda x: 1 / 4, 1, 5), 12)
    3.0
    """
    _check_density(pdf, a, b)
    return _integral(lambda x: x * pdf(x), a, b, "x f(x)")


def median_of_density(pdf, a: float = -math.inf, b: float = math.inf) -> float:
    """The ``m`` with ``integral_a^m f(x) dx = 1/2``: half the probability on each side.

    Found by bracketing and Brent's method on the cumulative integral;
    ``a`` and ``b`` may be infinite. Where ``f`` is zero on an interval
    around the half-way point, any ``m`` there is a median; one of them is returned.

    >>> round(median_of_density(lambda x: math.exp(-x), 0, math.inf), 12) == round(math.log(2), 12)
    True
    """
    from scipy import optimize

    _check_density(pdf, a, b)

    c = _anchor(a, b)
    below_c = 0.0 if c <= a else _quad(pdf, a, c, "the density")

    def below(m: float) -> float:  # P(X <= m) - 1/2, from the anchor so each integral is short
        if m <= a:
            return -0.5
        if m == c:
            return below_c - 0.5
        part = _quad(pdf, c, m, "the density") if m > c else -_quad(pdf, m, c, "the density")
        return below_c + part - 0.5

    # a finite bracket [lo, hi] with below(lo) < 0 < below(hi)
    lo = a if math.isfinite(a) else (min(b, 0.0) if math.isfinite(b) else 0.0) - 1.0
    hi = b if math.isfinite(b) else max(lo, 0.0) + 1.0
    width = 1.0
    while below(lo) > 0:
        if math.isfinite(a):
            break
        lo -= width
        width *= 2
        if width > 1e12:
            raise ValueError("could not find where the density's first half ends")
    width = 1.0
    while below(hi) < 0:
        hi += width
        width *= 2
        if width > 1e12:
            raise ValueError("could not find where the density's first half ends")
    if below(lo) >= 0:
        return float(lo)
    return float(optimize.brentq(below, lo, hi, xtol=1e-12, rtol=1e-12))


def density_as_weights(pdf, a: float, b: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    """A density on a finite ``[a, b]`` as ``n`` weights: the sum that becomes the integral.

    Cuts ``[a, b]`` into ``n`` equal bins; returns ``(points, weights)``, shape
    ``(n,)`` each: the bins' midpoints and the probability of each bin (by
    quadrature), scaled to sum to 1 (the density restricted to ``[a, b]``).
    ``expected_value(points, weights)`` tends to the mean of that restricted
    density as ``n`` grows.

    >>> pts, w = density_as_weights(lambda x: 0.5, 0, 2, 4)
    >>> pts.tolist(), w.tolist()
    ([0.25, 0.75, 1.25, 1.75], [0.25, 0.25, 0.25, 0.25])
    """
    n = _check_size(n, "n")
    if not (math.isfinite(a) and math.isfinite(b) and a < b):
        raise ValueError(f"density_as_weights needs a finite interval with a < b, got [{a:g}, {b:g}]")
    edges = np.linspace(a, b, n + 1)
    mass = np.array([_quad(pdf, lo, hi, "the density") for lo, hi in zip(edges[:-1], edges[1:])])
    if np.any(mass < -1e-12) or mass.sum() <= 0:
        raise ValueError("a density must not be negative and must have mass on the interval")
    mass = np.clip(mass, 0.0, None)
    return (edges[:-1] + edges[1:]) / 2, mass / mass.sum()


def exponential_density(rate: float = 1.0):
    """``f(x) = rate e^{-rate x}`` for ``x >= 0`` (0 below): mean ``1/rate``, median ``ln 2 / rate``.

    Returns a function of a float or an array.

    >>> f = exponential_density(2.0)
    >>> float(f(0.0)), float(f(-1.0))
    (2.0, 0.0)
    """
    if not (math.isfinite(rate) and rate > 0):
        raise ValueError(f"the rate of an exponential density must be positive, got {rate!r}")

    def pdf(x):
        x = np.asarray(x, dtype=np.float64)
        return np.where(x >= 0, rate * np.exp(-rate * np.maximum(x, 0.0)), 0.0)

    return pdf


def gamma_density(shape: float = 2.0, scale: float = 1.0):
    """``f(x) = x^{k-1} e^{-x/theta} / (Gamma(k) theta^k)`` for ``x >= 0``: skewed right, mean ``k theta``.

    ``shape`` is ``k``, ``scale`` is ``theta``; both positive.

    >>> f = gamma_density(2.0, 1.0)
    >>> round(float(f(1.0)), 12) == round(math.exp(-1.0), 12)
    True
    """
    if not (math.isfinite(shape) and shape > 0 and math.isfinite(scale) and scale > 0):
        raise ValueError(f"a gamma density needs a positive shape and scale, got {shape!r}, {scale!r}")
    log_norm = math.lgamma(shape) + shape * math.log(scale)

    def pdf(x):
        x = np.asarray(x, dtype=np.float64)
        safe = np.maximum(x, 1e-300)
        return np.where(x > 0, np.exp((shape - 1) * np.log(safe) - safe / scale - log_norm), 0.0)

    return pdf


# -- law of large numbers: the first draws exactly, runs that leave the band, shares ---------------


def exact_running_means(draws, count: int) -> list[Fraction]:
    """The running mean after each of the first ``count`` draws of one run, as exact fractions.

    ``draws`` has shape ``(n,)`` (whole-number scores); the ``k``-th entry is
    ``(draws[0] + ... + draws[k-1]) / k``.

    >>> [str(m) for m in exact_running_means([3, 5, 1, 6], 4)]
    ['3', '4', '3', '15/4']
    """
    d = np.asarray(draws, dtype=np.float64).ravel()
    count = _check_size(count, "count")
    if count > d.size:
        raise ValueError(f"count must be at most the {d.size} draws, got {count}")
    total, out = 0, []
    for k, x in enumerate(d[:count], start=1):
        if x != round(x):
            raise ValueError(f"draws must be whole numbers, got {x}")
        total += int(round(x))
        out.append(Fraction(total, k))
    return out


def runs_leaving_band(means, mu: float, sigma: float, z: float = 2.0, start: int = 1) -> np.ndarray:
    """Which runs step outside ``mu +- z sigma / sqrt(k)`` at some ``k >= start``, shape ``(runs,)``.

    ``means`` has shape ``(runs, n)``, ``means[:, k - 1]`` the running mean
    after ``k`` draws. The band holds about ``band_coverage(z)`` of the runs
    at any one ``k``, not every run at every ``k``: this counts the runs that
    leave it at least once.

    >>> runs_leaving_band([[3.5, 3.5, 3.5], [3.5, 6.0, 3.5]], 3.5, 1.0, 2.0, start=2).tolist()
    [False, True]
    """
    m = np.atleast_2d(np.asarray(means, dtype=np.float64))
    start = _check_size(start, "start")
    k = np.arange(1, m.shape[1] + 1)
    low, high = mean_envelope(mu, sigma, k, z)
    outside = (m < low) | (m > high)
    return outside[:, start - 1:].any(axis=1)


def outcome_share(draws, value: float) -> float:
    """The share of all draws (every run) equal to ``value``.

    >>> outcome_share([[100, -200, -200], [100, 100, -200]], 100)
    0.5
    """
    d = np.asarray(draws, dtype=np.float64)
    if d.size == 0:
        raise ValueError("no draws")
    return float(np.mean(d == value))
