"""Tests of a whole quiz run from a facts folder, with a scripted screen and a real store."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from factories import quiz_answer, write_quiz_facts

from quizgen.cards.extras import Extras
from quizgen.errors import QuizError
from quizgen.model.facts import FactType
from quizgen.progress.store import ProgressStore
from quizgen.quiz.run import Plan, QuizRequest, run_quiz
from quizgen.quiz.session import Mode, Question, Result


class Script:
    """A screen that answers from a script: a reply, None (end of input) or an interrupt."""

    def __init__(self, replies: Sequence[str | type[BaseException] | None]) -> None:
        self.replies = list(replies)
        self.plans: list[Plan] = []
        self.results: list[Result] = []

    def header(self, plan: Plan) -> None:
        self.plans.append(plan)

    def ask(self, question: Question, notice: str | None) -> str | None:
        reply = self.replies.pop(0) if self.replies else None
        if reply == "right":
            return quiz_answer(question.card.front)
        if isinstance(reply, type):
            raise reply()
        return reply

    def show_result(self, result: Result, extras: Extras) -> None:
        self.results.append(result)


def request(tmp_path: Path, **changes: object) -> QuizRequest:
    options: dict[str, object] = {
        "facts": write_quiz_facts(tmp_path),
        "seed": 4,
        "db": tmp_path / "progress.sqlite",
    }
    options.update(changes)
    return QuizRequest(**options)  # type: ignore[arg-type]


def test_a_quiz_asks_judges_and_keeps_every_answer(tmp_path: Path) -> None:
    screen = Script(["right", "right", "wrong", "right", "1066"])
    outcome = run_quiz(request(tmp_path), screen)
    assert outcome.summary is not None
    assert [r.verdict.grade.value for r in screen.results].count("correct") == 3
    assert screen.plans == [Plan(5, Mode.TYPED, 4, tmp_path / "progress.sqlite", False)]
    assert (outcome.summary.asked, outcome.saved, outcome.interrupted) == (5, True, False)
    with ProgressStore.open(tmp_path / "progress.sqlite") as store:
        assert len(store.reviews()) == 5
        [session] = store.sessions()
    assert (session.asked, session.seed, session.ended_at is not None) == (5, 4, True)


def test_a_quiz_left_before_any_answer_leaves_no_session(tmp_path: Path) -> None:
    outcome = run_quiz(request(tmp_path), Script([None]))
    assert outcome.summary is not None
    assert (outcome.summary.asked, outcome.saved) == (0, False)
    with ProgressStore.open(tmp_path / "progress.sqlite") as store:
        assert store.sessions() == []


def test_ctrl_c_ends_the_quiz_with_the_answers_given(tmp_path: Path) -> None:
    outcome = run_quiz(request(tmp_path), Script(["right", KeyboardInterrupt]))
    assert outcome.interrupted
    assert outcome.summary is not None
    assert (outcome.summary.asked, outcome.summary.interrupted) == (1, True)


def test_nothing_due_says_when_the_next_card_is(tmp_path: Path) -> None:
    run_quiz(request(tmp_path, due=True), Script(["right"] * 5))
    outcome = run_quiz(request(tmp_path, due=True), Script([]))
    assert outcome.summary is None
    assert outcome.next_due is not None


def test_filters_that_match_nothing_say_what_there_is(tmp_path: Path) -> None:
    with pytest.raises(QuizError) as raised:
        run_quiz(request(tmp_path, types=[FactType.FIGURE]), Script([]))
    assert str(raised.value) == "no cards match --type figure (types: date, name)."
