"""Sound for narrated videos, with PyAV, numpy and pyloudnorm: read, trim, place, measure,
normalise and mux.

Samples are float32 mono arrays in [-1, 1] at one rate (48 kHz unless told otherwise).
A narration track is built as ``mix([(beat_start, trim_silence(read_audio(take))), ...],
video_length)``, normalised with :func:`normalise_loudness` (EBU R128: -16 LUFS, true peak
under -1 dBTP) and put beside a video's packets by :func:`mux_audio`.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction
from pathlib import Path
from typing import Iterable

import numpy as np

from mathviz import files
from mathviz.errors import InputError

RATE = 48000
AAC_BIT_RATE = 128_000
AAC_FRAME = 1024  # samples per AAC-LC frame
LOUDNESS_BLOCK = 0.4  # seconds: BS.1770's gating block, the shortest clip pyloudnorm measures
TRUE_PEAK_OVERSAMPLE = 4
_WINDOW = 0.01  # seconds: the level window of trim_silence and speech_spans
_LIMITER_HOLD = 0.005  # seconds each side of a peak the limiter's gain is held down, then ramps
_METADATA_SKIPPED = {"major_brand", "minor_version", "compatible_brands", "encoder"}


def _reason(exc: Exception) -> str:
    """ffmpeg's own words for why a file could not be read, without the file name again."""
    return str(getattr(exc, "strerror", None) or exc.__class__.__name__)


def _open(path: Path):
    """``av.open(path)``, or an :class:`InputError` naming a file PyAV cannot read."""
    import av

    try:
        return av.open(str(path))
    except (av.FFmpegError, UnicodeDecodeError) as exc:
        raise InputError(f"{path} is not an audio file ({_reason(exc)})") from None


def _decode(path: Path, rate: int, *, missing_ok: bool) -> np.ndarray | None:
    """The first audio stream of ``path`` as float32 mono at ``rate``, cut to the stream's
    stated length (a decoder hands out whole codec frames, so AAC's last one is padded)."""
    import av

    with _open(path) as container:
        if not container.streams.audio:
            if missing_ok:
                return None
            raise InputError(f"{path} is not an audio file (it has no audio stream)")
        stream = container.streams.audio[0]
        # Channels are averaged here, not by the resampler: its downmix adds them at -3 dB
        # each, which takes a full-scale stereo recording past full scale.
        resampler = av.AudioResampler(format="fltp", rate=rate)
        chunks = []
        try:
            for frame in container.decode(stream):
                frame.pts = None  # the resampler counts samples itself; gaps in pts don't matter here
                chunks.extend(f.to_ndarray().mean(axis=0) for f in resampler.resample(frame))
            chunks.extend(f.to_ndarray().mean(axis=0) for f in resampler.resample(None))
        except (av.FFmpegError, ValueError) as exc:
            raise InputError(f"{path} is not an audio file that can be decoded ({_reason(exc)})") from None
        samples = np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, np.float32)
        if stream.duration and stream.time_base and container.format.name.startswith("mov"):
            # MP4 states the length without AAC's padding: the decoder's whole last frame is cut
            stated = round(float(stream.duration * stream.time_base) * rate)
            samples = samples[:stated]
    if samples.size == 0 and not missing_ok:
        raise InputError(f"{path} is not an audio file (its audio stream holds no sound)")
    return np.clip(samples, -1.0, 1.0)


def probe_audio(path: str | Path) -> dict:
    """``{"rate", "channels", "codec", "seconds"}`` of a sound file's first audio stream, read
    without decoding it; a file that is not audio raises :class:`InputError` naming it."""

    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path} does not exist")
    with _open(path) as container:
        if not container.streams.audio:
            raise InputError(f"{path} is not an audio file (it has no audio stream)")
        stream = container.streams.audio[0]
        if stream.duration and stream.time_base:
            length = float(stream.duration * stream.time_base)
        else:
            length = (container.duration or 0) / 1e6
        return {"rate": stream.rate, "channels": stream.channels, "codec": stream.codec_context.name,
                "seconds": length}


