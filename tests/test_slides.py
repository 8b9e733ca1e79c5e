"""Talks: beat clips, manim-slides decks, the HTML deck offline in headless Chromium, PPTX.

Fast tests build decks from small synthetic videos (PyAV); the slow one builds
both decks of the two-scene lecture at low quality.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from mathviz.media import join_videos, save_beats
from mathviz.pipeline.slides import DeckPart, build_deck, revealjs_dist
from support import TWO_SCENES, decoded, invoke, make_video

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def beats_video(tmp_path):
    """A 'scene' of three beats (12, 9 and 5 frames), each encoded on its own like manim's animations."""
    parts = [make_video(tmp_path / f"p{i}.mp4", n, shade=30 * i) for i, n in enumerate((12, 9, 5))]
    video = tmp_path / "scene.mp4"
    join_videos(parts, video)
    beats = [{"name": "First idea", "narration": "One <b>&", "start": 0.0, "end": 0.8},
             {"name": "second", "narration": "Two.", "start": 0.8, "end": 1.4},
             {"name": "third", "narration": "Three.", "start": 1.4, "end": 26 / 15}]
    return video, beats, parts


def test_save_beats_cuts_one_clip_per_beat_without_reencoding(tmp_path, beats_video):
    video, beats, parts = beats_video
    folder = tmp_path / "scene.beats"
    spans = save_beats(video, beats, folder)
    index = json.loads((folder / "index.json").read_text())
    assert [b["file"] for b in index["beats"]] == ["01-first-idea.mp4", "02-second.mp4", "03-third.mp4"]
    assert {b["method"] for b in spans} == {"remux"}
    for entry, part in zip(index["beats"], parts):
        clip, original = decoded(folder / entry["file"]), decoded(part)
        assert len(clip) == len(original) and all(np.array_equal(a, b) for a, b in zip(clip, original))
    save_beats(video, beats[:2], folder)  # a second run replaces the folder as a whole
    assert sorted(p.name for p in folder.iterdir()) == ["01-first-idea.mp4", "02-second.mp4", "index.json"]


def test_deck_has_a_slide_per_beat_in_every_format(tmp_path, beats_video):
    import pptx
    from manim_slides.present import get_scenes_presentation_config

    video, beats, _ = beats_video
    card = make_video(tmp_path / "card.mp4", 6, shade=90)
    deck = [DeckPart("title-card", "Card", str(card), [{"name": "card", "narration": "Card.", "start": 0, "end": 0.4}],
                     kind="card"),
            DeckPart("demo", "Demo", str(video), beats)]
    made = build_deck(deck, tmp_path / "out", "talk", formats=["html", "pptx"], title="A <talk>")
    root = tmp_path / "out" / "slides"
    assert made.slides == 4 and made.outputs == {"html": str(root / "talk.html"), "pptx": str(root / "talk.pptx")}
    assert [p["first_slide"] for p in made.parts] == [1, 2]

    # manim-slides reads the folder the way `manim-slides present --folder ... talk` does
    (config,) = get_scenes_presentation_config(["talk"], root / "talk")
    assert len(config.slides) == 4 and config.resolution == (64, 48)
    assert [s.notes for s in config.slides] == ["Card.", "One <b>&", "Two.", "Three."]
    assert all(s.file.is_file() and s.file.parent == root / "talk" / "files" for s in config.slides)

    presentation = pptx.Presentation(made.outputs["pptx"])
    assert len(presentation.slides) == 4
    for slide in presentation.slides:
        movies = [s for s in slide.shapes if s.shape_type == pptx.enum.shapes.MSO_SHAPE_TYPE.MEDIA]
        assert len(movies) == 1

    page = Path(made.outputs["html"]).read_text()
    assert "One &lt;b&gt;&amp;" in page and "<title>A &lt;talk&gt;</title>" in page
    assert not re.search(r"""(?:src|href)=["'](?:https?:)?//""", page)
    assert (root / "talk_assets" / "revealjs" / "dist" / "reveal.js").is_file()
    assert not list(root.glob(".talk*"))  # no staging folder left behind


def pptx_movies(path) -> list[tuple[np.ndarray, bytes]]:
    """Each slide's (poster image, embedded clip bytes) of a PPTX deck, in slide order."""
    import pptx
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    from mathviz.media import read_png

    found = []
    for slide in pptx.Presentation(str(path)).slides:
        (movie,) = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.MEDIA]
        poster = read_png(io.BytesIO(movie.poster_frame.blob))
        (clip,) = {r.target_part.blob for r in slide.part.rels.values() if r.reltype.endswith("/video")}
        found.append((poster, clip))
    return found


