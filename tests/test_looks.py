"""Every scene in every theme and aspect: nothing leaves the frame at any beat, the background
follows the theme, the picture has the aspect's size; and no scene names a colour itself.

The matrix (scenes x 3 themes x 4 aspects) runs each scene with its animations skipped
(:func:`mathviz.pipeline.still.scan`, what ``mathviz still`` does first), not as a full dry run:
manim's dry run still draws every frame, which made one scene cost 10-60 s; the scan draws
one picture per beat, about a fifth of the CPU time. ``test_scan_agrees_with_the_dry_run``
checks that the two give the same beats, timings and layout report. All scans share one TeX
folder, so each formula compiles once for the whole matrix.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import numpy as np
import pytest

from mathviz.kit import registry
from mathviz.pipeline.request import RenderRequest, validate
from mathviz.kit.theme import ASPECTS, THEMES, frame_geometry

REPO = Path(__file__).resolve().parent.parent
SCENES = [spec.id for spec in registry.all_scenes()]


@pytest.fixture(scope="session")
def scan_scene(tmp_path_factory):
    """``scan_scene(id, theme, aspect, **params)`` -> the scene after a skipped-animation run,
    with a picture of its last frame in ``scene.shot`` and that frame's report in ``shot_overflow``."""
    from manim import tempconfig

    from mathviz.pipeline.still import scan

    root = tmp_path_factory.mktemp("looks")
    (root / "tex").mkdir()

    def run(scene_id: str, theme: str = "dark", aspect: str = "16:9", **params):
        job = validate(RenderRequest.make(scene_id, {k: str(v) for k, v in params.items()},
                                          quality="low", theme=theme, aspect=aspect))
        # TeX is shared by the whole session; Pango text only per pixel size (manim draws it
        # on a surface of the frame's size without putting the size in its cache name)
        work = root / aspect.replace(":", "x")
        if not work.exists():
            work.mkdir()
            (work / "tex").symlink_to(root / "tex", target_is_directory=True)
        with tempconfig({}):
            return scan(job.request, work, shot=("end",))

    return run


def _hex(colour) -> str:
    from manim import ManimColor

    return ManimColor(colour).to_hex().upper()


@pytest.mark.parametrize("aspect", list(ASPECTS))
@pytest.mark.parametrize("theme", list(THEMES))
@pytest.mark.parametrize("scene_id", SCENES)
def test_layout_is_clean_in_every_theme_and_aspect(scan_scene, scene_id, theme, aspect):
    scene = scan_scene(scene_id, theme, aspect)
    assert scene.beats, f"{scene_id} has no beats"
    assert scene.layout_report == [], "\n".join(scene.layout_report)
    # the background follows the theme, the picture has the aspect's size
    assert _hex(scene.camera.background_color) == THEMES[theme].background.upper()
    geometry = frame_geometry(aspect, 480)
    assert scene.shot.shape[:2] == (geometry["pixel_height"], geometry["pixel_width"])
    background = np.array([int(THEMES[theme].background[i:i + 2], 16) for i in (1, 3, 5)])
    pixels = scene.shot[..., :3].reshape(-1, 3)
    share = np.mean(np.all(np.abs(pixels.astype(int) - background) <= 1, axis=1))
    assert share > 0.3, f"only {share:.0%} of the last frame is the {theme} background"


def test_scan_agrees_with_the_dry_run(scan_scene, scene_after):
    """The fast scan and manim's dry run see the same beats, at the same times, with the same report."""
    from mathviz.pipeline.still import _beat_spans

    scanned = scan_scene("limit-of-secants", "light", "9:16")
    dry = scene_after("limit-of-secants", theme="light", aspect="9:16")
    assert [b.name for b in scanned.beats] == [b.name for b in dry.beats]
    spans = _beat_spans(scanned, scanned._timeline, 15)
    # the dry run skips in-between frames, so its clock sums exact run times while the scan
    # counts whole frames as the video does: they may differ by rounding, under a frame a play
    plays = len(scanned._timeline)
    for span, beat in zip(spans, dry.beats):
        assert span["start"] == pytest.approx(beat.start, abs=plays / 15)
        assert span["end"] == pytest.approx(beat.end, abs=plays / 15)
    assert scanned.layout_report == dry.layout_report


def test_a_stray_label_is_reported_at_its_beat(tmp_path):
    """The report names the mobject, the edge and the beat; the still's report names it too."""
    from manim import RIGHT, FadeIn, Text, tempconfig

    from mathviz.pipeline.request import manim_settings
    from mathviz.pipeline.worker import _configure
    from mathviz.kit.scene import MathvizScene
    from mathviz.pipeline.still import _recording

    class Stray(MathvizScene):
        def construct(self):
            self.beat("inside", "All in.")
            self.play(FadeIn(Text("fine")), run_time=0.5)
            self.beat("outside", "One label wanders off.")
            self.play(FadeIn(Text("far away").move_to(RIGHT * 7.2)), run_time=0.5)

    request = RenderRequest.make("test-tiny", quality="low", theme="contrast")
    with tempconfig({}):
        _configure(manim_settings(request, tmp_path, dry_run=True))
        scene = _recording(Stray)(theme="contrast", shot=("end",), skip_animations=True)
        scene.render()
    assert len(scene.layout_report) == 1
    assert scene.layout_report[0].startswith("beat 2 (outside): Text 'far away' crosses the right")
    assert len(scene.shot_overflow) == 1 and "far away" in scene.shot_overflow[0]


