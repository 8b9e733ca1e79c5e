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


# -- expected-value (issue 16) ----------------------------------------------------------------

from mathviz.kit import numbers  # noqa: E402
from mathviz.core.probability import check_distribution as _ev_check_distribution  # noqa: E402

EV_MAX_OUTCOME = 1e6  # an outcome's size; the beam draws every outcome on one scale
EV_MAX_OUTCOMES = 6
EV_MIN_GAP = 1 / 8  # outcomes closer than this share of their range cannot be told apart on the beam


@dataclass(frozen=True)
class ExpectedValueParams:
    values: tuple = numbers((100.0, -200.0), min_len=2, max_len=EV_MAX_OUTCOMES, low=-EV_MAX_OUTCOME,
                            high=EV_MAX_OUTCOME,
                            help="the game's outcomes (what a round pays; negative: a loss), all different")
    probabilities: tuple = numbers((1 / 3, 2 / 3), min_len=2, max_len=EV_MAX_OUTCOMES, low=0.0, high=1.0,
                                   help="the chance of each outcome, in the same order; they sum to 1")

    def validate(self) -> None:
        _ev_check_distribution(self.values, self.probabilities)  # its messages name both parameters
        ordered = sorted(self.values)
        span = ordered[-1] - ordered[0]
        gaps = [b - a for a, b in zip(ordered, ordered[1:])]
        if min(gaps) == 0:
            raise ValueError("parameter values: every outcome must be different (merge equal ones and add "
                             "their probabilities)")
        if span < 1e-6 * max(abs(ordered[0]), abs(ordered[-1])) or span < 1e-9:
            raise ValueError("parameter values: the outcomes are too close together to draw apart; "
                             "spread them out")
        if min(gaps) < EV_MIN_GAP * span:
            raise ValueError(f"parameter values: outcomes closer than 1/{round(1 / EV_MIN_GAP)} of their range "
                             "cannot be told apart on the beam; spread them out")


EXPECTED_VALUE = declare(
    "expected-value",
    title="Expected value",
    chapter="probability",
    module="scenes.probability.expected_value",
    cls="ExpectedValue",
    params=ExpectedValueParams,
    summary="Outcomes as weights on a beam balance at the expected value; for a density the sum becomes "
            "an integral, and a skewed density's mean lies past its median.",
)


# -- central-limit -------------------------------------------------------------------------------
from mathviz.kit import numbers as _numbers  # noqa: E402

CLT_MAX_N = 60


@dataclass(frozen=True)
class CentralLimitParams:
    n: int = integer(30, low=5, high=CLT_MAX_N, help="the most draws summed (the counter stops at 1, 2, 3, 5, 10 "
                                                       "and n)")
    lopsided: tuple = _numbers((0.5, 0.2, 0.1, 0.08, 0.07, 0.05), min_len=2, max_len=6, low=0.0, high=1.0,
                               help="the chances of faces 1, 2, ... of a lopsided die; they sum to 1")

    def validate(self) -> None:
        total = sum(self.lopsided)
        if abs(total - 1.0) > 1e-9:
            raise ValueError(f"parameter lopsided: the chances must sum to 1, got {total:.10g}; "
                             "scale them so they add up to 1")
        if sum(p > 0 for p in self.lopsided) < 2:
            raise ValueError("parameter lopsided: at least two faces need a chance above 0 "
                             "(a die that always shows one face has no spread to standardise)")


CENTRAL_LIMIT = declare(
    "central-limit",
    title="The central limit theorem",
    chapter="probability",
    module="scenes.probability.central_limit",
    cls="CentralLimit",
    params=CentralLimitParams,
    summary="A tour of common distributions with mean and sigma; the exact distribution of a sum of n dice, coins "
            "and a lopsided die, standardised, closes in on the normal curve.",
)


# -- entropy (issue 16) -----------------------------------------------------------------------------

from mathviz.core.information import check_distribution  # noqa: E402
from mathviz.kit import numbers  # noqa: E402

ENTROPY_MAX_SIZE = 32
ENTROPY_DISTRIBUTIONS = ("uniform", "poisson", "custom")


