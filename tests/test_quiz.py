"""Tests of the quiz session logic, run without a terminal or a database."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from quizgen.cards.render import card_refs, generate_cards
from quizgen.cards.templates import load_templates
from quizgen.factfiles.loader import load_fact_base
from quizgen.model.facts import (
    Card,
    CardKind,
    DateFact,
    DateSpec,
    FactType,
    FigureFact,
    FigureValue,
    NameFact,
)
from quizgen.quiz.answers import Grade, Verdict
from quizgen.quiz.answers.choice import AskAgain
from quizgen.quiz.scheduling import Style
from quizgen.quiz.session import (
    Mode,
    Question,
    Result,
    judge,
    make_questions,
    one_per_fact,
    pick_cards,
    run,
    select_cards,
    shuffled,
    summarize,
)

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def date_card(
    fact_id: str, answer: str, *, deck: str = "Mongolia", tags: Sequence[str] = ()
) -> Card:
    fact = DateFact(
        id=fact_id,
        deck=deck,
        sources=("s",),
        tags=tuple(tags),
        event=f"{fact_id} happened",
        date=DateSpec.parse(answer),
    )
    return Card(fact, CardKind.QUESTION, f"When did {fact_id} happen?", answer, "date")


def name_card(fact_id: str, name: str, kind: CardKind = CardKind.QUESTION) -> Card:
    fact = NameFact(
        id=fact_id,
        deck="Mongolia::People",
        sources=("s",),
        name=name,
        description="a person",
        tags=("people",),
    )
    return Card(fact, kind, "Who is a person?", name, "name")


def figure_card(fact_id: str) -> Card:
    fact = FigureFact(
        id=fact_id,
        deck="Trade",
        sources=("s",),
        value=FigureValue(1200, 1200),
        unit="workers",
        quantity="the number of workers",
    )
    return Card(
        fact, CardKind.QUESTION, "What was the number of workers?", "1,200 workers", "value"
    )


def exact(card: Card, reply: str) -> Verdict:
    """Grade by exact text, with "almost" for a reply off by its last letter."""
    if reply == card.back:
        return Verdict(Grade.CORRECT, "Correct.", card.back)
    if reply == card.back[:-1]:
        return Verdict(Grade.ALMOST, "Almost.", card.back)
    return Verdict(Grade.WRONG, "Wrong.", card.back)


@dataclass(frozen=True)
class Options:
    options: tuple[str, ...]
    answer_index: int


def four_options(card: Card, rng: random.Random) -> Options:
    options = [card.back, "decoy one", "decoy two", "decoy three"]
    rng.shuffle(options)
    return Options(tuple(options), options.index(card.back))


def no_options(card: Card, rng: random.Random) -> None:
    return None


def scripted(replies: Sequence[str | None]) -> tuple[list[tuple[int, str | None]], object]:
    """Answer from a list; record each (question number, notice) asked."""
    asked: list[tuple[int, str | None]] = []
    feed: Iterator[str | None] = iter(replies)

    def answer(question: Question, notice: str | None) -> str | None:
        asked.append((question.number, notice))
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    return asked, answer


def ticking() -> object:
    moments = iter(range(0, 1000, 3))
    return lambda: float(next(moments))


CARDS = [date_card("a", "1948"), date_card("b", "1990"), date_card("c", "2013-10")]


def typed(cards: Sequence[Card]) -> list[Question]:
    return make_questions(
        cards,
        mode=Mode.TYPED,
        rng=random.Random(1),
        choose=four_options,
        typed_is_fair=lambda c: True,
    )


def test_a_typed_quiz_grades_records_and_times_each_answer() -> None:
    asked, answer = scripted(["1948", "1991", "2013-1"])
    kept: list[Result] = []
    results = list(
        run(typed(CARDS), answer, check=exact, record=kept.append, clock=ticking(), now=lambda: T0)  # type: ignore[arg-type]
    )
    assert [r.verdict.grade for r in results] == [Grade.CORRECT, Grade.WRONG, Grade.ALMOST]
    assert [r.reply for r in results] == ["1948", "1991", "2013-1"]
    assert [r.seconds for r in results] == [3.0, 3.0, 3.0]
    assert kept == results
    assert asked == [(1, None), (2, None), (3, None)]
    summary = summarize(results, seconds=9.0, planned=3)
    assert (summary.asked, summary.count(Grade.CORRECT), summary.count(Grade.WRONG)) == (3, 1, 1)
    assert summary.score == pytest.approx(2 / 3)
    assert [r.card.fact.id for r in summary.missed] == ["b"]


def test_each_result_is_recorded_before_the_next_question_is_asked() -> None:
    events: list[str] = []

    def answer(question: Question, notice: str | None) -> str:
        events.append(f"ask {question.number}")
        return question.card.back

    def record(result: Result) -> None:
        events.append(f"record {result.question.number}")

    for result in run(typed(CARDS), answer, check=exact, record=record):
        events.append(f"show {result.question.number}")
    assert events == [
        "ask 1", "record 1", "show 1",
        "ask 2", "record 2", "show 2",
        "ask 3", "record 3", "show 3",
    ]  # fmt: skip


@pytest.mark.parametrize("end", ["none", "eof"])
def test_end_of_input_stops_the_quiz_with_what_was_answered(end: str) -> None:
    replies: list[str | None] = ["1948"] + ([None] if end == "none" else [])
    _, answer = scripted(replies)
    kept: list[Result] = []
    results = list(run(typed(CARDS), answer, check=exact, record=kept.append))  # type: ignore[arg-type]
    assert [r.card.fact.id for r in results] == ["a"]
    assert kept == results
    summary = summarize(results, seconds=1.0, planned=3, interrupted=True)
    assert (summary.asked, summary.planned, summary.score) == (1, 3, 1.0)


def test_an_interrupt_while_answering_loses_nothing_already_recorded() -> None:
    kept: list[Result] = []

    def answer(question: Question, notice: str | None) -> str:
        if question.number == 3:
            raise KeyboardInterrupt
        return question.card.back

    session = run(typed(CARDS), answer, check=exact, record=kept.append)
    seen = [next(session), next(session)]
    with pytest.raises(KeyboardInterrupt):
        next(session)
    assert [r.card.fact.id for r in kept] == ["a", "b"]
    assert seen == kept


def choice_question(answer_index: int = 1) -> Question:
    card = date_card("a", "1948")
    options = ("1945", "1948", "1950", "1961")
    return Question(1, 1, card, Style.CHOICE, options, answer_index)


@pytest.mark.parametrize(
    ("reply", "grade", "message"),
    [
        ("2", Grade.CORRECT, "Correct."),
        (" 2. ", Grade.CORRECT, "Correct."),
        ("2)", Grade.CORRECT, "Correct."),
        ("1", Grade.WRONG, "Wrong: you chose 1; the answer is 2."),
        ("4", Grade.WRONG, "Wrong: you chose 4; the answer is 2."),
        ("1948", Grade.CORRECT, "Correct."),
        ("1950", Grade.WRONG, "Wrong: you chose 3; the answer is 2."),
        ("", Grade.WRONG, "No answer given."),
        ("   ", Grade.WRONG, "No answer given."),
        ("194", Grade.ALMOST, "Almost."),
        ("in the forties", Grade.WRONG, "Wrong."),
    ],
)
def test_a_choice_reply_is_a_number_an_option_or_a_typed_answer(
    reply: str, grade: Grade, message: str
) -> None:
    verdict = judge(choice_question(), reply, exact)
    assert verdict == Verdict(grade, message, "1948")


@pytest.mark.parametrize("reply", ["0", "5", "12", "99."])
def test_a_choice_number_out_of_range_asks_again(reply: str) -> None:
    assert judge(choice_question(), reply, exact) == AskAgain(
        "Reply with a number from 1 to 4, or the answer itself."
    )
    asked, answer = scripted([reply, "2"])
    [result] = run([choice_question()], answer, check=exact)  # type: ignore[arg-type]
    assert result.verdict.grade is Grade.CORRECT
    assert asked == [(1, None), (1, "Reply with a number from 1 to 4, or the answer itself.")]


def test_option_text_matches_without_case_or_accents() -> None:
    card = name_card("president", "Khürelsükh")
    question = Question(1, 1, card, Style.CHOICE, ("Elbegdorj", "Khürelsükh"), 1)
    assert judge(question, "khurelsukh", exact) == Verdict(Grade.CORRECT, "Correct.", "Khürelsükh")


EVENTS = (
    "Mongolia recognized North Korea",
    "Mongolia reopened its embassy in Pyongyang",
    "North Korea closed its embassy in Ulaanbaatar",
    "Freight trains first crossed to the port of Rason",
)


@pytest.mark.parametrize(
    ("reply", "grade", "message"),
    [
        ("Mongolia reopened", Grade.CORRECT, "Correct."),
        ("mongolia reopened its embassy", Grade.CORRECT, "Correct."),
        ("Freight trains", Grade.WRONG, "Wrong: you chose 4; the answer is 2."),
        ("North", Grade.WRONG, "Wrong: you chose 3; the answer is 2."),
        ("Freight", Grade.WRONG, "Wrong: you chose 4; the answer is 2."),
        ("Mongolia's embassy", Grade.WRONG, "Wrong."),
    ],
)
def test_the_first_words_of_an_option_choose_it(reply: str, grade: Grade, message: str) -> None:
    card = name_card("embassy", EVENTS[1])
    question = Question(1, 1, card, Style.CHOICE, EVENTS, 1)
    assert judge(question, reply, exact) == Verdict(grade, message, EVENTS[1])


PRESSES = (
    "Aldus Manutius printed a Virgil in the first italic type, cut by Francesco Griffo",
    "Sweynheym and Pannartz set up the first press in Italy, at Subiaco",
    "Aldus Manutius founded his press in Venice",
    "the troops of Adolf II of Nassau sacked Mainz and scattered its printers",
)


@pytest.mark.parametrize(
    ("answer_index", "reply", "grade", "message"),
    [
        (1, "Sweynheym", Grade.CORRECT, "Correct."),
        (1, "sweynheym and", Grade.CORRECT, "Correct."),
        (2, "Sweynheym", Grade.WRONG, "Wrong: you chose 2; the answer is 3."),
        (2, "Aldus Manutius founded", Grade.CORRECT, "Correct."),
        (3, "troops", Grade.CORRECT, "Correct."),
        (3, "the troops of Adolf", Grade.CORRECT, "Correct."),
    ],
)
def test_a_first_word_no_other_option_starts_with_chooses_its_option(
    answer_index: int, reply: str, grade: Grade, message: str
) -> None:
    card = name_card("press", PRESSES[answer_index])
    question = Question(1, 1, card, Style.CHOICE, PRESSES, answer_index)
    assert judge(question, reply, exact) == Verdict(grade, message, PRESSES[answer_index])


WHICH_ALDUS = f"Which one: 1) {PRESSES[0]} or 3) {PRESSES[2]}?"


@pytest.mark.parametrize("reply", ["Aldus", "aldus manutius", "  ALDUS  "])
def test_first_words_that_start_two_options_ask_which_one(reply: str) -> None:
    card = name_card("press", PRESSES[2])
    question = Question(1, 1, card, Style.CHOICE, PRESSES, 2)
    assert judge(question, reply, exact) == AskAgain(WHICH_ALDUS)
    asked, answer = scripted([reply, "3"])
    [result] = run([question], answer, check=exact)  # type: ignore[arg-type]
    assert (result.verdict.grade, result.reply) == (Grade.CORRECT, "3")
    assert asked == [(1, None), (1, WHICH_ALDUS)]


def test_a_blank_typed_reply_gives_up_and_shows_the_answer() -> None:
    [question] = typed([date_card("a", "1948")])
    assert judge(question, "", exact) == Verdict(Grade.WRONG, "No answer given.", "1948")


def test_choice_mode_asks_every_card_with_four_options() -> None:
    questions = make_questions(
        CARDS,
        mode=Mode.CHOICE,
        rng=random.Random(3),
        choose=four_options,
        typed_is_fair=lambda c: True,
    )
    assert [q.style for q in questions] == [Style.CHOICE] * 3
    for q in questions:
        assert len(q.options) == 4
        assert q.answer_option == q.card.back
    assert [(q.number, q.total) for q in questions] == [(1, 3), (2, 3), (3, 3)]


def test_typed_mode_asks_an_unfair_card_as_multiple_choice() -> None:
    unfair = figure_card("workers")
    questions = make_questions(
        [CARDS[0], unfair],
        mode=Mode.TYPED,
        rng=random.Random(1),
        choose=four_options,
        typed_is_fair=lambda c: c is not unfair,
    )
    assert [q.style for q in questions] == [Style.TYPED, Style.CHOICE]
    assert questions[0].options == ()


def test_a_card_without_enough_options_is_typed() -> None:
    questions = make_questions(
        CARDS,
        mode=Mode.CHOICE,
        rng=random.Random(1),
        choose=no_options,
        typed_is_fair=lambda c: True,
    )
    assert [q.style for q in questions] == [Style.TYPED] * 3


def test_mixed_mode_mixes_and_repeats_with_the_seed() -> None:
    cards = [date_card(f"f{n}", str(1900 + n)) for n in range(20)]

    def styles(seed: int) -> list[Style]:
        return [
            q.style
            for q in make_questions(
                cards, mode=Mode.MIXED, rng=random.Random(seed), choose=four_options,
                typed_is_fair=lambda c: True,
            )
        ]  # fmt: skip

    assert styles(5) == styles(5)
    assert set(styles(5)) == {Style.TYPED, Style.CHOICE}
    assert styles(5) != styles(6)


def test_the_same_seed_gives_the_same_order_and_options() -> None:
    cards = [date_card(f"f{n}", str(1900 + n)) for n in range(10)]

    def quiz(seed: int) -> list[tuple[str, tuple[str, ...]]]:
        rng = random.Random(seed)
        questions = make_questions(
            shuffled(cards, rng), mode=Mode.CHOICE, rng=rng, choose=four_options,
            typed_is_fair=lambda c: True,
        )  # fmt: skip
        return [(q.card.key, q.options) for q in questions]

    assert quiz(1) == quiz(1)
    assert quiz(1) != quiz(2)


def test_cards_are_selected_by_deck_with_subdecks_tag_and_type() -> None:
    cards = [
        date_card("a", "1948", deck="Mongolia", tags=["diplomacy"]),
        date_card("b", "1990", deck="Mongolia::Trade", tags=["trade"]),
        date_card("c", "1991", deck="Mongoliana"),
        name_card("d", "Khürelsükh"),
        figure_card("e"),
    ]

    def ids(**filters: object) -> list[str]:
        return [c.fact.id for c in select_cards(cards, **filters)]  # type: ignore[arg-type]

    assert ids() == ["a", "b", "c", "d", "e"]
    assert ids(decks=["mongolia"]) == ["a", "b", "d"]
    assert ids(decks=["Mongolia::Trade"]) == ["b"]
    assert ids(decks=["Trade", "Mongoliana"]) == ["c", "e"]
    assert ids(tags=["trade", "people"]) == ["b", "d"]
    assert ids(types=[FactType.NAME, FactType.FIGURE]) == ["d", "e"]
    assert ids(decks=["Mongolia"], types=[FactType.DATE], tags=["diplomacy"]) == ["a"]


def test_one_card_per_fact_so_no_card_answers_another() -> None:
    cards = [
        name_card("p", "Khürelsükh", CardKind.QUESTION),
        date_card("a", "1948"),
        name_card("p", "Khürelsükh", CardKind.REVERSE),
    ]
    assert [c.key for c in one_per_fact(cards)] == ["p/question", "a/question"]


def test_missed_facts_are_listed_once_in_the_order_asked() -> None:
    def result(fact_id: str, grade: Grade) -> Result:
        card = date_card(fact_id, "1948")
        question = Question(1, 1, card, Style.TYPED)
        return Result(question, "x", Verdict(grade, "", "1948"), 1.0, T0)

    summary = summarize(
        [
            result("a", Grade.WRONG),
            result("b", Grade.CORRECT),
            result("c", Grade.PARTIAL),
            result("a", Grade.WRONG),
            result("d", Grade.ALMOST),
        ],
        seconds=5.0,
        planned=5,
    )
    assert [r.card.fact.id for r in summary.missed] == ["a", "c"]
    assert summary.points == 2.5
    assert summary.score == pytest.approx((1 + 0.5 + 1) / 5)
    assert summarize([], seconds=0.0, planned=3).score == 0.0


def test_pick_cards_prefers_a_due_card_of_a_fact_over_its_new_sibling() -> None:
    question = name_card("p", "Khürelsükh", CardKind.QUESTION)
    reverse = name_card("p", "Khürelsükh", CardKind.REVERSE)
    others = [date_card(f"f{n}", str(1950 + n)) for n in range(4)]
    due = {"p/reverse": T0 - dt.timedelta(hours=1), "f0/question": T0 + dt.timedelta(days=1)}
    picked = pick_cards(
        [question, *others, reverse], random.Random(1), limit=3, due=due, now=T0, new_allowed=5
    )
    assert picked[0] is reverse
    assert question not in picked
    assert others[0] not in picked  # answered before and not due yet
    assert len(picked) == 3


def test_pick_cards_without_due_is_a_seeded_shuffle_of_one_card_per_fact() -> None:
    cards = [date_card(f"f{n}", str(1950 + n)) for n in range(8)]
    cards.append(name_card("f3", "Khürelsükh", CardKind.REVERSE))
    first = pick_cards(cards, random.Random(9), limit=20)
    assert first == pick_cards(cards, random.Random(9), limit=20)
    assert len(first) == 8
    assert len({c.fact.id for c in first}) == 8
    assert len(pick_cards(cards, random.Random(9), limit=3)) == 3


SHIPPED_FACTS = Path(__file__).resolve().parent.parent / "facts"


@pytest.fixture(scope="module")
def shipped_cards() -> list[Card]:
    return generate_cards(load_fact_base(SHIPPED_FACTS), load_templates(SHIPPED_FACTS))


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(
    ("decks", "tags", "types"),
    [
        ((), (), ()),
        ((), (), (FactType.DATE, FactType.AGREEMENT)),
        ((), ("japan",), ()),
        (("mongolia and the koreas::history",), (), ()),
    ],
)
def test_picking_refs_picks_the_cards_that_picking_rendered_cards_picks(
    shipped_cards: list[Card],
    seed: int,
    decks: tuple[str, ...],
    tags: tuple[str, ...],
    types: tuple[FactType, ...],
) -> None:
    refs = card_refs(load_fact_base(SHIPPED_FACTS))
    cards = select_cards(shipped_cards, decks=decks, tags=tags, types=types)
    chosen = select_cards(refs, decks=decks, tags=tags, types=types)
    assert cards
    assert [r.key for r in chosen] == [c.key for c in cards]
    picked = pick_cards(cards, random.Random(seed), limit=12)
    named = pick_cards(chosen, random.Random(seed), limit=12)
    assert [r.key for r in named] == [c.key for c in picked]
    # Every third card answered before: half of those due now, half later.
    keys = [c.key for c in shipped_cards]
    due = {k: T0 + dt.timedelta(hours=(-1) ** n * (n + 1)) for n, k in enumerate(keys[::3])}
    picked = pick_cards(cards, random.Random(seed), limit=12, due=due, now=T0, new_allowed=4)
    named = pick_cards(chosen, random.Random(seed), limit=12, due=due, now=T0, new_allowed=4)
    assert [r.key for r in named] == [c.key for c in picked]


def test_replies_can_come_from_a_plain_list() -> None:
    results = list(run(typed(CARDS), ["1948", "1990"], check=exact))
    assert [r.verdict.grade for r in results] == [Grade.CORRECT, Grade.CORRECT]
    assert list(run(typed(CARDS), iter(()), check=exact)) == []


@pytest.mark.parametrize(
    ("option", "shown"),
    [
        ("the troops of Adolf II sacked Mainz", "The troops of Adolf II sacked Mainz"),
        ("labour agreement", "Labour agreement"),
        ("Friendship Treaty", "Friendship Treaty"),
        ("de Gaulle", "de Gaulle"),
        ("van Eyck", "van Eyck"),
        ("iPhone launch", "iPhone launch"),
        ("1948", "1948"),
    ],
)
def test_an_option_starts_with_a_capital_as_the_answer_line_does(option: str, shown: str) -> None:
    card = name_card("x", option)
    [question] = make_questions(
        [card],
        mode=Mode.CHOICE,
        rng=random.Random(1),
        choose=lambda c, r: Options((option, "Someone else"), 0),
        typed_is_fair=lambda c: True,
    )
    assert question.options == (shown, "Someone else")
    assert judge(question, option, exact).grade is Grade.CORRECT
