"""The lock file, read and made: what the last build wrote, and when each note last changed.

Anki takes an incoming note only when its modification time is newer than its own, so a note's
time must move when, and only when, its content does. The lock file remembers, per note, a
digest of its content, its note id, that time and its deck (so that a build can tell a note
moved to another deck); per deck, the digest of the inputs it was built from and of the
`.apkg` written (its bytes and its contents). It is JSON with sorted keys, so an unchanged
fact base leaves it byte for byte the same.

A build writes the lock file before the decks it describes, so no deck file ever holds a
time later than the lock file's: a note's next time is later than any time a deck that may
have been imported gave it, whichever file a failure left unwritten.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from quizgen.errors import BuildError

LOCK_FILE_NAME = "quizgen.lock.json"
"""Name of the lock file inside the deck folder."""

_DECK_FILE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.apkg")
"""What a deck file name in the lock file must look like: it never leaves the deck folder."""

FORMAT = 1
"""Version of the lock file layout; a different one is refused rather than misread."""

MAX_NOTE_ID = 2**53
"""The largest note id a lock file may hold (Anki's ids are milliseconds, far below it)."""

MAX_MOD = 4_102_444_800
"""The latest modification time a lock file may hold: 2100-01-01, in seconds."""


class NoteRecord(NamedTuple):
    """What the last build wrote for one note."""

    guid: str
    content_hash: str
    note_id: int
    mod: int
    deck: str | None = None
    """The note's full deck name (`Top::Sub`); None in a lock file written before quizgen
    recorded decks, and for note types."""
    model: int | None = None
    """The id of the note's type; None in a lock file written before quizgen recorded it,
    and for note types."""


class DeckRecord(NamedTuple):
    """What the last build wrote for one top-level deck.

    `content_sha256` is the digest of the written package's contents (`package_digest`);
    `digest` covers everything those contents depend on (notes, times, note types), so an
    unchanged deck need not be packaged again to know its file is current.
    """

    file: str
    content_sha256: str
    digest: str
    notes: Mapping[str, NoteRecord]
    sha256: str = ""
    """The SHA-256 of the `.apkg` file's bytes ("" in a lock file written before it was)."""
    built_from: str = ""
    """`inputs_digest` of the inputs the deck was built from ("" when not recorded)."""


@dataclass(frozen=True)
class LockFile:
    """The whole lock file: per deck records, note type times and every input's digest."""

    decks: Mapping[str, DeckRecord] = field(default_factory=dict)
    note_types: Mapping[int, NoteRecord] = field(default_factory=dict)
    inputs: Mapping[str, str] = field(default_factory=dict)

    def note_by_guid(self) -> dict[str, tuple[str, str, NoteRecord]]:
        """Map every note's GUID to its deck, key and record."""
        found = {}
        for deck_name, deck in self.decks.items():
            for key, record in deck.notes.items():
                found[record.guid] = (deck_name, key, record)
        return found

    def max_note_id(self) -> int:
        """Return the largest note id ever handed out, or 0."""
        return max(
            (record.note_id for deck in self.decks.values() for record in deck.notes.values()),
            default=0,
        )

    def knows_decks(self) -> bool:
        """Return whether every note's deck is recorded, as only newer lock files do."""
        return all(
            record.deck is not None
            for deck in self.decks.values()
            for record in deck.notes.values()
        )

    def to_bytes(self) -> bytes:
        """Serialise deterministically: sorted keys, two-space indent, one note per line."""
        document: dict[str, Any] = {
            "format": FORMAT,
            "generator": "quizgen",
            "inputs": dict(self.inputs),
            "note_types": {
                str(model_id): {"hash": record.content_hash, "mod": record.mod}
                for model_id, record in self.note_types.items()
            },
            "decks": {name: _deck_document(deck) for name, deck in self.decks.items()},
        }
        return (_dump(document, 0) + "\n").encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes, path: Path) -> LockFile:
        """Parse and validate a lock file, or raise `BuildError` naming `path` and the way out.

        Every value must have its type and a plausible range (note ids and times go into
        decks): a lock file edited into something else is refused, never trusted.
        """
        way_out = f"delete {path} to start afresh (notes then get new modification times)"
        try:
            document = _object(json.loads(data.decode("utf-8")), "the document")
            if document.get("format") != FORMAT:
                raise BuildError(
                    f"{path}: lock file format {document.get('format')!r} is not {FORMAT}; "
                    f"{way_out}"
                )
            decks = {
                name: _deck_record(name, deck)
                for name, deck in _object(document.get("decks"), "decks").items()
            }
            note_types = {
                _model_id(model_id): _note_type_record(model_id, record)
                for model_id, record in _object(document.get("note_types"), "note_types").items()
            }
            inputs = {
                key: _text(value, f"input {key!r}")
                for key, value in _object(document.get("inputs"), "inputs").items()
            }
        except BuildError:
            raise
        except (ValueError, RecursionError) as error:
            reason = "it is nested too deep" if isinstance(error, RecursionError) else error
            raise BuildError(f"{path}: the lock file is damaged ({reason}); {way_out}") from None
        return cls(decks=decks, note_types=note_types, inputs=inputs)


