"""Signed area in the plane: the image of the unit square, coloured by the sign of its area.

The parallelogram on a matrix's columns is filled in the theme's positive or
negative colour, and a curved arrow turns from the first edge to the second:
anticlockwise when the matrix keeps the orientation, clockwise when it
reverses it. The area itself comes from :func:`mathviz.core.linalg.parallelogram_area`.
Everything is updated in place by :meth:`SignedParallelogram.set_matrix`.
"""

from __future__ import annotations

import math

import numpy as np
from manim import VGroup, VMobject

from mathviz.core.linalg import UNIT_SQUARE, parallelogram_area

ARC_SAMPLES = 24  # corners along the orientation arc: smooth at any size it is drawn


class SignedParallelogram(VGroup):
    """The image of the unit square under ``M``, filled by the sign of its area, with its orientation arrow.

    ``cell`` picks another cell of the grid than the unit square: the one with corner ``cell``
    (plane coordinates, before the map), whose image has the same signed area; ``arc=False``
    draws it without the orientation arrow.
    ``plane`` is a :class:`~mathviz.kit.plane.Plane`; ``positive`` and
    ``negative`` the colours of the two signs (take them from the theme);
    ``arc_color`` the arrow's, when it should not take the sign's colour.
    ``radius`` is the arc's radius in scene units, never more than
    ``0.45`` of the shorter edge. Members: ``fill`` (the parallelogram),
    ``arc`` and ``arc_tip`` (the arrow from the first edge to the second).
    ``area`` and ``sign`` are the core's signed area of the last matrix set,
    and the sign it is drawn with (0 when flat: the arc is then drawn as nothing).

    Examples
    --------
    >>> from mathviz.kit.plane import Plane
    >>> plane = Plane(np.zeros(3), 1.0, 4.0, 3.0)
    >>> piece = SignedParallelogram(plane, "#56B4E9", "#D55E00")
    >>> piece.set_matrix([[0.0, 1.0], [1.0, 0.0]]).area, piece.sign
    (-1.0, -1)
    >>> piece.fill.get_fill_color().to_hex()
    '#D55E00'
    """

    def __init__(self, plane, positive, negative, *, arc_color=None, radius: float = 0.45,
                 fill_opacity: float = 0.4, stroke_width: float = 3.0, flat: float = 1e-12, cell=(0, 0), arc: bool = True):
        super().__init__()
        self.cell, self.show_arc = np.asarray(cell, dtype=float), arc
        self.plane, self.colors, self.radius, self.flat = plane, {1: positive, -1: negative, 0: positive}, radius, flat
        self.fill = VMobject(stroke_width=stroke_width, fill_opacity=fill_opacity)
        self.arc = VMobject(stroke_width=stroke_width + 1)
        self.arc_tip = VMobject(stroke_width=1, fill_opacity=1.0)
        self.fill_opacity, self.arc_color = fill_opacity, arc_color
        self.add(self.fill, self.arc, self.arc_tip)
        self.area, self.sign = 1.0, 1
        self.set_matrix(np.eye(2))

    def set_matrix(self, M) -> "SignedParallelogram":
        M = np.asarray(M, dtype=float)
        p = self.plane
        self.matrix = M.copy()
        self.area = parallelogram_area(M)
        reach = max(1.0, float(np.abs(M).max())) ** 2
        self.sign = 0 if abs(self.area) <= self.flat * reach else (1 if self.area > 0 else -1)
        color = self.colors[self.sign]
        self.fill.set_points_as_corners(p.to_scene(M @ (UNIT_SQUARE[:, [0, 1, 2, 3, 0]] + self.cell[:, None])))
        self.fill.set_fill(color, opacity=self.fill_opacity).set_stroke(color)
        self._place_arc(M[:, 0], M[:, 1], self.arc_color or color)
        return self

    def _place_arc(self, a1, a2, color) -> None:
        p = self.plane
        lengths = [math.hypot(*a1) * p.unit, math.hypot(*a2) * p.unit]
        r = min(self.radius, 0.45 * min(lengths))
        if self.sign == 0 or r < 1e-6 or not self.show_arc:
            self.arc.set_points_as_corners([p.origin] * 2)
            self.arc_tip.set_points_as_corners([p.origin] * 4)
            return
        centre = p.origin + p.unit * np.append(self.matrix @ self.cell, 0.0)  # the image of the cell's corner
        start = math.atan2(a1[1], a1[0])
        turn = math.atan2(a1[0] * a2[1] - a1[1] * a2[0], float(a1 @ a2))  # from a1 to a2, signed
        tip = min(0.16, 0.6 * r * abs(turn))  # the head's length, along the arc
        end = turn - math.copysign(tip / r, turn) * 0.6  # the shaft stops inside the head
        angles = start + np.linspace(0.0, end, ARC_SAMPLES)
        points = centre + r * np.column_stack([np.cos(angles), np.sin(angles), np.zeros(ARC_SAMPLES)])
        self.arc.set_points_as_corners(points).set_stroke(color)
        at = start + turn
        point = centre + r * np.array([math.cos(at), math.sin(at), 0.0])
        heading = math.copysign(1.0, turn) * np.array([-math.sin(at), math.cos(at), 0.0])  # the way it turns
        normal = np.array([math.cos(at), math.sin(at), 0.0])
        base = point - tip * heading
        self.arc_tip.set_points_as_corners([point, base + 0.5 * tip * normal, base - 0.5 * tip * normal, point])
        self.arc_tip.set_fill(color, opacity=1.0).set_stroke(color)

    @property
    def turn_sign(self) -> int:
        """+1 when the arc turns anticlockwise (from the first edge to the second), -1 clockwise, 0 flat."""
        if self.sign == 0:
            return 0
        pts = self.arc.points[:, :2] - (self.plane.origin[:2] + self.plane.unit * (
            self.matrix @ self.cell))
        cross = pts[0, 0] * pts[-1, 1] - pts[0, 1] * pts[-1, 0]
        return 1 if cross > 0 else -1
