"""bayes: the picture agrees with the core; bad input is refused; a stored last frame."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner

from mathviz.core.bayes import beta_interval, beta_mean, beta_path, beta_pdf, flip_coin, screening
from support import dry_run

SCENE = "bayes"
PARAMS = {"prevalence": 0.02, "sensitivity": 0.85, "false_positive_rate": 0.1, "bias": 0.35, "flips": 150,
          "seed": 3}


def _dry_run(tmp, **kwargs):
    return dry_run(SCENE, tmp, **kwargs)


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    return _dry_run(tmp_path_factory.mktemp("bayes"), **PARAMS)


def hex_of(colour) -> str:
    return colour.to_hex().lower()


def unit_area(scene, polygon) -> float:
    """The area of a drawn piece of the square, in shares of the population (shoelace formula)."""
    uv = (polygon.get_vertices() - scene.origin)[:, :2] / np.array([scene.pop_w, scene.pop_h])
    x, y = uv[:, 0], uv[:, 1]
    return 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


# -- the screening test ----------------------------------------------------------------------------


def test_each_piece_of_the_square_has_the_core_area_and_its_group_colour(scene):
    s = screening(PARAMS["prevalence"], PARAMS["sensitivity"], PARAMS["false_positive_rate"])
    t = scene.theme
    tp, fp = scene.slivers
    pieces = {"tp": tp, "fp": fp, "fn": scene.pieces["fn"], "tn": scene.pieces["tn"]}
    expected = {"tp": s.true_positive, "fp": s.false_positive, "fn": s.false_negative, "tn": s.true_negative}
    for key, piece in pieces.items():
        assert unit_area(scene, piece) == pytest.approx(expected[key], abs=1e-9), key
    # the condition's column is P(D) wide; the positive parts sit at the top of each column
    u = (tp.get_vertices() - scene.origin)[:, 0] / scene.pop_w
    v = (tp.get_vertices() - scene.origin)[:, 1] / scene.pop_h
    assert (u.min(), u.max()) == pytest.approx((0, PARAMS["prevalence"]), abs=1e-9)
    assert (v.min(), v.max()) == pytest.approx((1 - PARAMS["sensitivity"], 1), abs=1e-9)
    for key in ("tp", "fn"):
        assert hex_of(pieces[key].get_fill_color()) == t.first.lower()
    for key in ("fp", "tn"):
        assert hex_of(pieces[key].get_fill_color()) == t.second.lower()


def test_the_bar_splits_at_the_posterior(scene):
    s = screening(PARAMS["prevalence"], PARAMS["sensitivity"], PARAMS["false_positive_rate"])
    tp, fp = scene.bar
    assert tp.width / (tp.width + fp.width) == pytest.approx(s.posterior, abs=1e-9)
    assert tp.width + fp.width == pytest.approx(scene.bar_width, abs=1e-9)
    # equal heights: the two areas keep the proportion they had in the square
    assert tp.height == pytest.approx(fp.height, abs=1e-9)
    assert tp.width * tp.height / (fp.width * fp.height) == pytest.approx(s.true_positive / s.false_positive,
                                                                          rel=1e-9)
    above, below = scene.bar_labels
    assert rf"\approx {s.posterior:.3f}" in above.get_tex_string()
    assert rf"\approx {1 - s.posterior:.3f}" in below.get_tex_string()


# -- the coin --------------------------------------------------------------------------------------


def test_the_curve_is_the_core_posterior_after_every_flip(scene):
    flips = flip_coin(PARAMS["bias"], PARAMS["flips"], PARAMS["seed"])
    alphas, betas = beta_path(1, 1, flips)
    heads = int(flips.sum())
    assert (alphas[-1], betas[-1]) == (1 + heads, 1 + PARAMS["flips"] - heads)
    pts = scene.curve.points
    corners = np.vstack([pts[0::4], pts[-1:]])
    data = np.array([scene.axes.p2c(p)[:2] for p in corners])
    np.testing.assert_allclose(data[:, 1], beta_pdf(data[:, 0], alphas[-1], betas[-1]), atol=1e-6)
    # the last beat zoomed in: the final belief's middle 99.9 % and the true bias, in whole ticks
    lo, hi = beta_interval(alphas[-1], betas[-1], 0.999)
    assert hi - lo < 0.4 and scene.zoom is not None
    x0, x1 = scene.axes.x_span
    assert x0 <= min(lo, PARAMS["bias"]) and max(hi, PARAMS["bias"]) <= x1 and x1 - x0 < 0.6
    assert (data[:, 0].min(), data[:, 0].max()) == pytest.approx((x0, x1), abs=1e-9)
    assert "Zoom in." in scene.beats[-1].narration
    # the axes are tall enough for every state the curve went through
    assert scene.axes.y_top >= max(beta_pdf(np.linspace(0, 1, 2001), a, b).max() for a, b in zip(alphas, betas))
    # readouts: the same state
    assert [n.get_value() for n in scene.n_row.numbers] == [PARAMS["flips"], heads]
    assert [n.get_value() for n in scene.beta_row.numbers] == [alphas[-1], betas[-1]]
    assert scene.mean_row.numbers[0].get_value() == pytest.approx(beta_mean(alphas[-1], betas[-1]))
    assert hex_of(scene.curve.get_stroke_color()) == scene.theme.estimate.lower()


def test_truth_line_and_credible_region(scene):
    t = scene.theme
    line, _label = scene.truth
    xs = [scene.axes.p2c(p)[0] for p in line.get_start_and_end()]
    assert xs == pytest.approx([PARAMS["bias"]] * 2, abs=1e-9)
    assert hex_of(line.get_stroke_color()) == t.truth.lower()
    flips = flip_coin(PARAMS["bias"], PARAMS["flips"], PARAMS["seed"])
    a, b = 1 + flips.sum(), 1 + len(flips) - flips.sum()
    lo, hi = beta_interval(a, b, 0.95)
    region = np.array([scene.axes.p2c(p)[:2] for p in scene.region.get_vertices()])
    assert (region[:, 0].min(), region[:, 0].max()) == pytest.approx((lo, hi), abs=1e-9)
    top = region[region[:, 1] > 1e-9]
    np.testing.assert_allclose(top[:, 1], beta_pdf(top[:, 0], a, b), atol=1e-6)
    assert hex_of(scene.region.get_fill_color()) == t.region.lower()


def test_beats_cover_the_scene_and_say_the_core_numbers(scene):
    names = [b.name for b in scene.beats]
    assert names == ["population", "test", "positive", "posterior", "prior", "first-flip", "flips", "interval"]
    assert scene.beats[0].start == 0 and scene.beats[-1].end == pytest.approx(scene.time)
    for before, after in zip(scene.beats, scene.beats[1:]):
        assert before.end == after.start
    from mathviz.kit.scene import READING_CPS

    assert all(len(b.narration) / (b.end - b.start) <= READING_CPS * (1 + 1e-9) for b in scene.beats)
    words = {b.name: b.narration for b in scene.beats}
    s = screening(PARAMS["prevalence"], PARAMS["sensitivity"], PARAMS["false_positive_rate"])
    assert f"about {100 * s.posterior:.3g} percent" in words["posterior"]
    assert "far less than the 85 percent" in words["posterior"]  # 14.4% < half of 85%
    flips = flip_coin(PARAMS["bias"], PARAMS["flips"], PARAMS["seed"])
    heads = int(flips.sum())
    assert f"{heads} heads and {PARAMS['flips'] - heads} tails" in words["flips"]
    lo, hi = beta_interval(1 + heads, 1 + PARAMS["flips"] - heads)
    assert ("contains" if lo <= PARAMS["bias"] <= hi else "misses") in words["interval"]
    assert ("heads" if flips[0] else "tails") in words["first-flip"]
    assert scene.layout_report == []


# -- other parameters, shapes and themes: the narration's conditions hold --------------------------


def test_a_common_condition_and_a_test_without_false_alarms(scanned):
    scene = scanned(SCENE, aspect="9:16", theme="contrast", prevalence=0.4, sensitivity=0.7,
                    false_positive_rate=0, bias=1, flips=1, seed=2)
    words = {b.name: b.narration for b in scene.beats}
    assert "rare" not in words["population"] and "thin" not in words["population"]
    assert "nobody tests positive" in words["test"]
    assert "only the bright piece on the left remains" in words["positive"]
    assert "100 percent, no less than the test's sensitivity" in words["posterior"]
    assert "only flip" in words["flips"] and "lands heads" in words["first-flip"]
    tp, fp = scene.bar
    assert fp.width == pytest.approx(0, abs=1e-9)
    # a hairline edge keeps thin pieces visible, but an empty piece (no false positives) draws nothing
    square_tp, square_fp = scene.slivers
    assert square_tp.get_stroke_width() > 0 and square_fp.get_stroke_width() == 0 and fp.get_stroke_width() == 0
    assert scene.layout_report == []


# -- bad input: exit 2, one line, nothing written ----------------------------------------------------


@pytest.mark.parametrize("param, needle", [
    ("prevalence=0", "at least 0.001"), ("prevalence=1.5", "at most 0.999"), ("sensitivity=0", "sensitivity"),
    ("false_positive_rate=-0.1", "at least 0"), ("false_positive_rate=2", "at most 1"), ("bias=1.01", "bias"),
    ("flips=0", "flips"), ("flips=5000", "at most 400"), ("seed=-1", "seed"), ("prevalence=rare", "not a number"),
])
def test_bad_parameters_exit_2_and_write_nothing(tmp_path, param, needle):
    from mathviz.cli import main

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", SCENE, "-q", "low", "-p", param, "-o", str(out)])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and needle in lines[0]
    assert not out.exists() or not any(out.rglob("*"))


# -- a real render -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_last_frame_matches_the_stored_one(render_low, frame_regression):
    import av

    result = render_low(SCENE, fmt="png")
    with av.open(result.path) as container:
        image = next(container.decode(video=0)).to_ndarray(format="rgb24")
    frame_regression("bayes", image)