def read_audio(path: str | Path, rate: int = RATE) -> np.ndarray:
    """A sound file (WAV, FLAC, MP3, ... any rate, any channels) as float32 mono in [-1, 1] at
    ``rate``, shape ``(n,)``. A file that is not audio raises :class:`InputError` naming it."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path} does not exist")
    return _decode(path, rate, missing_ok=False)


def audio_track(path: str | Path, rate: int = RATE) -> np.ndarray | None:
    """The first audio track of a file (a video's sound) as :func:`read_audio` gives it, or
    ``None`` when the file has no audio stream."""
    return _decode(Path(path), rate, missing_ok=True)


def seconds(samples: np.ndarray, rate: int) -> float:
    """How long ``samples`` last at ``rate``.

    >>> seconds(np.zeros(24000), 48000)
    0.5
    """
    return len(samples) / rate


def _window_db(samples: np.ndarray, rate: int) -> tuple[np.ndarray, int]:
    """RMS level in dBFS of consecutive 10 ms windows (the last one partial), and the window."""
    window = max(1, round(_WINDOW * rate))
    x = np.asarray(samples, np.float64).reshape(-1)
    n = -(-len(x) // window)
    padded = np.zeros(n * window)
    padded[:len(x)] = x
    power = np.mean(padded.reshape(n, window) ** 2, axis=1)
    if n and len(x) % window:
        power[-1] *= window / (len(x) % window)  # the partial window's own mean
    with np.errstate(divide="ignore"):
        return 10 * np.log10(power), window


def trim_silence(samples: np.ndarray, rate: int, threshold_db: float = -45.0, pad: float = 0.05) -> np.ndarray:
    """``samples`` without their leading and trailing silence (10 ms windows whose RMS level
    is under ``threshold_db`` dBFS), keeping ``pad`` seconds of it at each end. All silence
    gives an empty array.

    >>> x = np.zeros(48000, np.float32); x[24000:28800] = 0.5
    >>> len(trim_silence(x, 48000, pad=0.01)) / 48000
    0.12
    """
    samples = np.asarray(samples, np.float32).reshape(-1)
    level, window = _window_db(samples, rate)
    loud = np.flatnonzero(level > threshold_db)
    if not loud.size:
        return samples[:0].copy()
    keep = round(pad * rate)
    start = max(0, loud[0] * window - keep)
    end = min(len(samples), (loud[-1] + 1) * window + keep)
    return samples[start:end].copy()


def speech_spans(samples: np.ndarray, rate: int, threshold_db: float = -40, min_silence: float = 0.15
                 ) -> list[tuple[float, float]]:
    """Where there is sound, as ``(start, end)`` seconds: 10 ms windows over ``threshold_db``
    dBFS, joined across gaps shorter than ``min_silence`` seconds (the pauses between words).

    >>> x = np.zeros(48000, np.float32); x[4800:9600] = 0.5; x[24000:28800] = 0.5
    >>> speech_spans(x, 48000)
    [(0.1, 0.2), (0.5, 0.6)]
    """
    level, window = _window_db(samples, rate)
    loud = level > threshold_db
    if not loud.any():
        return []
    edges = np.flatnonzero(np.diff(np.concatenate([[False], loud, [False]]).astype(np.int8)))
    runs = edges.reshape(-1, 2)  # [first loud window, first quiet window after it)
    spans = [list(runs[0])]
    gap = round(min_silence * rate / window)
    for start, end in runs[1:]:
        if start - spans[-1][1] < gap:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    total = len(samples)
    return [(round(float(s * window / rate), 4), round(float(min(e * window, total) / rate), 4)) for s, e in spans]


def mix(clips: Iterable[tuple[float, np.ndarray]], length: float, rate: int = RATE) -> np.ndarray:
    """One track exactly ``round(length * rate)`` samples long with each ``(start_seconds,
    samples)`` clip added in at sample ``round(start * rate)``; what runs past either end is cut.

    >>> mix([(0.5, np.ones(3, np.float32))], 1.0, rate=4).tolist()
    [0.0, 0.0, 1.0, 1.0]
    """
    track = np.zeros(round(length * rate), np.float32)
    for start, clip in clips:
        clip = np.asarray(clip, np.float32).reshape(-1)
        at = round(start * rate)
        lo, hi = max(at, 0), min(at + len(clip), len(track))
        if hi > lo:
            track[lo:hi] += clip[lo - at:hi - at]
    return track


@functools.lru_cache(maxsize=1)
def _interpolator() -> tuple[np.ndarray, float]:
    """The 4x interpolation filter's three in-between phases, ``(3, 12)``: row ``p - 1`` weighs
    ``x[n - 5 .. n + 6]`` into the value at ``n + p/4``. The filter is the 49-tap Kaiser
    (beta 5) windowed sinc that ``scipy.signal.resample_poly(x, 4, 1)`` would design, cut to
    12 taps a phase as BS.1770's own; also returned: the most a phase can gain over the
    largest sample it reads (the sum of its taps' magnitudes)."""
    taps = np.arange(4 * 12 + 1) - 4 * 6
    h = np.sinc(taps / TRUE_PEAK_OVERSAMPLE) * np.kaiser(len(taps), 5.0)
    h *= TRUE_PEAK_OVERSAMPLE / h.sum()
    # value at n + p/4 = sum_k h[p + 4k] x[n + 6 - k]; reversed, the taps meet x[n-5..n+6] in order
    phases = np.stack([h[p::4][:12][::-1] for p in range(1, 4)])
    return phases, float(np.abs(phases).sum(axis=1).max())


def _true_peaks(samples: np.ndarray, floor: float) -> np.ndarray:
    """Per sample ``n``, the largest magnitude of the 4x oversampled signal at ``n``, ``n+1/4``,
    ``n+2/4``, ``n+3/4`` (BS.1770 true peak), exact wherever it could reach ``floor``; elsewhere
    just ``|x[n]|``, which is then below ``floor`` as well. Only blocks near a peak are
    interpolated, so a long track costs little more than one pass over it."""
    x = np.asarray(samples, np.float64).reshape(-1)
    env = np.abs(x)
    n = len(x)
    if not n:
        return env
    phases, gain = _interpolator()
    # Blocks of 64 samples whose own or neighbours' largest sample, times the most a phase can
    # gain, reaches the floor: only their samples can have a true peak there.
    size = 64
    blocks = -(-n // size)
    top = np.zeros(blocks * size)
    top[:n] = env
    top = top.reshape(blocks, size).max(axis=1)
    top[1:] = np.maximum(top[1:], top[:-1].copy())
    top[:-1] = np.maximum(top[:-1], top[1:].copy())
    near = np.flatnonzero(top * gain >= floor)
    reach = np.arange(size + 11) - 5  # block j's samples read x[64j - 5 .. 64j + 69]
    for chunk in np.array_split(near, -(-near.size // 4096)) if near.size else ():
        at = chunk[:, None] * size + reach
        inside = (at >= 0) & (at < n)
        slab = np.where(inside, x[np.clip(at, 0, n - 1)], 0.0)
        windows = np.lib.stride_tricks.sliding_window_view(slab, 12, axis=1)  # (blocks, 64, 12)
        inter = np.abs(windows @ phases.T).max(axis=2).reshape(-1)
        where = (chunk[:, None] * size + np.arange(size)).reshape(-1)
        keep = where < n
        env[where[keep]] = np.maximum(env[where[keep]], inter[keep])
    return env


def _peak(samples: np.ndarray) -> float:
    """The true peak of ``samples`` (linear): only samples within reach of the largest one matter."""
    x = np.asarray(samples, np.float64).reshape(-1)
    if not x.size:
        return 0.0
    return float(_true_peaks(x, float(np.abs(x).max())).max())


def _db(value: float) -> float:
    return 20 * math.log10(value) if value > 0 else -math.inf


def loudness(samples: np.ndarray, rate: int) -> dict:
    """``{"integrated_lufs", "true_peak_dbtp"}`` of ``samples``: EBU R128 / ITU-R BS.1770
    integrated loudness (pyloudnorm; a clip under 0.4 s is measured padded with silence to
    0.4 s) and the 4x oversampled true peak. Silence is ``-inf`` for both."""
    x = np.asarray(samples, np.float64).reshape(-1)
    return {"integrated_lufs": _integrated(x, rate), "true_peak_dbtp": _db(_peak(x))}


def _integrated(x: np.ndarray, rate: int) -> float:
    import pyloudnorm

    if not x.size or not np.any(x):
        return -math.inf
    block = math.ceil(LOUDNESS_BLOCK * rate)
    if len(x) < block:
        x = np.concatenate([x, np.zeros(block - len(x))])
    value = float(pyloudnorm.Meter(rate).integrated_loudness(x))
    return value if math.isfinite(value) else -math.inf


def _limit(x: np.ndarray, rate: int, ceiling: float) -> np.ndarray:
    """A look-ahead peak limiter: gain ``min(1, ceiling / true peak)`` held for a few ms around
    each peak (a minimum filter) and smoothed by a moving average no wider than the hold, so
    the smoothed gain is never above what any sample needs. Only the stretches around peaks
    are filtered: elsewhere the gain is 1."""
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    env = _true_peaks(x, ceiling)
    over = np.flatnonzero(env > ceiling)
    if not over.size:
        return x
    half = max(1, round(_LIMITER_HOLD * rate))
    width = 2 * half + 1
    # stretches where the gain can differ from 1: within two half-widths of a sample over
    breaks = np.flatnonzero(np.diff(over) > 4 * half + 2)
    starts = np.concatenate([[over[0]], over[breaks + 1]]) - 2 * half
    ends = np.concatenate([over[breaks], [over[-1]]]) + 2 * half + 1
    out = x.copy()
    for start, end in zip(np.maximum(starts, 0), np.minimum(ends, len(x))):
        need = np.minimum(1.0, ceiling / np.maximum(env[start:end], 1e-12))
        gain = uniform_filter1d(minimum_filter1d(need, width, mode="constant", cval=1.0), width,
                                mode="constant", cval=1.0)
        out[start:end] *= np.minimum(gain, need)  # min(): uniform_filter1d's rounding, not the design
    return out


def normalise_loudness(samples: np.ndarray, rate: int, target_lufs: float = -16.0,
                       peak_dbtp: float = -1.0) -> np.ndarray:
    """``samples`` made ``target_lufs`` loud (EBU R128 integrated loudness, pyloudnorm) and
    then limited so their true peak (4x oversampled) stays under ``peak_dbtp`` (it ends 0.05 dB
    under). The limiter only turns the peaks down (5 ms hold, 10 ms ramps); the loudness it
    takes away is made up and the peaks limited again, so the result is within 0.1 LU of the
    target (unless a handful of peaks hold most of the energy). Silence (nothing over BS.1770's
    -70 LUFS gate) comes back unchanged. float32, shape ``(n,)``."""
    x = np.asarray(samples, np.float64).reshape(-1)
    current = _integrated(x, rate)
    if not math.isfinite(current):
        return np.asarray(samples, np.float32).reshape(-1).copy()
    ceiling = 10 ** (peak_dbtp / 20)
    margin = 10 ** (-0.05 / 20)  # room for the gain's own ripple and float32
    out = x
    for _ in range(4):  # limiting lowers loudness a little: make it up and limit again
        out = _limit(x * 10 ** ((target_lufs - current) / 20), rate, ceiling * margin)
        reached = _integrated(out, rate)
        if abs(reached - target_lufs) < 0.1:
            break
        current += reached - target_lufs
    for _ in range(4):  # a steep gain ramp can still overshoot by a hair: scale that away
        peak = _peak(out)
        if peak < ceiling:
            break
        out = out * (ceiling * margin / peak)
    return out.astype(np.float32)


def _fit(samples: np.ndarray, count: int) -> np.ndarray:
    """``samples`` padded with silence or cut to exactly ``count``."""
    samples = np.asarray(samples, np.float32).reshape(-1)[:count]
    if len(samples) < count:
        samples = np.concatenate([samples, np.zeros(count - len(samples), np.float32)])
    return samples


def _video_length(path: Path) -> Fraction:
    """A video's exact length: its first to its last frame's end, in seconds (a Fraction)."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        ends = [(p.pts, p.pts + (p.duration or 0)) for p in container.demux(stream) if p.size and p.pts is not None]
        if not ends:
            raise InputError(f"{path} has no video frames")
        first = min(s for s, _ in ends)
        last = max(e for _, e in ends)
        if last == max(s for s, _ in ends):  # no packet durations: one frame at the nominal rate
            from mathviz.media.probe import nominal_rate

            last += round(1 / (nominal_rate(stream) * stream.time_base))
        return Fraction(last - first) * stream.time_base


def _aac_packets(stream, samples: np.ndarray, rate: int):
    import av

    for at in range(0, len(samples), AAC_FRAME):
        chunk = np.ascontiguousarray(samples[at:at + AAC_FRAME])
        frame = av.AudioFrame.from_ndarray(chunk[None, :], format="flt", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = rate, at, Fraction(1, rate)
        yield from stream.encode(frame)
    yield from stream.encode(None)


def mux_audio(video: str | Path, samples: np.ndarray, rate: int, dest: str | Path) -> Path:
    """Write ``dest`` (atomically): ``video``'s video stream copied packet for packet (no
    re-encode), its title and chapters, and one AAC stream (mono, 128 kb/s, at ``rate``) of
    ``samples`` padded with silence or cut to the video's exact length. The audio starts at
    0 (AAC's 1024 priming samples are hidden by the MP4 edit list) and ends with the video's
    last frame: the movie time scale is the audio rate, so the edit list is sample-exact.
    Any sound ``video`` had is replaced."""
    import heapq

    import av

    video, dest = Path(video), Path(dest)
    rate = int(rate)
    length = _video_length(video)
    samples = np.clip(_fit(samples, round(length * rate)), -1.0, 1.0)
    with files.atomic_path(dest) as tmp, av.open(str(video)) as src:
        source = src.streams.video[0]
        out = av.open(str(tmp), "w", format="mp4",
                      options={"movflags": "+faststart", "movie_timescale": str(rate)})
        try:
            for key, value in src.metadata.items():
                if key not in _METADATA_SKIPPED:
                    out.metadata[key] = value
            picture = out.add_stream_from_template(source)
            sound = out.add_stream("aac", rate=rate, layout="mono")
            sound.bit_rate = AAC_BIT_RATE

            def timed(packets, target):
                for packet in packets:
                    if packet.dts is None:
                        continue  # the demuxer's end-of-stream marker
                    packet.stream = target
                    yield float(packet.dts * packet.time_base), packet

            vids = ((t, 0, p) for t, p in timed(src.demux(source), picture))
            auds = ((t, 1, p) for t, p in timed(_aac_packets(sound, samples, rate), sound))
            for _, _, packet in heapq.merge(vids, auds, key=lambda item: item[:2]):
                out.mux(packet)
            chapters = src.chapters()
            if chapters:
                out.set_chapters(chapters)
        finally:
            out.close()
    return dest
