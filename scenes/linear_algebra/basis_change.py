"""Change of basis: one arrow, read in the standard basis, a slanted basis and an orthonormal one.

Render with its defaults, as plain manim::

    manim -ql scenes/linear_algebra/basis_change.py BasisChange
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
    Dot,
    FadeIn,
    FadeOut,
    ReplacementTransform,
    ValueTracker,
    VGroup,
    linear,
    smooth,
)

from mathviz.core.linalg import basis_path, coordinates_in_basis, projection, rotation
from mathviz.kit import (
    background_grid,
    BasisGrid,
    beside,
    fit_plane,
    format_number,
    format_vector,
    grid_step,
    MathvizScene,
    place_label,
    PlaneArrow,
)
from scenes.linear_algebra.specs import BasisChangeParams, basis_change_picture


class BasisChange(MathvizScene):
    Params = BasisChangeParams
    title = "Change of basis"

    def construct(self):
        p = self.params
        picture = basis_change_picture(p.b1, p.b2, p.v)
        self.B, self.Q, self.v = picture["B"], picture["Q"], np.array(p.v, dtype=float)
        self.morph = ValueTracker(0.0)  # 0 standard basis, 1 the basis B, 2 the orthonormal Q
        self.turn = ValueTracker(0.0)  # how far v is turned in the live beat, radians
        self._build_layout(picture["points"])
        c = coordinates_in_basis(self.B, self.v)

        v1, v2 = (format_number(x, digits=3, style="text") for x in self.v)
        c1, c2 = (format_number(x, 2, style="text") for x in c)

        self.beat("standard", f"In the standard grid a vector's coordinates are its entries: v is "
                              f"{v1} times e1 plus {v2} times e2.")
        self._show_standard()
        self.beat("new-basis", self._new_basis_narration())
        self._show_new_basis()
        self.beat("morph", "Let the grid follow them. Each square of the old grid becomes a parallelogram "
                           "spanned by b1 and b2: these are the new coordinate lines.")
        self._show_morph(1.0, ("b_1", "b_2"))
        self.beat("coordinates", f"Read v on the new grid: {c1} steps along b1, then {c2} along b2. "
                                 "These numbers solve B c = v, with b1 and b2 as the columns of B.")
        self._show_coordinates()
        self.beat("live", "Turn v around. Both pairs of numbers change at once, and both always describe "
                          "the same arrow: two languages for one vector.")
        self._show_live()
        self.beat("orthonormal", "Perpendicular basis vectors of length one make an orthonormal basis. "
                                 "Straighten b1 and b2 into one: q1 along b1, q2 at a right angle to it.")
        self._show_orthonormal()
        self.beat("projections", "Now nothing needs solving. Each coordinate is a dot product, q times v: "
                                 "the length of the shadow v casts on that axis.")
        self._show_projections()

    # -- what moves ------------------------------------------------------------------------------

    def basis_now(self) -> np.ndarray:
        m = self.morph.get_value()
        if m <= 1.0:
            return basis_path(self.B, m)
        return basis_path(self.Q, m - 1.0, start=self.B)

    def v_now(self) -> np.ndarray:
        return rotation(self.turn.get_value()) @ self.v

    def _new_basis_narration(self) -> str:
        b1, b2 = self.B.T
        if abs(b1 @ b2) <= 1e-9 * np.linalg.norm(b1) * np.linalg.norm(b2):
            return ("Now take two other vectors, b1 and b2. Any two that point in different directions "
                    "form a basis of the plane; these happen to be perpendicular.")
        return ("Now take two other vectors, b1 and b2. They are not perpendicular, and they need not be: "
                "any two vectors pointing in different directions form a basis of the plane.")

    # -- layout and mobjects ---------------------------------------------------------------------

    def _build_layout(self, points):
        layout = self.layout(3, 2)
        self.plane_box, self.side_box = layout.main, layout.side
        self.plane = fit_plane(self.plane_box, points)
        step = grid_step(self.plane)
        self.background = background_grid(self.plane, self.theme, step)
        self.grid = BasisGrid(self.plane, step, [np.eye(2), self.B, self.Q],
                              stroke_color=self.theme.image, stroke_width=2, stroke_opacity=0.4)
        colors = (self.theme.first, self.theme.second)
        self.arrows = [PlaneArrow(self.plane.origin, self.plane.c2p(*np.eye(2)[:, k]), colors[k]) for k in range(2)]
        self.v_arrow = PlaneArrow(self.plane.origin, self.plane.c2p(*self.v), self.theme.function, stroke_width=6)
        self.readouts = self._build_readouts()

    def _build_readouts(self) -> VGroup:
        t = self.theme
        b1, b2 = self.B.T

        def row(e1, e2, values):  # v = c1 e1 + c2 e2, the sign of c2 in its readout
            first, second = (self.number(c, "body", t.function, include_sign=k == 1) for k, c in enumerate(values))
            return self.readout_row(r"\mathbf v =", first, (rf"\,{e1}\;", t.first), second,
                                    (rf"\,{e2}", t.second), role="body", color=t.function)

        def header(text):
            return self.tex(text, role="label", color=t.muted)

        def vector(values, decimals=2, **kwargs):  # b as typed (3 significant digits), q rounded
            return format_vector(values, decimals, style="tex", **kwargs)

        c, d = coordinates_in_basis(self.B, self.v), coordinates_in_basis(self.Q, self.v)
        self.rows = [row(r"\mathbf e_1", r"\mathbf e_2", self.v), row(r"\mathbf b_1", r"\mathbf b_2", c),
                     row(r"\mathbf q_1", r"\mathbf q_2", d)]
        q1, q2 = self.Q.T
        self.headers = [
            VGroup(header(r"\text{standard basis } \mathbf e_1, \mathbf e_2")),
            VGroup(header(rf"\mathbf b_1 = {vector(b1, digits=3)},\ \mathbf b_2 = {vector(b2, digits=3)}"),
                   header(r"\text{solve } B\mathbf c = \mathbf v,\ B = [\,\mathbf b_1\ \mathbf b_2\,]")),
            VGroup(header(rf"\mathbf q_1 = {vector(q1, 2)},\ \mathbf q_2 = {vector(q2, 2)}"),
                   header(r"\text{orthonormal: coordinates are } \mathbf q_k \cdot \mathbf v")),
        ]
        for h in self.headers:
            h.arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        blocks = VGroup(*[VGroup(h, r).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
                          for h, r in zip(self.headers, self.rows)])
        return self.fit_rows(blocks, self.side_box, buff=0.45, column_gap=0.5)

    def _tip_label(self, tex: str, arrow: PlaneArrow, color: str):
        label = self.tex(tex, role="label", color=color)
        label.add_background_rectangle(color=self.theme.background, opacity=0.6, buff=0.04)

        def stick(m):
            tip = arrow.end_point - arrow.start_point
            norm = float(np.linalg.norm(tip))
            direction = tip / norm if norm > 1e-6 else UP
            m.move_to(arrow.end_point + direction * (0.2 + 0.5 * max(m.width, m.height)))

        stick(label)
        return label.add_updater(stick)

    # -- beats -----------------------------------------------------------------------------------

    def _show_standard(self):
        t = self.theme
        self.play(FadeIn(self.title_mob), FadeIn(self.background), run_time=1.0)
        self.labels = VGroup(*[self._tip_label(rf"\mathbf e_{k + 1}", self.arrows[k], (t.first, t.second)[k])
                               for k in range(2)])
        self.v_label = self._tip_label(r"\mathbf v", self.v_arrow, t.function)
        self.play(*[FadeIn(a) for a in self.arrows], FadeIn(self.labels), run_time=0.8)
        self.play(FadeIn(self.v_arrow), FadeIn(self.v_label), run_time=0.8)
        self.v_arrow.add_updater(lambda m: m.place(self.plane.origin, self.plane.c2p(*self.v_now())))
        self.rows[0].add_updater(lambda row: row.set_values(self.v_now()))
        self.play(FadeIn(self.headers[0]), FadeIn(self.rows[0]), run_time=1.0)
        self.wait(1.5)

    def _show_new_basis(self):
        t = self.theme
        self.targets = VGroup(*[PlaneArrow(self.plane.origin, self.plane.c2p(*self.B[:, k]),
                                           (t.first, t.second)[k], stroke_width=3) for k in range(2)])
        self.targets.set_opacity(0.6)
        self.target_labels = VGroup(*[self._tip_label(rf"\mathbf b_{k + 1}", self.targets[k],
                                                      (t.first, t.second)[k]) for k in range(2)])
        self.play(FadeIn(self.targets), FadeIn(self.target_labels), FadeIn(self.headers[1]), run_time=1.2)
        self.wait(1.8)

    def _show_morph(self, to: float, names):
        """Move the grid and the basis arrows to ``morph = to``, then rename the arrows."""
        t = self.theme
        if not hasattr(self, "grid_following"):
            self.grid.add_updater(lambda g: g.set_basis(self.basis_now()))
            for k, arrow in enumerate(self.arrows):
                arrow.add_updater(lambda m, k=k: m.place(self.plane.origin,
                                                         self.plane.c2p(*self.basis_now()[:, k])))
            self.play(FadeIn(self.grid), run_time=0.6)
            self.grid_following = True
        self.play(self.morph.animate.set_value(to), run_time=3.0, rate_func=smooth)
        new_labels = VGroup(*[self._tip_label(rf"\mathbf {names[k][0]}_{k + 1}", self.arrows[k],
                                              (t.first, t.second)[k]) for k in range(2)])
        fading = [FadeOut(self.targets), FadeOut(self.target_labels)] if to == 1.0 else []
        self.play(ReplacementTransform(self.labels, new_labels), *fading, run_time=0.6)
        self.labels = new_labels
        self.wait(0.6)

    def _build_legs(self, basis, coords_now):
        """Tip-to-tail arrows ``c1 b1`` then ``c2 b2``, following ``coords_now()``."""
        t = self.theme
        legs = [PlaneArrow(self.plane.origin, self.plane.origin, color, stroke_width=4, tip_length=0.18)
                for color in (t.first, t.second)]

        def place(_):
            c = coords_now()
            corner = basis[:, 0] * c[0]
            legs[0].place(self.plane.origin, self.plane.c2p(*corner))
            legs[1].place(self.plane.c2p(*corner), self.plane.c2p(*(corner + basis[:, 1] * c[1])))

        group = VGroup(*legs)
        place(group)
        return group.add_updater(place)

    def _show_coordinates(self):
        self.legs = self._build_legs(self.B, lambda: coordinates_in_basis(self.B, self.v_now()))
        self.rows[1].add_updater(lambda row: row.set_values(coordinates_in_basis(self.B, self.v_now())))
        self.play(Create(self.legs), run_time=1.5)
        self.play(FadeIn(self.rows[1]), run_time=0.8)
        self.wait(1.5)

    def _show_live(self):
        self.play(self.turn.animate.set_value(2 * np.pi), run_time=6.0, rate_func=linear)
        self.turn.set_value(0.0)  # a full turn: v is back where it started
        self.wait(0.8)

    def _show_orthonormal(self):
        self.legs.clear_updaters()
        self.play(FadeOut(self.legs), run_time=0.5)
        self._show_morph(2.0, ("q_1", "q_2"))

    def _show_projections(self):
        d = coordinates_in_basis(self.Q, self.v)
        feet = [projection(self.v, self.Q[:, k]) for k in range(2)]
        tip = self.plane.c2p(*self.v)
        self.drops = VGroup(*[DashedLine(tip, self.plane.c2p(*foot), color=self.theme.muted, stroke_width=2)
                              for foot in feet])
        self.feet = VGroup(*[Dot(self.plane.c2p(*foot), radius=0.06, color=self.theme.function) for foot in feet])
        self.shadows = VGroup(*[PlaneArrow(self.plane.origin, self.plane.c2p(*foot), color, stroke_width=7,
                                           tip_length=0.2)
                                for foot, color in zip(feet, (self.theme.first, self.theme.second))])
        self.shadows.set_opacity(0.75)
        self.rows[2].set_values(d)
        self.shadow_labels = VGroup()
        for k, (foot, color) in enumerate(zip(feet, (self.theme.first, self.theme.second))):
            label = self.tex(rf"\mathbf q_{k + 1} \cdot \mathbf v = {format_number(d[k], 2, style='tex')}",
                             role="small", color=color)
            label.add_background_rectangle(color=self.theme.background, opacity=0.75, buff=0.05)
            out = self.Q[:, k] * (1.0 if d[k] >= 0 else -1.0)
            normal = np.array([-out[1], out[0]])
            candidates = [beside(label, self.plane.c2p(*(foot)), out)]
            candidates += [beside(label, self.plane.c2p(*(frac * foot)), side)
                           for frac in (0.6, 0.3) for side in (-normal, normal)]
            self.shadow_labels.add(place_label(label, candidates, self.plane_box, avoid=self.shadow_labels))
        self.play(Create(self.drops), FadeIn(self.feet), FadeOut(self.labels), run_time=1.2)
        self.play(FadeIn(self.shadows), FadeIn(self.shadow_labels), FadeIn(self.headers[2]), FadeIn(self.rows[2]),
                  run_time=1.2)
        self.wait(2.5)
