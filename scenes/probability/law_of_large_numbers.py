"""The law of large numbers: running means of many runs settle on the expected value.

Render with its defaults, as plain manim::

    manim -ql scenes/probability/law_of_large_numbers.py LawOfLargeNumbers

Speed: each run is one ``VMobject`` whose corners are reset in place every
frame from a precomputed array. Only about ``PATH_POINTS`` repetition counts
per run are drawn, log-spaced (a logarithmic axis at 480p has a few hundred
pixel columns), plus the exact current count at the tip; every drawn corner
sits on the core's running mean at that count.
"""

from __future__ import annotations

import math
from fractions import Fraction

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
    Line,
    MathTex,
    Rectangle,
    Transform,
    RoundedRectangle,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
)

from mathviz.core.probability import (
    band_coverage,
    count_inside,
    cumulative_counts,
    exact_running_means,
    experiment_mean,
    frequency_after_streak,
    get_distribution,
    largest_deviation,
    log_spaced_indices,
    mean_envelope,
    outcome_share,
    running_mean,
    runs_leaving_band,
    sample_draws,
    standard_deviation,
)
from mathviz.kit import decimals_for, Fade, format_number, log_axes, MathvizScene, nice_step
from scenes.probability.specs import LawOfLargeNumbersParams

PATH_POINTS = 400  # drawn corners per run, log-spaced in n
BAND_POINTS = 200
STREAK = 5  # losses in a row before we ask whether a win is "due"
SHORT = {"digits": 4, "grouping": True}  # numbers told, not read off: 3.5, 1.708, 12,345
FIRST_N = 10  # the first draws, shown one by one; the growth pauses here

WORDS = {
    "coin": {"one": "toss", "many": "tosses", "start": "Toss a fair coin, heads 1 and tails 0,",
             "parts": "heads and tails each turn up about half the time"},
    "die": {"one": "roll", "many": "rolls", "start": "Roll a fair die",
            "parts": "each face turns up about one time in six"},
    "dice-game": {"one": "round", "many": "rounds",
                  "start": "Play a dice game that pays 100 on a 5 or 6 and costs 200 otherwise,",
                  "parts": "wins settle at one round in three"},
}


def merged(dashed: VMobject) -> VMobject:
    """A dashed line as one path of many subpaths: drawn in one go, not dash by dash each frame."""
    line = VMobject(stroke_color=dashed.get_stroke_color(), stroke_width=dashed.get_stroke_width())
    line.points = np.concatenate([dash.points for dash in dashed.family_members_with_points()])
    return line


def _faces(faces: list[int]) -> str:
    """``[5, 6]`` -> ``"5 or 6"``, ``[1, 2, 3, 4]`` -> ``"1 to 4"`` (runs of consecutive faces)."""
    if len(faces) <= 2:
        return " or ".join(map(str, faces))
    return f"{faces[0]} to {faces[-1]}"


def value_range(values) -> tuple[float, float]:
    """A plot's y range: every outcome, widened to whole tick steps (ticks match labels)."""
    lo, hi = float(np.min(values)), float(np.max(values))
    for _ in range(3):
        step = nice_step(hi - lo, 4)
        lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    return lo, hi


def exact_tex(value) -> str:
    """A fraction as TeX: ``4``, ``3.4`` (a short terminating decimal is exact), else ``\\approx 3.667``."""
    text = format_number(float(value), 6, trim=True, grouping=True)
    if Fraction(text.replace(",", "")) == value:
        return format_number(float(value), 6, trim=True, grouping=True, style="tex")
    return r"\approx " + format_number(float(value), style="tex", **SHORT)


def relation(value: float, text: str) -> str:
    """``=`` when ``text`` (ascii, as format_number writes it) is exactly ``value``, else ``\\approx``."""
    return "=" if float(text.replace(",", "")) == value else r"\approx"


