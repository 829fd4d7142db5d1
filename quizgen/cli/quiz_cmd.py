"""Commands: quiz and stats.

The quiz logic is `quizgen.quiz.session`; this module plugs in the terminal (rich on a terminal,
plain lines on a pipe) and the progress store, and turns Ctrl-C and end of input into a
summary rather than a traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

import typer

from quizgen.cli._common import FactTypeName, handle_errors, plural
from quizgen.errors import QuizError, StoreError

if TYPE_CHECKING:
    from rich.console import Console

    from quizgen.cards.render import CardRef, Extras
    from quizgen.progress.store import ProgressStore, Stats
    from quizgen.quiz.scheduling import Schedule
    from quizgen.quiz.session import Question, Result, Summary


class QuizMode(StrEnum):
    """How to ask (mirrors `quizgen.quiz.session.Mode`, kept here so `--help` stays light)."""

    TYPED = "typed"
    CHOICE = "choice"
    MIXED = "mixed"


DEFAULT_QUESTIONS = 10
EXIT_INTERRUPTED = 130

_GRADE_STYLE = {"correct": "bold green", "almost": "bold yellow", "partial": "yellow"}
_GRADE_MARK = {"correct": "✔", "almost": "≈", "partial": "½", "wrong": "✘"}


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("quiz")(quiz)
    app.command("stats")(stats)


@handle_errors
def quiz(
    facts: Path = typer.Option(
        Path("facts"), "--facts", metavar="DIR", help="Folder of fact files.", show_default=True
    ),
    deck: list[str] = typer.Option(
        [],
        "--deck",
        metavar="DECK",
        help="Ask only this deck and its subdecks (repeat for more).",
    ),
    tag: list[str] = typer.Option(
        [], "--tag", metavar="TAG", help="Ask only facts with this tag (repeatable)."
    ),
    fact_type: list[FactTypeName] = typer.Option(
        [],
        "--type",
        metavar="TYPE",
        help="Ask only facts of this type: date, name, figure or agreement (repeatable).",
        case_sensitive=False,
    ),
    mode: QuizMode = typer.Option(
        QuizMode.TYPED,
        "--mode",
        help="typed answers, multiple choice, or a mix.",
        case_sensitive=False,
    ),
    number: int = typer.Option(
        DEFAULT_QUESTIONS, "-n", "--number", metavar="N", min=1, help="How many questions at most."
    ),
    due: bool = typer.Option(
        False, "--due", help="Ask the cards due for review first, then new ones."
    ),
    new_limit: int = typer.Option(
        20, "--new-limit", metavar="N", min=0, help="With --due: new cards a day at most."
    ),
    seed: int | None = typer.Option(
        None, "--seed", metavar="N", help="Seed for a repeatable order and choice of options."
    ),
    db: Path | None = typer.Option(
        None,
        "--db",
        metavar="FILE",
        help="Progress file (default: $QUIZGEN_DB, else progress.sqlite in your data folder).",
    ),
    templates: Path | None = typer.Option(
        None, "--templates", metavar="FILE", help="Card templates file overriding the defaults."
    ),
) -> None:
    """Quiz yourself in the terminal; every answer is kept and scheduled for review.

    Ctrl-D or Ctrl-C ends the quiz with its summary. Piped, it reads one reply per line.

    Example: quizgen quiz -n 10 --mode choice
    """
    import random
    import secrets

    from quizgen.cards.render import back_extras, card_refs, render_cards
    from quizgen.cards.templates import load_templates
    from quizgen.factfiles.loader import load_fact_base
    from quizgen.model.facts import FactType
    from quizgen.progress.store import ProgressStore
    from quizgen.quiz import session
    from quizgen.quiz.answers import check, typed_is_fair
    from quizgen.quiz.distractors import DistractorIndex
    from quizgen.quiz.scheduling import Schedule, renamed_keys

    base = load_fact_base(facts)
    card_templates = load_templates(facts, templates)
    # Choose cards by name and render only those asked: rendering all of a large base takes seconds.
    cards = card_refs(base)
    types = [FactType(name) for name in fact_type]
    chosen = session.select_cards(cards, decks=deck, tags=tag, types=types)
    if not chosen:
        raise QuizError(_nothing_matches(cards, deck, tag, fact_type, facts))
    if seed is None:
        seed = secrets.randbelow(1_000_000)
    rng = random.Random(seed)
    ui = _Terminal.for_stdio()

    store = ProgressStore.open(db)
    try:
        store.follow_renames(renamed_keys(base))
        now = dt.datetime.now(dt.UTC)
        if due:
            states = store.states()
            midnight = (
                dt.datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
            )
            picks = session.pick_cards(
                chosen,
                rng,
                limit=number,
                due={key: state.due for key, state in states.items()},
                now=now,
                new_allowed=new_limit - store.first_seen_since(midnight),
            )
            if not picks:
                ui.nothing_due(states, chosen)
                return
        else:
            picks = session.pick_cards(chosen, rng, limit=number)
        picked = render_cards(picks, base, card_templates)
        index = DistractorIndex(cards)
        questions = session.make_questions(
            picked,
            mode=session.Mode(mode.value),
            rng=rng,
            choose=lambda card, r: index.choices(card, r, n=4),
            typed_is_fair=typed_is_fair,
        )
        ui.header(len(questions), mode.value, seed, store.path, due)
        recorder = _Recorder(store, Schedule(), store.start_session(now, mode.value, seed))
        started = time.monotonic()
        interrupted = False
        failure: StoreError | None = None
        try:
            for result in session.run(questions, ui.ask, check=check, record=recorder):
                ui.show_result(result, back_extras(result.card.fact, base))
        except KeyboardInterrupt:
            interrupted = True
        except StoreError as error:
            failure = error
        if failure is None:
            with contextlib.suppress(StoreError):
                store.finish_session(recorder.session_id, dt.datetime.now(dt.UTC))
        ui.show_summary(
            session.summarize(
                recorder.kept,
                seconds=time.monotonic() - started,
                planned=len(questions),
                interrupted=len(recorder.kept) < len(questions),
            )
        )
        if recorder.kept:
            ui.say(f"[dim]Progress saved in {_safe(str(store.path))}[/]")
        if failure is not None:
            raise failure
        if interrupted:
            raise typer.Exit(EXIT_INTERRUPTED)
    finally:
        store.close()


def _nothing_matches(
    cards: Sequence[CardRef],
    decks: Sequence[str],
    tags: Sequence[str],
    types: Sequence[str],
    facts: Path,
) -> str:
    if not cards:
        return f"no cards to ask: {facts} holds no facts."
    wanted = []
    if decks:
        known = sorted({card.fact.deck for card in cards})
        wanted.append(f"--deck {', '.join(decks)} (decks: {', '.join(known)})")
    if tags:
        known = sorted({t for card in cards for t in card.fact.tags})
        wanted.append(f"--tag {', '.join(tags)} (tags: {', '.join(known) or 'none'})")
    if types:
        known = sorted({card.fact.type.value for card in cards})
        wanted.append(f"--type {', '.join(types)} (types: {', '.join(known)})")
    return "no cards match " + " and ".join(wanted) + "."


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C until the block ends, so an answer is never half-recorded."""
    pending: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        pending.append(signum)

    try:
        previous = signal.signal(signal.SIGINT, hold)
    except ValueError:  # not the main thread: nothing to hold
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if pending:
        raise KeyboardInterrupt


