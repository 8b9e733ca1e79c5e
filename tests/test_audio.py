"""mathviz.media.audio against independent references: closed-form loudness of sines, true
peaks from scipy's resample_poly, sample-exact placement, files written here by PyAV."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from scipy.signal import butter, resample_poly, sosfilt

from mathviz.errors import InputError
from mathviz.media import (
    audio_track, join_videos, loudness, mix, mux_audio, normalise_loudness, probe_audio, read_audio, seconds,
    speech_spans, trim_silence,
)
from support import make_video

RATE = 48000


def tone(freq: float, length: float, amplitude: float = 1.0, rate: int = RATE, phase: float = 0.0) -> np.ndarray:
    t = np.arange(round(length * rate)) / rate
    return amplitude * np.sin(2 * np.pi * freq * t + phase)


def write_audio(path, channels: np.ndarray, rate: int, codec: str):
    """Write ``channels`` (shape ``(2, n)``, floats) as a stereo file with PyAV's ``codec``."""
    import av

    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=rate, layout="stereo")
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(channels, np.float32), format="fltp",
                                           layout="stereo")
        frame.sample_rate, frame.pts, frame.time_base = rate, 0, Fraction(1, rate)
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path


def reference_true_peak_db(samples) -> float:
    return 20 * math.log10(np.abs(resample_poly(np.asarray(samples, float), 4, 1)).max())


# ---------------------------------------------------------------- loudness and true peak

def test_full_scale_997_hz_sine_reads_minus_3_01_lufs():
    # BS.1770: a 0 dBFS 997 Hz sine in one channel reads -3.01 LKFS; halving it takes 6.02 dB
    assert loudness(tone(997, 5), RATE)["integrated_lufs"] == pytest.approx(-3.01, abs=0.1)
    assert loudness(tone(997, 5, 0.5), RATE)["integrated_lufs"] == pytest.approx(-3.01 - 6.02, abs=0.1)


def test_true_peak_finds_the_peak_between_samples():
    # a quarter-rate sine at 45 degrees: every sample is +-0.707 (-3.01 dBFS), the wave reaches 1.0
    # (faded in and out: a sine switched on at full scale really does overshoot as it starts)
    x = tone(RATE / 4, 1, phase=np.pi / 4)
    fade = round(0.05 * RATE)
    x[:fade] *= np.hanning(2 * fade)[:fade]
    x[-fade:] *= np.hanning(2 * fade)[fade:]
    assert 20 * math.log10(np.abs(x).max()) == pytest.approx(-3.01, abs=0.01)
    assert loudness(x, RATE)["true_peak_dbtp"] == pytest.approx(0.0, abs=0.1)
    assert loudness(tone(997, 1, 0.5), RATE)["true_peak_dbtp"] == pytest.approx(-6.02, abs=0.05)
    # noise up to 16 kHz (where the two interpolation filters agree), against scipy's resampler
    noise = sosfilt(butter(10, 16000, fs=RATE, output="sos"), np.random.default_rng(3).standard_normal(2 * RATE))
    noise *= 0.5 / np.abs(noise).max()
    assert loudness(noise, RATE)["true_peak_dbtp"] == pytest.approx(reference_true_peak_db(noise), abs=0.05)


def test_silence_and_short_clips():
    assert loudness(np.zeros(RATE), RATE) == {"integrated_lufs": -math.inf, "true_peak_dbtp": -math.inf}
    assert loudness(np.zeros(0), RATE)["integrated_lufs"] == -math.inf
    short = loudness(tone(997, 0.2), RATE)  # under the 0.4 s block: measured padded to it
    assert math.isfinite(short["integrated_lufs"])
    assert short["true_peak_dbtp"] == pytest.approx(0.0, abs=0.05)


# ---------------------------------------------------------------- normalisation

def test_normalise_quiet_sine_is_a_pure_gain_to_the_target():
    x = tone(997, 3, 10 ** (-30 / 20))
    y = normalise_loudness(x, RATE)
    assert y.dtype == np.float32 and y.shape == x.shape
    assert loudness(y, RATE)["integrated_lufs"] == pytest.approx(-16.0, abs=0.05)
    ratio = y[np.abs(x) > 1e-3] / x[np.abs(x) > 1e-3]
    assert np.ptp(ratio) < 1e-5 * ratio.mean()  # nothing limited: a -16 LUFS sine peaks near -13 dBTP
    assert ratio.mean() == pytest.approx(10 ** ((-16.0 - loudness(x, RATE)["integrated_lufs"]) / 20), rel=1e-4)


