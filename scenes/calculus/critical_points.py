"""Critical points: where f' is zero, a maximum, a minimum or neither, and when f'' can tell.

Render with its defaults, as plain manim::

    manim -ql scenes/calculus/critical_points.py CriticalPoints
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Line,
    ReplacementTransform,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
)

from mathviz.core.calculus import critical_points, derivatives_at, sign_changes
from mathviz.core.expr import parse_function
from mathviz.kit import (
    axes_config,
    beside,
    format_number,
    MathvizScene,
    nice_step,
    padded_range,
    place_label,
    plate_numbers,
    rounding,
    said,
    snap_range,
)
from scenes.calculus.specs import CriticalPointsParams, check_critical_points

GRID = 400
KIND_WORDS = {"maximum": "max", "minimum": "min", "neither": "neither"}
# three functions flat at 0 with f'' = 0 there too: the second-derivative test cannot tell them apart
SILENT = ("x^3", "x^4", "-x^4")
SILENT_TEX = {"x^3": "x^3", "x^4": "x^4", "-x^4": "-x^4"}
COUNT_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}
SIDE = 0.6  # where the small plots show the slope on either side of 0


def _x(value: float) -> str:
    """A critical point's x as narration says it."""
    return said(value, digits=3)


def _near(label, at, directions, gaps=(0.12, 0.25, 0.4)) -> list:
    """Places for ``label`` beside the point ``at``: each direction, near first, then farther."""
    return [beside(label, at, d, gap) for gap in gaps for d in directions]


def _derivative_tex(k: int) -> str:
    return {1: "f'", 2: "f''", 3: "f'''"}.get(k, f"f^{{({k})}}")


