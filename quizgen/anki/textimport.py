"""Anki's own text-import format: the notes of a build as tab-separated lines with headers.

For a user or a tool without .apkg support: File > Import in Anki reads it, with each note's
GUID, note type and deck given in columns, so a later import updates the same notes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from quizgen.anki.notes import PackagedNote
from quizgen.anki.notetypes import NOTE_TYPES

HEADER = (
    "#separator:Tab",
    "#html:true",
    "#guid column:1",
    "#notetype column:2",
    "#deck column:3",
    "#tags column:4",
)
"""The header lines: what each of the first four columns holds; the note's fields follow."""


def text_import(notes: Iterable[PackagedNote]) -> str:
    """Return notes in Anki's text-import format: GUID, note type, deck, tags, then fields."""
    names = {note_type.model_id: note_type.name for note_type in NOTE_TYPES.values()}
    out = io.StringIO()
    out.write("\n".join(HEADER) + "\n")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    for note in notes:
        writer.writerow(
            [note.guid, names[note.model_id], note.deck, " ".join(note.tags), *note.fields]
        )
    return out.getvalue()
