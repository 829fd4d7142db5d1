"""The quiz progress store: every answer and each card's schedule, in one SQLite file.

The store commits each answer in its own transaction, so a quiz killed at any moment keeps
every answer already given. It never writes to a file it cannot read as its own: a file that
is not a database, or one from a newer quizgen, is reported and left as it is.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from quizgen.errors import StoreError, StoreLockedError

ENV_VAR = "QUIZGEN_DB"
"""Environment variable that points the store at another file."""

DEFAULT_BUSY_TIMEOUT = 5.0
"""Seconds to wait for another quiz's write to finish before giving up."""

MIGRATIONS: tuple[str, ...] = (
    # 1: sessions, the answer log and each card's schedule.
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        mode TEXT NOT NULL,
        seed INTEGER,
        asked INTEGER NOT NULL DEFAULT 0,
        correct INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        session_id INTEGER REFERENCES sessions(id),
        reviewed_at TEXT NOT NULL,
        card_key TEXT NOT NULL,
        fact_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        reply TEXT NOT NULL,
        grade TEXT NOT NULL,
        duration_ms INTEGER NOT NULL
    );
    CREATE TABLE card_state (
        card_key TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        due TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    """,
    # 2: what stats group by, and indexes for due cards and a card's history.
    """
    ALTER TABLE reviews ADD COLUMN deck TEXT NOT NULL DEFAULT '';
    ALTER TABLE reviews ADD COLUMN fact_type TEXT NOT NULL DEFAULT '';
    ALTER TABLE reviews ADD COLUMN style TEXT NOT NULL DEFAULT 'typed';
    ALTER TABLE reviews ADD COLUMN rating INTEGER;
    CREATE INDEX reviews_card_key ON reviews(card_key);
    CREATE INDEX reviews_reviewed_at ON reviews(reviewed_at);
    CREATE INDEX card_state_due ON card_state(due);
    """,
)
"""Schema changes in order; `PRAGMA user_version` counts how many a file has had."""

SCHEMA_VERSION = len(MIGRATIONS)


def default_db_path() -> Path:
    """Return the progress file: `$QUIZGEN_DB`, else `progress.sqlite` in the user data folder."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("quizgen")) / "progress.sqlite"


def _iso(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("store times must be timezone-aware")
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds")


def _parse_iso(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


@dataclass(frozen=True)
class Review:
    """One answer as the store keeps it."""

    reviewed_at: dt.datetime
    card_key: str
    fact_id: str
    kind: str
    deck: str
    fact_type: str
    style: str
    reply: str
    grade: str
    rating: int | None
    duration_ms: int
    session_id: int | None = None


@dataclass(frozen=True)
class CardState:
    """A card's schedule: the scheduler's own JSON and when the card is next due."""

    card_key: str
    state: str
    due: dt.datetime


@dataclass(frozen=True)
class SessionRow:
    """A quiz session as recorded."""

    id: int
    started_at: dt.datetime
    ended_at: dt.datetime | None
    mode: str
    seed: int | None
    asked: int
    correct: int


def _moved_aside_hint(path: Path) -> str:
    return (
        f"Move it aside (for example `mv '{path}' '{path}.bad'`) to start afresh, "
        f"or use another file with --db or ${ENV_VAR}."
    )


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
        if path.is_dir():
            raise StoreError(f"progress file {path} is a folder. Use --db with a file path.")
        blocked = next((p for p in path.parents if p.exists()), None)
        if blocked is not None and not blocked.is_dir():
            raise StoreError(
                f"cannot create progress file {path}: {blocked} is a file, not a folder. "
                f"Use --db or ${ENV_VAR} to put it elsewhere."
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"cannot create the folder for progress file {path}: {error.strerror}. "
                f"Use --db or ${ENV_VAR} to put it elsewhere."
            ) from None
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
                        f"(no reviews table); it was not changed. {_moved_aside_hint(self.path)}"
                    )
            elif self._has_foreign_tables():
                raise StoreError(
                    f"progress file {self.path} is an SQLite database but not quizgen's; it was "
                    f"not changed. {_moved_aside_hint(self.path)}"
                )
            return version
        except sqlite3.OperationalError as error:
            if _is_locked(error):
                raise self._locked_error() from None
            raise self._corrupt_error(error) from None
        except sqlite3.DatabaseError as error:
            raise self._corrupt_error(error) from None

    def _has_foreign_tables(self) -> bool:
        row = self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return bool(row[0])

    def _corrupt_error(self, error: sqlite3.Error) -> StoreError:
        return StoreError(
            f"progress file {self.path} is not a valid quizgen database ({error}); it was "
            f"not changed. {_moved_aside_hint(self.path)}"
        )

    def _locked_error(self) -> StoreLockedError:
        seconds = self._timeout_ms() / 1000
        return StoreLockedError(
            f"progress file {self.path} is locked by another program (waited {seconds:g} s). "
            f"Finish the other quiz and try again, or use another file with --db or ${ENV_VAR}."
        )

    def _translate(self, doing: str) -> _Translate:
        return _Translate(self, doing)

    def _migrate(self) -> None:
        if self.schema_version == SCHEMA_VERSION:
            return
        while True:
            with self._translate("upgrade"):
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    # Read again under the write lock: another quiz may have upgraded meanwhile.
                    version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
                    if version >= SCHEMA_VERSION:
                        self._db.execute("COMMIT")
                        return
                    for statement in _statements(MIGRATIONS[version]):
                        self._db.execute(statement)
                    self._db.execute(f"PRAGMA user_version = {version + 1}")
                    self._db.execute("COMMIT")
                except BaseException:
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
                    raise

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
                (_iso(started_at), mode, seed),
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
                (_iso(ended_at), session_id),
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
                    _iso(review.reviewed_at),
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
                    (state.card_key, state.state, _iso(state.due), _iso(review.reviewed_at)),
                )

    def follow_renames(self, renames: Mapping[str, str]) -> int:
        """Move history from old card keys to new ones (`old-id/kind` -> `new-id/kind`).

        A key that already has a schedule of its own keeps it. Return how many keys moved.
        """
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
        return None if row is None else CardState(row[0], row[1], _parse_iso(row[2]))

    def states(self) -> dict[str, CardState]:
        """Return every card's schedule by card key."""
        with self._translate("read"):
            rows = self._db.execute("SELECT card_key, state, due FROM card_state").fetchall()
        return {row[0]: CardState(row[0], row[1], _parse_iso(row[2])) for row in rows}

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
                reviewed_at=_parse_iso(row[0]),
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
                _parse_iso(row[1]),
                None if row[2] is None else _parse_iso(row[2]),
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
                (_iso(since),),
            ).fetchone()
        return int(row[0])

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)


