"""Commands: check, list, show and schema: validating and browsing the fact files."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from quizgen.cli._common import fact_type_name, handle_errors, plural
from quizgen.errors import Problem, TemplateError

if TYPE_CHECKING:
    from quizgen.model.facts import FactBase

FACTS_HELP = "The facts folder."


@handle_errors
def check(
    paths: list[Path] | None = typer.Argument(
        None,
        metavar="[PATH]...",
        help="Facts folders or single fact files (default: facts).",
        show_default=False,
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print the result as JSON on stdout, for editors and scripts."
    ),
    strict: bool = typer.Option(
        False, "--strict", help="Fail on warnings about the cards too, not only on problems."
    ),
) -> None:
    """Check fact files and print every problem with its file, line and column.

    Exits 0 when everything is valid, 1 otherwise. A folder's templates.yaml is checked too.
    The cards are rendered and judged: warnings (an answer given away by another card, a
    date that fits two facts, ...) fail the check only with --strict.

    A single file takes its sources from the nearest sources.yaml above it.

    Check the whole folder to catch ids used twice across files.

    Example: quizgen check facts
    """
    import json

    from quizgen.factfiles.loader import NO_SUCH_PATH, read_paths

    targets = paths or [Path("facts")]
    label = ", ".join(str(path) for path in targets)
    # Every stage runs on what the one before could read, so one run reports every problem.
    result = read_paths(targets)
    template_problems = _template_problems(targets)
    card_problems, warnings = _card_check(
        targets, result.base, shipped_only=bool(template_problems)
    )
    problems = [*sorted({*result.problems, *card_problems}), *template_problems]
    if problems:
        if as_json:
            record = _check_record(False, problems)
            record["warnings"] = _check_record(True, warnings)["problems"]
            typer.echo(json.dumps(record, indent=2))
            raise typer.Exit(1) from None
        for problem in problems:
            typer.echo(str(problem), err=True)
        if not strict:
            warnings = []  # they fail nothing: the next run, with the problems fixed, says them
        _print_warnings(warnings)
        if all(problem.message == NO_SUCH_PATH for problem in problems):
            raise typer.Exit(1) from None  # nothing was checked: a count would say no more
        files = {problem.location.path for problem in problems}
        count = f"{plural(len(problems), 'problem')} in {plural(len(files), 'file')}"
        if warnings:
            count += f", {plural(len(warnings), 'warning')}"
        typer.echo(f"{label}: {count}", err=True)
        raise typer.Exit(1) from None
    failed = strict and bool(warnings)
    if as_json:
        record = _check_record(not failed, ())
        record |= {
            "facts": len(result.base),
            "files": [str(path) for path in result.files],
            "sources": len(result.base.sources),
            "warnings": _check_record(True, warnings)["problems"],
        }
        typer.echo(json.dumps(record, indent=2))
        if failed:
            raise typer.Exit(1)
        return
    _print_warnings(warnings)
    counted = f" with {plural(len(warnings), 'warning')}" if warnings else ""
    verdict = "failed (--strict)" if failed else "OK"
    typer.echo(
        f"{label}: {plural(len(result.base), 'fact')} in {plural(len(result.files), 'file')}, "
        f"{plural(len(result.base.sources), 'source')}: {verdict}{counted}",
        err=failed,
    )
    if failed:
        raise typer.Exit(1)


@handle_errors
def list_facts(
    facts: Path = typer.Option(Path("facts"), "--facts", metavar="DIR", help=FACTS_HELP),
    deck: str | None = typer.Option(
        None, "--deck", metavar="DECK", help="Only this deck and its subdecks ('::' nests)."
    ),
    tag: str | None = typer.Option(None, "--tag", metavar="TAG", help="Only facts with this tag."),
    fact_type: str | None = typer.Option(
        None,
        "--type",
        metavar="TYPE",
        help="Only facts of this type: date, name, figure or agreement.",
        callback=fact_type_name,
    ),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list, for scripts."),
) -> None:
    """List facts: id, type, deck and a short text, one per line.

    Example: quizgen list --deck "Mongolia and the Koreas" --type date
    """
    import json

    from quizgen.cli.fact_text import fact_record, short_text
    from quizgen.factfiles.loader import load_fact_base

    base = load_fact_base(facts)
    chosen = [
        fact
        for fact in base
        if (deck is None or fact.deck == deck or fact.deck.startswith(deck + "::"))
        and (tag is None or tag in fact.tags)
        and (fact_type is None or fact.type.value == fact_type)
    ]
    if as_json:
        typer.echo(json.dumps([fact_record(fact) for fact in chosen], ensure_ascii=False, indent=2))
        return
    rows = [(fact.id, fact.type.value, fact.deck, short_text(fact)) for fact in chosen]
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table("id", "type", "deck", "text", box=None, header_style="bold")
        for row in rows:
            table.add_row(*row)
        Console().print(table)
        return
    widths = [
        max([len(header), *(len(row[i]) for row in rows)])
        for i, header in enumerate(("id", "type", "deck"))
    ]
    for row in [("id", "type", "deck", "text"), *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        typer.echo("  ".join([*cells, row[3]]).rstrip())


@handle_errors
def show(
    fact_id: str = typer.Argument(..., metavar="ID", help="The fact's id (or a former id)."),
    facts: Path = typer.Option(Path("facts"), "--facts", metavar="DIR", help=FACTS_HELP),
) -> None:
    """Show every field of one fact, its sources as citations and any disputed claims.

    Example: quizgen show mongolia-recognizes-north-korea
    """
    from quizgen.cli.fact_text import describe
    from quizgen.factfiles.loader import find_fact, load_fact_base

    base = load_fact_base(facts)
    fact = find_fact(base, fact_id)
    typer.echo("\n".join(describe(fact, base)))


@handle_errors
def schema(
    sources: bool = typer.Option(
        False, "--sources", help="Print the schema of sources.yaml instead."
    ),
    facts: Path | None = typer.Option(
        None,
        "--facts",
        metavar="DIR",
        help="Offer the source ids of this facts folder's sources.yaml as completions.",
    ),
) -> None:
    """Print the JSON Schema of a fact file, for editors that complete and underline YAML.

    Save it, then start each fact file with a line such as:

    # yaml-language-server: $schema=../fact-file.schema.json

    Example: quizgen schema > fact-file.schema.json
    """
    import json

    from quizgen.factfiles.schema import fact_file_schema, sources_file_schema

    source_ids: list[str] | None = None
    if facts is not None:
        from quizgen.factfiles.loader import load_sources

        source_ids = sorted(load_sources(facts / "sources.yaml"))
    document = sources_file_schema() if sources else fact_file_schema(source_ids)
    typer.echo(json.dumps(document, indent=2, ensure_ascii=False))


def _print_warnings(warnings: Iterable[Problem]) -> None:
    for warning in warnings:
        typer.echo(
            f"{warning.location}: fact '{warning.fact_id}': warning: {warning.message}", err=True
        )


def _card_check(
    targets: Sequence[Path], base: FactBase, *, shipped_only: bool
) -> tuple[list[Problem], list[Problem]]:
    """Render and judge the cards of the valid facts: return (problems, warnings).

    With `shipped_only` (the folder's templates.yaml is broken), the cards are rendered with
    the shipped templates to find the problems of the facts' own wording; the warnings,
    which would judge wording the folder does not use, are left out.
    """
    from quizgen.cards.checks import check_cards
    from quizgen.cards.templates import load_templates

    if not shipped_only:
        # The templates are those of the first folder checked (a file's own folder).
        folder = next((path for path in targets if path.is_dir()), targets[0].parent)
        try:
            checked = check_cards(base, load_templates(folder))
            return list(checked.problems), list(checked.warnings)
        except TemplateError:
            pass  # the folder's templates.yaml: its problems are reported on their own
    return list(check_cards(base, load_templates()).problems), []


def _template_problems(targets: Iterable[Path]) -> list[Problem]:
    """Return the problems of the `templates.yaml` in each folder checked, one per line."""
    from quizgen.cards.templates import USER_TEMPLATES, load_templates
    from quizgen.errors import Location, TemplateError
    from quizgen.factfiles.files import display_path, not_regular

    problems = []
    for folder in targets:
        path = folder / USER_TEMPLATES
        if not path.exists() and not path.is_symlink():
            continue
        unusable = not_regular(path, display_path(path), "templates.yaml")
        if unusable is not None:
            problems.append(unusable)
            continue
        try:
            load_templates(folder)
        except TemplateError as error:
            for line in str(error).splitlines():
                problems.append(Problem(Location(str(path)), line.removeprefix(f"{path}: ")))
    return problems


def _check_record(ok: bool, problems: Iterable[Problem]) -> dict[str, Any]:
    return {
        "ok": ok,
        "problems": [
            {
                "path": problem.location.path,
                "line": problem.location.line,
                "col": problem.location.col,
                "fact": problem.fact_id,
                "message": problem.message,
            }
            for problem in problems
        ],
    }


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("check")(check)
    app.command("list")(list_facts)
    app.command("show")(show)
    app.command("schema")(schema)
