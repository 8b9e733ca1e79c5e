"""Linear maps: a matrix is where e1 and e2 land, and A x is x1 a1 + x2 a2, walked tip to tail.

Render with its defaults, as plain manim::

    manim -ql scenes/linear_algebra/linear_map.py LinearMap
"""

from __future__ import annotations

import numpy as np
from manim import FadeIn, ReplacementTransform, ValueTracker, VGroup, smooth

from mathviz.core.linalg import column_path, tip_to_tail
from mathviz.kit import (
    background_grid,
    emphasise,
    CarriedPlane,
    ColumnWalk,
    matrix_row,
    fit_plane,
    format_number,
    grid_step,
    MathvizScene,
    rounding,
    said,
    tip_label,
)
from scenes.linear_algebra.specs import DRAWN_ZERO, LinearMapParams, MAP_EXAMPLES, linear_map_picture

EXAMPLE_TEXT = {  # what each example is called on the panel
    "rotation": r"\text{a quarter turn}",
    "shear": r"\text{a shear}",
    "projection": r"\text{projection onto } y = x",
}
LETTER = {"rotation": "R", "shear": "S", "projection": "P"}


class LinearMap(MathvizScene):
    Params = LinearMapParams
    title = "Linear maps and their matrices"

    def construct(self):
        picture = linear_map_picture(self.params.matrix, self.params.vector)
        self.A, self.x = picture["A"], picture["x"]
        self.examples = dict(MAP_EXAMPLES)
        self.t = ValueTracker(0.0)  # time along the path from I to self.target
        self.target = np.eye(2)
        self._build_layout(picture["points"])

        self.beat("plane", "Here is the plane and its grid, held by two arrows: e1, one step to the right, "
                           "and e2, one step up. Stacked side by side as columns, they make the identity "
                           "matrix: the map that moves nothing.")
        self._show_plane()
        (r1, r2), (s1, s2), (p1, _) = ([self._point(M[:, k]) for k in range(2)] for _, M in MAP_EXAMPLES)
        self.beat("rotation", "Turn the plane a quarter turn. Grid lines stay straight, parallel and evenly "
                              f"spaced, and the origin stays put: that is a linear map. e1 lands at {r1} "
                              f"and e2 at {r2}. Those landing points, as columns, are its matrix.")
        self._show_example("rotation")
        self.beat("shear", "A shear slides each row of the grid sideways, the more the higher it sits. "
                           f"e1 stays at {s1}; e2 leans over to {s2}. Again the columns are the landings.")
        self._show_example("shear")
        self.beat("projection", "A projection drops every point straight onto a line, here the diagonal. "
                                f"e1 and e2 both land at {p1}: two equal columns, and the whole grid "
                                "collapses onto the line.")
        self._show_example("projection")
        self.beat("your-matrix", self._matrix_narration())
        self._show_matrix()
        self.beat("vector", self._vector_narration())
        self._show_vector()
        self.beat("carry", "Apply A once more and let the walk ride along. Each step stays a multiple of its "
                           f"arrow, so it becomes {self._times(0)} the first column, then {self._times(1)} "
                           "the second.")
        self._show_carry()
        self.beat("sum", self._sum_narration())
        self._show_sum()

    # -- what moves ------------------------------------------------------------------------------

    def matrix_now(self) -> np.ndarray:
        return column_path(self.target, self.t.get_value())

    # -- narration -------------------------------------------------------------------------------

    def _point(self, v) -> str:
        return "(" + ", ".join(said(c) for c in v) + ")"

    def _lands(self, k: int) -> str:
        column = self.A[:, k]
        if not np.any(column):
            return f"e{k + 1} lands on the origin"
        return f"e{k + 1} lands at {self._point(column)}"

    def _times(self, k: int) -> str:
        return f"{said(self.x[k])} times"

    def _matrix_narration(self) -> str:
        A = self.A
        if not A.any():
            return ("Now the matrix A. It is all zeros: both columns are the origin, so e1 and e2, and with "
                    "them the whole grid, land on one point.")
        flat = abs(A[0, 0] * A[1, 1] - A[0, 1] * A[1, 0]) <= DRAWN_ZERO * max(1.0, float(np.abs(A).max())) ** 2
        ending = (" Its columns point along one line, so the grid is squashed onto it." if flat else
                  " Those two landings decide where every line of the grid goes.")
        return f"Now the matrix A. Its first column says {self._lands(0)}; its second, that {self._lands(1)}." + ending

    def _vector_narration(self) -> str:
        x1, x2 = (said(v) for v in self.x)
        return (f"Back to the plain grid, and take x = ({x1}, {x2}). It is a walk: {x1} times e1, "
                f"then {x2} times e2, tip to tail.")

    def _sum_narration(self) -> str:
        corners = self.walk.corners(self.A)
        Ax = corners[:, -1]
        zero = DRAWN_ZERO * max(1.0, float(np.abs(self.A).max()) * float(np.abs(self.x).max()))
        if np.abs(np.diff(corners, axis=1)).max() <= zero:
            return ("Both steps are zero, so A x is the zero vector: here A sends x to the origin. "
                    "A matrix times a vector is always this mix of the columns.")
        if np.hypot(*Ax) <= zero:
            return ("The two steps cancel: the walk comes back to the origin, so A x is the zero vector "
                    "although x is not. A matrix times a vector is always this mix of the columns.")
        return (f"The walk ends at A x = {self._point(Ax)}. Multiplying a matrix by a vector mixes the "
                "matrix's columns, weighted by the vector's entries.")

    # -- layout and mobjects ---------------------------------------------------------------------

    def _build_layout(self, points):
        layout = self.layout(3, 2, square=(3, 1.2))
        self.plane_box, self.panel_box = layout.main, layout.side
        self.plane = fit_plane(self.plane_box, points, margin=1.25)  # room for the names at the tips
        step = grid_step(self.plane)
        self.background = background_grid(self.plane, self.theme, step)
        matrices = [self.A] + [M for _, M in MAP_EXAMPLES]
        self.carried = CarriedPlane(self.plane, self.theme, step, matrices)
        self.carried.follow(self.matrix_now)
        self.arrows = self.carried.arrows
        self.walk = ColumnWalk(self.plane, self.theme, self.x)
        self.walk_shown = False
        self.names = []  # every tip label, each kept off the others

    def _panel(self, *rows):
        """Swap the panel to ``rows`` (kept as ``self.shown``)."""
        self.shown = list(rows)
        return self.swap_panel_across(*rows)

    def _plated(self, tex: str, color):
        label = self.tex(tex, role="label", color=color)
        return label.add_background_rectangle(color=self.theme.background, opacity=0.7, buff=0.05)

    def _tip_label(self, tex: str, arrow, color, side: float):
        """A plated name beyond ``arrow``'s tip, to one ``side`` (two arrows sharing a tip keep theirs
        apart), moved round the tip when it would cover another name or another arrow."""
        label = tip_label(self._plated(tex, color), arrow, side, avoid=self.names, box=self.plane_box,
                          points=lambda: self._shafts(arrow))
        self.names.append(label)
        return label

    def _shafts(self, own) -> np.ndarray:
        """Points along every arrow drawn now but ``own``, in scene units: what a name must not cover."""
        arrows = [*self.arrows] + ([*self.walk.legs, self.walk.total] if self.walk_shown else [])
        pieces = [np.linspace(a.start_point, a.end_point, 8) for a in arrows if a is not own and a.get_length() > 0]
        return np.vstack(pieces) if pieces else np.zeros((0, 3))

    def _column(self, v) -> str:
        entries = r" \\ ".join(format_number(c, 2, trim=True, style="tex") for c in v)
        return rf"\begin{{bmatrix}}{entries}\end{{bmatrix}}"

    def _combination(self, name: str, parts, weights, *shown):
        """``name = w1 part1 + w2 part2``, each term in its arrow's colour; ``\approx`` when a
        number written (a weight, or an entry of ``shown``) is rounded."""
        t = self.theme
        relation = "=" if _exact(weights, *shown) else r"\approx"
        w1, w2 = (format_number(v, 2, trim=True, style="tex") for v in (weights[0], abs(weights[1])))
        line = self.tex(rf"{name} {relation}", w1, parts[0], "-" if weights[1] < 0 else "+", w2, parts[1],
                        role="label")
        line[1:3].set_color(t.first)
        line[4:6].set_color(t.second)
        return line

    # -- beats -----------------------------------------------------------------------------------

    def _move(self, target, letter: str, run_time: float = 3.0):
        """The grid carried from the identity to ``target``; the basis arrows are then named for
        where they landed (``letter`` e_k)."""
        self.target = np.asarray(target, dtype=float)
        self.t.set_value(0.0)
        self.play(self.t.animate.set_value(1.0), run_time=run_time, rate_func=smooth)
        self._name_arrows(letter)

    def _back(self, *animations, run_time: float = 1.2):
        """The grid returns to the identity along the path it came, and the arrows are e_k again."""
        self.play(self.t.animate.set_value(0.0), *animations, run_time=run_time, rate_func=smooth)
        self._name_arrows("")

    def _basis_labels(self, letter: str) -> VGroup:
        t = self.theme
        return VGroup(*[self._tip_label(rf"{letter}\mathbf e_{k + 1}", self.arrows[k], c, s)
                        for k, (c, s) in enumerate(((t.first, -1.0), (t.second, 1.0)))])

    def _name_arrows(self, letter: str):
        """Rename the carried arrows: e_k at the identity, M e_k (M's k-th column) under M."""
        if letter == self.letter:
            return
        for old in self.labels:
            self.names.remove(old)
        new = self._basis_labels(letter)
        self.play(*[ReplacementTransform(o, n) for o, n in zip(self.labels, new)], run_time=0.5)
        self.labels, self.letter = new, letter

    def _show_plane(self):
        self.play(FadeIn(self.title_mob), FadeIn(self.background), run_time=1.0)
        lines, axes = self.background
        self.labels, self.letter = self._basis_labels(""), ""
        self.play(FadeIn(self.carried), FadeIn(self.labels), lines.animate.set_stroke(opacity=0.15), run_time=1.2)
        self._panel(matrix_row(self, "I", np.eye(2)))
        self.play(*[emphasise(column, self.theme) for column in self.shown[0][1].get_columns()], run_time=1.0)

    def _show_example(self, name: str):
        M = self.examples[name]
        if self.t.get_value() > 0:
            self._back()
        self._panel(self.tex(EXAMPLE_TEXT[name], role="label", color=self.theme.muted))
        self._move(M, LETTER[name])
        row = matrix_row(self, LETTER[name], M)
        self._panel(self.tex(EXAMPLE_TEXT[name], role="label", color=self.theme.muted), row)
        columns = row[1].get_columns()
        for k in range(2):
            self.play(emphasise(self.arrows[k], self.theme, scale=1.0),
                      emphasise(columns[k], self.theme, scale=1.2), run_time=1.0)

    def _show_matrix(self):
        self._back()
        row = matrix_row(self, "A", self.A)
        self._panel(row)
        self._move(self.A, "A", run_time=3.0)
        for k in range(2):
            self.play(emphasise(self.arrows[k], self.theme, scale=1.0),
                      emphasise(row[1].get_columns()[k], self.theme, scale=1.2), run_time=0.8)

    def _show_vector(self):
        t = self.theme
        self._back(run_time=1.5)
        self.walk.follow(self.matrix_now)
        self.walk_shown = True
        self.x_label = self._tip_label(r"\mathbf x", self.walk.total, t.function, 1.0)
        line = self._combination(r"\mathbf x", (r"\,\mathbf e_1", r"\,\mathbf e_2"), self.x)
        self._panel(matrix_row(self, "A", self.A), line)
        self.play(FadeIn(self.walk.legs[0]), run_time=0.8)
        self.play(FadeIn(self.walk.legs[1]), run_time=0.8)
        self.play(FadeIn(self.walk.total), FadeIn(self.x_label), run_time=0.8)
        self.remove(*self.walk.submobjects)
        self.add(self.walk)  # the walk itself in the scene, so that its updater runs

    def _show_carry(self):
        self._move(self.A, "A", run_time=3.5)
        ax_label = self._tip_label(r"A\mathbf x", self.walk.total, self.theme.function, 1.0)
        self.play(ReplacementTransform(self.x_label, ax_label), run_time=0.6)
        self.names.remove(self.x_label)
        self.x_label = ax_label
        for k in range(2):
            self.play(emphasise(self.walk.legs[k], self.theme, scale=1.0), run_time=0.7)

    def _show_sum(self):
        t = self.theme
        Ax = tip_to_tail(self.A, self.x)[:, -1]
        combo = self._combination(r"A\mathbf x", [self._column(self.A[:, k]) for k in range(2)],
                                  self.x, self.A)
        relation = "=" if _exact(Ax) else r"\approx"
        result = self.tex(relation, self._column(Ax), role="label")
        result[1].set_color(t.function)
        self.sum_row = VGroup(combo, result).arrange(buff=0.15)
        self._panel(matrix_row(self, "A", self.A), self.sum_row)
        self.play(emphasise(self.walk.total, self.theme, scale=1.0), emphasise(result[1], self.theme), run_time=1.0)


def _exact(*arrays) -> bool:
    """Is every number in ``arrays`` written exactly at two places (``0.5``, not a rounded ``0.33``)?"""
    return all(rounding(v)[0] == "=" for a in arrays for v in np.ravel(a))
