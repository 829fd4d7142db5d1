"""Date context: what a "What happened <date>?" card needs besides its date to have one answer.

Another date fact of the base may share the date, or fall inside it; `DateIndex` finds those
rivals and works out the shortest context that tells the fact apart from them.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence

from quizgen.cards.tidy import clean_fact
from quizgen.cards.variables import topic_label
from quizgen.model.dates import Day
from quizgen.model.facts import AnyFact, DateFact, DateSpec, FactBase


class DateIndex:
    """A fact base's date facts by their span, to find the ones a reverse card's date also
    fits; it remembers each date fact's `context` once worked out."""

    def __init__(self, facts: FactBase) -> None:
        self._contexts: dict[str, str | None] = {}
        self._words: dict[str, list[str]] = {}
        by_topic: dict[str, list[tuple[Day, Day, str, DateFact]]] = {}
        for fact in date_facts(facts):
            by_topic.setdefault(topic_label(fact.deck), []).append(
                (fact.date.start.first_day(), last_day(fact.date), fact.id, fact)
            )
        self._topics: dict[str, tuple[list[Day], list[_Entry]]] = {}
        for topic, dated in by_topic.items():
            dated.sort(key=lambda entry: (entry[0], entry[1], entry[2]))
            # The dates as plain tuples too: comparing dataclasses field by field is slow.
            self._topics[topic] = (
                [entry[0] for entry in dated],
                [(last, fact_id, fact, _date_key(fact.date)) for _, last, fact_id, fact in dated],
            )

    def context(self, fact: DateFact, cleaned: AnyFact | None = None) -> str | None:
        """Return what a reverse card of `fact` needs besides its date to have one answer.

        `cleaned` may pass the fact as `clean_fact` gives it, if already made.
        """
        if fact.id in self._contexts:
            return self._contexts[fact.id]
        if cleaned is None:
            cleaned = clean_fact(fact)
        assert isinstance(cleaned, DateFact)
        rivals = [] if cleaned.hint else self.rivals(fact)
        context = self._contexts[fact.id] = _context(cleaned, rivals, self._event_words)
        return context

    def _event_words(self, fact: DateFact) -> list[str]:
        """Return the words of a fact's event, split once however many facts it rivals."""
        words = self._words.get(fact.id)
        if words is None:
            words = self._words[fact.id] = fact.event.split()
        return words

    def rivals(self, fact: DateFact) -> list[DateFact]:
        """Return the other date facts under the same topic that "What happened <date>?"
        could also mean.

        Those with the same date and those inside it: "in October 2013" also fits a fact
        "on 30 October 2013", and "between 1961 and 1972" one "in July 1969". Facts under
        another topic never rival it: every front shows its topic.
        """
        starts, entries = self._topics.get(topic_label(fact.deck), ([], []))
        first, last = fact.date.start.first_day(), last_day(fact.date)
        low = bisect.bisect_left(starts, first)
        high = bisect.bisect_right(starts, last)
        key = _date_key(fact.date)
        return [
            other
            for other_last, other_id, other, other_key in entries[low:high]
            if other_id != fact.id and (other_key == key or other_last <= last)
        ]


_Entry = tuple[Day, str, DateFact, tuple[int | None, ...]]
"""A date fact in the index: its last day, its id, itself and its date as a plain tuple."""


def _date_key(spec: DateSpec) -> tuple[int | None, ...]:
    """Return a date as a tuple equal to another date's exactly when the dates are equal."""
    start, end = spec.start, spec.end
    if end is None:
        return (start.year, start.month, start.day)
    return (start.year, start.month, start.day, end.year, end.month, end.day)


def date_facts(facts: FactBase) -> list[DateFact]:
    """Return the date facts of a base, in its order."""
    return [fact for fact in facts if isinstance(fact, DateFact)]


def last_day(spec: DateSpec) -> Day:
    """Return the latest calendar day a date or an interval can mean."""
    return (spec.end or spec.start).last_day()


def _context(
    fact: DateFact, rivals: Sequence[DateFact], event_words: Callable[[DateFact], list[str]]
) -> str | None:
    """Return what a reverse card needs besides its date and topic to have one answer.

    Nothing when the fact has a hint or no rivals (`DateIndex.rivals`: under the same topic,
    which every front shows); else the first words of the event, as few as set it apart
    from the rivals (a check warns of these: a hint says it better). `event_words` gives a
    rival's event split into words.
    """
    if fact.hint or not rivals:
        return None
    subdeck = fact.deck.rsplit("::", 1)[-1]
    words = fact.event.split()
    # As many first words as the rival sharing the most has, and one more.
    alike = [event for event in map(event_words, rivals) if event[:1] == words[:1]]
    shared = max((_shared_words(words, event) for event in alike), default=0)
    count = shared + 1
    # "The …" tells nothing: go on to the first word that does ("The Apollo …").
    while count < len(words) and words[count - 1].lower() in _EMPTY_WORDS:
        count += 1
    if count < len(words):
        return f"“{' '.join(words[:count])} …”"
    return subdeck


_EMPTY_WORDS = frozenset(("the", "a", "an", "of", "in", "on", "at", "to", "for", "and", "its"))


def _shared_words(words: Sequence[str], other: Sequence[str]) -> int:
    """Return how many first words two texts share."""
    count = 0
    for word, other_word in zip(words, other, strict=False):
        if word != other_word:
            break
        count += 1
    return count
