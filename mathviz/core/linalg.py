"""Linear algebra in the plane: coordinates in a basis, and the SVD as rotate-scale-rotate.

Matrices act on column vectors. A basis is stored as a matrix ``B`` whose
*columns* are the basis vectors, so ``B @ c`` is the vector whose coordinates
in that basis are ``c``.

The SVD of a real 2x2 matrix is written here as

    A = rotation(alpha) @ diag(s) @ rotation(beta)

with two proper rotations and a diagonal that may hold one negative entry:
when ``det A < 0`` the reflection shows up as a flip of the second axis
(``s[1] < 0``) instead of hiding inside ``U`` or ``V``. The singular values
are ``|s|``. :func:`svd_path` turns this into an animation path that
interpolates angles and scales, never matrix entries.
"""

from __future__ import annotations

import math

import numpy as np

MAX_CONDITION = 1e12  # above this a basis is treated as (nearly) parallel vectors


def _square(B, what: str = "B") -> np.ndarray:
    B = np.asarray(B, dtype=np.float64)
    if B.ndim != 2 or B.shape[0] != B.shape[1] or B.shape[0] == 0:
        raise ValueError(f"{what} must be a square matrix with the basis vectors as columns, got shape {B.shape}")
    if not np.all(np.isfinite(B)):
        raise ValueError(f"{what} has entries that are not finite numbers")
    return B


def _require_basis(B: np.ndarray) -> None:
    cond = np.linalg.cond(B) if np.any(B) else math.inf
    if not np.isfinite(cond) or cond > MAX_CONDITION:
        raise ValueError(
            f"the basis vectors are (nearly) parallel (condition number {cond:.3g} is above "
            f"{MAX_CONDITION:.0e}): they do not span the space, so coordinates are not defined"
        )


def coordinates_in_basis(B, v) -> np.ndarray:
    """Coordinates ``c`` of ``v`` in the basis made of the columns of ``B``: ``B @ c == v``.

    Parameters
    ----------
    B : array_like, shape (d, d)
        The basis vectors, as columns.
    v : array_like, shape (d,) or (d, n)
        One vector, or ``n`` vectors as columns.

    Returns
    -------
    numpy.ndarray, the shape of ``v``
        The coordinates (one column per vector of ``v``).

    Raises
    ------
    ValueError
        If the columns of ``B`` are parallel or nearly so (condition number
        above 1e12), if shapes do not match, or entries are not finite.

    Examples
    --------
    >>> B = np.array([[2.0, -1.0], [1.0, 1.0]])
    >>> coordinates_in_basis(B, [3.0, 3.0]).round(12).tolist()
    [2.0, 1.0]
    >>> coordinates_in_basis(B, [[3.0, 2.0], [3.0, 1.0]]).round(12).tolist()
    [[2.0, 1.0], [1.0, 0.0]]
    >>> coordinates_in_basis([[1.0, 2.0], [0.0, 0.0]], [1.0, 0.0])
    Traceback (most recent call last):
    ...
    ValueError: the basis vectors are (nearly) parallel (condition number inf is above 1e+12): they do not span the space, so coordinates are not defined
    """
    B = _square(B)
    v = np.asarray(v, dtype=np.float64)
    if v.ndim not in (1, 2) or v.shape[0] != B.shape[0]:
        raise ValueError(f"v must have shape ({B.shape[0]},) or ({B.shape[0]}, n) to match B, got {v.shape}")
    if not np.all(np.isfinite(v)):
        raise ValueError("v has entries that are not finite numbers")
    _require_basis(B)
    return np.linalg.solve(B, v)


