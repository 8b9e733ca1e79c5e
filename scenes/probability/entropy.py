"""Entropy as the average number of yes/no questions a guess needs.

Render with its defaults, as plain manim::

    manim -ql scenes/probability/entropy.py Entropy

Two plots share the x axis (the numbers 1..n): above, the probability of
each number; below, the questions a plan spends on it (bars) and the ideal
``log2 1/p`` (marks). The plan is first halving, then an optimal
(Huffman) code; the entropy is the marks' average, weighted by ``p``.
"""

from __future__ import annotations

import math

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Axes, Create, Line, Transform, VGroup, VMobject

from mathviz.core.information import (
    bisection_questions,
    entropy,
    huffman_average_length,
    huffman_code_lengths,
    one_hot,
    surprisal,
    truncated_poisson,
    uniform_distribution,
)
from mathviz.kit import decimals_for, Fade, format_number, MathvizScene, nice_step, rounding, said
from scenes.probability.specs import EntropyParams

BAR = 0.36  # half the width of a bar, in x units (one number per unit)
LABEL_ROOM = 0.55  # scene units left of a plot's axes for its tick numbers (0.25, 20)


class Entropy(MathvizScene):
    Params = EntropyParams
    title = "Entropy: the questions a guess needs"

    def construct(self):
        self._compute()
        self._build_layout()
        n, k = self.n, len(self.halving_path) - 1
        self.beat("halving", f"I pick a number from 1 to {n}, and you find it with yes-or-no questions. "
                             "Ask if it is in the lower half: each answer cuts what is left in half, or "
                             f"nearly. This one took {self._amount(k, 'question')}. From 1 to 1024, it would "
                             "take 10.")
        self._show_halving()
        self.beat("plan", f"The bars below count the questions halving spends on each number: "
                          f"{self._halving_range()}. With every number equally likely, that is "
                          f"{said(self.halving_uniform)} on average.")
        self._show_plan()
        self.beat("skewed", self._skewed_narration())
        self._show_skewed()
        self.beat("code", "Ask smarter: give the likely numbers short runs of questions, and the rare ones "
                          "long runs. The best such plan, a Huffman code, averages "
                          f"{self._amount(self.huffman, 'question')}, never more than halving.")
        self._show_code()
        self.beat("entropy", "A number of probability p is worth log2 of 1 over p questions: the marks. "
                             f"Averaged over p, they give the entropy, {self._amount(self.h, 'bit')}. No "
                             "plan does better, and the best one stays within one question of it.")
        self._show_entropy()
        self.beat("most", f"Entropy is largest when every number is equally likely: log2 of {n}, "
                          f"{self._amount(math.log2(n), 'bit')}. Nothing hints where to look.")
        self._show_state(self.uniform, self.most_rows)
        self.beat("least", "And it is zero when the number is certain: there is nothing to ask.")
        self._show_state(self.certain, self.least_rows, rescale=True)

    # -- numbers, all from the core ---------------------------------------------------------------

    def _compute(self):
        p = self.params
        if p.distribution == "custom":
            self.p = np.asarray(p.probabilities, dtype=float)
        elif p.distribution == "poisson":
            self.p = truncated_poisson(p.rate, p.size)
        else:
            self.p = uniform_distribution(p.size)
        self.n = n = len(self.p)
        self.uniform = uniform_distribution(n)
        self.certain = one_hot(int(np.argmax(self.p)), n)
        self.secret = min(n, max(1, round(0.7 * n)))
        self.halving_path = bisection_questions(n, self.secret)
        self.halving = np.array([len(bisection_questions(n, k)) - 1 for k in range(1, n + 1)])
        self.halving_uniform = float(np.dot(self.uniform, self.halving))
        self.halving_p = float(np.dot(self.p, self.halving))
        self.lengths = huffman_code_lengths(self.p)
        self.huffman, self.h = huffman_average_length(self.p), entropy(self.p)
        self.marks_p = surprisal(self.p)

    @staticmethod
    def _unit(value: float, word: str) -> str:
        return word if said(value) == "1" else word + "s"

    def _amount(self, value: float, word: str) -> str:
        """``"about 2.82 questions"``, ``"1 bit"``: a value and its unit, for the narration."""
        return f"{said(value)} {self._unit(value, word)}"

    def _halving_range(self) -> str:
        lo, hi = int(self.halving.min()), int(self.halving.max())
        if lo == hi:
            return f"{lo} for every one of them"
        return f"{lo} or {hi}, as the halves come out even or not"

    def _skewed_narration(self) -> str:
        p = self.params
        if p.distribution == "uniform":
            return ("Suppose I keep picking evenly. Then no number is likelier than another, "
                    f"and halving still averages {self._amount(self.halving_p, 'question')}.")
        start = (f"Now I pick unevenly: one plus a Poisson count with rate {format_number(p.rate, 2, trim=True)}, "
                 f"cut off at {self.n}." if p.distribution == "poisson"
                 else "Now I pick with your probabilities, drawn above.")
        return (f"{start} Halving ignores the odds: with them, it averages "
                f"{self._amount(self.halving_p, 'question')}.")

    # -- layout and mobjects ----------------------------------------------------------------------

    def _build_layout(self):
        layout = self.layout(3, 2, tall=(7, 3), square=(7, 2))
        self.side_box = layout.side
        top, bottom = layout.main.split((1, 1.2), gap=0.2)
        self.p_box = top
        q_top = max(int(self.halving.max()), int(self.lengths.max()), 1) + 1
        finite = self.marks_p[np.isfinite(self.marks_p)]
        q_top = int(min(max(q_top, math.ceil(finite.max() + 1e-9)), q_top + 3))
        p_top = float(max(self.p.max(), self.uniform.max()))
        self.p_plot = self._build_plot(top, p_top, r"p(k)", numbers_below=False)
        self.q_plot = self._build_plot(bottom, float(q_top), r"\text{questions}", numbers_below=True)
        self.p_axes, self.q_axes = self.p_plot[0], self.q_plot[0]
        self.p_bars = self._bars(self.p_axes, self.uniform, self.theme.function)
        self.q_bars = self._bars(self.q_axes, self._asked_for_secret(0), self.theme.estimate)
        self.marks = self._marks(self.marks_p)
        self.secret_bar = self._bars(self.p_axes, self.uniform * (np.arange(1, self.n + 1) == self.secret),
                                     self.theme.highlight)
        self.region = self._region(*self.halving_path[0])
        self._build_panels()

    def _build_plot(self, box, top: float, y_tex: str, numbers_below: bool):
        """Axes over the numbers 1..n in ``box`` up to ``top``, with labels; the question axis
        (``numbers_below``, which also carries the numbers k) ticks at whole questions.

        Both plots get the same x length and x place, so number k sits at one x in both, and
        the axes shrink, not the text, to fit the box's height.
        """
        t = self.theme
        room = LABEL_ROOM * t.text_scale  # left of the axes: the tick numbers
        x_length = box.width - room - 0.2
        y_length = box.height * 0.8
        digit = self.tex("0", role="small").height
        value = top
        for _ in range(3):
            step = self._tick_step(value, y_length, digit, whole=numbers_below)
            top = math.ceil(value / step - 1e-9) * step
            group = self._build_plot_at(top, step, x_length, y_length, y_tex, numbers_below)
            extra = group.height - (box.height - 0.1)
            if extra <= 1e-3:
                break
            y_length = max(0.5, y_length - extra - 0.02)
        axes = group[0]
        group.shift(RIGHT * (box.left + room + 0.1 - axes.c2p(0, 0)[0]))
        group.shift(UP * (box.center[1] - group.get_center()[1]))
        return group

    @staticmethod
    def _tick_step(top: float, y_length: float, digit: float, whole: bool) -> float:
        """The finest 1-2-5 tick step whose numbers, ``digit`` high, keep clear of each other."""
        for target in (4, 3, 2, 1):
            step = nice_step(top, target)
            step = max(step, 1.0) if whole else step
            if y_length / math.ceil(top / step - 1e-9) >= 1.8 * digit:
                break
        return step

    def _build_plot_at(self, top, step, x_length, y_length, y_tex, numbers_below):
        t, n = self.theme, self.n
        axes = Axes(x_range=[0, n + 1, 1], y_range=[0, top, step], x_length=x_length, y_length=y_length,
                    tips=False, axis_config={"color": t.axis, "stroke_width": 2, "font_size": t.font_size("small")},
                    x_axis_config={"include_ticks": False},
                    y_axis_config={"include_numbers": True, "decimal_number_config": {
                        "num_decimal_places": decimals_for(step), "color": t.muted}})
        y_label = self.tex(y_tex, role="small", color=t.muted).next_to(axes, UP, buff=0.1).align_to(axes, LEFT)
        group = VGroup(axes, y_label)
        if numbers_below:
            every = max(1, int(nice_step(n, 8)))
            ticks = VGroup(*[self.tex(str(k), role="small", color=t.muted).next_to(axes.c2p(k, 0), DOWN, buff=0.1)
                             for k in range(1, n + 1) if k % every == 0 or k == 1 and every > 2])
            x_label = self.text("the number k", role="small", color=t.muted)
            x_label.next_to(ticks, DOWN, buff=0.1)
            group.add(ticks, x_label)
        return group

    def _asked_for_secret(self, asked: int) -> np.ndarray:
        """Question bars while halving: ``asked`` on the secret number, none yet on the others."""
        return np.where(np.arange(1, self.n + 1) == self.secret, asked, 0)

    def _bars(self, axes, heights, color) -> VGroup:
        """A bar of each height over the numbers 1..n; a bar of height 0 draws nothing."""
        bars = VGroup()
        for k, h in enumerate(np.asarray(heights, dtype=float), start=1):
            c2p, seen = axes.c2p, float(h > 0)
            bars.add(VMobject(fill_color=color, fill_opacity=0.6 * seen, stroke_color=color,
                              stroke_width=1.5, stroke_opacity=seen)
                     .set_points_as_corners([c2p(k - BAR, 0), c2p(k + BAR, 0), c2p(k + BAR, h), c2p(k - BAR, h),
                                             c2p(k - BAR, 0)]))
        return bars

    def _marks(self, values) -> VGroup:
        """``log2 1/p`` for each number as a short line across its bar; none where it is off the axes."""
        t, top = self.theme, self.q_axes.y_range[1]
        marks = VGroup()
        for k, v in enumerate(values, start=1):
            if np.isfinite(v) and v <= top + 1e-9:
                marks.add(Line(self.q_axes.c2p(k - BAR - 0.12, v), self.q_axes.c2p(k + BAR + 0.12, v),
                               color=t.truth, stroke_width=t.stroke))
        return marks

    def _region(self, low: int, high: int) -> VMobject:
        """The numbers still possible, ``low..high``, as a band behind their bars."""
        c2p, top = self.p_axes.c2p, self.p_axes.y_range[1]
        return VMobject(fill_color=self.theme.region, fill_opacity=0.3, stroke_width=0).set_points_as_corners(
            [c2p(low - 0.5, 0), c2p(high + 0.5, 0), c2p(high + 0.5, top), c2p(low - 0.5, top), c2p(low - 0.5, 0)])

    def _rows(self, *rows) -> VGroup:
        group = VGroup(*rows)
        self.fit_rows(group, self.side_box, buff=0.3)
        return group

    def _build_panels(self):
        t = self.theme
        self.asked = self.number(0, decimals=0, color=t.estimate)
        self.asked_row = self.readout_row(r"\text{questions asked} =", self.asked)
        self.question = self.tex(r"\text{Is it at most } " + str(self.n) + r"\text{?}", role="label")
        self.answer = self.tex(r"\text{yes}", role="label", color=t.highlight)
        self.halving_rows = self._rows(self.question, self.answer, self.asked_row)
        rel, value = rounding(self.halving_uniform)
        self.plan_rows = self._rows(self.tex(r"\text{halving: } b_k \text{ questions for } k", role="label"),
                                    self.tex(rf"\textstyle\sum_k \tfrac{{1}}{{{self.n}}}\,b_k {rel} {value}",
                                             role="label", color=t.estimate))
        rel, value = rounding(self.halving_p)
        self.skew_rows = self._rows(self.tex(r"\text{halving, with these } p(k)\text{:}", role="label"),
                                    self.tex(rf"\textstyle\sum_k p(k)\,b_k {rel} {value}", role="label",
                                             color=t.estimate))
        rel, value = rounding(self.huffman)
        self.code_rows = self._rows(self.tex(r"\text{Huffman: } \ell_k \text{ questions for } k", role="label"),
                                    self.tex(rf"L = \textstyle\sum_k p(k)\,\ell_k {rel} {value}", role="label",
                                             color=t.estimate))
        rel, value = rounding(self.h)
        self.entropy_rows = self._rows(
            self.tex(rf"H = \textstyle\sum_k p(k) \log_2 \tfrac{{1}}{{p(k)}} {rel} {value}", role="label",
                     color=t.truth),
            self.code_rows[1].copy(),
            self.tex(r"H \le L < H + 1", role="label"))
        rel, value = rounding(math.log2(self.n))
        self.most_rows = self._rows(self.tex(r"\text{all equally likely:}", role="label"),
                                    self.tex(rf"H = \log_2 {self.n} {rel} {value}", role="label", color=t.truth))
        self.least_rows = self._rows(self.tex(r"\text{one number certain:}", role="label"),
                                     self.tex(r"H = 0 = L", role="label", color=t.truth))

    # -- beats ----------------------------------------------------------------------------------------

    def _swap_panel(self, rows):
        """Replace what the side panel shows by ``rows``."""
        old = getattr(self, "panel", None)
        if old is not None:
            self.play(Fade(old, into=False), run_time=0.4)
        self.play(Fade(rows), run_time=0.6)
        self.panel = rows

    def _show_halving(self):
        self.play(Fade(self.title_mob), Create(self.p_plot), Create(self.q_plot), run_time=1.2)
        self.add(self.q_bars)
        self.play(Fade(self.region), Fade(self.p_bars), Fade(self.secret_bar), run_time=0.8)
        self.panel = self.halving_rows
        for step, (low, high) in enumerate(self.halving_path[1:], start=1):
            before_low, before_high = self.halving_path[step - 1]
            middle = (before_low + before_high) // 2
            question = self.tex(rf"\text{{Is it at most }} {middle}\text{{?}}", role="label").move_to(self.question)
            answer = self.tex(r"\text{yes}" if high <= middle else r"\text{no}", role="label",
                              color=self.theme.highlight).move_to(self.answer, aligned_edge=LEFT)
            if step > 1:
                self.play(Fade(self.answer, into=False), run_time=0.4)
            self.question.become(question)
            self.answer.become(answer)
            if step == 1:
                self.play(Fade(VGroup(self.question, self.asked_row)), run_time=0.4)
            self.play(Fade(self.answer), run_time=0.4)
            self.asked_row.set_values(step)
            self.play(Transform(self.region, self._region(low, high)),
                      Transform(self.q_bars, self._bars(self.q_axes, self._asked_for_secret(step),
                                                        self.theme.estimate)), run_time=0.8)

    def _show_plan(self):
        self.play(Transform(self.q_bars, self._bars(self.q_axes, self.halving, self.theme.estimate)), run_time=1.2)
        self._swap_panel(self.plan_rows)

    def _show_skewed(self):
        self.play(Fade(VGroup(self.region, self.secret_bar), into=False), run_time=0.4)
        self.skewed_bars = self._bars(self.p_axes, self.p, self.theme.function)
        self.skewed_axes = self.p_axes.copy()  # the last beat moves the axes in place
        self.play(Transform(self.p_bars, self.skewed_bars), run_time=1.6)
        self._swap_panel(self.skew_rows)

    def _show_code(self):
        self.code_bars = self._bars(self.q_axes, self.lengths, self.theme.estimate)
        self.play(Transform(self.q_bars, self.code_bars), run_time=1.6)
        self._swap_panel(self.code_rows)

    def _show_entropy(self):
        self.play(Create(self.marks), run_time=1.2)
        self.entropy_marks = self.marks.copy()  # later beats move the marks in place
        self._swap_panel(self.entropy_rows)

    def _show_state(self, p, rows, rescale: bool = False):
        """Bars, plan and marks for the distribution ``p`` (a new probability axis up to 1 if ``rescale``)."""
        moves = []
        if rescale:
            target_plot = self._build_plot(self.p_box, 1.0, r"p(k)", numbers_below=False)
            moves.append(Transform(self.p_plot, target_plot))
            self.p_axes = target_plot[0]
        moves += [Transform(self.p_bars, self._bars(self.p_axes, p, self.theme.function)),
                  Transform(self.q_bars, self._bars(self.q_axes, huffman_code_lengths(p), self.theme.estimate)),
                  Transform(self.marks, self._marks(surprisal(p)))]
        self.play(*moves, run_time=1.6)
        self._swap_panel(rows)
