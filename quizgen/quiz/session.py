"""The quiz itself: which cards to ask, how, and what each answer was worth.

Pure logic. `run` takes the questions, an answer source (a callable that shows a question
and returns the reply, or None at the end of input; or simply a list of replies) and a
recorder, and yields one result per answer. The terminal and the progress store are
plugged in by the command line, so a whole quiz runs in a test without either.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, TypeVar

from quizgen.model.facts import AnyFact, Card, FactType
from quizgen.quiz.answers import Grade, Verdict
from quizgen.quiz.answers.choice import AskAgain, judge_choice
from quizgen.quiz.scheduling import Style, plan_due


class Mode(StrEnum):
    """How a quiz asks: typed answers, multiple choice, or a mix of both."""

    TYPED = "typed"
    CHOICE = "choice"
    MIXED = "mixed"


class ChoiceSet(Protocol):
    """Numbered options for a card, one of them right."""

    @property
    def options(self) -> Sequence[str]:
        """Return the options in the order shown."""
        ...

    @property
    def answer_index(self) -> int:
        """Return the 0-based index of the right option."""
        ...


class Pickable(Protocol):
    """A card to choose: rendered (`Card`) or only named (`quizgen.cards.render.CardRef`)."""

    @property
    def fact(self) -> AnyFact:
        """Return the fact the card is made from."""
        ...

    @property
    def key(self) -> str:
        """Return the card key (`fact-id/kind`)."""
        ...


C = TypeVar("C", bound=Pickable)


Chooser = Callable[[Card, random.Random], ChoiceSet | None]
"""Make the options for a card, or None when it cannot have enough."""

Grader = Callable[[Card, str], Verdict]
"""Judge a typed reply to a card."""


@dataclass(frozen=True)
class Question:
    """A card as asked: typed, or multiple choice with its options."""

    number: int
    total: int
    card: Card
    style: Style
    options: tuple[str, ...] = ()
    answer_index: int = -1

    @property
    def answer_option(self) -> str | None:
        """Return the right option of a multiple-choice question."""
        return self.options[self.answer_index] if self.options else None


AnswerSource = Callable[[Question, str | None], str | None]
"""Show a question (with a notice when a reply must be given again) and return the reply.

