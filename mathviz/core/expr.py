"""Safe maths expressions: user text in, vectorised numpy callable out.

The grammar is deliberately small and parsed by hand (no ``eval``, no Python
``ast``), so nothing a user types can reach Python objects::

    expr    := sum
    sum     := product (("+" | "-") product)*
    product := unary (("*" | "/") unary | implicit)*
    unary   := ("-" | "+") unary | power
    power   := atom (("^" | "**") unary)?          right-associative
    atom    := NUMBER | NAME | NAME "(" expr ("," expr)* ")" | "(" expr ")"

Implicit multiplication is accepted after a number (``2x``, ``3(x+1)``,
``2 sin(x)``) because that is how lecturers write formulas on a board.

Examples
--------
>>> f = parse_function("sin(x) + x^2/3")
>>> float(f(0.0))
0.0
>>> round(float(f(3.0)), 6)
3.14112
>>> g = parse_function("x*y - 2y", variables=("x", "y"))
>>> g([1.0, 2.0], [3.0, 3.0]).tolist()
[-3.0, 0.0]
>>> parse_function("2^3^2")(0.0).item()   # right-associative, like maths
512.0
>>> parse_function("x.__class__")
Traceback (most recent call last):
...
ValueError: invalid expression 'x.__class__': unexpected character '.' at column 2
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

MAX_LENGTH = 400
MAX_DEPTH = 40


def _sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # stable for large |x|, no overflow


FUNCTIONS: dict[str, tuple[Callable[..., np.ndarray], int, str]] = {
    # name: (numpy implementation, arity, LaTeX command)
    "sin": (np.sin, 1, r"\sin"),
    "cos": (np.cos, 1, r"\cos"),
    "tan": (np.tan, 1, r"\tan"),
    "asin": (np.arcsin, 1, r"\arcsin"),
    "acos": (np.arccos, 1, r"\arccos"),
    "atan": (np.arctan, 1, r"\arctan"),
    "sinh": (np.sinh, 1, r"\sinh"),
    "cosh": (np.cosh, 1, r"\cosh"),
    "tanh": (np.tanh, 1, r"\tanh"),
    "exp": (np.exp, 1, r"\exp"),
    "log": (np.log, 1, r"\log"),
    "ln": (np.log, 1, r"\ln"),
    "log2": (np.log2, 1, r"\log_2"),
    "log10": (np.log10, 1, r"\log_{10}"),
    "sqrt": (np.sqrt, 1, r"\sqrt"),
    "abs": (np.abs, 1, r"\operatorname{abs}"),
    "sign": (np.sign, 1, r"\operatorname{sign}"),
    "floor": (np.floor, 1, r"\operatorname{floor}"),
    "ceil": (np.ceil, 1, r"\operatorname{ceil}"),
    "sigmoid": (_sigmoid, 1, r"\sigma"),
    "relu": (lambda x: np.maximum(x, 0.0), 1, r"\operatorname{ReLU}"),
    "softplus": (lambda x: np.logaddexp(0.0, x), 1, r"\operatorname{softplus}"),
    "min": (np.minimum, 2, r"\min"),
    "max": (np.maximum, 2, r"\max"),
    "atan2": (np.arctan2, 2, r"\operatorname{atan2}"),
}

CONSTANTS: dict[str, tuple[float, str]] = {
    "pi": (math.pi, r"\pi"),
    "e": (math.e, "e"),
    "tau": (math.tau, r"\tau"),
}

_TOKEN = re.compile(
    r"\s*(?:(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z_0-9]*)"
    r"|(?P<op>\*\*|[-+*/^(),]))"
)


@dataclass(frozen=True)
class _Tok:
    kind: str  # "num", "name", "op", "end"
    text: str
    col: int  # 1-based column, for messages


class _Error(Exception):
    def __init__(self, message: str, col: int | None = None):
        super().__init__(message)
        self.col = col


def _tokenize(text: str) -> list[_Tok]:
    tokens, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            bad = text[pos:].lstrip()[0]
            col = len(text) - len(text[pos:].lstrip()) + 1
            raise _Error(f"unexpected character {bad!r}", col)
        kind = m.lastgroup
        tokens.append(_Tok(kind, m.group(kind), m.start(kind) + 1))
        pos = m.end()
    tokens.append(_Tok("end", "", len(text) + 1))
    return tokens


# The parse tree is a tuple: ("num", value) | ("var", name) | ("const", name)
# | ("neg", node) | ("bin", op, left, right) | ("call", name, args)


class _Parser:
    def __init__(self, tokens: list[_Tok], variables: Sequence[str]):
        self.toks, self.i, self.vars, self.depth = tokens, 0, tuple(variables), 0

    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def expect(self, text: str) -> None:
        if self.tok.text != text:
            found = "end of input" if self.tok.kind == "end" else repr(self.tok.text)
            raise _Error(f"expected {text!r} but found {found}", self.tok.col)
        self.take()

    def nest(self, col: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Error(f"nested more than {MAX_DEPTH} levels deep", col)

    def parse(self):
        node = self.sum()
        if self.tok.kind != "end":
            raise _Error(f"unexpected {self.tok.text!r}", self.tok.col)
        return node

    def sum(self):
        node = self.product()
        while self.tok.text in ("+", "-"):
            op = self.take().text
            node = ("bin", op, node, self.product())
        return node

    def product(self):
        node = self.unary()
        while True:
            if self.tok.text in ("*", "/"):
                op = self.take().text
                node = ("bin", op, node, self.unary())
            elif node[0] == "num" and (self.tok.kind == "name" or self.tok.text == "("):
                node = ("bin", "*", node, self.power())  # implicit: 2x, 3(x+1)
            else:
                return node

    def unary(self):
        if self.tok.text in ("-", "+"):
            tok = self.take()
            self.nest(tok.col)
            operand = self.unary()
            self.depth -= 1
            return ("neg", operand) if tok.text == "-" else operand
        return self.power()

    def power(self):
        base = self.atom()
        if self.tok.text in ("^", "**"):
            tok = self.take()
            self.nest(tok.col)
            exponent = self.unary()
            self.depth -= 1
            return ("bin", "^", base, exponent)
        return base

    def atom(self):
        tok = self.take()
        if tok.kind == "num":
            return ("num", float(tok.text))
        if tok.text == "(":
            self.nest(tok.col)
            node = self.sum()
            self.expect(")")
            self.depth -= 1
            return node
        if tok.kind == "name":
            return self.name(tok)
        found = "end of input" if tok.kind == "end" else repr(tok.text)
        raise _Error(f"expected a number, variable or function but found {found}", tok.col)

    def name(self, tok: _Tok):
        if self.tok.text == "(":
            if tok.text not in FUNCTIONS:
                raise _Error(
                    f"unknown function {tok.text!r} (allowed: {', '.join(FUNCTIONS)})", tok.col
                )
            self.take()
            self.nest(tok.col)
            args = [self.sum()]
            while self.tok.text == ",":
                self.take()
                args.append(self.sum())
            self.expect(")")
            self.depth -= 1
            arity = FUNCTIONS[tok.text][1]
            if len(args) != arity:
                raise _Error(
                    f"{tok.text}() takes {arity} argument{'s' * (arity > 1)}, got {len(args)}",
                    tok.col,
                )
            return ("call", tok.text, tuple(args))
        if tok.text in self.vars:
            return ("var", tok.text)
        if tok.text in CONSTANTS:
            return ("const", tok.text)
        if tok.text in FUNCTIONS:
            raise _Error(f"function {tok.text!r} needs parentheses, like {tok.text}(x)", tok.col)
        allowed = ", ".join(self.vars) or "none"
        raise _Error(
            f"unknown name {tok.text!r} (variables: {allowed}; constants: pi, e, tau)", tok.col
        )


_BINARY = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.true_divide, "^": np.power}


def _compile(node, variables: tuple[str, ...]):
    """Turn a parse tree into a closure taking a tuple of float arrays."""
    kind = node[0]
    if kind == "num" or kind == "const":
        value = np.float64(node[1] if kind == "num" else CONSTANTS[node[1]][0])
        return lambda args: value
    if kind == "var":
        index = variables.index(node[1])
        return lambda args: args[index]
    if kind == "neg":
        inner = _compile(node[1], variables)
        return lambda args: np.negative(inner(args))
    if kind == "bin":
        op, left, right = _BINARY[node[1]], _compile(node[2], variables), _compile(node[3], variables)
        return lambda args: op(left(args), right(args))
    fn = FUNCTIONS[node[1]][0]
    parts = [_compile(arg, variables) for arg in node[2]]
    return lambda args: fn(*(part(args) for part in parts))


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "neg": 3, "^": 4}


def _tex(node, parent: int = 0) -> str:
    kind = node[0]
    if kind == "num":
        value = node[1]
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if kind == "var":
        return node[1]
    if kind == "const":
        return CONSTANTS[node[1]][1]
    if kind == "call":
        name = node[1]
        args = ", ".join(_tex(arg) for arg in node[2])
        if name == "sqrt":
            return r"\sqrt{" + args + "}"
        if name == "abs":
            return r"\left|" + args + r"\right|"
        if name == "exp":
            return "e^{" + args + "}"
        return FUNCTIONS[name][2] + r"\left(" + args + r"\right)"
    if kind == "neg":
        text = "-" + _tex(node[1], _PRECEDENCE["neg"])
        mine = _PRECEDENCE["neg"]
    else:
        op, mine = node[1], _PRECEDENCE[node[1]]
        if op == "/":
            return r"\frac{" + _tex(node[2]) + "}{" + _tex(node[3]) + "}"
        if op == "^":
            text = _tex(node[2], mine + 1) + "^{" + _tex(node[3]) + "}"
        else:
            right = _tex(node[3], mine + (op == "-"))
            if op == "*":
                left = _tex(node[2], mine)
                implicit = node[2][0] == "num" and node[3][0] in ("var", "const", "call")
                text = left + (" " if implicit else r" \cdot ") + right
            else:
                text = _tex(node[2], mine) + f" {op} " + right
    return r"\left(" + text + r"\right)" if mine < parent else text


class Expression:
    """A parsed, vectorised function of named variables.

    Calling it with one array per variable (shapes that broadcast together)
    returns a float64 array of the broadcast shape; floating-point warnings are
    silenced and show up as ``nan``/``inf`` in the result, for callers to check.
    """

    def __init__(self, text: str, variables: tuple[str, ...], tree):
        self.text, self.variables, self._tree = text, variables, tree
        self._fn = _compile(tree, variables)

    def __call__(self, *args) -> np.ndarray:
        if len(args) != len(self.variables):
            raise TypeError(f"expected {len(self.variables)} arguments, got {len(args)}")
        arrays = tuple(np.asarray(a, dtype=np.float64) for a in args)
        shape = np.broadcast_shapes(*(a.shape for a in arrays)) if arrays else ()
        with np.errstate(all="ignore"):
            out = self._fn(arrays)
        return np.broadcast_to(np.asarray(out, dtype=np.float64), shape).copy()

    def to_tex(self) -> str:
        r"""LaTeX for the expression, e.g. ``x^{2} + \sin\left(x\right)``."""
        return _tex(self._tree)

    def __repr__(self) -> str:
        return f"Expression({self.text!r}, variables={self.variables!r})"


def parse_function(text: str, variables: Sequence[str] = ("x",)) -> Expression:
    """Parse ``text`` into a vectorised callable of ``variables``.

    Raises ``ValueError`` with a one-line message naming the offending part
    when the text is outside the grammar (see the module docstring).
    """
    if not isinstance(text, str):
        raise ValueError(f"invalid expression: expected text, got {type(text).__name__}")
    shown = text if len(text) <= 60 else text[:57] + "..."
    try:
        if not text.strip():
            raise _Error("it is empty; write a formula such as 'x^2 + 1'")
        if len(text) > MAX_LENGTH:
            raise _Error(f"it is longer than {MAX_LENGTH} characters")
        tree = _Parser(_tokenize(text), variables).parse()
    except _Error as err:
        where = f" at column {err.col}" if err.col is not None else ""
        raise ValueError(f"invalid expression {shown!r}: {err}{where}") from None
    return Expression(text, tuple(variables), tree)
