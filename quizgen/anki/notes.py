"""Turn a fact's cards into Anki notes: field HTML that shows text as typed, and tags."""

from __future__ import annotations

import functools
import hashlib
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from quizgen.anki.identity import identity_id, note_guid
from quizgen.anki.notetypes import CLOZE_MODEL_ID, QA_MODEL_ID
from quizgen.errors import BuildError
from quizgen.model.facts import AnyFact, Card, CardKind


class Extras(Protocol):
    """What the back of a card shows after the answer (`quizgen.cards.render.Extras` fits)."""

    @property
    def note(self) -> str | None:
        """Return the fact's note, or None."""

    @property
    def citations(self) -> tuple[str, ...]:
        """Return the short citations of the fact's sources."""

    @property
    def disputed(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Return each disputed claim with the citations that make it."""


@dataclass(frozen=True)
class PackagedNote:
    """One Anki note ready to write: identity, note type, deck, HTML fields and tags."""

    key: str
    guid: str
    fact_id: str
    kind: CardKind
    model_id: int
    deck: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]

    @property
    def content_hash(self) -> str:
        """Return a digest of everything Anki stores for the note (its time excluded)."""
        # Fields and tags never hold NUL or the unit separator (`clean_text`), so these
        # separators keep the parts apart.
        payload = "\x00".join(
            (
                self.guid,
                str(self.model_id),
                self.deck,
                "\x1f".join(self.fields),
                " ".join(self.tags),
            )
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NEEDS_ESCAPE = re.compile(r"[<>&{}\r\n\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TAG_BAD = re.compile(r"[\s\x00-\x1f\x7f-\x9f\"]+")


def clean_text(text: str) -> str:
    """Replace characters that cannot live in an Anki field (NUL, the field separator)."""
    return _CONTROL.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def escape_text(text: str) -> str:
    """Turn plain fact text into field HTML that shows exactly that text.

    HTML is escaped and braces become entities, so neither markup nor `{{c1::…}}` typed in a
    fact is ever read as anything but text.
    """
    if not _NEEDS_ESCAPE.search(text):
        return text
    escaped = html.escape(clean_text(text), quote=False)
    escaped = escaped.replace("{", "&#123;").replace("}", "&#125;")
    return escaped.replace("\n", "<br>")


def escape_cloze_answer(text: str) -> str:
    """Escape the hidden part of a cloze: also no `::`, which would start a hint."""
    return escape_text(text).replace(":", "&#58;")


def cloze_field(before: str, hidden: str, after: str) -> str:
    """Return the Text field of a cloze note whose only deletion hides exactly `hidden`."""
    return f"{escape_text(before)}{{{{c1::{escape_cloze_answer(hidden)}}}}}{escape_text(after)}"


@functools.lru_cache(maxsize=4096)
def sanitize_tag(tag: str) -> str:
    """Return `tag` as Anki accepts it: no spaces or quotes, no empty `::` levels."""
    parts = (_TAG_BAD.sub("_", part).strip("_") for part in tag.split("::"))
    return "::".join(part for part in parts if part)


def note_tags(fact: AnyFact) -> tuple[str, ...]:
    """Return a fact's Anki tags: its own tags plus `quizgen::type::…` and `quizgen::source::…`.

    Anki compares tags without regard to case, so the first spelling wins; tags are sorted so
    reordering them in a fact file does not count as an edit.
    """
    wanted = [
        *fact.tags,
        f"quizgen::type::{fact.type.value}",
        *(f"quizgen::source::{source}" for source in fact.sources),
    ]
    seen: dict[str, str] = {}
    for tag in wanted:
        clean = sanitize_tag(tag)
        if clean:
            seen.setdefault(clean.casefold(), clean)
    return tuple(sorted(seen.values(), key=lambda t: (t.casefold(), t)))


def _html_list(items: Sequence[str]) -> str:
    if not items:
        return ""
    return "<ul>" + "".join(f"<li>{escape_text(item)}</li>" for item in items) + "</ul>"


def _disputed_items(extras: Extras) -> list[str]:
    return [
        f"{claim} ({'; '.join(citations)})" if citations else claim
        for claim, citations in extras.disputed
    ]


def make_note(card: Card, extras: Extras, tags: tuple[str, ...] | None = None) -> PackagedNote:
    """Package one card as a note of quizgen's own note types.

    `tags` may pass `note_tags(card.fact)`, computed once for all the fact's cards. Raise
    `BuildError` for a card Anki would silently drop: an empty question or cloze answer.
    """
    return make_notes([card], extras, tags)[0]


def make_notes(
    cards: Sequence[Card], extras: Extras, tags: tuple[str, ...] | None = None
) -> list[PackagedNote]:
    """Package the cards of one fact as notes, like `make_note` for each, sharing the work.

    The fields every card of a fact shows alike (note, sources, disputed claims) and the
    tags are made once.
    """
    if not cards:
        return []
    fact = cards[0].fact
    shared = (
        escape_text(extras.note or ""),
        _html_list(extras.citations),
        _html_list(_disputed_items(extras)),
        escape_text(fact.id),
    )
    if tags is None:
        tags = note_tags(fact)
    identity = identity_id(fact)
    notes = []
    for card in cards:
        kind = card.kind
        if kind is CardKind.CLOZE:
            if card.cloze is None or not card.cloze[1].strip():
                raise BuildError(f"{_where(card)} hides nothing; Anki would make no card from it")
            model_id = CLOZE_MODEL_ID
            fields: tuple[str, ...] = (cloze_field(*card.cloze), *shared, kind.value)
        else:
            if not card.front.strip():
                raise BuildError(
                    f"{_where(card)} has an empty question; Anki would make no card from it"
                )
            model_id = QA_MODEL_ID
            fields = (escape_text(card.front), escape_text(card.back), *shared, kind.value)
        notes.append(
            PackagedNote(
                key=card.key,
                guid=note_guid(identity, kind),
                fact_id=card.fact.id,
                kind=kind,
                model_id=model_id,
                deck=card.fact.deck,
                fields=fields,
                tags=tags,
            )
        )
    return notes


def _where(card: Card) -> str:
    return f"{card.fact.location}: fact '{card.fact.id}': {card.kind.value} card"
