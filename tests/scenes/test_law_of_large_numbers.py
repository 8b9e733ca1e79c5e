"""law-of-large-numbers: the picture agrees with the core; bad input is refused; a stored last frame."""

from __future__ import annotations

import re

import numpy as np
import pytest
from click.testing import CliRunner

from mathviz.core.probability import (
    count_inside,
    cumulative_counts,
    experiment_mean,
    frequency_after_streak,
    largest_deviation,
    mean_envelope,
    running_mean,
    sample_draws,
    sample_running_means,
    standard_deviation,
)

SCENE = "law-of-large-numbers"
PARAMS = {"n": 3000, "runs": 7, "seed": 3}


def _dry_run(tmp, scene_id=SCENE, theme="dark", aspect="16:9", **params):
    """What the ``scene_after`` fixture does, for a module-scoped scene (one dry run takes seconds)."""
    from manim import tempconfig

    from mathviz.pipeline.request import RenderRequest, validate
    from mathviz.pipeline.worker import build_scene

    job = validate(RenderRequest.make(scene_id, {k: str(v) for k, v in params.items()}, quality="low",
                                      theme=theme, aspect=aspect))
    with tempconfig({}):
        return build_scene(job.request, tmp, dry_run=True)


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    return _dry_run(tmp_path_factory.mktemp("lln"), **PARAMS)


def corners(path) -> np.ndarray:
    """The corners of a polyline made by ``set_points_as_corners`` (cubic segments of 4 points)."""
    pts = path.points
    return np.vstack([pts[0::4], pts[-1:]])


def to_data(scene, points) -> np.ndarray:
    """Scene points of the main plot back to data ``(n, mean)`` through its axes."""
    uv = np.array([scene.axes.p2c(p)[:2] for p in points])
    return np.column_stack([10.0 ** uv[:, 0], uv[:, 1] + scene.y_low])


# -- the picture against the core -----------------------------------------------------------------


def test_every_drawn_corner_is_a_running_mean_of_the_core(scene):
    n, runs, seed = PARAMS["n"], PARAMS["runs"], PARAMS["seed"]
    means = sample_running_means("die", n, runs, seed)
    assert len(scene.run_paths) == runs
    for run, path in enumerate(scene.run_paths):
        data = to_data(scene, corners(path))
        ks = np.rint(data[:, 0]).astype(int)
        np.testing.assert_allclose(data[:, 0], ks, rtol=1e-6)  # drawn at whole repetition counts
        assert ks[0] == 1 and ks[-1] == n and np.all(np.diff(ks) > 0)
        assert len(ks) <= 401  # subsampled along log n, not 3000 corners per run
        np.testing.assert_allclose(data[:, 1], means[run, ks - 1], atol=1e-6)


def test_band_edges_are_the_core_envelope(scene):
    mu, sigma = experiment_mean("die"), standard_deviation("die")
    assert len(scene.band_edges) == 2
    for edge in scene.band_edges:
        data = to_data(scene, corners(edge))
        low, high = mean_envelope(mu, sigma, data[:, 0], z=2.0)
        expected = high if data[-1, 1] > mu else low
        np.testing.assert_allclose(data[:, 1], expected, atol=1e-6)
        assert scene.y_low - 1e-9 <= data[:, 1].min() and data[:, 1].max() <= scene.y_high + 1e-9
    # the fill never leaves the plot: clipped to its value range
    fill = to_data(scene, scene.band_fill.points[::4])
    assert fill[:, 1].min() >= scene.y_low - 1e-9 and fill[:, 1].max() <= scene.y_high + 1e-9


