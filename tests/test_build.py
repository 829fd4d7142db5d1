"""Building the deck folder: reports, the lock file, incremental rebuilds, dry runs, checks."""

from __future__ import annotations

import json
import shutil
from hashlib import sha256
from pathlib import Path

import pytest
from deck_fixtures import SAMPLE_FILES, edit, move_fact, sample_facts
from factories import write_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizgen.build.lockfile import LOCK_FILE_NAME, read_lock_file
from quizgen.build.run import (
    CODE_STAMP_NAME,
    BuildReport,
    DeckStatus,
    MovedNotes,
    RemovedFact,
    build,
    check_build,
    code_fingerprint,
)
from quizgen.errors import BuildError, FactError

T0 = 1_700_000_000


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file in a folder (hidden ones too) with its bytes."""
    if not folder.exists():
        return {}
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def outputs(folder: Path) -> dict[str, bytes]:
    """Return what a build writes: the decks and the lock file, not the folder lock."""
    return {name: data for name, data in snapshot(folder).items() if not name.startswith(".")}


def summary(report: BuildReport) -> list[tuple[str, str, str, int, int, int, int]]:
    return [
        (
            deck.name,
            deck.file.name,
            deck.status.value,
            deck.new,
            deck.changed,
            deck.unchanged,
            deck.removed_notes,
        )
        for deck in report.decks
    ]


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    return sample_facts(tmp_path)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "decks"


def test_first_build_writes_one_file_per_top_level_deck_and_the_lock_file(
    facts: Path, out: Path
) -> None:
    report = build(facts, out, now=T0)
    assert summary(report) == [
        ("Mongolia", "mongolia.apkg", "written", 4, 0, 0, 0),
        ("People", "people.apkg", "written", 1, 0, 0, 0),
    ]
    assert sorted(outputs(out)) == ["mongolia.apkg", "people.apkg", LOCK_FILE_NAME]
    lock = json.loads((out / LOCK_FILE_NAME).read_text())
    assert sorted(lock) == ["decks", "format", "generator", "inputs", "note_types"]
    assert sorted(lock["decks"]["People"]["notes"]) == ["elbegdorj"]  # one note per fact
    note = lock["decks"]["People"]["notes"]["elbegdorj"]
    assert note["mod"] == T0
    assert note["deck"] == "People"
    assert lock["decks"]["Mongolia"]["notes"]["workers"]["deck"] == "Mongolia::Diplomacy"
    assert sorted(lock["decks"]["People"]) == [
        "built_from",
        "content",
        "digest",
        "file",
        "notes",
        "sha256",
    ]
    assert (
        lock["decks"]["People"]["sha256"] == sha256((out / "people.apkg").read_bytes()).hexdigest()
    )
    assert sorted(lock["inputs"]) == [
        "@note-types",
        "@templates",
        "mongolia/diplomacy.yaml",
        "mongolia/trade.yaml",
        "people.yaml",
        "sources.yaml",
    ]
    lines = (out / LOCK_FILE_NAME).read_text().splitlines()
    assert lines[0] == "{"
    note_line = '"elbegdorj": ' + json.dumps(note, sort_keys=True)  # the deck's only note
    assert f"        {note_line}" in lines


def test_unchanged_facts_rebuild_to_identical_bytes_without_parsing(facts: Path, out: Path) -> None:
    build(facts, out, now=T0)
    before = outputs(out)
    report = build(facts, out, now=T0 + 86_400)
    assert not report.parsed
    assert not report.files_changed
    assert summary(report) == [
        ("Mongolia", "mongolia.apkg", "up to date", 0, 0, 4, 0),
        ("People", "people.apkg", "up to date", 0, 0, 1, 0),
    ]
    assert outputs(out) == before
    forced = build(facts, out, now=T0 + 2 * 86_400, force=True)
    assert forced.parsed
    assert [deck.status for deck in forced.decks] == [DeckStatus.UP_TO_DATE] * 2
    assert outputs(out) == before


def test_two_builds_of_the_same_facts_are_byte_identical(tmp_path: Path, facts: Path) -> None:
    build(facts, tmp_path / "one", now=T0)
    build(facts, tmp_path / "two", now=T0)
    assert outputs(tmp_path / "one") == outputs(tmp_path / "two")


event_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda t: t.strip() and t == t.strip())


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(events=st.lists(event_text, min_size=1, max_size=4))
def test_same_input_builds_the_same_output(tmp_path: Path, events: list[str]) -> None:
    facts = "\n".join(
        f"  - id: fact-{i}\n    type: date\n    event: {json.dumps(event)}\n"
        f"    date: {1900 + i}\n    sources: [smith-2015]"
        for i, event in enumerate(events)
    )
    case = tmp_path / f"case-{abs(hash(tuple(events)))}"
    root = write_files(
        case / "facts",
        {"sources.yaml": SAMPLE_FILES["sources.yaml"], "f.yaml": f"deck: D\nfacts:\n{facts}\n"},
    )
    try:
        build(root, case / "one", now=T0)
    except FactError:
        return  # text the loader refuses is its business, tested there
    build(root, case / "two", now=T0)
    assert outputs(case / "one") == outputs(case / "two")
    assert build(root, case / "one", now=T0 + 5).files_changed is False
    shutil.rmtree(case)


def test_only_decks_whose_files_changed_are_rebuilt(facts: Path, out: Path) -> None:
    build(facts, out, now=T0)
    before = outputs(out)
    edit(facts / "people.yaml", "kind: person", "kind: person\n    note: Twice president.")
    report = build(facts, out, now=T0 + 60)
    assert summary(report) == [
        ("Mongolia", "mongolia.apkg", "up to date", 0, 0, 4, 0),
        ("People", "people.apkg", "written", 0, 1, 0, 0),
    ]
    after = outputs(out)
    assert after["mongolia.apkg"] == before["mongolia.apkg"]
    assert after["people.apkg"] != before["people.apkg"]
    notes = read_lock_file(out).decks["People"].notes
    assert {key: note.mod for key, note in notes.items()} == {"elbegdorj": T0 + 60}
    assert read_lock_file(out).decks["Mongolia"].notes["recognition"].mod == T0


def test_a_comment_edit_rebuilds_but_changes_no_note(facts: Path, out: Path) -> None:
    build(facts, out, now=T0)
    before = outputs(out)
    edit(facts / "people.yaml", "deck: People\n", "# who is who\ndeck: People\n")
    report = build(facts, out, now=T0 + 60)
    assert report.parsed
    assert summary(report) == [
        ("Mongolia", "mongolia.apkg", "up to date", 0, 0, 4, 0),
        ("People", "people.apkg", "up to date", 0, 0, 1, 0),
    ]
    after = outputs(out)
    assert after["people.apkg"] == before["people.apkg"]
    assert after[LOCK_FILE_NAME] != before[LOCK_FILE_NAME]  # the new file digest
    assert build(facts, out, now=T0 + 120).parsed is False


def test_mod_times_strictly_increase_even_when_the_clock_does_not(facts: Path, out: Path) -> None:
    build(facts, out, now=T0)
    edit(facts / "people.yaml", "kind: person", "kind: person\n    note: One.")
    build(facts, out, now=T0 - 500)
    edit(facts / "people.yaml", "note: One.", "note: Two.")
    build(facts, out, now=T0 - 400)
    lock = read_lock_file(out)
    assert lock.decks["People"].notes["elbegdorj"].mod == T0 + 2
    ids = [note.note_id for deck in lock.decks.values() for note in deck.notes.values()]
    assert len(set(ids)) == len(ids)


def test_dry_run_writes_nothing_and_reports_what_a_build_would_do(facts: Path, out: Path) -> None:
    dry_first = build(facts, out, now=T0, dry_run=True)
    assert not out.exists()
    assert [(d.name, d.status, d.new) for d in dry_first.decks] == [
        ("Mongolia", DeckStatus.WOULD_WRITE, 4),
        ("People", DeckStatus.WOULD_WRITE, 1),
    ]
    build(facts, out, now=T0)
    before = snapshot(out)
    edit(facts / "mongolia/trade.yaml", "summary: restored", "summary: renewed")
    dry = build(facts, out, now=T0 + 60, dry_run=True)
    assert snapshot(out) == before
    assert dry.dry_run
    assert dry.lock_file_changed
    real = build(facts, out, now=T0 + 60)
    assert summary(dry) == [
        ("Mongolia", "mongolia.apkg", "would be written", 0, 1, 3, 0),
        ("People", "people.apkg", "up to date", 0, 0, 1, 0),
    ]
    assert [row[3:] for row in summary(real)] == [row[3:] for row in summary(dry)]


def test_check_passes_after_a_build_and_names_every_difference(facts: Path, out: Path) -> None:
    assert check_build(facts, out).problems == (
        f"{out}/mongolia.apkg: missing",
        f"{out}/people.apkg: missing",
        f"{out}/{LOCK_FILE_NAME}: missing",
    )
    build(facts, out, now=T0)
    assert check_build(facts, out).ok
    (out / "people.apkg").write_bytes(b"tampered")
    edit(facts / "mongolia/trade.yaml", "summary: restored", "summary: renewed")
    assert check_build(facts, out).problems == (
        f"{out}/mongolia.apkg: out of date",
        f"{out}/people.apkg: out of date",
        f"{out}/{LOCK_FILE_NAME}: out of date",
    )
    assert not (out / ".people.apkg.quizgen-tmp").exists()
    build(facts, out, now=T0 + 60)
    assert check_build(facts, out).ok


def test_invalid_facts_write_nothing(facts: Path, out: Path, tmp_path: Path) -> None:
    build(facts, out, now=T0)
    before = snapshot(out)
    edit(facts / "people.yaml", "type: name", "type: nonsense")
    with pytest.raises(FactError):
        build(facts, out, now=T0 + 60)
    assert snapshot(out) == before
    fresh = tmp_path / "fresh" / "decks"
    with pytest.raises(FactError):
        build(facts, fresh, now=T0)
    assert not fresh.parent.exists()


def test_a_removed_deck_file_is_deleted_and_its_facts_listed(facts: Path, out: Path) -> None:
    build(facts, out, now=T0)
    (facts / "people.yaml").unlink()
    report = build(facts, out, now=T0 + 60)
    assert summary(report) == [
        ("Mongolia", "mongolia.apkg", "up to date", 0, 0, 4, 0),
        ("People", "people.apkg", "deleted", 0, 0, 0, 1),
    ]
    assert report.decks[1].removed == (RemovedFact("elbegdorj", (), '"FactId:elbegdorj"'),)
    assert sorted(outputs(out)) == ["mongolia.apkg", LOCK_FILE_NAME]
    assert "People" not in read_lock_file(out).decks


def test_renaming_a_deck_moves_its_notes_without_losing_them(facts: Path, out: Path) -> None:
    build(facts, out, now=T0)
    ids_before = {n.guid: n.note_id for n in read_lock_file(out).decks["People"].notes.values()}
    edit(facts / "people.yaml", "deck: People", "deck: Persons")
    report = build(facts, out, now=T0 + 60)
    assert summary(report)[1:] == [
        ("Persons", "persons.apkg", "written", 0, 1, 0, 0),
        ("People", "people.apkg", "deleted", 0, 0, 0, 0),
    ]
    moved = MovedNotes(
        "People",
        "Persons",
        out / "people.apkg",
        out / "persons.apkg",
        ("elbegdorj",),
        1,
        '"deck:People" "FactId:elbegdorj"',
    )
    assert [(d.moved, d.moved_out, d.removed) for d in report.decks[1:]] == [
        ((moved,), (), ()),
        ((), (moved,), ()),
    ]
    ids_after = {n.guid: n.note_id for n in read_lock_file(out).decks["Persons"].notes.values()}
    assert ids_after == ids_before
    assert sorted(outputs(out)) == ["mongolia.apkg", "persons.apkg", LOCK_FILE_NAME]


def moves(report: BuildReport) -> list[tuple[tuple[MovedNotes, ...], tuple[MovedNotes, ...]]]:
    return [(deck.moved, deck.moved_out) for deck in report.decks]


def test_a_fact_moved_to_another_subdeck_is_reported_with_a_search(facts: Path, out: Path) -> None:
    """Anki's import leaves the cards of a moved note where they are: the report says so."""
    build(facts, out, now=T0)
    edit(facts / "mongolia/trade.yaml", "deck: Mongolia::Trade", "deck: Mongolia::Economy")
    move_fact(facts, "workers", "mongolia/diplomacy.yaml", "mongolia/trade.yaml")
    dry = build(facts, out, now=T0 + 60, dry_run=True)
    report = build(facts, out, now=T0 + 60)
    assert summary(report) == [
        ("Mongolia", "mongolia.apkg", "written", 0, 2, 2, 0),
        ("People", "people.apkg", "up to date", 0, 0, 1, 0),
    ]
    mongolia = out / "mongolia.apkg"
    assert report.decks[0].moved == (
        MovedNotes(
            "Mongolia::Trade",
            "Mongolia::Economy",
            mongolia,
            mongolia,
            ("friendship-treaty",),
            1,
            '"deck:Mongolia::Trade" "FactId:friendship-treaty"',
        ),
        MovedNotes(
            "Mongolia::Diplomacy",
            "Mongolia::Economy",
            mongolia,
            mongolia,
            ("workers",),
            1,
            '"deck:Mongolia::Diplomacy" "FactId:workers"',
        ),
    )
    assert report.decks[0].moved_out == ()
    assert report.decks[0].removed == ()
    assert moves(dry) == moves(report)
    assert [row[3:] for row in summary(dry)] == [row[3:] for row in summary(report)]
    assert read_lock_file(out).decks["Mongolia"].notes["workers"].deck == "Mongolia::Economy"
    again = build(facts, out, now=T0 + 120, force=True)
    assert [(deck.moved, deck.changed) for deck in again.decks] == [((), 0), ((), 0)]
    assert check_build(facts, out).ok


