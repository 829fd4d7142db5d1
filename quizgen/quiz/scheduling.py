"""Spaced repetition with FSRS: when each card comes back, from how well it was answered.

Pure computation: schedules go in and out as the `fsrs` package's JSON, so the store keeps
them as text and this module never touches a file.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, TypeVar

import fsrs

from quizgen.model.facts import AnyFact
from quizgen.quiz.answers import Grade

EASY_SECONDS = 4.0
"""A typed answer right within this many seconds is rated Easy rather than Good."""

DEFAULT_NEW_LIMIT = 20
"""New cards a day that `--due` introduces, after the cards already due."""


class Style(StrEnum):
    """How a question was asked: recall (typed) or recognition (multiple choice)."""

    TYPED = "typed"
    CHOICE = "choice"


def rating_for(grade: Grade, style: Style, seconds: float) -> fsrs.Rating:
    """Map a grade to an FSRS rating.

    Right is Good, and Easy when typed quickly (recognising an option is not recall, so a
    choice is never Easy); a near miss or a partly right answer is Hard; wrong is Again.
    """
    if grade is Grade.CORRECT:
        if style is Style.TYPED and seconds <= EASY_SECONDS:
            return fsrs.Rating.Easy
        return fsrs.Rating.Good
    if grade in (Grade.ALMOST, Grade.PARTIAL):
        return fsrs.Rating.Hard
    return fsrs.Rating.Again


@dataclass(frozen=True)
class Scheduled:
    """A card's schedule after an answer: FSRS's JSON and the next due time."""

    state: str
    due: dt.datetime


class Schedule:
    """FSRS with quizgen's settings: no interval fuzz, so the same answers give the same dates."""

    def __init__(self, *, desired_retention: float = 0.9) -> None:
        self._scheduler = fsrs.Scheduler(desired_retention=desired_retention, enable_fuzzing=False)

    def review(
        self,
        card_key: str,
        state: str | None,
        rating: fsrs.Rating,
        when: dt.datetime,
        seconds: float,
    ) -> Scheduled:
        """Return the schedule of a card (None when new) after an answer rated `rating`."""
        card = self._card(card_key, state)
        updated, _log = self._scheduler.review_card(
            card,
            rating,
            review_datetime=when.astimezone(dt.UTC),
            review_duration=int(seconds * 1000),
        )
        return Scheduled(updated.to_json(), updated.due)

    @staticmethod
    def _card(card_key: str, state: str | None) -> fsrs.Card:
        if state is None:
            # A stable id from the key; fsrs would otherwise make one from the clock.
            return fsrs.Card(card_id=zlib.crc32(card_key.encode()) + 1)
        return fsrs.Card.from_json(state)


def due_of(state: str) -> dt.datetime:
    """Return when a schedule says its card is next due."""
    due: dt.datetime = fsrs.Card.from_json(state).due
    return due


class Keyed(Protocol):
    """A card, or a card named but not rendered yet: anything with a card key."""

    @property
    def key(self) -> str:
        """Return the card key (`fact-id/kind`)."""
        ...


K = TypeVar("K", bound=Keyed)


def plan_due(
    cards: Sequence[K],
    due: Mapping[str, dt.datetime],
    *,
    now: dt.datetime,
    new_allowed: int,
) -> list[K]:
    """Order cards for a `--due` quiz: due ones first, most overdue first, then new ones.

    `due` holds the next due time of every card answered before, by card key. At most
    `new_allowed` never-answered cards follow, in the order given; cards answered before but
    not yet due are left out.
    """
    due_now = sorted(((due[card.key], i) for i, card in enumerate(cards) if card.key in due))
    ready = [cards[i] for moment, i in due_now if moment <= now]
    new = [card for card in cards if card.key not in due][: max(new_allowed, 0)]
    return ready + new


def renamed_keys(facts: Iterable[AnyFact]) -> dict[str, str]:
    """Map each old card key (`former-id/kind`) to the current one, from `renamed_from`."""
    renames: dict[str, str] = {}
    for fact in facts:
        for old in fact.renamed_from:
            for kind in fact.card_kinds:
                renames[f"{old}/{kind.value}"] = f"{fact.id}/{kind.value}"
    return renames
