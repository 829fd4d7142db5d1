"""Card checks: what makes a deck's cards worth keeping, judged on the cards as rendered.

`check_cards` renders every card of a fact base and returns the cards, the facts whose
cards cannot be made (a template or a fact's own wording fails), and warnings, each naming
the fact's file and line: an answer printed on another card's front in the same top-level
deck, a date prompt that fits another fact under the same topic, two identical fronts, two
kinds of a fact asking one answer from one cue, a front over 30 words, and fact text that
will not read as a sentence (see `quizgen.cards.sentences`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from quizgen.cards.dates import DateIndex
from quizgen.cards.giveaways import answer_forms as _answer_forms
from quizgen.cards.giveaways import own_giveaways, prints, searchable
from quizgen.cards.render import cards_for_fact
from quizgen.cards.sentences import fragments
from quizgen.cards.templates import Templates
from quizgen.cards.variables import topic_label
from quizgen.errors import Location, Problem, TemplateError
from quizgen.language.english import shorten
from quizgen.model.facts import AnyFact, Card, CardKind, DateFact, FactBase

LONG_FRONT = 30
"""Words past which a front usually holds two facts."""

_SAME_CUE = (
    (CardKind.QUESTION, CardKind.CLOZE),
    (CardKind.WHICH, CardKind.CLOZE),
)
"""Pairs of kinds that ask for the same answer from the same cue."""

_WORDED_BY = {
    "date": "event",
    "name": "description",
    "figure": "quantity",
    "agreement": "summary",
}
"""The fact field that makes a card's front long, by fact type."""


@dataclass(frozen=True)
class CardCheck:
    """What `check_cards` found: the cards made, problems (errors) and warnings."""

    cards: tuple[Card, ...]
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]


def check_cards(facts: FactBase, templates: Templates) -> CardCheck:
    """Render every card of the base and judge them; a fact that cannot render is a problem."""
    dates = DateIndex(facts)
    cards: list[Card] = []
    problems: list[Problem] = []
    failed: dict[str, list[AnyFact]] = {}
    for fact in facts:
        try:
            cards.extend(cards_for_fact(fact, facts, templates, dates=dates))
        except TemplateError as error:
            # A template that fails fails for many facts: say so once, with a count.
            message = (
                str(error).replace(f"{fact.location}: ", "").replace(f"fact '{fact.id}': ", "")
            )
            failed.setdefault(message, []).append(fact)
    for message, failing in failed.items():
        more = f" (and {len(failing) - 1} more facts)" if len(failing) > 1 else ""
        problems.append(_problem(failing[0], message + more))

    warnings = [
        *_answers_on_fronts(cards),
        *own_giveaways(cards),
        *_shared_dates(facts, dates),
        *_identical_fronts(cards),
        *_same_answer_twice(facts),
        *_long_fronts(cards),
        *(_warning(fact, text) for fact in facts for text in fragments(fact)),
    ]
    return CardCheck(tuple(cards), tuple(problems), tuple(sorted(set(warnings))))


def leaked_answers(cards: Sequence[Card]) -> list[tuple[Card, str, Card]]:
    """Find answers printed on another fact's front in the same top-level deck.

    Return (card, the answer as found, the card whose front prints it), one per front that
    prints it (in card order, with the first of its answer forms found there), so that one
    run names every front to mend.
    """
    by_deck: dict[str, list[Card]] = defaultdict(list)
    for card in cards:
        by_deck[card.fact.top_deck].append(card)
    found = []
    for deck_cards in by_deck.values():
        fronts = _FrontIndex(deck_cards)
        for card in deck_cards:
            showing: dict[int, str] = {}
            for answer in _answer_forms(card):
                for number in fronts.showing(answer, card.fact.id):
                    showing.setdefault(number, answer)
            found += [(card, showing[n], deck_cards[n]) for n in sorted(showing)]
    return found


_WORD = re.compile(r"\w+")


class _FrontIndex:
    """A deck's fronts by the words and word pairs they hold, to find the fronts printing an
    answer without searching every front for every answer.

    An answer found as a whole (no word character just before or after it) brings its
    words with it, whole and in order: a front that prints it holds its every word pair.
    The index gives the fronts holding the answer's rarest pair (or its word, for a
    one-word answer); only those are searched.
    """

    def __init__(self, cards: Sequence[Card]) -> None:
        self._cards = cards
        self._fronts = [searchable(card.front) for card in cards]
        self._postings: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for number, front in enumerate(self._fronts):
            words = _WORD.findall(front)
            keys = {*((word,) for word in words), *pairwise(words)}
            for key in keys:
                self._postings[key].append(number)

    def showing(self, answer: str, fact_id: str) -> list[int]:
        """Return the numbers of the cards, not of fact `fact_id`, whose fronts print `answer`."""
        folded = answer.casefold()
        words = _WORD.findall(folded)
        keys: list[tuple[str, ...]] = [*pairwise(words)] or [(word,) for word in words]
        candidates: Sequence[int] = range(len(self._fronts))  # no word: search every front
        if keys:
            candidates = min((self._postings.get(key, []) for key in keys), key=len)
        return [
            number
            for number in candidates
            if self._cards[number].fact.id != fact_id and prints(self._fronts[number], folded)
        ]


