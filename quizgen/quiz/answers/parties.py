"""Judging the parties of an agreement: in any order, by short names, with near misses."""

from __future__ import annotations

import re

from quizgen.language.english import join_list
from quizgen.language.fold import fold
from quizgen.quiz.answers.grades import Grade, Judged
from quizgen.quiz.answers.names import near_miss
from quizgen.quiz.answers.words import STOPWORDS, canonical, normalise

__all__ = ["judge_parties"]

_SEPARATORS = re.compile(r"[,;&+/|]|\band\b|\bwith\b|\bbetween\b")
_PARTY_FILLER = frozenset({"both", "signed", "by", "parties", "were", "was", "it", "they"})


def judge_parties(parties: tuple[str, ...], reply: str) -> Judged:
    """Judge a typed list of parties against an agreement's parties."""
    written = join_list(parties)
    forms = {party: canonical(normalise(party)) for party in parties}
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
        match = next((p for p in parties if p not in found and near_miss(leftover, forms[p])), None)
        if match is not None:
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
