"""The chain rule as backpropagation through one dense layer, L = 1/2 ||sigma(Ax + b) - y||^2.

Render with its defaults, as plain manim::

    manim -ql scenes/multivariable/chain_rule.py ChainRule

The layer is a computation graph read left to right: x, A and b make z, the
sigmoid makes a, and a meets the target y in the loss L. Each node is a card
that shows its value in the forward pass and, in the backward pass, the
gradient of L with respect to it (coloured by sign); each edge carries its
local derivative. One weight's path is followed, and nudging that weight
checks the slope the chain rule gave.
"""

from __future__ import annotations

import numpy as np
from manim import (
    Create,
    Indicate,
    LaggedStart,
    Line,
    ShowPassingFlash,
    SurroundingRectangle,
    ValueTracker,
    VGroup,
)

from mathviz.core.backprop import dense_layer_gradients, nudged_loss_change
from mathviz.kit import Box, Fade, GraphEdge, GraphNode, GridReadout, MathvizScene, format_number, rounding, said, TEX_SCALE
from scenes.multivariable.specs import ChainRuleParams

GAP = 1.05  # room between cards, for an edge and its label (unscaled units, at text_scale 1)
ROW_GAP = 0.32
PANEL_TALL = 3.2  # scene units of a tall frame's strip the panel uses
VALUE_PLACES, GRAD_PLACES, LOSS_PLACES = 2, 3, 4
FORWARD = ("x", "A", "b", "z", "a", "y", "L")
EDGES = (("x", "z"), ("A", "z"), ("b", "z"), ("z", "a"), ("a", "L"), ("y", "L"))
# the local derivative each edge carries: d(end)/d(start), entry by entry
LOCAL = {("x", "z"): "A", ("A", "z"): "x_j", ("b", "z"): "1", ("z", "a"): r"\sigma'(z)", ("a", "L"): "a - y"}


