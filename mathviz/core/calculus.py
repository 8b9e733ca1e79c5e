"""Single-variable calculus: secants, derivatives, tangents.

Functions take ``f`` as a vectorised callable ``f(x: ndarray) -> ndarray``
(for example a :class:`mathviz.core.expr.Expression`).
"""

from __future__ import annotations

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
    ys = np.asarray(f(xs), dtype=np.float64) * np.ones_like(xs)
    bad = ~np.isfinite(ys)
    if bad.any():
        x = xs[np.argmax(bad)]
        raise ValueError(
            f"{what} is not finite at x = {x:.4g} (inside [{min(a, b):g}, {max(a, b):g}]): "
            "choose an interval where it is defined"
        )


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
