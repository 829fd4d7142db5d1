"""Forgiving answer checking for the terminal quiz: pure functions, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from quizgen.model import Card


class Grade(StrEnum):
    """How a reply measures up to the expected answer."""

    CORRECT = "correct"
    ALMOST = "almost"
    PARTIAL = "partial"
    WRONG = "wrong"


@dataclass(frozen=True)
class Verdict:
    """The judgement of one reply: its grade, a word for the learner, and the right answer."""

    grade: Grade
    message: str
    expected: str


def check(card: Card, reply: str) -> Verdict:
    """Judge a typed reply to a card."""
    raise NotImplementedError
