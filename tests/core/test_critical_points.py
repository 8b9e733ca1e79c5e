"""Critical points against polynomials built from their roots, and closed forms."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathviz.core.calculus import KINDS, critical_points, derivatives_at
from mathviz.core.expr import parse_function


def found(text, a, b):
    return [(round(p.x, 7), p.kind) for p in critical_points(parse_function(text), a, b)]


def test_the_three_kinds_and_the_silent_second_derivative():
    points = critical_points(parse_function("3x^5 - 5x^3"), -1.4, 1.4)
    assert [(round(p.x, 9), p.kind) for p in points] == [(-1.0, "maximum"), (0.0, "neither"), (1.0, "minimum")]
    assert [p.second for p in points] == pytest.approx([-30.0, 0.0, 30.0], abs=1e-9)
    assert [p.order for p in points] == [2, 3, 2]
    assert [(p.left, p.right) for p in points] == [(1, -1), (-1, -1), (-1, 1)]
    assert [p.value for p in points] == pytest.approx([2.0, 0.0, -2.0], abs=1e-12)


@pytest.mark.parametrize("text, kind, order", [
    ("x^3", "neither", 3), ("x^4", "minimum", 4), ("-x^4", "maximum", 4), ("x^5", "neither", 5),
    ("x^6", "minimum", 6), ("1 - cos(x)", "minimum", 2), ("x^3 + x^4", "neither", 3),
])
def test_flat_points_at_zero(text, kind, order):
    (point,) = critical_points(parse_function(text), -0.5, 0.5)
    assert point.x == pytest.approx(0.0, abs=1e-7)
    assert (point.kind, point.order) == (kind, order)
    assert point.second == pytest.approx(1.0 if order == 2 else 0.0, abs=1e-9)  # 1 - cos(x): f''(0) = 1


def test_closed_forms():
    xs = [p.x for p in critical_points(parse_function("sin(x)"), -7, 7)]
    np.testing.assert_allclose(xs, np.pi * np.array([-1.5, -0.5, 0.5, 1.5]), atol=1e-12)
    assert found("exp(-x^2)", -2, 2) == [(0.0, "maximum")]
    assert found("x^3 + 1e-6 x", -2, 2) == []  # nearly flat at 0, but the slope never vanishes
    assert found("x^2", 0, 1) == [(0.0, "minimum")]  # at an end of the interval
    assert found("x^4 - 4x^3 + 6x^2 - 4x + 1", -1, 3) == [(1.0, "minimum")]  # (x-1)^4 expanded: rounding


ROOTS = st.lists(st.sampled_from([-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5]), min_size=1, max_size=3, unique=True)


@settings(max_examples=60, deadline=None)
@given(ROOTS, st.lists(st.integers(1, 3), min_size=3, max_size=3), st.sampled_from([-2.0, -1.0, 0.5, 3.0]))
def test_polynomials_built_from_their_critical_points(roots, multiplicities, scale):
    """f' = scale * prod (x - r)^m: f' vanishes exactly at the r; f has a min or max there iff m is odd."""
    roots = sorted(roots)
    slope = np.polynomial.Polynomial([scale])
    for r, m in zip(roots, multiplicities):
        slope = slope * np.polynomial.Polynomial([-r, 1.0]) ** m
    f = slope.integ()
    text = " + ".join(f"({float(c)!r})*x^{k}" for k, c in enumerate(f.coef) if c)
    points = critical_points(parse_function(text), -2.0, 2.0)
    assert [p.x for p in points] == pytest.approx(roots, abs=1e-4)
    for p, r, m in zip(points, roots, multiplicities):
        before, after = np.sign(slope(r - 0.1)), np.sign(slope(r + 0.1))
        expected = "neither" if before == after else ("minimum" if before < 0 else "maximum")
        assert p.kind == expected
        assert p.order == m + 1  # a root of f' of multiplicity m: f^(m+1) is the first non-zero
        assert p.kind in KINDS


@pytest.mark.parametrize("text, a, b, message", [
    ("2", 0, 1, "constant on \\[0, 1\\]"),
    ("sin(x)^2 + cos(x)^2", -1, 1, "constant"),
    ("max(x, 0)", -1, -0.2, "constant"),
    ("abs(x)", -1, 1, "no derivative at x = 0"),
    ("1/x", -1, 1, "not finite"),
    ("x^2", 1, 0, "a < b"),
])
def test_refusals(text, a, b, message):
    with pytest.raises(ValueError, match=message):
        critical_points(parse_function(text), a, b)


def test_derivatives_at_are_exact_for_polynomials():
    values = derivatives_at(parse_function("x^5"), np.array([1.0, 2.0]), 5)
    np.testing.assert_array_equal(values[:, 1], [32, 80, 160, 240, 240, 120])
