"""The ball of a p-norm, drawn: a diamond (p = 1), a circle (p = 2), a square (p = inf), or between.

The outline's points come from :func:`mathviz.core.norms.unit_ball`; this
module only scales and maps them and makes the closed shape.
"""

from __future__ import annotations

import numpy as np
from manim import VMobject

from mathviz.core.norms import unit_ball

BALL_POINTS = 120  # a multiple of 8: the diamond's and the square's corners are among the points


def ball_points(p: float, radius: float = 1.0, n: int = BALL_POINTS) -> np.ndarray:
    """``n + 1`` points (n + 1, 2) round the ball ``{x : ||x||_p = radius}``, the first repeated last.

    >>> ball_points(1, 2.0, 8)[[0, 2, 4, 8]].round(12).tolist()
    [[2.0, 0.0], [0.0, 2.0], [-2.0, 0.0], [2.0, 0.0]]
    """
    points = radius * unit_ball(p, n)
    return np.vstack([points, points[:1]])


def norm_ball(p: float, radius: float, to_scene, *, n: int = BALL_POINTS, color=None, stroke_width: float = 4.0,
              fill_color=None, fill_opacity: float = 0.0) -> VMobject:
    """The closed outline of ``{x : ||x||_p = radius}`` as a polygon, mapped to the scene by ``to_scene``
    (``(m, 2)`` plane points to ``(m, 3)`` scene points, such as :func:`mathviz.kit.points_on`).

    ``p`` may be below 1 (the quasi-norm's star, not convex) or ``math.inf``. The
    points start on the positive x axis and run counter-clockwise, so two balls
    of different p morph into each other point by point.
    """
    ball = VMobject(stroke_color=color, stroke_width=stroke_width, fill_color=fill_color or color,
                    fill_opacity=fill_opacity)
    return ball.set_points_as_corners(to_scene(ball_points(p, radius, n)))
