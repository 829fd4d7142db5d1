"""The deck folder's lock file: what the last build wrote, and when each note last changed.

Anki takes an incoming note only when its modification time is newer than its own, so a note's
time must move when, and only when, its content does. The lock file remembers, per note, a
digest of its content, its note id, that time and its deck (so that a build can tell a note
moved to another deck); per deck, the digests of the files it was built from and of the
`.apkg` written. It is JSON with sorted keys, so an unchanged fact base leaves it byte for
byte the same.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizgen.errors import BuildError

LOCK_FILE_NAME = "quizgen.lock.json"
"""Name of the lock file inside the deck folder."""

_DECK_FILE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.apkg")
"""What a deck file name in the lock file must look like: it never leaves the deck folder."""

FORMAT = 1
"""Version of the lock file layout; a different one is refused rather than misread."""


@dataclass(frozen=True)
class NoteRecord:
    """What the last build wrote for one note."""

    guid: str
    content_hash: str
    note_id: int
    mod: int
    deck: str | None = None
    """The note's full deck name (`Top::Sub`); None in a lock file written before quizgen
    recorded decks, and for note types."""


@dataclass(frozen=True)
class DeckRecord:
    """What the last build wrote for one top-level deck.

    `content_sha256` is the digest of the written package's contents (`package_digest`);
    `digest` covers everything those contents depend on (notes, times, note types), so an
    unchanged deck need not be packaged again to know its file is current.
    """

    file: str
    content_sha256: str
    digest: str
    notes: Mapping[str, NoteRecord]


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

    def to_bytes(self, written: Mapping[str, str] | None = None) -> bytes:
        """Serialise deterministically: sorted keys, two-space indent, one note per line.

        `written` may map deck names to their notes as `deck_notes_json` already wrote them
        (a build writes them in the process that packaged the deck), to skip writing them
        again.
        """
        written = written or {}
        document: dict[str, Any] = {
            "format": FORMAT,
            "generator": "quizgen",
            "inputs": dict(self.inputs),
            "note_types": {
                str(model_id): {"hash": record.content_hash, "mod": record.mod}
                for model_id, record in self.note_types.items()
            },
            "decks": {
                name: {
                    "digest": deck.digest,
                    "file": deck.file,
                    "content": deck.content_sha256,
                    "notes": (
                        _Json(written[name])
                        if name in written
                        else _notes_json(deck.notes, depth=_DECK_NOTES_DEPTH)
                    ),
                }
                for name, deck in self.decks.items()
            },
        }
        return (_dump(document, 0) + "\n").encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes, path: Path) -> LockFile:
        """Parse a lock file, or raise `BuildError` naming `path` and the way out."""
        way_out = f"delete {path} to start afresh (notes then get new modification times)"
        try:
            document = json.loads(data.decode("utf-8"))
            if document.get("format") != FORMAT:
                raise BuildError(
                    f"{path}: lock file format {document.get('format')!r} is not {FORMAT}; "
                    f"{way_out}"
                )
            decks = {
                name: DeckRecord(
                    file=str(deck["file"]),
                    content_sha256=str(deck.get("content", "")),
                    digest=str(deck.get("digest", "")),
                    # Positional: keywords cost a third of the time for tens of thousands.
                    notes={
                        str(key): NoteRecord(
                            str(note["guid"]),
                            str(note["hash"]),
                            int(note["id"]),
                            int(note["mod"]),
                            _note_deck(note),
                        )
                        for key, note in deck["notes"].items()
                    },
                )
                for name, deck in document["decks"].items()
            }
            note_types = {
                int(model_id): NoteRecord(
                    guid=str(model_id),
                    content_hash=str(record["hash"]),
                    note_id=int(model_id),
                    mod=int(record["mod"]),
                )
                for model_id, record in document["note_types"].items()
            }
            inputs = {str(k): str(v) for k, v in document["inputs"].items()}
            for deck in decks.values():
                if not _DECK_FILE.fullmatch(deck.file):
                    raise ValueError(f"deck file name {deck.file!r} is not a plain .apkg name")
        except BuildError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise BuildError(f"{path}: the lock file is damaged ({error}); {way_out}") from None
        return cls(decks=decks, note_types=note_types, inputs=inputs)


def _note_deck(note: Mapping[str, object]) -> str | None:
    """Return a note's recorded deck, None when it has none; refuse a deck that is not text."""
    deck = note.get("deck")
    if deck is None or isinstance(deck, str):
        return deck
    raise ValueError(f"note deck {deck!r} is not text")


class _Json(str):
    """Text already written as JSON, which `_dump` puts in as it is."""


_DECK_NOTES_DEPTH = 3
"""How deep a deck's notes sit in the lock file: document, "decks", the deck, "notes"."""


def deck_notes_json(notes: Mapping[str, NoteRecord]) -> str:
    """Write a deck's notes exactly as `LockFile.to_bytes` writes them, for its `written`."""
    return str(_notes_json(notes, depth=_DECK_NOTES_DEPTH))


def _notes_json(notes: Mapping[str, NoteRecord], depth: int) -> _Json:
    """Write a deck's notes as `_dump` would write them at `depth`, one note a line.

    Tens of thousands of notes make this the lock file's hot path: one f-string each.
    """
    if not notes:
        return _Json("{}")
    inner = "  " * (depth + 1)
    lines = []
    for key in sorted(notes):
        note = notes[key]
        guid, digest = _string(note.guid), _string(note.content_hash)
        deck = "" if note.deck is None else f'"deck": {_string(note.deck)}, '
        lines.append(
            f'{inner}{_string(key)}: {{{deck}"guid": {guid}, "hash": {digest}, '
            f'"id": {note.note_id:d}, "mod": {note.mod:d}}}'
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
    path = folder / LOCK_FILE_NAME
    try:
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return LockFile()
    except OSError as error:
        raise BuildError(f"cannot read {path}: {error.strerror or error}") from error
    return LockFile.from_bytes(data, path)


def sha256_file(path: Path) -> str | None:
    """Return the hex SHA-256 of a file's bytes, or None when it does not exist."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except (FileNotFoundError, NotADirectoryError):
        return None


def next_mod(previous: int | None, now: int) -> int:
    """Return a changed note's new time: now, but always after the time it had before."""
    if previous is None:
        return now
    return max(now, previous + 1)
