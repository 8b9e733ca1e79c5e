"""The plane carried by a matrix: its grid, e1 and e2, and a vector walked along the columns.

A scene that shows a linear map moves one matrix ``M`` from the identity to
``A`` (see :func:`mathviz.core.linalg.column_path`) and lets everything
follow it: :class:`CarriedPlane` is the grid with the two basis arrows on it
(their tips are the columns of ``M``), :class:`ColumnWalk` is ``x1 M e1``
then ``x2 M e2`` tip to tail, ending at ``M x``. Both update in place from
``set_matrix(M)`` or from a callable with ``follow(matrix)``.
:func:`column_matrix` writes a matrix with its first column in the theme's
``first`` colour and its second in ``second``: the colours of the arrows
whose tips they are.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
from manim import RIGHT, UP, MathTex, Matrix, VGroup

from mathviz.core.linalg import coordinates_in_basis, tip_to_tail
from mathviz.kit.plane import BasisGrid, Plane, PlaneArrow
from mathviz.kit.readouts import format_number, rounding
from mathviz.kit.scene import TEX_SCALE


def _coverable(matrices) -> list[np.ndarray]:
    """The identity and those of ``matrices`` that are invertible: the states a grid must cover.
    A singular one squeezes every line onto a line or a point, which needs no more lines."""
    out = [np.eye(2)]
    for M in matrices:
        try:
            coordinates_in_basis(M, np.zeros(2))
        except ValueError:
            continue
        out.append(np.asarray(M, dtype=float))
    return out


class CarriedPlane(VGroup):
    """The grid lines of the plane and the arrows ``e1``, ``e2``, as a matrix ``M`` carries them.

    ``grid`` is a :class:`~mathviz.kit.plane.BasisGrid` (line ``k`` of family
    ``j`` is where the line ``x_j = k step`` lands) with enough lines to fill
    the plane's rectangle at the identity and at every invertible matrix in
    ``matrices``; ``arrows`` are ``e1`` and ``e2`` carried (tips at the columns
    of ``M``), in the theme's ``first`` and ``second`` colours.

    Examples
    --------
    ::

        carried = CarriedPlane(plane, theme, 1.0, [A])
        t = ValueTracker(0.0)
        carried.follow(lambda: column_path(A, t.get_value()))
        self.add(carried)
        self.play(t.animate.set_value(1.0))   # the grid and e1, e2 move from I to A
    """

    def __init__(self, plane: Plane, theme, step: float, matrices=(), *, grid_opacity: float = 0.45,
                 stroke_width: float = 5.0):
        super().__init__()
        self.plane = plane
        self.grid = BasisGrid(plane, step, _coverable(matrices), stroke_color=theme.image, stroke_width=2,
                              stroke_opacity=grid_opacity)
        self.arrows = VGroup(*[PlaneArrow(plane.origin, plane.c2p(*np.eye(2)[:, k]), color,
                                          stroke_width=stroke_width) for k, color in enumerate((theme.first,
                                                                                                theme.second))])
        self.add(self.grid, self.arrows)
        self.matrix = np.eye(2)

    def set_matrix(self, M) -> "CarriedPlane":
        self.matrix = np.asarray(M, dtype=float)
        self.grid.set_basis(self.matrix)
        for k, arrow in enumerate(self.arrows):
            arrow.place(self.plane.origin, self.plane.c2p(*self.matrix[:, k]))
        return self

    def follow(self, matrix: Callable[[], np.ndarray]) -> "CarriedPlane":
        """Keep to ``matrix()`` every frame (one updater; ``clear_updaters`` stops it)."""
        self.add_updater(lambda m: m.set_matrix(matrix()))
        return self.set_matrix(matrix())


class ColumnWalk(VGroup):
    """``x`` as the walk ``x1 M e1`` then ``x2 M e2``, tip to tail, and the arrow ``M x`` it reaches.

    ``legs`` are the two steps (``first`` and ``second`` colours: the columns
    they are multiples of), ``total`` the arrow from the origin to the walk's
    end (``function``: the vector under study). A zero step is drawn as
    nothing. Under the identity the walk is ``x1 e1 + x2 e2 = x``; carried by
    ``M`` it is ``x1 m1 + x2 m2 = M x``: the same two steps along the carried
    basis.
    """

    def __init__(self, plane: Plane, theme, x, *, stroke_width: float = 4.0, total_width: float = 6.0):
        super().__init__()
        self.plane, self.x = plane, np.asarray(x, dtype=float)
        o = plane.origin
        self.legs = VGroup(*[PlaneArrow(o, o, color, stroke_width=stroke_width, tip_length=0.18)
                             for color in (theme.first, theme.second)])
        self.total = PlaneArrow(o, o, theme.function, stroke_width=total_width)
        self.add(self.legs, self.total)
        self.set_matrix(np.eye(2))

    def corners(self, M=None) -> np.ndarray:
        """The walk's corners ``0, x1 m1, x1 m1 + x2 m2`` in plane units, shape (2, 3)."""
        return tip_to_tail(self.matrix if M is None else M, self.x)

    def set_matrix(self, M) -> "ColumnWalk":
        self.matrix = np.asarray(M, dtype=float)
        c = [self.plane.c2p(*p) for p in self.corners().T]
        self.legs[0].place(c[0], c[1])
        self.legs[1].place(c[1], c[2])
        self.total.place(c[0], c[2])
        return self

    def follow(self, matrix: Callable[[], np.ndarray]) -> "ColumnWalk":
        self.add_updater(lambda m: m.set_matrix(matrix()))
        return self.set_matrix(matrix())


