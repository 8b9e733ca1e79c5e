"""mathviz.core.optimizers against the update rules written out from PyTorch's documentation,
numpy's least squares, the lasso's optimality conditions and a Lagrange problem solved by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from mathviz.core import optimizers as O

A = np.diag([1.0, 20.0])  # a long, narrow valley


def valley(p):
    p = np.asarray(p)
    return 0.5 * p @ A @ p


def valley_grad(p):
    return A @ np.asarray(p)


def rosenbrock(p):
    return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2


# -- the reference rules, one line each as torch.optim's docs write them -------------------------

def torch_sgd(grad, x, lr, steps, momentum=0.0):
    b, out = None, [np.array(x, float)]
    for _ in range(steps):
        g = grad(out[-1])
        b = g if b is None else momentum * b + g  # dampening 0, nesterov False
        out.append(out[-1] - lr * b)
    return np.array(out)


def torch_rmsprop(grad, x, lr, steps, alpha=0.99, eps=1e-8):
    v, out = 0.0, [np.array(x, float)]
    for _ in range(steps):
        g = grad(out[-1])
        v = alpha * v + (1 - alpha) * g ** 2
        out.append(out[-1] - lr * g / (np.sqrt(v) + eps))
    return np.array(out)


def torch_adam(grad, x, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8):
    m = v = 0.0
    out = [np.array(x, float)]
    for t in range(1, steps + 1):
        g = grad(out[-1])
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g ** 2
        m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
        out.append(out[-1] - lr * m_hat / (np.sqrt(v_hat) + eps))
    return np.array(out)


REFERENCES = {
    ("gd", ()): lambda g, x, lr, n: torch_sgd(g, x, lr, n),
    ("momentum", ()): lambda g, x, lr, n: torch_sgd(g, x, lr, n, momentum=0.9),
    ("momentum", (("momentum", 0.5),)): lambda g, x, lr, n: torch_sgd(g, x, lr, n, momentum=0.5),
    ("rmsprop", ()): lambda g, x, lr, n: torch_rmsprop(g, x, lr, n),
    ("rmsprop", (("alpha", 0.9),)): lambda g, x, lr, n: torch_rmsprop(g, x, lr, n, alpha=0.9),
    ("adam", ()): lambda g, x, lr, n: torch_adam(g, x, lr, n),
    ("adam", (("beta1", 0.5), ("eps", 1e-6))): lambda g, x, lr, n: torch_adam(g, x, lr, n, beta1=0.5, eps=1e-6),
}


@pytest.mark.parametrize("method, hyper", list(REFERENCES), ids=[f"{m}-{dict(h)}" for m, h in REFERENCES])
def test_each_method_follows_pytorchs_update_rule(method, hyper):
    lr = 0.01 if method == "rmsprop" else 0.04
    run = O.optimize_path(valley, [-2.0, 1.0], method, lr, 60, grad=valley_grad, **dict(hyper))
    expected = REFERENCES[method, hyper](valley_grad, [-2.0, 1.0], lr, 60)
    np.testing.assert_allclose(run.points, expected, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(run.values, [valley(p) for p in expected], rtol=1e-12, atol=1e-14)
    assert not run.diverged and run.steps == 60


def test_numerical_gradients_follow_the_exact_ones_on_rosenbrock():
    def exact(p):
        return np.array([-2 * (1 - p[0]) - 400 * p[0] * (p[1] - p[0] ** 2), 200 * (p[1] - p[0] ** 2)])

    for method in O.METHODS:
        approx = O.optimize_path(rosenbrock, [-1.2, 1.0], method, 1e-4, 40)
        true = O.optimize_path(rosenbrock, [-1.2, 1.0], method, 1e-4, 40, grad=exact)
        np.testing.assert_allclose(approx.points, true.points, atol=1e-6)


def test_a_plain_function_of_a_point_and_a_vectorised_one_give_the_same_path():
    plain = O.optimize_path(lambda p: -(p[0] - 1) ** 2 - 2 * (p[1] + 0.5) ** 2, [0.0, 0.0], "momentum", 0.05, 30)
    vectorised = O.optimize_path(lambda p: -(p[..., 0] - 1) ** 2 - 2 * (p[..., 1] + 0.5) ** 2,
                                 [0.0, 0.0], "momentum", 0.05, 30)
    np.testing.assert_array_equal(plain.points, vectorised.points)


def test_momentum_goes_further_down_the_valley_than_plain_descent():
    lr = 0.01  # plain descent creeps along the flat direction at 1% a step
    gd = O.optimize_path(valley, [-2.0, 1.0], "gd", lr, 60, grad=valley_grad)
    mom = O.optimize_path(valley, [-2.0, 1.0], "momentum", lr, 60, grad=valley_grad)
    assert mom.values[-1] < gd.values[-1]


def test_divergence_is_flagged_and_the_bad_iterate_left_out():
    run = O.optimize_path(valley, [1.0, 1.0], "gd", 0.2, 500, grad=valley_grad)  # 2/L = 0.1
    assert run.diverged and np.all(np.isfinite(run.points)) and run.steps < 500


@pytest.mark.parametrize("kwargs, message", [
    ({"method": "nesterov"}, "unknown method"),
    ({"method": "gd", "momentum": 0.9}, "gd takes no momentum"),
    ({"method": "adam", "beta1": 1.0}, "beta1 must be below 1"),
    ({"method": "rmsprop", "eps": 0.0}, "eps must be greater than 0"),
    ({"method": "gd", "lr": -1.0}, "learning rate must be a positive"),
])
def test_bad_hyper_parameters_are_refused(kwargs, message):
    args = {"method": "gd", "lr": 0.1, **kwargs}
    with pytest.raises(ValueError, match=message):
        O.optimize_path(valley, [1.0, 1.0], args.pop("method"), args.pop("lr"), 5, **args)


# -- stochastic gradients -----------------------------------------------------------------------

def data(seed=0, n=40):
    rng = np.random.default_rng(seed)
    X = np.column_stack([np.ones(n), rng.normal(size=n)])
    y = X @ np.array([1.0, -2.0]) + 0.3 * rng.normal(size=n)
    return X, y


def test_full_batch_sgd_is_gradient_descent_step_for_step():
    X, y = data()
    path = O.sgd_path(X, y, [0.0, 0.0], 0.1, 5, len(y), seed=3)
    w, expected = np.zeros(2), [np.zeros(2)]
    for _ in range(5):
        w = w - 0.1 * X.T @ (X @ w - y) / len(y)
        expected.append(w)
    np.testing.assert_allclose(path, expected, rtol=1e-12, atol=1e-14)


def test_minibatches_shuffle_once_per_epoch_without_replacement_and_repeat_for_a_seed():
    batches = O.minibatches(10, 3, 2, seed=7)
    assert [len(b) for b in batches] == [3, 3, 3, 1] * 2
    for epoch in (batches[:4], batches[4:]):
        assert sorted(np.concatenate(epoch).tolist()) == list(range(10))
    again = O.minibatches(10, 3, 2, seed=7)
    assert all(np.array_equal(a, b) for a, b in zip(batches, again))
    X, y = data()
    assert O.sgd_path(X, y, [0, 0], 0.05, 3, 4, seed=1).shape == (3 * 10 + 1, 2)
    assert not np.array_equal(O.sgd_path(X, y, [0, 0], 0.05, 3, 4, seed=1), O.sgd_path(X, y, [0, 0], 0.05, 3, 4, seed=2))


def test_minibatch_gradients_average_to_the_full_gradient_with_spread_like_one_over_root_b():
    X, y = data(n=400)
    w = np.zeros(2)
    full = O.least_squares_gradient(X, y, w)
    spreads = {}
    for b in (4, 16, 64):
        rows = O.minibatches(400, b, 50, seed=0)
        grads = np.array([O.least_squares_gradient(X[r], y[r], w) for r in rows if len(r) == b])
        assert np.allclose(grads.mean(axis=0), full, atol=0.15)
        spreads[b] = grads.std(axis=0).mean()
    assert spreads[4] / spreads[16] == pytest.approx(2.0, rel=0.25)
    assert spreads[16] / spreads[64] == pytest.approx(2.0, rel=0.3)


# -- ridge and lasso -----------------------------------------------------------------------------

@pytest.mark.parametrize("alpha", [0.0, 0.1, 3.0])
def test_ridge_equals_least_squares_on_the_augmented_system(alpha):
    X, y = data()
    n = len(y)
    aug_X = np.vstack([X / np.sqrt(n), np.sqrt(alpha) * np.eye(2)])
    aug_y = np.concatenate([y / np.sqrt(n), np.zeros(2)])
    np.testing.assert_allclose(O.ridge(X, y, alpha), np.linalg.lstsq(aug_X, aug_y, rcond=None)[0], rtol=1e-10)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), alpha=st.floats(0.0, 2.0), d=st.integers(1, 5))
def test_lasso_meets_its_optimality_conditions(seed, alpha, d):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(30, d))
    y = X @ rng.normal(size=d) + rng.normal(size=30)
    w = O.lasso(X, y, alpha)
    assert O.lasso_violation(X, y, w, alpha) < 1e-8


def test_lasso_zeroes_every_weight_past_the_largest_correlation_and_is_least_squares_at_zero():
    X, y = data()
    top = np.abs(X.T @ y).max() / len(y)
    assert np.all(O.lasso(X, y, top * 1.001) == 0) and np.any(O.lasso(X, y, top * 0.9) != 0)
    np.testing.assert_allclose(O.lasso(X, y, 0.0), np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-8)


def test_lasso_sets_some_weights_exactly_to_zero_where_ridge_only_shrinks():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 4))
    y = X @ np.array([3.0, 0.0, 0.0, -1.0]) + 0.5 * rng.normal(size=100)
    assert np.sum(O.lasso(X, y, 0.3) == 0) >= 1
    assert np.all(O.ridge(X, y, 0.3) != 0)


# -- convexity -----------------------------------------------------------------------------------

@pytest.mark.parametrize("f, a, b, convex", [
    (lambda x: x ** 2, -3, 3, True),
    (np.abs, -1, 1, True),
    (np.exp, -2, 2, True),
    (lambda x: 2 * x + 1, -5, 5, True),  # a line: chords lie on it; rounding must not count
    (lambda x: x ** 3, 0, 2, True),
    (lambda x: x ** 3, -1, 1, False),
    (np.sin, 0, 3, False),
    (lambda x: x ** 4 - x ** 2, -1, 1, False),
])
def test_the_chord_test_knows_the_classics(f, a, b, convex):
    result = O.is_convex_on(f, a, b)
    assert bool(result) is convex and result.convex is convex
    if convex:
        assert result.worst is None
    else:
        x1, x2 = result.worst
        assert a <= x1 < x2 <= b and result.violation > 0
        assert max(f(np.array(t * x1 + (1 - t) * x2)) - (t * f(np.array(x1)) + (1 - t) * f(np.array(x2)))
                   for t in (0.25, 0.5, 0.75)) == pytest.approx(result.violation)


def test_the_chord_test_refuses_a_bad_interval_and_a_pole():
    with pytest.raises(ValueError, match="a < b"):
        O.is_convex_on(np.exp, 1, 1)
    with pytest.raises(ValueError, match="not finite"):
        O.is_convex_on(lambda x: 1 / x, -1, 1, samples=201)


# -- Lagrange ------------------------------------------------------------------------------------

def test_lagrange_on_a_circle_matches_the_hand_solution_and_lambda_is_the_value_per_unit_of_constraint():
    def f(p):
        return p[0] + p[1]

    def circle(c):
        return lambda p: p[0] ** 2 + p[1] ** 2 - c

    sol = O.lagrange_points(f, circle(2.0), [1.0, 0.5])
    np.testing.assert_allclose(sol.point, [1.0, 1.0], atol=1e-7)
    assert sol.multiplier == pytest.approx(0.5, abs=1e-7) and sol.value == pytest.approx(2.0, abs=1e-7)
    # the best value sqrt(2c) grows at 1/sqrt(2c) = 1/2 per unit of c at c = 2: that is lambda
    dc = 1e-4
    up = O.lagrange_points(f, circle(2.0 + dc), [1.0, 0.5]).value
    down = O.lagrange_points(f, circle(2.0 - dc), [1.0, 0.5]).value
    assert (up - down) / (2 * dc) == pytest.approx(sol.multiplier, rel=1e-5)
    low = O.lagrange_points(f, circle(2.0), [-1.0, -0.5])  # the other critical point: the minimum
    np.testing.assert_allclose(low.point, [-1.0, -1.0], atol=1e-7)


def test_lagrange_without_a_solution_is_a_clear_error():
    with pytest.raises(ValueError, match="no point with grad f = lambda grad g"):
        O.lagrange_points(lambda p: p[0] + p[1], lambda p: p[0] ** 2 + p[1] ** 2 + 1.0, [1.0, 0.5])


def test_example_gradients_average_to_the_full_one_and_spread_like_one_over_root_b():
    X, y = data(n=400)
    w = np.array([0.5, 0.5])
    per = O.example_gradients(X, y, w)
    full = O.least_squares_gradient(X, y, w)
    np.testing.assert_allclose(per.mean(axis=0), full, atol=1e-12)
    one = O.gradient_spread(per, full)
    for b in (4, 16, 64):
        spread = O.gradient_spread(O.minibatch_gradients(X, y, w, b, 40, seed=1), full)
        expected = one * np.sqrt((400 - b) / (b * (400 - 1)))  # means of b drawn without replacement
        assert spread == pytest.approx(expected, rel=0.12)
