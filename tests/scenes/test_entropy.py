"""entropy: the bars, plans and marks agree with mathviz.core.information; bad input is refused."""

from __future__ import annotations

import math

import numpy as np
import pytest
from click.testing import CliRunner

from mathviz.core.information import (
    bisection_questions,
    entropy,
    huffman_average_length,
    huffman_code_lengths,
    surprisal,
    truncated_poisson,
    uniform_distribution,
)
from support import dry_run

SCENE = "entropy"


def _dry_run(tmp, **kwargs):
    return dry_run(SCENE, tmp, **kwargs)


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    return _dry_run(tmp_path_factory.mktemp("entropy"))


def heights(axes, bars) -> np.ndarray:
    """Each bar's top in the axes' y units; the bar for number k is centred on x = k."""
    xs = [axes.p2c(bar.get_center())[0] for bar in bars]
    np.testing.assert_allclose(xs, np.arange(1, len(bars) + 1), atol=1e-6)
    return np.array([axes.p2c(bar.get_top())[1] for bar in bars])


def test_probability_bars_are_the_core_distributions(scene):
    p = truncated_poisson(3.0, 16)
    np.testing.assert_allclose(heights(scene.skewed_axes, scene.skewed_bars), p, atol=1e-9)
    # the last beat: certainty on the likeliest number, on an axis that reaches 1
    certain = np.zeros(16)
    certain[int(np.argmax(p))] = 1.0
    np.testing.assert_allclose(heights(scene.p_axes, scene.p_bars), certain, atol=1e-9)


def test_question_bars_are_halving_then_huffman(scene):
    p = truncated_poisson(3.0, 16)
    halving = [len(bisection_questions(16, k)) - 1 for k in range(1, 17)]
    assert halving == [4] * 16
    np.testing.assert_allclose(heights(scene.q_axes, scene.code_bars), huffman_code_lengths(p), atol=1e-9)
    np.testing.assert_allclose(heights(scene.q_axes, scene.q_bars), 0.0, atol=1e-9)  # nothing to ask


def test_marks_are_the_surprisal_where_it_fits_the_axis(scene):
    p = truncated_poisson(3.0, 16)
    s = surprisal(p)
    top = scene.q_axes.y_range[1]
    shown = [k for k in range(16) if s[k] <= top]
    assert len(scene.entropy_marks) == len(shown) >= 10
    for mark, k in zip(scene.entropy_marks, shown):
        x, y = scene.q_axes.p2c(mark.get_center())[:2]
        assert x == pytest.approx(k + 1, abs=1e-6) and y == pytest.approx(s[k], abs=1e-9)
    assert scene.entropy_marks[0].get_color().to_hex().lower() == scene.theme.truth.lower()


def test_halving_narrows_to_the_secret(scene):
    path = bisection_questions(16, scene.secret)
    assert scene.asked.get_value() == len(path) - 1 == 4
    left, right = (scene.skewed_axes.p2c(pt)[0] for pt in (scene.region.get_left(), scene.region.get_right()))
    assert (left, right) == (pytest.approx(scene.secret - 0.5), pytest.approx(scene.secret + 0.5))


def test_panels_and_narration_carry_the_core_numbers(scene):
    p = truncated_poisson(3.0, 16)
    h, L = entropy(p), huffman_average_length(p)
    assert h <= L < h + 1
    tex = " ".join(m.get_tex_string() for m in scene.entropy_rows)
    assert rf"\approx {h:.2f}" in tex and rf"\approx {L:.2f}" in tex
    assert r"\log_2 16 = 4" in scene.most_rows[1].get_tex_string()  # exact: 4, not 4.00
    narration = {b.name: b.narration for b in scene.beats}
    assert f"about {h:.2f} bits" in narration["entropy"] and f"about {L:.2f} questions" in narration["code"]
    assert "took 4 questions" in narration["halving"] and "4 bits" in narration["most"]


def test_beats_are_named_cover_the_scene_and_can_be_read(scene):
    from mathviz.kit.scene import READING_CPS

    assert [b.name for b in scene.beats] == ["halving", "plan", "skewed", "code", "entropy", "most", "least"]
    assert scene.beats[0].start == 0 and scene.beats[-1].end == pytest.approx(scene.time)
    for before, after in zip(scene.beats, scene.beats[1:]):
        assert before.end == after.start
    # a dry run's clock may trail the frame count that holds a beat by a fraction of a frame per animation
    assert all(len(b.narration) / (b.end - b.start) <= READING_CPS * 1.02 for b in scene.beats)


def test_colours_follow_the_theme(scene):
    t = scene.theme
    assert scene.skewed_bars[0].get_fill_color().to_hex().lower() == t.function.lower()
    assert scene.code_bars[0].get_fill_color().to_hex().lower() == t.estimate.lower()
    assert scene.region.get_fill_color().to_hex().lower() == t.region.lower()


@pytest.mark.parametrize("aspect, theme, params", [
    ("9:16", "contrast", {"distribution": "custom", "probabilities": "[0.5, 0.25, 0.125, 0.125]"}),
    ("1:1", "light", {"distribution": "uniform", "size": 5}),
])
def test_other_parameters(scene_after, aspect, theme, params):
    scene = scene_after(SCENE, aspect=aspect, theme=theme, **params)
    p = (np.array([0.5, 0.25, 0.125, 0.125]) if params["distribution"] == "custom"
         else uniform_distribution(params["size"]))
    np.testing.assert_allclose(heights(scene.skewed_axes, scene.skewed_bars), p, atol=1e-9)
    np.testing.assert_allclose(heights(scene.q_axes, scene.code_bars), huffman_code_lengths(p), atol=1e-9)
    assert scene.layout_report == []
    if params["distribution"] == "custom":  # dyadic: the code meets the entropy exactly
        assert "= 1.75" in scene.entropy_rows[0].get_tex_string()
    else:
        assert math.log2(5) == pytest.approx(entropy(p))


@pytest.mark.parametrize("param, needle", [
    ("distribution=zipf", "uniform, poisson, custom"), ("size=1", "at least 2"), ("size=33", "at most 32"),
    ("rate=0", "greater than 0"), ("probabilities=[0.5,0.5]", "only with distribution=custom"),
])
def test_bad_parameters_exit_2_with_one_line(tmp_path, param, needle):
    from mathviz.cli import main

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", SCENE, "-q", "low", "-p", param, "-o", str(out)])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and needle in lines[0], lines
    assert not out.exists() or not any(out.rglob("*"))


@pytest.mark.parametrize("probabilities, needle", [
    ("[0.5, 0.6]", "sum to 1"), ("[1.5, -0.5]", "at most 1"), ("[0.5, -0.5, 1]", "at least 0"),
    ("[1]", "needs 2 to 32"),
])
def test_bad_custom_probabilities_exit_2(tmp_path, probabilities, needle):
    from mathviz.cli import main

    result = CliRunner().invoke(main, ["render", SCENE, "-q", "low", "-p", "distribution=custom",
                                       "-p", f"probabilities={probabilities}", "-o", str(tmp_path / "o")])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and needle in lines[0], lines


@pytest.mark.slow
def test_last_frame_matches_the_stored_one(render_low, frame_regression):
    from mathviz.media import last_frame

    result = render_low(SCENE)
    assert result.layout_report == []
    frame_regression("entropy-low", last_frame(result.path))
