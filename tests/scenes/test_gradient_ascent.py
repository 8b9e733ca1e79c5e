"""gradient-ascent: the surface, the contour map and the comparison agree with the core.

Most tests inspect finished scenes built once per module with manim's
``skip_animations`` (every animation jumps to its end state: the same mobjects as a
dry run, without drawing a frame). One test goes through the shared ``scene_after``
dry run, and one (slow) renders the video and compares its last frame.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from mathviz.kit import registry
from mathviz.core.expr import parse_function
from mathviz.core.optimize import (
    comparison_rates,
    contour_tangent,
    gradient_ascent,
    numerical_gradient,
    stability_limit,
    vector_function,
)
from mathviz.kit.params import parse_params
from mathviz.errors import InputError
from mathviz.pipeline.request import RenderRequest, manim_settings, validate

QUAD = {"f": "2 - (x-0.5)^2 - 0.5(y+0.3)^2", "x0": "[-2, 1.5]", "learning_rate": "0.4", "steps": "12",
        "extent": "2.5"}


def quad_gradient(x, y):
    return np.array([-2 * (x - 0.5), -(y + 0.3)])


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    """``finished(aspect=, theme=, **params)`` -> (scene, frame_w, frame_h), built once per combination."""
    from manim import config, tempconfig

    work = tmp_path_factory.mktemp("gradient-ascent")  # one tex folder: formulas compile once
    built = {}

    def build(aspect="16:9", theme="dark", **params):
        key = (aspect, theme, tuple(sorted(params.items())))
        if key not in built:
            job = validate(RenderRequest.make("gradient-ascent", params, quality="low", aspect=aspect,
                                              theme=theme))
            spec = registry.get("gradient-ascent")
            with tempconfig(manim_settings(job.request, work, dry_run=True)):
                scene = spec.load()(params=parse_params(spec.params, params), theme=theme,
                                    skip_animations=True)
                scene.render()
                built[key] = (scene, float(config.frame_width), float(config.frame_height))
        return built[key]

    return build


def core_run(scene):
    p = scene.params
    f = vector_function(parse_function(p.f, ("x", "y")))
    return f, gradient_ascent(f, p.x0, learning_rate=p.learning_rate, steps=p.steps, tol=1e-3)


@pytest.mark.parametrize("params", [{}, QUAD])
def test_the_path_sits_on_the_surface_and_on_the_map_at_the_core_points(finished, params):
    scene, *_ = finished(**params)
    f, run = core_run(scene)
    expr = parse_function(scene.params.f, ("x", "y"))
    shown = scene.shown_steps
    assert shown == run.steps  # these parameters stay on the map
    assert len(scene.surface_dots) == len(scene.map_dots) == shown + 1
    for (x, y), on_surface, on_map in zip(run.points, scene.surface_dots, scene.map_dots):
        np.testing.assert_allclose(on_surface.get_center(), scene.axes3d.c2p(x, y, float(expr(x, y))),
                                   atol=1e-9)
        np.testing.assert_allclose(on_map.get_center(), scene.map_axes.c2p(x, y), atol=1e-9)
    # each arrow on the map is one step: from x_k to x_k + eta grad f(x_k)
    for k, arrow in enumerate(scene.map_arrows):
        np.testing.assert_allclose(arrow.get_start()[:2], scene.map_axes.c2p(*run.points[k])[:2], atol=1e-9)
        np.testing.assert_allclose(arrow.tip.tip_point[:2], scene.map_axes.c2p(*run.points[k + 1])[:2],
                                   atol=1e-6)
    # the readouts ended on the core's last numbers
    assert scene.readouts["k"].get_value() == shown
    assert scene.readouts["f"].get_value() == pytest.approx(run.values[shown], abs=0)
    assert scene.readouts["g"].get_value() == pytest.approx(np.linalg.norm(run.gradients[shown]), abs=0)


@pytest.mark.parametrize("params", [{}, QUAD])
def test_the_drawn_surface_is_f_and_c2p_lands_on_it(finished, params):
    """The surface was rotated, sorted and fitted; the (hidden) axes followed it exactly."""
    scene, *_ = finished(**params)
    expr = parse_function(scene.params.f, ("x", "y"))
    faces = list(scene.surface)
    assert len(faces) == 400
    for face in faces[::37]:
        corners = [(face.u1, face.v1), (face.u2, face.v1), (face.u2, face.v2), (face.u1, face.v2)]
        expected = [scene.axes3d.c2p(u, v, float(expr(u, v))) for u, v in corners]
        np.testing.assert_allclose(face.points[::4][:4], expected, atol=1e-9)
    # painter's order: faces are drawn from the farthest to the nearest
    depths = [face.points[::4][:4, 2].mean() for face in faces]
    assert depths == sorted(depths)


def test_gradient_field_and_contours_cross_at_right_angles(finished):
    scene, *_ = finished(**QUAD)
    axes = scene.map_axes
    unit_x = axes.c2p(1, 0) - axes.c2p(0, 0)
    unit_y = axes.c2p(0, 1) - axes.c2p(0, 0)
    assert np.linalg.norm(unit_x) == pytest.approx(np.linalg.norm(unit_y), rel=1e-9)  # equal scales
    # the field's shafts point along the exact gradient
    shafts = scene.field[0].points.reshape(-1, 4, 3)
    starts, ends = shafts[:, 0], shafts[:, -1]
    assert len(shafts) > 40
    for a, b in zip(starts, ends):
        mid = axes.p2c((a + b) / 2)
        g = quad_gradient(*mid[:2])
        d = (b - a)[:2] / np.linalg.norm((b - a)[:2])
        assert d @ g / np.linalg.norm(g) == pytest.approx(1.0, abs=2e-2)
    # every contour segment lies on its level and runs perpendicular to the gradient
    expr = parse_function(scene.params.f, ("x", "y"))
    span = scene.z_range[1] - scene.z_range[0]
    for level, lines in zip(scene.levels, scene.contours[1]):
        seg = lines.points.reshape(-1, 4, 3)
        a = np.array([axes.p2c(p)[:2] for p in seg[:, 0]])
        b = np.array([axes.p2c(p)[:2] for p in seg[:, -1]])
        np.testing.assert_allclose(expr(a[:, 0], a[:, 1]), level, atol=5e-3 * span)
        direction = b - a
        long = np.linalg.norm(direction, axis=1) > 0.02
        g = np.array([quad_gradient(*m) for m in ((a + b) / 2)[long]])
        cos = np.abs(np.einsum("ij,ij->i", direction[long], g)) / (
            np.linalg.norm(direction[long], axis=1) * np.linalg.norm(g, axis=1))
        assert cos.max() < 0.1


def test_the_comparison_uses_the_core_rates_and_runs(finished):
    scene, *_ = finished()
    f, run = core_run(scene)
    rates = comparison_rates(scene.params.learning_rate, stability_limit(f, run.points[-1]))
    assert scene.rates == pytest.approx(rates)
    small, yours, large = rates
    assert small < yours < large
    for rate, path, curve in zip(rates, scene.rate_paths, scene.chart_curves):
        other = gradient_ascent(f, scene.params.x0, learning_rate=rate, steps=scene.params.steps, tol=1e-3)
        dots = [d.get_center() for d in path[1:]]
        np.testing.assert_allclose(dots, [scene.map_axes.c2p(*p) for p in other.points], atol=1e-9)
        chart = [scene.chart_axes.c2p(k, v) for k, v in enumerate(other.values)]
        np.testing.assert_allclose(np.vstack([curve.points[::4], curve.points[-1:]]), chart, atol=1e-9)
    outcomes = [run.converged for run in scene.runs]
    assert outcomes == [False, True, False]  # crawls, arrives, bounces


@pytest.mark.parametrize("aspect, theme", [("16:9", "dark"), ("4:3", "dark"), ("1:1", "light"),
                                           ("9:16", "contrast")])
def test_every_panel_stays_in_the_frame(finished, aspect, theme):
    """Every aspect once; the contrast theme (text 1.25x larger) on the narrowest frame."""
    scene, w, h = finished(aspect=aspect, theme=theme)
    panels = {
        "surface": (scene.surface, scene.surface_box), "floor labels": (scene.floor_labels, scene.surface_box),
        "gradient label": (scene.grad_label, scene.formula_box), "formula": (scene.formula, scene.formula_box),
        "map": (scene.map_axes, scene.map_box), "status": (scene.status, scene.info_box),
        "legend": (scene.legend, scene.info_box),
        **{f"panel {i}": (panel, scene.info_box) for i, panel in enumerate(scene.panels)},
    }
    for name, (mob, box) in panels.items():
        lo, hi = mob.get_corner(np.array([-1, -1, 0])), mob.get_corner(np.array([1, 1, 0]))
        assert lo[0] >= box.left - 1e-6 and hi[0] <= box.right + 1e-6, name
        assert lo[1] >= box.bottom - 1e-6 and hi[1] <= box.top + 1e-6, name
    for mob in scene.mobjects + list(scene.readouts.values()):
        for part in mob.family_members_with_points():
            pts = part.points
            assert np.all(np.abs(pts[:, 0]) <= w / 2 + 1e-6) and np.all(np.abs(pts[:, 1]) <= h / 2 + 1e-6)


def test_colours_follow_the_theme_roles(finished):
    """The climber's path is the estimate; the gradient (field, arrow at x_0, its readouts) is
    the derivative's role, truth, as the tangent is in calculus; the three rates are told apart
    by roles that colour-blind viewers tell apart too."""
    scene, *_ = finished(theme="light")
    t = scene.theme

    def hexes(colour):
        return colour.to_hex().lower()

    assert {hexes(dot.get_color()) for dot in scene.map_dots[1:]} == {t.estimate.lower()}
    assert {hexes(arrow.get_color()) for arrow in scene.map_arrows} == {t.estimate.lower()}
    assert hexes(scene.field[0].get_stroke_color()) == t.truth.lower()
    assert hexes(scene.grad_arrow.get_color()) == t.truth.lower()
    for key, role in (("g", t.truth), ("f", t.estimate)):
        glyphs = [m for m in scene.readouts[key].family_members_with_points() if m.get_fill_opacity() > 0]
        assert glyphs and {hexes(m.get_fill_color()) for m in glyphs} == {role.lower()}, key
    contour, right_angle, _ = scene.grad_marks
    assert hexes(contour.get_stroke_color()) == hexes(right_angle.get_stroke_color()) == t.highlight.lower()
    assert [hexes(c.get_stroke_color()) for c in scene.chart_curves] == [t.first.lower(), t.estimate.lower(),
                                                                         t.highlight.lower()]


@pytest.mark.parametrize("params", [{}, QUAD])
def test_the_gradient_arrow_at_x0_is_the_core_gradient_at_right_angles_to_its_contour(finished, params):
    """The arrow at x_0 is grad f(x_0) at the map's own scale; the contour through x_0 lies on
    the level f(x_0), and the right-angle mark's legs run along the contour tangent and the
    gradient."""
    scene, *_ = finished(**params)
    f, run = core_run(scene)
    axes, x0 = scene.map_axes, run.points[0]
    g = numerical_gradient(f, x0)
    if params == QUAD:
        np.testing.assert_allclose(g, quad_gradient(*x0), atol=1e-6)
    start = axes.p2c(scene.grad_arrow.get_start())[:2]
    tip = axes.p2c(scene.grad_arrow.tip.tip_point)[:2]
    np.testing.assert_allclose(start, x0, atol=1e-9)
    np.testing.assert_allclose(tip - start, scene.grad_scale * g, atol=1e-6)
    # drawn at the map's own scale, unless it would run far off the map: then a power of ten
    # shorter, and the label says so
    long = np.linalg.norm(g) > 0.6 * scene.params.extent
    assert scene.grad_scale == (10.0 ** -np.ceil(np.log10(np.linalg.norm(g) / (0.6 * scene.params.extent)))
                                if long else 1.0)
    assert (scene.grad_scale < 1) == (params == QUAD)
    label = scene.grad_marks[2][0]
    assert (r"10^{-1}" in label.tex_string) == (params == QUAD)
    contour, right_angle, _ = scene.grad_marks
    seg = np.array([axes.p2c(p)[:2] for p in contour.points])
    expr = parse_function(scene.params.f, ("x", "y"))
    level = float(expr(*x0))  # marching squares interpolate linearly: on the level to a small fraction
    np.testing.assert_allclose(expr(seg[:, 0], seg[:, 1]), level, atol=1e-3 * (1 + abs(level)))
    corners = np.array([axes.p2c(p)[:2] for p in np.vstack([right_angle.points[::4], right_angle.points[-1:]])])
    legs = corners[[0, 2]] - corners[1]  # from the mark's outer corner back to the two legs
    tangent, unit = contour_tangent(f, x0), g / np.linalg.norm(g)
    along_t, along_g = corners[0] - x0, corners[2] - x0
    assert abs(along_t @ unit) < 1e-9 and abs(along_g @ tangent) < 1e-9
    assert along_t @ tangent > 0 and along_g @ unit > 0
    assert abs(legs[0] @ legs[1]) < 1e-9  # a right angle


def test_the_contours_come_down_from_the_surface(finished):
    """The lines drawn on the surface are the map's contours at their heights: each point of a
    level's line is (x, y, level) with f(x, y) = level."""
    scene, *_ = finished(**QUAD)
    expr = parse_function(scene.params.f, ("x", "y"))
    span = scene.z_range[1] - scene.z_range[0]
    assert len(scene.lifted) == len(scene.levels)
    for level, line, seg in zip(scene.levels, scene.lifted, scene.level_segments):
        pts = line.points[::4][:40]
        assert len(pts) > 0
        lifted = scene.lifted_point(seg.reshape(-1, 2), level)
        for p in pts:
            assert np.linalg.norm(lifted - p, axis=1).min() < 1e-9
    # and the climb's path takes the camera to its first step and back
    assert not scene.zoomed


