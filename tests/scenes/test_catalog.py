"""Every registered scene: declared consistently, and its construct runs (manim's dry run)."""

from __future__ import annotations

import dataclasses

import pytest

from mathviz.kit import registry

SPECS = registry.all_scenes()


@pytest.mark.parametrize("spec", SPECS, ids=[s.id for s in SPECS])
def test_declaration_is_consistent(spec):
    cls = spec.load()
    assert cls.Params is spec.params
    assert dataclasses.is_dataclass(spec.params) and spec.params.__dataclass_params__.frozen
    assert spec.file == f"scenes/{spec.chapter}/{spec.id.replace('-', '_')}.py"
    assert spec.params() == spec.params()  # defaults construct


@pytest.mark.parametrize("spec", SPECS, ids=[s.id for s in SPECS])
def test_construct_runs_and_lasts_ten_seconds(scene_after, spec):
    scene = scene_after(spec.id)
    assert scene.time >= 10
    assert scene.beats and all(b.narration for b in scene.beats)
