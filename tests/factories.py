"""Test data shared by the test modules: sample sources, facts and fact bases.

Add builders here rather than pasting facts or YAML into a test module; never rename or
remove one that others use.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from quizgen.errors import Location
from quizgen.model.facts import (
    CARD_KINDS,
    AgreementFact,
    AnyFact,
    CardKind,
    DateFact,
    DateSpec,
    Disputed,
    FactBase,
    FigureFact,
    FigureValue,
    NameFact,
    NameKind,
    Source,
    Verb,
)

# Card samples: one or more facts of every type and wording the templates must handle.

SOURCES = {
    "krusekopf": Source(
        "krusekopf",
        "Charles Krusekopf",
        "North Korea and Mongolia: A New Partnership for Two Old Friends?",
        "Asia Pacific Bulletin",
        DateSpec.parse("2013-11-14"),
    ),
    "ifes": Source("ifes", "IFES", "Economic cooperation", "IFES brief", DateSpec.parse("2013-07")),
    "campi": Source("campi", "Alicia Campi", "Jump-started", "Asia Pacific Bulletin"),
}

RECOGNIZED = DateFact(
    id="mongolia-recognizes-dprk",
    deck="Mongolia::Diplomacy",
    sources=("krusekopf",),
    event="Mongolia recognized North Korea",
    date=DateSpec.parse(1948),
)
VISIT = DateFact(
    id="elbegdorj-visit",
    deck="Mongolia::Diplomacy",
    sources=("krusekopf",),
    event="Elbegdorj made a state visit to Pyongyang",
    date=DateSpec.parse("2013-10"),
    hint="a head of state's visit",
)
FORUM = DateFact(
    id="business-forum",
    deck="Mongolia::Economy",
    sources=("krusekopf",),
    event="Mongolian and Japanese firms held a business forum in Ulaanbaatar",
    date=DateSpec.parse("2013-10"),
)
TALKS = DateFact(
    id="trade-talks",
    deck="Mongolia::Diplomacy",
    sources=("ifes",),
    event="The two countries held trade talks",
    date=DateSpec.parse("2014-05-21"),
    approximate=True,
)
ELBEGDORJ = NameFact(
    id="elbegdorj",
    deck="Mongolia::People",
    sources=("krusekopf",),
    name="Elbegdorj",
    description="the Mongolian president who made a state visit to Pyongyang in October 2013",
    kind=NameKind.PERSON,
)
RASON = NameFact(
    id="rason",
    deck="Mongolia::Places",
    sources=("krusekopf",),
    name="Rason",
    description="a special economic zone in North Korea",
    kind=NameKind.PLACE,
)
AVAR = NameFact(
    id="avar",
    deck="Mongolia::Economy",
    sources=("ifes",),
    name="Avar LLC",
    description="a Mongolian firm that traded with North Korea",
    kind=NameKind.ORGANISATION,
)
HELSINKI = NameFact(
    id="new-helsinki",
    deck="Mongolia::Diplomacy",
    sources=("campi",),
    name="New Helsinki",
    description="the role Elbegdorj imagined for Mongolia: neutral ground for talks",
    kind=NameKind.TERM,
)
SOVIET = NameFact(
    id="soviet-union",
    deck="Mongolia::History",
    sources=("krusekopf",),
    name="the Soviet Union",
    description="the only state that recognized North Korea before Mongolia did",
    kind=NameKind.PLACE,
    verb=Verb.WAS,
)
SIX_PARTY = NameFact(
    id="six-party-talks",
    deck="Mongolia::Diplomacy",
    sources=("campi",),
    name="the Six-Party Talks",
    description="the negotiations on North Korea's nuclear programme",
    verb=Verb.WERE,
)
KIM_IL_SUNG = NameFact(
    id="kim-il-sung",
    deck="Mongolia::History",
    sources=("krusekopf",),
    name="Kim Il-sung",
    description="the North Korean leader who came to Mongolia twice",
    kind=NameKind.PERSON,
    verb=Verb.WAS,
)
WORKERS = FigureFact(
    id="nk-workers",
    deck="Mongolia::Economy",
    sources=("ifes", "krusekopf"),
    value=FigureValue(1749, 1749),
    unit="workers",
    quantity="the number of North Korean workers in Mongolia",
    date=DateSpec.parse("2013-04"),
    note="Other sources give about 2,000.",
    disputed=(Disputed("About 2,000 North Koreans lived or worked there.", ("campi",)),),
)
STAKE = FigureFact(
    id="hboil-stake",
    deck="Mongolia::Economy",
    sources=("krusekopf", "krusekopf"),
    value=FigureValue(20, 20),
    unit="percent",
    quantity="HB Oil's stake in the Sungri refinery operator",
)
CATTLE = FigureFact(
    id="cattle",
    deck="Mongolia::Economy",
    sources=("ifes",),
    value=FigureValue(30000, 40000),
    unit="head of cattle",
    quantity="the number of cattle sent to North Korea",
    approximate=True,
    date=DateSpec.parse(2015),
)
TREATY = AgreementFact(
    id="friendship-treaty",
    deck="Mongolia::Diplomacy",
    sources=("krusekopf",),
    title="Treaty of Friendship and Cooperation",
    parties=("Mongolia", "North Korea"),
    date=DateSpec.parse(2002),
    summary="restored ties after the cooling of the 1990s",
)
TRIPARTITE = AgreementFact(
    id="rail-deal",
    deck="Mongolia::Economy",
    sources=("ifes",),
    title="the rail transit agreement",
    parties=("Mongolia", "Russia", "North Korea"),
    date=DateSpec.parse("2013-07-15"),
    summary="opened a route to the port of Rajin",
    cards=(CardKind.CLOZE, CardKind.PARTIES),
)
UNDERSTANDING = AgreementFact(
    id="port-understanding",
    deck="Mongolia::Economy",
    sources=("campi",),
    title="understanding on the Rason port",
    parties=("Russia", "Mongolia"),
    date=DateSpec.parse("2014-09"),
    summary="committed both sides to cooperate on the port",
    signed=False,
)
ARRANGEMENT = AgreementFact(
    id="meeting-arrangement",
    deck="Mongolia::Diplomacy",
    sources=("campi",),
    title="arrangement for the Ulaanbaatar meeting",
    parties=("North Korea", "the Mongolian government"),
    summary="brought the two sides together on 21 May 2014",
    signed=False,
)

FACTS = FactBase(
    (
        RECOGNIZED,
        VISIT,
        FORUM,
        TALKS,
        ELBEGDORJ,
        RASON,
        AVAR,
        HELSINKI,
        WORKERS,
        STAKE,
        CATTLE,
        TREATY,
        TRIPARTITE,
    ),
    SOURCES,
)


def shared_date(event: str, deck: str, fact_id: str) -> DateFact:
    """Make a date fact of July 2013, the date that the date-context tests share."""
    return DateFact(
        id=fact_id, deck=deck, sources=("ifes",), event=event, date=DateSpec.parse("2013-07")
    )


# A small facts folder for the quiz tests, written as files.

QUIZ_SOURCES_YAML = """\
sources:
  atlas:
    author: A. Writer
    title: Mongolia and the North
    publication: The Steppe Review
    date: 2015-03
  ledger:
    author: B. Scribe
    title: Trade Ledgers
    publication: Ulaanbaatar Times
    date: 2019
