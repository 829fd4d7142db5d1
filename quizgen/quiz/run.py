"""A whole quiz from a facts folder: choose the cards, ask them, keep every answer, sum up.

`run_quiz(request, screen)` is what `quizgen quiz` does. The screen (the terminal, or a
test's script) shows questions and results and returns replies; the progress store is
opened from `request.db`. Nothing here prints.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from quizgen.cards.extras import Extras, back_extras
from quizgen.cards.render import CardRef, card_refs, render_cards
from quizgen.cards.templates import load_templates
from quizgen.errors import QuizError, StoreError
from quizgen.factfiles.loader import load_fact_base
from quizgen.model.facts import FactType
from quizgen.progress.store import ProgressStore
from quizgen.quiz import session
from quizgen.quiz.answers import check, typed_is_fair
from quizgen.quiz.distractors import DistractorIndex
from quizgen.quiz.recorder import Recorder
from quizgen.quiz.scheduling import DEFAULT_NEW_LIMIT, renamed_keys
from quizgen.quiz.session import Mode, Question, Result, Summary

__all__ = ["Outcome", "Plan", "QuizRequest", "Screen", "run_quiz"]

OPTIONS = 4
"""How many options a multiple-choice question shows, at most."""


@dataclass(frozen=True)
class QuizRequest:
    """What to ask: the facts, the filters, how many, how, and where progress is kept."""

    facts: Path
    templates: Path | None = None
    decks: Sequence[str] = ()
    tags: Sequence[str] = ()
    types: Sequence[FactType] = ()
    mode: Mode = Mode.TYPED
    number: int = 10
    due: bool = False
    new_limit: int = DEFAULT_NEW_LIMIT
    seed: int | None = None
    db: Path | None = None


@dataclass(frozen=True)
class Plan:
    """The quiz about to be asked, for its header."""

    questions: int
    mode: Mode
    seed: int
    db: Path
    due: bool


class Screen(Protocol):
    """Where a quiz is shown and answered: the terminal, or a script in a test."""

    def header(self, plan: Plan) -> None:
        """Introduce the quiz."""
        ...

    def ask(self, question: Question, notice: str | None) -> str | None:
        """Show a question (with a notice when it is asked again); return the reply, or None
        at the end of input."""
        ...

    def show_result(self, result: Result, extras: Extras) -> None:
        """Show the verdict of one answer with the fact's note, sources and disputes."""
        ...


@dataclass(frozen=True)
class Outcome:
    """How a quiz went: its summary, or why nothing was asked, and what cut it short."""

    seed: int
    db: Path
    summary: Summary | None
    next_due: dt.datetime | None = None
    interrupted: bool = False
    failure: StoreError | None = None

    @property
    def saved(self) -> bool:
        """Return whether any answer was kept in the progress file."""
        return self.summary is not None and self.summary.asked > 0


def run_quiz(
    request: QuizRequest,
    screen: Screen,
    *,
    clock: Callable[[], float] = time.monotonic,
) -> Outcome:
    """Ask a quiz on `screen` and keep every answer in the progress file.

    Raise `QuizgenError` when the facts cannot be read or no card matches the filters, and
    `StoreError` when the progress file cannot be used. Ctrl-C while answering ends the quiz
    with its summary (`Outcome.interrupted`); a store failure mid-quiz does too
    (`Outcome.failure`), with every answer given before it kept.
    """
    base = load_fact_base(request.facts)
    templates = load_templates(request.facts, request.templates)
    # Choose cards by name and render only those asked: rendering all of a large base takes seconds.
    cards = card_refs(base)
    chosen = session.select_cards(
        cards, decks=request.decks, tags=request.tags, types=request.types
    )
    if not chosen:
        raise QuizError(_nothing_matches(cards, request))
    seed = secrets.randbelow(1_000_000) if request.seed is None else request.seed
    rng = random.Random(seed)
    with ProgressStore.open(request.db) as store:
        store.follow_renames(renamed_keys(base))
        now = dt.datetime.now(dt.UTC)
        if request.due:
            states = store.states()
            midnight = (
                dt.datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
            )
            picks = session.pick_cards(
                chosen,
                rng,
                limit=request.number,
                due={key: state.due for key, state in states.items()},
                now=now,
                new_allowed=request.new_limit - store.first_seen_since(midnight),
            )
            if not picks:
                keys = {card.key for card in chosen}
                upcoming = sorted(s.due for key, s in states.items() if key in keys)
                return Outcome(seed, store.path, None, next_due=next(iter(upcoming), None))
        else:
            picks = session.pick_cards(chosen, rng, limit=request.number)
        index = DistractorIndex(cards)
        questions = session.make_questions(
            render_cards(picks, base, templates),
            mode=request.mode,
            rng=rng,
            choose=lambda card, r: index.choices(card, r, n=OPTIONS),
            typed_is_fair=typed_is_fair,
        )
        screen.header(Plan(len(questions), request.mode, seed, store.path, request.due))
        recorder = Recorder(store, mode=request.mode.value, seed=seed, started_at=now)
        started = clock()
        interrupted = False
        failure: StoreError | None = None
        try:
            for result in session.run(questions, screen.ask, check=check, record=recorder):
                screen.show_result(result, back_extras(result.card.fact, base))
        except KeyboardInterrupt:
            interrupted = True
        except StoreError as error:
            failure = error
        if failure is None:
            with contextlib.suppress(StoreError):
                recorder.finish(dt.datetime.now(dt.UTC))
        summary = session.summarize(
            recorder.kept,
            seconds=clock() - started,
            planned=len(questions),
            interrupted=len(recorder.kept) < len(questions),
        )
        return Outcome(seed, store.path, summary, interrupted=interrupted, failure=failure)


def _nothing_matches(cards: Sequence[CardRef], request: QuizRequest) -> str:
    """Say that no card matches the filters, and what there is to choose from."""
    if not cards:
        return f"no cards to ask: {request.facts} holds no facts."
    wanted = []
    if request.decks:
        known = sorted({card.fact.deck for card in cards})
        wanted.append(f"--deck {', '.join(request.decks)} (decks: {', '.join(known)})")
    if request.tags:
        known = sorted({t for card in cards for t in card.fact.tags})
        wanted.append(f"--tag {', '.join(request.tags)} (tags: {', '.join(known) or 'none'})")
    if request.types:
        known = sorted({card.fact.type.value for card in cards})
        asked = ", ".join(t.value for t in request.types)
        wanted.append(f"--type {asked} (types: {', '.join(known)})")
    return "no cards match " + " and ".join(wanted) + "."
