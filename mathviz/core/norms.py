"""The p-norms of the plane and beyond: lengths, unit balls, and why p below 1 is not a norm.

For ``p >= 1`` the p-norm of ``v`` is ``(sum |v_i|^p)^(1/p)``, and for
``p = inf`` it is ``max |v_i|``, the limit of the p-norms as p grows. Both
are norms: zero only at zero, homogeneous, and they obey the triangle
inequality ``||u + v|| <= ||u|| + ||v||``.

For ``0 < p < 1`` the same formula still gives a number, but the triangle
inequality fails (the unit ball is not convex), so it is only a
*quasi-norm*. :func:`lp_norm` refuses such p; :func:`lp_quasinorm` evaluates
the formula on purpose, and :func:`triangle_counterexample` shows it failing.
"""

from __future__ import annotations

import math

import numpy as np


def _vector(v) -> np.ndarray:
    v = np.asarray(v, dtype=np.float64)
    if v.ndim != 1 or v.size == 0:
        raise ValueError(f"v must be a non-empty vector (shape (d,)), got shape {v.shape}")
    if not np.all(np.isfinite(v)):
        raise ValueError("v has entries that are not finite numbers")
    return v


def _power_sum(v: np.ndarray, p: float) -> float:
    """``(sum |v_i|^p)^(1/p)``, scaled by the largest entry so that no power overflows or underflows."""
    a = np.abs(v)
    top = float(a.max())
    if top == 0:
        return 0.0
    return top * float(np.sum((a / top) ** p)) ** (1.0 / p)


def _exponent(p) -> float:
    try:
        p = float(p)
    except (TypeError, ValueError):
        raise ValueError(f"p must be a number, got {p!r}") from None
    if math.isnan(p):
        raise ValueError("p must be a number, got nan")
    return p


def lp_norm(v, p) -> float:
    """The p-norm of ``v``: ``(sum |v_i|^p)^(1/p)`` for ``p >= 1``, ``max |v_i|`` for ``p = inf``.

    Parameters
    ----------
    v : array_like, shape (d,)
        A vector of finite entries.
    p : float
        At least 1, or ``math.inf``.

    Raises
    ------
    ValueError
        If ``p < 1`` (the formula is then no norm: the triangle inequality
        fails, see :func:`triangle_counterexample`), or ``v`` is not a finite vector.

    Examples
    --------
    >>> lp_norm([3, -4], 1), lp_norm([3, -4], 2), lp_norm([3, -4], math.inf)
    (7.0, 5.0, 4.0)
    >>> round(lp_norm([1, 1], 3), 6) == round(2 ** (1 / 3), 6)
    True
    >>> lp_norm([1, 1], 0.5)
    Traceback (most recent call last):
    ...
    ValueError: p = 0.5 is below 1: (sum |v_i|^p)^(1/p) then breaks the triangle inequality, so it is not a norm (use lp_quasinorm to evaluate it anyway)
    """
    p = _exponent(p)
    if p < 1:
        raise ValueError(f"p = {p:g} is below 1: (sum |v_i|^p)^(1/p) then breaks the triangle inequality, "
                         "so it is not a norm (use lp_quasinorm to evaluate it anyway)")
    v = _vector(v)
    if math.isinf(p):
        return float(np.abs(v).max())
    return _power_sum(v, p)


def lp_quasinorm(v, p) -> float:
    """The formula ``(sum |v_i|^p)^(1/p)`` for ``0 < p < 1``: a quasi-norm, not a norm.

    It is still zero only at zero and homogeneous, but ``||u + v||`` can exceed
    ``||u|| + ||v||``. Raises ``ValueError`` unless ``0 < p < 1`` (for ``p >= 1``
    use :func:`lp_norm`).

    >>> lp_quasinorm([1, 1], 0.5), lp_quasinorm([1, 0], 0.5), lp_quasinorm([0.5, 0.5], 0.5)
    (4.0, 1.0, 2.0)
    """
    p = _exponent(p)
    if not 0 < p < 1:
        raise ValueError(f"p = {p:g}: the quasi-norm is for 0 < p < 1; for p >= 1 use lp_norm")
    return _power_sum(_vector(v), p)


def ball_norm(v, p) -> float:
    """The p-norm for ``p >= 1`` and the quasi-norm for ``0 < p < 1``: what measures a unit ball.

    >>> ball_norm([3, 4], 2), ball_norm([1, 1], 0.5)
    (5.0, 4.0)
    """
    p = _exponent(p)
    return lp_quasinorm(v, p) if p < 1 else lp_norm(v, p)


def unit_ball(p, n: int = 200) -> np.ndarray:
    """``n`` points on the boundary of the unit ball of the p-norm in the plane (quasi-norm if p < 1).

    The points are the unit directions at angles ``2 pi k / n`` (k = 0 .. n-1,
    counter-clockwise from the positive x axis), each rescaled to have
    p-norm 1. When ``n`` is a multiple of 8 the corners of the diamond
    (p = 1) and of the square (p = inf) are among them, so a polygon through
    the points is exactly that diamond or square.

    Parameters
    ----------
    p : float
        Greater than 0, or ``math.inf``.
    n : int
        At least 4.

    Returns
    -------
    numpy.ndarray, shape (n, 2)

    Examples
    --------
    >>> unit_ball(1, 8).round(3).tolist()[:3]
    [[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]]
    >>> unit_ball(math.inf, 8).round(3).tolist()[:3]
    [[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]
    """
    p = _exponent(p)
    if not p > 0:
        raise ValueError(f"p = {p:g}: a unit ball needs p > 0")
    if int(n) != n or n < 4:
        raise ValueError(f"n = {n}: need a whole number of at least 4 points")
    angles = 2 * np.pi * np.arange(int(n)) / int(n)
    directions = np.column_stack([np.cos(angles), np.sin(angles)])
    directions[np.abs(directions) < 1e-15] = 0.0  # cos(pi/2) is 6e-17: keep the corners on the axes
    return directions / np.array([[ball_norm(d, p)] for d in directions])


def triangle_counterexample(p) -> dict[str, object]:
    """For ``0 < p < 1``: ``u = e1``, ``v = e2`` break the triangle inequality of the quasi-norm.

    ``||u|| = ||v|| = 1`` but ``||u + v|| = 2^(1/p) > 2``. Returns ``u``, ``v``,
    ``u_plus_v`` (arrays, shape (2,)), ``norm_u``, ``norm_v``, ``norm_sum``
    (floats, from :func:`lp_quasinorm`), ``closed_form`` (``2^(1/p)``) and
    ``excess`` (``norm_sum - (norm_u + norm_v)``, positive).

    >>> c = triangle_counterexample(0.5)
    >>> c["norm_u"], c["norm_v"], c["norm_sum"], c["excess"]
    (1.0, 1.0, 4.0, 2.0)
    """
    p = _exponent(p)
    if not 0 < p < 1:
        raise ValueError(f"p = {p:g}: the triangle inequality fails only for 0 < p < 1; for p >= 1 it holds")
    u, v = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    norm_u, norm_v, norm_sum = lp_quasinorm(u, p), lp_quasinorm(v, p), lp_quasinorm(u + v, p)
    return {"u": u, "v": v, "u_plus_v": u + v, "norm_u": norm_u, "norm_v": norm_v, "norm_sum": norm_sum,
            "closed_form": 2.0 ** (1.0 / p), "excess": norm_sum - (norm_u + norm_v)}
