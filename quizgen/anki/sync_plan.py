"""Plan a sync: compare the notes a build made with quizgen's notes in a collection.

Reading only, through Anki's engine: which notes are new, changed, unchanged, moved to another
deck or removed, which cards are of kinds no longer made, which old-layout notes hand their
cards over (`quizgen.anki.migration`), and which of quizgen's note types changed design.
"""

from __future__ import annotations

import html
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizgen.anki.apkg_reader import BuiltNote, BuiltPackage
from quizgen.anki.migration import (
    FACT_ID_FIELD,
    KIND_FIELD,
    LEGACY_NOTETYPE_IDS,
    Legacy,
    LegacyTarget,
    derived_guid,
)
from quizgen.anki.notetypes import MODEL_IDS


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
class QuizgenNote:
    """One note of one of quizgen's note types, as the collection holds it."""

    note_id: int
    guid: str
    notetype_id: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    home_decks: tuple[str, ...]
    card_ords: tuple[int, ...]
    reviewed: int
    """How many of its cards have been studied."""
    label: str
    """What the report calls the note: its fact id, with the card kind for an old-layout note."""
    mod: int

    @property
    def top_deck(self) -> str:
        """Return the top-level deck of the note's first card's home deck."""
        return self.home_decks[0].split("::", 1)[0] if self.home_decks else ""


@dataclass
class SyncPlan:
    """What a sync will do: changes per top-level deck and what to import, remove and move."""

    decks: dict[str, DeckChanges]
    """The changes of each top-level deck, by its name casefolded."""
    imports: dict[Path, list[str]]
    """The GUIDs of the notes to import from each built package: new and changed ones."""
    newest: int
    """The latest modification time (seconds) of quizgen's notes in the collection."""
    notetypes_updated: list[str]
    removals: list[QuizgenNote]
    moves: list[tuple[QuizgenNote, str]]
    card_removals: dict[str, set[int]]
    """The ordinals of the cards of kinds no longer made, by note GUID."""
    anki_tags: dict[str, set[str]]
    """The tags of Anki's own (`ANKI_TAGS`) each wanted note must keep or take over from the
    old-layout notes it replaces, by GUID: an import would drop them."""
    legacy: list[tuple[int, LegacyTarget]]
    """Each old-layout note (by id) whose card moves to a new note."""
    legacy_reviewed: int
    """How many of those notes' cards have been studied."""
    notetype_ids: list[int]
    known: set[str]
    """Every GUID the current facts give, in either layout."""
    type_changes: list[tuple[str, int]] = field(default_factory=list)
    """Each fact whose note in the collection is of another note type, with that type's id:
    Anki would not take the note, so the sync refuses them."""

    def changes(self, *, keep_removed: bool) -> bool:
        """Return whether carrying the plan out changes the collection."""
        return bool(
            any(self.imports.values())
            or self.moves
            or self.legacy
            or ((self.removals or self.card_removals) and not keep_removed)
        )


def deck_name(col: Any, deck_id: int) -> str:
    """Return the full name of a collection's deck."""
    return str(col.decks.name(deck_id))


def quizgen_notes(
    col: Any, notetype_ids: Iterable[int], known: Container[str]
) -> dict[str, QuizgenNote]:
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
            decks = sorted({deck_name(col, card.current_deck_id()) for card in cards})
            notes[note.guid] = QuizgenNote(
                note_id=int(note.id),
                guid=note.guid,
                notetype_id=notetype_id,
                fields=tuple(note.fields),
                tags=tuple(note.tags),
                home_decks=tuple(decks),
                card_ords=tuple(sorted(card.ord for card in cards)),
                reviewed=sum(card.type != 0 or card.reps > 0 for card in cards),
                label=_label(fields) or note.guid,
                mod=int(note.mod),
            )
    return notes


def _label(fields: Mapping[str, str]) -> str:
    fact_id = html.unescape(fields.get(FACT_ID_FIELD, ""))
    kind = fields.get(KIND_FIELD)
    return f"{fact_id}/{kind}" if fact_id and kind else fact_id


ANKI_TAGS = frozenset({"marked", "leech"})
"""The tags Anki itself puts on notes (Mark Note, leech detection): the user's, not quizgen's,
so a sync keeps them and does not count them as a change."""


def anki_tags(tags: Iterable[str]) -> set[str]:
    """Return the tags among `tags` that Anki itself puts on notes (`ANKI_TAGS`)."""
    return {tag for tag in tags if tag.casefold() in ANKI_TAGS}


def _same_tags(have: Iterable[str], built: Iterable[str]) -> bool:
    # Anki gives a tag the case of the same tag already in the collection.
    kept = [t.casefold() for t in have if t.casefold() not in ANKI_TAGS]
    return sorted(kept) == sorted(t.casefold() for t in built)


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


def plan_sync(col: Any, packages: Sequence[BuiltPackage], legacy: Legacy) -> SyncPlan:
    """Compare the built packages' notes with quizgen's notes in `col`; change nothing."""
    built_types = {key: model for package in packages for key, model in package.notetypes.items()}
    known = {note.guid for package in packages for note in package.notes} | legacy.guids
    # Every note type of quizgen's, built this time or not: a fact type whose last fact went.
    notetype_ids = [*built_types, *MODEL_IDS.values(), *LEGACY_NOTETYPE_IDS]
    existing = quizgen_notes(col, notetype_ids, known)
    newest = max((note.mod for note in existing.values()), default=0)
    plan = SyncPlan(
        decks={},
        imports={},
        newest=newest,
        notetypes_updated=[],
        removals=[],
        moves=[],
        card_removals={},
        anki_tags={},
        legacy=[],
        legacy_reviewed=0,
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
            if have.notetype_id != note.notetype_id:
                plan.type_changes.append((html.unescape(note.fields[-1]), have.notetype_id))
                continue
            if anki_tags(have.tags):
                plan.anki_tags.setdefault(note.guid, set()).update(anki_tags(have.tags))
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
            target = legacy.targets[guid]
            plan.legacy.append((have.note_id, target))
            plan.legacy_reviewed += have.reviewed
            if anki_tags(have.tags):
                plan.anki_tags.setdefault(target.guid, set()).update(anki_tags(have.tags))
            continue
        changes = deck(have.top_deck)
        changes.removed += 1
        if have.label not in changes.removed_notes:
            changes.removed_notes.append(have.label)
        plan.removals.append(have)
    return plan
