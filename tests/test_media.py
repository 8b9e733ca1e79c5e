"""mathviz.media: one x264 setting for every encode, the one frame count, posters, PNGs, no manim.

All on small synthetic videos made here with PyAV (support.make_video encodes
with x264's default preset, medium: the control the preset checks tell apart).
"""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest

from mathviz import media
from mathviz.media import (
    X264_PRESET,
    count_frames,
    cut_video,
    join_videos,
    last_frame,
    poster_frame,
    read_png,
    save_png,
    video_info,
    x264_settings,
)
from support import make_video


def settings_of(path) -> dict[str, str]:
    """x264's settings string of a file's first frame, as ``{name: value}``."""
    return dict(item.split("=", 1) for item in x264_settings(path).split() if "=" in item)


def fade_out_video(path, held: int = 8, fading: int = 5, *, size=(64, 48), rate=15):
    """A 'title card': a bright block on a dark background held for ``held`` frames, then
    faded out over ``fading`` frames to the bare background, which the clip ends on."""
    import av

    w, h = size
    background = np.full((h, w, 3), 20, np.uint8)
    card = background.copy()
    card[16:32, 8:56] = 230
    weights = [1.0] * held + [1 - (k + 1) / fading for k in range(fading)]
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=rate, options={"crf": "23"})
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        for i, weight in enumerate(weights):
            img = (background * (1 - weight) + card * weight).round().astype(np.uint8)
            frame = av.VideoFrame.from_ndarray(img, format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, rate)
            container.mux(stream.encode(frame))
        container.mux(stream.encode())
    return path, card


# --- one H.264 setting ---------------------------------------------------------------------------


def test_every_encode_uses_the_preset_and_manims_crf():
    assert X264_PRESET == "superfast"
    assert media.x264_options() == {"preset": "superfast", "crf": "23"}


def test_reencoded_join_and_cut_carry_the_x264_preset(tmp_path):
    """x264 writes its settings into the stream: superfast means diamond motion search and
    subpixel level 1; the inputs (x264's default, medium) say me=hex subme=7."""
    a = make_video(tmp_path / "a.mp4", 12)
    b = make_video(tmp_path / "b.mp4", 9, pix_fmt="yuv444p")  # another profile: no packet copy
    control = settings_of(a)
    assert (control["me"], control["subme"]) == ("hex", "7")

    joined = join_videos([a, b], tmp_path / "joined.mp4")
    assert joined.method == "reencode"
    forced = join_videos([a, a], tmp_path / "forced.mp4", method="reencode")
    assert forced.method == "reencode"
    remuxed = tmp_path / "aa.mp4"
    assert join_videos([a, make_video(tmp_path / "a2.mp4", 9)], remuxed).method == "remux"
    cut = tmp_path / "cut.mp4"
    assert cut_video(remuxed, 5 / 15, 15 / 15, cut) == "reencode"  # mid-GOP: re-encoded

    for video in (joined.path, forced.path, cut):
        found = settings_of(video)
        assert (found["me"], found["subme"]) == ("dia", "1"), (video, x264_settings(video))
        assert float(found["crf"]) == 23
        info = video_info(video)
        assert (info["codec"], info["pix_fmt"], info["width"], info["height"]) == ("h264", "yuv420p", 64, 48)
    assert count_frames(joined.path)[0] == 21 and count_frames(cut)[0] == 10


def test_a_reencoded_cut_joins_with_renders_by_packet_copy(tmp_path):
    """Encoded with the renders' own settings, a re-encoded clip shares their codec parameters."""
    import av

    src = tmp_path / "src.mp4"
    with av.open(str(src), "w") as container:
        stream = media.h264_stream(container, 15, 64, 48)
        for i in range(20):
            img = np.full((48, 64, 3), 10 * i, np.uint8)
            container.mux(stream.encode(media.h264_frame(av.VideoFrame.from_ndarray(img, format="rgb24"),
                                                         stream, i)))
        container.mux(stream.encode())
    cut = tmp_path / "cut.mp4"
    assert cut_video(src, 3 / 15, 11 / 15, cut) == "reencode"
    assert join_videos([src, cut], tmp_path / "both.mp4", method="remux").frames == 28


