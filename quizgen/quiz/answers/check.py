"""The entry point of answer checking: send a reply to the judge for the card's answer kind."""

from __future__ import annotations

from quizgen.model.facts import AgreementFact, Card, DateFact, DateSpec, FigureFact, NameFact
from quizgen.quiz.answers.dates import judge_date
from quizgen.quiz.answers.figures import judge_figure
from quizgen.quiz.answers.free_text import judge_free_text
from quizgen.quiz.answers.grades import Grade, Judged, Verdict
from quizgen.quiz.answers.kinds import AnswerKind, answer_kind, expected_answer, written_answer
from quizgen.quiz.answers.names import judge_name
from quizgen.quiz.answers.parties import judge_parties
from quizgen.quiz.answers.words import normalise

__all__ = ["check"]

_ALIAS_FIELDS = {DateFact: "event", NameFact: "name", FigureFact: "value", AgreementFact: "title"}


def check(card: Card, reply: str) -> Verdict:
    """Judge a typed reply to a card. Never raises: any text gives a Verdict."""
    expected = expected_answer(card)
    try:
        grade, message = _judge(card, reply)
    except (ValueError, ArithmeticError):
        # Unreadable numbers or impossible dates in a reply are the reply's fault, not ours.
        grade, message = Grade.WRONG, f"Wrong: the answer is {written_answer(card)}."
    if message.endswith(".."):
        message = message[:-1]  # an answer ending in "Jr." ends the sentence too
    return Verdict(grade, message, expected)


def _judge(card: Card, reply: str) -> Judged:
    said = normalise(reply)
    if not said:
        return Grade.WRONG, "No answer given."
    fact = card.fact
    if card.cloze and said == normalise(card.cloze[1]):
        return Grade.CORRECT, "Correct."
    kind = answer_kind(card)
    aliases = fact.aliases if _ALIAS_FIELDS.get(type(fact)) == card.answer_field else ()
    if kind is not AnswerKind.NAME and any(said == normalise(alias) for alias in aliases):
        return Grade.CORRECT, "Correct."
    value = getattr(fact, card.answer_field, None)
    if kind is AnswerKind.DATE and isinstance(value, DateSpec):
        return judge_date(value, bool(getattr(fact, "approximate", False)), reply)
    if kind is AnswerKind.FIGURE and isinstance(fact, FigureFact):
        return judge_figure(fact, reply)
    if kind is AnswerKind.PARTIES and isinstance(value, tuple):
        return judge_parties(tuple(str(v) for v in value), reply)
    written = written_answer(card)
    answer = value if isinstance(value, str) else written
    if kind is AnswerKind.TEXT:
        return judge_free_text([answer, *aliases], said, written)
    candidates = [answer, *aliases]
    if card.cloze:
        candidates.append(card.cloze[1])
    return judge_name(candidates, said, written)
