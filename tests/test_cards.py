"""Cards made from facts: exact wording, cloze gaps, context, extras, hostile fact text."""

from __future__ import annotations

import dataclasses
import re
import string
from typing import Any

import pytest
from factories import (
    ARRANGEMENT,
    AVAR,
    CATTLE,
    ELBEGDORJ,
    FACTS,
    FORUM,
    HELSINKI,
    KIM_IL_SUNG,
    RASON,
    RECOGNIZED,
    SIX_PARTY,
    SOURCES,
    SOVIET,
    STAKE,
    TALKS,
    TREATY,
    TRIPARTITE,
    UNDERSTANDING,
    VISIT,
    WORKERS,
    every_kind,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizgen.cards.extras import Extras, back_extras
from quizgen.cards.filters import how_many
from quizgen.cards.markers import HIDE_CLOSE, HIDE_OPEN
from quizgen.cards.render import (
    ANSWER_FIELDS,
    card_refs,
    cards_for_fact,
    generate_cards,
    render_cards,
)
from quizgen.cards.templates import Templates, load_templates
from quizgen.errors import UnknownFactError
from quizgen.factfiles.loader import find_fact
from quizgen.language.english import format_amount, format_figure, format_when
from quizgen.model.facts import (
    CARD_KINDS,
    DEFAULT_KINDS,
    AgreementFact,
    AnyFact,
    Card,
    CardKind,
    DateFact,
    DateSpec,
    FactBase,
    FactType,
    FigureFact,
    FigureValue,
    NameFact,
)

FACT_CLASSES = {
    FactType.DATE: DateFact,
    FactType.NAME: NameFact,
    FactType.FIGURE: FigureFact,
    FactType.AGREEMENT: AgreementFact,
}

SHIPPED = load_templates()


@pytest.fixture(scope="module")
def templates() -> Templates:
    return SHIPPED


def card(fact: AnyFact, kind: CardKind, templates: Templates) -> Card:
    fact = every_kind(fact)
    return next(c for c in cards_for_fact(fact, FACTS, templates) if c.kind is kind)


@pytest.mark.parametrize(
    ("fact", "kind", "front", "back"),
    [
        (
            RECOGNIZED,
            CardKind.QUESTION,
            "Mongolia recognized North Korea. In which year?",
            "In 1948",
        ),
        (
            RECOGNIZED,
            CardKind.REVERSE,
            "What happened in 1948?",
            "Mongolia recognized North Korea.",
        ),
        (
            VISIT,
            CardKind.QUESTION,
            "Elbegdorj made a state visit to Pyongyang. In which month and year?",
            "In October 2013",
        ),
        (
            VISIT,
            CardKind.REVERSE,
            "What happened in October 2013? (a head of state's visit)",
            "Elbegdorj made a state visit to Pyongyang.",
        ),
        (
            FORUM,
            CardKind.REVERSE,
            "What happened in October 2013?",
            "Mongolian and Japanese firms held a business forum in Ulaanbaatar.",
        ),
        (
            TALKS,
            CardKind.QUESTION,
            "The two countries held trade talks. Around when?",
            "Around 21 May 2014",
        ),
        (
            ELBEGDORJ,
            CardKind.QUESTION,
            "Name the Mongolian president who made a state visit to Pyongyang in October 2013.",
            "Elbegdorj",
        ),
        (
            ELBEGDORJ,
            CardKind.REVERSE,
            "Who is Elbegdorj?",
            "The Mongolian president who made a state visit to Pyongyang in October 2013.",
        ),
        (RASON, CardKind.REVERSE, "What is Rason?", "A special economic zone in North Korea."),
        (
            SOVIET,
            CardKind.QUESTION,
            "Name the only state that recognized North Korea before Mongolia did.",
            "The Soviet Union",
        ),
        (
            SOVIET,
            CardKind.REVERSE,
            "What was the Soviet Union?",
            "The only state that recognized North Korea before Mongolia did.",
        ),
        (
            SIX_PARTY,
            CardKind.REVERSE,
            "What were the Six-Party Talks?",
            "The negotiations on North Korea's nuclear programme.",
        ),
        (
            KIM_IL_SUNG,
            CardKind.REVERSE,
            "Who was Kim Il-sung?",
            "The North Korean leader who came to Mongolia twice.",
        ),
        (
            HELSINKI,
            CardKind.REVERSE,
            "What is meant by “New Helsinki”?",
            "The role Elbegdorj imagined for Mongolia: neutral ground for talks.",
        ),
        (
            AVAR,
            CardKind.REVERSE,
            "What is Avar LLC?",
            "A Mongolian firm that traded with North Korea.",
        ),
        (
            WORKERS,
            CardKind.QUESTION,
            "How many North Korean workers were in Mongolia in April 2013?",
            "1,749 workers",
        ),
        (
            STAKE,
            CardKind.QUESTION,
            "What was HB Oil's stake in the Sungri refinery operator?",
            "20 percent",
        ),
        (
            CATTLE,
            CardKind.QUESTION,
            "How many cattle were sent to North Korea in 2015?",
            "About 30,000 to 40,000 head of cattle",
        ),
        (
            TREATY,
            CardKind.WHICH,
            "Which agreement between Mongolia and North Korea restored ties after the cooling "
            "of the 1990s?",
            "The Treaty of Friendship and Cooperation",
        ),
        (
            TREATY,
            CardKind.WHEN,
            "In which year did Mongolia and North Korea sign the Treaty of Friendship and "
            "Cooperation?",
            "In 2002",
        ),
        (
            TREATY,
            CardKind.PARTIES,
            "Who were the parties to the Treaty of Friendship and Cooperation?",
            "Mongolia and North Korea",
        ),
        (
            TRIPARTITE,
            CardKind.PARTIES,
            "Who were the parties to the rail transit agreement?",
            "Mongolia, Russia and North Korea",
        ),
        (
            UNDERSTANDING,
            CardKind.WHICH,
            "Which agreement between Russia and Mongolia committed both sides to cooperate on "
            "the port?",
            "The understanding on the Rason port",
        ),
        (
            UNDERSTANDING,
            CardKind.WHEN,
            "In which month and year did Russia and Mongolia reach the understanding on the "
            "Rason port?",
            "In September 2014",
        ),
        (
            UNDERSTANDING,
            CardKind.PARTIES,
            "Who were the parties to the understanding on the Rason port?",
            "Russia and Mongolia",
        ),
        (
            ARRANGEMENT,
            CardKind.WHICH,
            "Which agreement between North Korea and the Mongolian government brought the two "
            "sides together on 21 May 2014?",
            "The arrangement for the Ulaanbaatar meeting",
        ),
        (
            ARRANGEMENT,
            CardKind.PARTIES,
            "Who were the parties to the arrangement for the Ulaanbaatar meeting?",
            "North Korea and the Mongolian government",
        ),
    ],
)
def test_question_cards_read_as_written(
    fact: AnyFact, kind: CardKind, front: str, back: str, templates: Templates
) -> None:
    made = card(fact, kind, templates)
    assert (made.front, made.back, made.cloze) == (front, back, None)


@pytest.mark.parametrize(
    ("fact", "cloze"),
    [
        (RECOGNIZED, ("Mongolia recognized North Korea ", "in 1948", ".")),
        (TALKS, ("The two countries held trade talks ", "around 21 May 2014", ".")),
        (
            ELBEGDORJ,
            (
                "",
                "Elbegdorj",
                " is the Mongolian president who made a state visit to Pyongyang in October 2013.",
            ),
        ),
        (
            WORKERS,
            (
                "The number of North Korean workers in Mongolia in April 2013 was ",
                "1,749",
                ".",
            ),
        ),
        (STAKE, ("HB Oil's stake in the Sungri refinery operator was ", "20 percent", ".")),
        (
            TREATY,
            (
                "Mongolia and North Korea signed the ",
                "Treaty of Friendship and Cooperation",
                ", which restored ties after the cooling of the 1990s.",
            ),
        ),
        (
            TRIPARTITE,
            (
                "Mongolia, Russia and North Korea signed ",
                "the rail transit agreement",
                ", which opened a route to the port of Rajin.",
            ),
        ),
        (
            UNDERSTANDING,
            (
                "Russia and Mongolia reached the ",
                "understanding on the Rason port",
                ", which committed both sides to cooperate on the port.",
            ),
        ),
        (
            ARRANGEMENT,
            (
                "North Korea and the Mongolian government reached the ",
                "arrangement for the Ulaanbaatar meeting",
                ", which brought the two sides together on 21 May 2014.",
            ),
        ),
        (
            SOVIET,
            (
                "",
                "The Soviet Union",
                " was the only state that recognized North Korea before Mongolia did.",
            ),
        ),
        (
            SIX_PARTY,
            (
                "",
                "The Six-Party Talks",
                " were the negotiations on North Korea's nuclear programme.",
            ),
        ),
    ],
)
def test_cloze_cards_hide_their_answer(
    fact: AnyFact, cloze: tuple[str, str, str], templates: Templates
) -> None:
    made = card(fact, CardKind.CLOZE, templates)
    before, hidden, after = cloze
    assert made.cloze == cloze
    assert made.front == f"{before}[...]{after}"
    assert made.back == f"{before}{hidden}{after}"


def test_an_agreement_without_a_date_makes_no_when_card(templates: Templates) -> None:
    kinds = [c.kind for c in cards_for_fact(ARRANGEMENT, FACTS, templates)]
    assert kinds == [CardKind.WHICH]
    kinds = [c.kind for c in cards_for_fact(every_kind(ARRANGEMENT), FACTS, templates)]
    assert kinds == [CardKind.WHICH, CardKind.PARTIES, CardKind.CLOZE]


def test_cards_come_in_fact_order_then_kind_order(templates: Templates) -> None:
    keys = [c.key for c in generate_cards(FACTS, templates)]
    assert keys[:3] == [
        "mongolia-recognizes-dprk/question",
        "mongolia-recognizes-dprk/reverse",
        "elbegdorj-visit/question",
    ]
    assert keys[-4:] == [
        "friendship-treaty/which",
        "friendship-treaty/when",
        "rail-deal/parties",
        "rail-deal/cloze",
    ]
    assert len(keys) == 4 * 2 + 4 * 1 + 3 * 1 + 2 + 2


@pytest.mark.parametrize(
    ("fact_type", "kinds"),
    [
        (FactType.DATE, (CardKind.QUESTION, CardKind.REVERSE)),
        (FactType.NAME, (CardKind.QUESTION,)),
        (FactType.FIGURE, (CardKind.QUESTION,)),
        (FactType.AGREEMENT, (CardKind.WHICH, CardKind.WHEN)),
    ],
)
def test_default_kinds_never_ask_one_answer_twice(
    fact_type: FactType, kinds: tuple[CardKind, ...]
) -> None:
    assert DEFAULT_KINDS[fact_type] == kinds
    fields = [
        field
        for (fact_class, kind), field in ANSWER_FIELDS.items()
        if kind in kinds and FACT_CLASSES[fact_type] is fact_class
    ]
    assert len(fields) == len(kinds) == len(set(fields))


def test_every_front_carries_its_topic_label(templates: Templates) -> None:
    deep = dataclasses.replace(RECOGNIZED, deck="Mongolia and the Koreas::History::Cold War")
    labels = {
        c.fact.id: c.context
        for c in generate_cards(FactBase((*FACTS.facts[1:], deep), SOURCES), templates)
    }
    assert labels["mongolia-recognizes-dprk"] == "Mongolia & the Koreas · Cold War"
    assert labels["business-forum"] == "Mongolia · Economy"
    assert all(labels.values())


@pytest.mark.parametrize(
    ("fact", "kind", "field"),
    [
        (RECOGNIZED, CardKind.QUESTION, "date"),
        (RECOGNIZED, CardKind.REVERSE, "event"),
        (RECOGNIZED, CardKind.CLOZE, "date"),
        (ELBEGDORJ, CardKind.QUESTION, "name"),
        (ELBEGDORJ, CardKind.REVERSE, "description"),
        (ELBEGDORJ, CardKind.CLOZE, "name"),
        (WORKERS, CardKind.QUESTION, "value"),
        (WORKERS, CardKind.CLOZE, "value"),
        (TREATY, CardKind.WHICH, "title"),
        (TREATY, CardKind.WHEN, "date"),
        (TREATY, CardKind.PARTIES, "parties"),
        (TREATY, CardKind.CLOZE, "title"),
    ],
)
def test_cards_name_the_field_they_ask_for(
    fact: AnyFact, kind: CardKind, field: str, templates: Templates
) -> None:
    assert card(fact, kind, templates).answer_field == field


def test_templates_are_frozen(templates: Templates) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        templates.texts = {}  # type: ignore[misc]


def test_back_extras_give_note_citations_and_disputed_claims() -> None:
    assert back_extras(WORKERS, FACTS) == Extras(
        note="Other sources give about 2,000.",
        citations=("IFES, IFES brief, 2013", "Charles Krusekopf, Asia Pacific Bulletin, 2013"),
        disputed=(
            (
                "About 2,000 North Koreans lived or worked there.",
                ("Alicia Campi, Asia Pacific Bulletin, n.d.",),
            ),
        ),
    )


def test_back_extras_list_a_citation_once() -> None:
    assert back_extras(STAKE, FACTS) == Extras(
        note=None, citations=("Charles Krusekopf, Asia Pacific Bulletin, 2013",), disputed=()
    )


@pytest.mark.parametrize(
    ("fact_id", "expected"),
    [
        ("rason", "rason"),
        ("old-rason", "rason"),
    ],
)
def test_find_fact_by_id_or_former_id(fact_id: str, expected: str) -> None:
    facts = FactBase((dataclasses.replace(RASON, renamed_from=("old-rason",)),), SOURCES)
    assert find_fact(facts, fact_id).id == expected


@pytest.mark.parametrize(
    ("fact_id", "message"),
    [
        ("rasn", "no fact has the id 'rasn' (did you mean 'rason'?)"),
        ("zzz", "no fact has the id 'zzz'"),
    ],
)
def test_find_fact_unknown_id(fact_id: str, message: str) -> None:
    with pytest.raises(UnknownFactError) as caught:
        find_fact(FACTS, fact_id)
    assert str(caught.value) == message


HOSTILE = [
    "{{ event }}",
    "}}",
    "{{",
    "{% if %}",
    "::",
    "<b>bold</b>",
    "{{c9::x}}",
    "{{c1::x::hint}}",
    HIDE_OPEN,
    HIDE_CLOSE,
    f"{HIDE_OPEN}fake{HIDE_CLOSE}",
    "[...]",
    "&amp;",
    "\\",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_name_stays_text(text: str, templates: Templates) -> None:
    fact = every_kind(
        dataclasses.replace(ELBEGDORJ, name=f"{text} Elbegdorj", description=f"the {text} one")
    )
    made = {c.kind: c for c in cards_for_fact(fact, FactBase((fact,), SOURCES), templates)}
    clean = " ".join(text.replace(HIDE_OPEN, "").replace(HIDE_CLOSE, "").split())
    name = f"{clean} Elbegdorj".strip()
    assert made[CardKind.QUESTION].back == name[:1].upper() + name[1:]
    after = " " + " ".join(f"is the {clean} one.".split())
    assert made[CardKind.CLOZE].cloze == ("", name[:1].upper() + name[1:], after)
    assert made[CardKind.CLOZE].front.count("[...]") == 1


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_fact_text_stays_text(text: str, templates: Templates) -> None:
    fact = dataclasses.replace(
        every_kind(TREATY),
        title=f"Pact {text} One",
        parties=(f"Land {text}", "North Korea"),
        summary=f"ended {text} the dispute",
    )
    facts = FactBase((fact,), SOURCES)
    clean = text.replace(HIDE_OPEN, "").replace(HIDE_CLOSE, "")
    made = {c.kind: c for c in cards_for_fact(fact, facts, templates)}
    cloze = made[CardKind.CLOZE]
    assert cloze.cloze is not None
    assert cloze.cloze[1] == " ".join(f"Pact {clean} One".split())
    assert cloze.front.count("[...]") == 1
    assert made[CardKind.WHICH].back == " ".join(f"The Pact {clean} One".split())
    for c in made.values():
        assert HIDE_OPEN not in c.front + c.back
        assert HIDE_CLOSE not in c.front + c.back


# Property: every cloze hides exactly its answer, whatever the fact text.

_TEXT = st.lists(
    st.one_of(
        st.sampled_from(string.ascii_letters + string.digits + " .,;:?!'\"()[]{}<>/%&-_\n\t"),
        st.sampled_from(["{{", "}}", "::", "[...]", "{{c1::", HIDE_OPEN, HIDE_CLOSE, "é", "ü"]),
        st.characters(codec="utf-8"),
    ),
    max_size=20,
).map("".join)
_NAME = _TEXT.filter(lambda t: t.replace(HIDE_OPEN, "").replace(HIDE_CLOSE, "").strip() != "")
_DATES = st.sampled_from(["1948", "2013-10", "2014-05-21", "2009/2017", "2012-03/2012-12"])
_NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=10**12),
    st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False),
)


