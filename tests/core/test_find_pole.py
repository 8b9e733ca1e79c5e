"""find_pole: a pole anywhere between the samples is found; bounded functions are left alone."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathviz.core.calculus import find_pole
from mathviz.core.expr import parse_function


@settings(max_examples=200, derandomize=True, deadline=None)
@given(c=st.floats(-9.99, 9.99), power=st.sampled_from([1, 2, 3]), offset=st.floats(-1e4, 1e4))
def test_a_pole_between_samples_is_found(c, power, offset):
    def f(x):
        return offset + 1.0 / (x - c) ** power

    found = find_pole(f, -10.0, 10.0)
    assert found is not None and abs(found - c) <= 0.01  # within a sample step


@settings(max_examples=100, derandomize=True, deadline=None)
@given(c=st.floats(-4.9, 4.9))
def test_a_pole_of_an_inverse_square_root_is_found(c):
    f = parse_function(f"1/sqrt(abs(x - ({c!r})))")
    found = find_pole(f, -5.0, 5.0)
    assert found is not None and abs(found - c) <= 0.01  # within a sample step


@pytest.mark.parametrize("text", ["x^2", "floor(x)", "sign(x)", "sin(1/x)", "1e9 * x", "exp(x)",
                                  "sqrt(x)", "log(x + 20.0001)", "abs(x)", "exp(-x^2/1e-4)",
                                  "sin(1000x)", "1e300 * x"])
def test_bounded_functions_have_no_pole(text):
    f = parse_function(text)
    assert find_pole(f, -10.0, 10.0) is None


@pytest.mark.parametrize("text, poles", [("1/x", [0.0]), ("tan(x)", [-np.pi / 2, np.pi / 2]), ("log(x)", [0.0]),
                                         ("1/(x - 0.0001) + 1e6", [1e-4]), ("1/(x^2 - 2)", [-2**0.5, 2**0.5]),
                                         ("exp(3x) + 1/(x-1.2345)", [1.2345])])
def test_known_poles(text, poles):
    found = find_pole(parse_function(text), -3.0, 3.0)
    assert found is not None
    assert min(abs(found - p) for p in poles) <= 0.003  # within a sample step


@pytest.mark.parametrize("text", ["exp(5x)", "x^10", "1e9 * x", "exp(-1/x^2)"])
def test_steep_but_smooth_functions_have_no_pole(text):
    assert find_pole(parse_function(text), -10.0, 10.0) is None
