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


# --- frame shape and the layout helper ----------------------------------------------------------

import pytest  # noqa: E402

from mathviz.kit.scene import SHAPES, MathvizScene, frame_shape  # noqa: E402
from mathviz.kit.theme import ASPECTS, frame_geometry  # noqa: E402


@pytest.mark.parametrize("aspect, shape", [("16:9", "wide"), ("4:3", "square"), ("1:1", "square"),
                                           ("9:16", "tall")])
def test_every_aspect_preset_has_one_shape(aspect, shape):
    g = frame_geometry(aspect, 1080)
    assert frame_shape(g["frame_width"], g["frame_height"]) == shape
    assert set(frame_shape(*ASPECTS[a]) for a in ASPECTS) == set(SHAPES)


@pytest.fixture
def scene_in():
    """``scene_in(aspect)``: a bare MathvizScene with manim's frame set to that aspect."""
    from manim import tempconfig

    made = []

    def make(aspect: str):
        g = frame_geometry(aspect, 480)
        context = tempconfig({"frame_width": g["frame_width"], "frame_height": g["frame_height"],
                              "pixel_width": g["pixel_width"], "pixel_height": g["pixel_height"]})
        context.__enter__()
        made.append(context)
        scene = MathvizScene()
        scene.title = "A title"
        return scene

    yield make
    for context in made:
        context.__exit__(None, None, None)


@pytest.mark.parametrize("aspect", list(ASPECTS))
def test_layout_puts_the_side_panel_beside_on_wide_frames_and_below_otherwise(scene_in, aspect):
    scene = scene_in(aspect)
    layout = scene.layout(3, 2)
    main, side = layout.main, layout.side
    assert layout.shape == scene.shape and layout.title is scene.title_mob
    assert scene.layout(3, 2).title is layout.title  # built once
    if layout.shape == "wide":
        assert main.right < side.left and main.height == pytest.approx(side.height)
        assert main.width / side.width == pytest.approx(1.5)
    else:
        assert main.bottom > side.top and main.width == pytest.approx(side.width)
        assert main.height / side.height == pytest.approx(1.5)
    # both below the title, inside the frame's margins
    assert max(main.top, side.top) < layout.title.get_bottom()[1]
    for box in (main, side):
        assert -scene.frame_w / 2 < box.left and box.right < scene.frame_w / 2
        assert -scene.frame_h / 2 < box.bottom
    parts = layout.side_parts((1, 1))
    across = layout.shape == "square"
    assert (parts[0].right < parts[1].left) if across else (parts[0].bottom > parts[1].top)


def test_layout_takes_other_shares_per_shape(scene_in):
    layout = scene_in("9:16").layout(3, 2, tall=(5, 3))
    assert layout.main.height / layout.side.height == pytest.approx(5 / 3)


@pytest.mark.parametrize("aspect, columns", [("16:9", 1), ("1:1", 2)])
def test_fit_rows_takes_two_columns_in_a_low_strip(scene_in, aspect, columns):
    from manim import Square, VGroup

    scene = scene_in(aspect)
    box = scene.layout(3, 2).side
    rows = VGroup(*[Square(0.5) for _ in range(4)])
    scene.fit_rows(rows, box)
    lefts = {round(r.get_left()[0], 6) for r in rows}
    assert len(lefts) == columns
    assert box.left <= rows.get_left()[0] and rows.get_right()[0] <= box.right
    assert box.bottom <= rows.get_bottom()[1] and rows.get_top()[1] <= box.top


def test_fit_rows_can_line_readout_rows_up_at_their_equals_signs(scene_in):
    from manim import VGroup

    scene = scene_in("16:9")
    box = scene.layout(3, 2).side
    rows = VGroup(scene.readout_row("k =", scene.number(3, decimals=0)),
                  scene.readout_row(r"\|\nabla f(x_k)\| =", scene.number(0.25)),
                  scene.text("a status line"))
    scene.fit_rows(rows, box, align="anchor")
    assert rows[0].anchor == pytest.approx(rows[1].anchor)
    assert rows[0].get_left()[0] > rows[1].get_left()[0]  # the shorter label moved right
    assert rows[2].get_left()[0] == pytest.approx(rows.get_left()[0])  # a row without "=" stays left
