"""Check one fact file: its deck, its tags, and each fact's keys and values.

Each fact becomes a frozen model object when every field is valid; otherwise its problems are
recorded, each naming the file, line, column and fact. The ids seen are kept for the checks
across files that `loader` makes.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from quizgen.errors import Location
from quizgen.factfiles.checker import describe
from quizgen.factfiles.factfields import FactFieldChecker
from quizgen.factfiles.fields import (
    ALL_FACT_KEYS,
    COMMON_SHAPE,
    FILE_SHAPE,
    MAX_DECK_CHARS,
    TYPE_SHAPES,
)
from quizgen.factfiles.yamlnodes import Map, Node, Scalar, Seq
from quizgen.language.suggest import did_you_mean
from quizgen.model.decknames import is_windows_reserved
from quizgen.model.facts import (
    CARD_KINDS,
    WHEN_NEEDS_DATE,
    AgreementFact,
    AnyFact,
    CardKind,
    DateFact,
    FactType,
    FigureFact,
    NameFact,
    kinds_made,
)

_FACT_CLASSES: Mapping[FactType, type[AnyFact]] = {
    FactType.DATE: DateFact,
    FactType.NAME: NameFact,
    FactType.FIGURE: FigureFact,
    FactType.AGREEMENT: AgreementFact,
}
_WHAT = {
    t: f"an {t.value} fact" if t.value[0] in "aeiou" else f"a {t.value} fact" for t in FactType
}
_FACT_TYPES = {t.value: t for t in FactType}
_DECK_FORBIDDEN = ("/", "\\")
_FILE_NAME_FORBIDDEN = '<>:"|?*'


class IdRecord(NamedTuple):
    """Where a fact with a well-formed id was written, for clash checks, when it is not made."""

    id: str
    location: Location
    renamed_from: tuple[str, ...]


class FactFileChecker(FactFieldChecker):
    """Check one fact file; the valid facts are returned, the problems and ids kept."""

    def __init__(self, shown: str, sources: set[str] | None) -> None:
        super().__init__(shown, sources)
        self.ids: list[IdRecord | AnyFact] = []
        """Where each fact with a well-formed id was written, in file order."""

    def check(self, file: Path) -> list[AnyFact]:
        """Return the valid facts of `file`; problems accumulate in `self.problems`."""
        root = self.read(file)
        if root is None:
            return []
        if not isinstance(root, Map):
            self.problem(
                root, f"a fact file is a mapping with deck and facts, got {describe(root)}"
            )
            return []
        fields = self.fields(root, FILE_SHAPE, "a fact file", others=ALL_FACT_KEYS)
        deck = self.deck(fields["deck"][1]) if "deck" in fields else None
        file_tags: tuple[str, ...] | None = ()
        if "tags" in fields:
            file_tags = self.tags("tags", fields["tags"][1])
            if file_tags is not None:
                file_tags = tuple(dict.fromkeys(file_tags))  # each once, as in every fact
        if "facts" not in fields:
            return []
        facts_node = fields["facts"][1]
        if not isinstance(facts_node, Seq):
            self.problem(facts_node, f"field 'facts': expected a list, got {describe(facts_node)}")
            return []
        facts: list[AnyFact] = []
        for item in facts_node.items:
            fact = self.fact(item, deck, file_tags)
            if fact is not None:
                facts.append(fact)
        return facts

    def deck(self, node: Node) -> str | None:
        """Return the deck name, or None after reporting why it cannot be one."""
        name = self.text("deck", node, limit=MAX_DECK_CHARS, identifier=True)
        if name is None:
            return None
        parts = name.split("::")
        for number, part in enumerate(parts):
            piece = part.strip()
            if not piece:
                self.problem(node, f"deck '{name}' has an empty part between '::'")
                return None
            bad = next((c for c in _DECK_FORBIDDEN if c in piece), None)
            if number == 0 and bad is None:
                bad = next((c for c in _FILE_NAME_FORBIDDEN if c in piece), None)
            if bad is not None:
                self.problem(
                    node, f"deck names become file names: '{name}' must not contain '{bad}'"
                )
                return None
            if piece.startswith("."):
                self.problem(
                    node,
                    f"deck names become file names: '{name}' has a part starting with '.' "
                    "(such as '..')",
                )
                return None
            if number == 0 and (is_windows_reserved(piece) or piece.endswith(".")):
                self.problem(
                    node,
                    f"deck names become file names: '{piece}' cannot be a file name on Windows",
                )
                return None
        return "::".join(part.strip() for part in parts)

    def fact(
        self, node: Node, deck: str | None, file_tags: tuple[str, ...] | None
    ) -> AnyFact | None:
        """Return one checked fact, or None after reporting its problems."""
        self.fact_id = None
        if not isinstance(node, Map):
            self.problem(node, f"a fact is a mapping of fields, got {describe(node)}")
            return None
        before = len(self.problems)
        by_name: dict[str, Node] = {}
        for key, value in node.pairs():
            if isinstance(key, Scalar):
                by_name.setdefault(key.text, value)
        id_node = by_name.get("id")
        if isinstance(id_node, Scalar):
            self.fact_id = id_node.text.strip() or None
        type_node = by_name.get("type")
        fact_type = None if type_node is None else self.fact_type(type_node)
        shape = COMMON_SHAPE if fact_type is None else TYPE_SHAPES[fact_type]
        if (
            fact_type is None
            or len(by_name) != len(node.keys)  # a repeated or non-text key
            or not by_name.keys() <= shape.allowed
            or not all(map(by_name.__contains__, shape.required))
        ):
            # Something is off with the keys: take the long way, which says what.
            if fact_type is None:
                fields = self.fields(node, shape, "a fact", ignore=ALL_FACT_KEYS)
            else:
                fields = self.fields(node, shape, _WHAT[fact_type], others=ALL_FACT_KEYS)
            by_name = {name: value for name, (_, value) in fields.items()}
        self.fact_type_read = fact_type
        self.wording_keys = {}
        parsers = self.field_parsers
        values: dict[str, Any] = {}  # each checked by its field's parser
        for name, value_node in by_name.items():
            if name != "type":
                values[name] = parsers[name](name, value_node)
        unused = 0
        if fact_type is not None:
            unused = self.card_fields(fact_type, by_name, values.get("cards"))
        location = Location(self.shown, node.line, node.col)
        # Wording never used is a problem, yet the fact can be made: its cards are then judged
        # in the same check, so a broken wording of a kind it does make shows too.
        problems = len(self.problems) - unused
        fact = None
        if (
            problems == before
            and fact_type is not None
            and deck is not None
            and file_tags is not None
        ):
            fact = self.make(node, fact_type, deck, file_tags, location, values)
        if self.fact_id is not None and values.get("id") is not None:
            # A fact that was made tells where its id was written itself.
            self.ids.append(
                fact
                if fact is not None
                else IdRecord(self.fact_id, location, values.get("renamed_from") or ())
            )
        return fact

    def make(
        self,
        node: Node,
        fact_type: FactType,
        deck: str,
        file_tags: tuple[str, ...],
        location: Location,
        values: dict[str, Any],
    ) -> AnyFact | None:
        """Return the fact of checked values, or None after reporting why the model refuses it."""
        tags = values.get("tags", ())
        assert isinstance(tags, tuple)
        values["tags"] = tuple(dict.fromkeys(file_tags + tags)) if tags else file_tags
        try:
            return _FACT_CLASSES[fact_type](deck=deck, location=location, **values)
        except (TypeError, ValueError) as error:  # a field combination the model refuses
            self.problem(node, str(error))
            return None

    def card_fields(
        self, fact_type: FactType, by_name: Mapping[str, Node], cards: tuple[CardKind, ...] | None
    ) -> int:
        """Report card kinds that the other fields rule out, and wording that is never used.

        `cards` is the checked `cards` field (None when it is missing or wrong); the other
        fields need only be present, so these problems show beside any others of the fact.
        Return how many wordings are never used.
        """
        dateless = fact_type is FactType.AGREEMENT and "date" not in by_name
        cards_node = by_name.get("cards")
        if cards_node is not None and cards is None:
            return 0  # what the fact makes is unknown until its 'cards' are right
        if dateless and cards is not None and CardKind.WHEN in cards:
            assert isinstance(cards_node, Seq)
            when = next(item for item in cards_node.items if getattr(item, "text", "") == "when")
            self.problem(when, WHEN_NEEDS_DATE)
        if not self.wording_keys:  # most facts have no wording of their own
            return 0
        made = kinds_made(fact_type, cards or (), dated=not dateless)
        unused = [(kind, key) for kind, key in self.wording_keys.items() if kind not in made]
        for kind, key in unused:
            if dateless and kind is CardKind.WHEN:
                advice = "an agreement without a date makes no when card; add its date"
            else:
                advice = f"the fact does not make a {kind.value} card; "
                if cards is not None:
                    advice += f"add {kind.value} to 'cards'"
                else:
                    wanted = [k.value for k in CARD_KINDS[fact_type] if k in made or k is kind]
                    advice += f"add 'cards: [{', '.join(wanted)}]'"
            self.problem(
                key, f"'{kind.value}' wording is never used: {advice}, or drop the wording"
            )
        return len(unused)

    def fact_type(self, node: Node) -> FactType | None:
        """Return the fact type, or None after reporting an unknown one."""
        if isinstance(node, Scalar) and node.text in _FACT_TYPES:  # the common case
            return _FACT_TYPES[node.text]
        text = self.text("type", node)
        if text is None:
            return None
        fact_type = _FACT_TYPES.get(text)
        if fact_type is not None:
            return fact_type
        valid = ", ".join(sorted(t.value for t in FactType))
        self.problem(
            node,
            f"unknown type '{text}'{did_you_mean(text, (t.value for t in FactType))}; "
            f"valid types: {valid}",
        )
        return None
