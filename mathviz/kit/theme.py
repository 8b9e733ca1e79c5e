"""Colours by role, sizes, and aspect-ratio presets. No manim import.

Scenes never name a colour: they ask the theme for a role (``theme.function``,
``theme.positive`` ...). The hues come from the Okabe-Ito palette, which stays
distinguishable under the common forms of colour blindness; each theme picks
shades with enough contrast against its own background.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    text: str
    muted: str  # secondary text, tick labels
    grid: str
    axis: str
    function: str
    secant: str
    tangent: str
    point: str
    positive: str  # positive area
    negative: str  # negative area
    basis1: str
    basis2: str
    transformed: str
    singular: str
    gradient: str
    path: str
    samples: str
    mean: str
    band: str
    highlight: str
    stroke: float = 4.0  # default stroke width for curves
    text_scale: float = 1.0  # multiplies every font size
    grid_opacity: float = 0.35

    def font_size(self, role: str = "body") -> float:
        """Font size in manim units for ``title``, ``body``, ``label`` or ``small``."""
        base = {"title": 40, "body": 30, "label": 26, "small": 22}[role]
        return base * self.text_scale

    @classmethod
    def roles(cls) -> list[str]:
        """Names of the colour roles (every field holding a colour)."""
        return [f.name for f in fields(cls) if f.type == "str" and f.name != "name"]


DARK = Theme(
    name="dark",
    background="#14161B",
    text="#ECEFF4",
    muted="#A7ADBA",
    grid="#636C7E",  # 3.4:1; scenes soften grids with grid_opacity
    axis="#D8DEE9",
    function=OKABE_ITO["sky_blue"],
    secant=OKABE_ITO["orange"],
    tangent=OKABE_ITO["bluish_green"],
    point="#ECEFF4",  # ink: yellow and orange merge for deuteranopes, and Q is orange
    positive=OKABE_ITO["sky_blue"],
    negative=OKABE_ITO["vermillion"],
    basis1=OKABE_ITO["bluish_green"],
    basis2=OKABE_ITO["vermillion"],
    transformed=OKABE_ITO["yellow"],
    singular="#E08FC0",  # a lighter reddish purple: the published one meets bluish green under deuteranopia
    gradient=OKABE_ITO["orange"],
    path="#ECEFF4",  # ink, as on paper: the path crosses orange gradient arrows
    samples=OKABE_ITO["sky_blue"],
    mean=OKABE_ITO["yellow"],
    band=OKABE_ITO["reddish_purple"],
    highlight="#FFFFFF",  # ink: every hue already names a role that may share the picture
)

LIGHT = Theme(
    name="light",
    background="#FFFFFF",
    text="#1B1F24",
    muted="#4C566A",
    grid="#858C97",  # 3.4:1; scenes soften grids with grid_opacity
    axis="#2E3440",
    function=OKABE_ITO["blue"],
    secant="#B86E00",  # a darker orange: the pure one is faint on white
    tangent="#00704F",  # deep enough to stay apart from the purple for deuteranopes
    point="#1B1F24",
    positive=OKABE_ITO["blue"],
    negative=OKABE_ITO["vermillion"],
    basis1="#00704F",
    basis2=OKABE_ITO["vermillion"],
    transformed="#8A6D00",
    singular="#A34E85",
    gradient="#B86E00",
    path="#1B1F24",
    samples=OKABE_ITO["blue"],
    mean=OKABE_ITO["vermillion"],
    band="#A34E85",
    highlight="#000000",
)

# For washed-out projectors: light background, heavier strokes, larger text.
CONTRAST = Theme(
    **{
        **{f.name: getattr(LIGHT, f.name) for f in fields(LIGHT)},
        "name": "contrast",
        "text": "#000000",
        "axis": "#000000",
        "muted": "#222222",
        "grid": "#6B7385",
        # Every role at 4.5:1 or more on white: a washed-out beamer eats contrast.
        "secant": "#A85A00",
        "gradient": "#A85A00",
        "negative": "#B34E00",
        "basis2": "#B34E00",
        "mean": "#B34E00",
        "stroke": 7.0,
        "text_scale": 1.25,
        "grid_opacity": 0.6,
    }
)

THEMES = {theme.name: theme for theme in (DARK, LIGHT, CONTRAST)}
DEFAULT_THEME = "dark"


def get_theme(name: str | None = None) -> Theme:
    name = name or DEFAULT_THEME
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(f"unknown theme {name!r}: choose one of {', '.join(THEMES)}") from None


# Aspect presets. The quality names the short side of the picture (1080p is
# 1920x1080 landscape and 1080x1920 portrait); the frame's short side is 8 units.
ASPECTS = {"16:9": (16, 9), "4:3": (4, 3), "1:1": (1, 1), "9:16": (9, 16)}
DEFAULT_ASPECT = "16:9"
FRAME_SHORT_SIDE = 8.0


def parse_aspect(text: str) -> tuple[int, int]:
    """``"16:9"`` -> ``(16, 9)``; only the presets are accepted.

    >>> parse_aspect("9:16")
    (9, 16)
    """
    if text not in ASPECTS:
        raise ValueError(f"unknown aspect {text!r}: choose one of {', '.join(ASPECTS)}")
    return ASPECTS[text]


def frame_geometry(aspect: str, short_side_pixels: int) -> dict[str, float]:
    """Pixel and frame sizes for an aspect preset at a quality.

    >>> frame_geometry("16:9", 1080)
    {'pixel_width': 1920, 'pixel_height': 1080, 'frame_width': 14.222222222222221, 'frame_height': 8.0}
    >>> frame_geometry("9:16", 480)["pixel_height"]
    854
    """
    w, h = parse_aspect(aspect)
    if w >= h:
        px_h, px_w = short_side_pixels, short_side_pixels * w / h
        fr_h, fr_w = FRAME_SHORT_SIDE, FRAME_SHORT_SIDE * w / h
    else:
        px_w, px_h = short_side_pixels, short_side_pixels * h / w
        fr_w, fr_h = FRAME_SHORT_SIDE, FRAME_SHORT_SIDE * h / w
    # Even pixel counts: H.264 with yuv420p refuses odd sizes.
    even = lambda v: int(round(v / 2) * 2)  # noqa: E731
    return {
        "pixel_width": even(px_w),
        "pixel_height": even(px_h),
        "frame_width": fr_w,
        "frame_height": fr_h,
    }
