"""The distractor index: every fact of a quiz, indexed once, to draw wrong options from.

Wrong options come from sibling facts of the same type that ask for the same field and sit
close to the answer (dates near in time at the same precision, figures of the same unit and
size, names of the same kind), and are made up when siblings are too few (`made`). No option
repeats another, and none would itself be judged right by `quizgen.quiz.answers.check`.

Build a `DistractorIndex` once per quiz and call `.choices(card, rng)` for each card. The
index may be built from `CardRef`s, so that a quiz renders only the cards it asks.
"""

from __future__ import annotations

import bisect
import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from quizgen.cards.render import CardRef
from quizgen.language.english import format_date_spec, format_figure, join_list
from quizgen.model.facts import (
    AgreementFact,
    AnyFact,
    Card,
    DateFact,
    DateSpec,
    FactType,
    FigureFact,
    FigureValue,
    NameFact,
    PartialDate,
    Precision,
)
from quizgen.quiz.answers import Grade, check, normalise, option_text
from quizgen.quiz.answers.parties import person_surname
from quizgen.quiz.distractors.echoes import Echoes
from quizgen.quiz.distractors.made import (
    Shape,
    coarsenings,
    retitled,
    scaled_values,
    shape,
    shifted_specs,
)
from quizgen.quiz.distractors.picking import WINDOW, alike, magnitude, nearest, normal, sample

__all__ = ["Choices", "DistractorIndex", "choices"]

_SCAN = 400
"""How many sorted neighbours are looked at, at most, to find the closest distinct ones."""

_REACH = {Precision.YEAR: 20 * 366, Precision.MONTH: 3 * 366, Precision.DAY: 366}
"""How far away in days a sibling's date may be and still make a plausible wrong option."""

_LOOK = 300
"""How many siblings, at most, are compared with a name or title to find those alike."""

_MIN_GAP = math.log10(1.1)
"""How far apart in size (here 10 percent) a sibling figure must be to make a fair option."""


@dataclass(frozen=True)
class Choices:
    """Options shown to the learner, in order, and the index of the right one."""

    options: tuple[str, ...]
    answer_index: int

    @property
    def answer(self) -> str:
        """Return the right option's text."""
        return self.options[self.answer_index]


def choices(
    card: Card, pool: Iterable[Card | CardRef | AnyFact], rng: random.Random, n: int = 4
) -> Choices:
    """Return `n` options for the card (fewer when the pool cannot supply them).

    For many cards from one pool, build a `DistractorIndex` once and call its `choices`.
    """
    return DistractorIndex(pool).choices(card, rng, n)


