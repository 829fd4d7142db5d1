"""The fact model: frozen value objects that everything downstream consumes.

Nothing here reads files or knows about YAML; `quizgen.factfiles` builds these objects. The
date types live in `quizgen.model.dates` and are imported here for the facts that hold them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from quizgen.errors import Location
from quizgen.model.dates import DateSpec as DateSpec
from quizgen.model.dates import PartialDate as PartialDate
from quizgen.model.dates import Precision as Precision
from quizgen.model.dates import format_year

Number = int | float


class FactType(StrEnum):
    """The kinds of fact a fact file can hold."""

    DATE = "date"
    NAME = "name"
    FIGURE = "figure"
    AGREEMENT = "agreement"


class CardKind(StrEnum):
    """The kinds of card a fact can fan out into."""

    QUESTION = "question"
    REVERSE = "reverse"
    CLOZE = "cloze"
    WHICH = "which"
    WHEN = "when"
    PARTIES = "parties"


CARD_KINDS: Mapping[FactType, tuple[CardKind, ...]] = {
    FactType.DATE: (CardKind.QUESTION, CardKind.REVERSE, CardKind.CLOZE),
    FactType.NAME: (CardKind.QUESTION, CardKind.REVERSE, CardKind.CLOZE),
    FactType.FIGURE: (CardKind.QUESTION, CardKind.CLOZE),
    FactType.AGREEMENT: (CardKind.WHICH, CardKind.WHEN, CardKind.PARTIES, CardKind.CLOZE),
}
"""Every card kind each fact type can make, in fixed template order."""

DEFAULT_KINDS: Mapping[FactType, tuple[CardKind, ...]] = {
    # The date asked from the event, and the event from the date: two cues, two answers.
    FactType.DATE: (CardKind.QUESTION, CardKind.REVERSE),
    # A reverse card's answer is a long description, for recognition rather than recall.
    FactType.NAME: (CardKind.QUESTION,),
    FactType.FIGURE: (CardKind.QUESTION,),
    # A parties card asks for a set that the "which" front already prints.
    FactType.AGREEMENT: (CardKind.WHICH, CardKind.WHEN),
}
"""The card kinds a fact makes when it has no `cards` field, in CARD_KINDS order.

No two of a type's defaults ask for the same answer from the same cue: a cloze only hides
what a question card asks. Every kind stays available through `cards`.
"""


def kinds_made(
    fact_type: FactType, cards: tuple[CardKind, ...], *, dated: bool
) -> tuple[CardKind, ...]:
    """Return the card kinds a fact makes: its `cards`, or the type's DEFAULT_KINDS but for
    a "when" card when the fact has no date."""
    if cards:
        return cards
    return tuple(kind for kind in DEFAULT_KINDS[fact_type] if dated or kind is not CardKind.WHEN)


WHEN_NEEDS_DATE = (
    "a 'when' card needs the agreement's date: add a date or leave 'when' out of 'cards'"
)
"""Why an agreement without a date cannot make a "when" card."""


class NameKind(StrEnum):
    """What a name fact names; it picks the question ("Who is", "What is", "What is meant by")."""

    PERSON = "person"
    PLACE = "place"
    ORGANISATION = "organisation"
    TERM = "term"
    OTHER = "other"


class Verb(StrEnum):
    """The verb that joins a name to its description: tense and number are the writer's call."""

    IS = "is"
    ARE = "are"
    WAS = "was"
    WERE = "were"


@dataclass(frozen=True, slots=True)
class FigureValue:
    """A number, or a range of numbers when `low != high`."""

    low: Number
    high: Number

    @property
    def is_range(self) -> bool:
        """Return whether the figure is a range."""
        return self.low != self.high


@dataclass(frozen=True, slots=True)
class Source:
    """An article or book that facts cite."""

    id: str
    author: str
    title: str
    publication: str
    date: DateSpec | None = None
    url: str | None = None
    note: str | None = None
    location: Location = field(default=Location("<memory>"), compare=False)

    def citation(self) -> str:
        """Return a short citation: author, publication, year."""
        year = "n.d."
        if self.date is not None:
            year = format_year(self.date.start.year)
        return f"{self.author}, {self.publication}, {year}"


@dataclass(frozen=True, slots=True)
class Disputed:
    """A claim on which the sources disagree with the fact as written."""

    claim: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Wording:
    """A fact's own front and back for one card kind, in place of the templates' wording.

    Each is a Jinja template with the variables of `templates.yaml`; None keeps the template's.
    For a cloze kind, `front` holds the cloze text (written `text:` in a fact file) and `back`
    is None.
    """

    front: str | None = None
    back: str | None = None
    location: Location = field(default=Location("<memory>"), compare=False)


