"""Read numbers the way a person types them: `225,000`, `2.5 million`, `30-40 thousand`.

Nothing here raises on odd text: what cannot be read gives `None`, so a quiz can judge any reply.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from quizgen.language.fold import fold
from quizgen.model.facts import FigureValue, Number

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {
    "thousand": 1_000,
    "thousands": 1_000,
    "k": 1_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "mn": 1_000_000,
    "mln": 1_000_000,
    "billion": 1_000_000_000,
    "billions": 1_000_000_000,
    "bn": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
_FRACTIONS = {"half": 0.5, "quarter": 0.25}
_RANGE_WORDS = {"-", "to", "and", "or"}

_TOKEN = re.compile(r"\d+(?:\.\d+)?[a-z]*|[a-z]+|-")


@dataclass
class _Amount:
    """A number being read: completed scale groups, the group under way, the last scale."""

    total: float = 0.0
    group: float = 0.0
    scale: int = 1
    words: bool = False

    @property
    def value(self) -> float:
        """Return the number read so far."""
        return self.total + self.group


def _clean_digits(text: str) -> str:
    """Drop thousands separators and read a lone decimal comma as a point."""
    for _ in range(2):
        text = re.sub(r"(?<=\d)[ ,'](?=\d{3}(?!\d))", "", text)
    if re.search(r"\d\.\d{3}\.\d{3}", text):
        text = re.sub(r"(?<=\d)\.(?=\d{3}(?!\d))", "", text)
    return re.sub(r"(?<=\d),(?=\d)", ".", text)


def _amounts(tokens: list[str], m_is_million: bool) -> Iterator[_Amount | str]:
    """Yield the numbers in `tokens`, and the range words between them."""
    scales = dict(_SCALES)
    if m_is_million:
        scales["m"] = 1_000_000
    current: _Amount | None = None
    prev = ""
    skip = 0
    for index, token in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        following, after = [*tokens[index + 1 : index + 3], "", ""][:2]
        fraction = _FRACTIONS.get(after) if following in ("a", "an", "one") else None
        if token == "and" and current is not None and fraction is not None:
            current.group += fraction  # "two and a half million"
            skip, prev = 2, after
            continue
        literal = re.fullmatch(r"(\d+(?:\.\d+)?)([a-z]*)", token)
        if literal:
            number = float(literal.group(1))
            after_scale = current is not None and prev in scales and number < current.scale
            if after_scale and current is not None and not literal.group(2):
                current.group = number  # "3 million 200 thousand"
                prev = token
                continue
            if current is not None:
                yield current
            current = _Amount(group=number)
            if literal.group(2) in scales:
                current.scale = scales[literal.group(2)]
                current.total, current.group = current.group * current.scale, 0.0
        elif token in _UNITS or token in _TENS:
            number = _UNITS[token] if token in _UNITS else _TENS[token]
            continues = (
                current is not None
                and current.words
                and (
                    (prev in _TENS and token in _UNITS)
                    or prev in ("hundred", "and", "-")
                    or prev in scales
                )
            )
            if continues and current is not None:
                current.group += number
            else:
                if current is not None:
                    yield current
                current = _Amount(group=float(number), words=True)
        elif token == "hundred":
            if current is None or not current.words:
                if current is not None:
                    yield current
                current = _Amount(group=1.0, words=True)
            current.group = (current.group or 1.0) * 100
        elif token in scales:
            if current is None:
                if prev not in ("a", "an"):
                    prev = token
                    continue
                current = _Amount(group=1.0, words=True)
            current.total += (current.group or 1.0) * scales[token]
            current.group = 0.0
            current.scale = scales[token]
        elif token in _FRACTIONS and following in ("a", "an", "of", *scales):
            if current is not None:
                yield current
            current = _Amount(group=_FRACTIONS[token], words=True)
        elif token == "dozen":
            if current is None:
                current = _Amount(group=1.0, words=True)
            current.group = (current.group or 1.0) * 12
        elif token in _RANGE_WORDS:
            in_words = current is not None and current.words
            hyphenated = token == "-" and prev in _TENS and following in _UNITS
            joined = token == "and" and (prev == "hundred" or prev in scales)
            if in_words and (hyphenated or (joined and following in {*_UNITS, *_TENS})):
                prev = token
                continue
            if current is not None:
                yield current
                current = None
            yield token
        prev = token
    if current is not None:
        yield current


def parse_number(text: str, unit: str = "") -> FigureValue | None:
    """Read a number or a range from text such as `225,000`, `2.5 million`, `30-40 thousand`.

    Unit words (`percent`, `workers`, `%`) are ignored. `unit` is the unit the figure is counted
    in: when it is a length or anything that starts with "m", a trailing `m` is not read as
    "million". Return `None` when the text holds no number.
    """
    folded = _clean_digits(fold(text))
    tokens = _TOKEN.findall(folded)
    unit_words = fold(unit).split()
    m_is_million = not (
        unit_words and (unit_words[0].startswith("m") or any("met" in word for word in unit_words))
    )
    items = list(_amounts(tokens, m_is_million))
    numbers = [(i, item) for i, item in enumerate(items) if isinstance(item, _Amount)]
    if not numbers:
        return None
    first_index, first = numbers[0]
    following = items[first_index + 1 : first_index + 3]
    if len(following) == 2 and isinstance(following[0], str) and isinstance(following[1], _Amount):
        second = following[1]
        low, high = first.value, second.value
        base = second.value / second.scale
        if first.scale == 1 and second.scale > 1 and first.value <= base:
            low = first.value * second.scale
        low, high = sorted((low, high))
        return FigureValue(_tidy(low), _tidy(high))
    return FigureValue(_tidy(first.value), _tidy(first.value))


def _tidy(value: float) -> Number:
    """Return an int when the value is whole, so 225000.0 prints as 225000."""
    rounded = round(value, 9)
    if rounded.is_integer() and abs(rounded) < 1e18:
        return int(rounded)
    return rounded
