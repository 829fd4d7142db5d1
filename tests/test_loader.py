"""Tests of fact loading: valid files load with the precision written; every invalid file is
reported with its exact place and message; hostile files are refused quickly and safely."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from quizgen.errors import FactError, Location
from quizgen.factfiles.layout import fact_files
from quizgen.factfiles.loader import check_paths, load_fact_base
from quizgen.model.facts import (
    AgreementFact,
    CardKind,
    DateFact,
    DateSpec,
    FigureFact,
    FigureValue,
    NameFact,
    NameKind,
    Precision,
    Verb,
)

SOURCES = """\
sources:
  news-2013:
    author: Ann Writer
    title: A state visit
    publication: The Daily
    date: 2013-11-14
  bulletin-2019:
    author: Bo Analyst
    title: Ties renewed
    publication: The Bulletin
"""

HEAD = "deck: Mongolia\nfacts:\n"

DATE_FACT = """\
  - id: recognition
    type: date
    event: Mongolia recognized North Korea
    date: 1948
    sources: [news-2013]
"""

WORKERS_FACT = """\
  - id: workers
    type: figure
    value: 20
    unit: workers
    quantity: the number of workers
    sources: [news-2013]
"""

KIM_FACT = """\
  - id: kim
    type: name
    name: Kim Il-sung
    description: the leader
    kind: person
    sources: [news-2013]
"""

TREATY_FACT = """\
  - id: treaty
    type: agreement
    title: Treaty
    parties: [Mongolia, North Korea]
    date: 2002
    summary: restored ties
    sources: [news-2013]
"""


def write_base(root: Path, files: dict[str, str | bytes], sources: str = SOURCES) -> Path:
    """Write a facts folder with a sources file and the given fact files."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "sources.yaml").write_text(sources, encoding="utf-8")
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def problems_of(root: Path) -> list[str]:
    """Load `root` and return the problems reported, as printed."""
    with pytest.raises(FactError) as caught:
        load_fact_base(root)
    return [str(problem) for problem in caught.value.problems]


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in a temporary folder so that paths print as `facts/...`."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


