"""Optimisers as PyTorch writes them, stochastic gradients, ridge and lasso, convexity, Lagrange.

Functions of a point take either convention: a plain function of one point,
``f(p)`` with ``p`` of shape ``(d,)`` returning a number (scipy.optimize's
convention, e.g. ``lambda p: (p[0] - 1)**2 + 2*p[1]**2``), or a vectorised one
``(..., d) -> (...)``. :func:`value_at` and :func:`gradient_at` go through
:func:`mathviz.core.optimize.evaluate`, the one place that handles both.

Array shapes: ``X`` is ``(n, d)`` (one example a row), ``y`` is ``(n,)``,
weights ``w`` are ``(d,)``; a path of iterates is ``(steps + 1, d)`` starting
with the initial point.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from mathviz.core.optimize import evaluate, numerical_gradient

PointFunction = Callable[[np.ndarray], float]

#: PyTorch's defaults (torch.optim.SGD, RMSprop, Adam), with momentum 0.9 for "momentum".
DEFAULTS = {
    "gd": {},
    "momentum": {"momentum": 0.9},
    "rmsprop": {"alpha": 0.99, "eps": 1e-8},
    "adam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
}
METHODS = tuple(DEFAULTS)


def value_at(f: PointFunction, p) -> float:
    """``f`` at one point ``p`` ``(d,)`` as a float, whichever convention ``f`` follows
    (:func:`mathviz.core.optimize.evaluate` on one point)."""
    return float(evaluate(f, np.asarray(p, dtype=np.float64).reshape(-1)))


def gradient_at(f: PointFunction, p, h=None) -> np.ndarray:
    """The gradient ``(d,)`` of ``f`` at ``p`` by central differences, whichever convention ``f``
    follows: :func:`mathviz.core.optimize.numerical_gradient` at one point.

    >>> gradient_at(lambda p: p[0] ** 2 + 3 * p[1], [2.0, 1.0]).round(6).tolist()
    [4.0, 3.0]
    """
    return numerical_gradient(f, np.asarray(p, dtype=np.float64).reshape(-1), h)


@dataclass(frozen=True)
class OptimizerPath:
    """The iterates of one optimiser run.

    ``points`` ``(k + 1, d)`` from ``x0``, ``values`` ``(k + 1,)``, ``method``, the
    hyper-parameters used (``hyper``) and ``diverged`` (the run stopped at the first
    iterate that was not finite or blew up, as :func:`mathviz.core.optimize.gradient_ascent`
    does; that iterate is not in ``points``).
    """

    points: np.ndarray
    values: np.ndarray
    method: str
    lr: float
    hyper: dict = field(default_factory=dict)
    diverged: bool = False

    @property
    def steps(self) -> int:
        return len(self.points) - 1


def _check_hyper(method: str, hyper: dict) -> dict:
    if method not in DEFAULTS:
        raise ValueError(f"unknown method {method!r}: choose one of {', '.join(METHODS)}")
    unknown = set(hyper) - set(DEFAULTS[method])
    if unknown:
        known = ", ".join(DEFAULTS[method]) or "none"
        raise ValueError(f"{method} takes no {', '.join(sorted(unknown))} (its hyper-parameters: {known})")
    chosen = {**DEFAULTS[method], **hyper}
    for name, value in chosen.items():
        if not np.isfinite(value) or value < 0:
            raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    for name in ("alpha", "beta1", "beta2", "momentum"):
        if name in chosen and not chosen[name] < 1:
            raise ValueError(f"{name} must be below 1, got {chosen[name]!r}")
    if "eps" in chosen and not chosen["eps"] > 0:
        raise ValueError("eps must be greater than 0")
    return chosen


def optimize_path(f: PointFunction, x0, method: str, lr: float, steps: int, *, grad=None,
                  blowup: float = 1e8, **hyper) -> OptimizerPath:
    """Run ``steps`` updates of an optimiser on ``f`` from ``x0``, minimising.

    The updates are PyTorch's, with ``g_t`` the gradient at the current point:

    - ``"gd"`` and ``"momentum"`` (``torch.optim.SGD``, dampening 0, not Nesterov):
      ``b_1 = g_1``, ``b_t = momentum * b_{t-1} + g_t``; ``x_t = x_{t-1} - lr * b_t``
      (``"gd"`` is momentum 0; ``"momentum"`` defaults to 0.9);
    - ``"rmsprop"`` (``torch.optim.RMSprop``, not centred, no momentum):
      ``v_t = alpha v_{t-1} + (1 - alpha) g_t^2``; ``x_t = x_{t-1} - lr g_t / (sqrt(v_t) + eps)``;
    - ``"adam"`` (``torch.optim.Adam``): ``m_t = beta1 m_{t-1} + (1 - beta1) g_t``,
      ``v_t = beta2 v_{t-1} + (1 - beta2) g_t^2``, ``x_t = x_{t-1} - lr m̂_t / (sqrt(v̂_t) + eps)``
      with ``m̂_t = m_t / (1 - beta1^t)``, ``v̂_t = v_t / (1 - beta2^t)``.

    ``grad`` is the exact gradient (a function of one point); central differences otherwise.

    >>> run = optimize_path(lambda p: (p ** 2).sum(), [1.0, -2.0], "gd", 0.25, 2)
    >>> run.points.round(6).tolist()
    [[1.0, -2.0], [0.5, -1.0], [0.25, -0.5]]
    >>> run = optimize_path(lambda p: (p ** 2).sum(), [1.0], "adam", 0.1, 1)
    >>> round(float(run.points[1, 0]), 6)  # Adam's first step is lr times the gradient's sign
    0.9
    """
    chosen = _check_hyper(method, hyper)
    x = np.array(x0, dtype=np.float64)
    if x.ndim != 1 or x.size == 0 or not np.all(np.isfinite(x)):
        raise ValueError("x0 must be a finite vector of shape (d,)")
    if not (np.isfinite(lr) and lr > 0):
        raise ValueError(f"the learning rate must be a positive number, got {lr!r}")
    if int(steps) != steps or steps < 0:
        raise ValueError(f"steps must be a whole number >= 0, got {steps!r}")
    gradient = (lambda p: np.asarray(grad(p), dtype=np.float64).reshape(x.shape)) if grad else \
        (lambda p: gradient_at(f, p))
    f0 = value_at(f, x)
    if not np.isfinite(f0):
        raise ValueError(f"f is not finite at x0 = {x.tolist()}")
    points, values = [x], [f0]
    x_scale, f_scale = blowup * (1 + np.linalg.norm(x)), blowup * (1 + abs(f0))
    state = {"b": None, "m": np.zeros_like(x), "v": np.zeros_like(x)}
    diverged = False
    for t in range(1, int(steps) + 1):
        g = gradient(points[-1])
        with np.errstate(all="ignore"):
            step = _step(method, chosen, state, g, t)
            nxt = points[-1] - lr * step
            fn = value_at(f, nxt) if np.all(np.isfinite(nxt)) else np.nan
        if not np.all(np.isfinite(g)) or not np.isfinite(fn) or np.linalg.norm(nxt - x) > x_scale \
                or abs(fn - f0) > f_scale:
            diverged = True
            break
        points.append(nxt)
        values.append(fn)
    return OptimizerPath(np.array(points), np.array(values), method, float(lr), chosen, diverged)


def _step(method: str, h: dict, state: dict, g: np.ndarray, t: int) -> np.ndarray:
    """The update direction (the parameter moves by ``-lr`` times it), updating ``state``."""
    if method in ("gd", "momentum"):
        mu = h.get("momentum", 0.0)
        state["b"] = g.copy() if state["b"] is None else mu * state["b"] + g
        return state["b"]
    if method == "rmsprop":
        state["v"] = h["alpha"] * state["v"] + (1 - h["alpha"]) * g * g
        return g / (np.sqrt(state["v"]) + h["eps"])
    state["m"] = h["beta1"] * state["m"] + (1 - h["beta1"]) * g
    state["v"] = h["beta2"] * state["v"] + (1 - h["beta2"]) * g * g
    m_hat = state["m"] / (1 - h["beta1"] ** t)
    v_hat = state["v"] / (1 - h["beta2"] ** t)
    return m_hat / (np.sqrt(v_hat) + h["eps"])


# -- least squares, stochastic gradients ---------------------------------------------------------


def _data(X, y) -> tuple[np.ndarray, np.ndarray]:
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if X.ndim != 2 or y.shape != (X.shape[0],) or X.shape[0] == 0:
        raise ValueError(f"X must be (n, d) and y (n,), got {X.shape} and {y.shape}")
    if not (np.all(np.isfinite(X)) and np.all(np.isfinite(y))):
        raise ValueError("X and y must be finite")
    return X, y


def least_squares_loss(X, y, w) -> float:
    """``(1/2n) |Xw - y|^2``.

    >>> least_squares_loss([[1.0], [2.0]], [1.0, 2.0], [0.0])
    1.25
    """
    X, y = _data(X, y)
    r = X @ np.asarray(w, dtype=np.float64) - y
    return float(r @ r / (2 * len(y)))


def least_squares_gradient(X, y, w) -> np.ndarray:
    """The gradient ``(d,)`` of ``(1/2m) |X w - y|^2`` over the ``m`` rows given: ``X^T (X w - y) / m``."""
    X, y = _data(X, y)
    return X.T @ (X @ np.asarray(w, dtype=np.float64) - y) / len(y)


def minibatches(n: int, batch_size: int, epochs: int, seed) -> list[np.ndarray]:
    """The row indices of every mini-batch, in order: each epoch shuffles ``0..n-1`` once
    (without replacement) and cuts it into batches of ``batch_size`` (the last may be smaller).

    >>> [b.tolist() for b in minibatches(4, 4, 2, seed=0)] == [[0, 1, 2, 3], [0, 1, 2, 3]] or "shuffled"
    'shuffled'
    >>> [len(b) for b in minibatches(5, 2, 1, seed=0)]
    [2, 2, 1]
    """
    if int(batch_size) != batch_size or not 1 <= batch_size <= n:
        raise ValueError(f"batch_size must be a whole number from 1 to n = {n}, got {batch_size!r}")
    if int(epochs) != epochs or epochs < 1:
        raise ValueError(f"epochs must be a whole number >= 1, got {epochs!r}")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    batches = []
    for _ in range(int(epochs)):
        order = rng.permutation(n)
        batches += [order[i:i + batch_size] for i in range(0, n, batch_size)]
    return batches


def sgd_path(X, y, w0, lr: float, epochs: int, batch_size: int, seed) -> np.ndarray:
    """Mini-batch gradient descent on ``(1/2n) |Xw - y|^2``: the weights after every step.

    Returns ``(steps + 1, d)``, starting with ``w0``; one step per mini-batch of
    :func:`minibatches` (deterministic for a seed). With ``batch_size = n`` every
    step is a full-batch gradient descent step (the shuffle does not change the
    full gradient).

    >>> X, y = np.array([[1.0], [2.0]]), np.array([2.0, 4.0])
    >>> sgd_path(X, y, [0.0], 0.2, 2, 2, seed=0).round(4).tolist()
    [[0.0], [1.0], [1.5]]
    """
    X, y = _data(X, y)
    w = np.array(w0, dtype=np.float64)
    if w.shape != (X.shape[1],) or not np.all(np.isfinite(w)):
        raise ValueError(f"w0 must be finite with shape ({X.shape[1]},)")
    if not (np.isfinite(lr) and lr > 0):
        raise ValueError(f"the learning rate must be a positive number, got {lr!r}")
    path = [w]
    for rows in minibatches(len(y), batch_size, epochs, seed):
        w = w - lr * least_squares_gradient(X[rows], y[rows], w)
        path.append(w)
    return np.array(path)


# -- ridge and lasso -----------------------------------------------------------------------------


def ridge(X, y, alpha: float) -> np.ndarray:
    """The minimiser of ``(1/2n)|y - Xw|^2 + (alpha/2)|w|_2^2`` (no intercept), in closed form:
    ``(X^T X / n + alpha I) w = X^T y / n``.

    >>> ridge([[1.0], [1.0]], [2.0, 2.0], 1.0).tolist()  # (1 + 1) w = 2
    [1.0]
    """
    X, y = _data(X, y)
    if not (np.isfinite(alpha) and alpha >= 0):
        raise ValueError(f"alpha must be a finite number >= 0, got {alpha!r}")
    n, d = X.shape
    return np.linalg.solve(X.T @ X / n + alpha * np.eye(d), X.T @ y / n)


def lasso(X, y, alpha: float, *, tol: float = 1e-14, max_sweeps: int = 100_000) -> np.ndarray:
    """The minimiser of ``(1/2n)|y - Xw|^2 + alpha |w|_1`` (no intercept), by cyclic coordinate
    descent: ``w_j = S(X_j^T r_j / n, alpha) / (X_j^T X_j / n)`` with ``r_j`` the residual
    without coordinate ``j`` and ``S`` soft thresholding, sweeping until no weight moves by
    more than ``tol`` (relative to the largest). The answer meets the optimality conditions
    (``X_j^T (y - Xw) / n = alpha sign(w_j)`` where ``w_j != 0``, at most ``alpha`` in size
    where ``w_j = 0``) to about 1e-10.

    >>> lasso([[1.0], [1.0]], [2.0, 2.0], 0.5).tolist()  # 2 shrunk by alpha
    [1.5]
    >>> lasso([[1.0], [1.0]], [2.0, 2.0], 3.0).tolist()  # a large penalty zeroes it
    [0.0]
    """
    X, y = _data(X, y)
    if not (np.isfinite(alpha) and alpha >= 0):
        raise ValueError(f"alpha must be a finite number >= 0, got {alpha!r}")
    n, d = X.shape
    norms = (X * X).sum(axis=0) / n
    if np.any(norms == 0):
        raise ValueError(f"column {int(np.argmin(norms))} of X is zero: its weight is not determined")
    w, r = np.zeros(d), y.copy()
    for _ in range(max_sweeps):
        largest = 0.0
        for j in range(d):
            rho = X[:, j] @ r / n + norms[j] * w[j]
            new = np.sign(rho) * max(abs(rho) - alpha, 0.0) / norms[j]
            if new != w[j]:
                r -= X[:, j] * (new - w[j])
                largest = max(largest, abs(new - w[j]))
                w[j] = new
        if largest <= tol * max(1.0, np.abs(w).max()):
            return w
    raise ValueError(f"lasso did not converge in {max_sweeps} sweeps")


def lasso_violation(X, y, w, alpha: float) -> float:
    """How far ``w`` is from the lasso's optimality conditions (0 at the optimum)."""
    X, y = _data(X, y)
    w = np.asarray(w, dtype=np.float64)
    c = X.T @ (y - X @ w) / len(y)
    on = w != 0
    return float(max(np.abs(c[on] - alpha * np.sign(w[on])).max(initial=0.0),
                     np.maximum(np.abs(c[~on]) - alpha, 0.0).max(initial=0.0)))


