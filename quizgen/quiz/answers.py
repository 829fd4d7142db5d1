"""Forgiving answer checking for the terminal quiz: pure functions, no I/O.

`check(card, reply)` judges what a person typed against the fact field the card asks for
(`card.answer_field`), forgiving what a patient tutor would forgive: case, accents,
punctuation, spacing, hyphens, leading articles, numbers and dates in any common form, the
parties of an agreement in any order, and near-miss typos of names (graded ALMOST).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from quizgen.language.english import (
    MONTHS,
    article,
    format_date,
    format_date_spec,
    format_figure,
    join_list,
)
from quizgen.language.fold import fold
from quizgen.language.typed_dates import parse_dates, parse_month
from quizgen.language.typed_numbers import parse_number
from quizgen.model.facts import (
    AgreementFact,
    Card,
    DateFact,
    DateSpec,
    FigureFact,
    FigureValue,
    NameFact,
    PartialDate,
)

__all__ = [
    "AnswerKind",
    "Grade",
    "Verdict",
    "answer_kind",
    "check",
    "covers",
    "expected_answer",
    "figure_matches",
    "near_miss",
    "normalise",
    "option_text",
    "typed_is_fair",
]


class Grade(StrEnum):
    """How a reply measures up to the expected answer."""

    CORRECT = "correct"
    ALMOST = "almost"
    PARTIAL = "partial"
    WRONG = "wrong"


@dataclass(frozen=True)
class Verdict:
    """The judgement of one reply: its grade, a word for the learner, and the right answer."""

    grade: Grade
    message: str
    expected: str


class AnswerKind(StrEnum):
    """How a card's answer is compared with a reply."""

    DATE = "date"
    FIGURE = "figure"
    PARTIES = "parties"
    NAME = "name"
    TEXT = "text"


APPROXIMATE_TOLERANCE = 0.05
"""How far (relative) a reply may stray from an approximate figure and still be correct."""

ALMOST_RATIO = 85.0
"""The least `rapidfuzz.fuzz.ratio` (0-100) of a near-miss spelling."""

COVERAGE = 0.75
"""The share of the expected content words a free-text reply must hold to be accepted."""

_ARTICLES = frozenset({"the", "a", "an"})
_STOPWORDS = frozenset(
    {
        *_ARTICLES,
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "and",
        "or",
        "as",
        "its",
        "his",
        "her",
        "their",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "that",
        "which",
        "who",
        "it",
        "this",
        "s",
    }
)
_HONORIFICS = frozenset(
    {
        "president",
        "prime",
        "minister",
        "premier",
        "chairman",
        "leader",
        "general",
        "marshal",
        "ambassador",
        "comrade",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
    }
)
_FREE_TEXT_FIELDS = frozenset({"event", "description", "summary", "quantity", "hint", "note"})
_ALIAS_FIELDS = {DateFact: "event", NameFact: "name", FigureFact: "value", AgreementFact: "title"}


def normalise(text: str) -> str:
    """Return `text` folded for comparison: lower case, no accents, punctuation, hyphens or
    leading article, single spaces ("The Kim Jong-un!" gives "kim jong un")."""
    folded = re.sub(r"['`]", "", fold(text)).replace("&", " and ")
    words = re.sub(r"[\W_]+", " ", folded).split()
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def _compact(text: str) -> str:
    return text.replace(" ", "")


def answer_kind(card: Card) -> AnswerKind:
    """Return how the card's answer is compared with a reply, from its `answer_field`."""
    value = getattr(card.fact, card.answer_field, None)
    if isinstance(value, DateSpec):
        return AnswerKind.DATE
    if isinstance(value, FigureValue):
        return AnswerKind.FIGURE
    if card.answer_field == "parties" and isinstance(value, tuple):
        return AnswerKind.PARTIES
    if card.answer_field in _FREE_TEXT_FIELDS:
        return AnswerKind.TEXT
    if isinstance(value, str) and len(value.split()) > 8:
        return AnswerKind.TEXT
    return AnswerKind.NAME


