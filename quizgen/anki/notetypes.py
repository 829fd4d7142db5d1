"""quizgen's Anki note types: one per fact type, one card template per card kind, and CSS.

A fact is one note; its card kinds are the note's sibling cards, so Anki can bury siblings
and, by its default new-card order (by card template), shows them apart. Each kind has a
front and a back field holding the text quizgen rendered, so new template wording updates
notes, never note types. A kind a fact does not make leaves its fields empty: its template
then renders nothing and Anki makes no card of it. A cloze kind is an ordinary template whose
front shows a gap, because a standard note type cannot hold cloze deletions.

The ids, names, fields and template names are fixed: changing one duplicates every user's
notes. A change to the design (CSS, HTML) makes Anki update the note types on the next import.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from quizgen.errors import Problem
from quizgen.model.facts import CARD_KINDS, AnyFact, CardKind, FactType

MODEL_IDS: Mapping[FactType, int] = {
    FactType.DATE: 1_574_268_921,
    FactType.NAME: 1_574_268_922,
    FactType.FIGURE: 1_574_268_923,
    FactType.AGREEMENT: 1_574_268_924,
}
"""Note type id per fact type; never change one, or every user's notes are duplicated."""

SHARED_FIELDS = ("Context", "Note", "Sources", "Disputed", "FactId")
"""The fields after the kinds' fronts and backs, alike in every note type."""

LEGACY_MODEL_NAMES = ("quizgen Q/A", "quizgen Cloze")
"""The note types of quizgen before one note per fact, one note per card (ids 1574268913
and 1574268914); builds no longer write them, but a collection may still hold their notes."""


def front_field(kind: CardKind) -> str:
    """Return the name of the field holding a kind's front."""
    return f"{kind.value.capitalize()} front"


def back_field(kind: CardKind) -> str:
    """Return the name of the field holding a kind's back."""
    return f"{kind.value.capitalize()} back"


@dataclass(frozen=True)
class NoteType:
    """One of quizgen's note types: the note of one fact type."""

    fact_type: FactType
    model_id: int
    name: str
    kinds: tuple[CardKind, ...]
    """The card kinds in template order: a kind's card has `ord` = its index here."""

    @functools.cached_property
    def fields(self) -> tuple[str, ...]:
        """Return the field names: each kind's front and back, then `SHARED_FIELDS`.

        The kind of `ord` n has its front in field 2n and its back in field 2n + 1.
        """
        per_kind = (name for kind in self.kinds for name in (front_field(kind), back_field(kind)))
        return (*per_kind, *SHARED_FIELDS)

    @functools.cached_property
    def ords(self) -> Mapping[CardKind, int]:
        """Return each kind's `ord`: its card template's index."""
        return {kind: ord_ for ord_, kind in enumerate(self.kinds)}

    @property
    def templates(self) -> tuple[dict[str, str], ...]:
        """Return one card template per kind, in `kinds` order."""
        return tuple(_template(kind) for kind in self.kinds)

    def design(self) -> list[Any]:
        """Return everything Anki keeps of the note type, as JSON-ready values."""
        return [self.model_id, self.name, self.fields, self.templates, CSS]


NOTE_TYPES: Mapping[FactType, NoteType] = {
    fact_type: NoteType(fact_type, MODEL_IDS[fact_type], f"quizgen {fact_type.value}", kinds)
    for fact_type, kinds in CARD_KINDS.items()
}
"""quizgen's note types, one per fact type."""

CSS = """\
.card {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  font-size: 22px;
  line-height: 1.45;
  text-align: center;
  color: #1f2328;
  background-color: #ffffff;
}
.card.nightMode, .card.night_mode, .nightMode .card, .night_mode .card {
  color: #e6edf3;
  background-color: #1e1e1e;
}
.quizgen { max-width: 36em; margin: 0 auto; }
.quizgen-answer { font-weight: 600; }
.quizgen-extra { margin-top: 1em; font-size: 0.8em; text-align: left; }
.quizgen-extra ul { margin: 0.2em 0; padding-left: 1.2em; }
.quizgen-label { font-weight: 600; }
.quizgen-sources { color: #59636e; }
.nightMode .quizgen-sources, .night_mode .quizgen-sources { color: #9198a1; }
.quizgen-disputed { border-left: 3px solid #9a6700; padding-left: 0.6em; }
.nightMode .quizgen-disputed, .night_mode .quizgen-disputed { border-left-color: #d29922; }
.quizgen-context { font-size: 0.6em; color: #59636e; margin-bottom: 1em; }
.nightMode .quizgen-context, .night_mode .quizgen-context { color: #9198a1; }
.cloze { font-weight: 600; color: #0550ae; }
.nightMode .cloze, .night_mode .cloze { color: #79c0ff; }
"""

