"""Load a facts folder into a `FactBase`, checking every value and naming every problem's place.

The format is described once, by the field lists below (`FILE_FIELDS`, `COMMON_FIELDS`,
`TYPE_FIELDS`, `DISPUTED_FIELDS`, `SOURCE_FIELDS`); the validator and the JSON Schema in
`quizgen.factfiles.schema` are both made from them. Validation never stops at the first problem:
`FactError` carries all of them, each as `path:line:col: fact 'id': message`.
"""

from __future__ import annotations

import difflib
import functools
import gc
import math
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from quizgen.errors import FactError, Location, Problem
from quizgen.factfiles.layout import SOURCES_FILE, TEMPLATES_FILE, fact_files
from quizgen.factfiles.yamlnodes import Map, Node, Scalar, Seq, display_path, parse, read_text
from quizgen.model.facts import (
    CARD_KINDS,
    AgreementFact,
    AnyFact,
    CardKind,
    DateFact,
    DateSpec,
    Disputed,
    FactBase,
    FactType,
    FigureFact,
    FigureValue,
    NameFact,
    NameKind,
    Source,
    Verb,
)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""What an id looks like: lowercase letters and digits in words joined by single hyphens."""

MAX_TEXT_CHARS = 5000
"""The longest text value accepted; a card is read at a glance."""

MAX_ID_CHARS = 100
"""The longest id accepted."""


class Kind(StrEnum):
    """What a field holds; each kind has one parser here and one schema in `factfiles.schema`."""

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
    DISPUTED = "disputed"
    DECK = "deck"
    FACTS = "facts"
    URL = "url"


@dataclass(frozen=True)
class FieldSpec:
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
    _spec("cards", Kind.CARDS, "card kinds to make (default: all for the type)"),
    _spec("renamed_from", Kind.FORMER_IDS, "former ids, so a renamed fact keeps its cards"),
)
"""Keys every fact may hold."""

TYPE_FIELDS: Mapping[FactType, tuple[FieldSpec, ...]] = {
    FactType.DATE: (
        _spec(
            "event", Kind.TEXT, "past-tense clause with its subject, no final period", required=True
        ),
        _spec("date", Kind.DATE, "YYYY, YYYY-MM, YYYY-MM-DD or an interval A/B", required=True),
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
        _spec("quantity", Kind.TEXT, "noun phrase: what is counted", required=True),
        _spec("date", Kind.DATE, "when the figure held"),
        _spec("approximate", Kind.BOOL, "the figure is approximate"),
    ),
    FactType.AGREEMENT: (
        _spec("title", Kind.TEXT, "the agreement's name", required=True),
        _spec("parties", Kind.PARTIES, "the parties, at least two", required=True),
        _spec("date", Kind.DATE, "when it was signed or reached; leave out if unknown"),
        _spec("summary", Kind.TEXT, "past-tense verb phrase readable after 'which'", required=True),
        _spec("signed", Kind.BOOL, "false if no signed text is known: cards say 'reached'"),
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

_FACT_CLASSES: Mapping[FactType, type[AnyFact]] = {
    FactType.DATE: DateFact,
    FactType.NAME: NameFact,
    FactType.FIGURE: FigureFact,
    FactType.AGREEMENT: AgreementFact,
}
_ALL_FACT_KEYS = frozenset(
    [spec.name for spec in COMMON_FIELDS]
    + [spec.name for specs in TYPE_FIELDS.values() for spec in specs]
)
_SPECS_BY_NAME: Mapping[str, FieldSpec] = {
    spec.name: spec
    for spec in COMMON_FIELDS + tuple(s for specs in TYPE_FIELDS.values() for s in specs)
}


@dataclass(frozen=True)
class _Shape:
    """The keys a kind of mapping allows and requires, precomputed for speed."""

    allowed: frozenset[str]
    required: tuple[str, ...]

    @classmethod
    def of(cls, specs: Sequence[FieldSpec]) -> _Shape:
        return cls(
            frozenset(spec.name for spec in specs),
            tuple(spec.name for spec in specs if spec.required),
        )


_FILE_SHAPE = _Shape.of(FILE_FIELDS)
_COMMON_SHAPE = _Shape.of(COMMON_FIELDS)
_TYPE_SHAPES = {t: _Shape.of(COMMON_FIELDS + TYPE_FIELDS[t]) for t in FactType}
_DISPUTED_SHAPE = _Shape.of(DISPUTED_FIELDS)
_SOURCE_SHAPE = _Shape.of(SOURCE_FIELDS)
_SOURCES_FILE_SHAPE = _Shape(frozenset({"sources"}), ("sources",))
_WHAT = {t: f"a {t.value} fact" for t in FactType}
_FACT_TYPES = {t.value: t for t in FactType}
_NAME_KINDS = {k.value: k for k in NameKind}
_VERBS = {v.value: v for v in Verb}

E = TypeVar("E", NameKind, Verb)
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_SPACE = re.compile(r"\s")
_DECK_FORBIDDEN = ("/", "\\")
_FILE_NAME_FORBIDDEN = '<>:"|?*'
_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"{port}{n}" for port in ("COM", "LPT") for n in range(1, 10)]
)


@dataclass(frozen=True)
class LoadResult:
    """A checked fact base with the files it came from."""

    base: FactBase
    files: tuple[Path, ...]
    sources_files: tuple[Path, ...]


def _misnamed_files(root: Path) -> list[Path]:
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(folder) / name for name in files if name.endswith(".yml"))
    return sorted(found)


def load_fact_base(root: Path) -> FactBase:
    """Load and check every fact under `root`; raise `FactError` listing every problem."""
    return check_paths([root]).base


def check_paths(paths: Sequence[Path]) -> LoadResult:
    """Load and check facts folders or single fact files; raise `FactError` on any problem.

    A single file takes its sources from the nearest `sources.yaml` in its folder or the
    folders above it. Ids are checked for clashes across everything loaded at once.
    """
    # Loading allocates hundreds of thousands of small objects and frees none of them until
    # the end; the cyclic garbage collector would scan them over and over for nothing.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _check_paths(paths)
    finally:
        if gc_was_enabled:
            gc.enable()


def _check_paths(paths: Sequence[Path]) -> LoadResult:
    problems: list[Problem] = []
    groups: dict[Path, list[Path]] = {}
    seen: set[Path] = set()
    for path in paths:
        shown = display_path(path)
        if path.is_dir():
            sources_file = path / SOURCES_FILE
            files = fact_files(path)
            problems.extend(
                Problem(
                    Location(display_path(bad)),
                    f"fact files end in '.yaml'; rename it to '{bad.with_suffix('.yaml').name}'",
                )
                for bad in _misnamed_files(path)
            )
        elif path.is_file():
            if path.name == TEMPLATES_FILE:
                continue
            found = _nearest_sources(path)
            if found is None:
                problems.append(
                    Problem(
                        Location(shown),
                        f"no {SOURCES_FILE} in the folder of this file or any folder above it",
                    )
                )
                continue
            sources_file = found
            files = [] if path.name == SOURCES_FILE else [path]
        else:
            problems.append(Problem(Location(shown), "no such file or folder"))
            continue
        group = groups.setdefault(sources_file, [])
        for file in files:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                group.append(file)

    sources: dict[str, Source] = {}
    facts: list[AnyFact] = []
    ids: list[_IdRecord] = []
    all_files: list[Path] = []
    for sources_file, files in groups.items():
        group_sources, source_problems = _load_sources(sources_file)
        problems.extend(source_problems)
        for source_id, source in group_sources.items():
            sources.setdefault(source_id, source)
        known = group_sources if not source_problems else None
        for file_facts, file_problems, file_ids in _check_files(files, known):
            facts.extend(file_facts)
            problems.extend(file_problems)
            ids.extend(file_ids)
        all_files.extend(files)
    problems.extend(_cross_checks(ids))
    if problems:
        raise FactError(problems)
    return LoadResult(FactBase(tuple(facts), sources), tuple(all_files), tuple(groups))


PARALLEL_MIN_BYTES = 1_000_000
"""Fact files smaller than this in all are read in one process: a second costs more."""

PARENT_SHARE = 0.55
"""The share of the fact files (by size) this process checks when a child checks the rest."""

_Checked = tuple[list[AnyFact], list[Problem], list["_IdRecord"]]


def _check_files(files: Sequence[Path], sources: Mapping[str, Source] | None) -> list[_Checked]:
    """Check fact files, giving each file's facts, problems and ids, in the files' order.

    With enough to read and a second core, a forked child checks the later half of the
    files (by size) while this process checks the first; should the child fail, this
    process checks its half too.
    """
    from quizgen.forked import Forked, can_fork

    def check(batch: Sequence[Path]) -> list[_Checked]:
        checked = []
        for file in batch:
            checker = _FactFileChecker(display_path(file), sources)
            found = checker.check(file)
            checked.append((found, checker.problems, checker.ids))
        return checked

    if len(files) < 2 or not can_fork():
        return check(files)
    sizes = [_size(file) for file in files]
    total = sum(sizes)
    if total < PARALLEL_MIN_BYTES:
        return check(files)
    # The child starts later and must pickle what it found, which this process unpickles:
    # it takes a little less than half.
    split, running = 1, 0
    for index, size in enumerate(sizes[:-1], start=1):
        running += size
        split = index
        if running >= total * PARENT_SHARE:
            break
    with Forked(lambda: check(files[split:])) as child:
        mine = check(files[:split])
        theirs = child.result()
    return mine + (check(files[split:]) if theirs is None else theirs)


def _size(file: Path) -> int:
    try:
        return file.stat().st_size
    except OSError:
        return 0


def _nearest_sources(file: Path) -> Path | None:
    for folder in file.resolve().parents:
        candidate = folder / SOURCES_FILE
        if candidate.is_file():
            if not file.is_absolute():
                try:
                    return Path(os.path.relpath(candidate))
                except ValueError:  # another drive on Windows
                    return candidate
            return candidate
    return None


class _IdRecord(NamedTuple):
    """Where a fact with a well-formed id was written, valid or not, for clash checks."""

    id: str
    location: Location
    renamed_from: tuple[str, ...]


def _cross_checks(records: Iterable[_IdRecord]) -> list[Problem]:
    problems: list[Problem] = []
    records = list(records)
    first: dict[str, _IdRecord] = {}
    for record in records:
        other = first.setdefault(record.id, record)
        if other is not record:
            problems.append(
                Problem(
                    record.location,
                    f"duplicate id: '{record.id}' is also the id of the fact at {other.location}",
                    record.id,
                )
            )
    former: dict[str, _IdRecord] = {}
    for record in records:
        for old in record.renamed_from:
            if old == record.id:
                problems.append(
                    Problem(
                        record.location, f"renamed_from lists the fact's own id '{old}'", record.id
                    )
                )
                continue
            owner = first.get(old)
            if owner is not None:
                problems.append(
                    Problem(
                        owner.location,
                        f"id '{old}' is a former id of the fact '{record.id}' at "
                        f"{record.location}; ids are never reused",
                        owner.id,
                    )
                )
            earlier = former.setdefault(old, record)
            if earlier is not record:
                problems.append(
                    Problem(
                        record.location,
                        f"former id '{old}' is also claimed by the fact '{earlier.id}' "
                        f"at {earlier.location}",
                        record.id,
                    )
                )
    return problems


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _describe(node: Node) -> str:
    if isinstance(node, Seq):
        return "a list"
    if isinstance(node, Map):
        return "a mapping"
    if node.plain and node.tag is None and node.text in _NULLS:
        return "nothing"
    text = node.text if len(node.text) <= 40 else node.text[:37] + "..."
    return f"'{text}'"


def _is_null(node: Node) -> bool:
    return isinstance(node, Scalar) and node.plain and node.tag is None and node.text in _NULLS


@functools.lru_cache(maxsize=4096)
def _parse_date(text: str) -> DateSpec:
    # Dates repeat across facts and DateSpec is immutable, so one parse serves them all.
    return DateSpec.parse(text)


class _Checker:
    """Collect problems for one file, each tied to a node and the fact being read."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.problems: list[Problem] = []
        self.fact_id: str | None = None

    def problem(self, node: Node | None, message: str) -> None:
        """Record a problem at `node` (or at the file when None) for the fact being read."""
        location = (
            Location(self.shown, node.line, node.col) if node is not None else Location(self.shown)
        )
        self.problems.append(Problem(location, message, self.fact_id))

    def read(self, file: Path) -> Node | None:
        """Return the file's root node, or None after recording why it cannot be read."""
        text, problems = read_text(file, self.shown)
        self.problems.extend(problems)
        if text is None:
            return None
        root, problems = parse(text, self.shown)
        self.problems.extend(problems)
        if problems:
            return None
        if root is None or _is_null(root):
            self.problems.append(Problem(Location(self.shown), "file is empty"))
            return None
        return root

    def fields(
        self,
        node: Map,
        shape: _Shape,
        what: str,
        *,
        others: Iterable[str] = (),
        ignore: Iterable[str] = (),
    ) -> dict[str, tuple[Scalar, Node]]:
        """Return the mapping's fields by name; report unknown, repeated and missing keys.

        Keys in `others` belong to other kinds of mapping and are reported as such; keys in
        `ignore` are passed over silently (a fact of unknown type may hold any fact key).
        """
        allowed, required = shape.allowed, shape.required
        found: dict[str, tuple[Scalar, Node]] = {}
        suggested: set[str] = set()
        for key, value in node.pairs:
            if key.__class__ is not Scalar:
                self.problem(key, f"keys must be text, got {_describe(key)}")
                continue
            assert isinstance(key, Scalar)
            name = key.text
            if name in found:
                self.problem(
                    key, f"key '{name}' appears twice (first at line {found[name][0].line})"
                )
                continue
            if name not in allowed:
                if name not in ignore:
                    message, meant = self._unknown_key(name, allowed, what, others)
                    self.problem(key, message)
                    suggested.add(meant)
                continue
            found[name] = (key, value)
        for name in required:
            # A misspelt key already said "did you mean" this one; once is enough.
            if name not in found and name not in suggested:
                self.problem(node, f"missing required field '{name}'")
        return found

    def _unknown_key(
        self, name: str, allowed: Iterable[str], what: str, others: Iterable[str]
    ) -> tuple[str, str]:
        """Return the message for an unknown key and the known key it suggests (or "")."""
        if name in others:
            return f"key '{name}' does not belong in {what}", ""
        if len(name) > 40:
            return f"unknown key '{name[:37]}...'", ""
        close = difflib.get_close_matches(name, list(allowed), n=1, cutoff=0.6)
        if close:
            return f"unknown key '{name}' (did you mean '{close[0]}'?)", close[0]
        return f"unknown key '{name}'", ""

    def text(
        self, name: str, node: Node, *, limit: int = MAX_TEXT_CHARS, item: int = 0
    ) -> str | None:
        """Return a field's text (or its `item`-th entry's), or None after reporting why not."""
        if node.__class__ is Scalar:
            assert isinstance(node, Scalar)
            text = node.text.strip()
            if text and len(text) <= limit and not (node.plain and text in _NULLS):
                return text
        label = f"field '{name}' item {item}" if item else f"field '{name}'"
        if not isinstance(node, Scalar):
            self.problem(node, f"{label}: expected text, got {_describe(node)}")
            return None
        text = "" if _is_null(node) else node.text.strip()
        if not text:
            self.problem(node, f"{label} is empty")
            return None
        if len(text) > limit:
            self.problem(node, f"{label} is {len(text)} characters long; the limit is {limit}")
            return None
        return text

    def text_list(self, name: str, node: Node, *, at_least: int = 0) -> tuple[str, ...] | None:
        """Return a list of texts, or None after reporting what is wrong with it."""
        if not isinstance(node, Seq):
            hint = f" (write [{node.text}])" if isinstance(node, Scalar) and node.text else ""
            self.problem(node, f"field '{name}': expected a list, got {_describe(node)}{hint}")
            return None
        items: list[str] = []
        for item in node.items:  # the common case, kept fast: every item plain text
            if item.__class__ is not Scalar:
                break
            assert isinstance(item, Scalar)
            text = item.text.strip()
            if not text or len(text) > MAX_TEXT_CHARS or (item.plain and text in _NULLS):
                break
            items.append(text)
        else:
            if len(items) >= at_least:
                return tuple(items)
        items = []
        ok = True
        for item in node.items:
            checked = self.text(name, item, item=len(items) + 1)
            if checked is None:
                ok = False
            items.append(checked or "")
        if not ok:
            return None
        if len(items) < at_least:
            noun = "item" if at_least == 1 else "items"
            self.problem(
                node, f"field '{name}': needs at least {at_least} {noun}, got {len(items)}"
            )
            return None
        return tuple(items)

    def date(self, name: str, node: Node) -> DateSpec | None:
        """Return a field's date, or None after reporting why it is not one."""
        if not isinstance(node, Scalar) or _is_null(node):
            self.problem(node, f"field '{name}': expected a date, got {_describe(node)}")
            return None
        raw: object = node.text.strip()
        if node.plain and node.tag is None and node.text in ("true", "false", "yes", "no"):
            raw = node.value()
        try:
            return _parse_date(raw) if isinstance(raw, str) else DateSpec.parse(raw)
        except ValueError as error:
            self.problem(node, f"field '{name}': {error}")
            return None

    def boolean(self, name: str, node: Node) -> bool | None:
        """Return a field's true/false, or None after reporting why it is not one."""
        value = node.value() if isinstance(node, Scalar) else None
        if not isinstance(value, bool):
            self.problem(node, f"field '{name}': expected true or false, got {_describe(node)}")
            return None
        return value

    def number(self, name: str, node: Node) -> int | float | None:
        """Return a number, or None after reporting why it is not one."""
        value = node.value() if isinstance(node, Scalar) else None
        if isinstance(value, bool) or not isinstance(value, int | float):
            hint = ""
            if isinstance(node, Scalar) and re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", node.text):
                hint = f" (write {node.text.replace(',', '')} without commas)"
            self.problem(node, f"field '{name}': expected a number, got {_describe(node)}{hint}")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.problem(node, f"field '{name}': expected a finite number, got {_describe(node)}")
            return None
        return value

    def slug(self, what: str, node: Node, *, field: str = "id", item: int = 0) -> str | None:
        """Return an id, or None after reporting why it is not a valid slug."""
        text = self.text(field, node, limit=MAX_ID_CHARS, item=item)
        if text is None:
            return None
        if not SLUG.match(text):
            self.problem(
                node,
                f"{what} {text!r} is not a lowercase slug (letters a-z, digits, single hyphens "
                "between words, e.g. 'mongolia-recognizes-dprk')",
            )
            return None
        return text


