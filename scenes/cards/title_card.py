"""A title card: a big line, a rule and a smaller line, faded in and out in about three seconds.

It starts and ends on the empty background, so the scene after it begins the
way it would on its own. Render with its defaults, as plain manim::

    manim -ql scenes/cards/title_card.py TitleCard
"""

from __future__ import annotations

from manim import DOWN, UP, FadeIn, FadeOut, GrowFromCenter, Line, VGroup

from mathviz.kit import MathvizScene
from scenes.cards.specs import TitleCardParams

TITLE_SCALE = 1.5  # the card's title is larger than a scene's title


class TitleCard(MathvizScene):
    Params = TitleCardParams
    title = "Title card"

    def construct(self):
        p = self.params
        narration = f"{p.title.strip()}: {p.subtitle.strip()}" if p.subtitle.strip() else p.title.strip()
        self.beat("card", narration)
        self.card = self._build_card()
        self._show_card()

    def _build_card(self) -> VGroup:
        t = self.theme
        self.heading = self.text(self.params.title.strip(), "title")
        self.heading.scale(TITLE_SCALE)
        lines = [self.heading]
        if self.params.subtitle.strip():
            self.subheading = self.text(self.params.subtitle.strip(), "body", color=t.muted)
            lines.append(self.subheading)
        width = max(m.width for m in lines)
        self.rule = Line([-width / 2, 0, 0], [width / 2, 0, 0],
                         color=t.highlight, stroke_width=t.stroke)
        card = VGroup(self.heading, self.rule, *lines[1:]).arrange(DOWN, buff=0.35)
        return self.fit(card, self.content_box(top_reserve=0.0))

    def _show_card(self):
        rest = [FadeIn(m, shift=0.2 * UP) for m in self.card[2:]]
        self.play(FadeIn(self.heading, shift=0.3 * UP), run_time=0.8)
        self.play(GrowFromCenter(self.rule), *rest, run_time=0.7)
        self.wait(1.3)
        # held while it can be read (a long title, a voice saying it), not after it has gone
        self.hold_for_reading()
        self.play(FadeOut(self.card), run_time=0.6)
