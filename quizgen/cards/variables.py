"""Template variables: what a fact offers its templates, by fact type, and its topic label."""

from __future__ import annotations

import functools

from quizgen.cards.sentences import summary_is_verb_phrase
from quizgen.language.english import (
    format_amount,
    format_date_spec,
    format_figure,
    format_when,
    join_list,
)
from quizgen.model.facts import (
    AgreementFact,
    AnyFact,
    DateFact,
    DateSpec,
    FigureFact,
    NameFact,
    PartialDate,
)


@functools.cache  # a base has few decks, and every date rival asks for its deck's label
def topic_label(deck: str) -> str:
    """Return the short topic label a card's front shows, from its deck path.

    "Mongolia and the Koreas::Economy" -> "Mongolia & the Koreas · Economy"; a deeper path
    keeps its top and its last part, which say the most in the fewest words.
    """
    parts = [part.strip() for part in deck.split("::") if part.strip()]
    if len(parts) > 2:
        parts = [parts[0], parts[-1]]
    return " · ".join(part.replace(" and ", " & ") for part in parts)


def variables(fact: AnyFact, context: str | None) -> dict[str, object]:
    """Return the template variables for a fact (already cleaned).

    `context` is a date fact's, from `DateIndex.context`.
    """
    common: dict[str, object] = {
        "fact": fact,
        "id": fact.id,
        "deck": fact.deck,
        "subdeck": fact.deck.rsplit("::", 1)[-1],
        "topic": topic_label(fact.deck),
        "note": fact.note,
        "kinds": [kind.value for kind in fact.card_kinds],
    }
    match fact:
        case DateFact():
            return {
                **common,
                **_dated(fact.date, fact.approximate),
                "event": fact.event,
                "hint": fact.hint or None,
                "approximate": fact.approximate,
                "context": context,
            }
        case NameFact():
            return {
                **common,
                "name": fact.name,
                "description": fact.description,
                "kind": fact.kind.value,
                "verb": fact.verb.value,
            }
        case FigureFact():
            return {
                **common,
                **_dated(fact.date, False),
                "quantity": fact.quantity,
                "unit": fact.unit,
                "approximate": fact.approximate,
                "current": fact.current,
                "figure": format_figure(fact.value, fact.unit, approximate=fact.approximate),
                "amount": format_amount(fact.value, approximate=fact.approximate),
            }
        case AgreementFact():
            return {
                **common,
                **_dated(fact.date, False),
                "title": fact.title,
                "summary": fact.summary,
                "summary_is_verb": summary_is_verb_phrase(fact.summary),
                "parties": join_list(fact.parties),
                "party_list": fact.parties,
                "signed": fact.signed,
                "action": fact.action or ("signed" if fact.signed else "reached"),
            }
    raise TypeError(f"not a fact: {fact!r}")


def _dated(spec: DateSpec | None, approximate: bool) -> dict[str, object]:
    if spec is None:
        return dict.fromkeys(("when", "date_text", "year", "precision", "interval"))
    return {
        "when": format_when(spec, approximate=approximate),
        "year": format_date_spec(DateSpec(PartialDate(spec.start.year))),
        "date_text": format_date_spec(spec),
        "precision": spec.start.precision.name.lower(),
        "interval": spec.is_interval and spec.end != spec.start,
    }
