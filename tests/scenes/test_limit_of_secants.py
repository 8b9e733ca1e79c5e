"""limit-of-secants: the picture agrees with the core, and a low-quality render is sound."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mathviz.core.calculus import halving_steps, secant_slope, tangent_line
from mathviz.core.expr import parse_function
from mathviz.media import last_frame, video_info


def _slope_in_data(axes, line):
    (x1, y1), (x2, y2) = (axes.p2c(p)[:2] for p in line.get_start_and_end())
    return (y2 - y1) / (x2 - x1)


@pytest.mark.parametrize("params", [{}, {"f": "sin(x) + x^2/3", "x0": -0.5, "h0": -1.5}])
def test_picture_matches_the_core(scene_after, params):
    scene = scene_after("limit-of-secants", **params)
    p = scene.params
    f = parse_function(p.f)
    h_final = halving_steps(p.h0, 9)[-1]
    assert scene.h.get_value() == pytest.approx(h_final)
    # the two dots sit on the curve at x0 and x0 + h
    np.testing.assert_allclose(scene.axes.p2c(scene.p_dot.get_center())[:2], [p.x0, f(p.x0)], atol=1e-6)
    np.testing.assert_allclose(scene.axes.p2c(scene.q_dot.get_center())[:2],
                               [p.x0 + h_final, f(p.x0 + h_final)], atol=1e-6)
    # the drawn secant has the core's slope, and the readouts show the core's numbers
    expected = float(secant_slope(f, p.x0, h_final))
    assert _slope_in_data(scene.axes, scene.secant) == pytest.approx(expected, rel=1e-5, abs=1e-6)
    assert scene.slope_value.get_value() == pytest.approx(expected, abs=1e-12)
    assert scene.h_value.get_value() == pytest.approx(h_final, abs=1e-12)
    slope, _ = tangent_line(f, p.x0)
    assert _slope_in_data(scene.axes, scene.tangent) == pytest.approx(slope, rel=1e-5, abs=1e-6)
    # colours follow the theme's roles
    assert scene.secant.get_color().to_hex().lower() == scene.theme.estimate.lower()  # the estimate that moves
    assert scene.tangent.get_color().to_hex().lower() == scene.theme.truth.lower()  # what it approaches


def test_beats_cover_the_scene_and_are_long_enough(scene_after):
    scene = scene_after("limit-of-secants")
    assert [b.name for b in scene.beats] == ["curve", "secant", "shrink", "tangent", "error"]
    assert scene.beats[0].start == 0
    for before, after in zip(scene.beats, scene.beats[1:]):
        assert before.end == after.start
    assert scene.beats[-1].end == pytest.approx(scene.time)
    assert scene.time >= 10
    assert all(len(b.narration.split()) >= 8 for b in scene.beats)


@pytest.mark.slow
def test_low_quality_render_decodes_with_size_frames_and_subtitles(render_low, frame_regression):
    result = render_low("limit-of-secants")
    info = video_info(result.path)
    assert (info["width"], info["height"], info["fps"]) == (854, 480, 15)
    assert info["frames"] == result.frames
    assert result.seconds >= 10
    assert result.layout_report == []
    assert info["frames"] == pytest.approx(result.seconds * 15, abs=1)
    srt = Path(result.subtitles).read_text()
    assert srt.count("-->") >= 5 and "secant" in srt  # every beat has cues (a long one several)
    frame_regression("limit-of-secants-low", last_frame(result.path))


@pytest.mark.slow
def test_same_request_gives_the_same_frames(tmp_path):
    from mathviz.pipeline.request import RenderRequest, validate
    from mathviz.pipeline.worker import render_jobs

    job = validate(RenderRequest.make("limit-of-secants", {"h0": "1"}, quality="low", fmt="png"))
    first = render_jobs([job], tmp_path / "a")[0]
    second = render_jobs([job], tmp_path / "b")[0]
    from mathviz.media import frames_at  # noqa: F401  (png: compare the files' pixels)
    import av

    def pixels(path):
        with av.open(path) as c:
            return next(c.decode(video=0)).to_ndarray(format="rgb24")

    np.testing.assert_array_equal(pixels(first.path), pixels(second.path))
