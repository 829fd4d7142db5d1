"""Tidying text: rendered card text made tidy, and fact text cleaned before it is rendered.

Rendered text loses stray spaces and doubled stops and gains capitals (`tidy`); fact text
loses the cloze markers and runs of whitespace (`clean_fact`), so no fact can fake a gap.
"""

from __future__ import annotations

import dataclasses
import operator
import re
import typing
from collections.abc import Callable, Mapping
from typing import Any

from quizgen.cards.markers import SENTINELS
from quizgen.model.facts import AgreementFact, AnyFact, DateFact, FigureFact, NameFact


def tidy(text: str) -> str:
    """Tidy rendered card text: single spaces, no space before punctuation, capitals.

    The hide markers may sit anywhere in the text; the rules see through them.
    """
    text = " ".join(text.split())  # as `_WHITESPACE` would, quicker
    previous = None
    # Most texts need no rule: then one search replaces two passes of five substitutions.
    while text != previous and _TIDY_NEEDED.search(text):
        # One fix can expose another: "a ,." -> "a ." -> "a."
        previous = text
        for pattern, replacement in _TIDY_RULES:
            text = pattern.sub(replacement, text)
    return _capitalise_sentences(text)


_WHITESPACE = re.compile(r"\s+")
_TIDY_RULES = (
    # "Korea ." -> "Korea.", "a ,b" -> "a,b", seeing through a hide marker;
    # "Pact :: One" and "about .5" stay.
    (re.compile(rf" +([{SENTINELS}]*)(?=[,;?!]|[.:](?:\s|$|[{SENTINELS}]))"), r"\1"),
    # "a,." -> "a.", "a,, b" -> "a, b"
    (re.compile(r",+(?=[.?!;:])|(?<=[,;:]),+"), ""),
    # "ties.." -> "ties.", leaving an ellipsis alone
    (re.compile(r"(?<!\.)\.\.(?!\.)"), "."),
    # "ties.?" -> "ties?" but "U.S.?" and "Aldrin Jr.?" stay
    (re.compile(r"(?<=[a-z0-9)\]'\"”’])(?<!\bJr)(?<!\bSr)(?<!\bInc)(?<!\bLtd)\.(?=[?!])"), ""),
    # "asked?." -> "asked?"
    (re.compile(r"(?<=[?!])\.(?!\.)"), ""),
)
_TIDY_NEEDED = re.compile(rf"[ ,;:.?!][{SENTINELS}]*[,;?!.:]")
"""Matches wherever one of `_TIDY_RULES` could apply (and a few places where none does, such
as an ellipsis); text without a match is already tidy."""

_ABBREVIATION = re.compile(
    r"(?:^|\s)(?:\S*\.\S+|[A-Za-z]|e\.g|i\.e|etc|approx|vs|Mr|Mrs|Dr|St|No|Co)$"
)
_TEXT_START = re.compile(rf"^[{SENTINELS}]*\w")
_SENTENCE_START = re.compile(rf"([.?!])(?<=\S[.?!]) [{SENTINELS}]*[^\W\d_A-Z]")
"""The first letter of a sentence after the first, unless it is A to Z (or a digit or "_"),
which leaves nothing to do: most sentences start with one, so most texts need no `sub`.
It starts with the stop, which the search skips to quickly, and looks behind from there."""


def _capitalise_sentences(text: str) -> str:
    """Capitalise the first letter of the text and of each sentence after it."""

    first = text[:1]
    if first and first not in SENTINELS:  # what `_TEXT_START` does, quicker
        if first.isalnum() or first == "_":
            text = first.upper() + text[1:]
    else:
        start = _TEXT_START.match(text)
        if start is not None:
            text = _upper_last(start) + text[start.end() :]
    if not _SENTENCE_START.search(text):
        return text

    def upper(match: re.Match[str]) -> str:
        found = match.group(0)
        if found[-1] == found[-1].upper():  # a capital ("É") or caseless: nothing to do
            return found
        if match.group(1) == "." and _ABBREVIATION.search(text, 0, match.start()):
            return found
        return _upper_last(match)

    return _SENTENCE_START.sub(upper, text)


def _upper_last(match: re.Match[str]) -> str:
    return match.group(0)[:-1] + match.group(0)[-1].upper()


STRIP_SENTINELS = str.maketrans(dict.fromkeys(SENTINELS))
"""A `str.translate` table that removes the hide markers."""


_UNCLEAN = re.compile(rf"[{SENTINELS}]|\s\s|[^\S ]|^ | $")
"""Matches what `clean_text` would change: a marker, or whitespace not a single space."""


def clean_text(text: str) -> str:
    """Return fact text without hide markers, its whitespace collapsed to single spaces."""
    if not _UNCLEAN.search(text):
        return text
    return _WHITESPACE.sub(" ", text.translate(STRIP_SENTINELS)).strip()


def _clean_value(value: Any) -> Any:
    if type(value) is str:  # enums are str too, and must stay enums
        return clean_text(value)
    if isinstance(value, tuple):
        return tuple(_clean_value(item) for item in value)
    return value


def clean_fact(fact: AnyFact) -> AnyFact:
    """Return the fact with the hide markers stripped and whitespace collapsed in its text."""
    # Most facts are clean already: one look over all their texts tells.
    texts: list[str] = []
    for value in _TEXT_VALUES[type(fact)](fact):
        if type(value) is tuple:
            texts.extend(value)
        elif value is not None:
            texts.append(value)
    joined = " | ".join(filter(None, texts))  # an empty text is clean, and would look unclean
    # Printable text has no hide marker (private use) and no whitespace but the space.
    if joined.isprintable() and "  " not in joined and joined[:1] != " " != joined[-1:]:
        return fact
    changes = {}
    for name in _TEXT_FIELDS[type(fact)]:
        value = getattr(fact, name)
        cleaned = _clean_value(value)
        if cleaned != value:
            changes[name] = cleaned
    return dataclasses.replace(fact, **changes) if changes else fact


_TEXT_TYPES: tuple[object, ...] = (str, str | None, tuple[str, ...])


def _text_fields(fact_class: type[AnyFact]) -> tuple[str, ...]:
    hints = typing.get_type_hints(fact_class)
    return tuple(
        f.name for f in dataclasses.fields(fact_class) if f.init and hints[f.name] in _TEXT_TYPES
    )


_TEXT_FIELDS: Mapping[type[AnyFact], tuple[str, ...]] = {
    fact_class: _text_fields(fact_class)
    for fact_class in (DateFact, NameFact, FigureFact, AgreementFact)
}
"""The fields of each fact class that hold text (a text, an optional one, or a tuple of texts),
as the fact model annotates them."""

_TEXT_VALUES: Mapping[type[AnyFact], Callable[[AnyFact], tuple[Any, ...]]] = {
    fact_class: operator.attrgetter(*names) for fact_class, names in _TEXT_FIELDS.items()
}
"""Get the values of those fields of a fact, as a tuple."""
