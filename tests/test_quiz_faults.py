"""Faults injected for real into the quiz: SIGKILL, corrupt, newer and locked progress files."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from factories import quiz_answer, read_only, run_quizgen, write_quiz_facts

from quizgen.progress.store import ProgressStore

pytestmark = pytest.mark.slow

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def spawn(*args: str, db: Path) -> pexpect.spawn:
    env = {**os.environ, "QUIZGEN_DB": str(db), "TERM": "xterm-256color"}
    return pexpect.spawn(
        sys.executable,
        ["-m", "quizgen", *args],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 200),
    )


def answer_next(child: pexpect.spawn, wrong: bool = False) -> None:
    child.expect(r"Question \d of \d")
    child.expect("Your answer: ")
    child.sendline("no idea" if wrong else quiz_answer(ANSI.sub("", child.before)))
    child.expect("Answer:")


def run_quiz(facts: Path, db: Path, replies: str = "") -> subprocess.CompletedProcess[str]:
    return run_quizgen("quiz", "--facts", str(facts), "--db", str(db), replies=replies)


def test_sigkill_mid_quiz_keeps_every_answer_given(tmp_path: Path) -> None:
    facts = write_quiz_facts(tmp_path)
    db = tmp_path / "progress.sqlite"
    child = spawn("quiz", "--facts", str(facts), "--seed", "3", "-n", "5", db=db)
    answer_next(child)
    answer_next(child, wrong=True)
    child.expect("Your answer: ")  # the third question is waiting
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus == signal.SIGKILL

    rows = sqlite3.connect(db).execute("SELECT grade FROM reviews ORDER BY id").fetchall()
    assert rows == [("correct",), ("wrong",)]
    with ProgressStore.open(db) as store:
        assert len(store.states()) == 2
        [session] = store.sessions()
        assert session.ended_at is None  # killed: never finished, yet nothing lost
    # The next quiz opens the same file and carries on.
    again = run_quiz(facts, db, "x\n")
    assert again.returncode == 0, again.stderr
    assert len(sqlite3.connect(db).execute("SELECT * FROM reviews").fetchall()) == 3


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"PK\x03\x04 a zip file, not progress" * 100, "(file is not a database)"),
        (b"", None),  # an empty file is a fresh database, not an error
    ],
)
def test_a_corrupt_progress_file_is_reported_and_kept(
    tmp_path: Path, content: bytes, reason: str | None
) -> None:
    facts = write_quiz_facts(tmp_path)
    db = tmp_path / "progress.sqlite"
    db.write_bytes(content)
    result = run_quiz(facts, db, "1948\n")
    if reason is None:
        assert result.returncode == 0
        return
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"progress file {db} is not a valid quizgen database {reason}; it was not changed. "
        f"Move it aside (for example `mv '{db}' '{db}.bad'`) to start afresh, or use another "
        "file with --db or $QUIZGEN_DB.\n"
    )
    assert db.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts", "progress.sqlite"]


def test_a_progress_file_from_a_newer_quizgen_is_refused_and_kept(tmp_path: Path) -> None:
    facts = write_quiz_facts(tmp_path)
    db = tmp_path / "progress.sqlite"
    assert run_quiz(facts, db, "1948\n").returncode == 0
    future = sqlite3.connect(db)
    future.execute("PRAGMA user_version = 3")
    future.commit()
    future.close()
    before = db.read_bytes()
    result = run_quiz(facts, db, "1948\n")
    assert result.returncode == 1
    assert result.stderr == (
        f"progress file {db} was written by a newer quizgen (schema version 3, this quizgen "
        "knows up to 2). Upgrade quizgen, or use another file with --db or $QUIZGEN_DB; the "
        "file was not changed.\n"
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert db.read_bytes() == before


def test_a_progress_folder_that_cannot_be_made_is_reported(tmp_path: Path) -> None:
    facts = write_quiz_facts(tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    result = run_quiz(facts, blocker / "progress.sqlite")
    assert result.returncode == 1
    assert result.stderr == (
        f"cannot create progress file {blocker / 'progress.sqlite'}: {blocker} is a file, not a "
        "folder. Use --db or $QUIZGEN_DB to put it elsewhere.\n"
    )


def test_two_quizzes_share_one_progress_file(tmp_path: Path) -> None:
    facts = write_quiz_facts(tmp_path)
    db = tmp_path / "progress.sqlite"
    first = spawn("quiz", "--facts", str(facts), "--seed", "1", "-n", "3", db=db)
    second = spawn("quiz", "--facts", str(facts), "--seed", "2", "-n", "3", db=db)
    for _ in range(3):
        answer_next(first)
        answer_next(second, wrong=True)
    for child in (first, second):
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
    grades = sqlite3.connect(db).execute("SELECT grade FROM reviews").fetchall()
    assert sorted(grades) == [("correct",)] * 3 + [("wrong",)] * 3


HOLD_WRITE_LOCK = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("UPDATE sessions SET mode = mode")
print("holding", flush=True)
sys.stdin.readline()
db.execute("ROLLBACK")
"""