class DistractorIndex:
    """All facts of a quiz, indexed once by type, field, kind and unit, to draw options from."""

    def __init__(self, pool: Iterable[Card | CardRef | AnyFact]) -> None:
        facts: dict[str, AnyFact] = {}
        self._cards: dict[tuple[FactType, str], list[Card | CardRef]] = defaultdict(list)
        for item in pool:
            fact = item.fact if isinstance(item, Card | CardRef) else item
            facts.setdefault(fact.id, fact)
            if isinstance(item, Card | CardRef):
                self._cards[(fact.type, item.answer_field)].append(item)
        self.facts = tuple(facts.values())
        dates: dict[FactType, list[tuple[int, DateSpec, AnyFact]]] = defaultdict(list)
        figures: dict[str, list[tuple[float, FigureValue]]] = defaultdict(list)
        self._by_type: dict[FactType, list[AnyFact]] = defaultdict(list)
        self._by_deck: dict[tuple[FactType, str], list[AnyFact]] = defaultdict(list)
        self._names: dict[object, list[NameFact]] = defaultdict(list)
        party_counts: Counter[str] = Counter()
        for fact in self.facts:
            self._by_type[fact.type].append(fact)
            self._by_deck[(fact.type, fact.top_deck)].append(fact)
            spec = getattr(fact, "date", None)
            if isinstance(spec, DateSpec):
                dates[fact.type].append((spec.start.first_day().toordinal(), spec, fact))
            if isinstance(fact, FigureFact):
                figures[normal(fact.unit)].append((magnitude(fact.value), fact.value))
            if isinstance(fact, NameFact):
                self._names[fact.kind].append(fact)
                self._names[(fact.kind, fact.top_deck)].append(fact)
            if isinstance(fact, AgreementFact):
                party_counts.update(fact.parties)
        self._dates = {kind: sorted(rows, key=lambda r: r[0]) for kind, rows in dates.items()}
        self._date_keys = {kind: [r[0] for r in rows] for kind, rows in self._dates.items()}
        self._figures = {unit: sorted(rows, key=lambda r: r[0]) for unit, rows in figures.items()}
        self._figure_keys = {unit: [r[0] for r in rows] for unit, rows in self._figures.items()}
        self._parties = [party for party, _ in party_counts.most_common()]
        party_lists: dict[int, dict[tuple[str, ...], tuple[str, ...]]] = defaultdict(dict)
        for fact in self._by_type[FactType.AGREEMENT]:
            if isinstance(fact, AgreementFact):
                key = tuple(sorted(normal(p) for p in fact.parties))
                party_lists[len(fact.parties)].setdefault(key, fact.parties)
        self._party_lists = {size: list(lists.values()) for size, lists in party_lists.items()}
        shapes: dict[tuple[FactType, Shape], dict[DateSpec, int]] = defaultdict(dict)
        for fact_type, rows in self._dates.items():
            for spec in dict.fromkeys(spec for _, spec, _ in rows):
                for shaped in coarsenings(spec):
                    when = shaped.start.first_day().toordinal()
                    shapes[(fact_type, shape(shaped))].setdefault(shaped, when)
        self._shapes = {
            key: sorted(((when, spec) for spec, when in specs.items()), key=lambda r: r[0])
            for key, specs in shapes.items()
        }
        self._shape_keys = {key: [r[0] for r in rows] for key, rows in self._shapes.items()}

    def choices(self, card: Card, rng: random.Random, n: int = 4) -> Choices:
        """Return `n` options for the card, shuffled by `rng` (fewer if the pool runs short)."""
        correct = option_text(card)
        seen = {self._key(card, correct)}
        echoes = Echoes(card)
        wrong: list[str] = []
        if n > 1:
            for candidate in self._candidates(card, rng):
                key = self._key(card, candidate)
                if not key or key in seen:
                    continue
                seen.add(key)
                if check(card, candidate).grade in (Grade.CORRECT, Grade.ALMOST):
                    continue
                wrong.append(candidate)
                if len(wrong) == echoes.gather(n - 1):
                    break
        fair = echoes.comparable(correct, wrong, n - 1)
        if fair is None:
            return Choices((correct,), 0)  # every set of options would give the answer away
        options = [correct, *fair]
        rng.shuffle(options)
        return Choices(tuple(options), options.index(correct))

    # -----------------------------------------------------------------------------------------

    @staticmethod
    def _key(card: Card, option: str) -> str:
        """Return what makes two options the same: parties in any order count once."""
        if card.answer_field == "parties":
            return " ; ".join(sorted(normalise(p) for p in option.replace(" and ", ",").split(",")))
        return normalise(option)

    def _candidates(self, card: Card, rng: random.Random) -> Iterator[str]:
        fact = card.fact
        value = getattr(fact, card.answer_field, None)
        if isinstance(value, DateSpec):
            yield from self._date_options(card, value, rng)
        elif isinstance(value, FigureValue) and isinstance(fact, FigureFact):
            yield from self._figure_options(fact, rng)
        elif card.answer_field == "parties" and isinstance(fact, AgreementFact):
            yield from self._party_options(fact, rng)
        elif isinstance(fact, NameFact) and card.answer_field in ("name", "description"):
            yield from self._name_options(fact, card.answer_field, rng)
        elif isinstance(fact, DateFact) and card.answer_field == "event":
            yield from self._event_options(card, fact, rng)
        elif isinstance(value, str):
            yield from self._text_options(fact, card.answer_field, rng)
        yield from self._card_options(card, rng)
        if card.answer_field == "title" and isinstance(value, str):
            yield from sample(retitled(value), rng, 2 * WINDOW)

    def _card_options(self, card: Card, rng: random.Random) -> Iterator[str]:
        """Fall back on other cards that ask for the same field of the same type of fact."""
        siblings = self._cards.get((card.fact.type, card.answer_field), [])
        for other in sample(siblings, rng, 24):
            if _fair(card, other.fact):
                yield _option_text(other)

    # Dates ---------------------------------------------------------------------------------

    def _date_text(self, card: Card, spec: DateSpec) -> str:
        text = format_date_spec(spec)
        return f"around {text}" if getattr(card.fact, "approximate", False) else text

    def _nearby_dates(self, fact: AnyFact, start: PartialDate) -> Iterator[tuple[int, AnyFact]]:
        """Yield other facts of the same type with a date, nearest in time first."""
        rows = self._dates.get(fact.type, [])
        keys = self._date_keys.get(fact.type, [])
        target = start.first_day().toordinal()
        right = bisect.bisect_left(keys, target)
        left = right - 1
        for _ in range(min(_SCAN, len(rows))):
            take_left = left >= 0 and (
                right >= len(rows) or target - keys[left] <= keys[right] - target
            )
            if take_left:
                row, left = rows[left], left - 1
            elif right < len(rows):
                row, right = rows[right], right + 1
            else:
                return
            if row[2].id != fact.id:
                yield row[0], row[2]

    def _date_options(self, card: Card, spec: DateSpec, rng: random.Random) -> Iterator[str]:
        key = (card.fact.type, shape(spec))
        rows = self._shapes.get(key, [])
        keys = self._shape_keys.get(key, [])
        target = spec.start.first_day().toordinal()
        reach = _REACH[spec.start.precision]
        siblings = [
            self._date_text(card, other)
            for other in nearest(rows, keys, target, reach, WINDOW + 1)
            if other != spec and not _inside(other, spec)
        ]
        yield from sample(siblings, rng, len(siblings))
        made = [
            self._date_text(card, shifted)
            for shifted in shifted_specs(spec, bool(getattr(card.fact, "approximate", False)))
            if not _inside(shifted, spec)
        ]
        yield from sample(made[:WINDOW], rng, WINDOW)
        yield from made[WINDOW:]

    def _event_options(self, card: Card, fact: DateFact, rng: random.Random) -> Iterator[str]:
        events: dict[str, str] = {}
        for _, other in self._nearby_dates(fact, fact.date.start):
            if isinstance(other, DateFact) and _fair(card, other):
                events.setdefault(_described(other), other.event)
            if len(events) == 3 * WINDOW:
                break
        # Events alike in wording and hint first: a new rail line among other transport, a
        # leader's visit among visits, so that the hint in the question gives none away.
        for described in alike(_described(fact), list(events), rng):
            yield events[described]

    # Figures -------------------------------------------------------------------------------

    def _figure_text(self, fact: FigureFact, value: FigureValue) -> str:
        return format_figure(value, fact.unit, approximate=fact.approximate)

    def _figure_options(self, fact: FigureFact, rng: random.Random) -> Iterator[str]:
        unit = normalise(fact.unit)
        rows = self._figures.get(unit, [])
        keys = self._figure_keys.get(unit, [])
        size = magnitude(fact.value)
        close: list[str] = []
        for value in nearest(rows, keys, size, 1.0, 8 * WINDOW):
            if value.is_range != fact.value.is_range or value == fact.value:
                continue
            if value.high == 1 and fact.value.high != 1:
                continue
            if abs(magnitude(value) - size) < _MIN_GAP:
                continue  # a sibling within a few percent is a trick, not a test
            close.append(self._figure_text(fact, value))
            if len(close) == 2 * WINDOW:
                break
        yield from sample(close, rng, len(close))
        made = [self._figure_text(fact, value) for value in scaled_values(fact)]
        yield from sample(made[:6], rng, 6)
        yield from made[6:]

    # Names, titles, parties, free text ----------------------------------------------------

    def _name_options(self, fact: NameFact, field: str, rng: random.Random) -> Iterator[str]:
        answer = getattr(fact, field)
        for group in (self._names[(fact.kind, fact.top_deck)], self._names[fact.kind]):
            texts = [
                getattr(other, field) for other in sample(group, rng, _LOOK) if other.id != fact.id
            ]
            yield from alike(answer, texts, rng)

    def _text_options(self, fact: AnyFact, field: str, rng: random.Random) -> Iterator[str]:
        answer = getattr(fact, field)
        same_deck = self._by_deck[(fact.type, fact.top_deck)]
        for group in (same_deck, self._by_type[fact.type]):
            texts = [
                text.strip()
                for other in sample(group, rng, _LOOK)
                if other.id != fact.id and isinstance(text := getattr(other, field, None), str)
            ]
            yield from alike(answer, texts, rng)

    def _party_options(self, fact: AgreementFact, rng: random.Random) -> Iterator[str]:
        parties = list(fact.parties)
        taken = {normalise(p) for p in parties}
        people = _people(fact)
        others = [
            p
            for p in self._parties
            if normalise(p) not in taken and bool(person_surname(p)) is people
        ][: 4 * WINDOW]
        swaps: list[str] = []
        for position in range(len(parties)):
            for other in others[: 2 * WINDOW]:
                swapped = [*parties]
                swapped[position] = other
                swaps.append(join_list(swapped))
        same_size = [
            other
            for other in self._party_lists.get(len(parties), [])
            if any(person_surname(p) for p in other) is people
        ]
        yield from sample(swaps, rng, 3 * WINDOW)
        yield from (join_list(lst) for lst in sample(same_size, rng, 2 * WINDOW))
        if len(parties) > 2:
            for position in range(len(parties)):
                yield join_list(parties[:position] + parties[position + 1 :])
        for other in others[:WINDOW]:
            yield join_list([*parties, other])


