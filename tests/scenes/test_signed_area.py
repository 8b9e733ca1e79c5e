"""signed-area: the picture agrees with the core, bad input is refused, a real render is sound."""

from __future__ import annotations

import re

import numpy as np
import pytest
from click.testing import CliRunner

from mathviz.cli import main
from mathviz.core.calculus import (
    exact_integral,
    exact_riemann_sum,
    riemann_points,
    riemann_sum,
    running_integral,
    signed_area,
)
from mathviz.core.expr import parse_function
from mathviz.media import last_frame, video_info
from mathviz.errors import InputError
from mathviz.pipeline.request import RenderRequest, validate
from scenes.calculus.specs import doubling_counts, exact_tex

# right ends: the heights must come from the right end of each strip, not the left
PICTURE = {"f": "x^3 - x", "a": -1.5, "b": 1.2, "rule": "right", "n_max": 32}


def _hex(color) -> str:
    return color.to_hex().lower()


def _underbraced(tex) -> float:
    return float(re.search(r"\\underbrace\{\(?\\approx (-?[0-9.]+)\)?\}", tex.tex_string).group(1))


def _data(axes, point) -> np.ndarray:
    return np.asarray(axes.p2c(point))[:2]


def test_picture_matches_the_core(scene_after):
    # one dry run (tall frame, light theme) for every check: a dry run takes tens of seconds
    scene = scene_after("signed-area", aspect="9:16", theme="light", **PICTURE)
    f, a, b, n = parse_function(PICTURE["f"]), PICTURE["a"], PICTURE["b"], PICTURE["n_max"]
    theme = scene.theme

    # the last rectangles: n of them, spanning the strips, as tall as f at the right ends
    rects = scene.rectangles
    assert len(rects) == n
    edges = np.linspace(a, b, n + 1)
    heights = f(edges[1:])
    np.testing.assert_allclose(riemann_points(a, b, n, "right"), edges[1:])
    for rect, lo, hi, h in zip(rects, edges[:-1], edges[1:], heights):
        corners = np.array([_data(scene.riemann_axes, v) for v in rect.get_vertices()])
        np.testing.assert_allclose(sorted(set(np.round(corners[:, 0], 9))), [lo, hi], atol=1e-6)
        np.testing.assert_allclose(sorted(corners[:, 1]), sorted([0.0, 0.0, h, h]), atol=1e-6)
        assert _hex(rect.get_fill_color()) == (theme.positive if h >= 0 else theme.negative).lower()
    assert {_hex(r.get_fill_color()) for r in rects} == {theme.positive.lower(), theme.negative.lower()}

    # the readouts show the core's numbers
    assert scene.n_value.get_value() == n
    assert float(scene.sum_value.text) == pytest.approx(riemann_sum(f, a, b, n, "right"), abs=5.001e-5)
    area = signed_area(f, a, b)
    assert scene.integral_row.tex_string.endswith(exact_tex(area.total, exact_integral(f, a, b)))
    split = scene.split_row  # \underbrace{≈ above} + \underbrace{(≈ below)} = total
    assert _underbraced(split[0]) == pytest.approx(area.positive, abs=5e-5)
    assert _underbraced(split[2]) == pytest.approx(area.negative, abs=5e-5)
    assert split[3].tex_string == exact_tex(area.total, exact_integral(f, a, b))
    assert _hex(split[0].get_color()) == theme.positive.lower()
    assert _hex(split[2].get_color()) == theme.negative.lower()

    # the sliver: f(x) tall and dx wide at x, and F rises by the area it adds (about f(x) dx)
    xs, dx = scene.x_star, scene.dx
    corners = np.array([_data(scene.axes, v) for v in scene.sliver.get_vertices()])
    np.testing.assert_allclose(sorted(set(np.round(corners[:, 0], 9))), [xs, xs + dx], atol=1e-6)
    np.testing.assert_allclose(sorted(set(np.round(corners[:, 1], 9))), sorted([0.0, float(f(xs))]), atol=1e-6)
    _, run, rise, _ = scene.sliver_marks
    (r0, r1) = (_data(scene.F_axes, q) for q in rise.get_start_and_end())
    F0, F1 = (float(running_integral(f, a, x)) for x in (xs, xs + dx))
    np.testing.assert_allclose([r0, r1], [[xs + dx, F0], [xs + dx, F1]], atol=1e-5)
    assert F1 - F0 == pytest.approx(float(f(xs)) * dx, rel=0.2)

    # the running integral: x sweeps on to b, F and the tangent agree with the core
    x = scene.x.get_value()
    assert x == b
    F = float(running_integral(f, a, x))
    np.testing.assert_allclose(_data(scene.F_axes, scene.F_dot.get_center()), [x, F], atol=1e-6)
    np.testing.assert_allclose(_data(scene.axes, scene.f_dot.get_center()), [x, float(f(x))], atol=1e-6)
    assert scene.f_dot.get_center()[0] == pytest.approx(scene.F_dot.get_center()[0], abs=1e-6)
    assert scene.F_value.get_value() == pytest.approx(F, abs=1e-12)
    assert scene.slope_value.get_value() == pytest.approx(float(f(x)), abs=1e-12)
    (x1, y1), (x2, y2) = (_data(scene.F_axes, p) for p in scene.tangent.get_start_and_end())
    assert (y2 - y1) / (x2 - x1) == pytest.approx(float(f(x)), abs=1e-6)
    assert _data(scene.F_axes, scene.F_full.get_end())[1] == pytest.approx(area.total, abs=1e-9)

    # beats: one after another, narrated, and the scene is long enough
    assert [bt.name for bt in scene.beats] == ["curve", "rectangles", "refine", "split", "accumulate", "sliver",
                                               "slope"]
    assert scene.beats[0].start == 0 and scene.beats[-1].end == pytest.approx(scene.time)
    assert all(p.end == q.start for p, q in zip(scene.beats, scene.beats[1:]))
    assert all(len(bt.narration.split()) >= 12 for bt in scene.beats)
    assert scene.time >= 10


