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
from mathviz.kit import choice, matrix  # noqa: E402  (here, not above: the header is shared)

CHAIN_ENTRY_LIMIT = 10.0  # every value the graph writes fits its cards at this size
CHAIN_MIN_SLOPE = 1e-3  # a nudged weight the loss depends on less than this shows no change
CHAIN_WEIGHTS = ("A11", "A12", "A21", "A22")


@dataclass(frozen=True)
class ChainRuleParams:
    A: tuple = matrix(((0.5, -1.0), (1.5, 0.25)), help="the layer's weights, a 2x2 matrix")
    b: tuple = vector((0.1, -0.2), help="the bias, [b1, b2]")
    x: tuple = vector((1.0, 2.0), help="the input, [x1, x2]")
    y: tuple = vector((1.0, 0.0), help="the target the sigmoid's output is compared with, [y1, y2]")
    nudge: str = choice("A12", CHAIN_WEIGHTS, help="the weight nudged to measure its slope (row, column)")
    h: float = number(0.01, low=0.001, high=0.1, help="how far the weight is nudged")

    @property
    def nudged(self) -> tuple[int, int]:
        """(row, column) of the nudged weight, from 0."""
        return int(self.nudge[1]) - 1, int(self.nudge[2]) - 1

    def validate(self) -> None:
        from mathviz.core.backprop import dense_layer_gradients

        lim = CHAIN_ENTRY_LIMIT
        for name in ("A", "b", "x", "y"):
            values = np.ravel(getattr(self, name))
            if np.any(np.abs(values) > lim):
                worst = values[np.argmax(np.abs(values))]
                raise ValueError(f"parameter {name} has the entry {worst:g}, outside [-{lim:g}, {lim:g}]: the "
                                 f"graph's cards are sized for entries up to {lim:g} in size; use smaller ones")
            tiny = values[(values != 0) & (np.abs(values) < 1e-6)]
            if tiny.size:
                raise ValueError(f"parameter {name} has the entry {tiny[0]:g}, too small to draw: write 0 "
                                 f"or an entry of at least 1e-06 in size")
        g = dense_layer_gradients(self.A, self.b, self.x, self.y)
        i, j = self.nudged
        slope = abs(float(g.grad_A[i, j]))
        if slope < CHAIN_MIN_SLOPE:
            raise ValueError(f"the loss hardly depends on {self.nudge} here (slope {slope:.1e}, under "
                             f"{CHAIN_MIN_SLOPE:g}): a nudge would change nothing visible; choose another "
                             f"weight, an x{j + 1} that is not 0, or a sigmoid less saturated (smaller |Ax + b|)")


CHAIN_RULE = declare(
    "chain-rule",
    title="The chain rule, run backwards",
    chapter="multivariable",
    module="scenes.multivariable.chain_rule",
    cls="ChainRule",
    params=ChainRuleParams,
    summary="One dense layer as a computation graph: the forward pass writes each value, the backward "
            "pass multiplies local derivatives back to A, b and x, and a nudged weight checks the slope.",
)