def typed_is_fair(card: Card) -> bool:
    """Return whether a person can fairly be asked to type this card's answer.

    Free text (the event of a date, the description of a name, a summary) is hard to type
    word for word: such cards suit multiple choice.
    """
    return answer_kind(card) is not AnswerKind.TEXT


def option_text(card: Card) -> str:
    """Return the answer written as a multiple-choice option: "October 2013", "20 percent"."""
    fact = card.fact
    value = getattr(fact, card.answer_field, None)
    approximate = bool(getattr(fact, "approximate", False))
    if isinstance(value, DateSpec):
        text = format_date_spec(value)
        return f"around {text}" if approximate else text
    if isinstance(value, FigureValue) and isinstance(fact, FigureFact):
        return format_figure(value, fact.unit, approximate=fact.approximate)
    if isinstance(value, tuple) and all(isinstance(item, str) for item in value):
        return join_list(value)
    if isinstance(value, str):
        return value.strip()
    return (card.cloze[1] if card.cloze else card.back).strip()


def expected_answer(card: Card) -> str:
    """Return the full answer as a person would write it: what the card shows as its answer."""
    shown = card.cloze[1] if card.cloze else card.back
    shown = shown.strip()
    return shown or option_text(card)


def check(card: Card, reply: str) -> Verdict:
    """Judge a typed reply to a card. Never raises: any text gives a Verdict."""
    expected = expected_answer(card)
    try:
        grade, message = _judge(card, reply)
    except (ValueError, ArithmeticError):
        # Unreadable numbers or impossible dates in a reply are the reply's fault, not ours.
        grade, message = Grade.WRONG, f"Wrong: the answer is {_written(card)}."
    return Verdict(grade, message, expected)


def _judge(card: Card, reply: str) -> tuple[Grade, str]:
    said = normalise(reply)
    if not said:
        return Grade.WRONG, "No answer given."
    fact = card.fact
    if card.cloze and said == normalise(card.cloze[1]):
        return Grade.CORRECT, "Correct."
    kind = answer_kind(card)
    aliases = fact.aliases if _ALIAS_FIELDS.get(type(fact)) == card.answer_field else ()
    if kind is not AnswerKind.NAME and any(said == normalise(alias) for alias in aliases):
        return Grade.CORRECT, "Correct."
    value = getattr(fact, card.answer_field, None)
    if kind is AnswerKind.DATE and isinstance(value, DateSpec):
        approximate = bool(getattr(fact, "approximate", False))
        month = parse_month(reply)
        if month is not None and value.end is None and value.start.month is not None:
            return _judge_month(value.start, month)
        return _judge_date(value, approximate, parse_dates(reply))
    if kind is AnswerKind.FIGURE and isinstance(fact, FigureFact):
        return _judge_figure(fact, reply)
    if kind is AnswerKind.PARTIES and isinstance(value, tuple):
        return _judge_parties(tuple(str(v) for v in value), reply)
    written = _written(card)
    answer = value if isinstance(value, str) else written
    if kind is AnswerKind.TEXT:
        return _judge_free_text([answer, *aliases], said, written)
    candidates = [answer, *aliases]
    if card.cloze:
        candidates.append(card.cloze[1])
    verdict = _judge_name(candidates, said, written)
    bare = " ".join(w for w in said.split() if w not in _HONORIFICS)
    if verdict[0] is not Grade.CORRECT and bare and bare != said:
        # "President Elbegdorj": a title before a name is no mistake.
        plain = _judge_name(candidates, bare, written)
        if _RANK[plain[0]] < _RANK[verdict[0]]:
            return plain
    return verdict


def _written(card: Card) -> str:
    """Return the answer as a message quotes it: no preposition, no final full stop, and an
    agreement's title with the article the cards give it ("the Ulaanbaatar talks
    arrangement")."""
    text = option_text(card).rstrip(". ")
    if isinstance(card.fact, AgreementFact) and card.answer_field == "title":
        return article(text) + text
    return text


