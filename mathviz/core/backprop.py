"""Backpropagation through one dense layer: the chain rule, written out node by node.

The layer and its loss, for a matrix ``A`` of shape (m, n), vectors ``b`` and
``y`` of length m and ``x`` of length n::

    z = A x + b          (m,)   the pre-activation
    a = sigma(z)         (m,)   the logistic sigmoid, componentwise
    r = a - y            (m,)   the residual: dL/da
    L = 1/2 ||r||^2             the loss, a number

The backward pass multiplies local derivatives from L back to each input:
``dL/da = r``, ``da/dz = sigma'(z) = a (1 - a)`` (a diagonal matrix, so a
componentwise product), ``delta = dL/dz = r * sigma'(z)``, then
``dL/db = delta``, ``dL/dA = delta x^T`` (entry (i, j) is ``r_i sigma'(z_i) x_j``,
the product along the one path from A_ij to L) and ``dL/dx = A^T delta`` (x_j
reaches L through every z_i, so its paths' products add up).

>>> g = dense_layer_gradients([[1.0, 0.0], [0.0, 1.0]], [0.0, 0.0], [0.0, 0.0], [1.0, 0.0])
>>> g.a.tolist(), g.residual.tolist(), g.sigma_prime.tolist(), g.loss
([0.5, 0.5], [-0.5, 0.5], [0.25, 0.25], 0.25)
>>> g.grad_b.tolist(), g.grad_A.tolist(), g.grad_x.tolist()
([-0.125, 0.125], [[-0.0, -0.0], [0.0, 0.0]], [-0.125, 0.125])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit


def sigmoid(z):
    """The logistic function ``1 / (1 + exp(-z))``, computed without overflow for any real ``z``.

    >>> float(sigmoid(0.0)), float(sigmoid(-1000.0)), float(sigmoid(1000.0))
    (0.5, 0.0, 1.0)
    """
    return expit(np.asarray(z, dtype=float))


def sigmoid_slope(z):
    """``sigma'(z) = sigma(z) (1 - sigma(z))``, the sigmoid's derivative; at most 1/4 (at z = 0).

    >>> float(sigmoid_slope(0.0))
    0.25
    """
    s = sigmoid(z)
    return s * (1.0 - s)


def _layer_arrays(A, b, x, y):
    """The four arguments as float arrays, shapes checked: A (m, n), b (m,), x (n,), y (m,)."""
    A = np.asarray(A, dtype=float)
    b, x, y = (np.asarray(v, dtype=float) for v in (b, x, y))
    if A.ndim != 2 or A.size == 0:
        raise ValueError(f"A must be a non-empty m x n matrix, got an array of shape {A.shape}")
    m, n = A.shape
    for name, v, length, side in (("x", x, n, "columns"), ("b", b, m, "rows"), ("y", y, m, "rows")):
        if v.shape != (length,):
            raise ValueError(f"{name} must be a vector of length {length} (A has {length} {side}), "
                             f"got shape {v.shape}")
    for name, v in (("A", A), ("b", b), ("x", x), ("y", y)):
        if not np.all(np.isfinite(v)):
            raise ValueError(f"{name} has an entry that is not a finite number")
    return A, b, x, y


def dense_layer_loss(A, b, x, y) -> float:
    """``L = 1/2 ||sigma(A x + b) - y||^2``, the layer's loss (shapes as in the module docstring).

    >>> dense_layer_loss([[0.0]], [0.0], [3.0], [1.0])
    0.125
    """
    A, b, x, y = _layer_arrays(A, b, x, y)
    r = sigmoid(A @ x + b) - y
    return float(0.5 * r @ r)


@dataclass(frozen=True)
class LayerGradients:
    """Every value the forward and backward passes of :func:`dense_layer_gradients` compute.

    Forward: ``z = A x + b``, ``a = sigma(z)``, ``residual = a - y``, ``loss``.
    Local derivatives: ``dL_da = residual`` (m,), ``sigma_prime = da/dz`` (m,, the
    diagonal of the Jacobian), ``dz_dx = A`` (m, n), ``dz_db`` the m x m identity,
    and ``dz_dA``: z_i depends on row i of A only, through ``dz_i/dA_ij = x_j``.
    Backward: ``delta = dL/dz`` (m,), ``grad_A`` (m, n), ``grad_b`` (m,), ``grad_x`` (n,).
    """

    A: np.ndarray
    b: np.ndarray
    x: np.ndarray
    y: np.ndarray
    z: np.ndarray
    a: np.ndarray
    residual: np.ndarray
    loss: float
    sigma_prime: np.ndarray
    delta: np.ndarray
    grad_A: np.ndarray
    grad_b: np.ndarray
    grad_x: np.ndarray

    @property
    def dL_da(self) -> np.ndarray:
        return self.residual

    @property
    def dz_dx(self) -> np.ndarray:
        return self.A

    @property
    def dz_db(self) -> np.ndarray:
        return np.eye(len(self.b))

    def path(self, i: int, j: int) -> tuple[float, float, float]:
        """The local derivatives along the one path from ``A[i, j]`` to L, in backward order:
        ``(dL/da_i, da_i/dz_i, dz_i/dA_ij) = (r_i, sigma'(z_i), x_j)``; their product is ``grad_A[i, j]``.

        >>> g = dense_layer_gradients([[0.0]], [0.0], [2.0], [1.0])
        >>> g.path(0, 0), float(g.grad_A[0, 0])
        ((-0.5, 0.25, 2.0), -0.25)
        """
        m, n = self.A.shape
        if not (0 <= i < m and 0 <= j < n):
            raise ValueError(f"A has no entry ({i}, {j}): it is {m} x {n} (indices from 0)")
        return float(self.residual[i]), float(self.sigma_prime[i]), float(self.x[j])


def dense_layer_gradients(A, b, x, y) -> LayerGradients:
    """The forward pass and the backward pass (the chain rule) of ``L = 1/2 ||sigma(A x + b) - y||^2``.

    ``A`` is (m, n), ``b`` and ``y`` have length m, ``x`` length n; the gradients
    have the shapes of A, b and x. Raises ``ValueError`` for other shapes or
    non-finite entries.

    >>> g = dense_layer_gradients([[0.0, 1.0]], [0.0], [5.0, 0.0], [0.0])
    >>> float(g.z[0]), float(g.loss), g.grad_A.tolist(), g.grad_x.tolist()
    (0.0, 0.125, [[0.625, 0.0]], [0.0, 0.125])
    """
    A, b, x, y = _layer_arrays(A, b, x, y)
    z = A @ x + b
    a = sigmoid(z)
    residual = a - y
    slope = a * (1.0 - a)
    delta = residual * slope  # dL/dz: the diagonal Jacobian da/dz times dL/da
    return LayerGradients(
        A=A, b=b, x=x, y=y, z=z, a=a, residual=residual, loss=float(0.5 * residual @ residual),
        sigma_prime=slope, delta=delta,
        grad_A=np.outer(delta, x), grad_b=delta.copy(), grad_x=A.T @ delta,
    )


def nudged_loss_change(A, b, x, y, i: int, j: int, h: float) -> float:
    """What the loss does when one weight moves: ``L(A + h E_ij) - L(A)``, measured by two forward
    passes (no derivative involved). For small ``h`` it is about ``grad_A[i, j] * h``.

    >>> round(nudged_loss_change([[0.0]], [0.0], [2.0], [1.0], 0, 0, 1e-6) / 1e-6, 4)
    -0.25
    """
    A, b, x, y = _layer_arrays(A, b, x, y)
    if not (0 <= i < A.shape[0] and 0 <= j < A.shape[1]):
        raise ValueError(f"A has no entry ({i}, {j}): it is {A.shape[0]} x {A.shape[1]} (indices from 0)")
    if not np.isfinite(h):
        raise ValueError(f"the nudge h must be a finite number, got {h}")
    nudged = A.copy()
    nudged[i, j] += h
    return dense_layer_loss(nudged, b, x, y) - dense_layer_loss(A, b, x, y)
