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
from dataclasses import dataclass

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


DEPENDENT_RTOL = 1e-10  # a vector whose part off the earlier ones is at most this share of its length is dependent


@dataclass(frozen=True)
class GramSchmidtStep:
    """One step of Gram-Schmidt: what is removed from ``vector`` and what is left.

    ``coefficients[j] = q_j . v`` for the ``k`` directions already finished,
    ``projections[j] = coefficients[j] * q_j`` (shape ``(k, d)``, the pieces
    subtracted), ``residual = v - sum(projections)`` (perpendicular to them),
    ``length = |residual|`` and ``unit = residual / length``, the new ``q``.
    """

    index: int
    vector: np.ndarray
    coefficients: np.ndarray
    projections: np.ndarray
    residual: np.ndarray
    length: float
    unit: np.ndarray


def _orthonormalise(vectors, rtol: float) -> tuple[np.ndarray, np.ndarray]:
    """``(Q, R)`` for the rows of ``vectors``: ``vectors == R.T @ Q``, ``R`` upper triangular."""
    V = np.asarray(vectors, dtype=np.float64)
    if V.ndim != 2 or V.shape[0] == 0 or V.shape[1] == 0:
        raise ValueError(f"vectors must be a (k, d) array with one vector per row, got shape {V.shape}")
    if not np.all(np.isfinite(V)):
        raise ValueError("vectors has entries that are not finite numbers")
    if not 0.0 <= rtol < 1.0:
        raise ValueError(f"rtol must be in [0, 1), got {rtol!r}")
    k_all, d = V.shape
    Q, R = np.zeros_like(V), np.zeros((k_all, k_all))
    for k in range(k_all):
        top = np.abs(V[k]).max()
        if top == 0.0:
            raise ValueError(f"vector {k} is the zero vector: it has no direction to keep")
        w = V[k] / top  # rescaled: squares of tiny entries would underflow
        size = np.linalg.norm(w)
        for _ in range(2):  # twice is enough (Kahan): the second pass removes rounding leftovers
            c = Q[:k] @ w
            w -= Q[:k].T @ c
            R[:k, k] += top * c
        left = np.linalg.norm(w)
        if k >= d or left <= rtol * size:
            raise ValueError(
                f"vector {k} is (nearly) a combination of the vectors before it: what is left after "
                f"removing its projections is {left / size:.3g} of its length, at most the tolerance "
                f"{rtol:g}" if k < d else
                f"vector {k} is a combination of the vectors before it: {d} vectors already span "
                f"the whole {d}-dimensional space")
        Q[k] = w / left
        R[k, k] = top * left
    return Q, R


def gram_schmidt(vectors, rtol: float = DEPENDENT_RTOL) -> np.ndarray:
    """Orthonormal vectors spanning what the rows of ``vectors`` span, built in order.

    ``Q[0]`` points along ``vectors[0]``; each later row is the part of
    ``vectors[k]`` perpendicular to the rows before it, scaled to length 1,
    so it lies on the same side as ``vectors[k]`` (``Q[k] . vectors[k] > 0``).
    The first ``j`` rows of ``Q`` span the same space as the first ``j`` of
    ``vectors``, for every ``j``. For a basis kept as the columns of ``B``,
    ``gram_schmidt(B.T).T`` has the orthonormal basis as columns.

    Parameters
    ----------
    vectors : array_like, shape (k, d)
        One vector per row, ``k <= d`` of them.
    rtol : float
        Relative tolerance: ``vectors[k]`` counts as dependent on the rows
        before it when the part left after removing its projections is at
        most ``rtol`` times its own length (default 1e-10).

    Returns
    -------
    numpy.ndarray, shape (k, d)
        ``Q`` with ``Q @ Q.T == I``.

    Raises
    ------
    ValueError
        Naming the index of the first vector that is zero or (nearly) a
        combination of the ones before it; or for a shape that is not
        ``(k, d)`` or entries that are not finite.

    Examples
    --------
    >>> gram_schmidt([[2.0, 0.0], [-1.0, 1.0]]).round(12).tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    >>> Q = gram_schmidt([[3.0, 4.0, 0.0], [1.0, 0.0, 2.0]])
    >>> Q[0].round(12).tolist(), bool(np.allclose(Q @ Q.T, np.eye(2)))
    ([0.6, 0.8, 0.0], True)
    >>> gram_schmidt([[1.0, 2.0, 0.0], [2.0, 4.0, 0.0]])
    Traceback (most recent call last):
    ...
    ValueError: vector 1 is (nearly) a combination of the vectors before it: what is left after removing its projections is 0 of its length, at most the tolerance 1e-10
    """
    return _orthonormalise(vectors, rtol)[0]


