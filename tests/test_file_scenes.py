"""A lecturer's own scene files: rendered by path or by id, cached by their code, refused clearly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SCENE = '''
from dataclasses import dataclass

from manim import UP, Dot, FadeIn

from mathviz.kit import MathvizScene, NumberReadout, change_value, number

import helper


@dataclass(frozen=True)
class Params:
    r: float = number(1.5, low=0.1, high=3, help="the radius")


class Grow(MathvizScene):
    """A dot, then a number growing to r."""

    Params = Params
    title = "Grow"

    def construct(self):
        self.beat("dot", helper.greeting())
        self.play(FadeIn(Dot(color=self.theme.point)), run_time=0.4)
        self.beat("grow", "The number grows to the radius.")
        value = NumberReadout(0.0, decimals=2, color=self.theme.text).shift(1.5 * UP)
        self.play(FadeIn(value), run_time=0.2)
        self.play(change_value(value, self.params.r), run_time=0.4)
'''

PLAIN = '''
from manim import Circle, Create, Scene


class JustACircle(Scene):
    def construct(self):
        self.play(Create(Circle()), run_time=0.4)
'''


def mathviz(*args, cwd=None, config: Path | None = None, timeout: int = 300):
    """``mathviz ARGS`` in a fresh interpreter; ``config`` replaces the suite's MATHVIZ_CONFIG
    (None: no config at all, so a mathviz.toml in ``cwd`` is what counts)."""
    env = {k: v for k, v in os.environ.items() if k != "MATHVIZ_CONFIG"}
    if config is not None:
        env["MATHVIZ_CONFIG"] = str(config)
    proc = subprocess.run([sys.executable, "-m", "mathviz.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=timeout)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture
def talk(tmp_path) -> Path:
    """A folder outside the repository: a kit scene importing a helper beside it, a plain manim
    scene, and an unrelated kit scene that does not import the helper."""
    folder = tmp_path / "talk"
    folder.mkdir()
    (folder / "grow.py").write_text(SCENE)
    (folder / "helper.py").write_text('def greeting():\n    return "A dot appears in the middle."\n')
    (folder / "plain.py").write_text(PLAIN)
    (folder / "other.py").write_text(SCENE.replace("import helper\n", "").replace("helper.greeting()", '"Hello."')
                                     .replace("class Grow", "class Other"))
    return folder


@pytest.mark.slow
def test_file_scenes_render_with_subtitles_cache_and_follow_their_imports(talk, tmp_path):
    out = tmp_path / "out"
    targets = [f"{talk}/grow.py:Grow", f"{talk}/plain.py", f"{talk}/other.py:Other"]
    code, stdout, stderr = mathviz("render", *targets, "-q", "low", "-o", out, "--json")
    assert code == 0, stderr
    results = {r["id"]: r for r in json.loads(stdout)}
    assert set(results) == {"grow", "just-a-circle", "other"}
    assert not any(r["cached"] for r in results.values())
    srt = Path(results["grow"]["subtitles"]).read_text()
    assert "A dot appears in the middle." in srt and "The number grows to the radius." in srt
    assert [b["name"] for b in results["grow"]["beats"]] == ["dot", "grow"]
    assert Path(results["just-a-circle"]["path"]).is_file() and results["just-a-circle"]["subtitles"] is None

    code, stdout, _ = mathviz("render", *targets, "-q", "low", "-o", out, "--json")
    assert code == 0 and all(r["cached"] for r in json.loads(stdout))

    (talk / "helper.py").write_text('def greeting():\n    return "The helper now says something else."\n')
    code, stdout, stderr = mathviz("render", *targets, "-q", "low", "-o", out, "--json")
    assert code == 0, stderr
    cached = {r["id"]: r["cached"] for r in json.loads(stdout)}
    assert cached == {"grow": False, "just-a-circle": True, "other": True}
    assert "something else" in Path(out / "480p15" / "grow.srt").read_text()


@pytest.mark.parametrize("target, args, expected", [
    ("missing.py", (), "no such scene file"),
    ("grow.py:Nope", (), "has no scene class 'Nope'"),
    ("grow.py:Params", (), "Params is not a manim Scene subclass"),
    ("helper.py", (), "holds no Scene subclass"),
    ("broken_syntax.py", (), "broken_syntax.py:3: syntax error"),
    ("bad_import.py", (), "bad_import.py:2: importing it failed: ModuleNotFoundError"),
    ("plain.py", ("-p", "a=1"), "takes no parameters"),
    ("plain.py", ("--theme", "light"), "--theme needs a MathvizScene"),
    ("grow.py", ("-p", "r=9"), "parameter r = '9': must be at most 3"),
    ("grow.py", ("-p", "radius=1"), "unknown parameter 'radius'"),
])
def test_bad_file_scenes_are_refused_in_one_line(talk, tmp_path, target, args, expected):
    (talk / "broken_syntax.py").write_text("from manim import Scene\nclass A(Scene):\n    def construct(self)\n")
    (talk / "bad_import.py").write_text("from manim import Scene\nimport no_such_module\nclass A(Scene):\n    pass\n")
    out = tmp_path / "out"
    code, stdout, stderr = mathviz("render", talk / target, *args, "-q", "low", "-o", out)
    assert code == 2, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], stderr
    assert not out.exists()


def test_a_project_file_lists_scenes_by_id(talk, tmp_path):
    (talk / "mathviz.toml").write_text('scenes = ["grow.py", "plain.py"]\n')
    code, stdout, stderr = mathviz("list", "--json", cwd=talk)
    assert code == 0, stderr
    mine = {row["id"]: row for row in json.loads(stdout) if row["chapter"] == "your scenes"}
    assert set(mine) == {"grow", "just-a-circle"}
    assert mine["grow"]["params"] == {"r": "1.5"} and mine["grow"]["class"] == "Grow"
    code, _, stderr = mathviz("render", "grow", "-q", "low", "-o", tmp_path / "out", "--dry-run", cwd=talk)
    assert code == 0, stderr
    code, _, stderr = mathviz("render", "gro", "-q", "low", cwd=talk)
    assert code == 2 and "did you mean 'grow'" in stderr


def test_a_pyproject_section_works_too_and_clashing_ids_are_refused(talk):
    (talk / "pyproject.toml").write_text('[project]\nname = "talk"\n\n[tool.mathviz]\nscenes = ["."]\n')
    (talk / "dup.py").write_text(PLAIN.replace("class JustACircle(Scene):", 'class Dup(Scene):\n    id = "svd"'))
    code, _, stderr = mathviz("list", cwd=talk)
    assert code == 2 and "scene id 'svd' is taken by the catalogue" in stderr
    (talk / "dup.py").unlink()
    code, stdout, stderr = mathviz("list", cwd=talk)
    assert code == 0 and "just-a-circle" in stdout and "other" in stdout, stderr


def test_a_lecture_file_names_file_scenes(talk, tmp_path):
    from mathviz.pipeline.lecture import LectureError, load_lecture

    lecture = talk / "lecture.toml"
    lecture.write_text(textwrap.dedent('''
        title = "Mixed"
        [[chapters]]
        title = "Ours"
        scenes = ["limit-of-secants", { file = "grow.py", class = "Grow", params = { r = 2 } }, { file = "plain.py" }]
    '''))
    lec = load_lecture(lecture)
    refs = lec.chapters[0].scenes
    assert refs[0].id == "limit-of-secants"
    assert refs[1].id == f"{talk / 'grow.py'}:Grow" and refs[1].params == (("r", "2"),)
    assert refs[2].id == f"{talk / 'plain.py'}:JustACircle"
    lecture.write_text('title = "T"\n[[chapters]]\ntitle = "C"\nscenes = [{ file = "nope.py" }]\n')
    with pytest.raises(LectureError, match=r"lecture.toml, line 4: chapter 1 \('C'\): no such scene file"):
        load_lecture(lecture)


@pytest.mark.slow
def test_a_lecture_mixing_catalogue_and_file_scenes_joins_with_a_chapter_per_scene(talk, tmp_path):
    import av

    lecture = talk / "mixed.toml"
    lecture.write_text(textwrap.dedent('''
        title = "Mixed"
        [[chapters]]
        title = "From the catalogue"
        scenes = ["limit-of-secants"]
        [[chapters]]
        title = "Our own"
        scenes = [{ file = "grow.py", class = "Grow" }, { file = "plain.py" }]
    '''))
    code, stdout, stderr = mathviz("lecture", lecture, "-q", "low", "-o", tmp_path / "out", "--json")
    assert code == 0, stderr
    result = json.loads(stdout)
    with av.open(result["path"]) as container:
        titles = [c["metadata"].get("title") for c in container.chapters()]
    assert titles == ["The derivative as a limit of secants", "Grow", "JustACircle"]  # one chapter per scene
