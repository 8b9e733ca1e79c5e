"""Drawing helpers for the plane scenes: a scaled plane, grids, arrows moved by a matrix.

Geometry for the picture only: the maths (bases, coordinates, the SVD path)
comes from :mod:`mathviz.core.linalg`. Everything that moves is updated in
place from its original points, so nothing is rebuilt frame by frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from manim import Line, VGroup, VMobject

from mathviz.core.linalg import coordinates_in_basis
from mathviz.kit.geometry import clip_to_box, set_segment


@dataclass(frozen=True)
class Plane:
    """Plane coordinates drawn in a box: ``origin`` is where (0, 0) sits, ``unit`` scene units per 1."""

    origin: np.ndarray  # shape (3,)
    unit: float
    half_w: float  # visible half-width, in plane units
    half_h: float

    def c2p(self, x: float, y: float) -> np.ndarray:
        """Scene point of the plane point ``(x, y)``."""
        return self.origin + self.unit * np.array([x, y, 0.0])

    def to_scene(self, points) -> np.ndarray:
        """Scene points, shape (n, 3), of plane points given as columns, shape (2, n)."""
        points = np.asarray(points, dtype=float)
        out = np.zeros((points.shape[1], 3))
        out[:, :2] = points.T * self.unit
        return out + self.origin

    @property
    def corners(self) -> np.ndarray:
        """The visible rectangle's corners as columns, shape (2, 4)."""
        return np.array([[-1, 1, 1, -1], [-1, -1, 1, 1]]) * np.array([[self.half_w], [self.half_h]])


def fit_plane(box, points, margin: float = 1.12, pad: float = 0.15) -> Plane:
    """The largest plane scale, origin at the box centre, that keeps ``points`` (2, n) inside.

    ``margin`` leaves room around the outermost points for tips and labels.
    """
    reach = np.maximum(np.abs(np.asarray(points, dtype=float)).max(axis=1), 1e-9) * margin
    half_w, half_h = box.width / 2 - pad, box.height / 2 - pad
    unit = float(min(half_w / reach[0], half_h / reach[1]))
    return Plane(np.array(box.center, dtype=float), unit, half_w / unit, half_h / unit)


def grid_step(plane: Plane, most_lines: int = 16) -> float:
    """1 while that leaves at most ``most_lines`` lines across, else a 1-2-5 step."""
    span = 2 * max(plane.half_w, plane.half_h)
    for step in (1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0):
        if span / step <= most_lines:
            return step
    return 200.0


def background_grid(plane: Plane, theme, step: float) -> VGroup:
    """Faint lines at multiples of ``step`` over the visible rectangle, and the two axes."""
    lines, axes = VGroup(), VGroup()
    for k in range(-int(plane.half_w / step), int(plane.half_w / step) + 1):
        target = axes if k == 0 else lines
        target.add(Line(plane.c2p(k * step, -plane.half_h), plane.c2p(k * step, plane.half_h)))
    for k in range(-int(plane.half_h / step), int(plane.half_h / step) + 1):
        target = axes if k == 0 else lines
        target.add(Line(plane.c2p(-plane.half_w, k * step), plane.c2p(plane.half_w, k * step)))
    lines.set_stroke(theme.grid, width=1.5, opacity=min(1.0, 2 * theme.grid_opacity))
    axes.set_stroke(theme.axis, width=2, opacity=0.7)
    return VGroup(lines, axes)


class BasisGrid(VGroup):
    """The lines ``c1 = k step`` and ``c2 = k step`` of a basis, clipped to the plane's rectangle.

    ``bases`` are the bases (2x2, columns) the grid will visit: enough lines
    are made to cover the rectangle in each of them.
    """

    def __init__(self, plane: Plane, step: float, bases, **style):
        super().__init__()
        self.plane, self.step = plane, step
        reach = [np.abs(coordinates_in_basis(B, plane.corners)).max(axis=1) / step for B in bases]
        top = np.minimum(np.ceil(np.max(reach, axis=0)), 40).astype(int)
        self.families = [np.arange(-top[j], top[j] + 1) for j in range(2)]
        for ks in self.families:
            self.add(VGroup(*[VMobject(**style) for _ in ks]))
        self.set_basis(np.eye(2))

    def set_basis(self, M) -> "BasisGrid":
        M = np.asarray(M, dtype=float)
        p = self.plane
        for j, (ks, lines) in enumerate(zip(self.families, self.submobjects)):
            along, across = M[:, 1 - j], M[:, j]  # family j: lines where coordinate j is constant
            for k, line in zip(ks, lines):
                ends = clip_to_box(k * self.step * across, along, (-p.half_w, -p.half_h), (p.half_w, p.half_h))
                a, b = ends if ends is not None else (np.zeros(2), np.zeros(2))
                set_segment(line, p.c2p(*a), p.c2p(*b))
        return self


class PlaneArrow(VGroup):
    """A vector arrow whose tip keeps its shape however it is moved: ``place(start, end)``.

    A zero-length arrow is drawn as nothing (all points at ``start``).
    """

    def __init__(self, start, end, color, stroke_width: float = 5.0, tip_length: float = 0.22):
        self.tip_length = tip_length
        shaft = VMobject(stroke_color=color, stroke_width=stroke_width)
        tip = VMobject(stroke_color=color, stroke_width=1, fill_color=color, fill_opacity=1.0)
        super().__init__(shaft, tip)
        self.shaft, self.tip = shaft, tip
        self.place(start, end)

    def place(self, start, end) -> "PlaneArrow":
        start, end = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
        self.start_point, self.end_point = start, end
        length = float(np.linalg.norm(end - start))
        if length < 1e-9:
            set_segment(self.shaft, start, start)
            self.tip.set_points_as_corners([start] * 4)
            return self
        d = (end - start) / length
        n = np.array([-d[1], d[0], 0.0])
        size = min(self.tip_length, 0.4 * length)
        base = end - size * d
        set_segment(self.shaft, start, base + 0.2 * size * d)
        self.tip.set_points_as_corners([end, base + 0.45 * size * n, base - 0.45 * size * n, end])
        return self

    def get_length(self) -> float:
        return float(np.linalg.norm(self.end_point - self.start_point))


def follow_matrix(mobject: VMobject, plane: Plane, matrix: Callable[[], np.ndarray]) -> VMobject:
    """Add an updater that maps ``mobject``'s *current* points by ``matrix()`` every frame.

    The original points (relative to the plane's origin) are stored once; each
    frame writes ``origin + M @ original`` into the existing point arrays.
    Bezier curves stay exact under a linear map, so a circle's image is the
    exact ellipse.
    """
    members = [(m, (m.points - plane.origin).copy()) for m in mobject.family_members_with_points()]
    m3 = np.eye(3)

    def update(_mob):
        m3[:2, :2] = matrix()
        for member, rel in members:
            if member.points.shape != rel.shape:
                member.points = np.empty_like(rel)
            np.matmul(rel, m3.T, out=member.points)
            member.points += plane.origin

    mobject.add_updater(update)
    update(mobject)
    return mobject
