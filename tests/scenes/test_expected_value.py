"""expected-value: the picture agrees with the core; bad input is refused; a stored last frame."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from mathviz.core.probability import (
    balance_torque,
    density_as_weights,
    expected_value,
    exponential_density,
    gamma_density,
    median_of_density,
)
from mathviz.media import last_frame, video_info
from support import dry_run

SCENE = "expected-value"
OTHER = {"values": "[10, 1, 4, 6]", "probabilities": "[0.4, 0.1, 0.3, 0.2]"}  # E = 6.5, unsorted on purpose


def _dry_run(tmp, **kwargs):
    return dry_run(SCENE, tmp, **kwargs)


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    return _dry_run(tmp_path_factory.mktemp("ev"))


@pytest.fixture(scope="module")
def other(tmp_path_factory):
    return _dry_run(tmp_path_factory.mktemp("ev-other"), theme="light", aspect="9:16", **OTHER)


def _hex(mob, fill=False) -> str:
    return (mob.get_fill_color() if fill else mob.get_color()).to_hex().lower()


def _apex(triangle) -> np.ndarray:
    pts = triangle.get_vertices()
    return pts[np.argmax(pts[:, 1])]


# -- the beam against the core ------------------------------------------------------------------


@pytest.mark.parametrize("which, values, probs", [
    ("scene", [100.0, -200.0], [1 / 3, 2 / 3]),
    ("other", [10.0, 1.0, 4.0, 6.0], [0.4, 0.1, 0.3, 0.2]),
])
def test_weights_sit_at_the_values_as_heavy_as_their_chances(request, which, values, probs):
    s = request.getfixturevalue(which)
    order = np.argsort(values)
    xs, ps = np.asarray(values)[order], np.asarray(probs)[order]
    assert len(s.bars) == len(values)
    # the beam has come to rest level, so the bars stand upright on it
    assert s._tilt_state[1] == pytest.approx(0.0, abs=1e-12)
    heights = np.array([bar.height for bar in s.bars])
    np.testing.assert_allclose(heights / heights.max(), ps / ps.max(), rtol=1e-6)
    for bar, x, p in zip(s.bars, xs, ps):
        assert s.ground.p2n(bar.get_bottom()) == pytest.approx(x, rel=1e-6, abs=1e-6 * np.ptp(xs))
        assert bar.get_bottom()[1] == pytest.approx(s.beam_y, abs=1e-6)
        role = s.theme.positive if x > 0 else s.theme.negative if x < 0 else s.theme.muted
        assert _hex(bar, fill=True) == role.lower()  # signs by role


@pytest.mark.parametrize("which, values, probs", [
    ("scene", [100.0, -200.0], [1 / 3, 2 / 3]),
    ("other", [10.0, 1.0, 4.0, 6.0], [0.4, 0.1, 0.3, 0.2]),
])
def test_the_beam_balances_on_the_expected_value(request, which, values, probs):
    s = request.getfixturevalue(which)
    mean = expected_value(values, probs)
    assert s.mean == pytest.approx(mean, rel=1e-12)
    assert s.pivot.get_value() == pytest.approx(mean, rel=1e-12)
    assert s.ground.p2n(_apex(s.fulcrum)) == pytest.approx(mean, rel=1e-6, abs=1e-6)
    assert _hex(s.fulcrum, fill=True) == s.theme.truth.lower()  # the exact value
    assert s.pivot_value.get_value() == pytest.approx(mean, rel=1e-12)
    assert s.torque_value.get_value() == pytest.approx(0.0, abs=1e-9)
    assert balance_torque(values, probs, s.pivot_start) == pytest.approx(mean - s.pivot_start)
    # the pivot started well away from the balance point: there was something to slide
    assert abs(s.pivot_start - mean) >= 0.15 * np.ptp(values)


def test_the_beam_tips_towards_the_heavier_side(scene):
    mean = scene.mean
    assert scene.tilt(mean + 50) > 0  # pivot right of the balance: the left side goes down (turns anticlockwise)
    assert scene.tilt(mean - 50) < 0
    assert scene.tilt(mean) == pytest.approx(0.0, abs=1e-12)


# -- densities against the core ---------------------------------------------------------------


def test_strips_are_the_core_weights_and_their_fulcrum_the_core_means(scene):
    f = exponential_density(1.0)
    for n in (6, 12, 48):
        points, weights = density_as_weights(f, 0.0, 8.0, n)
        bars = scene._strip_bars(n)
        width = 8.0 / n
        for bar, x, w in zip(bars, points, weights):
            bottom, top = scene.axes.p2c(bar.get_bottom()), scene.axes.p2c(bar.get_top())
            assert bottom[0] == pytest.approx(x, abs=1e-6)
            assert top[1] - bottom[1] == pytest.approx(w / width, rel=1e-4, abs=2e-3)  # area = chance
        assert scene.strip_means[n] == pytest.approx(expected_value(points, weights), rel=1e-12)
    assert scene.sum_value.get_value() == pytest.approx(scene.strip_means[48], rel=1e-12)


def test_mean_and_median_of_the_skewed_density(scene):
    mean, median = 2.0, median_of_density(gamma_density(2.0, 1.0), 0, math.inf)
    assert scene.skew_mean == pytest.approx(mean, rel=1e-10)
    assert scene.axes.p2c(_apex(scene.density_fulcrum))[0] == pytest.approx(mean, abs=1e-6)
    assert _hex(scene.density_fulcrum, fill=True) == scene.theme.truth.lower()
    start, end = scene.median_line.get_start(), scene.median_line.get_end()
    assert scene.axes.p2c(start)[0] == pytest.approx(median, abs=1e-6)
    assert scene.axes.p2c(end)[1] == pytest.approx(float(gamma_density()(median)), abs=1e-6)
    assert _hex(scene.median_line) == scene.theme.highlight.lower()
    assert median < mean
    # the curve drawn is the core's density
    xy = np.array([scene.axes.p2c(p)[:2] for p in scene.curve.get_anchors()])
    np.testing.assert_allclose(xy[:, 1], gamma_density()(xy[:, 0]), atol=1e-6)
    assert _hex(scene.curve) == scene.theme.function.lower()


# -- beats and narration ----------------------------------------------------------------------


def test_beats_cover_the_scene_and_narration_is_true_for_the_parameters(scene, other):
    names = ["game", "balance", "weighted-average", "density", "integral", "median"]
    for s in (scene, other):
        assert [b.name for b in s.beats] == names
        assert s.beats[0].start == 0
        for before, after in zip(s.beats, s.beats[1:]):
            assert before.end == after.start
        assert s.beats[-1].end == pytest.approx(s.time)
        for beat in s.beats:
            assert beat.end - beat.start >= len(beat.narration) / 17.0 - 0.1
    assert "5 or 6" in scene.beats[0].narration and "\u2212100" in scene.beats[2].narration
    assert "lose about 100" in scene.beats[2].narration
    assert "die" not in other.beats[0].narration and "4 amounts" in other.beats[0].narration
    assert "over 2" not in other.beats[2].narration  # 6.5 is 13/2: said as a decimal
    assert "win about 6.5" in other.beats[2].narration


def test_layout_report_is_clean(scene, other):
    assert scene.layout_report == [] and other.layout_report == []


# -- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize("params, needle", [
    (["probabilities=[0.5, 0.6]"], "probabilities must sum to 1, but these sum to 1.1"),
    (["probabilities=[1.5, -0.5]"], "at most 1"),
    (["probabilities=[-0.5, 1.5]"], "at least 0"),
    (["probabilities=[0.2, 0.3, 0.5]"], "must have one length: got 2 values and 3 probabilities"),
    (["values=[1, 1]"], "different"),
    (["values=[0, 1, 100]", "probabilities=[0.2, 0.3, 0.5]"], "told apart"),
    (["values=[1]", "probabilities=[1]"], "2 to 6 numbers"),
    (["values=oops"], "a list of 2 to 6 numbers"),
    (["values=[1e7, 2]"], "at most"),
])
def test_bad_parameters_exit_2_with_one_line(tmp_path, params, needle):
    from mathviz.cli import main

    out = tmp_path / "out"
    args = [word for param in params for word in ("-p", param)]
    result = CliRunner().invoke(main, ["render", SCENE, "-q", "low", *args, "-o", str(out)])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and needle in lines[0], lines
    assert not out.exists() or not any(out.rglob("*"))


@pytest.mark.slow
def test_low_quality_render_decodes_with_size_frames_and_subtitles(render_low, frame_regression):
    result = render_low(SCENE)
    info = video_info(result.path)
    assert (info["width"], info["height"], info["fps"]) == (854, 480, 15)
    assert info["frames"] == result.frames
    assert result.layout_report == []
    assert info["frames"] == pytest.approx(result.seconds * 15, abs=1)
    srt = Path(result.subtitles).read_text()
    assert srt.count("-->") >= 6 and "median" in srt
    frame_regression("expected-value-low", last_frame(result.path))