def _clean(text: str) -> str:
    return " ".join(text.replace(HIDE_OPEN, "").replace(HIDE_CLOSE, "").split())


@st.composite
def _facts(draw: st.DrawFn) -> tuple[AnyFact, str]:
    """Draw a fact of any type and the answer its cloze card must hide."""
    common: dict[str, Any] = {
        "id": "x",
        "deck": draw(_NAME),
        "sources": ("ifes",),
        "cards": (CardKind.CLOZE,),
    }
    fact_type = draw(st.sampled_from(["date", "name", "figure", "agreement"]))
    if fact_type == "date":
        spec = DateSpec.parse(draw(_DATES))
        approximate = draw(st.booleans())
        date = DateFact(
            **common, event=draw(_TEXT), date=spec, approximate=approximate, hint=draw(_TEXT)
        )
        return date, format_when(spec, approximate=approximate)
    if fact_type == "name":
        name = draw(_NAME)
        return NameFact(**common, name=name, description=draw(_TEXT)), _clean(name)
    if fact_type == "figure":
        low = draw(_NUMBERS)
        value = FigureValue(low, low + draw(_NUMBERS))
        unit, approximate = draw(_TEXT), draw(st.booleans())
        figure = FigureFact(
            **common,
            value=value,
            unit=unit,
            quantity=draw(_TEXT),
            approximate=approximate,
            date=DateSpec.parse(draw(_DATES)) if draw(st.booleans()) else None,
        )
        if how_many(figure.quantity):
            return figure, format_amount(value, approximate=approximate)
        return figure, format_figure(value, _clean(unit), approximate=approximate)
    title = draw(_NAME)
    agreement = AgreementFact(
        **common,
        title=title,
        parties=tuple(draw(st.lists(_NAME, min_size=2, max_size=4))),
        date=DateSpec.parse(draw(_DATES)),
        summary=draw(_TEXT),
    )
    return agreement, _clean(title)


