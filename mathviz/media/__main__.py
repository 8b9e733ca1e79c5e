"""Write a contact sheet of a video's frames at given seconds (default: six evenly spaced).

``python -m mathviz.media VIDEO OUT.png [--at 1,5,12] [--cols 2]``
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from mathviz.media import contact_sheet, frames_at, save_png, video_info


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
