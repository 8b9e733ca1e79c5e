"""Voices for narrated scenes: none, a draft voice (espeak-ng), a neural voice (Piper, optional)
or the lecturer's own recordings, one take per beat.

``--voice`` takes one of four forms, parsed by :func:`parse_voice` into a :class:`Voice`:

==================================  ==========================================================
``none``                            no sound; beats are paced for reading
``espeak``                          espeak-ng (a Debian package; ``make setup`` installs it)
``piper:MODEL.onnx``                Piper with a voice model file the user has (and its
                                    ``MODEL.onnx.json`` beside it); ``pip install -e '.[voice]'``
``recorded:DIR[,fallback=none]``    the lecturer's takes in ``DIR/<scene-id>/NN-<beat-slug>.wav``
                                    (or ``.flac``, ``.mp3``); beats without one are spoken by the
                                    fallback voice (``espeak`` unless told otherwise)
==================================  ==========================================================

Speech is synthesised once per (voice, text) and cached as a WAV named by its hash; no manim
here, and nothing is imported from the optional ``piper`` package until it speaks.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import re
import shutil
import subprocess
import threading
import wave
from dataclasses import dataclass
from pathlib import Path

from mathviz import files
from mathviz.errors import InputError, RenderFailed
from mathviz.media.audio import RATE, probe_audio, read_audio, seconds, trim_silence
from mathviz.media.beats import slug

VOICE_FORMS = "none, espeak, piper:MODEL.onnx or recorded:DIR[,fallback=none]"
TAKE_EXTENSIONS = (".wav", ".flac", ".mp3")

# espeak-ng's American English at -s 150. espeak's "words per minute" is not the pace it
# speaks at: eight narration sentences, trimmed of silence, came out at 165 words a minute
# (15.4 characters a second) with -s 150, and at 180 (17.0 characters a second, the subtitle
# reading ceiling) with -s 165. 150-170 words a minute is the pace of a spoken lecture, and a
# synthetic voice saying technical words needs that end of it rather than the ceiling. en-us
# and en-gb speak at the same pace; en-us is the variety most learners online hear.
ESPEAK = "espeak-ng"
ESPEAK_VOICE = "en-us"
ESPEAK_WPM = 150
ESPEAK_INSTALL = "apt-get install espeak-ng (make setup installs it)"
PIPER_INSTALL = "pip install -e '.[voice]'"


@functools.lru_cache(maxsize=None)
def _espeak_version() -> str:
    """``espeak-ng 1.51``: part of the cache key, since another release speaks differently."""
    try:
        proc = subprocess.run([ESPEAK, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ESPEAK
    found = re.search(r"text-to-speech:\s*(\S+)", proc.stdout)
    return f"{ESPEAK} {found.group(1) if found else proc.stdout.strip()[:40]}"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _piper_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("piper-tts")
    except PackageNotFoundError:
        return "?"


def espeak_command(text: str, out: str | Path) -> list[str]:
    """The espeak-ng command line that speaks ``text`` into the WAV ``out`` (``--`` first, so a
    narration starting with "-" is spoken, not read as an option)."""
    return [ESPEAK, "-v", ESPEAK_VOICE, "-s", str(ESPEAK_WPM), "-w", str(out), "--", text]


_piper_voices: dict[Path, object] = {}
_piper_lock = threading.Lock()


def _piper_voice(model: Path):
    with _piper_lock:
        if model not in _piper_voices:
            from piper import PiperVoice

            _piper_voices[model] = PiperVoice.load(model, config_path=f"{model}.json")
        return _piper_voices[model]


def _folder_name(scene_id: str) -> str:
    """A scene id as one folder name: catalogue ids (``signed-area``) stay as they are; a file
    scene's ``path/to/x.py:Class`` becomes ``path-to-x.py-Class``."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", scene_id).strip("-") or "scene"


def recording_path(scene_id: str, index: int, beat_name: str) -> str:
    """Where the lecturer's take for a beat goes, relative to the ``recorded:`` folder
    (``.flac`` and ``.mp3`` are read too). ``index`` is the beat's 1-based position.

    >>> recording_path("signed-area", 3, "The area below counts negative")
    'signed-area/03-the-area-below-counts-negative.wav'
    """
    if index < 1:
        raise ValueError(f"beat index {index} is not 1-based")
    return f"{_folder_name(scene_id)}/{index:02d}-{slug(beat_name)}.wav"


