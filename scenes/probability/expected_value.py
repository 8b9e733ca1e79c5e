"""Expected value: a weighted average is where a beam of weights balances; for a density the
sum becomes an integral, and a skewed density's mean lies past its median.

Render with its defaults, as plain manim::

    manim -ql scenes/probability/expected_value.py ExpectedValue
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
    Line,
    NumberLine,
    Polygon,
    Rectangle,
    ReplacementTransform,
    Transform,
    ValueTracker,
    VGroup,
    smooth,
)

from mathviz.core.probability import (
    as_fraction,
    balance_torque,
    density_as_weights,
    exact_expected_value,
    expected_value,
    expected_value_of_density,
    exponential_density,
    gamma_density,
    median_of_density,
)
from mathviz.kit import axes_config, Fade, format_number, MathvizScene, nice_step, place_label
from scenes.probability.specs import ExpectedValueParams

MAX_TILT = 0.12  # radians: how far the beam tips when the pivot is far from the balance point
DENSITY_END = 8.0  # the strips cover [0, 8]; the densities drawn are negligible beyond
STRIPS = (6, 12, 48)  # strip counts as the sum turns into an integral
SKEW_SHAPE = 2.0  # the skewed density: gamma with shape 2, scale 1, f(x) = x e^{-x}


def _decimal(q) -> str | None:
    """A fraction's exact decimal text when it has one of at most 6 places (``53/10`` is ``5.3``)."""
    text = format_number(float(q), 6, trim=True)
    return text if Fraction(text) == q else None


def tex_value(x: float, digits: int = 4) -> str:
    """``x`` for TeX: exactly when it is a short decimal or a simple fraction (see :func:`is_exact`),
    else rounded to ``digits`` significant digits (the caller writes ``\\approx``)."""
    q = as_fraction(x)
    if q is not None and _decimal(q) is not None:
        return format_number(float(q), 6, trim=True, grouping=True, style="tex")
    if is_exact(x):
        sign = "-" if q < 0 else ""
        return rf"{sign}\frac{{{abs(q.numerator)}}}{{{q.denominator}}}"
    return format_number(x, digits=digits, style="tex")


def is_exact(x: float) -> bool:
    """Can ``x`` be shown exactly: a short decimal, or a fraction with a denominator up to 100?"""
    q = as_fraction(x)
    return q is not None and (_decimal(q) is not None or (q.denominator <= 100 and abs(q.numerator) < 10_000))


def spoken(x: float) -> str:
    """``x`` in narration: exact when it is a short decimal or a fraction over at most 12, else "about"."""
    q = as_fraction(x)
    if q is not None and _decimal(q) is not None:
        return format_number(float(q), 6, trim=True, grouping=True, style="text")
    if q is not None and q.denominator <= 12:
        return f"{'minus ' if q < 0 else ''}{abs(q.numerator)} over {q.denominator}"
    return "about " + format_number(x, digits=4, grouping=True, style="text")


