"""Text for the terminal: inert (no markup, no control codes), wrapped under its own
indent, and printable on any output encoding."""

from __future__ import annotations

import codecs
import sys
import textwrap

from quizgen.language.fold import strip_accents

__all__ = ["fit_stdio", "hanging", "plain", "safe"]

_CONTROL = {code: 0x2400 + code for code in range(0x20) if chr(code) not in "\t\n"}
_CONTROL[0x7F] = 0x2421
_CONTROL.update(dict.fromkeys(range(0x80, 0xA0), 0xFFFD))


def plain(text: str) -> str:
    """Make text from fact files or replies safe to print without markup.

    A control character (an escape sequence could recolour or retitle the terminal) is
    shown as its Unicode control picture, ESC as ␛.
    """
    return text.translate(_CONTROL)


def safe(text: str) -> str:
    """Make text from fact files or replies safe to print as rich markup."""
    from rich.markup import escape  # here, not above: `quizgen build` never prints markup

    return escape(plain(text))


def hanging(lead: str, text: str, width: int | None) -> list[str]:
    """Return `lead` + `text` as lines at most `width` wide, continued under the text's start.

    "  1. a long option" wraps to "     option"; with no width, the text is one line.
    """
    if width is None:
        return [lead + text]
    indent = " " * len(lead)
    lines: list[str] = []
    for number, paragraph in enumerate(text.split("\n")):
        lines += textwrap.wrap(
            paragraph,
            width=max(width, len(lead) + 20),
            initial_indent=lead if number == 0 else indent,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        ) or [lead if number == 0 else ""]
    return lines


_ASCII = {
    "→": "->",
    "·": "-",
    "…": "...",
    "–": "-",
    "—": "-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "✔": "+",
    "✘": "x",
    "≈": "~",
    "½": "1/2",
    "█": "#",
    "␛": "^[",
}


def _fold_unencodable(error: UnicodeError) -> tuple[str, int]:
    """Write what an encoding cannot hold as near as it can: Khürelsükh as Khurelsukh."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    made = []
    for char in error.object[error.start : error.end]:
        if char in _ASCII:
            made.append(_ASCII[char])
            continue
        bare = strip_accents(char)
        made.append(bare if bare.isascii() and bare else "?")
    return "".join(made), error.end


codecs.register_error("quizgen-fold", _fold_unencodable)


def fit_stdio() -> None:
    """Let standard output print any fact and standard input read any reply, whatever
    their encoding (`PYTHONIOENCODING=ascii`): what cannot be written is folded, input is
    read as UTF-8 with what cannot be read replaced, never a traceback."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and not _holds_unicode(stream.encoding):
            reconfigure(errors="quizgen-fold")
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None and not _holds_unicode(sys.stdin.encoding):
        # Bytes an ASCII decoder refuses are most likely UTF-8 typed on a modern terminal.
        reconfigure(encoding="utf-8", errors="replace")


def _holds_unicode(encoding: str | None) -> bool:
    return bool(encoding) and codecs.lookup(encoding or "ascii").name.startswith("utf")
