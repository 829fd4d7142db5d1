"""Card checks and sentence mending: what a new user writes, read as the learner reads it."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.cards.checks import check_cards, leaked_answers
from quizgen.cards.giveaways import answer_forms, answer_pattern, searchable
from quizgen.cards.render import cards_for_fact
from quizgen.cards.sentences import fragments, mend
from quizgen.cards.templates import load_templates
from quizgen.errors import Location, TemplateError
from quizgen.model.facts import (
    AgreementFact,
    AnyFact,
    Card,
    CardKind,
    DateFact,
    DateSpec,
    FactBase,
    FigureFact,
    FigureValue,
    NameFact,
    NameKind,
    Wording,
)

TEMPLATES = load_templates()


def at(line: int) -> Location:
    return Location("facts/moon.yaml", line, 5)


def moon(fact_id: str, line: int) -> dict[str, object]:
    return {"id": fact_id, "deck": "Moon::Apollo", "sources": ("nasa",), "location": at(line)}


def fronts(fact: AnyFact, *others: AnyFact) -> dict[CardKind, str]:
    base = FactBase((fact, *others), {})
    return {card.kind: card.front for card in cards_for_fact(fact, base, TEMPLATES)}


ARMSTRONG = NameFact(
    **moon("armstrong", 3),  # type: ignore[arg-type]
    name="Neil Armstrong",
    description="American astronaut who was the first person to walk on the Moon",
    kind=NameKind.PERSON,
    aliases=("Armstrong",),
)
APOLLO_1 = DateFact(
    **moon("apollo-1-fire", 10),  # type: ignore[arg-type]
    event="A cabin fire during a launch rehearsal killed Gus Grissom, Ed White and Roger Chaffee.",
    date=DateSpec.parse("1967-01-27"),
    cards=(CardKind.QUESTION, CardKind.CLOZE),
)
WEATHER = AgreementFact(
    **moon("weather-data", 20),  # type: ignore[arg-type]
    title="Dryden-Blagonravov agreement",
    parties=("NASA", "the Soviet Academy of Sciences"),
    summary="an agreement to share weather satellite data",
    date=DateSpec.parse(1962),
)
WALKERS = FigureFact(
    **moon("moonwalkers", 30),  # type: ignore[arg-type]
    value=FigureValue(12, 12),
    unit="people",
    quantity="the number of people who walked on the Moon",
    date=DateSpec.parse("1969/1972"),
)
AREA = FigureFact(
    **moon("moon-area", 40),  # type: ignore[arg-type]
    value=FigureValue(37_900_000, 37_900_000),
    unit="square kilometres",
    quantity="the surface area of the Moon",
    approximate=True,
    current=True,
)
PROGRAMME = DateFact(
    **moon("apollo-programme", 50),  # type: ignore[arg-type]
    event="NASA ran the Apollo programme",
    date=DateSpec.parse("1961/1972"),
)
LANDING = DateFact(
    **moon("apollo-11", 60),  # type: ignore[arg-type]
    event="Apollo 11 landed on the Moon",
    date=DateSpec.parse("1969-07"),
)


# The new user's cards that did not read, each now right or warned about.


def test_a_description_without_a_determiner_is_given_the() -> None:
    assert fronts(ARMSTRONG)[CardKind.QUESTION] == (
        "Name the American astronaut who was the first person to walk on the Moon."
    )


def test_an_event_written_with_its_full_stop_keeps_one() -> None:
    made = fronts(APOLLO_1)
    assert made[CardKind.QUESTION] == (
        "A cabin fire during a launch rehearsal killed Gus Grissom, Ed White and Roger Chaffee. "
        "On what date?"
    )
    assert made[CardKind.CLOZE] == (
        "A cabin fire during a launch rehearsal killed Gus Grissom, Ed White and Roger Chaffee "
        "[...]."
    )


def test_a_summary_that_is_no_verb_phrase_reads_and_warns_with_a_rewording() -> None:
    assert fronts(WEATHER)[CardKind.WHICH] == (
        "Name the agreement between NASA and the Soviet Academy of Sciences: "
        "an agreement to share weather satellite data."
    )
    assert "which an" not in fronts(WEATHER)[CardKind.WHICH]
    assert fragments(WEATHER) == [
        "field 'summary': 'an agreement to share weather satellite data' does not say what "
        'the agreement did, so the card cannot ask "Which agreement ...?"; write a verb '
        "phrase, such as 'committed both sides to share weather satellite data'"
    ]


def test_the_number_of_people_who_did_something_asks_how_many_did_it() -> None:
    assert fronts(WALKERS)[CardKind.QUESTION] == (
        "How many people walked on the Moon between 1969 and 1972?"
    )


def test_a_figure_that_still_holds_is_asked_in_the_present() -> None:
    assert fronts(AREA)[CardKind.QUESTION] == "What is the surface area of the Moon?"
    assert fronts(dataclasses.replace(AREA, current=False))[CardKind.QUESTION] == (
        "What was the surface area of the Moon?"
    )


def test_a_span_with_facts_inside_it_is_warned_about() -> None:
    checked = check_cards(FactBase((PROGRAMME, LANDING), {}), TEMPLATES)
    assert [str(w) for w in checked.warnings] == [
        "facts/moon.yaml:50:5: fact 'apollo-programme': its date prompt “What happened between "
        "1961 and 1972?” also fits 'apollo-11' (facts/moon.yaml:60) in the same deck; give it "
        "a 'hint' that tells them apart"
    ]
    hinted = dataclasses.replace(PROGRAMME, hint="a whole programme")
    assert check_cards(FactBase((hinted, LANDING), {}), TEMPLATES).warnings == ()


# Mending changes only what has one right fix.


@pytest.mark.parametrize(
    ("description", "mended"),
    [
        ("American astronaut", "the American astronaut"),
        ("the first man", "the first man"),
        ("a crater", "a crater"),
        ("NASA's first administrator", "NASA's first administrator"),
        ("HB Oil's stake", "HB Oil's stake"),
        ("three astronauts", "three astronauts"),
        ("first man on the Moon.", "the first man on the Moon"),
        ("the capital of the U.S.", "the capital of the U.S."),
    ],
)
def test_mend_a_description(description: str, mended: str) -> None:
    fact = mend(dataclasses.replace(ARMSTRONG, description=description))
    assert isinstance(fact, NameFact)
    assert fact.description == mended


def test_mend_a_summary_written_as_a_clause() -> None:
    fact = mend(dataclasses.replace(WEATHER, summary="which set up a data link."))
    assert isinstance(fact, AgreementFact)
    assert fact.summary == "set up a data link"
    assert fragments(fact) == []


@pytest.mark.parametrize(
    ("quantity", "unit", "mended"),
    [
        ("astronauts on Apollo 11", "astronauts", "the number of astronauts on Apollo 11"),
        ("the astronauts on Apollo 11", "astronauts", "the number of astronauts on Apollo 11"),
        ("cattle sent to Korea", "head of cattle", "the number of cattle sent to Korea"),
        ("tonnes of cargo shipped", "tonnes", "the number of tonnes of cargo shipped"),
        ("news stories about the launch", "stories", "the number of news stories about the launch"),
        ("exports to China", "US dollars", "the exports to China"),
        ("surface area of the Moon", "square kilometres", "the surface area of the Moon"),
        ("the number of astronauts", "astronauts", "the number of astronauts"),
        ("NASA's astronauts", "astronauts", "NASA's astronauts"),
        ("census", "census", "the census"),
    ],
)
def test_mend_makes_a_quantity_of_what_its_unit_counts_a_count(
    quantity: str, unit: str, mended: str
) -> None:
    fact = mend(dataclasses.replace(AREA, quantity=quantity, unit=unit))
    assert isinstance(fact, FigureFact)
    assert fact.quantity == mended


def test_a_counted_quantity_is_asked_how_many() -> None:
    crew = dataclasses.replace(
        AREA, quantity="astronauts on Apollo 11", unit="astronauts", current=False
    )
    question = cards_for_fact(crew, FactBase((crew,), {}), TEMPLATES)[0]
    assert question.front == "How many astronauts on Apollo 11 were there?"
    assert fragments(crew) == []


def test_a_plural_quantity_that_is_no_count_is_warned_about() -> None:
    exports = dataclasses.replace(
        AREA, quantity="exports to China", unit="US dollars", current=False
    )
    assert fragments(exports) == [
        "field 'quantity': 'the exports to China' is plural, so the card asks \"What was the "
        "exports to China?\"; write what was measured: 'the number of exports ...' for a "
        "count, or 'the value of ...', 'the share of ...'"
    ]
    assert fragments(dataclasses.replace(AREA, quantity="the population of Mongolia")) == []


@pytest.mark.parametrize(
    ("party", "warned"),
    [
        ("United States", True),
        ("Czech Republic", True),
        ("Republic of Korea", True),
        ("Netherlands", True),
        ("the United States", False),
        ("UN member states", False),
        ("Panama", False),
        ("North Korea", False),
    ],
)
def test_a_party_english_writes_with_the_is_warned_about(party: str, warned: bool) -> None:
    treaty = dataclasses.replace(WEATHER, parties=(party, "Panama"), summary="set up a link")
    expected = (
        f"field 'parties': English writes '{party}' with 'the', and the cards print the "
        f"parties as written; write 'the {party}'"
    )
    assert fragments(treaty) == ([expected] if warned else [])


def test_mend_leaves_a_clean_fact_as_it_is() -> None:
    assert mend(LANDING) is LANDING


# The checks: warnings with file, line and fact, naming both sides.


def test_an_answer_on_another_front_names_both_facts() -> None:
    walk = DateFact(
        **moon("first-walk", 70),  # type: ignore[arg-type]
        event="Armstrong stepped onto the Moon",
        date=DateSpec.parse("1969-07-21"),
        hint="a first step",
    )
    checked = check_cards(FactBase((ARMSTRONG, walk), {}), TEMPLATES)
    assert [str(w) for w in checked.warnings] == [
        "facts/moon.yaml:3:5: fact 'armstrong': the answer of its question card, 'Armstrong', "
        "stands on the front of fact 'first-walk' (question card, facts/moon.yaml:70): "
        "“Armstrong stepped onto the Moon. On what date?”"
    ]


# Answers on fronts: the indexed search finds what searching every front finds.

_PIECES = st.sampled_from(
    ("Kim", "kim", "Il-sung", "1969", "July 1969", "1969 BC", "BC", "1970 and", "the", "Sa'id",
     "Straße", "STRASSE", "Üüd", "u\u0308d", "-", "…", "(x)", "a.b", "_", "x_y", "  ")
)  # fmt: skip
_TEXTS = st.lists(_PIECES, min_size=1, max_size=5).flatmap(
    lambda pieces: st.lists(
        st.sampled_from((" ", "", ", ", "-")), min_size=len(pieces), max_size=len(pieces)
    ).map(lambda gaps: "".join(piece + gap for piece, gap in zip(pieces, gaps, strict=True)))
)
_CARDS = st.lists(
    st.tuples(
        st.sampled_from(("one", "two", "three")),  # fact id
        st.sampled_from(("Moon", "Moon::Apollo", "Mars")),  # deck
        _TEXTS,  # front
        _TEXTS,  # answer
        st.lists(_TEXTS, max_size=2),  # aliases
    ),
    max_size=12,
)


def leaked_answers_by_searching_every_front(cards: list[Card]) -> list[tuple[Card, str, Card]]:
    """Find leaked answers as plainly as can be: every answer searched in every front."""
    found = []
    for deck in dict.fromkeys(card.fact.top_deck for card in cards):
        deck_cards = [card for card in cards if card.fact.top_deck == deck]
        for card in deck_cards:
            patterns = [(answer, answer_pattern(answer)) for answer in answer_forms(card)]
            for other in deck_cards:
                front = searchable(other.front)
                shown = (answer for answer, pattern in patterns if pattern.search(front))
                answer = next(shown, None)
                if other.fact.id != card.fact.id and answer is not None:
                    found.append((card, answer, other))
    return found


@settings(max_examples=300, deadline=None)
@given(_CARDS)
def test_leaked_answers_are_those_found_by_searching_every_front(
    drawn: list[tuple[str, str, str, str, list[str]]],
) -> None:
    cards = [
        Card(
            fact=dataclasses.replace(ARMSTRONG, id=fact_id, deck=deck, aliases=tuple(aliases)),
            kind=CardKind.QUESTION,
            front=front,
            back=answer,
            answer_field="name",
        )
        for fact_id, deck, front, answer, aliases in drawn
    ]
    assert leaked_answers(cards) == leaked_answers_by_searching_every_front(cards)


def test_identical_fronts_and_one_answer_asked_twice_are_warned_about() -> None:
    one = dataclasses.replace(LANDING, cards=(CardKind.QUESTION, CardKind.CLOZE), hint="x")
    two = dataclasses.replace(one, id="apollo-11-again", location=at(80))
    messages = [w.message for w in check_cards(FactBase((one, two), {}), TEMPLATES).warnings]
    assert (
        "its question and cloze cards ask for the same answer from the same cue; drop 'cloze' "
        "from 'cards'" in messages
    )
    assert (
        "its question card has the same front as fact 'apollo-11' (question card, "
        "facts/moon.yaml:60): “Apollo 11 landed on the Moon. In which month and year?”" in messages
    )


def test_a_front_over_thirty_words_is_warned_about() -> None:
    long = dataclasses.replace(LANDING, event=" ".join(["word"] * 31))
    messages = [w.message for w in check_cards(FactBase((long,), {}), TEMPLATES).warnings]
    assert messages == [
        "the front of its question card has 36 words; over 30 usually holds two facts: "
        "shorten 'event' or split the fact"
    ]


# A fact's own wording: the same variables, the same sandbox, errors that name it.


def test_a_fact_can_word_its_own_cards() -> None:
    own = dataclasses.replace(
        ARMSTRONG,
        wording={CardKind.QUESTION: Wording(front="Who first walked on the Moon ({{ topic }})?")},
    )
    base = FactBase((own,), {})
    (card,) = cards_for_fact(own, base, TEMPLATES)
    assert (card.front, card.back) == (
        "Who first walked on the Moon (Moon · Apollo)?",
        "Neil Armstrong",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Who is {{ nmae }}?", "unknown variable 'nmae' (did you mean 'name'?)"),
        (
            "{% for %}",
            "Expected an expression, got 'end of statement block' (line 1 of the template)",
        ),
        (
            "{% for i in range(999) %}{% for j in range(999) %}{% endfor %}{% endfor %}",
            "stopped: the template takes more than 10,000 steps (loop turns and calls)",
        ),
        ("{{ 'x' * 10**10 }}", "stopped: the template repeats a str past 10,000 items"),
    ],
)
def test_a_fact_wording_that_fails_names_its_file_line_fact_and_kind(
    text: str, message: str
) -> None:
    own = dataclasses.replace(ARMSTRONG, wording={CardKind.QUESTION: Wording(front=text)})
    with pytest.raises(TemplateError) as caught:
        cards_for_fact(own, FactBase((own,), {}), TEMPLATES)
    assert (
        str(caught.value)
        == f"facts/moon.yaml:3:5: fact 'armstrong': wording 'question' front: {message}"
    )
    checked = check_cards(FactBase((own,), {}), TEMPLATES)
    assert [str(problem) for problem in checked.problems] == [
        f"facts/moon.yaml:3:5: fact 'armstrong': wording 'question' front: {message}"
    ]


def test_a_date_inside_a_vaguer_date_of_the_same_topic_is_warned_about() -> None:
    """ "What happened on 20 July 1969?" also fits a fact known only as "in July 1969"."""
    day = dataclasses.replace(
        LANDING,
        id="first-step",
        event="A man stepped onto the Moon",
        date=DateSpec.parse("1969-07-20"),
    )
    checked = check_cards(FactBase((LANDING, day), {}), TEMPLATES)
    prompts = [w for w in checked.warnings if "date prompt" in w.message]
    assert [w.fact_id for w in prompts] == ["apollo-11", "first-step"]
    assert "“What happened on 20 July 1969?” also fits 'apollo-11'" in prompts[1].message
    elsewhere = dataclasses.replace(day, deck="Moon::Science")
    warnings = check_cards(FactBase((LANDING, elsewhere), {}), TEMPLATES).warnings
    assert not [w for w in warnings if "date prompt" in w.message]


def test_an_agreement_of_one_collective_party_reads_right() -> None:
    treaty = AgreementFact(
        **moon("outer-space-treaty", 90),  # type: ignore[arg-type]
        title="Outer Space Treaty",
        parties=("UN member states",),
        summary="banned nuclear weapons in orbit",
        date=DateSpec.parse(1967),
        cards=(CardKind.WHICH, CardKind.WHEN, CardKind.PARTIES),
    )
    assert fronts(treaty) == {
        CardKind.WHICH: (
            "Which agreement signed by UN member states banned nuclear weapons in orbit?"
        ),
        CardKind.WHEN: "In which year did UN member states sign the Outer Space Treaty?",
        CardKind.PARTIES: "Who signed the Outer Space Treaty?",
    }
    alone = dataclasses.replace(treaty, cards=(CardKind.WHICH,))
    assert fronts(alone)[CardKind.WHICH] == (
        "Which 1967 agreement signed by UN member states banned nuclear weapons in orbit?"
    )
