"""How `quizgen list` and `show` write a fact: a one-line summary, a JSON record, its lines."""

from __future__ import annotations

from typing import Any

from quizgen.model.facts import (
    AgreementFact,
    AnyFact,
    CardKind,
    DateFact,
    FactBase,
    FigureFact,
    NameFact,
    Wording,
)

SHORT_TEXT = 60
"""The most characters of a fact's summary in a `quizgen list` table."""


def short_text(fact: AnyFact) -> str:
    """Return a one-line summary of a fact, cut to fit a table column."""
    if isinstance(fact, DateFact):
        text = f"{fact.date.written()}: {fact.event}"
    elif isinstance(fact, NameFact):
        text = f"{fact.name}: {fact.description}"
    elif isinstance(fact, FigureFact):
        text = f"{_figure(fact)}: {fact.quantity}"
    else:
        assert isinstance(fact, AgreementFact)
        text = f"{fact.title} ({fact.date.written()})" if fact.date else fact.title
    text = " ".join(text.split())
    return text if len(text) <= SHORT_TEXT else text[: SHORT_TEXT - 1].rstrip() + "…"


def _figure(fact: Any) -> str:
    value = fact.value
    number = f"{value.low}-{value.high}" if value.is_range else f"{value.low}"
    prefix = "about " if fact.approximate else ""
    return f"{prefix}{number} {fact.unit}"


def fact_record(fact: AnyFact) -> dict[str, Any]:
    """Return a fact as plain JSON-ready data, every field included."""

    record: dict[str, Any] = {"id": fact.id, "type": fact.type.value, "deck": fact.deck}
    if isinstance(fact, DateFact):
        record |= {
            "event": fact.event,
            "date": fact.date.iso(),
            "approximate": fact.approximate,
            "hint": fact.hint,
        }
    elif isinstance(fact, NameFact):
        record |= {
            "name": fact.name,
            "description": fact.description,
            "kind": fact.kind.value,
            "verb": fact.verb.value,
        }
    elif isinstance(fact, FigureFact):
        value = fact.value
        record |= {
            "value": [value.low, value.high] if value.is_range else value.low,
            "unit": fact.unit,
            "quantity": fact.quantity,
            "date": fact.date.iso() if fact.date else None,
            "approximate": fact.approximate,
            "current": fact.current,
        }
    elif isinstance(fact, AgreementFact):
        record |= {
            "title": fact.title,
            "parties": list(fact.parties),
            "date": fact.date.iso() if fact.date else None,
            "summary": fact.summary,
            "signed": fact.signed,
        }
    record |= {
        "sources": list(fact.sources),
        "tags": list(fact.tags),
        "aliases": list(fact.aliases),
        "note": fact.note,
        "disputed": [{"claim": d.claim, "sources": list(d.sources)} for d in fact.disputed],
        "cards": [kind.value for kind in fact.card_kinds],
        "renamed_from": list(fact.renamed_from),
        "wording": {
            kind.value: {part: text for part, text in _wording_parts(kind, wording) if text}
            for kind, wording in fact.wording.items()
        },
        "location": str(fact.location),
    }
    return record


def _wording_parts(kind: CardKind, wording: Wording) -> tuple[tuple[str, str | None], ...]:
    """Return a wording's parts as the fact file names them (a cloze has one `text`)."""
    if kind.value == "cloze":
        return (("text", wording.front),)
    return (("front", wording.front), ("back", wording.back))


_SHOWN_WHEN_FALSE = frozenset({"signed"})
"""Yes-or-no fields whose "no" is the news: they are true unless a fact says otherwise."""


def describe(fact: AnyFact, base: FactBase) -> list[str]:
    """Return the lines `quizgen show` prints for a fact."""
    record = fact_record(fact)
    lines = [f"{fact.id} ({fact.type.value} fact, {fact.location})"]
    skip = {"id", "type", "location", "sources", "disputed"}
    for key, value in record.items():
        if key in skip or value in (None, [], {}):
            continue
        if value is False and key not in _SHOWN_WHEN_FALSE:
            continue
        if key == "wording":
            lines.append("wording:")
            for kind, parts in value.items():
                lines.extend(f"  {kind} {part}: {text}" for part, text in parts.items())
            continue
        if isinstance(value, bool):
            shown = "yes" if value else "no"
        elif key == "date" and isinstance(fact, DateFact | FigureFact | AgreementFact):
            assert fact.date is not None
            shown = fact.date.written()  # "450 BC", not the record's -450
        elif key == "value" and isinstance(value, list):
            shown = f"{value[0]} to {value[1]}"
        elif isinstance(value, list):
            shown = ", ".join(str(item) for item in value)
        else:
            shown = " ".join(str(value).split())
        lines.append(f"{key + ':':<14}{shown}")
    lines.append("sources:")
    for source_id in fact.sources:
        source = base.sources.get(source_id)
        citation = source.citation() if source else "(not in sources.yaml)"
        lines.append(f"  [{source_id}] {citation}")
        if source is not None:
            lines.append(f"      {source.title}" + (f" <{source.url}>" if source.url else ""))
    if fact.disputed:
        lines.append("disputed:")
        for claim in fact.disputed:
            lines.append(f"  - {' '.join(claim.claim.split())} ({', '.join(claim.sources)})")
    return lines
