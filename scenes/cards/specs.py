"""The title card: ids, title and parameters. No manim import.

Hidden: a lecture renders it (with the lecture's quality, theme and aspect, so
its video stream matches the scenes it is joined to) before each chapter; it is
not a concept of the roadmap, so ``mathviz list`` and ``render --all`` skip it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from mathviz.kit import declare

TITLE_MAX = 60
SUBTITLE_MAX = 90


def _check_text(name: str, value: str, longest: int, required: bool) -> None:
    """One line of printable text, at most ``longest`` characters.

    >>> _check_text("title", "Linear algebra", 60, True)
    >>> _check_text("title", "  ", 60, True)
    Traceback (most recent call last):
    ...
    ValueError: parameter title must not be empty: give the text to show, like title='Calculus'
    >>> _check_text("subtitle", "two\\nlines", 90, False)
    Traceback (most recent call last):
    ...
    ValueError: parameter subtitle must be one line of printable text (no tabs, newlines or control characters)
    """
    if required and not value.strip():
        raise ValueError(f"parameter {name} must not be empty: give the text to show, like {name}='Calculus'")
    if any(unicodedata.category(ch).startswith("C") for ch in value):
        raise ValueError(f"parameter {name} must be one line of printable text "
                         "(no tabs, newlines or control characters)")
    if len(value) > longest:
        raise ValueError(f"parameter {name} has {len(value)} characters; at most {longest} fit on a card")


@dataclass(frozen=True)
class TitleCardParams:
    title: str = field(default="mathviz", metadata={"mathviz": {"kind": "text", "help": "the big line"}})
    subtitle: str = field(default="", metadata={"mathviz": {"kind": "text", "help": "the smaller line below it"}})

    def validate(self) -> None:
        _check_text("title", self.title, TITLE_MAX, required=True)
        _check_text("subtitle", self.subtitle, SUBTITLE_MAX, required=False)


TITLE_CARD = declare(
    "title-card",
    title="Title card",
    chapter="cards",
    module="scenes.cards.title_card",
    cls="TitleCard",
    params=TitleCardParams,
    summary="A short card with a title and a subtitle: lectures put one before each chapter.",
    hidden=True,
)
