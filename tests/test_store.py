"""Tests of the progress store on real SQLite files."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from quizgen.errors import StoreError, StoreLockedError
from quizgen.progress.stats import Accuracy, gather_stats
from quizgen.progress.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    CardState,
    ProgressStore,
    Review,
    default_db_path,
)

T0 = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)


def review(key: str = "mongolia-recognition/question", *, at: dt.datetime = T0) -> Review:
    fact_id, kind = key.split("/")
    return Review(
        reviewed_at=at,
        card_key=key,
        fact_id=fact_id,
        kind=kind,
        deck="Mongolia",
        fact_type="date",
        style="typed",
        reply="1948",
        grade="correct",
        rating=3,
        duration_ms=2500,
    )


def state(key: str = "mongolia-recognition/question") -> CardState:
    return CardState(key, '{"state": 2}', T0 + dt.timedelta(days=3))


def test_default_path_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUIZGEN_DB", str(tmp_path / "elsewhere.sqlite"))
    assert default_db_path() == tmp_path / "elsewhere.sqlite"
    monkeypatch.delenv("QUIZGEN_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_db_path() == tmp_path / "data" / "quizgen" / "progress.sqlite"


def test_new_store_is_at_the_latest_schema_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "progress.sqlite"
    with ProgressStore.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 2
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"sessions", "reviews", "card_state"}


def test_an_older_schema_is_migrated_and_keeps_its_answers(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    old = sqlite3.connect(path)
    old.executescript(MIGRATIONS[0])
    old.execute(
        "INSERT INTO reviews (reviewed_at, card_key, fact_id, kind, reply, grade, duration_ms) "
        "VALUES ('2025-01-02T03:04:05.000+00:00', 'old-fact/question', 'old-fact', 'question', "
        "'1948', 'wrong', 9000)"
    )
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()

    with ProgressStore.open(path) as store:
        assert store.schema_version == 2
        [kept] = store.reviews()
    assert kept.card_key == "old-fact/question"
    assert kept.grade == "wrong"
    assert kept.deck == ""
    assert kept.style == "typed"
    assert kept.reviewed_at == dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def test_two_quizzes_starting_at_once_migrate_once(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    with ProgressStore.open(path) as first, ProgressStore.open(path) as second:
        first.record(review("a/question"), state("a/question"))
        second.record(review("b/question"), state("b/question"))
        assert {r.card_key for r in first.reviews()} == {"a/question", "b/question"}


def test_each_answer_is_committed_before_record_returns(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    store = ProgressStore.open(path)
    session = store.start_session(T0, "typed", 7)
    store.record(replace(review(), session_id=session), state())
    # Another connection sees the answer while the store is still open.
    other = sqlite3.connect(path)
    rows = other.execute("SELECT card_key, grade, session_id FROM reviews").fetchall()
    assert rows == [("mongolia-recognition/question", "correct", session)]
    assert other.execute("SELECT card_key FROM card_state").fetchall() == [
        ("mongolia-recognition/question",)
    ]
    other.close()
    store.finish_session(session, T0 + dt.timedelta(minutes=2))
    [row] = store.sessions()
    assert (row.asked, row.correct, row.seed, row.mode) == (1, 1, 7, "typed")
    store.close()


def test_state_is_replaced_not_duplicated(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "p.sqlite") as store:
        store.record(review(), state())
        later = CardState("mongolia-recognition/question", "{}", T0 + dt.timedelta(days=9))
        store.record(review(at=T0 + dt.timedelta(days=3)), later)
        assert store.states() == {"mongolia-recognition/question": later}
        assert len(store.reviews("mongolia-recognition/question")) == 2


def test_first_seen_since_counts_cards_new_today(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "p.sqlite") as store:
        store.record(review("a/question", at=T0 - dt.timedelta(days=1)), None)
        store.record(review("a/question", at=T0), None)
        store.record(review("b/question", at=T0), None)
        store.record(review("c/cloze", at=T0 + dt.timedelta(hours=1)), None)
        assert store.first_seen_since(T0) == 2


def test_renamed_keys_take_their_history_along(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "p.sqlite") as store:
        store.record(review("old-id/question"), state("old-id/question"))
        store.record(review("kept/question"), state("kept/question"))
        store.record(review("other/question"), state("other/question"))
        moved = store.follow_renames(
            {
                "old-id/question": "new-id/question",
                "never-seen/question": "x/question",
                "other/question": "kept/question",
            }
        )
        assert moved == 2
        states = store.states()
        assert set(states) == {"new-id/question", "kept/question"}
        assert states["new-id/question"].state == state().state
        assert [r.fact_id for r in store.reviews("new-id/question")] == ["new-id"]
        assert len(store.reviews("kept/question")) == 2


GARBAGE = [
    pytest.param(b"this is my shopping list\n" * 40, "file is not a database", id="text"),
    pytest.param(b"SQLite format 3\x00" + b"\xff" * 84 + b"\x00" * 1000, "", id="torn-header"),
]


@pytest.mark.parametrize(("content", "reason"), GARBAGE)
def test_a_file_that_is_not_a_database_is_reported_and_kept(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "progress.sqlite"
    path.write_bytes(content)
    with pytest.raises(StoreError) as raised:
        ProgressStore.open(path)
    message = str(raised.value)
    assert message.startswith(f"progress file {path} is not a valid quizgen database (")
    assert reason in message
    assert message.endswith(
        f"it was not changed. Move it aside (for example `mv '{path}' '{path}.bad'`) to start "
        "afresh, or use another file with --db or $QUIZGEN_DB."
    )
    assert path.read_bytes() == content


def test_another_programs_database_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE notes (body TEXT)")
    other.commit()
    other.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="is an SQLite database but not quizgen's; it was not"):
        ProgressStore.open(path)
    assert path.read_bytes() == before


def test_a_newer_schema_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    ProgressStore.open(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 9")
    db.execute("CREATE TABLE from_the_future (x)")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as raised:
        ProgressStore.open(path)
    assert str(raised.value) == (
        f"progress file {path} was written by a newer quizgen (schema version 9, this quizgen "
        "knows up to 2). Upgrade quizgen, or use another file with --db or $QUIZGEN_DB; the "
        "file was not changed."
    )
    assert path.read_bytes() == before


def test_a_folder_in_place_of_the_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"is a folder\. Use --db with a file path\.$"):
        ProgressStore.open(tmp_path)


HOLD_WRITE_LOCK = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("INSERT INTO sessions (started_at, mode) VALUES ('2026-01-01T00:00:00+00:00', 'x')")
print("holding", flush=True)
sys.stdin.readline()
db.execute("COMMIT")
"""


