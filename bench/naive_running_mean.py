"""The naive way to animate running means, for bench_law_of_large_numbers.py to compare against.

Plain manim, no mathviz scene kit: ``always_redraw`` rebuilds every run's
path from all of its ``k`` points (no subsampling along log n), the
histogram's bars and the counter on every frame. The numbers are the same
(``mathviz.core.probability``, the scene's defaults: a die, n = 10,000,
20 runs, seed 0), and so is the growth schedule of law-of-large-numbers:
3.5 s up to n = 10, then 7 s up to n = 10,000, linear in log n.

    manim -ql --disable_caching bench/naive_running_mean.py NaiveRunningMean

Not part of the test run. The coordinate conversion is vectorised (one
``c2p`` call per run, not per point): the cost measured is the rebuilding.
"""

from __future__ import annotations

import math

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Axes, DashedLine, Integer, Rectangle, Scene, ValueTracker, VGroup, VMobject
from manim import always_redraw, linear

from mathviz.core.probability import cumulative_counts, experiment_mean, running_mean, sample_draws
from mathviz.kit.theme import get_theme
from mathviz.kit.axes import log_axes

N, RUNS, SEED = 10_000, 20, 0
SCHEDULE = ((10, 3.5), (N, 7.0))  # (target n, seconds), as in law-of-large-numbers


class NaiveRunningMean(Scene):
    def construct(self):
        t = get_theme("dark")
        self.camera.background_color = t.background
        draws = sample_draws("die", N, RUNS, SEED)
        means = running_mean(draws)
        shares = cumulative_counts(draws[:1], np.arange(1, 7)) / np.arange(1, N + 1)[:, None]
        mu = experiment_mean("die")

        axes, _ = log_axes(t, (0, 4), (0, 6), 7.5, 5.0, log_y=False)
        axes.to_edge(LEFT, buff=0.8).shift(DOWN * 0.3)
        hist = Axes(x_range=[0, 6, 1], y_range=[0, 1, 0.5], x_length=4, y_length=2.2, tips=False,
                    axis_config={"color": t.axis}).to_edge(RIGHT, buff=0.6).shift(UP * 1.2)
        mean_line = DashedLine(axes.c2p(0, mu), axes.c2p(4, mu), color=t.mean)
        self.add(axes, hist, mean_line)

        log_n = ValueTracker(0.0)

        def k_now() -> int:
            return int(min(N, max(1, math.floor(10 ** log_n.get_value() + 1e-9))))

        def runs():
            k = k_now()
            u = np.log10(np.arange(1, k + 1))
            group = VGroup()
            for run in means:
                points = axes.c2p(u, run[:k]) if k > 1 else np.repeat(axes.c2p(u, run[:1]), 2, axis=0)
                group.add(VMobject(stroke_color=t.samples, stroke_width=1.8, stroke_opacity=0.6)
                          .set_points_as_corners(np.asarray(points).reshape(-1, 3)))
            return group

        def bars():
            k = k_now()
            group = VGroup()
            for j, share in enumerate(shares[k - 1]):
                height = max(float(share) * hist.y_length, 1e-3)
                group.add(Rectangle(width=hist.x_length / 6 * 0.7, height=height, fill_color=t.tangent,
                                    fill_opacity=0.55, stroke_width=1.5, stroke_color=t.tangent)
                          .move_to(hist.c2p(j + 0.5, 0), aligned_edge=DOWN))
            return group

        def counter():
            return Integer(k_now(), color=t.text).next_to(hist, DOWN, buff=0.6)

        self.add(always_redraw(runs), always_redraw(bars), always_redraw(counter))
        for target, seconds in SCHEDULE:
            self.play(log_n.animate.set_value(math.log10(target)), run_time=seconds, rate_func=linear)
        self.wait(0.5)
