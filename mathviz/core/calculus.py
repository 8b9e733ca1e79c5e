"""Single-variable calculus: secants, derivatives, tangents.

Functions take ``f`` as a vectorised callable ``f(x: ndarray) -> ndarray``
(for example a :class:`mathviz.core.expr.Expression`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

import numpy as np

Function = Callable[[np.ndarray], np.ndarray]


def secant_slope(f: Function, x0: float, h) -> np.ndarray:
    """Slope of the secant through ``(x0, f(x0))`` and ``(x0 + h, f(x0 + h))``.

    ``h`` may be a scalar or an array of any shape; the result has its shape.
    ``h == 0`` (anywhere in the array) raises ``ValueError``: the secant is
    undefined there, and a silent ``nan`` would end up drawn on screen.

    >>> secant_slope(lambda x: x**2, 1.0, 0.5).item()
    2.5
    >>> secant_slope(lambda x: x**2, 1.0, np.array([1.0, -1.0, 1e-3])).round(6).tolist()
    [3.0, 1.0, 2.001]
    >>> secant_slope(lambda x: x**2, 1.0, 0.0)
    Traceback (most recent call last):
    ...
    ValueError: secant_slope: h must be non-zero (the secant needs two distinct points)
    """
    h = np.asarray(h, dtype=np.float64)
    if np.any(h == 0):
        raise ValueError("secant_slope: h must be non-zero (the secant needs two distinct points)")
    x0 = np.float64(x0)
    return (np.asarray(f(x0 + h), dtype=np.float64) - np.asarray(f(x0), dtype=np.float64)) / h


def central_slope(f: Function, x0: float, h) -> np.ndarray:
    """Slope of the symmetric secant through ``x0 - h`` and ``x0 + h``.

    Its error shrinks like ``h**2`` instead of ``h``: the reason numerical
    gradient checks in machine learning use it.

    >>> central_slope(lambda x: x**2, 1.0, 0.5).item()
    2.0
    """
    h = np.asarray(h, dtype=np.float64)
    if np.any(h == 0):
        raise ValueError("central_slope: h must be non-zero")
    x0 = np.float64(x0)
    return (np.asarray(f(x0 + h), dtype=np.float64) - np.asarray(f(x0 - h), dtype=np.float64)) / (
        2 * h
    )


def derivative(f: Function, x0: float) -> float:
    """``f'(x0)`` by the five-point central stencil (error about ``h**4``).

    The step is scaled to ``x0`` so the estimate stays good far from zero;
    for smooth ``f`` it agrees with the exact derivative to about 1e-9.
    A non-finite result raises ``ValueError`` (``f`` is not differentiable
    or not defined around ``x0``).

    >>> round(derivative(np.sin, 0.0), 10)
    1.0
    >>> round(derivative(lambda x: x**3, 2.0), 8)
    12.0
    """
    x0 = float(x0)
    h = 1e-3 * max(1.0, abs(x0))
    xs = x0 + h * np.array([-2.0, -1.0, 1.0, 2.0])
    y = np.asarray(f(xs), dtype=np.float64)
    value = float((y[0] - 8 * y[1] + 8 * y[2] - y[3]) / (12 * h))
    if not np.isfinite(value):
        raise ValueError(f"derivative: f is not differentiable (or not defined) near x = {x0:g}")
    return value


def second_derivative(f: Function, x0: float) -> float:
    """``f''(x0)`` by the five-point central stencil (error about ``h**4``).

    >>> round(second_derivative(lambda x: x**3, 2.0), 6)
    12.0
    """
    x0 = float(x0)
    h = 1e-2 * max(1.0, abs(x0))
    y = np.asarray(f(x0 + h * np.array([-2.0, -1.0, 0.0, 1.0, 2.0])), dtype=np.float64)
    value = float((-y[0] + 16 * y[1] - 30 * y[2] + 16 * y[3] - y[4]) / (12 * h * h))
    if not np.isfinite(value):
        raise ValueError(f"second_derivative: f is not twice differentiable near x = {x0:g}")
    return value


def tangent_line(f: Function, x0: float) -> tuple[float, float]:
    """``(slope, intercept)`` of the tangent to ``f`` at ``x0``: ``y = slope*x + intercept``.

    >>> tangent_line(lambda x: x**2, 1.0)
    (2.0, -1.0)
    """
    slope = derivative(f, x0)
    y0 = float(np.asarray(f(np.float64(x0))))
    return round(slope, 12), round(y0 - slope * x0, 12)


def halving_steps(h0: float, count: int) -> np.ndarray:
    """``[h0, h0/2, h0/4, ...]``, ``count`` values: the steps the scene walks through.

    >>> halving_steps(1.0, 4).tolist()
    [1.0, 0.5, 0.25, 0.125]
    """
    if h0 == 0 or count < 1:
        raise ValueError("halving_steps: need h0 != 0 and count >= 1")
    return float(h0) * 0.5 ** np.arange(count)


def secant_errors(f: Function, x0: float, h) -> dict[str, np.ndarray]:
    """Absolute errors of the one-sided and central slopes against ``f'(x0)``.

    Returns ``{"h": |h|, "forward": ..., "central": ...}``, arrays shaped like
    ``h``. On a log-log plot the forward error has slope about 1, the central
    one about 2, until rounding error takes over at very small ``h``.

    >>> err = secant_errors(lambda x: x**2, 1.0, np.array([0.1, 0.01]))
    >>> err["forward"].round(10).tolist(), err["central"].round(10).tolist()
    ([0.1, 0.01], [0.0, 0.0])
    """
    h = np.asarray(h, dtype=np.float64)
    exact = derivative(f, x0)
    return {
        "h": np.abs(h),
        "forward": np.abs(secant_slope(f, x0, h) - exact),
        "central": np.abs(central_slope(f, x0, h) - exact),
    }


def require_finite(f: Function, a: float, b: float, samples: int = 2001, what: str = "f") -> None:
    """Raise ``ValueError`` naming the first x in ``[a, b]`` where ``f`` is not finite.

    Sampling is dense but finite: it is a guard for user input, not a proof.

    >>> require_finite(np.log, -1.0, 1.0)
    Traceback (most recent call last):
    ...
    ValueError: f is not finite at x = -1 (inside [-1, 1]): choose an interval where it is defined
    """
    for name, bound in (("a", a), ("b", b)):
        if not np.isfinite(bound):
            raise ValueError(f"the bound {name} = {bound} is not a finite number")
    xs = np.linspace(min(a, b), max(a, b), samples)
    with np.errstate(all="ignore"):  # a warning here is exactly what we report below
        ys = np.asarray(f(xs), dtype=np.float64) * np.ones_like(xs)
    bad = ~np.isfinite(ys)
    if bad.any():
        x = xs[np.argmax(bad)]
        raise ValueError(
            f"{what} is not finite at x = {x:.4g} (inside [{min(a, b):g}, {max(a, b):g}]): "
            "choose an interval where it is defined"
        )


def find_pole(f: Function, a: float, b: float, samples: int = 2001, zooms: int = 8,
              limit: float = 1e6) -> float | None:
    """A point of ``[a, b]`` near which ``|f|`` grows without bound (a pole), or ``None``.

    A pole between two samples hides from any fixed grid (``1/(x - 1.3)`` on a
    grid of step 0.1 never exceeds 20), so the steepest places are looked at
    closer: around the largest ``|f|`` and the largest jump between
    neighbours, ``zooms`` times, each about 30 times finer. ``f`` counts as
    unbounded when it is infinite at a sample or its values there pass
    ``max(limit, 1000 * M)``, ``M`` the largest ``|f|`` on the rest of the grid.
    Bounded ``f`` (steps like ``floor``, undefined regions where ``f`` is
    ``nan``) and slow singularities (``log`` near 0, unless a sample lands on
    it) are not reported. A guard for user input, not a proof: a pole
    narrower than the last zoom can hide.

    >>> round(find_pole(lambda x: 1 / (x - 1.3), 0.0, 3.0), 6)
    1.3
    >>> round(find_pole(np.tan, 0.0, 3.0), 6)
    1.570796
    >>> find_pole(np.floor, 0.0, 3.0), find_pole(np.log, -1.0, 2.0), find_pole(np.log, 0.0, 2.0)
    (None, None, 0.0)
    >>> find_pole(np.sqrt, -1.0, 1.0), find_pole(lambda x: 1e9 * x, -1.0, 1.0)
    (None, None)
    """
    with np.errstate(all="ignore"):  # inf and nan are what we look for
        return _find_pole(f, min(a, b), max(a, b), samples, zooms, limit)


def _find_pole(f: Function, lo: float, hi: float, samples: int, zooms: int, limit: float) -> float | None:
    xs = np.linspace(lo, hi, samples)
    ys = _values(f, xs)
    if np.isinf(ys).any():
        return float(xs[np.argmax(np.isinf(ys))])
    size = np.where(np.isfinite(ys), np.abs(ys), -1.0)
    if size.max() < 0:  # nowhere defined
        return None
    starts = [int(np.argmax(size))]
    jumps = np.abs(np.diff(ys))
    if np.isfinite(jumps).any():
        starts.append(int(np.nanargmax(jumps)))
    for i in starts:
        first, last = max(i - 1, 0), min(i + 2, samples - 1)
        # the rest of the grid sets the scale: a pole towers over it, a steep but smooth f does not
        rest = np.concatenate([size[:first], size[last + 1:]])
        bound = max(limit, 1000.0 * float(rest.max(initial=0.0)))
        if size[first:last + 1].max() > bound:
            return float(xs[first + int(np.argmax(size[first:last + 1]))])
        left, right = xs[first], xs[last]
        for _ in range(zooms):
            zs = np.linspace(left, right, 65)
            ws = _values(f, zs)
            if np.isinf(ws).any():
                return float(zs[np.argmax(np.isinf(ws))])
            near = np.where(np.isfinite(ws), np.abs(ws), -1.0)
            j = int(np.argmax(near))
            if near[j] > bound:
                return float(zs[j])
            if near[j] < 0:
                break
            left, right = zs[max(j - 1, 0)], zs[min(j + 1, 64)]
    return None


def convergence_order(h, error) -> float:
    """Slope of ``log(error)`` against ``log(h)``: the order p in ``error ~ C h**p``.

    Points whose error is at rounding level (below 1e-13) are left out; fewer
    than two usable points give ``nan``.

    >>> h = 0.5 ** np.arange(6)
    >>> round(convergence_order(h, 3 * h**2), 6)
    2.0
    """
    h, error = np.abs(np.asarray(h, dtype=float)), np.asarray(error, dtype=float)
    keep = (error > 1e-13) & np.isfinite(error) & (h > 0)
    if keep.sum() < 2:
        return float("nan")
    return float(np.polyfit(np.log(h[keep]), np.log(error[keep]), 1)[0])


# -- integration: Riemann sums, signed area, the running integral ---------------------------
#
# scipy is imported inside the functions that need it: ``mathviz list`` and the
# differentiation helpers above stay free of scipy's import time.

RIEMANN_RULES = ("left", "right", "midpoint")


def _values(f: Function, xs: np.ndarray) -> np.ndarray:
    """``f(xs)`` as float64 with the shape of ``xs`` (a constant ``f`` returns a scalar)."""
    return np.broadcast_to(np.asarray(f(xs), dtype=np.float64), np.shape(xs)).copy()


def riemann_points(a: float, b: float, n: int, rule: str = "left") -> np.ndarray:
    """The ``n`` sample points of a Riemann sum on ``[a, b]``, shape ``(n,)``.

    The interval is cut into ``n`` equal pieces of width ``(b - a) / n``; the
    rule picks each piece's left end, right end or midpoint. ``b < a`` walks
    the interval backwards (the pieces have negative width).

    >>> riemann_points(0.0, 1.0, 4).tolist()
    [0.0, 0.25, 0.5, 0.75]
    >>> riemann_points(0.0, 1.0, 4, "midpoint").tolist()
    [0.125, 0.375, 0.625, 0.875]
    >>> riemann_points(0.0, 1.0, 2, "upper")
    Traceback (most recent call last):
    ...
    ValueError: unknown Riemann rule 'upper': choose one of left, right, midpoint
    """
    if rule not in RIEMANN_RULES:
        raise ValueError(f"unknown Riemann rule {rule!r}: choose one of {', '.join(RIEMANN_RULES)}")
    if isinstance(n, bool) or int(n) != n or n < 1:
        raise ValueError(f"a Riemann sum needs a whole number n >= 1 of pieces, got {n!r}")
    for name, bound in (("a", a), ("b", b)):
        if not np.isfinite(bound):
            raise ValueError(f"the bound {name} = {bound} is not a finite number")
    n = int(n)
    offset = {"left": 0.0, "right": 1.0, "midpoint": 0.5}[rule]
    return a + (np.arange(n) + offset) * ((b - a) / n)


def riemann_rectangles(f: Function, a: float, b: float, n: int,
                       rule: str = "left") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rectangles of a Riemann sum: ``(edges, samples, heights)``.

    ``edges`` has shape ``(n + 1,)`` (from ``a`` to ``b``), ``samples`` and
    ``heights = f(samples)`` have shape ``(n,)``. Rectangle ``i`` spans
    ``edges[i]..edges[i + 1]`` and has the signed height ``heights[i]``.
    A non-finite height raises ``ValueError`` naming its sample point.

    >>> edges, xs, hs = riemann_rectangles(lambda x: x**2, 0.0, 1.0, 2, "right")
    >>> edges.tolist(), xs.tolist(), hs.tolist()
    ([0.0, 0.5, 1.0], [0.5, 1.0], [0.25, 1.0])
    """
    samples = riemann_points(a, b, n, rule)
    edges = np.linspace(a, b, int(n) + 1)
    heights = _values(f, samples)
    bad = ~np.isfinite(heights)
    if bad.any():
        raise ValueError(f"f is not finite at the sample point x = {samples[np.argmax(bad)]:.4g}")
    return edges, samples, heights


