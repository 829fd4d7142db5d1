"""Judging a multiple-choice reply: an option's number, its text, or the answer typed."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from quizgen.model.facts import Card
from quizgen.quiz.answers.grades import Grade, Verdict
from quizgen.quiz.answers.words import normalise

__all__ = ["AskAgain", "judge_choice", "named_options"]

_NUMBER_REPLY = re.compile(r"^\s*(\d+)\s*[.)]?\s*$")


@dataclass(frozen=True)
class AskAgain:
    """A choice reply that names no option, or names several: what to say before asking again."""

    notice: str


def named_options(options: Sequence[str], reply: str) -> list[int]:
    """Return the options a reply names: by its number, its text, or its first words.

    First words ("Sweynheym" for "Sweynheym and Pannartz set up a press") name every option
    that starts with them, so a reply may name none, one or several.
    """
    number = _NUMBER_REPLY.match(reply)
    if number and 1 <= int(number.group(1)) <= len(options):
        return [int(number.group(1)) - 1]
    said = normalise(reply)
    if not said:
        return []
    forms = [normalise(option) for option in options]
    exact = [index for index, form in enumerate(forms) if form == said]
    if exact:
        return exact[:1]
    return [index for index, form in enumerate(forms) if form.startswith(said + " ")]


def judge_choice(
    card: Card,
    options: Sequence[str],
    answer_index: int,
    reply: str,
    check: Callable[[Card, str], Verdict],
) -> Verdict | AskAgain:
    """Grade a reply to a multiple-choice question, or say why it must be given again.

    A blank reply gives up. A reply is an option's number, an option's text or first words,
    or else an answer typed in full and checked like one. First words that start several
    options ask which one; a one- or two-digit number that is no option's number asks again.
    """
    reply = reply.strip()
    right = options[answer_index]
    if not reply:
        return Verdict(Grade.WRONG, "No answer given.", right)
    named = named_options(options, reply)
    if len(named) > 1:
        listed = [f"{index + 1}) {options[index]}" for index in named]
        return AskAgain(f"Which one: {', '.join(listed[:-1])} or {listed[-1]}?")
    if not named:
        if _NUMBER_REPLY.match(reply) and len(reply.strip(" .)")) <= 2:
            return AskAgain(f"Reply with a number from 1 to {len(options)}, or the answer itself.")
        return check(card, reply)
    [index] = named
    if index == answer_index:
        return Verdict(Grade.CORRECT, "Correct.", right)
    return Verdict(
        Grade.WRONG, f"Wrong: you chose {index + 1}; the answer is {answer_index + 1}.", right
    )
