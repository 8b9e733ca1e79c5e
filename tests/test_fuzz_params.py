"""Bad input never reaches the renderer: every scene's parameters, fuzzed.

For every scene of the catalogue (read from the registry, so a scene added
later is fuzzed with no new test code) hypothesis draws parameter values from
each field's declared kind and bounds, plus hostile values near the edges:
zero, tiny and huge magnitudes, ``nan``/``inf`` as text, singular and
near-singular matrices, parallel vectors, functions with poles, jumps and
undefined regions at the very points the scene evaluates (the anchors are
built from the numbers drawn for the other fields, so ``1/(x-1)`` meets
``x0=1``), very long and deeply nested formulas.

Each drawn set is either refused by :func:`parse_params` with a one-line
:class:`ParamError`, or accepted, and then the scene's fast scan
(:func:`mathviz.pipeline.still.scan`: every animation jumps to its end) runs
to the end without an exception. Each example's time is bounded twice: by
hypothesis' deadline and by a wall-clock alarm that interrupts a hang.

CI runs a few derandomised examples per scene. The long mode, on demand::

    MATHVIZ_FUZZ_EXAMPLES=200 .venv/bin/python -m pytest tests/test_fuzz_params.py -p no:randomly -n 1

(a fresh random seed each run; hypothesis prints the failing example and a
``@reproduce_failure`` blob).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import os
import signal
import threading
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from mathviz.kit import registry
from mathviz.kit.params import ParamError, param_fields, parse_params
from mathviz.kit.theme import ASPECTS
from support import invoke

# The declared scenes, hidden ones too (the title card takes a lecture's text); file scenes
# (a user's PATH.py:Class, the test fixtures) declare no parameters.
SPECS = [s for s in registry.all_scenes(include_hidden=True) if getattr(s, "params", None) is not None]

LONG = "MATHVIZ_FUZZ_EXAMPLES" in os.environ
EXAMPLES = int(os.environ.get("MATHVIZ_FUZZ_EXAMPLES", "10"))
# Measured on 2 busy cores (200 examples per scene): validation takes at most ~2 s, a scan at most
# ~7 s (the first of a scene compiles its TeX). The deadline flags a slow example, the alarm a hang.
VALIDATE_LIMIT_S = 10.0
SCAN_LIMIT_S = 120.0
DEADLINE_S = 60.0

FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=not LONG,  # CI: the same examples every run; long mode: new ones each time
    database=None if not LONG else settings.default.database,
    deadline=timedelta(seconds=DEADLINE_S),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    print_blob=True,
)


class Hang(AssertionError):
    """An example ran past its time limit."""


@contextlib.contextmanager
def time_limit(seconds: float, what: str):
    """Interrupt the block with :class:`Hang` after ``seconds`` of wall-clock time (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # no signals here; hypothesis' deadline still reports a slow example afterwards
        return

    def expire(signum, frame):
        raise Hang(f"{what} ran for more than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# -- values, drawn as the text a user types after --param name= ----------------------------

NOT_NUMBERS = ["nan", "NaN", "-nan", "inf", "-inf", "Infinity", "1e999", "-1e999", "", " ", "abc",
               "1/2", "0x10", "1,5", "--1", "[1]", "None", "true", "\u0661", "1e", "."]
TINY = [0.0, -0.0, 5e-324, -5e-324, 1e-300, 1e-200, 1e-15, -1e-12, 1e-9, 1e-6]
HUGE = [1e6, -1e9, 1e15, 1e100, -1e300, 1.7976931348623157e308]


def _text(value: float) -> str:
    return repr(float(value))


def _edges(low, high) -> list[float]:
    out = []
    for bound in (low, high):
        if bound is not None:
            out += [bound, math.nextafter(bound, -math.inf), math.nextafter(bound, math.inf),
                    bound - 1e-9, bound + 1e-9, bound * (1 - 1e-12)]
    return [float(v) for v in out]


def number_values(info: dict) -> st.SearchStrategy[str]:
    low, high = info.get("low"), info.get("high")
    lo = low if low is not None else (0.0 if info.get("positive") else -1e6)
    hi = high if high is not None else 1e6
    inside = st.floats(min_value=lo, max_value=hi, allow_nan=False, allow_infinity=False)
    simple = st.integers(int(math.ceil(lo)), int(math.floor(hi))).map(float) if math.floor(hi) >= math.ceil(lo) \
        else inside
    special = st.sampled_from(_edges(low, high) + TINY + HUGE)
    # plausible values twice as often as hostile ones, so most examples reach the scene
    return st.one_of(simple.map(_text), inside.map(_text), simple.map(str), inside.map(_text),
                     special.map(_text), st.sampled_from(NOT_NUMBERS))


def integer_values(info: dict) -> st.SearchStrategy[str]:
    low, high = info.get("low"), info.get("high")
    lo = low if low is not None else -10**6
    hi = high if high is not None else 10**6
    edges = [v + d for v in (low, high) if v is not None for d in (-1, 0, 1)]
    special = [0, -1, 1, 2**31, 2**63, 10**30, -10**30]
    return st.one_of(st.integers(lo, hi).map(str), st.integers(lo, min(hi, lo + 20)).map(str),
                     st.sampled_from(edges + special).map(str),
                     st.sampled_from(["1.5", "1e3", "nan", "inf", "", " 7 ", "+5", "1_000", "\u0663", "0x1f",
                                      "-0", "3.0", "ten"]))


def choice_values(info: dict) -> st.SearchStrategy[str]:
    options = list(info["options"])
    hostile = ["", " "] + [o.upper() for o in options] + [o + " " for o in options] + ["none", "\u00e9"]
    return st.one_of(st.sampled_from(options), st.sampled_from(hostile))


JSON_HOSTILE = ["", "[]", "[1", "{}", "null", "1", "[null, 1]", "[true, false]", '["1", "2"]', "1, 2",
                "[NaN, 1]", "[Infinity, 0]", "[-Infinity, 1]", "[1e999, 0]", "[[1, 2], [3, 4]]",
                "[1, 2, 3]", "[0.5]", "[[1], [2]]", "[[1, 2]]", "[[1, 2], [3]]", "[[1, NaN], [0, 1]]",
                "[[1, 2], [3, 4], [5, 6]]", "[[true, 0], [0, 1]]", "[[1e999, 0], [0, 1]]"]
ENTRY_SPECIAL = TINY + HUGE + [1.0, -1.0, 2.0, 0.5, 1000.0, -1000.0, 1000.0000001, 20.0, 30.0, 1 / 30]


def _entries() -> st.SearchStrategy[float]:
    return st.one_of(st.integers(-4, 4).map(float),
                     st.floats(-5, 5, allow_nan=False),
                     st.integers(-4, 4).map(float),
                     st.sampled_from(ENTRY_SPECIAL),
                     st.floats(-1e4, 1e4, allow_nan=False))


@st.composite
def vector_values(draw, info: dict, others: list):
    dim = info["dim"]
    previous = [v for v in others if len(v) == dim]
    mode = draw(st.sampled_from(["plain", "plain", "plain", "zero", "parallel", "hostile"] if previous
                                else ["plain", "plain", "plain", "zero", "hostile"]))
    if mode == "hostile":
        return draw(st.sampled_from(JSON_HOSTILE))
    if mode == "zero":
        vec = [draw(st.sampled_from([0.0, -0.0, 1e-300, 5e-324])) for _ in range(dim)]
    elif mode == "parallel":
        base = draw(st.sampled_from(previous))
        k = draw(st.sampled_from([1.0, -1.0, 2.0, -0.5, 1e-6, 1e6, 1 + 1e-12]))
        wobble = draw(st.sampled_from([0.0, 1e-15, 1e-9, 1e-6, 1e-3]))
        vec = [k * x + wobble * (i == 0) for i, x in enumerate(base)]
    else:
        vec = draw(st.lists(_entries(), min_size=dim, max_size=dim))
    others.append(vec)
    return json.dumps(vec)


@st.composite
def numbers_values(draw, info: dict):
    """Lists of any length around the allowed ones: probabilities that sum to 1 (or nearly, or
    not), zeros, one-hot lists, negative or huge entries, and text that is no list at all."""
    lo, hi = info["min_len"], info["max_len"] or info["min_len"] + 12
    size = st.integers(max(0, lo - 1), hi + 1)
    mode = draw(st.sampled_from(["probabilities", "probabilities", "near", "one-hot", "plain", "hostile"]))
    if mode == "hostile":
        return draw(st.sampled_from(JSON_HOSTILE))
    if mode == "plain":
        return json.dumps(draw(st.lists(_entries(), min_size=max(0, lo - 1), max_size=hi + 1)))
    n = draw(size)
    if mode == "one-hot":
        return json.dumps([1.0 if i == draw(st.integers(0, max(n - 1, 0))) else 0.0 for i in range(n)])
    weights = draw(st.lists(st.floats(0, 1e3, allow_nan=False), min_size=n, max_size=n))
    total = sum(weights)
    if total <= 0:
        return json.dumps(weights)
    probs = [w / total for w in weights]
    if mode == "near":
        probs[0] += draw(st.sampled_from([1e-12, -1e-12, 1e-8, -1e-3, 0.5]))
    return json.dumps(probs)


@st.composite
def matrix_values(draw, info: dict):
    rows, cols = info["shape"]
    mode = draw(st.sampled_from(["plain", "plain", "plain", "rank-one", "near-singular",
                                 "scaled-orthogonal", "zero", "tiny", "hostile"]))
    if mode == "hostile":
        return draw(st.sampled_from(JSON_HOSTILE))
    if mode == "plain":
        m = [draw(st.lists(_entries(), min_size=cols, max_size=cols)) for _ in range(rows)]
    elif mode == "zero":
        m = [[0.0] * cols for _ in range(rows)]
    elif mode == "tiny":
        s = draw(st.sampled_from([1e-300, 1e-200, 1e-12, 5e-324]))
        m = [[s * (i == j) for j in range(cols)] for i in range(rows)]
    elif mode == "scaled-orthogonal" and rows == cols == 2:
        # repeated singular values: the SVD's rotations are not unique
        t = draw(st.floats(-math.pi, math.pi))
        s = draw(st.sampled_from([1.0, 2.0, 1e-6, 15.0, 25.0]))
        flip = draw(st.sampled_from([1.0, -1.0]))
        m = [[s * math.cos(t), -s * flip * math.sin(t)], [s * math.sin(t), s * flip * math.cos(t)]]
    else:
        u = draw(st.lists(_entries(), min_size=rows, max_size=rows))
        v = draw(st.lists(_entries(), min_size=cols, max_size=cols))
        eps = 0.0 if mode == "rank-one" else draw(st.sampled_from([1e-15, 1e-12, 1e-9, 1e-6, 1e-3]))
        m = [[u[i] * v[j] + eps * (i == j) for j in range(cols)] for i in range(rows)]
    return json.dumps(m)


TEXT_HOSTILE = ["", " ", "\t", "two\nlines", "a" * 60, "a" * 61, "a" * 90, "a" * 91, "W" * 60, "$x^2$",
                r"\frac{1}{", "{", "}", "%", "&", "#", "_", "^", "~", "<b>bold</b>", "<span>", "&amp;", "\u200b",
                "\u00a0", "e\u0301", "\U0001f393", "\u0645\u0631\u062d\u0628\u0627", "\u4e2d\u6587", "\ufffd"]


def text_values(info: dict) -> st.SearchStrategy[str]:
    return st.one_of(st.text(max_size=100), st.text(st.characters(codec="ascii"), min_size=1, max_size=70),
                     st.sampled_from(TEXT_HOSTILE))


# -- formulas: well-formed ones with poles and jumps at the scene's own points, and garbage ---

ONE_VAR = ["1/(x-{c})", "log(x-{c})", "sqrt(x-{c})", "floor(x-{c})", "sign(x-{c})", "abs(x-{c})",
           "tan(x-{c}+pi/2)", "(x-{c})^-1", "(x-{c})^0.5", "(x-{c})^(1/3)", "(x-{c})/(x-{c})",
           "log(abs(x-{c}))", "sin(1/(x-{c}))", "min(1/(x-{c}), 5)", "asin(x-{c})", "acos({c}*x)",
           "max(x, {c})", "relu(x-{c})", "ceil(x-{c})", "exp(1000*(x-{c}))", "{c}", "{c}*x",
           "1e300*(x-{c})^2", "atan2(x-{c}, 0)", "1/((x-{c})^2)", "(x-{c})^2", "1/x", "log(x)",
           "sqrt(x)", "floor(x)", "tan(x)", "x", "0", "0*x", "5", "1e-300*x", "x^1000", "exp(exp(x))",
           "exp(x)^1000", "2^2^2^2^2^2", "0/0", "1/0", "log(0)", "log(-1)", "x/x", "sin(1000x)",
           "sin(100000 x)", "x^3/6 - x + 2", "sigmoid(1e10*(x-{c}))", "softplus(x)", "1e999", "1e999*0"]
TWO_VAR = ["1/(x-{c}) + y", "log(x^2+y^2)", "1/(x*y)", "sqrt(x-{c})*y", "1/((x-{c})^2+(y-{c})^2)",
           "x/y", "log(y-{c})", "floor(x)+floor(y)", "exp(100*x*y)", "tan(x+y)", "atan2(y, x)",
           "1e300*x*y", "x^2+y^2", "-(x^2+y^2)", "0", "x", "sin(1000x)*y", "exp(-((x-{c})^2+y^2)/1e-9)",
           "1/(x-{c})^2 + 1/(y-{c})^2", "sqrt(1-x^2-y^2)", "{c}*x*y", "x^1000 + y", "abs(x) + abs(y)"]
# smooth formulas, placed at the scene's points: they should be accepted and drawn
ONE_VAR_SMOOTH = ["(x-{c})^2", "sin(x-{c})", "exp(-(x-{c})^2)", "x^3/6 - {c}*x", "cos({c}*x)", "(x-{c})^3 - x",
                  "sigmoid(x-{c})", "softplus(x-{c})", "{c}*x^2 + 1", "atan(x-{c})", "x*sin(x) + {c}"]
TWO_VAR_SMOOTH = ["-((x-{c})^2+(y-{c})^2)", "exp(-(x^2+y^2)) + {c}", "sin(x)*cos(y)", "x*y", "-(x^4+y^4) + x*y",
                  "exp(-((x-{c})^2+y^2)) + 0.5 exp(-(x^2+(y-{c})^2))", "{c}*x - y^2", "cos(x-{c}) + cos(y)"]
GARBAGE = ["", "   ", "x.__class__", "__import__('os')", "x y", "2x3", "nan", "inf", "x+inf", "sin x",
           "sin()", "min(x)", "(x", "x)", "x^", "^x", "1..2", "x$", "z", "y", "exp", "x = 1", "\u00d7",
           "x**", "()", ",", "1e", "x\n+1", "\u0661x"]


def _anchor_text(c: float) -> str:
    text = repr(float(c))
    return f"({text})" if c < 0 else text


def _anchors(numbers: list[float]) -> list[float]:
    """Points a scene is likely to evaluate: each value, and each value plus or minus another
    halved up to ten times (x0 + h, x0 + h/2, ...), their midpoints."""
    points = set(numbers) | {0.0, 1.0, -1.0}
    for v in numbers:
        for w in numbers:
            for k in (0, 1, 2, 3, 8, 9, 10):
                points |= {v + w / 2**k, v - w / 2**k}
            points.add((v + w) / 2)
    return sorted(p for p in points if math.isfinite(p) and abs(p) < 1e6)


def _tree(variables, anchors) -> st.SearchStrategy[str]:
    leaf = st.one_of(st.sampled_from(list(variables)), st.sampled_from(["pi", "e", "0", "1", "2", "0.5", "1e-9"]),
                     st.sampled_from(anchors).map(_anchor_text) if anchors else st.just("3"))
    unary = ["sin", "cos", "tan", "exp", "log", "sqrt", "abs", "floor", "sigmoid", "asin", "tanh", "sign"]

    def grow(inner):
        return st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "^"]), inner).map(lambda t: f"({t[0]}{t[1]}{t[2]})"),
            st.tuples(st.sampled_from(unary), inner).map(lambda t: f"{t[0]}({t[1]})"),
            st.tuples(st.sampled_from(["min", "max", "atan2"]), inner, inner).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
            inner.map(lambda s: f"-{s}"),
        )

    return st.recursive(leaf, grow, max_leaves=12)


