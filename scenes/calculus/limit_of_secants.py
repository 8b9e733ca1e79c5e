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
    MathTex,
    ValueTracker,
    VGroup,
    Write,
    linear,
    smooth,
)

from mathviz.core.calculus import (
    convergence_order,
    halving_steps,
    secant_errors,
    secant_slope,
    tangent_line,
)
from mathviz.core.expr import parse_function
from mathviz.kit import (
    axes_config,
    best_position,
    clip_line,
    format_number,
    log_axes,
    MathvizScene,
    nice_step,
    padded_range,
    snap_range,
)
from scenes.calculus.specs import LimitOfSecantsParams

HALVINGS = 8  # h walks from h0 down to h0 / 2**8


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
                            "secant through both points has slope rise over run.")
        self._show_secant()
        self.beat("shrink", "Now shrink h. The second point slides toward the first, and the "
                            "secant's slope settles on one number.")
        self._show_shrinking()
        self.beat("tangent", "That limit is the derivative: the slope of the tangent line, which "
                             "only touches the curve at our point.")
        self._show_tangent()
        self.beat("error", "How fast does the estimate improve? Halve h and the one-sided error "
                           "halves; the symmetric secant's error drops four times.")
        self._show_error()

    # -- layout and mobjects -------------------------------------------------------------

    def _build_layout(self):
        layout = self.layout(3, 2, tall=(5, 5))
        main = layout.main
        # readouts above the error plot (beside it in a square frame's low strip)
        side, lower = layout.side_parts((2, 3) if layout.shape == "tall" else (1, 1), gap=0.25)
        self.main_box, self.side_box, self.lower_box = main, side, lower
        self.axes = self._build_axes(main)
        self.graph = self.axes.plot(self.f, x_range=[*self.x_range, (self.x_range[1] - self.x_range[0]) / 400],
                                    color=self.theme.function, stroke_width=self.theme.stroke)

    def _build_axes(self, box):
        lo, hi = sorted((self.x0, self.x0 + self.h0))
        pad = 0.5 * (hi - lo) + 0.25
        step_x = nice_step(hi - lo + 2 * pad)
        self.x_range = snap_range(lo - pad, hi + pad, step_x)
        self.y_range = padded_range(self.f(np.linspace(*self.x_range, 400)), pad=0.15)
        step_y = nice_step(self.y_range[1] - self.y_range[0], 5)
        self.y_range = snap_range(*self.y_range, step_y)
        axes = Axes(x_range=[*self.x_range, step_x], y_range=[*self.y_range, step_y],
                    x_length=box.width * 0.92, y_length=box.height * 0.9,
                    **axes_config(self.theme, step_x, step_y, x_range=self.x_range, y_range=self.y_range))
        return axes.move_to(box.center)

    def point_on_curve(self, x: float) -> np.ndarray:
        return self.axes.c2p(x, float(self.f(x)))

    def secant_points(self, h: float):
        """Scene-space end points of the secant for step ``h``, clipped to the axes' box."""
        slope = float(secant_slope(self.f, self.x0, h))
        ends = clip_line(slope, self.x0, float(self.f(self.x0)), self.x_range, self.y_range)
        return [self.axes.c2p(*end) for end in ends] if ends else [self.point_on_curve(self.x0)] * 2

    def _build_readouts(self):
        t = self.theme
        formula = self.tex("f(x) =", self.f.to_tex(), role="label")
        self.h_value = self.number(self.h0, decimals=4, include_sign=True, color=t.estimate)
        self.slope_value = self.number(float(secant_slope(self.f, self.x0, self.h0)), decimals=4, color=t.estimate)
        self.h_row = self.readout_row("h =", self.h_value)
        self.slope_row = self.readout_row(r"\frac{f(x_0+h)-f(x_0)}{h} =", self.slope_value)
        self.derivative_row = self.readout_row(r"f'(x_0) \approx",
                                               self.number(self.tangent_slope, decimals=4, color=t.truth),
                                               color=t.truth)
        rows = VGroup(formula, self.h_row, self.slope_row, self.derivative_row)
        self.fit_rows(rows, self.side_box, buff=0.3)
        self.readouts = VGroup(*rows[:3])
        return self.readouts

    # -- beats ---------------------------------------------------------------------------

    def _free_offset(self, label):
        """Where to put ``label`` around the point: the spot clear of curve, tangent and axes."""
        xs = np.linspace(*self.x_range, 200)
        ends = clip_line(self.tangent_slope, self.x0, float(self.f(self.x0)), self.x_range, self.y_range)
        tangent = [self.axes.c2p(*ends[0]) + t * (self.axes.c2p(*ends[1]) - self.axes.c2p(*ends[0]))
                   for t in np.linspace(0, 1, 100)] if ends else []
        # the secants it will sweep through, from h0 down to the last step
        secants = [a + t * (b - a) for h in self.steps for a, b in [self.secant_points(h)]
                   for t in np.linspace(0, 1, 60)]
        obstacles = np.concatenate([
            np.array([self.point_on_curve(x) for x in xs]),
            np.array(tangent).reshape(-1, 3), np.array(secants).reshape(-1, 3),
            self.axes.x_axis.get_all_points(), self.axes.y_axis.get_all_points(),
        ])
        dx, dy = label.width / 2 + 0.15, label.height / 2 + 0.15
        candidates = [np.array([sx * dx, sy * dy, 0.0]) for sx in (-1, 1) for sy in (-1, 1)]
        candidates += [np.array([0.0, sy * (dy + 0.1), 0.0]) for sy in (-1, 1)]
        center = self.p_dot.get_center()
        best = best_position((label.width, label.height), [center + c for c in candidates], points=obstacles,
                             clearance=float("inf"))
        return best - center

    def _show_curve(self):
        point = self.theme.point
        x0_label = self.readout_row("x_0 =", self.number(self.x0, "small", point, digits=6), role="small", color=point)
        self.p_dot = Dot(self.point_on_curve(self.x0), color=self.theme.point, radius=0.07)
        x0_label.move_to(self.p_dot).shift(self._free_offset(x0_label))
        self.play(FadeIn(self.title_mob), Create(self.axes), run_time=1.2)
        self.play(Create(self.graph), run_time=1.5)
        self.play(FadeIn(self.p_dot, scale=1.5), FadeIn(x0_label), run_time=0.8)
        self.x0_label = x0_label

    def _show_secant(self):
        self.h = ValueTracker(self.h0)
        self.q_dot = Dot(self.point_on_curve(self.x0 + self.h0), color=self.theme.estimate, radius=0.07)
        self.q_dot.add_updater(lambda m: m.move_to(self.point_on_curve(self.x0 + self.h.get_value())))
        self.secant = Line(*self.secant_points(self.h0), color=self.theme.estimate, stroke_width=self.theme.stroke)
        self.secant.add_updater(lambda m: m.put_start_and_end_on(*self.secant_points(self.h.get_value())))
        corner = lambda: self.axes.c2p(self.x0 + self.h.get_value(), float(self.f(self.x0)))  # noqa: E731
        run = DashedLine(self.p_dot.get_center(), corner(), color=self.theme.muted)
        rise = DashedLine(corner(), self.q_dot.get_center(), color=self.theme.muted)
        run.add_updater(lambda m: m.put_start_and_end_on(self.p_dot.get_center(), corner() + 1e-6 * RIGHT))
        rise.add_updater(lambda m: m.put_start_and_end_on(corner(), self.q_dot.get_center() + 1e-6 * DOWN))
        self.rise_run = VGroup(run, rise)
        readouts = self._build_readouts()
        self.h_row.add_updater(lambda row: row.set_values(self.h.get_value()))
        self.slope_row.add_updater(
            lambda row: row.set_values(float(secant_slope(self.f, self.x0, self.h.get_value()))))
        self.play(FadeIn(self.q_dot, scale=1.5), Create(self.rise_run), run_time=1.0)
        self.play(Create(self.secant), Write(readouts), run_time=1.5)
        self.wait(0.8)

    def _show_shrinking(self):
        self.play(self.h.animate.set_value(self.steps[3]), run_time=2.5, rate_func=smooth)
        self.wait(0.4)
        self.play(self.h.animate.set_value(self.steps[-1]), run_time=2.5, rate_func=linear)
        self.play(FadeOut(self.rise_run), run_time=0.5)
        self.wait(0.6)

    def _show_tangent(self):
        slope, y0 = self.tangent_slope, float(self.f(self.x0))
        ends = clip_line(slope, self.x0, y0, self.x_range, self.y_range)
        self.tangent = Line(*[self.axes.c2p(*e) for e in ends], color=self.theme.truth,
                            stroke_width=self.theme.stroke)
        self.play(Create(self.tangent), FadeIn(self.derivative_row), run_time=1.5)
        self.wait(1.0)

    def _show_error(self):
        h = halving_steps(self.h0, 10)
        err = secant_errors(self.f, self.x0, h)
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
        self.play(FadeIn(VGroup(*plot[:3])), run_time=0.8)
        for dots in series:
            self.play(FadeIn(dots, lag_ratio=0.2), run_time=1.2)
        self.play(FadeIn(legend), run_time=0.6)
        self.wait(2.0)

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
