"""What kind of answer a card asks for, and the answer written out as options and messages."""

from __future__ import annotations

from enum import StrEnum

from quizgen.language.english import article, format_date_spec, format_figure, join_list
from quizgen.model.facts import AgreementFact, Card, DateSpec, FigureFact, FigureValue

__all__ = [
    "AnswerKind",
    "answer_kind",
    "expected_answer",
    "option_text",
    "typed_is_fair",
    "written_answer",
]


class AnswerKind(StrEnum):
    """How a card's answer is compared with a reply."""

    DATE = "date"
    FIGURE = "figure"
    PARTIES = "parties"
    NAME = "name"
    TEXT = "text"


FREE_TEXT_FIELDS = frozenset({"event", "description", "summary", "quantity", "hint", "note"})


def answer_kind(card: Card) -> AnswerKind:
    """Return how the card's answer is compared with a reply, from its `answer_field`."""
    value = getattr(card.fact, card.answer_field, None)
    if isinstance(value, DateSpec):
        return AnswerKind.DATE
    if isinstance(value, FigureValue):
        return AnswerKind.FIGURE
    if card.answer_field == "parties" and isinstance(value, tuple):
        return AnswerKind.PARTIES
    if card.answer_field in FREE_TEXT_FIELDS:
        return AnswerKind.TEXT
    if isinstance(value, str) and len(value.split()) > 8:
        return AnswerKind.TEXT
    return AnswerKind.NAME


def typed_is_fair(card: Card) -> bool:
    """Return whether a person can fairly be asked to type this card's answer.

    Free text (the event of a date, the description of a name, a summary) is hard to type
    word for word: such cards suit multiple choice.
    """
    return answer_kind(card) is not AnswerKind.TEXT


def option_text(card: Card) -> str:
    """Return the answer written as a multiple-choice option: "October 2013", "20 percent"."""
    fact = card.fact
    value = getattr(fact, card.answer_field, None)
    approximate = bool(getattr(fact, "approximate", False))
    if isinstance(value, DateSpec):
        text = format_date_spec(value)
        return f"around {text}" if approximate else text
    if isinstance(value, FigureValue) and isinstance(fact, FigureFact):
        return format_figure(value, fact.unit, approximate=fact.approximate)
    if isinstance(value, tuple) and all(isinstance(item, str) for item in value):
        return join_list(value)
    if isinstance(value, str):
        return value.strip()
    return (card.cloze[1] if card.cloze else card.back).strip()


def expected_answer(card: Card) -> str:
    """Return the full answer as a person would write it: what the card shows as its answer."""
    shown = card.cloze[1] if card.cloze else card.back
    shown = shown.strip()
    return shown or option_text(card)


_ABBREVIATIONS = frozenset({
    "jr", "sr", "st", "co", "inc", "ltd", "corp", "bros", "dr", "mr", "mrs", "ms", "no", "vs",
    "etc", "jnr", "snr",
})  # fmt: skip
"""Words whose full stop belongs to them, so a sentence's end cannot take it away."""


def without_final_stop(text: str) -> str:
    """Return `text` without a sentence's final full stop, keeping an abbreviation's
    ("Edwin E. Aldrin Jr." keeps its stop, "Mongolia recognized it." loses it)."""
    text = text.rstrip()
    if not text.endswith("."):
        return text
    last = text[:-1].rsplit(maxsplit=1)[-1] if text[:-1].strip() else ""
    bare = last.strip("\"'()").casefold()
    if bare in _ABBREVIATIONS or (len(bare) == 1 and bare.isalpha()) or "." in bare:
        return text  # "Jr.", an initial "E.", or "U.S."
    return text[:-1].rstrip()


def written_answer(card: Card) -> str:
    """Return the answer as a message quotes it: no preposition, no final full stop, and an
    agreement's title with the article the cards give it ("the Ulaanbaatar talks
    arrangement")."""
    text = without_final_stop(option_text(card))
    if isinstance(card.fact, AgreementFact) and card.answer_field == "title":
        return article(text) + text
    return text
