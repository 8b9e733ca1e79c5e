"""Read frames back from rendered videos with PyAV (for tests, stills and looking at work).

``python -m mathviz.media VIDEO OUT.png [--at 1,5,12] [--cols 2]`` writes a contact
sheet of the frames at those seconds (default: six evenly spaced).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np


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


def save_png(image: np.ndarray, path) -> None:
    import av

    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(image[..., :3]), format="rgb24")
    with av.open(str(path), "w", format="image2") as container:
        stream = container.add_stream("png", rate=1)
        stream.width, stream.height, stream.pix_fmt = image.shape[1], image.shape[0], "rgb24"
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
