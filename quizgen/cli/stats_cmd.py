"""The stats command: accuracy by deck, type and style, cards due, and answers by day."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from quizgen.cli._common import handle_errors, plural
from quizgen.cli.terminal_text import plain, safe

if TYPE_CHECKING:
    from quizgen.progress.stats import Accuracy, Stats


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("stats")(stats)


@handle_errors
def stats(
    db: Path | None = typer.Option(
        None,
        "--db",
        metavar="FILE",
        help="Progress file (default: $QUIZGEN_DB, else progress.sqlite in your data folder).",
    ),
    facts: Path | None = typer.Option(
        None,
        "--facts",
        metavar="DIR",
        help="Folder of fact files: count cards never answered, skip cards since removed.",
    ),
    templates: Path | None = typer.Option(
        None, "--templates", metavar="FILE", help="Card templates file overriding the defaults."
    ),
) -> None:
    """Show accuracy by deck and type, cards due over the next 7 days, and a chart.

    Example: quizgen stats --facts facts
    """
    from quizgen.cli.terminal_text import fit_stdio
    from quizgen.progress.store import default_db_path
    from quizgen.quiz.stats import progress_stats

    fit_stdio()
    path = db or default_db_path()
    figures = progress_stats(path, facts, templates, now=dt.datetime.now().astimezone())
    _show_stats(figures, path, facts)


def _show_stats(figures: Stats, path: Path, facts: Path | None) -> None:
    from rich.console import Console

    interactive = sys.stdout.isatty()
    console = (
        Console(highlight=False)
        if interactive
        else Console(highlight=False, color_system=None, force_terminal=False, width=100)
    )

    def out(text: str) -> None:
        console.print(plain(text), markup=False, soft_wrap=not interactive)

    new = "" if figures.new_cards is None else f", {figures.new_cards} never answered"
    out(
        f"{plural(figures.answers, 'answer')} in {plural(figures.sessions, 'session')}; "
        f"{plural(figures.cards_seen, 'card')} seen{new}."
    )
    out(f"Progress file: {path}")
    if figures.left_out:
        decks = ", ".join(figures.left_out_decks)
        out(
            f"Left out: {plural(figures.left_out, 'answer')} to facts not in {facts} "
            f"(decks: {decks})."
        )
    for title, rows in (
        ("Accuracy by deck", figures.by_deck),
        ("Accuracy by fact type", figures.by_type),
        ("Accuracy by question style", figures.by_style),
    ):
        out("")
        if interactive:
            from rich.table import Table

            table = Table(title=title, title_justify="left")
            table.add_column(title.rsplit(" ", 1)[-1].capitalize())
            table.add_column("Answers", justify="right")
            table.add_column("Right", justify="right")
            table.add_column("Accuracy", justify="right")
            for row in rows:
                table.add_row(
                    safe(row.label), str(row.answers), f"{row.right:g}", f"{row.ratio:.0%}"
                )
            console.print(table)
        else:
            out(title)
            out(_plain_table(rows))
    out("")
    out("Due over the next 7 days")
    out(_bars([(_day(d, i == 0), n) for i, (d, n) in enumerate(figures.due_by_day)]))
    out("")
    out("Answers over the last 7 days")
    count = len(figures.answers_by_day)
    out(_bars([(_day(d, i == count - 1), n) for i, (d, n) in enumerate(figures.answers_by_day)]))


def _day(day: dt.date, today: bool) -> str:
    return "today" if today else day.strftime("%a %d %b")


def _plain_table(rows: Sequence[Accuracy]) -> str:
    if not rows:
        return "  (no answers yet)"
    width = max(len(plain(row.label)) for row in rows)
    lines = [f"  {'':{width}}  answers  right  accuracy"]
    for row in rows:
        label = plain(row.label)
        lines.append(f"  {label:{width}}  {row.answers:7d}  {row.right:5g}  {row.ratio:8.0%}")
    return "\n".join(lines)


BAR_WIDTH = 30


def _bars(rows: Sequence[tuple[str, int]]) -> str:
    """Draw counts as horizontal bars of block characters, the largest BAR_WIDTH wide."""
    largest = max((n for _, n in rows), default=0)
    width = max((len(label) for label, _ in rows), default=0)
    lines = []
    for label, n in rows:
        eighths = round(n / largest * BAR_WIDTH * 8) if largest else 0
        if n and not eighths:
            eighths = 1
        full, part = divmod(eighths, 8)
        bar = "█" * full + (" ▏▎▍▌▋▊▉"[part] if part else "")
        lines.append(f"  {label:>{width}} {bar.strip() or '·'} {n}")
    return "\n".join(lines)
