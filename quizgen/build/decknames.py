"""Deck names a build refuses: two spellings of one deck, and two decks in one file.

Anki compares deck names without regard to case, so `History` and `history` would be one deck
in a collection but two in the lock file; and two top-level decks whose file names collide
(also without regard to case, as on macOS and Windows) would overwrite each other's `.apkg`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from quizgen.errors import FactError, Problem

if TYPE_CHECKING:
    from quizgen.model.facts import AnyFact, FactBase


def deck_files(fact_base: FactBase) -> dict[str, str]:
    """Map each top-level deck to its `.apkg` file name, in fact-file order.

    Raise `FactError` naming both decks and where each is first used when two deck names
    differ only in case, or two top-level decks would be written to one file.
    """
    from quizgen.anki.filenames import deck_file_names

    first: dict[str, AnyFact] = {}  # every deck and parent deck, with its first fact
    for fact in fact_base:
        if fact.deck not in first:
            parts = fact.deck.split("::")
            for depth in range(1, len(parts) + 1):
                first.setdefault("::".join(parts[:depth]), fact)
    problems = []
    spelled: dict[str, str] = {}
    for name, fact in first.items():
        other = spelled.setdefault(name.casefold(), name)
        if other != name:
            problems.append(
                _problem(
                    fact,
                    first[other],
                    f"deck '{name}' and deck '{other}'",
                    "differ only in case, and Anki takes them for one deck; spell them alike",
                )
            )
    if problems:
        raise FactError(problems)
    top_decks: Sequence[str] = fact_base.top_decks()
    names = deck_file_names(top_decks)
    owner: dict[str, str] = {}
    for deck, file_name in names.items():
        other = owner.setdefault(file_name.casefold(), deck)
        if other != deck:
            problems.append(
                _problem(
                    first[deck],
                    first[other],
                    f"top-level decks '{deck}' and '{other}'",
                    f"would both be written to {file_name}; rename one of them",
                )
            )
    if problems:
        raise FactError(problems)
    return names


def _problem(fact: AnyFact, other: AnyFact, decks: str, what: str) -> Problem:
    return Problem(
        fact.location,
        f"{decks} (the latter first used at {other.location}, fact '{other.id}') {what}",
        fact.id,
    )
