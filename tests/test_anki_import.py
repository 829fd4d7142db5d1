"""Built decks imported into a fresh collection with Anki's own engine, as a user would."""

from __future__ import annotations

import html
import itertools
import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from deck_fixtures import (
    SAMPLE_CARD_COUNTS,
    SAMPLE_NOTE_COUNTS,
    SOURCES_YAML,
    edit,
    import_decks,
    move_fact,
    open_collection,
    sample_facts,
    visible,
)
from factories import write_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizgen.anki.identity import note_guid
from quizgen.anki.notes import escape_text
from quizgen.build.changes import anki_deck_search
from quizgen.build.run import build
from quizgen.cards.render import generate_cards
from quizgen.cards.templates import load_templates
from quizgen.cli.build_cmd import format_report
from quizgen.factfiles.loader import load_fact_base
from quizgen.model.facts import CardKind

T0 = 1_700_000_000
TOTAL = sum(SAMPLE_NOTE_COUNTS.values())
CARDS = sum(SAMPLE_CARD_COUNTS.values())


@pytest.fixture
def col(tmp_path: Path) -> Iterator[Any]:
    collection = open_collection(tmp_path / "anki" / "collection.anki2")
    yield collection
    collection.close()


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    return sample_facts(tmp_path)


def decks_in(out: Path) -> list[Path]:
    return sorted(out.glob("*.apkg"))


def build_and_list(facts: Path, out: Path, now: int) -> list[Path]:
    build(facts, out, now=now)
    return decks_in(out)


def find_note(col: Any, fact_id: str) -> Any:
    """Return a fact's one note."""
    (note_id,) = col.find_notes(f'"FactId:{fact_id}"')
    return col.get_note(note_id)


def find_card(col: Any, fact_id: str, kind: str) -> Any:
    """Return a fact's card of one kind: the card of that kind's template."""
    note = find_note(col, fact_id)
    names = [template["name"] for template in note.note_type()["tmpls"]]
    (card,) = [card for card in note.cards() if card.ord == names.index(kind.capitalize())]
    return card


def review(col: Any, card_id: int) -> Any:
    """Answer a card "Easy" through the scheduler, so it has history and an interval."""
    from anki.scheduler.v3 import CardAnswer

    card = col.get_card(card_id)
    card.start_timer()
    states = col._backend.get_scheduling_states(card.id)
    col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=CardAnswer.EASY))
    return col.get_card(card_id)


def history(col: Any, card_id: int) -> list[tuple[Any, ...]]:
    return list(col.db.all("SELECT id, ease, ivl, type FROM revlog WHERE cid = ?", card_id))


def test_import_gives_the_notes_cards_decks_and_tags(facts: Path, tmp_path: Path, col: Any) -> None:
    imported = import_decks(col, build_and_list(facts, tmp_path / "decks", T0))
    assert (imported.new, imported.updated) == (TOTAL, 0)
    assert col.note_count() == TOTAL
    assert col.card_count() == CARDS
    names = {d.name for d in col.decks.all_names_and_ids()}
    assert {"Mongolia", "Mongolia::Diplomacy", "Mongolia::Trade", "People"} <= names
    assert len(col.find_cards('"deck:Mongolia::Diplomacy"')) == 8
    assert len(col.find_cards('"deck:Mongolia::Trade"')) == 4
    assert len(col.find_cards('"deck:People"')) == 3
    assert len(col.find_notes('"note:quizgen date"')) == 2
    assert len(col.find_notes('"note:quizgen figure"')) == 1
    assert len(col.find_notes('"note:quizgen agreement"')) == 1
    assert len(col.find_notes('"note:quizgen name"')) == 1
    visit = find_note(col, "state-visit")
    assert sorted(visit.tags) == [
        "diplomacy",
        "north-korea",
        "quizgen::source::lee-2014",
        "quizgen::source::smith-2015",
        "quizgen::type::date",
        "visits",
    ]
    assert len(col.find_notes("tag:quizgen::type::agreement")) == 1
    assert len(col.find_notes("tag:quizgen::source::lee-2014")) == 2


