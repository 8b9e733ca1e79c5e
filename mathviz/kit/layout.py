"""The layout report: which visible mobjects leave the frame, or come too close to its edge.

Computed from bounding boxes of the scene's visible leaf mobjects (those that
draw something). A mobject marked with :func:`mark_backdrop` (a full-frame
grid, say) and everything inside it may run to the edge.
"""

from __future__ import annotations


EDGE_MARGIN = 0.05  # scene units: closer than this to an edge counts as touching it
BACKDROP = "_mathviz_backdrop"


def mark_backdrop(mobject):
    """Exempt ``mobject`` and its family from the report; returns it."""
    setattr(mobject, BACKDROP, True)
    return mobject


def visible(mob) -> bool:
    """Does it draw? Only vector shapes do (a ValueTracker has points but no look)."""
    from manim import VMobject

    if not isinstance(mob, VMobject) or not mob.points.size:
        return False
    stroke = mob.get_stroke_opacity() * (mob.get_stroke_width() > 0)
    return stroke > 0.01 or mob.get_fill_opacity() > 0.01


def describe(mob) -> str:
    text = getattr(mob, "original_text", None) or getattr(mob, "tex_string", None)
    if isinstance(text, str) and text.strip():
        return f"{type(mob).__name__} {' '.join(text.split())[:40]!r}"
    return type(mob).__name__


def _leaves(mob, parents=()):
    """Leaf mobjects that draw, each with the chain of its labelled ancestors."""
    if getattr(mob, BACKDROP, False):
        return
    subs = mob.submobjects
    if not subs:
        if visible(mob):
            yield mob, parents
        return
    named = parents + ((mob,) if (getattr(mob, "text", None) or getattr(mob, "tex_string", None)) else ())
    if visible(mob):
        yield mob, parents
    for sub in subs:
        yield from _leaves(sub, named)


def overflow(mobjects, frame_width: float, frame_height: float, margin: float = EDGE_MARGIN) -> list[str]:
    """Short descriptions of visible mobjects outside the frame or within ``margin`` of an edge.

    Leaves belonging to one labelled ancestor (the glyphs of a Text, say) are
    reported once, by that ancestor.
    """
    half_w, half_h = frame_width / 2 - margin, frame_height / 2 - margin
    found: dict[int, str] = {}
    for top in mobjects:
        for leaf, parents in _leaves(top):
            pts = leaf.points
            lo, hi = pts.min(axis=0), pts.max(axis=0)
            edges = []
            if lo[0] < -half_w:
                edges.append(f"left ({-half_w - lo[0]:.2f})")
            if hi[0] > half_w:
                edges.append(f"right ({hi[0] - half_w:.2f})")
            if hi[1] > half_h:
                edges.append(f"top ({hi[1] - half_h:.2f})")
            if lo[1] < -half_h:
                edges.append(f"bottom ({-half_h - lo[1]:.2f})")
            if not edges:
                continue
            owner = parents[-1] if parents else leaf
            if id(owner) in found:
                continue
            found[id(owner)] = f"{describe(owner)} crosses the {', '.join(edges)} edge"
    return list(found.values())