def column_matrix(M, theme, font_size: float, decimals: int = 2, *, colored: bool = True, **kwargs) -> Matrix:
    """``M`` as a bracketed matrix of TeX entries, exact ones without trailing zeros (``1``,
    ``0.5``; a rounded one keeps its places); with ``colored``, column 1 in ``theme.first`` and
    column 2 in ``theme.second``. ``kwargs`` go to manim's :class:`~manim.Matrix` (``h_buff`` ...).

    The entries are ``get_entries()`` in reading order, ``get_columns()`` and ``get_rows()``
    as manim's.
    """
    M = np.atleast_2d(np.asarray(M, dtype=float))
    texts = [[format_number(v, decimals, trim=True, style="tex") for v in row] for row in M]
    # built at MathTex's own size (manim's spacing and brackets are made for it), then scaled
    kwargs.setdefault("h_buff", 0.7 + 0.27 * max(len(t) for row in texts for t in row))
    kwargs.setdefault("v_buff", 0.75)
    mob = Matrix(texts, element_to_mobject=MathTex, element_to_mobject_config={"color": theme.text},
                 bracket_config={"color": theme.text}, **kwargs)
    mob.scale(font_size / 48)
    if colored:
        for column, color in zip(mob.get_columns(), (theme.first, theme.second)):
            column.set_color(color)
    return mob


def matrix_row(scene, name: str, M, *, colored: bool = True, decimals: int = 2) -> VGroup:
    """``name = [..]`` in ``scene``'s label size, or ``name \\approx [..]`` when an entry is
    rounded to ``decimals``: ``VGroup(head, matrix)``, the matrix by :func:`column_matrix`."""
    exact = all(rounding(v, decimals)[0] == "=" for v in np.ravel(M))
    relation = "=" if exact else r"\approx"
    head = scene.tex(rf"{name} {relation}", role="label")
    body = column_matrix(M, scene.theme, scene.theme.font_size("label") * TEX_SCALE, decimals, colored=colored)
    return VGroup(head, body).arrange(RIGHT, buff=0.15)


def tip_label(label, arrow: PlaneArrow, side: float = 0.0, gap: float = 0.12, *, avoid=(), box=None,
              points: Callable[[], np.ndarray] | None = None):
    """Keep ``label`` by ``arrow``'s tip, every frame (an updater; returns ``label``).

    Its place is just beyond the tip, shifted by ``side`` label sizes off the
    arrow's line (+1 to the left of its direction, -1 to the right: two
    arrows sharing a tip keep their names apart with opposite sides). When
    that spot overlaps one of ``avoid`` (other labels, read where they are
    that frame), leaves ``box``, or comes near ``points()`` (scene points,
    shape (n, 3): the shafts of other arrows), the label tries the other
    side, then farther out, then all round the tip (see
    :func:`~mathviz.kit.labels.best_position`). A zero arrow's label sits
    above its start.
    """
    from mathviz.kit.labels import best_position

    def stick(m):
        tip = arrow.end_point - arrow.start_point
        norm = float(np.linalg.norm(tip))
        d = tip / norm if norm > 1e-6 else UP
        n = np.array([-d[1], d[0], 0.0])
        size = max(m.width, m.height)
        ahead = arrow.end_point + d * (gap + 0.5 * size)
        candidates = [ahead + side * n * 0.65 * size, ahead - side * n * 0.65 * size, ahead + d * 0.5 * size]
        for reach in (0.6, 1.0):
            candidates += [arrow.end_point + reach * size * np.array([np.cos(a), np.sin(a), 0.0])
                           for a in np.arange(8) * np.pi / 4]
        others = [o for o in avoid if o is not m and o.width > 0]
        pts = points() if points is not None else None
        m.move_to(best_position((m.width, m.height), candidates, box=box, points=pts, avoid=others,
                                clearance=0.04))

    stick(label)
    return label.add_updater(stick)


__all__ = ["CarriedPlane", "ColumnWalk", "column_matrix", "matrix_row", "tip_label"]