@dataclass(frozen=True)
class EntropyParams:
    distribution: str = choice("poisson", ENTROPY_DISTRIBUTIONS,
                               help="how the secret number is picked: uniform, poisson (a count plus one) or "
                                    "custom (your probabilities)")
    size: int = integer(16, low=2, high=ENTROPY_MAX_SIZE,
                        help="the numbers run from 1 to size (uniform and poisson)")
    rate: float = number(3.0, positive=True, high=50.0,
                         help="poisson: the number is 1 + a Poisson count with this rate, cut at size")
    probabilities: tuple = numbers((0.5, 0.25, 0.125, 0.125), min_len=2, max_len=ENTROPY_MAX_SIZE, low=0.0,
                                   high=1.0, help="custom: P(1), P(2), ... summing to 1")

    def validate(self) -> None:
        default = type(self).__dataclass_fields__["probabilities"].default
        if self.distribution != "custom" and self.probabilities != default:
            raise ValueError("parameter probabilities is used only with distribution=custom: "
                             "add -p distribution=custom")
        if self.distribution == "custom":
            try:
                check_distribution(self.probabilities, "probabilities")
            except ValueError as err:
                raise ValueError(f"parameter {err}") from None


ENTROPY = declare(
    "entropy",
    title="Entropy: the questions a guess needs",
    chapter="probability",
    module="scenes.probability.entropy",
    cls="Entropy",
    params=EntropyParams,
    summary="Guess a number by yes/no questions: halving, then an optimal (Huffman) plan for a skewed "
            "distribution; entropy is the average question count, log2 n for the uniform, 0 for a certainty.",
)


# -- bayes (issue 16) -------------------------------------------------------------------------------
BAYES_MAX_FLIPS = 400  # noqa: E305


@dataclass(frozen=True)
class BayesParams:
    prevalence: float = number(0.01, low=0.001, high=0.999,
                               help="share of the population with the condition, P(D)")
    sensitivity: float = number(0.9, low=0.01, high=1.0,
                                help="share of those with the condition who test positive, P(+ | D)")
    false_positive_rate: float = number(0.05, low=0.0, high=1.0,
                                        help="share of those without it who test positive anyway, P(+ | not D)")
    bias: float = number(0.7, low=0.0, high=1.0, help="the coin's true probability of heads")
    flips: int = integer(60, low=1, high=BAYES_MAX_FLIPS, help="coin flips that update the Beta prior")
    seed: int = integer(0, low=0, high=2**32 - 1, help="seed of the coin flips")


BAYES = declare(
    "bayes",
    title="Bayes' theorem",
    chapter="probability",
    module="scenes.probability.bayes",
    cls="Bayes",
    params=BayesParams,
    summary="A positive test keeps two slivers of the population; the posterior is one over their sum. "
            "Then a Beta prior on a coin's bias narrows flip by flip around the truth.",
)


# -- cross-entropy-kl (issue 16) --------------------------------------------------------------------

CROSS_ENTROPY_MAX_CLASSES = 8


@dataclass(frozen=True)
class CrossEntropyKlParams:
    p: tuple = numbers((0.6, 0.3, 0.1), min_len=2, max_len=CROSS_ENTROPY_MAX_CLASSES, low=0.0, high=1.0,
                       help="the true distribution P over the classes, summing to 1")
    q: tuple = numbers((0.2, 0.3, 0.5), min_len=2, max_len=CROSS_ENTROPY_MAX_CLASSES, low=0.0, high=1.0,
                       help="the prediction Q, as many entries as p, summing to 1")
    true_class: int = integer(1, low=1, high=CROSS_ENTROPY_MAX_CLASSES,
                              help="the class of the one-hot example in the last beat (1 = first)")

    def validate(self) -> None:
        for name in ("p", "q"):
            values = getattr(self, name)
            try:
                check_distribution(values, name)
            except ValueError as err:
                raise ValueError(f"parameter {err}") from None
            if min(values) <= 0:
                shown = "a zero prediction" if name == "q" else "a one-hot truth"
                raise ValueError(f"parameter {name}: every entry must be above 0 (the scene shows {shown} "
                                 "itself), got " + ", ".join(f"{v:g}" for v in values))
        if len(self.p) != len(self.q):
            raise ValueError(f"parameters p and q must have the same number of classes, got {len(self.p)} "
                             f"and {len(self.q)}")
        if self.true_class > len(self.p):
            raise ValueError(f"parameter true_class = {self.true_class} must be at most the number of "
                             f"classes, {len(self.p)}")


CROSS_ENTROPY_KL = declare(
    "cross-entropy-kl",
    title="Cross-entropy and KL divergence",
    chapter="probability",
    module="scenes.probability.cross_entropy_kl",
    cls="CrossEntropyKl",
    params=CrossEntropyKlParams,
    summary="A truth P and a prediction Q as bars; H(P, Q) = H(P) + KL(P||Q) as stacked lengths; KL is zero "
            "only at Q = P, not symmetric, infinite where Q rules out what P allows; with a one-hot P, the "
            "classification loss -log q(true class).",
)
