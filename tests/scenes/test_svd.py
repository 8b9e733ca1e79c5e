"""svd: the drawn ellipse, arrows and numbers agree with the core; bad matrices are refused."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from mathviz.cli import main
from mathviz.core.linalg import rotate_scale_rotate, rotation
from mathviz.media import last_frame, video_info


def _curve_points(scene, mob, samples: int = 360) -> np.ndarray:
    """Points sampled along ``mob``'s curve, in plane units, shape (samples, 2)."""
    pts = np.array([mob.point_from_proportion(a) for a in np.linspace(0, 1, samples, endpoint=False)])
    return (pts[:, :2] - scene.plane.origin[:2]) / scene.plane.unit


def _plane(scene, point) -> np.ndarray:
    return (np.asarray(point)[:2] - scene.plane.origin[:2]) / scene.plane.unit


def _orientation(mob) -> float:
    """+1 if the quarter disk is drawn the way manim draws an untouched one, -1 if mirrored."""
    from manim import PI, Sector

    return float(np.sign(_signed_area(mob) * _signed_area(Sector(radius=1, angle=PI / 2))))


def _signed_area(mob) -> float:
    """Shoelace area of a closed curve's anchors: its sign is the curve's orientation."""
    pts = mob.points[::4, :2]
    x, y = pts[:, 0], pts[:, 1]
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def _check_picture(scene, A):
    alpha, s, beta = rotate_scale_rotate(A)
    sigma = np.abs(s)
    unit = scene.plane.unit
    # the circle ended as the ellipse of A: its semi-axes lie along u1, u2 (the columns of U), and
    # their lengths, in plane units, are the singular values (sigma_k * unit in scene units)
    U = rotation(alpha)
    ellipse = _curve_points(scene, scene.circle)
    semi_axes = np.abs(ellipse @ U).max(axis=0)
    np.testing.assert_allclose(semi_axes, sigma, rtol=2e-3, atol=1e-9)
    if sigma[1] > 0:  # and every point is on that ellipse
        np.testing.assert_allclose(np.sum((ellipse @ U / sigma) ** 2, axis=1), 1.0, atol=2e-3)
    # the arrows (images of v1, v2) are the semi-axes s_k u_k
    for k, arrow in enumerate(scene.arrows):
        np.testing.assert_allclose(arrow.end_point, scene.plane.c2p(*(s[k] * U[:, k])), atol=1e-9)
        assert arrow.get_length() == pytest.approx(sigma[k] * unit, abs=1e-9)
    # A v_k = sigma_k u_k drawn: v_k on the unit circle, its image sigma_k u_k on the ellipse, both
    # pairs perpendicular, named, in the first and second colours
    theme = scene.theme
    V = np.array([_plane(scene, a.end_point) for a in scene.in_arrows]).T
    np.testing.assert_allclose(np.hypot(*V), 1.0, atol=1e-9)
    assert V[:, 0] @ V[:, 1] == pytest.approx(0.0, abs=1e-9)
    images = np.array([_plane(scene, a.end_point) for a in scene.arrows]).T
    np.testing.assert_allclose(images, A @ V, atol=1e-9)
    np.testing.assert_allclose(images, scene.U * sigma, atol=1e-9)
    assert scene.U[:, 0] @ scene.U[:, 1] == pytest.approx(0.0, abs=1e-12)
    for k in range(2):
        color = (theme.first, theme.second)[k]
        assert scene.in_arrows[k].shaft.get_stroke_color().to_hex().lower() == color.lower()
        assert scene.arrows[k].shaft.get_stroke_color().to_hex().lower() == color.lower()
        assert rf"\mathbf v_{k + 1}" in scene.in_labels[k].tex_string
        assert rf"\sigma_{k + 1}\mathbf u_{k + 1}" in scene.semi_axis_labels[k].tex_string
    assert r"A\mathbf v_1 = \sigma_1 \mathbf u_1" in scene.steps[4].tex_string
    # the singular values shown are the core's: exact ones with "=", rounded ones with "\approx"
    for k, (sign, shown) in enumerate(re.findall(r"(=|\\approx) (-?[0-9.]+)", scene.sigmas.tex_string)):
        assert float(shown) == pytest.approx(sigma[k], abs=5e-3)
        assert (sign == "=") == (float(shown) == sigma[k])
    # the direct route lands on the same ellipse
    ghost = np.concatenate([_curve_points(scene, dash, 4) for dash in scene.ghost.submobjects])
    assert np.abs(ghost @ U).max(axis=0) == pytest.approx(sigma, rel=2e-2, abs=1e-9)
    if sigma[1] > 0:
        np.testing.assert_allclose(np.sum((ghost @ U / sigma) ** 2, axis=1), 1.0, atol=2e-3)
    # numbers on screen are the core's
    for angle, row in ((beta, scene.steps[1]), (alpha, scene.steps[3])):
        assert (f"{np.degrees(angle):.1f}" if angle else "= 0^") in row.tex_string
    np.testing.assert_allclose([e.get_value() for e in scene.live_matrix.get_entries()], A.ravel(), atol=5e-3)
    # nothing left the frame at any beat, and the story is long enough to follow
    assert scene.layout_report == []
    assert scene.time >= 10 and all(len(b.narration.split()) >= 8 for b in scene.beats)
    return s


