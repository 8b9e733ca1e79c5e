"""Drawing helpers for surfaces seen from a fixed camera, and for contour maps.

Why a fixed view instead of manim's ``ThreeDScene``: Cairo's 3D camera shades,
projects and depth-sorts every face in Python on every frame, which makes a
surface scene crawl. Here the surface and its axes are rotated once, in world
space, into the chosen view; the faces are sorted back to front and shaded
once; the ordinary 2D camera then draws them as a flat picture (an
orthographic view down the world z axis). A surface that does not move is
thus drawn once per animation, into the static background, and dots placed
at ``axes.c2p(x, y, f(x, y))`` land on it exactly.
"""

from __future__ import annotations

import numpy as np
from manim import ManimColor, Surface, ThreeDAxes, VGroup, VMobject, interpolate_color
from manim.utils.space_ops import rotation_about_z, rotation_matrix

RIGHT_AXIS = np.array([1.0, 0.0, 0.0])


def view_rotation(phi: float, theta: float) -> np.ndarray:
    """The ``(3, 3)`` rotation that manim's ``ThreeDCamera`` applies for polar ``phi``, azimuth ``theta``.

    After it, the viewer looks down the -z axis: larger z is nearer.
    """
    return rotation_matrix(-phi, RIGHT_AXIS) @ rotation_about_z(-theta - np.pi / 2)


def height_color(theme, t: float) -> ManimColor:
    """The colour for relative height ``t`` in [0, 1]: a dim shade of the theme's function colour up to the full one."""
    low = interpolate_color(ManimColor(theme.function), ManimColor(theme.background), 0.55)
    return interpolate_color(low, ManimColor(theme.function), float(np.clip(t, 0.0, 1.0)))


def build_surface_view(f_xy, extent: float, z_range: tuple[float, float], theme, *, side: float,
                       height: float, phi: float, theta: float, resolution: int = 20):
    """``(axes, surface)``: a ``ThreeDAxes`` and a ``Surface`` of ``z = f(x, y)``, rotated into view.

    ``f_xy(x, y)`` is vectorised; the square ``[-extent, extent]^2`` is drawn
    ``side`` units wide and the ``z_range`` ``height`` units tall, before the
    caller scales the pair into its panel. Faces have no separate edge colour
    (a hairline of their own fill hides the seams) and are sorted back to front.
    """
    z0, z1 = z_range
    axes = ThreeDAxes(x_range=[-extent, extent, extent], y_range=[-extent, extent, extent],
                      z_range=[z0, z1, z1 - z0], x_length=side, y_length=side, z_length=height,
                      tips=False, axis_config={"color": theme.axis, "stroke_width": 2,
                                               "include_ticks": False})
    surface = Surface(lambda u, v: axes.c2p(u, v, float(f_xy(u, v))),
                      u_range=(-extent, extent), v_range=(-extent, extent),
                      resolution=(resolution, resolution), checkerboard_colors=False,
                      fill_opacity=1.0, stroke_width=0.6)
    for face in surface:
        u, v = (face.u1 + face.u2) / 2, (face.v1 + face.v2) / 2
        face.height_t = (float(f_xy(u, v)) - z0) / (z1 - z0)
    rotation = view_rotation(phi, theta)
    VGroup(axes, surface).apply_matrix(rotation, about_point=np.zeros(3))
    shade_and_sort(surface, theme)
    return axes, surface


def shade_and_sort(surface: Surface, theme, light=(-0.4, -0.5, 1.0)) -> None:
    """Colour each face by height and by how squarely it faces ``light``; order faces back to front.

    Works on the already rotated surface (the viewer looks down -z).
    """
    light = np.asarray(light, dtype=float)
    light /= np.linalg.norm(light)
    depths = []
    for face in surface:
        corners = face.points[::4][:4]  # the four corners, in order around the face
        normal = np.cross(corners[2] - corners[0], corners[3] - corners[1])
        norm = np.linalg.norm(normal)
        facing = abs(float(normal @ light)) / norm if norm > 0 else 1.0
        color = height_color(theme, face.height_t)
        shade = interpolate_color(ManimColor(theme.background), color, 0.45 + 0.55 * facing)
        face.set_fill(shade, opacity=1.0).set_stroke(shade, width=0.6, opacity=1.0)
        depths.append(float(corners[:, 2].mean()))
    order = np.argsort(depths, kind="stable")
    surface.submobjects = [surface.submobjects[i] for i in order]


def segments_mobject(segments: np.ndarray, to_point, color, width: float) -> VMobject:
    """One ``VMobject`` drawing many separate straight segments ``(m, 2, 2)`` in data coordinates.

    ``to_point(xy)`` maps data points ``(n, 2)`` to scene points ``(n, 3)``.
    Every segment becomes one straight cubic curve; Cairo starts a new subpath
    wherever a curve does not begin at the previous one's end.
    """
    mob = VMobject(stroke_color=color, stroke_width=width, fill_opacity=0)
    if len(segments) == 0:
        return mob
    a = to_point(segments[:, 0, :])
    b = to_point(segments[:, 1, :])
    thirds = np.stack([a, a + (b - a) / 3, a + 2 * (b - a) / 3, b], axis=1)  # (m, 4, 3)
    mob.points = thirds.reshape(-1, 3)
    return mob


def arrows_mobject(starts: np.ndarray, ends: np.ndarray, color, width: float, tip: float,
                   opacity: float = 1.0) -> VGroup:
    """Many arrows ``(n, 3) -> (n, 3)`` as just two mobjects: all shafts, then all tips.

    A field of 80 separate ``Arrow`` mobjects costs 160 draw calls per frame
    whenever it animates; two mobjects cost two.
    """
    starts, ends = np.asarray(starts, dtype=float), np.asarray(ends, dtype=float)
    shafts = VMobject(stroke_color=color, stroke_width=width, stroke_opacity=opacity, fill_opacity=0)
    tips = VMobject(stroke_width=0, fill_color=color, fill_opacity=opacity)
    if len(starts) == 0:
        return VGroup(shafts, tips)
    direction = ends - starts
    length = np.linalg.norm(direction, axis=1, keepdims=True)
    unit = direction / np.where(length > 0, length, 1.0)
    size = np.minimum(tip, 0.45 * length)
    base = ends - unit * size
    normal = np.stack([-unit[:, 1], unit[:, 0], np.zeros(len(unit))], axis=1) * size * 0.5
    a, b = starts, base + unit * 0.1 * size  # the shaft ends under the tip
    shafts.points = np.stack([a, a + (b - a) / 3, a + 2 * (b - a) / 3, b], axis=1).reshape(-1, 3)
    corners = np.stack([base + normal, ends, base - normal, base + normal], axis=1)  # (n, 4, 3)
    p, q = corners[:, :-1], corners[:, 1:]
    tips.points = np.stack([p, p + (q - p) / 3, p + 2 * (q - p) / 3, q], axis=2).reshape(-1, 3)
    return VGroup(shafts, tips)


def floor_outline(axes: ThreeDAxes, extent: float, z: float, color, width: float = 1.5) -> VMobject:
    """The square ``[-extent, extent]^2`` at height ``z``: the floor under the surface."""
    corners = [axes.c2p(sx * extent, sy * extent, z) for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1))]
    return VMobject(stroke_color=color, stroke_width=width).set_points_as_corners(corners)
