"""Tests of `quizgen check`, `list`, `show` and `schema`: exit codes, exact messages, help."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from factories import (
    LANDING_FIELDS,
    SPACE_SOURCES_YAML,
    fact_file_yaml,
    fact_yaml,
    write_fact_folder,
)
from typer.testing import CliRunner, Result

from quizgen.cli import app
from quizgen.cli._common import FactTypeName
from quizgen.factfiles.fields import COMMON_FIELDS, TYPE_FIELDS
from quizgen.factfiles.layout import fact_files
from quizgen.factfiles.schema import fact_file_schema, sources_file_schema
from quizgen.model.facts import CARD_KINDS, FactType

REPO = Path(__file__).resolve().parent.parent

SOURCES = """\
sources:
  news-2013:
    author: Ann Writer
    title: A state visit
    publication: The Daily
    date: 2013-11-14
    url: https://example.org/visit
  bulletin-2019:
    author: Bo Analyst
    title: Ties renewed
    publication: The Bulletin
"""

HISTORY = """\
deck: Mongolia::History
tags: [history]
facts:
  - id: recognition
    type: date
    event: Mongolia recognized North Korea
    date: 1948
    sources: [news-2013]
    disputed:
      - claim: relations began in 1949
        sources: [bulletin-2019]
  - id: treaty
    type: agreement
    title: Treaty of Friendship and Cooperation
    parties: [Mongolia, North Korea]
    date: 2002
    summary: restored ties after the cooling of the 1990s
    sources: [news-2013]
    renamed_from: [friendship-treaty]
"""

TRADE = """\
deck: Trade
facts:
  - id: workers
    type: figure
    value: [1000, 2500]
    unit: workers
    quantity: the number of North Korean workers in Mongolia
    approximate: true
    sources: [bulletin-2019]
    tags: [labour]
  - id: elbegdorj
    type: name
    name: Tsakhiagiin Elbegdorj
    description: the Mongolian president who visited Pyongyang in 2013
    kind: person
    sources: [news-2013, bulletin-2019]
"""


def run(*args: str) -> Result:
    """Run the quizgen command line in-process."""
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def facts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Write a small valid facts folder and work next to it."""
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "facts"
    root.mkdir()
    (root / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (root / "history.yaml").write_text(HISTORY, encoding="utf-8")
    (root / "trade").mkdir()
    (root / "trade" / "labour.yaml").write_text(TRADE, encoding="utf-8")
    return root


def test_check_valid_facts_prints_a_summary(facts: Path) -> None:
    result = run("check")
    assert result.exit_code == 0
    assert result.stdout == "facts: 4 facts in 2 files, 2 sources: OK\n"
    assert result.stderr == ""


def test_check_a_single_file(facts: Path) -> None:
    result = run("check", "facts/trade/labour.yaml")
    assert result.exit_code == 0
    assert result.stdout == "facts/trade/labour.yaml: 2 facts in 1 file, 2 sources: OK\n"


def test_check_prints_every_problem_then_a_count(facts: Path) -> None:
    (facts / "history.yaml").write_text(
        HISTORY.replace("event:", "evnet:").replace("date: 2002", "date: 2002-13"),
        encoding="utf-8",
    )
    (facts / "trade" / "labour.yaml").write_text(
        TRADE.replace("[1000, 2500]", "twenty"), encoding="utf-8"
    )
    result = run("check", "facts")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "facts/history.yaml:6:5: fact 'recognition': unknown key 'evnet' (did you mean 'event'?)",
        "facts/history.yaml:16:11: fact 'treaty': field 'date': month 13 is not between 1 and 12",
        "facts/trade/labour.yaml:5:12: fact 'workers': field 'value': expected a number, "
        "got 'twenty'",
        "facts: 3 problems in 2 files",
    ]


BAD_TEMPLATES = """\
figure.question.back: "{{ amout }}"
name.cloze.text: "{{ name }} is {{ description }}."
"""


