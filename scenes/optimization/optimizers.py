"""Momentum, RMSprop and Adam against plain gradient descent, on one contour map.

Render with its defaults, as plain manim::

    manim -ql scenes/optimization/optimizers.py Optimizers

Every dot on the map and every corner of the loss curves is an iterate of
``mathviz.core.optimizers.optimize_path`` (PyTorch's update rules); a path grows
one whole step at a time.
"""

from __future__ import annotations

import math

import numpy as np
from manim import (
    LEFT,
    UP,
    Create,
    Dot,
    FadeIn,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
)

from mathviz.core.expr import parse_function
from mathviz.core.optimize import contour_segments, numerical_hessian, vector_function
from mathviz.kit import (
    format_number,
    height_color,
    log_axes,
    map_axes,
    MathvizScene,
    points_on,
    segments_mobject,
)
from scenes.optimization.specs import OptimizersParams

GRID = 121
LEVELS = 9
LOSS_FLOOR = 1e-8  # the loss plot's floor: smaller losses sit on its bottom edge
NAMES = {"gd": "gradient descent", "momentum": "momentum", "rmsprop": "RMSprop", "adam": "Adam"}
TEX_NAMES = {"gd": r"\text{GD: }", "momentum": r"\text{momentum: }", "rmsprop": r"\text{RMSprop: }",
             "adam": r"\text{Adam: }"}
RULES = {
    "gd": r"x_{t} = x_{t-1} - \eta\, g_t",
    "momentum": r"b_t = \mu b_{t-1} + g_t,\quad x_t = x_{t-1} - \eta\, b_t",
    "rmsprop": r"x_t = x_{t-1} - \eta\, \frac{g_t}{\sqrt{v_t}+\epsilon}",  # v_t: a running mean of g^2
    "adam": r"x_t = x_{t-1} - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t}+\epsilon}",
}


def _said(value: float) -> str:
    """A loss for the narration, to two significant digits; tiny ones as a power of ten."""
    if value != 0 and abs(value) < 1e-3:
        return f"about ten to the minus {-math.floor(math.log10(abs(value)))}"
    return format_number(value, digits=2, style="text")


def _tex_value(value: float) -> str:
    """``\\approx 0.013``, or ``\\approx 2.1 \\times 10^{-6}`` for a tiny value."""
    if value != 0 and abs(value) < 1e-3:
        exponent = math.floor(math.log10(abs(value)))
        return rf"\approx {format_number(value / 10 ** exponent, digits=2, style='tex')} \times 10^{{{exponent}}}"
    return rf"\approx {format_number(value, digits=2, style='tex')}"