def riemann_sum(f: Function, a: float, b: float, n: int, rule: str = "left") -> float:
    """``sum(f(x_i)) * (b - a) / n`` over the rule's ``n`` sample points (no Python loop).

    Left and right sums approach the integral like ``1/n`` for smooth ``f``,
    the midpoint sum like ``1/n**2``.

    >>> riemann_sum(lambda x: x, 0.0, 1.0, 4)
    0.375
    >>> riemann_sum(lambda x: x, 0.0, 1.0, 4, "midpoint")
    0.5
    >>> riemann_sum(lambda x: x, 1.0, 0.0, 4, "midpoint")
    -0.5
    """
    _, _, heights = riemann_rectangles(f, a, b, n, rule)
    return float(np.sum(heights) * ((b - a) / int(n)))


def sign_changes(f: Function, a: float, b: float, samples: int = 2001) -> np.ndarray:
    """Points strictly inside ``(min(a, b), max(a, b))`` where ``f`` changes sign, sorted.

    ``f`` is sampled on ``samples`` equal steps; each step whose ends have
    opposite signs is narrowed to a root with ``scipy.optimize.brentq``, and a
    sample where ``f`` is exactly zero between a negative and a positive
    neighbour is a root itself. Two sign changes closer than one step apart
    cancel out and go unseen (the area between them is tiny). Shape ``(k,)``.

    >>> sign_changes(lambda x: x**2 - 1, -2.0, 2.0).tolist()
    [-1.0, 1.0]
    >>> sign_changes(lambda x: x**2, -1.0, 1.0).tolist()   # touches zero, no sign change
    []
    """
    from scipy.optimize import brentq

    lo, hi = min(a, b), max(a, b)
    if lo == hi:
        return np.empty(0)
    xs = np.linspace(lo, hi, samples)
    ys = _values(f, xs)
    signs = np.sign(ys)
    roots = []
    scalar = lambda x: float(_values(f, np.float64(x)))  # noqa: E731
    for i in np.flatnonzero(signs[:-1] * signs[1:] < 0):
        # disp=False: at a multiple root (x**3) Brent creeps; the best point found is still
        # inside a bracket one sample step wide, so take it rather than fail
        root, _ = brentq(scalar, xs[i], xs[i + 1], xtol=1e-14, rtol=4 * np.finfo(float).eps,
                         maxiter=500, full_output=True, disp=False)
        roots.append(root)
    # exact zeros on the grid: a root when the nearest non-zero neighbours differ in sign
    nonzero = np.flatnonzero(signs != 0)
    for i in np.flatnonzero(signs == 0):
        before, after = nonzero[nonzero < i], nonzero[nonzero > i]
        if before.size and after.size and signs[before[-1]] != signs[after[0]]:
            if before[-1] == i - 1:  # one root per zero run: its first sample
                roots.append(xs[i])
    return np.array(sorted(r for r in roots if lo < r < hi), dtype=np.float64)


