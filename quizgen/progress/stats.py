"""What `quizgen stats` shows, summed up from the progress store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from quizgen.progress.records import Review
from quizgen.progress.store import ProgressStore

POINTS = {"correct": 1.0, "almost": 1.0, "partial": 0.5}
"""What each grade scores in accuracy figures, as in the quiz: a near-miss spelling is right,
a partly right answer half right, anything else nothing."""


@dataclass(frozen=True)
class Accuracy:
    """How often answers in one group were right."""

    label: str
    answers: int
    right: float

    @property
    def ratio(self) -> float:
        """Return the points scored as a share of the answers (0 when there are none)."""
        return self.right / self.answers if self.answers else 0.0


@dataclass(frozen=True)
class Stats:
    """What `quizgen stats` shows: accuracy by group, and cards due and answered by day."""

    answers: int
    sessions: int
    cards_seen: int
    new_cards: int | None
    by_deck: tuple[Accuracy, ...]
    by_type: tuple[Accuracy, ...]
    by_style: tuple[Accuracy, ...]
    due_by_day: tuple[tuple[dt.date, int], ...]
    answers_by_day: tuple[tuple[dt.date, int], ...]
    left_out: int = 0
    left_out_decks: tuple[str, ...] = ()


def gather_stats(
    store: ProgressStore,
    now: dt.datetime,
    *,
    days: int = 7,
    facts: Mapping[str, tuple[str, str]] | None = None,
    card_keys: frozenset[str] | None = None,
    only_facts: frozenset[str] | None = None,
) -> Stats:
    """Sum up the store as of `now` (whose time zone sets where days begin).

    `facts` maps fact ids to (deck, fact type), filling in answers recorded without them;
    `card_keys`, the cards of the current fact base, narrows the due counts to cards that
    still exist and counts the cards never answered. `only_facts`, the fact ids of one facts
    folder, keeps to the answers given to those facts; the others are counted as left out,
    with their top-level decks.
    """
    facts = facts or {}
    reviews = store.reviews()
    others = []
    if only_facts is not None:
        others = [review for review in reviews if review.fact_id not in only_facts]
        reviews = [review for review in reviews if review.fact_id in only_facts]
    states = store.states()
    if card_keys is not None:
        states = {key: value for key, value in states.items() if key in card_keys}

    def group(label_of: Callable[[Review], str]) -> tuple[Accuracy, ...]:
        answers: dict[str, list[float]] = {}
        for review in reviews:
            tally = answers.setdefault(label_of(review) or "(unknown)", [0, 0.0])
            tally[0] += 1
            tally[1] += POINTS.get(review.grade, 0.0)
        return tuple(
            Accuracy(label, int(n), right) for label, (n, right) in sorted(answers.items())
        )

    def deck(review: Review) -> str:
        return review.deck or facts.get(review.fact_id, ("", ""))[0]

    def fact_type(review: Review) -> str:
        return review.fact_type or facts.get(review.fact_id, ("", ""))[1]

    zone = now.tzinfo
    today = now.date()
    upcoming = [today + dt.timedelta(days=n) for n in range(days)]
    due_counts = dict.fromkeys(upcoming, 0)
    for card_state in states.values():
        # Anything overdue counts as due today.
        day = max(card_state.due.astimezone(zone).date(), today)
        if day in due_counts:
            due_counts[day] += 1
    past = [today - dt.timedelta(days=n) for n in reversed(range(days))]
    answer_counts = dict.fromkeys(past, 0)
    for review in reviews:
        day = review.reviewed_at.astimezone(zone).date()
        if day in answer_counts:
            answer_counts[day] += 1
    seen = {review.card_key for review in reviews}
    return Stats(
        answers=len(reviews),
        # A quiz left before its first answer (Ctrl-D at once) is no session worth counting.
        sessions=len({review.session_id for review in reviews if review.session_id is not None}),
        cards_seen=len(seen),
        new_cards=None if card_keys is None else len(card_keys - seen - set(states)),
        by_deck=group(deck),
        by_type=group(fact_type),
        by_style=group(lambda review: review.style),
        due_by_day=tuple(due_counts.items()),
        answers_by_day=tuple(answer_counts.items()),
        left_out=len(others),
        left_out_decks=tuple(
            sorted({review.deck.split("::", 1)[0] or "(unknown)" for review in others})
        ),
    )
