"""The quiz's face: rich on a terminal, plain lines (no colour, no prompt) on a pipe."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from quizgen.cli.terminal_text import hanging, safe
from quizgen.errors import TerminalError

if TYPE_CHECKING:
    from rich.console import Console

    from quizgen.cards.extras import Extras
    from quizgen.quiz.run import Outcome, Plan
    from quizgen.quiz.session import Question, Result, Summary

_GRADE_STYLE = {"correct": "bold green", "almost": "bold yellow", "partial": "yellow"}
_GRADE_MARK = {"correct": "✔", "almost": "≈", "partial": "½", "wrong": "✘"}

PIPE_WIDTH = 100
"""The width plain output is laid out for (lines are not wrapped on a pipe)."""


class Terminal:
    """Show a quiz and read its replies: rich on a terminal, plain lines on a pipe."""

    def __init__(self, console: Console, interactive: bool) -> None:
        self.console = console
        self.interactive = interactive

    @classmethod
    def for_stdio(cls) -> Terminal:
        """Pick the terminal or the plain face from whether stdin and stdout are terminals.

        Raise `TerminalError` when there is no standard input to read replies from.
        """
        from rich.console import Console

        if sys.stdin is None or sys.stdin.closed:
            raise TerminalError(
                "no input to read answers from: standard input is closed. "
                "Run the quiz in a terminal, or pipe the replies in."
            )
        interactive = sys.stdin.isatty() and sys.stdout.isatty()
        if interactive:
            console = Console(highlight=False)
        else:
            console = Console(
                highlight=False,
                color_system=None,
                force_terminal=False,
                width=PIPE_WIDTH,
                emoji=False,
            )
        return cls(console, interactive)

    def say(self, markup: str = "") -> None:
        """Print a line of rich markup (plain on a pipe)."""
        self.console.print(markup, soft_wrap=True)

    def hang(self, lead: str, text: str, style: str = "", lead_style: str = "") -> None:
        """Print `lead` and `text`, the text wrapped under its own start in a terminal."""
        width = self.console.width if self.interactive else None
        lines = hanging(lead, text, width)
        first = lines[0][len(lead) :]
        shown = [_styled(lead_style, safe(lead)) + _styled(style, safe(first))]
        shown += [_styled(style, safe(line)) for line in lines[1:]]
        self.say("\n".join(shown))

    def header(self, plan: Plan) -> None:
        """Introduce the quiz."""
        what = "card" if plan.questions == 1 else "cards"
        if plan.due:
            what = f"due and new {what}"
        line = f"{plan.questions} {what}, {plan.mode.value} mode, seed {plan.seed}."
        if self.interactive:
            line += " Ctrl-D or Ctrl-C ends it; every answer is kept."
        self.hang("Quiz: ", line, lead_style="bold")

    def ask(self, question: Question, notice: str | None) -> str | None:
        """Show a question and read the reply; None at the end of input."""
        if notice is None:
            card = question.card
            self.say()
            self.hang(
                "", f"Question {question.number} of {question.total} · {card.fact.deck}", "dim"
            )
            self.hang("", card.front, "bold")
            for number, option in enumerate(question.options, start=1):
                self.hang(f"  {number}. ", option)
        else:
            self.hang("", notice, "yellow")
        prompt = (
            f"Your answer (1-{len(question.options)}): " if question.options else "Your answer: "
        )
        if self.interactive:
            try:
                return self.console.input(f"[cyan]{prompt}[/]")
            except EOFError:
                return None
        line = sys.stdin.readline()
        if not line:
            return None
        reply = line.rstrip("\r\n")
        self.say(f"{prompt}{safe(reply)}")
        return reply

    def show_result(self, result: Result, extras: Extras) -> None:
        """Show the verdict, the full answer, the note, the sources and disputed claims."""
        grade = result.verdict.grade.value
        style = _GRADE_STYLE.get(grade, "bold red")
        mark = _GRADE_MARK[grade] + " " if self.interactive else ""
        self.hang(mark, result.verdict.message, style, style)
        self.hang("Answer: ", result.card.back, lead_style="bold")
        if extras.note:
            self.hang("Note: ", extras.note, lead_style="bold")
        if extras.citations:
            self.hang("Sources: ", "; ".join(extras.citations), "dim", "dim")
        for claim, sources in extras.disputed:
            cited = f" ({'; '.join(sources)})" if sources else ""
            self.hang("Disputed: ", claim + cited, lead_style="magenta")

    def show_summary(self, summary: Summary) -> None:
        """Show the score, the time taken and the facts missed."""
        from quizgen.quiz.answers import Grade, written_answer

        self.say()
        if summary.interrupted:
            self.say(f"[bold]Stopped[/] after {summary.asked} of {summary.planned} questions.")
        if not summary.asked:
            self.say("[bold]Score:[/] no questions answered.")
        else:
            parts = [f"{summary.count(g)} {g.value}" for g in Grade if summary.count(g)]
            self.say(
                f"[bold]Score:[/] {summary.points:g} of {summary.asked} ({summary.score:.0%}): "
                + ", ".join(parts)
                + "."
            )
        self.say(f"[bold]Time:[/] {_duration(summary.seconds)}")
        if summary.missed:
            self.say("[bold]Missed:[/]")
            for result in summary.missed:
                card = result.card
                self.hang("  - ", f"{card.front} → {written_answer(card)} ({card.fact.id})")
        elif summary.asked:
            self.say("[bold]Missed:[/] none.")

    def show_outcome(self, outcome: Outcome) -> None:
        """Show how the quiz ended: its summary, or that nothing was due."""
        if outcome.summary is None:
            said = "Nothing is due and no new cards are left for today."
            if outcome.next_due is not None:
                when = outcome.next_due.astimezone().strftime("%Y-%m-%d %H:%M")
                said += f" Next due: {when}."
            self.say(said)
            return
        self.show_summary(outcome.summary)
        if outcome.saved:
            self.hang("", f"Progress saved in {outcome.db}", "dim")


def _styled(style: str, markup: str) -> str:
    return f"[{style}]{markup}[/]" if style and markup else markup


def _duration(seconds: float) -> str:
    whole = round(seconds)
    minutes, secs = divmod(whole, 60)
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"