_CONTEXT_HTML = "{{#Context}}<div class='quizgen-context'>{{Context}}</div>{{/Context}}"

_EXTRAS_HTML = (
    "{{#Note}}<div class='quizgen-extra quizgen-note'>{{Note}}</div>{{/Note}}"
    "{{#Sources}}<div class='quizgen-extra quizgen-sources'>"
    "<span class='quizgen-label'>Sources</span>{{Sources}}</div>{{/Sources}}"
    "{{#Disputed}}<div class='quizgen-extra quizgen-disputed'>"
    "<span class='quizgen-label'>Disputed</span>{{Disputed}}</div>{{/Disputed}}"
)


def _template(kind: CardKind) -> dict[str, str]:
    """Return a kind's card template: its front renders nothing when its front field is empty.

    Anki makes a card only when the front template renders a non-empty field, so the whole
    front sits inside the front field's section: the context alone makes no card.
    """
    front, back = front_field(kind), back_field(kind)
    question = f"{_CONTEXT_HTML}<div class='quizgen quizgen-question'>{{{{{front}}}}}</div>"
    if kind is CardKind.CLOZE:
        # The back is the whole sentence with the gap filled, in place of the front.
        answer = (
            f"{_CONTEXT_HTML}<div class='quizgen quizgen-question'>{{{{{back}}}}}</div>"
            f"<div class='quizgen'>{_EXTRAS_HTML}</div>"
        )
    else:
        answer = (
            "{{FrontSide}}<hr id=answer>"
            f"<div class='quizgen'><div class='quizgen-answer'>{{{{{back}}}}}</div>"
            f"{_EXTRAS_HTML}</div>"
        )
    return {
        "name": kind.value.capitalize(),
        "qfmt": f"{{{{#{front}}}}}{question}{{{{/{front}}}}}",
        "afmt": f"{{{{#{front}}}}}{answer}{{{{/{front}}}}}",
    }


@functools.cache  # genanki renders each template once per field to find its required fields
def note_types() -> Mapping[int, Any]:
    """Return quizgen's genanki note types by id, made once: every deck written uses them.

    Every caller gets the same `genanki.Model` objects, so none may change them.
    """
    import genanki

    return {
        note_type.model_id: genanki.Model(
            note_type.model_id,
            note_type.name,
            fields=[{"name": name} for name in note_type.fields],
            templates=[dict(template) for template in note_type.templates],
            css=CSS,
        )
        for note_type in NOTE_TYPES.values()
    }


def note_types_fingerprint() -> str:
    """Return a digest of quizgen's note type design, without importing genanki."""
    design = [note_type.design() for note_type in NOTE_TYPES.values()]
    return hashlib.sha256(json.dumps(design, sort_keys=True).encode()).hexdigest()


def note_type_hashes() -> dict[int, str]:
    """Return a digest of each note type's definition, to know when Anki must update it."""
    hashes = {}
    for model_id, model in note_types().items():
        definition = model.to_json(0, 0)
        digest = hashlib.sha256(json.dumps(definition, sort_keys=True).encode()).hexdigest()
        hashes[model_id] = digest
    return hashes


def type_change_problem(fact: AnyFact, old_model_id: int) -> Problem:
    """Say that a fact's note in Anki is of another note type than the fact now makes.

    Anki's import never changes the type of a note it has: it skips the note, and the card
    keeps its old text.
    """
    kinds = {note_type.model_id: kind.value for kind, note_type in NOTE_TYPES.items()}
    was = kinds.get(old_model_id)
    built, keep, old = (
        (f"a {was} fact's", f"keep it a {was} fact", f"the old {was} note")
        if was
        else ("another type of fact's", "keep its type", "the old note")
    )
    way_out = (
        f"drop renamed_from: [{fact.renamed_from[0]}]"
        if fact.renamed_from
        else f"give it a new id (and delete {old} in Anki)"
    )
    return Problem(
        fact.location,
        f"its note was built as {built}, and Anki's import never changes a note's type, so "
        f"the card would keep its old text; {keep}, or {way_out}",
        fact.id,
    )
