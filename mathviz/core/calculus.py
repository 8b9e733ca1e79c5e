"""Single-variable calculus: secants, derivatives, tangents.

Functions take ``f`` as a vectorised callable ``f(x: ndarray) -> ndarray``
(for example a :class:`mathviz.core.expr.Expression`).
"""

from __future__ import annotations

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