def gram_schmidt_steps(vectors, rtol: float = DEPENDENT_RTOL) -> tuple[list[GramSchmidtStep], np.ndarray]:
    """Each step of :func:`gram_schmidt`, and ``R``: the pieces removed and what was left.

    ``R`` (shape ``(k, k)``, upper triangular, positive diagonal) holds
    ``R[j, k] = q_j . v_k`` above the diagonal and ``R[k, k] = |w_k|``, the
    length left at step ``k``: ``vectors == R.T @ Q``. With the vectors as the
    columns of ``A`` this is ``A = Q R``, the QR factorisation whose ``R`` has a
    positive diagonal (``numpy.linalg.qr`` may return negative entries there,
    with the matching columns of its ``Q`` turned round).

    Parameters
    ----------
    vectors : array_like, shape (k, d)
    rtol : float
        As for :func:`gram_schmidt`.

    Returns
    -------
    steps : list of GramSchmidtStep, one per vector
    R : numpy.ndarray, shape (k, k)

    Examples
    --------
    >>> steps, R = gram_schmidt_steps([[3.0, 0.0, 0.0], [2.0, 2.0, 0.0]])
    >>> s = steps[1]
    >>> s.coefficients.tolist(), s.projections.tolist(), s.residual.tolist(), s.length, s.unit.tolist()
    ([2.0], [[2.0, 0.0, 0.0]], [0.0, 2.0, 0.0], 2.0, [0.0, 1.0, 0.0])
    >>> R.tolist()
    [[3.0, 2.0], [0.0, 2.0]]
    """
    V = np.asarray(vectors, dtype=np.float64)
    Q, R = _orthonormalise(V, rtol)
    steps = []
    for k in range(len(Q)):
        coefficients = R[:k, k].copy()
        steps.append(GramSchmidtStep(index=k, vector=V[k].copy(), coefficients=coefficients,
                                     projections=coefficients[:, None] * Q[:k], residual=R[k, k] * Q[k],
                                     length=float(R[k, k]), unit=Q[k].copy()))
    return steps, R


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


# Linear maps and the matrix product


def _map_matrix(A, what: str = "A") -> np.ndarray:
    A = np.asarray(A, dtype=np.float64)
    if A.shape != (2, 2):
        raise ValueError(f"{what} must be a 2x2 matrix, got shape {A.shape}")
    if not np.all(np.isfinite(A)):
        raise ValueError(f"{what} has entries that are not finite numbers")
    return A


def column_combination(A, x) -> np.ndarray:
    """The steps ``x[k] * A[:, k]`` whose sum is ``A @ x``, as columns.

    A matrix records where the basis vectors land (its columns), so the image
    of ``x = x1 e1 + x2 e2`` is ``x1 a1 + x2 a2``: walk ``x1`` of the first
    column, then ``x2`` of the second, tip to tail.

    Parameters
    ----------
    A : array_like, shape (m, n)
    x : array_like, shape (n,)

    Returns
    -------
    numpy.ndarray, shape (m, n)
        Column ``k`` is ``x[k] * A[:, k]``; the row sums are ``A @ x``.

    Examples
    --------
    >>> legs = column_combination([[1.0, -1.0], [0.5, 1.0]], [2.0, 1.0])
    >>> legs.tolist(), legs.sum(axis=1).tolist()
    ([[2.0, -1.0], [1.0, 1.0]], [1.0, 2.0])
    >>> column_combination([[1.0, 2.0]], [1.0, 2.0, 3.0])
    Traceback (most recent call last):
    ...
    ValueError: x must have 2 entries to match A's 2 columns, got shape (3,)
    """
    A = np.atleast_2d(np.asarray(A, dtype=np.float64))
    x = np.asarray(x, dtype=np.float64)
    if A.ndim != 2 or x.shape != (A.shape[1],):
        raise ValueError(f"x must have {A.shape[1]} entries to match A's {A.shape[1]} columns, got shape {x.shape}")
    if not (np.all(np.isfinite(A)) and np.all(np.isfinite(x))):
        raise ValueError("A and x must have finite entries")
    return A * x


