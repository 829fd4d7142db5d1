"""Tests of the `quiz` and `stats` commands, scripted through a pipe."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from factories import QUIZ_ANSWERS, quiz_answer, write_apollo_facts, write_quiz_facts
from typer.testing import CliRunner

from quizgen.cards.render import card_refs
from quizgen.cli import app
from quizgen.factfiles.loader import load_fact_base

runner = CliRunner()


def quiz(*args: str, replies: str = "") -> tuple[int, str, str]:
    result = runner.invoke(app, ["quiz", *args], input=replies)
    return result.exit_code, result.stdout, result.stderr


def questions_in(output: str) -> list[str]:
    """Return each question's text as shown in a plain transcript."""
    lines = output.splitlines()
    return [lines[i + 1] for i, line in enumerate(lines) if line.startswith("Question ")]


def right_replies(output: str) -> str:
    return "".join(quiz_answer(text) + "\n" for text in questions_in(output))


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    return write_quiz_facts(tmp_path)


def reviews(db: Path) -> list[tuple[str, str, str]]:
    rows = sqlite3.connect(db).execute("SELECT card_key, reply, grade FROM reviews ORDER BY id")
    return rows.fetchall()


def test_help_lists_every_option() -> None:
    for command, options in [
        (
            "quiz",
            [
                "--facts",
                "--deck",
                "--tag",
                "--type",
                "--mode",
                "-n",
                "--due",
                "--new-limit",
                "--seed",
                "--db",
                "--templates",
            ],
        ),
        ("stats", ["--db", "--facts", "--templates"]),
    ]:
        result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0
        for option in options:
            assert option in result.stdout


def test_a_piped_quiz_prints_plain_text_and_records_every_answer(facts: Path) -> None:
    # Learn the questions of seed 1 by giving up on each (a blank reply), then answer right.
    code, first, _ = quiz("--facts", str(facts), "--seed", "1", "-n", "3", replies="\n\n\n")
    assert code == 0
    assert "\x1b[" not in first
    replies = right_replies(first)
    code, out, err = quiz("--facts", str(facts), "--seed", "1", "-n", "3", replies=replies)
    assert (code, err) == (0, "")
    assert questions_in(out) == questions_in(first)
    lines = out.splitlines()
    assert lines[0] == "Quiz: 3 cards, typed mode, seed 1."
    assert lines.count("Correct.") == 3
    assert "Score: 3 of 3 (100%): 3 correct." in lines
    assert "Missed: none." in lines
    db = Path(os.environ["QUIZGEN_DB"])
    graded = reviews(db)
    assert [grade for _, _, grade in graded] == ["wrong"] * 3 + ["correct"] * 3
    assert [reply for _, reply, _ in graded[3:]] == replies.splitlines()


def test_a_wrong_answer_shows_the_answer_note_sources_and_disputes(facts: Path) -> None:
    code, out, _ = quiz(
        "--facts", str(facts), "--deck", "Mongolia::History", "-n", "4", "--seed", "3",
        replies="1000\n1000\n1000\n1000\n",
    )  # fmt: skip
    assert code == 0
    assert "Answer: In 1948" in out
    assert "Note: Mongolia was the second state to do so." in out
    assert "Sources: A. Writer, The Steppe Review, 2015" in out
    assert "Disputed: Some accounts give 2000. (B. Scribe, Ulaanbaatar Times, 2019)" in out
    assert "Score: 0 of 4 (0%): 4 wrong." in out
    missed = out.split("Missed:\n", 1)[1].splitlines()
    assert missed[4] == f"Progress saved in {os.environ['QUIZGEN_DB']}"
    missed = missed[:4]
    assert "  - Mongolia recognized North Korea. In which year? → 1948 (recognition)" in missed


def test_the_same_seed_asks_the_same_questions(facts: Path, tmp_path: Path) -> None:
    def asked(seed: int) -> list[str]:
        result = runner.invoke(
            app,
            ["quiz", "--facts", str(facts), "--seed", str(seed), "--db", str(tmp_path / "x.db")],
            input="\n" * 5,
        )
        return questions_in(result.stdout)

    assert asked(7) == asked(7)
    assert len(asked(7)) == 5
    assert any(asked(seed) != asked(7) for seed in range(1, 6))


