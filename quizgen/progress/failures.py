"""SQLite's exceptions turned into `StoreError`s that name the file and a way out."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from quizgen.errors import StoreError, StoreLockedError
from quizgen.progress.paths import ENV_VAR, moved_aside_hint

__all__ = ["Translate", "is_locked", "obstacle"]


def is_locked(error: sqlite3.Error) -> bool:
    """Return whether SQLite failed because another connection holds a lock."""
    text = str(error).lower()
    return "locked" in text or "busy" in text


def obstacle(path: Path) -> str | None:
    """Return what around a progress file keeps SQLite from opening it, or None.

    SQLite keeps its write-ahead log and shared memory in `FILE-wal` and `FILE-shm` beside
    the file, and must be able to create them: a folder in their place, or a folder that
    cannot be written, stops it with a bare "unable to open database file".
    """
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists() and not companion.is_file():
            return (
                f"{companion} is a folder, not SQLite's {suffix[1:]} file. It holds no answers: "
                f"move it aside (`mv '{companion}' '{companion}.bad'`) and try again."
            )
    if not os.access(path, os.R_OK):
        return "the file cannot be read (permission denied). Check its permissions."
    folder = path.parent
    companions = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    if not os.access(folder, os.W_OK | os.X_OK) and not all(c.exists() for c in companions):
        return (
            f"its folder {folder} is read-only, and quizgen keeps a journal beside the file. "
            f"Make the folder writable, or copy the file elsewhere and use --db or ${ENV_VAR}."
        )
    if not os.access(path, os.W_OK):
        return (
            "the file is read-only. Make it writable, or copy it elsewhere and use --db or "
            f"${ENV_VAR}."
        )
    return None


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
