"""Package cards as Anki notes and write one `.apkg` deck file, byte for byte reproducibly.

Identity is what lets a rebuilt deck update a user's notes instead of duplicating them:

- two note types with fixed ids, field names and template names; the generated question and
  answer text live in fields, so new template wording updates notes, never note types;
- a note's GUID comes from its fact id and card kind only (a renamed fact keeps the GUIDs of
  the first id in `renamed_from`);
- deck ids come from deck names.

Anki applies an incoming note only when its modification time is newer than the one in the
collection, so the caller passes each note's time (kept in the lock file by `quizgen.build.run`);
everything else in the file is fixed, so the same notes and times give the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import html
import io
import itertools
import json
import re
import sqlite3
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from quizgen.errors import BuildError
from quizgen.model.facts import AnyFact, Card, CardKind

QA_MODEL_ID = 1_574_268_913
"""Note type id of "quizgen Q/A"; never change it, or every user's notes are duplicated."""

CLOZE_MODEL_ID = 1_574_268_914
"""Note type id of "quizgen Cloze"; never change it either."""

QA_MODEL_NAME = "quizgen Q/A"
CLOZE_MODEL_NAME = "quizgen Cloze"

QA_FIELDS = ("Question", "Answer", "Note", "Sources", "Disputed", "FactId", "Kind")
CLOZE_FIELDS = ("Text", "Note", "Sources", "Disputed", "FactId", "Kind")

GUID_NAMESPACE = "quizgen"
"""First part of every note GUID, so quizgen's GUIDs never meet another tool's."""

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


class Extras(Protocol):
    """What the back of a card shows after the answer (`quizgen.cards.render.Extras` fits)."""

    @property
    def note(self) -> str | None:
        """Return the fact's note, or None."""

    @property
    def citations(self) -> tuple[str, ...]:
        """Return the short citations of the fact's sources."""

    @property
    def disputed(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Return each disputed claim with the citations that make it."""


@dataclass(frozen=True)
class PackagedNote:
    """One Anki note ready to write: identity, note type, deck, HTML fields and tags."""

    key: str
    guid: str
    fact_id: str
    kind: CardKind
    model_id: int
    deck: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]

    @property
    def content_hash(self) -> str:
        """Return a digest of everything Anki stores for the note (its time excluded)."""
        # Fields and tags never hold NUL or the unit separator (`clean_text`), so these
        # separators keep the parts apart.
        payload = "\x00".join(
            (
                self.guid,
                str(self.model_id),
                self.deck,
                "\x1f".join(self.fields),
                " ".join(self.tags),
            )
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NoteStamp:
    """The note id and modification time (seconds) a note is written with."""

    note_id: int
    mod: int


def identity_id(fact: AnyFact) -> str:
    """Return the id a fact's notes are known by: its first former id, or its own."""
    return fact.renamed_from[0] if fact.renamed_from else fact.id


_BASE91 = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)
"""The digits of Anki's GUIDs, in the order `genanki.guid_for` uses them."""

_BASE91_PAIRS = tuple(high + low for high in _BASE91 for low in _BASE91)
"""Every two-digit number in base 91, written as `_BASE91` digits: the GUID is written two
digits at a time."""


def note_guid(fact_id: str, kind: CardKind | str) -> str:
    """Return the GUID of a fact's note of one card kind; no other input changes it.

    It is `genanki.guid_for(GUID_NAMESPACE, fact_id, kind)`: the first 8 bytes of a SHA-256
    written in base 91. Made here, a build of many notes skips genanki's digit-by-digit loop.
    """
    kind_value = kind.value if isinstance(kind, CardKind) else kind
    digest = hashlib.sha256(f"{GUID_NAMESPACE}__{fact_id}__{kind_value}".encode())
    number = int.from_bytes(digest.digest()[:8], "big")
    pairs = []
    while number:
        number, pair = divmod(number, 91 * 91)
        pairs.append(_BASE91_PAIRS[pair])
    # The leading pair may start with a zero digit, which a number is written without.
    return "".join(reversed(pairs)).removeprefix(_BASE91[0])


