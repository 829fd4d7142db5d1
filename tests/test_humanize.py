"""Human-readable dates, numbers, figures and lists."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizgen.language.english import (
    format_amount,
    format_date,
    format_date_spec,
    format_figure,
    format_number,
    format_number_range,
    format_when,
    join_list,
)
from quizgen.model.facts import DateSpec, FigureValue, Number, PartialDate


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (7, "7"),
        (500, "500"),
        (1749, "1,749"),
        (225000, "225,000"),
        (-1500, "-1,500"),
        (2.0, "2"),
        (1.5, "1.5"),
        (1234.5, "1,234.5"),
        (0.25, "0.25"),
        (999_999, "999,999"),
        (1_000_000, "1 million"),
        (2_000_000, "2 million"),
        (2_500_000, "2.5 million"),
        (2_250_000, "2.25 million"),
        (1_749_312, "1,749,312"),
        (3_000_000_000, "3 billion"),
        (1.2e9, "1.2 billion"),
        (float("inf"), "inf"),
        (1e-7, "0.0000001"),
    ],
)
def test_format_number(value: Number, expected: str) -> None:
    assert format_number(value) == expected


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (30000, 40000, "30,000 to 40,000"),
        (500, 500, "500"),
        (2_000_000, 3_000_000, "2 to 3 million"),
        (500_000, 2_000_000, "500,000 to 2 million"),
        (1.5, 2.0, "1.5 to 2"),
    ],
)
def test_format_number_range(low: Number, high: Number, expected: str) -> None:
    assert format_number_range(low, high) == expected


@pytest.mark.parametrize(
    ("value", "unit", "approximate", "expected"),
    [
        (FigureValue(500, 500), "workers", True, "about 500 workers"),
        (FigureValue(225000, 225000), "head of cattle", False, "225,000 head of cattle"),
        (FigureValue(20, 20), "percent", False, "20 percent"),
        (FigureValue(15, 15), "%", False, "15%"),
        (FigureValue(30000, 40000), "people", False, "30,000 to 40,000 people"),
        (FigureValue(30000, 40000), "people", True, "about 30,000 to 40,000 people"),
        (FigureValue(2000, 2000), "", True, "about 2,000"),
        (FigureValue(1.5, 1.5), " tons a year ", False, "1.5 tons a year"),
    ],
)
def test_format_figure(value: FigureValue, unit: str, approximate: bool, expected: str) -> None:
    assert format_figure(value, unit, approximate=approximate) == expected


def test_format_amount_leaves_out_the_unit() -> None:
    assert format_amount(FigureValue(2000, 2000), approximate=True) == "about 2,000"


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (PartialDate(1948), "1948"),
        (PartialDate(2013, 10), "October 2013"),
        (PartialDate(2014, 5, 21), "21 May 2014"),
        (PartialDate(2013, 1, 1), "1 January 2013"),
        (PartialDate(2012, 12), "December 2012"),
    ],
)
def test_format_date(date: PartialDate, expected: str) -> None:
    assert format_date(date) == expected


@pytest.mark.parametrize(
    ("text", "approximate", "when", "date_text"),
    [
        ("1948", False, "in 1948", "1948"),
        ("2013-10", False, "in October 2013", "October 2013"),
        ("2014-05-21", False, "on 21 May 2014", "21 May 2014"),
        ("2015", True, "around 2015", "2015"),
        ("2014-05-21", True, "around 21 May 2014", "21 May 2014"),
        ("2009/2017", False, "between 2009 and 2017", "2009 to 2017"),
        ("2009/2017", True, "roughly between 2009 and 2017", "2009 to 2017"),
        ("2012-03/2012-12", False, "between March and December 2012", "March to December 2012"),
        ("2012-03/2013-05", False, "between March 2012 and May 2013", "March 2012 to May 2013"),
        ("2014-05-03/2014-05-09", False, "between 3 and 9 May 2014", "3 to 9 May 2014"),
        ("2014-05-21/2014-06-03", False, "between 21 May and 3 June 2014", "21 May to 3 June 2014"),
        ("2009/2012-03", False, "between 2009 and March 2012", "2009 to March 2012"),
        ("2013/2013", False, "in 2013", "2013"),
    ],
)
def test_format_when_and_date_text(text: str, approximate: bool, when: str, date_text: str) -> None:
    spec = DateSpec.parse(text)
    assert format_when(spec, approximate=approximate) == when
    assert format_date_spec(spec) == date_text


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], ""),
        (["Mongolia"], "Mongolia"),
        (["Mongolia", "North Korea"], "Mongolia and North Korea"),
        (["Mongolia", "China", "Russia"], "Mongolia, China and Russia"),
        (["A", "B", "C", "D"], "A, B, C and D"),
        (["A", "", "B"], "A and B"),
    ],
)
def test_join_list(items: list[str], expected: str) -> None:
    assert join_list(items) == expected


_SCALE = {"million": 10**6, "billion": 10**9}


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_format_number_reads_back_to_the_number(value: int) -> None:
    text = format_number(value)
    amount, _, scale = text.partition(" ")
    assert Decimal(amount.replace(",", "")) * _SCALE.get(scale, 1) == value
    assert re.fullmatch(r"-?\d{1,3}(,\d{3})*(\.\d+)?( million| billion)?", text)
