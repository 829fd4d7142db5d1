"""The `quizgen build` command: exit codes and exact messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from deck_fixtures import edit, sample_facts
from typer.testing import CliRunner

from quizgen.build.lockfile import LOCK_FILE_NAME
from quizgen.build.run import check_build
from quizgen.cli import app

REPO = Path(__file__).resolve().parent.parent


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["build", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in a folder holding the sample `facts/`, as a user in their project would."""
    sample_facts(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_help_lists_every_option() -> None:
    code, out, _ = run("--help")
    assert code == 0
    for option in (
        "--facts",
        "--out",
        "--deck",
        "--templates",
        "--force",
        "--dry-run",
        "--check",
        "--wait",
    ):
        assert option in out


def test_build_then_rebuild(here: Path) -> None:
    assert run() == (
        0,
        "Mongolia: decks/mongolia.apkg written (4 new)\n"
        "People: decks/people.apkg written (1 new)\n",
        "",
    )
    assert run() == (
        0,
        "Mongolia: decks/mongolia.apkg up to date (4 unchanged)\n"
        "People: decks/people.apkg up to date (1 unchanged)\n",
        "",
    )


def test_dry_run_shows_the_report_and_writes_nothing(here: Path) -> None:
    assert run("--dry-run", "--out", "elsewhere") == (
        0,
        "Mongolia: elsewhere/mongolia.apkg would be written (4 new)\n"
        "People: elsewhere/people.apkg would be written (1 new)\n"
        "dry run: nothing was written\n",
        "",
    )
    assert not (here / "elsewhere").exists()


def test_removed_facts_are_listed_with_a_search(here: Path) -> None:
    run()
    edit(here / "facts/people.yaml", "- id: elbegdorj", "- id: elbegdorj-president")
    edit(
        here / "facts/mongolia/diplomacy.yaml",
        "    cards: [question, cloze]\n",
        "    cards: [question]\n",
    )
    code, out, err = run("--facts", "facts")
    assert (code, err) == (0, "")
    assert out == (
        "Mongolia: decks/mongolia.apkg written (1 changed, 3 unchanged)\n"
        "People: decks/people.apkg written (1 new, 1 removed)\n"
        '  removed elbegdorj; find in Anki: "FactId:elbegdorj"\n'
        "    renamed to elbegdorj-president? Then add `renamed_from: [elbegdorj]` to it before "
        "you import: its notes and their review history are kept\n"
        "Anki's import never deletes notes: search for the removed ones above in the Browse "
        "window and delete them if you no longer want them.\n"
    )


def test_moved_notes_are_listed_with_a_search_for_their_cards(here: Path) -> None:
    run()
    edit(here / "facts/mongolia/trade.yaml", "deck: Mongolia::Trade", "deck: Mongolia::Economy")
    edit(here / "facts/people.yaml", "deck: People", "deck: Mongolia::People")
    moves = (
        '  moved 1 note from "Mongolia::Trade" to "Mongolia::Economy"; find their cards in '
        'Anki: "deck:Mongolia::Trade" "FactId:friendship-treaty"\n'
        '  moved 1 note from "People" (decks/people.apkg) to "Mongolia::People"; find their '
        'cards in Anki: "deck:People" "FactId:elbegdorj"\n'
    )
    moved_out = (
        '  moved 1 note to "Mongolia::People": importing decks/mongolia.apkg updates them in '
        'place; their cards stay in "People", so deleting that deck in Anki would delete them\n'
        "Anki's import never moves cards between decks: once you have imported, search for "
        "the moved ones above in the Browse window, select them all and use Change Deck.\n"
    )
    assert run("--dry-run") == (
        0,
        "Mongolia: decks/mongolia.apkg would be written (2 changed, 3 unchanged)\n"
        + moves
        + "People: decks/people.apkg would be deleted (1 moved out)\n"
        + moved_out
        + "dry run: nothing was written\n",
        "",
    )
    assert run() == (
        0,
        "Mongolia: decks/mongolia.apkg written (2 changed, 3 unchanged)\n"
        + moves
        + "People: decks/people.apkg deleted (1 moved out)\n"
        + moved_out,
        "",
    )
    assert run() == (0, "Mongolia: decks/mongolia.apkg up to date (5 unchanged)\n", "")


def test_check_passes_on_a_fresh_build_and_fails_after_an_edit(here: Path) -> None:
    run()
    assert run("--check") == (0, "decks is up to date with facts\n", "")
    edit(here / "facts/people.yaml", "kind: person", "kind: person\n    note: Twice.")
    assert run("--check") == (
        1,
        "",
        "decks/people.apkg: out of date\n"
        f"decks/{LOCK_FILE_NAME}: out of date\n"
        "decks is not what `quizgen build` would write; run it and commit the result\n",
    )


def test_invalid_facts_exit_1_and_write_nothing(here: Path) -> None:
    edit(here / "facts/people.yaml", "type: name", "type: nonsense")
    code, out, err = run()
    assert (code, out) == (1, "")
    assert err.startswith("facts/people.yaml:")
    assert "nonsense" in err
    assert not (here / "decks").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--deck", "Nope"), "no deck named 'Nope'; the decks are: 'Mongolia', 'People'\n"),
        (("--facts", "missing"), "missing: no such facts folder\n"),
        (("--templates", "nope.yaml"), "nope.yaml: no such templates file\n"),
    ],
)
def test_user_errors_exit_1_with_one_line(here: Path, args: tuple[str, ...], message: str) -> None:
    assert run(*args) == (1, "", message)


