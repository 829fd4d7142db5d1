"""quizgen's Anki note types: fixed ids and names, fields, card templates and CSS.

The generated question and answer text live in fields, so new template wording updates notes,
never note types; a change here makes Anki ask to update the note types on the next import.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

QA_MODEL_ID = 1_574_268_913
"""Note type id of "quizgen Q/A"; never change it, or every user's notes are duplicated."""

CLOZE_MODEL_ID = 1_574_268_914
"""Note type id of "quizgen Cloze"; never change it either."""

QA_MODEL_NAME = "quizgen Q/A"
CLOZE_MODEL_NAME = "quizgen Cloze"

QA_FIELDS = ("Question", "Answer", "Note", "Sources", "Disputed", "FactId", "Kind")
CLOZE_FIELDS = ("Text", "Note", "Sources", "Disputed", "FactId", "Kind")

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
.cloze { font-weight: 600; color: #0550ae; }
.nightMode .cloze, .night_mode .cloze { color: #79c0ff; }
"""

_EXTRAS_HTML = (
    "{{#Note}}<div class='quizgen-extra quizgen-note'>{{Note}}</div>{{/Note}}"
    "{{#Sources}}<div class='quizgen-extra quizgen-sources'>"
    "<span class='quizgen-label'>Sources</span>{{Sources}}</div>{{/Sources}}"
    "{{#Disputed}}<div class='quizgen-extra quizgen-disputed'>"
    "<span class='quizgen-label'>Disputed</span>{{Disputed}}</div>{{/Disputed}}"
)

QA_TEMPLATE = {
    "name": "Card",
    "qfmt": "<div class='quizgen quizgen-question'>{{Question}}</div>",
    "afmt": (
        "{{FrontSide}}<hr id=answer>"
        "<div class='quizgen'><div class='quizgen-answer'>{{Answer}}</div>"
        + _EXTRAS_HTML
        + "</div>"
    ),
}

CLOZE_TEMPLATE = {
    "name": "Cloze",
    "qfmt": "<div class='quizgen quizgen-question'>{{cloze:Text}}</div>",
    "afmt": (
        "<div class='quizgen quizgen-question'>{{cloze:Text}}</div>"
        "<div class='quizgen'>" + _EXTRAS_HTML + "</div>"
    ),
}


def note_types() -> tuple[Any, Any]:
    """Return quizgen's two genanki note types: question/answer and cloze."""
    import genanki

    qa = genanki.Model(
        QA_MODEL_ID,
        QA_MODEL_NAME,
        fields=[{"name": name} for name in QA_FIELDS],
        templates=[dict(QA_TEMPLATE)],
        css=CSS,
    )
    cloze = genanki.Model(
        CLOZE_MODEL_ID,
        CLOZE_MODEL_NAME,
        fields=[{"name": name} for name in CLOZE_FIELDS],
        templates=[dict(CLOZE_TEMPLATE)],
        css=CSS,
        model_type=genanki.Model.CLOZE,
    )
    return qa, cloze


def note_types_fingerprint() -> str:
    """Return a digest of quizgen's note type design, without importing genanki."""
    design = [
        [QA_MODEL_ID, QA_MODEL_NAME, QA_FIELDS, QA_TEMPLATE],
        [CLOZE_MODEL_ID, CLOZE_MODEL_NAME, CLOZE_FIELDS, CLOZE_TEMPLATE],
        CSS,
    ]
    return hashlib.sha256(json.dumps(design, sort_keys=True).encode()).hexdigest()


def note_type_hashes() -> dict[int, str]:
    """Return a digest of each note type's definition, to know when Anki must update it."""
    hashes = {}
    for model in note_types():
        definition = model.to_json(0, 0)
        digest = hashlib.sha256(json.dumps(definition, sort_keys=True).encode()).hexdigest()
        hashes[int(model.model_id)] = digest
    return hashes
