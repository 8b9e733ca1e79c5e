"""The integral as signed area: Riemann sums, the split by sign, and the running integral.

Render with its defaults, as plain manim::

    manim -ql scenes/calculus/signed_area.py SignedArea
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
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    Line,
    Polygon,
    ReplacementTransform,
    Transform,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    linear,
    smooth,
)

from mathviz.core.calculus import (
    exact_integral,
    exact_riemann_sum,
    exact_value,
    riemann_rectangles,
    riemann_sum,
    running_integral,
    signed_area,
)
from mathviz.core.expr import parse_function
from mathviz.kit import (
    axes_config,
    format_number,
    MathvizScene,
    nice_step,
    padded_range,
    beside,
    place_label,
    plate_numbers,
)
from scenes.calculus.specs import SignedAreaParams, doubling_counts, exact_tex, shown_value


RULE_WORDS = {"left": "the left end", "right": "the right end", "midpoint": "the middle"}
SLIVER_STRIPS = 16  # the sliver of the fundamental theorem is this part of [a, b] wide
FILL_OPACITY = 0.55
GRID = 400  # points per curve and per filled region


class SignedArea(MathvizScene):
    Params = SignedAreaParams
    title = "The integral as signed area"

    def construct(self):
        p = self.params
        self.f = parse_function(p.f)
        self.a, self.b, self.rule = p.a, p.b, p.rule
        self.counts = doubling_counts(p.n_max)
        self.area = signed_area(self.f, self.a, self.b)
        self._build_layout()

        self.beat("curve", "Here is a function on an interval from a to b. Part of its graph lies "
                           "above the axis and part dips below it.")
        self._show_curve()
        self.beat("rectangles", "Cut the interval into a few equal strips. On each stands a rectangle "
                                f"as tall as f at the strip's sample point, the dot, here {RULE_WORDS[self.rule]}. "
                                "Where f is negative at that point, the rectangle hangs down, and its area "
                                "counts as negative.")
        self._show_rectangles()
        self.beat("refine", f"Take more and more strips, doubling them, up to {self.counts[-1]}. The sum of "
                            "the rectangles' signed areas homes in on a single number: the integral.")
        self._show_refining()
        self.beat("split", "In the limit the rectangles fill the region between the curve and the "
                           "axis exactly. The integral adds the area above the axis and subtracts "
                           "the area below it.")
        self._show_split()
        self.beat("accumulate", "Now free the upper end. Integrating from a up to a moving x gives "
                                "a new function F, which collects signed area as x sweeps across.")
        self._show_accumulation()
        self.beat("sliver", "Why does F follow f? Move x on by a small step dx. The area gains a thin "
                            "strip, f(x) tall and dx wide, so F changes by about f(x) times dx.")
        self._show_sliver()
        self.beat("slope", "Divide by dx: the slope of F at every x is f of x. F climbs while f is "
                           "positive, falls while f is negative, and levels off where f crosses zero. "
                           "Integration undoes differentiation.")
        self._show_slope()

    # -- layout and mobjects -------------------------------------------------------------

    def _build_layout(self):
        layout = self.layout(3, 2, tall=(5, 3))
        self.main_box, self.side_box = layout.main, layout.side
        self.fill_grid = np.union1d(np.linspace(self.a, self.b, GRID), self.area.roots)
        self._choose_ranges()
        self.axes, self.graph, self.marks = self._build_picture(self.main_box)

    def _choose_ranges(self):
        step_x = nice_step(self.b - self.a)
        lo, hi = self.a - 0.06 * (self.b - self.a), self.b + 0.06 * (self.b - self.a)
        if lo > 0 or hi < 0:  # manim counts ticks from the end of a range that misses 0
            lo, hi = step_x * math.floor(lo / step_x), step_x * math.ceil(hi / step_x)
        self.x_range, self.step_x = (lo, hi), step_x
        _, _, first_heights = riemann_rectangles(self.f, self.a, self.b, self.counts[0], self.rule)
        ys = np.concatenate([self.f(self.fill_grid), first_heights, [0.0]])
        self.y_range = padded_range(ys, pad=0.12)
        self.step_y = nice_step(self.y_range[1] - self.y_range[0], 6)

    def _build_picture(self, box):
        """Axes, graph of f on [a, b] and the marks at a and b, filling ``box``."""
        axes = Axes(x_range=[*self.x_range, self.step_x], y_range=[*self.y_range, self.step_y],
                    x_length=box.width * 0.92, y_length=box.height * 0.92,
                    **axes_config(self.theme, self.step_x, self.step_y)).move_to(box.center)
        axes.set_z_index(1)
        plate_numbers(axes, self.theme)  # tick numbers stay readable over the shaded areas
        graph = axes.plot(self.f, x_range=[self.a, self.b, (self.b - self.a) / GRID],
                          color=self.theme.function, stroke_width=self.theme.stroke).set_z_index(2)
        return axes, graph, self._build_bound_marks(axes)

    def _build_bound_marks(self, axes) -> VGroup:
        """Dashed lines at a and b from the axis to the curve; the letters sit above the axis,
        just outside the interval, where no tick label is."""
        marks = VGroup()
        for name, x, side in (("a", self.a, LEFT), ("b", self.b, RIGHT)):
            line = DashedLine(axes.c2p(x, 0), axes.c2p(x, float(self.f(x))) + 1e-6 * UP,
                              color=self.theme.muted)
            label = self.tex(name, role="small", color=self.theme.muted)
            label.next_to(axes.c2p(x, 0), UP + side, buff=0.08)
            marks.add(VGroup(line, label))
        return marks

    def to_points(self, axes, xs, ys) -> np.ndarray:
        """Scene points, shape ``(len(xs), 3)``, of data points on ``axes``."""
        return np.asarray(axes.c2p(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float))).T

    def _build_rectangles(self, n: int) -> VGroup:
        """The ``n`` rectangles of the rule, coloured by the sign of their height."""
        edges, samples, heights = riemann_rectangles(self.f, self.a, self.b, n, self.rule)
        t = self.theme
        stroke = 1.5 if n <= 16 else (1.0 if n <= 64 else 0.4)
        rects = VGroup()
        for x0, x1, h in zip(edges[:-1], edges[1:], heights):
            corners = self.to_points(self.axes, [x0, x1, x1, x0], [0.0, 0.0, h, h])
            rects.add(Polygon(*corners, color=t.positive if h >= 0 else t.negative,
                              fill_opacity=FILL_OPACITY, stroke_color=t.background, stroke_width=stroke))
        rects.edges, rects.samples, rects.heights, rects.n = edges, samples, heights, n
        return rects

    def fill_points(self, x_end: float, sign: int) -> np.ndarray:
        """Outline of the region between f and the axis from a to ``x_end``, on one side of the axis."""
        xs = self.fill_grid[self.fill_grid < x_end]
        xs = np.append(xs, x_end) if xs.size else np.array([self.a, self.a])
        ys = self.f(xs)
        ys = np.maximum(ys, 0.0) if sign > 0 else np.minimum(ys, 0.0)
        outline = self.to_points(self.axes, np.concatenate([[xs[0]], xs, [xs[-1]]]),
                                 np.concatenate([[0.0], ys, [0.0]]))
        return np.vstack([outline, outline[:1]])

    def _build_region(self, x_end: float, sign: int, opacity: float) -> VMobject:
        color = self.theme.positive if sign > 0 else self.theme.negative
        region = VMobject(fill_color=color, fill_opacity=opacity, stroke_width=0)
        return region.set_points_as_corners(self.fill_points(x_end, sign))

    def _build_sign_labels(self) -> VGroup:
        """A + or - inside each piece between sign changes that is big enough to hold one."""
        cuts = [self.a, *self.area.roots, self.b]
        ticks = [*self.axes.x_axis.numbers, *self.axes.y_axis.numbers]
        labels = VGroup()
        for lo, hi in zip(cuts[:-1], cuts[1:]):
            # inside the piece, away from its ends (a dashed bound line stands at a and b)
            xs = np.linspace(lo + 0.25 * (hi - lo), hi - 0.25 * (hi - lo), 41)
            ys = self.f(xs)
            peak = int(np.argmax(np.abs(ys)))
            size = self.axes.c2p(hi, ys[peak]) - self.axes.c2p(lo, 0)
            if abs(size[0]) < 0.45 or abs(size[1]) < 0.6:
                continue
            label = self.tex("+" if ys[peak] > 0 else "-", role="label", color=self.theme.text)
            # deep inside the piece, the deepest first, and off the tick numbers
            order = np.argsort(-np.abs(ys))
            candidates = [self.axes.c2p(xs[i], ys[i] * k) for k in (0.55, 0.7, 0.4) for i in order]
            labels.add(place_label(label, candidates, avoid=ticks))
        return labels

    def sum_text(self, n: int) -> tuple[str, float]:
        """The relation and the value the sum readout shows for ``n`` rectangles: the core's
        Riemann sum, exact when it is (a polynomial f at the bounds as typed)."""
        value = riemann_sum(self.f, self.a, self.b, n, self.rule)
        relation, digits = shown_value(value, exact_riemann_sum(self.f, self.a, self.b, n, self.rule))
        return relation, float(digits)

    def _build_readouts(self):
        t = self.theme
        self.n_value = self.number(self.counts[0], decimals=0)
        self.f_row = self.tex("f(x) =", self.f.to_tex(), role="label", color=t.function)
        self.rule_row = self.plain_tex(rf"height $f(x_i)$ taken at {RULE_WORDS[self.rule]} of each strip",
                                       role="small", color=t.muted)
        self.n_row = self.readout_row("n =", self.n_value)
        self.sum_rows = {}
        # as wide as the longest sum it will show, so the panel is laid out for every one of them
        widest = max((self.sum_text(n)[1] for n in self.counts), key=lambda v: len(format_number(v, 4, trim=True)))
        for relation in ("=", r"\approx"):  # the one that is true for the n shown is on screen
            value = self.number(0.0, decimals=4, trim=True, color=t.estimate, widest=widest)
            self.sum_rows[relation] = self.readout_row(rf"\sum_{{i=1}}^{{n}} f(x_i)\,\Delta x {relation}", value)
        a, b = (format_number(x, digits=6, style="tex") for x in (self.a, self.b))  # as typed
        total = exact_tex(self.area.total, exact_integral(self.f, self.a, self.b))
        self.integral_row = self.tex(rf"\int_{{{a}}}^{{{b}}} f(x)\,dx", total, role="label", color=t.truth)
        rows = VGroup(self.f_row, self.rule_row, self.n_row, self.sum_rows["="], self.integral_row)
        before = self.f_row.height
        self.fit_rows(rows, self.side_box, buff=0.3)
        self.sum_rows[r"\approx"].scale(self.f_row.height / before).move_to(self.sum_rows["="], aligned_edge=LEFT)
        self.sum_row = None
        self.set_count(self.counts[0], swap=False)

    def set_count(self, n: int, swap: bool = True) -> None:
        """Show the state of ``n`` rectangles: n and its Riemann sum, both jump to it."""
        self.n_row.set_values(n)
        relation, value = self.sum_text(n)
        for row in self.sum_rows.values():
            row.set_values(value)
        shown = self.sum_rows[relation]
        if swap and shown is not self.sum_row:
            self.remove(self.sum_row)
            self.add(shown)
        self.sum_row, self.sum_value = shown, shown.numbers[0]

    def _record_readouts(self, dt=0.0) -> None:
        """Every frame of the refinement: the (n, relation, sum) on screen, for the tests."""
        self.shown_sums.append((int(self.n_value.text), next(k for k, v in self.sum_rows.items() if v is self.sum_row),
                                self.sum_row.numbers[0].text))

    def _build_split(self):
        """``above + below = total`` with the core's numbers, each coloured by its sign; the parts
        (cut at roots found numerically) are rounded and say so, the total is exact when it is."""
        t, area = self.theme, self.area
        (_, above), (_, below) = (shown_value(x) for x in (area.positive, area.negative))
        total = exact_tex(area.total, exact_integral(self.f, self.a, self.b))
        split = self.tex(rf"\underbrace{{\approx {above}}}_{{\text{{above}}}}", "+",
                         rf"\underbrace{{(\approx {below})}}_{{\text{{below}}}}", total, role="label")
        split[0].set_color(t.positive)
        split[2].set_color(t.negative)
        return split

    def _build_running_rows(self):
        t = self.theme
        self.F_value = self.number(0.0, decimals=4, color=t.highlight)
        self.slope_value = self.number(float(self.f(self.a)), decimals=4, color=t.truth)
        a = format_number(self.a, digits=6, style="tex")
        # values at every x of a sweep: rounded, and marked so
        self.F_row_label = rf"F(x) = \int_{{{a}}}^{{x}} f(t)\,dt"
        self.F_row = self.readout_row(rf"{self.F_row_label} \approx", self.F_value, color=t.highlight)
        self.slope_row = self.readout_row(r"F'(x) = f(x) \approx", self.slope_value, color=t.truth)
        self.sliver_row = self.tex(r"F(x + dx) - F(x) \approx f(x)\,dx", role="label", color=t.highlight)

    def _build_running_axes(self, box):
        xs = np.linspace(self.a, self.b, GRID)
        self.F_values = running_integral(self.f, self.a, xs)
        y_range = padded_range(np.append(self.F_values, 0.0), pad=0.15)
        step_y = nice_step(y_range[1] - y_range[0], 5)
        axes = Axes(x_range=[*self.x_range, self.step_x], y_range=[*y_range, step_y],
                    x_length=box.width * 0.92, y_length=box.height * 0.92,
                    **axes_config(self.theme, self.step_x, step_y)).move_to(box.center)
        plate_numbers(axes, self.theme)  # F's curve runs through its own tick numbers
        # the same x scale as f's axes above, so x lines up on both
        axes.shift((self.axes.c2p(0, 0)[0] - axes.c2p(0, 0)[0]) * RIGHT)
        self.F_axes = axes
        self.F_full = VMobject(color=self.theme.highlight, stroke_width=self.theme.stroke)
        self.F_full.set_points_as_corners(self.to_points(axes, xs, self.F_values))
        self.F_name = self.tex("F", role="label", color=self.theme.highlight)
        self.F_name.next_to(axes.c2p(self.b, float(self.F_values[-1])), RIGHT, buff=0.15)

    def F_at(self, x: float) -> float:
        """``F(x)`` from the core; several updaters ask for the same x within a frame."""
        if getattr(self, "_F_cache", (None,))[0] != x:
            self._F_cache = (x, float(running_integral(self.f, self.a, x)))
        return self._F_cache[1]

    def tangent_points(self, x: float, length: float = 1.0):
        """Ends of a short segment on F at ``x`` with slope f(x) (in the axes' units)."""
        center = self.F_axes.c2p(x, self.F_at(x))
        direction = self.F_axes.c2p(x + 1.0, self.F_at(x) + float(self.f(x))) - center
        direction = direction / np.linalg.norm(direction)
        return center - 0.5 * length * direction, center + 0.5 * length * direction

    # -- beats ---------------------------------------------------------------------------

    def _show_curve(self):
        self.play(FadeIn(self.title_mob), Create(self.axes), run_time=1.2)
        self.play(Create(self.graph), run_time=1.5)
        self.play(FadeIn(self.marks), run_time=0.6)

    def _build_samples(self, rects) -> VGroup:
        """A dot on the curve at each rectangle's sample point: where its height is taken."""
        return VGroup(*[Dot(self.axes.c2p(x, h), radius=0.06, color=self.theme.point).set_z_index(3)
                        for x, h in zip(rects.samples, rects.heights)])

    def _show_rectangles(self):
        self._build_readouts()
        self.riemann_axes = self.axes  # the rectangles live on these (the last beats redraw f smaller)
        self.rectangles = self._build_rectangles(self.counts[0])
        self.samples = self._build_samples(self.rectangles)
        self.play(FadeIn(self.rectangles, lag_ratio=0.15), Write(self.f_row), run_time=1.5)
        self.play(FadeIn(self.samples, scale=1.5), FadeIn(self.rule_row), run_time=1.0)
        self.play(FadeIn(self.n_row), FadeIn(self.sum_row), run_time=1.0)
        self.wait(1.2)

    def _show_refining(self):
        self.shown_sums = []
        record = self._record_readouts  # one bound method: remove_updater compares by identity
        self.add_updater(record)
        self._record_readouts()
        for i, n in enumerate(self.counts[1:]):
            old, new = self.rectangles, self._build_rectangles(n)
            # each old rectangle splits into the new ones whose middles it covers
            middles = 0.5 * (new.edges[:-1] + new.edges[1:])
            parent = np.clip(((middles - self.a) / (self.b - self.a) * old.n).astype(int), 0, old.n - 1)
            source = VGroup(*[old[k].copy() for k in parent])
            self.remove(old)
            fade = [FadeOut(self.samples)] if i == 0 else []
            self.play(ReplacementTransform(source, new), *fade, run_time=1.3 if i < 2 else 0.9, rate_func=smooth)
            self.rectangles = new
            self.set_count(n)  # n and the sum jump to the state the rectangles have reached
            self.wait(0.5)
        self.remove_updater(record)
        self.play(Write(self.integral_row), run_time=1.0)
        self.wait(0.8)

    def _show_split(self):
        self.regions = VGroup(self._build_region(self.b, +1, FILL_OPACITY),
                              self._build_region(self.b, -1, FILL_OPACITY))
        self.sign_labels = self._build_sign_labels()
        self.split_row = self._build_split()
        self._build_running_rows()
        target = VGroup(self.f_row.copy(), self.integral_row.copy(), self.split_row)  # three lines at a time
        self.fit_rows(target, self.side_box, buff=0.35)
        self.play(FadeOut(self.rectangles), FadeIn(self.regions), run_time=1.2)
        self.play(FadeIn(self.sign_labels), FadeOut(self.rule_row), FadeOut(self.n_row), FadeOut(self.sum_row),
                  Transform(self.f_row, target[0]), Transform(self.integral_row, target[1]), run_time=1.0)
        self.play(Write(self.split_row), run_time=1.2)
        self.wait(1.5)

    def _show_accumulation(self):
        top, bottom = self.main_box.split((1, 1))
        old = VGroup(self.axes, self.graph, self.marks)
        self.axes, self.graph, self.marks = self._build_picture(top)
        regions = VGroup(self._build_region(self.b, +1, 0.15), self._build_region(self.b, -1, 0.15))
        self._build_running_axes(bottom)
        # the panel keeps the split and makes room for F and its slope
        # laid out with the wider of the two third lines (the sliver's, then the slope's)
        third = max(self.slope_row, self.sliver_row, key=lambda m: m.width)
        other = self.slope_row if third is self.sliver_row else self.sliver_row
        rows = VGroup(self.split_row.copy(), self.F_row, third)
        before = third.height
        self.fit_rows(rows, self.side_box, buff=0.35)
        other.scale(third.height / before).move_to(third, aligned_edge=LEFT)
        self.remove(*old)  # morph a copy: the rectangles' axes keep their geometry
        self.play(ReplacementTransform(old.copy(), VGroup(self.axes, self.graph, self.marks)),
                  ReplacementTransform(self.regions, regions), FadeOut(self.sign_labels),
                  FadeOut(self.f_row), FadeOut(self.integral_row), Transform(self.split_row, rows[0]), run_time=1.2)
        self.regions = regions
        self.play(Create(self.F_axes), FadeIn(self.F_row), run_time=1.0)

        self.x = ValueTracker(self.a)
        x = self.x.get_value
        t = self.theme
        self.swept = VGroup(self._build_region(self.a, +1, 0.8), self._build_region(self.a, -1, 0.8))
        self.swept[0].add_updater(lambda m: m.set_points_as_corners(self.fill_points(x(), +1)))
        self.swept[1].add_updater(lambda m: m.set_points_as_corners(self.fill_points(x(), -1)))
        self.f_dot = Dot(color=t.point, radius=0.06).set_z_index(3)
        self.f_dot.add_updater(lambda m: m.move_to(self.axes.c2p(x(), float(self.f(x())))))
        self.F_trace = VMobject(color=t.highlight, stroke_width=t.stroke).set_z_index(2)
        self.F_trace.add_updater(lambda m: m.pointwise_become_partial(
            self.F_full, 0, (x() - self.a) / (self.b - self.a)))
        self.F_dot = Dot(color=t.point, radius=0.06).set_z_index(3)
        self.F_dot.add_updater(lambda m: m.move_to(self.F_axes.c2p(x(), self.F_at(x()))))
        self.link = DashedLine(UP, DOWN, color=t.muted, stroke_width=2)
        self.link.add_updater(lambda m: m.put_start_and_end_on(  # from x, not the dots: no frame of lag
            self.axes.c2p(x(), float(self.f(x()))), self.F_axes.c2p(x(), self.F_at(x())) + 1e-6 * DOWN))
        self.F_row.add_updater(lambda row: row.set_values(self.F_at(x())))
        self.add(self.swept, self.link, self.F_trace, self.f_dot, self.F_dot)
        self.x_star, self.dx = self.sliver_place()
        length = self.b - self.a
        self.play(self.x.animate.set_value(self.x_star), run_time=max(1.5, 5.0 * (self.x_star - self.a) / length),
                  rate_func=linear)

    def sliver_place(self) -> tuple[float, float]:
        """Where the sliver stands and how wide it is: early in the sweep, where |f| is largest
        (a tall strip is easy to see), a sixteenth of [a, b] wide."""
        length = self.b - self.a
        xs = np.linspace(self.a + 0.15 * length, self.a + 0.5 * length, 141)
        return float(xs[int(np.argmax(np.abs(self.f(xs))))]), length / SLIVER_STRIPS

    def _show_sliver(self):
        """The fundamental theorem's thin strip: x moves on by dx, the area gains f(x) dx, F rises by it."""
        t, x0, dx = self.theme, self.x_star, self.dx
        h = float(self.f(x0))
        F0, F1 = self.F_at(x0), float(running_integral(self.f, self.a, x0 + dx))
        corners = self.to_points(self.axes, [x0, x0 + dx, x0 + dx, x0], [0.0, 0.0, h, h])
        self.sliver = Polygon(*corners, color=t.highlight, fill_opacity=0.35, stroke_width=2).set_z_index(2)
        dx_label = self.tex("dx", role="small", color=t.highlight)
        ticks = [*self.axes.x_axis.numbers, *self.axes.y_axis.numbers, *self.F_axes.x_axis.numbers,
                 *self.F_axes.y_axis.numbers]
        outside = DOWN if h >= 0 else UP
        place_label(dx_label, [beside(dx_label, self.axes.c2p(x0 + dx / 2, 0.0), outside, 0.12),
                               beside(dx_label, self.axes.c2p(x0 + dx / 2, h), -outside, 0.12)],
                    avoid=ticks, points=self.graph.get_all_points(), clearance=0.05)
        # on F: the run dx at the height F(x), and the rise F(x + dx) - F(x), about f(x) dx
        run = DashedLine(self.F_axes.c2p(x0, F0), self.F_axes.c2p(x0 + dx, F0) + 1e-6 * RIGHT, color=t.muted)
        rise = Line(self.F_axes.c2p(x0 + dx, F0), self.F_axes.c2p(x0 + dx, F1) + 1e-6 * UP, color=t.highlight,
                    stroke_width=t.stroke).set_z_index(3)
        rise_label = self.tex(r"f(x)\,dx", role="small", color=t.highlight)
        middle = rise.get_center()
        # where the dashed link from f to F will stand once x has moved on by dx
        link_then = Line(self.axes.c2p(x0 + dx, float(self.f(x0 + dx))), self.F_axes.c2p(x0 + dx, F1))
        place_label(rise_label, [beside(rise_label, middle, d, 0.15) for d in (RIGHT, LEFT, UP + RIGHT, DOWN + RIGHT)],
                    avoid=ticks, clearance=0.05,
                    points=np.concatenate([self.F_full.get_all_points(), self._segment_points(run), self._segment_points(rise),
                                           self._segment_points(link_then)]))
        self.sliver_marks = VGroup(dx_label, run, rise, rise_label)
        row = self.sliver_row.move_to(self.slope_row, aligned_edge=LEFT)  # the third line, until the slope's
        self.play(FadeIn(self.sliver), FadeIn(dx_label), FadeIn(row), run_time=1.0)
        self.play(self.x.animate.set_value(x0 + dx), Create(run), run_time=1.5, rate_func=linear)
        self.play(Create(rise), FadeIn(rise_label), run_time=1.0)
        self.wait(1.0)

    @staticmethod
    def _segment_points(line, count: int = 60) -> np.ndarray:
        """Points all along a straight line (its own points are only its ends)."""
        a, b = line.get_start(), line.get_end()
        return np.array([a + t * (b - a) for t in np.linspace(0, 1, count)])

    def _show_slope(self):
        x = self.x.get_value
        start = x()
        self.tangent = Line(*self.tangent_points(start), color=self.theme.truth,
                            stroke_width=self.theme.stroke).set_z_index(2)
        self.slope_row.set_values(float(self.f(start)))
        self.play(Create(self.tangent), FadeOut(self.sliver), FadeOut(self.sliver_marks),
                  FadeOut(self.sliver_row), FadeIn(self.slope_row), run_time=1.0)
        # updaters only once faded in (the fade draws the readout as it was when it began)
        self.tangent.add_updater(lambda m: m.put_start_and_end_on(*self.tangent_points(x())))
        self.slope_row.add_updater(lambda row: row.set_values(float(self.f(x()))))
        # on to b without a jump, resting where f crosses zero: F turns there, the tangent lies flat
        roots = [r for r in self.area.roots if r > start + 1e-9]
        stops = (roots if len(roots) <= 6 else []) + [self.b]
        speed = 6.0 / (self.b - self.a)  # seconds per unit of x
        for stop in stops:
            self.play(self.x.animate.set_value(stop), run_time=max(0.5, speed * (stop - x())), rate_func=linear)
            if stop != self.b:
                self.wait(0.6)
        self._place_F_name()
        self.play(FadeIn(self.F_name), run_time=0.5, *self._settle_rows())
        self.wait(1.0)

    def _place_F_name(self) -> None:
        """F's name beside its end, clear of the tangent there and of the curve."""
        end = self.F_axes.c2p(self.b, float(self.F_values[-1]))
        a, b = self.tangent.get_start_and_end()
        lines = np.concatenate([self.F_full.get_all_points(), [a + t * (b - a) for t in np.linspace(0, 1, 40)]])
        ticks = [*self.F_axes.x_axis.numbers, *self.F_axes.y_axis.numbers]
        place_label(self.F_name, [beside(self.F_name, end, d, 0.15) for d in (RIGHT, DOWN + RIGHT, UP + RIGHT, DOWN, UP,
                                                                              LEFT + DOWN, LEFT + UP)],
                    avoid=ticks, points=lines, clearance=0.08)

    def _settle_rows(self) -> list:
        """At x = b, as typed, F(b) and f(b) may be exact: then the rows say '=' and show them whole."""
        out = []
        for row, exact, label in ((self.F_row, exact_integral(self.f, self.a, self.b), self.F_row_label),
                                  (self.slope_row, exact_value(self.f, self.b), "F'(x) = f(x)")):
            relation, digits = shown_value(row.numbers[0].get_value(), exact)
            if relation != "=":
                continue
            row.clear_updaters()
            color = row.numbers[0].body.get_fill_color()
            settled = self.readout_row(f"{label} =", self.number(float(digits), decimals=4, trim=True, color=color),
                                       color=row.labels[0].get_color())
            settled.scale(row.labels[0].height / settled.labels[0].height).move_to(row, aligned_edge=LEFT)
            out.append(ReplacementTransform(row, settled))
        return out
