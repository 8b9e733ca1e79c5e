"""Many renders: parallel workers, a content-addressed cache, a manifest, and Dask.

A batch turns validated :class:`~mathviz.pipeline.request.Job` objects into files under
``out``:

1. **cache lookup** (in this process, no manim import): every job gets a
   :func:`cache_key`, the hash of its request, the source of every project
   module the scene depends on (found by parsing imports with :mod:`ast`),
   and the versions of the tools. ``out/manifest.json`` records the key and
   sha256 of every finished output; a job whose key matches an entry whose
   file is still there, unchanged, is *cached* and not rendered again.
2. **rendering**: the other jobs run, ``workers`` at a time, each in a fresh
   Python process (manim's ``config`` is process-global) with private media
   and TeX folders (:func:`mathviz.pipeline.worker.run_job`). A shared TeX cache
   (``out/.cache/manim-<version>/``) hands every job, formula by formula, the
   SVGs that other jobs (earlier or running alongside) compiled, so LaTeX does
   not run twice for one formula and parallel jobs never share a folder that
   manim cleans; LaTeX itself runs on a format with manim's preamble
   preloaded. This module is not part of the cache key: nothing in it changes
   a pixel. With ``scheduler`` the same work
   goes to a Dask cluster; each worker returns the file's bytes, so no shared
   disk is needed.
3. **installation**: each finished file is moved into ``out`` atomically
   (rename, or a hidden temporary sibling and ``os.replace``) and its entry
   added to the manifest under a lock, as soon as it finishes: an interrupted
   batch keeps what it finished, and running it again resumes.

Nothing here imports manim, dask or PyAV at module level: a warm batch
(everything cached) starts no process and imports none of them.
"""

from __future__ import annotations

import contextlib
import os
import platform
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Sequence, Iterable

from mathviz import files
from mathviz.pipeline.cachekey import cache_key, tool_versions
from mathviz.pipeline.manifest import Manifest, estimate_frames, make_entry, result_from_entry
from mathviz.pipeline.request import Job, RenderRequest, RenderResult, manim_settings
from mathviz.pipeline.worker import WORK_PREFIX, output_files, spawn_child


def sweep_leftovers(out: Path) -> list[Path]:
    """Remove what killed batches left: hidden ``.*.partial-PID*`` files and ``.build-PID-*``
    folders in ``out`` and work folders in the temp dir, of processes that no longer run."""
    removed = []
    candidates = (files.leftovers(out) + files.leftovers(out, ".build-", ".build-*")
                  + files.leftovers(tempfile.gettempdir(), WORK_PREFIX, f"{WORK_PREFIX}*", recursive=False))
    for path in candidates:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed


class Reporter:
    """What a batch tells the user while it runs; this one says nothing.

    ``index`` is the job's position in the list given to :func:`run_batch`.
    """

    def begin(self, jobs: Sequence[Job], workers: int) -> None: ...
    def cached(self, index: int, result: RenderResult) -> None: ...
    def started(self, index: int, total_frames: int | None) -> None: ...
    def frames(self, index: int, done: int) -> None: ...
    def finished(self, index: int, result: RenderResult) -> None: ...
    def tick(self) -> None: ...
    def end(self, results: Sequence[RenderResult]) -> None: ...



@dataclass
class BatchOptions:
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    force: bool = False
    dry_run: bool = False
    scheduler: str | None = None  # a Dask scheduler address
    client: object = None  # or a ready distributed.Client (tests)



class _Interrupted(BaseException):
    pass



