"""Suggest the known word a mistyped one was meant to be: "did you mean ...?"."""

from __future__ import annotations

from collections.abc import Iterable

SIMILARITY = 60
"""How alike (0-100, rapidfuzz's `ratio`) a known word must be to the typed one to be offered."""


def closest(word: str, choices: Iterable[str]) -> str | None:
    """Return the choice most like `word`, or None when none is alike enough."""
    # Imported when needed: rapidfuzz takes about 10 ms to import and most runs suggest nothing.
    from rapidfuzz import fuzz, process

    found = process.extractOne(word, list(choices), scorer=fuzz.ratio, score_cutoff=SIMILARITY)
    return None if found is None else found[0]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return " (did you mean 'x'?)" for the closest choice, or "" when none is close."""
    match = closest(word, choices)
    return "" if match is None else f" (did you mean '{match}'?)"
