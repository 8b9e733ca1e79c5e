"""Everything downstream keeps the sound: joins, cuts, beat clips, lectures and decks.

Narrated parts are made here: small H.264 videos (support.make_video) with an AAC track of
chirp bursts (a sharp cross-correlation peak, unlike a tone, and coded well by AAC, unlike
noise), normalised to -16 LUFS as the worker does, and muxed by ``mux_audio``. Sync is
measured by cross-correlating a part's own decoded track with the output around where it
should be: the best lag must be 0 (within a sample), and the difference at that lag small.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from mathviz.media import (
    audio_track, cut_video, join_videos, loudness, mux_audio, normalise_loudness, save_beats, video_info, write_gif,
)
from mathviz.media.edit import has_audio
from support import decoded, make_video

R = 48000
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def chirps(seconds: float, seed: int, rate: int = R) -> np.ndarray:
    """Bursts of rising chirps (each 90 ms, Hann-shaped, its own band per seed) from sample 0,
    every 150 ms, normalised to -16 LUFS: a narration stand-in whose timing can be read to
    the sample."""
    n = round(seconds * rate)
    t = np.arange(round(0.09 * rate)) / rate
    lo, hi = 300 + 150 * seed, 2500 + 400 * seed
    burst = np.sin(2 * np.pi * (lo * t + (hi - lo) / (2 * t[-1]) * t ** 2)) * np.hanning(len(t))
    x = np.zeros(n)
    for k, at in enumerate(range(0, n, round(0.15 * rate))):
        piece = burst[: n - at] * (0.6 + 0.4 * ((k * 7 + seed) % 5) / 4)
        x[at:at + len(piece)] += piece
    return normalise_loudness(x.astype(np.float32), rate)


def narrated(path: Path, frames: int, seed: int, *, rate: int = 15, **kw) -> Path:
    """A video of ``frames`` frames with a chirp track exactly as long, muxed beside it."""
    silent = make_video(path.with_name(f"{path.stem}-silent.mp4"), frames, rate=rate, **kw)
    return mux_audio(silent, chirps(frames / rate, seed), R, path)


def lag(track: np.ndarray, own: np.ndarray, at: int, window: int = 480, span: float = 0.3) -> int:
    """The shift (samples) at which the first ``span`` seconds of ``own`` best match ``track``
    near sample ``at``, searched within ``window`` samples (10 ms) each way."""
    own = own[: round(span * R)]
    padded = np.concatenate([np.zeros(window, np.float32), track, np.zeros(window + len(own), np.float32)])
    seg = padded[at:at + len(own) + 2 * window]
    return int(np.argmax(np.correlate(seg, own, "valid"))) - window


def mismatch(track: np.ndarray, own: np.ndarray, at: int) -> float:
    """The RMS difference of ``track`` from ``own`` placed at ``at``, relative to ``own``'s RMS."""
    seg = track[at:at + len(own)]
    assert len(seg) == len(own)
    return float(np.sqrt(np.mean((seg - own) ** 2)) / np.sqrt(np.mean(own ** 2)))


def streams(path) -> dict:
    """The video's length (seconds), the number of audio streams and the first one's length,
    rate, codec and channels."""
    import av

    with av.open(str(path)) as container:
        out = {"video": video_info(path)["seconds"], "audio": None, "audios": len(container.streams.audio)}
        if container.streams.audio:
            a = container.streams.audio[0]
            out.update(audio=float(a.duration * a.time_base), audio_rate=a.rate, audio_codec=a.codec_context.name,
                       channels=a.channels)
    return out


def chapters_of(path) -> list[tuple[float, float, str]]:
    import av

    with av.open(str(path)) as container:
        return [(float(c["start"] * c["time_base"]), float(c["end"] * c["time_base"]), c["metadata"]["title"])
                for c in container.chapters()]


@pytest.fixture
def parts(tmp_path):
    """Three parts as a lecture has them: a narrated scene, a silent title card, another scene."""
    a = narrated(tmp_path / "a.mp4", 20, 1)
    card = make_video(tmp_path / "card.mp4", 7, shade=40)
    c = narrated(tmp_path / "c.mp4", 31, 3, shade=80)
    return [a, card, c]


