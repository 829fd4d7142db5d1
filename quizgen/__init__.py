"""quizgen: turn curated facts in YAML into Anki decks and terminal quizzes."""

__version__ = "0.1.0"
"""The one place the version is written; pyproject.toml reads it from here (a literal, so
start-up need not read package metadata)."""
