"""Judging free text (an event, a description): most content words, none contradicted."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from quizgen.quiz.answers.grades import Grade, Judged
from quizgen.quiz.answers.names import ALMOST_RATIO
from quizgen.quiz.answers.words import STOPWORDS, normalise

__all__ = ["COVERAGE", "covers", "judge_free_text"]

COVERAGE = 0.75
"""The share of the expected content words a free-text reply must hold to be accepted."""


def _content_words(text: str) -> list[str]:
    return [w for w in text.split() if w not in STOPWORDS]


def covers(said: str, wanted: str) -> bool:
    """Return whether normalised `said` holds most content words of normalised `wanted`."""
    wanted_words = _content_words(wanted)
    said_words = _content_words(said)
    if not wanted_words or not said_words or len(said_words) > 2 * len(wanted_words) + 3:
        return False
    covered = sum(
        any(w == s or (len(w) >= 5 and fuzz.ratio(w, s) >= ALMOST_RATIO) for s in said_words)
        for w in wanted_words
    )
    return covered / len(wanted_words) >= COVERAGE


_KEY_WORDS = frozenset((
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "twenty", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
    "eighth", "ninth", "tenth", "last", "hundred", "thousand", "million", "billion",
    "north", "south", "east", "west", "not", "no", "never",
))  # fmt: skip
"""Words that tell two otherwise alike sentences apart: they must not contradict."""


def _same_key_words(said: str, wanted: str) -> bool:
    """Return whether a reply keeps the numbers, ordinals and compass points of the answer.

    "Mongolia hosted the second round" must not pass for "... the first round", nor
    "South Korea" for "North Korea".
    """
    said_keys = {w for w in said.split() if w in _KEY_WORDS or w.isdigit()}
    wanted_keys = {w for w in wanted.split() if w in _KEY_WORDS or w.isdigit()}
    return said_keys <= wanted_keys and (not wanted_keys or bool(said_keys))


def judge_free_text(answers: Sequence[str], said: str, written: str) -> Judged:
    """Judge normalised `said` against the free-text answer and its aliases."""
    wanted = [normalise(answer) for answer in answers]
    if said in wanted:
        return Grade.CORRECT, "Correct."
    close = (fuzz.ratio(said, w) >= ALMOST_RATIO or covers(said, w) for w in wanted)
    if any(ok and _same_key_words(said, w) for ok, w in zip(close, wanted, strict=True)):
        return Grade.CORRECT, f"Accepted: the full answer is {written}."
    return Grade.WRONG, f"Wrong: the answer is {written}."
