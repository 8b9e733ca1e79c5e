"""gram-schmidt: the arrows, drops, patch and numbers agree with the core; bad vectors are refused."""

from __future__ import annotations

import re

import numpy as np
import pytest

from mathviz.core.linalg import gram_schmidt, gram_schmidt_steps
from mathviz.kit import rounding, said
import support

OTHER = {"v1": "[-1, 2, 0.5]", "v2": "[2, 0.5, -1]", "v3": "[1, 1, 1]"}


@pytest.fixture(scope="module")
def default_scene(tmp_path_factory):
    return support.dry_run("gram-schmidt", tmp_path_factory.mktemp("gs"))


@pytest.fixture(scope="module")
def other_scene(tmp_path_factory):
    return support.dry_run("gram-schmidt", tmp_path_factory.mktemp("gs2"), theme="light", aspect="9:16", **OTHER)


def _hex(color) -> str:
    return color.to_hex().lower()


def _check_picture(scene):
    V = np.array([scene.params.v1, scene.params.v2, scene.params.v3], dtype=float)
    steps, R = gram_schmidt_steps(V)
    Q = gram_schmidt(V)
    view, t = scene.view, scene.theme
    zero = np.zeros(3)

    def at(arrow, start, end):
        np.testing.assert_allclose(arrow.start_point, view.c2p(start), atol=1e-9)
        np.testing.assert_allclose(arrow.end_point, view.c2p(end), atol=1e-9)

    # the given vectors and the finished directions, from the origin, where the core puts them
    for k in range(3):
        at(scene.v_arrows[k], zero, V[k])
        at(scene.q_arrows[k], zero, Q[k])
        assert _hex(scene.v_arrows[k].shaft.get_stroke_color()) == t.function.lower()
        assert _hex(scene.q_arrows[k].shaft.get_stroke_color()) == (t.first, t.second, t.highlight)[k].lower()
        assert scene.v_arrows[k].shaft.get_stroke_opacity() == pytest.approx(0.3)  # ghosted once replaced
    # step 2: the projection of v2 on q1, its drop, and what was left before it was normalised
    at(scene.proj2, zero, R[0, 1] * Q[0])
    np.testing.assert_allclose(scene.drop2.world[0], V[1])
    np.testing.assert_allclose(scene.drop2.world[1], steps[1].projections[0], atol=1e-12)
    assert steps[1].residual @ Q[0] == pytest.approx(0.0, abs=1e-12)
    # step 3: the two shadows tip to tail end at the foot of the drop from v3 to the plane
    p31, p32 = steps[2].projections
    at(scene.proj3[0], zero, p31)
    at(scene.proj3[1], p31, p31 + p32)
    np.testing.assert_allclose(scene.drop_plane.world[1], p31 + p32, atol=1e-12)
    np.testing.assert_allclose([d.world[1] for d in scene.drops3], [p31, p32], atol=1e-12)
    for arrow in (scene.proj2, *scene.proj3):
        assert _hex(arrow.shaft.get_stroke_color()) == t.estimate.lower()
    # the patch is a piece of the plane of v1 and v2, never moved, holding every in-plane point drawn
    corners = scene.pic["patch"]
    np.testing.assert_allclose(corners @ Q[2], 0.0, atol=1e-12)
    np.testing.assert_allclose(scene.patch.get_vertices(), view.c2p(corners), atol=1e-9)
    a, b = (corners @ Q[0]), (corners @ Q[1])
    for p in (V[0], V[1], Q[0], Q[1], p31, p32, p31 + p32, steps[1].projections[0]):
        assert a.min() - 1e-9 <= p @ Q[0] <= a.max() + 1e-9 and b.min() - 1e-9 <= p @ Q[1] <= b.max() + 1e-9
    # the last triangle is q1, q2's, in the same plane
    np.testing.assert_allclose(scene.cell.get_vertices(), view.c2p(np.array([zero, Q[0], Q[1]])), atol=1e-9)
    # what the camera sees behind the plane is drawn under it, the rest over it
    for k in range(3):
        behind = V[k] @ scene.toward_viewer < -1e-9 * scene.size
        assert (scene.v_arrows[k].z_index < scene.patch.z_index) == behind
    # the numbers: R in the last panel, as the core computed them, and said in the narration
    shown = re.findall(r"-?[0-9.]+", scene.r_matrix[2].tex_string)
    np.testing.assert_allclose([float(x) for x in shown], R.ravel(), atol=5e-3)
    assert [rounding(x)[1] for x in R.ravel()] == shown
    narration = {b.name: b.narration for b in scene.beats}
    assert said(R[0, 1]) in narration["project-2"] and said(R[1, 1]) in narration["normalise-2"]
    assert said(R[2, 2]) in narration["normalise-3"]
    assert [b.name for b in scene.beats] == ["vectors", "first", "plane", "project-2", "subtract-2", "normalise-2",
                                             "span", "project-3", "subtract-3", "normalise-3", "qr"]
    assert scene.layout_report == []
    assert 60 <= scene.time <= 110
    return V, R


