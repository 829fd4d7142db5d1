"""Card generation: turn facts into plain-text cards using the templates.

`generate_cards` gives every card of a fact base, in fact order and then in the order of
CARD_KINDS; `back_extras` gives what the back of every card shows besides the answer.
`card_refs` names the same cards without rendering any, so that a quiz can choose a few
cards of a large base and render only those (`render_cards`).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quizgen.cards.templates import (
    GAP,
    HIDE_CLOSE,
    HIDE_OPEN,
    SENTINELS,
    Templates,
    capfirst,
    template_keys,
)
from quizgen.errors import TemplateError, UnknownFactError
from quizgen.language.english import (
    format_amount,
    format_date_spec,
    format_figure,
    format_when,
    join_list,
)
from quizgen.model.facts import (
    CARD_KINDS,
    AgreementFact,
    AnyFact,
    Card,
    CardKind,
    DateFact,
    DateSpec,
    FactBase,
    FigureFact,
    NameFact,
)

ANSWER_FIELDS: Mapping[tuple[type[AnyFact], CardKind], str] = {
    (DateFact, CardKind.QUESTION): "date",
    (DateFact, CardKind.REVERSE): "event",
    (DateFact, CardKind.CLOZE): "date",
    (NameFact, CardKind.QUESTION): "name",
    (NameFact, CardKind.REVERSE): "description",
    (NameFact, CardKind.CLOZE): "name",
    (FigureFact, CardKind.QUESTION): "value",
    (FigureFact, CardKind.CLOZE): "value",
    (AgreementFact, CardKind.WHICH): "title",
    (AgreementFact, CardKind.WHEN): "date",
    (AgreementFact, CardKind.PARTIES): "parties",
    (AgreementFact, CardKind.CLOZE): "title",
}
"""The fact field each card kind asks for, so a quiz knows how to check a reply."""


@dataclass(frozen=True)
class Extras:
    """What the back of every card shows after the answer: note, sources, disputed claims."""

    note: str | None
    citations: tuple[str, ...]
    disputed: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class CardRef:
    """A card named but not rendered: its fact and its kind, enough to choose it by."""

    fact: AnyFact
    kind: CardKind

    @property
    def key(self) -> str:
        """Return the card's identity, the same as the rendered card's `Card.key`."""
        return f"{self.fact.id}/{self.kind.value}"

    @property
    def answer_field(self) -> str:
        """Return the fact field the card asks for, as `Card.answer_field`."""
        return ANSWER_FIELDS[(type(self.fact), self.kind)]


def generate_cards(
    facts: FactBase,
    templates: Templates,
    *,
    only: Collection[str] | None = None,
    dates: DateIndex | None = None,
) -> list[Card]:
    """Make every card of the fact base, in fact order, then in the order of CARD_KINDS.

    With `only`, make just the cards of the facts with these ids. They come out the same as
    in the full list: whether a date also fits other facts is still judged on the whole base.
    `dates` may pass the base's `DateIndex`, to share what it has worked out.
    """
    if dates is None:
        dates = DateIndex(facts)
    cards: list[Card] = []
    for fact in facts:
        if only is None or fact.id in only:
            cards.extend(_cards_for_fact(fact, templates, dates))
    return cards


def card_refs(facts: Iterable[AnyFact]) -> list[CardRef]:
    """Name every card that `generate_cards` makes, in the same order, rendering none."""
    return [CardRef(fact, kind) for fact in facts for kind in kinds_in_order(fact)]


def render_cards(refs: Sequence[CardRef], facts: FactBase, templates: Templates) -> list[Card]:
    """Make the cards that `refs` name, in their order, rendering only the facts they name."""
    made = generate_cards(facts, templates, only={ref.fact.id for ref in refs})
    by_key = {card.key: card for card in made}
    return [by_key[ref.key] for ref in refs]


def date_contexts(
    facts: FactBase, *, only: Collection[str] | None = None, dates: DateIndex | None = None
) -> dict[str, str | None]:
    """Map each date fact's id to its template variable `context` (see `_context`).

    Besides the sources they cite, this is all that a fact's cards take from other facts: a
    build uses it to tell which decks an edit in another deck reaches. With `only`, map
    just the facts with these ids, still judging shared dates on the whole base. `dates`
    may pass the base's `DateIndex`: contexts it worked out for cards are not worked out
    again.
    """
    if dates is None:
        dates = DateIndex(facts)
    return {
        fact.id: dates.context(fact)
        for fact in _date_facts(facts)
        if only is None or fact.id in only
    }


def cards_for_fact(fact: AnyFact, facts: FactBase, templates: Templates) -> list[Card]:
    """Make the cards of one fact, narrowed by its `cards` field, in CARD_KINDS order."""
    return _cards_for_fact(fact, templates, DateIndex(facts))


def back_extras(fact: AnyFact, facts: FactBase) -> Extras:
    """Return the note, the short citations and the disputed claims for a fact's cards."""
    note = fact.note.strip() if fact.note and fact.note.strip() else None
    return Extras(
        note=note,
        citations=_citations(fact.sources, facts),
        disputed=tuple(
            (claim.claim.strip(), _citations(claim.sources, facts)) for claim in fact.disputed
        ),
    )


