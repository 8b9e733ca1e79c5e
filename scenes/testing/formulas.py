"""Many formulas, briefly: each one is a separate LaTeX compile unless the TeX cache has it."""

from __future__ import annotations

from manim import UP, VGroup

from mathviz.kit import MathvizScene
from scenes.testing.specs import FormulasParams


class Formulas(MathvizScene):
    Params = FormulasParams
    title = "Formulas"

    def construct(self):
        p = self.params
        self.beat("sums", "Closed forms of sums of squares.")
        rows = VGroup(*(
            self.tex(rf"\sum_{{k=1}}^{{{n}}} k^2 = {n * (n + 1) * (2 * n + 1) // 6}", role="small")
            for n in range(p.start, p.start + p.count)
        )).arrange_in_grid(cols=2, buff=0.3)
        self.fit(rows, self.content_box(top_reserve=0.2))
        self.add(rows.to_edge(UP))
        self.wait(0.5)
