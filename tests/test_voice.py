"""Narrated renders: beats paced for reading or for speech, espeak, the lecturer's own takes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from support import invoke

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (make setup)")


def speech_inside_beats(path, beats, rate=48000):
    """Where the track has sound, and whether it keeps inside each beat with silence at every boundary."""
    from mathviz.media.audio import audio_track, speech_spans

    track = audio_track(path, rate)
    spans = speech_spans(track, rate)
    for start, end in spans:
        inside = [b for b in beats if b["start"] - 0.03 <= start and end <= b["end"] + 0.03]
        assert inside, f"sound {start:.2f}-{end:.2f} s runs across a beat boundary: {beats}"
    for b in beats[1:]:  # silence around every boundary
        k = int(b["start"] * rate)
        assert np.abs(track[max(0, k - 4800): k]).max() < 0.01, f"sound just before {b['name']} begins"
    return track, spans


@pytest.mark.slow
def test_without_a_voice_every_cue_of_every_scene_can_be_read(tmp_path):
    """Every catalogue scene's subtitle cues: what manim writes as the .srt is the scene's
    subcaptions, which a dry run makes exactly as a render does (without its minutes of frames;
    the scenes' own tests render each one and read its subtitles)."""
    from mathviz.kit import registry
    from support import dry_run

    ids = [s.id for s in registry.all_scenes() if s.file.startswith("scenes/")]
    assert len(ids) >= 16
    for scene_id in ids:
        scene = dry_run(scene_id, tmp_path)
        cues = scene.renderer.file_writer.subcaptions
        assert cues, scene_id
        for cue in cues:
            lines = cue.content.splitlines()
            assert len(lines) <= 2 and all(len(line) <= 48 for line in lines), (scene_id, cue)
            rate = len(cue.content.replace("\n", " ")) / (cue.end - cue.start).total_seconds()
            assert rate <= 20.0, f"{scene_id}: {rate:.1f} characters/s in {cue}"
        # each beat at least its reading time, counted in frames as the 480p15 render draws them: a
        # dry run's clock moves by each animation's exact length (0.9 s), a render's by whole frames
        # (14 frames, 0.933 s), and the kit holds a beat by frames (a hold ends on a frame: up to
        # one frame short)
        starts = [beat.start_frame for beat in scene.beats] + [scene._frames]
        for beat, first, after in zip(scene.beats, starts, starts[1:]):
            assert (after - first) / 15 >= len(beat.narration) / 17.0 - 1 / 15, (scene_id, beat.name)


@needs_espeak
@pytest.mark.slow
def test_espeak_narration_is_in_sync_from_the_first_frame_to_the_last(tmp_path):
    from mathviz.media import video_info
    from mathviz.media.audio import RATE, loudness

    code, stdout, stderr = invoke(["render", "limit-of-secants", "--voice", "espeak", "-q", "low",
                                   "-o", str(tmp_path), "--json"])
    assert code == 0, stderr
    (result,) = json.loads(stdout)
    assert result["path"].endswith("limit-of-secants--espeak.mp4")
    info = video_info(result["path"])
    beats = result["beats"]
    assert [set(b) >= {"name", "start", "end"} for b in beats] == [True] * 5
    track, spans = speech_inside_beats(result["path"], beats)
    assert abs(len(track) / RATE - info["seconds"]) <= 1 / info["fps"]
    for b in beats:  # every beat is spoken, and lasts at least as long as its speech
        assert any(b["start"] <= s < b["end"] for s, _ in spans), b["name"]
        assert b["end"] - b["start"] >= b["speech"]
    level = loudness(track, RATE)
    assert level["integrated_lufs"] == pytest.approx(-16, abs=0.5) and level["true_peak_dbtp"] < -1.0
    subtitles = Path(result["subtitles"]).read_text()
    assert "Here is a function" in subtitles


@needs_espeak
@pytest.mark.slow
def test_recorded_takes_stretch_their_beats_and_are_what_is_heard(tmp_path):
    from mathviz.media.audio import RATE, audio_track, read_audio, trim_silence

    code, stdout, stderr = invoke(["script", "test-tiny", "test-formulas", "--json"])
    assert code == 0, stderr
    rows = json.loads(stdout)
    assert [(r["scene"], r["index"], r["name"]) for r in rows] == [("test-tiny", 1, "dots"),
                                                                   ("test-formulas", 1, "sums")]
    assert rows[0]["recording"] == "test-tiny/01-dots.wav" and rows[0]["draft_seconds"] > 0.5
    takes = tmp_path / "takes"
    take = takes / rows[0]["recording"]
    take.parent.mkdir(parents=True)
    # the lecturer's take: slower than the draft, at 22.05 kHz, with silence around it
    raw = tmp_path / "raw.wav"
    subprocess.run(["espeak-ng", "-s", "110", "-w", str(raw), "--", "A few dots appear, one after the other, "
                    "in a row across the middle."], check=True)
    subprocess.run(["sox", str(raw), "-r", "22050", str(take), "pad", "0.5", "0.7"], check=True) \
        if shutil.which("sox") else shutil.copy(raw, take)
    code, stdout, stderr = invoke(["render", "test-tiny", "--voice", f"recorded:{takes},fallback=none",
                                   "-q", "low", "-o", str(tmp_path / "out"), "--json"])
    assert code == 0, stderr
    (result,) = json.loads(stdout)
    heard = audio_track(result["path"], RATE)
    said = trim_silence(read_audio(take, RATE), RATE)
    beat = result["beats"][0]
    assert beat["end"] - beat["start"] >= len(said) / RATE  # the one-second scene is stretched to its take
    # the audio is the take: best match at the beat's start, strongly correlated
    a = heard[: len(said)] / (np.linalg.norm(heard[: len(said)]) + 1e-12)
    b = said / (np.linalg.norm(said) + 1e-12)
    assert float(a @ b) > 0.95
    # without a take the beat falls back (here: to reading pace), and the run says which take is missing
    code, _, stderr = invoke(["render", "test-formulas", "--voice", f"recorded:{takes},fallback=none",
                              "-q", "low", "-o", str(tmp_path / "out")])
    assert code == 0 and "test-formulas/01-sums.wav" in stderr, stderr


@pytest.mark.parametrize("voice, message", [
    ("robot", "unknown voice 'robot'"),
    ("piper:/no/such/model.onnx", "does not exist"),
    ("recorded:/no/such/folder", "does not exist"),
])
def test_bad_voices_are_refused_before_anything_renders(tmp_path, voice, message):
    code, _, stderr = invoke(["render", "test-tiny", "--voice", voice, "-q", "low", "-o", str(tmp_path / "out")])
    assert code == 2 and message in stderr and len(stderr.strip().splitlines()) == 1, stderr
    assert not (tmp_path / "out").exists()


def test_a_take_that_is_not_audio_is_refused(tmp_path):
    takes = tmp_path / "takes" / "test-tiny"
    takes.mkdir(parents=True)
    (takes / "01-dots.wav").write_text("not a sound")
    code, _, stderr = invoke(["render", "test-tiny", "--voice", f"recorded:{tmp_path / 'takes'}",
                              "-q", "low", "-o", str(tmp_path / "out")])
    assert code == 2 and "01-dots.wav" in stderr and len(stderr.strip().splitlines()) == 1, stderr
    assert not (tmp_path / "out").exists()


@needs_espeak
@pytest.mark.slow
def test_a_narrated_lecture_keeps_every_scene_in_sync_across_its_joins(tmp_path):
    from support import TWO_SCENES

    from mathviz.media.audio import RATE, audio_track

    out = tmp_path / "out"
    code, stdout, stderr = invoke(["lecture", str(TWO_SCENES), "--voice", "espeak", "-q", "low", "-o", str(out),
                                   "--json"])
    assert code == 0, stderr
    data = json.loads(stdout)
    assert data["path"].endswith("two-scenes--espeak.mp4")
    joined = audio_track(data["path"], RATE)
    for part in data["parts"]:  # the sound at each part's start is that part's own sound
        own = audio_track(part["path"], RATE)
        assert own is not None, part["id"]  # cards speak their title too
        k = round(part["start"] * RATE)
        window = min(len(own), 2 * RATE)
        here, there = joined[k:k + window], own[:window]  # AAC coded twice: correlate, not subtract
        match = float(here @ there / (np.linalg.norm(here) * np.linalg.norm(there) + 1e-12))
        shifted = joined[k + 2400:k + 2400 + window]  # 50 ms late: a control that must match worse
        late = float(shifted @ there / (np.linalg.norm(shifted) * np.linalg.norm(there) + 1e-12))
        assert match > 0.9 and match > late + 0.2, (part["id"], match, late)
    assert abs(len(joined) / RATE - data["seconds"]) < 1 / 15
