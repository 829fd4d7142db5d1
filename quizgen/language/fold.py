"""Fold text for comparison: accents off, case folded, look-alike letters and dashes made one."""

from __future__ import annotations

import unicodedata

_LOOK_ALIKES = str.maketrans(
    {
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ı": "i",
        "þ": "th",
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "−": "-",
        "’": "'",
        "‘": "'",
    }
)


def strip_accents(text: str) -> str:
    """Return `text` with its combining accents removed ("Khürelsükh" -> "Khurelsukh")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower-case `text` and strip accents, so Khürelsükh reads as khurelsukh."""
    return strip_accents(text).casefold().translate(_LOOK_ALIKES)
