"""Multiple-choice options: the right answer among plausible wrong ones.

`index` draws wrong options from the quiz's own facts; `made` makes them up when the facts
are too few; `picking` holds the ways of drawing (nearest, most alike, a seeded sample).
"""

from __future__ import annotations

from quizgen.quiz.distractors.index import Choices, DistractorIndex, choices

__all__ = ["Choices", "DistractorIndex", "choices"]