def test_check_reads_the_folders_templates_too(facts: Path) -> None:
    (facts / "templates.yaml").write_text(BAD_TEMPLATES, encoding="utf-8")
    result = run("check", "facts")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "facts/templates.yaml: template 'name.cloze.text': a cloze text must mark its answer "
        "with hide(...)",
        "facts/templates.yaml: template 'figure.question.back': unknown variable 'amout' "
        "(did you mean 'amount'?)",
        "facts: 2 problems in 1 file",
    ]
    as_json = json.loads(run("check", "facts", "--json").stdout)
    assert as_json["ok"] is False
    assert [problem["path"] for problem in as_json["problems"]] == ["facts/templates.yaml"] * 2


def test_check_reports_fact_and_template_problems_together(facts: Path) -> None:
    (facts / "templates.yaml").write_text(BAD_TEMPLATES, encoding="utf-8")
    (facts / "history.yaml").write_text(HISTORY.replace("event:", "evnet:"), encoding="utf-8")
    lines = run("check", "facts").stderr.splitlines()
    assert lines[0].startswith("facts/history.yaml:6:5: fact 'recognition': unknown key 'evnet'")
    assert len(lines) == 4
    assert lines[-1] == "facts: 3 problems in 2 files"


def test_check_a_missing_path_fails(facts: Path) -> None:
    result = run("check", "nowhere")
    assert result.exit_code == 1
    assert result.stderr == "nowhere: no such file or folder\n"


def test_list_prints_plain_columns_when_piped(facts: Path) -> None:
    result = run("list")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "id           type       deck               text",
        "recognition  date       Mongolia::History  1948: Mongolia recognized North Korea",
        "treaty       agreement  Mongolia::History  Treaty of Friendship and Cooperation (2002)",
        "workers      figure     Trade              about 1000-2500 workers: the number of North "
        "Korean workers…",
        "elbegdorj    name       Trade              Tsakhiagiin Elbegdorj: the Mongolian president"
        " who visited…",
    ]


@pytest.mark.parametrize(
    ("options", "ids"),
    [
        (["--deck", "Mongolia"], ["recognition", "treaty"]),
        (["--deck", "Mongolia::History"], ["recognition", "treaty"]),
        (["--deck", "Mongol"], []),
        (["--tag", "labour"], ["workers"]),
        (["--tag", "history"], ["recognition", "treaty"]),
        (["--type", "name"], ["elbegdorj"]),
        (["--type", "date", "--deck", "Trade"], []),
    ],
)
def test_list_filters(facts: Path, options: list[str], ids: list[str]) -> None:
    result = run("list", "--json", *options)
    assert result.exit_code == 0
    assert [record["id"] for record in json.loads(result.stdout)] == ids


def test_list_json_holds_every_field(facts: Path) -> None:
    result = run("list", "--json", "--type", "figure")
    assert json.loads(result.stdout) == [
        {
            "id": "workers",
            "type": "figure",
            "deck": "Trade",
            "value": [1000, 2500],
            "unit": "workers",
            "quantity": "the number of North Korean workers in Mongolia",
            "date": None,
            "approximate": True,
            "current": False,
            "sources": ["bulletin-2019"],
            "tags": ["labour"],
            "aliases": [],
            "note": None,
            "disputed": [],
            "cards": ["question"],
            "renamed_from": [],
            "wording": {},
            "location": "facts/trade/labour.yaml:3:5",
        }
    ]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "dat",
            "'dat' is not a fact type (did you mean 'date'?); types: date, name, figure, agreement",
        ),
        ("person", "'person' is not a fact type; types: date, name, figure, agreement"),
    ],
)
@pytest.mark.parametrize("command", ["list", "quiz"])
def test_an_unknown_type_is_a_usage_error(
    facts: Path, command: str, typed: str, message: str
) -> None:
    result = run(command, "--type", typed)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: Invalid value for '--type': {message}"


def test_a_type_in_capitals_is_the_type(facts: Path) -> None:
    result = run("list", "--json", "--type", "NAME")
    assert [record["id"] for record in json.loads(result.stdout)] == ["elbegdorj"]


