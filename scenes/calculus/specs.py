"""Calculus scenes: ids, titles and parameters. No manim import."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mathviz.kit import choice, declare, expression, integer, nice_step, number, numbers, padded_range, shorten, snap_range
from mathviz.core.calculus import (
    RIEMANN_RULES,
    critical_points,
    derivative,
    derivatives_at,
    taylor_coefficients,
    taylor_errors,
    find_pole,
    halving_steps,
    require_finite,
    riemann_sum,
    running_integral,
    secant_errors,
    signed_area,
)
from mathviz.core.expr import parse_function


# What the limit-of-secants scene evaluates (scenes/calculus/limit_of_secants.py): the second point
# x0 + h slides from h0 down to h0 / 2**8; the error plot uses h0 down to h0 / 2**9, on both sides
# of x0 (the symmetric secant); the y window frames the action (secant_x_range, secant_y_range).
WALK_HALVINGS = 8
ERROR_STEPS = 10
SLOPE_DECIMALS = 4  # the readouts show slopes to this many decimals
EPS = float(np.finfo(float).eps)


def secant_span(x0: float, h0: float) -> tuple[float, float]:
    """Where the action of the limit-of-secants scene is: the walk from ``x0`` to ``x0 + h0``
    and the symmetric secant's far point ``x0 - h0 / 4`` (drawn in the error beat)."""
    points = (x0, x0 + h0, x0 - h0 / 4)
    return min(points), max(points)


def secant_x_range(x0: float, h0: float) -> tuple[float, float]:
    """The x range the limit-of-secants scene draws for ``x0`` and ``h0`` (its ``_build_axes``):
    the walk with half its length and 0.25 more on each side (which holds the symmetric
    secant's far point ``x0 - h0 / 4``), snapped to a tick.

    >>> secant_x_range(1.0, 2.0), secant_x_range(2.0, 1.9)
    ((-0.25, 4.25), (0.0, 5.1))
    """
    lo, hi = sorted((x0, x0 + h0))
    pad = 0.5 * (hi - lo) + 0.25
    return snap_range(lo - pad, hi + pad, nice_step(hi - lo + 2 * pad))


def secant_y_range(fn, x0: float, h0: float) -> tuple[float, float]:
    """The y window of the limit-of-secants scene: ``f`` over the action's span, padded (the
    curve is drawn only where it is inside), snapped to a tick; see :func:`secant_x_range`."""
    lo, hi = secant_span(x0, h0)
    with np.errstate(all="ignore"):
        ys = fn(np.linspace(lo, hi, 401)) * np.ones(401)
    low, high = padded_range(ys, pad=0.15)
    return snap_range(low, high, nice_step(high - low, 5))


def _drawn_grids(x_range: tuple[float, float]) -> np.ndarray:
    """Every x at which the scene evaluates f to draw it: manim's plot samples (a step of a
    400th of the range, then the end), the 400 points of the y range, the 200 of label placement."""
    lo, hi = x_range
    return np.concatenate([np.arange(lo, hi, (hi - lo) / 400), [hi], np.linspace(lo, hi, 400),
                           np.linspace(lo, hi, 200), np.linspace(lo, hi, 2001)])


