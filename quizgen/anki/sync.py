"""Sync the notes a build makes straight into a user's Anki collection, with Anki's engine.

An `.apkg` import can only add and update notes. A sync also deletes the notes of removed
facts, moves the cards of facts moved to another deck, and hands the history of the older
one-note-per-card notes to the new notes (`quizgen.anki.migration`). In one pass:

1. read the notes the build made (`quizgen.anki.apkg_reader`) and quizgen's notes in the
   collection, and plan (`quizgen.anki.sync_plan`): new, changed, unchanged, moved, removed,
   note types changed;
2. back the collection up with Anki's own backup;
3. import a package of only the new and changed notes (Anki's importer adds and updates by
   GUID, keeps scheduling and review history, and updates quizgen's note types in place);
4. move old-layout cards onto the new notes, delete the notes of removed facts and the cards
   of kinds no longer made, and move cards whose deck is not their fact's deck.

A note is quizgen's when its note type is one of quizgen's and its GUID is one quizgen
derived (`quizgen.anki.migration.derived_guid`); nothing else in the collection is read for
a change or touched. Everything goes through the engine's API: no SQL writes.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from quizgen.anki.apkg_reader import BuiltPackage, read_package, write_subset
from quizgen.anki.collection import (
    BACKUP_FOLDER,
    create_backup,
    open_collection,
    require_engine,
)
from quizgen.anki.migration import Carried, legacy_notes, migrate
from quizgen.anki.notetypes import type_change_problem
from quizgen.anki.sync_plan import (
    DeckChanges,
    QuizgenNote,
    SyncPlan,
    deck_name,
    plan_sync,
    quizgen_notes,
)
from quizgen.errors import FactError, SyncError

if TYPE_CHECKING:
    from quizgen.model.facts import FactBase


@dataclass(frozen=True)
class SyncReport:
    """What a sync did (or, in a dry run, would do) to a collection."""

    collection: Path
    decks: tuple[DeckChanges, ...]
    notetypes_updated: tuple[str, ...]
    backup: Path | None
    migrated_notes: int
    carried: Carried
    keep_removed: bool
    dry_run: bool

    @property
    def changed(self) -> bool:
        """Return whether the sync changes anything in the collection."""
        return bool(
            self.notetypes_updated
            or self.migrated_notes
            or any(
                d.new
                or d.changed
                or d.moved
                or ((d.removed or d.removed_cards) and not self.keep_removed)
                for d in self.decks
            )
        )


class Built(Protocol):
    """What building the decks tells a sync: the facts it loaded (None if it parsed none)."""

    @property
    def facts(self) -> FactBase | None:
        """Return the facts the build loaded."""


BuildDecks = Callable[[Path, Path], Built]
"""Build the decks of a facts folder (first argument) into a deck folder (second)."""


def sync(
    facts_dir: Path,
    collection: Path,
    *,
    build_decks: BuildDecks,
    dry_run: bool = False,
    keep_removed: bool = False,
) -> SyncReport:
    """Sync the facts of `facts_dir` into the Anki collection at `collection`.

    `build_decks` is `quizgen.build.run.build` (with any options): the decks are built into a
    temporary folder and read back, so a sync makes exactly the notes a build makes. Raise
    `SyncError` when the collection is missing, held open by another program or cannot be
    backed up (nothing is then written), `FactError` or `TemplateError` for invalid input.
    """
    from quizgen.factfiles.loader import load_fact_base

    require_engine()
    collection = Path(collection)
    if not collection.is_file():
        raise SyncError(f"{collection}: no such Anki collection")
    with tempfile.TemporaryDirectory(prefix="quizgen-sync-") as scratch:
        decks = Path(scratch) / "decks"
        built = build_decks(Path(facts_dir), decks)
        packages = [read_package(path) for path in sorted(decks.glob("*.apkg"))]
        # A build into a new folder loads every fact: the base is not read a second time.
        fact_base = built.facts or load_fact_base(Path(facts_dir))
        legacy = legacy_notes(fact_base, packages)
        with open_collection(collection) as opened:
            from anki.errors import AnkiException

            col = opened.col
            backup = None
            try:
                plan = plan_sync(col, packages, legacy)
                _refuse_type_changes(plan, fact_base)
                carried = Carried(planned=len(plan.legacy), reviewed=plan.legacy_reviewed)
                if not dry_run and plan.changes(keep_removed=keep_removed):
                    backup = create_backup(opened, collection.parent / BACKUP_FOLDER)
                    carried = _apply(col, plan, packages, Path(scratch), keep_removed=keep_removed)
            except AnkiException as error:
                raise SyncError(_refused(collection, error, backup)) from error
    return SyncReport(
        collection=collection,
        decks=tuple(sorted(plan.decks.values(), key=lambda d: d.name.casefold())),
        notetypes_updated=tuple(plan.notetypes_updated),
        backup=backup,
        migrated_notes=len(plan.legacy),
        carried=carried,
        keep_removed=keep_removed,
        dry_run=dry_run,
    )


def _refuse_type_changes(plan: SyncPlan, facts: FactBase) -> None:
    """Raise `FactError` for the facts whose notes in the collection are of another type."""
    problems = [
        type_change_problem(fact, old)
        for fact_id, old in plan.type_changes
        if (fact := facts.get(fact_id)) is not None
    ]
    if problems:
        raise FactError(problems)


def _refused(collection: Path, error: Exception, backup: Path | None) -> str:
    message = f"{collection}: Anki's engine failed: {error}"
    if backup is None:
        return message + "; nothing was changed"
    return message + f"; the backup {backup} holds the collection as it was before this sync"


def _import(col: Any, package: Path, *, notetypes_changed: bool) -> None:
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki.import_export_pb2 import (
        IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS,
        IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_NEVER,
    )

    options = ImportAnkiPackageOptions(
        merge_notetypes=notetypes_changed,
        update_notes=IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS,
        update_notetypes=(
            IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS
            if notetypes_changed
            else IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_NEVER
        ),
        with_scheduling=False,
        with_deck_configs=False,
    )
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package), options=options))


def _apply(
    col: Any,
    plan: SyncPlan,
    packages: Sequence[BuiltPackage],
    scratch: Path,
    *,
    keep_removed: bool,
) -> Carried:
    # Anki's importer updates a note only when its time differs from the collection's: two
    # syncs within one second would otherwise leave the second one's changes out.
    mod = max(int(time.time()), plan.newest + 1)
    for index, package in enumerate(packages):
        guids = plan.imports.get(package.path)
        if guids:
            subset = scratch / f"subset-{index}.apkg"
            write_subset(package, guids, subset, mod=mod)
            _import(col, subset, notetypes_changed=bool(plan.notetypes_updated))
    wanted = {note.guid: note.deck for package in packages for note in package.notes}
    current = quizgen_notes(col, plan.notetype_ids, plan.known)
    carried = migrate(
        col,
        plan.legacy,
        {guid: note.note_id for guid, note in current.items() if guid in wanted},
    )
    if not keep_removed:
        if plan.removals:
            col.remove_notes([note.note_id for note in plan.removals])
        _remove_cards(col, plan.card_removals, current)
    after = quizgen_notes(col, plan.notetype_ids, wanted)
    _restore_anki_tags(col, plan.anki_tags, after)
    _move_cards(col, wanted, after)
    return carried


def _restore_anki_tags(
    col: Any, wanted: Mapping[str, set[str]], current: Mapping[str, QuizgenNote]
) -> None:
    """Give each note back the tags of Anki's own (marked, leech) that the import dropped."""
    for guid, tags in wanted.items():
        if guid not in current or tags <= set(current[guid].tags):
            continue
        note = col.get_note(current[guid].note_id)
        note.tags = [*note.tags, *sorted(tags - set(note.tags))]
        col.update_note(note)


