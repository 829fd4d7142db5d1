"""Tests of reading numbers and dates as people type them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.language.english import (
    format_date,
    format_date_spec,
    format_number,
    format_number_range,
)
from quizgen.language.fold import fold, slugify
from quizgen.language.typed_dates import parse_date, parse_dates
from quizgen.language.typed_numbers import parse_number
from quizgen.model.facts import DateSpec, FigureValue, PartialDate


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("225000", 225000, 225000),
        ("225,000", 225000, 225000),
        ("225 000", 225000, 225000),
        ("225 thousand", 225000, 225000),
        ("225k", 225000, 225000),
        ("2.5 million", 2_500_000, 2_500_000),
        ("2,5 million", 2_500_000, 2_500_000),
        ("2.5m", 2_500_000, 2_500_000),
        ("1.2bn", 1_200_000_000, 1_200_000_000),
        ("two million", 2_000_000, 2_000_000),
        ("a million", 1_000_000, 1_000_000),
        ("half a million", 500_000, 500_000),
        ("two and a half million", 2_500_000, 2_500_000),
        ("twenty-five", 25, 25),
        ("forty two", 42, 42),
        ("two hundred and twenty-five thousand", 225000, 225000),
        ("three dozen", 36, 36),
        ("a quarter of a million", 250_000, 250_000),
        ("a hundred thousand", 100_000, 100_000),
        ("3 million 200 thousand", 3_200_000, 3_200_000),
        ("one and a half million", 1_500_000, 1_500_000),
        ("1,749", 1749, 1749),
        ("1749", 1749, 1749),
        ("1.234.567", 1234567, 1234567),
        ("0.5", 0.5, 0.5),
        ("20%", 20, 20),
        ("20 percent", 20, 20),
        ("about 5,300 workers", 5300, 5300),
        ("30-40 thousand", 30000, 40000),
        ("30–40 thousand", 30000, 40000),
        ("30 to 40 thousand", 30000, 40000),
        ("between 30 and 40 thousand", 30000, 40000),
        ("30,000-40,000", 30000, 40000),
        ("500,000 to 2 million", 500_000, 2_000_000),
        ("40 to 30", 30, 40),
        ("between twenty and thirty", 20, 30),
    ],
)
def test_numbers_are_read_in_any_common_form(text: str, low: float, high: float) -> None:
    assert parse_number(text) == FigureValue(low, high)


@pytest.mark.parametrize("text", ["", "many", "some workers", "-", "thousand"])
def test_text_without_a_number_reads_as_none(text: str) -> None:
    assert parse_number(text) is None


def test_m_after_a_length_is_metres_not_million() -> None:
    assert parse_number("330m", unit="metres") == FigureValue(330, 330)
    assert parse_number("330m", unit="dollars") == FigureValue(330_000_000, 330_000_000)


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("1948", ["1948"]),
        ("October 2013", ["2013-10"]),
        ("Oct 2013", ["2013-10"]),
        ("oct. 2013", ["2013-10"]),
        ("Sept 2013", ["2013-09"]),
        ("2013-10", ["2013-10"]),
        ("2013/10", ["2013-10"]),
        ("10/2013", ["2013-10"]),
        ("2013 October", ["2013-10"]),
        ("in October 2013", ["2013-10"]),
        ("21 May 2014", ["2014-05-21"]),
        ("May 21, 2014", ["2014-05-21"]),
        ("May 21st, 2014", ["2014-05-21"]),
        ("the 21st of May, 2014", ["2014-05-21"]),
        ("21/5/2014", ["2014-05-21"]),
        ("21.05.2014", ["2014-05-21"]),
        ("2014-05-21", ["2014-05-21"]),
        ("5/10/2014", ["2014-10-05", "2014-05-10"]),
        ("c. 1948", ["1948"]),
        ("around 1999", ["1999"]),
        ("21 Mai 2014", []),
        ("2009-2017", ["2009/2017"]),
        ("Dec 7-19, 1972", ["1972-12-07/1972-12-19"]),
        ("December 7 - 19 1972", ["1972-12-07/1972-12-19"]),
        ("1961-72", ["1961/1972"]),
        ("the 1960s", ["1960/1969"]),
        ("1960's", ["1960/1969"]),
        ("early 1990s", ["1990/1999"]),
        ("1961-62", ["1961/1962"]),
        ("2013-12", ["2013-12"]),
        ("450 BC", ["-450"]),
        ("450 bce", ["-450"]),
        ("450 B.C.", ["-450"]),
        ("-450", ["-450"]),
        ("around 450 BC", ["-450"]),
        ("between 500 and 450 BC", ["-500/-450"]),
        ("500 to 450 bc", ["-500/-450"]),
        ("30 BC to AD 14", ["-30/0014"]),
        ("30 BC-AD 14", ["-30/0014"]),
        ("30 BC – AD 14", ["-30/0014"]),
        ("between 30 BC and 14 AD", ["-30/0014"]),
        ("AD 14", ["0014"]),
        ("in AD 868", ["0868"]),
        ("1455 AD", ["1455"]),
        ("14 CE", ["0014"]),
        ("2009–2017", ["2009/2017"]),
        ("2009/2017", ["2009/2017"]),
        ("2009 to 2017", ["2009/2017"]),
        ("from 2009 until 2017", ["2009/2017"]),
        ("between 2009 and 2017", ["2009/2017"]),
        ("May to June 2014", ["2014-05/2014-06"]),
        ("21-25 May 2014", ["2014-05-21/2014-05-25"]),
        ("21 to 25 May 2014", ["2014-05-21/2014-05-25"]),
        ("October 2013 - March 2014", ["2013-10/2014-03"]),
        ("2017 to 2009", ["2009/2017"]),
        ("31/2/2014", []),
        ("13/13/2014", []),
        ("Pyongyang", []),
        ("", []),
        ("May", []),
    ],
)
def test_dates_are_read_in_any_common_form(text: str, readings: list[str]) -> None:
    assert [spec.iso() for spec in parse_dates(text)] == readings


def test_parse_date_gives_the_first_reading_or_none() -> None:
    first = parse_date("5/10/2014")
    assert first is not None
    assert first.iso() == "2014-10-05"
    assert parse_date("never") is None


def test_fold_drops_accents_and_case() -> None:
    assert fold("Khürelsükh ØSTERGÅRD") == "khurelsukh ostergard"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("McCullough 1977", "mccullough-1977"),
        ("Recognition_1948", "recognition-1948"),
        ("  Khürelsükh — Ørsted  ", "khurelsukh-orsted"),
        ("../../etc/passwd", "etc-passwd"),
        ("a--b", "a-b"),
        ("already-a-slug", "already-a-slug"),
        ("北京", ""),
    ],
)
def test_slugify_makes_the_id_a_person_meant(text: str, slug: str) -> None:
    assert slugify(text) == slug


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=50))
def test_any_text_parses_without_raising(text: str) -> None:
    parse_number(text)
    parse_dates(text)


@settings(max_examples=200, deadline=None)
@given(
    st.from_regex(
        r"(\d{1,4}[ ,./\-]?){1,4}( ?(thousand|million|k|m|bn|to|and|-|may|oct|st|th))*",
        fullmatch=True,
    )
)
def test_number_shaped_text_parses_without_raising(text: str) -> None:
    parse_number(text)
    parse_dates(text)


@st.composite
def _partial_dates(draw: st.DrawFn) -> PartialDate:
    year = draw(st.integers(100, 9999))  # a bare "12" reads as a day, not a year
    month = draw(st.none() | st.integers(1, 12))
    day = None if month is None else draw(st.none() | st.integers(1, 28))
    return PartialDate(year, month, day)


@settings(max_examples=300, deadline=None)
@given(_partial_dates(), _partial_dates())
def test_dates_as_the_cards_write_them_read_back(first: PartialDate, second: PartialDate) -> None:
    assert parse_dates(format_date(first)) == (DateSpec(first),)
    low, high = sorted((first, second), key=lambda d: (d.first_day(), d.last_day()))
    if low.last_day() <= high.first_day() and low != high:
        spec = DateSpec(low, high)
        assert spec in parse_dates(format_date_spec(spec))


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 10**13)
    | st.decimals(0, 10**6, places=2, allow_nan=False, allow_infinity=False).map(float)
)
def test_numbers_as_the_cards_write_them_read_back(value: float) -> None:
    assert parse_number(format_number(value)) == FigureValue(value, value)
    high = round(value * 2 + 1, 2)
    assert parse_number(format_number_range(value, high)) == FigureValue(value, high)
