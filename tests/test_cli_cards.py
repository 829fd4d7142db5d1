"""The preview command: every card of a fact as a user sees it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizgen.cli import app

SOURCES = """\
sources:
  krusekopf:
    author: Charles Krusekopf
    title: "North Korea and Mongolia: A New Partnership for Two Old Friends?"
    publication: Asia Pacific Bulletin
    date: 2013-11-14
  campi:
    author: Alicia Campi
    title: How North Korea-Mongolia Relations Have Jump-started the Korean Peninsula Peace Process
    publication: Asia Pacific Bulletin
"""

FACTS = """\
deck: Mongolia::Economy
facts:
  - id: nk-workers
    type: figure
    value: 1749
    unit: workers
    quantity: the number of North Korean workers in Mongolia
    date: 2013-04
    sources: [krusekopf]
    note: Counted by the Mongolian labour office.
    disputed:
      - claim: About 2,000 North Koreans lived or worked in Mongolia.
        sources: [campi]
  - id: recognition
    type: date
    event: Mongolia recognized North Korea
    date: 1948
    sources: [krusekopf, campi]
    cards: [cloze]
"""


@pytest.fixture
def facts_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "facts"
    folder.mkdir()
    (folder / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (folder / "economy.yaml").write_text(FACTS, encoding="utf-8")
    return folder


def run(*args: str, columns: int = 200) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": str(columns)})
    return result.exit_code, result.stdout, result.stderr


def test_preview_help() -> None:
    code, out, _ = run("preview", "--help")
    assert code == 0
    assert "Print every card of a fact as a user will see it" in out
    assert "--facts" in out
    assert "--templates" in out


def test_preview_prints_every_card_with_what_its_back_shows(facts_dir: Path) -> None:
    code, out, err = run("preview", "nk-workers", "--facts", str(facts_dir))
    assert (code, err) == (0, "")
    back = (
        "         Note: Counted by the Mongolian labour office.\n"
        "         Sources: Charles Krusekopf, Asia Pacific Bulletin, 2013\n"
        "         Disputed: About 2,000 North Koreans lived or worked in Mongolia."
        " — Alicia Campi, Asia Pacific Bulletin, n.d.\n"
    )
    assert out == (
        "nk-workers · figure · Mongolia::Economy\n"
        "\n"
        "question\n"
        "  Front  How many North Korean workers were in Mongolia in April 2013?\n"
        "  Back   1,749 workers\n" + back + "\n"
        "cloze\n"
        "  Front  The number of North Korean workers in Mongolia in April 2013 was [...].\n"
        "  Back   The number of North Korean workers in Mongolia in April 2013 was 1,749.\n" + back
    )


def test_preview_shows_only_the_kinds_a_fact_asks_for(facts_dir: Path) -> None:
    code, out, _ = run("preview", "recognition", "--facts", str(facts_dir))
    assert code == 0
    assert out == (
        "recognition · date · Mongolia::Economy\n"
        "\n"
        "cloze\n"
        "  Front  Mongolia recognized North Korea [...].\n"
        "  Back   Mongolia recognized North Korea in 1948.\n"
        "         Sources: Charles Krusekopf, Asia Pacific Bulletin, 2013;"
        " Alicia Campi, Asia Pacific Bulletin, n.d.\n"
    )


def test_preview_wraps_long_lines_to_the_terminal(facts_dir: Path) -> None:
    code, out, _ = run("preview", "nk-workers", "--facts", str(facts_dir), columns=60)
    assert code == 0
    assert out.split("\n\n")[1] == (
        "question\n"
        "  Front  How many North Korean workers were in Mongolia in\n"
        "         April 2013?\n"
        "  Back   1,749 workers\n"
        "         Note: Counted by the Mongolian labour office.\n"
        "         Sources: Charles Krusekopf, Asia Pacific Bulletin,\n"
        "           2013\n"
        "         Disputed: About 2,000 North Koreans lived or worked\n"
        "           in Mongolia. — Alicia Campi, Asia Pacific\n"
        "           Bulletin, n.d."
    )


def test_preview_uses_the_facts_folder_templates(facts_dir: Path) -> None:
    (facts_dir / "templates.yaml").write_text(
        "date.cloze.text: '{{ hide(when) }}, {{ event }}.'\n", encoding="utf-8"
    )
    code, out, _ = run("preview", "recognition", "--facts", str(facts_dir))
    assert code == 0
    assert "  Front  [...], Mongolia recognized North Korea.\n" in out
    assert "  Back   In 1948, Mongolia recognized North Korea.\n" in out


def test_preview_templates_option(facts_dir: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("date.cloze.text: 'It was {{ hide(when) }}: {{ event }}'\n", encoding="utf-8")
    code, out, _ = run(
        "preview", "recognition", "--facts", str(facts_dir), "--templates", str(mine)
    )
    assert code == 0
    assert "  Front  It was [...]: Mongolia recognized North Korea\n" in out


@pytest.mark.parametrize(
    ("fact_id", "message"),
    [
        ("nk-worker", "no fact has the id 'nk-worker' (did you mean 'nk-workers'?)\n"),
        ("treaty", "no fact has the id 'treaty'\n"),
    ],
)
def test_preview_unknown_id(facts_dir: Path, fact_id: str, message: str) -> None:
    assert run("preview", fact_id, "--facts", str(facts_dir)) == (1, "", message)


def test_preview_bad_template(facts_dir: Path) -> None:
    path = facts_dir / "templates.yaml"
    path.write_text("date.cloze.txt: '{{ hide(when) }}'\n", encoding="utf-8")
    assert run("preview", "recognition", "--facts", str(facts_dir)) == (
        1,
        "",
        f"{path}: unknown template key 'date.cloze.txt' (did you mean 'date.cloze.text'?)\n",
    )
