"""mathviz.core.backprop against references that share none of its code: central finite
differences, the complex-step derivative, the chain rule as a product of explicit Jacobians,
and a Taylor bound on the nudge."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from mathviz.core.backprop import (
    dense_layer_gradients,
    dense_layer_loss,
    nudged_loss_change,
    sigmoid,
    sigmoid_slope,
)

ENTRY = 2.0  # entries in [-2, 2]; the error bounds below use it
SIZES = st.integers(1, 4)
MAX_SIGMA2 = 1 / (6 * np.sqrt(3))  # max |sigma''|, at z = ln(2 +- sqrt 3)


@st.composite
def layers(draw):
    m, n = draw(SIZES), draw(SIZES)
    entry = st.floats(-ENTRY, ENTRY, allow_nan=False, allow_infinity=False, width=64)
    A = draw(arrays(float, (m, n), elements=entry))
    b, y = (draw(arrays(float, (m,), elements=entry)) for _ in range(2))
    x = draw(arrays(float, (n,), elements=entry))
    return A, b, x, y


def _loss(A, b, x, y):
    """The loss written again, with complex arithmetic allowed (no abs, no conjugate): the
    complex-step reference needs a function analytic in every input."""
    z = A @ x + b
    r = 1 / (1 + np.exp(-z)) - y
    return 0.5 * np.sum(r * r)


def _complex_step(A, b, x, y, which: str, h: float = 1e-30) -> np.ndarray:
    """d loss / d (each entry of ``which``) as Im L(v + i h e_k) / h: no subtraction, so exact to
    rounding for any small h (the error is O(h^2) relative, 1e-60 here)."""
    args = {"A": A, "b": b, "x": x, "y": y}
    v = args[which]
    out = np.zeros(v.shape)
    for k in np.ndindex(v.shape):
        w = v.astype(complex)
        w[k] += 1j * h
        out[k] = _loss(**{**args, which: w}).imag / h
    return out


def _central(A, b, x, y, which: str, h: float = 1e-5) -> np.ndarray:
    args = {"A": A, "b": b, "x": x, "y": y}
    v = args[which]
    out = np.zeros(v.shape)
    for k in np.ndindex(v.shape):
        up, down = v.copy(), v.copy()
        up[k] += h
        down[k] -= h
        out[k] = (dense_layer_loss(**{**args, which: up}) - dense_layer_loss(**{**args, which: down})) / (2 * h)
    return out


# The central difference with h = 1e-5 errs by h^2/6 |L'''| (truncation) plus about eps L / h
# (rounding). With entries in [-2, 2] and at most 4 x 4, |z| <= 18, |r| <= 3, L <= 18, and a third
# derivative along one coordinate is at most 4 terms of (2^3) times products of sigma's derivatives
# (each under 1/4) and r: under 100. So truncation <= 1.7e-9 and rounding <= 2.2e-16 * 18 / 1e-5 =
# 4e-10: 1e-7 is 50 times that.
FD_TOL = 1e-7


@settings(max_examples=60, deadline=None)
@given(layers())
def test_gradients_match_central_differences(layer):
    A, b, x, y = layer
    g = dense_layer_gradients(A, b, x, y)
    for name, grad in (("A", g.grad_A), ("b", g.grad_b), ("x", g.grad_x)):
        np.testing.assert_allclose(grad, _central(A, b, x, y, name), rtol=0, atol=FD_TOL, err_msg=name)


@settings(max_examples=60, deadline=None)
@given(layers())
def test_gradients_match_the_complex_step_to_rounding(layer):
    A, b, x, y = layer
    g = dense_layer_gradients(A, b, x, y)
    assert g.loss == pytest.approx(float(_loss(A, b, x, y).real), rel=1e-14, abs=1e-300)
    for name, grad in (("A", g.grad_A), ("b", g.grad_b), ("x", g.grad_x)):
        np.testing.assert_allclose(grad, _complex_step(A, b, x, y, name), rtol=1e-12, atol=1e-15, err_msg=name)


@settings(max_examples=60, deadline=None)
@given(layers())
def test_shapes_intermediates_and_the_chain_rule_as_jacobians(layer):
    A, b, x, y = layer
    g = dense_layer_gradients(A, b, x, y)
    m, n = A.shape
    assert g.grad_A.shape == (m, n) and g.grad_b.shape == (m,) and g.grad_x.shape == (n,)
    # forward values, from their definitions
    np.testing.assert_allclose(g.z, A @ x + b, atol=1e-14)
    np.testing.assert_allclose(g.a, 1 / (1 + np.exp(-g.z)), rtol=1e-14)
    np.testing.assert_allclose(g.residual, g.a - y, atol=1e-14)
    assert g.loss == pytest.approx(0.5 * np.linalg.norm(g.a - y) ** 2, rel=1e-13, abs=1e-300)
    # the total derivative of a composition is the product of the Jacobians (the seed's chain rule):
    # dL/dx = J_z(x)^T J_a(z)^T dL/da with J_a(z) = diag(sigma'(z)), J_z(x) = A
    J_a = np.diag(g.a * (1 - g.a))
    np.testing.assert_allclose(g.grad_x, (J_a @ A).T @ g.residual, atol=1e-14)
    np.testing.assert_allclose(g.grad_b, J_a.T @ g.residual, atol=1e-14)
    # z = A x + b is linear in vec(A) with Jacobian kron(I_m, x^T) (row-major vec)
    np.testing.assert_allclose(g.grad_A.ravel(), np.kron(np.eye(m), x[None, :]).T @ (J_a.T @ g.residual),
                               atol=1e-14)
    # each entry of grad_A is the product of the local derivatives along its one path
    for i, j in np.ndindex(m, n):
        r, s, xj = g.path(i, j)
        assert g.grad_A[i, j] == pytest.approx(r * s * xj, rel=1e-14, abs=1e-300)
    np.testing.assert_array_equal(g.dz_dx, A)
    np.testing.assert_array_equal(g.dz_db, np.eye(m))
    np.testing.assert_array_equal(g.dL_da, g.residual)


@settings(max_examples=60, deadline=None)
@given(layers(), st.data(), st.sampled_from([1e-1, 1e-2, 1e-3]))
def test_a_nudge_changes_the_loss_by_grad_times_h_within_the_taylor_bound(layer, data, h):
    A, b, x, y = layer
    m, n = A.shape
    i, j = data.draw(st.integers(0, m - 1)), data.draw(st.integers(0, n - 1))
    g = dense_layer_gradients(A, b, x, y)
    change = nudged_loss_change(A, b, x, y, i, j, h)
    # L(w) along A_ij has L'' = x_j^2 (sigma'^2 + r sigma''): Taylor's remainder bounds the miss
    curvature = x[j] ** 2 * (1 / 16 + MAX_SIGMA2 * (1 + abs(y[i])))
    assert abs(change - g.grad_A[i, j] * h) <= 0.5 * h * h * curvature + 1e-15


def test_the_sigmoid_is_stable_and_its_slope_peaks_at_a_quarter():
    z = np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0])
    with np.errstate(all="raise"):
        s, d = sigmoid(z), sigmoid_slope(z)
    assert s[0] == 0.0 and s[-1] == 1.0 and s[2] == 0.5
    assert d.max() == 0.25 and np.all(d >= 0)
    zs = np.linspace(-8, 8, 2001)
    np.testing.assert_allclose(sigmoid_slope(zs), np.gradient(sigmoid(zs), zs), atol=1e-4)
    np.testing.assert_allclose(sigmoid(-zs), 1 - sigmoid(zs), atol=1e-15)


def test_a_worked_example_by_hand():
    # one neuron: z = 0.5*2 + 0 = 1, a = sigma(1), L = (a - 1)^2 / 2
    g = dense_layer_gradients([[0.5]], [0.0], [2.0], [1.0])
    a = 1 / (1 + np.exp(-1.0))
    assert g.loss == pytest.approx(0.5 * (a - 1) ** 2, rel=1e-15)
    assert g.grad_A[0, 0] == pytest.approx((a - 1) * a * (1 - a) * 2.0, rel=1e-14)
    assert g.grad_x[0] == pytest.approx((a - 1) * a * (1 - a) * 0.5, rel=1e-14)
    assert g.grad_b[0] == pytest.approx((a - 1) * a * (1 - a), rel=1e-14)


@pytest.mark.parametrize("args, words", [
    (([1.0, 2.0], [0.0], [1.0], [0.0]), "m x n matrix"),
    (([[1.0, 2.0]], [0.0], [1.0], [0.0]), "x must be a vector of length 2"),
    (([[1.0, 2.0]], [0.0, 1.0], [1.0, 1.0], [0.0]), "b must be a vector of length 1"),
    (([[1.0, 2.0]], [0.0], [1.0, 1.0], [[0.0]]), "y must be a vector of length 1"),
    (([[1.0, np.nan]], [0.0], [1.0, 1.0], [0.0]), "A has an entry that is not a finite"),
    (([[1.0, 2.0]], [0.0], [1.0, np.inf], [0.0]), "x has an entry that is not a finite"),
    ((np.zeros((0, 2)), [], [1.0, 1.0], []), "non-empty"),
])
def test_bad_arguments_raise_value_error(args, words):
    with pytest.raises(ValueError, match=words):
        dense_layer_gradients(*args)


def test_bad_nudges_raise_value_error():
    with pytest.raises(ValueError, match="no entry"):
        nudged_loss_change([[1.0]], [0.0], [1.0], [0.0], 0, 1, 0.1)
    with pytest.raises(ValueError, match="no entry"):
        dense_layer_gradients([[1.0]], [0.0], [1.0], [0.0]).path(1, 0)
    with pytest.raises(ValueError, match="finite"):
        nudged_loss_change([[1.0]], [0.0], [1.0], [0.0], 0, 0, float("nan"))