@dataclass(frozen=True, kw_only=True, slots=True)
class Fact:
    """Fields every fact has; the subclasses add the fields of their type."""

    id: str
    deck: str
    sources: tuple[str, ...]
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    note: str | None = None
    disputed: tuple[Disputed, ...] = ()
    cards: tuple[CardKind, ...] = ()
    renamed_from: tuple[str, ...] = ()
    wording: Mapping[CardKind, Wording] = field(default_factory=dict, hash=False)
    location: Location = field(default=Location("<memory>"), compare=False)

    type: FactType = field(init=False)

    @property
    def card_kinds(self) -> tuple[CardKind, ...]:
        """Return the card kinds to make: the `cards` field, or the type's DEFAULT_KINDS."""
        return kinds_made(self.type, self.cards, dated=True)

    @property
    def top_deck(self) -> str:
        """Return the top-level deck name: one .apkg is written per top-level deck."""
        return self.deck.split("::", 1)[0]


@dataclass(frozen=True, kw_only=True, slots=True)
class DateFact(Fact):
    """Something that happened at a date or over an interval."""

    event: str
    date: DateSpec
    approximate: bool = False
    hint: str | None = None
    type: FactType = field(default=FactType.DATE, init=False)


@dataclass(frozen=True, kw_only=True, slots=True)
class NameFact(Fact):
    """A person, place or organisation worth knowing by name."""

    name: str
    description: str
    kind: NameKind = NameKind.OTHER
    verb: Verb = Verb.IS
    type: FactType = field(default=FactType.NAME, init=False)


@dataclass(frozen=True, kw_only=True, slots=True)
class FigureFact(Fact):
    """A number with its unit and what it counts; `current` when it still holds (present tense)."""

    value: FigureValue
    unit: str
    quantity: str
    date: DateSpec | None = None
    approximate: bool = False
    current: bool = False
    type: FactType = field(default=FactType.FIGURE, init=False)


@dataclass(frozen=True, kw_only=True, slots=True)
class AgreementFact(Fact):
    """A treaty, deal or agreement between parties, or of one collective party.

    `signed` is false for an understanding or arrangement that no text records as signed.
    `action`, when given, is what the parties did instead, in the past tense ("passed" for
    a statute, "adopted"). `date` is when it was signed or reached; without one, no card
    asks when.
    """

    title: str
    parties: tuple[str, ...]
    summary: str
    date: DateSpec | None = None
    signed: bool = True
    action: str = ""
    type: FactType = field(default=FactType.AGREEMENT, init=False)

    def __post_init__(self) -> None:
        if self.action and not (self.action.isalpha() and self.action.islower()):
            raise ValueError(
                f"field 'action': '{self.action}' is not one lowercase verb in the past tense, "
                "such as 'passed' or 'adopted'"
            )
        if self.date is None and CardKind.WHEN in self.cards:
            raise ValueError(WHEN_NEEDS_DATE)

    @property
    def card_kinds(self) -> tuple[CardKind, ...]:
        """Return the card kinds to make: the `cards` field, or every kind its fields allow."""
        return kinds_made(self.type, self.cards, dated=self.date is not None)


AnyFact = DateFact | NameFact | FigureFact | AgreementFact


@dataclass(frozen=True)
class FactBase:
    """Every fact and source loaded from one facts folder."""

    facts: tuple[AnyFact, ...]
    sources: Mapping[str, Source]

    def __iter__(self) -> Iterator[AnyFact]:
        return iter(self.facts)

    def __len__(self) -> int:
        return len(self.facts)

    def get(self, fact_id: str) -> AnyFact | None:
        """Return the fact with this id (or a former id in `renamed_from`), if any."""
        for fact in self.facts:
            if fact.id == fact_id or fact_id in fact.renamed_from:
                return fact
        return None

    @functools.cached_property
    def citations(self) -> Mapping[str, str]:
        """Return each source's short citation by its id, worked out once."""
        return {source_id: source.citation() for source_id, source in self.sources.items()}

    def top_decks(self) -> tuple[str, ...]:
        """Return the top-level deck names in first-seen order."""
        return tuple(dict.fromkeys(fact.top_deck for fact in self.facts))


@dataclass(frozen=True, slots=True)
class Card:
    """One study card made from a fact: plain text, escaped only when packaged.

    `answer_field` names the fact field the card asks for (`date`, `name`, `value`,
    `title`, `parties`, `event`, `description`, ...), so a quiz knows how to check a reply.
    A cloze card holds its sentence as `cloze = (before, hidden, after)`; `front` is then the
    sentence with the hidden part shown as a gap. `context` is the short topic label shown
    small on every front ("Mongolia & the Koreas · Economy").
    """

    fact: AnyFact
    kind: CardKind
    front: str
    back: str
    answer_field: str
    cloze: tuple[str, str, str] | None = None
    context: str = ""

    @property
    def key(self) -> str:
        """Return the card's identity: fact id and card kind, never its text."""
        return f"{self.fact.id}/{self.kind.value}"