# --- joins ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["remux", "reencode"])
def test_a_join_keeps_every_parts_sound_in_sync(tmp_path, parts, method):
    dest = tmp_path / "joined.mp4"
    result = join_videos(parts, dest, title="Demo", chapters=[(0, "first"), (1, "third")], method=method)
    assert result.method == method and result.sound
    info = streams(dest)
    assert (info["audios"], info["audio_codec"], info["audio_rate"], info["channels"]) == (1, "aac", R, 1)
    frame = 1 / 15
    assert abs(info["audio"] - info["video"]) < frame / 2 and info["video"] == pytest.approx(58 / 15)
    track = audio_track(dest)
    assert len(track) == round(result.seconds * R) == 58 * 3200  # to the sample

    for path, start in zip(parts, result.starts):
        at = round(start * R)
        own = audio_track(path)
        if own is None:  # the silent card: silence where it plays (10 ms of AAC spill at each edge)
            inner = track[at + 480: at + round(7 / 15 * R) - 480]
            assert np.sqrt(np.mean(inner ** 2)) < 1e-3
            continue
        assert len(own) == round(video_info(path)["seconds"] * R)
        assert lag(track, own, at) == 0, path.name  # the part's first 0.3 s, to the sample
        assert mismatch(track, own, at) < 0.1, path.name  # the same sound, coded once more

    # not normalised again: the parts are at -16 LUFS and so is the whole, peaks under -1 dBTP
    level = loudness(track, R)
    assert level["integrated_lufs"] == pytest.approx(-16, abs=0.5) and level["true_peak_dbtp"] < -0.5
    # chapters and title survive the sound being muxed in
    assert [c[2] for c in chapters_of(dest)] == ["first", "third"]
    assert [c[0] for c in chapters_of(dest)] == [0.0, pytest.approx(20 / 15, abs=1e-3)]
    assert len(decoded(dest)) == 58
    assert not list(tmp_path.glob(".*partial*"))


def test_a_join_at_another_frame_rate_stays_in_sync(tmp_path):
    """24 fps: a frame is 2000 samples; the parts' starts (whole frames) are whole samples."""
    parts = [narrated(tmp_path / f"p{k}.mp4", n, k, rate=24) for k, n in enumerate((13, 29, 8))]
    result = join_videos(parts, tmp_path / "j.mp4")
    track = audio_track(tmp_path / "j.mp4")
    assert len(track) == 50 * 2000
    lags = [lag(track, audio_track(p), round(s * R)) for p, s in zip(parts, result.starts)]
    assert lags == [0, 0, 0]


def test_silent_parts_join_silent(tmp_path):
    a, b = make_video(tmp_path / "a.mp4", 10), make_video(tmp_path / "b.mp4", 5)
    result = join_videos([a, b], tmp_path / "j.mp4")
    assert not result.sound and not has_audio(tmp_path / "j.mp4") and result.method == "remux"


def test_a_gif_of_a_narrated_video_has_no_sound(tmp_path):
    gif = write_gif(narrated(tmp_path / "v.mp4", 10, 0), tmp_path / "v.gif")
    assert not has_audio(gif)


def test_a_lecture_with_silent_cards_is_assembled_with_its_sound_chapters_and_subtitles(tmp_path, parts):
    from mathviz.media import parse_srt
    from mathviz.pipeline.lecture import Part, assemble, parse_lecture

    lecture = parse_lecture('title = "Talk"\n[[chapters]]\ntitle = "One"\nscenes = ["test-tiny"]\n'
                            '[[chapters]]\ntitle = "Two"\nscenes = ["test-tiny"]\n', "talk")
    card2 = make_video(tmp_path / "card2.mp4", 9, shade=60)
    videos = [parts[1], parts[0], card2, parts[2]]  # card, scene, card, scene
    kinds = [("card", 0, "One"), ("scene", 0, "First scene"), ("card", 1, "Two"), ("scene", 1, "Second scene")]
    srt = []
    for k, (kind, _, title) in enumerate(kinds):
        srt.append(tmp_path / f"{k}.srt")
        srt[-1].write_text(f"1\n00:00:00,000 --> 00:00:00,400\n{title}\n\n")
    parts_ = [Part(kind, ch, title, SimpleNamespace(scene_id="test-tiny")) for kind, ch, title in kinds]
    results = [SimpleNamespace(path=str(v), subtitles=str(s), cached=True) for v, s in zip(videos, srt)]
    made = assemble(lecture, parts_, results, tmp_path / "talk.mp4")
    lengths = [7, 20, 9, 31]
    starts = np.cumsum([0] + lengths) / 15
    assert [p["start"] for p in made.parts] == [pytest.approx(s, abs=1e-4) for s in starts[:-1]]
    assert [(c["title"], c["start"], c["card"]) for c in made.chapters] == [
        ("First scene", 0.0, True), ("Second scene", pytest.approx(starts[2], abs=1e-4), True)]
    assert chapters_of(made.path) == [(0.0, pytest.approx(starts[2], abs=1e-3), "First scene"),
                                      (pytest.approx(starts[2], abs=1e-3), pytest.approx(starts[4], abs=1e-3),
                                       "Second scene")]
    cues = parse_srt(Path(made.subtitles).read_text())
    assert [c.text for c in cues] == [t for _, _, t in kinds]
    assert [c.start for c in cues] == [pytest.approx(s, abs=1e-3) for s in starts[:-1]]  # SRT keeps ms
    track = audio_track(made.path)
    assert len(track) == round(starts[-1] * R)
    assert lag(track, audio_track(parts[0]), round(starts[1] * R)) == 0
    assert lag(track, audio_track(parts[2]), round(starts[3] * R)) == 0


