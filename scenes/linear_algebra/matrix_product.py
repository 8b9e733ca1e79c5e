"""The matrix product: B then A moves the grid as AB does; BA moves it elsewhere; entries are row times column.

Render with its defaults, as plain manim::

    manim -ql scenes/linear_algebra/matrix_product.py MatrixProduct
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    FadeIn,
    FadeOut,
    ReplacementTransform,
    SurroundingRectangle,
    Transform,
    ValueTracker,
    VGroup,
    smooth,
)

from mathviz.core.linalg import column_path, commute, composed_path, product_terms
from mathviz.kit import (
    background_grid,
    emphasise,
    CarriedPlane,
    column_matrix,
    fit_plane,
    format_number,
    grid_step,
    MathvizScene,
    matrix_row,
    rounding,
    said,
    TEX_SCALE,
    tip_label,
)
from scenes.linear_algebra.specs import MatrixProductParams, matrix_product_picture

SHOWN_ENTRY = (1, 0)  # the entry worked out in full: row 2, column 1 (zero-based)
ENTRY_ORDER = ((0, 0), (0, 1), (1, 1))  # then the other three, quickly


class MatrixProduct(MathvizScene):
    Params = MatrixProductParams
    title = "The matrix product: one map after another"

    def construct(self):
        picture = matrix_product_picture(self.params.a, self.params.b)
        self.A, self.B, self.AB, self.BA = (picture[k] for k in ("A", "B", "AB", "BA"))
        self.terms = product_terms(self.A, self.B)
        self.commuting = commute(self.A, self.B)
        self.t = ValueTracker(0.0)  # time along the route now shown
        self.route = lambda t: composed_path(self.A, self.B, t)
        self._build_layout(picture["points"])

        self.beat("two-maps", "Two maps, one after the other: first B, then A. Each is a matrix, and each "
                              "moves the grid. What does the pair do together?")
        self._show_two_maps()
        self.beat("b-first", "First B moves the grid. e1 and e2 land on the columns of B.")
        self._show_step(1.0, 0)
        self.beat("then-a", "Then A moves the grid that B left behind, and e1 and e2 ride along with it. "
                            "They end at A times each column of B.")
        self._show_step(2.0, 1)
        self.beat("one-map", "Start again and apply one matrix, the product AB, in a single move. It lands on "
                             "exactly the same grid: B followed by A is the one map AB.")
        self._show_one_map()
        self.beat("entry", self._entry_narration())
        self._show_entry()
        self.beat("entries", "The other three entries follow the same rule, each a row of A against a "
                             "column of B: four dot products in all.")
        self._show_other_entries()
        self.beat("other-order", self._order_narration())
        self._show_other_order()
        self.beat("summary", self._summary_narration())
        self._show_summary()

    # -- what moves ------------------------------------------------------------------------------

    def matrix_now(self) -> np.ndarray:
        return self.route(self.t.get_value())

    # -- narration -------------------------------------------------------------------------------

    def _entry_narration(self) -> str:
        i, j = SHOWN_ENTRY
        (p, q), (r, s) = ((said(self.A[i, k]), said(self.B[k, j])) for k in range(2))
        value = said(self.terms[i, j].sum())
        return (f"Each entry of AB pairs a row of A with a column of B. Row {i + 1}, column {j + 1}: "
                f"{p} times {q}, plus {r} times {s}, makes {value}. That is the second coordinate "
                "of where e1 landed.")

    def _order_narration(self) -> str:
        if self.commuting:
            return ("Now swap the order: A first, then B. For these two matrices the grid lands in the same "
                    "place, so BA equals AB. That is a property of this pair, not a rule.")
        return ("Now swap the order: A first, then B. The grid lands somewhere else, off the faint copy "
                "that AB left: BA is a different matrix.")

    def _summary_narration(self) -> str:
        if self.commuting:
            return ("So AB means: do B, then A, and its entries are rows against columns. These two happen to "
                    "commute, but most pairs do not: check before swapping factors.")
        return ("So AB means: do B, then A, and its entries are rows against columns. The order of the "
                "factors matters: AB and BA are different maps.")

    # -- layout and mobjects ---------------------------------------------------------------------

    def _build_layout(self, points):
        layout = self.layout(3, 2, square=(3, 1.2))
        self.plane_box, self.panel_box = layout.main, layout.side
        self.plane = fit_plane(self.plane_box, points, margin=1.25)  # room for the names at the tips
        step = grid_step(self.plane)
        self.background = background_grid(self.plane, self.theme, step)
        self.carried = CarriedPlane(self.plane, self.theme, step, [self.A, self.B, self.AB, self.BA])
        self.carried.follow(self.matrix_now)
        self.arrows = self.carried.arrows

    def _panel(self, *rows):
        """Swap the panel to ``rows`` (kept as ``self.shown``)."""
        self.shown = list(rows)
        return self.swap_panel_across(*rows)

    def _rows(self, *names) -> list[VGroup]:
        """Fresh ``name = [..]`` rows (also ``self.rows[name]``): each panel sizes its own."""
        matrices = {"A": self.A, "B": self.B, "AB": self.AB, "BA": self.BA}
        self.rows = {name: matrix_row(self, name, matrices[name]) for name in names}
        return list(self.rows.values())

    def _plated(self, tex: str, color):
        label = self.tex(tex, role="label", color=color)
        return label.add_background_rectangle(color=self.theme.background, opacity=0.7, buff=0.05)

    def _ghost(self) -> VGroup:
        """A faint, still copy of the grid and of e1, e2 where they are now."""
        grid = self.carried.grid.copy().set_stroke(color=self.theme.muted, opacity=0.35)
        arrows = self.carried.arrows.copy().set_opacity(0.4)
        return VGroup(grid, arrows)

    def _restart(self, route):
        """The grid back at the identity, at once, on a new route."""
        self.play(FadeOut(self.carried), FadeOut(self.labels), run_time=0.6)
        self.route = route
        self.t.set_value(0.0)
        self.carried.set_matrix(self.matrix_now())
        self.labels, self.letter = self._basis_labels(""), ""
        self.play(FadeIn(self.carried), FadeIn(self.labels), run_time=0.6)

    def _basis_labels(self, letter: str) -> VGroup:
        t = self.theme
        return VGroup(*[tip_label(self._plated(rf"{letter}\mathbf e_{k + 1}", c), self.arrows[k], s)
                        for k, (c, s) in enumerate(((t.first, -1.0), (t.second, 1.0)))])

    def _name_arrows(self, letter: str):
        """Rename the carried arrows for where they are: e_k at the identity, M e_k under M."""
        if letter != self.letter:
            new = self._basis_labels(letter)
            self.play(*[ReplacementTransform(o, n) for o, n in zip(self.labels, new)], run_time=0.5)
            self.labels, self.letter = new, letter

    def _factor(self, v) -> str:
        text = format_number(v, 2, trim=True, style="tex")
        return f"({text})" if v < 0 else text

    def _entry_line(self, i: int, j: int):
        """``(AB)_ij = a_i1 b_1j + a_i2 b_2j = value``: the pieces from the core's product terms."""
        value = float(self.terms[i, j].sum())
        shown = [self.A[i, 0], self.B[0, j], self.A[i, 1], self.B[1, j]]
        relation, text = rounding(value)
        exact = relation == "=" and all(rounding(v)[0] == "=" for v in shown)
        line = self.tex(rf"(AB)_{{{i + 1}{j + 1}}} =", self._factor(shown[0]), r"\cdot", self._factor(shown[1]),
                        "+", self._factor(shown[2]), r"\cdot", self._factor(shown[3]),
                        "=" if exact else r"\approx", text, role="label")
        line[-1].set_color(self.theme.highlight)
        return line

    def _build_product_line(self) -> VGroup:
        """``A B = AB`` with the matrices written out; the entries of AB hidden until computed."""
        font = self.theme.font_size("label") * TEX_SCALE
        self.mat_a, self.mat_b, self.mat_ab = (column_matrix(M, self.theme, font, colored=False)
                                               for M in (self.A, self.B, self.AB))
        exact = all(rounding(v)[0] == "=" for v in np.ravel(self.AB))
        equals = self.tex("=" if exact else r"\approx", role="label")
        line = VGroup(self.mat_a, self.mat_b, equals, self.mat_ab).arrange(buff=0.15)
        # each factor named under it: the row comes from A, the column from B
        names = VGroup(*[self.tex(name, role="label", color=self.theme.muted).next_to(mat, DOWN, buff=0.12)
                         for name, mat in (("A", self.mat_a), ("B", self.mat_b), ("AB", self.mat_ab))])
        line.add(names)
        for entry in self.mat_ab.get_entries():
            entry.set_opacity(0.0)
        return line

    def _boxes(self, i: int, j: int) -> VGroup:
        color = self.theme.highlight
        return VGroup(SurroundingRectangle(self.mat_a.get_rows()[i], color=color, buff=0.08),
                      SurroundingRectangle(self.mat_b.get_columns()[j], color=color, buff=0.08),
                      SurroundingRectangle(self.mat_ab.get_entries()[2 * i + j], color=color, buff=0.08))

    # -- beats -----------------------------------------------------------------------------------

    def _show_two_maps(self):
        self.play(FadeIn(self.title_mob), FadeIn(self.background), run_time=1.0)
        lines, _ = self.background
        self.labels, self.letter = self._basis_labels(""), ""
        self.play(FadeIn(self.carried), FadeIn(self.labels), lines.animate.set_stroke(opacity=0.15), run_time=1.2)
        self._panel(*self._rows("B", "A"))

    def _show_step(self, to: float, row: int):
        panel_row = self.shown[row]
        self.play(emphasise(panel_row, self.theme, scale=1.1), run_time=0.8)
        self.play(self.t.animate.set_value(to), run_time=3.0, rate_func=smooth)
        self._name_arrows("B" if row == 0 else "AB")
        if row == 0:
            for k in range(2):
                self.play(emphasise(self.arrows[k], self.theme, scale=1.0), emphasise(panel_row[1].get_columns()[k], self.theme), run_time=0.7)

    def _show_one_map(self):
        self.ghost = self._ghost()
        self.add(self.ghost)
        self._restart(lambda t: column_path(self.AB, t))
        self._panel(*self._rows("B", "A", "AB"))
        self.play(self.t.animate.set_value(1.0), run_time=3.0, rate_func=smooth)
        self._name_arrows("AB")
        self.direct_end = self.carried.matrix.copy()  # where the single move landed, for the tests
        self.play(emphasise(self.shown[2], self.theme, scale=1.1), run_time=0.8)

    def _show_entry(self):
        i, j = SHOWN_ENTRY
        self.product_line = self._build_product_line()
        self.entry_lines = {(r, c): self._entry_line(r, c) for r in range(2) for c in range(2)}
        self.entry_line = self.entry_lines[i, j]
        before = self.entry_line.height
        self._panel(self.product_line, self.entry_line)
        for line in self.entry_lines.values():  # the others at the same size, in the same place
            if line is not self.entry_line:
                line.scale(self.entry_line.height / before).move_to(self.entry_line, aligned_edge=LEFT)
        self.boxes = self._boxes(i, j)
        self.play(FadeIn(self.boxes[0]), FadeIn(self.boxes[1]), run_time=0.8)
        self.play(FadeIn(self.boxes[2]), self.mat_ab.get_entries()[2 * i + j].animate.set_opacity(1.0),
                  emphasise(self.entry_line[-1], self.theme), run_time=1.0)
        self.play(emphasise(self.arrows[j], self.theme, scale=1.0), run_time=1.0)

    def _show_other_entries(self):
        for i, j in ENTRY_ORDER:
            self.play(Transform(self.boxes, self._boxes(i, j)), Transform(self.entry_line, self.entry_lines[i, j]),
                      run_time=0.9)
            self.play(self.mat_ab.get_entries()[2 * i + j].animate.set_opacity(1.0), run_time=0.6)

    def _show_other_order(self):
        self.play(FadeOut(self.boxes), run_time=0.4)
        self._restart(lambda t: composed_path(self.B, self.A, t))
        self._panel(*self._rows("AB", "BA"))
        self.play(self.t.animate.set_value(1.0), run_time=2.0, rate_func=smooth)
        self._name_arrows("A")
        self.play(self.t.animate.set_value(2.0), run_time=2.0, rate_func=smooth)
        self._name_arrows("BA")

    def _show_summary(self):
        relation = "=" if self.commuting else r"\neq"
        self.summary = self.tex(rf"AB {relation} BA", role="label", color=self.theme.highlight)
        self._panel(*self._rows("AB", "BA"), self.summary)
        self.play(emphasise(self.ghost[1], self.theme, scale=1.0), emphasise(self.arrows, self.theme, scale=1.0), run_time=1.2)