def test_list_invalid_facts_prints_the_problems(facts: Path) -> None:
    (facts / "history.yaml").write_text(HISTORY.replace("type: date", "type: dat"), "utf-8")
    result = run("list", "--facts", "facts")
    assert result.exit_code == 1
    assert result.stderr == (
        "facts/history.yaml:5:11: fact 'recognition': unknown type 'dat' (did you mean "
        "'date'?); valid types: agreement, date, figure, name\n"
    )


def test_show_prints_every_field_with_citations(facts: Path) -> None:
    result = run("show", "recognition")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "recognition (date fact, facts/history.yaml:4:5)",
        "deck:         Mongolia::History",
        "event:        Mongolia recognized North Korea",
        "date:         1948",
        "tags:         history",
        "cards:        question, reverse",
        "sources:",
        "  [news-2013] Ann Writer, The Daily, 2013",
        "      A state visit <https://example.org/visit>",
        "disputed:",
        "  - relations began in 1949 (bulletin-2019)",
    ]


def test_show_finds_a_fact_by_its_former_id(facts: Path) -> None:
    result = run("show", "friendship-treaty")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "treaty (agreement fact, facts/history.yaml:12:5)"
    assert "renamed_from: friendship-treaty" in result.stdout.splitlines()


@pytest.mark.parametrize(
    ("fact_id", "message"),
    [
        ("recognitoin", "no fact has the id 'recognitoin' (did you mean 'recognition'?)\n"),
        ("zzz", "no fact has the id 'zzz'\n"),
    ],
)
def test_show_an_unknown_id_fails(facts: Path, fact_id: str, message: str) -> None:
    result = run("show", fact_id)
    assert result.exit_code == 1
    assert result.stderr == message


def test_schema_is_json_schema_2020_12(facts: Path) -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["required"] == ["deck", "facts"]
    sources = json.loads(run("schema", "--sources").stdout)
    assert sources["required"] == ["sources"]


@pytest.mark.parametrize(
    "command", ["check", "list", "show", "schema", "preview", "build", "quiz", "stats"]
)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert f"Usage: quizgen {command}" in result.stdout
    assert f"Example: quizgen {command}" in result.stdout
    assert "<bool>" not in result.stdout  # flags read as flags, not as options taking a value


def test_version_is_the_installed_package_version() -> None:
    from importlib.metadata import version

    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"quizgen {version('quizgen')}\n"


def test_shipped_facts_check_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = run("check", "facts")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("facts: ")
    # Card warnings fail only `check --strict`, which the shipped facts pass once re-curated.
    assert re.search(r" sources: OK( with \d+ warnings?)?\n$", result.stdout)


def as_json_data(value: object) -> object:
    """Return YAML data as an editor's YAML 1.2 language server sees it: dates are text."""
    if isinstance(value, dict):
        return {str(key): as_json_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json_data(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def schema_errors(schema: dict[str, object], text: str) -> list[str]:
    """Validate YAML text against a schema; return the error messages."""
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(schema)
    data = as_json_data(yaml.safe_load(text))
    return sorted(error.message for error in validator.iter_errors(data))


def test_the_schemas_are_valid_json_schemas() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(fact_file_schema())
    jsonschema.Draft202012Validator.check_schema(sources_file_schema())


def test_shipped_facts_match_the_schema() -> None:
    files = fact_files(REPO / "facts")
    assert files, "the shipped facts folder has fact files"
    for path in files:
        assert schema_errors(fact_file_schema(), path.read_text("utf-8")) == [], path
    sources = (REPO / "facts" / "sources.yaml").read_text("utf-8")
    assert schema_errors(sources_file_schema(), sources) == []


def test_test_facts_match_the_schema() -> None:
    for text in (HISTORY, TRADE):
        assert schema_errors(fact_file_schema(), text) == []
    assert schema_errors(sources_file_schema(), SOURCES) == []


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("event:", "evnet:", "'event' is a required property"),
        ("type: date", "type: dat", "'dat' is not one of ['date', 'name', 'figure', 'agreement']"),
        ("date: 1948", "date: 1948-13", "'1948-13' does not match"),
        ("[news-2013]", "news-2013", "'news-2013' is not of type 'array'"),
        ("    date: 1948\n", "    date: 1948\n    name: Mongolia\n", "Unevaluated properties"),
        ("    date: 1948\n", "    date: 1948\n    cards: [parties]\n", "'parties' is not one of"),
        (
            "summary: restored ties after the cooling of the 1990s",
            "summary: [restored ties]",
            "is not of type 'string', 'number'",
        ),
        ("parties: [Mongolia, North Korea]", "parties: []", "should be non-empty"),
        (
            "    date: 1948\n",
            "    date: 1948\n    wording: {when: {front: When}}\n",
            "'when' is not one of ['question', 'reverse', 'cloze']",
        ),
        (
            "    date: 1948\n",
            "    date: 1948\n    wording: {question: {front: Why, answer: x}}\n",
            "Additional properties are not allowed ('answer' was unexpected)",
        ),
    ],
)
def test_the_schema_underlines_what_the_loader_refuses(
    facts: Path, old: str, new: str, message: str
) -> None:
    text = HISTORY.replace(old, new, 1)
    errors = schema_errors(fact_file_schema(), text)
    assert any(message in error for error in errors), errors
    (facts / "history.yaml").write_text(text, encoding="utf-8")
    assert run("check").exit_code == 1