def test_a_fact_moved_to_another_top_level_deck_is_moved_not_removed(
    facts: Path, out: Path
) -> None:
    """Its GUIDs stay, so importing the other file updates its notes: nothing to delete."""
    build(facts, out, now=T0)
    ids = {n.guid: n.note_id for n in read_lock_file(out).decks["Mongolia"].notes.values()}
    move_fact(facts, "workers", "mongolia/diplomacy.yaml", "people.yaml")
    move_fact(facts, "recognition", "mongolia/diplomacy.yaml", "people.yaml")
    dry = build(facts, out, now=T0 + 60, dry_run=True)
    report = build(facts, out, now=T0 + 60)
    assert summary(report) == [
        ("Mongolia", "mongolia.apkg", "written", 0, 0, 2, 0),
        ("People", "people.apkg", "written", 0, 2, 1, 0),
    ]
    moved = MovedNotes(
        "Mongolia::Diplomacy",
        "People",
        out / "mongolia.apkg",
        out / "people.apkg",
        ("workers", "recognition"),
        2,
        '"deck:Mongolia::Diplomacy" ("FactId:workers" OR "FactId:recognition")',
    )
    assert [(d.removed, d.moved, d.moved_out) for d in report.decks] == [
        ((), (), (moved,)),
        ((), (moved,), ()),
    ]
    assert report.decks[0].moved_out_notes == 2
    assert moves(dry) == moves(report)
    assert [row[3:] for row in summary(dry)] == [row[3:] for row in summary(report)]
    people = read_lock_file(out).decks["People"].notes
    came = [note for key, note in people.items() if key != "elbegdorj"]
    assert len(came) == 2
    assert all(note.note_id == ids[note.guid] for note in came)  # the ids they had
    assert check_build(facts, out).ok


