"""Subtitles: SRT and WebVTT read and written, tracks of joined videos merged into one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    end: float
    text: str


_TIME = re.compile(r"(\d+):(\d{2}):(\d{2})[,.](\d{3})")


def _seconds(stamp: str) -> float:
    h, m, s, ms = map(int, _TIME.fullmatch(stamp.strip()).groups())
    return h * 3600 + m * 60 + s + ms / 1000


def parse_srt(text: str) -> list[Cue]:
    """Cues of an SRT file, in file order.

    >>> parse_srt("1\\n00:00:01,500 --> 00:00:03,000\\nHello\\nthere\\n\\n2\\n00:00:03,000 --> 00:00:04,250\\nBye\\n")
    [Cue(start=1.5, end=3.0, text='Hello\\nthere'), Cue(start=3.0, end=4.25, text='Bye')]
    """
    cues = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = block.split("\n")
        for i, line in enumerate(lines):
            if "-->" in line:
                left, right = line.split("-->", 1)
                cues.append(Cue(_seconds(left), _seconds(right.split()[0]), "\n".join(lines[i + 1:]).strip()))
                break
    return cues


def _stamp(seconds: float, sep: str) -> str:
    ms = max(0, round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def format_srt(cues: Iterable[Cue]) -> str:
    """SRT text, numbered from 1.

    >>> print(format_srt([Cue(61.5, 63.0, "Hi")]), end="")
    1
    00:01:01,500 --> 00:01:03,000
    Hi
    """
    return "\n".join(f"{i}\n{_stamp(c.start, ',')} --> {_stamp(c.end, ',')}\n{c.text}\n"
                     for i, c in enumerate(cues, start=1))


def format_vtt(cues: Iterable[Cue]) -> str:
    """WebVTT text.

    >>> print(format_vtt([Cue(1.0, 2.5, "Hi")]), end="")
    WEBVTT
    <BLANKLINE>
    1
    00:00:01.000 --> 00:00:02.500
    Hi
    """
    body = "\n".join(f"{i}\n{_stamp(c.start, '.')} --> {_stamp(c.end, '.')}\n{c.text}\n"
                     for i, c in enumerate(cues, start=1))
    return "WEBVTT\n\n" + body


def merge_cues(tracks: Sequence[tuple[Sequence[Cue], float, float]]) -> list[Cue]:
    """One track from ``(cues, offset, length)`` triples: each shifted by its offset and kept
    inside its own part, ``[offset, offset + length]``.

    >>> merge_cues([([Cue(0, 2, "a")], 0.0, 2.0), ([Cue(0, 1, "b"), Cue(1, 3.2, "c")], 2.0, 3.0)])
    [Cue(start=0.0, end=2.0, text='a'), Cue(start=2.0, end=3.0, text='b'), Cue(start=3.0, end=5.0, text='c')]
    """
    merged = []
    for cues, offset, length in tracks:
        for cue in cues:
            start, end = offset + max(0.0, cue.start), offset + min(length, cue.end)
            if end > start:
                merged.append(Cue(round(start, 3), round(end, 3), cue.text))
    return merged
