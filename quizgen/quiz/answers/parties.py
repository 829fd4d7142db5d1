"""Judging the parties of an agreement: in any order, by short names, with near misses."""

from __future__ import annotations

import re

from quizgen.language.english import join_list
from quizgen.language.fold import fold
from quizgen.quiz.answers.grades import Grade, Judged
from quizgen.quiz.answers.names import near_miss
from quizgen.quiz.answers.words import STOPWORDS, canonical, normalise

__all__ = ["judge_parties", "person_surname"]

_SEPARATORS = re.compile(r"[,;&+/|]|\band\b|\bwith\b|\bbetween\b")
_PARTY_FILLER = frozenset({"both", "signed", "by", "parties", "were", "was", "it", "they"})

_NOT_A_PERSON = frozenset({
    "north", "south", "east", "west", "new", "united", "republic", "kingdom", "union",
    "states", "nations", "government", "federation", "islands", "island", "peoples",
    "democratic", "council", "ministry", "company", "bank", "league", "community",
    "organisation", "organization", "korea", "china", "africa", "america", "arabia",
    "guinea", "emirates", "member", "members", "state", "city", "of",
})  # fmt: skip
"""Words that make a party a country or a body, never a person known by a surname."""


def person_surname(party: str) -> str | None:
    """Return the normalised surname of a party that reads as a person's name
    ("Richard Nixon" gives "nixon"), or None for a country or a body ("North Korea")."""
    words = party.split()
    if not 2 <= len(words) <= 4 or not all(word[:1].isupper() for word in words):
        return None
    form = normalise(party).split()
    if any(word in _NOT_A_PERSON for word in form) or canonical(" ".join(form)) != " ".join(form):
        return None
    return form[-1] if len(form[-1]) >= 3 else None


def judge_parties(parties: tuple[str, ...], reply: str) -> Judged:
    """Judge a typed list of parties against an agreement's parties."""
    written = join_list(parties)
    forms = {party: canonical(normalise(party)) for party in parties}
    surnames = {party: person_surname(party) for party in parties}
    # Whole names first, so "Trinidad and Tobago" is not cut at its "and".
    pieces = re.split(r"[,;&+/|]", fold(reply))
    text = " " + " ; ".join(canonical(normalise(piece)) for piece in pieces) + " "
    found: dict[str, bool] = {}
    for party in sorted(parties, key=lambda p: -len(forms[p])):
        form = forms[party]
        if form and f" {form} " in text:
            found[party] = True
            text = text.replace(f" {form} ", " ; ", 1)
    extras: list[str] = []
    for piece in _SEPARATORS.split(text):
        words = [w for w in piece.split() if w not in _PARTY_FILLER and w not in STOPWORDS]
        if not words:
            continue
        leftover = " ".join(words)
        # People may be named by their surnames alone, as "Nixon and Kosygin".
        surname = next((p for p in parties if p not in found and leftover == surnames[p]), None)
        match = next(
            (
                p
                for p in parties
                if p not in found
                and (near_miss(leftover, forms[p]) or near_miss(leftover, surnames[p] or ""))
            ),
            None,
        )
        if surname is not None:
            found[surname] = True
        elif match is not None:
            found[match] = False
        else:
            extras.append(leftover)
    named, total = len(found), len(parties)
    if named == total and not extras:
        if all(found.values()):
            return Grade.CORRECT, "Correct."
        return Grade.ALMOST, f"Almost: it is spelled {written}."
    if named == total:
        more = "1 that was" if len(extras) == 1 else f"{len(extras)} that were"
        return Grade.PARTIAL, f"Right parties, plus {more} not one: {written}."
    if named:
        return Grade.PARTIAL, f"You named {named} of the {total} parties: {written}."
    return Grade.WRONG, f"Wrong: the parties were {written}."
