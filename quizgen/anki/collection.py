"""Find, open, back up and close a user's Anki collection with Anki's own engine.

Everything here goes through the `anki` package (an optional extra): it holds the collection
exclusively while open, so Anki itself cannot write to it at the same time, and it refuses to
open a collection that Anki (or anything else) already holds.

The engine upgrades a collection's schema when it opens it (to 18 today). A collection last
closed at an older schema (11: Anki before 2.1.50, or its "downgrade" on quit) was made or
left by a version that may not read the newer one, so it is closed downgraded to schema 11,
which every Anki version reads.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizgen.errors import SyncError

INSTALL_HINT = "pip install 'quizgen[anki]'"

COLLECTION_FILE = "collection.anki2"
"""The file name of a collection inside an Anki profile folder."""

BACKUP_FOLDER = "backups"
"""The folder beside the collection where Anki keeps a profile's backups."""


class CollectionLockedError(SyncError):
    """Anki or another program holds the collection open."""


def anki_base_folder(environ: Mapping[str, str] | None = None, platform: str | None = None) -> Path:
    """Return the folder where Anki keeps its profiles on this system.

    Anki's own rules: `ANKI_BASE` when set; otherwise `%APPDATA%\\Anki2` on Windows,
    `~/Library/Application Support/Anki2` on macOS, `$XDG_DATA_HOME/Anki2` (by default
    `~/.local/share/Anki2`) elsewhere.
    """
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if environ.get("ANKI_BASE"):
        return Path(environ["ANKI_BASE"]).expanduser()
    home = Path(environ.get("HOME") or Path.home())
    if platform.startswith("win"):
        appdata = environ.get("APPDATA")
        return (Path(appdata) if appdata else home / "AppData" / "Roaming") / "Anki2"
    if platform == "darwin":
        return home / "Library" / "Application Support" / "Anki2"
    data = environ.get("XDG_DATA_HOME") or str(home / ".local" / "share")
    return Path(data) / "Anki2"


def profile_collection(name: str, base: Path | None = None) -> Path:
    """Return the collection file of the Anki profile `name`; raise `SyncError` if absent."""
    base = anki_base_folder() if base is None else base
    path = base / name / COLLECTION_FILE
    if path.is_file():
        return path
    profiles = sorted(p.parent.name for p in base.glob(f"*/{COLLECTION_FILE}"))
    known = f"; profiles there: {', '.join(profiles)}" if profiles else ""
    raise SyncError(f"no Anki profile '{name}' in {base}{known}")


def schema_version(path: Path) -> int | None:
    """Return the schema version a collection file was last closed at, or None if unreadable.

    The file is read as immutable: no lock is taken and no `-shm` file made beside it, so
    the read cannot disturb a program that has the collection open (the engine then refuses
    to open it).
    """
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as connection:
            (version,) = connection.execute("SELECT ver FROM col").fetchone()
    except (sqlite3.Error, TypeError):
        return None
    return int(version)


def _locked_message(path: Path) -> str:
    return f"{path}: Anki (or another program) has this collection open; close it and try again"


def require_engine() -> Any:
    """Return Anki's `Collection` class; raise `SyncError` saying how to install the engine."""
    try:
        from anki.collection import Collection
    except ImportError as error:
        raise SyncError(f"sync needs Anki's engine, the `anki` package: {INSTALL_HINT}") from error
    return Collection


@dataclass(frozen=True)
class OpenCollection:
    """A collection open in Anki's engine, with the schema it was found at and opened at."""

    col: Any
    path: Path
    found_at: int | None
    opened_at: int

    @property
    def older_schema(self) -> bool:
        """Return whether the collection was found at an older schema than the engine's."""
        return self.found_at is not None and self.found_at < self.opened_at


@contextlib.contextmanager
def open_collection(path: Path) -> Iterator[OpenCollection]:
    """Open the collection at `path` with Anki's engine and close it again on the way out.

    Raise `CollectionLockedError` when another program holds it, `SyncError` when it is
    missing or unreadable. It is closed at the schema it was found at when that was older than
    the engine's, so the Anki version that wrote it can still open it.
    """
    collection_class = require_engine()
    from anki.errors import DBError

    if not path.is_file():
        raise SyncError(f"{path}: no such Anki collection")
    found_at = schema_version(path)
    try:
        col = collection_class(str(path))
    except DBError as error:
        raise _open_error(path, error) from error
    opened = OpenCollection(col, path, found_at, int(col.db.scalar("SELECT ver FROM col")))
    try:
        yield opened
    finally:
        col.close(downgrade=opened.older_schema)


def _open_error(path: Path, error: Exception) -> SyncError:
    if "already open" in str(error) or "locked" in str(error):
        return CollectionLockedError(_locked_message(path))
    return SyncError(f"{path}: Anki cannot open this collection: {error}")


def create_backup(opened: OpenCollection, folder: Path) -> Path:
    """Back the open collection up into `folder` with Anki's own backup and return the file.

    Anki names a backup by the second it was made and thins older ones by the collection's
    backup settings, as it does for its own backups; a second backup in the same second would
    replace the first, so this waits for the next second when one exists. A collection found
    at an older schema is exported in the older package format instead (Anki's "legacy"
    export), which the Anki version that made it can restore.
    """
    from anki.errors import AnkiException, DBError

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SyncError(f"cannot create the backup folder {folder}: {error.strerror}") from error
    before = set(folder.glob("backup-*.colpkg"))
    if (folder / f"backup-{time.strftime(_STAMP)}.colpkg").exists():
        time.sleep(1 - time.time() % 1)
    col = opened.col
    try:
        if opened.older_schema:
            target = folder / f"backup-{time.strftime(_STAMP)}.colpkg"
            # The export closes the collection; it is opened again at once.
            col.export_collection_package(str(target), include_media=False, legacy=True)
            try:
                col.reopen()
            except DBError as error:
                raise _open_error(opened.path, error) from error
            created = True
        else:
            created = col.create_backup(
                backup_folder=str(folder), force=True, wait_for_completion=True
            )
    except AnkiException as error:
        raise SyncError(f"Anki could not back the collection up into {folder}: {error}") from error
    new_files = sorted(set(folder.glob("backup-*.colpkg")) - before)
    if not created or not new_files:
        raise SyncError(f"Anki made no backup in {folder}; nothing was changed")
    return new_files[-1]


_STAMP = "%Y-%m-%d-%H.%M.%S"
"""How Anki stamps a backup's file name: local time to the second."""
