"""Note types, identity, escaping and the bytes of one `.apkg`."""

from __future__ import annotations

import dataclasses
import html
import io
import re
import sqlite3
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from deck_fixtures import import_decks, open_collection
from hypothesis import given
from hypothesis import strategies as st

from quizgen.anki.apkg import NoteStamp, package_apkg, package_digest, write_apkg
from quizgen.anki.filenames import deck_file_names, deck_slug
from quizgen.anki.identity import (
    GUID_NAMESPACE,
    LEGACY_GUID_NAMESPACE,
    deck_id,
    legacy_note_guid,
    note_guid,
)
from quizgen.anki.notes import (
    PackagedNote,
    escape_text,
    make_note,
    note_tags,
    sanitize_tag,
)
from quizgen.anki.notetypes import MODEL_IDS, NOTE_TYPES, note_type_hashes
from quizgen.errors import BuildError
from quizgen.model.facts import CARD_KINDS, Card, CardKind, DateFact, DateSpec, FactType, NameFact


@dataclass(frozen=True)
class Extras:
    note: str | None
    citations: tuple[str, ...]
    disputed: tuple[tuple[str, tuple[str, ...]], ...]


FACT = DateFact(
    id="recognition",
    deck="Mongolia::Diplomacy",
    sources=("smith-2015",),
    tags=("diplomacy",),
    event="Mongolia recognized North Korea",
    date=DateSpec.parse("1948-10-15"),
)
EXTRAS = Extras(
    note="One of the first <i>states</i>.",
    citations=("Jane Smith, The Diplomat, 2015",),
    disputed=(("It was 1949", ("Kim Lee, Asia Times, 2014",)),),
)


def qa_card(fact: Any = FACT, kind: CardKind = CardKind.QUESTION, front: str = "When?") -> Card:
    return Card(fact, kind, front, "On 15 October 1948", "date")


def cloze_card(before: str, hidden: str, after: str, fact: Any = FACT) -> Card:
    return Card(
        fact, CardKind.CLOZE, f"{before}[...]{after}", hidden, "date", (before, hidden, after)
    )


# --- identity ---------------------------------------------------------------------------


DATE_FIELDS = NOTE_TYPES[FactType.DATE].fields


def test_guid_is_pinned_so_a_changed_recipe_cannot_slip_through() -> None:
    assert note_guid("recognition") == "P$;:nKB~ks"
    assert legacy_note_guid("recognition", CardKind.QUESTION) == "P1P5*0(Xmr"
    assert legacy_note_guid("recognition", "question") == "P1P5*0(Xmr"


def test_guid_ignores_every_text_the_user_edits() -> None:
    edited = DateFact(
        id="recognition",
        deck="Elsewhere",
        sources=("lee-2014",),
        event="Mongolia was the second state to recognize North Korea",
        date=DateSpec.parse("1948"),
    )
    assert make_note([qa_card(edited, front="Other wording")], Extras(None, (), ())).guid == (
        make_note([qa_card()], EXTRAS).guid
    )


def test_renamed_fact_keeps_the_guid_of_its_first_former_id() -> None:
    renamed = DateFact(
        id="mongolia-recognizes-dprk",
        deck="Mongolia::Diplomacy",
        sources=("smith-2015",),
        renamed_from=("recognition", "recognition-2"),
        event="Mongolia recognized North Korea",
        date=DateSpec.parse("1948-10-15"),
    )
    note = make_note([qa_card(renamed)], EXTRAS)
    assert note.guid == note_guid("recognition")
    assert note.fields[DATE_FIELDS.index("FactId")] == "mongolia-recognizes-dprk"
    assert note.key == "mongolia-recognizes-dprk"


slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)


@given(st.sets(slugs, min_size=2, max_size=40))
def test_guids_are_unique_stable_and_never_an_older_quizgens(fact_ids: set[str]) -> None:
    guids = [note_guid(fact_id) for fact_id in sorted(fact_ids)]
    assert len(set(guids)) == len(guids)
    assert guids == [note_guid(fact_id) for fact_id in sorted(fact_ids)]
    legacy = {legacy_note_guid(fact_id, kind) for fact_id in fact_ids for kind in CardKind}
    assert not legacy & set(guids)


