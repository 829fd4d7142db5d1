"""`quizgen sync` carries the history of older one-note-per-card decks to one note per fact."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from deck_fixtures import built_notes, edit, import_decks, review_card, review_log, sample_facts

from quizgen.anki.migration import LEGACY_NOTETYPE_IDS
from quizgen.anki.sync import SyncReport, sync
from quizgen.build.run import build
from quizgen.factfiles.loader import load_fact_base
from quizgen.model.facts import CARD_KINDS

OLD_LAYOUT = Path(__file__).parent / "data" / "one-note-per-card"
"""The sample facts (`deck_fixtures.SAMPLE_FILES`) as quizgen built them before one note per
fact: one note per card, of the note types "quizgen Q/A" and "quizgen Cloze"."""


@contextmanager
def opened(path: Path) -> Iterator[Any]:
    from anki.collection import Collection

    col = Collection(str(path))
    try:
        yield col
    finally:
        col.close()


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    return sample_facts(tmp_path)


@pytest.fixture
def collection(tmp_path: Path) -> Path:
    """A collection into which the old-layout decks were imported, as a user had done."""
    path = tmp_path / "profile" / "collection.anki2"
    path.parent.mkdir(parents=True)
    with opened(path) as col:
        import_decks(col, sorted(OLD_LAYOUT.glob("*.apkg")))
    return path


def run(facts: Path, collection: Path, **options: bool) -> SyncReport:
    return sync(facts, collection, build_decks=build, **options)


def old_notes(col: Any) -> list[Any]:
    note_ids = col.find_notes(" OR ".join(f"mid:{i}" for i in LEGACY_NOTETYPE_IDS))
    return [col.get_note(note_id) for note_id in note_ids]


def old_cards_of(col: Any) -> dict[tuple[str, str], int]:
    """Return the card id of each old note, by its fact id and kind."""
    return {(note["FactId"], note["Kind"]): note.card_ids()[0] for note in old_notes(col)}


def old_cards(collection: Path) -> dict[tuple[str, str], int]:
    """Return the card id of each old note in a closed collection, by its fact id and kind."""
    with opened(collection) as col:
        return old_cards_of(col)


def made_kinds(facts: Path) -> set[tuple[str, str]]:
    return {(fact.id, kind.value) for fact in load_fact_base(facts) for kind in fact.card_kinds}


def test_the_old_cards_move_onto_the_new_notes_with_their_history(
    facts: Path, collection: Path
) -> None:
    before = old_cards(collection)
    with opened(collection) as col:
        card = review_card(col, before["recognition", "question"])
        col.set_user_flag_for_cards(3, [card.id])
        old_note = col.get_note(card.nid)
        old_note.tags.append("marked")
        col.update_note(old_note)
        state, log = (card.reps, card.ivl, card.due, card.type), review_log(col, card.id)
    made = made_kinds(facts) & set(before)
    fact_types = {fact.id: fact.type for fact in load_fact_base(facts)}

    report = run(facts, collection)

    assert report.migrated_notes == len(made)
    assert (report.carried.cards, report.carried.reviewed) == (len(made), 1)
    with opened(collection) as col:
        assert old_notes(col) == []
        assert col.note_count() == built_notes(facts).total()
        for (fact_id, kind), card_id in before.items():
            if (fact_id, kind) not in made:
                assert not col.find_cards(f"cid:{card_id}")
                continue
            card = col.get_card(card_id)
            assert col.get_note(card.nid)["FactId"] == fact_id
            assert card.ord == [k.value for k in CARD_KINDS[fact_types[fact_id]]].index(kind)
        card = col.get_card(before["recognition", "question"])
        assert (card.reps, card.ivl, card.due, card.type) == state
        assert card.user_flag() == 3
        assert "marked" in col.get_note(card.nid).tags
        assert review_log(col, card.id) == log
    assert not run(facts, collection).changed


def make_only_question_cards_of_elbegdorj(facts: Path) -> None:
    edit(facts / "people.yaml", "cards: [question, reverse, cloze]", "cards: [question]")


def test_old_notes_of_kinds_no_longer_made_are_removed_by_fact_and_kind(
    facts: Path, collection: Path
) -> None:
    make_only_question_cards_of_elbegdorj(facts)
    old_cards_before = old_cards(collection)
    dropped = set(old_cards_before) - made_kinds(facts)
    assert dropped == {("elbegdorj", "reverse"), ("elbegdorj", "cloze")}

    report = run(facts, collection)

    removed = {label for deck in report.decks for label in deck.removed_notes}
    assert removed == {"elbegdorj/reverse", "elbegdorj/cloze"}
    assert report.migrated_notes == len(old_cards_before) - 2


def test_keep_removed_keeps_old_notes_of_kinds_no_longer_made(
    facts: Path, collection: Path
) -> None:
    make_only_question_cards_of_elbegdorj(facts)
    dropped = set(old_cards(collection)) - made_kinds(facts)

    run(facts, collection, keep_removed=True)

    assert set(old_cards(collection)) == dropped
    assert not run(facts, collection, keep_removed=True).changed


def test_a_dry_run_plans_the_migration_and_writes_nothing(facts: Path, collection: Path) -> None:
    with opened(collection) as col:
        review_card(col, old_cards_of(col)["recognition", "question"])
    before = hashlib.sha256(collection.read_bytes()).digest()

    report = run(facts, collection, dry_run=True)

    assert report.migrated_notes == len(made_kinds(facts) & set(old_cards(collection)))
    assert report.carried.reviewed == 1
    assert report.backup is None
    assert hashlib.sha256(collection.read_bytes()).digest() == before
