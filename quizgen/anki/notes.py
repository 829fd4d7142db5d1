"""Turn a fact's cards into its one Anki note: field HTML that shows text as typed, and tags."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Sequence
from typing import NamedTuple, Protocol

from quizgen.anki.identity import identity_id, note_guid
from quizgen.anki.notetypes import NOTE_TYPES
from quizgen.cards.markers import GAP
from quizgen.errors import BuildError
from quizgen.model.facts import AnyFact, Card, CardKind, FactType


class Extras(Protocol):
    """What the back of a card shows after the answer (`quizgen.cards.extras.Extras` fits)."""

    @property
    def note(self) -> str | None:
        """Return the fact's note, or None."""

    @property
    def citations(self) -> tuple[str, ...]:
        """Return the short citations of the fact's sources."""

    @property
    def disputed(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Return each disputed claim with the citations that make it."""


class PackagedNote(NamedTuple):
    """A fact's Anki note ready to write: identity, note type, deck, HTML fields and tags.

    `ords` are the card templates (`NoteType.kinds` indexes) the note makes cards of, in
    order: those whose front field is not empty.
    """

    key: str
    guid: str
    fact_id: str
    model_id: int
    deck: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    ords: tuple[int, ...]

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


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Characters no field may hold: control characters (NUL and Anki's field separator among
them) and the bidi overrides, which would turn the rest of a card's text around."""

_NEEDS_ESCAPE = re.compile(
    r"[<>&{}\[\]\\\r\n\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)
_TAG_BAD = re.compile(r"[\s\x00-\x1f\x7f-\x9f\"]+")

_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "{": "&#123;",
        "}": "&#125;",
        "[": "&#91;",
        "]": "&#93;",
        # Alone in its element, a backslash cannot open MathJax's \( or \[ in the reviewer,
        # which reads the text after the HTML is parsed, entities and all.
        "\\": "<span>&#92;</span>",
        "\n": "<br>",
    }
)
r"""What a field's HTML cannot hold as typed: HTML's own `&`, `<` and `>`, and what stays live
in HTML however it is escaped: template braces; brackets, which open Anki's `[sound:…]`,
`[anki:tts]`, `[latex]`, `[$]` and `[$$]`; and MathJax's `\(` and `\[`. As entities or split
apart, they show as typed."""


def clean_text(text: str) -> str:
    """Replace characters that cannot live in an Anki field (NUL, the field separator)."""
    return _CONTROL.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def escape_text(text: str) -> str:
    """Turn plain fact text into field HTML that shows exactly that text in Anki.

    Nothing typed in a fact is read as anything but text: not HTML, not `{{c1::…}}`, not a
    sound, speech, LaTeX or MathJax tag.
    """
    if not _NEEDS_ESCAPE.search(text):
        return text
    return clean_text(text).translate(_ESCAPES)


_DECK_NAME_BAD = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


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
        _TYPE_TAGS[fact.type],
        *[f"quizgen::source::{source}" for source in fact.sources],
    ]
    seen: dict[str, str] = {}
    for tag in wanted:
        folded, clean = _folded_tag(tag)
        if clean:
            seen.setdefault(folded, clean)
    # One tag per folded spelling, so sorting the folded spellings sorts the tags.
    return tuple([seen[folded] for folded in sorted(seen)])


@functools.lru_cache(maxsize=4096)
def _folded_tag(tag: str) -> tuple[str, str]:
    """Return `sanitize_tag(tag)` without case, and as it is."""
    clean = sanitize_tag(tag)
    return clean.casefold(), clean


_TYPE_TAGS = {fact_type: f"quizgen::type::{fact_type.value}" for fact_type in FactType}


def _html_list(items: Sequence[str]) -> str:
    if not items:
        return ""
    return "<ul><li>" + "</li><li>".join(map(escape_text, items)) + "</li></ul>"


def _disputed_items(extras: Extras) -> list[str]:
    return [
        f"{claim} ({'; '.join(citations)})" if citations else claim
        for claim, citations in extras.disputed
    ]


_GAP_HTML = escape_text(GAP)


def make_note(
    cards: Sequence[Card], extras: Extras, tags: tuple[str, ...] | None = None
) -> PackagedNote:
    """Package the cards of one fact as its note, each card kind in its own fields.

    `tags` may pass `note_tags(fact)`, made once. Raise `BuildError` for a card Anki would
    silently drop (an empty question or cloze answer) and for a deck name Anki would mangle.
    """
    fact = cards[0].fact
    if _DECK_NAME_BAD.search(fact.deck):
        raise BuildError(
            f"{fact.location}: fact '{fact.id}': the deck name {fact.deck!r} holds a "
            "control or bidi-override character"
        )
    note_type = NOTE_TYPES[fact.type]
    # Field 2n holds the front of the kind of `ord` n, field 2n + 1 its back (`fields`).
    fields = [""] * len(note_type.fields)
    for card in cards:
        if card.kind is CardKind.CLOZE:
            if card.cloze is None or not card.cloze[1].strip():
                raise BuildError(f"{_where(card)} hides nothing; Anki would make no card from it")
            before, gap, after = card.front.partition(GAP)  # `gap` is GAP, or "" when none
            before_hidden, hidden, after_hidden = card.cloze
            front = (
                f"{escape_text(before)}<span class='cloze'>{_GAP_HTML if gap else ''}</span>"
                f"{escape_text(after)}"
            )
            back = (
                f"{escape_text(before_hidden)}<span class='cloze'>{escape_text(hidden)}</span>"
                f"{escape_text(after_hidden)}"
            )
        else:
            if not card.front.strip():
                raise BuildError(
                    f"{_where(card)} has an empty question; Anki would make no card from it"
                )
            front, back = escape_text(card.front), escape_text(card.back)
        ord_ = note_type.ords[card.kind]
        fields[2 * ord_] = front
        fields[2 * ord_ + 1] = back
    kinds = len(note_type.kinds)
    fields[2 * kinds :] = (  # the `SHARED_FIELDS`, in order
        escape_text(cards[0].context),
        escape_text(extras.note or ""),
        _html_list(extras.citations),
        _html_list(_disputed_items(extras)),
        escape_text(fact.id),
    )
    return PackagedNote(
        key=fact.id,
        guid=note_guid(identity_id(fact)),
        fact_id=fact.id,
        model_id=note_type.model_id,
        deck=fact.deck,
        fields=tuple(fields),
        tags=note_tags(fact) if tags is None else tags,
        ords=tuple([ord_ for ord_ in range(kinds) if fields[2 * ord_]]),
    )


def _where(card: Card) -> str:
    return f"{card.fact.location}: fact '{card.fact.id}': {card.kind.value} card"
