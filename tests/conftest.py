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


@pytest.fixture
def forked_results(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Record what each forked child sends back (the real child runs), from now on."""
    import quizgen.forked

    results: list[object] = []
    real_result = quizgen.forked.Forked.result

    def result(self: quizgen.forked.Forked[object]) -> object:
        results.append(real_result(self))
        return results[-1]

    monkeypatch.setattr(quizgen.forked.Forked, "result", result)
    return results
