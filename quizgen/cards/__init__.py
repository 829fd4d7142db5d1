"""Cards from facts: templates, rendering, and the checks on what cards say."""

from pathlib import Path

SHIPPED_TEMPLATES = Path(__file__).with_name("default_templates.yaml")
"""The card templates quizgen ships; a user's templates override them key by key."""