def test_normalise_limits_true_peak_and_keeps_loudness():
    # a quiet hum with loud 3 kHz bursts: bringing the hum to -16 LUFS would push the bursts past 0 dBFS
    x = tone(220, 4, 0.1)
    starts = [round(s * RATE) for s in (0.5, 1.5, 2.5, 3.5)]
    for at in starts:
        x[at:at + 240] += tone(3000, 0.005, 0.85)
    y = normalise_loudness(x, RATE)
    measured = loudness(y, RATE)
    assert measured["integrated_lufs"] == pytest.approx(-16.0, abs=0.1)
    assert measured["true_peak_dbtp"] < -1.0
    assert reference_true_peak_db(y) < -1.0 + 0.02
    # away from the bursts the limiter did nothing: a pure gain there
    far = np.ones(len(x), bool)
    for at in starts:
        far[at - round(0.03 * RATE):at + 240 + round(0.03 * RATE)] = False
    ratio = y[far & (np.abs(x) > 1e-3)] / x[far & (np.abs(x) > 1e-3)]
    assert np.ptp(ratio) < 1e-5 * ratio.mean()
    assert ratio.mean() > 2  # it was turned up


def test_silence_stays_silence():
    assert not normalise_loudness(np.zeros(RATE, np.float32), RATE).any()
    assert not normalise_loudness(np.zeros(10), RATE).any()


# ---------------------------------------------------------------- mix, trim, spans

def test_mix_places_each_clip_to_the_sample():
    a = np.arange(1, 6, dtype=np.float32)
    track = mix([(0.5, a), (0.25, np.ones(3, np.float32))], 1.0)
    assert track.dtype == np.float32 and len(track) == RATE
    assert np.flatnonzero(track).tolist() == [12000, 12001, 12002, 24000, 24001, 24002, 24003, 24004]
    assert track[24000:24005].tolist() == a.tolist()
    assert len(mix([], 1.0 / 3.0)) == round(RATE / 3)  # exactly round(length * rate)


