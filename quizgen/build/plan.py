"""Plan a build: every file it writes or deletes, and its report, before anything is written.

When nothing a build reads has changed and every deck file is the one the lock file describes,
the plan is made from the lock file alone: no fact is parsed. Otherwise every fact is loaded
and checked, every card rendered, and the decks whose notes changed are packaged again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from quizgen.build.digests import DeckFiles, input_digests, inputs_digest, read_regular
from quizgen.build.lockfile import LOCK_FILE_NAME, DeckRecord, LockFile, NoteRecord
from quizgen.build.report import DeckReport, DeckStatus, ProgressCallback, report_order
from quizgen.errors import BuildError, FactError
from quizgen.factfiles.layout import SOURCES_FILE

if TYPE_CHECKING:
    from quizgen.anki.notes import PackagedNote
    from quizgen.model.facts import FactBase


@dataclass
class Plan:
    """Everything a build would write, computed before anything is written."""

    reports: list[DeckReport] = field(default_factory=list)
    writes: dict[Path, bytes] = field(default_factory=dict)
    deletes: list[Path] = field(default_factory=list)
    lock_bytes: bytes = b""
    previous_lock_bytes: bytes | None = None
    facts: FactBase | None = None
    """The facts the plan was made from; None when it was made from the lock file alone."""

    @property
    def parsed(self) -> bool:
        """Return whether the plan parsed the facts."""
        return self.facts is not None

    @property
    def lock_changed(self) -> bool:
        """Return whether the lock file must be (re)written."""
        return self.previous_lock_bytes != self.lock_bytes


class Request(NamedTuple):
    """What a build is asked to do."""

    facts_dir: Path
    out_dir: Path
    deck: str | None
    force: bool
    templates: Path | None
    now: int
    dry_run: bool
    same_code: bool
    """Whether the deck folder was last built by this very quizgen code."""
    adopt: bool = False
    """Build into a deck folder whose lock file another facts folder wrote."""


def _foreign(lock: LockFile, inputs: Mapping[str, str]) -> str | None:
    """Return a fact file of the lock file's when another facts folder wrote it, else None.

    Another facts folder shares none of its fact files with this one; a lock file without
    fact files (or facts without any) tells nothing.
    """
    theirs = sorted(key for key in lock.inputs if key.endswith(".yaml") and key != SOURCES_FILE)
    ours = {key for key in inputs if key.endswith(".yaml") and key != SOURCES_FILE}
    if theirs and ours and ours.isdisjoint(theirs):
        return theirs[0]
    return None


def make_plan(request: Request, progress: ProgressCallback | None = None) -> Plan:
    """Work out every file a build writes or deletes, and the report, writing nothing."""
    out_dir = request.out_dir
    lock_path = out_dir / LOCK_FILE_NAME
    previous_lock_bytes = read_regular(lock_path)
    inputs = input_digests(request.facts_dir, request.templates)
    lock = (
        LockFile()
        if previous_lock_bytes is None
        else LockFile.from_bytes(previous_lock_bytes, lock_path)
    )
    foreign = None if request.adopt else _foreign(lock, inputs)
    if foreign is not None:
        raise BuildError(
            f"{lock_path} was written from another facts folder (with {foreign}, which "
            f"{request.facts_dir} does not have); building here would delete its decks. Use "
            "another --out, or --adopt to build into it anyway"
        )
    files = DeckFiles(out_dir)
    if _up_to_date(request, lock, inputs, files):
        return _up_to_date_plan(request, lock, previous_lock_bytes)
    return _full_plan(request, lock, inputs, files, previous_lock_bytes, progress)


def _up_to_date(
    request: Request, lock: LockFile, inputs: Mapping[str, str], files: DeckFiles
) -> bool:
    """Return whether nothing the build reads has changed and every deck file is the one
    the lock file describes (its bytes, or at least its contents)."""
    if request.force or not request.same_code or not lock.decks or lock.inputs != inputs:
        return False
    if not lock.knows_decks():  # written by an older quizgen: written again
        return False
    if request.deck is not None and request.deck not in lock.decks:
        return False
    built_from = inputs_digest(inputs)
    return all(
        record.built_from == built_from
        and files.holds(record.file, record.sha256, record.content_sha256)
        for record in lock.decks.values()
    )


def _up_to_date_plan(request: Request, lock: LockFile, lock_bytes: bytes | None) -> Plan:
    """Report every deck as up to date and plan to write nothing."""
    plan = Plan(lock_bytes=lock_bytes or b"", previous_lock_bytes=lock_bytes)
    for name, record in lock.decks.items():
        if request.deck is None or name == request.deck:
            plan.reports.append(
                DeckReport(
                    name,
                    request.out_dir / record.file,
                    DeckStatus.UP_TO_DATE,
                    unchanged=len(record.notes),
                )
            )
    plan.reports.sort(key=report_order)
    return plan


def _full_plan(
    request: Request,
    lock: LockFile,
    inputs: Mapping[str, str],
    files: DeckFiles,
    previous_lock_bytes: bytes | None,
    progress: ProgressCallback | None,
) -> Plan:
    """Load every fact, render every card, and package the decks whose notes changed."""
    # Imported here: a build with nothing to do needs none of them.
    from quizgen.build.changes import moved_notes, moved_out, removed_facts, replaced_notes
    from quizgen.build.decknames import deck_files
    from quizgen.build.packaging import Packer, render_notes
    from quizgen.build.stamping import Stamper, note_type_records
    from quizgen.cards.templates import load_templates
    from quizgen.factfiles.loader import load_fact_base

    out_dir, deck, dry_run = request.out_dir, request.deck, request.dry_run
    templates = load_templates(request.facts_dir, request.templates)
    fact_base = load_fact_base(request.facts_dir)
    file_names = deck_files(fact_base)
    top_decks = list(file_names)
    if deck is not None and deck not in file_names and deck not in lock.decks:
        known = ", ".join(f"'{name}'" for name in sorted(top_decks)) or "none"
        raise BuildError(f"no deck named '{deck}'; the decks are: {known}")
    type_records = note_type_records(lock, request.now)
    deck_notes = render_notes(fact_base, templates)
    guid_owner = _guid_owners(deck_notes)

    stamper = Stamper(lock, request.now, out_dir / LOCK_FILE_NAME)
    _check_guids(stamper.previous, guid_owner, out_dir / LOCK_FILE_NAME)
    _check_note_types(stamper.previous, deck_notes, fact_base)
    remaining_facts = {fact.id for fact in fact_base}
    known_ids = remaining_facts | {old for fact in fact_base for old in fact.renamed_from}
    known_guids = stamper.previous
    seen_before = {
        note.fact_id for notes in deck_notes.values() for note in notes if note.guid in known_guids
    }
    new_facts = sorted(remaining_facts - seen_before)
    moves = moved_notes(
        deck_notes,
        known_guids,
        {name: out_dir / record.file for name, record in lock.decks.items()},
        {name: out_dir / file_names[name] for name in top_decks},
    )
    packer = Packer(lock, type_records, files, request.force)
    built_from = inputs_digest(inputs)
    deck_records = dict(lock.decks)
    plan = Plan(previous_lock_bytes=previous_lock_bytes, facts=fact_base)
    selected = [name for name in top_decks if deck is None or name == deck]
    for index, name in enumerate(selected):
        if progress is not None:
            progress(f"packaging {name}", index, len(selected))
        path = out_dir / file_names[name]
        old_record = lock.decks.get(name)
        done = packer.package(name, file_names[name], deck_notes[name], stamper)
        if done.data is None:
            status = DeckStatus.UP_TO_DATE
        else:
            plan.writes[path] = done.data
            status = DeckStatus.WOULD_WRITE if dry_run else DeckStatus.WRITTEN
        removed_keys = _gone(old_record, guid_owner) if old_record else []
        removed_keys, replaced = replaced_notes(name, removed_keys, known_ids)
        if old_record is not None and old_record.file != file_names[name]:
            plan.deletes.append(out_dir / old_record.file)
        plan.reports.append(
            DeckReport(
                name,
                path,
                status,
                removed=removed_facts(removed_keys, remaining_facts, new_facts),
                moved=tuple(move.notes for move in moves if move.new_top == name),
                moved_out=moved_out(moves, name),
                replaced=replaced,
                **done.counts,
            )
        )
        deck_records[name] = DeckRecord(
            file_names[name],
            done.content_sha256,
            done.digest,
            done.records,
            done.sha256,
            built_from,
        )

    for name, old_record in lock.decks.items():
        if name in top_decks or (deck is not None and name != deck):
            continue
        path = out_dir / old_record.file
        removed_keys = _gone(old_record, guid_owner)
        del deck_records[name]
        if path.exists() or path.is_symlink():
            plan.deletes.append(path)
        plan.reports.append(
            DeckReport(
                name,
                path,
                DeckStatus.WOULD_DELETE if dry_run else DeckStatus.DELETED,
                removed=removed_facts(removed_keys, remaining_facts, new_facts),
                moved_out=moved_out(moves, name),
            )
        )
    plan.reports.sort(key=report_order)
    current_files = {out_dir / file for file in file_names.values()}
    plan.deletes = [path for path in plan.deletes if path not in current_files]

    # With --deck the other decks may be stale, so the next build must not skip them.
    new_inputs = inputs if deck is None else dict(lock.inputs)
    new_lock = LockFile(decks=deck_records, note_types=type_records, inputs=new_inputs)
    plan.lock_bytes = new_lock.to_bytes()
    return plan


def _gone(record: DeckRecord, guid_owner: Mapping[str, str]) -> list[str]:
    """Return the keys of a deck's last notes that no note of this build has the GUID of."""
    return [key for key, note in record.notes.items() if note.guid not in guid_owner]


