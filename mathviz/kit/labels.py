"""Label placement that avoids what is drawn: one rule for every scene.

A label is tried at each candidate centre in turn. A candidate is good when
the label lies inside the box (if one is given) and keeps at least
``clearance`` from every obstacle: the points given (samples along curves
and lines) and the bounding boxes of the mobjects to avoid. The first good
candidate wins; when none is good, the one that stays inside and keeps the
most room does.
"""

from __future__ import annotations

import numpy as np


def _box_of(mob) -> np.ndarray:
    """``[[left, bottom], [right, top]]`` of a mobject, in scene units."""
    return np.array([[mob.get_left()[0], mob.get_bottom()[1]], [mob.get_right()[0], mob.get_top()[1]]])


def room(center, size, points=None, boxes=()) -> float:
    """The distance from a box (``center``, ``size``) to the nearest obstacle; 0 when it overlaps one.

    >>> room((0, 0), (2, 2), points=[(3.0, 0.0)])
    2.0
    >>> room((0, 0), (2, 2), boxes=[np.array([[0.5, 0.5], [4.0, 4.0]])])
    0.0
    """
    center, half = np.asarray(center, dtype=float)[:2], np.asarray(size, dtype=float)[:2] / 2
    best = np.inf
    if points is not None and len(points):
        pts = np.asarray(points, dtype=float)[:, :2]
        gap = np.maximum(np.abs(pts - center) - half, 0.0)
        best = float(np.hypot(gap[:, 0], gap[:, 1]).min())
    for (left, bottom), (right, top) in boxes:
        dx = max(left - (center[0] + half[0]), (center[0] - half[0]) - right, 0.0)
        dy = max(bottom - (center[1] + half[1]), (center[1] - half[1]) - top, 0.0)
        best = min(best, float(np.hypot(dx, dy)))
    return best


def _inside(center, size, box) -> bool:
    if box is None:
        return True
    half = np.asarray(size, dtype=float)[:2] / 2
    return (center[0] - half[0] >= box.left - 1e-9 and center[0] + half[0] <= box.right + 1e-9
            and center[1] - half[1] >= box.bottom - 1e-9 and center[1] + half[1] <= box.top + 1e-9)


def best_position(size, candidates, *, box=None, points=None, avoid=(), clearance: float = 1e-6):
    """The chosen centre among ``candidates`` for a label of ``size`` (width, height).

    ``clearance=float("inf")`` asks for the candidate farthest from the
    obstacles; the default takes the first one that touches none.
    """
    boxes = [_box_of(m) for m in avoid]
    best, best_score = None, None
    for candidate in candidates:
        center = np.asarray(candidate, dtype=float)
        gap = room(center, size, points, boxes)
        inside = _inside(center, size, box)
        if inside and gap >= clearance:
            return center
        score = (inside, min(gap, clearance))
        if best_score is None or score > best_score:
            best, best_score = center, score
    return best


def place_label(label, candidates, box=None, avoid=(), *, points=None, clearance: float = 1e-6):
    """Move ``label`` to :func:`best_position` among ``candidates`` (scene points); returns it."""
    center = best_position((label.width, label.height), candidates, box=box, points=points, avoid=avoid,
                           clearance=clearance)
    label.move_to(np.array([center[0], center[1], 0.0]) if len(center) == 2 else center)
    return label


def beside(label, point, direction, gap: float = 0.1) -> np.ndarray:
    """The centre that puts ``label`` just off the scene ``point``, towards ``direction``.

    >>> from types import SimpleNamespace
    >>> beside(SimpleNamespace(width=1.0, height=0.5), (0, 0, 0), (1, 0), gap=0.1)
    array([0.6, 0. , 0. ])
    """
    d = np.asarray(direction, dtype=float)[:2]
    d = d / max(float(np.linalg.norm(d)), 1e-12)
    reach = 0.5 * (label.width * abs(d[0]) + label.height * abs(d[1])) + gap
    return np.asarray(point, dtype=float) + reach * np.array([d[0], d[1], 0.0])


def font_sizes(mobject) -> list[tuple[float, str]]:
    """``(font size, kind)`` of every text piece in ``mobject`` as drawn now; kind is ``"tex"``
    (MathTex, Tex, numbers, readouts) or ``"pango"`` (Text)."""
    from manim import DecimalNumber, MarkupText, SingleStringMathTex, Text

    from mathviz.kit.readouts import Readout

    found = []

    def walk(mob):
        if isinstance(mob, Readout):
            found.append((mob.drawn_font_size, "tex"))
            return
        if isinstance(mob, (Text, MarkupText, SingleStringMathTex, DecimalNumber)):
            try:
                size = float(mob.font_size)
            except (AttributeError, ZeroDivisionError, TypeError, ValueError):
                size = 0.0
            if np.isfinite(size) and size > 0:
                found.append((size, "pango" if isinstance(mob, (Text, MarkupText)) else "tex"))
            return
        for sub in mob.submobjects:
            walk(sub)

    walk(mobject)
    return found


def readable_scale(mobject) -> float:
    """The least factor ``mobject`` may be scaled by and keep all its text at least
    :data:`~mathviz.kit.theme.MIN_FONT`; 0 when it holds no text (over 1: it is too small already)."""
    from mathviz.kit.theme import MIN_FONT

    return max((MIN_FONT[kind] / size for size, kind in font_sizes(mobject)), default=0.0)