def _answers_on_fronts(cards: Sequence[Card]) -> Iterable[Problem]:
    for card, answer, other in leaked_answers(cards):
        yield _warning(
            card.fact,
            f"the answer of its {card.kind.value} card, '{answer}', stands on the front of "
            f"fact '{other.fact.id}' ({other.kind.value} card, {_place(other.fact)}): "
            f"“{shorten(other.front, 70)}”",
        )


def _shared_dates(facts: FactBase, dates: DateIndex) -> Iterable[Problem]:
    # Single dates by topic and by what they give ("1969", "1969-07"): a prompt "on 20 July
    # 1969" also fits a fact known only to have happened "in July 1969".
    coarse: dict[tuple[str, tuple[int | None, ...]], list[DateFact]] = defaultdict(list)
    for fact in facts:
        if isinstance(fact, DateFact) and not fact.date.is_interval:
            start = fact.date.start
            coarse[(topic_label(fact.deck), (start.year, start.month, start.day))].append(fact)
    for fact in facts:
        if not isinstance(fact, DateFact) or fact.hint or CardKind.REVERSE not in fact.card_kinds:
            continue
        topic = topic_label(fact.deck)
        rivals = dates.rivals(fact)
        if not fact.date.is_interval:
            start = fact.date.start
            for wider in ((start.year, None, None), (start.year, start.month, None)):
                if wider != (start.year, start.month, start.day):
                    rivals += coarse.get((topic, wider), [])
        rivals = list(dict.fromkeys(other for other in rivals if other.id != fact.id))
        if rivals:
            named = ", ".join(f"'{other.id}' ({_place(other)})" for other in rivals[:3])
            more = f" and {len(rivals) - 3} more" if len(rivals) > 3 else ""
            yield _warning(
                fact,
                f"its date prompt “What happened {_when(fact)}?” also fits {named}{more} "
                f"in the same deck; give it a 'hint' that tells them apart",
            )


def _identical_fronts(cards: Sequence[Card]) -> Iterable[Problem]:
    seen: dict[tuple[str, str], Card] = {}
    for card in cards:
        key = (card.fact.top_deck, card.front.casefold())
        first = seen.setdefault(key, card)
        if first is not card:
            yield _warning(
                card.fact,
                f"its {card.kind.value} card has the same front as fact '{first.fact.id}' "
                f"({first.kind.value} card, {_place(first.fact)}): “{shorten(card.front, 70)}”",
            )


def _same_answer_twice(facts: FactBase) -> Iterable[Problem]:
    for fact in facts:
        kinds = fact.card_kinds
        for one, other in _SAME_CUE:
            if one in kinds and other in kinds:
                yield _warning(
                    fact,
                    f"its {one.value} and {other.value} cards ask for the same answer from the "
                    f"same cue; drop '{other.value}' from 'cards'",
                )


def _long_fronts(cards: Sequence[Card]) -> Iterable[Problem]:
    for card in cards:
        words = len(card.front.split())
        if words > LONG_FRONT:
            field = _WORDED_BY[card.fact.type.value]
            yield _warning(
                card.fact,
                f"the front of its {card.kind.value} card has {words} words; over "
                f"{LONG_FRONT} usually holds two facts: shorten '{field}' or split the fact",
            )


def _when(fact: DateFact) -> str:
    from quizgen.language.english import format_when

    return format_when(fact.date, approximate=fact.approximate)


def _warning(fact: AnyFact, message: str) -> Problem:
    return Problem(fact.location, message, fact.id)


def _place(fact: AnyFact) -> str:
    location = fact.location
    return f"{location.path}:{location.line}" if location.line else location.path


def _problem(fact: AnyFact, message: str) -> Problem:
    """Return a failure as a problem at the place it names (a wording's line), else the fact's."""
    place = re.match(r"(.+?):(\d+):(\d+): (.*)$", message, re.S)
    if place is None:
        return Problem(fact.location, message, fact.id)
    path, line, col, rest = place.groups()
    return Problem(Location(path, int(line), int(col)), rest, fact.id)