@contextlib.contextmanager
def _terminate_on_sigterm():
    """Turn SIGTERM into an exception in the main thread, so clean-up runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise _Interrupted(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)



@dataclass
class Plan:
    """What a batch will do: which jobs are cached, which run, and in what order."""

    cached: dict[int, RenderResult]  # job index -> result from the manifest
    todo: list[int]  # job indexes to render, longest expected first
    keys: dict[int, str]  # job index -> cache key (none in a dry run)
    estimates: dict[int, int | None]  # job index -> expected frames
    first_of: dict[str, int]  # output path -> the job that renders it



def plan(jobs: Sequence[Job], out: Path, *, force: bool = False, dry_run: bool = False) -> Plan:
    """Look every job up in ``out/manifest.json``; this imports no renderer and starts nothing.

    A job is cached when the manifest has an entry for its output path with the
    same key whose file is still there with the recorded sha256 (see
    :class:`Manifest`), unless ``force``. A dry run caches nothing.
    """
    out = Path(out)
    entries = {} if dry_run else Manifest(out).load()
    result = Plan({}, [], {}, {}, {})
    for i, job in enumerate(jobs):
        if job.output in result.first_of and not dry_run:  # the same output twice: render once
            continue
        result.first_of.setdefault(job.output, i)
        if not dry_run:
            result.keys[i] = cache_key(job.request)
            entry = entries.get(job.output)
            if not force and entry and entry.get("key") == result.keys[i]:
                result.cached[i] = result_from_entry(job, entry, out)
                continue
        result.todo.append(i)
    result.estimates = {i: estimate_frames(jobs[i], entries) for i in result.todo}
    # longest first (unknown lengths first of all), so the last job to start is a short one
    result.todo.sort(key=lambda i: -(result.estimates[i] or 10**9) * _pixels(jobs[i].request))
    return result



def run_batch(jobs: Iterable[Job], out: Path, options: BatchOptions | None = None,
              reporter: Reporter | None = None) -> list[RenderResult]:
    """Render ``jobs`` into ``out``, reusing cached outputs; results in the order given.

    A failing job never stops the others: its result carries ``error``. When
    every job is cached this starts no process and imports neither manim nor dask.
    """
    options = options or BatchOptions()
    reporter = reporter or Reporter()
    jobs = list(jobs)
    out = Path(out)
    results: list[RenderResult | None] = [None] * len(jobs)
    reporter.begin(jobs, options.workers)
    work = plan(jobs, out, force=options.force, dry_run=options.dry_run)
    for i, result in work.cached.items():
        results[i] = result
        reporter.cached(i, result)
    if work.todo:
        if not options.dry_run:
            sweep_leftovers(out)
        if options.scheduler or options.client:
            from mathviz.pipeline.dask import DaskRunner

            runner = DaskRunner(options)
        else:
            runner = LocalRunner(options, out)
        with _terminate_on_sigterm():
            runner.run(jobs, work.todo, work.estimates, work.keys, out, results, reporter)
    for i, job in enumerate(jobs):  # duplicates share the first job's result
        if results[i] is None:
            results[i] = results[work.first_of[job.output]]
    reporter.end(results)
    return results



def _pixels(request: RenderRequest) -> int:
    settings = manim_settings(request, Path("."))
    return int(settings["pixel_width"]) * int(settings["pixel_height"])



class Runner:
    """Submits jobs to an executor, installs what comes back, and feeds the reporter."""

    def __init__(self, options: BatchOptions):
        self.options = options
        self.events: queue.Queue = queue.Queue()

    def submit(self, index: int, job: Job) -> Future: ...

    def collect(self, index: int, job: Job, value, out: Path, key: str | None) -> RenderResult: ...

    def shutdown(self, interrupted: bool) -> None: ...

    def run(self, jobs, todo, estimates, keys, out, results, reporter) -> None:
        self.estimates = estimates
        futures: dict[Future, int] = {}
        interrupted = True
        try:
            for i in todo:
                futures[self.submit(i, jobs[i])] = i
            pending = set(futures)
            while pending:
                done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                self._drain(reporter)
                for future in done:
                    i = futures[future]
                    try:
                        result = self.collect(i, jobs[i], future.result(), out, keys.get(i))
                    except Exception as err:  # the executor lost the task (worker died)
                        result = RenderResult(jobs[i].scene_id, None, request=asdict(jobs[i].request),
                                              error=f"render task failed: {type(err).__name__}: {err}")
                    results[i] = result
                    reporter.finished(i, result)
                reporter.tick()
            self._drain(reporter)
            interrupted = False
        except _Interrupted:
            raise KeyboardInterrupt from None
        finally:
            for future in futures:
                future.cancel()
            self.shutdown(interrupted)

    def _drain(self, reporter: Reporter) -> None:
        while True:
            try:
                i, event = self.events.get_nowait()
            except queue.Empty:
                return
            if event.get("started"):
                reporter.started(i, self.estimates.get(i))
            elif "frames" in event:
                reporter.frames(i, event["frames"])

    @staticmethod
    def install_outputs(job: Job, result: RenderResult, out: Path, key: str | None, versions: dict, host: str,
                put_video: Callable[[Path], None], put_subtitles: Callable[[Path], None] | None) -> None:
        """Place the finished files in ``out`` and record them, all under the manifest lock."""
        dest = out / job.output
        srt = dest.with_suffix(".srt")

        def put_in_place() -> dict | None:
            if put_subtitles is not None:
                put_subtitles(srt)
                result.subtitles = str(srt)
            else:
                srt.unlink(missing_ok=True)  # an older render's subtitles would not match
                result.subtitles = None
            put_video(dest)
            result.path = str(dest)
            if key is None:
                return None
            return make_entry(job, result, out, key, versions, host, result.peak_memory_mb)

        Manifest(out).commit(put_in_place)



class LocalRunner(Runner):
    """Fresh worker processes on this machine, ``workers`` at a time, driven by threads."""

    def __init__(self, options: BatchOptions, out: Path):
        super().__init__(options)
        self.pool = ThreadPoolExecutor(max_workers=max(1, options.workers), thread_name_prefix="mathviz-job")
        self.procs: dict[int, subprocess.Popen] = {}
        self.lock = threading.Lock()
        self.works: dict[int, Path] = {}
        self.cache_root = out / ".cache" / f"manim-{tool_versions()['manim']}"
        if options.dry_run and not out.is_dir():
            self.cache_root = None  # a dry run writes nothing, not even a cache folder
        self.stopping = False

    def submit(self, index: int, job: Job) -> Future:
        return self.pool.submit(self._task, index, job)

    def _task(self, index: int, job: Job) -> RenderResult:
        if self.stopping:
            raise RuntimeError("batch interrupted")
        work = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-"))
        self.works[index] = work

        def register(proc):
            with self.lock:
                if proc is None:
                    self.procs.pop(index, None)
                else:
                    self.procs[index] = proc
                    if self.stopping:
                        proc.kill()

        return spawn_child(work, job.request, self.cache_root, self.options.dry_run,
                            on_event=lambda event: self.events.put((index, event)), register=register)

    def collect(self, index: int, job: Job, result: RenderResult, out: Path, key: str | None) -> RenderResult:
        try:
            if self.options.dry_run:
                return result
            video, srt = output_files(result)
            if video is None:
                return result
            has_srt = srt is not None and srt.is_file()
            self.install_outputs(job, result, out, key, tool_versions(), platform.node(),
                         lambda dest: files.install(video, dest),
                         (lambda dest: files.install(srt, dest)) if has_srt else None)
            return result
        finally:
            shutil.rmtree(self.works.pop(index), ignore_errors=True)

    def shutdown(self, interrupted: bool) -> None:
        if interrupted:
            self.stopping = True
            with self.lock:
                for proc in self.procs.values():
                    with contextlib.suppress(OSError):
                        proc.kill()
        self.pool.shutdown(wait=True, cancel_futures=True)
        for work in self.works.values():
            shutil.rmtree(work, ignore_errors=True)

