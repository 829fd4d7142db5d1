"""The lock file's bytes: sorted JSON, one note per line, read back as written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.build.lockfile import MAX_MOD, MAX_NOTE_ID, DeckRecord, LockFile, NoteRecord
from quizgen.errors import BuildError

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
ids = st.integers(min_value=0, max_value=MAX_NOTE_ID)
mods = st.integers(min_value=0, max_value=MAX_MOD)
notes = st.dictionaries(
    text,
    st.builds(NoteRecord, text, text, ids, mods, st.none() | text, st.none() | ids),
    max_size=4,
)
decks = st.dictionaries(
    text, st.builds(DeckRecord, text, text, text, notes, text, text), max_size=3
)
note_types = st.dictionaries(
    st.integers(min_value=1, max_value=2**40),
    st.builds(NoteRecord, st.just("type"), text, ids, mods, st.none(), st.none()),
    max_size=2,
)
lock_files = st.builds(LockFile, decks, note_types, st.dictionaries(text, text, max_size=3))


def write_as_documented(value: Any, depth: int = 0) -> str:
    """`json.dumps(sort_keys=True, indent=2)`, but a mapping of plain values below the top
    two levels (a note, a note type) on one line."""
    if not isinstance(value, dict) or not value:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if depth > 1 and not any(isinstance(item, dict) for item in value.values()):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    inner = "  " * (depth + 1)
    items = ",\n".join(
        f"{inner}{json.dumps(key, ensure_ascii=False)}: "
        + write_as_documented(value[key], depth + 1)
        for key in sorted(value)
    )
    return "{\n" + items + "\n" + "  " * depth + "}"


@settings(max_examples=200)
@given(lock=lock_files)
def test_the_bytes_are_sorted_json_with_one_note_a_line(lock: LockFile) -> None:
    data = lock.to_bytes()
    assert data.decode("utf-8") == write_as_documented(json.loads(data)) + "\n"


@settings(max_examples=200)
@given(lock=lock_files)
def test_a_lock_file_reads_back_as_it_was_written(lock: LockFile) -> None:
    clean = LockFile(
        decks={
            name: DeckRecord(
                f"deck-{number}.apkg",
                deck.content_sha256,
                deck.digest,
                deck.notes,
                deck.sha256,
                deck.built_from,
            )
            for number, (name, deck) in enumerate(lock.decks.items())
        },
        note_types={
            model_id: NoteRecord(str(model_id), record.content_hash, model_id, record.mod)
            for model_id, record in lock.note_types.items()
        },
        inputs=lock.inputs,
    )
    assert LockFile.from_bytes(clean.to_bytes(), Path("quizgen.lock.json")) == clean


OLD_LOCK = b"""{
  "decks": {
    "People": {
      "content": "c",
      "digest": "d",
      "file": "people.apkg",
      "notes": {
        "elbegdorj/question": {"guid": "g", "hash": "h", "id": 1700000000000, "mod": 1700000000}
      }
    }
  },
  "format": 1,
  "generator": "quizgen",
  "inputs": {},
  "note_types": {}
}
"""


def test_a_lock_file_without_decks_reads_as_decks_unknown_and_writes_back_as_it_was() -> None:
    lock = LockFile.from_bytes(OLD_LOCK, Path("quizgen.lock.json"))
    note = lock.decks["People"].notes["elbegdorj/question"]
    assert note == NoteRecord("g", "h", 1700000000000, 1700000000, None)
    assert not lock.knows_decks()
    assert lock.to_bytes() == OLD_LOCK


def test_each_note_line_names_its_deck_first() -> None:
    with_deck = OLD_LOCK.replace(b'{"guid"', b'{"deck": "People::Heads \\"of\\" state", "guid"')
    lock = LockFile.from_bytes(with_deck, Path("quizgen.lock.json"))
    assert lock.decks["People"].notes["elbegdorj/question"].deck == 'People::Heads "of" state'
    assert lock.knows_decks()
    assert lock.to_bytes() == with_deck


@pytest.mark.parametrize("deck", [b"1", b"[]"])
def test_a_deck_that_is_not_text_is_a_damaged_lock_file(deck: bytes) -> None:
    damaged = OLD_LOCK.replace(b'{"guid"', b'{"deck": ' + deck + b', "guid"')
    with pytest.raises(BuildError, match="the lock file is damaged"):
        LockFile.from_bytes(damaged, Path("x.json"))
