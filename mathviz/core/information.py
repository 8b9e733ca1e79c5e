"""Information theory for discrete distributions: entropy, optimal codes, cross-entropy, KL.

A distribution is a 1-D array ``p`` of shape ``(n,)``: ``p[i]`` is the
probability of outcome ``i``. Entries are non-negative and sum to 1 within
:data:`TOLERANCE`; anything else is a ``ValueError``. Logarithms are taken in
``base`` (2: bits, the number of yes/no questions; ``e``: nats), and the
convention ``0 log 0 = 0`` holds throughout: an impossible outcome adds nothing.

The guessing game behind entropy: someone picks a number with probabilities
``p`` and we find it by yes/no questions. :func:`bisection_questions` halves
the candidates (best when all are equally likely); an optimal question plan
for skewed ``p`` is a Huffman code (:func:`huffman_code_lengths`), whose
average question count lies in ``[H(p), H(p) + 1)``.
"""

from __future__ import annotations

import heapq
import math

import numpy as np

TOLERANCE = 1e-9  # how far from 1 the probabilities may sum


def check_distribution(p, name: str = "p") -> np.ndarray:
    """``p`` as a float array of shape ``(n,)``, checked to be a probability distribution.

    >>> check_distribution([0.5, 0.5])
    array([0.5, 0.5])
    >>> check_distribution([0.5, 0.6])
    Traceback (most recent call last):
    ...
    ValueError: p must sum to 1 (within 1e-09), got 1.1
    """
    arr = np.asarray(p, dtype=float)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty list of probabilities, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must hold finite numbers only")
    if np.any(arr < 0):
        raise ValueError(f"{name} must not have negative entries, got {float(arr.min()):g}")
    total = float(arr.sum())
    if abs(total - 1.0) > TOLERANCE:
        raise ValueError(f"{name} must sum to 1 (within {TOLERANCE:g}), got {total:.10g}")
    return arr


def _log_base(base: float) -> float:
    base = float(base)
    if not (math.isfinite(base) and base > 0 and base != 1):
        raise ValueError(f"the logarithm base must be positive and not 1, got {base:g}")
    return math.log(base)


def surprisal(p, base: float = 2) -> np.ndarray:
    """``-log p[i]`` for each outcome, shape ``(n,)``: ``inf`` for an impossible one.

    In bits, the questions an ideal plan would spend on outcome ``i``.

    >>> surprisal([0.5, 0.25, 0.25, 0.0]).tolist()
    [1.0, 2.0, 2.0, inf]
    """
    arr = check_distribution(p)
    with np.errstate(divide="ignore"):
        return -np.log(arr) / _log_base(base)


def entropy(p, base: float = 2) -> float:
    """``H(p) = -sum_i p[i] log p[i]``, with ``0 log 0 = 0``.

    >>> entropy([0.5, 0.25, 0.25]), entropy([1.0, 0.0]), entropy([0.25] * 4)
    (1.5, 0.0, 2.0)
    """
    arr = check_distribution(p)
    scale = _log_base(base)
    nz = arr[arr > 0]
    return float(max(0.0, -np.sum(nz * np.log(nz)) / scale))


def cross_entropy(p, q, base: float = 2) -> float:
    """``H(p, q) = -sum_i p[i] log q[i]``: the average cost of outcomes drawn from ``p``
    when coded (or predicted) for ``q``. ``inf`` where ``q[i] = 0 < p[i]``.

    >>> cross_entropy([1.0, 0.0], [0.5, 0.5]), cross_entropy([0.5, 0.5], [1.0, 0.0])
    (1.0, inf)
    """
    p_arr, q_arr = _pair(p, q)
    scale = _log_base(base)
    on = p_arr > 0
    if np.any(q_arr[on] == 0):
        return math.inf
    return float(-np.sum(p_arr[on] * np.log(q_arr[on])) / scale)