def find_fact(facts: FactBase, fact_id: str) -> AnyFact:
    """Return the fact with this id or former id; raise UnknownFactError with a suggestion."""
    fact = facts.get(fact_id)
    if fact is not None:
        return fact
    known = [f.id for f in facts] + [old for f in facts for old in f.renamed_from]
    close = difflib.get_close_matches(fact_id, known, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise UnknownFactError(f"no fact has the id '{fact_id}'{hint}")


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
    # "ties.?" -> "ties?" but "U.S.?" stays
    (re.compile(r"(?<=[a-z0-9)\]'\"”’])\.(?=[?!])"), ""),
    # "asked?." -> "asked?"
    (re.compile(r"(?<=[?!])\.(?!\.)"), ""),
)
_TIDY_NEEDED = re.compile(rf"[ ,;:.?!][{SENTINELS}]*[,;?!.:]")
"""Matches wherever one of `_TIDY_RULES` could apply (and a few places where none does, such
as an ellipsis); text without a match is already tidy."""


def _cards_for_fact(fact: AnyFact, templates: Templates, dates: DateIndex) -> list[Card]:
    cleaned = _clean_fact(fact)
    context = dates.context(fact, cleaned) if isinstance(fact, DateFact) else None
    variables = _variables(cleaned, context)
    cards = []
    for kind in kinds_in_order(fact):
        keys = template_keys(fact.type, kind)
        answer_field = ANSWER_FIELDS[(type(fact), kind)]
        if kind is CardKind.CLOZE:
            before, hidden, after = _render_cloze(templates, keys[0], variables, fact.id)
            cards.append(
                Card(
                    fact=fact,
                    kind=kind,
                    front=_no_gap(before) + GAP + _no_gap(after),
                    back=before + hidden + after,
                    answer_field=answer_field,
                    cloze=(before, hidden, after),
                )
            )
        else:
            front, back = (_render_plain(templates, key, variables, fact.id) for key in keys)
            cards.append(
                Card(fact=fact, kind=kind, front=front, back=back, answer_field=answer_field)
            )
    return cards


def kinds_in_order(fact: AnyFact) -> list[CardKind]:
    """Return the kinds of card a fact makes, narrowed by its `cards` field, in CARD_KINDS order."""
    wanted = fact.card_kinds
    return [kind for kind in CARD_KINDS[fact.type] if kind in wanted]


def _render_plain(
    templates: Templates, key: str, variables: Mapping[str, object], fact_id: str
) -> str:
    text = tidy(templates.render(key, variables, fact_id=fact_id))
    if HIDE_OPEN in text or HIDE_CLOSE in text:
        text = text.translate(_STRIP_SENTINELS)
    if not text:
        raise TemplateError(
            f"{templates.origins[key]}: template '{key}': fact '{fact_id}': renders to empty text"
        )
    return text


def _render_cloze(
    templates: Templates, key: str, variables: Mapping[str, object], fact_id: str
) -> tuple[str, str, str]:
    """Render a cloze text and split it into the text before, the hidden answer, and after.

    The answer is kept exactly as given to hide(): the text around it is tidied with a
    stand-in word in its place, so tidying can never change what the card hides.
    """
    where = f"{templates.origins[key]}: template '{key}': fact '{fact_id}': "
    text = templates.render(key, {**variables, "hide": _hide}, fact_id=fact_id)
    if text.count(HIDE_OPEN) != 1 or text.count(HIDE_CLOSE) != 1:
        raise TemplateError(f"{where}a cloze text must call hide() exactly once")
    before, _, rest = text.partition(HIDE_OPEN)
    hidden, _, after = rest.partition(HIDE_CLOSE)
    if HIDE_CLOSE in before:
        raise TemplateError(f"{where}a cloze text must call hide() exactly once")
    if not hidden:
        raise TemplateError(f"{where}hide() was given empty text")
    tidied = tidy(f"{before}{HIDE_OPEN}{_STAND_IN}{HIDE_CLOSE}{after}")
    before, _, rest = tidied.partition(HIDE_OPEN)
    after = rest.partition(HIDE_CLOSE)[2]
    if hidden[-1] in ".?!" and after.startswith(".") and not after.startswith(".."):
        after = after[1:]
    if not before or before.rstrip()[-1:] in (".", "?", "!"):
        hidden = capfirst(hidden)
    return before, hidden, after


