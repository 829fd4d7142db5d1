"""Derive the ids Anki keeps: note GUIDs, deck ids, card ids, and the id a fact is known by.

Identity is what lets a rebuilt deck update a user's notes instead of duplicating them, so
every id here comes from a stable name (a fact id, a deck name), never from text a user
edits. A fact is one note; a renamed fact keeps the GUID of the first id in `renamed_from`.
"""

from __future__ import annotations

import hashlib

from quizgen.model.facts import AnyFact, CardKind

GUID_NAMESPACE = "quizgen-fact"
"""First part of every note GUID, so quizgen's GUIDs never meet another tool's, nor those of
the notes of an older quizgen (one note per card, `legacy_note_guid`)."""

LEGACY_GUID_NAMESPACE = "quizgen"
"""First part of the GUIDs of an older quizgen's notes, one per card."""

NOTE_ID_STEP = 8
"""How far apart new notes' ids are handed out: a note's cards take the ids from its own
(card `ord` 0) up, so no two cards of a deck share an id, build after build."""

_BASE91 = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)
"""The digits of Anki's GUIDs, in the order `genanki.guid_for` uses them."""

_BASE91_PAIRS = tuple(high + low for high in _BASE91 for low in _BASE91)
"""Every two-digit number in base 91, written as `_BASE91` digits: the GUID is written two
digits at a time."""


def identity_id(fact: AnyFact) -> str:
    """Return the id a fact's notes are known by: its first former id, or its own."""
    return fact.renamed_from[0] if fact.renamed_from else fact.id


def note_guid(fact_id: str) -> str:
    """Return the GUID of a fact's note from its identity id (`identity_id`) alone.

    It is `genanki.guid_for(GUID_NAMESPACE, fact_id)`.
    """
    return _guid(f"{GUID_NAMESPACE}__{fact_id}")


def legacy_note_guid(fact_id: str, kind: CardKind | str) -> str:
    """Return the GUID an older quizgen gave a fact's note of one card kind.

    It is `genanki.guid_for(LEGACY_GUID_NAMESPACE, fact_id, kind)`: what finds those notes in
    a collection, to carry their history over to the fact's one note.
    """
    kind_value = kind.value if isinstance(kind, CardKind) else kind
    return _guid(f"{LEGACY_GUID_NAMESPACE}__{fact_id}__{kind_value}")


def _guid(text: str) -> str:
    """Return `genanki.guid_for`'s GUID of a joined text: the first 8 bytes of its SHA-256
    written in base 91. Made here, a build of many notes skips genanki's digit-by-digit loop.
    """
    number = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")
    # Eight bytes are less than 91 ** 10: ten digits, worked out two at a time.
    pairs = []
    for _ in range(5):
        number, pair = divmod(number, 91 * 91)
        pairs.append(_BASE91_PAIRS[pair])
    # A number is written without leading zero digits.
    return "".join(reversed(pairs)).lstrip(_BASE91[0])


def deck_id(name: str) -> int:
    """Return the Anki deck id for a deck name: a stable hash in genanki's advised range."""
    digest = hashlib.sha256(f"quizgen deck\x00{name}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def card_id(note_id: int, ord_: int) -> int:
    """Return the id of a note's card of template `ord_` (see `NOTE_ID_STEP`)."""
    return note_id + ord_