def check_secant_walk(fn, text: str, x0: float, h0: float) -> None:
    """Refuse, in one line, an ``f`` the limit-of-secants scene cannot draw honestly at ``x0``, ``h0``.

    Checked: ``f`` is finite at ``x0`` and at every ``x0 +- h`` the secants reach, has no pole in
    the drawn range, is not too steep to draw, has a derivative at ``x0`` (the one-sided secants
    agree), is not a straight line there (the error plot needs errors above rounding), its first
    secant has a rise, and the slopes shown to 4 decimals are not rounding noise.

    >>> from mathviz.core.expr import parse_function
    >>> check_secant_walk(parse_function("x^2"), "x^2", 1.0, 2.0)
    >>> check_secant_walk(parse_function("1/(x-1)"), "1/(x-1)", 1.0, 2.0)
    Traceback (most recent call last):
    ...
    ValueError: f = 1/(x-1) is not finite at x0 = 1 (f(x0) = inf, a pole): the tangent touches the curve there; choose an x0 where f has a finite value
    >>> check_secant_walk(parse_function("abs(x)"), "abs(x)", 0.0, 1.0)
    Traceback (most recent call last):
    ...
    ValueError: f = abs(x) has no derivative at x0 = 0: the secant slopes tend to 1 from the right but to -1 from the left; choose an x0 where f is smooth (no corner or jump)
    """
    shown = shorten(text)
    with np.errstate(all="ignore"):
        y0 = float(fn(np.float64(x0)))
    if not np.isfinite(y0):
        kind = "a pole" if np.isinf(y0) else "undefined"
        raise ValueError(f"f = {shown} is not finite at x0 = {x0:g} (f(x0) = {y0}, {kind}): the tangent "
                         "touches the curve there; choose an x0 where f has a finite value")

    # every point a secant reaches: x0 + h while h slides from h0 to h0/256, x0 +- h for the error
    # plot's steps (the symmetric secant looks on the other side too), the derivative's stencil
    reach = abs(h0)
    steps = halving_steps(h0, ERROR_STEPS)
    stencil = 1e-3 * max(1.0, abs(x0)) * np.array([-2.0, -1.0, 1.0, 2.0])
    walk = np.concatenate([x0 + np.linspace(-reach, reach, 4001), x0 + steps, x0 - steps, x0 + stencil])
    with np.errstate(all="ignore"):
        ys = fn(walk) * np.ones_like(walk)
    bad = ~np.isfinite(ys)
    if bad.any():
        x = walk[np.argmax(bad)]
        raise ValueError(f"f = {shown} is not finite at x = {x:.4g}, which the secants reach (they span "
                         f"x0 - |h0| to x0 + |h0| = [{x0 - reach:g}, {x0 + reach:g}]): choose x0 and h0 so "
                         "that f is defined on all of it")

    # the drawn range: undefined parts (nan) are left out of the curve, infinite ones break it
    x_range = secant_x_range(x0, h0)
    where = f"the drawn range [{x_range[0]:g}, {x_range[1]:g}]"
    pole = find_pole(fn, x0 - reach, x0 + reach)
    if pole is None:
        grid = _drawn_grids(x_range)
        with np.errstate(all="ignore"):
            infinite = np.isinf(fn(grid) * np.ones_like(grid))
        pole = float(grid[np.argmax(infinite)]) if infinite.any() else find_pole(fn, *x_range)
    if pole is not None:
        raise ValueError(f"f = {shown} grows without bound near x = {pole:.4g}, inside {where} "
                         "(a pole): choose x0 and h0 so that the picture stays away from it")
    with np.errstate(all="ignore"):
        drawn = fn(np.linspace(*x_range, 2001)) * np.ones(2001)
    drawn = drawn[np.isfinite(drawn)]
    spread = float(np.ptp(drawn))
    if spread > 1e6:
        raise ValueError(f"f = {shown} varies by more than 1e6 on {where}: too steep to draw; "
                         "choose a gentler f, or x0 and h0 where it is gentler")

    # the derivative exists: one-sided secants agree (a kink or a jump keeps them apart as h -> 0)
    try:
        slope = derivative(fn, x0)
    except ValueError:
        slope = float("nan")
    scale = max(1.0, abs(x0))
    sides = []
    for h in (1e-5 * scale, 1e-7 * scale):
        with np.errstate(all="ignore"):
            right = float((fn(np.float64(x0 + h)) - y0) / h)
            left = float((y0 - fn(np.float64(x0 - h))) / h)
        sides.append((right, left))
    (r1, l1), (r2, l2) = sides
    noise = 16 * EPS * max(abs(y0), 1.0) / (1e-7 * scale)
    tol = 1e-3 * max(1.0, abs(slope) if np.isfinite(slope) else 1.0) + noise
    gap, gap_before = abs(r2 - l2), abs(r1 - l1)
    if not all(np.isfinite([slope, r1, l1, r2, l2])) or (gap > tol and gap > 0.5 * gap_before):
        raise ValueError(f"f = {shown} has no derivative at x0 = {x0:g}: the secant slopes tend to {r2:.4g} "
                         f"from the right but to {l2:.4g} from the left; choose an x0 where f is smooth "
                         "(no corner or jump)")
    if abs((r2 + l2) / 2 - slope) > tol:
        raise ValueError(f"f = {shown} changes too fast near x0 = {x0:g} to measure its slope there "
                         f"(short secants give {(r2 + l2) / 2:.4g}, a wider stencil {slope:.4g}); "
                         "choose a gentler f")

    # the slopes on screen are real values: rounding in the shortest secant stays below their last digit
    rounding = 4 * EPS * float(np.max(np.abs(ys))) / (reach / 2**WALK_HALVINGS)
    if rounding > 0.5 * 10.0**-SLOPE_DECIMALS:
        raise ValueError(f"f = {shown} is about {float(np.max(np.abs(ys))):.3g} near x0: with steps as short "
                         f"as h0/{2**WALK_HALVINGS} its secant slopes are rounding noise in the decimals shown; "
                         "choose a larger |h0|, or subtract a constant from f")

    # a straight line has nothing to converge: every secant is already the tangent
    errors = secant_errors(fn, x0, steps)["forward"]
    if np.count_nonzero(errors > 1e-13) < 2:
        raise ValueError(f"f = {shown} is a straight line near x0 = {x0:g}: every secant already has the "
                         f"tangent's slope {slope:.4g}, so there is no limit to watch; choose a curved f, "
                         "like x^2")

    rise = float(fn(np.float64(x0 + h0))) - y0
    if abs(rise) <= 1e-9 * max(1.0, spread):
        raise ValueError(f"f(x0 + h0) = f(x0) = {y0:.4g} for f = {shown}, x0 = {x0:g}, h0 = {h0:g}: the "
                         "first secant is flat and has no rise to draw; choose another h0")