def _object(value: object, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{what} is not an object")
    return value


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what}: {_short(value)} is not text")
    return value


def _number(value: object, what: str, limit: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
        raise ValueError(f"{what}: {_short(value)} is not a whole number from 0 to {limit}")
    return value


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _model_id(value: str) -> int:
    if not (value.isascii() and value.isdigit()) or len(value) > 16:
        raise ValueError(f"note type id {_short(value)} is not a number")
    return int(value)


def _deck_record(name: str, value: object) -> DeckRecord:
    deck = _object(value, f"deck {name!r}")
    file = _text(deck.get("file"), f"deck {name!r}: file")
    if not _DECK_FILE.fullmatch(file):
        raise ValueError(f"deck file name {_short(file)} is not a plain .apkg name")
    return DeckRecord(
        file=file,
        content_sha256=_text(deck.get("content", ""), f"deck {name!r}: content"),
        digest=_text(deck.get("digest", ""), f"deck {name!r}: digest"),
        notes={
            key: _note_record(key, note)
            for key, note in _object(deck.get("notes"), f"deck {name!r}: notes").items()
        },
        sha256=_text(deck.get("sha256", ""), f"deck {name!r}: sha256"),
        built_from=_text(deck.get("built_from", ""), f"deck {name!r}: built_from"),
    )


def _note_record(key: str, value: object) -> NoteRecord:
    # Tens of thousands of notes: the usual, valid one is checked inline, in one expression,
    # and only a note that fails it is checked field by field for the message.
    if type(value) is dict:
        guid, digest, note_id, mod, deck, model = (
            value.get("guid"),
            value.get("hash"),
            value.get("id"),
            value.get("mod"),
            value.get("deck"),
            value.get("model"),
        )
        if (
            type(guid) is str
            and type(digest) is str
            and type(note_id) is int
            and 0 <= note_id <= MAX_NOTE_ID
            and type(mod) is int
            and 0 <= mod <= MAX_MOD
            and (deck is None or type(deck) is str)
            and (model is None or (type(model) is int and 0 <= model <= MAX_NOTE_ID))
        ):
            # Positional: keywords cost a third of the time for tens of thousands.
            return NoteRecord(guid, digest, note_id, mod, deck, model)
    return _checked_note_record(key, value)


def _checked_note_record(key: str, value: object) -> NoteRecord:
    note = _object(value, f"note {key!r}")
    deck, model = note.get("deck"), note.get("model")
    return NoteRecord(
        _text(note.get("guid"), f"note {key!r}: guid"),
        _text(note.get("hash"), f"note {key!r}: hash"),
        _number(note.get("id"), f"note {key!r}: id", MAX_NOTE_ID),
        _number(note.get("mod"), f"note {key!r}: time", MAX_MOD),
        None if deck is None else _text(deck, f"note {key!r}: deck"),
        None if model is None else _number(model, f"note {key!r}: note type", MAX_NOTE_ID),
    )


def _note_type_record(model_id: str, value: object) -> NoteRecord:
    record = _object(value, f"note type {model_id}")
    return NoteRecord(
        model_id,
        _text(record.get("hash"), f"note type {model_id}: hash"),
        _model_id(model_id),
        _number(record.get("mod"), f"note type {model_id}: time", MAX_MOD),
    )


def _deck_document(deck: DeckRecord) -> dict[str, Any]:
    document: dict[str, Any] = {
        "digest": deck.digest,
        "file": deck.file,
        "content": deck.content_sha256,
        "notes": _notes_json(deck.notes, depth=_DECK_NOTES_DEPTH),
    }
    if deck.sha256:
        document["sha256"] = deck.sha256
    if deck.built_from:
        document["built_from"] = deck.built_from
    return document


class _Json(str):
    """Text already written as JSON, which `_dump` puts in as it is."""


_DECK_NOTES_DEPTH = 3
"""How deep a deck's notes sit in the lock file: document, "decks", the deck, "notes"."""


def _notes_json(notes: Mapping[str, NoteRecord], depth: int) -> _Json:
    """Write a deck's notes as `_dump` would write them at `depth`, one note a line.

    Tens of thousands of notes make this the lock file's hot path: one f-string each.
    """
    if not notes:
        return _Json("{}")
    inner = "  " * (depth + 1)
    lines = []
    for key in sorted(notes):
        guid, digest, note_id, mod, deck, model = notes[key]
        deck_json = "" if deck is None else f'"deck": {_string(deck)}, '
        model_json = "" if model is None else f', "model": {model}'
        lines.append(
            f'{inner}{_string(key)}: {{{deck_json}"guid": {_string(guid)}, '
            f'"hash": {_string(digest)}, "id": {note_id}, "mod": {mod}{model_json}}}'
        )
    return _Json("{\n" + ",\n".join(lines) + "\n" + "  " * depth + "}")


def _dump(value: Any, depth: int) -> str:
    """Write JSON with sorted keys; a mapping of plain values (a note) stays on one line.

    Equivalent to `json.dumps(sort_keys=True, indent=2)` but for those one-line records:
    much faster for tens of thousands of notes, and a changed note is a one-line diff.
    """
    encode = _ONE_LINE.encode
    if isinstance(value, _Json):
        return str(value)
    if not isinstance(value, dict) or not value:
        return encode(value)
    if depth > 1 and not any(isinstance(item, dict | _Json) for item in value.values()):
        return encode(value)
    inner = "  " * (depth + 1)
    items = ",\n".join(
        f"{inner}{encode(key)}: {_dump(value[key], depth + 1)}" for key in sorted(value)
    )
    return "{\n" + items + "\n" + "  " * depth + "}"


_ONE_LINE = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
"""`json.dumps(ensure_ascii=False, sort_keys=True)` made once: `dumps` makes one per call."""

_string: Callable[[str], str] = json.encoder.encode_basestring
"""`json.dumps(text, ensure_ascii=False)` for a string, without the encoder around it."""


def read_lock_file(folder: Path) -> LockFile:
    """Read the folder's lock file; an absent one is an empty lock file."""
    from quizgen.build.digests import read_regular

    path = folder / LOCK_FILE_NAME
    data = read_regular(path)
    return LockFile() if data is None else LockFile.from_bytes(data, path)


def next_mod(previous: int | None, now: int) -> int:
    """Return a changed note's new time: now, but always after the time it had before."""
    if previous is None:
        return now
    return max(now, previous + 1)
