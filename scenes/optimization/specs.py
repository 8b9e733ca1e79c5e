"""Optimisation scenes: ids, titles and parameters. No manim import."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mathviz.core.calculus import require_finite
from mathviz.core.expr import parse_function
from mathviz.core.optimize import vector_function
from mathviz.core.optimizers import (
    METHODS,
    correlated_data,
    is_convex_on,
    lagrange_points,
    optimize_path,
    sgd_path,
)
from mathviz.kit import declare, expression, integer, number, shorten, vector

#: The non-convex loss the convexity scene's last beat descends, and its two starts.
TRAP_LOSS = "x^4/4 - x^2 + x/2"
TRAP_RANGE = (-2.2, 2.2)
TRAP_STARTS = (2.0, -0.4)


@dataclass(frozen=True)
class ConvexityParams:
    f: str = expression("x^2/4 + exp(-x)", help="the function whose chords are tested, in x")
    a: float = number(-2.0, low=-50, high=50, help="left end of the interval")
    b: float = number(3.5, low=-50, high=50, help="right end of the interval")

    def validate(self) -> None:
        if not self.b - self.a >= 0.5:
            raise ValueError(f"the interval [a, b] = [{self.a:g}, {self.b:g}] must have b at least a + 0.5")
        fn = parse_function(self.f)
        try:
            require_finite(fn, self.a, self.b)
            result = is_convex_on(fn, self.a, self.b)
        except ValueError as err:
            raise ValueError(f"f = {shorten(self.f)}: {err}") from None
        values = np.asarray(fn(np.linspace(self.a, self.b, 401)), dtype=float) * np.ones(401)
        span = float(values.max() - values.min())
        if not span > 1e-9 * (1 + np.abs(values).max()) or span > 1e6:
            raise ValueError(f"f = {shorten(self.f)} must vary on [a, b] by a drawable amount "
                             f"(it spans {span:.3g}); try another function or interval")
        del result


CONVEXITY = declare(
    "convexity",
    title="Convex functions",
    chapter="optimization",
    module="scenes.optimization.convexity",
    cls="Convexity",
    params=ConvexityParams,
    summary="Every chord lies above a convex graph; f'' >= 0 says so for smooth f; |x| is convex with a "
            "corner; on a non-convex loss gradient descent can be trapped in a local minimum.",
)


# -- optimizers -------------------------------------------------------------------------------

#: The valley the optimizers race down: steep across (y), nearly flat along (x).
VALLEY = "x^2/40 + y^2"


@dataclass(frozen=True)
class OptimizersParams:
    f: str = expression(VALLEY, variables=("x", "y"), help="the loss, in x and y")
    start: tuple = vector((-4.5, 1.2), help="where every optimiser starts, [x, y]")
    lr: float = number(0.9, positive=True, high=10.0, help="learning rate of plain and momentum descent")
    adaptive_lr: float = number(0.1, positive=True, high=10.0, help="learning rate of RMSprop and Adam")
    momentum: float = number(0.9, low=0.0, high=0.999, help="momentum's coefficient (PyTorch SGD)")
    alpha: float = number(0.99, low=0.0, high=0.999, help="RMSprop's smoothing constant")
    beta1: float = number(0.9, low=0.0, high=0.999, help="Adam's first-moment decay")
    beta2: float = number(0.999, low=0.0, high=0.9999, help="Adam's second-moment decay")
    steps: int = integer(40, low=5, high=200, help="updates each optimiser takes")

    def runs(self) -> dict:
        """Each method's path from the core, in drawing order."""
        f = vector_function(parse_function(self.f, ("x", "y")))
        hyper = {"gd": {}, "momentum": {"momentum": self.momentum}, "rmsprop": {"alpha": self.alpha},
                 "adam": {"beta1": self.beta1, "beta2": self.beta2}}
        return {m: optimize_path(f, self.start, m, self.lr if m in ("gd", "momentum") else self.adaptive_lr,
                                 self.steps, **hyper[m]) for m in METHODS}

    def validate(self) -> None:
        f = vector_function(parse_function(self.f, ("x", "y")))
        value = float(np.asarray(f(np.asarray(self.start, dtype=float))))
        if not np.isfinite(value):
            raise ValueError(f"f = {shorten(self.f)} is not finite at the start {list(self.start)}")
        runs = self.runs()
        for method, run in runs.items():
            if run.diverged:
                rate = "lr" if method in ("gd", "momentum") else "adaptive_lr"
                raise ValueError(f"{method} diverges on f = {shorten(self.f)} after {run.steps} steps: "
                                 f"try a smaller {rate}")
        if not any(np.ptp(run.points, axis=0).max() > 1e-3 for run in runs.values()):
            raise ValueError("no optimiser moves from the start: is it already a minimum?")


OPTIMIZERS = declare(
    "optimizers",
    title="Momentum, RMSprop and Adam",
    chapter="optimization",
    module="scenes.optimization.optimizers",
    cls="Optimizers",
    params=OptimizersParams,
    summary="Plain descent zig-zags down a narrow valley, momentum gathers speed along it, RMSprop and "
            "Adam rescale each coordinate; PyTorch's update rules, raced on one contour map.",
)


# -- regularization ---------------------------------------------------------------------------

