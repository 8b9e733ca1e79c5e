"""Atomic writes: a reader sees the old file or the whole new one, never a part.

Every file mathviz publishes goes through here. A temporary sibling named
``.<name>.partial-<pid>-<thread>`` is written (or copied, or moved) first and
renamed over the target with ``os.replace``; a crash leaves only that hidden
sibling, which :func:`leftovers` finds (and ``mathviz render`` sweeps) once
its process is gone.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
from pathlib import Path

PARTIAL = ".partial-"


def partial_name(dest: Path) -> Path:
    """The hidden sibling ``dest`` is staged under, unique to this process and thread."""
    dest = Path(dest)
    return dest.with_name(f".{dest.name}{PARTIAL}{os.getpid()}-{threading.get_ident()}")


@contextlib.contextmanager
def atomic_path(dest):
    """``with atomic_path(dest) as tmp:`` write ``tmp``; on success it becomes ``dest``.

    On an exception nothing appears at ``dest`` and ``tmp`` is removed.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = partial_name(dest)
    try:
        yield tmp
        os.replace(tmp, dest)
    finally:
        if tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            tmp.unlink(missing_ok=True)


def write_bytes(dest, data: bytes, *, sync: bool = False) -> Path:
    """Write ``data`` to ``dest`` atomically (``sync``: flush to disk first, for manifests)."""
    with atomic_path(dest) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
    return Path(dest)


def write_text(dest, text: str) -> Path:
    return write_bytes(dest, text.encode("utf-8"))


def install(src, dest, *, move: bool = False) -> Path:
    """Put the file ``src`` at ``dest`` atomically: renamed when ``move`` and on one file
    system, else copied to the hidden sibling first. ``src`` is left alone unless ``move``."""
    src, dest = Path(src), Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    if move:
        try:
            os.replace(src, dest)
            return dest
        except OSError:
            pass
    with atomic_path(dest) as tmp:
        shutil.copyfile(src, tmp)
    if move:
        src.unlink(missing_ok=True)
    return dest


def link_or_copy(src, dest) -> Path:
    """Publish ``src`` at ``dest`` atomically as a hard link (a copy across file systems)."""
    src, dest = Path(src), Path(dest)
    with atomic_path(dest) as tmp:
        try:
            os.link(src, tmp)
        except OSError:
            shutil.copyfile(src, tmp)
    return dest


def staging_dir(dest) -> Path:
    """A hidden folder beside ``dest`` to build a folder in, then :func:`replace_dir` it."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{dest.name}{PARTIAL}{os.getpid()}-", dir=dest.parent))


@contextlib.contextmanager
def staging(dest):
    """``with staging(dest) as folder:`` build in a :func:`staging_dir` beside ``dest``; whatever
    is still in it on leaving (an exception, or parts not moved out) is removed."""
    folder = staging_dir(dest)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def replace_dir(staged, dest) -> Path:
    """Swap the built folder ``staged`` in for ``dest`` (the old one, if any, goes afterwards)."""
    staged, dest = Path(staged), Path(dest)
    old = None
    if dest.exists():
        old = dest.with_name(f".{dest.name}.old-{os.getpid()}")
        os.replace(dest, old)
    os.replace(staged, dest)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return dest


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def leftovers(root, marker: str = PARTIAL, pattern: str | None = None, recursive: bool = True) -> list[Path]:
    """Files and folders under ``root`` named ``...<marker><pid>...`` whose process is gone:
    by default the hidden partial siblings of :func:`atomic_path`; ``pattern`` (a glob,
    default ``.*<marker>*``) finds other such names (build folders, work folders)."""
    found = []
    root = Path(root)
    if not root.is_dir():
        return found
    for path in (root.rglob if recursive else root.glob)(pattern or f".*{marker}*"):
        pid = path.name.split(marker, 1)[1].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not pid_alive(int(pid)):
            found.append(path)
    return found
