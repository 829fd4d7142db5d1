"""Dates as fact files give them: a year, a month or a day, or an interval of two."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import IntEnum


class Precision(IntEnum):
    """How much of a date the writer gave."""

    YEAR = 1
    MONTH = 2
    DAY = 3


_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
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

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; raise ValueError otherwise."""
        match = _PARTIAL_DATE.match(text.strip())
        if not match:
            raise ValueError(f"'{text}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        return cls(year, month, day)

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        """Make a day-precise date from a `datetime.date`."""
        return cls(value.year, value.month, value.day)

    def first_day(self) -> dt.date:
        """Return the earliest calendar day this date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        """Return the latest calendar day this date can mean."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    def iso(self) -> str:
        """Return the date as written in a fact file, at its own precision."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True)
class DateSpec:
    """A date or an interval `start/end` of dates, each at its own precision."""

    start: PartialDate
    end: PartialDate | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end.last_day() < self.start.first_day():
            raise ValueError(f"interval ends ({self.end}) before it starts ({self.start})")

    @property
    def is_interval(self) -> bool:
        """Return whether this is a span rather than one date."""
        return self.end is not None

    @classmethod
    def parse(cls, value: object) -> DateSpec:
        """Accept an int year, a `datetime.date`, or text such as `2013-10` or `2009/2017`."""
        if isinstance(value, bool):
            raise ValueError(f"expected a date, got {value!r}")
        if isinstance(value, dt.datetime):
            return cls(PartialDate.from_date(value.date()))
        if isinstance(value, dt.date):
            return cls(PartialDate.from_date(value))
        if isinstance(value, int):
            return cls(PartialDate.parse(str(value)))
        if not isinstance(value, str):
            raise ValueError(f"expected a date, got {value!r}")
        if "/" in value:
            start, _, end = value.partition("/")
            return cls(PartialDate.parse(start), PartialDate.parse(end))
        return cls(PartialDate.parse(value))

    def iso(self) -> str:
        """Return the spec as written in a fact file."""
        if self.end is None:
            return self.start.iso()
        return f"{self.start.iso()}/{self.end.iso()}"

    def __str__(self) -> str:
        return self.iso()
