"""Hand the history of the older one-note-per-card notes to the one-note-per-fact notes.

Older quizgen decks made one note per card: note types "quizgen Q/A" and "quizgen Cloze",
fields `FactId` and `Kind`, and a GUID from the fact's identity id and the card kind. In a
synced collection each such note's card is moved onto the new note of its fact, as the
sibling card of its kind: the card keeps its id, so its scheduling, review log (which Anki
keys by card id), FSRS memory state and flags stay with it. The new note's fresh card of that
kind takes the old card's place on the old note, and the old note is deleted with it. All of
it goes through `Collection.update_cards` and `Collection.remove_notes`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from quizgen.anki.identity import identity_id, legacy_note_guid, note_guid

if TYPE_CHECKING:
    from quizgen.anki.apkg_reader import BuiltPackage
    from quizgen.model.facts import FactBase

LEGACY_NOTETYPE_IDS = (1_574_268_913, 1_574_268_914)
"""The ids of "quizgen Q/A" and "quizgen Cloze", the one-note-per-card note types."""

FACT_ID_FIELD = "FactId"
KIND_FIELD = "Kind"


def derived_guid(fields: Mapping[str, str]) -> str | None:
    """Return the GUID quizgen gives a note with these fields (by name), or None.

    It is the GUID from the note's own fact id (and kind): a note of a fact renamed since has
    another, and is recognised by the GUIDs the current facts give instead.
    """
    fact_id = fields.get(FACT_ID_FIELD)
    kind = fields.get(KIND_FIELD)
    if fact_id and kind:
        return legacy_note_guid(fact_id, kind)
    if fact_id and KIND_FIELD not in fields:
        return note_guid(fact_id)  # a fact's one note
    return None


class LegacyTarget(NamedTuple):
    """Where the card of an old note goes: the new note (by GUID) and its card's ordinal."""

    guid: str
    ord: int


@dataclass(frozen=True)
class Carried:
    """How many old cards moved onto new notes, and why the others did not.

    Before a sync (a dry run), `reviewed` counts the old notes' studied cards.
    """

    planned: int = 0
    cards: int = 0
    reviewed: int = 0
    kind_dropped: int = 0
    already_reviewed: int = 0


@dataclass(frozen=True)
class Legacy:
    """The old-layout notes of the current facts: where each one's card goes, by GUID, and
    every GUID an old note of theirs can have (kinds no longer made included)."""

    targets: Mapping[str, LegacyTarget]
    guids: frozenset[str]


def legacy_notes(fact_base: FactBase, packages: Sequence[BuiltPackage]) -> Legacy:
    """Find, for each old-layout note of the current facts, the new note its card moves to.

    Only the kinds a fact makes have a target. Empty while the built notes are themselves one
    per card (then they have the old GUIDs).
    """
    from quizgen.model.facts import CARD_KINDS

    built_by_fact: dict[str, str] = {}
    for package in packages:
        for note in package.notes:
            names = [field["name"] for field in package.notetypes[note.notetype_id]["flds"]]
            if FACT_ID_FIELD in names and KIND_FIELD not in names:
                built_by_fact[note.fields[names.index(FACT_ID_FIELD)]] = note.guid
    targets = {}
    guids: set[str] = set()
    for fact in fact_base:
        guid = built_by_fact.get(fact.id)
        if guid is None:
            continue
        identity = identity_id(fact)
        kinds = CARD_KINDS[fact.type]
        guids.update(legacy_note_guid(identity, kind.value) for kind in kinds)
        for kind in fact.card_kinds:
            targets[legacy_note_guid(identity, kind.value)] = LegacyTarget(guid, kinds.index(kind))
    return Legacy(targets, frozenset(guids))


def _is_new(card: Any) -> bool:
    return bool(card.type == 0 and card.reps == 0)


def migrate(
    col: Any, moves: Sequence[tuple[int, LegacyTarget]], note_ids: Mapping[str, int]
) -> Carried:
    """Move the card of each old note (by note id) onto its new note, then delete the old notes.

    `note_ids` maps the new notes' GUIDs to their ids. An old card stays behind (and is
    deleted with its note) when the fact no longer makes its kind, or when the new note's
    card of that kind has reviews of its own, which are kept instead.
    """
    cards = reviewed = kind_dropped = already_reviewed = 0
    for old_note_id, target in moves:
        new_note_id = note_ids.get(target.guid)
        siblings = (
            {card.ord: card for card in col.get_note(new_note_id).cards()}
            if new_note_id is not None
            else {}
        )
        for old_card in col.get_note(old_note_id).cards():
            fresh = siblings.get(target.ord)
            if fresh is None:
                kind_dropped += 1
                continue
            if not _is_new(fresh):
                already_reviewed += 1
                continue
            fresh.nid, fresh.ord, old_card.nid, old_card.ord = (
                old_card.nid,
                old_card.ord,
                fresh.nid,
                fresh.ord,
            )
            col.update_cards([fresh, old_card])
            cards += 1
            reviewed += not _is_new(old_card)
    if moves:
        col.remove_notes([note_id for note_id, _ in moves])
    return Carried(len(moves), cards, reviewed, kind_dropped, already_reviewed)
