"""The command-line interface: a thin skin over the library.

Only this package imports typer or rich, prompts, prints or exits. Each command module
registers its commands on `app`; heavy libraries are imported inside the commands so that
`quizgen --help` starts fast.
"""

from __future__ import annotations

import typer

from quizgen import __version__
from quizgen.cli import build_cmd, cards_cmd, facts_cmd, quiz_cmd, stats_cmd, sync_cmd
from quizgen.cli._common import run_writing_output

app = typer.Typer(
    name="quizgen",
    help="Turn curated facts in YAML into Anki decks and terminal quizzes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"quizgen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Turn curated facts in YAML into Anki decks and terminal quizzes."""


facts_cmd.register(app)
cards_cmd.register(app)
build_cmd.register(app)
quiz_cmd.register(app)
stats_cmd.register(app)
sync_cmd.register(app)


def main() -> None:
    """Run the quizgen command line."""
    run_writing_output(app)
