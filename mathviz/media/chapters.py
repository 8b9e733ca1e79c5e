"""Chapters: the markers inside an MP4 and the ``0:00 Title`` list video platforms read."""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence


def chapter_entries(chapters: Sequence[tuple[float, str]], total: float) -> list[dict]:
    """PyAV chapter dicts (millisecond time base) from ``(start seconds, title)`` pairs, each
    ending where the next starts (the last at ``total``).

    >>> [(c["start"], c["end"], c["metadata"]["title"]) for c in chapter_entries([(0, "a"), (1.5, "b")], 4.0)]
    [(0, 1500, 'a'), (1500, 4000, 'b')]
    """
    entries = []
    for i, (start, title) in enumerate(chapters):
        end = chapters[i + 1][0] if i + 1 < len(chapters) else total
        entries.append({"id": i + 1, "start": round(start * 1000), "end": round(end * 1000),
                        "time_base": Fraction(1, 1000), "metadata": {"title": title}})
    return entries


def chapter_stamp(seconds: float) -> str:
    """A timestamp as video platforms read it in descriptions: ``M:SS`` or ``H:MM:SS``.

    >>> chapter_stamp(0), chapter_stamp(75.9), chapter_stamp(3725)
    ('0:00', '1:15', '1:02:05')
    """
    s = int(seconds)
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def format_chapter_list(chapters: Sequence[tuple[float, str]]) -> str:
    """``0:00 Title`` lines, the first at 0:00."""
    return "".join(f"{chapter_stamp(start)} {title}\n" for start, title in chapters)