@dataclass(frozen=True)
class LimitOfSecantsParams:
    f: str = expression("x^3/6 - x + 2", help="the function, in x")
    x0: float = number(1.0, low=-50, high=50, help="where the tangent touches")
    h0: float = number(2.0, low=-20, high=20, help="the starting step; its sign picks the side")

    def validate(self) -> None:
        if abs(self.h0) < 1e-3:
            raise ValueError("parameter h0 must be at least 0.001 away from 0, so the secant is visible")
        check_secant_walk(parse_function(self.f), self.f, self.x0, self.h0)


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


MAX_CROSSINGS = 100  # sign changes of f on [a, b]: each piece is shaded (400 points per curve)
RUNNING_PROBES = 12  # where F(x) is checked besides the scene's own stops


def check_running_integral(fn, a: float, b: float, roots=()) -> None:
    """Compute ``F(x) = ∫_a^x f`` as the signed-area scene asks for it; ``ValueError`` if it cannot.

    The scene integrates once on a grid of [a, b], then afresh from ``a`` to every x of its sweep
    (each frame). Those are probed at b, the middle, the last root (where the sweep stops) and at
    ``RUNNING_PROBES`` points between, longest interval first: a guard, since quadrature that
    succeeds on [a, b] can fail on a part of it.

    >>> check_running_integral(np.cos, 0.0, 3.0)
    >>> check_running_integral(lambda x: np.sin(20 * x), -100.0, 100.0)
    Traceback (most recent call last):
    ...
    ValueError: f could not be integrated accurately on [-100, 0] (is there a singularity or a jump there?)
    """
    running_integral(fn, a, np.linspace(a, b, 400))
    probes = [b, 0.5 * (a + b), *list(roots)[-1:], *np.linspace(a, b, RUNNING_PROBES + 2)[-2:0:-1]]
    for x in probes:
        running_integral(fn, a, float(x))


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
        fn, shown = parse_function(self.f), shorten(self.f)
        require_finite(fn, self.a, self.b, what=f"f = {shown}")
        pole = find_pole(fn, self.a, self.b)
        if pole is not None:
            raise ValueError(f"f = {shown} grows without bound near x = {pole:.4g}, inside [a, b] = "
                             f"[{self.a:g}, {self.b:g}] (a pole): it could not be integrated there; choose "
                             "an interval that stays away from it")
        ys = fn(np.linspace(self.a, self.b, 2001)) * np.ones(2001)
        if np.ptp(ys) > 1e6:
            raise ValueError(f"f = {shown} varies by more than 1e6 on [a, b]: too steep to draw")
        crossings = int(np.count_nonzero(np.sign(ys[:-1]) * np.sign(ys[1:]) < 0))
        if crossings > MAX_CROSSINGS:
            raise ValueError(f"f = {shown} crosses zero about {crossings} times on [a, b] = [{self.a:g}, "
                             f"{self.b:g}]: more pieces than the picture can shade (at most {MAX_CROSSINGS}); "
                             "choose a shorter interval or a slower f")
        try:
            area = signed_area(fn, self.a, self.b)
            for n in doubling_counts(self.n_max):
                riemann_sum(fn, self.a, self.b, n, self.rule)
            check_running_integral(fn, self.a, self.b, area.roots)
        except ValueError as err:
            raise ValueError(f"f = {shown}: {err}") from None


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


