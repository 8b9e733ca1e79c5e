"""Renders on a Dask cluster: workers render in fresh processes and send the files back by value.

No shared disk is needed; a worker must have the same mathviz sources (its
cache key must equal the client's, or the result is refused).
"""

from __future__ import annotations

import os
import platform
import shutil
import tempfile
from concurrent.futures import Future
from dataclasses import asdict
from pathlib import Path

from mathviz import files
from mathviz.pipeline.batch import BatchOptions, Runner
from mathviz.pipeline.cachekey import cache_key, tool_versions
from mathviz.pipeline.request import Job, RenderRequest, RenderResult
from mathviz.pipeline.worker import WORK_PREFIX, output_files, spawn_child

def remote_render(request: RenderRequest, dry_run: bool = False) -> dict:
    """A Dask task: render ``request`` on this worker and return everything by value.

    The render runs in a fresh subprocess (manim's config is process-global, and
    Dask workers are daemons that may not fork multiprocessing children) in a
    temporary folder, with a TeX cache local to this machine. Returns the result,
    the video and subtitle bytes, the key the worker computed from *its* sources
    (the client refuses a mismatch: it would cache a file made by other code) and
    the worker's host name.
    """
    cache_root = Path(tempfile.gettempdir()) / "mathviz-cache" / f"manim-{tool_versions()['manim']}"
    work = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-"))
    try:
        result = spawn_child(work, request, cache_root, dry_run)
        video, srt = output_files(result)
        return {
            "result": asdict(result),
            "video": video.read_bytes() if video else None,
            "subtitles": srt.read_bytes() if srt and srt.is_file() else None,
            "key": cache_key(request), "versions": tool_versions(), "host": platform.node(),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


class DaskRunner(Runner):
    """The same jobs on a Dask cluster, through its ``concurrent.futures`` executor.

    Workers send back the finished file's bytes, so they need no shared disk;
    they need the same mathviz sources (checked through the cache key).
    """

    def __init__(self, options: BatchOptions):
        super().__init__(options)
        if options.client is not None:
            self.client, self.own_client = options.client, False
        else:
            from distributed import Client

            self.client, self.own_client = Client(options.scheduler, timeout="20s"), True
        self.executor = self.client.get_executor(pure=False)

    def submit(self, index: int, job: Job) -> Future:
        self.events.put((index, {"started": True}))
        return self.executor.submit(remote_render, job.request, self.options.dry_run)

    def collect(self, index: int, job: Job, value: dict, out: Path, key: str | None) -> RenderResult:
        result = RenderResult(**value["result"])
        if self.options.dry_run or result.error or value["video"] is None:
            result.path = None  # a path on the worker means nothing here
            return result
        if key is not None and value["key"] != key:
            result.path = None
            result.error = (f"worker {value['host']} renders with other mathviz sources or tool versions "
                            f"({', '.join(f'{k} {v}' for k, v in value['versions'].items())}); "
                            "install the same mathviz there")
            return result
        subtitles = value["subtitles"]
        self.install_outputs(job, result, out, key, value["versions"], value["host"],
                     lambda dest: files.write_bytes(dest, value["video"]),
                     (lambda dest: files.write_bytes(dest, subtitles)) if subtitles is not None else None)
        return result

    def shutdown(self, interrupted: bool) -> None:
        self.executor.shutdown(wait=not interrupted)
        if self.own_client:
            self.client.close()


def connect(address: str, timeout: float = 10.0):
    """A Dask client for ``address``; raises ``OSError`` with one line when it cannot connect."""
    from distributed import Client

    try:
        return Client(address, timeout=f"{timeout}s")
    except (OSError, TimeoutError, ValueError) as err:
        raise OSError(f"cannot reach the Dask scheduler at {address!r}: {err}") from None

