"""The registry of scenes: the catalogue and the user's own. No manim import.

Catalogue scenes are declared in manim-free ``specs`` modules, one per roadmap
chapter (``scenes/<chapter>/specs.py``), with :func:`declare`; the classes live
beside them and are imported only when something renders.

A user's scene is a class in a Python file, named ``PATH.py:Class`` (or
``PATH.py`` when the file holds one scene), or by id when a ``mathviz.toml``
in the working directory (or ``[tool.mathviz]`` in its ``pyproject.toml``, or
the file named by ``$MATHVIZ_CONFIG``) lists it: ``scenes = ["talk/",
"extra.py"]``, folders or files relative to that file. Such files are read
with :mod:`ast`, never imported here (importing runs the user's code, which
happens in a worker process): a class counts as a scene when it derives from
a manim scene class or from another scene class of the same file; its id is
its ``id = "..."`` class attribute or its name in kebab case
(``MyScene`` -> ``my-scene``); ``title = "..."`` and ``hidden = True`` are
read the same way.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import pkgutil
import ast
import os
import re
from dataclasses import dataclass
from pathlib import Path

from mathviz.errors import InputError

# The roadmap's order; chapters not listed here sort after these.
CHAPTERS = ("calculus", "linear_algebra", "multivariable", "probability", "optimization")
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class SceneSpec:
    id: str
    title: str
    chapter: str
    module: str  # dotted module of the scene class
    cls_name: str
    params: type  # the frozen parameter dataclass
    summary: str = ""
    hidden: bool = False  # test fixtures: renderable by id, not part of --all

    @property
    def file(self) -> str:
        """The scene's source file, relative to the repository root."""
        spec = importlib.util.find_spec(self.module)
        path = Path(spec.origin).resolve()
        try:
            return path.relative_to(ROOT).as_posix()
        except ValueError:
            return path.as_posix()

    def load(self):
        """Import and return the scene class (this imports manim)."""
        return getattr(importlib.import_module(self.module), self.cls_name)


_REGISTRY: dict[str, SceneSpec] = {}


def declare(id: str, *, title: str, chapter: str, module: str, cls: str, params: type,
            summary: str = "", hidden: bool = False) -> SceneSpec:
    """Register a scene; called at import time by the ``specs`` modules."""
    spec = SceneSpec(id, title, chapter, module, cls, params, summary, hidden)
    existing = _REGISTRY.get(id)
    if existing is not None and existing != spec:
        raise ValueError(f"scene id {id!r} is declared twice")
    _REGISTRY[id] = spec
    return spec


def _discover() -> None:
    import scenes

    for info in pkgutil.iter_modules(scenes.__path__):
        if info.ispkg:
            try:
                importlib.import_module(f"scenes.{info.name}.specs")
            except ModuleNotFoundError as err:
                if err.name != f"scenes.{info.name}.specs":
                    raise


def all_scenes(include_hidden: bool = False) -> list[SceneSpec]:
    """Every declared scene, in roadmap order."""
    _discover()
    order = {name: i for i, name in enumerate(CHAPTERS)}
    specs = [s for s in _REGISTRY.values() if include_hidden or not s.hidden]
    specs = sorted(specs, key=lambda s: (order.get(s.chapter, len(order)), s.chapter))
    return specs + [s for s in configured_scenes() if include_hidden or not s.hidden]


class UnknownScene(InputError):
    """No scene by that id or reference: one line, exit 2."""


def get(scene_id: str) -> "SceneSpec | FileScene":
    """The scene with this id or file reference; ``UnknownScene`` suggests the nearest id."""
    if is_file_ref(scene_id):
        return file_scene(scene_id)
    _discover()
    if scene_id in _REGISTRY:
        return _REGISTRY[scene_id]
    own = {s.id: s for s in configured_scenes()}
    if scene_id in own:
        return own[scene_id]
    visible = [s.id for s in all_scenes()]
    close = difflib.get_close_matches(scene_id, visible, n=1, cutoff=0.4)
    hint = f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(visible)})"
    raise UnknownScene(f"unknown scene {scene_id!r}{hint}")


# --- the user's own scenes -------------------------------------------------------------------

# Base classes that make a class a scene (manim's, and the kit's).
SCENE_BASES = {"Scene", "MathvizScene", "MovingCameraScene", "ThreeDScene", "ZoomedScene",
               "VectorScene", "LinearTransformationScene", "SpecialThreeDScene"}
CONFIG_NAMES = ("mathviz.toml", "pyproject.toml")
OWN_CHAPTER = "your scenes"


@dataclass(frozen=True)
class FileScene:
    """A scene class in a user's file, known by reading the file (not importing it)."""

    id: str
    title: str
    path: str  # absolute
    cls_name: str
    line: int = 0
    chapter: str = OWN_CHAPTER
    summary: str = ""
    hidden: bool = False

    @property
    def ref(self) -> str:
        """``/abs/path.py:Class``: what a worker needs to load it."""
        return f"{self.path}:{self.cls_name}"

    @property
    def file(self) -> str:
        """The file, relative to the working directory when inside it."""
        try:
            return Path(self.path).relative_to(Path.cwd()).as_posix()
        except ValueError:
            return self.path


def kebab(name: str) -> str:
    """``MyScene`` -> ``my-scene``; ``SVDIntro`` -> ``svd-intro``.

    >>> kebab("MyScene"), kebab("SVDIntro"), kebab("Scene2D")
    ('my-scene', 'svd-intro', 'scene2-d')
    """
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1-\2", name))
    return words.lower()


