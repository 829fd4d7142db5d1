"""Keep each answer: schedule its card with FSRS and commit both to the progress store at once."""

from __future__ import annotations

import contextlib
import datetime as dt
import signal
from collections.abc import Iterator
from types import FrameType

from quizgen.progress.records import CardState, Review
from quizgen.progress.store import ProgressStore
from quizgen.quiz.scheduling import Schedule, rating_for
from quizgen.quiz.session import Result

__all__ = ["Recorder", "interrupts_held"]


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C until the block ends, so an answer is never half-recorded."""
    pending: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        pending.append(signum)

    try:
        previous = signal.signal(signal.SIGINT, hold)
    except ValueError:  # not the main thread: nothing to hold
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if pending:
        raise KeyboardInterrupt


class Recorder:
    """Schedule each answer with FSRS and commit it, with the card's new state, at once.

    The quiz's session is written with its first answer, so a quiz left before any answer
    leaves no trace in the store.
    """

    def __init__(
        self,
        store: ProgressStore,
        *,
        mode: str,
        seed: int | None,
        started_at: dt.datetime,
        schedule: Schedule | None = None,
    ) -> None:
        self.store = store
        self.schedule = schedule or Schedule()
        self.session_id: int | None = None
        self.kept: list[Result] = []
        self._mode = mode
        self._seed = seed
        self._started_at = started_at

    def __call__(self, result: Result) -> None:
        """Keep one answer and its card's new schedule in one transaction."""
        card = result.card
        previous = self.store.state(card.key)
        rating = rating_for(result.verdict.grade, result.question.style, result.seconds)
        scheduled = self.schedule.review(
            card.key,
            previous.state if previous else None,
            rating,
            result.answered_at,
            result.seconds,
        )
        with interrupts_held():
            if self.session_id is None:
                self.session_id = self.store.start_session(self._started_at, self._mode, self._seed)
            review = Review(
                reviewed_at=result.answered_at,
                card_key=card.key,
                fact_id=card.fact.id,
                kind=card.kind.value,
                deck=card.fact.deck,
                fact_type=card.fact.type.value,
                style=result.question.style.value,
                reply=result.reply,
                grade=result.verdict.grade.value,
                rating=int(rating),
                duration_ms=round(result.seconds * 1000),
                session_id=self.session_id,
            )
            self.store.record(review, CardState(card.key, scheduled.state, scheduled.due))
            self.kept.append(result)

    def finish(self, ended_at: dt.datetime) -> None:
        """Record when the quiz ended and its tally (nothing when no answer was given)."""
        if self.session_id is not None:
            self.store.finish_session(self.session_id, ended_at)
