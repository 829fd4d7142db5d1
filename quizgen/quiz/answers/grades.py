"""The grades a reply can get, and the verdict that carries one to the learner."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Grade", "Judged", "Verdict", "best"]


class Grade(StrEnum):
    """How a reply measures up to the expected answer."""

    CORRECT = "correct"
    ALMOST = "almost"
    PARTIAL = "partial"
    WRONG = "wrong"

    @property
    def points(self) -> float:
        """Return what the grade scores: right and almost 1, partly right 0.5, wrong 0."""
        return _POINTS[self]


_POINTS = {Grade.CORRECT: 1.0, Grade.ALMOST: 1.0, Grade.PARTIAL: 0.5, Grade.WRONG: 0.0}
_RANK = {Grade.CORRECT: 0, Grade.ALMOST: 1, Grade.PARTIAL: 2, Grade.WRONG: 3}


@dataclass(frozen=True)
class Verdict:
    """The judgement of one reply: its grade, a word for the learner, and the right answer."""

    grade: Grade
    message: str
    expected: str


Judged = tuple[Grade, str]
"""A grade and its message, before the verdict adds the expected answer."""


def best(judged: Iterable[Judged]) -> Judged:
    """Return the kindest of several judgements (the first among equals)."""
    return min(judged, key=lambda item: _RANK[item[0]])


def better(first: Judged, second: Judged) -> bool:
    """Return whether `first` is a strictly kinder judgement than `second`."""
    return _RANK[first[0]] < _RANK[second[0]]
