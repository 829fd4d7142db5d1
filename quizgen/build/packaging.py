"""Render a fact base's cards as notes, and stamp and package each top-level deck's notes."""

from __future__ import annotations

import hashlib
import itertools
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from quizgen.anki.apkg import package_apkg
from quizgen.anki.notes import PackagedNote, make_note, note_tags
from quizgen.build.digests import DeckFiles
from quizgen.build.lockfile import FORMAT, LockFile, NoteRecord
from quizgen.build.stamping import Stamper

if TYPE_CHECKING:
    from quizgen.cards.templates import Templates
    from quizgen.model.facts import FactBase


def render_notes(fact_base: FactBase, templates: Templates) -> dict[str, list[PackagedNote]]:
    """Render every card of the fact base and package each fact's as its note, by top-level
    deck."""
    from quizgen.cards.extras import back_extras
    from quizgen.cards.render import generate_cards

    notes: dict[str, list[PackagedNote]] = {name: [] for name in fact_base.top_decks()}
    cards = generate_cards(fact_base, templates)
    for _, group in itertools.groupby(cards, key=operator.attrgetter("fact.id")):
        fact_cards = list(group)
        fact = fact_cards[0].fact
        notes[fact.top_deck].append(
            make_note(fact_cards, back_extras(fact, fact_base), note_tags(fact))
        )
    return notes


def deck_digest(
    file_name: str, records: Iterable[NoteRecord], type_records: Mapping[int, NoteRecord]
) -> str:
    """Digest everything a deck's `.apkg` bytes depend on, to skip packaging it again.

    `records` are the deck's notes as the lock file keeps them, in the deck's order.
    """
    digest = hashlib.sha256(f"{FORMAT}\x00{file_name}".encode())
    for model_id in sorted(type_records):
        record = type_records[model_id]
        digest.update(f"\x00{model_id}:{record.content_hash}:{record.mod}".encode())
    notes = "".join(f"\x00{note.content_hash}:{note.note_id}:{note.mod}" for note in records)
    digest.update(notes.encode())
    return digest.hexdigest()


class Packaged(NamedTuple):
    """One deck's notes stamped and, when anything in them changed, packaged again."""

    counts: dict[str, int]
    records: dict[str, NoteRecord]
    digest: str
    content_sha256: str
    sha256: str
    """The SHA-256 of the deck file's bytes."""
    data: bytes | None
    """The deck file to write, or None when the one on disk is already right."""


@dataclass(frozen=True)
class Packer:
    """Stamp and package decks against the previous lock file."""

    lock: LockFile
    type_records: Mapping[int, NoteRecord]
    files: DeckFiles
    force: bool

    def package(
        self, name: str, file_name: str, notes: Sequence[PackagedNote], stamper: Stamper
    ) -> Packaged:
        """Stamp a deck's notes; package them unless its digest and file are as recorded."""
        counts = {"new": 0, "changed": 0, "unchanged": 0}
        records: dict[str, NoteRecord] = {}
        for note in notes:
            state, record = stamper.stamp(note.guid, note.content_hash, note.deck, note.model_id)
            counts[state] += 1
            records[note.key] = record
        digest = deck_digest(file_name, records.values(), self.type_records)
        old = self.lock.decks.get(name)
        if (
            not self.force
            and old is not None
            and old.file == file_name
            and old.digest == digest
            and self.files.holds(old.file, old.sha256, old.content_sha256)
        ):
            sha256 = old.sha256 or self.files.sha256(old.file) or ""
            return Packaged(counts, records, digest, old.content_sha256, sha256, None)
        type_mods = {model_id: record.mod for model_id, record in self.type_records.items()}
        by_guid = {record.guid: record for record in records.values()}  # records are `Stamp`s
        data, content_sha256 = package_apkg(notes, by_guid, type_mods)
        sha256 = hashlib.sha256(data).hexdigest()
        if self.files.holds(file_name, sha256, content_sha256):
            # The same contents, compressed by another zlib: the file stays as it is, and
            # so does the lock file when it records these contents already.
            on_disk = self.files.sha256(file_name) or sha256
            if old is not None and (old.file, old.content_sha256) == (file_name, content_sha256):
                on_disk = old.sha256 or on_disk
            return Packaged(counts, records, digest, content_sha256, on_disk, None)
        return Packaged(counts, records, digest, content_sha256, sha256, data)
