"""Secant slopes against closed-form derivatives."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathviz.core.calculus import (
    central_slope,
    convergence_order,
    derivative,
    halving_steps,
    require_finite,
    secant_errors,
    secant_slope,
    tangent_line,
)
from mathviz.core.expr import parse_function


def test_exact_small_cases():
    square = lambda x: x**2  # noqa: E731
    assert secant_slope(square, 1.0, 1.0) == 3.0  # (4 - 1) / 1
    assert secant_slope(square, 2.0, -1.0) == 3.0  # (1 - 4) / -1
    assert central_slope(square, 3.0, 0.5) == 6.0
    np.testing.assert_array_equal(secant_slope(square, 0.0, np.array([[1.0, 2.0]])), [[1.0, 2.0]])


def test_zero_step_is_refused():
    with pytest.raises(ValueError, match="non-zero"):
        secant_slope(np.sin, 0.0, np.array([0.1, 0.0]))


polys = st.lists(st.floats(-3, 3, allow_nan=False), min_size=2, max_size=5)


@settings(max_examples=100, deadline=None)
@given(polys, st.floats(-2, 2))
def test_secant_slopes_approach_the_derivative(coeffs, x0):
    p = np.polynomial.Polynomial(coeffs)
    exact = p.deriv()(x0)
    h = halving_steps(0.5, 12)
    errors = np.abs(secant_slope(p, x0, h) - exact)
    # error = |f''(x0)/2 h + ...|: bounded by C h, so it shrinks towards zero
    assert errors[-1] <= errors[0] + 1e-9
    assert errors[-1] < 1e-2 * (1 + np.abs(coeffs).sum())
    assert abs(derivative(p, x0) - exact) < 1e-7 * (1 + np.abs(coeffs).sum())


@settings(max_examples=50, deadline=None)
@given(st.floats(-3, 3), st.floats(0.2, 3))
def test_forward_error_is_first_order_and_central_second(x0, scale):
    f = lambda x: np.sin(scale * x) + x**3  # noqa: E731
    if abs(-scale**2 * np.sin(scale * x0) + 6 * x0) < 0.3:
        return  # f''(x0) ~ 0: the first-order term vanishes there
    # small steps, so the h**2 term stays well below the first-order one
    err = secant_errors(f, x0, halving_steps(0.005, 6))
    assert 0.8 < convergence_order(err["h"], err["forward"]) < 1.2


def test_central_order_on_a_cubic():
    err = secant_errors(lambda x: x**3, 1.0, halving_steps(0.1, 6))
    assert convergence_order(err["h"], err["central"]) == pytest.approx(2.0, abs=0.05)


def test_tangent_line_of_expression():
    f = parse_function("x^3/6 - x + 2")
    slope, intercept = tangent_line(f, 1.0)
    assert slope == pytest.approx(-0.5, abs=1e-10)
    assert intercept == pytest.approx(f(1.0) + 0.5, abs=1e-10)


def test_require_finite_names_the_place():
    with pytest.raises(ValueError, match=r"not finite at x = -1"):
        require_finite(parse_function("log(x)"), -1, 1)
    with pytest.raises(ValueError, match="not a finite number"):
        require_finite(np.sin, 0, float("inf"))
    require_finite(np.sin, -5, 5)


def test_exact_slopes_of_polynomials():
    from fractions import Fraction

    from mathviz.core.calculus import exact_derivative, exact_secant_slope, secant_slope
    from mathviz.core.expr import parse_function

    f = parse_function("x^3/6 - x + 2")
    assert exact_derivative(f, 1.0) == Fraction(-1, 2)
    # (f(1 + h) - f(1)) / h = (h^2 + 3h - 3) / 6
    for h in (2.0, 1.0, 0.5, 2.0 / 256, -1.5):
        exact = exact_secant_slope(f, 1.0, h)
        assert exact == (Fraction(h) ** 2 + 3 * Fraction(h) - 3) / 6
        assert float(exact) == pytest.approx(float(secant_slope(f, 1.0, h)), abs=1e-12)
    assert exact_derivative(parse_function("sin(x)"), 0.0) is None