def _guid_owners(deck_notes: Mapping[str, Sequence[PackagedNote]]) -> dict[str, str]:
    """Map each note's GUID to its key; raise `BuildError` when two notes share one."""
    guid_owner: dict[str, str] = {}
    clashes = []
    for notes in deck_notes.values():
        for note in notes:
            owner = guid_owner.setdefault(note.guid, note.key)
            if owner != note.key:
                clashes.append(f"{owner} and {note.key}")
    if clashes:
        raise BuildError(
            "two facts would be the same Anki note (check `renamed_from`): " + "; ".join(clashes)
        )
    return guid_owner


def _check_note_types(
    previous: Mapping[str, tuple[str, str, NoteRecord]],
    deck_notes: Mapping[str, Sequence[PackagedNote]],
    facts: FactBase,
) -> None:
    """Raise `FactError` for each fact whose note was last built as another type of fact.

    Anki's import never changes the type of a note it has: it would skip the note, and the
    card would silently keep its old text.
    """
    if not previous:  # a first build
        return
    from quizgen.anki.notetypes import type_change_problem

    problems = []
    for notes in deck_notes.values():
        for note in notes:
            found = previous.get(note.guid)
            old = None if found is None else found[2].model
            if old is None or old == note.model_id:
                continue
            fact = facts.get(note.fact_id)
            if fact is not None:
                problems.append(type_change_problem(fact, old))
    if problems:
        raise FactError(problems)


def _check_guids(
    previous: Mapping[str, tuple[str, str, object]], guid_owner: Mapping[str, str], path: Path
) -> None:
    """Raise `BuildError` when the lock file gives a note the GUID of another current note
    while that note's own GUID is another: GUIDs swapped by hand, which would put one note's
    id and time on another."""
    guid_of = {key: guid for guid, key in guid_owner.items()}
    for guid, (_, key, _) in previous.items():
        owner = guid_owner.get(guid)
        if owner is not None and owner != key and guid_of.get(key, guid) != guid:
            raise BuildError(
                f"{path}: the lock file is damaged (note {key!r} has the GUID of note "
                f"{owner!r}); delete it to start afresh (notes then get new modification times)"
            )