"""

QUIZ_HISTORY_YAML = """\
deck: Mongolia::History
tags: [history]
facts:
  - id: recognition
    type: date
    event: Mongolia recognized North Korea
    date: 1948
    sources: [atlas]
    note: Mongolia was the second state to do so.
    cards: [question]
  - id: treaty-signed
    type: date
    event: Mongolia and North Korea signed a new friendship treaty
    date: 2002
    sources: [atlas]
    cards: [question]
  - id: embassy-reopened
    type: date
    event: Mongolia reopened its embassy in Pyongyang
    date: 1999
    sources: [ledger]
    disputed:
      - claim: Some accounts give 2000.
        sources: [ledger]
    cards: [question]
  - id: rail-link
    type: date
    event: Freight trains first crossed from Mongolia to the port of Rason
    date: 2016
    sources: [ledger]
    tags: [trade]
    cards: [question]
"""

QUIZ_PEOPLE_YAML = """\
deck: Mongolia::People
tags: [people]
facts:
  - id: president-visit
    type: name
    name: Elbegdorj
    description: the Mongolian president who visited Pyongyang in October 2013
    kind: person
    sources: [atlas]
    cards: [question]
"""

QUIZ_ANSWERS = {
    "recognized North Korea": "1948",
    "friendship treaty": "2002",
    "reopened its embassy": "1999",
    "Freight trains": "2016",
    "visited Pyongyang": "Elbegdorj",
}
"""A phrase of each question's text, and the answer to type."""


