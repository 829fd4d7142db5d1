"""Read a fact file's text: regular files only, within a size, as UTF-8, without hidden controls.

Anything else named like a fact file (a folder, a FIFO, a socket, a device, a symlink that
leads nowhere or to itself) is one problem naming the file. Only a regular file is ever
opened, so a FIFO cannot make a check or a build wait for ever.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from quizgen.errors import Location, Problem
from quizgen.factfiles.characters import scan
from quizgen.factfiles.layout import SOURCES_FILE, TEMPLATES_FILE

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Fact files larger than this are refused before they are parsed."""

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)

# Open without waiting: should a FIFO replace the file between the check and the opening,
# opening it must not block until some writer comes.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def display_path(path: Path) -> str:
    """Return `path` as a user would type it: relative to the current folder when possible.

    Bytes of a file name that are not UTF-8 show as escapes (`\\xff`), so the name can be
    printed on any terminal.
    """
    shown = str(path)
    if path.is_absolute() and path.is_relative_to(Path.cwd()):
        shown = str(path.relative_to(Path.cwd()))
    if _has_surrogates(shown):
        return os.fsencode(shown).decode("utf-8", "backslashreplace")
    return shown


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def name_problem(path: Path, shown: str) -> Problem | None:
    """Return a problem when a file's name is not UTF-8 text, or None when it is."""
    if _has_surrogates(path.name):
        return Problem(
            Location(shown), "the file name is not UTF-8; rename it with letters your system shows"
        )
    return None


_ROLES = {
    SOURCES_FILE: "the sources file",
    TEMPLATES_FILE: TEMPLATES_FILE,
    ".yaml": "a fact file",
    ".apkg": "a deck file",
}
"""What a file is to quizgen, by its name or else its suffix, as a problem words it."""


def not_a_file(path: Path, what: str | None = None) -> Problem:
    """Return the problem of a path found not to be a regular file, in `not_regular`'s words.

    `what` says what quizgen reads there; by default it follows from the name (the sources
    file, templates.yaml, a fact file, a deck file, else the name itself). For callers that
    found out on their own, such as a build digesting its files, so both say it alike.
    """
    if what is None:
        what = _ROLES.get(path.name) or _ROLES.get(path.suffix) or path.name
    shown = display_path(path)
    return not_regular(path, shown, what) or Problem(Location(shown), "is not a regular file")


def not_regular(path: Path, shown: str, what: str = "a fact file") -> Problem | None:
    """Return why `path` cannot be read as a file (missing, a FIFO, a loop), or None if it can."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        return Problem(Location(shown), _os_reason(path, error))
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return Problem(Location(shown), f"is {kind}, not a regular file; {what} must be a file")


def _os_reason(path: Path, error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "is a symbolic link that leads back to itself"
    if error.errno == errno.ENOENT and path.is_symlink():
        return f"is a symbolic link to {os.readlink(path)}, which does not exist"
    if error.errno == errno.ENOENT:
        return "no such file or folder"
    if error.errno == errno.EACCES:
        return "cannot be read: permission denied"
    return f"cannot be read: {error.strerror or error}"


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """Read a fact file as UTF-8 text, refusing huge files, bad bytes and hidden controls."""
    problem = name_problem(path, shown) or not_regular(path, shown)
    if problem is not None:
        return None, [problem]
    try:
        with os.fdopen(os.open(path, _OPEN_FLAGS), "rb") as file:
            status = os.fstat(file.fileno())
            if not stat.S_ISREG(status.st_mode):  # replaced since it was looked at
                return None, [Problem(Location(shown), "is not a regular file")]
            size = status.st_size
            if size > MAX_FILE_BYTES:
                limit = MAX_FILE_BYTES // (1024 * 1024)
                return None, [
                    Problem(
                        Location(shown),
                        f"file is {size / (1024 * 1024):.1f} MB; "
                        f"fact files are limited to {limit} MB",
                    )
                ]
            data = file.read()
    except OSError as error:
        return None, [Problem(Location(shown), _os_reason(path, error))]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        byte = data[error.start]
        return None, [
            Problem(
                Location(shown, line, col),
                f"not UTF-8: byte 0x{byte:02x} at offset {error.start} cannot be decoded; "
                "save the file as UTF-8",
            )
        ]
    text = text.removeprefix("\ufeff")
    problems = list(scan(text, shown))
    return (None if problems else text), problems
