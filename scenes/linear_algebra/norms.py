"""Norms: one vector measured by the p-norms, the ball through it from diamond to circle to square,
and why p below 1 gives no norm.

The ball of radius ``||v||_p`` passes through the tip of v and crosses the
positive x axis at ``||v||_p`` itself (there ``||(r, 0)||_p = r``): the length
is read where the shape meets the axis.

Render with its defaults, as plain manim::

    manim -ql scenes/linear_algebra/norms.py Norms
"""

from __future__ import annotations

import math

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
    GrowFromPoint,
    Transform,
    VGroup,
)

from mathviz.core.norms import lp_norm, lp_quasinorm, triangle_counterexample
from mathviz.kit import (
    background_grid,
    beside,
    fit_plane,
    format_number,
    grid_step,
    MathvizScene,
    norm_ball,
    place_label,
    PlaneArrow,
    rounding,
    said,
)
from scenes.linear_algebra.specs import NormsParams

ZOOM_REACH = 1.5  # plane units each way the camera shows when it looks at the unit ball
MIN_ZOOM = 1.4  # zoom only when that magnifies at least this much
MAX_ZOOM = 2.4


def _p_tex(p: float) -> str:
    return r"\infty" if math.isinf(p) else format_number(p, 3, trim=True, style="tex")


def _p_said(p: float) -> str:
    return "infinity" if math.isinf(p) else format_number(p, 3, trim=True, style="text")


def _entry(x: float) -> str:
    """An entry of v in TeX, braced so a minus sign reads as a sign inside ``|..|``, not a subtraction."""
    return "{" + format_number(x, 3, trim=True, style="tex") + "}"


def _equals(value: float) -> str:
    """``= 5`` for an exact value, ``\\approx 3.61`` for a rounded one (TeX)."""
    relation, text = rounding(value, 2)
    return f"{relation} {text}"


