"""The quiz progress store: every answer and each card's schedule, in one SQLite file.

The store commits each answer in its own transaction, so a quiz killed at any moment keeps
every answer already given. It never writes to a file it cannot read as its own: a file that
is not a database, or one from a newer quizgen, is reported and left as it is.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

from quizgen.errors import StoreError, StoreLockedError
from quizgen.progress.failures import Translate, is_locked, obstacle
from quizgen.progress.migrations import MIGRATIONS, SCHEMA_VERSION, statements
from quizgen.progress.paths import ENV_VAR, default_db_path, make_room, moved_aside_hint
from quizgen.progress.records import CardState, Review, SessionRow, iso, parse_iso

__all__ = [
    "DEFAULT_BUSY_TIMEOUT",
    "ENV_VAR",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "CardState",
    "ProgressStore",
    "Review",
    "SessionRow",
    "default_db_path",
]

DEFAULT_BUSY_TIMEOUT = 5.0
"""Seconds to wait for another quiz's write to finish before giving up."""


class ProgressStore:
    """Quiz progress in one SQLite file: open it with `ProgressStore.open(path)`."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection

    @classmethod
    def open(
        cls, path: Path | None = None, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT
    ) -> ProgressStore:
        """Open (or create) the store, bringing its schema up to date.

        Raise `StoreError` naming the file when it is not a quizgen database, comes from a
        newer quizgen, or cannot be written; the file is then left exactly as it was.
        """
        path = default_db_path() if path is None else path
        make_room(path)
        try:
            connection = sqlite3.connect(
                path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise StoreError(
                f"cannot open progress file {path}: {error}. "
                f"Use --db or ${ENV_VAR} to put it elsewhere."
            ) from None
        store = cls(path, connection)
        try:
            store._prepare()
        except BaseException:
            connection.close()
            raise
        return store

    def _prepare(self) -> None:
        # Read before writing anything: a foreign or newer file must stay byte for byte.
        version = self._read_version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"progress file {self.path} was written by a newer quizgen (schema version "
                f"{version}, this quizgen knows up to {SCHEMA_VERSION}). Upgrade quizgen, or "
                f"use another file with --db or ${ENV_VAR}; the file was not changed."
            )
        with self._translate("open"):
            mode = self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(
                    f"progress file {self.path} cannot use write-ahead logging "
                    f"(journal mode {mode}). Use --db with a file on a local disk."
                )
            self._db.execute("PRAGMA synchronous = FULL")
            self._db.execute("PRAGMA foreign_keys = ON")
        self._migrate()

    def _timeout_ms(self) -> float:
        row = self._db.execute("PRAGMA busy_timeout").fetchone()
        return float(row[0]) if row else DEFAULT_BUSY_TIMEOUT * 1000

    def _read_version(self) -> int:
        try:
            version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
            if version:
                problems = [row[0] for row in self._db.execute("PRAGMA quick_check")]
                if problems != ["ok"]:
                    raise sqlite3.DatabaseError("; ".join(problems[:3]))
                names = {
                    row[0]
                    for row in self._db.execute("SELECT name FROM sqlite_master WHERE type='table'")
                }
                if not {"reviews", "card_state", "sessions"} <= names:
                    raise StoreError(
                        f"progress file {self.path} is an SQLite database but not quizgen's "
                        f"(no reviews table); it was not changed. {moved_aside_hint(self.path)}"
                    )
            elif self._has_foreign_tables():
                raise StoreError(
                    f"progress file {self.path} is an SQLite database but not quizgen's; it was "
                    f"not changed. {moved_aside_hint(self.path)}"
                )
            return version
        except sqlite3.OperationalError as error:
            if is_locked(error):
                raise self._locked_error() from None
            raise self._corrupt_error(error) from None
        except sqlite3.DatabaseError as error:
            raise self._corrupt_error(error) from None

    def _has_foreign_tables(self) -> bool:
        row = self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return bool(row[0])

    def _corrupt_error(self, error: sqlite3.Error) -> StoreError:
        trouble = obstacle(self.path)
        if trouble is not None:
            # A healthy file SQLite cannot open for what lies around it: say what that is.
            return StoreError(f"cannot open progress file {self.path}: {trouble}")
        return StoreError(
            f"progress file {self.path} is not a valid quizgen database ({error}); it was "
            f"not changed. {moved_aside_hint(self.path)}"
        )

    def _locked_error(self) -> StoreLockedError:
        seconds = self._timeout_ms() / 1000
        return StoreLockedError(
            f"progress file {self.path} is locked by another program (waited {seconds:g} s). "
            f"Finish the other quiz and try again, or use another file with --db or ${ENV_VAR}."
        )

    def _translate(self, doing: str) -> Translate:
        return Translate(self.path, doing, self._locked_error)

    def _migrate(self) -> None:
        if self.schema_version == SCHEMA_VERSION:
            return
        while True:
            with self._translate("upgrade"), self._transaction():
                # Read again under the write lock: another quiz may have upgraded meanwhile.
                version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
                if version >= SCHEMA_VERSION:
                    return
                for statement in statements(MIGRATIONS[version]):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {version + 1}")

    @property
    def schema_version(self) -> int:
        """Return the schema version the file now has."""
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        """Close the file; every answer is already committed."""
        self._db.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # Writing -------------------------------------------------------------------------------

    def start_session(self, started_at: dt.datetime, mode: str, seed: int | None) -> int:
        """Record the start of a quiz and return its id."""
        with self._translate("record the session"), self._transaction():
            cursor = self._db.execute(
                "INSERT INTO sessions (started_at, mode, seed) VALUES (?, ?, ?)",
                (iso(started_at), mode, seed),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def finish_session(self, session_id: int, ended_at: dt.datetime) -> None:
        """Record when a quiz ended and its tally, counted from its reviews."""
        with self._translate("record the session"), self._transaction():
            self._db.execute(
                """
                UPDATE sessions SET ended_at = ?,
                    asked = (SELECT count(*) FROM reviews WHERE session_id = sessions.id),
                    correct = (SELECT count(*) FROM reviews
                               WHERE session_id = sessions.id AND grade = 'correct')
                WHERE id = ?
                """,
                (iso(ended_at), session_id),
            )

    def record(self, review: Review, state: CardState | None) -> None:
        """Commit one answer and the card's new schedule together, in one transaction."""
        with self._translate("record the answer"), self._transaction():
            self._db.execute(
                """
                INSERT INTO reviews (session_id, reviewed_at, card_key, fact_id, kind, deck,
                    fact_type, style, reply, grade, rating, duration_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                (
                    review.session_id,
                    iso(review.reviewed_at),
                    review.card_key,
                    review.fact_id,
                    review.kind,
                    review.deck,
                    review.fact_type,
                    review.style,
                    review.reply,
                    review.grade,
                    review.rating,
                    review.duration_ms,
                ),
            )
            if state is not None:
                self._db.execute(
                    """
                    INSERT INTO card_state (card_key, state, due, updated_at)
                    VALUES (?, ?, ?, ?)
                    ON CONFLICT (card_key) DO UPDATE SET
                        state = excluded.state, due = excluded.due,
                        updated_at = excluded.updated_at
                    """,
                    (state.card_key, state.state, iso(state.due), iso(review.reviewed_at)),
                )

    def follow_renames(self, renames: Mapping[str, str]) -> int:
        """Move history from old card keys to new ones (`old-id/kind` -> `new-id/kind`).

        A key that already has a schedule of its own keeps it. Return how many keys moved.
        """
        if not renames:  # nothing to move: no need for the write lock
            return 0
        moved = 0
        with self._translate("follow renamed facts"), self._transaction():
            for old, new in renames.items():
                if old == new:
                    continue
                exists = self._db.execute(
                    "SELECT 1 FROM card_state WHERE card_key = ?", (new,)
                ).fetchone()
                cursor = self._db.execute(
                    "SELECT 1 FROM reviews WHERE card_key = ? UNION "
                    "SELECT 1 FROM card_state WHERE card_key = ?",
                    (old, old),
                )
                if cursor.fetchone() is None:
                    continue
                new_fact = new.split("/", 1)[0]
                self._db.execute(
                    "UPDATE reviews SET card_key = ?, fact_id = ? WHERE card_key = ?",
                    (new, new_fact, old),
                )
                if exists:
                    self._db.execute("DELETE FROM card_state WHERE card_key = ?", (old,))
                else:
                    self._db.execute(
                        "UPDATE card_state SET card_key = ? WHERE card_key = ?", (new, old)
                    )
                moved += 1
        return moved

    # Reading -------------------------------------------------------------------------------

    def state(self, card_key: str) -> CardState | None:
        """Return a card's schedule, or None for a card never answered."""
        with self._translate("read"):
            row = self._db.execute(
                "SELECT card_key, state, due FROM card_state WHERE card_key = ?", (card_key,)
            ).fetchone()
        return None if row is None else CardState(row[0], row[1], parse_iso(row[2]))

    def states(self) -> dict[str, CardState]:
        """Return every card's schedule by card key."""
        with self._translate("read"):
            rows = self._db.execute("SELECT card_key, state, due FROM card_state").fetchall()
        return {row[0]: CardState(row[0], row[1], parse_iso(row[2])) for row in rows}

    def reviews(self, card_key: str | None = None) -> list[Review]:
        """Return answers in the order given, all of them or one card's."""
        query = (
            "SELECT reviewed_at, card_key, fact_id, kind, deck, fact_type, style, reply, grade, "
            "rating, duration_ms, session_id FROM reviews"
        )
        params: tuple[str, ...] = ()
        if card_key is not None:
            query += " WHERE card_key = ?"
            params = (card_key,)
        with self._translate("read"):
            rows = self._db.execute(query + " ORDER BY id", params).fetchall()
        return [
            Review(
                reviewed_at=parse_iso(row[0]),
                card_key=row[1],
                fact_id=row[2],
                kind=row[3],
                deck=row[4],
                fact_type=row[5],
                style=row[6],
                reply=row[7],
                grade=row[8],
                rating=row[9],
                duration_ms=row[10],
                session_id=row[11],
            )
            for row in rows
        ]

    def sessions(self) -> list[SessionRow]:
        """Return every recorded session, oldest first."""
        with self._translate("read"):
            rows = self._db.execute(
                "SELECT id, started_at, ended_at, mode, seed, asked, correct FROM sessions "
                "ORDER BY id"
            ).fetchall()
        return [
            SessionRow(
                row[0],
                parse_iso(row[1]),
                None if row[2] is None else parse_iso(row[2]),
                row[3],
                row[4],
                row[5],
                row[6],
            )
            for row in rows
        ]

    def first_seen_since(self, since: dt.datetime) -> int:
        """Return how many cards had their very first answer at or after `since`."""
        with self._translate("read"):
            row = self._db.execute(
                "SELECT count(*) FROM (SELECT card_key, min(reviewed_at) AS first "
                "FROM reviews GROUP BY card_key) WHERE first >= ?",
                (iso(since),),
            ).fetchone()
        return int(row[0])

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    """Run a block in one immediate transaction: commit on success, roll back otherwise."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self._db.execute("COMMIT")
        elif self._db.in_transaction:
            self._db.execute("ROLLBACK")
