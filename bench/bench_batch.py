"""Benchmark: the whole catalogue with ``mathviz render --all -j N --force`` against plain manim.

Plain manim renders each scene file one after another, the way a user without
mathviz would (``manim -ql --disable_caching FILE Class``, files and classes
from ``mathviz list --json``). Both start from nothing in every round: a fresh
output folder for mathviz (so a cold TeX cache) and a fresh media folder for
manim. Rounds alternate which side goes first, since the machine may be
shared. Both run on a snapshot of ``mathviz/`` and ``scenes/`` taken at the
start (first on ``PYTHONPATH``), so edits made meanwhile change neither side.
Prints the medians, the ratio, the warm rerun time (nothing changed,
everything cached) and each scene's frames per second and peak memory.

    .venv/bin/python bench/bench_batch.py --quality low --repeat 3
    .venv/bin/python bench/bench_batch.py --quality high --repeat 1

Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SNAPSHOT: Path = REPO  # replaced by a copy in main()
MANIM_FLAG = {"low": "-ql", "medium": "-qm", "high": "-qh", "4k": "-qk"}


def env() -> dict:
    return {**os.environ, "PYTHONPATH": str(SNAPSHOT)}


def snapshot(root: Path) -> Path:
    """Copy the packages, so that edits made while the benchmark runs do not reach it."""
    for name in ("mathviz", "scenes"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def catalogue(ids: list[str] | None) -> list[dict]:
    rows = json.loads(subprocess.run([str(BIN / "mathviz"), "list", "--json"], capture_output=True, text=True,
                                     check=True, cwd=SNAPSHOT, env=env()).stdout)
    return [r for r in rows if not ids or r["id"] in ids]


def children_cpu() -> float:
    """CPU seconds of every finished child process so far (grandchildren included)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_mathviz(rows: list[dict], quality: str, jobs: int, out: Path,
                force: bool = True) -> tuple[float, float, list]:
    """``mathviz render IDS``: wall seconds, CPU seconds (all its processes), results."""
    ids = [r["id"] for r in rows]
    args = [str(BIN / "mathviz"), "render", *ids, "-q", quality, "-j", str(jobs), "-o", str(out), "--json"]
    if force:
        args.append("--force")
    started, cpu = time.perf_counter(), children_cpu()
    proc = subprocess.run(args, capture_output=True, text=True, cwd=SNAPSHOT, env=env())
    wall, cpu = time.perf_counter() - started, children_cpu() - cpu
    results = json.loads(proc.stdout) if proc.stdout.strip() else []
    failed = [r for r in results if r.get("error")]
    if proc.returncode or failed:
        print(f"  mathviz failed ({proc.returncode}): {[(r['id'], r['error']) for r in failed]}"
              f" {proc.stderr.strip().splitlines()[-1:] }", file=sys.stderr)
    return wall, cpu, results


def run_manim(rows: list[dict], quality: str, media: Path) -> tuple[float, dict]:
    """Each scene file with plain manim, one after another; per scene: wall seconds and peak MB."""
    per_scene = {}
    started = time.perf_counter()
    for row in rows:
        t0 = time.perf_counter()
        # stderr to a file, not a pipe: manim's progress bar would fill a pipe nobody reads yet
        with tempfile.TemporaryFile() as log:
            proc = subprocess.Popen([str(BIN / "manim"), MANIM_FLAG[quality], "--disable_caching",
                                     "--media_dir", str(media), row["file"], row["class"]],
                                    cwd=SNAPSHOT, env=env(), stdout=subprocess.DEVNULL, stderr=log)
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            log.seek(0)
            err = log.read().decode(errors="replace")
        if proc.returncode:
            print(f"  manim failed on {row['id']}: {err.strip().splitlines()[-1:]}", file=sys.stderr)
        per_scene[row["id"]] = (time.perf_counter() - t0, usage.ru_maxrss / 1024)
    return time.perf_counter() - started, per_scene


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quality", choices=list(MANIM_FLAG), default="low")
    ap.add_argument("--repeat", type=int, default=1, help="rounds; medians are reported")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="mathviz parallel renders")
    ap.add_argument("--ids", nargs="*", help="only these scene ids (default: the whole catalogue)")
    ap.add_argument("--warm", type=int, default=3, help="warm reruns to time")
    ap.add_argument("--skip-manim", action="store_true", help="time mathviz only")
    opts = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up the temporary folders

    global SNAPSHOT
    root = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    SNAPSHOT = snapshot(root / "src")
    rows = catalogue(opts.ids)
    print(f"{len(rows)} scenes at {opts.quality}: {', '.join(r['id'] for r in rows)}")
    print(f"cores: {os.cpu_count()}, load average at start: {os.getloadavg()[0]:.1f}")
    ours, theirs, warm, warm_cpu = [], [], [], []
    last_results, last_manim = [], {}
    try:
        for round_ in range(opts.repeat):
            out, media = root / f"out{round_}", root / f"media{round_}"
            order = ["mathviz", "manim"] if round_ % 2 == 0 else ["manim", "mathviz"]
            for side in order:
                if side == "mathviz":
                    wall, cpu, last_results = run_mathviz(rows, opts.quality, opts.jobs, out)
                    ours.append(wall)
                    print(f"  mathviz -j {opts.jobs}: {wall:.1f} s ({cpu:.1f} s of CPU)", flush=True)
                    for _ in range(opts.warm):
                        w, c, res = run_mathviz(rows, opts.quality, opts.jobs, out, force=False)
                        redone = [r["id"] for r in res if not r["cached"]]
                        print(f"  warm rerun: {w:.2f} s ({c:.2f} s of CPU)"
                              + (f" (rendered again: {redone})" if redone else ""), flush=True)
                        warm.append(w)
                        warm_cpu.append(c)
                elif not opts.skip_manim:
                    cpu = children_cpu()
                    wall, last_manim = run_manim(rows, opts.quality, media)
                    theirs.append(wall)
                    print(f"  plain manim: {wall:.1f} s ({children_cpu() - cpu:.1f} s of CPU)", flush=True)
            line = f"round {round_ + 1}: mathviz -j {opts.jobs} {ours[-1]:.1f} s"
            if theirs:
                line += f" | plain manim {theirs[-1]:.1f} s | ratio {theirs[-1] / ours[-1]:.2f}x"
            print(line + f" | load {os.getloadavg()[0]:.1f}", flush=True)
            shutil.rmtree(media, ignore_errors=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    print()
    print(f"median mathviz render --all -j {opts.jobs} --force: {statistics.median(ours):.1f} s")
    if theirs:
        print(f"median plain manim, one file after another: {statistics.median(theirs):.1f} s")
        print(f"speed-up: {statistics.median(theirs) / statistics.median(ours):.2f}x")
    if warm:
        print(f"warm rerun (all cached, whole command): median {statistics.median(warm):.2f} s, "
              f"max {max(warm):.2f} s over {len(warm)}; CPU median {statistics.median(warm_cpu):.2f} s")
    print()
    print(f"{'scene':<24}{'frames':>8}{'render s':>10}{'frames/s':>10}{'peak MB':>9}"
          f"{'manim s':>10}{'manim MB':>10}")
    for r in last_results:
        fps = r["frames"] / r["render_seconds"] if r["render_seconds"] else 0.0
        manim_s, manim_mb = last_manim.get(r["id"], (float("nan"), float("nan")))
        print(f"{r['id']:<24}{r['frames']:>8}{r['render_seconds']:>10.1f}{fps:>10.1f}"
              f"{(r.get('peak_memory_mb') or 0):>9.0f}{manim_s:>10.1f}{manim_mb:>10.0f}")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