def test_the_side_panel_has_three_lines_at_a_time(finished):
    scene, *_ = finished()
    assert len(scene.panels) >= 3
    assert all(len(panel) <= 3 for panel in scene.panels)
    assert len(scene.legend) == 3


def test_beats_narrate_the_whole_scene(finished):
    scene, *_ = finished()
    assert [b.name for b in scene.beats] == ["landscape", "contours", "gradient", "step", "climb", "summit",
                                            "rates"]
    assert scene.beats[0].start == 0
    for before, after in zip(scene.beats, scene.beats[1:]):
        assert before.end == after.start and after.end > after.start
    assert scene.time >= 10
    assert all(len(b.narration.split()) >= 12 for b in scene.beats)
    from mathviz.kit.scene import READING_CPS

    assert all(len(b.narration) / (b.end - b.start) <= READING_CPS * (1 + 1e-9) for b in scene.beats)
    assert "local maximum" in scene.beats[5].narration  # the default climb ends on the lower hill


def test_dry_run_through_the_shared_fixture(scene_after):
    scene = scene_after("gradient-ascent", **{**QUAD, "steps": "3"})
    _, run = core_run(scene)
    np.testing.assert_allclose([d.get_center() for d in scene.map_dots],
                               [scene.map_axes.c2p(*p) for p in run.points], atol=1e-9)
    assert scene.readouts["f"].get_value() == run.values[3]