def _quad(f: Function, lo: float, hi: float) -> float:
    """``∫_lo^hi f`` by adaptive quadrature; ``ValueError`` when it cannot reach the accuracy."""
    from scipy.integrate import quad

    scalar = lambda x: float(_values(f, np.float64(x)))  # noqa: E731
    value, abserr, info, *message = quad(scalar, lo, hi, epsabs=1e-13, epsrel=1e-12, limit=200,
                                          full_output=1)
    scale = max(abs(value), (hi - lo) * 1e-3, 1e-300)
    if not np.isfinite(value) or (message and abserr > 1e-8 * scale):
        raise ValueError(f"f could not be integrated accurately on [{lo:.4g}, {hi:.4g}] "
                         "(is there a singularity or a jump there?)")
    return float(value)



@dataclass(frozen=True)
class SignedArea:
    """The integral of ``f`` on ``[a, b]`` split by sign.

    ``positive >= 0`` is the area above the axis, ``negative <= 0`` the area
    below it (with its sign), ``total = positive + negative``; ``roots`` are
    the sign changes of ``f`` that cut the interval into pieces.
    """

    total: float
    positive: float
    negative: float
    roots: tuple[float, ...] = ()


def signed_area(f: Function, a: float, b: float, samples: int = 2001) -> SignedArea:
    """``∫_a^b f`` as a :class:`SignedArea`: area above the axis minus area below it.

    The interval is cut where ``f`` changes sign (:func:`sign_changes`) and
    each piece is integrated with ``scipy.integrate.quad`` (relative accuracy
    about 1e-12 for smooth ``f``), so every piece has a single sign.
    ``b < a`` gives the negated result (the parts swap roles, so ``positive``
    stays ``>= 0``); ``a == b`` gives zeros. ``f`` not finite somewhere on the
    interval, or a non-finite bound, raises ``ValueError`` saying where.

    >>> r = signed_area(lambda x: x, -1.0, 2.0)
    >>> round(r.total, 12), round(r.positive, 12), round(r.negative, 12)
    (1.5, 2.0, -0.5)
    >>> r = signed_area(lambda x: x, 2.0, -1.0)
    >>> round(r.total, 12), round(r.positive, 12), round(r.negative, 12)
    (-1.5, 0.5, -2.0)
    >>> signed_area(np.sqrt, -1.0, 1.0)
    Traceback (most recent call last):
    ...
    ValueError: f is not finite at x = -1 (inside [-1, 1]): choose an interval where it is defined
    """
    require_finite(f, a, b, samples=samples, what="f")
    a, b = float(a), float(b)
    if a == b:
        return SignedArea(0.0, 0.0, 0.0, ())
    if b < a:
        r = signed_area(f, b, a, samples)
        return SignedArea(-r.total, -r.negative, -r.positive, r.roots)
    roots = sign_changes(f, a, b, samples)
    cuts = [a, *roots.tolist(), b]
    pieces = [_quad(f, lo, hi) for lo, hi in zip(cuts[:-1], cuts[1:])]
    positive = float(sum(p for p in pieces if p > 0))
    negative = float(sum(p for p in pieces if p < 0))
    return SignedArea(positive + negative, positive, negative, tuple(roots.tolist()))


