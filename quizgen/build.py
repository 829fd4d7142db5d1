"""Build the deck folder: one `.apkg` per top-level deck, plus the lock file.

A build plans everything in memory first (load and validate the facts, render the cards,
package every deck), so invalid facts or templates stop it before any file is touched. Then,
holding the folder lock, it writes each changed deck atomically and the lock file last.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from quizgen.anki_export import (
    NoteStamp,
    PackagedNote,
    deck_file_names,
    make_note,
    note_type_hashes,
    write_apkg,
)
from quizgen.errors import BuildError
from quizgen.fsutil import (
    atomic_delete,
    atomic_write,
    check_writable,
    ensure_folder,
    folder_lock,
    remove_stale_temp_files,
)
from quizgen.lockfile import (
    LOCK_FILE_NAME,
    DeckRecord,
    LockFile,
    NoteRecord,
    next_mod,
    read_lock_file,
    sha256_file,
)
from quizgen.model import AnyFact, Card

SOURCES_FILE = "sources.yaml"
TEMPLATES_KEY = "@templates"
NOTE_TYPES_KEY = "@note-types"

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


@dataclass(frozen=True)
class DeckReport:
    """Notes new, changed, unchanged and removed in one deck since the last build."""

    name: str
    file: Path
    status: DeckStatus
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: tuple[RemovedFact, ...] = ()

    @property
    def removed_notes(self) -> int:
        """Return how many notes left the deck."""
        return sum(len(fact.kinds) for fact in self.removed)


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
    lock: LockFile = field(default_factory=LockFile)
    lock_bytes: bytes = b""
    lock_changed: bool = False
    parsed: bool = False


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def _fact_file(fact: AnyFact, root: Path) -> str:
    path = Path(fact.location.path)
    if not path.is_absolute() and not path.exists() and (root / path).exists():
        path = root / path
    return _relative(path, root)


def _input_digests(facts_dir: Path) -> dict[str, str]:
    """Return the digest of every file a build reads from the facts folder."""
    from quizgen.loader import fact_files

    digests = {}
    paths = [*fact_files(facts_dir), facts_dir / SOURCES_FILE]
    for path in paths:
        digest = sha256_file(path)
        if digest is not None:
            digests[_relative(path, facts_dir)] = digest
    return digests


def _note_types_digest() -> str:
    hashes = note_type_hashes()
    payload = "\n".join(f"{model_id}:{hashes[model_id]}" for model_id in sorted(hashes))
    return hashlib.sha256(payload.encode()).hexdigest()


def _removed_facts(
    notes: Mapping[str, NoteRecord], keys: Sequence[str], remaining: set[str]
) -> tuple[RemovedFact, ...]:
    """Group removed note keys (`fact-id/kind`) by fact, with a search for each."""
    by_fact: dict[str, list[str]] = {}
    for key in sorted(keys):
        fact_id, _, kind = key.partition("/")
        by_fact.setdefault(fact_id, []).append(kind)
    removed = []
    for fact_id, kinds in by_fact.items():
        search = f'"FactId:{fact_id}"'
        if fact_id in remaining:
            search += " (" + " OR ".join(f'"Kind:{kind}"' for kind in kinds) + ")"
        removed.append(RemovedFact(fact_id, tuple(kinds), search))
    return tuple(removed)


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
    from quizgen.templating import load_templates

    lock = read_lock_file(out_dir)
    loaded_templates = load_templates(facts_dir, templates)
    inputs = _input_digests(facts_dir)
    shared_inputs = {
        TEMPLATES_KEY: loaded_templates.digest,
        NOTE_TYPES_KEY: _note_types_digest(),
    }
    if SOURCES_FILE in inputs:
        shared_inputs[SOURCES_FILE] = inputs[SOURCES_FILE]
    all_inputs = {**inputs, **shared_inputs}

    def on_disk(record: DeckRecord) -> bool:
        return sha256_file(out_dir / record.file) == record.apkg_sha256

    plan = _Plan()
    if (
        not force
        and lock.decks
        and all_inputs == dict(lock.inputs)
        and (deck is None or deck in lock.decks)
        and all(on_disk(record) for record in lock.decks.values())
    ):
        # Nothing the build reads has changed and every deck file is as written: no parse.
        for name, record in sorted(lock.decks.items()):
            if deck is None or name == deck:
                plan.reports.append(
                    DeckReport(
                        name,
                        out_dir / record.file,
                        DeckStatus.UP_TO_DATE,
                        unchanged=len(record.notes),
                    )
                )
        plan.lock = lock
        plan.lock_bytes = lock.to_bytes()
        plan.lock_changed = _read_or_none(out_dir / LOCK_FILE_NAME) != plan.lock_bytes
        return plan

    from quizgen.cards import back_extras, generate_cards
    from quizgen.loader import load_fact_base

    fact_base = load_fact_base(facts_dir)
    cards = generate_cards(fact_base, loaded_templates)
    plan.parsed = True

    top_decks = list(fact_base.top_decks())
    if deck is not None and deck not in top_decks and deck not in lock.decks:
        known = ", ".join(f"'{name}'" for name in sorted(top_decks)) or "none"
        raise BuildError(f"no deck named '{deck}'; the decks are: {known}")
    file_names = deck_file_names(top_decks)

    cards_by_deck: dict[str, list[Card]] = {name: [] for name in top_decks}
    for card in cards:
        cards_by_deck[card.fact.top_deck].append(card)

    files_by_deck: dict[str, dict[str, str]] = {name: {} for name in top_decks}
    for fact in fact_base:
        relative = _fact_file(fact, facts_dir)
        files_by_deck[fact.top_deck][relative] = inputs.get(relative, "")

    extras = {fact.id: back_extras(fact, fact_base) for fact in fact_base}
    packaged: dict[str, list[PackagedNote]] = {
        name: [make_note(card, extras[card.fact.id]) for card in cards_by_deck[name]]
        for name in top_decks
    }
    guid_owner: dict[str, str] = {}
    clashes = []
    for notes in packaged.values():
        for note in notes:
            if note.guid in guid_owner:
                clashes.append(f"{guid_owner[note.guid]} and {note.key}")
            guid_owner.setdefault(note.guid, note.key)
    if clashes:
        raise BuildError(
            "two cards would be the same Anki note (check `renamed_from`): " + "; ".join(clashes)
        )
    remaining_facts = {fact.id for fact in fact_base}

    previous_by_guid = lock.note_by_guid()
    note_type_records = dict(lock.note_types)
    type_mods = {}
    for model_id, digest in note_type_hashes().items():
        old = lock.note_types.get(model_id)
        if old is not None and old.content_hash == digest:
            type_mods[model_id] = old.mod
        else:
            type_mods[model_id] = next_mod(old.mod if old else None, now)
            note_type_records[model_id] = NoteRecord(
                str(model_id), digest, model_id, type_mods[model_id]
            )

    next_id = max(now * 1000, lock.max_note_id() + 1)
    deck_records = dict(lock.decks)
    selected = [name for name in top_decks if deck is None or name == deck]
    for index, name in enumerate(selected):
        if progress is not None:
            progress(f"packaging {name}", index, len(selected))
        path = out_dir / file_names[name]
        deck_inputs = {**files_by_deck[name], **shared_inputs}
        old_record = lock.decks.get(name)
        notes = packaged[name]
        if (
            not force
            and old_record is not None
            and old_record.file == file_names[name]
            and dict(old_record.inputs) == deck_inputs
            and on_disk(old_record)
        ):
            plan.reports.append(
                DeckReport(name, path, DeckStatus.UP_TO_DATE, unchanged=len(old_record.notes))
            )
            continue
        counts = {"new": 0, "changed": 0, "unchanged": 0}
        stamps: dict[str, NoteStamp] = {}
        records: dict[str, NoteRecord] = {}
        for note in notes:
            previous = previous_by_guid.get(note.guid)
            if previous is None:
                counts["new"] += 1
                stamp = NoteStamp(next_id, now)
                next_id += 1
            elif previous[2].content_hash == note.content_hash:
                counts["unchanged"] += 1
                stamp = NoteStamp(previous[2].note_id, previous[2].mod)
            else:
                counts["changed"] += 1
                stamp = NoteStamp(previous[2].note_id, next_mod(previous[2].mod, now))
            stamps[note.guid] = stamp
            records[note.key] = NoteRecord(note.guid, note.content_hash, stamp.note_id, stamp.mod)
        removed_keys = [
            key
            for key, record in (old_record.notes.items() if old_record else ())
            if record.guid not in guid_owner
        ]
        data = write_apkg(notes, stamps, type_mods)
        digest = hashlib.sha256(data).hexdigest()
        unchanged_file = sha256_file(path) == digest
        if not unchanged_file:
            plan.writes[path] = data
        if old_record is not None and old_record.file != file_names[name]:
            plan.deletes.append(out_dir / old_record.file)
        status = (
            DeckStatus.UP_TO_DATE
            if unchanged_file
            else DeckStatus.WOULD_WRITE
            if dry_run
            else DeckStatus.WRITTEN
        )
        plan.reports.append(
            DeckReport(
                name,
                path,
                status,
                removed=_removed_facts(
                    old_record.notes if old_record else {}, removed_keys, remaining_facts
                ),
                **counts,
            )
        )
        deck_records[name] = DeckRecord(file_names[name], digest, deck_inputs, records)

    for name, old_record in sorted(lock.decks.items()):
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
                removed=_removed_facts(old_record.notes, removed_keys, remaining_facts),
            )
        )
    plan.deletes = [
        path
        for path in plan.deletes
        if path not in plan.writes and all(path != out_dir / file for file in file_names.values())
    ]

    new_inputs = all_inputs if deck is None else dict(lock.inputs)
    plan.lock = LockFile(
        decks=dict(sorted(deck_records.items())),
        note_types=note_type_records,
        inputs=new_inputs,
    )
    plan.lock_bytes = plan.lock.to_bytes()
    plan.lock_changed = _read_or_none(out_dir / LOCK_FILE_NAME) != plan.lock_bytes
    return plan


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

    Only decks whose fact files, sources or templates changed are rebuilt (`force` rebuilds
    all); `deck` limits the build to one top-level deck; `dry_run` writes nothing. `now`
    (seconds since the epoch) is the modification time given to notes whose content changed.
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
    if not out_dir.exists():
        # Check the facts before creating anything, so invalid facts leave no trace.
        _plan(
            facts_dir,
            out_dir,
            deck=deck,
            force=force,
            templates=templates,
            now=stamp,
            dry_run=True,
        )
    ensure_folder(out_dir)
    check_writable(out_dir)
    with folder_lock(out_dir, timeout=lock_timeout, on_wait=on_wait):
        stale = remove_stale_temp_files(out_dir)
        plan = _plan(
            facts_dir,
            out_dir,
            deck=deck,
            force=force,
            templates=templates,
            now=stamp,
            dry_run=False,
            progress=progress,
        )
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