def _remove_cards(
    col: Any, removals: Mapping[str, set[int]], current: Mapping[str, QuizgenNote]
) -> None:
    """Delete the cards of kinds their facts no longer make (by note GUID and ordinal).

    Anki's import leaves such a card with an empty front; this is what its Empty Cards does.
    """
    card_ids = [
        card.id
        for guid, ords in removals.items()
        if guid in current
        for card in col.get_note(current[guid].note_id).cards()
        if card.ord in ords
    ]
    if card_ids:
        col.remove_cards_and_orphaned_notes(card_ids)


def _move_cards(col: Any, wanted: Mapping[str, str], current: Mapping[str, QuizgenNote]) -> None:
    """Put every card of each wanted note into its fact's deck (by GUID), as its home deck.

    A card in a filtered deck stays there with its home deck changed, as Anki's own Change
    Deck leaves it.
    """
    by_deck: dict[int, list[int]] = {}
    for guid, note in current.items():
        deck = wanted.get(guid)
        if deck is None or [d.casefold() for d in note.home_decks] == [deck.casefold()]:
            continue
        deck_id = col.decks.id(deck)
        for card in col.get_note(note.note_id).cards():
            if deck_name(col, card.current_deck_id()).casefold() == deck.casefold():
                continue
            if card.odid:
                card.odid = deck_id
                col.update_card(card)
            else:
                by_deck.setdefault(deck_id, []).append(card.id)
    for deck_id, card_ids in by_deck.items():
        col.set_deck(card_ids, deck_id)
