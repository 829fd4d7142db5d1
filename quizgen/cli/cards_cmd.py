"""Commands: preview."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from quizgen.cli._common import handle_errors

if TYPE_CHECKING:
    from quizgen.cards.render import Extras
    from quizgen.model.facts import Card


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("preview")(preview)


@handle_errors
def preview(
    fact_id: str = typer.Argument(..., metavar="ID", help="The id of the fact to show."),
    facts_dir: Path = typer.Option(
        Path("facts"), "--facts", metavar="DIR", help="The facts folder."
    ),
    templates_file: Path | None = typer.Option(
        None,
        "--templates",
        metavar="FILE",
        help="Card templates overriding the shipped ones and the facts folder's templates.yaml.",
    ),
) -> None:
    """Print every card of a fact as a user will see it, kind by kind.

    Example: quizgen preview elbegdorj
    """
    from quizgen.cards.render import back_extras, cards_for_fact, find_fact
    from quizgen.cards.templates import load_templates
    from quizgen.factfiles.loader import load_fact_base

    facts = load_fact_base(facts_dir)
    templates = load_templates(facts_dir, templates_file)
    fact = find_fact(facts, fact_id)
    cards = cards_for_fact(fact, facts, templates)
    extras = back_extras(fact, facts)
    width = shutil.get_terminal_size((100, 24)).columns
    typer.echo(f"{fact.id} · {fact.type.value} · {fact.deck}")
    for card in cards:
        typer.echo("")
        typer.echo(format_card(card, extras, width))


_TEXT = " " * 9  # where a card's text starts, after "  Front  "
_MORE = " " * 11  # where an extra's wrapped lines continue, under "Note: "


def format_card(card: Card, extras: Extras, width: int = 100) -> str:
    """Return a card as preview text: its kind, front, back and what the back adds.

    Long lines wrap to `width` columns, continuing under the text they belong to.
    """
    lines = [card.kind.value]
    lines += _wrapped("  Front  ", card.front, _TEXT, width)
    lines += _wrapped("  Back   ", card.back, _TEXT, width)
    if extras.note:
        lines += _wrapped(f"{_TEXT}Note: ", extras.note, _MORE, width)
    if extras.citations:
        lines += _wrapped(f"{_TEXT}Sources: ", "; ".join(extras.citations), _MORE, width)
    for claim, citations in extras.disputed:
        cited = f" — {'; '.join(citations)}" if citations else ""
        lines += _wrapped(f"{_TEXT}Disputed: ", claim + cited, _MORE, width)
    return "\n".join(lines)


def _wrapped(label: str, text: str, indent: str, width: int) -> list[str]:
    return textwrap.wrap(
        text,
        width=max(width, 40),
        initial_indent=label,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