def gram_schmidt(B) -> np.ndarray:
    """An orthonormal basis built from the columns of ``B``, in order.

    ``Q[:, 0]`` points along ``B[:, 0]``; each later column is the part of
    ``B[:, k]`` perpendicular to the earlier ones, scaled to length 1, so it
    lies on the same side as ``B[:, k]``.

    Parameters
    ----------
    B : array_like, shape (d, d)

    Returns
    -------
    numpy.ndarray, shape (d, d)
        ``Q`` with ``Q.T @ Q == I``.

    Examples
    --------
    >>> gram_schmidt([[2.0, -1.0], [0.0, 1.0]]).round(12).tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    >>> Q = gram_schmidt([[3.0, 1.0], [4.0, 0.0]])
    >>> Q[:, 0].round(12).tolist(), bool(np.allclose(Q.T @ Q, np.eye(2)))
    ([0.6, 0.8], True)
    """
    B = _square(B)
    _require_basis(B)
    Q = np.zeros_like(B)
    for k in range(B.shape[1]):
        w = B[:, k] / np.abs(B[:, k]).max()  # rescaled: squares of tiny entries would underflow
        for _ in range(2):  # twice is enough (Kahan): the second pass removes rounding leftovers
            w -= Q[:, :k] @ (Q[:, :k].T @ w)
        Q[:, k] = w / np.linalg.norm(w)
    return Q


def projection(v, u) -> np.ndarray:
    """The orthogonal projection of ``v`` onto the line spanned by ``u``: ``(v.u / u.u) u``.

    Parameters
    ----------
    v, u : array_like, shape (d,)

    Returns
    -------
    numpy.ndarray, shape (d,)

    Examples
    --------
    >>> projection([3.0, 3.0], [2.0, 0.0]).tolist()
    [3.0, 0.0]
    >>> projection([1.0, 2.0], [0.0, 0.0])
    Traceback (most recent call last):
    ...
    ValueError: cannot project onto the zero vector
    """
    v, u = np.asarray(v, dtype=np.float64), np.asarray(u, dtype=np.float64)
    uu = float(u @ u)
    if uu == 0.0:
        raise ValueError("cannot project onto the zero vector")
    return (float(v @ u) / uu) * u


def rotation(theta) -> np.ndarray:
    """The matrix turning the plane by ``theta`` radians counter-clockwise.

    Parameters
    ----------
    theta : float or array_like, shape (n,)

    Returns
    -------
    numpy.ndarray, shape (2, 2), or (n, 2, 2) for an array of angles

    Examples
    --------
    >>> rotation(np.pi / 2).round(12).tolist()
    [[0.0, -1.0], [1.0, 0.0]]
    >>> rotation([0.0, np.pi]).round(12).tolist()
    [[[1.0, -0.0], [0.0, 1.0]], [[-1.0, -0.0], [0.0, -1.0]]]
    """
    theta = np.asarray(theta, dtype=np.float64)
    c, s = np.cos(theta), np.sin(theta)
    return np.stack([np.stack([c, -s], axis=-1), np.stack([s, c], axis=-1)], axis=-2)


def _wrap(angle: float) -> float:
    """``angle`` moved into ``[-pi, pi)``."""
    return (angle + math.pi) % (2 * math.pi) - math.pi


