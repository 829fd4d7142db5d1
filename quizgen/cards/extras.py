"""What the back of every card shows besides the answer: the note, sources, disputed claims."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from quizgen.model.facts import AnyFact, FactBase


class Extras(NamedTuple):
    """What the back of every card shows after the answer: note, sources, disputed claims."""

    note: str | None
    citations: tuple[str, ...]
    disputed: tuple[tuple[str, tuple[str, ...]], ...]


def back_extras(fact: AnyFact, facts: FactBase) -> Extras:
    """Return the note, the short citations and the disputed claims for a fact's cards."""
    return Extras(
        note=(fact.note or "").strip() or None,
        citations=_citations(fact.sources, facts),
        disputed=tuple(
            (claim.claim.strip(), _citations(claim.sources, facts)) for claim in fact.disputed
        ),
    )


def _citations(source_ids: Sequence[str], facts: FactBase) -> tuple[str, ...]:
    cited = facts.citations
    return tuple(dict.fromkeys(cited.get(source_id, source_id) for source_id in source_ids))
