"""Tidying: rendered text made tidy, fact text cleaned of markers and stray whitespace."""

from __future__ import annotations

import dataclasses
import re

import pytest
from factories import ELBEGDORJ, RECOGNIZED, TREATY, WORKERS
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.cards.markers import HIDE_CLOSE, HIDE_OPEN
from quizgen.cards.tidy import clean_fact, tidy
from quizgen.model.facts import AnyFact


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  two   spaces  ", "Two spaces"),
        ("a , b .", "A, b."),
        ("ends twice..", "Ends twice."),
        ("an ellipsis...", "An ellipsis..."),
        ("asked?.", "Asked?"),
        ("done.? then", "Done? Then"),
        ("first. second! third? fourth", "First. Second! Third? Fourth"),
        ("the U.S. embassy", "The U.S. embassy"),
        ("e.g. this", "E.g. this"),
        ("list , , end", "List, end"),
        ("comma ,.", "Comma."),
        ("(a hint)", "(a hint)"),
        ("élan. über", "Élan. Über"),
    ],
)
def test_tidy(raw: str, expected: str) -> None:
    assert tidy(raw) == expected


def _tidy_by_every_rule(text: str) -> str:
    """Tidy as the rules say, without the shortcuts that let most texts skip them."""
    from quizgen.cards.tidy import _ABBREVIATION, _TEXT_START, _TIDY_RULES, _upper_last

    sentence_start = re.compile(rf"(?<=\S)([.?!]) [{HIDE_OPEN}{HIDE_CLOSE}]*\w")

    text = re.sub(r"\s+", " ", text).strip()
    previous = None
    while text != previous:
        previous = text
        for pattern, replacement in _TIDY_RULES:
            text = pattern.sub(replacement, text)
    text = _TEXT_START.sub(_upper_last, text)

    def upper(match: re.Match[str]) -> str:
        if match.group(1) == "." and _ABBREVIATION.search(text, 0, match.start()):
            return match.group(0)
        return _upper_last(match)

    return sentence_start.sub(upper, text)


@settings(max_examples=500)
@given(text=st.text(alphabet=f" \t\n,;:.?!aZÉé_1٣²ßǅ“{HIDE_OPEN}{HIDE_CLOSE}", max_size=24))
def test_tidy_takes_shortcuts_only_where_the_rules_change_nothing(text: str) -> None:
    assert tidy(text) == _tidy_by_every_rule(text)


@settings(max_examples=500)
@given(text=st.text(alphabet=f" \t\n\u00a0\u2003a.{HIDE_OPEN}{HIDE_CLOSE}", max_size=16))
def test_fact_text_is_cleaned_only_where_it_needs_it(text: str) -> None:
    from quizgen.cards.tidy import clean_text

    stripped = text.replace(HIDE_OPEN, "").replace(HIDE_CLOSE, "")
    assert clean_text(text) == re.sub(r"\s+", " ", stripped).strip()


@pytest.mark.parametrize("fact", [RECOGNIZED, ELBEGDORJ, WORKERS, TREATY], ids=lambda f: f.type)
def test_every_text_of_a_fact_is_cleaned(fact: AnyFact) -> None:
    dirty = f" a{HIDE_OPEN}\tb  c{HIDE_CLOSE} "
    changes: dict[str, object] = {}
    for field in dataclasses.fields(fact):
        value = getattr(fact, field.name)
        if field.name == "action":  # an agreement's action is one lowercase word, or none
            continue
        if field.init and type(value) is str:
            changes[field.name] = dirty
        elif field.init and value and isinstance(value, tuple) and type(value[0]) is str:
            changes[field.name] = (dirty, dirty)
    assert {"id", "deck", "sources"} <= changes.keys()
    cleaned = clean_fact(dataclasses.replace(fact, **changes))  # type: ignore[arg-type]
    for name in changes:
        value = getattr(cleaned, name)
        assert value in ("a b c", ("a b c", "a b c")), name
