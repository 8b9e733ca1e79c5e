"""Frames out of a video, and images out of frames: decode at given times, PNG, contact sheets."""

from __future__ import annotations

import numpy as np


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
    """The last decoded frame of a video, (H, W, 3)."""
    return frames_at(path, [float("inf")], fmt)[0]


def is_blank(image: np.ndarray, tolerance: int = 16) -> bool:
    """Whether an (H, W, 3) image is one flat colour (every pixel within ``tolerance`` levels of
    the median): the bare background, nothing drawn on it."""
    colour = np.median(image.reshape(-1, image.shape[-1]), axis=0)
    return bool(np.abs(image.astype(np.int16) - colour.astype(np.int16)).max() <= tolerance)


def poster_frame(path, share: float = 0.98) -> np.ndarray:
    """The still that stands for a clip (a slide at rest, a thumbnail): its last frame, what the
    clip arrives at, (H, W, 3) RGB.

    A clip that ends on the bare background (it fades everything out, as a
    title card does) would stand for nothing that way: then it is the last of
    the frames with the most drawn on them (at least ``share`` of the most), the
    moment before the fade.
    """
    import av

    last = last_frame(path)
    if not is_blank(last):
        return last
    background = np.median(last.reshape(-1, 3), axis=0).astype(np.int16)
    best, best_score, most = last, 0.0, 0.0
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            image = frame.to_ndarray(format="rgb24")
            score = float(np.abs(image.astype(np.int16) - background).max(axis=2).sum())
            most = max(most, score)
            if score > 0 and score >= share * most:
                best, best_score = image, score
    return best if best_score > 0 else last


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


def read_png(path) -> np.ndarray:
    """A PNG's pixels (a path, or a binary file object) as (H, W, 3) uint8 RGB."""
    import av

    with av.open(path if hasattr(path, "read") else str(path)) as container:
        return next(container.decode(video=0)).to_ndarray(format="rgb24")