def tip_to_tail(A, x) -> np.ndarray:
    """The corners of the walk ``0, x1 a1, x1 a1 + x2 a2, ...``: the partial sums of
    :func:`column_combination`, shape ``(m, n + 1)``; the last column is ``A @ x``.

    >>> tip_to_tail([[1.0, -1.0], [0.5, 1.0]], [2.0, 1.0]).tolist()
    [[0.0, 2.0, 1.0], [0.0, 1.0, 2.0]]
    """
    legs = column_combination(A, x)
    return np.concatenate([np.zeros((legs.shape[0], 1)), np.cumsum(legs, axis=1)], axis=1)


def column_path(A, t) -> np.ndarray:
    """The matrix at time ``t`` in ``[0, 1]`` of the identity turning into ``A``, column by column.

    Column ``k`` is where ``e_k`` has got to: it turns the shorter way round
    (angle interpolated) and stretches (length interpolated) from ``e_k`` to
    ``A[:, k]``, so a rotation stays a rotation all the way, as the eye
    expects. A zero column has no direction: ``e_k`` shrinks straight to the
    origin. A column pointing exactly opposite ``e_k`` turns clockwise (half a
    turn is ``-pi``, as :func:`_wrap` writes it).

    Parameters
    ----------
    A : array_like, shape (2, 2)
    t : float or array_like, shape (n,)
        Clipped to ``[0, 1]``; exactly the identity at 0 and ``A`` at 1.

    Returns
    -------
    numpy.ndarray, shape (2, 2), or (n, 2, 2) for an array ``t``

    Examples
    --------
    >>> quarter = [[0.0, -1.0], [1.0, 0.0]]
    >>> M = column_path(quarter, 0.5)
    >>> bool(np.allclose(M, rotation(np.pi / 4)))
    True
    >>> column_path([[1.0, 1.0], [0.0, 1.0]], 1.0).tolist()
    [[1.0, 1.0], [0.0, 1.0]]
    >>> column_path([[2.0, 0.0], [0.0, 0.0]], 0.5).round(12).tolist()  # e2 shrinks straight to 0
    [[1.5, 0.0], [0.0, 0.5]]
    """
    A = _map_matrix(A)
    t = np.clip(np.asarray(t, dtype=np.float64), 0.0, 1.0)
    lengths = np.hypot(A[0], A[1])
    turn = np.array([_wrap(math.atan2(A[1, k], A[0, k]) - k * math.pi / 2) if lengths[k] > 0 else 0.0
                     for k in range(2)])
    angle = np.array([0.0, math.pi / 2]) + turn * t[..., None]
    length = 1.0 + (lengths - 1.0) * t[..., None]
    out = np.stack([length * np.cos(angle), length * np.sin(angle)], axis=-2)
    ends = t[..., None, None]
    return np.where(ends == 1.0, A, np.where(ends == 0.0, np.eye(2), out))  # exact at both ends


def composed_path(A, B, t) -> np.ndarray:
    """The matrix at time ``t`` in ``[0, 2]`` of "B, then A": ``column_path(B, t)`` up to
    ``t = 1``, then ``column_path(A, t - 1) @ B``: the grid B made, carried by A on its way.

    It ends at ``A @ B``: two maps one after the other are the one map ``AB``.

    Parameters
    ----------
    A, B : array_like, shape (2, 2)
    t : float or array_like, shape (n,)

    Returns
    -------
    numpy.ndarray, shape (2, 2), or (n, 2, 2)

    Examples
    --------
    >>> A, B = [[0.0, -1.0], [1.0, 0.0]], [[1.0, 1.0], [0.0, 1.0]]
    >>> composed_path(A, B, 1.0).tolist(), composed_path(A, B, 2.0).tolist()
    ([[1.0, 1.0], [0.0, 1.0]], [[0.0, -1.0], [1.0, 1.0]])
    """
    A, B = _map_matrix(A, "A"), _map_matrix(B, "B")
    t = np.clip(np.asarray(t, dtype=np.float64), 0.0, 2.0)
    first = column_path(B, np.minimum(t, 1.0))
    second = column_path(A, np.maximum(t - 1.0, 0.0)) @ B
    return np.where((t <= 1.0)[..., None, None], first, second)


