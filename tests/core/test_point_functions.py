"""Functions of points in either convention: scipy.optimize's plain ``f(p)`` of one point and
the scenes' vectorised ``(..., d) -> (...)``, through the one helper ``evaluate``."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathviz.core.expr import parse_function
from mathviz.core.optimize import (
    evaluate,
    gradient_ascent,
    gradient_descent,
    numerical_gradient,
    numerical_hessian,
    vector_function,
)
from mathviz.core.optimizers import gradient_at, optimize_path, value_at

# the brief's example: a cap with its top at (1, -0.5)
CAP = lambda p: -(p[0] - 1) ** 2 - 2 * (p[1] + 0.5) ** 2  # noqa: E731


def cap_gradient(p):
    return np.array([-2 * (p[0] - 1), -4 * (p[1] + 0.5)])


POINT_FUNCTIONS = {
    "indexing": (CAP, cap_gradient),
    "matmul": (lambda p: float(p @ np.array([[2.0, 1.0], [1.0, 3.0]]) @ p),
               lambda p: 2 * np.array([[2.0, 1.0], [1.0, 3.0]]) @ p),
    "reduction": (lambda p: np.sum(np.sin(p)), lambda p: np.cos(p)),
    "unpacking": (lambda p: (lambda x, y: x * np.exp(y))(*p), lambda p: np.array([np.exp(p[1]), p[0] * np.exp(p[1])])),
}


@pytest.mark.parametrize("name", POINT_FUNCTIONS)
@pytest.mark.parametrize("x", [[0.0, 0.0], [1.0, 1.0], [0.3, -1.7], [2.0, 2.0]])
def test_numerical_gradient_of_point_functions_matches_the_closed_form(name, x):
    f, grad = POINT_FUNCTIONS[name]
    np.testing.assert_allclose(numerical_gradient(f, x), grad(np.array(x)), atol=1e-7)
    np.testing.assert_allclose(gradient_at(f, x), grad(np.array(x)), atol=1e-7)


def test_a_batch_of_points_for_a_point_function_gives_each_its_own_value_and_gradient():
    pts = np.array([[0.0, 0.0], [1.0, 2.0]])  # square: p[0] of the batch must not pass for x
    np.testing.assert_allclose(evaluate(CAP, pts), [CAP(p) for p in pts])
    grads = numerical_gradient(CAP, np.array([[[0.0, 0.0], [1.0, 2.0], [3.0, -1.0]]]))
    assert grads.shape == (1, 3, 2)
    np.testing.assert_allclose(grads[0], [cap_gradient(p) for p in [[0, 0], [1, 2], [3, -1]]], atol=1e-7)


def test_gradient_ascent_and_descent_accept_scipy_style_functions():
    run = gradient_ascent(CAP, [0.0, 0.0], learning_rate=0.2, steps=200)
    assert run.converged
    np.testing.assert_allclose(run.points[-1], [1.0, -0.5], atol=1e-5)
    assert run.values[0] == pytest.approx(CAP(np.zeros(2)))
    down = gradient_descent(lambda p: -CAP(p), [0.0, 0.0], learning_rate=0.2, steps=200)
    np.testing.assert_allclose(down.points, run.points, atol=1e-12)
    # the same climb with the vectorised twin of the function
    twin = vector_function(parse_function("-(x-1)^2 - 2(y+0.5)^2", ("x", "y")))
    np.testing.assert_allclose(gradient_ascent(twin, [0.0, 0.0], learning_rate=0.2, steps=200).points,
                               run.points, atol=1e-9)


def test_numerical_hessian_of_point_functions_matches_the_closed_form():
    np.testing.assert_allclose(numerical_hessian(CAP, [0.2, 0.3]), [[-2.0, 0.0], [0.0, -4.0]], atol=1e-6)
    f = lambda p: p[0] ** 2 * p[1] + np.exp(p[1])  # noqa: E731
    x, y = 0.7, -0.4
    np.testing.assert_allclose(numerical_hessian(f, [x, y]), [[2 * y, 2 * x], [2 * x, np.exp(y)]], atol=1e-6)


def test_optimizers_take_point_functions_and_vectorised_ones_alike():
    twin = vector_function(parse_function("(x-1)^2 + 2(y+0.5)^2", ("x", "y")))
    a = optimize_path(lambda p: -CAP(p), [0.0, 0.0], "adam", 0.1, 20)
    b = optimize_path(twin, [0.0, 0.0], "adam", 0.1, 20)
    np.testing.assert_allclose(a.points, b.points, atol=1e-9)
    assert value_at(twin, [1.0, 1.0]) == value_at(lambda p: CAP(p) * -1, [1.0, 1.0]) == pytest.approx(4.5)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4), st.integers(1, 6), st.integers(0, 2**31 - 1))
def test_vectorised_and_point_conventions_agree_on_random_batches(d, n, seed):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(d, d))
    pts = rng.normal(size=(n, d))
    vectorised = lambda p: np.einsum("...i,ij,...j->...", p, A, p) + p[..., 0]  # noqa: E731
    pointwise = lambda p: float(p @ A @ p + p[0])  # noqa: E731
    indexed = lambda p: sum(A[i, j] * p[i] * p[j] for i in range(d) for j in range(d)) + p[0]  # noqa: E731
    expected = np.array([pointwise(p) for p in pts])
    for f in (vectorised, pointwise, indexed):
        np.testing.assert_allclose(evaluate(f, pts), expected, rtol=1e-10, atol=1e-10)
        np.testing.assert_allclose(numerical_gradient(f, pts), pts @ (A + A.T) + np.eye(d)[0], atol=1e-6)


def test_vectorised_functions_are_called_once_on_the_whole_batch():
    calls = []

    def f(p):
        calls.append(np.shape(p))
        return (np.asarray(p) ** 2).sum(axis=-1)

    g = numerical_gradient(f, np.zeros((5, 3)))
    assert g.shape == (5, 3)
    assert calls[0] == (15, 3) and len(calls) == 2 * 3  # each side: one batch call and two spot checks


def test_a_point_function_that_fails_on_every_point_still_raises():
    with pytest.raises(ZeroDivisionError):
        evaluate(lambda p: 1 / 0, np.zeros((3, 2)))