# ---------------------------------------------------------------------------------------------
# Names and titles


def _allowed_edits(length: int) -> int:
    """Return how many typing slips a name of this many letters may hold and still be close."""
    if length < 4:
        return 0
    if length < 8:
        return 1
    if length < 16:
        return 2
    return 3


def near_miss(said: str, answer: str) -> bool:
    """Return whether normalised `said` is a near-miss spelling of normalised `answer`."""
    a, b = _compact(said), _compact(answer)
    if not a or not b or re.findall(r"\d+", said) != re.findall(r"\d+", answer):
        return False  # numbers inside a name are never a typing slip: Resolution 2397 ≠ 2379
    forms = [(a, b), (" ".join(sorted(said.split())), " ".join(sorted(answer.split())))]
    for left, right in forms:
        left, right = _compact(left), _compact(right)
        if fuzz.ratio(left, right) < ALMOST_RATIO:
            continue
        if Levenshtein.distance(left, right) <= _allowed_edits(len(right)):
            return True
    return False


def _judge_name(candidates: Sequence[str], said: str, written: str) -> tuple[Grade, str]:
    forms = [(c, normalise(c)) for c in candidates if normalise(c)]
    for _, form in forms:
        if said == form or _compact(said) == _compact(form):
            return Grade.CORRECT, "Correct."
        if _canonical(said) == _canonical(form):
            return Grade.CORRECT, "Correct."
        if sorted(said.split()) == sorted(form.split()):
            return Grade.CORRECT, "Correct."
    for original, form in forms:
        if near_miss(said, form):
            return Grade.ALMOST, f"Almost: it is spelled {original.strip()}."
    for _, form in forms:
        words, wanted = set(said.split()), set(form.split())
        if words < wanted and any(len(w) >= 3 and w not in _STOPWORDS for w in words):
            return Grade.PARTIAL, f"Only part of it: the full answer is {written}."
    return Grade.WRONG, f"Wrong: the answer is {written}."


# ---------------------------------------------------------------------------------------------
# Free text


def _content_words(text: str) -> list[str]:
    return [w for w in text.split() if w not in _STOPWORDS]


def covers(said: str, wanted: str) -> bool:
    """Return whether normalised `said` holds most content words of normalised `wanted`."""
    wanted_words = _content_words(wanted)
    said_words = _content_words(said)
    if not wanted_words or not said_words or len(said_words) > 2 * len(wanted_words) + 3:
        return False
    covered = sum(
        any(w == s or (len(w) >= 5 and fuzz.ratio(w, s) >= ALMOST_RATIO) for s in said_words)
        for w in wanted_words
    )
    return covered / len(wanted_words) >= COVERAGE


_KEY_WORDS = frozenset((
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "twenty", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
    "eighth", "ninth", "tenth", "last", "hundred", "thousand", "million", "billion",
    "north", "south", "east", "west", "not", "no", "never",
))  # fmt: skip
"""Words that tell two otherwise alike sentences apart: they must not contradict."""


def _same_key_words(said: str, wanted: str) -> bool:
    """Return whether a reply keeps the numbers, ordinals and compass points of the answer.

    "Mongolia hosted the second round" must not pass for "... the first round", nor
    "South Korea" for "North Korea".
    """
    said_keys = {w for w in said.split() if w in _KEY_WORDS or w.isdigit()}
    wanted_keys = {w for w in wanted.split() if w in _KEY_WORDS or w.isdigit()}
    return said_keys <= wanted_keys and (not wanted_keys or bool(said_keys))


def _judge_free_text(answers: Sequence[str], said: str, written: str) -> tuple[Grade, str]:
    wanted = [normalise(answer) for answer in answers]
    if said in wanted:
        return Grade.CORRECT, "Correct."
    close = (fuzz.ratio(said, w) >= ALMOST_RATIO or covers(said, w) for w in wanted)
    if any(ok and _same_key_words(said, w) for ok, w in zip(close, wanted, strict=True)):
        return Grade.CORRECT, f"Accepted: the full answer is {written}."
    return Grade.WRONG, f"Wrong: the answer is {written}."


