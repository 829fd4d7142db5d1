"""Generate synthetic fact bases for the benchmarks: valid, varied and deterministic for a seed.

`write_fact_base(root, n, seed)` writes `root/sources.yaml` and fact files under
`root/<deck>/`, spreading `n` facts of all four types over several top-level decks and their
subdecks, with every optional field used somewhere. The same `n` and `seed` give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

TOP_DECKS = ("History", "Geography", "Economy", "Diplomacy")
SUBDECKS = ("Early Contacts", "Cold War", "Since 1990")
TYPES = ("date", "name", "figure", "agreement")
CARD_KINDS = {
    "date": ("question", "reverse", "cloze"),
    "name": ("question", "reverse", "cloze"),
    "figure": ("question", "cloze"),
    "agreement": ("which", "when", "parties", "cloze"),
}
DEFAULT_KINDS = {  # as quizgen.model.facts.DEFAULT_KINDS: what a fact without `cards` makes
    "date": ("question", "reverse"),
    "name": ("question",),
    "figure": ("question",),
    "agreement": ("which", "when"),
}
SOURCE_COUNT = 40

_SYLLABLES = (
    "bat", "bold", "tse", "den", "bal", "khü", "rel", "sükh", "oyun", "erdene", "gan", "tuya",
    "mun", "kim", "pak", "yong", "chol", "song", "hee", "jin", "nam", "sung", "ul", "aan",
    "dar", "khan", "sai", "zorig", "nara", "mend", "enkh", "jargal", "ho", "sok", "chang",
)  # fmt: skip
_PLACES = (
    "Ulaanbaatar", "Pyongyang", "Seoul", "Darkhan", "Erdenet", "Sinuiju", "Rason", "Wonsan",
    "Choibalsan", "Khovd", "Nampo", "Hamhung", "Zamyn-Üüd", "Kaesong", "Sainshand", "Chongjin",
)  # fmt: skip
_ROLES = (
    "ambassador", "foreign minister", "trade envoy", "president", "prime minister",
    "party secretary", "deputy minister of mining", "chief negotiator", "consul general",
)  # fmt: skip
_ACTIONS = (
    "opened an embassy in", "signed a barter protocol with", "sent a trade delegation to",
    "recognized the government of", "hosted talks with", "suspended flights to",
    "resumed rail freight to", "received a state visit from", "cancelled a loan to",
)  # fmt: skip
_THINGS = (
    ("workers", "the number of {nat} workers in {place}"),
    ("tons a year", "the capacity of the refinery at {place}"),
    ("percent", "{org}'s stake in the {place} refinery operator"),
    ("head of cattle", "the livestock sent from {place} as aid"),
    ("students", "the number of {nat} students in {place}"),
    ("million dollars", "the value of trade between {place} and {other}"),
    ("kilometres", "the length of the rail line from {place} to {other}"),
)  # fmt: skip
_NATIONALITIES = ("North Korean", "Mongolian", "South Korean", "Chinese", "Soviet")
_AGREEMENTS = (
    "Treaty of Friendship and Cooperation", "Barter Protocol", "Agreement on Visa Waivers",
    "Memorandum on Oil Exploration", "Accord on Rail Transit", "Cultural Exchange Plan",
    "Agreement on Labour Migration", "Protocol on Consular Relations",
)  # fmt: skip
_SUMMARIES = (
    "restored ties after the cooling of the 1990s",
    "set prices for copper in exchange for machinery",
    "let citizens travel without visas for thirty days",
    "granted drilling rights in the eastern provinces",
    "opened a freight corridor to the sea",
    "arranged exchanges of students and artists",
    "allowed workers to be hired for construction",
    "reopened consulates closed in the previous decade",
)  # fmt: skip
_HINTS = ("a head of state's visit", "a diplomatic break", "a trade deal", "a border incident")
_NAME_KINDS = ("person", "place", "organisation", "other")
_TAGS = ("politics", "trade", "mining", "aid", "labour", "transport", "culture")
_PUBLICATIONS = ("The Diplomat", "NK News", "Asia Times", "UB Post", "38 North", "Sino-NK")

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_PLAIN = re.compile(r"^[^\W\d_][\w ,.'()\-’]*$")
_RESERVED = frozenset({"yes", "no", "on", "off", "true", "false", "null", "y", "n"})


@dataclass(frozen=True)
class FactFile:
    """One generated fact file: where it is, its deck, and the ids of the facts it holds."""

    path: Path
    deck: str
    fact_ids: tuple[str, ...]

    @property
    def top_deck(self) -> str:
        """Return the top-level deck the file's facts go into."""
        return self.deck.split("::", 1)[0]


@dataclass(frozen=True)
class FactBaseInfo:
    """What `write_fact_base` wrote: the files, and the cards the facts should make."""

    root: Path
    facts: int
    files: tuple[FactFile, ...]
    cards_by_top_deck: dict[str, int]

    @property
    def top_decks(self) -> tuple[str, ...]:
        """Return the top-level deck names in first-seen order."""
        return tuple(dict.fromkeys(f.top_deck for f in self.files))

    @property
    def cards(self) -> int:
        """Return the number of cards the whole fact base should make."""
        return sum(self.cards_by_top_deck.values())

    @property
    def fact_files(self) -> int:
        """Return how many fact files were written (not counting sources.yaml)."""
        return len(self.files)


