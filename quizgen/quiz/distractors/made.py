"""Made-up wrong options: nearby dates, a figure scaled by plausible factors, a retitled title.

Used when a quiz's own facts are too few to supply wrong options of the right shape.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal

from quizgen.model.facts import DateSpec, FigureFact, FigureValue, Number, PartialDate, Precision

FACTORS = (0.5, 2.0, 0.75, 1.5, 0.8, 1.25, 3.0, 1 / 3, 0.6, 1.4, 4.0, 0.25, 10.0, 0.1)
"""Plausible wrong sizes for a figure, as multiples of the right one."""


def month_index(date: PartialDate) -> int:
    return date.year * 12 + (date.month or 1) - 1


def coarsen(date: PartialDate, precision: Precision) -> PartialDate | None:
    """Return the date at a lower precision, or None when it is less precise than asked."""
    if date.precision < precision:
        return None
    if precision is Precision.YEAR:
        return PartialDate(date.year)
    if precision is Precision.MONTH:
        return PartialDate(date.year, date.month)
    return date


def shift(date: PartialDate, steps: int) -> PartialDate | None:
    """Move a date by `steps` units of its own precision (years, months or days)."""
    try:
        if date.precision is Precision.YEAR:
            return PartialDate(date.year + steps)
        if date.precision is Precision.MONTH:
            index = month_index(date) + steps
            return PartialDate(index // 12, index % 12 + 1)
        day = date.first_day().toordinal() + steps
        return PartialDate.from_date(date.first_day().fromordinal(day))
    except (ValueError, OverflowError):
        return None


def sig_round(value: float, like: Number) -> Number:
    """Round `value` to the significant digits of `like` (at least two), and to its kind."""
    if value == 0 or not math.isfinite(value):
        return 0
    digits = len(Decimal(repr(like)).normalize().as_tuple().digits) if like else 1
    places = max(digits, 2) - 1 - math.floor(math.log10(abs(value)))
    rounded = round(value, places)
    if isinstance(like, int) or float(rounded).is_integer():
        return round(rounded)
    return float(rounded)


AGREEMENT_NOUNS = ("Treaty", "Agreement", "Accord", "Protocol", "Pact", "Convention")


def retitled(title: str) -> list[str]:
    """Return the title with its kind of agreement swapped: "Treaty of X" -> "Accord of X"."""
    words = title.split()
    made = []
    for position, word in enumerate(words):
        if word.capitalize() in AGREEMENT_NOUNS:
            for noun in AGREEMENT_NOUNS:
                if noun != word.capitalize():
                    noun = noun if word[0].isupper() else noun.lower()  # "IT ... agreement"
                    made.append(" ".join([*words[:position], noun, *words[position + 1 :]]))
            break
    return made


Shape = tuple[Precision, Precision | None]


def shape(spec: DateSpec) -> Shape:
    """Return the precisions of a date's ends: what a wrong option must share with it."""
    return spec.start.precision, spec.end.precision if spec.end is not None else None


def coarsenings(spec: DateSpec) -> list[DateSpec]:
    """Return the date at its own precision and at every coarser one."""
    made: list[DateSpec] = []
    for precision in Precision:
        start = coarsen(spec.start, precision)
        if start is None:
            continue
        if spec.end is None:
            made.append(DateSpec(start))
            continue
        for end_precision in Precision:
            end = coarsen(spec.end, end_precision)
            if end is not None and start.first_day() <= end.last_day():
                made.append(DateSpec(start, end))
    return made


def shift_years(date: PartialDate, years: int) -> PartialDate | None:
    """Move a date by whole years, keeping its month and day (29 February becomes the 28th)."""
    year = date.year + years
    if not 1 <= year <= 9999:
        return None
    day = date.day
    if day is not None and date.month == 2 and day == 29:
        day = 28
    return PartialDate(year, date.month, day)


def shifted_specs(spec: DateSpec, approximate: bool) -> list[DateSpec]:
    """Return made-up dates near the answer at its precision, nearest first.

    An approximate date is moved by whole years beyond its tolerance of one year.
    """
    made: list[DateSpec] = []
    move: Callable[[PartialDate, int], PartialDate | None] = shift
    if approximate:
        move, steps = shift_years, [2, -2, 3, -3, 5, -5, 4, -4, 10, -10]
    else:
        steps = [1, -1, 2, -2, 3, -3, 5, -5, 4, -4, 10, -10]
        if spec.start.precision is Precision.MONTH:
            steps = [1, -1, 2, -2, 3, -3, 12, -12, 24, -24, 6, -6]
        elif spec.start.precision is Precision.DAY:
            steps = [1, -1, 7, -7, 30, -30, 365, -365, 3, -3, 14, -14]
    for step in steps:
        start = move(spec.start, step)
        if start is None:
            continue
        if spec.end is None:
            made.append(DateSpec(start))
            continue
        end = move(spec.end, step)
        for first, last in ((start, end), (spec.start, end)):
            if last is None:
                continue
            try:
                made.append(DateSpec(first, last))
            except ValueError:
                continue
    return list(dict.fromkeys(made))


def scaled_values(fact: FigureFact) -> list[FigureValue]:
    """Return the figure scaled by plausible factors, rounded like it, nearest first."""
    percent = fact.unit.strip().casefold() in ("percent", "per cent", "%")
    percent = percent and fact.value.high <= 100
    made: list[FigureValue] = []
    for factor in FACTORS:
        low = sig_round(fact.value.low * factor, fact.value.low)
        high = sig_round(fact.value.high * factor, fact.value.high)
        if percent and high > 100:
            continue
        value = FigureValue(low, high)
        if high <= 1 and fact.value.high > 1:
            continue  # "1 rounds" would give itself away
        if value != fact.value and low <= high and value.is_range == fact.value.is_range:
            made.append(value)
    return list(dict.fromkeys(made))
