"""Gradients, gradient ascent and descent, and level sets of functions of several variables.

Two conventions for a function of ``d`` variables are accepted everywhere here:

- vectorised: points of shape ``(..., d)`` to values of shape ``(...)`` (the
  last axis holds the coordinates), so one call evaluates a whole batch, e.g.
  ``lambda p: p[..., 0] ** 2 * p[..., 1]``; the scenes use these;
- a plain function of one point, ``(d,)`` to a number, scipy.optimize's
  convention, e.g. ``lambda p: -(p[0] - 1)**2 - 2*(p[1] + 0.5)**2``.

:func:`evaluate` is the one place that tells them apart and calls ``f`` on many
points either way. A parsed expression takes one array per variable instead;
wrap it with :func:`vector_function` to get the vectorised convention.

>>> from mathviz.core.expr import parse_function
>>> f = vector_function(parse_function("x^2 + 3y", ("x", "y")))
>>> f(np.array([2.0, 1.0])).item()
7.0
>>> numerical_gradient(f, [2.0, 1.0]).round(6).tolist()
[4.0, 3.0]
>>> numerical_gradient(lambda p: p[0] ** 2 + 3 * p[1], [2.0, 1.0]).round(6).tolist()
[4.0, 3.0]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

VectorFunction = Callable[[np.ndarray], np.ndarray]

#: The relative step of central differences: about the cube root of machine
#: epsilon balances truncation error (h**2) against rounding error (eps / h).
CENTRAL_STEP = np.finfo(float).eps ** (1 / 3)


def vector_function(expression) -> VectorFunction:
    """Adapt a callable taking one array per variable to the ``(..., d) -> (...)`` convention.

    ``expression`` is typically a :class:`mathviz.core.expr.Expression` made by
    ``parse_function(text, ("x", "y"))``: coordinate ``i`` of the points goes to
    the ``i``-th variable.

    >>> from mathviz.core.expr import parse_function
    >>> g = vector_function(parse_function("x*y", ("x", "y")))
    >>> g(np.array([[1.0, 2.0], [3.0, 4.0]])).tolist()
    [2.0, 12.0]
    """

    def f(points):
        points = np.asarray(points, dtype=np.float64)
        return np.asarray(expression(*np.moveaxis(points, -1, 0)), dtype=np.float64)

    f.expression = expression
    return f


def _as_batch(values, n: int) -> np.ndarray | None:
    values = np.asarray(values, dtype=np.float64)
    return values if values.shape == (n,) else None


def evaluate(f: VectorFunction, points) -> np.ndarray:
    """``f`` at every point of ``points`` ``(..., d)``: values of shape ``(...)``, float.

    ``f`` may be vectorised or a plain function of one point (see the module's
    docstring); this is the one place that tells them apart. The batch is
    flattened to ``(n, d)`` (one row more, a copy of the first, when ``n == d``,
    so that ``p[0]`` of a point function cannot pass for a column) and ``f`` is
    called on it once. The result is taken as vectorised only when it has shape
    ``(n,)`` and its first and last values equal ``f`` called on those points
    alone; otherwise (a wrong shape, an exception, other values) ``f`` is
    called point by point. One point ``(d,)`` is a single call, the same in
    both conventions. Values are not checked for finiteness.

    >>> pts = np.array([[1.0, 2.0], [3.0, 4.0], [0.0, 1.0]])
    >>> evaluate(lambda p: p[..., 0] * p[..., 1], pts).tolist()        # vectorised
    [2.0, 12.0, 0.0]
    >>> evaluate(lambda p: p[0] * p[1], pts).tolist()                  # one point at a time
    [2.0, 12.0, 0.0]
    >>> evaluate(lambda p: float(p @ p), pts[:2]).tolist()             # square batch, scalar-only f
    [5.0, 25.0]
    >>> evaluate(lambda p: p[0] * p[1], [2.0, 5.0]).item()
    10.0
    """
    points = np.asarray(points, dtype=np.float64)
    if points.ndim == 0:
        raise ValueError("evaluate: points must have shape (d,) or (..., d)")
    if points.ndim == 1:
        return np.asarray(f(points), dtype=np.float64).reshape(())
    shape, d = points.shape[:-1], points.shape[-1]
    flat = points.reshape(-1, d)
    n = len(flat)
    if n == 0:
        return np.zeros(shape)
    probe = np.vstack([flat, flat[:1]]) if n == d else flat
    with np.errstate(all="ignore"):
        try:
            values = _as_batch(f(probe), len(probe))
        except Exception:  # noqa: BLE001 - a point function indexing a batch can fail in any way
            values = None
        if values is not None:
            ends = [0, n - 1]
            alone = np.array([np.asarray(f(flat[i]), dtype=np.float64).reshape(()) for i in ends])
            if not np.allclose(values[ends], alone, rtol=1e-9, atol=1e-12, equal_nan=True):
                values = None
        if values is None:
            values = np.array([np.asarray(f(p), dtype=np.float64).reshape(()) for p in flat])
    return values[:n].reshape(shape)


def _steps(x: np.ndarray, h) -> np.ndarray:
    if h is None:
        return CENTRAL_STEP * np.maximum(1.0, np.abs(x))
    h = np.broadcast_to(np.asarray(h, dtype=np.float64), x.shape)
    if np.any(h <= 0) or not np.all(np.isfinite(h)):
        raise ValueError("numerical_gradient: the step h must be positive and finite")
    return h


def numerical_gradient(f: VectorFunction, x, h=None) -> np.ndarray:
    """The gradient of ``f`` at ``x`` by central differences.

    Parameters
    ----------
    f
        Vectorised function, points ``(..., d)`` to values ``(...)``, or a
        function of one point (see :func:`evaluate`).
    x
        One point, shape ``(d,)``, or many, shape ``(..., d)``.
    h
        Step per coordinate (a scalar or broadcastable to ``x``). By default
        ``CENTRAL_STEP * max(1, |x_i|)``, which gives about 10 correct digits
        for smooth ``f``.

    Returns
    -------
    ndarray, the shape of ``x``
        ``[(f(x + h_i e_i) - f(x - h_i e_i)) / (2 h_i)]_i``; ``nan`` where
        ``f`` is not finite around ``x``.

    >>> f = lambda p: p[..., 0] ** 2 * p[..., 1]
    >>> numerical_gradient(f, [3.0, 2.0]).round(6).tolist()
    [12.0, 9.0]
    >>> numerical_gradient(f, [[1.0, 1.0], [0.0, 5.0]]).round(6).tolist()
    [[2.0, 1.0], [0.0, 0.0]]
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 0:
        raise ValueError("numerical_gradient: x must be a vector (shape (d,)) or a batch (..., d)")
    h = _steps(x, h)
    d = x.shape[-1]
    shifts = np.eye(d)[:, None, :] * h.reshape(-1, d)[None, :, :]  # (d, n, d)
    base = x.reshape(-1, d)[None, :, :]
    with np.errstate(all="ignore"):
        up = evaluate(f, base + shifts)  # (d, n)
        down = evaluate(f, base - shifts)
        grad = (up - down).T / (2 * h.reshape(-1, d))
    return grad.reshape(x.shape)