# --- cuts and beat clips -------------------------------------------------------------------------


@pytest.fixture
def scene(tmp_path):
    """A narrated 'scene' of three beats (12, 9 and 5 frames), each encoded on its own like
    manim's animations, its sound one track over the whole (as the worker mixes it)."""
    pieces = [make_video(tmp_path / f"p{i}.mp4", n, shade=30 * i) for i, n in enumerate((12, 9, 5))]
    silent = tmp_path / "scene-silent.mp4"
    join_videos(pieces, silent)
    video = mux_audio(silent, chirps(26 / 15, 5), R, tmp_path / "scene.mp4")
    beats = [{"name": "one", "narration": "One.", "start": 0.0, "end": 0.8},
             {"name": "two", "narration": "Two.", "start": 0.8, "end": 1.4},
             {"name": "three", "narration": "Three.", "start": 1.4, "end": 26 / 15}]
    return video, beats


def test_beat_clips_carry_the_sound_of_their_span(tmp_path, scene):
    video, beats = scene
    source = audio_track(video)
    spans = save_beats(video, beats, tmp_path / "beats")
    assert {s["method"] for s in spans} == {"remux"}
    for span, frames in zip(spans, (12, 9, 5)):
        clip = tmp_path / "beats" / span["file"]
        info = streams(clip)
        assert (info["audios"], info["audio_codec"], info["audio_rate"]) == (1, "aac", R)
        assert abs(info["audio"] - info["video"]) < 1 / 30 and info["video"] == pytest.approx(frames / 15)
        own = audio_track(clip)
        assert len(own) == frames * 3200
        at = round(span["start"] * R)
        # the clip's sound is the source's from the beat's first frame: in the source, it sits at `at`
        assert lag(source, own, at) == 0, span["name"]
        assert mismatch(source, own, at) < 0.1, span["name"]


def test_a_cut_snapped_to_a_key_frame_takes_the_sound_the_video_got(tmp_path, scene):
    """A beat time 20 ms off the key frame at 0.8 s: the packets copied start at 0.8 s, and
    so does the sound (not 960 samples later)."""
    video, _ = scene
    source = audio_track(video)
    clip = tmp_path / "cut.mp4"
    assert cut_video(video, 0.8 + 0.02, 1.4 - 0.02, clip) == "remux"
    own = audio_track(clip)
    assert len(own) == 9 * 3200
    assert lag(source, own, round(0.8 * R), window=1500) == 0


def test_a_reencoded_cut_takes_the_sound_of_its_frames(tmp_path, scene):
    video, _ = scene
    source = audio_track(video)
    clip = tmp_path / "mid.mp4"
    assert cut_video(video, 5 / 15, 12 / 15, clip) == "reencode"  # mid-GOP
    own = audio_track(clip)
    assert len(decoded(clip)) == 7 and len(own) == 7 * 3200
    assert lag(source, own, 5 * 3200) == 0 and mismatch(source, own, 5 * 3200) < 0.1


def test_a_silent_cut_stays_silent(tmp_path):
    a = make_video(tmp_path / "a.mp4", 12)
    assert cut_video(a, 0, 0.4, tmp_path / "c.mp4") == "remux" and not has_audio(tmp_path / "c.mp4")


# --- decks ---------------------------------------------------------------------------------------


class Sections(HTMLParser):
    """Every ``<section>`` with a background video: its attributes, and any ``<video>`` tags."""

    def __init__(self):
        super().__init__()
        self.slides, self.videos = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and "data-background-video" in attrs:
            self.slides.append(attrs)
        elif tag == "video":
            self.videos.append(attrs)


def slide_tags(page: Path) -> Sections:
    found = Sections()
    found.feed(page.read_text(encoding="utf-8"))
    return found


