"""A one-second scene for the pipeline's tests: ``manim -ql scenes/testing/tiny.py Tiny``."""

from __future__ import annotations

from manim import Dot, FadeIn, VGroup

from mathviz.kit import MathvizScene
from scenes.testing.specs import TinyParams


class Tiny(MathvizScene):
    Params = TinyParams
    title = "Tiny"

    def construct(self):
        self.beat("dots", "A few dots appear.")
        dots = VGroup(*(Dot(color=self.theme.point) for _ in range(self.params.n))).arrange()
        self.play(FadeIn(dots), run_time=1.0)
