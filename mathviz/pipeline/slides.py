"""Talks: every beat a slide, as a manim-slides presentation, HTML (reveal.js) and PPTX.

A scene's beats start where one of its animations starts, and manim encodes
every animation on its own, so each beat of a rendered video begins on a key
frame: :func:`mathviz.media.save_beats` cuts the video into one clip per beat by
copying packets (no re-encoding, no second render), and writes an ``index.json``.
The same clips make the slides, so a deck reuses the batch cache: a talk built
from scenes that are already rendered takes seconds.

:func:`build_deck` writes, under ``<out>/slides/<quality folder>/`` (as renders)::

    <deck>/<deck>.json            manim-slides' PresentationConfig (paths relative,
    <deck>/files/*.mp4            as manim-slides resolves them): `manim-slides
                                  present --folder <out>/slides/<q>/<deck> <deck>`
    <deck>.html, <deck>_assets/   reveal.js deck: clips and reveal.js itself, offline
    <deck>.pptx                   one slide per beat, each playing its clip; at rest
                                  (before and after playing, in a PDF) it shows the
                                  clip's last frame: what the presenter talks over

Sound: a narrated render's clips keep their beat's sound (:func:`mathviz.media.cut_video`),
so every slide plays its narration: in the PPTX (the clip is embedded as it is) and in the
HTML deck, where manim-slides mutes the first slide's video (``data-background-video-muted``,
so that it may autoplay on load) and :func:`unmute_slides` takes that off again when the clip
has sound. A browser lets a page play sound only once the viewer has interacted with it: the
presenter's first key press or click to advance counts. Should the first slide's video be
refused sound on load, reveal.js plays it muted and shows its own "Unmute video" button.

The HTML deck loads nothing from the network: reveal.js comes from the npm
registry once (:func:`revealjs_dist`, cached in ``~/.cache/mathviz``) and its
files are copied beside the deck. manim-slides' own ``--offline`` downloads
from a CDN, which a machine without network cannot do.

No manim import here: manim-slides' converters and config models need only
pydantic, jinja2, PyAV and python-pptx.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Sequence

from mathviz import files
from mathviz.errors import InputError, RenderFailed
from mathviz.media import NoBeats, save_beats

# The reveal.js release manim-slides 5.7's HTML template is written for (its
# ``reveal_version``): the template's paths (dist/plugin/notes.js ...) are those of 6.x.
REVEAL_VERSION = "6.0.1"
DECK_FORMATS = ("html", "pptx")
SLIDES_FOLDER = "slides"  # under the output folder
# mathviz theme -> reveal.js theme (only the slide furniture: the videos carry their own colours)
REVEAL_THEMES = {"dark": "black", "light": "white", "contrast": "black-contrast"}


class SlidesError(RenderFailed):
    """A deck could not be built (e.g. reveal.js is neither cached nor downloadable): exit 1."""


# --- reveal.js, offline ---------------------------------------------------------------------------


def cache_root() -> Path:
    """``$MATHVIZ_CACHE`` or ``$XDG_CACHE_HOME/mathviz`` or ``~/.cache/mathviz``."""
    if os.environ.get("MATHVIZ_CACHE"):
        return Path(os.environ["MATHVIZ_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mathviz"


def revealjs_dist(version: str = REVEAL_VERSION, *, fetch: bool = True) -> Path:
    """The ``dist/`` folder of reveal.js ``version``, fetched from the npm registry on first use.

    It runs ``npm pack reveal.js@VERSION`` (the registry's tarball; nothing is
    installed or executed) and keeps ``package/dist`` in the cache. ``make
    setup`` can call ``python -m mathviz.pipeline.slides --fetch-revealjs`` ahead of time.
    """
    target = cache_root() / f"revealjs-{version}" / "dist"
    if (target / "reveal.js").is_file():
        return target
    if not fetch:
        raise SlidesError(f"reveal.js {version} is not in {target.parent}; "
                          "run 'python -m mathviz.pipeline.slides --fetch-revealjs' (needs the npm registry)")
    npm = shutil.which("npm")
    if npm is None:
        raise SlidesError(f"reveal.js {version} is not cached in {target.parent} and npm is not installed "
                          "to fetch it: install Node.js/npm, or unpack the reveal.js npm tarball's "
                          f"package/dist into {target}")
    with files.staging(target) as tmp:
        try:
            done = subprocess.run([npm, "pack", f"reveal.js@{version}", "--silent", "--pack-destination", tmp],
                                  capture_output=True, text=True, timeout=300, cwd=tmp)
        except subprocess.TimeoutExpired:
            raise SlidesError(f"npm pack reveal.js@{version} timed out") from None
        tarballs = list(tmp.glob("reveal.js-*.tgz"))
        if done.returncode != 0 or not tarballs:
            cause = (done.stderr or done.stdout).strip().splitlines()
            raise SlidesError(f"could not fetch reveal.js {version} with npm"
                              + (f": {cause[-1]}" if cause else ""))
        unpacked = tmp / "unpacked"
        with tarfile.open(tarballs[0]) as archive:
            members = [m for m in archive.getmembers() if m.name.startswith("package/dist/")]
            archive.extractall(unpacked, members=members, filter="data")
        if not (unpacked / "package" / "dist" / "reveal.js").is_file():
            raise SlidesError(f"the reveal.js {version} package has no dist/reveal.js")
        try:
            os.replace(unpacked / "package" / "dist", target)
        except OSError:  # another process got there first: keep its folder (others may be reading it)
            pass
    return target


_ASSET = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")


def localise_revealjs(html_file: Path, prefix: str, dist: Path) -> list[str]:
    """Copy every reveal.js file that ``html_file`` refers to under ``prefix`` from ``dist``
    into place beside it; returns the copied paths. Refuses remote references."""
    text = html_file.read_text(encoding="utf-8")
    remote = [ref for ref in _ASSET.findall(text) if re.match(r"(?:https?:)?//", ref)]
    if remote:
        raise SlidesError(f"{html_file.name} still refers to {remote[0]}: the deck would need the network")
    copied = []
    for ref in sorted(set(_ASSET.findall(text))):
        if not ref.startswith(prefix + "/dist/"):
            continue
        source = dist / ref[len(prefix) + len("/dist/"):]
        if not source.is_file():
            raise SlidesError(f"reveal.js {REVEAL_VERSION} has no {source.relative_to(dist)} (wanted by the deck)")
        dest = html_file.parent / ref
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)
        copied.append(ref)
    return copied


_MUTED = re.compile(r"""\s+data-background-video-muted\b(?:=(?:"[^"]*"|'[^']*'|[^\s>]*))?""")
_SECTION = re.compile(r"<section\b[^>]*>")
_VIDEO = re.compile(r"""data-background-video\s*=\s*["']([^"']+)["']""")


