"""Typed scene parameters: declare once, parse and validate CLI text. No manim import.

A scene's parameters are a frozen dataclass whose fields are made with the
helpers below (``number``, ``integer``, ``choice``, ``expression``,
``vector``, ``matrix``). Each helper records how to parse the text a user
types and what is allowed, so ``--param name=value`` is checked before any
rendering starts. A dataclass may add a ``validate(self)`` method for checks
that involve several fields; it raises ``ValueError``.

>>> from dataclasses import dataclass
>>> @dataclass(frozen=True)
... class P:
...     f: str = expression("x^2", variables=("x",))
...     x0: float = number(1.0, low=-5, high=5)
...     v: tuple = vector((2.0, 1.0))
>>> parse_params(P, {"x0": "2.5", "v": "[1, -1]"})
P(f='x^2', x0=2.5, v=(1.0, -1.0))
>>> parse_params(P, {"x0": "9"})
Traceback (most recent call last):
...
mathviz.kit.params.ParamError: parameter x0 = '9': must be at most 5
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import math
import re
from typing import Any, Mapping

from mathviz.core.expr import parse_function
from mathviz.errors import InputError


class ParamError(InputError):
    """A parameter value that is unknown, ill-typed or out of bounds (bad input: exit 2)."""


def _meta(kind: str, **info) -> dict:
    return {"mathviz": {"kind": kind, **info}}


def number(default: float, *, low: float | None = None, high: float | None = None,
           positive: bool = False, help: str = "") -> Any:
    """A finite float, optionally bounded; ``positive`` means strictly above zero."""
    return dataclasses.field(
        default=float(default),
        metadata=_meta("number", low=low, high=high, positive=positive, help=help),
    )


def integer(default: int, *, low: int | None = None, high: int | None = None, help: str = "") -> Any:
    return dataclasses.field(default=int(default), metadata=_meta("integer", low=low, high=high, help=help))


def choice(default: str, options: tuple[str, ...], *, help: str = "") -> Any:
    return dataclasses.field(default=default, metadata=_meta("choice", options=tuple(options), help=help))


def expression(default: str, *, variables: tuple[str, ...] = ("x",), help: str = "") -> Any:
    """A formula in ``variables``, kept as text and checked by :func:`parse_function`."""
    return dataclasses.field(default=default, metadata=_meta("expression", variables=variables, help=help))


def vector(default: tuple[float, ...], *, dim: int = 2, help: str = "") -> Any:
    """A list of ``dim`` finite numbers written like ``[2, 1]``."""
    return dataclasses.field(default=tuple(map(float, default)), metadata=_meta("vector", dim=dim, help=help))


def numbers(default: tuple[float, ...], *, min_len: int = 1, max_len: int | None = None,
            low: float | None = None, high: float | None = None, help: str = "") -> Any:
    """A list of finite numbers of any length from ``min_len`` to ``max_len``, like ``[0.5, 0.25, 0.25]``.

    Each entry may be bounded by ``low`` and ``high``; relations between entries (probabilities
    that sum to 1) belong in the parameters' ``validate``.
    """
    return dataclasses.field(default=tuple(map(float, default)),
                             metadata=_meta("numbers", min_len=min_len, max_len=max_len, low=low,
                                            high=high, help=help))


def matrix(default, *, shape: tuple[int, int] = (2, 2), help: str = "") -> Any:
    """A matrix written row by row like ``[[1, 2], [3, 4]]``."""
    value = tuple(tuple(map(float, row)) for row in default)
    return dataclasses.field(default=value, metadata=_meta("matrix", shape=shape, help=help))


def _info(field: dataclasses.Field) -> dict:
    return field.metadata.get("mathviz", {"kind": "raw"})


def _number(text: str) -> float:
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise ParamError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise ParamError("must be a finite number")
    return value


def _bounded(value, info: dict):
    if info.get("positive") and not value > 0:
        raise ParamError("must be greater than 0")
    if info.get("low") is not None and value < info["low"]:
        raise ParamError(f"must be at least {info['low']}")
    if info.get("high") is not None and value > info["high"]:
        raise ParamError(f"must be at most {info['high']}")
    return value


def _nested_numbers(text: str, what: str):
    try:
        value = json.loads(text) if isinstance(text, str) else text
    except ValueError:
        if re.search(r"(?i)\b(nan|inf|infinity)\b", text):
            raise ParamError(f"every entry must be a finite number: write it as {what}") from None
        raise ParamError(f"write it as {what}") from None
    return value


def _parse_vector(text, info: dict) -> tuple[float, ...]:
    dim = info["dim"]
    example = "[" + ", ".join(["1"] * dim) + "]"
    value = _nested_numbers(text, f"a list of {dim} numbers like {example}")
    if not isinstance(value, (list, tuple)) or any(isinstance(v, (list, tuple)) for v in value):
        raise ParamError(f"write it as a list of {dim} numbers like {example}")
    if len(value) != dim:
        raise ParamError(f"needs {dim} numbers like {example}, got {len(value)}")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        raise ParamError(f"every entry must be a number, like {example}")
    if not all(math.isfinite(v) for v in value):
        raise ParamError("every entry must be a finite number")
    return tuple(float(v) for v in value)


def _parse_numbers(text, info: dict) -> tuple[float, ...]:
    lo, hi = info["min_len"], info["max_len"]
    count = f"{lo} to {hi}" if hi is not None else f"at least {lo}"
    value = _nested_numbers(text, f"a list of {count} numbers like [0.5, 0.25, 0.25]")
    if not isinstance(value, (list, tuple)):
        raise ParamError(f"write it as a list of {count} numbers like [0.5, 0.25, 0.25]")
    if len(value) < lo or (hi is not None and len(value) > hi):
        raise ParamError(f"needs {count} numbers, got {len(value)}")
    numbers = _parse_vector(list(value), {"dim": len(value)})
    for v in numbers:
        try:
            _bounded(v, info)
        except ParamError as err:
            raise ParamError(f"every entry {err} (got {format_value(v)})") from None
    return numbers


def _parse_matrix(text, info: dict) -> tuple[tuple[float, ...], ...]:
    rows, cols = info["shape"]
    example = "[" + ", ".join("[" + ", ".join(["1"] * cols) + "]" for _ in range(rows)) + "]"
    value = _nested_numbers(text, f"a {rows}x{cols} matrix like {example}")
    if not isinstance(value, (list, tuple)) or not all(isinstance(r, (list, tuple)) for r in value):
        raise ParamError(f"write it as a {rows}x{cols} matrix, row by row, like {example}")
    shape = (len(value), len({len(r) for r in value}) == 1 and len(value[0]) or -1)
    if shape != (rows, cols):
        raise ParamError(f"must be {rows}x{cols} like {example}")
    try:
        return tuple(_parse_vector(list(r), {"dim": cols}) for r in value)
    except ParamError as err:
        raise ParamError(f"{err} (in a {rows}x{cols} matrix like {example})") from None


def parse_value(field: dataclasses.Field, text):
    """Parse one user value (text, or an already-typed value) for ``field``."""
    info = _info(field)
    kind = info["kind"]
    if kind == "number":
        return _bounded(_number(text), info)
    if kind == "integer":
        try:
            value = int(str(text).strip())
        except ValueError:
            raise ParamError(f"{text!r} is not a whole number") from None
        return _bounded(value, info)
    if kind == "choice":
        if text not in info["options"]:
            raise ParamError(f"must be one of {', '.join(info['options'])}")
        return text
    if kind == "expression":
        try:
            parse_function(str(text), info["variables"])
        except ValueError as err:
            raise ParamError(str(err)) from None
        return str(text)
    if kind == "vector":
        return _parse_vector(text, info)
    if kind == "matrix":
        return _parse_matrix(text, info)
    if kind == "numbers":
        return _parse_numbers(text, info)
    return text


def param_fields(cls) -> dict[str, dataclasses.Field]:
    return {f.name: f for f in dataclasses.fields(cls)}


def parse_params(cls, values: Mapping[str, Any]):
    """Build ``cls`` from user values (text), validating each and then the whole.

    Raises :class:`ParamError` with a one-line message naming the parameter.
    """
    fields = param_fields(cls)
    parsed = {}
    for name, text in values.items():
        if name not in fields:
            close = difflib.get_close_matches(name, fields, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            known = ", ".join(fields) or "none"
            raise ParamError(f"unknown parameter {name!r} (this scene takes: {known}){hint}")
        try:
            parsed[name] = parse_value(fields[name], text)
        except ParamError as err:
            raise ParamError(f"parameter {name} = {str(text)!r}: {err}") from None
    instance = cls(**parsed)
    validate = getattr(instance, "validate", None)
    if validate is not None:
        try:
            validate()
        except ValueError as err:  # a library's message may wrap: the user gets one line
            raise ParamError(" ".join(str(err).split())) from None
    return instance


def shorten(text: str, width: int = 40) -> str:
    """``text`` cut to ``width`` characters with ``...``: a user's formula inside a one-line message.

    >>> shorten("x^2 + 1"), shorten("x+" * 30 + "x", 12)
    ('x^2 + 1', 'x+x+x+x+x...')
    """
    return text if len(text) <= width else text[: width - 3] + "..."


def format_value(value) -> str:
    """The text form of a parameter value, as a user would type it.

    >>> format_value(((1.0, 2.0), (3.0, 4.0)))
    '[[1, 2], [3, 4]]'
    >>> format_value(0.5)
    '0.5'
    """
    if isinstance(value, tuple):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    if isinstance(value, float):
        return f"{value:g}" if value == float(f"{value:g}") else repr(value)
    return str(value)


def defaults(cls) -> dict[str, str]:
    """Parameter name -> default value as text."""
    return {f.name: format_value(f.default) for f in dataclasses.fields(cls)}


def describe(cls) -> dict[str, dict]:
    """Per parameter: kind, default, bounds/options and help, for ``mathviz list``."""
    out = {}
    for f in dataclasses.fields(cls):
        info = {k: v for k, v in _info(f).items() if v not in (None, False, "")}
        out[f.name] = {**info, "default": format_value(f.default)}
    return out


def overrides(instance) -> dict[str, str]:
    """The parameters of ``instance`` that differ from the defaults, as text."""
    return {
        f.name: format_value(getattr(instance, f.name))
        for f in dataclasses.fields(instance)
        if getattr(instance, f.name) != f.default
    }