INVALID = [
    pytest.param(
        HEAD + "  - id: a\n    event: [unclosed\n    date: 1948\n",
        [
            "facts/f.yaml:5:9: YAML syntax error: did not find expected ',' or ']' (while "
            "parsing a flow sequence)"
        ],
        id="syntax",
    ),
    pytest.param(
        HEAD + "  - id: a\n   type: date\n",
        [
            "facts/f.yaml:4:4: YAML syntax error: did not find expected '-' indicator (while "
            "parsing a block collection); line 4 is indented less than 'id' on the line above "
            "it: line 'type' up with 'id'"
        ],
        id="syntax2",
    ),
    pytest.param(
        HEAD + "\t- id: a\n",
        [
            "facts/f.yaml:3:1: YAML syntax error: found character that cannot start any token "
            "(while scanning for the next token); YAML indents with spaces, not tabs"
        ],
        id="tab",
    ),
    pytest.param(
        (HEAD + DATE_FACT).encode().replace(b"Mongolia recognized", b"Mongolia r\xe9cognized"),
        [
            "facts/f.yaml:5:22: not UTF-8: byte 0xe9 at offset 78 cannot be decoded; save the "
            "file as UTF-8"
        ],
        id="nonutf8",
    ),
    pytest.param(
        "",
        ["facts/f.yaml: file is empty"],
        id="empty",
    ),
    pytest.param(
        "# nothing yet\n",
        ["facts/f.yaml: file is empty"],
        id="comments",
    ),
    pytest.param(
        "deck: Mongolia\nfacts:\n  id: a\n",
        ["facts/f.yaml:3:3: field 'facts': expected a list, got a mapping"],
        id="factsnotlist",
    ),
    pytest.param(
        "deck: Mongolia\n",
        ["facts/f.yaml:1:1: missing required field 'facts'"],
        id="factsmissing",
    ),
    pytest.param(
        "- id: a\n",
        ["facts/f.yaml:1:1: a fact file is a mapping with deck and facts, got a list"],
        id="rootlist",
    ),
    pytest.param(
        HEAD + DATE_FACT.replace("event:", "evnet:"),
        ["facts/f.yaml:5:5: fact 'recognition': unknown key 'evnet' (did you mean 'event'?)"],
        id="evnet",
    ),
    pytest.param(
        HEAD + DATE_FACT.replace("    date: 1948\n", ""),
        ["facts/f.yaml:3:5: fact 'recognition': missing required field 'date'"],
        id="missing",
    ),
    pytest.param(
        HEAD + WORKERS_FACT.replace("value: 20", "value: twenty"),
        ["facts/f.yaml:5:12: fact 'workers': field 'value': expected a number, got 'twenty'"],
        id="twenty",
    ),
    pytest.param(
        HEAD + WORKERS_FACT.replace("value: 20", "value: 1,000"),
        [
            "facts/f.yaml:5:12: fact 'workers': field 'value': expected a number, got '1,000' "
            "(write 1000 without commas)"
        ],
        id="commas",
    ),
    pytest.param(
        HEAD + WORKERS_FACT.replace("value: 20", "value: [20, 10]"),
        ["facts/f.yaml:5:12: fact 'workers': field 'value': low 20 is greater than high 10"],
        id="range",
    ),
    pytest.param(
        HEAD + WORKERS_FACT.replace("value: 20", "value: [1, 2, 3]"),
        [
            "facts/f.yaml:5:12: fact 'workers': field 'value': expected a number or [low, high], "
            "got a list of 3"
        ],
        id="range3",
    ),
    pytest.param(
        HEAD + WORKERS_FACT.replace("value: 20", "value: .nan"),
        ["facts/f.yaml:5:12: fact 'workers': field 'value': expected a finite number, got '.nan'"],
        id="nan",
    ),
    pytest.param(
        HEAD + DATE_FACT.replace("1948", "2013-13-45"),
        ["facts/f.yaml:6:11: fact 'recognition': field 'date': month 13 is not between 1 and 12"],
        id="baddate",
    ),
    pytest.param(
        HEAD + DATE_FACT.replace("1948", "2013-02-30"),
        [
            "facts/f.yaml:6:11: fact 'recognition': field 'date': day 30 does not exist in "
            "February 2013"
        ],
        id="feb30",
    ),
    pytest.param(
        HEAD + DATE_FACT.replace("1948", "2017/2009"),
        [
            "facts/f.yaml:6:11: fact 'recognition': field 'date': interval ends (2009) before it "
            "starts (2017)"
        ],
        id="interval",
    ),
    pytest.param(
        HEAD + DATE_FACT.replace("1948", "last spring"),
        [
            "facts/f.yaml:6:11: fact 'recognition': field 'date': 'last spring' is not a date "
            "(YYYY, YYYY-MM, YYYY-MM-DD or 450 BC)"
        ],
        id="datetext",
    ),
    pytest.param(
        HEAD + DATE_FACT.replace("type: date", "type: dat"),
        [
            "facts/f.yaml:4:11: fact 'recognition': unknown type 'dat' (did you mean 'date'?); "
            "valid types: agreement, date, figure, name"
        ],
        id="unknowntype",
    ),
    pytest.param(
        HEAD + DATE_FACT.replace("type: date", "type: [date]"),
        ["facts/f.yaml:4:11: fact 'recognition': field 'type': expected text, got a list"],
        id="typelist",
    ),
    pytest.param(
        HEAD + DATE_FACT + DATE_FACT,
        [
            "facts/f.yaml:8:5: fact 'recognition': duplicate id: 'recognition' is also the id of "
            "the fact at facts/f.yaml:3:5"
        ],
        id="dup",
    ),
    pytest.param(
        HEAD + DATE_FACT.replace("[news-2013]", "[news-2031]"),
        [
            "facts/f.yaml:7:15: fact 'recognition': unknown source 'news-2031' (did you mean "
            "'news-2013'?)"
        ],
        id="unknownsource",
    ),
    pytest.param(
        HEAD + DATE_FACT.replace("[news-2013]", "news-2013"),
        [
            "facts/f.yaml:7:14: fact 'recognition': field 'sources': expected a list, got "
            "'news-2013' (write [news-2013])"
        ],
        id="sourcesscalar",
    ),
    pytest.param(
        HEAD + DATE_FACT.replace("[news-2013]", "[]"),
        ["facts/f.yaml:7:14: fact 'recognition': field 'sources': needs at least 1 item, got 0"],
        id="nosources",
    ),
    pytest.param(
        HEAD
        + DATE_FACT
        + DATE_FACT.replace(
            "id: recognition", "id: recognition-1948\n    renamed_from: [recognition]"
        ),
        [
            "facts/f.yaml:3:5: fact 'recognition': id 'recognition' is a former id of the fact "
            "'recognition-1948' at facts/f.yaml:8:5; ids are never reused"
        ],
        id="renamed",
    ),
    pytest.param(
        HEAD
        + DATE_FACT.replace("id: recognition", "id: recognition\n    renamed_from: [recognition]"),
        [
            "facts/f.yaml:3:5: fact 'recognition': renamed_from lists the fact's own id "
            "'recognition'"
        ],
        id="renamedself",
    ),
    pytest.param(
        HEAD + DATE_FACT + "    cards: [question, parties]\n",
        [
            "facts/f.yaml:8:23: fact 'recognition': card kind 'parties' does not apply to a date "
            "fact; date facts make: question, reverse, cloze"
        ],
        id="cardswrong",
    ),
    pytest.param(
        HEAD + DATE_FACT + "    cards: [qestion]\n",
        [
            "facts/f.yaml:8:13: fact 'recognition': unknown card kind 'qestion' (did you mean "
            "'question'?); date facts make: question, reverse, cloze"
        ],
        id="cardsunknown",
    ),
    pytest.param(
        HEAD + DATE_FACT + "    cards: []\n",
        [
            "facts/f.yaml:8:12: fact 'recognition': field 'cards' is empty; leave it out to make "
            "every card kind"
        ],
        id="cardsempty",
    ),
    pytest.param(
        HEAD + DATE_FACT + "    disputed:\n      - claim: it was 1949\n        sources: [nobody]\n",
        ["facts/f.yaml:10:19: fact 'recognition': unknown source 'nobody'"],
        id="disputed",
    ),
    pytest.param(
        HEAD
        + DATE_FACT
        + "    disputed:\n      - claim: it was 1949\n        source: [news-2013]\n",
        ["facts/f.yaml:10:9: fact 'recognition': unknown key 'source' (did you mean 'sources'?)"],
        id="disputedkey",
    ),
    pytest.param(
        HEAD + DATE_FACT.replace("id: recognition", "id: Recognition_1948"),
        [
            "facts/f.yaml:3:9: fact 'Recognition_1948': id 'Recognition_1948' is not a lowercase "
            "slug (letters a-z, digits, single hyphens between words); write it as "
            "'recognition-1948'"
        ],
        id="slug",
    ),
    pytest.param(
        HEAD + DATE_FACT.replace("id: recognition", "id: ../../etc/passwd"),
        [
            "facts/f.yaml:3:9: fact '../../etc/passwd': id '../../etc/passwd' is not a lowercase "
            "slug (letters a-z, digits, single hyphens between words); write it as 'etc-passwd'"
        ],
        id="slugpath",
    ),
    pytest.param(
        HEAD + DATE_FACT.replace("id: recognition", "id: 北京"),
        [
            "facts/f.yaml:3:9: fact '北京': id '北京' is not a lowercase slug (letters a-z, "
            "digits, single hyphens between words)"
        ],
        id="slug-without-latin-letters",
    ),
    pytest.param(
        HEAD + DATE_FACT + "    renamed_from: [Mongolia Recognizes DPRK]\n",
        [
            "facts/f.yaml:8:20: fact 'recognition': former id 'Mongolia Recognizes DPRK' is not "
            "a lowercase slug (letters a-z, digits, single hyphens between words); write it as "
            "'mongolia-recognizes-dprk'"
        ],
        id="slug-former-id",
    ),
    pytest.param(
        HEAD
        + DATE_FACT.replace(
            "event: Mongolia recognized North Korea",
            'event: !!python/object/apply:os.system ["echo pwned"]',
        ),
        [
            "facts/f.yaml:5:12: tag '!!python/object/apply:os.system' is not allowed: fact files "
            "hold plain text, numbers, dates, lists and mappings"
        ],
        id="python",
    ),
    pytest.param(
        HEAD + DATE_FACT.replace("event: Mongolia", "event: !shout Mongolia"),
        [
            "facts/f.yaml:5:12: tag '!shout' is not allowed: fact files hold plain text, "
            "numbers, dates, lists and mappings"
        ],
        id="customtag",
    ),
    pytest.param(
        DATE_FACT.join(["deck: ../../escape\nfacts:\n", ""]),
        ["facts/f.yaml:1:7: deck names become file names: '../../escape' must not contain '/'"],
        id="deckslash",
    ),
    pytest.param(
        DATE_FACT.join(["deck: 'a\\\\b'\nfacts:\n", ""]),
        ["facts/f.yaml:1:7: deck names become file names: 'a\\\\b' must not contain '\\'"],
        id="deckback",
    ),
    pytest.param(
        DATE_FACT.join(["deck: Mongolia::..\nfacts:\n", ""]),
        [
            "facts/f.yaml:1:7: deck names become file names: 'Mongolia::..' has a part starting "
            "with '.' (such as '..')"
        ],
        id="deckdotdot",
    ),
    pytest.param(
        DATE_FACT.join(["deck: Mongolia::::History\nfacts:\n", ""]),
        ["facts/f.yaml:1:7: deck 'Mongolia::::History' has an empty part between '::'"],
        id="deckempty",
    ),
    pytest.param(
        HEAD + DATE_FACT.replace("Mongolia recognized", "Mongolia \u202erecognized"),
        [
            "facts/f.yaml:5:21: bidirectional control character U+202E (RIGHT-TO-LEFT OVERRIDE) "
            "is not allowed: it can make text display differently from what it says"
        ],
        id="bidi",
    ),
    pytest.param(
        HEAD + DATE_FACT.replace("Mongolia recognized", "Mongolia\x00 recognized"),
        ["facts/f.yaml:5:20: NUL byte (U+0000) in the file; fact files are text"],
        id="nul",
    ),
    pytest.param(
        HEAD + DATE_FACT.replace("Mongolia recognized", "Mongolia\x07 recognized"),
        ["facts/f.yaml:5:20: control character U+0007 (BELL) is not allowed in a fact file"],
        id="bell",
    ),
    pytest.param(
        HEAD + DATE_FACT.replace("Mongolia recognized North Korea", "x" * 5001),
        [
            "facts/f.yaml:5:12: fact 'recognition': field 'event' is 5001 characters long; the "
            "limit is 5000"
        ],
        id="long",
    ),
    pytest.param(
        HEAD + DATE_FACT + "---\ndeck: Other\n",
        ["facts/f.yaml:8:1: a second YAML document ('---'); a fact file holds one"],
        id="twodocs",
    ),
    pytest.param(
        HEAD + DATE_FACT + "    date: 1949\n",
        ["facts/f.yaml:8:5: fact 'recognition': key 'date' appears twice (first at line 6)"],
        id="dupkey",
    ),
    pytest.param(
        HEAD + DATE_FACT + "    tags: [cold war]\n",
        [
            "facts/f.yaml:8:12: fact 'recognition': tag 'cold war' contains a space; Anki tags "
            "cannot"
        ],
        id="tagspace",
    ),
    pytest.param(
        HEAD + KIM_FACT.replace("kind: person", "kind: persn"),
        [
            "facts/f.yaml:7:11: fact 'kim': unknown kind 'persn' (did you mean 'person'?); valid "
            "kinds: person, place, organisation, term, other"
        ],
        id="kind",
    ),
    pytest.param(
        HEAD + TREATY_FACT.replace("[Mongolia, North Korea]", "[]"),
        ["facts/f.yaml:6:14: fact 'treaty': field 'parties': needs at least 1 item, got 0"],
        id="parties",
    ),
    pytest.param(
        HEAD + DATE_FACT + "    approximate: maybe\n",
        [
            "facts/f.yaml:8:18: fact 'recognition': field 'approximate': expected true or false, "
            "got 'maybe'"
        ],
        id="approx",
    ),
    pytest.param(
        HEAD + TREATY_FACT + "    signed: perhaps\n",
        [
            "facts/f.yaml:10:13: fact 'treaty': field 'signed': expected true or false, got "
            "'perhaps'"
        ],
        id="signed",
    ),
    pytest.param(
        HEAD + TREATY_FACT + "    sigend: false\n",
        ["facts/f.yaml:10:5: fact 'treaty': unknown key 'sigend' (did you mean 'signed'?)"],
        id="sigend",
    ),
    pytest.param(
        HEAD + DATE_FACT + "    signed: true\n",
        ["facts/f.yaml:8:5: fact 'recognition': key 'signed' does not belong in a date fact"],
        id="signeddate",
    ),
    pytest.param(
        HEAD + TREATY_FACT.replace("    date: 2002\n", "") + "    cards: [when, parties]\n",
        [
            "facts/f.yaml:9:13: fact 'treaty': a 'when' card needs the agreement's date: add a "
            "date or leave 'when' out of 'cards'"
        ],
        id="whennodate",
    ),
    pytest.param(
        HEAD + KIM_FACT + "    verb: waz\n",
        [
            "facts/f.yaml:9:11: fact 'kim': unknown verb 'waz' (did you mean 'was'?); valid "
            "verbs: is, are, was, were"
        ],
        id="verb",
    ),
    pytest.param(
        HEAD + KIM_FACT + "    verb: [was]\n",
        ["facts/f.yaml:9:11: fact 'kim': field 'verb': expected text, got a list"],
        id="verblist",
    ),
    pytest.param(
        HEAD + "  - recognition\n",
        ["facts/f.yaml:3:5: a fact is a mapping of fields, got 'recognition'"],
        id="factstring",
    ),
    pytest.param(
        HEAD + DATE_FACT + "    name: Mongolia\n",
        ["facts/f.yaml:8:5: fact 'recognition': key 'name' does not belong in a date fact"],
        id="otherkey",
    ),
    pytest.param(
        HEAD + DATE_FACT.replace("Mongolia recognized North Korea", ""),
        ["facts/f.yaml:5:11: fact 'recognition': field 'event' is empty"],
        id="emptyevent",
    ),
    pytest.param(
        HEAD + DATE_FACT.replace("Mongolia recognized North Korea", "[a, b]"),
        ["facts/f.yaml:5:12: fact 'recognition': field 'event': expected text, got a list"],
        id="eventlist",
    ),
    pytest.param(
        HEAD.replace("facts:", "fatcs:"),
        ["facts/f.yaml:2:1: unknown key 'fatcs' (did you mean 'facts'?)"],
        id="filetopkey",
    ),
    pytest.param(
        HEAD + DATE_FACT.replace("[news-2013]", "*srcs"),
        ["facts/f.yaml:7:14: alias '*srcs' refers to no anchor written before it"],
        id="aliasnone",
    ),
    pytest.param(
        HEAD + "  - &a [*a]\n",
        ["facts/f.yaml:3:9: alias '*a' refers to no anchor written before it"],
        id="recursive",
    ),
]


