"""Multiple-choice options: the right answer among plausible wrong ones.

Wrong options come from sibling facts of the same type that ask for the same field and sit
close to the answer (dates near in time at the same precision, figures of the same unit and
size, names of the same kind), and are made up when siblings are too few (nearby years and
months, the figure scaled by plausible factors, one party swapped for another). No option
repeats another, and none would itself be judged right by `quizgen.quiz.answers.check`.

Build a `DistractorIndex` once per quiz and call `.choices(card, rng)` for each card. The
index may be built from `CardRef`s, so that a quiz renders only the cards it asks.
"""

from __future__ import annotations

import bisect
import functools
import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from rapidfuzz import fuzz, process

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
    Number,
    PartialDate,
    Precision,
)
from quizgen.quiz.answers import Grade, check, normalise, option_text

__all__ = ["Choices", "DistractorIndex", "choices"]

T = TypeVar("T")

_WINDOW = 8
"""How many of the closest siblings a wrong option is drawn from."""

_SCAN = 400
"""How many sorted neighbours are looked at, at most, to find the closest distinct ones."""

_REACH = {Precision.YEAR: 20 * 366, Precision.MONTH: 3 * 366, Precision.DAY: 366}
"""How far away in days a sibling's date may be and still make a plausible wrong option."""

_LOOK = 300
"""How many siblings, at most, are compared with a name or title to find those alike."""

_MIN_GAP = math.log10(1.1)
"""How far apart in size (here 10 percent) a sibling figure must be to make a fair option."""

_FACTORS = (0.5, 2.0, 0.75, 1.5, 0.8, 1.25, 3.0, 1 / 3, 0.6, 1.4, 4.0, 0.25, 10.0, 0.1)
"""Plausible wrong sizes for a figure, as multiples of the right one."""


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


def _size(value: FigureValue) -> float:
    """Return the order of magnitude of a figure (of its middle, for a range)."""
    middle = abs(value.low + value.high) / 2
    return math.log10(middle) if middle else -99.0


def _month_index(date: PartialDate) -> int:
    return date.year * 12 + (date.month or 1) - 1


def _coarsen(date: PartialDate, precision: Precision) -> PartialDate | None:
    """Return the date at a lower precision, or None when it is less precise than asked."""
    if date.precision < precision:
        return None
    if precision is Precision.YEAR:
        return PartialDate(date.year)
    if precision is Precision.MONTH:
        return PartialDate(date.year, date.month)
    return date


