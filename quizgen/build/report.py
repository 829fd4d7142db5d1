"""What a build reports: per deck, its file, what happened to it and which notes changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizgen.model.facts import FactBase


class DeckStatus(StrEnum):
    """What a build did, or would do, with one deck's file."""

    UP_TO_DATE = "up to date"
    WRITTEN = "written"
    WOULD_WRITE = "would be written"
    DELETED = "deleted"
    WOULD_DELETE = "would be deleted"


@dataclass(frozen=True)
class RemovedFact:
    """A fact whose notes left a deck, with an Anki search that finds them in a collection."""

    fact_id: str
    kinds: tuple[str, ...]
    """The card kinds of the notes of an older quizgen, one note per card; empty for the
    fact's one note."""
    search: str
    maybe_renamed_to: str | None = None
    """A new fact with a similar id: perhaps a rename that lacks `renamed_from`."""

    @property
    def notes(self) -> int:
        """Return how many notes left: one per kind of an older quizgen's, or the one."""
        return len(self.kinds) or 1


@dataclass(frozen=True)
class ReplacedNotes:
    """Notes of an older quizgen (one note per card) that the facts' own notes replace.

    Anki's import keeps them beside the new notes, with their review history; `search` finds
    them in the deck: every note of quizgen's old note types there.
    """

    fact_ids: tuple[str, ...]
    notes: int
    search: str


@dataclass(frozen=True)
class MovedNotes:
    """Notes whose deck changed since the last build, from one deck to another.

    Anki's import updates these notes in place but never moves their cards: those stay in
    `old_deck`, where `search` finds them once the new deck file is imported.
    """

    old_deck: str
    new_deck: str
    old_file: Path
    """The `.apkg` the notes were in; another file than `new_file` when they changed
    top-level deck (the GUIDs stay, so importing `new_file` still updates them)."""
    new_file: Path
    fact_ids: tuple[str, ...]
    notes: int
    search: str


@dataclass(frozen=True)
class DeckReport:
    """Notes new, changed, unchanged and removed in one deck since the last build.

    `moved` are the notes now in this deck that were in another one (they also count as
    changed); `moved_out` those that were in this deck and now are in another top-level
    deck, so another file.
    """

    name: str
    file: Path
    status: DeckStatus
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: tuple[RemovedFact, ...] = ()
    moved: tuple[MovedNotes, ...] = ()
    moved_out: tuple[MovedNotes, ...] = ()
    replaced: ReplacedNotes | None = None

    @property
    def removed_notes(self) -> int:
        """Return how many notes left the deck."""
        return sum(fact.notes for fact in self.removed)

    @property
    def moved_out_notes(self) -> int:
        """Return how many notes went to another top-level deck."""
        return sum(group.notes for group in self.moved_out)


@dataclass(frozen=True)
class BuildReport:
    """What a build did (or, dry, would do) in the deck folder."""

    out_dir: Path
    decks: tuple[DeckReport, ...]
    dry_run: bool
    lock_file_changed: bool
    stale_files_removed: tuple[Path, ...] = ()
    facts: FactBase | None = None
    """The facts the build loaded; None when nothing had to be parsed."""

    @property
    def parsed(self) -> bool:
        """Return whether the build parsed the facts."""
        return self.facts is not None

    @property
    def files_changed(self) -> bool:
        """Return whether any deck file or the lock file was (or would be) written."""
        return self.lock_file_changed or any(
            deck.status is not DeckStatus.UP_TO_DATE for deck in self.decks
        )


@dataclass(frozen=True)
class CheckReport:
    """How the deck folder differs from what a build would write; empty when it matches."""

    out_dir: Path
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """Return whether the folder is exactly what a build would write."""
        return not self.problems


ProgressCallback = Callable[[str, int, int], None]
"""Called as a build goes with what it is doing, the steps done and the steps in this phase."""


def report_order(report: DeckReport) -> tuple[bool, str]:
    """Order decks by name, deleted ones last, however the build found them."""
    return report.status in (DeckStatus.DELETED, DeckStatus.WOULD_DELETE), report.name