def test_rendered_cards_show_question_answer_note_sources_and_disputes(
    facts: Path, tmp_path: Path, col: Any
) -> None:
    import_decks(col, build_and_list(facts, tmp_path / "decks", T0))
    fact_base = load_fact_base(facts)
    cards = {card.key: card for card in generate_cards(fact_base, load_templates(facts))}

    expected = cards["recognition/question"]
    card = find_card(col, "recognition", "question")
    assert expected.context == "Mongolia · Diplomacy"
    front = (
        "<div class='quizgen-context'>Mongolia · Diplomacy</div>"
        f"<div class='quizgen quizgen-question'>{escape_text(expected.front)}</div>"
    )
    assert visible(card.question()) == front
    assert visible(card.answer()) == (
        front + ""
        "<hr id=answer><div class='quizgen'>"
        f"<div class='quizgen-answer'>{escape_text(expected.back)}</div>"
        "<div class='quizgen-extra quizgen-note'>One of the first states to do so.</div>"
        "<div class='quizgen-extra quizgen-sources'><span class='quizgen-label'>Sources</span>"
        "<ul><li>Jane Smith, The Diplomat, 2015</li></ul></div></div>"
    )

    disputed = visible(find_card(col, "state-visit", "reverse").answer())
    assert (
        "<div class='quizgen-extra quizgen-disputed'><span class='quizgen-label'>Disputed</span>"
        "<ul><li>The visit took place in November (Kim Lee, Asia Times, 2014)</li></ul></div>"
    ) in disputed
    assert "<ul><li>Jane Smith, The Diplomat, 2015</li><li>Kim Lee, Asia Times, 2014</li></ul>" in (
        disputed
    )
    # Markup typed in a fact arrives as text, escaped, never as markup.
    assert "&lt;b&gt;state visit&lt;/b&gt;" in disputed
    assert "<b>" not in disputed


def shown_text(html_text: str) -> str:
    """Return the text a reader sees in rendered card HTML: tags gone, entities read."""
    return html.unescape(re.sub(r"<[^>]+>", "", visible(html_text).replace("<br>", "\n")))


def test_each_cloze_shows_a_gap_and_then_its_answer(facts: Path, tmp_path: Path, col: Any) -> None:
    import_decks(col, build_and_list(facts, tmp_path / "decks", T0))
    cards = generate_cards(load_fact_base(facts), load_templates(facts))
    clozes = [card for card in cards if card.kind is CardKind.CLOZE]
    assert len(clozes) == 5
    for expected in clozes:
        card = find_card(col, expected.fact.id, "cloze")
        assert expected.cloze is not None
        before, hidden, after = expected.cloze
        assert shown_text(card.question()) == f"{expected.context}{before}[...]{after}"
        assert card.question().count("<span class='cloze'>") == 1
        (shown,) = re.findall(r"<span class='cloze'>(.*?)</span>", card.answer(), re.DOTALL)
        assert html.unescape(shown) == hidden
        assert shown_text(card.answer()).startswith(f"{expected.context}{before}{hidden}{after}")


HOSTILE_YAML = """\
deck: Hostile
facts:
  - id: hostile
    type: name
    name: "Evil {{c2::Corp}} :: }} <script>alert(1)</script>"
    description: "a company that writes <img src=x onerror=alert(1)> & {{Text}} more"
    sources: [smith-2015]
    cards: [question, reverse, cloze]
"""


def test_html_and_cloze_syntax_in_facts_arrive_as_text(
    facts: Path, tmp_path: Path, col: Any
) -> None:
    write_files(facts, {"hostile.yaml": HOSTILE_YAML})
    import_decks(col, build_and_list(facts, tmp_path / "decks", T0))
    cloze = find_card(col, "hostile", "cloze")
    answer = visible(cloze.answer())
    assert "<script>" not in answer
    assert "<img" not in answer
    (shown,) = re.findall(r"<span class='cloze'>(.*?)</span>", answer)
    assert html.unescape(shown) == "Evil {{c2::Corp}} :: }} <script>alert(1)</script>"
    question = visible(find_card(col, "hostile", "reverse").question())
    assert "<script>" not in question
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in question
    assert "a company that writes <img src=x onerror=alert(1)> & {{Text}} more" in (
        shown_text(cloze.answer())
    )