def is_file_ref(text: str) -> bool:
    """Does ``text`` name a file scene (``PATH.py`` or ``PATH.py:Class``) rather than an id?"""
    return text.endswith(".py") or ".py:" in text


def _literal(node):
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, RecursionError):
        return None


def scenes_in_file(path: str | Path, every_class: bool = False) -> list[FileScene]:
    """The scene classes of ``path``, in file order, read with :mod:`ast`.

    ``every_class`` lists every top-level class: one deriving from a base
    imported from elsewhere may be a scene too, which only importing tells.

    Raises :class:`UnknownScene` (exit 2) for a missing file or a syntax error,
    naming the file and line.
    """
    path = Path(path).expanduser()
    if not path.is_file():
        raise UnknownScene(f"no such scene file: {path}")
    try:
        tree = ast.parse(path.read_bytes(), filename=str(path))
    except SyntaxError as err:
        raise UnknownScene(f"{path}:{err.lineno}: syntax error: {err.msg}") from None
    except (ValueError, UnicodeDecodeError) as err:
        raise UnknownScene(f"{path}: not a readable Python file ({err})") from None
    known = set(SCENE_BASES)
    found = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        bases = {b.id if isinstance(b, ast.Name) else b.attr if isinstance(b, ast.Attribute) else None
                 for b in node.bases}
        if not bases & known and not every_class:
            continue
        if bases & known:
            known.add(node.name)
        attrs = {}
        for stmt in node.body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                attrs[stmt.targets[0].id] = _literal(stmt.value)
            elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
                attrs[stmt.target.id] = _literal(stmt.value)
        scene_id = attrs.get("id") if isinstance(attrs.get("id"), str) and attrs.get("id") else kebab(node.name)
        title = attrs.get("title") if isinstance(attrs.get("title"), str) and attrs.get("title") else node.name
        doc = ast.get_docstring(node) or ""
        found.append(FileScene(scene_id, title, str(path.resolve()), node.name, node.lineno,
                               summary=doc.strip().split("\n\n")[0].replace("\n", " "),
                               hidden=attrs.get("hidden") is True))
    return found


def file_scene(ref: str, base: str | Path | None = None) -> FileScene:
    """The scene ``PATH.py:Class`` (or the only scene of ``PATH.py``), ``PATH`` relative to ``base``."""
    path_text, _, cls_name = ref.rpartition(":") if ".py:" in ref else (ref, "", "")
    path = Path(path_text).expanduser()
    if base is not None and not path.is_absolute():
        path = Path(base) / path
    scenes = scenes_in_file(path)
    if cls_name:
        for scene in scenes_in_file(path, every_class=True):  # the worker checks it is a Scene
            if scene.cls_name == cls_name:
                return scene
        names = [s.cls_name for s in scenes]
        close = difflib.get_close_matches(cls_name, names, n=1, cutoff=0.5)
        hint = (f"; did you mean {close[0]!r}?" if close else
                f" (its scenes: {', '.join(names)})" if names else " (it defines no Scene subclass)")
        raise UnknownScene(f"{path} has no scene class {cls_name!r}{hint}")
    if len(scenes) != 1:
        what = f"{len(scenes)} scenes ({', '.join(s.cls_name for s in scenes)})" if scenes else "no Scene subclass"
        raise UnknownScene(f"{path} holds {what}: name one as {path}:ClassName")
    return scenes[0]


def config_file() -> Path | None:
    """The project file that lists the user's scenes, if any (see the module docstring)."""
    named = os.environ.get("MATHVIZ_CONFIG")
    if named:
        path = Path(named).expanduser()
        if not path.is_file():
            raise UnknownScene(f"MATHVIZ_CONFIG names {path}, which does not exist")
        return path
    for name in CONFIG_NAMES:
        path = Path.cwd() / name
        if path.is_file() and (name == "mathviz.toml" or "[tool.mathviz]" in path.read_text(errors="replace")):
            return path
    return None


def _config_entries(path: Path) -> list[str]:
    import tomllib

    try:
        data = tomllib.loads(path.read_text())
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise UnknownScene(f"{path}: not valid TOML ({err})") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("mathviz", {})
    scenes = data.get("scenes", [])
    if not isinstance(scenes, list) or not all(isinstance(s, str) for s in scenes):
        raise UnknownScene(f'{path}: scenes must be a list of folders or files, like scenes = ["talk/", "extra.py"]')
    return scenes


_CONFIGURED: dict[tuple, list[FileScene]] = {}


def configured_scenes() -> list[FileScene]:
    """The scenes of the folders and files the project file lists, in its order."""
    path = config_file()
    if path is None:
        return []
    entries = _config_entries(path)
    files = []
    for entry in entries:
        target = (path.parent / entry).resolve()
        if target.is_dir():
            files += sorted(p for p in target.rglob("*.py") if not p.name.startswith(("_", "test_")))
        elif target.is_file():
            files.append(target)
        else:
            raise UnknownScene(f"{path}: scenes entry {entry!r} is neither a folder nor a file")
    stamp = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    if stamp not in _CONFIGURED:
        found: dict[str, FileScene] = {}
        _discover()
        for f in files:
            for scene in scenes_in_file(f):
                clash = found.get(scene.id) or _REGISTRY.get(scene.id)
                if clash is not None:
                    where = getattr(clash, "path", None) or "the catalogue"
                    raise UnknownScene(f"{scene.path}:{scene.line}: scene id {scene.id!r} is taken by {where}; "
                                       f'give the class its own id = "..."')
                found[scene.id] = scene
        _CONFIGURED[stamp] = list(found.values())
    return _CONFIGURED[stamp]
