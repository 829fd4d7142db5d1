"""Where the progress file lives, and what to tell a person whose file cannot be used."""

from __future__ import annotations

import os
from pathlib import Path

from quizgen.errors import StoreError

__all__ = ["ENV_VAR", "default_db_path", "make_room", "moved_aside_hint"]

ENV_VAR = "QUIZGEN_DB"
"""Environment variable that points the store at another file."""


def default_db_path() -> Path:
    """Return the progress file: `$QUIZGEN_DB`, else `progress.sqlite` in the user data folder."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("quizgen")) / "progress.sqlite"


def moved_aside_hint(path: Path) -> str:
    """Return how to get past a progress file that cannot be used."""
    return (
        f"Move it aside (for example `mv '{path}' '{path}.bad'`) to start afresh, "
        f"or use another file with --db or ${ENV_VAR}."
    )


def make_room(path: Path) -> None:
    """Make the folders a progress file goes in, or raise `StoreError` saying why not."""
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