def test_one_note_per_fact_with_its_kinds_as_siblings_in_template_order(
    facts: Path, tmp_path: Path, col: Any
) -> None:
    from quizgen.model.facts import CARD_KINDS

    import_decks(col, build_and_list(facts, tmp_path / "decks", T0))
    cards = generate_cards(load_fact_base(facts), load_templates(facts))
    for fact in dict.fromkeys(card.fact for card in cards):
        note = find_note(col, fact.id)
        kinds = CARD_KINDS[fact.type]
        assert [t["name"] for t in note.note_type()["tmpls"]] == [
            kind.value.capitalize() for kind in kinds
        ]
        made = [card.kind for card in cards if card.fact == fact]
        siblings = sorted(note.cards(), key=lambda card: card.ord)
        assert [card.ord for card in siblings] == [kinds.index(kind) for kind in made]
        assert all(card.type == 0 for card in siblings)  # new
    # Every fact's first card, in fact-file order, comes before any fact's second card.
    firsts = [find_card(col, fact, "question").due for fact in ("recognition", "state-visit")]
    seconds = [find_card(col, fact, "reverse").due for fact in ("recognition", "state-visit")]
    assert firsts[0] < firsts[1] < seconds[0] < seconds[1]


def test_a_kind_a_fact_does_not_make_gets_no_card(facts: Path, tmp_path: Path, col: Any) -> None:
    edit(facts / "people.yaml", "cards: [question, reverse, cloze]", "cards: [cloze]")
    import_decks(col, build_and_list(facts, tmp_path / "decks", T0))
    note = find_note(col, "elbegdorj")
    assert [card.ord for card in note.cards()] == [2]
    assert (note["Question front"], note["Reverse front"]) == ("", "")
    assert col.card_count() == CARDS - 2


def test_with_ankis_default_order_siblings_are_never_back_to_back(tmp_path: Path, col: Any) -> None:
    """Day by day, as Anki's default deck options show new cards (20 a day, by template)."""
    files = {"sources.yaml": SOURCES_YAML}
    for sub, count in (("Events", 14), ("People", 9)):
        facts = [
            f"  - id: {sub.lower()}-{i}\n    type: date\n    event: {sub} thing {i} happened\n"
            f"    date: {1900 + i}\n    hint: an event\n    sources: [smith-2015]"
            for i in range(count)
        ]
        facts.append(
            f"  - id: {sub.lower()}-treaty\n    type: agreement\n    title: the {sub} Treaty\n"
            f"    parties: [Mongolia, Japan]\n    date: 1999-05-01\n    summary: made peace\n"
            "    sources: [smith-2015]"
        )
        files[f"{sub.lower()}.yaml"] = f"deck: Topic::{sub}\nfacts:\n" + "\n".join(facts) + "\n"
    root = write_files(tmp_path / "facts", files)
    import_decks(col, build_and_list(root, tmp_path / "decks", T0))
    col.decks.select(col.decks.id_for_name("Topic"))
    shown = 0
    while True:
        queued = [
            col.get_card(entry.card.id)
            for entry in col.sched.get_queued_cards(fetch_limit=1000).cards
        ]
        new = [card for card in queued if card.type == 0]
        if not new:
            break
        notes = [card.nid for card in new]
        assert all(a != b for a, b in itertools.pairwise(notes)), notes
        shown += len(new)
        col.sched.set_due_date([card.id for card in new], "30")  # seen: due in a month
    assert shown == col.card_count()


def test_reimporting_the_same_build_changes_nothing(facts: Path, tmp_path: Path, col: Any) -> None:
    paths = build_and_list(facts, tmp_path / "decks", T0)
    import_decks(col, paths)
    again = import_decks(col, paths)
    assert (again.new, again.updated, again.duplicate) == (0, 0, TOTAL)
    rebuilt = build_and_list(facts, tmp_path / "decks", T0 + 3600)
    again = import_decks(col, rebuilt)
    assert (again.new, again.updated) == (0, 0)
    assert (col.note_count(), col.card_count()) == (TOTAL, CARDS)


