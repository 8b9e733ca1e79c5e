"""The cache key: the content address of one render, computed without importing manim.

Equal keys mean equal pixels. The key hashes the request, the source of every
local module the scene's code imports (found by parsing imports with
:mod:`ast`: the ``mathviz`` and ``scenes`` packages, and for a file scene the
modules beside it), and the versions of the tools.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import platform
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from mathviz.kit import registry
from mathviz.pipeline.request import RenderRequest

KEY_SCHEME = 1  # bump when the meaning of the key changes


PACKAGES = ("mathviz", "scenes")  # project packages whose sources enter the key
# The code that turns a request into pixels for every scene: manim's settings, the encoder.
WORKER_MODULES = ("mathviz.pipeline.worker", "mathviz.pipeline.request", "mathviz.media")


def _module_file(name: str, local: Path | None = None) -> Path | None:
    """The source file of module ``name`` (package ``__init__`` or module) when it is ours: a
    module beside a user's scene (``local``, searched first, as ``sys.path[0]`` is) or one
    of the project packages."""
    parts = name.split(".")
    if not all(parts):
        return None
    roots = [local] if local is not None else []
    if parts[0] in PACKAGES:
        roots.append(registry.ROOT)
    for root in roots:
        base = Path(root).joinpath(*parts)
        for candidate in (base / "__init__.py", base.with_suffix(".py")):
            if candidate.is_file():
                return candidate
    return None


def _statements(body: list[ast.stmt]):
    """Every statement, nested ones included, without visiting expressions (imports are
    statements; skipping the expression trees makes this several times faster than
    ``ast.walk``)."""
    for node in body:
        yield node
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            inner = getattr(node, name, None)
            if isinstance(inner, list):
                yield from _statements(inner)


@lru_cache(maxsize=None)
def _imports_of(path: Path, module: str, stamp: tuple[int, int], local: Path | None = None) -> tuple[str, ...]:
    """Project modules that ``path`` (the source of ``module``) imports, anywhere in the file.

    Imports inside functions count: scenes and the CLI import lazily. ``from a
    import b`` counts ``a.b`` when that is a module. ``stamp`` (mtime, size)
    only invalidates the memo when the file changes.
    """
    tree = ast.parse(path.read_bytes(), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[str] = []
    for node in _statements(tree.body):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            found.append(origin)
            found.extend(f"{origin}.{alias.name}" for alias in node.names if alias.name != "*")
    return tuple(name for name in found if _module_file(name, local))


def source_closure(modules: Iterable[str], local: Path | None = None) -> dict[str, Path]:
    """Every project module that importing ``modules`` executes, with its file.

    The transitive closure of imports within the ``mathviz`` and ``scenes``
    packages, plus the ``__init__`` of each enclosing package (importing
    ``a.b.c`` runs ``a`` and ``a.b`` first). Found by parsing, not importing.

    >>> files = source_closure(["scenes.calculus.limit_of_secants"])
    >>> {"mathviz.kit.scene", "mathviz.kit.theme", "mathviz.core.calculus", "scenes"} <= set(files)
    True
    >>> "manim" in files or "mathviz.pipeline.batch" in files
    False
    """
    seen: dict[str, Path] = {}
    stack = list(modules)
    while stack:
        name = stack.pop()
        parts = name.split(".")
        for i in range(1, len(parts)):  # enclosing packages
            stack.append(".".join(parts[:i]))
        if name in seen:
            continue
        path = _module_file(name, local)
        if path is None:
            continue
        seen[name] = path
        stat = path.stat()
        stack.extend(_imports_of(path, name, (stat.st_mtime_ns, stat.st_size), local))
    return seen


_SHA_MEMO: dict[tuple, str] = {}


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes, remembered per (path, inode, size, mtime) for this process,
    so that recording one entry does not re-read every other output."""
    stat = os.stat(path)
    memo = (str(path), stat.st_ino, stat.st_size, stat.st_mtime_ns)
    if memo not in _SHA_MEMO:
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        _SHA_MEMO[memo] = digest.hexdigest()
    return _SHA_MEMO[memo]


def source_digest(path: Path) -> str:
    """The digest of one source file as it enters the cache key (tests replace this)."""
    return file_sha256(path)


@lru_cache(maxsize=1)
def tool_versions() -> dict[str, str]:
    """Versions that change the pixels or the encoding, read without importing the tools."""
    from importlib.metadata import PackageNotFoundError, version

    import mathviz

    found = {"mathviz": mathviz.__version__,
             "python": ".".join(platform.python_version_tuple()[:2])}
    for dist in ("manim", "av", "manimpango", "pycairo"):
        try:
            found[dist] = version(dist)
        except PackageNotFoundError:
            found[dist] = "absent"
    return found


def voice_material(request: RenderRequest) -> dict | None:
    """What decides the sound: the voice's key (engine, version, model digest) and, for the
    lecturer's own recordings, the digest of every take in the scene's folder."""
    if request.voice == "none":
        return None
    from mathviz.pipeline.narration import parse_voice, recording_path

    from mathviz.pipeline.request import take_name

    voice = parse_voice(request.voice)
    takes = {}
    if voice.folder is not None:
        folder = voice.folder / Path(recording_path(take_name(request), 1, "x")).parent
        if folder.is_dir():
            takes = {p.name: file_sha256(p) for p in sorted(folder.iterdir()) if p.is_file()}
    return {"key": voice.key, "takes": takes}


def cache_key(request: RenderRequest) -> str:
    """The content address of one render: equal keys mean equal pixels.

    It hashes the request (scene id, parameters, quality, format, seed, theme,
    aspect, transparency), the source of the scene module, of its parameter
    module and of the render worker (which sets manim's config) with everything
    they import from ``mathviz`` and ``scenes`` (for a user's file: the modules
    beside it that it imports, too), and :func:`tool_versions`.
    """
    modules = source_closure(WORKER_MODULES)
    if request.source:  # a user's file: it and every module beside it that it imports
        path = Path(request.source.rpartition(":")[0])
        modules.update(source_closure([path.stem], local=path.parent))
        scene = request.source
    else:
        spec = registry.get(request.scene_id)
        modules.update(source_closure([spec.module, spec.params.__module__]))
        scene = [spec.module, spec.cls_name]
    sources = {}
    for path in modules.values():
        try:
            name = path.relative_to(registry.ROOT).as_posix()
        except ValueError:
            name = path.as_posix()
        sources[name] = source_digest(path)
    material = {
        "scheme": KEY_SCHEME,
        "voice": voice_material(request),
        "request": asdict(request),
        "scene": scene,
        "sources": dict(sorted(sources.items())),
        "versions": tool_versions(),
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True, default=list).encode()).hexdigest()

