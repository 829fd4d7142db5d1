"""Say what to write for the YAML syntax errors people make most when writing by hand.

libyaml names what it expected, not what was meant: a key indented one space too far reads
to it as text going on over two lines, then a ':' where none may be. The advice here looks at
the lines around the error to say which line to move and what to line it up with.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# A line holding a key: any '- ' of list items first, then a plain key with no spaces.
_KEY_LINE = re.compile(r"( *)((?:- +)*)([^\s'\"#\[\]{},:&*!|>%@`-][^\s:]*) *:(?: |$)")
_ITEM_LINE = re.compile(r" *- ")
# What YAML takes for a line break, so that line numbers agree with libyaml's.
_UNEXPECTED_LINE = ("did not find expected key", "did not find expected '-' indicator")
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


class _Line(NamedTuple):
    """A line of the file as the advice needs it: its number, and its key's column."""

    number: int
    key: str
    col: int


def syntax_hint(text: str, problem: str, line: int, col: int) -> str:
    """Return advice, after a '; ', for a syntax error at 0-based `line` and `col` (or "")."""
    lines = _LINE_BREAK.split(text)
    if line >= len(lines):
        return ""
    char = lines[line][col : col + 1]
    if char == "\t":
        return "; YAML indents with spaces, not tabs"
    if char in ("@", "`"):
        return f"; put text that starts with '{char}' in quotes"
    if problem.startswith("mapping values are not allowed"):
        return _misplaced_key(lines, line, col) or "; put text that contains ': ' in quotes"
    # libyaml points these at the first character of the line it did not expect.
    if problem in _UNEXPECTED_LINE and not lines[line][:col].strip():
        return _misplaced_line(lines, line)
    return ""


def _misplaced_key(lines: list[str], line: int, col: int) -> str:
    """Return advice when the ':' at fault ends a key on a line indented unlike its neighbour.

    libyaml reads a key indented more than the key above as more of that key's text, and
    stops at its ':'.
    """
    here = _key_line(lines, line)
    if here is None or lines[line].find(":") != col:
        return ""  # the ':' at fault is in the value: text to quote
    above = _previous(lines, line)
    if above is None or above.col == here.col:
        return ""
    before = _previous(lines, above.number - 1)
    if before is not None and before.col == here.col:
        # This line lines up with the one before the line above: that line is the odd one.
        side = "more" if above.col > here.col else "less"
        return (
            f"; line {above.number} is indented {side} than the lines around it: "
            f"line '{above.key}' up with '{before.key}'"
        )
    return _line_up(lines, here, above)


def _misplaced_line(lines: list[str], line: int) -> str:
    """Return advice for a key or list item that libyaml found where it expected another."""
    if _ITEM_LINE.match(lines[line]):
        dash = lines[line].index("-")
        items = [
            (number, row.index("-"))
            for number, row in enumerate(lines[:line], 1)
            if _ITEM_LINE.match(row)
        ]
        if not items:
            return ""
        # The item whose '-' is nearest in column, and of those the nearest line.
        number, item_dash = min(reversed(items), key=lambda item: abs(item[1] - dash))
        if item_dash == dash:
            return ""
        side = "more" if dash > item_dash else "less"
        return (
            f"; line {line + 1} is indented {side} than the item on {_where(lines, line, number)}: "
            f"line its '-' up with line {number}'s '-'"
        )
    here = _key_line(lines, line)
    if here is None:
        return ""
    keys = [key for number in range(line) if (key := _key_line(lines, number)) is not None]
    if not keys:
        return ""
    other = min(reversed(keys), key=lambda key: abs(key.col - here.col))
    return "" if other.col == here.col else _line_up(lines, here, other)


def _line_up(lines: list[str], here: _Line, other: _Line) -> str:
    """Return the advice to line the key of `here` up with the key of `other`."""
    side = "more" if here.col > other.col else "less"
    where = _where(lines, here.number - 1, other.number)
    if _ITEM_LINE.match(lines[other.number - 1]):
        where = f"'{other.key}' on {where}"  # the line starts left of its key
    return (
        f"; line {here.number} is indented {side} than {where}: "
        f"line '{here.key}' up with '{other.key}'"
    )


def _where(lines: list[str], line: int, number: int) -> str:
    """Return how to name line `number` as seen from 0-based `line`: "the line above it"."""
    above = next((n for n in range(line - 1, -1, -1) if _content(lines[n])), None)
    return "the line above it" if above is not None and above + 1 == number else f"line {number}"


def _previous(lines: list[str], line: int) -> _Line | None:
    """Return the key line just above 0-based `line`, past blank lines and comments."""
    for number in range(line - 1, -1, -1):
        if _content(lines[number]):
            return _key_line(lines, number)
    return None


def _key_line(lines: list[str], line: int) -> _Line | None:
    """Return the key written on 0-based `line`, or None when the line holds no key."""
    found = _KEY_LINE.match(lines[line])
    if found is None:
        return None
    return _Line(line + 1, found.group(3), found.start(3))


def _content(line: str) -> bool:
    """Tell whether a line holds more than spaces and a comment."""
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")