def strip_decks(lock_path: Path) -> None:
    """Make the lock file one written before quizgen recorded each note's deck."""
    lock = json.loads(lock_path.read_text())
    for deck in lock["decks"].values():
        for note in deck["notes"].values():
            del note["deck"]
    lock_path.write_text(json.dumps(lock, indent=2))


def test_a_lock_file_without_decks_is_read_and_written_again_with_them(
    facts: Path, out: Path
) -> None:
    build(facts, out, now=T0)
    written = outputs(out)
    strip_decks(out / LOCK_FILE_NAME)
    assert not check_build(facts, out).ok
    report = build(facts, out, now=T0 + 60)  # the code stamp is current
    assert report.parsed
    assert summary(report) == [
        ("Mongolia", "mongolia.apkg", "up to date", 0, 0, 4, 0),
        ("People", "people.apkg", "up to date", 0, 0, 1, 0),
    ]
    assert outputs(out) == written
    assert check_build(facts, out).ok


def test_a_lock_file_without_decks_reports_moves_between_top_level_decks_only(
    facts: Path, out: Path
) -> None:
    """Within a top-level deck a note's old deck is unknown; the file it was in is known."""
    build(facts, out, now=T0)
    strip_decks(out / LOCK_FILE_NAME)
    edit(facts / "mongolia/trade.yaml", "deck: Mongolia::Trade", "deck: Mongolia::Economy")
    move_fact(facts, "elbegdorj", "people.yaml", "mongolia/trade.yaml")
    (facts / "people.yaml").unlink()
    report = build(facts, out, now=T0 + 60)
    assert summary(report) == [
        ("Mongolia", "mongolia.apkg", "written", 0, 2, 3, 0),
        ("People", "people.apkg", "deleted", 0, 0, 0, 0),
    ]
    moved = MovedNotes(
        "People",
        "Mongolia::Economy",
        out / "people.apkg",
        out / "mongolia.apkg",
        ("elbegdorj",),
        1,
        '"deck:People" "FactId:elbegdorj"',
    )
    assert [(d.removed, d.moved, d.moved_out) for d in report.decks] == [
        ((), (moved,), ()),
        ((), (), (moved,)),
    ]
    assert read_lock_file(out).knows_decks()
    assert check_build(facts, out).ok


