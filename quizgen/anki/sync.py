"""Sync the notes a build makes straight into a user's Anki collection, with Anki's engine.

An `.apkg` import can only add and update notes. A sync also deletes the notes of removed
facts, moves the cards of facts moved to another deck, and hands the history of the older
one-note-per-card notes to the new notes (`quizgen.anki.migration`). In one pass:

1. read the notes the build made (`quizgen.anki.apkg_reader`) and quizgen's notes in the
   collection, and plan: new, changed, unchanged, moved, removed, note types changed;
2. back the collection up with Anki's own backup;
3. import a package of only the new and changed notes (Anki's importer adds and updates by
   GUID, keeps scheduling and review history, and updates quizgen's note types in place);
4. move old-layout cards onto the new notes, delete the notes of removed facts, and move
   cards whose deck is not their fact's deck.

A note is quizgen's when its note type is one of quizgen's and its GUID is one quizgen
derived (`quizgen.anki.migration.derived_guid`); nothing else in the collection is read for
a change or touched. Everything goes through the engine's API: no SQL writes.
"""

from __future__ import annotations

import html
import tempfile
import time
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizgen.anki.apkg_reader import BuiltNote, BuiltPackage, read_package, write_subset
from quizgen.anki.collection import (
    BACKUP_FOLDER,
    create_backup,
    open_collection,
    require_engine,
)
from quizgen.anki.migration import (
    FACT_ID_FIELD,
    KIND_FIELD,
    LEGACY_NOTETYPE_IDS,
    Carried,
    Legacy,
    LegacyTarget,
    derived_guid,
    legacy_notes,
    migrate,
)
from quizgen.anki.notetypes import MODEL_IDS
from quizgen.errors import SyncError


@dataclass
class DeckChanges:
    """What a sync does to the notes of one top-level deck."""

    name: str
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    moved: int = 0
    removed: int = 0
    removed_cards: int = 0
    removed_notes: list[str] = field(default_factory=list)
    """What goes: a removed fact's id, or `fact-id/kind` for a card kind no longer made."""


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


@dataclass(frozen=True)
class _Existing:
    """One note of one of quizgen's note types, as the collection holds it."""

    note_id: int
    guid: str
    notetype_id: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    home_decks: tuple[str, ...]
    card_ords: tuple[int, ...]
    label: str
    """What the report calls the note: its fact id, with the card kind for an old-layout note."""
    mod: int

    @property
    def top_deck(self) -> str:
        return self.home_decks[0].split("::", 1)[0] if self.home_decks else ""


@dataclass
class _Plan:
    decks: dict[str, DeckChanges]
    imports: dict[Path, list[str]]
    newest: int
    notetypes_updated: list[str]
    removals: list[_Existing]
    moves: list[tuple[_Existing, str]]
    card_removals: dict[str, set[int]]
    """The ordinals of the cards of kinds no longer made, by note GUID."""
    legacy: list[tuple[int, LegacyTarget]]
    notetype_ids: list[int]
    known: set[str]

    def changes(self, *, keep_removed: bool) -> bool:
        """Return whether carrying the plan out changes the collection."""
        return bool(
            any(self.imports.values())
            or self.moves
            or self.legacy
            or ((self.removals or self.card_removals) and not keep_removed)
        )


BuildDecks = Callable[[Path, Path], object]
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
        build_decks(Path(facts_dir), decks)
        packages = [read_package(path) for path in sorted(decks.glob("*.apkg"))]
        legacy = legacy_notes(load_fact_base(Path(facts_dir)), packages)
        with open_collection(collection) as opened:
            from anki.errors import AnkiException

            col = opened.col
            plan = _plan(col, packages, legacy)
            backup = None
            carried = Carried(planned=len(plan.legacy))
            if not dry_run and plan.changes(keep_removed=keep_removed):
                backup = create_backup(opened, collection.parent / BACKUP_FOLDER)
                try:
                    carried = _apply(col, plan, packages, Path(scratch), keep_removed=keep_removed)
                except AnkiException as error:
                    raise SyncError(
                        f"{collection}: Anki refused a change ({error}); the backup "
                        f"{backup} holds the collection as it was before this sync"
                    ) from error
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


def _deck_name(col: Any, deck_id: int) -> str:
    return str(col.decks.name(deck_id))


def _quizgen_notes(
    col: Any, notetype_ids: Iterable[int], known: Container[str]
) -> dict[str, _Existing]:
    """Return, by GUID, the notes of quizgen's note types whose GUIDs quizgen derived.

    A GUID in `known` (one the current facts give) is quizgen's; so is the GUID a note's own
    fact id gives it (a note of a fact removed since).
    """
    notes = {}
    for notetype_id in sorted(set(notetype_ids)):
        if col.models.get(notetype_id) is None:
            continue
        for note_id in col.find_notes(f"mid:{notetype_id}"):
            note = col.get_note(note_id)
            fields = dict(note.items())
            if note.guid not in known and derived_guid(fields) != note.guid:
                continue
            cards = note.cards()
            decks = sorted({_deck_name(col, card.current_deck_id()) for card in cards})
            notes[note.guid] = _Existing(
                note_id=int(note.id),
                guid=note.guid,
                notetype_id=notetype_id,
                fields=tuple(note.fields),
                tags=tuple(note.tags),
                home_decks=tuple(decks),
                card_ords=tuple(sorted(card.ord for card in cards)),
                label=_label(fields) or note.guid,
                mod=int(note.mod),
            )
    return notes


