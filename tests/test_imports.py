"""The layers: mathviz.core and the CLI's help/list never import manim."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _modules_after(code: str) -> set[str]:
    script = code + "\nimport sys; print('MODULES:' + ' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    return set(out.rsplit("MODULES:", 1)[1].split())


def test_core_does_not_import_manim():
    modules = _modules_after("import mathviz.core, mathviz.core.expr, mathviz.core.calculus\n"
                             "import pkgutil, importlib, mathviz.core as c\n"
                             "[importlib.import_module('mathviz.core.' + m.name) for m in pkgutil.iter_modules(c.__path__)]")
    assert "manim" not in modules
    assert "click" not in modules


@pytest.mark.parametrize("argv", [["--help"], ["list"], ["list", "--json"]])
def test_cli_help_and_list_do_not_import_manim(argv):
    code = ("import sys; from mathviz.cli import main\n"
            f"sys.argv = ['mathviz'] + {argv!r}\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n")
    modules = _modules_after(code)
    assert "manim" not in modules


def test_scenes_hold_content_only_and_import_the_public_kit():
    """Every catalogue module imports what an outside author could: manim, numpy, the standard
    library, ``mathviz.core``, the public ``mathviz.kit`` and its own chapter's ``specs``; the
    content package has no private helper modules."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "scenes"
    allowed_roots = {"manim", "numpy", "scipy", *sys.stdlib_module_names}
    for path in sorted(root.rglob("*.py")):
        assert not path.name.startswith("_") or path.name == "__init__.py", f"private module in scenes/: {path}"
        chapter = path.parent.name
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                ok = (name.split(".")[0] in allowed_roots or name == "mathviz.kit" or name.startswith("mathviz.core")
                      or name in (f"scenes.{chapter}.specs", f"scenes.{chapter}"))
                assert ok, f"{path.relative_to(root.parent)} imports {name}: scenes use mathviz.kit and mathviz.core"
