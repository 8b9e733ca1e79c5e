"""Stochastic and mini-batch gradients: noisy estimates of one gradient, and the paths they take.

Render with its defaults, as plain manim::

    manim -ql scenes/optimization/stochastic_gradient.py StochasticGradient
"""

from __future__ import annotations

import numpy as np
from manim import (
    Create,
    Dot,
    FadeIn,
    FadeOut,
    VGroup,
    VMobject,
)

from mathviz.core.optimizers import (
    example_gradients,
    gradient_spread,
    least_squares_gradient,
    least_squares_loss,
    minibatch_gradients,
)
from mathviz.core.optimize import contour_segments
from mathviz.kit import (
    arrows_mobject,
    format_number,
    height_color,
    map_axes,
    MathvizScene,
    points_on,
    segments_mobject,
)
from scenes.optimization.specs import SGD_START, StochasticGradientParams

GRID = 121
LEVELS = 8
FAN = 24  # gradients drawn in each fan


def _said(value: float) -> str:
    return format_number(value, digits=2, style="text")


class StochasticGradient(MathvizScene):
    Params = StochasticGradientParams
    title = "Stochastic and mini-batch gradients"

    def construct(self):
        p = self.params
        self.X, self.y = p.data()
        self.w_best = np.linalg.lstsq(self.X, self.y, rcond=None)[0]
        self.paths = p.paths()
        self._compute_gradients()
        layout = self.layout(3, 2, square=(4, 1.4), tall=(5, 2))
        self.main_box, self.panel_box = layout.main, layout.side
        self._build_map(self.main_box)

        self.beat("loss", f"Fit a line to {p.n} points: two weights, an intercept and a slope. The loss is the "
                          "average squared error, a bowl around the best fit.")
        self._show_loss()
        self.beat("one", "The gradient of the loss is the average of every point's own gradient. One point's "
                         f"gradient alone scatters widely around it: about {_said(self.spread_one)} on average.")
        self._show_fan("one")
        self.beat("batch", f"Average a mini-batch of {p.batch_size} points instead. An average of B draws "
                           f"wobbles about one over root B as much: the spread falls to {_said(self.spread_batch)}, "
                           "the law of large numbers again.")
        self._show_fan("batch")
        self.beat("paths", self._paths_words())
        self._show_paths()

    # -- numbers, from the core ---------------------------------------------------------------

    def _compute_gradients(self):
        p, w = self.params, np.asarray(SGD_START)
        self.full = least_squares_gradient(self.X, self.y, w)
        per = example_gradients(self.X, self.y, w)
        batches = minibatch_gradients(self.X, self.y, w, p.batch_size, 20, p.seed)
        self.spread_one, self.spread_batch = gradient_spread(per, self.full), gradient_spread(batches, self.full)
        self.fans = {"one": per[:FAN], "batch": batches[:FAN]}

    def final_loss(self, batch: int) -> float:
        return least_squares_loss(self.X, self.y, self.paths[batch][-1])

    def _paths_words(self) -> str:
        p = self.params
        steps = {b: len(path) - 1 for b, path in self.paths.items()}
        return (f"Now descend for {p.epochs} passes over the data. Full batches take {steps[p.n]} careful steps; "
                f"single points take {steps[1]} noisy ones; mini-batches take {steps[p.batch_size]}. Their losses "
                f"end at {_said(self.final_loss(p.n))}, {_said(self.final_loss(1))} and "
                f"{_said(self.final_loss(p.batch_size))}.")

    # -- mobjects ------------------------------------------------------------------------------

    def _colors(self) -> dict:
        t, p = self.theme, self.params
        return {p.n: t.truth, 1: t.estimate, p.batch_size: t.second}

    def _build_map(self, box):
        t = self.theme
        points = np.vstack([*self.paths.values(), self.w_best])
        lo, hi = points.min(axis=0), points.max(axis=0)
        pad = 0.15 * max(hi - lo)
        axes = map_axes(lo - pad, hi + pad, box, t, fill=(0.9, 0.88))
        x_range, y_range = axes.x_range[:2], axes.y_range[:2]
        span = np.array([x_range[1] - x_range[0], y_range[1] - y_range[0]])
        self.axes, self._to_point = axes, points_on(axes)
        xs, ys = np.linspace(*x_range, GRID), np.linspace(*y_range, GRID)
        W = np.stack(np.meshgrid(xs, ys), axis=-1)
        values = ((W @ self.X.T - self.y) ** 2).sum(axis=-1) / (2 * len(self.y))
        base = least_squares_loss(self.X, self.y, self.w_best)
        levels = base + (np.quantile(values, 0.97) - base) * np.linspace(0.02, 1, LEVELS) ** 2
        self.contours = VGroup(*[segments_mobject(contour_segments(xs, ys, values, level), self._to_point,
                                                  height_color(t, 1 - i / LEVELS), 0.5 * t.stroke)
                                 for i, level in enumerate(levels)])
        self.best = Dot(axes.c2p(*self.w_best), radius=0.07, color=t.point)
        self.start = Dot(axes.c2p(*SGD_START), radius=0.07, color=t.point)
        # descent directions drawn so the full gradient's is a quarter of the map's width long
        self.arrow_scale = 0.25 * span[0] / np.linalg.norm(self.full)

    def _arrows(self, gradients, color, width: float, opacity: float = 1.0):
        start = np.asarray(SGD_START)
        ends = start - self.arrow_scale * np.atleast_2d(gradients)
        starts = np.repeat(start[None], len(ends), axis=0)
        return arrows_mobject(self._to_point(starts), self._to_point(ends), color, width, 0.12, opacity)

    # -- beats ----------------------------------------------------------------------------------

    def _show_loss(self):
        t = self.theme
        self.play(FadeIn(self.title_mob), Create(self.axes), run_time=1.0)
        self.play(Create(self.contours), FadeIn(self.best), FadeIn(self.start), run_time=1.5)
        self.swap_panel(self.tex(r"L(w) = \tfrac{1}{2n}\textstyle\sum_i (x_i \cdot w - y_i)^2", role="label",
                             color=t.function),
                    self.tex(r"\nabla L = \tfrac{1}{n}\textstyle\sum_i \nabla L_i", role="label"))

    def _show_fan(self, kind: str):
        t, p = self.theme, self.params
        if kind == "one":
            self.full_arrow = self._arrows(self.full, t.truth, 0.9 * t.stroke)
            fan = self._arrows(self.fans["one"], t.estimate, 0.35 * t.stroke, 0.8)
            self.play(Create(fan), run_time=1.5)
            self.play(Create(self.full_arrow), run_time=0.8)
            self.fan = fan
            spread = rf"\text{{one point: spread}} \approx {format_number(self.spread_one, digits=2, style='tex')}"
            self.swap_panel(self.tex(r"-\nabla L", role="label", color=t.truth),
                        self.tex(spread, role="label", color=t.estimate))
            return
        fan = self._arrows(self.fans["batch"], self._colors()[p.batch_size], 0.45 * t.stroke)
        self.play(FadeOut(self.fan), Create(fan), run_time=1.5)
        self.fan = fan
        self.add(self.full_arrow)  # on top of the fan
        spread = (rf"B = {p.batch_size}\text{{: spread}} \approx "
                  rf"{format_number(self.spread_batch, digits=2, style='tex')}")
        ratio = rf"\text{{ratio}} \approx {format_number(self.spread_one / self.spread_batch, digits=2, style='tex')}" \
                rf",\ \sqrt{{B}} \approx {format_number(np.sqrt(p.batch_size), digits=2, style='tex')}"
        self.swap_panel(self.tex(spread, role="label", color=self._colors()[p.batch_size]), self.tex(ratio, role="label"))

    def _show_paths(self):
        t, p = self.theme, self.params
        self.play(FadeOut(self.fan), FadeOut(self.full_arrow), run_time=0.6)
        self.path_mobs = {}
        for batch in (1, p.batch_size, p.n):
            path = VMobject(stroke_color=self._colors()[batch], stroke_width=t.stroke * (0.35 if batch == 1 else 0.7))
            path.set_points_as_corners(self._to_point(self.paths[batch]))
            self.path_mobs[batch] = path
            self.play(Create(path), run_time=2.0 if batch == 1 else 1.2)
        names = {p.n: r"\text{full batch: }", 1: r"B = 1\text{: }", p.batch_size: rf"B = {p.batch_size}\text{{: }}"}
        self.swap_panel(*[self.tex(rf"{names[b]} L \approx {format_number(self.final_loss(b), digits=2, style='tex')}",
                               role="label", color=self._colors()[b]) for b in (p.n, 1, p.batch_size)])