@pytest.mark.parametrize(("content", "expected"), INVALID)
def test_invalid_file_is_reported_with_place_and_message(
    in_tmp: Path, content: str | bytes, expected: list[str]
) -> None:
    root = write_base(in_tmp / "facts", {"f.yaml": content})
    assert problems_of(root) == expected


def test_valid_facts_load_with_the_precision_written(in_tmp: Path) -> None:
    content = """\
deck: Mongolia::History
tags: [cold-war]
facts:
  - id: recognition
    type: date
    event: Mongolia recognized North Korea
    date: 1948
    approximate: true
    hint: a diplomatic first
    sources: [news-2013]
    tags: [firsts, cold-war]
  - id: visit
    type: date
    event: Elbegdorj visited Pyongyang
    date: 2013-10-28
    sources: [news-2013, bulletin-2019]
    cards: [question, cloze]
    renamed_from: [elbegdorj-visit]
    disputed:
      - claim: the visit began a day earlier
        sources: [bulletin-2019]
  - id: tenure
    type: date
    event: Elbegdorj served as president
    date: 2009/2017
    sources: [news-2013]
  - id: elbegdorj
    type: name
    name: Tsakhiagiin Elbegdorj
    description: the Mongolian president who visited Pyongyang in 2013
    kind: person
    aliases: [Elbegdorj]
    note: He spoke at Kim Il-sung University.
    sources: [news-2013]
  - id: workers
    type: figure
    value: [1000, 2500]
    unit: workers
    quantity: the number of North Korean workers in Mongolia
    date: 2013-10
    sources: [bulletin-2019]
  - id: stake
    type: figure
    value: 20.5
    unit: percent
    quantity: HB Oil's stake in the refinery operator
    sources: [bulletin-2019]
  - id: treaty
    type: agreement
    title: Treaty of Friendship and Cooperation
    parties: [Mongolia, North Korea]
    date: "2002-08"
    summary: restored ties after the cooling of the 1990s
    sources: [news-2013]
"""
    base = load_fact_base(write_base(in_tmp / "facts", {"history.yaml": content}))
    recognition, visit, tenure, elbegdorj, workers, stake, treaty = base.facts
    assert isinstance(recognition, DateFact)
    assert recognition.date == DateSpec.parse("1948")
    assert recognition.date.start.precision is Precision.YEAR
    assert recognition.approximate
    assert recognition.hint == "a diplomatic first"
    assert recognition.tags == ("cold-war", "firsts")
    assert recognition.deck == "Mongolia::History"
    assert recognition.location == Location("facts/history.yaml", 4, 5)
    assert isinstance(visit, DateFact)
    assert visit.date.iso() == "2013-10-28"
    assert visit.card_kinds == (CardKind.QUESTION, CardKind.CLOZE)
    assert visit.renamed_from == ("elbegdorj-visit",)
    assert visit.disputed[0].sources == ("bulletin-2019",)
    assert base.get("elbegdorj-visit") is visit
    assert isinstance(tenure, DateFact)
    assert tenure.date.iso() == "2009/2017"
    assert isinstance(elbegdorj, NameFact)
    assert elbegdorj.kind is NameKind.PERSON
    assert elbegdorj.aliases == ("Elbegdorj",)
    assert isinstance(workers, FigureFact)
    assert workers.value == FigureValue(1000, 2500)
    assert workers.date is not None
    assert workers.date.start.precision is Precision.MONTH
    assert isinstance(stake, FigureFact)
    assert stake.value == FigureValue(20.5, 20.5)
    assert isinstance(treaty, AgreementFact)
    assert treaty.parties == ("Mongolia", "North Korea")
    assert treaty.date.iso() == "2002-08"
    assert base.sources["news-2013"].citation() == "Ann Writer, The Daily, 2013"
    assert base.sources["bulletin-2019"].date is None


def test_wording_fields_load_with_their_defaults(in_tmp: Path) -> None:
    content = (
        HEAD
        + KIM_FACT
        + "    verb: was\n"
        + TREATY_FACT
        + """\
  - id: understanding
    type: agreement
    title: understanding on the port
    parties: [Mongolia, Russia]
    summary: committed both to use the port
    signed: false
    sources: [news-2013]
  - id: term
    type: name
    name: a regionless state
    description: the kind of country Mongolia is often said to be
    kind: term
    sources: [news-2013]
"""
    )
    base = load_fact_base(write_base(in_tmp / "facts", {"f.yaml": content}))
    kim, treaty, understanding, term = base.facts
    assert isinstance(kim, NameFact)
    assert (kim.verb, kim.kind) == (Verb.WAS, NameKind.PERSON)
    assert isinstance(term, NameFact)
    assert (term.verb, term.kind) == (Verb.IS, NameKind.TERM)
    assert isinstance(treaty, AgreementFact)
    assert treaty.signed
    assert treaty.card_kinds == (CardKind.WHICH, CardKind.WHEN)
    assert isinstance(understanding, AgreementFact)
    assert not understanding.signed
    assert understanding.date is None
    assert understanding.card_kinds == (CardKind.WHICH,)


def test_facts_come_in_sorted_file_order_then_file_order(in_tmp: Path) -> None:
    def one(fact_id: str) -> str:
        return HEAD + DATE_FACT.replace("recognition", fact_id)

    root = write_base(
        in_tmp / "facts",
        {
            "b.yaml": one("b-first") + DATE_FACT.replace("recognition", "b-second"),
            "a/z.yaml": one("a-z"),
            "a.yaml": one("a"),
            ".hidden/x.yaml": "not: [valid",
            "sub/.draft.yaml": "not: [valid",
            "templates.yaml": "cards: {}",
            "notes.txt": "anything",
        },
    )
    base = load_fact_base(root)
    assert [fact.id for fact in base] == ["a-z", "a", "b-first", "b-second"]
    assert fact_files(root) == [root / "a" / "z.yaml", root / "a.yaml", root / "b.yaml"]


def test_a_yml_file_is_reported_rather_than_ignored(in_tmp: Path) -> None:
    root = write_base(in_tmp / "facts", {"a.yaml": HEAD + DATE_FACT, "b.yml": "deck: x"})
    assert problems_of(root) == ["facts/b.yml: fact files end in '.yaml'; rename it to 'b.yaml'"]


def test_every_problem_in_every_file_is_reported(in_tmp: Path) -> None:
    root = write_base(
        in_tmp / "facts",
        {
            "a.yaml": HEAD + DATE_FACT.replace("1948", "1948-02-30"),
            "b.yaml": HEAD + DATE_FACT.replace("event:", "evnet:"),
            "c.yaml": "",
        },
    )
    assert problems_of(root) == [
        "facts/a.yaml:6:11: fact 'recognition': field 'date': day 30 does not exist in "
        "February 1948",
        "facts/b.yaml:3:5: fact 'recognition': duplicate id: 'recognition' is also the id of "
        "the fact at facts/a.yaml:3:5",
        "facts/b.yaml:5:5: fact 'recognition': unknown key 'evnet' (did you mean 'event'?)",
        "facts/c.yaml: file is empty",
    ]


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        pytest.param(
            SOURCES.replace("author: Ann Writer", "autor: Ann Writer"),
            [
                "facts/sources.yaml:3:5: source 'news-2013': unknown key 'autor' (did you "
                "mean 'author'?)"
            ],
            id="misspelt-key",
        ),
        pytest.param(
            SOURCES.replace("date: 2013-11-14", "date: 2013-11-31"),
            [
                "facts/sources.yaml:6:11: source 'news-2013': field 'date': day 31 does not "
                "exist in November 2013"
            ],
            id="impossible-date",
        ),
        pytest.param(
            SOURCES + "    url: ftp://example.org/a\n",
            [
                "facts/sources.yaml:11:10: source 'bulletin-2019': field 'url': expected an "
                "http(s) address, got 'ftp://example.org/a'"
            ],
            id="url",
        ),
        pytest.param(
            SOURCES + "  news-2013:\n    author: A\n    title: T\n    publication: P\n",
            ["facts/sources.yaml:11:3: source 'news-2013' is defined twice (first at line 2)"],
            id="defined-twice",
        ),
        pytest.param(
            "sources: [news-2013]\n",
            [
                "facts/sources.yaml:1:10: field 'sources': expected a mapping of source ids, "
                "got a list"
            ],
            id="not-a-mapping",
        ),
        pytest.param(
            "",
            ["facts/sources.yaml: file is empty"],
            id="empty",
        ),
        pytest.param(
            SOURCES + "  Writer 2013:\n    author: Ann Writer\n    date: November 2013\n",
            [
                "facts/sources.yaml:11:3: source id 'Writer 2013' is not a lowercase slug "
                "(letters a-z, digits, single hyphens between words); write it as 'writer-2013'",
                "facts/sources.yaml:12:5: source 'Writer 2013': missing required field "
                "'publication'",
                "facts/sources.yaml:12:5: source 'Writer 2013': missing required field 'title'",
                "facts/sources.yaml:13:11: source 'Writer 2013': field 'date': write "
                "'November 2013' as 2013-11",
            ],
            id="bad-id-hides-nothing",
        ),
        pytest.param(
            SOURCES + "  Writer 2013: a book\n",
            [
                "facts/sources.yaml:11:3: source id 'Writer 2013' is not a lowercase slug "
                "(letters a-z, digits, single hyphens between words); write it as 'writer-2013'",
                "facts/sources.yaml:11:16: source 'Writer 2013': expected a mapping, got 'a book'",
            ],
            id="bad-id-not-a-mapping",
        ),
        pytest.param(
            "news-2013:\n  author: A\n  title: T\n  publication: P\n",
            [
                "facts/sources.yaml:1:1: the source ids go under 'sources:': write 'sources:' "
                "on the first line and indent each id under it"
            ],
            id="no-sources-heading",
        ),
    ],
)
def test_invalid_sources_file_is_reported(in_tmp: Path, sources: str, expected: list[str]) -> None:
    root = write_base(in_tmp / "facts", {"a.yaml": HEAD + DATE_FACT}, sources=sources)
    # Facts are not checked against a broken sources file: that would only repeat its fault.
    assert problems_of(root) == expected


def test_a_fact_citing_a_source_by_the_id_it_must_take_is_told_where_to_fix_it(
    in_tmp: Path,
) -> None:
    sources = SOURCES.replace("news-2013:", "News 2013:")
    cited = DATE_FACT + KIM_FACT.replace("[news-2013]", "[news-2031]")
    root = write_base(in_tmp / "facts", {"a.yaml": HEAD + cited}, sources=sources)
    assert problems_of(root) == [
        "facts/a.yaml:7:15: fact 'recognition': unknown source 'news-2013'; to cite source "
        "'News 2013', write its id in sources.yaml as 'news-2013'",
        # An id that is no slug is never offered, however close.
        "facts/a.yaml:13:15: fact 'kim': unknown source 'news-2031'",
        "facts/sources.yaml:2:3: source id 'News 2013' is not a lowercase slug (letters a-z, "
        "digits, single hyphens between words); write it as 'news-2013'",
    ]


def _more_sources(count: int) -> str:
    """Return SOURCES with `count` more sources, 'extra-1' and on."""
    return SOURCES + "".join(
        f"  extra-{n}:\n    author: A\n    title: T\n    publication: P\n"
        for n in range(1, count + 1)
    )


@pytest.mark.parametrize(
    ("sources", "advice"),
    [
        pytest.param(SOURCES, "citing one of: bulletin-2019, news-2013", id="two"),
        pytest.param(
            _more_sources(5),
            "citing one of: bulletin-2019, extra-1, extra-2, extra-3, extra-4 (and 2 more)",
            id="many",
        ),
        pytest.param(
            SOURCES.replace("news-2013:", "News 2013:"),
            "citing one of: bulletin-2019, news-2013",
            id="an-id-to-fix-by-the-id-it-takes",
        ),
        pytest.param("sources: [news-2013]\n", "citing a source of sources.yaml", id="unreadable"),
    ],
)
def test_missing_sources_say_what_to_write(in_tmp: Path, sources: str, advice: str) -> None:
    fact = DATE_FACT.replace("    sources: [news-2013]\n", "")
    root = write_base(in_tmp / "facts", {"a.yaml": HEAD + fact}, sources=sources)
    missing = [problem for problem in problems_of(root) if problem.startswith("facts/a.yaml")]
    assert missing == [
        f"facts/a.yaml:3:5: fact 'recognition': missing required field 'sources'; "
        f"add sources: [<id>] {advice}"
    ]


def test_a_disputed_claim_without_sources_says_what_to_write(in_tmp: Path) -> None:
    fact = DATE_FACT + "    disputed:\n      - claim: it was 1949\n"
    assert problems_of(write_base(in_tmp / "facts", {"a.yaml": HEAD + fact})) == [
        "facts/a.yaml:9:9: fact 'recognition': missing required field 'sources'; "
        "add sources: [<id>] citing one of: bulletin-2019, news-2013"
    ]


def test_missing_sources_file_is_named(in_tmp: Path) -> None:
    root = write_base(in_tmp / "facts", {"a.yaml": HEAD + DATE_FACT})
    (root / "sources.yaml").unlink()
    assert problems_of(root) == [
        "facts/sources.yaml: no sources file: every fact cites sources listed in facts/sources.yaml"
    ]


def test_missing_folder_is_named(in_tmp: Path) -> None:
    assert problems_of(in_tmp / "nowhere") == ["nowhere: no such file or folder"]


def test_a_single_file_takes_the_nearest_sources_file_above_it(in_tmp: Path) -> None:
    root = write_base(in_tmp / "facts", {"deep/er/a.yaml": HEAD + DATE_FACT})
    result = check_paths([Path("facts/deep/er/a.yaml")])
    assert [fact.id for fact in result.base] == ["recognition"]
    assert result.files == (Path("facts/deep/er/a.yaml"),)
    assert result.sources_files == (Path("facts/sources.yaml"),)
    assert set(result.base.sources) == {"news-2013", "bulletin-2019"}
    assert root.is_dir()