def test_editing_a_fact_updates_only_its_notes_and_keeps_review_history(
    facts: Path, tmp_path: Path, col: Any
) -> None:
    out = tmp_path / "decks"
    import_decks(col, build_and_list(facts, out, T0))
    card_id = find_card(col, "recognition", "question").id
    reviewed = review(col, card_id)
    before = history(col, card_id)
    assert len(before) == 1
    assert reviewed.ivl > 0

    edit(
        facts / "mongolia/diplomacy.yaml",
        "Mongolia recognized North Korea",
        "Mongolia recognised the DPRK",
    )
    report = build(facts, out, now=T0 + 60)
    mongolia = next(deck for deck in report.decks if deck.name == "Mongolia")
    assert (mongolia.new, mongolia.changed, mongolia.unchanged) == (0, 1, 3)
    imported = import_decks(col, decks_in(out))
    assert (imported.new, imported.updated) == (0, 1)
    assert (col.note_count(), col.card_count()) == (TOTAL, CARDS)

    after = col.get_card(card_id)
    assert "recognised the DPRK" in after.question()
    assert history(col, card_id) == before
    assert (after.ivl, after.due, after.type, after.queue) == (
        reviewed.ivl,
        reviewed.due,
        reviewed.type,
        reviewed.queue,
    )
    untouched = find_note(col, "workers")
    assert untouched.mod == T0


def test_an_edit_within_the_same_second_still_reaches_anki(
    facts: Path, tmp_path: Path, col: Any
) -> None:
    out = tmp_path / "decks"
    import_decks(col, build_and_list(facts, out, T0))
    edit(facts / "people.yaml", "kind: person", "kind: person\n    note: Still active.")
    build(facts, out, now=T0)  # the clock has not moved (or went backwards)
    imported = import_decks(col, decks_in(out))
    assert (imported.new, imported.updated) == (0, 1)
    assert find_note(col, "elbegdorj")["Note"] == "Still active."
    assert find_note(col, "elbegdorj").mod == T0 + 1


def test_template_wording_change_updates_notes_not_note_types(
    facts: Path, tmp_path: Path, col: Any
) -> None:
    out = tmp_path / "decks"
    import_decks(col, build_and_list(facts, out, T0))
    card_id = find_card(col, "state-visit", "question").id
    reviewed = review(col, card_id)
    note_types_before = sorted(m["id"] for m in col.models.all())

    write_files(facts, {"templates.yaml": "date.question.front: 'When: {{ event }}?'\n"})
    report = build(facts, out, now=T0 + 60)
    assert sum(deck.changed for deck in report.decks) == 2
    imported = import_decks(col, decks_in(out))
    assert (imported.new, imported.updated) == (0, 2)
    assert col.card_count() == CARDS
    assert sorted(m["id"] for m in col.models.all()) == note_types_before
    after = col.get_card(card_id)
    assert visible(after.question()) == (
        "<div class='quizgen-context'>Mongolia · Diplomacy</div>"
        "<div class='quizgen quizgen-question'>"
        "When: Tsakhiagiin Elbegdorj made a &lt;b&gt;state visit&lt;/b&gt; to Pyongyang?</div>"
    )
    assert len(history(col, card_id)) == 1
    assert (after.ivl, after.due) == (reviewed.ivl, reviewed.due)


