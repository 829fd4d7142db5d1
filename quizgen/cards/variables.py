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
from quizgen.model.dates import Precision, format_year
from quizgen.model.facts import (
    AgreementFact,
    AnyFact,
    CardKind,
    DateFact,
    DateSpec,
    FigureFact,
    NameFact,
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
    deck = fact.deck
    found: dict[str, object] = {
        "fact": fact,
        "id": fact.id,
        "deck": deck,
        "subdeck": deck.rsplit("::", 1)[-1],
        "topic": topic_label(deck),
        "note": fact.note,
        "kinds": list(_kind_values(fact.card_kinds)),
    }
    match fact:
        case DateFact():
            _add_dated(found, fact.date, fact.approximate)
            found["event"] = fact.event
            found["hint"] = fact.hint or None
            found["approximate"] = fact.approximate
            found["context"] = context
        case NameFact():
            found["name"] = fact.name
            found["description"] = fact.description
            found["kind"] = fact.kind.value
            found["verb"] = fact.verb.value
        case FigureFact():
            _add_dated(found, fact.date, False)
            found["quantity"] = fact.quantity
            found["unit"] = fact.unit
            found["approximate"] = fact.approximate
            found["current"] = fact.current
            found["figure"] = format_figure(fact.value, fact.unit, approximate=fact.approximate)
            found["amount"] = format_amount(fact.value, approximate=fact.approximate)
        case AgreementFact():
            _add_dated(found, fact.date, False)
            found["title"] = fact.title
            found["summary"] = fact.summary
            found["summary_is_verb"] = summary_is_verb_phrase(fact.summary)
            found["parties"] = join_list(fact.parties)
            found["party_list"] = fact.parties
            found["signed"] = fact.signed
            found["action"] = fact.action or ("signed" if fact.signed else "reached")
        case _:
            raise TypeError(f"not a fact: {fact!r}")
    return found


@functools.cache  # a base has few combinations of card kinds
def _kind_values(kinds: tuple[CardKind, ...]) -> tuple[str, ...]:
    return tuple(kind.value for kind in kinds)


_PRECISIONS = {precision: precision.name.lower() for precision in Precision}
"""Each precision as templates name it: "year", "month", "day"."""


def _add_dated(found: dict[str, object], spec: DateSpec | None, approximate: bool) -> None:
    """Add the variables of a date, or none of them, in the order the templates list them."""
    if spec is None:
        found.update(dict.fromkeys(("when", "date_text", "year", "precision", "interval")))
        return
    found["when"] = format_when(spec, approximate=approximate)
    found["year"] = format_year(spec.start.year)
    found["date_text"] = format_date_spec(spec)
    found["precision"] = _PRECISIONS[spec.start.precision]
    found["interval"] = spec.is_interval and spec.end != spec.start