# -- convexity -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Convexity:
    """The chord test's answer: ``convex`` (also the truth value), and ``worst``, the pair
    ``(x1, x2)`` whose chord the graph rises above the most (None when convex), with
    ``violation``, how far the graph rises above that chord at its middle."""

    convex: bool
    worst: tuple[float, float] | None
    violation: float

    def __bool__(self) -> bool:
        return self.convex


def is_convex_on(f: Callable, a: float, b: float, samples: int = 201, rtol: float = 1e-9) -> Convexity:
    """Is ``f`` convex on ``[a, b]``? Every pair of ``samples`` grid points is tested at the
    quarter, middle and three-quarter points of its chord: ``f(t x1 + (1-t) x2) <= t f(x1) +
    (1-t) f(x2)``. A rise above the chord counts only beyond ``rtol`` times the size of the
    values (rounding in ``f`` would flag a straight line otherwise). ``f`` is vectorised
    (as a parsed expression is).

    >>> bool(is_convex_on(lambda x: x ** 2, -1, 1)), bool(is_convex_on(abs, -1, 1))
    (True, True)
    >>> result = is_convex_on(np.sin, 0, 3)
    >>> result.convex, result.worst is not None
    (False, True)
    """
    if not (np.isfinite(a) and np.isfinite(b) and a < b):
        raise ValueError(f"need a finite interval with a < b, got [{a}, {b}]")
    xs = np.linspace(a, b, int(samples))
    with np.errstate(all="ignore"):  # a pole is reported below, not warned about
        fx = np.asarray(f(xs), dtype=np.float64) * np.ones_like(xs)
    if not np.all(np.isfinite(fx)):
        bad = xs[~np.isfinite(fx)][0]
        raise ValueError(f"f is not finite at x = {bad:.6g} in [{a}, {b}]")
    i, j = np.triu_indices(len(xs), k=1)
    worst_rise, worst_pair = 0.0, None
    scale = rtol * (1.0 + np.abs(fx).max())
    for t in (0.25, 0.5, 0.75):
        mid = t * xs[i] + (1 - t) * xs[j]
        with np.errstate(all="ignore"):
            rise = np.asarray(f(mid), dtype=np.float64) - (t * fx[i] + (1 - t) * fx[j])
        if not np.all(np.isfinite(rise)):
            bad = mid[~np.isfinite(rise)][0]
            raise ValueError(f"f is not finite at x = {bad:.6g} in [{a}, {b}]")
        k = int(np.argmax(rise))
        if rise[k] > max(scale, worst_rise):
            worst_rise, worst_pair = float(rise[k]), (float(xs[i[k]]), float(xs[j[k]]))
    return Convexity(worst_pair is None, worst_pair, worst_rise)


