"""Fact folders and Anki collections shared by the deck tests."""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factories import write_files

SOURCES_YAML = """\
sources:
  smith-2015:
    author: Jane Smith
    title: Mongolia and North Korea
    publication: The Diplomat
    date: 2015-03
  lee-2014:
    author: Kim Lee
    title: Steppe ties
    publication: Asia Times
    date: 2014
"""

DIPLOMACY_YAML = """\
deck: Mongolia::Diplomacy
tags: [diplomacy, north-korea]
facts:
  - id: recognition
    type: date
    event: Mongolia recognized North Korea
    date: 1948-10-15
    sources: [smith-2015]
    note: One of the first states to do so.
    cards: [question, reverse, cloze]
  - id: state-visit
    type: date
    event: Tsakhiagiin Elbegdorj made a <b>state visit</b> to Pyongyang
    date: 2013-10
    hint: a head of state's visit
    sources: [smith-2015, lee-2014]
    cards: [question, reverse, cloze]
    tags: [visits]
    disputed:
      - claim: The visit took place in November
        sources: [lee-2014]
  - id: workers
    type: figure
    value: 500
    unit: workers
    quantity: the number of North Korean workers in Mongolia
    approximate: true
    sources: [lee-2014]
    cards: [question, cloze]
"""

TRADE_YAML = """\
deck: Mongolia::Trade
facts:
  - id: friendship-treaty
    type: agreement
    title: Treaty of Friendship and Cooperation
    parties: [Mongolia, North Korea]
    date: 2002-08
    summary: restored ties after the cooling of the 1990s
    sources: [smith-2015]
    cards: [which, when, parties, cloze]
"""

PEOPLE_YAML = """\
deck: People
facts:
  - id: elbegdorj
    type: name
    name: Tsakhiagiin Elbegdorj
    description: the Mongolian president who made a state visit to Pyongyang in October 2013
    kind: person
    sources: [smith-2015]
    cards: [question, reverse, cloze]
"""

SAMPLE_FILES = {
    "sources.yaml": SOURCES_YAML,
    "mongolia/diplomacy.yaml": DIPLOMACY_YAML,
    "mongolia/trade.yaml": TRADE_YAML,
    "people.yaml": PEOPLE_YAML,
}
"""A small fact base: two top-level decks, one with two subdecks; 15 notes in all."""

SAMPLE_NOTE_COUNTS = {"Mongolia": 4, "People": 1}
"""One note per fact."""

SAMPLE_CARD_COUNTS = {"Mongolia": 12, "People": 3}


def sample_facts(tmp_path: Path, **replace: str) -> Path:
    """Write the sample fact base to `tmp_path/facts`, with some files replaced."""
    files = dict(SAMPLE_FILES)
    for key, text in replace.items():
        files[key.replace("__", "/").replace("_yaml", ".yaml")] = text
    return write_files(tmp_path / "facts", files)


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact piece of text in a file; fail when it is not there exactly once."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@dataclass(frozen=True)
class Imported:
    """Counts from one import into a collection."""

    new: int
    updated: int
    duplicate: int


def move_fact(facts: Path, fact_id: str, source: str, target: str) -> None:
    """Cut a fact out of one fact file and append it to another."""
    text = (facts / source).read_text(encoding="utf-8")
    start = text.index(f"  - id: {fact_id}\n")
    end = text.find("\n  - id: ", start + 1) + 1 or len(text)
    (facts / source).write_text(text[:start] + text[end:], encoding="utf-8")
    with (facts / target).open("a", encoding="utf-8") as file:
        file.write(text[start:end])


def open_collection(path: Path) -> Any:
    """Create a fresh Anki collection at `path`."""
    from anki.collection import Collection

    path.parent.mkdir(parents=True, exist_ok=True)
    return Collection(str(path))


def import_decks(col: Any, paths: Iterable[Path]) -> Imported:
    """Import `.apkg` files as Anki's import dialog does by default; sum the counts."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    new = updated = duplicate = 0
    for path in paths:
        request = ImportAnkiPackageRequest(
            package_path=os.path.abspath(path), options=ImportAnkiPackageOptions()
        )
        log = col.import_anki_package(request).log
        new += len(log.new)
        updated += len(log.updated)
        duplicate += len(log.duplicate)
    return Imported(new, updated, duplicate)


def visible(html_text: str) -> str:
    """Return rendered card HTML without its style block, as a reader would see the markup."""
    return html_text.split("</style>")[-1]


def review_card(col: Any, card_id: int) -> Any:
    """Answer a card "Easy" through Anki's scheduler, so it has a review log and an interval."""
    from anki.scheduler.v3 import CardAnswer

    card = col.get_card(card_id)
    card.start_timer()
    states = col._backend.get_scheduling_states(card.id)
    col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=CardAnswer.EASY))
    return col.get_card(card_id)


def review_log(col: Any, card_id: int) -> list[tuple[Any, ...]]:
    """Return a card's review log entries: id, ease, interval and type."""
    return list(col.db.all("SELECT id, ease, ivl, type FROM revlog WHERE cid = ?", card_id))


def built_notes(facts: Path, fact_id: str | None = None) -> Counter[str]:
    """Count the notes a build makes, by top-level deck (of one fact, when given)."""
    with tempfile.TemporaryDirectory() as out:
        from quizgen.anki.apkg_reader import read_package
        from quizgen.build.run import build

        build(facts, Path(out))
        packages = [read_package(path) for path in Path(out).glob("*.apkg")]
    return Counter(
        note.top_deck
        for package in packages
        for note in package.notes
        if fact_id is None or fact_id in note.fields
    )