def rotate_scale_rotate(A) -> tuple[float, np.ndarray, float]:
    """``(alpha, s, beta)`` with ``rotation(alpha) @ diag(s) @ rotation(beta) == A``.

    The SVD of a real 2x2 matrix with both orthogonal factors proper
    rotations. ``s[0] >= |s[1]|`` and ``s[0] >= 0``; ``s[1] < 0`` exactly when
    ``det A = A[0,0] A[1,1] - A[0,1] A[1,0]`` (computed in floating point) is
    negative, so a reflection is a visible flip of the second axis. The
    singular values are ``|s|``; for rank 1 ``s[1] == 0`` and for the zero
    matrix everything is 0.

    The angles are in ``[-pi, pi)``. They are unique up to adding ``pi`` to
    both; of the two choices the one turning less in total is returned. When
    the stretch is the same in every direction (``|s[0]| == |s[1]|``) any
    ``beta`` works, and ``beta = 0``: all of the turning happens in ``alpha``.

    Parameters
    ----------
    A : array_like, shape (2, 2)

    Returns
    -------
    alpha : float
        The second (outer) rotation angle, radians; ``U = rotation(alpha)``.
    s : numpy.ndarray, shape (2,)
        The signed scales along the axes; ``Sigma = diag(s)``.
    beta : float
        The first (inner) rotation angle, radians; ``V.T = rotation(beta)``.
        The right singular vectors are the rows of ``rotation(beta)``.

    Notes
    -----
    Closed form: split ``A = E I + H J + F Z + G X`` into a scaled rotation
    (``E = (a+d)/2``, ``H = (c-b)/2``) and a scaled reflection
    (``F = (a-d)/2``, ``G = (b+c)/2``). With ``Q = hypot(E, H)`` and
    ``R = hypot(F, G)`` the scales are ``Q + R`` and ``Q - R`` (whose sign is
    that of ``det A = Q^2 - R^2``); the second is computed as ``det A / s[0]``,
    which avoids the cancellation.

    Examples
    --------
    >>> alpha, s, beta = rotate_scale_rotate([[3.0, 0.0], [0.0, -2.0]])
    >>> round(alpha, 12), s.tolist(), round(beta, 12)
    (0.0, [3.0, -2.0], 0.0)
    >>> alpha, s, beta = rotate_scale_rotate([[0.0, -2.0], [2.0, 0.0]])
    >>> round(float(np.degrees(alpha)), 9), s.tolist(), beta
    (90.0, [2.0, 2.0], 0.0)
    >>> alpha, s, beta = rotate_scale_rotate([[1.0, 2.0], [2.0, 4.0]])
    >>> s.round(12).tolist()
    [5.0, 0.0]
    >>> alpha, s, beta = rotate_scale_rotate([[1.0, 2.0], [3.0, 4.0]])
    >>> bool(np.allclose(rotation(alpha) @ np.diag(s) @ rotation(beta), [[1, 2], [3, 4]]))
    True
    >>> s.round(4).tolist()  # det = -2 < 0: the second scale is negative
    [5.465, -0.366]
    """
    A = np.asarray(A, dtype=np.float64)
    if A.shape != (2, 2):
        raise ValueError(f"rotate_scale_rotate needs a 2x2 matrix, got shape {A.shape}")
    if not np.all(np.isfinite(A)):
        raise ValueError("rotate_scale_rotate: the matrix has entries that are not finite numbers")
    (a, b), (c, d) = A
    E, F, G, H = (a + d) / 2, (a - d) / 2, (b + c) / 2, (c - b) / 2
    Q, R = math.hypot(E, H), math.hypot(F, G)
    s0 = Q + R
    if s0 == 0.0:
        return 0.0, np.zeros(2), 0.0
    det = a * d - b * c
    s1 = math.copysign(min(abs(det / s0), s0), det)  # rounding may overshoot s0 by an ulp
    if s1 == 0.0:  # never -0.0, and a det that underflows keeps its sign in the smallest float
        s1 = 0.0 if det == 0.0 else math.copysign(5e-324, det)
    a_rot, a_ref = math.atan2(H, E), math.atan2(G, F)
    isotropic = 1e-14 * s0
    if R <= isotropic:  # a scaled rotation: all the turning in alpha
        alpha, beta = a_rot, 0.0
    elif Q <= isotropic:  # a scaled reflection, R(a_ref) diag(1, -1)
        alpha, beta = a_ref, 0.0
    else:
        alpha, beta = (a_rot + a_ref) / 2, (a_rot - a_ref) / 2
    # (alpha + pi, beta + pi) gives the same matrix, as rotation(pi) = -I commutes with diag(s).
    candidates = [(_wrap(alpha), _wrap(beta)), (_wrap(alpha + math.pi), _wrap(beta + math.pi))]
    if beta == 0.0:
        candidates = candidates[:1]  # keep beta = 0 in the isotropic case
    alpha, beta = min(candidates, key=lambda ab: abs(ab[0]) + abs(ab[1]))
    return float(alpha), np.array([s0, s1]), float(beta)


