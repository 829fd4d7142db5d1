"""Commands: build."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from quizgen.cli._common import handle_errors, plural

if TYPE_CHECKING:
    from quizgen.build.run import BuildReport, DeckReport, ProgressCallback


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("build")(build)


@handle_errors
def build(
    facts_dir: Path = typer.Option(
        Path("facts"), "--facts", metavar="DIR", help="The facts folder."
    ),
    out_dir: Path = typer.Option(
        Path("decks"), "--out", metavar="DIR", help="The deck folder to write .apkg files into."
    ),
    deck: str | None = typer.Option(
        None, "--deck", metavar="NAME", help="Build only this top-level deck."
    ),
    templates_file: Path | None = typer.Option(
        None,
        "--templates",
        metavar="FILE",
        help="Card templates overriding the shipped ones and the facts folder's templates.yaml.",
    ),
    force: bool = typer.Option(
        False, "--force", help="Rebuild every deck, even those whose inputs did not change."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would change; write nothing."),
    check: bool = typer.Option(
        False,
        "--check",
        help="Exit 1 when the deck folder is not what a build would write (for CI).",
    ),
    adopt: bool = typer.Option(
        False,
        "--adopt",
        help="Build into a deck folder last built from another facts folder, replacing its decks.",
    ),
    wait: float = typer.Option(
        60.0,
        "--wait",
        metavar="SECONDS",
        min=0,
        help="How long to wait for another build into the same folder.",
    ),
) -> None:
    """Build one Anki deck (.apkg) per top-level deck; report what changed since last time.

    Only decks whose facts or templates changed are written; a note's review history in Anki
    is kept because its identity is its fact id, never its text.

    Example: quizgen build --dry-run
    """
    from quizgen.build import run as building

    if check:
        result = building.check_build(facts_dir, out_dir, templates=templates_file, adopt=adopt)
        if not result.ok:
            for problem in result.problems:
                typer.echo(problem, err=True)
            typer.echo(
                f"{out_dir} is not what `quizgen build` would write; run it and commit the result",
                err=True,
            )
            raise typer.Exit(1)
        typer.echo(f"{out_dir} is up to date with {facts_dir}")
        return

    with _progress_bar() as progress:
        report = building.build(
            facts_dir,
            out_dir,
            deck=deck,
            force=force,
            dry_run=dry_run,
            templates=templates_file,
            adopt=adopt,
            progress=progress,
            on_wait=lambda message: typer.echo(message, err=True),
            lock_timeout=wait,
        )
    for line in format_report(report):
        typer.echo(line)


def format_report(report: BuildReport) -> list[str]:
    """Return the build report as lines: one per deck, then removed and moved notes and what
    to do about them in Anki."""
    lines = []
    if report.stale_files_removed:
        lines.append(
            f"removed {len(report.stale_files_removed)} temporary file(s) "
            "left by an interrupted build"
        )
    for deck in report.decks:
        lines.append(_deck_line(deck))
        if deck.replaced is not None:
            replaced = deck.replaced
            lines.append(
                f"  replaced {plural(replaced.notes, 'note')} of an older quizgen (one per card) "
                f"with one note per fact for {plural(len(replaced.fact_ids), 'fact')}; "
                f"find the old ones in Anki: {replaced.search}"
            )
        for fact in deck.removed:
            kinds = f" ({', '.join(fact.kinds)})" if fact.kinds else ""
            lines.append(f"  removed {fact.fact_id}{kinds}; find in Anki: {fact.search}")
            if fact.maybe_renamed_to:
                lines.append(
                    f"    renamed to {fact.maybe_renamed_to}? Then add "
                    f"`renamed_from: [{fact.fact_id}]` to it before you import: its notes "
                    "and their review history are kept"
                )
        for moved in deck.moved:
            source = f'"{moved.old_deck}"'
            if moved.old_file != moved.new_file:
                source += f" ({moved.old_file})"
            lines.append(
                f'  moved {plural(moved.notes, "note")} from {source} to "{moved.new_deck}"; '
                f"find their cards in Anki: {moved.search}"
            )
        for moved in deck.moved_out:
            lines.append(
                f'  moved {plural(moved.notes, "note")} to "{moved.new_deck}": importing '
                f"{moved.new_file} updates them in place; their cards stay in "
                f'"{moved.old_deck}", so deleting that deck in Anki would delete them'
            )
    if any(deck.removed for deck in report.decks):
        lines.append(
            "Anki's import never deletes notes: search for the removed ones above in the "
            "Browse window and delete them if you no longer want them."
        )
    if any(deck.replaced for deck in report.decks):
        lines.append(
            "Importing the new deck keeps the old notes beside the new ones: see "
            '"Moving from one note per card" in the README to carry their history over or '
            "delete them."
        )
    if any(deck.moved for deck in report.decks):
        lines.append(
            "Anki's import never moves cards between decks: once you have imported, search "
            "for the moved ones above in the Browse window, select them all and use "
            "Change Deck."
        )
    if not report.decks:
        lines.append("no decks: the facts folder has no facts")
    if report.dry_run:
        lines.append("dry run: nothing was written")
    return lines


def _deck_line(deck: DeckReport) -> str:
    counts = [
        f"{value} {label}"
        for value, label in (
            (deck.new, "new"),
            (deck.changed, "changed"),
            (deck.unchanged, "unchanged"),
            (deck.removed_notes, "removed"),
            (deck.moved_out_notes, "moved out"),
        )
        if value
    ]
    summary = ", ".join(counts) or "no notes"
    return f"{deck.name}: {deck.file} {deck.status.value} ({summary})"


@contextmanager
def _progress_bar() -> Iterator[ProgressCallback | None]:
    """Yield a progress callback that drives a rich bar on a terminal, or None elsewhere."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    # Redrawn on each step rather than by rich's refresh thread: no thread is left behind.
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
        auto_refresh=False,
    ) as bar:
        task = bar.add_task("building", total=None)
        bar.refresh()

        def update(description: str, done: int, total: int) -> None:
            bar.update(task, description=description, completed=done, total=total or None)
            bar.refresh()

        yield update
