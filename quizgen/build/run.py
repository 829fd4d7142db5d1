"""Build the deck folder: one `.apkg` per top-level deck, plus the lock file.

A build plans everything in memory first (load and validate the facts, render the cards,
package the decks whose notes changed), so invalid facts or templates stop it before any file
is touched. Then, holding the folder lock, it writes each changed deck atomically and the
lock file last, so a build killed half way is finished by the next one.

Only the decks whose inputs changed are rendered (see `CACHE_NAME`), and on a machine with
a second core a build of 1,000 cards or more shares rendering and packaging with a forked
process (see `split_work`).
"""

from __future__ import annotations

import contextlib
import copy
import gc
import hashlib
import itertools
import json
import re
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from quizgen.anki.apkg import NoteStamp, package_apkg, package_digest
from quizgen.anki.filenames import deck_file_names
from quizgen.anki.notes import PackagedNote, make_notes, note_tags
from quizgen.anki.notetypes import note_type_hashes, note_types_fingerprint
from quizgen.errors import BuildError
from quizgen.build.atomic import (
    atomic_delete,
    atomic_write,
    check_writable,
    ensure_folder,
    folder_lock,
    remove_stale_temp_files,
    replace_quietly,
)
from quizgen.language.suggest import closest
from quizgen.build.lockfile import (
    FORMAT,
    LOCK_FILE_NAME,
    DeckRecord,
    LockFile,
    NoteRecord,
    deck_notes_json,
    next_mod,
    sha256_file,
)

if TYPE_CHECKING:
    from quizgen.cards.render import DateIndex
    from quizgen.factfiles.loader import LoadResult
    from quizgen.model.facts import AnyFact, CardKind, FactBase
    from quizgen.cards.templates import Templates

TEMPLATES_KEY = "@templates"
NOTE_TYPES_KEY = "@note-types"

CODE_STAMP_NAME = ".quizgen-code"
"""Untracked file in the deck folder naming the quizgen code that last built it.

Kept out of the lock file so that a code change that alters no card leaves the committed
files alone; a missing or different stamp only means the next build renders every card."""

CACHE_NAME = ".quizgen-cache"
"""Untracked file in the deck folder that spares later builds work, never needed for output.

Per deck, it keeps a digest of the inputs its notes were made from (`_deck_input_digests`)
beside the digest of its record in the lock file: a deck whose inputs and record both still
match is not rendered again, its notes are read from the lock file. Per deck file, it keeps
the SHA-256 of the file's bytes beside the digest of its contents (`package_digest`), so
that checking a file is hashing it rather than unzipping it. It also summarises the lock
file (`_LockSummary`) beside the digest of its bytes, so that a build with nothing to do reads
no notes. Whatever in it is missing, damaged or out of date only means that work is done
again."""

DEFAULT_LOCK_TIMEOUT = 60.0
"""Seconds a build waits for another build into the same folder before giving up."""


class DeckStatus(StrEnum):
    """What a build did, or would do, with one deck's file."""

    UP_TO_DATE = "up to date"
    WRITTEN = "written"
    WOULD_WRITE = "would be written"
    DELETED = "deleted"
    WOULD_DELETE = "would be deleted"


@dataclass(frozen=True)
class RemovedFact:
    """A fact whose notes left a deck, with an Anki search that finds them in a collection."""

    fact_id: str
    kinds: tuple[str, ...]
    search: str
    maybe_renamed_to: str | None = None
    """A new fact with a similar id: perhaps a rename that lacks `renamed_from`."""


@dataclass(frozen=True)
class MovedNotes:
    """Notes whose deck changed since the last build, from one deck to another.

    Anki's import updates these notes in place but never moves their cards: those stay in
    `old_deck`, where `search` finds them once the new deck file is imported.
    """

    old_deck: str
    new_deck: str
    old_file: Path
    """The `.apkg` the notes were in; another file than `new_file` when they changed
    top-level deck (the GUIDs stay, so importing `new_file` still updates them)."""
    new_file: Path
    fact_ids: tuple[str, ...]
    notes: int
    search: str


@dataclass(frozen=True)
class DeckReport:
    """Notes new, changed, unchanged and removed in one deck since the last build.

    `moved` are the notes now in this deck that were in another one (they also count as
    changed); `moved_out` those that were in this deck and now are in another top-level
    deck, so another file.
    """

    name: str
    file: Path
    status: DeckStatus
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: tuple[RemovedFact, ...] = ()
    moved: tuple[MovedNotes, ...] = ()
    moved_out: tuple[MovedNotes, ...] = ()

    @property
    def removed_notes(self) -> int:
        """Return how many notes left the deck."""
        return sum(len(fact.kinds) for fact in self.removed)

    @property
    def moved_out_notes(self) -> int:
        """Return how many notes went to another top-level deck."""
        return sum(group.notes for group in self.moved_out)


@dataclass(frozen=True)
class BuildReport:
    """What a build did (or, dry, would do) in the deck folder."""

    out_dir: Path
    decks: tuple[DeckReport, ...]
    dry_run: bool
    lock_file_changed: bool
    stale_files_removed: tuple[Path, ...] = ()
    parsed: bool = True

    @property
    def files_changed(self) -> bool:
        """Return whether any deck file or the lock file was (or would be) written."""
        return self.lock_file_changed or any(
            deck.status is not DeckStatus.UP_TO_DATE for deck in self.decks
        )


@dataclass(frozen=True)
class CheckReport:
    """How the deck folder differs from what a build would write; empty when it matches."""

    out_dir: Path
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """Return whether the folder is exactly what a build would write."""
        return not self.problems


ProgressCallback = Callable[[str, int, int], None]
"""Called as a build goes with what it is doing, the steps done and the steps in this phase."""


