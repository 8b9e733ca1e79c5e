"""The layout report finds what leaves the frame, and ignores marked backdrops."""

from __future__ import annotations

from manim import LEFT, RIGHT, UP, Circle, NumberPlane, Square, Text, ValueTracker, VGroup

from mathviz.kit.layout import mark_backdrop, overflow

W, H = 14.222, 8.0


def test_clean_layout_is_empty():
    assert overflow([Square(), Text("inside"), ValueTracker(3)], W, H) == []


def test_text_past_the_right_edge_is_named_once():
    label = Text("far away").move_to(RIGHT * 7.0)
    report = overflow([VGroup(Circle(), label)], W, H)
    assert len(report) == 1
    assert "far away" in report[0] and "right" in report[0]


def test_touching_the_margin_counts():
    square = Square(side_length=1).move_to(UP * (H / 2 - 0.56))
    assert overflow([square], W, H) == []
    square.shift(UP * 0.05)
    assert overflow([square], W, H) and "top" in overflow([square], W, H)[0]


def test_backdrop_grid_may_run_to_the_edge_but_not_its_siblings():
    grid = mark_backdrop(NumberPlane())
    stray = Square().move_to(LEFT * 7.5)
    report = overflow([grid, stray], W, H)
    assert len(report) == 1 and "Square" in report[0] and "left" in report[0]


def test_invisible_shapes_are_ignored():
    ghost = Square().move_to(RIGHT * 9).set_stroke(opacity=0).set_fill(opacity=0)
    assert overflow([ghost], W, H) == []