def test_default_picture_matches_the_core(default_scene):
    V, R = _check_picture(default_scene)
    assert said(R[0, 0]) in default_scene.beats[1].narration
    assert "do not all meet at right angles" in default_scene.beats[0].narration


def test_other_vectors_in_a_tall_light_frame(other_scene):
    V, R = _check_picture(other_scene)
    assert R[0, 1] < 0 and "−0.65" in other_scene.beats[3].narration  # a negative projection, said with its sign
    # labels stay inside the figure's box and clear of one another
    box = other_scene.figure_box
    labels = list(other_scene.labels.values())
    for label in labels:
        assert box.left - 1e-6 <= label.get_left()[0] and label.get_right()[0] <= box.right + 1e-6
        assert box.bottom - 1e-6 <= label.get_bottom()[1] and label.get_top()[1] <= box.top + 1e-6


def test_orthonormal_vectors_are_said_to_be_left_alone(tmp_path):
    scene = support.dry_run("gram-schmidt", tmp_path, v1="[1, 0, 0]", v2="[0, 1, 0]", v3="[0, 0, 1]")
    assert "orthonormal already" in scene.beats[0].narration and "q1 is v1" in scene.beats[1].narration
    for k in range(3):
        np.testing.assert_allclose(scene.q_arrows[k].end_point, scene.v_arrows[k].end_point, atol=1e-9)


@pytest.mark.parametrize("values, message", [
    ({"v1": "[0, 0, 0]"}, "parameter v1 = [0, 0, 0]: the zero vector"),
    ({"v2": "[4, 2, 0]"}, "parameter v2 = [4, 2, 0] is (nearly) parallel to v1"),
    ({"v3": "[3, 3, 1]"}, "parameter v3 = [3, 3, 1] lies (nearly) in the plane of v1 and v2"),
    ({"v3": "[3, 3, 1.1]"}, "only 1.8% of its length is left"),
    ({"v1": "[1, 2]"}, "needs 3 numbers"),
    ({"v2": "[1, NaN, 0]"}, "finite"),
    ({"v1": "[2000, 0, 0]"}, "within [-1000, 1000]"),
    ({"v1": "[100, 0, 0]"}, "each q is 1 long"),
    ({"v1": "[0.01, 0, 0]"}, "v1 is only 0.01 long"),
])
def test_bad_vectors_are_refused_in_one_line(tmp_path, values, message):
    support.assert_refused_in_one_line("gram-schmidt", values, message, tmp_path / "out")


@pytest.mark.slow
def test_low_render_matches_the_stored_frame(render_low, frame_regression):
    support.assert_low_render_matches(render_low, frame_regression, "gram-schmidt")


def test_space_view_is_manims_camera_and_keeps_arrows_in_sight():
    from mathviz.kit import choose_view, view_matrix, view_score
    from mathviz.kit.surface import view_rotation
    from scenes.linear_algebra.specs import gram_schmidt_picture

    for phi, theta in ((0.3, -2.0), (1.1, 0.4), (1.4, -1.0)):
        np.testing.assert_allclose(view_matrix(phi, theta), view_rotation(phi, theta), atol=1e-12)
    pic = gram_schmidt_picture((2.0, 1.0, 0.0), (1.0, 2.0, 1.0), (0.0, 1.0, 2.0))
    directions = np.vstack([pic["V"], pic["Q"]])
    phi, theta = choose_view(directions, planes=[pic["Q"][2]])
    M = view_matrix(phi, theta)
    assert view_score(M, directions, [pic["Q"][2]]) >= 0.6
    # seen from there, no arrow is shorter on screen than 0.6 of its length, and the plane is not edge-on
    flat = (directions / np.linalg.norm(directions, axis=1, keepdims=True)) @ M.T
    assert np.linalg.norm(flat[:, :2], axis=1).min() >= 0.6 and abs((M @ pic["Q"][2])[2]) >= 0.4


def test_a_zero_shadow_is_said_and_v3_behind_the_plane_is_drawn_under_it(tmp_path):
    scene = support.dry_run("gram-schmidt", tmp_path, aspect="4:3", v3="[0.5, -1, -2]")
    V, R = _check_picture(scene)
    assert R[0, 2] == pytest.approx(0.0, abs=1e-12)
    assert "the one along q1 is zero" in scene.beats[7].narration
    assert scene.v_arrows[2].z_index < scene.patch.z_index < scene.v_arrows[0].z_index
