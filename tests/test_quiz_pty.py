"""Drive a real quiz in a pseudo-terminal: answer right, answer wrong, Ctrl-C, resume."""

from __future__ import annotations

import io
import os
import re
import sqlite3
import sys
from pathlib import Path

import pexpect
import pytest
from factories import (
    fact_file_yaml,
    fact_yaml,
    quiz_answer,
    write_apollo_facts,
    write_fact_folder,
    write_quiz_facts,
)

from quizgen.factfiles.loader import load_fact_base

pytestmark = pytest.mark.slow

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def plain(text: str) -> str:
    return ANSI.sub("", text)


def spawn(*args: str, db: Path) -> pexpect.spawn:
    env = {**os.environ, "QUIZGEN_DB": str(db), "TERM": "xterm-256color", "COLUMNS": "200"}
    return pexpect.spawn(
        sys.executable,
        ["-m", "quizgen", *args],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 200),
    )


def next_question(child: pexpect.spawn) -> str:
    """Wait for the next typed question and return its text."""
    child.expect(r"Question \d of \d")
    child.expect("Your answer: ")
    return plain(child.before)


def test_a_quiz_in_a_terminal_keeps_answers_through_ctrl_c(tmp_path: Path) -> None:
    facts = write_quiz_facts(tmp_path)
    db = tmp_path / "progress.sqlite"
    child = spawn("quiz", "--facts", str(facts), "--seed", "1", "-n", "3", "--mode", "typed", db=db)

    first = next_question(child)
    child.sendline(quiz_answer(first))
    child.expect("Correct")
    child.expect("Answer:")

    second = next_question(child)
    right = quiz_answer(second)
    child.sendline("Nobody" if not right.isdigit() else "1066")
    child.expect("Wrong")
    child.expect("Answer:")
    child.expect(re.escape(right))

    next_question(child)
    child.sendintr()
    child.expect(pexpect.EOF)
    transcript = plain(child.before)
    child.close()
    assert "Stopped after 2 of 3 questions." in transcript
    assert "Score: 1 of 2 (50%): 1 correct, 1 wrong." in transcript
    assert "Missed:" in transcript
    assert "Traceback" not in transcript
    assert child.exitstatus == 130

    db_rows = sqlite3.connect(db).execute("SELECT grade FROM reviews ORDER BY id").fetchall()
    assert db_rows == [("correct",), ("wrong",)]

    # Resume with --due: the two answered cards are not due yet, so the quiz asks new ones.
    again = spawn("quiz", "--facts", str(facts), "--due", "--seed", "2", "--mode", "typed", db=db)
    asked = []
    for _ in range(3):
        text = next_question(again)
        asked.append(quiz_answer(text))
        again.sendline(quiz_answer(text))
        again.expect("Correct")
    again.expect(pexpect.EOF)
    assert "Score: 3 of 3 (" in plain(again.before)
    again.close()
    assert again.exitstatus == 0
    assert right not in asked

    stats = spawn("stats", "--facts", str(facts), db=db)
    stats.expect(pexpect.EOF)
    output = plain(stats.before)
    stats.close()
    assert stats.exitstatus == 0, output
    assert "5 answers in 2 sessions; 5 cards seen, 0 never answered." in output
    assert re.search(r"┃ Deck +┃ Answers ┃ Right ┃ Accuracy ┃", output)
    assert re.search(r"│ Mongolia::History +│ +4 │", output)
    assert "█" in output
    assert "Traceback" not in output


def test_end_of_input_in_a_terminal_ends_with_the_summary(tmp_path: Path) -> None:
    facts = write_quiz_facts(tmp_path)
    db = tmp_path / "progress.sqlite"
    child = spawn("quiz", "--facts", str(facts), "--seed", "4", "-n", "2", db=db)
    text = next_question(child)
    child.sendline(quiz_answer(text))
    child.expect("Correct")
    next_question(child)
    child.sendeof()
    child.expect(pexpect.EOF)
    transcript = plain(child.before)
    assert "Stopped after 1 of 2 questions." in transcript
    assert "Score: 1 of 1 (100%): 1 correct." in transcript
    assert "Traceback" not in transcript
    child.close()
    assert child.exitstatus == 0


def screen_lines(text: str) -> list[str]:
    return [plain(line).rstrip() for line in text.replace("\r\n", "\n").split("\n")]


def unwrapped(lines: list[str], lead: re.Pattern[str], indent: int) -> list[str]:
    """Join each line that `lead` starts with the lines indented under it."""
    joined: list[str] = []
    for number, line in enumerate(lines):
        if not lead.match(line):
            continue
        text = line
        for following in lines[number + 1 :]:
            if not re.match(" " * indent + r"\S", following):
                break
            text += " " + following.strip()
        joined.append(text)
    return joined


QUIZ = ["-m", "quizgen", "quiz", "-n", "4"]


