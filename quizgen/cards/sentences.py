"""Sentence shapes: mend fact text whose fix is unambiguous, and say how to reword the rest.

The templates put a fact's text into sentences: an event before "In which year?", a
description after "Name", an agreement's summary after "Which agreement ...". Writers
give what reads naturally in a list, not always what fits there. `mend` fixes what has
one right fix; `fragments` says what will still not read, each with a suggested rewording.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from quizgen.cards.filters import head_noun, how_many
from quizgen.language.english import shorten
from quizgen.model.facts import AgreementFact, AnyFact, DateFact, FigureFact, NameFact

_DETERMINERS = frozenset(
    (
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "some",
        "each",
        "every",
        "any",
        "no",
        "another",
        "either",
        "neither",
        "both",
        "all",
        "several",
        "many",
        "few",
        "most",
    )
)
_ABBREVIATIONS = frozenset(("inc", "co", "ltd", "corp", "jr", "sr", "st", "bros", "etc"))
_IRREGULAR_PAST = frozenset(
    (
        "began",
        "bound",
        "brought",
        "built",
        "broke",
        "chose",
        "came",
        "cut",
        "drew",
        "fell",
        "fought",
        "forbade",
        "forgave",
        "froze",
        "gave",
        "got",
        "grew",
        "held",
        "hid",
        "kept",
        "knew",
        "laid",
        "led",
        "left",
        "lent",
        "let",
        "lost",
        "made",
        "meant",
        "met",
        "paid",
        "put",
        "quit",
        "ran",
        "rose",
        "said",
        "saw",
        "sent",
        "set",
        "shut",
        "sold",
        "spent",
        "split",
        "spread",
        "stood",
        "stopped",
        "struck",
        "swore",
        "took",
        "taught",
        "tore",
        "told",
        "thought",
        "threw",
        "undertook",
        "understood",
        "upheld",
        "withdrew",
        "won",
        "wrote",
        "was",
        "were",
        "had",
        "did",
        "became",
    )
)
_PASSIVE = re.compile(
    r"(?i)the (?:number|count) of (?P<things>.+?) (?P<who>he|she|they|(?-i:[A-Z][\w'’.-]*)"
    r"(?: (?-i:[A-Z][\w'’.-]*))*) (?P<verb>\w+ed)$"
)
"""A count of what someone did: "the count of books Caxton printed"."""
_AGREEMENT_NOUN = re.compile(
    r"(?i)^(?:a|an|the)\s+(?:agreement|deal|pact|accord|treaty|arrangement|understanding|"
    r"commitment|promise|plan)\s+(to\s+.+)$"
)


def mend(fact: AnyFact) -> AnyFact:
    """Return the fact with the unambiguous fixes made to the text its cards quote.

    An event, description, summary or quantity loses a final full stop (the templates
    end their sentences); a quantity that names what its unit counts ("astronauts on Apollo
    11", unit "astronauts") is a count: "the number of astronauts on Apollo 11"; a
    description or any other quantity without a determiner gains "the"; a summary written
    as a relative clause ("which restored ties") loses "which".
    """
    match fact:
        case DateFact():
            name, text = "event", _no_stop(fact.event)
        case NameFact():
            name, text = "description", _determined(_no_stop(fact.description))
        case FigureFact():
            name, text = "quantity", _counted(_no_stop(fact.quantity), fact.unit)
            text = _determined(text)
        case AgreementFact():
            name, text = "summary", _RELATIVE.sub("", _no_stop(fact.summary))
        case _:
            return fact
    if text == getattr(fact, name):
        return fact
    change: dict[str, Any] = {name: text}
    return dataclasses.replace(fact, **change)


_RELATIVE = re.compile(r"(?i)^(?:which|that)\s+")
"""The start of a summary written as a relative clause ("which restored ties")."""


def summary_is_verb_phrase(summary: str) -> bool:
    """Tell whether an agreement's summary says what it did ("set up ...", "ended ...")."""
    words = summary.split()
    if not words:
        return False
    first = words[0].lower()
    if first.endswith("ly") and len(words) > 1:  # "formally ended ..."
        first = words[1].lower()
    return (len(first) > 3 and first.endswith("ed")) or first in _IRREGULAR_PAST


def fragments(fact: AnyFact) -> list[str]:
    """Return what will not read well on the fact's cards, each with a suggested rewording.

    Judges the text as `mend` leaves it.
    """
    fact = mend(fact)
    found: list[str] = []
    if isinstance(fact, AgreementFact) and not summary_is_verb_phrase(fact.summary):
        found.append(
            f"field 'summary': '{shorten(fact.summary, 60)}' does not say what the agreement did, "
            f'so the card cannot ask "Which agreement ...?"; write a verb phrase, such as '
            f"'{_verb_phrase(fact)}'"
        )
    if isinstance(fact, FigureFact):
        counted = re.match(r"(?i)the (?:number|count) of\s", fact.quantity)
        if counted and not how_many(fact.quantity):
            passive = _PASSIVE.match(fact.quantity)
            such = (
                f"'the number of {passive['things']} {passive['verb']} by {passive['who']}'"
                if passive
                else "'the number of <things> <doing what>'"
            )
            found.append(
                f"field 'quantity': '{shorten(fact.quantity, 60)}' has no \"How many ...?\" form, "
                f'so the card asks "What was {shorten(fact.quantity, 60)}?"; reword it as '
                f"{such}, or give the fact its own 'wording'"
            )
        elif not counted and _is_plural(head := head_noun(fact.quantity)):
            verb = "is" if fact.current else "was"
            found.append(
                f"field 'quantity': '{shorten(fact.quantity, 60)}' is plural, "
                f'so the card asks "What {verb} {shorten(fact.quantity, 60)}?"; write what was '
                f"measured: 'the number of {head} ...' for a count, or 'the value of ...', "
                "'the share of ...'"
            )
    if isinstance(fact, AgreementFact):
        found.extend(
            f"field 'parties': English writes '{party}' with 'the', and the cards print the "
            f"parties as written; write 'the {party}'"
            for party in fact.parties
            if _wants_the(party)
        )
    if isinstance(fact, NameFact) and fact.description.split()[0].lower() in ("who", "which"):
        found.append(
            f"field 'description': '{shorten(fact.description, 60)}' is a clause, not a noun "
            f"phrase; write it as 'the <person or thing> {shorten(fact.description, 60)}'"
        )
    return found


def _verb_phrase(fact: AgreementFact) -> str:
    match = _AGREEMENT_NOUN.match(fact.summary)
    whom = "both sides" if len(fact.parties) > 1 else "its parties"
    if match:
        return f"committed {whom} {match.group(1)}"
    return f"set up …, ended …, committed {whom} to …"


def _counted(quantity: str, unit: str) -> str:
    """Write a quantity that names the things its unit counts as "the number of" them."""
    counted = unit.rsplit(None, 1)[-1].lower() if unit.strip() else ""
    if not counted or counted not in quantity.lower():  # most quantities: "the area of ..."
        return quantity
    words = quantity.split()
    if words[:1] and words[0].lower() == "the":
        words = words[1:]
    if (
        not words
        or words[0].lower() in _DETERMINERS
        or words[0].endswith(("'s", "’s"))  # "NASA's astronauts" says whose, not how many
        or words[0].lower() in ("number", "count")
    ):
        return quantity
    head = head_noun(" ".join(words)).lower()
    if head != counted or not _is_plural(head):
        return quantity
    return "the number of " + " ".join(words)


def _is_plural(noun: str) -> bool:
    """Tell whether a noun reads as plural: "workers", "people"; not "news" or "census"."""
    word = noun.lower()
    if word in _PLURALS:
        return True
    if word in _SINGULAR_IN_S or not word.isalpha():
        return False
    return len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


_PLURALS = frozenset(("people", "children", "men", "women", "cattle", "police", "staff"))
_SINGULAR_IN_S = frozenset(
    ("news", "series", "species", "means", "economics", "politics", "physics", "headquarters")
)


def _wants_the(name: str) -> bool:
    """Tell whether English writes a party's name with "the": "the United States"."""
    words = name.split()
    if not words or words[0].lower() in _DETERMINERS:
        return False
    return words[-1] in _THE_LAST_WORDS or (len(words) > 1 and words[0] in _THE_FIRST_WORDS)


_THE_LAST_WORDS = frozenset(
    (
        *("States", "Kingdom", "Union", "Nations", "Republic", "Emirates", "Islands"),
        *("Netherlands", "Philippines", "Bahamas", "Federation", "Commission", "Council"),
        *("Assembly", "Parliament", "Congress", "Senate", "Alliance", "Organisation"),
        "Organization",
    )
)
"""Last words of names written with "the": "the Czech Republic", "the European Union"."""
_THE_FIRST_WORDS = frozenset(
    ("Republic", "Kingdom", "Federation", "Commonwealth", "Government", "Parliament", "Ministry")
)
"""First words of names written with "the": "the Republic of Korea"."""


def _no_stop(text: str) -> str:
    """Drop one final full stop, unless it ends an abbreviation or an ellipsis."""
    if not text.endswith(".") or text.endswith(".."):
        return text
    last = text[:-1].rsplit(None, 1)[-1] if text[:-1].strip() else ""
    if "." in last or last.lower() in _ABBREVIATIONS or len(last) == 1:
        return text
    return text[:-1].rstrip()


def _determined(text: str) -> str:
    """Give a noun phrase "the" when it starts with no determiner ("American astronaut").

    A possessive is a determiner, also after a name: "HB Oil's stake" stays.
    """
    words = text.split()
    if not words:
        return text
    lowered = words[0].lower()
    if (
        lowered in _DETERMINERS
        or words[0][:1].isdigit()
        or lowered in ("who", "which", "what", "where", "when")
    ):
        return text
    for word in words:  # the first word, or a run of capitalised words that may own the rest
        if word.lower().endswith(("'s", "’s", "s'", "s’")):
            return text
        if not word[:1].isupper():
            break
    return f"the {text}"