@given(fact_id=st.text(max_size=20), kind=st.sampled_from(list(CardKind)))
def test_guids_follow_genankis_recipe(fact_id: str, kind: CardKind) -> None:
    import genanki

    assert note_guid(fact_id) == genanki.guid_for(GUID_NAMESPACE, fact_id)
    assert legacy_note_guid(fact_id, kind) == genanki.guid_for(
        LEGACY_GUID_NAMESPACE, fact_id, kind.value
    )


def test_deck_ids_come_from_names_and_stay_in_ankis_range() -> None:
    assert deck_id("Mongolia") == deck_id("Mongolia")
    assert deck_id("Mongolia") != deck_id("Mongolia::Diplomacy")
    assert deck_id("Mongolia") == 1_852_927_932
    for name in ("", "a", "Mongolia::Diplomacy", "x" * 500):
        assert 1 << 30 <= deck_id(name) < 1 << 31


def test_note_types_have_fixed_ids_names_fields_and_one_template_per_kind() -> None:
    assert dict(MODEL_IDS) == {
        FactType.DATE: 1_574_268_921,
        FactType.NAME: 1_574_268_922,
        FactType.FIGURE: 1_574_268_923,
        FactType.AGREEMENT: 1_574_268_924,
    }
    assert NOTE_TYPES[FactType.DATE].name == "quizgen date"
    assert DATE_FIELDS == (
        "Question front",
        "Question back",
        "Reverse front",
        "Reverse back",
        "Cloze front",
        "Cloze back",
        "Context",
        "Note",
        "Sources",
        "Disputed",
        "FactId",
    )
    for fact_type, note_type in NOTE_TYPES.items():
        names = [template["name"] for template in note_type.templates]
        assert names == [kind.value.capitalize() for kind in CARD_KINDS[fact_type]]
    assert set(note_type_hashes()) == set(MODEL_IDS.values())


# --- escaping ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        (
            "<b>bold</b> & <script>x()</script>",
            "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;x()&lt;/script&gt;",
        ),
        ("{{c9::typed}}", "&#123;&#123;c9::typed&#125;&#125;"),
        ("{{Question}}", "&#123;&#123;Question&#125;&#125;"),
        ("line one\nline two", "line one<br>line two"),
        ("nul\x00 and field separator\x1f", "nul\ufffd and field separator\ufffd"),
        ("quotes \" and ' stay", "quotes \" and ' stay"),
        ("right-to-left \u05e9\u05dc\u05d5\u05dd", "right-to-left \u05e9\u05dc\u05d5\u05dd"),
        ("turned \u202earound\u2066", "turned \ufffdaround\ufffd"),
        ("[sound:evil.mp3]", "&#91;sound:evil.mp3&#93;"),
        ("\\(x\\)", "<span>&#92;</span>(x<span>&#92;</span>)"),
    ],
)
def test_escape_text(text: str, expected: str) -> None:
    assert escape_text(text) == expected


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("diplomacy", "diplomacy"),
        ("north korea", "north_korea"),
        ("a::b", "a::b"),
        ("::a::::b::", "a::b"),
        ('say "hi"', "say_hi"),
        ("tab\there", "tab_here"),
        ("   ", ""),
    ],
)
def test_sanitize_tag(tag: str, expected: str) -> None:
    assert sanitize_tag(tag) == expected


def test_note_tags_add_type_and_sources_once_and_sorted() -> None:
    fact = DateFact(
        id="x",
        deck="D",
        sources=("smith-2015", "lee-2014"),
        tags=("Visits", "visits", "north korea"),
        event="e",
        date=DateSpec.parse("2000"),
    )
    assert note_tags(fact) == (
        "north_korea",
        "quizgen::source::lee-2014",
        "quizgen::source::smith-2015",
        "quizgen::type::date",
        "Visits",
    )


