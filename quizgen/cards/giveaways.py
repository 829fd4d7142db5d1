"""Giveaways within one fact: a front that prints its own answer, or a sibling's.

A card whose front holds its answer (or most of its words: "Which agreement gave the
Stationers' Company ...?" -> "The Stationers' Company charter") asks nothing. A sibling's
front that prints another card's answer spoils it too ("Which 1450 agreement ...?" beside
"In which year ...?"), unless that answer is the sibling's own cue: a date card asked from
its event and its reverse asked from its date show each other's answer by design.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from quizgen.cards.records import answer_text
from quizgen.errors import Problem
from quizgen.model.facts import Card, CardKind, NameFact

_CUES = {
    ("date", CardKind.QUESTION): "event",
    ("date", CardKind.REVERSE): "date",
    ("date", CardKind.CLOZE): "event",
    ("name", CardKind.QUESTION): "description",
    ("name", CardKind.REVERSE): "name",
    ("name", CardKind.CLOZE): "description",
    ("figure", CardKind.QUESTION): "quantity",
    ("figure", CardKind.CLOZE): "quantity",
    ("agreement", CardKind.WHICH): "summary",
    ("agreement", CardKind.WHEN): "title",
    ("agreement", CardKind.PARTIES): "title",
    ("agreement", CardKind.CLOZE): "summary",
}
"""The fact field each card kind asks from: its cue."""

_WORDY_ANSWERS = ("name", "title")
"""Answers whose words, not only their whole text, give them away."""

_MINOR_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
        "from",
        "de",
        "da",
        "di",
        "von",
        "van",
        "der",
        "la",
        "le",
        "du",
    ]
)


def answer_forms(card: Card) -> list[str]:
    """Return the texts that would give a card's answer away: the answer and its aliases."""
    forms = [bare(answer_text(card))]
    if isinstance(card.fact, NameFact) and card.answer_field == "name":
        forms += [bare(alias) for alias in card.fact.aliases]
    return [form for form in dict.fromkeys(forms) if len(form) >= 3]


def answer_pattern(answer: str) -> re.Pattern[str]:
    """Return a pattern finding an answer as whole words; a year AD is not a year BC."""
    after = r"(?!\w)" if answer.casefold().endswith("bc") else r"(?!\w)(?!\s*BC\b)"
    return re.compile(rf"(?<!\w){re.escape(answer.casefold())}{after}", re.I)


_WORD_CHAR = re.compile(r"\w")
_BC = re.compile(r"\s*bc\b")


def prints(text: str, answer: str) -> bool:
    """Tell whether a searchable text prints a casefolded answer as `answer_pattern` finds it.

    Whole: no word character just before or after it, and no "bc" after a year that does
    not say it (1450 is not 1450 BC). Found without compiling a pattern for each answer: a
    fact base has thousands of answers.
    """
    start = text.find(answer)
    while start != -1:
        end = start + len(answer)
        if (
            not (start and _WORD_CHAR.match(text, start - 1))
            and not _WORD_CHAR.match(text, end)
            and (answer.endswith("bc") or not _BC.match(text, end))
        ):
            return True
        start = text.find(answer, start + 1)
    return False


def searchable(front: str) -> str:
    """Return a front to search for answers: "between 1500 and 1450 BC" says BC of both."""
    front = re.sub(r"\b(\d+)(\s+(?:and|to)\s+\d+\s+BC)\b", r"\1 BC\2", front)
    return front.casefold()


def bare(text: str) -> str:
    """Strip what any answer may start or end with: an article, "in", a full stop."""
    text = text.strip().rstrip(".")
    return re.sub(r"(?i)^(?:the|a|an|in|on|around|about|between)\s+", "", text)


def own_giveaways(cards: Sequence[Card]) -> Iterable[Problem]:
    """Warn of every front that prints its own card's answer or a sibling card's."""
    by_fact: dict[str, list[Card]] = defaultdict(list)
    for card in cards:
        by_fact[card.fact.id].append(card)
    for siblings in by_fact.values():
        for card in siblings:
            for other in siblings:
                if other is not card and _cue(other) == card.answer_field:
                    continue
                found = _given_away(card, other)
                if found:
                    yield _warning(card, other, found)


def _cue(card: Card) -> str:
    return _CUES.get((card.fact.type.value, card.kind), "")


def _given_away(card: Card, other: Card) -> str:
    """Return how `other`'s front gives `card`'s answer away ("" if it does not)."""
    front = searchable(other.front)
    for answer in answer_forms(card):
        if prints(front, answer.casefold()):
            return f"'{answer}'"
    if card.answer_field not in _WORDY_ANSWERS:
        return ""
    answer = bare(answer_text(card))
    words = _content_words(answer)
    theirs = set(_content_words(other.front))
    shown = [word for word in words if word in theirs]
    if len(shown) >= 2 and 2 * len(shown) > len(words):
        return f"'{answer}' (it prints {', '.join(shown)})"
    return ""


def _content_words(text: str) -> list[str]:
    words = re.findall(r"\w+", re.sub(r"['’]s?\b", "", text.casefold()))
    return list(dict.fromkeys(word for word in words if word not in _MINOR_WORDS))


def _warning(card: Card, other: Card, found: str) -> Problem:
    whose = "its own answer" if other is card else f"the answer of its {card.kind.value} card"
    front = other.front if len(other.front) <= 70 else other.front[:69].rstrip() + "…"
    message = f"the front of its {other.kind.value} card gives away {whose}, {found}: “{front}”"
    return Problem(card.fact.location, message, card.fact.id)


__all__ = ["answer_forms", "answer_pattern", "bare", "own_giveaways", "prints", "searchable"]
