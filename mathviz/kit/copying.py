"""Cheaper mobject copies: a copy shares the parsed SVG outline its glyphs were built from.

Every ``MathTex`` and ``Tex`` glyph is a ``VMobjectFromSVGPath`` that keeps the
svgelements ``Path`` it was drawn from (``path_obj``). manim reads that outline once,
when it makes the glyph's points, and never again; but ``Mobject.copy`` is a deep
copy, so each copy of a formula copied every parsed point and curve of every glyph
too. Animations copy constantly (``Transform`` copies its target, ``FadeIn`` its
mobject), and in the catalogue that copying was about half of a dry run's time.

:func:`share_svg_outlines` makes copies share the outline: the copy's own points,
colours and submobjects are still deep copies, so changing a copy never changes the
original. It is applied once, when the kit's scene module is imported.

>>> import svgelements
>>> from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath
>>> share_svg_outlines()
>>> glyph = VMobjectFromSVGPath(svgelements.Path("M 0 0 L 1 0 L 1 1 Z"))
>>> twin = glyph.copy()
>>> twin.path_obj is glyph.path_obj, twin.points is glyph.points
(True, False)
>>> _ = twin.shift([1, 0, 0]); float(twin.get_center()[0] - glyph.get_center()[0])
1.0
"""

from __future__ import annotations

_SHARED = "_mathviz_shares_svg_outline"


def share_svg_outlines() -> None:
    """Let copies of SVG-built glyphs share their parsed outline (idempotent)."""
    from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath

    if getattr(VMobjectFromSVGPath, _SHARED, False):
        return
    deep_copy = VMobjectFromSVGPath.__deepcopy__  # Mobject's: every attribute deep-copied

    def __deepcopy__(self, memo):
        outline = self.__dict__.get("path_obj")
        if outline is not None:
            memo.setdefault(id(outline), outline)  # deepcopy returns what the memo holds
        return deep_copy(self, memo)

    VMobjectFromSVGPath.__deepcopy__ = __deepcopy__
    setattr(VMobjectFromSVGPath, _SHARED, True)
