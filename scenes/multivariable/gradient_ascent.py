"""Gradient ascent: climbing a surface along its gradient, on the surface and on its contour map.

Render with its defaults, as plain manim::

    manim -ql scenes/multivariable/gradient_ascent.py GradientAscent

Speed: the surface is seen from one fixed camera angle (see ``_surface.py``)
and is the first thing in the scene, so manim keeps it in the static
background while the climber moves. Changing numbers are readouts (glyphs
typeset once, rewritten in place), and the short labels share one LaTeX run.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Axes,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    GrowArrow,
    Rectangle,
    Text,
    VGroup,
    VMobject,
    Write,
    linear,
)

from mathviz.core.expr import parse_function
from mathviz.core.optimize import (
    comparison_rates,
    contour_levels,
    contour_segments,
    gradient_ascent,
    grid_maxima,
    numerical_gradient,
    run_outcome,
    stability_limit,
    vector_function,
)
from mathviz.kit import (
    arrows_mobject,
    axes_config,
    Box,
    build_surface_view,
    floor_outline,
    format_number,
    height_color,
    MathvizScene,
    nice_step,
    padded_range,
    plate_numbers,
    segments_mobject,
)
from scenes.multivariable.specs import GradientAscentParams

TOL = 1e-3  # the climb has arrived once |grad f| < TOL
GRID = 61  # samples per side for the contour map
FIELD = 9  # gradient-field arrows per side
LEVELS = 9  # contour lines
PHI, THETA = 58 * np.pi / 180, -105 * np.pi / 180  # the fixed camera angle
TEXT_TO_TEX = 0.82  # Text at this fraction of a MathTex font size has digits of the same height
SLOW_STEPS = 3  # steps shown one at a time, before the climb speeds up
OUTCOME_WORDS = {
    "converged": "converged",
    "diverged": "flew off",
    "oscillating": "bounces, never settles",
    "climbing": "still climbing",
}


class GradientAscent(MathvizScene):
    Params = GradientAscentParams
    title = "Climbing a surface by gradient ascent"

    def construct(self):
        self._compute()
        self._build_layout()

        self.beat("landscape", "A function of two inputs is a landscape: above each point (x, y) of the "
                               f"floor, the surface stands at height f(x, y). {self._hills_sentence()}")
        self._show_landscape()
        self.beat("contours", "Seen from straight above, the same landscape becomes a contour map. "
                              "Each curve joins points of equal height, like the lines on a hiking map.")
        self._show_contours()
        self.beat("gradient", "The gradient gathers the two partial derivatives into one arrow. It "
                              "points where the ground rises fastest, so it crosses every contour "
                              "at a right angle.")
        self._show_field()
        self.beat("step", "Gradient ascent is a loop: work out the gradient where you stand, take a "
                          "small step along it, scaled by the learning rate eta, and repeat.")
        self._show_first_steps()
        self.beat("climb", "Every step gains height. Near the top the ground flattens, the gradient "
                           "shrinks, and the steps shorten by themselves.")
        self._show_climb()
        self.beat("summit", self._summit_narration())
        self._show_summit()
        self.beat("rates", "The learning rate decides how the climb goes. Too small, and the climber "
                           "crawls and runs out of steps. Past the stability limit, two over the "
                           "curvature L at the top, every step overshoots: the path bounces across "
                           "the summit and never settles.")
        self._show_rates()

    # -- the maths, all from the core ------------------------------------------------------

    def _compute(self):
        p = self.params
        self.expr = parse_function(p.f, ("x", "y"))
        self.F = vector_function(self.expr)
        self.extent = p.extent
        self.run = gradient_ascent(self.F, p.x0, learning_rate=p.learning_rate, steps=p.steps, tol=TOL)
        self.limit = stability_limit(self.F, self.run.points[-1])
        self.rates = comparison_rates(p.learning_rate, self.limit)
        self.runs = [self.run if rate == p.learning_rate else
                     gradient_ascent(self.F, p.x0, learning_rate=rate, steps=p.steps, tol=TOL)
                     for rate in self.rates]
        self.xs = np.linspace(-self.extent, self.extent, GRID)
        self.Z = self.expr(*np.meshgrid(self.xs, self.xs))
        self.z_range = padded_range(self.Z, pad=0.02, min_span=1e-6)
        self.levels = contour_levels(self.Z, LEVELS)
        cell = 2 * self.extent / FIELD
        centers = -self.extent + cell * (np.arange(FIELD) + 0.5)
        self.field_points = np.stack(np.meshgrid(centers, centers), -1).reshape(-1, 2)
        self.field_grads = numerical_gradient(self.F, self.field_points)
        self.shown_steps = self._steps_inside(self.run)

    def _hills_sentence(self) -> str:
        hills = len(grid_maxima(self.Z))
        if hills == 0:
            return "On this map it has no peak: it keeps rising toward an edge."
        words = {1: "a single hill", 2: "two hills", 3: "three hills", 4: "four hills"}
        return f"This one has {words.get(hills, f'{hills} hills')}."

    def _steps_inside(self, run) -> int:
        """How many steps stay on the map: a path is drawn up to the first point that leaves it."""
        outside = np.abs(run.points).max(axis=1) > self.extent
        return int(np.argmax(outside)) - 1 if outside.any() else run.steps

    # -- layout and mobjects -----------------------------------------------------------------

    def _build_layout(self):
        # main: the surface (with its formula below) and the contour map; side: the readouts
        layout = self.layout(9.8, 3.5, square=(4.6, 1.8), tall=(10.0, 2.3))
        if layout.shape == "tall":
            surf, formula, chart = layout.main.split((4.4, 0.6, 5.0))
        elif layout.shape == "wide":
            left, chart = layout.main.split((5.3, 4.5), vertical=False, gap=0.3)
            surf, formula = left.split((5.4, 0.6))
        else:  # square: the formula runs under both pictures, where it has the frame's width
            top, formula = layout.main.split((5.4, 0.7))
            surf, chart = top.split((1.15, 1.0), vertical=False)
        self.surface_box, self.formula_box, self.map_box, self.info_box = surf, formula, chart, layout.side
        # one LaTeX run for every short label of the scene
        self.labels = self.tex("x", "y", "x", "y", "k", "f(x_k)", role="small", color=self.theme.muted)
        self.axes3d, self.surface, self.floor = self._build_surface(surf)
        self.formula = self.fit(self.tex("f(x, y) =", self.expr.to_tex(), role="label"), formula)
        self.map_axes, self.map_labels = self._build_map_axes(chart)

    def _build_surface(self, box: Box):
        size = 2.0 * max(box.width, box.height)
        axes, surface = build_surface_view(self.expr, self.extent, self.z_range, self.theme,
                                           side=size, height=0.42 * size, phi=PHI, theta=THETA)
        floor = floor_outline(axes, self.extent, self.z_range[0], self.theme.grid)
        picture = VGroup(floor, surface)
        center, width = picture.get_center(), picture.width
        self.fit(picture, box)
        # the axes are not drawn, but c2p must land on the fitted picture: move them alike
        axes.scale(picture.width / width, about_point=center).shift(picture.get_center() - center)
        return axes, surface, floor

    def _build_map_axes(self, box: Box):
        e = self.extent
        step = nice_step(2 * e, 4)
        side = min(box.width, box.height)
        axes = Axes(x_range=[-e, e, step], y_range=[-e, e, step], x_length=side, y_length=side,
                    **self._axes_config(step, step))
        plate_numbers(axes, self.theme)  # contours run through the tick numbers
        x_label, y_label = self.labels[2], self.labels[3]
        x_label.next_to(axes.x_axis, RIGHT, 0.1)
        y_label.next_to(axes.y_axis, UP, 0.1)
        labels = VGroup(x_label, y_label)
        self.fit(VGroup(axes, labels), box)
        return axes, labels

    def map_point(self, xy) -> np.ndarray:
        """Scene point(s) of data point(s) ``xy`` on the contour map: ``(2,)`` or ``(n, 2)``."""
        xy = np.asarray(xy, dtype=float)
        pts = np.asarray(self.map_axes.c2p(*np.atleast_2d(xy).T)).T
        return pts if xy.ndim == 2 else pts[0]

    def surface_point(self, xy) -> np.ndarray:
        """Scene point of ``(x, y, f(x, y))`` on the surface."""
        x, y = map(float, xy)
        return self.axes3d.c2p(x, y, float(self.expr(x, y)))

    def _build_floor_labels(self):
        e, z0 = self.extent, self.z_range[0]
        x_label, y_label = self.labels[0], self.labels[1]
        x_label.move_to(self.axes3d.c2p(0, -e, z0) * [1, 1, 0]).shift(0.3 * DOWN)
        y_label.move_to(self.axes3d.c2p(e, 0, z0) * [1, 1, 0]).shift(0.3 * RIGHT + 0.1 * DOWN)
        return VGroup(x_label, y_label)

    def _build_contours(self):
        lines = VGroup()
        span = self.z_range[1] - self.z_range[0]
        for level in self.levels:
            seg = contour_segments(self.xs, self.xs, self.Z, level)
            color = height_color(self.theme, (level - self.z_range[0]) / span)
            lines.add(segments_mobject(seg, self.map_point, color, 0.5 * self.theme.stroke))
        e = self.extent
        frame = VMobject(stroke_color=self.theme.grid, stroke_width=1.5).set_points_as_corners(
            self.map_point(np.array([(-e, e), (e, e), (e, -e)])))
        return VGroup(frame, lines)

    def _build_field(self):
        norms = np.linalg.norm(self.field_grads, axis=1)
        top = norms.max() if norms.size and norms.max() > 0 else 1.0
        keep = norms >= 0.03 * top  # flat ground: no direction worth drawing
        cell = self.map_point((2 * self.extent / FIELD, 0))[0] - self.map_point((0, 0))[0]
        lengths = cell * 0.75 * np.sqrt(norms[keep] / top)
        units = self.field_grads[keep] / norms[keep, None]
        units = np.hstack([units, np.zeros((len(units), 1))])
        centers = self.map_point(self.field_points[keep]) if keep.any() else np.zeros((0, 3))
        half = units * lengths[:, None] / 2
        return arrows_mobject(centers - half, centers + half, self.theme.first, width=2.0,
                              tip=0.1, opacity=0.65)

    def _step_arrow(self, start, end, color):
        start, end = np.array(start, dtype=float), np.array(end, dtype=float)
        start[2] = end[2] = 0.0  # the 2D camera draws x and y; keep the tip flat on screen
        return Arrow(start, end, buff=0, color=color, stroke_width=0.8 * self.theme.stroke,
                     tip_length=0.14, max_tip_length_to_length_ratio=0.45,
                     max_stroke_width_to_length_ratio=30)

    def _build_step(self, k: int):
        """The gradient arrows and next dots of step ``k``, on the surface and on the map."""
        run, t = self.run, self.theme
        a, b = run.points[k], run.points[k + 1]
        rise = float(run.values[k] + run.gradients[k] @ (b - a))  # along the tangent plane
        on_map = self._step_arrow(self.map_point(a), self.map_point(b), t.estimate)  # the path's own steps
        on_surface = self._step_arrow(self.surface_point(a), self.axes3d.c2p(b[0], b[1], rise), t.estimate)
        dots = (Dot(self.surface_point(b), radius=0.045, color=t.estimate),
                Dot(self.map_point(b), radius=0.045, color=t.estimate))
        return on_surface, on_map, dots

    def _axes_config(self, step_x: float, step_y: float) -> dict:
        """The shared axes style, with tick numbers set in ``Text``: one LaTeX run fewer per digit."""
        config = axes_config(self.theme, step_x, step_y, font_scale=0.8 * TEXT_TO_TEX)
        config["axis_config"]["label_constructor"] = Text
        return config

    def _build_info(self):
        """The update rule and the live readouts of k, x_k, f(x_k) and |grad f(x_k)|, lined up at "=".

        Each readout keeps the width of the widest value it will show, so nothing after it
        moves. The status line, known from the core already, is laid out now and shown at the
        summit.
        """
        p, t, run = self.params, self.theme, self.run
        values = {"k": run.steps, "x": run.points[:, 0], "y": run.points[:, 1], "f": run.values,
                  "g": np.linalg.norm(run.gradients, axis=1)}
        places = {"k": 0, "x": 3, "y": 3, "f": 4, "g": 4}
        colors = {"f": t.estimate, "g": t.first}
        self.readouts = {}
        for key in ("k", "x", "y", "f", "g"):
            sign = key in ("x", "y")  # a sign always: the comma stays put
            widest = max(np.atleast_1d(values[key]), key=lambda v: len(format_number(v, places[key], sign)))
            self.readouts[key] = self.number(widest, decimals=places[key], include_sign=sign, widest=widest,
                                             color=colors.get(key))
        r = self.readouts
        self.rows = {"k": self.readout_row("k =", r["k"]),
                     "x": self.readout_row("x_k =", "(", r["x"], ",", r["y"], ")"),
                     "f": self.readout_row("f(x_k) =", r["f"]),
                     "g": self.readout_row(r"\|\nabla f(x_k)\| =", r["g"])}
        eta = format_number(p.learning_rate, digits=6, style="tex")  # as typed
        self._set_readouts(0)
        self.info = VGroup(self.readout_row("x_{k+1} =", r"x_k + \eta\,\nabla f(x_k)"),
                           self.readout_row(r"\eta =", eta), *self.rows.values())
        self.status = self.text(self._describe(run), role="small", color=t.estimate)
        widest_row = max(row.width for row in self.info)
        if self.status.width > widest_row:  # a long status line must not shrink the whole panel
            self.status.scale_to_fit_width(widest_row)
        self.fit_rows(VGroup(*self.info, self.status), self.info_box, buff=0.22, align="anchor")
        return self.info

    def _set_readouts(self, k: int):
        run = self.run
        self.rows["k"].set_values(k)
        self.rows["x"].set_values(run.points[k])
        self.rows["f"].set_values(run.values[k])
        self.rows["g"].set_values(np.linalg.norm(run.gradients[k]))

    # -- beats -----------------------------------------------------------------------------

    def _show_landscape(self):
        # The surface is the first mobject of the scene: everything later is added after it, so
        # manim draws it once per animation into the static background.
        self.add(self.floor, self.surface)
        self.floor_labels = self._build_floor_labels()
        self.play(FadeIn(self.title_mob), FadeIn(self.floor_labels), run_time=1.0)
        self.play(Write(self.formula), run_time=1.2)
        self.wait(2.5)

    def _show_contours(self):
        self.contours = self._build_contours()
        self.play(Create(self.map_axes), FadeIn(self.map_labels), run_time=1.0)
        self.play(Create(self.contours, lag_ratio=0.1), run_time=2.0)
        self.wait(1.5)

    def _show_field(self):
        self.field = self._build_field()
        t, x0 = self.theme, self.run.points[0]
        self.play(FadeIn(self.field), run_time=1.5)
        self.start_dots = VGroup(Dot(self.surface_point(x0), radius=0.07, color=t.point),
                                 Dot(self.map_point(x0), radius=0.07, color=t.point))
        gx, gy = (self.number(v, "small", t.first, decimals=3) for v in self.run.gradients[0])
        self.grad_label = self.readout_row(r"\nabla f(x_0) =", "(", gx, r",\ ", gy, ")", role="small",
                                           color=t.first)
        self.fit(self.grad_label, self.formula_box)
        self.play(*[FadeIn(dot, scale=1.5) for dot in self.start_dots], FadeOut(self.formula),
                  FadeIn(self.grad_label), run_time=1.0)
        self.wait(2.5)

    def _show_first_steps(self):
        self.play(FadeIn(self._build_info()), run_time=1.0)
        self.path_mobs = VGroup()
        # for tests and readers: the dots of x_0, x_1, ... on each panel, and the step arrows
        self.surface_dots, self.map_dots = [self.start_dots[0]], [self.start_dots[1]]
        self.surface_arrows, self.map_arrows = [], []
        for k in range(min(SLOW_STEPS, self.shown_steps)):
            self._play_step(k, run_time=0.9)
            self.wait(0.3)
        self.wait(0.5)

    def _show_climb(self):
        remaining = range(min(SLOW_STEPS, self.shown_steps), self.shown_steps)
        per_step = float(np.clip(6.0 / max(len(remaining), 1), 0.12, 0.6))
        for k in remaining:
            self._play_step(k, run_time=per_step)
        self.wait(1.0)

    def _play_step(self, k: int, run_time: float):
        on_surface, on_map, dots = self._build_step(k)
        self.path_mobs.add(on_surface, on_map, *dots)
        self.surface_dots.append(dots[0])
        self.map_dots.append(dots[1])
        self.surface_arrows.append(on_surface)
        self.map_arrows.append(on_map)
        grow = [GrowArrow(a) for a in (on_surface, on_map) if a.get_length() > 0.02]
        self.play(*grow, *[FadeIn(d) for d in dots], run_time=run_time, rate_func=linear)
        self.add(*[a for a in (on_surface, on_map) if a.get_length() <= 0.02])
        self._set_readouts(k + 1)

    def _describe(self, run, with_steps: bool = True) -> str:
        """What a run did, in words for the screen: its outcome, or that it left the map."""
        shown = self._steps_inside(run)
        words = "left the map" if shown < run.steps else OUTCOME_WORDS[run_outcome(run)]
        return f"{words} after {shown} step{'' if shown == 1 else 's'}" if with_steps else words

    def _summit_narration(self) -> str:
        run, k = self.run, self.shown_steps
        if run.diverged or k < run.steps:
            return ("This learning rate throws the climber off: the steps grow instead of settling, "
                    "and the path leaves the map.")
        if not run.converged:
            return (f"The {self.params.steps} steps run out before the gradient vanishes: the climber "
                    f"is still on its way up.")
        if run.values[-1] < float(np.nanmax(self.Z)) - 1e-3:
            return ("The gradient has vanished: the climber stands on a peak. But not the highest one: "
                    "gradient ascent only feels the slope underfoot, so it finds a local maximum.")
        return ("The gradient has vanished: the climber stands on the top, the highest point "
                "of this landscape.")

    def _show_summit(self):
        run, t = self.run, self.theme
        end = run.points[self.shown_steps]
        peak = VGroup(Dot(self.surface_point(end), radius=0.08, color=t.point),
                      Dot(self.map_point(end), radius=0.08, color=t.point))
        self.play(*[FadeIn(dot, scale=2.0) for dot in peak], FadeIn(self.status), run_time=1.2)
        self.summit_dots = peak
        self.wait(3.0)

    def _show_rates(self):
        # A curtain in the background colour hides the surface panel: fading 400 faces out would
        # copy and redraw each of them on every frame, while the curtain leaves them static.
        panel = VGroup(self.floor, self.surface, self.floor_labels, self.grad_label)
        curtain = Rectangle(width=panel.width + 0.4, height=panel.height + 0.4, stroke_width=0,
                            fill_color=self.theme.background, fill_opacity=1).move_to(panel)
        on_map = [m for m in self.path_mobs if self._in_box(m.get_center(), self.map_box)]
        others = [self.start_dots[1], self.summit_dots[1], self.info, self.status]
        # the field goes too: its colour (first) marks the smaller rate's run from here on
        self.play(FadeIn(curtain), *[FadeOut(m) for m in on_map + others], FadeOut(self.field), run_time=0.8)
        self.remove(curtain, *panel, *self.path_mobs, *self.start_dots, *self.summit_dots)
        colors = (self.theme.first, self.theme.estimate, self.theme.highlight)  # smaller, yours, larger
        chart_box = Box(np.array([self.surface_box.center[0],
                                  (self.surface_box.top + self.formula_box.bottom) / 2, 0.0]),
                        self.surface_box.width, self.surface_box.top - self.formula_box.bottom)
        self.value_chart, curves = self._build_value_chart(chart_box, colors)
        self.rate_paths = VGroup(*[self._build_rate_path(run, c) for run, c in zip(self.runs, colors)])
        self.legend = self._build_legend(colors)
        self.play(FadeIn(self.value_chart), FadeIn(self.legend), run_time=1.0)
        self.play(*[Create(p) for p in self.rate_paths], *[Create(c) for c in curves],
                  run_time=5.0, rate_func=linear)
        self.wait(3.5)

    @staticmethod
    def _in_box(point, box: Box) -> bool:
        return box.left <= point[0] <= box.right and box.bottom <= point[1] <= box.top

    def _build_rate_path(self, run, color):
        shown = self._steps_inside(run)
        pts = self.map_point(run.points[: shown + 1])
        line = VMobject(stroke_color=color, stroke_width=0.6 * self.theme.stroke)
        line.set_points_as_corners(pts if len(pts) > 1 else np.vstack([pts, pts]))
        return VGroup(line, *[Dot(pt, radius=0.035, color=color) for pt in pts])

    def _build_value_chart(self, box: Box, colors):
        steps = self.params.steps
        values = np.concatenate([r.values for r in self.runs])
        y_range = padded_range(values, pad=0.1, min_span=1e-3)
        step_x, step_y = nice_step(steps, 5), nice_step(y_range[1] - y_range[0], 4)
        axes = Axes(x_range=[0, steps, step_x], y_range=[*y_range, step_y],
                    x_length=box.width * 0.82, y_length=box.height * 0.72,
                    **self._axes_config(step_x, step_y))
        k_label, f_label = self.labels[4], self.labels[5]
        k_label.next_to(axes.x_axis, RIGHT, 0.1)
        f_label.next_to(axes.y_axis, UP, 0.1)
        chart = VGroup(axes, VGroup(k_label, f_label))
        self.fit(chart, box)
        curves = VGroup()
        for run, color in zip(self.runs, colors):
            pts = np.asarray(axes.c2p(np.arange(len(run.values)), run.values)).T
            curve = VMobject(stroke_color=color, stroke_width=0.6 * self.theme.stroke)
            curve.set_points_as_corners(pts if len(pts) > 1 else np.vstack([pts, pts]))
            curves.add(curve)
        self.chart_axes, self.chart_curves = axes, curves
        return chart, curves

    def _build_legend(self, colors):
        parts = [rf"\eta = {format_number(rate, digits=3, style='tex')} \\" for rate in self.rates]
        limit = "\\infty" if not np.isfinite(self.limit) else format_number(self.limit, digits=3, style="tex")
        etas = self.tex(*parts, rf"2/L = {limit}", role="label")
        rows = VGroup()
        for run, part, color, name in zip(self.runs, etas, colors, ("smaller", "yours", "larger")):
            part.set_color(color)
            head = VGroup(Dot(radius=0.07, color=color), part,
                          self.text(f"({name})", "small", color)).arrange(RIGHT, buff=0.15)
            shown = self._steps_inside(run)
            lines = VGroup(self.text(self._describe(run, with_steps=False), "small"),
                           self.text(f"f = {format_number(run.values[shown], 3, style='text')} after {shown} steps",
                                     "small"))
            lines.arrange(DOWN, aligned_edge=LEFT, buff=0.08)
            lines.next_to(head, DOWN, buff=0.1, aligned_edge=LEFT).shift(0.37 * RIGHT)
            rows.add(VGroup(head, lines))
        etas[-1].set_color(self.theme.muted)
        legend = VGroup(*rows, etas[-1])
        self.fit_rows(legend, self.info_box, buff=0.22)
        return legend
