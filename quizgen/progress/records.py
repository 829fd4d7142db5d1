"""What the progress store keeps: answers, card schedules and sessions, as frozen values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["CardState", "Review", "SessionRow", "iso", "parse_iso"]


def iso(moment: dt.datetime) -> str:
    """Write a timezone-aware time as the store keeps it: UTC, to the millisecond."""
    if moment.tzinfo is None:
        raise ValueError("store times must be timezone-aware")
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds")


def parse_iso(text: str) -> dt.datetime:
    """Read a time the store wrote."""
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


@dataclass(frozen=True)
class Review:
    """One answer as the store keeps it."""

    reviewed_at: dt.datetime
    card_key: str
    fact_id: str
    kind: str
    deck: str
    fact_type: str
    style: str
    reply: str
    grade: str
    rating: int | None
    duration_ms: int
    session_id: int | None = None


@dataclass(frozen=True)
class CardState:
    """A card's schedule: the scheduler's own JSON and when the card is next due."""

    card_key: str
    state: str
    due: dt.datetime


@dataclass(frozen=True)
class SessionRow:
    """A quiz session as recorded."""

    id: int
    started_at: dt.datetime
    ended_at: dt.datetime | None
    mode: str
    seed: int | None
    asked: int
    correct: int