def test_a_file_locked_mid_quiz_ends_it_with_the_summary_and_a_clear_error(
    tmp_path: Path,
) -> None:
    facts = write_quiz_facts(tmp_path)
    db = tmp_path / "progress.sqlite"
    child = spawn("quiz", "--facts", str(facts), "--seed", "1", "-n", "3", db=db)
    answer_next(child)
    child.expect(r"Question \d of \d")
    child.expect("Your answer: ")
    question = ANSI.sub("", child.before)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITE_LOCK, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "holding\n"
        child.sendline(quiz_answer(question))
        child.expect(pexpect.EOF, timeout=30)
        transcript = ANSI.sub("", child.before)
        child.close()
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=10)
    assert child.exitstatus == 1
    assert "Stopped after 1 of 3 questions." in transcript
    assert (
        f"progress file {db} is locked by another program (waited 5 s). Finish the other quiz "
        "and try again, or use another file with --db or $QUIZGEN_DB."
        in " ".join(transcript.split())
    )
    assert "Traceback" not in transcript
    assert sqlite3.connect(db).execute("SELECT grade FROM reviews").fetchall() == [("correct",)]


def test_ctrl_c_while_an_answer_is_saved_waits_for_the_save() -> None:
    from quizgen.quiz.recorder import interrupts_held as _interrupts_held

    saved: list[str] = []
    before = signal.getsignal(signal.SIGINT)

    def save_while_ctrl_c_is_pressed() -> None:
        with _interrupts_held():
            os.kill(os.getpid(), signal.SIGINT)
            saved.append("answer")

    with pytest.raises(KeyboardInterrupt):
        save_while_ctrl_c_is_pressed()
    assert saved == ["answer"]
    assert signal.getsignal(signal.SIGINT) is before


# Hostile surroundings: closed or full standard streams, an ASCII terminal, a progress file
# SQLite cannot open for what lies around it.


def quizgen(
    *args: str, replies: str | None = "", env: dict[str, str] | None = None, **options: object
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizgen", *args],
        input=replies,
        capture_output=options.pop("stdout", None) is None,
        text=True,
        check=False,
        timeout=60,
        env={**os.environ, **(env or {})},
        **options,  # type: ignore[arg-type]
    )


def test_a_quiz_with_its_input_closed_says_so(tmp_path: Path) -> None:
    facts = write_quiz_facts(tmp_path)
    db = tmp_path / "progress.sqlite"
    result = run_quizgen(
        "quiz", "--facts", str(facts), "--db", str(db), preexec_fn=lambda: os.close(0)
    )  # `quizgen quiz <&-`
    assert result.returncode == 1
    assert result.stderr == (
        "no input to read answers from: standard input is closed. "
        "Run the quiz in a terminal, or pipe the replies in.\n"
    )
    assert not db.exists()


