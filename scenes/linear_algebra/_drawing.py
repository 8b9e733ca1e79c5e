"""Drawing helpers for the plane scenes: a scaled plane, grids, arrows moved by a matrix.

Geometry for the picture only: the maths (bases, coordinates, the SVD path)
comes from :mod:`mathviz.core.linalg`. Everything that moves is updated in
place from its original points, so nothing is rebuilt frame by frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from manim import LEFT, RIGHT, Line, VGroup, VMobject

from mathviz.core.linalg import coordinates_in_basis
from scenes._readouts import NumberReadout


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


def plane_and_side(scene, weights=(3, 2)):
    """``(plane_box, side_box, square)``: side by side on wide frames, stacked on tall ones and
    on square ones (where a side column would leave the text too narrow to read)."""
    square = not scene.portrait and scene.frame_w < 1.2 * scene.frame_h
    if square:
        return (*scene.content_box().split(weights, vertical=True, gap=0.3), True)
    return (*scene.panels(2, weights), False)


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


def clip_to_rect(p0, d, half_w: float, half_h: float):
    """The part of the line ``p0 + s d`` inside ``[-half_w, half_w] x [-half_h, half_h]``, or None.

    >>> clip_to_rect(np.array([0.0, 0.5]), np.array([1.0, 0.0]), 2.0, 1.0)
    (array([-2. ,  0.5]), array([2. , 0.5]))
    """
    lo, hi = -np.inf, np.inf
    for i, bound in enumerate((half_w, half_h)):
        if abs(d[i]) < 1e-12:
            if abs(p0[i]) > bound:
                return None
            continue
        a, b = (-bound - p0[i]) / d[i], (bound - p0[i]) / d[i]
        lo, hi = max(lo, min(a, b)), min(hi, max(a, b))
    if not np.isfinite(lo) or hi - lo < 1e-9:
        return None
    return p0 + lo * d, p0 + hi * d


def set_segment(mob: VMobject, start, end) -> None:
    """Make ``mob`` the straight segment from ``start`` to ``end`` (scene points), in place."""
    start, end = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
    if mob.points.shape != (4, 3):
        mob.points = np.zeros((4, 3))
    for i, a in enumerate((0.0, 1 / 3, 2 / 3, 1.0)):
        mob.points[i] = start + a * (end - start)


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
                ends = clip_to_rect(k * self.step * across, along, p.half_w, p.half_h)
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


def _inside(mob, box) -> bool:
    return (mob.get_left()[0] >= box.left and mob.get_right()[0] <= box.right
            and mob.get_bottom()[1] >= box.bottom and mob.get_top()[1] <= box.top)


def _overlap(a, b) -> bool:
    return not (a.get_right()[0] < b.get_left()[0] or b.get_right()[0] < a.get_left()[0]
                or a.get_top()[1] < b.get_bottom()[1] or b.get_top()[1] < a.get_bottom()[1])


def place_label(label, candidates, box, avoid=()):
    """Move ``label`` to the first of ``candidates`` (scene points) where it fits in ``box``
    without covering anything in ``avoid``; failing that the first where it fits at all."""
    fits = []
    for position in candidates:
        label.move_to(position)
        if _inside(label, box):
            if not any(_overlap(label, other) for other in avoid):
                return label
            fits.append(position)
    label.move_to(fits[0] if fits else candidates[0])
    return label


def beside(plane: Plane, label, point, direction, gap: float = 0.1) -> np.ndarray:
    """The centre that puts ``label`` just off the plane ``point`` in the plane ``direction``."""
    d = np.asarray(direction, dtype=float)
    d = d / max(float(np.linalg.norm(d)), 1e-12)
    reach = 0.5 * (label.width * abs(d[0]) + label.height * abs(d[1])) + gap
    return plane.c2p(*point) + reach * np.array([d[0], d[1], 0.0])


class LiveMatrix(VGroup):
    """A 2x2 (or any shape) grid of number readouts in square brackets; ``set_values(M)``."""

    def __init__(self, values, *, widest: float, places: int = 2, font_size: float = 30, color=None,
                 bracket_color=None, h_gap: float = 0.45, v_gap: float = 0.3):
        super().__init__()
        values = np.asarray(values, dtype=float)
        rows, cols = values.shape
        self.entries = [NumberReadout(-abs(widest), decimals=places, widest=-abs(widest), align="right",
                                      font_size=font_size, color=color) for _ in range(rows * cols)]
        cell_w = max(e.width for e in self.entries)
        cell_h = max(e.height for e in self.entries)
        for i, entry in enumerate(self.entries):
            r, c = divmod(i, cols)
            entry.move_to(np.array([c * (cell_w + h_gap), -r * (cell_h + v_gap), 0.0]), aligned_edge=LEFT)
        body = VGroup(*self.entries)
        pad, lip = 0.16, 0.12
        top, bottom = body.get_top()[1] + pad, body.get_bottom()[1] - pad
        left, right = body.get_left()[0] - pad, body.get_left()[0] + cols * cell_w + (cols - 1) * h_gap + pad
        brackets = VGroup(
            VMobject().set_points_as_corners([[left + lip, top, 0], [left, top, 0], [left, bottom, 0],
                                              [left + lip, bottom, 0]]),
            VMobject().set_points_as_corners([[right - lip, top, 0], [right, top, 0], [right, bottom, 0],
                                              [right - lip, bottom, 0]]),
        ).set_stroke(bracket_color or color, width=2)
        self.brackets = brackets
        self.add(brackets, body)
        self.set_values(values)

    def set_values(self, M) -> "LiveMatrix":
        for entry, value in zip(self.entries, np.ravel(M)):
            entry.set_value(value)
        return self

    def get_entries(self):
        return self.entries


def readout_row(*parts, buff: float = 0.12) -> VGroup:
    """A row of formula pieces and live numbers, re-arranged when a number changes width."""
    row = VGroup(*parts).arrange(RIGHT, buff=buff)
    row.numbers = [p for p in parts if isinstance(p, NumberReadout)]
    row.buff = buff
    return row


def set_row_values(row: VGroup, values) -> None:
    """Write ``values`` into the row's numbers and close the gaps, keeping its left edge."""
    left = row.get_left()
    for number, value in zip(row.numbers, values):
        number.set_value(float(value))
    row.arrange(RIGHT, buff=row.buff)
    row.move_to(left, aligned_edge=LEFT)
