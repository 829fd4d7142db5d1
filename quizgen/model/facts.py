"""The fact model: frozen value objects that everything downstream consumes.

Nothing here reads files or knows about YAML; `quizgen.factfiles.loader` builds these objects.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

from quizgen.errors import Location

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
"""Card kinds each fact type makes, in the order they are generated."""


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


class Precision(IntEnum):
    """How much of a date the writer gave."""

    YEAR = 1
    MONTH = 2
    DAY = 3


_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.month is None and self.day is not None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is not between 1 and 12")
        if self.day is not None:
            assert self.month is not None
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValueError(
                    f"day {self.day} does not exist in {calendar.month_name[self.month]} "
                    f"{self.year}"
                )

    @property
    def precision(self) -> Precision:
        """Return how much of the date is known."""
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; raise ValueError otherwise."""
        match = _PARTIAL_DATE.match(text.strip())
        if not match:
            raise ValueError(f"'{text}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        return cls(year, month, day)

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        """Make a day-precise date from a `datetime.date`."""
        return cls(value.year, value.month, value.day)

    def first_day(self) -> dt.date:
        """Return the earliest calendar day this date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        """Return the latest calendar day this date can mean."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    def iso(self) -> str:
        """Return the date as written in a fact file, at its own precision."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True)
class DateSpec:
    """A date or an interval `start/end` of dates, each at its own precision."""

    start: PartialDate
    end: PartialDate | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end.last_day() < self.start.first_day():
            raise ValueError(f"interval ends ({self.end}) before it starts ({self.start})")

    @property
    def is_interval(self) -> bool:
        """Return whether this is a span rather than one date."""
        return self.end is not None

    @classmethod
    def parse(cls, value: object) -> DateSpec:
        """Accept an int year, a `datetime.date`, or text such as `2013-10` or `2009/2017`."""
        if isinstance(value, bool):
            raise ValueError(f"expected a date, got {value!r}")
        if isinstance(value, dt.datetime):
            return cls(PartialDate.from_date(value.date()))
        if isinstance(value, dt.date):
            return cls(PartialDate.from_date(value))
        if isinstance(value, int):
            return cls(PartialDate.parse(str(value)))
        if not isinstance(value, str):
            raise ValueError(f"expected a date, got {value!r}")
        if "/" in value:
            start, _, end = value.partition("/")
            return cls(PartialDate.parse(start), PartialDate.parse(end))
        return cls(PartialDate.parse(value))

    def iso(self) -> str:
        """Return the spec as written in a fact file."""
        if self.end is None:
            return self.start.iso()
        return f"{self.start.iso()}/{self.end.iso()}"

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True)
class FigureValue:
    """A number, or a range of numbers when `low != high`."""

    low: Number
    high: Number

    @property
    def is_range(self) -> bool:
        """Return whether the figure is a range."""
        return self.low != self.high


@dataclass(frozen=True)
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
        year = str(self.date.start.year) if self.date else "n.d."
        return f"{self.author}, {self.publication}, {year}"


@dataclass(frozen=True)
class Disputed:
    """A claim on which the sources disagree with the fact as written."""

    claim: str
    sources: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
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
    location: Location = field(default=Location("<memory>"), compare=False)

    type: FactType = field(init=False)

    @property
    def card_kinds(self) -> tuple[CardKind, ...]:
        """Return the card kinds to make: the `cards` field, or every kind of the type."""
        return self.cards or CARD_KINDS[self.type]

    @property
    def top_deck(self) -> str:
        """Return the top-level deck name: one .apkg is written per top-level deck."""
        return self.deck.split("::", 1)[0]


@dataclass(frozen=True, kw_only=True)
class DateFact(Fact):
    """Something that happened at a date or over an interval."""

    event: str
    date: DateSpec
    approximate: bool = False
    hint: str | None = None
    type: FactType = field(default=FactType.DATE, init=False)


@dataclass(frozen=True, kw_only=True)
class NameFact(Fact):
    """A person, place or organisation worth knowing by name."""

    name: str
    description: str
    kind: NameKind = NameKind.OTHER
    verb: Verb = Verb.IS
    type: FactType = field(default=FactType.NAME, init=False)


@dataclass(frozen=True, kw_only=True)
class FigureFact(Fact):
    """A number with its unit and what it counts."""

    value: FigureValue
    unit: str
    quantity: str
    date: DateSpec | None = None
    approximate: bool = False
    type: FactType = field(default=FactType.FIGURE, init=False)


@dataclass(frozen=True, kw_only=True)
class AgreementFact(Fact):
    """A treaty, deal or agreement between parties.

    `signed` is false for an understanding or arrangement that no text records as signed.
    `date` is when it was signed or reached; without one, no card asks when.
    """

    title: str
    parties: tuple[str, ...]
    summary: str
    date: DateSpec | None = None
    signed: bool = True
    type: FactType = field(default=FactType.AGREEMENT, init=False)

    def __post_init__(self) -> None:
        if self.date is None and CardKind.WHEN in self.cards:
            raise ValueError(
                "a 'when' card needs the agreement's date: add a date or leave 'when' out of "
                "'cards'"
            )

    @property
    def card_kinds(self) -> tuple[CardKind, ...]:
        """Return the card kinds to make: the `cards` field, or every kind its fields allow."""
        if self.cards or self.date is not None:
            return super().card_kinds
        return tuple(kind for kind in CARD_KINDS[self.type] if kind is not CardKind.WHEN)


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

    def top_decks(self) -> tuple[str, ...]:
        """Return the top-level deck names in first-seen order."""
        return tuple(dict.fromkeys(fact.top_deck for fact in self.facts))


@dataclass(frozen=True)
class Card:
    """One study card made from a fact: plain text, escaped only when packaged.

    `answer_field` names the fact field the card asks for (`date`, `name`, `value`,
    `title`, `parties`, `event`, `description`, ...), so a quiz knows how to check a reply.
    A cloze card holds its sentence as `cloze = (before, hidden, after)`; `front` is then the
    sentence with the hidden part shown as a gap.
    """

    fact: AnyFact
    kind: CardKind
    front: str
    back: str
    answer_field: str
    cloze: tuple[str, str, str] | None = None

    @property
    def key(self) -> str:
        """Return the card's identity: fact id and card kind, never its text."""
        return f"{self.fact.id}/{self.kind.value}"