def _long_and_deep(variables) -> st.SearchStrategy[str]:
    v = variables[0]
    return st.one_of(
        st.integers(150, 260).map(lambda n: v + f"+{v}" * n),  # around the 400-character limit
        st.integers(30, 50).map(lambda d: "(" * d + v + ")" * d),  # around the nesting limit
        st.integers(30, 50).map(lambda d: "sin(" * d + v + ")" * d),
        st.integers(30, 50).map(lambda d: "-" * d + v),
        st.integers(10, 45).map(lambda d: "^".join([v] * d)),
        st.integers(10, 45).map(lambda d: "^".join(["2"] * d)),
        st.integers(20, 60).map(lambda d: "exp(" * d + v + ")" * d),
        st.integers(1, 30).map(lambda d: "/".join(["1"] + [f"({v}-{i})" for i in range(d)])),
    )


def expression_values(info: dict, numbers: list[float]) -> st.SearchStrategy[str]:
    variables = tuple(info["variables"])
    anchors = _anchors(numbers)
    one = len(variables) == 1
    hostile, smooth = (ONE_VAR, ONE_VAR_SMOOTH) if one else (TWO_VAR, TWO_VAR_SMOOTH)

    def placed(templates):
        return st.tuples(st.sampled_from(templates), st.sampled_from(anchors)).map(
            lambda t: t[0].replace("{c}", _anchor_text(t[1])))

    return st.one_of(placed(hostile), placed(smooth), placed(hostile), _tree(variables, anchors),
                     _long_and_deep(variables), st.sampled_from(GARBAGE),
                     st.text(st.sampled_from("x y 0123456789.+-*/^()e,sinlogqrtp"), max_size=30))


