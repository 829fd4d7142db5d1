"""The `quizgen sync` command: options, profile discovery, exit codes and exact messages."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from deck_fixtures import built_notes, sample_facts
from typer.testing import CliRunner

from quizgen.anki.collection import anki_base_folder, profile_collection
from quizgen.cli import app
from quizgen.errors import SyncError


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["sync", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def anki_base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An Anki data folder with one profile, "User 1", holding an empty collection."""
    from anki.collection import Collection

    sample_facts(tmp_path)
    monkeypatch.chdir(tmp_path)
    base = tmp_path / "Anki2"
    (base / "User 1").mkdir(parents=True)
    Collection(str(base / "User 1" / "collection.anki2")).close()
    monkeypatch.setenv("ANKI_BASE", str(base))
    return base


def test_help_lists_every_option() -> None:
    code, out, _ = run("--help")
    assert code == 0
    for option in (
        "--facts",
        "--collection",
        "--profile",
        "--dry-run",
        "--keep-removed",
        "--templates",
    ):
        assert option in out


@pytest.mark.parametrize(
    ("environ", "platform", "expected"),
    [
        ({"HOME": "/home/ann"}, "linux", "/home/ann/.local/share/Anki2"),
        ({"HOME": "/home/ann", "XDG_DATA_HOME": "/data"}, "linux", "/data/Anki2"),
        ({"HOME": "/Users/ann"}, "darwin", "/Users/ann/Library/Application Support/Anki2"),
        (
            {"HOME": "C:/Users/ann", "APPDATA": "C:/Users/ann/AppData/Roaming"},
            "win32",
            "C:/Users/ann/AppData/Roaming/Anki2",
        ),
        ({"HOME": "/home/ann", "ANKI_BASE": "/portable/anki"}, "linux", "/portable/anki"),
    ],
)
def test_anki_data_folder_per_system(environ: dict[str, str], platform: str, expected: str) -> None:
    assert anki_base_folder(environ, platform) == Path(expected)


def test_an_unknown_profile_names_the_ones_there(anki_base: Path) -> None:
    with pytest.raises(SyncError) as caught:
        profile_collection("Ann", anki_base)
    assert str(caught.value) == f"no Anki profile 'Ann' in {anki_base}; profiles there: User 1"


def test_sync_into_a_profile_then_again(anki_base: Path) -> None:
    code, out, err = run("--profile", "User 1")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    backup = Path(lines[0].removeprefix("backup: "))
    assert backup.parent == anki_base / "User 1" / "backups"
    assert backup.is_file()
    notes = built_notes(anki_base.parent / "facts")
    assert lines[1:] == [f"Mongolia: {notes['Mongolia']} new", f"People: {notes['People']} new"]

    code, out, err = run("--profile", "User 1")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"Mongolia: {notes['Mongolia']} unchanged",
        f"People: {notes['People']} unchanged",
        f"{anki_base / 'User 1' / 'collection.anki2'} is up to date",
    ]


def test_dry_run_says_so(anki_base: Path) -> None:
    code, out, _ = run("--profile", "User 1", "--dry-run")
    notes = built_notes(anki_base.parent / "facts")
    assert code == 0
    assert out.splitlines() == [
        f"Mongolia: {notes['Mongolia']} new",
        f"People: {notes['People']} new",
        "dry run: nothing was written",
    ]


def test_removed_facts_are_named(anki_base: Path) -> None:
    run("--profile", "User 1")
    notes = built_notes(anki_base.parent / "facts")
    (anki_base.parent / "facts" / "people.yaml").unlink()

    code, out, _ = run("--profile", "User 1", "--keep-removed")
    assert code == 0
    assert out.splitlines() == [
        f"Mongolia: {notes['Mongolia']} unchanged",
        f"People: {notes['People']} kept (removed from the facts)",
        "  kept (removed from the facts): elbegdorj",
        f"{anki_base / 'User 1' / 'collection.anki2'} is up to date",
    ]

    code, out, _ = run("--profile", "User 1")
    assert code == 0
    assert out.splitlines()[1:] == [
        f"Mongolia: {notes['Mongolia']} unchanged",
        f"People: {notes['People']} removed",
        "  removed: elbegdorj",
    ]


@pytest.mark.parametrize(
    "args",
    [(), ("--profile", "User 1", "--collection", "x.anki2")],
)
def test_exactly_one_of_collection_and_profile(anki_base: Path, args: tuple[str, ...]) -> None:
    code, _, err = run(*args)
    assert code == 2
    assert "give either --collection PATH or --profile NAME" in err


def test_a_missing_collection_is_one_line(anki_base: Path) -> None:
    code, out, err = run("--collection", "nowhere/collection.anki2")
    assert (code, out) == (1, "")
    assert err == "nowhere/collection.anki2: no such Anki collection\n"


def test_without_ankis_engine_one_line_says_how_to_install_it(
    anki_base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [name for name in sys.modules if name == "anki" or name.startswith("anki.")]:
        monkeypatch.setitem(sys.modules, name, None)
    code, out, err = run("--profile", "User 1")
    assert (code, out) == (1, "")
    assert err == "sync needs Anki's engine, the `anki` package: pip install 'quizgen[anki]'\n"


def test_invalid_facts_stop_the_sync_before_the_collection_is_opened(anki_base: Path) -> None:
    collection = anki_base / "User 1" / "collection.anki2"
    before = collection.read_bytes()
    people = anki_base.parent / "facts" / "people.yaml"
    people.write_text(people.read_text().replace("type: name", "type: nmae"), encoding="utf-8")

    code, out, err = run("--profile", "User 1")

    assert (code, out) == (1, "")
    assert err.startswith("facts/people.yaml:")
    assert "nmae" in err
    assert collection.read_bytes() == before
    assert not (collection.parent / "backups").exists()