class Norms(MathvizScene):
    Params = NormsParams
    title = "Norms and their unit balls"

    def construct(self):
        p = self.params
        self.v = np.array(p.vector, dtype=float)
        self.ps = p.all_ps()
        self.lengths = [lp_norm(self.v, q) for q in self.ps]
        self.q = p.quasi_p
        self.counter = triangle_counterexample(self.q)
        self.shapes = []
        self._build_layout()

        self.beat("vector", f"Here is a vector v, with entries {self._entries_said()}. How long is it? "
                            "A norm is a rule that answers, and there is more than one.")
        self._show_vector()
        self.beat("rules", "Every norm keeps three rules. Only the zero vector has length zero. Doubling a "
                           "vector doubles its length. And a detour is never shorter than the direct way.")
        self._show_rules()
        for k, q in enumerate(self.ps):
            self.beat(f"p-{_p_text(q)}", self._p_words(k))
            self._show_p(k)
        mid = lp_quasinorm(self.counter["u_plus_v"] / 2, self.q)
        self.beat("below-one", f"Below p equal to 1, take p = {_p_said(self.q)}. The formula still gives a number, "
                               "but the ball caves in: the straight path from e1 to e2 leaves it. Its midpoint "
                               f"has size {said(mid)}, more than 1.")
        self._show_caved(mid)
        self.beat("triangle", self._triangle_words())
        self._show_triangle()

    # -- words -------------------------------------------------------------------------------

    def _entries_said(self) -> str:
        a, b = (format_number(x, 3, trim=True, style="text") for x in self.v)
        return f"{a} and {b}"

    def _p_words(self, k: int) -> str:
        q, length = self.ps[k], said(self.lengths[k])
        if q == 1:
            return (f"With p equal to 1, add up the sizes of the entries: v has length {length}. Every vector "
                    "that long lies on a diamond, and the diamond crosses the axis at that length.")
        if q == 2:
            return (f"p equal to 2 is the everyday length, the square root of the sum of squares: {length}. "
                    "The ball of that radius is a circle.")
        if math.isinf(q):
            longest = said(float(np.abs(self.v).max()))
            return ("As p grows, the largest entry takes over. At p equal to infinity the length is just the "
                    f"largest size, {longest}, and the ball is a square. The length never grows as p grows.")
        shape = "between a diamond and a circle" if q < 2 else "bulging from a circle towards a square"
        return f"At p = {_p_said(q)} the length is {length}. The ball is {shape}."

    def _triangle_words(self) -> str:
        c = self.counter
        return (f"Now add e1 and e2, each of size 1. The ball through their sum crosses the axis at "
                f"{said(c['norm_sum'])}, beyond 1 plus 1. The triangle inequality fails, so for p below 1 "
                "this is no norm, only a quasi-norm.")

    # -- layout and mobjects -----------------------------------------------------------------

    def _build_layout(self):
        t = self.theme
        layout = self.layout(3, 2, square=(4, 1.5), tall=(5, 3))
        self.plane_box, self.panel_box = layout.main, layout.side
        reach = max(1.0, float(np.abs(self.v).sum()), self.counter["norm_sum"])
        self.plane = fit_plane(self.plane_box, np.array([[reach, -reach], [reach, -reach]]), margin=1.1)
        self.background = background_grid(self.plane, t, grid_step(self.plane))
        self.to_scene = lambda pts: self.plane.to_scene(np.asarray(pts).T)
        self.arrow = PlaneArrow(self.plane.origin, self.plane.c2p(*self.v), t.function)
        self.arrow_label = self._plated(self.tex(r"\mathbf v", role="label", color=t.function))
        tip = self.plane.c2p(*self.v)
        out = self.v / np.linalg.norm(self.v)
        normal = np.array([-out[1], out[0]])
        place_label(self.arrow_label, [beside(self.arrow_label, tip, d) for d in (out, normal, -normal)],
                    self.plane_box)

    def _plated(self, label):
        return label.add_background_rectangle(color=self.theme.background, opacity=0.8, buff=0.06)

    def _unit_ball(self, q: float):
        t = self.theme
        return norm_ball(q, 1.0, self.to_scene, color=t.estimate, stroke_width=t.stroke * 0.5,
                         fill_color=t.region, fill_opacity=0.35)

    def _ball(self, q: float, radius: float):
        return norm_ball(q, radius, self.to_scene, color=self.theme.estimate, stroke_width=self.theme.stroke * 0.8)

    def _axis_mark(self, value: float, color, below: bool = True, outline=None):
        """A dot on the positive x axis at ``value`` and its number, plated, off the axis to the right.

        Every ball here (convex for p >= 1, the star below) has ``|x| <= ||x||``: nothing of a ball
        of radius ``value`` lies right of the dot, so the number sits clear of its outline there;
        where the frame has no room on the right, elsewhere round the dot, off ``outline``.
        """
        dot = Dot(self.plane.c2p(value, 0.0), radius=0.07, color=color)
        relation, text = rounding(value, 2)
        label = self._plated(self.tex(text if relation == "=" else rf"{relation} {text}", role="small",
                                      color=color))
        side = DOWN if below else UP
        sides = [side + RIGHT, side, side + LEFT, -side + RIGHT, -side]
        points = None if outline is None else np.vstack([m.get_anchors()
                                                          for m in outline.family_members_with_points()])
        place_label(label, [beside(label, dot.get_center(), d, gap=0.06) for d in sides], self.plane_box,
                    points=points)
        return VGroup(dot, label)

    def _formula(self, q: float) -> str:
        a, b = (_entry(x) for x in self.v)
        if q == 1:
            body = rf"|{a}| + |{b}|"
        elif q == 2:
            body = rf"\sqrt{{({a})^2 + ({b})^2}}" if min(self.v) < 0 else rf"\sqrt{{{a}^2 + {b}^2}}"
        elif math.isinf(q):
            body = rf"\max(|{a}|, |{b}|)"
        else:
            pt = _p_tex(q)
            body = rf"\left(|{a}|^{{{pt}}} + |{b}|^{{{pt}}}\right)^{{1/{pt}}}"
        return rf"\|\mathbf v\|_{{{_p_tex(q)}}} = {body}"

    def _p_rows(self, k: int):
        t = self.theme
        q = self.ps[k]
        formula = self.tex(self._formula(q), rf"\ {_equals(self.lengths[k])}", role="label")
        formula[1].set_color(t.estimate)
        return self.tex(rf"p = {_p_tex(q)}", role="label", color=t.estimate), formula

    # -- beats -------------------------------------------------------------------------------

    def _show_vector(self):
        t = self.theme
        self.play(FadeIn(self.title_mob), FadeIn(self.background), run_time=1.0)
        self.play(GrowFromPoint(self.arrow, self.plane.origin), FadeIn(self.arrow_label), run_time=1.0)
        a, b = (_entry(x) for x in self.v)
        self.swap_panel(self.tex(rf"\mathbf v = ({a},\ {b})", role="label", color=t.function),
                        self.tex(r"\text{its length } \|\mathbf v\| = \ ?", role="label"))

    def _show_rules(self):
        self.swap_panel(self.tex(r"\|\mathbf v\| = 0 \ \text{only for}\ \mathbf v = \mathbf 0", role="label"),
                        self.tex(r"\|c\,\mathbf v\| = |c|\,\|\mathbf v\|", role="label"),
                        self.tex(r"\|\mathbf u + \mathbf w\| \le \|\mathbf u\| + \|\mathbf w\|", role="label"))

    def _show_p(self, k: int):
        q, length = self.ps[k], self.lengths[k]
        unit, ball = self._unit_ball(q), self._ball(q, length)
        mark = self._axis_mark(length, self.theme.estimate, outline=ball)
        self.shapes.append({"p": q, "unit": unit, "ball": ball, "mark": mark})  # each p's picture, as drawn
        if k == 0:  # copies go on screen and morph from p to p; each p's own shapes stay as drawn, for reading back
            unit, ball, mark = unit.copy(), ball.copy(), mark.copy()
            self.play(FadeIn(unit), run_time=0.8)
            self.play(Create(ball), FadeIn(mark), run_time=1.5)
            self.add_foreground_mobjects(self.arrow, self.arrow_label)
        else:
            self.play(Transform(self.unit, unit), Transform(self.ball, ball), Transform(self.mark, mark),
                      run_time=1.5)
            unit, ball, mark = self.unit, self.ball, self.mark
        self.unit, self.ball, self.mark = unit, ball, mark
        self.shapes[-1]["rows"] = self.swap_panel(*self._p_rows(k))

    def _zoom_width(self) -> float | None:
        width = max(2 * ZOOM_REACH * self.plane.unit * max(1.0, self.frame_w / self.frame_h), self.frame_w / MAX_ZOOM)
        return width if self.frame_w / width >= MIN_ZOOM else None

    def _hold_zoomed(self, reserve: float) -> None:
        """Hold the close view until ``reserve`` seconds before the beat's words end."""
        if self.zoomed:
            left = self.beat_length() - (self.time - self.beats[-1].start) - reserve
            if left > 0:
                self.wait(left)

    def _zoom_in(self, *animations, focus=None, run_time: float = 1.0):
        width = self._zoom_width()
        if width is not None:
            self.zoom_to(self.plane.origin if focus is None else focus, width, *animations, run_time=run_time)
        elif animations:
            self.play(*animations, run_time=run_time)

    def _zoom_out(self, *animations, run_time: float = 1.0):
        if self.zoomed:
            self.zoom_home(*animations, run_time=run_time)
        elif animations:
            self.play(*animations, run_time=run_time)

    def _show_caved(self, mid: float):
        t = self.theme
        c = self.counter
        star = self._unit_ball(self.q)
        e1, e2 = (self.plane.c2p(*c[k]) for k in ("u", "v"))
        middle = self.plane.c2p(*(c["u_plus_v"] / 2))
        self.chord = DashedLine(e1, e2, color=t.highlight, stroke_width=t.stroke * 0.7)
        self.ends = VGroup(Dot(e1, radius=0.05, color=t.point), Dot(e2, radius=0.05, color=t.point))
        self.middle = Dot(middle, radius=0.06, color=t.highlight)
        relation, text = rounding(mid, 2)
        self.middle_label = self._plated(self.tex(rf"\|\cdot\| {relation} {text}", role="small", color=t.highlight))
        self.middle_label.move_to(beside(self.middle_label, middle, (1, 1), gap=0.08))
        self.remove_foreground_mobjects(self.arrow, self.arrow_label)
        self.play(FadeOut(self.ball), FadeOut(self.mark), FadeOut(self.arrow), FadeOut(self.arrow_label),
                  run_time=0.6)
        self._zoom_in(Transform(self.unit, star), focus=self.plane.c2p(0.35, 0.35), run_time=1.2)
        self.play(FadeIn(self.ends), Create(self.chord), run_time=1.0)
        self.play(FadeIn(self.middle, scale=1.6), FadeIn(self.middle_label), run_time=0.6)
        qt = _p_tex(self.q)
        rows = (self.tex(rf"p = {qt} < 1\text{{: the ball is not convex}}", role="label", color=t.estimate),
                self.tex(rf"\left\|\left(\tfrac12, \tfrac12\right)\right\|_{{{qt}}} {_equals(mid)} > 1",
                         role="label", color=t.highlight))
        self._hold_zoomed(reserve=2.0)
        self._zoom_out(run_time=1.0)
        self.swap_panel(*rows)

    def _show_triangle(self):
        t = self.theme
        c = self.counter
        o, e1, s = self.plane.origin, self.plane.c2p(*c["u"]), self.plane.c2p(*c["u_plus_v"])
        self.legs = VGroup(PlaneArrow(o, e1, t.first, stroke_width=4, tip_length=0.18),
                           PlaneArrow(e1, s, t.second, stroke_width=4, tip_length=0.18))
        self.sum_arrow = PlaneArrow(o, s, t.function, stroke_width=4, tip_length=0.18)
        self.sum_ball = self._ball(self.q, c["norm_sum"])
        self.sum_mark = self._axis_mark(c["norm_sum"], t.estimate, outline=self.sum_ball)
        self.bound_mark = self._axis_mark(c["norm_u"] + c["norm_v"], t.muted, below=False,
                                          outline=VGroup(self.sum_ball, *self.legs, self.sum_arrow))
        self._zoom_in(FadeOut(self.chord), FadeOut(self.middle), FadeOut(self.middle_label), FadeOut(self.ends),
                      FadeIn(self.legs), run_time=0.8)
        self.play(GrowFromPoint(self.sum_arrow, o), run_time=0.8)
        self.wait(1.0)
        self._zoom_out(FadeIn(self.bound_mark), run_time=1.0)
        self.play(Create(self.sum_ball), FadeIn(self.sum_mark), run_time=1.5)
        qt = _p_tex(self.q)
        total = _equals(c["norm_u"] + c["norm_v"])
        bound = format_number(c["norm_u"] + c["norm_v"], 2, trim=True, style="tex")
        self.swap_panel(
            self.tex(rf"\|\mathbf e_1\|_{{{qt}}} + \|\mathbf e_2\|_{{{qt}}} {total}", role="label", color=t.muted),
            self.tex(rf"\|\mathbf e_1 + \mathbf e_2\|_{{{qt}}} {_equals(c['norm_sum'])} > {bound}", role="label",
                     color=t.estimate),
            self.tex(r"\text{no triangle inequality: not a norm}", role="label", color=t.highlight))


def _p_text(p: float) -> str:
    return "inf" if math.isinf(p) else format_number(p, 3, trim=True)
