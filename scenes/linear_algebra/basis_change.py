"""Change of basis: one arrow, read in the standard basis, a slanted basis and an orthonormal one.

Render with its defaults, as plain manim::

    manim -ql scenes/linear_algebra/basis_change.py BasisChange
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    UP,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    ReplacementTransform,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
    smooth,
)

from mathviz.core.linalg import basis_path, coordinates_in_basis, projection, rotation
from mathviz.kit import (
    background_grid,
    emphasise,
    BasisGrid,
    fit_plane,
    format_number,
    format_vector,
    grid_step,
    MathvizScene,
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
        c1, c2 = (_spoken(x) for x in c)

        self.beat("standard", f"In the standard grid a vector's coordinates are its entries: v is "
                              f"{v1} times e1 plus {v2} times e2.")
        self._show_standard()
        self.beat("new-basis", self._new_basis_narration())
        self._show_new_basis()
        self.beat("morph", "Let the grid follow them. Each square of the old grid becomes a parallelogram "
                           "spanned by b1 and b2: these are the new coordinate lines.")
        self._show_morph(1.0, ("b_1", "b_2"))
        self.beat("coordinates", f"Read v on the new grid: {c1} steps along b1, then {c2} along b2. "
                                 "These two numbers are the coordinates of v in the new basis; call them c.")
        self._show_coordinates()
        self.beat("equation", "Stepping c1 along b1 and c2 along b2 is the matrix product B c, with b1 and b2 "
                              "as the columns of B. So the coordinates solve B c = v.")
        self._show_equation()
        self.beat("live", "Turn v around. Both pairs of numbers change at once, and both always describe "
                          "the same arrow: two languages for one vector.")
        self._show_live()
        self.beat("orthonormal", "Perpendicular basis vectors of length one make an orthonormal basis. "
                                 "Straighten b1 and b2 into one: q1 along b1, q2 at a right angle to it.")
        self._show_orthonormal()
        self.beat("projections", "Now nothing needs solving. Each coordinate is a dot product, q times v: "
                                 "the signed length of the shadow v casts on that axis.")
        self._show_projections()
        self.beat("inverse", "In any basis, the coordinates are c = B inverse v: a system to solve. For an "
                             "orthonormal basis, Q transpose Q is the identity, so the inverse is the transpose: "
                             "c = Q transpose v, one dot product per coordinate.")
        self._show_inverse()

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
        self._build_readouts()

    def _build_readouts(self) -> None:
        """The side panel: three slots, each showing one line at a time (see :meth:`_show_slot`)."""
        t = self.theme
        b1, b2 = self.B.T
        q1, q2 = self.Q.T
        c, d = coordinates_in_basis(self.B, self.v), coordinates_in_basis(self.Q, self.v)

        def row(e1, e2, values, sign=None):  # v = c1 e1 + c2 e2, the sign of c2 in its readout
            first, second = (self.number(x, "body", t.function, include_sign=k == 1, trim=True)
                             for k, x in enumerate(values))
            sign = sign or ("=" if all(_exact(x) for x in values) else r"\approx")
            return self.readout_row(rf"\mathbf v {sign}", first, (rf"\,{e1}\;", t.first), second,
                                    (rf"\,{e2}", t.second), role="body", color=t.function)

        def line(*parts, color=None):
            return self.tex(*parts, role="label", color=color or t.text)

        self.rows = [row(r"\mathbf e_1", r"\mathbf e_2", self.v), row(r"\mathbf b_1", r"\mathbf b_2", c),
                     row(r"\mathbf q_1", r"\mathbf q_2", d)]
        # while v turns the numbers are rounded: the same rows, said with \approx
        self.live_rows = [row(r"\mathbf e_1", r"\mathbf e_2", self.v, r"\approx"),
                          row(r"\mathbf b_1", r"\mathbf b_2", c, r"\approx")]
        q_sign = "=" if all(_exact(x) for x in self.Q.ravel()) else r"\approx"
        self.lines = {
            "standard": line(r"\text{standard basis } \mathbf e_1, \mathbf e_2", color=t.muted),
            "b": line(rf"\mathbf b_1 = {_vector(b1, digits=3)},\ \mathbf b_2 = {_vector(b2, digits=3)}"),
            "equation": line(r"B\mathbf c = \mathbf v,\ \ B = [\,\mathbf b_1\ \mathbf b_2\,]"),
            "q": line(rf"\mathbf q_1 {q_sign} {_vector(q1, 2)},\ \mathbf q_2 {q_sign} {_vector(q2, 2)}"),
            "dots": line(*[rf"\mathbf q_{k + 1} \cdot \mathbf v {_shown(d[k])}" + (r",\quad" if k == 0 else "")
                           for k in range(2)]),
            "any": line(r"\text{any basis: } \mathbf c = B^{-1}\mathbf v"),
            "transpose": line(r"Q^{\mathsf T} Q = I,\ \text{so } Q^{-1} = Q^{\mathsf T}"),
            "dot-form": line(r"\mathbf c = Q^{\mathsf T}\mathbf v = (\mathbf q_1 \cdot \mathbf v,\ "
                             r"\mathbf q_2 \cdot \mathbf v)"),
        }
        for k in range(2):
            self.lines["dots"][k].set_color((t.first, t.second)[k])
        self.shadow_labels = self.lines["dots"]
        everything = [*self.rows, *self.live_rows, *self.lines.values()]
        box, gap = self.side_box, 0.3
        # three lines as wide as the widest and as tall as the tallest: the scale every line takes
        widest = max(everything, key=lambda m: m.width)
        tallest = max(everything, key=lambda m: m.height)
        proxy = VGroup(widest.copy(), tallest.copy(), tallest.copy()).arrange(DOWN, aligned_edge=LEFT, buff=gap)
        before = proxy.height
        scale = self.fit(proxy, box).height / before
        for m in everything:
            m.scale(scale)
        line_h = tallest.height
        top = proxy.get_top()[1]
        self.slot_points = [np.array([proxy.get_left()[0], top - (k + 0.5) * line_h - k * gap * scale, 0.0])
                            for k in range(3)]
        self.slots = [None, None, None]

    def _slot_item(self, item) -> VGroup:
        return self.rows[item] if isinstance(item, int) else self.lines[item]

    def _show_slot(self, changes: dict, *animations, run_time: float = 0.8) -> None:
        """Put a new line (or nothing) in each slot named in ``changes``: the one there fades out."""
        anims = list(animations)
        for slot, mob in changes.items():
            old = self.slots[slot]
            if old is not None:
                anims.append(FadeOut(old))
            if mob is not None:
                mob.move_to(self.slot_points[slot], aligned_edge=LEFT)
                anims.append(FadeIn(mob))
            self.slots[slot] = mob
        self.max_lines = max(getattr(self, "max_lines", 0), sum(m is not None for m in self.slots))
        self.play(*anims, run_time=run_time)

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
        for row in (self.rows[0], self.live_rows[0]):
            row.add_updater(lambda row: row.set_values(self.v_now()))
        self._show_slot({0: self.lines["standard"], 1: self.rows[0]}, run_time=1.0)
        self.wait(1.5)

    def _show_new_basis(self):
        t = self.theme
        self.targets = VGroup(*[PlaneArrow(self.plane.origin, self.plane.c2p(*self.B[:, k]),
                                           (t.first, t.second)[k], stroke_width=3) for k in range(2)])
        self.targets.set_opacity(0.6)
        self.target_labels = VGroup(*[self._tip_label(rf"\mathbf b_{k + 1}", self.targets[k],
                                                      (t.first, t.second)[k]) for k in range(2)])
        self._show_slot({0: self.lines["b"]}, FadeIn(self.targets), FadeIn(self.target_labels), run_time=1.2)
        self.wait(1.8)

    def _show_morph(self, to: float, names):
        """Move the grid and the basis arrows to ``morph = to``, then rename the arrows."""
        t = self.theme
        if not hasattr(self, "grid_following"):
            self.grid.add_updater(lambda g: g.set_basis(self.basis_now()))
            for k, arrow in enumerate(self.arrows):
                arrow.add_updater(lambda m, k=k: m.place(self.plane.origin,
                                                         self.plane.c2p(*self.basis_now()[:, k])))
            # the standard grid steps back as the new one comes: one grid to read at a time
            lines, axes = self.background
            self.play(FadeIn(self.grid), lines.animate.set_stroke(opacity=0.12),
                      axes.animate.set_stroke(opacity=0.35), run_time=0.8)
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
        """c first, as steps along b1 and b2 and as numbers; the equation comes in the next beat."""
        self.legs = self._build_legs(self.B, lambda: coordinates_in_basis(self.B, self.v_now()))
        for row in (self.rows[1], self.live_rows[1]):
            row.add_updater(lambda row: row.set_values(coordinates_in_basis(self.B, self.v_now())))
        self.play(Create(self.legs, lag_ratio=0.6), run_time=1.8)  # c1 b1, then c2 b2 from its tip
        self._show_slot({2: self.rows[1]})
        self.wait(1.0)

    def _show_equation(self):
        self._show_slot({0: self.lines["equation"]})
        for k in range(2):  # c1 b1, then c2 b2: the two columns of B, weighted
            self.play(emphasise(self.legs[k], self.theme, scale=1.0),
                      emphasise(self.rows[1].numbers[k], self.theme, scale=1.3), run_time=0.9)

    def _show_live(self):
        self._show_slot({1: self.live_rows[0], 2: self.live_rows[1]}, run_time=0.4)
        self.play(self.turn.animate.set_value(2 * np.pi), run_time=6.0, rate_func=linear)
        self.turn.set_value(0.0)  # a full turn: v is back where it started
        for row in (*self.rows[:2], *self.live_rows):
            row.update()
        self._show_slot({1: self.rows[0], 2: self.rows[1]}, run_time=0.4)
        self.wait(0.4)

    def _show_orthonormal(self):
        self.legs.clear_updaters()
        self._show_slot({0: self.lines["q"], 2: None}, FadeOut(self.legs), run_time=0.6)
        self._show_morph(2.0, ("q_1", "q_2"))
        self.right_angle = self._right_angle(self.Q[:, 0], self.Q[:, 1])
        self.play(Create(self.right_angle), run_time=0.6)

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
        self.play(Create(self.drops), FadeIn(self.feet), FadeOut(self.labels), run_time=1.2)
        self._show_slot({0: self.lines["dots"]}, FadeIn(self.shadows), run_time=1.2)
        self._show_slot({2: self.rows[2]}, run_time=0.8)
        self.wait(1.5)

    def _show_inverse(self):
        """The punchline: c = B^-1 v in any basis; Q^-1 = Q^T, so c = Q^T v, the dot products."""
        self._show_slot({0: self.lines["any"]})
        self.wait(0.8)
        self._show_slot({1: self.lines["transpose"]}, emphasise(self.right_angle, self.theme, scale=1.5))
        self.wait(0.8)
        self._show_slot({2: self.lines["dot-form"]},
                        *[emphasise(sh, self.theme, scale=1.0) for sh in self.shadows])
        self.wait(1.0)

    def _right_angle(self, d1, d2, size: float = 0.18) -> VMobject:
        """The small square corner between directions ``d1`` and ``d2`` at the origin."""
        o = self.plane.origin
        a, b = (np.array([d[0], d[1], 0.0]) * size for d in (d1, d2))
        return VMobject().set_points_as_corners([o + a, o + a + b, o + b]).set_stroke(self.theme.text, width=2)


def _exact(value: float, places: int = 2) -> bool:
    return float(format_number(value, places, trim=True)) == float(value)


def _shown(value: float, places: int = 2) -> str:
    """``= 2`` for an exact value, ``\\approx 4.02`` for a rounded one (TeX)."""
    return ("=" if _exact(value, places) else r"\approx") + " " + format_number(value, places, style="tex", trim=True)


def _spoken(value: float, places: int = 2) -> str:
    text = format_number(value, places, style="text", trim=True)
    return text if _exact(value, places) else f"about {text}"


def _vector(values, decimals: int = 2, **kwargs) -> str:
    """As typed (``digits``) or rounded to ``decimals``, exact ones without trailing zeros."""
    kwargs.setdefault("trim", True)
    return format_vector(values, decimals, style="tex", **kwargs)
