"""Partial and directional derivatives against closed-form gradients."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathviz.core.expr import parse_function
from mathviz.core.optimize import (
    directional_derivative,
    directional_derivatives,
    partial_derivatives,
    unit_vector,
    vector_function,
)

coord = st.floats(-2, 2, allow_nan=False, allow_infinity=False)

# f, its gradient by hand
CASES = {
    "x^2*y - y^3/3": lambda x, y: (2 * x * y, x ** 2 - y ** 2),
    "sin(x)*cos(y)": lambda x, y: (np.cos(x) * np.cos(y), -np.sin(x) * np.sin(y)),
    "exp(-(x^2+y^2))": lambda x, y: (-2 * x * np.exp(-(x * x + y * y)), -2 * y * np.exp(-(x * x + y * y))),
}


@pytest.mark.parametrize("text", CASES)
@settings(max_examples=25, deadline=None)
@given(x=coord, y=coord)
def test_partials_are_the_closed_form_gradient(text, x, y):
    f = vector_function(parse_function(text, ("x", "y")))
    np.testing.assert_allclose(partial_derivatives(f, [x, y]), CASES[text](x, y), atol=1e-7)


@settings(max_examples=40, deadline=None)
@given(x=coord, y=coord, angle=st.floats(0, 2 * np.pi), length=st.floats(0.01, 100))
def test_directional_derivative_is_grad_dot_unit_direction(x, y, angle, length):
    f = lambda p: p[0] ** 2 * p[1] - p[1] ** 3 / 3  # noqa: E731 - a point function, scipy style
    g = np.array(CASES["x^2*y - y^3/3"](x, y))
    u = np.array([np.cos(angle), np.sin(angle)])
    expected = float(g @ u)
    assert directional_derivative(f, [x, y], length * u) == pytest.approx(expected, abs=1e-6)  # length ignored
    assert directional_derivatives(f, [x, y], angle) == pytest.approx(expected, abs=1e-6)
    # never more than |grad f|, and equal to it along the gradient
    assert expected <= np.linalg.norm(g) + 1e-12
    if np.linalg.norm(g) > 1e-6:
        assert directional_derivative(f, [x, y], g) == pytest.approx(np.linalg.norm(g), abs=1e-6)


def test_the_largest_directional_derivative_around_the_circle_is_along_the_gradient():
    f = vector_function(parse_function("x^2 + 3y", ("x", "y")))
    angles = np.linspace(0, 2 * np.pi, 3601)
    d = directional_derivatives(f, [2.0, 1.0], angles)
    assert d.max() == pytest.approx(5.0, abs=1e-5)
    assert angles[d.argmax()] == pytest.approx(np.arctan2(3, 4), abs=1e-3)
    assert d.min() == pytest.approx(-5.0, abs=1e-5)


def test_three_variables():
    f = lambda p: p[..., 0] * p[..., 1] * p[..., 2]  # noqa: E731
    np.testing.assert_allclose(partial_derivatives(f, [1.0, 2.0, 3.0]), [6.0, 3.0, 2.0], atol=1e-7)
    assert directional_derivative(f, [1.0, 2.0, 3.0], [0, 0, 5]) == pytest.approx(2.0, abs=1e-7)


@pytest.mark.parametrize("direction", [[0.0, 0.0], [np.nan, 1.0], [], [np.inf, 0.0]])
def test_a_zero_or_broken_direction_is_refused(direction):
    with pytest.raises(ValueError, match="non-zero finite vector"):
        directional_derivative(lambda p: p[0], [1.0, 1.0], direction)
    with pytest.raises(ValueError):
        unit_vector(direction)


def test_mismatched_dimensions_and_bad_points_are_refused():
    with pytest.raises(ValueError, match="coordinates"):
        directional_derivative(lambda p: p[0], [1.0, 1.0], [1.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="finite vector"):
        partial_derivatives(lambda p: p[0], [np.nan, 1.0])
