"""The palette: every role readable on its background, pairs shown together told apart with
colour-blind eyes, and the aspect presets' geometry. No manim needed."""

from __future__ import annotations

import re

import numpy as np
import pytest

from mathviz.kit.theme import ASPECTS, FRAME_SHORT_SIDE, OKABE_ITO, THEMES, Theme, frame_geometry, get_theme, parse_aspect

# The roles DESIGN.md names ("one meaning per colour across the series"), generic so that a new
# scene can pick one without reading the old scenes; and the structural ones.
GENERIC_ROLES = {"function", "estimate", "truth", "positive", "negative", "first", "second", "image", "region",
                 "highlight"}
STRUCTURAL_ROLES = {"background", "text", "muted", "grid", "axis", "point"}
ROLES = [r for r in Theme.roles() if r != "background"]
TEXT_ROLES = ("text", "muted", "axis")  # letters and tick labels: WCAG AA for text, 4.5:1


def srgb_to_linear(hex_colour: str) -> np.ndarray:
    """``"#RRGGBB"`` -> linear RGB in [0, 1] (the sRGB transfer curve undone), shape (3,)."""
    assert re.fullmatch(r"#[0-9A-Fa-f]{6}", hex_colour), hex_colour
    c = np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance."""
    return float(np.dot([0.2126, 0.7152, 0.0722], srgb_to_linear(hex_colour)))


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio, from 1 (same) to 21 (black on white)."""
    hi, lo = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_luminance_reference_values():
    assert relative_luminance("#FFFFFF") == pytest.approx(1.0)
    assert relative_luminance("#000000") == 0.0
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    # WebAIM's checker: #777777 on white is 4.48:1
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_the_theme_has_the_generic_roles_and_nothing_named_after_a_scene():
    assert set(Theme.roles()) == GENERIC_ROLES | STRUCTURAL_ROLES


def test_an_old_role_name_still_reads_with_a_warning_and_a_wrong_one_names_the_choices():
    theme = get_theme("light")
    with pytest.warns(DeprecationWarning, match="theme.secant is now theme.estimate"):
        assert theme.secant == theme.estimate
    with pytest.raises(AttributeError, match="a theme has no role 'sekant': choose one of .*estimate"):
        theme.sekant  # noqa: B018


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
@pytest.mark.parametrize("role", ROLES)
def test_every_role_stands_out_from_its_background(theme, role):
    """WCAG 2.1 non-text contrast (1.4.11) asks 3:1 for graphics; letters ask 4.5:1. The
    projector theme asks 4.5:1 of everything: a washed-out beamer loses contrast.

    Grid colours pass too; scenes draw grids at ``theme.grid_opacity`` to quieten them.
    """
    colour = getattr(theme, role)
    needed = 4.5 if (role in TEXT_ROLES or theme.name == "contrast") else 3.0
    ratio = contrast_ratio(colour, theme.background)
    assert ratio >= needed, f"{theme.name}.{role} = {colour} on {theme.background}: {ratio:.2f}:1 < {needed}:1"


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_role_colours_are_readable_as_small_text(theme):
    """Readouts, legends and labels are set in role colours (an estimate's value in the estimate's
    colour), often small: every role but the grid is at WCAG AA for text, 4.5:1."""
    weak = [f"{role} = {getattr(theme, role)} ({contrast_ratio(getattr(theme, role), theme.background):.2f}:1)"
            for role in ROLES if role != "grid" and contrast_ratio(getattr(theme, role), theme.background) < 4.5]
    assert not weak, f"{theme.name}: " + "; ".join(weak)


# --- colour blindness -------------------------------------------------------------------------

# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
CVD = {
    "normal": np.eye(3),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
}

# Roles that one scene compares by colour alone (same kind of mark, side by side): a curve and its
# secant, positive and negative area, two basis arrows, the runs and their mean... Roles told apart
# by shape as well (a translucent transformed grid behind basis arrows) are not listed.
PAIRS = sorted({tuple(sorted(pair)) for pair in [
    ("function", "estimate"), ("function", "truth"), ("estimate", "truth"), ("point", "estimate"),  # secants
    ("estimate", "highlight"),  # secants: one-sided and symmetric errors
    ("positive", "negative"), ("function", "highlight"), ("highlight", "truth"),  # signed area: f, F, F's tangent
    ("first", "second"), ("function", "first"), ("function", "second"),  # change of basis
    ("region", "first"), ("region", "second"),  # SVD: the quarter disk between v1 and v2
    ("first", "estimate"), ("first", "highlight"),  # ascent: field, path; rates smaller, yours, larger
    ("truth", "region"), ("estimate", "region"), ("highlight", "region"),  # large numbers: mean, band, runs
]})
MIN_DELTA_E = 20.0  # CIE76; about 2.3 is a just-noticeable difference, 20 reads as "another colour"