def test_make_note_fills_each_kinds_fields_escaped_and_leaves_the_others_empty() -> None:
    cards = [
        dataclasses.replace(qa_card(front="Is <this> a {{c1::trap}}?"), context="Mongolia · Ties"),
        cloze_card("Mongolia recognized North Korea ", "on 15 October 1948", "."),
    ]
    note = make_note(cards, EXTRAS)
    assert dict(zip(DATE_FIELDS, note.fields, strict=True)) == {
        "Question front": "Is &lt;this&gt; a &#123;&#123;c1::trap&#125;&#125;?",
        "Question back": "On 15 October 1948",
        "Reverse front": "",
        "Reverse back": "",
        "Cloze front": (
            "Mongolia recognized North Korea <span class='cloze'>&#91;...&#93;</span>."
        ),
        "Cloze back": (
            "Mongolia recognized North Korea <span class='cloze'>on 15 October 1948</span>."
        ),
        "Context": "Mongolia · Ties",
        "Note": "One of the first &lt;i&gt;states&lt;/i&gt;.",
        "Sources": "<ul><li>Jane Smith, The Diplomat, 2015</li></ul>",
        "Disputed": "<ul><li>It was 1949 (Kim Lee, Asia Times, 2014)</li></ul>",
        "FactId": "recognition",
    }
    assert note.model_id == MODEL_IDS[FactType.DATE]
    assert note.deck == "Mongolia::Diplomacy"
    assert note.ords == (0, 2)
    assert note.key == "recognition"


@pytest.mark.parametrize(
    ("card", "message"),
    [
        (
            Card(FACT, CardKind.QUESTION, "  ", "1948", "date"),
            "<memory>: fact 'recognition': question card has an empty question; "
            "Anki would make no card from it",
        ),
        (
            Card(FACT, CardKind.CLOZE, "In [...].", "", "date", ("In ", " ", ".")),
            "<memory>: fact 'recognition': cloze card hides nothing; "
            "Anki would make no card from it",
        ),
        (
            qa_card(dataclasses.replace(FACT, deck="Bad\x1b[2J::Deck")),
            "<memory>: fact 'recognition': the deck name 'Bad\\x1b[2J::Deck' holds a control "
            "or bidi-override character",
        ),
    ],
)
def test_cards_anki_would_drop_or_mangle_are_errors(card: Card, message: str) -> None:
    with pytest.raises(BuildError) as error:
        make_note([card], EXTRAS)
    assert str(error.value) == message


# --- file names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Mongolia", "mongolia"),
        ("North Korea & Mongolia", "north-korea-mongolia"),
        ("../../etc/passwd", "etc-passwd"),
        ("/absolute", "absolute"),
        ("C:\\Windows", "c-windows"),
        ("Ünïcödé", "unicode"),
        ("con", "con-deck"),
        ("..", "deck-" + __import__("hashlib").sha256(b"..").hexdigest()[:8]),
        (
            "\u05e9\u05dc\u05d5\u05dd",
            "deck-"
            + __import__("hashlib").sha256("\u05e9\u05dc\u05d5\u05dd".encode()).hexdigest()[:8],
        ),
    ],
)
def test_deck_slug_never_leaves_the_folder(name: str, expected: str) -> None:
    assert deck_slug(name) == expected
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", expected)


@given(st.text(max_size=200))
def test_any_deck_name_makes_a_plain_file_name(name: str) -> None:
    file_name = deck_file_names([name])[name]
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*\.apkg", file_name)
    assert len(file_name) <= 100
    assert Path("decks", file_name).parent == Path("decks")


def test_colliding_slugs_get_distinct_names() -> None:
    names = deck_file_names(["Mongolia", "mongolia", "MONGOLIA!", "People"])
    assert len(set(names.values())) == 4
    assert names["People"] == "people.apkg"
    assert all(
        re.fullmatch(r"mongolia-[0-9a-f]{8}\.apkg", names[n]) for n in ("Mongolia", "mongolia")
    )


