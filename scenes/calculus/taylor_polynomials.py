"""Taylor polynomials: orders 0, 1, 2, ... around x0 copy f ever more widely, up to a radius.

Render with its defaults, as plain manim::

    manim -ql scenes/calculus/taylor_polynomials.py TaylorPolynomials
"""

from __future__ import annotations

import math

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    Line,
    ReplacementTransform,
    VGroup,
    VMobject,
)

from mathviz.core.calculus import taylor_polynomial
from mathviz.core.expr import parse_function
from mathviz.kit import (
    axes_config,
    format_number,
    log_axes,
    MathvizScene,
    nice_step,
    padded_range,
    plate_numbers,
    rounding,
    said,
    snap_range,
)
from scenes.calculus.specs import TaylorPolynomialsParams, check_taylor

GRID = 400
FIRST_ORDERS = 3  # orders 0, 1, 2 are shown one at a time, each with its own words
WORSE = 1e-3  # an error growing with the order counts once it is this part of the window's height


class TaylorPolynomials(MathvizScene):
    Params = TaylorPolynomialsParams
    title = "Taylor polynomials"

    def construct(self):
        p = self.params
        self.f = parse_function(p.f)
        self.x0, self.n, self.a, self.b = p.x0, p.n, p.a, p.b
        self.points = tuple(float(x) for x in p.x)
        data = check_taylor(self.f, p.f, p.x0, p.n, p.a, p.b, p.x)
        self.coefficients, self.errors = data["coefficients"], data["errors"]
        self.polynomials = [taylor_polynomial(self.f, self.x0, k) for k in range(self.n + 1)]
        self._build_layout()

        self.beat("function", "Here is a function f, and the point of its graph above x0. A Taylor "
                              "polynomial copies f near x0: its value, its slope, its bend, and so on, one term at a time.")
        self._show_function()
        self.beat("first", self._first_narration())
        self._show_first_orders()
        self.beat("higher", self._higher_narration())
        self._show_higher_orders()
        self.beat("error", self._error_narration())
        self._show_error()

    # -- numbers and words, from the core ------------------------------------------------------

    def worse_sides(self) -> list[str]:
        """Sides of x0 ("left", "right") where, on the drawn interval, the error at order n has
        grown past the error two orders before (same parity: a series with alternating terms
        overshoots by turns)."""
        if self.n < 2:
            return []
        xs = self.xs
        errors = [np.abs(self.f(xs) - q(xs)) for q in self.polynomials[-3:]]
        height = self.y_range[1] - self.y_range[0]
        worse = (errors[2] > errors[0]) & (errors[2] > WORSE * height)
        sides = []
        if np.any(worse & (xs < self.x0)):
            sides.append("left")
        if np.any(worse & (xs > self.x0)):
            sides.append("right")
        return sides

    def _first_narration(self) -> str:
        a1, a2 = (float(c) for c in self.coefficients[1:3]) if self.n >= 2 else (float(self.coefficients[1]), None)
        text = "Order zero copies only the value: a flat line. Order one adds the slope, which gives the tangent line"
        text += ", flat here, since the slope at x0 is zero." if abs(a1) < 1e-12 else "."
        if a2 is None:
            return text
        if abs(a2) < 1e-12:
            return text + " Order two would add the bend, but f has none at x0, so nothing changes."
        return text + " Order two adds the bend: a parabola."

    def _higher_narration(self) -> str:
        text = (f"Each further order adds one term, a k times x minus x0 to the k. Up to order {self.n}, "
                "near x0 the polynomials hug f over a wider and wider stretch.")
        sides = self.worse_sides()
        if sides:
            where = "on both sides" if len(sides) == 2 else f"on the {sides[0]}"
            text += (f" But far from x0, {where}, each new order swings further off: there, more terms "
                     "make it worse. Beyond a distance called the radius of convergence, the series never settles.")
        else:
            text += " On all of this interval, more terms bring them closer."
        return text

    def rate(self, x: float) -> float:
        """The error's average factor per order at ``x``, from order 1 to order n (a geometric mean)."""
        err = self.errors[x]
        if self.n < 2:
            return float(err[-1] / err[0])
        return float((err[-1] / err[1]) ** (1.0 / (self.n - 1)))

    def _error_narration(self) -> str:
        chosen = "a chosen point" if len(self.points) == 1 else "two chosen points"
        parts = [f"Now climb the orders again and watch the error at {chosen}: the gap between f and "
                 "the polynomial, plotted against the order on a logarithmic axis."]
        for x in self.points:
            err = self.errors[x]
            end = said(err[-1], digits=2)
            factor = self.rate(x)
            if err[-1] < err[0] and factor < 1:
                parts.append(f"At x = {said(x, digits=3)} it falls to {end} by order {self.n}, shrinking by a "
                             f"factor of {said(1 / factor, digits=2)} per order on average.")
            elif err[-1] > err[0]:
                parts.append(f"At x = {said(x, digits=3)} it grows instead, to {end} by order {self.n}: the "
                             "series does not close in there.")
            else:
                parts.append(f"At x = {said(x, digits=3)} it ends at {end} by order {self.n}, with no steady trend.")
        return " ".join(parts)

    # -- layout and mobjects -------------------------------------------------------------------

    def _build_layout(self):
        layout = self.layout(3, 2, square=(3, 2.4), tall=(5, 4))
        self.main_box, self.panel_box = layout.main, layout.side
        span = self.b - self.a
        self.xs = np.union1d(np.linspace(self.a, self.b, GRID), [self.x0, *self.points])
        self.step_x = nice_step(span, 6)
        self.x_range = snap_range(self.a - 0.03 * span, self.b + 0.03 * span, self.step_x)
        low, high = padded_range(np.append(self.f(self.xs), float(self.f(self.x0))), pad=0.3)
        step_y = nice_step(high - low, 6)
        self.y_range = snap_range(low, high, step_y)
        box = self.main_box
        self.axes = Axes(x_range=[*self.x_range, self.step_x], y_range=[*self.y_range, step_y],
                         x_length=box.width * 0.94, y_length=box.height * 0.92,
                         **axes_config(self.theme, self.step_x, step_y, x_range=self.x_range,
                                       y_range=self.y_range)).move_to(box.center)
        plate_numbers(self.axes, self.theme)
        self.graph = self._curve(self.f, self.theme.function)
        self.center_dot = Dot(self.axes.c2p(self.x0, float(self.f(self.x0))), radius=0.07,
                              color=self.theme.point).set_z_index(4)

    def _curve(self, fn, color) -> VGroup:
        """``fn`` on [a, b], in the pieces that lie inside the window (a polynomial leaves it)."""
        ys = np.asarray(fn(self.xs), dtype=float) * np.ones_like(self.xs)
        lo, hi = self.y_range
        inside = (ys >= lo) & (ys <= hi)
        pieces = VGroup()
        edges = np.flatnonzero(np.diff(np.concatenate([[0], inside.astype(int), [0]])))
        for start, stop in zip(edges[::2], edges[1::2]):
            # one sample beyond each end, cut at the window's edge, so a piece reaches the border
            i0, i1 = max(start - 1, 0), min(stop + 1, len(self.xs))
            xs, part = self.xs[i0:i1], np.clip(ys[i0:i1], lo, hi)
            if xs.size < 2:
                continue
            piece = VMobject(stroke_color=color, stroke_width=self.theme.stroke)
            piece.set_points_as_corners(np.asarray(self.axes.c2p(xs, part)).T)
            pieces.add(piece)
        return pieces

    def _coefficient_row(self, k: int):
        relation, digits = rounding(float(self.coefficients[k]), digits=3)
        return self.tex(rf"a_{{{k}}} {relation} {digits}", role="label", color=self.theme.estimate)

    def _order_row(self, k: int):
        return self.tex(rf"\text{{order }} n = {k}", role="label", color=self.theme.estimate)

    def _set_order(self, k: int, run_time: float):
        """Show the order-``k`` polynomial in place of the one before, its order and newest coefficient."""
        new = self._curve(self.polynomials[k], self.theme.estimate)
        rows = [self.f_row.copy(), self._order_row(k), self._coefficient_row(k)]
        group = VGroup(*rows)
        self.fit_rows(group, self.panel_box, buff=0.3)
        if self.poly is None:
            self.play(Create(new), FadeOut(self.panel), FadeIn(group), run_time=run_time)
        else:
            self.play(ReplacementTransform(self.poly, new), FadeOut(self.panel), FadeIn(group), run_time=run_time)
        self.poly, self.panel, self.shown_order = new, group, k
        self.shown.append((k, rows[2].get_tex_string()))

    # -- beats ---------------------------------------------------------------------------------

    def _show_function(self):
        t = self.theme
        self.f_row = self.tex("f(x) =", self.f.to_tex(), role="label", color=t.function)
        centre = format_number(self.x0, digits=6, style="tex")
        self.swap_panel(self.f_row, self.tex(rf"x_0 = {centre}", role="label"))
        self.play(FadeIn(self.title_mob), Create(self.axes), run_time=1.0)
        self.play(Create(self.graph), run_time=1.2)
        self.play(FadeIn(self.center_dot, scale=1.5), run_time=0.6)

    def _show_first_orders(self):
        self.poly, self.shown = None, []
        for k in range(min(FIRST_ORDERS, self.n + 1)):
            self._set_order(k, run_time=1.2)
            self.wait(1.0)

    def _show_higher_orders(self):
        for k in range(FIRST_ORDERS, self.n + 1):
            self._set_order(k, run_time=0.9)
            self.wait(0.4)

    def _error_colors(self):
        return (self.theme.first, self.theme.second)

    def _build_error_plot(self, box, shrink: float = 1.0):
        t = self.theme
        values = np.concatenate([self.errors[x] for x in self.points])
        y_dec = (math.floor(np.log10(values.min())), math.ceil(np.log10(values.max())))
        if y_dec[1] - y_dec[0] < 2:
            y_dec = (y_dec[0] - 1, y_dec[1]) if y_dec[0] > -15 else (y_dec[0], y_dec[1] + 1)
        beside = box.width > 1.3 * box.height  # a low, wide strip: the legend goes right of the plot
        size = (box.width * 0.5, box.height * 0.62) if beside else (box.width * 0.75, box.height * 0.6)
        axes, to_point = log_axes(t, (0, self.n), y_dec, size[0] * shrink, size[1] * shrink, log_x=False)
        x_label = self.tex(r"\text{order } n", role="small", color=t.muted)
        y_label = self.tex(r"\text{error}", role="small", color=t.muted)
        series, legend = VGroup(), VGroup()
        for x, color in zip(self.points, self._error_colors()):
            dots = VGroup(*[Dot(to_point(k, e), radius=0.05, color=color) for k, e in enumerate(self.errors[x])])
            dots.errors = self.errors[x]
            series.add(dots)
            where = format_number(x, digits=3, style="tex")
            legend.add(VGroup(Dot(color=color, radius=0.06),
                              self.tex(rf"|f(x) - p_n(x)|,\ x = {where}", role="small", color=color)
                              ).arrange(RIGHT, buff=0.15))
        legend.arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        plot = VGroup(axes, x_label.next_to(axes, DOWN, buff=0.35).align_to(axes, RIGHT),
                      y_label.next_to(axes, UP, buff=0.1).align_to(axes, LEFT), series)
        VGroup(plot, legend).arrange(RIGHT if beside else DOWN, buff=0.4 if beside else 0.3)
        plot.to_point = to_point
        return plot, legend, series

    def _error_segments(self, k: int) -> VGroup:
        """At each chosen x, the gap between f and the order-``k`` polynomial (cut at the window)."""
        segments = VGroup()
        lo, hi = self.y_range
        for x, color in zip(self.points, self._error_colors()):
            y, q = float(self.f(x)), float(self.polynomials[k](x))
            ends = [self.axes.c2p(x, float(np.clip(v, lo, hi))) for v in (y, q)]
            if np.linalg.norm(ends[1] - ends[0]) < 1e-6:
                ends[1] = ends[0] + 1e-6 * UP
            segments.add(Line(*ends, color=color, stroke_width=self.theme.stroke * 1.3).set_z_index(3))
        return segments

    def _show_error(self):
        shrink = 1.0
        for _ in range(4):  # smaller axes, not smaller text
            plot, legend, series = self._build_error_plot(self.panel_box, shrink)
            scale = self.fit_scale(VGroup(plot, legend), self.panel_box)
            if scale > 0.999:
                break
            shrink *= scale * 0.98
        self.error_plot = self.fit(VGroup(plot, legend), self.panel_box, readable=True)
        self.series = series
        first = self._curve(self.polynomials[0], self.theme.estimate)
        self.segments = self._error_segments(0)
        self.play(FadeOut(self.panel), ReplacementTransform(self.poly, first), run_time=0.8)
        self.poly, self.panel = first, self.error_plot
        self.play(FadeIn(VGroup(*plot[:3])), FadeIn(legend), Create(self.segments), run_time=0.8)
        self.play(*[FadeIn(dots[0], scale=1.5) for dots in series], run_time=0.5)
        for k in range(1, self.n + 1):
            new, segments = self._curve(self.polynomials[k], self.theme.estimate), self._error_segments(k)
            self.play(ReplacementTransform(self.poly, new), ReplacementTransform(self.segments, segments),
                      *[FadeIn(dots[k], scale=1.5) for dots in series], run_time=0.6)
            self.poly, self.segments = new, segments