class _FactFileChecker(_Checker):
    """Check one fact file against the sources known (None when sources.yaml is unusable)."""

    def __init__(self, shown: str, sources: Mapping[str, Source] | None) -> None:
        super().__init__(shown)
        self.sources = sources
        self.ids: list[_IdRecord] = []
        self.fact_type_read: FactType | None = None
        self.parsers: dict[Kind, Callable[[str, Node], object]] = {
            Kind.ID: self.id_value,
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
            Kind.DISPUTED: self.disputed,
        }
        self.field_parsers = {
            name: self.parsers[spec.kind]
            for name, spec in _SPECS_BY_NAME.items()
            if spec.kind is not Kind.TYPE
        }

    def check(self, file: Path) -> list[AnyFact]:
        """Return the valid facts of `file`; problems accumulate in `self.problems`."""
        root = self.read(file)
        if root is None:
            return []
        if not isinstance(root, Map):
            self.problem(
                root, f"a fact file is a mapping with deck and facts, got {_describe(root)}"
            )
            return []
        fields = self.fields(root, _FILE_SHAPE, "a fact file", others=_ALL_FACT_KEYS)
        deck = self.deck(fields["deck"][1]) if "deck" in fields else None
        file_tags: tuple[str, ...] | None = ()
        if "tags" in fields:
            file_tags = self.tags("tags", fields["tags"][1])
        if "facts" not in fields:
            return []
        facts_node = fields["facts"][1]
        if not isinstance(facts_node, Seq):
            self.problem(facts_node, f"field 'facts': expected a list, got {_describe(facts_node)}")
            return []
        facts: list[AnyFact] = []
        for item in facts_node.items:
            fact = self.fact(item, deck, file_tags)
            if fact is not None:
                facts.append(fact)
        return facts

    def deck(self, node: Node) -> str | None:
        """Return the deck name, or None after reporting why it cannot be one."""
        name = self.text("deck", node, limit=200)
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
            if number == 0 and (
                piece.split(".")[0].upper() in _WINDOWS_RESERVED or piece.endswith(".")
            ):
                self.problem(
                    node,
                    f"deck names become file names: '{piece}' cannot be a file name on Windows",
                )
                return None
        return "::".join(part.strip() for part in parts)

    def tags(self, name: str, node: Node) -> tuple[str, ...] | None:
        """Return Anki tags, or None after reporting why they cannot be tags."""
        tags = self.text_list(name, node)
        if tags is None:
            return None
        assert isinstance(node, Seq)
        for tag, item in zip(tags, node.items, strict=True):
            if " " in tag or _SPACE.search(tag):
                self.problem(item, f"tag {tag!r} contains a space; Anki tags cannot")
                return None
        return tags

    def source_ids(self, name: str, node: Node) -> tuple[str, ...] | None:
        """Return source ids, reporting unknown ones."""
        ids = self.text_list(name, node, at_least=1)
        if ids is None:
            return None
        if self.sources is None:
            return ids
        assert isinstance(node, Seq)
        ok = True
        for source_id, item in zip(ids, node.items, strict=True):
            if source_id not in self.sources:
                ok = False
                hint = _did_you_mean(source_id, self.sources)
                self.problem(item, f"unknown source '{source_id}'{hint}")
        return ids if ok else None

    def fact(
        self, node: Node, deck: str | None, file_tags: tuple[str, ...] | None
    ) -> AnyFact | None:
        """Return one checked fact, or None after reporting its problems."""
        self.fact_id = None
        if not isinstance(node, Map):
            self.problem(node, f"a fact is a mapping of fields, got {_describe(node)}")
            return None
        before = len(self.problems)
        by_name: dict[str, Node] = {}
        for key, value in node.pairs:
            if key.__class__ is Scalar:
                assert isinstance(key, Scalar)
                by_name.setdefault(key.text, value)
        id_node = by_name.get("id")
        if id_node is not None and id_node.__class__ is Scalar:
            assert isinstance(id_node, Scalar)
            self.fact_id = id_node.text.strip() or None
        type_node = by_name.get("type")
        fact_type = None if type_node is None else self.fact_type(type_node)
        shape = _COMMON_SHAPE if fact_type is None else _TYPE_SHAPES[fact_type]
        if (
            fact_type is None
            or len(by_name) != len(node.pairs)  # a repeated or non-text key
            or not by_name.keys() <= shape.allowed
            or not all(name in by_name for name in shape.required)
        ):
            # Something is off with the keys: take the long way, which says what.
            if fact_type is None:
                fields = self.fields(node, shape, "a fact", ignore=_ALL_FACT_KEYS)
            else:
                fields = self.fields(node, shape, _WHAT[fact_type], others=_ALL_FACT_KEYS)
            by_name = {name: value for name, (_, value) in fields.items()}
        self.fact_type_read = fact_type
        parsers = self.field_parsers
        values: dict[str, Any] = {}  # each checked by its field's parser
        for name, value_node in by_name.items():
            if name != "type":
                values[name] = parsers[name](name, value_node)
        location = Location(self.shown, node.line, node.col)
        if self.fact_id is not None and "id" in values and values["id"] is not None:
            self.ids.append(_IdRecord(self.fact_id, location, values.get("renamed_from") or ()))
        if len(self.problems) > before or fact_type is None or deck is None or file_tags is None:
            return None
        tags = values.get("tags", ())
        assert isinstance(tags, tuple)
        values["tags"] = tuple(dict.fromkeys(file_tags + tags))
        try:
            return _FACT_CLASSES[fact_type](deck=deck, location=location, **values)
        except (TypeError, ValueError) as error:  # a field combination the model refuses
            self.problem(node, str(error))
            return None

    def fact_type(self, node: Node) -> FactType | None:
        """Return the fact type, or None after reporting an unknown one."""
        text = self.text("type", node)
        if text is None:
            return None
        fact_type = _FACT_TYPES.get(text)
        if fact_type is not None:
            return fact_type
        valid = ", ".join(sorted(t.value for t in FactType))
        self.problem(
            node,
            f"unknown type '{text}'{_did_you_mean(text, (t.value for t in FactType))}; "
            f"valid types: {valid}",
        )
        return None

    def parties(self, name: str, node: Node) -> tuple[str, ...] | None:
        """Return the parties to an agreement: at least two."""
        return self.text_list(name, node, at_least=2)

    def id_value(self, name: str, node: Node) -> str | None:
        """Return the fact's id, a slug."""
        return self.slug(name, node)

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
            f"unknown {name} '{text}'{_did_you_mean(text, choices)}; "
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
        valid = CARD_KINDS[fact_type]
        valid_names = [k.value for k in valid]
        kinds: list[CardKind] = []
        for name, item in zip(names, node.items, strict=True):
            kind = next((k for k in valid if k.value == name), None)
            if kind is None:
                if name in {k.value for k in CardKind}:
                    self.problem(
                        item,
                        f"card kind '{name}' does not apply to a {fact_type.value} fact; "
                        f"{fact_type.value} facts make: {', '.join(valid_names)}",
                    )
                else:
                    self.problem(
                        item,
                        f"unknown card kind '{name}'{_did_you_mean(name, valid_names)}; "
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
            self.problem(node, f"field 'disputed': expected a list, got {_describe(node)}")
            return None
        claims: list[Disputed] = []
        ok = True
        for item in node.items:
            if not isinstance(item, Map):
                self.problem(
                    item,
                    f"a disputed entry is a mapping with claim and sources, got {_describe(item)}",
                )
                ok = False
                continue
            before = len(self.problems)
            fields = self.fields(item, _DISPUTED_SHAPE, "a disputed entry")
            claim = self.text("claim", fields["claim"][1]) if "claim" in fields else None
            sources = (
                self.source_ids("sources", fields["sources"][1]) if "sources" in fields else None
            )
            if len(self.problems) > before or claim is None or sources is None:
                ok = False
                continue
            claims.append(Disputed(claim, sources))
        return tuple(claims) if ok else None


class _SourcesChecker(_Checker):
    """Check `sources.yaml`."""

    def check(self, file: Path) -> dict[str, Source]:
        """Return the sources by id; problems accumulate in `self.problems`."""
        root = self.read(file)
        if root is None:
            return {}
        if not isinstance(root, Map):
            self.problem(
                root, f"the sources file is a mapping with 'sources:', got {_describe(root)}"
            )
            return {}
        fields = self.fields(root, _SOURCES_FILE_SHAPE, "the sources file")
        if "sources" not in fields:
            return {}
        node = fields["sources"][1]
        if not isinstance(node, Map):
            self.problem(
                node, f"field 'sources': expected a mapping of source ids, got {_describe(node)}"
            )
            return {}
        sources: dict[str, Source] = {}
        first_line: dict[str, int] = {}
        for key, value in node.pairs:
            source_id = self.slug("source id", key, field="source id")
            if source_id is None:
                continue
            if source_id in first_line:
                self.problem(
                    key,
                    f"source '{source_id}' is defined twice "
                    f"(first at line {first_line[source_id]})",
                )
                continue
            first_line[source_id] = key.line
            source = self.source(source_id, value)
            if source is not None:
                sources[source_id] = source
        return sources

    def source(self, source_id: str, node: Node) -> Source | None:
        """Return one checked source."""
        if not isinstance(node, Map):
            self.problem(node, f"source '{source_id}': expected a mapping, got {_describe(node)}")
            return None
        before = len(self.problems)
        fields = self.fields(node, _SOURCE_SHAPE, "a source")
        values: dict[str, object] = {}
        for spec in SOURCE_FIELDS:
            if spec.name not in fields:
                continue
            value_node = fields[spec.name][1]
            if spec.kind is Kind.DATE:
                values[spec.name] = self.date(spec.name, value_node)
            elif spec.kind is Kind.URL:
                url = self.text(spec.name, value_node)
                if url is not None and not re.match(r"^https?://\S+$", url):
                    self.problem(
                        value_node, f"field 'url': expected an http(s) address, got {url!r}"
                    )
                values[spec.name] = url
            else:
                values[spec.name] = self.text(spec.name, value_node)
        if len(self.problems) > before:
            return None
        return Source(
            id=source_id,
            location=Location(self.shown, node.line, node.col),
            **values,  # type: ignore[arg-type]
        )


def load_sources(file: Path) -> dict[str, Source]:
    """Load and check a sources file alone; raise `FactError` listing every problem."""
    sources, problems = _load_sources(file)
    if problems:
        raise FactError(problems)
    return sources


def _load_sources(file: Path) -> tuple[dict[str, Source], list[Problem]]:
    shown = display_path(file)
    if not file.is_file():
        return {}, [
            Problem(
                Location(shown),
                f"no sources file: every fact cites sources listed in {shown}",
            )
        ]
    checker = _SourcesChecker(shown)
    sources = checker.check(file)
    return sources, checker.problems
