"""Regeneration that cannot go stale, and hostile input that cannot act (issue 15's build cases).

Each case uses the real thing: git for merges, a killed process, FIFOs and symbolic links,
and Anki's own engine to import what was built.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from deck_fixtures import SOURCES_YAML, edit, import_decks, open_collection, write_files
from factories import run_quizgen

from quizgen.anki.filenames import deck_file_names
from quizgen.build import digests
from quizgen.build.lockfile import LOCK_FILE_NAME, MAX_NOTE_ID
from quizgen.build.report import DeckStatus
from quizgen.build.run import build, check_build
from quizgen.errors import BuildError, FactError

T0 = 1_700_000_000
T1 = T0 + 60


def date_file(deck: str, *facts: tuple[str, str, str]) -> str:
    """Return a fact file of date facts `(id, event, year)` in `deck`."""
    lines = [f"deck: {deck}", "facts:"]
    for fact_id, event, year in facts:
        lines += [
            f"  - id: {fact_id}",
            "    type: date",
            f"    event: {event}",
            f"    date: {year}",
            "    sources: [smith-2015]",
        ]
    return "\n".join(lines) + "\n"


def three_files(root: Path) -> Path:
    """Write one top-level deck from three files whose notes sort apart in the lock file."""
    return write_files(
        root,
        {
            "sources.yaml": SOURCES_YAML,
            "a.yaml": date_file("History::A", ("a-treaty", "The first treaty was signed", "1921")),
            "m.yaml": date_file(
                "History::M",
                ("m-border", "The border was drawn", "1924"),
                ("m-census", "The first census was taken", "1925"),
            ),
            "z.yaml": date_file("History::Z", ("z-visit", "A state visit took place", "1990")),
        },
    )


# --- 1. a stale deck after a git merge ------------------------------------------------


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    done = subprocess.run(
        ["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr + done.stdout
    return done.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_deck_merged_by_git_is_not_called_up_to_date(tmp_path: Path) -> None:
    """Branch x edits a.yaml, main edits z.yaml, each rebuilds; `git merge -X ours x`."""
    repo = tmp_path / "repo"
    facts = three_files(repo / "facts")
    decks = repo / "decks"
    (repo / ".gitignore").write_text("decks/.quizgen-*\n")
    git(repo, "init", "-q", "-b", "main")
    build(facts, decks, now=T0)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first build")
    git(repo, "checkout", "-qb", "x")
    edit(facts / "a.yaml", "The first treaty was signed", "The first treaty was ratified")
    build(facts, decks, now=T1)
    git(repo, "commit", "-qam", "edit a")
    git(repo, "checkout", "-q", "main")
    (decks / ".quizgen-code").unlink()  # as on a fresh clone: nothing outside git is kept
    edit(facts / "z.yaml", "A state visit took place", "A state visit was made")
    build(facts, decks, now=T1 + 60)
    git(repo, "commit", "-qam", "edit z")
    git(repo, "merge", "-q", "-X", "ours", "x", "-m", "merge x")
    # The facts and the lock file's inputs hold both edits; the deck file holds main's only.
    assert "ratified" in (facts / "a.yaml").read_text()
    assert "was made" in (facts / "z.yaml").read_text()
    assert not check_build(facts, decks).ok

    report = build(facts, decks, now=T1 + 120)
    assert report.parsed
    assert [(deck.name, deck.status, deck.changed) for deck in report.decks] == [
        ("History", DeckStatus.WRITTEN, 0)  # x's notes are in the merged lock file already
    ]
    assert check_build(facts, decks).ok
    assert not build(facts, decks, now=T1 + 180).parsed


# --- 2. deck and lock file out of step --------------------------------------------------

BUILD_SCRIPT = """
import sys
from pathlib import Path
from quizgen.build.run import build
build(Path(sys.argv[1]), Path(sys.argv[2]), now=int(sys.argv[3]))
"""


def killed_build(facts: Path, out: Path, now: int, step: int) -> None:
    """Build in another process killed at `step` (each atomic write has three steps)."""
    done = subprocess.run(
        [sys.executable, "-c", BUILD_SCRIPT, str(facts), str(out), str(now)],
        env={**os.environ, "QUIZGEN_KILL_AT_STEP": str(step)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr


def anki_event(col: Any, fact_id: str) -> str:
    (note_id,) = col.find_notes(f'"FactId:{fact_id}"')  # a fact's one note
    return str(col.get_note(note_id)["Question front"])


@pytest.mark.slow
@pytest.mark.parametrize("step", range(1, 7))
def test_a_build_killed_anywhere_never_sends_a_note_back_in_time(tmp_path: Path, step: int) -> None:
    """Killed mid-build (lock file: steps 1-3, deck: 4-6), whatever deck is on disk is
    imported; the edit is reverted and rebuilt in the same second: Anki takes the revert."""
    facts = three_files(tmp_path / "facts")
    out = tmp_path / "decks"
    col = open_collection(tmp_path / "anki" / "collection.anki2")
    try:
        build(facts, out, now=T0)
        import_decks(col, out.glob("*.apkg"))
        edit(facts / "a.yaml", "The first treaty was signed", "The first treaty was ratified")
        killed_build(facts, out, T1, step)
        import_decks(col, out.glob("*.apkg"))
        edit(facts / "a.yaml", "The first treaty was ratified", "The first treaty was signed")
        build(facts, out, now=T1)
        import_decks(col, out.glob("*.apkg"))
        assert "The first treaty was signed" in anki_event(col, "a-treaty")
        assert check_build(facts, out).ok
    finally:
        col.close()


def test_a_note_time_only_moves_forward_after_a_lock_file_written_alone(tmp_path: Path) -> None:
    facts = three_files(tmp_path / "facts")
    out = tmp_path / "decks"
    build(facts, out, now=T0)
    old_deck = (out / "history.apkg").read_bytes()
    edit(facts / "a.yaml", "The first treaty was signed", "The first treaty was ratified")
    build(facts, out, now=T1)
    (out / "history.apkg").write_bytes(old_deck)  # as if the deck's write had failed
    edit(facts / "a.yaml", "The first treaty was ratified", "The first treaty was signed")
    report = build(facts, out, now=T0 + 30)  # and the clock went back too
    assert [(deck.status, deck.changed) for deck in report.decks] == [(DeckStatus.WRITTEN, 1)]
    lock = (out / LOCK_FILE_NAME).read_text()
    assert f'"mod": {T1 + 1}' in lock  # later than the time the unwritten deck would hold


# --- 3. two decks in one file ------------------------------------------------------------


def test_deck_names_differing_only_in_case_are_refused(tmp_path: Path) -> None:
    facts = write_files(
        tmp_path / "facts",
        {
            "sources.yaml": SOURCES_YAML,
            "upper.yaml": date_file("A", ("one", "One thing happened", "1900")),
            "lower.yaml": date_file("a", ("two", "Another thing happened", "1901")),
            "hashed.yaml": date_file("a-559aead0", ("three", "A third thing happened", "1902")),
        },
    )
    with pytest.raises(FactError) as error:
        build(facts, tmp_path / "decks", now=T0)
    assert str(error.value) == (
        "facts/upper.yaml:3:5: fact 'one': deck 'A' and deck 'a' (the latter first used at "
        "facts/lower.yaml:3:5, fact 'two') differ only in case, and Anki takes them for one "
        "deck; spell them alike"
    ).replace("facts/", f"{facts}/")
    assert not (tmp_path / "decks").exists()


def test_subdeck_names_differing_only_in_case_are_refused(tmp_path: Path) -> None:
    facts = write_files(
        tmp_path / "facts",
        {
            "sources.yaml": SOURCES_YAML,
            "one.yaml": date_file("History::Wars", ("one", "One thing happened", "1900")),
            "two.yaml": date_file("History::wars::Naval", ("two", "Another happened", "1901")),
        },
    )
    with pytest.raises(FactError, match=r"deck 'History::wars' and deck 'History::Wars'"):
        build(facts, tmp_path / "decks", now=T0)


def test_two_top_level_decks_written_to_one_file_are_refused(tmp_path: Path) -> None:
    hashed = deck_file_names(["A", "Ä"])["A"].removesuffix(".apkg")  # a-<hash of "A">
    facts = write_files(
        tmp_path / "facts",
        {
            "sources.yaml": SOURCES_YAML,
            "plain.yaml": date_file("A", ("one", "One thing happened", "1900")),
            "umlaut.yaml": date_file("Ä", ("two", "Another thing happened", "1901")),
            "hashed.yaml": date_file(hashed, ("three", "A third thing happened", "1902")),
        },
    )
    with pytest.raises(FactError) as error:
        build(facts, tmp_path / "decks", now=T0)
    message = str(error.value)
    assert f"plain.yaml:3:5: fact 'one': top-level decks 'A' and '{hashed}'" in message
    assert f"would both be written to {hashed}.apkg; rename one of them" in message
    assert f"(the latter first used at {facts}/hashed.yaml:3:5, fact 'three')" in message


# --- 7. FIFOs, folders and links named like inputs -----------------------------------------


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_quizgen("build", *args, cwd=cwd)


Plant = Callable[[Path], None]
NOT_REGULAR = "not a regular file"
PLANTS: dict[str, tuple[str, Plant, str]] = {
    "fifo-fact-file": (
        "pipe.yaml",
        os.mkfifo,
        f"is a named pipe (FIFO), {NOT_REGULAR}; a fact file must be a file",
    ),
    "fifo-templates": (
        "templates.yaml",
        os.mkfifo,
        f"is a named pipe (FIFO), {NOT_REGULAR}; templates.yaml must be a file",
    ),
    "fifo-sources": (
        "sources.yaml",
        os.mkfifo,
        f"is a named pipe (FIFO), {NOT_REGULAR}; the sources file must be a file",
    ),
    "folder-templates": (
        "templates.yaml",
        Path.mkdir,
        f"is a folder, {NOT_REGULAR}; templates.yaml must be a file",
    ),
    "folder-sources": (
        "sources.yaml",
        Path.mkdir,
        f"is a folder, {NOT_REGULAR}; the sources file must be a file",
    ),
    "dangling-link": (
        "x.yaml",
        lambda path: path.symlink_to(path.parent / "gone.yaml"),
        "is a symbolic link to {facts}/gone.yaml, which does not exist",
    ),
    "link-to-itself": (
        "loop.yaml",
        lambda path: path.symlink_to(path),
        "is a symbolic link that leads back to itself",
    ),
}
"""Things named like a build's input, and what a build says of each: what `check` says."""