@pytest.mark.parametrize("params, fragment", [
    ({"learning_rate": "0"}, "learning_rate = '0': must be greater than 0"),
    ({"learning_rate": "-0.5"}, "must be greater than 0"),
    ({"f": "x + z"}, "unknown name 'z'"),
    ({"steps": "1000"}, "steps = '1000': must be at most 200"),
    ({"steps": "2.5"}, "not a whole number"),
    ({"x0": "[5, 0]"}, "outside the map"),
    ({"x0": "[1]"}, "needs 2 numbers"),
    ({"f": "log(x)"}, "not finite everywhere"),
])
def test_bad_input_is_refused_before_rendering(params, fragment):
    with pytest.raises(InputError, match=fragment.replace("(", r"\(").replace("[", r"\[")):
        validate(RenderRequest.make("gradient-ascent", params))


@pytest.mark.parametrize("arg", ["learning_rate=-1", "f=x*z", "steps=500"])
def test_cli_exits_2_with_one_line_and_writes_nothing(tmp_path, arg):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "mathviz.cli", "render", "gradient-ascent", "-q", "low",
                           "-p", arg, "-o", str(out)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and arg.split("=")[0] in proc.stderr
    assert not out.exists() or not any(out.rglob("*"))


@pytest.mark.slow
def test_low_render_and_its_last_frame(render_low, frame_regression):
    from mathviz.media import last_frame, video_info

    result = render_low("gradient-ascent")
    info = video_info(result.path)
    assert (info["width"], info["height"]) == (854, 480) and info["fps"] == pytest.approx(15, rel=1e-3)
    assert result.seconds >= 10 and Path(result.subtitles).exists()
    frame_regression("gradient-ascent-low", last_frame(result.path))


def test_a_diverging_learning_rate_plays_through_and_says_so(finished):
    """A step far past the stability limit: the run blows up, the scene still plays to the end
    and says so, and every readout shows a number (or nothing, where none is defined)."""
    scene, *_ = finished(f="-(x^2 + y^2)", learning_rate="5")  # each step multiplies x by -9
    assert scene.run.diverged
    assert scene._describe(scene.run).startswith(("left the map", "flew off"))
    shown = [r.text for r in scene.readouts.values()]
    assert all(text == "" or text.lstrip("+-").replace(".", "").isdigit() for text in shown), shown
