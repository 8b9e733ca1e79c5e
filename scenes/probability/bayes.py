"""Bayes' theorem: a positive test keeps two slivers of the population; a coin's Beta prior narrows.

Render with its defaults, as plain manim::

    manim -ql scenes/probability/bayes.py Bayes

The population is a rectangle of area 1 (the unit square, stretched to fit the frame): a
column of width ``P(D)`` has the condition, and the top of each column (height ``P(+ | D)``
on the left, ``P(+ | not D)`` on the right) tests positive. A positive result keeps only
those two tops; the posterior is the left one's area over both. Then the coin: the
posterior density after each flip is a core state
(:func:`mathviz.core.bayes.beta_path`), drawn through the axes.
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
    Polygon,
    ReplacementTransform,
    Transform,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
)

from mathviz.core.bayes import (
    beta_interval,
    beta_mean,
    beta_mode,
    beta_path,
    beta_pdf,
    beta_sd,
    flip_coin,
    prior_times_likelihood,
    screening,
)
from mathviz.kit import (
    axes_config,
    beside,
    Fade,
    format_number,
    MathvizScene,
    nice_step,
    place_label,
    rounding,
    said,
)
from scenes.probability.specs import BayesParams

PRIOR = (1.0, 1.0)  # Beta(1, 1): every bias equally plausible before the first flip
GRID = 401  # points along the bias axis where each density is drawn
MASS = 0.95  # the credible interval's share of the posterior
RARE = 0.1  # a prevalence under this is called rare
EDGE = 1.5  # stroke of the pieces that may be thinner than a pixel
ZOOM_BELOW = 0.4  # the last beat zooms in when the final belief spans less of the bias axis than this


def tex_value(value: float, digits: int = 3) -> str:
    """``= 0.009`` when exact, ``\\approx 0.154`` when rounded: for a formula."""
    return " ".join(rounding(value, digits=digits))


def spoken_percent(share: float) -> str:
    """``"1 percent"``, ``"about 15.4 percent"``: a share for the narration, rounded ones said so."""
    return said(100 * share, digits=3) + " percent"


class Bayes(MathvizScene):
    Params = BayesParams
    title = "Bayes' theorem"

    def construct(self):
        self._compute()
        self._build_layout()
        self.beat("population", self._population_words())
        self._show_population()
        self.beat("test", self._test_words())
        self._show_test()
        self.beat("positive", self._positive_words())
        self._show_positive()
        self.beat("posterior", self._posterior_words())
        self._show_posterior()
        self.beat("prior", "Bayes' rule also updates a belief about a number. How likely is this coin to land "
                           "heads? Before any flip, a Beta(1, 1) prior calls every bias from 0 to 1 "
                           "equally plausible.")
        self._show_prior()
        self.beat("first-flip", self._first_flip_words())
        self._show_first_flip()
        self.beat("flips", self._flips_words())
        self._show_flips()
        self.beat("interval", self._interval_words())
        self._show_interval()

    # -- numbers, all from the core --------------------------------------------------------

    def _compute(self):
        p = self.params
        self.test = screening(p.prevalence, p.sensitivity, p.false_positive_rate)
        self.flip_values = flip_coin(p.bias, p.flips, p.seed)
        self.alphas, self.betas = beta_path(*PRIOR, self.flip_values)
        self.heads = int(self.flip_values.sum())
        self.grid = np.linspace(0.0, 1.0, GRID)
        self.densities = np.array([beta_pdf(self.grid, a, b) for a, b in zip(self.alphas, self.betas)])
        first = int(self.flip_values[0])
        self.first_product = prior_times_likelihood(self.grid, *PRIOR, first, 1 - first)
        self.peaks = np.array([float(beta_pdf(beta_mode(a, b), a, b)) for a, b in zip(self.alphas, self.betas)])
        self.interval = beta_interval(self.alphas[-1], self.betas[-1], MASS)
        self.sd_prior, self.sd_final = beta_sd(*PRIOR), beta_sd(self.alphas[-1], self.betas[-1])
        self.zoom = self._zoom_window()

    # -- narration that depends on the numbers ---------------------------------------------

    def _population_words(self) -> str:
        p = self.params.prevalence
        rare = "a rare condition" if p < RARE else "a condition"
        column = "the thin column on the left" if p < 0.2 else "the column on the left"
        return (f"Picture everyone as one rectangle of area 1. {spoken_percent(p).capitalize()} of them have "
                f"{rare}: {column}. The rest do not.")

    def _test_words(self) -> str:
        p = self.params
        false = (f"Of those without it, {spoken_percent(p.false_positive_rate)} test positive too: false alarms."
                 if p.false_positive_rate > 0 else "Of those without it, nobody tests positive.")
        return (f"Everyone takes a test. Of those with the condition, {spoken_percent(p.sensitivity)} test "
                f"positive: the bright top of their column. {false}")

    def _positive_words(self) -> str:
        t = self.test
        pieces = ("only the two bright pieces remain" if t.false_positive > 0
                  else "only the bright piece on the left remains")
        tp, fp = said(t.true_positive, digits=3), said(t.false_positive, digits=3)
        areas = f"Their areas are {tp} and {fp}." if t.false_positive > 0 else f"Its area is {tp}."
        return f"Now your test comes back positive. Everyone who tested negative is ruled out: {pieces}. {areas}"

    def _posterior_words(self) -> str:
        t, sens = self.test, self.params.sensitivity
        if t.posterior < 0.5 * sens:
            compare = (f"far less than the {spoken_percent(sens)} many would guess from the test's sensitivity")
        elif t.posterior < sens:
            compare = f"less than the test's sensitivity, {spoken_percent(sens)}"
        else:
            compare = f"no less than the test's sensitivity, {spoken_percent(sens)}"
        return ("Lay the two pieces side by side in one bar, their areas in proportion. Your chance of having "
                f"the condition is the first over both: {spoken_percent(t.posterior)}, {compare}.")

    def _first_flip_words(self) -> str:
        heads = bool(self.flip_values[0])
        side, like = ("heads", "theta") if heads else ("tails", "one minus theta")
        return (f"The first flip lands {side}. Multiply the prior by the likelihood of {side}, {like}, then "
                f"rescale to area 1 again. That gives Beta({self._ab(1)}).")

    def _flips_words(self) -> str:
        n, h = self.params.flips, self.heads
        if n == 1:
            return ("That was the only flip here, so the curve stays as it is. With more flips each one would "
                    "multiply it by theta or one minus theta again.")
        return (f"Keep flipping, {n} times in all, multiplying by theta for each head and one minus theta for "
                f"each tail. Only the counts matter: {h} heads and {n - h} tails give Beta({self._ab(n)}).")

    def _interval_words(self) -> str:
        lo, hi = self.interval
        bias = self.params.bias
        inside = "contains" if lo <= bias <= hi else "misses"
        zoom = "Zoom in. " if self.zoom is not None else ""
        before, after = said(self.sd_prior, digits=2), said(self.sd_final, digits=2)
        return (f"{zoom}Next to the flat prior the curve has narrowed: its spread fell from {before} "
                f"to {after}. Its middle 95 percent runs from {said(lo, digits=3)} to {said(hi, digits=3)}, "
                f"and {inside} the true bias, {format_number(bias, digits=6)}.")

    def _ab(self, k: int) -> str:
        return f"{format_number(self.alphas[k], digits=6)}, {format_number(self.betas[k], digits=6)}"

    # -- layout and mobjects -------------------------------------------------------------

    def _build_layout(self):
        layout = self.layout(3, 2, tall=(7, 3))
        self.main_box, self.side_box = layout.main, layout.side
        self._build_population(self.main_box)

    def _build_population(self, box):
        t = self.theme
        labels = [self.text("condition", role="label", color=t.first),
                  self.text("no condition", role="label", color=t.second)]
        gap = 0.15
        # the population fills the box: a rectangle, not a square, so every share keeps its area
        self.pop_w = box.width * 0.94
        self.pop_h = box.height - 2 * (labels[0].height + gap) - 0.1
        self.origin = box.center + np.array([-self.pop_w / 2, -self.pop_h / 2, 0.0])
        self.outline = Polygon(*[self.to_population(u, v) for u, v in ((0, 0), (1, 0), (1, 1), (0, 1))],
                               color=t.muted, stroke_width=2, fill_opacity=0)
        labels[0].next_to(self.outline, UP, buff=gap).align_to(self.outline, LEFT)
        labels[1].next_to(self.outline, UP, buff=gap).align_to(self.outline, RIGHT)
        self.group_labels = VGroup(*labels)
        s = self.test
        p, sens, fpr = s.prevalence, s.sensitivity, s.false_positive_rate
        # (u0, u1, v0, v1) in the unit square: the top of each column tests positive
        self.cells = {"tp": (0, p, 1 - sens, 1), "fn": (0, p, 0, 1 - sens),
                      "fp": (p, 1, 1 - fpr, 1), "tn": (p, 1, 0, 1 - fpr)}
        colours = {"tp": t.first, "fn": t.first, "fp": t.second, "tn": t.second}
        # The condition's column and the two positive pieces keep a hairline edge, so a piece a
        # fraction of a pixel wide (a rare condition, a tiny false-positive rate) is still seen.
        edged = {"tp", "fp"}
        self.pieces = {key: self._rect(*self._cell_corners(*cell), colours[key], edge=key in edged)
                       for key, cell in self.cells.items()}
        self.columns = VGroup(self._rect(*self._cell_corners(0, p, 0, 1), t.first, edge=True),
                              self._rect(*self._cell_corners(p, 1, 0, 1), t.second))

    def to_population(self, u, v) -> np.ndarray:
        """The scene point of ``(u, v)`` in the unit square of the population (drawn as a rectangle)."""
        return self.origin + np.array([u * self.pop_w, v * self.pop_h, 0.0])

    def _cell_corners(self, u0, u1, v0, v1):
        return [self.to_population(u, v) for u, v in ((u0, v0), (u1, v0), (u1, v1), (u0, v1))]

    def _rect(self, a, b, c, d, colour, edge: bool = False) -> Polygon:
        """A filled piece of the picture with corners ``a b c d`` (counter-clockwise from lower left);
        ``edge``: a hairline in its colour, when it has any area (an empty piece draws nothing)."""
        empty = min(np.linalg.norm(b - a), np.linalg.norm(d - a)) < 1e-12
        width = EDGE if edge and not empty else 0
        return Polygon(a, b, c, d, stroke_color=colour, stroke_width=width, fill_color=colour, fill_opacity=0.9)

    def _panel(self, *rows):
        """Side-panel rows, fitted to the side box (at most three at a time)."""
        group = VGroup(*rows)
        return self.fit_rows(group, self.side_box, buff=0.35, columns=1, readable=True)

    # -- beats: the test ------------------------------------------------------------------

    def _show_population(self):
        t, s = self.theme, self.test
        self.columns.set_fill(opacity=0.45)
        self.play(Fade(self.title_mob), Create(self.outline), run_time=1.0)
        self.play(Fade(self.columns), Fade(self.group_labels), run_time=1.0)
        self.panel = self._panel(self.tex(r"P(D)", tex_value(s.prevalence, 6), color=t.first),
                                 self.tex(r"P(\neg D)", tex_value(s.no_condition, 6), color=t.second))
        self.play(Fade(self.panel), run_time=0.8)

    def _show_test(self):
        t, s = self.theme, self.test
        for key in ("tp", "fp"):
            self.pieces[key].set_fill(opacity=0.9)
        for key in ("fn", "tn"):
            self.pieces[key].set_fill(opacity=0.2)
        pieces = VGroup(*self.pieces.values())
        self.play(Fade(self.columns, into=False), Fade(pieces), run_time=1.2)
        rows = self._panel(self.tex(r"P(D)", tex_value(s.prevalence, 6), color=t.first),
                           self.tex(r"P(+ \mid D)", tex_value(s.sensitivity, 6), color=t.first),
                           self.tex(r"P(+ \mid \neg D)", tex_value(s.false_positive_rate, 6), color=t.second))
        self.play(Fade(self.panel, into=False), Fade(rows), run_time=0.8)
        self.panel = rows

    def _show_positive(self):
        t, s = self.theme, self.test
        self.play(Fade(VGroup(self.pieces["fn"], self.pieces["tn"]), into=False), run_time=1.2)
        p, sens, fpr = (format_number(v, digits=6) for v in (s.prevalence, s.sensitivity, s.false_positive_rate))
        q = format_number(s.no_condition, digits=6)
        rows = self._panel(self.tex(rf"{p} \times {sens}", tex_value(s.true_positive), color=t.first),
                           self.tex(rf"{q} \times {fpr}", tex_value(s.false_positive), color=t.second))
        self.play(Fade(self.panel, into=False), Fade(rows), run_time=0.8)
        self.panel = rows

    def _build_bar(self):
        box, post = self.main_box, self.test.posterior
        width, height = box.width * 0.88, min(1.3, box.height * 0.25)
        left = box.center + np.array([-width / 2, -height / 2, 0.0])
        self.bar_left, self.bar_width, self.bar_height = left, width, height

        def corners(a, b):
            return [left + np.array([x, y, 0.0]) for x, y in ((a, 0), (b, 0), (b, height), (a, height))]

        t = self.theme
        tp = self._rect(*corners(0, post * width), t.first, edge=True)
        fp = self._rect(*corners(post * width, width), t.second, edge=True)
        above = self.tex(r"P(D \mid +)", tex_value(post), color=t.first)
        below = self.tex(r"P(\neg D \mid +)", tex_value(self.test.posterior_no_condition), color=t.second)
        above.next_to(tp, UP, buff=0.2).align_to(tp, LEFT)
        below.next_to(fp, DOWN, buff=0.2).align_to(fp, RIGHT)
        return tp, fp, VGroup(above, below)

    def _show_posterior(self):
        t, s = self.theme, self.test
        tp, fp, labels = self._build_bar()
        self.slivers = VGroup(self.pieces["tp"].copy(), self.pieces["fp"].copy())  # as drawn in the population
        self.play(Fade(VGroup(self.outline, self.group_labels), into=False), run_time=0.6)
        self.play(Transform(self.pieces["tp"], tp), Transform(self.pieces["fp"], fp), run_time=1.5)
        self.play(Fade(labels), run_time=0.8)
        tp_text, fp_text = (rounding(v, digits=3)[1] for v in (s.true_positive, s.false_positive))
        rows = self._panel(self.tex(r"P(D \mid +) = \frac{P(D)\,P(+ \mid D)}{P(+)}"),
                           self.tex(rf"= \frac{{{tp_text}}}{{{tp_text} + {fp_text}}}", tex_value(s.posterior),
                                    color=t.text))
        self.play(Fade(self.panel, into=False), Fade(rows), run_time=0.8)
        self.panel, self.bar_labels = rows, labels
        self.bar = VGroup(self.pieces["tp"], self.pieces["fp"])

    # -- beats: the coin ------------------------------------------------------------------

    def _build_axes(self, y_top: float, x_range=(0.0, 1.0, 0.2)) -> VGroup:
        """The density plot: axes (``.y_top`` its height, ``.x_span`` its bias range) and their labels."""
        box = self.main_box
        step_y = nice_step(y_top, 5)
        top = math.ceil(y_top / step_y - 1e-9) * step_y
        x0, x1, step_x = x_range
        cfg = axes_config(self.theme, step_x, step_y, x_range=(x0, x1), y_range=(0, top))
        axes = Axes(x_range=[x0, x1, step_x], y_range=[0, top, step_y], x_length=box.width * 0.8,
                    y_length=box.height * 0.68, **cfg)
        x_label = self.tex(r"\theta", role="label", color=self.theme.muted)
        y_label = self.text("belief (density)", role="small", color=self.theme.muted)
        x_label.next_to(axes.x_axis, RIGHT, buff=0.15)
        y_label.next_to(axes, UP, buff=0.15).align_to(axes, LEFT)
        group = VGroup(axes, x_label, y_label)
        group.move_to(box.center)
        axes.y_top, axes.x_span = top, (x0, x1)
        return VGroup(axes, x_label, y_label)

    def curve_points(self, axes: Axes, values, grid=None) -> np.ndarray:
        """Scene points of a density on the bias grid (or ``grid``), through ``axes``: shape ``(GRID, 3)``."""
        grid = self.grid if grid is None else grid
        return np.array([axes.c2p(x, y) for x, y in zip(grid, values)])

    def _coin_rows(self, k: int):
        t = self.theme
        self.n_row = self.readout_row("n =", self.number(k, decimals=0), r"\quad \text{heads} =",
                                      self.number(int(self.alphas[k] - PRIOR[0]), decimals=0))
        self.beta_row = self.readout_row(r"\mathrm{Beta}(", self.number(self.alphas[k], decimals=0, color=t.estimate),
                                         ",", self.number(self.betas[k], decimals=0, color=t.estimate), ")",
                                         color=t.estimate)
        mean = beta_mean(self.alphas[k], self.betas[k])
        self.mean_row = self.readout_row(r"E[\theta] \approx", self.number(mean, decimals=3, color=t.estimate),
                                         color=t.estimate)
        return self._panel(self.n_row, self.beta_row, self.mean_row)

    def _set_state(self, k: int):
        """Curve and readouts after ``k`` flips: a state the core computed."""
        self.k = k
        self.curve.set_points_as_corners(self.curve_points(self.axes, self.densities[k]))
        self.n_row.set_values(k, self.alphas[k] - PRIOR[0])
        self.beta_row.set_values(self.alphas[k], self.betas[k])
        self.mean_row.set_values(beta_mean(self.alphas[k], self.betas[k]))

    def _show_prior(self):
        t = self.theme
        self.play(Fade(VGroup(self.bar, self.bar_labels, self.panel), into=False), run_time=0.8)
        # First axes tall enough for the prior, the first product and the first posterior: the
        # first flip is seen up close; the "flips" beat widens them to the tallest posterior.
        early = max(1.0, float(self.first_product.max()), float(self.peaks[:2].max()))
        self.plot = self._build_axes(early)
        self.axes = self.plot[0]
        self.curve = VMobject(stroke_color=t.estimate, stroke_width=t.stroke)
        self.curve.set_points_as_corners(self.curve_points(self.axes, self.densities[0]))
        self.play(Create(self.plot), run_time=1.2)
        self.play(Create(self.curve), run_time=1.0)
        rows = self._coin_rows(0)
        self.play(Fade(rows), run_time=0.8)
        self.panel = rows

    def _build_truth(self, plot: VGroup, grid) -> VGroup:
        """The true bias as a dashed line on ``plot``, labelled clear of the final curve (drawn on ``grid``)."""
        t, bias, axes = self.theme, self.params.bias, plot[0]
        line = DashedLine(axes.c2p(bias, 0), axes.c2p(bias, axes.y_top), color=t.truth, stroke_width=t.stroke * 0.6)
        label = self.tex(rf"\theta = {format_number(bias, digits=6)}", role="small", color=t.truth)
        top = line.get_end()
        final = self.curve_points(axes, beta_pdf(grid, self.alphas[-1], self.betas[-1]), grid)
        candidates = [beside(label, top, UP, 0.1), beside(label, top, RIGHT, 0.12), beside(label, top, LEFT, 0.12),
                      beside(label, top + 0.6 * DOWN, RIGHT, 0.12), beside(label, top + 0.6 * DOWN, LEFT, 0.12)]
        place_label(label, candidates, avoid=[plot[1], plot[2], *axes.y_axis.numbers], points=final, clearance=0.08)
        return VGroup(line, label)

    def _show_first_flip(self):
        t = self.theme
        heads = int(self.flip_values[0])
        like = self.curve.copy().set_stroke(color=t.highlight, width=t.stroke * 0.8)
        like.set_points_as_corners(self.curve_points(self.axes, self.first_product))
        # the likelihood's name beside the product's highest end: theta peaks at 1, 1 - theta at 0
        factor = self.tex(r"\times\,\theta" if heads else r"\times\,(1-\theta)", role="label", color=t.highlight)
        end = float(heads)
        factor.move_to(beside(factor, self.axes.c2p(end, float(self.first_product[-1 if heads else 0])),
                              UP + (LEFT if heads else RIGHT) * 0.6, gap=0.15))
        self.wait(1.0)
        self.play(Transform(self.curve, like), Fade(factor), run_time=1.5)
        self.wait(0.8)
        self.play(self.curve.animate.set_stroke(color=t.estimate, width=t.stroke)
                  .set_points_as_corners(self.curve_points(self.axes, self.densities[1])),
                  Fade(factor, into=False), run_time=1.5)
        self.n_row.set_values(1, heads)
        self.beta_row.set_values(self.alphas[1], self.betas[1])
        self.mean_row.set_values(beta_mean(self.alphas[1], self.betas[1]))
        self.k = 1

    def _show_flips(self):
        n = self.params.flips
        full = max(float(self.peaks.max()), 1.0)
        if full > self.axes.y_top + 1e-9:  # widen the axes to the tallest posterior to come
            plot = self._build_axes(full)
            target = self.curve.copy().set_points_as_corners(self.curve_points(plot[0], self.densities[1]))
            self.play(ReplacementTransform(self.plot, plot), Transform(self.curve, target), run_time=1.2)
            self.plot, self.axes = plot, plot[0]
        self.truth = self._build_truth(self.plot, self.grid)
        self.play(Create(self.truth), run_time=0.8)
        if n > 1:
            k = ValueTracker(1)
            driver = VGroup(self.curve, self.panel)
            driver.add_updater(lambda _: self._set_state(int(min(n, math.floor(k.get_value() + 1e-9)))))
            self.add(driver)
            self.play(k.animate.set_value(n), run_time=min(8.0, 2.0 + 0.1 * n), rate_func=linear)
            driver.clear_updaters()
            self.remove(k)
            self._set_state(n)

    def _zoom_window(self):
        """``(x0, x1, step)``: the bias range to zoom to, when the final curve fills too little of [0, 1]
        (its middle 99.9 % and the true bias, widened to whole ticks); ``None`` when it fills enough."""
        lo, hi = beta_interval(self.alphas[-1], self.betas[-1], 0.999)
        lo, hi = min(lo, self.params.bias), max(hi, self.params.bias)
        if hi - lo >= ZOOM_BELOW:
            return None
        step = nice_step(1.2 * (hi - lo), 5)
        x0 = max(0.0, math.floor((lo - 0.1 * (hi - lo)) / step) * step)
        x1 = min(1.0, math.ceil((hi + 0.1 * (hi - lo)) / step) * step)
        return (x0, x1, step) if x1 - x0 < ZOOM_BELOW * 1.5 else None

    def _show_zoom(self, window):
        x0, x1, _ = window
        self.grid = np.linspace(x0, x1, GRID)
        plot = self._build_axes(self.axes.y_top, window)
        curve = self.curve.copy().set_points_as_corners(
            self.curve_points(plot[0], beta_pdf(self.grid, self.alphas[-1], self.betas[-1])))
        truth = self._build_truth(plot, self.grid)
        self.play(ReplacementTransform(self.plot, plot), Transform(self.curve, curve),
                  ReplacementTransform(self.truth, truth), run_time=1.5)
        self.plot, self.axes, self.truth = plot, plot[0], truth

    def _show_interval(self):
        t = self.theme
        if self.zoom is not None:
            self._show_zoom(self.zoom)
        lo, hi = self.interval
        inside = (self.grid >= lo) & (self.grid <= hi)
        xs = np.concatenate([[lo], self.grid[inside], [hi]])
        a, b = self.alphas[-1], self.betas[-1]
        top = beta_pdf(xs, a, b)
        points = [self.axes.c2p(x, y) for x, y in zip(xs, top)] + [self.axes.c2p(hi, 0), self.axes.c2p(lo, 0)]
        self.region = Polygon(*points, stroke_width=0, fill_color=t.region, fill_opacity=0.45)
        lo_text, hi_text = rounding(lo, digits=3)[1], rounding(hi, digits=3)[1]
        rows = self._panel(self.plain_tex(r"middle 95\,\% of the belief:", color=t.region),
                           self.tex(rf"\approx [{lo_text},\ {hi_text}]", color=t.region),
                           self.tex(rf"\text{{true bias}}\ \theta = {format_number(self.params.bias, digits=6)}",
                                    color=t.truth))
        self.play(Fade(self.region), run_time=1.0)
        self.bring_to_back(self.region)
        self.play(Fade(self.panel, into=False), Fade(rows), run_time=0.8)
        self.panel = rows
