"""What changed between two builds: notes removed from a deck, and notes moved between decks.

Anki's import never deletes notes and never moves cards, so the report names both with a
search to paste into Anki's Browse window.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from quizgen.anki.notes import PackagedNote
from quizgen.build.lockfile import NoteRecord
from quizgen.build.report import MovedNotes, RemovedFact, ReplacedNotes
from quizgen.language.suggest import closest


def anki_deck_search(name: str) -> str:
    """Return an Anki search term for the cards in the deck `name` (and its subdecks).

    Quoted, so spaces and brackets stay in it; backslash, double quote and Anki's
    wildcards `*` and `_` are escaped, so only the deck of exactly that name matches.
    """
    escaped = re.sub(r'([\\"*_])', r"\\\1", name)
    return f'"deck:{escaped}"'


def replaced_notes(
    deck: str, keys: Sequence[str], fact_ids: Collection[str]
) -> tuple[list[str], ReplacedNotes | None]:
    """Split an older quizgen's notes (keys `fact-id/kind`) of facts still here from the
    removed notes: the facts' own notes replace them. Return the rest, and those.
    """
    from quizgen.anki.notetypes import LEGACY_MODEL_NAMES

    rest = []
    replaced: dict[str, None] = {}  # the fact ids, in order, once each
    count = 0
    for key in keys:
        fact_id, slash, _ = key.partition("/")
        if slash and fact_id in fact_ids:
            replaced[fact_id] = None
            count += 1
        else:
            rest.append(key)
    if not count:
        return rest, None
    types = " OR ".join(f'"note:{name}"' for name in LEGACY_MODEL_NAMES)
    return rest, ReplacedNotes(tuple(replaced), count, f"{anki_deck_search(deck)} ({types})")


def removed_facts(
    keys: Sequence[str], remaining: set[str], new_facts: Sequence[str] = ()
) -> tuple[RemovedFact, ...]:
    """Group removed note keys (`fact-id`, or an older quizgen's `fact-id/kind`) by fact,
    with a search for each.

    A wholly removed fact whose id resembles a wholly new one is flagged as a likely rename.
    """
    by_fact: dict[str, list[str]] = {}
    for key in sorted(keys):
        fact_id, _, kind = key.partition("/")
        kinds = by_fact.setdefault(fact_id, [])
        if kind:
            kinds.append(kind)
    removed = []
    for fact_id, kinds in by_fact.items():
        search = f'"FactId:{fact_id}"'
        renamed_to = None
        if fact_id in remaining and kinds:
            search += " (" + " OR ".join(f'"Kind:{kind}"' for kind in kinds) + ")"
        else:
            renamed_to = closest(fact_id, [new for new in new_facts if new != fact_id])
        removed.append(RemovedFact(fact_id, tuple(kinds), search, renamed_to))
    return tuple(removed)


class Move(NamedTuple):
    """Notes moved from one deck to another, with the top-level decks they left and joined."""

    old_top: str
    new_top: str
    notes: MovedNotes


def moved_notes(
    deck_notes: Mapping[str, Sequence[PackagedNote]],
    previous: Mapping[str, tuple[str, str, NoteRecord]],
    old_files: Mapping[str, Path],
    new_files: Mapping[str, Path],
) -> list[Move]:
    """Group the notes whose deck is not the one the lock file recorded, by (old, new) deck.

    `previous` maps GUIDs to the lock file's top-level deck, key and record; `old_files` and
    `new_files` the previous and current top-level decks to their `.apkg`. A lock file
    written before decks were recorded still tells a note's top-level deck: a note that
    left it counts as moved from there; one that stayed in it cannot be told moved. Anki
    compares deck names without regard to case, so a change of case is no move.
    """
    tops: dict[tuple[str, str], tuple[str, str]] = {}
    facts: dict[tuple[str, str], dict[str, None]] = {}  # the fact ids, in order, once each
    counts: dict[tuple[str, str], int] = {}
    for new_top, notes in deck_notes.items():
        for note in notes:
            found = previous.get(note.guid)
            if found is None:
                continue
            old_top, _, record = found
            if record.deck is None and old_top == new_top:
                continue
            old_deck = old_top if record.deck is None else record.deck
            if old_deck.casefold() == note.deck.casefold():
                continue
            pair = (old_deck, note.deck)
            tops.setdefault(pair, (old_top, new_top))
            facts.setdefault(pair, {})[note.fact_id] = None
            counts[pair] = counts.get(pair, 0) + 1
    moves = []
    for pair, (old_top, new_top) in tops.items():
        terms = [f'"FactId:{fact_id}"' for fact_id in facts[pair]]
        which = terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")"
        moved = MovedNotes(
            *pair,
            old_files[old_top],
            new_files[new_top],
            tuple(facts[pair]),
            counts[pair],
            f"{anki_deck_search(pair[0])} {which}",
        )
        moves.append(Move(old_top, new_top, moved))
    return moves


def moved_out(moves: Iterable[Move], name: str) -> tuple[MovedNotes, ...]:
    """Return the notes that left the top-level deck `name` for another one."""
    return tuple(move.notes for move in moves if move.old_top == name != move.new_top)
