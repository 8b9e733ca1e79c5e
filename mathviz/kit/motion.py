"""A fade that changes opacities in place.

``FadeIn``/``FadeOut`` deep-copy their mobject to hold the start and end
states; for panels full of text and long paths that copy costs more CPU than
all the frames of the fade. :class:`Fade` keeps each part's own opacities and
scales them, so it copies nothing but those numbers.
"""

from __future__ import annotations

from manim import Animation, Mobject, VMobject


class Fade(Animation):
    """Fade ``mobject`` in (``into=True``: added to the scene) or out (removed at the end).

    Each vectorized part keeps the fill and stroke opacities it had when the
    fade began; after a fade-out they are restored on the (removed) mobject,
    so it can be shown again as it was.
    """

    def __init__(self, mobject: Mobject, into: bool = True, **kwargs):
        self.into = into
        super().__init__(mobject, introducer=into, remover=not into, **kwargs)

    def create_starting_mobject(self) -> Mobject:
        return self.mobject  # nothing is interpolated between copies

    def begin(self) -> None:
        self._parts = [(m, m.fill_rgbas[:, 3].copy(), m.stroke_rgbas[:, 3].copy())
                       for m in self.mobject.get_family() if isinstance(m, VMobject)]
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        level = self.rate_func(alpha)
        if not self.into:
            level = 1.0 - level
        for mob, fill, stroke in self._parts:
            mob.fill_rgbas[:, 3] = fill * level
            mob.stroke_rgbas[:, 3] = stroke * level

    def clean_up_from_scene(self, scene) -> None:
        super().clean_up_from_scene(scene)
        if not self.into:
            for mob, fill, stroke in self._parts:
                mob.fill_rgbas[:, 3] = fill
                mob.stroke_rgbas[:, 3] = stroke


def emphasise(mobject: Mobject, theme, scale: float = 1.15) -> Animation:
    """A flash that is always seen: ``Indicate`` in the theme's attention colour.

    ``Indicate(m, color=<m's own colour>, scale_factor=1)`` changes nothing on screen; use
    ``scale=1.0`` for a mobject an updater keeps in place (a carried arrow), and the colour
    still shows it.

    >>> from manim import Square
    >>> from mathviz.kit.theme import get_theme
    >>> flash = emphasise(Square(), get_theme("dark"), scale=1.0)
    >>> flash.color == get_theme("dark").highlight, flash.scale_factor
    (True, 1.0)
    """
    from manim import Indicate

    return Indicate(mobject, color=theme.highlight, scale_factor=scale)
