"""Lectures: the TOML file, refusals, the remux join with chapters, subtitles; one real lecture.

Fast tests join small synthetic H.264 videos made here with PyAV; the slow one
renders a two-scene lecture at low quality (test-tiny and limit-of-secants,
with a title card before each chapter) and checks the joined MP4 against its parts.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from mathviz.media import (
    Cue,
    chapter_stamp,
    cut_video,
    format_chapter_list,
    format_srt,
    format_vtt,
    join_videos,
    merge_cues,
    parse_srt,
)
from mathviz.pipeline.lecture import LectureError, lecture_parts, load_lecture, parse_lecture

from support import TWO_SCENES, decoded, invoke, make_video


def chapters_of(path) -> list[tuple[float, float, str]]:
    import av

    with av.open(str(path)) as container:
        return [(float(c["start"] * c["time_base"]), float(c["end"] * c["time_base"]), c["metadata"]["title"])
                for c in container.chapters()]


# --- the lecture file --------------------------------------------------------------------------


def test_parse_reads_chapters_scenes_and_parameters_in_order():
    lec = parse_lecture(
        'title = "T"\n'
        '[[chapters]]\ntitle = "One"\nsubtitle = "first"\nscenes = ["test-tiny"]\n'
        '[[chapters]]\ntitle = "Two"\n'
        'scenes = [{ id = "svd", params = { matrix = [[2, 1], [1, 2]] } }, { id = "test-tiny", params = { n = 4 } }]\n',
        "t")
    assert lec.title == "T" and [c.title for c in lec.chapters] == ["One", "Two"]
    assert [s.id for s in lec.chapters[1].scenes] == ["svd", "test-tiny"]
    assert lec.chapters[1].scenes[0].params == (("matrix", "[[2, 1], [1, 2]]"),)
    assert lec.card_subtitle(0) == "first" and lec.card_subtitle(1) == "T · part 2 of 2"
    parts = lecture_parts(lec, quality="low")
    assert [(p.kind, p.job.scene_id) for p in parts] == [
        ("card", "title-card"), ("scene", "test-tiny"), ("card", "title-card"), ("scene", "svd"),
        ("scene", "test-tiny")]
    assert dict(parts[2].job.request.params) == {"title": "Two", "subtitle": "T · part 2 of 2"}


def test_roadmap_covers_every_scene_in_roadmap_order():
    from mathviz.kit import registry

    lec = load_lecture(Path(__file__).parent.parent / "lectures" / "roadmap.toml")
    ids = [s.id for c in lec.chapters for s in c.scenes]
    assert sorted(ids) == sorted(s.id for s in registry.all_scenes())
    order = {name: i for i, name in enumerate(registry.CHAPTERS)}
    ranks = [order[registry.get(i).chapter] for i in ids]
    assert ranks == sorted(ranks)
    lecture_parts(lec, quality="low")  # every card and scene validates


@pytest.mark.parametrize(
    "text, fragment",
    [
        ('title = "T"\n[[chapters]\ntitle = "x"\n', "line 2"),
        ('title = "T"\n[[chapters]]\ntitle = "Calculus"\nscenes = []\n', "line 4"),
        ('title = "T"\n[[chapters]]\ntitle = "Calculus"\nscenes = ["limit-of-secant"]\n', "did you mean"),
        ('title = "T"\n[[chapters]]\ntitle = "C"\nscenes = ["limit-of-secants"]\nscene = ["svd"]\n',
         "unknown key 'scene'"),
        ('[[chapters]]\ntitle = "C"\nscenes = ["svd"]\n', "needs a title"),
        ('title = "T"\n', "no chapters"),
        ('title = "T"\n[[chapters]]\nscenes = ["svd"]\n', "chapter 1 needs a title"),
        ('title = "T"\n[[chapters]]\ntitle = "C"\nscenes = [3]\n', "a scene is an id"),
        ('title = "T"\n[[chapters]]\ntitle = "C"\nscenes = [{ id = "svd", params = { matrix = true } }]\n',
         "true/false"),
    ],
)
def test_malformed_lectures_are_refused_in_one_line(text, fragment):
    with pytest.raises(LectureError) as err:
        parse_lecture(text, "bad", "bad.toml")
    message = str(err.value)
    assert fragment in message and "\n" not in message and message.startswith("bad.toml")


@pytest.mark.parametrize(
    "content, args, fragment",
    [
        (None, [], "not found"),
        ('title = "T"\n[[chapters]]\ntitle = "C"\nscenes = ["test-tiny"\n', [], "talk.toml, line 4"),
        ('title = "T"\n[[chapters]]\ntitle = "C"\nscenes = ["no-such-scene"]\n', [], "talk.toml, line 4: chapter 1 ('C'): unknown scene"),
        ('title = "T"\n[[chapters]]\ntitle = "Empty"\nscenes = []\n', [], "has no scenes"),
        ('title = "T"\n[[chapters]]\ntitle = "C"\nscenes = [{ id = "limit-of-secants", params = { h0 = 0 } }]\n',
         [], "h0"),
        ('title = "T"\n[[chapters]]\ntitle = "C"\nscenes = ["test-tiny"]\n', ["-q", "ultra"], "ultra"),
    ],
)
def test_lecture_cli_bad_input_exits_2_and_writes_nothing(tmp_path, content, args, fragment):
    lecture = tmp_path / "talk.toml"
    if content is not None:
        lecture.write_text(content)
    out = tmp_path / "out"
    code, stdout, stderr = invoke(["lecture", str(lecture), "-o", str(out), *args])
    assert code == 2, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], stderr
    assert "Traceback" not in stderr and not stdout
    assert not out.exists()


# --- joining -------------------------------------------------------------------------------------


def test_join_copies_packets_and_marks_chapters(tmp_path):
    a = make_video(tmp_path / "a.mp4", 20)
    b = make_video(tmp_path / "b.mp4", 7, shade=40)
    c = make_video(tmp_path / "c.mp4", 31, shade=80)
    dest = tmp_path / "out" / "joined.mp4"
    result = join_videos([a, b, c], dest, title="Demo", chapters=[(0, "first"), (2, "third")])
    assert result.method == "remux"
    assert result.starts == pytest.approx([0, 20 / 15, 27 / 15])
    assert result.seconds == pytest.approx(58 / 15) and result.frames == 58
    frames = decoded(dest)
    parts = decoded(a) + decoded(b) + decoded(c)
    assert len(frames) == len(parts) == 58
    assert all(np.array_equal(x, y) for x, y in zip(frames, parts))  # not one pixel re-encoded
    assert chapters_of(dest) == [(0.0, pytest.approx(27 / 15, abs=1e-3), "first"),
                                 (pytest.approx(27 / 15, abs=1e-3), pytest.approx(58 / 15, abs=1e-3), "third")]
    assert not list(dest.parent.glob(".*partial*"))


def test_join_reencodes_when_the_streams_differ(tmp_path):
    a = make_video(tmp_path / "a.mp4", 10)
    b = make_video(tmp_path / "b.mp4", 10, pix_fmt="yuv444p")  # another H.264 profile
    dest = tmp_path / "joined.mp4"
    result = join_videos([a, b], dest, chapters=[(0, "a"), (1, "b")])
    assert result.method == "reencode" and result.frames == 20
    assert len(decoded(dest)) == 20
    assert [c[0] for c in chapters_of(dest)] == [0.0, pytest.approx(10 / 15, abs=1e-3)]
    with pytest.raises(ValueError, match="differs"):
        join_videos([a, b], tmp_path / "strict.mp4", method="remux")
    assert not (tmp_path / "strict.mp4").exists()


def test_cut_copies_from_a_key_frame_and_reencodes_otherwise(tmp_path):
    a = make_video(tmp_path / "a.mp4", 12)
    b = make_video(tmp_path / "b.mp4", 9, shade=60)
    joined = tmp_path / "ab.mp4"
    join_videos([a, b], joined)
    # b starts on a key frame at 12/15 s: copied, identical to b
    assert cut_video(joined, 12 / 15, 21 / 15, tmp_path / "b2.mp4") == "remux"
    assert all(np.array_equal(x, y) for x, y in zip(decoded(tmp_path / "b2.mp4"), decoded(b)))
    assert len(decoded(tmp_path / "b2.mp4")) == 9
    # half way through a: no key frame there, so re-encoded, with the right number of frames
    assert cut_video(joined, 5 / 15, 12 / 15, tmp_path / "mid.mp4") == "reencode"
    assert len(decoded(tmp_path / "mid.mp4")) == 7


# --- subtitles and the chapter list --------------------------------------------------------------


def test_merged_subtitles_round_trip_through_srt_and_vtt():
    tracks = [([Cue(0.0, 3.4, "card")], 0.0, 3.4),
              ([Cue(0.0, 1.0, "one"), Cue(1.0, 2.5, "two")], 3.4, 2.5)]
    cues = merge_cues(tracks)
    assert [(c.start, c.end) for c in cues] == [(0.0, 3.4), (3.4, 4.4), (4.4, 5.9)]
    assert parse_srt(format_srt(cues)) == cues
    vtt = format_vtt(cues)
    assert vtt.startswith("WEBVTT\n\n") and "00:00:04.400 --> 00:00:05.900" in vtt


def test_chapter_list_is_what_video_platforms_read():
    text = format_chapter_list([(0.0, "Intro"), (65.2, "Secants"), (3600.0, "Late")])
    assert text == "0:00 Intro\n1:05 Secants\n1:00:00 Late\n"
    assert chapter_stamp(59.999) == "0:59"


# --- one real lecture ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_scene_lecture(tmp_path_factory):
    """``mathviz lecture tests/data/two-scenes.toml -q low --json`` into a fresh folder."""
    out = tmp_path_factory.getbasetemp() / "two-scenes"  # test_slides builds its decks from these renders
    code, stdout, stderr = invoke(["lecture", str(TWO_SCENES), "-q", "low", "-o", str(out), "--json", "-j", "2"])
    assert code == 0, stderr
    return out, json.loads(stdout)


@pytest.mark.slow
@pytest.mark.xdist_group("two-scene-lecture")
def test_two_scene_lecture_joins_with_chapters_and_subtitles(two_scene_lecture):
    from mathviz.media import video_info

    out, data = two_scene_lecture
    video = Path(data["path"])
    assert video == out / "lectures" / "480p15" / "two-scenes.mp4"  # each quality its own folder
    assert data["join"] == "remux"
    parts = data["parts"]
    assert [(p["kind"], p["id"]) for p in parts] == [
        ("card", "title-card"), ("scene", "test-tiny"), ("card", "title-card"), ("scene", "limit-of-secants")]

    # the MP4 decodes, frame for frame the parts one after another
    infos = [video_info(p["path"]) for p in parts]
    frames = decoded(video)
    assert len(frames) == sum(i["frames"] for i in infos) == data["frames"]
    starts = np.cumsum([0] + [i["frames"] for i in infos])
    sources = [decoded(p["path"]) for p in parts]
    for i, k in enumerate(starts[:-1]):  # around every join: the parts' own frames, untouched
        assert np.array_equal(frames[k], sources[i][0])
        if i:
            assert np.array_equal(frames[k - 1], sources[i - 1][-1])
    assert min(f.mean() for f in frames) > 10  # no black frame (the dark theme's background is lighter)

    # one chapter per scene, at the sum of the durations before it (its chapter's card included)
    fps = 15  # low quality; the chapters may be off by manim's own few ticks of jitter
    total = data["seconds"]
    assert total == pytest.approx(len(frames) / fps, abs=2e-3)
    expected = [(0.0, "Tiny"), (starts[2] / fps, "The derivative as a limit of secants")]
    marks = chapters_of(video)
    assert [m[2] for m in marks] == [t for _, t in expected]
    assert [m[0] for m in marks] == [pytest.approx(s, abs=2e-3) for s, _ in expected]
    assert marks[-1][1] == pytest.approx(total, abs=2e-3)
    assert [c["start"] for c in data["chapters"]] == [pytest.approx(s, abs=1e-3) for s, _ in expected]
    assert (out / "lectures" / "480p15" / "two-scenes.chapters.txt").read_text() == (
        f"0:00 Tiny\n{chapter_stamp(starts[2] / fps)} The derivative as a limit of secants\n")

    # subtitles: every part's cues, shifted into place, in order, inside the video
    cues = parse_srt(Path(data["subtitles"]).read_text())
    assert len(cues) >= 1 + 1 + 1 + 5  # card, tiny, card, five beats: a long narration takes several cues
    assert all(a.end <= b.start + 1e-3 for a, b in zip(cues, cues[1:]))
    assert cues[0].start == 0 and cues[-1].end <= total + 1e-3
    assert cues[3].start == pytest.approx(starts[3] / fps, abs=2e-3)
    assert cues[3].text.startswith("Here is a function")
    vtt = Path(data["webvtt"]).read_text()
    assert vtt.startswith("WEBVTT") and vtt.count(" --> ") == len(cues)


@pytest.mark.slow
@pytest.mark.xdist_group("two-scene-lecture")
def test_second_run_is_cached_and_joins_again(two_scene_lecture):
    out, first = two_scene_lecture
    code, stdout, stderr = invoke(["lecture", str(TWO_SCENES), "-q", "low", "-o", str(out), "--json"])
    assert code == 0, stderr
    again = json.loads(stdout)
    assert again["cached"] == 4 and again["rendered"] == 0
    assert again["chapters"] == first["chapters"] and again["frames"] == first["frames"]


# --- the title card ------------------------------------------------------------------------------


@pytest.mark.parametrize("aspect", ["16:9", "9:16"])
def test_title_card_fits_the_longest_texts(scene_after, aspect):
    from scenes.cards.specs import SUBTITLE_MAX, TITLE_MAX

    title, subtitle = ("Wide " * 20)[:TITLE_MAX], ("words " * 30)[:SUBTITLE_MAX]
    card = scene_after("title-card", aspect=aspect, title=title, subtitle=subtitle)
    assert card.layout_report == []
    assert [b.name for b in card.beats] == ["card"] and card.beats[0].narration.startswith("Wide")
    assert card.heading.width <= card.frame_w and card.heading.get_center()[1] > card.subheading.get_center()[1]
    # a short pause between chapters, held (before it fades) as long as its long texts take to read
    reading = len(card.beats[0].narration) / 17
    assert 2.5 <= card.time <= max(4.0, reading + 0.7) and card.time >= reading
    assert not [m for m in card.mobjects if m.family_members_with_points()]  # it ends on the bare background


@pytest.mark.parametrize(
    "params, fragment",
    [({"title": " "}, "must not be empty"), ({"title": "a\tb"}, "one line"),
     ({"title": "x" * 61}, "at most 60"), ({"subtitle": "y" * 91}, "at most 90")],
)
def test_title_card_refuses_bad_text(params, fragment):
    from mathviz.errors import InputError
    from mathviz.pipeline.request import RenderRequest, validate

    with pytest.raises(InputError, match=fragment):
        validate(RenderRequest.make("title-card", params))
