"""Cut and join videos: packets copied when the streams allow it, re-encoded (one H.264
setting, :func:`mathviz.media.encode.h264_stream`) when they don't. Outputs appear atomically.

Sound (a narrated render's one AAC track) goes along: a join's track is every input's own
track (silence for an input without one, such as a silent title card) placed sample for
sample where that input starts, and a cut's track is the source's samples over the span the
video cut actually got. Either is muxed beside the video packets by
:func:`mathviz.media.audio.mux_audio`, as long as the video to the sample. A join is not
normalised again: every narrated part already is (-16 LUFS), so each keeps its own level.
Inputs without sound give an output without sound.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Sequence

from mathviz import files
from mathviz.errors import InputError
from mathviz.media.audio import RATE, audio_track, mix, mux_audio
from mathviz.media.chapters import chapter_entries
from mathviz.media.encode import h264_frame, h264_stream
from mathviz.media.probe import nominal_rate, stream_signature

JOIN_METHODS = ("auto", "remux", "reencode")


class Incompatible(InputError):
    """Inputs whose packets cannot simply be copied into one stream."""


@dataclass
class JoinResult:
    path: str
    method: str  # "remux" (packets copied) or "reencode"
    starts: list[float]  # where each input begins in the output, seconds
    seconds: float  # length of the output
    frames: int
    sound: bool = False  # whether the output has an audio track


def has_audio(path: str | Path) -> bool:
    """Whether a file has an audio stream (read without decoding)."""
    import av

    with av.open(str(path)) as container:
        return bool(container.streams.audio)


def _video_only(tmp: Path) -> Path:
    """Where the video stream goes before its sound is muxed beside it into ``tmp``: a hidden
    sibling :func:`mathviz.files.leftovers` recognises, should the process die."""
    return tmp.with_name(f"{tmp.name}-video.mp4")


def _remux(inputs: Sequence[Path], tmp: Path, title: str) -> tuple[list[Fraction], Fraction, int, object]:
    """Copy every packet of ``inputs`` into ``tmp``, each input shifted to start where the last ended."""
    import av

    signatures = [stream_signature(p) for p in inputs]
    first = signatures[0]
    for path, sig in zip(inputs, signatures):
        differs = [k for k in first if k != "audio" and sig[k] != first[k]]  # only video packets are copied
        if differs:
            raise Incompatible(f"{Path(path).name} differs from {Path(inputs[0]).name} in {', '.join(differs)}")
    output = av.open(str(tmp), "w", format="mp4", options={"movflags": "+faststart"})
    starts: list[Fraction] = []
    try:
        if title:
            output.metadata["title"] = title
        with av.open(str(inputs[0])) as template:
            out_stream = output.add_stream_from_template(template.streams.video[0])
        offset = 0  # in the inputs' common time base
        last_dts = None
        frames = 0
        tb = first["time_base"]
        for path in inputs:
            with av.open(str(path)) as container:
                stream = container.streams.video[0]
                packets = [p for p in container.demux(stream) if p.dts is not None]
                if not packets:
                    raise Incompatible(f"{Path(path).name} has no video packets")
                first_pts = min(p.pts for p in packets)
                end = max(p.pts + (p.duration or 0) for p in packets)
                if not packets[0].is_keyframe:
                    raise Incompatible(f"{Path(path).name} does not start on a key frame")
                starts.append(Fraction(offset) * tb)
                shift = offset - first_pts
                for packet in packets:
                    packet.pts += shift
                    packet.dts += shift
                    if last_dts is not None and packet.dts <= last_dts:
                        raise Incompatible(f"decode times would go backwards at {Path(path).name}")
                    last_dts = packet.dts
                    packet.stream = out_stream
                    output.mux(packet)
                    frames += 1
                offset += end - first_pts
        return starts, Fraction(offset) * tb, frames, output
    except BaseException:
        output.close()
        raise


def _reencode(inputs: Sequence[Path], tmp: Path, title: str) -> tuple[list[Fraction], Fraction, int, object]:
    """Decode every input and encode one H.264 stream at the first input's size and rate."""
    import av

    first = stream_signature(inputs[0])
    rate = Fraction(first["rate"]).limit_denominator(1001)
    output = av.open(str(tmp), "w", format="mp4", options={"movflags": "+faststart"})
    try:
        if title:
            output.metadata["title"] = title
        stream = h264_stream(output, rate, first["width"], first["height"])
        frames, starts = 0, []
        for path in inputs:
            starts.append(frames / rate)
            with av.open(str(path)) as container:
                for frame in container.decode(video=0):
                    output.mux(stream.encode(h264_frame(frame, stream, frames)))
                    frames += 1
        output.mux(stream.encode())
        return starts, frames / rate, frames, output
    except BaseException:
        output.close()
        raise


