"""Lagrange multipliers: f's level curves slide until one just touches the constraint g = 0.

Render with its defaults, as plain manim::

    manim -ql scenes/optimization/lagrange.py Lagrange
"""

from __future__ import annotations

import numpy as np
from manim import (
    Arrow,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    ValueTracker,
    VGroup,
    linear,
)

from mathviz.core.expr import parse_function
from mathviz.core.optimize import contour_segments
from mathviz.core.optimizers import gradient_at
from mathviz.kit import (
    format_number,
    height_color,
    map_axes,
    MathvizScene,
    points_on,
    segments_mobject,
)
from scenes.optimization.specs import LagrangeParams, LOOSEN

GRID = 141
LEVELS = 9


def _tex(value: float) -> str:
    return format_number(value, digits=3, style="tex")


def _said(value: float) -> str:
    return format_number(value, digits=2, style="text")


class Lagrange(MathvizScene):
    Params = LagrangeParams
    title = "Lagrange multipliers"

    def construct(self):
        self.f, self.g = self.params.functions()
        self.here, self.loosened = self.params.solutions()
        self._build_layout()

        self.beat("constraint", f"Make f as large as it can be, but only on the curve where g is zero. "
                                f"{self._kind_words()}")
        self._show_constraint()
        self.beat("touch", "Slide through f's level curves. While one crosses the curve, f still changes along "
                           "it. The best value is where a level curve just touches the curve.")
        self._show_touch()
        lam = _said(self.here.multiplier)
        self.beat("parallel", "There the two curves share a tangent, so their gradients point along one line: "
                              f"the gradient of f is lambda times the gradient of g, with lambda about {lam}.")
        self._show_gradients()
        gain = self.loosened.value - self.here.value
        self.beat("loosen", f"Loosen the constraint to g = {_said(LOOSEN)}. The best value grows by about "
                            f"{_said(gain)}, close to lambda times {_said(LOOSEN)}, "
                            f"{_said(self.here.multiplier * LOOSEN)}: lambda prices the constraint.")
        self._show_loosen()

    # -- numbers, from the core ---------------------------------------------------------------

    def _kind_words(self) -> str:
        """Is the touching point the largest f on the drawn part of the curve, the smallest, or neither?"""
        xs, ys, G = self.g_grid
        seg = contour_segments(xs, ys, G, 0.0).reshape(-1, 2)
        values = self.f(seg) if len(seg) else np.zeros(0)
        best = self.here.value
        if len(values) and best >= values.max() - 1e-3 * (1 + abs(best)):
            return "The answer turns out to be the largest value on the curve."
        if len(values) and best <= values.min() + 1e-3 * (1 + abs(best)):
            return "From this start the search finds the smallest value on the curve instead."
        return "From this start the search finds a point where f stops changing along the curve."

    # -- mobjects ------------------------------------------------------------------------------

    def _build_layout(self):
        t = self.theme
        layout = self.layout(3, 2, square=(4, 1.4), tall=(5, 2))  # the panel holds two lines
        self.main_box, self.panel_box = layout.main, layout.side
        p = self.here.point
        reach = max(2.0, 1.6 * np.abs(np.concatenate([p, self.loosened.point])).max())
        axes = map_axes((-reach, -reach), (reach, reach), self.main_box, t, fill=(0.92, 0.88))
        x_range = axes.x_range[:2]
        self.axes, self._to_point = axes, points_on(axes)
        xs = ys = np.linspace(*x_range, GRID)
        points = np.stack(np.meshgrid(xs, ys), axis=-1)
        self.f_grid = (xs, ys, self.f(points))
        self.g_grid = (xs, ys, self.g(points))
        values = self.f_grid[2][np.isfinite(self.f_grid[2])]
        self.levels = np.linspace(np.quantile(values, 0.05), np.quantile(values, 0.95), LEVELS)
        self.contours = VGroup(*[self._curve(self.f_grid, level, height_color(t, i / LEVELS), 0.45 * t.stroke)
                                 for i, level in enumerate(self.levels)])
        self.constraint = self._curve(self.g_grid, 0.0, t.second, 1.1 * t.stroke)

    def _curve(self, grid, level: float, color, width: float):
        xs, ys, values = grid
        return segments_mobject(contour_segments(xs, ys, values, level), self._to_point, color, width)

    # -- beats ----------------------------------------------------------------------------------

    def _show_constraint(self):
        t, p = self.theme, self.params
        self.play(FadeIn(self.title_mob), Create(self.axes), run_time=1.0)
        self.play(Create(self.contours), run_time=1.5)
        self.play(Create(self.constraint), run_time=1.2)
        self.swap_panel(self.tex(r"\max f(x, y) =", parse_function(p.f, ("x", "y")).to_tex(), role="label",
                             color=t.function),
                    self.tex(r"\text{on } g(x, y) =", parse_function(p.g, ("x", "y")).to_tex(), "= 0",
                             role="label", color=t.second))

    def _show_touch(self):
        t = self.theme
        level = ValueTracker(float(self.levels[0]))
        moving = self._curve(self.f_grid, level.get_value(), t.estimate, 1.1 * t.stroke)
        moving.add_updater(lambda m: m.become(self._curve(self.f_grid, level.get_value(), t.estimate, 1.1 * t.stroke)))
        self.add(moving)
        self.play(level.animate.set_value(self.here.value), run_time=3.0, rate_func=linear)
        moving.clear_updaters()
        self.touching = moving
        self.point = Dot(self.axes.c2p(*self.here.point), radius=0.08, color=t.truth)
        self.play(FadeIn(self.point, scale=1.5), run_time=0.6)
        x, y = self.here.point
        self.swap_panel(self.tex(rf"(x, y) \approx ({_tex(x)},\ {_tex(y)})", role="label", color=t.truth),
                    self.tex(rf"f \approx {_tex(self.here.value)}", role="label", color=t.truth))

    def _gradient_arrow(self, grad_fn, color, length: float):
        """The gradient's direction at the touching point, ``length`` scene units long (the two
        gradients differ in size; their directions are the point)."""
        grad = gradient_at(lambda q: float(grad_fn(q)), self.here.point)
        direction = np.array([*(grad / np.linalg.norm(grad)), 0.0])
        start = self.axes.c2p(*self.here.point)
        return Arrow(start, start + length * direction, buff=0, color=color, stroke_width=self.theme.stroke,
                     max_tip_length_to_length_ratio=0.2), grad, direction

    def _show_gradients(self):
        t = self.theme
        arrow_f, grad_f, d = self._gradient_arrow(self.f, t.first, 1.5)
        arrow_g, grad_g, _ = self._gradient_arrow(self.g, t.second, 0.8)
        self.gradients = (grad_f, grad_g)
        across = np.array([-d[1], d[0], 0.0])  # the two names sit either side of the shared line
        labels = VGroup(self.tex(r"\nabla f", role="label", color=t.first).move_to(arrow_f.get_end() + 0.35 * across),
                        self.tex(r"\nabla g", role="label", color=t.second).move_to(arrow_g.get_end() - 0.35 * across))
        for label in labels:  # level curves run behind the names: a plate keeps them legible
            label.add_background_rectangle(color=t.background, opacity=0.85, buff=0.04)
        self.play(Create(arrow_f), Create(arrow_g), FadeIn(labels), run_time=1.2)  # the shorter on top
        self.arrows = VGroup(arrow_f, arrow_g, labels)
        self.swap_panel(self.tex(r"\nabla f = \lambda\, \nabla g", role="label"),
                    self.tex(rf"\lambda \approx {_tex(self.here.multiplier)}", role="label", color=t.highlight))

    def _show_loosen(self):
        t = self.theme
        loose = self._curve(self.g_grid, LOOSEN, t.second, 0.7 * t.stroke)
        moved = self._curve(self.f_grid, self.loosened.value, t.estimate, 0.8 * t.stroke)
        dot = Dot(self.axes.c2p(*self.loosened.point), radius=0.07, color=t.highlight)
        self.play(FadeOut(self.arrows), Create(loose), run_time=1.0)
        self.play(Create(moved), FadeIn(dot, scale=1.5), run_time=1.0)
        gain = self.loosened.value - self.here.value
        self.swap_panel(self.tex(rf"g = {format_number(LOOSEN, 4, trim=True, style='tex')}:\ f \approx "
                             rf"{_tex(self.loosened.value)}", role="label", color=t.highlight),
                    self.tex(rf"\Delta f \approx {_tex(gain)} \approx \lambda \cdot "
                             rf"{format_number(LOOSEN, 4, trim=True, style='tex')} \approx "
                             rf"{_tex(self.here.multiplier * LOOSEN)}", role="label"))
        self.loose_dot = dot