@settings(max_examples=300, deadline=None)
@given(drawn=_facts())
def test_every_cloze_hides_exactly_its_answer(drawn: tuple[AnyFact, str]) -> None:
    fact, answer = drawn
    (cloze,) = cards_for_fact(fact, FactBase((fact,), SOURCES), SHIPPED)
    assert cloze.cloze is not None
    before, hidden, after = cloze.cloze
    assert hidden in (answer, answer[:1].upper() + answer[1:])
    assert cloze.back == before + hidden + after
    assert cloze.front.count("[...]") == 1
    assert cloze.front.split("[...]") == [
        before.replace("[...]", "[…]"),
        after.replace("[...]", "[…]"),
    ]
    for text in (cloze.front, cloze.back):
        assert HIDE_OPEN not in text
        assert HIDE_CLOSE not in text
        assert "  " not in text


@settings(max_examples=300, deadline=None)
@given(drawn=_facts())
def test_no_card_has_stray_spaces_or_doubled_stops(drawn: tuple[AnyFact, str]) -> None:
    fact = every_kind(drawn[0])
    for made in cards_for_fact(fact, FactBase((fact,), SOURCES), SHIPPED):
        texts = [made.front, made.back]
        if made.cloze:
            texts = [made.cloze[0], made.cloze[2], made.front]
        for text in texts:
            assert "  " not in text
            assert " ," not in text
            assert re.search(r"(?<!\.)\.\.(?!\.)", text) is None