@pytest.mark.slow
@pytest.mark.parametrize("mode", [(), ("--check",), ("--dry-run",)], ids=["build", "check", "dry"])
@pytest.mark.parametrize("case", sorted(PLANTS))
def test_a_non_file_named_like_an_input_is_one_clear_line(
    tmp_path: Path, case: str, mode: tuple[str, ...]
) -> None:
    three_files(tmp_path / "facts")
    assert cli(cwd=tmp_path).returncode == 0  # built once: a rebuild would be "up to date"
    name, plant, says = PLANTS[case]
    path = tmp_path / "facts" / name
    if path.exists():
        path.unlink()
    plant(path)
    done = cli(*mode, cwd=tmp_path)
    assert done.returncode == 1, done.stdout
    assert done.stderr == f"facts/{name}: {says.format(facts=tmp_path / 'facts')}\n"
    assert done.stdout == ""


# --- weak cases ------------------------------------------------------------------------------


def test_a_zip_bomb_in_the_deck_folder_is_never_unpacked_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = three_files(tmp_path / "facts")
    out = tmp_path / "decks"
    build(facts, out, now=T0)
    good = (out / "history.apkg").read_bytes()
    bomb = 64 << 20
    with (
        zipfile.ZipFile(out / "history.apkg", "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("collection.anki2", "w", force_zip64=True) as member,
    ):
        for _ in range(bomb >> 20):
            member.write(bytes(1 << 20))
    assert (out / "history.apkg").stat().st_size < bomb // 100
    monkeypatch.setattr(digests, "MAX_UNPACKED_BYTES", 8 << 20)
    tracemalloc.start()
    try:
        report = build(facts, out, now=T1)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20
    assert [deck.status for deck in report.decks] == [DeckStatus.WRITTEN]
    assert (out / "history.apkg").read_bytes() == good


def test_a_deck_folder_built_from_another_facts_folder_is_not_built_over(
    tmp_path: Path,
) -> None:
    mine = three_files(tmp_path / "mine")
    theirs = write_files(
        tmp_path / "theirs",
        {
            "sources.yaml": SOURCES_YAML,
            "other.yaml": date_file("Other", ("other", "Something else happened", "1950")),
        },
    )
    out = tmp_path / "decks"
    build(mine, out, now=T0)
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    with pytest.raises(BuildError) as error:
        build(theirs, out, now=T1)
    assert str(error.value) == (
        f"{out / LOCK_FILE_NAME} was written from another facts folder (with a.yaml, which "
        f"{theirs} does not have); building here would delete its decks. Use another --out, "
        "or --adopt to build into it anyway"
    )
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before
    report = build(theirs, out, now=T1, adopt=True)
    assert [(deck.name, deck.status) for deck in report.decks] == [
        ("Other", DeckStatus.WRITTEN),
        ("History", DeckStatus.DELETED),
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "redirect"),
    [
        (("build", "--dry-run"), "full"),
        (("--help",), "full"),
        (("list",), "closed"),
        (("build",), "closed"),
    ],
)
def test_output_that_cannot_be_written_is_one_line(
    tmp_path: Path, args: tuple[str, ...], redirect: str
) -> None:
    three_files(tmp_path / "facts")
    full = open(os.devnull if redirect == "closed" else "/dev/full", "wb")  # noqa: SIM115
    with full:
        done = subprocess.run(
            [sys.executable, "-m", "quizgen", *args],
            cwd=tmp_path,
            stdout=full,
            stderr=subprocess.PIPE,
            preexec_fn=(lambda: os.close(1)) if redirect == "closed" else None,
            text=True,
            timeout=60,
            check=False,
        )
    reason = "it is closed" if redirect == "closed" else "No space left on device"
    assert (done.returncode, done.stderr) == (1, f"cannot write to standard output: {reason}.\n")