@dataclass
class _Plan:
    """Everything a build would write, computed before anything is written."""

    reports: list[DeckReport] = field(default_factory=list)
    writes: dict[Path, bytes] = field(default_factory=dict)
    deletes: list[Path] = field(default_factory=list)
    lock_bytes: bytes = b""
    previous_lock_bytes: bytes | None = None
    parsed: bool = False
    cache: _Cache | None = None
    """What to write to `CACHE_NAME`, or None to leave it as it is."""

    @property
    def lock_changed(self) -> bool:
        """Return whether the lock file must be (re)written."""
        return self.previous_lock_bytes != self.lock_bytes


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.resolve().relative_to(root.resolve()).as_posix()


def _input_digests(facts_dir: Path, templates: Path | None) -> dict[str, str]:
    """Return a digest of everything a build reads: fact files, sources, templates, note types.

    Cheap on purpose (no YAML, no template engine), so a build with nothing to do is quick.
    """
    from importlib import resources

    from quizgen.factfiles.layout import SOURCES_FILE, TEMPLATES_FILE, fact_files

    digests = {}
    for path in [*fact_files(facts_dir), facts_dir / SOURCES_FILE]:
        digest = sha256_file(path)
        if digest is not None:
            digests[_relative(path, facts_dir)] = digest
    shipped = resources.files("quizgen.cards") / "default_templates.yaml"
    layers = [hashlib.sha256(shipped.read_bytes()).hexdigest()]
    for layer in (facts_dir / TEMPLATES_FILE, templates):
        if layer is not None:
            layers.append(sha256_file(layer) or "absent")
    digests[TEMPLATES_KEY] = hashlib.sha256(" ".join(layers).encode()).hexdigest()
    digests[NOTE_TYPES_KEY] = note_types_fingerprint()
    return digests


def code_fingerprint() -> str:
    """Digest quizgen's own modules: new card wording code must not look like "no change"."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for module in sorted(package.glob("*.py")):
        digest.update(module.name.encode() + b"\x00" + module.read_bytes())
    return digest.hexdigest()


class _LockSummary(NamedTuple):
    """What a build with nothing to do needs of the lock file, beside the digest of its bytes:
    checking the digest is much quicker than reading tens of thousands of notes."""

    sha256: str
    inputs: dict[str, str]
    decks: dict[str, tuple[str, str, int]]
    """Per deck: its file, the digest of the file's contents, and how many notes it has."""

    @classmethod
    def of(cls, lock: LockFile, lock_bytes: bytes) -> _LockSummary:
        return cls(
            hashlib.sha256(lock_bytes).hexdigest(),
            dict(lock.inputs),
            {
                name: (record.file, record.content_sha256, len(record.notes))
                for name, record in lock.decks.items()
            },
        )


@dataclass
class _Cache:
    """What `CACHE_NAME` holds: per deck, (inputs digest, lock record digest); per deck file,
    (SHA-256 of its bytes, digest of its contents); and a summary of the lock file."""

    decks: dict[str, tuple[str, str]] = field(default_factory=dict)
    files: dict[str, tuple[str, str]] = field(default_factory=dict)
    lock: _LockSummary | None = None

    @classmethod
    def read(cls, out_dir: Path) -> _Cache:
        """Read the deck folder's cache; anything unreadable reads as an empty cache."""
        try:
            document = json.loads((out_dir / CACHE_NAME).read_bytes())
            lock = document.get("lock")
            return cls(
                decks={str(k): (str(a), str(b)) for k, (a, b) in document["decks"].items()},
                files={str(k): (str(a), str(b)) for k, (a, b) in document["files"].items()},
                lock=None
                if lock is None
                else _LockSummary(
                    str(lock["sha256"]),
                    {str(k): str(v) for k, v in lock["inputs"].items()},
                    {
                        str(k): (str(file), str(content), int(notes))
                        for k, (file, content, notes) in lock["decks"].items()
                    },
                ),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls()

    def to_bytes(self) -> bytes:
        """Serialise the cache as JSON, the same way every time."""
        document: dict[str, object] = {
            "decks": {name: list(entry) for name, entry in sorted(self.decks.items())},
            "files": {name: list(entry) for name, entry in sorted(self.files.items())},
        }
        if self.lock is not None:
            document["lock"] = {
                "sha256": self.lock.sha256,
                "inputs": dict(sorted(self.lock.inputs.items())),
                "decks": {name: list(entry) for name, entry in sorted(self.lock.decks.items())},
            }
        return (json.dumps(document, indent=1) + "\n").encode()


class _DeckFiles:
    """Tell whether deck files hold given contents, remembering what each file's bytes hold."""

    def __init__(self, out_dir: Path, known: Mapping[str, tuple[str, str]]) -> None:
        self.out_dir = out_dir
        self.known = dict(known)

    def holds(self, file_name: str, content_sha256: str) -> bool:
        """Return whether the file exists and its contents have this digest."""
        data = _read_or_none(self.out_dir / file_name)
        if data is None:
            return False
        sha256 = hashlib.sha256(data).hexdigest()
        known = self.known.get(file_name)
        if known is None or known[0] != sha256:
            contents = package_digest(data)
            if contents is None:
                return False
            known = self.known[file_name] = (sha256, contents)
        return known[1] == content_sha256

    def written(self, file_name: str, data: bytes, content_sha256: str) -> None:
        """Remember what a file about to be written holds."""
        self.known[file_name] = (hashlib.sha256(data).hexdigest(), content_sha256)


def _removed_facts(
    keys: Sequence[str], remaining: set[str], new_facts: Sequence[str] = ()
) -> tuple[RemovedFact, ...]:
    """Group removed note keys (`fact-id/kind`) by fact, with a search for each.

    A wholly removed fact whose id resembles a wholly new one is flagged as a likely rename.
    """
    by_fact: dict[str, list[str]] = {}
    for key in sorted(keys):
        fact_id, _, kind = key.partition("/")
        by_fact.setdefault(fact_id, []).append(kind)
    removed = []
    for fact_id, kinds in by_fact.items():
        search = f'"FactId:{fact_id}"'
        renamed_to = None
        if fact_id in remaining:
            search += " (" + " OR ".join(f'"Kind:{kind}"' for kind in kinds) + ")"
        else:
            renamed_to = closest(fact_id, new_facts)
        removed.append(RemovedFact(fact_id, tuple(kinds), search, renamed_to))
    return tuple(removed)


class _KnownNote(NamedTuple):
    """A note of a deck not rendered again, as the lock file remembers it."""

    key: str
    guid: str
    fact_id: str
    content_hash: str
    deck: str | None


def anki_deck_search(name: str) -> str:
    """Return an Anki search term for the cards in the deck `name` (and its subdecks).

    Quoted, so spaces and brackets stay in it; backslash, double quote and Anki's
    wildcards `*` and `_` are escaped, so only the deck of exactly that name matches.
    """
    escaped = re.sub(r'([\\"*_])', r"\\\1", name)
    return f'"deck:{escaped}"'


class _Move(NamedTuple):
    """Notes moved from one deck to another, with the top-level decks they left and joined."""

    old_top: str
    new_top: str
    notes: MovedNotes


def _moved_notes(
    deck_notes: Mapping[str, Sequence[_Note]],
    previous: Mapping[str, tuple[str, str, NoteRecord]],
    old_files: Mapping[str, Path],
    new_files: Mapping[str, Path],
) -> list[_Move]:
    """Group the notes whose deck is not the one the lock file recorded, by (old, new) deck.

    `previous` maps GUIDs to the lock file's top-level deck, key and record; `old_files` and
    `new_files` the previous and current top-level decks to their `.apkg`. A lock file
    written before decks were recorded still tells a note's top-level deck: a note that
    left it counts as moved from there; one that stayed in it cannot be told moved. Anki
    compares deck names without regard to case, so a change of case is no move.
    """
    tops: dict[tuple[str, str], tuple[str, str]] = {}
    facts: dict[tuple[str, str], dict[str, None]] = {}  # the fact ids, in order, once each
    counts: dict[tuple[str, str], int] = {}
    for new_top, notes in deck_notes.items():
        for note in notes:
            found = previous.get(note.guid)
            if found is None or note.deck is None:
                continue
            old_top, _, record = found
            if record.deck is None and old_top == new_top:
                continue
            old_deck = old_top if record.deck is None else record.deck
            if old_deck.casefold() == note.deck.casefold():
                continue
            pair = (old_deck, note.deck)
            tops.setdefault(pair, (old_top, new_top))
            facts.setdefault(pair, {})[note.fact_id] = None
            counts[pair] = counts.get(pair, 0) + 1
    moves = []
    for pair, (old_top, new_top) in tops.items():
        terms = [f'"FactId:{fact_id}"' for fact_id in facts[pair]]
        which = terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")"
        moved = MovedNotes(
            *pair,
            old_files[old_top],
            new_files[new_top],
            tuple(facts[pair]),
            counts[pair],
            f"{anki_deck_search(pair[0])} {which}",
        )
        moves.append(_Move(old_top, new_top, moved))
    return moves


_Note = PackagedNote | _KnownNote


def _deck_digest(
    file_name: str,
    records: Iterable[NoteRecord],
    type_records: Mapping[int, NoteRecord],
) -> str:
    """Digest everything a deck's `.apkg` bytes depend on, to skip packaging it again.

    `records` are the deck's notes as the lock file keeps them, in the deck's order.
    """
    digest = hashlib.sha256(f"{FORMAT}\x00{file_name}".encode())
    for model_id in sorted(type_records):
        record = type_records[model_id]
        digest.update(f"\x00{model_id}:{record.content_hash}:{record.mod}".encode())
    for note in records:
        digest.update(f"\x00{note.content_hash}:{note.note_id}:{note.mod}".encode())
    return digest.hexdigest()


class _Stamper:
    """Give each note its id and time: kept while its content stays, moved when it changes."""

    def __init__(self, lock: LockFile, now: int) -> None:
        self.previous = lock.note_by_guid()
        self.now = now
        self.next_id = max(now * 1000, lock.max_note_id() + 1)

    @classmethod
    def continuing(cls, other: _Stamper, next_id: int) -> _Stamper:
        """Return a stamper like `other` whose next new note gets the id `next_id`."""
        stamper = copy.copy(other)
        stamper.next_id = next_id
        return stamper

    def stamp(self, guid: str, content_hash: str) -> tuple[str, NoteStamp]:
        """Return whether the note is new, changed or unchanged, and its stamp."""
        found = self.previous.get(guid)
        if found is None:
            stamp = NoteStamp(self.next_id, self.now)
            self.next_id += 1
            return "new", stamp
        record = found[2]
        if record.content_hash == content_hash:
            return "unchanged", NoteStamp(record.note_id, record.mod)
        return "changed", NoteStamp(record.note_id, next_mod(record.mod, self.now))


class _Packaged(NamedTuple):
    """One deck's notes stamped and, when anything in them changed, packaged again."""

    counts: dict[str, int]
    records: dict[str, NoteRecord]
    digest: str
    content_sha256: str
    data: bytes | None
    """The deck file to write, or None when the one on disk is already right."""
    notes_json: str | None = None
    """The notes as the lock file writes them (`deck_notes_json`), when already written."""


@dataclass(frozen=True)
class _Packer:
    """Stamp and package decks against the previous lock file."""

    lock: LockFile
    type_records: Mapping[int, NoteRecord]
    files: _DeckFiles
    file_names: Mapping[str, str]
    force: bool

    def package(self, name: str, notes: Sequence[PackagedNote], stamper: _Stamper) -> _Packaged:
        """Stamp a deck's notes; package them unless its digest and file are as recorded."""
        counts = {"new": 0, "changed": 0, "unchanged": 0}
        stamps: dict[str, NoteStamp] = {}
        records: dict[str, NoteRecord] = {}
        for note in notes:
            content_hash = note.content_hash
            state, stamp = stamper.stamp(note.guid, content_hash)
            counts[state] += 1
            stamps[note.guid] = stamp
            records[note.key] = NoteRecord(
                note.guid, content_hash, stamp.note_id, stamp.mod, note.deck
            )
        file_name = self.file_names[name]
        digest = _deck_digest(file_name, records.values(), self.type_records)
        # Written here, the lock file's lines for a deck packaged in the other process are
        # written there too.
        notes_json = deck_notes_json(records)
        old_record = self.lock.decks.get(name)
        if (
            not self.force
            and old_record is not None
            and old_record.digest == digest
            and self.files.holds(old_record.file, old_record.content_sha256)
        ):
            return _Packaged(counts, records, digest, old_record.content_sha256, None, notes_json)
        type_mods = {model_id: record.mod for model_id, record in self.type_records.items()}
        data, content_sha256 = package_apkg(notes, stamps, type_mods)
        if self.files.holds(file_name, content_sha256):
            return _Packaged(counts, records, digest, content_sha256, None, notes_json)
        return _Packaged(counts, records, digest, content_sha256, data, notes_json)


def _note_type_records(lock: LockFile, now: int) -> dict[int, NoteRecord]:
    """Return each note type's digest and time; the time moves when its design changes."""
    records = {}
    for model_id, digest in note_type_hashes().items():
        old = lock.note_types.get(model_id)
        if old is not None and old.content_hash == digest:
            records[model_id] = old
        else:
            mod = next_mod(old.mod if old else None, now)
            records[model_id] = NoteRecord(str(model_id), digest, model_id, mod)
    return records


def _report_order(report: DeckReport) -> tuple[bool, str]:
    """Order decks by name, deleted ones last, however the build found them."""
    return report.status in (DeckStatus.DELETED, DeckStatus.WOULD_DELETE), report.name


def _up_to_date_plan(
    summary: _LockSummary, out_dir: Path, deck: str | None, lock_bytes: bytes, cache: _Cache
) -> _Plan:
    """Report every deck as up to date and plan to write nothing but the cache."""
    plan = _Plan(lock_bytes=lock_bytes, previous_lock_bytes=lock_bytes, parsed=False, cache=cache)
    for name, (file, _, notes) in summary.decks.items():
        if deck is None or name == deck:
            plan.reports.append(
                DeckReport(name, out_dir / file, DeckStatus.UP_TO_DATE, unchanged=notes)
            )
    plan.reports.sort(key=_report_order)
    return plan


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (or the function it decorates).

    A build makes about a hundred objects per fact and frees few of them until it ends, and
    none in cycles: each collection would scan them all for nothing. When it ends, they are
    freed by their reference counts, before the collector runs again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _plan(
    facts_dir: Path,
    out_dir: Path,
    *,
    deck: str | None,
    force: bool,
    templates: Path | None,
    now: int,
    dry_run: bool,
    progress: ProgressCallback | None = None,
) -> _Plan:
    """Work out every file a build writes or deletes, and the report, writing nothing."""
    previous_lock_bytes = _read_or_none(out_dir / LOCK_FILE_NAME)
    inputs = _input_digests(facts_dir, templates)
    # --force trusts nothing remembered: every deck file is unzipped and checked.
    cache = _Cache() if force else _Cache.read(out_dir)
    files = _DeckFiles(out_dir, cache.files)
    code = code_fingerprint()
    same_code = _read_or_none(out_dir / CODE_STAMP_NAME) == code.encode()

    def up_to_date(summary: _LockSummary) -> bool:
        """Return whether nothing the build reads has changed and every deck file is as
        written."""
        return (
            not force
            and bool(summary.decks)
            and same_code
            and inputs == summary.inputs
            and (deck is None or deck in summary.decks)
            and all(files.holds(file, content) for file, content, _ in summary.decks.values())
        )

    def up_to_date_plan(summary: _LockSummary, lock_bytes: bytes) -> _Plan:
        current = {file for file, _, _ in summary.decks.values()}
        cache.files = {name: files.known[name] for name in current if name in files.known}
        cache.lock = summary
        return _up_to_date_plan(summary, out_dir, deck, lock_bytes, cache)

    # The lock file the cache summarises, byte for byte: no need to read its notes.
    summary = cache.lock
    if (
        previous_lock_bytes is not None
        and summary is not None
        and hashlib.sha256(previous_lock_bytes).hexdigest() == summary.sha256
        and up_to_date(summary)
    ):
        return up_to_date_plan(summary, previous_lock_bytes)
    lock = (
        LockFile()
        if previous_lock_bytes is None
        else LockFile.from_bytes(previous_lock_bytes, out_dir / LOCK_FILE_NAME)
    )
    # An older lock file, without the notes' decks, is written again with them.
    if previous_lock_bytes is not None and lock.knows_decks():
        summary = _LockSummary.of(lock, previous_lock_bytes)
        if up_to_date(summary):
            return up_to_date_plan(summary, previous_lock_bytes)

    def on_disk(record: DeckRecord) -> bool:
        return files.holds(record.file, record.content_sha256)

    from quizgen.factfiles.loader import check_paths
    from quizgen.cards.templates import load_templates

    loaded_templates = load_templates(facts_dir, templates)
    loaded = check_paths([facts_dir])
    fact_base = loaded.base
    top_decks = list(fact_base.top_decks())
    file_names = deck_file_names(top_decks)
    type_records = _note_type_records(lock, now)
    facts_by_deck: dict[str, list[AnyFact]] = {name: [] for name in top_decks}
    for fact in fact_base:
        facts_by_deck[fact.top_deck].append(fact)

    # Every fact is loaded (an edit anywhere can make the base invalid), but a deck whose
    # inputs are those its notes in the lock file were made from is not rendered again:
    # neither its files, nor the templates, sources or code, nor the date facts elsewhere
    # that its reverse cards must be told apart from have changed since.
    reused: dict[str, list[_KnownNote]] = {}
    digested: dict[str, str] = {}

    from quizgen.cards.render import DateIndex

    # One index of the date facts: what rendering works out with it, digesting need not.
    dates = DateIndex(fact_base)

    def digest_decks(names: Collection[str] | None = None) -> dict[str, str]:
        return _deck_input_digests(facts_dir, loaded, inputs, code, dates, names)

    if (
        not force
        and same_code
        and type_records == lock.note_types
        and any(name in cache.decks for name in lock.decks)
    ):
        digested.update(digest_decks())
        for name in top_decks:
            old_record = lock.decks.get(name)
            if (
                old_record is not None
                and name in digested
                and cache.decks.get(name) == (digested[name], old_record.digest)
                and old_record.file == file_names[name]
            ):
                from_lock = _notes_from_lock(facts_by_deck[name], old_record)
                if (
                    from_lock is not None
                    # The record's notes are the ones its digest was made from (not a lock
                    # file merged by hand), and its file is the one it describes.
                    and _deck_digest(
                        old_record.file,
                        (old_record.notes[note.key] for note in from_lock),
                        type_records,
                    )
                    == old_record.digest
                    and on_disk(old_record)
                ):
                    reused[name] = from_lock

    if deck is not None and deck not in top_decks and deck not in lock.decks:
        unknown_deck: str | None = deck
    else:
        unknown_deck = None
    packer = _Packer(lock, type_records, files, file_names, force)
    stamper = _Stamper(lock, now)
    rendering = [name for name in top_decks if name not in reused]
    outcome = None
    if deck is None and unknown_deck is None:
        # With nothing to reuse, the decks' digests are only written down: they can be
        # made while the other process renders.
        outcome = _render_and_package_in_two(
            fact_base,
            loaded_templates,
            dates,
            facts_by_deck,
            rendering,
            packer,
            stamper,
            digest=None if digested else digest_decks,
        )
    local: dict[str, list[PackagedNote]] = {}
    if outcome is None:
        local = _render(
            fact_base,
            loaded_templates,
            dates,
            [fact for name in rendering for fact in facts_by_deck[name]],
        )
        rendered: dict[str, Sequence[_Note]] = dict(local)
        packaged: dict[str, _Packaged] = {}
    else:
        rendered, packaged = outcome.notes, outcome.packaged
        digested.update(outcome.digests)
    if not digested:
        digested.update(digest_decks())
    if unknown_deck is not None:
        known = ", ".join(f"'{name}'" for name in sorted(top_decks)) or "none"
        raise BuildError(f"no deck named '{unknown_deck}'; the decks are: {known}")
    deck_notes: dict[str, Sequence[_Note]] = {
        name: rendered[name] if name in rendered else reused[name] for name in top_decks
    }

    guid_owner: dict[str, str] = {}
    clashes = []
    for notes in deck_notes.values():
        for note in notes:
            owner = guid_owner.setdefault(note.guid, note.key)
            if owner != note.key:
                clashes.append(f"{owner} and {note.key}")
    if clashes:
        raise BuildError(
            "two cards would be the same Anki note (check `renamed_from`): " + "; ".join(clashes)
        )
    remaining_facts = {fact.id for fact in fact_base}
    known_guids = stamper.previous
    seen_before = {
        note.fact_id for notes in deck_notes.values() for note in notes if note.guid in known_guids
    }
    new_facts = sorted(remaining_facts - seen_before)
    # A deck whose notes came from the lock file has them where they were.
    moves = _moved_notes(
        {name: notes for name, notes in deck_notes.items() if name not in reused},
        known_guids,
        {name: out_dir / record.file for name, record in lock.decks.items()},
        {name: out_dir / file_names[name] for name in top_decks},
    )

    deck_records = dict(lock.decks)
    notes_json: dict[str, str] = {}
    plan = _Plan(parsed=True, previous_lock_bytes=previous_lock_bytes)
    selected = [name for name in top_decks if deck is None or name == deck]
    for index, name in enumerate(selected):
        if progress is not None:
            progress(f"packaging {name}", index, len(selected))
        path = out_dir / file_names[name]
        old_record = lock.decks.get(name)
        done = packaged.get(name)
        if done is None and name in reused and old_record is not None:
            # Its notes are the recorded ones, stamps and all; its file was checked.
            counts = {"new": 0, "changed": 0, "unchanged": len(old_record.notes)}
            done = _Packaged(
                counts,
                dict(old_record.notes),
                old_record.digest,
                old_record.content_sha256,
                None,
            )
        elif done is None:
            done = packer.package(name, local[name], stamper)
        if done.data is None:
            status = DeckStatus.UP_TO_DATE
        else:
            plan.writes[path] = done.data
            files.written(file_names[name], done.data, done.content_sha256)
            status = DeckStatus.WOULD_WRITE if dry_run else DeckStatus.WRITTEN
        removed_keys = [
            key
            for key, record in (old_record.notes.items() if old_record else ())
            if record.guid not in guid_owner
        ]
        if old_record is not None and old_record.file != file_names[name]:
            plan.deletes.append(out_dir / old_record.file)
        plan.reports.append(
            DeckReport(
                name,
                path,
                status,
                removed=_removed_facts(removed_keys, remaining_facts, new_facts),
                moved=tuple(move.notes for move in moves if move.new_top == name),
                moved_out=_moved_out(moves, name),
                **done.counts,
            )
        )
        deck_records[name] = DeckRecord(
            file_names[name], done.content_sha256, done.digest, done.records
        )
        if done.notes_json is not None:
            notes_json[name] = done.notes_json

    for name, old_record in lock.decks.items():
        if name in top_decks or (deck is not None and name != deck):
            continue
        path = out_dir / old_record.file
        removed_keys = [
            key for key, record in old_record.notes.items() if record.guid not in guid_owner
        ]
        del deck_records[name]
        if path.exists() or path.is_symlink():
            plan.deletes.append(path)
        plan.reports.append(
            DeckReport(
                name,
                path,
                DeckStatus.WOULD_DELETE if dry_run else DeckStatus.DELETED,
                removed=_removed_facts(removed_keys, remaining_facts, new_facts),
                moved_out=_moved_out(moves, name),
            )
        )
    plan.reports.sort(key=_report_order)
    current_files = {out_dir / file for file in file_names.values()}
    plan.deletes = [path for path in plan.deletes if path not in current_files]

    # With --deck the other decks may be stale, so the next build must not skip them.
    new_inputs = inputs if deck is None else dict(lock.inputs)
    new_lock = LockFile(decks=deck_records, note_types=type_records, inputs=new_inputs)
    plan.lock_bytes = new_lock.to_bytes(written=notes_json)
    # Decks not selected keep their records, so they keep what those were made from.
    plan.cache = _Cache(
        decks={
            name: entry
            for name, entry in cache.decks.items()
            if name in deck_records and name not in selected
        },
        files={
            record.file: files.known[record.file]
            for record in deck_records.values()
            if record.file in files.known
        },
    )
    for name in selected:
        if name in digested:
            plan.cache.decks[name] = (digested[name], deck_records[name].digest)
    if deck_records:  # a build of no decks has nothing to skip next time
        plan.cache.lock = _LockSummary.of(new_lock, plan.lock_bytes)
    return plan


def _moved_out(moves: Iterable[_Move], name: str) -> tuple[MovedNotes, ...]:
    """Return the notes that left the top-level deck `name` for another one."""
    return tuple(move.notes for move in moves if move.old_top == name != move.new_top)


def _deck_input_digests(
    facts_dir: Path,
    loaded: LoadResult,
    inputs: Mapping[str, str],
    code: str,
    dates: DateIndex,
    decks: Collection[str] | None = None,
) -> dict[str, str]:
    """Digest, per top-level deck, everything that the deck's notes are made from.

    That is quizgen's code, the templates, the note types, the sources, the deck's fact
    files (their paths, digests and order) and the `context` of each of its date facts,
    which is all that a card takes from other facts (`date_contexts`). A deck with a fact
    from a file not in `inputs` (written during the build) gets no digest, so it is always
    rendered. With `decks`, digest only those.
    """
    from quizgen.cards.render import date_contexts
    from quizgen.factfiles.layout import SOURCES_FILE
    from quizgen.factfiles.files import display_path

    file_keys = {display_path(path): _relative(path, facts_dir) for path in loaded.files}
    shared = json.dumps(
        [
            FORMAT,
            code,
            inputs.get(TEMPLATES_KEY),
            inputs.get(NOTE_TYPES_KEY),
            inputs.get(SOURCES_FILE),
        ]
    ).encode()
    facts = [fact for fact in loaded.base if decks is None or fact.top_deck in decks]
    contexts = date_contexts(
        loaded.base, only=None if decks is None else {f.id for f in facts}, dates=dates
    )
    digests: dict[str, hashlib._Hash] = {}
    last_file: dict[str, str] = {}
    unknown: set[str] = set()
    for fact in facts:
        deck = fact.top_deck
        digest = digests.get(deck)
        if digest is None:
            digest = digests[deck] = hashlib.sha256(shared)
        file_key = file_keys.get(fact.location.path)
        if file_key is None or file_key not in inputs:
            unknown.add(deck)
            continue
        if last_file.get(deck) != file_key:
            last_file[deck] = file_key
            digest.update(json.dumps(["file", file_key, inputs[file_key]]).encode())
        if contexts.get(fact.id) is not None:
            digest.update(json.dumps(["context", fact.id, contexts[fact.id]]).encode())
    return {deck: digest.hexdigest() for deck, digest in digests.items() if deck not in unknown}


def _notes_from_lock(facts: Sequence[AnyFact], record: DeckRecord) -> list[_KnownNote] | None:
    """Return the notes of a deck of `facts` as `record` has them, in card order.

    None when the record's notes are not exactly the cards the facts make, or come from a
    lock file that did not record their decks.
    """
    from quizgen.cards.render import kinds_in_order

    notes = []
    for fact in facts:
        for kind in kinds_in_order(fact):
            key = f"{fact.id}/{kind.value}"
            note = record.notes.get(key)
            if note is None or note.deck is None:
                return None
            notes.append(_KnownNote(key, note.guid, fact.id, note.content_hash, note.deck))
    return notes if len(notes) == len(record.notes) else None


def _render(
    fact_base: FactBase,
    templates: Templates,
    dates: DateIndex,
    facts: Sequence[AnyFact],
) -> dict[str, list[PackagedNote]]:
    """Render the cards of `facts` and package them as notes, by top-level deck."""
    from quizgen.cards.render import back_extras, generate_cards

    wanted = {fact.id for fact in facts}
    cards = generate_cards(fact_base, templates, only=wanted, dates=dates)
    notes: dict[str, list[PackagedNote]] = {}
    for _, group in itertools.groupby(cards, key=lambda card: card.fact.id):
        fact_cards = list(group)
        fact = fact_cards[0].fact
        notes.setdefault(fact.top_deck, []).extend(
            make_notes(fact_cards, back_extras(fact, fact_base), note_tags(fact))
        )
    return notes


PARALLEL_MIN_CARDS = 1000
"""Fewer cards to render than this are rendered in one process: forking would cost more."""

PACKAGE_COST = 0.55
"""What packaging a card costs when rendering one costs 1 (measured on 10,000 facts)."""

SEND_COST = 0.15
"""What sending a rendered card's note to the other process costs when rendering one costs 1."""


def split_work(cards: Sequence[Sequence[int]]) -> tuple[int, int] | None:
    """Choose where a forked child's share of the rendering starts: fact `i` of deck `d`.

    `cards[d][i]` is the number of cards of fact `i` of deck `d`. The parent renders all
    before that point and packages the decks before deck `d`; the child renders the rest and
    packages the decks after it. When `i` is 0 the child packages deck `d` too; otherwise it
    sends the parent the notes of its part of deck `d`, which the parent packages once they
    have come. The point is the one with the least estimated time until both are done.
    None when there is no point that leaves each process some work.
    """
    totals = [sum(deck) for deck in cards]
    total = sum(totals)
    best: tuple[int, int] | None = None
    best_cost = float("inf")
    before = 0  # cards in the decks before deck d
    for d, deck in enumerate(cards):
        after = total - before - totals[d]
        done = 0  # cards of deck d before fact i
        for i, size in enumerate(deck):
            if d or i:  # the parent has something to do
                mine = before + done
                if i == 0:
                    cost = max(mine, total - mine) * (1 + PACKAGE_COST)
                else:
                    parent = mine + PACKAGE_COST * before
                    child = total - mine + PACKAGE_COST * after + SEND_COST * (totals[d] - done)
                    cost = max(parent, child) + PACKAGE_COST * totals[d]
                if cost < best_cost:
                    best, best_cost = (d, i), cost
            done += size
        before += totals[d]
    return best


def _render_and_package_in_two(
    fact_base: FactBase,
    templates: Templates,
    dates: DateIndex,
    facts_by_deck: Mapping[str, Sequence[AnyFact]],
    names: Sequence[str],
    packer: _Packer,
    stamper: _Stamper,
    digest: Callable[[Collection[str]], dict[str, str]] | None = None,
) -> _InTwo | None:
    """Render and package the decks `names` on two cores, the last facts in a forked child.

    Return each deck's notes and packaging, as `_render` then `_Packer.package` deck by
    deck would, or None when there is no second core to use, too little work, or any
    failure: the caller then renders everything itself, so its errors come out in order.
    The work is split by `split_work`, so one large deck is shared too. With `digest`, each
    process also digests the inputs of the decks it packages, once they are rendered (most
    of what a digest needs is then known).
    """
    from quizgen.forked import Forked, can_fork

    decks = [facts_by_deck[name] for name in names]
    cards = [[len(fact.card_kinds) for fact in facts] for facts in decks]
    if sum(map(sum, cards)) < PARALLEL_MIN_CARDS or not can_fork():
        return None
    split = split_work(cards)
    if split is None:
        return None
    d, i = split
    shared = names[d] if i else None  # the deck both render part of: the parent packages it
    mine = [fact for facts in decks[:d] for fact in facts] + list(decks[d][:i])
    theirs = list(decks[d][i:]) + [fact for facts in decks[d + 1 :] for fact in facts]
    my_decks, their_decks = (names[: d + 1], names[d + 1 :]) if i else (names[:d], names[d:])
    # The ids of the notes new in the child's decks follow those new in the parent's.
    first_id = stamper.next_id + _count_new(
        [fact for name in my_decks for fact in facts_by_deck[name]], stamper.previous
    )

    def child_work() -> tuple[dict[str, _SentDeck], list[_NoteRow], dict[str, str]]:
        rendered = _render(fact_base, templates, dates, theirs)
        child_stamper = _Stamper.continuing(stamper, first_id)
        sent = {
            name: _SentDeck.of(packer.package(name, rendered[name], child_stamper))
            for name in their_decks
        }
        part = [] if shared is None else [_note_row(note) for note in rendered[shared]]
        return sent, part, {} if digest is None else digest(their_decks)

    # Stamped on a copy: should this fail, the caller stamps every deck from the start.
    my_stamper = _Stamper.continuing(stamper, stamper.next_id)
    with Forked(child_work) as child:
        try:
            local = _render(fact_base, templates, dates, mine)
            packaged = {name: packer.package(name, local[name], my_stamper) for name in names[:d]}
            digests = {} if digest is None else digest(names[:d])
        except Exception:
            return None
        from_child = child.result()
    if from_child is None:
        return None
    sent_there, part, digested_there = from_child
    if shared is not None:
        try:
            local[shared] += [PackagedNote(*row) for row in part]
            packaged[shared] = packer.package(shared, local[shared], my_stamper)
            digests.update({} if digest is None else digest([shared]))
        except Exception:
            return None
    if my_stamper.next_id != first_id:  # the ids were not as counted
        return None
    notes: dict[str, Sequence[_Note]] = dict(local)
    for name, sent in sent_there.items():
        packaged[name], notes[name] = sent.received()
    stamper.next_id = first_id + sum(packaged[name].counts["new"] for name in sent_there)
    return _InTwo(notes, packaged, {**digests, **digested_there})


_NoteRow = tuple[str, str, str, "CardKind", int, str, tuple[str, ...], tuple[str, ...]]
"""A `PackagedNote` as a plain tuple, which pickles many times quicker."""


def _note_row(note: PackagedNote) -> _NoteRow:
    return (
        note.key,
        note.guid,
        note.fact_id,
        note.kind,
        note.model_id,
        note.deck,
        note.fields,
        note.tags,
    )


class _SentDeck(NamedTuple):
    """A deck packaged in the child process, as it is sent: its notes' records as columns,
    which pickle many times quicker than records one by one."""

    packaged: _Packaged
    """The packaged deck without its records."""
    keys: list[str]
    guids: list[str]
    content_hashes: list[str]
    note_ids: list[int]
    mods: list[int]
    decks: list[str | None]

    @classmethod
    def of(cls, done: _Packaged) -> _SentDeck:
        records = done.records.values()
        return cls(
            done._replace(records={}),
            list(done.records),
            [record.guid for record in records],
            [record.content_hash for record in records],
            [record.note_id for record in records],
            [record.mod for record in records],
            [record.deck for record in records],
        )

    def received(self) -> tuple[_Packaged, list[_KnownNote]]:
        """Return the packaged deck with its records, and its notes."""
        columns = list(
            zip(
                self.keys,
                self.guids,
                self.content_hashes,
                self.note_ids,
                self.mods,
                self.decks,
                strict=True,
            )
        )
        records = {
            key: NoteRecord(guid, content_hash, note_id, mod, deck)
            for key, guid, content_hash, note_id, mod, deck in columns
        }
        notes = [
            _KnownNote(key, guid, key.partition("/")[0], content_hash, deck)
            for key, guid, content_hash, _, _, deck in columns
        ]
        return self.packaged._replace(records=records), notes


class _InTwo(NamedTuple):
    """What rendering and packaging in two processes gives."""

    notes: dict[str, Sequence[_Note]]
    packaged: dict[str, _Packaged]
    digests: dict[str, str]


def _count_new(facts: Sequence[AnyFact], previous: Mapping[str, object]) -> int:
    """Count the notes of `facts` whose GUID is not in `previous`."""
    from quizgen.anki.identity import identity_id, note_guid
    from quizgen.cards.render import kinds_in_order

    kinds = [(fact, kind) for fact in facts for kind in kinds_in_order(fact)]
    if not previous:
        return len(kinds)
    return sum(note_guid(identity_id(fact), kind) not in previous for fact, kind in kinds)


@_gc_paused()
def build(
    facts_dir: Path,
    out_dir: Path,
    *,
    deck: str | None = None,
    force: bool = False,
    dry_run: bool = False,
    templates: Path | None = None,
    now: float | None = None,
    progress: ProgressCallback | None = None,
    on_wait: Callable[[str], None] | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> BuildReport:
    """Build the decks of `facts_dir` into `out_dir` and report what changed.

    When no input changed (fact files, sources, templates, note types: digests in the lock
    file) nothing is parsed; otherwise every fact is loaded, the cards of decks whose inputs
    changed are rendered, and only decks whose notes changed are packaged and written
    (`force` renders and packages all). `deck` limits the build to one
    top-level deck; `dry_run` writes nothing. `now` (seconds since the epoch) is the
    modification time given to notes whose content changed; `progress` and `on_wait` are
    told how the build goes and when it waits for another build.
    Raise `FactError` or `TemplateError` before writing anything when the input is invalid,
    `BuildLockedError` when another build holds the folder past `lock_timeout` seconds, and
    `BuildError` when a file cannot be written (previous files then stay intact).
    """
    facts_dir = Path(facts_dir)
    out_dir = Path(out_dir)
    if not facts_dir.is_dir():
        raise BuildError(f"{facts_dir}: no such facts folder")
    stamp = int(time.time() if now is None else now)
    if dry_run:
        plan = _plan(
            facts_dir,
            out_dir,
            deck=deck,
            force=force,
            templates=templates,
            now=stamp,
            dry_run=True,
            progress=progress,
        )
        return _report(out_dir, plan, dry_run=True, stale=())

    def make_plan() -> _Plan:
        return _plan(
            facts_dir,
            out_dir,
            deck=deck,
            force=force,
            templates=templates,
            now=stamp,
            dry_run=False,
            progress=progress,
        )

    # A new deck folder is created only once the facts are known to be valid.
    early: _Plan | None = None if out_dir.exists() else make_plan()
    ensure_folder(out_dir)
    check_writable(out_dir)
    with folder_lock(out_dir, timeout=lock_timeout, on_wait=on_wait):
        stale = remove_stale_temp_files(out_dir)
        # Plan under the lock unless the early plan still holds (no build came in between).
        unchanged = early is not None and (
            _read_or_none(out_dir / LOCK_FILE_NAME) == early.previous_lock_bytes
        )
        plan = early if early is not None and unchanged else make_plan()
        total = len(plan.writes) + len(plan.deletes)
        done = 0
        for path, data in plan.writes.items():
            if progress is not None:
                progress(f"writing {path.name}", done, total)
            atomic_write(path, data)
            done += 1
        for path in plan.deletes:
            if progress is not None:
                progress(f"deleting {path.name}", done, total)
            atomic_delete(path)
            done += 1
        if progress is not None:
            progress("done", done, total)
        if plan.lock_changed:
            atomic_write(out_dir / LOCK_FILE_NAME, plan.lock_bytes)
        stamp_bytes = code_fingerprint().encode()
        if _read_or_none(out_dir / CODE_STAMP_NAME) != stamp_bytes:
            atomic_write(out_dir / CODE_STAMP_NAME, stamp_bytes)
        if plan.cache is not None and _Cache.read(out_dir) != plan.cache:
            replace_quietly(out_dir / CACHE_NAME, plan.cache.to_bytes())
    return _report(out_dir, plan, dry_run=False, stale=stale)


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise BuildError(f"cannot read {path}: {error.strerror or error}") from error


def _report(out_dir: Path, plan: _Plan, *, dry_run: bool, stale: tuple[Path, ...]) -> BuildReport:
    return BuildReport(
        out_dir=out_dir,
        decks=tuple(plan.reports),
        dry_run=dry_run,
        lock_file_changed=plan.lock_changed,
        stale_files_removed=stale,
        parsed=plan.parsed,
    )


@_gc_paused()
def check_build(facts_dir: Path, out_dir: Path, *, templates: Path | None = None) -> CheckReport:
    """Compare the deck folder with what a full build would write; write nothing.

    Every deck is rendered afresh (no shortcut through the lock file), so a hand-edited or
    stale `.apkg` is caught as well as changed facts.
    """
    facts_dir = Path(facts_dir)
    out_dir = Path(out_dir)
    if not facts_dir.is_dir():
        raise BuildError(f"{facts_dir}: no such facts folder")
    plan = _plan(
        facts_dir,
        out_dir,
        deck=None,
        force=True,
        templates=templates,
        now=int(time.time()),
        dry_run=True,
    )
    problems = []
    for path in sorted(plan.writes):
        state = "missing" if not path.exists() else "out of date"
        problems.append(f"{path}: {state}")
    for path in sorted(plan.deletes):
        problems.append(f"{path}: no longer built from the facts")
    lock_path = out_dir / LOCK_FILE_NAME
    current = _read_or_none(lock_path)
    if plan.lock_changed:
        problems.append(f"{lock_path}: {'missing' if current is None else 'out of date'}")
    return CheckReport(out_dir, tuple(problems))
