"""Check the values of a YAML file field by field, collecting every problem with its place.

`Checker` holds what fact files and `sources.yaml` share: reading the file, the keys of a
mapping, and the plain values (text, lists of text, dates, numbers, true/false, ids). The
checkers of each file add the rest (`factfile`, `sources`).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from pathlib import Path

from quizgen.errors import Location, Problem
from quizgen.factfiles.characters import forbidden_in
from quizgen.factfiles.fields import MAX_ID_CHARS, MAX_TEXT_CHARS, SLUG, Shape
from quizgen.factfiles.files import read_text
from quizgen.factfiles.yamlnodes import Map, Node, Scalar, Seq, parse
from quizgen.language.fold import slugify
from quizgen.language.suggest import closest, did_you_mean
from quizgen.model.dates import DateSpec

_EXPONENT = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+")

_ONE_DATE = r"-?\d{1,4}(-\d{1,2}){0,2}"
_WRITTEN_RIGHT = re.compile(rf"{_ONE_DATE}(/{_ONE_DATE})?")
_VAGUE = re.compile(r"\b(around|about|approx|approximately|circa|ca|c)\b", re.IGNORECASE)

NULLS = frozenset({"", "~", "null", "Null", "NULL"})
"""How YAML writes "nothing" in a plain scalar."""


def describe(node: Node) -> str:
    """Return what a node holds, as a problem names it: "a list", "nothing", "'twenty'"."""
    if isinstance(node, Seq):
        return "a list"
    if isinstance(node, Map):
        return "a mapping"
    if node.plain and node.tag is None and node.text in NULLS:
        return "nothing"
    text = node.text if len(node.text) <= 40 else node.text[:37] + "..."
    return f"'{text}'"


def is_null(node: Node) -> bool:
    """Return whether a node is YAML's null (`~`, `null` or nothing at all)."""
    return isinstance(node, Scalar) and node.plain and node.tag is None and node.text in NULLS


@functools.lru_cache(maxsize=4096)
def _parse_date(text: str) -> DateSpec:
    # Dates repeat across facts and DateSpec is immutable, so one parse serves them all.
    return DateSpec.parse(text)


def _date_advice(text: str) -> str | None:
    """Return what to write for a date a person would write another way ('July 1969')."""
    if _WRITTEN_RIGHT.fullmatch(text):  # the form is right: its own error says what is wrong
        return None
    # Imported here, as only a date written wrong needs it: a build or check spares the import.
    from quizgen.language.typed_dates import parse_dates

    readings = list(dict.fromkeys(spec.iso() for spec in parse_dates(text)))
    if not readings:
        return None
    written = " or ".join(readings)
    if len(readings) > 1:
        written += ", whichever is meant"
    if _VAGUE.search(text):
        written += ", with approximate: true"
    return f"write '{text}' as {written}"


