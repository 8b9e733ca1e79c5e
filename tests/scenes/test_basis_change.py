"""basis-change: readouts, arrows, grid and projections agree with the core; bad bases are refused."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from mathviz.cli import main
from mathviz.core.linalg import coordinates_in_basis, gram_schmidt, projection
from mathviz.media import last_frame, video_info


def _plane_point(scene, point) -> np.ndarray:
    return (np.asarray(point)[:2] - scene.plane.origin[:2]) / scene.plane.unit


def _check_picture(scene, b1, b2, v):
    B = np.column_stack([b1, b2]).astype(float)
    v = np.asarray(v, dtype=float)
    Q = gram_schmidt(B.T).T  # rows in, rows out: Q keeps the basis as columns
    # the readouts: v's entries, its coordinates in B (solved by the core), and in Q (dot products)
    readouts = [[n.get_value() for n in row.numbers] for row in scene.rows]
    np.testing.assert_allclose(readouts[0], v, atol=1e-12)
    np.testing.assert_allclose(readouts[1], coordinates_in_basis(B, v), atol=1e-12)
    np.testing.assert_allclose(readouts[2], coordinates_in_basis(Q, v), atol=1e-12)
    np.testing.assert_allclose(readouts[2], Q.T @ v, atol=1e-9)
    # the shown text is those numbers, rounded to two places, exact ones without trailing zeros (2, not 2.00),
    # and a row of rounded numbers says so
    for row, values in zip(scene.rows, (v, coordinates_in_basis(B, v), Q.T @ v)):
        texts = [n.text_for(n.get_value()) for n in row.numbers]
        for k, (text, value) in enumerate(zip(texts, values)):
            assert float(text) == pytest.approx(value, abs=5e-3)
            rounded = f"{value:+.2f}" if k else f"{value:.2f}"
            assert text == (rounded if float(rounded) != value else rounded.rstrip("0").rstrip("."))
        exact = all(float(t) == x for t, x in zip(texts, values))
        assert (r"\approx" in row.labels[0].tex_string) == (not exact)
    # the arrows end where the core says, in plane units
    np.testing.assert_allclose(_plane_point(scene, scene.v_arrow.end_point), v, atol=1e-9)
    for k, arrow in enumerate(scene.arrows):
        np.testing.assert_allclose(_plane_point(scene, arrow.end_point), Q[:, k], atol=1e-9)
    # the projections: feet of the perpendiculars, and shadows as long as the dot products
    for k in range(2):
        foot = projection(v, Q[:, k])
        np.testing.assert_allclose(_plane_point(scene, scene.feet[k].get_center()), foot, atol=1e-9)
        assert scene.shadows[k].get_length() == pytest.approx(abs(Q[:, k] @ v) * scene.plane.unit, abs=1e-9)
        assert f"{Q[:, k] @ v:.2f}".rstrip("0").rstrip(".") in scene.shadow_labels[k].tex_string
    # the dot products sit in the side panel, inside the frame, and the panel never holds more than three lines
    assert all(scene.side_box.left - 1e-6 <= m.get_left()[0] and m.get_right()[0] <= scene.side_box.right + 1e-6
               for m in scene.shadow_labels)
    assert scene.max_lines <= 3
    # q1 and q2 meet at a right angle, drawn at the origin
    anchors = scene.right_angle.get_anchors()
    corner = np.array([_plane_point(scene, p) for p in (anchors[0], anchors[1], anchors[-1])])
    np.testing.assert_allclose(corner[1] - corner[0], corner[2], atol=1e-9)
    assert corner[0] @ corner[2] == pytest.approx(0.0, abs=1e-9)
    np.testing.assert_allclose(corner[0] / np.linalg.norm(corner[0]), Q[:, 0], atol=1e-9)
    np.testing.assert_allclose(corner[2] / np.linalg.norm(corner[2]), Q[:, 1], atol=1e-9)
    # the moving grid ended as Q's grid: a line of family j has coordinate j constant, at a multiple of the step
    for j, lines in enumerate(scene.grid.submobjects):
        for k, line in zip(scene.grid.families[j], lines):
            ends = np.array([_plane_point(scene, p) for p in (line.points[0], line.points[-1])]).T
            if np.allclose(ends[:, 0], ends[:, 1]):
                continue  # outside the visible rectangle
            np.testing.assert_allclose(coordinates_in_basis(Q, ends)[j], k * scene.grid.step, atol=1e-9)
    assert scene.layout_report == []
    assert scene.time >= 10 and all(len(b.narration.split()) >= 8 for b in scene.beats)


def test_default_picture_matches_the_core(scene_after):
    scene = scene_after("basis-change")
    p = scene.params
    _check_picture(scene, p.b1, p.b2, p.v)
    names = [b.name for b in scene.beats]
    assert names == ["standard", "new-basis", "morph", "coordinates", "equation", "live", "orthonormal",
                     "projections", "inverse"]
    assert "not perpendicular" in scene.beats[1].narration
    # c is met as coordinates before the equation it solves; the punchline sets B^-1 against Q^T
    said = [b.narration for b in scene.beats]
    assert "B c = v" not in said[3] and "B c = v" in said[4]
    assert "B inverse" in said[-1] and "Q transpose v" in said[-1]
    assert "B^{-1}" in scene.lines["any"].tex_string and "Q^{-1} = Q^{\\mathsf T}" in \
        scene.lines["transpose"].tex_string
    # the standard grid was faded back under the new one
    lines, _ = scene.background
    assert max(m.get_stroke_opacity() for m in lines) <= 0.2


def test_other_basis_in_a_tall_light_frame(scanned):
    b1, b2, v = (1.0, -0.5), (0.5, 1.5), (-2.0, 1.0)
    scene = scanned("basis-change", aspect="9:16", theme="light", b1="[1, -0.5]", b2="[0.5, 1.5]",
                        v="[-2, 1]")
    _check_picture(scene, b1, b2, v)


# -- the command line ------------------------------------------------------------------------


@pytest.mark.parametrize("params, words", [
    (["b1=[1, 2, 3]"], "needs 2 numbers"),
    (["v=[1]"], "needs 2 numbers"),
    (["b2=[[1, 2], [3, 4]]"], "list of 2 numbers"),
    (['b1=["a", 1]'], "number"),
    (["v=[NaN, 1]"], "finite"),
    (["b2=[1, Infinity]"], "finite"),
    (["b1=[1, 2]", "b2=[2, 4]"], "parallel"),
    (["b1=[1, 1]", "b2=[1, 1.0000000000001]"], "parallel"),
    (["b1=[1, 0]", "b2=[1, 0.001]", "v=[0, 1]"], "too small to see"),
    (["v=[1e9, 1]"], "within"),
    (["v=[500, 0]"], "too small to see"),
    (["v=[0, 0]"], "zero vector"),
    (["b1=one"], "list of 2 numbers"),
])
def test_bad_bases_are_refused_in_one_line_writing_nothing(tmp_path, params, words):
    out = tmp_path / "out"
    args = ["render", "basis-change", "-q", "low", "-o", str(out)]
    for p in params:
        args += ["-p", p]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], lines
    assert not out.exists()


@pytest.mark.slow
def test_cli_renders_and_its_last_frame_is_stored(tmp_path, frame_regression):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", "basis-change", "-q", "low", "-p", "b1=[2, 1]", "-p", "b2=[-1, 1]",
                                       "-p", "v=[3, 3]", "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)
    info = video_info(entry["path"])
    assert (info["width"], info["height"]) == (854, 480) and info["fps"] == pytest.approx(15, abs=1e-3)
    assert info["seconds"] >= 10
    assert entry["subtitles"] and "dot product" in Path(entry["subtitles"]).read_text()
    frame_regression("basis-change-low", last_frame(entry["path"]))
