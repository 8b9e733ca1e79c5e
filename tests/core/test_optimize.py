"""mathviz.core.optimize against closed forms: quadratics, polynomials, circles."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathviz.core.expr import parse_function
from mathviz.core.optimize import (
    comparison_rates,
    contour_levels,
    contour_segments,
    contour_tangent,
    gradient_ascent,
    gradient_descent,
    grid_maxima,
    level_curve_near,
    numerical_gradient,
    numerical_hessian,
    run_outcome,
    stability_limit,
    vector_function,
)

finite = st.floats(-3, 3, allow_nan=False, allow_infinity=False)


def concave_quadratic(eigenvalues, angle, center, top):
    """``f(x) = top - (x - c)^T A (x - c) / 2`` with ``A = R diag(eigenvalues) R^T``: its gradient and A."""
    c, s = np.cos(angle), np.sin(angle)
    rot = np.array([[c, -s], [s, c]])
    A = rot @ np.diag(eigenvalues) @ rot.T
    center = np.asarray(center, dtype=float)

    def f(p):
        d = np.asarray(p, dtype=float) - center
        return top - 0.5 * np.einsum("...i,ij,...j->...", d, A, d)

    def grad(p):
        return -A @ (np.asarray(p, dtype=float) - center)

    return f, grad, A


quadratics = st.tuples(
    st.lists(st.floats(0.5, 4.0), min_size=2, max_size=2),
    st.floats(0, np.pi),
    st.tuples(finite, finite),
    st.floats(-5, 5),
)


@settings(max_examples=60, deadline=None)
@given(quadratics, st.tuples(finite, finite), st.floats(0.05, 1.0))
def test_ascent_climbs_monotonically_and_reaches_the_closed_form_maximum(quad, x0, fraction):
    eigenvalues, angle, center, top = quad
    f, grad, A = concave_quadratic(eigenvalues, angle, center, top)
    L = max(eigenvalues)
    eta = fraction / L  # at most 1/L, well inside the stability limit 2/L
    run = gradient_ascent(f, x0, learning_rate=eta, steps=5000, grad=grad, tol=1e-10)
    assert np.all(np.diff(run.values) >= -1e-12), "ascent lowered f"
    assert run.converged and not run.diverged
    np.testing.assert_allclose(run.points[-1], center, atol=1e-8)
    assert run.values[-1] == pytest.approx(top, abs=1e-12)
    # and every iterate is the closed form x_k = c + (I - eta A)^k (x_0 - c)
    step = np.eye(2) - eta * A
    expected = [center + np.linalg.matrix_power(step, k) @ (np.asarray(x0) - center)
                for k in range(min(run.steps, 30) + 1)]
    np.testing.assert_allclose(run.points[: len(expected)], expected, atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(quadratics, st.floats(2.2, 4.0))
def test_a_rate_past_the_stability_limit_diverges(quad, factor):
    eigenvalues, angle, center, top = quad
    f, grad, A = concave_quadratic(eigenvalues, angle, center, top)
    L = max(eigenvalues)
    top_direction = np.linalg.eigh(A)[1][:, -1]
    x0 = np.asarray(center) + top_direction  # has a component along the stiffest direction
    run = gradient_ascent(f, x0, learning_rate=factor / L, steps=2000, grad=grad)
    # |1 - eta L| > 1: the distance to the top grows geometrically until the blow-up guard stops it
    assert run.diverged and not run.converged
    distance = np.linalg.norm(run.points - center, axis=1)
    assert distance[-1] > 1e3 * distance[0]
    assert np.all(np.isfinite(run.points)) and np.all(np.isfinite(run.values))
    assert run.values[-1] < run.values[0]
    assert run_outcome(run) == "diverged"


@pytest.mark.parametrize("rate, outcome", [(0.5, "converged"), (0.95, "oscillating"), (0.002, "climbing"),
                                           (1.2, "diverged")])
def test_run_outcome_names_the_regimes(rate, outcome):
    f, grad, _ = concave_quadratic([2.0, 2.0], 0.0, (0.0, 0.0), 1.0)
    run = gradient_ascent(f, [1.0, -0.5], learning_rate=rate, steps=40, grad=grad, tol=1e-8)  # L = 2
    assert run_outcome(run) == outcome


def test_stability_limit_is_two_over_the_largest_curvature():
    f, _, A = concave_quadratic([0.7, 3.0], 0.4, (1.0, -2.0), 0.0)
    assert stability_limit(f, [0.3, 0.3]) == pytest.approx(2 / 3.0, rel=1e-6)
    np.testing.assert_allclose(numerical_hessian(f, [0.3, 0.3]), -A, atol=1e-6)
    assert stability_limit(lambda p: 0 * p[..., 0] + 5.0, [0.0, 0.0]) == float("inf")


def test_comparison_rates_bracket_the_learning_rate():
    small, yours, large = comparison_rates(0.5, 1.33)
    assert small < yours < large and yours == 0.5 and large == pytest.approx(1.2 * 1.33)
    assert comparison_rates(2.0, 1.0)[2] == 4.0  # already past the limit: twice as large
    assert comparison_rates(0.5, float("inf"))[2] == 1.0
    with pytest.raises(ValueError):
        comparison_rates(0.0, 1.0)


def _random_polynomial(rng, dim, degree):
    """Coefficients and exponents of a random polynomial; returns (f, exact gradient)."""
    terms = 6
    powers = rng.integers(0, degree + 1, size=(terms, dim))
    coeffs = rng.normal(size=terms)

    def f(p):
        p = np.asarray(p, dtype=float)
        return sum(c * np.prod(p ** k, axis=-1) for c, k in zip(coeffs, powers))

    def grad(p):
        p = np.asarray(p, dtype=float)
        out = np.zeros(dim)
        for c, k in zip(coeffs, powers):
            for i in range(dim):
                if k[i] == 0:
                    continue
                dk = k.copy()
                dk[i] -= 1
                out[i] += c * k[i] * np.prod(p ** dk)
        return out

    return f, grad


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 4), st.integers(1, 4))
def test_numerical_gradient_matches_the_exact_one_on_random_polynomials(seed, dim, degree):
    rng = np.random.default_rng(seed)
    f, grad = _random_polynomial(rng, dim, degree)
    x = rng.uniform(-2, 2, size=dim)
    exact = grad(x)
    scale = 1.0 + np.abs(exact).max() + abs(float(f(x)))
    np.testing.assert_allclose(numerical_gradient(f, x), exact, atol=1e-7 * scale)


def test_numerical_gradient_of_a_batch_has_the_batch_shape():
    f = vector_function(parse_function("x^2*y + 3y", ("x", "y")))
    pts = np.array([[[1.0, 2.0], [0.0, 1.0]], [[-1.0, 0.5], [2.0, -1.0]]])  # (2, 2, 2)
    g = numerical_gradient(f, pts)
    exact = np.stack([2 * pts[..., 0] * pts[..., 1], pts[..., 0] ** 2 + 3], axis=-1)
    assert g.shape == pts.shape
    np.testing.assert_allclose(g, exact, atol=1e-8)


def test_parsed_expressions_climb_through_the_adapter():
    f = vector_function(parse_function("-(x-1)^2 - 2(y+0.5)^2", ("x", "y")))
    run = gradient_ascent(f, [3.0, 2.0], learning_rate=0.2, steps=200, tol=1e-7)
    assert run.converged
    np.testing.assert_allclose(run.points[-1], [1.0, -0.5], atol=1e-6)


def test_descent_is_ascent_on_minus_f_and_reports_f_itself():
    f, grad, _ = concave_quadratic([1.0, 2.0], 0.3, (0.5, 0.5), 2.0)
    up = gradient_ascent(f, [2.0, -1.0], learning_rate=0.3, steps=20, grad=grad)
    down = gradient_descent(lambda p: -f(p), [2.0, -1.0], learning_rate=0.3, steps=20,
                            grad=lambda p: -grad(p))
    np.testing.assert_allclose(down.points, up.points)
    np.testing.assert_allclose(down.values, -up.values)
    np.testing.assert_allclose(down.gradients, -up.gradients)


def test_result_shapes_and_the_start():
    f, grad, _ = concave_quadratic([1.0, 1.0], 0.0, (0.0, 0.0), 0.0)
    run = gradient_ascent(f, [1.0, 1.0], learning_rate=0.1, steps=7, grad=grad)
    assert run.points.shape == (8, 2) and run.values.shape == (8,) and run.gradients.shape == (8, 2)
    assert run.steps == 7 and not run.converged and not run.diverged
    np.testing.assert_array_equal(run.points[0], [1.0, 1.0])
    np.testing.assert_allclose(run.values, f(run.points))
    # a start at the top converges without a step
    top = gradient_ascent(f, [0.0, 0.0], learning_rate=0.1, steps=7, grad=grad)
    assert top.converged and top.steps == 0


def test_a_step_into_undefined_ground_stops_with_diverged():
    f = vector_function(parse_function("log(x) + log(y)", ("x", "y")))
    # descending log from (0.2, 0.2) with eta = 1 jumps to x = 0.2 - 5 < 0, where f is nan
    down = gradient_descent(f, [0.2, 0.2], learning_rate=1.0, steps=50)
    assert down.diverged and not down.converged and down.steps == 0
    np.testing.assert_array_equal(down.points, [[0.2, 0.2]])
    # a blow-up without nan: f = x on a line, the steps never end and grow without bound
    run = gradient_ascent(lambda p: np.exp(p[..., 0]), [0.0], learning_rate=1.0, steps=10_000, blowup=1e6)
    assert run.diverged and np.all(np.isfinite(run.values)) and run.values[-1] <= 1e6 * 2 + 1


@pytest.mark.parametrize("kwargs, message", [
    ({"learning_rate": 0.0, "steps": 5}, "learning_rate"),
    ({"learning_rate": -0.1, "steps": 5}, "learning_rate"),
    ({"learning_rate": float("nan"), "steps": 5}, "learning_rate"),
    ({"learning_rate": 0.1, "steps": -1}, "steps"),
    ({"learning_rate": 0.1, "steps": 2.5}, "steps"),
])
def test_bad_arguments_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        gradient_ascent(lambda p: -(p ** 2).sum(axis=-1), [1.0, 1.0], **kwargs)


def test_a_start_where_f_is_undefined_is_refused():
    f = vector_function(parse_function("log(x)", ("x", "y")))
    with pytest.raises(ValueError, match="not finite at x0"):
        gradient_ascent(f, [-1.0, 0.0], learning_rate=0.1, steps=3)


@settings(max_examples=30, deadline=None)
@given(st.floats(0.3, 2.5), st.floats(-0.5, 0.5), st.floats(-0.5, 0.5))
def test_contours_of_a_paraboloid_are_circles(radius, cx, cy):
    xs = ys = np.linspace(-3.2, 3.2, 161)
    X, Y = np.meshgrid(xs, ys)
    Z = (X - cx) ** 2 + (Y - cy) ** 2
    seg = contour_segments(xs, ys, Z, radius ** 2)
    assert len(seg) > 0
    r = np.hypot(seg[..., 0] - cx, seg[..., 1] - cy)
    h = xs[1] - xs[0]
    assert np.abs(r - radius).max() < h ** 2 / radius  # linear interpolation's error on a smooth level set
    length = np.linalg.norm(seg[:, 1] - seg[:, 0], axis=1).sum()
    assert length == pytest.approx(2 * np.pi * radius, rel=0.01)


@settings(max_examples=30, deadline=None)
@given(finite, finite, st.floats(-2, 2))
def test_contours_of_a_plane_are_exact(a, b, level):
    if abs(a) + abs(b) < 0.1:
        return
    xs, ys = np.linspace(-1, 1, 7), np.linspace(-1, 1, 9)
    X, Y = np.meshgrid(xs, ys)
    seg = contour_segments(xs, ys, a * X + b * Y, level)
    np.testing.assert_allclose(a * seg[..., 0] + b * seg[..., 1], level, atol=1e-9)
    assert np.all(np.abs(seg) <= 1 + 1e-12)


def test_saddle_cells_and_non_finite_cells():
    xs = ys = np.array([0.0, 1.0])
    # corners: bottom-left 1, bottom-right 0, top-right 1, top-left 0 -> a saddle cell
    seg_low = contour_segments(xs, ys, np.array([[1.0, 0.0], [0.0, 1.0]]), 0.6)  # centre 0.5 < level
    seg_high = contour_segments(xs, ys, np.array([[1.0, 0.0], [0.0, 1.0]]), 0.4)  # centre above
    assert len(seg_low) == len(seg_high) == 2

    def nearest_corners(seg):
        corners = np.array([[0, 0], [1, 0], [1, 1], [0, 1]])
        mids = seg.mean(axis=1)
        return sorted(int(np.argmin(np.linalg.norm(corners - m, axis=1))) for m in mids)

    # below the centre value the two high corners are cut off; above it, the two low ones
    assert nearest_corners(seg_low) == [0, 2]
    assert nearest_corners(seg_high) == [1, 3]
    z = np.array([[0.0, 1.0], [np.nan, 1.0]])
    assert contour_segments(xs, ys, z, 0.5).shape == (0, 2, 2)
    with pytest.raises(ValueError, match="shape"):
        contour_segments(xs, ys, np.zeros((3, 2)), 0.5)


def test_contour_levels_are_strictly_inside():
    levels = contour_levels([[0.0, 2.0], [np.nan, 1.0]], 3)
    np.testing.assert_allclose(levels, [0.5, 1.0, 1.5])
    assert contour_levels([np.nan], 3).size == 0


@settings(max_examples=30, deadline=None)
@given(st.tuples(st.floats(-2, -0.8), st.floats(-2, 2)), st.tuples(st.floats(0.8, 2), st.floats(-2, 2)),
       st.floats(0.3, 1.0))
def test_grid_maxima_finds_each_bump(a, b, height):
    x = np.linspace(-3, 3, 121)
    X, Y = np.meshgrid(x, x)
    Z = np.exp(-4 * ((X - a[0]) ** 2 + (Y - a[1]) ** 2)) + height * np.exp(-4 * ((X - b[0]) ** 2 + (Y - b[1]) ** 2))
    peaks = grid_maxima(Z)
    found = sorted((float(x[i]), float(x[j])) for j, i in peaks)
    assert len(found) == 2
    h = x[1] - x[0]
    np.testing.assert_allclose(found, sorted([a, b]), atol=h)
    assert grid_maxima(X + Y).shape == (0, 2)  # a plane peaks on the border only


@settings(max_examples=30, deadline=None)
@given(st.floats(0.2, 3.0), st.floats(0.2, 3.0), st.floats(0, np.pi), finite, finite)
def test_the_contour_tangent_is_perpendicular_to_the_gradient_of_an_ellipse(a, b, angle, x, y):
    """Level curves of ``a u^2 + b v^2`` (rotated ellipses): the tangent is a unit vector at right
    angles to the exact gradient, a quarter turn counterclockwise from it."""
    c, s = np.cos(angle), np.sin(angle)
    R = np.array([[c, -s], [s, c]])
    A = R @ np.diag([a, b]) @ R.T
    f = lambda p: np.einsum("...i,ij,...j->...", p, A, p)  # noqa: E731
    point = np.array([x, y])
    if np.linalg.norm(point) < 0.05:
        return  # the gradient vanishes at the centre
    g = 2 * A @ point
    t = contour_tangent(f, point)
    assert np.linalg.norm(t) == pytest.approx(1.0)
    assert t @ g / np.linalg.norm(g) == pytest.approx(0.0, abs=1e-6)
    assert g[0] * t[1] - g[1] * t[0] > 0  # counterclockwise from the gradient


def test_contour_tangent_refuses_a_flat_point():
    with pytest.raises(ValueError, match="gradient vanishes"):
        contour_tangent(lambda p: -(p ** 2).sum(axis=-1), [0.0, 0.0])


@pytest.mark.parametrize("radius", [0.05, 0.5])
def test_the_level_curve_near_a_point_runs_through_it_on_its_level(radius):
    f = lambda p: -(p[..., 0] ** 2 + 2 * p[..., 1] ** 2)  # noqa: E731
    x = np.array([0.6, -0.4])
    seg = level_curve_near(f, x, radius)
    assert len(seg) > 10
    assert np.abs(seg - x).max() <= radius + 1e-12
    np.testing.assert_allclose(f(seg), f(x), atol=2e-3 * radius)
    # the segment nearest x runs along the contour tangent there
    seg = seg[np.linalg.norm(seg[:, 1] - seg[:, 0], axis=1) > 1e-9 * radius]  # a corner on the level: a point
    mids = seg.mean(axis=1)
    nearest = seg[np.argmin(np.linalg.norm(mids - x, axis=1))]
    d = (nearest[1] - nearest[0]) / np.linalg.norm(nearest[1] - nearest[0])
    assert abs(d @ contour_tangent(f, x)) == pytest.approx(1.0, abs=1e-3)
