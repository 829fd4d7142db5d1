"""Judging names and titles: word order, titles before a name, and near-miss spellings."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from quizgen.quiz.answers.grades import Grade, Judged, better
from quizgen.quiz.answers.words import HONORIFICS, STOPWORDS, canonical, compact, normalise

__all__ = ["ALMOST_RATIO", "judge_name", "near_miss"]

ALMOST_RATIO = 85.0
"""The least `rapidfuzz.fuzz.ratio` (0-100) of a near-miss spelling."""


def _allowed_edits(length: int) -> int:
    """Return how many typing slips a name of this many letters may hold and still be close."""
    if length < 4:
        return 0
    if length < 8:
        return 1
    if length < 16:
        return 2
    return 3


def near_miss(said: str, answer: str) -> bool:
    """Return whether normalised `said` is a near-miss spelling of normalised `answer`."""
    a, b = compact(said), compact(answer)
    if not a or not b or re.findall(r"\d+", said) != re.findall(r"\d+", answer):
        return False  # numbers inside a name are never a typing slip: Resolution 2397 ≠ 2379
    forms = [(a, b), (" ".join(sorted(said.split())), " ".join(sorted(answer.split())))]
    for left, right in forms:
        left, right = compact(left), compact(right)
        if fuzz.ratio(left, right) < ALMOST_RATIO:
            continue
        if Levenshtein.distance(left, right) <= _allowed_edits(len(right)):
            return True
    return False


def _without_initials(form: str) -> str:
    """Drop the single-letter middle initials of a normalised name: "margaret h hamilton"."""
    words = form.split()
    if len(words) < 3:
        return form
    kept = [words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]
    return " ".join(kept)


def _same_name(said: str, form: str) -> bool:
    """Return whether a reply names the same thing as one written form of the answer."""
    if said == form or compact(said) == compact(form):
        return True
    if canonical(said) == canonical(form) or sorted(said.split()) == sorted(form.split()):
        return True
    # A middle initial left out is no mistake: "Margaret Hamilton" for "Margaret H. Hamilton".
    bare = _without_initials(form)
    return bare != form and sorted(said.split()) == sorted(bare.split())


_NICKNAME = re.compile(r'\s*["“]([^"“”]+)["”]\s*')
_SUFFIX = re.compile(r",?\s+(?:Jr|Sr|Jnr|Snr)\.?$|\s+(?:II|III|IV)$")


def name_variants(name: str) -> list[str]:
    """Return the ways a person may fairly write a name: without its generational suffix,
    without its quoted nickname, or by the nickname and surname ('Edwin E. "Buzz" Aldrin
    Jr.' gives "Edwin E. Aldrin Jr.", "Edwin E. Aldrin" and "Buzz Aldrin")."""
    variants = [name]
    bare = _SUFFIX.sub("", name.strip())
    nickname = _NICKNAME.search(bare)
    if nickname:
        plain = _NICKNAME.sub(" ", bare).strip()
        variants += [_NICKNAME.sub(" ", name).strip(), plain]
        variants.append(f"{nickname.group(1)} {plain.split()[-1]}")
    elif bare != name.strip():
        variants.append(bare)
    return list(dict.fromkeys(variants))


def _judge_forms(candidates: Sequence[str], said: str, written: str) -> Judged:
    spelled = [(c, normalise(v)) for c in candidates for v in name_variants(c)]
    forms = [(c, form) for c, form in spelled if form]
    if any(_same_name(said, form) for _, form in forms):
        return Grade.CORRECT, "Correct."
    for original, form in forms:
        if near_miss(said, form) or near_miss(said, _without_initials(form)):
            return Grade.ALMOST, f"Almost: it is spelled {original.strip()}."
    for _, form in forms:
        words, wanted = set(said.split()), set(form.split())
        if words < wanted and any(len(w) >= 3 and w not in STOPWORDS for w in words):
            return Grade.PARTIAL, f"Only part of it: the full answer is {written}."
    return Grade.WRONG, f"Wrong: the answer is {written}."


def judge_name(candidates: Sequence[str], said: str, written: str) -> Judged:
    """Judge normalised `said` against the written forms of a name (the name, its aliases).

    `written` is the answer as a message quotes it.
    """
    verdict = _judge_forms(candidates, said, written)
    bare = " ".join(w for w in said.split() if w not in HONORIFICS)
    if verdict[0] is not Grade.CORRECT and bare and bare != said:
        # "President Elbegdorj": a title before a name is no mistake.
        plain = _judge_forms(candidates, bare, written)
        if better(plain, verdict):
            return plain
    return verdict