_STAND_IN = "Answer"
"""A word that stands in for a cloze answer while the text around it is tidied."""


def _hide(value: object) -> str:
    """Mark the answer of a cloze text (a template function)."""
    text = re.sub(r"\s+", " ", str(value).translate(_STRIP_SENTINELS)).strip()
    return f"{HIDE_OPEN}{text}{HIDE_CLOSE}"


def _no_gap(text: str) -> str:
    """Keep fact text from showing a second gap on a cloze front."""
    return text.replace(GAP, "[…]")


_STRIP_SENTINELS = str.maketrans(dict.fromkeys(SENTINELS))


_UNCLEAN = re.compile(rf"[{SENTINELS}]|\s\s|[^\S ]|^ | $")
"""Matches what `_clean_text` would change: a marker, or whitespace not a single space."""


def _clean_text(text: str) -> str:
    if not _UNCLEAN.search(text):
        return text
    return _WHITESPACE.sub(" ", text.translate(_STRIP_SENTINELS)).strip()


def _clean_value(value: Any) -> Any:
    if type(value) is str:  # enums are str too, and must stay enums
        return _clean_text(value)
    if isinstance(value, tuple):
        return tuple(_clean_value(item) for item in value)
    return value


_UNCLEAN_JOINED = re.compile(rf"[{SENTINELS}]|\s\s|[^\S ]|^ | $|\x00 | \x00")
"""`_UNCLEAN` for texts joined by NUL: it matches if it matches any one of them (or a NUL)."""


def _clean_fact(fact: AnyFact) -> AnyFact:
    """Return the fact with the hide markers stripped and whitespace collapsed in its text."""
    # Most facts are clean already: one search over all their texts tells.
    texts: list[str] = []
    for value in vars(fact).values():
        if type(value) is str:  # enums are str too, and are never cleaned
            texts.append(value)
        elif isinstance(value, tuple):
            for item in value:
                if type(item) is str:
                    texts.append(item)
                elif isinstance(item, tuple):  # deeper text: the field by field way
                    return _cleaned_copy(fact)
    if _UNCLEAN_JOINED.search("\x00".join(texts)):
        return _cleaned_copy(fact)
    return fact


def _cleaned_copy(fact: AnyFact) -> AnyFact:
    changes = {}
    for name in _INIT_FIELDS[type(fact)]:
        value = getattr(fact, name)
        if isinstance(value, str | tuple):
            cleaned = _clean_value(value)
            if cleaned != value:
                changes[name] = cleaned
    return dataclasses.replace(fact, **changes) if changes else fact


_INIT_FIELDS: Mapping[type[AnyFact], tuple[str, ...]] = {
    fact_class: tuple(f.name for f in dataclasses.fields(fact_class) if f.init)
    for fact_class in (DateFact, NameFact, FigureFact, AgreementFact)
}
"""The fields of each fact class that `dataclasses.replace` can set."""


def _dated(spec: DateSpec | None, approximate: bool) -> dict[str, object]:
    if spec is None:
        return dict.fromkeys(("when", "date_text", "precision", "interval"))
    return {
        "when": format_when(spec, approximate=approximate),
        "date_text": format_date_spec(spec),
        "precision": spec.start.precision.name.lower(),
        "interval": spec.is_interval and spec.end != spec.start,
    }


def _variables(fact: AnyFact, context: str | None) -> dict[str, object]:
    """Return the template variables for a fact (already cleaned); `context` is a date
    fact's (`DateIndex.context`)."""
    common: dict[str, object] = {
        "fact": fact,
        "id": fact.id,
        "deck": fact.deck,
        "subdeck": fact.deck.rsplit("::", 1)[-1],
        "note": fact.note,
    }
    match fact:
        case DateFact():
            return {
                **common,
                **_dated(fact.date, fact.approximate),
                "event": fact.event,
                "hint": fact.hint or None,
                "approximate": fact.approximate,
                "context": context,
            }
        case NameFact():
            return {
                **common,
                "name": fact.name,
                "description": fact.description,
                "kind": fact.kind.value,
                "verb": fact.verb.value,
            }
        case FigureFact():
            return {
                **common,
                **_dated(fact.date, False),
                "quantity": fact.quantity,
                "unit": fact.unit,
                "approximate": fact.approximate,
                "figure": format_figure(fact.value, fact.unit, approximate=fact.approximate),
                "amount": format_amount(fact.value, approximate=fact.approximate),
            }
        case AgreementFact():
            return {
                **common,
                **_dated(fact.date, False),
                "title": fact.title,
                "summary": fact.summary,
                "parties": join_list(fact.parties),
                "party_list": fact.parties,
                "signed": fact.signed,
            }
    raise TypeError(f"not a fact: {fact!r}")


