"""Shared fixtures: no test touches the user's real progress database."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO.parent / "shared" / "sources"


@pytest.fixture(autouse=True)
def _isolated_progress(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point the quiz progress store at a temporary folder for every test."""
    data = tmp_path_factory.mktemp("quizgen-data")
    monkeypatch.setenv("QUIZGEN_DB", str(data / "progress.sqlite"))
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
