"""Cross-entropy and the Kullback-Leibler divergence: the cost of coding P with a code made for Q.

Render with its defaults, as plain manim::

    manim -ql scenes/probability/cross_entropy_kl.py CrossEntropyKl

Above, the truth P and the prediction Q as bars per class. Below, lengths in
bits on one axis: ``H(P, Q) = H(P) + KL(P || Q)`` as two stacked pieces, then
the two directions of KL side by side, then the classification loss. A
length past the end of the axis (KL where Q rules out a class P allows) is
cut at the end and marked with an arrow.
"""

from __future__ import annotations

import math

import numpy as np
from manim import DOWN, RIGHT, UP, Arrow, Axes, Create, NumberLine, Transform, ValueTracker, VGroup, VMobject, smooth

from mathviz.core.information import (
    cross_entropy,
    drop_outcome,
    entropy,
    kl_divergence,
    mixture,
    one_hot,
)
from mathviz.kit import Fade, MathvizScene, nice_step, rounding, said, TEX_SCALE
from scenes.probability.specs import CrossEntropyKlParams

HALF = 0.36  # width of one bar of a class's pair, in class units
LABEL_ROOM = 0.6  # scene units left of the bar axes for their tick numbers (0.25)
ZERO_STEPS = 7  # q on the ruled-out class shrinks tenfold each step, 7 times, then reaches 0
TRAINING = (0.0, 0.3, 0.55, 0.75, 0.9)  # how far each training step has moved Q to the one-hot truth
KL_PQ, KL_QP = r"D_{\mathrm{KL}}(P\,\|\,Q)", r"D_{\mathrm{KL}}(Q\,\|\,P)"


