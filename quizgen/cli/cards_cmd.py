"""Commands: preview and cards: the cards of the facts as the learner sees them."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from quizgen.cli._common import handle_errors

if TYPE_CHECKING:
    from quizgen.cards.extras import Extras
    from quizgen.model.facts import Card, FactBase


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("preview")(preview)
    app.command("cards")(cards)


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
    from quizgen.cards.extras import back_extras
    from quizgen.cards.render import cards_for_fact
    from quizgen.cards.templates import load_templates
    from quizgen.factfiles.loader import find_fact, load_fact_base

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


@handle_errors
def cards(
    facts_dir: Path = typer.Option(
        Path("facts"), "--facts", metavar="DIR", help="The facts folder."
    ),
    templates_file: Path | None = typer.Option(
        None,
        "--templates",
        metavar="FILE",
        help="Card templates overriding the shipped ones and the facts folder's templates.yaml.",
    ),
    as_json: bool = typer.Option(
        False,
        "--json",
        help="Print a JSON list of cards: fact, kind, deck, context, front, back, answer.",
    ),
    as_csv: bool = typer.Option(
        False, "--csv", help="Print the notes in Anki's text-import format, for File > Import."
    ),
) -> None:
    """Print every card of the facts as the learner will see it.

    Example: quizgen cards --json > cards.json
    """
    import json

    from quizgen.cards.checks import check_cards
    from quizgen.cards.records import card_record
    from quizgen.cards.templates import load_templates
    from quizgen.errors import TemplateError
    from quizgen.factfiles.loader import load_fact_base

    if as_json and as_csv:
        raise typer.BadParameter("give --json or --csv, not both")
    facts = load_fact_base(facts_dir)
    checked = check_cards(facts, load_templates(facts_dir, templates_file))
    if checked.problems:
        raise TemplateError("\n".join(str(problem) for problem in checked.problems))
    if as_json:
        records = [card_record(card) for card in checked.cards]
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
    elif as_csv:
        typer.echo(_text_import(checked.cards, facts), nl=False)
    else:
        width = shutil.get_terminal_size((100, 24)).columns
        for number, card in enumerate(checked.cards):
            if number:
                typer.echo("")
            typer.echo(f"{card.fact.id} · {card.kind.value}")
            typer.echo("\n".join(format_card(card, None, width).splitlines()[1:]))


def _text_import(made: Sequence[Card], facts: FactBase) -> str:
    """Return the cards' notes (one per fact) in Anki's text-import format, packaged as a
    build would."""
    from itertools import groupby

    from quizgen.anki.notes import make_note
    from quizgen.anki.textimport import text_import
    from quizgen.cards.extras import back_extras

    notes = []
    for _, group in groupby(made, key=lambda card: card.fact.id):
        of_fact = list(group)
        notes.append(make_note(of_fact, back_extras(of_fact[0].fact, facts)))
    return text_import(notes)


_TEXT = " " * 9  # where a card's text starts, after "  Front  "
_MORE = " " * 11  # where an extra's wrapped lines continue, under "Note: "


def format_card(card: Card, extras: Extras | None, width: int = 100) -> str:
    """Return a card as preview text: its kind, topic, front, back and what the back adds.

    Long lines wrap to `width` columns, continuing under the text they belong to.
    """
    lines = [card.kind.value]
    if card.context:
        lines += _wrapped("  Topic  ", card.context, _TEXT, width)
    lines += _wrapped("  Front  ", card.front, _TEXT, width)
    lines += _wrapped("  Back   ", card.back, _TEXT, width)
    if extras is None:
        return "\n".join(lines)
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
