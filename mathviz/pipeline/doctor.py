"""``mathviz doctor``: is this machine able to render? Each failed check says how to fix it."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

APT_TEX = ("sudo apt-get install --no-install-recommends texlive-latex-base texlive-latex-recommended "
           "texlive-latex-extra texlive-fonts-recommended dvisvgm")
# manim's default TeX template: \documentclass[preview]{standalone} with
# babel (english), amsmath and amssymb. File -> Debian package that ships it.
REQUIRED_TEX = {
    "standalone.cls": "texlive-latex-extra",
    "babel.sty": "texlive-latex-base",
    "english.ldf": "texlive-latex-base",
    "amsmath.sty": "texlive-latex-base",
    "amssymb.sty": "texlive-base",
    "preview.sty": "preview-latex-style",
}


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def _which(tool: str, fix: str) -> Check:
    path = shutil.which(tool)
    return Check(tool, bool(path), path or "not found on PATH", fix)


def _tex_packages() -> list[Check]:
    if not shutil.which("kpsewhich"):
        return [Check("TeX packages", False, "kpsewhich not found", APT_TEX)]
    checks = []
    for name, pkg in REQUIRED_TEX.items():
        found = subprocess.run(["kpsewhich", name], capture_output=True, text=True).stdout.strip()
        checks.append(Check(f"TeX {name}", bool(found), found or "missing",
                            f"sudo apt-get install --no-install-recommends {pkg}"))
    return checks


def _pkg_config(module: str, apt: str) -> Check:
    if not shutil.which("pkg-config"):
        return Check(module, False, "pkg-config not found", "sudo apt-get install pkg-config")
    run = subprocess.run(["pkg-config", "--modversion", module], capture_output=True, text=True)
    return Check(module, run.returncode == 0, run.stdout.strip() or "missing",
                 f"sudo apt-get install {apt}")


def _python_module(name: str, fix: str) -> Check:
    try:
        module = __import__(name)
        return Check(f"python {name}", True, getattr(module, "__version__", "importable"), fix)
    except Exception as err:  # a broken build raises more than ImportError
        return Check(f"python {name}", False, f"{type(err).__name__}: {err}", fix)


def _compile_formula() -> Check:
    """Compile one real formula the way manim does: latex to DVI, dvisvgm to SVG."""
    fix = APT_TEX
    if not (shutil.which("latex") and shutil.which("dvisvgm")):
        return Check("compile a formula", False, "latex or dvisvgm missing", fix)
    source = (r"\documentclass[preview]{standalone}" "\n" r"\usepackage[english]{babel}\usepackage{amsmath}\usepackage{amssymb}"
              "\n" r"\begin{document}$\displaystyle f'(x) = \lim_{h \to 0} \frac{f(x+h)-f(x)}{h}$"
              "\n" r"\end{document}" "\n")
    with tempfile.TemporaryDirectory(prefix="mathviz-doctor-") as tmp:
        tex = Path(tmp) / "formula.tex"
        tex.write_text(source)
        latex = subprocess.run(["latex", "-interaction=batchmode", "-halt-on-error", tex.name],
                               cwd=tmp, capture_output=True, text=True, timeout=60)
        if latex.returncode != 0:
            log = (Path(tmp) / "formula.log")
            error = next((l for l in log.read_text(errors="replace").splitlines() if l.startswith("!")),
                         "latex failed") if log.exists() else "latex failed"
            return Check("compile a formula", False, error, fix)
        svg = subprocess.run(["dvisvgm", "formula.dvi", "-n", "-v", "0", "-o", "formula.svg"],
                             cwd=tmp, capture_output=True, text=True, timeout=60)
        ok = svg.returncode == 0 and (Path(tmp) / "formula.svg").exists()
        return Check("compile a formula", ok, "latex + dvisvgm produced an SVG" if ok else svg.stderr.strip()[:200], fix)


def run_checks() -> list[Check]:
    return [
        _which("latex", APT_TEX),
        _which("dvisvgm", "sudo apt-get install --no-install-recommends dvisvgm"),
        *_tex_packages(),
        _pkg_config("cairo", "libcairo2-dev"),
        _pkg_config("pangocairo", "libpango1.0-dev"),
        _python_module("cairo", "sudo apt-get install libcairo2-dev pkg-config, then: make setup"),
        _python_module("manimpango", "sudo apt-get install libpango1.0-dev pkg-config, then: make setup"),
        _compile_formula(),
        _which("espeak-ng", "sudo apt-get install --no-install-recommends espeak-ng (the draft voice, --voice espeak)"),
    ]
