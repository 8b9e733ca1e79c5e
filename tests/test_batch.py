"""The batch engine: cache keys, the manifest, parallel renders, failures, TeX races, Dask, kills.

Real renders use the hidden scenes of ``tests/fixtures/scenes`` (user scenes, listed by
``tests/fixtures/mathviz.toml``; a second or less of video each) at low quality; they are marked slow.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from mathviz.pipeline import batch, cachekey, dask, manifest, texcache
from mathviz.pipeline.batch import BatchOptions, plan, run_batch
from mathviz.pipeline.cachekey import cache_key, source_closure
from mathviz.pipeline.manifest import Manifest
from mathviz.pipeline.progress import LiveReporter, PlainReporter
from mathviz.media import X264_PRESET
from mathviz.pipeline.request import RenderRequest, RenderResult, validate

REPO = Path(__file__).resolve().parent.parent


def job(scene_id: str, quality: str = "low", **params):
    return validate(RenderRequest.make(scene_id, {k: str(v) for k, v in params.items()}, quality=quality))


def cli(*args, cwd=None, timeout=300):
    proc = subprocess.run([sys.executable, "-m", "mathviz.cli", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, timeout=timeout)
    return proc.returncode, proc.stdout, proc.stderr


def fake_output(out: Path, j, key: str | None = None, content: bytes = b"not really a video") -> dict:
    """Put a file where ``j``'s output goes and record it, as a finished render would."""
    path = out / j.output
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    result = RenderResult(j.scene_id, str(path), seconds=1.0, frames=15, render_seconds=0.5)
    entry = manifest.make_entry(j, result, out, key or cache_key(j.request), cachekey.tool_versions(), "test", 100.0)
    Manifest(out).record(entry)
    return entry


def partial_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if ".partial" in p.name or p.name.endswith(".tmp")]


# --- the cache key --------------------------------------------------------------------------


def test_closure_follows_project_imports_only():
    files = source_closure(["scenes.calculus.signed_area"])
    assert {"scenes.calculus.signed_area", "scenes.calculus.specs", "scenes.calculus", "scenes",
            "mathviz.kit.scene", "mathviz.kit.theme", "mathviz.kit.registry", "mathviz.kit.params",
            "mathviz.core.calculus"} <= set(files)
    assert not any(name.startswith(("scenes.linear_algebra", "manim", "numpy")) for name in files)
    assert all(path.is_file() for path in files.values())


