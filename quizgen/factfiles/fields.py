"""The fields of a fact file, `sources.yaml` and their parts: names, kinds of value, help.

The format is described once, here: the checker and the JSON Schema in
`quizgen.factfiles.schema` are both made from these lists.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import NamedTuple

from quizgen.model.facts import FactType

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""What an id looks like: lowercase letters and digits in words joined by single hyphens."""

URL = re.compile(r"^https?://\S+$")
"""What a source's `url` looks like."""

MAX_DECK_CHARS = 200
"""The longest deck name accepted."""

MAX_TEXT_CHARS = 5000
"""The longest text value accepted; a card is read at a glance."""

MAX_ID_CHARS = 100
"""The longest id accepted."""


class Kind(StrEnum):
    """What a field holds; each kind has one parser in the checkers and one schema in `schema`."""

    ID = "id"
    TYPE = "type"
    TEXT = "text"
    TEXT_LIST = "text list"
    TAGS = "tags"
    SOURCE_IDS = "source ids"
    FORMER_IDS = "former ids"
    PARTIES = "parties"
    DATE = "date"
    BOOL = "bool"
    FIGURE = "figure"
    NAME_KIND = "name kind"
    VERB = "verb"
    CARDS = "cards"
    WORDING = "wording"
    DISPUTED = "disputed"
    DECK = "deck"
    FACTS = "facts"
    URL = "url"


class FieldSpec(NamedTuple):
    """One key a mapping in a fact file may hold."""

    name: str
    kind: Kind
    required: bool
    help: str


def _spec(name: str, kind: Kind, help: str, *, required: bool = False) -> FieldSpec:
    return FieldSpec(name, kind, required, help)


FILE_FIELDS: tuple[FieldSpec, ...] = (
    _spec("deck", Kind.DECK, "Anki deck name; '::' nests subdecks", required=True),
    _spec("tags", Kind.TAGS, "tags added to every fact in the file"),
    _spec("facts", Kind.FACTS, "the facts", required=True),
)
"""Keys at the top of a fact file."""

COMMON_FIELDS: tuple[FieldSpec, ...] = (
    _spec(
        "id",
        Kind.ID,
        "lowercase slug, unique, never reused: the card identity in Anki",
        required=True,
    ),
    _spec("type", Kind.TYPE, "date, name, figure or agreement", required=True),
    _spec("sources", Kind.SOURCE_IDS, "ids of sources in sources.yaml", required=True),
    _spec("tags", Kind.TAGS, "Anki tags (no spaces)"),
    _spec("aliases", Kind.TEXT_LIST, "other accepted answers"),
    _spec("note", Kind.TEXT, "context shown after the answer"),
    _spec("disputed", Kind.DISPUTED, "claims on which sources disagree"),
    _spec("cards", Kind.CARDS, "card kinds to make (default: the type's default kinds)"),
    _spec("renamed_from", Kind.FORMER_IDS, "former ids, so a renamed fact keeps its cards"),
    _spec(
        "wording",
        Kind.WORDING,
        "the fact's own front and back per card kind (text for a cloze), as in templates.yaml",
    ),
)
"""Keys every fact may hold."""

