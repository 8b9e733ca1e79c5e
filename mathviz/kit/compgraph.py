"""Computation graphs: nodes that hold a name and a value, arrows between them, numbers by sign.

A :class:`GraphNode` is a rounded card: a name at the top (``z``, later
``\\partial L/\\partial z``) and a body below it (a readout, a
:class:`GridReadout`), sized once for the widest content it will hold so the
graph does not move when a node's content is swapped (forward value for
backward gradient, say): :meth:`GraphNode.slot` places the new content where
the old one sat. A :class:`GraphEdge` is an arrow from one card's border to
another's, with :meth:`GraphEdge.label_spot` for its local derivative.
:class:`GridReadout` is a :class:`~mathviz.kit.readouts.LiveMatrix` whose
exact entries show exact (``2``, not ``2.00``) and that can colour each entry
by its sign (a gradient's: which way to move).

>>> from mathviz.kit.compgraph import border_point
>>> border_point((0, 0), (2, 1), (5, 0)).tolist(), border_point((0, 0), (2, 1), (1, 1)).tolist()
([1.0, 0.0, 0.0], [0.5, 0.5, 0.0])
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, UP, Arrow, Mobject, RoundedRectangle, VGroup

from mathviz.kit.readouts import LiveMatrix


def border_point(center, size, toward) -> np.ndarray:
    """Where the ray from ``center`` toward the point ``toward`` leaves a box of ``size`` (w, h)."""
    c = np.asarray(center, dtype=float)[:2]
    d = np.asarray(toward, dtype=float)[:2] - c
    half = np.asarray(size, dtype=float)[:2] / 2
    if not np.any(d):
        return np.array([c[0], c[1], 0.0])
    with np.errstate(divide="ignore"):
        reach = np.min(np.where(d != 0, half / np.abs(d), np.inf))
    p = c + reach * d
    return np.array([p[0], p[1], 0.0])


class GridReadout(LiveMatrix):
    """A :class:`~mathviz.kit.readouts.LiveMatrix` (any shape: a column vector is ``(m, 1)``)
    whose entries drop trailing zeros when exact (``trim``) and, with ``signs=(positive,
    negative, zero)`` colours, take each entry's colour from its sign. The width stays that of
    ``-widest`` written with all its places, whatever the values."""

    def __init__(self, values, *, widest: float, places: int = 2, trim: bool = True, signs=None, **kwargs):
        self.signs = None
        self.grid_shape = np.atleast_2d(np.asarray(values, dtype=float)).shape
        super().__init__(values, widest=widest, places=places, **kwargs)
        for entry in self.entries:
            entry.format["trim"] = trim
        self.signs = signs
        self.set_values(values)

    def set_values(self, M) -> "GridReadout":
        super().set_values(M)
        if self.signs is not None:
            positive, negative, zero = self.signs
            for entry in self.entries:  # by the sign written: a value that rounds to 0 shows none
                value = float(entry.text.replace(",", "") or 0.0)
                entry.body.set_fill(positive if value > 0 else negative if value < 0 else zero, opacity=1.0)
        return self

    def entry(self, i: int, j: int = 0):
        """The readout of entry ``(i, j)``."""
        return self.entries[i * self.grid_shape[1] + j]


class GraphNode(VGroup):
    """A node card: ``name`` at the top, ``body`` below, in a rounded frame of at least
    ``width`` x ``height`` (or the content's size, with ``pad`` around it)."""

    def __init__(self, name: Mobject, body: Mobject, *, color, width: float = 0.0, height: float = 0.0,
                 pad: float = 0.14, gap: float = 0.14, stroke_width: float = 2.0, corner_radius: float = 0.14):
        super().__init__()
        self.pad, self.gap = pad, gap
        w = max(width, name.width + 2 * pad, body.width + 2 * pad)
        h = max(height, name.height + gap + body.height + 2 * pad)
        self.frame = RoundedRectangle(width=w, height=h, corner_radius=corner_radius)
        self.frame.set_stroke(color, width=stroke_width).set_fill(opacity=0)
        self.name_height = name.height
        self.name, self.body = name, body
        self.slot(name, "name")
        self.slot(body, "body")
        self.add(self.frame, name, body)

    def slot(self, mob: Mobject, which: str = "body") -> Mobject:
        """Move ``mob`` to where this card puts its name (top, centred) or its body (centred in
        the room below the name); returns it."""
        top = self.frame.get_top()[1] - self.pad
        if which == "name":
            mob.move_to(np.array([self.frame.get_center()[0], top - self.name_height / 2, 0.0]))
        else:
            below = top - self.name_height - self.gap
            bottom = self.frame.get_bottom()[1] + self.pad
            mob.move_to(np.array([self.frame.get_center()[0], (below + bottom) / 2, 0.0]))
        return mob

    def port(self, toward) -> np.ndarray:
        """The point of the card's border on the way from its centre to ``toward`` (a point)."""
        return border_point(self.frame.get_center(), (self.frame.width, self.frame.height), toward)


class GraphEdge(VGroup):
    """An arrow from ``start``'s border to ``end``'s (two :class:`GraphNode` s)."""

    def __init__(self, start: GraphNode, end: GraphNode, *, color, stroke_width: float = 3.0,
                 buff: float = 0.06, tip_length: float = 0.16):
        super().__init__()
        self.start_node, self.end_node = start, end
        a = start.port(end.frame.get_center())
        b = end.port(start.frame.get_center())
        self.arrow = Arrow(a, b, buff=buff, stroke_width=stroke_width, tip_length=tip_length,
                           max_tip_length_to_length_ratio=0.4, max_stroke_width_to_length_ratio=20, color=color)
        self.add(self.arrow)

    @property
    def direction(self) -> np.ndarray:
        d = self.arrow.get_end() - self.arrow.get_start()
        return d / max(float(np.linalg.norm(d)), 1e-12)

    def label_spot(self, label: Mobject, side: int = 1, gap: float = 0.08, at: float = 0.5) -> np.ndarray:
        """The centre for ``label`` beside the arrow at fraction ``at`` of its length, on its left
        (``side=1``, looking along the arrow) or right (``-1``), ``gap`` clear of the line."""
        d = self.direction
        normal = side * np.array([-d[1], d[0], 0.0])
        point = self.arrow.get_start() + at * (self.arrow.get_end() - self.arrow.get_start())
        reach = 0.5 * (label.width * abs(normal[0]) + label.height * abs(normal[1])) + gap
        return point + reach * normal


__all__ = ["GraphNode", "GraphEdge", "GridReadout", "border_point", "UP", "DOWN"]
