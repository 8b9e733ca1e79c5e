"""The kit: everything a scene author imports, catalogue scenes and lecturers' own alike.

>>> from mathviz.kit import MathvizScene, NumberReadout, number   # doctest: +SKIP

Names load lazily: ``mathviz.kit.params``, ``mathviz.kit.theme`` and
``mathviz.kit.registry`` never import manim (``mathviz list`` stays fast);
asking for a drawing piece such as ``MathvizScene`` imports it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# public name -> kit module that defines it
_EXPORTS = {
    "scene": ("MathvizScene", "Beat", "Box", "Layout", "MARGIN", "READING_CPS", "SHAPES",
              "TEX_SCALE", "frame_shape"),
    "layout": ("mark_backdrop", "overflow"),
    "theme": ("Theme", "get_theme", "THEMES", "ASPECTS", "OKABE_ITO"),
    "params": ("number", "integer", "choice", "expression", "vector", "numbers", "matrix", "ParamError",
               "parse_params", "format_value", "shorten"),
    "registry": ("declare", "SceneSpec"),
    "axes": ("nice_step", "padded_range", "snap_range", "decimals_for", "axes_config", "log_axes",
             "clip_line", "plate_numbers", "map_axes", "points_on"),
    "readouts": ("Readout", "NumberReadout", "change_value", "format_number", "rounding", "said", "format_vector", "tex_matrix",
                 "LiveMatrix", "ReadoutRow"),
    "plane": ("Plane", "fit_plane", "grid_step", "background_grid", "BasisGrid", "PlaneArrow",
              "follow_matrix"),
    "geometry": ("clip_to_box", "set_segment"),
    "labels": ("place_label", "best_position", "beside", "room"),
    "surface": ("build_surface_view", "shade_and_sort", "segments_mobject", "arrows_mobject",
                "floor_outline", "height_color", "view_rotation"),
    "motion": ("Fade", "emphasise"),
    "compgraph": ("GraphNode", "GraphEdge", "GridReadout", "border_point"),
    "areas": ("SignedParallelogram",),
    "maps": ("CarriedPlane", "ColumnWalk", "column_matrix", "matrix_row", "tip_label"),
    "balls": ("ball_points", "norm_ball", "BALL_POINTS"),
    "space": ("SpaceView", "view_matrix", "fit_space_view", "view_score", "choose_view", "space_polygon",
              "space_right_angle", "space_axes"),
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = sorted(_WHERE)

if TYPE_CHECKING:  # the same names, spelled out for linters and for the cache key's import scan
    from mathviz.kit.scene import MathvizScene, Beat, Box, Layout, MARGIN, READING_CPS, SHAPES, TEX_SCALE, frame_shape  # noqa: F401
    from mathviz.kit.layout import mark_backdrop, overflow  # noqa: F401
    from mathviz.kit.theme import Theme, get_theme, THEMES, ASPECTS, OKABE_ITO  # noqa: F401
    from mathviz.kit.params import number, integer, choice, expression, vector, numbers, matrix, ParamError, parse_params, format_value, shorten  # noqa: F401
    from mathviz.kit.registry import declare, SceneSpec  # noqa: F401
    from mathviz.kit.axes import nice_step, padded_range, snap_range, decimals_for, axes_config, log_axes, clip_line, plate_numbers, map_axes, points_on  # noqa: F401
    from mathviz.kit.readouts import Readout, NumberReadout, change_value, format_number, rounding, said, format_vector, tex_matrix, LiveMatrix, ReadoutRow  # noqa: F401
    from mathviz.kit.plane import Plane, fit_plane, grid_step, background_grid, BasisGrid, PlaneArrow, follow_matrix  # noqa: F401
    from mathviz.kit.geometry import clip_to_box, set_segment  # noqa: F401
    from mathviz.kit.labels import place_label, best_position, beside, room  # noqa: F401
    from mathviz.kit.surface import build_surface_view, shade_and_sort, segments_mobject, arrows_mobject, floor_outline, height_color, view_rotation  # noqa: F401
    from mathviz.kit.motion import Fade, emphasise  # noqa: F401
    from mathviz.kit.compgraph import GraphNode, GraphEdge, GridReadout, border_point  # noqa: F401
    from mathviz.kit.areas import SignedParallelogram  # noqa: F401
    from mathviz.kit.maps import CarriedPlane, ColumnWalk, column_matrix, matrix_row, tip_label  # noqa: F401
    from mathviz.kit.balls import ball_points, norm_ball, BALL_POINTS  # noqa: F401
    from mathviz.kit.space import SpaceView, view_matrix, fit_space_view, view_score, choose_view, space_polygon, space_right_angle, space_axes  # noqa: F401


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"mathviz.kit has no {name!r}")
    value = getattr(importlib.import_module(f"mathviz.kit.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
