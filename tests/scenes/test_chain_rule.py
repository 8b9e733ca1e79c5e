"""chain-rule: the cards show the core's forward values and gradients (gradients coloured by sign),
the graph reads left to right, the nudge measures the core's change in the loss, and bad layers
are refused in one line."""

from __future__ import annotations

import numpy as np
import pytest

from mathviz.core.backprop import dense_layer_gradients, nudged_loss_change
from mathviz.kit import said
from mathviz.kit.labels import font_sizes
from mathviz.kit.theme import MIN_FONT
from support import assert_low_render_matches, assert_refused_in_one_line, dry_run

SCENE = "chain-rule"


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    return dry_run(SCENE, tmp_path_factory.mktemp("chain"))


@pytest.fixture(scope="module")
def tall(tmp_path_factory):
    """Another layer, another weight, a bigger nudge, in a tall frame with the contrast theme's
    larger text (the tightest fit)."""
    return dry_run(SCENE, tmp_path_factory.mktemp("chain-tall"), theme="contrast", aspect="9:16",
                   A="[[2, -1], [0.5, 1]]", b="[0, 0.5]", x="[-1, 1.5]", y="[0, 1]", nudge="A21", h="0.05")


def _grid(readout) -> np.ndarray:
    values = np.array([e.get_value() for e in readout.entries])
    return values.reshape(readout.grid_shape)


def _color(entry) -> str:
    return entry.body.get_fill_color().to_hex().lower()


def _layer(scene):
    p = scene.params
    return dense_layer_gradients(p.A, p.b, p.x, p.y)


def _check_gradients_and_signs(scene):
    g, t = _layer(scene), scene.theme
    expected = {"A": g.grad_A, "x": g.grad_x[:, None], "b": g.grad_b[:, None], "z": g.delta[:, None],
                "a": g.residual[:, None]}
    for key, values in expected.items():
        grid = scene.grads[key]
        np.testing.assert_allclose(_grid(grid), values, atol=1e-12, err_msg=key)
        for entry in grid.entries:  # the sign of each gradient entry, as written, is its colour
            v = float(entry.text)
            assert v == pytest.approx(entry.get_value(), abs=0.5e-3)
            assert _color(entry) == (t.positive if v > 0 else t.negative if v < 0 else t.text).lower(), (key, v)
    assert scene.grads["L"].get_value() == 1.0 and scene.grads["L"].text == "1"
    # the gradients drawn have the shapes of A, b and x
    assert scene.grads["A"].grid_shape == (2, 2) and scene.grads["x"].grid_shape == (2, 1)


def test_cards_show_the_core_gradients_coloured_by_sign(scene):
    _check_gradients_and_signs(scene)
    g = _layer(scene)
    assert np.sign(g.grad_A).min() < 0 < np.sign(g.grad_A).max()  # the default shows both colours


def test_the_nudge_measures_the_core_change_in_the_loss(scene):
    p, g = scene.params, _layer(scene)
    i, j = p.nudged
    assert (i, j) == (0, 1)
    A = np.array(p.A)
    A[i, j] += p.h
    after = dense_layer_gradients(A, p.b, p.x, p.y)
    # the forward cards end on the nudged layer: the weight moved by h, z, a and L followed it
    np.testing.assert_allclose(_grid(scene.values["A"]), A, atol=1e-12)
    np.testing.assert_allclose(_grid(scene.values["z"])[:, 0], after.z, atol=1e-12)
    np.testing.assert_allclose(_grid(scene.values["a"])[:, 0], after.a, atol=1e-12)
    assert scene.values["L"].get_value() == pytest.approx(after.loss, abs=1e-15)
    change = nudged_loss_change(p.A, p.b, p.x, p.y, i, j, p.h)
    assert scene.delta_readout.get_value() == pytest.approx(change, abs=1e-15)
    assert scene.delta_readout.text == f"{change:.{scene.change_places}f}"
    # and it is close to the slope times h: the check the scene makes
    assert change == pytest.approx(g.grad_A[i, j] * p.h, rel=0.01)
    nudge = scene.beats[5].narration
    assert said(change, digits=3) in nudge and said(g.grad_A[i, j] * p.h, digits=3) in nudge
    assert "agree closely" in nudge


def test_the_path_product_is_the_gradient_entry(scene):
    g = _layer(scene)
    r, s, xj = g.path(0, 1)
    assert r * s * xj == pytest.approx(g.grad_A[0, 1], rel=1e-14)
    assert said(g.grad_A[0, 1], digits=3) in scene.beats[4].narration
    assert "A12" in scene.beats[4].narration and "z1 and a1" in scene.beats[4].narration
    assert said(g.loss, digits=3) in scene.beats[1].narration and "0.69" in scene.beats[1].narration