# -- Lagrange multipliers ------------------------------------------------------------------------


@dataclass(frozen=True)
class LagrangePoint:
    """A solution of ``grad f = lambda grad g``, ``g = 0``: ``point`` ``(d,)``, ``multiplier``
    (lambda) and ``value`` (``f`` there)."""

    point: np.ndarray
    multiplier: float
    value: float


def lagrange_points(f: PointFunction, g: PointFunction, start) -> LagrangePoint:
    """Solve ``grad f(x) = lambda grad g(x)`` and ``g(x) = 0`` from ``start`` with
    scipy.optimize.root (the unknowns are ``x`` and ``lambda``; gradients by central
    differences). If the constraint is ``g(x) = c`` written as ``g(x) - c = 0``, then
    ``lambda = d f* / d c``: how much the best value grows when ``c`` grows by one.

    >>> sol = lagrange_points(lambda p: p[0] + p[1], lambda p: p[0] ** 2 + p[1] ** 2 - 2, [1.0, 0.5])
    >>> sol.point.round(6).tolist(), round(sol.multiplier, 6), round(sol.value, 6)
    ([1.0, 1.0], 0.5, 2.0)
    """
    from scipy.optimize import root

    x0 = np.asarray(start, dtype=np.float64)
    if x0.ndim != 1 or not np.all(np.isfinite(x0)):
        raise ValueError("start must be a finite point of shape (d,)")
    with np.errstate(all="ignore"):  # huge user coefficients overflow: refused below, not warned
        gf, gg = gradient_at(f, x0), gradient_at(g, x0)
        if not (np.all(np.isfinite(gf)) and np.all(np.isfinite(gg))):
            raise ValueError(f"the gradients of f and g are not finite numbers at {x0.tolist()} "
                             "(use smaller coefficients or another start)")
        lam0 = float(gf @ gg / (gg @ gg)) if gg @ gg > 0 else 0.0

        def equations(z):
            x, lam = z[:-1], z[-1]
            return np.append(gradient_at(f, x) - lam * gradient_at(g, x), value_at(g, x))

        sol = root(equations, np.append(x0, lam0), method="hybr", tol=1e-12)
        residual = np.abs(equations(sol.x)).max() if np.all(np.isfinite(sol.x)) else np.inf
    if not sol.success and not residual < 1e-8:
        reason = " ".join(sol.message.split())  # scipy wraps its messages over lines
        raise ValueError(f"no point with grad f = lambda grad g on g = 0 was found from {x0.tolist()}: "
                         f"{reason} (try another start)")
    point = sol.x[:-1]
    return LagrangePoint(point, float(sol.x[-1]), value_at(f, point))


