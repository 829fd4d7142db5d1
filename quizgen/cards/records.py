"""Cards as plain records, for `quizgen cards --json` and for tools that read cards."""

from __future__ import annotations

from quizgen.model.facts import Card


def answer_text(card: Card) -> str:
    """Return the answer a card asks for, as plain text: the hidden part of a cloze."""
    return card.cloze[1] if card.cloze else card.back


def card_record(card: Card) -> dict[str, str]:
    """Return a card as the learner sees it: fact, kind, deck, topic, front, back, answer."""
    return {
        "fact": card.fact.id,
        "kind": card.kind.value,
        "deck": card.fact.deck,
        "context": card.context,
        "front": card.front,
        "back": card.back,
        "answer": answer_text(card),
    }