def cielab(linear_rgb: np.ndarray) -> np.ndarray:
    """Linear sRGB (3,) -> CIE L*a*b* (D65)."""
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ np.clip(linear_rgb, 0, 1)
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: str, b: str, vision: str) -> float:
    m = CVD[vision]
    return float(np.linalg.norm(cielab(m @ srgb_to_linear(a)) - cielab(m @ srgb_to_linear(b))))


def test_simulation_keeps_greys_and_merges_red_with_green():
    # a grey stays put; the classic red/green confusion collapses under deuteranopia
    assert delta_e("#808080", "#808080", "deuteranopia") == pytest.approx(0.0, abs=1e-6)
    assert delta_e("#D00000", "#5E7A00", "normal") > 50
    assert delta_e("#D00000", "#5E7A00", "deuteranopia") < 15


@pytest.mark.parametrize("vision", list(CVD))
@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_roles_shown_together_stay_apart(theme, vision):
    """Protanopia and deuteranopia (about 8% of men) must not merge roles that appear together.
    Tritanopia (about 1 in 10,000) is not checked: Okabe-Ito's sky blue and bluish green come close there."""
    close = [f"{a}/{b} ({getattr(theme, a)} vs {getattr(theme, b)}: {d:.1f})"
             for a, b in PAIRS if (d := delta_e(getattr(theme, a), getattr(theme, b), vision)) < MIN_DELTA_E]
    assert not close, f"{theme.name} under {vision}: " + "; ".join(close)


def _hue(hex_colour: str) -> tuple[float, float]:
    """(hue in degrees, saturation) in HSV."""
    import colorsys

    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    h, sat, _ = colorsys.rgb_to_hsv(r, g, b)
    return 360 * h, sat


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_hues_are_okabe_ito_or_shades_of_them(theme):
    """A colour role is an Okabe-Ito hue, lighter or darker (white paper needs darker shades), or ink."""
    hues = [_hue(c)[0] for name, c in OKABE_ITO.items() if name != "black"]
    for role in ROLES:
        hue, saturation = _hue(getattr(theme, role))
        if saturation < 0.3:  # ink and (bluish) greys: text, axes, grid, and roles drawn in ink
            continue
        gap = min(min(abs(hue - h), 360 - abs(hue - h)) for h in hues)
        assert gap <= 12, f"{theme.name}.{role} = {getattr(theme, role)}: hue {hue:.0f} is {gap:.0f} deg from Okabe-Ito"


# --- theme shapes -----------------------------------------------------------------------------


def test_contrast_theme_is_light_thick_and_large():
    dark, light, contrast = (get_theme(n) for n in ("dark", "light", "contrast"))
    assert relative_luminance(contrast.background) > 0.9 and relative_luminance(light.background) > 0.9
    assert relative_luminance(dark.background) < 0.05
    assert contrast.stroke > light.stroke and contrast.text_scale > light.text_scale
    assert contrast.font_size("label") > light.font_size("label")
    assert contrast.grid_opacity >= light.grid_opacity


def test_unknown_theme_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="unknown theme 'neon': choose one of dark, light, contrast"):
        get_theme("neon")
    assert get_theme(None).name == "dark"


@pytest.mark.parametrize("aspect", list(ASPECTS))
@pytest.mark.parametrize("short", [480, 720, 1080, 2160])
def test_frame_geometry_matches_the_aspect(aspect, short):
    g = frame_geometry(aspect, short)
    w, h = ASPECTS[aspect]
    assert g["pixel_width"] % 2 == 0 and g["pixel_height"] % 2 == 0
    assert min(g["pixel_width"], g["pixel_height"]) == short
    assert g["pixel_width"] / g["pixel_height"] == pytest.approx(w / h, rel=0.01)
    assert g["frame_width"] / g["frame_height"] == pytest.approx(w / h)
    assert min(g["frame_width"], g["frame_height"]) == FRAME_SHORT_SIDE


@pytest.mark.parametrize("text", ["16:0", "0:9", "16x9", "21:9", "", "16:9:1", "-16:9"])
def test_degenerate_or_unknown_aspects_are_refused(text):
    with pytest.raises(ValueError, match="choose one of 16:9, 4:3, 1:1, 9:16"):
        parse_aspect(text)
