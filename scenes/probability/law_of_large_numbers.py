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

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Create,
    DashedLine,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
)

from mathviz.core.probability import (
    band_coverage,
    count_inside,
    cumulative_counts,
    experiment_mean,
    frequency_after_streak,
    get_distribution,
    largest_deviation,
    log_spaced_indices,
    mean_envelope,
    running_mean,
    sample_draws,
    standard_deviation,
)
from mathviz.kit import decimals_for, Fade, format_number, log_axes, MathvizScene, nice_step
from scenes.probability.specs import LawOfLargeNumbersParams

PATH_POINTS = 400  # drawn corners per run, log-spaced in n
BAND_POINTS = 200
STREAK = 5  # losses in a row before we ask whether a win is "due"
SHORT = {"digits": 4, "grouping": True}  # numbers told, not read off: 3.5, 1.708, 12,345
FIRST_N = 10  # the growth pauses here: one decade of draws

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
        self.beat("first-draws", f"{self._runs_phrase()} After {FIRST_N} {w['many']} the averages are still "
                                 "far apart, and the highlighted run's histogram is lopsided.")
        self._show_growth(FIRST_N, run_time=3.5)
        self.hold_for_reading(at_least=2.0)
        self.beat("many-draws", f"Keep going, up to {n}. Each step right on this axis is ten times more "
                                f"{w['many']}. The averages close in on {mu}, and {w['parts']}.")
        self._show_growth(p.n, run_time=7.0)
        self.hold_for_reading(at_least=2.0)
        z, coverage = format_number(p.z, digits=3, style="text"), format_number(100 * self.coverage, 0, style="text")
        self.beat("band", f"How close? The average of n {w['many']} wobbles by about sigma over root n. The band "
                          f"spans {z} of those either side: at n = {n} it holds {self.inside} of "
                          f"{p.runs}; theory expects about {coverage} percent.")
        self._show_band()
        self.beat("dice-game", self._game_narration())
        self._show_game()
        self.beat("no-memory", self._streak_narration())
        self._show_streak()

    def _runs_phrase(self) -> str:
        if self.params.runs == 1:
            return "Here is one run."
        return f"Here are {self.params.runs} independent runs side by side."

    # -- numbers, all from the core --------------------------------------------------------

    def _compute(self):
        p = self.params
        self.dist = get_distribution(p.distribution)
        self.draws = sample_draws(p.distribution, p.n, p.runs, p.seed)
        self.means = running_mean(self.draws)
        self.mu, self.sigma = experiment_mean(p.distribution), standard_deviation(p.distribution)
        # The histogram follows one run (the highlighted one): pooled over all runs it would look
        # flat almost at once and hide the point.
        self.counts = cumulative_counts(self.draws[:1], self.dist.values)
        self.frequencies = self.counts / np.arange(1, p.n + 1)[:, None]
        self.deviation = largest_deviation(self.means, self.mu)
        self.path_n = log_spaced_indices(p.n, PATH_POINTS)
        self.band_n = log_spaced_indices(p.n, BAND_POINTS)
        self.band_low, self.band_high = mean_envelope(self.mu, self.sigma, self.band_n, p.z)
        low_n, high_n = mean_envelope(self.mu, self.sigma, p.n, p.z)
        self.half_width = float(high_n - self.mu)
        self.inside = count_inside(self.means[:, -1], low_n, high_n)
        self.coverage = band_coverage(p.z)
        self.game = sample_draws("dice-game", p.n, p.runs, p.seed)
        self.game_mean = float(running_mean(self.game.ravel())[-1])
        self.game_mu = experiment_mean("dice-game")
        scores = get_distribution("dice-game").scores
        self.streak_share, self.streaks = frequency_after_streak(self.game, min(scores), STREAK, max(scores))

    def _value_range(self) -> tuple[float, float]:
        """The plot's y range: every outcome, widened to whole tick steps (ticks match labels)."""
        lo, hi = float(self.dist.values.min()), float(self.dist.values.max())
        for _ in range(3):
            step = nice_step(hi - lo, 4)
            lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
        return lo, hi

    # -- layout and mobjects -------------------------------------------------------------

    def _build_layout(self):
        layout = self.layout(3, 2, square=(1, 1), tall=(6, 5))
        hist, info = layout.side_parts((1, 1) if layout.shape == "square" else (4, 3), gap=0.25)
        self.main_box, self.side_box, self.hist_box, self.info_box = layout.main, layout.side, hist, info
        self.plot = self._build_plot(self.main_box)
        self.runs = self._build_runs()
        self.histogram = self._build_histogram(self.hist_box)
        self.info = self._build_info(self.info_box)

    def _build_plot(self, box):
        shrink = 1.0
        for _ in range(4):  # smaller axes, not smaller text: the labels keep their size
            group = self._build_plot_at(box, shrink)
            scale = self.fit_scale(group, box)
            if scale > 0.999:
                break
            shrink *= scale * 0.98
        self.fit(group, box, readable=True)
        t = self.theme
        self.mean_line = merged(DashedLine(self.to_scene(1, self.mu), self.to_scene(10 ** self.x_decades, self.mu),
                                           color=t.truth, stroke_width=t.stroke * 0.7))
        return VGroup(*group[:3])

    def _build_plot_at(self, box, shrink: float):
        """The main plot's axes and labels, the axes ``shrink`` times their full size."""
        t, p = self.theme, self.params
        self.y_low, self.y_high = self._value_range()
        self.x_decades = max(1, math.ceil(math.log10(p.n) - 1e-12))
        axes, _ = log_axes(t, (0, self.x_decades), (self.y_low, self.y_high), box.width * 0.8 * shrink,
                           box.height * 0.78 * shrink, log_y=False)
        x_label = self.text(f"number of {WORDS[p.distribution]['many']}, n", role="small", color=t.muted)
        y_label = self.text("average so far", role="small", color=t.muted)
        mean_label = self.tex("E[X]", role="small", color=t.truth)
        x_label.next_to(axes, DOWN, buff=0.12)
        y_label.next_to(axes, UP, buff=0.12).align_to(axes, LEFT)
        mean_label.next_to(axes.c2p(self.x_decades, self.mu - self.y_low), RIGHT, buff=0.12)
        self.axes, self.mean_label = axes, mean_label
        return VGroup(axes, x_label, y_label, mean_label)

    def to_scene(self, n, y) -> np.ndarray:
        """Scene points of data ``(n, y)`` on the main plot; broadcasts, shape ``(..., 3)``."""
        origin = self.axes.c2p(0, 0)
        ex, ey = self.axes.c2p(1, 0) - origin, self.axes.c2p(0, 1) - origin
        u = np.log10(np.asarray(n, dtype=float))[..., None]
        v = (np.asarray(y, dtype=float) - self.y_low)[..., None]
        return origin + u * ex + v * ey

    def _build_runs(self):
        t = self.theme
        self.run_points = self.to_scene(self.path_n[None, :], self.means[:, self.path_n - 1])
        self.run_paths = [VMobject(stroke_color=t.estimate, stroke_width=max(1.5, t.stroke * 0.45),
                                   stroke_opacity=0.6) for _ in range(self.params.runs)]
        # Run 0 is the one the histogram follows.
        self.run_paths[0].set_stroke(color=t.highlight, width=t.stroke * 0.6, opacity=1.0)
        runs = VGroup(*self.run_paths[1:], self.run_paths[0])  # the highlighted run on top
        self.n_drawn = 1
        self._draw_runs(1)
        return runs

    def _draw_runs(self, k: int):
        """Every run's path up to ``k`` repetitions: the log-spaced corners below ``k``, then ``k`` itself."""
        m = int(np.searchsorted(self.path_n, k, side="right"))
        corners = self.run_points[:, :m]
        if self.path_n[m - 1] != k:
            tip = self.to_scene(k, self.means[:, k - 1])
            corners = np.concatenate([corners, tip[:, None, :]], axis=1)
        if corners.shape[1] == 1:
            corners = np.repeat(corners, 2, axis=1)
        for path, points in zip(self.run_paths, corners):
            path.set_points_as_corners(points)

    def _build_histogram(self, box):
        t = self.theme
        values, probs = self.dist.values, self.dist.probabilities
        top = float(max(self.frequencies.max(), probs.max()))
        step = nice_step(top, 4)
        top = math.ceil(top / step - 1e-9) * step
        axes = Axes(x_range=[0, len(values), 1], y_range=[0, top, step], x_length=box.width * 0.8,
                    y_length=box.height * 0.6, tips=False,
                    axis_config={"color": t.axis, "stroke_width": 2, "font_size": t.font_size("small")},
                    x_axis_config={"include_ticks": False},
                    y_axis_config={"include_numbers": True, "decimal_number_config": {
                        "num_decimal_places": decimals_for(step), "color": t.muted}})
        labels = VGroup(*[self.text(text, role="small", color=t.muted)
                          .next_to(axes.c2p(j + 0.5, 0), DOWN, buff=0.12) for j, text in enumerate(self.dist.labels)])
        caption = self.text(self._lines("outcomes of the", "highlighted run"), role="small",
                            color=t.highlight).next_to(axes, UP, buff=0.15)
        # Each distinct probability is written once, right of the bars, at its height.
        exact = self.dist.exact_probabilities
        prob_labels = VGroup(*[self.tex(rf"\tfrac{{{q.numerator}}}{{{q.denominator}}}", role="small", color=t.truth)
                               .next_to(axes.c2p(len(values), float(q)), RIGHT, buff=0.1)
                               for q in sorted(set(exact))])
        self.hist_axes = axes
        self.fit(VGroup(axes, labels, caption, prob_labels), box)
        self.prob_marks = VGroup(*[merged(DashedLine(axes.c2p(j + 0.05, q), axes.c2p(j + 0.95, q), color=t.truth,
                                                     stroke_width=t.stroke * 0.6)) for j, q in enumerate(probs)],
                                 prob_labels)
        self.bars = VGroup(*[VMobject(fill_color=t.highlight, fill_opacity=0.55, stroke_color=t.highlight,
                                      stroke_width=1.5) for _ in values])
        self._draw_bars(self.bars, 1)
        return VGroup(axes, labels, caption)

    def _draw_bars(self, bars, k: int):
        for j, (bar, share) in enumerate(zip(bars, self.frequencies[k - 1])):
            a, b = j + 0.15, j + 0.85
            c2p = self.hist_axes.c2p
            bar.set_points_as_corners([c2p(a, 0), c2p(b, 0), c2p(b, share), c2p(a, share), c2p(a, 0)])

    def _build_info(self, box):
        t, p = self.theme, self.params
        self.dev_places = max(0, min(4, 3 - math.floor(math.log10(self.sigma))))
        self.n_value = self.number(1, decimals=0, grouping=True, widest=p.n)
        self.dev_value = self.number(self.deviation[0], decimals=self.dev_places, widest=self.deviation.max(),
                                     color=t.estimate)
        self.n_row = self.readout_row("n =", self.n_value)
        moments = self.readout_row((r"E[X] =", t.truth), self.number(self.mu, color=t.truth, **SHORT),
                                   r"\quad \sigma =", self.number(self.sigma, **SHORT))
        self.dev_row = self.readout_row(r"\text{farthest run from } E[X]\!:", self.dev_value)
        mu = format_number(self.mu, style="tex", **SHORT)
        z, half = (format_number(x, digits=3, style="tex") for x in (p.z, self.half_width))
        self.band_row = self.tex(rf"E[X] \pm {z}\,\frac{{\sigma}}{{\sqrt{{n}}}} = {mu} \pm {half}", role="label",
                                 color=t.region)
        n = format_number(p.n, 0, grouping=True, style="text")
        self.inside_row = self.text(f"inside at n = {n}: {self.inside} of {p.runs} runs", role="small",
                                    color=t.region)
        self.fit_rows(VGroup(self.n_row, moments, self.dev_row, self.band_row, self.inside_row), box, buff=0.22)
        return VGroup(self.n_row, moments, self.dev_row)

    def _build_band(self):
        t = self.theme
        lo = np.clip(self.band_low, self.y_low, self.y_high)
        hi = np.clip(self.band_high, self.y_low, self.y_high)
        upper, lower = self.to_scene(self.band_n, hi), self.to_scene(self.band_n, lo)
        fill = VMobject(fill_color=t.region, fill_opacity=0.22, stroke_width=0)
        fill.set_points_as_corners(np.concatenate([upper, lower[::-1], upper[:1]]))
        # The edges only where the envelope lies inside the plot (clipped parts would trace its frame).
        edges = VGroup()
        for values in (self.band_high, self.band_low):
            keep = (values >= self.y_low) & (values <= self.y_high)
            if keep.sum() >= 2:
                edge = VMobject(stroke_color=t.region, stroke_width=t.stroke * 0.6)
                edge.set_points_as_corners(self.to_scene(self.band_n[keep], values[keep]))
                edges.add(edge)
        self.band_fill, self.band_edges = fill, edges
        return VGroup(fill, edges)

    def _build_game(self, box):
        t = self.theme
        game = get_distribution("dice-game")
        wins = [face + 1 for face, s in enumerate(game.scores) if s > 0]
        losses = [face + 1 for face, s in enumerate(game.scores) if s < 0]
        heading = self.text("The dice game", role="body", color=t.highlight)
        rule = VGroup(self.text(f"roll {_faces(wins)}: win {max(game.scores)}", role="label"),
                      self.text(f"roll {_faces(losses)}: lose {-min(game.scores)}", role="label"),
                      ).arrange(DOWN, buff=0.12)
        values = [format_number(v, digits=6, style="tex") for v in game.values]
        terms = " + ".join(rf"\frac{{{q.numerator}}}{{{q.denominator}}}\cdot" + (f"({v})" if v.startswith("-") else v)
                           for q, v in zip(game.exact_probabilities, values))
        formula = self.tex(rf"E[W] = {terms} = {format_number(self.game_mu, style='tex', **SHORT)}", role="label",
                           color=t.truth)
        rounds = self.params.n * self.params.runs
        simulated = VGroup(self.text(self._lines(f"average of {format_number(rounds, 0, grouping=True, style='text')}",
                                                 "simulated rounds:"), role="small"),
                           self.text(f"{format_number(self.game_mean, style='text', **SHORT)} per round", role="label"),
                           ).arrange(DOWN, buff=0.1)
        if self.streaks:
            share = format_number(100 * self.streak_share, 1, style="text")
            count = format_number(self.streaks, 0, grouping=True, style="text")
            streak = VGroup(self.text(f"right after {STREAK} losses in a row,", role="small", color=t.estimate),
                            self.text(f"the next round won {share}%", role="label", color=t.estimate),
                            self.text(f"({count} streaks)", role="small", color=t.muted),
                            ).arrange(DOWN, buff=0.1)
        else:
            streak = self.text(f"no streak of {STREAK} losses occurred", role="small", color=t.estimate)
        moral = self.text(self._lines("a losing streak is diluted,", "not repaid"), role="label", color=t.highlight)
        self.game_rows = VGroup(heading, rule, formula, simulated).arrange(DOWN, buff=0.3)
        self.streak_rows = VGroup(streak, moral).arrange(DOWN, buff=0.3)
        beside = self.shape == "square"  # the side panel is a wide, low strip under the plot
        rows = VGroup(self.game_rows, self.streak_rows).arrange(RIGHT if beside else DOWN, buff=0.5 if beside else 0.3)
        self.fit(rows, box)
        self.game_formula, self.game_simulated = formula, simulated
        return rows

    def _lines(self, *parts: str) -> str:
        """One line on a wide frame; on a square one, whose panels are half as wide, a line each."""
        return ("\n" if self.shape == "square" else " ").join(parts)

    # -- narration that depends on the numbers ---------------------------------------------

    def _game_narration(self) -> str:
        same = {"die": "Now score the same rolls as a game", "coin": "Now roll a die for a game",
                "dice-game": "This was the game all along"}[self.params.distribution]
        return (f"{same}: a 5 or 6 wins 100, anything else loses 200. A round is worth a third of 100 plus two "
                f"thirds of minus 200: {format_number(self.game_mu, style='text', **SHORT)} on average. The simulation "
                f"averaged {format_number(self.game_mean, style='text', **SHORT)}.")

    def _streak_narration(self) -> str:
        if not self.streaks:
            return (f"Is a win due after a losing streak? No streak of {STREAK} losses happened here, but the "
                    "answer is no anyway: the die has no memory. Bad luck is not repaid, only diluted.")
        share = format_number(100 * self.streak_share, 0, style="text")
        return (f"Is a win due after a losing streak? No: right after {STREAK} losses in a row, the next round "
                f"was won {share} percent of the time, the usual one in three. Bad luck "
                "is not repaid, only diluted.")

    # -- beats ---------------------------------------------------------------------------

    def _show_experiment(self):
        self.play(Fade(self.title_mob), Create(self.plot), run_time=1.5)
        self.play(Create(self.mean_line), Fade(self.mean_label), run_time=1.0)
        self.hold_for_reading(at_least=3.0)

    def _show_growth(self, target: int, run_time: float):
        """Grow every run (and the histogram and counters) from the current n to ``target``."""
        if self.n_drawn == 1:
            self.play(Fade(self.histogram), Fade(self.bars), Fade(self.prob_marks), Fade(self.info),
                      Fade(self.runs), run_time=1.0)
            # One updater drives every moving part. Its group goes last in the scene, so manim's
            # static-frame cache keeps the axes and labels out of the per-frame work.
            self.remove(self.runs, self.bars)
            self.driver = VGroup(self.runs, self.bars, self.n_value, self.dev_value)
        log_n = ValueTracker(math.log10(self.n_drawn))

        def update(_):
            k = int(min(self.params.n, max(1, math.floor(10 ** log_n.get_value() + 1e-9))))
            self._draw_at(k)

        self.driver.add_updater(update)
        self.add(self.driver, self.mean_line)
        self.play(log_n.animate.set_value(math.log10(target)), run_time=run_time, rate_func=linear)
        self.driver.remove_updater(update)
        self.remove(log_n)
        self._draw_at(target)

    def _draw_at(self, k: int):
        self.n_drawn = k
        self._draw_runs(k)
        self._draw_bars(self.bars, k)
        self.n_row.set_values(k)
        self.dev_row.set_values(self.deviation[k - 1])

    def _show_band(self):
        band = self._build_band()
        self.play(Fade(band), run_time=1.2)
        self.bring_to_back(band)  # the runs are drawn over the band, the axes under it
        self.bring_to_back(self.plot)
        self.play(Fade(self.band_row), run_time=0.8)
        self.play(Fade(self.inside_row), run_time=0.8)
        self.hold_for_reading(at_least=3.0)

    def _show_game(self):
        game = self._build_game(self.side_box)
        self.play(Fade(VGroup(self.histogram, self.bars, self.prob_marks, self.info, self.band_row,
                              self.inside_row), into=False), run_time=0.8)
        self.play(Fade(self.game_rows[:2]), run_time=0.8)
        self.play(Fade(self.game_formula), run_time=1.0)
        self.play(Fade(self.game_simulated), run_time=0.8)
        self.hold_for_reading(at_least=3.0)
        self.game_panel = game

    def _show_streak(self):
        self.play(Fade(self.streak_rows[0]), run_time=0.8)
        self.wait(2.5)
        self.play(Fade(self.streak_rows[1]), run_time=0.8)
        self.hold_for_reading(at_least=3.0)
