"""Check `sources.yaml`: the articles and books that facts cite, each by its id."""

from __future__ import annotations

import os
from pathlib import Path

from quizgen.errors import FactError, Location, Problem
from quizgen.factfiles.checker import Checker, describe
from quizgen.factfiles.fields import SOURCE_FIELDS, SOURCE_SHAPE, SOURCES_FILE_SHAPE, URL, Kind
from quizgen.factfiles.files import display_path, not_regular
from quizgen.factfiles.layout import SOURCES_FILE
from quizgen.factfiles.yamlnodes import Map, Node, Scalar
from quizgen.model.facts import Source


class SourcesChecker(Checker):
    """Check `sources.yaml`; `ids` holds every source id written, valid entry or not.

    `ids` stays None when the file gives no list of sources to read ids from.
    """

    ids: set[str] | None = None
    naming: str | None = None
    """The id, as written, of the source being read: its problems start with it."""

    def problem(self, node: Node | None, message: str) -> None:
        """Record a problem at `node`, naming the source being read like a fact's names it."""
        if self.naming is not None:
            message = f"source '{self.naming}': {message}"
        super().problem(node, message)

    def check(self, file: Path) -> dict[str, Source]:
        """Return the sources by id; problems accumulate in `self.problems`."""
        root = self.read(file)
        if root is None:
            return {}
        if not isinstance(root, Map):
            self.problem(
                root, f"the sources file is a mapping with 'sources:', got {describe(root)}"
            )
            return {}
        if _ids_without_heading(root):
            self.problem(
                root,
                "the source ids go under 'sources:': write 'sources:' on the first line "
                "and indent each id under it",
            )
            return {}
        fields = self.fields(root, SOURCES_FILE_SHAPE, "the sources file")
        if "sources" not in fields:
            return {}
        node = fields["sources"][1]
        if not isinstance(node, Map):
            self.problem(
                node, f"field 'sources': expected a mapping of source ids, got {describe(node)}"
            )
            return {}
        sources: dict[str, Source] = {}
        first_line: dict[str, int] = {}
        # A fact citing a source whose entry is broken has that entry's problem, not its own.
        self.ids = {key.text.strip() for key in node.keys if isinstance(key, Scalar)}
        for key, value in node.pairs():
            source_id = self.slug("source id", key, field="source id")
            if source_id is None:
                if isinstance(key, Scalar) and key.text.strip():
                    # Check the rest of the entry too: one run names all that is wrong with it.
                    self.source(key.text.strip(), value)
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
        self.naming = source_id
        try:
            return self._source(source_id, node)
        finally:
            self.naming = None

    def _source(self, source_id: str, node: Node) -> Source | None:
        if not isinstance(node, Map):
            self.problem(node, f"expected a mapping, got {describe(node)}")
            return None
        before = len(self.problems)
        fields = self.fields(node, SOURCE_SHAPE, "a source")
        values: dict[str, object] = {}
        for spec in SOURCE_FIELDS:
            if spec.name not in fields:
                continue
            value_node = fields[spec.name][1]
            if spec.kind is Kind.DATE:
                values[spec.name] = self.date(spec.name, value_node)
            elif spec.kind is Kind.URL:
                url = self.text(spec.name, value_node)
                if url is not None and not URL.match(url):
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


def _ids_without_heading(root: Map) -> bool:
    """Tell whether a sources file lists its sources at the top, with no 'sources:' above."""
    names = {key.text for key in root.keys if isinstance(key, Scalar)}
    return bool(names) and "sources" not in names and all(isinstance(v, Map) for v in root.values)


def load_sources(file: Path) -> dict[str, Source]:
    """Load and check a sources file alone; raise `FactError` listing every problem."""
    sources, _, problems = read_sources(file)
    if problems:
        raise FactError(problems)
    return sources


def read_sources(file: Path) -> tuple[dict[str, Source], set[str] | None, list[Problem]]:
    """Return the valid sources of a sources file, every source id in it, and its problems.

    The ids are None when the file has no readable list of sources: then no source id can
    be called unknown.
    """
    shown = display_path(file)
    if not file.exists() and not file.is_symlink():
        return (
            {},
            None,
            [
                Problem(
                    Location(shown),
                    f"no sources file: every fact cites sources listed in {shown}",
                )
            ],
        )
    problem = not_regular(file, shown, "the sources file")
    if problem is not None:
        return {}, None, [problem]
    checker = SourcesChecker(shown)
    sources = checker.check(file)
    return sources, checker.ids, checker.problems


def nearest_sources(file: Path) -> Path | None:
    """Return the `sources.yaml` of the file's folder or the nearest folder above it."""
    for folder in file.resolve().parents:
        candidate = folder / SOURCES_FILE
        if candidate.exists() or candidate.is_symlink():
            if not file.is_absolute():
                try:
                    return Path(os.path.relpath(candidate))
                except ValueError:  # another drive on Windows
                    return candidate
            return candidate
    return None
