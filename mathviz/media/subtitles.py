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


# Broadcast and streaming conventions: a cue is at most two lines of about 42 characters, read
# at about 17 characters per second (20 at most).
LINE_CHARS = 42
CUE_LINES = 2
READING_CPS = 17.0
MAX_CPS = 20.0


def wrap_lines(text: str, width: int = LINE_CHARS) -> list[str]:
    """Break ``text`` into lines of at most ``width`` characters at spaces, balanced so the
    lines of a cue are of similar length (a long first line over a short word reads badly).

    >>> wrap_lines("The secant through two points tends to the tangent as they merge.")
    ['The secant through two points tends', 'to the tangent as they merge.']
    """
    words = text.split()
    if not words:
        return []
    lines = [[]]
    for word in words:
        if lines[-1] and len(" ".join(lines[-1] + [word])) > width:
            lines.append([])
        lines[-1].append(word)
    if len(lines) == 2:  # balance two lines: move words down while that shortens the longer one
        first, second = lines
        while len(first) > 1:
            a, b = " ".join(first[:-1]), " ".join([first[-1]] + second)
            if len(b) > width or max(len(a), len(b)) >= max(len(" ".join(first)), len(" ".join(second))):
                break
            first, second = first[:-1], [first[-1]] + second
        lines = [first, second]
    return [" ".join(line) for line in lines]


def _lines(text: str) -> list[str]:
    """``text`` as cue lines: wrapped at :data:`LINE_CHARS`, or up to four characters wider
    when that keeps it to :data:`CUE_LINES` lines (guidelines say *about* 42)."""
    for width in (LINE_CHARS, LINE_CHARS + 2, LINE_CHARS + 4):
        lines = wrap_lines(text, width)
        if len(lines) <= CUE_LINES:
            return lines
    return wrap_lines(text)


def _pieces(text: str) -> list[str]:
    """Sentences, then clauses (at , ; : and dashes) of any sentence too long for one cue."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if s]
    pieces = []
    for sentence in sentences:
        if len(_lines(sentence)) <= CUE_LINES:
            pieces.append(sentence)
            continue
        clauses = [c for c in re.split(r"(?<=[,;:])\s+|\s+(?=[-–—]\s)", sentence) if c]
        for clause in clauses:
            if len(_lines(clause)) <= CUE_LINES:
                pieces.append(clause)
            else:  # no boundary inside: cut between words
                lines = wrap_lines(clause)
                pieces += [" ".join(lines[i:i + CUE_LINES]) for i in range(0, len(lines), CUE_LINES)]
    return pieces


def split_cues(text: str, start: float, end: float) -> list[Cue]:
    r"""The cues of one narration spanning ``start``..``end``: at most two lines of about
    :data:`LINE_CHARS` characters each, split at sentence and then clause boundaries (short
    neighbours joined while they fit), each on screen for a share of the span proportional
    to its length.

    >>> cues = split_cues("Pick a point and a second one a step h away. The line through them is a secant; "
    ...                   "its slope is rise over run, and it changes as h shrinks toward zero.", 0.0, 9.0)
    >>> [(round(c.start, 2), round(c.end, 2), c.text) for c in cues]  # doctest: +NORMALIZE_WHITESPACE
    [(0.0, 4.84, 'Pick a point and a second one a step h\naway. The line through them is a secant;'),
     (4.84, 9.0, 'its slope is rise over run, and it\nchanges as h shrinks toward zero.')]
    """
    text = " ".join(text.split())
    if not text or end <= start:
        return []
    cues_text: list[str] = []
    for piece in _pieces(text):
        joined = f"{cues_text[-1]} {piece}" if cues_text else piece
        if cues_text and len(_lines(joined)) <= CUE_LINES:
            cues_text[-1] = joined
        else:
            cues_text.append(piece)
    total = sum(len(c) for c in cues_text)
    cues, cursor = [], start
    for i, body in enumerate(cues_text):
        stop = end if i == len(cues_text) - 1 else cursor + (end - start) * len(body) / total
        cues.append(Cue(cursor, stop, "\n".join(_lines(body))))
        cursor = stop
    return cues
