"""cross-entropy-kl: bars and lengths agree with mathviz.core.information; bad input is refused."""

from __future__ import annotations

import math

import numpy as np
import pytest
from click.testing import CliRunner

from mathviz.core.information import cross_entropy, drop_outcome, entropy, kl_divergence, mixture, one_hot
from support import dry_run

SCENE = "cross-entropy-kl"
P, Q = np.array([0.6, 0.3, 0.1]), np.array([0.2, 0.3, 0.5])


def _dry_run(tmp, **kwargs):
    return dry_run(SCENE, tmp, **kwargs)


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    return _dry_run(tmp_path_factory.mktemp("ce"))


def bar_heights(scene, bars) -> np.ndarray:
    return np.array([scene.axes.p2c(bar.get_top())[1] for bar in bars])


def bits(scene, segment) -> tuple[float, float]:
    """A length's start and end in bits, read off the bits axis."""
    return tuple(float(scene.line.p2n(point)) for point in (segment.get_left(), segment.get_right()))


def test_stacked_lengths_are_entropy_plus_kl(scene):
    h, kl = entropy(P), kl_divergence(P, Q)
    assert cross_entropy(P, Q) == pytest.approx(h + kl)
    assert bits(scene, scene.entropy_part) == (pytest.approx(0, abs=1e-9), pytest.approx(h, abs=1e-9))
    # after the match beat the extra has shrunk to nothing: Q = P
    start, stop = bits(scene, scene.extra_part)
    assert start == pytest.approx(h, abs=1e-9) and stop == pytest.approx(h, abs=1e-9)
    assert scene.entropy_part.get_fill_color().to_hex().lower() == scene.theme.truth.lower()
    assert scene.extra_part.get_fill_color().to_hex().lower() == scene.theme.estimate.lower()


def test_both_directions_and_the_ruled_out_class(scene):
    assert bits(scene, scene.qp_part)[1] == pytest.approx(kl_divergence(Q, P), abs=1e-9)
    assert kl_divergence(Q, P) != pytest.approx(kl_divergence(P, Q), abs=1e-3)
    # the zero beat: class 1 (P's likeliest) ruled out; the length runs to the axis end, marked cut
    assert scene.ruled_out == 0 and scene.final_kl == math.inf
    np.testing.assert_allclose(scene.without, drop_outcome(Q, 0))
    assert bits(scene, scene.pq_part)[1] == pytest.approx(scene.top, abs=1e-9)
    assert scene.cut_mark.get_start()[0] >= scene.line.n2p(scene.top)[0] - 0.11
    assert scene.qp_part.get_fill_color().to_hex().lower() == scene.theme.second.lower()
    assert scene.pq_part.get_fill_color().to_hex().lower() == scene.theme.first.lower()


def test_one_hot_training_shows_minus_log_q_of_the_true_class(scene):
    truth = one_hot(0, 3)
    q_last = mixture(Q, truth, 0.9)
    np.testing.assert_allclose(bar_heights(scene, scene.p_bars), truth, atol=1e-9)
    np.testing.assert_allclose(bar_heights(scene, scene.q_bars), q_last, atol=1e-9)
    loss = cross_entropy(truth, q_last)
    assert loss == pytest.approx(-math.log2(q_last[0]))
    assert bits(scene, scene.loss_part)[1] == pytest.approx(loss, abs=1e-9)
    assert scene.loss_value.get_value() == pytest.approx(loss)
    assert scene.losses == sorted(scene.losses, reverse=True)  # the loss falls as training goes on


def test_panels_and_narration_carry_the_core_numbers(scene):
    narration = {b.name: b.narration for b in scene.beats}
    assert f"about {cross_entropy(P, Q):.2f}" in narration["cost"]
    assert f"about {kl_divergence(P, Q):.2f}" in narration["cost"]
    assert f"about {kl_divergence(Q, P):.2f}" in narration["asymmetry"]
    assert "class 1" in narration["zero"] and "class 1" in narration["one-hot"]


def test_beats_are_named_cover_the_scene_and_can_be_read(scene):
    from mathviz.kit.scene import READING_CPS

    assert [b.name for b in scene.beats] == ["two", "cost", "match", "asymmetry", "zero", "one-hot"]
    assert scene.beats[0].start == 0 and scene.beats[-1].end == pytest.approx(scene.time)
    for before, after in zip(scene.beats, scene.beats[1:]):
        assert before.end == after.start
    # a dry run's clock may trail the frame count that holds a beat by a fraction of a frame per animation
    assert all(len(b.narration) / (b.end - b.start) <= READING_CPS * 1.02 for b in scene.beats)


def test_other_parameters_in_other_frames(scene_after):
    p, q = [0.25, 0.25, 0.25, 0.25], [0.1, 0.2, 0.3, 0.4]
    scene = scene_after(SCENE, aspect="1:1", theme="contrast", p=str(p), q=str(q), true_class=3)
    assert scene.layout_report == []
    assert bits(scene, scene.entropy_part)[1] == pytest.approx(2.0, abs=1e-9)
    assert bits(scene, scene.qp_part)[1] == pytest.approx(kl_divergence(q, p), abs=1e-9)
    np.testing.assert_allclose(bar_heights(scene, scene.p_bars), one_hot(2, 4), atol=1e-9)
    assert scene.ruled_out == 0  # a tie: the first of P's likeliest classes


@pytest.mark.parametrize("params, needle", [
    (["p=[0.5, 0.6]"], "p must sum to 1"),
    (["q=[0.5, 0.5]"], "same number of classes"),
    (["q=[1, 0, 0]"], "every entry must be above 0"),
    (["true_class=4"], "at most the number of classes, 3"),
    (["true_class=0"], "at least 1"),
    (["p=[1]"], "needs 2 to 8"),
])
def test_bad_parameters_exit_2_with_one_line(tmp_path, params, needle):
    from mathviz.cli import main

    args = ["render", SCENE, "-q", "low", "-o", str(tmp_path / "out")]
    for param in params:
        args += ["-p", param]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and needle in lines[0], lines
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*"))


@pytest.mark.slow
def test_last_frame_matches_the_stored_one(render_low, frame_regression):
    from mathviz.media import last_frame

    result = render_low(SCENE)
    assert result.layout_report == []
    frame_regression("cross-entropy-kl-low", last_frame(result.path))
