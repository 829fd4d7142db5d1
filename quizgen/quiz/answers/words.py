"""Folding replies and answers into comparable words: case, accents, articles, countries."""

from __future__ import annotations

import re

from quizgen.language.fold import fold

__all__ = ["ARTICLES", "HONORIFICS", "STOPWORDS", "canonical", "compact", "normalise"]

ARTICLES = frozenset({"the", "a", "an"})
STOPWORDS = frozenset({
    *ARTICLES, "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or", "as",
    "its", "his", "her", "their", "was", "were", "is", "are", "be", "been", "that", "which",
    "who", "it", "this", "s",
})  # fmt: skip
"""Words that carry no content of their own in an answer."""

HONORIFICS = frozenset({
    "president", "prime", "minister", "premier", "chairman", "leader", "general", "marshal",
    "ambassador", "comrade", "mr", "mrs", "ms", "dr", "sir",
})  # fmt: skip
"""Titles a person may put before a name without it being a mistake."""


def normalise(text: str) -> str:
    """Return `text` folded for comparison: lower case, no accents, punctuation, hyphens or
    leading article, single spaces ("The Kim Jong-un!" gives "kim jong un")."""
    folded = re.sub(r"['`]", "", fold(text)).replace("&", " and ")
    words = re.sub(r"[\W_]+", " ", folded).split()
    if len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    return " ".join(words)


def compact(text: str) -> str:
    """Return normalised text without its spaces: "kim jong un" gives "kimjongun"."""
    return text.replace(" ", "")


_COUNTRY_NAMES = {
    "democratic peoples republic of korea": "north korea",
    "dprk": "north korea",
    "d p r k": "north korea",
    "republic of korea": "south korea",
    "rok": "south korea",
    "r o k": "south korea",
    "peoples republic of china": "china",
    "prc": "china",
    "united states of america": "united states",
    "usa": "united states",
    "u s a": "united states",
    "u s": "united states",
    "us": "united states",
    "america": "united states",
    "russian federation": "russia",
    "ussr": "soviet union",
    "great britain": "united kingdom",
    "britain": "united kingdom",
    "uk": "united kingdom",
}
"""Short and formal names of countries that sign agreements, and the name they stand for."""


def canonical(text: str) -> str:
    """Write the countries in normalised text by one name each: "dprk" becomes "north korea"."""
    padded = f" {text} "
    for other, name in _COUNTRY_NAMES.items():  # longest first, so "republic of korea" waits
        padded = padded.replace(f" {other} ", f" {name} ")
    return padded.strip()