def deck_id(name: str) -> int:
    """Return the Anki deck id for a deck name: a stable hash in genanki's advised range."""
    digest = hashlib.sha256(f"quizgen deck\x00{name}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NEEDS_ESCAPE = re.compile(r"[<>&{}\r\n\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TAG_BAD = re.compile(r"[\s\x00-\x1f\x7f-\x9f\"]+")


def clean_text(text: str) -> str:
    """Replace characters that cannot live in an Anki field (NUL, the field separator)."""
    return _CONTROL.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def escape_text(text: str) -> str:
    """Turn plain fact text into field HTML that shows exactly that text.

    HTML is escaped and braces become entities, so neither markup nor `{{c1::…}}` typed in a
    fact is ever read as anything but text.
    """
    if not _NEEDS_ESCAPE.search(text):
        return text
    escaped = html.escape(clean_text(text), quote=False)
    escaped = escaped.replace("{", "&#123;").replace("}", "&#125;")
    return escaped.replace("\n", "<br>")


def escape_cloze_answer(text: str) -> str:
    """Escape the hidden part of a cloze: also no `::`, which would start a hint."""
    return escape_text(text).replace(":", "&#58;")


def cloze_field(before: str, hidden: str, after: str) -> str:
    """Return the Text field of a cloze note whose only deletion hides exactly `hidden`."""
    return f"{escape_text(before)}{{{{c1::{escape_cloze_answer(hidden)}}}}}{escape_text(after)}"


@functools.lru_cache(maxsize=4096)
def sanitize_tag(tag: str) -> str:
    """Return `tag` as Anki accepts it: no spaces or quotes, no empty `::` levels."""
    parts = (_TAG_BAD.sub("_", part).strip("_") for part in tag.split("::"))
    return "::".join(part for part in parts if part)


def note_tags(fact: AnyFact) -> tuple[str, ...]:
    """Return a fact's Anki tags: its own tags plus `quizgen::type::…` and `quizgen::source::…`.

    Anki compares tags without regard to case, so the first spelling wins; tags are sorted so
    reordering them in a fact file does not count as an edit.
    """
    wanted = [
        *fact.tags,
        f"quizgen::type::{fact.type.value}",
        *(f"quizgen::source::{source}" for source in fact.sources),
    ]
    seen: dict[str, str] = {}
    for tag in wanted:
        clean = sanitize_tag(tag)
        if clean:
            seen.setdefault(clean.casefold(), clean)
    return tuple(sorted(seen.values(), key=lambda t: (t.casefold(), t)))


def _html_list(items: Sequence[str]) -> str:
    if not items:
        return ""
    return "<ul>" + "".join(f"<li>{escape_text(item)}</li>" for item in items) + "</ul>"


def _disputed_items(extras: Extras) -> list[str]:
    return [
        f"{claim} ({'; '.join(citations)})" if citations else claim
        for claim, citations in extras.disputed
    ]


def make_note(card: Card, extras: Extras, tags: tuple[str, ...] | None = None) -> PackagedNote:
    """Package one card as a note of quizgen's own note types.

    `tags` may pass `note_tags(card.fact)`, computed once for all the fact's cards. Raise
    `BuildError` for a card Anki would silently drop: an empty question or cloze answer.
    """
    return make_notes([card], extras, tags)[0]


def make_notes(
    cards: Sequence[Card], extras: Extras, tags: tuple[str, ...] | None = None
) -> list[PackagedNote]:
    """Package the cards of one fact as notes, like `make_note` for each, sharing the work.

    The fields every card of a fact shows alike (note, sources, disputed claims) and the
    tags are made once.
    """
    if not cards:
        return []
    fact = cards[0].fact
    shared = (
        escape_text(extras.note or ""),
        _html_list(extras.citations),
        _html_list(_disputed_items(extras)),
        escape_text(fact.id),
    )
    if tags is None:
        tags = note_tags(fact)
    identity = identity_id(fact)
    notes = []
    for card in cards:
        kind = card.kind
        if kind is CardKind.CLOZE:
            if card.cloze is None or not card.cloze[1].strip():
                raise BuildError(f"{_where(card)} hides nothing; Anki would make no card from it")
            model_id = CLOZE_MODEL_ID
            fields: tuple[str, ...] = (cloze_field(*card.cloze), *shared, kind.value)
        else:
            if not card.front.strip():
                raise BuildError(
                    f"{_where(card)} has an empty question; Anki would make no card from it"
                )
            model_id = QA_MODEL_ID
            fields = (escape_text(card.front), escape_text(card.back), *shared, kind.value)
        notes.append(
            PackagedNote(
                key=card.key,
                guid=note_guid(identity, kind),
                fact_id=card.fact.id,
                kind=kind,
                model_id=model_id,
                deck=card.fact.deck,
                fields=fields,
                tags=tags,
            )
        )
    return notes


def _where(card: Card) -> str:
    return f"{card.fact.location}: fact '{card.fact.id}': {card.kind.value} card"


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


_WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{p}{n}" for p in ("com", "lpt") for n in range(10)
}


def deck_slug(name: str) -> str:
    """Return a file-name stem for a deck: ASCII letters, digits and dashes only.

    Nothing in a deck name (`../`, `/`, NUL, a drive letter) can make the file land outside
    the deck folder, because only `[a-z0-9-]` survive.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:80].strip("-")
    if not slug:
        slug = "deck-" + hashlib.sha256(name.encode()).hexdigest()[:8]
    if slug in _WINDOWS_RESERVED:
        slug += "-deck"
    return slug


def deck_file_names(names: Sequence[str]) -> dict[str, str]:
    """Map top-level deck names to distinct `.apkg` file names.

    Names whose slugs collide each get a short hash of the exact name, so no deck overwrites
    another.
    """
    slugs = {name: deck_slug(name) for name in names}
    counts: dict[str, int] = {}
    for slug in slugs.values():
        counts[slug] = counts.get(slug, 0) + 1
    result = {}
    for name, slug in slugs.items():
        if counts[slug] > 1:
            slug = f"{slug}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"
        result[name] = f"{slug}.apkg"
    return result
