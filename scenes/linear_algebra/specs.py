"""Linear algebra scenes: ids, titles, parameters and their checks. No manim import.

The checks refuse what cannot be drawn honestly at one scale: parallel basis
vectors, and pictures whose largest and smallest parts differ so much that
one of them would shrink to a dot.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mathviz.kit import declare, format_value, integer, matrix, number, numbers, vector
from mathviz.core.linalg import (coordinates_in_basis, column_path, composed_path, eigen_directions, gram_schmidt,
                                 gram_schmidt_steps, matrix_product, parallelogram_area, projection_matrix,
                                 rotate_scale_rotate, rotation, straight_path, swing_path, tip_to_tail)
from mathviz.core.pca import covariance_from, pca, sample_cloud

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


# Linear maps and the matrix product


#: The linear-map scene's worked examples, in the order shown: (name, matrix).
MAP_EXAMPLES = (
    ("rotation", np.array([[0.0, -1.0], [1.0, 0.0]])),  # a quarter turn
    ("shear", np.array([[1.0, 1.0], [0.0, 1.0]])),
    ("projection", projection_matrix([1.0, 1.0])),  # onto the line y = x
)
PATH_TIMES = np.linspace(0.0, 1.0, 21)  # where the animations' paths are sampled for the plane's scale
DRAWN_ZERO = 1e-12  # an arrow this short (relative to the picture) is float noise, drawn and told as zero


def _path_columns(matrices) -> np.ndarray:
    """The columns of a stack of matrices (n, 2, 2), side by side: shape (2, 2n)."""
    return np.concatenate(list(np.asarray(matrices)), axis=1)


def _one_scale(arrows: dict, points, keep: str) -> None:
    """Refuse a picture whose shortest drawn arrow (nonzero ones: a zero arrow is drawn as
    nothing and told as zero) is too short to see next to its extent; ``keep`` says what to keep."""
    points = np.asarray(points, dtype=float)
    extent = max(1.0, float(np.abs(points).max()))
    lengths = {name: float(np.hypot(*np.asarray(v, dtype=float))) for name, v in arrows.items()}
    drawn = {name: n for name, n in lengths.items() if n > DRAWN_ZERO * extent}
    name, shortest = min(drawn.items(), key=lambda kv: kv[1])
    if shortest * MAX_RATIO < extent:
        raise ValueError(f"the picture spans {extent:.3g} units but {name} is only {shortest:.3g} long: at one "
                         f"scale it would be too small to see; keep {keep} within {MAX_RATIO:g} times of "
                         "each other and of 1")


def linear_map_picture(A, x) -> dict[str, np.ndarray]:
    """Everything the linear-map scene draws, in plane coordinates (no manim).

    Returns ``A`` (2, 2), ``x`` (2,), ``walk`` (2, 3) the corners of
    ``x1 e1 + x2 e2`` tip to tail, ``image_walk`` (2, 3) those of
    ``x1 a1 + x2 a2`` (its last column is ``A x``), ``arrows`` (name: vector,
    every arrow drawn at the end of a beat) and ``points`` (2, m): every
    corner the animations pass through, for choosing the scale.
    """
    A, x = np.asarray(A, dtype=float), np.asarray(x, dtype=float)
    walk, image_walk = tip_to_tail(np.eye(2), x), tip_to_tail(A, x)
    path = column_path(A, PATH_TIMES)
    carried = np.concatenate([tip_to_tail(M, x) for M in path], axis=1)  # x's steps as the grid moves
    examples = [_path_columns(column_path(M, PATH_TIMES)) for _, M in MAP_EXAMPLES]
    arrows = {"e1": np.eye(2)[:, 0], "e2": np.eye(2)[:, 1], "x": x, "the step x1 e1": walk[:, 1],
              "the step x2 e2": walk[:, 2] - walk[:, 1], "the first column of A": A[:, 0],
              "the second column of A": A[:, 1], "the step x1 a1": image_walk[:, 1],
              "the step x2 a2": image_walk[:, 2] - image_walk[:, 1], "A x": image_walk[:, 2]}
    points = np.hstack([np.eye(2), walk, _path_columns(path), carried, *examples])
    return {"A": A, "x": x, "walk": walk, "image_walk": image_walk, "arrows": arrows, "points": points}


@dataclass(frozen=True)
class LinearMapParams:
    matrix: tuple = matrix(((1.0, -1.0), (0.5, 1.0)), help="the 2x2 matrix A, row by row: its columns are "
                                                           "where e1 and e2 land")
    vector: tuple = vector((2.0, 1.0), help="the vector x whose image A x is built from the columns")

    def validate(self) -> None:
        _check_entries("matrix", self.matrix)
        _check_entries("vector", self.vector)
        if not any(self.vector):
            raise ValueError("parameter vector = [0, 0]: every matrix sends the zero vector to zero, so there is "
                             "no combination of columns to show; pick a nonzero vector like [2, 1]")
        picture = linear_map_picture(self.matrix, self.vector)
        _one_scale(picture["arrows"], picture["points"], "the columns of A, x, A x and the steps x1 a1, x2 a2")


def matrix_product_picture(A, B) -> dict[str, np.ndarray]:
    """Everything the matrix-product scene draws, in plane coordinates (no manim).

    Returns ``A``, ``B``, ``AB`` and ``BA`` (2, 2; the products as sums of the
    terms shown), ``arrows`` (name: vector, the carried e1 and e2 at the end
    of each move) and ``points`` (2, m): the columns along every route the
    grid takes (B then A, AB directly, A then B), for choosing the scale.
    """
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    AB, BA = matrix_product(A, B), matrix_product(B, A)
    routes = [composed_path(A, B, 2 * PATH_TIMES), column_path(AB, PATH_TIMES), composed_path(B, A, 2 * PATH_TIMES)]
    arrows = {"e1": np.eye(2)[:, 0], "e2": np.eye(2)[:, 1]}
    for name, M in (("B", B), ("A", A), ("AB", AB), ("BA", BA)):
        arrows.update({f"the first column of {name}": M[:, 0], f"the second column of {name}": M[:, 1]})
    points = np.hstack([np.eye(2)] + [_path_columns(route) for route in routes])
    return {"A": A, "B": B, "AB": AB, "BA": BA, "arrows": arrows, "points": points}


@dataclass(frozen=True)
class MatrixProductParams:
    a: tuple = matrix(((1.0, -1.0), (1.0, 1.0)), help="the 2x2 matrix A, applied second, row by row")
    b: tuple = matrix(((1.0, 0.0), (1.0, 1.0)), help="the 2x2 matrix B, applied first, row by row")

    def validate(self) -> None:
        _check_entries("a", self.a)
        _check_entries("b", self.b)
        picture = matrix_product_picture(self.a, self.b)
        _one_scale(picture["arrows"], picture["points"], "the columns of A, B, AB and BA")


LINEAR_MAP = declare(
    "linear-map",
    title="Linear maps and their matrices",
    chapter="linear_algebra",
    module="scenes.linear_algebra.linear_map",
    cls="LinearMap",
    params=LinearMapParams,
    summary="A matrix is where e1 and e2 land: its columns. The grid is carried along (a rotation, a shear, a "
            "projection, then A), and A x = x1 a1 + x2 a2, the columns walked tip to tail.",
)

MATRIX_PRODUCT = declare(
    "matrix-product",
    title="The matrix product: one map after another",
    chapter="linear_algebra",
    module="scenes.linear_algebra.matrix_product",
    cls="MatrixProduct",
    params=MatrixProductParams,
    summary="B then A moves the grid as the single map AB does; in the other order it lands elsewhere "
            "(AB is not BA in general); entry (i, j) of AB is row i of A against column j of B.",
)


# The determinant and eigenvectors


FLAT = 1e-12  # a determinant this small (relative to the picture's extent squared) is rounding: told and drawn as 0
SWING_TIMES = np.linspace(0.0, 1.0, 41)  # where the swing through det = 0 is sampled for the plane's scale
EIGEN_TURNS = np.arange(12) * np.pi / 6  # the circle of test vectors: every 30 degrees
EIGEN_SPACING = np.radians(10.0)  # a test vector this close to an eigen-direction gives way to it
MIN_EIGEN_ANGLE = 5.0  # degrees: two eigen-directions closer than this cannot be told apart on screen
#: The kinds of real 2x2 matrix, one example each; the eigenvector scene tours the three that A is not.
#: Their eigen-directions lie on the circle of test vectors (0 and 90 degrees); the turn is by 45
#: degrees, so no image lands on another test vector's line either.
EIGEN_EXAMPLES = (
    ("distinct", np.array([[2.0, 0.0], [0.0, 0.5]])),
    ("repeated", np.array([[1.0, 1.0], [0.0, 1.0]])),  # a shear
    ("scalar", np.array([[1.5, 0.0], [0.0, 1.5]])),
    ("complex", np.array([[1.0, -1.0], [1.0, 1.0]])),  # sqrt 2 times the turn by 45 degrees: eigenvalues 1 +- i
)


def _refuse_short(extent: float, arrows: dict, keep: str) -> None:
    """Refuse a picture whose shortest nonzero arrow would be a dot beside its extent (zero
    arrows are drawn as nothing and told as zero)."""
    lengths = {name: float(np.hypot(*np.asarray(v, dtype=float))) for name, v in arrows.items()}
    drawn = {name: n for name, n in lengths.items() if n > FLAT * extent}
    name, shortest = min(drawn.items(), key=lambda kv: kv[1])
    if shortest * MAX_RATIO < extent:
        raise ValueError(f"the picture spans {extent:.3g} units but {name} is only {shortest:.3g} long: at one "
                         f"scale it would be too small to see; keep {keep} within {MAX_RATIO:g} times of each "
                         "other and of 1")


def determinant_picture(A) -> dict:
    """Everything the determinant scene draws, in plane coordinates (no manim).

    Returns ``A`` (2, 2), ``det`` (the signed area of the image of the unit
    square, 0 when it is rounding), ``rank`` (2, 1 or 0), ``base`` (2, 2: the
    matrix whose second column swings through det = 0: ``A`` itself, or the
    identity when ``det A = 0``), ``swung`` (2, 2: where the swing ends),
    ``arrows`` (name: vector) and ``points`` (2, m): every corner the
    animations pass through, for choosing the scale.
    """
    A = np.asarray(A, dtype=float)
    det = parallelogram_area(A)
    corners = A @ np.array([[0.0, 1.0, 1.0, 0.0], [0.0, 0.0, 1.0, 1.0]])
    extent = max(1.0, float(np.abs(corners).max()))
    if abs(det) <= FLAT * extent * extent:
        det = 0.0
    rank = 2 if det != 0.0 else (1 if np.any(A) else 0)
    base = A if rank == 2 else np.eye(2)
    swing = swing_path(base, SWING_TIMES)
    cells = np.concatenate([M @ np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]) for M in swing], axis=1)
    carried = np.concatenate([M @ np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]])
                              for M in straight_path(A, SWING_TIMES)], axis=1)
    arrows = {"e1": np.eye(2)[:, 0], "e2": np.eye(2)[:, 1], "the first column of A": A[:, 0],
              "the second column of A": A[:, 1]}
    map_points, swing_points = np.hstack([np.eye(2), corners, carried]), np.hstack([np.eye(2), cells])
    return {"A": A, "det": det, "rank": rank, "base": base, "swung": swing[-1], "arrows": arrows,
            "map_points": map_points, "swing_points": swing_points, "points": np.hstack([map_points, swing_points])}


@dataclass(frozen=True)
class DeterminantParams:
    matrix: tuple = matrix(((2.0, 1.0), (0.5, 1.5)), help="the 2x2 matrix A, row by row: its columns are "
                                                          "the edges of the unit square's image")

    def validate(self) -> None:
        _check_entries("matrix", self.matrix)
        picture = determinant_picture(self.matrix)
        extent = float(np.abs(picture["points"]).max())
        if extent > MAX_RATIO:
            raise ValueError(f"parameter matrix = {format_value(self.matrix)} takes the unit square {extent:.3g} "
                             f"units out, more than {MAX_RATIO:g}: the square would be a dot beside its image; "
                             "divide the matrix by a constant")
        _refuse_short(extent, picture["arrows"], "the columns of A")
        det = picture["det"]
        if det != 0.0 and abs(det) * MAX_RATIO * MAX_RATIO < extent * extent:
            raise ValueError(f"parameter matrix = {format_value(self.matrix)} has det A = {det:.3g}: not 0, but the "
                             "parallelogram would be too thin to tell from a line; give an exactly singular "
                             "matrix like [[1, 2], [2, 4]], or one with columns further from parallel")


def _test_directions(eigen) -> np.ndarray:
    """Unit test vectors as columns (2, n): every 30 degrees, and the eigen-directions and their
    opposites in place of the ones too close to them."""
    keep = [np.array([np.cos(a), np.sin(a)]) for a in EIGEN_TURNS]
    if eigen.kind in ("distinct", "repeated"):
        special = [s * v for v in eigen.vectors for s in (1.0, -1.0)]
        keep = [u for u in keep if all(u @ s < np.cos(EIGEN_SPACING) for s in special)] + special
    keep.sort(key=lambda u: np.arctan2(u[1], u[0]) % (2 * np.pi))
    return np.array(keep).T


def eigen_picture(A) -> dict:
    """Everything the eigenvector scene draws, in plane coordinates (no manim).

    Returns ``A``, ``eigen`` (:func:`~mathviz.core.linalg.eigen_directions`),
    ``directions`` (2, n) the unit test vectors (the eigen-directions among
    them), ``regular`` (2, 12) the test vectors for the tour of examples,
    ``tour`` ((kind, matrix) for the three kinds ``A`` is not), and, when
    ``A`` has two eigen-directions: ``V`` (2, 2) the unit eigenvectors as
    columns, ``Lambda`` (2, 2) diagonal, ``x = v1 + v2`` and ``Ax``; then
    ``arrows`` (name: vector) and ``points`` (2, m) for choosing the scale.
    """
    A = np.asarray(A, dtype=float)
    eigen = eigen_directions(A)
    circle = np.array([np.cos(np.linspace(0, 2 * np.pi, 73)), np.sin(np.linspace(0, 2 * np.pi, 73))])
    tour = tuple((kind, M) for kind, M in EIGEN_EXAMPLES if kind != eigen.kind)
    out = {"A": A, "eigen": eigen, "directions": _test_directions(eigen),
           "regular": np.array([np.cos(EIGEN_TURNS), np.sin(EIGEN_TURNS)]), "tour": tour}
    arrows = {"a unit test vector": np.array([1.0, 0.0])}
    points = [circle, A @ circle] + [M @ circle for _, M in tour]
    if eigen.kind == "distinct":
        V = eigen.vectors.T.copy()
        Lam = np.diag(eigen.values)
        x = V @ np.ones(2)
        out.update(V=V, Lambda=Lam, x=x, Ax=A @ x)
        points += [x[:, None], (A @ x)[:, None], (V * eigen.values)]
        arrows.update({"lambda1 v1": eigen.values[0] * V[:, 0], "lambda2 v2": eigen.values[1] * V[:, 1]})
    elif eigen.kind == "repeated":
        arrows["lambda v"] = eigen.values[0] * eigen.vectors[0]
    out.update(arrows=arrows, points=np.hstack(points))
    return out


@dataclass(frozen=True)
class EigenvectorsParams:
    matrix: tuple = matrix(((1.0, 1.0), (0.5, 1.5)), help="the 2x2 matrix A, row by row")

    def validate(self) -> None:
        _check_entries("matrix", self.matrix)
        _, s, _ = rotate_scale_rotate(np.array(self.matrix))
        if s[0] > MAX_STRETCH:
            raise ValueError(f"parameter matrix = {format_value(self.matrix)} stretches by {s[0]:.3g}, more "
                             f"than {MAX_STRETCH:g}: the unit circle would be a dot beside its image; "
                             "divide the matrix by a constant")
        if 0 < s[0] * MAX_RATIO < 1.0:
            raise ValueError(f"parameter matrix = {format_value(self.matrix)} stretches by at most {s[0]:.3g}: "
                             "every image would be a dot beside the unit circle; multiply the matrix by a constant")
        picture = eigen_picture(self.matrix)
        eigen = picture["eigen"]
        if eigen.kind == "distinct":
            v1, v2 = eigen.vectors
            apart = float(np.degrees(np.arccos(min(1.0, abs(float(v1 @ v2))))))
            if apart < MIN_EIGEN_ANGLE:
                raise ValueError(f"parameter matrix = {format_value(self.matrix)} has its two eigen-directions only "
                                 f"{apart:.2g} degrees apart: on screen they would be one line; give a matrix whose "
                                 f"eigenvectors are at least {MIN_EIGEN_ANGLE:g} degrees apart, or an exact shear "
                                 "like [[1, 1], [0, 1]]")
        extent = max(1.0, float(np.abs(picture["points"]).max()))
        _refuse_short(extent, picture["arrows"], "the eigenvalues")


DETERMINANT = declare(
    "determinant",
    title="The determinant: signed area",
    chapter="linear_algebra",
    module="scenes.linear_algebra.determinant",
    cls="Determinant",
    params=DeterminantParams,
    summary="The unit square becomes the parallelogram on A's columns, of area |det A|; swinging one edge across "
            "the other takes det A through 0 (the plane flattened onto a line) to negative: orientation reversed.",
)

EIGENVECTORS = declare(
    "eigenvectors",
    title="Eigenvectors: the lines a matrix keeps",
    chapter="linear_algebra",
    module="scenes.linear_algebra.eigenvectors",
    cls="Eigenvectors",
    params=EigenvectorsParams,
    summary="Most vectors turn under A; eigenvectors stay on their line, stretched by lambda. Two, one (a shear), "
            "every (lambda I) or none (a rotation); with two, A = V Lambda V^-1 only stretches along them.",
)


# Norms and PCA


NORM_MAX_P = 20.0  # beyond this the ball cannot be told from the square of p = inf, which always ends the list
NORM_MAX_ENTRY = 8.0  # the unit ball and the balls through v share one scale: v stays within 8 of it
NORM_MIN_ENTRY = 0.25  # and its largest entry at least this, or the balls through it shrink to a dot


def _p_text(p: float) -> str:
    return "inf" if np.isinf(p) else f"{p:g}"


@dataclass(frozen=True)
class NormsParams:
    vector: tuple = vector((3.0, 2.0), help="the vector measured in every norm")
    ps: tuple = numbers((1.0, 1.5, 2.0, 4.0), min_len=1, max_len=5,
                        help="values of p, each at least 1, increasing; p = inf (the square) always comes last")
    quasi_p: float = number(0.5, low=0.4, high=0.9,
                            help="a p below 1 for the last beats: its ball is not convex and the triangle "
                                 "inequality fails, so it is not a norm")

    def validate(self) -> None:
        v = np.asarray(self.vector, dtype=float)
        top = float(np.abs(v).max())
        if top == 0:
            raise ValueError("parameter vector = [0, 0]: the zero vector has length 0 in every norm and draws no "
                             "ball; pick a nonzero vector like [3, 2]")
        if top > NORM_MAX_ENTRY or top < NORM_MIN_ENTRY:
            raise ValueError(f"parameter vector = {format_value(self.vector)}: its largest entry must be between "
                             f"{NORM_MIN_ENTRY:g} and {NORM_MAX_ENTRY:g} in size, so the unit ball and the balls "
                             "through v fit one picture; scale it")
        for p in self.ps:
            if p < 1:
                raise ValueError(f"parameter ps = {format_value(self.ps)}: p = {p:g} is below 1, and then "
                                 "(|x|^p + |y|^p)^(1/p) is not a norm (its ball is not convex, the triangle "
                                 "inequality fails); list p of at least 1, and set quasi_p to see a p below 1")
            if p > NORM_MAX_P:
                raise ValueError(f"parameter ps = {format_value(self.ps)}: p = {p:g} is above {NORM_MAX_P:g}, where "
                                 "the ball already looks like the square of p = inf that ends the scene; "
                                 f"list p up to {NORM_MAX_P:g}")
        if any(b <= a for a, b in zip(self.ps, self.ps[1:])):
            raise ValueError(f"parameter ps = {format_value(self.ps)}: list each p once, in increasing order, "
                             "like [1, 1.5, 2, 4]")

    def all_ps(self) -> tuple[float, ...]:
        """The values of p the scene walks through: the list, then infinity."""
        return tuple(self.ps) + (float("inf"),)


PCA_MAX_N = 400  # more dots than this crowd the picture and the projection beat's lines
PCA_MAX_VALUE = 1000.0


@dataclass(frozen=True)
class PcaParams:
    spreads: tuple = vector((2.0, 0.8), help="the standard deviations of the cloud's two coordinates")
    correlation: float = number(0.7, low=-1.0, high=1.0, help="the correlation of the two coordinates, in [-1, 1]")
    mean: tuple = vector((3.0, 2.0), help="the centre the cloud is drawn around")
    n: int = integer(60, low=3, high=PCA_MAX_N, help="how many points")
    seed: int = integer(5, low=0, high=2**32 - 1, help="seed of the points")

    def covariance(self) -> np.ndarray:
        return covariance_from(self.spreads, self.correlation)

    def points(self) -> np.ndarray:
        """The cloud, shape (n, 2): seeded normal draws with the asked covariance."""
        return sample_cloud(self.mean, self.covariance(), self.n, self.seed)

    def validate(self) -> None:
        if min(self.spreads) < 0:
            raise ValueError(f"parameter spreads = {format_value(self.spreads)}: a standard deviation cannot be "
                             "negative; give two numbers at least 0, like [2, 0.8]")
        top = max(self.spreads)
        if top == 0:
            raise ValueError("parameter spreads = [0, 0]: every point would be the mean, with no direction to "
                             "find; give a spread above 0, like [2, 0.8]")
        if max(top, *np.abs(self.mean)) > PCA_MAX_VALUE:
            raise ValueError(f"the spreads and the mean must lie within {PCA_MAX_VALUE:g} in size to be drawn "
                             "and read; scale them down")
        if top < 1e-6 * max(1.0, *np.abs(self.mean)):
            raise ValueError(f"parameter spreads = {format_value(self.spreads)}: the cloud is too small to see "
                             "beside its distance from 0; make a spread larger or the mean smaller")
        spread = pca(self.points()).explained_variance
        if spread[0] <= 1e-18 * max(1.0, top) ** 2:
            raise ValueError(f"with n = {self.n} and seed = {self.seed} the points coincide: there is no "
                             "direction of most variance; draw more points or another seed")


NORMS = declare(
    "norms",
    title="Norms and their unit balls",
    chapter="linear_algebra",
    module="scenes.linear_algebra.norms",
    cls="Norms",
    params=NormsParams,
    summary="One vector measured by the p-norms: the ball through it is a diamond at p = 1, a circle at p = 2 and "
            "a square at p = inf, and crosses the axis at the length; below p = 1 the ball caves in and "
            "e1 + e2 is longer than e1 plus e2, so it is no norm.",
)

PCA = declare(
    "pca",
    title="Principal component analysis",
    chapter="linear_algebra",
    module="scenes.linear_algebra.pca",
    cls="PCA",
    params=PcaParams,
    summary="A seeded 2D cloud, centred; the covariance ellipse and its axes from the SVD of the centred data; "
            "the points dropped onto the first axis, the lost part the second variance times n - 1, and the "
            "share of variance kept.",
)


# Gram-Schmidt


GS_MIN_LEFT = 0.1  # what is left of a vector after removing its projections: at least this share of its length
GS_NAMES = ("v1", "v2", "v3")


def gram_schmidt_picture(v1, v2, v3) -> dict:
    """Everything the gram-schmidt scene draws, in world coordinates (no manim).

    ``V`` (3, 3) the vectors as rows; ``steps`` and ``R`` from
    :func:`~mathviz.core.linalg.gram_schmidt_steps`; ``Q`` (3, 3) the
    orthonormal vectors as rows; ``foot`` (3,) the projection of ``v3`` onto
    the plane of ``v1`` and ``v2``; ``patch`` (4, 3) the corners of the piece of
    that plane drawn (a rectangle in ``q1``, ``q2`` coordinates around every
    point of the picture that lies in it); ``points`` (n, 3) every point drawn,
    for choosing the camera and the scale.
    """
    V = np.array([v1, v2, v3], dtype=float)
    steps, R = gram_schmidt_steps(V)
    Q = np.array([s.unit for s in steps])
    foot = steps[2].projections.sum(axis=0)
    in_plane = np.vstack([np.zeros(3), V[:2], Q[:2], steps[1].projections, steps[2].projections, foot])
    coords = in_plane @ Q[:2].T  # (n, 2): every in-plane point in q1, q2 coordinates
    lo, hi = coords.min(axis=0), coords.max(axis=0)
    pad = 0.1 * float(np.max(hi - lo))
    lo, hi = lo - pad, hi + pad
    patch = np.array([a * Q[0] + b * Q[1] for a, b in ((lo[0], lo[1]), (hi[0], lo[1]), (hi[0], hi[1]), (lo[0], hi[1]))])
    points = np.vstack([in_plane, V, Q, steps[2].residual, patch])
    return {"V": V, "steps": steps, "R": R, "Q": Q, "foot": foot, "patch": patch, "points": points}


@dataclass(frozen=True)
class GramSchmidtParams:
    v1: tuple = vector((2.0, 1.0, 0.0), dim=3, help="the first vector: Gram-Schmidt keeps its direction")
    v2: tuple = vector((1.0, 2.0, 1.0), dim=3, help="the second vector, not parallel to v1")
    v3: tuple = vector((0.0, 1.0, 2.0), dim=3, help="the third vector, off the plane of v1 and v2")

    def validate(self) -> None:
        vectors = [getattr(self, name) for name in GS_NAMES]
        for name, v in zip(GS_NAMES, vectors):
            _check_entries(name, v)
            if not any(v):
                raise ValueError(f"parameter {name} = {format_value(v)}: the zero vector has no direction for "
                                 "Gram-Schmidt to keep; pick a nonzero vector")
        lengths = [float(np.linalg.norm(v)) for v in vectors]
        # the q's are 1 long: every vector must be drawable at the same scale as they are
        name, shortest = min(zip(GS_NAMES, lengths), key=lambda kv: kv[1])
        longest = max(max(lengths), 1.0)
        if longest > MAX_RATIO * min(shortest, 1.0):
            short = f"{name} is only {shortest:.3g} long" if shortest < 1.0 else "each q is 1 long"
            raise ValueError(f"the vectors reach {longest:.3g} but {short}: at one scale it would be too small "
                             f"to see; keep the lengths of v1, v2, v3 between {1 / MAX_RATIO:.3g} and {MAX_RATIO:g}")
        V = np.array(vectors, dtype=float)
        for k in (1, 2):
            left = 0.0
            try:
                left = gram_schmidt_steps(V[: k + 1])[0][k].length / lengths[k]
            except ValueError:
                pass  # (nearly) a combination of the earlier ones: nothing is left
            if left < GS_MIN_LEFT:
                if k == 1:
                    where, fix = "is (nearly) parallel to v1", "point v2 in another direction"
                else:
                    normal = np.cross(V[0], V[1])
                    normal = normal / np.abs(normal).max()
                    where = "lies (nearly) in the plane of v1 and v2"
                    fix = f"move v3 off that plane, toward v1 x v2 (along {format_value(tuple(normal.round(3)))})"
                share = "nothing is left" if left == 0 else f"only {100 * left:.2g}% of its length is left"
                raise ValueError(f"parameter {GS_NAMES[k]} = {format_value(vectors[k])} {where}: after removing "
                                 f"its projections {share} (at least {GS_MIN_LEFT:.0%} is needed to draw and "
                                 f"normalise it); {fix}")
            residual = left * lengths[k]
            if longest > MAX_RATIO * residual:
                raise ValueError(f"the vectors reach {longest:.3g} but what is left of {GS_NAMES[k]} after removing its "
                                 f"projections is only {residual:.3g} long: at one scale it would be too small to see; "
                                 f"make {GS_NAMES[k]} longer or the others shorter")


GRAM_SCHMIDT = declare(
    "gram-schmidt",
    title="Gram-Schmidt: making vectors orthonormal",
    chapter="linear_algebra",
    module="scenes.linear_algebra.gram_schmidt",
    cls="GramSchmidt",
    params=GramSchmidtParams,
    summary="Three vectors in space made orthonormal one at a time: subtract the projections on the "
            "directions already done, then divide by the length; the plane of the first two never moves, "
            "and the numbers removed fill the triangular R of A = QR.",
)