def test_mix_cuts_clips_at_both_ends_and_adds_overlaps():
    ones = np.ones(RATE, np.float32)
    track = mix([(0.75, ones), (-0.5, ones), (0.2, ones[:10])], 1.0)
    assert len(track) == RATE
    expected = np.zeros(RATE, np.float32)
    expected[:RATE // 2] = 1.0  # the second half of the clip that starts before 0
    expected[9600:9610] = 2.0  # the short clip on top of it
    expected[36000:] = 1.0  # the first quarter of the clip that runs past the end
    assert np.array_equal(track, expected)


def test_trim_silence_keeps_the_pad():
    x = np.concatenate([np.zeros(round(0.3 * RATE)), tone(440, 0.5, 0.3), np.zeros(round(0.4 * RATE))])
    trimmed = trim_silence(x, RATE)
    assert seconds(trimmed, RATE) == pytest.approx(0.5 + 2 * 0.05, abs=0.011)  # to a 10 ms window
    assert seconds(trim_silence(x, RATE, pad=0), RATE) == pytest.approx(0.5, abs=0.011)
    assert len(trim_silence(np.zeros(RATE), RATE)) == 0
    assert len(trim_silence(x * 1e-3, RATE)) == 0  # -60 dB: under the -45 dB threshold


def test_speech_spans_joins_short_pauses_only():
    x = np.zeros(3 * RATE)
    for start, end in [(0.2, 0.6), (0.7, 1.0), (1.5, 2.5)]:  # 0.1 s pause, then 0.5 s
        x[round(start * RATE):round(end * RATE)] = tone(300, end - start, 0.2)
    assert speech_spans(x, RATE) == [(0.2, 1.0), (1.5, 2.5)]
    assert speech_spans(x, RATE, min_silence=0.05) == [(0.2, 0.6), (0.7, 1.0), (1.5, 2.5)]
    assert speech_spans(np.zeros(RATE), RATE) == []


# ---------------------------------------------------------------- reading files

@pytest.mark.parametrize("rate", [22050, 44100])
@pytest.mark.parametrize("codec,ext", [("pcm_s16le", "wav"), ("flac", "flac"), ("libmp3lame", "mp3")])
def test_read_audio_resamples_and_averages_channels(tmp_path, rate, codec, ext):
    burst = np.zeros(round(1.5 * rate))
    burst[round(0.5 * rate):round(1.0 * rate)] = tone(440, 0.5, 0.5, rate)
    path = write_audio(tmp_path / f"a.{ext}", np.stack([burst, 0.5 * burst]), rate, codec)
    y = read_audio(path)
    assert y.dtype == np.float32 and y.ndim == 1
    assert len(y) == pytest.approx(1.5 * RATE, abs=1 if ext != "mp3" else 0.005 * RATE)
    loud = np.flatnonzero(np.abs(y) > 0.01)
    assert loud[0] / RATE == pytest.approx(0.5, abs=0.001)  # MP3's encoder delay is taken off
    assert loud[-1] / RATE == pytest.approx(1.0, abs=0.001 if ext != "mp3" else 0.01)
    rms = np.sqrt(np.mean(y[round(0.6 * RATE):round(0.9 * RATE)] ** 2))
    expected = (0.5 + 0.25) / 2 / math.sqrt(2)  # the mean of the two channels
    assert rms == pytest.approx(expected, rel=0.001 if ext != "mp3" else 0.1)
    assert read_audio(path, rate=16000).shape[0] == pytest.approx(1.5 * 16000, abs=0.005 * 16000)
    info = probe_audio(path)
    assert (info["rate"], info["channels"]) == (rate, 2)


def test_full_scale_stereo_stays_in_range(tmp_path):
    x = tone(997, 1)
    y = read_audio(write_audio(tmp_path / "loud.wav", np.stack([x, x]), 44100, "pcm_s16le"))
    assert np.abs(y).max() <= 1.0
    assert np.abs(y).max() == pytest.approx(1.0, abs=0.01)  # averaged, not summed at -3 dB


def test_not_audio_is_an_input_error_naming_the_file(tmp_path):
    text = tmp_path / "notes.wav"
    text.write_text("not a sound\n")
    noise = tmp_path / "noise.mp3"
    noise.write_bytes(np.random.default_rng(0).bytes(20000))
    for path in (text, noise, tmp_path / "missing.flac"):
        with pytest.raises(InputError, match=path.name) as info:
            read_audio(path)
        assert "\n" not in str(info.value)
        with pytest.raises(InputError, match=path.name):
            probe_audio(path)
    video = make_video(tmp_path / "silent.mp4", 5)
    with pytest.raises(InputError, match="silent.mp4.*no audio stream"):
        read_audio(video)
    assert audio_track(video) is None


# ---------------------------------------------------------------- muxing

def stream_facts(path):
    import av

    with av.open(str(path)) as container:
        v, a = container.streams.video[0], container.streams.audio[0]
        return {
            "video_start": float(v.start_time * v.time_base),
            "video_end": float(v.duration * v.time_base), "audio_start": float(a.start_time * a.time_base),
            "audio_length": float(a.duration * a.time_base), "codec": a.codec_context.name, "rate": a.rate,
            "channels": a.channels, "audio_streams": len(container.streams.audio),
        }


def video_packets(path):
    import av

    with av.open(str(path)) as container:
        return [(p.pts, p.dts, bytes(p)) for p in container.demux(video=0) if p.size]


@pytest.mark.parametrize("frames,fps", [(23, 15), (61, 60)])
def test_mux_audio_copies_video_and_matches_its_length(tmp_path, frames, fps):
    video = make_video(tmp_path / "v.mp4", frames, rate=fps)
    length = frames / fps
    track = np.zeros(round(length * RATE) - 999, np.float32)  # short: padded with silence
    track[RATE // 4] = 0.9
    dest = mux_audio(video, track, RATE, tmp_path / "out" / "narrated.mp4")
    assert dest.is_file() and sorted(p.name for p in dest.parent.iterdir()) == ["narrated.mp4"]
    assert video_packets(dest) == video_packets(video)  # packet for packet, no re-encode
    facts = stream_facts(dest)
    assert facts["codec"] == "aac" and facts["rate"] == RATE and facts["channels"] == 1
    assert facts["audio_start"] == 0.0 == facts["video_start"]
    assert facts["video_end"] == pytest.approx(length, abs=1e-9)
    assert abs(facts["audio_length"] - length) < 1 / fps
    assert facts["audio_length"] == pytest.approx(length, abs=1 / RATE)  # in fact to the sample
    decoded = audio_track(dest)
    assert len(decoded) == round(length * RATE)
    assert abs(int(np.argmax(np.abs(decoded))) - RATE // 4) <= 2  # AAC's priming is hidden


def test_mux_audio_cuts_long_audio_and_keeps_title_and_chapters(tmp_path):
    import av

    part = make_video(tmp_path / "part.mp4", 15)
    joined = join_videos([part, part], tmp_path / "joined.mp4", title="Two parts", chapters=[(0, "one"), (1, "two")])
    long = np.full(5 * RATE, 0.1, np.float32)
    dest = mux_audio(joined.path, long, RATE, tmp_path / "narrated.mp4")
    assert stream_facts(dest)["audio_length"] == pytest.approx(2.0, abs=1 / RATE)
    with av.open(str(dest)) as container:
        assert container.metadata.get("title") == "Two parts"
        assert [c["metadata"]["title"] for c in container.chapters()] == ["one", "two"]
    again = mux_audio(dest, np.zeros(10, np.float32), RATE, tmp_path / "again.mp4")  # replaces its sound
    assert stream_facts(again)["audio_streams"] == 1
    assert not np.any(np.abs(audio_track(again)) > 1e-3)