def test_pptx_slides_at_rest_show_the_last_frame_of_their_clip(tmp_path, beats_video):
    """What LibreOffice Impress and PowerPoint show of a slide before (and in a PDF, instead of)
    playing it is its poster: the beat's last frame, what the presenter talks over; for a
    title card that fades out to the bare background, the card before its fade."""
    from mathviz.media import frames_at, is_blank, last_frame
    from test_media import fade_out_video

    video, beats, _ = beats_video
    card, held = fade_out_video(tmp_path / "card.mp4")
    deck = [DeckPart("title-card", "Card", str(card), [{"name": "card", "narration": "Card.", "start": 0, "end": 0.9}],
                     kind="card"),
            DeckPart("demo", "Demo", str(video), beats)]
    made = build_deck(deck, tmp_path / "out", "talk", formats=["pptx"])
    movies = pptx_movies(made.outputs["pptx"])
    assert len(movies) == 4
    for k, (poster, clip) in enumerate(movies):
        path = tmp_path / f"clip{k}.mp4"
        path.write_bytes(clip)
        last, first = last_frame(path), frames_at(path, [0.0])[0]
        assert poster.shape == last.shape
        if k == 0:  # the card: its last frame is the bare background
            assert is_blank(last) and not is_blank(poster)
            assert np.abs(poster.astype(int) - held.astype(int)).mean() < 4
        else:
            assert np.abs(poster.astype(int) - last.astype(int)).mean() < 1, k
            assert np.abs(poster.astype(int) - first.astype(int)).mean() > 5, k  # not manim-slides' first frame


PROBE = """<script>
(function () {
  function report(data) {
    var el = document.createElement('pre'); el.id = 'mathviz-probe';
    el.textContent = JSON.stringify(data); document.body.appendChild(el);
  }
  function check(tries) {
    if (typeof Reveal === 'undefined') { report({error: 'reveal.js did not load'}); return; }
    if (!Reveal.isReady()) { if (tries > 0) { setTimeout(function () { check(tries - 1); }, 50); }
                             else { report({error: 'reveal.js never got ready'}); } return; }
    var before = Reveal.getIndices().h;
    Reveal.next();
    setTimeout(function () {
      var remote = performance.getEntriesByType('resource').map(function (e) { return e.name; })
        .filter(function (u) { return u.indexOf('file:') !== 0; });
      report({total: Reveal.getTotalSlides(), before: before, after: Reveal.getIndices().h,
              styled: getComputedStyle(document.querySelector('.reveal .slides')).position,
              remote: remote});
    }, 200);
  }
  check(100);
})();
</script>
"""


def open_offline(html: Path, tmp_path: Path) -> dict:
    """Open a copy of the deck in headless Chromium with every remote fetch failing; the probe
    script reports what reveal.js sees and whether ``Reveal.next()`` advanced."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (make test-deps)")
    copy = tmp_path / "browser"
    copy.mkdir()
    shutil.copy(html, copy / html.name)
    shutil.copytree(html.with_name(f"{html.stem}_assets"), copy / f"{html.stem}_assets")
    page = copy / html.name
    page.write_text(page.read_text().replace("</body>", PROBE + "</body>"))
    args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
            "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
            "--virtual-time-budget=8000", "--dump-dom", page.as_uri()]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=120)
    found = re.search(r'<pre id="mathviz-probe">(.*?)</pre>', proc.stdout, re.S)
    assert found, f"no probe result; chromium said: {proc.stderr[-2000:]}"
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))


def test_html_deck_works_offline_in_chromium(tmp_path, beats_video):
    video, beats, _ = beats_video
    made = build_deck([DeckPart("demo", "Demo", str(video), beats)], tmp_path / "out", "offline")
    seen = open_offline(Path(made.outputs["html"]), tmp_path)
    assert "error" not in seen, seen
    assert seen["total"] == 3 and (seen["before"], seen["after"]) == (0, 1)
    assert seen["styled"] == "absolute"  # reveal.css applied
    assert seen["remote"] == []


def test_a_cdn_deck_fails_offline(tmp_path, beats_video):
    """The control: the same probe on manim-slides' default (CDN) deck finds no reveal.js."""
    from manim_slides.convert import RevealJS
    from manim_slides.config import PresentationConfig, SlideConfig

    video, _, _ = beats_video
    config = PresentationConfig(slides=[SlideConfig(file=video, rev_file=video)], resolution=(64, 48))
    html = tmp_path / "cdn" / "cdn.html"
    RevealJS(presentation_configs=[config]).convert_to(html)
    assert "cdn.jsdelivr.net" in html.read_text()
    assert open_offline(html, tmp_path) == {"error": "reveal.js did not load"}