def test_renamed_fact_updates_its_notes_and_keeps_history(
    facts: Path, tmp_path: Path, col: Any
) -> None:
    out = tmp_path / "decks"
    import_decks(col, build_and_list(facts, out, T0))
    card_id = find_card(col, "recognition", "cloze").id
    reviewed = review(col, card_id)

    edit(
        facts / "mongolia/diplomacy.yaml",
        "  - id: recognition\n",
        "  - id: mongolia-recognizes-dprk\n    renamed_from: [recognition]\n",
    )
    report = build(facts, out, now=T0 + 60)
    mongolia = next(deck for deck in report.decks if deck.name == "Mongolia")
    assert (mongolia.new, mongolia.changed, mongolia.removed) == (0, 1, ())
    imported = import_decks(col, decks_in(out))
    assert (imported.new, imported.updated) == (0, 1)
    assert (col.note_count(), col.card_count()) == (TOTAL, CARDS)
    assert not col.find_notes('"FactId:recognition"')
    assert find_card(col, "mongolia-recognizes-dprk", "cloze").id == card_id
    after = col.get_card(card_id)
    assert len(history(col, card_id)) == 1
    assert (after.ivl, after.due) == (reviewed.ivl, reviewed.due)


def test_removed_facts_are_reported_with_a_search_that_finds_them(
    facts: Path, tmp_path: Path, col: Any
) -> None:
    out = tmp_path / "decks"
    import_decks(col, build_and_list(facts, out, T0))
    edit(
        facts / "mongolia/diplomacy.yaml",
        "    sources: [lee-2014]\n    cards: [question, cloze]\n",
        "    sources: [lee-2014]\n    cards: [question]\n",
    )
    edit(facts / "people.yaml", "facts:\n  - id: elbegdorj", "facts:\n  - id: elbegdorj-2")
    report = build(facts, out, now=T0 + 60)
    removed = {fact.fact_id: fact for deck in report.decks for fact in deck.removed}
    assert sorted(removed) == ["elbegdorj"]
    assert removed["elbegdorj"].search == '"FactId:elbegdorj"'
    assert removed["elbegdorj"].maybe_renamed_to == "elbegdorj-2"
    assert len(col.find_notes(removed["elbegdorj"].search)) == 1
    import_decks(col, decks_in(out))
    # Anki's import never deletes: the old note stays until the user deletes it.
    assert len(col.find_notes(removed["elbegdorj"].search)) == 1
    assert len(col.find_notes('"FactId:elbegdorj-2"')) == 1
    # A kind the fact no longer makes leaves its card blank: Anki's Empty Cards finds it.
    workers = find_note(col, "workers")
    assert [card.ord for card in workers.cards()] == [0, 1]
    assert workers["Cloze front"] == ""
    empty = col.get_empty_cards()
    assert [(report.note_id, list(report.card_ids)) for report in empty.notes] == [
        (workers.id, [find_card(col, "workers", "cloze").id])
    ]


def printed_searches(report: Any) -> list[str]:
    """Return the searches the build report prints for moved notes, in order."""
    found = re.compile(r"; find their cards in Anki: (.*)$")
    return [m.group(1) for line in format_report(report) if (m := found.search(line))]


def cards_of(col: Any, fact_id: str) -> dict[int, str]:
    """Map each card of a fact to the name of the deck it is in."""
    return {
        cid: col.decks.name(col.get_card(cid).did) for cid in col.find_cards(f'"FactId:{fact_id}"')
    }


ODD_TRADE = 'Mongolia::Trade_and "aid" (x)*'
"""A subdeck whose name holds Anki's search syntax: quotes, brackets and its wildcards."""


