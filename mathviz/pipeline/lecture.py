"""Lectures: scenes in chapters, joined into one MP4 with chapter markers and subtitles.

A lecture is a TOML file (read with :mod:`tomllib`)::

    title = "Mathematics for machine learning"

    [[chapters]]
    title = "Calculus"
    subtitle = "Rates of change and accumulation"      # optional, on the title card
    scenes = ["limit-of-secants", "signed-area"]

    [[chapters]]
    title = "Linear algebra"
    scenes = ["basis-change", { id = "svd", params = { matrix = [[2, 1], [1, 2]] } }]

:func:`build_lecture` renders what the batch cache lacks (the scenes, and a
hidden ``title-card`` scene before each chapter, rendered with the same
quality, theme and aspect so that its stream matches), then :func:`mathviz.media.join_videos`
joins them into ``<out>/lectures/<quality folder>/<name>.mp4``. The join copies the compressed
packets (PyAV remux, timestamps shifted) when every input has the same codec
parameters, which is the case for renders of one quality made by manim; it
re-encodes only when they differ. Beside the video go the merged, time-shifted
subtitles (``.srt`` and ``.vtt``) and ``<name>.chapters.txt``, the ``0:00 Title``
lines video platforms read as chapters.

Chapter markers: one per scene, named by the scene's title. The marker of the
first scene of a lecture chapter starts at that chapter's title card, so the
first marker is at 0:00 and jumping to a chapter shows its card.

Only the video stream is joined (mathviz scenes have no sound). No manim import
here: :mod:`mathviz.media` cuts, joins and writes the subtitles (PyAV).
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Sequence

from mathviz import files
from mathviz.kit import registry
from mathviz.errors import InputError
from mathviz.media import format_chapter_list, format_srt, format_vtt, join_videos, merge_cues, parse_srt
from mathviz.pipeline.request import Job, RenderRequest, validate

CARD_ID = "title-card"
LECTURES_FOLDER = "lectures"  # under the output folder
SCENE_KEYS = {"id", "file", "class", "params"}
CHAPTER_KEYS = {"title", "subtitle", "scenes"}
LECTURE_KEYS = {"title", "chapters"}


# --- the lecture file -------------------------------------------------------------------------


@dataclass(frozen=True)
class SceneRef:
    """One scene of a chapter: its id (or, for a user's scene, ``/abs/path.py:Class``) and
    parameters (as text, like ``-p name=value``)."""

    id: str
    params: tuple[tuple[str, str], ...] = ()
    written: str = ""  # how the lecture file names it (for messages)


@dataclass(frozen=True)
class Chapter:
    title: str
    scenes: tuple[SceneRef, ...]
    subtitle: str = ""


@dataclass(frozen=True)
class Lecture:
    title: str
    chapters: tuple[Chapter, ...]
    name: str  # the file's stem: the output is <out>/lectures/<quality folder>/<name>.mp4
    source: str = ""

    def card_subtitle(self, index: int) -> str:
        """The smaller line on chapter ``index``'s card: its own subtitle, or where it stands."""
        chapter = self.chapters[index]
        return chapter.subtitle or f"{self.title} · part {index + 1} of {len(self.chapters)}"


class LectureError(InputError):
    """A lecture file that cannot be used: one line, exit 2, nothing written."""


def _param_text(value) -> str:
    """A TOML value as the text ``--param`` would take.

    >>> _param_text(1.5), _param_text([[2, 1], [1, 2]]), _param_text("sin(x)"), _param_text(3)
    ('1.5', '[[2, 1], [1, 2]]', 'sin(x)', '3')
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise ValueError("true/false is not a scene parameter value")
    if isinstance(value, (int, float, list)):
        return json.dumps(value)
    raise ValueError(f"{type(value).__name__} is not a scene parameter value")


def _line_of(text: str, needle: str, then: str | None = None) -> str:
    """``, line N`` for the first line of ``text`` that holds ``needle`` quoted (or, with
    ``then``, the first line after it that starts with the key ``then``), else ``''``.

    >>> _line_of('a = 1\\nb = "x"\\nc = 2\\nscenes = []', "x"), _line_of('b = "x"\\nc = 2\\nscenes = []', "x", "scenes")
    (', line 2', ', line 3')
    """
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if f'"{needle}"' in line or f"'{needle}'" in line:
            if then is None:
                return f", line {number}"
            for later, rest in enumerate(lines[number - 1:], start=number):
                if re.match(rf"\s*{re.escape(then)}\s*=", rest):
                    return f", line {later}"
            return f", line {number}"
    if then is None and re.fullmatch(r"[A-Za-z0-9_-]+", needle):  # a bare key
        for number, line in enumerate(lines, start=1):
            if re.match(rf"\s*{re.escape(needle)}\s*=", line):
                return f", line {number}"
    return ""


def parse_lecture(text: str, name: str, source: str = "<lecture>", base: str | Path | None = None) -> Lecture:
    """Read a lecture from TOML ``text``; raise :class:`LectureError` with one line on a fault.

    A scene is a catalogue id (``"svd"`` or ``{ id = "svd", params = {...} }``) or
    a file scene, ``{ file = "talk/intro.py", class = "Intro" }`` (``class`` may be
    left out when the file holds one scene), with a path relative to ``base``
    (the lecture file's folder).

    >>> lec = parse_lecture('''
    ... title = "Two scenes"
    ... [[chapters]]
    ... title = "Warm-up"
    ... scenes = ["test-tiny", { id = "test-tiny", params = { n = 5 } }]
    ... ''', "demo")
    >>> [(s.id, s.params) for s in lec.chapters[0].scenes]
    [('test-tiny', ()), ('test-tiny', (('n', '5'),))]
    >>> parse_lecture('title = "x"\\n[[chapters]]\\ntitle = "Empty"\\nscenes = []\\n', "demo")
    Traceback (most recent call last):
    ...
    mathviz.pipeline.lecture.LectureError: <lecture>, line 4: chapter 1 ('Empty') has no scenes: list at least one scene id, like scenes = ["limit-of-secants"]
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        where = re.search(r"\(at line (\d+), column (\d+)\)", message)
        if where:
            message = message[: where.start()].strip()
            raise LectureError(f"{source}, line {where.group(1)}, column {where.group(2)}: "
                               f"not valid TOML: {message}") from None
        if "(at end of document)" in message:
            last = max(1, len(text.rstrip("\n").splitlines()))
            raise LectureError(f"{source}, line {last} (end of file): not valid TOML: "
                               f"{message.replace('(at end of document)', '').strip()}") from None
        raise LectureError(f"{source}: not valid TOML: {message}") from None

    def fail(message: str, needle: str | None = None) -> LectureError:
        return LectureError(f"{source}: {message}" if needle is None
                            else f"{source}{_line_of(text, needle)}: {message}")

    unknown = sorted(set(data) - LECTURE_KEYS)
    if unknown:
        raise LectureError(f"{source}{_line_of(text, unknown[0])}: unknown key {unknown[0]!r}: "
                           f"a lecture has {', '.join(sorted(LECTURE_KEYS))} ([[chapters]] tables)")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise fail('needs a title, like title = "Mathematics for machine learning"')
    chapters_data = data.get("chapters")
    if not isinstance(chapters_data, list) or not chapters_data:
        raise fail('has no chapters: add at least one [[chapters]] table with a title and scenes = [...]')
    chapters = []
    for number, entry in enumerate(chapters_data, start=1):
        if not isinstance(entry, dict):
            raise fail(f"chapter {number} must be a table: write it as [[chapters]] with title and scenes")
        extra = sorted(set(entry) - CHAPTER_KEYS)
        if extra:
            raise LectureError(f"{source}{_line_of(text, extra[0])}: chapter {number} has an unknown key {extra[0]!r}: "
                               f"a chapter has {', '.join(sorted(CHAPTER_KEYS))}")
        ch_title = entry.get("title")
        if not isinstance(ch_title, str) or not ch_title.strip():
            raise fail(f'chapter {number} needs a title, like title = "Calculus"')
        subtitle = entry.get("subtitle", "")
        if not isinstance(subtitle, str):
            raise fail(f"chapter {number} ({ch_title!r}): subtitle must be text")
        scenes_data = entry.get("scenes")
        if not isinstance(scenes_data, list) or not scenes_data:
            raise LectureError(f"{source}{_line_of(text, ch_title, 'scenes')}: chapter {number} ({ch_title!r}) has no scenes: "
                               'list at least one scene id, like scenes = ["limit-of-secants"]')
        refs = []
        for item in scenes_data:
            if isinstance(item, str):
                scene_id, params = item, {}
            elif isinstance(item, dict):
                extra = sorted(set(item) - SCENE_KEYS)
                named = isinstance(item.get("id"), str) and "file" not in item and "class" not in item
                filed = (isinstance(item.get("file"), str) and "id" not in item
                         and isinstance(item.get("class", ""), str))
                if extra or not (named or filed):
                    raise fail(f"chapter {number} ({ch_title!r}): write a scene as \"id\", "
                               '{ id = "svd", params = { matrix = [[2, 1], [1, 2]] } } or '
                               '{ file = "talk/intro.py", class = "Intro" }')
                if filed:
                    file_ref = item["file"] + (f":{item['class']}" if item.get("class") else "")
                    try:
                        scene = registry.file_scene(file_ref, base=base if base is not None else Path.cwd())
                    except registry.UnknownScene as err:
                        raise fail(f"chapter {number} ({ch_title!r}): {err}", item["file"]) from None
                    scene_id, written = scene.ref, item["file"]
                else:
                    scene_id = written = item["id"]
                params = item.get("params", {})
                if not isinstance(params, dict):
                    raise fail(f"scene {written!r}: params must be a table, like params = {{ x0 = 1.5 }}", written)
            else:
                raise fail(f"chapter {number} ({ch_title!r}): a scene is an id in quotes, got {item!r}")
            if isinstance(item, str):
                written = scene_id
                try:
                    registry.get(scene_id) if not registry.is_file_ref(scene_id) else None
                except registry.UnknownScene as err:
                    raise fail(f"chapter {number} ({ch_title!r}): {err}", scene_id) from None
                if registry.is_file_ref(scene_id):
                    raise fail(f"chapter {number} ({ch_title!r}): write a file scene as "
                               f'{{ file = "{scene_id.partition(":")[0]}", class = "ClassName" }}', scene_id)
            try:
                texts = tuple(sorted((str(k), _param_text(v)) for k, v in params.items()))
            except ValueError as err:
                raise fail(f"scene {written!r}: {err}", written) from None
            refs.append(SceneRef(scene_id, texts, written))
        chapters.append(Chapter(ch_title.strip(), tuple(refs), subtitle.strip()))
    return Lecture(title.strip(), tuple(chapters), name, source)


def load_lecture(path: str | Path) -> Lecture:
    """Read and check the lecture file at ``path`` (see :func:`parse_lecture`)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LectureError(f"lecture file {str(path)!r} not found") from None
    except IsADirectoryError:
        raise LectureError(f"{str(path)!r} is a folder; give a lecture .toml file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise LectureError(f"cannot read lecture file {str(path)!r}: {err}") from None
    return parse_lecture(text, path.stem, str(path), base=path.resolve().parent)


# --- from a lecture to render jobs --------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One video of the lecture, in order: a chapter's title card or a scene."""

    kind: str  # "card" or "scene"
    chapter: int  # index into Lecture.chapters
    title: str  # the chapter's title for a card, the scene's title for a scene
    job: Job


def lecture_parts(lecture: Lecture, *, quality: str = "high", theme: str = "dark",
                  aspect: str = "16:9", cards: bool = True, voice: str = "none") -> list[Part]:
    """Validated jobs for every card and scene of ``lecture``, in playing order.

    Raises :class:`LectureError` (one line, naming the scene) on a bad parameter.
    """
    parts = []
    settings = dict(quality=quality, theme=theme, aspect=aspect, voice=voice)
    for index, chapter in enumerate(lecture.chapters):
        if cards:
            card = {"title": chapter.title, "subtitle": lecture.card_subtitle(index)}
            try:
                job = validate(RenderRequest.make(CARD_ID, card, **settings))
            except InputError as err:
                raise LectureError(f"{lecture.source}: chapter {index + 1} ({chapter.title!r}): {err}") from None
            parts.append(Part("card", index, chapter.title, job))
        for ref in chapter.scenes:
            try:
                job = validate(RenderRequest.make(ref.id, dict(ref.params), **settings))
            except InputError as err:
                raise LectureError(f"{lecture.source}{_line_of(lecture_text(lecture), ref.written or ref.id)}: "
                                   f"{err}") from None
            parts.append(Part("scene", index, registry.get(ref.id).title, job))
    return parts


def lecture_text(lecture: Lecture) -> str:
    try:
        return Path(lecture.source).read_text(encoding="utf-8")
    except OSError:
        return ""


# --- the whole lecture ---------------------------------------------------------------------------


@dataclass
class LectureResult:
    path: str | None
    subtitles: str | None = None
    webvtt: str | None = None
    chapters_file: str | None = None
    title: str = ""
    seconds: float = 0.0
    frames: int = 0
    join: str = ""  # "remux" or "reencode"
    chapters: list = field(default_factory=list)  # {"title", "start", "end", "scene", "chapter", "card"}
    parts: list = field(default_factory=list)  # each input: kind, id, path, start, seconds, cached
    rendered: int = 0
    cached: int = 0
    failed: list = field(default_factory=list)  # "id: error" lines

    def public(self) -> dict:
        return asdict(self)


def look_suffix(theme: str, aspect: str) -> str:
    """``''`` for the default look; other themes and aspects get a suffix, as renders do.

    >>> look_suffix("dark", "16:9"), look_suffix("light", "9:16")
    ('', '--light--9x16')
    """
    from mathviz.kit.theme import DEFAULT_ASPECT, DEFAULT_THEME

    return "".join(f"--{p}" for p in (theme if theme != DEFAULT_THEME else None,
                                       aspect.replace(":", "x") if aspect != DEFAULT_ASPECT else None) if p)


def output_name(lecture: Lecture, theme: str, aspect: str) -> str:
    """The lecture's file name without extension: ``<name>[--theme][--aspect]``."""
    return lecture.name + look_suffix(theme, aspect)


def assemble(lecture: Lecture, parts: Sequence[Part], results: Sequence, dest: Path,
             method: str = "auto") -> LectureResult:
    """Join rendered ``parts`` (with their batch ``results``) into ``dest`` and write the
    subtitles and chapter list beside it. Narrated parts keep their sound in the join
    (:func:`mathviz.media.join_videos`: each part's track where it starts, silence for a
    silent card); a lecture of silent parts stays silent."""
    inputs = [Path(r.path) for r in results]
    marks: list[tuple[int, str]] = []
    scene_of_mark: list[int] = []
    pending_card = None
    for i, part in enumerate(parts):
        if part.kind == "card":
            pending_card = i
            continue
        marks.append((pending_card if pending_card is not None else i, part.title))
        scene_of_mark.append(i)
        pending_card = None
    joined = join_videos(inputs, dest, title=lecture.title, chapters=marks, method=method)
    lengths = [(joined.starts[i + 1] if i + 1 < len(inputs) else joined.seconds) - joined.starts[i]
               for i in range(len(inputs))]
    tracks = []
    for r, start, length in zip(results, joined.starts, lengths):
        cues = parse_srt(Path(r.subtitles).read_text(encoding="utf-8")) if r.subtitles else []
        tracks.append((cues, start, length))
    cues = merge_cues(tracks)
    srt, vtt, txt = dest.with_suffix(".srt"), dest.with_suffix(".vtt"), dest.with_suffix(".chapters.txt")
    files.write_text(srt, format_srt(cues))
    files.write_text(vtt, format_vtt(cues))
    starts = [joined.starts[i] for i, _ in marks]
    files.write_text(txt, format_chapter_list([(s, name) for s, (_, name) in zip(starts, marks)]))
    chapters = []
    for k, ((first, name), scene_index) in enumerate(zip(marks, scene_of_mark)):
        end = starts[k + 1] if k + 1 < len(starts) else joined.seconds
        chapters.append({"title": name, "start": round(starts[k], 4), "end": round(end, 4),
                         "scene": parts[scene_index].job.scene_id,
                         "scene_start": round(joined.starts[scene_index], 4),
                         "chapter": lecture.chapters[parts[scene_index].chapter].title,
                         "card": first != scene_index})
    return LectureResult(
        path=str(dest), subtitles=str(srt), webvtt=str(vtt), chapters_file=str(txt), title=lecture.title,
        seconds=round(joined.seconds, 4), frames=joined.frames, join=joined.method, chapters=chapters,
        parts=[{"kind": p.kind, "id": p.job.scene_id, "path": r.path, "start": round(s, 4),
                "seconds": round(n, 4), "cached": r.cached}
               for p, r, s, n in zip(parts, results, joined.starts, lengths)],
    )


def build_lecture(lecture: Lecture, out: str | Path, *, quality: str = "high", theme: str = "dark",
                  aspect: str = "16:9", workers: int | None = None, force: bool = False,
                  reporter=None, method: str = "auto", voice: str = "none") -> LectureResult:
    """Render what is missing (through the batch engine and its cache) and join the lecture
    into ``<out>/lectures/<quality folder>/<name>.mp4`` (``480p15``, ``1080p60``... as renders,
    so qualities never overwrite each other). Bad input raises :class:`LectureError` before anything
    is written; failed renders give a result with ``path=None`` and ``failed`` filled in."""
    from mathviz.pipeline.batch import BatchOptions, run_batch
    from mathviz.pipeline.request import QUALITIES, voice_suffix

    parts = lecture_parts(lecture, quality=quality, theme=theme, aspect=aspect, voice=voice)
    out = Path(out)
    options = BatchOptions(workers=workers or os.cpu_count() or 1, force=force)
    results = run_batch([p.job for p in parts], out, options, reporter)
    failed = [f"{p.job.scene_id}: {r.error}" for p, r in zip(parts, results) if r.error or not r.path]
    counts = dict(rendered=sum(1 for r in results if not r.cached and not r.error),
                  cached=sum(1 for r in results if r.cached))
    if failed:
        return LectureResult(path=None, title=lecture.title, failed=list(dict.fromkeys(failed)), **counts)
    narrated = f"--{voice_suffix(parts[0].job.request.voice)}" if parts[0].job.request.voice != "none" else ""
    dest = out / LECTURES_FOLDER / QUALITIES[quality][0] / f"{output_name(lecture, theme, aspect)}{narrated}.mp4"
    result = assemble(lecture, parts, results, dest, method=method)
    result.rendered, result.cached = counts["rendered"], counts["cached"]
    return result