def running_integral(f: Function, a: float, x, pieces: int = 512) -> np.ndarray:
    """``F(x) = ∫_a^x f(t) dt`` at every point of ``x`` (any shape; the result has its shape).

    Vectorised: the span of ``a`` and ``x`` is cut into at least ``pieces``
    steps (every point of ``x`` is a cut), each integrated by 8-point
    Gauss-Legendre in one call of ``f``, and the pieces are summed
    cumulatively. The whole span is checked against ``scipy.integrate.quad``;
    if they disagree by more than about 1e-9 (a kink or a jump in ``f``) each
    step between consecutive points is integrated with ``quad`` instead.
    ``F`` is the antiderivative whose slope is ``f``: ``F'(x) = f(x)``.

    >>> running_integral(lambda t: 2 * t, 0.0, [0.0, 1.0, 2.0, -1.0]).round(12).tolist()
    [0.0, 1.0, 4.0, 1.0]
    >>> round(float(running_integral(np.cos, 0.0, np.pi / 2)), 12)
    1.0
    """
    x = np.asarray(x, dtype=np.float64)
    for name, value in (("a", np.float64(a)), ("x", x)):
        if not np.all(np.isfinite(value)):
            raise ValueError(f"running_integral: {name} must be finite")
    a = float(a)
    lo, hi = min(a, float(x.min(initial=a))), max(a, float(x.max(initial=a)))
    if lo == hi:
        return np.zeros_like(x)
    grid = np.union1d(np.union1d(np.linspace(lo, hi, int(pieces) + 1), x.ravel()), [a])
    nodes, weights = np.polynomial.legendre.leggauss(8)
    half, mid = np.diff(grid) / 2, (grid[1:] + grid[:-1]) / 2
    points = mid[:, None] + half[:, None] * nodes  # (steps, 8)
    values = _values(f, points)
    bad = ~np.isfinite(values)
    if bad.any():
        raise ValueError(f"f is not finite near x = {points.ravel()[np.argmax(bad.ravel())]:.4g}")
    cumulative = np.concatenate([[0.0], np.cumsum(half * (values @ weights))])
    reference = _quad(f, lo, hi)
    scale = max(1.0, abs(reference), float(np.sum(np.abs(half * (np.abs(values) @ weights)))))
    if abs(cumulative[-1] - reference) > 1e-9 * scale:
        steps = np.union1d(x.ravel(), [a])
        cumulative_x = np.concatenate([[0.0], np.cumsum([_quad(f, s, t) for s, t in zip(steps[:-1], steps[1:])])])
        grid, cumulative = steps, cumulative_x
    at = cumulative[np.searchsorted(grid, x)] - cumulative[np.searchsorted(grid, a)]
    return np.asarray(at, dtype=np.float64)


# -- exact values ---------------------------------------------------------------------------
# A polynomial with rational coefficients, at rational points, has rational slopes, sums and
# integrals: those are computed exactly (fractions.Fraction), so a scene can show an exact
# value exactly (-1/2, not -0.5000) and say when one is rounded.

MAX_EXACT_DEGREE = 64


def as_typed(x: float) -> Fraction:
    """The rational number a float was typed as: its shortest decimal (``0.1`` is 1/10).

    >>> as_typed(0.1), as_typed(-2.0), as_typed(1 / 3) == Fraction(1, 3)
    (Fraction(1, 10), Fraction(-2, 1), False)
    """
    return Fraction(repr(float(x)))


def polynomial_coefficients(f: Function) -> list[Fraction] | None:
    """Exact coefficients ``[c0, c1, ...]`` (of ``x**k``) when ``f`` is a polynomial in its one
    variable with rational coefficients, its numbers taken as typed; else ``None``.

    ``f`` must be a :class:`mathviz.core.expr.Expression` (any other callable gives ``None``);
    ``+ - *``, division by a non-zero constant and whole powers up to degree
    ``MAX_EXACT_DEGREE`` keep a polynomial a polynomial; a function call or a constant such
    as ``pi`` does not.

    >>> from mathviz.core.expr import parse_function
    >>> polynomial_coefficients(parse_function("x^3/6 - x + 2"))
    [Fraction(2, 1), Fraction(-1, 1), Fraction(0, 1), Fraction(1, 6)]
    >>> polynomial_coefficients(parse_function("sin(x)")) is None
    True
    """
    tree = getattr(f, "_tree", None)  # Expression keeps its parse tree; nothing else is read
    variables = getattr(f, "variables", ())
    if tree is None or len(variables) != 1:
        return None
    try:
        coeffs = _poly(tree)
    except _NotPolynomial:
        return None
    while len(coeffs) > 1 and coeffs[-1] == 0:
        coeffs.pop()
    return coeffs


class _NotPolynomial(Exception):
    pass


def _poly_mul(p: list[Fraction], q: list[Fraction]) -> list[Fraction]:
    if len(p) + len(q) - 2 > MAX_EXACT_DEGREE:
        raise _NotPolynomial
    out = [Fraction(0)] * (len(p) + len(q) - 1)
    for i, a in enumerate(p):
        if a:
            for j, b in enumerate(q):
                out[i + j] += a * b
    return out


def _poly(node) -> list[Fraction]:
    kind = node[0]
    if kind == "num":
        if not np.isfinite(node[1]):
            raise _NotPolynomial
        return [as_typed(node[1])]
    if kind == "var":
        return [Fraction(0), Fraction(1)]
    if kind == "neg":
        return [-c for c in _poly(node[1])]
    if kind != "bin":
        raise _NotPolynomial  # a constant like pi, or a function call
    op, left, right = node[1], _poly(node[2]), _poly(node[3])
    if op in "+-":
        size = max(len(left), len(right))
        left, right = left + [Fraction(0)] * (size - len(left)), right + [Fraction(0)] * (size - len(right))
        return [a + b if op == "+" else a - b for a, b in zip(left, right)]
    if op == "*":
        return _poly_mul(left, right)
    constant = len(right) == 1 or all(c == 0 for c in right[1:])
    if op == "/":
        if not constant or right[0] == 0:
            raise _NotPolynomial
        return [c / right[0] for c in left]
    # "^": a whole, non-negative constant power
    k = right[0]
    if not constant or k.denominator != 1 or k < 0 or (len(left) - 1) * k > MAX_EXACT_DEGREE:
        raise _NotPolynomial
    out = [Fraction(1)]
    for _ in range(int(k)):
        out = _poly_mul(out, left)
    return out


def _horner(coeffs: list[Fraction], x: Fraction) -> Fraction:
    value = Fraction(0)
    for c in reversed(coeffs):
        value = value * x + c
    return value


def exact_value(f: Function, x: float) -> Fraction | None:
    """``f(x)`` exactly (``x`` as typed) when ``f`` is a rational polynomial, else ``None``."""
    coeffs = polynomial_coefficients(f)
    return None if coeffs is None else _horner(coeffs, as_typed(x))


def exact_derivative(f: Function, x0: float) -> Fraction | None:
    """``f'(x0)`` exactly when ``f`` is a rational polynomial (``x0`` as typed), else ``None``.

    >>> from mathviz.core.expr import parse_function
    >>> exact_derivative(parse_function("x^3/6 - x + 2"), 1.0)
    Fraction(-1, 2)
    """
    coeffs = polynomial_coefficients(f)
    if coeffs is None:
        return None
    return _horner([k * c for k, c in enumerate(coeffs)][1:] or [Fraction(0)], as_typed(x0))


