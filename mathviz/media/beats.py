"""A rendered scene cut into one clip per beat, by copying packets: for slides and ``--save-beats``.

A scene's beats start where one of its animations starts, and manim encodes
every animation on its own, so each beat of a rendered video begins on a key
frame: :func:`save_beats` copies packets (no re-encoding, no second render). A narrated
video's clips carry the sound of their span (:func:`mathviz.media.cut_video`), so a slide
plays its beat's narration.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Sequence

from mathviz import files
from mathviz.errors import InputError
from mathviz.media.edit import cut_video
from mathviz.media.probe import video_info


class NoBeats(InputError):
    """A video with no beat that lasts any time: nothing to cut."""


def slug(text: str) -> str:
    """A file-name-safe form of a beat name.

    >>> slug("The tangent, at last!")
    'the-tangent-at-last'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "beat"


def beat_spans(beats: Sequence[dict], length: float, min_length: float = 1e-3) -> list[dict]:
    """The part of the video each beat covers: from its start to the next beat's start.

    The first beat also takes anything before it (a scene may draw before its
    first beat); beats that last no time are left out: they have no frames.

    >>> [(b["name"], b["start"], b["end"]) for b in beat_spans(
    ...     [{"name": "a", "narration": "A", "start": 0.5, "end": 2.0},
    ...      {"name": "b", "narration": "B", "start": 2.0, "end": 2.0},
    ...      {"name": "c", "narration": "C", "start": 2.0, "end": 4.0}], 4.0)]
    [('a', 0.0, 2.0), ('c', 2.0, 4.0)]
    """
    spans = []
    for i, beat in enumerate(beats):
        start = 0.0 if i == 0 else float(beat["start"])
        end = float(beats[i + 1]["start"]) if i + 1 < len(beats) else float(length)
        if end - start >= min_length:
            spans.append({"name": beat["name"], "narration": beat.get("narration", ""),
                          "start": start, "end": end})
    return spans


def save_beats(video: str | Path, beats: Sequence[dict], folder: str | Path, *, prefix: str = "",
               length: float | None = None) -> list[dict]:
    """Cut ``video`` into one clip per beat in ``folder`` and write ``folder/index.json``.

    Each index entry has the beat's ``name``, ``narration``, ``start`` and
    ``end`` (seconds in the whole video), its clip's ``file`` (relative to the
    folder) and ``method`` (``remux`` when packets were copied). ``folder`` is
    replaced as a whole, so a reader never sees a mix of two runs. Raises
    :class:`NoBeats` when no beat lasts any time.
    """
    video, folder = Path(video), Path(folder)
    if length is None:
        length = video_info(video)["seconds"]
    spans = beat_spans(beats, length)
    if not spans:
        raise NoBeats(f"{video.name} has no beats to cut")
    with files.staging(folder) as staging:
        for i, span in enumerate(spans, start=1):
            name = f"{prefix}{i:02d}-{slug(span['name'])}.mp4"
            span["method"] = cut_video(video, span["start"], span["end"], staging / name)
            span["file"] = name
            span["start"], span["end"] = round(span["start"], 4), round(span["end"], 4)
        (staging / "index.json").write_text(json.dumps({"video": video.name, "beats": spans}, indent=2) + "\n")
        files.replace_dir(staging, folder)
    return spans


def beats_folder(video: str | Path) -> Path:
    """Where ``render --save-beats`` puts a video's clips: ``<video without suffix>.beats/``."""
    video = Path(video)
    return video.with_name(f"{video.stem}.beats")