def played(scene_id: str, work, **params):
    """The finished scene after a run that draws nothing but plays every frame of every animation
    (a dry run jumps each one to its end), so per-frame records see what a render shows."""
    from manim import tempconfig

    from mathviz.pipeline.worker import make_scene

    job = validate(RenderRequest.make(scene_id, {k: str(v) for k, v in params.items()}, quality="low"))
    with tempconfig({}):
        scene = make_scene(job.request, work, dry_run=True, skip_animations=False)
        scene.render()
    return scene


def test_refinement_readouts_are_riemann_sums_for_the_n_shown(tmp_path):
    """Every frame of the refine beat: n is one of the doubling counts, and the sum beside it is
    the core's Riemann sum for that n (exact after '=', rounded to 4 places after '≈')."""
    scene = played("signed-area", tmp_path)
    p = scene.params
    f, counts = parse_function(p.f), doubling_counts(p.n_max)
    assert len(scene.shown_sums) > 3 * len(counts)  # recorded at every frame, not once per step
    for n, relation, text in scene.shown_sums:
        assert n in counts
        exact = exact_riemann_sum(f, p.a, p.b, n, p.rule)
        if relation == "=":
            assert exact is not None and float(text) == exact
        else:
            assert float(text) == pytest.approx(riemann_sum(f, p.a, p.b, n, p.rule), abs=5.001e-5)
    assert [n for n, *_ in scene.shown_sums] == sorted(n for n, *_ in scene.shown_sums)
    assert {n for n, *_ in scene.shown_sums} == set(counts)
    # the defaults' sums are exact: 2, 3, 3.5, ... and the integral is exactly 4
    assert [t for n, r, t in scene.shown_sums if n == 8][0] == "3"
    assert scene.integral_row.tex_string.endswith("= 4")


def test_doubling_reaches_n_max():
    assert doubling_counts(128) == [4, 8, 16, 32, 64, 128]
    assert doubling_counts(8) == [4, 8]
    assert doubling_counts(200) == [4, 8, 16, 32, 64, 128, 200]


@pytest.mark.parametrize(
    "params, fragment",
    [
        ({"a": "1", "b": "1"}, "a = 1 must be less than b = 1"),
        ({"a": "2", "b": "-2"}, "must be less than b"),
        ({"f": "log(x)", "a": "-1", "b": "1"}, "f = log(x) is not finite at x = -1"),
        ({"f": "1/(x - 0.30001)", "a": "0", "b": "1"}, "could not be integrated"),
        ({"f": "exp(x)", "a": "0", "b": "50"}, "too steep"),
        ({"rule": "trapezoid"}, "must be one of left, right, midpoint"),
        ({"n_max": "100000"}, "n_max"),
        ({"n_max": "4"}, "n_max"),
    ],
)
def test_bad_parameters_are_refused_before_rendering(params, fragment):
    with pytest.raises(InputError, match="^signed-area: ") as err:
        validate(RenderRequest.make("signed-area", params, quality="low"))
    assert fragment in str(err.value) and "\n" not in str(err.value)


def test_cli_refuses_log_on_negative_numbers_with_exit_2_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", "signed-area", "-p", "f=log(x)", "-p", "a=-1", "-p", "b=1",
                                       "-q", "low", "-o", str(out)])
    assert result.exit_code == 2
    assert "log(x) is not finite at x = -1" in result.output
    assert not out.exists() or not any(out.iterdir())


@pytest.fixture(scope="module")
def cli_render(tmp_path_factory):
    """One real low-quality render through the CLI, shared by the slow tests below."""
    out = tmp_path_factory.mktemp("signed-area-render")
    result = CliRunner().invoke(main, ["render", "signed-area", "--param", "f=x^3 - x", "--param", "a=-1.5",
                                       "--param", "b=1.5", "-q", "low", "-o", str(out)])
    videos = sorted(out.rglob("signed-area*.mp4"))
    return result, videos


@pytest.mark.slow
def test_cli_render_makes_a_video_with_subtitles(cli_render):
    result, videos = cli_render
    assert result.exit_code == 0, result.output
    assert len(videos) == 1
    info = video_info(videos[0])
    assert (info["width"], info["height"]) == (854, 480) and info["fps"] == pytest.approx(15, rel=1e-3)
    assert info["frames"] >= 10 * 15
    srt = videos[0].with_suffix(".srt").read_text()
    assert srt.count("-->") >= 6 and "negative" in srt  # every beat has cues (a long one several)


@pytest.mark.slow
def test_last_frame_is_unchanged(cli_render, frame_regression):
    _, videos = cli_render
    frame_regression("signed-area-low", last_frame(videos[0]))
