"""Read dates the way a person types them: `Oct 2013`, `21/5/2014`, `May to June 2014`.

Nothing here raises on odd text: what cannot be read gives no readings, so a quiz can judge
any reply.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from quizgen.language.english import MONTHS
from quizgen.language.fold import fold
from quizgen.model.dates import DateSpec, PartialDate

_MONTHS = {name.lower(): number for number, name in enumerate(MONTHS, start=1)}
_MONTH_WORDS = dict(_MONTHS)
_MONTH_WORDS.update({name[:3]: number for name, number in _MONTHS.items()})
_MONTH_WORDS.update({"sept": 9})

_INTERVAL_SPLIT = re.compile(
    r"\s+(?:-|to|until|till|through|thru|and)\s+"
    r"|(?<=\d{4})\s*(?:-|/)\s*(?=\d{4}(?!\d))"
    r"|(?<=[a-z])-(?=[a-z0-9])|(?<=\d)-(?=[a-z])"
)


def _single_readings(text: str) -> list[PartialDate]:
    """Return every calendar reading of one date written by a person."""
    text = re.sub(r"(\d+)(?:st|nd|rd|th)\b", r"\1", text)
    bc = re.fullmatch(r"-(\d{1,4})|(\d{1,4}) ?bce?", text)
    if bc:
        return _valid([(-int(bc[1] or bc[2]), None, None)])
    iso = re.fullmatch(r"(\d{4})[-./](\d{1,2})(?:[-./](\d{1,2}))?", text)
    if iso:
        return _valid([(int(iso[1]), int(iso[2]), int(iso[3]) if iso[3] else None)])
    numeric = re.fullmatch(r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})", text)
    if numeric:
        first, second, whole_year = (int(g) for g in numeric.groups())
        readings = [(whole_year, second, first)]
        if first != second:
            readings.append((whole_year, first, second))
        return _valid(readings)
    month_year = re.fullmatch(r"(\d{1,2})[-./](\d{4})", text)
    if month_year:
        return _valid([(int(month_year.group(2)), int(month_year.group(1)), None)])
    words = re.findall(r"\d+|[a-z]+", text)
    year: int | None = None
    month: int | None = None
    day: int | None = None
    for word in words:
        if word.isdigit():
            if len(word) >= 3 and year is None:
                year = int(word)
            elif len(word) <= 2 and day is None:
                day = int(word)
            else:
                return []
        elif word in _MONTH_WORDS:
            if month is not None:
                return []
            month = _MONTH_WORDS[word]
    if year is None and month is None:
        return []
    if year is None:
        # A part of an interval such as "May" in "May to June 2014": the year comes later.
        return _valid([(0, month, day)])
    if month is None and day is not None:
        return []
    return _valid([(year, month, day)])


def _valid(triples: Sequence[tuple[int, int | None, int | None]]) -> list[PartialDate]:
    """Keep the readings that are real calendar dates."""
    found: list[PartialDate] = []
    for year, month, day in triples:
        if not -9999 <= year <= 9999:
            continue
        kind = PartialDate if year else _YearLess
        try:
            found.append(kind(year or 4, month, day))
        except ValueError:
            continue
    return found


@dataclass(frozen=True, order=True)
class _YearLess(PartialDate):
    """A date written without its year, waiting for one from the other end of an interval."""


_ERA_YEAR = re.compile(r"\ba\.?\s?d\.?\s?(\d{1,4})\b|\b(\d{1,4})\s?(?:a\.?\s?d|c\.?\s?e)\b\.?")
"""A year marked as of the common era ("AD 14", "14 CE"): written with four digits, "0014", it
reads as a year however short, and as the AD end of an interval from a BC year."""

_FILLER = re.compile(
    r"\b(?:in|on|of|around|about|approximately|approx|circa|ca|c|roughly|some|time|sometime|"
    r"the|year|years|early|mid|late|from|between|since|during|by|it|was|ad|ce)\b"
)


def parse_dates(text: str) -> tuple[DateSpec, ...]:
    """Return every reading of a date or interval typed by a person, most likely first.

    Reads `1948`, `450 BC`, `-450`, `October 2013`, `Oct 2013`, `2013-10`, `10/2013`, `21 May 2014`,
    `May 21, 2014`, `21/5/2014` (day first, then month first when both could be a month),
    and intervals such as `2009-2017`, `1961-72`, `2009 to 2017`, `May to June 2014`,
    `Dec 7-19, 1972` or `30 BC to AD 14`; a decade, `the 1960s`, is its ten years.
    """
    try:
        return _parse_dates(text)
    except (ValueError, OverflowError):  # a reading the calendar cannot hold is no reading
        return ()


def _parse_dates(text: str) -> tuple[DateSpec, ...]:
    folded = fold(text).replace(",", " ")
    folded = re.sub(r"\bb\.\s?c\.(?:\s?e\.)?", "bc ", folded)
    folded = _ERA_YEAR.sub(lambda year: f"{int(year[1] or year[2]):04d}", folded)
    folded = re.sub(r"(?<=[a-z])\.", " ", folded)
    folded = _FILLER.sub(" ", folded)
    folded = re.sub(r"\s+", " ", folded).strip()
    if not folded or len(folded) > 80:
        return ()
    decade = re.fullmatch(r"(\d{2,3}0) ?'?s", folded)
    if decade:  # "the 1960s": its ten years
        first = int(decade[1])
        return (DateSpec(PartialDate(first), PartialDate(first + 9)),)
    folded = _spelled_out(folded)
    days = re.fullmatch(r"(\d{1,2}) ?- ?(\d{1,2} [a-z].*)", folded)
    parts = list(days.groups()) if days else _INTERVAL_SPLIT.split(folded, maxsplit=1)
    if len(parts) == 2 and parts[0].strip() and parts[1].strip():
        return _interval_readings(parts[0].strip(), parts[1].strip())
    readings = _single_readings(folded)
    return tuple(DateSpec(r) for r in readings if not isinstance(r, _YearLess))


def _spelled_out(text: str) -> str:
    """Write the short forms of an interval in full: "dec 7-19 1972" as "7 dec - 19 dec 1972",
    "1961-72" as "1961 - 1972" (a two-digit end above 12 cannot be a month)."""
    month_first = re.fullmatch(r"([a-z]+) (\d{1,2}) ?- ?(\d{1,2}) (\d{4})", text)
    if month_first and month_first[1] in _MONTH_WORDS:
        month, first, last, year = month_first.groups()
        return f"{first} {month} - {last} {month} {year}"
    short_end = re.fullmatch(r"(\d{2})(\d{2}) ?- ?(\d{2})", text)
    if short_end and int(short_end[3]) > max(12, int(short_end[2])):
        century, start, end = short_end.groups()
        return f"{century}{start} - {century}{end}"
    return text


def _interval_readings(first: str, second: str) -> tuple[DateSpec, ...]:
    """Read both ends of an interval; an end without a year takes the other end's year.

    A first end without an era takes a BC second end's: "500 to 450 BC".
    """
    if re.search(r"\bbce?$", second) and not re.search(r"\bbce?$|^-", first):
        first += " bc"
    ends = _single_readings(second)
    starts = _single_readings(first)
    if not starts and re.fullmatch(r"\d{1,2}", first):
        # "21-25 May 2014": the first end is a bare day in the second end's month.
        starts = _valid([(0, end.month, int(first)) for end in ends if end.month])
    specs: list[DateSpec] = []
    for end in ends:
        if isinstance(end, _YearLess):
            continue
        for start in starts:
            whole = start
            if isinstance(start, _YearLess):
                try:
                    whole = PartialDate(end.year, start.month or end.month, start.day)
                except ValueError:
                    continue
            low, high = sorted((whole, end), key=lambda d: d.first_day())
            try:
                specs.append(DateSpec(low, high))
            except ValueError:
                continue
    return tuple(specs)


def parse_month(text: str) -> int | None:
    """Return the month (1-12) of a reply that names a month and nothing else, like "Oct"."""
    words = re.findall(r"[a-z]+", _FILLER.sub(" ", fold(text)))
    if len(words) == 1 and not re.search(r"\d", text):
        return _MONTH_WORDS.get(words[0])
    return None


def parse_date(text: str) -> DateSpec | None:
    """Return the most likely reading of a typed date or interval, or `None`."""
    readings = parse_dates(text)
    return readings[0] if readings else None