def test_one_deck_only(facts: Path, out: Path) -> None:
    report = build(facts, out, now=T0, deck="People")
    assert summary(report) == [("People", "people.apkg", "written", 1, 0, 0, 0)]
    assert sorted(outputs(out)) == ["people.apkg", LOCK_FILE_NAME]
    report = build(facts, out, now=T0)
    assert summary(report) == [
        ("Mongolia", "mongolia.apkg", "written", 4, 0, 0, 0),
        ("People", "people.apkg", "up to date", 0, 0, 1, 0),
    ]
    with pytest.raises(BuildError) as error:
        build(facts, out, now=T0, deck="Nope")
    assert str(error.value) == "no deck named 'Nope'; the decks are: 'Mongolia', 'People'"


@pytest.mark.parametrize(
    ("deck", "file_name"),
    [
        ("../../escaped", "escaped.apkg"),
        ("/etc/passwd", "etc-passwd.apkg"),
        ("..", "deck-"),
        ("Dépêche", "depeche.apkg"),
    ],
)
def test_deck_names_cannot_escape_the_deck_folder(
    tmp_path: Path, deck: str, file_name: str
) -> None:
    root = write_files(
        tmp_path / "facts",
        {
            "sources.yaml": SAMPLE_FILES["sources.yaml"],
            "f.yaml": f"deck: {json.dumps(deck)}\n" + SAMPLE_FILES["people.yaml"].split("\n", 1)[1],
        },
    )
    out = tmp_path / "deep" / "decks"
    try:
        report = build(root, out, now=T0)
    except FactError:
        return  # the loader refused the name: also safe
    (written,) = [deck.file for deck in report.decks]
    assert written.parent == out
    assert written.name.startswith(file_name.removesuffix(".apkg"))
    assert {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.apkg")} == {
        f"deep/decks/{written.name}"
    }