class RunPlot:
    """A plot of running means against ``n`` on a log axis: axes, labels, the dashed expected
    value, one path per run (run 0, the one followed, on top in the attention colour)."""

    def __init__(self, scene: "LawOfLargeNumbers", box, means, mu: float, values, many: str, mean_tex: str,
                 y_text: str = "average so far"):
        self.scene, self.means, self.mu = scene, means, mu
        self.n = means.shape[1]
        self.y_low, self.y_high = value_range(values)
        self.x_decades = max(1, math.ceil(math.log10(self.n) - 1e-12))
        t = scene.theme
        shrink = 1.0
        for _ in range(4):  # smaller axes, not smaller text: the labels keep their size
            group = self._build_at(box, shrink, many, mean_tex, y_text)
            scale = scene.fit_scale(group, box)
            if scale > 0.999:
                break
            shrink *= scale * 0.98
        scene.fit(group, box, readable=True)
        self.frame = group  # axes and labels
        self.mean_line = merged(DashedLine(self.to_scene(1, mu), self.to_scene(10 ** self.x_decades, mu),
                                           color=t.truth, stroke_width=t.stroke * 0.7))
        self.path_n = log_spaced_indices(self.n, PATH_POINTS)
        self.run_points = self.to_scene(self.path_n[None, :], means[:, self.path_n - 1])
        self.paths = [VMobject(stroke_color=t.estimate, stroke_width=max(1.5, t.stroke * 0.45), stroke_opacity=0.6)
                      for _ in range(means.shape[0])]
        self.paths[0].set_stroke(color=t.highlight, width=t.stroke * 0.6, opacity=1.0)
        self.runs = VGroup(*self.paths[1:], self.paths[0])  # the followed run on top
        self.draw(1)

    def _build_at(self, box, shrink: float, many: str, mean_tex: str, y_text: str):
        t, scene = self.scene.theme, self.scene
        axes, _ = log_axes(t, (0, self.x_decades), (self.y_low, self.y_high), box.width * 0.8 * shrink,
                           box.height * 0.8 * shrink, log_y=False, font_scale=1.0)
        x_label = scene.plain_tex(rf"number of {many}, $n$", role="small", color=t.muted)
        y_label = scene.plain_tex(y_text, role="small", color=t.muted)
        mean_label = scene.tex(mean_tex, role="small", color=t.truth)
        x_label.next_to(axes, DOWN, buff=0.12)
        y_label.next_to(axes, UP, buff=0.12).align_to(axes, LEFT)
        self.axes, self.mean_label = axes, mean_label
        mean_label.next_to(self.to_scene(10 ** self.x_decades, self.mu), RIGHT, buff=0.12)
        return VGroup(axes, x_label, y_label, mean_label)

    def to_scene(self, n, y) -> np.ndarray:
        """Scene points of data ``(n, y)``; broadcasts, shape ``(..., 3)``."""
        origin = self.axes.c2p(0, 0)
        ex, ey = self.axes.c2p(1, 0) - origin, self.axes.c2p(0, 1) - origin
        u = np.log10(np.asarray(n, dtype=float))[..., None]
        v = (np.asarray(y, dtype=float) - self.y_low)[..., None]
        return origin + u * ex + v * ey

    def draw(self, k: int, first_at: int | None = None):
        """Every run's path up to ``k`` repetitions (run 0 up to ``first_at`` when given)."""
        for run, path in enumerate(self.paths):
            path.set_points_as_corners(self.corners(run, first_at if run == 0 and first_at else k))

    def corners(self, run: int, k: int) -> np.ndarray:
        """The log-spaced corners of one run below ``k``, then ``k`` itself."""
        m = int(np.searchsorted(self.path_n, k, side="right"))
        corners = self.run_points[run, :m]
        if self.path_n[m - 1] != k:
            corners = np.concatenate([corners, self.to_scene(k, self.means[run, k - 1])[None, :]])
        if len(corners) == 1:
            corners = np.repeat(corners, 2, axis=0)
        return corners


