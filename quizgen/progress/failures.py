"""SQLite's exceptions turned into `StoreError`s that name the file and a way out."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from quizgen.errors import StoreError, StoreLockedError
from quizgen.progress.paths import ENV_VAR, moved_aside_hint

__all__ = ["Translate", "is_locked"]


def is_locked(error: sqlite3.Error) -> bool:
    """Return whether SQLite failed because another connection holds a lock."""
    text = str(error).lower()
    return "locked" in text or "busy" in text


class Translate:
    """Turn SQLite's exceptions into `StoreError`s that name the file and a way out."""

    def __init__(self, path: Path, doing: str, locked: Callable[[], StoreLockedError]) -> None:
        self._path = path
        self._doing = doing
        self._locked = locked

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
        if is_locked(exc):
            raise self._locked() from None
        if isinstance(exc, sqlite3.OperationalError) and "readonly" in str(exc).lower():
            raise StoreError(
                f"progress file {self._path} is read-only: cannot {self._doing}. "
                f"Use another file with --db or ${ENV_VAR}."
            ) from None
        if isinstance(exc, sqlite3.OperationalError) and "disk" in str(exc).lower():
            raise StoreError(
                f"cannot {self._doing} in progress file {self._path}: {exc}. "
                f"Free some space, or use another file with --db or ${ENV_VAR}."
            ) from None
        raise StoreError(
            f"cannot {self._doing} in progress file {self._path}: {exc}. "
            f"{moved_aside_hint(self._path)}"
        ) from None
