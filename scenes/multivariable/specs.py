"""Multivariable calculus scenes: ids, titles and parameters. No manim import."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mathviz.kit import declare, expression, integer, number, vector
from mathviz.core.expr import parse_function

MIN_RATE = 1e-6  # the smallest learning rate; the scene compares it with one five times smaller
TWO_HILLS = "exp(-((x-1)^2+(y-0.5)^2)) + 0.6 exp(-((x+1.2)^2+(y+1)^2)/0.8)"


@dataclass(frozen=True)
class GradientAscentParams:
    f: str = expression(TWO_HILLS, variables=("x", "y"), help="the landscape, in x and y")
    x0: tuple = vector((0.0, -1.0), help="where the climb starts, [x, y]")
    learning_rate: float = number(0.5, positive=True, high=100, help="the step size eta (> 0)")
    steps: int = integer(25, low=1, high=200, help="at most this many steps")
    extent: float = number(3.0, low=0.5, high=50, help="the map shows [-extent, extent] in x and y")

    def validate(self) -> None:
        if self.learning_rate < MIN_RATE:
            raise ValueError(f"parameter learning_rate = {self.learning_rate:g} is too small: the scene also "
                             f"climbs at a fifth of it, and steps that short do not move on the map; use at "
                             f"least {MIN_RATE:g}")
        e = self.extent
        if max(abs(self.x0[0]), abs(self.x0[1])) > e:
            raise ValueError(f"parameter x0 = {list(self.x0)} lies outside the map [-{e:g}, {e:g}]^2: "
                             f"choose a start inside it or a larger extent")
        fn = parse_function(self.f, ("x", "y"))
        xs = np.linspace(-e, e, 61)
        z = fn(*np.meshgrid(xs, xs))
        if not np.all(np.isfinite(z)):
            raise ValueError(f"f = {self.f} is not finite everywhere on [-{e:g}, {e:g}]^2: "
                             f"choose an f defined on the whole map, or a smaller extent")
        if np.ptp(z) > 1e6:
            raise ValueError(f"f = {self.f} varies by more than 1e6 on the map: too steep to draw")


GRADIENT_ASCENT = declare(
    "gradient-ascent",
    title="Climbing a surface by gradient ascent",
    chapter="multivariable",
    module="scenes.multivariable.gradient_ascent",
    cls="GradientAscent",
    params=GradientAscentParams,
    summary="The gradient points uphill across the contours; steps of the learning rate climb to a "
            "peak, and too small or too large rates crawl or zigzag.",
)


# ---- partial-derivatives and hessian ----


# ---- chain-rule ----
