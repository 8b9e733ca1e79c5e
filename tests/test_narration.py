"""mathviz.pipeline.narration: the four voice forms, their one-line refusals, espeak-ng's cache,
the lecturer's takes, and speech where the beats are."""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import shutil
import subprocess
from fractions import Fraction

import numpy as np
import pytest

from mathviz.errors import InputError, RenderFailed
from mathviz.media import mix, read_audio, speech_spans, trim_silence
from mathviz.pipeline import narration
from mathviz.pipeline.narration import espeak_command, parse_voice, recording_path, speech_seconds

RATE = 48000
HAVE_ESPEAK = shutil.which("espeak-ng") is not None
needs_espeak = pytest.mark.skipif(not HAVE_ESPEAK, reason="espeak-ng is not installed (make setup installs it)")


def write_tone(path, length=0.6, lead=0.3, tail=0.4, rate=44100, codec="pcm_s16le"):
    """A take: ``lead`` s of silence, ``length`` s of a 220 Hz tone, ``tail`` s of silence."""
    import av

    x = np.zeros(round((lead + length + tail) * rate), np.float32)
    t = np.arange(round(length * rate)) / rate
    x[round(lead * rate):round(lead * rate) + len(t)] = 0.3 * np.sin(2 * np.pi * 220 * t)
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=rate, layout="mono")
        frame = av.AudioFrame.from_ndarray(x[None, :], format="flt", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = rate, 0, Fraction(1, rate)
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            container.mux(packet)
    return path


def refused(text: str) -> str:
    with pytest.raises(InputError) as info:
        parse_voice(text)
    message = str(info.value)
    assert "\n" not in message and message
    return message


# ---------------------------------------------------------------- parsing

def test_none_does_not_speak():
    voice = parse_voice("none")
    assert (voice.name, voice.key, voice.speaks, voice.synthesises) == ("none", "none", False, False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        voice.name = "espeak"
    with pytest.raises(ValueError):
        voice.synthesise("hello", "/nonexistent")


@pytest.mark.parametrize("text", ["", "talk", "espeak-ng", "piper", "Recorded:x", "NONE", "espeak:fast"])
def test_unknown_voice_lists_the_four_forms(text):
    message = refused(text)
    assert "unknown voice" in message
    for form in ("none", "espeak", "piper:MODEL.onnx", "recorded:DIR"):
        assert form in message


def test_espeak_missing_says_how_to_install(monkeypatch):
    monkeypatch.setattr(narration.shutil, "which", lambda name: None)
    message = refused("espeak")
    assert "apt-get install espeak-ng" in message and "make setup" in message


def test_piper_refusals(tmp_path, monkeypatch):
    assert "names no model" in refused("piper:")
    assert str(tmp_path / "absent.onnx") in refused(f"piper:{tmp_path / 'absent.onnx'}")
    model = tmp_path / "voice.onnx"
    model.write_bytes(b"not really a model")
    assert "voice.onnx.json" in refused(f"piper:{model}")
    (tmp_path / "voice.onnx.json").write_text("{}")
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(narration.importlib.util, "find_spec",
                        lambda name, *a: None if name == "piper" else real_find_spec(name, *a))
    assert "pip install -e '.[voice]'" in refused(f"piper:{model}")


def test_piper_key_is_the_models_hash(tmp_path, monkeypatch):
    model = tmp_path / "voice.onnx"
    model.write_bytes(b"model one")
    (tmp_path / "voice.onnx.json").write_text("{}")
    monkeypatch.setattr(narration.importlib.util, "find_spec", lambda name, *a: object())
    voice = parse_voice(f"piper:{model}")
    assert (voice.kind, voice.name, voice.speaks, voice.model) == ("piper", f"piper:{model}", True, model.resolve())
    assert hashlib.sha256(b"model one").hexdigest() in voice.key
    model.write_bytes(b"model two")
    assert parse_voice(f"piper:{model}").key != voice.key


def test_recorded_refusals(tmp_path, monkeypatch):
    assert "names no folder" in refused("recorded:")
    assert "names no folder" in refused("recorded:,fallback=none")
    missing = tmp_path / "takes"
    assert f"folder {missing} does not exist" in refused(f"recorded:{missing}")
    missing.mkdir()
    assert "unknown voice 'talk'" in refused(f"recorded:{missing},fallback=talk")
    assert "fallback must be" in refused(f"recorded:{missing},fallback=recorded:{missing}")
    assert "fallback must be" in refused(f"recorded:{missing},fallback=")
    monkeypatch.setattr(narration.shutil, "which", lambda name: None)
    message = refused(f"recorded:{missing}")  # the default fallback is espeak
    assert "apt-get install espeak-ng" in message and ",fallback=none" in message


def test_recorded_without_fallback(tmp_path):
    voice = parse_voice(f"recorded:{tmp_path},fallback=none")
    assert voice.kind == "recorded" and voice.speaks and not voice.synthesises
    assert voice.fallback is None and voice.folder == tmp_path.resolve()
    assert voice.key == f"recorded:{tmp_path.resolve()},fallback=none"
    with pytest.raises(ValueError):
        voice.synthesise("hello", tmp_path)


@needs_espeak
def test_espeak_voice_and_recorded_default_fallback(tmp_path):
    voice = parse_voice("espeak")
    assert voice.kind == "espeak" and voice.speaks and voice.key.startswith("espeak-ng 1.")
    recorded = parse_voice(f"recorded:{tmp_path}")
    assert recorded.fallback == voice
    assert recorded.key == f"recorded:{tmp_path.resolve()},fallback={voice.key}"


def test_espeak_command_line():
    assert espeak_command("-3 is negative", "out.wav") == [
        "espeak-ng", "-v", "en-us", "-s", "150", "-w", "out.wav", "--", "-3 is negative"]


# ---------------------------------------------------------------- synthesis and its cache

@needs_espeak
def test_espeak_synthesis_is_cached(tmp_path, monkeypatch):
    voice = parse_voice("espeak")
    cache = tmp_path / "speech"
    text = "The slope of the secant approaches the slope of the tangent."
    first = voice.synthesise(text, cache)
    assert first.parent == cache and first.suffix == ".wav"
    assert sorted(p.name for p in cache.iterdir()) == [first.name]  # written atomically: nothing else
    assert 2.0 < speech_seconds(first) < 6.0

    def no_synthesiser(*args, **kwargs):
        raise AssertionError("the synthesiser ran again")

    monkeypatch.setattr(narration.subprocess, "run", no_synthesiser)
    assert voice.synthesise(text, cache) == first
    assert voice.synthesise(f"  {text}\n", cache) == first  # the same words
    with pytest.raises(AssertionError):
        voice.synthesise("Another sentence.", cache)
    assert voice.cache_path("Another sentence.", cache) != first
    recorded = parse_voice(f"recorded:{tmp_path}")
    assert recorded.synthesise(text, cache) == first  # spoken by its fallback, from the same cache


@needs_espeak
def test_espeak_failure_is_render_failed_and_leaves_nothing(tmp_path, monkeypatch):
    voice = parse_voice("espeak")
    monkeypatch.setattr(narration.subprocess, "run",
                        lambda *a, **k: subprocess.CompletedProcess(a[0], 1, "", "no voice\n"))
    with pytest.raises(RenderFailed, match="espeak-ng failed.*no voice"):
        voice.synthesise("hello", tmp_path / "speech")
    assert not any((tmp_path / "speech").iterdir())
    with pytest.raises(ValueError):
        voice.synthesise("   ", tmp_path / "speech")


@needs_espeak
def test_speech_inside_beats_and_silence_at_their_boundaries(tmp_path):
    voice = parse_voice("espeak")
    beats = [(0.0, "Here is a curve."), (4.0, "Now we draw its tangent.")]
    clips = [(start, trim_silence(read_audio(voice.synthesise(text, tmp_path)), RATE)) for start, text in beats]
    lengths = [len(clip) / RATE for _, clip in clips]
    assert all(0.5 < n < 3.5 for n in lengths)
    track = mix([(start + 0.5, clip) for start, clip in clips], 8.0)  # each said half a second into its beat
    spans = speech_spans(track, RATE)
    assert spans and all(0.5 <= s and e <= 4.0 for s, e in spans if s < 4.0)
    assert all(4.5 <= s and e <= 8.0 for s, e in spans if s >= 4.0)
    assert {s < 4.0 for s, _ in spans} == {True, False}  # both beats speak
    for (start, _), n in zip(clips, lengths):
        inside = [(s, e) for s, e in spans if start <= s < start + 4.0]
        # speech starts where the clip does, or after trim's 50 ms of pad (espeak may start at once)
        assert start + 0.5 <= inside[0][0] <= start + 0.5 + 0.07
        assert inside[-1][1] == pytest.approx(start + 0.5 + n - 0.05, abs=0.03)


# ---------------------------------------------------------------- the lecturer's takes

def test_recording_path():
    assert recording_path("signed-area", 1, "Intro") == "signed-area/01-intro.wav"
    assert recording_path("signed-area", 12, "The tangent, at last!") == "signed-area/12-the-tangent-at-last.wav"
    assert recording_path("talks/my_scene.py:Intro", 2, "x") == "talks-my_scene.py-Intro/02-x.wav"
    with pytest.raises(ValueError):
        recording_path("signed-area", 0, "Intro")


def test_takes_are_found_by_beat(tmp_path):
    scene = tmp_path / "signed-area"
    scene.mkdir()
    wav = write_tone(scene / "01-intro.wav")
    flac = write_tone(scene / "02-the-area-below.flac", codec="flac", rate=22050)
    mp3 = write_tone(scene / "03-sum.MP3", codec="libmp3lame", rate=44100)
    (scene / "04-notes.txt").write_text("not a take")
    voice = parse_voice(f"recorded:{tmp_path},fallback=none")
    assert voice.take("signed-area", 1, "Intro") == wav
    assert voice.take("signed-area", 2, "The area below") == flac
    assert voice.take("signed-area", 3, "Sum") == mp3
    assert voice.take("signed-area", 4, "Notes") is None
    assert voice.take("signed-area", 2, "Intro") is None  # the number and the name both count
    assert voice.take("svd", 1, "Intro") is None
    assert voice.take("signed-area", 1, "Intro", tmp_path / "elsewhere") is None
    for take in (wav, flac, mp3):
        assert speech_seconds(take) == pytest.approx(0.6 + 2 * 0.05, abs=0.02)
    assert parse_voice("none").take("signed-area", 1, "Intro") is None


def test_bad_takes_are_input_errors_naming_the_file(tmp_path):
    scene = tmp_path / "svd"
    scene.mkdir()
    bad = scene / "01-intro.mp3"
    bad.write_bytes(b"ID3 but not really")
    voice = parse_voice(f"recorded:{tmp_path},fallback=none")
    with pytest.raises(InputError, match="01-intro.mp3"):
        voice.take("svd", 1, "Intro")
    write_tone(scene / "02-turn.wav")
    write_tone(scene / "02-turn.flac", codec="flac")
    with pytest.raises(InputError, match="02-turn.flac.*02-turn.wav"):
        voice.take("svd", 2, "Turn")


# ---------------------------------------------------------------- Piper, when installed

def test_piper_with_an_unusable_model_fails_in_one_line(tmp_path):
    pytest.importorskip("piper")
    model = tmp_path / "voice.onnx"
    model.write_bytes(b"not an onnx model")
    (tmp_path / "voice.onnx.json").write_text("{}")
    voice = parse_voice(f"piper:{model}")
    with pytest.raises(RenderFailed, match="piper failed") as info:
        voice.synthesise("hello", tmp_path / "speech")
    assert "\n" not in str(info.value)
    assert not any((tmp_path / "speech").iterdir())
