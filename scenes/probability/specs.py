"""Probability scenes: ids, titles and parameters. No manim import."""

from __future__ import annotations

from dataclasses import dataclass

from mathviz.kit import choice, declare, integer, number
from mathviz.core.probability import DISTRIBUTIONS

MAX_N = 100_000
MAX_RUNS = 100


@dataclass(frozen=True)
class LawOfLargeNumbersParams:
    distribution: str = choice("die", tuple(DISTRIBUTIONS),
                               help="coin (heads 1, tails 0), die (faces 1-6) or dice-game (+100 on 5-6, else -200)")
    n: int = integer(10_000, low=10, high=MAX_N, help="repetitions per run (the log axis goes up to n)")
    runs: int = integer(20, low=1, high=MAX_RUNS, help="independent runs drawn together")
    seed: int = integer(0, low=0, high=2**32 - 1, help="seed of the random draws")
    z: float = number(2.0, low=0.5, high=4.0, help="half-width of the band in standard errors")


LAW_OF_LARGE_NUMBERS = declare(
    "law-of-large-numbers",
    title="The law of large numbers",
    chapter="probability",
    module="scenes.probability.law_of_large_numbers",
    cls="LawOfLargeNumbers",
    params=LawOfLargeNumbersParams,
    summary="Running means of many seeded runs settle on the expected value inside a z*sigma/sqrt(n) band; "
            "the dice game loses 100 per round on average.",
)