def test_stale_temporary_files_are_removed(facts: Path, out: Path) -> None:
    build(facts, out, now=T0)
    stale = [out / ".people.apkg.0badc0de.quizgen-tmp", out / ".quizgen.lock.json.1.quizgen-tmp"]
    for path in stale:
        path.write_bytes(b"half a deck")
    report = build(facts, out, now=T0)
    assert report.stale_files_removed == tuple(sorted(stale))
    assert not any(path.exists() for path in stale)


def tampered(guid: str = '"g"', id: str = "1700000000000", mod: str = "1700000000") -> bytes:
    """Return a lock file with one note whose values are written as given (JSON text)."""
    note = f'{{"deck": "D", "guid": {guid}, "hash": "h", "id": {id}, "mod": {mod}}}'
    return (
        '{"format": 1, "inputs": {}, "note_types": {}, "decks": {"D": {"file": "d.apkg", '
        f'"notes": {{"x/question": {note}}}}}}}}}'
    ).encode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "the lock file is damaged"),
        (b'{"format": 99}', "lock file format 99 is not 1"),
        (
            b'{"format": 1, "decks": {"D": {}}}',
            "the lock file is damaged (deck 'D': file: None is not text)",
        ),
        (b"[" * 100_000 + b"]" * 100_000, "the lock file is damaged (it is nested too deep)"),
        (b"[]", "the lock file is damaged (the document is not an object)"),
        (tampered(id="1e400"), "note 'x/question': id: inf is not a whole number"),
        (tampered(id="true"), "note 'x/question': id: True is not a whole number"),
        (tampered(mod='"123"'), "note 'x/question': time: '123' is not a whole number"),
        (tampered(mod="32503680000"), "time: 32503680000 is not a whole number from 0 to"),
        (tampered(mod="-1"), "time: -1 is not a whole number from 0 to"),
        (tampered(guid="7"), "note 'x/question': guid: 7 is not text"),
        (
            b'{"format": 1, "inputs": {}, "note_types": {}, "decks": {"D": {"file": '
            b'"../../victim.apkg", "sha256": "", "notes": {}}}}',
            "the lock file is damaged (deck file name '../../victim.apkg' is not a plain "
            ".apkg name)",
        ),
    ],
)
def test_a_damaged_lock_file_is_a_clear_error(
    facts: Path, out: Path, content: bytes, message: str
) -> None:
    out.mkdir()
    (out / LOCK_FILE_NAME).write_bytes(content)
    with pytest.raises(BuildError) as error:
        build(facts, out, now=T0)
    text = str(error.value)
    assert text.startswith(f"{out / LOCK_FILE_NAME}: ")
    assert message in text
    assert text.endswith(
        f"delete {out / LOCK_FILE_NAME} to start afresh (notes then get new modification times)"
    )
    assert (out / LOCK_FILE_NAME).read_bytes() == content