def _label(fields: Mapping[str, str]) -> str:
    fact_id = html.unescape(fields.get(FACT_ID_FIELD, ""))
    kind = fields.get(KIND_FIELD)
    return f"{fact_id}/{kind}" if fact_id and kind else fact_id


def _same_tags(left: Iterable[str], right: Iterable[str]) -> bool:
    # Anki gives a tag the case of the same tag already in the collection.
    return sorted(t.casefold() for t in left) == sorted(t.casefold() for t in right)


def _notetype_changed(col: Any, notetype_id: int, built: Mapping[str, Any]) -> bool:
    current = col.models.get(notetype_id)
    if current is None:
        return False

    def design(model: Mapping[str, Any]) -> tuple[object, ...]:
        return (
            model.get("type", 0),
            [f["name"] for f in model["flds"]],
            [(t["name"], t["qfmt"], t["afmt"]) for t in model["tmpls"]],
            model.get("css", ""),
        )

    return design(current) != design(built)


def _plan(col: Any, packages: Sequence[BuiltPackage], legacy: Legacy) -> _Plan:
    built_types = {key: model for package in packages for key, model in package.notetypes.items()}
    known = {note.guid for package in packages for note in package.notes} | legacy.guids
    # Every note type of quizgen's, built this time or not: a fact type whose last fact went.
    notetype_ids = [*built_types, *MODEL_IDS.values(), *LEGACY_NOTETYPE_IDS]
    existing = _quizgen_notes(col, notetype_ids, known)
    newest = max((note.mod for note in existing.values()), default=0)
    plan = _Plan(
        decks={},
        imports={},
        newest=newest,
        notetypes_updated=[],
        removals=[],
        moves=[],
        card_removals={},
        legacy=[],
        notetype_ids=notetype_ids,
        known=known,
    )

    def deck(name: str) -> DeckChanges:
        return plan.decks.setdefault(name.casefold(), DeckChanges(name))

    changed_types = {
        key for key, model in built_types.items() if _notetype_changed(col, key, model)
    }
    plan.notetypes_updated = sorted(built_types[key]["name"] for key in changed_types)
    wanted: dict[str, BuiltNote] = {}
    for package in packages:
        to_import = plan.imports.setdefault(package.path, [])
        for note in package.notes:
            wanted[note.guid] = note
            changes = deck(note.top_deck)
            have = existing.get(note.guid)
            if have is None:
                changes.new += 1
                to_import.append(note.guid)
                continue
            if have.fields != note.fields or not _same_tags(have.tags, note.tags):
                changes.changed += 1
                to_import.append(note.guid)
            elif note.notetype_id in changed_types:
                changed_types.discard(note.notetype_id)  # one note brings its type along
                changes.unchanged += 1
                to_import.append(note.guid)
            else:
                changes.unchanged += 1
            if [d.casefold() for d in have.home_decks] != [note.deck.casefold()]:
                changes.moved += 1
                plan.moves.append((have, note.deck))
            dropped = set(have.card_ords) - set(note.ords)
            if dropped:
                plan.card_removals[note.guid] = dropped
                changes.removed_cards += len(dropped)
                templates = col.models.get(have.notetype_id)["tmpls"]
                changes.removed_notes.extend(
                    f"{have.label}/{templates[ord_]['name'].casefold()}" for ord_ in sorted(dropped)
                )
    for guid, have in existing.items():
        if guid in wanted:
            continue
        if guid in legacy.targets:
            plan.legacy.append((have.note_id, legacy.targets[guid]))
            continue
        changes = deck(have.top_deck)
        changes.removed += 1
        if have.label not in changes.removed_notes:
            changes.removed_notes.append(have.label)
        plan.removals.append(have)
    return plan


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
    plan: _Plan,
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
    current = _quizgen_notes(col, plan.notetype_ids, plan.known)
    carried = migrate(
        col,
        plan.legacy,
        {guid: note.note_id for guid, note in current.items() if guid in wanted},
    )
    if not keep_removed:
        if plan.removals:
            col.remove_notes([note.note_id for note in plan.removals])
        _remove_cards(col, plan.card_removals, current)
    _move_cards(col, wanted, _quizgen_notes(col, plan.notetype_ids, wanted))
    return carried


def _remove_cards(
    col: Any, removals: Mapping[str, set[int]], current: Mapping[str, _Existing]
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


def _move_cards(col: Any, wanted: Mapping[str, str], current: Mapping[str, _Existing]) -> None:
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
            if _deck_name(col, card.current_deck_id()).casefold() == deck.casefold():
                continue
            if card.odid:
                card.odid = deck_id
                col.update_card(card)
            else:
                by_deck.setdefault(deck_id, []).append(card.id)
    for deck_id, card_ids in by_deck.items():
        col.set_deck(card_ids, deck_id)
