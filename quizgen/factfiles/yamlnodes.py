"""Read YAML safely into small nodes that remember where each value was written.

The file is read with libyaml's event parser (PyYAML's `CSafeLoader`, or the pure-Python
`SafeLoader` when libyaml is missing) and the nodes are built here, iteratively, instead of
with `yaml.compose`: the C composer recurses once per nesting level and crashes the
interpreter on a deeply nested file, and no constructor ever runs, so a `!!python/...` tag
is only a string that the builder refuses. Aliases are allowed, but what they expand to is
counted as the file is read, so a "billion laughs" file is refused long before it expands.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

import yaml
from yaml import events

from quizgen.errors import Location, Problem
from quizgen.factfiles.characters import line_col
from quizgen.factfiles.yamlhints import syntax_hint

MAX_DEPTH = 32
"""The deepest nesting accepted; a fact file needs six levels."""

MAX_ALIAS_EXPANSION = 100_000
"""How many values aliases may add to a file in all, beyond the ones written out."""

_Loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader]
try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = frozenset(
    _CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
) | {"!"}

# YAML 1.1 booleans, as PyYAML's safe loader reads them.
_PLAIN_BOOLS = {
    word: value
    for value, words in ((True, ("yes", "true", "on")), (False, ("no", "false", "off")))
    for base in words
    for word in (base, base.capitalize(), base.upper())
}

_SCALAR_CONSTRUCTORS: dict[str, Any] = {
    _CORE + name: yaml.constructor.SafeConstructor.yaml_constructors[_CORE + name]
    for name in ("int", "float", "bool", "null", "timestamp")
}

_RESOLVER: Any = yaml.resolver.Resolver()  # untyped in types-PyYAML
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


class Scalar(NamedTuple):
    """A scalar as written: its source text, explicit tag (if any), and whether it was plain."""

    text: str
    tag: str | None
    plain: bool
    line: int
    col: int

    @property
    def resolved_tag(self) -> str:
        """Return the YAML core tag the scalar resolves to (`tag:yaml.org,2002:int`, ...)."""
        if self.tag == "!":  # the non-specific tag marks a string
            return _CORE + "str"
        if self.tag is not None:
            return self.tag
        if not self.plain:
            return _CORE + "str"
        return str(_RESOLVER.resolve(yaml.ScalarNode, self.text, (True, False)))

    def value(self) -> object:
        """Return the Python value YAML's safe schema gives the scalar (str, int, date, ...).

        A scalar that is not what its tag says (`!!int twenty`, a number too long to convert)
        gives its text, for the caller to report as it was written.
        """
        if self.plain and self.tag is None:  # the common cases, without the resolver
            text = self.text
            if text in _PLAIN_BOOLS:
                return _PLAIN_BOOLS[text]
            if len(text) < 19 and text.isascii() and text.isdigit() and text[:1] != "0":
                return int(text)
        tag = self.resolved_tag
        constructor = _SCALAR_CONSTRUCTORS.get(tag)
        if constructor is None:  # str, or a collection tag written on a scalar
            return self.text
        try:
            return constructor(_CONSTRUCTOR, yaml.ScalarNode(tag, self.text))
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError, yaml.YAMLError):
            return self.text


class Seq(NamedTuple):
    """A sequence and where it starts."""

    items: tuple[Node, ...]
    line: int
    col: int


class Map(NamedTuple):
    """A mapping as its keys and their values in file order, and where it starts.

    Keys and values are kept in two tuples rather than as pairs: a fact base holds tens of
    thousands of keys, and a tuple for each pair is that many more objects to make and free.
    """

    keys: tuple[Node, ...]
    values: tuple[Node, ...]
    line: int
    col: int

    def pairs(self) -> Iterator[tuple[Node, Node]]:
        """Return the (key, value) pairs in file order."""
        return zip(self.keys, self.values, strict=True)


Node = Scalar | Seq | Map


class _Stop(Exception):
    """Stop building: the file breaks a limit, and one problem says which."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def tag_shorthand(tag: str) -> str:
    """Return a tag as it is usually written (`!!python/object` rather than the long form)."""
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag


def _too_deep() -> str:
    return f"nested more than {MAX_DEPTH} levels deep; a fact file needs no more than six"


def parse(text: str, shown: str) -> tuple[Node | None, list[Problem]]:
    """Build the nodes of one YAML document; return (None, problems) if it cannot be read.

    An empty document gives `(None, [])`. Problems returned with a root node are values
    refused on the way (tags that are not plain data); the caller should not trust the file.
    """
    try:
        return _build(text, shown)
    except _Stop as stop:
        return None, [stop.problem]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if "maximum nesting depth" in (error.problem or ""):
            # libyaml 0.2.5 and later refuse deep nesting themselves, sometimes before the
            # events reach our own limit: say the same thing either way.
            location = _at(shown, mark)
            return None, [Problem(location, _too_deep())]
        message = " ".join((error.problem or "cannot be parsed").split())
        if error.context and error.problem:
            message = f"{message} ({error.context})"
        if mark is not None:
            message += syntax_hint(text, error.problem or "", mark.line, mark.column)
        location = _at(shown, mark)
        return None, [Problem(location, f"YAML syntax error: {message}")]
    except yaml.reader.ReaderError as error:
        line, col = line_col(text, error.position)
        return None, [Problem(Location(shown, line, col), f"YAML error: {error.reason}")]
    except yaml.YAMLError as error:
        return None, [Problem(Location(shown), "YAML error: " + " ".join(str(error).split()))]


