"""Every video operation in one place, with PyAV: probe, read frames, PNG, GIF, encoder settings.

``python -m mathviz.media VIDEO OUT.png [--at 1,5,12] [--cols 2]`` writes a contact
sheet of the frames at those seconds (default: six evenly spaced).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

# A GIF is for slides and chat: at most 480p and 15 frames/s whatever the quality, 128 colours.
GIF_SHORT_SIDE, GIF_FPS, GIF_COLOURS = 480, 15, 128
# The x264 preset of every MP4 manim writes (its own default is "medium"). Measured on
# limit-of-secants at 1080p60, at manim's CRF 23, against a lossless encode of the same frames:
# medium 76 s of CPU, PSNR 46.6 dB, 0.96 MB; superfast 51 s, 47.3 dB, 1.36 MB. manim's content
# (flat colours, thin lines) loses nothing to the faster search, and encoding was half the work.
X264_PRESET = "superfast"


def video_info(path) -> dict:
    """``{"width", "height", "fps", "frames", "seconds", "codec", "pix_fmt"}`` of the first video stream."""
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


def frames_at(path, seconds: list[float], fmt: str = "rgb24") -> list[np.ndarray]:
    """Decoded frames (H, W, 3) nearest to each time in ``seconds`` (in order of time)."""
    import av

    wanted = sorted(seconds)
    out: list[np.ndarray] = []
    last = None
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        # manim's joined files stamp frames up to ~0.3 ms early: allow half a frame
        slack = 0.5 / float(stream.average_rate or stream.guessed_rate or 1000)
        for frame in container.decode(stream):
            t = float(frame.pts * frame.time_base)
            while wanted and t >= wanted[0] - slack:
                out.append(frame.to_ndarray(format=fmt))
                wanted.pop(0)
            last = frame
            if not wanted:
                break
    while wanted and last is not None:  # times past the end: the last frame
        out.append(last.to_ndarray(format=fmt))
        wanted.pop(0)
    return out


def last_frame(path, fmt: str = "rgb24") -> np.ndarray:
    return frames_at(path, [float("inf")], fmt)[0]


def contact_sheet(images: list[np.ndarray], cols: int = 2, gap: int = 6) -> np.ndarray:
    """Tile same-sized images into one, row by row, with a grey gap."""
    h, w, c = images[0].shape
    rows = -(-len(images) // cols)
    sheet = np.full((rows * h + (rows - 1) * gap, cols * w + (cols - 1) * gap, c), 128, np.uint8)
    for i, img in enumerate(images):
        r, k = divmod(i, cols)
        sheet[r * (h + gap): r * (h + gap) + h, k * (w + gap): k * (w + gap) + w] = img
    return sheet


def save_png(image: np.ndarray, path, alpha: bool = False) -> None:
    """Write an (H, W, 3 or 4) uint8 image as PNG; ``alpha`` keeps the fourth channel."""
    import av

    fmt = "rgba" if alpha else "rgb24"
    pixels = np.ascontiguousarray(image[..., :4] if alpha else image[..., :3])
    frame = av.VideoFrame.from_ndarray(pixels, format=fmt)
    with av.open(str(path), "w", format="image2") as container:
        stream = container.add_stream("png", rate=1)
        stream.width, stream.height, stream.pix_fmt = image.shape[1], image.shape[0], fmt
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video")
    parser.add_argument("out")
    parser.add_argument("--at", default="", help="comma-separated seconds")
    parser.add_argument("--cols", type=int, default=2)
    args = parser.parse_args(argv)
    info = video_info(args.video)
    times = [float(t) for t in args.at.split(",") if t] or list(np.linspace(0, info["seconds"] - 0.05, 6))
    save_png(contact_sheet(frames_at(args.video, times), cols=args.cols), args.out)
    print(f"{args.out}: {len(times)} frames of {Path(args.video).name} at {', '.join(f'{t:.1f}' for t in times)} s")


if __name__ == "__main__":
    main()





def count_frames(path) -> tuple[int, float]:
    """``(frames, seconds)`` of a video's first stream (packets counted, not decoded)."""
    info = video_info(path)
    return info["frames"], info["seconds"]


def write_gif(video: Path, gif: Path, colours: int = GIF_COLOURS) -> Path:
    """Convert ``video`` to a GIF that loops forever; returns ``gif``.

    Two passes over the file, so no frame is held in memory: ffmpeg's
    ``palettegen`` over every pixel of every frame (the background included),
    then ``paletteuse`` without dithering (a dither pattern changes from frame
    to frame and defeats the GIF encoder's rectangle-of-change compression).
    GIF delays are whole hundredths of a second: frames get 7, 7, 6, ...
    hundredths so that 15 frames/s keep their true pace on average.
    """
    from fractions import Fraction

    import av

    with av.open(str(video)) as source:
        stream = source.streams.video[0]
        graph = av.filter.Graph()
        feed, sink = graph.add_buffer(template=stream), graph.add("buffersink")
        palettegen = graph.add("palettegen", f"stats_mode=full:max_colors={colours}")
        feed.link_to(palettegen)
        palettegen.link_to(sink)
        graph.configure()
        for frame in source.decode(stream):
            feed.push(frame)
        feed.push(None)
        palette = graph.pull()
    centis = Fraction(1, 100)
    with av.open(str(video)) as source, av.open(str(gif), "w", format="gif") as target:
        stream = source.streams.video[0]
        fps = Fraction(stream.average_rate or GIF_FPS)
        out = target.add_stream("gif", rate=fps)
        out.width, out.height, out.pix_fmt = stream.codec_context.width, stream.codec_context.height, "pal8"
        out.codec_context.time_base = centis
        graph = av.filter.Graph()
        feed, sink = graph.add_buffer(template=stream), graph.add("buffersink")
        palette_feed = graph.add_buffer(width=palette.width, height=palette.height, format=palette.format.name,
                                        time_base=Fraction(1, 1))
        paletteuse = graph.add("paletteuse", "dither=none:diff_mode=rectangle")
        feed.link_to(paletteuse, 0, 0)
        palette_feed.link_to(paletteuse, 0, 1)
        paletteuse.link_to(sink)
        graph.configure()
        palette.pts = 0
        palette_feed.push(palette)
        palette_feed.push(None)  # one palette for the whole clip
        written = 0

        def drain():
            nonlocal written
            while True:
                try:
                    frame = graph.pull()
                except (av.error.BlockingIOError, av.error.EOFError):
                    return
                frame.pts, frame.time_base = round(written * 100 / fps), centis
                written += 1
                target.mux(out.encode(frame))

        for frame in source.decode(stream):
            feed.push(frame)
            drain()
        feed.push(None)
        drain()
        target.mux(out.encode())
    return gif