def test_mean_line_histogram_and_readouts_show_the_core_numbers(scene):
    n, runs, seed = PARAMS["n"], PARAMS["runs"], PARAMS["seed"]
    mu = experiment_mean("die")
    line = to_data(scene, scene.mean_line.get_start_and_end())
    np.testing.assert_allclose(line[:, 1], [mu, mu], atol=1e-9)
    # bars: the highlighted run's share of each face after n rolls
    draws = sample_draws("die", n, runs, seed)
    shares = cumulative_counts(draws[:1], np.arange(1, 7))[-1] / n
    heights = [scene.hist_axes.p2c(bar.get_top())[1] for bar in scene.bars]
    np.testing.assert_allclose(heights, shares, atol=1e-9)
    marks = [scene.hist_axes.p2c(mark.get_center())[1] for mark in scene.prob_marks[:6]]
    np.testing.assert_allclose(marks, [1 / 6] * 6, atol=1e-9)
    assert scene.n_value.text == f"{n:,}"
    means = running_mean(draws)
    assert float(scene.dev_value.text) == pytest.approx(largest_deviation(means, mu)[-1], abs=6e-4)
    low, high = mean_envelope(mu, standard_deviation("die"), n, 2.0)
    inside = count_inside(means[:, -1], low, high)
    assert scene.inside == inside and f"{inside} of {runs} runs" in scene.inside_row.get_tex_string()


def test_histogram_axis_top_is_chosen_from_the_shares_it_shows(scene):
    n, runs, seed = PARAMS["n"], PARAMS["runs"], PARAMS["seed"]
    draws = sample_draws("die", n, runs, seed)
    shares = cumulative_counts(draws[:1], np.arange(1, 7)) / np.arange(1, n + 1)[:, None]
    # while the runs grow: every share from the tenth draw on fits, a little above the largest
    top, step = scene._hist_top(10)
    assert shares[9:].max() <= top < 1.08 * shares[9:].max() + step + 1e-9 and top < 1.0
    # once they settle, the axis is rescaled to the last shares (and 1/6)
    assert scene.hist_axes is scene.hist_axes_final
    top, step = scene.hist_axes.y_range[1], scene.hist_axes.y_range[2]
    biggest = max(shares[-1].max(), 1 / 6)
    assert biggest <= top < 1.08 * biggest + step + 1e-9


def test_first_draws_land_as_tiles_and_their_means_are_exact(scene):
    from fractions import Fraction

    from scenes.probability.law_of_large_numbers import FIRST_N

    draws = sample_draws("die", PARAMS["n"], PARAMS["runs"], PARAMS["seed"])[0, :FIRST_N]
    faces = [tile[1].get_tex_string() for tile in scene.tiles]
    assert faces == [rf"\text{{{int(x)}}}" for x in draws]
    for k in range(1, FIRST_N + 1):
        mean = Fraction(int(draws[:k].sum()), k)
        shown = scene._mean_row(k).get_tex_string()
        assert rf"\frac{{{int(draws[:k].sum())}}}{{{k}}}" in shown
        value = shown.split(rf"\frac{{{int(draws[:k].sum())}}}{{{k}}}")[1].strip().lstrip("=").strip()
        den = mean.denominator
        for p in (2, 5):
            while den % p == 0:
                den //= p
        if den == 1:
            assert Fraction(value) == mean  # a terminating decimal, shown exactly
        else:
            assert value.startswith(r"\approx") and float(value.split()[-1]) == pytest.approx(float(mean), abs=6e-4)


def test_runs_leaving_the_band_are_counted_by_the_core(scene):
    from mathviz.core.probability import runs_leaving_band

    means = sample_running_means("die", PARAMS["n"], PARAMS["runs"], PARAMS["seed"])
    leaving = runs_leaving_band(means, 3.5, standard_deviation("die"), 2.0, start=10)
    assert scene.leaving.tolist() == leaving.tolist()
    assert f"{leaving.sum()} of {PARAMS['runs']}" in scene.leaving_row.get_tex_string()
    assert f"{leaving.sum()} of the {PARAMS['runs']} runs" in scene.beats[4].narration