def shown_value(value: float, exact=None, decimals: int = SLOPE_DECIMALS) -> tuple[str, str]:
    r"""How a computed number is written on screen: ``(relation, digits)``.

    An exact value (a ``Fraction`` from ``mathviz.core.calculus``) that needs at most
    ``decimals`` places is written whole, after ``=``; anything else is rounded to
    ``decimals`` places, after ``\approx``.

    >>> from fractions import Fraction
    >>> shown_value(3.0, Fraction(3)), shown_value(3.9375, Fraction(63, 16)), shown_value(-0.2083, Fraction(-5, 24))
    (('=', '3'), ('=', '3.9375'), ('\\approx', '-0.2083'))
    >>> shown_value(0.25)
    ('\\approx', '0.2500')
    """
    if exact is not None and (exact * 10**decimals).denominator == 1:
        return "=", _digits(float(exact), decimals, trim=True)
    rounded = float(exact) if exact is not None else float(value)
    return r"\approx", _digits(rounded, decimals)


def _digits(value: float, decimals: int, trim: bool = False) -> str:
    """As ``mathviz.kit.format_number`` writes it (that module imports manim; this one must not)."""
    text = format(value, f".{decimals}f")
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.lstrip("-") if float(text) == 0 else text


def exact_tex(value: float, exact=None, decimals: int = SLOPE_DECIMALS, max_denominator: int = 100) -> str:
    r"""A computed number as TeX with its relation: ``= -\frac{1}{2}``, ``= 4``, ``\approx 0.3333``.

    >>> from fractions import Fraction
    >>> exact_tex(-0.5, Fraction(-1, 2)), exact_tex(4.0, Fraction(4)), exact_tex(0.1234567)
    ('= -\\frac{1}{2}', '= 4', '\\approx 0.1235')
    """
    if exact is not None and exact.denominator != 1 and exact.denominator <= max_denominator:
        sign = "-" if exact < 0 else ""
        return rf"= {sign}\frac{{{abs(exact.numerator)}}}{{{exact.denominator}}}"
    relation, digits = shown_value(value, exact, decimals)
    return f"{relation} {digits}"


# ---- critical points ----

MAX_CRITICAL_POINTS = 5  # each gets a dot, a kind label and two sign marks