class _Recorder:
    """Schedule each answer with FSRS and commit it, with the card's new state, at once."""

    def __init__(self, store: ProgressStore, schedule: Schedule, session_id: int) -> None:
        self.store = store
        self.schedule = schedule
        self.session_id = session_id
        self.kept: list[Result] = []

    def __call__(self, result: Result) -> None:
        from quizgen.progress.store import CardState, Review
        from quizgen.quiz.scheduling import rating_for

        card = result.card
        previous = self.store.state(card.key)
        rating = rating_for(result.verdict.grade, result.question.style, result.seconds)
        scheduled = self.schedule.review(
            card.key,
            previous.state if previous else None,
            rating,
            result.answered_at,
            result.seconds,
        )
        review = Review(
            reviewed_at=result.answered_at,
            card_key=card.key,
            fact_id=card.fact.id,
            kind=card.kind.value,
            deck=card.fact.deck,
            fact_type=card.fact.type.value,
            style=result.question.style.value,
            reply=result.reply,
            grade=result.verdict.grade.value,
            rating=int(rating),
            duration_ms=round(result.seconds * 1000),
            session_id=self.session_id,
        )
        with _interrupts_held():
            self.store.record(review, CardState(card.key, scheduled.state, scheduled.due))
            self.kept.append(result)


