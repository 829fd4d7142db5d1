"""Note types, identity, escaping and the bytes of one `.apkg`."""

from __future__ import annotations

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
from deck_fixtures import open_collection
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.anki.apkg import NoteStamp, package_apkg, package_digest, write_apkg
from quizgen.anki.filenames import deck_file_names, deck_slug
from quizgen.anki.identity import GUID_NAMESPACE, deck_id, note_guid
from quizgen.anki.notes import (
    PackagedNote,
    clean_text,
    cloze_field,
    escape_text,
    make_note,
    make_notes,
    note_tags,
    sanitize_tag,
)
from quizgen.anki.notetypes import (
    CLOZE_FIELDS,
    CLOZE_MODEL_ID,
    QA_FIELDS,
    QA_MODEL_ID,
    note_type_hashes,
)
from quizgen.errors import BuildError
from quizgen.model.facts import Card, CardKind, DateFact, DateSpec, NameFact


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


def test_guid_is_pinned_so_a_changed_recipe_cannot_slip_through() -> None:
    assert note_guid("recognition", CardKind.QUESTION) == "P1P5*0(Xmr"
    assert note_guid("recognition", "question") == "P1P5*0(Xmr"


def test_guid_ignores_every_text_the_user_edits() -> None:
    edited = DateFact(
        id="recognition",
        deck="Elsewhere",
        sources=("lee-2014",),
        event="Mongolia was the second state to recognize North Korea",
        date=DateSpec.parse("1948"),
    )
    assert make_note(qa_card(edited, front="Other wording"), Extras(None, (), ())).guid == (
        make_note(qa_card(), EXTRAS).guid
    )


def test_renamed_fact_keeps_the_guids_of_its_first_former_id() -> None:
    renamed = DateFact(
        id="mongolia-recognizes-dprk",
        deck="Mongolia::Diplomacy",
        sources=("smith-2015",),
        renamed_from=("recognition", "recognition-2"),
        event="Mongolia recognized North Korea",
        date=DateSpec.parse("1948-10-15"),
    )
    note = make_note(qa_card(renamed), EXTRAS)
    assert note.guid == note_guid("recognition", CardKind.QUESTION)
    assert note.fields[QA_FIELDS.index("FactId")] == "mongolia-recognizes-dprk"
    assert note.key == "mongolia-recognizes-dprk/question"


slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)


@given(st.sets(st.tuples(slugs, st.sampled_from(list(CardKind))), min_size=2, max_size=40))
def test_guids_are_unique_and_stable(pairs: set[tuple[str, CardKind]]) -> None:
    guids = [note_guid(fact_id, kind) for fact_id, kind in sorted(pairs)]
    assert len(set(guids)) == len(guids)
    assert guids == [note_guid(fact_id, kind.value) for fact_id, kind in sorted(pairs)]


@given(fact_id=st.text(max_size=20), kind=st.sampled_from(list(CardKind)))
def test_guids_follow_genankis_recipe(fact_id: str, kind: CardKind) -> None:
    import genanki

    assert note_guid(fact_id, kind) == genanki.guid_for(GUID_NAMESPACE, fact_id, kind.value)


def test_the_notes_of_one_fact_are_packaged_as_one_at_a_time() -> None:
    cards = [qa_card(), qa_card(kind=CardKind.REVERSE, front="What?"), cloze_card("In ", "x", "")]
    assert make_notes(cards, EXTRAS, ("a-tag",)) == [
        make_note(card, EXTRAS, ("a-tag",)) for card in cards
    ]
    assert make_notes(cards, EXTRAS) == [make_note(card, EXTRAS) for card in cards]


def test_deck_ids_come_from_names_and_stay_in_ankis_range() -> None:
    assert deck_id("Mongolia") == deck_id("Mongolia")
    assert deck_id("Mongolia") != deck_id("Mongolia::Diplomacy")
    assert deck_id("Mongolia") == 1_852_927_932
    for name in ("", "a", "Mongolia::Diplomacy", "x" * 500):
        assert 1 << 30 <= deck_id(name) < 1 << 31


def test_note_types_have_fixed_ids_and_field_names() -> None:
    assert (QA_MODEL_ID, CLOZE_MODEL_ID) == (1_574_268_913, 1_574_268_914)
    assert QA_FIELDS == ("Question", "Answer", "Note", "Sources", "Disputed", "FactId", "Kind")
    assert CLOZE_FIELDS == ("Text", "Note", "Sources", "Disputed", "FactId", "Kind")
    assert set(note_type_hashes()) == {QA_MODEL_ID, CLOZE_MODEL_ID}


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
    ],
)
def test_escape_text(text: str, expected: str) -> None:
    assert escape_text(text) == expected


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("In ", "1948", "."), "In {{c1::1948}}."),
        (("", "a::b", ""), "{{c1::a&#58;&#58;b}}"),
        (("x ", "a}}b", " y"), "x {{c1::a&#125;&#125;b}} y"),
        (("{{c2::", "<i>", "}}"), "&#123;&#123;c2::{{c1::&lt;i&gt;}}&#125;&#125;"),
        (("see: ", "10:30", ""), "see: {{c1::10&#58;30}}"),
    ],
)
def test_cloze_field_has_exactly_one_deletion(parts: tuple[str, str, str], expected: str) -> None:
    field = cloze_field(*parts)
    assert field == expected
    assert len(re.findall(r"\{\{c\d+::", field)) == 1
    assert field.count("}}") == 1


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


