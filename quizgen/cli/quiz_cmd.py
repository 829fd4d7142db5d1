"""The quiz command: parse its options, run the quiz on the terminal, print how it went.

The quiz itself is `quizgen.quiz.run.run_quiz`; the terminal face is `quiz_screen`.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from quizgen.cli._common import fact_type_names, handle_errors


class QuizMode(StrEnum):
    """How to ask (mirrors `quizgen.quiz.session.Mode`, kept here so `--help` stays light)."""

    TYPED = "typed"
    CHOICE = "choice"
    MIXED = "mixed"


DEFAULT_QUESTIONS = 10
EXIT_INTERRUPTED = 130


def register(app: typer.Typer) -> None:
    """Add the quiz command to the app."""
    app.command("quiz")(quiz)


@handle_errors
def quiz(
    facts: Path = typer.Option(
        Path("facts"), "--facts", metavar="DIR", help="Folder of fact files.", show_default=True
    ),
    deck: list[str] = typer.Option(
        [],
        "--deck",
        metavar="DECK",
        help="Ask only this deck and its subdecks (repeat for more).",
    ),
    tag: list[str] = typer.Option(
        [], "--tag", metavar="TAG", help="Ask only facts with this tag (repeatable)."
    ),
    fact_type: list[str] = typer.Option(
        [],
        "--type",
        metavar="TYPE",
        help="Ask only facts of this type: date, name, figure or agreement (repeatable).",
        callback=fact_type_names,
    ),
    mode: QuizMode = typer.Option(
        QuizMode.TYPED,
        "--mode",
        help="typed answers, multiple choice, or a mix.",
        case_sensitive=False,
    ),
    number: int = typer.Option(
        DEFAULT_QUESTIONS, "-n", "--number", metavar="N", min=1, help="How many questions at most."
    ),
    due: bool = typer.Option(
        False, "--due", help="Ask the cards due for review first, then new ones."
    ),
    new_limit: int = typer.Option(
        20, "--new-limit", metavar="N", min=0, help="With --due: new cards a day at most."
    ),
    seed: int | None = typer.Option(
        None, "--seed", metavar="N", help="Seed for a repeatable order and choice of options."
    ),
    db: Path | None = typer.Option(
        None,
        "--db",
        metavar="FILE",
        help="Progress file (default: $QUIZGEN_DB, else progress.sqlite in your data folder).",
    ),
    templates: Path | None = typer.Option(
        None, "--templates", metavar="FILE", help="Card templates file overriding the defaults."
    ),
) -> None:
    """Quiz yourself in the terminal; every answer is kept and scheduled for review.

    Ctrl-D or Ctrl-C ends the quiz with its summary. Piped, it reads one reply per line.

    Example: quizgen quiz -n 10 --mode choice
    """
    from quizgen.cli.quiz_screen import Terminal
    from quizgen.cli.terminal_text import fit_stdio
    from quizgen.model.facts import FactType
    from quizgen.quiz.run import QuizRequest, run_quiz
    from quizgen.quiz.session import Mode

    fit_stdio()
    screen = Terminal.for_stdio()
    request = QuizRequest(
        facts=facts,
        templates=templates,
        decks=deck,
        tags=tag,
        types=[FactType(name) for name in fact_type],
        mode=Mode(mode.value),
        number=number,
        due=due,
        new_limit=new_limit,
        seed=seed,
        db=db,
    )
    outcome = run_quiz(request, screen)
    screen.show_outcome(outcome)
    if outcome.failure is not None:
        raise outcome.failure
    if outcome.interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)
