"""Card generation: turn facts into plain-text cards using the templates.

`generate_cards` gives every card of a fact base, in fact order and then in the order of
CARD_KINDS. `card_refs` names the same cards without rendering any, so that a quiz can choose
a few cards of a large base and render only those (`render_cards`).
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import NamedTuple

from quizgen.cards.dates import DateIndex
from quizgen.cards.filters import capfirst
from quizgen.cards.markers import GAP, HIDE_CLOSE, HIDE_OPEN
from quizgen.cards.sentences import mend
from quizgen.cards.templates import Templates, render_wording, template_keys, wording_where
from quizgen.cards.tidy import STRIP_SENTINELS, clean_fact, clean_text, tidy
from quizgen.cards.variables import topic_label
from quizgen.cards.variables import variables as fact_variables
from quizgen.errors import TemplateError
from quizgen.model.facts import (
    CARD_KINDS,
    AgreementFact,
    AnyFact,
    Card,
    CardKind,
    DateFact,
    FactBase,
    FactType,
    FigureFact,
    NameFact,
)

ANSWER_FIELDS: Mapping[tuple[type[AnyFact], CardKind], str] = {
    (DateFact, CardKind.QUESTION): "date",
    (DateFact, CardKind.REVERSE): "event",
    (DateFact, CardKind.CLOZE): "date",
    (NameFact, CardKind.QUESTION): "name",
    (NameFact, CardKind.REVERSE): "description",
    (NameFact, CardKind.CLOZE): "name",
    (FigureFact, CardKind.QUESTION): "value",
    (FigureFact, CardKind.CLOZE): "value",
    (AgreementFact, CardKind.WHICH): "title",
    (AgreementFact, CardKind.WHEN): "date",
    (AgreementFact, CardKind.PARTIES): "parties",
    (AgreementFact, CardKind.CLOZE): "title",
}
"""The fact field each card kind asks for, so a quiz knows how to check a reply."""


class CardRef(NamedTuple):
    """A card named but not rendered: its fact and its kind, enough to choose it by."""

    fact: AnyFact
    kind: CardKind

    @property
    def key(self) -> str:
        """Return the card's identity, the same as the rendered card's `Card.key`."""
        return f"{self.fact.id}/{self.kind.value}"

    @property
    def answer_field(self) -> str:
        """Return the fact field the card asks for, as `Card.answer_field`."""
        return ANSWER_FIELDS[(type(self.fact), self.kind)]


def generate_cards(
    facts: FactBase,
    templates: Templates,
    *,
    only: Collection[str] | None = None,
    dates: DateIndex | None = None,
) -> list[Card]:
    """Make every card of the fact base, in fact order, then in the order of CARD_KINDS.

    With `only`, make just the cards of the facts with these ids. They come out the same as
    in the full list: whether a date also fits other facts is still judged on the whole base.
    `dates` may pass the base's `DateIndex`, to share what it has worked out.
    """
    if dates is None:
        dates = DateIndex(facts)
    chosen = [fact for fact in facts if only is None or fact.id in only]
    cards: list[Card] = []
    for texts in _texts(chosen, templates, dates):
        cards.extend(_render_cards(texts))
    return cards


def card_refs(facts: Iterable[AnyFact]) -> list[CardRef]:
    """Name every card that `generate_cards` makes, in the same order, rendering none."""
    return [CardRef(fact, kind) for fact in facts for kind in kinds_in_order(fact)]


def render_cards(refs: Sequence[CardRef], facts: FactBase, templates: Templates) -> list[Card]:
    """Make the cards that `refs` name, in their order, rendering only the facts they name."""
    made = generate_cards(facts, templates, only={ref.fact.id for ref in refs})
    by_key = {card.key: card for card in made}
    return [by_key[ref.key] for ref in refs]


def cards_for_fact(
    fact: AnyFact, facts: FactBase, templates: Templates, *, dates: DateIndex | None = None
) -> list[Card]:
    """Make the cards of one fact, narrowed by its `cards` field, in CARD_KINDS order.

    `dates` may pass the base's `DateIndex`, to share it between many facts.
    """
    (texts,) = _texts([fact], templates, DateIndex(facts) if dates is None else dates)
    return _render_cards(texts)


def _texts(facts: Sequence[AnyFact], templates: Templates, dates: DateIndex) -> list[_Texts]:
    """Return each fact's texts to render, with its variables worked out from the fact as
    `clean_fact` cleans it.

    Each step goes over all the facts before the next begins, which keeps its code warm.
    """
    cleaned = [clean_fact(fact) for fact in facts]
    contexts = [
        dates.context(fact, clean) if isinstance(fact, DateFact) else None
        for fact, clean in zip(facts, cleaned, strict=True)
    ]
    mended = [mend(clean) for clean in cleaned]
    return [
        _Texts(templates, fact, fact_variables(ready, context))
        for fact, ready, context in zip(facts, mended, contexts, strict=True)
    ]


def _render_cards(texts: _Texts) -> list[Card]:
    """Render the cards of the fact whose texts these are, in CARD_KINDS order."""
    fact = texts.fact
    topic = topic_label(fact.deck)
    fact_class = type(fact)
    cards = []
    for kind, keys in _kinds_and_keys(fact.type, fact.card_kinds):
        answer_field = ANSWER_FIELDS[(fact_class, kind)]
        if kind is CardKind.CLOZE:
            before, hidden, after = _render_cloze(texts, kind, keys[0])
            cards.append(
                Card(
                    fact=fact,
                    kind=kind,
                    front=_no_gap(before) + GAP + _no_gap(after),
                    back=before + hidden + after,
                    answer_field=answer_field,
                    cloze=(before, hidden, after),
                    context=topic,
                )
            )
        else:
            cards.append(
                Card(
                    fact=fact,
                    kind=kind,
                    front=_render_plain(texts, kind, keys[0]),
                    back=_render_plain(texts, kind, keys[1]),
                    answer_field=answer_field,
                    context=topic,
                )
            )
    return cards


@functools.cache  # a base has few combinations of fact type and card kinds
def _kinds_and_keys(
    fact_type: FactType, kinds: tuple[CardKind, ...]
) -> tuple[tuple[CardKind, tuple[str, ...]], ...]:
    """Return the kinds of card a fact of this type makes from its `card_kinds`, in
    CARD_KINDS order, each with its template keys."""
    return tuple(
        (kind, template_keys(fact_type, kind)) for kind in CARD_KINDS[fact_type] if kind in kinds
    )


class _Texts:
    """Where a fact's card texts come from: the fact's own wording for a kind if it has
    some, else the templates; `where` names the one a key renders from, for errors."""

    __slots__ = ("fact", "templates", "variables")

    def __init__(
        self, templates: Templates, fact: AnyFact, variables: Mapping[str, object]
    ) -> None:
        self.templates = templates
        self.fact = fact
        self.variables = variables

    def _own(self, kind: CardKind, key: str) -> tuple[str, str] | None:
        """Return the fact's own wording for a template key and its part name, if any."""
        wording = self.fact.wording.get(kind)
        if wording is None:
            return None
        part = key.rsplit(".", 1)[-1]
        text = wording.front if part in ("front", "text") else wording.back
        return None if text is None else (text, part)

    def render(self, kind: CardKind, key: str, extra: Mapping[str, object] | None = None) -> str:
        """Render the text for a template key, with `extra` variables (cloze's hide())."""
        variables = {**self.variables, **extra} if extra else self.variables
        own = self._own(kind, key) if self.fact.wording else None
        if own is not None:
            return render_wording(self.fact, kind, own[1], own[0], variables)
        return self.templates.render(key, variables, fact_id=self.fact.id)

    def where(self, kind: CardKind, key: str) -> str:
        """Return how an error names the text a key renders from."""
        own = self._own(kind, key)
        if own is not None:
            return wording_where(self.fact, kind, own[1])
        return self.templates.where(key, self.fact.id)


