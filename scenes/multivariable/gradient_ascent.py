"""Gradient ascent: climbing a surface along its gradient, on the surface and on its contour map.

Render with its defaults, as plain manim::

    manim -ql scenes/multivariable/gradient_ascent.py GradientAscent

Speed: the surface is seen from one fixed camera angle (see ``mathviz.kit.surface``)
and is the first thing in the scene, so manim keeps it in the static
background while the climber moves. Changing numbers are readouts (glyphs
typeset once, rewritten in place), and the short labels share one LaTeX run.

Colours by the series' roles: the surface and its contours are the ``function``; the
gradient (the field, the arrow at x_0, its readouts) is the derivative's role ``truth``,
as the tangent is in the calculus scenes; the climber and its path are the ``estimate``;
the contour through x_0 and its right angle are ``highlight``. In the comparison the
smaller rate is ``first``, yours stays the ``estimate``, and the rate past the stability
limit, the one the narration warns about, is ``highlight``.
"""

from __future__ import annotations

import math

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UP,
    UR,
    Arrow,
    Axes,
    Create,
    Dot,
    FadeIn,
    FadeOut,
    GrowArrow,
    Line,
    Rectangle,
    ReplacementTransform,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    config,
    linear,
    smooth,
)

from mathviz.core.expr import parse_function
from mathviz.core.optimize import (
    comparison_rates,
    contour_levels,
    contour_segments,
    contour_tangent,
    gradient_ascent,
    grid_maxima,
    level_curve_near,
    numerical_gradient,
    run_outcome,
    stability_limit,
    vector_function,
)
from mathviz.kit import (
    arrows_mobject,
    axes_config,
    Box,
    build_surface_view,
    floor_outline,
    format_number,
    height_color,
    MathvizScene,
    nice_step,
    padded_range,
    plate_numbers,
    points_on,
    segments_mobject,
)
from scenes.multivariable.specs import GradientAscentParams

TOL = 1e-3  # the climb has arrived once |grad f| < TOL
GRID = 61  # samples per side for the contour map
FIELD = 9  # gradient-field arrows per side
LEVELS = 9  # contour lines
PHI, THETA = 58 * np.pi / 180, -105 * np.pi / 180  # the fixed camera angle
SLOW_STEPS = 3  # steps shown one at a time, before the climb speeds up
DOT = 0.035  # the start dot's radius; path dots are smaller (the first step is only a few dots long)
PATH_DOT = 0.024
ZOOM_FILL = 2.6  # the zoomed view shows the gradient arrow (or the first step) this many times over
ZOOM_DOT = 1.6  # dots seen through the zoom are drawn this many times their size, not the zoom's
LEGEND_WORDS = {"converged": "converged", "diverged": "flew off", "oscillating": "bounces",
                "climbing": "still climbing"}
TICK_SCALE = 1.25  # tick numbers a little over the small text size: they are read from a distance
OUTCOME_WORDS = {
    "converged": "converged",
    "diverged": "flew off",
    "oscillating": "bounces, never settles",
    "climbing": "still climbing",
}


