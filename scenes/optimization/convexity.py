"""Convex functions: every chord above the graph, the second derivative's sign, a corner, a trap.

Render with its defaults, as plain manim::

    manim -ql scenes/optimization/convexity.py Convexity
"""

from __future__ import annotations

import numpy as np
from manim import (
    RIGHT,
    UP,
    Axes,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    LaggedStart,
    Line,
    ReplacementTransform,
    ValueTracker,
    VGroup,
    VMobject,
    smooth,
)

from mathviz.core.calculus import second_derivative, secant_slope
from mathviz.core.expr import parse_function
from mathviz.core.optimizers import is_convex_on, optimize_path
from mathviz.kit import (
    axes_config,
    format_number,
    MathvizScene,
    nice_step,
    padded_range,
    plate_numbers,
    snap_range,
)
from scenes.optimization.specs import ConvexityParams, TRAP_LOSS, TRAP_RANGE, TRAP_STARTS

GRID = 400
TRAP_RATE, TRAP_STEPS = 0.1, 40


def _rounded(value: float) -> str:
    """A value the core computed, to three significant digits, for speech and screen."""
    return format_number(value, digits=3, style="text")


class Convexity(MathvizScene):
    Params = ConvexityParams
    title = "Convex functions"

    def construct(self):
        p = self.params
        self.f = parse_function(p.f)
        self.test = is_convex_on(self.f, p.a, p.b)
        xs = np.linspace(p.a, p.b, 201)
        self.curvature = np.array([second_derivative(self.f, x) for x in xs])
        self.trap = self._trap_runs()
        layout = self.layout(3, 2, tall=(5, 3))
        self.main_box, self.panel_box = layout.main, layout.side
        self.axes, self.graph = self._build_plot(self.f, p.a, p.b)

        self.beat("chord", "A function is convex when the straight chord between any two points "
                           "of its graph lies on or above the graph.")
        self._show_chord()
        self.beat("chords", self._chords_narration())
        self._show_chords()
        self.beat("curvature", self._curvature_narration())
        self._show_curvature()
        self.beat("corner", "Convex does not need a derivative. The absolute value has a corner at "
                            "zero, where the slope jumps from minus one to one, yet every chord "
                            "still lies above it.")
        self._show_corner()
        self.beat("trap", self._trap_narration())
        self._show_trap()

    # -- numbers, from the core ---------------------------------------------------------------

    def _chords_narration(self) -> str:
        if self.test.convex:
            return ("Slide the chord anywhere on the interval: it never dips under the graph. "
                    "Testing every pair on a fine grid agrees: f is convex here.")
        x1, x2 = (_rounded(x) for x in self.test.worst)
        return (f"Slide the chord around. Between x = {x1} and x = {x2} the graph rises above it, "
                "so f is not convex on this interval.")

    def _curvature_narration(self) -> str:
        low = _rounded(self.curvature.min())
        if self.curvature.min() >= 0:
            return ("For a function with a second derivative there is a shortcut: it is convex exactly "
                    f"where f'' never goes below zero. Here its least value is about {low}.")
        return ("For a function with a second derivative there is a shortcut: it is convex exactly "
                f"where f'' never goes below zero. Here f'' dips to about {low}, where the graph bends down.")

    def _trap_runs(self):
        """The non-convex loss and plain descent from each start (one point at a time, 1-D)."""
        loss = parse_function(TRAP_LOSS)
        return loss, [optimize_path(lambda q: float(loss(q[0])), [x0], "gd", TRAP_RATE, TRAP_STEPS)
                      for x0 in TRAP_STARTS]

    def _trap_narration(self) -> str:
        _, (first, second) = self.trap
        return (f"Why it matters. This loss is not convex. Descent from x = {_rounded(TRAP_STARTS[0])} "
                f"settles in a shallow valley near {_rounded(first.points[-1, 0])}; from "
                f"{_rounded(TRAP_STARTS[1])} it finds the deeper one near {_rounded(second.points[-1, 0])}. "
                "On a convex function every local minimum is the global one, so descent cannot be trapped.")

    # -- mobjects ------------------------------------------------------------------------------

    def _build_plot(self, f, a: float, b: float, box=None):
        box = box or self.main_box
        step_x = nice_step(b - a, 6)
        x_range = snap_range(a - 0.04 * (b - a), b + 0.04 * (b - a), step_x)
        y_range = padded_range(np.append(np.asarray(f(np.linspace(a, b, GRID)), dtype=float), 0.0), pad=0.12)
        step_y = nice_step(y_range[1] - y_range[0], 7)
        y_range = snap_range(*y_range, step_y)
        axes = Axes(x_range=[*x_range, step_x], y_range=[*y_range, step_y],
                    x_length=box.width * 0.92, y_length=box.height * 0.9,
                    **axes_config(self.theme, step_x, step_y, x_range=x_range, y_range=y_range))
        axes.move_to(box.center)
        plate_numbers(axes, self.theme)
        graph = axes.plot(f, x_range=[a, b, (b - a) / GRID], color=self.theme.function,
                          stroke_width=self.theme.stroke)
        return axes, graph

    def _chord_parts(self, axes, f, x1: float, x2: float, color: str):
        """The chord from x1 to x2 with its end dots, and the sliver between it and the graph."""
        ends = [axes.c2p(x, float(f(x))) for x in (x1, x2)]
        chord = Line(*ends, color=color, stroke_width=self.theme.stroke * 0.8)
        dots = VGroup(*[Dot(end, radius=0.06, color=color) for end in ends])
        xs = np.linspace(x1, x2, 60)
        under = [axes.c2p(x, float(f(x))) for x in xs]
        sliver = VMobject(fill_color=self.theme.region, fill_opacity=0.3, stroke_width=0)
        sliver.set_points_as_corners([*under, ends[1], ends[0], under[0]])
        return VGroup(sliver, chord, dots)

    # -- beats ---------------------------------------------------------------------------------

    def _show_chord(self):
        p, t = self.params, self.theme
        self.play(FadeIn(self.title_mob), Create(self.axes), run_time=1.0)
        self.play(Create(self.graph), run_time=1.2)
        span = p.b - p.a
        self.u1, self.u2 = ValueTracker(p.a + 0.15 * span), ValueTracker(p.b - 0.2 * span)
        self.chord = self._chord_parts(self.axes, self.f, self.u1.get_value(), self.u2.get_value(), t.estimate)
        self.play(FadeIn(self.chord), run_time=0.8)
        rule = self.tex(r"f\big(t x_1 + (1-t) x_2\big) \le t f(x_1) + (1-t) f(x_2)", role="label")
        self.swap_panel(self.tex("f(x) =", self.f.to_tex(), role="label", color=t.function),
                                        rule, self.tex(r"0 \le t \le 1", role="label", color=t.muted))

    def _show_chords(self):
        p, t = self.params, self.theme
        span = p.b - p.a

        def redraw(group):
            group.become(self._chord_parts(self.axes, self.f, self.u1.get_value(), self.u2.get_value(), t.estimate))

        self.chord.add_updater(redraw)
        for lo, hi in ((0.05, 0.45), (0.5, 0.95), (0.02, 0.98)):
            self.play(self.u1.animate.set_value(p.a + lo * span), self.u2.animate.set_value(p.a + hi * span),
                      run_time=1.4, rate_func=smooth)
        self.chord.clear_updaters()
        self.axes_at_chords = self.axes.copy()  # later beats morph these axes into others
        if self.test.convex:
            verdict = self.plain_tex(r"convex on $[a, b]$: no chord dips under", role="label", color=t.truth)
            self.swap_panel(verdict)
            return
        x1, x2 = self.test.worst
        self.play(self.chord.animate.become(self._chord_parts(self.axes, self.f, x1, x2, t.negative)), run_time=1.0)
        where = rf"x_1 \approx {format_number(x1, digits=3, style='tex')},\ x_2 \approx {format_number(x2, digits=3, style='tex')}"
        self.swap_panel(self.plain_tex("not convex: the graph rises above", role="label",
                                                       color=t.negative),
                                        self.tex(where, role="label"))

    def _build_curvature_plot(self, box):
        """f'' on its own small axes, filled above zero (positive) and below (negative)."""
        p, t = self.params, self.theme
        xs = np.linspace(p.a, p.b, len(self.curvature))
        values = self.curvature
        y_range = padded_range(np.append(values, 0.0), pad=0.15)
        step_y = nice_step(y_range[1] - y_range[0], 4)
        y_range = snap_range(*y_range, step_y)
        step_x = nice_step(p.b - p.a, 4)
        x_range = snap_range(p.a, p.b, step_x)
        axes = Axes(x_range=[*x_range, step_x], y_range=[*y_range, step_y], x_length=box.width * 0.85,
                    y_length=box.height * 0.6, **axes_config(t, step_x, step_y, x_range=x_range, y_range=y_range))
        plate_numbers(axes, t)
        fills = VGroup()
        for sign, color in ((1, t.positive), (-1, t.negative)):
            part = np.clip(sign * values, 0, None) * sign
            region = VMobject(fill_color=color, fill_opacity=0.5, stroke_width=0)
            region.set_points_as_corners([axes.c2p(xs[0], 0), *[axes.c2p(x, v) for x, v in zip(xs, part)],
                                          axes.c2p(xs[-1], 0), axes.c2p(xs[0], 0)])
            fills.add(region)
        curve = VMobject(stroke_color=t.function, stroke_width=t.stroke * 0.8)
        curve.set_points_as_corners([axes.c2p(x, v) for x, v in zip(xs, values)])
        name = self.tex("f''", role="label", color=t.function)
        name.next_to(axes, UP, buff=0.1).align_to(axes, RIGHT)  # above the plot, clear of curve and fills
        return VGroup(fills, axes, curve, name)

    def _show_curvature(self):
        t = self.theme
        low = self.curvature.min()
        rule = self.tex(r"f'' \ge 0 \text{ on } [a, b] \iff \text{convex}", role="label")
        least = self.tex(rf"\min f'' \approx {format_number(low, digits=3, style='tex')}", role="label",
                         color=t.positive if low >= 0 else t.negative)
        top, bottom = self.panel_box.split((1, 2.2), gap=0.2)
        plot = self._build_curvature_plot(bottom)
        self.fit(plot, bottom)
        rows = VGroup(rule, least)
        self.fit_rows(rows, top, buff=0.15)
        self.play(FadeOut(self.chord), FadeOut(self.panel), run_time=0.6)
        self.play(FadeIn(rows), Create(plot), run_time=1.5)
        self.panel = VGroup(rows, plot)

    def _show_corner(self):
        t = self.theme
        f = parse_function("abs(x)")
        axes, graph = self._build_plot(f, -2.0, 2.0)
        self.play(ReplacementTransform(self.axes, axes), ReplacementTransform(self.graph, graph),
                  run_time=1.2)
        self.axes, self.graph = axes, graph
        left, right = (float(secant_slope(f, 0.0, h)) for h in (-1e-3, 1e-3))  # one-sided slopes: -1 and 1
        self.corner_slopes = (left, right)
        sides = VGroup(*[DashedLine(axes.c2p(0, 0), axes.c2p(x, slope * x), color=t.truth,
                                    stroke_width=t.stroke * 0.7) for x, slope in ((-1.6, left), (1.6, right))])
        chord = self._chord_parts(axes, f, -1.5, 0.8, t.estimate)
        self.play(Create(sides), FadeIn(chord), run_time=1.2)
        slopes = rf"f'(0^-) = {format_number(left, 4, trim=True, style='tex')},\quad " \
                 rf"f'(0^+) = {format_number(right, 4, trim=True, style='tex')}"
        self.swap_panel(self.tex("f(x) = |x|", role="label", color=t.function),
                                        self.tex(slopes, role="label", color=t.truth))
        self.corner = VGroup(sides, chord)

    def _show_trap(self):
        t = self.theme
        loss, runs = self.trap
        axes, graph = self._build_plot(loss, *TRAP_RANGE)
        self.play(FadeOut(self.corner), ReplacementTransform(self.axes, axes), ReplacementTransform(self.graph, graph),
                  run_time=1.2)
        self.axes, self.graph = axes, graph
        rows, self.trap_dots = [], []
        for run, color in zip(runs, (t.highlight, t.estimate)):
            xs = run.points[:, 0]
            dots = VGroup(*[Dot(axes.c2p(x, float(loss(x))), radius=0.04, color=color) for x in xs])
            self.trap_dots.append(dots)
            self.play(FadeIn(dots[0], scale=1.5), run_time=0.4)
            self.play(LaggedStart(*[FadeIn(d) for d in dots[1:]], lag_ratio=0.08), run_time=2.0)
            end, value = xs[-1], float(loss(xs[-1]))
            rows.append(self.tex(rf"x_0 = {format_number(xs[0], digits=3, style='tex')} \to "
                                 rf"x \approx {format_number(end, digits=3, style='tex')},\ "
                                 rf"f \approx {format_number(value, digits=3, style='tex')}", role="label", color=color))
        self.swap_panel(self.tex("f(x) =", loss.to_tex(), role="label", color=t.function), *rows)
