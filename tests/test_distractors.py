"""Tests of multiple-choice options: plausible, distinct, and only one of them right."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest
from factories import APOLLO_FACTS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_answers import (
    CATTLE,
    CATTLE_VALUE,
    CLOSURE,
    CLOSURE_DATE,
    ELBEGDORJ,
    ELBEGDORJ_NAME,
    FORUM,
    FORUM_DATE,
    KHURELSUKH,
    KIM,
    KIM_CLOZE,
    KIM_DESCRIPTION,
    KIM_NAME,
    RECOGNITION,
    RECOGNITION_DATE,
    RESIDENTS,
    RESIDENTS_VALUE,
    STAKE,
    STAKE_VALUE,
    TERM,
    TERM_DATE,
    TOURISTS,
    TOURISTS_VALUE,
    TRADE,
    TRADE_VALUE,
    TREATY,
    TREATY_DATE,
    TREATY_PARTIES,
    TREATY_TITLE,
    TRILATERAL,
    TRILATERAL_DATE,
    TRILATERAL_PARTIES,
    UB,
    UB_NAME,
    VISIT,
    VISIT_CLOZE,
    VISIT_DATE,
    VISIT_EVENT,
    WORKERS,
    WORKERS_VALUE,
)

from quizgen.cards.render import CardRef, card_refs, generate_cards
from quizgen.cards.templates import load_templates
from quizgen.factfiles.loader import load_fact_base
from quizgen.language.typed_dates import parse_date
from quizgen.language.typed_numbers import parse_number
from quizgen.model.facts import (
    AgreementFact,
    AnyFact,
    Card,
    CardKind,
    DateFact,
    DateSpec,
    FigureFact,
    FigureValue,
    NameFact,
    NameKind,
    PartialDate,
)
from quizgen.quiz.answers import Grade, check, normalise, option_text
from quizgen.quiz.distractors import Choices, DistractorIndex, choices

CHOE = NameFact(
    id="choe",
    deck="Korea",
    sources=("campi",),
    name="Choe Tae Bok",
    description="the North Korean speaker who visited Ulaanbaatar in November 2012",
    kind=NameKind.PERSON,
)
RAIL = DateFact(
    id="rail",
    deck="Mongolia",
    sources=("campi",),
    event="freight trains first crossed from Mongolia to Rason",
    date=DateSpec.parse(2016),
)
RAIL_EVENT = Card(RAIL, CardKind.REVERSE, "What happened in 2016?", "Freight ...", "event")
POOL: list[AnyFact] = [
    CHOE,
    RAIL,
    VISIT,
    FORUM,
    RECOGNITION,
    CLOSURE,
    TERM,
    ELBEGDORJ,
    KHURELSUKH,
    KIM,
    UB,
    WORKERS,
    RESIDENTS,
    STAKE,
    CATTLE,
    TOURISTS,
    TRADE,
    TREATY,
    TRILATERAL,
]
CARDS = [
    VISIT_DATE,
    FORUM_DATE,
    RECOGNITION_DATE,
    CLOSURE_DATE,
    TERM_DATE,
    ELBEGDORJ_NAME,
    KIM_NAME,
    WORKERS_VALUE,
    RESIDENTS_VALUE,
    STAKE_VALUE,
    CATTLE_VALUE,
    TOURISTS_VALUE,
    TRADE_VALUE,
    TREATY_TITLE,
    TREATY_PARTIES,
    TREATY_DATE,
    TRILATERAL_PARTIES,
    TRILATERAL_DATE,
    VISIT_EVENT,
    KIM_DESCRIPTION,
    VISIT_CLOZE,
    KIM_CLOZE,
    RAIL_EVENT,
    Card(CHOE, CardKind.QUESTION, "Name the speaker ...", "Choe Tae Bok", "name"),
]
RIGHT = (Grade.CORRECT, Grade.ALMOST)


def _assert_sound(card: Card, picked: Choices, n: int = 4) -> None:
    """Check the laws every set of options keeps."""
    assert len(picked.options) == n
    assert len({normalise(option) for option in picked.options}) == n
    assert picked.options[picked.answer_index] == option_text(card)
    grades = [check(card, option).grade for option in picked.options]
    assert grades[picked.answer_index] is Grade.CORRECT
    assert sum(grade in RIGHT for grade in grades) == 1, (picked.options, grades)


@pytest.mark.parametrize("card", CARDS, ids=[f"{c.fact.id}-{c.answer_field}" for c in CARDS])
def test_four_distinct_options_one_right(card: Card) -> None:
    index = DistractorIndex(POOL)
    for seed in range(5):
        _assert_sound(card, index.choices(card, random.Random(seed)))


@pytest.mark.parametrize(
    ("card", "precision"),
    [(VISIT_DATE, "2013-10"), (FORUM_DATE, "2013-10-30"), (RECOGNITION_DATE, "1948")],
)
def test_date_options_share_the_answers_precision_and_sit_near_it(
    card: Card, precision: str
) -> None:
    answer = PartialDate.parse(precision)
    for seed in range(10):
        for option in DistractorIndex(POOL).choices(card, random.Random(seed)).options:
            spec = parse_date(option)
            assert spec is not None
            assert spec.start.precision is answer.precision
            assert abs(spec.start.year - answer.year) <= 10


def test_approximate_dates_never_offer_a_year_within_the_tolerance() -> None:
    for seed in range(20):
        picked = DistractorIndex(POOL).choices(CLOSURE_DATE, random.Random(seed))
        for i, option in enumerate(picked.options):
            assert option.startswith("around ")
            spec = parse_date(option)
            assert spec is not None
            assert (abs(spec.start.year - 1999) <= 1) is (i == picked.answer_index)


def test_interval_options_are_intervals() -> None:
    for seed in range(10):
        for option in DistractorIndex(POOL).choices(TERM_DATE, random.Random(seed)).options:
            spec = parse_date(option)
            assert spec is not None
            assert spec.is_interval


@pytest.mark.parametrize(
    ("card", "unit"),
    [
        (WORKERS_VALUE, " workers"),
        (RESIDENTS_VALUE, " North Koreans"),
        (STAKE_VALUE, " percent"),
        (TOURISTS_VALUE, " tourists"),
        (TRADE_VALUE, " dollars"),
    ],
)
def test_figure_options_keep_the_unit_and_a_similar_size(card: Card, unit: str) -> None:
    fact = card.fact
    assert isinstance(fact, FigureFact)
    for seed in range(10):
        for option in DistractorIndex(POOL).choices(card, random.Random(seed)).options:
            assert option.endswith(unit)
            value = parse_number(option)
            assert value is not None
            assert value.is_range is fact.value.is_range
            assert fact.value.low / 11 <= value.low <= fact.value.high * 11
            if unit == " percent":
                assert value.high <= 100


def test_approximate_figures_never_offer_a_value_within_five_percent() -> None:
    for seed in range(20):
        picked = DistractorIndex(POOL).choices(RESIDENTS_VALUE, random.Random(seed))
        for i, option in enumerate(picked.options):
            value = parse_number(option)
            assert value is not None
            assert (abs(value.low - 2000) <= 100) is (i == picked.answer_index)


def test_figures_of_the_same_unit_and_size_are_drawn_from_siblings() -> None:
    siblings = [
        FigureFact(
            id=f"crew-{i}",
            deck="Mongolia",
            sources=("s",),
            value=FigureValue(v, v),
            unit="workers",
            quantity=f"crew {i}",
        )
        for i, v in enumerate([1200, 1500, 2400, 3000, 90, 900_000])
    ]
    seen: set[str] = set()
    for seed in range(30):
        seen.update(
            DistractorIndex([WORKERS, *siblings])
            .choices(WORKERS_VALUE, random.Random(seed))
            .options
        )
    assert {"1,200 workers", "1,500 workers", "2,400 workers", "3,000 workers"} <= seen
    assert "90 workers" not in seen
    assert "900,000 workers" not in seen


def _person(i: int, name: str, kind: NameKind = NameKind.PERSON) -> NameFact:
    return NameFact(
        id=f"n{i}",
        deck="Mongolia",
        sources=("s",),
        name=name,
        description=f"someone {i}",
        kind=kind,
    )


def test_names_are_drawn_from_the_same_kind() -> None:
    people = [
        _person(i, n) for i, n in enumerate(["Nambaryn Enkhbayar", "Moon Jae-in", "Kim Il-sung"])
    ]
    places = [
        _person(10 + i, n, NameKind.PLACE)
        for i, n in enumerate(["Pyongyang", "Darkhan", "Erdenet"])
    ]
    pool = [UB, KIM, *people, *places]
    for seed in range(10):
        ub = DistractorIndex(pool).choices(UB_NAME, random.Random(seed))
        assert set(ub.options) == {"Ulaanbaatar", "Pyongyang", "Darkhan", "Erdenet"}
        kim = DistractorIndex(pool).choices(KIM_NAME, random.Random(seed))
        assert set(kim.options) <= {
            "Kim Jong-un",
            "Nambaryn Enkhbayar",
            "Moon Jae-in",
            "Kim Il-sung",
        }


def test_names_that_look_alike_come_first() -> None:
    others = [
        "Nambaryn Enkhbayar",
        "Moon Jae-in",
        "Shinzo Abe",
        "Xi Jinping",
        "Vladimir Putin",
        "Joel Wit",
        "Robert Carlin",
        "Alicia Campi",
        "Damba Ganbat",
        "Choe Tae Bok",
        "Avia Baatarhuyag",
        "Zandaakhuu Enkhbold",
    ]
    kims = ["Kim Il-sung", "Kim Yo-jong", "Kim Jong-il"]
    pool = [KIM, *(_person(i, n) for i, n in enumerate(others + kims))]
    picked = [
        option
        for seed in range(20)
        for option in DistractorIndex(pool).choices(KIM_NAME, random.Random(seed)).options
    ]
    # Three Kims among fifteen names: drawn at random, about 20 + 12 options would be Kims.
    assert sum(option.startswith("Kim ") for option in picked) >= 55


def test_an_alias_or_near_spelling_of_the_answer_is_never_an_option() -> None:
    twins = [_person(1, "Elbegdorj"), _person(2, "Tsakhiagiin Elbegdorzh"), _person(3, "Batbold")]
    pool = [ELBEGDORJ, *twins, KIM, KHURELSUKH]
    for seed in range(20):
        picked = DistractorIndex(pool).choices(ELBEGDORJ_NAME, random.Random(seed))
        assert "Elbegdorj" not in picked.options
        assert "Tsakhiagiin Elbegdorzh" not in picked.options
        _assert_sound(ELBEGDORJ_NAME, picked)


def test_party_options_swap_one_party_and_never_reorder_the_answer() -> None:
    answer = {"mongolia", "north korea"}
    for seed in range(20):
        picked = DistractorIndex(POOL).choices(TREATY_PARTIES, random.Random(seed))
        for i, option in enumerate(picked.options):
            parties = {normalise(p) for p in option.replace(" and ", ",").split(",")}
            assert len(parties) == 2
            assert (parties == answer) is (i == picked.answer_index)
            assert len(parties & answer) >= 1 or i != picked.answer_index


def test_the_same_seed_gives_the_same_options() -> None:
    index = DistractorIndex(POOL)
    for card in CARDS:
        first = index.choices(card, random.Random(42))
        again = DistractorIndex(list(POOL)).choices(card, random.Random(42))
        assert first == again


def test_the_order_varies_with_the_seed() -> None:
    index = DistractorIndex(POOL)
    places = {index.choices(VISIT_DATE, random.Random(seed)).answer_index for seed in range(40)}
    assert places == {0, 1, 2, 3}


def test_a_small_pool_gives_fewer_options_not_an_error() -> None:
    lonely = DistractorIndex([UB]).choices(UB_NAME, random.Random(1))
    assert lonely == Choices(("Ulaanbaatar",), 0)
    two = DistractorIndex([TREATY]).choices(TREATY_TITLE, random.Random(1))
    assert option_text(TREATY_TITLE) in two.options
    assert len(set(two.options)) == len(two.options)


def test_choices_accepts_cards_as_the_pool() -> None:
    picked = choices(VISIT_EVENT, CARDS, random.Random(3))
    _assert_sound(VISIT_EVENT, picked)


SHIPPED_FACTS = Path(__file__).resolve().parent.parent / "facts"


@pytest.fixture(scope="module")
def shipped() -> tuple[list[Card], list[CardRef]]:
    base = load_fact_base(SHIPPED_FACTS)
    return generate_cards(base, load_templates(SHIPPED_FACTS)), card_refs(base)


@pytest.mark.parametrize("size", [3, 8, None])
def test_an_index_of_card_refs_offers_what_an_index_of_cards_offers(
    shipped: tuple[list[Card], list[CardRef]], size: int | None
) -> None:
    # Small pools run short of options and fall back on sibling cards.
    cards, refs = shipped
    for start in range(0, len(cards), size or len(cards)):
        pool = slice(start, start + size if size else None)
        from_cards, from_refs = DistractorIndex(cards[pool]), DistractorIndex(refs[pool])
        for seed in range(3):
            for card in cards[pool]:
                expected = from_cards.choices(card, random.Random(seed))
                assert from_refs.choices(card, random.Random(seed)) == expected


def test_the_option_of_a_made_card_never_depends_on_its_text(
    shipped: tuple[list[Card], list[CardRef]],
) -> None:
    # An index of card refs relies on this: the refs have no text.
    for card in shipped[0]:
        blank = dataclasses.replace(card, front="", back="", cloze=None)
        assert option_text(blank) == option_text(card)


def test_more_or_fewer_options_on_request() -> None:
    index = DistractorIndex(POOL)
    assert len(index.choices(VISIT_DATE, random.Random(1), n=6).options) == 6
    assert index.choices(VISIT_DATE, random.Random(1), n=1).options == ("October 2013",)


# Laws over random fact bases ----------------------------------------------------------------

_WORDS = ["Bat", "Bold", "Erdene", "Gan", "Tuya", "Kim", "Pak", "Yong", "Chol", "Song", "Nam"]
_word = st.sampled_from(_WORDS)
_name = st.lists(_word, min_size=1, max_size=3).map(" ".join)


@st.composite
def _date_specs(draw: st.DrawFn) -> DateSpec:
    year = draw(st.integers(1900, 2030))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    if precision == "year":
        start = PartialDate(year)
    elif precision == "month":
        start = PartialDate(year, draw(st.integers(1, 12)))
    else:
        start = PartialDate(year, draw(st.integers(1, 12)), draw(st.integers(1, 28)))
    if draw(st.booleans()) and precision == "year":
        return DateSpec(start, PartialDate(year + draw(st.integers(1, 10))))
    return DateSpec(start)


@st.composite
def _facts(draw: st.DrawFn) -> list[AnyFact]:
    count = draw(st.integers(6, 25))
    facts: list[AnyFact] = []
    names = draw(st.lists(_name, min_size=count, max_size=count, unique_by=normalise))
    parties = ["Mongolia", "North Korea", "South Korea", "China", "Russia", "Japan"]
    for i in range(count):
        kind = draw(st.sampled_from(["date", "name", "figure", "agreement"]))
        common = {"id": f"f{i}", "deck": "D", "sources": ("s",)}
        if kind == "date":
            facts.append(
                DateFact(
                    **common,
                    event=f"{names[i]} happened",
                    date=draw(_date_specs()),
                    approximate=draw(st.booleans()),
                )
            )
        elif kind == "name":
            facts.append(
                NameFact(
                    **common,
                    name=names[i],
                    description=f"the one called {i}",
                    kind=draw(st.sampled_from(list(NameKind))),
                    aliases=tuple(draw(st.lists(_name, max_size=2))),
                )
            )
        elif kind == "figure":
            low = draw(st.integers(1, 10_000_000) | st.floats(0.5, 100).map(lambda x: round(x, 1)))
            high = low if draw(st.booleans()) else low * draw(st.integers(2, 4))
            facts.append(
                FigureFact(
                    **common,
                    value=FigureValue(low, high),
                    unit=draw(st.sampled_from(["workers", "percent", "tons a year"])),
                    quantity="a quantity",
                    approximate=draw(st.booleans()),
                )
            )
        else:
            facts.append(
                AgreementFact(
                    **common,
                    title=f"Treaty of {names[i]}",
                    parties=tuple(
                        draw(
                            st.lists(st.sampled_from(parties), min_size=2, max_size=3, unique=True)
                        )
                    ),
                    date=draw(_date_specs()),
                    summary="did something",
                )
            )
    return facts


_FIELDS = {
    DateFact: ["date", "event"],
    NameFact: ["name", "description"],
    FigureFact: ["value"],
    AgreementFact: ["title", "parties", "date"],
}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=_facts(), pick=st.integers(0, 1000), seed=st.integers(0, 2**32))
def test_options_are_distinct_and_exactly_one_is_right(
    facts: list[AnyFact], pick: int, seed: int
) -> None:
    fact = facts[pick % len(facts)]
    fields = _FIELDS[type(fact)]
    card = Card(fact, CardKind.QUESTION, "?", "", fields[pick % len(fields)])
    index = DistractorIndex(facts)
    picked = index.choices(card, random.Random(seed))
    assert 1 <= len(picked.options) <= 4
    assert len({normalise(o) for o in picked.options}) == len(picked.options)
    grades = [check(card, option).grade for option in picked.options]
    assert grades[picked.answer_index] is Grade.CORRECT
    assert sum(grade in RIGHT for grade in grades) == 1, (picked.options, grades)
    assert index.choices(card, random.Random(seed)) == picked
    if type(fact) in (DateFact, FigureFact) and card.answer_field in ("date", "value"):
        assert len(picked.options) == 4


# Speed ----------------------------------------------------------------------------------------


def _big_pool(n: int) -> list[AnyFact]:
    rng = random.Random(7)
    facts: list[AnyFact] = []
    for i in range(n):
        common = {"id": f"f{i}", "deck": rng.choice(["History", "Economy"]), "sources": ("s",)}
        name = " ".join(rng.choice(_WORDS) for _ in range(3)) + f" {i}"
        match i % 4:
            case 0:
                facts.append(
                    DateFact(
                        **common,
                        event=f"{name} signed a protocol",
                        date=DateSpec(PartialDate(rng.randint(1900, 2020), rng.randint(1, 12))),
                    )
                )
            case 1:
                facts.append(
                    NameFact(
                        **common,
                        name=name,
                        description=f"the envoy number {i}",
                        kind=rng.choice(list(NameKind)),
                    )
                )
            case 2:
                v = rng.randint(10, 10_000_000)
                facts.append(
                    FigureFact(
                        **common,
                        value=FigureValue(v, v),
                        unit=rng.choice(["workers", "tons", "dollars"]),
                        quantity=f"quantity {i}",
                    )
                )
            case _:
                facts.append(
                    AgreementFact(
                        **common,
                        title=f"Accord of {name}",
                        parties=tuple(rng.sample(["Mongolia", "China", "Russia", "Japan"], 2)),
                        date=DateSpec(PartialDate(rng.randint(1950, 2020))),
                        summary="did something",
                    )
                )
    return facts


def test_choices_from_ten_thousand_facts_are_four_distinct_with_one_right() -> None:
    # How fast is the benchmark's business (benchmarks/run.py, the quiz rows).
    facts = _big_pool(10_000)
    index = DistractorIndex(facts)
    rng = random.Random(1)
    for fact in facts[:400]:
        for field in _FIELDS[type(fact)]:
            card = Card(fact, CardKind.QUESTION, "?", "", field)
            choices = index.choices(card, rng)
            assert len(choices.options) == 4
            assert len(set(choices.options)) == 4
            assert choices.answer == option_text(card)


# Options share the answer's kind and shape, and none is also true.

APOLLO = {card.key: card for card in generate_cards(APOLLO_FACTS, load_templates())}
SUMMIT = AgreementFact(
    id="vladivostok",
    deck="Space::Apollo",
    sources=("nasa",),
    title="Vladivostok accord",
    parties=("Gerald Ford", "Leonid Brezhnev"),
    date=DateSpec.parse("1974-11-24"),
    summary="set limits on strategic arms",
)
SPACE_POOL = [*APOLLO_FACTS, SUMMIT, TREATY, TRILATERAL]


@pytest.mark.parametrize("key", ["columbia/question", "columbia/reverse", "buzz-aldrin/question"])
def test_a_name_is_offered_only_among_names_of_its_kind(key: str) -> None:
    card = APOLLO[key]
    assert isinstance(card.fact, NameFact)
    same_kind = [f for f in APOLLO_FACTS if isinstance(f, NameFact) and f.kind == card.fact.kind]
    allowed = {normalise(getattr(f, card.answer_field)) for f in same_kind}
    index = DistractorIndex(SPACE_POOL)
    for seed in range(8):
        offered = index.choices(card, random.Random(seed)).options
        assert {normalise(option) for option in offered} <= allowed, offered
        assert len(offered) == min(len(allowed), 4), offered  # every one of its kind offered


def test_people_are_offered_among_people_as_the_parties() -> None:
    card = APOLLO["space-cooperation/parties"]
    countries = {"mongolia", "north korea", "russia", "china", "japan"}
    index = DistractorIndex(SPACE_POOL)
    for seed in range(8):
        picked = index.choices(card, random.Random(seed))
        assert len(picked.options) > 1
        for option in picked.options:
            assert not countries & set(normalise(option).replace(" and ", ",").split(",")), option


def test_an_event_that_also_happened_at_the_date_asked_is_never_offered() -> None:
    # The forum met on 30 October 2013 and Elbegdorj served from 2009 to 2017: both happened
    # "in October 2013" as well, so neither may be offered as wrong.
    index = DistractorIndex(POOL)
    for seed in range(8):
        offered = index.choices(VISIT_EVENT, random.Random(seed)).options
        assert FORUM.event not in offered
        assert TERM.event not in offered
    # Every other Apollo event falls inside "between 1961 and 1972".
    programme = APOLLO["apollo-programme/reverse"]
    assert DistractorIndex(SPACE_POOL).choices(programme, random.Random(1)).options == (
        "the Apollo programme ran",
    )


def test_a_date_inside_the_span_asked_is_never_offered() -> None:
    card = APOLLO["apollo-programme/question"]
    index = DistractorIndex(SPACE_POOL)
    for seed in range(8):
        picked = index.choices(card, random.Random(seed))
        for number, option in enumerate(picked.options):
            if number != picked.answer_index:
                spec = parse_date(option)
                assert spec is not None
                inside = spec.start.year >= 1961 and (spec.end or spec.start).year <= 1972
                assert not inside, option


def test_events_alike_in_wording_are_offered_first() -> None:
    def event(fact_id: str, text: str, year: int) -> DateFact:
        return DateFact(
            id=fact_id,
            deck="Transport",
            sources=("s",),
            event=text,
            date=DateSpec.parse(year),
            approximate=True,
        )

    rail = event("rail", "a new rail line opened from Mongolia to Russia", 2013)
    others = [
        event("laos", "a new rail line opened from China to Laos", 2009),
        event("bridge", "a railway bridge opened over the Tumen river", 2017),
        event("visit", "the president visited Pyongyang", 2008),
        event("fair", "a trade fair was held in Ulaanbaatar", 2018),
        event("embassy", "the embassy reopened", 2007),
        event("films", "a film festival began", 2019),
        event("border", "the border was redrawn", 2006),
    ]
    card = Card(rail, CardKind.REVERSE, "What happened around 2013? (a new rail line)", "", "event")
    index = DistractorIndex([rail, *others])
    for seed in range(10):
        offered = index.choices(card, random.Random(seed)).options
        assert any("rail" in option for option in offered if option != rail.event), offered


# Options that repeat the question's words -----------------------------------------------------


def _agreement(fact_id: str, title: str) -> AgreementFact:
    return AgreementFact(
        id=fact_id,
        deck="Mongolia",
        sources=("s",),
        title=title,
        parties=("Mongolia", "North Korea"),
        summary="was signed",
        date=DateSpec.parse(2013),
    )


IT_AGREEMENT = _agreement("it", "IT cooperation agreement")
IT_WHICH = Card(
    fact=IT_AGREEMENT,
    kind=CardKind.WHICH,
    front="Which 2013 agreement between Mongolia and North Korea was meant to foster exchanges "
    "and joint work in information technology?",
    back="The IT cooperation agreement",
    answer_field="title",
)
OTHER_AGREEMENTS = [
    _agreement("friendship", "Friendship Treaty"),
    _agreement("labour", "labour agreement"),
    _agreement("port", "port cooperation agreement"),
    _agreement("rail", "railway agreement"),
]


@pytest.mark.parametrize("seed", range(12))
def test_the_right_option_is_never_alone_in_repeating_the_questions_words(seed: int) -> None:
    index = DistractorIndex([IT_AGREEMENT, *OTHER_AGREEMENTS])
    picked = index.choices(IT_WHICH, random.Random(seed))
    echoing = [option for option in picked.options if option.startswith("IT ")]
    assert picked.answer == "IT cooperation agreement"
    assert len(picked.options) == 4
    assert len(echoing) >= 2, picked.options
    assert all(option[0].isupper() or option.startswith("labour") for option in picked.options)


def _place(fact_id: str, name: str, description: str) -> NameFact:
    return NameFact(
        id=fact_id,
        deck="Mongolia",
        sources=("s",),
        name=name,
        description=description,
        kind=NameKind.PLACE,
    )


PLACES = [
    _place("rason", "Rason", "the port in North Korea's far northeast that Mongolia used"),
    _place("nakhodka", "the port of Nakhodka", "a Russian port"),
    _place("tianjin", "Tianjin", "a Chinese port"),
    _place("dalian", "Dalian", "another Chinese port"),
    _place("vostochny", "Vostochny", "a port near Nakhodka"),
    _place("sea", "the East Sea", "the sea a North Korean port would open to Mongolia"),
]


def _name_card(fact: NameFact, front: str) -> Card:
    return Card(fact=fact, kind=CardKind.QUESTION, front=front, back=fact.name, answer_field="name")


@pytest.mark.parametrize("seed", range(12))
def test_a_wrong_option_that_repeats_the_questions_words_is_never_offered(seed: int) -> None:
    card = _name_card(PLACES[0], "Name the port in North Korea's far northeast that Mongolia used.")
    picked = DistractorIndex(PLACES).choices(card, random.Random(seed))
    assert picked.answer == "Rason"
    assert "the port of Nakhodka" not in picked.options
    assert len(picked.options) == 4


def test_a_right_option_no_wrong_one_can_match_is_asked_typed() -> None:
    # Only the answer is a sea: whatever the options, "sea" would point to it.
    card = _name_card(PLACES[5], "Which sea would a North Korean port open to Mongolia?")
    others = [place for place in PLACES if place.id != "nakhodka"]
    assert DistractorIndex(others).choices(card, random.Random(1)) == Choices(("the East Sea",), 0)