def test_moved_notes_keep_their_cards_where_they_were_and_the_search_finds_them(
    tmp_path: Path, col: Any
) -> None:
    facts = sample_facts(tmp_path)
    edit(facts / "mongolia/trade.yaml", "deck: Mongolia::Trade", f"deck: {json.dumps(ODD_TRADE)}")
    out = tmp_path / "decks"
    import_decks(col, build_and_list(facts, out, T0))
    treaty = cards_of(col, "friendship-treaty")
    assert set(treaty.values()) == {ODD_TRADE}
    reviewed_id = min(treaty)
    reviewed = review(col, reviewed_id)
    # A deck the wildcards would match if they were not escaped, holding one of the cards.
    decoy = col.decks.id('Mongolia::TradeXand "aid" (x) of mine')
    col.set_deck([max(treaty)], decoy)

    edit(facts / "mongolia/trade.yaml", f"deck: {json.dumps(ODD_TRADE)}", "deck: Mongolia::Economy")
    move_fact(facts, "workers", "mongolia/diplomacy.yaml", "mongolia/trade.yaml")
    report = build(facts, out, now=T0 + 60)
    searches = printed_searches(report)
    assert searches == [
        f'{anki_deck_search(ODD_TRADE)} "FactId:friendship-treaty"',
        '"deck:Mongolia::Diplomacy" "FactId:workers"',
    ]
    imported = import_decks(col, decks_in(out))
    assert (imported.new, imported.updated) == (0, 2)
    assert col.note_count() == TOTAL

    # Anki updated the notes and left every card where it was.
    economy = col.decks.id_for_name("Mongolia::Economy")
    assert economy is not None
    assert col.decks.card_count(economy, include_subdecks=True) == 0
    assert cards_of(col, "workers") == dict.fromkeys(
        cards_of(col, "workers"), "Mongolia::Diplomacy"
    )
    assert sorted(cards_of(col, "friendship-treaty").values()) == sorted(
        [ODD_TRADE, ODD_TRADE, ODD_TRADE, 'Mongolia::TradeXand "aid" (x) of mine']
    )
    after = col.get_card(reviewed_id)
    assert (after.ivl, after.due, len(history(col, reviewed_id))) == (reviewed.ivl, reviewed.due, 1)

    # Each search finds exactly the moved cards Anki kept in the old deck.
    assert set(col.find_cards(searches[0])) == set(treaty) - {max(treaty)}
    assert set(col.find_cards(searches[1])) == set(cards_of(col, "workers"))
    # Browse, select all, Change Deck: then they are where the facts say, and stay there.
    for search in searches:
        col.set_deck(col.find_cards(search), economy)
    assert col.decks.card_count(economy, include_subdecks=False) == 5
    again = import_decks(col, decks_in(out))
    assert (again.new, again.updated) == (0, 0)
    assert col.decks.card_count(economy, include_subdecks=False) == 5
    assert not any(col.find_cards(search) for search in searches)


def test_a_fact_moved_to_another_top_level_deck_is_updated_in_place_not_duplicated(
    facts: Path, tmp_path: Path, col: Any
) -> None:
    out = tmp_path / "decks"
    import_decks(col, build_and_list(facts, out, T0))
    cards = cards_of(col, "elbegdorj")
    assert set(cards.values()) == {"People"}
    reviewed_id = min(cards)
    reviewed = review(col, reviewed_id)
    notes_before = {note_id: col.get_note(note_id).guid for note_id in col.find_notes("")}

    edit(facts / "people.yaml", "deck: People", "deck: Mongolia::People")
    report = build(facts, out, now=T0 + 60)
    assert [(deck.name, deck.status.value, deck.removed) for deck in report.decks] == [
        ("Mongolia", "written", ()),
        ("People", "deleted", ()),
    ]
    assert [moved.fact_ids for moved in report.decks[1].moved_out] == [("elbegdorj",)]
    (search,) = printed_searches(report)
    assert decks_in(out) == [out / "mongolia.apkg"]
    imported = import_decks(col, decks_in(out))
    assert (imported.new, imported.updated) == (0, 1)
    # The same notes, none added: their GUIDs matched, so Anki updated them in place ...
    assert {note_id: col.get_note(note_id).guid for note_id in col.find_notes("")} == notes_before
    assert {col.get_note(n)["FactId"] for n in col.find_notes('"deck:People"')} == {"elbegdorj"}
    # ... and left their cards, with their history, in the deck they were in.
    assert cards_of(col, "elbegdorj") == cards
    after = col.get_card(reviewed_id)
    assert (after.ivl, after.due, len(history(col, reviewed_id))) == (reviewed.ivl, reviewed.due, 1)

    assert set(col.find_cards(search)) == set(cards)
    col.set_deck(col.find_cards(search), col.decks.id_for_name("Mongolia::People"))
    assert set(cards_of(col, "elbegdorj").values()) == {"Mongolia::People"}
    people = col.decks.id_for_name("People")
    assert col.decks.remove([people]).count == 0  # emptied, the old deck goes without a card
    assert (col.note_count(), col.card_count()) == (TOTAL, CARDS)