@dataclass(frozen=True)
class Voice:
    """One narration voice. ``name`` is as typed; ``key`` names everything that changes the
    sound (for cache keys): the engine and its version, for Piper the model's and its
    config's sha256, for recordings the folder and the fallback's key. A recorded voice's
    takes are files the caller hashes itself (:meth:`take` finds them)."""

    name: str
    kind: str  # "none", "espeak", "piper" or "recorded"
    key: str
    model: Path | None = None  # piper
    folder: Path | None = None  # recorded
    fallback: "Voice | None" = None  # recorded: who speaks beats without a take

    @property
    def speaks(self) -> bool:
        """False for ``none``: nothing is synthesised and beats are paced for reading."""
        return self.kind != "none"

    @property
    def synthesises(self) -> bool:
        """Whether :meth:`synthesise` makes sound (for a recorded voice: its fallback's)."""
        if self.kind == "recorded":
            return self.fallback is not None and self.fallback.synthesises
        return self.speaks

    def cache_path(self, text: str, cache_dir: str | Path) -> Path:
        """The cached WAV of ``text`` in this voice: ``cache_dir/<sha256 of (key, text)>.wav``."""
        voice = self.fallback if self.kind == "recorded" else self
        blob = json.dumps([voice.key if voice else self.key, text.strip()], ensure_ascii=False)
        return Path(cache_dir) / f"{hashlib.sha256(blob.encode('utf-8')).hexdigest()}.wav"

    def synthesise(self, text: str, cache_dir: str | Path) -> Path:
        """A WAV of ``text`` spoken, made once and kept in ``cache_dir`` (written atomically; a
        later call returns the cached file without running the synthesiser). A recorded
        voice speaks through its fallback. Raises ``ValueError`` for a voice that does not
        synthesise or an empty text, :class:`RenderFailed` when the synthesiser fails."""
        if self.kind == "recorded":
            if self.fallback is None or not self.fallback.synthesises:
                raise ValueError(f"voice {self.name} has no synthesising fallback: nothing to synthesise")
            return self.fallback.synthesise(text, cache_dir)
        if not self.speaks:
            raise ValueError("voice none does not speak: nothing to synthesise")
        text = text.strip()
        if not text:
            raise ValueError("nothing to say: the text is empty")
        dest = self.cache_path(text, cache_dir)
        if dest.is_file():
            return dest
        with files.atomic_path(dest) as tmp:
            if self.kind == "espeak":
                self._espeak(text, tmp)
            else:
                self._piper(text, tmp)
        return dest

    def _espeak(self, text: str, out: Path) -> None:
        try:
            proc = subprocess.run(espeak_command(text, out), capture_output=True, text=True, timeout=300)
        except FileNotFoundError:
            raise RenderFailed(f"espeak-ng is not installed: {ESPEAK_INSTALL}") from None
        except subprocess.TimeoutExpired:
            raise RenderFailed(f"espeak-ng took over 300 s on {text[:40]!r}") from None
        if proc.returncode != 0 or not out.is_file() or out.stat().st_size <= 44:
            reason = (proc.stderr or proc.stdout).strip().splitlines()
            raise RenderFailed(f"espeak-ng failed on {text[:40]!r}: {reason[-1] if reason else f'exit {proc.returncode}'}")

    def _piper(self, text: str, out: Path) -> None:
        try:
            voice = _piper_voice(self.model)
            with wave.open(str(out), "wb") as wav:
                voice.synthesize_wav(text, wav)
        except Exception as exc:  # onnxruntime and piper raise their own kinds
            reason = (str(exc).strip().splitlines() or [exc.__class__.__name__])[0]
            raise RenderFailed(f"piper failed on {text[:40]!r} with {self.model.name}: {reason}") from None
        if out.stat().st_size <= 44:  # a WAV header and no sound
            raise RenderFailed(f"piper said nothing for {text[:40]!r} with {self.model.name}")

    def take(self, scene_id: str, index: int, beat_name: str, folder: str | Path | None = None) -> Path | None:
        """The lecturer's take for beat ``index`` (1-based) of a scene, if there is one:
        ``folder/<scene-id>/NN-<beat-slug>.wav`` (or ``.flac``, ``.mp3``; ``folder`` defaults
        to this voice's). A take that is not audio, or two takes for one beat, is an
        :class:`InputError` naming the file(s)."""
        folder = Path(folder) if folder is not None else self.folder
        if folder is None:
            return None
        stem = Path(recording_path(scene_id, index, beat_name)).with_suffix("")
        scene_dir = folder / stem.parent
        if not scene_dir.is_dir():
            return None
        found = sorted(p for p in scene_dir.iterdir()
                       if p.stem == stem.name and p.suffix.lower() in TAKE_EXTENSIONS and p.is_file())
        if len(found) > 1:
            raise InputError(f"two takes for one beat: {', '.join(str(p) for p in found)}: keep one")
        if not found:
            return None
        probe_audio(found[0])
        return found[0]