# ---------------------------------------------------------------------------------------------
# Dates


def _within(reply: PartialDate, fact: PartialDate) -> bool:
    """Return whether the reply names the fact's date at its precision or more precisely."""
    return (
        reply.precision >= fact.precision
        and fact.first_day() <= reply.first_day()
        and reply.last_day() <= fact.last_day()
    )


def _judge_point(fact: PartialDate, reply: PartialDate, approximate: bool) -> tuple[Grade, str]:
    """Judge one date against one date; the message names the fact's date."""
    written = format_date(fact)
    if approximate and abs(reply.year - fact.year) <= 1:
        if reply.year == fact.year:
            return Grade.CORRECT, "Correct."
        return Grade.CORRECT, f"Close enough: the date is approximate, around {written}."
    if _within(reply, fact):
        return Grade.CORRECT, "Correct."
    if reply.year == fact.year and fact.month is not None:
        if fact.day is None:
            return Grade.PARTIAL, f"Right year; the month was {MONTHS[fact.month - 1]}."
        if reply.month == fact.month:
            return Grade.PARTIAL, f"Right month; the date was {written}."
        return Grade.PARTIAL, f"Right year; the date was {written}."
    if abs(reply.year - fact.year) == 1:
        return Grade.WRONG, f"Off by one year: it was {written}."
    return Grade.WRONG, f"Wrong: it was {written}."


def _judge_month(fact: PartialDate, month: int) -> tuple[Grade, str]:
    """Judge a reply that names a month without a year."""
    written = format_date(fact)
    if month == fact.month:
        return Grade.PARTIAL, f"Right month, but give the year too: it was {written}."
    return Grade.WRONG, f"Wrong: it was {written}."


_RANK = {Grade.CORRECT: 0, Grade.ALMOST: 1, Grade.PARTIAL: 2, Grade.WRONG: 3}


def _judge_date(
    fact: DateSpec, approximate: bool, readings: Sequence[DateSpec]
) -> tuple[Grade, str]:
    written = format_date_spec(fact)
    if not readings:
        return Grade.WRONG, f"I could not read a date there; the answer is {written}."
    judged = [_judge_spec(fact, approximate, reading) for reading in readings]
    return min(judged, key=lambda verdict: _RANK[verdict[0]])


def _judge_spec(fact: DateSpec, approximate: bool, reply: DateSpec) -> tuple[Grade, str]:
    written = format_date_spec(fact)
    if fact.end is None or fact.end == fact.start:
        if reply.end is None or reply.end == reply.start:
            return _judge_point(fact.start, reply.start, approximate)
        if reply.start.first_day() <= fact.start.first_day() <= reply.end.last_day():
            return Grade.PARTIAL, f"Your span holds it, but it was one date: {written}."
        return Grade.WRONG, f"Wrong: it was {written}."
    if reply.end is None or reply.end == reply.start:
        point = reply.start
        if _judge_point(fact.start, point, approximate)[0] is Grade.CORRECT:
            return Grade.PARTIAL, f"That is when it began; it ran from {written}."
        if _judge_point(fact.end, point, approximate)[0] is Grade.CORRECT:
            return Grade.PARTIAL, f"That is when it ended; it ran from {written}."
        if fact.start.first_day() <= point.first_day() <= fact.end.last_day():
            return Grade.PARTIAL, f"That falls within it; it ran from {written}."
        return Grade.WRONG, f"Wrong: it ran from {written}."
    ends = (
        _judge_point(fact.start, reply.start, approximate)[0],
        _judge_point(fact.end, reply.end, approximate)[0],
    )
    right = ends.count(Grade.CORRECT)
    if right == 2:
        return Grade.CORRECT, "Correct."
    if right == 1:
        return Grade.PARTIAL, f"One end right: it ran from {written}."
    if Grade.PARTIAL in ends:
        return Grade.PARTIAL, f"Right years, but it ran from {written}."
    return Grade.WRONG, f"Wrong: it ran from {written}."


