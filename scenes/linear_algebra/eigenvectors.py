"""Eigenvectors: of all the vectors around the unit circle, the few that A keeps on their own line.

Render with its defaults, as plain manim::

    manim -ql scenes/linear_algebra/eigenvectors.py Eigenvectors
"""

from __future__ import annotations

import numpy as np
from manim import LEFT, Circle, FadeIn, FadeOut, ValueTracker, VGroup, VMobject, smooth

from mathviz.core.linalg import eigen_directions, straight_path
from mathviz.kit import (
    background_grid,
    emphasise,
    BasisGrid,
    clip_to_box,
    fit_plane,
    follow_matrix,
    grid_step,
    MathvizScene,
    PlaneArrow,
    rounding,
    said,
    set_segment,
    tex_matrix,
)
from scenes.linear_algebra.specs import EigenvectorsParams, eigen_picture

KIND_WORDS = {"distinct": "two eigen-directions", "repeated": "one eigen-direction",
              "scalar": "every direction", "complex": "no eigen-direction"}
EXAMPLE_NAMES = {"distinct": "a stretch along the axes", "repeated": "a shear", "scalar": "a multiple of I",
                 "complex": "a turn"}


class Eigenvectors(MathvizScene):
    Params = EigenvectorsParams
    title = "Eigenvectors: the lines a matrix keeps"

    def construct(self):
        self.picture = picture = eigen_picture(self.params.matrix)
        self.A, self.eigen = picture["A"], picture["eigen"]
        self.target = self.A  # the matrix the arrows are carried to
        self.t = ValueTracker(0.0)
        self._build_layout(picture["points"])

        self.beat("vectors", "Here are vectors all around the unit circle, each one drawn on its own line "
                             "through the origin.")
        self._show_vectors()
        self.beat("apply", "Apply A, and watch each vector: does it stay on its own line?" if self.eigen.kind == "scalar"
                  else "Apply A. Most of the vectors turn off their line as they stretch.")
        self._show_apply()
        self.beat("eigen", self._eigen_narration())
        self._show_eigen()
        if self.eigen.kind == "distinct":
            self.beat("eigenbasis", "Use the two eigenvectors as a basis, the columns of V. Take x = v1 + v2: "
                                    "its coordinates in this basis are 1 and 1.")
            self._show_eigenbasis()
            self.beat("diagonal", "Apply A again. In this grid A only stretches: v1 by lambda 1 and v2 by "
                                  "lambda 2. No cell is sheared, so A x is lambda 1 v1 plus lambda 2 v2.")
            self._show_diagonal()
            self.beat("decomposition", "That is three steps: V inverse reads the coordinates in the eigenbasis, "
                                       "Lambda stretches each one, and V turns them back into a vector. "
                                       "A = V Lambda V inverse.")
            self._show_decomposition()
        else:
            self.beat("any-basis" if self.eigen.kind == "scalar" else "no-eigenbasis", self._no_basis_narration())
            self._show_no_basis()
        for kind, M in picture["tour"]:
            self.beat(f"example-{kind}", self._example_narration(kind, M))
            self._show_example(kind, M)
        self.beat("summary", "A real 2 by 2 matrix keeps two lines, one, every line, or none. With two "
                             "independent eigenvectors, or for a multiple of I, it is V Lambda V inverse; "
                             "a shear or a rotation has no real eigenbasis.")
        self._show_summary()

    # -- narration -----------------------------------------------------------------------------------

    def _eigen_narration(self) -> str:
        e = self.eigen
        if e.kind == "distinct":
            l1, l2 = (said(x) for x in e.values)
            flips = " A negative lambda turns the vector round, along the same line." if np.any(e.values < 0) else ""
            if np.any(e.values == 0):
                flips += " A lambda of 0 squashes its line to the origin."
            return (f"But two directions stay on their own line, and are only stretched: by lambda 1, {l1}, and "
                    f"lambda 2, {l2}. These are the eigenvectors: A v = lambda v.{flips}")
        if e.kind == "repeated":
            return (f"Only one direction stays on its line, stretched by lambda = {said(e.values[0])}. The "
                    "eigenvalue is repeated, but there is no second direction: a shear-like matrix.")
        if e.kind == "scalar" and e.values[0] == 0:
            return ("A is the zero matrix: every vector goes to 0. So each one counts as an eigenvector, with "
                    "eigenvalue 0.")
        if e.kind == "scalar":
            return (f"Every vector stays on its line, stretched by {said(e.values[0])}: A is a multiple of the "
                    "identity, and every direction is an eigenvector.")
        return ("No vector stays on its line: every one is turned. A has no real eigenvalues; its eigenvalues "
                "are complex numbers.")

    def _no_basis_narration(self) -> str:
        if self.eigen.kind == "scalar":
            return ("So any basis is an eigenbasis, and in every one of them A is the same diagonal matrix, "
                    "lambda times I.")
        if self.eigen.kind == "repeated":
            return ("An eigenbasis needs two independent eigenvectors, and this A has only one direction. So A "
                    "cannot be written as V Lambda V inverse with a real diagonal Lambda.")
        return ("An eigenbasis needs real eigenvectors, and this A has none. So A cannot be written as V "
                "Lambda V inverse with real matrices.")

    def _example_narration(self, kind: str, M) -> str:
        e = eigen_directions(M)
        if kind == "distinct":
            return (f"A stretch along the axes keeps two lines: the x axis, stretched by {said(e.values[0])}, "
                    f"and the y axis, by {said(e.values[1])}.")
        if kind == "repeated":
            return (f"A shear keeps just one line, the x axis, with eigenvalue {said(e.values[0])} twice. Every "
                    "other vector leans over.")
        if kind == "scalar":
            return f"A multiple of the identity keeps every line: each vector is stretched by {said(e.values[0])}."
        return ("A turn, here by 45 degrees with a stretch, keeps no line at all: every vector leaves its "
                "line. Its eigenvalues are complex.")

    # -- layout and mobjects -------------------------------------------------------------------------

    def matrix_now(self) -> np.ndarray:
        return straight_path(self.target, self.t.get_value())

    def _build_layout(self, points):
        t = self.theme
        layout = self.layout(3, 2)
        self.plane_box, self.side_box = layout.main, layout.side
        self.plane = fit_plane(self.plane_box, points)
        self.step = grid_step(self.plane)
        self.background = background_grid(self.plane, t, self.step)
        self.circle = Circle(radius=self.plane.unit, color=t.muted, stroke_width=2.5).move_to(self.plane.origin)
        self.arrows, self.own_lines = self._build_arrows(self.picture["directions"])
        self._build_panel()

    def _build_arrows(self, directions):
        """Thin arrows along ``directions`` (2, n), and the line through the origin each one lies on."""
        t, p = self.theme, self.plane
        arrows = VGroup(*[PlaneArrow(p.origin, p.c2p(*u), t.function, stroke_width=3.5, tip_length=0.16)
                          for u in directions.T])
        arrows.directions = directions
        lines, seen = VGroup(), []
        for u in directions.T:
            if any(abs(u[0] * w[1] - u[1] * w[0]) < 1e-9 for w in seen):
                continue  # u and -u share one line
            seen.append(u)
            ends = clip_to_box(np.zeros(2), u, (-p.half_w, -p.half_h), (p.half_w, p.half_h))
            line = VMobject()
            set_segment(line, p.c2p(*ends[0]), p.c2p(*ends[1]))
            lines.add(line)
        lines.set_stroke(t.muted, width=1.5, opacity=0.45)
        return arrows, lines

    def _carry(self, arrows):
        for arrow, u in zip(arrows, arrows.directions.T):
            arrow.add_updater(lambda m, u=u: m.place(self.plane.origin, self.plane.c2p(*(self.matrix_now() @ u))))

    def _build_panel(self) -> None:
        t, e = self.theme, self.eigen
        colors = (t.first, t.second)

        def lam(k, value):
            relation, text = rounding(value)
            return self.tex(rf"\lambda_{k} {relation} {text}", role="label", color=colors[k - 1])

        lines = {"kind": self.tex(rf"\text{{{KIND_WORDS[e.kind]}}}", role="label"),
                 "A": self.tex("A =", tex_matrix(self.A, 2, trim=True), role="label"),
                 "rule": self.tex(r"A\mathbf v = \lambda \mathbf v", role="label"),
                 "circle": self.tex(r"\text{unit vectors, each on its line}", role="label", color=t.muted),
                 "summary": self.tex(r"\text{two, one, every or no line}", role="label")}
        if e.kind == "distinct":
            lines.update(lam1=lam(1, e.values[0]), lam2=lam(2, e.values[1]))
            V, L = self.picture["V"], self.picture["Lambda"]
            exact = all(rounding(x)[0] == "=" for x in V.ravel())
            lines.update(
                V=self.tex(r"V", "=" if exact else r"\approx", tex_matrix(V, 2, trim=True), role="label"),
                x=self.tex(r"\mathbf x = \mathbf v_1 + \mathbf v_2", role="label", color=t.function),
                Ax=self.tex(r"A\mathbf x = \lambda_1\mathbf v_1 + \lambda_2\mathbf v_2", role="label",
                            color=t.function),
                AV=self.tex(r"A V = V \Lambda", role="label"),
                step1=self.tex(r"1.\ V^{-1}:\ \text{coordinates } (1, 1)", role="label"),
                step2=self.tex(r"2.\ \Lambda:\ (\lambda_1, \lambda_2)", role="label"),
                step3=self.tex(r"3.\ V:\ \lambda_1\mathbf v_1 + \lambda_2\mathbf v_2", role="label"),
                decomposition=self.tex(r"A = V \Lambda V^{-1},\ \ \Lambda",
                                       "=" if all(rounding(x)[0] == "=" for x in L.ravel()) else r"\approx",
                                       tex_matrix(L, 2, trim=True), role="label"))
        elif e.kind in ("repeated", "scalar"):
            lines.update(lam1=self.tex(rf"\lambda {' '.join(rounding(e.values[0]))}", role="label", color=t.first))
        else:
            lines.update(lam1=self.tex(r"\text{no real } \lambda", role="label"))
        lines.update(basis=self.tex(r"\text{no real eigenbasis}" if e.kind != "scalar" else
                                    r"\text{every basis: } A = \lambda I", role="label", color=t.highlight))
        for kind, M in self.picture["tour"]:
            lines[f"example-{kind}"] = self.tex(r"\text{" + EXAMPLE_NAMES[kind] + "}", tex_matrix(M, 2, trim=True),
                                                role="label")
            lines[f"kind-{kind}"] = self.tex(rf"\text{{{KIND_WORDS[kind]}}}", role="label")
        slots = self.side_box.split((1.0, 1.0, 1.0), vertical=True, gap=0.15)
        # one size for every line of words; a line with a matrix, taller, shrinks on its own
        # rather than shrinking them all
        matrices = [m for m in lines.values() if "bmatrix" in getattr(m, "tex_string", "")]
        words = [m for m in lines.values() if all(m is not x for x in matrices)]
        scale = min(self.fit_scale(m, slots[0]) for m in words)
        for m in words:
            m.scale(scale)
        for m in matrices:
            m.scale(min(scale, self.fit_scale(m, slots[0])))
        self.lines, self.slot_boxes, self.slots = lines, slots, [None, None, None]

    def _show_slot(self, changes: dict, *animations, run_time: float = 0.7) -> None:
        anims = list(animations)
        for slot, mob in changes.items():
            if self.slots[slot] is not None:
                anims.append(FadeOut(self.slots[slot]))
            if mob is not None:
                box = self.slot_boxes[slot]
                mob.move_to(box.center).align_to(box.center + LEFT * (box.width / 2 - 0.1), LEFT)
                anims.append(FadeIn(mob))
            self.slots[slot] = mob
        self.play(*anims, run_time=run_time)

    def _mark(self, arrows, vectors, *animations, run_time: float = 1.0):
        """Colour the arrows along ``vectors`` (rows: first, second) and dim the rest."""
        t = self.theme
        anims = list(animations)
        for arrow, u in zip(arrows, arrows.directions.T):
            color = None
            for k, v in enumerate(vectors):
                if abs(u[0] * v[1] - u[1] * v[0]) < 1e-9:
                    color = (t.first, t.second)[min(k, 1)] if len(vectors) <= 2 else t.first
            if color is None:
                anims.append(arrow.animate.set_opacity(0.3))
            else:
                anims.append(arrow.animate.set_color(color))
        self.play(*anims, run_time=run_time)

    # -- beats ---------------------------------------------------------------------------------------

    def _show_vectors(self):
        self.play(FadeIn(self.title_mob), FadeIn(self.background), run_time=1.0)
        self._carry(self.arrows)
        follow_matrix(self.circle, self.plane, self.matrix_now)
        self.play(FadeIn(self.own_lines), FadeIn(self.circle), FadeIn(self.arrows, lag_ratio=0.05), run_time=1.5)
        self._show_slot({0: self.lines["circle"]})

    def _show_apply(self):
        self._show_slot({0: self.lines["A"]}, run_time=0.5)
        self.play(self.t.animate.set_value(1.0), run_time=3.0, rate_func=smooth)

    def _show_eigen(self):
        e = self.eigen
        vectors = e.vectors if e.kind != "scalar" else self.arrows.directions.T
        self._show_slot({1: self.lines["kind"]}, run_time=0.5)
        self._mark(self.arrows, vectors)
        self._show_slot({2: self.lines["rule"]}, run_time=0.5)
        if e.kind == "distinct":
            self._show_slot({0: self.lines["lam1"], 1: self.lines["lam2"]})
        else:
            self._show_slot({0: self.lines["lam1"]})

    def _show_eigenbasis(self):
        t, V = self.theme, self.picture["V"]
        self.play(self.t.animate.set_value(0.0), run_time=1.5, rate_func=smooth)
        # enough lines for the grid at I and at A (A V = V Lambda; a 0 eigenvalue's lines fold onto one)
        stretched = V @ np.diag(np.where(self.eigen.values == 0, 1.0, self.eigen.values))
        self.grid = BasisGrid(self.plane, self.step, [V, stretched], stroke_color=t.image, stroke_width=2,
                              stroke_opacity=0.45)
        self.grid.add_updater(lambda g: g.set_basis(self.matrix_now() @ V))
        o = self.plane.origin
        self.legs = [PlaneArrow(o, o, t.first, stroke_width=5), PlaneArrow(o, o, t.second, stroke_width=5)]
        self.x_arrow = PlaneArrow(o, o, t.function, stroke_width=6)

        def place(_):
            M = self.matrix_now()
            a, b = M @ V[:, 0], M @ V[:, 1]
            self.legs[0].place(o, self.plane.c2p(*a))
            self.legs[1].place(self.plane.c2p(*a), self.plane.c2p(*(a + b)))
            self.x_arrow.place(o, self.plane.c2p(*(a + b)))

        self.walk = VGroup(self.x_arrow, *self.legs)
        place(self.walk)
        self.walk.add_updater(place)
        self.play(FadeOut(self.arrows), FadeOut(self.own_lines), FadeIn(self.grid), run_time=1.0)
        self._show_slot({0: self.lines["V"], 1: self.lines["x"], 2: None}, FadeIn(self.walk), run_time=1.0)

    def _show_diagonal(self):
        self.play(self.t.animate.set_value(1.0), run_time=3.0, rate_func=smooth)
        # what the walk shows once A has acted (scene points: leg 1's tip, leg 2's start and tip, x's tip);
        # the tour later carries it back to the circle
        self.diagonal_tips = [self.legs[0].end_point, self.legs[1].start_point, self.legs[1].end_point,
                              self.x_arrow.end_point]
        self._show_slot({1: self.lines["Ax"], 2: self.lines["AV"]})

    def _show_decomposition(self):
        self._show_slot({0: self.lines["step1"], 1: self.lines["step2"], 2: self.lines["step3"]}, run_time=0.8)
        for k in range(2):
            self.play(emphasise(self.legs[k], self.theme, scale=1.0),
                      emphasise(self.slots[k + 1], self.theme, scale=1.1), run_time=0.9)
        self._show_slot({0: self.lines["decomposition"], 1: None, 2: None}, run_time=0.8)
        self.current = self.walk, self.grid  # they make way for the tour's vectors

    def _show_no_basis(self):
        self._show_slot({2: self.lines["basis"]})
        self.wait(1.0)
        self.current = self.arrows, self.own_lines

    def _show_example(self, kind: str, M):
        """Back to the circle, then carry the twelve test vectors by ``M``; colour the lines it keeps."""
        old = self.current
        self.play(self.t.animate.set_value(0.0), *[FadeOut(m) for m in old], run_time=1.0, rate_func=smooth)
        for group in old:
            for mob in group.get_family():
                mob.clear_updaters()
        self.target = M
        arrows, lines = self._build_arrows(self.picture["regular"])
        self._carry(arrows)
        self._show_slot({0: self.lines[f"example-{kind}"], 1: None, 2: None}, FadeIn(arrows), FadeIn(lines),
                        run_time=0.8)
        self.play(self.t.animate.set_value(1.0), run_time=2.5, rate_func=smooth)
        e = eigen_directions(M)
        vectors = e.vectors if kind != "scalar" else arrows.directions.T
        self._mark(arrows, vectors, run_time=0.8)
        self._show_slot({1: self.lines[f"kind-{kind}"]}, run_time=0.5)
        self.current = arrows, lines

    def _show_summary(self):
        self._show_slot({0: self.lines["summary"], 1: None, 2: None})
        self.wait(1.0)
