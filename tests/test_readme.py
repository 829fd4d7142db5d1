"""The README's commands and example are the real ones: CI's command, the library example, the
commands of the Quickstart."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import textwrap
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizgen.cards.render import generate_cards
from quizgen.cards.templates import load_templates
from quizgen.cli import app
from quizgen.factfiles.loader import load_fact_base

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
TEST_COMMAND_END = "python -m pytest"


def section(title: str) -> str:
    """Return the text of one `## ` section of the README, without its heading."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.M | re.S)
    assert match, f"README has no section '## {title}'"
    return match.group(1)


def indented_commands(text: str) -> list[str]:
    """Return the commands of the four-space indented code lines in `text`."""
    return [line.strip() for line in text.splitlines() if line.startswith("    ") and line.strip()]


def quickstart_then_commands() -> list[str]:
    """Return the `quizgen ...` lines of the block after "Then:" in the Quickstart."""
    after = section("Quickstart").split("\nThen:\n", 1)
    assert len(after) == 2, "the Quickstart has no 'Then:' block"
    block = re.match(r"\n*((?:    .*\n)+)", after[1])
    assert block, "no indented block follows 'Then:'"
    return [line.split("#", 1)[0].strip() for line in indented_commands(block.group(1))]


def test_the_readme_test_command_is_what_ci_runs() -> None:
    readme = [
        line for line in indented_commands(section("Quickstart")) if line.endswith(TEST_COMMAND_END)
    ]
    ci = [
        line.strip()
        for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip().endswith(TEST_COMMAND_END) and not line.lstrip().startswith("#")
    ]
    assert len(readme) == 1, readme
    assert ci == readme


def test_ci_runs_the_development_checks_before_the_tests() -> None:
    (line,) = [line for line in indented_commands(section("Development")) if "mypy" in line]
    *checks, tests = [command.strip() for command in line.split("&&")]
    assert tests == TEST_COMMAND_END
    ci = [
        line.strip()
        for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    test_line = next(i for i, line in enumerate(ci) if line.endswith(TEST_COMMAND_END))
    assert all(check in ci[:test_line] for check in checks), (checks, ci)


def test_the_library_example_runs_on_the_shipped_facts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocks = re.findall(r"^```python\n(.*?)^```$", section("Using it as a library"), re.M | re.S)
    assert len(blocks) == 1, "the library section should hold one python example"
    # Pad with the lines before the block, so a traceback names the README's own line.
    code = "\n" * README[: README.index(blocks[0])].count("\n") + blocks[0]
    shutil.copytree(REPO / "facts", tmp_path / "facts")
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {"__name__": "readme_example"})
    shown = re.search(r"^```\n\n((?:    .*\n)+)", section("Using it as a library"), re.M)
    assert shown, "the library example should be followed by what it prints"
    assert printed.getvalue() == textwrap.dedent(shown.group(1))
    assert list((tmp_path / "my-decks").glob("*.apkg"))
    assert (tmp_path / "my-decks" / "quizgen.lock.json").is_file()


def test_the_quickstart_lists_commands() -> None:
    commands = quickstart_then_commands()
    assert len(commands) >= 5
    assert all(command.startswith("quizgen ") for command in commands), commands


@pytest.mark.parametrize("command", quickstart_then_commands())
def test_every_quickstart_command_exists(command: str) -> None:
    name = command.split()[1]
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_the_shipped_fact_base_has_the_counts_the_readme_gives() -> None:
    text = " ".join(section("The shipped fact base").split())
    facts = re.search(r"holds (\d+) facts \(((?:\d+ \w+(?:, )?)+)\)", text)
    deck = re.search(r"is built from them \((\d+) notes, (\d+) cards\)", text)
    assert facts, "the section should give the fact count, by type"
    assert deck, "the section should give the deck's note and card counts"
    base = load_fact_base(REPO / "facts")
    cards = generate_cards(base, load_templates(REPO / "facts"))
    by_type = Counter(f"{fact.type.value}s" for fact in base)
    stated = {name: int(count) for count, name in re.findall(r"(\d+) (\w+)", facts.group(2))}
    assert int(facts.group(1)) == len(base)
    assert stated == dict(by_type)
    assert (int(deck.group(1)), int(deck.group(2))) == (len(base), len(cards))


def test_the_piped_quiz_prints_what_the_readme_shows(tmp_path: Path) -> None:
    block = re.search(
        r"^    \$ printf '(.*?)' \| quizgen quiz (.*?) --db (\S+)\n((?:    .*\n|\n)+?)\n(?=\S)",
        README,
        re.M,
    )
    assert block, "the README should show a quiz answered through a pipe"
    replies, options, shown_db, shown = block.groups()
    db = tmp_path / "progress.sqlite"
    result = CliRunner().invoke(
        app,
        ["quiz", *options.split(), "--facts", str(REPO / "facts"), "--db", str(db)],
        input=replies.replace("\\n", "\n"),
    )
    assert result.exit_code == 0, result.output
    expected = textwrap.dedent(shown).replace(shown_db, str(db))
    # The time taken is the one figure a slow machine may change.
    assert re.sub(r"Time: \d+ s", "Time: 0 s", result.output) == expected