def test_closure_counts_imports_inside_functions(tmp_path, monkeypatch):
    pkg = tmp_path / "scenes" / "fake"
    pkg.mkdir(parents=True)
    (tmp_path / "scenes" / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("def f():\n    from . import b\n    if True:\n        import scenes.fake.c\n")
    (pkg / "b.py").write_text("from .c import thing\n")
    (pkg / "c.py").write_text("thing = 1\n")
    monkeypatch.setattr(cachekey.registry, "ROOT", tmp_path)
    assert set(source_closure(["scenes.fake.a"])) == {"scenes", "scenes.fake", "scenes.fake.a",
                                                      "scenes.fake.b", "scenes.fake.c"}


def test_key_is_stable_and_changes_with_every_setting():
    base = job("test-tiny").request
    assert cache_key(base) == cache_key(job("test-tiny").request)
    variants = [replace(base, params=(("n", "4"),)), replace(base, quality="medium"),
                replace(base, fmt="gif"), replace(base, seed=3), replace(base, theme="light"),
                replace(base, aspect="9:16"), replace(base, fmt="mov", transparent=True)]
    keys = {cache_key(r) for r in variants}
    assert len(keys) == len(variants) and cache_key(base) not in keys


def test_key_changes_with_the_tool_versions(monkeypatch):
    request = job("test-tiny").request
    before = cache_key(request)
    versions = cachekey.tool_versions()
    monkeypatch.setattr(cachekey, "tool_versions", lambda: {**versions, "manim": "9.9"})
    assert cache_key(request) != before


def edited(monkeypatch, relative: str):
    """Pretend the file ``relative`` was edited: its digest in the key changes."""
    original = cachekey.source_digest
    target = (REPO / relative).resolve()
    monkeypatch.setattr(cachekey, "source_digest",
                        lambda path: original(path) + ("-edited" if Path(path).resolve() == target else ""))


def test_editing_a_scene_changes_its_key_alone(monkeypatch):
    tiny, formulas = job("test-tiny").request, job("test-formulas").request
    before = cache_key(tiny), cache_key(formulas)
    edited(monkeypatch, "tests/fixtures/scenes/tiny.py")
    assert cache_key(tiny) != before[0]
    assert cache_key(formulas) == before[1]


def test_editing_shared_code_changes_every_key(monkeypatch):
    requests = [job(i).request for i in ("test-tiny", "test-formulas", "limit-of-secants")]
    before = [cache_key(r) for r in requests]
    edited(monkeypatch, "mathviz/kit/scene.py")
    assert all(cache_key(r) != k for r, k in zip(requests, before))


# --- the manifest and the cache lookup --------------------------------------------------------


def test_cache_hit_needs_key_file_and_sha(tmp_path):
    out = tmp_path / "out"
    tiny, formulas = job("test-tiny"), job("test-formulas")
    fake_output(out, tiny)
    fake_output(out, formulas, key="stale")
    p = plan([tiny, formulas], out)
    assert list(p.cached) == [0] and p.todo == [1]
    assert p.cached[0].cached and p.cached[0].path == str(out / tiny.output)
    assert plan([tiny], out, force=True).todo == [0]
    (out / tiny.output).write_bytes(b"changed behind our back")
    assert plan([tiny], out).todo == [0]


def test_manifest_never_lists_a_missing_or_altered_file(tmp_path):
    out = tmp_path / "out"
    jobs = [job("test-tiny"), job("test-tiny", n=4), job("test-formulas")]
    for j in jobs:
        fake_output(out, j)
    (out / jobs[0].output).unlink()
    (out / jobs[1].output).write_bytes(b"tampered")
    assert set(Manifest(out).load()) == {jobs[2].output}
    listed = json.loads((out / "manifest.json").read_text())["outputs"]  # rewritten on load
    assert [e["path"] for e in listed] == [jobs[2].output]


def test_manifest_entry_has_the_documented_fields(tmp_path):
    entry = fake_output(tmp_path, job("test-tiny", n=5))
    assert {"id", "params", "settings", "path", "sha256", "frames", "seconds", "render_seconds",
            "peak_memory_mb", "key", "versions"} <= set(entry)
    assert entry["params"] == {"n": "5"}
    assert entry["settings"]["quality"] == "low" and {"manim", "mathviz"} <= set(entry["versions"])


def test_concurrent_manifest_writers_lose_nothing(tmp_path):
    out = tmp_path / "out"
    jobs = [job("test-tiny", n=n) for n in range(1, 13)]
    keys = [cache_key(j.request) for j in jobs]
    threads = [threading.Thread(target=fake_output, args=(out, j, k)) for j, k in zip(jobs, keys)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(Manifest(out).load()) == {j.output for j in jobs}
    assert not partial_files(out)


def test_estimated_frames_come_from_earlier_renders(tmp_path):
    out = tmp_path / "out"
    fake_output(out, job("test-tiny"))  # 1.0 s, 15 frames at low quality
    entries = Manifest(out).load()
    assert manifest.estimate_frames(job("test-tiny"), entries) == 15
    assert manifest.estimate_frames(job("test-tiny", quality="high"), entries) == 60
    assert manifest.estimate_frames(job("test-formulas"), entries) is None


def test_warm_batch_is_fast_and_imports_no_renderer(tmp_path):
    """Every scene in the catalogue already rendered: no process, no manim, under 2 s."""
    from mathviz.kit import registry

    out = tmp_path / "out"
    jobs = [job(spec.id) for spec in registry.all_scenes()]
    for j in jobs:
        fake_output(out, j)
    script = ("import sys, time; from mathviz.cli import main\n"
              f"sys.argv = ['mathviz', 'render', '--all', '-q', 'low', '-o', {str(out)!r}, '--json']\n"
              "t, code = time.perf_counter(), 0\n"
              "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
              "import resource; u = resource.getrusage(resource.RUSAGE_SELF)\n"
              "print('SECONDS', time.perf_counter() - t, 'CPU', u.ru_utime + u.ru_stime, 'CODE', code,"
              " file=sys.stderr)\n"
              "print('HEAVY', [m for m in ('manim', 'av', 'dask', 'distributed', 'cairo') if m in sys.modules],"
              " file=sys.stderr)\n")
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    wall = time.perf_counter() - started
    results = json.loads(proc.stdout)
    assert [r["path"] for r in results] == [str(out / j.output) for j in jobs]
    assert all(r["cached"] for r in results), [(r["id"], r["error"]) for r in results if not r["cached"]]
    assert "HEAVY []" in proc.stderr
    assert "CODE 0" in proc.stderr, proc.stderr
    seconds = float(proc.stderr.split("SECONDS", 1)[1].split()[0])
    cpu = float(proc.stderr.split("CPU", 1)[1].split()[0])
    print(f"warm --all: {wall:.2f} s in all, {seconds:.2f} s in the CLI, {cpu:.2f} s of CPU")
    # CPU time, start-up included: wall time on a shared machine measures the neighbours
    assert cpu < 2.0, f"warm batch used {cpu:.2f} s of CPU ({wall:.2f} s of wall time)"


# --- progress display -----------------------------------------------------------------------


def test_plain_progress_is_one_line_per_event():
    stream = io.StringIO()
    jobs = [job("test-tiny"), job("test-broken")]
    r = PlainReporter(stream)
    r.begin(jobs, 2)
    r.started(0, 15)
    r.frames(0, 7)
    r.started(1, None)
    r.finished(1, RenderResult("test-broken", None, error="RuntimeError: boom"))
    r.finished(0, RenderResult("test-tiny", "out/x.mp4", frames=15, render_seconds=1.0, peak_memory_mb=200))
    lines = stream.getvalue().splitlines()
    assert lines == ["start  test-tiny (about 15 frames)", "start  test-broken",
                     "FAILED test-broken: RuntimeError: boom",
                     "done   test-tiny: 15 frames in 1.0 s (15 frames/s, 200 MB) -> out/x.mp4"]
    assert "\x1b" not in stream.getvalue()


def test_live_progress_shows_frames_and_estimate(monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")  # rows are cut to the terminal's width
    stream = io.StringIO()
    jobs = [job("test-tiny"), job("test-formulas")]
    r = LiveReporter(stream)
    r.begin(jobs, 2)
    r.started(0, 100)
    r.running[0]["start"] -= 10  # ten seconds in
    r.frames(0, 50)
    r.last = 0
    r.tick()
    screen = stream.getvalue()
    assert "50/100 frames" in screen and "about 10 s left" in screen
    assert "0/2 done" in screen and "1 running" in screen
    r.finished(0, RenderResult("test-tiny", "out/x.mp4", frames=100, render_seconds=10.0))
    r.end([])
    assert stream.getvalue().endswith("\x1b[J")  # the live block is cleared at the end


# --- real renders ---------------------------------------------------------------------------


@pytest.mark.slow
def test_parallel_batch_survives_a_failing_scene_and_then_resumes_from_cache(tmp_path):
    out = tmp_path / "out"
    code, stdout, stderr = cli("render", "test-tiny", "test-broken", "test-formulas", "-q", "low",
                               "-j", "2", "-o", out)
    assert code == 1, stderr
    assert "FAILED test-broken: RuntimeError: test-broken fails on purpose" in stderr
    assert "1 failed (test-broken)" in stderr.splitlines()[-1]
    assert stdout.split() == [str(out / "480p15" / "test-tiny.mp4"), str(out / "480p15" / "test-formulas.mp4")]
    entries = Manifest(out).load()
    assert sorted(entries) == ["480p15/test-formulas.mp4", "480p15/test-tiny.mp4"]
    tiny = entries["480p15/test-tiny.mp4"]
    assert tiny["frames"] == 15 and tiny["seconds"] == pytest.approx(1.0)
    assert tiny["peak_memory_mb"] > 50 and tiny["render_seconds"] > 0
    # encoded with mathviz's x264 preset (superfast: diamond search, subpixel level 1), which
    # x264 writes into the stream; manim's default (medium) would say me=hex subme=7
    assert X264_PRESET == "superfast"
    settings = (out / "480p15" / "test-tiny.mp4").read_bytes().split(b"options: ")[1][:600]
    assert b" me=dia " in settings and b" subme=1 " in settings, settings

    code, stdout, _ = cli("render", "test-tiny", "test-broken", "test-formulas", "-q", "low", "-o", out, "--json")
    assert code == 1
    results = {r["id"]: r for r in json.loads(stdout)}
    assert results["test-tiny"]["cached"] and results["test-formulas"]["cached"]
    assert not results["test-broken"]["cached"] and "on purpose" in results["test-broken"]["error"]
    assert not partial_files(out)


@pytest.mark.slow
def test_only_what_changed_is_rendered_again(tmp_path, monkeypatch):
    out = tmp_path / "out"
    tiny, formulas = job("test-tiny"), job("test-formulas")
    first = run_batch([tiny, formulas], out, BatchOptions(workers=2))
    assert [r.error for r in first] == [None, None] and not any(r.cached for r in first)
    stamps = {j.output: (out / j.output).stat().st_mtime_ns for j in (tiny, formulas)}

    edited(monkeypatch, "tests/fixtures/scenes/tiny.py")
    second = run_batch([tiny, formulas], out, BatchOptions(workers=2))
    assert [r.cached for r in second] == [False, True]
    assert (out / formulas.output).stat().st_mtime_ns == stamps[formulas.output]

    variant = job("test-tiny", n=5)
    third = run_batch([tiny, variant], out, BatchOptions(workers=2))
    assert [r.cached for r in third] == [True, False]
    assert variant.output != tiny.output and (out / tiny.output).is_file() and (out / variant.output).is_file()
    assert set(Manifest(out).load()) == {tiny.output, formulas.output, variant.output}

    forced = run_batch([tiny], out, BatchOptions(workers=1, force=True))
    assert not forced[0].cached and forced[0].error is None


@pytest.mark.slow
def test_parallel_formula_renders_never_hit_a_tex_error(tmp_path):
    """Overlapping formulas compiled by parallel jobs, twice over, with a cold and a warm TeX cache."""
    jobs = [job("test-formulas", count=5, start=s) for s in (1, 3, 5, 7)]
    for round_ in range(2):
        out = tmp_path / "out"  # the same folder: the second round starts with a warm TeX cache
        results = run_batch(jobs, out, BatchOptions(workers=3, force=True))
        assert [r.error for r in results] == [None] * 4, [r.traceback for r in results if r.error]
    svgs = list((out / ".cache").rglob("tex/*.svg"))
    assert len(svgs) >= 11  # sums up to 1..11, one formula each
    assert not partial_files(out)


@pytest.mark.slow
def test_dask_cluster_renders_and_returns_the_files(tmp_path):
    distributed = pytest.importorskip("distributed")
    out = tmp_path / "out"
    jobs = [job("test-tiny"), job("test-broken"), job("test-tiny", n=2)]
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            results = run_batch(jobs, out, BatchOptions(client=client))
        assert [bool(r.error) for r in results] == [False, True, False]
        assert "on purpose" in results[1].error
        entries = Manifest(out).load()
        assert set(entries) == {jobs[0].output, jobs[2].output}
        assert all(e["frames"] == 15 and e["peak_memory_mb"] > 50 for e in entries.values())
        # the CLI path, by address: everything is cached now except the broken scene
        code, stdout, stderr = cli("render", "test-tiny", "-q", "low", "-o", out, "--json",
                                   "--scheduler", cluster.scheduler_address)
    assert code == 0, stderr
    assert json.loads(stdout)[0]["cached"] is True


def test_unreachable_scheduler_is_one_line_and_writes_nothing():
    with pytest.raises(OSError, match="cannot reach the Dask scheduler"):
        dask.connect("tcp://127.0.0.1:9", timeout=0.5)


@pytest.mark.slow
def test_killed_batch_leaves_no_partial_file_and_resumes(tmp_path):
    out = tmp_path / "out"
    # one at a time: test-tiny finishes first, and the kill lands during test-formulas
    args = [sys.executable, "-m", "mathviz.cli", "render", "test-tiny", "test-formulas", "-q", "low",
            "-j", "1", "-o", str(out)]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    manifest = Manifest(out)
    while time.monotonic() < deadline and not manifest.load():
        time.sleep(0.1)
    assert manifest.load(), "the first render never finished"
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(proc.pid)], capture_output=True,
                              text=True).stdout.split()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    for pid in map(int, children):  # orphaned workers notice and end themselves
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            pytest.fail(f"worker {pid} outlived its killed batch")
    assert not partial_files(out)
    finished = set(manifest.load())
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*.mp4")}
    assert finished <= on_disk and on_disk <= finished | {"480p15/test-formulas.mp4"}

    code, stdout, stderr = cli("render", "test-tiny", "test-formulas", "-q", "low", "-o", out, "--json")
    assert code == 0, stderr
    cached = {r["id"]: r["cached"] for r in json.loads(stdout)}
    assert cached == {"test-tiny": True, "test-formulas": "480p15/test-formulas.mp4" in finished}


@pytest.mark.parametrize("args, fragment", [(["-j", "0"], "0"), (["--jobs", "many"], "many")])
def test_bad_jobs_option_exits_2_and_writes_nothing(tmp_path, args, fragment):
    code, _, stderr = cli("render", "test-tiny", "-q", "low", "-o", tmp_path / "out", *args)
    assert code == 2 and len(stderr.strip().splitlines()) == 1 and fragment in stderr
    assert not (tmp_path / "out").exists()


def test_hidden_test_scenes_stay_out_of_the_catalogue():
    code, stdout, _ = cli("list", "--json")
    assert code == 0 and not any(row["id"].startswith("test-") for row in json.loads(stdout))


def _plain_latex(monkeypatch) -> None:
    """Undo, for this test, any TeX caching a fixture installed: manim's own functions."""
    from manim.mobject.text import tex_mobject
    from manim.utils import tex_file_writing

    for module, name in ((tex_file_writing, "compile_tex"), (tex_file_writing, "make_tex_compilation_command"),
                         (tex_file_writing, "tex_to_svg_file"), (tex_mobject, "tex_to_svg_file")):
        function = getattr(module, name)
        while hasattr(function, "__wrapped__"):
            function = function.__wrapped__
        monkeypatch.setattr(module, name, function)


@pytest.mark.skipif(not __import__("shutil").which("etex"), reason="needs etex")
@pytest.mark.parametrize("corrupt", [False, True])
def test_preloaded_latex_format_draws_the_same_shapes(tmp_path, monkeypatch, corrupt):
    import numpy as np
    from manim import SVGMobject, tempconfig
    from manim.utils import tex_file_writing

    formula = r"\int_0^1 x^2\,dx = \tfrac{1}{3}"
    _plain_latex(monkeypatch)
    with tempconfig({"tex_dir": str(tmp_path / "plain")}):
        plain = tex_file_writing.tex_to_svg_file(formula, "align*")
    shared = tmp_path / "formats"
    if corrupt:  # a format that no longer loads (say, after a TeX upgrade) only costs time
        preamble = Path(plain).with_suffix(".tex").read_text().partition("\\begin{document}")[0]
        texcache.build_format(preamble, shared)
        (fmt,) = shared.glob("*.fmt")
        fmt.write_bytes(b"not a format")
    texcache.preloaded_latex(shared)
    with tempconfig({"tex_dir": str(tmp_path / "fast")}):
        fast = tex_file_writing.tex_to_svg_file(formula, "align*")
    assert Path(fast).name == Path(plain).name  # the same hash: the cache cannot tell them apart
    a, b = ([m.points for m in SVGMobject(str(p)).family_members_with_points()] for p in (plain, fast))
    assert len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b))
    assert len(list(shared.glob("*.fmt"))) == 1 and not list(shared.glob(".build-*"))


def test_leftovers_of_dead_processes_are_swept_and_live_ones_kept(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    out = tmp_path / "out"
    (out / "480p15").mkdir(parents=True)
    stale = [out / "480p15" / f".x.mp4.partial-{dead.pid}", out / ".cache" / f".build-{dead.pid}-abc"]
    live = [out / "480p15" / f".y.mp4.partial-{os.getppid()}"]
    stale[1].mkdir(parents=True)
    for path in (stale[0], *live):
        path.write_bytes(b"")
    removed = batch.sweep_leftovers(out)
    assert set(stale) <= set(removed) and not any(p.exists() for p in stale)
    assert all(p.exists() for p in live)
