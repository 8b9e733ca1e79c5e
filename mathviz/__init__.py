"""mathviz: the mathematics behind machine learning, as verified Manim scenes."""

__version__ = "0.1.0"