def _build(text: str, shown: str) -> tuple[Node | None, list[Problem]]:
    problems: list[Problem] = []
    # Each open collection: [is_mapping, children, line, col, anchor, expanded_at_start].
    stack: list[list[Any]] = []
    top: list[Node] = []  # the document's root lands here
    children: list[Node] = top  # the list the next node is appended to
    append = children.append
    anchors: dict[str, tuple[Node, int]] = {}
    documents = 0
    expanded = 0  # values seen, counting each alias as the values it stands for
    alias_budget = MAX_ALIAS_EXPANSION

    scalar_event = events.ScalarEvent
    seq_start, map_start = events.SequenceStartEvent, events.MappingStartEvent
    seq_end, map_end = events.SequenceEndEvent, events.MappingEndEvent
    alias_event, doc_start = events.AliasEvent, events.DocumentStartEvent
    new = tuple.__new__  # NamedTuple's own __new__ is a Python call; 200k of them add up

    loader = _Loader(text)
    get_event = loader.get_event
    try:
        while True:
            # Dispatch on the exact class: faster than isinstance chains on 200k events.
            event: Any = get_event()
            if event is None:
                break
            kind = event.__class__
            node: Node
            size = 1
            if kind is scalar_event:
                mark = event.start_mark
                tag = event.tag
                anchor = event.anchor
                if tag is None and anchor is None:  # nearly every scalar
                    append(
                        new(
                            Scalar,
                            (event.value, None, event.implicit[0], mark.line + 1, mark.column + 1),
                        )
                    )
                    expanded += 1
                    continue
                if tag is not None and tag not in _ALLOWED_TAGS:
                    problems.append(_tag_problem(tag, shown, mark))
                    tag = None
                node = Scalar(event.value, tag, event.implicit[0], mark.line + 1, mark.column + 1)
            elif kind is seq_start or kind is map_start:
                mark = event.start_mark
                if event.tag is not None and event.tag not in _ALLOWED_TAGS:
                    problems.append(_tag_problem(event.tag, shown, mark))
                if len(stack) >= MAX_DEPTH:
                    raise _Stop(Problem(_at(shown, mark), _too_deep()))
                children = []
                append = children.append
                stack.append(
                    [
                        kind is map_start,
                        children,
                        mark.line + 1,
                        mark.column + 1,
                        event.anchor,
                        expanded,
                    ]
                )
                expanded += 1
                continue
            elif kind is seq_end or kind is map_end:
                is_map, done, line, col, anchor, started = stack.pop()
                size = expanded - started
                if is_map:
                    node = new(Map, (tuple(done[::2]), tuple(done[1::2]), line, col))
                else:
                    node = new(Seq, (tuple(done), line, col))
                expanded -= 1  # counted when the collection opened
                children = stack[-1][1] if stack else top
                append = children.append
            elif kind is alias_event:
                mark = event.start_mark
                target = anchors.get(event.anchor)
                if target is None:
                    raise _Stop(
                        Problem(
                            _at(shown, mark),
                            f"alias '*{event.anchor}' refers to no anchor written before it",
                        )
                    )
                node, size = target
                alias_budget -= size
                if alias_budget < 0:
                    raise _Stop(
                        Problem(
                            _at(shown, mark),
                            f"aliases expand to more than {MAX_ALIAS_EXPANSION} values; "
                            "a fact file never needs that many",
                        )
                    )
                anchor = None
            elif kind is doc_start:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    raise _Stop(
                        Problem(
                            _at(shown, mark),
                            "a second YAML document ('---'); a fact file holds one",
                        )
                    )
                continue
            else:
                continue
            expanded += size
            if anchor is not None:
                anchors[anchor] = (node, size)
            append(node)
    finally:
        loader.dispose()
    return (top[0] if top else None), problems


def _tag_problem(tag: str, shown: str, mark: Any) -> Problem:
    return Problem(
        _at(shown, mark),
        f"tag '{tag_shorthand(tag)}' is not allowed: fact files hold plain text, numbers, "
        "dates, lists and mappings",
    )


def _at(shown: str, mark: Any) -> Location:
    """Return where a libyaml mark points, 1-based; just the file when there is no mark."""
    return Location(shown) if mark is None else Location(shown, mark.line + 1, mark.column + 1)
