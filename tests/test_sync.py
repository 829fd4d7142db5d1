"""`quizgen sync` into real Anki collections made by Anki's engine."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from deck_fixtures import built_notes, edit, move_fact, review_card, review_log, sample_facts

from quizgen.anki.collection import CollectionLockedError, schema_version
from quizgen.anki.sync import SyncReport, sync
from quizgen.build.run import build
from quizgen.errors import FactError, SyncError


@contextmanager
def opened(path: Path) -> Iterator[Any]:
    from anki.collection import Collection

    col = Collection(str(path))
    try:
        yield col
    finally:
        col.close()


def new_collection(path: Path, *, downgrade: bool = False) -> Path:
    """Make an empty collection with Anki's engine, closed at schema 11 when `downgrade`."""
    from anki.collection import Collection

    path.parent.mkdir(parents=True, exist_ok=True)
    Collection(str(path)).close(downgrade=downgrade)
    return path


def restore(backup: Path, folder: Path) -> Path:
    """Restore a backup into a new collection as Anki's File > Open Backup does."""
    from anki._backend import RustBackend

    folder.mkdir()
    path = folder / "collection.anki2"
    RustBackend().import_collection_package(
        col_path=str(path),
        backup_path=str(backup),
        media_folder=str(folder / "collection.media"),
        media_db=str(folder / "collection.media.db2"),
    )
    return path


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    return sample_facts(tmp_path)


@pytest.fixture
def collection(tmp_path: Path) -> Path:
    return new_collection(tmp_path / "profile" / "collection.anki2")


def run(facts: Path, collection: Path, **options: bool) -> SyncReport:
    return sync(facts, collection, build_decks=build, **options)


def counts(report: SyncReport) -> dict[str, dict[str, int]]:
    return {
        deck.name: {
            key: value
            for key in ("new", "changed", "unchanged", "moved", "removed", "removed_cards")
            if (value := getattr(deck, key))
        }
        for deck in report.decks
    }


def fact_cards(col: Any, fact_id: str) -> list[Any]:
    """Return the cards of a fact's notes, by their kind's order."""
    cards = [
        card
        for note_id in col.find_notes(f'"FactId:{fact_id}"')
        for card in col.get_note(note_id).cards()
    ]
    return sorted(cards, key=lambda card: (card.ord, card.id))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_first_sync_adds_every_note_and_backs_up_first(facts: Path, collection: Path) -> None:
    report = run(facts, collection)

    assert counts(report) == {deck: {"new": n} for deck, n in built_notes(facts).items()}
    assert report.backup is not None
    assert report.backup.parent == collection.parent / "backups"
    assert report.backup.name.startswith("backup-")
    with zipfile.ZipFile(report.backup) as archive:
        assert "collection.anki21b" in archive.namelist()
    with opened(restore(report.backup, collection.parent.parent / "restored")) as col:
        assert col.note_count() == 0
    with opened(collection) as col:
        assert col.note_count() == built_notes(facts).total()
        assert len(fact_cards(col, "recognition")) >= 1
        assert {col.decks.name(c.did) for c in fact_cards(col, "recognition")} == {
            "Mongolia::Diplomacy"
        }


def test_a_sync_with_nothing_changed_changes_nothing(facts: Path, collection: Path) -> None:
    run(facts, collection)
    before = digest(collection)
    backups = sorted((collection.parent / "backups").iterdir())

    report = run(facts, collection)

    assert not report.changed
    assert report.backup is None
    assert counts(report) == {deck: {"unchanged": n} for deck, n in built_notes(facts).items()}
    assert digest(collection) == before
    assert sorted((collection.parent / "backups").iterdir()) == backups


def test_dry_run_writes_nothing(facts: Path, collection: Path) -> None:
    before = digest(collection)

    report = run(facts, collection, dry_run=True)

    assert counts(report) == {deck: {"new": n} for deck, n in built_notes(facts).items()}
    assert report.backup is None
    assert digest(collection) == before
    assert not (collection.parent / "backups").exists()


def test_dry_run_plans_edits_moves_and_removals_and_writes_nothing(
    facts: Path, collection: Path
) -> None:
    run(facts, collection)
    backups = sorted((collection.parent / "backups").iterdir())
    edit(facts / "mongolia/trade.yaml", "restored ties", "restored close ties")
    move_fact(facts, "recognition", "mongolia/diplomacy.yaml", "mongolia/trade.yaml")
    remove_people(facts)
    before = digest(collection)

    report = run(facts, collection, dry_run=True)

    mongolia, people = report.decks
    assert mongolia.changed > 0
    assert mongolia.moved == built_notes(facts, "recognition")["Mongolia"]
    assert people.removed == built_notes(sample_facts(facts.parent / "again"))["People"]
    assert report.backup is None
    assert digest(collection) == before
    assert sorted((collection.parent / "backups").iterdir()) == backups
    assert counts(run(facts, collection)) == counts(report)


def reviewed_card(facts: Path, collection: Path) -> tuple[int, Any, list[tuple[Any, ...]]]:
    run(facts, collection)
    with opened(collection) as col:
        card = review_card(col, fact_cards(col, "recognition")[0].id)
        return card.id, (card.reps, card.ivl, card.type), review_log(col, card.id)