def test_two_quizzes_can_write_one_file_in_turn(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    with ProgressStore.open(path) as first, ProgressStore.open(path) as second:
        for n in range(5):
            first.record(review(f"a{n}/question"), state(f"a{n}/question"))
            second.record(review(f"b{n}/question"), state(f"b{n}/question"))
    with ProgressStore.open(path) as store:
        assert len(store.reviews()) == 10
        assert len(store.states()) == 10


def test_a_write_lock_held_by_another_process_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    store = ProgressStore.open(path, busy_timeout=0.3)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITE_LOCK, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdin is not None
        assert holder.stdout.readline() == "holding\n"
        with pytest.raises(StoreLockedError) as raised:
            store.record(review(), state())
        assert str(raised.value) == (
            f"progress file {path} is locked by another program (waited 0.3 s). Finish the "
            "other quiz and try again, or use another file with --db or $QUIZGEN_DB."
        )
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.wait(timeout=10) == 0
    finally:
        holder.kill()
        holder.wait()
    # Once the other program lets go, the same store writes again; nothing half-written.
    store.record(review(), state())
    assert len(store.reviews()) == 1
    assert len(store.sessions()) == 1
    store.close()


def test_a_locked_file_is_reported_when_a_migration_is_needed(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    db = sqlite3.connect(path, isolation_level=None)
    db.executescript(MIGRATIONS[0])
    db.execute("PRAGMA user_version = 1")
    db.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreLockedError, match="is locked by another program"):
            ProgressStore.open(path, busy_timeout=0.1)
    finally:
        db.execute("ROLLBACK")
        db.close()
    with ProgressStore.open(path) as store:
        assert store.schema_version == 2


def test_stats_group_answers_and_count_due_cards_by_local_day(tmp_path: Path) -> None:
    zone = dt.timezone(dt.timedelta(hours=8))
    now = dt.datetime(2026, 3, 1, 23, 30, tzinfo=zone)
    with ProgressStore.open(tmp_path / "p.sqlite") as store:
        store.record(review("a/question", at=now - dt.timedelta(days=1)), None)
        wrong = replace(review("b/cloze", at=now), grade="wrong")
        store.record(wrong, CardState("b/cloze", "{}", now - dt.timedelta(days=3)))
        almost = replace(review("c/question", at=now), grade="almost", deck="", fact_type="")
        store.record(almost, CardState("c/question", "{}", now + dt.timedelta(hours=1)))
        store.record(
            review("d/question"), CardState("d/question", "{}", now + dt.timedelta(days=6))
        )
        store.record(
            review("e/question"), CardState("e/question", "{}", now + dt.timedelta(days=9))
        )
        stats = gather_stats(
            store,
            now,
            facts={"c": ("Korea", "name")},
            card_keys=frozenset({"b/cloze", "c/question", "z/question"}),
        )
        everything = gather_stats(store, now)
    assert (stats.answers, stats.cards_seen, stats.new_cards) == (5, 5, 1)
    assert stats.by_deck == (Accuracy("Korea", 1, 1), Accuracy("Mongolia", 4, 3))
    assert [(a.label, a.ratio) for a in stats.by_type] == [("date", 0.75), ("name", 1.0)]
    # b is overdue (today); c is due at 00:30 tomorrow, local time; d and e are not narrowed in.
    assert [n for _, n in stats.due_by_day] == [1, 1, 0, 0, 0, 0, 0]
    assert [n for _, n in everything.due_by_day] == [1, 1, 0, 0, 0, 0, 1]
    assert stats.due_by_day[0][0] == dt.date(2026, 3, 1)
    assert [n for _, n in stats.answers_by_day] == [0, 0, 0, 0, 0, 1, 4]
    assert everything.by_deck[0] == Accuracy("(unknown)", 1, 1)


def test_a_failed_migration_leaves_the_file_at_its_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    old = sqlite3.connect(path)
    old.executescript(MIGRATIONS[0])
    # Migration 2 adds columns, then trips over an index of the same name made by hand.
    old.execute("CREATE INDEX reviews_card_key ON reviews(fact_id)")
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()
    with pytest.raises(StoreError) as raised:
        ProgressStore.open(path)
    assert str(raised.value).startswith(
        f"cannot upgrade in progress file {path}: index reviews_card_key already exists."
    )
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone() == (1,)
    columns = [row[1] for row in db.execute("PRAGMA table_info(reviews)")]
    assert "deck" not in columns