def kinds_in_order(fact: AnyFact) -> list[CardKind]:
    """Return the kinds of card a fact makes, narrowed by its `cards` field, in CARD_KINDS order."""
    return [kind for kind, _ in _kinds_and_keys(fact.type, fact.card_kinds)]


def _render_plain(texts: _Texts, kind: CardKind, key: str) -> str:
    text = tidy(texts.render(kind, key))
    if HIDE_OPEN in text or HIDE_CLOSE in text:
        text = text.translate(STRIP_SENTINELS)
    if not text:
        raise TemplateError(f"{texts.where(kind, key)}renders to empty text")
    return text


def _render_cloze(texts: _Texts, kind: CardKind, key: str) -> tuple[str, str, str]:
    """Render a cloze text and split it into the text before, the hidden answer, and after.

    The answer is kept exactly as given to hide(): the text around it is tidied with a
    stand-in word in its place, so tidying can never change what the card hides.
    """
    text = texts.render(kind, key, {"hide": _hide})
    before, _, rest = text.partition(HIDE_OPEN)
    hidden, _, after = rest.partition(HIDE_CLOSE)
    if text.count(HIDE_OPEN) != 1 or text.count(HIDE_CLOSE) != 1 or HIDE_CLOSE in before:
        raise TemplateError(f"{texts.where(kind, key)}a cloze text must call hide() exactly once")
    if not hidden:
        raise TemplateError(f"{texts.where(kind, key)}hide() was given empty text")
    tidied = tidy(f"{before}{HIDE_OPEN}{_STAND_IN}{HIDE_CLOSE}{after}")
    before, _, rest = tidied.partition(HIDE_OPEN)
    after = rest.partition(HIDE_CLOSE)[2]
    if hidden[-1] in ".?!" and after.startswith(".") and not after.startswith(".."):
        after = after[1:]
    if not before or before.rstrip()[-1:] in (".", "?", "!"):
        hidden = capfirst(hidden)
    return before, hidden, after


_STAND_IN = "Answer"
"""A word that stands in for a cloze answer while the text around it is tidied."""


def _hide(value: object) -> str:
    """Mark the answer of a cloze text (a template function)."""
    return f"{HIDE_OPEN}{clean_text(str(value))}{HIDE_CLOSE}"


def _no_gap(text: str) -> str:
    """Keep fact text from showing a second gap on a cloze front."""
    return text.replace(GAP, "[…]")
