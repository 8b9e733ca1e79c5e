"""``mathviz check``: planted defects are found, each as its kind in its beat; clean scenes pass."""

from __future__ import annotations

import json

import numpy as np
import pytest

from support import invoke

KINDS = ["outside", "overlap", "crossed", "too-small", "contrast", "pace"]


def runs_of(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_every_planted_defect_is_found_in_its_beat_and_a_clean_scene_passes(tmp_path):
    code, stdout, stderr = invoke(["check", "test-defects", "test-clean", "--json", "--storyboard", str(tmp_path)])
    assert code == 1, stderr
    defects, clean = runs_of(stdout)
    assert (defects["id"], defects["theme"], defects["aspect"]) == ("test-defects", "dark", "16:9")
    assert defects["error"] is None and defects["beats"] == KINDS
    found = {(f["beat"], f["kind"]) for f in defects["findings"]}
    assert found == {(i, kind) for i, kind in enumerate(KINDS, start=1)}, defects["findings"]
    details = {f["kind"]: f["detail"] for f in defects["findings"]}
    assert "'Edge'" in details["outside"] and "'First'" in details["overlap"] and "'Second'" in details["overlap"]
    assert "y = x^2" in details["crossed"] and "tiny print" in details["too-small"]
    assert "faint" in details["contrast"] and "characters/s" in details["pace"]
    assert clean["findings"] == [] and clean["error"] is None

    from PIL import Image

    with Image.open(tmp_path / "test-defects--dark--16x9.png") as sheet:
        assert sheet.width > 3 * 854 and sheet.height > 2 * 480  # six beats, three to a row, at 480p


def test_a_clean_scene_exits_0_in_every_theme_and_aspect():
    code, stdout, stderr = invoke(["check", "test-clean", "--all-themes", "--all-aspects", "--json"])
    assert code == 0, stdout + stderr
    runs = runs_of(stdout)
    assert len(runs) == 12 and all(r["findings"] == [] for r in runs)
    assert {(r["theme"], r["aspect"]) for r in runs} == {(t, a) for t in ("dark", "light", "contrast")
                                                         for a in ("16:9", "4:3", "1:1", "9:16")}


@pytest.mark.parametrize("args, message", [
    (["check", "no-such-scene"], "unknown scene"),
    (["check"], "name at least one scene"),
    (["check", "test-clean", "--theme", "sepia"], "Invalid value for '--theme'"),
    (["check", "test-clean", "--all-themes", "--theme", "dark"], "not both"),
])
def test_bad_input_exits_2(args, message):
    code, _, stderr = invoke(args)
    assert code == 2 and message in stderr and len(stderr.strip().splitlines()) == 1, stderr


def test_contrast_and_geometry_helpers():
    from mathviz.pipeline.check import contrast_ratio, relative_luminance, segments_hit_box

    white, black = relative_luminance([1, 1, 1]), relative_luminance([0, 0, 0])
    assert float(contrast_ratio(white, black)) == pytest.approx(21.0)
    # WCAG's own example: #767676 on white is 4.54:1
    grey = relative_luminance(np.array([0x76, 0x76, 0x76]) / 255)
    assert float(contrast_ratio(grey, white)) == pytest.approx(4.54, abs=0.01)
    box = np.array([[0.0, 0.0], [1.0, 1.0]])
    assert segments_hit_box(np.array([[-1.0, 0.5], [2.0, 0.5]]), box)  # passes straight through
    assert not segments_hit_box(np.array([[-1.0, 1.5], [2.0, 1.5]]), box)  # above it
    assert not segments_hit_box(np.array([[-1.0, 0.5], [-0.5, 0.5]]), box)  # stops short
    assert segments_hit_box(np.array([[0.2, 0.2], [0.3, 0.3]]), box)  # inside


def _catalogue_ids() -> list[str]:
    from mathviz.kit import registry

    return [s.id for s in registry.all_scenes() if s.file.startswith("scenes/")]


# The looks the suite checks each catalogue scene in: every aspect in the dark theme (layout moves
# with the aspect), and each other theme once, in a different aspect (colours move with the theme).
# Six of the twelve looks, to keep `make test` within its time on two cores as the catalogue grows;
# `mathviz check --all --all-themes --all-aspects` checks the full product (run it before a release).
SUITE_LOOKS = [("dark", "16:9"), ("dark", "4:3"), ("dark", "1:1"), ("dark", "9:16"),
               ("light", "9:16"), ("contrast", "16:9")]


def test_the_suite_looks_cover_every_theme_and_aspect():
    from mathviz.kit import ASPECTS, THEMES

    assert {t for t, _ in SUITE_LOOKS} == set(THEMES) and {a for _, a in SUITE_LOOKS} == set(ASPECTS)


@pytest.mark.slow
@pytest.mark.parametrize("scene_id", _catalogue_ids())
def test_the_catalogue_is_clean_in_the_suite_looks(scene_id):
    """What ``mathviz check --all`` runs, in the suite's six looks, one scene per test so the
    workers share the catalogue; a new scene joins by being declared."""
    from pathlib import Path

    from mathviz.pipeline.cachekey import tool_versions
    from mathviz.pipeline.check import run_checks
    from mathviz.pipeline.request import RenderRequest, validate

    request = validate(RenderRequest.make(scene_id, {}, quality="low")).request
    cache = Path("renders") / ".cache" / f"manim-{tool_versions()['manim']}"
    runs = run_checks([request], SUITE_LOOKS, workers=1, cache_root=cache)
    problems = [(r.theme, r.aspect, f["beat"], f["kind"], f["detail"]) for r in runs for f in r.findings]
    errors = [(r.theme, r.aspect, r.error) for r in runs if r.error]
    assert len(runs) == len(SUITE_LOOKS) and not problems and not errors, problems[:10] or errors


def test_a_camera_left_zoomed_at_the_end_of_a_beat_is_reported():
    from pathlib import Path

    path = Path(__file__).parent / "data" / "zoomed.py"
    code, stdout, stderr = invoke(["check", f"{path}:Zoomed", "--json"])
    (run,) = runs_of(stdout)
    assert code == 1 and run["error"] is None, stdout + stderr
    assert [(f["beat"], f["kind"]) for f in run["findings"]] == [(2, "outside")]
    assert "zoom_home" in run["findings"][0]["detail"]