def correlated_data(n: int, weights, correlation: float, noise: float, seed) -> tuple[np.ndarray, np.ndarray]:
    """A seeded regression problem: ``X`` ``(n, 2)`` with standard normal columns of the given
    ``correlation``, and ``y = X @ weights + noise * e`` with standard normal ``e``.

    >>> X, y = correlated_data(2000, [1.0, 0.0], 0.6, 0.0, seed=0)
    >>> round(float(np.corrcoef(X.T)[0, 1]), 1), bool(np.allclose(y, X[:, 0]))
    (0.6, True)
    """
    if not -1 < correlation < 1:
        raise ValueError(f"correlation must be between -1 and 1, got {correlation!r}")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    z = rng.normal(size=(int(n), 2))
    X = np.column_stack([z[:, 0], correlation * z[:, 0] + np.sqrt(1 - correlation ** 2) * z[:, 1]])
    y = X @ np.asarray(weights, dtype=np.float64) + noise * rng.normal(size=int(n))
    return X, y


def lasso_path(X, y, alphas) -> np.ndarray:
    """Lasso weights ``(len(alphas), d)`` for each penalty in ``alphas``."""
    return np.array([lasso(X, y, a) for a in alphas])


def lasso_zero_from(X, y) -> float:
    """The smallest penalty at which every lasso weight is zero: ``max_j |X_j^T y| / n``."""
    X, y = _data(X, y)
    return float(np.abs(X.T @ y).max() / len(y))


