"""Hidden test scenes: tiny, quick to render, one of them broken on purpose. No manim import.

They exist for the batch engine's tests (parallel renders, cache, failures,
TeX races); ``hidden=True`` keeps them out of ``mathviz list`` and ``--all``.
"""

from __future__ import annotations

from dataclasses import dataclass

from mathviz.kit import declare, integer


@dataclass(frozen=True)
class TinyParams:
    n: int = integer(3, low=1, high=12, help="how many dots")


@dataclass(frozen=True)
class FormulasParams:
    count: int = integer(6, low=1, high=40, help="how many formulas")
    start: int = integer(1, low=0, high=10_000, help="the first upper limit of the sums")


@dataclass(frozen=True)
class BrokenParams:
    pass


TINY = declare("test-tiny", title="Tiny test scene", chapter="testing", module="scenes.testing.tiny",
               cls="Tiny", params=TinyParams, summary="A one-second scene for pipeline tests.",
               hidden=True)
FORMULAS = declare("test-formulas", title="Formula-heavy test scene", chapter="testing",
                   module="scenes.testing.formulas", cls="Formulas", params=FormulasParams,
                   summary="Many LaTeX formulas in a second or two: stresses the TeX cache.",
                   hidden=True)
BROKEN = declare("test-broken", title="Broken test scene", chapter="testing",
                 module="scenes.testing.broken", cls="Broken", params=BrokenParams,
                 summary="Raises in construct, on purpose: one failure must not stop a batch.",
                 hidden=True)