def test_the_schema_lists_the_loaders_keys() -> None:
    fact = fact_file_schema()["properties"]["facts"]["items"]
    assert list(fact["properties"]) == [spec.name for spec in COMMON_FIELDS]
    for branch, (fact_type, specs) in zip(fact["allOf"], TYPE_FIELDS.items(), strict=True):
        assert branch["if"]["properties"]["type"]["const"] == fact_type.value
        assert set(branch["then"]["properties"]) == {spec.name for spec in specs} | {
            "cards",
            "wording",
        }
        cards = branch["then"]["properties"]["cards"]["items"]["enum"]
        assert cards == [kind.value for kind in CARD_KINDS[fact_type]]


def test_schema_with_a_facts_folder_completes_source_ids(facts: Path) -> None:
    result = run("schema", "--facts", "facts")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    fact = schema["properties"]["facts"]["items"]
    assert fact["properties"]["sources"]["items"] == {"enum": ["bulletin-2019", "news-2013"]}
    assert schema_errors(schema, HISTORY) == []
    assert schema_errors(schema, HISTORY.replace("[news-2013]", "[news-2031]", 1)) == [
        "'news-2031' is not one of ['bulletin-2019', 'news-2013']"
    ]


def test_show_prints_a_range_as_low_to_high(facts: Path) -> None:
    result = run("show", "workers")
    assert "value:        1000 to 2500" in result.stdout.splitlines()
    assert "approximate:  yes" in result.stdout.splitlines()


def test_show_says_when_an_agreement_was_not_signed(facts: Path) -> None:
    (facts / "history.yaml").write_text(
        HISTORY.replace("    date: 2002\n", "    signed: false\n"), encoding="utf-8"
    )
    shown = run("show", "treaty").stdout.splitlines()
    assert "signed:       no" in shown
    assert not any(line.startswith("date:") for line in shown)
    assert "signed:       yes" not in shown
    listed = run("list", "--type", "agreement").stdout.splitlines()
    assert listed[1].endswith("Treaty of Friendship and Cooperation")
    record = json.loads(run("list", "--json", "--type", "agreement").stdout)[0]
    assert (record["date"], record["signed"]) == (None, False)


def test_check_json_lists_problems_for_tools(facts: Path) -> None:
    (facts / "history.yaml").write_text(HISTORY.replace("event:", "evnet:"), encoding="utf-8")
    result = run("check", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "ok": False,
        "problems": [
            {
                "path": "facts/history.yaml",
                "line": 6,
                "col": 5,
                "fact": "recognition",
                "message": "unknown key 'evnet' (did you mean 'event'?)",
            }
        ],
        "warnings": [],
    }


def test_check_json_when_valid(facts: Path) -> None:
    result = run("check", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "ok": True,
        "problems": [],
        "facts": 4,
        "files": ["facts/history.yaml", "facts/trade/labour.yaml"],
        "sources": 2,
        "warnings": [],
    }