def test_wrapped_options_answers_and_missed_facts_stay_under_their_indent(
    tmp_path: Path,
) -> None:
    facts = write_apollo_facts(tmp_path)
    db = tmp_path / "progress.sqlite"
    child = pexpect.spawn(
        sys.executable,
        [*QUIZ, "--facts", str(facts), "--mode", "choice", "--type", "name", "--seed", "3"],
        env={**os.environ, "QUIZGEN_DB": str(db), "TERM": "xterm-256color", "COLUMNS": "80"},
        encoding="utf-8",
        timeout=20,
        dimensions=(50, 80),
    )
    child.logfile_read = io.StringIO()
    for _ in range(4):
        child.expect(r"Your answer \(1-\d\): ")
        child.sendline("1")
    child.expect(pexpect.EOF)
    lines = screen_lines(child.logfile_read.getvalue())
    child.close()
    assert child.exitstatus == 0
    assert max(len(line) for line in lines) <= 80
    descriptions = {
        " ".join(fact.description.split()) for fact in load_fact_base(facts) if fact.type == "name"
    }
    options = unwrapped(lines, re.compile(r"  \d\. "), 5)
    # "Who is Neil Armstrong?" is not offered the one description that names him.
    assert len(options) == 15
    # Each option starts with a capital, as the answer line does.
    assert {option[5:] for option in options} == {d[0].upper() + d[1:] for d in descriptions}
    answers = unwrapped(lines, re.compile(r"Answer: "), 8)
    assert {answer[len("Answer: ") :] for answer in answers} == {
        description[0].upper() + description[1:] + "." for description in descriptions
    }
    missed = unwrapped(lines, re.compile(r"  - "), 4)
    assert len(missed) == 3
    for item in missed:
        # One rule for every missed answer: as the fact writes it, no final stop.
        question, answer = item[4:].split(" → ")
        found = re.fullmatch(r"(.*) \(([a-z-]+)\)", answer)
        assert found is not None, item
        assert found.group(1) in descriptions, item
        assert question.startswith("Who is ")


def test_an_ascii_terminal_gets_a_readable_quiz_and_stats(tmp_path: Path) -> None:
    facts = write_quiz_facts(tmp_path)
    db = tmp_path / "progress.sqlite"
    env = {
        **os.environ,
        "QUIZGEN_DB": str(db),
        "TERM": "xterm-256color",
        "COLUMNS": "80",
        "PYTHONIOENCODING": "ascii",
    }

    def run(*args: str) -> pexpect.spawn:
        return pexpect.spawn(
            sys.executable, ["-m", "quizgen", *args], env=env, encoding="utf-8", timeout=20
        )

    child = run("quiz", "--facts", str(facts), "--seed", "4", "-n", "1")
    child.logfile_read = io.StringIO()
    child.expect("Your answer: ")
    child.sendline("Khürelsükh")  # typed in UTF-8 on an ASCII terminal
    child.expect(pexpect.EOF)
    child.close()
    quiz = plain(child.logfile_read.getvalue())
    assert child.exitstatus == 0, quiz
    assert quiz.replace("Khürelsükh", "").isascii()  # all but the terminal's own echo
    assert "Question 1 of 1 - Mongolia::" in quiz
    assert re.search(r"^x (Wrong|I could not)", quiz, re.M), quiz
    stats = run("stats", "--facts", str(facts))
    stats.expect(pexpect.EOF)
    stats.close()
    shown = plain(stats.before)
    assert stats.exitstatus == 0, shown
    assert "1 answer in 1 session" in shown
    assert re.search(r"^\| Mongolia::\S+ +\| +1 \|", shown, re.M), shown
    assert "today ##############################" in shown
    assert "Traceback" not in quiz + shown


PRESS_EVENTS = {
    "aldus-press": ("Aldus Manutius founded his press in Venice", "1494"),
    "aldus-italic": ("Aldus Manutius printed a Virgil in the first italic type", "1501"),
    "subiaco": ("Sweynheym and Pannartz set up the first press in Italy", "1465"),
    "gutenberg-death": ("Johannes Gutenberg died in Mainz", "1468-02-03"),
}


def test_first_words_that_start_two_options_ask_which_one_in_a_terminal(tmp_path: Path) -> None:
    entries = [
        fact_yaml(id=fact_id, type="date", event=event, date=date, sources="[nasa]")
        for fact_id, (event, date) in PRESS_EVENTS.items()
    ]
    facts = write_fact_folder(tmp_path / "facts", {"press.yaml": fact_file_yaml(*entries)})
    db = tmp_path / "progress.sqlite"
    child = spawn("quiz", "--facts", str(facts), "--mode", "choice", "--seed", "5", db=db)
    asked_which = named = 0
    for _ in PRESS_EVENTS:
        child.expect(r"Your answer \(1-4\): ")
        options = dict(re.findall(r"^  (\d)\. (.*?)\s*$", plain(child.before), re.MULTILINE))
        by_start = {text.split()[0]: number for number, text in options.items()}
        alduses = [number for number, text in options.items() if text.startswith("Aldus")]
        if asked_which and "Sweynheym" in by_start:
            child.sendline("Sweynheym")
            child.expect(rf"Correct\.|Wrong: you chose {by_start['Sweynheym']};")
            named += 1
        elif len(alduses) == 2:
            child.sendline("Aldus")
            which = " or ".join(f"{number}) {options[number]}" for number in alduses)
            child.expect(re.escape(f"Which one: {which}?"))
            child.expect(r"Your answer \(1-4\): ")
            child.sendline(alduses[0])
            child.expect(rf"Correct\.|Wrong: you chose {alduses[0]};")
            asked_which += 1
        else:
            child.sendline("1")
            child.expect(r"Correct\.|Wrong")
    child.expect(pexpect.EOF)
    assert (asked_which, named) == (1, 2)
