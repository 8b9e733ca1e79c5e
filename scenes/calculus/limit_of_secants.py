"""The derivative as the limit of secant slopes.

Render with its defaults, as plain manim::

    manim -ql scenes/calculus/limit_of_secants.py LimitOfSecants
"""

from __future__ import annotations

import math

import numpy as np
from manim import (
    DOWN,
    UP,
    LEFT,
    RIGHT,
    Axes,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Line,
    ValueTracker,
    VGroup,
    Write,
    smooth,
)

from mathviz.core.calculus import (
    central_slope,
    convergence_order,
    exact_derivative,
    exact_secant_slope,
    halving_steps,
    secant_errors,
    secant_slope,
    tangent_line,
)
from mathviz.core.expr import parse_function
from mathviz.kit import (
    axes_config,
    beside,
    best_position,
    clip_line,
    format_number,
    log_axes,
    MathvizScene,
    nice_step,
    plate_numbers,
)
from scenes.calculus.specs import (
    LimitOfSecantsParams,
    WALK_HALVINGS,
    exact_tex,
    secant_x_range,
    secant_y_range,
    shown_value,
)

HALVINGS = WALK_HALVINGS  # h walks from h0 down to h0 / 2**8
FOLLOW_FROM = 4.0  # the camera follows the shrinking step once |h| < |h0| / FOLLOW_FROM
MAX_ZOOM = 40.0
TANGENT_ZOOM = 8.0
DOT = 0.07
ORDER_WORDS = {1: "about halves", 2: "drops about four times", 3: "drops about eight times"}


