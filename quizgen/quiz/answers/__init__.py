"""Forgiving answer checking for the terminal quiz: pure functions, no I/O.

`check(card, reply)` judges what a person typed against the fact field the card asks for
(`card.answer_field`), forgiving what a patient tutor would forgive: case, accents,
punctuation, spacing, hyphens, leading articles, numbers and dates in any common form, the
parties of an agreement in any order, and near-miss typos of names (graded ALMOST). One
module per kind of answer: `dates`, `figures`, `names`, `parties`, `free_text`, `choice`.
"""

from __future__ import annotations

from quizgen.quiz.answers.check import check
from quizgen.quiz.answers.free_text import covers
from quizgen.quiz.answers.grades import Grade, Verdict
from quizgen.quiz.answers.kinds import (
    AnswerKind,
    answer_kind,
    expected_answer,
    option_text,
    typed_is_fair,
    written_answer,
)
from quizgen.quiz.answers.names import near_miss
from quizgen.quiz.answers.words import normalise

__all__ = [
    "AnswerKind",
    "Grade",
    "Verdict",
    "answer_kind",
    "check",
    "covers",
    "expected_answer",
    "near_miss",
    "normalise",
    "option_text",
    "typed_is_fair",
    "written_answer",
]
