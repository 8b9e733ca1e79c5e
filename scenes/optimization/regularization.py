"""Ridge and lasso: loss contours meet a circle or a diamond; then the weights against the penalty.

Render with its defaults, as plain manim::

    manim -ql scenes/optimization/regularization.py Regularization
"""

from __future__ import annotations

import math

import numpy as np
from manim import (
    LEFT,
    RIGHT,
    UP,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    VGroup,
    VMobject,
)

from mathviz.core.norms import lp_norm
from mathviz.core.optimize import contour_segments
from mathviz.core.optimizers import lasso, lasso_path, lasso_zero_from, least_squares_loss, ridge
from mathviz.kit import (
    format_number,
    height_color,
    log_axes,
    map_axes,
    MathvizScene,
    nice_step,
    norm_ball,
    points_on,
    segments_mobject,
    snap_range,
)
from scenes.optimization.specs import RegularizationParams

GRID = 121
LEVELS = 8
PATH_POINTS = 60


def _tex(value: float) -> str:
    """A weight the core computed: 0 when it is exactly zero, else three significant digits."""
    return "0" if value == 0 else format_number(value, digits=3, style="tex")


def _said(value: float) -> str:
    return "exactly 0" if value == 0 else format_number(value, digits=2, style="text")


class Regularization(MathvizScene):
    Params = RegularizationParams
    title = "Ridge and lasso"

    def construct(self):
        p = self.params
        self.X, self.y = p.data()
        self.w_ls = np.linalg.lstsq(self.X, self.y, rcond=None)[0]
        self.w_ridge, self.w_lasso = ridge(self.X, self.y, p.alpha), lasso(self.X, self.y, p.alpha)
        self._compute_paths()
        layout = self.layout(3, 2, square=(3, 2), tall=(5, 4))
        self.main_box = layout.main
        self.plot_box, self.panel_box = layout.side_parts((3, 2), gap=0.25)
        self._build_map(self.main_box)

        w1, w2 = (_said(w) for w in self.w_ls)
        self.beat("loss", f"Fit two weights by least squares. The loss is a bowl of ellipses around the "
                          f"best fit, at {w1} and {w2}.")
        self._show_loss()
        self.beat("ridge", self._ridge_words())
        self._show_fit("ridge")
        self.beat("lasso", self._lasso_words())
        self._show_fit("lasso")
        self.beat("paths", self._paths_words())
        self._show_paths()

    # -- numbers, from the core ---------------------------------------------------------------

    def _compute_paths(self):
        self.alpha_zero = lasso_zero_from(self.X, self.y)
        top = math.ceil(math.log10(self.alpha_zero * 2))
        self.log_range = (-2, max(top, -1))
        self.alphas = np.logspace(*self.log_range, PATH_POINTS)
        self.ridge_path = np.array([ridge(self.X, self.y, a) for a in self.alphas])
        self.lasso_path = lasso_path(self.X, self.y, self.alphas)

    def _first_zero(self, j: int) -> float | None:
        """The first penalty on the grid from which lasso's weight ``j`` stays exactly zero."""
        zero = self.lasso_path[:, j] == 0
        if not zero[-1]:
            return None
        k = len(zero) - int(np.argmin(zero[::-1])) if not zero.all() else 0
        return float(self.alphas[k])

    def _ridge_words(self) -> str:
        zeros = "" if np.all(self.w_ridge != 0) else " One of them is zero only because least squares put it there."
        return ("Ridge adds alpha over two times the squared length of w. Its answer is where a loss contour "
                "just touches a circle around zero: both weights shrink, to "
                f"{_said(self.w_ridge[0])} and {_said(self.w_ridge[1])}.{zeros}")

    def _lasso_words(self) -> str:
        start = "Lasso adds alpha times the sum of the weights' sizes: a diamond. "
        if np.any(self.w_lasso == 0):
            j = int(np.flatnonzero(self.w_lasso == 0)[0])
            return (start + "Its corners stick out, so a contour usually meets it at one: here "
                    f"weight {j + 1} is exactly zero, and the other is {_said(self.w_lasso[1 - j])}.")
        return (start + f"Here the contour meets a side, not a corner: both weights stay, at "
                        f"{_said(self.w_lasso[0])} and {_said(self.w_lasso[1])}.")

    def _paths_words(self) -> str:
        order = sorted(((self._first_zero(j), j) for j in range(2)), key=lambda t: (t[0] is None, t[0] or 0))
        drops = [f"weight {j + 1} near alpha {_said(a)}" for a, j in order if a is not None]
        last = format_number(self.alpha_zero, digits=2, style="text")
        return ("As alpha grows, ridge shrinks every weight smoothly and none reaches zero. Lasso drops them "
                f"one at a time: {', then '.join(drops)}. From alpha {last} on, every lasso weight is zero.")

    # -- mobjects ------------------------------------------------------------------------------

    def _colors(self) -> dict:
        return {"ridge": self.theme.first, "lasso": self.theme.second}

    def _build_map(self, box):
        t = self.theme
        # the circle and the diamond whole, and room round the best fit for its ellipses
        m = max(float(np.linalg.norm(self.w_ridge)), float(np.abs(self.w_lasso).sum()), 0.2)
        points = np.array([[-m, -m], [m, m], self.w_ls - 0.6 * m, self.w_ls + 0.6 * m])
        axes = map_axes(points.min(axis=0) - 0.1 * m, points.max(axis=0) + 0.1 * m, box, t)
        x_range, y_range = axes.x_range[:2], axes.y_range[:2]
        self._to_map = points_on(axes)
        names = VGroup(self.tex("w_1", role="small", color=t.muted).next_to(axes.x_axis, RIGHT, buff=0.1),
                       self.tex("w_2", role="small", color=t.muted).next_to(axes.y_axis, UP, buff=0.1))
        self.map_axes = axes
        xs, ys = np.linspace(*x_range, GRID), np.linspace(*y_range, GRID)
        W = np.stack(np.meshgrid(xs, ys), axis=-1)
        residual = W @ self.X.T - self.y  # (ny, nx, n)
        self.grid = (xs, ys, (residual ** 2).sum(axis=-1) / (2 * len(self.y)))
        base = least_squares_loss(self.X, self.y, self.w_ls)
        levels = base + (np.quantile(self.grid[2], 0.6) - base) * np.linspace(0.03, 1, LEVELS) ** 2
        self.contours = VGroup(*[self._contour(level, height_color(t, 1 - i / LEVELS), 0.5 * t.stroke)
                                 for i, level in enumerate(levels)])
        self.best = Dot(axes.c2p(*self.w_ls), radius=0.07, color=t.point)  # no penalty: plain ink
        self.map_names = names

    def _contour(self, level: float, color, width: float) -> VMobject:
        xs, ys, values = self.grid
        return segments_mobject(contour_segments(xs, ys, values, level), self._to_map, color, width)

    def _region(self, kind: str, w) -> VMobject:
        """The circle (ridge) or diamond (lasso) through the fitted ``w``, as a filled region."""
        p = 2 if kind == "ridge" else 1
        return norm_ball(p, lp_norm(w, p), self._to_map, color=self._colors()[kind],
                         stroke_width=self.theme.stroke * 0.7, fill_color=self.theme.region, fill_opacity=0.25)

    def _weights_row(self, name: str, w, color) -> object:
        return self.tex(rf"w_{{\text{{{name}}}}} \approx ({_tex(w[0])},\ {_tex(w[1])})", role="label", color=color)

    # -- beats ----------------------------------------------------------------------------------

    def _show_loss(self):
        t = self.theme
        self.play(FadeIn(self.title_mob), Create(self.map_axes), FadeIn(self.map_names), run_time=1.0)
        self.play(Create(self.contours), FadeIn(self.best), run_time=1.5)
        self.swap_panel(self.tex(r"L(w) = \tfrac{1}{2n}\|y - Xw\|^2", role="label", color=t.function),
                    self._weights_row("LS", self.w_ls, t.text))

    def _show_fit(self, kind: str):
        t = self.theme
        w = self.w_ridge if kind == "ridge" else self.w_lasso
        region = self._region(kind, w)
        touching = self._contour(least_squares_loss(self.X, self.y, w), t.highlight, 0.8 * t.stroke)
        dot = Dot(self.map_axes.c2p(*w), radius=0.07, color=self._colors()[kind])
        old = getattr(self, "fit_parts", None)
        self.play(*([FadeOut(old)] if old is not None else []), Create(region), run_time=1.0)
        self.play(Create(touching), FadeIn(dot, scale=1.5), run_time=1.0)
        penalty = r"+\ \tfrac{\alpha}{2}\|w\|_2^2" if kind == "ridge" else r"+\ \alpha\|w\|_1"
        alpha = format_number(self.params.alpha, 4, trim=True, style="tex")
        self.swap_panel(self.tex(r"L(w)", penalty, rf",\ \ \alpha = {alpha}", role="label"),
                    self._weights_row(kind, w, self._colors()[kind]))
        self.fit_parts = VGroup(region, touching, dot)
        setattr(self, f"{kind}_dot", dot)

    def _build_paths_plot(self, box):
        t = self.theme
        paths = np.concatenate([self.ridge_path, self.lasso_path])
        y_low, y_high = min(0.0, paths.min()), paths.max()
        step = nice_step(y_high - y_low, 4)
        y_low, y_high = snap_range(y_low, y_high, step)
        axes, to_point = log_axes(t, self.log_range, (y_low, y_high), box.width * 0.75, box.height * 0.62,
                                  log_y=False)
        caption = self.tex(r"\text{weights against } \alpha", role="small", color=t.muted)
        caption.next_to(axes, UP, buff=0.12).align_to(axes, LEFT)
        group = VGroup(axes, caption)
        self.fit(group, box)
        self.paths_axes, self.paths_y_low = axes, y_low
        curves, names = VGroup(), VGroup()
        for kind, path in (("ridge", self.ridge_path), ("lasso", self.lasso_path)):
            for j in range(2):  # w_1 drawn full, w_2 thinner; each named at its right end
                curve = VMobject(stroke_color=self._colors()[kind], stroke_width=t.stroke * (0.75 if j == 0 else 0.4))
                curve.set_points_as_corners([self.path_point(a, w) for a, w in zip(self.alphas, path[:, j])])
                curves.add(curve)
        self.path_names = names
        zero = DashedLine(self.path_point(self.alphas[0], 0.0), self.path_point(self.alphas[-1], 0.0),
                          color=t.muted, stroke_width=1.5)
        return group, curves, zero

    def path_point(self, alpha: float, w: float) -> np.ndarray:
        return self.paths_axes.c2p(math.log10(alpha) - self.log_range[0], w - self.paths_y_low)

    def _show_paths(self):
        t = self.theme
        plot, curves, zero = self._build_paths_plot(self.plot_box)
        self.play(FadeIn(plot), Create(zero), run_time=0.8)
        self.play(Create(curves), run_time=2.5)
        last = format_number(self.alpha_zero, digits=3, style="tex")
        self.swap_panel(self.tex(r"\text{ridge: } w \to 0 \text{ as } \alpha \to \infty", role="label",
                             color=self._colors()["ridge"]),
                    self.tex(rf"\text{{lasso: }} w = 0 \text{{ from }} \alpha_0 \approx {last}",
                             role="label", color=self._colors()["lasso"]),
                    self.tex(r"\text{thick: } w_1,\ \text{thin: } w_2", role="small", color=t.muted))
        self.paths_curves = curves