def test_a_missing_facts_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BuildError) as error:
        build(tmp_path / "nope", tmp_path / "decks", now=T0)
    assert str(error.value) == f"{tmp_path / 'nope'}: no such facts folder"


DATED_EVENTS = {"alpha": "first", "beta": "second", "gamma": "third"}


def dated_decks(root: Path, **dates: str) -> Path:
    """Write one date fact per deck (`alpha="2000-01"` makes deck Alpha) and return `root`."""
    files = {"sources.yaml": SAMPLE_FILES["sources.yaml"]}
    for name, date in dates.items():
        files[f"{name}.yaml"] = (
            f"deck: {name.capitalize()}\nfacts:\n  - id: {name}-event\n    type: date\n"
            f"    event: The {DATED_EVENTS[name]} thing happened\n    date: {date}\n"
            "    sources: [smith-2015]\n"
        )
    return write_files(root, files)


def test_an_edit_in_one_deck_leaves_a_deck_with_the_same_date_alone(tmp_path: Path) -> None:
    """A reverse date card's topic label tells it from a fact of another deck on its date."""
    root = dated_decks(tmp_path / "facts", alpha="2000-01", beta="2000-01")
    out = tmp_path / "decks"
    build(root, out, now=T0)
    edit(root / "beta.yaml", "date: 2000-01", "date: 2001-01")
    report = build(root, out, now=T0 + 60)
    assert summary(report) == [
        ("Alpha", "alpha.apkg", "up to date", 0, 0, 1, 0),
        ("Beta", "beta.apkg", "written", 0, 1, 0, 0),
    ]
    assert check_build(root, out).ok


def test_a_package_compressed_differently_is_still_up_to_date(facts: Path, out: Path) -> None:
    """Another zlib may compress the same contents differently; that is not a change."""
    import zipfile

    build(facts, out, now=T0)
    path = out / "people.apkg"
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in entries:
            info.compress_type = zipfile.ZIP_STORED
            archive.writestr(info, data)
    recompressed = path.read_bytes()
    assert check_build(facts, out).ok
    report = build(facts, out, now=T0 + 60, force=True)
    assert [deck.status for deck in report.decks] == [DeckStatus.UP_TO_DATE] * 2
    assert path.read_bytes() == recompressed


def test_new_quizgen_code_renders_every_card_again(facts: Path, out: Path) -> None:
    """A quizgen whose card code changed cannot trust "no input changed"."""
    build(facts, out, now=T0)
    before = outputs(out)
    assert build(facts, out, now=T0 + 60).parsed is False
    (out / CODE_STAMP_NAME).write_text("an older quizgen")
    report = build(facts, out, now=T0 + 60)
    assert report.parsed
    assert [deck.status for deck in report.decks] == [DeckStatus.UP_TO_DATE] * 2
    assert outputs(out) == before
    assert (out / CODE_STAMP_NAME).read_text() == code_fingerprint()
    assert build(facts, out, now=T0 + 120).parsed is False