def join_videos(inputs: Sequence[str | Path], dest: str | Path, *, title: str = "",
                chapters: Sequence[tuple[int, str]] = (), method: str = "auto") -> JoinResult:
    """Join ``inputs`` (videos of one size) into the MP4 ``dest``, atomically.

    ``chapters`` are ``(input index, title)`` pairs: a marker starting where that
    input starts, ending where the next marker starts. ``method`` is ``"auto"``
    (copy packets when the streams allow, else re-encode), ``"remux"`` (raise
    :class:`Incompatible` when they don't) or ``"reencode"``.

    When any input has sound, the output has one AAC track (:func:`joined_sound`: each
    input's own samples from where it starts, silence for an input without sound), not
    normalised again; when none has, the output has none.
    """
    if method not in JOIN_METHODS:
        raise InputError(f"unknown join method {method!r}: choose {', '.join(JOIN_METHODS)}")
    inputs = [Path(p) for p in inputs]
    if not inputs:
        raise InputError("nothing to join")
    sound = any(has_audio(p) for p in inputs)
    with files.atomic_path(dest) as tmp:
        video = _video_only(tmp) if sound else tmp
        try:
            if method == "reencode":
                starts, total, frames, output = _reencode(inputs, video, title)
                used = "reencode"
            else:
                try:
                    starts, total, frames, output = _remux(inputs, video, title)
                    used = "remux"
                except Incompatible:
                    if method == "remux":
                        raise
                    video.unlink(missing_ok=True)
                    starts, total, frames, output = _reencode(inputs, video, title)
                    used = "reencode"
            try:
                marks = [(float(starts[i]), name) for i, name in chapters]
                if marks:
                    output.set_chapters(chapter_entries(marks, float(total)))
            finally:
                output.close()
            if sound:
                mux_audio(video, joined_sound(inputs, starts, total), RATE, tmp)
        finally:
            if sound:
                video.unlink(missing_ok=True)
    return JoinResult(str(dest), used, [float(s) for s in starts], float(total), frames, sound)


def joined_sound(inputs: Sequence[str | Path], starts: Sequence, total, rate: int = RATE):
    """One track ``total`` seconds long: each input's own sound (:func:`audio_track`, exactly
    as long as that input's video) from sample ``round(start * rate)``; silence where an input
    has none. Inputs are read one at a time, so only the one track is held whole."""
    clips = ((float(start), track) for path, start in zip(inputs, starts)
             for track in [audio_track(path, rate)] if track is not None)
    return mix(clips, float(total), rate)


def cut_video(src: str | Path, start: float, end: float, dest: str | Path) -> str:
    """Copy the part ``[start, end)`` (seconds) of ``src`` into ``dest``; returns the method used.

    Beats start where a manim animation starts, and manim encodes each
    animation on its own, so a beat always starts on a key frame that nothing
    before it refers to: the packets are copied (``"remux"``). A beat's time
    (the sum of run times) can be a fraction of a frame away from the frame
    where its animation begins, so ``start`` and ``end`` snap to a key frame
    within a frame and a half. Should a start not be near a key frame, that
    clip is re-encoded instead (``"reencode"``).

    A source with sound gives a clip with sound: the source's samples over the span the
    clip's frames actually cover (from its first frame to the end of its last, as snapped),
    sample 0 being the source's first frame, at the source's own rate.
    """
    import av

    with files.atomic_path(dest) as tmp:
        with av.open(str(src)) as container:
            rate = container.streams.audio[0].rate if container.streams.audio else None  # of its sound
            video = _video_only(tmp) if rate else tmp
            stream = container.streams.video[0]
            tb = stream.time_base
            frame = 1 / Fraction(nominal_rate(stream) or 1) / tb
            everything = [p for p in container.demux(stream) if p.dts is not None]
            keys = [p.pts for p in everything if p.is_keyframe]
            origin = min((p.pts for p in everything), default=0)

            def bound(t: float):
                ticks = Fraction(t) / tb
                near = min(keys, key=lambda k: abs(k - ticks), default=None)
                return near if near is not None and abs(near - ticks) <= frame * 3 / 2 else ticks - frame / 2

            lo, hi = bound(start), bound(end)
            packets = [p for p in everything if lo <= p.pts < hi]
            method = "remux" if packets and packets[0].is_keyframe else "reencode"
            if method == "remux":
                shift = min(p.pts for p in packets)
                got = max(p.pts + (p.duration or frame) for p in packets)
                span = ((shift - origin) * tb, (got - origin) * tb)
                with av.open(str(video), "w", format="mp4") as output:
                    out_stream = output.add_stream_from_template(stream)
                    for packet in packets:
                        packet.pts -= shift
                        packet.dts -= shift
                        packet.stream = out_stream
                        output.mux(packet)
        try:
            if method == "reencode":
                first, length = _reencode_range(src, start, end, video)
                span = (first - origin * tb, first - origin * tb + length)
            if rate:
                track = audio_track(src, rate)
                piece = track[max(0, round(span[0] * rate)):max(0, round(span[1] * rate))]
                mux_audio(video, piece, rate, tmp)
        finally:
            if rate:
                video.unlink(missing_ok=True)
    return method


def _reencode_range(src, start: float, end: float, tmp: Path) -> tuple[Fraction, Fraction]:
    """Re-encode the frames of ``src`` in ``[start, end)`` into ``tmp``; returns where the
    first one is in ``src`` and how long the clip lasts, in seconds."""
    import av

    sig = stream_signature(src)
    rate = Fraction(sig["rate"]).limit_denominator(1001)
    half = 0.5 / float(rate)
    first = None
    with av.open(str(src)) as container, av.open(str(tmp), "w", format="mp4") as output:
        stream = h264_stream(output, rate, sig["width"], sig["height"])
        n = 0
        for frame in container.decode(video=0):
            t = float(frame.pts * frame.time_base)
            if t < start - half:
                continue
            if t >= end - half:
                break
            if first is None:
                first = Fraction(frame.pts) * frame.time_base
            output.mux(stream.encode(h264_frame(frame, stream, n)))
            n += 1
        output.mux(stream.encode())
    return (first if first is not None else Fraction(start)), n / rate