def exact_secant_slope(f: Function, x0: float, h: float) -> Fraction | None:
    """The secant slope ``(f(x0 + h) - f(x0)) / h`` exactly, ``h`` as the float it is (a step
    ``h0 / 2**k`` is exact in binary), when ``f`` is a rational polynomial; else ``None``."""
    coeffs = polynomial_coefficients(f)
    if coeffs is None or h == 0:
        return None
    x, step = as_typed(x0), Fraction(float(h))
    return (_horner(coeffs, x + step) - _horner(coeffs, x)) / step


def exact_riemann_sum(f: Function, a: float, b: float, n: int, rule: str = "left") -> Fraction | None:
    """:func:`riemann_sum` exactly (``a``, ``b`` as typed) when ``f`` is a rational polynomial.

    >>> from mathviz.core.expr import parse_function
    >>> exact_riemann_sum(parse_function("x^3 - 3x + 1"), -2.0, 2.0, 8)
    Fraction(3, 1)
    """
    riemann_points(a, b, n, rule)  # the same checks of rule, n and bounds
    coeffs = polynomial_coefficients(f)
    if coeffs is None:
        return None
    lo, width = as_typed(a), (as_typed(b) - as_typed(a)) / int(n)
    offset = {"left": Fraction(0), "right": Fraction(1), "midpoint": Fraction(1, 2)}[rule]
    return width * sum(_horner(coeffs, lo + (i + offset) * width) for i in range(int(n)))


def exact_integral(f: Function, a: float, b: float) -> Fraction | None:
    """``∫_a^b f`` exactly (``a``, ``b`` as typed) when ``f`` is a rational polynomial.

    >>> from mathviz.core.expr import parse_function
    >>> exact_integral(parse_function("x^3 - 3x + 1"), -2.0, 2.0)
    Fraction(4, 1)
    """
    coeffs = polynomial_coefficients(f)
    if coeffs is None:
        return None
    antiderivative = [Fraction(0)] + [c / (k + 1) for k, c in enumerate(coeffs)]
    return _horner(antiderivative, as_typed(b)) - _horner(antiderivative, as_typed(a))



# -- Taylor series: truncated power series arithmetic on the expression tree -----------------
# A truncated series is an array ``s`` of shape ``(n + 1, *shape)``: ``s[k]`` is the coefficient
# of ``(x - x0)**k`` at every point ``x0`` of an array (so one pass expands f around a whole grid).
# Every operation of the grammar maps series to series exactly, up to floating-point rounding:
# the coefficients are not estimated from samples, so they stay accurate at high order where
# finite differences drown in rounding (a step h and order 8 give errors near eps / h**8).

MAX_TAYLOR_ORDER = 40


def _mul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    out = np.zeros(np.broadcast_shapes(a.shape, b.shape))
    for k in range(out.shape[0]):
        out[k] = np.sum(a[:k + 1] * b[k::-1], axis=0)
    return out


def _div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    out = np.zeros(np.broadcast_shapes(a.shape, b.shape))
    for k in range(out.shape[0]):
        out[k] = (a[k] - np.sum(b[1:k + 1] * out[k - 1::-1][:k], axis=0)) / b[0]
    return out


def _d(a: np.ndarray) -> np.ndarray:
    """The derivative's series, one order shorter: ``a'[k] = (k + 1) a[k + 1]``."""
    k = np.arange(1, a.shape[0]).reshape((-1,) + (1,) * (a.ndim - 1))
    return a[1:] * k


def _integrate(b0, d: np.ndarray) -> np.ndarray:
    """The series with constant term ``b0`` whose derivative is ``d`` (one order longer)."""
    k = np.arange(1, d.shape[0] + 1).reshape((-1,) + (1,) * (d.ndim - 1))
    first = np.broadcast_to(np.asarray(b0, dtype=float), d.shape[1:])[None]
    return np.concatenate([first, d / k])


def _solve(a: np.ndarray, b0, g) -> np.ndarray:
    """The series ``b`` with ``b[0] = b0`` and ``b' = g(b) * a'``, order by order: coefficient
    ``k`` of ``g(b) * a'`` needs ``b`` only up to order ``k`` (used for exp, tanh, sigmoid)."""
    b = np.zeros_like(a)
    b[0] = b0
    da = _d(a)
    for k in range(1, a.shape[0]):
        rhs = _mul(g(b[:k]), da[:k])
        b[k] = rhs[k - 1] / k
    return b


def _const(value, like: np.ndarray) -> np.ndarray:
    out = np.zeros_like(like)
    if out.shape[0]:
        out[0] = value
    return out


def _power(a: np.ndarray, c: float) -> np.ndarray:
    if a.shape[0] == 0:
        return np.zeros_like(a)
    if float(c).is_integer() and abs(c) <= 64:
        result, base, m = _const(1.0, a), a, int(abs(c))
        while m:  # binary powering: exact at a[0] = 0 too (x**3 at 0)
            if m & 1:
                result = _mul(result, base)
            base, m = _mul(base, base), m >> 1
        return result if c >= 0 else _div(_const(1.0, a), result)
    # (a**c)' a = c a' a**c, solved order by order; needs a[0] != 0 (sqrt at 0 has no series)
    b = np.zeros_like(a)
    b[0] = np.power(a[0], c)
    for k in range(1, a.shape[0]):
        j = np.arange(1, k + 1).reshape((-1,) + (1,) * (a.ndim - 1))
        b[k] = np.sum(((c + 1) * j - k) * a[1:k + 1] * b[k - 1::-1][:k], axis=0) / (k * a[0])
    return b


def _kinked(a: np.ndarray, value, smooth: np.ndarray, at_kink) -> np.ndarray:
    """A piecewise function: ``value`` with the series ``smooth`` beyond order 0, and no
    derivative (nan) where ``at_kink``, a corner or a jump."""
    out = np.array(smooth, dtype=float)
    out[0] = value
    out[1:] = np.where(at_kink, np.nan, out[1:])
    return out


def _varies(a: np.ndarray) -> np.ndarray:
    """Where the series is not a constant (a corner or jump of a constant does not matter)."""
    return np.any(a[1:] != 0, axis=0)


def _sin_cos(a: np.ndarray, hyperbolic: bool = False) -> tuple[np.ndarray, np.ndarray]:
    s, c = np.zeros_like(a), np.zeros_like(a)
    s[0], c[0] = (np.sinh(a[0]), np.cosh(a[0])) if hyperbolic else (np.sin(a[0]), np.cos(a[0]))
    sign = 1.0 if hyperbolic else -1.0
    for k in range(1, a.shape[0]):
        j = np.arange(1, k + 1).reshape((-1,) + (1,) * (a.ndim - 1))
        s[k] = np.sum(j * a[1:k + 1] * c[k - 1::-1][:k], axis=0) / k
        c[k] = sign * np.sum(j * a[1:k + 1] * s[k - 1::-1][:k], axis=0) / k
    return s, c


