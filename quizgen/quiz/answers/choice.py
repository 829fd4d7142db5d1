"""Judging a multiple-choice reply: an option's number, its text, or the answer typed."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from quizgen.model.facts import Card
from quizgen.quiz.answers.grades import Grade, Verdict
from quizgen.quiz.answers.words import normalise

__all__ = ["chosen_option", "judge_choice"]

_NUMBER_REPLY = re.compile(r"^\s*(\d+)\s*[.)]?\s*$")

_LEAST_WORDS = 2
"""How many words a reply must hold, at least, to name an option by its first words."""


def chosen_option(options: Sequence[str], reply: str) -> int | None:
    """Return the option a reply names: by its number, its text, or its first words.

    The first words name an option only when no other option starts with them.
    """
    number = _NUMBER_REPLY.match(reply)
    if number and 1 <= int(number.group(1)) <= len(options):
        return int(number.group(1)) - 1
    said = normalise(reply)
    if not said:
        return None
    forms = [normalise(option) for option in options]
    for index, form in enumerate(forms):
        if form == said:
            return index
    if len(said.split()) < _LEAST_WORDS:
        return None
    starting = [i for i, form in enumerate(forms) if form.startswith(said + " ")]
    return starting[0] if len(starting) == 1 else None


def judge_choice(
    card: Card,
    options: Sequence[str],
    answer_index: int,
    reply: str,
    check: Callable[[Card, str], Verdict],
) -> Verdict | None:
    """Grade a reply to a multiple-choice question; None when it must be given again.

    A blank reply gives up. A reply is an option's number, an option's text or first words,
    or else an answer typed in full and checked like one; a one- or two-digit number that is
    no option's number is asked again.
    """
    reply = reply.strip()
    right = options[answer_index]
    if not reply:
        return Verdict(Grade.WRONG, "No answer given.", right)
    index = chosen_option(options, reply)
    if index is None:
        if _NUMBER_REPLY.match(reply) and len(reply.strip(" .)")) <= 2:
            return None
        return check(card, reply)
    if index == answer_index:
        return Verdict(Grade.CORRECT, "Correct.", right)
    return Verdict(
        Grade.WRONG, f"Wrong: you chose {index + 1}; the answer is {answer_index + 1}.", right
    )