def numerical_hessian(f: VectorFunction, x, h: float | None = None) -> np.ndarray:
    """The ``(d, d)`` Hessian of ``f`` at the point ``x`` (shape ``(d,)``), symmetrised.

    Central differences of the numerical gradient, with a step of about the
    fourth root of machine epsilon.

    >>> f = lambda p: -(2 * p[..., 0] ** 2 + p[..., 0] * p[..., 1] + 3 * p[..., 1] ** 2)
    >>> numerical_hessian(f, [0.5, -1.0]).round(5).tolist()
    [[-4.0, -1.0], [-1.0, -6.0]]
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError("numerical_hessian: x must be one point, shape (d,)")
    d = x.size
    step = (np.finfo(float).eps ** 0.25) * max(1.0, float(np.abs(x).max())) if h is None else float(h)
    shifts = np.eye(d) * step
    g = numerical_gradient(f, np.concatenate([x + shifts, x - shifts]))  # (2d, d)
    hess = (g[:d] - g[d:]) / (2 * step)
    return (hess + hess.T) / 2


def stability_limit(f: VectorFunction, x, flat: float = 1e-6) -> float:
    """``2 / L`` where ``L`` is the largest curvature ``|eigenvalue|`` of the Hessian at ``x``.

    Near a maximum ``x*`` gradient ascent behaves like ``x - x* <- (I + eta H)(x - x*)``:
    it settles there only when every ``|1 + eta lambda_i| < 1``, that is when
    the learning rate ``eta`` is below ``2 / L``. Returns ``inf`` where ``f`` is
    flat: curvatures under ``flat`` are the rounding noise of the finite
    differences (about 1e-8 for a plane), not curvature.

    >>> stability_limit(lambda p: -(p ** 2).sum(axis=-1), [0.0, 0.0])  # L = 2
    1.0
    >>> stability_limit(lambda p: 3 * p[..., 0] - p[..., 1], [0.5, 0.5])  # a plane
    inf
    """
    eig = np.linalg.eigvalsh(numerical_hessian(f, x))
    curvature = float(np.abs(eig).max())
    return float(round(2.0 / curvature, 10)) if curvature > flat else float("inf")


# -- partial derivatives, directional derivatives, the second-derivative test ---------------


def partial_derivatives(f: VectorFunction, point) -> np.ndarray:
    """``(df/dx_1, ..., df/dx_d)`` at one point ``(d,)``: the gradient, by central differences.

    The ``i``-th entry is the slope of the curve cut from the graph of ``f`` by
    holding every other coordinate at ``point``'s value. ``f`` follows either
    convention (see :func:`evaluate`).

    >>> partial_derivatives(lambda p: p[0] ** 2 * p[1] + p[1], [1.0, 3.0]).round(6).tolist()
    [6.0, 2.0]
    """
    x = np.asarray(point, dtype=np.float64)
    if x.ndim != 1 or x.size == 0 or not np.all(np.isfinite(x)):
        raise ValueError(f"partial_derivatives: point must be a finite vector of shape (d,), got {point!r}")
    return numerical_gradient(f, x)


def unit_vector(direction) -> np.ndarray:
    """``direction / |direction|``; a zero or non-finite direction is a ``ValueError``.

    >>> unit_vector([3.0, 4.0]).tolist()
    [0.6, 0.8]
    """
    u = np.asarray(direction, dtype=np.float64)
    norm = float(np.linalg.norm(u)) if u.ndim == 1 and u.size else float("nan")
    if not (np.isfinite(norm) and norm > 0):
        raise ValueError(f"the direction must be a non-zero finite vector, got {np.asarray(direction).tolist()!r}")
    return u / norm


def directional_derivative(f: VectorFunction, point, direction) -> float:
    """The rate of change of ``f`` at ``point`` ``(d,)`` along ``direction`` ``(d,)``: ``grad f . u``.

    ``direction`` is normalised first (``u = direction / |direction|``), so only
    its direction counts; a zero direction is a ``ValueError``. The largest
    value over all ``u`` is ``|grad f|``, along the gradient itself.

    >>> f = lambda p: p[0] ** 2 + 3 * p[1]            # gradient (4, 3) at (2, 1)
    >>> round(directional_derivative(f, [2.0, 1.0], [1.0, 0.0]), 6)
    4.0
    >>> round(directional_derivative(f, [2.0, 1.0], [4.0, 3.0]), 6)  # along the gradient: |grad f| = 5
    5.0
    """
    g = partial_derivatives(f, point)
    u = unit_vector(direction)
    if u.shape != g.shape:
        raise ValueError(f"directional_derivative: the direction has {u.size} coordinates, the point {g.size}")
    return float(g @ u)


def directional_derivatives(f: VectorFunction, point, angles) -> np.ndarray:
    """``grad f(point) . (cos a, sin a)`` for every angle ``a`` (radians) of ``angles``: a function of
    the plane turned once around. Shape of ``angles``.

    >>> f = lambda p: p[0] ** 2 + 3 * p[1]
    >>> directional_derivatives(f, [2.0, 1.0], [0.0, np.pi / 2]).round(6).tolist()
    [4.0, 3.0]
    """
    g = partial_derivatives(f, point)
    if g.shape != (2,):
        raise ValueError("directional_derivatives: angles describe directions of the plane: point must be (2,)")
    a = np.asarray(angles, dtype=np.float64)
    return g[0] * np.cos(a) + g[1] * np.sin(a)


#: Gradients shorter than this (relative to ``max(1, |f(point)|)``) count as zero.
CRITICAL_TOL = 1e-6
#: Eigenvalues within ``EIGEN_TOL * max(1, largest |eigenvalue|)`` of zero count as zero: the
#: numerical Hessian is good to about 1e-7 of that scale, so anything smaller is rounding.
EIGEN_TOL = 1e-5
KINDS = ("minimum", "maximum", "saddle", "degenerate")


@dataclass(frozen=True)
class CriticalPoint:
    """What the second-derivative test sees at a critical point.

    ``point`` ``(d,)``, ``value`` ``f(point)``, ``gradient`` ``(d,)`` (numerically zero),
    ``hessian`` ``(d, d)``, its ``eigenvalues`` ``(d,)`` ascending and ``eigenvectors``
    ``(d, d)`` (column ``i`` belongs to eigenvalue ``i``, as ``numpy.linalg.eigh``
    returns them), and ``kind``, one of :data:`KINDS`.
    """

    point: np.ndarray
    value: float
    gradient: np.ndarray
    hessian: np.ndarray
    eigenvalues: np.ndarray
    eigenvectors: np.ndarray
    kind: str


def kind_of(eigenvalues, tol: float = EIGEN_TOL) -> str:
    """The second-derivative test on the Hessian's eigenvalues.

    Some positive and some negative: ``"saddle"`` (f rises along one eigenvector
    and falls along another). Otherwise any eigenvalue within
    ``tol * max(1, max |eigenvalue|)`` of zero: ``"degenerate"`` (the test is
    silent; higher derivatives decide). Otherwise all positive: ``"minimum"``,
    all negative: ``"maximum"``.

    >>> kind_of([1.0, 2.0]), kind_of([-3.0, -0.5]), kind_of([-1.0, 2.0]), kind_of([0.0, 2.0])
    ('minimum', 'maximum', 'saddle', 'degenerate')
    """
    lam = np.asarray(eigenvalues, dtype=np.float64)
    zero = tol * max(1.0, float(np.abs(lam).max()))
    if np.any(lam > zero) and np.any(lam < -zero):
        return "saddle"
    if np.any(np.abs(lam) <= zero):
        return "degenerate"
    return "minimum" if np.all(lam > 0) else "maximum"


def critical_point(f: VectorFunction, point, tol: float = CRITICAL_TOL) -> CriticalPoint:
    """The second-derivative test at ``point`` ``(d,)``, which must be critical.

    ``|grad f(point)|`` above ``tol * max(1, |f(point)|)`` is a ``ValueError``
    saying how large it is; so is an ``f`` that is not finite there. The Hessian
    is :func:`numerical_hessian`; the kind is :func:`kind_of` its eigenvalues.

    >>> cp = critical_point(lambda p: p[0] ** 2 - 3 * p[1] ** 2, [0.0, 0.0])
    >>> cp.kind, cp.eigenvalues.round(6).tolist()
    ('saddle', [-6.0, 2.0])
    """
    x = np.asarray(point, dtype=np.float64)
    if x.ndim != 1 or x.size == 0 or not np.all(np.isfinite(x)):
        raise ValueError(f"the point must be a finite vector of shape (d,), got {point!r}")
    value = float(evaluate(f, x))
    g = numerical_gradient(f, x)
    if not (np.isfinite(value) and np.all(np.isfinite(g))):
        raise ValueError(f"f is not finite (or not differentiable) at {x.tolist()}")
    size = float(np.linalg.norm(g))
    if size > tol * max(1.0, abs(value)):
        raise ValueError(f"{x.tolist()} is not a critical point: |grad f| = {size:.3g} there, not 0 "
                         f"(grad f = {np.round(g, 4).tolist()})")
    hess = numerical_hessian(f, x)
    if not np.all(np.isfinite(hess)):
        raise ValueError(f"the Hessian of f is not finite at {x.tolist()}")
    lam, vecs = np.linalg.eigh(hess)
    return CriticalPoint(x, value, g, hess, lam, vecs, kind_of(lam))


def classify_critical_point(f: VectorFunction, point, tol: float = CRITICAL_TOL) -> str:
    """``"minimum"``, ``"maximum"``, ``"saddle"`` or ``"degenerate"`` at a critical ``point``.

    By the signs of the numerical Hessian's eigenvalues (:func:`kind_of`, eigenvalues
    within ``EIGEN_TOL`` times the largest, or 1, count as zero). A point whose gradient
    is larger than ``tol * max(1, |f|)`` is a ``ValueError`` that says how large.

    >>> classify_critical_point(lambda p: (p ** 2).sum(axis=-1), [0.0, 0.0])
    'minimum'
    >>> classify_critical_point(lambda p: -p[0] ** 2 - p[1] ** 2, [0.0, 0.0])
    'maximum'
    >>> classify_critical_point(lambda p: p[0] ** 2 + p[1] ** 4, [0.0, 0.0])
    'degenerate'
    >>> classify_critical_point(lambda p: p[0] ** 2, [1.0, 0.0])
    Traceback (most recent call last):
    ...
    ValueError: [1.0, 0.0] is not a critical point: |grad f| = 2 there, not 0 (grad f = [2.0, 0.0])
    """
    return critical_point(f, point, tol).kind


def quadratic_model(f: VectorFunction, point) -> VectorFunction:
    """The second-order Taylor model of ``f`` at ``point`` ``(d,)``, a vectorised function:
    ``q(p) = f(x) + grad f(x) . (p - x) + (p - x)^T H (p - x) / 2``.

    ``q.value``, ``q.gradient`` and ``q.hessian`` hold the three pieces.

    >>> q = quadratic_model(lambda p: np.exp(p[0]) + p[1] ** 2, [0.0, 0.0])
    >>> q(np.array([[0.0, 0.0], [1.0, 1.0]])).round(5).tolist()    # 1 + x + x^2/2 + y^2
    [1.0, 3.5]
    """
    x = np.asarray(point, dtype=np.float64)
    value, grad, hess = float(evaluate(f, x)), partial_derivatives(f, x), numerical_hessian(f, x)

    def q(points):
        dp = np.asarray(points, dtype=np.float64) - x
        return value + dp @ grad + 0.5 * np.einsum("...i,ij,...j->...", dp, hess, dp)

    q.value, q.gradient, q.hessian = value, grad, hess
    return q


@dataclass(frozen=True)
class AscentResult:
    """The iterates of one gradient ascent (or descent) run.

    Attributes
    ----------
    points
        ``(k + 1, d)``: ``x_0`` then every accepted iterate; always finite.
    values
        ``(k + 1,)``: ``f`` at each point (the original ``f``, also for descent).
    gradients
        ``(k + 1, d)``: the gradient of ``f`` at each point (the step from
        ``points[i]`` is ``±learning_rate * gradients[i]``).
    learning_rate
        The step size used.
    converged
        The gradient norm at the last point fell below ``tol``.
    diverged
        The run stopped because the next iterate was not finite, ``f`` was
        not finite there, or it blew up: ``|x - x_0| > blowup * (1 + |x_0|)``
        or ``|f(x) - f(x_0)| > blowup * (1 + |f(x_0)|)``. That iterate is not
        in ``points``.
    """

    points: np.ndarray
    values: np.ndarray
    gradients: np.ndarray
    learning_rate: float
    converged: bool
    diverged: bool

    @property
    def steps(self) -> int:
        """How many steps were taken (``len(points) - 1``)."""
        return len(self.points) - 1

    @property
    def step_vectors(self) -> np.ndarray:
        """``(k, d)``: ``points[i + 1] - points[i]``."""
        return np.diff(self.points, axis=0)


def _ascend(f, x0, learning_rate, steps, grad, tol, blowup, sign) -> AscentResult:
    x = np.array(x0, dtype=np.float64)
    if x.ndim != 1 or x.size == 0:
        raise ValueError("x0 must be a vector of shape (d,)")
    if not np.all(np.isfinite(x)):
        raise ValueError("x0 must be finite")
    if not (np.isfinite(learning_rate) and learning_rate > 0):
        raise ValueError(f"learning_rate must be a positive number, got {learning_rate!r}")
    if int(steps) != steps or steps < 0:
        raise ValueError(f"steps must be a whole number >= 0, got {steps!r}")
    gradient = grad if grad is not None else (lambda p: numerical_gradient(f, p))

    def value(p):
        return float(evaluate(f, p))

    def grad_at(p):
        return np.asarray(gradient(p), dtype=np.float64).reshape(x.shape)

    f0 = value(x)
    if not np.isfinite(f0):
        raise ValueError(f"f is not finite at x0 = {x.tolist()}")
    points, values, grads = [x], [f0], [grad_at(x)]
    x_scale, f_scale = blowup * (1 + np.linalg.norm(x)), blowup * (1 + abs(f0))
    converged = diverged = False
    for _ in range(int(steps) + 1):
        g = grads[-1]
        if not np.all(np.isfinite(g)):
            diverged = True
            break
        if np.linalg.norm(g) < tol:
            converged = True
            break
        if len(points) > steps:
            break
        with np.errstate(all="ignore"):
            nxt = points[-1] + sign * learning_rate * g
            fn = value(nxt) if np.all(np.isfinite(nxt)) else np.nan
        if (not np.isfinite(fn) or np.linalg.norm(nxt - x) > x_scale or abs(fn - f0) > f_scale):
            diverged = True
            break
        points.append(nxt)
        values.append(fn)
        grads.append(grad_at(nxt))
    if diverged and not np.all(np.isfinite(grads[-1])):
        grads[-1] = np.full_like(x, np.nan)
    return AscentResult(np.array(points), np.array(values), np.array(grads),
                        float(learning_rate), converged, diverged)


def gradient_ascent(f: VectorFunction, x0, *, learning_rate: float, steps: int,
                    grad: VectorFunction | None = None, tol: float = 1e-6,
                    blowup: float = 1e8) -> AscentResult:
    """Climb ``f`` from ``x0``: ``x_{k+1} = x_k + learning_rate * grad f(x_k)``.

    Parameters
    ----------
    f
        Vectorised function, points ``(..., d)`` to values ``(...)``, or a
        function of one point (see :func:`evaluate`).
    x0
        Starting point, shape ``(d,)``.
    learning_rate
        Step size ``eta > 0``.
    steps
        At most this many steps.
    grad
        The exact gradient, points ``(d,)`` to ``(d,)``; the central-difference
        :func:`numerical_gradient` when omitted.
    tol
        Stop, ``converged``, once ``|grad f(x_k)| < tol``.
    blowup
        Stop, ``diverged``, at the first step that leaves ``f`` or ``x`` non-finite
        or moves them by more than ``blowup`` times their starting size (see
        :class:`AscentResult`).

    Returns
    -------
    AscentResult
        ``points`` ``(k + 1, d)`` starting at ``x0``, ``values``, ``gradients``,
        ``converged``, ``diverged``.

    Examples
    --------
    On ``f = -(x^2 + y^2)`` (curvature ``L = 2``) every step multiplies ``x`` by
    ``1 - 2 eta``:

    >>> f = lambda p: -(p ** 2).sum(axis=-1)
    >>> run = gradient_ascent(f, [1.0, 2.0], learning_rate=0.25, steps=3)
    >>> run.points.round(6).tolist()
    [[1.0, 2.0], [0.5, 1.0], [0.25, 0.5], [0.125, 0.25]]
    >>> run.converged, run.diverged
    (False, False)
    >>> gradient_ascent(f, [1.0, 2.0], learning_rate=0.5, steps=10).steps  # one jump to the top
    1
    >>> gradient_ascent(f, [1.0, 2.0], learning_rate=1.5, steps=100).diverged  # 2 / L = 1
    True
    """
    return _ascend(f, x0, learning_rate, steps, grad, tol, blowup, +1.0)


def gradient_descent(f: VectorFunction, x0, *, learning_rate: float, steps: int,
                     grad: VectorFunction | None = None, tol: float = 1e-6,
                     blowup: float = 1e8) -> AscentResult:
    """Descend ``f`` from ``x0``: ``x_{k+1} = x_k - learning_rate * grad f(x_k)``.

    Gradient ascent on ``-f``; ``values`` and ``gradients`` are those of ``f``
    itself. Parameters as in :func:`gradient_ascent`.

    >>> run = gradient_descent(lambda p: ((p - 3) ** 2).sum(axis=-1), [0.0], learning_rate=0.25, steps=50)
    >>> run.converged, round(float(run.points[-1, 0]), 5)
    (True, 3.0)
    """
    return _ascend(f, x0, learning_rate, steps, grad, tol, blowup, -1.0)


def run_outcome(result: AscentResult, window: int = 6) -> str:
    """Name what a run did, for a label on screen.

    ``"converged"`` or ``"diverged"`` as flagged; otherwise ``"oscillating"``
    when most of its last ``window`` steps reverse the previous one (the
    learning rate is too large for the curvature there), else ``"climbing"``
    (still on its way: the learning rate is too small for the step budget).

    >>> f = lambda p: -(p ** 2).sum(axis=-1)
    >>> run_outcome(gradient_ascent(f, [1.0, 1.0], learning_rate=0.95, steps=20))
    'oscillating'
    >>> run_outcome(gradient_ascent(f, [1.0, 1.0], learning_rate=0.01, steps=20))
    'climbing'
    """
    if result.diverged:
        return "diverged"
    if result.converged:
        return "converged"
    moves = result.step_vectors[-(window + 1):]
    if len(moves) >= 2:
        turns = np.einsum("ij,ij->i", moves[1:], moves[:-1]) < 0
        if turns.mean() > 0.5:
            return "oscillating"
    return "climbing"


def comparison_rates(learning_rate: float, limit: float, shrink: float = 5.0) -> tuple[float, float, float]:
    """Three learning rates to compare with ``learning_rate``: smaller, itself, larger.

    The small one is ``learning_rate / shrink``. The large one sits just past
    the stability limit (``1.2 * limit``, see :func:`stability_limit`), where
    every step overshoots the top and the iterates bounce across it without
    settling; if that is not clearly larger than ``learning_rate`` (the rate
    is already near or past the limit), it is ``2 * learning_rate`` instead.

    >>> comparison_rates(0.5, 1.0)
    (0.1, 0.5, 1.2)
    >>> comparison_rates(0.9, 1.0)
    (0.18, 0.9, 1.8)
    """
    if not (learning_rate > 0 and shrink > 1):
        raise ValueError("comparison_rates: learning_rate must be positive and shrink > 1")
    large = 1.2 * limit
    if not (np.isfinite(large) and large >= 1.5 * learning_rate):
        large = 2.0 * learning_rate
    return (round(learning_rate / shrink, 12), float(learning_rate), round(float(large), 12))


# -- level sets --------------------------------------------------------------------------

# Marching squares. Corner bits: 1 = (x_i, y_j), 2 = (x_i+1, y_j), 4 = (x_i+1, y_j+1),
# 8 = (x_i, y_j+1). Edges: 0 bottom, 1 right, 2 top, 3 left. Each case lists up to two
# segments as pairs of edges; the saddles 5 and 10 have a second form, used when the
# cell's centre lies on the other side of the level.
_CASES = {
    1: ((3, 0),), 2: ((0, 1),), 3: ((3, 1),), 4: ((1, 2),), 5: ((3, 0), (1, 2)),
    6: ((0, 2),), 7: ((3, 2),), 8: ((2, 3),), 9: ((0, 2),), 10: ((0, 1), (2, 3)),
    11: ((1, 2),), 12: ((3, 1),), 13: ((0, 1),), 14: ((3, 0),),
}
_SADDLE_CENTRE_ABOVE = {5: ((0, 1), (2, 3)), 10: ((3, 0), (1, 2))}


def contour_segments(xs, ys, values, level: float) -> np.ndarray:
    """Line segments approximating the level set ``f = level`` by marching squares.

    Parameters
    ----------
    xs, ys
        Grid coordinates, shapes ``(nx,)`` and ``(ny,)``, increasing.
    values
        ``(ny, nx)``: ``values[j, i] = f(xs[i], ys[j])`` (``np.meshgrid``'s
        default ``xy`` indexing). Cells touching a non-finite value are skipped.
    level
        The height of the contour.

    Returns
    -------
    ndarray, shape ``(m, 2, 2)``
        ``m`` segments, each two ``(x, y)`` end points found by linear
        interpolation along the cell edges.

    >>> xs = ys = np.linspace(-1, 1, 3)
    >>> X, Y = np.meshgrid(xs, ys)
    >>> seg = contour_segments(xs, ys, X + Y, 0.5)
    >>> seg.shape, np.allclose(seg.sum(axis=-1), 0.5)   # three cells cross x + y = 0.5
    ((3, 2, 2), True)
    """
    xs, ys = np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64)
    z = np.asarray(values, dtype=np.float64)
    if z.shape != (ys.size, xs.size):
        raise ValueError(f"values must have shape (len(ys), len(xs)) = {(ys.size, xs.size)}, got {z.shape}")
    bl, br, tr, tl = z[:-1, :-1], z[:-1, 1:], z[1:, 1:], z[1:, :-1]
    finite = np.isfinite(bl) & np.isfinite(br) & np.isfinite(tr) & np.isfinite(tl)
    case = ((bl >= level) * 1 + (br >= level) * 2 + (tr >= level) * 4 + (tl >= level) * 8)
    case = np.where(finite, case, 0)
    centre_above = (bl + br + tr + tl) / 4 >= level
    x0, x1 = xs[:-1][None, :], xs[1:][None, :]
    y0, y1 = ys[:-1][:, None], ys[1:][:, None]

    def cross(a, b):  # where the level falls between corner values a and b
        with np.errstate(all="ignore"):
            t = (level - a) / (b - a)
        return np.clip(np.nan_to_num(t, nan=0.5), 0.0, 1.0)

    shape = case.shape
    edges = [
        np.stack(np.broadcast_arrays(x0 + cross(bl, br) * (x1 - x0), np.broadcast_to(y0, shape)), -1),
        np.stack(np.broadcast_arrays(np.broadcast_to(x1, shape), y0 + cross(br, tr) * (y1 - y0)), -1),
        np.stack(np.broadcast_arrays(x0 + cross(tl, tr) * (x1 - x0), np.broadcast_to(y1, shape)), -1),
        np.stack(np.broadcast_arrays(np.broadcast_to(x0, shape), y0 + cross(bl, tl) * (y1 - y0)), -1),
    ]
    segments = []
    for code, pairs in _CASES.items():
        mask = case == code
        if code in _SADDLE_CENTRE_ABOVE:
            for use, these in ((mask & ~centre_above, pairs), (mask & centre_above, _SADDLE_CENTRE_ABOVE[code])):
                for a, b in these:
                    segments.append(np.stack([edges[a][use], edges[b][use]], axis=1))
            continue
        for a, b in pairs:
            segments.append(np.stack([edges[a][mask], edges[b][mask]], axis=1))
    return np.concatenate(segments, axis=0) if segments else np.zeros((0, 2, 2))


def contour_levels(values, count: int) -> np.ndarray:
    """``count`` evenly spaced heights strictly between the finite min and max of ``values``.

    >>> contour_levels([0.0, 1.0], 4).round(12).tolist()
    [0.2, 0.4, 0.6, 0.8]
    """
    v = np.asarray(values, dtype=np.float64)
    v = v[np.isfinite(v)]
    if v.size == 0 or count < 1:
        return np.zeros(0)
    return np.linspace(v.min(), v.max(), count + 2)[1:-1]


def contour_tangent(f: VectorFunction, x) -> np.ndarray:
    """The unit tangent ``(2,)`` of the level curve ``f = f(x)`` through the point ``x`` of the plane.

    It is the gradient turned a quarter turn counterclockwise, so it is perpendicular
    to :func:`numerical_gradient` there: the gradient crosses its contour at a right
    angle. Raises ``ValueError`` where the gradient vanishes (no level curve direction).

    >>> f = lambda p: -(p ** 2).sum(axis=-1)      # circles about 0
    >>> (contour_tangent(f, [1.0, 0.0]).round(6) + 0.0).tolist()   # the gradient (-2, 0) turned: (0, -1)
    [0.0, -1.0]
    """
    x = np.asarray(x, dtype=np.float64)
    if x.shape != (2,):
        raise ValueError("contour_tangent: x must be a point of the plane, shape (2,)")
    g = numerical_gradient(f, x)
    norm = float(np.linalg.norm(g))
    if not (np.isfinite(norm) and norm > 0):
        raise ValueError(f"contour_tangent: the gradient vanishes at {x.tolist()}: no level curve direction")
    return np.array([-g[1], g[0]]) / norm


def level_curve_near(f: VectorFunction, x, radius: float, samples: int = 41) -> np.ndarray:
    """Segments ``(m, 2, 2)`` of the level curve ``f = f(x)`` through ``x``, inside the square of
    half-side ``radius`` about ``x``, by :func:`contour_segments` on a ``samples`` x ``samples`` grid.

    >>> f = lambda p: p[..., 0] + p[..., 1]
    >>> seg = level_curve_near(f, [0.5, 0.5], 0.2, samples=5)
    >>> bool(np.allclose(seg.sum(axis=-1), 1.0))
    True
    """
    x = np.asarray(x, dtype=np.float64)
    if x.shape != (2,) or not radius > 0:
        raise ValueError("level_curve_near: x must be a point of the plane and radius positive")
    xs = np.linspace(x[0] - radius, x[0] + radius, samples)
    ys = np.linspace(x[1] - radius, x[1] + radius, samples)
    X, Y = np.meshgrid(xs, ys)
    values = evaluate(f, np.stack([X, Y], axis=-1))
    return contour_segments(xs, ys, values, float(evaluate(f, x)))


def grid_maxima(values) -> np.ndarray:
    """Indices ``(m, 2)`` of the grid's strict local maxima: ``(j, i)`` above all 8 neighbours.

    ``values`` is ``(ny, nx)``; border points and non-finite values never count.
    Used to say how many hills a landscape has on the map.

    >>> x = np.linspace(-2, 2, 41)
    >>> X, Y = np.meshgrid(x, x)
    >>> grid_maxima(np.exp(-(X - 1) ** 2 - Y ** 2) + np.exp(-(X + 1) ** 2 - Y ** 2)).tolist()
    [[20, 10], [20, 30]]
    """
    z = np.asarray(values, dtype=np.float64)
    if z.ndim != 2 or min(z.shape) < 3:
        return np.zeros((0, 2), dtype=int)
    inner = z[1:-1, 1:-1]
    peak = np.isfinite(inner)
    for dj in (-1, 0, 1):
        for di in (-1, 0, 1):
            if dj or di:
                neighbour = z[1 + dj: z.shape[0] - 1 + dj, 1 + di: z.shape[1] - 1 + di]
                with np.errstate(invalid="ignore"):
                    peak &= inner > np.where(np.isfinite(neighbour), neighbour, -np.inf)
    return np.argwhere(peak) + 1
