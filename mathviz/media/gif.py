"""GIFs for slides and chat: one palette per clip, no dither, true pace in whole hundredths."""

from __future__ import annotations

from pathlib import Path

# A GIF is for slides and chat: at most 480p and 15 frames/s whatever the quality, 128 colours.
GIF_SHORT_SIDE, GIF_FPS, GIF_COLOURS = 480, 15, 128


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