def test_the_game_plot_draws_the_core_running_means_of_the_winnings(scene):
    game = sample_draws("dice-game", PARAMS["n"], PARAMS["runs"], PARAMS["seed"])
    means = running_mean(game)
    plot = scene.game_plot
    for run, path in enumerate(plot.paths):
        uv = np.array([plot.axes.p2c(p)[:2] for p in corners(path)])
        ks = np.rint(10.0 ** uv[:, 0]).astype(int)
        assert ks[0] == 1 and ks[-1] == PARAMS["n"]
        np.testing.assert_allclose(uv[:, 1] + plot.y_low, means[run, ks - 1], atol=1e-6)
    line = np.array([plot.axes.p2c(p)[1] + plot.y_low for p in plot.mean_line.get_start_and_end()])
    np.testing.assert_allclose(line, [-100, -100], atol=1e-9)


def test_dice_game_and_streak_numbers_come_from_the_core(scene):
    game = sample_draws("dice-game", PARAMS["n"], PARAMS["runs"], PARAMS["seed"])
    assert scene.game_mean == pytest.approx(game.mean(), abs=1e-9)
    share, count = frequency_after_streak(game, -200, 5, 100)
    assert (scene.streak_share, scene.streaks) == (share, count)
    shown = " ".join(m.get_tex_string() for m in scene.streak_values) + scene.streak_count.get_tex_string()
    assert f"{100 * share:.1f}" in shown and f"{count:,}".replace(",", "{,}") in shown
    # the bars stand at the core's shares: all rounds won, and won right after a streak
    from mathviz.core.probability import outcome_share

    heights = [scene.streak_axes.p2c(bar.get_top())[1] for bar in scene.streak_bars]
    np.testing.assert_allclose(heights, [outcome_share(game, 100), share], atol=1e-9)
    assert "100" in scene.game_formula.get_tex_string() and "-200" in scene.game_formula.get_tex_string()
    # the average of all simulated rounds: exact when its decimal is short, else rounded and marked
    from fractions import Fraction

    from mathviz.kit import format_number

    exact = Fraction(int(game.sum()), game.size)
    shown = scene.game_simulated.get_tex_string()
    text = format_number(float(exact), 6, trim=True, grouping=True)
    if Fraction(text.replace(",", "")) == exact:
        assert text in shown and r"\approx" not in shown
    else:
        assert r"\approx " + format_number(float(exact), digits=4, grouping=True, style="tex") in shown


def test_beats_carry_narration_with_the_core_numbers(scene):
    names = [b.name for b in scene.beats]
    assert names == ["experiment", "first-draws", "many-draws", "band", "outside", "dice-game", "no-memory"]
    assert scene.time >= 10
    for before, after in zip(scene.beats, scene.beats[1:]):
        assert before.end == after.start
    assert all(len(b.narration.split()) >= 12 for b in scene.beats)
    # each beat lasts long enough to read its subtitle
    from mathviz.kit.scene import READING_CPS

    assert all(len(b.narration) / (b.end - b.start) <= READING_CPS * (1 + 1e-9) for b in scene.beats)
    # the spread after the first ten rolls, in the core's numbers
    from mathviz.kit import format_number

    at = sample_running_means("die", PARAMS["n"], PARAMS["runs"], PARAMS["seed"])[:, 9]
    lo, hi = (format_number(v, 1, trim=True, style="text") for v in (at.min(), at.max()))
    assert f"range from {lo} to {hi}" in scene.beats[1].narration
    band = scene.beats[3].narration
    assert f"{scene.inside} of {PARAMS['runs']}" in band and "95 percent" in band


def test_colours_follow_the_theme(scene):
    t = scene.theme
    assert scene.run_paths[1].get_stroke_color().to_hex().lower() == t.estimate.lower()  # running means
    assert scene.mean_line.get_stroke_color().to_hex().lower() == t.truth.lower()  # the expected value
    assert scene.band_fill.get_fill_color().to_hex().lower() == t.region.lower()
    assert scene.run_paths[0].get_stroke_color().to_hex().lower() == t.highlight.lower()  # the run followed
    game = scene.game_plot
    assert game.paths[1].get_stroke_color().to_hex().lower() == t.estimate.lower()
    assert game.mean_line.get_stroke_color().to_hex().lower() == t.truth.lower()
    assert all(tile[0].get_stroke_color().to_hex().lower() == t.highlight.lower() for tile in scene.tiles)
    colours = [bar.get_fill_color().to_hex().lower() for bar in scene.streak_bars]
    assert colours == [t.first.lower(), t.second.lower()]  # two series


