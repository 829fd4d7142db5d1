"""Card templates: shipped wording, user overrides, and errors that name the template."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

import quizgen.cards
from quizgen.cards.filters import how_many
from quizgen.cards.render import cards_for_fact
from quizgen.cards.templates import (
    TEMPLATE_KEYS,
    VARIABLES,
    load_templates,
    template_keys,
)
from quizgen.errors import TemplateError
from quizgen.language.english import article
from quizgen.model.facts import (
    CARD_KINDS,
    AgreementFact,
    AnyFact,
    CardKind,
    DateFact,
    DateSpec,
    FactBase,
    FactType,
    FigureFact,
    FigureValue,
    NameFact,
    NameKind,
)

FACT = DateFact(
    id="mongolia-recognizes-dprk",
    deck="Mongolia::Diplomacy",
    sources=("krusekopf",),
    event="Mongolia recognized North Korea",
    date=DateSpec.parse(1948),
    cards=CARD_KINDS[FactType.DATE],
)
FACTS = FactBase((FACT,), {})


def write(folder: Path, text: str, name: str = "templates.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_templates_cover_every_card_kind() -> None:
    templates = load_templates()
    assert set(templates.texts) == set(TEMPLATE_KEYS)
    assert set(templates.origins.values()) == {"quizgen/cards/default_templates.yaml"}
    expected = sum(
        len(template_keys(fact_type, kind))
        for fact_type, kinds in CARD_KINDS.items()
        for kind in kinds
    )
    assert len(TEMPLATE_KEYS) == expected == 20


def test_every_variable_is_documented_in_the_shipped_file() -> None:
    shipped = (
        Path(__file__).parent.parent / "quizgen" / "cards" / "default_templates.yaml"
    ).read_text()
    comments = "\n".join(line for line in shipped.splitlines() if line.startswith("#"))
    for names in VARIABLES.values():
        for name in names:
            assert name in comments, name


def test_a_user_template_changes_one_key_only(tmp_path: Path) -> None:
    shipped = load_templates()
    write(tmp_path, "date.question.front: 'When was this? {{ event }}.'\n")
    templates = load_templates(tmp_path)
    changed = {key for key in TEMPLATE_KEYS if templates.texts[key] != shipped.texts[key]}
    assert changed == {"date.question.front"}
    assert templates.origins["date.question.front"] == str(tmp_path / "templates.yaml")
    assert templates.origins["date.question.back"] == "quizgen/cards/default_templates.yaml"
    cards = {c.kind: c for c in cards_for_fact(FACT, FACTS, templates)}
    assert cards[CardKind.QUESTION].front == "When was this? Mongolia recognized North Korea."
    assert cards[CardKind.QUESTION].back == "In 1948"
    assert cards[CardKind.REVERSE].front == "What happened in 1948?"


def test_nested_keys_read_like_flat_ones(tmp_path: Path) -> None:
    write(tmp_path, "date:\n  question:\n    front: 'When? {{ event }}.'\n")
    assert load_templates(tmp_path).texts["date.question.front"] == "When? {{ event }}."


def test_the_templates_option_overrides_the_facts_folder(tmp_path: Path) -> None:
    write(
        tmp_path / "facts",
        "date.question.front: 'A {{ event }}'\ndate.question.back: 'B {{ when }}'\n",
    )
    override = write(tmp_path, "date.question.front: 'C {{ event }}'\n", "mine.yaml")
    templates = load_templates(tmp_path / "facts", override)
    assert templates.texts["date.question.front"] == "C {{ event }}"
    assert templates.texts["date.question.back"] == "B {{ when }}"


def test_an_empty_user_file_changes_nothing(tmp_path: Path) -> None:
    write(tmp_path, "# nothing yet\n")
    assert load_templates(tmp_path).digest == load_templates().digest


def test_the_shipped_file_copied_as_a_user_file_reads_the_same(tmp_path: Path) -> None:
    # The shipped file is read with libyaml, a user's with PyYAML's own loader.
    shipped = Path(quizgen.cards.__file__).with_name("default_templates.yaml")
    write(tmp_path, shipped.read_text(encoding="utf-8"))
    copied = load_templates(tmp_path)
    assert set(copied.origins.values()) == {str(tmp_path / "templates.yaml")}
    assert copied.texts == load_templates().texts


def test_digest_is_stable_and_follows_the_wording(tmp_path: Path) -> None:
    shipped = load_templates()
    assert shipped.digest == load_templates().digest
    assert len(shipped.digest) == 64
    write(tmp_path, "name.cloze.text: '{{ hide(name) }} was {{ description }}.'\n")
    assert load_templates(tmp_path).digest != shipped.digest


def test_missing_override_file(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as caught:
        load_templates(None, tmp_path / "nope.yaml")
    assert str(caught.value) == f"{tmp_path / 'nope.yaml'}: no such templates file"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "date.question.front: '{{ event }'\n",
            "template 'date.question.front': unexpected '}' (line 1 of the template)",
        ),
        (
            "date.question.front: '{% if hint %}{{ hnit }}{% endif %}'\n",
            "template 'date.question.front': unknown variable 'hnit' (did you mean 'hint'?)",
        ),
        (
            "figure.question.front: '{{ event }}'\n",
            "template 'figure.question.front': unknown variable 'event'",
        ),
        (
            "date.questoin.front: 'x'\n",
            "unknown template key 'date.questoin.front' (did you mean 'date.question.front'?)",
        ),
        (
            "date:\n  question:\n    frnt: x\n",
            "unknown template key 'date.question.frnt' (did you mean 'date.question.front'?)",
        ),
        (
            "date.question.front: '{% for w in event.split() %}{{ w }}{% endfor %}{{ evnt }}'\n",
            "template 'date.question.front': unknown variable 'evnt' (did you mean 'event'?)",
        ),
        (
            "date.question.front: '{% set x = event %}{% macro m(a) %}{{ a }}{{ hnt }}"
            "{% endmacro %}{{ m(x) }}'\n",
            "template 'date.question.front': unknown variable 'hnt' (did you mean 'hint'?)",
        ),
        ("colour: red\n", "unknown template key 'colour'"),
        (
            "date.question.front: 3\n",
            "template 'date.question.front': expected text, got 3",
        ),
        ("- a list\n", "expected a mapping of template keys to texts"),
        (
            "date.cloze.text: '{{ event }} {{ when }}.'\n",
            "template 'date.cloze.text': a cloze text must mark its answer with hide(...)",
        ),
        (
            "date.question.front: '{{ hide(event) }}'\n",
            "template 'date.question.front': unknown variable 'hide'; "
            "hide() marks the answer in cloze texts only",
        ),
        (
            "date.question.front: '{{ event | zzz }}'\n",
            "template 'date.question.front': unknown filter 'zzz' (line 1 of the template)",
        ),
        (
            "date.question.front: '{{ event | numbr }}'\n",
            "template 'date.question.front': unknown filter 'numbr' (did you mean 'number'?) "
            "(line 1 of the template)",
        ),
    ],
)
def test_bad_templates_fail_on_load_naming_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    for _ in range(2):  # compiled templates are kept for the process; failures are not
        with pytest.raises(TemplateError) as caught:
            load_templates(tmp_path)
        assert str(caught.value) == f"{path}: {message}"


def test_invalid_yaml_names_the_place(tmp_path: Path) -> None:
    path = write(tmp_path, "date.question.front: [\n")
    with pytest.raises(TemplateError) as caught:
        load_templates(tmp_path)
    assert str(caught.value) == (
        f"{path}:2:1: not valid YAML: expected the node content, but found '<stream end>'"
    )


def test_every_unknown_key_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "date.questoin.front: x\nname.cloze.txt: y\n")
    with pytest.raises(TemplateError) as caught:
        load_templates(tmp_path)
    assert str(caught.value) == (
        f"{path}: unknown template key 'date.questoin.front' "
        "(did you mean 'date.question.front'?)\n"
        f"{path}: unknown template key 'name.cloze.txt' (did you mean 'name.cloze.text'?)"
    )


def test_every_broken_template_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "date.question.front: '{{ evnt }}'\nname.cloze.text: '{{ name }}'\n")
    with pytest.raises(TemplateError) as caught:
        load_templates(tmp_path)
    assert str(caught.value) == (
        f"{path}: template 'date.question.front': unknown variable 'evnt' (did you mean 'event'?)\n"
        f"{path}: template 'name.cloze.text': a cloze text must mark its answer with hide(...)"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "date.question.front: '{{ fact.evnt }}'\n",
            "DateFact has no field 'evnt' (did you mean 'event'?)",
        ),
        (
            "date.question.front: '{{ fact.__class__ }}'\n",
            "access to attribute '__class__' of 'DateFact' object is unsafe.",
        ),
        (
            "date.cloze.text: '{{ hide(event) }} {{ hide(when) }}'\n",
            "a cloze text must call hide() exactly once",
        ),
        (
            "date.cloze.text: '{% if false %}{{ hide(when) }}{% endif %}{{ event }}'\n",
            "a cloze text must call hide() exactly once",
        ),
        ("date.cloze.text: '{{ event }} {{ hide(\"\") }}.'\n", "hide() was given empty text"),
        ("date.question.front: '{% if false %}x{% endif %}'\n", "renders to empty text"),
        ("date.question.front: '{{ event + 1 }}'\n", 'can only concatenate str (not "int") to str'),
        ("date.question.front: '{{ 1 // 0 }}'\n", "integer division or modulo by zero"),
        (
            "date.question.front: '{% for i in range(10**9) %}{% endfor %}x'\n",
            "stopped: the template asks range() for more than 1,000 numbers",
        ),
        # Runaway templates stop at a bound, in one line, however they run away.
        (
            "date.question.front: '{% for i in range(1000) %}{% for j in range(1000) %}"
            "{% endfor %}{% endfor %}x'\n",
            "stopped: the template takes more than 10,000 steps (loop turns and calls)",
        ),
        (
            "date.question.front: '{{ lipsum(100000) }}'\n",
            "stopped: the template asks lipsum() for more than 5 paragraphs of 100 words",
        ),
        (
            "date.question.front: \"{{ 'x' * 10**10 }}\"\n",
            "stopped: the template repeats a str past 10,000 items",
        ),
        (
            "date.question.front: \"{{ 'x' * 9999 }}{{ 'y' * 9999 }}\"\n",
            "stopped: the template writes more than 10,000 characters",
        ),
        (
            'date.question.front: "{{ 10 ** 100000 }}"\n',
            "stopped: the template raises a number to a power too large to write",
        ),
        (
            "date.question.front: \"{{ 'x'.center(10**9) }}\"\n",
            "stopped: the template asks center() for a width over 10,000",
        ),
        (
            "date.question.front: \"{{ 'x' | center(10**9) }}\"\n",
            "stopped: the template asks center() for a width over 10,000",
        ),
        (
            'date.question.front: "{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}"\n',
            "stopped: the template nests calls more than 20 deep",
        ),
        (
            'date.question.front: "{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}'
            '{% endif %}{% endmacro %}{{ m(18) }}"\n',
            "stopped: the template takes more than 10,000 steps (loop turns and calls)",
        ),
        (
            "date.question.front: \"{{ '%99999999s' % 'x' }}\"\n",
            "stopped: the template formats a text wider than 10,000 characters",
        ),
        (
            "date.question.front: \"{{ '{:99999999}'.format('x') }}\"\n",
            "stopped: the template formats a text wider than 10,000 characters",
        ),
        (
            "date.question.front: \"{{ '%99999999s' | format('x') }}\"\n",
            "stopped: the template formats a text wider than 10,000 characters",
        ),
        (
            "date.question.front: \"{% set ns = namespace(x='x') %}{% for i in range(40) %}"
            '{% set ns.x = ns.x ~ ns.x %}{% endfor %}{{ ns.x }}"\n',
            "stopped: the template makes a str of more than 10,000 items",
        ),
    ],
)
def test_templates_that_fail_on_a_fact_name_the_key_and_the_fact(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, text)
    templates = load_templates(tmp_path)
    key = text.split(":", 1)[0]
    with pytest.raises(TemplateError) as caught:
        cards_for_fact(FACT, FACTS, templates)
    assert str(caught.value) == f"{path}: template '{key}': fact '{FACT.id}': {message}"


def test_templates_render_plain_text_not_html(tmp_path: Path) -> None:
    write(tmp_path, "date.question.front: '<i>{{ event }}</i> & more'\n")
    fact = DateFact(
        id="x",
        deck="D",
        sources=("s",),
        event="A <b>bold</b> & co",
        date=DateSpec.parse(2000),
        cards=(CardKind.QUESTION,),
    )
    (card,) = cards_for_fact(fact, FactBase((fact,), {}), load_templates(tmp_path))
    assert card.front == "<i>A <b>bold</b> & co</i> & more"


@pytest.mark.parametrize(
    ("quantity", "expected"),
    [
        (
            "the number of North Korean workers in Mongolia",
            "How many North Korean workers were in Mongolia",
        ),
        ("The number of cattle sent to North Korea", "How many cattle were sent to North Korea"),
        ("the number of people killed", "How many people were killed"),
        ("the number of skilled workers abroad", "How many skilled workers were abroad"),
        ("the number of North Koreans", "How many North Koreans were there"),
        (
            "the count of meetings held by late 2018",
            "How many meetings were held by late 2018",
        ),
        (
            "the number of trips by officials to North Korea in July 2013",
            "How many trips by officials to North Korea were there in July 2013",
        ),
        (
            "the number of North Koreans living or working in Mongolia",
            "How many North Koreans were living or working in Mongolia",
        ),
        (
            "the count of meetings that North Korea had joined by late 2018",
            "How many meetings that North Korea had joined were there by late 2018",
        ),
        ("the number of mining firms in Mongolia", "How many mining firms were in Mongolia"),
        ("the number of workers in the 1990s", "How many workers were there in the 1990s"),
        ("the count of Kim Il-sung's visits to Mongolia", ""),
        (
            "the number of workers in North Korea's mines",
            "How many workers were in North Korea's mines",
        ),
        (
            "the number of tourists who came from China",
            "How many tourists came from China",
        ),
        ("HB Oil's stake in the Sungri refinery operator", ""),
        ("the amount of coal exported", ""),
    ],
)
def test_how_many(quantity: str, expected: str) -> None:
    assert how_many(quantity) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Treaty of Friendship", "the "),
        ("the rail transit agreement", ""),
        ("The Ulaanbaatar Declaration", ""),
        ("a memorandum on labour", ""),
        ("An accord", ""),
        ("Theory Pact", "the "),
    ],
)
def test_article(title: str, expected: str) -> None:
    assert article(title) == expected


FACTS_BY_TYPE: dict[FactType, AnyFact] = {
    FactType.DATE: FACT,
    FactType.NAME: NameFact(
        id="n", deck="D", sources=("s",), name="Rason", description="a zone", kind=NameKind.PLACE
    ),
    FactType.FIGURE: FigureFact(
        id="f", deck="D", sources=("s",), value=FigureValue(1, 2), unit="u", quantity="q"
    ),
    FactType.AGREEMENT: AgreementFact(
        id="a",
        deck="D",
        sources=("s",),
        title="Pact",
        parties=("A", "B"),
        date=DateSpec.parse(2002),
        summary="ended it",
    ),
}


@pytest.mark.parametrize("fact_type", list(FactType))
def test_every_documented_variable_is_provided(tmp_path: Path, fact_type: FactType) -> None:
    kind = CARD_KINDS[fact_type][0]
    key = template_keys(fact_type, kind)[0]
    names = VARIABLES[fact_type]
    write(tmp_path, f"{key}: '{{{{ [{', '.join(names)}] | length }}}}'\n")
    fact = FACTS_BY_TYPE[fact_type]
    cards = cards_for_fact(fact, FactBase((fact,), {}), load_templates(tmp_path))
    assert cards[0].front == str(len(names))


@pytest.mark.parametrize(
    "text",
    [
        "{{ when }}",
        "Name {{ event }}.",
        "{{ event }} ({{ year }}, {{ hint }})",
        "Plain words.",
        "",
        "Braces } and {stay} as typed, {{ event }}",
        "{{ approximate }} {{ interval }} {{ kinds }} {{ precision }}",
    ],
)
def test_a_template_of_text_and_variables_prints_what_jinja_prints(
    tmp_path: Path, text: str
) -> None:
    write(tmp_path, f"date.question.front: {text!r}\n")
    variables = {
        "when": "in 1948",
        "event": "Mongolia recognized",
        "year": 1948,
        "hint": None,
        "approximate": True,
        "interval": 1.5,
        "kinds": ["question", "cloze"],
        "precision": CardKind.CLOZE,
    }
    printed = load_templates(tmp_path).render("date.question.front", variables)
    assert printed == jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(text).render(
        variables
    )


def test_a_printed_variable_past_the_bound_stops_the_template(tmp_path: Path) -> None:
    write(tmp_path, "date.question.front: 'Name {{ event }}.'\n")
    with pytest.raises(TemplateError, match="stopped: the template writes more than 10,000"):
        load_templates(tmp_path).render("date.question.front", {"event": "x" * 10_000})
