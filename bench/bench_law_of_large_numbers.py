"""Benchmark: law-of-large-numbers (n = 10,000, 20 runs, 480p15) against a naive always_redraw version.

What runs, each in a fresh process, alternating which goes first in each round:

* real:  ``mathviz render law-of-large-numbers -q low -p n=10000 -p runs=20 --json -o FRESH``
  (frames and ``render_seconds`` from its JSON: the worker's time from the
  start of the job, so manim's import, TeX, construct, every frame and the
  encoding are in it; Python's own start is not);
* naive: ``manim -ql --disable_caching bench/naive_running_mean.py NaiveRunningMean``
  (frames counted in its video; seconds = wall clock of the whole process).

Startup, measured on its own: ``python -c "import manim"`` (median of three).
Frames per second are reported three ways, all medians over the rounds:

* ``fps``: frames / seconds, startup included;
* ``fps-startup``: frames / (seconds - startup);
* ``fps-cpu``: frames / CPU seconds of the process and its children (user +
  sys). The machine this was written on is shared, so wall-clock numbers move
  with other people's load; CPU time moves much less.

And, with ``--harness`` (default on), a scene-internal timer: each scene is
rendered once more in-process with ``Scene.play_internal`` timed, which
counts only animated frames (updaters, drawing, encoding), not static waits,
startup or TeX. The real scene's growth animations are reported apart.

    .venv/bin/python bench/bench_law_of_large_numbers.py --repeat 3

Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PARAMS = ["-p", "n=10000", "-p", "runs=20"]


def timed(args: list[str], cwd: Path = REPO) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run ``args``; return (wall seconds, CPU seconds of it and its reaped children, result)."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    # RUSAGE_CHILDREN grows by each reaped child's tree; take the difference around this one.
    return wall, _children_cpu(), subprocess.CompletedProcess(args, proc.returncode, out, err)


_cpu_seen = 0.0


def _children_cpu() -> float:
    global _cpu_seen
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = usage.ru_utime + usage.ru_stime
    delta, _cpu_seen = total - _cpu_seen, total
    return delta


def startup() -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(3):
        wall, cpu, _ = timed([sys.executable, "-c", "import manim"])
        walls.append(wall)
        cpus.append(cpu)
    return statistics.median(walls), statistics.median(cpus)


def run_real(out: Path) -> dict:
    wall, cpu, proc = timed([str(BIN / "mathviz"), "render", "law-of-large-numbers", "-q", "low", *PARAMS,
                             "--json", "-o", str(out), "--force"])
    if proc.returncode:
        raise SystemExit(f"mathviz failed: {proc.stderr.strip()[-800:]}")
    (result,) = json.loads(proc.stdout)
    return {"frames": result["frames"], "seconds": result["render_seconds"], "wall": wall, "cpu": cpu}


def run_naive(media: Path) -> dict:
    from mathviz.media import video_info

    wall, cpu, proc = timed([str(BIN / "manim"), "-ql", "--disable_caching", "--media_dir", str(media),
                             "bench/naive_running_mean.py", "NaiveRunningMean"])
    if proc.returncode:
        raise SystemExit(f"manim failed: {proc.stderr.strip()[-800:]}")
    (video,) = media.glob("videos/naive_running_mean/480p15/NaiveRunningMean.mp4")
    return {"frames": video_info(video)["frames"], "seconds": wall, "wall": wall, "cpu": cpu}


# -- the scene-internal timer (runs in a child process: python THIS --harness-child real|naive) ---------


def harness_child(which: str) -> None:
    from manim import Scene, ValueTracker, tempconfig
    from manim.renderer.cairo_renderer import CairoRenderer

    records: list[dict] = []
    render = CairoRenderer.render
    play_internal = Scene.play_internal

    def counting_render(self, *args, **kwargs):
        records[-1]["frames"] += 1
        return render(self, *args, **kwargs)

    def timed_play_internal(self, *args, **kwargs):
        growth = any(isinstance(a.mobject, ValueTracker) for a in self.animations)
        records.append({"frames": 0, "growth": growth})
        wall, cpu = time.perf_counter(), time.process_time()
        play_internal(self, *args, **kwargs)
        records[-1].update(wall=time.perf_counter() - wall, cpu=time.process_time() - cpu)

    CairoRenderer.render = counting_render
    Scene.play_internal = timed_play_internal
    work = Path(tempfile.mkdtemp(prefix="lln-bench-"))
    if which == "real":
        from mathviz.pipeline.request import RenderRequest, validate
        from mathviz.pipeline.worker import build_scene

        job = validate(RenderRequest.make("law-of-large-numbers", {"n": "10000", "runs": "20"}, quality="low"))
        with tempconfig({}):
            build_scene(job.request, work)
    else:
        sys.path.insert(0, str(REPO / "bench"))
        from naive_running_mean import NaiveRunningMean

        # manim -ql's settings, spelled as config keys (tempconfig drops keys it does not know).
        with tempconfig({"pixel_width": 854, "pixel_height": 480, "frame_rate": 15, "media_dir": str(work),
                         "disable_caching": True, "progress_bar": "none", "verbosity": "ERROR"}):
            NaiveRunningMean().render()
    print(json.dumps(records))


def harness(which: str) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--harness-child", which], cwd=REPO, capture_output=True,
                          text=True)
    if proc.returncode:
        raise SystemExit(f"harness {which} failed: {proc.stderr.strip()[-800:]}")
    records = json.loads(proc.stdout.strip().splitlines()[-1])

    def total(rows):
        frames = sum(r["frames"] for r in rows)
        wall, cpu = sum(r["wall"] for r in rows), sum(r["cpu"] for r in rows)
        return {"frames": frames, "wall": wall, "cpu": cpu,
                "fps": frames / wall if wall else float("nan"), "fps_cpu": frames / cpu if cpu else float("nan")}

    return {"animated": total(records), "growth": total([r for r in records if r["growth"]])}


# -- report ----------------------------------------------------------------------------------------------


def summarise(name: str, rows: list[dict], start_wall: float, start_cpu: float) -> dict:
    med = lambda key: statistics.median(key(r) for r in rows)  # noqa: E731
    summary = {
        "frames": med(lambda r: r["frames"]),
        "seconds": med(lambda r: r["seconds"]),
        "fps": med(lambda r: r["frames"] / r["seconds"]),
        "fps_startup": med(lambda r: r["frames"] / max(r["seconds"] - start_wall, 1e-9)),
        "fps_cpu": med(lambda r: r["frames"] / r["cpu"]),
        "fps_cpu_startup": med(lambda r: r["frames"] / max(r["cpu"] - start_cpu, 1e-9)),
    }
    runs = ", ".join(f"{r['frames']} fr / {r['seconds']:.1f} s (cpu {r['cpu']:.1f} s)" for r in rows)
    print(f"{name:<6} {summary['frames']:>5.0f} frames  {summary['seconds']:7.1f} s   fps {summary['fps']:6.1f}   "
          f"fps-startup {summary['fps_startup']:6.1f}   fps-cpu {summary['fps_cpu']:6.1f}   "
          f"fps-cpu-startup {summary['fps_cpu_startup']:6.1f}   [{runs}]")
    return summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="rounds of the real scene; medians are reported")
    ap.add_argument("--naive-repeat", type=int, default=None, help="rounds of the naive one (default: --repeat)")
    ap.add_argument("--no-harness", dest="harness", action="store_false", help="skip the in-process timer")
    ap.add_argument("--harness-child", choices=["real", "naive"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.harness_child:
        harness_child(args.harness_child)
        return
    naive_repeat = args.repeat if args.naive_repeat is None else args.naive_repeat

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    _children_cpu()
    start_wall, start_cpu = startup()
    print(f"startup (python -c 'import manim'): {start_wall:.2f} s wall, {start_cpu:.2f} s cpu")
    real, naive = [], []
    with tempfile.TemporaryDirectory(prefix="lln-bench-") as tmp:
        for i in range(max(args.repeat, naive_repeat)):
            order = ("real", "naive") if i % 2 == 0 else ("naive", "real")
            for which in order:
                if which == "real" and i < args.repeat:
                    real.append(run_real(Path(tmp) / f"real{i}"))
                    print(f"  round {i + 1} real:  {real[-1]}", flush=True)
                if which == "naive" and i < naive_repeat:
                    naive.append(run_naive(Path(tmp) / f"naive{i}"))
                    print(f"  round {i + 1} naive: {naive[-1]}", flush=True)
    print(f"load average {os.getloadavg()[0]:.1f} at the end of the rounds")
    r = summarise("real", real, start_wall, start_cpu)
    if naive:
        n = summarise("naive", naive, start_wall, start_cpu)
        print(f"ratio real/naive: fps {r['fps'] / n['fps']:.1f}x, "
              f"fps-startup {r['fps_startup'] / n['fps_startup']:.1f}x, fps-cpu {r['fps_cpu'] / n['fps_cpu']:.1f}x")
    for label, key in (("with startup", "fps"), ("without startup", "fps_startup"), ("by CPU time", "fps_cpu")):
        print(f"real scene at 480p15, {label}: {r[key]:.1f} fps: {'meets' if r[key] >= 30 else 'MISSES'} 30 fps")
    if args.harness:
        hr, hn = harness("real"), harness("naive")
        for name, h in (("real", hr), ("naive", hn)):
            for part in ("animated", "growth"):
                x = h[part]
                print(f"timer  {name:<5} {part:<8} {x['frames']:>4} frames in {x['wall']:6.1f} s "
                      f"(cpu {x['cpu']:6.1f} s): {x['fps']:6.1f} fps, {x['fps_cpu']:6.1f} fps-cpu")
        print(f"ratio real/naive, growth animations only: {hr['growth']['fps'] / hn['growth']['fps']:.1f}x wall, "
              f"{hr['growth']['fps_cpu'] / hn['growth']['fps_cpu']:.1f}x cpu")


if __name__ == "__main__":
    main()