Return None, or raise EOFError, at the end of input.
"""

Recorder = Callable[["Result"], None]
"""Keep a result before it is shown (the store commits it here)."""


@dataclass(frozen=True)
class Result:
    """One answered question: the reply, its verdict, and how long it took."""

    question: Question
    reply: str
    verdict: Verdict
    seconds: float
    answered_at: dt.datetime

    @property
    def card(self) -> Card:
        """Return the card asked."""
        return self.question.card

    @property
    def missed(self) -> bool:
        """Return whether the answer was wrong or only partly right."""
        return self.verdict.grade in (Grade.WRONG, Grade.PARTIAL)


@dataclass(frozen=True)
class Summary:
    """The end of a quiz: its results, how long it took, and whether it was cut short."""

    results: tuple[Result, ...]
    seconds: float
    planned: int
    interrupted: bool = False

    @property
    def asked(self) -> int:
        """Return how many questions were answered."""
        return len(self.results)

    def count(self, grade: Grade) -> int:
        """Return how many answers got this grade."""
        return sum(1 for result in self.results if result.verdict.grade is grade)

    @property
    def points(self) -> float:
        """Return the points scored: right 1, almost 1, partly right 0.5."""
        return sum(result.verdict.grade.points for result in self.results)

    @property
    def score(self) -> float:
        """Return the points as a share of the answers given."""
        return self.points / len(self.results) if self.results else 0.0

    @property
    def missed(self) -> tuple[Result, ...]:
        """Return the results whose fact was missed, one per fact, in the order asked."""
        seen: set[str] = set()
        missed = []
        for result in self.results:
            if result.missed and result.card.fact.id not in seen:
                seen.add(result.card.fact.id)
                missed.append(result)
        return tuple(missed)


def select_cards(
    cards: Iterable[C],
    *,
    decks: Sequence[str] = (),
    tags: Sequence[str] = (),
    types: Sequence[FactType] = (),
) -> list[C]:
    """Keep cards in any of the decks (a deck includes its subdecks), tags and fact types."""

    def in_deck(card: C) -> bool:
        deck = card.fact.deck.casefold()
        return any(
            deck == wanted.casefold() or deck.startswith(wanted.casefold() + "::")
            for wanted in decks
        )

    return [
        card
        for card in cards
        if (not decks or in_deck(card))
        and (not tags or set(tags) & set(card.fact.tags))
        and (not types or card.fact.type in types)
    ]


def one_per_fact(cards: Iterable[C]) -> list[C]:
    """Keep the first card of each fact, so no card gives away the answer of another."""
    seen: set[str] = set()
    kept = []
    for card in cards:
        if card.fact.id not in seen:
            seen.add(card.fact.id)
            kept.append(card)
    return kept


def shuffled(cards: Sequence[C], rng: random.Random) -> list[C]:
    """Return the cards in a random order that the seed of `rng` repeats."""
    order = list(cards)
    rng.shuffle(order)
    return order


def pick_cards(
    cards: Sequence[C],
    rng: random.Random,
    *,
    limit: int,
    due: Mapping[str, dt.datetime] | None = None,
    now: dt.datetime | None = None,
    new_allowed: int = 0,
) -> list[C]:
    """Choose up to `limit` cards to ask, at most one per fact, in the order to ask them.

    Without `due`, the order is random (repeatable from `rng`). With `due` (next due times
    by card key), cards due at `now` come first, then up to `new_allowed` new ones. The
    cards may be `CardRef`s of the whole base, so that only the cards picked are rendered:
    the choice depends on their number, order, keys and facts alone.
    """
    ordered = shuffled(cards, rng)
    if due is not None:
        moment = now if now is not None else _utc_now()
        ordered = plan_due(ordered, due, now=moment, new_allowed=new_allowed)
    return one_per_fact(ordered)[:limit]


def make_questions(
    cards: Sequence[Card],
    *,
    mode: Mode,
    rng: random.Random,
    choose: Chooser,
    typed_is_fair: Callable[[Card], bool],
) -> list[Question]:
    """Decide how to ask each card, in order.

    Typed mode asks a card as multiple choice when a typed answer would not be fair to it;
    mixed mode picks at random (repeatably, from `rng`); a card that cannot have options
    is typed whatever the mode.
    """
    questions = []
    for number, card in enumerate(cards, start=1):
        if mode is Mode.CHOICE:
            wanted = Style.CHOICE
        elif mode is Mode.MIXED:
            wanted = Style.CHOICE if rng.random() < 0.5 else Style.TYPED
        else:
            wanted = Style.TYPED
        if wanted is Style.TYPED and not typed_is_fair(card):
            wanted = Style.CHOICE
        choices = choose(card, rng) if wanted is Style.CHOICE else None
        if choices is not None and len(choices.options) >= 2:
            options = tuple(shown_option(option) for option in choices.options)
            questions.append(
                Question(number, len(cards), card, Style.CHOICE, options, choices.answer_index)
            )
        else:
            questions.append(Question(number, len(cards), card, Style.TYPED))
    return questions


_PARTICLES = frozenset(
    {"de", "da", "di", "du", "van", "von", "der", "den", "al", "el", "bin", "ibn"}
)
"""Small words that start a name in lower case and keep it there: "de Gaulle", "van Eyck"."""


def shown_option(option: str) -> str:
    """Return an option as shown, with a capital like the answer line ("The troops of ...").

    A name that starts with a particle ("de Gaulle") or a word with capitals of its own
    ("iPhone") is left as written.
    """
    first = option.split(" ", 1)[0]
    if first in _PARTICLES or first[1:] != first[1:].lower():
        return option
    return option[:1].upper() + option[1:]


def judge(question: Question, reply: str, check: Grader) -> Verdict | AskAgain:
    """Grade a reply to a question, or say why a choice reply must be given again.

    A blank reply gives up; a typed reply is checked; a multiple-choice reply is judged by
    `quizgen.quiz.answers.choice.judge_choice`.
    """
    if not question.options:
        if not reply.strip():
            return Verdict(Grade.WRONG, "No answer given.", question.card.back)
        return check(question.card, reply.strip())
    return judge_choice(question.card, question.options, question.answer_index, reply, check)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def from_replies(replies: Iterable[str]) -> AnswerSource:
    """Make an answer source that gives these replies in turn, then ends the input."""
    remaining = iter(replies)

    def answer(question: Question, notice: str | None) -> str | None:
        return next(remaining, None)

    return answer


def run(
    questions: Iterable[Question],
    answer: AnswerSource | Iterable[str],
    *,
    check: Grader,
    record: Recorder | None = None,
    clock: Callable[[], float] = time.monotonic,
    now: Callable[[], dt.datetime] = _utc_now,
) -> Iterator[Result]:
    """Ask each question in turn and yield its result once recorded.

    Stop quietly at the end of input (the answer source returns None or raises EOFError).
    Each result is passed to `record` before it is yielded, so what the learner has seen
    judged has already been kept. `answer` may also be an iterable of replies.
    """
    if not callable(answer):
        answer = from_replies(answer)
    for question in questions:
        started = clock()
        notice: str | None = None
        while True:
            try:
                reply = answer(question, notice)
            except EOFError:
                return
            if reply is None:
                return
            verdict = judge(question, reply, check)
            if isinstance(verdict, Verdict):
                break
            notice = verdict.notice
        result = Result(question, reply.strip(), verdict, clock() - started, now())
        if record is not None:
            record(result)
        yield result


def summarize(
    results: Iterable[Result], *, seconds: float, planned: int, interrupted: bool = False
) -> Summary:
    """Sum up a quiz from its results."""
    return Summary(tuple(results), seconds, planned, interrupted)
