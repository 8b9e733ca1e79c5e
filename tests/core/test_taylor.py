"""Taylor coefficients against closed forms, numpy's polynomial algebra and Cauchy's integral."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathviz.core.calculus import (
    taylor_coefficients,
    taylor_errors,
    taylor_polynomial,
    taylor_series,
)
from mathviz.core.expr import parse_function

N = 8


def close(coeffs, expected):
    """The brief's accuracy: 1e-8 absolute, or relative where |a_k| > 1."""
    expected = np.asarray(expected, dtype=float)
    scale = np.maximum(1.0, np.abs(expected))
    assert np.all(np.abs(np.asarray(coeffs) - expected) <= 1e-8 * scale), (coeffs, expected)


def closed_form(name: str, x0: float) -> list[float]:
    """Coefficients written down by hand: derivatives at x0 divided by k!."""
    k = np.arange(N + 1)
    fact = np.array([math.factorial(int(i)) for i in k], dtype=float)
    if name == "exp(x)":
        return list(np.exp(x0) / fact)
    if name == "sin(x)":
        return list(np.sin(x0 + k * np.pi / 2) / fact)
    if name == "cos(x)":
        return list(np.cos(x0 + k * np.pi / 2) / fact)
    if name == "log(1 + x)":
        return [np.log1p(x0)] + [(-1.0) ** (i + 1) / (i * (1 + x0) ** i) for i in k[1:]]
    if name == "1/(1 - x)":
        return list(1.0 / (1 - x0) ** (k + 1))
    raise KeyError(name)


@pytest.mark.parametrize("name", ["exp(x)", "sin(x)", "cos(x)", "log(1 + x)", "1/(1 - x)"])
@pytest.mark.parametrize("x0", [0.0, 0.5, -0.3, 2.5])
def test_closed_forms(name, x0):
    if name == "1/(1 - x)" and x0 == 2.5:
        x0 = 3.0
    close(taylor_coefficients(parse_function(name), x0, N), closed_form(name, x0))


def test_known_series_at_zero():
    close(taylor_coefficients(parse_function("tan(x)"), 0.0, 7), [0, 1, 0, 1 / 3, 0, 2 / 15, 0, 17 / 315])
    close(taylor_coefficients(parse_function("atan(x)"), 0.0, 7), [0, 1, 0, -1 / 3, 0, 1 / 5, 0, -1 / 7])
    close(taylor_coefficients(parse_function("sqrt(1 + x)"), 0.0, 3), [1, 1 / 2, -1 / 8, 1 / 16])
    close(taylor_coefficients(parse_function("cosh(x)"), 0.0, 4), [1, 0, 1 / 2, 0, 1 / 24])


polys = st.lists(st.integers(-9, 9).map(float), min_size=1, max_size=7)


@settings(max_examples=60, deadline=None)
@given(polys, st.floats(-3, 3, allow_nan=False))
def test_polynomials_against_numpy(coeffs, x0):
    """A polynomial's Taylor coefficients at x0 are its coefficients shifted to x0."""
    text = " + ".join(f"({c})*x^{k}" for k, c in enumerate(coeffs))
    poly = np.polynomial.Polynomial(coeffs)
    expected = [poly.deriv(k)(x0) / math.factorial(k) if k <= poly.degree() else 0.0 for k in range(N + 1)]
    close(taylor_coefficients(parse_function(text), x0, N), expected)


# compositions written twice: once for the parser, once with numpy's complex functions (Cauchy)
PIECES = [("sin(x)", np.sin), ("exp(x)", np.exp), ("cos(x)", np.cos), ("x^2", lambda z: z**2),
          ("1/(2 + x^2)", lambda z: 1 / (2 + z**2)), ("atan(x)", np.arctan), ("tanh(x)", np.tanh),
          ("sqrt(4 + x^2)", lambda z: np.sqrt(4 + z**2)), ("log(3 + x^2)", lambda z: np.log(3 + z**2))]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(PIECES), st.sampled_from(PIECES), st.floats(-1.5, 1.5), st.floats(-2, 2))
