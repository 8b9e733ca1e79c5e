"""central-limit: the bars drawn are the core's exact distributions; bad input is refused; a stored frame."""

from __future__ import annotations

import re

import numpy as np
import pytest
from click.testing import CliRunner

from mathviz.core.distributions import (
    area_between,
    common_distribution,
    normal_density,
    standardised_sum,
    sum_distribution,
    sum_moments,
)
from support import dry_run

SCENE = "central-limit"
PARAMS = {"n": 12, "lopsided": "[0.6, 0.3, 0.1]"}
LOPSIDED = (0.6, 0.3, 0.1)
DIE = ((1, 2, 3, 4, 5, 6), (1 / 6,) * 6)


def _dry_run(tmp, **kwargs):
    return dry_run(SCENE, tmp, **kwargs)


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    return _dry_run(tmp_path_factory.mktemp("clt"), **PARAMS)


def bars_in_data(scene, mob) -> np.ndarray:
    """``(left, right, height)`` of each rectangle of a bars path, in the current plot's data units."""
    pts = mob.points.reshape(-1, 16, 3)  # 4 cubic segments of 4 points per bar
    data = np.array([[scene.axes.p2c(p)[:2] for p in bar[::4]] for bar in pts])  # corners: (K, 4, 2)
    x = data[..., 0] + scene.x0
    return np.column_stack([x.min(axis=1), x.max(axis=1), data[..., 1].max(axis=1)])


def to_hex(color) -> str:
    return color.to_hex().lower()


# -- the picture against the core -----------------------------------------------------------------


@pytest.mark.parametrize("series, draw", [("die", DIE), ("coin", ((0, 1), (0.5, 0.5))),
                                          ("lopsided", ((1, 2, 3), LOPSIDED))])
@pytest.mark.parametrize("k", [1, 2, 5, 12])
def test_bars_for_each_n_are_the_core_distribution(scene, series, draw, k):
    scene.series = series
    scene._draw_z(k)
    expected = standardised_sum(*draw, k)
    inside = (expected.z + expected.width / 2 > -4) & (expected.z - expected.width / 2 < 4)
    drawn = bars_in_data(scene, scene.z_bar_mob)
    assert len(drawn) == inside.sum()
    np.testing.assert_allclose(drawn[:, 2], expected.heights[inside], atol=1e-9)
    centres = (drawn[:, 0] + drawn[:, 1]) / 2
    full = (drawn[:, 1] - drawn[:, 0]) > expected.width * (1 - 1e-6)  # a bar cut by the axes' end is narrower
    np.testing.assert_allclose(centres[full], expected.z[inside][full], atol=1e-9)
    # the readouts say the same n and the core's area between bars and curve
    assert scene.n_z.text == str(k)
    assert float(scene.area_z.text) == pytest.approx(area_between(expected), abs=5e-4)


def test_the_final_state_is_n_and_the_curve_is_the_normal_density(scene):
    # the module scene ended on the lopsided die at n (the tests above redraw; redraw the end)
    scene.series = "lopsided"
    scene._draw_z(PARAMS["n"])
    assert scene.n_shown == PARAMS["n"]
    corners = np.array([scene.axes.p2c(p)[:2] for p in scene.curve.points[::4]])
    np.testing.assert_allclose(corners[:, 1], normal_density(corners[:, 0] + scene.x0), atol=1e-6)
    assert to_hex(scene.curve.get_stroke_color()) == scene.theme.truth.lower()
    assert to_hex(scene.z_bar_mob.get_fill_color()) == scene.theme.estimate.lower()


def test_counter_stops_are_whole_numbers_ending_at_n(scene):
    assert scene.stops == [1, 2, 3, 5, 10, 12]
    assert scene.raw_stops == [1, 2, 3, 5, 10]


def test_raw_sums_are_the_core_distribution_with_mean_and_sigma(scene):
    # the raw plot is gone by the end; redraw it on its own axes to check it
    plot, _ = scene._build_raw(10)
    for k in (1, 3, 10):
        scene._draw_raw(k)
        support, probs = sum_distribution(*DIE, k)
        drawn = bars_in_data(scene, scene.raw_bars)
        np.testing.assert_allclose((drawn[:, 0] + drawn[:, 1]) / 2, support, atol=1e-9)
        np.testing.assert_allclose(drawn[:, 2], probs, atol=1e-9)
        mean, sd = sum_moments(*DIE, k)
        line_x = scene.axes.p2c(scene.raw_line.get_center())[0] + scene.x0
        assert line_x == pytest.approx(mean, abs=1e-6)
        band = np.array([scene.axes.p2c(p)[0] + scene.x0 for p in scene.raw_band.points])
        assert (band.min(), band.max()) == pytest.approx((mean - sd, mean + sd), abs=1e-6)
        assert scene.raw_rows[1].numbers[0].get_value() == pytest.approx(3.5 * k)
        assert scene.raw_rows[2].numbers[0].text == f"{sd:.2f}"
    assert to_hex(scene.raw_line.submobjects[0].get_stroke_color()) == scene.theme.truth.lower()
    assert to_hex(scene.raw_band.get_fill_color()) == scene.theme.region.lower()


