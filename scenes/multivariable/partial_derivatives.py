"""Partial and directional derivatives: two planes cut the surface, two tangents, one gradient.

Render with its defaults, as plain manim::

    manim -ql scenes/multivariable/partial_derivatives.py PartialDerivatives

The surface is seen from one fixed camera (``mathviz.kit.surface``) and added first, so it
stays in the static background. Colours by role: the surface and its contours are the
``function``; the cut along x (the plane y = y0, its curve and tangent) is ``first``, the cut
along y is ``second``; the gradient is ``highlight`` (first is the derivative's hue, taken
here by the x cut); the turning direction u and everything that follows it is the
``estimate``.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UP,
    Arrow,
    Axes,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    GrowArrow,
    Line,
    Polygon,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
    smooth,
)

from mathviz.core.expr import parse_function
from mathviz.core.optimize import (
    contour_levels,
    contour_segments,
    directional_derivative,
    directional_derivatives,
    partial_derivatives,
    vector_function,
)
from mathviz.kit import (
    Box,
    MathvizScene,
    axes_config,
    beside,
    build_surface_view,
    floor_outline,
    format_number,
    height_color,
    map_axes,
    padded_range,
    place_label,
    plate_numbers,
    points_on,
    rounding,
    said,
    segments_mobject,
)
from scenes.multivariable.specs import PartialDerivativesParams

PHI, THETA = 58 * np.pi / 180, -105 * np.pi / 180  # the fixed camera, as gradient-ascent's
RESOLUTION = 16  # faces per side of the surface: coarse keeps the scene quick
GRID = 81  # samples per side for the contour map
LEVELS = 8
CURVE_SAMPLES = 80
DOT = 0.06
TURN = 360.0  # degrees u turns through


def _tex(value: float) -> str:
    """``\\approx 0.95`` or ``= 1``: a computed value in a formula, saying when it is rounded."""
    relation, text = rounding(value, 2)
    return f"{relation} {text}"


class PartialDerivatives(MathvizScene):
    Params = PartialDerivativesParams
    title = "Partial and directional derivatives"

    def construct(self):
        self._compute()
        self._build_layout()
        x0, y0 = self.point
        self.beat("surface", "A function of two inputs is a surface: above each point of the floor stands "
                             f"its height f(x, y). Pick one point, x0 = {self._typed(x0)} and "
                             f"y0 = {self._typed(y0)}.")
        self._show_surface()
        self.beat("cut-x", "Hold y at y0 and let only x move. The plane y = y0 cuts the surface along a "
                           "curve. The slope of its tangent is the partial derivative with respect to x, "
                           f"{said(self.grad[0])}.")
        self._show_cut(0)
        self.beat("cut-y", "Now hold x at x0 instead. The plane x = x0 cuts out another curve, and its "
                           f"tangent's slope is the partial derivative with respect to y, {said(self.grad[1])}.")
        self._show_cut(1)
        self.beat("gradient", "Side by side, the two slopes make one arrow on the floor map: the gradient. "
                              "It goes across by the x slope and up by the y slope.")
        self._show_gradient()
        self.beat("direction", "Walk off in any direction u, a unit vector, and the slope you meet is the "
                               "directional derivative: the gradient dotted with u, its shadow along u. "
                               "Along x it is the x slope; along y, the y slope.")
        self._show_turn()
        self.beat("steepest", "It is largest when u points along the gradient: there the slope is "
                              f"{said(self.steepest)}, the gradient's length. Across it, along the contour, "
                              "the slope is zero; straight against it, the steepest way down.")
        self._show_steepest()

    # -- the maths, all from the core --------------------------------------------------------

    def _compute(self):
        p = self.params
        self.expr = parse_function(p.f, ("x", "y"))
        self.F = vector_function(self.expr)
        self.point = np.asarray(p.point, dtype=float)
        self.extent = p.extent
        self.value = float(self.F(self.point))
        self.grad = partial_derivatives(self.F, self.point)
        self.steepest = float(np.linalg.norm(self.grad))
        self.grad_angle = float(np.degrees(np.arctan2(self.grad[1], self.grad[0])) % 360)
        self.angles = np.linspace(0.0, TURN, 361)
        self.slopes = directional_derivatives(self.F, self.point, np.radians(self.angles))
        xs = np.linspace(-self.extent, self.extent, GRID)
        self.xs = xs
        self.Z = self.expr(*np.meshgrid(xs, xs)) * np.ones((GRID, GRID))
        self.z_range = padded_range(self.Z, pad=0.02, min_span=1e-6)
        self.levels = contour_levels(self.Z, LEVELS)

    @staticmethod
    def _typed(value: float) -> str:
        return format_number(value, 4, trim=True, style="text")

    def slope_along(self, degrees: float) -> float:
        """The directional derivative toward ``degrees``, from the core."""
        a = np.radians(degrees)
        return directional_derivative(self.F, self.point, [np.cos(a), np.sin(a)])

    # -- layout ----------------------------------------------------------------------------------

    def _build_layout(self):
        self.layout()
        content = self.content_box()
        if self.shape == "wide":
            # the surface has the frame's left two thirds to itself until the map arrives
            surf, map_box, column = content.split((5.0, 4.6, 3.3), vertical=False, gap=0.3)
            panel, dial = column.split((2.0, 4.1), gap=0.3)
            big = Box(np.array([(surf.left + map_box.right) / 2, surf.center[1], 0.0]),
                      map_box.right - surf.left, surf.height)
        elif self.shape == "square":
            top, bottom = content.split((3.8, 2.5), gap=0.3)
            surf, map_box = top.split((5.2, 4.6), vertical=False, gap=0.3)
            panel, dial = bottom.split((5.2, 4.6), vertical=False, gap=0.3)
            big = surf
        else:
            surf, map_box, dial, panel = content.split((4.0, 5.0, 2.4, 1.6), gap=0.3)
            big = surf
        self.surface_box, self.map_box, self.panel_box, self.dial_box = surf, map_box, panel, dial
        self.labels = self.tex("x", "y", "x", "y", r"\theta\,(^\circ)", r"D_u f", role="small", color=self.theme.muted)
        self._build_surface(surf)
        # start large where there is room: scale the surface (and the hidden axes, so c2p lands on
        # it) about its centre; _move_home undoes it
        picture = VGroup(self.floor, self.surface)
        self.home = picture.get_center()
        self.grow = max(1.0, 0.98 * min((big.width - 0.5) / picture.width, (big.height - 0.5) / picture.height))
        self.big_center = big.center + np.array([-0.15, 0.15, 0.0])
        for mob in (picture, self.axes3d):
            mob.scale(self.grow, about_point=self.home).shift(self.big_center - self.home)
        self._place_floor_labels()
        self._build_map(map_box)
        self._build_dial(dial)

    def _build_surface(self, box: Box):
        size = 2.0 * max(box.width, box.height)
        axes, surface = build_surface_view(self.expr, self.extent, self.z_range, self.theme, side=size,
                                           height=0.42 * size, phi=PHI, theta=THETA, resolution=RESOLUTION)
        floor = floor_outline(axes, self.extent, self.z_range[0], self.theme.grid)
        picture = VGroup(floor, surface)
        center, width = picture.get_center(), picture.width
        self.fit(picture, Box(box.center + np.array([-0.15, 0.15, 0.0]), box.width - 0.45, box.height - 0.45))
        axes.scale(picture.width / width, about_point=center).shift(picture.get_center() - center)
        self.axes3d, self.surface, self.floor = axes, surface, floor
        self.floor_labels = VGroup(self.labels[0], self.labels[1])

    def _floor_spots(self):
        e, z0, axes = self.extent, self.z_range[0], self.axes3d
        return (axes.c2p(0, -e, z0) * [1, 1, 0] + 0.3 * DOWN,
                axes.c2p(e, 0, z0) * [1, 1, 0] + 0.3 * RIGHT + 0.1 * DOWN)

    def _place_floor_labels(self):
        for label, spot in zip(self.floor_labels, self._floor_spots()):
            label.move_to(spot)

    def _move_home(self, *animations, run_time: float = 1.2):
        """The large surface of the first beats, with everything drawn on it, goes to its own box."""
        if self.grow == 1.0:
            if animations:
                self.play(*animations, run_time=run_time)
            return
        shrink = 1 / self.grow
        on_surface = VGroup(self.floor, self.surface, self.stick, self.top_dot, *self.cuts)
        self.axes3d.scale(shrink, about_point=self.big_center).shift(self.home - self.big_center)
        spots = self._floor_spots()
        self.play(on_surface.animate.scale(shrink, about_point=self.big_center).shift(self.home - self.big_center),
                  *[label.animate.move_to(spot) for label, spot in zip(self.floor_labels, spots)],
                  *animations, run_time=run_time)
        self.top_dot.scale_to_fit_width(2 * DOT)  # dots keep their size
        self.grow = 1.0

    def surface_point(self, x: float, y: float, z: float | None = None) -> np.ndarray:
        z = float(self.expr(x, y)) if z is None else z
        point = np.array(self.axes3d.c2p(x, y, z), dtype=float)
        point[2] = 0.0  # the 2D camera draws x and y; flat points keep arrows and dots flat on screen
        return point

    def _build_map(self, box: Box):
        t, e = self.theme, self.extent
        self.map = map_axes((-e, -e), (e, e), box, t, fill=(0.84, 0.84))
        self.to_map = points_on(self.map)
        x_label, y_label = self.labels[2], self.labels[3]
        x_label.next_to(self.map.x_axis, RIGHT, 0.1)
        y_label.next_to(self.map.y_axis, UP, 0.1)
        self.map_labels = VGroup(x_label, y_label)
        span = self.z_range[1] - self.z_range[0]
        self.contours = VGroup(*[
            segments_mobject(contour_segments(self.xs, self.xs, self.Z, level), self.to_map,
                             height_color(t, (level - self.z_range[0]) / span), 0.45 * t.stroke)
            for level in self.levels])
        # every arrow on the map is drawn to one scale: the gradient 0.45 extent long
        self.arrow_scale = 0.45 * e / self.steepest

    def _build_dial(self, box: Box):
        t = self.theme
        top = 1.25 * self.steepest
        step_y = float(format_number(top / 2, digits=1))
        self.dial = Axes(x_range=[0, TURN, 90], y_range=[-top, top, step_y], x_length=box.width * 0.74,
                         y_length=box.height * 0.7, **axes_config(t, 90, step_y, x_range=(0, TURN),
                                                                   y_range=(-top, top)))
        plate_numbers(self.dial, t)
        theta, name = self.labels[4], self.labels[5]
        theta.next_to(self.dial.x_axis, RIGHT, 0.1)
        name.next_to(self.dial.y_axis, UP, 0.1)
        self.dial_group = VGroup(self.dial, VGroup(theta, name))
        self.fit(self.dial_group, box)
        pts = np.asarray(self.dial.c2p(self.angles, self.slopes)).T
        self.dial_curve = VMobject(stroke_color=t.estimate, stroke_width=0.8 * t.stroke)
        self.dial_curve.set_points_as_corners(pts)

    # -- pieces ----------------------------------------------------------------------------------

    def _cut(self, axis: int):
        """The plane through the point with coordinate ``1 - axis`` held, its curve on the surface and
        the tangent there, in the cut's colour."""
        t, e = self.theme, self.extent
        color = t.first if axis == 0 else t.second
        x0, y0 = self.point
        z0, z1 = self.z_range
        run = np.linspace(-e, e, CURVE_SAMPLES)
        if axis == 0:
            corners = [(-e, y0, z0), (e, y0, z0), (e, y0, z1), (-e, y0, z1)]
            curve_pts = [self.surface_point(x, y0) for x in run]
        else:
            corners = [(x0, -e, z0), (x0, e, z0), (x0, e, z1), (x0, -e, z1)]
            curve_pts = [self.surface_point(x0, y) for y in run]
        plane = Polygon(*[self.surface_point(*c) for c in corners], stroke_color=color, stroke_width=1.5,
                        stroke_opacity=0.7, fill_color=color, fill_opacity=0.12)
        curve = VMobject(stroke_color=color, stroke_width=0.9 * t.stroke).set_points_as_corners(curve_pts)
        slope = float(self.grad[axis])
        reach = min(0.35 * e, 0.3 * (z1 - z0) / max(abs(slope), 1e-9))
        step = np.eye(2)[axis] * reach
        ends = [self.surface_point(*(self.point + s * step), self.value + s * reach * slope) for s in (-1, 1)]
        tangent = DashedLine(*ends, color=color, stroke_width=1.1 * t.stroke, dash_length=0.12)
        return plane, curve, tangent

    def _map_arrow(self, vector, color, start=None, width: float | None = None):
        start = self.point if start is None else start
        a, b = self.to_map(start), self.to_map(start + self.arrow_scale * np.asarray(vector))
        return Arrow(a, b, buff=0, color=color, stroke_width=width or 0.9 * self.theme.stroke,
                     max_tip_length_to_length_ratio=0.25, tip_length=0.18)

    # -- beats -----------------------------------------------------------------------------------

    def _show_surface(self):
        t = self.theme
        self.add(self.floor, self.surface)  # first: drawn once into the static background
        formula = self.tex("f(x, y) =", self.expr.to_tex(), role="label")
        x0, y0 = self.point
        where = self.tex(rf"(x_0, y_0) = ({format_number(x0, 4, trim=True, style='tex')},\ "
                         rf"{format_number(y0, 4, trim=True, style='tex')})", role="label", color=t.point)
        self.play(FadeIn(self.title_mob), FadeIn(self.floor_labels), run_time=1.0)
        self.swap_panel(formula, where)
        foot = self.surface_point(x0, y0, self.z_range[0])
        self.top_dot = Dot(self.surface_point(x0, y0), radius=DOT, color=t.point)
        self.stick = Line(foot, self.top_dot.get_center(), color=t.point, stroke_width=0.5 * t.stroke)
        self.play(Create(self.stick), run_time=0.8)
        self.play(FadeIn(self.top_dot, scale=1.6), run_time=0.6)

    def _show_cut(self, axis: int):
        t = self.theme
        plane, curve, tangent = self._cut(axis)
        name = "x" if axis == 0 else "y"
        color = t.first if axis == 0 else t.second
        self.play(FadeIn(plane), run_time=0.8)
        self.play(Create(curve), run_time=1.2)
        self.play(Create(tangent), run_time=0.8)
        self.add(self.top_dot)  # the point stays on top of what was drawn over it
        if axis == 0:
            self.cuts = []
            self.slope_rows = [self.tex(rf"\frac{{\partial f}}{{\partial x}} {_tex(self.grad[0])}",
                                        role="label", color=t.first)]
        else:
            self.slope_rows.append(self.tex(rf"\frac{{\partial f}}{{\partial y}} {_tex(self.grad[1])}",
                                            role="label", color=t.second))
        self.cuts.append(VGroup(plane, curve, tangent))
        held = self.tex(rf"{'y = y_0' if name == 'x' else 'x = x_0'}", role="label", color=color)
        self.swap_panel(held, *[row.copy() for row in self.slope_rows])
        self.play(plane.animate.set_fill(opacity=0.05).set_stroke(opacity=0.35), run_time=0.5)

    def _show_gradient(self):
        t = self.theme
        self._move_home()
        self.play(Create(self.map), FadeIn(self.map_labels), run_time=1.0)
        self.play(Create(self.contours), run_time=1.2)
        self.map_dot = Dot(self.to_map(self.point), radius=DOT, color=t.point)
        self.play(FadeIn(self.map_dot, scale=1.6), run_time=0.5)
        gx, gy = self.grad
        across = self._map_arrow([gx, 0.0], t.first)
        up = self._map_arrow([0.0, gy], t.second, start=self.point + self.arrow_scale * np.array([gx, 0.0]))
        self.play(GrowArrow(across), run_time=0.8)
        self.play(GrowArrow(up), run_time=0.8)
        self.grad_arrow = self._map_arrow(self.grad, t.highlight, width=1.1 * t.stroke)
        label = self.tex(r"\nabla f", role="label", color=t.highlight)
        direction = np.array([*(self.grad / self.steepest), 0.0])
        label.add_background_rectangle(color=t.background, opacity=0.85, buff=0.04)
        # beyond the tip where it fits on the map, else beside the tip, across the arrow
        tip, normal = self.grad_arrow.get_end(), np.array([-direction[1], direction[0], 0.0])
        candidates = [beside(label, tip, d, 0.1) for d in (direction, -normal, normal, direction - normal,
                                                          direction + normal)]
        place_label(label, candidates, box=self.map_box,
                    avoid=[self.map_dot, *self.map.x_axis.numbers, *self.map.y_axis.numbers, *self.map_labels])
        self.play(GrowArrow(self.grad_arrow), FadeIn(label), run_time=1.0)
        self.components = VGroup(across, up)
        self.grad_label = label
        row = self.tex(r"\nabla f = \Big(\frac{\partial f}{\partial x},\ \frac{\partial f}{\partial y}\Big)",
                       role="label", color=t.highlight)
        value = self.tex(rf"\approx ({format_number(gx, 2, style='tex')},\ {format_number(gy, 2, style='tex')})",
                         role="label", color=t.highlight)
        self.swap_panel(row, value)
        self.play(FadeOut(self.components), run_time=0.6)

    def _u_at(self, degrees: float) -> np.ndarray:
        a = np.radians(degrees)
        return np.array([np.cos(a), np.sin(a)])

    def _show_turn(self):
        t = self.theme
        self.theta = ValueTracker(0.0)
        radius = self.arrow_scale * self.steepest
        p = self.to_map(self.point)

        def u_end():
            return self.to_map(self.point + radius * self._u_at(self.theta.get_value()))

        self.u_arrow = Arrow(p, u_end(), buff=0, color=t.estimate, stroke_width=0.6 * t.stroke,
                             max_tip_length_to_length_ratio=0.2, tip_length=0.15)
        self.u_arrow.add_updater(lambda m: m.put_start_and_end_on(p, u_end()))
        u_label = self.tex("u", role="label", color=t.estimate)
        u_label.add_background_rectangle(color=t.background, opacity=0.85, buff=0.04)
        def u_spot():  # beside the arrow's middle, on its left: clear of the gradient's name at its tip
            u = self._u_at(self.theta.get_value())
            return (p + u_end()) / 2 + 0.28 * np.array([-u[1], u[0], 0.0])

        u_label.add_updater(lambda m: m.move_to(u_spot()))

        def shadow_end():
            d = self.slopes_at(self.theta.get_value())
            return self.to_map(self.point + self.arrow_scale * d * self._u_at(self.theta.get_value()))

        self.shadow = Line(p, shadow_end(), color=t.estimate, stroke_width=1.6 * t.stroke)
        self.shadow.add_updater(lambda m: m.put_start_and_end_on(p, shadow_end() + 1e-4 * RIGHT))
        self.drop = Line(self.grad_arrow.get_end(), shadow_end(), color=t.estimate, stroke_width=1.2,
                         stroke_opacity=0.7)
        self.drop.add_updater(lambda m: m.put_start_and_end_on(self.grad_arrow.get_end(), shadow_end() + 1e-4 * UP))

        def tangent_ends():
            a, d = self.theta.get_value(), self.slopes_at(self.theta.get_value())
            reach = min(0.35 * self.extent, 0.3 * (self.z_range[1] - self.z_range[0]) / max(self.steepest, 1e-9))
            u = self._u_at(a)
            return [self.surface_point(*(self.point + s * reach * u), self.value + s * reach * d) for s in (-1, 1)]

        self.u_tangent = Line(*tangent_ends(), color=t.estimate, stroke_width=1.1 * t.stroke)
        self.u_tangent.add_updater(lambda m: m.put_start_and_end_on(*tangent_ends()))
        traced = VMobject(stroke_color=t.estimate, stroke_width=0.8 * t.stroke)
        traced.add_updater(lambda m: m.pointwise_become_partial(self.dial_curve, 0,
                                                                self.theta.get_value() / TURN))
        self.dial_dot = Dot(self.dial.c2p(0, self.slopes[0]), radius=DOT, color=t.estimate)
        self.dial_dot.add_updater(lambda m: m.move_to(self.dial.c2p(self.theta.get_value(),
                                                                    self.slopes_at(self.theta.get_value()))))
        self.reading = self.number(self.slopes[0], color=t.estimate, decimals=2, include_sign=True,
                                   widest=-self.steepest)
        self.angle_reading = self.number(0, color=t.estimate, decimals=0)
        row_u = self.readout_row(r"\theta =", self.angle_reading, r"^\circ", color=t.estimate)
        row_d = self.readout_row(r"D_u f = \nabla f \cdot u \approx", self.reading, color=t.estimate)
        self.live_rows = (row_u, row_d)
        self.play(FadeIn(self.dial_group), FadeOut(self.cuts[0]), FadeOut(self.cuts[1]), run_time=0.8)
        self.swap_panel(row_u, row_d)

        def refresh(_m):
            a = self.theta.get_value()
            row_u.set_values(round(a))
            row_d.set_values(self.slopes_at(round(a)))

        row_d.add_updater(refresh)
        self.play(FadeIn(self.u_arrow), FadeIn(u_label), FadeIn(self.shadow), FadeIn(self.drop),
                  FadeIn(self.u_tangent), FadeIn(self.dial_dot), run_time=1.0)
        self.add(traced)
        self.traced, self.u_label = traced, u_label
        # first the two axis directions, where the slopes are the partials
        self._mark(0.0, t.first)
        self.play(self.theta.animate.set_value(90.0), run_time=2.0, rate_func=smooth)
        self._mark(90.0, t.second)
        self.play(self.theta.animate.set_value(TURN), run_time=5.0, rate_func=linear)
        traced.clear_updaters()
        traced.become(self.dial_curve)
        self.theta.set_value(0.0)  # a full turn is back where it started

    def slopes_at(self, degrees: float) -> float:
        """grad f . u at ``degrees``: the core's value at the same angles the dial is drawn from."""
        return float(np.interp(degrees % TURN, self.angles, self.slopes))

    def _mark(self, degrees: float, color):
        dot = Dot(self.dial.c2p(degrees, self.slope_along(degrees)), radius=0.8 * DOT, color=color)
        self.play(FadeIn(dot, scale=1.8), run_time=0.5)
        self.marks = getattr(self, "marks", VGroup())
        self.marks.add(dot)

    def _show_steepest(self):
        t = self.theme
        self.u_label.clear_updaters()
        self.play(self.theta.animate.set_value(self.grad_angle), FadeOut(self.u_label), run_time=2.0, rate_func=smooth)
        top = self.dial.c2p(self.grad_angle, self.steepest)
        self.peak = Dot(top, radius=1.1 * DOT, color=t.highlight)
        guide = DashedLine(self.dial.c2p(0, self.steepest), self.dial.c2p(TURN, self.steepest),
                           color=t.highlight, stroke_width=1.5, dash_length=0.08)
        self.play(FadeIn(self.peak, scale=1.8), Create(guide), run_time=0.8)
        length = self.tex(r"\max_u D_u f = \|\nabla f\|", _tex(self.steepest), role="label", color=t.highlight)
        along = self.tex(r"\text{along } \nabla f:\ \theta \approx",
                         f"{format_number(self.grad_angle, 0)}^\\circ", role="label", color=t.highlight)
        self.swap_panel(length, along)
        # a quarter turn: across the gradient, along the contour through the point, the slope is zero
        self.zero_angle = self.grad_angle + 90.0
        self.play(self.theta.animate.set_value(self.zero_angle), run_time=1.6)
        self.wait(0.6)
        self.play(self.theta.animate.set_value(self.grad_angle), run_time=1.2)
        for m in (self.u_arrow, self.shadow, self.drop, self.u_tangent, self.dial_dot, self.live_rows[1]):
            m.clear_updaters()