class Optimizers(MathvizScene):
    Params = OptimizersParams
    title = "Momentum, RMSprop and Adam"

    def construct(self):
        p = self.params
        self.f = vector_function(parse_function(p.f, ("x", "y")))
        self.runs = p.runs()
        self._build_layout()

        self.beat("valley", self._valley_words())
        self._show_valley()
        self.beat("descent", self._descent_words())
        self._show_runs(["gd"])
        self.beat("momentum", self._momentum_words())
        self._show_runs(["momentum"])
        self.beat("adaptive", "RMSprop divides each coordinate's step by the size of its recent gradients, so "
                              "steep and gentle directions move at a similar pace. Adam does that with momentum "
                              f"on top. Their losses: {_said(self.final('rmsprop'))} and "
                              f"{_said(self.final('adam'))}.")
        self._show_runs(["rmsprop", "adam"])
        self.beat("race", self._race_words())
        self._show_race()

    # -- numbers, from the core ---------------------------------------------------------------

    def final(self, method: str) -> float:
        return float(self.runs[method].values[-1])

    def _valley_words(self) -> str:
        curvatures = np.linalg.eigvalsh(numerical_hessian(self.f, np.asarray(self.params.start, dtype=float)))
        if curvatures.min() > 0 and curvatures.max() / curvatures.min() >= 4:
            ratio = _said(curvatures.max() / curvatures.min())
            return (f"This loss is a long, narrow valley: at the start it curves {ratio} times more sharply "
                    "across the valley than along it. Four optimisers set off from the same point.")
        return "Here is the loss as a contour map. Four optimisers set off from the same point."

    def _zigzags(self, method: str) -> int:
        """How often the path turns back by more than a right angle."""
        steps = np.diff(self.runs[method].points, axis=0)
        return int(np.sum(np.einsum("ij,ij->i", steps[1:], steps[:-1]) < 0))

    def _descent_words(self) -> str:
        how = ("Across the valley it overshoots and zig-zags; along the floor it creeps. "
               if self._zigzags("gd") >= 3 else "")
        return (f"Plain gradient descent steps straight downhill, {self.params.steps} times. {how}"
                f"Its loss ends at {_said(self.final('gd'))}.")

    def _momentum_words(self) -> str:
        swings = ("It overshoots and swings back, but it covers the valley's length far sooner. "
                  if self._zigzags("momentum") >= 3 else "")
        return ("Momentum keeps a running sum of past gradients. Where the steps agree they add up, "
                f"so it gathers speed. {swings}Its loss ends at {_said(self.final('momentum'))}.")

    def _race_words(self) -> str:
        best = min(self.runs, key=self.final)
        return (f"On a log scale the race is plain. After {self.params.steps} steps the lowest loss is "
                f"{NAMES[best]}'s, {_said(self.final(best))}, against {_said(self.final('gd'))} for plain descent. "
                "Which optimiser wins depends on the loss and the learning rates.")

    # -- layout and mobjects ------------------------------------------------------------------

    def _colors(self) -> dict:
        t = self.theme
        return {"gd": t.estimate, "momentum": t.first, "rmsprop": t.second, "adam": t.highlight}

    def _build_layout(self):
        layout = self.layout(3, 2, square=(3, 2), tall=(5, 4))
        self.map_box = layout.main
        self.loss_box, self.panel_box = layout.side_parts((3, 2), gap=0.25)
        self._build_map(self.map_box)
        self._build_loss_plot(self.loss_box)

    def _map_window(self):
        points = np.concatenate([run.points for run in self.runs.values()])
        lo, hi = points.min(axis=0), points.max(axis=0)
        pad = 0.12 * np.maximum(hi - lo, 0.5)
        return lo - pad, hi + pad

    def _build_map(self, box):
        t = self.theme
        axes = map_axes(*self._map_window(), box, t)
        x_range, y_range = axes.x_range[:2], axes.y_range[:2]
        xs, ys = np.linspace(*x_range, GRID), np.linspace(*y_range, GRID)
        values = self.f(np.stack(np.meshgrid(xs, ys), axis=-1))
        levels = np.quantile(values[np.isfinite(values)], np.linspace(0.04, 0.9, LEVELS))
        contours = VGroup(*[segments_mobject(contour_segments(xs, ys, values, level), points_on(axes),
                                             height_color(t, 1 - i / LEVELS), 0.5 * t.stroke)
                            for i, level in enumerate(levels)])
        self.map_axes, self.contours = axes, contours
        self.start_dot = Dot(axes.c2p(*self.params.start), radius=0.07, color=t.point)

    def _build_loss_plot(self, box):
        t, steps = self.theme, self.params.steps
        values = np.concatenate([run.values for run in self.runs.values()])
        top = math.ceil(math.log10(max(values.max(), LOSS_FLOOR * 10)))
        low = math.floor(math.log10(max(values.min(), LOSS_FLOOR)))
        low = min(low, top - 1)
        axes, _ = log_axes(t, (0, steps), (low, top), box.width * 0.78, box.height * 0.62, log_x=False)
        floor = 10.0 ** low
        caption = self.plain_tex("loss against step", role="small", color=t.muted)
        caption.next_to(axes, UP, buff=0.12).align_to(axes, LEFT)
        group = VGroup(axes, caption)
        self.fit(group, box)
        # the axes moved as they were fitted: map through them as they are now
        self.loss_point = lambda k, v: axes.c2p(float(k), math.log10(max(float(v), floor)) - low)
        self.loss_axes, self.loss_plot = axes, group

    def _build_path(self, method: str):
        color = self._colors()[method]
        path = VMobject(stroke_color=color, stroke_width=self.theme.stroke * 0.6)
        dots = VMobject(fill_color=color, fill_opacity=1, stroke_width=0)
        loss = VMobject(stroke_color=color, stroke_width=self.theme.stroke * 0.6)
        head = Dot(radius=0.07, color=color)
        return VGroup(path, loss, head, dots)

    def _draw_to(self, method: str, parts, k: int):
        """Draw ``method``'s first ``k`` steps: path and loss curve through whole iterates only."""
        run = self.runs[method]
        k = max(0, min(k, run.steps))
        path, loss, head, _ = parts
        corners = np.asarray(self.map_axes.c2p(*run.points[:k + 1].T)).T
        path.set_points_as_corners(np.vstack([corners, corners[-1:]]) if k == 0 else corners)
        curve = np.array([self.loss_point(i, v) for i, v in enumerate(run.values[:k + 1])])
        loss.set_points_as_corners(np.vstack([curve, curve[-1:]]) if k == 0 else curve)
        head.move_to(corners[-1])

    # -- beats ----------------------------------------------------------------------------------

    def _show_valley(self):
        self.play(FadeIn(self.title_mob), Create(self.map_axes), run_time=1.0)
        self.play(Create(self.contours), FadeIn(self.start_dot), run_time=1.5)
        self.play(Create(self.loss_plot), run_time=0.8)

    def _show_runs(self, methods: list[str]):
        self.swap_panel(*[self.tex(TEX_NAMES[m] + RULES[m], role="small", color=self._colors()[m]) for m in methods])
        counters = {m: ValueTracker(0) for m in methods}
        parts = {m: self._build_path(m) for m in methods}
        for m in methods:
            self._draw_to(m, parts[m], 0)
            parts[m][0].add_updater(lambda _, m=m: self._draw_to(m, parts[m], int(counters[m].get_value())))
            self.add(parts[m])
        self.play(*[counters[m].animate.set_value(self.runs[m].steps) for m in methods],
                  run_time=min(6.0, 0.15 * self.params.steps), rate_func=linear)
        for m in methods:
            parts[m][0].clear_updaters()
            self._draw_to(m, parts[m], self.runs[m].steps)
            setattr(self, f"{m}_parts", parts[m])
        rows = [self.tex(TEX_NAMES[m] + "f " + _tex_value(self.final(m)), role="label", color=self._colors()[m])
                for m in methods]
        self.swap_panel(*rows)

    def _show_race(self):
        order = sorted(self.runs, key=self.final)
        rows = [self.tex(TEX_NAMES[m] + "f " + _tex_value(self.final(m)), role="label", color=self._colors()[m])
                for m in order[:2]]
        self.swap_panel(self.plain_tex(f"after {self.params.steps} steps, lowest first", role="small",
                                   color=self.theme.muted), *rows[:2])
        ends = VGroup(*[Dot(self.loss_point(self.runs[m].steps, self.final(m)), radius=0.06,
                            color=self._colors()[m]) for m in self.runs])
        self.play(FadeIn(ends, scale=1.5), run_time=0.8)
