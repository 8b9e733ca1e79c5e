"""Vectors in space seen from one fixed camera, drawn as flat 2D mobjects.

The same idea as :mod:`mathviz.kit.surface`: Cairo's 3D camera projects and
depth-sorts in Python on every frame, so a scene of a few arrows in space
would crawl. Here world points are turned once into the view (the rotation
manim's ``ThreeDCamera`` would apply for polar angle ``phi`` and azimuth
``theta``) and drawn by the ordinary 2D camera, looking down the view's -z
axis (orthographic: no perspective). The z axis of the world stays upright
on screen for any ``theta``.

A :class:`SpaceView` maps world points to scene points; :func:`choose_view`
picks a camera angle from which given directions are all seen clearly (none
pointing at the viewer, none hiding behind another, a plane not seen edge-on).
Everything here but the drawing helpers at the end is plain numpy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PHI, THETA = np.radians(65.0), np.radians(-60.0)  # a three-quarter view from above, z up


def view_matrix(phi: float, theta: float) -> np.ndarray:
    """The ``(3, 3)`` rotation into the view for polar angle ``phi`` and azimuth ``theta`` (radians).

    The same matrix as :func:`mathviz.kit.surface.view_rotation` (manim's
    ``ThreeDCamera``), without manim. After it the viewer looks down -z: larger z is nearer.

    >>> M = view_matrix(0.0, -np.pi / 2)  # straight down from above: x right, y up
    >>> M.round(12).tolist()
    [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    >>> (view_matrix(np.pi / 2, -np.pi / 2) @ [0.0, 0.0, 1.0]).round(12).tolist()  # from the side: z up
    [0.0, 1.0, 0.0]
    """
    a = -theta - np.pi / 2
    spin = np.array([[np.cos(a), -np.sin(a), 0.0], [np.sin(a), np.cos(a), 0.0], [0.0, 0.0, 1.0]])
    c, s = np.cos(-phi), np.sin(-phi)
    tilt = np.array([[1.0, 0.0, 0.0], [0.0, c, -s], [0.0, s, c]])
    return tilt @ spin


@dataclass(frozen=True)
class SpaceView:
    """World points drawn from a fixed camera: ``c2p(xyz) = origin + unit * (M xyz)`` flattened.

    ``rotation`` is :func:`view_matrix`'s ``M``; ``origin`` the scene point
    where the world's 0 is drawn; ``unit`` scene units per world unit.
    """

    rotation: np.ndarray
    origin: np.ndarray
    unit: float

    def c2p(self, xyz) -> np.ndarray:
        """Scene point(s) of world point(s) ``xyz``: shape (3,) or (n, 3), with scene z = 0."""
        p = np.asarray(xyz, dtype=float) @ self.rotation.T
        out = self.origin + self.unit * p
        out[..., 2] = 0.0
        return out

    def depth(self, xyz) -> np.ndarray:
        """How near the viewer world point(s) ``xyz`` are (the view's z): larger is nearer."""
        return (np.asarray(xyz, dtype=float) @ self.rotation.T)[..., 2]

    def facing(self, normal) -> float:
        """The cosine between ``normal`` and the direction toward the viewer (0: edge-on)."""
        n = np.asarray(normal, dtype=float)
        return float((self.rotation @ n)[2] / np.linalg.norm(n))


def fit_space_view(box, points, phi: float = PHI, theta: float = THETA, pad: float = 0.2) -> SpaceView:
    """The largest view of ``points`` (world, shape (n, 3)) that fits ``box``, centred in it.

    ``box`` is a :class:`~mathviz.kit.scene.Box` (anything with ``center``,
    ``width`` and ``height``); ``pad`` scene units are kept free inside its edges.

    >>> from types import SimpleNamespace
    >>> box = SimpleNamespace(center=np.zeros(3), width=4.0, height=2.0)
    >>> view = fit_space_view(box, [[0, 0, 0], [1, 0, 0]], phi=0.0, theta=-np.pi / 2, pad=0.0)
    >>> view.unit, view.c2p([1.0, 0.0, 0.0]).round(12).tolist()
    (4.0, [2.0, 0.0, 0.0])
    """
    M = view_matrix(phi, theta)
    flat = (np.asarray(points, dtype=float) @ M.T)[:, :2]
    lo, hi = flat.min(axis=0), flat.max(axis=0)
    span = np.maximum(hi - lo, 1e-9)
    unit = float(min((box.width - 2 * pad) / span[0], (box.height - 2 * pad) / span[1]))
    middle = (lo + hi) / 2
    origin = np.asarray(box.center, dtype=float).copy()
    origin[:2] -= unit * middle
    origin[2] = 0.0
    return SpaceView(M, origin, unit)


def view_score(rotation, directions, planes=(), avoid=()) -> float:
    """How clearly ``directions`` (shape (n, 3), nonzero) and ``planes`` (their normals) are seen.

    The least of: each direction's length on screen over its true length (1
    for one across the view, 0 for one pointing at the viewer); for each pair
    of directions that are apart in space, how far apart they stay on screen
    (the sine of the angle between them on screen over the one in space,
    twice over); and for each plane, its facing, the cosine between its normal
    and the line of sight, times 1.5 (0 when it is seen edge-on). Directions in
    ``avoid`` (the axes, say) only must not hide them: their pairs count five times over.

    >>> score = view_score(view_matrix(0.0, -np.pi / 2), [[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    >>> round(score, 12)  # straight from above, z points at the viewer
    0.0
    """
    D = np.asarray(directions, dtype=float)
    n = len(D)
    if len(avoid):
        D = np.vstack([D, np.asarray(avoid, dtype=float)])
    D = D / np.linalg.norm(D, axis=1, keepdims=True)
    flat = (D @ np.asarray(rotation).T)[:, :2]
    lengths = np.linalg.norm(flat, axis=1)
    scores = list(lengths[:n])
    for i in range(n):
        for j in range(i + 1, len(D)):
            apart = float(np.linalg.norm(np.cross(D[i], D[j])))
            if apart > 0.2 and lengths[i] > 1e-9 and lengths[j] > 1e-9:
                on_screen = abs(flat[i, 0] * flat[j, 1] - flat[i, 1] * flat[j, 0]) / (lengths[i] * lengths[j])
                scores.append((2.0 if j < n else 5.0) * on_screen / apart)  # an axis only must not hide one
    for n in planes:
        n = np.asarray(n, dtype=float)
        scores.append(1.5 * abs(float((np.asarray(rotation) @ n)[2])) / np.linalg.norm(n))
    return float(min(min(scores), 1.0))


def choose_view(directions, planes=(), phi: float = PHI, theta: float = THETA,
                good: float = 0.6, avoid=()) -> tuple[float, float]:
    """A camera angle ``(phi, theta)`` from which :func:`view_score` is at least ``good``.

    Tried in order of how far they turn from the preferred ``(phi, theta)``:
    polar angles of 50 to 80 degrees (always from above, z up) and azimuths
    every 15 degrees; the first good one wins, and when none is good, the best.

    >>> phi, theta = choose_view([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    >>> round(float(np.degrees(phi))), round(float(np.degrees(theta)))
    (65, -60)
    """
    phis = np.radians([65.0, 55.0, 75.0, 50.0, 80.0])
    thetas = theta + np.radians(15.0) * np.array([0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7, 8, -8,
                                                   9, -9, 10, -10, 11, -11, 12])
    candidates = sorted(((p, t) for p in phis for t in thetas),
                        key=lambda pt: abs(pt[0] - phi) / np.radians(10) + abs(pt[1] - theta) / np.radians(15))
    best, best_score = (phi, theta), -1.0
    for p, t in candidates:
        score = view_score(view_matrix(p, t), directions, planes, avoid)
        if score >= good:
            return float(p), float(t)
        if score > best_score:
            best, best_score = (float(p), float(t)), score
    return best


# -- drawing (manim) ---------------------------------------------------------------------------


def space_polygon(view: SpaceView, corners, color, opacity: float = 0.25, stroke_width: float = 0.0):
    """A flat polygon through world ``corners`` (shape (n, 3)): a patch of a plane, say."""
    from manim import Polygon

    pts = view.c2p(np.asarray(corners, dtype=float))
    return Polygon(*pts, fill_color=color, fill_opacity=opacity, stroke_color=color,
                   stroke_width=stroke_width, stroke_opacity=min(1.0, 2 * opacity))


def space_right_angle(view: SpaceView, corner, a, b, size: float, color, stroke_width: float = 2.0):
    """The small square corner at world point ``corner`` between world directions ``a`` and ``b``;
    ``size`` is its side in world units."""
    from manim import VMobject

    corner = np.asarray(corner, dtype=float)
    a = np.asarray(a, dtype=float) / np.linalg.norm(a) * size
    b = np.asarray(b, dtype=float) / np.linalg.norm(b) * size
    mark = VMobject(stroke_color=color, stroke_width=stroke_width)
    return mark.set_points_as_corners(view.c2p(np.array([corner + a, corner + a + b, corner + b])))


def space_axes(view: SpaceView, reach, color, stroke_width: float = 2.0, opacity: float = 0.6):
    """The three world axes from ``-reach`` to ``reach`` (one number, or one per axis), as lines."""
    from manim import Line, VGroup

    reach = np.broadcast_to(np.asarray(reach, dtype=float), (3,))
    lines = VGroup()
    for k in range(3):
        end = np.zeros(3)
        end[k] = reach[k]
        lines.add(Line(view.c2p(-end), view.c2p(end), stroke_color=color, stroke_width=stroke_width,
                       stroke_opacity=opacity))
    return lines