def test_one_deck(here: Path) -> None:
    assert run("--deck", "People") == (0, "People: decks/people.apkg written (1 new)\n", "")


@pytest.mark.slow
def test_a_progress_bar_shows_on_a_terminal_only(here: Path) -> None:
    import pexpect

    child = pexpect.spawn(
        sys.executable,
        ["-m", "quizgen", "build"],
        cwd=str(here),
        env={**os.environ, "COLUMNS": "100", "TERM": "xterm"},
        encoding="utf-8",
        timeout=60,
    )
    child.expect(pexpect.EOF)
    child.close()
    raw = child.before
    assert child.exitstatus == 0
    assert "building" in raw
    assert "\x1b[" in raw  # the bar draws and then erases itself
    assert "Mongolia: decks/mongolia.apkg written (4 new)" in raw
    _, out, err = run("--force")
    assert "\x1b[" not in out + err
    assert "packaging" not in out + err


def test_the_shipped_decks_are_what_the_shipped_facts_build() -> None:
    """CI runs `quizgen build --check`; the repo must pass it."""
    report = check_build(REPO / "facts", REPO / "decks")
    assert report.problems == ()


def test_an_out_path_that_is_a_file_is_a_clear_error(here: Path) -> None:
    (here / "decks").write_text("not a folder")
    assert run() == (1, "", "cannot write to decks: it is not a folder\n")


def test_an_empty_facts_folder_builds_no_decks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "sources.yaml").write_text("sources: {}\n")
    monkeypatch.chdir(tmp_path)
    assert run() == (0, "no decks: the facts folder has no facts\n", "")
    assert sorted(p.name for p in (tmp_path / "decks").iterdir()) == [
        ".quizgen-build.lock",
        ".quizgen-code",
        LOCK_FILE_NAME,
    ]


def test_an_up_to_date_build_imports_no_yaml_loader_jinja_or_rich(here: Path) -> None:
    """What keeps a build with nothing to do quick: it digests files, parses nothing and
    prints no markup."""
    assert run()[0] == 0
    script = (
        "import sys\n"
        "from quizgen.cli import main\n"
        "sys.argv = ['quizgen', 'build']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as done:\n"
        "    assert done.code in (0, None), done.code\n"
        "loaded = ('yaml', 'jinja2', 'quizgen.factfiles.loader', 'rich')\n"
        "print(sorted(m for m in loaded if m in sys.modules))\n"
    )
    finished = subprocess.run(
        [sys.executable, "-c", script], cwd=here, capture_output=True, text=True, check=True
    )
    assert finished.stdout.splitlines() == [
        "Mongolia: decks/mongolia.apkg up to date (4 unchanged)",
        "People: decks/people.apkg up to date (1 unchanged)",
        "[]",
    ]