def _call(name: str, args: list[np.ndarray]) -> np.ndarray:
    a = args[0]
    if a.shape[0] == 0:  # a derivative's series at order 0: nothing to compute
        return np.zeros_like(a)
    one = _const(1.0, a)
    if name in ("sin", "cos"):
        return _sin_cos(a)[name == "cos"]
    if name in ("sinh", "cosh"):
        return _sin_cos(a, hyperbolic=True)[name == "cosh"]
    if name == "tan":
        s, c = _sin_cos(a)
        return _div(s, c)
    if name == "tanh":
        return _solve(a, np.tanh(a[0]), lambda b: _const(1.0, b) - _mul(b, b))
    if name == "exp":
        return _solve(a, np.exp(a[0]), lambda b: b)
    if name in ("log", "ln", "log2", "log10"):
        scale = {"log": 1.0, "ln": 1.0, "log2": np.log(2.0), "log10": np.log(10.0)}[name]
        return _integrate(np.log(a[0]), _div(_d(a), a[:-1])) / scale
    if name == "sqrt":
        return _power(a, 0.5)
    if name in ("asin", "acos", "atan"):
        square = _mul(a, a)[:-1]
        inner = _power(one[:-1] - square, -0.5) if name != "atan" else _div(one[:-1], one[:-1] + square)
        d = _mul(inner, _d(a))
        b0 = {"asin": np.arcsin, "acos": np.arccos, "atan": np.arctan}[name](a[0])
        return _integrate(b0, -d if name == "acos" else d)
    if name == "sigmoid":
        return _solve(a, 0.5 * (1.0 + np.tanh(0.5 * a[0])), lambda b: _mul(b, _const(1.0, b) - b))
    if name == "softplus":
        sig = _call("sigmoid", [a[:-1]])
        return _integrate(np.logaddexp(0.0, a[0]), _mul(sig, _d(a)))
    if name == "abs":
        return _kinked(a, np.abs(a[0]), np.sign(a[0]) * a, (a[0] == 0) & _varies(a))
    if name == "relu":
        return _kinked(a, np.maximum(a[0], 0.0), (a[0] > 0) * a, (a[0] == 0) & _varies(a))
    if name in ("sign", "floor", "ceil"):
        fn = {"sign": np.sign, "floor": np.floor, "ceil": np.ceil}[name]
        jump = a[0] == 0 if name == "sign" else a[0] == np.round(a[0])
        return _kinked(a, fn(a[0]), np.zeros_like(a), jump & _varies(a))
    if name in ("min", "max"):
        b = args[1]
        first = (a[0] < b[0]) if name == "min" else (a[0] > b[0])
        pick = np.where(first, a, b)
        return _kinked(a, pick[0], pick, (a[0] == b[0]) & np.any(a[1:] != b[1:], axis=0))
    if name == "atan2":
        y, x = args
        d = _div(_mul(x[:-1], _d(y)) - _mul(y[:-1], _d(x)), (_mul(x, x) + _mul(y, y))[:-1])
        return _integrate(np.arctan2(y[0], x[0]), d)
    raise ValueError(f"no Taylor series for the function {name!r}")  # pragma: no cover


def _has_variable(node) -> bool:
    if node[0] == "var":
        return True
    if node[0] == "neg":
        return _has_variable(node[1])
    if node[0] == "bin":
        return _has_variable(node[2]) or _has_variable(node[3])
    if node[0] == "call":
        return any(_has_variable(arg) for arg in node[2])
    return False


def _series(node, x0: np.ndarray, n: int) -> np.ndarray:
    from mathviz.core.expr import CONSTANTS

    kind = node[0]
    like = np.zeros((n + 1,) + x0.shape)
    if kind == "num":
        return _const(node[1], like)
    if kind == "const":
        return _const(CONSTANTS[node[1]][0], like)
    if kind == "var":
        out = _const(x0, like)
        if n >= 1:
            out[1] = 1.0
        return out
    if kind == "neg":
        return -_series(node[1], x0, n)
    if kind == "call":
        return _call(node[1], [_series(arg, x0, n) for arg in node[2]])
    op, left = node[1], _series(node[2], x0, n)
    if op == "^" and not _has_variable(node[3]):
        return _power(left, float(_series(node[3], np.zeros(()), 0)[0]))
    right = _series(node[3], x0, n)
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return _mul(left, right)
    if op == "/":
        return _div(left, right)
    # a variable exponent: a**b = exp(b log a), defined where a > 0
    return _call("exp", [_mul(right, _call("log", [left]))])


def taylor_series(f: Function, x0, n: int) -> np.ndarray:
    """Taylor coefficients of ``f`` at every point of ``x0``: shape ``(n + 1, *x0.shape)``.

    ``f`` must be a :class:`mathviz.core.expr.Expression` in one variable. The expansion is
    Taylor-mode arithmetic on its parse tree: each ``+ - * / ^`` and each function of the
    grammar acts on truncated power series by its own recurrence (a product is a convolution,
    ``exp`` solves ``b' = b a'`` order by order, ...), so the coefficients are exact up to
    rounding. Where ``f`` has no derivative (``abs`` at 0, ``sqrt`` at 0, a pole) the higher
    coefficients are ``nan`` or infinite.

    >>> from mathviz.core.expr import parse_function
    >>> taylor_series(parse_function("x^3"), np.array([0.0, 1.0]), 3).tolist()
    [[0.0, 1.0], [0.0, 3.0], [0.0, 3.0], [1.0, 1.0]]
    """
    tree = getattr(f, "_tree", None)
    if tree is None or len(getattr(f, "variables", ())) != 1:
        raise ValueError("taylor_series needs a parsed expression in one variable "
                         "(mathviz.core.expr.parse_function)")
    n = _check_order(n, MAX_TAYLOR_ORDER)
    x0 = np.asarray(x0, dtype=np.float64)
    with np.errstate(all="ignore"):  # where f has no series the coefficients say so (nan, inf)
        return np.asarray(_series(tree, x0, n), dtype=np.float64)


def _check_order(n, most: int) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer, float)) or int(n) != n or not 0 <= n <= most:
        raise ValueError(f"the order n must be a whole number from 0 to {most}, got {n!r}")
    return int(n)


