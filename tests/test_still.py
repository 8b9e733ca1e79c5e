"""Stills, GIFs and transparent clips: the right moment, size, background and format; bad
moments refused with exit 2 and nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from mathviz.cli import main
from mathviz.errors import InputError
from mathviz.pipeline.request import RenderRequest
from mathviz.kit.scene import frames_of
from mathviz.pipeline.still import StillJob, run_still, validate_still
from mathviz.kit.theme import ASPECTS, THEMES, frame_geometry


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])


def _png(path) -> np.ndarray:
    from PIL import Image

    with Image.open(path) as image:
        return np.asarray(image.convert("RGBA" if image.mode == "RGBA" else "RGB"))


def _cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


# --- inputs refused before any scene runs -----------------------------------------------------


@pytest.mark.parametrize("at, beat, message", [
    (-1.0, None, "--at -1: a time in seconds from 0"),
    (float("nan"), None, "--at nan"),
    (float("inf"), None, "--at inf"),
    (None, 0, "--beat 0: beats count from 1"),
    (None, -3, "--beat -3"),
    (1.0, 1, "give --at SECONDS or --beat N, not both"),
])
def test_bad_moments_are_refused_early(at, beat, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        validate_still(RenderRequest.make("test-tiny", quality="low"), at=at, beat=beat)


def test_still_names_are_readable_and_distinct():
    names = {validate_still(RenderRequest.make("limit-of-secants", quality=q, theme=t, aspect=a), **m).output
             for q in ("low", "high") for t in ("dark", "contrast") for a in ("16:9", "9:16")
             for m in ({}, {"beat": 2}, {"at": 2.5})}
    assert len(names) == 24
    assert "stills/1080p60/limit-of-secants--contrast--9x16--t2.5.png" in names
    assert "stills/480p15/limit-of-secants--beat2.png" in names


def test_frame_arithmetic_is_manims():
    """Moving animations draw np.arange(0, run_time, dt) frames (float steps may add one); a
    still wait repeats one frame int(duration / dt) times."""
    for run_time in (0.5, 0.8, 1.0, 1.2, 2.5, 0.1):
        assert frames_of(run_time, 15, frozen=False) == len(np.arange(0, run_time, 1 / 15))
    assert frames_of(1.0, 60, frozen=True) == 60


# --- the still command, on a one-second test scene (no TeX) ----------------------------------


def test_still_writes_the_last_frame_and_reports_json(tmp_path):
    result = _cli("still", "test-tiny", "-q", "low", "-o", str(tmp_path), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["path"] == str(tmp_path / "stills/480p15/test-tiny--end.png")
    assert data["overflow"] == [] and data["layout_report"] == []
    assert data["moment"] == "end" and data["beat"] == 1 and data["beat_name"] == "dots"
    assert data["seconds"] == pytest.approx(1.0)
    image = _png(data["path"])
    assert image.shape == (480, 854, 3)
    assert (image[0, 0] == _rgb(THEMES["dark"].background)).all()
    assert _files(tmp_path) == [Path(data["path"])]  # nothing left behind


@pytest.mark.parametrize("args, message", [
    (["--at", "1.5"], "--at 1.5: test-tiny is 1 s long here (low quality); choose 0 to 1"),
    (["--at", "-0.5"], "--at -0.5: a time in seconds from 0"),
    (["--beat", "2"], "--beat 2: test-tiny has 1 beat; choose 1 to 1"),
    (["--beat", "0"], "--beat 0: beats count from 1"),
    (["--at", "1", "--beat", "1"], "give --at SECONDS or --beat N, not both"),
    (["--theme", "neon"], "Invalid value for '--theme': 'neon' is not one of 'dark', 'light', 'contrast'"),
    (["--aspect", "16:0"], "Invalid value for '--aspect': '16:0' is not one of"),
    (["-p", "n=99"], "test-tiny: "),
])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, args, message):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["still", "test-tiny", "-q", "low", "-o", str(out), *args])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mathviz: error: ") and message in lines[0], lines
    assert _files(out) == []


@pytest.fixture(scope="module")
def still_out(tmp_path_factory):
    """One output folder for the real-scene stills: its shared cache compiles each formula once."""
    return tmp_path_factory.mktemp("stills")


def _still(tmp_path, scene_id="test-tiny", theme="dark", aspect="16:9", transparent=False, **moment):
    """Run a still in this process (the worker's own function) under a private config."""
    from manim import tempconfig

    job = validate_still(RenderRequest.make(scene_id, quality="low", theme=theme, aspect=aspect,
                                            transparent=transparent), **moment)
    work = tmp_path / f"{theme}-{aspect.replace(':', 'x')}-{job.moment}"
    work.mkdir()
    with tempconfig({}):
        result = run_still(job, str(work))
    assert result.error is None, result.traceback or result.error
    return result, _png(result.path)


@pytest.mark.parametrize("aspect", list(ASPECTS))
@pytest.mark.parametrize("theme", list(THEMES))
def test_a_still_has_the_aspects_size_and_the_themes_background(tmp_path, theme, aspect):
    result, image = _still(tmp_path, theme=theme, aspect=aspect)
    geometry = frame_geometry(aspect, 480)
    assert image.shape == (geometry["pixel_height"], geometry["pixel_width"], 3)
    assert (result.width, result.height) == (geometry["pixel_width"], geometry["pixel_height"])
    background = _rgb(THEMES[theme].background)
    for corner in (image[0, 0], image[0, -1], image[-1, 0], image[-1, -1]):
        assert (corner == background).all(), (corner, background)
    assert not (image[image.shape[0] // 2, image.shape[1] // 2] == background).all()  # the dots are drawn


def test_a_transparent_still_has_a_clear_background(tmp_path):
    _, image = _still(tmp_path, theme="light", transparent=True)
    assert image.shape[2] == 4
    assert image[0, 0, 3] == 0 and image[-1, -1, 3] == 0
    assert image[240, 427, 3] == 255  # the middle dot is opaque


def test_at_picks_the_frame_inside_an_animation(tmp_path):
    """test-tiny fades its dots in over one second: the frame at 0.4 s is 40% of the way."""
    early, first = _still(tmp_path, at=0.0)
    middle, image = _still(tmp_path, at=0.4)
    assert (early.frame, middle.frame) == (0, 6)
    assert (middle.at, middle.beat, middle.moment) == (0.4, 1, "t0.4")
    centre = image[240, 427].astype(int)
    background, ink = _rgb(THEMES["dark"].background), _rgb(THEMES["dark"].point)
    assert (first[240, 427] == background).all()  # nothing yet at the first frame
    alpha = (centre - background) / (ink - background)
    assert np.allclose(alpha, alpha.mean(), atol=0.05) and 0.2 < alpha.mean() < 0.6, alpha


# --- real renders -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def secants_video(tmp_path_factory):
    """limit-of-secants at 480p15 (light theme, 9:16), rendered once for the comparisons below."""
    from mathviz.pipeline.request import validate
    from mathviz.pipeline.worker import render_jobs

    out = tmp_path_factory.mktemp("secants")
    job = validate(RenderRequest.make("limit-of-secants", quality="low", theme="light", aspect="9:16"))
    (result,) = render_jobs([job], out)
    assert result.error is None, result.traceback
    return result


def _mean_diff(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a[..., :3].astype(float) - b[..., :3].astype(float)).mean())


def _changed(a: np.ndarray, b: np.ndarray) -> float:
    """Share of pixels that differ by more than H.264's noise (48 levels in some channel)."""
    return float(np.mean(np.abs(a[..., :3].astype(int) - b[..., :3].astype(int)).max(axis=2) > 48))


def _real_still(out: Path, scene_id: str, theme: str, aspect: str, **moment):
    """A still the way ``mathviz still`` takes it: in a fresh process (no state from the tests
    that ran before in this worker), installed under ``out``."""
    from mathviz.pipeline.still import render_still

    job = validate_still(RenderRequest.make(scene_id, quality="low", theme=theme, aspect=aspect), **moment)
    result = render_still(job, out)
    assert result.error is None, result.traceback or result.error
    return result, _png(result.path)


@pytest.mark.slow
def test_stills_match_the_rendered_video(secants_video, still_out):
    """``--at t`` is the video's frame number floor(t * fps); ``--beat N`` is the picture the
    video shows when beat N+1 begins; the default is the video's last frame. Compared through
    H.264, so loosely. Frames are taken by number: the joined mp4's time stamps may run a few
    ten-thousandths of a second early, so a lookup by time can land on the next frame."""
    import av

    with av.open(secants_video.path) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(container.streams.video[0])]
    assert len(frames) == secants_video.frames
    beats = secants_video.beats
    # times a third of a frame inside their frame: at an exact boundary (8.0 s = frame 120)
    # rounding in the summed animation times may tip floor(t * fps) to the frame before
    # a moment in the "shrink" beat where h is shrinking: the frame that differs most from both
    # its neighbours (the beats before are held for reading, and the beat holds at its ends)
    shrink = range(round(beats[2]["start"] * 15) + 1, round(beats[2]["end"] * 15) - 1)
    k = max(shrink, key=lambda k: min(_changed(frames[k], frames[k - 1]), _changed(frames[k], frames[k + 1])))
    moving = k / 15 + 0.02
    moments = [({"at": moving}, int(moving * 15)), ({"at": 3.02}, 45), ({"beat": 2}, round(beats[2]["start"] * 15))]
    told_apart = 0
    for moment, number in moments:
        result, image = _real_still(still_out, "limit-of-secants", "light", "9:16", **moment)
        assert result.overflow == []
        frame = frames[number]
        assert image.shape == frame.shape == (854, 480, 3)
        nearest = min(range(len(frames)), key=lambda k: _mean_diff(image, frames[k]))
        assert _mean_diff(image, frame) < 1.5, (moment, number, "nearest video frame:", nearest,
                                                _mean_diff(image, frames[nearest]))
        # where the picture moves, the still is nearer its own frame than to the frames one
        # step before and after (inside a wait all three are alike: H.264 noise decides)
        same = _changed(image, frame)
        for other in (frames[number - 1], frames[number + 1]):
            if _changed(frame, other) > 2 * same:
                assert _changed(image, other) > 2 * same, moment
                told_apart += 1
    assert told_apart >= 2  # while h is shrinking both neighbouring frames differ
    result, image = _real_still(still_out, "limit-of-secants", "light", "9:16")
    assert round(result.seconds * 15) == len(frames)  # the scan's length is the video's, to the frame
    assert result.beats[-1]["end"] == pytest.approx(beats[-1]["end"], abs=1e-3)
    assert _mean_diff(image, frames[-1]) < 1.5


def _alpha_frames(path: str, decoder: str | None = None):
    """Decoded RGBA frames; VP9 needs libvpx's decoder to see the alpha plane."""
    import av

    with av.open(path) as container:
        stream = container.streams.video[0]
        if decoder is None:
            return stream.codec_context.name, stream.codec_context.pix_fmt, \
                [f.to_ndarray(format="rgba") for f in container.decode(stream)]
        codec = av.CodecContext.create(decoder, "r")
        frames = [f for packet in container.demux(stream) if packet.size for f in codec.decode(packet)]
        frames += codec.decode(None)
        return stream.codec_context.name, frames[-1].format.name, [f.to_ndarray(format="rgba") for f in frames]


@pytest.mark.slow
@pytest.mark.parametrize("fmt, codec, pix_fmt, decoder", [
    ("mov", "qtrle", "argb", None),
    ("webm", "vp9", "yuva420p", "libvpx-vp9"),
])
def test_transparent_clips_carry_alpha(tmp_path, fmt, codec, pix_fmt, decoder):
    import av

    from mathviz.pipeline.request import validate
    from mathviz.pipeline.worker import render_jobs

    job = validate(RenderRequest.make("test-tiny", quality="low", fmt=fmt, theme="light", transparent=True))
    (result,) = render_jobs([job], tmp_path)
    assert result.error is None, result.traceback
    assert result.path.endswith(f"test-tiny--light--alpha.{fmt}")
    name, decoded_fmt, frames = _alpha_frames(result.path, decoder)
    if fmt == "webm":
        with av.open(result.path) as container:
            assert container.streams.video[0].metadata.get("alpha_mode") == "1"
    assert (name, decoded_fmt) == (codec, pix_fmt)
    last = frames[-1]
    assert last.shape == (480, 854, 4)
    assert last[0, 0, 3] == 0 and last[-1, -1, 3] == 0  # clear background
    assert last[240, 427, 3] >= 250  # an opaque dot in the middle


@pytest.mark.slow
def test_gif_is_small_looping_and_paced(tmp_path):
    """Whatever the quality, a GIF is at most 480p and 15 frames/s, loops forever, keeps the
    background colour, and its frame delays add up to the scene's length."""
    import av

    from mathviz.pipeline.request import validate
    from mathviz.pipeline.worker import render_jobs

    job = validate(RenderRequest.make("test-tiny", quality="high", fmt="gif", theme="contrast", aspect="9:16"))
    (result,) = render_jobs([job], tmp_path)
    assert result.error is None, result.traceback
    data = Path(result.path).read_bytes()
    assert data[:6] == b"GIF89a"
    loop = data.find(b"NETSCAPE2.0")
    assert loop > 0 and data[loop + 11:loop + 16] == b"\x03\x01\x00\x00\x00"  # loop count 0: forever
    assert len(data) < 60_000
    with av.open(result.path) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "gif"
        frames = list(container.decode(stream))
    assert (frames[0].width, frames[0].height) == (480, 854)
    assert len(frames) == 15 == result.frames
    stamps = [float(f.pts * f.time_base) for f in frames]
    delays = np.diff(stamps)
    assert set(np.round(delays, 2)) <= {0.06, 0.07}
    assert stamps[-1] + 0.07 == pytest.approx(1.0, abs=0.011)
    corner = frames[-1].to_ndarray(format="rgb24")[0, 0].astype(int)
    assert np.abs(corner - _rgb(THEMES["contrast"].background)).max() <= 2