class CrossEntropyKl(MathvizScene):
    Params = CrossEntropyKlParams
    title = "Cross-entropy and KL divergence"

    def construct(self):
        self._compute()
        self._build_layout()
        self.beat("two", "P is the truth: how often each class really turns up. Q is a prediction of the "
                         "same classes, from a model.")
        self._show_bars()
        self.beat("cost", "Code the outcomes of P with a code built for Q, and each costs H of P and Q bits "
                          f"on average, here {said(self.h_pq)}: the entropy of P, which no code beats, "
                          f"plus an extra, the KL divergence, {said(self.kl_pq)}.")
        self._show_cost()
        self.beat("match", self._match_narration())
        self._show_match()
        self.beat("asymmetry", self._asymmetry_narration())
        self._show_asymmetry()
        self.beat("zero", f"Now let Q take probability away from class {self.ruled_out + 1}, which P says "
                          "happens. The extra climbs without bound: at zero, it is infinite. A prediction "
                          "must never rule out what can happen.")
        self._show_zero()
        c = self.params.true_class
        self.beat("one-hot", f"In classification, P is one-hot: the answer is class {c}, so H of P is zero, "
                             f"and the cross-entropy is minus log q of class {c}, the familiar loss. As a "
                             "classifier trains, it puts more on the true class and the loss falls toward 0.")
        self._show_training()

    # -- numbers, all from the core ----------------------------------------------------------------

    def _compute(self):
        p = self.params
        self.p, self.q = np.asarray(p.p, dtype=float), np.asarray(p.q, dtype=float)
        self.n = len(self.p)
        self.h_p, self.h_pq = entropy(self.p), cross_entropy(self.p, self.q)
        self.kl_pq, self.kl_qp = kl_divergence(self.p, self.q), kl_divergence(self.q, self.p)
        self.ruled_out = int(np.argmax(self.p))
        self.without = drop_outcome(self.q, self.ruled_out)
        self.truth = one_hot(p.true_class - 1, self.n)
        self.training = [mixture(self.q, self.truth, t) for t in TRAINING]
        self.losses = [cross_entropy(self.truth, q) for q in self.training]
        self.top = max(self.h_pq, self.kl_qp, self.losses[0], 1.0) * 1.1

    def _match_narration(self) -> str:
        if self.kl_pq == 0:
            return ("Here Q already equals P, so there is no extra. KL is zero when Q equals P, and only "
                    "then: the cost is down to the entropy.")
        return ("Move Q toward P, and the extra shrinks. It is zero when Q equals P, and only then: the cost "
                "is down to the entropy.")

    def _asymmetry_narration(self) -> str:
        start = "Swap the roles: code the outcomes of Q with a code built for P. "
        if rounding(self.kl_pq)[1] == rounding(self.kl_qp)[1]:
            return (start + f"For these two the extras happen to agree, {said(self.kl_pq)} both ways; in "
                    "general they differ. KL is not symmetric, so it is no distance.")
        return (start + f"The extra is {said(self.kl_qp)}, not {said(self.kl_pq)}: KL is not symmetric, so "
                "it is no distance.")

    # -- layout and mobjects ---------------------------------------------------------------------------

    def _build_layout(self):
        layout = self.layout(3, 2, tall=(7, 3), square=(7, 2))
        self.side_box = layout.side
        top, bottom = layout.main.split((3, 2), gap=0.3)
        self.bars_plot = self._build_bars_plot(top)
        self.bits = self._build_bits(bottom)
        t = self.theme
        self.p_bars = self._bars(self.p, 0)
        self.q_bars = self._bars(self.q, 1)
        self.entropy_part = self._segment(0, self.h_p, 0, t.truth)
        self.extra_part = self._segment(self.h_p, self.h_pq, 0, t.estimate)
        self.pq_part = self._segment(0, self.kl_pq, 0, t.first)
        self.qp_part = self._segment(0, self.kl_qp, 1, t.second)
        self.cut_mark = self._cut_mark(0, t.estimate)
        # names of the lengths: under the stacked pieces (row 1 is free then), right of the two directions
        self.h_label = self.tex("H(P)", role="small", color=t.truth).next_to(self.entropy_part, DOWN, buff=0.1)
        self.kl_label = self.tex(KL_PQ, role="small", color=t.estimate).next_to(self.extra_part, DOWN, buff=0.1)
        if self.kl_label.get_left()[0] < self.h_label.get_right()[0] + 0.2:
            self.kl_label.shift(RIGHT * (self.h_label.get_right()[0] + 0.2 - self.kl_label.get_left()[0]))
        self.pq_label = self.tex(r"P\,\|\,Q", role="small", color=t.first).next_to(self.pq_part, RIGHT, buff=0.15)
        self.qp_label = self.tex(r"Q\,\|\,P", role="small", color=t.second).next_to(self.qp_part, RIGHT, buff=0.15)

    def _build_bars_plot(self, box):
        """P and Q bars per class: the axes fill ``box`` at full text size (the axes shrink, not the text)."""
        room = LABEL_ROOM * self.theme.text_scale  # left of the axes: the tick numbers
        x_length, y_length = box.width - room - 0.2, box.height * 0.75
        for _ in range(3):
            group = self._build_bars_plot_at(x_length, y_length)
            extra = group.height - (box.height - 0.1)
            if extra <= 1e-3:
                break
            y_length = max(0.5, y_length - extra - 0.02)
        group.shift(RIGHT * (box.left + room + 0.1 - self.axes.c2p(0, 0)[0]))
        group.shift(UP * (box.center[1] - group.get_center()[1]))
        return group

    def _build_bars_plot_at(self, x_length: float, y_length: float):
        t, n = self.theme, self.n
        axes = Axes(x_range=[0, n, 1], y_range=[0, 1, 0.25 if y_length > 2.2 * t.text_scale else 0.5],
                    x_length=x_length, y_length=y_length, tips=False,
                    axis_config={"color": t.axis, "stroke_width": 2, "font_size": t.font_size("small")},
                    x_axis_config={"include_ticks": False},
                    y_axis_config={"include_numbers": True, "decimal_number_config": {
                        "num_decimal_places": 2, "color": t.muted}})
        classes = VGroup(*[self.tex(str(c), role="small", color=t.muted).next_to(axes.c2p(c - 0.5, 0), DOWN, buff=0.1)
                           for c in range(1, n + 1)])
        x_label = self.text("class", role="small", color=t.muted).next_to(classes, DOWN, buff=0.08)
        legend = VGroup(self.tex("P", role="label", color=t.truth), self.tex("Q", role="label", color=t.estimate)
                        ).arrange(RIGHT, buff=0.35).next_to(axes, UP, buff=0.1).align_to(axes, RIGHT)
        self.axes, self.legend = axes, legend
        return VGroup(axes, classes, x_label, legend)

    def _build_bits(self, box):
        """The bits axis along the bottom of ``box``, with room above it for two rows of lengths."""
        t = self.theme
        step = nice_step(self.top, 5)
        self.top = math.ceil(self.top / step - 1e-9) * step
        label = self.text("bits", role="small", color=t.muted)
        line = NumberLine(x_range=[0, self.top, step], length=box.width - label.width - 0.8, color=t.axis,
                          stroke_width=2, include_numbers=True, font_size=t.font_size("small") * TEX_SCALE,
                          decimal_number_config={"num_decimal_places": 0 if step >= 1 else 1, "color": t.muted})
        label.next_to(line, RIGHT, buff=0.2)
        group = VGroup(line, label).move_to(box.center)
        group.shift(UP * (box.bottom + 0.05 - group.get_bottom()[1]))
        self.line = line
        self.row_height = min(0.45, (box.top - line.n2p(0)[1] - 0.05) / 2.8)
        return group

    def _row_base(self, row: int) -> float:
        """The y of the bottom of row 0 (upper) or row 1 (lower) of lengths above the bits axis."""
        return float(self.line.n2p(0)[1] + self.row_height * (0.35 + 1.4 * (1 - row)))

    def _segment(self, start: float, stop: float, row: int, color) -> VMobject:
        mob = VMobject(fill_color=color, fill_opacity=0.75, stroke_color=color, stroke_width=1.5)
        return self._set_segment(mob, start, stop, row)

    def _set_segment(self, mob, start: float, stop: float, row: int) -> VMobject:
        """Make ``mob`` the length from ``start`` to ``stop`` bits on ``row``; cut at the axis end."""
        a, b = (self.line.n2p(min(v, self.top))[0] for v in (start, stop))
        y0 = self._row_base(row)
        y1 = y0 + self.row_height
        return mob.set_points_as_corners([[a, y0, 0], [b, y0, 0], [b, y1, 0], [a, y1, 0], [a, y0, 0]])

    def _cut_mark(self, row: int, color) -> Arrow:
        """An arrow just past the axis end: the length goes on beyond it."""
        x = self.line.n2p(self.top)[0]
        y = self._row_base(row) + self.row_height / 2
        return Arrow([x - 0.1, y, 0], [x + 0.45, y, 0], buff=0, color=color, stroke_width=self.theme.stroke,
                     max_tip_length_to_length_ratio=0.5)

    def _bars(self, values, side: int) -> VGroup:
        color = self.theme.truth if side == 0 else self.theme.estimate
        bars = VGroup(*[VMobject(fill_color=color, fill_opacity=0.7, stroke_color=color, stroke_width=1.5)
                        for _ in values])
        return self._set_bars(bars, values, side)

    def _set_bars(self, bars, values, side: int) -> VGroup:
        """Heights ``values``: side 0 (P) left of each class's centre, side 1 (Q) right of it."""
        c2p = self.axes.c2p
        for c, (bar, h) in enumerate(zip(bars, values), start=1):
            a = c - 0.5 - HALF if side == 0 else c - 0.5
            b = a + HALF
            bar.set_points_as_corners([c2p(a, 0), c2p(b, 0), c2p(b, h), c2p(a, h), c2p(a, 0)])
        return bars

    def _rows(self, *rows) -> VGroup:
        group = VGroup(*rows)
        self.fit_rows(group, self.side_box, buff=0.3)
        return group

    def _value_row(self, lhs: str, value: float, color, live: bool = False):
        """``lhs ≈ value`` (``=`` when exact); ``live``: a row whose number changes, always ``≈``."""
        if live:
            return self.readout_row(lhs + r" \approx", self.number(value, decimals=2, color=color), color=color)
        relation, text = rounding(value)
        return self.tex(rf"{lhs} {relation} {text}", role="label", color=color)

    # -- beats ------------------------------------------------------------------------------------------

    def _swap_panel(self, rows):
        old = getattr(self, "panel", None)
        if old is not None:
            self.play(Fade(old, into=False), run_time=0.4)
        self.play(Fade(rows), run_time=0.6)
        self.panel = rows

    def _show_bars(self):
        t = self.theme
        self.play(Fade(self.title_mob), Create(self.bars_plot), run_time=1.2)
        self.play(Fade(self.p_bars), run_time=0.6)
        self.play(Fade(self.q_bars), run_time=0.6)
        self._swap_panel(self._rows(self.tex(r"P:\ \text{the truth}", role="label", color=t.truth),
                                    self.tex(r"Q:\ \text{the prediction}", role="label", color=t.estimate)))

    def _show_cost(self):
        t = self.theme
        self.play(Create(self.bits), run_time=0.8)
        self.play(Fade(self.entropy_part), Fade(self.h_label), run_time=0.6)
        self.play(Fade(self.extra_part), Fade(self.kl_label), run_time=0.6)
        self.kl_row = self._value_row(KL_PQ, self.kl_pq, t.estimate, live=True)
        self.h_pq_row = self._value_row(r"H(P, Q)", self.h_pq, t.text, live=True)
        self._swap_panel(self._rows(self._value_row(r"H(P)", self.h_p, t.truth), self.kl_row, self.h_pq_row))

    def _show_match(self):
        """Q slides along mixture(q, p, s) to P; every frame's bars and numbers are the core's for that s."""
        s = ValueTracker(0.0)
        self.play(Fade(self.kl_label, into=False), run_time=0.4)  # it would sit on a piece that vanishes

        def follow(_):
            q = mixture(self.q, self.p, s.get_value())
            self._set_bars(self.q_bars, q, 1)
            self._set_segment(self.extra_part, self.h_p, cross_entropy(self.p, q), 0)
            self.kl_row.set_values(kl_divergence(self.p, q))
            self.h_pq_row.set_values(cross_entropy(self.p, q))

        driver = VGroup(self.q_bars, self.extra_part, self.kl_row, self.h_pq_row)
        driver.add_updater(follow)
        self.add(driver)
        self.play(s.animate.set_value(1.0), run_time=3.0, rate_func=smooth)
        driver.remove_updater(follow)
        follow(None)
        exact = self._rows(self._value_row(r"H(P)", self.h_p, self.theme.truth),
                           self._value_row(KL_PQ, kl_divergence(self.p, mixture(self.q, self.p, 1.0)),
                                           self.theme.estimate),
                           self._value_row(r"H(P, Q) = H(P)", self.h_p, self.theme.text))
        self._swap_panel(exact)

    def _show_asymmetry(self):
        t = self.theme
        back = self._bars(self.q, 1)
        self.play(Transform(self.q_bars, back),
                  Fade(VGroup(self.entropy_part, self.extra_part, self.h_label), into=False), run_time=1.0)
        self.play(Fade(VGroup(self.pq_part, self.pq_label, self.qp_part, self.qp_label)), run_time=0.8)
        relation = "=" if rounding(self.kl_pq)[1] == rounding(self.kl_qp)[1] else r"\neq"
        self._swap_panel(self._rows(self._value_row(KL_PQ, self.kl_pq, t.first),
                                    self._value_row(KL_QP, self.kl_qp, t.second),
                                    self.tex(rf"{KL_PQ} {relation} {KL_QP}", role="label")))

    def _show_zero(self):
        """q on the ruled-out class falls tenfold per step, then to 0: the extra is the core's at each step."""
        t, j = self.theme, self.ruled_out
        self.play(Fade(VGroup(self.qp_part, self.qp_label, self.pq_label), into=False), run_time=0.4)
        self.zero_q = self.number(self.q[j], digits=2, color=t.estimate)
        q_row = self.readout_row(rf"q_{{{j + 1}}} \approx", self.zero_q, color=t.estimate)
        self.kl_row = self._value_row(KL_PQ, self.kl_pq, t.first, live=True)
        self._swap_panel(self._rows(q_row, self.kl_row))
        self.cut_mark.set_color(t.first)
        cut = False  # the arrow past the axis end shows once the length runs beyond it
        for step in range(1, ZERO_STEPS + 2):
            q = mixture(self.q, self.without, 1 - 10.0 ** -step) if step <= ZERO_STEPS else self.without
            kl = kl_divergence(self.p, q)
            moves = [Transform(self.q_bars, self._bars(q, 1)),
                     Transform(self.pq_part, self._segment(0, kl, 0, t.first))]
            if kl > self.top and not cut:
                moves.append(Fade(self.cut_mark))
                cut = True
            if step <= ZERO_STEPS:
                q_row.set_values(q[j])
                self.kl_row.set_values(kl)
            self.play(*moves, run_time=0.6)
        self.final_kl = kl
        infinite = self._rows(self.tex(rf"q_{{{j + 1}}} = 0", role="label", color=t.estimate),
                              self.tex(rf"{KL_PQ} = \infty", role="label", color=t.first))
        self._swap_panel(infinite)

    def _show_training(self):
        t, c = self.theme, self.params.true_class
        self.loss_part = self._segment(0, self.losses[0], 0, t.estimate)
        self.loss_value = self.number(self.losses[0], decimals=2, color=t.estimate)
        self.step_value = self.number(0, decimals=0)
        rows = self._rows(self.readout_row(r"\text{training step}\ ", self.step_value),
                          self.readout_row(rf"-\log_2 q_{{{c}}} \approx", self.loss_value, color=t.estimate),
                          self.tex(r"H(P) = 0", role="label", color=t.truth))
        self.play(Transform(self.p_bars, self._bars(self.truth, 0)), Transform(self.q_bars, self._bars(self.q, 1)),
                  Fade(VGroup(self.pq_part, self.cut_mark), into=False), run_time=1.0)
        self._swap_panel(rows)
        self.play(Fade(self.loss_part), run_time=0.6)
        for step, (q, loss) in enumerate(zip(self.training[1:], self.losses[1:]), start=1):
            rows[0].set_values(step)
            rows[1].set_values(loss)
            self.play(Transform(self.q_bars, self._bars(q, 1)),
                      Transform(self.loss_part, self._segment(0, loss, 0, t.estimate)), run_time=0.8)
