"""Kit pieces scenes share: line clipping, and beats held long enough to read."""

from __future__ import annotations

import pytest

from mathviz.kit.axes import clip_line


def test_clip_line_misses_the_box():
    assert clip_line(0.0, 0.0, 5.0, (-1, 1), (-1, 1)) is None


def _dry_run(scene_class, tmp_path):
    """Run ``scene_class`` with its animations skipped (the clock still runs); the scene after it."""
    from manim import tempconfig

    with tempconfig({"dry_run": True, "media_dir": str(tmp_path), "disable_caching": True,
                     "input_file": __file__, "output_file": str(tmp_path / scene_class.__name__)}):
        scene = scene_class(skip_animations=True)
        scene.render()
    return scene


def test_beats_are_held_until_their_narration_can_be_read(tmp_path):
    from manim import Dot, FadeIn

    from mathviz.kit.scene import READING_CPS, MathvizScene

    long_line = "Read me slowly. " * 10

    class Paced(MathvizScene):  # hold_beats is on by default
        def construct(self):
            self.beat("long", long_line)
            self.play(FadeIn(Dot()), run_time=1.0)
            self.beat("short", "Two words.")
            self.play(FadeIn(Dot()), run_time=1.0)
            self.hold_for_reading(at_least=0.5)

    scene = _dry_run(Paced, tmp_path)
    (long, short) = scene.beats
    assert READING_CPS == 17
    assert long.end - long.start == pytest.approx(len(long_line.strip()) / READING_CPS, abs=1 / 15)  # to a frame
    # read in 0.6 s, but the hold asked for half a second after the 1 s animation
    assert short.end - short.start == pytest.approx(1.5, abs=1 / 15)  # holds end on a frame


def test_a_scene_may_time_its_beats_itself(tmp_path):
    from manim import Dot, FadeIn

    from mathviz.kit.scene import MathvizScene

    class Unpaced(MathvizScene):
        hold_beats = False

        def construct(self):
            self.beat("long", "Read me slowly. " * 10)
            self.play(FadeIn(Dot()), run_time=1.0)
            self.beat("end", "Done.")
            self.play(FadeIn(Dot()), run_time=1.0)

    scene = _dry_run(Unpaced, tmp_path)
    assert [b.end - b.start for b in scene.beats] == pytest.approx([1.0, 1.0])