# Cards named before they are rendered: a quiz picks a few refs, then renders only those.

_EVENTS = st.sampled_from(
    [
        "Mongolia and North Korea signed a treaty",
        "Mongolia and North Korea signed a trade deal",
        "Mongolia opened an embassy in Pyongyang",
        "Mongolia opened a consulate in Rason",
    ]
)
_NESTED_DATES = st.sampled_from(
    ["1948", "2013", "2013-10", "2013-10-30", "2013-10-31", "2013/2014", "2013-10/2013-12"]
)
_DECKS = st.sampled_from(["Mongolia::Diplomacy", "Mongolia::Economy", "Korea::Diplomacy"])


@st.composite
def _fact_bases(draw: st.DrawFn) -> FactBase:
    """Draw facts of every type whose dates often coincide or nest, so reverse cards need the
    context that only the whole base can tell."""
    facts: list[AnyFact] = []
    for number in range(draw(st.integers(min_value=1, max_value=12))):
        fact_type = draw(st.sampled_from(list(CARD_KINDS)))
        kinds = draw(st.sets(st.sampled_from(CARD_KINDS[fact_type])))
        common: dict[str, Any] = {
            "id": f"fact-{number}",
            "deck": draw(_DECKS),
            "sources": ("ifes",),
            "cards": tuple(k for k in CARD_KINDS[fact_type] if k in kinds),
        }
        date = DateSpec.parse(draw(_NESTED_DATES))
        if fact_type is FactType.DATE:
            hint = draw(st.sampled_from([None, "a visit"]))
            facts.append(DateFact(**common, event=draw(_EVENTS), date=date, hint=hint))
        elif fact_type is FactType.NAME:
            facts.append(NameFact(**common, name=f"Name {number}", description=draw(_EVENTS)))
        elif fact_type is FactType.FIGURE:
            value = FigureValue(number, number * 2)
            facts.append(FigureFact(**common, value=value, unit="tonnes", quantity="coal sold"))
        else:
            facts.append(
                AgreementFact(
                    **common,
                    title=f"Treaty {number}",
                    parties=("Mongolia", "North Korea"),
                    date=date,
                    summary="set up a joint commission",
                )
            )
    return FactBase(tuple(facts), SOURCES)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=_fact_bases(), data=st.data())
def test_cards_rendered_by_ref_are_the_cards_of_the_full_render(
    base: FactBase, data: st.DataObject
) -> None:
    full = generate_cards(base, SHIPPED)
    refs = card_refs(base)
    assert [(r.fact, r.kind, r.key, r.answer_field) for r in refs] == [
        (c.fact, c.kind, c.key, c.answer_field) for c in full
    ]
    only = data.draw(st.sets(st.sampled_from([fact.id for fact in base])))
    assert generate_cards(base, SHIPPED, only=only) == [c for c in full if c.fact.id in only]
    picked = data.draw(st.permutations(refs)) if refs else []
    picked = picked[: data.draw(st.integers(min_value=0, max_value=len(picked)))]
    by_key = {c.key: c for c in full}
    assert render_cards(picked, base, SHIPPED) == [by_key[r.key] for r in picked]
