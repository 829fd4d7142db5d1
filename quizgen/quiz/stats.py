"""What `quizgen stats` shows: the progress file summed up, against a facts folder if given."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from quizgen.errors import StoreError
from quizgen.progress.stats import Stats, gather_stats
from quizgen.progress.store import ProgressStore


def progress_stats(
    db: Path, facts: Path | None = None, templates: Path | None = None, *, now: dt.datetime
) -> Stats:
    """Sum up the progress file `db` as of `now`.

    With a facts folder, renamed facts keep their history, cards never answered are counted,
    cards since removed are left out, and a broken templates file is an error (the cards
    are not rendered). Raise `StoreError` when there is no progress file yet.
    """
    if not db.exists():
        raise StoreError(
            f"no progress yet: {db} does not exist. Run `quizgen quiz` first, or point "
            "--db or $QUIZGEN_DB at your progress file."
        )
    known: dict[str, tuple[str, str]] | None = None
    keys: frozenset[str] | None = None
    renames: dict[str, str] = {}
    if facts is not None:
        from quizgen.cards.render import card_refs
        from quizgen.cards.templates import load_templates
        from quizgen.factfiles.loader import load_fact_base
        from quizgen.quiz.scheduling import renamed_keys

        base = load_fact_base(facts)
        load_templates(facts, templates)  # cards are not rendered, but a broken file is told
        known = {fact.id: (fact.deck, fact.type.value) for fact in base}
        keys = frozenset(ref.key for ref in card_refs(base))
        renames = renamed_keys(base)
    with ProgressStore.open(db) as store:
        store.follow_renames(renames)
        return gather_stats(
            store,
            now,
            facts=known,
            card_keys=keys,
            only_facts=None if known is None else frozenset(known),
        )
