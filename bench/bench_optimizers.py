"""Frames per second of the optimizers scene against gradient-ascent, and both against plain manim.

The issue's target: optimizers renders at least as fast per frame as gradient-ascent.
Both render at 480p15 (``mathviz render -q low --force``) in the same run,
alternating, so they share the machine's load; frames / ``render_seconds`` (the
worker's time, import of manim and LaTeX included) is each one's rate. The
plain-manim reference is bench/naive_surface.py (as in bench_gradient_ascent.py).

    .venv/bin/python bench/bench_optimizers.py [--reps 3]

Not part of the test run.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_gradient_ascent import naive, render  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for rep in range(args.reps):
        work = Path(tempfile.mkdtemp(prefix="bench-opt-"))
        try:
            n_frames, n_wall = naive(work)
            g_frames, g_seconds, _ = render("gradient-ascent", work)
            o_frames, o_seconds, _ = render("optimizers", work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        row = {"naive": n_frames / n_wall, "gradient-ascent": g_frames / g_seconds, "optimizers": o_frames / o_seconds}
        rows.append(row)
        print(f"rep {rep + 1}: plain manim surface {row['naive']:.1f} fps | gradient-ascent {g_frames} frames "
              f"{row['gradient-ascent']:.1f} fps | optimizers {o_frames} frames {row['optimizers']:.1f} fps | "
              f"optimizers / gradient-ascent {row['optimizers'] / row['gradient-ascent']:.2f}", flush=True)
    ratio = statistics.median(r["optimizers"] / r["gradient-ascent"] for r in rows)
    print(f"median over {len(rows)} reps: optimizers / gradient-ascent = {ratio:.2f} (target >= 1), "
          f"optimizers / plain manim surface = {statistics.median(r['optimizers'] / r['naive'] for r in rows):.2f}")


if __name__ == "__main__":
    main()
