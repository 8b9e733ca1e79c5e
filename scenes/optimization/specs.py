"""Optimisation scenes: ids, titles and parameters. No manim import."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mathviz.core.calculus import require_finite
from mathviz.core.expr import parse_function
from mathviz.core.optimizers import is_convex_on
from mathviz.kit import declare, expression, number, shorten

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
