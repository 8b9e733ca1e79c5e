"""The determinant as signed area: the unit square becomes the parallelogram on A's columns.

Render with its defaults, as plain manim::

    manim -ql scenes/linear_algebra/determinant.py Determinant
"""

from __future__ import annotations

import numpy as np
from manim import LEFT, FadeIn, FadeOut, Indicate, ValueTracker, VGroup, smooth

from mathviz.core.linalg import parallelogram_area, straight_path, swing_path
from mathviz.kit import (
    background_grid,
    emphasise,
    BasisGrid,
    fit_plane,
    format_number,
    grid_step,
    MathvizScene,
    PlaneArrow,
    rounding,
    said,
    SignedParallelogram,
    tex_matrix,
)
from scenes.linear_algebra.specs import DeterminantParams, determinant_picture


class Determinant(MathvizScene):
    Params = DeterminantParams
    title = "The determinant: signed area"

    def construct(self):
        picture = determinant_picture(self.params.matrix)
        self.A, self.det, self.rank, self.base = picture["A"], picture["det"], picture["rank"], picture["base"]
        self.carry = ValueTracker(0.0)  # along the straight path from I to A
        self.swing = ValueTracker(0.0)  # along the swing of the base's second column, 0 to 1
        self.stage = "carry"  # which tracker sets the matrix now: "carry", "back" (A to I) or "swing"
        self._build_layout(picture["points"] if self.rank == 2 else picture["map_points"])
        self.swing_points = picture["swing_points"]
        self.cells = self._grid_cells() if self.rank == 2 else []

        self.beat("square", "Start with the unit square on e1 and e2. Its area is 1. The curved arrow turns "
                            "from the first edge to the second: anticlockwise.")
        self._show_square()
        self.beat("map", "Now apply A. The grid is carried along, and the square becomes the parallelogram "
                         "on the two columns of A.")
        self._show_map()
        self.beat("area", self._area_narration())
        self._show_area()
        self.beat("formula", self._formula_narration())
        self._show_formula()
        if self.rank == 2 and self.cells:
            self.beat("cells", "Every cell of the grid becomes a copy of this parallelogram. So A scales every "
                               f"area by the same factor, {said(abs(self.det))}, wherever it lies.")
            self._show_cells()
        if self.rank < 2:
            larger = fit_plane(self.plane_box, self.swing_points).unit > 1.05 * self.plane.unit
            self.beat("back", "To watch the sign change, go back to the unit square" + (", drawn larger" if larger else "")
                      + ". Its area is 1.")
            self._show_back()
        self.beat("swing", "Swing the second edge towards the first, keeping its length. The area changes as "
                           "the two edges turn towards one line.")
        self._show_swing(0.5)
        self.beat("flat", "When the edges lie on one line, the area is zero. The whole plane is squashed onto "
                          "that line, and no matrix can undo that: det is 0.")
        self._show_slot({0: self.lines["flat"]}, emphasise(self.grid, self.theme, scale=1.0),
                        run_time=1.2)
        self.beat("reversed", self._reversed_narration())
        self._show_swing(1.0)
        self.beat("summary", "So det A is the factor by which A scales every area, with a sign: positive keeps "
                             "the orientation, negative reverses it, and zero flattens the plane.")
        self._show_summary()

    # -- the matrix now ----------------------------------------------------------------------------

    def matrix_now(self) -> np.ndarray:
        if self.stage == "carry":
            return straight_path(self.A, self.carry.get_value())
        if self.stage == "back":
            return straight_path(self.A, 1.0 - self.carry.get_value())
        return swing_path(self.base, self.swing.get_value())

    def _area_narration(self) -> str:
        size = said(abs(self.det))
        if self.rank == 0:
            return ("This A is the zero matrix. Every point lands on the origin: the square has no area "
                    "left at all, and det A is 0.")
        if self.rank == 1:
            return ("This A squashes the square flat onto a line: its two columns point along one line. "
                    "The area is zero, so det A is 0.")
        if self.det < 0:
            return (f"Its area is {size}. But the arrow from the first edge to the second now turns "
                    f"clockwise: A flips the plane over, so the area counts as negative. det A is {said(self.det)}.")
        return f"Its area is {size}. That number, the area of the unit square's image, is the determinant of A."

    def _formula_narration(self) -> str:
        (a, b), (c, d) = (said(x) for x in self.A[0]), (said(x) for x in self.A[1])
        return (f"For a 2 by 2 matrix with rows a, b and c, d, the signed area is ad minus bc: here {a} times {d}, "
                f"minus {b} times {c}, which is {said(self.det)}.")

    def _reversed_narration(self) -> str:
        before = parallelogram_area(self.base)
        after = said(-before)
        if before > 0:
            return (f"Swing on, past the first edge. Now the arrow turns clockwise: the order of the edges has "
                    f"reversed, and the area counts as negative. det is {after}.")
        return (f"Swing on, past the first edge. Now the arrow turns anticlockwise again: the orientation is "
                f"restored, and the area is positive. det is {after}.")

    # -- layout and mobjects -----------------------------------------------------------------------

    def _build_layout(self, points):
        layout = self.layout(3, 2)
        self.plane_box, self.side_box = layout.main, layout.side
        self._build_plane(points)
        self._build_panel()

    def _build_plane(self, points):
        """The plane scaled to ``points`` and everything drawn on it; built again, larger, when a
        flat A gives way to the unit square."""
        t = self.theme
        self.plane = fit_plane(self.plane_box, points)
        step = grid_step(self.plane)
        self.background = background_grid(self.plane, t, step)
        bases = [np.eye(2), swing_path(self.base, 1.0)] + ([self.A] if self.rank == 2 else [])
        self.grid = BasisGrid(self.plane, step, bases, stroke_color=t.image, stroke_width=2, stroke_opacity=0.4)
        # the orientation arc: large enough to read at A's scale (the piece keeps it inside the shorter edge)
        shortest = min(float(np.hypot(*self.base[:, k])) for k in range(2))
        self.shape_mob = SignedParallelogram(self.plane, t.positive, t.negative, arc_color=t.highlight,
                                             radius=0.4 * shortest * self.plane.unit)
        colors = (t.first, t.second)
        self.edges = [PlaneArrow(self.plane.origin, self.plane.c2p(*np.eye(2)[:, k]), colors[k]) for k in range(2)]
        self.e_labels = VGroup(*[self._edge_label(rf"\mathbf e_{k + 1}", k) for k in range(2)])
        self.a_labels = VGroup(*[self._edge_label(rf"A\mathbf e_{k + 1}", k) for k in range(2)])

    def _edge_label(self, tex: str, k: int):
        """A name by edge ``k``'s tip, on the side away from the other edge: outside the
        parallelogram, whichever way it is oriented. When the edges line up the last side is kept,
        and the two names sit on opposite sides of the line."""
        label = self.tex(tex, role="label", color=(self.theme.first, self.theme.second)[k])
        label.add_background_rectangle(color=self.theme.background, opacity=0.75, buff=0.05)
        label.orientation = 1.0  # the sign of det M when last it was not 0

        def stick(m):
            arrow, other = self.edges[k], self.edges[1 - k]
            d = arrow.end_point - arrow.start_point
            n = float(np.linalg.norm(d))
            u = d / n if n > 1e-6 else np.eye(3)[k]
            w = other.end_point - other.start_point
            cross = float(u[0] * w[1] - u[1] * w[0]) * (1.0 if k == 0 else -1.0)  # det's sign, seen from edge k
            if abs(cross) > 1e-3 * max(float(np.linalg.norm(w)), 1e-9):
                m.orientation = float(np.sign(cross))
            side = -m.orientation if k == 0 else m.orientation
            normal = side * np.array([-u[1], u[0], 0.0])
            reach = 0.5 * max(m.width, m.height) + 0.1
            m.move_to(arrow.end_point + 0.6 * reach * u + reach * normal)

        stick(label)
        return label.add_updater(stick)

    def _build_panel(self) -> None:
        """The side panel: three slots, one line each, every line at one scale."""
        t = self.theme
        A, det = self.A, self.det
        (a, b), (c, d) = A
        ts = np.linspace(0.0, 1.0, 41)
        reached = [parallelogram_area(M) for M in (*straight_path(A, ts), *swing_path(self.base, ts))]
        # its width is the widest rounded value the paths reach, so the row never grows
        live = self.number(1.0, color=t.text, decimals=2, trim=True, widest=-(max(np.abs(reached)) + 0.003))
        self.live_number = live
        self.live_row = self.readout_row(r"\det M =", live)
        relation, text = rounding(det)

        def par(x):
            s = format_number(x, 2, style="tex", trim=True)
            return f"({s})" if x < 0 else s

        self.lines = {
            "unit": self.tex(r"\text{area of the square} = 1", role="label", color=t.muted),
            "A": self.tex("A =", tex_matrix(A, 2, trim=True), role="label"),
            "carry": self.tex(r"M:\ I \to A", role="label", color=t.muted),
            "turned": self.tex(r"M:\ \text{second column turned}", role="label", color=t.muted),
            "formula": self.tex(r"\det A = ad - bc", role="label"),
            "numbers": self.tex(rf"\det A = {par(a)}\cdot{par(d)} - {par(b)}\cdot{par(c)} {relation} {text}",
                                role="label"),
            "area": self.tex(rf"\text{{area}} = |\det A| {rounding(abs(det))[0]} {rounding(abs(det))[1]}",
                             role="label"),
            "flat": self.tex(r"\text{flat: } \det = 0", role="label", color=t.highlight),
            "scale": self.tex(r"|\det A|:\ \text{the area factor}", role="label"),
            "sign": self.tex(r"\det A < 0:\ \text{orientation reversed}", role="label"),
            "zero": self.tex(r"\det A = 0:\ \text{flattened, no inverse}", role="label"),
        }
        everything = [self.live_row, *self.lines.values()]
        slots = self.side_box.split((1.0, 1.0, 1.0), vertical=True, gap=0.15)
        # one size for every line of words; a line with a matrix, taller, shrinks on its own
        # rather than shrinking them all
        matrices = [m for m in everything if "bmatrix" in getattr(m, "tex_string", "")]
        words = [m for m in everything if all(m is not x for x in matrices)]
        scale = min(self.fit_scale(m, slots[0]) for m in words)
        for m in words:
            m.scale(scale)
        for m in matrices:
            m.scale(min(scale, self.fit_scale(m, slots[0])))
        self.slot_boxes, self.slots = slots, [None, None, None]
        # a lambda, not the bound method: a copy of the row (FadeOut makes one) must not copy the scene
        self.live_row.add_updater(lambda row: self._update_live(row))

    def _update_live(self, row):
        M = self.matrix_now()
        area = parallelogram_area(M)
        reach = max(1.0, float(np.abs(M).max())) ** 2
        sign = 0 if abs(area) <= self.shape_mob.flat * reach else int(np.sign(area))
        row.set_values(area if sign else 0.0)  # flat is 0, not the rounding left in the turned column
        self.live_number.body.set_fill({1: self.theme.positive, -1: self.theme.negative, 0: self.theme.text}[sign])

    def _show_slot(self, changes: dict, *animations, run_time: float = 0.7) -> None:
        anims = list(animations)
        for slot, mob in changes.items():
            if self.slots[slot] is not None:
                anims.append(FadeOut(self.slots[slot]))
            if mob is not None:
                mob.move_to(self.slot_boxes[slot].center).align_to(
                    self.slot_boxes[slot].center + LEFT * (self.slot_boxes[slot].width / 2 - 0.1), LEFT)
                anims.append(FadeIn(mob))
            self.slots[slot] = mob
        self.play(*anims, run_time=run_time)

    def _follow(self):
        self.grid.add_updater(lambda g: g.set_basis(self.matrix_now()))
        self.shape_mob.add_updater(lambda m: m.set_matrix(self.matrix_now()))
        for k, arrow in enumerate(self.edges):
            arrow.add_updater(lambda m, k=k: m.place(self.plane.origin, self.plane.c2p(*self.matrix_now()[:, k])))

    # -- beats -------------------------------------------------------------------------------------

    def _show_square(self):
        self.play(FadeIn(self.title_mob), FadeIn(self.background), run_time=1.0)
        self._follow()
        self.play(FadeIn(self.grid), FadeIn(self.shape_mob), *[FadeIn(e) for e in self.edges], run_time=1.0)
        self.play(FadeIn(self.e_labels), run_time=0.5)
        self.labels = self.e_labels
        self._show_slot({0: self.lines["unit"], 2: self.live_row})
        self.play(Indicate(self.shape_mob.arc, color=self.shape_mob.colors[1], scale_factor=1.3), run_time=1.0)

    def _show_map(self):
        self._show_slot({0: self.lines["A"], 1: self.lines["carry"]})
        lines, axes = self.background
        self.play(self.carry.animate.set_value(1.0), lines.animate.set_stroke(opacity=0.15), run_time=3.0,
                  rate_func=smooth)
        self.play(FadeOut(self.e_labels), FadeIn(self.a_labels), run_time=0.6)
        self.labels = self.a_labels

    def _show_area(self):
        if self.rank == 2:
            self._show_slot({0: self.lines["area"]}, emphasise(self.shape_mob.fill, self.theme, scale=1.05), run_time=1.0)
        else:
            self._show_slot({0: self.lines["flat"]}, run_time=0.8)

    def _show_formula(self):
        self._show_slot({1: self.lines["formula"]})
        self.wait(1.5)
        self._show_slot({1: self.lines["numbers"]}, run_time=0.6)

    def _grid_cells(self, most: int = 2) -> list:
        """Up to ``most`` cells of the grid next to the unit square whose images under A lie wholly
        in view (corners, before the map)."""
        p, cells = self.plane, []
        for cell in ((1, 0), (0, 1), (-1, 0), (0, -1), (1, 1), (-1, -1), (1, -1), (-1, 1)):
            corners = self.A @ (np.array([[0.0, 1.0, 1.0, 0.0], [0.0, 0.0, 1.0, 1.0]]) + np.array(cell)[:, None])
            if np.all(np.abs(corners[0]) <= 0.95 * p.half_w) and np.all(np.abs(corners[1]) <= 0.95 * p.half_h):
                cells.append(cell)
        return cells[:most]

    def _show_cells(self):
        t = self.theme
        self.cell_mobs = VGroup(*[SignedParallelogram(self.plane, t.positive, t.negative, cell=cell, arc=False,
                                                      fill_opacity=0.25).set_matrix(self.A) for cell in self.cells])
        self.play(FadeIn(self.cell_mobs), run_time=1.0)
        self.play(emphasise(self.cell_mobs, self.theme, scale=1.0), run_time=1.2)

    def _show_back(self):
        """The flat picture makes way for the unit square, drawn at the scale its swing needs."""
        old = [self.background, self.grid, self.shape_mob, *self.edges, self.a_labels]
        for mob in old:
            mob.clear_updaters()
        self.stage = "swing"  # at swing 0: the identity
        self._show_slot({0: self.lines["unit"], 1: None}, *[FadeOut(m) for m in old], run_time=1.0)
        self._build_plane(self.swing_points)
        self._follow()
        self.play(FadeIn(self.background), FadeIn(self.grid), FadeIn(self.shape_mob),
                  *[FadeIn(e) for e in self.edges], FadeIn(self.e_labels), run_time=1.2)
        self.labels = self.e_labels

    def _show_swing(self, to: float):
        self.stage = "swing"
        if to == 0.5:
            if self.slots[0] is not None and self.rank == 2:
                cells = [FadeOut(self.cell_mobs)] if hasattr(self, "cell_mobs") else []
                self._show_slot({0: None}, *cells, run_time=0.4)
            # the second edge stops being a column of A (or e2) as it turns: its name goes
            self._show_slot({1: self.lines["turned"]}, FadeOut(self.labels[1]), run_time=0.6)
            self.play(self.swing.animate.set_value(0.5), run_time=3.0, rate_func=smooth)
        else:
            self.play(self.swing.animate.set_value(1.0), run_time=2.5, rate_func=smooth)
            self.play(Indicate(self.shape_mob.arc, color=self.shape_mob.colors[self.shape_mob.sign],
                               scale_factor=1.3), run_time=1.0)

    def _show_summary(self):
        self.live_row.clear_updaters()
        self.play(FadeOut(self.live_row), run_time=0.4)
        self.slots[2] = None
        self._show_slot({0: self.lines["scale"], 1: self.lines["sign"], 2: self.lines["zero"]}, run_time=0.8)
        self.wait(1.0)
