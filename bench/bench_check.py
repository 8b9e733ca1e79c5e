"""How long ``mathviz check`` takes on the whole catalogue, against plain manim's dry run.

The target (issue 12): checking every catalogue scene in every theme and aspect takes a few
minutes at most on two cores. Measured here, in the same run and alternating so both share
the machine's load:

  check  wall and CPU time of ``mathviz check --all --all-themes --all-aspects --json``
         (every scene in 3 themes x 4 aspects, one process per scene and theme, as many at
         once as there are cores); it must exit 0, the catalogue clean;
  manim  CPU time of ``manim -ql --dry_run FILE Class`` for every catalogue scene in one
         look (the default), one after another: what manim itself spends to run the scene
         without frames, interpreter start, import and LaTeX included.

The ratio printed is the check's CPU seconds per scene and look over plain manim's: what the
inspection, the text-hidden background and the storyboard-free bookkeeping add to a bare run.

    .venv/bin/python bench/bench_check.py [--reps 2]

Not part of the test run.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO))

from mathviz.kit import registry  # noqa: E402

LOOKS = 3 * 4


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def check_all() -> tuple[float, float]:
    """(wall, CPU) seconds of one whole-catalogue check; raises unless it is clean."""
    cpu, started = _children_cpu(), time.perf_counter()
    done = subprocess.run([str(BIN / "mathviz"), "check", "--all", "--all-themes", "--all-aspects", "--json"],
                          cwd=REPO, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"mathviz check exited {done.returncode}: {done.stderr.strip()[-400:]}")
    return wall, _children_cpu() - cpu


def plain_dry_runs(specs) -> tuple[float, float]:
    """(wall, CPU) seconds of plain manim's dry run of every scene in one look."""
    cpu, started = _children_cpu(), time.perf_counter()
    with tempfile.TemporaryDirectory() as work:
        for spec in specs:
            done = subprocess.run([str(BIN / "manim"), "-ql", "--dry_run", str(REPO / spec.file), spec.cls_name],
                                  cwd=work, capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(f"manim --dry_run {spec.id} exited {done.returncode}: {done.stderr.strip()[-400:]}")
    return time.perf_counter() - started, _children_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=2)
    args = parser.parse_args()
    specs = [s for s in registry.all_scenes() if s.file.startswith("scenes/")]
    print(f"{len(specs)} catalogue scenes, {LOOKS} looks each, {os.cpu_count()} cores")
    check_runs, plain_runs = [], []
    for rep in range(args.reps):
        check_runs.append(check_all())
        plain_runs.append(plain_dry_runs(specs))
        (cw, cc), (pw, pc) = check_runs[-1], plain_runs[-1]
        print(f"rep {rep + 1}: check {cw:.0f} s wall, {cc:.0f} s CPU; plain manim dry runs {pw:.0f} s wall, "
              f"{pc:.0f} s CPU", flush=True)
    wall = statistics.median(w for w, _ in check_runs)
    per_look = statistics.median(c for _, c in check_runs) / (len(specs) * LOOKS)
    plain_per_look = statistics.median(c for _, c in plain_runs) / len(specs)
    print(f"check, whole catalogue: median {wall:.0f} s wall ({wall / 60:.1f} min) on {os.cpu_count()} cores")
    print(f"CPU per scene and look: check {per_look:.1f} s, plain manim dry run {plain_per_look:.1f} s, "
          f"ratio {per_look / plain_per_look:.2f}")


if __name__ == "__main__":
    main()