class LawOfLargeNumbers(MathvizScene):
    Params = LawOfLargeNumbersParams
    title = "The law of large numbers"

    def construct(self):
        p, w = self.params, WORDS[self.params.distribution]
        self._compute()
        self._build_layout()
        mu, n = format_number(self.mu, style="text", **SHORT), format_number(p.n, 0, grouping=True, style="text")

        self.beat("experiment", f"{w['start']} over and over, and after each {w['one']} note the average "
                                f"so far. The dashed line marks the expected value, {mu}: each "
                                "outcome weighted by its probability.")
        self._show_experiment()
        self.beat("first-draws", self._first_draws_narration())
        self._show_first_draws()
        self.beat("many-draws", f"Keep going, up to {n}. Each step right on this axis is ten times more "
                                f"{w['many']}. The averages close in on {mu}, and {w['parts']}.")
        self._show_growth(p.n, run_time=7.0)
        self._show_rescale()
        self.hold_for_reading(at_least=1.0)
        z, coverage = format_number(p.z, digits=3, style="text"), format_number(100 * self.coverage, 0, style="text")
        self.beat("band", f"How close? The average of n {w['many']} wobbles by about sigma over root n. The band "
                          f"spans {z} of those either side: at n = {n} it holds {self.inside} of "
                          f"{p.runs}; theory expects about {coverage} percent.")
        self._show_band()
        self.beat("outside", self._outside_narration())
        self._show_outside()
        self.beat("dice-game", self._game_narration())
        self._show_game()
        self.beat("no-memory", self._streak_narration())
        self._show_streak()

    def _first_draws_narration(self) -> str:
        """The spread after the first draws, in the core's numbers (means of ten whole scores are
        exact at one decimal)."""
        p, many = self.params, WORDS[self.params.distribution]["many"]
        at = self.means[:, FIRST_N - 1]
        lo, hi = (format_number(v, 1, trim=True, style="text") for v in (at.min(), at.max()))
        stack = f"The highlighted run's {FIRST_N} outcomes stack into its histogram."
        if p.runs == 1:
            return f"Here is that one run. After {FIRST_N} {many} its average is {lo}. {stack}"
        return (f"Here are {p.runs - 1} more independent runs beside it. After {FIRST_N} {many} their averages "
                f"still range from {lo} to {hi}. {stack}")

    # -- numbers, all from the core --------------------------------------------------------

    def _compute(self):
        p = self.params
        self.dist = get_distribution(p.distribution)
        self.draws = sample_draws(p.distribution, p.n, p.runs, p.seed)
        self.means = running_mean(self.draws)
        self.mu, self.sigma = experiment_mean(p.distribution), standard_deviation(p.distribution)
        self.first_means = exact_running_means(self.draws[0], FIRST_N)
        # The histogram follows one run (the highlighted one): pooled over all runs it would look
        # flat almost at once and hide the point.
        self.counts = cumulative_counts(self.draws[:1], self.dist.values)
        self.frequencies = self.counts / np.arange(1, p.n + 1)[:, None]
        self.deviation = largest_deviation(self.means, self.mu)
        self.band_n = log_spaced_indices(p.n, BAND_POINTS)
        self.band_low, self.band_high = mean_envelope(self.mu, self.sigma, self.band_n, p.z)
        low_n, high_n = mean_envelope(self.mu, self.sigma, p.n, p.z)
        self.half_width = float(high_n - self.mu)
        self.inside = count_inside(self.means[:, -1], low_n, high_n)
        self.coverage = band_coverage(p.z)
        self.leaving = runs_leaving_band(self.means, self.mu, self.sigma, p.z, start=FIRST_N)
        self.game = sample_draws("dice-game", p.n, p.runs, p.seed)
        self.game_means = running_mean(self.game)
        self.game_mean = float(running_mean(self.game.ravel())[-1])
        self.game_mu = experiment_mean("dice-game")
        scores = get_distribution("dice-game").scores
        self.win_share = outcome_share(self.game, max(scores))
        self.streak_share, self.streaks = frequency_after_streak(self.game, min(scores), STREAK, max(scores))

    # -- layout and mobjects -------------------------------------------------------------

    def _build_layout(self):
        layout = self.layout(3, 2, square=(3, 2), tall=(6, 5))
        hist, info = layout.side_parts((1, 1) if layout.shape == "square" else (4, 3), gap=0.25)
        self.main_box, self.side_box, self.hist_box, self.info_box = layout.main, layout.side, hist, info
        w = WORDS[self.params.distribution]
        self.plot = RunPlot(self, self.main_box, self.means, self.mu, self.dist.values, w["many"], "E[X]")
        # the names the tests and the beats use
        self.axes, self.y_low, self.y_high = self.plot.axes, self.plot.y_low, self.plot.y_high
        self.mean_line, self.mean_label, self.run_paths = self.plot.mean_line, self.plot.mean_label, self.plot.paths
        self.runs = self.plot.runs
        # The histogram's axis is chosen for the shares it shows: from the tenth draw on while the
        # runs grow, then rescaled to the last shares once they have settled.
        self.histogram, self.hist_axes, self.prob_marks = self._build_histogram(self.hist_box, FIRST_N)
        self.histogram_final, self.hist_axes_final, self.prob_marks_final = self._build_histogram(
            self.hist_box, self.params.n)
        self._build_bars()
        self.info = self._build_info(self.info_box)
        self.tiles = self._build_tiles(self.hist_box)

    def _build_tiles(self, box):
        """The first draws of the followed run, one tile each (a die face, a coin side, a score)."""
        t = self.theme
        labels = {v: lab for v, lab in zip(self.dist.values, self.dist.labels)}
        size = 0.62
        tiles = VGroup()
        for x in self.draws[0, :FIRST_N]:
            text = format_number(x, 0, style="tex") if self.dist.name == "dice-game" else rf"\text{{{labels[x]}}}"
            face = self.tex(text, role="label", color=t.highlight)
            tile = RoundedRectangle(corner_radius=0.08, width=max(size, face.width + 0.25), height=size,
                                    stroke_color=t.highlight, stroke_width=2.5, fill_opacity=0)
            face.move_to(tile)
            tiles.add(VGroup(tile, face))
        tiles.arrange_in_grid(rows=2, buff=0.15)
        caption = self.plain_tex(f"the first {FIRST_N} {WORDS[self.params.distribution]['many']}", role="small",
                                 color=t.highlight)
        group = VGroup(caption, tiles).arrange(DOWN, buff=0.3)
        self.fit(group, box)
        self.tile_caption = caption
        return tiles

    def _mean_row(self, k: int):
        """``x̄_k = s / k = value``: the followed run's mean after ``k`` draws, exact."""
        t, mean = self.theme, self.first_means[k - 1]
        total = format_number(float(mean * k), 0, style="tex")
        value = exact_tex(mean)
        relation = "" if value.startswith(r"\approx") else "= "
        row = self.tex(rf"\bar{{x}}_{{{k}}} = \frac{{{total}}}{{{k}}} {relation}{value}", role="label",
                       color=t.highlight)
        row.move_to(self.info_box.center)
        if row.width > self.info_box.width - 0.2:
            row.scale_to_fit_width(self.info_box.width - 0.2)
        return row

    def _hist_top(self, start: int) -> float:
        """The histogram's top from the data it will show: the shares from ``start`` draws on and
        the probabilities, a little above the largest, at a whole tick step."""
        top = 1.08 * float(max(self.frequencies[start - 1:].max(), self.dist.probabilities.max()))
        step = nice_step(top, 5)
        return math.ceil(top / step - 1e-9) * step, step

    def _build_histogram(self, box, start: int):
        """The followed run's histogram frame (axes, outcome names, caption) and its dashed
        probabilities, for the shares from ``start`` draws on; returns ``(frame, axes, marks)``."""
        t = self.theme
        values, probs = self.dist.values, self.dist.probabilities
        top, step = self._hist_top(start)
        axes = Axes(x_range=[0, len(values), 1], y_range=[0, top, step], x_length=box.width * 0.8,
                    y_length=box.height * 0.62, tips=False,
                    axis_config={"color": t.axis, "stroke_width": 2},
                    x_axis_config={"include_ticks": False})
        places = decimals_for(step)
        size = self.theme.font_size("small") * 1.0
        every = max(1, math.ceil(0.42 / (box.height * 0.62 * step / top)))  # labels kept apart
        axes.y_axis.add_labels({v: MathTex(format_number(v, places, trim=True, style="tex"), font_size=size,
                                           color=t.muted)
                                for v in np.arange(step * every, top + 1e-9, step * every)}, font_size=size)
        labels = VGroup(*[self.plain_tex(text.replace("-", "$-$"), role="small", color=t.muted)
                          .next_to(axes.c2p(j + 0.5, 0), DOWN, buff=0.12) for j, text in enumerate(self.dist.labels)])
        words = ("share of each outcome,", "highlighted run")
        caption = (VGroup(*[self.plain_tex(w, role="small", color=t.highlight) for w in words]).arrange(DOWN, buff=0.08)
                   if self.shape == "square" else self.plain_tex(" ".join(words), role="small", color=t.highlight))
        caption.next_to(axes, UP, buff=0.15)
        # Each distinct probability is written once, right of the bars, at its height.
        exact = self.dist.exact_probabilities
        prob_labels = VGroup(*[self.tex(rf"\tfrac{{{q.numerator}}}{{{q.denominator}}}", role="small", color=t.truth)
                               .next_to(axes.c2p(len(values), float(q)), RIGHT, buff=0.1)
                               for q in sorted(set(exact))])
        self.fit(VGroup(axes, labels, caption, prob_labels), box)
        marks = VGroup(*[merged(DashedLine(axes.c2p(j + 0.05, q), axes.c2p(j + 0.95, q), color=t.truth,
                                           stroke_width=t.stroke * 0.6)) for j, q in enumerate(probs)], prob_labels)
        return VGroup(axes, labels, caption), axes, marks

    def _build_bars(self):
        t = self.theme
        self.bars = VGroup(*[VMobject(fill_color=t.highlight, fill_opacity=0.55, stroke_color=t.highlight,
                                      stroke_width=1.5) for _ in self.dist.values])
        self._draw_bars(self.bars, FIRST_N)

    def _draw_bars(self, bars, k: int):
        for j, (bar, share) in enumerate(zip(bars, self.frequencies[k - 1])):
            a, b = j + 0.15, j + 0.85
            c2p = self.hist_axes.c2p
            bar.set_points_as_corners([c2p(a, 0), c2p(b, 0), c2p(b, share), c2p(a, share), c2p(a, 0)])

    def _build_info(self, box):
        t, p = self.theme, self.params
        self.dev_places = max(0, min(4, 3 - math.floor(math.log10(self.sigma))))
        self.n_value = self.number(FIRST_N, decimals=0, grouping=True, widest=p.n)
        self.dev_value = self.number(self.deviation[FIRST_N - 1], decimals=self.dev_places,
                                     widest=self.deviation.max(), color=t.estimate)
        self.n_row = self.readout_row("n =", self.n_value)
        sigma = relation(self.sigma, format_number(self.sigma, **SHORT))  # sqrt(35/12) is rounded
        moments = self.readout_row((r"E[X] =", t.truth), self.number(self.mu, color=t.truth, **SHORT),
                                   rf"\quad \sigma {sigma}", self.number(self.sigma, **SHORT))
        # a running mean's distance from E[X], rounded to steady places: it says so
        self.dev_row = self.readout_row(r"\text{farthest run from } E[X] \approx", self.dev_value)
        mu = format_number(self.mu, style="tex", **SHORT)
        z, half = (format_number(x, digits=3, style="tex") for x in (p.z, self.half_width))
        near = relation(self.half_width, format_number(self.half_width, digits=3))
        self.band_row = self.tex(rf"E[X] \pm {z}\,\frac{{\sigma}}{{\sqrt{{n}}}} {near} {mu} \pm {half}", role="label",
                                 color=t.region)
        n = format_number(p.n, 0, grouping=True, style="tex")
        self.inside_row = self.tex(rf"\text{{inside at }} n = {n}\text{{: {self.inside} of {p.runs} runs}}",
                                   role="label", color=t.region)
        leaving = int(self.leaving.sum())
        self.leaving_row = self.tex(rf"\text{{outside at some }} n \ge {FIRST_N}\text{{: {leaving} of {p.runs}}}",
                                    role="label", color=t.estimate)
        rows = VGroup(self.n_row, moments, self.dev_row)
        self.fit_rows(rows, box, buff=0.22, columns=1)
        # The band's rows replace the first three: three lines at a time.
        self.fit_rows(VGroup(self.band_row, self.inside_row, self.leaving_row), box, buff=0.22, columns=1)
        return rows

    def _build_band(self):
        t = self.theme
        lo = np.clip(self.band_low, self.y_low, self.y_high)
        hi = np.clip(self.band_high, self.y_low, self.y_high)
        upper, lower = self.plot.to_scene(self.band_n, hi), self.plot.to_scene(self.band_n, lo)
        fill = VMobject(fill_color=t.region, fill_opacity=0.22, stroke_width=0)
        fill.set_points_as_corners(np.concatenate([upper, lower[::-1], upper[:1]]))
        # The edges only where the envelope lies inside the plot (clipped parts would trace its frame).
        edges = VGroup()
        for values in (self.band_high, self.band_low):
            keep = (values >= self.y_low) & (values <= self.y_high)
            if keep.sum() >= 2:
                edge = VMobject(stroke_color=t.region, stroke_width=t.stroke * 0.6)
                edge.set_points_as_corners(self.plot.to_scene(self.band_n[keep], values[keep]))
                edges.add(edge)
        self.band_fill, self.band_edges = fill, edges
        return VGroup(fill, edges)

    def _build_game(self):
        """The game's own plot (its running means, settling on E[W]) and its three panel lines."""
        t = self.theme
        game = get_distribution("dice-game")
        self.game_plot = RunPlot(self, self.main_box, self.game_means, self.game_mu, game.values, "rounds", "E[W]",
                                 "average winnings so far")
        wins = [face + 1 for face, s in enumerate(game.scores) if s > 0]
        losses = [face + 1 for face, s in enumerate(game.scores) if s < 0]
        rule = self.plain_tex(f"roll {_faces(wins)}: win {max(game.scores)}; "
                              f"roll {_faces(losses)}: lose {-min(game.scores)}", role="label")
        values = [format_number(v, digits=6, style="tex") for v in game.values]
        terms = " + ".join(rf"\frac{{{q.numerator}}}{{{q.denominator}}}\cdot" + (f"({v})" if v.startswith("-") else v)
                           for q, v in zip(game.exact_probabilities, values))
        formula = self.tex(rf"E[W] = {terms} = {format_number(self.game_mu, style='tex', **SHORT)}", role="label",
                           color=t.truth)
        self.game_n_value = self.number(1, decimals=0, grouping=True, widest=self.params.n)
        self.game_n_row = self.readout_row(r"\text{rounds per run: } n =", self.game_n_value)
        rounds = format_number(self.params.n * self.params.runs, 0, grouping=True, style="tex")
        # the average of every simulated round, exact when its decimal is short, else rounded and said so
        average = exact_tex(Fraction(int(self.game.sum()), self.game.size))
        self.game_simulated = self.tex(rf"\text{{all {rounds} rounds: }} "
                                       rf"{average}\text{{ per round}}", role="label", color=t.estimate)
        self.game_formula = formula
        # the last line is the live count, then the simulated average in its place: three lines
        self.game_simulated.move_to(self.game_n_row, aligned_edge=LEFT)
        self.game_rows = VGroup(rule, formula, VGroup(self.game_n_row, self.game_simulated))
        self.fit_rows(self.game_rows, self.side_box, buff=0.3, columns=1)
        return self.game_rows

    def _build_streak_bars(self):
        """Share of wins over all rounds against right after a losing streak: bars, 1/3 dashed."""
        t = self.theme
        shares = [self.win_share, self.streak_share if self.streaks else 0.0]
        top = 1.2 * max(max(shares), 1 / 3)
        step = nice_step(top, 3)
        top = math.ceil(top / step - 1e-9) * step
        box = self.side_box
        square = self.shape == "square"  # the panel is a low strip there
        axes = Axes(x_range=[0, 2, 1], y_range=[0, top, step], x_length=3.6 if square else 4.2,
                    y_length=1.15 if square else 2.6, tips=False,
                    axis_config={"color": t.axis, "stroke_width": 2}, x_axis_config={"include_ticks": False})
        size = t.font_size("small")
        places = decimals_for(step)
        axes.y_axis.add_labels({v: MathTex(format_number(v, places, trim=True, style="tex"), font_size=size,
                                           color=t.muted)
                                for v in np.arange(step, top + 1e-9, step)}, font_size=size)
        count = format_number(self.streaks, 0, grouping=True, style="tex")
        names = VGroup()
        bars, values = VGroup(), VGroup()
        for j, (share, colour) in enumerate(zip(shares, (t.first, t.second))):
            bar = Rectangle(width=0.6 * axes.x_axis.get_unit_size(),
                            height=max(share * axes.y_axis.get_unit_size(), 1e-3),
                            fill_color=colour, fill_opacity=0.6, stroke_color=colour, stroke_width=1.5)
            bar.move_to(axes.c2p(j + 0.5, 0), aligned_edge=DOWN)
            bars.add(bar)
            shown = (rf"\approx {format_number(100 * share, 1, style='tex')}\%" if j == 0 or self.streaks
                     else r"\text{none}")
            name = self.plain_tex("all rounds" if j == 0 else f"after {STREAK} losses", role="small", color=colour)
            value = self.tex(shown, role="small", color=colour)
            names.add(VGroup(name, value).arrange(DOWN, buff=0.1).next_to(axes.c2p(j + 0.5, 0), DOWN, buff=0.12))
            values.add(value)
        third = merged(DashedLine(axes.c2p(0, 1 / 3), axes.c2p(2, 1 / 3), color=t.truth, stroke_width=t.stroke * 0.6))
        third_label = self.tex(r"\tfrac{1}{3}", role="small", color=t.truth).next_to(axes.c2p(2, 1 / 3), RIGHT, 0.1)
        caption = self.plain_tex("share of rounds won", role="small").next_to(axes, UP, buff=0.2)
        streaks = self.tex(rf"\text{{{count} streaks of {STREAK} losses}}", role="small", color=t.muted)
        moral = VGroup(*[self.plain_tex(w, role="label") for w in
                         (("a losing streak is diluted,", "not repaid") if square
                          else ("a losing streak is diluted, not repaid",))]).arrange(DOWN, buff=0.1)
        chart = VGroup(axes, bars, values, names, third, third_label, caption)
        if square:  # the panel is a low strip: the words beside the chart
            self.streak_chart = VGroup(chart, VGroup(streaks, moral).arrange(DOWN, buff=0.3)).arrange(RIGHT, buff=0.6)
        else:
            self.streak_chart = VGroup(chart, streaks, moral).arrange(DOWN, buff=0.3)
        self.fit(self.streak_chart, box)
        self.streak_bars, self.streak_values, self.streak_axes = bars, values, axes
        self.streak_moral, self.streak_count = moral, streaks
        return self.streak_chart

    # -- narration that depends on the numbers ---------------------------------------------

    def _outside_narration(self) -> str:
        p, w = self.params, WORDS[self.params.distribution]
        coverage = format_number(100 * self.coverage, 0, style="text")
        leaving = int(self.leaving.sum())
        if leaving == 0:
            seen = f"Here no run leaves it after {FIRST_N} {w['many']}, but with more runs some would."
        elif p.runs == 1:
            seen = f"Here the one run steps outside it somewhere after {FIRST_N} {w['many']}."
        else:
            seen = (f"Here {leaving} of the {p.runs} runs step outside it somewhere after {FIRST_N} {w['many']}, "
                    "and they are drawn bright.")
        return (f"The band holds about {coverage} percent of runs at any one n, not every run at every n. "
                f"{seen}")

    def _game_narration(self) -> str:
        same = {"die": "Now score rolls as a game", "coin": "Now roll a die for a game",
                "dice-game": "Here is the game again"}[self.params.distribution]
        return (f"{same}: a 5 or 6 wins 100, anything else loses 200. A round is worth a third of 100 plus two "
                f"thirds of minus 200: {format_number(self.game_mu, style='text', **SHORT)} on average. The "
                f"running means of the winnings close in on it; all rounds together averaged "
                f"about {format_number(self.game_mean, style='text', **SHORT)}.")

    def _streak_narration(self) -> str:
        if not self.streaks:
            return (f"Is a win due after a losing streak? No streak of {STREAK} losses happened here, but the "
                    "answer is no anyway: the die has no memory. Bad luck is not repaid, only diluted.")
        share = format_number(100 * self.streak_share, 0, style="text")
        if abs(self.streak_share - 1 / 3) <= 0.03:
            usual = "the usual one in three"
        else:
            usual = (f"and with only {format_number(self.streaks, 0, grouping=True, style='text')} streaks that gap "
                     "from one in three is chance: the die has no memory")
        return (f"Is a win due after a losing streak? No: right after {STREAK} losses in a row, the next round "
                f"was won about {share} percent of the time, {usual}. Bad luck is not repaid, only diluted.")

    # -- beats ---------------------------------------------------------------------------

    def _show_experiment(self):
        """The axes, then the followed run's first draws landing one by one, its mean drawn from them."""
        t = self.theme
        self.play(Fade(self.title_mob), Create(self.plot.frame), run_time=1.2)
        self.play(Create(self.mean_line), Fade(self.mean_label), Fade(self.tile_caption), run_time=0.8)
        path = self.run_paths[0]
        dot = Dot(self.plot.to_scene(1, self.means[0, 0]), radius=0.07, color=t.highlight)
        row = None
        for k in range(1, FIRST_N + 1):
            tip = self.plot.to_scene(k, self.means[0, k - 1])
            new_row = self._mean_row(k)
            animations = [FadeIn(self.tiles[k - 1], shift=0.3 * DOWN), FadeIn(new_row)]
            if row is not None:
                animations.append(Fade(row, into=False))
            if k == 1:
                animations.append(FadeIn(dot))
            else:
                segment = Line(self.plot.to_scene(k - 1, self.means[0, k - 2]), tip, color=t.highlight,
                               stroke_width=path.get_stroke_width())
                animations += [Create(segment), dot.animate.move_to(tip)]
            self.play(*animations, run_time=0.8 if k <= 3 else 0.6)
            if k > 1:
                self.remove(segment)
            self.plot.draw(k, first_at=k)
            if k == 1:
                self.add(path)
            row = new_row
        self.add(path, dot)
        self.first_dot, self.first_row = dot, row

    def _show_first_draws(self):
        """The tiles stack into the histogram; the other runs grow to the same n."""
        c2p = self.hist_axes.c2p
        heights = {v: 0 for v in self.dist.values}
        moves = []
        for x, tile in zip(self.draws[0, :FIRST_N], self.tiles):
            j = int(np.searchsorted(self.dist.values, x))
            low, high = heights[x] / FIRST_N, (heights[x] + 1) / FIRST_N
            heights[x] += 1
            target = Rectangle(width=abs(c2p(j + 0.85, 0)[0] - c2p(j + 0.15, 0)[0]),
                               height=abs(c2p(0, high)[1] - c2p(0, low)[1])).move_to(
                (c2p(j + 0.15, low) + c2p(j + 0.85, high)) / 2)
            moves.append(tile.animate.stretch_to_fit_width(target.width).stretch_to_fit_height(target.height)
                         .move_to(target))
        self.play(Fade(self.histogram), Fade(self.prob_marks), Fade(self.tile_caption, into=False), *moves,
                  Fade(self.first_row, into=False), run_time=1.6)
        self.play(Fade(self.bars), Fade(self.tiles, into=False), Fade(self.first_dot, into=False), run_time=0.8)
        # the other runs grow from their first draw to the tenth beside the followed one
        self._growth_driver()
        self._grow(1, FIRST_N, run_time=2.4, first_at=FIRST_N)
        self.play(Fade(self.info), run_time=0.8)
        # The counters move with the runs from here on; adding the driver again takes them out of
        # the info panel's group in the scene, so each is drawn once.
        self.driver.add(self.n_value, self.dev_value)
        self.add(self.driver)

    def _growth_driver(self):
        # One updater drives every moving part. Its group goes last in the scene, so manim's
        # static-frame cache keeps the axes and labels out of the per-frame work.
        self.remove(self.runs, self.bars)
        self.driver = VGroup(self.runs, self.bars)

    def _grow(self, start: int, target: int, run_time: float, first_at: int | None = None):
        log_n = ValueTracker(math.log10(start))

        def update(_):
            k = int(min(target, max(1, math.floor(10 ** log_n.get_value() + 1e-9))))
            self._draw_at(k, first_at)

        self.driver.add_updater(update)
        self.add(self.driver, self.mean_line)
        self.play(log_n.animate.set_value(math.log10(target)), run_time=run_time, rate_func=linear)
        self.driver.remove_updater(update)
        self.remove(log_n)
        self._draw_at(target, first_at)

    def _show_growth(self, target: int, run_time: float):
        """Grow every run (and the histogram and counters) from the current n to ``target``."""
        self._grow(self.n_drawn, target, run_time)

    def _show_rescale(self):
        """The histogram's axis closes in on the settled shares (its top from the data)."""
        if abs(self.hist_axes_final.y_range[1] - self.hist_axes.y_range[1]) < 1e-12:
            return
        old = VGroup(self.histogram, self.prob_marks)
        self.hist_axes = self.hist_axes_final
        targets = self.bars.copy()
        self._draw_bars(targets, self.params.n)
        self.play(Fade(old, into=False), Fade(VGroup(self.histogram_final, self.prob_marks_final)),
                  *[Transform(bar, target) for bar, target in zip(self.bars, targets)], run_time=1.2)
        self.histogram, self.prob_marks = self.histogram_final, self.prob_marks_final

    def _draw_at(self, k: int, first_at: int | None = None):
        """Runs at ``k`` (the followed one at ``first_at`` when given); its bars and the counters follow it."""
        self.n_drawn = k
        self.plot.draw(k, first_at)
        shown = first_at or k
        self._draw_bars(self.bars, shown)
        if first_at is None:
            self.n_row.set_values(k)
            self.dev_row.set_values(self.deviation[k - 1])

    def _show_band(self):
        band = self._build_band()
        self.play(Fade(band), run_time=1.2)
        self.bring_to_back(band)  # the runs are drawn over the band, the axes under it
        self.bring_to_back(self.plot.frame)
        self.play(Fade(self.info, into=False), Fade(self.band_row), run_time=0.8)
        self.play(Fade(self.inside_row), run_time=0.8)
        self.band = band

    def _show_outside(self):
        """The runs that leave the band after the first draws drawn bright, the others dimmed; a zoom
        onto the early n where they leave."""
        t = self.theme
        leaving = [path for path, out in zip(self.run_paths, self.leaving) if out]
        staying = [path for path, out in zip(self.run_paths, self.leaving) if not out]
        bright = [path.animate.set_stroke(opacity=1.0, width=t.stroke * 0.6) for path in leaving if path is not
                  self.run_paths[0]]
        dim = [path.animate.set_stroke(opacity=0.15) for path in staying if path is not self.run_paths[0]]
        self.play(*bright, *dim, Fade(self.leaving_row), run_time=1.0)
        # where they leave: n from about FIRST_N to a hundred times that, on the left of the plot
        left, right = self.plot.to_scene(FIRST_N / 3, self.mu), self.plot.to_scene(FIRST_N * 30, self.mu)
        width = max(float(right[0] - left[0]), 0.4 * self.frame_w)
        self.zoom_to((left + right) / 2, width, run_time=1.6)
        self.wait(2.0)
        self.zoom_home(run_time=1.6)
        self.hold_for_reading(at_least=0.5)
        restore = [path.animate.set_stroke(opacity=0.6, width=max(1.5, t.stroke * 0.45)) for path in self.run_paths[1:]]
        if restore:
            self.play(*restore, run_time=0.6)

    def _show_game(self):
        """The die plot gives way to the game's own: its running means close in on E[W] = -100."""
        rows = self._build_game()
        plot = self.game_plot
        self.play(Fade(VGroup(self.plot.frame, self.band, self.mean_line, self.runs, self.bars, self.histogram,
                              self.prob_marks, self.band_row, self.inside_row, self.leaving_row), into=False),
                  run_time=0.8)
        self.play(Create(plot.frame), Fade(rows[0]), run_time=1.0)
        self.play(Create(plot.mean_line), Fade(rows[1]), Fade(self.game_n_row), run_time=0.8)
        self.game_runs = plot.runs
        log_n = ValueTracker(0.0)
        driver = VGroup(plot.runs, self.game_n_value)

        def update(_):
            k = int(min(self.params.n, max(1, math.floor(10 ** log_n.get_value() + 1e-9))))
            plot.draw(k)
            self.game_n_row.set_values(k)

        driver.add_updater(update)
        self.add(driver, plot.mean_line)
        self.play(log_n.animate.set_value(math.log10(self.params.n)), run_time=5.0, rate_func=linear)
        driver.remove_updater(update)
        self.remove(log_n)
        plot.draw(self.params.n)
        self.game_n_row.set_values(self.params.n)
        self.play(Fade(self.game_n_row, into=False), Fade(self.game_simulated), run_time=0.8)

    def _show_streak(self):
        """The streak statistic as two bars against 1/3: the panel replaced, not added to."""
        chart = self._build_streak_bars()
        self.play(Fade(VGroup(self.game_rows[:2], self.game_simulated), into=False), run_time=0.6)
        self.remove(self.game_rows)
        axes, bars, _, names, third, third_label, caption = chart[0]
        self.play(Fade(VGroup(axes, caption)), Create(third), Fade(third_label), run_time=0.8)
        for bar, name in zip(bars, names):
            self.play(FadeIn(bar, shift=0.2 * UP), Fade(name), run_time=0.8)
        self.play(Fade(self.streak_count), run_time=0.6)
        self.wait(1.0)
        self.play(Fade(self.streak_moral), run_time=0.8)