def test_a_new_note_type_design_reaches_anki_without_touching_notes(
    facts: Path, tmp_path: Path, col: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A later quizgen with new CSS or templates updates the note types in place."""
    from quizgen.anki import notetypes as anki_export

    out = tmp_path / "decks"
    import_decks(col, build_and_list(facts, out, T0))
    ids_before = sorted(m["id"] for m in col.models.all())
    monkeypatch.setattr(anki_export, "CSS", anki_export.CSS + ".quizgen-v2 { color: red; }\n")
    # A later quizgen runs in a new process, which makes its note types afresh.
    anki_export.note_types.cache_clear()
    try:
        report = build(facts, out, now=T0 + 60)
    finally:
        anki_export.note_types.cache_clear()  # the next test's process has the shipped CSS
    assert [(d.new, d.changed) for d in report.decks] == [(0, 0), (0, 0)]
    assert all(deck.status.value == "written" for deck in report.decks)
    imported = import_decks(col, decks_in(out))
    assert (imported.new, imported.updated) == (0, 0)
    col.models._clear_cache()  # pylib caches note types; Anki's GUI clears it after an import
    assert sorted(m["id"] for m in col.models.all()) == ids_before
    for model_id in anki_export.MODEL_IDS.values():
        assert ".quizgen-v2" in col.models.get(model_id)["css"]
    assert col.note_count() == TOTAL


WORDS = [
    "Mongolia",
    "Korea",
    "signed",
    "opened",
    "a",
    "the",
    "trade",
    "office",
    "in",
    "Ulaanbaatar",
]
event_words = st.lists(st.sampled_from(WORDS), min_size=2, max_size=6).map(" ".join)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("edit"), st.integers(0, 20), event_words),
        st.tuples(st.just("add"), st.just(0), event_words),
        st.tuples(st.just("remove"), st.integers(0, 20), st.just("")),
        st.tuples(st.just("rename"), st.integers(0, 20), st.just("")),
    ),
    min_size=1,
    max_size=4,
)


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(operations, min_size=1, max_size=3))
def test_any_sequence_of_edits_updates_anki_exactly_as_reported(
    steps: list[list[tuple[str, int, str]]],
) -> None:
    """Edit, add, remove and rename facts at random; Anki must agree with every report."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        facts: list[dict[str, str]] = [
            {"id": f"fact-{i}", "origin": f"fact-{i}", "event": f"Event number {i} happened"}
            for i in range(3)
        ]
        created = len(facts)
        built: dict[str, tuple[str, str]] = {}
        ever_built: set[str] = set()
        col = open_collection(root / "anki" / "collection.anki2")
        try:
            for step, ops in enumerate([[], *steps]):
                for op, index, text in ops:
                    if op == "add":
                        origin = f"fact-{created}"
                        facts.append({"id": origin, "origin": origin, "event": text})
                        created += 1
                        continue
                    fact = facts[index % len(facts)]
                    if op == "edit":
                        fact["event"] = text
                    elif op == "rename":
                        fact["id"] = f"{fact['id']}-r"
                    elif op == "remove" and len(facts) > 1:
                        facts.remove(fact)
                now = {fact["origin"]: (fact["id"], fact["event"]) for fact in facts}
                new = now.keys() - built.keys()
                gone = built.keys() - now.keys()
                changed = {
                    origin for origin in now.keys() & built.keys() if now[origin] != built[origin]
                }
                same = now.keys() & built.keys() - changed
                built = now
                ever_built |= now.keys()
                write_files(
                    root / "facts", {"sources.yaml": SOURCES_YAML, "f.yaml": fact_file(facts)}
                )

                report = build(root / "facts", root / "decks", now=T0 + 100 * step)
                (deck,) = report.decks
                assert (deck.new, deck.changed, deck.unchanged, deck.removed_notes) == (
                    len(new),
                    len(changed),
                    len(same),
                    len(gone),
                )
                imported = import_decks(col, decks_in(root / "decks"))
                assert (imported.new, imported.updated) == (len(new), len(changed))
                assert col.note_count() == len(ever_built)
                assert col.card_count() == 3 * len(ever_built)
                for fact in facts:
                    note = find_note(col, fact["id"])
                    assert note.guid == note_guid(fact["origin"])
        finally:
            col.close()