def test_compositions_against_cauchy(outer, inner, scale, x0):
    (text_o, fn_o), (text_i, fn_i) = outer, inner
    text = text_o.replace("x", f"({scale!r} * {text_i})").replace("e(", "e(")  # outer(scale * inner(x))
    if text_o == "exp(x)":
        text = f"exp({scale!r} * {text_i})"
    f = parse_function(text)
    reference = taylor_coefficients(lambda z: fn_o(scale * fn_i(z)), x0, N, radius=0.25)
    ours = taylor_coefficients(f, x0, N)
    # Cauchy on a radius-0.25 circle has rounding near eps * max|f| / 0.25**k: scale the bound by it
    z = x0 + 0.25 * np.exp(2j * np.pi * np.arange(128) / 128)
    size = np.max(np.abs(fn_o(scale * fn_i(z))))
    bound = 1e-8 * np.maximum(1.0, np.abs(reference)) + 1e-12 * size / 0.25 ** np.arange(N + 1)
    assert np.all(np.abs(ours - reference) <= bound)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["exp(x)", "sin(x)", "log(2 + x)", "1/(3 - x)", "x^3 - x"]),
       st.floats(-1, 1), st.floats(-0.5, 0.5), st.integers(0, N))
def test_polynomial_matches_remainder(text, x0, dx, n):
    """The polynomial agrees with f up to the next term: |f - p_n| <= C |dx|^(n+1)."""
    f = parse_function(text)
    p = taylor_polynomial(f, x0, n)
    assert p.order == n and p.x0 == x0
    full = taylor_polynomial(f, x0, 30)  # far past n: the series itself, to rounding
    remainder = abs(float(full(x0 + dx)) - float(p(x0 + dx)))
    assert remainder <= 2.0 ** (n + 1) * abs(dx) ** (n + 1) * 10 + 1e-13
    assert float(p(x0)) == pytest.approx(float(f(x0)), abs=1e-14)


def test_series_is_vectorised_and_matches_pointwise():
    f = parse_function("exp(sin(x)) / (2 + cos(x))")
    xs = np.linspace(-2, 2, 7)
    grid = taylor_series(f, xs, 6)
    assert grid.shape == (7, 7)
    for i, x in enumerate(xs):
        np.testing.assert_allclose(grid[:, i], taylor_coefficients(f, x, 6), rtol=0, atol=1e-15)


def test_errors_fall_inside_and_grow_outside_the_radius():
    f = parse_function("log(1 + x)")
    inside, outside = taylor_errors(f, 0.0, 0.5, N), taylor_errors(f, 0.0, 1.5, N)
    assert np.all(np.diff(inside) < 0)
    assert outside[-1] > outside[1]
    # against the closed form: the alternating series' partial sums
    partial = np.cumsum([0.0] + [(-1) ** (k + 1) * 0.5**k / k for k in range(1, N + 1)])
    np.testing.assert_allclose(inside, abs(np.log(1.5) - partial), rtol=1e-12)


@pytest.mark.parametrize("text, x0, message", [
    ("abs(x)", 0.0, "not differentiable"),
    ("sqrt(x)", 0.0, "not differentiable"),
    ("log(x)", 0.0, "not finite"),
    ("1/x", 0.0, "not finite"),
])
def test_no_series_is_refused(text, x0, message):
    with pytest.raises(ValueError, match=message):
        taylor_coefficients(parse_function(text), x0, 4)


@pytest.mark.parametrize("n", [-1, 1.5, True, "3", 41])
def test_bad_order_is_refused(n):
    with pytest.raises(ValueError, match="order n"):
        taylor_coefficients(parse_function("exp(x)"), 0.0, n)


def test_bad_centre_and_non_expressions():
    with pytest.raises(ValueError, match="x0"):
        taylor_coefficients(parse_function("exp(x)"), float("nan"), 3)
    with pytest.raises(ValueError, match="parsed expression"):
        taylor_series(lambda x: x, 0.0, 3)
    with pytest.raises(ValueError, match="complex"):
        taylor_coefficients(lambda x: float(x), 0.0, 3)


@pytest.mark.parametrize("text", ["log(2 + x)", "atan(x)", "asin(x / 2)", "softplus(x)", "atan2(x, 2)", "exp(x)"])
def test_order_zero_is_the_value(text):
    f = parse_function(text)
    for x0 in (0.0, 0.3):
        assert taylor_coefficients(f, x0, 0).tolist() == pytest.approx([float(f(x0))], abs=1e-15)