def write_quiz_facts(root: Path) -> Path:
    """Write the quiz's small facts folder (five facts, two decks) under `root`; return it."""
    facts = root / "facts"
    facts.mkdir(parents=True, exist_ok=True)
    (facts / "sources.yaml").write_text(QUIZ_SOURCES_YAML, encoding="utf-8")
    (facts / "history.yaml").write_text(QUIZ_HISTORY_YAML, encoding="utf-8")
    (facts / "people.yaml").write_text(QUIZ_PEOPLE_YAML, encoding="utf-8")
    return facts


def quiz_answer(question_text: str) -> str:
    """Return the right typed answer for a question shown in the quiz."""
    flat = " ".join(question_text.split())
    for phrase, answer in QUIZ_ANSWERS.items():
        if phrase in flat:
            return answer
    raise LookupError(f"no known answer for: {flat!r}")


# A new user's own topic (the Apollo programme): the shapes of answer the quiz must judge
# kindly, and facts of several kinds for wrong options to be drawn from.

APOLLO_SOURCES = {
    "nasa": Source("nasa", "NASA", "Apollo Program Summary Report", "NASA", DateSpec.parse(1975)),
}
APOLLO_COST = FigureFact(
    id="apollo-cost",
    deck="Space::Apollo",
    sources=("nasa",),
    value=FigureValue(25.4, 25.4),
    unit="billion US dollars",
    quantity="the cost of the Apollo programme",
    approximate=True,
)
SATURN_HEIGHT = FigureFact(
    id="saturn-v-height",
    deck="Space::Apollo",
    sources=("nasa",),
    value=FigureValue(110.6, 110.6),
    unit="m",
    quantity="the height of the Saturn V rocket",
)
APOLLO_17 = DateFact(
    id="apollo-17",
    deck="Space::Apollo",
    sources=("nasa",),
    event="Apollo 17 flew the last crewed mission to the Moon",
    date=DateSpec.parse("1972-12-07/1972-12-19"),
)
APOLLO_YEARS = DateFact(
    id="apollo-programme",
    deck="Space::Apollo",
    sources=("nasa",),
    event="the Apollo programme ran",
    date=DateSpec.parse("1961/1972"),
)
APOLLO_11 = DateFact(
    id="apollo-11",
    deck="Space::Apollo",
    sources=("nasa",),
    event="Apollo 11 landed the first people on the Moon",
    date=DateSpec.parse("1969-07-20"),
)
APOLLO_1 = DateFact(
    id="apollo-1-fire",
    deck="Space::Apollo",
    sources=("nasa",),
    event="a cabin fire killed the crew of Apollo 1",
    date=DateSpec.parse("1967-01-27"),
)
SPACE_TREATY = AgreementFact(
    id="space-cooperation",
    deck="Space::Apollo",
    sources=("nasa",),
    title="Agreement on Cooperation in the Exploration of Outer Space",
    parties=("Richard Nixon", "Alexei Kosygin"),
    date=DateSpec.parse("1972-05-24"),
    summary="led to the joint Apollo-Soyuz flight of 1975",
    cards=(CardKind.WHICH, CardKind.WHEN, CardKind.PARTIES, CardKind.CLOZE),
)
HAMILTON = NameFact(
    id="margaret-hamilton",
    deck="Space::People",
    sources=("nasa",),
    name="Margaret H. Hamilton",
    description="the engineer who led the team that wrote Apollo's on-board flight software",
    kind=NameKind.PERSON,
    cards=(CardKind.QUESTION, CardKind.REVERSE, CardKind.CLOZE),
)
ALDRIN = NameFact(
    id="buzz-aldrin",
    deck="Space::People",
    sources=("nasa",),
    name='Edwin E. "Buzz" Aldrin Jr.',
    description="the lunar module pilot of Apollo 11, second to walk on the Moon",
    kind=NameKind.PERSON,
    cards=(CardKind.QUESTION, CardKind.REVERSE, CardKind.CLOZE),
)
ARMSTRONG = NameFact(
    id="neil-armstrong",
    deck="Space::People",
    sources=("nasa",),
    name="Neil Armstrong",
    description="the commander of Apollo 11, first to walk on the Moon",
    kind=NameKind.PERSON,
    cards=(CardKind.QUESTION, CardKind.REVERSE, CardKind.CLOZE),
)
COLUMBIA = NameFact(
    id="columbia",
    deck="Space::Craft",
    sources=("nasa",),
    name="Columbia",
    description="the command module of Apollo 11",
    cards=(CardKind.QUESTION, CardKind.REVERSE, CardKind.CLOZE),
)
EAGLE = NameFact(
    id="eagle",
    deck="Space::Craft",
    sources=("nasa",),
    name="Eagle",
    description="the lunar module of Apollo 11",
    cards=(CardKind.QUESTION, CardKind.REVERSE, CardKind.CLOZE),
)
APOLLO_FACTS = FactBase(
    (
        APOLLO_COST,
        SATURN_HEIGHT,
        APOLLO_17,
        APOLLO_YEARS,
        APOLLO_11,
        APOLLO_1,
        SPACE_TREATY,
        HAMILTON,
        ALDRIN,
        ARMSTRONG,
        COLUMBIA,
        EAGLE,
    ),
    APOLLO_SOURCES,
)


