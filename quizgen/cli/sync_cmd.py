"""Commands: sync."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from quizgen.cli._common import handle_errors, plural

if TYPE_CHECKING:
    from quizgen.anki.sync import SyncReport


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("sync")(sync)


@handle_errors
def sync(
    facts_dir: Path = typer.Option(
        Path("facts"), "--facts", metavar="DIR", help="The facts folder."
    ),
    collection: Path | None = typer.Option(
        None,
        "--collection",
        metavar="PATH",
        help="The Anki collection file (collection.anki2) to sync into.",
    ),
    profile: str | None = typer.Option(
        None,
        "--profile",
        metavar="NAME",
        help="Sync into this Anki profile's collection, in Anki's usual data folder.",
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would change; write nothing."),
    keep_removed: bool = typer.Option(
        False,
        "--keep-removed",
        help="Keep the notes of removed facts and the cards of kinds no longer made.",
    ),
    templates_file: Path | None = typer.Option(
        None,
        "--templates",
        metavar="FILE",
        help="Card templates overriding the shipped ones and the facts folder's templates.yaml.",
    ),
) -> None:
    """Sync the facts straight into your own Anki collection (close Anki first).

    Adds new notes, updates changed ones in place (their scheduling and review history are
    kept), deletes the notes of removed facts and the cards of kinds no longer made, moves
    cards to their fact's deck, and moves the cards of an older quizgen's one-note-per-card
    notes onto the new notes. A backup is made first with Anki's own backup. Needs Anki's
    engine: pip install 'quizgen[anki]'.

    Example: quizgen sync --profile "User 1" --dry-run
    """
    from quizgen.anki import sync as syncing
    from quizgen.anki.collection import profile_collection
    from quizgen.build import run as building

    if (collection is None) == (profile is None):
        raise typer.BadParameter("give either --collection PATH or --profile NAME")
    path = collection if collection is not None else profile_collection(str(profile))
    report = syncing.sync(
        facts_dir,
        path,
        build_decks=functools.partial(building.build, templates=templates_file),
        dry_run=dry_run,
        keep_removed=keep_removed,
    )
    for line in format_report(report):
        typer.echo(line)


def format_report(report: SyncReport) -> list[str]:
    """Return the sync report as lines: the backup, one line per deck, then the migration."""
    lines = []
    if report.backup is not None:
        lines.append(f"backup: {report.backup}")
    for deck in report.decks:
        removed = "kept (removed from the facts)" if report.keep_removed else "removed"
        counts = [
            f"{value} {label}"
            for value, label in (
                (deck.new, "new"),
                (deck.changed, "changed"),
                (deck.unchanged, "unchanged"),
                (deck.moved, "moved"),
                (deck.removed, removed),
                (deck.removed_cards, f"cards {removed}"),
            )
            if value
        ]
        lines.append(f"{deck.name}: {', '.join(counts) or 'no notes'}")
        if deck.removed_notes:
            lines.append(f"  {removed}: {', '.join(sorted(set(deck.removed_notes)))}")
    for name in report.notetypes_updated:
        lines.append(f'note type "{name}" updated in place')
    carried = report.carried
    if report.migrated_notes:
        if report.dry_run:
            lines.append(
                f"{plural(report.migrated_notes, 'note')} of the older one-note-per-card layout "
                f"({carried.reviewed} with reviews) would hand their cards and review history "
                "to the new notes and be removed"
            )
        else:
            lines.append(
                f"moved {plural(carried.cards, 'card')} ({carried.reviewed} with reviews) from "
                f"{plural(report.migrated_notes, 'note')} of the older one-note-per-card layout "
                "onto the new notes, with their scheduling and review history, and removed "
                "the old notes"
            )
        if carried.kind_dropped:
            lines.append(
                f"  {plural(carried.kind_dropped, 'old card')} of kinds the facts no longer "
                "make were removed with their history"
            )
        if carried.already_reviewed:
            lines.append(
                f"  {plural(carried.already_reviewed, 'old card')} removed: the new note's "
                "card of that kind already had reviews of its own, which are kept"
            )
    if not report.changed:
        lines.append(f"{report.collection} is up to date")
    if report.dry_run:
        lines.append("dry run: nothing was written")
    return lines