def fact_file(facts: list[dict[str, str]]) -> str:
    lines = ["deck: Prop", "facts:"]
    for fact in facts:
        year = 1900 + int(fact["origin"].removeprefix("fact-"))
        lines += [
            f"  - id: {fact['id']}",
            "    type: date",
            f"    event: {fact['event']}",
            f"    date: {year}",
            "    hint: an event",
            "    sources: [smith-2015]",
            "    cards: [question, reverse, cloze]",
        ]
        if fact["id"] != fact["origin"]:
            lines.append(f"    renamed_from: [{fact['origin']}]")
    return "\n".join(lines) + "\n"


OLD_LAYOUT = Path(__file__).parent / "data" / "one-note-per-card"
"""The sample facts built by a quizgen of one note per card."""


def test_a_deck_of_an_older_quizgen_is_reported_with_a_search_for_its_old_notes(
    facts: Path, tmp_path: Path, col: Any
) -> None:
    out = tmp_path / "decks"
    build(facts, out, now=T0)
    old = import_decks(col, sorted(OLD_LAYOUT.glob("*.apkg")))
    assert (old.new, col.note_count()) == (CARDS, CARDS)  # one note per card
    # The lock file that older build wrote: a note per card, keyed "fact-id/kind".
    lock_path = out / "quizgen.lock.json"
    lock = json.loads(lock_path.read_text())
    lock["inputs"]["@note-types"] = "0" * 64  # its note types were others
    for deck in lock["decks"].values():
        deck["notes"] = {}
    for note_id in col.find_notes(""):
        note = col.get_note(note_id)
        deck = col.decks.name(note.cards()[0].did)
        lock["decks"][deck.split("::")[0]]["notes"][f"{note['FactId']}/{note['Kind']}"] = {
            "deck": deck,
            "guid": note.guid,
            "hash": "0" * 64,
            "id": note.id,
            "mod": note.mod,
        }
    lock_path.write_text(json.dumps(lock))

    report = build(facts, out, now=T0 + 60)
    replaced = {deck.name: deck.replaced for deck in report.decks}
    assert {name: (r.notes, len(r.fact_ids)) for name, r in replaced.items() if r} == {
        "Mongolia": (SAMPLE_CARD_COUNTS["Mongolia"], SAMPLE_NOTE_COUNTS["Mongolia"]),
        "People": (SAMPLE_CARD_COUNTS["People"], SAMPLE_NOTE_COUNTS["People"]),
    }
    assert all(deck.removed == () for deck in report.decks)
    assert replaced["People"] is not None
    assert replaced["People"].search == (
        '"deck:People" ("note:quizgen Q/A" OR "note:quizgen Cloze")'
    )
    lines = format_report(report)
    assert (
        "  replaced 3 notes of an older quizgen (one per card) with one note per fact for 1 "
        'fact; find the old ones in Anki: "deck:People" ("note:quizgen Q/A" OR '
        '"note:quizgen Cloze")'
    ) in lines
    old_notes = set(col.find_notes(""))
    for found in replaced.values():
        assert found is not None
        assert set(col.find_notes(found.search)) <= old_notes
    assert sum(len(col.find_notes(r.search)) for r in replaced.values() if r) == CARDS

    imported = import_decks(col, decks_in(out))
    assert (imported.new, imported.updated) == (TOTAL, 0)  # beside the old ones
    assert col.note_count() == CARDS + TOTAL
    assert sum(len(col.find_notes(r.search)) for r in replaced.values() if r) == CARDS
    assert build(facts, out, now=T0 + 120).decks[0].replaced is None  # said once
