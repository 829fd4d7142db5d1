"""Read numbers and dates the way a person types them.

`parse_number("225 thousand")`, `parse_number("30-40 thousand")`, `parse_dates("Oct 2013")`,
`parse_dates("21/5/2014")`. Nothing here raises on odd text: what cannot be read gives `None`
(or no readings), so a quiz can judge any reply.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from quizgen.model.facts import DateSpec, FigureValue, Number, PartialDate

__all__ = ["fold", "parse_date", "parse_dates", "parse_month", "parse_number"]

_FOLD = str.maketrans(
    {
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ı": "i",
        "þ": "th",
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "−": "-",
        "’": "'",
        "‘": "'",
    }
)


def fold(text: str) -> str:
    """Lower-case `text` and strip accents, so Khürelsükh reads as khurelsukh."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.casefold().translate(_FOLD)


# ---------------------------------------------------------------------------------------------
# Numbers

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {
    "thousand": 1_000,
    "thousands": 1_000,
    "k": 1_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "mn": 1_000_000,
    "mln": 1_000_000,
    "billion": 1_000_000_000,
    "billions": 1_000_000_000,
    "bn": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
_FRACTIONS = {"half": 0.5, "quarter": 0.25}
_RANGE_WORDS = {"-", "to", "and", "or"}

_TOKEN = re.compile(r"\d+(?:\.\d+)?[a-z]*|[a-z]+|-")


@dataclass
class _Amount:
    """A number being read: completed scale groups, the group under way, the last scale."""

    total: float = 0.0
    group: float = 0.0
    scale: int = 1
    words: bool = False

    @property
    def value(self) -> float:
        """Return the number read so far."""
        return self.total + self.group


def _clean_digits(text: str) -> str:
    """Drop thousands separators and read a lone decimal comma as a point."""
    for _ in range(2):
        text = re.sub(r"(?<=\d)[ ,'](?=\d{3}(?!\d))", "", text)
    if re.search(r"\d\.\d{3}\.\d{3}", text):
        text = re.sub(r"(?<=\d)\.(?=\d{3}(?!\d))", "", text)
    return re.sub(r"(?<=\d),(?=\d)", ".", text)


def _amounts(tokens: list[str], m_is_million: bool) -> Iterator[_Amount | str]:
    """Yield the numbers in `tokens`, and the range words between them."""
    scales = dict(_SCALES)
    if m_is_million:
        scales["m"] = 1_000_000
    current: _Amount | None = None
    prev = ""
    skip = 0
    for index, token in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        following, after = [*tokens[index + 1 : index + 3], "", ""][:2]
        fraction = _FRACTIONS.get(after) if following in ("a", "an", "one") else None
        if token == "and" and current is not None and fraction is not None:
            current.group += fraction  # "two and a half million"
            skip, prev = 2, after
            continue
        literal = re.fullmatch(r"(\d+(?:\.\d+)?)([a-z]*)", token)
        if literal:
            number = float(literal.group(1))
            after_scale = current is not None and prev in scales and number < current.scale
            if after_scale and current is not None and not literal.group(2):
                current.group = number  # "3 million 200 thousand"
                prev = token
                continue
            if current is not None:
                yield current
            current = _Amount(group=number)
            if literal.group(2) in scales:
                current.scale = scales[literal.group(2)]
                current.total, current.group = current.group * current.scale, 0.0
        elif token in _UNITS or token in _TENS:
            number = _UNITS[token] if token in _UNITS else _TENS[token]
            continues = (
                current is not None
                and current.words
                and (
                    (prev in _TENS and token in _UNITS)
                    or prev in ("hundred", "and", "-")
                    or prev in scales
                )
            )
            if continues and current is not None:
                current.group += number
            else:
                if current is not None:
                    yield current
                current = _Amount(group=float(number), words=True)
        elif token == "hundred":
            if current is None or not current.words:
                if current is not None:
                    yield current
                current = _Amount(group=1.0, words=True)
            current.group = (current.group or 1.0) * 100
        elif token in scales:
            if current is None:
                if prev not in ("a", "an"):
                    prev = token
                    continue
                current = _Amount(group=1.0, words=True)
            current.total += (current.group or 1.0) * scales[token]
            current.group = 0.0
            current.scale = scales[token]
        elif token in _FRACTIONS and following in ("a", "an", "of", *scales):
            if current is not None:
                yield current
            current = _Amount(group=_FRACTIONS[token], words=True)
        elif token == "dozen":
            if current is None:
                current = _Amount(group=1.0, words=True)
            current.group = (current.group or 1.0) * 12
        elif token in _RANGE_WORDS:
            in_words = current is not None and current.words
            hyphenated = token == "-" and prev in _TENS and following in _UNITS
            joined = token == "and" and (prev == "hundred" or prev in scales)
            if in_words and (hyphenated or (joined and following in {*_UNITS, *_TENS})):
                prev = token
                continue
            if current is not None:
                yield current
                current = None
            yield token
        prev = token
    if current is not None:
        yield current


def parse_number(text: str, unit: str = "") -> FigureValue | None:
    """Read a number or a range from text such as `225,000`, `2.5 million`, `30-40 thousand`.

    Unit words (`percent`, `workers`, `%`) are ignored. `unit` is the unit the figure is counted
    in: when it is a length or anything that starts with "m", a trailing `m` is not read as
    "million". Return `None` when the text holds no number.
    """
    folded = _clean_digits(fold(text))
    tokens = _TOKEN.findall(folded)
    unit_words = fold(unit).split()
    m_is_million = not (
        unit_words and (unit_words[0].startswith("m") or any("met" in word for word in unit_words))
    )
    items = list(_amounts(tokens, m_is_million))
    numbers = [(i, item) for i, item in enumerate(items) if isinstance(item, _Amount)]
    if not numbers:
        return None
    first_index, first = numbers[0]
    following = items[first_index + 1 : first_index + 3]
    if len(following) == 2 and isinstance(following[0], str) and isinstance(following[1], _Amount):
        second = following[1]
        low, high = first.value, second.value
        base = second.value / second.scale
        if first.scale == 1 and second.scale > 1 and first.value <= base:
            low = first.value * second.scale
        low, high = sorted((low, high))
        return FigureValue(_tidy(low), _tidy(high))
    return FigureValue(_tidy(first.value), _tidy(first.value))


def _tidy(value: float) -> Number:
    """Return an int when the value is whole, so 225000.0 prints as 225000."""
    rounded = round(value, 9)
    if rounded.is_integer() and abs(rounded) < 1e18:
        return int(rounded)
    return rounded


# ---------------------------------------------------------------------------------------------
# Dates

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
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
        if not 0 <= year <= 9999:
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


_FILLER = re.compile(
    r"\b(?:in|on|of|around|about|approximately|approx|circa|ca|c|roughly|some|time|sometime|"
    r"the|year|years|early|mid|late|from|between|since|during|by|it|was|ad|ce)\b"
)


def parse_dates(text: str) -> tuple[DateSpec, ...]:
    """Return every reading of a date or interval typed by a person, most likely first.

    Reads `1948`, `October 2013`, `Oct 2013`, `2013-10`, `10/2013`, `21 May 2014`,
    `May 21, 2014`, `21/5/2014` (day first, then month first when both could be a month),
    and intervals such as `2009-2017`, `2009 to 2017` or `May to June 2014`.
    """
    try:
        return _parse_dates(text)
    except (ValueError, OverflowError):  # a reading the calendar cannot hold is no reading
        return ()


def _parse_dates(text: str) -> tuple[DateSpec, ...]:
    folded = fold(text).replace(",", " ")
    folded = re.sub(r"(?<=[a-z])\.", " ", folded)
    folded = _FILLER.sub(" ", folded)
    folded = re.sub(r"\s+", " ", folded).strip()
    if not folded or len(folded) > 80:
        return ()
    days = re.fullmatch(r"(\d{1,2}) ?- ?(\d{1,2} [a-z].*)", folded)
    parts = list(days.groups()) if days else _INTERVAL_SPLIT.split(folded, maxsplit=1)
    if len(parts) == 2 and parts[0].strip() and parts[1].strip():
        return _interval_readings(parts[0].strip(), parts[1].strip())
    readings = _single_readings(folded)
    return tuple(DateSpec(r) for r in readings if not isinstance(r, _YearLess))


def _interval_readings(first: str, second: str) -> tuple[DateSpec, ...]:
    """Read both ends of an interval; an end without a year takes the other end's year."""
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