def test_end_of_input_ends_with_the_summary_and_status_0(facts: Path) -> None:
    first = quiz("--facts", str(facts), "--seed", "2", "-n", "3", replies="")[1]
    reply = quiz_answer(questions_in(first)[0])
    code, out, err = quiz("--facts", str(facts), "--seed", "2", "-n", "3", replies=reply + "\n")
    assert (code, err) == (0, "")
    assert "Stopped after 1 of 3 questions." in out
    assert "Score: 1 of 1 (100%): 1 correct." in out
    assert len(reviews(Path(os.environ["QUIZGEN_DB"]))) == 1


def test_db_option_overrides_the_environment(facts: Path, tmp_path: Path) -> None:
    chosen = tmp_path / "mine.sqlite"
    code, _, _ = quiz("--facts", str(facts), "-n", "1", "--db", str(chosen), replies="x\n")
    assert code == 0
    assert len(reviews(chosen)) == 1
    assert not Path(os.environ["QUIZGEN_DB"]).exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--deck", "Korea"],
            "no cards match --deck Korea (decks: Mongolia::History, Mongolia::People).\n",
        ),
        (["--tag", "sport"], "no cards match --tag sport (tags: history, people, trade).\n"),
        (
            ["--type", "figure", "--deck", "Mongolia"],
            "no cards match --deck Mongolia (decks: Mongolia::History, Mongolia::People) and "
            "--type figure (types: date, name).\n",
        ),
    ],
)
def test_filters_that_match_nothing_say_what_there_is(
    facts: Path, args: list[str], message: str
) -> None:
    code, out, err = quiz("--facts", str(facts), *args)
    assert (code, out, err) == (1, "", message)


def test_filters_pick_deck_tag_and_type(facts: Path) -> None:
    _, out, _ = quiz("--facts", str(facts), "--deck", "mongolia::people", replies="")
    assert questions_in(out) == [
        "Name the Mongolian president who visited Pyongyang in October 2013."
    ]
    _, out, _ = quiz("--facts", str(facts), "--tag", "trade", replies="")
    assert questions_in(out)[0].startswith("Freight trains")
    _, out, _ = quiz("--facts", str(facts), "--type", "name", replies="")
    assert "Quiz: 1 card, typed mode" in out


def test_due_asks_new_cards_under_the_daily_limit_then_nothing(facts: Path) -> None:
    _, out, _ = quiz("--facts", str(facts), "--due", "--new-limit", "2", "--seed", "1", replies="")
    assert out.splitlines()[0] == "Quiz: 2 due and new cards, typed mode, seed 1."
    replies = "".join(f"{answer}\n" for answer in QUIZ_ANSWERS.values())
    # The first two new cards of the day are answered (wrongly: every reply below).
    quiz("--facts", str(facts), "--due", "--new-limit", "2", replies="nothing\nnothing\n")
    code, out, _ = quiz("--facts", str(facts), "--due", "--new-limit", "2", replies=replies)
    assert code == 0
    assert out.startswith("Nothing is due and no new cards are left for today. Next due: ")
    _, out, _ = quiz("--facts", str(facts), "--due", "--new-limit", "3", replies="")
    assert out.splitlines()[0].startswith("Quiz: 1 due and new card,")


def test_a_progress_file_that_is_not_a_database_is_kept(facts: Path, tmp_path: Path) -> None:
    bad = tmp_path / "progress.sqlite"
    bad.write_text("my notes, not a database\n" * 50)
    before = bad.read_bytes()
    code, out, err = quiz("--facts", str(facts), "--db", str(bad), replies="1948\n")
    assert (code, out) == (1, "")
    assert err.startswith(f"progress file {bad} is not a valid quizgen database (")
    assert "it was not changed. Move it aside" in err
    assert bad.read_bytes() == before