# --- rebuilds after edits ------------------------------------------------------------


def test_a_date_shared_with_another_deck_changes_only_its_own_deck(tmp_path: Path) -> None:
    root = dated_decks(tmp_path / "facts", alpha="2000-01", beta="2001-01", gamma="1990")
    out = tmp_path / "decks"
    build(root, out, now=T0)
    edit(root / "beta.yaml", "date: 2001-01", "date: 2000-01")
    report = build(root, out, now=T0 + 60)
    # The topic label tells Alpha's reverse card apart: Alpha does not change.
    assert [(deck.name, deck.changed) for deck in report.decks] == [
        ("Alpha", 0),
        ("Beta", 1),
        ("Gamma", 0),
    ]
    assert check_build(root, out).ok


def test_a_lock_file_record_changed_by_hand_is_not_reused(facts: Path, out: Path) -> None:
    build(facts, out, now=T0)
    lock_path = out / LOCK_FILE_NAME
    lock = json.loads(lock_path.read_text())
    lock["decks"]["People"]["notes"]["elbegdorj"]["hash"] = "0" * 64
    lock_path.write_text(json.dumps(lock))  # as after resolving a merge conflict by hand
    edit(facts / "mongolia/trade.yaml", "summary: restored", "summary: renewed")
    report = build(facts, out, now=T0 + 60)
    assert summary(report)[1] == ("People", "people.apkg", "written", 0, 1, 0, 0)
    assert check_build(facts, out).ok


def test_a_deck_file_changed_on_disk_is_written_again(facts: Path, out: Path) -> None:
    build(facts, out, now=T0)
    before = outputs(out)
    (out / "mongolia.apkg").write_bytes(b"tampered")
    edit(facts / "people.yaml", "kind: person", "kind: person\n    note: Twice president.")
    report = build(facts, out, now=T0 + 60)
    assert summary(report)[0] == ("Mongolia", "mongolia.apkg", "written", 0, 0, 4, 0)
    assert outputs(out)["mongolia.apkg"] == before["mongolia.apkg"]


edits = st.lists(
    st.sampled_from(
        [
            ("mongolia/diplomacy.yaml", "date: 2013-10\n", "date: 2014-10\n"),
            ("mongolia/diplomacy.yaml", "date: 1948-10-15", "date: 2002-08"),
            ("mongolia/trade.yaml", "summary: restored", "summary: renewed"),
            ("mongolia/trade.yaml", "date: 2002-08", "date: 1948-10"),
            ("people.yaml", "kind: person", "kind: person\n    note: Twice president."),
            ("people.yaml", "deck: People", "deck: Mongolia::People"),
            ("people.yaml", "deck: People", "deck: Persons"),
            ("sources.yaml", "publication: The Diplomat", "publication: The Economist"),
            ("templates.yaml", "", "date.reverse.back: 'It was: {{ event }}.'\n"),
            (
                "extra.yaml",
                "",
                "deck: People\nfacts:\n  - id: tsedenbal\n    type: date\n"
                "    event: Tsedenbal took power\n    date: 1952\n    sources: [lee-2014]\n",
            ),
        ]
    ),
    min_size=1,
    max_size=5,
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=edits, deck_only=st.lists(st.booleans(), min_size=5, max_size=5))
def test_incremental_builds_write_what_a_full_build_would(
    tmp_path: Path, steps: list[tuple[str, str, str]], deck_only: list[bool]
) -> None:
    """Each edit, then a build (of all decks, or of one): the folder is always current."""
    case = tmp_path / f"case-{abs(hash((tuple(steps), tuple(deck_only))))}"
    facts = sample_facts(case)
    out = case / "decks"
    build(facts, out, now=T0)
    for number, (name, old, new) in enumerate(steps, start=1):
        path = facts / name
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if old not in text or new in text:
            continue
        path.write_text(text.replace(old, new, 1) if old else text + new, encoding="utf-8")
        if deck_only[number - 1]:
            build(facts, out, now=T0 + number, deck="Mongolia")
        else:
            build(facts, out, now=T0 + number)
            assert check_build(facts, out).ok
    build(facts, out, now=T0 + 100)
    assert check_build(facts, out).ok
    shutil.rmtree(case)