#: The weights the regularization scene's data are drawn from.
TRUE_WEIGHTS = (1.5, 0.4)


@dataclass(frozen=True)
class RegularizationParams:
    alpha: float = number(0.8, low=0.01, high=5.0, help="the penalty's weight, for the pictured ridge and lasso fits")
    n: int = integer(60, low=10, high=1000, help="data points")
    correlation: float = number(0.6, low=-0.9, high=0.9, help="correlation of the two features")
    noise: float = number(0.5, low=0.0, high=5.0, help="standard deviation of the noise in y")
    seed: int = integer(3, low=0, high=2**32 - 1, help="seed of the data")

    def data(self):
        return correlated_data(self.n, TRUE_WEIGHTS, self.correlation, self.noise, self.seed)


REGULARIZATION = declare(
    "regularization",
    title="Ridge and lasso",
    chapter="optimization",
    module="scenes.optimization.regularization",
    cls="Regularization",
    params=RegularizationParams,
    summary="Loss contours meet a circle (ridge: every weight shrinks) or a diamond (lasso: usually at a "
            "corner, a weight exactly zero); then the weights against the penalty.",
)


# -- lagrange ---------------------------------------------------------------------------------

LOOSEN = 0.25  # the constraint g = 0 loosened to g = LOOSEN


@dataclass(frozen=True)
class LagrangeParams:
    f: str = expression("x + y", variables=("x", "y"), help="the function to make largest, in x and y")
    g: str = expression("x^2/4 + y^2 - 1", variables=("x", "y"), help="the constraint g = 0, in x and y")
    start: tuple = vector((1.0, 1.0), help="where the search for a touching point starts, [x, y]")

    def functions(self):
        return (vector_function(parse_function(self.f, ("x", "y"))),
                vector_function(parse_function(self.g, ("x", "y"))))

    def solutions(self):
        """The point where f's level curve touches g = 0, and the one for g = LOOSEN."""
        f, g = self.functions()
        here = lagrange_points(f, g, self.start)
        loosened = lagrange_points(f, lambda p: g(p) - LOOSEN, here.point)
        return here, loosened

    def validate(self) -> None:
        try:
            here, _ = self.solutions()
        except ValueError as err:
            raise ValueError(f"f = {shorten(self.f)}, g = {shorten(self.g)}: {err}") from None
        if np.abs(here.point).max() > 20:
            raise ValueError(f"the touching point {np.round(here.point, 3).tolist()} is too far out to draw; "
                             "try another start or constraint")
        if abs(here.multiplier) < 1e-9:
            raise ValueError("grad f is zero on the constraint there (lambda = 0): f has an unconstrained "
                             "critical point on the curve; try another f")


LAGRANGE = declare(
    "lagrange",
    title="Lagrange multipliers",
    chapter="optimization",
    module="scenes.optimization.lagrange",
    cls="Lagrange",
    params=LagrangeParams,
    summary="f's level curves slide until one just touches the constraint g = 0; there grad f = lambda "
            "grad g, and lambda is how fast the best value grows as the constraint is loosened.",
)


# -- stochastic-gradient ----------------------------------------------------------------------

LINE = (1.0, 2.0)  # intercept and slope the stochastic-gradient scene's points scatter about
SGD_START = (-1.5, -1.0)


@dataclass(frozen=True)
class StochasticGradientParams:
    n: int = integer(100, low=10, high=2000, help="data points")
    batch_size: int = integer(10, low=2, high=500, help="examples in a mini-batch")
    lr: float = number(0.1, positive=True, high=2.0, help="learning rate of every descent")
    epochs: int = integer(3, low=1, high=20, help="passes over the data")
    seed: int = integer(0, low=0, high=2**32 - 1, help="seed of the data and the shuffles")

    def data(self):
        """``X`` ``(n, 2)`` with a column of ones and one of x in [-1, 1]; ``y`` scattered about the line."""
        rng = np.random.default_rng(self.seed)
        x = rng.uniform(-1, 1, self.n)
        X = np.column_stack([np.ones(self.n), x])
        return X, X @ np.asarray(LINE) + 0.5 * rng.normal(size=self.n)

    def paths(self) -> dict:
        X, y = self.data()
        return {b: sgd_path(X, y, SGD_START, self.lr, self.epochs, b, self.seed)
                for b in (self.n, 1, self.batch_size)}

    def validate(self) -> None:
        if self.batch_size >= self.n:
            raise ValueError(f"batch_size = {self.batch_size} must be smaller than n = {self.n} "
                             "(batch_size = n is the full batch, drawn anyway)")
        for b, path in self.paths().items():
            if not np.all(np.isfinite(path)) or np.abs(path).max() > 1e3:
                raise ValueError(f"descent with batches of {b} diverges at lr = {self.lr:g}: try a smaller lr")


STOCHASTIC_GRADIENT = declare(
    "stochastic-gradient",
    title="Stochastic and mini-batch gradients",
    chapter="optimization",
    module="scenes.optimization.stochastic_gradient",
    cls="StochasticGradient",
    params=StochasticGradientParams,
    summary="One example's gradient scatters about the full gradient; a mini-batch's is an average, "
            "its spread shrinks like 1/sqrt(B); batch, stochastic and mini-batch paths on the loss's map.",
)
