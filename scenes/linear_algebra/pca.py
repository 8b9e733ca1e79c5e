"""PCA as a case study: a correlated cloud, centred; its covariance ellipse and principal axes from the
SVD; every point dropped onto the first axis, and the share of variance that keeps.

Render with its defaults, as plain manim::

    manim -ql scenes/linear_algebra/pca.py PCA
"""

from __future__ import annotations

import numpy as np
from manim import (
    RIGHT,
    UP,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    GrowFromPoint,
    Line,
    VGroup,
    VMobject,
)

from mathviz.core.pca import covariance_ellipse, pca, sample_correlation, sample_covariance
from mathviz.kit import (
    format_vector,
    map_axes,
    MathvizScene,
    PlaneArrow,
    points_on,
    rounding,
    said,
    tex_matrix,
)
from scenes.linear_algebra.specs import PcaParams

STDS = 2.0  # the ellipse and the axis arrows reach two standard deviations from the mean
FLAT = 1e-12  # a variance this small beside the first is told as zero: the cloud lies on a line


def _shown(value: float, digits: int = 3) -> str:
    """``= 2`` or ``\\approx 3.38`` (TeX), three significant digits."""
    relation, text = rounding(value, digits=digits)
    return f"{relation} {text}"


class PCA(MathvizScene):
    Params = PcaParams
    title = "Principal component analysis"

    def construct(self):
        p = self.params
        self.X = p.points()
        self.fit_result = pca(self.X)
        r = self.fit_result
        self.S = sample_covariance(self.X)
        self.correlation = sample_correlation(self.X)
        self.projected = r.reconstruct(self.X, 1)  # each point seen with the first axis only
        self.lost = float(np.sum((self.X - self.projected) ** 2))
        self.flat = r.explained_variance[1] <= FLAT * r.explained_variance[0]
        self._build_layout()

        self.beat("cloud", self._cloud_words())
        self._show_cloud()
        mean = format_vector(r.mean, digits=3, style="text").strip("[]")
        self.beat("centre", f"First find the mean point, at about ({mean}), and measure every point from it. "
                            "That is centring.")
        self._show_centre()
        self.beat("ellipse", "The covariance of the centred points draws an ellipse, two standard deviations "
                             "out along its own axes. It is the cloud's shape in one picture.")
        self._show_ellipse()
        self.beat("axes", self._axes_words())
        self._show_axes()
        self.beat("project", self._project_words())
        self._show_projection()
        self.beat("kept", self._kept_words())
        self._show_kept()
        other = said(100 * self.fit_result.explained_ratio[1], 1)
        self.beat("recipe", "So the recipe is short. Centre the data, take its SVD, and keep the top axes. "
                            f"Keeping the second axis instead would have kept only {other} percent.")
        self._show_recipe()

    # -- words -------------------------------------------------------------------------------

    def _cloud_words(self) -> str:
        n, rho = self.params.n, self.correlation
        how = ("rise together" if rho > 0 else "move in opposite ways") if abs(rho) >= 0.05 else "barely move together"
        return (f"Here are {n} points, drawn at random with seed {self.params.seed}. Their two coordinates "
                f"{how}: the sample correlation is {said(rho)}.")

    def _axes_words(self) -> str:
        v1, v2 = self.fit_result.explained_variance
        second = ("zero: the points lie on one line" if self.flat else f"only {said(v2, digits=3)}")
        return ("The SVD of the centred data finds the ellipse's axes, at right angles. Along the first "
                f"the variance is {said(v1, digits=3)}; along the second, {second}.")

    def _project_words(self) -> str:
        if self.flat:
            return ("Now keep only the first coordinate. Every point already lies on the first axis, so "
                    "dropping onto it moves nothing, and nothing is thrown away.")
        return ("Now keep only the first coordinate. Each point drops straight onto the first axis, and the "
                "short lines show what is thrown away.")

    def _kept_words(self) -> str:
        share = said(100 * self.fit_result.explained_ratio[0], 1)
        n = self.params.n
        if self.flat:
            return (f"The first axis keeps {share} percent of the variance. The error is the second variance "
                    f"times n minus 1, {n - 1}, and the second variance is zero.")
        return (f"The first axis keeps {share} percent of the variance. The squared lines add up to "
                f"{said(self.lost, digits=3)}: the second variance times n minus 1, {n - 1}. That is exactly "
                "what was dropped.")

    # -- layout and mobjects -----------------------------------------------------------------

    def _window(self):
        """Corners of the data window: the cloud, the ellipse and the first axis drawn across the
        cloud, squared up so a cloud on a line still gets room across it."""
        r = self.fit_result
        parts = np.vstack([self.X, covariance_ellipse(r, STDS), self._axis_ends()])
        lo, hi = parts.min(axis=0), parts.max(axis=0)
        centre, half = (lo + hi) / 2, (hi - lo) / 2
        half = np.maximum(half, 0.25 * half.max()) * 1.08
        return centre - half, centre + half

    def _axis_ends(self) -> np.ndarray:
        """The first principal axis, as a segment through the mean covering every projection."""
        r = self.fit_result
        z = r.project(self.X, 1)[:, 0]
        reach = max(abs(z.min()), abs(z.max()), STDS * np.sqrt(r.explained_variance[0])) * 1.05
        return np.array([r.mean - reach * r.components[0], r.mean + reach * r.components[0]])

    def _build_layout(self):
        t = self.theme
        layout = self.layout(3, 2, square=(3, 1.4), tall=(5, 3))
        self.map_box, self.panel_box = layout.main, layout.side
        lo, hi = self._window()
        self.axes = map_axes(lo, hi, self.map_box, t)
        self.to_map = points_on(self.axes)
        self.unit = float(np.linalg.norm(self.to_map([1.0, 0.0]) - self.to_map([0.0, 0.0])))
        radius = float(np.clip(0.5 / np.sqrt(self.params.n), 0.035, 0.07))
        self.dots = VGroup(*[Dot(q, radius=radius, color=t.function) for q in self.to_map(self.X)])
        self.names = VGroup(self.tex("x_1", role="small", color=t.muted).next_to(self.axes.x_axis, RIGHT, buff=0.1),
                            self.tex("x_2", role="small", color=t.muted).next_to(self.axes.y_axis, UP, buff=0.1))

    # -- beats -------------------------------------------------------------------------------

    def _show_cloud(self):
        t = self.theme
        self.play(FadeIn(self.title_mob), Create(self.axes), FadeIn(self.names), run_time=1.0)
        self.play(FadeIn(self.dots, lag_ratio=0.02), run_time=1.5)
        self.swap_panel(self.tex(rf"n = {self.params.n}", role="label"),
                        self.tex(rf"\text{{correlation}} {_shown(self.correlation)}", role="label", color=t.function))

    def _show_centre(self):
        t = self.theme
        r = self.fit_result
        (x0, x1), (y0, y1) = self.axes.x_range[:2], self.axes.y_range[:2]
        m = r.mean
        self.cross = VGroup(DashedLine(self.to_map([x0, m[1]]), self.to_map([x1, m[1]])),
                            DashedLine(self.to_map([m[0], y0]), self.to_map([m[0], y1])))
        self.cross.set_stroke(t.point, width=2, opacity=0.6)
        self.mean_dot = Dot(self.to_map(m), radius=0.09, color=t.point)  # in ink: green is the first axis
        self.play(FadeIn(self.mean_dot, scale=1.5), Create(self.cross), run_time=1.2)
        mean = format_vector(m, digits=3, style="tex").strip("[]")
        self.swap_panel(self.tex(rf"\bar{{\mathbf x}} \approx ({mean})", role="label", color=t.point),
                        self.tex(r"\text{centred: } \mathbf x_i - \bar{\mathbf x}", role="label"))

    def _show_ellipse(self):
        t = self.theme
        self.ellipse = VMobject(stroke_color=t.muted, stroke_width=t.stroke * 0.6, fill_color=t.region,
                                fill_opacity=0.25)
        ring = covariance_ellipse(self.fit_result, STDS)
        self.ellipse.set_points_smoothly(self.to_map(np.vstack([ring, ring[:1]])))
        self.play(FadeOut(self.cross), Create(self.ellipse), run_time=1.5)
        self.bring_to_front(self.dots, self.mean_dot)
        relation = "=" if all(rounding(x, digits=3)[0] == "=" for x in self.S.ravel()) else r"\approx"
        self.swap_panel(self.tex(r"S = \tfrac{1}{n-1}\sum_i (\mathbf x_i - \bar{\mathbf x})"
                                 r"(\mathbf x_i - \bar{\mathbf x})^{\mathsf T}", role="label"),
                        self.tex(rf"S {relation} {tex_matrix(self.S, digits=3, trim=True)}", role="label"))

    def _show_axes(self):
        t = self.theme
        r = self.fit_result
        start = self.to_map(r.mean)
        colors = (t.first, t.second)
        self.arrows = VGroup(*[PlaneArrow(start, self.to_map(r.mean + STDS * np.sqrt(r.explained_variance[k])
                                                             * r.components[k]), colors[k])
                               for k in range(2)])
        self.play(*[GrowFromPoint(a, start) for a in self.arrows], run_time=1.2)
        rows = [self.tex(rf"\text{{axis {k + 1}: }} \mathbf a_{k + 1} \approx "
                         + tex_matrix(r.components[k][:, None], 2),
                         rf",\ \ \lambda_{k + 1} {_shown(r.explained_variance[k])}", role="label", color=colors[k])
                for k in range(2)]
        self.swap_panel(*rows)

    def _show_projection(self):
        t = self.theme
        ends = self.to_map(self._axis_ends())
        self.first_axis = Line(ends[0], ends[1], color=t.first, stroke_width=t.stroke * 0.5)
        self.error_lines = VGroup(*[Line(a, b, color=t.highlight, stroke_width=1.6)
                                    for a, b in zip(self.to_map(self.X), self.to_map(self.projected))])
        self.play(FadeOut(self.arrows[1]), self.ellipse.animate.set_fill(opacity=0.1).set_stroke(opacity=0.4),
                  Create(self.first_axis), run_time=1.0)
        self.play(Create(self.error_lines), run_time=1.2)
        self.ghosts = self.dots.copy().set_opacity(0.35)
        self.add(self.ghosts)
        # the points seen with one axis only: the estimates of the originals, in the estimate's colour
        self.play(*[dot.animate.move_to(q).set_color(t.estimate) for dot, q in zip(self.dots, self.to_map(self.projected))],
                  run_time=2.0)
        self.bring_to_front(self.mean_dot)

    def _show_kept(self):
        t = self.theme
        r = self.fit_result
        relation, share = rounding(100 * r.explained_ratio[0], 1)
        self.kept_panel = self.swap_panel(
            self.tex(rf"\text{{kept: }} \frac{{\lambda_1}}{{\lambda_1 + \lambda_2}} {relation} {share}\%",
                     role="label", color=t.first),
            self.tex(rf"\textstyle\sum_i \|\mathbf x_i - \hat{{\mathbf x}}_i\|^2 {_shown(self.lost)}"
                     rf" = (n - 1)\,\lambda_2", role="label", color=t.highlight))
        self.wait(1.0)

    def _show_recipe(self):
        t = self.theme
        self.swap_panel(self.tex(r"1.\ \text{centre: } X - \bar{\mathbf x}", role="label"),
                        self.tex(r"2.\ X - \bar{\mathbf x} = U\,\Sigma\,V^{\mathsf T}", role="label"),
                        self.tex(r"3.\ \text{keep the first rows of } V^{\mathsf T}", role="label", color=t.first))
        self.play(self.first_axis.animate.set_stroke(width=t.stroke), run_time=0.8)
