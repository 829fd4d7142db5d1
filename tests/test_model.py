"""Tests of the fact model's value objects."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizgen.model.dates import Day
from quizgen.model.facts import AgreementFact, CardKind, DateSpec, PartialDate, Precision


@pytest.mark.parametrize(
    ("raw", "iso", "precision"),
    [
        (1948, "1948", Precision.YEAR),
        ("2013-10", "2013-10", Precision.MONTH),
        (dt.date(2014, 5, 21), "2014-05-21", Precision.DAY),
        ("2014-5-21", "2014-05-21", Precision.DAY),
    ],
)
def test_date_spec_keeps_the_precision_written(raw: object, iso: str, precision: Precision) -> None:
    spec = DateSpec.parse(raw)
    assert spec.iso() == iso
    assert spec.start.precision is precision


def test_interval_parses_both_ends() -> None:
    spec = DateSpec.parse("2009/2017")
    assert spec.is_interval
    assert spec.end == PartialDate(2017)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2013-13-45", "month 13 is not between 1 and 12"),
        ("2013-02-30", "day 30 does not exist in February 2013"),
        ("twenty", "'twenty' is not a date (YYYY, YYYY-MM, YYYY-MM-DD or 450 BC)"),
        ("2017/2009", "interval ends (2009) before it starts (2017)"),
        (True, "expected a date, got True"),
    ],
)
def test_impossible_dates_are_refused(raw: object, message: str) -> None:
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        DateSpec.parse(raw)


def _agreement(**fields: object) -> AgreementFact:
    return AgreementFact(
        id="deal",
        deck="D",
        sources=("s",),
        title="deal",
        parties=("A", "B"),
        summary="did something",
        **fields,  # type: ignore[arg-type]
    )


def test_an_agreement_is_signed_unless_it_says_otherwise() -> None:
    assert _agreement().signed
    assert not _agreement(signed=False).signed


def test_an_agreement_without_a_date_asks_no_when() -> None:
    assert _agreement().card_kinds == (CardKind.WHICH,)
    dated = _agreement(date=DateSpec.parse(2002))
    assert dated.card_kinds == (CardKind.WHICH, CardKind.WHEN)


def test_a_when_card_needs_a_date() -> None:
    with pytest.raises(ValueError, match="a 'when' card needs the agreement's date"):
        _agreement(cards=(CardKind.WHEN,))


@given(st.integers(min_value=-3_650_000, max_value=3_650_000))
def test_day_numbers_and_days_go_both_ways(number: int) -> None:
    day = Day.fromordinal(number)
    assert day.year != 0
    assert day.toordinal() == number
    assert Day.fromordinal(number + 1) > day  # calendar order is number order, BC included


def test_bc_days_count_on_from_the_common_era() -> None:
    assert Day(1, 1, 1).toordinal() == 1
    assert Day(-1, 12, 31).toordinal() == 0
    assert Day(-1, 1, 1).toordinal() == -365  # 1 BC is a leap year in the proleptic calendar
    assert PartialDate(-450).first_day() == Day(-450, 1, 1)
    assert PartialDate(-450).last_day() == Day(-450, 12, 31)
    assert PartialDate(-450) < PartialDate(-449) < PartialDate(1)