class ExpectedValue(MathvizScene):
    Params = ExpectedValueParams
    title = "Expected value"

    def construct(self):
        self._compute()
        self._build_layout()
        self.beat("game", self._game_narration())
        self._show_game()
        self.beat("balance", "Rest the beam on a pivot. Each weight turns it by its chance times its "
                             "distance from the pivot. Slide the pivot until the turns cancel.")
        self._show_balance()
        self.beat("weighted-average", "The turns cancel where the pivot sits at the sum of each value "
                                      f"times its chance: the expected value, {self._said(self.mean)}. "
                                      f"{self._long_run()}")
        self._show_weighted_average()
        self.beat("density", "Now let the outcome be any number from 0 up, with chances from a density. "
                             "A thin strip of it is a weight: its area is its chance.")
        self._show_strips()
        self.beat("integral", "Thinner strips give more weights, and the sum becomes an integral. "
                              f"This exponential density balances at its mean, {spoken(self.exp_mean)}.")
        self._show_integral()
        self.beat("median", "A skewed density. The median m cuts its area into two equal halves. "
                            f"The long right tail pulls the mean, {spoken(self.skew_mean)}, past the median, "
                            f"{spoken(self.skew_median)}.")
        self._show_median()

    # -- numbers, all from the core --------------------------------------------------------

    def _compute(self):
        p = self.params
        order = np.argsort(p.values)
        self.values = np.asarray(p.values, dtype=float)[order]
        self.probs = np.asarray(p.probabilities, dtype=float)[order]
        self.mean = expected_value(self.values, self.probs)
        self.exact_mean = exact_expected_value(self.values, self.probs)
        if self.exact_mean is not None:
            self.mean = float(self.exact_mean)
        lo, hi = float(self.values[0]), float(self.values[-1])
        span = hi - lo
        # the pivot starts away from the balance point, so there is something to slide
        start = lo + 0.5 * span
        if abs(start - self.mean) < 0.2 * span:
            start = max((lo + 0.15 * span, hi - 0.15 * span), key=lambda c: abs(c - self.mean))
        self.pivot_start = start
        self.exp_pdf = exponential_density(1.0)
        self.exp_mean = expected_value_of_density(self.exp_pdf, 0.0, math.inf)
        self.strips = {n: density_as_weights(self.exp_pdf, 0.0, DENSITY_END, n) for n in STRIPS}
        self.strip_means = {n: expected_value(*self.strips[n]) for n in STRIPS}
        self.skew_pdf = gamma_density(SKEW_SHAPE, 1.0)
        self.skew_mean = expected_value_of_density(self.skew_pdf, 0.0, math.inf)
        self.skew_median = median_of_density(self.skew_pdf, 0.0, math.inf)

    def torque(self, c: float) -> float:
        return float(balance_torque(self.values, self.probs, c))

    def _game_narration(self) -> str:
        p = self.params
        default = ExpectedValueParams()
        if sorted(zip(p.values, p.probabilities)) == sorted(zip(default.values, default.probabilities)):
            opening = "Roll a die: a 5 or 6 wins 100, any other face loses 200."
        else:
            opening = f"A game pays one of {len(p.values)} amounts, each with its own chance."
        return f"{opening} Put each outcome on a beam at its value, as a weight as heavy as its chance."

    def _said(self, x: float) -> str:
        """The mean (or its negative) in words: exact only when every chance was a simple fraction."""
        if self.exact_mean is not None:
            return spoken(x)
        return "about " + format_number(x, digits=5, grouping=True, style="text")

    def _long_run(self) -> str:
        if self.mean < 0:
            return f"Over many rounds you lose about {self._said(-self.mean).replace('about ', '')} a round."
        if self.mean > 0:
            return f"Over many rounds you win about {self._said(self.mean).replace('about ', '')} a round."
        return "Over many rounds you roughly break even."

    # -- layout and mobjects -------------------------------------------------------------

    def _build_layout(self):
        layout = self.layout(3, 2, square=(3, 1.6), tall=(5, 2))
        self.main_box, self.side_box = layout.main, layout.side
        self._build_beam(self.main_box)

    def _build_beam(self, box):
        t = self.theme
        lo, hi = float(self.values[0]), float(self.values[-1])
        pad = 0.1 * (hi - lo)
        self.x_range = (lo - pad, hi + pad)
        length = box.width * 0.9
        self.ground = NumberLine(x_range=[*self.x_range, nice_step(hi - lo + 2 * pad)], length=length,
                                 color=t.axis, stroke_width=2, include_ticks=False, include_numbers=False)
        foot = min(1.2, 0.2 * box.height)
        self.foot = foot
        self.ground.move_to([box.center[0], box.bottom, 0])
        colors = [t.positive if x > 0 else t.negative if x < 0 else t.muted for x in self.values]
        values = [format_number(x, digits=6, grouping=True, style="tex") for x in self.values]
        chances = [tex_value(q, 3) if is_exact(q) else rf"\approx {tex_value(q, 2)}" for q in self.probs]
        # a label that would touch an earlier one takes the next row (under the ground, above the bars);
        # crowded labels are set small when that saves a row, so the weights keep their height
        self.value_labels, rows = self._labels_in_rows(values, colors)
        self.prob_labels, prob_rows = self._labels_in_rows(chances, [t.text] * len(chances))
        row_h = max(m.height for m in [*self.value_labels, *self.prob_labels]) + 0.12
        value_rows, prob_rows = max(rows) + 1, max(prob_rows) + 1
        self.ground.shift(UP * (0.15 + value_rows * row_h))
        ground_y = self.ground.get_center()[1]
        self.beam_y = ground_y + foot
        self.beam = Line(self.point(self.x_range[0], self.beam_y), self.point(self.x_range[1], self.beam_y),
                         color=t.axis, stroke_width=t.stroke * 1.5)
        gap = float(np.min(np.diff(self.values)))
        self.bar_width = min(0.55 * gap * length / (hi - lo + 2 * pad), 0.9)
        # the tallest bar takes what is left above the beam once its labels (and the tilt) have room
        # the beam tips at most so far that its low end stays well above the ground
        self.max_tilt = min(MAX_TILT, 0.6 * foot / (0.92 * length))
        room = box.top - self.beam_y - prob_rows * row_h - 0.12 - self.max_tilt * length / 2
        tallest = (0.62 if self.shape == "tall" else 0.5) * box.height
        self.bar_scale = min(tallest, room) / float(self.probs.max())  # scene units per unit of chance
        self.bars = VGroup()
        for i, (x, q, color) in enumerate(zip(self.values, self.probs, colors)):
            bar = Rectangle(width=self.bar_width, height=max(q * self.bar_scale, 1e-3), stroke_width=0,
                            fill_color=color, fill_opacity=0.9)
            bar.move_to(self.point(x, self.beam_y), aligned_edge=DOWN)
            self.bars.add(bar)
            self.prob_labels[i].next_to(bar, UP, buff=0.12)
            self.value_labels[i].next_to(self.point(x, ground_y), DOWN, buff=0.15 + rows[i] * row_h)
        for i, label in enumerate(self.prob_labels):  # lift a chance over any earlier one it touches
            for other in self.prob_labels[:i]:
                if self._touch(label, other):
                    label.shift(UP * (other.get_top()[1] + 0.1 - label.get_bottom()[1]))
        self.ticks = VGroup(*[Line(self.point(x, self.ground.get_center()[1] - 0.08),
                                   self.point(x, self.ground.get_center()[1] + 0.08), color=t.axis,
                                   stroke_width=2) for x in self.values])
        self.beam_group = VGroup(self.beam, self.bars, self.prob_labels)
        self.pivot = ValueTracker(self.pivot_start)
        self.fulcrum = self._fulcrum(self.pivot_start, t.estimate)
        self._tilt_state = (self.apex(self.pivot_start), 0.0)
        self._tilt_to(self.pivot_start)

    def _labels_in_rows(self, texts, colors):
        """The labels for ``texts`` at label size, or small where that takes fewer rows; and their rows."""
        best = None
        for role in ("label", "small"):
            labels = VGroup(*[self.tex(text, role=role, color=c) for text, c in zip(texts, colors)])
            rows = self._label_rows(labels)
            if best is None or max(rows) < max(best[1]):
                best = (labels, rows)
        return best

    def _label_rows(self, labels) -> list[int]:
        """A row for each label centred over its value: the first row where it touches no earlier one."""
        xs = [self.ground.n2p(x)[0] for x in self.values]
        ends: list[float] = []  # right edge of the last label in each row
        rows = []
        for x, label in zip(xs, labels):
            left = x - label.width / 2
            row = next((r for r, end in enumerate(ends) if left > end + 0.15), len(ends))
            if row == len(ends):
                ends.append(0.0)
            ends[row] = x + label.width / 2
            rows.append(row)
        return rows

    @staticmethod
    def _touch(a, b, gap: float = 0.1) -> bool:
        return (a.get_left()[0] < b.get_right()[0] + gap and b.get_left()[0] < a.get_right()[0] + gap
                and a.get_bottom()[1] < b.get_top()[1] + gap and b.get_bottom()[1] < a.get_top()[1] + gap)

    def point(self, x: float, y: float) -> np.ndarray:
        """The scene point above value ``x`` of the ground line, at height ``y``."""
        return np.array([self.ground.n2p(x)[0], y, 0.0])

    def apex(self, c: float) -> np.ndarray:
        return self.point(c, self.beam_y)

    def tilt(self, c: float) -> float:
        """The beam's angle with the pivot at ``c``: it tips towards the side that turns it (the
        core's torque), level only at the balance point."""
        span = float(self.values[-1] - self.values[0])
        return -self.max_tilt * math.tanh(self.torque(c) / (0.25 * span))

    def _tilt_to(self, c: float):
        apex, angle = self._tilt_state
        self.beam_group.rotate(-angle, about_point=apex)  # level again, then tip about the new apex
        new_apex, new_angle = self.apex(c), self.tilt(c)
        self.beam_group.rotate(new_angle, about_point=new_apex)
        self._tilt_state = (new_apex, new_angle)

    def _fulcrum(self, c: float, color: str) -> Polygon:
        half = min(0.35, 0.6 * self.foot)
        top = self.apex(c)
        return Polygon(top, top + np.array([-half, -self.foot, 0]), top + np.array([half, -self.foot, 0]),
                       color=color, fill_color=color, fill_opacity=0.9, stroke_width=2)

    def _panel(self, *rows):
        """Up to three rows in the side panel, fitted readably."""
        return self.fit_rows(VGroup(*rows), self.side_box, buff=0.3, columns=1, readable=True)

    # -- beats: the discrete game --------------------------------------------------------

    def _show_game(self):
        self.play(Fade(self.title_mob), Create(self.ground), Create(self.ticks), Fade(self.value_labels),
                  run_time=1.2)
        self.play(Create(self.beam), Fade(self.fulcrum), run_time=1.0)
        self.play(Fade(self.bars), Fade(self.prob_labels), run_time=1.2)
        # from here on the beam and its weights move as one (an updater runs only on what the scene holds)
        self.remove(self.beam, self.bars, self.prob_labels)
        self.add(self.beam_group)

    def _show_balance(self):
        t = self.theme
        # places fixed by the outcomes' range, so the moving numbers do not jump in length
        places = int(np.clip(2 - math.floor(math.log10(float(np.ptp(self.values)))), 0, 6))
        style = {"decimals": places, "trim": True, "grouping": True, "color": t.estimate}
        self.pivot_value = self.number(self.pivot_start, **style)
        self.torque_value = self.number(self.torque(self.pivot_start), **style)
        self.pivot_row = self.readout_row("c =", self.pivot_value)
        self.torque_row = self.readout_row(r"\textstyle\sum_i p_i\,(x_i - c) =", self.torque_value)
        self.panel = self._panel(self.pivot_row, self.torque_row)
        self.play(Fade(self.panel), run_time=0.8)

        # one updater per moving piece: manim redraws only mobjects that have updaters (or lie above one)
        updaters = [
            (self.beam_group, lambda m: self._tilt_to(self.pivot.get_value())),
            (self.fulcrum, lambda m: m.become(self._fulcrum(self.pivot.get_value(), t.estimate))),
            (self.pivot_row, lambda m: m.set_values(self.pivot.get_value())),
            (self.torque_row, lambda m: m.set_values(self.torque(self.pivot.get_value()))),
        ]
        for mob, update in updaters:
            mob.add_updater(update)
        # past the balance point first, so the beam is seen to tip the other way, then back to it
        lo, hi = float(self.values[0]), float(self.values[-1])
        overshoot = float(np.clip(self.mean + 0.5 * (self.mean - self.pivot_start), lo, hi))
        self.play(self.pivot.animate.set_value(overshoot), run_time=2.0, rate_func=smooth)
        self.play(self.pivot.animate.set_value(self.mean), run_time=2.5, rate_func=smooth)
        for mob, update in updaters:
            update(mob)  # a skipped animation (a dry run) runs no updaters
            mob.remove_updater(update)
        self.torque_row.set_values(0.0 if self.exact_mean is not None else self.torque(self.mean))

    def _show_weighted_average(self):
        t = self.theme
        terms = " + ".join(rf"{self._paren(x)} \cdot {tex_value(q, 3)}" for x, q in zip(self.values, self.probs))
        exact = self.exact_mean is not None and all(is_exact(q) for q in self.probs)
        rows = [self.tex(r"E[X] = \textstyle\sum_i x_i\,p_i", role="label")]
        if len(self.values) <= 3 and exact:
            rows.append(self.tex("=", terms, role="label"))
        shown = tex_value(self.mean) if exact else format_number(self.mean, digits=5, grouping=True, style="tex")
        rows.append(self.tex("=" if exact else r"\approx", shown, role="label", color=t.truth))
        panel = self._panel(*rows)
        truth = self._fulcrum(self.mean, t.truth)
        self.play(Fade(self.panel, into=False), run_time=0.5)
        self.play(Transform(self.fulcrum, truth), Fade(panel), run_time=1.2)
        self.panel = panel

    @staticmethod
    def _paren(x: float) -> str:
        text = format_number(x, digits=6, grouping=True, style="tex")
        return f"({text})" if x < 0 else text

    # -- beats: densities ---------------------------------------------------------------

    def _build_density_axes(self, box, top: float = 1.0, y_step: float = 0.5):
        t = self.theme
        # the tick under the balance points is left out: the pivot stands there
        cfg = axes_config(t, 1.0, y_step, x_range=(0, DENSITY_END), y_range=(0, top))
        cfg["x_axis_config"]["numbers_to_exclude"] = [0.0, 1.0, 2.0]
        axes = Axes(x_range=[0, DENSITY_END, 1], y_range=[0, top, y_step], x_length=box.width * 0.86,
                    y_length=box.height * (0.8 if self.shape == "tall" else 0.68), **cfg)
        axes.move_to(box.center + 0.25 * UP)
        return axes

    def _strip_bars(self, n: int) -> VGroup:
        t = self.theme
        points, weights = self.strips[n]
        width = DENSITY_END / n
        bars = VGroup()
        for x, w in zip(points, weights):
            lower, upper = self.axes.c2p(x - width / 2, 0), self.axes.c2p(x + width / 2, w / width)
            bar = Rectangle(width=upper[0] - lower[0], height=max(upper[1] - lower[1], 1e-3),
                            stroke_width=1 if n <= 12 else 0, stroke_color=t.background,
                            fill_color=t.region, fill_opacity=0.75)
            bars.add(bar.move_to((lower + upper) / 2))
        return bars

    def _axis_fulcrum(self, x: float, color: str) -> Polygon:
        half, height = 0.22, 0.42
        top = self.axes.c2p(x, 0)
        return Polygon(top, top + np.array([-half, -height, 0]), top + np.array([half, -height, 0]),
                       color=color, fill_color=color, fill_opacity=0.9, stroke_width=2)

    def _strip_sum_row(self, n: int):
        value = self.number(self.strip_means[n], digits=3, color=self.theme.estimate)
        return self.readout_row(r"\textstyle\sum_i x_i\,p_i \approx", value), value

    def _show_strips(self):
        t = self.theme
        discrete = VGroup(self.ground, self.ticks, self.value_labels, self.beam_group, self.fulcrum, self.panel)
        self.play(Fade(discrete, into=False), run_time=0.8)
        self.axes = self._build_density_axes(self.main_box)
        self.x_label = self.tex("x", role="small", color=t.muted).next_to(self.axes.x_axis, RIGHT, buff=0.1)
        self.y_label = self.tex("f(x)", role="small", color=t.muted).next_to(self.axes.y_axis, UP, buff=0.1)
        n = STRIPS[0]
        self.strip_bars = self._strip_bars(n)
        self.density_fulcrum = self._axis_fulcrum(self.strip_means[n], t.estimate)
        self.sum_row, self.sum_value = self._strip_sum_row(n)
        self.n_row = self.readout_row("n =", self.number(n, decimals=0))
        self.panel = self._panel(self.tex(r"f(x) = e^{-x}", role="label", color=t.function), self.n_row,
                                 self.sum_row)
        self.play(Create(self.axes), Fade(self.x_label), Fade(self.y_label), run_time=1.2)
        self.play(Fade(self.strip_bars), Fade(self.density_fulcrum), Fade(self.panel), run_time=1.2)

    def _show_integral(self):
        t = self.theme
        for n in STRIPS[1:]:
            self.play(Transform(self.strip_bars, self._strip_bars(n)),
                      Transform(self.density_fulcrum, self._axis_fulcrum(self.strip_means[n], t.estimate)),
                      run_time=1.2)
            self.n_row.set_values(n)
            self.sum_row.set_values(self.strip_means[n])
            self.wait(0.4)
        self.curve = self.axes.plot(lambda x: float(self.exp_pdf(x)), x_range=[0, DENSITY_END, DENSITY_END / 200],
                                    color=t.function, stroke_width=t.stroke)
        self.area = self.axes.get_area(self.curve, x_range=(0, DENSITY_END), color=t.region, opacity=0.35)
        self.area.set_stroke(width=0)
        integral = self.tex(r"E[X] = \int_0^\infty x\,f(x)\,dx =", tex_value(self.exp_mean), role="label",
                            color=t.truth)
        panel = self._panel(self.tex(r"f(x) = e^{-x}", role="label", color=t.function), integral)
        self.play(Create(self.curve), ReplacementTransform(self.strip_bars, self.area),
                  Transform(self.density_fulcrum, self._axis_fulcrum(self.exp_mean, t.truth)),
                  Fade(self.panel, into=False), Fade(panel), run_time=1.8)
        self.panel = panel

    def _show_median(self):
        t = self.theme
        # the skewed density is lower: zoom the y axis to it, keeping the origin and the x scale
        zoomed = self._build_density_axes(self.main_box, top=0.4, y_step=0.1)
        zoomed.shift(self.axes.c2p(0, 0) - zoomed.c2p(0, 0))
        self.play(ReplacementTransform(self.axes, zoomed), Fade(self.curve, into=False),
                  Fade(self.area, into=False), Fade(self.panel, into=False), run_time=1.2)
        self.axes = zoomed
        skew = self.axes.plot(lambda x: float(self.skew_pdf(x)), x_range=[0, DENSITY_END, DENSITY_END / 200],
                              color=t.function, stroke_width=t.stroke)
        # the two halves in one role, told apart by shade (text on them keeps its contrast)
        left, right = (self.axes.get_area(skew, x_range=span, color=t.region, opacity=shade).set_stroke(width=0)
                       for span, shade in (((0, self.skew_median), 0.4), ((self.skew_median, DENSITY_END), 0.2)))
        peak = float(self.skew_pdf(self.skew_median))
        self.median_line = DashedLine(self.axes.c2p(self.skew_median, 0), self.axes.c2p(self.skew_median, peak),
                                      color=t.highlight, stroke_width=t.stroke * 0.7)
        halves = self._half_labels()
        self.median_label = self._median_label(skew)
        panel = self._panel(self.tex(r"f(x) = x\,e^{-x}", role="label", color=t.function),
                            self.tex(r"m \approx", format_number(self.skew_median, 3, style="tex"), role="label",
                                     color=t.highlight),
                            self.tex("E[X] =", tex_value(self.skew_mean), role="label", color=t.truth))
        self.curve = skew
        self.play(Create(skew), Fade(VGroup(left, right)), run_time=1.5)
        self.play(Create(self.median_line), Fade(self.median_label), Fade(halves), run_time=1.0)
        self.play(Transform(self.density_fulcrum, self._axis_fulcrum(self.skew_mean, t.truth)), Fade(panel),
                  run_time=1.2)
        self.halves, self.panel, self.skew_curve, self.skew_area = halves, panel, skew, VGroup(left, right)

    def _half_labels(self) -> VGroup:
        """A 1/2 inside each half of the skewed density's area, above the axis, clear of the median
        line and under the curve, both at the largest size that fits both."""
        m = self.skew_median
        axis_y, line_x = self.axes.c2p(0, 0)[1], self.median_line.get_center()[0]

        def fits(label, side) -> bool:
            xs = np.linspace(label.get_left()[0], label.get_right()[0], 5)
            under = min(self.axes.c2p(0, float(self.skew_pdf(self.axes.p2c([x, 0, 0])[0])))[1] for x in xs)
            clear = label.get_right()[0] < line_x - 0.1 if side < 0 else label.get_left()[0] > line_x + 0.1
            return clear and label.get_top()[1] < under - 0.1

        def place(tex, role, side):
            for x in ([0.55 * m, 0.7 * m] if side < 0 else [m + 0.6, m + 0.4, m + 0.25]):
                label = self.tex(tex, role=role)
                label.move_to([self.axes.c2p(x, 0)[0], axis_y + 0.12 + label.height / 2, 0])
                if fits(label, side):
                    return label
            return None

        for tex, role in ((r"\frac12", "label"), (r"\frac12", "small"), (r"\tfrac12", "small")):
            pair = [place(tex, role, -1), place(tex, role, 1)]
            if all(pair):
                return VGroup(*pair)
        return VGroup(*[self.tex(r"\tfrac12", role="small").next_to(np.array([line_x, axis_y + 0.1, 0]), UP + d,
                                                                    buff=0.12) for d in (LEFT, RIGHT)])

    def _median_label(self, curve):
        """"m" over the median line's top, in the first spot clear of the curve (it passes that top)."""
        label = self.tex("m", role="label", color=self.theme.highlight)
        top = self.median_line.get_end()
        spots = [top + np.array([dx, label.height / 2 + dy, 0]) for dy in (0.2, 0.35, 0.5, 0.7)
                 for dx in (0.0, 0.25, -0.25)]
        return place_label(label, spots, points=curve.points, clearance=0.15)