def kl_divergence(p, q, base: float = 2) -> float:
    """``KL(p || q) = sum_i p[i] log(p[i] / q[i])``: never negative, zero exactly when
    ``q = p``, not symmetric, and ``inf`` where ``q[i] = 0 < p[i]``.

    >>> kl_divergence([0.5, 0.5], [0.5, 0.5]), kl_divergence([1.0, 0.0], [0.5, 0.5])
    (0.0, 1.0)
    """
    p_arr, q_arr = _pair(p, q)
    scale = _log_base(base)
    on = p_arr > 0
    if np.any(q_arr[on] == 0):
        return math.inf
    return float(max(0.0, np.sum(p_arr[on] * (np.log(p_arr[on]) - np.log(q_arr[on]))) / scale))


def _pair(p, q) -> tuple[np.ndarray, np.ndarray]:
    p_arr, q_arr = check_distribution(p, "p"), check_distribution(q, "q")
    if p_arr.shape != q_arr.shape:
        raise ValueError(f"p and q must have the same number of outcomes, got {p_arr.size} and {q_arr.size}")
    return p_arr, q_arr


def huffman_code_lengths(p) -> np.ndarray:
    """Questions an optimal (Huffman) plan asks to find each outcome, shape ``(n,)``, integers.

    Impossible outcomes (``p[i] = 0``) get no codeword: length 0, and they add
    nothing to the average. A certain outcome needs no question at all.
    Ties are broken by outcome index, so the lengths are deterministic.

    >>> huffman_code_lengths([0.5, 0.25, 0.125, 0.125]).tolist()
    [1, 2, 3, 3]
    >>> huffman_code_lengths([0.0, 1.0]).tolist()
    [0, 0]
    """
    arr = check_distribution(p)
    lengths = np.zeros(arr.size, dtype=int)
    support = [int(i) for i in np.flatnonzero(arr > 0)]
    if len(support) < 2:
        return lengths
    # heap of (probability, tie-break, outcomes in the subtree); merging two subtrees adds a question
    heap = [(float(arr[i]), k, [i]) for k, i in enumerate(support)]
    heapq.heapify(heap)
    counter = len(heap)
    while len(heap) > 1:
        pa, _, a = heapq.heappop(heap)
        pb, _, b = heapq.heappop(heap)
        for i in a + b:
            lengths[i] += 1
        heapq.heappush(heap, (pa + pb, counter, a + b))
        counter += 1
    return lengths


def huffman_average_length(p) -> float:
    """The average number of questions of an optimal (Huffman) plan: ``sum_i p[i] l[i]``.

    It lies in ``[H(p), H(p) + 1)`` (bits), and equals ``H(p)`` when every
    probability is a power of 1/2.

    >>> huffman_average_length([0.5, 0.25, 0.125, 0.125]), huffman_average_length([1 / 3] * 3)
    (1.75, 1.6666666666666665)
    """
    arr = check_distribution(p)
    return float(np.dot(arr, huffman_code_lengths(arr)))


def bisection_questions(n: int, secret: int) -> np.ndarray:
    """The candidate ranges while halving ``1..n`` to find ``secret``: shape ``(k + 1, 2)``.

    Row ``j`` is ``[low, high]`` after ``j`` questions ("is it at most the
    middle?"); the last row is ``[secret, secret]``, so ``k`` questions were asked
    (``floor(log2 n)`` or ``ceil(log2 n)`` of them).

    >>> bisection_questions(8, 6).tolist()
    [[1, 8], [5, 8], [5, 6], [6, 6]]
    """
    if isinstance(n, bool) or int(n) != n or n < 1:
        raise ValueError(f"n must be a whole number at least 1, got {n!r}")
    if isinstance(secret, bool) or int(secret) != secret or not 1 <= secret <= n:
        raise ValueError(f"secret must be a whole number from 1 to {n}, got {secret!r}")
    low, high = 1, int(n)
    rows = [(low, high)]
    while low < high:
        middle = (low + high) // 2
        low, high = (low, middle) if secret <= middle else (middle + 1, high)
        rows.append((low, high))
    return np.array(rows, dtype=int)


