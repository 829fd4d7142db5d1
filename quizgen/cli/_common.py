"""What every command shares: the error handler and the consoles."""

from __future__ import annotations

import errno
import functools
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import ParamSpec, TypeVar

import typer

from quizgen.errors import QuizgenError


class FactTypeName(StrEnum):
    """The values of `quizgen.model.facts.FactType`, repeated so that start-up need not import the
    model (its dataclasses cost more than the rest of the CLI); a test keeps them equal."""

    DATE = "date"
    NAME = "name"
    FIGURE = "figure"
    AGREEMENT = "agreement"


def fact_type_name(value: str | None) -> str | None:
    """Check a `--type` option: a fact type's name (any case), or a "did you mean" for a near
    miss."""
    if value is None:
        return None
    names = [name.value for name in FactTypeName]
    if value.lower() in names:
        return value.lower()
    from quizgen.language.suggest import did_you_mean

    raise typer.BadParameter(
        f"'{value}' is not a fact type{did_you_mean(value.lower(), names)}; "
        f"types: {', '.join(names)}"
    )


def fact_type_names(values: list[str]) -> list[str]:
    """Check a repeatable `--type` option (see `fact_type_name`)."""
    return [name for value in values if (name := fact_type_name(value)) is not None]


P = ParamSpec("P")
R = TypeVar("R")


def plural(count: int, noun: str) -> str:
    """Return "1 card", "2 cards": the count and the noun, plural unless the count is one."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def handle_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn the project's own errors into a message on stderr and exit status 1."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except QuizgenError as error:
            typer.echo(str(error), err=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            raise typer.Exit(130) from None

    return wrapper


def run_writing_output(app: Callable[[], object]) -> None:
    """Run the app; when its output cannot be written (standard output closed, a full disk),
    say so in one line on stderr and exit 1. A reader that stopped reading (a closed pipe)
    gets no message."""
    if sys.stdout is None:
        _output_failed("it is closed")
    status: object = 0
    try:
        try:
            app()
        except SystemExit as exit_:
            status = exit_.code
        sys.stdout.flush()  # now, not at exit, where a failure is a traceback
    except OSError as error:
        if error.errno == errno.EPIPE:
            _silence_stdout()
            raise SystemExit(1) from None
        _output_failed(error.strerror or str(error))
    raise SystemExit(status)


def _output_failed(reason: str) -> None:
    _silence_stdout()
    if sys.stderr is not None:
        print(f"cannot write to standard output: {reason}.", file=sys.stderr)
    raise SystemExit(1)


def _silence_stdout() -> None:
    """Point standard output at the null device, so what is left in its buffer goes nowhere."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass
