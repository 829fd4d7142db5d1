"""Checks on the shipped fact base: it loads, it is large enough, it leans on every article,
it records where the articles disagree, and it is in its own words.

The no-copy check reads the source articles from `../shared/sources` (next to the
repository) and fails when any text of a fact or a source note shares a run of eight or
more consecutive words with an article.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from quizgen.cards.checks import check_cards
from quizgen.cards.templates import load_templates
from quizgen.factfiles.loader import load_fact_base
from quizgen.model.facts import (
    AgreementFact,
    AnyFact,
    CardKind,
    DateFact,
    DateSpec,
    Disputed,
    FactBase,
    FigureFact,
    NameFact,
    Source,
    Wording,
)

FACTS = Path(__file__).resolve().parents[1] / "facts"
ARTICLES = Path(__file__).parents[2] / "shared" / "sources"
TOP_DECK = "Mongolia and the Koreas"
RUN = 8
"""The shortest run of shared consecutive words that counts as copying."""

MIN_TOTAL = 120
MIN_FACTS_PER_SOURCE = 5
"""Every article is cited as support by at least this many facts."""
MIN_DISPUTED_FACTS = 10
"""At least this many facts record where the articles disagree."""

# Apostrophes, including the ones damaged into "?" in one article ("Mongolia?s"), are
# dropped so that "Mongolia's", "Mongolia’s" and "Mongolia?s" all read "mongolias".
_APOSTROPHE_BEFORE_ENDING = re.compile(r"(?<=\w)[?'’`](?=(?:s|t|d|ll|re|ve|m)\b)")
_APOSTROPHE = re.compile(r"['’`]")
_NOT_WORD = re.compile(r"[^\w\s]|_")


def normalise(text: str) -> list[str]:
    """Return the words of a text: lowercased, accents and punctuation gone."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = _APOSTROPHE_BEFORE_ENDING.sub("", text)
    text = _APOSTROPHE.sub("", text)
    return _NOT_WORD.sub(" ", text).split()


def runs(words: list[str], length: int = RUN) -> set[tuple[str, ...]]:
    """Return every run of `length` consecutive words."""
    return {tuple(words[i : i + length]) for i in range(len(words) - length + 1)}


def copied_runs(text: str, article_runs: set[tuple[str, ...]]) -> list[str]:
    """Return the runs of a text that also occur in an article, as plain strings."""
    return sorted(" ".join(run) for run in runs(normalise(text)) & article_runs)


def fact_texts(fact: AnyFact) -> Iterator[tuple[str, str]]:
    """Yield (field, text) for every field of a fact written in prose or naming something."""
    if isinstance(fact, DateFact):
        yield "event", fact.event
        if fact.hint:
            yield "hint", fact.hint
    elif isinstance(fact, NameFact):
        yield "name", fact.name
        yield "description", fact.description
    elif isinstance(fact, FigureFact):
        yield "quantity", fact.quantity
        yield "unit", fact.unit
    elif isinstance(fact, AgreementFact):
        yield "title", fact.title
        yield "summary", fact.summary
        for party in fact.parties:
            yield "parties", party
    if fact.note:
        yield "note", fact.note
    for dispute in fact.disputed:
        yield "disputed claim", dispute.claim
    for kind, wording in fact.wording.items():
        for part, text in (("front", wording.front), ("back", wording.back)):
            if text:
                yield f"{kind.value} wording {part}", text


@cache
def shipped() -> FactBase:
    """Load the shipped fact base once for the whole module."""
    return load_fact_base(FACTS)


@cache
def article_runs() -> dict[str, set[tuple[str, ...]]]:
    """Return the word runs of every article, by file name."""
    return {
        path.name: runs(normalise(path.read_text(encoding="utf-8")))
        for path in sorted(ARTICLES.glob("*.txt"))
    }


def needs_articles() -> None:
    """Skip the calling test when the source articles are not beside the repository."""
    if not ARTICLES.is_dir() or not any(ARTICLES.glob("*.txt")):
        pytest.skip(f"the source articles are not at {ARTICLES}; the no-copy check needs them")