class ChainRule(MathvizScene):
    Params = ChainRuleParams
    title = "The chain rule, run backwards"

    def construct(self):
        self._compute()
        self._build_layout()
        i, j = self.i + 1, self.j + 1
        self.beat("layer", "Here is one layer of a neural network, drawn as a graph. The input x, the weights "
                           "A and the bias b make z, which is A x plus b. The sigmoid squashes z into a, and "
                           "the loss L measures how far a lands from the target y.")
        self._show_layer()
        self.beat("forward", "The forward pass runs left to right and writes each node's value. "
                             f"For these numbers the loss comes out at {said(self.g.loss, digits=3)}.")
        self._show_forward()
        self.beat("local", "Each edge carries a local derivative: how fast the node at its end moves when "
                           "the node at its start moves. Each one needs only the values next to it.")
        self._show_local()
        self.beat("backward", "The backward pass starts at L, with slope 1, and runs right to left. At each "
                              "node, multiply by the local derivative of the edge just crossed. x feeds both "
                              "entries of z, so the products along its two paths add up. Each gradient's colour gives its sign.")
        self._show_backward()
        self.beat("path", f"Follow one weight, A{i}{j}. Its only path to the loss runs through z{i} and a{i}. "
                          "Multiply the three local derivatives along it, and you get "
                          f"{said(self.slope, digits=3)}. Every other weight fills in the same way.")
        self._show_path()
        self.beat("nudge", self._nudge_narration())
        self._show_nudge()
        self.beat("summary", "That is backpropagation: the chain rule, organised. One pass forward for the "
                             "values, one pass back, and every gradient arrives at once.")
        self._show_summary()

    # -- numbers, all from the core ----------------------------------------------------------------

    def _compute(self):
        p = self.params
        self.A, self.b, self.x, self.y = (np.array(v, dtype=float) for v in (p.A, p.b, p.x, p.y))
        self.g = dense_layer_gradients(self.A, self.b, self.x, self.y)
        self.i, self.j = p.nudged
        self.h = p.h
        self.slope = float(self.g.grad_A[self.i, self.j])
        self.change = nudged_loss_change(self.A, self.b, self.x, self.y, self.i, self.j, self.h)
        self.predicted = self.slope * self.h
        self.after = self.layer_at(self.h)
        # places that show the change in the loss to three significant figures
        self.change_places = max(3, 2 - int(np.floor(np.log10(abs(self.predicted)))))

    def layer_at(self, w: float):
        """The forward pass with the nudged weight moved by ``w``."""
        A = self.A.copy()
        A[self.i, self.j] += w
        return dense_layer_gradients(A, self.b, self.x, self.y)

    def _nudge_narration(self) -> str:
        i, j = self.i + 1, self.j + 1
        h = format_number(self.h, 3, trim=True, style="text")
        miss = abs(self.change - self.predicted) / abs(self.predicted)
        close = ("They agree closely, and a smaller nudge would bring them closer still."
                 if miss < 0.05 else "They differ by more here: the loss curves over a nudge this big, "
                 "and a smaller one would bring them together.")
        return (f"Now check by measuring. Nudge A{i}{j} by {h}, run the forward pass again, and the loss "
                f"changes by {said(self.change, digits=3)}. The slope times {h} predicts "
                f"{said(self.predicted, digits=3)}. {close}")

    # -- the graph ------------------------------------------------------------------------------------

    def _build_layout(self):
        layout = self.layout(3, 2, square=(2, 1.1), tall=(3, 4))
        self.graph_box, side = layout.main, layout.side
        self._build_graph()
        if self.shape == "tall":  # three lines need little of the tall strip: keep them under the graph
            room = min(side.height, PANEL_TALL)
            side = Box(np.array([side.center[0], side.top - room / 2, 0.0]), side.width, room)
        self.panel_box = side

    def _grid(self, values, widest, places, signs=False):
        t = self.theme
        return GridReadout(values, widest=widest, places=places, font_size=self.theme.font_size("label") * TEX_SCALE,
                           color=t.text, bracket_color=t.muted,
                           signs=(t.positive, t.negative, t.text) if signs else None)

    def _build_graph(self):
        t, g, after = self.theme, self.g, self.after
        col = lambda v: np.reshape(v, (-1, 1))  # noqa: E731
        big = lambda *vs: max(1.0, *(float(np.max(np.abs(v))) for v in vs))  # noqa: E731
        grad_widest = big(g.grad_A, g.grad_x, g.delta, g.residual)
        self.values = {
            "x": self._grid(col(self.x), big(self.x), VALUE_PLACES),
            "A": self._grid(self.A, big(self.A, after.A), VALUE_PLACES),
            "b": self._grid(col(self.b), big(self.b), VALUE_PLACES),
            "z": self._grid(col(g.z), big(g.z, after.z), VALUE_PLACES),
            "a": self._grid(col(g.a), 1.0, VALUE_PLACES),
            "y": self._grid(col(self.y), big(self.y), VALUE_PLACES),
            "L": self.number(g.loss, decimals=LOSS_PLACES, trim=True, widest=big(g.loss, after.loss) + 0.5),
        }
        self.grads = {
            "x": self._grid(col(g.grad_x), grad_widest, GRAD_PLACES, signs=True),
            "A": self._grid(g.grad_A, grad_widest, GRAD_PLACES, signs=True),
            "b": self._grid(col(g.grad_b), grad_widest, GRAD_PLACES, signs=True),
            "z": self._grid(col(g.delta), grad_widest, GRAD_PLACES, signs=True),
            "a": self._grid(col(g.residual), grad_widest, GRAD_PLACES, signs=True),
            "L": self.number(1.0, trim=True, color=t.positive),
        }
        self.names = {k: self.tex(k, role="label") for k in FORWARD}
        self.grad_names = {k: self.tex(rf"\partial L/\partial {k}", role="label") for k in self.grads}
        parts = [self.names[k] for k in FORWARD] + list(self.values.values()) + list(self.grads.values()) \
            + list(self.grad_names.values())
        height = max(self.names["A"].height, self.grad_names["A"].height) + 0.14 + max(p.height for p in parts) + 0.28

        def width(*keys):
            mobs = [m for k in keys for m in (self.names[k], self.values[k], self.grads.get(k), self.grad_names.get(k))
                    if m is not None]
            return max(m.width for m in mobs) + 0.22

        w_a, w_v, w_l = width("A"), width("x", "b", "z", "a", "y"), width("L")
        gap = GAP * t.text_scale  # the edge labels grow with the text
        c1 = w_a / 2 + gap + w_v / 2
        c2 = c1 + w_v + gap
        c3 = c2 + w_v / 2 + gap + w_l / 2
        up = height + ROW_GAP
        spots = {"x": (0, up), "A": (0, 0), "b": (0, -up), "z": (c1, 0), "a": (c2, 0), "y": (c2, -up), "L": (c3, 0)}
        widths = {"A": w_a, "L": w_l}
        self.cards = {}
        for k in FORWARD:
            card = GraphNode(self.names[k], self.values[k], color=t.muted, width=widths.get(k, w_v), height=height)
            card.shift(np.array([*spots[k], 0.0]) - card.frame.get_center())
            self.cards[k] = card
        for k, card in self.cards.items():  # the backward contents sit where the forward ones do
            if k in self.grads:
                card.slot(self.grad_names[k], "name")
                card.slot(self.grads[k], "body")
        self.edges = {e: GraphEdge(self.cards[e[0]], self.cards[e[1]], color=t.muted) for e in EDGES}
        self.edge_labels = {}
        for e, tex in LOCAL.items():
            label = self.tex(tex, role="label", color=t.text)
            side = -1 if e == ("b", "z") else 1  # below the rising edge from b, clear of A's edge
            label.move_to(self.edges[e].label_spot(label, side=side, at=0.45))
            self.edge_labels[e] = label
        everything = VGroup(*self.cards.values(), *[m for m in self.grads.values()], *self.grad_names.values(),
                            *self.edges.values(), *self.edge_labels.values())
        self.fit(everything, self.graph_box)
        self.graph = everything

    # -- panel rows -------------------------------------------------------------------------------------

    def _panel(self, *rows):
        """The side panel's three lines in place of the ones before, always in one column: they
        read top to bottom, one step of the argument each."""
        group = VGroup(*rows)
        self.fit_rows(group, self.panel_box, buff=0.2, columns=1)
        old = getattr(self, "panel", None)
        self.play(*([Fade(old, into=False)] if old is not None else []), Fade(group), run_time=0.6)
        self.panel = group
        return group

    def _row(self, *tex, color=None):
        return self.tex(*tex, role="label", color=color)

    def _vector_tex(self, v, places) -> str:
        """``= (..)`` when every entry is written exactly, ``\\approx (..)`` when any is rounded."""
        parts = [rounding(x, places) for x in v]
        relation = "=" if all(r == "=" for r, _ in parts) else r"\approx"
        return relation + r" (" + r",\ ".join(text for _, text in parts) + ")"

    # -- beats ----------------------------------------------------------------------------------------

    def _frame_and_name(self, k):
        return VGroup(self.cards[k].frame, self.names[k])

    def _show_layer(self):
        self.play(Fade(self.title_mob), run_time=0.6)
        cards = [self._frame_and_name(k) for k in FORWARD]
        self.play(LaggedStart(*[Fade(c) for c in cards], lag_ratio=0.15), run_time=1.6)
        self.play(*[Create(e) for e in self.edges.values()], run_time=1.0)
        self._panel(self._row(r"z = A x + b"), self._row(r"a = \sigma(z) = 1/(1 + e^{-z})"),
                    self._row(r"L = \tfrac12\,\lVert a - y \rVert^2"))

    def _show_forward(self):
        self.play(*[Fade(self.values[k]) for k in ("x", "A", "b", "y")], run_time=0.8)
        for edges, k in ((EDGES[:3], "z"), (EDGES[3:4], "a"), (EDGES[4:], "L")):
            self.play(*self._flash(*edges), run_time=0.7)
            self.play(Fade(self.values[k]), run_time=0.5)
        relation, loss = rounding(self.g.loss, LOSS_PLACES)
        self._panel(self._row(r"z = A x + b", self._vector_tex(self.g.z, VALUE_PLACES)),
                    self._row(r"a = \sigma(z)" + self._vector_tex(self.g.a, VALUE_PLACES)),
                    self._row(rf"L {relation} {loss}"))

    def _show_local(self):
        self.play(LaggedStart(*[Fade(self.edge_labels[e]) for e in LOCAL], lag_ratio=0.3), run_time=1.8)
        g = self.g
        self._panel(
            self._row(r"\partial L/\partial a = a - y" + self._vector_tex(g.residual, GRAD_PLACES)),
            self._row(r"\sigma'(z) = a\,(1 - a)" + self._vector_tex(g.sigma_prime, GRAD_PLACES)),
            self._row(r"\partial z_i/\partial A_{ij} = x_j,\ \ \partial z/\partial x = A")
        )

    def _flip(self, keys, backward: bool = True):
        """Cross-fade cards between their forward values and their gradients."""
        out, into = [], []
        for k in keys:
            old = (self.names[k], self.values[k]) if backward else (self.grad_names[k], self.grads[k])
            new = (self.grad_names[k], self.grads[k]) if backward else (self.names[k], self.values[k])
            out += [Fade(m, into=False) for m in old]
            into += [Fade(m) for m in new]
        return out + into

    def _flash(self, *edges, backward: bool = False):
        """Light each edge from its start to its end (or back, for the backward pass crossing it)."""
        flashes = []
        for e in edges:
            arrow = self.edges[e].arrow
            ends = (arrow.get_end(), arrow.get_start()) if backward else (arrow.get_start(), arrow.get_end())
            line = Line(*ends).set_stroke(self.theme.highlight, width=7)
            flashes.append(ShowPassingFlash(line, time_width=0.6))
        return flashes

    def _flash_back(self, *edges):
        return self._flash(*edges, backward=True)

    def _show_backward(self):
        self.play(*self._flip(["L"]), run_time=0.6)
        self.play(*self._flash_back(("a", "L")), run_time=0.6)
        self.play(*self._flip(["a"]), run_time=0.6)
        self.play(*self._flash_back(("z", "a")), run_time=0.6)
        self.play(*self._flip(["z"]), run_time=0.6)
        self._panel(self._row(r"\delta = \partial L/\partial z = (a - y)\odot\sigma'(z)"),
                    self._row(r"\partial L/\partial b = \delta"),
                    self._row(r"\partial L/\partial x = A^{\mathsf T}\delta \ \ (\text{paths add})"))
        self.play(*self._flash_back(("b", "z"), ("x", "z")), run_time=0.7)
        self.play(*self._flip(["b", "x"]), run_time=0.7)
        self.wait(0.4)

    def _show_path(self):
        t, g, i, j = self.theme, self.g, self.i, self.j
        grid = self.grads["A"]
        for entry in grid.entries:  # written one by one below
            entry.body.set_fill(opacity=0)
        self.play(*self._flip(["A"]), run_time=0.6)
        self.path_marks = VGroup(
            SurroundingRectangle(self.grads["a"].entry(i), color=t.highlight, buff=0.06, stroke_width=3),
            SurroundingRectangle(self.grads["z"].entry(i), color=t.highlight, buff=0.06, stroke_width=3),
            SurroundingRectangle(grid.entry(i, j), color=t.highlight, buff=0.06, stroke_width=3),
        )
        path = [("A", "z"), ("z", "a"), ("a", "L")]
        r, s, xj = g.path(i, j)
        relation, product = rounding(self.slope, digits=3)  # significant figures: a small sigma' keeps its digits
        factors = [rounding(v, digits=3) for v in (r, s, xj)]
        shown = [text for _, text in factors]
        equal = "=" if all(rel == "=" for rel, _ in factors) else r"\approx"
        self._panel(
            self._row(rf"\partial L/\partial A_{{{i + 1}{j + 1}}} = (a_{i + 1} - y_{i + 1})\,"
                      rf"\sigma'(z_{i + 1})\,x_{j + 1}"),
            self._row(rf"{equal} ({shown[0]})\,({shown[1]})\,({shown[2]})"),
            self._row(rf"{relation} {product}", color=t.truth)
        )
        self.play(*[self.edges[e].arrow.animate.set_color(t.highlight).set_stroke(width=5) for e in path],
                  *[Create(m) for m in self.path_marks], run_time=0.8)
        self.play(*self._flash_back(*path[::-1]), run_time=0.8)
        entry = grid.entry(i, j)
        self.play(entry.body.animate.set_fill(opacity=1), run_time=0.5)
        others = [e for e in grid.entries if e is not entry]
        self.play(LaggedStart(*[e.body.animate.set_fill(opacity=1) for e in others], lag_ratio=0.4), run_time=1.5)

    def _show_nudge(self):
        t, i, j = self.theme, self.i, self.j
        self.play(*self._flip(["x", "A", "b", "z", "a", "L"], backward=False),
                  Fade(self.path_marks[:2], into=False), run_time=0.8)
        mark = SurroundingRectangle(self.values["A"].entry(i, j), color=t.highlight, buff=0.06, stroke_width=3)
        self.play(Fade(self.path_marks[2], into=False), Create(mark), run_time=0.5)
        self.nudge_mark = mark
        old = float(self.A[i, j])
        new = old + self.h
        arrow = rf"A_{{{i + 1}{j + 1}}}:\ {format_number(old, 2, trim=True, style='tex')} \to " \
                rf"{format_number(new, 4, trim=True, style='tex')}"
        self.delta_readout = self.number(0.0, decimals=self.change_places, color=t.estimate,
                                         widest=-abs(self.change) - 10 ** -self.change_places)
        delta_row = self.readout_row(r"\Delta L \approx", self.delta_readout, r"\ \text{measured}", color=t.estimate)
        relation, predicted = rounding(self.predicted, digits=3)
        self._panel(self._row(arrow),
                        delta_row,
                    self._row(rf"\partial L/\partial A_{{{i + 1}{j + 1}}}\cdot h {relation} {predicted}",
                                  color=t.truth),
                        )
        tracker = ValueTracker(0.0)
        L0 = self.g.loss

        def follow(_):
            w = tracker.get_value()
            now = self.after if w >= self.h else self.layer_at(w)
            change = self.change if w >= self.h else now.loss - L0
            self.values["A"].set_values(now.A)
            self.values["z"].set_values(now.z.reshape(-1, 1))
            self.values["a"].set_values(now.a.reshape(-1, 1))
            self.values["L"].set_value(now.loss)
            delta_row.set_values(change)

        live = VGroup(self.values["A"], self.values["z"], self.values["a"], self.values["L"], delta_row)
        live.add_updater(follow)
        self.add(live)
        self.play(tracker.animate.set_value(self.h), run_time=2.5)
        live.clear_updaters()
        follow(None)
        self.play(Indicate(delta_row, color=t.estimate, scale_factor=1.05), run_time=0.8)

    def _show_summary(self):
        t = self.theme
        self.play(Fade(self.nudge_mark, into=False),
                  *[e.arrow.animate.set_color(t.muted).set_stroke(width=3) for e in self.edges.values()],
                  run_time=0.6)
        self._panel(self._row(r"\text{forward: values, left to right}"),
                    self._row(r"\text{backward: gradients, right to left}"),
                    self._row(r"\text{multiply along a path, add over paths}"))
        self.play(*self._flash_back(*EDGES[:5]), run_time=0.9)
        self.play(*self._flip(["x", "A", "b", "z", "a", "L"]), run_time=0.8)
        self.wait(0.5)
