"""Reading and judging a reply that names a decade or a century: "the 1040s", "15th century"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from quizgen.language.english import format_date_spec
from quizgen.language.fold import fold
from quizgen.model.facts import DateSpec
from quizgen.quiz.answers.grades import Grade, Judged

__all__ = ["Period", "judge_period", "period_readings"]

_ORDINALS = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth",
]  # fmt: skip
_ORDINAL_WORDS = {word: number for number, word in enumerate(_ORDINALS, start=1)}
_ORDINAL_WORDS["twenty first"] = 21

_SOFTENER = r"(?:(?:early|mid|late) )?"
_ERA = r"(?:\s*(?P<era>ad|ce|bce|bc))?"
_DECADE = re.compile(rf"^(?:the\s+)?{_SOFTENER}(?P<tens>\d{{2,3}})0\s*'?s{_ERA}$")
_CENTURY = re.compile(
    rf"^(?:the\s+)?{_SOFTENER}(?P<number>\d{{1,2}}|[a-z]+(?: first)?)(?:st|nd|rd|th)?"
    rf" (?:century|cent|c){_ERA}$"
)


@dataclass(frozen=True)
class Period:
    """A decade or century named in a reply: its years (negative BC) and what it is called."""

    first: int
    last: int
    unit: str
    name: str

    def holds(self, year: int) -> bool:
        """Return whether a year falls in the period."""
        return self.first <= year <= self.last


def period_readings(reply: str) -> tuple[Period, ...]:
    """Return the periods a reply may name: "the 1400s" is both a decade and a century.

    A century takes the years of both ways of counting it, so "the 15th century" holds 1400
    and 1500 alike; "early", "mid" and "late" are read as the whole period.
    """
    text = re.sub(r"[.,]", "", fold(reply)).strip()
    text = re.sub(r"[\s-]+", " ", text)
    decade = _DECADE.match(text)
    if decade:
        start = int(decade["tens"]) * 10
        bc = decade["era"] in ("bc", "bce")
        readings = [_span(start, 9, bc, "decade", f"the {start}s")]
        if start % 100 == 0:
            readings.append(_span(start, 99, bc, "century", f"the {start}s"))
        return tuple(readings)
    century = _CENTURY.match(text)
    if century:
        word = century["number"]
        number = int(word) if word.isdigit() else _ORDINAL_WORDS.get(word, 0)
        if not 1 <= number <= 21:
            return ()
        bc = century["era"] in ("bc", "bce")
        name = f"the {number}{_suffix(number)} century"
        return (_span((number - 1) * 100, 100, bc, "century", name),)
    return ()


def _span(start: int, length: int, bc: bool, unit: str, name: str) -> Period:
    """Return the period of years `start` to `start + length`, counted back from 1 BC if BC."""
    if bc:
        return Period(-(start + length) or -1, -start or -1, unit, f"{name} BC")
    return Period(max(start, 1), start + length, unit, name)


def _suffix(number: int) -> str:
    if number % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def judge_period(fact: DateSpec, approximate: bool, period: Period) -> Judged:
    """Judge a decade or century against a date or interval; every message says what is true.

    A decade that holds an approximate date is close enough; otherwise a period that holds
    the date is partly right, as is one that overlaps an interval.
    """
    written = format_date_spec(fact)
    first, last = fact.start.year, (fact.end or fact.start).year
    around = "around " if approximate else ""
    if fact.end is None or fact.end == fact.start:
        if not period.holds(first):
            return Grade.WRONG, f"Wrong: it was {around}{written}."
        if approximate and period.unit == "decade":
            return Grade.CORRECT, f"Close enough: the date is approximate, around {written}."
        return Grade.PARTIAL, f"Right {period.unit}; it was {around}{written}."
    ran = f"it ran {'roughly ' if approximate else ''}from {written}"
    if period.holds(first) and period.holds(last):
        if approximate and period.unit == "decade":
            return Grade.CORRECT, f"Close enough: {ran}."
        return Grade.PARTIAL, f"Right {period.unit}; {ran}."
    if first <= period.first and period.last <= last:
        return Grade.PARTIAL, f"{period.name[0].upper()}{period.name[1:]} fell within it; {ran}."
    if period.first <= last and first <= period.last:
        return Grade.PARTIAL, f"Only part of it fell in {period.name}; {ran}."
    return Grade.WRONG, f"Wrong: {ran}."