def taylor_coefficients(f: Function, x0: float, n: int, radius: float | None = None) -> np.ndarray:
    """``a_0 ... a_n`` with ``f(x) ≈ Σ a_k (x - x0)**k`` near ``x0``, shape ``(n + 1,)``.

    For a parsed :class:`~mathviz.core.expr.Expression`: Taylor-mode arithmetic on its parse
    tree (:func:`taylor_series`), exact up to rounding at every order. For any other callable
    that accepts complex numbers (numpy ufuncs do): Cauchy's integral formula on the circle
    ``|z - x0| = radius`` (default ``0.5``), by FFT over 128 points; accurate when ``f`` is
    analytic on a disc a little wider than that circle. Finite differences are not used: at
    order 8 their rounding error swamps the coefficient. ``ValueError`` if ``f`` has no
    Taylor series at ``x0`` (not finite there, or not differentiable: a corner, a jump).

    >>> from mathviz.core.expr import parse_function
    >>> taylor_coefficients(parse_function("log(1 + x)"), 0.0, 4).tolist()
    [0.0, 1.0, -0.5, 0.3333333333333333, -0.25]
    >>> taylor_coefficients(np.exp, 0.0, 3).round(12).tolist()
    [1.0, 1.0, 0.5, 0.166666666667]
    >>> taylor_coefficients(parse_function("abs(x)"), 0.0, 2)
    Traceback (most recent call last):
    ...
    ValueError: f has no Taylor series at x0 = 0: it is not differentiable there (a corner, a jump, a pole or the edge of its domain)
    """
    if not np.isfinite(x0):
        raise ValueError(f"the centre x0 = {x0} is not a finite number")
    n = _check_order(n, MAX_TAYLOR_ORDER)
    if getattr(f, "_tree", None) is not None:
        coeffs = taylor_series(f, np.float64(x0), n)
    else:
        coeffs = _cauchy_coefficients(f, float(x0), n, 0.5 if radius is None else float(radius))
    if not np.all(np.isfinite(coeffs)):
        where = "it is not finite there" if not np.isfinite(coeffs[0]) else \
            "it is not differentiable there (a corner, a jump, a pole or the edge of its domain)"
        raise ValueError(f"f has no Taylor series at x0 = {x0:g}: {where}")
    return coeffs


def _cauchy_coefficients(f: Function, x0: float, n: int, radius: float, points: int = 128) -> np.ndarray:
    """``a_k = (1 / 2πi) ∮ f(z) / (z - x0)**(k + 1) dz`` on a circle, by the trapezoid rule
    (the FFT of the samples): exponentially accurate for analytic ``f``."""
    if not radius > 0:
        raise ValueError("the radius of the Cauchy circle must be positive")
    z = x0 + radius * np.exp(2j * np.pi * np.arange(points) / points)
    try:
        with np.errstate(all="ignore"):
            values = np.asarray(f(z), dtype=np.complex128) * np.ones(points)
    except (TypeError, ValueError) as err:
        raise ValueError(f"f cannot be evaluated on complex numbers ({err}); pass a parsed expression") from None
    coeffs = np.fft.fft(values)[: n + 1] / points / radius ** np.arange(n + 1)
    return coeffs.real


def taylor_polynomial(f: Function, x0: float, n: int) -> Callable[[np.ndarray], np.ndarray]:
    """The order-``n`` Taylor polynomial of ``f`` around ``x0`` as a vectorised callable.

    It evaluates ``Σ a_k (x - x0)**k`` by Horner's rule, ``a_k`` from :func:`taylor_coefficients`;
    its ``coefficients``, ``x0`` and ``order`` are attributes.

    >>> from mathviz.core.expr import parse_function
    >>> p = taylor_polynomial(parse_function("exp(x)"), 0.0, 2)
    >>> p(np.array([0.0, 1.0, 2.0])).tolist()
    [1.0, 2.5, 5.0]
    """
    coeffs = taylor_coefficients(f, x0, n)

    def polynomial(x):
        u = np.asarray(x, dtype=np.float64) - x0
        value = np.zeros_like(u)
        for c in coeffs[::-1]:
            value = value * u + c
        return value

    polynomial.coefficients, polynomial.x0, polynomial.order = coeffs, float(x0), int(n)
    return polynomial


def taylor_errors(f: Function, x0: float, x: float, n: int) -> np.ndarray:
    """``|f(x) - p_k(x)|`` for the orders ``k = 0 ... n`` at one point ``x``, shape ``(n + 1,)``.

    The partial sums of the series at ``x``: inside the radius of convergence the errors fall
    (about geometrically), outside it they grow.

    >>> from mathviz.core.expr import parse_function
    >>> taylor_errors(parse_function("1/(1 - x)"), 0.0, 0.5, 3).tolist()
    [1.0, 0.5, 0.25, 0.125]
    """
    coeffs = taylor_coefficients(f, x0, n)
    fx = float(_values(f, np.float64(x)))
    if not np.isfinite(fx):
        raise ValueError(f"f is not finite at x = {x:g}, where the error is measured")
    partial = np.cumsum(coeffs * (float(x) - x0) ** np.arange(n + 1))
    return np.abs(fx - partial)


# -- critical points -------------------------------------------------------------------------

KINDS = ("minimum", "maximum", "neither")
CLASSIFY_ORDER = 8  # the highest derivative looked at to classify a critical point


@dataclass(frozen=True)
class CriticalPoint:
    """A point where ``f'`` is zero, and what happens there.

    ``kind`` is ``"minimum"``, ``"maximum"`` or ``"neither"``; ``left``/``right`` are the signs
    (-1, 0 or 1) of ``f'`` just before and after ``x``; ``order`` is the first ``k >= 2``
    with ``f^(k)(x) != 0`` (0 when none up to ``CLASSIFY_ORDER``), and ``derivatives`` holds
    ``f'(x), f''(x), ..., f^(order)(x)`` (just ``f'``, ``f''`` when ``order`` is 0).
    """

    x: float
    kind: str
    value: float
    order: int
    derivatives: tuple[float, ...]
    left: int
    right: int

    @property
    def second(self) -> float:
        """``f''(x)``: the second-derivative test decides when it is not zero."""
        return self.derivatives[1]


def derivatives_at(f: Function, x, order: int) -> np.ndarray:
    """``f(x), f'(x), ..., f^(order)(x)`` at every point of ``x``: shape ``(order + 1, *x.shape)``.

    From the Taylor series (``f^(k) = k! a_k``), so exact up to rounding for a parsed expression.

    >>> from mathviz.core.expr import parse_function
    >>> derivatives_at(parse_function("x^4"), 1.0, 4).tolist()
    [1.0, 4.0, 12.0, 24.0, 24.0]
    """
    coeffs = taylor_series(f, x, order)
    factorial = np.cumprod(np.concatenate([[1.0], np.arange(1, order + 1)]))
    return coeffs * factorial.reshape((-1,) + (1,) * (coeffs.ndim - 1))


def _sign(value: float, tol: float) -> int:
    return 0 if abs(value) <= tol else (1 if value > 0 else -1)