class Checker:
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
        if root is None or is_null(root):
            self.problems.append(Problem(Location(self.shown), "file is empty"))
            return None
        return root

    def fields(
        self,
        node: Map,
        shape: Shape,
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
        for key, value in node.pairs():
            if key.__class__ is not Scalar:
                self.problem(key, f"keys must be text, got {describe(key)}")
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
                self.problem(node, f"missing required field '{name}'{self.missing_advice(name)}")
        return found

    def missing_advice(self, name: str) -> str:
        """Return what to write for a missing required field, after a '; ' (or "")."""
        return ""

    def _unknown_key(
        self, name: str, allowed: Iterable[str], what: str, others: Iterable[str]
    ) -> tuple[str, str]:
        """Return the message for an unknown key and the known key it suggests (or "")."""
        if name in others:
            return f"key '{name}' does not belong in {what}", ""
        if len(name) > 40:
            return f"unknown key '{name[:37]}...'", ""
        meant = closest(name, allowed)
        if meant is not None:
            return f"unknown key '{name}'{did_you_mean(name, [meant])}", meant
        return f"unknown key '{name}'", ""

    def text(
        self,
        name: str,
        node: Node,
        *,
        limit: int = MAX_TEXT_CHARS,
        item: int = 0,
        identifier: bool = False,
    ) -> str | None:
        """Return a field's text (or its `item`-th entry's), or None after reporting why not.

        An `identifier` (an id, a deck, a tag) also refuses the invisible direction marks.
        """
        if not isinstance(node, Scalar):
            self.problem(node, f"{_label(name, item)}: expected text, got {describe(node)}")
            return None
        text = node.text.strip()
        if not text or (text in NULLS and is_null(node)):
            self.problem(node, f"{_label(name, item)} is empty")
            return None
        if len(text) > limit:
            self.problem(
                node, f"{_label(name, item)} is {len(text)} characters long; the limit is {limit}"
            )
            return None
        # Printable text holds none of the forbidden characters: skip the search.
        why = None if text.isprintable() else forbidden_in(text, identifier=identifier)
        if why is not None:
            self.problem(node, f"{_label(name, item)}: {why}")
            return None
        return text

    def text_list(
        self, name: str, node: Node, *, at_least: int = 0, identifier: bool = False
    ) -> tuple[str, ...] | None:
        """Return a list of texts, or None after reporting what is wrong with it."""
        if not isinstance(node, Seq):
            hint = f" (write [{node.text}])" if isinstance(node, Scalar) and node.text else ""
            self.problem(node, f"field '{name}': expected a list, got {describe(node)}{hint}")
            return None
        items: list[str] = []
        for item in node.items:  # the common case, kept fast: every item plain text
            accepted = _accepted(item, MAX_TEXT_CHARS, identifier)
            if accepted is None:
                break
            items.append(accepted)
        else:
            if len(items) >= at_least:
                return tuple(items)
        items = []
        ok = True
        for item in node.items:
            checked = self.text(name, item, item=len(items) + 1, identifier=identifier)
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
        if not isinstance(node, Scalar) or is_null(node):
            self.problem(node, f"field '{name}': expected a date, got {describe(node)}")
            return None
        raw: object = node.text.strip()
        if node.plain and node.tag is None and node.text in ("true", "false", "yes", "no"):
            raw = node.value()
        try:
            return _parse_date(raw) if isinstance(raw, str) else DateSpec.parse(raw)
        except ValueError as error:
            advice = _date_advice(raw) if isinstance(raw, str) else None
            self.problem(node, f"field '{name}': {advice or error}")
            return None

    def boolean(self, name: str, node: Node) -> bool | None:
        """Return a field's true/false, or None after reporting why it is not one."""
        value = node.value() if isinstance(node, Scalar) else None
        if not isinstance(value, bool):
            self.problem(node, f"field '{name}': expected true or false, got {describe(node)}")
            return None
        return value

    def number(self, name: str, node: Node) -> int | float | None:
        """Return a number, or None after reporting why it is not one."""
        value = node.value() if isinstance(node, Scalar) else None
        # YAML 1.1 wants a sign in an exponent and a point before it: read 1.2e6 and 3E9 as
        # the numbers they plainly are.
        if (
            isinstance(value, str)
            and isinstance(node, Scalar)
            and node.plain
            and _EXPONENT.fullmatch(value.replace("_", ""))
        ):
            value = float(value.replace("_", ""))
            if value.is_integer() and abs(value) < 1e18:
                value = int(value)  # 3.79e7 is the whole number 37,900,000
        if isinstance(value, bool) or not isinstance(value, int | float):
            hint = ""
            if isinstance(node, Scalar) and re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", node.text):
                hint = f" (write {node.text.replace(',', '')} without commas)"
            self.problem(node, f"field '{name}': expected a number, got {describe(node)}{hint}")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.problem(node, f"field '{name}': expected a finite number, got {describe(node)}")
            return None
        return value

    def slug(self, what: str, node: Node, *, field: str = "id", item: int = 0) -> str | None:
        """Return an id, or None after reporting why it is not a valid slug."""
        text = self.text(field, node, limit=MAX_ID_CHARS, item=item, identifier=True)
        if text is None:
            return None
        if not SLUG.match(text):
            self.problem(node, f"{what} {text!r} is not a lowercase slug{slug_advice(text)}")
            return None
        return text


def slug_advice(text: str) -> str:
    """Return what to write for an id that is not a slug: its slugified form, when it has one."""
    rules = " (letters a-z, digits, single hyphens between words)"
    slug = slugify(text)[:MAX_ID_CHARS].rstrip("-")
    return f"{rules}; write it as '{slug}'" if slug else rules


def _accepted(node: Node, limit: int, identifier: bool) -> str | None:
    """Return a scalar's text, stripped, when `Checker.text` would take it without a word;
    else None (and `Checker.text` says what is wrong)."""
    if not isinstance(node, Scalar):
        return None
    text = node.text.strip()
    if (
        text
        and len(text) <= limit
        and not (node.plain and text in NULLS)
        # Printable text holds none of the forbidden characters: skip the search.
        and (text.isprintable() or forbidden_in(text, identifier=identifier) is None)
    ):
        return text
    return None


def _label(name: str, item: int) -> str:
    """Return how a problem names a field, or the `item`-th entry of a list field."""
    return f"field '{name}' item {item}" if item else f"field '{name}'"
