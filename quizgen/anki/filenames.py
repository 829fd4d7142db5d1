"""Name the `.apkg` file of each top-level deck, safely and without collisions."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from quizgen.language.fold import strip_accents
from quizgen.model.decknames import WINDOWS_RESERVED


def deck_slug(name: str) -> str:
    """Return a file-name stem for a deck: ASCII letters, digits and dashes only.

    Nothing in a deck name (`../`, `/`, NUL, a drive letter) can make the file land outside
    the deck folder, because only `[a-z0-9-]` survive.
    """
    ascii_name = strip_accents(name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:80].strip("-")
    if not slug:
        slug = "deck-" + hashlib.sha256(name.encode()).hexdigest()[:8]
    if slug in WINDOWS_RESERVED:
        slug += "-deck"
    return slug


def deck_file_names(names: Sequence[str]) -> dict[str, str]:
    """Map top-level deck names to distinct `.apkg` file names.

    Names whose slugs collide each get a short hash of the exact name, so no deck overwrites
    another.
    """
    slugs = {name: deck_slug(name) for name in names}
    counts: dict[str, int] = {}
    for slug in slugs.values():
        counts[slug] = counts.get(slug, 0) + 1
    result = {}
    for name, slug in slugs.items():
        if counts[slug] > 1:
            slug = f"{slug}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"
        result[name] = f"{slug}.apkg"
    return result
