"""Read the notes and note types back out of an `.apkg` that quizgen built.

A sync makes exactly the notes a build makes by building the decks into a temporary folder
and reading them here; it then compares them with a collection and imports only those that
are new or changed (`write_subset`).
"""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
import zipfile
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizgen.errors import SyncError

_DATABASE = "collection.anki2"


@dataclass(frozen=True)
class BuiltNote:
    """One note of a built package: identity, note type, fields, tags, deck and the
    ordinals of its cards (one per card kind the fact makes)."""

    guid: str
    notetype_id: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck: str
    ords: tuple[int, ...]

    @property
    def top_deck(self) -> str:
        """Return the top-level deck the note's deck lies in."""
        return self.deck.split("::", 1)[0]


@dataclass(frozen=True)
class BuiltPackage:
    """A built `.apkg`: its notes in file order and its note types (Anki's JSON) by id."""

    path: Path
    notes: tuple[BuiltNote, ...]
    notetypes: Mapping[int, Mapping[str, Any]]


@contextlib.contextmanager
def _database(data: bytes) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(data)
        yield connection
    finally:
        connection.close()


def _unzip(path: Path) -> bytes:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read(_DATABASE)
    except (OSError, KeyError, zipfile.BadZipFile) as error:
        raise SyncError(f"{path}: not a readable deck package ({error})") from error


def read_package(path: Path) -> BuiltPackage:
    """Return the notes and note types of a package that quizgen built."""
    with _database(_unzip(path)) as db:
        models_json, decks_json = db.execute("SELECT models, decks FROM col").fetchone()
        deck_names = {int(key): deck["name"] for key, deck in json.loads(decks_json).items()}
        note_decks = dict(db.execute("SELECT nid, MIN(did) FROM cards GROUP BY nid"))
        ords: dict[int, list[int]] = {}
        for note_id, ordinal in db.execute("SELECT nid, ord FROM cards ORDER BY nid, ord"):
            ords.setdefault(note_id, []).append(ordinal)
        notes = tuple(
            BuiltNote(
                guid=guid,
                notetype_id=int(mid),
                fields=tuple(fields.split("\x1f")),
                tags=tuple(tags.split()),
                deck=deck_names[note_decks[note_id]],
                ords=tuple(ords[note_id]),
            )
            for note_id, guid, mid, fields, tags in db.execute(
                "SELECT id, guid, mid, flds, tags FROM notes ORDER BY id"
            )
        )
    notetypes = {int(key): model for key, model in json.loads(models_json).items()}
    used = {note.notetype_id for note in notes}
    return BuiltPackage(path, notes, {key: notetypes[key] for key in sorted(used)})


def write_subset(package: BuiltPackage, guids: Collection[str], target: Path, *, mod: int) -> None:
    """Write a copy of `package` to `target` holding only the notes (and cards) in `guids`,
    each with the modification time `mod` (seconds)."""
    with _database(_unzip(package.path)) as db:
        db.execute("CREATE TEMP TABLE keep (guid TEXT PRIMARY KEY)")
        db.executemany("INSERT INTO keep VALUES (?)", ((guid,) for guid in guids))
        db.execute("DELETE FROM notes WHERE guid NOT IN (SELECT guid FROM keep)")
        db.execute("DELETE FROM cards WHERE nid NOT IN (SELECT id FROM notes)")
        db.execute("UPDATE notes SET mod = ?", (mod,))
        db.commit()
        data = db.serialize()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(_DATABASE, data)
        archive.writestr("media", "{}")
    target.write_bytes(buffer.getvalue())
