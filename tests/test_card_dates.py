"""Date context: a "What happened <date>?" card says what else it needs to have one answer."""

from __future__ import annotations

import dataclasses

import pytest
from factories import FORUM, SOURCES, VISIT, shared_date
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.cards.render import card_refs, cards_for_fact, generate_cards, render_cards
from quizgen.cards.templates import Templates, load_templates
from quizgen.model.facts import CardKind, DateFact, DateSpec, FactBase

SHIPPED = load_templates()


@pytest.fixture(scope="module")
def templates() -> Templates:
    return SHIPPED


@pytest.mark.parametrize(
    ("others", "front"),
    [
        ([], "What happened in July 2013?"),
        # Under another topic: the label every front shows tells the facts apart.
        (
            [shared_date("A ship docked at Rajin", "Mongolia::Trade", "ship")],
            "What happened in July 2013?",
        ),
        (
            [shared_date("A ship docked at Rajin", "Korea::Economy", "ship")],
            "What happened in July 2013?",
        ),
        (
            [shared_date("HB Oil sold its stake", "Mongolia::Economy", "sold")],
            "What happened in July 2013? (“HB Oil bought …”)",
        ),
    ],
)
def test_reverse_card_adds_context_when_a_date_is_shared_under_its_topic(
    others: list[DateFact], front: str, templates: Templates
) -> None:
    fact = shared_date("HB Oil bought a stake in the Sungri refinery", "Mongolia::Economy", "hb")
    facts = FactBase((fact, *others), SOURCES)
    made = next(c for c in cards_for_fact(fact, facts, templates) if c.kind is CardKind.REVERSE)
    assert made.front == front


def reverse_front(fact: DateFact, facts: FactBase) -> str:
    return next(c.front for c in cards_for_fact(fact, facts, SHIPPED) if c.kind is CardKind.REVERSE)


def test_a_date_that_contains_another_gets_context() -> None:
    month = shared_date("Mongolia and Japan talked", "Mongolia::Economy", "month")
    day = dataclasses.replace(
        shared_date("A forum met", "Mongolia::Economy", "day"), date=DateSpec.parse("2013-07-30")
    )
    facts = FactBase((month, day), SOURCES)
    assert reverse_front(month, facts) == "What happened in July 2013? (“Mongolia …”)"
    assert reverse_front(day, facts) == "What happened on 30 July 2013?"


def test_an_interval_fits_the_dates_inside_it_but_not_the_other_way() -> None:
    """ "What happened between 1961 and 1972?" has as many answers as facts inside it."""
    span = dataclasses.replace(
        shared_date("The Apollo programme ran", "Moon::Apollo", "span"),
        date=DateSpec.parse("1961/1972"),
    )
    inside = dataclasses.replace(
        shared_date("Apollo 11 landed on the Moon", "Moon::Apollo", "inside"),
        date=DateSpec.parse("1969-07"),
    )
    facts = FactBase((span, inside), SOURCES)
    assert reverse_front(span, facts) == "What happened between 1961 and 1972? (“The Apollo …”)"
    assert reverse_front(inside, facts) == "What happened in July 1969?"


dates = st.sampled_from(
    ["2013", "2013-07", "2013-07-30", "2013-08", "2013-07-01", "2012/2014", "2013/2013", "2014"]
)


@settings(max_examples=200)
@given(written=st.lists(dates, min_size=1, max_size=8))
def test_the_date_index_finds_the_facts_a_date_also_fits(written: list[str]) -> None:
    from quizgen.cards.dates import DateIndex, last_day

    facts = [
        dataclasses.replace(
            shared_date(f"Event {number}", "Deck", f"f{number}"), date=DateSpec.parse(text)
        )
        for number, text in enumerate(written)
    ]
    index = DateIndex(FactBase(tuple(facts), SOURCES))
    for fact in facts:
        first, last = fact.date.start.first_day(), last_day(fact.date)
        expected = [
            other.id
            for other in facts
            if other.id != fact.id
            and (
                other.date == fact.date
                or (first <= other.date.start.first_day() and last_day(other.date) <= last)
            )
        ]
        assert sorted(other.id for other in index.rivals(fact)) == sorted(expected)


def test_a_hint_replaces_the_context(templates: Templates) -> None:
    fact = dataclasses.replace(VISIT, hint="a visit")
    other = dataclasses.replace(FORUM, deck="Japan::Economy")
    facts = FactBase((fact, other), SOURCES)
    made = next(c for c in cards_for_fact(fact, facts, templates) if c.kind is CardKind.REVERSE)
    assert made.front == "What happened in October 2013? (a visit)"


def test_a_fact_asked_alone_keeps_the_context_its_date_needs(templates: Templates) -> None:
    first, second = (
        DateFact(
            id=f"visit-{n}",
            deck="Mongolia::Economy",
            sources=("ifes",),
            event=f"A {kind} delegation visited Pyongyang",
            date=DateSpec.parse("2013-10"),
        )
        for n, kind in ((1, "trade"), (2, "cultural"))
    )
    base = FactBase((first, second), SOURCES)
    (reverse,) = render_cards(
        [r for r in card_refs(base) if r.key == "visit-2/reverse"], base, templates
    )
    assert reverse.front == "What happened in October 2013? (“A cultural …”)"
    assert reverse == next(c for c in generate_cards(base, templates) if c.key == "visit-2/reverse")