TYPE_SOURCES = "sources:\n  s:\n    author: A\n    title: T\n    publication: P\n"
AS_DATE = (
    "deck: Test\nfacts:\n  - id: russia\n    type: date\n"
    "    event: Russia began to back Mongolia's outreach\n    date: 2014\n    sources: [s]\n"
)
AS_NAME = (
    "deck: Test\nfacts:\n  - id: {id}\n{renamed}    type: name\n    name: Russia\n"
    "    description: the power that backed Mongolia's outreach\n    sources: [s]\n"
)


@pytest.mark.parametrize(
    ("new_id", "renamed", "way_out"),
    [
        ("russia", "", "give it a new id (and delete the old date note in Anki)"),
        ("russia-backs", "    renamed_from: [russia]\n", "drop renamed_from: [russia]"),
    ],
)
def test_a_fact_that_changed_type_under_its_notes_identity_is_refused(
    tmp_path: Path, out: Path, new_id: str, renamed: str, way_out: str
) -> None:
    facts = write_files(tmp_path / "facts", {"sources.yaml": TYPE_SOURCES, "a.yaml": AS_DATE})
    build(facts, out, now=T0)
    before = snapshot(out)
    (facts / "a.yaml").write_text(AS_NAME.format(id=new_id, renamed=renamed))
    with pytest.raises(FactError) as raised:
        build(facts, out, now=T0 + 60)
    assert [str(problem) for problem in raised.value.problems] == [
        f"{facts}/a.yaml:3:5: fact '{new_id}': its note was built as a date fact's, and Anki's "
        "import never changes a note's type, so the card would keep its old text; keep it a "
        f"date fact, or {way_out}"
    ]
    assert snapshot(out) == before


def test_a_fact_with_a_new_id_and_type_starts_afresh(tmp_path: Path, out: Path) -> None:
    facts = write_files(tmp_path / "facts", {"sources.yaml": TYPE_SOURCES, "a.yaml": AS_DATE})
    build(facts, out, now=T0)
    (facts / "a.yaml").write_text(AS_NAME.format(id="russia-backs", renamed=""))
    (deck,) = build(facts, out, now=T0 + 60).decks
    assert (deck.new, [removed.fact_id for removed in deck.removed]) == (1, ["russia"])
    assert deck.removed[0].maybe_renamed_to == "russia-backs"


def test_a_lock_file_that_names_no_note_types_lets_a_type_change_through(
    tmp_path: Path, out: Path
) -> None:
    facts = write_files(tmp_path / "facts", {"sources.yaml": TYPE_SOURCES, "a.yaml": AS_DATE})
    build(facts, out, now=T0)
    lock = json.loads((out / LOCK_FILE_NAME).read_text())
    for deck in lock["decks"].values():
        for note in deck["notes"].values():
            del note["model"]
    (out / LOCK_FILE_NAME).write_text(json.dumps(lock, indent=2))
    (facts / "a.yaml").write_text(AS_NAME.format(id="russia", renamed=""))
    (deck,) = build(facts, out, now=T0 + 60).decks
    assert deck.changed == 1
    assert '"model": ' in (out / LOCK_FILE_NAME).read_text()


def test_a_removed_note_is_never_said_to_be_renamed_to_its_own_fact(
    tmp_path: Path, out: Path
) -> None:
    facts = write_files(tmp_path / "facts", {"sources.yaml": TYPE_SOURCES, "a.yaml": AS_DATE})
    build(facts, out, now=T0)
    edit(facts / "a.yaml", "id: russia\n", "id: russia-backs\n")
    build(facts, out, now=T0 + 60)
    # renamed_from given only after the old note has left the lock file
    edit(facts / "a.yaml", "id: russia-backs\n", "id: russia-backs\n    renamed_from: [russia]\n")
    (deck,) = build(facts, out, now=T0 + 120).decks
    assert [removed.fact_id for removed in deck.removed] == ["russia-backs"]
    assert deck.removed[0].maybe_renamed_to is None
