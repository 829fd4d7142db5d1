"""Make the bytes of one `.apkg` deck file from notes, byte for byte reproducibly.

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
from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple, Protocol

from quizgen.anki.identity import card_id, deck_id
from quizgen.anki.notes import PackagedNote
from quizgen.anki.notetypes import note_types

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)

_ZIP_LEVEL = 1
"""zlib level of a package: level 6 makes files 12% smaller but takes three times as long,
the largest single cost of writing a deck of thousands of notes."""

_NEW_NOTE = {
    "id": "?",
    "guid": "?",
    "mid": "?",
    "mod": "?",
    "usn": "-1",
    "tags": "?",
    "flds": "?",
    "sfld": "?",
    "csum": "0",
    "flags": "0",
    "data": "''",
}
"""The columns of Anki's `notes` table, in order, with what a note holds: `?` for the values
each note has its own of (id, GUID, note type, time, tags, fields, sort field)."""

_INSERT_NOTE = (
    f"INSERT INTO notes ({', '.join(_NEW_NOTE)}) VALUES ({', '.join(_NEW_NOTE.values())})"
)

_NEW_CARD = {
    "id": "?",
    "nid": "?",
    "did": "?",
    "ord": "?",
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
values each card has its own of (id, note, deck, template, time, position)."""

_INSERT_CARD = (
    f"INSERT INTO cards ({', '.join(_NEW_CARD)}) VALUES ({', '.join(_NEW_CARD.values())})"
)


class Stamp(Protocol):
    """The note id and modification time (seconds) a note is written with."""

    @property
    def note_id(self) -> int:
        """Return the note's id."""

    @property
    def mod(self) -> int:
        """Return the note's modification time."""


class NoteStamp(NamedTuple):
    """A `Stamp` made on its own."""

    note_id: int
    mod: int


def _deck_chain(name: str) -> list[str]:
    parts = name.split("::")
    return ["::".join(parts[: i + 1]) for i in range(len(parts))]


def write_apkg(
    notes: Sequence[PackagedNote],
    stamps: Mapping[str, Stamp],
    note_type_mods: Mapping[int, int],
) -> bytes:
    """Return the bytes of an `.apkg` holding `notes` in their order (see `package_apkg`)."""
    return package_apkg(notes, stamps, note_type_mods)[0]


def package_apkg(
    notes: Sequence[PackagedNote],
    stamps: Mapping[str, Stamp],
    note_type_mods: Mapping[int, int],
) -> tuple[bytes, str]:
    """Return the bytes of an `.apkg` holding `notes` in their order, and `package_digest`.

    `stamps` maps each note's GUID to the id and time it is written with, `note_type_mods` each
    note type id to its time. The result depends on nothing else: no clock, no temp path.
    A note makes one card per template in its `ords`, with the ids after the note's own
    (`card_id`); a new card's `due` is its position in `new_card_dues`.
    """
    import genanki
    from genanki.apkg_col import APKG_COL
    from genanki.apkg_schema import APKG_SCHEMA

    deck_names = sorted(
        {name for deck in {note.deck for note in notes} for name in _deck_chain(deck)}
    )
    deck_ids = {name: deck_id(name) for name in deck_names}
    models = note_types()
    used = sorted({note.model_id for note in notes})
    top_deck_id = deck_ids[deck_names[0]] if deck_names else 1

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
        cursor.executemany(_INSERT_NOTE, _note_rows(notes, stamps))
        cursor.executemany(_INSERT_CARD, _card_rows(notes, stamps, deck_ids))
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


def _note_rows(
    notes: Sequence[PackagedNote], stamps: Mapping[str, Stamp]
) -> Iterator[tuple[int, str, int, int, str, str, str]]:
    """Yield each note's row of the `notes` table, its `?` values (`_NEW_NOTE`)."""
    for note in notes:
        stamp = stamps[note.guid]
        tags = f" {' '.join(note.tags)} " if note.tags else ""
        fields = note.fields
        yield (
            stamp.note_id,
            note.guid,
            note.model_id,
            stamp.mod,
            tags,
            "\x1f".join(fields),
            fields[0],
        )


def _card_rows(
    notes: Sequence[PackagedNote], stamps: Mapping[str, Stamp], deck_ids: Mapping[str, int]
) -> Iterator[tuple[int, int, int, int, int, int]]:
    """Yield each card's row of the `cards` table, its `?` values (`_NEW_CARD`)."""
    dues = iter(new_card_dues([note.ords for note in notes], [note.deck for note in notes]))
    for note in notes:
        stamp = stamps[note.guid]
        note_id, mod, card_deck = stamp.note_id, stamp.mod, deck_ids[note.deck]
        for ord_ in note.ords:
            yield (card_id(note_id, ord_), note_id, card_deck, ord_, mod, next(dues))


def new_card_dues(ords: Sequence[Sequence[int]], decks: Sequence[str]) -> list[int]:
    """Return the `due` (new-card position) of each card, in card order: note by note, each
    note's cards in `ords` order.

    Anki's default new-card order gathers a day's cards deck by deck (in the deck tree's
    order), by position within a deck, then shows them sorted by template. Positions go
    template by template: every note's first card in note order (fact-file order), then
    every note's second, and so on, so within a deck a fact's siblings come days apart.
    Within a deck and template the order is nudged so that the cards of one template do not
    end with the note whose card starts the next: siblings are not shown back to back.
    """
    # Gathering order: deck by deck in the deck tree's order (names without case), each
    # deck's notes in note order.
    places = {deck: tuple(part.casefold() for part in deck.split("::")) for deck in set(decks)}
    at_place: dict[tuple[str, ...], list[int]] = {}
    for index, deck in enumerate(decks):
        at_place.setdefault(places[deck], []).append(index)
    # Per deck, per template, its notes in gathering order.
    groups: dict[str, dict[int, list[int]]] = {}
    for place in sorted(at_place):
        for index in at_place[place]:
            for ord_ in ords[index]:
                groups.setdefault(decks[index], {}).setdefault(ord_, []).append(index)
    for by_ord in groups.values():
        ordered = [by_ord[ord_] for ord_ in sorted(by_ord)]
        for previous, group in itertools.pairwise(ordered):
            if group[0] != previous[-1]:
                continue
            if len(group) > 1:
                group[0], group[1] = group[1], group[0]
            elif len(previous) > 1:
                previous[-1], previous[-2] = previous[-2], previous[-1]
    first_card = list(itertools.accumulate(map(len, ords), initial=0))
    dues = [0] * first_card[-1]
    position = 1
    for ord_ in sorted({ord_ for by_ord in groups.values() for ord_ in by_ord}):
        for by_ord in groups.values():
            for index in by_ord.get(ord_, ()):
                dues[first_card[index] + ords[index].index(ord_)] = position
                position += 1
    return dues


def _normalise_sqlite_header(database: bytes) -> bytes | bytearray:
    """Blank the SQLite library version stamped in the header (bytes 96-99).

    It only records which SQLite last wrote the file; without it, the same notes give the
    same bytes whichever Python built them. The in-memory databases a build writes come
    unstamped and are returned as they are: copying one of 10,000 notes (16 MB) to blank
    nothing cost 7 MiB of peak memory and about 1% of the build's CPU time.
    """
    if database[96:100] == bytes(4):
        return database
    normalised = bytearray(database)
    normalised[96:100] = bytes(4)
    return normalised


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
