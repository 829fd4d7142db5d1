"""Property tests of the loader: whatever the bytes, the result is facts or a `FactError`.

Set QUIZGEN_HYPOTHESIS_EXAMPLES to choose the number of examples; with CI set, each runs 2000.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizgen.errors import FactError
from quizgen.factfiles.fields import COMMON_FIELDS, SLUG, TYPE_FIELDS
from quizgen.factfiles.loader import load_fact_base
from quizgen.model.facts import FactBase

EXAMPLES = int(
    os.environ.get("QUIZGEN_HYPOTHESIS_EXAMPLES", "2000" if os.environ.get("CI") else "150")
)
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SOURCES = """\
sources:
  news-2013:
    author: Ann Writer
    title: A state visit
    publication: The Daily
    date: 2013-11-14
"""

VALID = """\
deck: Mongolia::History
tags: [history]
facts:
  - id: recognition
    type: date
    event: Mongolia recognized North Korea
    date: 1948
    approximate: true
    sources: [news-2013]
    disputed:
      - claim: relations began in 1949
        sources: [news-2013]
  - id: workers
    type: figure
    value: [1000, 2500]
    unit: workers
    quantity: the number of North Korean workers in Mongolia
    date: 2013-10
    sources: [news-2013]
    cards: [question]
  - id: elbegdorj
    type: name
    name: Tsakhiagiin Elbegdorj
    description: the Mongolian president who visited Pyongyang in 2013
    kind: person
    aliases: [Elbegdorj]
    sources: [news-2013]
    renamed_from: [president]
  - id: treaty
    type: agreement
    title: Treaty of Friendship and Cooperation
    parties: [Mongolia, North Korea]
    date: "2002-08"
    summary: restored ties after the cooling of the 1990s
    sources: [news-2013]
"""

# Characters that matter to YAML, plus some that matter to the loader's guards.
YAML_TOKENS = st.sampled_from(
    list(":-[]{}&*!|>'\"#%@`,?\n\t ")
    + list("abz019_.")
    + ["\u202e", "\x00", "\x85", "é", "/", "{{", "9" * 5000, "1.0e+999", ".nan", "<<: "]
    + [f"!!{tag} " for tag in ("int", "float", "bool", "null", "timestamp", "str", "seq")]
    + ["!!binary ", "!!python/object:os.system ", "&a ", "*a ", "--- "]
)
YAML_SNIPPETS = st.lists(YAML_TOKENS, max_size=60).map("".join)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a facts folder with a sources file; each example rewrites `f.yaml` in it."""
    root = tmp_path_factory.mktemp("facts")
    (root / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    return root


def load_bytes(folder: Path, data: bytes) -> FactBase | FactError:
    """Write `data` as the only fact file and load the folder; return facts or the error."""
    (folder / "f.yaml").write_bytes(data)
    try:
        return load_fact_base(folder)
    except FactError as error:
        caught = error
    assert caught.problems, "a FactError always names at least one problem"
    for problem in caught.problems:
        assert str(problem).startswith(str(folder / "f.yaml")), str(problem)
    return caught


def test_the_valid_file_loads(folder: Path) -> None:
    base = load_bytes(folder, VALID.encode())
    assert isinstance(base, FactBase)
    assert len(base) == 4


@PROPERTY
@given(st.text())
def test_arbitrary_text_gives_facts_or_fact_error(folder: Path, text: str) -> None:
    load_bytes(folder, text.encode("utf-8", errors="surrogatepass"))


@PROPERTY
@given(st.binary(max_size=400))
def test_arbitrary_bytes_give_facts_or_fact_error(folder: Path, data: bytes) -> None:
    load_bytes(folder, data)


@PROPERTY
@given(YAML_SNIPPETS)
def test_yaml_punctuation_gives_facts_or_fact_error(folder: Path, text: str) -> None:
    load_bytes(folder, text.encode("utf-8", errors="surrogatepass"))


edit = st.tuples(
    st.sampled_from(["delete", "insert", "replace", "duplicate-line", "drop-line"]),
    st.integers(min_value=0, max_value=len(VALID)),
    st.integers(min_value=0, max_value=30),
    st.lists(YAML_TOKENS, max_size=4).map("".join),
)


def mutate(text: str, edits: list[tuple[str, int, int, str]]) -> str:
    """Apply edits such as a careless hand would: deleted runs, stray characters, lost lines."""
    for operation, position, length, payload in edits:
        position = min(position, len(text))
        if operation == "delete":
            text = text[:position] + text[position + length :]
        elif operation == "insert":
            text = text[:position] + payload + text[position:]
        elif operation == "replace":
            text = text[:position] + payload + text[position + len(payload) :]
        else:
            lines = text.splitlines(keepends=True)
            if not lines:
                continue
            index = text.count("\n", 0, position) % len(lines)
            if operation == "duplicate-line":
                lines.insert(index, lines[index])
            else:
                del lines[index]
            text = "".join(lines)
    return text


@PROPERTY
@given(st.lists(edit, min_size=1, max_size=4))
def test_mutated_valid_file_gives_facts_or_fact_error(
    folder: Path, edits: list[tuple[str, int, int, str]]
) -> None:
    load_bytes(folder, mutate(VALID, edits).encode("utf-8", errors="surrogatepass"))


KEYS = sorted(
    {spec.name for spec in COMMON_FIELDS}
    | {spec.name for specs in TYPE_FIELDS.values() for spec in specs}
    | {"evnet", "claim", "<<"}
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["news-2013", "date", "name", "figure", "agreement", "2013-13-45", "1948"]),
    st.dates(),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)
    ),
    max_leaves=6,
)
base_fields = st.fixed_dictionaries(
    {
        "id": st.one_of(st.from_regex(SLUG, fullmatch=True), values),
        "type": st.one_of(st.sampled_from(["date", "name", "figure", "agreement"]), values),
        "sources": st.one_of(st.just(["news-2013"]), values),
    }
)
fact = st.builds(
    lambda base, more: {**base, **more},
    base_fields,
    st.dictionaries(st.sampled_from(KEYS), values, max_size=5),
)


@PROPERTY
@given(st.lists(fact, max_size=4), st.one_of(st.just("Deck::Sub"), values))
def test_generated_facts_give_facts_or_fact_error(
    folder: Path, facts: list[dict[str, object]], deck: object
) -> None:
    document = {"deck": deck, "facts": facts}
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    result = load_bytes(folder, text.encode("utf-8", errors="surrogatepass"))
    if isinstance(result, FactBase):
        assert [f.id for f in result] == [f["id"] for f in facts]  # order kept
        assert all(SLUG.match(f.id) for f in result)
