"""Tests of forgiving answer checking: one table of replies with their exact verdicts."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from factories import APOLLO_FACTS, HISTORIES
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.cards.render import generate_cards
from quizgen.cards.templates import load_templates
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
    Verb,
)
from quizgen.quiz.answers import Grade, Verdict, check, expected_answer, normalise, typed_is_fair

C, A, P, W = Grade.CORRECT, Grade.ALMOST, Grade.PARTIAL, Grade.WRONG


def _card(fact: AnyFact, field: str, back: str, kind: CardKind = CardKind.QUESTION) -> Card:
    return Card(fact=fact, kind=kind, front="?", back=back, answer_field=field)


VISIT = DateFact(
    id="visit",
    deck="Mongolia",
    sources=("krusekopf",),
    event="Mongolia's president made a state visit to Pyongyang",
    date=DateSpec.parse("2013-10"),
)
FORUM = DateFact(
    id="forum",
    deck="Mongolia",
    sources=("dierkes",),
    event="a business forum met in Ulaanbaatar",
    date=DateSpec.parse("2013-10-30"),
)
RECOGNITION = DateFact(
    id="recognition",
    deck="Mongolia",
    sources=("campi",),
    event="Mongolia recognized North Korea",
    date=DateSpec.parse(1948),
)
CLOSURE = DateFact(
    id="closure",
    deck="Mongolia",
    sources=("campi",),
    event="North Korea closed its embassy",
    date=DateSpec.parse(1999),
    approximate=True,
)
TERM = DateFact(
    id="term",
    deck="Mongolia",
    sources=("campi",),
    event="Elbegdorj served as president",
    date=DateSpec.parse("2009/2017"),
)
ELBEGDORJ = NameFact(
    id="elbegdorj",
    deck="Mongolia",
    sources=("krusekopf",),
    name="Tsakhiagiin Elbegdorj",
    description="the Mongolian president who made a state visit to Pyongyang in October 2013",
    kind=NameKind.PERSON,
    aliases=("Elbegdorj",),
)
KHURELSUKH = NameFact(
    id="khurelsukh",
    deck="Mongolia",
    sources=("campi",),
    name="Ukhnaagiin Khürelsükh",
    description="the prime minister of Mongolia from 2017",
    kind=NameKind.PERSON,
)
KIM = NameFact(
    id="kim",
    deck="Korea",
    sources=("campi",),
    name="Kim Jong-un",
    description="the leader of North Korea",
    kind=NameKind.PERSON,
)
UB = NameFact(
    id="ub",
    deck="Mongolia",
    sources=("campi",),
    name="Ulaanbaatar",
    description="the capital of Mongolia",
    kind=NameKind.PLACE,
    aliases=("Ulan Bator",),
)
SOVIET = NameFact(
    id="soviet",
    deck="History",
    sources=("krusekopf",),
    name="the Soviet Union",
    description="the only state that recognized North Korea before Mongolia did",
    kind=NameKind.PLACE,
    verb=Verb.WAS,
)
WORKERS = FigureFact(
    id="workers",
    deck="Mongolia",
    sources=("ifes",),
    value=FigureValue(1749, 1749),
    unit="workers",
    quantity="the number of North Korean workers in Mongolia",
)
RESIDENTS = FigureFact(
    id="residents",
    deck="Mongolia",
    sources=("mendee",),
    value=FigureValue(2000, 2000),
    unit="North Koreans",
    quantity="the number of North Koreans living in Mongolia",
    approximate=True,
)
STAKE = FigureFact(
    id="stake",
    deck="Mongolia",
    sources=("ifes",),
    value=FigureValue(20, 20),
    unit="percent",
    quantity="HB Oil's stake in the Sungri refinery operator",
)
CATTLE = FigureFact(
    id="cattle",
    deck="Mongolia",
    sources=("ifes",),
    value=FigureValue(225000, 225000),
    unit="head of cattle",
    quantity="the livestock Mongolia offered",
)
TOURISTS = FigureFact(
    id="tourists",
    deck="Mongolia",
    sources=("mendee",),
    value=FigureValue(30000, 40000),
    unit="tourists",
    quantity="the number of Mongolian tourists a year",
)
TRADE = FigureFact(
    id="trade",
    deck="Mongolia",
    sources=("mendee",),
    value=FigureValue(2_500_000, 2_500_000),
    unit="dollars",
    quantity="the trade",
)
TREATY = AgreementFact(
    id="treaty",
    deck="Mongolia",
    sources=("campi",),
    title="Treaty of Friendship and Cooperation",
    parties=("Mongolia", "North Korea"),
    date=DateSpec.parse("2002-08"),
    summary="restored ties after the cooling of the 1990s",
)
TRILATERAL = AgreementFact(
    id="trilateral",
    deck="Mongolia",
    sources=("campi",),
    title="Trilateral Transit Accord",
    parties=("Mongolia", "Russia", "China"),
    date=DateSpec.parse("2014-05-21"),
    summary="opened rail transit",
)

VISIT_DATE = _card(VISIT, "date", "in October 2013")
FORUM_DATE = _card(FORUM, "date", "on 30 October 2013")
RECOGNITION_DATE = _card(RECOGNITION, "date", "in 1948")
CLOSURE_DATE = _card(CLOSURE, "date", "around 1999")
TERM_DATE = _card(TERM, "date", "between 2009 and 2017")
ELBEGDORJ_NAME = _card(ELBEGDORJ, "name", "Tsakhiagiin Elbegdorj")
KHURELSUKH_NAME = _card(KHURELSUKH, "name", "Ukhnaagiin Khürelsükh")
KIM_NAME = _card(KIM, "name", "Kim Jong-un")
UB_NAME = _card(UB, "name", "Ulaanbaatar")
SOVIET_NAME = _card(SOVIET, "name", "The Soviet Union")
WORKERS_VALUE = _card(WORKERS, "value", "1,749 workers")
RESIDENTS_VALUE = _card(RESIDENTS, "value", "about 2,000 North Koreans")
STAKE_VALUE = _card(STAKE, "value", "20 percent")
CATTLE_VALUE = _card(CATTLE, "value", "225,000 head of cattle")
TOURISTS_VALUE = _card(TOURISTS, "value", "30,000 to 40,000 tourists")
TRADE_VALUE = _card(TRADE, "value", "2.5 million dollars")
TREATY_TITLE = _card(TREATY, "title", "the Treaty of Friendship and Cooperation", CardKind.WHICH)
TREATY_PARTIES = _card(TREATY, "parties", "Mongolia and North Korea", CardKind.PARTIES)
TREATY_DATE = _card(TREATY, "date", "in August 2002", CardKind.WHEN)
TRILATERAL_PARTIES = _card(TRILATERAL, "parties", "Mongolia, Russia and China", CardKind.PARTIES)
TRILATERAL_DATE = _card(TRILATERAL, "date", "on 21 May 2014", CardKind.WHEN)
VISIT_EVENT = _card(
    VISIT, "event", "Mongolia's president made a state visit to Pyongyang.", CardKind.REVERSE
)
KIM_DESCRIPTION = _card(KIM, "description", "The leader of North Korea.", CardKind.REVERSE)
VISIT_CLOZE = Card(
    fact=VISIT,
    kind=CardKind.CLOZE,
    front="Mongolia's president made a state visit to Pyongyang […].",
    back="Mongolia's president made a state visit to Pyongyang in October 2013.",
    answer_field="date",
    cloze=("Mongolia's president made a state visit to Pyongyang ", "in October 2013", "."),
)
KIM_CLOZE = Card(
    fact=KIM,
    kind=CardKind.CLOZE,
    front="[…] is the leader of North Korea.",
    back="Kim Jong-un is the leader of North Korea.",
    answer_field="name",
    cloze=("", "Kim Jong-un", " is the leader of North Korea."),
)

TREATY_ALIASED = _card(
    dataclasses.replace(TREATY, aliases=("Friendship Treaty",)),
    "title",
    "the Treaty of Friendship and Cooperation",
    CardKind.WHICH,
)
VISIT_ALIASED = _card(
    dataclasses.replace(VISIT, aliases=("Elbegdorj's Pyongyang trip",)),
    "event",
    "Mongolia's president made a state visit to Pyongyang.",
    CardKind.REVERSE,
)
ROUND_EVENT = _card(
    DateFact(
        id="round-one",
        deck="Mongolia",
        sources=("campi",),
        event="Mongolia hosted the first of three rounds of Japan–North Korea talks",
        date=DateSpec.parse("2012-11"),
    ),
    "event",
    "Mongolia hosted the first of three rounds of Japan–North Korea talks.",
    CardKind.REVERSE,
)
RESOLUTION_TITLE = _card(
    AgreementFact(
        id="sanctions",
        deck="Korea",
        sources=("campi",),
        title="Resolution 2397",
        parties=("United Nations", "North Korea"),
        date=DateSpec.parse("2017-12-22"),
        summary="capped North Korea's oil imports",
    ),
    "title",
    "Resolution 2397",
    CardKind.WHICH,
)
UNKNOWN_FIELD = _card(VISIT, "no-such-field", "Some Answer")

CASES: list[tuple[Card, str, Grade, str]] = [
    # A name written with its article is answered with or without it.
    (SOVIET_NAME, "Soviet Union", C, "Correct."),
    (SOVIET_NAME, "the soviet union", C, "Correct."),
    (SOVIET_NAME, "Soviet Unoin", A, "Almost: it is spelled the Soviet Union."),
    # Empty replies.
    (ELBEGDORJ_NAME, "", W, "No answer given."),
    (VISIT_DATE, "   ", W, "No answer given."),
    (WORKERS_VALUE, "?!", W, "No answer given."),
    # Names: case, accents, punctuation, hyphens, spacing, articles, word order, aliases.
    (ELBEGDORJ_NAME, "Tsakhiagiin Elbegdorj", C, "Correct."),
    (ELBEGDORJ_NAME, "tsakhiagiin elbegdorj", C, "Correct."),
    (ELBEGDORJ_NAME, "  Tsakhiagiin   Elbegdorj. ", C, "Correct."),
    (ELBEGDORJ_NAME, "Elbegdorj Tsakhiagiin", C, "Correct."),
    (ELBEGDORJ_NAME, "elbegdorj", C, "Correct."),
    (KHURELSUKH_NAME, "Ukhnaagiin Khurelsukh", C, "Correct."),
    (KHURELSUKH_NAME, "UKHNAAGIIN KHÜRELSÜKH", C, "Correct."),
    (KIM_NAME, "Kim Jong Un", C, "Correct."),
    (KIM_NAME, "kim jong un", C, "Correct."),
    (KIM_NAME, "Kim Jongun", C, "Correct."),
    (UB_NAME, "Ulan Bator", C, "Correct."),
    (
        _card(dataclasses.replace(UB, name="North Korea"), "name", "North Korea"),
        "DPRK",
        C,
        "Correct.",
    ),
    (UB_NAME, "ulan-bator", C, "Correct."),
    (TREATY_TITLE, "the Treaty of Friendship and Cooperation", C, "Correct."),
    (TREATY_TITLE, "A treaty of friendship & co-operation", C, "Correct."),
    (ELBEGDORJ_NAME, "President Elbegdorj", C, "Correct."),
    (KHURELSUKH_NAME, "Prime Minister Ukhnaagiin Khurelsukh", C, "Correct."),
    (KIM_NAME, "Marshal Kim Jong Un", C, "Correct."),
    (KIM_NAME, "Leader Kim Jung Un", A, "Almost: it is spelled Kim Jong-un."),
    # Near-miss typos: ALMOST, with the right spelling.
    (ELBEGDORJ_NAME, "Elbegdorg", A, "Almost: it is spelled Elbegdorj."),
    (ELBEGDORJ_NAME, "Elbegdroj", A, "Almost: it is spelled Elbegdorj."),
    (ELBEGDORJ_NAME, "Tsakiagiin Elbegdorj", A, "Almost: it is spelled Tsakhiagiin Elbegdorj."),
    (KHURELSUKH_NAME, "Ukhnagiin Khurelsuh", A, "Almost: it is spelled Ukhnaagiin Khürelsükh."),
    (KIM_NAME, "Kim Jung Un", A, "Almost: it is spelled Kim Jong-un."),
    (UB_NAME, "Ulanbaatar", A, "Almost: it is spelled Ulaanbaatar."),
    (
        TREATY_TITLE,
        "Treaty of Frendship and Cooperation",
        A,
        "Almost: it is spelled Treaty of Friendship and Cooperation.",
    ),
    (RESOLUTION_TITLE, "Resolution 2397", C, "Correct."),
    (RESOLUTION_TITLE, "Resolutoin 2397", A, "Almost: it is spelled Resolution 2397."),
    (RESOLUTION_TITLE, "Resolution 2379", W, "Wrong: the answer is the Resolution 2397."),
    # Too far, or a different person.
    (KIM_NAME, "Kim Jong Il", W, "Wrong: the answer is Kim Jong-un."),
    (KIM_NAME, "Kim Il Sung", W, "Wrong: the answer is Kim Jong-un."),
    (ELBEGDORJ_NAME, "Enkhbayar", W, "Wrong: the answer is Tsakhiagiin Elbegdorj."),
    (UB_NAME, "Ulan Ude", W, "Wrong: the answer is Ulaanbaatar."),
    # Part of a name.
    (
        ELBEGDORJ_NAME,
        "Tsakhiagiin",
        P,
        "Only part of it: the full answer is Tsakhiagiin Elbegdorj.",
    ),
    (
        TREATY_TITLE,
        "Treaty of Friendship",
        P,
        "Only part of it: the full answer is the Treaty of Friendship and Cooperation.",
    ),
    # Dates in any common form.
    (VISIT_DATE, "October 2013", C, "Correct."),
    (VISIT_DATE, "Oct 2013", C, "Correct."),
    (VISIT_DATE, "oct. 2013", C, "Correct."),
    (VISIT_DATE, "2013-10", C, "Correct."),
    (VISIT_DATE, "10/2013", C, "Correct."),
    (VISIT_DATE, "in October 2013", C, "Correct."),
    (VISIT_DATE, "30 October 2013", C, "Correct."),
    (VISIT_DATE, "2013", P, "Right year; the month was October."),
    (VISIT_DATE, "November 2013", P, "Right year; the month was October."),
    (VISIT_DATE, "1 November 2013", P, "Right year; the month was October."),
    (VISIT_DATE, "October 2012", W, "Off by one year: it was October 2013."),
    (VISIT_DATE, "1990", W, "Wrong: it was October 2013."),
    (VISIT_DATE, "Pyongyang", W, "I could not read a date there; the answer is October 2013."),
    (FORUM_DATE, "30 October 2013", C, "Correct."),
    (FORUM_DATE, "October 30, 2013", C, "Correct."),
    (FORUM_DATE, "30/10/2013", C, "Correct."),
    (FORUM_DATE, "2013-10-30", C, "Correct."),
    (FORUM_DATE, "the 30th of October 2013", C, "Correct."),
    (FORUM_DATE, "October 2013", P, "Right month; the date was 30 October 2013."),
    (FORUM_DATE, "29 October 2013", P, "Right month; the date was 30 October 2013."),
    (FORUM_DATE, "2013", P, "Right year; the date was 30 October 2013."),
    (TRILATERAL_DATE, "21/5/2014", C, "Correct."),
    (TRILATERAL_DATE, "5/21/2014", C, "Correct."),
    (TRILATERAL_DATE, "May 21st, 2014", C, "Correct."),
    (RECOGNITION_DATE, "1948", C, "Correct."),
    (RECOGNITION_DATE, "October 1948", C, "Correct."),
    (RECOGNITION_DATE, "1949", W, "Off by one year: it was 1948."),
    (CLOSURE_DATE, "1999", C, "Correct."),
    (CLOSURE_DATE, "1998", C, "Close enough: the date is approximate, around 1999."),
    (CLOSURE_DATE, "2000", C, "Close enough: the date is approximate, around 1999."),
    (CLOSURE_DATE, "2001", W, "Wrong: it was 1999."),
    (TREATY_DATE, "August 2002", C, "Correct."),
    (TREATY_DATE, "2002", P, "Right year; the month was August."),
    # Intervals.
    (TERM_DATE, "2009-2017", C, "Correct."),
    (TERM_DATE, "2009 to 2017", C, "Correct."),
    (TERM_DATE, "from 2009 until 2017", C, "Correct."),
    (TERM_DATE, "2009–2016", P, "One end right: it ran from 2009 to 2017."),
    (TERM_DATE, "2009", P, "That is when it began; it ran from 2009 to 2017."),
    (TERM_DATE, "2017", P, "That is when it ended; it ran from 2009 to 2017."),
    (TERM_DATE, "2012", P, "That falls within it; it ran from 2009 to 2017."),
    (TERM_DATE, "1990 to 2000", W, "Wrong: it ran from 2009 to 2017."),
    (VISIT_DATE, "2012-2014", P, "Your span holds it, but it was one date: October 2013."),
    # Figures.
    (WORKERS_VALUE, "1749", C, "Correct."),
    (WORKERS_VALUE, "1,749", C, "Correct."),
    (WORKERS_VALUE, "1 749 workers", C, "Correct."),
    (WORKERS_VALUE, "1750", A, "Almost: it was 1,749 workers."),
    (WORKERS_VALUE, "1800", W, "Close, but it was 1,749 workers."),
    (WORKERS_VALUE, "5000", W, "Wrong: it was 1,749 workers."),
    (WORKERS_VALUE, "many", W, "I could not read a number there; the answer is 1,749 workers."),
    (RESIDENTS_VALUE, "2000", C, "Correct."),
    (RESIDENTS_VALUE, "two thousand", C, "Correct."),
    (RESIDENTS_VALUE, "2,050", C, "Close enough: it was about 2,000 North Koreans."),
    (RESIDENTS_VALUE, "1900", C, "Close enough: it was about 2,000 North Koreans."),
    (RESIDENTS_VALUE, "2,200", W, "Close, but it was about 2,000 North Koreans."),
    (STAKE_VALUE, "20", C, "Correct."),
    (STAKE_VALUE, "20%", C, "Correct."),
    (STAKE_VALUE, "20 percent", C, "Correct."),
    (STAKE_VALUE, "twenty per cent", C, "Correct."),
    (STAKE_VALUE, "25%", W, "Close, but it was 20 percent."),
    (CATTLE_VALUE, "225000", C, "Correct."),
    (CATTLE_VALUE, "225,000", C, "Correct."),
    (CATTLE_VALUE, "225 thousand", C, "Correct."),
    (CATTLE_VALUE, "225k", C, "Correct."),
    (CATTLE_VALUE, "two hundred and twenty-five thousand", C, "Correct."),
    (TRADE_VALUE, "2.5 million", C, "Correct."),
    (TRADE_VALUE, "2,500,000", C, "Correct."),
    (TRADE_VALUE, "two and a half million", C, "Correct."),
    (TRADE_VALUE, "two million", W, "Close, but it was 2.5 million dollars."),
    (TOURISTS_VALUE, "30-40 thousand", C, "Correct."),
    (TOURISTS_VALUE, "30,000 to 40,000", C, "Correct."),
    (TOURISTS_VALUE, "between 30 and 40 thousand", C, "Correct."),
    (TOURISTS_VALUE, "35000", C, "Correct."),
    (TOURISTS_VALUE, "40 thousand", C, "Correct."),
    (
        TOURISTS_VALUE,
        "25-35 thousand",
        P,
        "Your range overlaps it: it was 30,000 to 40,000 tourists.",
    ),
    (TOURISTS_VALUE, "45000", W, "Close, but it was 30,000 to 40,000 tourists."),
    (WORKERS_VALUE, "1,700-1,800", P, "Your range holds it, but it was 1,749 workers."),
    # Agreement parties.
    (TREATY_PARTIES, "Mongolia and North Korea", C, "Correct."),
    (TREATY_PARTIES, "North Korea, Mongolia", C, "Correct."),
    (TREATY_PARTIES, "north korea & mongolia", C, "Correct."),
    (TRILATERAL_PARTIES, "China, Russia and Mongolia", C, "Correct."),
    (TRILATERAL_PARTIES, "russia; china; mongolia", C, "Correct."),
    (
        TRILATERAL_PARTIES,
        "Russia and China",
        P,
        "You named 2 of the 3 parties: Mongolia, Russia and China.",
    ),
    (TREATY_PARTIES, "Mongolia", P, "You named 1 of the 2 parties: Mongolia and North Korea."),
    (
        TREATY_PARTIES,
        "Mongolia, North Korea and Japan",
        P,
        "Right parties, plus 1 that was not one: Mongolia and North Korea.",
    ),
    (
        TREATY_PARTIES,
        "Mongloia and North Korea",
        A,
        "Almost: it is spelled Mongolia and North Korea.",
    ),
    (TREATY_PARTIES, "Japan", W, "Wrong: the parties were Mongolia and North Korea."),
    (TREATY_PARTIES, "Mongolia and the DPRK", C, "Correct."),
    (TREATY_PARTIES, "D.P.R.K., Mongolia", C, "Correct."),
    (
        TREATY_PARTIES,
        "Mongolia and the Democratic People's Republic of Korea",
        C,
        "Correct.",
    ),
    (
        TREATY_PARTIES,
        "Mongolia and the Republic of Korea",
        P,
        "You named 1 of the 2 parties: Mongolia and North Korea.",
    ),
    (TRILATERAL_PARTIES, "PRC, Russian Federation, Mongolia", C, "Correct."),
    # Free text: most content words, or a close spelling.
    (VISIT_EVENT, "Mongolia's president made a state visit to Pyongyang", C, "Correct."),
    (
        VISIT_EVENT,
        "the Mongolian president made a state visit to Pyongyang",
        C,
        "Accepted: the full answer is Mongolia's president made a state visit to Pyongyang.",
    ),
    (
        VISIT_EVENT,
        "Mongolian president state visit Pyongyang",
        C,
        "Accepted: the full answer is Mongolia's president made a state visit to Pyongyang.",
    ),
    (
        VISIT_EVENT,
        "a visit",
        W,
        "Wrong: the answer is Mongolia's president made a state visit to Pyongyang.",
    ),
    (
        ROUND_EVENT,
        "Mongolia hosted the first round of Japan-North Korea talks",
        C,
        "Accepted: the full answer is Mongolia hosted the first of three rounds of "
        "Japan–North Korea talks.",
    ),
    (
        ROUND_EVENT,
        "Mongolia hosted the second of three rounds of Japan–North Korea talks",
        W,
        "Wrong: the answer is Mongolia hosted the first of three rounds of "
        "Japan–North Korea talks.",
    ),
    (
        ROUND_EVENT,
        "Mongolia hosted three rounds of Japan–South Korea talks",
        W,
        "Wrong: the answer is Mongolia hosted the first of three rounds of "
        "Japan–North Korea talks.",
    ),
    (KIM_DESCRIPTION, "leader of north korea", C, "Correct."),
    (
        KIM_DESCRIPTION,
        "the leader of South Korea",
        W,
        "Wrong: the answer is the leader of North Korea.",
    ),
    (
        KIM_DESCRIPTION,
        "north korean leader",
        C,
        "Accepted: the full answer is the leader of North Korea.",
    ),
    (KIM_DESCRIPTION, "a Korean", W, "Wrong: the answer is the leader of North Korea."),
    # Cloze cards: judged on the field they hide, or the hidden words themselves.
    (VISIT_CLOZE, "in October 2013", C, "Correct."),
    (VISIT_CLOZE, "Oct 2013", C, "Correct."),
    (VISIT_CLOZE, "2013", P, "Right year; the month was October."),
    (KIM_CLOZE, "kim jong un", C, "Correct."),
    (KIM_CLOZE, "Kim Jung Un", A, "Almost: it is spelled Kim Jong-un."),
    # Aliases count for the field they name; an unknown field falls back on the card's back.
    (TREATY_ALIASED, "friendship treaty", C, "Correct."),
    (TREATY_ALIASED, "Frendship Treaty", A, "Almost: it is spelled Friendship Treaty."),
    (VISIT_ALIASED, "Elbegdorj's Pyongyang trip", C, "Correct."),
    (UNKNOWN_FIELD, "some answer", C, "Correct."),
    (UNKNOWN_FIELD, "another", W, "Wrong: the answer is Some Answer."),
    # A month without its year; text that is not a date or a number.
    (VISIT_DATE, "October", P, "Right month, but give the year too: it was October 2013."),
    (VISIT_DATE, "oct.", P, "Right month, but give the year too: it was October 2013."),
    (VISIT_DATE, "Nov", W, "Wrong: it was October 2013."),
    (RECOGNITION_DATE, "May", W, "I could not read a date there; the answer is 1948."),
    (VISIT_DATE, "10.2013", C, "Correct."),
    (WORKERS_VALUE, "金正恩", W, "I could not read a number there; the answer is 1,749 workers."),
    (KIM_NAME, "金正恩", W, "Wrong: the answer is Kim Jong-un."),
    (
        TRILATERAL_PARTIES,
        "Mongolia, Russia, China, Japan, USA",
        P,
        "Right parties, plus 2 that were not one: Mongolia, Russia and China.",
    ),
]


# Cards rendered by the shipped templates from a new user's own topic, and the replies such
# a user typed: a figure whose unit carries the scale, spans of days and years, a sensible
# rounding, people named by their surnames, a missing middle initial, a nickname.
APOLLO = {card.key: card for card in generate_cards(APOLLO_FACTS, load_templates())}
ANCIENT = FactBase((HISTORIES,), APOLLO_FACTS.sources)
[HISTORIES_DATE] = [c for c in generate_cards(ANCIENT, load_templates()) if c.kind == "question"]
COST = APOLLO["apollo-cost/question"]
MISSION = APOLLO["apollo-17/question"]
PROGRAMME = APOLLO["apollo-programme/question"]
HEIGHT = APOLLO["saturn-v-height/question"]
LEADERS = APOLLO["space-cooperation/parties"]
ENGINEER = APOLLO["margaret-hamilton/question"]
PILOT = APOLLO["buzz-aldrin/question"]
CRAFT = APOLLO["columbia/reverse"]
COMMAND = "the command module of Apollo 11"
COST_WAS = "it was about 25.4 billion US dollars."
RAN = "it ran from 7 to 19 December 1972."

NEW_USER_CASES = [
    (COST, "25.4 billion dollars", C, "Correct."),
    (COST, "$25.4 billion", C, "Correct."),
    (COST, "25,400,000,000", C, "Correct."),
    (COST, "25.4", C, "Correct."),
    (COST, "25 billion", C, f"Close enough: {COST_WAS}"),
    (COST, "30 billion", W, f"Wrong: {COST_WAS}"),
    (COST, "25.4 million", W, f"Wrong: {COST_WAS}"),
    (MISSION, "December 1972", P, f"Right month; {RAN}"),
    (MISSION, "1972", P, f"Right year; {RAN}"),
    (MISSION, "Dec 7-19, 1972", C, "Correct."),
    (MISSION, "December 7-19, 1972", C, "Correct."),
    (MISSION, "10 December 1972", P, f"That falls within it; {RAN}"),
    (MISSION, "November 1972", W, f"Wrong: {RAN}"),
    (PROGRAMME, "1961-72", C, "Correct."),
    (PROGRAMME, "1961 to 72", C, "Correct."),
    (PROGRAMME, "1961-75", P, "One end right: it ran from 1961 to 1972."),
    (HEIGHT, "111", A, "Almost: it was 110.6 m."),
    (HEIGHT, "111 m", A, "Almost: it was 110.6 m."),
    (HEIGHT, "110.6", C, "Correct."),
    (HEIGHT, "115", W, "Close, but it was 110.6 m."),
    (LEADERS, "Nixon and Kosygin", C, "Correct."),
    (LEADERS, "Kosygin, Nixon", C, "Correct."),
    (LEADERS, "Nixson and Kosygin", A, "Almost: it is spelled Richard Nixon and Alexei Kosygin."),
    (LEADERS, "Nixon", P, "You named 1 of the 2 parties: Richard Nixon and Alexei Kosygin."),
    (ENGINEER, "Margaret Hamilton", C, "Correct."),
    (ENGINEER, "margaret h hamilton", C, "Correct."),
    (ENGINEER, "Margret Hamilton", A, "Almost: it is spelled Margaret H. Hamilton."),
    (ENGINEER, "Hamilton", P, "Only part of it: the full answer is Margaret H. Hamilton."),
    (PILOT, "Buzz Aldrin", C, "Correct."),
    (PILOT, "Edwin Aldrin", C, "Correct."),
    (PILOT, "Aldrin", P, 'Only part of it: the full answer is Edwin E. "Buzz" Aldrin Jr.'),
    (PILOT, "Neil Armstrong", W, 'Wrong: the answer is Edwin E. "Buzz" Aldrin Jr.'),
    (CRAFT, "command module of Apollo 11", C, "Correct."),
    (CRAFT, "Apollo 11's command module", C, f"Accepted: the full answer is {COMMAND}."),
    (CRAFT, "the lunar module of Apollo 11", W, f"Wrong: the answer is {COMMAND}."),
    (CRAFT, "the command module of Apollo 12", W, f"Wrong: the answer is {COMMAND}."),
    (HISTORIES_DATE, "450 BC", C, "Correct."),
    (HISTORIES_DATE, "around 450 BCE", C, "Correct."),
    (HISTORIES_DATE, "449 BC", C, "Close enough: the date is approximate, around 450 BC."),
    (HISTORIES_DATE, "-450", C, "Correct."),
    (HISTORIES_DATE, "450", P, "Right year, but BC: it was 450 BC."),
    (HISTORIES_DATE, "460 BC", W, "Wrong: it was 450 BC."),
]
CASES += NEW_USER_CASES


MOVABLE_TYPE = DateFact(
    id="movable-type",
    deck="Printing",
    sources=("s",),
    event="Bi Sheng invented movable type of baked clay",
    date=DateSpec.parse("1041/1048"),
    approximate=True,
)
INCUNABULA = DateFact(
    id="incunabula",
    deck="Printing",
    sources=("s",),
    event="the first printed books, the incunabula, were made",
    date=DateSpec.parse("1450/1500"),
)
MOVABLE_TYPE_DATE = _card(MOVABLE_TYPE, "date", "roughly between 1041 and 1048")
INCUNABULA_DATE = _card(INCUNABULA, "date", "between 1450 and 1500")
ROUGHLY = "it ran roughly from 1041 to 1048."
TERM_RAN = "it ran from 2009 to 2017."
INCUNABULA_RAN = "it ran from 1450 to 1500."

# Decades and centuries against years, intervals and approximate dates: each message is true.
PERIOD_CASES = [
    (MOVABLE_TYPE_DATE, "1040s", C, f"Close enough: {ROUGHLY}"),
    (MOVABLE_TYPE_DATE, "the 1040s", C, f"Close enough: {ROUGHLY}"),
    (MOVABLE_TYPE_DATE, "mid-1040s", C, f"Close enough: {ROUGHLY}"),
    (MOVABLE_TYPE_DATE, "11th century", P, f"Right century; {ROUGHLY}"),
    (MOVABLE_TYPE_DATE, "the eleventh century", P, f"Right century; {ROUGHLY}"),
    (MOVABLE_TYPE_DATE, "1050s", W, f"Wrong: {ROUGHLY}"),
    (MOVABLE_TYPE_DATE, "12th century", W, f"Wrong: {ROUGHLY}"),
    (MOVABLE_TYPE_DATE, "1041", P, f"That is when it began; {ROUGHLY}"),
    (MOVABLE_TYPE_DATE, "1040", P, f"That is about when it began; {ROUGHLY}"),
    (MOVABLE_TYPE_DATE, "1045", P, f"That falls within it; {ROUGHLY}"),
    (MOVABLE_TYPE_DATE, "1041-1048", C, "Correct."),
    (MOVABLE_TYPE_DATE, "1030-1045", P, f"Your span overlaps it; {ROUGHLY}"),
    (TERM_DATE, "2000s", P, f"Only part of it fell in the 2000s; {TERM_RAN}"),
    (TERM_DATE, "the 2010s", P, f"Only part of it fell in the 2010s; {TERM_RAN}"),
    (TERM_DATE, "21st century", P, f"Right century; {TERM_RAN}"),
    (TERM_DATE, "1990s", W, f"Wrong: {TERM_RAN}"),
    (TERM_DATE, "2005 to 2010", P, f"Your span overlaps it; {TERM_RAN}"),
    (INCUNABULA_DATE, "1470s", P, "The 1470s fell within it; it ran from 1450 to 1500."),
    (INCUNABULA_DATE, "15th century", P, "Right century; it ran from 1450 to 1500."),
    (INCUNABULA_DATE, "the 1400s", P, f"Only part of it fell in the 1400s; {INCUNABULA_RAN}"),
    (INCUNABULA_DATE, "17th century", W, f"Wrong: {INCUNABULA_RAN}"),
    (RECOGNITION_DATE, "1940s", P, "Right decade; it was 1948."),
    (RECOGNITION_DATE, "the 1940's", P, "Right decade; it was 1948."),
    (RECOGNITION_DATE, "20th century", P, "Right century; it was 1948."),
    (RECOGNITION_DATE, "1950s", W, "Wrong: it was 1948."),
    (CLOSURE_DATE, "1990s", C, "Close enough: the date is approximate, around 1999."),
    (CLOSURE_DATE, "the 20th century", P, "Right century; it was around 1999."),
    (CLOSURE_DATE, "2000s", W, "Wrong: it was around 1999."),
    (HISTORIES_DATE, "the 450s BC", C, "Close enough: the date is approximate, around 450 BC."),
    (HISTORIES_DATE, "5th century BC", P, "Right century; it was around 450 BC."),
    (HISTORIES_DATE, "the fifth century BCE", P, "Right century; it was around 450 BC."),
    (HISTORIES_DATE, "5th century", W, "Wrong: it was around 450 BC."),
    (TREATY_DATE, "2000s", P, "Right decade; it was August 2002."),
]
CASES += PERIOD_CASES


@pytest.mark.parametrize(
    ("card", "reply", "grade", "message"),
    CASES,
    ids=[f"{card.fact.id}-{card.answer_field}-{reply!r}" for card, reply, _, _ in CASES],
)
def test_check_judges_replies(card: Card, reply: str, grade: Grade, message: str) -> None:
    verdict = check(card, reply)
    assert (verdict.grade, verdict.message) == (grade, message)


@pytest.mark.parametrize(
    ("card", "expected"),
    [
        (VISIT_DATE, "in October 2013"),
        (ELBEGDORJ_NAME, "Tsakhiagiin Elbegdorj"),
        (RESIDENTS_VALUE, "about 2,000 North Koreans"),
        (VISIT_CLOZE, "in October 2013"),
        (_card(KIM, "name", ""), "Kim Jong-un"),
        (_card(TRILATERAL, "parties", ""), "Mongolia, Russia and China"),
        (_card(TOURISTS, "value", ""), "30,000 to 40,000 tourists"),
    ],
)
def test_verdict_carries_the_full_answer(card: Card, expected: str) -> None:
    assert expected_answer(card) == expected
    assert check(card, "nonsense").expected == expected


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("The Kim Jong-un!", "kim jong un"),
        ("Ukhnaagiin Khürelsükh", "ukhnaagiin khurelsukh"),
        ("  A   treaty ", "treaty"),
        ("the", "the"),
        ("Mongolia's", "mongolias"),
        ("Friendship & Cooperation", "friendship and cooperation"),
    ],
)
def test_normalise_folds_what_does_not_matter(text: str, normal: str) -> None:
    assert normalise(text) == normal


@pytest.mark.parametrize(
    ("card", "fair"),
    [
        (VISIT_DATE, True),
        (ELBEGDORJ_NAME, True),
        (WORKERS_VALUE, True),
        (TREATY_PARTIES, True),
        (TREATY_TITLE, True),
        (VISIT_CLOZE, True),
        (VISIT_EVENT, False),
        (KIM_DESCRIPTION, False),
    ],
)
def test_free_text_cards_are_not_fair_to_type(card: Card, fair: bool) -> None:
    assert typed_is_fair(card) is fair


ALL_CARDS = [case[0] for case in CASES]


@settings(max_examples=300, deadline=None)
@given(card=st.sampled_from(ALL_CARDS), reply=st.text(max_size=60))
def test_any_text_gets_a_verdict(card: Card, reply: str) -> None:
    verdict = check(card, reply)
    assert isinstance(verdict, Verdict)
    assert verdict.grade in Grade
    assert verdict.message


@settings(max_examples=100, deadline=None)
@given(
    card=st.sampled_from(ALL_CARDS),
    reply=st.from_regex(r"[0-9 ,./\-]{0,30}(thousand|million|st|th|may|oct)?", fullmatch=True),
)
def test_number_and_date_shaped_text_gets_a_verdict(card: Card, reply: str) -> None:
    assert isinstance(check(card, reply), Verdict)


def _readme_rows(heading: str) -> list[tuple[str, str, str, str]]:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split(heading, 1)[1].split("\n\n", 2)[1]
    rows = []
    for line in table.splitlines()[2:]:
        answer, reply, grade, message = (cell.strip() for cell in line.strip("|").split(" | "))
        rows.append((answer, reply.strip("`"), grade, message))
    return rows


NEW_USER_ROWS = _readme_rows("Replies a new user typed on a topic of their own")
NEW_USER_CARDS = [*APOLLO.values(), HISTORIES_DATE]


@pytest.mark.parametrize(("answer", "reply", "grade", "message"), NEW_USER_ROWS)
def test_the_readme_table_of_a_new_users_replies_is_what_the_quiz_says(
    answer: str, reply: str, grade: str, message: str
) -> None:
    [card] = [card for card in NEW_USER_CARDS if card.back == answer and not card.cloze]
    verdict = check(card, reply)
    assert (verdict.grade.value, verdict.message) == (grade, message)
