"""Write notes into one `.apkg` deck file, byte for byte reproducibly.

Anki applies an incoming note only when its modification time is newer than the one in the
collection, so the caller passes each note's time (kept in the lock file by `quizgen.build`);
everything else in the file is fixed, so the same notes and times give the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import sqlite3
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from quizgen.anki.identity import deck_id
from quizgen.anki.notes import PackagedNote
from quizgen.anki.notetypes import note_types

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)

_ZIP_LEVEL = 1
"""zlib level of a package: level 6 makes files 12% smaller but takes three times as long,
the largest single cost of writing a deck of thousands of notes."""

_NEW_CARD = {
    "id": "?",
    "nid": "?",
    "did": "?",
    "ord": "0",
    "mod": "?",
    "usn": "-1",
    "type": "0",
    "queue": "0",
    "due": "?",
    "ivl": "0",
    "factor": "0",
    "reps": "0",
    "lapses": "0",
    "left": "0",
    "odue": "0",
    "odid": "0",
    "flags": "0",
    "data": "''",
}
"""The columns of Anki's `cards` table, in order, with what a new card holds: `?` for the
values each card has its own of (id, note, deck, time, position)."""

_INSERT_CARD = (
    f"INSERT INTO cards ({', '.join(_NEW_CARD)}) VALUES ({', '.join(_NEW_CARD.values())})"
)


@dataclass(frozen=True)
class NoteStamp:
    """The note id and modification time (seconds) a note is written with."""

    note_id: int
    mod: int


def _deck_chain(name: str) -> list[str]:
    parts = name.split("::")
    return ["::".join(parts[: i + 1]) for i in range(len(parts))]


def write_apkg(
    notes: Sequence[PackagedNote],
    stamps: Mapping[str, NoteStamp],
    note_type_mods: Mapping[int, int],
) -> bytes:
    """Return the bytes of an `.apkg` holding `notes` in their order (see `package_apkg`)."""
    return package_apkg(notes, stamps, note_type_mods)[0]


def package_apkg(
    notes: Sequence[PackagedNote],
    stamps: Mapping[str, NoteStamp],
    note_type_mods: Mapping[int, int],
) -> tuple[bytes, str]:
    """Return the bytes of an `.apkg` holding `notes` in their order, and `package_digest`.

    `stamps` maps each note's GUID to the id and time it is written with, `note_type_mods` each
    note type id to its time. The result depends on nothing else: no clock, no temp path.
    Each note makes exactly one card (one template, or the single deletion `c1`), so the
    note id doubles as the card id, and a new card's `due` is its position: fact-file order.
    """
    import genanki
    from genanki.apkg_col import APKG_COL
    from genanki.apkg_schema import APKG_SCHEMA

    deck_names = sorted(
        {name for deck in {note.deck for note in notes} for name in _deck_chain(deck)}
    )
    deck_ids = {name: deck_id(name) for name in deck_names}
    models = {int(model.model_id): model for model in note_types()}
    used = sorted({note.model_id for note in notes})
    top_deck_id = deck_ids[deck_names[0]] if deck_names else 1

    note_rows = []
    card_rows = []
    for position, note in enumerate(notes, start=1):
        stamp = stamps[note.guid]
        tags = f" {' '.join(note.tags)} " if note.tags else ""
        note_rows.append(
            (
                stamp.note_id,
                note.guid,
                note.model_id,
                stamp.mod,
                -1,
                tags,
                "\x1f".join(note.fields),
                note.fields[0],
                0,
                0,
                "",
            )
        )
        card_rows.append((stamp.note_id, stamp.note_id, deck_ids[note.deck], stamp.mod, position))

    connection = sqlite3.connect(":memory:")
    try:
        cursor = connection.cursor()
        cursor.executescript(APKG_SCHEMA)
        cursor.executescript(APKG_COL)
        for name in deck_names:
            genanki.Deck(deck_ids[name], name).write_to_db(cursor, 0, itertools.count(1))
        (models_json,) = cursor.execute("SELECT models FROM col").fetchone()
        written = json.loads(models_json)
        for model_id in used:
            definition = models[model_id].to_json(note_type_mods[model_id], top_deck_id)
            written[str(model_id)] = definition
        cursor.execute("UPDATE col SET models = ?", (json.dumps(written, sort_keys=True),))
        cursor.executemany("INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?)", note_rows)
        cursor.executemany(_INSERT_CARD, card_rows)
        connection.commit()
        database = _normalise_sqlite_header(connection.serialize())
    finally:
        connection.close()

    buffer = io.BytesIO()
    contents = hashlib.sha256()  # what `package_digest` gives, without unzipping again
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in (("collection.anki2", database), ("media", b"{}")):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=_ZIP_LEVEL)
            contents.update(f"{name}\x00{len(data)}\x00".encode())
            contents.update(data)
    return buffer.getvalue(), contents.hexdigest()


def _normalise_sqlite_header(database: bytes) -> bytes:
    """Blank the SQLite library version stamped in the header (bytes 96-99).

    It only records which SQLite last wrote the file; without it, the same notes give the
    same bytes whichever Python built them.
    """
    return database[:96] + b"\x00\x00\x00\x00" + database[100:]


def package_digest(data: bytes) -> str | None:
    """Return a digest of an `.apkg`'s contents (names and uncompressed bytes), or None.

    Two packages with the same contents match even when another zlib compressed them
    differently; None means the data is not a readable package.
    """
    digest = hashlib.sha256()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                content = archive.read(info)
                digest.update(f"{info.filename}\x00{len(content)}\x00".encode())
                digest.update(content)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
        return None
    return digest.hexdigest()
