"""A scene that fails on purpose, after drawing a little: the batch must carry on without it."""

from __future__ import annotations

from manim import Dot, FadeIn

from mathviz.kit import MathvizScene
from scenes.testing.specs import BrokenParams


class Broken(MathvizScene):
    Params = BrokenParams
    title = "Broken"

    def construct(self):
        self.beat("start", "This scene stops half way, on purpose.")
        self.play(FadeIn(Dot(color=self.theme.point)), run_time=0.3)
        raise RuntimeError("test-broken fails on purpose")