def _shift(date: PartialDate, steps: int) -> PartialDate | None:
    """Move a date by `steps` units of its own precision (years, months or days)."""
    try:
        if date.precision is Precision.YEAR:
            return PartialDate(date.year + steps)
        if date.precision is Precision.MONTH:
            index = _month_index(date) + steps
            return PartialDate(index // 12, index % 12 + 1)
        day = date.first_day().toordinal() + steps
        return PartialDate.from_date(date.first_day().fromordinal(day))
    except (ValueError, OverflowError):
        return None


def _sig_round(value: float, like: Number) -> Number:
    """Round `value` to the significant digits of `like` (at least two), and to its kind."""
    if value == 0 or not math.isfinite(value):
        return 0
    digits = len(Decimal(repr(like)).normalize().as_tuple().digits) if like else 1
    places = max(digits, 2) - 1 - math.floor(math.log10(abs(value)))
    rounded = round(value, places)
    if isinstance(like, int) or float(rounded).is_integer():
        return round(rounded)
    return float(rounded)


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
                figures[_normal(fact.unit)].append((_size(fact.value), fact.value))
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
                key = tuple(sorted(_normal(p) for p in fact.parties))
                party_lists[len(fact.parties)].setdefault(key, fact.parties)
        self._party_lists = {size: list(lists.values()) for size, lists in party_lists.items()}
        shapes: dict[tuple[FactType, _Shape], dict[DateSpec, int]] = defaultdict(dict)
        for fact_type, rows in self._dates.items():
            for spec in dict.fromkeys(spec for _, spec, _ in rows):
                for shaped in _coarsenings(spec):
                    when = shaped.start.first_day().toordinal()
                    shapes[(fact_type, _shape(shaped))].setdefault(shaped, when)
        self._shapes = {
            key: sorted(((when, spec) for spec, when in specs.items()), key=lambda r: r[0])
            for key, specs in shapes.items()
        }
        self._shape_keys = {key: [r[0] for r in rows] for key, rows in self._shapes.items()}

    def choices(self, card: Card, rng: random.Random, n: int = 4) -> Choices:
        """Return `n` options for the card, shuffled by `rng` (fewer if the pool runs short)."""
        correct = option_text(card)
        seen = {self._key(card, correct)}
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
                if len(wrong) == n - 1:
                    break
        options = [correct, *wrong]
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
            yield from _sample(_retitled(value), rng, 2 * _WINDOW)

    def _card_options(self, card: Card, rng: random.Random) -> Iterator[str]:
        """Fall back on other cards that ask for the same field of the same type of fact."""
        siblings = self._cards.get((card.fact.type, card.answer_field), [])
        for other in _sample(siblings, rng, 24):
            if other.fact.id != card.fact.id:
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
        key = (card.fact.type, _shape(spec))
        rows = self._shapes.get(key, [])
        keys = self._shape_keys.get(key, [])
        target = spec.start.first_day().toordinal()
        reach = _REACH[spec.start.precision]
        siblings = [
            self._date_text(card, other)
            for other in _nearest(rows, keys, target, reach, _WINDOW + 1)
            if other != spec
        ]
        yield from _sample(siblings, rng, len(siblings))
        made = [
            self._date_text(card, shifted)
            for shifted in _shifted_specs(spec, bool(getattr(card.fact, "approximate", False)))
        ]
        yield from _sample(made[:_WINDOW], rng, _WINDOW)
        yield from made[_WINDOW:]

    def _event_options(self, card: Card, fact: DateFact, rng: random.Random) -> Iterator[str]:
        events: list[str] = []
        for _, other in self._nearby_dates(fact, fact.date.start):
            if isinstance(other, DateFact):
                events.append(other.event)
            if len(events) == 3 * _WINDOW:
                break
        yield from _sample(events, rng, len(events))

    # Figures -------------------------------------------------------------------------------

    def _figure_text(self, fact: FigureFact, value: FigureValue) -> str:
        return format_figure(value, fact.unit, approximate=fact.approximate)

    def _figure_options(self, fact: FigureFact, rng: random.Random) -> Iterator[str]:
        unit = normalise(fact.unit)
        rows = self._figures.get(unit, [])
        keys = self._figure_keys.get(unit, [])
        size = _size(fact.value)
        close: list[str] = []
        for value in _nearest(rows, keys, size, 1.0, 8 * _WINDOW):
            if value.is_range != fact.value.is_range or value == fact.value:
                continue
            if value.high == 1 and fact.value.high != 1:
                continue
            if abs(_size(value) - size) < _MIN_GAP:
                continue  # a sibling within a few percent is a trick, not a test
            close.append(self._figure_text(fact, value))
            if len(close) == 2 * _WINDOW:
                break
        yield from _sample(close, rng, len(close))
        made = [self._figure_text(fact, value) for value in _scaled_values(fact)]
        yield from _sample(made[:6], rng, 6)
        yield from made[6:]

    # Names, titles, parties, free text ----------------------------------------------------

    def _name_options(self, fact: NameFact, field: str, rng: random.Random) -> Iterator[str]:
        answer = getattr(fact, field)
        for group in (self._names[(fact.kind, fact.top_deck)], self._names[fact.kind]):
            texts = [
                getattr(other, field) for other in _sample(group, rng, _LOOK) if other.id != fact.id
            ]
            yield from _alike(answer, texts, rng)
        for any_name in _sample(self._by_type[FactType.NAME], rng, 4 * _WINDOW):
            if any_name.id != fact.id and isinstance(any_name, NameFact):
                yield getattr(any_name, field)

    def _text_options(self, fact: AnyFact, field: str, rng: random.Random) -> Iterator[str]:
        answer = getattr(fact, field)
        same_deck = self._by_deck[(fact.type, fact.top_deck)]
        for group in (same_deck, self._by_type[fact.type]):
            texts = [
                text.strip()
                for other in _sample(group, rng, _LOOK)
                if other.id != fact.id and isinstance(text := getattr(other, field, None), str)
            ]
            yield from _alike(answer, texts, rng)

    def _party_options(self, fact: AgreementFact, rng: random.Random) -> Iterator[str]:
        parties = list(fact.parties)
        taken = {normalise(p) for p in parties}
        others = [p for p in self._parties[: 4 * _WINDOW] if normalise(p) not in taken]
        swaps: list[str] = []
        for position in range(len(parties)):
            for other in others[: 2 * _WINDOW]:
                swapped = [*parties]
                swapped[position] = other
                swaps.append(join_list(swapped))
        same_size = self._party_lists.get(len(parties), [])
        yield from _sample(swaps, rng, 3 * _WINDOW)
        yield from (join_list(lst) for lst in _sample(same_size, rng, 2 * _WINDOW))
        if len(parties) > 2:
            for position in range(len(parties)):
                yield join_list(parties[:position] + parties[position + 1 :])
        for other in others[:_WINDOW]:
            yield join_list([*parties, other])


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


@functools.lru_cache(maxsize=1 << 16)
def _normal(text: str) -> str:
    return normalise(text)


def _alike(answer: str, texts: Sequence[str], rng: random.Random) -> list[str]:
    """Return the texts most like the answer first (in an order drawn from `rng`), then others.

    Names that look alike ("Kim Il-sung" for "Kim Jong-un") make a better test than any name.
    """
    if not texts:
        return []
    best = process.extract(
        _normal(answer), [_normal(t) for t in texts], scorer=fuzz.WRatio, limit=_WINDOW
    )
    chosen = {index for _, _, index in best}
    weighted = [(texts[index], (score / 100) ** 4) for _, score, index in best]
    alike: list[str] = []
    while weighted:
        # The more alike, the likelier to be drawn first, yet every seed may draw another.
        pick = rng.choices(range(len(weighted)), weights=[w + 1e-6 for _, w in weighted])[0]
        alike.append(weighted.pop(pick)[0])
    rest = [text for index, text in enumerate(texts) if index not in chosen]
    return alike + _sample(rest, rng, 4 * _WINDOW)


def _sample(items: Sequence[T], rng: random.Random, count: int) -> list[T]:
    """Return up to `count` of the items, picked and ordered by `rng`."""
    picks = rng.sample(range(len(items)), min(count, len(items)))
    return [items[i] for i in picks]


_AGREEMENT_NOUNS = ("Treaty", "Agreement", "Accord", "Protocol", "Pact", "Convention")


def _retitled(title: str) -> list[str]:
    """Return the title with its kind of agreement swapped: "Treaty of X" -> "Accord of X"."""
    words = title.split()
    made = []
    for position, word in enumerate(words):
        if word.capitalize() in _AGREEMENT_NOUNS:
            for noun in _AGREEMENT_NOUNS:
                if noun != word.capitalize():
                    made.append(" ".join([*words[:position], noun, *words[position + 1 :]]))
            break
    return made


_Shape = tuple[Precision, Precision | None]


def _shape(spec: DateSpec) -> _Shape:
    """Return the precisions of a date's ends: what a wrong option must share with it."""
    return spec.start.precision, spec.end.precision if spec.end is not None else None


def _coarsenings(spec: DateSpec) -> list[DateSpec]:
    """Return the date at its own precision and at every coarser one."""
    made: list[DateSpec] = []
    for precision in Precision:
        start = _coarsen(spec.start, precision)
        if start is None:
            continue
        if spec.end is None:
            made.append(DateSpec(start))
            continue
        for end_precision in Precision:
            end = _coarsen(spec.end, end_precision)
            if end is not None and start.first_day() <= end.last_day():
                made.append(DateSpec(start, end))
    return made


def _nearest(
    rows: Sequence[tuple[float, T]], keys: Sequence[float], target: float, reach: float, count: int
) -> list[T]:
    """Return up to `count` values from sorted `rows` nearest to `target`, within `reach`."""
    found: list[T] = []
    right = bisect.bisect_left(keys, target)
    left = right - 1
    while len(found) < count:
        left_gap = target - keys[left] if left >= 0 else None
        right_gap = keys[right] - target if right < len(keys) else None
        if left_gap is not None and (right_gap is None or left_gap <= right_gap):
            gap, value, left = left_gap, rows[left][1], left - 1
        elif right_gap is not None:
            gap, value, right = right_gap, rows[right][1], right + 1
        else:
            break
        if gap > reach:
            break
        found.append(value)
    return found


def _shift_years(date: PartialDate, years: int) -> PartialDate | None:
    """Move a date by whole years, keeping its month and day (29 February becomes the 28th)."""
    year = date.year + years
    if not 1 <= year <= 9999:
        return None
    day = date.day
    if day is not None and date.month == 2 and day == 29:
        day = 28
    return PartialDate(year, date.month, day)


def _shifted_specs(spec: DateSpec, approximate: bool) -> list[DateSpec]:
    """Return made-up dates near the answer at its precision, nearest first.

    An approximate date is moved by whole years beyond its tolerance of one year.
    """
    made: list[DateSpec] = []
    move: Callable[[PartialDate, int], PartialDate | None] = _shift
    if approximate:
        move, steps = _shift_years, [2, -2, 3, -3, 5, -5, 4, -4, 10, -10]
    else:
        steps = [1, -1, 2, -2, 3, -3, 5, -5, 4, -4, 10, -10]
        if spec.start.precision is Precision.MONTH:
            steps = [1, -1, 2, -2, 3, -3, 12, -12, 24, -24, 6, -6]
        elif spec.start.precision is Precision.DAY:
            steps = [1, -1, 7, -7, 30, -30, 365, -365, 3, -3, 14, -14]
    for step in steps:
        start = move(spec.start, step)
        if start is None:
            continue
        if spec.end is None:
            made.append(DateSpec(start))
            continue
        end = move(spec.end, step)
        for first, last in ((start, end), (spec.start, end)):
            if last is None:
                continue
            try:
                made.append(DateSpec(first, last))
            except ValueError:
                continue
    return list(dict.fromkeys(made))


def _scaled_values(fact: FigureFact) -> list[FigureValue]:
    """Return the figure scaled by plausible factors, rounded like it, nearest first."""
    percent = fact.unit.strip().casefold() in ("percent", "per cent", "%")
    percent = percent and fact.value.high <= 100
    made: list[FigureValue] = []
    for factor in _FACTORS:
        low = _sig_round(fact.value.low * factor, fact.value.low)
        high = _sig_round(fact.value.high * factor, fact.value.high)
        if percent and high > 100:
            continue
        value = FigureValue(low, high)
        if high <= 1 and fact.value.high > 1:
            continue  # "1 rounds" would give itself away
        if value != fact.value and low <= high and value.is_range == fact.value.is_range:
            made.append(value)
    return list(dict.fromkeys(made))