class LimitOfSecants(MathvizScene):
    Params = LimitOfSecantsParams
    title = "The derivative as a limit of secants"

    def construct(self):
        p = self.params
        self.f = parse_function(p.f)
        self.x0, self.h0 = p.x0, p.h0
        self.steps = halving_steps(self.h0, HALVINGS + 1)
        self.tangent_slope, self.tangent_intercept = tangent_line(self.f, self.x0)
        self._build_layout()

        self.beat("curve", "Here is a function, and one point on its graph. We want the slope of "
                           "the curve at exactly that point.")
        self._show_curve()
        self.beat("secant", "Two points make a line. Step a distance h to the right, and the "
                            "secant through both points has slope rise over run: delta y over h.")
        self._show_secant()
        self.beat("shrink", "Now halve h, again and again. The second point slides toward the "
                            "first; zoomed in, they stay apart, and the secant's slope settles on "
                            "one number.")
        self._show_shrinking()
        self.beat("tangent", "That limit is the derivative, the slope of the tangent line. Near our "
                             "point the tangent hugs the curve: the closer we look, the harder the "
                             "two are to tell apart.")
        self._show_tangent()
        self.beat("error", self._error_narration())
        self._show_error()

    # -- layout and mobjects -------------------------------------------------------------

    def _build_layout(self):
        layout = self.layout(3, 2, tall=(5, 5))
        main = layout.main
        # readouts above the error plot (beside it in a square frame's low strip)
        side, lower = layout.side_parts((2, 3) if layout.shape == "tall" else (1, 1), gap=0.25)
        self.main_box, self.side_box, self.lower_box = main, side, lower
        self.axes = self._build_axes(main)
        self.graph = self._build_graph()

    def _build_axes(self, box):
        # the window frames the action (the walk of the second point, the symmetric secant),
        # not the whole curve: it is drawn only where it passes through the window
        self.x_range = secant_x_range(self.x0, self.h0)
        self.y_range = secant_y_range(self.f, self.x0, self.h0)
        step_x = nice_step(self.x_range[1] - self.x_range[0])
        step_y = nice_step(self.y_range[1] - self.y_range[0], 5)
        axes = Axes(x_range=[*self.x_range, step_x], y_range=[*self.y_range, step_y],
                    x_length=box.width * 0.92, y_length=box.height * 0.9,
                    **axes_config(self.theme, step_x, step_y, x_range=self.x_range, y_range=self.y_range))
        axes.move_to(box.center)
        plate_numbers(axes, self.theme)  # the secants and the rise cross tick numbers when an axis runs mid-window
        return axes

    def _build_graph(self) -> VGroup:
        """The curve, in pieces: wherever it leaves the window it is cut off at its edge."""
        xs = np.linspace(*self.x_range, 2001)
        ys = self.f(xs)
        lo, hi = self.y_range
        inside = np.isfinite(ys) & (ys >= lo) & (ys <= hi)
        pieces = VGroup()
        start = None
        for i, ok in enumerate(np.append(inside, False)):
            if ok and start is None:
                start = i
            elif not ok and start is not None:
                a, b = self._edge(xs, ys, start, -1), self._edge(xs, ys, i - 1, +1)
                if b - a > 1e-9:
                    pieces.add(self.axes.plot(self.f, x_range=[a, b, (b - a) / 200], color=self.theme.function,
                                              stroke_width=self.theme.stroke))
                start = None
        return pieces

    def _edge(self, xs, ys, i, side):
        """Where the piece ending at sample ``i`` meets the window, toward ``side`` (linear)."""
        j = i + side
        if j < 0 or j >= len(xs) or not np.isfinite(ys[j]):
            return float(xs[i])
        bound = self.y_range[1] if ys[j] > self.y_range[1] else self.y_range[0]
        t = (bound - ys[i]) / (ys[j] - ys[i])
        return float(xs[i] + np.clip(t, 0.0, 1.0) * (xs[j] - xs[i]))

    def axis_points(self) -> np.ndarray:
        """Points all along both axis lines (a line's own points are only its two ends)."""
        return np.concatenate([[axis.get_start() + t * (axis.get_end() - axis.get_start())
                                for t in np.linspace(0, 1, 300)] for axis in (self.axes.x_axis, self.axes.y_axis)])

    def point_on_curve(self, x: float) -> np.ndarray:
        return self.axes.c2p(x, float(self.f(x)))

    def line_points(self, slope: float, x: float, y: float):
        """Scene-space ends of the line of ``slope`` through (x, y), clipped to the axes' box."""
        ends = clip_line(slope, x, y, self.x_range, self.y_range)
        return [self.axes.c2p(*end) for end in ends] if ends else [self.axes.c2p(x, y)] * 2

    def secant_points(self, h: float):
        """Scene-space end points of the secant for step ``h``, clipped to the axes' box."""
        return self.line_points(float(secant_slope(self.f, self.x0, h)), self.x0, float(self.f(self.x0)))

    # -- the camera ------------------------------------------------------------------------

    @property
    def zoom(self) -> float:
        """How much the camera magnifies now (1 at home)."""
        return self.frame_w / self.camera.frame.width

    def follow_view(self, h: float):
        """Camera (width, centre) that keeps the step ``h`` about the same size on screen, with
        the two points where the figure's box is on the home frame."""
        zoom = float(np.clip(FOLLOW_FROM * abs(h) / abs(self.h0), 1.0 / MAX_ZOOM, 1.0)) ** -1
        width = self.frame_w / zoom
        middle = 0.5 * (self.point_on_curve(self.x0) + self.point_on_curve(self.x0 + h))
        follow = middle - self.main_box.center / zoom
        share = min(1.0, (1.0 - 1.0 / zoom) / 0.5)  # from home to following, smoothly
        return width, share * follow

    def pin(self, mob):
        """Keep ``mob`` where it is on screen, at its size, however the camera moves."""
        home = mob.get_left() / 1.0
        mob.pin_scale = 1.0

        def stay(m):
            k = 1.0 / self.zoom
            m.scale(k / m.pin_scale, about_point=m.get_left())
            m.pin_scale = k
            m.shift(self.camera.frame.get_center() + home * k - m.get_left())

        mob.add_updater(stay)
        return mob

    def keep_size(self, dot, radius: float = DOT):
        """A dot that looks the same size at any zoom, drawn over the lines."""
        dot.add_updater(lambda m: m.scale_to_fit_width(2 * radius / self.zoom))
        return dot.set_z_index(3)

    def keep_stroke(self, mob):
        """Lines that look as thick at any zoom (the camera magnifies strokes with the picture)."""
        parts = [(sub, sub.get_stroke_width()) for sub in mob.family_members_with_points()]

        def thin(m):
            k = 1.0 / self.zoom
            for sub, width in parts:
                sub.set_stroke(width=width * k)

        mob.add_updater(thin)
        return mob

    def keep_beside(self, label, anchor, offset):
        """A label at ``offset`` from ``anchor()`` (scene units at home), the same size at any zoom."""
        label.pin_scale = 1.0

        def follow(m):
            k = 1.0 / self.zoom
            m.scale(k / m.pin_scale)
            m.pin_scale = k
            m.move_to(anchor() + offset * k)

        label.add_updater(follow)
        return label

    # -- readouts --------------------------------------------------------------------------

    def _slope_rows(self, h: float):
        """Two rows for the secant's slope, '=' and '≈'; the one that is true is shown."""
        t = self.theme
        rows = {}
        for relation in ("=", r"\approx"):
            value = self.number(float(secant_slope(self.f, self.x0, h)), decimals=4, trim=True, color=t.estimate)
            rows[relation] = self.readout_row(rf"\frac{{\Delta y}}{{h}} {relation}", value)
        return rows

    def slope_text(self, h: float) -> tuple[str, float]:
        """The relation and the value the slope readout shows for ``h`` (exact when it is)."""
        value = float(secant_slope(self.f, self.x0, h))
        relation, digits = shown_value(value, exact_secant_slope(self.f, self.x0, h))
        return relation, float(digits)

    def _build_readouts(self):
        t = self.theme
        self.formula = self.tex("f(x) =", self.f.to_tex(), role="label")
        self.h_value = self.number(self.h0, decimals=12, trim=True, include_sign=True, color=t.estimate)
        self.h_row = self.readout_row("h =", self.h_value)
        self.slope_rows = self._slope_rows(self.h0)
        derivative = exact_tex(self.tangent_slope, exact_derivative(self.f, self.x0))
        self.derivative_row = self.tex(r"f'(x_0)", derivative, role="label", color=t.truth)
        rows = VGroup(self.formula, self.h_row, self.slope_rows["="])
        before = self.formula.height
        self.fit_rows(rows, self.side_box, buff=0.3)
        scale = self.formula.height / before
        # the other slope row and the derivative take the places of the rows they replace
        self.slope_rows[r"\approx"].scale(scale).move_to(self.slope_rows["="], aligned_edge=LEFT)
        self.derivative_row.scale(scale).move_to(self.h_row, aligned_edge=LEFT)
        self.readouts = VGroup(self.formula, self.h_row)

    def set_step(self, h: float, swap: bool = True):
        """Show the state of step ``h``: its h and its secant's slope, exact when it is."""
        self.h_row.set_values(h)
        relation, value = self.slope_text(h)
        for row in self.slope_rows.values():
            row.set_values(value)
        shown = self.slope_rows[relation]
        if not swap:
            self.slope_row = shown
        elif shown is not self.slope_row:
            self.remove(self.slope_row)
            self.add(shown)
            self.slope_row = shown

    def _record_step(self, dt=0.0) -> None:
        relation = next(k for k, v in self.slope_rows.items() if v is self.slope_row)
        self.shown_steps.append((self.h_value.text, relation, self.slope_row.numbers[0].text, self.zoom,
                                 self.h.get_value()))

    # -- beats ---------------------------------------------------------------------------

    def _free_offset(self, label):
        """Where to put ``label`` around the point: the spot clear of curve, tangent and axes."""
        tangent = self.line_points(self.tangent_slope, self.x0, float(self.f(self.x0)))
        y0 = float(self.f(self.x0))
        run = [self.axes.c2p(self.x0, y0), self.axes.c2p(self.x0 + self.h0, y0)]  # the first run and rise
        rise = [run[1], self.point_on_curve(self.x0 + self.h0)]
        # the lines standing at the end of a beat (a secant sweeping past a label is fine)
        hs = self.h0 / 4
        symmetric = self.line_points(float(central_slope(self.f, self.x0, hs)), self.x0 - hs,
                                     float(self.f(self.x0 - hs)))
        secants = [self.secant_points(h) for h in (self.h0, hs, self.steps[-1])] + [tangent, run, rise, symmetric]
        lines = [a + t * (b - a) for a, b in secants for t in np.linspace(0, 1, 400)]
        curve = np.concatenate([piece.get_all_points() for piece in self.graph]) if len(self.graph) else np.zeros((0, 3))
        obstacles = np.concatenate([
            curve, np.array(lines).reshape(-1, 3),
            self.axis_points(),
        ])
        candidates = []
        for reach in (1.0, 1.6, 2.4, 3.5, 5.0):  # near the point first, farther out when every near spot is crossed
            dx, dy = label.width / 2 + 0.15 * reach, label.height / 2 + 0.15 * reach
            candidates += [np.array([sx * dx, sy * dy, 0.0]) for sx in (-1, 1) for sy in (-1, 1)]
            candidates += [np.array([0.0, sy * (dy + 0.1), 0.0]) for sy in (-1, 1)]
        center = self.p_dot.get_center()
        best = best_position((label.width, label.height), [center + c for c in candidates], points=obstacles,
                             clearance=0.12)
        return best - center

    def _show_curve(self):
        point = self.theme.point
        x0_label = self.readout_row("x_0 =", self.number(self.x0, "small", point, digits=6), role="small", color=point)
        self.p_dot = self.keep_size(Dot(self.point_on_curve(self.x0), color=self.theme.point, radius=DOT))
        offset = self._free_offset(x0_label)
        x0_label.move_to(self.p_dot).shift(offset)
        self.keep_beside(x0_label, lambda: self.point_on_curve(self.x0), offset)
        self.keep_stroke(self.axes)
        self.keep_stroke(self.graph)
        self.play(FadeIn(self.title_mob), Create(self.axes), run_time=1.2)
        self.play(Create(self.graph), run_time=1.5)
        self.play(FadeIn(self.p_dot, scale=1.5), FadeIn(x0_label), run_time=0.8)
        self.x0_label = x0_label

    def _build_rise_run(self):
        """Dashed run and rise of the secant, labelled h and Δy, drawn the same size at any zoom."""
        t = self.theme
        x0, y0 = self.x0, float(self.f(self.x0))
        corner = lambda: self.axes.c2p(x0 + self.h.get_value(), y0)  # noqa: E731
        run = DashedLine(self.p_dot.get_center(), corner(), color=t.muted)
        rise = DashedLine(corner(), self.q_dot.get_center(), color=t.muted)
        run.add_updater(lambda m: m.put_start_and_end_on(self.point_on_curve(x0), corner() + 1e-9 * RIGHT))
        rise.add_updater(lambda m: m.put_start_and_end_on(
            corner(), self.point_on_curve(x0 + self.h.get_value()) + 1e-9 * DOWN))
        h_label = self.tex("h", role="small", color=t.muted)
        dy_label = self.tex(r"\Delta y", role="small", color=t.muted)

        def place(label, anchor, direction):
            def follow(m):
                k = 1.0 / self.zoom
                m.scale(k / m.pin_scale)
                m.pin_scale = k
                m.next_to(anchor(), direction, buff=0.12 * k)
            label.pin_scale = 1.0
            label.add_updater(follow)
            follow(label)

        up = 1.0 if float(self.f(x0 + self.h0)) >= y0 else -1.0
        right = 1.0 if self.h0 > 0 else -1.0
        def along(start, end, t):
            return lambda: (1 - t) * start() + t * end()

        start_run, end_run = (lambda: self.point_on_curve(x0)), corner
        end_rise = lambda: self.point_on_curve(x0 + self.h.get_value())  # noqa: E731
        # each label on the side of its line that is clearer at the first step (it keeps that side)
        a, b = self.secant_points(self.h0)
        curve = np.concatenate([piece.get_all_points() for piece in self.graph]) if len(self.graph) else np.zeros((0, 3))
        lines = np.concatenate([curve, [a + s * (b - a) for s in np.linspace(0, 1, 400)],
                                self.axis_points(),
                                [run.get_start() + s * (run.get_end() - run.get_start()) for s in np.linspace(0, 1, 100)],
                                [rise.get_start() + s * (rise.get_end() - rise.get_start()) for s in np.linspace(0, 1, 100)]])
        ticks = [*self.axes.x_axis.numbers, *self.axes.y_axis.numbers]
        for label, ends, sides in ((h_label, (start_run, end_run), (-up * UP, up * UP)),
                                   (dy_label, (end_run, end_rise), (right * RIGHT, -right * RIGHT))):
            options = [(along(*ends, t), side) for t in (0.5, 0.3, 0.7) for side in sides]
            spots = [beside(label, anchor(), side, 0.12) for anchor, side in options]
            best = best_position((label.width, label.height), spots, points=lines, avoid=ticks, clearance=0.08)
            anchor, side = options[int(np.argmin([np.linalg.norm(best - spot) for spot in spots]))]
            place(label, anchor, side)
        return self.keep_stroke(VGroup(run, rise)), VGroup(h_label, dy_label)

    def _show_secant(self):
        self.h = ValueTracker(self.h0)
        self.q_dot = self.keep_size(Dot(self.point_on_curve(self.x0 + self.h0), color=self.theme.estimate,
                                        radius=DOT))
        self.q_dot.add_updater(lambda m: m.move_to(self.point_on_curve(self.x0 + self.h.get_value())))
        self.secant = Line(*self.secant_points(self.h0), color=self.theme.estimate, stroke_width=self.theme.stroke)
        self.secant.add_updater(lambda m: m.put_start_and_end_on(*self.secant_points(self.h.get_value())))
        self.rise_run, self.rise_run_labels = self._build_rise_run()
        self._build_readouts()
        self.set_step(self.h0, swap=False)
        self.keep_stroke(self.secant)
        self.play(FadeIn(self.q_dot, scale=1.5), Create(self.rise_run), run_time=1.0)
        self.play(FadeIn(self.rise_run_labels), Write(self.readouts), run_time=1.2)
        self.play(Create(self.secant), Write(self.slope_row), run_time=1.2)

    def _show_shrinking(self):
        # pin the title and the panel: the camera zooms in on the two points, they stay put
        for mob in (self.title_mob, self.formula, self.h_row, *self.slope_rows.values()):
            self.pin(mob)
        frame = self.camera.frame
        self.shown_steps = []  # (h, relation, slope, zoom) on screen at every frame, for the tests
        record = self._record_step  # one bound method: remove_updater compares by identity
        self.add_updater(record)
        for h in self.steps[1:]:
            width, center = self.follow_view(h)
            self.play(self.h.animate.set_value(h), frame.animate.set(width=width).move_to(center),
                      run_time=0.75, rate_func=smooth)
            self.set_step(h)  # the readouts jump to the state the point has reached
            self.wait(0.3)
        self.remove_updater(record)
        self.hold_for_reading(1.5)
        self.zoom_home(FadeOut(self.rise_run), FadeOut(self.rise_run_labels), run_time=1.2)

    def _show_tangent(self):
        slope, y0 = self.tangent_slope, float(self.f(self.x0))
        self.tangent = self.keep_stroke(Line(*self.line_points(slope, self.x0, y0), color=self.theme.truth,
                                             stroke_width=self.theme.stroke))
        self.pin(self.derivative_row)
        self.play(Create(self.tangent), FadeOut(self.h_row), FadeIn(self.derivative_row), run_time=1.5)
        self.wait(0.5)
        view = self.main_box.center
        width = self.frame_w / TANGENT_ZOOM
        self.zoom_to(self.p_dot.get_center() - view / TANGENT_ZOOM, width, run_time=1.5)
        self.wait(1.5)
        self.zoom_home(run_time=1.5)

    def _error_data(self):
        h = halving_steps(self.h0, 10)
        err = secant_errors(self.f, self.x0, h)
        orders = {}
        for key in ("forward", "central"):
            order = convergence_order(err["h"], err[key])
            orders[key] = None if math.isnan(order) else order
        return err, orders

    def _error_narration(self) -> str:
        _, orders = self._error_data()
        one = ORDER_WORDS.get(round(orders["forward"]), f"shrinks like h to the power {orders['forward']:.1f}")
        if orders["central"] is None:
            sym = "the symmetric secant, through x0 minus h and x0 plus h, is exact for this f"
        else:
            words = ORDER_WORDS.get(round(orders["central"]), f"shrinks like h to the power "
                                                               f"{orders['central']:.1f}")
            sym = f"the symmetric secant's, through x0 minus h and x0 plus h, {words}"
        return (f"How fast does the estimate improve? Here, when h halves, the one-sided error {one}; "
                f"{sym}.")

    def _show_error(self):
        err, _ = self._error_data()
        t = self.theme
        # the symmetric secant on the figure, at a step where it can be seen
        hs = self.h0 / 4
        r_dot = self.keep_size(Dot(self.point_on_curve(self.x0 - hs), color=t.highlight, radius=DOT))
        symmetric = Line(*self.line_points(float(central_slope(self.f, self.x0, hs)), self.x0 - hs,
                                           float(self.f(self.x0 - hs))), color=t.highlight, stroke_width=t.stroke)
        self.symmetric, self.symmetric_dot = symmetric, r_dot

        usable = np.concatenate([err[k][err[k] > 1e-13] for k in ("forward", "central")])
        x_dec = (math.floor(np.log10(err["h"].min())), math.ceil(np.log10(err["h"].max())))
        y_dec = (math.floor(np.log10(usable.min())), math.ceil(np.log10(usable.max())))
        box = self.lower_box
        shrink = 1.0
        for _ in range(4):  # smaller axes, not smaller text: the labels keep their size
            plot, legend, series = self._build_error_plot(err, x_dec, y_dec, box, shrink)
            scale = self.fit_scale(VGroup(plot, legend), box)
            if scale > 0.999:
                break
            shrink *= scale * 0.98
        self.error_plot = self.fit(VGroup(plot, legend), box, readable=True)
        # three lines at a time: the derivative stays, the legend's two lines join it
        self.play(self.h.animate.set_value(hs), FadeOut(self.formula), FadeOut(self.slope_row), run_time=1.2)
        self.play(FadeIn(r_dot, scale=1.5), Create(symmetric), run_time=1.2)
        self.play(FadeIn(VGroup(*plot[:3])), run_time=0.8)
        for dots in series:
            self.play(FadeIn(dots, lag_ratio=0.2), run_time=1.2)
        self.play(FadeIn(legend), run_time=0.6)
        self.wait(1.0)

    def _build_error_plot(self, err, x_dec, y_dec, box, shrink):
        """The log-log error plot and its legend, the axes ``shrink`` times their full size."""
        lengths = np.array([box.width * 0.72, box.height * 0.55]) * shrink
        axes, to_point = log_axes(self.theme, x_dec, y_dec, *lengths)
        x_label = self.tex(r"|h|", role="small", color=self.theme.muted)
        y_label = self.tex(r"\text{error}", role="small", color=self.theme.muted)
        series, legend = VGroup(), VGroup()
        for key, color, name in (("forward", self.theme.estimate, "one-sided"),
                                 ("central", self.theme.highlight, "symmetric")):
            keep = err[key] > 1e-13
            if keep.sum() < 2:
                continue  # exact for this f (say, the symmetric slope of a parabola)
            series.add(VGroup(*[Dot(to_point(a, b), radius=0.045, color=color)
                                for a, b in zip(err["h"][keep], err[key][keep])]))
            order = format_number(convergence_order(err["h"], err[key]), 2, style="tex")
            legend.add(VGroup(Dot(color=color, radius=0.06),
                              self.tex(rf"\text{{{name}: error}} \propto |h|^{{{order}}}", role="small",
                                       color=color)).arrange(RIGHT, buff=0.15))
        legend.arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        plot = VGroup(axes, x_label.next_to(axes, RIGHT, buff=0.15).align_to(axes, DOWN),
                      y_label.next_to(axes, UP, buff=0.1).align_to(axes, LEFT), series)
        VGroup(plot, legend).arrange(DOWN, buff=0.25)
        return plot, legend, series
