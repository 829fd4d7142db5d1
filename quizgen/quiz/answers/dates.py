"""Judging dates: any common form, more precision than asked, spans and approximate dates."""

from __future__ import annotations

from quizgen.language.english import MONTHS, format_date, format_date_spec
from quizgen.language.typed_dates import parse_dates, parse_month
from quizgen.model.facts import DateSpec, PartialDate
from quizgen.quiz.answers.grades import Grade, Judged, best

__all__ = ["judge_date"]


def judge_date(fact: DateSpec, approximate: bool, reply: str) -> Judged:
    """Judge a typed date or span against the fact's date."""
    month = parse_month(reply)
    if month is not None and fact.end is None and fact.start.month is not None:
        return _judge_month(fact.start, month)
    readings = parse_dates(reply)
    if not readings:
        written = format_date_spec(fact)
        return Grade.WRONG, f"I could not read a date there; the answer is {written}."
    return best(_judge_spec(fact, approximate, reading) for reading in readings)


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
    if reply.end is None or reply.end == reply.start:
        point = reply.start
        if _judge_point(fact.start, point, approximate)[0] is Grade.CORRECT:
            return Grade.PARTIAL, f"That is when it began; it ran from {written}."
        if _judge_point(fact.end, point, approximate)[0] is Grade.CORRECT:
            return Grade.PARTIAL, f"That is when it ended; it ran from {written}."
        if fact.start.first_day() <= point.first_day() <= fact.end.last_day():
            return Grade.PARTIAL, f"That falls within it; it ran from {written}."
        return Grade.WRONG, f"Wrong: it ran from {written}."
    ends = (
        _judge_point(fact.start, reply.start, approximate)[0],
        _judge_point(fact.end, reply.end, approximate)[0],
    )
    right = ends.count(Grade.CORRECT)
    if right == 2:
        return Grade.CORRECT, "Correct."
    if right == 1:
        return Grade.PARTIAL, f"One end right: it ran from {written}."
    if Grade.PARTIAL in ends:
        return Grade.PARTIAL, f"Right years, but it ran from {written}."
    return Grade.WRONG, f"Wrong: it ran from {written}."