def example_gradients(X, y, w) -> np.ndarray:
    """Each example's gradient ``(n, d)`` of its own loss ``(x_i . w - y_i)^2 / 2``; their mean is
    :func:`least_squares_gradient`."""
    X, y = _data(X, y)
    return X * (X @ np.asarray(w, dtype=np.float64) - y)[:, None]


def minibatch_gradients(X, y, w, batch_size: int, epochs: int, seed) -> np.ndarray:
    """The gradient ``(m, d)`` of every full mini-batch of :func:`minibatches` at the one point ``w``."""
    X, y = _data(X, y)
    return np.array([least_squares_gradient(X[rows], y[rows], w)
                     for rows in minibatches(len(y), batch_size, epochs, seed) if len(rows) == batch_size])


def gradient_spread(gradients, full) -> float:
    """The root-mean-square distance ``sqrt(mean |g_i - full|^2)`` of gradients ``(m, d)`` from ``full``.

    For means of ``B`` examples drawn without replacement from ``n`` it is about
    ``spread_1 * sqrt((n - B) / (B (n - 1)))``: close to ``1 / sqrt(B)`` for ``B`` much below ``n``.
    """
    g = np.asarray(gradients, dtype=np.float64)
    return float(np.sqrt(np.mean(np.sum((g - np.asarray(full)) ** 2, axis=1))))