def assert_history_kept(collection: Path, fact_id: str, card_id: int, state: Any, log: Any) -> None:
    with opened(collection) as col:
        assert card_id in [card.id for card in fact_cards(col, fact_id)]
        card = col.get_card(card_id)
        assert (card.reps, card.ivl, card.type) == state
        assert review_log(col, card_id) == log


def test_an_edit_keeps_the_cards_history(facts: Path, collection: Path) -> None:
    card_id, state, log = reviewed_card(facts, collection)
    edit(facts / "mongolia/diplomacy.yaml", "Mongolia recognized", "Mongolia formally recognized")

    report = run(facts, collection)

    assert counts(report)["Mongolia"]["changed"] >= 1
    assert_history_kept(collection, "recognition", card_id, state, log)
    with opened(collection) as col:
        assert "formally" in col.get_card(card_id).question()


def test_a_rename_keeps_the_cards_history(facts: Path, collection: Path) -> None:
    card_id, state, log = reviewed_card(facts, collection)
    edit(
        facts / "mongolia/diplomacy.yaml",
        "  - id: recognition\n",
        "  - id: recognition-of-dprk\n    renamed_from: [recognition]\n",
    )

    report = run(facts, collection)

    assert "removed" not in counts(report)["Mongolia"]
    assert "new" not in counts(report)["Mongolia"]
    assert_history_kept(collection, "recognition-of-dprk", card_id, state, log)


def test_a_move_to_another_deck_moves_the_cards_with_their_history(
    facts: Path, collection: Path
) -> None:
    card_id, state, log = reviewed_card(facts, collection)
    move_fact(facts, "recognition", "mongolia/diplomacy.yaml", "mongolia/trade.yaml")

    report = run(facts, collection)

    assert counts(report)["Mongolia"]["moved"] >= 1
    assert_history_kept(collection, "recognition", card_id, state, log)
    with opened(collection) as col:
        assert {col.decks.name(c.did) for c in fact_cards(col, "recognition")} == {
            "Mongolia::Trade"
        }
    assert not run(facts, collection).changed


def remove_people(facts: Path) -> None:
    (facts / "people.yaml").unlink()


def test_the_notes_of_a_removed_fact_are_deleted(facts: Path, collection: Path) -> None:
    run(facts, collection)
    people = built_notes(facts)["People"]
    remove_people(facts)

    report = run(facts, collection)

    assert counts(report)["People"] == {"removed": people}
    assert report.decks[-1].removed_notes == ["elbegdorj"]
    with opened(collection) as col:
        assert fact_cards(col, "elbegdorj") == []
        assert col.note_count() == built_notes(facts).total()


def test_keep_removed_keeps_them(facts: Path, collection: Path) -> None:
    run(facts, collection)
    everything = built_notes(facts)
    remove_people(facts)

    report = run(facts, collection, keep_removed=True)

    assert counts(report)["People"] == {"removed": everything["People"]}
    with opened(collection) as col:
        assert col.note_count() == everything.total()


def test_the_users_own_notes_and_decks_are_untouched(facts: Path, collection: Path) -> None:
    with opened(collection) as col:
        deck_id = col.decks.id("My own deck")
        note = col.new_note(col.models.by_name("Basic"))
        note["Front"], note["Back"] = "Capital of Mongolia?", "Ulaanbaatar"
        col.add_note(note, deck_id)
        note = col.get_note(note.id)
        own = (note.id, note.guid, note.mod, col.decks.get(deck_id)["mod"])
    run(facts, collection)
    remove_people(facts)
    move_fact(facts, "recognition", "mongolia/diplomacy.yaml", "mongolia/trade.yaml")

    run(facts, collection)

    with opened(collection) as col:
        note = col.get_note(own[0])
        assert (note.id, note.guid, note.mod, col.decks.get(deck_id)["mod"]) == own
        assert note.fields == ["Capital of Mongolia?", "Ulaanbaatar"]
        assert col.note_count() == built_notes(facts).total() + 1


HOLD = """\
import sys
from anki.collection import Collection
col = Collection(sys.argv[1])
print("open", flush=True)
sys.stdin.read()
col.close()
"""


@pytest.mark.slow
def test_a_collection_open_in_another_process_is_refused(facts: Path, collection: Path) -> None:
    before = digest(collection)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(collection)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "open\n"
        with pytest.raises(CollectionLockedError) as caught:
            run(facts, collection)
    finally:
        holder.communicate("")
    assert str(caught.value) == (
        f"{collection}: Anki (or another program) has this collection open; close it and try again"
    )
    assert digest(collection) == before
    assert not (collection.parent / "backups").exists()


def test_a_missing_collection_is_one_line(facts: Path, tmp_path: Path) -> None:
    with pytest.raises(SyncError, match=r"^\S+missing.anki2: no such Anki collection$"):
        run(facts, tmp_path / "missing.anki2")


