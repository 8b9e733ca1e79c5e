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