def _numbers_in(text: str) -> list[float]:
    try:
        value = json.loads(text)
    except ValueError:
        return []
    flat = value if isinstance(value, list) else [value]
    flat = [x for v in flat for x in (v if isinstance(v, list) else [v])]
    return [float(x) for x in flat if isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)]


@st.composite
def params_values(draw, cls) -> dict[str, str]:
    """Text values for some of ``cls``'s fields (the others keep their defaults); formulas last,
    so their poles can sit at the numbers drawn for the other fields."""
    fields = param_fields(cls)
    kinds = {name: f.metadata.get("mathviz", {"kind": "raw"}) for name, f in fields.items()}
    order = sorted(fields, key=lambda n: kinds[n]["kind"] == "expression")
    values, vectors, numbers = {}, [], []
    for name in order:
        info, f = kinds[name], fields[name]
        use = draw(st.booleans()) or draw(st.booleans())  # three in four fields are set
        kind = info["kind"]
        if kind == "expression":
            if not use:
                continue
            values[name] = draw(expression_values(info, numbers))
            continue
        if not use:
            default = f.default
            numbers += [float(x) for x in (default if isinstance(default, tuple) else [default])
                        if isinstance(x, (int, float))] if kind in ("number", "integer", "vector") else []
            continue
        if kind == "number":
            text = draw(number_values(info))
        elif kind == "integer":
            text = draw(integer_values(info))
        elif kind == "choice":
            text = draw(choice_values(info))
        elif kind == "vector":
            text = draw(vector_values(info, vectors))
        elif kind == "matrix":
            text = draw(matrix_values(info))
        elif kind == "numbers":
            text = draw(numbers_values(info))
        elif kind == "text":
            text = draw(text_values(info))
        else:
            text = draw(st.one_of(st.text(max_size=40), st.sampled_from(NOT_NUMBERS)))
        values[name] = text
        if kind in ("number", "integer", "vector"):
            numbers += _numbers_in(text) if kind == "vector" else [x for x in _numbers_in(text.strip() or "x")]
    return values