def unmute_slides(html_file: Path) -> int:
    """Take manim-slides' ``data-background-video-muted`` off every slide of ``html_file`` whose
    clip has sound, so that it plays with its sound (a silent clip may stay muted: a muted video
    may always autoplay); returns how many slides were unmuted."""
    from mathviz.media.edit import has_audio

    count = 0

    def unmute(found: re.Match) -> str:
        nonlocal count
        tag = found.group(0)
        video = _VIDEO.search(tag)
        if not video or not _MUTED.search(tag):
            return tag
        clip = html_file.parent / html.unescape(video.group(1))
        if clip.is_file() and not has_audio(clip):
            return tag
        count += 1
        return _MUTED.sub("", tag)

    text = _SECTION.sub(unmute, html_file.read_text(encoding="utf-8"))
    if count:
        html_file.write_text(text, encoding="utf-8")
    return count


# --- decks ---------------------------------------------------------------------------------------


@dataclass
class DeckPart:
    """One rendered video of a talk: what it is, where it is, and its beats."""

    id: str
    title: str
    video: str
    beats: list
    seconds: float = 0.0
    kind: str = "scene"  # or "card"


@dataclass
class DeckResult:
    name: str
    folder: str  # manim-slides' folder: `manim-slides present --folder FOLDER NAME`
    config: str  # FOLDER/NAME.json
    slides: int
    outputs: dict = field(default_factory=dict)  # format -> path
    parts: list = field(default_factory=list)  # per video: id, title, slides, first slide (1-based)
    present: str = ""  # the command that presents the deck

    def public(self) -> dict:
        return asdict(self)


