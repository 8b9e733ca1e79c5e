"""What a video is, read without decoding it: size, rate, frames, codec parameters, x264 settings.

Frame counting lives here and only here (:func:`video_info`, :func:`count_frames`).
"""

from __future__ import annotations

from pathlib import Path


def video_info(path) -> dict:
    """``{"width", "height", "fps", "frames", "seconds", "codec", "pix_fmt"}`` of the first video stream.

    Frames are counted as the packets that hold one (not decoded), ``seconds`` is
    ``frames / fps``.
    """
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for packet in container.demux(stream) if packet.size)
        fps = float(stream.average_rate or stream.guessed_rate or 0)
        return {
            "width": stream.codec_context.width,
            "height": stream.codec_context.height,
            "fps": fps,
            "frames": frames,
            "seconds": frames / fps if fps else 0.0,
            "codec": stream.codec_context.name,
            "pix_fmt": stream.codec_context.pix_fmt,
        }


def count_frames(path) -> tuple[int, float]:
    """``(frames, seconds)`` of a video's first stream (packets counted, not decoded)."""
    info = video_info(path)
    return info["frames"], info["seconds"]


def nominal_rate(stream):
    """A PyAV video stream's frame rate as written (a ``Fraction``): manim's own joins leave a
    few ticks of jitter in the average, so the base rate comes first."""
    return stream.base_rate or stream.guessed_rate or stream.average_rate


def stream_signature(path: str | Path) -> dict:
    """What must agree between videos for their packets to share one output stream."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        ctx = stream.codec_context
        return {
            "codec": ctx.name, "width": ctx.width, "height": ctx.height, "pix_fmt": ctx.pix_fmt,
            "profile": ctx.profile, "time_base": stream.time_base,
            "rate": nominal_rate(stream),
            "extradata": bytes(ctx.extradata or b""),
            "audio": len(container.streams.audio),
        }


def x264_settings(path) -> str:
    """The settings string x264 writes into the first frame it encodes (``cabac=1 ref=1 ...``),
    or ``""`` when the first video stream was not encoded by x264."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        for packet in container.demux(stream):
            data = bytes(packet)
            if data:
                marker = data.find(b"x264 - core")
                if marker < 0:
                    return ""
                text = data[marker:].split(b"\x00", 1)[0]
                return text.split(b"options: ", 1)[-1].decode("ascii", "replace")
    return ""
