"""Dates as fact files give them: a year, a month or a day, or an interval of two.

Years before the common era are negative: -450 is 450 BC. There is no year 0 (1 BC is
followed by AD 1), and a BC date is known to the year only.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import IntEnum
from typing import NamedTuple


class Precision(IntEnum):
    """How much of a date the writer gave."""

    YEAR = 1
    MONTH = 2
    DAY = 3


_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_BC_YEAR = re.compile(r"^(?:-(\d{1,4})|(\d{1,4}) ?B\.?C\.?(?:E\.?)?)$", re.IGNORECASE)
_CYCLE_DAYS = 146_097
"""Days in 400 Gregorian years: the calendar repeats after them."""


class Day(NamedTuple):
    """One day of the proleptic Gregorian calendar; BC years are negative, as in `PartialDate`.

    Days compare in calendar order, and `toordinal`/`fromordinal` count days as
    `datetime.date` does (1 January AD 1 is day 1), going below 1 before the common era.
    """

    year: int
    month: int
    day: int

    def toordinal(self) -> int:
        """Return the day's number: 1 for 1 January AD 1, 0 for 31 December 1 BC."""
        if self.year > 0:
            return dt.date(self.year, self.month, self.day).toordinal()
        # Count in a 400-year cycle of the common era, then step back whole cycles.
        cycles = -self.year // 400 + 1
        year = self.year + 1 + 400 * cycles  # astronomical year (1 BC is 0), made positive
        return dt.date(year, self.month, self.day).toordinal() - cycles * _CYCLE_DAYS

    @classmethod
    def fromordinal(cls, number: int) -> Day:
        """Return the day with this number (see `toordinal`)."""
        if number > 0:
            date = dt.date.fromordinal(number)
            return cls(date.year, date.month, date.day)
        cycles = -number // _CYCLE_DAYS + 1
        date = dt.date.fromordinal(number + cycles * _CYCLE_DAYS)
        year = date.year - 400 * cycles
        return cls(year - 1 if year <= 0 else year, date.month, date.day)


def format_year(year: int) -> str:
    """Write a year: "1948", "450 BC" (a negative year is before the common era)."""
    return f"{-year} BC" if year < 0 else str(year)


@dataclass(frozen=True, order=True, slots=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.year == 0:
            raise ValueError("there is no year 0: 1 BC is followed by AD 1")
        if self.year < 0 and self.month is not None:
            raise ValueError("a BC date is a year alone, such as 450 BC")
        if self.month is None and self.day is not None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is not between 1 and 12")
        if self.day is not None:
            assert self.month is not None
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValueError(
                    f"day {self.day} does not exist in {calendar.month_name[self.month]} "
                    f"{self.year}"
                )

    @property
    def precision(self) -> Precision:
        """Return how much of the date is known."""
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def is_bc(self) -> bool:
        """Return whether the date is before the common era."""
        return self.year < 0

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or a BC year (`-450`, `450 BC`, `450 BCE`).

        Raise ValueError otherwise.
        """
        text = text.strip()
        match = _PARTIAL_DATE.match(text)
        if match:
            year, month, day = match.groups()
            return cls(int(year), int(month) if month else None, int(day) if day else None)
        bc = _BC_YEAR.match(text)
        if bc:
            return cls(-int(bc.group(1) or bc.group(2)))
        if re.fullmatch(r"-?0+", text):
            raise ValueError("there is no year 0: 1 BC is followed by AD 1")
        if re.fullmatch(r"\d{1,3}", text):
            raise ValueError(
                f"'{text}' is not a date: write a year with four digits ({int(text):04d}), "
                f"or {int(text)} BC for a year before the common era"
            )
        raise ValueError(f"'{text}' is not a date (YYYY, YYYY-MM, YYYY-MM-DD or 450 BC)")

    @classmethod
    def from_date(cls, value: dt.date | Day) -> PartialDate:
        """Make a day-precise date from a `datetime.date` or a `Day`."""
        return cls(value.year, value.month, value.day)

    def first_day(self) -> Day:
        """Return the earliest calendar day this date can mean."""
        return Day(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> Day:
        """Return the latest calendar day this date can mean."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return Day(self.year, month, day)

    def iso(self) -> str:
        """Return the date as written in a fact file, at its own precision."""
        if self.year < 0:
            return str(self.year)
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def written(self) -> str:
        """Return the date as a person reads it in a fact file: `iso`, but "450 BC" for -450."""
        return format_year(self.year) if self.year < 0 else self.iso()

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True, slots=True)
class DateSpec:
    """A date or an interval `start/end` of dates, each at its own precision."""

    start: PartialDate
    end: PartialDate | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end.last_day() < self.start.first_day():
            raise ValueError(
                f"interval ends ({self.end.written()}) before it starts ({self.start.written()})"
            )

    @property
    def is_interval(self) -> bool:
        """Return whether this is a span rather than one date."""
        return self.end is not None

    @classmethod
    def parse(cls, value: object) -> DateSpec:
        """Accept an int year, a `datetime.date`, or text such as `2013-10` or `2009/2017`."""
        if isinstance(value, str):
            if "/" in value:
                start, _, end = value.partition("/")
                return cls(PartialDate.parse(start), PartialDate.parse(end))
            return cls(PartialDate.parse(value))
        if isinstance(value, bool):
            raise ValueError(f"expected a date, got {value!r}")
        if isinstance(value, dt.datetime):
            return cls(PartialDate.from_date(value.date()))
        if isinstance(value, dt.date):
            return cls(PartialDate.from_date(value))
        if isinstance(value, int):
            return cls(PartialDate.parse(str(value)))
        raise ValueError(f"expected a date, got {value!r}")

    def iso(self) -> str:
        """Return the spec as written in a fact file."""
        if self.end is None:
            return self.start.iso()
        return f"{self.start.iso()}/{self.end.iso()}"

    def written(self) -> str:
        """Return the spec as a person reads it in a fact file: "1850 BC/1600 BC", "2009/2017"."""
        if self.end is None:
            return self.start.written()
        return f"{self.start.written()}/{self.end.written()}"

    def __str__(self) -> str:
        return self.iso()