def deck_name(text: str) -> str:
    """A file name for a deck.

    >>> deck_name("limit-of-secants+svd"), deck_name("My talk: part 1")
    ('limit-of-secants+svd', 'My_talk_part_1')
    """
    return re.sub(r"[^A-Za-z0-9.+=-]+", "_", text).strip("_")[:80] or "deck"


def _presentation(slides: list[dict], resolution: tuple[int, int], background: str):
    from manim_slides.config import PresentationConfig, SlideConfig

    return PresentationConfig(
        slides=[SlideConfig(file=s["path"], rev_file=s["path"], notes=s["notes"]) for s in slides],
        resolution=resolution, background_color=background)


@contextlib.contextmanager
def _quiet():
    """Keep manim-slides' progress bars (tqdm, on stderr) out of mathviz's output."""
    with contextlib.redirect_stderr(io.StringIO()):
        yield


def write_pptx(slides: Sequence[dict], dest: Path, width: int, height: int, *, posters: Path) -> Path:
    """A PowerPoint deck of ``slides`` (``path`` of a clip, ``notes``), one slide each, ``width``
    by ``height`` pixels at 96 dpi: the clip fills the slide and plays when the slide opens.

    A slide at rest shows its poster image, and that is the clip's *last* frame
    (:func:`mathviz.media.poster_frame`, written as PNG under ``posters``): what the
    presenter talks over, and what a PDF of the deck (LibreOffice Impress,
    PowerPoint) shows. manim-slides' converter takes the first frame, which for
    a scene that fades in (a title card) is the bare background.
    """
    import pptx
    from manim_slides.convert import _auto_play_pptx_media  # the timing XML that starts the clip on entry
    from pptx.util import Emu

    from mathviz.media import poster_frame, save_png

    emu = 9525  # per pixel at 96 dpi
    deck = pptx.Presentation()
    deck.slide_width, deck.slide_height = Emu(width * emu), Emu(height * emu)
    layout = deck.slide_layouts[6]  # blank
    posters.mkdir(parents=True, exist_ok=True)
    for i, spec in enumerate(slides, start=1):
        poster = posters / f"{i:03d}.png"
        save_png(poster_frame(spec["path"]), poster)
        slide = deck.slides.add_slide(layout)
        movie = slide.shapes.add_movie(str(spec["path"]), 0, 0, deck.slide_width, deck.slide_height,
                                       poster_frame_image=str(poster), mime_type="video/mp4")
        _auto_play_pptx_media(movie)
        if spec.get("notes"):
            slide.notes_slide.notes_text_frame.text = spec["notes"]
    deck.save(str(dest))
    return dest


