"""What a top-level deck name may hold, since it becomes the name of a deck file."""

from __future__ import annotations

WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{port}{n}" for port in ("com", "lpt") for n in range(10)]
)
"""File names Windows keeps for devices, lower-cased: `nul.apkg` cannot be written there."""


def is_windows_reserved(name: str) -> bool:
    """Return whether Windows refuses `name` as a file name (`CON`, `nul.txt`, `com1`, ...)."""
    return name.split(".")[0].strip().lower() in WINDOWS_RESERVED
