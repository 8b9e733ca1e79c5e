"""The central limit theorem: sums of many draws, standardised, approach the normal curve.

A short tour of common distributions (mean and one sigma either side marked),
then the exact distribution of the sum of n dice: its mean grows like n, its
spread like root n; standardised and drawn as a density it closes in on the
normal density, and so do sums of coins (the binomial) and of a lopsided die.

Render with its defaults, as plain manim::

    manim -ql scenes/probability/central_limit.py CentralLimit

Every bar drawn for a count n is the core's exact distribution for that n
(``mathviz.core.distributions.standardised_sum``); the counter steps through
whole numbers only.
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
    DashedLine,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
)

from mathviz.core.distributions import (
    area_between,
    common_distribution,
    draw_moments,
    normal_density,
    skewness,
    standardised_sum,
    sum_distribution,
    sum_moments,
)
from mathviz.kit import axes_config, decimals_for, Fade, format_number, MathvizScene, nice_step
from scenes.probability.specs import CentralLimitParams

TOUR = ("bernoulli", "binomial", "poisson", "exponential", "normal")
STOPS = (1, 2, 3, 5, 10)  # where the counter pauses on its way to n (then n itself)
RAW_MAX = 10  # the unstandardised sums are shown up to this many dice
Z_RANGE = (-4.0, 4.0)
BAR_FILL = 0.55


def rectangles(c2p, lefts, rights, heights) -> np.ndarray:
    """Points of one path of closed rectangles (a subpath per bar), in scene coordinates,
    shape ``(16 K, 3)``: bar ``k`` spans ``[lefts[k], rights[k]]`` from 0 to ``heights[k]``."""
    lefts, rights, heights = (np.asarray(a, dtype=float) for a in (lefts, rights, heights))
    origin = c2p(0, 0)
    ex, ey = c2p(1, 0) - origin, c2p(0, 1) - origin
    xs = np.stack([lefts, rights, rights, lefts, lefts], axis=1)
    ys = np.stack([np.zeros_like(heights), np.zeros_like(heights), heights, heights, np.zeros_like(heights)], axis=1)
    corners = origin + xs[..., None] * ex + ys[..., None] * ey  # (K, 5, 3)
    start, end = corners[:, :-1], corners[:, 1:]
    points = np.stack([start, start + (end - start) / 3, start + 2 * (end - start) / 3, end], axis=2)
    return points.reshape(-1, 3)


def tex_value(x: float) -> tuple[str, str]:
    """``("=", "3")`` for a value shown exactly, ``(r"\\approx", "1.449")`` for a rounded one."""
    text = format_number(x, digits=4, style="tex")
    exact = abs(float(text.replace("{,}", "")) - x) < 1e-12
    return ("=" if exact else r"\approx"), text


class CentralLimit(MathvizScene):
    Params = CentralLimitParams
    title = "The central limit theorem"

    def construct(self):
        self._compute()
        self._build_layout()
        for name in TOUR:
            self.beat(name, self._tour_narration(name))
            self._show_common(name)
        self.beat("one-die", "Now one fair die. Each face from 1 to 6 has probability one sixth, so the "
                             "bars are flat, with mean 3.5.")
        self._show_one_die()
        self.beat("sums", f"Add up n dice, exactly. The sum's mean is n times 3.5, so the hump walks right. "
                          f"Its sigma grows only like root n, here up to n = {self.raw_stops[-1]}.")
        self._show_sums()
        self.beat("standardise", "To compare shapes, subtract the mean and divide by sigma. As a density, one "
                                 "die is still a flat block beside the normal curve.")
        self._show_standardise()
        self.beat("dice", self._limit_narration("die"))
        self._show_limit("die")
        self.beat("coins", "Coins give the binomial: heads in n tosses, two bars at first. "
                           + self._area_phrase("coin"))
        self._show_limit("coin")
        self.beat("lopsided", self._lopsided_narration())
        self._show_limit("lopsided")

    # -- numbers, all from the core --------------------------------------------------------

    def _compute(self):
        p = self.params
        faces = tuple(float(k) for k in range(1, len(p.lopsided) + 1))
        self.draws = {"die": ((1.0, 2.0, 3.0, 4.0, 5.0, 6.0), (1 / 6,) * 6), "coin": ((0.0, 1.0), (0.5, 0.5)),
                      "lopsided": (faces, tuple(p.lopsided))}
        self.stops = [k for k in STOPS if k < p.n] + [p.n]
        self.raw_stops = [k for k in STOPS if k <= RAW_MAX]
        self.z_bars = {name: {k: standardised_sum(v, q, k) for k in range(1, p.n + 1)}
                       for name, (v, q) in self.draws.items()}
        self.areas = {name: {k: area_between(bars) for k, bars in per.items()} for name, per in self.z_bars.items()}
        die = self.draws["die"]
        self.raw = {k: sum_distribution(*die, k) for k in range(1, RAW_MAX + 1)}
        self.raw_moments = {k: sum_moments(*die, k) for k in range(1, RAW_MAX + 1)}
        self.die_mean, self.die_sd = draw_moments(*die)
        self.skew = skewness(*self.draws["lopsided"])

    def _tour_narration(self, name: str) -> str:
        d = common_distribution(name)
        say = lambda x: format_number(x, digits=4, style="text")  # noqa: E731
        mu, sd, args = say(d.mean), say(d.sd), [say(a) for a in d.frozen.args]
        if name == "bernoulli":
            return (f"A Bernoulli variable is one trial: 1 with probability {args[0]}, else 0. The dashed line "
                    "marks its mean, the band one sigma either side.")
        if name == "binomial":
            return (f"Count the successes in {args[0]} such trials and you get a binomial. Its mean is "
                    f"{args[0]} times {args[1]}, which is {mu}.")
        if name == "poisson":
            return (f"A Poisson variable counts rare events in a fixed window. With {args[0]} expected, its "
                    f"mean is {mu} and its sigma is {sd}.")
        if name == "exponential":
            rate = say(1 / d.frozen.kwds["scale"])
            return (f"The exponential is a waiting time, so it has a density, not bars. At rate {rate} its "
                    f"mean is {mu} and its sigma is {sd}.")
        return (f"And the normal, the bell curve, here with mean {mu} and sigma {sd}. Why does it turn up "
                "everywhere? Because of sums.")

    def _area_phrase(self, name: str) -> str:
        n, areas = self.params.n, self.areas[name]
        first, last = (format_number(areas[k], 2 if areas[k] >= 0.1 else 3, style="text") for k in (1, n))
        return f"The area between bars and curve: {first} at n = 1, {last} at n = {n}."

    def _limit_narration(self, name: str) -> str:
        return (f"Step n up to {self.params.n}. The bars close in on the bell. " + self._area_phrase(name))

    def _lopsided_narration(self) -> str:
        if self.skew == 0:
            return ("This die's chances are symmetric, so its sums have no skew at all. "
                    + self._area_phrase("lopsided"))
        return ("A lopsided die's sums start skewed. Their skew shrinks like one over root n, so the bell "
                "still comes. " + self._area_phrase("lopsided"))

    # -- layout and mobjects -------------------------------------------------------------

    def _build_layout(self):
        layout = self.layout(7, 3, tall=(3, 1), square=(5, 2))
        self.main_box, self.side_box = layout.main, layout.side
        self.plot = None
        self.panel = None

    def _build_axes(self, x_range, y_top, x_label, y_label, x_step=None):
        """Axes over ``x_range`` and ``[0, y_top]`` fitted to the main box with their labels."""
        t, box = self.theme, self.main_box
        x_step = x_step or nice_step(x_range[1] - x_range[0], 8)
        y_step = nice_step(y_top, 4)
        y_top = math.ceil(y_top / y_step - 1e-9) * y_step
        x0, span = x_range[0], x_range[1] - x_range[0]
        config = axes_config(t, x_step, y_step, x_range=(0, span), y_range=(0, y_top))
        config["x_axis_config"] = {"include_numbers": False}
        size = config["axis_config"]["font_size"]
        shrink = 1.0
        for _ in range(4):  # smaller axes, not smaller text: the labels keep their size
            # data x is drawn at x - x0, so the axes cross at the lower-left corner (manim crosses
            # them at 0), and the x labels say the data values
            axes = Axes(x_range=[0, span, x_step], y_range=[0, y_top, y_step], x_length=box.width * 0.84 * shrink,
                        y_length=box.height * 0.72 * shrink, **config)
            first = math.ceil(x0 / x_step - 1e-9) * x_step
            ticks = np.arange(first, x_range[1] + 1e-9, x_step)
            axes.x_axis.add_labels({float(v - x0): self.tex(format_number(v, decimals_for(x_step), style="tex"),
                                                            role="small", color=t.muted).set(font_size=size)
                                    for v in ticks}, font_size=size)
            xl = self.tex(x_label, role="small", color=t.muted).next_to(axes, DOWN, buff=0.15)
            yl = self.tex(y_label, role="small", color=t.muted).next_to(axes, UP, buff=0.15).align_to(axes, LEFT)
            group = VGroup(axes, xl, yl)
            scale = self.fit_scale(group, box)
            if scale > 0.999:
                break
            shrink *= scale * 0.98
        self.fit(group, box, readable=True)
        self.axes, self.y_top, self.x0 = axes, y_top, x0
        return group

    def c2p(self, x, y) -> np.ndarray:
        """The scene point of data ``(x, y)`` on the current plot."""
        return self.axes.c2p(x - self.x0, y)

    def _bars(self, color) -> VMobject:
        return VMobject(fill_color=color, fill_opacity=BAR_FILL, stroke_color=color, stroke_width=1.2)

    def _mean_and_band(self, mean: float, sd: float, x_range):
        """The mean as a dashed line (truth) and a band one sigma either side (region), clipped to the axes."""
        t, c2p = self.theme, self.c2p
        top = self.y_top * 0.92
        line = DashedLine(c2p(mean, 0), c2p(mean, top), color=t.truth, stroke_width=t.stroke * 0.7)
        lo, hi = max(mean - sd, x_range[0]), min(mean + sd, x_range[1])
        band = VMobject(fill_color=t.region, fill_opacity=0.2, stroke_width=0)
        band.set_points_as_corners([c2p(lo, 0), c2p(hi, 0), c2p(hi, top), c2p(lo, top), c2p(lo, 0)])
        return line, band

    def _label_above(self, label, line):
        """``label`` just above the top of ``line``, moved right of the y axis if it would cross it."""
        label.next_to(line, UP, buff=0.08)
        clear = self.axes.get_left()[0] + 0.12 - label.get_left()[0]
        return label.shift(max(clear, 0.0) * RIGHT)

    def _build_panel(self, *rows):
        group = VGroup(*rows)
        self.fit_rows(group, self.side_box, buff=0.3, readable=True)
        return group

    def _swap(self, plot, panel, run_time=0.8):
        """Replace the figure and the side panel (panels are replaced, never stacked)."""
        old = [m for m in (self.plot, self.panel) if m is not None]
        if old:
            self.play(Fade(VGroup(*old), into=False), run_time=0.6)
        self.plot, self.panel = plot, panel
        self.play(Fade(VGroup(plot, panel)), run_time=run_time)

    # -- the tour --------------------------------------------------------------------------

    def _build_common(self, name: str):
        t, d = self.theme, common_distribution(name)
        x, y = d.points()
        lo, hi = d.x_range
        x_range = (lo - 1, hi + 1) if d.discrete else (lo, hi)
        step = 1.0 if d.discrete and hi - lo <= 10 else nice_step(x_range[1] - x_range[0], 6)
        axes_group = self._build_axes(x_range, float(y.max()) * 1.15, "x", r"P(X = x)" if d.discrete else "f(x)",
                                      x_step=step)
        line, band = self._mean_and_band(d.mean, d.sd, x_range)
        if d.discrete:
            shape = self._bars(t.function)
            shape.points = rectangles(self.c2p, x - 0.35, x + 0.35, y)
        else:
            shape = VMobject(stroke_color=t.function, stroke_width=t.stroke)
            shape.set_points_smoothly([self.c2p(a, b) for a, b in zip(x, y)])
        mean_label = self._label_above(self.tex("E[X]", role="small", color=t.truth), line)
        self.common_shape, self.common_line, self.common_band = shape, line, band
        plot = VGroup(band, axes_group, shape, line, mean_label)
        eq_mu, mu = tex_value(d.mean)
        eq_sd, sd = tex_value(d.sd)
        panel = self._build_panel(self.tex(d.tex, role="label"),
                                  self.tex(rf"E[X] {eq_mu} {mu}", role="label", color=t.truth),
                                  self.tex(rf"\sigma {eq_sd} {sd}", role="label", color=t.region))
        return plot, panel

    def _show_common(self, name: str):
        plot, panel = self._build_common(name)
        if self.plot is None:
            self.play(Fade(self.title_mob), run_time=0.8)
        self._swap(plot, panel, run_time=1.0)
        self.hold_for_reading(at_least=1.5)

    # -- sums of dice, as they are ----------------------------------------------------------------

    def _build_raw(self, most: int):
        """The sums of up to ``most`` dice on their own scale (one die: faces 1 to 6, filling the plot)."""
        t = self.theme
        top = max(float(p.max()) for _, p in self.raw.values()) * 1.15
        x_range = (0.0, 6.0 * most + (1 if most == 1 else 0))
        group = self._build_axes(x_range, top, r"s", r"P(S = s)", x_step=1.0 if most == 1 else nice_step(x_range[1], 6))
        self.raw_bars = self._bars(t.estimate)
        line, band = self._mean_and_band(self.die_mean, self.die_sd, x_range)
        self.raw_line, self.raw_band = line, band
        self.raw_mean_label = self.tex("E[S]", role="small", color=t.truth)
        self.raw_x_range = x_range
        self.n_raw = self.number(1, decimals=0, widest=RAW_MAX)
        self.mean_raw = self.number(self.die_mean, decimals=1, trim=True, color=t.truth, widest=35.5)
        self.sd_raw = self.number(self.die_sd, decimals=2, color=t.region, widest=5.55)
        mu = format_number(self.die_mean, digits=4, style="tex")
        self.raw_rows = (self.readout_row("n =", self.n_raw),
                         self.readout_row((rf"E[S] = {mu}\,n =", t.truth), self.mean_raw),
                         self.readout_row((r"\sigma_S = \sigma\sqrt{n} \approx", t.region), self.sd_raw))
        panel = self._build_panel(*self.raw_rows)
        self._draw_raw(1)
        return VGroup(band, group, self.raw_bars, line, self.raw_mean_label), panel

    def _draw_raw(self, k: int):
        support, probs = self.raw[k]
        self.raw_bars.points = rectangles(self.c2p, support - 0.4, support + 0.4, probs)
        mean, sd = self.raw_moments[k]
        _, band = self._mean_and_band(mean, sd, self.raw_x_range)
        self.raw_band.points = band.points
        self.raw_line.shift((self.c2p(mean, 0)[0] - self.raw_line.get_center()[0]) * RIGHT)
        self._label_above(self.raw_mean_label, self.raw_line)
        self.raw_rows[0].set_values(k)
        self.raw_rows[1].set_values(mean)
        self.raw_rows[2].set_values(sd)
        self.n_shown = k

    def _show_one_die(self):
        self._swap(*self._build_raw(1), run_time=1.0)
        self.hold_for_reading(at_least=1.5)

    def _show_sums(self):
        self._swap(*self._build_raw(RAW_MAX), run_time=0.8)  # room for the sum of 10 dice
        self.wait(0.6)
        self._step_through(self.raw_stops, self._draw_raw, VGroup(self.raw_bars, self.raw_line, self.raw_band,
                                                                  self.raw_mean_label, *self.raw_rows))

    def _step_through(self, stops, draw, moving, front=()):
        """Step the counter from the shown count through every whole number to each stop, pausing there."""
        for target in stops[1:]:
            k = ValueTracker(self.n_shown)
            moving.add_updater(lambda _, k=k: draw(int(math.floor(k.get_value() + 1e-9))))
            self.add(moving, *front)
            run_time = round(min(2.4, 0.4 + 0.2 * (target - self.n_shown)), 3)  # whole frames at 15, 30, 60 fps
            self.play(k.animate.set_value(target), run_time=run_time, rate_func=linear)
            moving.clear_updaters()
            draw(target)
            self.wait(0.6)

    # -- standardised -----------------------------------------------------------------------------

    def _build_standard(self, series: str):
        """The z plot for one series (its height fits that series' tallest bar) and its panel."""
        t = self.theme
        top = max(0.42, max(float(b.heights.max()) for b in self.z_bars[series].values()) * 1.08)
        group = self._build_axes(Z_RANGE, top, r"z = \frac{S - n\mu}{\sigma\sqrt{n}}", r"\text{density}",
                                 x_step=1.0)
        zs = np.linspace(*Z_RANGE, 300)
        self.curve = VMobject(stroke_color=t.truth, stroke_width=t.stroke)
        self.curve.set_points_smoothly([self.c2p(z, y) for z, y in zip(zs, normal_density(zs))])
        curve_label = self.tex(r"\varphi(z)", role="small", color=t.truth)
        curve_label.move_to(self.c2p(2.6, 0.22))
        self.z_bar_mob = self._bars(t.estimate)
        self.n_z = self.number(1, decimals=0, widest=self.params.n)
        self.area_z = self.number(0.5, decimals=3, color=t.estimate, widest=0.888)
        caption = {"die": "sum of n fair dice", "coin": "heads in n coin tosses",
                   "lopsided": "sum of n lopsided dice"}[series]
        self.z_rows = (self.readout_row("n =", self.n_z),
                       self.readout_row(r"\text{area between} \approx", self.area_z))
        panel = self._build_panel(*self.z_rows, self.text(caption, role="small", color=t.muted))
        self.series = series
        self._draw_z(1)
        return VGroup(group, self.z_bar_mob, self.curve, curve_label), panel

    def _draw_z(self, k: int):
        bars = self.z_bars[self.series][k]
        lefts = np.clip(bars.z - bars.width / 2, *Z_RANGE)
        rights = np.clip(bars.z + bars.width / 2, *Z_RANGE)
        keep = rights > lefts  # bars beyond the axes are not drawn; one at the edge is cut there
        self.z_bar_mob.points = rectangles(self.c2p, lefts[keep], rights[keep], bars.heights[keep])
        self.z_rows[0].set_values(k)
        self.z_rows[1].set_values(self.areas[self.series][k])
        self.n_shown = k

    def _show_standardise(self):
        self._swap(*self._build_standard("die"), run_time=1.2)
        self.bring_to_front(self.curve)
        self.hold_for_reading(at_least=1.5)

    def _show_limit(self, series: str):
        if series != self.series:
            self._swap(*self._build_standard(series), run_time=0.8)
            self.bring_to_front(self.curve)
            self.wait(0.8)
        self._step_through(self.stops, self._draw_z, VGroup(self.z_bar_mob, *self.z_rows), front=(self.curve,))
        self.hold_for_reading(at_least=1.0)
