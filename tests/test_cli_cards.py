"""The preview and cards commands: the cards of the facts as the learner sees them."""

from __future__ import annotations

import csv
import json
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
    cards: [question, cloze]
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
        "  Topic  Mongolia · Economy\n"
        "  Front  How many North Korean workers were in Mongolia in April 2013?\n"
        "  Back   1,749 workers\n" + back + "\n"
        "cloze\n"
        "  Topic  Mongolia · Economy\n"
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
        "  Topic  Mongolia · Economy\n"
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
        "  Topic  Mongolia · Economy\n"
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


def test_cards_help() -> None:
    code, out, _ = run("cards", "--help")
    assert code == 0
    assert "Print every card of the facts as the learner will see it" in out
    for option in ("--facts", "--templates", "--json", "--csv"):
        assert option in out


def test_cards_prints_every_card_with_its_topic(facts_dir: Path) -> None:
    code, out, err = run("cards", "--facts", str(facts_dir))
    assert (code, err) == (0, "")
    assert out == (
        "nk-workers · question\n"
        "  Topic  Mongolia · Economy\n"
        "  Front  How many North Korean workers were in Mongolia in April 2013?\n"
        "  Back   1,749 workers\n"
        "\n"
        "nk-workers · cloze\n"
        "  Topic  Mongolia · Economy\n"
        "  Front  The number of North Korean workers in Mongolia in April 2013 was [...].\n"
        "  Back   The number of North Korean workers in Mongolia in April 2013 was 1,749.\n"
        "\n"
        "recognition · cloze\n"
        "  Topic  Mongolia · Economy\n"
        "  Front  Mongolia recognized North Korea [...].\n"
        "  Back   Mongolia recognized North Korea in 1948.\n"
    )


def test_cards_json_lists_every_card_as_plain_text(facts_dir: Path) -> None:
    code, out, err = run("cards", "--facts", str(facts_dir), "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == [
        {
            "fact": "nk-workers",
            "kind": "question",
            "deck": "Mongolia::Economy",
            "context": "Mongolia · Economy",
            "front": "How many North Korean workers were in Mongolia in April 2013?",
            "back": "1,749 workers",
            "answer": "1,749 workers",
        },
        {
            "fact": "nk-workers",
            "kind": "cloze",
            "deck": "Mongolia::Economy",
            "context": "Mongolia · Economy",
            "front": "The number of North Korean workers in Mongolia in April 2013 was [...].",
            "back": "The number of North Korean workers in Mongolia in April 2013 was 1,749.",
            "answer": "1,749",
        },
        {
            "fact": "recognition",
            "kind": "cloze",
            "deck": "Mongolia::Economy",
            "context": "Mongolia · Economy",
            "front": "Mongolia recognized North Korea [...].",
            "back": "Mongolia recognized North Korea in 1948.",
            "answer": "in 1948",
        },
    ]


def test_cards_csv_is_ankis_text_import_with_the_builds_notes(facts_dir: Path) -> None:
    from quizgen.anki.notes import make_note
    from quizgen.anki.notetypes import NOTE_TYPES
    from quizgen.cards.extras import back_extras
    from quizgen.cards.render import generate_cards
    from quizgen.cards.templates import load_templates
    from quizgen.factfiles.loader import load_fact_base

    code, out, err = run("cards", "--facts", str(facts_dir), "--csv")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:6] == [
        "#separator:Tab",
        "#html:true",
        "#guid column:1",
        "#notetype column:2",
        "#deck column:3",
        "#tags column:4",
    ]
    base = load_fact_base(facts_dir)
    made = generate_cards(base, load_templates(facts_dir))
    names = {note_type.model_id: note_type.name for note_type in NOTE_TYPES.values()}
    notes = [  # one per fact
        make_note([card for card in made if card.fact is fact], back_extras(fact, base))
        for fact in base
    ]
    rows = list(csv.reader(lines[6:], delimiter="\t"))
    assert rows == [
        [note.guid, names[note.model_id], note.deck, " ".join(note.tags), *note.fields]
        for note in notes
    ]


def test_cards_takes_json_or_csv_not_both(facts_dir: Path) -> None:
    code, _, err = run("cards", "--facts", str(facts_dir), "--json", "--csv")
    assert code == 2
    assert "give --json or --csv, not both" in err


def test_check_prints_card_warnings_and_fails_on_them_only_when_strict(
    facts_dir: Path,
) -> None:
    path = facts_dir / "economy.yaml"
    warning = (
        f"{path}:3:5: fact 'nk-workers': warning: its question and cloze cards ask for the "
        "same answer from the same cue; drop 'cloze' from 'cards'\n"
    )
    code, out, err = run("check", str(facts_dir))
    assert (code, err) == (0, warning)
    assert out == f"{facts_dir}: 2 facts in 1 file, 2 sources: OK with 1 warning\n"
    code, out, err = run("check", "--strict", str(facts_dir))
    assert (code, out) == (1, "")
    assert (
        err
        == warning
        + f"{facts_dir}: 2 facts in 1 file, 2 sources: failed (--strict) with 1 warning\n"
    )
    code, out, _ = run("check", "--strict", "--json", str(facts_dir))
    record = json.loads(out)
    assert (code, record["ok"], len(record["warnings"])) == (1, False, 1)
    assert record["warnings"][0]["line"] == 3


def test_check_reports_a_runaway_template_in_one_line(facts_dir: Path) -> None:
    (facts_dir / "templates.yaml").write_text(
        'figure.question.front: "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}"\n',
        encoding="utf-8",
    )
    code, out, err = run("check", str(facts_dir))
    assert (code, out) == (1, "")
    assert err == (
        f"{facts_dir / 'economy.yaml'}:3:5: fact 'nk-workers': {facts_dir / 'templates.yaml'}: "
        "template 'figure.question.front': stopped: the template nests calls more than 20 deep\n"
        f"{facts_dir}: 1 problem in 1 file\n"
    )


def test_check_names_the_line_of_a_fact_wording_that_fails(facts_dir: Path) -> None:
    path = facts_dir / "economy.yaml"
    path.write_text(
        FACTS.replace(
            "    cards: [cloze]\n",
            '    cards: [cloze]\n    wording:\n      cloze: {text: "{{ hide(whne) }}"}\n',
        ),
        encoding="utf-8",
    )
    code, out, err = run("check", str(facts_dir))
    assert (code, out) == (1, "")
    assert err == (
        f"{path}:22:14: fact 'recognition': wording 'cloze' text: unknown variable 'whne' "
        "(did you mean 'when'?)\n"
        f"{facts_dir}: 1 problem in 1 file\n"
    )


@pytest.mark.parametrize(
    "template",
    [
        "{% for i in range(1000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}",
        "{{ lipsum(100000) }}",
        "{{ 'x' * 10**10 }}",
        "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    ],
)
def test_a_runaway_template_stops_a_build_with_one_line(
    facts_dir: Path, tmp_path: Path, template: str
) -> None:
    templates = facts_dir / "templates.yaml"
    templates.write_text(f'figure.question.front: "{template}"\n', encoding="utf-8")
    code, out, err = run("build", "--facts", str(facts_dir), "--out", str(tmp_path / "decks"))
    assert (code, out) == (1, "")
    assert len(err.splitlines()) == 1, err
    assert (
        err.startswith(
            f"{facts_dir / 'economy.yaml'}: fact 'nk-workers': {templates}: "
            "template 'figure.question.front': stopped: the template "
        )
        or f"{templates}: template 'figure.question.front'" in err
    ), err
    assert "Traceback" not in err