def test_the_shipped_facts_load() -> None:
    base = shipped()
    assert len(base) > 0
    assert base.top_decks() == (TOP_DECK,)


def test_every_fact_sits_in_a_subdeck_of_the_top_deck() -> None:
    flat = [fact.id for fact in shipped() if "::" not in fact.deck]
    assert flat == []


def test_the_fact_base_is_large_enough() -> None:
    assert len(shipped()) >= MIN_TOTAL


def thinly_cited(base: FactBase, minimum: int = MIN_FACTS_PER_SOURCE) -> dict[str, int]:
    """Return the sources that fewer than `minimum` facts cite as support, with their count."""
    cited = Counter(source for fact in base for source in fact.sources)
    return {source: cited[source] for source in base.sources if cited[source] < minimum}


def self_contradicting(base: FactBase) -> list[str]:
    """Return one line per fact that cites as support a source named in its own disputes."""
    return [
        f"{fact.id}: {source}"
        for fact in base
        for dispute in fact.disputed
        for source in dispute.sources
        if source in fact.sources
    ]


def test_every_source_is_cited_by_enough_facts() -> None:
    assert thinly_cited(shipped()) == {}


def test_enough_facts_record_where_the_sources_disagree() -> None:
    disputed = [fact.id for fact in shipped() if fact.disputed]
    assert len(disputed) >= MIN_DISPUTED_FACTS, disputed


def test_no_fact_cites_as_support_a_source_that_disputes_it() -> None:
    assert self_contradicting(shipped()) == []


def test_the_shipped_cards_pass_every_card_check() -> None:
    """No answer on another front, no ambiguous date prompt, no repeat, no long front."""
    checked = check_cards(shipped(), load_templates(FACTS))
    assert checked.problems == ()
    assert [str(warning) for warning in checked.warnings] == []
    assert len(checked.cards) > len(shipped())


def _fact(fact_id: str, sources: tuple[str, ...], *disputes: Disputed) -> DateFact:
    return DateFact(
        id=fact_id,
        deck=f"{TOP_DECK}::History",
        sources=sources,
        event="North Korea closed its embassy in Ulaanbaatar",
        date=DateSpec.parse("1999-08"),
        disputed=disputes,
    )


def _sources(*ids: str) -> dict[str, Source]:
    return {
        id_: Source(id=id_, author="A. Writer", title="On Mongolia", publication="Brief")
        for id_ in ids
    }


def test_the_citation_count_finds_a_source_cited_too_rarely() -> None:
    base = FactBase(
        tuple(
            _fact(f"fact-{n}", ("ifes-2013", "campi-2019") if n < 2 else ("ifes-2013",))
            for n in range(5)
        ),
        _sources("ifes-2013", "campi-2019", "krusekopf-2013"),
    )
    assert thinly_cited(base) == {"campi-2019": 2, "krusekopf-2013": 0}


def test_the_contradiction_check_finds_a_source_on_both_sides() -> None:
    short = Disputed("It was shut for only a short time", ("dierkes-byambaa-2013",))
    base = FactBase(
        (
            _fact("both-sides", ("ifes-2013", "dierkes-byambaa-2013"), short),
            _fact("one-side", ("ifes-2013",), short),
        ),
        _sources("ifes-2013", "dierkes-byambaa-2013"),
    )
    assert self_contradicting(base) == ["both-sides: dierkes-byambaa-2013"]


def test_every_source_disagreement_names_its_sources() -> None:
    base = shipped()
    bare = [fact.id for fact in base for dispute in fact.disputed if not dispute.sources]
    assert bare == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mongolia’s Loyalties, it seems!", ["mongolias", "loyalties", "it", "seems"]),
        ("Mongolia?s role in 2007?2012", ["mongolias", "role", "in", "2007", "2012"]),
        ("North Korea?the United States", ["north", "korea", "the", "united", "states"]),
        ("Khürelsükh's visit", ["khurelsukhs", "visit"]),
        ("a “New Helsinki,” (2013)", ["a", "new", "helsinki", "2013"]),
    ],
)
def test_normalise_reads_words_the_same_way_in_facts_and_articles(
    text: str, expected: list[str]
) -> None:
    assert normalise(text) == expected


