"""The Hessian and the second-derivative test: at a critical point the eigenvalues decide.

Render with its defaults, as plain manim::

    manim -ql scenes/multivariable/hessian.py Hessian

Colours by role: f's contours are the ``function``; an eigenvector is drawn in ``positive``
where f bends up along it (eigenvalue > 0), ``negative`` where it bends down, ``muted``
where the eigenvalue is zero; the quadratic model, the estimate of f built from the
Hessian, is the ``estimate``; the verdict and the gallery's matching case are ``highlight``.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    Create,
    DoubleArrow,
    Dot,
    FadeIn,
    FadeOut,
    Indicate,
    Rectangle,
    VGroup,
)

from mathviz.core.expr import parse_function
from mathviz.core.optimize import (
    contour_levels,
    contour_segments,
    critical_point,
    quadratic_model,
    vector_function,
)
from mathviz.kit import (
    Box,
    MathvizScene,
    beside,
    format_number,
    height_color,
    map_axes,
    place_label,
    points_on,
    rounding,
    said,
    segments_mobject,
    tex_matrix,
)
from scenes.multivariable.specs import HessianParams

GRID = 101
LEVELS = 10
GALLERY_GRID = 61
GALLERY_LEVELS = 7
GALLERY_EXTENT = 1.5
# the four shapes, each with a critical point at the origin
GALLERY = (("bowl", "x^2 + 2y^2"), ("cap", "-(2x^2 + y^2)"), ("saddle", "x^2 - y^2"), ("flat", "x^2 + y^4"))
KIND_WORDS = {"minimum": "minimum", "maximum": "maximum", "saddle": "saddle point", "degenerate": "test is silent"}
VERDICT = {
    "minimum": "Both eigenvalues are positive: the model is a bowl, bending up every way, so this point is "
               "a minimum.",
    "maximum": "Both eigenvalues are negative: the model is a cap, bending down every way, so this point is "
               "a maximum.",
    "saddle": "The eigenvalues have opposite signs: f rises along one eigenvector and falls along the other. "
              "This point is a saddle.",
    "degenerate": "One eigenvalue is zero: along its eigenvector the model is flat, so the test says "
                  "nothing here. Higher derivatives must decide.",
}


def _approx(value: float) -> str:
    relation, text = rounding(value, 2)
    return f"{relation} {text}"


class Hessian(MathvizScene):
    Params = HessianParams
    title = "The Hessian and the second-derivative test"

    def construct(self):
        self._compute()
        self._build_layout()
        lam = self.cp.eigenvalues
        self.beat("critical", "At this point the gradient is zero: the ground is level in every direction. "
                              "Slopes alone cannot tell a pit from a peak, or from a mountain pass.")
        self._show_critical()
        self.beat("hessian", "The second derivatives decide. They fill the Hessian, a symmetric matrix: "
                             "how fast each slope changes as you move along x or along y.")
        self._show_hessian()
        self.beat("eigen", "Its eigenvectors are two directions at right angles. Along each one f bends "
                           f"with curvature equal to the eigenvalue, here {said(lam[0])} and {said(lam[1])}.")
        self._show_eigen()
        self.beat("model", "Near the point, f is close to its quadratic model, built from the value and the "
                           "Hessian alone. Its level curves follow f's own, and part from them further out.")
        self._show_model()
        self.beat("verdict", VERDICT[self.cp.kind])
        self._show_verdict()
        self.beat("cases", "Four shapes, four verdicts. Both eigenvalues positive, a bowl: a minimum. Both "
                           "negative, a cap: a maximum. Mixed signs, a saddle. A zero eigenvalue: the test "
                           "is silent.")
        self._show_cases()

    # -- the maths, all from the core --------------------------------------------------------

    def _compute(self):
        p = self.params
        self.expr = parse_function(p.f, ("x", "y"))
        self.F = vector_function(self.expr)
        self.point = np.asarray(p.point, dtype=float)
        self.extent = p.extent
        self.cp = critical_point(self.F, self.point)
        self.model = quadratic_model(self.F, self.point)
        self.cases = [(name, text, critical_point(vector_function(parse_function(text, ("x", "y"))), [0.0, 0.0]))
                      for name, text in GALLERY]

    # -- layout and pieces ------------------------------------------------------------------

    def _build_layout(self):
        layout = self.layout(3, 2, square=(4.2, 1.6), tall=(5, 2.2))
        self.map_box, self.panel_box = layout.main, layout.side
        e = self.extent
        self.map = map_axes((-e, -e), (e, e), self.map_box, self.theme, fill=(0.92, 0.9))
        self.to_map = points_on(self.map)
        lo, hi = self.map.x_range[:2]
        self.xs = np.linspace(lo, hi, GRID)
        self.Z = self.expr(*np.meshgrid(self.xs, self.xs)) * np.ones((GRID, GRID))
        self.levels = contour_levels(self.Z, LEVELS)
        self.contours = self._contours(self.xs, self.Z, self.levels, self.to_map)

    def _contours(self, xs, Z, levels, to_point, color=None, width: float | None = None):
        t = self.theme
        low, high = float(np.nanmin(Z)), float(np.nanmax(Z))
        span = high - low if high > low else 1.0
        return VGroup(*[segments_mobject(contour_segments(xs, xs, Z, level), to_point,
                                         color or height_color(t, (level - low) / span),
                                         width or 0.45 * t.stroke) for level in levels])

    def eigen_color(self, value: float, scale: float):
        t = self.theme
        if abs(value) <= 1e-5 * max(1.0, scale):
            return t.muted
        return t.positive if value > 0 else t.negative

    def _eigen_arrows(self, cp, to_point, reach: float, width: float):
        """A double arrow through the point along each eigenvector, coloured by its eigenvalue's sign."""
        scale = float(np.abs(cp.eigenvalues).max())
        arrows = VGroup()
        for value, vector in zip(cp.eigenvalues, cp.eigenvectors.T):
            r = reach(vector) if callable(reach) else reach
            a, b = to_point(cp.point - r * vector), to_point(cp.point + r * vector)
            arrows.add(DoubleArrow(a, b, buff=0, color=self.eigen_color(value, scale), stroke_width=width,
                                   tip_length=0.16, max_tip_length_to_length_ratio=0.2))
        return arrows

    # -- beats ------------------------------------------------------------------------------

    def _show_critical(self):
        t, cp = self.theme, self.cp
        self.play(FadeIn(self.title_mob), Create(self.map), run_time=1.0)
        self.play(Create(self.contours), run_time=1.5)
        self.dot = Dot(self.to_map(self.point), radius=0.07, color=t.point)
        self.play(FadeIn(self.dot, scale=1.6), run_time=0.6)
        x0, y0 = (format_number(v, 4, trim=True, style="tex") for v in self.point)
        size = float(np.linalg.norm(cp.gradient))
        shown = _approx(size) if size == 0 or size >= 5e-3 else r"\approx 0"  # finite-difference noise: rounded
        self.swap_panel(self.tex("f(x, y) =", self.expr.to_tex(), role="label"),
                        self.tex(rf"\|\nabla f({x0},\ {y0})\| {shown}", role="label", color=t.point))

    def _show_hessian(self):
        H = self.cp.hessian
        symbolic = self.tex(r"H = \begin{bmatrix} f_{xx} & f_{xy} \\ f_{yx} & f_{yy} \end{bmatrix}", role="label")
        relation = "=" if all(rounding(v, 2)[0] == "=" for v in H.ravel()) else r"\approx"
        numeric = self.tex(rf"{relation} {tex_matrix(H, 2, trim=True)}", role="label")
        self.swap_panel(symbolic, numeric)

    def _show_eigen(self):
        t, cp = self.theme, self.cp
        lo, hi = self.map.x_range[0], self.map.x_range[1]

        def reach(vector):  # 0.42 extent, or less where the map's edge is nearer along +-vector
            with np.errstate(divide="ignore"):
                room = np.minimum((hi - cp.point) / np.abs(vector), (cp.point - lo) / np.abs(vector))
            return float(min(0.42 * self.extent, 0.85 * room.min()))

        self.eigen_arrows = self._eigen_arrows(cp, self.to_map, reach, 1.1 * t.stroke)
        self.play(*[Create(a) for a in self.eigen_arrows], run_time=1.2)
        self.add(self.dot)
        names = VGroup()
        for i, (value, vector, arrow) in enumerate(zip(cp.eigenvalues, cp.eigenvectors.T, self.eigen_arrows)):
            label = self.tex(rf"\lambda_{i + 1} {_approx(value)}", role="label", color=arrow.get_color())
            label.add_background_rectangle(color=t.background, opacity=0.85, buff=0.05)
            direction = np.array([*vector, 0.0])
            across = np.array([-vector[1], vector[0], 0.0])
            ends = (arrow.get_end(), arrow.get_start())
            candidates = [beside(label, end, d, 0.08) for end, sign in zip(ends, (1, -1))
                          for d in (sign * direction, sign * direction + across, sign * direction - across)]
            place_label(label, candidates, box=self.map_box,
                        avoid=[*names, self.dot, *self.map.x_axis.numbers, *self.map.y_axis.numbers])
            names.add(label)
        self.eigen_names = names
        self.play(FadeIn(names), run_time=0.8)
        self.swap_panel(self.tex(r"H v_i = \lambda_i v_i", role="label"),
                        self.tex(r"v_1 \perp v_2", role="label"))

    def _show_model(self):
        t = self.theme
        Q = self.model(np.stack(np.meshgrid(self.xs, self.xs), axis=-1))
        self.model_contours = self._contours(self.xs, Q, self.levels, self.to_map, color=t.estimate,
                                             width=0.35 * t.stroke)
        self.play(self.contours.animate.set_stroke(opacity=0.55), Create(self.model_contours), run_time=2.0)
        self.add(self.eigen_arrows, self.eigen_names, self.dot)
        self.swap_panel(self.tex(r"q(p) = f(p_0) + \tfrac12 (p - p_0)^{\top} H\, (p - p_0)", role="label",
                                 color=t.estimate))

    def _show_verdict(self):
        t, cp = self.theme, self.cp
        values = ",\\ ".join(rounding(v, 2)[1] for v in cp.eigenvalues)
        relation = "=" if all(rounding(v, 2)[0] == "=" for v in cp.eigenvalues) else r"\approx"
        self.verdict = self.plain_tex(KIND_WORDS[cp.kind].capitalize() if cp.kind != "degenerate"
                                      else "The test is silent", role="label", color=t.highlight)
        self.swap_panel(self.tex(rf"\lambda {relation} ({values})", role="label"), self.verdict)
        for arrow in self.eigen_arrows:  # the two directions the verdict reads
            self.play(Indicate(arrow, color=arrow.get_color(), scale_factor=1.15), run_time=1.0)

    def _show_cases(self):
        t = self.theme
        content = self.content_box()
        if self.shape == "wide":
            boxes = content.split((1, 1, 1, 1), vertical=False, gap=0.3)
        else:
            rows = content.split((1, 1), gap=0.3)
            boxes = [b for row in rows for b in row.split((1, 1), vertical=False, gap=0.3)]
        self.play(FadeOut(VGroup(self.map, self.contours, self.model_contours, self.eigen_arrows, self.eigen_names,
                                 self.dot, self.panel)), run_time=0.8)
        self.panel = None
        self.gallery = VGroup()
        for (name, text, cp), box in zip(self.cases, boxes):
            self.gallery.add(self._build_case(name, text, cp, box))
        self.play(FadeIn(self.gallery, lag_ratio=0.25), run_time=2.5)
        match = [i for i, (_, _, cp) in enumerate(self.cases) if cp.kind == self.cp.kind][0]
        frame = self.gallery[match]
        self.match = match
        self.match_frame = Rectangle(width=frame.width + 0.2, height=frame.height + 0.2, stroke_color=t.highlight,
                                     stroke_width=0.8 * t.stroke).move_to(frame)
        self.play(Create(self.match_frame), run_time=0.8)

    def _build_case(self, name: str, text: str, cp, box: Box):
        """One small map: contours of ``text`` about its critical point at 0, its eigenvectors, its verdict."""
        t = self.theme
        label = self.plain_tex(KIND_WORDS[cp.kind], role="small", color=t.text)
        values = ",\\ ".join(rounding(v, 2)[1] for v in cp.eigenvalues)
        relation = "=" if all(rounding(v, 2)[0] == "=" for v in cp.eigenvalues) else r"\approx"
        formula = self.tex(parse_function(text, ("x", "y")).to_tex(), role="small", color=t.muted)
        numbers = self.tex(rf"\lambda {relation} {values}", role="small")
        caption = VGroup(formula, numbers, label).arrange(DOWN, buff=0.12)
        beside = box.width > 1.6 * box.height  # a low, wide box: the caption goes right of the map
        if beside:
            side = min(box.height, box.width - caption.width - 0.3) * 0.95
            square = Box(np.array([box.left + side / 2 + 0.05, box.center[1], 0.0]), side, side)
        else:
            side = min(box.width, box.height - caption.height - 0.3) * 0.92
            square = Box(np.array([box.center[0], box.top - side / 2 - 0.05, 0.0]), side, side)
        e = GALLERY_EXTENT
        unit = side / (2 * e)
        center = square.center

        def to_point(xy):  # data (2,) or (n, 2) to scene points on this small map
            xy = np.asarray(xy, dtype=float)
            flat = np.atleast_2d(xy)
            pts = np.hstack([center[:2] + unit * flat, np.zeros((len(flat), 1))])
            return pts if xy.ndim == 2 else pts[0]

        xs = np.linspace(-e, e, GALLERY_GRID)
        fn = parse_function(text, ("x", "y"))
        Z = fn(*np.meshgrid(xs, xs)) * np.ones((GALLERY_GRID, GALLERY_GRID))
        contours = self._contours(xs, Z, contour_levels(Z, GALLERY_LEVELS), to_point)
        border = Rectangle(width=side, height=side, stroke_color=t.grid, stroke_width=1.5).move_to(center)
        arrows = self._eigen_arrows(cp, to_point, 0.75 * e, 0.9 * t.stroke)
        dot = Dot(center, radius=0.05, color=t.point)
        if beside:
            caption.next_to(border, RIGHT, buff=0.25)
        else:
            caption.next_to(border, DOWN, buff=0.15)
        group = VGroup(border, contours, arrows, dot, caption)
        group.kind, group.eigen_arrows, group.to_point = cp.kind, arrows, to_point
        return group
