"""The shared TeX cache: formulas compiled once, handed to every job while it runs.

Each job compiles in its own folder (the one manim cleans); finished SVGs,
named by manim's hash of their full TeX source, are linked in from and
published to ``out/.cache/manim-<version>/tex`` formula by formula, so jobs
running side by side reuse each other's work at once. Pango text is shared per
frame size (manim draws it at the pixel size without putting that in the
hash). LaTeX itself runs on a format with manim's preamble preloaded.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import tempfile
from functools import wraps
from pathlib import Path

from mathviz import files
from mathviz.pipeline.request import RenderRequest, manim_settings

def link_all(src: Path, dest: Path, pattern: str = "*.svg") -> None:
    """Hard-link (or copy) every ``pattern`` file of ``src`` that ``dest`` lacks."""
    if not src.is_dir():
        return
    dest.mkdir(parents=True, exist_ok=True)
    for item in src.glob(pattern):
        target = dest / item.name
        if target.exists():
            continue
        try:
            os.link(item, target)
        except OSError:
            with contextlib.suppress(OSError):
                shutil.copyfile(item, target)


def publish(src: Path, dest: Path, pattern: str = "*.svg") -> None:
    """Add the new ``pattern`` files of ``src`` to the shared cache ``dest``, each atomically.

    The names are manim's hashes of the full TeX source (or of the text and
    its style), so two jobs that produce the same name produce the same file:
    whoever lands second replaces it with an identical one.
    """
    if not src.is_dir():
        return
    for item in src.glob(pattern):
        publish_one(item, dest)


def publish_one(item: Path, dest: Path) -> None:
    target = dest / item.name
    if target.exists():
        return
    with contextlib.suppress(OSError):  # the cache is an optimisation: a failed publish costs a recompile
        files.link_or_copy(item, target)


def share_tex_live(shared: Path) -> None:
    """Consult and feed the shared TeX cache formula by formula, while the scene runs.

    Jobs running side by side then reuse each other's formulas at once rather
    than when a whole job ends. Each job still compiles in its own folder (the
    one manim cleans); only finished SVGs, named by the hash of their full TeX
    source, are linked in and out.
    """
    from manim import config
    from manim.mobject.text import tex_mobject
    from manim.utils import tex_file_writing

    original = tex_file_writing.tex_to_svg_file

    @wraps(original)
    def tex_to_svg_file(expression, environment=None, tex_template=None):
        template = tex_template or config["tex_template"]
        svg = tex_file_writing.generate_tex_file(expression, environment, template).with_suffix(".svg")
        if not svg.exists() and (shared / svg.name).exists():
            with contextlib.suppress(OSError):
                os.link(shared / svg.name, svg)
        made = original(expression, environment, template)
        publish_one(Path(made), shared)
        return made

    tex_file_writing.tex_to_svg_file = tex_mobject.tex_to_svg_file = tex_to_svg_file


def cache_dirs(cache_root: Path, request: RenderRequest, work: Path) -> list[tuple[Path, Path]]:
    """(shared, private) folder pairs: TeX by hash; Pango text also by frame size, since
    manim draws text onto a surface of the pixel size without putting it in the hash."""
    settings = manim_settings(request, work)
    size = f"{int(settings['pixel_width'])}x{int(settings['pixel_height'])}"
    return [(cache_root / "tex", Path(settings["tex_dir"])),
            (cache_root / "texts" / size, Path(settings["text_dir"]))]


def build_format(preamble: str, shared: Path) -> Path | None:
    """A LaTeX format with ``preamble`` preloaded (``mylatexformat``), built once into ``shared``.

    Returns the format's path without ``.fmt`` (as ``latex -fmt=`` wants it), or
    None when it cannot be built (no ``etex`` or ``mylatexformat``).
    """
    name = "preamble-" + hashlib.sha256(preamble.encode()).hexdigest()[:16]
    target = shared / f"{name}.fmt"
    if target.is_file():
        return target.with_suffix("")
    shared.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=f".build-{os.getpid()}-", dir=shared))
    try:
        (build / "preamble.tex").write_text(preamble + "\\begin{document}\\end{document}\n")
        done = subprocess.run(["etex", "-ini", "-interaction=batchmode", f"-jobname={name}", "&latex",
                               "mylatexformat.ltx", "preamble.tex"], cwd=build, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=120)
        if done.returncode != 0 or not (build / f"{name}.fmt").is_file():
            return None
        os.replace(build / f"{name}.fmt", target)
        return target.with_suffix("")
    except (OSError, subprocess.SubprocessError):
        return None
    finally:
        shutil.rmtree(build, ignore_errors=True)


def preloaded_latex(shared: Path) -> None:
    """Run ``latex`` on a format with manim's preamble already loaded.

    Loading the document class and packages is about a third of each formula's
    ``latex`` run; a format built once per preamble (in the shared cache) skips
    it and gives the same DVI. Any failure with the format falls back to plain
    ``latex`` for the rest of the job, so a stale format (after a TeX upgrade)
    can only cost time.
    """
    from manim.utils import tex_file_writing

    make_command, compile_tex = tex_file_writing.make_tex_compilation_command, tex_file_writing.compile_tex
    formats: dict[str, Path | None] = {}
    state = {"on": True}

    @wraps(make_command)
    def command(tex_compiler, output_format, tex_file, tex_dir):
        cmd = make_command(tex_compiler, output_format, tex_file, tex_dir)
        if state["on"] and tex_compiler == "latex" and output_format == ".dvi":
            preamble, found, _ = Path(tex_file).read_text().partition("\\begin{document}")
            if found:
                if preamble not in formats:
                    formats[preamble] = build_format(preamble, shared)
                if formats[preamble] is not None:
                    cmd.insert(1, f"-fmt={formats[preamble]}")
        return cmd

    @wraps(compile_tex)
    def compile_with_fallback(tex_file, tex_compiler, output_format):
        try:
            return compile_tex(tex_file, tex_compiler, output_format)
        except (ValueError, RuntimeError):  # RuntimeError: a format that does not load leaves no log
            if not state["on"]:
                raise
            state["on"] = False
            Path(tex_file).with_suffix(output_format).unlink(missing_ok=True)
            return compile_tex(tex_file, tex_compiler, output_format)

    tex_file_writing.make_tex_compilation_command = command
    tex_file_writing.compile_tex = compile_with_fallback