def product_terms(A, B) -> np.ndarray:
    """Every product ``A[i, k] * B[k, j]``: ``terms[i, j, k]``; summed over ``k`` they are ``A @ B``.

    Entry ``(i, j)`` of the product is row ``i`` of ``A`` against column
    ``j`` of ``B``: ``terms[i, j]`` are the pieces of that dot product, in
    order, and ``terms.sum(axis=-1)`` the product itself (added left to
    right, as a reader adds them on screen).

    Parameters
    ----------
    A : array_like, shape (m, n)
    B : array_like, shape (n, p)

    Returns
    -------
    numpy.ndarray, shape (m, p, n)

    Examples
    --------
    >>> terms = product_terms([[1.0, -1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]])
    >>> terms[1, 0].tolist(), terms.sum(axis=-1).tolist()
    ([1.0, 1.0], [[0.0, -1.0], [2.0, 1.0]])
    >>> product_terms([[1.0, 2.0]], [[1.0, 2.0]])
    Traceback (most recent call last):
    ...
    ValueError: A has 2 columns but B has 1 rows: the product AB needs them equal
    """
    A, B = np.asarray(A, dtype=np.float64), np.asarray(B, dtype=np.float64)
    if A.ndim != 2 or B.ndim != 2:
        raise ValueError(f"A and B must be matrices, got shapes {A.shape} and {B.shape}")
    if A.shape[1] != B.shape[0]:
        raise ValueError(f"A has {A.shape[1]} columns but B has {B.shape[0]} rows: the product AB needs them equal")
    if not (np.all(np.isfinite(A)) and np.all(np.isfinite(B))):
        raise ValueError("A and B must have finite entries")
    return A[:, None, :] * B.T[None, :, :]


def matrix_product(A, B) -> np.ndarray:
    """``A @ B`` as the sums of :func:`product_terms`, so each entry is exactly the sum shown.

    >>> matrix_product([[0.0, -1.0], [1.0, 0.0]], [[1.0, 1.0], [0.0, 1.0]]).tolist()
    [[0.0, -1.0], [1.0, 1.0]]
    """
    terms = product_terms(A, B)
    out = terms[..., 0].copy()
    for k in range(1, terms.shape[-1]):
        out += terms[..., k]
    return out


def commute(A, B, rtol: float = 1e-12) -> bool:
    """Do ``AB`` and ``BA`` agree, to rounding (``rtol`` times the size of the products)?

    >>> commute([[0.0, -1.0], [1.0, 0.0]], [[1.0, 1.0], [0.0, 1.0]])
    False
    >>> commute([[0.0, -1.0], [1.0, 0.0]], [[2.0, 0.0], [0.0, 2.0]])
    True
    """
    AB, BA = matrix_product(A, B), matrix_product(B, A)
    size = max(float(np.abs(AB).max()), float(np.abs(BA).max()), 1e-300)
    return bool(np.abs(AB - BA).max() <= rtol * size)


def projection_matrix(u) -> np.ndarray:
    """The matrix of the orthogonal projection onto the line spanned by ``u``: ``u u^T / (u . u)``.

    Its columns are where ``e1`` and ``e2`` land: both on the line.

    >>> projection_matrix([1.0, 1.0]).tolist()
    [[0.5, 0.5], [0.5, 0.5]]
    >>> projection_matrix([0.0, 0.0])
    Traceback (most recent call last):
    ...
    ValueError: cannot project onto the zero vector
    """
    u = np.asarray(u, dtype=np.float64)
    uu = float(u @ u)
    if uu == 0.0:
        raise ValueError("cannot project onto the zero vector")
    return np.outer(u, u) / uu


# The determinant and eigenvectors

UNIT_SQUARE = np.array([[0.0, 1.0, 1.0, 0.0], [0.0, 0.0, 1.0, 1.0]])  # corners, anticlockwise, as columns
REPEATED_GAP = 1e-7  # eigenvalues closer than this (relative to the largest entry) count as one


def _det_eig_matrix(A, what: str) -> np.ndarray:
    A = np.asarray(A, dtype=np.float64)
    if A.shape != (2, 2):
        raise ValueError(f"{what} needs a 2x2 matrix, got shape {A.shape}")
    if not np.all(np.isfinite(A)):
        raise ValueError(f"{what}: the matrix has entries that are not finite numbers")
    return A


