"""The second-derivative test: numerical Hessians against closed forms and numpy.linalg.eigvalsh."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mathviz.core.expr import parse_function
from mathviz.core.optimize import (
    classify_critical_point,
    critical_point,
    kind_of,
    quadratic_model,
    vector_function,
)


def parsed(text):
    return vector_function(parse_function(text, ("x", "y")))


# f, a critical point, its Hessian there by hand, the verdict
CASES = [
    ("x^2 + 2y^2", (0, 0), [[2, 0], [0, 4]], "minimum"),
    ("-(x^2 + x*y + y^2)", (0, 0), [[-2, -1], [-1, -2]], "maximum"),
    ("x^2 - y^2", (0, 0), [[2, 0], [0, -2]], "saddle"),
    ("x*y", (0, 0), [[0, 1], [1, 0]], "saddle"),
    ("x^2 + y^4", (0, 0), [[2, 0], [0, 0]], "degenerate"),
    ("x^3 - 3x + y^2", (1, 0), [[6, 0], [0, 2]], "minimum"),
    ("x^3 - 3x + y^2", (-1, 0), [[-6, 0], [0, 2]], "saddle"),
    ("cos(x) + cos(y)", (0, 0), [[-1, 0], [0, -1]], "maximum"),
    ("cos(x) + cos(y)", (np.pi, np.pi), [[1, 0], [0, 1]], "minimum"),
    ("x^4 + y^4", (0, 0), [[0, 0], [0, 0]], "degenerate"),
]


@pytest.mark.parametrize("text, point, hessian, kind", CASES)
def test_hessian_eigenvalues_and_verdict_match_the_closed_form(text, point, hessian, kind):
    cp = critical_point(parsed(text), point)
    np.testing.assert_allclose(cp.hessian, hessian, atol=1e-5)
    np.testing.assert_allclose(cp.eigenvalues, np.linalg.eigvalsh(np.array(hessian, dtype=float)), atol=1e-5)
    # eigenvectors: H v = lambda v, orthonormal
    np.testing.assert_allclose(cp.hessian @ cp.eigenvectors, cp.eigenvectors * cp.eigenvalues, atol=1e-6)
    np.testing.assert_allclose(cp.eigenvectors.T @ cp.eigenvectors, np.eye(2), atol=1e-12)
    assert cp.kind == kind == classify_critical_point(parsed(text), point)


def test_scipy_style_point_functions_are_classified_too():
    assert classify_critical_point(lambda p: -(p[0] - 1) ** 2 - 2 * (p[1] + 0.5) ** 2, [1.0, -0.5]) == "maximum"
    assert classify_critical_point(lambda p: p[0] * p[1] + p[2] ** 2, [0.0, 0.0, 0.0]) == "saddle"


def test_a_point_that_is_not_critical_is_refused_saying_how_large_the_gradient_is():
    with pytest.raises(ValueError, match=r"not a critical point: \|grad f\| = 5 there"):
        classify_critical_point(parsed("3x + 4y"), [0.0, 0.0])
    with pytest.raises(ValueError, match="not finite"):
        classify_critical_point(parsed("log(x) + y^2"), [0.0, 0.0])


def test_kind_of_reads_signs_with_a_relative_tolerance():
    assert kind_of([1e-7, 1.0]) == "degenerate"  # below EIGEN_TOL of the largest
    assert kind_of([1e-3, 1.0]) == "minimum"
    assert kind_of([-1.0, 0.0, 2.0]) == "saddle"  # mixed signs decide even with a zero one
    assert kind_of([1e3, 1e-3]) == "degenerate"  # tiny next to the largest
    assert kind_of([-2.0, -1.0]) == "maximum"


sym = st.floats(-5, 5, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(a=sym, b=sym, c=sym, cx=st.floats(-3, 3), cy=st.floats(-3, 3), top=st.floats(-10, 10))
def test_random_quadratic_forms_are_classified_by_their_eigenvalues(a, b, c, cx, cy, top):
    A = np.array([[a, b], [b, c]])
    lam = np.linalg.eigvalsh(A)
    assume(np.abs(lam).min() > 1e-2)  # clear of the tolerance: the verdict is unambiguous
    centre = np.array([cx, cy])

    def f(p):  # f = top + (p - c)^T A (p - c) / 2, vectorised; Hessian A, critical at c
        d = np.asarray(p, dtype=float) - centre
        return top + 0.5 * np.einsum("...i,ij,...j->...", d, A, d)

    cp = critical_point(f, centre)
    np.testing.assert_allclose(cp.eigenvalues, lam, atol=1e-5 * max(1, np.abs(lam).max()))
    expected = "minimum" if lam.min() > 0 else "maximum" if lam.max() < 0 else "saddle"
    assert cp.kind == expected
    # the quadratic model of a quadratic is itself
    q = quadratic_model(f, centre)
    pts = np.random.default_rng(0).normal(size=(5, 2))
    np.testing.assert_allclose(q(pts), f(pts), atol=1e-5 * (1 + np.abs(f(pts)).max()))


def test_quadratic_model_is_the_second_order_taylor_polynomial():
    f = parsed("exp(x) * cos(y)")
    q = quadratic_model(f, [0.0, 0.0])  # 1 + x + (x^2 - y^2) / 2
    pts = np.array([[0.1, -0.2], [0.3, 0.3]])
    np.testing.assert_allclose(q(pts), 1 + pts[:, 0] + (pts[:, 0] ** 2 - pts[:, 1] ** 2) / 2, atol=1e-6)
    np.testing.assert_allclose(q.hessian, [[1, 0], [0, -1]], atol=1e-6)
