"""quizgen: turn curated facts in YAML into Anki decks and terminal quizzes."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("quizgen")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