def test_revealjs_comes_from_the_cache():
    dist = revealjs_dist()
    assert (dist / "reveal.js").is_file() and (dist / "plugin" / "notes.js").is_file()


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["slides", "test-tiny", "--to", "pdf"], "'pdf'"),
        (["slides"], "scene ids or --lecture"),
        (["slides", "test-tiny", "--lecture", str(TWO_SCENES)], "scene ids or --lecture"),
        (["slides", "no-such-scene"], "unknown scene"),
        (["slides", "--lecture", "missing.toml"], "not found"),
        (["slides", "--lecture", str(TWO_SCENES), "-p", "n=2"], "--param does not apply"),
        (["slides", "test-tiny", "test-formulas", "-p", "n=2"], "one scene"),
        (["slides", "test-tiny", "-p", "n=99"], "at most 12"),
        (["render", "test-tiny", "--save-beats", "--format", "gif"], "--save-beats"),
    ],
)
def test_slides_cli_bad_input_exits_2_and_writes_nothing(tmp_path, args, fragment):
    out = tmp_path / "out"
    code, stdout, stderr = invoke([*args, "-o", str(out)], cwd=tmp_path)
    assert code == 2, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], stderr
    assert not out.exists() and not (tmp_path / "slides").exists()


@pytest.mark.slow
@pytest.mark.xdist_group("two-scene-lecture")
def test_lecture_decks_have_a_slide_per_beat(tmp_path_factory, tmp_path):
    import pptx

    out = tmp_path_factory.getbasetemp() / "two-scenes"  # shared with test_lecture's renders
    code, stdout, stderr = invoke(["slides", "--lecture", str(TWO_SCENES), "--to", "html", "--to", "pptx",
                                   "-q", "low", "-o", str(out), "--json", "-j", "2"])
    assert code == 0, stderr
    made = json.loads(stdout)
    manifest = json.loads((out / "manifest.json").read_text())["outputs"]
    beats = sum(len(e["beats"]) for e in manifest if e["settings"]["quality"] == "low")
    assert made["slides"] == beats == 1 + 1 + 1 + 5  # card, tiny, card, five beats
    assert Path(made["outputs"]["html"]).parent == out / "slides" / "480p15"  # each quality its own folder
    assert [p["kind"] for p in made["parts"]] == ["card", "scene", "card", "scene"]
    assert all(p["methods"] == ["remux"] for p in made["parts"])
    presentation = pptx.Presentation(made["outputs"]["pptx"])
    assert len(presentation.slides) == beats
    assert all(any(s.shape_type == pptx.enum.shapes.MSO_SHAPE_TYPE.MEDIA for s in slide.shapes)
               for slide in presentation.slides)
    # every slide at rest shows its beat's last frame; the title cards (which fade out to the
    # bare background) show their titles, not the background: the first slide is not blank
    from mathviz.media import is_blank, last_frame, x264_settings

    for k, (poster, clip) in enumerate(pptx_movies(made["outputs"]["pptx"])):
        path = tmp_path / f"slide{k}.mp4"
        path.write_bytes(clip)
        assert not is_blank(poster), k
        if not is_blank(last_frame(path)):
            assert np.abs(poster.astype(int) - last_frame(path).astype(int)).mean() < 1, k
        if k == 0:  # the title card's render, copied: encoded with X264_PRESET (superfast)
            assert " me=dia " in x264_settings(path) and " subme=1 " in x264_settings(path)
    seen = open_offline(Path(made["outputs"]["html"]), tmp_path)
    assert "error" not in seen and seen["total"] == beats and seen["after"] == 1 and seen["remote"] == []


@pytest.mark.slow
@pytest.mark.xdist_group("two-scene-lecture")
def test_render_save_beats_writes_an_index(tmp_path_factory):
    out = tmp_path_factory.getbasetemp() / "two-scenes"
    code, stdout, stderr = invoke(["render", "limit-of-secants", "-q", "low", "-o", str(out), "--save-beats",
                                   "--json"])
    assert code == 0, stderr
    (result,) = json.loads(stdout)
    index = json.loads(Path(result["beat_clips"]).read_text())
    assert [b["name"] for b in index["beats"]] == [b["name"] for b in result["beats"]]
    total = sum(len(decoded(Path(result["beat_clips"]).parent / b["file"])) for b in index["beats"])
    assert total == result["frames"]
