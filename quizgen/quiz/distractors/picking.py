"""Drawing wrong options from the facts: nearest by size or time, most alike by wording."""

from __future__ import annotations

import bisect
import functools
import math
import random
from collections.abc import Sequence
from typing import TypeVar

from rapidfuzz import fuzz, process

from quizgen.model.facts import FigureValue
from quizgen.quiz.answers import normalise

T = TypeVar("T")

WINDOW = 8
"""How many of the closest siblings a wrong option is drawn from."""


def magnitude(value: FigureValue) -> float:
    """Return the order of magnitude of a figure (of its middle, for a range)."""
    middle = abs(value.low + value.high) / 2
    return math.log10(middle) if middle else -99.0


@functools.lru_cache(maxsize=1 << 16)
def normal(text: str) -> str:
    """Return `normalise(text)`, remembered: the same texts are compared for many cards."""
    return normalise(text)


def alike(answer: str, texts: Sequence[str], rng: random.Random) -> list[str]:
    """Return the texts most like the answer first (in an order drawn from `rng`), then others.

    Names that look alike ("Kim Il-sung" for "Kim Jong-un") make a better test than any name.
    """
    if not texts:
        return []
    best = process.extract(
        normal(answer), [normal(t) for t in texts], scorer=fuzz.WRatio, limit=WINDOW
    )
    chosen = {index for _, _, index in best}
    weighted = [(texts[index], (score / 100) ** 4) for _, score, index in best]
    ordered: list[str] = []
    while weighted:
        # The more alike, the likelier to be drawn first, yet every seed may draw another.
        pick = rng.choices(range(len(weighted)), weights=[w + 1e-6 for _, w in weighted])[0]
        ordered.append(weighted.pop(pick)[0])
    rest = [text for index, text in enumerate(texts) if index not in chosen]
    return ordered + sample(rest, rng, 4 * WINDOW)


def sample(items: Sequence[T], rng: random.Random, count: int) -> list[T]:
    """Return up to `count` of the items, picked and ordered by `rng`."""
    picks = rng.sample(range(len(items)), min(count, len(items)))
    return [items[i] for i in picks]


def nearest(
    rows: Sequence[tuple[float, T]], keys: Sequence[float], target: float, reach: float, count: int
) -> list[T]:
    """Return up to `count` values from sorted `rows` nearest to `target`, within `reach`."""
    found: list[T] = []
    right = bisect.bisect_left(keys, target)
    left = right - 1
    while len(found) < count:
        left_gap = target - keys[left] if left >= 0 else None
        right_gap = keys[right] - target if right < len(keys) else None
        if left_gap is not None and (right_gap is None or left_gap <= right_gap):
            gap, value, left = left_gap, rows[left][1], left - 1
        elif right_gap is not None:
            gap, value, right = right_gap, rows[right][1], right + 1
        else:
            break
        if gap > reach:
            break
        found.append(value)
    return found
