"""Judging figures: numbers in any form, ranges, and the tolerance of an approximate figure."""

from __future__ import annotations

from quizgen.language.english import format_figure
from quizgen.language.typed_numbers import parse_number
from quizgen.model.facts import FigureFact, FigureValue
from quizgen.quiz.answers.grades import Grade, Judged

__all__ = ["APPROXIMATE_TOLERANCE", "figure_matches", "judge_figure"]

APPROXIMATE_TOLERANCE = 0.05
"""How far (relative) a reply may stray from an approximate figure and still be correct."""


def _tolerance(value: float, approximate: bool) -> float:
    return abs(value) * (APPROXIMATE_TOLERANCE if approximate else 1e-9)


def figure_matches(fact: FigureFact, reply: FigureValue) -> bool:
    """Return whether a reply's number or range would be judged correct for the figure."""
    low, high = fact.value.low, fact.value.high
    lowest = low - _tolerance(low, fact.approximate)
    highest = high + _tolerance(high, fact.approximate)
    return lowest <= reply.low and reply.high <= highest


def judge_figure(fact: FigureFact, reply: str) -> Judged:
    """Judge a typed number or range against the figure."""
    written = format_figure(fact.value, fact.unit, approximate=fact.approximate)
    said = parse_number(reply, fact.unit)
    if said is None:
        return Grade.WRONG, f"I could not read a number there; the answer is {written}."
    low, high = fact.value.low, fact.value.high
    if figure_matches(fact, said):
        exact = said.low == low and said.high == high
        inside = fact.value.is_range and not said.is_range
        if exact or inside or said.is_range:
            return Grade.CORRECT, "Correct."
        return Grade.CORRECT, f"Close enough: it was {written}."
    if said.is_range and said.low <= high and low <= said.high:
        if fact.value.is_range:
            return Grade.PARTIAL, f"Your range overlaps it: it was {written}."
        return Grade.PARTIAL, f"Your range holds it, but it was {written}."
    middle = (said.low + said.high) / 2
    if low > 0 and low * 0.8 <= middle <= high * 1.25:
        return Grade.WRONG, f"Close, but it was {written}."
    return Grade.WRONG, f"Wrong: it was {written}."