class _Terminal:
    """The quiz's face: rich on a terminal, plain lines (no colour, no prompt) on a pipe."""

    def __init__(self, console: Console, interactive: bool) -> None:
        self.console = console
        self.interactive = interactive

    @classmethod
    def for_stdio(cls) -> _Terminal:
        """Pick the terminal or the plain face from whether stdin is a terminal."""
        from rich.console import Console

        interactive = sys.stdin.isatty() and sys.stdout.isatty()
        if interactive:
            console = Console(highlight=False)
        else:
            console = Console(
                highlight=False, color_system=None, force_terminal=False, width=100, emoji=False
            )
        return cls(console, interactive)

    def say(self, markup: str = "") -> None:
        """Print a line of rich markup (plain on a pipe)."""
        self.console.print(markup, soft_wrap=not self.interactive)

    def header(self, total: int, mode: str, seed: int, db: Path, due: bool) -> None:
        """Introduce the quiz."""
        what = "card" if total == 1 else "cards"
        if due:
            what = f"due and new {what}"
        self.say(
            f"[bold]Quiz:[/] {total} {what}, {mode} mode, seed {seed}. "
            "Ctrl-D or Ctrl-C ends it; every answer is kept."
            if self.interactive
            else f"Quiz: {total} {what}, {mode} mode, seed {seed}."
        )

    def ask(self, question: Question, notice: str | None) -> str | None:
        """Show a question and read the reply; None at the end of input."""
        if notice is None:
            card = question.card
            self.say()
            self.say(
                f"[dim]Question {question.number} of {question.total} · {_safe(card.fact.deck)}[/]"
            )
            self.say(f"[bold]{_safe(card.front)}[/]")
            for number, option in enumerate(question.options, start=1):
                self.say(f"  {number}. {_safe(option)}")
        else:
            self.say(f"[yellow]{_safe(notice)}[/]")
        prompt = (
            f"Your answer (1-{len(question.options)}): " if question.options else "Your answer: "
        )
        if self.interactive:
            return self.console.input(f"[cyan]{prompt}[/]")
        line = sys.stdin.readline()
        if not line:
            return None
        reply = line.rstrip("\r\n")
        self.say(f"{prompt}{_safe(reply)}")
        return reply

    def show_result(self, result: Result, extras: Extras) -> None:
        """Show the verdict, the full answer, the note, the sources and disputed claims."""
        grade = result.verdict.grade.value
        style = _GRADE_STYLE.get(grade, "bold red")
        mark = _GRADE_MARK[grade] + " " if self.interactive else ""
        self.say(f"[{style}]{mark}{_safe(result.verdict.message)}[/]")
        self.say(f"[bold]Answer:[/] {_safe(result.card.back)}")
        if extras.note:
            self.say(f"[bold]Note:[/] {_safe(extras.note)}")
        if extras.citations:
            self.say(f"[dim]Sources: {_safe('; '.join(extras.citations))}[/]")
        for claim, sources in extras.disputed:
            cited = f" ({'; '.join(sources)})" if sources else ""
            self.say(f"[magenta]Disputed:[/] {_safe(claim)}{_safe(cited)}")

    def show_summary(self, summary: Summary) -> None:
        """Show the score, the time taken and the facts missed."""
        from quizgen.quiz.answers import Grade

        self.say()
        if summary.interrupted:
            self.say(f"[bold]Stopped[/] after {summary.asked} of {summary.planned} questions.")
        if not summary.asked:
            self.say("[bold]Score:[/] no questions answered.")
        else:
            points = f"{summary.points:g}"
            parts = [
                f"{summary.count(grade)} {grade.value}" for grade in Grade if summary.count(grade)
            ]
            self.say(
                f"[bold]Score:[/] {points} of {summary.asked} ({summary.score:.0%}): "
                + ", ".join(parts)
                + "."
            )
        self.say(f"[bold]Time:[/] {_duration(summary.seconds)}")
        if summary.missed:
            self.say("[bold]Missed:[/]")
            for result in summary.missed:
                card = result.card
                self.say(
                    f"  - {_safe(card.front)} → [bold]{_safe(result.verdict.expected)}[/] "
                    f"[dim]({_safe(card.fact.id)})[/]"
                )
        elif summary.asked:
            self.say("[bold]Missed:[/] none.")

    def nothing_due(self, states: dict[str, Any], cards: Sequence[CardRef]) -> None:
        """Say that nothing is due, and when the next card is."""
        keys = {card.key for card in cards}
        upcoming = sorted(s.due for k, s in states.items() if k in keys)
        if upcoming:
            when = upcoming[0].astimezone().strftime("%Y-%m-%d %H:%M")
            self.say(f"Nothing is due and no new cards are left for today. Next due: {when}.")
        else:
            self.say("Nothing is due and no new cards are left for today.")


