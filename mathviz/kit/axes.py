"""Axes from data: round tick steps, padded ranges, theme styling, log axes, clipped lines.

Geometry for the picture, not maths: the numbers drawn come from ``mathviz.core``.
"""

from __future__ import annotations

import math

import numpy as np

from mathviz.kit.geometry import clip_to_box
from mathviz.kit.theme import MIN_FONT


def nice_step(span: float, target_ticks: int = 6) -> float:
    """A 1-2-5 tick step giving about ``target_ticks`` ticks over ``span``.

    >>> nice_step(10), nice_step(3.3), nice_step(0.07)
    (2.0, 1.0, 0.02)
    """
    raw = abs(span) / max(target_ticks, 1)
    if raw == 0 or not math.isfinite(raw):
        return 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    for mult in (1, 2, 5, 10):
        if raw <= mult * power * 1.0000001:
            return float(mult * power)
    return float(10 * power)


def padded_range(values, pad: float = 0.12, min_span: float = 1.0) -> tuple[float, float]:
    """``(low, high)`` covering the finite ``values`` with a margin; never empty.

    >>> padded_range([0.0, 1.0], pad=0.1)
    (-0.1, 1.1)
    """
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    lo, hi = (float(v.min()), float(v.max())) if v.size else (0.0, 1.0)
    if hi - lo < min_span:
        mid = (lo + hi) / 2
        lo, hi = mid - min_span / 2, mid + min_span / 2
    margin = (hi - lo) * pad
    return lo - margin, hi + margin


def snap_range(low: float, high: float, step: float) -> tuple[float, float]:
    """Move the start of ``[low, high]`` down to a multiple of ``step`` when 0 is outside it.

    Manim's ``NumberLine`` puts ticks at multiples of the step when its range
    holds 0, but counts them from the start otherwise: ``[0.7, 4.3]`` with
    step 1 would get ticks (and labels) at 0.7, 1.7, ...

    >>> snap_range(0.7, 4.3, 1.0), snap_range(-0.5, 4.3, 1.0)
    ((0.0, 4.3), (-0.5, 4.3))
    """
    if low <= 0 <= high:
        return low, high
    return math.floor(low / step + 1e-9) * step, high






def decimals_for(step: float) -> int:
    """Decimal places that show a tick step exactly: 2 -> 0, 0.5 -> 1, 0.25 -> 2.

    >>> decimals_for(2.0), decimals_for(0.5), decimals_for(0.25)
    (0, 1, 2)
    """
    for places in range(0, 6):
        if abs(round(step, places) - step) < 1e-9 * max(1.0, abs(step)):
            return places
    return 6


def axes_config(theme, step_x: float, step_y: float, font_scale: float = 1.0, *,
                x_range: tuple[float, float] | None = None, y_range: tuple[float, float] | None = None) -> dict:
    """Keyword arguments for ``Axes`` in the theme: numbered, no tips, readable ticks.

    Given the ranges, the tick label where the axes cross is left out: manim
    crosses them at 0, or at the range end nearest 0, and a label there sits on
    the other axis.
    """
    def crossing(bounds):
        return None if bounds is None else min(max(0.0, bounds[0]), bounds[1])

    def numbers(step, other_crossing):
        config = {"decimal_number_config": {"num_decimal_places": decimals_for(step), "color": theme.muted}}
        if other_crossing is not None:
            config["numbers_to_exclude"] = [other_crossing]
        return config

    return {
        "tips": False,
        "x_axis_config": numbers(step_x, crossing(x_range)),
        "y_axis_config": numbers(step_y, crossing(y_range)),
        "axis_config": {"color": theme.axis, "stroke_width": 2, "include_numbers": True,
                        "font_size": max(theme.font_size("small") * font_scale, MIN_FONT["tex"])},
    }


def plate_numbers(axes, theme, opacity: float = 0.85, buff: float = 0.04, z_index: int = 3):
    """Put each tick number of ``axes`` on a small plate of the background colour, drawn above
    the figure, so a filled area or a curve running behind a number leaves it legible.

    A figure whose fills or curves reach the axes (a signed area, a surface's shadow) needs
    this; ``mathviz check`` then counts the lines under a number as hidden by it.
    """
    for axis in (axes.x_axis, axes.y_axis):
        for number in getattr(axis, "numbers", []):
            number.add_background_rectangle(color=theme.background, opacity=opacity, buff=buff)
            number.set_z_index(z_index)
    return axes


