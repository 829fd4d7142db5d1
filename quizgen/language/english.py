"""Human-readable wording for dates, numbers, figures and lists: pure functions.

Everything here returns plain text the way a person would write it in a sentence:
"in October 2013", "on 21 May 2014", "between 2009 and 2017", "about 500 workers",
"30,000 to 40,000 people", "Mongolia, China and Russia". Lists are joined without a
serial comma, matching the day-month-year dates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from quizgen.model.dates import format_year
from quizgen.model.facts import DateSpec, FigureValue, Number, PartialDate, Precision

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""English month names, fixed so that the output never depends on the locale."""

APPROXIMATE_DATE = "around"
"""The word before an approximate date: "around 2015"."""

APPROXIMATE_NUMBER = "about"
"""The word before an approximate number: "about 2,000 North Koreans"."""

_SCALES = ((1_000_000_000, "billion"), (1_000_000, "million"))


def format_number(value: Number) -> str:
    """Write a number with thousands separators; round millions and billions in words.

    `225000` gives "225,000", `2.0` gives "2", `1.5` gives "1.5", `2000000` gives "2 million".
    """
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # the loader rejects these; still write something readable
    scaled = _scaled(value)
    if scaled is not None:
        return f"{_plain_number(scaled[0])} {scaled[1]}"
    return _plain_number(value)


def format_number_range(low: Number, high: Number) -> str:
    """Write a range of numbers: "30,000 to 40,000", "2 to 3 million"; one number if equal."""
    if low == high:
        return format_number(low)
    low_scaled, high_scaled = _scaled(low), _scaled(high)
    if low_scaled and high_scaled and low_scaled[1] == high_scaled[1]:
        return f"{_plain_number(low_scaled[0])} to {_plain_number(high_scaled[0])} {high_scaled[1]}"
    return f"{format_number(low)} to {format_number(high)}"


def format_amount(value: FigureValue, *, approximate: bool = False) -> str:
    """Write a figure's number or range, with "about" when it is approximate."""
    text = format_number_range(value.low, value.high)
    return f"{APPROXIMATE_NUMBER} {text}" if approximate else text


def format_figure(value: FigureValue, unit: str, *, approximate: bool = False) -> str:
    """Write a figure with its unit: "about 500 workers", "20 percent", "15%"."""
    amount = format_amount(value, approximate=approximate)
    unit = unit.strip()
    if not unit:
        return amount
    if unit == "%":
        return amount + unit
    return f"{amount} {unit}"


def format_date(date: PartialDate) -> str:
    """Write a date at its precision: "1948", "October 2013", "21 May 2014", "450 BC"."""
    if date.is_bc or date.month is None:
        return format_year(date.year)
    if date.day is None:
        return f"{MONTHS[date.month - 1]} {date.year}"
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def format_date_spec(spec: DateSpec) -> str:
    """Write a date or interval without a preposition: "October 2013", "2009 to 2017"."""
    if spec.end is None or spec.end == spec.start:
        return format_date(spec.start)
    start, end = _interval_ends(spec.start, spec.end)
    return f"{start} to {end}"


def format_when(spec: DateSpec, *, approximate: bool = False) -> str:
    """Write a date with its preposition: "in 1948", "on 21 May 2014", "between 2009 and 2017".

    An approximate date reads "around 2015"; an approximate interval "roughly between ...".
    """
    if spec.end is None or spec.end == spec.start:
        text = format_date(spec.start)
        if approximate:
            return f"{APPROXIMATE_DATE} {text}"
        preposition = "on" if spec.start.precision is Precision.DAY else "in"
        return f"{preposition} {text}"
    start, end = _interval_ends(spec.start, spec.end)
    text = f"between {start} and {end}"
    return f"roughly {text}" if approximate else text


def shorten(text: str, limit: int) -> str:
    """Return the text, cut to `limit` characters with "…" when it is longer, for messages."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def join_list(items: Sequence[str]) -> str:
    """Join words with commas and a final "and": "A", "A and B", "A, B and C"."""
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _interval_ends(start: PartialDate, end: PartialDate) -> tuple[str, str]:
    """Write both ends of an interval, leaving out what they share: "March", "December 2012".

    Two BC years share their era: "500" and "450 BC"; an interval across the start of the
    common era names both: "30 BC" and "AD 14".
    """
    if start.is_bc:
        if end.is_bc:
            return str(-start.year), format_date(end)
        return format_date(start), f"AD {format_date(end)}"
    same_precision = start.precision is end.precision
    if same_precision and start.year == end.year and start.precision is not Precision.YEAR:
        if start.precision is Precision.DAY and start.month == end.month:
            return str(start.day), format_date(end)
        assert start.month is not None
        month = MONTHS[start.month - 1]
        first = month if start.day is None else f"{start.day} {month}"
        return first, format_date(end)
    return format_date(start), format_date(end)


def _scaled(value: Number) -> tuple[Number, str] | None:
    """Return a number as (amount, "million") when it reads better that way, else None."""
    for size, word in _SCALES:
        if abs(value) >= size:
            amount = Decimal(repr(value)) / size
            # Only round amounts (2 million, 1.5 million, 2.25 million); 1,749,312 stays exact.
            if amount == amount.quantize(Decimal("0.01")):
                normal = amount.normalize()
                return (int(normal) if normal == normal.to_integral() else float(normal)), word
            return None
    return None


def _plain_number(value: Number) -> str:
    """Write a number with thousands separators and no trailing `.0`."""
    if isinstance(value, bool):
        raise TypeError("a bool is not a number")
    if isinstance(value, int):
        return f"{value:,}"
    if value == int(value):
        return f"{int(value):,}"
    return format(Decimal(repr(value)), ",f")


def article(text: str) -> str:
    """Return "the " to put before a title, or "" when it already starts with an article."""
    first = text.strip().split(" ", 1)[0].lower()
    return "" if first in {"the", "a", "an"} else "the "