_CONTROL = {code: 0x2400 + code for code in range(0x20) if chr(code) not in "\t\n"}
_CONTROL[0x7F] = 0x2421
_CONTROL.update(dict.fromkeys(range(0x80, 0xA0), 0xFFFD))


def _safe(text: str) -> str:
    """Make text from fact files or replies safe to print: no markup, no control codes.

    A control character (an escape sequence could recolour or retitle the terminal) is
    shown as its Unicode control picture, ESC as ␛.
    """
    from rich.markup import escape as escape_markup

    return escape_markup(text.translate(_CONTROL))


def _plain_text(text: str) -> str:
    """Make text safe to print without markup: control codes shown as control pictures."""
    return text.translate(_CONTROL)


def _duration(seconds: float) -> str:
    whole = round(seconds)
    minutes, secs = divmod(whole, 60)
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


# stats ---------------------------------------------------------------------------------------


@handle_errors
def stats(
    db: Path | None = typer.Option(
        None,
        "--db",
        metavar="FILE",
        help="Progress file (default: $QUIZGEN_DB, else progress.sqlite in your data folder).",
    ),
    facts: Path | None = typer.Option(
        None,
        "--facts",
        metavar="DIR",
        help="Folder of fact files: count cards never answered, skip cards since removed.",
    ),
    templates: Path | None = typer.Option(
        None, "--templates", metavar="FILE", help="Card templates file overriding the defaults."
    ),
) -> None:
    """Show accuracy by deck and type, cards due over the next 7 days, and a chart.

    Example: quizgen stats --facts facts
    """
    from quizgen.progress.store import ProgressStore, default_db_path, gather_stats

    path = db or default_db_path()
    if not path.exists():
        raise StoreError(
            f"no progress yet: {path} does not exist. Run `quizgen quiz` first, or point "
            "--db or $QUIZGEN_DB at your progress file."
        )
    known: dict[str, tuple[str, str]] | None = None
    keys: frozenset[str] | None = None
    renames: dict[str, str] = {}
    if facts is not None:
        from quizgen.cards.render import card_refs
        from quizgen.cards.templates import load_templates
        from quizgen.factfiles.loader import load_fact_base
        from quizgen.quiz.scheduling import renamed_keys

        base = load_fact_base(facts)
        load_templates(facts, templates)  # cards are not rendered, but a broken file is told
        known = {fact.id: (fact.deck, fact.type.value) for fact in base}
        keys = frozenset(ref.key for ref in card_refs(base))
        renames = renamed_keys(base)
    with ProgressStore.open(path) as store:
        if renames:
            store.follow_renames(renames)
        figures = gather_stats(store, dt.datetime.now().astimezone(), facts=known, card_keys=keys)
    _show_stats(figures, path)


