"""limit-of-secants: the picture agrees with the core, and a low-quality render is sound."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mathviz.core.calculus import (
    central_slope,
    exact_derivative,
    exact_secant_slope,
    halving_steps,
    secant_slope,
    tangent_line,
)
from mathviz.core.expr import parse_function
from mathviz.media import last_frame, video_info
from scenes.calculus.specs import exact_tex


def _slope_in_data(axes, line):
    (x1, y1), (x2, y2) = (axes.p2c(p)[:2] for p in line.get_start_and_end())
    return (y2 - y1) / (x2 - x1)


def _on_line(axes, line, x, y):
    """Does the point (x, y) lie on the drawn line?"""
    (x1, y1), (x2, y2) = (axes.p2c(p)[:2] for p in line.get_start_and_end())
    return y == pytest.approx(y1 + (y2 - y1) * (x - x1) / (x2 - x1), abs=1e-6)


@pytest.mark.parametrize("params", [{}, {"f": "sin(x) + x^2/3", "x0": -0.5, "h0": -1.5}])
def test_picture_matches_the_core(scene_after, params):
    scene = scene_after("limit-of-secants", **params)
    p = scene.params
    f = parse_function(p.f)
    steps = halving_steps(p.h0, 9)
    hs = p.h0 / 4  # the error beat draws both secants at this step
    assert scene.h.get_value() == pytest.approx(hs)
    # the dots sit on the curve at x0, x0 + h and (the symmetric secant's) x0 - h
    np.testing.assert_allclose(scene.axes.p2c(scene.p_dot.get_center())[:2], [p.x0, f(p.x0)], atol=1e-6)
    np.testing.assert_allclose(scene.axes.p2c(scene.q_dot.get_center())[:2], [p.x0 + hs, f(p.x0 + hs)], atol=1e-6)
    np.testing.assert_allclose(scene.axes.p2c(scene.symmetric_dot.get_center())[:2], [p.x0 - hs, f(p.x0 - hs)],
                               atol=1e-6)
    # the drawn secants have the core's slopes: one-sided, and symmetric through x0 - h and x0 + h
    assert _slope_in_data(scene.axes, scene.secant) == pytest.approx(float(secant_slope(f, p.x0, hs)), rel=1e-5,
                                                                     abs=1e-6)
    assert _slope_in_data(scene.axes, scene.symmetric) == pytest.approx(float(central_slope(f, p.x0, hs)),
                                                                        rel=1e-5, abs=1e-6)
    for x in (p.x0 - hs, p.x0 + hs):
        assert _on_line(scene.axes, scene.symmetric, x, float(f(x)))
    # the readouts were left at the last step of the walk, with the core's numbers
    assert scene.h_value.get_value() == steps[-1] and float(scene.h_value.text) == steps[-1]  # shown exactly
    assert float(scene.slope_row.numbers[0].text) == pytest.approx(float(secant_slope(f, p.x0, steps[-1])),
                                                                   abs=5.001e-5)
    slope, _ = tangent_line(f, p.x0)
    assert _slope_in_data(scene.axes, scene.tangent) == pytest.approx(slope, rel=1e-5, abs=1e-6)
    assert scene.derivative_row.tex_string.endswith(exact_tex(slope, exact_derivative(f, p.x0)))
    # the window frames the action: every drawn piece of the curve is inside it
    lo, hi = scene.y_range
    for piece in scene.graph:
        ys = np.array([scene.axes.p2c(q)[1] for q in piece.get_anchors()])
        assert ys.min() >= lo - 1e-6 and ys.max() <= hi + 1e-6
    # colours follow the theme's roles
    assert scene.secant.get_color().to_hex().lower() == scene.theme.estimate.lower()  # the estimate that moves
    assert scene.tangent.get_color().to_hex().lower() == scene.theme.truth.lower()  # what it approaches
    assert not scene.zoomed


def played(scene_id: str, work, **params):
    """The finished scene after a run that draws nothing but plays every frame of every animation
    (a dry run jumps each one to its end), so per-frame records see what a render shows."""
    from manim import tempconfig

    from mathviz.pipeline.request import RenderRequest, validate
    from mathviz.pipeline.worker import make_scene

    job = validate(RenderRequest.make(scene_id, {k: str(v) for k, v in params.items()}, quality="low"))
    with tempconfig({}):
        scene = make_scene(job.request, work, dry_run=True, skip_animations=False)
        scene.render()
    return scene


def test_shrinking_shows_real_states_and_zooms_to_keep_the_points_apart(tmp_path):
    scene = played("limit-of-secants", tmp_path)
    # the defaults' derivative is exactly -1/2, and the window is near the action (not 0 to 12)
    assert r"= -\frac{1}{2}" in scene.derivative_row.tex_string
    assert scene.y_range[1] - scene.y_range[0] < 5
    f, x0, h0 = parse_function(scene.params.f), scene.params.x0, scene.params.h0
    steps = [float(h) for h in halving_steps(h0, 9)]
    seen = set()
    assert len(scene.shown_steps) > 60  # every frame of the walk
    for h_text, relation, slope_text, zoom, h in scene.shown_steps:
        shown_h = float(h_text)
        assert shown_h in steps  # h only takes the halving steps, shown exactly
        seen.add(shown_h)
        exact = exact_secant_slope(f, x0, shown_h)
        if relation == "=":
            assert float(slope_text) == float(exact)
        else:
            assert float(slope_text) == pytest.approx(float(secant_slope(f, x0, shown_h)), abs=5.001e-5)
        # on screen the two points stay apart: their gap, magnified, is several dot sizes
        gap = np.linalg.norm(scene.point_on_curve(x0 + h) - scene.point_on_curve(x0)) * zoom
        assert gap > 4 * 0.07 or abs(h) > abs(h0) / 8
    assert seen == set(steps)
    assert max(z for *_, z, _ in scene.shown_steps) >= 20


def test_beats_cover_the_scene_and_are_long_enough(scene_after):
    scene = scene_after("limit-of-secants")
    assert [b.name for b in scene.beats] == ["curve", "secant", "shrink", "tangent", "error"]
    assert scene.beats[0].start == 0
    for before, after in zip(scene.beats, scene.beats[1:]):
        assert before.end == after.start
    assert scene.beats[-1].end == pytest.approx(scene.time)
    assert scene.time >= 10
    assert all(len(b.narration.split()) >= 8 for b in scene.beats)
    tangent = scene.beats[3].narration
    assert "only touches" not in tangent and "hugs the curve" in tangent
    assert "about halves" in scene.beats[4].narration and "four times" in scene.beats[4].narration


@pytest.mark.slow
def test_low_quality_render_decodes_with_size_frames_and_subtitles(render_low, frame_regression):
    result = render_low("limit-of-secants")
    info = video_info(result.path)
    assert (info["width"], info["height"]) == (854, 480) and info["fps"] == pytest.approx(15, rel=1e-3)
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
    import av

    def pixels(path):
        with av.open(path) as c:
            return next(c.decode(video=0)).to_ndarray(format="rgb24")

    np.testing.assert_array_equal(pixels(first.path), pixels(second.path))
