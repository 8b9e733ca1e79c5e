"""Calculus scenes: ids, titles and parameters. No manim import."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mathviz.catalog import declare
from mathviz.core.calculus import derivative, require_finite
from mathviz.core.expr import parse_function
from mathviz.params import expression, number


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
