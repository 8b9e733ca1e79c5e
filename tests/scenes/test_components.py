"""Drawing helpers shared by scenes."""

from __future__ import annotations

from scenes._components import clip_line


def test_clip_line_misses_the_box():
    assert clip_line(0.0, 0.0, 5.0, (-1, 1), (-1, 1)) is None
