"""Fold text for comparison: accents off, case folded, look-alike letters and dashes made one."""

from __future__ import annotations

import re
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
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def strip_accents(text: str) -> str:
    """Return `text` with its combining accents removed ("Khürelsükh" -> "Khurelsukh")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower-case `text` and strip accents, so Khürelsükh reads as khurelsukh."""
    return strip_accents(text).casefold().translate(_LOOK_ALIKES)


def slugify(text: str) -> str:
    """Return `text` as a lowercase slug: "McCullough 1977" -> "mccullough-1977".

    Accents are folded and every run of other characters becomes one hyphen; text with no
    letter a-z or digit gives "".
    """
    return _NOT_SLUG.sub("-", fold(text)).strip("-")