@pytest.mark.slow
def test_check_runs_as_a_program(facts: Path) -> None:
    (facts / "history.yaml").write_text(HISTORY.replace("1948", "1948-13"), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "quizgen", "check", "facts"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (
        "facts/history.yaml:7:11: fact 'recognition': field 'date': month 13 is not between "
        "1 and 12\nfacts: 1 problem in 1 file\n"
    )


@pytest.mark.slow
def test_list_draws_a_table_in_a_terminal(facts: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "quizgen", "list", "--type", "agreement"],
        encoding="utf-8",
        dimensions=(24, 160),
        timeout=30,
    )
    output = child.read()
    child.close()
    assert child.exitstatus == 0
    assert "\x1b[1m" in output  # a terminal gets the bold header
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line).strip() for line in output.splitlines()]
    assert lines[0].split() == ["id", "type", "deck", "text"]
    assert lines[1].split()[:3] == ["treaty", "agreement", "Mongolia::History"]


def test_the_type_option_offers_exactly_the_fact_types() -> None:
    assert [t.value for t in FactTypeName] == [t.value for t in FactType]


def test_check_reports_the_problems_of_every_stage_in_one_run(facts: Path) -> None:
    # A broken source entry, a misspelt key, a 'when' card without a date in a fact with
    # another problem, an id used twice, and a valid fact whose own wording cannot render:
    # each stage used to wait for the one before to pass.
    (facts / "sources.yaml").write_text(
        SOURCES.replace("url: https://example.org/visit", "url: example.org/visit"),
        encoding="utf-8",
    )
    history = HISTORY.replace("event:", "evnet:").replace("    date: 2002\n", "")
    history += "    cards: [which, when]\n    signed: maybe\n"
    (facts / "history.yaml").write_text(history, encoding="utf-8")
    trade = TRADE.replace("sources: [bulletin-2019]", "sources: [bulletin-2091]")
    trade += "    wording:\n      question: {front: 'Who was {{ description }?'}\n"
    trade += "      cloze: {text: 'There were {{ amout }} things.'}\n"
    trade += "  - id: recognition\n" + TRADE.split("  - id: elbegdorj\n")[1]
    (facts / "trade" / "labour.yaml").write_text(trade, encoding="utf-8")
    result = run("check", "facts")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "facts/history.yaml:6:5: fact 'recognition': unknown key 'evnet' (did you mean 'event'?)",
        "facts/history.yaml:19:20: fact 'treaty': a 'when' card needs the agreement's date: "
        "add a date or leave 'when' out of 'cards'",
        "facts/history.yaml:20:13: fact 'treaty': field 'signed': expected true or false, "
        "got 'maybe'",
        "facts/sources.yaml:7:10: source 'news-2013': field 'url': expected an http(s) "
        "address, got 'example.org/visit'",
        "facts/trade/labour.yaml:9:15: fact 'workers': unknown source 'bulletin-2091' "
        "(did you mean 'bulletin-2019'?)",
        "facts/trade/labour.yaml:18:17: fact 'elbegdorj': wording 'question' front: "
        "unexpected '}' (line 1 of the template)",
        "facts/trade/labour.yaml:19:7: fact 'elbegdorj': 'cloze' wording is never used: the "
        "fact does not make a cloze card; add 'cards: [question, cloze]', or drop the wording",
        "facts/trade/labour.yaml:20:5: fact 'recognition': duplicate id: 'recognition' is "
        "also the id of the fact at facts/history.yaml:4:5",
        "facts: 8 problems in 3 files",
    ]