APOLLO_SOURCES_YAML = """\
sources:
  nasa:
    author: NASA
    title: Apollo Program Summary Report
    publication: NASA
    date: 1975
"""

APOLLO_YAML = """\
deck: Space::Apollo
facts:
  - id: apollo-cost
    type: figure
    value: 25.4
    unit: billion US dollars
    quantity: the cost of the Apollo programme
    approximate: true
    sources: [nasa]
  - id: apollo-17
    type: date
    event: Apollo 17 flew the last crewed mission to the Moon
    date: 1972-12-07/1972-12-19
    sources: [nasa]
  - id: space-cooperation
    type: agreement
    title: Agreement on Cooperation in the Exploration of Outer Space
    parties: [Richard Nixon, Alexei Kosygin]
    date: 1972-05-24
    summary: led to the joint Apollo-Soyuz flight of 1975
    sources: [nasa]
"""

APOLLO_PEOPLE_YAML = """\
deck: Space::People
facts:
  - id: margaret-hamilton
    type: name
    kind: person
    name: Margaret H. Hamilton
    description: >-
      the engineer who led the MIT team that wrote the on-board flight software of the
      Apollo command and lunar modules, and who named the discipline software engineering
    sources: [nasa]
    cards: [question, reverse, cloze]
  - id: buzz-aldrin
    type: name
    kind: person
    name: 'Edwin E. "Buzz" Aldrin Jr.'
    description: >-
      the lunar module pilot of Apollo 11, who followed Neil Armstrong down the ladder and
      became the second person to walk on the surface of the Moon in July 1969
    sources: [nasa]
    cards: [question, reverse, cloze]
  - id: neil-armstrong
    type: name
    kind: person
    name: Neil Armstrong
    description: >-
      the commander of Apollo 11 and the first person to walk on the Moon, a former test
      pilot of the X-15 rocket plane who had flown Gemini 8 three years before
    sources: [nasa]
    cards: [question, reverse, cloze]
  - id: michael-collins
    type: name
    kind: person
    name: Michael Collins
    description: >-
      the command module pilot of Apollo 11, who stayed in lunar orbit aboard Columbia
      while his two crewmates walked on the Moon, and later ran the Air and Space Museum
    sources: [nasa]
    cards: [question, reverse, cloze]
"""


