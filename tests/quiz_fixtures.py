"""A small facts folder for quiz tests, independent of the shipped facts."""

from __future__ import annotations

from pathlib import Path

SOURCES = """\
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

HISTORY = """\
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

PEOPLE = """\
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

ANSWERS = {
    "recognized North Korea": "1948",
    "friendship treaty": "2002",
    "reopened its embassy": "1999",
    "Freight trains": "2016",
    "visited Pyongyang": "Elbegdorj",
}
"""A phrase of each question's text, and the answer to type."""


def write_facts(root: Path) -> Path:
    """Write the facts folder under `root` and return its path."""
    facts = root / "facts"
    facts.mkdir(parents=True, exist_ok=True)
    (facts / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (facts / "history.yaml").write_text(HISTORY, encoding="utf-8")
    (facts / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    return facts


def answer_to(question_text: str) -> str:
    """Return the right typed answer for a question shown in the quiz."""
    flat = " ".join(question_text.split())
    for phrase, answer in ANSWERS.items():
        if phrase in flat:
            return answer
    raise LookupError(f"no known answer for: {flat!r}")