def parallelogram_area(A) -> float:
    """The signed area of the image of the unit square under ``A``: the determinant, by the shoelace.

    The square's corners 0, e1, e1 + e2, e2 go anticlockwise; their images
    0, a1, a1 + a2, a2 (``a1``, ``a2`` the columns of ``A``) still go
    anticlockwise when ``A`` keeps the orientation, and clockwise when it
    flips it, which makes the shoelace sum negative. It is 0 exactly when the
    square is flattened onto a line or a point.

    Parameters
    ----------
    A : array_like, shape (2, 2)

    Returns
    -------
    float

    Examples
    --------
    >>> parallelogram_area([[2.0, 1.0], [0.5, 1.5]])
    2.5
    >>> parallelogram_area([[0.0, 1.0], [1.0, 0.0]])  # a mirror: e1 and e2 trade places
    -1.0
    >>> parallelogram_area([[1.0, 2.0], [2.0, 4.0]])  # rank one: flat
    0.0
    """
    A = _det_eig_matrix(A, "parallelogram_area")
    x, y = A @ UNIT_SQUARE
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def swing_path(A, t) -> np.ndarray:
    """``A`` with its second column swung across the first, at time ``t`` in ``[0, 1]``.

    The second column ``a2`` turns at constant length towards the first
    column ``a1``, lies along it at ``t = 1/2`` and ends at its mirror image
    in ``a1``'s line. The signed area is
    ``det A * sin(theta (1 - 2t)) / sin(theta)``, ``theta`` the angle from
    ``a1`` to ``a2``: it is 0 only at ``t = 1/2``, where the whole plane is
    squashed onto the line of ``a1``, and ends at ``-det A``.

    Parameters
    ----------
    A : array_like, shape (2, 2)
        Invertible: both columns nonzero and not parallel.
    t : float or array_like, shape (n,)

    Returns
    -------
    numpy.ndarray, shape (2, 2), or (n, 2, 2) for an array ``t``

    Examples
    --------
    >>> swing_path(np.eye(2), 0.5).round(12).tolist()  # e2 lies along e1
    [[1.0, 1.0], [0.0, 0.0]]
    >>> swing_path([[2.0, 1.0], [0.5, 1.5]], 1.0).round(12).tolist()
    [[2.0, 1.588235294118], [0.5, -0.852941176471]]
    >>> swing_path([[1.0, 2.0], [2.0, 4.0]], 0.5)
    Traceback (most recent call last):
    ...
    ValueError: swing_path needs an invertible matrix: with det A = 0 there is no area to swing through zero
    """
    A = _det_eig_matrix(A, "swing_path")
    if parallelogram_area(A) == 0.0:
        raise ValueError("swing_path needs an invertible matrix: with det A = 0 there is no area to swing through zero")
    a1, a2 = A[:, 0], A[:, 1]
    theta = math.atan2(a1[0] * a2[1] - a1[1] * a2[0], float(a1 @ a2))  # from a1 to a2, in (-pi, pi)
    t = np.asarray(t, dtype=np.float64)
    turned = rotation(-2.0 * theta * t) @ a2
    out = np.empty(t.shape + (2, 2))
    out[..., :, 0] = a1
    out[..., :, 1] = turned
    return out


class EigenDirections(tuple):
    """``(values, vectors, kind)`` of :func:`eigen_directions`, also as attributes."""

    __slots__ = ()

    def __new__(cls, values, vectors, kind):
        return super().__new__(cls, (values, vectors, kind))

    values = property(lambda self: self[0])
    vectors = property(lambda self: self[1])
    kind = property(lambda self: self[2])

    def __repr__(self):
        return f"EigenDirections(values={self.values.tolist()}, vectors={self.vectors.tolist()}, kind={self.kind!r})"


def _null_direction(N: np.ndarray) -> np.ndarray:
    """A unit vector ``v`` with ``N v`` about 0, for a 2x2 ``N`` of rank one: at a right angle to
    its longer row (the shorter one is a multiple of it, up to rounding)."""
    row = N[int(np.argmax(np.hypot(N[:, 0], N[:, 1])))]
    v = np.array([-row[1], row[0]])
    v /= np.hypot(*v)
    # one of the two unit vectors on the line, always the same one: pointing right (or up)
    v = -v if (v[0] < 0 or (v[0] == 0 and v[1] < 0)) else v
    return v + 0.0  # never -0.0