def _fair(card: Card, other: AnyFact) -> bool:
    """Return whether another fact's answer may be offered as a wrong option for the card:
    a name of the same kind (no person among spacecraft), and never an event that happened
    at the date asked, which would be a right answer too."""
    fact = card.fact
    if other.id == fact.id:
        return False
    if isinstance(fact, NameFact) and isinstance(other, NameFact) and fact.kind != other.kind:
        return False
    if (
        isinstance(fact, AgreementFact)
        and isinstance(other, AgreementFact)
        and card.answer_field == "parties"
    ):
        return _people(fact) is _people(other)
    if isinstance(fact, DateFact) and isinstance(other, DateFact) and card.answer_field == "event":
        return not _overlap(fact, other)
    return True


def _described(fact: DateFact) -> str:
    """Return an event with its hint, the words an option must be alike in."""
    return f"{fact.event} ({fact.hint})" if fact.hint else fact.event


def _people(fact: AgreementFact) -> bool:
    """Return whether an agreement's parties are people rather than countries or bodies."""
    return any(person_surname(p) for p in fact.parties)


def _overlap(first: DateFact, second: DateFact) -> bool:
    """Return whether two facts' dates may share a day (an approximate date by a year more)."""
    (low, high), (other_low, other_high) = _days(first), _days(second)
    return low <= other_high and other_low <= high


def _days(fact: DateFact) -> tuple[int, int]:
    spec = fact.date
    low = spec.start.first_day().toordinal()
    high = (spec.end or spec.start).last_day().toordinal()
    slack = 366 if fact.approximate else 0
    return low - slack, high + slack


def _inside(option: DateSpec, answer: DateSpec) -> bool:
    """Return whether a date lies wholly inside a span asked for: true, if not all of it."""
    if answer.end is None or option == answer:
        return False
    return (
        answer.start.first_day() <= option.start.first_day()
        and (option.end or option.start).last_day() <= answer.end.last_day()
    )


def _option_text(item: Card | CardRef) -> str:
    """Return a sibling card's answer as an option, rendered or not.

    `option_text` reads a card's text only when its answer field holds no value, which a card
    made from a valid fact never has (every field a card asks for is required), so an
    unrendered card is given blank text.
    """
    if isinstance(item, CardRef):
        item = Card(
            fact=item.fact, kind=item.kind, front="", back="", answer_field=item.answer_field
        )
    return option_text(item)
