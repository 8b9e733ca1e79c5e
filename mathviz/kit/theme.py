"""Colours by role, sizes, and aspect-ratio presets. No manim import.

Scenes never name a colour: they ask the theme for a role (``theme.function``,
``theme.estimate`` ...), and a role means the same thing in every scene of the
series, so a viewer who has seen one scene can read the next without a legend:

==============  ===========================================================================
``function``    the object under study: the curve, the vector, the circle, the surface
``estimate``    the estimate that moves: a secant, a Riemann sum, running means, a climber's path
``truth``       what the estimate approaches: the tangent, the exact value, the expected value
``positive``    a positive part (area above the axis); the object's own colour
``negative``    a negative part (area below the axis)
``first``       the first of a pair: a first direction or basis vector, the gradient, the
                first of two things compared
``second``      the second of a pair
``image``       the transformed object: a grid or a matrix after a linear map
``region``      a band or region: a confidence band, a sector of the disk
``highlight``   attention: the one run followed, the thing the narration points at
==============  ===========================================================================

and the structural roles ``background``, ``text``, ``muted`` (secondary text,
tick labels), ``grid``, ``axis`` and ``point`` (marked points, in ink).

The hues come from the Okabe-Ito palette, which stays distinguishable under the
common forms of colour blindness; each theme picks shades with enough contrast
against its own background. Seven hues (one of them, blue, only a lighter or
darker sky blue) cannot give ten meanings a hue each, so three pairs share one,
chosen so that their meanings rhyme or do not meet: ``positive`` is the
function's hue (the area on its side of the axis), ``second`` is ``negative``'s,
and ``first`` is ``truth``'s. Orange (``estimate``) and vermillion (``second``,
``negative``) merge for deuteranopes on white: a scene never compares them by
colour alone. ``tests/test_theme.py`` checks the pairs scenes do compare.
"""

from __future__ import annotations

import warnings
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

# Role names before they were made generic (they named the first scenes' objects): still read,
# with a DeprecationWarning, so that old scene files keep rendering.
RENAMED = {"secant": "estimate", "samples": "estimate", "path": "estimate", "tangent": "truth", "mean": "truth",
           "basis1": "first", "gradient": "first", "basis2": "second", "transformed": "image",
           "singular": "region", "band": "region"}


# The smallest font sizes a label may be drawn at, whatever fits or scales it: capitals of 19 px
# at 1080p (the floor `mathviz check` holds text to: 14 pt on a 7.5-inch slide), in manim font
# size units for TeX (MathTex, numbers, readouts) and for Pango text, which is larger at one size.
MIN_FONT = {"tex": 20.0, "pango": 14.0}


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    text: str
    muted: str  # secondary text, tick labels
    grid: str
    axis: str
    point: str  # marked points, in ink
    function: str  # the object under study
    estimate: str  # the estimate that moves
    truth: str  # what it approaches
    positive: str
    negative: str
    first: str  # first of a pair: direction, basis vector, gradient
    second: str
    image: str  # the transformed object
    region: str  # a band or region
    highlight: str  # attention
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

    def __getattr__(self, name: str):
        if name in RENAMED:
            warnings.warn(f"theme.{name} is now theme.{RENAMED[name]}", DeprecationWarning, stacklevel=2)
            return getattr(self, RENAMED[name])
        raise AttributeError(f"a theme has no role {name!r}: choose one of {', '.join(self.roles())}")


DARK = Theme(
    name="dark",
    background="#14161B",
    text="#ECEFF4",
    muted="#A7ADBA",
    grid="#636C7E",  # 3.4:1; scenes soften grids with grid_opacity
    axis="#D8DEE9",
    point="#ECEFF4",  # ink: yellow and orange merge for deuteranopes, and the estimate is orange
    function=OKABE_ITO["sky_blue"],
    estimate=OKABE_ITO["orange"],
    truth=OKABE_ITO["bluish_green"],
    positive=OKABE_ITO["sky_blue"],
    negative=OKABE_ITO["vermillion"],
    first=OKABE_ITO["bluish_green"],
    second=OKABE_ITO["vermillion"],
    image=OKABE_ITO["yellow"],
    region="#E08FC0",  # a lighter reddish purple: the published one meets bluish green under deuteranopia
    highlight="#FFFFFF",  # ink: every hue already names a role that may share the picture
)

LIGHT = Theme(
    name="light",
    background="#FFFFFF",
    text="#1B1F24",
    muted="#4C566A",
    grid="#858C97",  # 3.4:1; scenes soften grids with grid_opacity
    axis="#2E3440",
    point="#1B1F24",
    function=OKABE_ITO["blue"],
    # Darker shades where the published hue is under 4.5:1 on white (readouts and legends are
    # small text in these colours); estimate and negative stay apart (CIE76 about 26).
    estimate="#9E6400",  # a darker orange: the pure one is faint on white
    truth="#00704F",  # deep enough to stay apart from the purple for deuteranopes
    positive=OKABE_ITO["blue"],
    negative="#BF4E00",  # a darker vermillion
    first="#00704F",
    second="#BF4E00",
    image="#8A6D00",
    region="#A34E85",
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
        "estimate": "#A85A00",
        "negative": "#B34E00",
        "second": "#B34E00",
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