class DateIndex:
    """A fact base's date facts by their span, to find the ones a reverse card's date also
    fits; it remembers each date fact's `context` once worked out."""

    def __init__(self, facts: FactBase) -> None:
        self._contexts: dict[str, str | None] = {}
        self._words: dict[str, list[str]] = {}
        dated = sorted(
            ((f.date.start.first_day(), _last_day(f.date), f.id, f) for f in _date_facts(facts)),
            key=lambda entry: (entry[0], entry[1], entry[2]),
        )
        self._starts = [entry[0] for entry in dated]
        # The dates as plain tuples too: comparing dataclasses field by field is slow.
        self._entries = [
            (last, fact_id, fact, _date_key(fact.date), fact.date.is_interval)
            for _, last, fact_id, fact in dated
        ]

    def context(self, fact: DateFact, cleaned: AnyFact | None = None) -> str | None:
        """Return what a reverse card of `fact` needs besides its date to have one answer.

        `cleaned` may pass the fact as `_clean_fact` gives it, if already made.
        """
        if fact.id in self._contexts:
            return self._contexts[fact.id]
        if cleaned is None:
            cleaned = _clean_fact(fact)
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
        """Return the other date facts that "What happened <date>?" could also mean.

        Those with the same date and, for a single date, those inside it: "in October
        2013" also fits a fact "on 30 October 2013".
        """
        first, last = fact.date.start.first_day(), _last_day(fact.date)
        low = bisect.bisect_left(self._starts, first)
        high = bisect.bisect_right(self._starts, last)
        key, single = _date_key(fact.date), not fact.date.is_interval
        return [
            other
            for other_last, other_id, other, other_key, other_interval in self._entries[low:high]
            if other_id != fact.id
            and (other_key == key or (single and not other_interval and other_last <= last))
        ]


def _date_key(spec: DateSpec) -> tuple[int | None, ...]:
    """Return a date as a tuple equal to another date's exactly when the dates are equal."""
    start, end = spec.start, spec.end
    if end is None:
        return (start.year, start.month, start.day)
    return (start.year, start.month, start.day, end.year, end.month, end.day)


def _date_facts(facts: FactBase) -> list[DateFact]:
    return [fact for fact in facts if isinstance(fact, DateFact)]


def _last_day(spec: DateSpec) -> dt.date:
    return (spec.end or spec.start).last_day()


def _context(
    fact: DateFact, rivals: Sequence[DateFact], event_words: Callable[[DateFact], list[str]]
) -> str | None:
    """Return what a reverse card needs besides its date to have one answer, if anything.

    The subdeck name when it tells the facts apart, else the whole deck name, else the
    first words of the event, as few as set it apart from the others. `event_words` gives
    a rival's event split into words.
    """
    if fact.hint or not rivals:
        return None
    subdeck = fact.deck.rsplit("::", 1)[-1]
    tail = "::" + subdeck
    if all(other.deck != subdeck and not other.deck.endswith(tail) for other in rivals):
        return subdeck
    if all(other.deck != fact.deck for other in rivals):
        return fact.deck.replace("::", ": ")
    words = fact.event.split()
    # As many first words as the rival sharing the most has, and one more.
    alike = [event for event in map(event_words, rivals) if event[:1] == words[:1]]
    shared = max((_shared_words(words, event) for event in alike), default=0)
    if shared + 1 < len(words):
        return f"{subdeck}: “{' '.join(words[: shared + 1])} …”"
    return subdeck


def _shared_words(words: Sequence[str], other: Sequence[str]) -> int:
    """Return how many first words two texts share."""
    count = 0
    for word, other_word in zip(words, other, strict=False):
        if word != other_word:
            break
        count += 1
    return count


def _citations(source_ids: Sequence[str], facts: FactBase) -> tuple[str, ...]:
    citations = (
        facts.sources[source_id].citation() if source_id in facts.sources else source_id
        for source_id in source_ids
    )
    return tuple(dict.fromkeys(citations))


_ABBREVIATION = re.compile(
    r"(?:^|\s)(?:\S*\.\S+|[A-Za-z]|e\.g|i\.e|etc|approx|vs|Mr|Mrs|Dr|St|No|Co)$"
)
_TEXT_START = re.compile(rf"^[{SENTINELS}]*\w")
_SENTENCE_START = re.compile(rf"(?<=\S)([.?!]) [{SENTINELS}]*\w")


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
    # Most card texts are one sentence; `in` is quicker than the search.
    if not (". " in text or "? " in text or "! " in text) or not _SENTENCE_START.search(text):
        return text

    def upper(match: re.Match[str]) -> str:
        if match.group(1) == "." and _ABBREVIATION.search(text, 0, match.start()):
            return match.group(0)
        return _upper_last(match)

    return _SENTENCE_START.sub(upper, text)


def _upper_last(match: re.Match[str]) -> str:
    return match.group(0)[:-1] + match.group(0)[-1].upper()