def write_apollo_facts(root: Path) -> Path:
    """Write a new user's own facts folder (the Apollo programme, long descriptions and
    answers of every awkward shape) under `root`; return it."""
    facts = root / "apollo"
    facts.mkdir(parents=True, exist_ok=True)
    (facts / "sources.yaml").write_text(APOLLO_SOURCES_YAML, encoding="utf-8")
    (facts / "apollo.yaml").write_text(APOLLO_YAML, encoding="utf-8")
    (facts / "people.yaml").write_text(APOLLO_PEOPLE_YAML, encoding="utf-8")
    return facts


# Fact files as a user writes them, for the loader's tests: a sources file and fact entries
# built from raw YAML values, so a test shows exactly what was typed.

SPACE_SOURCES_YAML = """\
sources:
  nasa:
    author: NASA History Office
    title: Apollo 11 mission overview
    publication: NASA
    date: 2009-07-08
"""


def fact_yaml(**fields: str) -> str:
    """Return one fact entry of a fact file; each value is YAML text written as given."""
    lines = [f"{name}: {value}" for name, value in fields.items()]
    return "  - " + "\n    ".join(lines) + "\n"


LANDING_FIELDS = {
    "id": "moon-landing",
    "type": "date",
    "event": "Apollo 11 landed on the Moon",
    "date": "1969-07-20",
    "sources": "[nasa]",
}
"""A valid date fact's fields; replace one to make the case a test needs."""


def fact_file_yaml(*facts: str, deck: str = "Space race") -> str:
    """Return a fact file's text: a deck and the given fact entries."""
    return f"deck: {deck}\nfacts:\n" + "".join(facts)