# --- the .apkg bytes ---------------------------------------------------------------------


def packaged_notes() -> list[PackagedNote]:
    other = NameFact(
        id="elbegdorj",
        deck="Mongolia::People",
        sources=("smith-2015",),
        name="Tsakhiagiin Elbegdorj",
        description="a president",
    )
    return [
        make_note(
            [
                qa_card(),
                qa_card(kind=CardKind.REVERSE, front="What happened?"),
                cloze_card("In ", "1948", "."),
            ],
            EXTRAS,
        ),
        make_note(
            [Card(other, CardKind.QUESTION, "Name a president.", "Elbegdorj", "name")], EXTRAS
        ),
    ]


def stamps_for(notes: list[PackagedNote], mod: int = 1_700_000_000) -> dict[str, NoteStamp]:
    return {
        note.guid: NoteStamp(1_700_000_000_000 + 8 * i, mod + i) for i, note in enumerate(notes)
    }


TYPE_MODS = {MODEL_IDS[FactType.DATE]: 1_600_000_000, MODEL_IDS[FactType.NAME]: 1_600_000_001}


@pytest.fixture
def apkg_db(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    notes = packaged_notes()
    data = write_apkg(notes, stamps_for(notes), TYPE_MODS)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        (tmp_path / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(tmp_path / "collection.anki2")
    yield connection
    connection.close()


def test_a_package_comes_with_the_digest_of_its_contents() -> None:
    notes = packaged_notes()
    data, digest = package_apkg(notes, stamps_for(notes), TYPE_MODS)
    assert data == write_apkg(notes, stamps_for(notes), TYPE_MODS)
    assert digest == package_digest(data)


def test_same_notes_and_times_give_the_same_bytes() -> None:
    notes = packaged_notes()
    assert write_apkg(notes, stamps_for(notes), TYPE_MODS) == write_apkg(
        packaged_notes(), stamps_for(packaged_notes()), dict(TYPE_MODS)
    )


def test_a_different_time_gives_different_bytes() -> None:
    notes = packaged_notes()
    assert write_apkg(notes, stamps_for(notes), TYPE_MODS) != write_apkg(
        notes, stamps_for(notes, mod=1_700_000_001), TYPE_MODS
    )


def test_the_database_header_does_not_name_the_sqlite_version() -> None:
    notes = packaged_notes()
    with zipfile.ZipFile(io.BytesIO(write_apkg(notes, stamps_for(notes), TYPE_MODS))) as archive:
        header = archive.read("collection.anki2")[:100]
    assert header.startswith(b"SQLite format 3\x00")
    assert header[96:100] == b"\x00\x00\x00\x00"


def test_a_database_stamped_with_its_sqlite_version_loses_the_stamp() -> None:
    from quizgen.anki.apkg import _normalise_sqlite_header

    stamped = b"SQLite format 3\x00" + b"h" * 80 + (3_040_001).to_bytes(4, "big") + b"pages"
    assert _normalise_sqlite_header(stamped) == stamped[:96] + bytes(4) + b"pages"


def test_zip_entries_have_fixed_dates_and_attributes() -> None:
    notes = packaged_notes()
    with zipfile.ZipFile(io.BytesIO(write_apkg(notes, stamps_for(notes), TYPE_MODS))) as archive:
        infos = archive.infolist()
        assert [info.filename for info in infos] == ["collection.anki2", "media"]
        assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert {info.external_attr for info in infos} == {0o644 << 16}
        assert {info.create_system for info in infos} == {3}
        assert archive.read("media") == b"{}"


def test_notes_and_cards_carry_their_stamps_and_file_order(apkg_db: sqlite3.Connection) -> None:
    notes = packaged_notes()
    rows = apkg_db.execute("SELECT id, guid, mid, mod, tags FROM notes ORDER BY id").fetchall()
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        (1_700_000_000_000 + 8 * i, note.guid, note.model_id, 1_700_000_000 + i)
        for i, note in enumerate(notes)
    ]
    assert rows[0][4] == " diplomacy quizgen::source::smith-2015 quizgen::type::date "
    cards = apkg_db.execute(
        "SELECT id, nid, ord, due, type, queue FROM cards ORDER BY due"
    ).fetchall()
    first, second = (row[0] for row in rows)
    # Card ids follow their note's; each template's cards come before the next template's.
    assert cards == [
        (first, first, 0, 1, 0, 0),
        (second, second, 0, 2, 0, 0),
        (first + 1, first, 1, 3, 0, 0),
        (first + 2, first, 2, 4, 0, 0),
    ]


def test_collection_header_and_note_types_are_fixed(apkg_db: sqlite3.Connection) -> None:
    import json

    crt, mod, models, decks = apkg_db.execute("SELECT crt, mod, models, decks FROM col").fetchone()
    assert (crt, mod) == (1411124400, 1425279151694)
    models = json.loads(models)
    assert {int(k): v["mod"] for k, v in models.items()} == TYPE_MODS
    date = models[str(MODEL_IDS[FactType.DATE])]
    assert date["name"] == "quizgen date"
    assert [f["name"] for f in date["flds"]] == list(DATE_FIELDS)
    assert [t["ord"] for t in date["tmpls"]] == [0, 1, 2]
    assert date["type"] == 0  # standard, cloze kinds included
    names = sorted(deck["name"] for deck in json.loads(decks).values())
    assert names == ["Default", "Mongolia", "Mongolia::Diplomacy", "Mongolia::People"]
    assert ".nightMode" in date["css"]
    assert ".quizgen-context" in date["css"]


# --- text is text in Anki's own renderer -----------------------------------------------

LIVE_SYNTAX = [
    "[sound:evil.mp3]",
    "[anki:tts lang=en_US]spoken[/anki:tts]",
    "[latex]x^2[/latex]",
    "[$]y^2[/$]",
    "[$$]z^2[/$$]",
    "\\(a+b\\)",
    "\\[c+d\\]",
    "{{c1::hidden}}",
    "a }} b :: c",
    "<b>bold</b> & <img src=x onerror=alert(1)>",
    "{{FrontSide}} {{Question front}}",
]


def text_nodes(rendered: str) -> list[str]:
    """Return the text a browser would hold between tags, entities read."""
    return [html.unescape(part) for part in re.split(r"<[^>]*>", rendered)]


@pytest.mark.parametrize("typed", LIVE_SYNTAX)
def test_anki_shows_anki_syntax_in_fact_text_as_typed(tmp_path: Path, typed: str) -> None:
    fact = NameFact(id="typed", deck="Raw", sources=("s",), name=typed, description=f"said {typed}")
    cards = [
        dataclasses.replace(
            Card(fact, CardKind.QUESTION, f"Who {typed}?", typed, "name"), context=typed
        ),
        Card(
            fact, CardKind.CLOZE, f"It {typed} [...].", typed, "name", (f"It {typed} ", typed, ".")
        ),
    ]
    notes = [make_note(cards, Extras(typed, (typed,), ((typed, (typed,)),)))]
    path = tmp_path / "raw.apkg"
    path.write_bytes(write_apkg(notes, stamps_for(notes), {MODEL_IDS[FactType.NAME]: 1}))
    col = open_collection(tmp_path / "anki" / "collection.anki2")
    try:
        assert import_decks(col, [path]).new == 1
        (note_id,) = col.find_notes("")
        for card in col.get_note(note_id).cards():
            for rendered in (card.question(), card.answer()):
                body = rendered.split("</style>")[-1]
                shown = "".join(text_nodes(body))
                assert typed in shown, (typed, body)
                assert "<img" not in body  # no LaTeX image
                assert "[anki:play" not in body  # no sound or speech
                # MathJax reads text nodes: none may open \( or \[.
                assert not any(
                    opener in node for node in text_nodes(body) for opener in ("\\(", "\\[")
                )
            assert not card.question_av_tags()
            assert not card.answer_av_tags()
    finally:
        col.close()
