"""The expression parser: evaluates its grammar like numpy, refuses everything else."""

from __future__ import annotations

import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathviz.core.expr import FUNCTIONS, parse_function

X = np.linspace(-3, 3, 13)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("sin(x) + x^2/3", np.sin(X) + X**2 / 3),
        ("2x + 1", 2 * X + 1),
        ("3(x + 1)", 3 * (X + 1)),
        ("-x^2", -(X**2)),
        ("x**3 - x", X**3 - X),
        ("2^3^2", np.full_like(X, 512.0)),
        ("exp(-x^2/2)", np.exp(-(X**2) / 2)),
        ("pi * e", np.full_like(X, np.pi * np.e)),
        ("max(x, 0) + min(x, 1)", np.maximum(X, 0) + np.minimum(X, 1)),
        ("sigmoid(x)", 1 / (1 + np.exp(-X))),
        ("1.5e-1 * x", 0.15 * X),
        ("abs(x) / (1 + x^2)", np.abs(X) / (1 + X**2)),
    ],
)
def test_exact_cases(text, expected):
    np.testing.assert_allclose(parse_function(text)(X), expected, rtol=1e-12, atol=1e-12)


def test_two_variables_broadcast():
    f = parse_function("x*y + y", ("x", "y"))
    out = f(np.arange(3)[:, None], np.arange(4)[None, :])
    assert out.shape == (3, 4)
    np.testing.assert_array_equal(out, np.arange(3)[:, None] * np.arange(4) + np.arange(4))


def test_constant_expression_takes_the_shape_of_its_input():
    assert parse_function("3")(X).shape == X.shape


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("x.__class__", "unexpected character '.'"),
        ("__import__('os')", "unexpected character"),
        ("open(x)", "unknown function 'open'"),
        ("lambda x: x", "unexpected character ':'"),
        ("[x for x in y]", "unexpected character '['"),
        ("x; y", "unexpected character ';'"),
        ("x = 1", "unexpected character '='"),
        ("'a'", "unexpected character"),
        ("y + 1", "unknown name 'y'"),
        ("sin x", "needs parentheses"),
        ("sin(x, x)", "takes 1 argument"),
        ("(x + 1", "expected ')'"),
        ("x +", "end of input"),
        ("", "empty"),
        ("x" + "+x" * 300, "longer than"),
        ("(" * 60 + "x" + ")" * 60, "nested more than"),
        ("-" * 60 + "x", "nested more than"),
        ("2^" * 60 + "2", "nested more than"),
        ("x if x else 1", "unexpected 'if'"),
        ("1 @ x", "unexpected character '@'"),
    ],
)
def test_refuses_what_is_outside_the_grammar(text, fragment):
    with pytest.raises(ValueError) as err:
        parse_function(text)
    message = str(err.value)
    assert fragment in message
    assert "\n" not in message


def test_power_tower_does_not_hang():
    started = time.perf_counter()
    out = parse_function("9^9^9^9")(X)
    assert time.perf_counter() - started < 1.0
    assert np.all(np.isinf(out))


def test_to_tex_round_trip_shapes():
    assert parse_function("x^2/2 + sin(x)").to_tex() == r"\frac{x^{2}}{2} + \sin\left(x\right)"
    assert parse_function("2x").to_tex() == "2 x"
    assert parse_function("-(x + 1)^2").to_tex() == r"-\left(x + 1\right)^{2}"


# Random expression trees, rendered both as text for the parser and as a numpy
# function, must agree: the parser evaluates its grammar exactly like numpy.

UNARY = {name: fn for name, (fn, arity, _) in FUNCTIONS.items() if arity == 1}
BINARY = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.true_divide}


def trees():
    leaves = st.one_of(
        st.just(("x", lambda x: x)),
        st.floats(0.1, 9.9, allow_nan=False).map(lambda v: (repr(round(v, 3)), lambda x, v=round(v, 3): v + 0 * x)),
    )

    def extend(children):
        unary = st.tuples(st.sampled_from(sorted(UNARY)), children).map(
            lambda t: (f"{t[0]}({t[1][0]})", lambda x, f=UNARY[t[0]], g=t[1][1]: f(g(x))))
        binary = st.tuples(st.sampled_from(sorted(BINARY)), children, children).map(
            lambda t: (f"({t[1][0]}) {t[0]} ({t[2][0]})",
                       lambda x, op=BINARY[t[0]], a=t[1][1], b=t[2][1]: op(a(x), b(x))))
        neg = children.map(lambda c: (f"-({c[0]})", lambda x, g=c[1]: -g(x)))
        power = children.map(lambda c: (f"({c[0]})^2", lambda x, g=c[1]: g(x) ** 2))
        return st.one_of(unary, binary, neg, power)

    return st.recursive(leaves, extend, max_leaves=8)


@settings(max_examples=200, deadline=None)
@given(trees())
def test_evaluates_like_numpy(tree):
    text, reference = tree
    with np.errstate(all="ignore"):
        expected = reference(X) * np.ones_like(X)
    got = parse_function(text)(X)
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12, equal_nan=True)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_arbitrary_text_never_crashes(text):
    try:
        f = parse_function(text)
    except ValueError as err:
        assert str(err).startswith("invalid expression")
        return
    assert f(X).shape == X.shape