# ---------------------------------------------------------------------------------------------
# Figures


def _tolerance(value: float, approximate: bool) -> float:
    return abs(value) * (APPROXIMATE_TOLERANCE if approximate else 1e-9)


def figure_matches(fact: FigureFact, reply: FigureValue) -> bool:
    """Return whether a reply's number or range would be judged correct for the figure."""
    low, high = fact.value.low, fact.value.high
    lowest = low - _tolerance(low, fact.approximate)
    highest = high + _tolerance(high, fact.approximate)
    return lowest <= reply.low and reply.high <= highest


def _judge_figure(fact: FigureFact, reply: str) -> tuple[Grade, str]:
    written = format_figure(fact.value, fact.unit, approximate=fact.approximate)
    said = parse_number(reply, fact.unit)
    if said is None:
        return Grade.WRONG, f"I could not read a number there; the answer is {written}."
    low, high = fact.value.low, fact.value.high
    if figure_matches(fact, said):
        exact = said.low == low and said.high == high
        inside = fact.value.is_range and not said.is_range
        if exact or inside or said.is_range:
            return Grade.CORRECT, "Correct."
        return Grade.CORRECT, f"Close enough: it was {written}."
    if said.is_range and said.low <= high and low <= said.high:
        if fact.value.is_range:
            return Grade.PARTIAL, f"Your range overlaps it: it was {written}."
        return Grade.PARTIAL, f"Your range holds it, but it was {written}."
    middle = (said.low + said.high) / 2
    if low > 0 and low * 0.8 <= middle <= high * 1.25:
        return Grade.WRONG, f"Close, but it was {written}."
    return Grade.WRONG, f"Wrong: it was {written}."


# ---------------------------------------------------------------------------------------------
# Agreement parties

_SEPARATORS = re.compile(r"[,;&+/|]|\band\b|\bwith\b|\bbetween\b")
_PARTY_FILLER = frozenset({"both", "signed", "by", "parties", "were", "was", "it", "they"})


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


def _canonical(text: str) -> str:
    """Write the countries in normalised text by one name each: "dprk" becomes "north korea"."""
    padded = f" {text} "
    for other, name in _COUNTRY_NAMES.items():  # longest first, so "republic of korea" waits
        padded = padded.replace(f" {other} ", f" {name} ")
    return padded.strip()


def _judge_parties(parties: tuple[str, ...], reply: str) -> tuple[Grade, str]:
    written = join_list(parties)
    forms = {party: _canonical(normalise(party)) for party in parties}
    # Whole names first, so "Trinidad and Tobago" is not cut at its "and".
    pieces = re.split(r"[,;&+/|]", fold(reply))
    text = " " + " ; ".join(_canonical(normalise(piece)) for piece in pieces) + " "
    found: dict[str, bool] = {}
    for party in sorted(parties, key=lambda p: -len(forms[p])):
        form = forms[party]
        if form and f" {form} " in text:
            found[party] = True
            text = text.replace(f" {form} ", " ; ", 1)
    extras: list[str] = []
    for piece in _SEPARATORS.split(text):
        words = [w for w in piece.split() if w not in _PARTY_FILLER and w not in _STOPWORDS]
        if not words:
            continue
        leftover = " ".join(words)
        match = next((p for p in parties if p not in found and near_miss(leftover, forms[p])), None)
        if match is not None:
            found[match] = False
        else:
            extras.append(leftover)
    named, total = len(found), len(parties)
    if named == total and not extras:
        if all(found.values()):
            return Grade.CORRECT, "Correct."
        return Grade.ALMOST, f"Almost: it is spelled {written}."
    if named == total:
        more = "1 that was" if len(extras) == 1 else f"{len(extras)} that were"
        return Grade.PARTIAL, f"Right parties, plus {more} not one: {written}."
    if named:
        return Grade.PARTIAL, f"You named {named} of the {total} parties: {written}."
    return Grade.WRONG, f"Wrong: the parties were {written}."
