"""Tests of FSRS scheduling: ratings, intervals, and schedules that outlive the process."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import fsrs
import pytest

from quizgen.model.facts import Card, CardKind, DateFact, DateSpec
from quizgen.progress.store import CardState, ProgressStore
from quizgen.quiz.answers import Grade, Verdict
from quizgen.quiz.recorder import Recorder
from quizgen.quiz.scheduling import (
    EASY_SECONDS,
    Schedule,
    Style,
    due_of,
    plan_due,
    rating_for,
    renamed_keys,
)
from quizgen.quiz.session import Question, Result

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def card(
    fact_id: str, kind: CardKind = CardKind.QUESTION, renamed_from: tuple[str, ...] = ()
) -> Card:
    fact = DateFact(
        id=fact_id,
        deck="Mongolia",
        sources=("s",),
        event="Mongolia recognized North Korea",
        date=DateSpec.parse(1948),
        renamed_from=renamed_from,
    )
    return Card(fact, kind, "When did Mongolia recognize North Korea?", "1948", "date")


@pytest.mark.parametrize(
    ("grade", "style", "seconds", "rating"),
    [
        (Grade.CORRECT, Style.TYPED, 3.0, fsrs.Rating.Easy),
        (Grade.CORRECT, Style.TYPED, 4.0, fsrs.Rating.Easy),
        (Grade.CORRECT, Style.TYPED, 4.1, fsrs.Rating.Good),
        (Grade.CORRECT, Style.CHOICE, 1.0, fsrs.Rating.Good),
        (Grade.CORRECT, Style.CHOICE, 30.0, fsrs.Rating.Good),
        (Grade.ALMOST, Style.TYPED, 2.0, fsrs.Rating.Hard),
        (Grade.PARTIAL, Style.TYPED, 20.0, fsrs.Rating.Hard),
        (Grade.WRONG, Style.TYPED, 2.0, fsrs.Rating.Again),
        (Grade.WRONG, Style.CHOICE, 2.0, fsrs.Rating.Again),
    ],
)
def test_grades_map_to_ratings(
    grade: Grade, style: Style, seconds: float, rating: fsrs.Rating
) -> None:
    assert rating_for(grade, style, seconds) is rating


def test_good_comes_back_later_than_again() -> None:
    schedule = Schedule()
    good = schedule.review("a/question", None, fsrs.Rating.Good, T0, 5)
    again = schedule.review("b/question", None, fsrs.Rating.Again, T0, 5)
    assert again.due < good.due
    assert due_of(good.state) == good.due


def test_a_card_known_twice_moves_out_by_days() -> None:
    schedule = Schedule()
    first = schedule.review("a/question", None, fsrs.Rating.Good, T0, 5)
    second = schedule.review("a/question", first.state, fsrs.Rating.Good, first.due, 5)
    third = schedule.review("a/question", second.state, fsrs.Rating.Good, second.due, 5)
    assert first.due < second.due < third.due
    assert third.due - second.due >= dt.timedelta(days=1)
    lapse = schedule.review("a/question", third.state, fsrs.Rating.Again, third.due, 5)
    assert lapse.due - third.due < dt.timedelta(hours=1)


def test_the_same_answers_give_the_same_dates() -> None:
    runs = []
    for _ in range(2):
        schedule = Schedule()
        state = None
        moment = T0
        for rating in (fsrs.Rating.Good, fsrs.Rating.Hard, fsrs.Rating.Good, fsrs.Rating.Easy):
            scheduled = schedule.review("a/question", state, rating, moment, 5)
            state, moment = scheduled.state, scheduled.due
        runs.append(moment)
    assert runs[0] == runs[1]


def _record(store: ProgressStore, c: Card, when: dt.datetime) -> None:
    """Answer a card right, slowly (rated Good), through the quiz's own recorder."""
    question = Question(1, 1, c, Style.TYPED)
    verdict = Verdict(Grade.CORRECT, "Correct.", "1948")
    recorder = Recorder(store, mode="typed", seed=None, started_at=when)
    recorder(Result(question, "1948", verdict, seconds=EASY_SECONDS + 1, answered_at=when))


def test_the_recorder_keeps_the_answer_the_rating_and_the_schedule(tmp_path: Path) -> None:
    c = card("recognition")
    with ProgressStore.open(tmp_path / "p.sqlite") as store:
        _record(store, c, T0)
        [review] = store.reviews(c.key)
        state = store.state(c.key)
        [session] = store.sessions()
    assert (review.grade, review.rating, review.style, review.reply) == (
        "correct",
        int(fsrs.Rating.Good),
        "typed",
        "1948",
    )
    assert (review.deck, review.fact_type, review.kind) == ("Mongolia", "date", "question")
    assert review.session_id == session.id
    expected = Schedule().review(c.key, None, fsrs.Rating.Good, T0, EASY_SECONDS + 1)
    assert state == CardState(c.key, expected.state, expected.due)


def test_a_quiz_left_before_its_first_answer_records_no_session(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "p.sqlite") as store:
        recorder = Recorder(store, mode="typed", seed=1, started_at=T0)
        recorder.finish(T0 + dt.timedelta(seconds=3))
        assert store.sessions() == []


def test_a_schedule_survives_reopening_the_store(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    c = card("recognition")
    with ProgressStore.open(path) as store:
        _record(store, c, T0)
        _record(store, c, T0 + dt.timedelta(minutes=10))
        before = store.state(c.key)
    with ProgressStore.open(path) as store:
        after = store.state(c.key)
    assert after == before
    assert after is not None
    assert after.due > T0 + dt.timedelta(days=1)
    # The schedule read back goes on from where it was, not from scratch.
    resumed = Schedule().review(c.key, after.state, fsrs.Rating.Good, after.due, 3)
    fresh = Schedule().review(c.key, None, fsrs.Rating.Good, after.due, 3)
    assert resumed.due - after.due > fresh.due - after.due


def test_a_renamed_fact_keeps_its_schedule(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    with ProgressStore.open(path) as store:
        _record(store, card("mongolia-dprk"), T0)
        old = store.state("mongolia-dprk/question")
    renamed = card("mongolia-recognizes-dprk", renamed_from=("mongolia-dprk",))
    renames = renamed_keys([renamed.fact])
    assert renames == {
        "mongolia-dprk/question": "mongolia-recognizes-dprk/question",
        "mongolia-dprk/reverse": "mongolia-recognizes-dprk/reverse",
    }
    with ProgressStore.open(path) as store:
        store.follow_renames(renames)
        new = store.state(renamed.key)
        assert store.state("mongolia-dprk/question") is None
        assert [r.fact_id for r in store.reviews(renamed.key)] == ["mongolia-recognizes-dprk"]
    assert old is not None
    assert new is not None
    assert (new.state, new.due) == (old.state, old.due)


def test_due_cards_come_first_most_overdue_first_then_new_up_to_the_limit() -> None:
    cards = [card(name) for name in ("new1", "later", "due-yesterday", "new2", "due-now", "new3")]
    due = {
        "later/question": T0 + dt.timedelta(days=2),
        "due-yesterday/question": T0 - dt.timedelta(days=1),
        "due-now/question": T0,
    }
    planned = plan_due(cards, due, now=T0, new_allowed=2)
    assert [c.fact.id for c in planned] == ["due-yesterday", "due-now", "new1", "new2"]
    assert [c.fact.id for c in plan_due(cards, due, now=T0, new_allowed=0)] == [
        "due-yesterday",
        "due-now",
    ]
    assert len(plan_due(cards, due, now=T0, new_allowed=-3)) == 2
