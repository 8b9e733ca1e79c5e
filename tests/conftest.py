"""Shared fixtures: in-process dry runs for picture-vs-core tests, low-quality renders."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parent.parent
FRAMES = REPO / "tests" / "frames"
FIXTURES = REPO / "tests" / "fixtures"

# The suite's own scenes (test-tiny, test-formulas, test-broken) are user scenes, listed by a
# mathviz.toml as a lecturer's would be; set here so CLI subprocesses see them too.
os.environ["MATHVIZ_CONFIG"] = str(FIXTURES / "mathviz.toml")


def pytest_addoption(parser):
    parser.addoption("--regenerate-frames", action="store_true",
                     help="rewrite the stored last-frame images in tests/frames/ instead of comparing")


@pytest.fixture(scope="session", autouse=True)
def shared_tex_cache(tmp_path_factory):
    """Compile each formula once per test run: the batch engine's shared TeX cache,
    in a folder all xdist workers of this run share (each job still compiles privately)."""
    from mathviz.pipeline.texcache import preloaded_latex, share_tex_live

    root = tmp_path_factory.getbasetemp().parent / "tex-cache"
    share_tex_live(root / "tex")
    preloaded_latex(root / "formats")
    return root


@pytest.fixture
def scene_after(tmp_path):
    """``scene_after(id, theme=..., aspect=..., **params)``: run a scene's construct (dry run,
    in this process, config restored afterwards) and return the finished scene object."""
    from manim import tempconfig

    from mathviz.pipeline.request import RenderRequest, validate
    from mathviz.pipeline.worker import build_scene

    def run(scene_id: str, *, theme: str = "dark", aspect: str = "16:9", quality: str = "low",
            seed: int | None = None, **params):
        job = validate(RenderRequest.make(scene_id, {k: str(v) for k, v in params.items()},
                                          quality=quality, theme=theme, aspect=aspect, seed=seed))
        with tempconfig({}):
            return build_scene(job.request, tmp_path, dry_run=True)

    return run


@pytest.fixture
def render_low(tmp_path):
    """``render_low(id, fmt="mp4", **params)`` -> RenderResult of a real 480p15 render into tmp_path."""
    from mathviz.pipeline.request import RenderRequest, validate
    from mathviz.pipeline.worker import render_jobs

    def run(scene_id: str, fmt: str = "mp4", theme: str = "dark", aspect: str = "16:9", **params):
        job = validate(RenderRequest.make(scene_id, {k: str(v) for k, v in params.items()},
                                          quality="low", fmt=fmt, theme=theme, aspect=aspect))
        (result,) = render_jobs([job], tmp_path / "out")
        assert result.error is None, result.traceback
        return result

    return run


@pytest.fixture
def frame_regression(request):
    """Compare an image with ``tests/frames/<name>.npz`` (downscaled, with a tolerance).

    Run ``pytest --regenerate-frames`` on purpose after an intended visual change.
    """

    def check(name: str, image: np.ndarray, tolerance: float = 6.0):
        small = _downscale(image)
        path = FRAMES / f"{name}.npz"
        if request.config.getoption("--regenerate-frames") or not path.exists():
            if not request.config.getoption("--regenerate-frames"):
                pytest.fail(f"no stored frame {path.name}: run pytest --regenerate-frames once and look at it")
            FRAMES.mkdir(parents=True, exist_ok=True)
            np.savez_compressed(path, frame=small)
            return
        stored = np.load(path)["frame"]
        assert stored.shape == small.shape, f"{name}: size changed {stored.shape} -> {small.shape}"
        diff = np.abs(stored.astype(float) - small.astype(float)).mean()
        assert diff <= tolerance, f"{name}: mean pixel difference {diff:.2f} > {tolerance}"

    return check


def _downscale(image: np.ndarray, factor: int = 4) -> np.ndarray:
    h, w = (image.shape[0] // factor) * factor, (image.shape[1] // factor) * factor
    img = image[:h, :w, :3].astype(np.float32)
    return img.reshape(h // factor, factor, w // factor, factor, 3).mean(axis=(1, 3)).astype(np.uint8)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    """``scanned(id, theme=, aspect=, **params)``: the finished scene with its animations skipped
    (mathviz.pipeline.still.scan, about a tenth of a dry run's time; the final state is the same)."""
    from manim import tempconfig

    from mathviz.pipeline.request import RenderRequest, validate
    from mathviz.pipeline.still import scan

    work = tmp_path_factory.mktemp("scan")  # one TeX folder for the module

    def run(scene_id: str, *, theme: str = "dark", aspect: str = "16:9", **params):
        job = validate(RenderRequest.make(scene_id, {k: str(v) for k, v in params.items()},
                                          quality="low", theme=theme, aspect=aspect))
        with tempconfig({}):
            return scan(job.request, work)

    return run