def test_the_time_guard_interrupts_a_hang():
    with pytest.raises(Hang, match="spinning ran for more than 0.2 s"), time_limit(0.2, "spinning"):
        while True:
            pass


def test_every_field_kind_has_a_strategy():
    """A new field kind needs values here, or the fuzzing below would only ever send it raw text."""
    known = {"number", "integer", "choice", "expression", "vector", "matrix", "numbers", "text"}
    for spec in SPECS:
        for f in dataclasses.fields(spec.params):
            assert f.metadata.get("mathviz", {}).get("kind") in known, (spec.id, f.name)


# -- the property ----------------------------------------------------------------------------

try:  # the request module, where the pipeline keeps it
    from mathviz.pipeline.request import RenderRequest, validate
except ImportError:  # pragma: no cover - older layout
    from mathviz.pipeline.render import RenderRequest, validate


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")  # one TeX folder for the module


def check_refusal(err: ParamError) -> None:
    message = str(err)
    assert message.strip(), "ParamError with an empty message"
    assert "\n" not in message and "\r" not in message, f"ParamError message is not one line: {message!r}"


@pytest.mark.parametrize("spec", SPECS, ids=[s.id for s in SPECS])
@FUZZ
@given(data=st.data())
def test_bad_input_is_refused_in_one_line_or_the_scene_runs(spec, data, work):
    from manim import tempconfig

    from mathviz.pipeline.still import scan

    values = data.draw(params_values(spec.params), label="params")
    aspect = data.draw(st.sampled_from(sorted(ASPECTS)), label="aspect")
    with time_limit(VALIDATE_LIMIT_S, f"validating {spec.id} {values}"):
        try:
            parse_params(spec.params, values)
        except ParamError as err:
            check_refusal(err)
            event("refused")  # --hypothesis-show-statistics: how many examples reach the scene
            return
    event("accepted")
    job = validate(RenderRequest.make(spec.id, values, quality="low", aspect=aspect))
    with time_limit(SCAN_LIMIT_S, f"scanning {spec.id} {values}"), tempconfig({}):
        scene = scan(job.request, work)
    assert scene.time > 0


