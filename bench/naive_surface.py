"""The naive reference for bench_gradient_ascent.py: plain ManimCE, no mathviz.

A 32x32 ``Surface`` of the same two-hill function under a rotating camera:
Cairo shades, depth-sorts and draws all 1024 faces in Python on every frame.

    manim -ql --disable_caching bench/naive_surface.py NaiveSurface
"""

import numpy as np
from manim import DEGREES, Surface, ThreeDAxes, ThreeDScene, BLUE_D, BLUE_E


def two_hills(x, y):
    return np.exp(-((x - 1) ** 2 + (y - 0.5) ** 2)) + 0.6 * np.exp(-((x + 1.2) ** 2 + (y + 1) ** 2) / 0.8)


class NaiveSurface(ThreeDScene):
    def construct(self):
        axes = ThreeDAxes(x_range=[-3, 3, 1], y_range=[-3, 3, 1], z_range=[0, 1.2, 0.5],
                          x_length=6, y_length=6, z_length=3)
        surface = Surface(lambda u, v: axes.c2p(u, v, two_hills(u, v)),
                          u_range=[-3, 3], v_range=[-3, 3], resolution=(32, 32),
                          checkerboard_colors=[BLUE_D, BLUE_E])
        self.set_camera_orientation(phi=65 * DEGREES, theta=-60 * DEGREES)
        self.add(axes, surface)
        self.begin_ambient_camera_rotation(rate=0.3)
        self.wait(6)