def check_critical_points(fn, text: str, a: float, b: float) -> list:
    """The critical points the critical-points scene draws for ``f`` on ``[a, b]``; refuses, in one
    line, an ``f`` and interval it cannot draw honestly (``ValueError``).

    >>> from mathviz.core.expr import parse_function
    >>> [p.kind for p in check_critical_points(parse_function("3x^5 - 5x^3"), "3x^5 - 5x^3", -1.4, 1.4)]
    ['maximum', 'neither', 'minimum']
    >>> check_critical_points(parse_function("exp(x)"), "exp(x)", 0.0, 1.0)
    Traceback (most recent call last):
    ...
    ValueError: f = exp(x) has no critical point on [a, b] = [0, 1]: its slope f' is never zero there, so there is nothing to classify; choose an interval where the graph levels off (a peak, a valley or a flat step)
    """
    shown = shorten(text)
    if not b - a >= 0.1:
        raise ValueError(f"parameter a = {a:g} must be less than b = {b:g} (by at least 0.1): the graph is drawn "
                         "from a to b")
    require_finite(fn, a, b, what=f"f = {shown}")
    pole = find_pole(fn, a, b)
    if pole is not None:
        raise ValueError(f"f = {shown} grows without bound near x = {pole:.4g}, inside [a, b] = [{a:g}, {b:g}] "
                         "(a pole): choose an interval that stays away from it")
    try:
        points = critical_points(fn, a, b)
        slopes = derivatives_at(fn, np.linspace(a, b, 401), 2)
    except ValueError as err:
        raise ValueError(f"f = {shown}: {err}") from None
    for k, name in ((0, "f"), (1, "its slope f'"), (2, "its curvature f''")):
        if np.ptp(slopes[k]) > 1e6:
            raise ValueError(f"f = {shown}: {name} varies by more than 1e6 on [a, b] = [{a:g}, {b:g}], too steep "
                             "to draw; choose a gentler f or a shorter interval")
    if not points:
        raise ValueError(f"f = {shown} has no critical point on [a, b] = [{a:g}, {b:g}]: its slope f' is never "
                         "zero there, so there is nothing to classify; choose an interval where the graph levels "
                         "off (a peak, a valley or a flat step)")
    if len(points) > MAX_CRITICAL_POINTS:
        raise ValueError(f"f = {shown} has {len(points)} critical points on [a, b] = [{a:g}, {b:g}], more than the "
                         f"picture can label (at most {MAX_CRITICAL_POINTS}); choose a shorter interval")
    for p, q in zip(points, points[1:]):
        if q.x - p.x < (b - a) / 12:
            raise ValueError(f"f = {shown} has critical points at x = {p.x:.4g} and x = {q.x:.4g}, too close to "
                             f"tell apart on [a, b] = [{a:g}, {b:g}] (less than a twelfth of it apart); choose a "
                             "shorter interval around them")
    return points


@dataclass(frozen=True)
class CriticalPointsParams:
    f: str = expression("3x^5 - 5x^3", help="the function, in x; it should level off somewhere on [a, b]")
    a: float = number(-1.2, low=-100, high=100, help="where the interval starts")
    b: float = number(1.2, low=-100, high=100, help="where the interval ends (greater than a)")

    def validate(self) -> None:
        check_critical_points(parse_function(self.f), self.f, self.a, self.b)


CRITICAL_POINTS = declare(
    "critical-points",
    title="Critical points",
    chapter="calculus",
    module="scenes.calculus.critical_points",
    cls="CriticalPoints",
    params=CriticalPointsParams,
    summary="Where f' = 0: a maximum, a minimum or neither, read from the sign of f' on both sides; "
            "f'' decides when it is not zero.",
)


# ---- Taylor polynomials ----

MAX_TAYLOR_ORDER_SHOWN = 12
ERROR_FLOOR = 1e-13  # an error this small (relative to f) is rounding: the log axis cannot show it