_ARTICLE = "The relationship cooled in the 1990s after Mongolia shed its centralized systems."


@pytest.mark.parametrize(
    ("text", "copied"),
    [
        (_ARTICLE, True),
        ("Indeed the relationship cooled in the 1990s after Mongolia shed its", True),
        ("THE RELATIONSHIP COOLED, in the 1990s; after Mongolia shed", True),
        ("the relationship cooled in the 1990s after", False),
        ("Ties grew cooler during the 1990s once Mongolia dropped central planning.", False),
    ],
)
def test_the_copy_check_finds_runs_of_eight_words(text: str, copied: bool) -> None:
    found = copied_runs(text, runs(normalise(_ARTICLE)))
    assert bool(found) is copied


@pytest.mark.parametrize(
    ("article", "sentence"),
    [
        (
            "000_b1b30195718e118f.txt",
            "North Korea closed its embassy in Ulaanbaatar after Mongolia shed its centralized "
            "political and economic systems.",
        ),
        (
            "004_757d28ad6d78aa51.txt",
            "In 2014, key international players began to publicly commend Mongolia's sustained "
            "diplomacy.",
        ),
        (
            "001_6b823115730b4246.txt",
            "These workers left the country in 2018 due to the pressure of international "
            "sanctions.",
        ),
    ],
)
def test_the_copy_check_catches_a_sentence_taken_from_an_article(
    article: str, sentence: str
) -> None:
    needs_articles()
    assert copied_runs(sentence, article_runs()[article])


def copies(base: FactBase) -> list[str]:
    """Return one line for every run a fact text or source note shares with an article."""
    texts = [
        (f"fact '{fact.id}' {field}", text) for fact in base for field, text in fact_texts(fact)
    ]
    texts += [
        (f"source '{source.id}' note", source.note)
        for source in base.sources.values()
        if source.note
    ]
    return [
        f"{where} shares '{run}' with {name}"
        for where, text in texts
        for name, known in article_runs().items()
        for run in copied_runs(text, known)
    ]


_COPIED = "These workers left the country in 2018 due to the pressure of international sanctions."


@pytest.mark.parametrize(
    "fact",
    [
        DateFact(
            id="workers-leave",
            deck=TOP_DECK,
            sources=("campi-2019",),
            event=_COPIED,
            date=DateSpec.parse(2018),
        ),
        DateFact(
            id="workers-leave",
            deck=TOP_DECK,
            sources=("campi-2019",),
            event="North Korean workers went home",
            date=DateSpec.parse(2018),
            note=_COPIED,
        ),
        DateFact(
            id="workers-leave",
            deck=TOP_DECK,
            sources=("campi-2019",),
            event="North Korean workers went home",
            date=DateSpec.parse(2018),
            disputed=(Disputed(_COPIED, ("campi-2019",)),),
        ),
        NameFact(
            id="workers",
            deck=TOP_DECK,
            sources=("campi-2019",),
            name="Workers",
            description="the people of whom " + _COPIED,
        ),
        DateFact(
            id="workers-leave",
            deck=TOP_DECK,
            sources=("campi-2019",),
            event="North Korean workers went home",
            date=DateSpec.parse(2018),
            wording={CardKind.QUESTION: Wording(front=_COPIED + " When?")},
        ),
    ],
    ids=["event", "note", "disputed claim", "description", "wording"],
)
def test_the_copy_check_reads_every_text_field(fact: AnyFact) -> None:
    needs_articles()
    found = copies(FactBase((fact,), {}))
    assert found
    assert all(line.endswith("with 001_6b823115730b4246.txt") for line in found)


def test_no_fact_or_source_note_copies_an_article() -> None:
    needs_articles()
    assert copies(shipped()) == []