def speech_seconds(path: str | Path) -> float:
    """How long a spoken clip lasts once its leading and trailing silence is trimmed (as
    :func:`mathviz.media.audio.trim_silence` leaves it: 50 ms kept at each end), at 48 kHz."""
    return seconds(trim_silence(read_audio(path, RATE), RATE), RATE)


def _espeak_voice(name: str) -> Voice:
    if shutil.which(ESPEAK) is None:
        raise InputError(f"voice {name} needs espeak-ng, which is not installed: {ESPEAK_INSTALL}")
    return Voice(name, "espeak", f"{_espeak_version()} -v {ESPEAK_VOICE} -s {ESPEAK_WPM}")


def _piper_voice_form(name: str, model_text: str) -> Voice:
    if not model_text:
        raise InputError(f"voice {name} names no model: write piper:MODEL.onnx")
    model = Path(model_text).expanduser()
    if not model.is_file():
        raise InputError(f"voice {name}: model file {model} does not exist")
    config = Path(f"{model}.json")
    if not config.is_file():
        raise InputError(f"voice {name}: the model's config {config} is missing (Piper needs it beside the model)")
    if importlib.util.find_spec("piper") is None:
        raise InputError(f"voice {name} needs piper-tts, which is not installed: {PIPER_INSTALL}")
    model = model.resolve()
    return Voice(name, "piper", f"piper-tts {_piper_version()} {_sha256(model)} {_sha256(config)}", model=model)


def parse_voice(text: str) -> Voice:
    """A ``--voice`` value as a :class:`Voice`; bad input is an :class:`InputError` in one line.

    >>> parse_voice("none").speaks
    False
    >>> parse_voice("talk")
    Traceback (most recent call last):
    ...
    mathviz.errors.InputError: unknown voice 'talk': use none, espeak, piper:MODEL.onnx or recorded:DIR[,fallback=none]
    """
    name = text.strip()
    kind, sep, rest = name.partition(":")
    if name == "none":
        return Voice(name, "none", "none")
    if name == "espeak":
        return _espeak_voice(name)
    if sep and kind == "piper":
        return _piper_voice_form(name, rest)
    if sep and kind == "recorded":
        folder_text, marker, fallback_text = rest.rpartition(",fallback=")
        if not marker:
            folder_text, fallback_text = rest, "espeak"
        if not folder_text:
            raise InputError(f"voice {name} names no folder: write recorded:DIR")
        if fallback_text.startswith("recorded:") or fallback_text.strip() == "":
            raise InputError(f"voice {name}: the fallback must be none, espeak or piper:MODEL.onnx")
        folder = Path(folder_text).expanduser()
        if not folder.is_dir():
            raise InputError(f"voice {name}: folder {folder} does not exist")
        folder = folder.resolve()
        try:
            fallback = parse_voice(fallback_text)
        except InputError as exc:
            hint = "" if marker else " (or add ,fallback=none)"
            raise InputError(f"{exc}{hint}") from None
        return Voice(name, "recorded", f"recorded:{folder},fallback={fallback.key}", folder=folder,
                     fallback=fallback if fallback.speaks else None)
    raise InputError(f"unknown voice {name!r}: use {VOICE_FORMS}")
