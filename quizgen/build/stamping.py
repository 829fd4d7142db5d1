"""Note ids and modification times: kept while a note's content stays, moved when it changes.

Anki takes an incoming note only when its time is newer than its own, so a changed note's
time always moves forward (`next_mod`), even when the clock went back.
"""

from __future__ import annotations

from pathlib import Path

from quizgen.anki.identity import NOTE_ID_STEP
from quizgen.build.lockfile import MAX_NOTE_ID, LockFile, NoteRecord, next_mod
from quizgen.errors import BuildError


class Stamper:
    """Give each note its id and time, against the previous lock file."""

    def __init__(self, lock: LockFile, now: int, lock_path: Path) -> None:
        self.previous = lock.note_by_guid()
        self.now = now
        self.next_id = max(now * 1000, lock.max_note_id() + NOTE_ID_STEP)
        self._lock_path = lock_path

    def stamp(self, guid: str, content_hash: str, deck: str, model: int) -> tuple[str, NoteRecord]:
        """Return whether the note is new, changed or unchanged, and its record (a `Stamp`)."""
        found = self.previous.get(guid)
        if found is None:
            if self.next_id + NOTE_ID_STEP - 1 > MAX_NOTE_ID:  # its cards take ids up to there
                raise BuildError(
                    f"{self._lock_path}: note ids have run out; delete the lock file to start "
                    "afresh (notes then get new modification times)"
                )
            record = NoteRecord(guid, content_hash, self.next_id, self.now, deck, model)
            self.next_id += NOTE_ID_STEP
            return "new", record
        old = found[2]
        if old.content_hash == content_hash:
            return "unchanged", NoteRecord(guid, content_hash, old.note_id, old.mod, deck, model)
        mod = next_mod(old.mod, self.now)
        return "changed", NoteRecord(guid, content_hash, old.note_id, mod, deck, model)


def note_type_records(lock: LockFile, now: int) -> dict[int, NoteRecord]:
    """Return each note type's digest and time; the time moves when its design changes."""
    from quizgen.anki.notetypes import note_type_hashes

    records = {}
    for model_id, digest in note_type_hashes().items():
        old = lock.note_types.get(model_id)
        if old is not None and old.content_hash == digest:
            records[model_id] = old
        else:
            mod = next_mod(old.mod if old else None, now)
            records[model_id] = NoteRecord(str(model_id), digest, model_id, mod)
    return records
