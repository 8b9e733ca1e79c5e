"""``out/manifest.json``: every output with its sha256, frames, length, key and tool versions."""

from __future__ import annotations

import contextlib
import datetime
import json
from dataclasses import asdict
from pathlib import Path
from typing import Callable

from mathviz import files
from mathviz.pipeline.cachekey import file_sha256
from mathviz.pipeline.request import Job, RenderRequest, RenderResult, manim_settings

MANIFEST = "manifest.json"


class Manifest:
    """``out/manifest.json``: one entry per output file, always true.

    Loading drops entries whose file (or subtitle file) vanished or no longer
    has the recorded sha256; every change is a read-modify-write under an
    exclusive lock on ``out/.manifest.lock`` (several batches may share an
    output folder) and lands with ``os.replace``.
    """

    def __init__(self, out: Path):
        self.out = Path(out)
        self.path = self.out / MANIFEST

    @contextlib.contextmanager
    def locked(self):
        self.out.mkdir(parents=True, exist_ok=True)
        with open(self.out / ".manifest.lock", "a+b") as fh:
            try:
                import fcntl
            except ImportError:  # no advisory locks here: a single writer is assumed
                yield
                return
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _read(self) -> dict[str, dict]:
        try:
            data = json.loads(self.path.read_text())
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            return {}  # unreadable: treated as empty, rewritten at the next change
        return {e["path"]: e for e in data.get("outputs", []) if isinstance(e, dict) and "path" in e}

    def _matches(self, rel: str | None, digest: str | None) -> bool:
        target = self.out / rel if rel else None
        return target is not None and target.is_file() and file_sha256(target) == digest

    def _valid(self, entry: dict) -> bool:
        """The output is there with its recorded sha256, and so are its subtitles if it has any."""
        if not self._matches(entry.get("path"), entry.get("sha256")):
            return False
        return not entry.get("subtitles") or self._matches(entry["subtitles"], entry.get("subtitles_sha256"))

    def load(self) -> dict[str, dict]:
        """The valid entries by output path; rewrites the file when some were dropped."""
        entries = self._read()
        valid = {p: e for p, e in entries.items() if self._valid(e)}
        if len(valid) != len(entries):
            with self.locked():
                current = self._read()
                kept = {p: e for p, e in current.items() if self._valid(e)}
                if kept != current:
                    self._write(kept)
                valid = kept
        return valid

    def _write(self, entries: dict[str, dict]) -> None:
        body = {"format": 1, "outputs": [entries[p] for p in sorted(entries)]}
        files.write_bytes(self.path, (json.dumps(body, indent=2) + "\n").encode())

    def commit(self, install: Callable[[], dict | None]) -> None:
        """Under the lock: ``install()`` puts files in place and returns their entry (or None
        to record nothing), which then replaces any entry for the same path.

        Holding the lock across both keeps two batches writing one output from
        recording one file's sha256 for the other's.
        """
        with self.locked():
            entry = install()
            if entry is None:
                return
            entries = {p: e for p, e in self._read().items() if self._valid(e)}
            entries[entry["path"]] = entry
            self._write(entries)

    def record(self, entry: dict) -> None:
        """Add or replace the entry for ``entry['path']`` (whose file must already be in place)."""
        self.commit(lambda: entry)


def settings_of(request: RenderRequest) -> dict:
    return {"quality": request.quality, "format": request.fmt, "seed": request.seed,
            "theme": request.theme, "aspect": request.aspect, "transparent": request.transparent}


def make_entry(job: Job, result: RenderResult, out: Path, key: str, versions: dict,
               host: str, peak_memory_mb: float | None) -> dict:
    video = out / job.output
    srt = video.with_suffix(".srt") if result.subtitles else None
    return {
        "id": job.scene_id,
        "path": job.output,
        "params": dict(job.request.params),
        "settings": settings_of(job.request),
        "sha256": file_sha256(video),
        "bytes": video.stat().st_size,
        "frames": result.frames,
        "seconds": round(result.seconds, 4),
        "render_seconds": result.render_seconds,
        "peak_memory_mb": peak_memory_mb,
        "subtitles": srt.relative_to(out).as_posix() if srt else None,
        "subtitles_sha256": file_sha256(srt) if srt else None,
        "beats": result.beats,
        "layout_report": result.layout_report,
        "key": key,
        "versions": versions,
        "host": host,
        "rendered_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }


def result_from_entry(job: Job, entry: dict, out: Path) -> RenderResult:
    """A cached result: what the entry recorded, with the time spent now (none)."""
    result = RenderResult(job.scene_id, str(out / entry["path"]), seconds=entry["seconds"],
                          frames=entry["frames"], render_seconds=0.0, cached=True,
                          subtitles=str(out / entry["subtitles"]) if entry.get("subtitles") else None,
                          request=asdict(job.request), beats=entry.get("beats", []),
                          layout_report=entry.get("layout_report", []),
                          peak_memory_mb=entry.get("peak_memory_mb"))
    return result


def estimate_frames(job: Job, entries: dict[str, dict]) -> int | None:
    """Frames the job will probably have, from an earlier render of the same scene.

    The same output (same variant and quality) gives its frame count; another
    quality or variant of the scene gives its video length times this frame rate.
    """
    if job.request.fmt == "png":
        return 1
    if job.output in entries:
        return int(entries[job.output]["frames"])
    fps = manim_settings(job.request, Path("."))["frame_rate"]
    same = [e for e in entries.values() if e.get("id") == job.scene_id]
    same.sort(key=lambda e: e.get("params") != dict(job.request.params))
    if same and same[0].get("seconds"):
        return max(1, round(same[0]["seconds"] * fps))
    return None