def singular_pairs(A) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(V, sigma, U)`` with ``A @ V[:, k] == sigma[k] * U[:, k]`` and ``sigma >= 0``.

    The right singular vectors ``v_k`` (columns of ``V``, a proper rotation:
    the rows of ``rotation(beta)`` from :func:`rotate_scale_rotate`) go to the
    left ones ``u_k`` (columns of ``U``) stretched by the singular values.
    Both pairs are perpendicular unit vectors. ``U`` is ``rotation(alpha)``
    with its second column turned round when ``s[1] < 0``: for ``det A < 0``
    the flip sits in ``U``, whose determinant is then -1. When a singular
    value is 0, its ``u_k`` is still a unit vector (perpendicular to the others).

    Parameters
    ----------
    A : array_like, shape (2, 2)

    Returns
    -------
    V : numpy.ndarray, shape (2, 2)
    sigma : numpy.ndarray, shape (2,)
    U : numpy.ndarray, shape (2, 2)

    Examples
    --------
    >>> V, sigma, U = singular_pairs([[3.0, 0.0], [0.0, -2.0]])
    >>> (V + 0.0).tolist(), sigma.tolist(), (U + 0.0).tolist()
    ([[1.0, 0.0], [0.0, 1.0]], [3.0, 2.0], [[1.0, 0.0], [0.0, -1.0]])
    >>> A = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> V, sigma, U = singular_pairs(A)
    >>> bool(np.allclose(A @ V, U * sigma)), round(float(np.linalg.det(U)), 12)
    (True, -1.0)
    """
    alpha, s, beta = rotate_scale_rotate(A)
    V = rotation(beta).T
    U = rotation(alpha) * np.where(s < 0, -1.0, 1.0)
    return V, np.abs(s), U


def svd_stage(alpha: float, s, beta: float, stage: int, tau) -> np.ndarray:
    """The matrix at stage-local time ``tau`` in ``[0, 1]`` of one of the three stages.

    Stage 0 turns by ``beta * tau``; stage 1 (after the full first turn)
    scales the axes by ``1 + (s - 1) tau``; stage 2 (after the full scaling)
    turns by ``alpha * tau``. Angles and scales are interpolated, never matrix
    entries, so stages 0 and 2 are rotations at every ``tau``. A negative
    ``s[1]`` passes through 0: the plane folds flat and opens up mirrored.

    Parameters
    ----------
    alpha, s, beta
        As returned by :func:`rotate_scale_rotate`; ``s`` has shape (2,).
    stage : int
        0, 1 or 2.
    tau : float or array_like, shape (n,)

    Returns
    -------
    numpy.ndarray, shape (2, 2), or (n, 2, 2) for an array ``tau``

    Examples
    --------
    >>> svd_stage(0.0, [3.0, -1.0], 0.0, 1, 0.5).tolist()
    [[2.0, 0.0], [0.0, 0.0]]
    """
    tau = np.asarray(tau, dtype=np.float64)
    s = np.asarray(s, dtype=np.float64)
    if stage == 0:
        return rotation(beta * tau)
    scales = 1.0 + (s - 1.0) * tau[..., None]
    diag = scales[..., :, None] * np.eye(2)
    if stage == 1:
        return diag @ rotation(beta)
    if stage == 2:
        return rotation(alpha * tau) @ (np.diag(s) @ rotation(beta))
    raise ValueError(f"stage must be 0, 1 or 2, got {stage!r}")


def svd_path(A, t) -> np.ndarray:
    """The matrix at time ``t`` in ``[0, 3]`` of the rotate-scale-rotate animation of ``A``.

    ``floor(t)`` is the stage (``t == 3`` is the end of the last one) and the
    fractional part the time inside it; see :func:`svd_stage`. The path
    starts at the identity and ends at ``A`` (to rounding).

    Parameters
    ----------
    A : array_like, shape (2, 2)
    t : float or array_like, shape (n,)
        Clipped to ``[0, 3]``.

    Returns
    -------
    numpy.ndarray, shape (2, 2), or (n, 2, 2) for an array ``t``

    Examples
    --------
    >>> A = [[1.0, 2.0], [3.0, 4.0]]
    >>> (svd_path(A, 0.0).round(12) + 0.0).tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    >>> svd_path(A, 3.0).round(12).tolist()
    [[1.0, 2.0], [3.0, 4.0]]
    """
    alpha, s, beta = rotate_scale_rotate(A)
    t = np.clip(np.asarray(t, dtype=np.float64), 0.0, 3.0)
    stage = np.minimum(np.floor(t), 2).astype(int)
    tau = t - stage
    if t.ndim == 0:
        return svd_stage(alpha, s, beta, int(stage), float(tau))
    out = np.empty(t.shape + (2, 2))
    for k in range(3):
        mask = stage == k
        if mask.any():
            out[mask] = svd_stage(alpha, s, beta, k, tau[mask])
    return out


def straight_path(A, t) -> np.ndarray:
    """``(1 - t) I + t A``: applying ``A`` "directly", every point moving in a straight line.

    This is what a plain matrix animation does. It lands on ``A`` too, but
    midway it is not a rotation even when ``A`` is one (a quarter turn
    shrinks the plane to ``1/sqrt(2)`` of its size at ``t = 1/2``).

    Parameters
    ----------
    A : array_like, shape (2, 2)
    t : float or array_like, shape (n,)

    Returns
    -------
    numpy.ndarray, shape (2, 2), or (n, 2, 2)

    Examples
    --------
    >>> straight_path([[0.0, -1.0], [1.0, 0.0]], 0.5).tolist()
    [[0.5, -0.5], [0.5, 0.5]]
    """
    A = np.asarray(A, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64)[..., None, None]
    return (1.0 - t) * np.eye(A.shape[0]) + t * A


def basis_path(B, t, start=None) -> np.ndarray:
    """The basis at time ``t`` in ``[0, 1]`` of a morph from ``start`` (default: the standard basis) to ``B``.

    Each basis vector turns (the shorter way) and stretches from
    ``start[:, k]`` to ``B[:, k]``: its angle and its length are interpolated,
    so the vectors do not shrink on the way as straight-line motion would
    make them.

    Parameters
    ----------
    B : array_like, shape (2, 2)
        Target basis vectors, as columns; none may be zero.
    t : float or array_like, shape (n,)
    start : array_like, shape (2, 2), optional
        Starting basis vectors, as columns; the identity when omitted.

    Returns
    -------
    numpy.ndarray, shape (2, 2), or (n, 2, 2)

    Examples
    --------
    >>> B = [[0.0, -2.0], [2.0, 0.0]]
    >>> basis_path(B, 0.5).round(6).tolist()
    [[1.06066, -1.06066], [1.06066, 1.06066]]
    >>> basis_path(B, 1.0).round(12).tolist()
    [[0.0, -2.0], [2.0, 0.0]]
    >>> basis_path(np.eye(2), 0.5, start=B).round(6).tolist()
    [[1.06066, -1.06066], [1.06066, 1.06066]]
    """
    B = np.asarray(B, dtype=np.float64)
    S = np.eye(2) if start is None else np.asarray(start, dtype=np.float64)
    if B.shape != (2, 2) or S.shape != (2, 2):
        raise ValueError(f"basis_path needs 2x2 matrices, got shapes {B.shape} and {S.shape}")
    t = np.asarray(t, dtype=np.float64)
    lengths, start_lengths = np.hypot(B[0], B[1]), np.hypot(S[0], S[1])
    if np.any(lengths == 0) or np.any(start_lengths == 0):
        raise ValueError("basis_path: a basis vector is zero")
    start_angle = np.arctan2(S[1], S[0])
    turn = np.array([_wrap(math.atan2(B[1, k], B[0, k]) - start_angle[k]) for k in range(2)])
    angle = start_angle + turn * t[..., None]
    length = start_lengths + (lengths - start_lengths) * t[..., None]
    out = np.stack([length * np.cos(angle), length * np.sin(angle)], axis=-2)
    if t.ndim == 0:
        out = np.where(t == 1.0, B, np.where(t == 0.0, S, out))  # exact at both ends
    return out


# ---- linear-map and matrix-product ----


# ---- determinant and eigenvectors ----


__all__ = [
    "MAX_CONDITION",
    "basis_path",
    "coordinates_in_basis",
    "gram_schmidt",
    "projection",
    "rotate_scale_rotate",
    "rotation",
    "singular_pairs",
    "straight_path",
    "svd_path",
    "svd_stage",
]