def _check_graph(scene):
    cards, edges = scene.cards, scene.edges
    for (start, end), edge in edges.items():
        a, b = edge.arrow.get_start(), edge.arrow.get_end()
        assert a[0] < b[0], (start, end)  # every edge runs rightward
        # it leaves its start card's border and stops at its end card's
        for node, point in ((cards[start], a), (cards[end], b)):
            f = node.frame
            assert f.get_left()[0] - 0.1 <= point[0] <= f.get_right()[0] + 0.1
            assert f.get_bottom()[1] - 0.1 <= point[1] <= f.get_top()[1] + 0.1
    boxes = {k: c.frame for k, c in cards.items()}
    boxes.update({f"label {e}": lab for e, lab in scene.edge_labels.items()})
    names = list(boxes)
    for m, first in enumerate(names):
        for second in names[m + 1:]:
            p, q = boxes[first], boxes[second]
            apart = (p.get_right()[0] < q.get_left()[0] or q.get_right()[0] < p.get_left()[0]
                     or p.get_top()[1] < q.get_bottom()[1] or q.get_top()[1] < p.get_bottom()[1])
            assert apart, (first, second)
    # the columns: inputs, z, a (with y), L
    xs = {k: c.frame.get_center()[0] for k, c in cards.items()}
    assert xs["x"] == pytest.approx(xs["A"]) == pytest.approx(xs["b"]) and xs["a"] == pytest.approx(xs["y"])
    assert xs["A"] < xs["z"] < xs["a"] < xs["L"]


def test_the_graph_reads_left_to_right_without_overlaps(scene):
    _check_graph(scene)


def test_beats_pace_and_layout(scene):
    assert [b.name for b in scene.beats] == ["layer", "forward", "local", "backward", "path", "nudge", "summary"]
    assert scene.layout_report == []
    assert 60 <= scene.time <= 100
    for beat in scene.beats:
        assert len(beat.narration) / (beat.end - beat.start) <= 17.5, beat.name


def test_another_layer_in_a_tall_frame(tall):
    _check_gradients_and_signs(tall)
    _check_graph(tall)
    p = tall.params
    assert p.nudged == (1, 0) and "A21" in tall.beats[4].narration and "z2 and a2" in tall.beats[4].narration
    change = nudged_loss_change(p.A, p.b, p.x, p.y, 1, 0, 0.05)
    assert tall.delta_readout.get_value() == pytest.approx(change, abs=1e-15)
    assert said(change, digits=3) in tall.beats[5].narration
    assert tall.layout_report == []
    # readable: no text in the graph under the floor, and the graph fills the frame's width
    assert min(size for size, _ in font_sizes(tall.graph)) >= MIN_FONT["tex"] - 1e-6
    assert tall.graph.width >= 0.9 * tall.graph_box.width - 0.2


@pytest.mark.parametrize("values, message", [
    ({"A": "[[1, 2, 3], [4, 5, 6]]"}, "must be 2x2"),
    ({"A": "[[20, 0], [0, 1]]"}, "outside [-10, 10]"),
    ({"x": "[0, 1]", "nudge": "A11"}, "hardly depends on A11"),
    ({"b": "[NaN, 0]"}, "finite"),
])
def test_bad_parameters_are_refused_in_one_line(values, message, tmp_path):
    assert_refused_in_one_line(SCENE, values, message, tmp_path)


def test_kit_pieces_place_and_colour():
    from manim import MathTex

    from mathviz.kit import GraphEdge, GraphNode, GridReadout

    grid = GridReadout(np.array([[2.0], [-0.1234]]), widest=3.0, places=2, signs=("#00ff00", "#ff0000", "#ffffff"))
    assert [e.text for e in grid.entries] == ["2", "-0.12"]  # exact entries show exact
    assert [_color(e) for e in grid.entries] == ["#00ff00", "#ff0000"]
    grid.set_values([[0.0], [0.5]])
    assert [_color(e) for e in grid.entries] == ["#ffffff", "#00ff00"] and grid.entry(1).text == "0.5"
    grid.set_values([[-1e-9], [0.004]])  # rounds to 0 (never -0): no sign to show
    assert [e.text for e in grid.entries] == ["0.00", "0.00"]
    assert [_color(e) for e in grid.entries] == ["#ffffff", "#ffffff"]
    left = GraphNode(MathTex("u"), GridReadout([[1.0]], widest=1.0), color="#ffffff", width=2.0, height=1.5)
    right = GraphNode(MathTex("v"), GridReadout([[1.0]], widest=1.0), color="#ffffff").shift(4 * np.array([1, 0, 0]))
    assert left.frame.width == pytest.approx(2.0) and left.frame.height == pytest.approx(1.5)
    assert left.name.get_top()[1] < left.frame.get_top()[1] and left.body.get_center()[1] < left.name.get_bottom()[1]
    edge = GraphEdge(left, right, color="#ffffff", buff=0.0)
    assert edge.arrow.get_start()[0] == pytest.approx(left.frame.get_right()[0])
    assert edge.arrow.get_end()[0] == pytest.approx(right.frame.get_left()[0])
    label = MathTex("k")
    assert edge.label_spot(label)[1] > edge.arrow.get_start()[1]  # left of a rightward arrow is up


@pytest.mark.slow
def test_low_quality_render_decodes_with_its_last_frame(render_low, frame_regression):
    assert_low_render_matches(render_low, frame_regression, SCENE)