def test_x264_settings_is_empty_for_other_encoders(tmp_path):
    import av

    path = tmp_path / "mpeg4.mp4"
    with av.open(str(path), "w") as container:
        stream = container.add_stream("mpeg4", rate=15)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for i in range(3):
            frame = av.VideoFrame.from_ndarray(np.zeros((48, 64, 3), np.uint8), format="rgb24")
            frame.pts = i
            container.mux(stream.encode(frame.reformat(format="yuv420p")))
        container.mux(stream.encode())
    assert x264_settings(path) == ""


# --- frames, posters, PNG ------------------------------------------------------------------------


def test_frames_are_counted_once_by_packets(tmp_path):
    video = make_video(tmp_path / "v.mp4", 17)
    info = video_info(video)
    assert count_frames(video) == (17, pytest.approx(17 / 15)) == (info["frames"], info["seconds"])


def test_the_poster_is_the_last_frame(tmp_path):
    video = make_video(tmp_path / "v.mp4", 10, shade=70)
    assert np.array_equal(poster_frame(video), last_frame(video))
    assert not media.is_blank(last_frame(video))


def test_a_clip_that_fades_out_is_shown_before_its_fade(tmp_path):
    video, card = fade_out_video(tmp_path / "card.mp4")
    assert media.is_blank(last_frame(video))
    poster = poster_frame(video)
    assert not media.is_blank(poster)
    assert np.abs(poster.astype(int) - card.astype(int)).mean() < 4  # the held card, not a faded one


def test_png_round_trip_keeps_the_pixels(tmp_path):
    rng = np.random.default_rng(3)
    image = rng.integers(0, 256, (21, 34, 4), dtype=np.uint8)
    save_png(image, tmp_path / "rgb.png")
    save_png(image, tmp_path / "rgba.png", alpha=True)
    assert np.array_equal(read_png(tmp_path / "rgb.png"), image[..., :3])
    import av

    with av.open(str(tmp_path / "rgba.png")) as container:
        assert np.array_equal(next(container.decode(video=0)).to_ndarray(format="rgba"), image)


def test_contact_sheet_command(tmp_path):
    video = make_video(tmp_path / "v.mp4", 15)
    done = subprocess.run([sys.executable, "-m", "mathviz.media", str(video), str(tmp_path / "sheet.png"),
                           "--at", "0,0.5", "--cols", "2"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert read_png(tmp_path / "sheet.png").shape == (48, 2 * 64 + 6, 3)


# --- errors and atomic outputs ------------------------------------------------------------------


def test_refused_joins_carry_exit_codes_and_leave_nothing(tmp_path):
    from mathviz.errors import InputError

    a = make_video(tmp_path / "a.mp4", 5)
    b = make_video(tmp_path / "b.mp4", 5, pix_fmt="yuv444p")
    out = tmp_path / "out"
    with pytest.raises(media.Incompatible, match="differs") as err:
        join_videos([a, b], out / "strict.mp4", method="remux")
    assert isinstance(err.value, InputError) and err.value.exit_code == 2
    with pytest.raises(InputError, match="join method"):
        join_videos([a], out / "x.mp4", method="copy")
    assert list(out.iterdir()) == []  # no partial file left behind
    with pytest.raises(media.NoBeats) as err:
        media.save_beats(a, [{"name": "x", "start": 0, "end": 0}], out / "a.beats", length=0.0)
    assert err.value.exit_code == 2 and not (out / "a.beats").exists()


def test_media_imports_no_manim():
    code = "import sys, mathviz.media; assert 'manim' not in sys.modules, 'manim imported'"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_staging_folder_goes_away_whatever_happens(tmp_path):
    from mathviz import files

    with pytest.raises(RuntimeError):
        with files.staging(tmp_path / "deck") as folder:
            (folder / "half.txt").write_text("x")
            raise RuntimeError("stop")
    with files.staging(tmp_path / "deck") as folder:
        (folder / "whole.txt").write_text("y")
        files.replace_dir(folder, tmp_path / "deck")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck"]
    assert (tmp_path / "deck" / "whole.txt").read_text() == "y"
