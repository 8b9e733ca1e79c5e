"""What a batch shows while it runs: a live display on a terminal, plain lines elsewhere.

Both report on ``stderr`` (``stdout`` keeps the paths or the ``--json`` array).
The live display redraws a small block, one line per running render (frames
done out of the expected total, elapsed time, time left) and a summary line;
finished renders scroll above it. The expected total comes from an earlier
render of the same scene in the manifest; without one, only the count shows.
"""

from __future__ import annotations

import sys
import time
from typing import Sequence, TextIO

from mathviz.pipeline.batch import Reporter
from mathviz.pipeline.request import Job, RenderResult


def _duration(seconds: float) -> str:
    """``42 s``, ``3 min 05 s``, ``1 h 02 min``.

    >>> _duration(42.4), _duration(185), _duration(3720)
    ('42 s', '3 min 05 s', '1 h 02 min')
    """
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


class _State(Reporter):
    """Book-keeping shared by both displays."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.t0 = time.monotonic()
        self.jobs: Sequence[Job] = ()
        self.workers = 1
        self.running: dict[int, dict] = {}  # index -> {start, done, total}
        self.finished_frames = 0
        self.counts = {"rendered": 0, "cached": 0, "failed": 0}

    def begin(self, jobs: Sequence[Job], workers: int) -> None:
        self.jobs, self.workers, self.t0 = jobs, workers, time.monotonic()

    def started(self, index: int, total_frames: int | None) -> None:
        self.running[index] = {"start": time.monotonic(), "done": 0, "total": total_frames}

    def frames(self, index: int, done: int) -> None:
        if index in self.running:
            self.running[index]["done"] = done

    def _settle(self, index: int, result: RenderResult) -> None:
        self.running.pop(index, None)
        if result.error:
            self.counts["failed"] += 1
        elif result.cached:
            self.counts["cached"] += 1
        else:
            self.counts["rendered"] += 1
            self.finished_frames += result.frames

    def _label(self, index: int) -> str:
        """The output's name: the scene id, with its variant suffix if it has one."""
        return self.jobs[index].output.rsplit("/", 1)[-1].rsplit(".", 1)[0]

    def time_left(self) -> float | None:
        """Seconds left for the whole batch: frames still expected over the frame rate so far."""
        elapsed = time.monotonic() - self.t0
        done = self.finished_frames + sum(r["done"] for r in self.running.values())
        if done <= 0 or elapsed <= 0:
            return None
        remaining = 0
        settled = sum(self.counts.values())
        waiting = len(self.jobs) - settled - len(self.running)
        for r in self.running.values():
            if r["total"] is None:
                return None
            remaining += max(r["total"] - r["done"], 0)
        if waiting:
            known = [r["total"] for r in self.running.values() if r["total"]]
            if not known:
                return None
            remaining += waiting * sum(known) / len(known)
        return remaining / (done / elapsed)

    def summary(self) -> str:
        c = self.counts
        parts = [f"{sum(c.values())}/{len(self.jobs)} done"]
        detail = [f"{c[k]} {k}" for k in ("rendered", "cached", "failed") if c[k]]
        if detail:
            parts[0] += f" ({', '.join(detail)})"
        if self.running:
            parts.append(f"{len(self.running)} running")
        parts.append(f"{_duration(time.monotonic() - self.t0)} elapsed")
        left = self.time_left()
        if left is not None and self.running:
            parts.append(f"about {_duration(left)} left")
        return " | ".join(parts)


def _finished_line(label: str, result: RenderResult) -> str:
    if result.error:
        return f"FAILED {label}: {result.error}"
    if result.cached:
        return f"cached {label} -> {result.path}"
    if result.path is None:  # dry run
        return f"ok     {label}: dry run, {result.seconds:.1f} s of video"
    rate = result.frames / result.render_seconds if result.render_seconds else 0.0
    return (f"done   {label}: {result.frames} frames in {result.render_seconds:.1f} s "
            f"({rate:.0f} frames/s, {result.peak_memory_mb or 0:.0f} MB) -> {result.path}")


class PlainReporter(_State):
    """One line per event, for logs and pipes."""

    def cached(self, index: int, result: RenderResult) -> None:
        self._settle(index, result)
        print(_finished_line(self._label(index), result), file=self.stream, flush=True)

    def started(self, index: int, total_frames: int | None) -> None:
        super().started(index, total_frames)
        expect = f" (about {total_frames} frames)" if total_frames else ""
        print(f"start  {self._label(index)}{expect}", file=self.stream, flush=True)

    def finished(self, index: int, result: RenderResult) -> None:
        self._settle(index, result)
        print(_finished_line(self._label(index), result), file=self.stream, flush=True)


class LiveReporter(_State):
    """A block redrawn in place on a terminal, at most ten times a second."""

    WIDTH = 24  # characters of the progress bar

    def __init__(self, stream: TextIO | None = None):
        super().__init__(stream)
        self.drawn = 0  # lines of the live block now on screen
        self.last = 0.0

    def cached(self, index: int, result: RenderResult) -> None:
        self._settle(index, result)  # counted in the summary; the paths go to stdout

    def finished(self, index: int, result: RenderResult) -> None:
        self._settle(index, result)
        self._redraw([_finished_line(self._label(index), result)])

    def started(self, index: int, total_frames: int | None) -> None:
        super().started(index, total_frames)
        self.tick()

    def tick(self) -> None:
        if time.monotonic() - self.last >= 0.1:
            self._redraw([])

    def end(self, results: Sequence[RenderResult]) -> None:
        self._redraw([], final=True)

    def _job_line(self, index: int, state: dict) -> str:
        elapsed = time.monotonic() - state["start"]
        done, total = state["done"], state["total"]
        label = self._label(index)[:28].ljust(28)
        if total:
            frac = min(done / total, 1.0)
            bar = "#" * int(frac * self.WIDTH)
            text = f"{label} [{bar:<{self.WIDTH}}] {done:>5}/{total} frames  {_duration(elapsed):>8}"
            if done:
                text += f"  about {_duration(max(total - done, 0) * elapsed / done)} left"
            return text
        if done:
            return f"{label} {done:>5} frames  {_duration(elapsed):>8}"
        return f"{label} starting  {_duration(elapsed):>8}"

    def _redraw(self, permanent: list[str], final: bool = False) -> None:
        out = []
        if self.drawn:
            out.append(f"\x1b[{self.drawn}F\x1b[J")  # to the block's first line, clear below
        out.extend(line + "\n" for line in permanent)
        block = [] if final else [*(self._job_line(i, s) for i, s in sorted(self.running.items())),
                                  self.summary()]
        out.extend(line[: self._columns()] + "\n" for line in block)
        self.drawn = len(block)
        self.stream.write("".join(out))
        self.stream.flush()
        self.last = time.monotonic()

    @staticmethod
    def _columns() -> int:
        import shutil

        return max(shutil.get_terminal_size((100, 20)).columns - 1, 20)


def reporter_for(stream: TextIO | None = None) -> Reporter:
    """A live display when ``stream`` (stderr by default) is a terminal, plain lines otherwise."""
    stream = stream or sys.stderr
    isatty = getattr(stream, "isatty", lambda: False)()
    return LiveReporter(stream) if isatty else PlainReporter(stream)