def test_default_picture_matches_the_core(scene_after):
    scene = scene_after("svd")
    A = np.array(scene.params.matrix)
    s = _check_picture(scene, A)
    assert s[1] > 0 and _orientation(scene.sector) == 1  # no reflection: orientation kept
    # the plane's scale keeps the ellipse inside its panel
    assert s[0] * scene.plane.unit <= min(scene.plane_box.width, scene.plane_box.height) / 2
    assert [b.name for b in scene.beats] == ["setup", "rotate-in", "scale", "rotate-out", "pairs", "direct",
                                             "summary"]
    # the summary's claim keeps its condition: turn-stretch-turn without a flip needs det A >= 0
    assert "determinant is not negative" in scene.beats[-1].narration and "flip" in scene.beats[-1].narration
    assert "shaded quarter" in scene.beats[0].narration  # the quarter disk is explained
    assert scene.beats[-1].end == pytest.approx(scene.time)


def test_reflection_shows_a_flip_in_a_tall_frame(scanned):
    scene = scanned("svd", aspect="9:16", theme="light", matrix="[[1, 2], [2, -1]]")
    s = _check_picture(scene, np.array([[1.0, 2.0], [2.0, -1.0]]))
    assert s[1] < 0 and _orientation(scene.sector) == -1  # the quarter disk was turned over
    assert "flip" in scene.steps[2].tex_string and "mirror" in scene.beats[2].narration
    assert "negative" in scene.beats[-1].narration and "Turn, stretch and flip, turn" in scene.beats[-1].narration
    assert "mirrored" in scene.beats[4].narration and np.linalg.det(scene.U) == pytest.approx(-1.0)


def test_rank_one_collapses_to_a_segment(scanned):
    scene = scanned("svd", aspect="1:1", theme="contrast", matrix="[[1, 2], [2, 4]]")
    s = _check_picture(scene, np.array([[1.0, 2.0], [2.0, 4.0]]))
    assert s[1] == 0 and scene.arrows[1].get_length() == pytest.approx(0, abs=1e-12)
    assert "rank one" in scene.beats[2].narration and "v2 to zero" in scene.beats[4].narration


def test_zero_matrix_collapses_to_a_point(scanned):
    scene = scanned("svd", matrix="[[0, 0], [0, 0]]")
    assert np.allclose(_curve_points(scene, scene.circle, 16), 0.0)
    assert scene.layout_report == [] and "zero matrix" in scene.beats[2].narration


# -- the command line ------------------------------------------------------------------------


@pytest.mark.parametrize("value, words", [
    ("[[1, 2, 3], [4, 5, 6]]", "must be 2x2"),
    ("[[1, 2], [3]]", "must be 2x2"),
    ("[1, 2, 3, 4]", "2x2"),
    ('[[1, "a"], [3, 4]]', "number"),
    ("[[1, NaN], [3, 4]]", "finite"),
    ("[[1, Infinity], [3, 4]]", "finite"),
    ("[[1e308, 1e308], [1e308, 1e308]]", "within"),
    ("[[100, 0], [0, 1]]", "stretches by 100"),
    ("one two", "2x2 matrix"),
])
def test_bad_matrices_are_refused_in_one_line_writing_nothing(tmp_path, value, words):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", "svd", "-q", "low", "-p", f"matrix={value}", "-o", str(out)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "matrix" in lines[0] and words in lines[0], lines
    assert not out.exists()


@pytest.mark.slow
def test_cli_renders_a_reflection_and_its_last_frame_is_stored(tmp_path, frame_regression):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", "svd", "-q", "low", "-p", "matrix=[[1, 2], [3, 4]]",
                                       "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)
    info = video_info(entry["path"])
    assert (info["width"], info["height"]) == (854, 480) and info["fps"] == pytest.approx(15, abs=1e-3)
    assert info["seconds"] >= 10
    assert entry["subtitles"] and "singular" in Path(entry["subtitles"]).read_text()
    frame_regression("svd-1234-low", last_frame(entry["path"]))