def test_paths_outside_the_current_folder_print_in_full(tmp_path: Path) -> None:
    root = write_base(tmp_path / "facts", {"a.yaml": ""})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.chdir(elsewhere)
    try:
        assert problems_of(root) == [f"{root}/a.yaml: file is empty"]
    finally:
        os.chdir(tmp_path)


def test_renamed_from_collision_across_files_names_both(in_tmp: Path) -> None:
    renamed = DATE_FACT.replace("id: recognition", "id: first-recognition") + (
        "    renamed_from: [old-id]\n"
    )
    root = write_base(
        in_tmp / "facts",
        {
            "a.yaml": HEAD + renamed,
            "b.yaml": HEAD + DATE_FACT.replace("id: recognition", "id: old-id"),
            "c.yaml": HEAD
            + DATE_FACT.replace("id: recognition", "id: third")
            + "    renamed_from: [old-id]\n",
        },
    )
    assert problems_of(root) == [
        "facts/b.yaml:3:5: fact 'old-id': id 'old-id' is a former id of the fact "
        "'first-recognition' at facts/a.yaml:3:5; ids are never reused",
        "facts/b.yaml:3:5: fact 'old-id': id 'old-id' is a former id of the fact 'third' at "
        "facts/c.yaml:3:5; ids are never reused",
        "facts/c.yaml:3:5: fact 'third': former id 'old-id' is also claimed by the fact "
        "'first-recognition' at facts/a.yaml:3:5",
    ]


def test_aliases_that_expand_a_little_are_allowed(in_tmp: Path) -> None:
    content = (
        HEAD
        + DATE_FACT.replace("[news-2013]", "&both [news-2013, bulletin-2019]")
        + (DATE_FACT.replace("recognition", "second").replace("[news-2013]", "*both"))
    )
    base = load_fact_base(write_base(in_tmp / "facts", {"a.yaml": content}))
    assert [fact.sources for fact in base] == [("news-2013", "bulletin-2019")] * 2


def test_right_to_left_text_is_allowed(in_tmp: Path) -> None:
    content = HEAD + DATE_FACT.replace(
        "Mongolia recognized North Korea", "מונגוליה הכירה בצפון קוריאה"
    )
    base = load_fact_base(write_base(in_tmp / "facts", {"a.yaml": content}))
    assert isinstance(base.facts[0], DateFact)
    assert base.facts[0].event == "מונגוליה הכירה בצפון קוריאה"


def test_a_byte_order_mark_is_accepted(in_tmp: Path) -> None:
    content = ("\ufeff" + HEAD + DATE_FACT).encode("utf-8")
    base = load_fact_base(write_base(in_tmp / "facts", {"a.yaml": content}))
    assert len(base) == 1


# Hostile files: each must be refused with a location, quickly, and without side effects.


def test_python_tags_are_never_executed(in_tmp: Path) -> None:
    marker = in_tmp / "pwned"
    content = HEAD + DATE_FACT.replace(
        "event: Mongolia recognized North Korea",
        f"event: !!python/object/apply:os.system ['touch {marker}']",
    )
    root = write_base(in_tmp / "facts", {"a.yaml": content})
    assert problems_of(root) == [
        "facts/a.yaml:5:12: tag '!!python/object/apply:os.system' is not allowed: fact files "
        "hold plain text, numbers, dates, lists and mappings"
    ]
    assert not marker.exists()


def billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol"]']
    for level in range(1, levels + 1):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_in_well_under_a_second(in_tmp: Path) -> None:
    root = write_base(in_tmp / "facts", {"bomb.yaml": billion_laughs()})
    started = time.process_time()
    problems = problems_of(root)
    assert time.process_time() - started < 0.5
    assert problems == [
        "facts/bomb.yaml:6:25: aliases expand to more than 100000 values; a fact file never "
        "needs that many"
    ]


@pytest.mark.parametrize("depth", [100, 200_000])
def test_deep_nesting_is_refused_without_crashing(in_tmp: Path, depth: int) -> None:
    root = write_base(in_tmp / "facts", {"deep.yaml": "deck: [" + "[" * depth + "]" * depth + "]"})
    started = time.process_time()
    problems = problems_of(root)
    assert time.process_time() - started < 0.5
    # Our own limit answers at the 33rd bracket; libyaml 0.2.5 and later may run ahead of the
    # events and stop at its own limit first, further along the line. The words are the same.
    assert len(problems) == 1
    assert re.fullmatch(
        r"facts/deep\.yaml:1:(\d+): nested more than 32 levels deep; "
        r"a fact file needs no more than six",
        problems[0],
    )


def test_a_huge_file_is_refused_before_it_is_read(in_tmp: Path) -> None:
    root = write_base(in_tmp / "facts", {})
    with (root / "huge.yaml").open("wb") as huge:
        huge.truncate(11 * 1024 * 1024)
    assert problems_of(root) == [
        "facts/huge.yaml: file is 11.0 MB; fact files are limited to 10 MB"
    ]


def test_forbidden_characters_are_counted_past_ten(in_tmp: Path) -> None:
    content = HEAD + DATE_FACT.replace("Mongolia recognized", "Mongolia" + "\x01" * 12)
    problems = problems_of(write_base(in_tmp / "facts", {"a.yaml": content}))
    assert len(problems) == 11
    assert problems[0] == "facts/a.yaml: 2 more forbidden characters not listed"
    assert (
        problems[1] == "facts/a.yaml:5:20: control character U+0001 is not allowed in a fact file"
    )


def test_ten_thousand_facts_in_one_file_load_with_their_lines(in_tmp: Path) -> None:
    # How fast is the benchmark's business (benchmarks/run.py, the `quizgen check` row).
    facts = "".join(DATE_FACT.replace("recognition", f"fact-{number}") for number in range(10_000))
    root = write_base(in_tmp / "facts", {"big.yaml": HEAD + facts})
    base = load_fact_base(root)
    assert len(base) == 10_000
    first, last = base.get("fact-0"), base.get("fact-9999")
    assert first is not None
    assert last is not None
    assert last.location.line - first.location.line == 9_999 * DATE_FACT.count("\n")