def map_axes(lo, hi, box, theme, *, fill: tuple[float, float] = (0.9, 0.85), ticks: int = 5):
    """Axes for a map of the plane (contours, paths): the window ``lo``..``hi`` (two corners,
    data units) widened to round ticks, with one scale for x and y, so a circle stays round, as
    large as fits in the share ``fill`` (width, height) of ``box``, centred in it, and tick
    numbers on plates (the contours run through them).

    The ranges drawn are ``axes.x_range[:2]`` and ``axes.y_range[:2]``; :func:`points_on`
    maps data points onto the axes.
    """
    from manim import Axes

    lo, hi = np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
    step = nice_step(float(max(hi - lo)), ticks)
    x_range, y_range = snap_range(lo[0], hi[0], step), snap_range(lo[1], hi[1], step)
    span = np.array([x_range[1] - x_range[0], y_range[1] - y_range[0]])
    unit = min(box.width * fill[0] / span[0], box.height * fill[1] / span[1])
    axes = Axes(x_range=[*x_range, step], y_range=[*y_range, step], x_length=span[0] * unit,
                y_length=span[1] * unit, **axes_config(theme, step, step, x_range=x_range, y_range=y_range))
    axes.move_to(box.center)
    return plate_numbers(axes, theme)


def points_on(axes):
    """``to_point(xy)``: the scene point of a data point ``(2,)``, or the points of ``(n, 2)``."""
    def to_point(xy):
        xy = np.asarray(xy, dtype=float)
        points = np.asarray(axes.c2p(*np.atleast_2d(xy).T)).T
        return points if xy.ndim == 2 else points[0]
    return to_point


def log_axes(theme, x_decades, y_decades, x_length: float, y_length: float, *, log_x: bool = True,
             log_y: bool = True, font_scale: float = 0.8):
    """Axes whose logarithmic directions are labelled ``10^k``, crossing at the lower-left corner.

    ``x_decades``/``y_decades`` are ``(low, high)`` in log10 units for log
    directions (plain units otherwise). Returns ``(axes, to_point)`` where
    ``to_point(x, y)`` takes data values (not logs) to scene coordinates.
    Manim's ``Axes`` crosses its axes at zero; shifting data so each range
    starts at zero puts the crossing at the corner, where a plot wants it.
    """
    from manim import Axes, MathTex

    (x0, x1), (y0, y1) = x_decades, y_decades
    axes = Axes(
        x_range=[0, x1 - x0, 1 if log_x else nice_step(x1 - x0, 5)],
        y_range=[0, y1 - y0, 1 if log_y else nice_step(y1 - y0, 4)],
        x_length=x_length, y_length=y_length, tips=False,
        axis_config={"color": theme.axis, "stroke_width": 2},
    )
    size = max(theme.font_size("small") * font_scale, MIN_FONT["tex"])

    def labels(low, high, is_log, step, length):
        if is_log:  # every decade while they fit, else every second or third
            step = 1 + int((high - low) / max(length / 0.45, 1))
        first = math.ceil(low / step - 1e-9) * step
        values = np.arange(first, high + 1e-9, step)
        return {float(v - low): MathTex(f"10^{{{int(v)}}}" if is_log else f"{v:g}", font_size=size,
                                        color=theme.muted) for v in values}

    # add_labels sets each label's font size (its own default otherwise, not ours)
    axes.x_axis.add_labels(labels(x0, x1, log_x, nice_step(x1 - x0, 5), x_length * 0.6), font_size=size)
    axes.y_axis.add_labels(labels(y0, y1, log_y, nice_step(y1 - y0, 4), y_length), font_size=size)

    def to_point(x, y):
        u = (math.log10(x) if log_x else x) - x0
        v = (math.log10(y) if log_y else y) - y0
        return axes.c2p(u, v)

    return axes, to_point


def clip_line(slope: float, x0: float, y0: float, x_range, y_range):
    """End points of the line ``y = y0 + slope (x - x0)`` inside the box, left to right, or ``None``.

    >>> clip_line(1.0, 0.0, 0.0, (-2, 2), (-1, 1))
    ((-1.0, -1.0), (1.0, 1.0))
    """
    ends = clip_to_box((x0, y0), (1.0, slope), (x_range[0], y_range[0]), (x_range[1], y_range[1]))
    if ends is None:
        return None
    return tuple((float(p[0]), float(p[1])) for p in ends)