def build_deck(parts: Sequence[DeckPart], out: str | Path, name: str, *, formats: Sequence[str] = ("html",),
               theme: str = "dark", title: str = "", quality: str | None = None) -> DeckResult:
    """Write the manim-slides folder of ``parts`` and convert it to each of ``formats``.

    Every beat of every part becomes one slide, in order; its narration becomes
    the slide's speaker notes. Everything is built in a hidden staging folder
    first and moved into ``<out>/slides/`` at the end; with ``quality``, into that quality's
    folder of it (``480p15``...), so decks at different qualities never overwrite each other.
    """
    from manim_slides.convert import RevealJS

    from mathviz.media import video_info
    from mathviz.kit.theme import get_theme

    bad = [f for f in formats if f not in DECK_FORMATS]
    if bad:
        raise InputError(f"unknown slide format {bad[0]!r}: choose {' or '.join(DECK_FORMATS)}")
    out = Path(out)
    root = out / SLIDES_FOLDER
    if quality is not None:
        from mathviz.pipeline.request import QUALITIES

        root = root / QUALITIES[quality][0]
    background = get_theme(theme).background
    with files.staging(root / name) as stage:
        deck_dir = stage / name
        clip_dir = deck_dir / "files"
        slides, summary = [], []
        width = height = None
        for k, part in enumerate(parts, start=1):
            info = video_info(part.video)
            width, height = info["width"], info["height"]
            clips = clip_dir / f".{k:02d}"
            try:
                spans = save_beats(part.video, part.beats, clips, prefix=f"{k:02d}-{part.id}--",
                                   length=part.seconds or info["seconds"])
            except NoBeats as err:
                raise SlidesError(f"{part.id}: {err}") from None
            summary.append({"id": part.id, "title": part.title, "kind": part.kind,
                            "first_slide": len(slides) + 1, "slides": len(spans),
                            "beats": [s["name"] for s in spans],
                            "methods": sorted({s["method"] for s in spans})})
            for span in spans:
                path = clip_dir / span["file"]
                os.replace(clips / span["file"], path)
                slides.append({"path": path.resolve(), "notes": span["narration"], "name": span["name"]})
            shutil.rmtree(clips)
        if not slides:
            raise SlidesError("the talk has no beats")
        config = _presentation(slides, (width, height), background)
        # manim-slides resolves paths against the JSON's grandparent (see PresentationConfig.from_file)
        data = json.loads(config.model_dump_json())
        for slide in data["slides"]:
            for key in ("file", "rev_file"):
                slide[key] = Path(slide[key]).relative_to(stage.resolve()).as_posix()
        (deck_dir / f"{name}.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")

        outputs = {}
        if "html" in formats:
            dist = revealjs_dist()
            assets = f"{name}_assets"
            escaped = _presentation([{**s, "notes": html.escape(s["notes"], quote=False)} for s in slides],
                                    (width, height), background)
            with _quiet():
                RevealJS(presentation_configs=[escaped], cdn_url=f"{assets}/revealjs",
                         title=html.escape(title or name, quote=False),
                         reveal_theme=REVEAL_THEMES.get(theme, "black"), background_color=background,
                         ).convert_to(stage / f"{name}.html")
            unmute_slides(stage / f"{name}.html")
            localise_revealjs(stage / f"{name}.html", f"{assets}/revealjs", dist)
            outputs["html"] = f"{name}.html"
        if "pptx" in formats:
            # slide size in pixels at 96 dpi: a 1280-pixel long side, the video's shape
            scale = 1280 / max(width, height)
            write_pptx(slides, stage / f"{name}.pptx", round(width * scale), round(height * scale),
                       posters=stage / ".posters")
            outputs["pptx"] = f"{name}.pptx"

        installed = [name] + list(outputs.values()) + ([f"{name}_assets"] if "html" in formats else [])
        for entry in installed:
            if (stage / entry).is_dir():
                files.replace_dir(stage / entry, root / entry)
            else:
                files.install(stage / entry, root / entry, move=True)
    folder = root / name
    return DeckResult(
        name=name, folder=str(folder), config=str(folder / f"{name}.json"), slides=len(slides),
        outputs={fmt: str(root / path) for fmt, path in outputs.items()}, parts=summary,
        present=f"manim-slides present --folder {folder} {name}")


def main(argv=None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description="mathviz slide helpers")
    parser.add_argument("--fetch-revealjs", action="store_true",
                        help=f"put reveal.js {REVEAL_VERSION} in the cache (from the npm registry)")
    args = parser.parse_args(argv)
    if args.fetch_revealjs:
        try:
            print(revealjs_dist())
        except SlidesError as err:
            raise SystemExit(f"mathviz: error: {err}") from None


if __name__ == "__main__":
    main()
