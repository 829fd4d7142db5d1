"""Characters no fact file may hold: controls that could act on a terminal or hide text.

A file is scanned as written (`scan`), which catches the characters typed into it; each value
is checked again once YAML has read it (`forbidden_in`), which catches the ones an escape
such as "\\e" or "\\u202E" in a double-quoted string makes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from quizgen.errors import Location, Problem

MAX_CHAR_PROBLEMS = 10
"""Forbidden characters reported per file before the rest are summed up."""

# NUL and other C0/C1 control characters (tab, line feed and carriage return are fine; ESC is
# among them); the bidirectional embedding, override and isolate controls that can make text
# display in an order different from the one it is stored in; the line and paragraph
# separators, which YAML counts as line breaks though editors do not (so every later line
# number would be off); and the non-characters U+FFFE and U+FFFF, which YAML refuses.
_IN_FILE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufffe\uffff]"
)

# In a value as YAML read it: the same, and a carriage return too (a file's own line breaks
# are read as line feeds, so one left in a value was written as an escape).
_IN_VALUE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufffe\uffff]"
)

# In a name that stands for one thing (an id, a deck, a tag): also the invisible left-to-right
# and right-to-left marks, which would make two names that look alike differ.
_IN_NAME = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufffe\uffff]"
)


def describe(char: str) -> str:
    """Return a character as a person can find it: `U+001B (ESCAPE)`."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    if not name and ord(char) < 0x20:
        name = _C0_NAMES.get(ord(char), "")
    return f"{code} ({name})" if name else code


_C0_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x1B: "ESCAPE", 0x0D: "CARRIAGE RETURN"}


def _why(char: str) -> str:
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069" or char in "\u200e\u200f":
        return "bidirectional control character"
    if char in "\u2028\u2029":
        return "line separator"
    if char in "\ufffe\uffff":
        return "non-character"
    return "control character"


def forbidden_in(text: str, *, identifier: bool = False) -> str | None:
    """Return why `text` cannot be a value (an `identifier`: id, deck, tag), or None if it can."""
    match = (_IN_NAME if identifier else _IN_VALUE).search(text)
    if match is None:
        return None
    char = match.group()
    return (
        f"{_why(char)} {describe(char)} is not allowed: it can change how text shows on "
        "a screen or hide what it says"
    )


def scan(text: str, shown: str) -> Iterator[Problem]:
    """Yield a problem for each forbidden character written in a file's text."""
    found = 0
    for match in _IN_FILE.finditer(text):
        found += 1
        if found > MAX_CHAR_PROBLEMS:
            continue
        line, col = line_col(text, match.start())
        char = match.group()
        if char == "\x00":
            message = "NUL byte (U+0000) in the file; fact files are text"
        elif char in "\u2028\u2029":
            name = unicodedata.name(char).lower()
            message = f"{name} U+{ord(char):04X} is not allowed: YAML reads it as a line break"
        elif char in "\ufffe\uffff":
            message = f"non-character {describe(char)} is not allowed in a fact file"
        elif _why(char) == "bidirectional control character":
            message = (
                f"bidirectional control character {describe(char)} is not allowed: it can "
                "make text display differently from what it says"
            )
        else:
            message = f"control character {describe(char)} is not allowed in a fact file"
        yield Problem(Location(shown, line, col), message)
    if found > MAX_CHAR_PROBLEMS:
        yield Problem(
            Location(shown),
            f"{found - MAX_CHAR_PROBLEMS} more forbidden characters not listed",
        )


def line_col(text: str, position: int) -> tuple[int, int]:
    """Return the 1-based line and column of a position in `text`."""
    line = text.count("\n", 0, position) + 1
    col = position - (text.rfind("\n", 0, position) + 1) + 1
    return line, col
