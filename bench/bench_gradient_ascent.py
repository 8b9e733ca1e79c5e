"""Frames per second of the gradient-ascent scene against a naive ManimCE surface scene.

Both render at 480p15 in the same run, alternating, so they share the machine's
load. The naive scene (bench/naive_surface.py) is a 32x32 ``Surface`` under a
rotating camera: Cairo shades, depth-sorts and draws every face in Python on
every frame. The target: the real scene renders at least 4x its frame rate.

    .venv/bin/python bench/bench_gradient_ascent.py [--reps 3]

Frame rates:
  naive  frames of its video / wall time of ``manim -ql --disable_caching`` (the
         whole command, interpreter start and import of manim included);
  real   frames / ``render_seconds`` from ``mathviz render --json`` (the worker's
         time, which includes importing manim and compiling LaTeX); the wall time
         of the whole ``mathviz`` command is printed too.
Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO))

from mathviz.media import video_info  # noqa: E402


def naive(work: Path) -> tuple[int, float]:
    media = work / "naive"
    started = time.perf_counter()
    subprocess.run([str(BIN / "manim"), "-ql", "--disable_caching", "--progress_bar", "none",
                    "--media_dir", str(media), str(REPO / "bench" / "naive_surface.py"), "NaiveSurface"],
                   check=True, capture_output=True, cwd=REPO)
    wall = time.perf_counter() - started
    movie = next(media.rglob("480p15/NaiveSurface.mp4"))
    return video_info(movie)["frames"], wall


def render(scene_id: str, work: Path) -> tuple[int, float, float]:
    """Frames, the worker's render seconds and the whole command's wall time of one low render."""
    started = time.perf_counter()
    out = subprocess.run([str(BIN / "mathviz"), "render", scene_id, "-q", "low", "--json", "--force",
                          "-j", "1", "-o", str(work / scene_id)], check=True, capture_output=True, text=True,
                         cwd=REPO).stdout
    wall = time.perf_counter() - started
    (result,) = json.loads(out)
    if result["error"]:
        raise SystemExit(f"{scene_id} failed: {result['error']}")
    return result["frames"], result["render_seconds"], wall


def real(work: Path) -> tuple[int, float, float]:
    return render("gradient-ascent", work)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for rep in range(args.reps):
        work = Path(tempfile.mkdtemp(prefix="bench-ga-"))
        try:
            n_frames, n_wall = naive(work)
            r_frames, r_seconds, r_wall = real(work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        row = {"naive_fps": n_frames / n_wall, "real_fps": r_frames / r_seconds,
               "real_wall_fps": r_frames / r_wall}
        row["ratio"] = row["real_fps"] / row["naive_fps"]
        rows.append(row)
        print(f"rep {rep + 1}: naive {n_frames} frames in {n_wall:.1f} s = {row['naive_fps']:.2f} fps | "
              f"gradient-ascent {r_frames} frames in {r_seconds:.1f} s = {row['real_fps']:.2f} fps "
              f"(whole command {r_wall:.1f} s = {row['real_wall_fps']:.2f} fps) | ratio {row['ratio']:.2f}",
              flush=True)
    med = {key: statistics.median(r[key] for r in rows) for key in rows[0]}
    print(f"median: naive {med['naive_fps']:.2f} fps, gradient-ascent {med['real_fps']:.2f} fps "
          f"({med['real_wall_fps']:.2f} fps whole command); ratio of medians "
          f"{med['real_fps'] / med['naive_fps']:.2f}x, median ratio {med['ratio']:.2f}x (target >= 4x)")


if __name__ == "__main__":
    main()