def test_cloze_and_field_markers_are_kept_as_typed(in_tmp: Path) -> None:
    # Cards carry them as text (tests/test_anki_import.py proves it in Anki): a fact about
    # template syntax must be writable.
    content = HEAD + DATE_FACT.replace(
        "event: Mongolia recognized North Korea",
        "event: Mongolia recognized '{{c2::North Korea}}'\n    aliases: [North Korea, '}}']",
    )
    fact = load_fact_base(write_base(in_tmp / "facts", {"a.yaml": content})).facts[0]
    assert isinstance(fact, DateFact)
    assert fact.event == "Mongolia recognized '{{c2::North Korea}}'"
    assert fact.aliases == ("North Korea", "}}")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "    date: 1948\n",
            "    date: 1948\n    " + "k" * 1000 + ": 1\n",
            "facts/a.yaml:7:5: fact 'recognition': unknown key '" + "k" * 37 + "...'",
            id="huge-key",
        ),
    ],
)
def test_text_that_would_act_on_cards_is_refused(
    in_tmp: Path, old: str, new: str, expected: str
) -> None:
    content = HEAD + DATE_FACT.replace(old, new)
    assert problems_of(write_base(in_tmp / "facts", {"a.yaml": content})) == [expected]


def test_markup_characters_are_kept_as_text(in_tmp: Path) -> None:
    # Escaping belongs to the deck writer; here "<script>" is only text and must survive.
    event = "Mongolia & North Korea signed a <b>deal</b> <script>alert(1)</script>"
    content = HEAD + DATE_FACT.replace("Mongolia recognized North Korea", f"'{event}'")
    base = load_fact_base(write_base(in_tmp / "facts", {"a.yaml": content}))
    assert isinstance(base.facts[0], DateFact)
    assert base.facts[0].event == event


def test_loading_twice_gives_equal_facts(in_tmp: Path) -> None:
    root = write_base(in_tmp / "facts", {"a.yaml": HEAD + DATE_FACT})
    assert load_fact_base(root) == load_fact_base(root)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            HEAD + WORKERS_FACT.replace("value: 20", "value: !!int twenty"),
            "facts/a.yaml:5:12: fact 'workers': field 'value': expected a number, got 'twenty'",
            id="int-tag-on-text",
        ),
        pytest.param(
            HEAD + WORKERS_FACT.replace("value: 20", "value: " + "9" * 5000),
            "facts/a.yaml:5:12: fact 'workers': field 'value': expected a number, got '"
            + "9" * 37
            + "...'",
            id="number-too-long-to-convert",
        ),
        pytest.param(
            HEAD + WORKERS_FACT.replace("value: 20", "value: 1.0e+999"),
            "facts/a.yaml:5:12: fact 'workers': field 'value': expected a finite number, "
            "got '1.0e+999'",
            id="infinite",
        ),
        pytest.param(
            HEAD + DATE_FACT + "    approximate: !!bool maybe\n",
            "facts/a.yaml:8:18: fact 'recognition': field 'approximate': expected true or false, "
            "got 'maybe'",
            id="bool-tag-on-text",
        ),
        pytest.param(
            HEAD + DATE_FACT.replace("date: 1948", "date: !!timestamp soon"),
            "facts/a.yaml:6:11: fact 'recognition': field 'date': 'soon' is not a date "
            "(YYYY, YYYY-MM, YYYY-MM-DD or 450 BC)",
            id="timestamp-tag-on-text",
        ),
        pytest.param(
            HEAD + WORKERS_FACT.replace("value: 20", "value: !!seq 20"),
            "facts/a.yaml:5:12: fact 'workers': field 'value': expected a number, got '20'",
            id="seq-tag-on-a-scalar",
        ),
    ],
)
def test_a_value_unlike_its_tag_is_reported_not_raised(
    in_tmp: Path, content: str, expected: str
) -> None:
    assert problems_of(write_base(in_tmp / "facts", {"a.yaml": content})) == [expected]


@pytest.mark.parametrize(
    ("char", "expected"),
    [
        ("\u2028", "line separator U+2028 is not allowed: YAML reads it as a line break"),
        ("\u2029", "paragraph separator U+2029 is not allowed: YAML reads it as a line break"),
        ("\uffff", "non-character U+FFFF is not allowed in a fact file"),
        ("\x85", "control character U+0085 is not allowed in a fact file"),
        (
            "\u2066",
            "bidirectional control character U+2066 (LEFT-TO-RIGHT ISOLATE) is not "
            "allowed: it can make text display differently from what it says",
        ),
    ],
)
def test_characters_that_move_lines_or_hide_text_are_refused(
    in_tmp: Path, char: str, expected: str
) -> None:
    content = HEAD + DATE_FACT.replace("Mongolia recognized", f"Mongolia{char} recognized")
    problems = problems_of(write_base(in_tmp / "facts", {"a.yaml": content}))
    assert problems == [f"facts/a.yaml:5:20: {expected}"]