def test_words_are_latex_not_a_second_face(scene):
    from manim import Text

    shown = [scene.histogram, scene.info, scene.band_row, scene.inside_row, scene.leaving_row, scene.tiles,
             scene.tile_caption, scene.game_rows, scene.streak_chart, scene.plot.frame, scene.game_plot.frame]
    assert not [m for group in shown for m in group.get_family() if isinstance(m, Text)]


# -- every aspect and theme: nothing leaves the frame ----------------------------------------------


def _outside(scene, aspect: str) -> list[str]:
    from manim import VMobject

    from mathviz.kit.theme import frame_geometry

    frame = frame_geometry(aspect, 480)  # not scene.frame_w: manim's config is restored by now
    half_w, half_h = frame["frame_width"] / 2, frame["frame_height"] / 2
    bad = []
    # what is on screen at the end, and the panels the closing beats faded out
    shown_earlier = [scene.histogram, scene.bars, scene.prob_marks, scene.info, scene.band_row, scene.inside_row,
                     scene.leaving_row, scene.tiles, scene.tile_caption, scene.game_rows, scene.plot.frame]
    for top in [*scene.mobjects, *shown_earlier]:
        for mob in top.get_family():
            if not isinstance(mob, VMobject) or mob.points.size == 0:
                continue
            if mob.get_fill_opacity() == 0 and (mob.get_stroke_opacity() == 0 or mob.get_stroke_width() == 0):
                continue
            lo, hi = mob.points.min(axis=0), mob.points.max(axis=0)
            if lo[0] < -half_w or hi[0] > half_w or lo[1] < -half_h or hi[1] > half_h:
                bad.append(type(mob).__name__)
    return bad


@pytest.mark.parametrize("aspect, theme, params", [
    ("9:16", "contrast", {"distribution": "coin", "n": 50, "runs": 3}),
    ("1:1", "light", {"distribution": "dice-game", "n": 200, "runs": 2, "z": 3}),
    ("4:3", "dark", {"distribution": "die", "n": 10, "runs": 1}),
])
def test_layout_stays_in_the_frame(scene_after, aspect, theme, params):
    scene = scene_after(SCENE, aspect=aspect, theme=theme, **params)
    assert _outside(scene, aspect) == []
    assert scene.n_value.text == f"{params['n']:,}"


# -- bad input: exit 2, one line, nothing written ----------------------------------------------------


@pytest.mark.parametrize("param, needle", [
    ("n=0", "n"), ("runs=0", "runs"), ("distribution=roulette", "coin, die, dice-game"),
    ("n=1000000", "at most 100000"), ("runs=101", "at most 100"), ("seed=-1", "seed"), ("z=0", "z"),
    ("n=ten", "whole number"),
])
def test_bad_parameters_exit_2_and_write_nothing(tmp_path, param, needle):
    from mathviz.cli import main

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", SCENE, "-q", "low", "-p", param, "-o", str(out)])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and needle in lines[0]
    assert not out.exists() or not any(out.rglob("*"))


def test_cli_seed_fills_the_seed_parameter():
    from mathviz.pipeline.request import RenderRequest, validate

    job = validate(RenderRequest.make(SCENE, {}, quality="low", seed=7))
    assert dict(job.request.params)["seed"] == "7"


# -- a real render -----------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("aspect", ["16:9", "9:16"])
def test_last_frame_matches_the_stored_one(render_low, frame_regression, aspect):
    import av

    result = render_low(SCENE, fmt="png", aspect=aspect)
    with av.open(result.path) as container:
        image = next(container.decode(video=0)).to_ndarray(format="rgb24")
    suffix = "" if aspect == "16:9" else "-" + re.sub(r"\W", "x", aspect)
    frame_regression(f"law-of-large-numbers{suffix}", image)
