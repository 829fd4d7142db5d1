"""A hypothesis campaign from fact file to Anki fields: facts and cards, or our own error.

Random fact files, some well formed with hostile text, some with their YAML text mutated,
go through the whole pipeline: loader, card generation, note packaging. The law: every run
ends in cards whose cloze fields hide exactly one answer and carry no live markup, or in a
`QuizgenError` that names a file and a line. Nothing else may escape.

CI runs several thousand examples (`CI` set in the environment); a local run fewer.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from quizgen.anki.notes import PackagedNote, make_note
from quizgen.cards.extras import back_extras
from quizgen.cards.render import generate_cards
from quizgen.cards.templates import Templates, load_templates
from quizgen.errors import FactError, QuizgenError
from quizgen.factfiles.loader import load_fact_base
from quizgen.model.facts import FactBase

EXAMPLES = int(
    os.environ.get("QUIZGEN_HYPOTHESIS_EXAMPLES", "3000" if os.environ.get("CI") else "200")
)

SOURCES = {"sources": {"src-a": {"author": "A", "title": "T", "publication": "P", "date": 2013}}}

HOSTILE = st.sampled_from(
    [
        "{{c9::x}}",
        "}}",
        "{{",
        "::",
        "a::b",
        "<script>alert(1)</script>",
        "<b>bold</b>",
        "&amp;",
        "\u202e",
        "שלום",
        "مرحبا",
        "\x00",
        "\x07",
        "\ue000",
        "\ue001",
        "{{ fact }}",
        "{% raw %}",
        "Khürelsükh",
        "../../etc",
        "x" * 300,
    ]
)
MARKUP = st.sampled_from(
    ["{{c9::x}}", "}}", "{{", "::", "a::b", "<script>alert(1)</script>", "<b>b</b>", "&amp;"]
)
PRINTABLE = st.text(
    st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Zl", "Zp")),
    min_size=1,
    max_size=30,
).filter(str.strip)
CLEAN_TEXT = st.lists(st.one_of(MARKUP, PRINTABLE), min_size=1, max_size=4).map(" ".join)
TEXT = st.one_of(
    st.text(min_size=1, max_size=40),
    st.lists(st.one_of(HOSTILE, st.text(max_size=8)), min_size=1, max_size=4).map(" ".join),
)
SCALAR: st.SearchStrategy[Any] = st.one_of(
    TEXT,
    st.integers(-10, 3000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
    st.dates(),
    st.sampled_from(["2013-10", "2009/2017", "2013-13-45", "1948", "2014-05-21"]),
)

FIELDS: dict[str, dict[str, Any]] = {
    "date": {"event": "Mongolia recognized North Korea", "date": 1948},
    "name": {"name": "Elbegdorj", "description": "the president", "kind": "person"},
    "figure": {"value": 225000, "unit": "head of cattle", "quantity": "the aid sent"},
    "agreement": {
        "title": "Friendship Treaty",
        "parties": ["Mongolia", "North Korea"],
        "date": 2002,
        "summary": "restored ties",
    },
}
OPTIONAL = ["tags", "aliases", "note", "disputed", "cards", "renamed_from", "hint", "approximate"]


@st.composite
def fact_dicts(draw: st.DrawFn, index: int, clean: bool) -> dict[str, Any]:
    """Draw one fact: a valid skeleton with hostile text, then, unless clean, disturbed."""
    text = CLEAN_TEXT if clean else TEXT
    fact_type = draw(st.sampled_from(sorted(FIELDS)))
    fact: dict[str, Any] = {"id": f"fact-{index}", "type": fact_type, "sources": ["src-a"]}
    for key, value in FIELDS[fact_type].items():
        fact[key] = draw(st.one_of(st.just(value), text)) if isinstance(value, str) else value
    if not clean and draw(st.integers(0, 1)) == 0:
        fact[draw(st.sampled_from(sorted(fact)))] = draw(SCALAR)
    if fact_type == "date" and draw(st.booleans()):
        fact["hint"] = draw(text)
    if draw(st.booleans()):
        fact["aliases"] = draw(st.lists(text, min_size=1, max_size=3))
    if draw(st.booleans()):
        fact["disputed"] = [{"claim": draw(text), "sources": ["src-a"]}]
    if not clean and draw(st.integers(0, 2)) == 0:
        fact[draw(st.sampled_from(OPTIONAL))] = draw(st.one_of(SCALAR, st.lists(TEXT, max_size=3)))
    if draw(st.booleans()):
        fact["note"] = draw(text)
    if not clean and draw(st.integers(0, 4)) == 0:
        fact[draw(st.sampled_from(["evnet", "nmae", "valeu", "x"]))] = draw(SCALAR)
    return fact


@st.composite
def fact_files(draw: st.DrawFn) -> str:
    """Draw a fact file's text: dumped from dicts, and now and then mutated as text."""
    count = draw(st.integers(1, 4))
    clean = draw(st.booleans())
    deck = st.sampled_from(["Topic::Sub", "Topic"])
    document = {
        "deck": draw(deck if clean else deck | TEXT),
        "facts": [draw(fact_dicts(i, clean)) for i in range(count)],
    }
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    for _ in range(0 if clean else draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(text)))
        text = (
            text[:at]
            + draw(st.sampled_from([":", "-", "  ", "\n", "&a", "*a", "!!", "'", "{"]))
            + text[at:]
        )
    return text


@functools.cache
def _default_templates() -> Templates:
    return load_templates(None)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=fact_files())
def test_any_fact_file_gives_sound_cards_or_a_located_error(tmp_path: Path, text: str) -> None:
    root = tmp_path / "facts"
    root.mkdir(exist_ok=True)
    (root / "sources.yaml").write_text(yaml.safe_dump(SOURCES), encoding="utf-8")
    (root / "topic.yaml").write_text(text, encoding="utf-8")
    outcome = _run_pipeline(root)
    if isinstance(outcome, QuizgenError):
        event("refused with our own error")
        _assert_located(outcome)
        return
    event("loaded and packaged")
    for note in outcome:
        assert note.ords  # every note makes at least one card
        for field in note.fields:
            assert not re.search(r"<(?!/?(?:br|ul|li|span)>|span class='cloze'>)", field), field
            assert not re.search(r"[{}\[\]\\]", field), field  # all inert, as entities


def _run_pipeline(root: Path) -> list[PackagedNote] | QuizgenError:
    """Load, generate and package; return the notes, or the project's own error."""
    try:
        facts: FactBase = load_fact_base(root)
        cards = generate_cards(facts, _default_templates())
        return [
            make_note(list(group), back_extras(fact, facts))
            for fact, group in itertools.groupby(cards, key=lambda card: card.fact)
        ]
    except QuizgenError as error:
        return error


def _assert_located(error: QuizgenError) -> None:
    assert str(error).strip()
    if isinstance(error, FactError):
        assert error.problems
        for problem in error.problems:
            assert problem.location.path.endswith(".yaml"), problem
            assert problem.location.line >= 1, problem
            assert problem.message.strip(), problem
