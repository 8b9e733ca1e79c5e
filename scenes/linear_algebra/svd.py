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
    ReplacementTransform,
    Sector,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    smooth,
    there_and_back,
)

from mathviz.core.linalg import rotate_scale_rotate, rotation, singular_pairs, straight_path, svd_path
from mathviz.kit import (
    background_grid,
    emphasise,
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
ZOOM_REACH = 1.9  # plane units each way the camera shows when it looks at the unit disk
MIN_ZOOM = 1.4  # zoom only when that magnifies this much: a disk already large needs no camera move
MAX_ZOOM = 2.2  # and never more: strokes and labels grow with it
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
        beta, alpha = (_spoken(np.degrees(a), 1) for a in (self.beta, self.alpha))
        sigma1, sigma2 = (_spoken(x, 2) for x in self.sigma)

        self.beat("setup", "Start with the unit circle, a patch of grid, and two perpendicular arrows "
                           "v1 and v2: the directions this matrix stretches the most and the least. "
                           "The shaded quarter, from v1 to v2, will show whether the plane gets flipped.")
        self._show_setup()
        self.beat("rotate-in", f"Step one is a rotation by beta, {beta} degrees, that "
                               "lays the two arrows on the axes. Lengths do not change: the circle stays a circle.")
        self._show_stage(0, run_time=2.5)
        self.beat("scale", self._scale_narration())
        self._show_stage(1, run_time=3.5)
        self.beat("rotate-out", f"Step three is another rotation, by alpha, {alpha} "
                                "degrees. The ellipse swings into place; its semi-axes are the singular "
                                f"values: sigma 1 is {sigma1} and sigma 2 is {sigma2}.")
        self._show_stage(2, run_time=2.5)
        self._show_semi_axes()
        self.beat("pairs", self._pairs_narration())
        self._show_pairs()
        self.beat("direct", "Now apply A in one go, every point sliding straight to its image. The route "
                            "is different, but the circle lands on exactly the same ellipse.")
        self._show_direct()
        self.beat("summary", self._summary_narration())
        self._show_summary()

    # -- the path ------------------------------------------------------------------------------

    def matrix_svd(self) -> np.ndarray:
        return svd_path(self.A, self.t.get_value())

    def matrix_direct(self) -> np.ndarray:
        return straight_path(self.A, self.u.get_value())

    def _scale_narration(self) -> str:
        s0, s1 = self.s
        x, y = (_spoken(v, 2) for v in (s0, s1))
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

    def _pairs_narration(self) -> str:
        s0, s1 = self.s
        if s0 <= FLAT:
            return ("Every arrow goes to zero here, so A v1 = sigma 1 u1 and A v2 = sigma 2 u2 hold with both "
                    "sigmas zero, for any two perpendicular unit arrows u1 and u2.")
        if abs(s1) <= FLAT * s0:
            return ("A sends v1 to sigma 1 times u1, a unit arrow along the segment, and v2 to zero: sigma 2 is "
                    "zero, and u2 is the unit arrow at a right angle to u1.")
        mirrored = " Here the pair comes out mirrored: that is the flip." if s1 < 0 else ""
        return ("A sends v1 to sigma 1 times u1, and v2 to sigma 2 times u2, where u1 and u2 are unit arrows "
                "along the axes of the ellipse. Perpendicular arrows in, perpendicular arrows out." + mirrored)

    def _summary_narration(self) -> str:
        if self.s[1] < 0:
            return ("So A is U Sigma V transposed. Its determinant is negative, and two turns with stretches "
                    "that are not negative can never flip the plane: so here Sigma holds a negative stretch. "
                    "Turn, stretch and flip, turn. Written with both sigmas positive, the flip moves into U.")
        return ("So A is U Sigma V transposed: turn, stretch along the axes, turn again. Every real 2 by 2 "
                "matrix whose determinant is not negative comes apart this way; when the determinant is "
                "negative, a flip is needed as well.")

    # -- layout and mobjects ---------------------------------------------------------------------

    def _build_layout(self):
        layout = self.layout(3, 2)
        self.plane_box = layout.main
        reach = max(1.0, float(self.sigma[0]))  # rotations keep lengths; the scaling stage peaks at its ends
        self.plane = fit_plane(self.plane_box, np.array([[reach, -reach], [reach, -reach]]), margin=1.08)
        self.steps_box, self.live_box = layout.side_parts((1, 1) if layout.shape == "square" else (3, 2), gap=0.35)
        self.background = background_grid(self.plane, self.theme, grid_step(self.plane))
        self.V, _, self.U = singular_pairs(self.A)  # columns v1, v2 and u1, u2: A v_k = sigma_k u_k
        self.right_vectors = self.V
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
        """The panel's first line (A) and, below it, one line at a time: the step being taken,
        then A v_k = sigma_k u_k, then the route; each replaces the one before."""
        s0, s1 = self.s
        flip = r"\ (\text{flip})" if s1 < 0 else (r"\ (\text{flat})" if abs(s1) <= FLAT * max(s0, 1e-300) else "")
        stretch = [_shown(x, 2) for x in (s0, s1)]
        beta, alpha = (_shown(np.degrees(a), 1) for a in (self.beta, self.alpha))
        muted = self.theme.muted
        rows = VGroup(
            self.tex(r"A =", tex_matrix(self.A, 2, **EXACT), r"= U\,\Sigma\,V^{\mathsf T}", role="label"),
            self.tex(rf"1.\ V^{{\mathsf T}}\!:\ \text{{rotate by }}\beta {beta}^\circ", role="label"),
            self.tex(rf"2.\ \Sigma:\ \text{{stretch }} x {stretch[0]},\ y {stretch[1]}{flip}", role="label"),
            self.tex(rf"3.\ U\!:\ \text{{rotate by }}\alpha {alpha}^\circ", role="label"),
            self.tex(r"A\mathbf v_1 = \sigma_1 \mathbf u_1,\ \ A\mathbf v_2 = \sigma_2 \mathbf u_2", role="label"),
            self.tex(r"\text{route: straight, } (1-t)\,I + t\,A", role="label", color=self.theme.highlight),
            self.tex(r"\text{unit circle, } \mathbf v_1 \perp \mathbf v_2", role="label", color=muted),
        )
        head, lines = rows[0], rows[1:]
        lines[0].next_to(head, DOWN, buff=0.3, aligned_edge=LEFT)
        for line in lines[1:]:
            line.move_to(lines[0], aligned_edge=LEFT)
        self.fit(rows, self.steps_box)
        return rows

    def _build_live(self) -> VGroup:
        """``M = [..]`` and ``det M``, sized for the widest entry the routes reach."""
        ts = np.linspace(0, 3, 61)
        widest = max(1.0, float(np.abs(svd_path(self.A, ts)).max()), float(np.abs(self.A).max()))
        size = self.theme.font_size("label") * TEX_SCALE
        self.live_matrix = LiveMatrix(np.eye(2), widest=widest, font_size=size, color=self.theme.image,
                                      bracket_color=self.theme.text)
        dets = np.concatenate([np.linalg.det(svd_path(self.A, ts)), np.linalg.det(straight_path(self.A, ts / 3))])
        # det M = 1, not 1.00; its width is the widest rounded value either route reaches, so it never grows
        widest_det = -(max(1.0, float(np.abs(dets).max())) + 0.003)
        self.live_det = self.number(1.0, color=self.theme.image, trim=True, widest=widest_det)
        self.det_row = self.readout_row(r"\det M =", self.live_det)
        values = VGroup(VGroup(self.tex(r"M =", role="label"), self.live_matrix).arrange(RIGHT),
                        self.det_row)
        values.arrange(RIGHT, buff=0.5)
        if values.width > self.live_box.width * 1.1:
            values.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        self.fit(values, self.live_box)

        def update(_):
            M = self.matrix_svd() if self.route == "svd" else self.matrix_direct()
            self.live_matrix.set_values(M)
            self.det_row.set_values(float(np.linalg.det(M)))

        update(values)
        values.add_updater(update)
        self.live_values = values
        return values

    def _build_sigmas(self) -> VGroup:
        """``sigma_1 = .., sigma_2 = ..``: the lengths A gives v1 and v2, in the live box while M rests at A."""
        line = self.tex(*[rf"\sigma_{k + 1} {_shown(self.sigma[k], 2)}" + (r",\quad" if k == 0 else "")
                          for k in range(2)], role="label")
        for k in range(2):
            line[k].set_color((self.theme.first, self.theme.second)[k])
        return self.fit(line, self.live_box)

    def _follow(self):
        for mob in (self.disk_grid, self.sector, self.circle):  # each is in the scene, so its updater runs
            follow_matrix(mob, self.plane, self.matrix_svd)
        for k, arrow in enumerate(self.arrows):
            arrow.add_updater(lambda m, k=k: m.place(
                self.plane.origin, self.plane.c2p(*(self.matrix_svd() @ self.right_vectors[:, k]))))

    def _tip_label(self, k: int):
        label = self.tex(rf"\mathbf v_{k + 1}", role="label", color=self.arrows[k].shaft.get_stroke_color())
        # the disk's grid, stretched, runs under the tip: a plate keeps the name legible
        label.add_background_rectangle(color=self.theme.background, opacity=0.75, buff=0.06)

        def stick(m):
            tip = self.arrows[k].end_point - self.plane.origin
            norm = float(np.linalg.norm(tip))
            direction = tip / norm if norm > 1e-6 else UP
            m.move_to(self.arrows[k].end_point + direction * 0.3)

        stick(label)
        return label.add_updater(stick)

    def _label_at(self, tex: str, color, along, length: float, placed, points=None):
        """A plated label by the arrow ``length * along`` (plane units): beyond its tip if there is
        room, else beside it; never over a label already placed."""
        label = self.tex(tex, role="label", color=color)
        label.add_background_rectangle(color=self.theme.background, opacity=0.75, buff=0.06)
        normal = np.array([-along[1], along[0]])
        candidates = [beside(label, self.plane.c2p(*(length * along)), along)]
        for frac in (0.55, 0.8, 0.3):
            candidates += [beside(label, self.plane.c2p(*(frac * length * along)), side) for side in (normal, -normal)]
        candidates += [beside(label, self.plane.c2p(*(length * along)), side) for side in (normal, -normal)]
        # a short (or zero) arrow leaves little room by its tip: then anywhere around it, a little farther out
        tip = self.plane.c2p(*(length * along))
        for gap in (0.1, 0.4, 0.8):
            candidates += [beside(label, tip, (np.cos(a), np.sin(a)), gap=gap) for a in np.arange(8) * np.pi / 4]
        return place_label(label, candidates, self.plane_box, avoid=placed, points=points)

    def _right_angle(self, d1, d2, size: float = 0.16) -> VMobject:
        """The small square corner between directions ``d1`` and ``d2`` at the origin."""
        o = self.plane.origin
        a, b = (np.array([d[0], d[1], 0.0]) * size for d in (d1, d2))
        return VMobject().set_points_as_corners([o + a, o + a + b, o + b]).set_stroke(self.theme.text, width=2)

    # -- beats -----------------------------------------------------------------------------------

    def _show_line(self, index: int, run_time: float = 0.5):
        """Replace the panel's second line by ``steps[index]``."""
        shown = getattr(self, "line_shown", None)
        out = [FadeOut(shown)] if shown is not None else []
        self.play(*out, FadeIn(self.steps[index]), run_time=run_time)
        self.line_shown = self.steps[index]

    def _zoom_width(self) -> float | None:
        """The camera's width that shows the unit disk large (1.45 units each way), or None when
        the disk is already large in the frame."""
        width = max(2 * ZOOM_REACH * self.plane.unit * max(1.0, self.frame_w / self.frame_h), self.frame_w / MAX_ZOOM)
        return width if self.frame_w / width >= MIN_ZOOM else None

    def _hold_zoomed(self, reserve: float) -> None:
        """While zoomed, hold the close view until ``reserve`` seconds before the beat's words end,
        so the camera comes back as they finish rather than leaving the small picture to the narration."""
        if self.zoomed:
            left = self.beat_length() - (self.time - self.beats[-1].start) - reserve
            if left > 0:
                self.wait(left)

    def _zoom_in(self, *animations, run_time: float = 1.0):
        width = self._zoom_width()
        if width is not None:
            self.zoom_to(self.plane.origin, width, *animations, run_time=run_time)
        elif animations:
            self.play(*animations, run_time=run_time)

    def _zoom_out(self, *animations, run_time: float = 1.0):
        if self.zoomed:
            self.zoom_home(*animations, run_time=run_time)
        elif animations:
            self.play(*animations, run_time=run_time)

    def _show_setup(self):
        self.play(FadeIn(self.title_mob), FadeIn(self.background), run_time=1.0)
        self._zoom_in(run_time=0.8)  # the unit disk is small beside the ellipse to come: look at it close
        self.play(Create(self.disk_grid), Create(self.circle), FadeIn(self.sector), run_time=1.5)
        self.tip_labels = VGroup(*[self._tip_label(k) for k in range(2)])
        self.play(*[FadeIn(a) for a in self.arrows], FadeIn(self.tip_labels), run_time=1.0)
        self._follow()
        self.play(self.sector.animate.set_fill(opacity=0.55), rate_func=there_and_back, run_time=1.2)
        self._hold_zoomed(reserve=4.5)
        self._zoom_out(Write(self.steps[0]), run_time=1.2)
        self._show_line(6)
        self.live = self._build_live()
        self.play(FadeIn(self.live), run_time=0.8)

    def _show_stage(self, stage: int, run_time: float):
        self._show_line(1 + stage, run_time=0.4)
        if stage == 0:  # the turn happens on the small unit disk
            self._zoom_in(run_time=0.8)
        self.play(self.t.animate.set_value(stage + 1.0), run_time=run_time, rate_func=smooth)
        self._hold_zoomed(reserve=1.2)
        self._zoom_out(run_time=0.8)
        self.wait(0.6)

    def _show_semi_axes(self):
        self.play(FadeOut(self.tip_labels), run_time=0.5)
        self.semi_axis_labels = VGroup()
        for k in range(2):
            color = (self.theme.first, self.theme.second)[k]
            self.semi_axis_labels.add(self._label_at(rf"\sigma_{k + 1}", color, self.U[:, k], self.sigma[k],
                                                     self.semi_axis_labels))
        self.sigmas = self._build_sigmas()
        self.live_values.suspend_updating()
        self.play(FadeIn(self.semi_axis_labels), FadeOut(self.live), FadeIn(self.sigmas), run_time=0.8)
        self.wait(1.2)

    def _show_pairs(self):
        """v1, v2 on the unit circle and, on the ellipse, their images sigma_k u_k, named."""
        t = self.theme
        colors = (t.first, t.second)
        self.unit_circle = DashedVMobject(Circle(radius=self.plane.unit).move_to(self.plane.origin), num_dashes=40)
        self.unit_circle.set_stroke(t.muted, width=2.5)
        self.in_arrows = VGroup(*[PlaneArrow(self.plane.origin, self.plane.c2p(*self.V[:, k]), colors[k],
                                             stroke_width=3.5, tip_length=0.18) for k in range(2)])
        self.in_arrows.set_opacity(0.7)  # the inputs, drawn lighter than their images
        shafts = np.vstack([self._shaft_points(self.V[:, k]) for k in range(2)]
                           + [self._shaft_points(self.sigma[k] * self.U[:, k]) for k in range(2)])
        self.in_labels = VGroup()
        for k in range(2):
            self.in_labels.add(self._label_at(rf"\mathbf v_{k + 1}", colors[k], self.V[:, k], 1.0,
                                              VGroup(*self.in_labels), points=shafts))
        image_names = VGroup()
        for k in range(2):
            image_names.add(self._label_at(rf"\sigma_{k + 1}\mathbf u_{k + 1}", colors[k], self.U[:, k],
                                           self.sigma[k], VGroup(*self.in_labels, *image_names), points=shafts))
        self.corners = VGroup(self._right_angle(self.V[:, 0], self.V[:, 1]),
                              self._right_angle(self.U[:, 0], self.U[:, 1]))
        self._show_line(4)
        self._zoom_in(Create(self.unit_circle), FadeIn(self.in_arrows), FadeIn(self.in_labels),
                      FadeIn(self.corners[0]), self.disk_grid.animate.set_stroke(opacity=0.3), run_time=1.2)
        self.play(ReplacementTransform(self.semi_axis_labels, image_names), FadeOut(self.corners[0]),
                  FadeIn(self.corners[1]), run_time=1.0)
        self.semi_axis_labels = image_names

        def pair(k):  # an input arrow and its image, lit together
            return (emphasise(self.in_arrows[k], self.theme, scale=1.0),
                    emphasise(self.arrows[k], self.theme, scale=1.0))

        self.play(*pair(1), run_time=1.0)  # the short image first, while the camera is close
        self.play(*pair(0), run_time=1.0)
        self._hold_zoomed(reserve=1.5)
        self._zoom_out(*pair(0), run_time=1.2)

    def _shaft_points(self, vector, samples: int = 12) -> np.ndarray:
        """Points along the arrow from the origin to ``vector`` (plane units), in scene units."""
        return np.array([self.plane.c2p(*(f * np.asarray(vector))) for f in np.linspace(0.15, 1, samples)])

    def _show_direct(self):
        ghost = DashedVMobject(Circle(radius=self.plane.unit).move_to(self.plane.origin), num_dashes=48)
        ghost.set_stroke(self.theme.highlight, width=self.theme.stroke * 0.8)
        self.route = "direct"
        self.live_values.resume_updating()
        self.play(FadeIn(ghost), FadeOut(self.corners[1]), FadeOut(self.in_labels), FadeOut(self.in_arrows), FadeOut(self.sigmas),
                  FadeIn(self.live), run_time=0.8)
        self._show_line(5)
        self.ghost = follow_matrix(ghost, self.plane, self.matrix_direct)
        self.play(self.u.animate.set_value(1.0), run_time=3.0, rate_func=smooth)
        self.wait(1.0)

    def _show_summary(self):
        U, Vt = rotation(self.alpha), rotation(self.beta)
        pieces = [self.tex(r"U", _shown_matrix(U), role="label"),
                  self.tex(r"\Sigma", _shown_matrix(np.diag(self.s)), role="label"),
                  self.tex(r"V^{\mathsf T}", _shown_matrix(Vt), role="label")]
        summary = self._arrange_widest_fit(pieces, self.live_box)
        self.fit(summary, self.live_box, readable=True)
        self.live_values.clear_updaters()
        self.play(FadeOut(self.live), FadeOut(self.line_shown), run_time=0.5)
        self.line_shown = None
        self.play(FadeIn(summary), run_time=1.0)
        self.summary = summary
        self.wait(2.5)

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


def _exact(value: float, places: int) -> bool:
    return float(format_number(value, places, **EXACT)) == float(value)


def _shown(value: float, places: int) -> str:
    """``= 2`` for an exact value, ``\\approx 2.58`` for a rounded one (TeX)."""
    sign = "=" if _exact(value, places) else r"\approx"
    return f"{sign} {format_number(value, places, style='tex', **EXACT)}"


def _shown_matrix(M, places: int = 2) -> str:
    exact = all(_exact(x, places) for x in np.ravel(M))
    return ("=" if exact else r"\approx") + tex_matrix(M, places, **EXACT)


def _spoken(value: float, places: int) -> str:
    """A number as narration says it: ``2``, or ``about 2.58`` when rounded."""
    text = format_number(value, places, style="text", **EXACT)
    return text if _exact(value, places) else f"about {text}"