def test_stats_without_progress_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite"
    result = runner.invoke(app, ["stats", "--db", str(missing)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"no progress yet: {missing} does not exist. Run `quizgen quiz` first, or point --db "
        "or $QUIZGEN_DB at your progress file.\n"
    )
    assert not missing.exists()


def test_stats_counts_in_the_singular_after_one_answer(facts: Path) -> None:
    quiz("--facts", str(facts), "--seed", "5", "-n", "1", replies="\n")
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "1 answer in 1 session; 1 card seen."


def test_stats_shows_accuracy_due_cards_and_a_chart(facts: Path) -> None:
    # Give up on all five cards (a blank reply), then answer them right in the same order.
    _, first, _ = quiz("--facts", str(facts), "--seed", "5", "-n", "5", replies="\n" * 5)
    quiz("--facts", str(facts), "--seed", "5", "-n", "5", replies=right_replies(first))
    result = runner.invoke(app, ["stats", "--facts", str(facts)])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "\x1b[" not in out
    lines = out.splitlines()
    assert lines[0] == "10 answers in 2 sessions; 5 cards seen, 0 never answered."
    assert lines[1] == f"Progress file: {os.environ['QUIZGEN_DB']}"
    deck_table = lines[lines.index("Accuracy by deck") + 1 :][:3]
    assert deck_table == [
        "                     answers  right  accuracy",
        "  Mongolia::History        8      4       50%",
        "  Mongolia::People         2      1       50%",
    ]
    assert "  date        8      4       50%" in lines
    assert "  typed       10      5       50%" in lines
    due = lines[lines.index("Due over the next 7 days") + 1 :][:7]
    assert due[0].startswith("       today ")
    # Answered right at last, all five come back on one later day, drawn as the longest bar.
    assert sum(int(line.rsplit(" ", 1)[1]) for line in due) == 5
    assert sum(line.endswith(" " + "█" * 30 + " 5") for line in due) == 1
    assert sum(line.endswith(" · 0") for line in due) == 6
    answered = lines[lines.index("Answers over the last 7 days") + 1 :][:7]
    assert answered[-1] == "       today " + "█" * 30 + " 10"


def test_stats_counts_cards_without_rendering_them(facts: Path, tmp_path: Path) -> None:
    quiz("--facts", str(facts), "--seed", "5", "-n", "1", replies="\n")
    # A template that cannot render some fact's card stops a build, not the stats.
    failing = tmp_path / "failing.yaml"
    failing.write_text('date.question.front: "{{ 1 // 0 }}"\n', encoding="utf-8")
    result = runner.invoke(app, ["stats", "--facts", str(facts), "--templates", str(failing)])
    assert result.exit_code == 0, result.stderr
    cards = len(card_refs(load_fact_base(facts)))
    assert result.stdout.splitlines()[0] == (
        f"1 answer in 1 session; 1 card seen, {cards - 1} never answered."
    )
    # A templates file that cannot be read is still reported.
    broken = tmp_path / "broken.yaml"
    broken.write_text('date.question.front: "{{ when"\n', encoding="utf-8")
    result = runner.invoke(app, ["stats", "--facts", str(facts), "--templates", str(broken)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{broken}: template 'date.question.front': ")


def test_a_quiz_can_be_scripted_with_a_pipe(facts: Path, tmp_path: Path) -> None:
    db = tmp_path / "piped.sqlite"
    env = {**os.environ, "QUIZGEN_DB": str(db)}
    command = [sys.executable, "-m", "quizgen", "quiz", "--facts", str(facts), "--seed", "1"]
    first = subprocess.run(
        [*command, "-n", "2"], input="", capture_output=True, text=True, env=env, check=False
    )
    questions = questions_in(first.stdout)
    assert len(questions) == 1
    done = subprocess.run(
        [*command, "-n", "2"],
        input=quiz_answer(questions[0]) + "\nwrong\n",
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert "\x1b" not in done.stdout
    assert "Score: 1 of 2 (50%): 1 correct, 1 wrong." in done.stdout
    assert [grade for _, _, grade in reviews(db)] == ["correct", "wrong"]


def test_fact_text_that_looks_like_markup_is_printed_as_written(tmp_path: Path) -> None:
    facts = write_quiz_facts(tmp_path)
    history = facts / "history.yaml"
    history.write_text(
        history.read_text().replace(
            "note: Mongolia was the second state to do so.",
            'note: "[bold red]Not markup[/] and [link=http://x]no link[/link]"',
        )
    )
    code, out, err = quiz("--facts", str(facts), "--deck", "Mongolia::History", "-n", "4",
                          replies="1\n1\n1\n1\n")  # fmt: skip
    assert (code, err) == (0, "")
    assert "Note: [bold red]Not markup[/] and [link=http://x]no link[/link]" in out


def test_choice_mode_numbers_four_options_and_takes_the_number(facts: Path) -> None:
    args = ("--facts", str(facts), "--mode", "choice", "--deck", "Mongolia::History")
    _, first, _ = quiz(*args, "--seed", "1", replies="\n" * 4)
    blocks = first.split("\nQuestion ")[1:]
    numbers = []
    for block in blocks:
        lines = block.splitlines()
        options = [line for line in lines if line.startswith("  ") and line[3:5] == ". "]
        assert [line[:5] for line in options] == ["  1. ", "  2. ", "  3. ", "  4. "]
        assert len({line[5:] for line in options}) == 4
        right = quiz_answer(lines[1])
        [number] = [line[2] for line in options if line[5:] == right]
        numbers.append(number)
    assert len(numbers) == 4
    code, out, _ = quiz(*args, "--seed", "1", replies="".join(f"{n}\n" for n in numbers))
    assert code == 0
    assert out.count("Your answer (1-4): ") == 4
    assert "Score: 4 of 4 (100%): 4 correct." in out
    wrong = str(int(numbers[0]) % 4 + 1)
    _, out, _ = quiz(*args, "--seed", "1", "-n", "1", replies=f"{wrong}\n")
    assert f"Wrong: you chose {wrong}; the answer is {numbers[0]}." in out


def test_stats_leave_out_a_quiz_ended_before_its_first_answer(facts: Path) -> None:
    quiz("--facts", str(facts), "--seed", "5", "-n", "3", replies="")  # Ctrl-D at once
    quiz("--facts", str(facts), "--seed", "5", "-n", "1", replies="1066\n")
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "1 answer in 1 session; 1 card seen."


def test_a_partial_answer_counts_half_in_stats_as_in_the_quiz(facts: Path) -> None:
    # A span that holds every date of the facts: partly right whichever is asked.
    _, out, _ = quiz(
        "--facts", str(facts), "--type", "date", "--seed", "2", "-n", "2",
        replies="1900 to 2100\n" * 2,
    )  # fmt: skip
    assert "Score: 1 of 2 (50%): 2 partial." in out
    lines = runner.invoke(app, ["stats"]).stdout.splitlines()
    assert "  Mongolia::History        2      1       50%" in lines
    assert "  typed        2      1       50%" in lines


def test_stats_for_a_facts_folder_keep_to_its_own_decks(facts: Path, tmp_path: Path) -> None:
    apollo = write_apollo_facts(tmp_path)
    quiz("--facts", str(facts), "--seed", "5", "-n", "1", replies="1066\n")
    quiz("--facts", str(apollo), "--seed", "5", "-n", "2", replies="1066\n1066\n")
    result = runner.invoke(app, ["stats", "--facts", str(facts)])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("1 answer in 1 session; 1 card seen, ")
    assert lines[2] == f"Left out: 2 answers to facts not in {facts} (decks: Space)."
    decks = lines[lines.index("Accuracy by deck") + 1 :][:3]
    assert not any("Space" in line for line in decks)
    everything = runner.invoke(app, ["stats"]).stdout.splitlines()
    assert everything[0] == "3 answers in 2 sessions; 3 cards seen."


def test_jr_keeps_its_stop_on_the_quiz_screen(tmp_path: Path) -> None:
    apollo = write_apollo_facts(tmp_path)
    common = ("--facts", str(apollo), "--type", "name", "-n", "4")
    _, asked, _ = quiz(*common, "--seed", "3", replies="x\n" * 4)
    assert 'Who is Edwin E. "Buzz" Aldrin Jr.?' in asked.splitlines()
    _, named, _ = quiz(*common, "--seed", "1", replies="x\n" * 4)
    lines = named.splitlines()
    assert 'Wrong: the answer is Edwin E. "Buzz" Aldrin Jr.' in lines
    assert any(line.endswith('→ Edwin E. "Buzz" Aldrin Jr. (buzz-aldrin)') for line in lines)