def test_check_says_what_to_write_for_a_source_id_and_missing_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    sources = SPACE_SOURCES_YAML.replace("nasa:", "NASA History:").replace(
        "    publication: NASA\n", ""
    )
    unsourced = {k: v for k, v in LANDING_FIELDS.items() if k != "sources"}
    cites = dict(LANDING_FIELDS, id="eagle-lands", sources="[nasa-history]")
    write_fact_folder(
        tmp_path / "facts",
        {"a.yaml": fact_file_yaml(fact_yaml(**unsourced), fact_yaml(**cites))},
        sources,
    )
    result = run("check", "facts")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "facts/a.yaml:3:5: fact 'moon-landing': missing required field 'sources'; "
        "add sources: [<id>] citing one of: nasa-history",
        "facts/a.yaml:11:15: fact 'eagle-lands': unknown source 'nasa-history'; to cite "
        "source 'NASA History', write its id in sources.yaml as 'nasa-history'",
        "facts/sources.yaml:2:3: source id 'NASA History' is not a lowercase slug (letters "
        "a-z, digits, single hyphens between words); write it as 'nasa-history'",
        "facts/sources.yaml:3:5: source 'NASA History': missing required field 'publication'",
        "facts: 4 problems in 2 files",
    ]


def test_check_judges_the_facts_own_wording_even_when_templates_yaml_is_broken(
    facts: Path,
) -> None:
    (facts / "templates.yaml").write_text(BAD_TEMPLATES, encoding="utf-8")
    (facts / "trade" / "labour.yaml").write_text(
        TRADE + "    wording:\n      question: {back: '{{ nmae }}'}\n", encoding="utf-8"
    )
    assert run("check", "facts").stderr.splitlines() == [
        "facts/trade/labour.yaml:18:17: fact 'elbegdorj': wording 'question' back: unknown "
        "variable 'nmae' (did you mean 'name'?)",
        "facts/templates.yaml: template 'name.cloze.text': a cloze text must mark its answer "
        "with hide(...)",
        "facts/templates.yaml: template 'figure.question.back': unknown variable 'amout' "
        "(did you mean 'amount'?)",
        "facts: 3 problems in 2 files",
    ]


def test_check_strict_prints_the_warnings_beside_the_problems(facts: Path) -> None:
    (facts / "history.yaml").write_text(HISTORY.replace("event:", "evnet:"), encoding="utf-8")
    (facts / "trade" / "labour.yaml").write_text(
        TRADE.replace("    tags: [labour]\n", "    tags: [labour]\n    cards: [question, cloze]\n"),
        encoding="utf-8",
    )
    problem = (
        "facts/history.yaml:6:5: fact 'recognition': unknown key 'evnet' (did you mean 'event'?)"
    )
    assert run("check").stderr.splitlines() == [problem, "facts: 1 problem in 1 file"]
    assert run("check", "--strict").stderr.splitlines() == [
        problem,
        "facts/trade/labour.yaml:3:5: fact 'workers': warning: its question and cloze cards ask "
        "for the same answer from the same cue; drop 'cloze' from 'cards'",
        "facts: 1 problem in 1 file, 1 warning",
    ]


def test_list_and_show_write_bc_dates_as_the_cards_do(facts: Path) -> None:
    (facts / "ancient.yaml").write_text(
        "deck: Ancient\nfacts:\n"
        "  - id: marathon\n    type: date\n    event: the Athenians won at Marathon\n"
        "    date: -490\n    sources: [news-2013]\n"
        "  - id: augustus\n    type: date\n    event: Augustus ruled Egypt\n"
        "    date: 30 BC/0014\n    sources: [news-2013]\n",
        encoding="utf-8",
    )
    rows = run("list", "--deck", "Ancient").stdout.splitlines()
    assert rows[1:] == [
        "marathon  date  Ancient  490 BC: the Athenians won at Marathon",
        "augustus  date  Ancient  30 BC/0014: Augustus ruled Egypt",
    ]
    assert "date:         490 BC" in run("show", "marathon").stdout.splitlines()
    assert json.loads(run("list", "--json", "--deck", "Ancient").stdout)[0]["date"] == "-490"


def test_the_schema_names_the_card_kinds_each_type_makes_by_default() -> None:
    fact = fact_file_schema()["properties"]["facts"]["items"]
    described = [branch["then"]["properties"]["cards"]["description"] for branch in fact["allOf"]]
    assert described == [
        "card kinds to make (default: question, reverse)",
        "card kinds to make (default: question)",
        "card kinds to make (default: question)",
        "card kinds to make (default: which, when)",
    ]