TYPE_FIELDS: Mapping[FactType, tuple[FieldSpec, ...]] = {
    FactType.DATE: (
        _spec(
            "event", Kind.TEXT, "past-tense clause with its subject, no final period", required=True
        ),
        _spec(
            "date",
            Kind.DATE,
            "YYYY, YYYY-MM, YYYY-MM-DD, a year BC (-450 or 450 BC) or an interval A/B",
            required=True,
        ),
        _spec("approximate", Kind.BOOL, "the date is approximate"),
        _spec("hint", Kind.TEXT, "noun phrase that makes the reverse card answerable"),
    ),
    FactType.NAME: (
        _spec("name", Kind.TEXT, "the name", required=True),
        _spec("description", Kind.TEXT, "noun phrase starting with 'the' or 'a'", required=True),
        _spec("kind", Kind.NAME_KIND, "person, place, organisation, term or other (default)"),
        _spec("verb", Kind.VERB, "is (default), are, was or were: joins name and description"),
    ),
    FactType.FIGURE: (
        _spec("value", Kind.FIGURE, "a number, or [low, high]", required=True),
        _spec("unit", Kind.TEXT, "plural unit printed after the number", required=True),
        _spec(
            "quantity",
            Kind.TEXT,
            "noun phrase for what was measured: 'the number of workers in ...', 'the area of ...'",
            required=True,
        ),
        _spec("date", Kind.DATE, "when the figure held"),
        _spec("approximate", Kind.BOOL, "the figure is approximate"),
        _spec("current", Kind.BOOL, "the figure still holds: cards ask in the present tense"),
    ),
    FactType.AGREEMENT: (
        _spec("title", Kind.TEXT, "the agreement's name", required=True),
        _spec(
            "parties",
            Kind.PARTIES,
            "the parties, with 'the' where English writes one ('the United States'); "
            "one for a collective party such as UN member states",
            required=True,
        ),
        _spec("date", Kind.DATE, "when it was signed or reached; leave out if unknown"),
        _spec("summary", Kind.TEXT, "past-tense verb phrase readable after 'which'", required=True),
        _spec("signed", Kind.BOOL, "false if no signed text is known: cards say 'reached'"),
        _spec("action", Kind.TEXT, "what the parties did instead of signing: passed, adopted"),
    ),
}
"""Keys each fact type adds."""

DISPUTED_FIELDS: tuple[FieldSpec, ...] = (
    _spec("claim", Kind.TEXT, "what the other sources say", required=True),
    _spec("sources", Kind.SOURCE_IDS, "sources making the claim", required=True),
)
"""Keys of one `disputed` entry."""

SOURCE_FIELDS: tuple[FieldSpec, ...] = (
    _spec("author", Kind.TEXT, "author or authors", required=True),
    _spec("title", Kind.TEXT, "title of the article or book", required=True),
    _spec("publication", Kind.TEXT, "where it appeared", required=True),
    _spec("date", Kind.DATE, "YYYY, YYYY-MM or YYYY-MM-DD; omit for an undated source"),
    _spec("url", Kind.URL, "http(s) address"),
    _spec("note", Kind.TEXT, "anything worth knowing about the source"),
)
"""Keys of one source in `sources.yaml`."""


ALL_FACT_KEYS = frozenset(
    [spec.name for spec in COMMON_FIELDS]
    + [spec.name for specs in TYPE_FIELDS.values() for spec in specs]
)
"""Every key some fact may hold, to tell a key of another fact type from an unknown one."""

FACT_SPECS: Mapping[str, FieldSpec] = {
    spec.name: spec
    for spec in COMMON_FIELDS + tuple(s for specs in TYPE_FIELDS.values() for s in specs)
}
"""Every fact field by name (a name means the same kind of value in every fact type)."""


class Shape(NamedTuple):
    """The keys a kind of mapping allows and requires."""

    allowed: frozenset[str]
    required: tuple[str, ...]

    @classmethod
    def of(cls, specs: Sequence[FieldSpec]) -> Shape:
        """Return the shape of a mapping holding the fields `specs`."""
        return cls(
            frozenset(spec.name for spec in specs),
            tuple(spec.name for spec in specs if spec.required),
        )


FILE_SHAPE = Shape.of(FILE_FIELDS)
COMMON_SHAPE = Shape.of(COMMON_FIELDS)
TYPE_SHAPES = {t: Shape.of(COMMON_FIELDS + TYPE_FIELDS[t]) for t in FactType}
DISPUTED_SHAPE = Shape.of(DISPUTED_FIELDS)
SOURCE_SHAPE = Shape.of(SOURCE_FIELDS)
SOURCES_FILE_SHAPE = Shape(frozenset({"sources"}), ("sources",))
