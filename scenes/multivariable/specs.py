"""Multivariable calculus scenes: ids, titles and parameters. No manim import."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mathviz.kit import choice, declare, expression, integer, matrix, number, vector
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


# Partial derivatives and the Hessian

def _map_values(text: str, extent: float, name: str = "f", samples: int = 61):
    """``f`` parsed and sampled on the map ``[-extent, extent]^2``; refused in one line where it is not
    finite everywhere there or too steep to draw."""
    fn = parse_function(text, ("x", "y"))
    xs = np.linspace(-extent, extent, samples)
    with np.errstate(all="ignore"):
        z = np.asarray(fn(*np.meshgrid(xs, xs)), dtype=float) * np.ones((samples, samples))
    if not np.all(np.isfinite(z)):
        raise ValueError(f"{name} = {text} is not finite everywhere on [-{extent:g}, {extent:g}]^2: "
                         f"choose an f defined on the whole map, or a smaller extent")
    if np.ptp(z) > 1e6:
        raise ValueError(f"{name} = {text} varies by more than 1e6 on the map: too steep to draw")
    if np.ptp(z) < 1e-9:
        raise ValueError(f"{name} = {text} is flat on the map: there is no surface to cut; choose an f that varies")
    return fn, z


def _inside(point, extent: float, name: str = "point") -> None:
    if max(abs(point[0]), abs(point[1])) > 0.8 * extent:
        raise ValueError(f"parameter {name} = {list(point)} is too close to the edge of the map "
                         f"[-{extent:g}, {extent:g}]^2: keep both coordinates within {0.8 * extent:g}, "
                         f"or choose a larger extent")


@dataclass(frozen=True)
class PartialDerivativesParams:
    f: str = expression("sin(x) + cos(y) + x/4", variables=("x", "y"), help="the surface, in x and y")
    point: tuple = vector((0.8, 0.9), help="the point (x0, y0) where the surface is cut, [x, y]")
    extent: float = number(2.5, low=0.5, high=20, help="the map shows [-extent, extent] in x and y")

    def validate(self) -> None:
        from mathviz.core.optimize import partial_derivatives, vector_function

        _inside(self.point, self.extent)
        fn, _ = _map_values(self.f, self.extent)
        g = partial_derivatives(vector_function(fn), self.point)
        if not np.all(np.isfinite(g)):
            raise ValueError(f"f = {self.f} has no finite partial derivatives at {list(self.point)}: choose "
                             f"another point")
        if np.linalg.norm(g) < 1e-3:
            raise ValueError(f"the gradient of f vanishes at {list(self.point)} (|grad f| = "
                             f"{np.linalg.norm(g):.2g}): every direction is level there; choose a point on a slope")


PARTIAL_DERIVATIVES = declare(
    "partial-derivatives",
    title="Partial and directional derivatives",
    chapter="multivariable",
    module="scenes.multivariable.partial_derivatives",
    cls="PartialDerivatives",
    params=PartialDerivativesParams,
    summary="Two planes cut the surface through a point: the slopes of the two curves are the partial "
            "derivatives, together the gradient; the slope along a turning direction peaks along it.",
)


@dataclass(frozen=True)
class HessianParams:
    f: str = expression("sin(x)*sin(y) + x^2/4", variables=("x", "y"), help="the function, in x and y")
    point: tuple = vector((0.0, 0.0), help="a critical point of f (its gradient is 0 there), [x, y]")
    extent: float = number(2.0, low=0.5, high=20, help="the map shows [-extent, extent] in x and y")

    def validate(self) -> None:
        from mathviz.core.optimize import critical_point, vector_function

        _inside(self.point, self.extent)
        fn, _ = _map_values(self.f, self.extent)
        try:
            cp = critical_point(vector_function(fn), self.point)
        except ValueError as err:
            raise ValueError(f"f = {self.f}: {err}; the test needs a point where both partial "
                             f"derivatives are 0") from None
        if np.abs(cp.eigenvalues).max() > 1e4:
            raise ValueError(f"f = {self.f} curves too sharply at {list(self.point)} (Hessian eigenvalues up "
                             f"to {np.abs(cp.eigenvalues).max():.3g}): too steep to draw")


HESSIAN = declare(
    "hessian",
    title="The Hessian and the second-derivative test",
    chapter="multivariable",
    module="scenes.multivariable.hessian",
    cls="Hessian",
    params=HessianParams,
    summary="Where the gradient vanishes, the Hessian's eigenvalues decide: both positive a minimum, both "
            "negative a maximum, mixed signs a saddle, a zero one and the test is silent.",
)


# The chain rule through a layer

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
