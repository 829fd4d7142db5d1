"""Commands: preview."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from quizgen.cli._common import handle_errors

if TYPE_CHECKING:
    from quizgen.cards import Extras
    from quizgen.model import Card


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("preview")(preview)


@handle_errors
def preview(
    fact_id: str = typer.Argument(..., metavar="ID", help="The id of the fact to show."),
    facts_dir: Path = typer.Option(Path("facts"), "--facts", help="The facts folder."),
    templates_file: Path | None = typer.Option(
        None,
        "--templates",
        metavar="FILE",
        help="Card templates overriding the shipped ones and the facts folder's templates.yaml.",
    ),
) -> None:
    """Print every card of a fact as a user will see it, kind by kind."""
    from quizgen.cards import back_extras, cards_for_fact, find_fact
    from quizgen.loader import load_fact_base
    from quizgen.templating import load_templates

    facts = load_fact_base(facts_dir)
    templates = load_templates(facts_dir, templates_file)
    fact = find_fact(facts, fact_id)
    cards = cards_for_fact(fact, facts, templates)
    typer.echo(f"{fact.id} · {fact.type.value} · {fact.deck}")
    for card in cards:
        typer.echo("")
        typer.echo(format_card(card, back_extras(fact, facts)))


def format_card(card: Card, extras: Extras) -> str:
    """Return a card as preview text: its kind, front, back and what the back adds."""
    lines = [card.kind.value, f"  Front  {card.front}", f"  Back   {card.back}"]
    if extras.note:
        lines.append(f"         Note: {extras.note}")
    if extras.citations:
        lines.append(f"         Sources: {'; '.join(extras.citations)}")
    for claim, citations in extras.disputed:
        cited = f" — {'; '.join(citations)}" if citations else ""
        lines.append(f"         Disputed: {claim}{cited}")
    return "\n".join(lines)