@pytest.mark.parametrize("command", ["quiz", "stats"])
def test_closed_or_full_output_is_one_clear_line(tmp_path: Path, command: str) -> None:
    facts = write_quiz_facts(tmp_path)
    db = tmp_path / "progress.sqlite"
    assert quizgen("quiz", "--facts", str(facts), "--db", str(db), replies="1948\n").returncode == 0
    args = [command, "--db", str(db)] + (["--facts", str(facts)] if command == "quiz" else [])
    for target, message in [
        (None, "cannot write to standard output: it is closed.\n"),
        ("/dev/full", "cannot write to standard output: No space left on device.\n"),
    ]:
        with contextlib.ExitStack() as stack:
            out = stack.enter_context(open(target, "w")) if target else None
            result = subprocess.run(
                [sys.executable, "-m", "quizgen", *args],
                input="1948\n",
                stdout=out,
                stderr=subprocess.PIPE,
                text=True,
                check=False,
                timeout=60,
                preexec_fn=None if out else lambda: os.close(1),  # `>&-`
            )
        assert (result.returncode, result.stderr) == (1, message)


def test_an_ascii_output_folds_what_it_cannot_show(tmp_path: Path) -> None:
    facts = write_quiz_facts(tmp_path)
    (facts / "people.yaml").write_text(
        (facts / "people.yaml").read_text(encoding="utf-8").replace("Elbegdorj", "Khürelsükh"),
        encoding="utf-8",
    )
    db = tmp_path / "progress.sqlite"
    ascii_env = {"PYTHONIOENCODING": "ascii"}
    quiz = quizgen(
        "quiz", "--facts", str(facts), "--db", str(db), "--type", "name", "-n", "1",
        replies="Khürelsükx\n", env=ascii_env,
    )  # fmt: skip
    assert quiz.returncode == 0, quiz.stderr
    assert "Almost: it is spelled Khurelsukh." in quiz.stdout
    assert "Question 1 of 1 - Mongolia::People" in quiz.stdout
    stats = quizgen("stats", "--db", str(db), env=ascii_env)
    assert stats.returncode == 0, stats.stderr
    assert "1 answer in 1 session; 1 card seen." in stats.stdout
    assert "today ##############################" in stats.stdout
    assert "Traceback" not in quiz.stderr + stats.stderr


@pytest.mark.parametrize("command", ["quiz", "stats"])
def test_a_folder_in_place_of_the_write_ahead_log_is_named(tmp_path: Path, command: str) -> None:
    facts = write_quiz_facts(tmp_path)
    db = tmp_path / "progress.sqlite"
    assert run_quiz(facts, db, "1948\n").returncode == 0
    wal = tmp_path / "progress.sqlite-wal"
    wal.mkdir()
    before = db.read_bytes()
    args = [command, "--db", str(db)] + (["--facts", str(facts)] if command == "quiz" else [])
    result = quizgen(*args, replies="1948\n")
    assert result.returncode == 1
    assert result.stderr == (
        f"cannot open progress file {db}: {wal} is a folder, not SQLite's wal file. It holds no "
        f"answers: move it aside (`mv '{wal}' '{wal}.bad'`) and try again.\n"
    )
    assert db.read_bytes() == before


@pytest.mark.parametrize("command", ["quiz", "stats"])
def test_a_read_only_progress_folder_is_named(tmp_path: Path, command: str) -> None:
    facts = write_quiz_facts(tmp_path)
    folder = tmp_path / "progress"
    db = folder / "progress.sqlite"
    assert run_quiz(facts, db, "1948\n").returncode == 0
    before = db.read_bytes()
    args = [command, "--db", str(db)] + (["--facts", str(facts)] if command == "quiz" else [])
    with read_only(folder):
        result = quizgen(*args, replies="1948\n")
    assert result.returncode == 1
    assert result.stderr == (
        f"cannot open progress file {db}: its folder {folder} is read-only, and quizgen keeps a "
        "journal beside the file. Make the folder writable, or copy the file elsewhere and use "
        "--db or $QUIZGEN_DB.\n"
    )
    assert db.read_bytes() == before
