"""Integration core: Riemann sums, the signed area split by sign, the running integral.

References are independent of the code under test: exact antiderivatives of
polynomials (numpy.polynomial), scipy.integrate.quad, and explicit loops.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.polynomial import Polynomial
from scipy.integrate import quad

from mathviz.core.calculus import (
    RIEMANN_RULES,
    SignedArea,
    convergence_order,
    riemann_points,
    riemann_rectangles,
    riemann_sum,
    running_integral,
    sign_changes,
    signed_area,
)
from mathviz.core.expr import parse_function

finite = dict(allow_nan=False, allow_infinity=False)


class RootedPolynomial:
    """``c * prod(x - r)``, evaluated as a product (accurate near the roots, unlike the
    monomial form), with its exact antiderivative taken about the interval's middle."""

    def __init__(self, scale: float, roots, middle: float):
        self.scale, self.roots, self.middle = scale, np.asarray(roots, dtype=float), middle
        self._antiderivative = (scale * Polynomial.fromroots(self.roots - middle)).integ()

    def __call__(self, x):
        x = np.asarray(x, dtype=float)
        return self.scale * np.prod(x[..., None] - self.roots, axis=-1)

    def integral(self, lo, hi):
        """Exact ``∫_lo^hi`` from the antiderivative (about the middle: little cancellation)."""
        P = self._antiderivative
        return P(np.asarray(hi, dtype=float) - self.middle) - P(lo - self.middle)


@st.composite
def polynomials_with_roots(draw, min_roots=1, max_roots=5):
    """``(p, a, b, roots)``: p = c * prod(x - r) with every root r inside [a, b]."""
    a = draw(st.floats(-5, 4, **finite))
    b = a + draw(st.floats(0.5, 5, **finite))
    roots = sorted(draw(st.lists(st.floats(a, b, **finite), min_size=min_roots, max_size=max_roots)))
    scale = draw(st.floats(0.1, 10, **finite)) * draw(st.sampled_from([-1.0, 1.0]))
    return RootedPolynomial(scale, roots, (a + b) / 2), a, b, roots


def exact_split(p: RootedPolynomial, a: float, b: float, roots) -> tuple[float, float]:
    """Area above and below the axis from the known roots and the exact antiderivative."""
    cuts = [a, *[r for r in roots if a < r < b], b]
    pieces = [p.integral(lo, hi) for lo, hi in zip(cuts[:-1], cuts[1:])]
    return sum(x for x in pieces if x > 0), sum(x for x in pieces if x < 0)


def magnitude(p, a: float, b: float) -> float:
    """∫|p| on [a, b]: the scale the tolerances are relative to."""
    return quad(lambda x: abs(float(p(x))), a, b, limit=200)[0] + 1e-300


# -- signed area -----------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(polynomials_with_roots())
def test_total_agrees_with_quad_and_the_exact_antiderivative(case):
    p, a, b, _ = case
    result = signed_area(p, a, b)
    scale = magnitude(p, a, b)
    assert result.total == pytest.approx(p.integral(a, b), rel=1e-8, abs=1e-9 * scale)
    assert result.total == pytest.approx(quad(lambda x: float(p(x)), a, b, epsabs=1e-13, epsrel=1e-12, limit=200)[0],
                                         rel=1e-8, abs=1e-9 * scale)
    assert result.total == result.positive + result.negative


@settings(max_examples=60, deadline=None)
@given(polynomials_with_roots())
def test_positive_and_negative_parts_match_the_exact_split(case):
    p, a, b, roots = case
    # sign changes closer than one sampling step (1/2000 of the interval) are documented
    # to go unseen; keep the roots apart by a few steps
    assume(all(r2 - r1 > 3 * (b - a) / 2000 for r1, r2 in zip(roots, roots[1:])))
    result = signed_area(p, a, b)
    above, below = exact_split(p, a, b, roots)
    scale = magnitude(p, a, b)
    assert result.positive >= 0 >= result.negative
    assert result.positive == pytest.approx(above, rel=1e-8, abs=1e-9 * scale)
    assert result.negative == pytest.approx(below, rel=1e-8, abs=1e-9 * scale)
    # and the parts are what quad gives for the positive and negative parts of p
    inside = [r for r in roots if a < r < b]
    ref_pos = quad(lambda x: max(float(p(x)), 0.0), a, b, points=inside or None, limit=200)[0]
    assert result.positive == pytest.approx(ref_pos, rel=1e-7, abs=1e-8 * scale)


