"""The registry of scenes. No manim import: ``mathviz list`` must start fast.

Scenes are declared in manim-free ``specs`` modules, one per roadmap chapter
(``scenes/<chapter>/specs.py``), with :func:`declare`. The scene classes
themselves live beside them and are imported only when something renders.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import pkgutil
from dataclasses import dataclass
from pathlib import Path

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
    return sorted(specs, key=lambda s: (order.get(s.chapter, len(order)), s.chapter))


class UnknownScene(ValueError):
    pass


def get(scene_id: str) -> SceneSpec:
    """The scene with this id; ``UnknownScene`` suggests the nearest id."""
    _discover()
    if scene_id in _REGISTRY:
        return _REGISTRY[scene_id]
    visible = [s.id for s in all_scenes()]
    close = difflib.get_close_matches(scene_id, visible, n=1, cutoff=0.4)
    hint = f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(visible)})"
    raise UnknownScene(f"unknown scene {scene_id!r}{hint}")
