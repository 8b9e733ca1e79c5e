"""Drawing helpers shared by scenes."""

from __future__ import annotations

from mathviz.kit.axes import clip_line


def test_clip_line_misses_the_box():
    assert clip_line(0.0, 0.0, 5.0, (-1, 1), (-1, 1)) is None