class CriticalPoints(MathvizScene):
    Params = CriticalPointsParams
    title = "Critical points"

    def construct(self):
        p = self.params
        self.f = parse_function(p.f)
        self.a, self.b = p.a, p.b
        self.points = check_critical_points(self.f, p.f, p.a, p.b)
        self.silent = [critical_points(parse_function(s), -1.0, 1.0)[0] for s in SILENT]
        self._build_layout()

        self.beat("graph", "Here is a function f. Below it, on the same x axis, we will draw "
                           "its slope: the derivative, f prime.")
        self._show_graph()
        self.beat("slope", "Slide a tangent along the curve. Where f climbs, the slope is positive; "
                           "where f falls, it is negative.")
        self._show_slope()
        self.beat("zeros", self._zeros_narration())
        self._show_zeros()
        self.beat("signs", self._signs_narration())
        self._show_signs()
        self.beat("second", self._second_narration())
        self._show_second()
        self.beat("silent", "Now three curves, all flat at zero: x cubed, x to the fourth, and minus x "
                            "to the fourth. For each, f prime and f double prime are both zero there, so the "
                            "second derivative test is silent. Yet the three behave differently.")
        self._show_silent()
        self.beat("decides", "What decides is the sign of f prime on both sides. For x cubed it stays positive: "
                             "neither. For the others it flips: a minimum, then a maximum. The first "
                             "derivative that is not zero says the same: an odd order means neither, an "
                             "even one a minimum if positive, a maximum if negative.")
        self._show_decides()

    # -- narration, from the core ----------------------------------------------------------

    def _zeros_narration(self) -> str:
        xs = [_x(q.x) for q in self.points]
        where = xs[0] if len(xs) == 1 else ", ".join(xs[:-1]) + " and " + xs[-1]
        count = "one critical point" if len(xs) == 1 else f"{COUNT_WORDS[len(xs)]} critical points"
        touch = [q for q in self.points if q.left == q.right and q.left != 0]
        extra = (f" At x = {_x(touch[0].x)}, f prime only touches zero and turns back." if touch else "")
        return (f"Where the tangent lies flat, f prime is zero. Those are the critical points: here "
                f"{count}, at x = {where}.{extra}")

    def _signs_narration(self) -> str:
        kinds = {q.kind for q in self.points}
        text = ("Read the sign of f prime on either side. Plus, then minus: f rises, then falls, a maximum. "
                "Minus, then plus: a minimum.")
        if "neither" in kinds:
            first = next(q for q in self.points if q.kind == "neither")
            text += f" At x = {_x(first.x)} the sign does not change, so it is neither."
        else:
            text += " A point where the sign stays the same would be neither."
        return text

    def _second_narration(self) -> str:
        text = ("The second derivative is often quicker. At a critical point where f double prime is "
                "negative, the graph bends down: a maximum. Where it is positive, it bends up: a minimum.")
        flat = [q for q in self.points if q.order != 2]
        if flat:
            text += f" At x = {_x(flat[0].x)}, though, f double prime is zero too, and this test says nothing."
        elif len(self.points) == 1:
            text += " Here it is not zero at the critical point, so it decides."
        else:
            text += " Here it is not zero at any of them, so it decides every one."
        return text

    # -- layout and mobjects -----------------------------------------------------------------

    def _build_layout(self):
        layout = self.layout(3, 2, square=(3, 1.5), tall=(5, 3))
        self.main_box, self.panel_box = layout.main, layout.side
        self.top_box, self.bottom_box = self.main_box.split((1, 1), gap=0.15)
        span = self.b - self.a
        self.step_x = nice_step(span, 6)
        self.x_range = snap_range(self.a - 0.04 * span, self.b + 0.04 * span, self.step_x)
        cuts = np.array([q.x for q in self.points])
        self.xs = np.union1d(np.linspace(self.a, self.b, GRID), cuts)
        self.xs = np.union1d(self.xs, sign_changes(lambda x: derivatives_at(self.f, np.asarray(x, dtype=float), 2)[2], self.a, self.b))
        self.values = derivatives_at(self.f, self.xs, 2)
        self.axes, self.graph = self._build_plot(self.top_box, self.values[0], self.theme.function)
        self.d_axes, self.d_curve = self._build_signed_plot(self.bottom_box, self.values[1], 1)
        self.f_name = self._name("f", self.axes, self.graph, self.theme.function)
        self.d_name = self._name("f'", self.d_axes, self.d_curve, self.theme.text)

    def _axes(self, box, ys, ticks: int = 4) -> Axes:
        y_range = padded_range(np.append(ys, 0.0), pad=0.15)
        step_y = nice_step(y_range[1] - y_range[0], ticks)
        y_range = snap_range(*y_range, step_y)
        axes = Axes(x_range=[*self.x_range, self.step_x], y_range=[*y_range, step_y],
                    x_length=box.width * 0.86, y_length=box.height * 0.86,
                    **axes_config(self.theme, self.step_x, step_y, x_range=self.x_range, y_range=y_range))
        axes.move_to(box.center)
        plate_numbers(axes, self.theme)
        axes.y_window = y_range
        return axes

    def _build_plot(self, box, ys, color):
        axes = self._axes(box, ys)
        curve = VMobject(stroke_color=color, stroke_width=self.theme.stroke)
        curve.set_points_smoothly(self._points(axes, self.xs, ys))
        return axes, curve

    @staticmethod
    def _points(axes, xs, ys) -> np.ndarray:
        return np.asarray(axes.c2p(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float))).T

    def _build_signed_plot(self, box, ys, order: int):
        """The ``order``-th derivative on its own axes, in pieces between its zeros, each coloured
        by its sign (``positive`` above the axis, ``negative`` below)."""
        axes = self._axes(box, ys)
        zeros = sign_changes(lambda x: derivatives_at(self.f, np.asarray(x, dtype=float), order)[order],
                             self.a, self.b)
        inside = [q.x for q in self.points if self.a < q.x < self.b] if order == 1 else []
        cuts = [self.a, *np.union1d(zeros, inside).tolist(), self.b]
        pieces = VGroup()
        for lo, hi in zip(cuts[:-1], cuts[1:]):
            keep = (self.xs >= lo) & (self.xs <= hi)
            xs, part = self.xs[keep], ys[keep]
            if xs.size < 2:
                continue
            middle = float(np.interp(0.5 * (lo + hi), xs, part))
            piece = VMobject(stroke_color=self.theme.positive if middle > 0 else self.theme.negative,
                             stroke_width=self.theme.stroke)
            piece.set_points_as_corners(self._points(axes, xs, part))
            piece.span, piece.sign = (lo, hi), int(np.sign(middle))
            pieces.add(piece)
        return axes, pieces

    def _name(self, text: str, axes, curve, color):
        """A curve's name inside its axes, in a corner clear of the curve and the tick numbers."""
        name = self.tex(text, role="label", color=color)
        lo, hi = axes.y_window
        half = np.array([name.width / 2 + 0.1, name.height / 2 + 0.1, 0.0])
        candidates = []
        for x, sx in ((self.x_range[0], 1), (self.x_range[1], -1)):
            for y, sy in ((hi, -1), (lo, 1)):
                candidates.append(axes.c2p(x, y) + np.array([sx, sy, 0.0]) * half)
        top = axes.c2p(0.0, hi) if self.x_range[0] < 0 < self.x_range[1] else axes.c2p(self.x_range[0], hi)
        candidates += [top + np.array([sx * (name.width / 2 + 0.35), -half[1], 0.0]) for sx in (1, -1)]
        # outside, left of the plot (the axes leave a margin of their box there)
        left = axes.get_left()[0] - name.width / 2 - 0.08
        candidates += [np.array([left, axes.c2p(0, y)[1], 0.0]) for y in (hi, 0.5 * (lo + hi), lo)]
        ticks = [*axes.x_axis.numbers, *axes.y_axis.numbers]
        return place_label(name, candidates, avoid=ticks, points=self._obstacles(axes, curve), clearance=0.1)

    @staticmethod
    def _obstacles(axes, *curves) -> np.ndarray:
        """Points a label must keep clear of: the curves and both axis lines."""
        lines = [np.linspace(axis.get_start(), axis.get_end(), 80) for axis in (axes.x_axis, axes.y_axis)]
        return np.concatenate([*lines, *[c.get_all_points() for c in curves if len(c.get_all_points())]])

    def _tangent_ends(self, x: float, length: float):
        """A tangent segment at ``x``, ``length`` long in scene units, cut at the axes' window."""
        y, slope = (float(v) for v in derivatives_at(self.f, np.float64(x), 1))
        centre = self.axes.c2p(x, y)
        direction = self.axes.c2p(x + 1.0, y + slope) - centre
        direction /= np.linalg.norm(direction)
        lo, hi = self.axes.y_window
        low, high = self.axes.c2p(self.x_range[0], lo), self.axes.c2p(self.x_range[1], hi)
        reach = length / 2
        for i in (0, 1):
            if abs(direction[i]) > 1e-9:
                room = min(high[i] - centre[i], centre[i] - low[i]) / abs(direction[i])
                reach = min(reach, max(room, 0.05))
        return centre - reach * direction, centre + reach * direction

    # -- beats -------------------------------------------------------------------------------

    def _show_graph(self):
        t = self.theme
        self.f_row = self.tex("f(x) =", self.f.to_tex(), role="label", color=t.function)
        self.swap_panel(self.f_row)
        self.play(FadeIn(self.title_mob), Create(self.axes), Create(self.d_axes), run_time=1.2)
        self.play(Create(self.graph), FadeIn(self.f_name), FadeIn(self.d_name), run_time=1.5)

    def _show_slope(self):
        t = self.theme
        self.u = ValueTracker(self.a)
        u = self.u.get_value
        length = 0.3 * self.axes.x_length
        self.tangent = Line(*self._tangent_ends(self.a, length), color=t.truth, stroke_width=t.stroke)
        self.tangent.add_updater(lambda m: m.put_start_and_end_on(*self._tangent_ends(u(), length)))
        self.dot = Dot(radius=0.06, color=t.point).set_z_index(3)
        self.dot.add_updater(lambda m: m.move_to(self.axes.c2p(u(), float(self.f(u())))))
        slope_at = lambda x: float(derivatives_at(self.f, np.float64(x), 1)[1])  # noqa: E731
        self.d_dot = Dot(radius=0.06, color=t.point).set_z_index(3)
        self.d_dot.add_updater(lambda m: m.move_to(self.d_axes.c2p(u(), slope_at(u()))))
        self.link = DashedLine(UP, DOWN, color=t.muted, stroke_width=2)
        self.link.add_updater(lambda m: m.put_start_and_end_on(
            self.axes.c2p(u(), float(self.f(u()))), self.d_axes.c2p(u(), slope_at(u())) + 1e-6 * DOWN))
        self.traces = VGroup()
        for piece in self.d_curve:
            trace = piece.copy()
            lo, hi = piece.span
            trace.add_updater(lambda m, piece=piece, lo=lo, hi=hi: m.pointwise_become_partial(
                piece, 0, float(np.clip((u() - lo) / (hi - lo), 0, 1))))
            self.traces.add(trace)
        widest = max(np.abs(self.values[1]), key=lambda v: len(format_number(v, 2)))
        self.slope_row = self.readout_row(r"f'(x) \approx", self.number(slope_at(self.a), decimals=2,
                                                                         widest=float(widest), color=t.truth))
        self.slope_row.add_updater(lambda row: row.set_values(slope_at(u())))
        self.swap_panel(self.f_row.copy(), self.slope_row)
        self.f_row = self.panel[0]
        self.add(self.traces, self.link, self.tangent, self.dot, self.d_dot)
        self.play(self.u.animate.set_value(self.b), run_time=6.0, rate_func=linear)
        for mob in (*self.traces, self.tangent, self.dot, self.d_dot, self.link, self.slope_row):
            mob.clear_updaters()
        self.remove(self.traces)
        self.add(self.d_curve)

    def _show_zeros(self):
        t = self.theme
        self.f_dots, self.d_dots, links = VGroup(), VGroup(), VGroup()
        for q in self.points:
            top = self.axes.c2p(q.x, q.value)
            bottom = self.d_axes.c2p(q.x, 0.0)
            self.f_dots.add(Dot(top, radius=0.07, color=t.highlight).set_z_index(4))
            self.d_dots.add(Dot(bottom, radius=0.07, color=t.highlight).set_z_index(4))
            links.add(DashedLine(top, bottom + 1e-6 * DOWN, color=t.muted, stroke_width=2))
        self.links = links
        where = ",\\ ".join(rounding(q.x, digits=3)[1] for q in self.points)
        relation = "=" if all(rounding(q.x, digits=3)[0] == "=" for q in self.points) else r"\approx"
        rows = [self.f_row.copy(), self.tex(r"f'(x) = 0", role="label", color=t.highlight),
                self.tex(rf"x {relation} {where}", role="label", color=t.highlight)]
        self.play(FadeOut(self.tangent), FadeOut(self.dot), FadeOut(self.d_dot), FadeOut(self.link), run_time=0.6)
        self.swap_panel(*rows)
        self.play(FadeIn(self.f_dots, scale=1.5), FadeIn(self.d_dots, scale=1.5), Create(links), run_time=1.2)

    def _side_offsets(self, i: int) -> float:
        """How far either side of critical point ``i`` its sign marks stand: clear of its neighbours."""
        xs = [self.a, *[q.x for q in self.points], self.b]
        gaps = [g for g in (xs[i + 1] - xs[i], xs[i + 2] - xs[i + 1]) if g > 0]
        return min([0.08 * (self.b - self.a), *[g / 2.5 for g in gaps]])

    def _show_signs(self):
        t = self.theme
        ticks = [*self.axes.x_axis.numbers, *self.axes.y_axis.numbers, *self.d_axes.x_axis.numbers,
                 *self.d_axes.y_axis.numbers]
        top_points = np.concatenate([self._obstacles(self.axes, self.graph),
                                     *[np.linspace(l.get_start(), l.get_end(), 40) for l in self.links]])
        links = [np.linspace(l.get_start(), l.get_end(), 40) for l in self.links]
        bottom_points = np.concatenate([self._obstacles(self.d_axes, *self.d_curve), *links])
        self.sign_marks, self.kind_labels = VGroup(), VGroup()
        for i, q in enumerate(self.points):
            d = self._side_offsets(i)
            for side, sign in ((-1, q.left), (1, q.right)):
                x = q.x + side * d
                if not self.a <= x <= self.b or sign == 0:
                    continue
                mark = self.tex("+" if sign > 0 else "-", role="label", color=t.positive if sign > 0 else t.negative)
                # beyond the curve, on the side of its sign: the band between axis and curve is its own
                at = self.d_axes.c2p(x, float(derivatives_at(self.f, np.float64(x), 1)[1]))
                out = UP if sign > 0 else DOWN
                place_label(mark, _near(mark, at, (out, out + RIGHT, out + LEFT, RIGHT, LEFT)),
                            avoid=[*ticks, *self.sign_marks], points=bottom_points, clearance=0.03)
                self.sign_marks.add(mark)
            label = self.plain_tex(KIND_WORDS[q.kind], role="small", color=t.highlight)
            dot = self.axes.c2p(q.x, q.value)
            out = UP if q.kind == "maximum" else DOWN
            place_label(label, _near(label, dot, (out, out + RIGHT, out + LEFT, -out, -out + RIGHT, -out + LEFT,
                                                  RIGHT, LEFT)),
                        avoid=[*ticks, *self.kind_labels], points=top_points, clearance=0.05)
            self.kind_labels.add(label)
        rows = [self.tex(r"+ \ \to\ -:\ \text{maximum}", role="label"),
                self.tex(r"- \ \to\ +:\ \text{minimum}", role="label"),
                self.plain_tex("same sign: neither", role="label")]
        self.swap_panel(*rows)
        self.play(FadeIn(self.sign_marks, lag_ratio=0.15), run_time=1.5)
        self.play(FadeIn(self.kind_labels, lag_ratio=0.2), run_time=1.2)

    def _show_second(self):
        t = self.theme
        axes, curve = self._build_signed_plot(self.bottom_box, self.values[2], 2)
        name = self._name("f''", axes, curve, t.text)
        self.dd_axes, self.dd_curve = axes, curve
        self.dd_dots, self.dd_labels = VGroup(), VGroup()
        ticks = [*axes.x_axis.numbers, *axes.y_axis.numbers]
        values = [0.0 if q.order != 2 else q.second for q in self.points]
        links = VGroup(*[DashedLine(self.axes.c2p(q.x, q.value), axes.c2p(q.x, v) + 1e-6 * DOWN, color=t.muted,
                                    stroke_width=2) for q, v in zip(self.points, values)])
        obstacles = np.concatenate([self._obstacles(axes, *curve),
                                    *[np.linspace(l.get_start(), l.get_end(), 40) for l in links]])
        for q, value in zip(self.points, values):
            color = t.muted if q.order != 2 else (t.positive if value > 0 else t.negative)
            at = axes.c2p(q.x, value)
            self.dd_dots.add(Dot(at, radius=0.07, color=color).set_z_index(4))
            relation, digits = ("=", "0") if q.order != 2 else rounding(value, digits=3)
            label = self.tex(rf"{digits}", role="small", color=color)
            place_label(label, _near(label, at, (UP + RIGHT, DOWN + RIGHT, UP + LEFT, DOWN + LEFT, RIGHT, LEFT, UP, DOWN)),
                        avoid=[*ticks, *self.dd_labels], points=obstacles, clearance=0.05)
            label.shown = (relation, digits)
            self.dd_labels.add(label)
        rows = [self.tex(r"f'' < 0:\ \text{maximum}", role="label", color=t.negative),
                self.tex(r"f'' > 0:\ \text{minimum}", role="label", color=t.positive),
                self.tex(r"f'' = 0:\ \text{no verdict}", role="label", color=t.muted)]
        # morph copies: f' and its axes keep their geometry (the tests read the picture from them)
        self.remove(self.d_axes, self.d_curve)
        self.play(FadeOut(self.sign_marks), FadeOut(self.d_dots), FadeOut(self.d_name),
                  ReplacementTransform(self.d_axes.copy(), axes), ReplacementTransform(self.d_curve.copy(), curve),
                  ReplacementTransform(self.links, links), run_time=1.5)
        self.links = links
        self.swap_panel(*rows)
        self.play(FadeIn(self.dd_dots, scale=1.5), FadeIn(self.dd_labels), FadeIn(name), run_time=1.2)
        self.dd_name = name

    def _build_silent(self):
        """Three small plots of x^3, x^4 and -x^4 near 0, side by side, each with its kind."""
        t = self.theme
        boxes = self.main_box.split((1, 1, 1), vertical=False, gap=0.2)
        self.small = []
        for text, q, box in zip(SILENT, self.silent, boxes):
            f = parse_function(text)
            size = min(box.height * 0.62, box.width * 0.92)
            axes = Axes(x_range=[-1, 1, 1], y_range=[-1, 1, 1], x_length=size, y_length=size,
                        **axes_config(t, 1, 1, x_range=(-1, 1), y_range=(-1, 1)))
            axes.move_to(box.center + 0.05 * box.height * UP)
            xs = np.linspace(-1, 1, 121)
            curve = VMobject(stroke_color=t.function, stroke_width=t.stroke)
            curve.set_points_smoothly(self._points(axes, xs, f(xs)))
            name = self.tex(SILENT_TEX[text], role="label", color=t.function)
            name.next_to(axes, UP, buff=0.15)
            dot = Dot(axes.c2p(q.x, q.value), radius=0.07, color=t.highlight).set_z_index(4)
            kind = self.plain_tex(q.kind, role="small", color=t.highlight)
            kind.next_to(axes, DOWN, buff=0.2)
            relation, digits = rounding(q.derivatives[-1], digits=3)
            order = self.tex(rf"{_derivative_tex(q.order)}(0) {relation} {digits}", role="small",
                             color=t.positive if q.derivatives[-1] > 0 else t.negative)
            order.next_to(kind, DOWN, buff=0.12)
            self.small.append({"f": f, "point": q, "axes": axes, "curve": curve, "name": name, "dot": dot,
                               "kind": kind, "order": order, "box": box})
        group = VGroup(*[VGroup(s["axes"], s["name"], s["kind"], s["order"]) for s in self.small])
        scale = self.fit_scale(group, self.main_box, buff=0.05)
        if scale < 1:
            group.scale(scale, about_point=self.main_box.center)
            for s in self.small:
                s["curve"].scale(scale, about_point=self.main_box.center)
                s["dot"].scale(scale, about_point=self.main_box.center)

    def _show_silent(self):
        t = self.theme
        self._build_silent()
        old = VGroup(self.axes, self.graph, self.f_name, self.f_dots, self.kind_labels, self.links, self.dd_axes,
                     self.dd_curve, self.dd_dots, self.dd_labels, self.dd_name)
        self.play(FadeOut(old), run_time=0.8)
        rows = [self.tex(r"f'(0) = 0", role="label"), self.tex(r"f''(0) = 0", role="label"),
                self.plain_tex("second derivative test: silent", role="label", color=t.muted)]
        self.swap_panel(*rows)
        self.play(*[FadeIn(VGroup(s["axes"], s["name"])) for s in self.small], run_time=0.8)
        self.play(*[Create(s["curve"]) for s in self.small], *[FadeIn(s["dot"]) for s in self.small], run_time=1.5)
        self.play(*[FadeIn(s["kind"]) for s in self.small], run_time=0.8)

    def _show_decides(self):
        t = self.theme
        self.slope_marks, self.order_rows = VGroup(), []
        for s in self.small:
            axes, f = s["axes"], s["f"]
            marks = VGroup()
            for x in (-SIDE, SIDE):
                y, slope = (float(v) for v in derivatives_at(f, np.float64(x), 1))
                start, end = axes.c2p(x - 0.25, y - 0.25 * slope), axes.c2p(x + 0.25, y + 0.25 * slope)
                tangent = Line(start, end, color=t.truth, stroke_width=t.stroke)
                sign = self.tex("+" if slope > 0 else "-", role="label", color=t.positive if slope > 0 else t.negative)
                near = np.concatenate([self._obstacles(axes, s["curve"]), np.linspace(start, end, 30)])
                at = axes.c2p(x, y)
                place_label(sign, _near(sign, at, (UP + LEFT, DOWN + RIGHT, UP, DOWN, LEFT, RIGHT)),
                            avoid=[*axes.x_axis.numbers, *axes.y_axis.numbers], points=near, clearance=0.03)
                marks.add(tangent, sign)
            s["slopes"] = marks
            self.slope_marks.add(marks)
            self.order_rows.append(s["order"])
        rows = [self.tex(r"\text{first } f^{(k)}(0) \neq 0", role="label"),
                self.plain_tex("$k$ odd: neither", role="label"),
                self.plain_tex("$k$ even: min if $> 0$, max if $< 0$", role="label")]
        self.play(Create(self.slope_marks), run_time=1.5)
        self.swap_panel(*rows)
        self.play(*[FadeIn(s["order"]) for s in self.small], run_time=1.2)
