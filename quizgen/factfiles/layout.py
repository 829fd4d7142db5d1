"""Which files of a facts folder are what: the sources, the templates, the fact files.

Kept apart from the loader so that a build with nothing to do can list and digest the files
without importing the YAML parser.
"""

from __future__ import annotations

import os
from pathlib import Path

SOURCES_FILE = "sources.yaml"
TEMPLATES_FILE = "templates.yaml"


def fact_files(root: Path) -> list[Path]:
    """List the fact files under `root`: every `*.yaml` at any depth, in sorted order.

    `sources.yaml` and `templates.yaml` at the top are not fact files; hidden folders and
    files (names starting with '.') are skipped.
    """
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = Path(folder)
        for name in files:
            if name.startswith(".") or not name.endswith(".yaml"):
                continue
            if here == root and name in (SOURCES_FILE, TEMPLATES_FILE):
                continue
            found.append(here / name)
    return sorted(found, key=lambda path: path.relative_to(root).parts)