# -- the cases it found, kept as plain examples ----------------------------------------------

# (scene, values, words the one-line refusal must contain); what each did before its fix is in the
# comment. "crash" means an exception in the scene after validation had accepted the values.
REFUSED = [
    # a pole at x0: the render died with "cannot convert float NaN to integer"
    ("limit-of-secants", {"f": "1/(x-1)", "x0": "1"}, ["x0 = 1", "not finite", "pole"]),
    # the symmetric secant of the error plot reaches x0 - h0 = -1: crash, OverflowError in log10
    ("limit-of-secants", {"f": "1/(x+1)"}, ["x = -1", "not finite"]),
    ("limit-of-secants", {"f": "log(x)", "x0": "1", "h0": "2"}, ["x = -1", "not finite"]),
    # a straight line: every secant error is rounding noise; crash, min() of an empty array
    ("limit-of-secants", {"f": "x", "x0": "31", "h0": "-19"}, ["straight line"]),
    # constant on the walk, the first secant flat: zero-length rise line (a UserWarning every frame)
    ("limit-of-secants", {"f": "-min((-18.962890625), x)", "x0": "31", "h0": "-19"}, ["straight line"]),
    ("limit-of-secants", {"f": "x^2", "x0": "-1", "h0": "2"}, ["first secant is flat"]),
    # a corner at x0: crash, zero-length log axis (ZeroDivisionError); the tangent drawn had slope 0
    ("limit-of-secants", {"f": "abs(x)", "x0": "0", "h0": "1"}, ["no derivative", "x0 = 0"]),
    # a jump at x0: accepted, and the tangent drawn had the stencil's slope 583 (no derivative exists)
    ("limit-of-secants", {"f": "floor(x)", "x0": "1", "h0": "1"}, ["no derivative"]),
    # a pole where the axes reach (they snap to x = 0): crash, inf in coords_to_point
    ("limit-of-secants", {"f": "1/x", "x0": "2", "h0": "1.9"}, ["x = 0", "pole"]),
    ("limit-of-secants", {"f": "1/(x-1.3)", "x0": "1", "h0": "2"}, ["x = 1.3", "pole"]),
    # the running integral F(x) failed to converge for x = 97.39 in the sweep: crash in the render
    ("signed-area", {"f": "sin(" * 30 + "x" + ")" * 30, "a": "-100.0", "b": "99.99999999999999",
                     "n_max": "271"}, ["integrated accurately"]),
    ("signed-area", {"f": "sin(20x)", "a": "-100", "b": "100"}, ["crosses zero"]),
    # a vector of length 5e-324: RuntimeWarning (overflow) inside validate, printed on stderr
    ("basis-change", {"v": "[0.0, 5e-324]"}, ["too small to draw"]),
    ("basis-change", {"v": "[0.0, 1e-300]"}, ["too small to draw"]),
    ("basis-change", {"b1": "[0.01, 0]"}, ["b1 is only 0.01 long"]),
    # a subnormal entry: LAPACK divides by zero in det on the straight route (RuntimeWarning per frame)
    ("svd", {"matrix": "[[0.0, 0.0], [5e-324, -1.4168891573823474]]"}, ["too small to draw"]),
    # the comparison run at a fifth of 5e-324 is 0: crash, ValueError from the core in the render
    ("gradient-ascent", {"learning_rate": "5e-324"}, ["learning_rate", "at least 1e-06"]),
]