def eigen_directions(A) -> EigenDirections:
    """The real eigenvalues of a 2x2 ``A`` and the lines it maps onto themselves.

    ``kind`` says which of the four cases a real 2x2 matrix falls in:

    ``"distinct"``
        two real eigenvalues ``values[0] > values[1]``, each with its own line;
    ``"repeated"``
        one eigenvalue, twice, and only one line: a defective matrix such as
        a shear (``values`` and ``vectors`` have one entry);
    ``"scalar"``
        ``A = lambda I``: every line is kept; ``values`` holds ``lambda``
        twice and ``vectors`` the standard basis (any basis would do);
    ``"complex"``
        complex eigenvalues: every vector turns off its line (a rotation);
        ``values`` and ``vectors`` are empty.

    Eigenvalues count as repeated when they differ by at most
    ``2 * REPEATED_GAP`` times the largest entry of ``A`` (``REPEATED_GAP`` =
    1e-7), that is when ``(tr A / 2)^2 - det A`` is within
    ``(REPEATED_GAP * max|A|)^2`` of 0; then ``A`` counts as scalar when no
    entry of ``A - lambda I`` is larger than ``REPEATED_GAP * max|A|``.
    Rounding a truly repeated eigenvalue moves it by about the square root
    of the machine epsilon, 1.5e-8, which this gap absorbs.

    Parameters
    ----------
    A : array_like, shape (2, 2)

    Returns
    -------
    EigenDirections
        ``values``: numpy.ndarray, shape (k,); ``vectors``: numpy.ndarray,
        shape (k, 2), unit eigenvectors as rows, ``A @ vectors[i] ==
        values[i] * vectors[i]``, each pointing right (or straight up);
        ``kind``: str. ``k`` is 2, 1, 2 or 0 for the four kinds.

    Examples
    --------
    >>> e = eigen_directions([[1.0, 1.0], [0.5, 1.5]])
    >>> e.kind, e.values.tolist(), e.vectors.round(6).tolist()
    ('distinct', [2.0, 0.5], [[0.707107, 0.707107], [0.894427, -0.447214]])
    >>> e = eigen_directions([[1.0, 1.0], [0.0, 1.0]])  # a shear
    >>> e.kind, e.values.tolist(), e.vectors.tolist()
    ('repeated', [1.0], [[1.0, 0.0]])
    >>> eigen_directions([[2.0, 0.0], [0.0, 2.0]]).kind, eigen_directions([[0.0, -1.0], [1.0, 0.0]]).kind
    ('scalar', 'complex')
    """
    A = _det_eig_matrix(A, "eigen_directions")
    size = float(np.abs(A).max())
    if size == 0.0:
        return EigenDirections(np.zeros(2), np.eye(2), "scalar")
    B = A / size  # entries within [-1, 1]: no overflow in the squares below
    (a, b), (c, d) = B
    half_trace, half_gap = (a + d) / 2, (a - d) / 2
    disc = half_gap * half_gap + b * c  # (tr/2)^2 - det, without the cancellation of that form
    tol = REPEATED_GAP
    if disc < -tol * tol:
        return EigenDirections(np.zeros(0), np.zeros((0, 2)), "complex")
    if disc <= tol * tol:
        lam = half_trace
        N = B - lam * np.eye(2)
        if np.abs(N).max() <= tol:
            return EigenDirections(np.full(2, lam * size), np.eye(2), "scalar")
        return EigenDirections(np.array([lam * size]), _null_direction(N)[None, :], "repeated")
    root = math.sqrt(disc)
    big = half_trace + math.copysign(root, half_trace)  # no cancellation in the larger one...
    small = (a * d - b * c) / big if big != 0.0 else half_trace - root  # ...and the other from det = big * small
    values = np.array(sorted((big, small), reverse=True))
    vectors = np.array([_null_direction(B - lam * np.eye(2)) for lam in values])
    return EigenDirections(values * size, vectors, "distinct")


__all__ = [
    "MAX_CONDITION",
    "basis_path",
    "column_combination",
    "column_path",
    "commute",
    "composed_path",
    "matrix_product",
    "product_terms",
    "projection_matrix",
    "tip_to_tail",
    "coordinates_in_basis",
    "EigenDirections",
    "eigen_directions",
    "parallelogram_area",
    "REPEATED_GAP",
    "swing_path",
    "UNIT_SQUARE",
    "DEPENDENT_RTOL",
    "GramSchmidtStep",
    "gram_schmidt",
    "gram_schmidt_steps",
    "projection",
    "rotate_scale_rotate",
    "rotation",
    "singular_pairs",
    "straight_path",
    "svd_path",
    "svd_stage",
]
