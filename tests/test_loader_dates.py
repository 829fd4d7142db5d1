"""Tests of dates as people write them in fact files: BC years, and the common forms quizgen
does not read, each answered with exactly what to write instead."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import LANDING_FIELDS, fact_file_yaml, fact_yaml, write_fact_folder

from quizgen.errors import FactError
from quizgen.factfiles.loader import load_fact_base
from quizgen.language.english import format_date_spec, format_when
from quizgen.model.dates import DateSpec, PartialDate
from quizgen.model.facts import DateFact


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in a temporary folder so that paths print as `facts/...`."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def load_dates(root: Path, *dates: str, approximate: bool = False) -> list[DateFact]:
    """Write one date fact per date and return the facts loaded."""
    entries = [
        fact_yaml(
            **(
                LANDING_FIELDS
                | {"id": f"fact-{n}", "date": date}
                | ({"approximate": "true"} if approximate else {})
            )
        )
        for n, date in enumerate(dates)
    ]
    base = load_fact_base(write_fact_folder(root / "facts", {"a.yaml": fact_file_yaml(*entries)}))
    facts = [fact for fact in base if isinstance(fact, DateFact)]
    assert len(facts) == len(dates)
    return facts


def problem_for(root: Path, date: str) -> str:
    """Return the one problem a date fact written with `date` gives."""
    text = fact_file_yaml(fact_yaml(**(LANDING_FIELDS | {"date": date})))
    with pytest.raises(FactError) as caught:
        load_fact_base(write_fact_folder(root / "facts", {"a.yaml": text}))
    (problem,) = caught.value.problems
    return str(problem)


@pytest.mark.parametrize(
    ("written", "year", "when", "around"),
    [
        ("-450", -450, "in 450 BC", "around 450 BC"),
        ("450 BC", -450, "in 450 BC", "around 450 BC"),
        ("450 BCE", -450, "in 450 BC", "around 450 BC"),
        ("'44 bc'", -44, "in 44 BC", "around 44 BC"),
        ("'0450'", 450, "in 450", "around 450"),
    ],
)
def test_bc_years_load_and_read(
    in_tmp: Path, written: str, year: int, when: str, around: str
) -> None:
    (fact,) = load_dates(in_tmp, written)
    assert fact.date == DateSpec(PartialDate(year))
    assert format_when(fact.date) == when
    assert format_when(fact.date, approximate=True) == around


@pytest.mark.parametrize(
    ("written", "between", "span"),
    [
        ("-500/-450", "between 500 and 450 BC", "500 to 450 BC"),
        ("500 BC/450 BC", "between 500 and 450 BC", "500 to 450 BC"),
        ("-30/0014", "between 30 BC and AD 14", "30 BC to AD 14"),
    ],
)
def test_bc_intervals_read_with_one_era(
    in_tmp: Path, written: str, between: str, span: str
) -> None:
    (fact,) = load_dates(in_tmp, written)
    assert format_when(fact.date) == between
    assert format_date_spec(fact.date) == span


def test_bc_dates_sort_before_ad_dates_and_in_time_order(in_tmp: Path) -> None:
    facts = load_dates(in_tmp, "1969", "-450", "-30/0014", "0014", "-500", "1 BC")
    ordered = sorted(facts, key=lambda fact: fact.date.start.first_day())
    assert [fact.date.iso() for fact in ordered] == [
        "-500",
        "-450",
        "-30/0014",
        "-1",
        "0014",
        "1969",
    ]
    assert PartialDate(-1).last_day().toordinal() + 1 == PartialDate(1).first_day().toordinal()


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("-500/-550", "interval ends (550 BC) before it starts (500 BC)"),
        ("-450-03", "'-450-03' is not a date (YYYY, YYYY-MM, YYYY-MM-DD or 450 BC)"),
        (
            "450",
            "'450' is not a date: write a year with four digits (0450), or 450 BC for a year "
            "before the common era",
        ),
    ],
)
def test_bc_dates_written_wrong(in_tmp: Path, written: str, message: str) -> None:
    assert problem_for(in_tmp, written) == (
        f"facts/a.yaml:6:11: fact 'moon-landing': field 'date': {message}"
    )


@pytest.mark.parametrize(
    ("written", "advice"),
    [
        ("July 1969", "write 'July 1969' as 1969-07"),
        ("September 12, 1962", "write 'September 12, 1962' as 1962-09-12"),
        ("12 September 1962", "write '12 September 1962' as 1962-09-12"),
        ("Sept 12th 1962", "write 'Sept 12th 1962' as 1962-09-12"),
        ("1969/07/20", "write '1969/07/20' as 1969-07-20"),
        ("1969.07.20", "write '1969.07.20' as 1969-07-20"),
        ("1961-1972", "write '1961-1972' as 1961/1972"),
        ("1960s", "write '1960s' as 1960/1969"),
        ("7-19 December 1972", "write '7-19 December 1972' as 1972-12-07/1972-12-19"),
        ("05/06/1962", "write '05/06/1962' as 1962-06-05 or 1962-05-06, whichever is meant"),
        ("circa 1950", "write 'circa 1950' as 1950, with approximate: true"),
        ("around 450 BC", "write 'around 450 BC' as -450, with approximate: true"),
    ],
)
def test_common_date_forms_say_exactly_what_to_write(
    in_tmp: Path, written: str, advice: str
) -> None:
    assert problem_for(in_tmp, written) == (
        f"facts/a.yaml:6:11: fact 'moon-landing': field 'date': {advice}"
    )


def test_a_date_that_cannot_be_read_at_all_says_which_forms_work(in_tmp: Path) -> None:
    assert problem_for(in_tmp, "the summer after") == (
        "facts/a.yaml:6:11: fact 'moon-landing': field 'date': 'the summer after' is not a "
        "date (YYYY, YYYY-MM, YYYY-MM-DD or 450 BC)"
    )