ACCEPTED = [  # near the new refusals, and still drawn
    ("limit-of-secants", {"f": "sin(x) + x^2/3", "x0": "-0.5", "h0": "-1.5"}),
    ("limit-of-secants", {"f": "floor(x)", "x0": "0.5", "h0": "1"}),  # a jump the secants cross
    ("limit-of-secants", {"f": "sqrt(x)", "x0": "1", "h0": "0.5"}),  # undefined left of the axes' 0
    ("limit-of-secants", {"f": "x^2", "x0": "1", "h0": "0.001"}),
    ("limit-of-secants", {"f": "exp(x)", "x0": "10"}),
    ("signed-area", {"f": "sin(x)", "a": "-100", "b": "100"}),
    ("signed-area", {"f": "floor(x)", "a": "-2", "b": "3"}),
    ("basis-change", {"v": "[0.1, 0]"}),
    ("svd", {"matrix": "[[0, 0], [1e-06, -1.4]]"}),  # singular, smallest entry allowed
    ("svd", {"matrix": "[[1, 2], [2, 4]]"}),  # singular
    ("gradient-ascent", {"learning_rate": "1e-06"}),
]


@pytest.mark.parametrize("scene_id, values, words", REFUSED, ids=[f"{s}:{v}"[:80] for s, v, _ in REFUSED])
def test_found_cases_are_refused_in_one_line(scene_id, values, words):
    spec = registry.get(scene_id)
    with time_limit(VALIDATE_LIMIT_S, f"validating {scene_id}"), pytest.raises(ParamError) as caught:
        parse_params(spec.params, values)
    check_refusal(caught.value)
    for word in words:
        assert word in str(caught.value)


@pytest.mark.parametrize("scene_id, values", ACCEPTED, ids=[f"{s}:{v}"[:80] for s, v in ACCEPTED])
def test_neighbours_of_the_found_cases_are_accepted(scene_id, values):
    with time_limit(VALIDATE_LIMIT_S, f"validating {scene_id}"):
        parse_params(registry.get(scene_id).params, values)


def test_cli_refuses_a_pole_at_x0_in_one_line_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    code, stdout, stderr = invoke(["render", "limit-of-secants", "-p", "f=1/(x-1)", "-p", "x0=1",
                                   "-q", "low", "-o", str(out)], cwd=tmp_path)
    assert code == 2, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "x0" in lines[0] and "not finite" in lines[0], lines[0]
    assert list(out.iterdir()) == []
