"""A scene that zooms to a small square and comes back, then zooms and stays (a defect)."""

from manim import FadeIn, Square

from mathviz.kit import MathvizScene


class Zoomed(MathvizScene):
    title = "Zoom"

    def construct(self):
        self.beat("there-and-back", "A small square in the corner, seen close up and then from afar.")
        square = Square(0.3).shift([2, 1, 0])
        self.play(FadeIn(square))
        self.zoom_to(square, 2.0)
        self.zoom_home()
        self.beat("stays", "Now the camera stays zoomed in when the beat ends, which hides the rest.")
        self.zoom_to(square, 2.0)
