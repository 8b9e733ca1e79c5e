"""Linear algebra scenes: ids, titles, parameters and their checks. No manim import.

The checks refuse what cannot be drawn honestly at one scale: parallel basis
vectors, and pictures whose largest and smallest parts differ so much that
one of them would shrink to a dot.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mathviz.kit import declare, format_value, matrix, vector
from mathviz.core.linalg import coordinates_in_basis, gram_schmidt, rotate_scale_rotate, rotation

MAX_ENTRY = 1000.0  # beyond this an entry is not something a plane picture can show
MIN_ENTRY = 1e-6  # a nonzero entry below this is invisible at any scale that shows the others
MAX_RATIO = 30.0  # largest extent of a picture over its shortest drawn arrow
MAX_STRETCH = 20.0  # largest singular value: the unit circle must stay visible next to its image
LIVE_TURNS = np.linspace(0.0, 2 * np.pi, 181)  # the live beat turns v once around


def _check_entries(name: str, values) -> None:
    """Entries a plane picture can show: within ``MAX_ENTRY``, and 0 or at least ``MIN_ENTRY``.

    >>> _check_entries("A", ((1.0, 0.0), (0.0, -2.0)))
    >>> _check_entries("A", ((0.0, 0.0), (5e-324, -1.4)))
    Traceback (most recent call last):
    ...
    ValueError: parameter A = [[0, 0], [4.94066e-324, -1.4]]: the entry 4.94e-324 is not 0 but far too small to draw or show; write 0, or give nonzero entries of at least 1e-06
    """
    entries = np.abs(np.ravel(values))
    big = float(entries.max())
    if big > MAX_ENTRY:
        raise ValueError(f"parameter {name} = {format_value(values)}: entries must lie within "
                         f"[-{MAX_ENTRY:g}, {MAX_ENTRY:g}] to be drawn; scale it down")
    # a subnormal entry (5e-324) makes LAPACK divide by zero in det and the SVD; none is visible
    tiny = entries[(entries > 0) & (entries < MIN_ENTRY)]
    if tiny.size:
        raise ValueError(f"parameter {name} = {format_value(values)}: the entry {tiny[0]:.3g} is not 0 but far "
                         f"too small to draw or show; write 0, or give nonzero entries of at least {MIN_ENTRY:g}")


def basis_change_picture(b1, b2, v) -> dict[str, np.ndarray]:
    """Everything the basis-change scene draws, in plane coordinates (no manim).

    Returns ``B`` (2, 2) with the basis as columns, ``coords`` (2,) of ``v`` in
    it, ``Q`` (2, 2) the orthonormal basis from Gram-Schmidt, ``live_v`` and
    ``live_coords`` (2, n) along the beat where ``v`` turns once around, and
    ``points`` (2, m): every arrow tip and corner drawn, for choosing the scale.
    """
    B = np.column_stack([b1, b2]).astype(float)
    v = np.asarray(v, dtype=float)
    coords = coordinates_in_basis(B, v)
    Q = gram_schmidt(B.T).T  # gram_schmidt takes and returns vectors as rows
    live_v = np.einsum("nij,j->in", rotation(LIVE_TURNS), v)
    live_coords = coordinates_in_basis(B, live_v)
    parts = [np.eye(2), B, Q, v[:, None], live_v,
             B[:, :1] * live_coords[:1], B[:, 1:] * live_coords[1:]]  # the tip-to-tail legs c1 b1, c2 b2
    return {"B": B, "coords": coords, "Q": Q, "live_v": live_v, "live_coords": live_coords,
            "points": np.hstack(parts)}


def _too_small(span: str, name: str, shortest: float) -> None:
    raise ValueError(f"the picture spans {span} but {name} is only {shortest:.3g} long: "
                     f"at one scale it would be too small to see; keep b1, b2, v and the coordinates "
                     f"times the basis vectors within {MAX_RATIO:g} times of each other and of 1")


@dataclass(frozen=True)
class BasisChangeParams:
    b1: tuple = vector((2.0, 1.0), help="the first new basis vector")
    b2: tuple = vector((-1.0, 1.0), help="the second new basis vector (not parallel to b1)")
    v: tuple = vector((3.0, 3.0), help="the vector whose coordinates we read")

    def validate(self) -> None:
        for name in ("b1", "b2", "v"):
            _check_entries(name, getattr(self, name))
        if not any(self.v):
            raise ValueError("parameter v = [0, 0]: the zero vector has coordinates 0 in every basis; "
                             "pick a nonzero v like [3, 3]")
        lengths = {"b1": float(np.hypot(*self.b1)), "b2": float(np.hypot(*self.b2)),
                   "v": float(np.hypot(*self.v)), "e1 (a unit vector)": 1.0}
        name, shortest = min(lengths.items(), key=lambda kv: kv[1])
        # the picture always holds e1, so it spans at least 1: a far shorter arrow is refused before
        # any arithmetic on it (a length like 5e-324 overflows the ratio below)
        if shortest * MAX_RATIO < 1.0:
            _too_small("at least 1 unit (it holds e1)", name, shortest)
        try:
            picture = basis_change_picture(self.b1, self.b2, self.v)
        except ValueError:
            raise ValueError(f"b1 = {format_value(self.b1)} and b2 = {format_value(self.b2)} are (nearly) "
                             "parallel, so they are not a basis of the plane; pick two vectors pointing in "
                             "different directions, like [2, 1] and [-1, 1]") from None
        extent = float(np.abs(picture["points"]).max())
        if extent > MAX_RATIO * shortest:
            _too_small(f"{extent:.3g} units", name, shortest)


@dataclass(frozen=True)
class SvdParams:
    matrix: tuple = matrix(((1.5, 1.5), (0.5, 1.5)), help="the 2x2 matrix A, row by row")

    def validate(self) -> None:
        _check_entries("matrix", self.matrix)
        _, s, _ = rotate_scale_rotate(np.array(self.matrix))
        if s[0] > MAX_STRETCH:
            raise ValueError(f"parameter matrix = {format_value(self.matrix)} stretches by {s[0]:.3g}, more "
                             f"than {MAX_STRETCH:g}: the unit circle would be a dot beside its image; "
                             "divide the matrix by a constant")


BASIS_CHANGE = declare(
    "basis-change",
    title="Change of basis",
    chapter="linear_algebra",
    module="scenes.linear_algebra.basis_change",
    cls="BasisChange",
    params=BasisChangeParams,
    summary="One arrow, two coordinate languages: the grid morphs to a new basis and the coordinates "
            "solve B c = v, c = B^-1 v; in an orthonormal basis the inverse is the transpose, c = Q^T v: "
            "dot products.",
)

SVD = declare(
    "svd",
    title="The SVD: rotate, scale, rotate",
    chapter="linear_algebra",
    module="scenes.linear_algebra.svd",
    cls="SVD",
    params=SvdParams,
    summary="Any 2x2 matrix is a rotation, a stretch along the axes (with a flip when det < 0) and another "
            "rotation; the unit circle becomes an ellipse with semi-axes the singular values, A v_k = sigma_k u_k.",
)


# ---- linear-map and matrix-product ----


# ---- determinant and eigenvectors ----


# ---- norms and pca ----


# ---- gram-schmidt ----