@settings(max_examples=40, deadline=None)
@given(polynomials_with_roots())
def test_reversed_bounds_negate_the_total_and_swap_the_parts(case):
    p, a, b, _ = case
    forward, backward = signed_area(p, a, b), signed_area(p, b, a)
    assert backward.total == pytest.approx(-forward.total, rel=1e-12, abs=1e-14)
    assert backward.positive == pytest.approx(-forward.negative, rel=1e-12, abs=1e-14)
    assert backward.negative == pytest.approx(-forward.positive, rel=1e-12, abs=1e-14)
    assert backward.positive >= 0 >= backward.negative


def test_empty_interval_is_zero():
    assert signed_area(np.sin, 1.5, 1.5) == SignedArea(0.0, 0.0, 0.0, ())


def test_roots_are_the_sign_changes():
    f = parse_function("x^3 - 3x + 1")  # roots 2 cos(2 pi k / 9 ...)
    expected = sorted(2 * math.cos(t) for t in (2 * math.pi / 9, 4 * math.pi / 9, 8 * math.pi / 9))
    np.testing.assert_allclose(signed_area(f, -2, 2).roots, expected, atol=1e-12)
    # touching zero without crossing is not a sign change
    assert sign_changes(lambda x: (x - 0.3) ** 2, -1, 1).size == 0


def test_smooth_non_polynomial_against_quad():
    f = parse_function("sin(3x) + 0.2")
    result = signed_area(f, -1, 2.5)
    ref = quad(f, -1, 2.5, epsabs=1e-13, epsrel=1e-12)[0]
    assert result.total == pytest.approx(ref, rel=1e-10)
    ref_neg = quad(lambda x: min(float(f(x)), 0.0), -1, 2.5, points=result.roots, limit=200)[0]
    assert result.negative == pytest.approx(ref_neg, rel=1e-8)


@pytest.mark.parametrize(
    "text, a, b, where",
    [
        ("log(x)", -1, 1, "x = -1"),
        ("sqrt(x - 0.5)", 0, 1, "x = 0"),
        ("1/x", -1, 1, "x = 0"),
        ("x", -math.inf, 1, "a = -inf"),
        ("x", 0, math.nan, "b = nan"),
    ],
)
def test_not_finite_somewhere_is_refused_saying_where(text, a, b, where):
    with pytest.raises(ValueError, match="not (a )?finite") as err:
        signed_area(parse_function(text), a, b)
    assert where in str(err.value)


def test_a_pole_between_samples_is_refused():
    with pytest.raises(ValueError, match="integrated accurately"):
        signed_area(parse_function("1/(x - 0.30001)"), 0, 1)


# -- Riemann sums ----------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(polynomials_with_roots(max_roots=4), st.integers(1, 300), st.sampled_from(RIEMANN_RULES))
def test_riemann_sum_equals_the_explicit_sum(case, n, rule):
    p, a, b, _ = case
    h = (b - a) / n
    offset = {"left": 0.0, "right": 1.0, "midpoint": 0.5}[rule]
    explicit = math.fsum(float(p(a + (i + offset) * h)) * h for i in range(n))
    scale = max(1.0, float(np.abs(p(np.linspace(a, b, 50))).max()) * (b - a))
    assert riemann_sum(p, a, b, n, rule) == pytest.approx(explicit, rel=1e-12, abs=1e-12 * scale)


def test_rectangles_cover_the_interval_and_sample_inside_their_strip():
    edges, samples, heights = riemann_rectangles(np.cos, -1.0, 2.0, 6, "midpoint")
    assert edges.shape == (7,) and samples.shape == heights.shape == (6,)
    assert edges[0] == -1.0 and edges[-1] == 2.0
    np.testing.assert_allclose(samples, (edges[:-1] + edges[1:]) / 2)
    np.testing.assert_allclose(heights, np.cos(samples))
    np.testing.assert_allclose(riemann_points(-1.0, 2.0, 6, "left"), edges[:-1])
    np.testing.assert_allclose(riemann_points(-1.0, 2.0, 6, "right"), edges[1:])


def test_constant_function_and_reversed_interval():
    f = parse_function("3")
    assert riemann_sum(f, 0, 2, 5) == pytest.approx(6.0)
    assert riemann_sum(f, 2, 0, 5, "right") == pytest.approx(-6.0)


@pytest.mark.parametrize("bad", [0, -3, 2.5, True])
def test_riemann_needs_a_whole_positive_n(bad):
    with pytest.raises(ValueError, match="whole number"):
        riemann_sum(np.sin, 0, 1, bad)


def test_riemann_refuses_an_unknown_rule_and_a_non_finite_height():
    with pytest.raises(ValueError, match="left, right, midpoint"):
        riemann_sum(np.sin, 0, 1, 4, "trapezoid")
    with pytest.raises(ValueError, match="x = 0"):
        riemann_sum(parse_function("1/x"), -1, 1, 4, "right")


