"""Helpers shared by the test modules (importable because pytest puts ``tests/`` on the path)."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np

DATA = Path(__file__).parent / "data"
TWO_SCENES = DATA / "two-scenes.toml"


def invoke(args, cwd=None):
    """``mathviz ARGS`` in a fresh interpreter: (exit code, stdout, stderr)."""
    proc = subprocess.run([sys.executable, "-m", "mathviz.cli", *args], capture_output=True, text=True, cwd=cwd)
    return proc.returncode, proc.stdout, proc.stderr


def make_video(path: Path, frames: int, *, size=(64, 48), rate=15, pix_fmt="yuv420p", shade=0) -> Path:
    """A small H.264 MP4 (B-frames on, as manim's) whose frame ``i`` has a bar at column ``i``."""
    import av

    w, h = size
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=rate, options={"crf": "23"})
        stream.width, stream.height, stream.pix_fmt = w, h, pix_fmt
        for i in range(frames):
            img = np.full((h, w, 3), shade, np.uint8)
            img[:, (4 * i) % w: (4 * i) % w + 4] = 255
            frame = av.VideoFrame.from_ndarray(img, format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, rate)
            container.mux(stream.encode(frame))
        container.mux(stream.encode())
    return path


def decoded(path) -> list[np.ndarray]:
    """Every frame of a video, as grey levels."""
    import av

    with av.open(str(path)) as container:
        return [f.to_ndarray(format="gray") for f in container.decode(video=0)]


def dry_run(scene_id: str, tmp, theme: str = "dark", aspect: str = "16:9", **params):
    """The scene object after manim's dry run, as the ``scene_after`` fixture makes it, for a
    module-scoped fixture (one dry run takes seconds; several tests can share it)."""
    from manim import tempconfig

    from mathviz.pipeline.request import RenderRequest, validate
    from mathviz.pipeline.worker import build_scene

    job = validate(RenderRequest.make(scene_id, {k: str(v) for k, v in params.items()}, quality="low",
                                      theme=theme, aspect=aspect))
    with tempconfig({}):
        return build_scene(job.request, tmp, dry_run=True)


def assert_refused_in_one_line(scene_id: str, values: dict, message: str, out: Path) -> None:
    """``mathviz render SCENE -p K=V ...`` exits 2 with ``message`` on one line and writes no video."""
    args = ["render", scene_id, "-o", str(out)] + [x for k, v in values.items() for x in ("-p", f"{k}={v}")]
    code, _, stderr = invoke(args)
    assert code == 2 and message in stderr and len(stderr.strip().splitlines()) == 1, stderr
    assert not any(Path(out).rglob("*.mp4"))


def assert_low_render_matches(render_low, frame_regression, scene_id: str) -> None:
    """A real 480p15 render of ``scene_id``: its size and rate, a clean layout report, and a last
    frame that matches the stored ``SCENE-low`` one."""
    from mathviz.media import last_frame, video_info

    result = render_low(scene_id)
    info = video_info(result.path)
    # the rate to a tolerance: joined sections can leave the stream's average at 15.0003
    assert (info["width"], info["height"]) == (854, 480) and abs(info["fps"] - 15) < 1e-3, info
    assert result.layout_report == []
    frame_regression(f"{scene_id}-low", last_frame(result.path))
