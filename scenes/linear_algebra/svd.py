"""The SVD of a 2x2 matrix as rotate, scale, rotate: the unit circle becomes the ellipse of A.

Render with its defaults, as plain manim::

    manim -ql scenes/linear_algebra/svd.py SVD
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    PI,
    RIGHT,
    UP,
    Circle,
    Create,
    DashedVMobject,
    FadeIn,
    FadeOut,
    Line,
    Sector,
    ValueTracker,
    VGroup,
    Write,
    smooth,
)

from mathviz.core.linalg import rotate_scale_rotate, rotation, straight_path, svd_path
from mathviz.kit import (
    background_grid,
    beside,
    fit_plane,
    follow_matrix,
    format_number,
    grid_step,
    LiveMatrix,
    MathvizScene,
    place_label,
    PlaneArrow,
    tex_matrix,
    TEX_SCALE,
)
from scenes.linear_algebra.specs import SvdParams

GRID_STEPS = np.arange(-3, 4) * 0.25  # the patch of graph paper inside the unit disk
FLAT = 1e-9  # a scale this small (relative to s[0]) is drawn and told as zero



EXACT = {"trim": True}  # every number here has its places, and an exact one shows exact: 0, 2, not 0.00, 2.00


class SVD(MathvizScene):
    Params = SvdParams
    title = "The SVD: rotate, scale, rotate"

    def construct(self):
        self.A = np.array(self.params.matrix, dtype=float)
        self.alpha, self.s, self.beta = rotate_scale_rotate(self.A)
        self.sigma = np.abs(self.s)
        self.t = ValueTracker(0.0)  # time along rotate-scale-rotate, 0 to 3
        self.u = ValueTracker(0.0)  # time along the direct, straight-line route, 0 to 1
        self.route = "svd"  # which route the live readout reports
        self._build_layout()
        beta, alpha = (format_number(np.degrees(a), 1, style="text", **EXACT) for a in (self.beta, self.alpha))
        sigma1, sigma2 = (format_number(x, 2, style="text", **EXACT) for x in self.sigma)

        self.beat("setup", "Start with the unit circle, a patch of grid, and two perpendicular arrows "
                           "v1 and v2: the directions this matrix stretches the most and the least.")
        self._show_setup()
        self.beat("rotate-in", f"Step one is a rotation by beta, {beta} degrees, that "
                               "lays the two arrows on the axes. Lengths do not change: the circle stays a circle.")
        self._show_stage(0, run_time=2.5)
        self.beat("scale", self._scale_narration())
        self._show_stage(1, run_time=3.5)
        self.beat("rotate-out", f"Step three is another rotation, by alpha, {alpha} "
                                "degrees. The ellipse swings into place; its semi-axes are the singular "
                                f"values, sigma 1 = {sigma1} and sigma 2 = {sigma2}.")
        self._show_stage(2, run_time=2.5)
        self._show_semi_axes()
        self.beat("direct", "Now apply A in one go, every point sliding straight to its image. The route "
                            "is different, but the circle lands on exactly the same ellipse.")
        self._show_direct()
        self.beat("summary", "So A is U Sigma V transposed: turn, stretch along the axes, turn again. "
                             "Every real 2 by 2 matrix can be taken apart this way.")
        self._show_summary()

    # -- the path ------------------------------------------------------------------------------

    def matrix_svd(self) -> np.ndarray:
        return svd_path(self.A, self.t.get_value())

    def matrix_direct(self) -> np.ndarray:
        return straight_path(self.A, self.u.get_value())

    def _scale_narration(self) -> str:
        s0, s1 = self.s
        x, y = (format_number(v, 2, style="text", **EXACT) for v in (s0, s1))
        if s0 <= FLAT:
            return "Step two scales both axes by zero: A is the zero matrix, and the whole plane collapses to a point."
        if abs(s1) <= FLAT * s0:
            return (f"Step two stretches along the axes: x by {x}, and y by zero. This matrix has rank one, "
                    "so the plane is squashed flat and the circle collapses onto a segment.")
        if s1 < 0:
            return (f"Step two stretches along the axes: x by {x} and y by {y}. The negative factor "
                    "folds the plane flat and out the other side: determinant below zero means a mirror flip.")
        return (f"Step two stretches along the axes only: x by {x} and y by {y}. "
                "The circle becomes an ellipse lined up with the axes.")

    # -- layout and mobjects ---------------------------------------------------------------------

    def _build_layout(self):
        layout = self.layout(3, 2)
        self.plane_box = layout.main
        reach = max(1.0, float(self.sigma[0]))  # rotations keep lengths; the scaling stage peaks at its ends
        self.plane = fit_plane(self.plane_box, np.array([[reach, -reach], [reach, -reach]]), margin=1.08)
        self.steps_box, self.live_box = layout.side_parts((1, 1) if layout.shape == "square" else (3, 2), gap=0.35)
        self.background = background_grid(self.plane, self.theme, grid_step(self.plane))
        self.right_vectors = rotation(self.beta).T  # columns v1, v2: the right singular vectors
        self.disk_grid = self._build_disk_grid()
        self.sector = self._build_sector()
        self.circle = Circle(radius=self.plane.unit, color=self.theme.function,
                             stroke_width=self.theme.stroke).move_to(self.plane.origin)
        colors = (self.theme.first, self.theme.second)
        self.arrows = [PlaneArrow(self.plane.origin, self.plane.c2p(*self.right_vectors[:, k]), colors[k])
                       for k in range(2)]
        self.steps = self._build_steps()

    def _build_disk_grid(self) -> VGroup:
        lines = VGroup()
        for c in GRID_STEPS:
            h = float(np.sqrt(1 - c * c))
            lines.add(Line(self.plane.c2p(c, -h), self.plane.c2p(c, h)),
                      Line(self.plane.c2p(-h, c), self.plane.c2p(h, c)))
        return lines.set_stroke(self.theme.muted, width=2, opacity=0.75)

    def _build_sector(self) -> Sector:
        """The quarter disk from v1 to v2: its side of v1 shows orientation, and a flip."""
        start = float(np.arctan2(*self.right_vectors[::-1, 0]))
        return Sector(radius=self.plane.unit, angle=PI / 2, start_angle=start, arc_center=self.plane.origin,
                      fill_color=self.theme.region, fill_opacity=0.3, stroke_width=0)

    def _build_steps(self) -> VGroup:
        s0, s1 = self.s
        flip = r"\ (\text{flip})" if s1 < 0 else (r"\ (\text{flat})" if abs(s1) <= FLAT * max(s0, 1e-300) else "")
        stretch = r",\ ".join(format_number(x, 2, style="tex", **EXACT) for x in (s0, s1))
        beta, alpha = (format_number(np.degrees(a), 1, style="tex", **EXACT) for a in (self.beta, self.alpha))
        rows = VGroup(
            self.tex(r"A =", tex_matrix(self.A, 2, **EXACT), r"= U\,\Sigma\,V^{\mathsf T}", role="label"),
            self.tex(rf"1.\ V^{{\mathsf T}}\!:\ \text{{rotate by }}\beta = {beta}^\circ",
                     role="label", color=self.theme.muted),
            self.tex(rf"2.\ \Sigma:\ \text{{stretch by }} {stretch}{flip}",
                     role="label", color=self.theme.muted),
            self.tex(rf"3.\ U\!:\ \text{{rotate by }}\alpha = {alpha}^\circ",
                     role="label", color=self.theme.muted),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        return self.fit(rows, self.steps_box)

    def _build_live(self) -> VGroup:
        """The route's name, ``M = [..]`` and ``det M``, sized for the widest entry the routes reach."""
        ts = np.linspace(0, 3, 61)
        widest = max(1.0, float(np.abs(svd_path(self.A, ts)).max()), float(np.abs(self.A).max()))
        size = self.theme.font_size("label") * TEX_SCALE
        self.live_matrix = LiveMatrix(np.eye(2), widest=widest, font_size=size, color=self.theme.image,
                                      bracket_color=self.theme.text)
        self.live_det = self.number(1.0, color=self.theme.image)
        self.det_row = self.readout_row(r"\det M =", self.live_det)
        self.route_names = VGroup(
            self.tex(r"\text{route: rotate, scale, rotate}", role="small", color=self.theme.muted),
            self.tex(r"\text{route: straight, } (1-t)\,I + t\,A", role="small", color=self.theme.highlight),
        )
        values = VGroup(VGroup(self.tex(r"M =", role="label"), self.live_matrix).arrange(RIGHT),
                        self.det_row)
        values.arrange(RIGHT, buff=0.5)
        if values.width > self.live_box.width * 1.1:
            values.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        group = VGroup(self.route_names[0], values).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        self.route_names[1].move_to(self.route_names[0], aligned_edge=LEFT)
        self.fit(VGroup(group, self.route_names[1]), self.live_box)

        def update(_):
            M = self.matrix_svd() if self.route == "svd" else self.matrix_direct()
            self.live_matrix.set_values(M)
            self.det_row.set_values(float(np.linalg.det(M)))

        update(values)
        values.add_updater(update)
        self.live_values = values
        return group

    def _follow(self):
        for mob in (self.disk_grid, self.sector, self.circle):  # each is in the scene, so its updater runs
            follow_matrix(mob, self.plane, self.matrix_svd)
        for k, arrow in enumerate(self.arrows):
            arrow.add_updater(lambda m, k=k: m.place(
                self.plane.origin, self.plane.c2p(*(self.matrix_svd() @ self.right_vectors[:, k]))))

    def _tip_label(self, k: int):
        label = self.tex(rf"v_{k + 1}", role="label", color=self.arrows[k].shaft.get_stroke_color())
        # the disk's grid, stretched, runs under the tip: a plate keeps the name legible
        label.add_background_rectangle(color=self.theme.background, opacity=0.75, buff=0.06)

        def stick(m):
            tip = self.arrows[k].end_point - self.plane.origin
            norm = float(np.linalg.norm(tip))
            direction = tip / norm if norm > 1e-6 else UP
            m.move_to(self.arrows[k].end_point + direction * 0.3)

        stick(label)
        return label.add_updater(stick)

    # -- beats -----------------------------------------------------------------------------------

    def _show_setup(self):
        self.play(FadeIn(self.title_mob), FadeIn(self.background), run_time=1.0)
        self.play(Create(self.disk_grid), Create(self.circle), FadeIn(self.sector), run_time=1.5)
        self.tip_labels = VGroup(*[self._tip_label(k) for k in range(2)])
        self.play(*[FadeIn(a) for a in self.arrows], FadeIn(self.tip_labels), run_time=1.0)
        self._follow()
        self.play(Write(self.steps[0]), FadeIn(self.steps[1:]), run_time=1.5)
        self.live = self._build_live()
        self.play(FadeIn(self.live), run_time=0.8)
        self.wait(0.5)

    def _show_stage(self, stage: int, run_time: float):
        row = self.steps[1 + stage]
        self.play(row.animate.set_color(self.theme.text), run_time=0.4)
        self.play(self.t.animate.set_value(stage + 1.0), run_time=run_time, rate_func=smooth)
        self.wait(0.6)

    def _show_semi_axes(self):
        self.play(FadeOut(self.tip_labels), run_time=0.5)
        self.semi_axis_labels = VGroup()
        for k in range(2):
            self.semi_axis_labels.add(self._build_semi_axis_label(k, self.semi_axis_labels))
        self.play(FadeIn(self.semi_axis_labels), run_time=0.8)
        self.wait(1.2)

    def _build_semi_axis_label(self, k: int, placed: VGroup):
        """``sigma_k = ..`` by the k-th semi-axis: beyond its end if the panel has room there,
        else beside it; never over a label already placed."""
        u = rotation(self.alpha)[:, k]  # A v_k = s_k u_k
        along = u if self.s[k] >= 0 else -u
        normal = np.array([-along[1], along[0]])
        label = self.tex(rf"\sigma_{k + 1} = {format_number(self.sigma[k], 2, style='tex', **EXACT)}", role="label",
                         color=self.arrows[k].shaft.get_stroke_color())
        label.add_background_rectangle(color=self.theme.background, opacity=0.75, buff=0.06)

        length = self.sigma[k]
        candidates = [beside(label, self.plane.c2p(*(length * along)), along)]
        for frac in (0.55, 0.8, 0.3):
            candidates += [beside(label, self.plane.c2p(*(frac * length * along)), side) for side in (normal, -normal)]
        return place_label(label, candidates, self.plane_box, avoid=placed)

    def _arrange_widest_fit(self, pieces, box) -> VGroup:
        """``pieces`` in the arrangement that fits ``box`` largest: two rows (2 + 1), one row,
        or one column."""
        def two_rows():
            return VGroup(VGroup(*pieces[:2]).arrange(RIGHT, buff=0.4), pieces[2]).arrange(
                DOWN, aligned_edge=LEFT, buff=0.25)

        options = (two_rows, lambda: VGroup(*pieces).arrange(RIGHT, buff=0.4),
                   lambda: VGroup(*pieces).arrange(DOWN, aligned_edge=LEFT, buff=0.25))
        best = max(options, key=lambda arrange: self.fit_scale(arrange(), box))
        return best()

    def _show_direct(self):
        ghost = DashedVMobject(Circle(radius=self.plane.unit).move_to(self.plane.origin), num_dashes=48)
        ghost.set_stroke(self.theme.highlight, width=self.theme.stroke * 0.8)
        self.play(FadeIn(ghost), self.disk_grid.animate.set_stroke(opacity=0.3),
                  FadeOut(self.route_names[0]), FadeIn(self.route_names[1]), run_time=0.8)
        self.route = "direct"
        self.ghost = follow_matrix(ghost, self.plane, self.matrix_direct)
        self.play(self.u.animate.set_value(1.0), run_time=3.0, rate_func=smooth)
        self.wait(1.0)

    def _show_summary(self):
        U, Vt = rotation(self.alpha), rotation(self.beta)
        pieces = [self.tex(r"U =", tex_matrix(U, 2, **EXACT), role="label"),
                  self.tex(r"\Sigma =", tex_matrix(np.diag(self.s), 2, **EXACT), role="label"),
                  self.tex(r"V^{\mathsf T} =", tex_matrix(Vt, 2, **EXACT), role="label")]
        summary = self._arrange_widest_fit(pieces, self.live_box)
        self.fit(summary, self.live_box, readable=True)
        self.live_values.clear_updaters()
        self.play(FadeOut(self.live), FadeOut(self.route_names[1]), run_time=0.5)
        self.play(FadeIn(summary), run_time=1.0)
        self.summary = summary
        self.wait(2.5)