@pytest.mark.parametrize("rule, order", [("left", 1), ("right", 1), ("midpoint", 2)])
def test_convergence_order_of_each_rule(rule, order):
    f = parse_function("exp(sin(x)) + x")  # smooth, not periodic on [0, 2]: no lucky cancellation
    exact = signed_area(f, 0, 2).total
    n = 2 ** np.arange(3, 11)
    errors = np.array([abs(riemann_sum(f, 0, 2, int(k), rule) - exact) for k in n])
    assert convergence_order(2.0 / n, errors) == pytest.approx(order, abs=0.05)


# -- the running integral --------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(polynomials_with_roots(max_roots=4), st.lists(st.floats(0, 1, **finite), min_size=1, max_size=20))
def test_running_integral_matches_the_exact_antiderivative(case, fractions):
    p, a, b, _ = case
    xs = a + (b - a) * np.array(fractions)
    scale = magnitude(p, a, b)
    np.testing.assert_allclose(running_integral(p, a, xs), p.integral(a, xs), rtol=1e-9, atol=1e-10 * scale)


def test_running_integral_ends_at_the_total_and_its_slope_is_f():
    f = parse_function("x^3 - 3x + 1")
    xs = np.linspace(-2, 2, 401)
    F = running_integral(f, -2, xs)
    assert F.shape == (401,) and F[0] == 0
    assert F[-1] == pytest.approx(signed_area(f, -2, 2).total, rel=1e-12)
    slope = np.gradient(F, xs, edge_order=2)
    np.testing.assert_allclose(slope[1:-1], f(xs[1:-1]), atol=2e-4)


def test_running_integral_with_a_kink_falls_back_to_quad():
    f = parse_function("abs(x - 0.123) - 0.5")
    xs = np.array([-1.0, 0.0, 0.123, 0.7, 1.0])
    P = lambda x: 0.5 * (x - 0.123) * abs(x - 0.123) - 0.5 * x  # noqa: E731  exact antiderivative
    np.testing.assert_allclose(running_integral(f, -1.0, xs), P(xs) - P(-1.0), atol=1e-10)


def test_running_integral_accepts_any_shape_and_points_left_of_a():
    out = running_integral(lambda t: 2 * t, 1.0, np.array([[0.0, 1.0], [2.0, 3.0]]))
    np.testing.assert_allclose(out, [[-1.0, 0.0], [3.0, 8.0]], atol=1e-12)
    with pytest.raises(ValueError, match="finite"):
        running_integral(np.sin, 0.0, [1.0, math.inf])


# -- exact values of polynomials ------------------------------------------------------------

from fractions import Fraction  # noqa: E402

from mathviz.core.calculus import exact_integral, exact_riemann_sum, polynomial_coefficients  # noqa: E402


@pytest.mark.parametrize("text, coeffs", [
    ("x^3 - 3x + 1", [1, -3, 0, 1]),
    ("(x + 1)^2 / 4", [Fraction(1, 4), Fraction(1, 2), Fraction(1, 4)]),
    ("0.1 x", [0, Fraction(1, 10)]),
    ("-x*x + 2", [2, 0, -1]),
    ("x^2 - x^2", [0]),
])
def test_polynomial_coefficients_are_exact(text, coeffs):
    assert polynomial_coefficients(parse_function(text)) == [Fraction(c) for c in coeffs]


@pytest.mark.parametrize("text", ["sin(x)", "pi*x", "x^0.5", "1/x", "2^x", "x^(1/2)", "x^100"])
def test_anything_but_a_rational_polynomial_has_no_exact_value(text):
    f = parse_function(text)
    assert polynomial_coefficients(f) is None
    assert exact_integral(f, 0.5, 1.0) is None and exact_riemann_sum(f, 0.5, 1.0, 4) is None


@pytest.mark.parametrize("rule", ["left", "right", "midpoint"])
@pytest.mark.parametrize("text, a, b", [("x^3 - 3x + 1", -2.0, 2.0), ("x^3 - x", -1.5, 1.2),
                                         ("0.3x^4 - x/7 + 2", -0.7, 3.1)])
def test_exact_sums_and_integrals_agree_with_the_floating_point_ones(rule, text, a, b):
    f = parse_function(text)
    for n in (4, 8, 100, 512):
        exact = exact_riemann_sum(f, a, b, n, rule)
        assert float(exact) == pytest.approx(riemann_sum(f, a, b, n, rule), rel=1e-12, abs=1e-12)
    assert float(exact_integral(f, a, b)) == pytest.approx(signed_area(f, a, b).total, rel=1e-10, abs=1e-10)


def test_the_default_sums_are_the_ones_the_issue_names():
    f = parse_function("x^3 - 3x + 1")
    assert [exact_riemann_sum(f, -2.0, 2.0, n) for n in (4, 8, 16)] == [2, 3, Fraction(7, 2)]
    assert exact_integral(f, -2.0, 2.0) == 4
