"""The progress file's schema, one change at a time; `PRAGMA user_version` counts them."""

from __future__ import annotations

from collections.abc import Iterator

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "statements"]

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


def statements(script: str) -> Iterator[str]:
    """Split a migration script into statements so each runs inside our own transaction."""
    for part in script.split(";"):
        if part.strip():
            yield part.strip()
