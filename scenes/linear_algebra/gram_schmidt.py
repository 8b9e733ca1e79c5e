"""Gram-Schmidt in space: three vectors made orthonormal one at a time, the plane of the first two kept.

Render with its defaults, as plain manim::

    manim -ql scenes/linear_algebra/gram_schmidt.py GramSchmidt

Speed: space is seen from one fixed camera (see ``mathviz.kit.space``): every
arrow, drop and the patch of the plane is a flat 2D mobject, projected once.
The camera angle is chosen from the vectors so that none points at the viewer
and the plane of v1 and v2 is not seen edge-on.

Colours by the series' roles: the given vectors are the ``function`` (the
object under study), ghosted once replaced; the finished directions q1, q2 are
``first`` and ``second`` as in basis-change, q3 the ``highlight`` (ink: the
``image`` hue is too near the ``estimate`` on white); what is left
before normalising (w2, w3) already wears its q's colour; the projections that
are subtracted are the ``estimate``; the plane of v1 and v2 is a ``region``.
What lies behind that plane, seen from the camera, is drawn under it.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    DashedLine,
    FadeIn,
    FadeOut,
    GrowFromPoint,
    ReplacementTransform,
    Transform,
    VGroup,
    VMobject,
)

from mathviz.kit import (
    emphasise,
    choose_view,
    fit_space_view,
    MathvizScene,
    place_label,
    PlaneArrow,
    rounding,
    said,
    space_polygon,
    space_right_angle,
)
from scenes.linear_algebra.specs import GramSchmidtParams, gram_schmidt_picture

GHOST = 0.3  # opacity of a given vector once its q has replaced it
SIDE = 1e-9  # a point this close to the plane (relative to the picture) counts as in it
LAYERS = {"axes": -3, "behind": -1, "patch": 0, "projection": 1, "vector": 2, "mark": 3, "label": 5}


class GramSchmidt(MathvizScene):
    Params = GramSchmidtParams
    title = "Gram-Schmidt: making vectors orthonormal"

    def construct(self):
        p = self.params
        self.pic = gram_schmidt_picture(p.v1, p.v2, p.v3)
        self.V, self.Q, self.R, self.steps = self.pic["V"], self.pic["Q"], self.pic["R"], self.pic["steps"]
        self._build_layout()
        self._build_figure()

        self.beat("vectors", f"Here are three vectors in space: v1, v2 and v3. {self._intro_sentence()} "
                             "Gram-Schmidt repairs that one vector at a time.")
        self._show_vectors()
        self.beat("first", self._first_narration())
        self._show_first()
        self.beat("plane", "Together, v1 and v2 span a plane, shaded here. Watch it: no step that follows "
                           "will tilt it.")
        self._show_plane()
        self.beat("project-2", self._projection_narration())
        self._show_projection_2()
        self.beat("subtract-2", "Take that part away. What is left, w2, is v2 minus its projection, and it "
                                "meets q1 at a right angle.")
        self._show_subtract_2()
        self.beat("normalise-2", f"Divide w2 by its length, {said(self.R[1, 1])}, and it becomes q2, "
                                 "a unit vector at a right angle to q1.")
        self._show_normalise(1)
        self.beat("span", "The plane has not moved. The triangle of q1 and q2 lies in it, where the one of "
                          "v1 and v2 was: any mix of v1 and v2 is a mix of q1 and q2, and back.")
        self._show_span()
        self.beat("project-3", "Step three. v3 casts a shadow on each finished direction, along q1 and "
                               "along q2. Put tip to tail, the two shadows reach the foot of the "
                               f"perpendicular from v3 to the plane.{self._zero_shadows()}")
        self._show_projection_3()
        self.beat("subtract-3", "Take both away. The rest, w3, stands at a right angle to the whole "
                                "plane, so to q1 and to q2 at once.")
        self._show_subtract_3()
        self.beat("normalise-3", f"Divide w3 by its length, {said(self.R[2, 2])}, to get q3. Now each q has "
                                 "length one and every pair meets at a right angle: an orthonormal basis.")
        self._show_normalise(2)
        self.beat("qr", "The numbers removed on the way fill a triangle. Each v uses only the q's up to its "
                        "own number, so A, with the v's as columns, is Q times an upper triangular R.")
        self._show_qr()

    # -- words that depend on the vectors -----------------------------------------------------

    def _intro_sentence(self) -> str:
        V = self.V
        lengths = np.linalg.norm(V, axis=1)
        cosines = [abs(V[i] @ V[j]) / (lengths[i] * lengths[j]) for i, j in ((0, 1), (0, 2), (1, 2))]
        square = max(cosines) <= 1e-9
        unit = bool(np.all(np.abs(lengths - 1.0) <= 1e-9))
        if square and unit:
            return "They are orthonormal already, so every step below leaves them as they are."
        if square:
            return "They meet at right angles already, but not all of them have length one."
        if unit:
            return "Each has length one, but they do not all meet at right angles."
        return "They do not all meet at right angles, and they do not all have length one."

    def _projection_narration(self) -> str:
        start = "Step two. Drop a perpendicular from the tip of v2 onto the line of q1. "
        if rounding(self.R[0, 1]) == ("=", "0"):
            return start + ("It lands on the origin: v2 already meets q1 at a right angle, so its projection "
                            "on q1 is zero.")
        return start + ("Its foot is the projection of v2 on q1, the part of v2 that runs along q1: "
                        f"q1 dot v2 times q1, with q1 dot v2 {said(self.R[0, 1])}.")

    def _zero_shadows(self) -> str:
        zero = [f"q{j + 1}" for j in range(2) if rounding(self.R[j, 2]) == ("=", "0")]
        if not zero:
            return ""
        if len(zero) == 2:
            return " Here both are zero: v3 already meets the plane at a right angle."
        return f" Here the one along {zero[0]} is zero: v3 already meets {zero[0]} at a right angle."

    def _first_narration(self) -> str:
        if rounding(self.R[0, 0]) == ("=", "1"):
            return "Step one keeps v1 as it is: it already has length one, so q1 is v1."
        return (f"Step one keeps the direction of v1 and changes only its length: divide v1 by its "
                f"length, {said(self.R[0, 0])}, to get q1, a unit vector.")

    # -- layout and mobjects --------------------------------------------------------------------

    def _build_layout(self):
        layout = self.layout(3.1, 2, square=(3, 1.3), tall=(2.2, 1.1))
        self.figure_box, self.panel_box = layout.main, layout.side
        Q, V = self.Q, self.V
        phi, theta = choose_view(np.vstack([V, Q]), planes=[Q[2]])
        self.axis_reach = self._axis_reach()
        ends = np.vstack([np.diag(self.axis_reach[1]), np.diag(self.axis_reach[0])])
        self.view = fit_space_view(self.figure_box, np.vstack([self.pic["points"], ends]), phi, theta, pad=0.3)
        normal = Q[2] if self.view.facing(Q[2]) >= 0 else -Q[2]
        self.toward_viewer = normal  # the side of the plane the camera sees
        self.size = float(np.abs(self.pic["points"]).max())

    def _axis_reach(self) -> np.ndarray:
        """``(low, high)`` per axis: each axis runs a little past the picture on both sides of 0."""
        pts = self.pic["points"]
        span = float(np.abs(pts).max())
        low = np.minimum(pts.min(axis=0), 0.0) - 0.08 * span
        high = np.maximum(pts.max(axis=0), 0.0) + 0.1 * span
        return np.array([low, high])

    def _layer(self, *points) -> int:
        """Behind the plane (seen from the camera) or not: one side of it holds all of a piece."""
        sides = [float(np.asarray(p) @ self.toward_viewer) for p in points]
        return LAYERS["behind"] if min(sides) < -SIDE * self.size and max(sides) <= SIDE * self.size else None

    def _arrow(self, start, end, color, width: float = 5.0, layer: str = "vector") -> PlaneArrow:
        start, end = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
        arrow = PlaneArrow(self.view.c2p(start), self.view.c2p(end), color, stroke_width=width, tip_length=0.2)
        arrow.world = (start, end)
        arrow.set_z_index(self._layer(start, end) or LAYERS[layer])
        return arrow

    def _place(self, arrow: PlaneArrow, start, end) -> PlaneArrow:
        """Move ``arrow`` to run from world ``start`` to world ``end`` (for ``.animate``)."""
        arrow.world = (np.asarray(start, dtype=float), np.asarray(end, dtype=float))
        return arrow.place(self.view.c2p(start), self.view.c2p(end))

    def _slide(self, arrow: PlaneArrow, start, end, *animations, run_time: float = 1.2) -> None:
        """Move ``arrow`` (keeping its direction) to run from world ``start`` to ``end``."""
        target = self._place(arrow.copy(), start, end)
        self.play(Transform(arrow, target), *animations, run_time=run_time)
        self._place(arrow, start, end)  # the same points: its ends and world ends are now the new ones

    def _drop(self, top, foot) -> VMobject:
        line = DashedLine(self.view.c2p(top), self.view.c2p(foot), color=self.theme.muted, stroke_width=2.5,
                          dash_length=0.09)
        line.world = (np.asarray(top, dtype=float), np.asarray(foot, dtype=float))
        return line.set_z_index(self._layer(top, foot) or LAYERS["mark"])

    def _mark(self, corner, a, b) -> VMobject:
        size = 0.2 / self.view.unit
        mark = space_right_angle(self.view, corner, a, b, size, self.theme.muted, stroke_width=2.5)
        tips = [np.asarray(corner) + size * np.asarray(d) / np.linalg.norm(d) for d in (a, b)]
        return mark.set_z_index(self._layer(corner, *tips) or LAYERS["mark"])

    def _build_figure(self):
        t, V, Q, steps = self.theme, self.V, self.Q, self.steps
        low, high = self.axis_reach
        self.axes = VGroup()
        for k in range(3):
            a, b = np.zeros(3), np.zeros(3)
            a[k], b[k] = low[k], high[k]
            self.axes.add(DashedLine(self.view.c2p(a), self.view.c2p(b), stroke_width=1.5, dash_length=0.06,
                                     color=t.axis, stroke_opacity=0.55))
        self.axes.set_z_index(LAYERS["axes"])
        self.patch = space_polygon(self.view, self.pic["patch"], t.region, opacity=0.22, stroke_width=1.5)
        self.patch.set_z_index(LAYERS["patch"])
        self.q_colors = (t.first, t.second, t.highlight)
        zero = np.zeros(3)
        self.v_arrows = [self._arrow(zero, v, t.function) for v in V]
        self.q_arrows = [self._arrow(zero, q, c, width=6.0) for q, c in zip(Q, self.q_colors)]
        # step 2: the drop from v2 onto the line of q1, the projection, and what is left, at v2's tip first
        foot2 = steps[1].projections[0]
        self.line_q1 = self._line_through(Q[0])
        self.drop2 = self._drop(V[1], foot2)
        self.proj2 = self._arrow(zero, foot2, t.estimate, width=8.0, layer="projection")
        self.w2 = self._arrow(foot2, V[1], self.q_colors[1])
        self.corner2 = self._mark(foot2, V[1] - foot2, -foot2 if np.linalg.norm(foot2) > 1e-9 else Q[0])
        # step 3: a drop onto each finished line, the shadows tip to tail, the drop to the plane
        p31, p32 = steps[2].projections
        foot3 = self.pic["foot"]
        self.line_q2 = self._line_through(Q[1])
        self.drops3 = [self._drop(V[2], p31), self._drop(V[2], p32)]
        self.proj3 = [self._arrow(zero, p31, t.estimate, width=8.0, layer="projection"),
                      self._arrow(zero, p32, t.estimate, width=8.0, layer="projection")]
        self.drop_plane = self._drop(V[2], foot3)
        self.w3 = self._arrow(foot3, V[2], self.q_colors[2])
        # the cells spanned by v1, v2 and by q1, q2, in the plane
        self.cell = self._cell(V[0], V[1])
        self.q_cell = self._cell(Q[0], Q[1])
        self._build_labels()

    def _line_through(self, direction) -> VMobject:
        """The line of ``direction`` across the patch of the plane, faint: where a drop lands."""
        coords = self.pic["patch"] @ direction
        a, b = coords.min() * direction, coords.max() * direction
        line = VMobject(stroke_color=self.theme.muted, stroke_width=2.0, stroke_opacity=0.7)
        line.set_points_as_corners(self.view.c2p(np.array([a, b])))
        return line.set_z_index(LAYERS["projection"] - 0.5)

    def _cell(self, a, b) -> VMobject:
        corners = np.array([np.zeros(3), a, b])  # the triangle of a and b: it lies in their plane
        cell = space_polygon(self.view, corners, self.theme.function, opacity=0.18, stroke_width=2.5)
        return cell.set_z_index(LAYERS["patch"] + 0.5)

    def _build_labels(self):
        """One label per arrow that has a name, each placed clear of everything ever drawn."""
        t = self.theme
        slid = [self._arrow(np.zeros(3), self.steps[k].residual, t.text) for k in (1, 2)]  # w2, w3 from 0
        names = {"v1": (r"\mathbf v_1", t.function, self.v_arrows[0]), "v2": (r"\mathbf v_2", t.function, self.v_arrows[1]),
                 "v3": (r"\mathbf v_3", t.function, self.v_arrows[2]),
                 "q1": (r"\mathbf q_1", self.q_colors[0], self.q_arrows[0]),
                 "q2": (r"\mathbf q_2", self.q_colors[1], self.q_arrows[1]),
                 "q3": (r"\mathbf q_3", self.q_colors[2], self.q_arrows[2]),
                 "w2": (r"\mathbf w_2", self.q_colors[1], slid[0]), "w3": (r"\mathbf w_3", self.q_colors[2], slid[1])}
        strokes = [*self.v_arrows, *self.q_arrows, self.w2, self.w3, *slid, self.proj2, *self.proj3, self.drop2,
                   *self.drops3, self.drop_plane, self.line_q1, self.line_q2]
        points = np.vstack([self._samples(m) for m in strokes] + [self._samples(a) for a in self.axes])
        placed = []
        self.labels = {}
        for key in ("v1", "v2", "v3", "q1", "q2", "q3", "w2", "w3"):
            tex, color, arrow = names[key]
            label = self.tex(tex, role="label", color=color)
            label.add_background_rectangle(color=t.background, opacity=0.9, buff=0.04)
            place_label(label, self._candidates(arrow, label), box=self.figure_box, avoid=placed, points=points,
                        clearance=0.06)
            label.set_z_index(LAYERS["label"])
            placed.append(label)
            self.labels[key] = label

    @staticmethod
    def _samples(mob, n: int = 24) -> np.ndarray:
        pts = mob.get_all_points() if not isinstance(mob, PlaneArrow) else np.array(
            [mob.start_point + s * (mob.end_point - mob.start_point) for s in np.linspace(0, 1, n)])
        return pts if len(pts) else np.zeros((0, 3))

    def _candidates(self, arrow: PlaneArrow, label) -> list:
        """Around the arrow's tip, the way it points first, then turning both ways; then farther out."""
        d = arrow.end_point - arrow.start_point
        base = float(np.arctan2(d[1], d[0])) if np.linalg.norm(d) > 1e-9 else 0.0
        r = 0.5 * float(np.hypot(label.width, label.height)) + 0.1
        turns = [0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7, 8]
        out = []
        for reach in (r, 1.5 * r, 2.2 * r):
            for k in turns:
                a = base + k * np.pi / 8
                out.append(arrow.end_point + reach * np.array([np.cos(a), np.sin(a), 0.0]))
        return out

    @staticmethod
    def _grow(arrow: PlaneArrow):
        return GrowFromPoint(arrow, arrow.start_point)

    def _panel(self, *rows) -> VGroup:
        """The side panel's lines, one column read top to bottom, in place of the ones before."""
        group = VGroup(*rows)
        self.fit_rows(group, self.panel_box, buff=0.25, columns=1)
        if self.shape == "tall":  # up against the figure, not adrift in the middle of the strip
            group.shift((self.panel_box.top - 0.1 - group.get_top()[1]) * UP)
        old = getattr(self, "panel", None)
        self.play(*([FadeOut(old)] if old is not None else []), FadeIn(group), run_time=0.6)
        self.panel = group
        return group

    def _line(self, *parts, color=None):
        """A panel line: TeX pieces, each a string or ``(tex, colour)``."""
        tex = [p[0] if isinstance(p, tuple) else p for p in parts]
        line = self.tex(*tex, role="body", color=color or self.theme.text)
        for piece, part in zip(line.submobjects, parts):
            if isinstance(part, tuple):
                piece.set_color(part[1])
        return line

    def _vec(self, values) -> tuple[str, str]:
        """``("=" or "\\approx", "[a, b, c]")``: rounded to two places, said so when rounded."""
        shown = [rounding(x) for x in values]  # float noise (1e-17 for 0) is not rounding
        exact = all(relation == "=" for relation, _ in shown)
        return ("=" if exact else r"\approx"), "[" + ", ".join(text for _, text in shown) + "]"

    def _num(self, value) -> str:
        relation, text = rounding(value)
        return f"{relation} {text}"

    # -- beats ------------------------------------------------------------------------------------

    def _show_vectors(self):
        t, L = self.theme, self.labels
        self.play(FadeIn(self.title_mob), Create(self.axes), run_time=1.0)
        self.play(*[self._grow(a) for a in self.v_arrows], *[FadeIn(L[k]) for k in ("v1", "v2", "v3")], run_time=1.2)
        rows = [self._line((rf"\mathbf v_{k + 1}", t.function), " ".join(self._vec(v))) for k, v in enumerate(self.V)]
        self._panel(*rows)

    def _show_first(self):
        t, L = self.theme, self.labels
        rows = [self._line(r"\|\mathbf v_1\|", self._num(self.R[0, 0])),
                self._line((r"\mathbf q_1", t.first), r"= \mathbf v_1 / \|\mathbf v_1\|"),
                self._line((r"\mathbf q_1", t.first), " ".join(self._vec(self.Q[0])))]
        self._panel(*rows)
        self.play(self._grow(self.q_arrows[0]), FadeIn(L["q1"]), self.v_arrows[0].animate.set_opacity(GHOST),
                  run_time=1.2)

    def _show_plane(self):
        self.play(FadeIn(self.patch), run_time=1.0)
        self.play(emphasise(self.patch, self.theme, scale=1.0), run_time=1.0)

    def _show_projection_2(self):
        t = self.theme
        rows = [self._line((r"\mathbf q_1", t.first), r"\cdot", (r"\mathbf v_2", t.function), self._num(self.R[0, 1])),
                self._line(r"(\mathbf q_1 \cdot \mathbf v_2)\, \mathbf q_1", " ".join(self._vec(self.steps[1].projections[0])),
                           color=t.estimate)]
        self._panel(*rows)
        self.play(Create(self.line_q1), Create(self.drop2), run_time=1.2)
        self.play(self._grow(self.proj2), Create(self.corner2), run_time=1.0)

    def _show_subtract_2(self):
        t, Q = self.theme, self.Q
        rows = [self._line((r"\mathbf w_2", t.second), r"= \mathbf v_2 - (\mathbf q_1 \cdot \mathbf v_2)\, \mathbf q_1"),
                self._line((r"\mathbf w_2", t.second), " ".join(self._vec(self.steps[1].residual))),
                self._line((r"\mathbf q_1", t.first), r"\cdot", (r"\mathbf w_2", t.second), "= 0")]
        self._panel(*rows)
        self.play(self._grow(self.w2), run_time=1.0)
        # what is left slides back to the origin, its label with it
        w2 = self.steps[1].residual
        self.w2_label = self.labels["w2"].copy()
        self._slide(self.w2, np.zeros(3), w2, FadeIn(self.w2_label), FadeOut(self.corner2))
        self.corner_w2 = self._mark(np.zeros(3), Q[0], w2)
        self.play(Create(self.corner_w2), run_time=0.6)

    def _show_normalise(self, k: int):
        """w_k shrinks (or stretches) to q_k: the same direction, length one."""
        color = self.q_colors[k]
        name = rf"\mathbf q_{k + 1}"
        rows = [self._line(rf"\|\mathbf w_{k + 1}\|", self._num(self.R[k, k])),
                self._line((name, color), rf"= \mathbf w_{k + 1} / \|\mathbf w_{k + 1}\|"),
                self._line((name, color), " ".join(self._vec(self.Q[k])))]
        self._panel(*rows)
        w, w_label = (self.w2, self.w2_label) if k == 1 else (self.w3, self.w3_label)
        v = self.v_arrows[k]
        clear = [FadeOut(m) for m in self._step_pieces(k)]
        self.play(ReplacementTransform(w, self.q_arrows[k]), ReplacementTransform(w_label, self.labels[f"q{k + 1}"]),
                  v.animate.set_opacity(GHOST), *clear, run_time=1.4)
        if k == 2:
            Q = self.Q
            self.corners3 = VGroup(self._mark(np.zeros(3), Q[0], Q[2]), self._mark(np.zeros(3), Q[1], Q[2]))
            self.play(Create(self.corners3), run_time=0.6)

    def _step_pieces(self, k: int) -> list:
        if k == 1:
            return [self.drop2, self.proj2, self.line_q1]
        return [*self.drops3, *self.proj3, self.drop_plane, self.line_q2, *self.corners_w3]

    def _show_span(self):
        t = self.theme
        rows = [self._line(r"\operatorname{span}(", (r"\mathbf v_1", t.function), ",", (r"\mathbf v_2", t.function),
                           r") = \operatorname{span}(", (r"\mathbf q_1", t.first), ",", (r"\mathbf q_2", t.second), ")"),
                self._line((r"\mathbf v_1", t.function), self._combination(0)),
                self._line((r"\mathbf v_2", t.function), self._combination(1))]
        self._panel(*rows)
        self.play(FadeOut(self.corner_w2), FadeIn(self.cell), run_time=0.8)
        self.play(Transform(self.cell, self.q_cell), run_time=1.6)
        self.play(emphasise(self.patch, self.theme, scale=1.0), run_time=1.0)

    def _combination(self, k: int) -> str:
        """``v_k`` as its combination of ``q_1 .. q_k``, the numbers being ``R[:k+1, k]``."""
        exact = all(rounding(self.R[j, k])[0] == "=" for j in range(k + 1))
        terms = []
        for j in range(k + 1):
            text = rounding(self.R[j, k])[1]
            sign = "-" if text.startswith("-") else "+"
            body = text.lstrip("-")
            terms.append((sign, rf"{body}\, \mathbf q_{j + 1}"))
        out = ("-" if terms[0][0] == "-" else "") + terms[0][1]
        for sign, body in terms[1:]:
            out += f" {sign} {body}"
        return ("= " if exact else r"\approx ") + out

    def _show_projection_3(self):
        t, R = self.theme, self.R
        rows = [self._line((r"\mathbf q_1", t.first), r"\cdot", (r"\mathbf v_3", t.function), self._num(R[0, 2]),
                           r",\quad", (r"\mathbf q_2", t.second), r"\cdot", (r"\mathbf v_3", t.function), self._num(R[1, 2])),
                self._line(r"\mathbf p_3 = (\mathbf q_1 \cdot \mathbf v_3)\, \mathbf q_1 + (\mathbf q_2 \cdot \mathbf v_3)\, \mathbf q_2",
                           color=t.estimate),
                self._line(r"\mathbf p_3", " ".join(self._vec(self.pic["foot"])), color=t.estimate)]
        self._panel(*rows)
        self.play(FadeOut(self.cell), Create(self.line_q1), Create(self.line_q2), *[Create(d) for d in self.drops3],
                  run_time=1.2)
        self.play(*[self._grow(a) for a in self.proj3], run_time=1.0)
        # tip to tail: the second shadow moves to start where the first ends
        p31, p32 = self.steps[2].projections
        self._slide(self.proj3[1], p31, p31 + p32, FadeOut(VGroup(*self.drops3)))
        self.play(Create(self.drop_plane), run_time=0.8)

    def _show_subtract_3(self):
        t, Q = self.theme, self.Q
        w3 = self.steps[2].residual
        rows = [self._line((r"\mathbf w_3", t.highlight), r"= \mathbf v_3 - \mathbf p_3"),
                self._line((r"\mathbf w_3", t.highlight), " ".join(self._vec(w3))),
                self._line((r"\mathbf q_1", t.first), r"\cdot", (r"\mathbf w_3", t.highlight), "= 0,", r"\quad",
                           (r"\mathbf q_2", t.second), r"\cdot", (r"\mathbf w_3", t.highlight), "= 0")]
        self._panel(*rows)
        self.play(self._grow(self.w3), run_time=1.0)
        self.w3_label = self.labels["w3"].copy()
        self._slide(self.w3, np.zeros(3), w3, FadeIn(self.w3_label))
        self.corners_w3 = [self._mark(np.zeros(3), Q[0], w3), self._mark(np.zeros(3), Q[1], w3)]
        self.play(*[Create(c) for c in self.corners_w3], run_time=0.6)

    def _show_qr(self):
        relation = "=" if all(rounding(x)[0] == "=" for x in self.R.ravel()) else r"\approx"
        entries = r" \\ ".join(" & ".join(rounding(x)[1] for x in row) for row in self.R)
        self.r_matrix = self._line(r"R", relation, r"\begin{bmatrix}" + entries + r"\end{bmatrix}")
        words = [self._line(r"A = [\,\mathbf v_1\ \mathbf v_2\ \mathbf v_3\,] = Q R"),
                 self._line(r"r_{jk} = \mathbf q_j \cdot \mathbf v_k,\ \ r_{kk} = \|\mathbf w_k\|")]
        if self.shape == "square":  # a low strip: the matrix beside the two lines, not under them
            lines = VGroup(*words).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
            self._panel(VGroup(lines, self.r_matrix).arrange(RIGHT, buff=0.6))
        else:
            self._panel(words[0], self.r_matrix, words[1])
        self.play(*[emphasise(a, self.theme, scale=1.0) for a in self.q_arrows],
                  run_time=1.2)
