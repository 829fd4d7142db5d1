"""Errors a user can cause. The CLI catches `QuizgenError` alone and prints its message."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file: 1-based line and column."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the fact base, with where it is and which fact it concerns."""

    location: Location
    message: str
    fact_id: str | None = None

    def __str__(self) -> str:
        fact = f" fact '{self.fact_id}':" if self.fact_id else ""
        return f"{self.location}:{fact} {self.message}"


class QuizgenError(Exception):
    """Base for every error a user can cause; its message is fit to print as it is."""


class FactError(QuizgenError):
    """The fact files have one or more problems."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(sorted(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class TemplateError(QuizgenError):
    """A card template is missing, malformed or fails to render."""


class BuildError(QuizgenError):
    """A deck could not be written."""


class BuildLockedError(BuildError):
    """Another build holds the deck folder."""


class SyncError(QuizgenError):
    """An Anki collection cannot be synced."""


class StoreError(QuizgenError):
    """The quiz progress database cannot be used."""


class UnknownFactError(QuizgenError):
    """No fact has the id asked for."""


class StoreLockedError(StoreError):
    """Another program holds the progress database's write lock."""


class QuizError(QuizgenError):
    """The quiz cannot start with the options given."""