def test_make_note_fills_every_field_escaped() -> None:
    note = make_note(qa_card(front="Is <this> a {{c1::trap}}?"), EXTRAS)
    assert dict(zip(QA_FIELDS, note.fields, strict=True)) == {
        "Question": "Is &lt;this&gt; a &#123;&#123;c1::trap&#125;&#125;?",
        "Answer": "On 15 October 1948",
        "Note": "One of the first &lt;i&gt;states&lt;/i&gt;.",
        "Sources": "<ul><li>Jane Smith, The Diplomat, 2015</li></ul>",
        "Disputed": "<ul><li>It was 1949 (Kim Lee, Asia Times, 2014)</li></ul>",
        "FactId": "recognition",
        "Kind": "question",
    }
    assert note.model_id == QA_MODEL_ID
    assert note.deck == "Mongolia::Diplomacy"


def test_make_cloze_note() -> None:
    note = make_note(
        cloze_card("Mongolia recognized North Korea ", "on 15 October 1948", "."), EXTRAS
    )
    assert note.model_id == CLOZE_MODEL_ID
    assert note.fields[0] == "Mongolia recognized North Korea {{c1::on 15 October 1948}}."
    assert note.fields[CLOZE_FIELDS.index("Kind")] == "cloze"


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
    ],
)
def test_cards_anki_would_drop_are_errors(card: Card, message: str) -> None:
    with pytest.raises(BuildError) as error:
        make_note(card, EXTRAS)
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
        make_note(qa_card(), EXTRAS),
        make_note(qa_card(kind=CardKind.REVERSE, front="What happened?"), EXTRAS),
        make_note(cloze_card("In ", "1948", "."), EXTRAS),
        make_note(Card(other, CardKind.QUESTION, "Name a president.", "Elbegdorj", "name"), EXTRAS),
    ]


def stamps_for(notes: list[PackagedNote], mod: int = 1_700_000_000) -> dict[str, NoteStamp]:
    return {note.guid: NoteStamp(1_700_000_000_000 + i, mod + i) for i, note in enumerate(notes)}


TYPE_MODS = {QA_MODEL_ID: 1_600_000_000, CLOZE_MODEL_ID: 1_600_000_001}


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
        (1_700_000_000_000 + i, note.guid, note.model_id, 1_700_000_000 + i)
        for i, note in enumerate(notes)
    ]
    assert rows[0][4] == " diplomacy quizgen::source::smith-2015 quizgen::type::date "
    cards = apkg_db.execute(
        "SELECT id, nid, due, type, queue, mod FROM cards ORDER BY due"
    ).fetchall()
    assert [(c[0] == c[1], c[2], c[3], c[4]) for c in cards] == [
        (True, 1, 0, 0),
        (True, 2, 0, 0),
        (True, 3, 0, 0),
        (True, 4, 0, 0),
    ]


def test_collection_header_and_note_types_are_fixed(apkg_db: sqlite3.Connection) -> None:
    import json

    crt, mod, models, decks = apkg_db.execute("SELECT crt, mod, models, decks FROM col").fetchone()
    assert (crt, mod) == (1411124400, 1425279151694)
    models = json.loads(models)
    assert {int(k): v["mod"] for k, v in models.items()} == TYPE_MODS
    assert models[str(QA_MODEL_ID)]["name"] == "quizgen Q/A"
    assert [f["name"] for f in models[str(CLOZE_MODEL_ID)]["flds"]] == list(CLOZE_FIELDS)
    assert models[str(CLOZE_MODEL_ID)]["type"] == 1
    names = sorted(deck["name"] for deck in json.loads(decks).values())
    assert names == ["Default", "Mongolia", "Mongolia::Diplomacy", "Mongolia::People"]
    assert ".nightMode" in models[str(QA_MODEL_ID)]["css"]
    assert ".night_mode" in models[str(CLOZE_MODEL_ID)]["css"]


# --- clozes rendered by Anki's own engine --------------------------------------------------


@pytest.fixture(scope="module")
def cloze_note_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    col = open_collection(tmp_path_factory.mktemp("anki") / "collection.anki2")
    model = col.models.by_name("Cloze")

    def make(text: str) -> Any:
        note = col.new_note(model)
        note["Text"] = text
        return note

    yield make
    col.close()


CLOZE_SPAN = re.compile(r'<span class="cloze" data-ordinal="1">(.*?)</span>', re.DOTALL)
CLOZE_TOKENS = [
    "::",
    "}}",
    "{{",
    "{{c2::",
    "{{c1::",
    ":",
    "}",
    "{",
    "<b>",
    "</span>",
    "&amp;",
    "&",
    "\n",
    " ",
]
hostile_text = st.lists(st.sampled_from(CLOZE_TOKENS) | st.text(max_size=3), max_size=8).map(
    "".join
)


@settings(max_examples=150, deadline=None)
@given(before=hostile_text, hidden=hostile_text.filter(lambda t: t.strip()), after=hostile_text)
def test_every_cloze_hides_exactly_its_answer(
    cloze_note_factory: Any, before: str, hidden: str, after: str
) -> None:
    note = cloze_note_factory(cloze_field(before, hidden, after))
    assert list(note.cloze_numbers_in_fields()) == [1]
    card = note.ephemeral_card(ord=0)
    answer = card.answer()
    (shown,) = CLOZE_SPAN.findall(answer)
    assert html.unescape(shown.replace("<br>", "\n")) == clean_text(hidden)
    question = card.question()
    assert question.count('class="cloze"') == 1
    assert "[...]" in question