def _show_stats(figures: Stats, path: Path) -> None:
    from rich.console import Console

    interactive = sys.stdout.isatty()
    console = (
        Console(highlight=False)
        if interactive
        else Console(highlight=False, color_system=None, force_terminal=False, width=100)
    )

    def out(text: str) -> None:
        console.print(_plain_text(text), markup=False, soft_wrap=not interactive)

    new = "" if figures.new_cards is None else f", {figures.new_cards} never answered"
    out(
        f"{plural(figures.answers, 'answer')} in {plural(figures.sessions, 'session')}; "
        f"{plural(figures.cards_seen, 'card')} seen{new}."
    )
    out(f"Progress file: {path}")
    for title, rows in (
        ("Accuracy by deck", figures.by_deck),
        ("Accuracy by fact type", figures.by_type),
        ("Accuracy by question style", figures.by_style),
    ):
        out("")
        if interactive:
            from rich.table import Table

            table = Table(title=title, title_justify="left")
            table.add_column(title.rsplit(" ", 1)[-1].capitalize())
            table.add_column("Answers", justify="right")
            table.add_column("Right", justify="right")
            table.add_column("Accuracy", justify="right")
            for row in rows:
                table.add_row(
                    _safe(row.label), str(row.answers), str(row.right), f"{row.ratio:.0%}"
                )
            console.print(table)
        else:
            out(title)
            out(_plain_table(rows))
    out("")
    out("Due over the next 7 days")
    out(_bars([(_day(d, i == 0), n) for i, (d, n) in enumerate(figures.due_by_day)]))
    out("")
    out("Answers over the last 7 days")
    count = len(figures.answers_by_day)
    out(_bars([(_day(d, i == count - 1), n) for i, (d, n) in enumerate(figures.answers_by_day)]))


def _day(day: dt.date, today: bool) -> str:
    return "today" if today else day.strftime("%a %d %b")


def _plain_table(rows: Sequence[Any]) -> str:
    if not rows:
        return "  (no answers yet)"
    width = max(len(_plain_text(row.label)) for row in rows)
    lines = [f"  {'':{width}}  answers  right  accuracy"]
    for row in rows:
        label = _plain_text(row.label)
        lines.append(f"  {label:{width}}  {row.answers:7d}  {row.right:5d}  {row.ratio:8.0%}")
    return "\n".join(lines)


BAR_WIDTH = 30


def _bars(rows: Sequence[tuple[str, int]]) -> str:
    """Draw counts as horizontal bars of block characters, the largest BAR_WIDTH wide."""
    largest = max((n for _, n in rows), default=0)
    width = max((len(label) for label, _ in rows), default=0)
    lines = []
    for label, n in rows:
        eighths = round(n / largest * BAR_WIDTH * 8) if largest else 0
        if n and not eighths:
            eighths = 1
        full, part = divmod(eighths, 8)
        bar = "█" * full + (" ▏▎▍▌▋▊▉"[part] if part else "")
        lines.append(f"  {label:>{width}} {bar.strip() or '·'} {n}")
    return "\n".join(lines)
