"""Template filters: the small English helpers card templates can use besides Jinja2's own."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from types import MappingProxyType

from quizgen.language.english import MONTHS, article, format_number, join_list


def how_many(quantity: str, present: bool = False) -> str:
    """Turn "the number of X in Y" into "How many X were in Y"; return "" for other text.

    "were" goes before a place ("workers in Mongolia"), or before a participle that
    ends the phrase or leads into a preposition ("cattle sent to", "people living in");
    "were there" goes before a time ("trips by officials in July 2013") or at the end.
    A relative clause gives its own verb: "people who walked on the Moon" -> "How many
    people walked on the Moon". With `present`, "are" stands for "were".
    """
    match = re.match(r"(?i)the (?:number|count) of\s+(.+)$", quantity.strip())
    if not match:
        return ""
    words = match.group(1).split()
    lowered = [word.lower() for word in words]
    for word in lowered:
        if word in _PREPOSITIONS or word in _RELATIVE_WORDS:
            break
        if word.endswith(("'s", "’s")):
            return ""  # "the count of Kim Il-sung's visits" has no natural "How many" form
    were = "are" if present else "were"

    def split(index: int, verb: str) -> str:
        rest = " ".join(words[index:])
        return f"How many {' '.join(words[:index])} {verb}{' ' if rest else ''}{rest}"

    in_clause = False
    for index in range(1, len(words)):
        word, following = lowered[index], lowered[index + 1 : index + 3]
        if word in _TIME_PREPOSITIONS and following and _is_time(following[0]):
            return split(index, f"{were} there")
        if in_clause:
            continue
        if word in _RELATIVE_WORDS:
            if _clause_verb(word, words[index + 1 : index + 2]):
                # "people who walked on the Moon" -> "How many people walked on the Moon"
                return f"How many {' '.join(words[:index])} {' '.join(words[index + 1 :])}"
            in_clause = True  # "meetings that North Korea had joined": it has its own subject
        elif _is_participle(word) and _leads_on(following) and _has_subject(words, index):
            return ""  # "books Caxton printed": "How many books Caxton were printed" is wrong
        elif word in _PLACE_PREPOSITIONS or (_is_participle(word) and _leads_on(following)):
            return split(index, were)
    return split(len(words), f"{were} there")


def head_noun(phrase: str) -> str:
    """Return the noun a phrase is about: the last word before its first "of", preposition,
    relative word or participle ("North Korean workers in Mongolia" -> "workers", "the
    surface area of the Moon" -> "area"); "" for no words."""
    words = phrase.split()
    for index in range(1, len(words)):
        word = words[index].lower()
        if word in _PHRASE_BREAKS or word in _RELATIVE_WORDS or _is_participle(word):
            return words[index - 1]
    return words[-1] if words else ""


def _clause_verb(relative: str, following: list[str]) -> bool:
    """Tell whether a relative clause starts with its verb: it is the clause's subject."""
    if relative in ("whose", "whom") or not following:
        return False
    word = following[0]
    return not word[:1].isupper() and word.lower() not in _NOT_VERBS


def _has_subject(words: list[str], index: int) -> bool:
    """Tell whether the verb at `index` has a subject of its own, a pronoun or a name that
    follows a noun directly ("books Caxton printed"), not a name the phrase is of ("copies
    of the Gutenberg Bible known to survive")."""
    before = index - 1
    if words[before].lower() in _PRONOUNS:
        return True
    while before > 0 and words[before][:1].isupper():
        before -= 1
    return (
        before < index - 1
        and not words[before][:1].isupper()
        and words[before].lower() not in _PREPOSITIONS | _NOT_VERBS | {"of", "and"}
    )


def _is_participle(word: str) -> bool:
    return (len(word) > 4 and word.endswith(("ed", "ing"))) or word in _IRREGULAR_PARTICIPLES


def _leads_on(following: list[str]) -> bool:
    """Tell whether a participle is a verb here: it ends the phrase or a preposition follows."""
    if not following or following[0] in _PREPOSITIONS | _ADVERBS:
        return True
    return following[0] in {"or", "and"} and len(following) > 1 and _is_participle(following[1])


def _is_time(word: str) -> bool:
    return word[:1].isdigit() or word.capitalize() in MONTHS or word in _TIME_WORDS


def capfirst(text: str) -> str:
    """Capitalise the first letter only, leaving the rest as written."""
    return text[:1].upper() + text[1:]


def and_list(items: object) -> str:
    """Join a list of words with commas and "and"."""
    if isinstance(items, str):
        return items
    if not isinstance(items, list | tuple):
        raise TypeError(f"and_list needs a list, got {type(items).__name__}")
    return join_list([str(item) for item in items])


def number(value: object) -> str:
    """Write a number with thousands separators."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"number needs a number, got {value!r}")
    return format_number(value)


FILTERS: Mapping[str, Callable[..., str]] = MappingProxyType(
    {
        "how_many": how_many,
        "article": article,
        "capfirst": capfirst,
        "and_list": and_list,
        "number": number,
    }
)
"""The filters templates can use besides Jinja2's own."""

_PLACE_PREPOSITIONS = frozenset(
    ("in", "at", "inside", "outside", "within", "across", "abroad", "among", "throughout")
)
_PREPOSITIONS = _PLACE_PREPOSITIONS | frozenset(
    ("on", "from", "to", "into", "under", "over", "per", "by", "for", "with", "near", "during")
)
_PHRASE_BREAKS = _PREPOSITIONS | frozenset(
    ("of", "about", "between", "through", "against", "around", "via", "toward", "towards")
)
"""Words that end the noun a phrase is about (`head_noun`): "stories | about the launch"."""
_TIME_PREPOSITIONS = frozenset(("in", "on", "by", "during", "before", "after", "until", "since"))
_TIME_WORDS = frozenset(("early", "late", "mid", "the"))
_IRREGULAR_PARTICIPLES = frozenset(
    ("sent", "held", "made", "born", "built", "sold", "brought", "taken", "given", "seen", "known"),
)
_ADVERBS = frozenset(("today", "now", "still", "ever", "yet"))
_PRONOUNS = frozenset(("he", "she", "it", "they", "we", "i", "you"))
_RELATIVE_WORDS = frozenset(["who", "whom", "whose", "which", "that"])
_NOT_VERBS = frozenset(
    ("the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "these", "those")
)