def uniform_distribution(n: int) -> np.ndarray:
    """``n`` equally likely outcomes, shape ``(n,)``.

    >>> uniform_distribution(4).tolist()
    [0.25, 0.25, 0.25, 0.25]
    """
    if isinstance(n, bool) or int(n) != n or n < 1:
        raise ValueError(f"n must be a whole number at least 1, got {n!r}")
    return np.full(int(n), 1.0 / int(n))


def truncated_poisson(rate: float, n: int) -> np.ndarray:
    """Poisson(``rate``) on the counts ``0..n-1``, renormalised to sum to 1: shape ``(n,)``.

    Entry ``k`` is ``rate^k e^-rate / k!`` divided by the mass of ``0..n-1``.

    >>> bool(abs(truncated_poisson(2.0, 40).sum() - 1) < 1e-12)
    True
    """
    if isinstance(n, bool) or int(n) != n or n < 1:
        raise ValueError(f"n must be a whole number at least 1, got {n!r}")
    rate = float(rate)
    if not (math.isfinite(rate) and rate > 0):
        raise ValueError(f"the Poisson rate must be a positive number, got {rate:g}")
    k = np.arange(int(n))
    log_pmf = k * math.log(rate) - rate - np.array([math.lgamma(j + 1) for j in k])
    w = np.exp(log_pmf - log_pmf.max())  # scaled before exp: no underflow for large rates
    return w / w.sum()


def one_hot(index: int, n: int) -> np.ndarray:
    """Certainty on outcome ``index`` (0-based) of ``n``: shape ``(n,)``.

    >>> one_hot(1, 3).tolist()
    [0.0, 1.0, 0.0]
    """
    if isinstance(n, bool) or int(n) != n or n < 1:
        raise ValueError(f"n must be a whole number at least 1, got {n!r}")
    if isinstance(index, bool) or int(index) != index or not 0 <= index < n:
        raise ValueError(f"index must be a whole number from 0 to {n - 1}, got {index!r}")
    out = np.zeros(int(n))
    out[int(index)] = 1.0
    return out


def mixture(p, q, t: float) -> np.ndarray:
    """``(1 - t) p + t q``, shape ``(n,)``: a path of distributions from ``p`` (t = 0) to ``q`` (t = 1).

    >>> mixture([1.0, 0.0], [0.0, 1.0], 0.25).tolist()
    [0.75, 0.25]
    """
    p_arr, q_arr = _pair(p, q)
    t = float(t)
    if not 0.0 <= t <= 1.0:
        raise ValueError(f"t must be between 0 and 1, got {t:g}")
    if t == 1.0:
        return q_arr.copy()
    return (1.0 - t) * p_arr + t * q_arr


def drop_outcome(q, index: int) -> np.ndarray:
    """``q`` with outcome ``index`` made impossible, its probability shared among the others in
    proportion to theirs (equally, if they had none): shape ``(n,)``, ``n >= 2``.

    >>> drop_outcome([0.5, 0.25, 0.25], 0).tolist()
    [0.0, 0.5, 0.5]
    >>> drop_outcome([1.0, 0.0, 0.0], 0).tolist()
    [0.0, 0.5, 0.5]
    """
    arr = check_distribution(q, "q")
    if arr.size < 2:
        raise ValueError("at least two outcomes are needed to make one impossible")
    if isinstance(index, bool) or int(index) != index or not 0 <= index < arr.size:
        raise ValueError(f"index must be a whole number from 0 to {arr.size - 1}, got {index!r}")
    rest = arr.copy()
    rest[int(index)] = 0.0
    total = rest.sum()
    if total <= 0:
        rest = np.ones_like(arr)
        rest[int(index)] = 0.0
        total = rest.sum()
    return rest / total
