"""Calculus scenes: ids, titles and parameters. No manim import."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mathviz.kit import choice, declare, expression, integer, number
from mathviz.core.calculus import (
    RIEMANN_RULES,
    derivative,
    require_finite,
    riemann_sum,
    signed_area,
)
from mathviz.core.expr import parse_function


@dataclass(frozen=True)
class LimitOfSecantsParams:
    f: str = expression("x^3/6 - x + 2", help="the function, in x")
    x0: float = number(1.0, low=-50, high=50, help="where the tangent touches")
    h0: float = number(2.0, low=-20, high=20, help="the starting step; its sign picks the side")

    def validate(self) -> None:
        if abs(self.h0) < 1e-3:
            raise ValueError("parameter h0 must be at least 0.001 away from 0, so the secant is visible")
        fn = parse_function(self.f)
        lo, hi = min(self.x0, self.x0 + self.h0), max(self.x0, self.x0 + self.h0)
        pad = 0.25 * (hi - lo)
        require_finite(fn, lo - pad, hi + pad, what=f"f = {self.f}")
        derivative(fn, self.x0)
        ys = fn(np.linspace(lo - pad, hi + pad, 401))
        if np.ptp(ys) > 1e6:
            raise ValueError(f"f = {self.f} varies by more than 1e6 near x0: too steep to draw")


LIMIT_OF_SECANTS = declare(
    "limit-of-secants",
    title="The derivative as a limit of secants",
    chapter="calculus",
    module="scenes.calculus.limit_of_secants",
    cls="LimitOfSecants",
    params=LimitOfSecantsParams,
    summary="Secant slopes through (x0, f(x0)) and (x0+h, f(x0+h)) converge to f'(x0) as h shrinks.",
)


def doubling_counts(n_max: int, n0: int = 4) -> list[int]:
    """Rectangle counts the signed-area scene walks through: ``n0, 2 n0, 4 n0, ...`` then ``n_max``.

    >>> doubling_counts(128)
    [4, 8, 16, 32, 64, 128]
    >>> doubling_counts(100)
    [4, 8, 16, 32, 64, 100]
    """
    counts = [n0]
    while counts[-1] * 2 < n_max:
        counts.append(counts[-1] * 2)
    return counts + [n_max] if n_max > counts[-1] else counts


@dataclass(frozen=True)
class SignedAreaParams:
    f: str = expression("x^3 - 3x + 1", help="the function, in x; best if it crosses zero on [a, b]")
    a: float = number(-2.0, low=-100, high=100, help="where the interval starts")
    b: float = number(2.0, low=-100, high=100, help="where the interval ends (greater than a)")
    rule: str = choice("left", RIEMANN_RULES, help="where each rectangle takes its height")
    n_max: int = integer(128, low=8, high=512, help="the most rectangles, reached by doubling from 4")

    def validate(self) -> None:
        if not self.b - self.a >= 0.01:
            raise ValueError(f"parameter a = {self.a:g} must be less than b = {self.b:g} (by at least 0.01): "
                             "the area is swept from a to b")
        fn = parse_function(self.f)
        require_finite(fn, self.a, self.b, what=f"f = {self.f}")
        if np.ptp(fn(np.linspace(self.a, self.b, 2001))) > 1e6:
            raise ValueError(f"f = {self.f} varies by more than 1e6 on [a, b]: too steep to draw")
        try:
            signed_area(fn, self.a, self.b)
            for n in doubling_counts(self.n_max):
                riemann_sum(fn, self.a, self.b, n, self.rule)
        except ValueError as err:
            raise ValueError(f"f = {self.f}: {err}") from None


SIGNED_AREA = declare(
    "signed-area",
    title="The integral as signed area",
    chapter="calculus",
    module="scenes.calculus.signed_area",
    cls="SignedArea",
    params=SignedAreaParams,
    summary="Riemann sums converge to the signed area (above the axis minus below it); "
            "the running integral's slope is f.",
)
