"""Plane geometry for drawing: one line-clipping routine and in-place segments. No manim import."""

from __future__ import annotations

import numpy as np


def clip_to_box(point, direction, lower, upper):
    """The part of the line ``point + s * direction`` inside the box ``lower <= p <= upper``.

    Returns the two end points (in the order of increasing ``s``) as arrays, or
    ``None`` when the line misses the box or only grazes a corner
    (Liang-Barsky clipping).

    >>> clip_to_box((0.0, 0.5), (1.0, 0.0), (-2.0, -1.0), (2.0, 1.0))
    (array([-2. ,  0.5]), array([2. , 0.5]))
    >>> clip_to_box((0.0, 3.0), (1.0, 0.0), (-2.0, -1.0), (2.0, 1.0)) is None
    True
    """
    p0, d = np.asarray(point, dtype=float)[:2], np.asarray(direction, dtype=float)[:2]
    lo, hi = -np.inf, np.inf
    for i in range(2):
        if abs(d[i]) < 1e-12:
            if not lower[i] - 1e-12 <= p0[i] <= upper[i] + 1e-12:
                return None
            continue
        a, b = (lower[i] - p0[i]) / d[i], (upper[i] - p0[i]) / d[i]
        lo, hi = max(lo, min(a, b)), min(hi, max(a, b))
    if not np.isfinite(lo) or (hi - lo) * np.linalg.norm(d) < 1e-9:
        return None
    return p0 + lo * d, p0 + hi * d


def set_segment(mob, start, end) -> None:
    """Make ``mob`` (a VMobject) the straight segment from ``start`` to ``end``, in place."""
    start, end = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
    if mob.points.shape != (4, 3):
        mob.points = np.zeros((4, 3))
    for i, a in enumerate((0.0, 1 / 3, 2 / 3, 1.0)):
        mob.points[i] = start + a * (end - start)