@pytest.mark.parametrize("name", ["binomial", "exponential"])
def test_tour_marks_the_scipy_mean_and_sigma(scene, name):
    plot, panel = scene._build_common(name)
    d = common_distribution(name)
    line_x = scene.axes.p2c(scene.common_line.get_center())[0] + scene.x0
    assert line_x == pytest.approx(d.mean, abs=1e-6)
    band = np.array([scene.axes.p2c(p)[0] + scene.x0 for p in scene.common_band.points])
    lo = max(d.mean - d.sd, d.x_range[0] - (1 if d.discrete else 0))
    assert (band.min(), band.max()) == pytest.approx((lo, d.mean + d.sd), abs=1e-6)
    texts = " ".join(m.get_tex_string() for m in panel)
    assert ("E[X] = 3" in texts and r"\sigma \approx 1.449" in texts) if name == "binomial" else (
        "E[X] = 1" in texts and r"\sigma = 1" in texts)
    if d.discrete:
        x, pmf = d.points()
        drawn = bars_in_data(scene, scene.common_shape)
        np.testing.assert_allclose(drawn[:, 2], pmf, atol=1e-9)
        np.testing.assert_allclose((drawn[:, 0] + drawn[:, 1]) / 2, x, atol=1e-9)
        assert to_hex(scene.common_shape.get_fill_color()) == scene.theme.function.lower()


def test_beats_are_named_cover_the_scene_and_carry_core_numbers(scene):
    names = [b.name for b in scene.beats]
    assert names == ["bernoulli", "binomial", "poisson", "exponential", "normal", "one-die", "sums",
                     "standardise", "dice", "coins", "lopsided"]
    assert scene.beats[0].start == 0
    for before, after in zip(scene.beats, scene.beats[1:]):
        assert before.end == after.start
    assert scene.beats[-1].end == pytest.approx(scene.time)
    from mathviz.kit.scene import READING_CPS

    assert all(len(b.narration) / (b.end - b.start) <= READING_CPS * (1 + 1e-9) for b in scene.beats)
    area = area_between(standardised_sum(*DIE, PARAMS["n"]))
    assert f"up to {PARAMS['n']}" in scene.beats[8].narration
    assert f"{area:.3f}" in scene.beats[8].narration
    assert "skew" in scene.beats[10].narration
    binomial, poisson = common_distribution("binomial"), common_distribution("poisson")
    assert f"which is {binomial.mean:g}." in scene.beats[1].narration
    assert f"its sigma is {poisson.sd:g}." in scene.beats[2].narration


def test_a_symmetric_lopsided_die_is_narrated_as_such(scene_after):
    scene = scene_after(SCENE, n=5, lopsided="[0.25, 0.5, 0.25]", aspect="9:16", theme="contrast")
    assert "symmetric" in scene.beats[-1].narration
    assert scene.stops == [1, 2, 3, 5]
    assert scene.layout_report == []


# -- bad input: exit 2, one line, nothing written ----------------------------------------------------


@pytest.mark.parametrize("param, needle", [
    ("n=4", "at least 5"), ("n=61", "at most 60"), ("n=ten", "whole number"),
    ("lopsided=[0.5, 0.4]", "sum to 1"), ("lopsided=[1, 0]", "at least two faces"),
    ("lopsided=[0.5, -0.5, 1]", "at least 0"), ("lopsided=[1]", "2 to 6"),
    ("lopsided=0.5", "list"),
])
def test_bad_parameters_exit_2_and_write_nothing(tmp_path, param, needle):
    from mathviz.cli import main

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", SCENE, "-q", "low", "-p", param, "-o", str(out)])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and needle in lines[0], lines
    assert not out.exists() or not any(out.rglob("*"))


# -- a real render -----------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("aspect", ["16:9", "9:16"])
def test_last_frame_matches_the_stored_one(render_low, frame_regression, aspect):
    import av

    result = render_low(SCENE, fmt="png", aspect=aspect)
    assert result.layout_report == []
    with av.open(result.path) as container:
        image = next(container.decode(video=0)).to_ndarray(format="rgb24")
    suffix = "" if aspect == "16:9" else "-" + re.sub(r"\W", "x", aspect)
    frame_regression(f"central-limit{suffix}", image)