# --- no scene names a colour ----------------------------------------------------------------

HEX = re.compile(r"#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})")
COLOUR_MODULES = {"X11", "XKCD", "BS381", "AS2700", "DVIPSNAMES", "SVGNAMES", "manim_colors"}
COLOUR_FUNCTIONS = {"ManimColor", "from_hex", "from_rgb", "from_rgba", "from_hsv", "from_hsl", "rgb_to_color",
                    "hex_to_color", "rgba_to_color", "color_to_rgb"}
COLOUR_KEYWORDS = {"color", "fill_color", "stroke_color", "background_color", "colors", "checkerboard_colors",
                   "fill_colors", "stroke_colors"}


def _manim_colour_names() -> set[str]:
    from manim.utils.color import ManimColor, manim_colors

    return {name for name, value in vars(manim_colors).items() if isinstance(value, ManimColor)}


def _literal(node: ast.AST) -> bool:
    """A constant, or a tuple/list of constants: a colour written into the scene."""
    if isinstance(node, ast.Constant):
        return not isinstance(node.value, bool) and node.value is not None
    if isinstance(node, (ast.Tuple, ast.List)):
        return bool(node.elts) and all(_literal(e) for e in node.elts)
    if isinstance(node, ast.UnaryOp):
        return _literal(node.operand)
    return False


def colour_constants(source: str, filename: str = "<scene>") -> list[str]:
    """``line: what`` for each colour a scene source names itself instead of asking the theme."""
    names = _manim_colour_names()
    found = []
    tree = ast.parse(source, filename)
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name in names or alias.name in COLOUR_MODULES:
                    found.append(f"{line}: imports colour {alias.name}")
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in names:
            found.append(f"{line}: colour constant {node.id}")
        elif isinstance(node, ast.Attribute) and (node.attr in names or node.attr in COLOUR_MODULES) \
                and not (isinstance(node.value, ast.Name) and node.value.id in {"self", "theme", "t"}):
            found.append(f"{line}: colour constant {ast.unparse(node)}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings \
                and HEX.fullmatch(node.value.strip()):
            found.append(f"{line}: hex colour {node.value!r}")
        elif isinstance(node, ast.Call):
            func = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if func in COLOUR_FUNCTIONS and node.args and _literal(node.args[0]):
                found.append(f"{line}: {func}({ast.unparse(node.args[0])})")
            for keyword in node.keywords:
                if keyword.arg in COLOUR_KEYWORDS and _literal(keyword.value):
                    found.append(f"{line}: {keyword.arg}={ast.unparse(keyword.value)}")
    return found


@pytest.mark.parametrize("snippet, expected", [
    ("from manim import RED, Dot\nDot(color=RED)", "imports colour RED"),
    ("import manim\nmanim.BLUE_E", "colour constant manim.BLUE_E"),
    ("from manim import Dot\nDot(color='#ff0000')", "hex colour"),
    ("from manim import Dot\nDot(color='red')", "color='red'"),
    ("from manim import Square\nSquare(fill_color=(1.0, 0.0, 0.0))", "fill_color=(1.0, 0.0, 0.0)"),
    ("from manim import ManimColor\nManimColor('#123456')", "ManimColor('#123456')"),
    ("from manim.utils.color import XKCD\nXKCD.AVOCADO", "imports colour XKCD"),
    ("x = WHITE", "colour constant WHITE"),
])
def test_the_colour_check_catches(snippet, expected):
    assert any(expected in f for f in colour_constants(snippet)), colour_constants(snippet)


def test_the_colour_check_allows_theme_roles():
    ok = '''"""Docstring with #abc in it."""
from manim import Dot, ManimColor, interpolate_color
def build(self, theme):
    """#fff"""
    Dot(color=self.theme.function).set_fill(theme.background, opacity=0.5)
    interpolate_color(ManimColor(theme.function), ManimColor(theme.background), 0.5)
    label = "x#1"
'''
    assert colour_constants(ok) == []


def test_no_scene_names_a_colour():
    files = sorted((REPO / "scenes").rglob("*.py"))
    assert files
    problems = [f"{path.relative_to(REPO)}:{finding}" for path in files
                for finding in colour_constants(path.read_text(), str(path))]
    assert not problems, "colours must come from the theme (mathviz/theme.py):\n" + "\n".join(problems)