def critical_points(f: Function, a: float, b: float, samples: int = 2001) -> list[CriticalPoint]:
    """Every point of ``[a, b]`` where ``f'`` is zero, in order, each a :class:`CriticalPoint`.

    ``f'`` and ``f''`` come from the Taylor series of the parsed expression (exact up to
    rounding, not finite differences). A root where ``f'`` changes sign is bracketed on a grid
    of ``samples`` points and narrowed with Brent's method; a root where ``f'`` touches zero
    without changing sign (``x**3`` at 0) is a sign change of ``f''`` where ``f'`` is zero too
    (an even-order root of ``f'`` is an odd-order root of ``f''``). The ends count when ``f'``
    is zero there. Each point is classified by the sign of ``f'`` just before and just after
    it (minus then plus: a minimum); the first non-zero higher derivative is reported too and
    decides where a side is outside the domain (an even order: a minimum or maximum by its
    sign; an odd one: neither).

    ``ValueError`` when ``f`` is constant on ``[a, b]`` (every point would be critical), is
    constant on a piece of it, or has no derivative somewhere in it (a corner, a jump, a pole).

    >>> from mathviz.core.expr import parse_function
    >>> [(p.x, p.kind) for p in critical_points(parse_function("x^3"), -1.0, 1.0)]
    [(0.0, 'neither')]
    >>> [(round(p.x, 9), p.kind, p.order) for p in critical_points(parse_function("3x^5 - 5x^3"), -2, 2)]
    [(-1.0, 'maximum', 2), (0.0, 'neither', 3), (1.0, 'minimum', 2)]
    >>> critical_points(parse_function("2"), 0.0, 1.0)
    Traceback (most recent call last):
    ...
    ValueError: f is constant on [0, 1]: its derivative is zero everywhere, so every point is critical; choose a function that varies
    """

    for name, bound in (("a", a), ("b", b)):
        if not np.isfinite(bound):
            raise ValueError(f"the bound {name} = {bound} is not a finite number")
    a, b = float(a), float(b)
    if not a < b:
        raise ValueError(f"the interval needs a < b, got a = {a:g}, b = {b:g}")
    require_finite(f, a, b, samples=samples)
    xs = np.linspace(a, b, samples)
    grid = derivatives_at(f, xs, 2)
    bad = ~np.all(np.isfinite(grid), axis=0)
    if bad.any():
        raise ValueError(f"f has no derivative at x = {xs[np.argmax(bad)]:.4g} (a corner, a jump or a pole): "
                         "choose a smooth function or an interval without that point")
    values, slopes, curvatures = grid
    span, size = b - a, max(1.0, float(np.max(np.abs(values))))
    steepest = float(np.max(np.abs(slopes)))
    if steepest * span <= 1e-12 * size:
        raise ValueError(f"f is constant on [{a:g}, {b:g}]: its derivative is zero everywhere, so every point "
                         "is critical; choose a function that varies")
    flat = np.convolve(slopes == 0, np.ones(3), mode="valid") == 3
    if flat.any():
        start = int(np.argmax(flat))
        end = start + int(np.argmin(np.append((slopes == 0)[start:], False)))
        raise ValueError(f"f is constant on [{xs[start]:.4g}, {xs[end - 1]:.4g}]: every point there is critical, "
                         "none isolated; choose a function with no flat piece")

    tol = 1e-9 * steepest

    def slope(x):
        return derivatives_at(f, np.asarray(x, dtype=np.float64), 1)[1]

    def curvature(x):
        return derivatives_at(f, np.asarray(x, dtype=np.float64), 2)[2]

    found = list(sign_changes(slope, a, b, samples))
    for x in sign_changes(curvature, a, b, samples):
        if abs(float(slope(x))) <= tol:
            found.append(float(x))
    for x in (a, b):
        if abs(float(slope(x))) <= tol:
            found.append(x)
    found.sort()
    roots: list[float] = []
    for x in found:  # one point per root: both searches can find the same one
        if roots and x - roots[-1] <= 1e-7 * span:
            continue
        roots.append(x)

    step = span / (samples - 1)
    points = []
    for i, x in enumerate(roots):
        gaps = [x - roots[i - 1]] if i else []
        gaps += [roots[i + 1] - x] if i + 1 < len(roots) else []
        reach = min([span / 4, *[g / 3 for g in gaps]])
        points.append(_classify(f, x, reach, step, span, steepest, tol))
    return points


def _order(ds: np.ndarray, span: float, steepest: float) -> int:
    """The first ``k >= 2`` whose Taylor term is not zero, 0 if none up to ``CLASSIFY_ORDER``."""
    for k in range(2, CLASSIFY_ORDER + 1):
        # a term that moves f by less than a billionth of its variation over [a, b] counts as zero
        term = abs(ds[k]) / math.factorial(k) * span**k
        if np.isfinite(term) and term > 1e-9 * steepest * span:
            return k
    return 0


def _classify(f: Function, x: float, reach: float, step: float, span: float, steepest: float,
              tol: float) -> CriticalPoint:
    ds = derivatives_at(f, np.float64(x), CLASSIFY_ORDER)
    order = _order(ds, span, steepest)
    # A root of f' of multiplicity m is found only to about eps**(1/m): polish it as the simple
    # root of f^(order - 1) (Newton), so the first non-zero derivative is read at the right place.
    for _ in range(60):
        if order < 3:
            break
        move = ds[order - 1] / ds[order]
        if not np.isfinite(move) or abs(move) > reach or abs(move) <= 4e-16 * max(1.0, abs(x)):
            break
        polished = derivatives_at(f, np.float64(x - move), CLASSIFY_ORDER)
        if not abs(polished[1]) <= tol:
            break
        x, ds = x - move, polished
        order = _order(ds, span, steepest)
    by_order = None
    if order:
        by_order = "neither" if order % 2 else ("minimum" if ds[order] > 0 else "maximum")
    # the sign of f' on either side: as close as rounding allows, farther while it reads zero
    left = right = None
    h = min(4 * step, reach)
    while True:
        with np.errstate(all="ignore"):
            sides = derivatives_at(f, np.array([x - h, x + h]), 1)[1]
        left, right = (_sign(float(v), 1e-13 * steepest) if np.isfinite(v) else None for v in sides)
        if (left and right) or h >= reach:
            break
        h = min(4 * h, reach)
    if left is not None and right is not None and (left or right):
        if left < 0 < right or (left == 0 and right > 0 and by_order == "minimum"):
            kind = "minimum"
        elif left > 0 > right or (left == 0 and right < 0 and by_order == "maximum"):
            kind = "maximum"
        else:
            kind = "neither" if left * right > 0 or by_order is None else by_order
    elif by_order is not None:
        kind = by_order
    else:
        kind = "neither"
    shown = ds[1:order + 1] if order else ds[1:3]
    return CriticalPoint(float(x), kind, float(ds[0]), order, tuple(float(v) for v in shown),
                         left if left is not None else 0, right if right is not None else 0)
