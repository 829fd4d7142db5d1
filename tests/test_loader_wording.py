"""Tests of the fields that shape a fact's cards: its own wording per card kind, a figure that
still holds, an agreement of one collective party, and numbers written with an exponent."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import LANDING_FIELDS, fact_file_yaml, fact_yaml, write_fact_folder

from quizgen.errors import FactError, Location
from quizgen.factfiles.loader import load_fact_base
from quizgen.model.facts import AgreementFact, CardKind, FigureFact, Wording

AREA_FIELDS = {
    "id": "moon-area",
    "type": "figure",
    "value": "37.9",
    "unit": "million square kilometres",
    "quantity": "the surface area of the Moon",
    "sources": "[nasa]",
}

COMSAT_FIELDS = {
    "id": "comsat-agreements",
    "type": "agreement",
    "title": "the Intelsat interim agreements",
    "parties": "[UN member states]",
    "summary": "set up a global satellite network",
    "sources": "[nasa]",
}


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in a temporary folder so that paths print as `facts/...`."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def load_one(root: Path, fields: dict[str, str]) -> object:
    """Write one fact and return it loaded."""
    text = fact_file_yaml(fact_yaml(**fields))
    (fact,) = load_fact_base(write_fact_folder(root / "facts", {"a.yaml": text})).facts
    return fact


def problems_for(root: Path, fields: dict[str, str]) -> list[str]:
    """Write one fact and return the problems it gives."""
    text = fact_file_yaml(fact_yaml(**fields))
    with pytest.raises(FactError) as caught:
        load_fact_base(write_fact_folder(root / "facts", {"a.yaml": text}))
    return [str(problem) for problem in caught.value.problems]


def test_a_figure_that_still_holds_is_current(in_tmp: Path) -> None:
    fact = load_one(in_tmp, AREA_FIELDS | {"current": "true"})
    assert isinstance(fact, FigureFact)
    assert fact.current is True
    assert isinstance(load_one(in_tmp, AREA_FIELDS), FigureFact)
    assert load_one(in_tmp, AREA_FIELDS).current is False  # type: ignore[attr-defined]


def test_current_belongs_to_figures_only(in_tmp: Path) -> None:
    assert problems_for(in_tmp, LANDING_FIELDS | {"current": "true"}) == [
        "facts/a.yaml:8:5: fact 'moon-landing': key 'current' does not belong in a date fact"
    ]
    assert problems_for(in_tmp, COMSAT_FIELDS | {"current": "true"}) == [
        "facts/a.yaml:9:5: fact 'comsat-agreements': key 'current' does not belong in an "
        "agreement fact"
    ]


def test_an_agreement_of_one_collective_party_loads(in_tmp: Path) -> None:
    fact = load_one(in_tmp, COMSAT_FIELDS)
    assert isinstance(fact, AgreementFact)
    assert fact.parties == ("UN member states",)


@pytest.mark.parametrize(
    ("written", "value"), [("1.2e6", 1_200_000), ("3E9", 3_000_000_000), ("2.5e-3", 0.0025)]
)
def test_a_number_with_an_exponent_is_a_number(in_tmp: Path, written: str, value: float) -> None:
    fact = load_one(in_tmp, AREA_FIELDS | {"value": written})
    assert isinstance(fact, FigureFact)
    assert fact.value.low == value == fact.value.high
    assert type(fact.value.low) is type(value)


def test_wording_per_card_kind_loads_with_its_place(in_tmp: Path) -> None:
    wording = (
        "\n      question: {front: 'What is the surface area of the Moon?', back: '{{ amount }}'}"
        "\n      cloze: {text: 'The Moon has hide({{ amount }}) of surface.'}"
    )
    fact = load_one(in_tmp, AREA_FIELDS | {"wording": wording, "cards": "[question, cloze]"})
    assert isinstance(fact, FigureFact)
    assert fact.wording == {
        CardKind.QUESTION: Wording("What is the surface area of the Moon?", "{{ amount }}"),
        CardKind.CLOZE: Wording("The Moon has hide({{ amount }}) of surface."),
    }
    assert fact.wording[CardKind.QUESTION].location == Location("facts/a.yaml", 10, 17)
    assert load_one(in_tmp, AREA_FIELDS).wording == {}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("wording", "problem"),
    [
        pytest.param(
            "\n      when: {front: 'When did it land?'}",
            "facts/a.yaml:9:7: fact 'moon-landing': field 'wording': 'when' is not a card kind "
            "of date facts; they make: question, reverse, cloze",
            id="kind-of-another-type",
        ),
        pytest.param(
            "\n      qestion: {front: 'When did it land?'}",
            "facts/a.yaml:9:7: fact 'moon-landing': field 'wording': 'qestion' is not a card "
            "kind of date facts (did you mean 'question'?); they make: question, reverse, cloze",
            id="misspelt-kind",
        ),
        pytest.param(
            "\n      question: {front: 'When did it land?', answer: '{{ date }}'}",
            "facts/a.yaml:9:46: fact 'moon-landing': field 'wording' kind 'question': 'answer' "
            "is not one of front, back",
            id="unknown-part",
        ),
        pytest.param(
            "\n      cloze: {front: 'hide({{ event }})'}",
            "facts/a.yaml:9:15: fact 'moon-landing': field 'wording' kind 'cloze': 'front' is "
            "not one of text",
            id="cloze-has-text",
        ),
        pytest.param(
            "\n      question: 'When did it land?'",
            "facts/a.yaml:9:17: fact 'moon-landing': field 'wording' kind 'question': expected "
            "a mapping with front and/or back, got 'When did it land?'",
            id="not-a-mapping",
        ),
        pytest.param(
            "\n      question: {front: ''}",
            "facts/a.yaml:9:25: fact 'moon-landing': field 'wording.question.front' is empty",
            id="empty-front",
        ),
        pytest.param(
            "[question]",
            "facts/a.yaml:8:14: fact 'moon-landing': field 'wording': expected a mapping of "
            "card kinds, got a list",
            id="a-list",
        ),
    ],
)
def test_wording_that_cannot_be_used_names_file_line_fact_and_kind(
    in_tmp: Path, wording: str, problem: str
) -> None:
    fields = LANDING_FIELDS | {"wording": wording, "cards": "[question, reverse, cloze]"}
    assert problems_for(in_tmp, fields) == [problem]


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        pytest.param(
            AREA_FIELDS | {"wording": "{cloze: {text: 'There were {{ amout }} things.'}}"},
            "facts/a.yaml:9:15: fact 'moon-area': 'cloze' wording is never used: the fact does "
            "not make a cloze card; add 'cards: [question, cloze]', or drop the wording",
            id="not-a-default-kind",
        ),
        pytest.param(
            LANDING_FIELDS
            | {"cards": "[question]", "wording": "{reverse: {front: 'In {{ when }}'}}"},
            "facts/a.yaml:9:15: fact 'moon-landing': 'reverse' wording is never used: the fact "
            "does not make a reverse card; add reverse to 'cards', or drop the wording",
            id="not-in-cards",
        ),
        pytest.param(
            COMSAT_FIELDS | {"wording": "{when: {front: 'When was it agreed?'}}"},
            "facts/a.yaml:9:15: fact 'comsat-agreements': 'when' wording is never used: an "
            "agreement without a date makes no when card; add its date, or drop the wording",
            id="when-without-date",
        ),
    ],
)
def test_wording_for_a_kind_the_fact_does_not_make_is_an_error(
    in_tmp: Path, fields: dict[str, str], problem: str
) -> None:
    assert problems_for(in_tmp, fields) == [problem]


def test_wording_for_a_kind_made_by_default_loads(in_tmp: Path) -> None:
    fact = load_one(in_tmp, COMSAT_FIELDS | {"date": "1964", "wording": "{when: {front: 'Year?'}}"})
    assert isinstance(fact, AgreementFact)
    assert list(fact.wording) == [CardKind.WHEN]