def write_fact_folder(
    root: Path, files: dict[str, str | bytes], sources: str = SPACE_SOURCES_YAML
) -> Path:
    """Write a facts folder with `sources.yaml` and the given files (text or bytes); return it."""
    return write_files(root, {"sources.yaml": sources, **files})


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write `files` (relative path -> text or bytes) under `root` and return `root`."""
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def every_kind(fact: AnyFact) -> AnyFact:
    """Return the fact asking for every card kind its type (and its fields) can make."""
    kinds = tuple(
        kind
        for kind in CARD_KINDS[fact.type]
        if not (isinstance(fact, AgreementFact) and fact.date is None and kind is CardKind.WHEN)
    )
    return dataclasses.replace(fact, cards=kinds)


HISTORIES = DateFact(
    id="herodotus-histories",
    deck="Ancient::Greece",
    sources=("nasa",),
    event="Herodotus finished his Histories",
    date=DateSpec.parse("450 BC"),
    approximate=True,
)
"""An approximate date before Christ (the source is a stand-in: any known id will do)."""


# A new user's own topic, the printing press in Europe: answers a front can give away, a
# date before Christ beside one after, counts worded as writers word them, one collective
# party. The source is a stand-in: any known id will do.


def _press(fact_id: str, line: int) -> dict[str, object]:
    return {
        "id": fact_id,
        "deck": "Printing Press::Gutenberg",
        "sources": ("nasa",),
        "location": Location("facts/press.yaml", line, 5),
    }


ALDINE_ITALIC = NameFact(
    **_press("aldine-italic", 3),  # type: ignore[arg-type]
    name="Aldine italic",
    description="the slanted typeface called Aldine italic that Griffo cut",
    kind=NameKind.OTHER,
)
STATIONERS_CHARTER = AgreementFact(
    **_press("stationers-charter", 10),  # type: ignore[arg-type]
    title="Stationers' Company charter",
    parties=("Mary I", "Philip II", "the Stationers' Company"),
    summary="gave the London Stationers' Company near-control of printing in England",
    date=DateSpec.parse("1557-05-04"),
)
FUST_LOAN = AgreementFact(
    **_press("fust-loan", 20),  # type: ignore[arg-type]
    title="first loan",
    parties=("Johann Fust", "Johannes Gutenberg"),
    summary="lent Gutenberg 800 guilders secured on his printing equipment",
    date=DateSpec.parse(1450),
)
STATUTE_OF_ANNE = AgreementFact(
    **_press("statute-of-anne", 30),  # type: ignore[arg-type]
    title="Statute of Anne",
    parties=("the Parliament of Great Britain",),
    summary="gave authors copyright in their books for fourteen years",
    date=DateSpec.parse("1710-04-10"),
)
GUTENBERG = NameFact(
    **_press("gutenberg", 40),  # type: ignore[arg-type]
    name="Johannes Gutenberg",
    description="the Mainz goldsmith credited with printing with movable metal type in Europe",
    kind=NameKind.PERSON,
)
GUTENBERG_STRASBOURG = DateFact(
    **_press("gutenberg-strasbourg", 50),  # type: ignore[arg-type]
    event="Johannes Gutenberg lived in Strasbourg",
    date=DateSpec.parse("1434/1444"),
    approximate=True,
)
GUTENBERG_DEATH = DateFact(
    **_press("gutenberg-death", 60),  # type: ignore[arg-type]
    event="Johannes Gutenberg died in Mainz",
    date=DateSpec.parse("1468-02-03"),
)
PHAISTOS_DISC = DateFact(
    **_press("phaistos-disc", 70),  # type: ignore[arg-type]
    event="The signs of the Phaistos Disc were stamped into clay",
    date=DateSpec.parse("1500 BC/1450 BC"),
    hint="a disc from Crete",
)
CAXTON_BOOKS = FigureFact(
    **_press("caxton-books", 80),  # type: ignore[arg-type]
    value=FigureValue(100, 100),
    unit="books",
    quantity="the count of books Caxton printed",
    approximate=True,
)
BIBLES_SURVIVING = FigureFact(
    **_press("b42-surviving", 90),  # type: ignore[arg-type]
    value=FigureValue(49, 49),
    unit="copies",
    quantity="the number of copies of the Gutenberg Bible known to survive, complete or not",
    current=True,
)
INCUNABULA_EDITIONS = FigureFact(
    **_press("incunabula-editions", 100),  # type: ignore[arg-type]
    value=FigureValue(30_000, 30_000),
    unit="editions",
    quantity="the number of incunabula editions recorded today",
    approximate=True,
    current=True,
)


STATUTE_OF_ANNE_YAML = """\
deck: Printing Press::Law
facts:
  - id: statute-of-anne
    type: agreement
    title: Statute of Anne
    parties: [the Parliament of Great Britain]
    action: passed
    date: 1710-04-10
    summary: gave authors copyright in their books for fourteen years
    sources: [nasa]
"""
"""A statute, passed rather than signed, as a new user writes it."""


def run_quizgen(
    *args: str, replies: str | None = None, timeout: float = 60, **options: Any
) -> subprocess.CompletedProcess[str]:
    """Run `python -m quizgen ARGS` in a new process, `replies` on its standard input, and
    return what it printed, as text. `options` go to `subprocess.run` (`cwd`, `env`, ...)."""
    return subprocess.run(
        [sys.executable, "-m", "quizgen", *args],
        input=replies,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        **options,
    )


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[str]:
    """Make `folder` read-only for real (root ignores mode bits); yield the expected reason."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield "permission denied"
        finally:
            folder.chmod(0o755)
        return
    bind = subprocess.run(
        ["mount", "--bind", str(folder), str(folder)], capture_output=True, check=False
    )
    if bind.returncode == 0:
        try:
            remount = subprocess.run(
                ["mount", "-o", "remount,ro,bind", str(folder)], capture_output=True, check=False
            )
            if remount.returncode == 0:
                yield "the file system is read-only"
                return
        finally:
            subprocess.run(["umount", str(folder)], check=True)
    if (
        shutil.which("chattr")
        and subprocess.run(["chattr", "+i", str(folder)], check=False).returncode == 0
    ):
        try:
            yield "operation not permitted"
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        return
    pytest.skip("running as root without mount or chattr: no way to make a folder read-only")
