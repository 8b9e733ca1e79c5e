"""The maths of mathviz: numpy and scipy only (never manim, click or the pipeline)."""
