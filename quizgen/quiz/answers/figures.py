"""Judging figures: numbers in any form, ranges, scales carried by the unit, sensible rounding,
and the tolerance of an approximate figure."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from quizgen.language.english import format_figure
from quizgen.language.fold import fold
from quizgen.language.typed_numbers import parse_number
from quizgen.model.facts import FigureFact, FigureValue
from quizgen.quiz.answers.grades import Grade, Judged, best

__all__ = ["APPROXIMATE_TOLERANCE", "ROUNDING_TOLERANCE", "judge_figure"]

APPROXIMATE_TOLERANCE = 0.05
"""How far (relative) a reply may stray from an approximate figure and still be correct."""

ROUNDING_TOLERANCE = 0.02
"""How far (relative) a rounded reply may stray from an exact figure and be almost right."""

_UNIT_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
"""Scale words a unit may start with ("billion US dollars"): the figure counts in them."""


def _tolerance(value: float, approximate: bool) -> float:
    return abs(value) * (APPROXIMATE_TOLERANCE if approximate else 1e-9)


def _matches(fact: FigureFact, value: FigureValue, reply: FigureValue) -> bool:
    lowest = value.low - _tolerance(value.low, fact.approximate)
    highest = value.high + _tolerance(value.high, fact.approximate)
    return lowest <= reply.low and reply.high <= highest


def _readings(fact: FigureFact) -> list[FigureValue]:
    """Return the figure as counted in its unit and, when the unit carries a scale
    ("billion US dollars"), as a plain number too: 25.4 and 25,400,000,000."""
    words = fold(fact.unit).split()
    scale = _UNIT_SCALES.get(words[0]) if words else None
    if scale is None:
        return [fact.value]
    scaled = FigureValue(fact.value.low * scale, fact.value.high * scale)
    return [fact.value, scaled]


def judge_figure(fact: FigureFact, reply: str) -> Judged:
    """Judge a typed number or range against the figure."""
    written = format_figure(fact.value, fact.unit, approximate=fact.approximate)
    said = parse_number(reply, fact.unit)
    if said is None:
        return Grade.WRONG, f"I could not read a number there; the answer is {written}."
    return best(_judge_value(fact, value, said, written) for value in _readings(fact))


def _judge_value(fact: FigureFact, value: FigureValue, said: FigureValue, written: str) -> Judged:
    low, high = value.low, value.high
    if _matches(fact, value, said):
        exact = said.low == low and said.high == high
        inside = value.is_range and not said.is_range
        if exact or inside or said.is_range:
            return Grade.CORRECT, "Correct."
        return Grade.CORRECT, f"Close enough: it was {written}."
    if said.is_range and said.low <= high and low <= said.high:
        if value.is_range:
            return Grade.PARTIAL, f"Your range overlaps it: it was {written}."
        return Grade.PARTIAL, f"Your range holds it, but it was {written}."
    if not value.is_range and not said.is_range and _rounded(float(low), float(said.low)):
        return Grade.ALMOST, f"Almost: it was {written}."
    middle = (said.low + said.high) / 2
    if low > 0 and low * 0.8 <= middle <= high * 1.25:
        return Grade.WRONG, f"Close, but it was {written}."
    return Grade.WRONG, f"Wrong: it was {written}."


def _rounded(exact: float, reply: float) -> bool:
    """Return whether `reply` is `exact` sensibly rounded: to two significant digits or
    more, and within `ROUNDING_TOLERANCE` ("111" for 110.6, not "200,000" for 225,000)."""
    if not exact or not reply or not math.isfinite(reply):
        return False
    if abs(reply - exact) > abs(exact) * ROUNDING_TOLERANCE:
        return False
    digits = max(len(Decimal(repr(reply)).normalize().as_tuple().digits), 2)
    places = digits - 1 - math.floor(math.log10(abs(exact)))
    step = Decimal(1).scaleb(-places)
    rounded = Decimal(repr(exact)).quantize(step, rounding=ROUND_HALF_UP)
    return math.isclose(float(rounded), reply, rel_tol=1e-9)