def _scalar(value: str) -> str:
    """Return `value` as a YAML scalar: plain where YAML reads it back as the same string."""
    if _PLAIN.match(value) and value.lower() not in _RESERVED and not value.endswith(" "):
        return value
    return json.dumps(value, ensure_ascii=False)


def _flow(values: Sequence[str]) -> str:
    return "[" + ", ".join(_scalar(v) for v in values) + "]"


class _Words:
    """Deterministic pseudo-names and phrases drawn from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def word(self) -> str:
        parts = self.rng.randint(2, 3)
        return "".join(self.rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()

    def person(self) -> str:
        return f"{self.word()} {self.word()}"

    def place(self) -> str:
        return self.rng.choice(_PLACES)

    def date(self) -> str:
        """Return a date as a user writes it: a year, a month, a day, or an interval."""
        year = self.rng.randint(1948, 2024)
        shape = self.rng.randrange(10)
        if shape < 3:
            return str(year)  # YAML reads this as an int
        if shape < 6:
            return f"{year}-{self.rng.randint(1, 12):02d}"
        if shape < 9:
            # Unquoted, YAML reads this as a datetime.date.
            return f"{year}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"
        return f"{year}/{year + self.rng.randint(1, 8)}"


def _fact_lines(index: int, kind: str, words: _Words) -> Iterator[str]:
    """Yield the YAML lines of one fact (indented for a `facts:` list)."""
    rng = words.rng
    fact_id = f"{kind}-{index:06d}"
    yield f"  - id: {fact_id}"
    yield f"    type: {kind}"
    if kind == "date":
        yield f"    event: {_scalar(f'{words.person()} {rng.choice(_ACTIONS)} {words.place()}')}"
        yield f"    date: {words.date()}"
        if index % 3 == 0:
            yield f"    hint: {_scalar(rng.choice(_HINTS))}"
    elif kind == "name":
        name_kind = _NAME_KINDS[index // 4 % len(_NAME_KINDS)]
        name = words.person() if name_kind == "person" else f"{words.word()} {words.place()}"
        role = rng.choice(_ROLES)
        action = rng.choice(_ACTIONS)
        yield f"    name: {_scalar(name)}"
        yield f"    description: {_scalar(f'the {role} who {action} {words.place()}')}"
        if name_kind != "other" or index % 8 == 1:
            yield f"    kind: {name_kind}"
    elif kind == "figure":
        unit, template = _THINGS[rng.randrange(len(_THINGS))]
        quantity = template.format(
            nat=rng.choice(_NATIONALITIES),
            place=words.place(),
            other=words.place(),
            org=f"{words.word()} Oil",
        )
        low = rng.randint(2, 90_000)
        if index % 5 == 0:
            yield f"    value: [{low}, {low + rng.randint(1, 5_000)}]"
        elif index % 5 == 1:
            yield f"    value: {low / 100:.2f}"
        else:
            yield f"    value: {low}"
        yield f"    unit: {_scalar(unit)}"
        yield f"    quantity: {_scalar(quantity)}"
        if index % 8 == 2:
            yield f"    date: {words.date()}"
    else:
        parties = rng.sample(("Mongolia", "North Korea", "South Korea", "China", "Russia"), 2)
        if index // 4 % 3 == 0:
            parties.append("Japan")
        yield f"    title: {_scalar(f'{words.word()} {rng.choice(_AGREEMENTS)}')}"
        yield f"    parties: {_flow(parties)}"
        yield f"    date: {words.date()}"
        yield f"    summary: {_scalar(rng.choice(_SUMMARIES))}"
    if kind in ("date", "figure") and index % 9 == 0:
        yield "    approximate: true"
    sources = rng.sample(range(1, SOURCE_COUNT + 1), 1 + index % 2)
    yield f"    sources: {_flow([f'src-{s:03d}' for s in sources])}"
    if index % 3 == 1:
        yield f"    tags: {_flow(rng.sample(_TAGS, 2))}"
    if kind == "name" and index % 8 == 1:
        yield f"    aliases: {_flow([words.word()])}"
    if index % 5 == 2:
        note = f"Reported by {words.person()} at the time, in {words.place()}"
        yield f"    note: {_scalar(note)}"
    if index % 11 == 3:
        yield "    disputed:"
        yield f"      - claim: {_scalar(f'Some accounts place it in {words.place()}')}"
        yield f"        sources: [src-{1 + index % SOURCE_COUNT:03d}]"
    if index % 7 == 4:
        yield f"    cards: {_flow(CARD_KINDS[kind][:2])}"
    if index % 13 == 5:
        yield f"    renamed_from: [old-{fact_id}]"


def _cards_of(index: int, kind: str) -> int:
    return 2 if index % 7 == 4 else len(DEFAULT_KINDS[kind])


def _sources_text(rng: random.Random, words: _Words) -> str:
    lines = ["sources:"]
    for number in range(1, SOURCE_COUNT + 1):
        lines.append(f"  src-{number:03d}:")
        lines.append(f"    author: {_scalar(words.person())}")
        title = f"{words.place()} and {words.place()}: {rng.choice(_SUMMARIES)}"
        lines.append(f"    title: {_scalar(title)}")
        lines.append(f"    publication: {_scalar(rng.choice(_PUBLICATIONS))}")
        if number % 10 != 0:  # some sources are undated
            lines.append(f"    date: {rng.randint(1995, 2024)}-{rng.randint(1, 12):02d}")
        if number % 3 == 0:
            lines.append(f"    url: https://example.org/articles/{number}")
        if number % 4 == 0:
            lines.append(f"    note: {_scalar('Read in translation')}")
    return "\n".join(lines) + "\n"


def facts_per_file(n: int) -> int:
    """Return how many facts go in each file: 40 files up to 10,000 facts, then 250 a file."""
    return max(1, min(250, -(-n // 40)))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def write_fact_base(root: Path, n: int, seed: int = 0, top_decks: int = 4) -> FactBaseInfo:
    """Write a valid fact base of `n` facts into `root` (created if needed); return its layout.

    Fact `i` has type `TYPES[i % 4]`; files rotate over every top-level deck and subdeck so each
    top-level deck gets about the same number of facts. With `top_decks=1` every fact goes into
    one top-level deck ("History"), the shape of most fact bases: the other top-level names
    then become its subdecks, with the usual subdecks under them.
    """
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    words = _Words(rng)
    (root / "sources.yaml").write_text(_sources_text(rng, words), encoding="utf-8")
    per_file = facts_per_file(n)
    if top_decks == 1:
        decks = [f"{TOP_DECKS[0]}::{top}::{sub}" for sub in SUBDECKS for top in TOP_DECKS]
    else:
        decks = [f"{top}::{sub}" for sub in SUBDECKS for top in TOP_DECKS[:top_decks]]
    files: list[FactFile] = []
    cards: Counter[str] = Counter()
    for number, start in enumerate(range(0, n, per_file)):
        deck = decks[number % len(decks)]
        top, sub = deck.split("::")[-2:]
        path = root / _slug(top) / f"{_slug(sub)}-{number:04d}.yaml"
        path.parent.mkdir(exist_ok=True)
        lines = [f"deck: {_scalar(deck)}"]
        if number % 2 == 0:
            lines.append(f"tags: {_flow([_slug(sub)])}")
        lines.append("facts:")
        ids = []
        for index in range(start, min(n, start + per_file)):
            kind = TYPES[index % len(TYPES)]
            lines.extend(_fact_lines(index, kind, words))
            ids.append(f"{kind}-{index:06d}")
            cards[deck.split("::", 1)[0]] += _cards_of(index, kind)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(FactFile(path, deck, tuple(ids)))
    by_deck = {top: cards[top] for top in dict.fromkeys(f.top_deck for f in files)}
    return FactBaseInfo(root, n, tuple(files), by_deck)


_EDITABLE = re.compile(r"^(    (?:event|description|quantity|summary): )(.*)$", re.MULTILINE)


def edit_one_fact(info: FactBaseInfo, revision: int, top_deck: str | None = None) -> FactFile:
    """Reword the first fact in the first file of `top_deck` (default: the last deck).

    Each `revision` gives different text, so successive edits are all real changes. Return the
    file that was edited.
    """
    target = top_deck or info.top_decks[-1]
    file = next(f for f in info.files if f.top_deck == target)
    text = file.path.read_text(encoding="utf-8")
    match = _EDITABLE.search(text)
    if match is None:
        raise ValueError(f"{file.path}: no field to edit")
    value = match.group(2)
    base = re.sub(r" in revision \d+$", "", value.strip('"'))
    edited = f"{match.group(1)}{_scalar(f'{base} in revision {revision}')}"
    file.path.write_text(text[: match.start()] + edited + text[match.end() :], encoding="utf-8")
    return file


def main(argv: Sequence[str] | None = None) -> None:
    """Write a fact base from the command line: `python benchmarks/synth.py DIR -n 10000`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("root", type=Path, help="facts folder to write (created if needed)")
    parser.add_argument("-n", "--facts", type=int, default=1000, help="number of facts")
    parser.add_argument("--seed", type=int, default=0, help="random seed")
    parser.add_argument(
        "--one-deck", action="store_true", help="put every fact in one top-level deck"
    )
    args = parser.parse_args(argv)
    info = write_fact_base(args.root, args.facts, args.seed, top_decks=1 if args.one_deck else 4)
    print(
        f"wrote {info.facts} facts in {info.fact_files} files to {info.root} "
        f"({info.cards} cards expected: "
        + ", ".join(f"{deck} {count}" for deck, count in info.cards_by_top_deck.items())
        + ")"
    )


if __name__ == "__main__":
    main()
