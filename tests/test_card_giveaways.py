"""Giveaways a new user's printing-press topic made: a front holding its own answer, a
sibling printing what another card asks, every front an answer stands on, BC beside AD."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from factories import (
    ALDINE_ITALIC,
    BIBLES_SURVIVING,
    CAXTON_BOOKS,
    FUST_LOAN,
    GUTENBERG,
    GUTENBERG_DEATH,
    GUTENBERG_STRASBOURG,
    INCUNABULA_EDITIONS,
    PHAISTOS_DISC,
    STATIONERS_CHARTER,
    STATUTE_OF_ANNE,
    STATUTE_OF_ANNE_YAML,
    every_kind,
    write_fact_folder,
)

from quizgen.cards.checks import check_cards
from quizgen.cards.render import cards_for_fact
from quizgen.cards.templates import load_templates
from quizgen.errors import QuizgenError
from quizgen.factfiles.loader import load_fact_base
from quizgen.model.facts import AnyFact, CardKind, DateFact, DateSpec, FactBase, Wording

TEMPLATES = load_templates()


def warnings(*facts: AnyFact) -> list[str]:
    return [str(w) for w in check_cards(FactBase(facts, {}), TEMPLATES).warnings]


def test_a_front_that_holds_its_own_answer_is_warned_about() -> None:
    assert warnings(ALDINE_ITALIC) == [
        "facts/press.yaml:3:5: fact 'aldine-italic': the front of its question card gives "
        "away its own answer, 'Aldine italic': “Name the slanted typeface called Aldine "
        "italic that Griffo cut.”"
    ]


def test_a_which_front_with_most_of_the_title_is_warned_about() -> None:
    assert warnings(STATIONERS_CHARTER) == [
        "facts/press.yaml:10:5: fact 'stationers-charter': the front of its which card "
        "gives away its own answer, 'Stationers' Company charter' (it prints stationers, "
        "company): “Which agreement gave the London Stationers' Company near-control of p…”"
    ]


def test_the_default_which_front_leaves_out_the_year_its_when_card_asks() -> None:
    base = FactBase((FUST_LOAN,), {})
    fronts = {card.kind: card.front for card in cards_for_fact(FUST_LOAN, base, TEMPLATES)}
    assert fronts == {
        CardKind.WHICH: (
            "Which agreement between Johann Fust and Johannes Gutenberg lent Gutenberg 800 "
            "guilders secured on his printing equipment?"
        ),
        CardKind.WHEN: "In which year did Johann Fust and Johannes Gutenberg sign the first loan?",
    }
    assert warnings(FUST_LOAN) == []
    without_when = dataclasses.replace(FUST_LOAN, cards=(CardKind.WHICH,))
    (card,) = cards_for_fact(without_when, FactBase((without_when,), {}), TEMPLATES)
    assert card.front.startswith("Which 1450 agreement between Johann Fust")


def test_a_sibling_front_that_prints_another_cards_answer_is_warned_about() -> None:
    own = dataclasses.replace(
        FUST_LOAN,
        wording={CardKind.WHICH: Wording(front="Which {{ year }} loan lent Gutenberg money?")},
    )
    assert warnings(own) == [
        "facts/press.yaml:20:5: fact 'fust-loan': the front of its which card gives away the "
        "answer of its when card, '1450': “Which 1450 loan lent Gutenberg money?”"
    ]


def test_every_front_an_answer_stands_on_is_named() -> None:
    found = warnings(GUTENBERG, GUTENBERG_STRASBOURG, GUTENBERG_DEATH)
    assert sorted(w.split("stands on the front of ")[1].split(" (")[0] for w in found) == [
        "fact 'gutenberg-death'",
        "fact 'gutenberg-strasbourg'",
    ]


def test_a_year_after_christ_is_not_found_in_a_span_before_christ() -> None:
    fifteenth = DateFact(
        id="paper-mill",
        deck=PHAISTOS_DISC.deck,
        sources=("nasa",),
        event="A paper mill opened in Nuremberg",
        date=DateSpec.parse(1450),
        hint="paper",
        location=PHAISTOS_DISC.location,
    )
    assert [w for w in warnings(fifteenth, PHAISTOS_DISC) if "stands on the front" in w] == []
    bc = dataclasses.replace(fifteenth, date=DateSpec.parse("1500 BC"))
    assert [w for w in warnings(bc, PHAISTOS_DISC) if "'1500 BC'" in w]


# Counts and collective parties as a new user words them.


def front(fact: AnyFact, kind: CardKind = CardKind.QUESTION) -> str:
    made = cards_for_fact(fact, FactBase((fact,), {}), TEMPLATES)
    return next(card.front for card in made if card.kind is kind)


def test_a_count_of_what_someone_did_asks_what_it_was_and_suggests_a_rewording() -> None:
    assert front(CAXTON_BOOKS) == "What was the count of books Caxton printed?"
    assert warnings(CAXTON_BOOKS) == [
        "facts/press.yaml:80:5: fact 'caxton-books': field 'quantity': 'the count of books "
        'Caxton printed\' has no "How many ...?" form, so the card asks "What was the count '
        "of books Caxton printed?\"; reword it as 'the number of books printed by Caxton', or "
        "give the fact its own 'wording'"
    ]
    reworded = dataclasses.replace(CAXTON_BOOKS, quantity="the number of books printed by Caxton")
    assert front(reworded) == "How many books were printed by Caxton?"


def test_a_count_with_a_participle_of_its_own_puts_the_verb_before_it() -> None:
    assert front(BIBLES_SURVIVING) == (
        "How many copies of the Gutenberg Bible are known to survive, complete or not?"
    )
    assert front(INCUNABULA_EDITIONS) == "How many incunabula editions are recorded today?"


def test_an_agreement_of_one_collective_party_is_signed_by_it() -> None:
    assert front(STATUTE_OF_ANNE, CardKind.WHICH) == (
        "Which agreement signed by the Parliament of Great Britain gave authors copyright in "
        "their books for fourteen years?"
    )
    assert front(STATUTE_OF_ANNE, CardKind.WHEN) == (
        "On what date did the Parliament of Great Britain sign the Statute of Anne?"
    )


def test_a_statute_is_passed_not_signed(tmp_path: Path) -> None:
    folder = write_fact_folder(tmp_path / "facts", {"law.yaml": STATUTE_OF_ANNE_YAML})
    facts = load_fact_base(folder)
    (statute,) = facts
    made = {c.kind: c.front for c in cards_for_fact(every_kind(statute), facts, TEMPLATES)}
    assert made == {
        CardKind.WHICH: (
            "Which agreement passed by the Parliament of Great Britain gave authors copyright in "
            "their books for fourteen years?"
        ),
        CardKind.WHEN: (
            "On what date was the Statute of Anne passed by the Parliament of Great Britain?"
        ),
        CardKind.PARTIES: "Who passed the Statute of Anne?",
        CardKind.CLOZE: (
            "The Parliament of Great Britain passed the [...], which gave authors copyright in "
            "their books for fourteen years."
        ),
    }


def test_an_action_is_one_verb(tmp_path: Path) -> None:
    text = STATUTE_OF_ANNE_YAML.replace("action: passed", "action: was passed")
    folder = write_fact_folder(tmp_path / "facts", {"law.yaml": text})
    with pytest.raises(QuizgenError) as caught:
        load_fact_base(folder)
    assert "field 'action': 'was passed' is not one lowercase verb in the past tense" in str(
        caught.value
    )
