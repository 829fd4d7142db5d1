"""Check the value of each field of a fact: source ids, figures, card kinds, disputed claims.

`FactFieldChecker` has one parser per kind of field (`fields.Kind`); `factfile` reads a
whole fact file with it. The plain kinds (text, dates, numbers) come from `checker`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TypeVar

from quizgen.errors import Location
from quizgen.factfiles.checker import Checker, describe
from quizgen.factfiles.fields import DISPUTED_SHAPE, FACT_SPECS, SLUG, Kind
from quizgen.factfiles.layout import SOURCES_FILE
from quizgen.factfiles.yamlnodes import Map, Node, Scalar, Seq
from quizgen.language.fold import slugify
from quizgen.language.suggest import did_you_mean
from quizgen.model.facts import (
    CARD_KINDS,
    CardKind,
    Disputed,
    FactType,
    FigureValue,
    NameKind,
    Verb,
    Wording,
)

E = TypeVar("E", NameKind, Verb)
_SOURCES_SHOWN = 5
"""How many source ids a missing 'sources' field lists to choose from."""
_NAME_KINDS = {k.value: k for k in NameKind}
_VERBS = {v.value: v for v in Verb}
_CARD_KIND_NAMES = frozenset(k.value for k in CardKind)
_CARD_KINDS_BY_NAME = {
    fact_type: {k.value: k for k in kinds} for fact_type, kinds in CARD_KINDS.items()
}


class FactFieldChecker(Checker):
    """Check the fields of facts against the source ids known (None when none can be read)."""

    def __init__(self, shown: str, sources: set[str] | None) -> None:
        super().__init__(shown)
        self.sources = sources
        self.fact_type_read: FactType | None = None
        self.wording_keys: dict[CardKind, Node] = {}
        """The key of each card kind the fact being read gives wording for."""
        self.parsers: dict[Kind, Callable[[str, Node], object]] = {
            Kind.ID: self.slug,
            Kind.TEXT: self.text,
            Kind.TEXT_LIST: self.text_list,
            Kind.TAGS: self.tags,
            Kind.SOURCE_IDS: self.source_ids,
            Kind.FORMER_IDS: self.former_ids,
            Kind.PARTIES: self.parties,
            Kind.DATE: self.date,
            Kind.BOOL: self.boolean,
            Kind.FIGURE: self.figure,
            Kind.NAME_KIND: self.name_kind,
            Kind.VERB: self.verb,
            Kind.CARDS: self.cards,
            Kind.WORDING: self.wording,
            Kind.DISPUTED: self.disputed,
        }
        self.field_parsers = {
            name: self.parsers[spec.kind]
            for name, spec in FACT_SPECS.items()
            if spec.kind is not Kind.TYPE
        }

    def tags(self, name: str, node: Node) -> tuple[str, ...] | None:
        """Return Anki tags, or None after reporting why they cannot be tags."""
        tags = self.text_list(name, node, identifier=True)
        if tags is None:
            return None
        assert isinstance(node, Seq)
        for tag, item in zip(tags, node.items, strict=True):
            if len(tag.split()) > 1:  # stripped already: a space left in it splits it
                self.problem(item, f"tag {tag!r} contains a space; Anki tags cannot")
                return None
        return tags

    def source_ids(self, name: str, node: Node) -> tuple[str, ...] | None:
        """Return source ids, reporting unknown ones."""
        ids = self.text_list(name, node, at_least=1)
        if ids is None or self.sources is None or self.sources.issuperset(ids):
            return ids
        assert isinstance(node, Seq)
        valid = sorted(i for i in self.sources if SLUG.match(i))
        # An id that is no slug is never offered: the source's own problem says what to write,
        # and a fact citing what it will be is told where the fix goes.
        meant = {slugify(i): i for i in sorted(self.sources) if not SLUG.match(i)}
        for source_id, item in zip(ids, node.items, strict=True):
            if source_id in self.sources:
                continue
            if source_id in meant:
                hint = (
                    f"; to cite source '{meant[source_id]}', write its id in {SOURCES_FILE} "
                    f"as '{source_id}'"
                )
            else:
                hint = did_you_mean(source_id, valid)
            self.problem(item, f"unknown source '{source_id}'{hint}")
        return None

    def missing_advice(self, name: str) -> str:
        """Return how to write missing sources, with a few of the source ids to cite."""
        if name != "sources":
            return ""
        # A source whose id is no slug is offered by the id it is told to take.
        ids = sorted({i if SLUG.match(i) else slugify(i) for i in self.sources or ()} - {""})
        if not ids:
            return f"; add sources: [<id>] citing a source of {SOURCES_FILE}"
        shown = ", ".join(ids[:_SOURCES_SHOWN])
        if len(ids) > _SOURCES_SHOWN:
            shown += f" (and {len(ids) - _SOURCES_SHOWN} more)"
        return f"; add sources: [<id>] citing one of: {shown}"

    def parties(self, name: str, node: Node) -> tuple[str, ...] | None:
        """Return the parties to an agreement: one (a collective party) or more."""
        return self.text_list(name, node, at_least=1)

    def former_ids(self, name: str, node: Node) -> tuple[str, ...] | None:
        """Return the former ids of a fact, each a slug."""
        if not isinstance(node, Seq):
            return self.text_list("renamed_from", node)
        ids = [
            self.slug("former id", item, field="renamed_from", item=number)
            for number, item in enumerate(node.items, 1)
        ]
        if any(i is None for i in ids):
            return None
        return tuple(i for i in ids if i is not None)

    def figure(self, name: str, node: Node) -> FigureValue | None:
        """Return a figure: a number, or a `[low, high]` range."""
        if isinstance(node, Seq):
            if len(node.items) != 2:
                self.problem(
                    node,
                    f"field 'value': expected a number or [low, high], "
                    f"got a list of {len(node.items)}",
                )
                return None
            low = self.number("value", node.items[0])
            high = self.number("value", node.items[1])
            if low is None or high is None:
                return None
            if low > high:
                self.problem(node, f"field 'value': low {low} is greater than high {high}")
                return None
            return FigureValue(low, high)
        value = self.number("value", node)
        return None if value is None else FigureValue(value, value)

    def name_kind(self, name: str, node: Node) -> NameKind | None:
        """Return what a name fact names."""
        return self._one_of(name, node, _NAME_KINDS)

    def verb(self, name: str, node: Node) -> Verb | None:
        """Return the verb that joins a name to its description."""
        return self._one_of(name, node, _VERBS)

    def _one_of(self, name: str, node: Node, values: Mapping[str, E]) -> E | None:
        """Return the value named by the field's text, or None after listing the valid ones."""
        text = self.text(name, node)
        if text is None:
            return None
        value = values.get(text)
        if value is not None:
            return value
        choices = list(values)
        self.problem(
            node,
            f"unknown {name} '{text}'{did_you_mean(text, choices)}; "
            f"valid {name}s: {', '.join(choices)}",
        )
        return None

    def cards(self, name: str, node: Node) -> tuple[CardKind, ...] | None:
        """Return the card kinds asked for, each valid for the type of the fact being read."""
        fact_type = self.fact_type_read
        names = self.text_list("cards", node)
        if names is None or fact_type is None:
            return None
        assert isinstance(node, Seq)
        if not names:
            self.problem(node, "field 'cards' is empty; leave it out to make every card kind")
            return None
        valid = _CARD_KINDS_BY_NAME[fact_type]
        valid_names = list(valid)
        kinds: list[CardKind] = []
        for name, item in zip(names, node.items, strict=True):
            kind = valid.get(name)
            if kind is None:
                if name in _CARD_KIND_NAMES:
                    self.problem(
                        item,
                        f"card kind '{name}' does not apply to a {fact_type.value} fact; "
                        f"{fact_type.value} facts make: {', '.join(valid_names)}",
                    )
                else:
                    self.problem(
                        item,
                        f"unknown card kind '{name}'{did_you_mean(name, valid_names)}; "
                        f"{fact_type.value} facts make: {', '.join(valid_names)}",
                    )
                continue
            if kind in kinds:
                self.problem(item, f"card kind '{name}' is listed twice")
                continue
            kinds.append(kind)
        return tuple(kinds) if len(kinds) == len(names) else None

    def disputed(self, name: str, node: Node) -> tuple[Disputed, ...] | None:
        """Return the disputed claims, each with known sources."""
        if not isinstance(node, Seq):
            self.problem(node, f"field 'disputed': expected a list, got {describe(node)}")
            return None
        claims: list[Disputed] = []
        ok = True
        for item in node.items:
            if not isinstance(item, Map):
                self.problem(
                    item,
                    f"a disputed entry is a mapping with claim and sources, got {describe(item)}",
                )
                ok = False
                continue
            before = len(self.problems)
            fields = self.fields(item, DISPUTED_SHAPE, "a disputed entry")
            claim = self.text("claim", fields["claim"][1]) if "claim" in fields else None
            sources = (
                self.source_ids("sources", fields["sources"][1]) if "sources" in fields else None
            )
            if len(self.problems) > before or claim is None or sources is None:
                ok = False
                continue
            claims.append(Disputed(claim, sources))
        return tuple(claims) if ok else None

    def wording(self, name: str, node: Node) -> Mapping[CardKind, Wording] | None:
        """Return the fact's own wording by card kind, each kind one the fact's type makes."""
        fact_type = self.fact_type_read
        if not isinstance(node, Map):
            self.problem(
                node,
                f"field 'wording': expected a mapping of card kinds, got {describe(node)}",
            )
            return None
        if fact_type is None:
            return None
        valid = _CARD_KINDS_BY_NAME[fact_type]
        found: dict[CardKind, Wording] = {}
        ok = True
        for key, value in node.pairs():
            kind_name = key.text if isinstance(key, Scalar) else ""
            kind = valid.get(kind_name)
            if kind is None:
                ok = False
                known = kind_name in _CARD_KIND_NAMES
                hint = "" if known else did_you_mean(kind_name, list(valid))
                self.problem(
                    key,
                    f"field 'wording': '{kind_name}' is not a card kind of {fact_type.value} facts"
                    f"{hint}; they make: {', '.join(valid)}",
                )
                continue
            self.wording_keys.setdefault(kind, key)
            if kind in found:
                ok = False
                self.problem(key, f"field 'wording': card kind '{kind_name}' is given twice")
                continue
            wording = self._one_wording(kind, value)
            if wording is None:
                ok = False
            else:
                found[kind] = wording
        return MappingProxyType(found) if ok else None

    def _one_wording(self, kind: CardKind, node: Node) -> Wording | None:
        """Return the wording of one card kind: front and back, or a cloze's text."""
        parts = ("text",) if kind is CardKind.CLOZE else ("front", "back")
        where = f"field 'wording' kind '{kind.value}'"
        if not isinstance(node, Map) or not node.keys:
            self.problem(
                node,
                f"{where}: expected a mapping with {' and/or '.join(parts)}, got {describe(node)}",
            )
            return None
        texts: dict[str, str] = {}
        ok = True
        for key, value in node.pairs():
            part = key.text if isinstance(key, Scalar) else ""
            if part not in parts or part in texts:
                ok = False
                why = "is given twice" if part in texts else "is not one of " + ", ".join(parts)
                self.problem(key, f"{where}: '{part}' {why}")
                continue
            text = self.text(f"wording.{kind.value}.{part}", value)
            if text is None:
                ok = False
            else:
                texts[part] = text
        if not ok:
            return None
        location = Location(self.shown, node.line, node.col)
        if kind is CardKind.CLOZE:
            return Wording(front=texts["text"], location=location)
        return Wording(front=texts.get("front"), back=texts.get("back"), location=location)
