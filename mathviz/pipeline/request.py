"""One render, as data: a request, its validation, where its output goes, and its result.

Nothing here imports manim: validation and output paths are decided in the
parent process, before any worker starts.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from mathviz.errors import InputError
from mathviz.kit import registry
from mathviz.kit.params import ParamError, param_fields, parse_params
from mathviz.kit.theme import ASPECTS, DEFAULT_ASPECT, DEFAULT_THEME, THEMES, frame_geometry
from mathviz.media import GIF_FPS, GIF_SHORT_SIDE

# name: (folder, short side in pixels, frames per second), as manim's -ql/-qm/-qh/-qk
QUALITIES = {
    "low": ("480p15", 480, 15),
    "medium": ("720p30", 720, 30),
    "high": ("1080p60", 1080, 60),
    "4k": ("2160p60", 2160, 60),
}


RENDER_FORMATS = ("mp4", "gif", "webm", "mov", "png")



@dataclass(frozen=True)
class RenderRequest:
    """Everything that decides the pixels of one output."""

    scene_id: str
    params: tuple[tuple[str, str], ...] = ()  # user values as text, sorted by name
    quality: str = "high"
    fmt: str = "mp4"
    seed: int | None = None
    theme: str = DEFAULT_THEME
    aspect: str = DEFAULT_ASPECT
    transparent: bool = False
    voice: str = "none"  # narration: none, espeak, piper:MODEL.onnx, recorded:DIR[,fallback=none]
    source: str = ""  # a user's scene: "/abs/path.py:Class" (empty for the catalogue)

    @classmethod
    def make(cls, scene_id: str, params: dict[str, str] | None = None, **settings) -> "RenderRequest":
        return cls(scene_id, tuple(sorted((params or {}).items())), **settings)

    @classmethod
    def from_dict(cls, data: dict) -> "RenderRequest":
        """The request back from ``dataclasses.asdict`` (as it travels to a worker in JSON)."""
        return cls(**{**data, "params": tuple(tuple(p) for p in data["params"])})


@dataclass(frozen=True)
class Job:
    """A request that passed validation, with where its output goes (relative to ``out``)."""

    request: RenderRequest
    output: str

    @property
    def scene_id(self) -> str:
        return self.request.scene_id


def validate(request: RenderRequest) -> Job:
    """Check every input of ``request``; raise :class:`InputError` with one line on the first fault."""
    spec = registry.get(request.scene_id)  # UnknownScene is an InputError
    if request.quality not in QUALITIES:
        raise InputError(f"unknown quality {request.quality!r}: choose one of {', '.join(QUALITIES)}")
    if request.fmt not in RENDER_FORMATS:
        raise InputError(f"unknown format {request.fmt!r}: choose one of {', '.join(RENDER_FORMATS)}")
    if request.theme not in THEMES:
        raise InputError(f"unknown theme {request.theme!r}: choose one of {', '.join(THEMES)}")
    if request.aspect not in ASPECTS:
        raise InputError(f"unknown aspect {request.aspect!r}: choose one of {', '.join(ASPECTS)}")
    if request.transparent and request.fmt not in ("mov", "webm", "png"):
        raise InputError("--transparent needs --format mov, webm or png (mp4 and gif have no alpha)")
    request = _validate_voice(request, spec.id)
    if isinstance(spec, registry.FileScene):
        return _validate_file_scene(replace(request, scene_id=spec.id, source=spec.ref), spec)
    params = dict(request.params)
    if request.seed is not None and "seed" in param_fields(spec.params) and "seed" not in params:
        params["seed"] = str(request.seed)
    try:
        parse_params(spec.params, params)
    except ParamError as err:
        raise InputError(f"{spec.id}: {err}") from None
    request = replace(request, params=tuple(sorted(params.items())), source="")
    return Job(request, output_path(request))


def _validate_voice(request: RenderRequest, scene_id: str) -> RenderRequest:
    """Check ``--voice`` (and, for recordings, that every take of the scene is audio); a GIF or
    a PNG has no sound, so for them the voice is dropped."""
    from mathviz.media.audio import probe_audio
    from mathviz.pipeline.narration import parse_voice, recording_path

    voice = parse_voice(request.voice)  # InputError on a bad voice, in one line
    if not voice.speaks or request.fmt in ("gif", "png"):
        return replace(request, voice="none")
    if request.fmt == "webm":
        raise InputError(f"--voice {request.voice}: a narrated video is an mp4 or a mov (webm here has no AAC)")
    if voice.folder is not None:
        takes = voice.folder / Path(recording_path(take_name(replace(request, scene_id=scene_id)), 1, "x")).parent
        for take in sorted(takes.iterdir()) if takes.is_dir() else ():
            if take.is_file() and not take.name.startswith("."):
                probe_audio(take)  # InputError naming a file that is not audio
    return replace(request, voice=voice.name)


def _validate_file_scene(request: RenderRequest, spec: registry.FileScene) -> Job:
    """A user's scene: its file is imported in a worker process, which checks the class and
    its parameters (the user's code runs there, never in this process)."""
    from mathviz.pipeline.worker import inspect_file_scene

    params = dict(request.params)
    found = inspect_file_scene(request)
    if request.seed is not None and "seed" in found.get("params", {}) and "seed" not in params:
        params["seed"] = str(request.seed)
        request = replace(request, params=tuple(sorted(params.items())))
        found = inspect_file_scene(request)
    if found.get("error"):
        raise InputError(f"{spec.id}: {found['error']}" if not found["error"].startswith(spec.path)
                         else found["error"])
    if not found["kit"] and request.theme != DEFAULT_THEME:
        raise InputError(f"{spec.id}: --theme needs a MathvizScene ({spec.cls_name} is a plain manim Scene, "
                         "whose colours are its own)")
    if not found["kit"] and request.voice != "none":
        raise InputError(f"{spec.id}: --voice needs a MathvizScene, whose beats carry the narration "
                         f"({spec.cls_name} is a plain manim Scene)")
    return Job(request, output_path(request))


def variant_slug(text: str) -> str:
    """Parameter text as a file-name part: ``x0=0.5,f=sin(x)`` -> ``x0=0.5_f=sin_x``."""
    return re.sub(r"[^A-Za-z0-9.=+-]+", "_", text).strip("_")


def voice_suffix(voice: str) -> str:
    """The file-name part of a narrated variant: ``espeak``, ``piper-en_US-amy``, ``recorded-takes``.

    >>> voice_suffix("espeak"), voice_suffix("recorded:/home/me/takes,fallback=none")
    ('espeak', 'recorded-takes')
    """
    kind, _, rest = voice.partition(":")
    named = Path(rest.split(",")[0]).stem if rest else ""
    return variant_slug(f"{kind}-{named}" if named else kind)


def take_name(request: RenderRequest) -> str:
    """The scene and its parameters as one name: ``svd``, ``svd--matrix=_1_2_3_4-1a2b3c4d``.

    Looks, quality and voice do not enter it: the folder of a lecturer's takes for a scene
    (``recorded:DIR/<take name>/``) and the start of its output names.
    """
    if not request.params:
        return request.scene_id
    readable = variant_slug(",".join(f"{k}={v}" for k, v in request.params))[:48]
    digest = hashlib.sha256(repr(request.params).encode()).hexdigest()[:8]
    return f"{request.scene_id}--{readable}-{digest}"


def output_path(request: RenderRequest) -> str:
    """``<quality folder>/<id>[--variant].<ext>``; the default variant has no suffix.

    Other parameters, themes, aspects or seeds get a readable suffix plus a short
    hash, so no variant ever overwrites another.
    """
    folder = QUALITIES[request.quality][0]
    parts = [take_name(request)[len(request.scene_id) + 2:]] if request.params else []
    if request.theme != DEFAULT_THEME:
        parts.append(request.theme)
    if request.aspect != DEFAULT_ASPECT:
        parts.append(request.aspect.replace(":", "x"))
    if request.seed is not None:
        parts.append(f"seed{request.seed}")
    if request.transparent:
        parts.append("alpha")
    if request.voice != "none":  # a narrated video never replaces the silent one
        parts.append(voice_suffix(request.voice))
    name = request.scene_id + "".join(f"--{p}" for p in parts)
    return f"{folder}/{name}.{request.fmt}"


@dataclass
class RenderResult:
    id: str
    path: str | None  # final output, None on failure
    seconds: float = 0.0  # length of the video
    frames: int = 0
    render_seconds: float = 0.0
    cached: bool = False
    subtitles: str | None = None
    request: dict = field(default_factory=dict)
    beats: list = field(default_factory=list)
    layout_report: list = field(default_factory=list)  # what left the frame, per beat (mathviz.kit.layout)
    peak_memory_mb: float | None = None  # the worker process's peak resident memory
    missing_takes: list = field(default_factory=list)  # recorded voice: takes expected but not found
    error: str | None = None
    traceback: str | None = None

    def public(self) -> dict:
        data = asdict(self)
        data.pop("traceback")
        return data


def manim_settings(request: RenderRequest, work: Path, *, dry_run: bool = False) -> dict:
    """The manim config for one job, all of its folders inside ``work``."""
    _, short_side, fps = QUALITIES[request.quality]
    if request.fmt == "gif":
        short_side, fps = min(short_side, GIF_SHORT_SIDE), min(fps, GIF_FPS)
    movie = request.fmt != "png"
    # manim writes an mp4 for a GIF too: write_gif makes the GIF (manim's own drops the
    # background from its palette, dithers every frame and misses 15 fps: 1.8 MB a second)
    ext = request.fmt if request.fmt not in ("png", "gif") else "mp4"
    return {
        **frame_geometry(request.aspect, short_side),
        "frame_rate": fps,
        "media_dir": str(work / "media"),
        "tex_dir": str(work / "tex"),
        "text_dir": str(work / "texts"),
        "partial_movie_dir": str(work / "partial"),
        "output_file": str(work / f"scene.{ext}"),
        "format": ext,
        "write_to_movie": movie and not dry_run,
        "save_last_frame": not movie and not dry_run,
        "transparent": request.transparent,
        "disable_caching": True,
        "dry_run": dry_run,
        "progress_bar": "none",
        "verbosity": "ERROR",
        "preview": False,
    }

