"""The README's "Write your own scene" works as written: its scene renders, its lecture file loads."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def tutorial_block(name: str) -> str:
    """The code block that follows ``<!-- tutorial: NAME -->`` in the README."""
    text = README.read_text()
    match = re.search(rf"<!-- tutorial: {re.escape(name)} -->\s*```\w*\n(.*?)```", text, re.S)
    assert match, f"README has no tutorial block {name}"
    return match.group(1)


@pytest.fixture
def talk(tmp_path) -> Path:
    (tmp_path / "my_scene.py").write_text(tutorial_block("my_scene.py"))
    (tmp_path / "talk.toml").write_text(tutorial_block("talk.toml"))
    return tmp_path


def mathviz(*args, cwd):
    env = {k: v for k, v in os.environ.items() if k != "MATHVIZ_CONFIG"}
    proc = subprocess.run([sys.executable, "-m", "mathviz.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=600)
    return proc.returncode, proc.stdout, proc.stderr


def test_the_tutorial_scene_is_short_and_uses_only_the_kit():
    code = tutorial_block("my_scene.py")
    assert 30 <= len(code.strip().splitlines()) <= 45
    imports = re.findall(r"^(?:from|import) (\S+)", code, re.M)
    assert set(imports) <= {"dataclasses", "numpy", "manim", "mathviz.kit"}, imports


@pytest.mark.slow
def test_the_tutorial_scene_renders_with_subtitles_and_a_parameter(talk):
    code, stdout, stderr = mathviz("render", "my_scene.py:MyScene", "-q", "low", "-p", "k=2", "--json", cwd=talk)
    assert code == 0, stderr
    (result,) = json.loads(stdout)
    assert (talk / result["path"]).is_file() and [b["name"] for b in result["beats"]] == ["curve", "slide"]
    assert "between zero and one" in (talk / result["subtitles"]).read_text()


def test_the_tutorial_lecture_mixes_a_catalogue_scene_and_the_tutorial_scene(talk):
    from mathviz.pipeline.lecture import lecture_parts, load_lecture

    parts = lecture_parts(load_lecture(talk / "talk.toml"), quality="low")
    assert [(p.kind, p.job.scene_id) for p in parts] == [("card", "title-card"), ("scene", "limit-of-secants"),
                                                          ("card", "title-card"), ("scene", "my-scene")]
    assert parts[-1].job.request.params == (("k", "2"),)