@pytest.mark.parametrize(
    ("downgrade", "backup_holds"), [(True, "collection.anki21"), (False, "collection.anki21b")]
)
def test_the_collection_stays_at_the_schema_it_was_found_at(
    facts: Path, tmp_path: Path, downgrade: bool, backup_holds: str
) -> None:
    """Schema 11 (Anki before 2.1.50) is kept, and backed up in a package that Anki reads."""
    collection = new_collection(tmp_path / "old" / "collection.anki2", downgrade=downgrade)
    found_at = schema_version(collection)
    assert found_at == (11 if downgrade else 18)

    report = run(facts, collection)

    assert schema_version(collection) == found_at
    with opened(collection) as col:
        assert col.note_count() == built_notes(facts).total()
    assert report.backup is not None
    with zipfile.ZipFile(report.backup) as archive:
        assert backup_holds in archive.namelist()
    with opened(restore(report.backup, tmp_path / "restored")) as col:
        assert col.note_count() == 0


def test_a_card_in_a_filtered_deck_stays_there_with_its_new_home_deck(
    facts: Path, collection: Path
) -> None:
    run(facts, collection)
    with opened(collection) as col:
        card_id = fact_cards(col, "recognition")[0].id
        filtered = col.sched.get_or_create_filtered_deck(deck_id=0)
        filtered.name = "Cram"
        filtered.config.search_terms[0].search = f"cid:{card_id}"
        filtered_id = col.sched.add_or_update_filtered_deck(filtered).id
        assert col.get_card(card_id).did == filtered_id
    move_fact(facts, "recognition", "mongolia/diplomacy.yaml", "mongolia/trade.yaml")

    run(facts, collection)

    with opened(collection) as col:
        card = col.get_card(card_id)
        assert card.did == filtered_id
        assert col.decks.name(card.odid) == "Mongolia::Trade"


def test_a_changed_note_type_design_is_updated_in_place(facts: Path, collection: Path) -> None:
    run(facts, collection)
    with opened(collection) as col:
        (note_id,) = col.find_notes('"FactId:elbegdorj"')[:1]
        notetype = col.get_note(note_id).note_type()
        design = notetype["css"]
        notetype["css"] = ".card { color: red; }"
        col.models.update_dict(notetype)
        ids = (notetype["id"], sorted(col.find_notes(f"mid:{notetype['id']}")))

    report = run(facts, collection)

    assert report.notetypes_updated == (notetype["name"],)
    with opened(collection) as col:
        notetype = col.models.get(ids[0])
        assert notetype["css"] == design
        assert (notetype["id"], sorted(col.find_notes(f"mid:{notetype['id']}"))) == ids
    assert not run(facts, collection).changed


def test_cards_of_kinds_no_longer_made_are_removed(facts: Path, collection: Path) -> None:
    run(facts, collection)
    edit(facts / "people.yaml", "cards: [question, reverse, cloze]", "cards: [question]")

    report = run(facts, collection, dry_run=True)
    assert counts(report)["People"] == {"changed": 1, "removed_cards": 2}
    report = run(facts, collection, keep_removed=True)
    assert counts(report)["People"] == {"changed": 1, "removed_cards": 2}
    with opened(collection) as col:
        assert len(fact_cards(col, "elbegdorj")) == 3
    report = run(facts, collection)

    assert report.decks[-1].removed_notes == ["elbegdorj/reverse", "elbegdorj/cloze"]
    with opened(collection) as col:
        assert [card.ord for card in fact_cards(col, "elbegdorj")] == [0]
    assert not run(facts, collection).changed


def test_the_tags_anki_gives_notes_stay_through_an_edit(facts: Path, collection: Path) -> None:
    run(facts, collection)
    with opened(collection) as col:
        note = col.get_note(col.find_notes('"FactId:recognition"')[0])
        note.tags += ["marked", "leech"]
        col.update_note(note)
    assert not run(facts, collection).changed
    edit(facts / "mongolia/diplomacy.yaml", "Mongolia recognized", "Mongolia formally recognized")

    report = run(facts, collection)

    assert report.decks[0].changed == 1
    with opened(collection) as col:
        tags = col.get_note(note.id).tags
        assert {"marked", "leech", "quizgen::type::date"} <= set(tags)
    assert not run(facts, collection).changed


def test_a_fact_that_changed_type_is_refused_and_the_collection_left_as_it_was(
    facts: Path, collection: Path
) -> None:
    run(facts, collection)
    before = digest(collection)
    edit(
        facts / "people.yaml",
        "    type: name\n    name: Tsakhiagiin Elbegdorj\n",
        "    type: date\n    event: Tsakhiagiin Elbegdorj visited Pyongyang\n    date: 2013-10\n",
    )
    edit(facts / "people.yaml", "    kind: person\n", "")
    edit(facts / "people.yaml", "    cards: [question, reverse, cloze]\n", "")
    edit(
        facts / "people.yaml",
        "    description: the Mongolian president who made a state visit to Pyongyang in "
        "October 2013\n",
        "",
    )
    with pytest.raises(FactError) as raised:
        run(facts, collection)
    assert "its note was built as a name fact's" in str(raised.value)
    assert digest(collection) == before