def test_a_lock_file_with_swapped_guids_is_refused_not_written_into_a_deck(
    tmp_path: Path,
) -> None:
    facts = three_files(tmp_path / "facts")
    out = tmp_path / "decks"
    build(facts, out, now=T0)
    lock_path = out / LOCK_FILE_NAME
    lock = json.loads(lock_path.read_text())
    notes = lock["decks"]["History"]["notes"]
    border, census = notes["m-border"], notes["m-census"]  # one note per fact
    border["guid"], census["guid"] = census["guid"], border["guid"]
    lock_path.write_text(json.dumps(lock))
    before = (out / "history.apkg").read_bytes()
    with pytest.raises(BuildError) as error:
        build(facts, out, now=T1, force=True)
    assert str(error.value) == (
        f"{lock_path}: the lock file is damaged (note 'm-border' has the GUID of note "
        "'m-census'); delete it to start afresh (notes then get new modification times)"
    )
    assert (out / "history.apkg").read_bytes() == before


def test_note_ids_that_would_run_past_the_largest_are_one_clear_line(tmp_path: Path) -> None:
    facts = three_files(tmp_path / "facts")
    out = tmp_path / "decks"
    build(facts, out, now=T0)
    lock_path = out / LOCK_FILE_NAME
    lock = json.loads(lock_path.read_text())
    lock["decks"]["History"]["notes"]["m-border"]["id"] = MAX_NOTE_ID
    lock_path.write_text(json.dumps(lock))
    (facts / "b.yaml").write_text(date_file("History::B", ("b-new", "A new thing began", "1930")))
    with pytest.raises(BuildError) as error:
        build(facts, out, now=T1)
    assert str(error.value) == (
        f"{lock_path}: note ids have run out; delete the lock file to start afresh (notes then "
        "get new modification times)"
    )
