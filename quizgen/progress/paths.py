"""Where the progress file lives, and what to tell a person whose file cannot be used."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ENV_VAR", "default_db_path", "moved_aside_hint"]

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
