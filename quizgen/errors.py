"""Errors a user can cause. The CLI catches `QuizgenError` alone and prints its message."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Characters that act on a terminal, reorder text or break a line; a message shows them as
# escapes instead, so quoting what a user wrote can never clear a screen or set a title.
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)


def inert(text: str) -> str:
    """Return `text` with control and direction characters written as escapes (`\\x1b`)."""
    return _UNPRINTABLE.sub(lambda match: ascii(match.group())[1:-1], text)


@dataclass(frozen=True, order=True, slots=True)
class Location:
    """A place in a file: 1-based line and column."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """One thing wrong with the fact base, with where it is and which fact it concerns."""

    location: Location
    message: str
    fact_id: str | None = None

    def __str__(self) -> str:
        fact = f" fact '{self.fact_id}':" if self.fact_id else ""
        return inert(f"{self.location}:{fact} {self.message}")


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


class TerminalError(QuizgenError):
    """Standard input or output cannot be used."""