def _statements(script: str) -> Iterator[str]:
    """Split a migration script into statements so each runs inside our own transaction."""
    for part in script.split(";"):
        if part.strip():
            yield part.strip()


def _is_locked(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


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


class _Translate:
    """Turn SQLite's exceptions into `StoreError`s that name the file and a way out."""

    def __init__(self, store: ProgressStore, doing: str) -> None:
        self._store = store
        self._doing = doing

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is None or not isinstance(exc, sqlite3.Error):
            return
        if _is_locked(exc):
            raise self._store._locked_error() from None
        if isinstance(exc, sqlite3.OperationalError) and "readonly" in str(exc).lower():
            raise StoreError(
                f"progress file {self._store.path} is read-only: cannot {self._doing}. "
                f"Use another file with --db or ${ENV_VAR}."
            ) from None
        if isinstance(exc, sqlite3.OperationalError) and "disk" in str(exc).lower():
            raise StoreError(
                f"cannot {self._doing} in progress file {self._store.path}: {exc}. "
                f"Free some space, or use another file with --db or ${ENV_VAR}."
            ) from None
        raise StoreError(
            f"cannot {self._doing} in progress file {self._store.path}: {exc}. "
            f"{_moved_aside_hint(self._store.path)}"
        ) from None


# Statistics ---------------------------------------------------------------------------------

RIGHT_GRADES = ("correct", "almost")
"""Grades that count as right in accuracy figures (a near-miss spelling is accepted)."""


@dataclass(frozen=True)
class Accuracy:
    """How often answers in one group were right."""

    label: str
    answers: int
    right: int

    @property
    def ratio(self) -> float:
        """Return the share of right answers (0 when there are none)."""
        return self.right / self.answers if self.answers else 0.0


@dataclass(frozen=True)
class Stats:
    """What `quizgen stats` shows: accuracy by group, and cards due and answered by day."""

    answers: int
    sessions: int
    cards_seen: int
    new_cards: int | None
    by_deck: tuple[Accuracy, ...]
    by_type: tuple[Accuracy, ...]
    by_style: tuple[Accuracy, ...]
    due_by_day: tuple[tuple[dt.date, int], ...]
    answers_by_day: tuple[tuple[dt.date, int], ...]


def gather_stats(
    store: ProgressStore,
    now: dt.datetime,
    *,
    days: int = 7,
    facts: Mapping[str, tuple[str, str]] | None = None,
    card_keys: frozenset[str] | None = None,
) -> Stats:
    """Sum up the store as of `now` (whose time zone sets where days begin).

    `facts` maps fact ids to (deck, fact type), filling in answers recorded without them;
    `card_keys`, the cards of the current fact base, narrows the due counts to cards that
    still exist and counts the cards never answered.
    """
    facts = facts or {}
    reviews = store.reviews()
    states = store.states()
    if card_keys is not None:
        states = {key: value for key, value in states.items() if key in card_keys}

    def group(label_of: Callable[[Review], str]) -> tuple[Accuracy, ...]:
        answers: dict[str, list[int]] = {}
        for review in reviews:
            tally = answers.setdefault(label_of(review) or "(unknown)", [0, 0])
            tally[0] += 1
            tally[1] += review.grade in RIGHT_GRADES
        return tuple(Accuracy(label, n, right) for label, (n, right) in sorted(answers.items()))

    def deck(review: Review) -> str:
        return review.deck or facts.get(review.fact_id, ("", ""))[0]

    def fact_type(review: Review) -> str:
        return review.fact_type or facts.get(review.fact_id, ("", ""))[1]

    zone = now.tzinfo
    today = now.date()
    upcoming = [today + dt.timedelta(days=n) for n in range(days)]
    due_counts = dict.fromkeys(upcoming, 0)
    for card_state in states.values():
        # Anything overdue counts as due today.
        day = max(card_state.due.astimezone(zone).date(), today)
        if day in due_counts:
            due_counts[day] += 1
    past = [today - dt.timedelta(days=n) for n in reversed(range(days))]
    answer_counts = dict.fromkeys(past, 0)
    for review in reviews:
        day = review.reviewed_at.astimezone(zone).date()
        if day in answer_counts:
            answer_counts[day] += 1
    seen = {review.card_key for review in reviews}
    return Stats(
        answers=len(reviews),
        sessions=len(store.sessions()),
        cards_seen=len(seen),
        new_cards=None if card_keys is None else len(card_keys - seen - set(states)),
        by_deck=group(deck),
        by_type=group(fact_type),
        by_style=group(lambda review: review.style),
        due_by_day=tuple(due_counts.items()),
        answers_by_day=tuple(answer_counts.items()),
    )
