"""Judging dates: any common form, more precision than asked, spans and approximate dates."""

from __future__ import annotations

import re

from quizgen.language.english import MONTHS, format_date, format_date_spec
from quizgen.language.fold import fold
from quizgen.language.typed_dates import parse_dates, parse_month
from quizgen.model.facts import DateSpec, PartialDate
from quizgen.quiz.answers.grades import Grade, Judged, best
from quizgen.quiz.answers.periods import judge_period, period_readings

__all__ = ["judge_date", "reply_readings"]

_SHORT_END_YEAR = re.compile(r"^(.*?\b)(\d{2})(\d{2})\s*(-|/|to)\s*(\d{2})\s*$")
"""A span of years whose end is written with two digits: "1961-72"."""


def reply_readings(reply: str) -> tuple[DateSpec, ...]:
    """Return every reading of a typed date or span, including a span of years whose end is
    shortened however it is joined ("1961 to 72", "1961/72"), and "2009-10" both as October
    2009 and as 2009 to 2010: the kinder reading is the one judged."""
    text = fold(reply)
    readings = parse_dates(text)
    years = _SHORT_END_YEAR.match(text)
    if years and int(years[5]) > int(years[3]):
        lead, century, start, dash, end = years.groups()
        longer = parse_dates(f"{lead}{century}{start} {dash} {century}{end}")
        readings += tuple(spec for spec in longer if spec not in readings)
    return readings


def judge_date(fact: DateSpec, approximate: bool, reply: str) -> Judged:
    """Judge a typed date, span, decade or century against the fact's date."""
    periods = period_readings(reply)
    if periods:
        return best(judge_period(fact, approximate, period) for period in periods)
    month = parse_month(reply)
    if month is not None and fact.end is None and fact.start.month is not None:
        return _judge_month(fact.start, month)
    readings = reply_readings(reply)
    if not readings:
        written = format_date_spec(fact)
        return Grade.WRONG, f"I could not read a date there; the answer is {written}."
    judged = best(_judge_spec(fact, approximate, reading) for reading in readings)
    if judged[0] is Grade.WRONG and fact.start.year < 0 < min(r.start.year for r in readings):
        # "450" for 450 BC: the right number, without its era.
        before = [_before_christ(reading) for reading in readings]
        if any(_judge_spec(fact, approximate, r)[0] is Grade.CORRECT for r in before if r):
            written = format_date_spec(fact)
            return Grade.PARTIAL, f"Right year, but BC: it was {written}."
    return judged


def _before_christ(spec: DateSpec) -> DateSpec | None:
    """Return a date read as AD moved to the same year BC, or None when it cannot be."""
    try:
        start = PartialDate(-spec.start.year, spec.start.month, spec.start.day)
        if spec.end is None:
            return DateSpec(start)
        end = PartialDate(-spec.end.year, spec.end.month, spec.end.day)
        return DateSpec(*sorted((start, end), key=lambda d: d.first_day()))
    except ValueError:
        return None


def _within(reply: PartialDate, fact: PartialDate) -> bool:
    """Return whether the reply names the fact's date at its precision or more precisely."""
    return (
        reply.precision >= fact.precision
        and fact.first_day() <= reply.first_day()
        and reply.last_day() <= fact.last_day()
    )


def _judge_point(fact: PartialDate, reply: PartialDate, approximate: bool) -> Judged:
    """Judge one date against one date; the message names the fact's date."""
    written = format_date(fact)
    if approximate and abs(reply.year - fact.year) <= 1:
        if reply.year == fact.year:
            return Grade.CORRECT, "Correct."
        return Grade.CORRECT, f"Close enough: the date is approximate, around {written}."
    if _within(reply, fact):
        return Grade.CORRECT, "Correct."
    if reply.year == fact.year and fact.month is not None:
        if fact.day is None:
            return Grade.PARTIAL, f"Right year; the month was {MONTHS[fact.month - 1]}."
        if reply.month == fact.month:
            return Grade.PARTIAL, f"Right month; the date was {written}."
        return Grade.PARTIAL, f"Right year; the date was {written}."
    if abs(reply.year - fact.year) == 1:
        return Grade.WRONG, f"Off by one year: it was {written}."
    return Grade.WRONG, f"Wrong: it was {written}."


def _judge_month(fact: PartialDate, month: int) -> Judged:
    """Judge a reply that names a month without a year."""
    written = format_date(fact)
    if month == fact.month:
        return Grade.PARTIAL, f"Right month, but give the year too: it was {written}."
    return Grade.WRONG, f"Wrong: it was {written}."


def _judge_spec(fact: DateSpec, approximate: bool, reply: DateSpec) -> Judged:
    written = format_date_spec(fact)
    if fact.end is None or fact.end == fact.start:
        if reply.end is None or reply.end == reply.start:
            return _judge_point(fact.start, reply.start, approximate)
        if reply.start.first_day() <= fact.start.first_day() <= reply.end.last_day():
            return Grade.PARTIAL, f"Your span holds it, but it was one date: {written}."
        return Grade.WRONG, f"Wrong: it was {written}."
    ran = f"it ran {'roughly ' if approximate else ''}from {written}"
    if reply.end is None or reply.end == reply.start:
        return _judge_point_in_span(fact.start, fact.end, reply.start, approximate, ran)
    ends = (
        _judge_point(fact.start, reply.start, approximate)[0],
        _judge_point(fact.end, reply.end, approximate)[0],
    )
    right = ends.count(Grade.CORRECT)
    if right == 2:
        return Grade.CORRECT, "Correct."
    if right == 1:
        return Grade.PARTIAL, f"One end right: {ran}."
    if Grade.PARTIAL in ends:
        return Grade.PARTIAL, f"Right years, but {ran}."
    if (
        reply.start.first_day() <= fact.end.last_day()
        and fact.start.first_day() <= reply.end.last_day()
    ):
        return Grade.PARTIAL, f"Your span overlaps it; {ran}."
    return Grade.WRONG, f"Wrong: {ran}."


def _judge_point_in_span(
    start: PartialDate, end: PartialDate, point: PartialDate, approximate: bool, ran: str
) -> Judged:
    """Judge one date against an interval; `ran` says what the interval was."""
    for end_date, verb in ((start, "began"), (end, "ended")):
        if _judge_point(end_date, point, approximate)[0] is Grade.CORRECT:
            about = "" if _within(point, end_date) else "about "
            return Grade.PARTIAL, f"That is {about}when it {verb}; {ran}."
    if start.first_day() <= point.first_day() and point.last_day() <= end.last_day():
        return Grade.PARTIAL, f"That falls within it; {ran}."
    if point.first_day() <= start.first_day() and end.last_day() <= point.last_day():
        # "December 1972" for 7-19 December 1972: right, but less precise than asked.
        unit = "month" if point.month is not None else "year"
        return Grade.PARTIAL, f"Right {unit}; {ran}."
    if point.first_day() <= end.last_day() and start.first_day() <= point.last_day():
        return Grade.PARTIAL, f"That overlaps it; {ran}."
    return Grade.WRONG, f"Wrong: {ran}."
