"""Options that repeat the question's words: a giveaway when only the right one does.

"Which agreement ... in information technology?" gives itself away when one option is "IT
cooperation agreement": its "IT" is the initialism of two words of the question. An option
echoes a question when it holds one of the question's content words (in any inflection) or
an initialism of a run of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from quizgen.language.fold import fold
from quizgen.model.facts import Card
from quizgen.quiz.answers import AnswerKind, answer_kind
from quizgen.quiz.answers.words import STOPWORDS

__all__ = ["Echoes"]

_SCAFFOLD = frozenset({
    *STOPWORDS, "what", "when", "where", "why", "whom", "whose", "how", "many", "much", "name",
    "happened", "did", "does", "do", "had", "has", "have", "year", "date", "around", "about",
    "between", "among", "sign", "signed", "reach", "reached", "agreement", "treaty", "accord",
    "protocol", "pact", "convention", "after", "before", "during", "into", "than", "then",
    "first", "one", "two", "three",
})  # fmt: skip
"""Words of the card templates and of every question, which echo nothing in particular."""

_JOINERS = frozenset({"of", "and", "the", "for", "s", "in", "on", "to", "a", "an"})
"""Small words an initialism skips: "Democratic People's Republic of Korea" gives DPRK."""

_ECHOED_KINDS = frozenset({AnswerKind.NAME, AnswerKind.TEXT})
"""Answers made of words; dates, figures and parties are alike in shape by construction."""

_GATHER = 3
"""How many wrong options to gather for each one shown, so that those that echo can be found."""

_STEM = 6
"""Letters two long words must share at the start to count as one word ("Mongolia(n)")."""


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", re.sub(r"'s\b|['`]", "", fold(text).lower()))


def _stem(word: str) -> str:
    word = word[:-1] if len(word) > 3 and word.endswith("s") else word
    return word[:_STEM]


class Echoes:
    """The words of a card's question that an option may repeat."""

    def __init__(self, card: Card) -> None:
        self.active = answer_kind(card) in _ECHOED_KINDS
        words = _words(card.front)
        self._stems = {
            _stem(word) for word in words if word not in _SCAFFOLD and not word.isdigit()
        }
        runs = [word for word in words if word not in _JOINERS]
        self._initialisms = {
            "".join(word[0] for word in runs[start : start + size])
            for size in range(2, 6)
            for start in range(len(runs) - size + 1)
        }

    def heard_in(self, option: str) -> bool:
        """Return whether an option repeats the question: one of its words, or an initialism."""
        if not self.active:
            return False
        capitals = re.findall(r"\b[A-Z]{2,6}\b", option)
        if any(token.lower() in self._initialisms for token in capitals):
            return True
        return any(_stem(word) in self._stems for word in _words(option) if word not in _SCAFFOLD)

    def gather(self, count: int) -> int:
        """Return how many wrong options to gather to show `count` of them."""
        return _GATHER * count if self.active else count

    def comparable(self, right: str, wrong: Sequence[str], count: int) -> list[str] | None:
        """Return `count` wrong options among which the right one does not stand out, or None.

        When the right option repeats the question, those wrong ones that do too come first,
        and one at least is needed; when it does not, a wrong option that does is left out,
        being a paraphrase of the question (and perhaps a right answer too).
        """
        if not self.active:
            return list(wrong[:count])
        echoing = [option for option in wrong if self.heard_in(option)]
        if not self.heard_in(right):
            return [option for option in wrong if option not in echoing][:count]
        if not echoing:
            return None
        return [*echoing, *(option for option in wrong if option not in echoing)][:count]
