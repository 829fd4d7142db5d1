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
    covered = sum(any(_alike(w, s) for s in said_words) for w in wanted_words)
    if covered < len(wanted_words):
        # A word put in place of a missing one changes the meaning: "the lunar module of
        # Apollo 11" is not "the command module of Apollo 11".
        extra = [s for s in said_words if not any(_alike(w, s) for w in wanted_words)]
        if extra:
            return False
    return covered / len(wanted_words) >= COVERAGE


def _alike(wanted: str, said: str) -> bool:
    """Return whether two words are the same, the same but for a plural or possessive "s"
    ("11s" in "Apollo 11's"), or close spellings of a longer word."""
    if wanted == said or said.removesuffix("s") == wanted or wanted.removesuffix("s") == said:
        return True
    return len(wanted) >= 5 and fuzz.ratio(wanted, said) >= ALMOST_RATIO


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
    said_keys = _key_words(said)
    wanted_keys = _key_words(wanted)
    return said_keys <= wanted_keys and (not wanted_keys or bool(said_keys))


def _key_words(text: str) -> set[str]:
    """Return the key words and numbers of normalised text ("11s" of "Apollo 11's" is 11)."""
    words = (w.removesuffix("s") if w.removesuffix("s").isdigit() else w for w in text.split())
    return {w for w in words if w in _KEY_WORDS or w.isdigit()}


def judge_free_text(answers: Sequence[str], said: str, written: str) -> Judged:
    """Judge normalised `said` against the free-text answer and its aliases."""
    wanted = [normalise(answer) for answer in answers]
    if said in wanted:
        return Grade.CORRECT, "Correct."
    close = (fuzz.ratio(said, w) >= ALMOST_RATIO or covers(said, w) for w in wanted)
    if any(ok and _same_key_words(said, w) for ok, w in zip(close, wanted, strict=True)):
        return Grade.CORRECT, f"Accepted: the full answer is {written}."
    return Grade.WRONG, f"Wrong: the answer is {written}."