def test_the_pure_python_parser_gives_the_same_facts_and_places(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yaml

    from quizgen.factfiles import yamlnodes

    good = write_base(in_tmp / "good", {"a.yaml": HEAD + DATE_FACT + KIM_FACT})
    bad = write_base(
        in_tmp / "bad",
        {"a.yaml": HEAD + DATE_FACT.replace("event:", "evnet:").replace("news-2013", "news")},
    )
    with_libyaml = (load_fact_base(good), problems_of(bad))
    monkeypatch.setattr(yamlnodes, "_Loader", yaml.SafeLoader)
    assert (load_fact_base(good), problems_of(bad)) == with_libyaml
    # The two parsers word syntax errors differently, but both say where.
    broken = write_base(in_tmp / "broken", {"a.yaml": HEAD + "  - [x"})
    assert problems_of(broken) == [
        "broken/a.yaml:3:7: YAML syntax error: expected ',' or ']', but got '<stream end>' "
        "(while parsing a flow sequence)"
    ]
    assert problems_of(write_base(in_tmp / "bomb", {"a.yaml": billion_laughs()})) == [
        "bomb/a.yaml:6:25: aliases expand to more than 100000 values; a fact file never needs "
        "that many"
    ]


@pytest.mark.parametrize(
    ("deck", "expected"),
    [
        ("nul", "deck names become file names: 'nul' cannot be a file name on Windows"),
        ("COM1::History", "deck names become file names: 'COM1' cannot be a file name on Windows"),
        ("Mongolia.", "deck names become file names: 'Mongolia.' cannot be a file name on Windows"),
        ("Con::Aux", "deck names become file names: 'Con' cannot be a file name on Windows"),
        ("A:B", "deck names become file names: 'A:B' must not contain ':'"),
        (
            ".hidden",
            "deck names become file names: '.hidden' has a part starting with '.' (such as '..')",
        ),
    ],
)
def test_deck_names_that_cannot_be_file_names_are_refused(
    in_tmp: Path, deck: str, expected: str
) -> None:
    content = f"deck: '{deck}'\nfacts:\n" + DATE_FACT
    assert problems_of(write_base(in_tmp / "facts", {"a.yaml": content})) == [
        f"facts/a.yaml:1:7: {expected}"
    ]


def test_deck_names_are_normalised_around_the_separators(in_tmp: Path) -> None:
    content = "deck: ' Mongolia :: Trade  '\nfacts:\n" + DATE_FACT
    base = load_fact_base(write_base(in_tmp / "facts", {"a.yaml": content}))
    assert base.facts[0].deck == "Mongolia::Trade"
    assert base.top_decks() == ("Mongolia",)


def test_a_pipe_named_like_a_fact_file_is_refused_without_blocking(in_tmp: Path) -> None:
    root = write_base(in_tmp / "facts", {"a.yaml": HEAD + DATE_FACT})
    os.mkfifo(root / "pipe.yaml")
    assert problems_of(root) == [
        "facts/pipe.yaml: is a named pipe (FIFO), not a regular file; a fact file must be a file"
    ]


def test_problems_name_the_fact_whatever_the_key_order(in_tmp: Path) -> None:
    content = HEAD + "  - type: dat\n    sources: [news-2013]\n    id: recognition\n"
    assert problems_of(write_base(in_tmp / "facts", {"a.yaml": content})) == [
        "facts/a.yaml:3:11: fact 'recognition': unknown type 'dat' (did you mean 'date'?); "
        "valid types: agreement, date, figure, name"
    ]


OTHER_FACT = DATE_FACT.replace("id: recognition", "id: other")
DISPUTED = "    disputed:\n      - claim: it was 1949\n        sources: [news-2013]\n"
MAPPING_VALUES = "YAML syntax error: mapping values are not allowed in this context"
NO_DASH = (
    "YAML syntax error: did not find expected '-' indicator (while parsing a block collection)"
)
NO_KEY = "YAML syntax error: did not find expected key (while parsing a block mapping)"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            DATE_FACT.replace("    date:", "     date:"),
            f"facts/a.yaml:6:10: {MAPPING_VALUES}; line 6 is indented more than the line above "
            "it: line 'date' up with 'event'",
            id="key-more",
        ),
        pytest.param(
            DATE_FACT.replace("    date:", "      date:"),
            f"facts/a.yaml:6:11: {MAPPING_VALUES}; line 6 is indented more than the line above "
            "it: line 'date' up with 'event'",
            id="key-two-more",
        ),
        pytest.param(
            DATE_FACT.replace("    date:", "   date:"),
            f"facts/a.yaml:6:4: {NO_DASH}; line 6 is indented less than the line above it: "
            "line 'date' up with 'event'",
            id="key-less",
        ),
        pytest.param(
            DATE_FACT.replace("    date:", "date:"),
            f"facts/a.yaml:7:12: {MAPPING_VALUES}; line 6 is indented less than the lines around "
            "it: line 'date' up with 'event'",
            id="key-at-the-margin",
        ),
        pytest.param(
            DATE_FACT.replace("    type:", "     type:"),
            f"facts/a.yaml:4:10: {MAPPING_VALUES}; line 4 is indented more than 'id' on the line "
            "above it: line 'type' up with 'id'",
            id="first-key-more",
        ),
        pytest.param(
            DATE_FACT.replace("    date:", "    # when\n\n     date:"),
            f"facts/a.yaml:8:6: {NO_KEY}; line 8 is indented more than the line above it: "
            "line 'date' up with 'event'",
            id="past-a-comment",
        ),
        pytest.param(
            DATE_FACT + OTHER_FACT.replace("  - id", "   - id"),
            f"facts/a.yaml:8:4: {NO_DASH}; line 8 is indented more than the item on line 3: "
            "line its '-' up with line 3's '-'",
            id="item-more",
        ),
        pytest.param(
            DATE_FACT + OTHER_FACT.replace("  - id", "    - id"),
            f"facts/a.yaml:8:5: {NO_KEY}; line 8 is indented more than the item on line 3: "
            "line its '-' up with line 3's '-'",
            id="item-two-more",
        ),
        pytest.param(
            DATE_FACT + OTHER_FACT.replace("  - id", " - id"),
            f"facts/a.yaml:8:2: {NO_KEY}; line 8 is indented less than the item on line 3: "
            "line its '-' up with line 3's '-'",
            id="item-less",
        ),
        pytest.param(
            DATE_FACT + DISPUTED.replace("        sources", "       sources"),
            f"facts/a.yaml:10:8: {NO_DASH}; line 10 is indented less than 'claim' on the line "
            "above it: line 'sources' up with 'claim'",
            id="nested-key-less",
        ),
        pytest.param(
            DATE_FACT + DISPUTED + "     - claim: it was 1950\n        sources: [news-2013]\n",
            f"facts/a.yaml:11:6: {NO_KEY}; line 11 is indented less than the item on line 9: "
            "line its '-' up with line 9's '-'",
            id="nested-item-less",
        ),
        pytest.param(
            DATE_FACT.replace("    date:", "     date:").replace("\n", "\r\n"),
            f"facts/a.yaml:6:10: {MAPPING_VALUES}; line 6 is indented more than the line above "
            "it: line 'date' up with 'event'",
            id="windows-line-ends",
        ),
        pytest.param(
            DATE_FACT.replace("event: Mongolia", "event: Note: Mongolia"),
            f"facts/a.yaml:5:16: {MAPPING_VALUES}; put text that contains ': ' in quotes",
            id="text-with-a-colon",
        ),
        pytest.param(
            DATE_FACT.replace(
                "event: Mongolia recognized", "event: Mongolia\n     also: recognized"
            ),
            f"facts/a.yaml:6:10: {MAPPING_VALUES}; line 6 is indented more than the line above "
            "it: line 'also' up with 'event'",
            id="text-going-on-with-a-colon",
        ),
    ],
)
def test_a_misindented_line_is_named_with_what_to_line_it_up_with(
    in_tmp: Path, content: str, expected: str
) -> None:
    root = write_base(in_tmp / "facts", {"a.yaml": HEAD + content})
    assert problems_of(root) == [expected]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "event: Mongolia recognized North Korea",
            "event: Note: Mongolia recognized North Korea",
            "facts/a.yaml:5:16: YAML syntax error: mapping values are not allowed in this "
            "context; put text that contains ': ' in quotes",
            id="colon",
        ),
        pytest.param(
            "event: Mongolia recognized North Korea",
            "event: @Mongolia recognized North Korea",
            "facts/a.yaml:5:12: YAML syntax error: found character that cannot start any token "
            "(while scanning for the next token); put text that starts with '@' in quotes",
            id="at-sign",
        ),
    ],
)
def test_common_yaml_slips_get_advice(in_tmp: Path, old: str, new: str, expected: str) -> None:
    content = HEAD + DATE_FACT.replace(old, new)
    assert problems_of(write_base(in_tmp / "facts", {"a.yaml": content})) == [expected]