class GradientAscent(MathvizScene):
    Params = GradientAscentParams
    title = "Climbing a surface by gradient ascent"

    def construct(self):
        self._compute()
        self._build_layout()

        self.beat("landscape", "A function of two inputs is a landscape: above each point (x, y) of the "
                               f"floor, the surface stands at height f(x, y). {self._hills_sentence()}")
        self._show_landscape()
        self.beat("contours", "Seen from straight above, the same landscape becomes a contour map. "
                              "Each curve joins points of equal height, like the lines on a hiking map.")
        self._show_contours()
        self.beat("gradient", "The gradient gathers the two partial derivatives into one arrow. It "
                              "points where the ground rises fastest, so it crosses every contour "
                              "at a right angle.")
        self._show_gradient()
        self.beat("step", "Gradient ascent is a loop: work out the gradient where you stand, take a "
                          "small step along it, scaled by the learning rate eta, and repeat.")
        self._show_first_steps()
        self.beat("climb", "Every step gains height. Near the top the ground flattens, the gradient "
                           "shrinks, and the steps shorten by themselves.")
        self._show_climb()
        self.beat("summit", self._summit_narration())
        self._show_summit()
        self.beat("rates", "The learning rate decides how the climb goes. Too small, and the climber "
                           "crawls and runs out of steps. Past the stability limit, two over the "
                           "curvature L at the top, every step overshoots: the path bounces across "
                           "the summit and never settles.")
        self._show_rates()

    # -- the maths, all from the core ------------------------------------------------------

    def _compute(self):
        p = self.params
        self.expr = parse_function(p.f, ("x", "y"))
        self.F = vector_function(self.expr)
        self.extent = p.extent
        self.run = gradient_ascent(self.F, p.x0, learning_rate=p.learning_rate, steps=p.steps, tol=TOL)
        self.limit = stability_limit(self.F, self.run.points[-1])
        self.rates = comparison_rates(p.learning_rate, self.limit)
        self.runs = [self.run if rate == p.learning_rate else
                     gradient_ascent(self.F, p.x0, learning_rate=rate, steps=p.steps, tol=TOL)
                     for rate in self.rates]
        self.xs = np.linspace(-self.extent, self.extent, GRID)
        self.Z = self.expr(*np.meshgrid(self.xs, self.xs))
        self.z_range = padded_range(self.Z, pad=0.02, min_span=1e-6)
        self.levels = contour_levels(self.Z, LEVELS)
        cell = 2 * self.extent / FIELD
        centers = -self.extent + cell * (np.arange(FIELD) + 0.5)
        self.field_points = np.stack(np.meshgrid(centers, centers), -1).reshape(-1, 2)
        self.field_grads = numerical_gradient(self.F, self.field_points)
        self.shown_steps = self._steps_inside(self.run)
        # the gradient at x_0, drawn to the map's own scale (shortened by a power of ten, and
        # labelled so, only where it would run far off the map), and its contour's tangent there
        x0, g0 = self.run.points[0], self.run.gradients[0]
        norm = float(np.linalg.norm(g0))
        self.has_gradient = bool(np.isfinite(norm) and norm > 1e-9)
        self.grad_power = 0
        if self.has_gradient and norm > 0.6 * self.extent:
            self.grad_power = int(np.ceil(np.log10(norm / (0.6 * self.extent))))
        self.grad_scale = 10.0 ** -self.grad_power
        self.grad_marks = VGroup()  # the contour through x_0, the right angle and the labels, once drawn
        self.tangent0 = contour_tangent(self.F, x0) if self.has_gradient else np.array([1.0, 0.0])

    def _hills_sentence(self) -> str:
        hills = len(grid_maxima(self.Z))
        if hills == 0:
            return "On this map it has no peak: it keeps rising toward an edge."
        words = {1: "a single hill", 2: "two hills", 3: "three hills", 4: "four hills"}
        return f"This one has {words.get(hills, f'{hills} hills')}."

    def _steps_inside(self, run) -> int:
        """How many steps stay on the map: a path is drawn up to the first point that leaves it."""
        outside = np.abs(run.points).max(axis=1) > self.extent
        return int(np.argmax(outside)) - 1 if outside.any() else run.steps

    # -- layout and mobjects -----------------------------------------------------------------

    def _build_layout(self):
        # main: the surface (with its formula below) and the contour map; side: the readouts
        layout = self.layout(9.8, 3.5, square=(4.6, 1.8), tall=(10.0, 2.3))
        side = layout.side
        if layout.shape == "tall":
            surf, formula, chart = layout.main.split((4.4, 0.6, 5.0))
        elif layout.shape == "wide":
            # the map as tall as the frame allows, beside a column of the surface, its formula
            # and the three-line panel: the pictures fill the frame from the first beat
            content = self.content_box()
            side_w = content.height
            left, chart = content.split((content.width - side_w - 0.3, side_w), vertical=False, gap=0.3)
            surf, formula, side = left.split((3.6, 0.6, 1.7))
        else:
            # square: the surface across the top with the formula under it (it needs the frame's
            # width), the map and the panel side by side below: the whole frame is used from the start
            surf, formula, bottom = self.content_box().split((2.3, 0.5, 3.5))
            chart, side = bottom.split((1.0, 1.05), vertical=False, gap=0.3)
        self.surface_box, self.formula_box, self.map_box, self.info_box = surf, formula, chart, side
        # one LaTeX run for every short label of the scene
        self.labels = self.tex("x", "y", "x", "y", "k", "f(x_k)", "f(x, y)", role="small", color=self.theme.muted)
        self.axes3d, self.surface, self.floor = self._build_surface(surf)
        self.formula = self.fit(self.tex("f(x, y) =", self.expr.to_tex(), role="label"), formula)
        # the first beat has the frame to itself: the landscape starts large, above the formula,
        # and moves to its place beside the map when the map arrives
        picture = VGroup(self.floor, self.surface)
        content = self.content_box()
        strip = 0.6  # the formula waits at the bottom of the frame meanwhile
        floor_y = content.bottom + strip + 0.25
        big = Box(np.array([content.center[0], (content.top + floor_y) / 2, 0.0]), content.width,
                  content.top - floor_y)
        self.formula_start = np.array([content.center[0], content.bottom + strip / 2, 0.0])
        self.home_center = picture.get_center()
        grow = max(1.0, 0.999 * min((big.width - 0.6) / picture.width, (big.height - 0.6) / picture.height))
        self.landscape_scale = grow
        if grow > 1.0:
            self.formula.move_to(self.formula_start)
        self.big_center = big.center + np.array([-0.2, 0.2, 0.0])
        for mob in (picture, self.axes3d):
            mob.scale(grow, about_point=self.home_center).shift(self.big_center - self.home_center)
        self.map_axes, self.map_labels = self._build_map_axes(chart)

    def _build_surface(self, box: Box):
        size = 2.0 * max(box.width, box.height)
        axes, surface = build_surface_view(self.expr, self.extent, self.z_range, self.theme,
                                           side=size, height=0.42 * size, phi=PHI, theta=THETA)
        floor = floor_outline(axes, self.extent, self.z_range[0], self.theme.grid)
        picture = VGroup(floor, surface)
        center, width = picture.get_center(), picture.width
        # the floor's x and y labels sit below and to the right of the picture: keep room for them
        self.fit(picture, Box(box.center + np.array([-0.2, 0.2, 0.0]), box.width - 0.4, box.height - 0.4))
        # the axes are not drawn, but c2p must land on the fitted picture: move them alike
        axes.scale(picture.width / width, about_point=center).shift(picture.get_center() - center)
        return axes, surface, floor

    def _build_map_axes(self, box: Box):
        e = self.extent
        step = nice_step(2 * e, 4)
        side = min(box.width, box.height)
        axes = Axes(x_range=[-e, e, step], y_range=[-e, e, step], x_length=side, y_length=side,
                    **axes_config(self.theme, step, step, font_scale=TICK_SCALE))
        plate_numbers(axes, self.theme)  # contours run through the tick numbers
        x_label, y_label = self.labels[2], self.labels[3]
        x_label.next_to(axes.x_axis, RIGHT, 0.1)
        y_label.next_to(axes.y_axis, UP, 0.1)
        labels = VGroup(x_label, y_label)
        self.fit(VGroup(axes, labels), box)
        return axes, labels

    def map_point(self, xy) -> np.ndarray:
        """Scene point(s) of data point(s) ``xy`` on the contour map: ``(2,)`` or ``(n, 2)``."""
        return points_on(self.map_axes)(xy)

    @property
    def map_unit(self) -> float:
        """Scene units per data unit on the map (the same in x and y)."""
        return float(self.map_point((1.0, 0.0))[0] - self.map_point((0.0, 0.0))[0])

    def surface_point(self, xy) -> np.ndarray:
        """Scene point of ``(x, y, f(x, y))`` on the surface."""
        x, y = map(float, xy)
        return self.axes3d.c2p(x, y, float(self.expr(x, y)))

    def lifted_point(self, xy, z: float) -> np.ndarray:
        """Scene points ``(n, 3)`` of data points ``xy`` ``(n, 2)`` at height ``z`` above the floor."""
        xy = np.atleast_2d(np.asarray(xy, dtype=float))
        return np.asarray(self.axes3d.c2p(xy[:, 0], xy[:, 1], np.full(len(xy), float(z)))).T

    def _floor_label_spots(self):
        e, z0 = self.extent, self.z_range[0]
        return (self.axes3d.c2p(0, -e, z0) * [1, 1, 0] + 0.3 * DOWN,
                self.axes3d.c2p(e, 0, z0) * [1, 1, 0] + 0.3 * RIGHT + 0.1 * DOWN)

    def _build_floor_labels(self):
        x_label, y_label = self.labels[0], self.labels[1]
        for label, spot in zip((x_label, y_label), self._floor_label_spots()):
            label.move_to(spot)
        return VGroup(x_label, y_label)

    def _move_landscape_home(self, *animations, run_time: float = 1.2):
        """The large landscape of the first beat goes to its place beside the map (the hidden
        axes go alike, so c2p still lands on it); its labels move without shrinking."""
        shrink, big, home = 1 / self.landscape_scale, self.big_center, self.home_center
        self.axes3d.scale(shrink, about_point=big).shift(home - big)
        spots = self._floor_label_spots()
        picture = VGroup(self.floor, self.surface)
        self.play(picture.animate.scale(shrink, about_point=big).shift(home - big),
                  *[label.animate.move_to(spot) for label, spot in zip(self.floor_labels, spots)],
                  self.formula.animate.move_to(self.formula_box.center), *animations, run_time=run_time)

    def _build_contours(self):
        lines = VGroup()
        span = self.z_range[1] - self.z_range[0]
        self.level_segments = [contour_segments(self.xs, self.xs, self.Z, level) for level in self.levels]
        for level, seg in zip(self.levels, self.level_segments):
            color = height_color(self.theme, (level - self.z_range[0]) / span)
            lines.add(segments_mobject(seg, self.map_point, color, 0.5 * self.theme.stroke))
        e = self.extent
        frame = VMobject(stroke_color=self.theme.grid, stroke_width=1.5).set_points_as_corners(
            self.map_point(np.array([(-e, e), (e, e), (e, -e)])))
        return VGroup(frame, lines)

    def _visible_on_surface(self, points: np.ndarray) -> np.ndarray:
        """Which scene points ``(n, 3)`` lying on the surface face the viewer (no hill in front).

        A depth buffer of the surface sampled finely: the viewer looks down -z, so a point is
        hidden where the surface somewhere in front of it, in the same small patch of the
        screen, is nearer.
        """
        e, n = self.extent, 121
        xs = np.linspace(-e, e, n)
        X, Y = np.meshgrid(xs, xs)
        cloud = self.lifted_point(np.stack([X.ravel(), Y.ravel()], -1), 0.0)
        cloud = np.asarray(self.axes3d.c2p(X.ravel(), Y.ravel(), self.expr(X, Y).ravel())).T
        lo, hi = cloud[:, :2].min(axis=0), cloud[:, :2].max(axis=0)
        bins = 70
        cell = lambda p: np.clip(((p[:, :2] - lo) / (hi - lo + 1e-12) * bins).astype(int), 0, bins - 1)  # noqa: E731
        depth = np.full((bins, bins), -np.inf)
        c = cell(cloud)
        np.maximum.at(depth, (c[:, 1], c[:, 0]), cloud[:, 2])
        tol = 0.03 * float(np.ptp(cloud[:, 2]))
        q = cell(points)
        return points[:, 2] >= depth[q[:, 1], q[:, 0]] - tol

    def _build_lifted_contours(self):
        """Each contour at its own height on the surface (the parts the viewer can see), and the
        same segments on the map: the pair a transform carries down."""
        on_surface, on_map = VGroup(), VGroup()
        width = 0.4 * self.theme.stroke
        for level, seg in zip(self.levels, self.level_segments):
            ends = [self.lifted_point(seg[:, i, :], level) for i in (0, 1)]
            keep = self._visible_on_surface(ends[0]) & self._visible_on_surface(ends[1])
            seg = seg[keep]
            on_surface.add(segments_mobject(seg, lambda xy, z=level: self.lifted_point(xy, z), self.theme.text,
                                            width))
            on_map.add(segments_mobject(seg, self.map_point, self.theme.text, width))
        return on_surface, on_map

    def _build_field(self):
        norms = np.linalg.norm(self.field_grads, axis=1)
        top = norms.max() if norms.size and norms.max() > 0 else 1.0
        keep = norms >= 0.03 * top  # flat ground: no direction worth drawing
        cell = self.map_point((2 * self.extent / FIELD, 0))[0] - self.map_point((0, 0))[0]
        lengths = cell * 0.75 * np.sqrt(norms[keep] / top)
        units = self.field_grads[keep] / norms[keep, None]
        units = np.hstack([units, np.zeros((len(units), 1))])
        centers = self.map_point(self.field_points[keep]) if keep.any() else np.zeros((0, 3))
        half = units * lengths[:, None] / 2
        return arrows_mobject(centers - half, centers + half, self.theme.truth, width=2.0,
                              tip=0.1, opacity=0.55)

    def _step_arrow(self, start, end, color, width: float | None = None, tip: float = 0.14):
        start, end = np.array(start, dtype=float), np.array(end, dtype=float)
        start[2] = end[2] = 0.0  # the 2D camera draws x and y; keep the tip flat on screen
        return Arrow(start, end, buff=0, color=color,
                     stroke_width=0.8 * self.theme.stroke if width is None else width,
                     tip_length=tip, max_tip_length_to_length_ratio=0.45,
                     max_stroke_width_to_length_ratio=30)

    def _build_step(self, k: int, zoom: float = 1.0):
        """The step arrows and next dots of step ``k``, on the surface and on the map; the map's
        drawn thin and small by ``zoom`` (the camera's magnification), to be restored after it."""
        run, t = self.run, self.theme
        a, b = run.points[k], run.points[k + 1]
        rise = float(run.values[k] + run.gradients[k] @ (b - a))  # along the tangent plane
        length = float(np.linalg.norm(self.map_point(b) - self.map_point(a)))
        on_map = self._step_arrow(self.map_point(a), self.map_point(b), t.estimate, width=0.8 * t.stroke / zoom,
                                  tip=0.14 if zoom == 1 else 0.2 * length)
        on_surface = self._step_arrow(self.surface_point(a), self.axes3d.c2p(b[0], b[1], rise), t.estimate)
        dots = (Dot(self.surface_point(b), radius=PATH_DOT, color=t.estimate),
                Dot(self.map_point(b), radius=PATH_DOT * (ZOOM_DOT / zoom if zoom > 1 else 1.0), color=t.estimate))
        return on_surface, on_map, dots

    def _build_gradient_arrow(self, zoom: float):
        """grad f(x_0) on the map, from x_0, at the map's scale (times ``grad_scale``), drawn for
        a camera magnified ``zoom`` times; the contour through x_0 and the right angle between."""
        t, x0, g0 = self.theme, self.run.points[0], self.run.gradients[0]
        tip = x0 + self.grad_scale * g0
        length = float(np.linalg.norm(self.grad_scale * g0))
        arrow = self._step_arrow(self.map_point(x0), self.map_point(tip), t.truth,
                                 width=0.9 * t.stroke / zoom, tip=0.13 * length * self.map_unit)
        self.grad_tip = tip
        radius = 0.5 * self.frame_w / zoom / self.map_unit  # the zoomed view, in data units
        local = level_curve_near(self.F, x0, radius)
        contour = segments_mobject(local, self.map_point, t.highlight, 0.6 * t.stroke / zoom)
        u = g0 / np.linalg.norm(g0)
        side = 0.16 * length
        corner = np.array([x0 + side * self.tangent0, x0 + side * (self.tangent0 + u), x0 + side * u])
        right_angle = VMobject(stroke_color=t.highlight, stroke_width=0.5 * t.stroke / zoom)
        right_angle.set_points_as_corners(self.map_point(corner))
        name = r"\nabla f(x_0)" if not self.grad_power else rf"10^{{-{self.grad_power}}}\,\nabla f(x_0)"
        label = self.tex(name, role="label", color=t.truth).scale(1 / zoom)
        direction = np.array([*u, 0.0])
        label.next_to(self.map_point(tip), direction, buff=0.1 / zoom)
        start_label = self.tex("x_0", role="label", color=t.point).scale(1 / zoom)
        start_label.next_to(self.map_point(x0), -direction, buff=0.1 / zoom)
        return arrow, contour, right_angle, VGroup(label, start_label)

    def _build_rows(self, *keys) -> VGroup:
        """Panel rows, each with readouts of its own (a panel is fitted on its own), all of them
        kept in step by :meth:`_set_readouts`."""
        p, t, run = self.params, self.theme, self.run
        values = {"k": run.steps, "x": run.points[:, 0], "y": run.points[:, 1], "f": run.values,
                  "g": np.linalg.norm(run.gradients, axis=1)}
        places = {"k": 0, "x": 3, "y": 3, "f": 4, "g": 4}
        colors = {"f": t.estimate, "g": t.truth}

        def readout(key):
            sign = key in ("x", "y")  # a sign always: the comma stays put
            widest = max(np.atleast_1d(values[key]), key=lambda v: len(format_number(v, places[key], sign)))
            number = self.number(widest, decimals=places[key], include_sign=sign, widest=widest,
                                 color=colors.get(key))
            self.readouts[key] = number
            return number

        rows = VGroup()
        for key in keys:
            if key == "rule":
                row = self.readout_row("x_{k+1} =", r"x_k + \eta\,\nabla f(x_k)")
            elif key == "eta":
                row = self.readout_row(r"\eta =", format_number(p.learning_rate, digits=6, style="tex"))  # as typed
            elif key == "k":
                row = self.readout_row("k =", readout("k"))
            elif key == "x":  # rounded, and said so
                row = self.readout_row(r"x_k \approx", "(", readout("x"), ",", readout("y"), ")")
            elif key == "f":
                row = self.readout_row(r"f(x_k) \approx", readout("f"))
            else:
                row = self.readout_row(r"\|\nabla f(x_k)\| \approx", readout("g"))
            if key in ("k", "x", "f", "g"):
                self.live_rows.append((key, row))
            rows.add(row)
        self._set_readouts(self.current_k)
        return rows

    def _panel(self, *rows) -> VGroup:
        panel = VGroup(*rows)
        self.fit_rows(panel, self.info_box, buff=0.22, align="anchor", columns=1)  # three lines, read down
        return panel

    def _set_readouts(self, k: int):
        run = self.run
        self.current_k = k
        values = {"k": k, "x": run.points[k], "f": run.values[k], "g": np.linalg.norm(run.gradients[k])}
        for key, row in self.live_rows:
            row.set_values(values[key])

    # -- the camera: zoom to the small action on the map, and back ------------------------------

    def _map_strokes(self):
        """What is drawn on the map with strokes: ``(mobject, family)`` pairs, one per drawn piece.
        The camera's zoom thickens strokes with everything else, so they are thinned while it is
        zoomed."""
        axes = self.map_axes
        groups = [axes.x_axis.ticks, axes.y_axis.ticks, self.contours, *self.map_arrows]
        if getattr(self, "grad_arrow", None) is not None:
            groups.append(self.grad_arrow)
        leaves = [m for g in groups for m in g.family_members_with_points() if m.get_stroke_width() > 0]
        return [(axes.x_axis, False), (axes.y_axis, False)] + [(m, False) for m in leaves]

    def _zoom_width(self, reach: float) -> float:
        """Camera width that shows ``reach`` scene units ``ZOOM_FILL`` times in the frame's short side."""
        width = ZOOM_FILL * reach * max(1.0, self.frame_w / self.frame_h)
        return float(np.clip(width, self.frame_w / 40, self.frame_w / 1.5))

    def _zoom_in(self, center, width: float, *animations, run_time: float = 1.5):
        zoom = self.frame_w / width
        self.zoom = zoom
        self._thinned = [(mob, mob.get_stroke_width(), family) for mob, family in self._map_strokes()]
        thin = [mob.animate.set_stroke(width=w / zoom, family=family) for mob, w, family in self._thinned]
        dots = [dot.animate.scale(ZOOM_DOT / zoom) for dot in self.map_dots]
        self.zoom_to(center, width, *thin, *dots, FadeOut(self.field), *animations, run_time=run_time)

    def _zoom_out(self, *animations, run_time: float = 1.5):
        zoom = self.zoom
        thinned = {id(mob) for mob, _, _ in self._thinned}
        # what was drawn during the zoom was drawn thin already: restore it with the rest
        self._thinned += [(mob, mob.get_stroke_width() * zoom, family) for mob, family in self._map_strokes()
                          if id(mob) not in thinned]
        wide = [mob.animate.set_stroke(width=w, family=family) for mob, w, family in self._thinned]
        dots = [dot.animate.scale(zoom / ZOOM_DOT) for dot in self.map_dots]
        self.zoom_home(*wide, *dots, FadeIn(self.field), *animations, run_time=run_time)
        self.remove(self.camera.frame)  # animating the camera's frame added it to the scene: not a picture
        self.zoom, self._thinned = 1.0, []

    def _rest(self, reserve: float) -> None:
        """Hold the zoomed picture while the narration runs, leaving ``reserve`` seconds of the
        beat's reading time for what follows (the way back)."""
        beat = self.beats[-1]
        left = self.beat_length(beat) - (float(self.time) - beat.start) - reserve
        frames = math.ceil(left * config.frame_rate - 1e-9)
        if frames > 0:  # whole frames, as the kit's own hold: half a frame over gives exactly `frames`
            self.wait((frames + 0.5) / config.frame_rate, frozen_frame=True)

    # -- beats -----------------------------------------------------------------------------

    def _show_landscape(self):
        # The surface is the first mobject of the scene: everything later is added after it, so
        # manim draws it once per animation into the static background.
        self.add(self.floor, self.surface)
        self.floor_labels = self._build_floor_labels()
        self.play(FadeIn(self.title_mob), FadeIn(self.floor_labels), run_time=1.0)
        self.play(Write(self.formula), run_time=1.2)
        self._probe_heights()

    def _probe_heights(self):
        """A stick from the floor up to the surface travels toward the highest point of the
        map: above each (x, y) the surface stands at f(x, y)."""
        t, z0 = self.theme, self.z_range[0]
        start = np.clip(np.asarray(self.params.x0, dtype=float), -self.extent, self.extent)
        j, i = np.unravel_index(int(np.nanargmax(self.Z)), self.Z.shape)
        end = np.array([self.xs[i], self.xs[j]])
        if np.linalg.norm(end - start) < 1e-6:
            end = -0.5 * start if np.linalg.norm(start) > 1e-6 else np.array([0.5 * self.extent, 0.0])
        where = ValueTracker(0.0)
        point = lambda: start + where.get_value() * (end - start)  # noqa: E731

        def stick():
            p = point()
            return self.lifted_point(p, z0)[0], self.surface_point(p)

        foot, top = stick()
        pole = Line(foot, top, color=t.point, stroke_width=0.6 * t.stroke)
        tip = Dot(top, radius=DOT, color=t.point)
        label = self.labels[6]
        label.set_color(t.text).next_to(top, UR, buff=0.08)
        pole.add_updater(lambda m: m.put_start_and_end_on(*stick()))
        tip.add_updater(lambda m: m.move_to(stick()[1]))
        label.add_updater(lambda m: m.next_to(stick()[1], UR, buff=0.08))
        self.probe = VGroup(pole, tip, label)
        self.play(Create(pole), FadeIn(tip), FadeIn(label), run_time=0.8)
        self.play(where.animate.set_value(1.0), run_time=3.6, rate_func=smooth)
        for m in self.probe:
            m.clear_updaters()
        self.play(FadeOut(self.probe), run_time=0.5)

    def _show_contours(self):
        self.contours = self._build_contours()
        if self.landscape_scale > 1.0:
            self._move_landscape_home()
        self.lifted, down = self._build_lifted_contours()
        # the contours drawn at their heights on the surface, then carried down onto the map
        drawn = [i for i, line in enumerate(self.lifted) if len(line.points)]  # a flat map has no contours
        if drawn:
            self.play(Create(VGroup(*[self.lifted[i] for i in drawn]), lag_ratio=0.15), run_time=2.0)
        self.play(Create(self.map_axes), FadeIn(self.map_labels), run_time=1.0)
        if drawn:
            self.play(*[ReplacementTransform(self.lifted[i].copy(), down[i]) for i in drawn], run_time=2.0)
        self.play(FadeIn(self.contours), FadeOut(VGroup(*[down[i] for i in drawn])),
                  self.lifted.animate.set_stroke(opacity=0.45), run_time=0.8)

    def _show_gradient(self):
        self.field = self._build_field()
        t, x0 = self.theme, self.run.points[0]
        self.map_arrows, self.grad_arrow, self.zoom = [], None, 1.0
        self.start_dots = VGroup(Dot(self.surface_point(x0), radius=DOT, color=t.point),
                                 Dot(self.map_point(x0), radius=DOT, color=t.point))
        self.map_dots = [self.start_dots[1]]
        gx, gy = (self.number(v, "small", t.truth, decimals=3) for v in self.run.gradients[0])
        self.grad_label = self.readout_row(r"\nabla f(x_0) \approx", "(", gx, r",\ ", gy, ")", role="small",
                                           color=t.truth)
        self.fit(self.grad_label, self.formula_box)
        self.play(FadeIn(self.field), run_time=1.2)
        self.play(*[FadeIn(dot, scale=1.5) for dot in self.start_dots], FadeOut(self.formula),
                  FadeIn(self.grad_label), run_time=1.0)
        if not self.has_gradient:  # flat where the climb starts: there is no arrow to draw
            return
        reach = float(np.linalg.norm(self.grad_scale * self.run.gradients[0])) * self.map_unit
        width = self._zoom_width(reach)
        zoom = self.frame_w / width
        arrow, contour, right_angle, labels = self._build_gradient_arrow(zoom)
        center = (self.map_point(x0) + self.map_point(self.grad_tip)) / 2
        self._zoom_in(center, width)
        self.play(Create(contour), FadeIn(labels[1]), run_time=0.8)
        self.play(GrowArrow(arrow), FadeIn(labels[0]), run_time=1.0)
        self.grad_arrow = arrow
        self.play(Create(right_angle), run_time=0.6)
        self.grad_marks = VGroup(contour, right_angle, labels)
        self._rest(reserve=1.5)
        self._zoom_out(FadeOut(self.grad_marks))

    def _show_first_steps(self):
        self.current_k, self.live_rows, self.readouts = 0, [], {}
        self.panels = VGroup()
        self.info = self._panel(*self._build_rows("rule", "eta", "k"))
        self.panels.add(self.info)
        self.play(FadeIn(self.info), run_time=0.8)
        self.path_mobs = VGroup()
        # for tests and readers: the dots of x_0, x_1, ... on each panel, and the step arrows
        self.surface_dots = [self.start_dots[0]]
        self.surface_arrows = []
        slow = min(SLOW_STEPS, self.shown_steps)
        if slow == 0:
            return
        run, x0 = self.run, self.run.points[0]
        reach = reach_step = float(np.linalg.norm(run.points[1] - x0)) * self.map_unit
        if self.grad_arrow is not None and reach > 0.25 * self.grad_arrow.get_length():
            reach = max(reach, self.grad_arrow.get_length())  # both arrows in view: the step is eta times it
        if reach > 1e-6 and reach < 0.25 * self.map_box.width:  # a first step too small to see: zoom to it
            width = self._zoom_width(reach)
            far = run.points[1] if reach_step >= reach else self.grad_tip
            self._zoom_in((self.map_point(x0) + self.map_point(far)) / 2, width)
            self._play_step(0, run_time=1.2)
            label = self.tex("x_1", role="label", color=self.theme.estimate).scale(1 / self.zoom)
            u = (run.points[1] - x0) / np.linalg.norm(run.points[1] - x0)
            beside = np.array([u[1], -u[0], 0.0])  # across the path, off the gradient arrow along it
            label.next_to(self.map_point(run.points[1]), beside, buff=0.1 / self.zoom)
            self.play(FadeIn(label), run_time=0.5)
            self._rest(reserve=1.5 + 1.2 * (slow - 1))
            self._zoom_out(FadeOut(label))
            first = 1
        else:
            first = 0
        for k in range(first, slow):
            self._play_step(k, run_time=0.9)
            self.wait(0.3)

    def _show_climb(self):
        climb = self._panel(*self._build_rows("k", "f", "g"))
        self.panels.add(climb)
        self.play(FadeOut(self.info), FadeIn(climb), run_time=0.6)
        self.info = climb
        remaining = range(min(SLOW_STEPS, self.shown_steps), self.shown_steps)
        per_step = float(np.clip(6.0 / max(len(remaining), 1), 0.12, 0.6))
        for k in remaining:
            self._play_step(k, run_time=per_step)
        self.wait(1.0)

    def _play_step(self, k: int, run_time: float):
        on_surface, on_map, dots = self._build_step(k, self.zoom)
        self.path_mobs.add(on_surface, on_map, *dots)
        self.surface_dots.append(dots[0])
        self.map_dots.append(dots[1])
        self.surface_arrows.append(on_surface)
        self.map_arrows.append(on_map)
        grow = [GrowArrow(a) for a in (on_surface, on_map) if a.get_length() > 0.02 / self.zoom]
        self.play(*grow, *[FadeIn(d) for d in dots], run_time=run_time, rate_func=linear)
        self.add(*[a for a in (on_surface, on_map) if a.get_length() <= 0.02 / self.zoom])
        self._set_readouts(k + 1)

    def _describe(self, run, with_steps: bool = True) -> str:
        """What a run did, in words for the screen: its outcome, or that it left the map."""
        shown = self._steps_inside(run)
        words = "left the map" if shown < run.steps else OUTCOME_WORDS[run_outcome(run)]
        return f"{words} after {shown} step{'' if shown == 1 else 's'}" if with_steps else words

    def _summit_narration(self) -> str:
        run, k = self.run, self.shown_steps
        if run.diverged or k < run.steps:
            return ("This learning rate throws the climber off: the steps grow instead of settling, "
                    "and the path leaves the map.")
        if not run.converged:
            return (f"The {self.params.steps} steps run out before the gradient vanishes: the climber "
                    f"is still on its way up.")
        if run.values[-1] < float(np.nanmax(self.Z)) - 1e-3:
            return ("The gradient has vanished: the climber stands on a peak. But not the highest one: "
                    "gradient ascent only feels the slope underfoot, so it finds a local maximum.")
        return ("The gradient has vanished: the climber stands on the top, the highest point "
                "of this landscape.")

    def _show_summit(self):
        run, t = self.run, self.theme
        end = run.points[self.shown_steps]
        peak = VGroup(Dot(self.surface_point(end), radius=1.6 * DOT, color=t.point),
                      Dot(self.map_point(end), radius=1.6 * DOT, color=t.point))
        self.status = self.plain_tex(self._describe(run), role="small", color=t.estimate)
        summit = self._panel(*self._build_rows("x", "g"), self.status)
        self.panels.add(summit)
        self.play(*[FadeIn(dot, scale=2.0) for dot in peak], FadeOut(self.info), FadeIn(summit), run_time=1.2)
        self.info = summit
        self.summit_dots = peak
        self.wait(3.0)

    def _show_rates(self):
        # A curtain in the background colour hides the surface panel: fading 400 faces out would
        # copy and redraw each of them on every frame, while the curtain leaves them static.
        panel = VGroup(self.floor, self.surface, self.lifted, self.floor_labels, self.grad_label)
        curtain = Rectangle(width=panel.width + 0.4, height=panel.height + 0.4, stroke_width=0,
                            fill_color=self.theme.background, fill_opacity=1).move_to(panel)
        on_map = [m for m in self.path_mobs if self._in_box(m.get_center(), self.map_box)]
        others = [self.start_dots[1], self.summit_dots[1], self.info]
        if self.grad_arrow is not None:
            others.append(self.grad_arrow)
        # the field goes too: its colour (truth's hue) marks the smaller rate's run from here on
        self.play(FadeIn(curtain), *[FadeOut(m) for m in on_map + others], FadeOut(self.field), run_time=0.8)
        self.remove(curtain, *panel, *self.path_mobs, *self.start_dots, *self.summit_dots)
        colors = (self.theme.first, self.theme.estimate, self.theme.highlight)  # smaller, yours, larger
        chart_box = Box(np.array([self.surface_box.center[0],
                                  (self.surface_box.top + self.formula_box.bottom) / 2, 0.0]),
                        self.surface_box.width, self.surface_box.top - self.formula_box.bottom)
        self.value_chart, curves = self._build_value_chart(chart_box, colors)
        self.rate_paths = VGroup(*[self._build_rate_path(run, c) for run, c in zip(self.runs, colors)])
        self.legend = self._build_legend(colors)
        for mob in (self.rate_paths[1], curves[1]):  # your run on top: the larger one's path crosses it
            mob.set_z_index(1)
        self.play(FadeIn(self.value_chart), FadeIn(self.legend), run_time=1.0)
        self.play(*[Create(p) for p in self.rate_paths], *[Create(c) for c in curves],
                  run_time=5.0, rate_func=linear)
        self.wait(3.5)

    @staticmethod
    def _in_box(point, box: Box) -> bool:
        return box.left <= point[0] <= box.right and box.bottom <= point[1] <= box.top

    def _build_rate_path(self, run, color):
        shown = self._steps_inside(run)
        pts = self.map_point(run.points[: shown + 1])
        line = VMobject(stroke_color=color, stroke_width=0.6 * self.theme.stroke)
        line.set_points_as_corners(pts if len(pts) > 1 else np.vstack([pts, pts]))
        return VGroup(line, *[Dot(pt, radius=PATH_DOT, color=color) for pt in pts])

    def _build_value_chart(self, box: Box, colors):
        steps = self.params.steps
        values = np.concatenate([r.values for r in self.runs])
        y_range = padded_range(values, pad=0.1, min_span=1e-3)
        step_x, step_y = nice_step(steps, 5), nice_step(y_range[1] - y_range[0], 4)
        axes = Axes(x_range=[0, steps, step_x], y_range=[*y_range, step_y],
                    x_length=box.width * 0.82, y_length=box.height * 0.72,
                    **axes_config(self.theme, step_x, step_y, font_scale=TICK_SCALE))
        plate_numbers(axes, self.theme)  # a run that falls below f = 0 crosses the k numbers
        k_label, f_label = self.labels[4], self.labels[5]
        k_label.next_to(axes.x_axis, RIGHT, 0.1)
        f_label.next_to(axes.y_axis, UP, 0.1)
        chart = VGroup(axes, VGroup(k_label, f_label))
        self.fit(chart, box)
        curves = VGroup()
        for run, color in zip(self.runs, colors):
            pts = np.asarray(axes.c2p(np.arange(len(run.values)), run.values)).T
            curve = VMobject(stroke_color=color, stroke_width=0.6 * self.theme.stroke)
            curve.set_points_as_corners(pts if len(pts) > 1 else np.vstack([pts, pts]))
            curves.add(curve)
        self.chart_axes, self.chart_curves = axes, curves
        return chart, curves

    def _build_legend(self, colors):
        """Three lines, one a rate: its value, in its run's colour, and what the run did, in words."""
        rows = VGroup()
        limit = None
        if np.isfinite(self.limit):
            text = format_number(self.limit, digits=3, style="tex")
            relation = "=" if float(text) == self.limit else r"\approx"
            limit = rf"2/L {relation} {text}"
        for run, rate, color, name in zip(self.runs, self.rates, colors, ("smaller", "yours", "larger")):
            value = format_number(rate, digits=3, style="tex")
            sign = "=" if float(value) == rate else r"\approx"
            eta = rf"\eta {sign} {value}"
            if name == "larger" and limit is not None and rate > self.limit:
                eta += rf" > {limit}"
                head = ""
            else:
                head = rf"\ \text{{({name})}}"
            shown = self._steps_inside(run)
            words = "left the map" if shown < run.steps else LEGEND_WORDS[run_outcome(run)]
            line = self.tex(eta + head, rf"\text{{: {words}}}", role="small")
            line[0].set_color(color)
            rows.add(VGroup(Dot(radius=0.06, color=color), line).arrange(RIGHT, buff=0.15))
        self.fit_rows(rows, self.info_box, buff=0.3, columns=1)
        return rows