def check_taylor(fn, text: str, x0: float, n: int, a: float, b: float, points) -> dict:
    """What the taylor-polynomials scene draws: ``{"coefficients": a_0..a_n, "errors": {x: |f(x) - p_k(x)|,
    k = 0..n}}``; refuses, in one line, parameters it cannot draw honestly (``ValueError``).

    >>> from mathviz.core.expr import parse_function
    >>> data = check_taylor(parse_function("log(1 + x)"), "log(1 + x)", 0.0, 8, -0.9, 2.0, (0.5, 1.5))
    >>> [round(float(e), 4) for e in data["errors"][1.5][-2:]]   # past the radius 1: growing
    [1.3792, 1.8244]
    >>> check_taylor(parse_function("x^2"), "x^2", 0.0, 4, -1.0, 1.0, (0.5,))
    Traceback (most recent call last):
    ...
    ValueError: f = x^2: at x = 0.5 the order-2 polynomial is already f itself (error 0 to rounding), so a log axis cannot show its error; choose an f that is not a polynomial of degree below n = 4, or n below 2
    """
    shown = shorten(text)
    if not b - a >= 0.1:
        raise ValueError(f"parameter a = {a:g} must be less than b = {b:g} (by at least 0.1): the graph is drawn "
                         "from a to b")
    if not a <= x0 <= b:
        raise ValueError(f"parameter x0 = {x0:g} must lie in [a, b] = [{a:g}, {b:g}]: the polynomials are built "
                         "there and drawn around it")
    if len(set(points)) != len(points):
        raise ValueError(f"parameter x = {list(points)} names the same point twice: give one point or two different ones")
    for x in points:
        if not a <= x <= b or abs(x - x0) < 0.02 * (b - a):
            raise ValueError(f"parameter x = {x:g} must lie in [a, b] = [{a:g}, {b:g}] and away from x0 = {x0:g} "
                             f"(by at least {0.02 * (b - a):.3g}), where every polynomial is exact; choose a point "
                             "where the error can be seen")
    require_finite(fn, a, b, what=f"f = {shown}")
    pole = find_pole(fn, a, b)
    if pole is not None:
        raise ValueError(f"f = {shown} grows without bound near x = {pole:.4g}, inside [a, b] = [{a:g}, {b:g}] "
                         "(a pole): choose an interval that stays away from it")
    ys = fn(np.linspace(a, b, 2001)) * np.ones(2001)
    if np.ptp(ys) > 1e6:
        raise ValueError(f"f = {shown} varies by more than 1e6 on [a, b] = [{a:g}, {b:g}]: too steep to draw")
    try:
        coefficients = taylor_coefficients(fn, x0, n)
        errors = {float(x): taylor_errors(fn, x0, x, n) for x in points}
    except ValueError as err:
        raise ValueError(f"f = {shown}: {err}") from None
    for x, err in errors.items():
        floor = ERROR_FLOOR * max(1.0, abs(float(fn(np.float64(x)))))
        if not np.all(np.isfinite(err)) or err.max() > 1e12:
            raise ValueError(f"f = {shown}: at x = {x:g} the polynomials' error grows past 1e12 by order {n}, too "
                             "far to plot; choose a point nearer x0 or a lower n")
        if np.any(err <= floor):
            k = int(np.argmax(err <= floor))
            raise ValueError(f"f = {shown}: at x = {x:g} the order-{k} polynomial is already f itself (error 0 to "
                             "rounding), so a log axis cannot show its error; choose an f that is not a polynomial "
                             f"of degree below n = {n}, or n below {max(k, 1)}")
    return {"coefficients": coefficients, "errors": errors}


@dataclass(frozen=True)
class TaylorPolynomialsParams:
    f: str = expression("log(1 + x)", help="the function, in x")
    x0: float = number(0.0, low=-100, high=100, help="the centre: where the polynomials copy f")
    n: int = integer(8, low=1, high=MAX_TAYLOR_ORDER_SHOWN, help="the highest order shown")
    a: float = number(-0.9, low=-100, high=100, help="where the drawn interval starts")
    b: float = number(2.0, low=-100, high=100, help="where the drawn interval ends (greater than a)")
    x: tuple = numbers((0.5, 1.5), min_len=1, max_len=2, low=-100, high=100,
                       help="where the error is measured: one point or two, like [0.5, 1.5]")

    def validate(self) -> None:
        check_taylor(parse_function(self.f), self.f, self.x0, self.n, self.a, self.b, self.x)


TAYLOR_POLYNOMIALS = declare(
    "taylor-polynomials",
    title="Taylor polynomials",
    chapter="calculus",
    module="scenes.calculus.taylor_polynomials",
    cls="TaylorPolynomials",
    params=TaylorPolynomialsParams,
    summary="Polynomials of order 0, 1, 2, ... around x0 copy f ever more widely, inside the radius of "
            "convergence; their error at a point against the order, on a log axis.",
)