def narrated_deck(tmp_path, scene, first_silent: bool = False, formats=("html", "pptx")):
    from mathviz.pipeline.slides import DeckPart, build_deck

    video, beats = scene
    card = make_video(tmp_path / "card.mp4", 6, shade=90) if first_silent else narrated(tmp_path / "card.mp4", 6, 7)
    deck = [DeckPart("title-card", "Card", str(card), [{"name": "card", "narration": "Card.", "start": 0,
                                                        "end": 0.4}], kind="card"),
            DeckPart("demo", "Demo", str(video), beats)]
    return build_deck(deck, tmp_path / "out", "talk", formats=list(formats))


def test_deck_clips_keep_their_sound_and_no_slide_is_muted(tmp_path, scene):
    from test_slides import pptx_movies

    made = narrated_deck(tmp_path, scene)
    root = tmp_path / "out" / "slides"
    clips = sorted((root / "talk" / "files").glob("*.mp4"))
    assert len(clips) == made.slides == 4 and all(has_audio(c) for c in clips)
    page = Path(made.outputs["html"])
    tags = slide_tags(page)
    assert len(tags.slides) == 4 and not tags.videos
    assert not [s for s in tags.slides if "data-background-video-muted" in s or "muted" in s]
    for slide in tags.slides:  # the files the page plays have their sound
        assert has_audio(page.parent / slide["data-background-video"])
    for k, (_, blob) in enumerate(pptx_movies(made.outputs["pptx"])):  # and so do the PPTX's movies
        path = tmp_path / f"slide{k}.mp4"
        path.write_bytes(blob)
        assert has_audio(path), k
    source = audio_track(scene[0])
    own = audio_track(tmp_path / "slide2.mp4")  # the scene's second beat, from 0.8 s
    assert lag(source, own, round(0.8 * R)) == 0


def test_a_silent_first_slide_stays_muted(tmp_path, scene):
    """The control: manim-slides mutes the first slide's video; it stays so when it has no
    sound (a muted video may autoplay on load), and the parser sees the attribute."""
    made = narrated_deck(tmp_path, scene, first_silent=True, formats=("html",))
    tags = slide_tags(Path(made.outputs["html"]))
    assert ["data-background-video-muted" in s for s in tags.slides] == [True, False, False, False]


SOUND_PROBE = """<script>
(function () {
  function report(data) {
    var el = document.createElement('pre'); el.id = 'mathviz-probe';
    el.textContent = JSON.stringify(data); document.body.appendChild(el);
  }
  function check(tries) {
    var ready = typeof Reveal !== 'undefined' && Reveal.isReady();
    var video = ready && Reveal.getCurrentSlide().slideBackgroundContentElement.querySelector('video');
    if (!video || video.readyState < 1) {
      if (tries > 0) { setTimeout(function () { check(tries - 1); }, 50); } else { report({error: 'no video'}); }
      return;
    }
    setTimeout(function () {
      report({muted: video.muted, paused: video.paused, error: video.error && video.error.code,
              tracks: video.audioTracks ? video.audioTracks.length : null,
              mutedByReveal: video.hasAttribute('data-muted-by-reveal')});
    }, 500);
  }
  check(100);
})();
</script>
"""


def sound_in_chromium(page: Path, tmp_path: Path, policy: str) -> dict:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (make test-deps)")
    probe = page.with_name("probe.html")
    probe.write_text(page.read_text().replace("</body>", SOUND_PROBE + "</body>"))
    args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
            "--disable-background-networking", "--disable-component-update",
            f"--user-data-dir={tmp_path / ('profile-' + policy)}", f"--autoplay-policy={policy}",
            "--enable-blink-features=AudioVideoTracks", "--virtual-time-budget=8000", "--dump-dom", probe.as_uri()]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=120)
    found = re.search(r'<pre id="mathviz-probe">(.*?)</pre>', proc.stdout, re.S)
    assert found, f"no probe result; chromium said: {proc.stderr[-2000:]}"
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))


def test_the_first_slide_plays_with_sound_in_chromium(tmp_path, scene):
    """Once the page may play sound (here: Chromium told no gesture is needed, as after the
    presenter's first key press), the first slide's video plays unmuted and has its audio
    track. Without that, reveal.js plays it muted for now and offers its 'Unmute' button."""
    made = narrated_deck(tmp_path, scene, formats=("html",))
    page = Path(made.outputs["html"])
    allowed = sound_in_chromium(page, tmp_path, "no-user-gesture-required")
    assert allowed == {"muted": False, "paused": False, "error": None, "tracks": 1, "mutedByReveal": False}
    refused = sound_in_chromium(page, tmp_path, "document-user-activation-required")
    assert refused["mutedByReveal"] and refused["tracks"] == 1 and refused["error"] is None
