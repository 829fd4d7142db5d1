"""Build the deck folder: one `.apkg` per top-level deck, plus the lock file.

A build plans everything in memory first (load and validate the facts, render the cards,
package the decks whose notes changed), so invalid facts or templates stop it before any file
is touched. Then, holding the folder lock, it writes each changed deck atomically and the
lock file last, so a build killed half way is finished by the next one.
"""

from __future__ import annotations

import difflib
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
    note_tags,
    note_type_hashes,
    note_types_fingerprint,
    package_digest,
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
    FORMAT,
    LOCK_FILE_NAME,
    DeckRecord,
    LockFile,
    NoteRecord,
    next_mod,
    sha256_file,
)

TEMPLATES_KEY = "@templates"
NOTE_TYPES_KEY = "@note-types"

CODE_STAMP_NAME = ".quizgen-code"
"""Untracked file in the deck folder naming the quizgen code that last built it.

Kept out of the lock file so that a code change that alters no card leaves the committed
files alone; a missing or different stamp only means the next build renders every card."""

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
    lock_bytes: bytes = b""
    previous_lock_bytes: bytes | None = None
    parsed: bool = False

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

    from quizgen.loader import SOURCES_FILE, TEMPLATES_FILE, fact_files

    digests = {}
    for path in [*fact_files(facts_dir), facts_dir / SOURCES_FILE]:
        digest = sha256_file(path)
        if digest is not None:
            digests[_relative(path, facts_dir)] = digest
    shipped = resources.files("quizgen") / "templates" / "default.yaml"
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


def _package_digest_of(path: Path) -> str | None:
    """Return the contents digest of the package at `path`, or None if absent or unreadable."""
    data = _read_or_none(path)
    return None if data is None else package_digest(data)


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
            close = difflib.get_close_matches(fact_id, new_facts, n=1, cutoff=0.6)
            renamed_to = close[0] if close else None
        removed.append(RemovedFact(fact_id, tuple(kinds), search, renamed_to))
    return tuple(removed)


def _deck_digest(
    file_name: str,
    notes: Sequence[PackagedNote],
    stamps: Mapping[str, NoteStamp],
    type_records: Mapping[int, NoteRecord],
) -> str:
    """Digest everything a deck's `.apkg` bytes depend on, to skip packaging it again."""
    digest = hashlib.sha256(f"{FORMAT}\x00{file_name}".encode())
    for model_id in sorted(type_records):
        record = type_records[model_id]
        digest.update(f"\x00{model_id}:{record.content_hash}:{record.mod}".encode())
    for note in notes:
        stamp = stamps[note.guid]
        digest.update(f"\x00{note.content_hash}:{stamp.note_id}:{stamp.mod}".encode())
    return digest.hexdigest()


class _Stamper:
    """Give each note its id and time: kept while its content stays, moved when it changes."""

    def __init__(self, lock: LockFile, now: int) -> None:
        self.previous = lock.note_by_guid()
        self.now = now
        self.next_id = max(now * 1000, lock.max_note_id() + 1)

    def stamp(self, note: PackagedNote) -> tuple[str, NoteStamp]:
        """Return whether the note is new, changed or unchanged, and its stamp."""
        found = self.previous.get(note.guid)
        if found is None:
            stamp = NoteStamp(self.next_id, self.now)
            self.next_id += 1
            return "new", stamp
        record = found[2]
        if record.content_hash == note.content_hash:
            return "unchanged", NoteStamp(record.note_id, record.mod)
        return "changed", NoteStamp(record.note_id, next_mod(record.mod, self.now))


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
    lock: LockFile, out_dir: Path, deck: str | None, lock_bytes: bytes | None
) -> _Plan:
    """Report every deck as up to date and plan to write nothing."""
    plan = _Plan(lock_bytes=lock_bytes or b"", previous_lock_bytes=lock_bytes, parsed=False)
    for name, record in lock.decks.items():
        if deck is None or name == deck:
            plan.reports.append(
                DeckReport(
                    name,
                    out_dir / record.file,
                    DeckStatus.UP_TO_DATE,
                    unchanged=len(record.notes),
                )
            )
    plan.reports.sort(key=_report_order)
    return plan


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
    from quizgen.templating import load_templates

    previous_lock_bytes = _read_or_none(out_dir / LOCK_FILE_NAME)
    lock = (
        LockFile()
        if previous_lock_bytes is None
        else LockFile.from_bytes(previous_lock_bytes, out_dir / LOCK_FILE_NAME)
    )
    inputs = _input_digests(facts_dir, templates)

    def on_disk(record: DeckRecord) -> bool:
        return _package_digest_of(out_dir / record.file) == record.content_sha256

    code_stamp = _read_or_none(out_dir / CODE_STAMP_NAME)
    if (
        not force
        and lock.decks
        and code_stamp == code_fingerprint().encode()
        and inputs == dict(lock.inputs)
        and (deck is None or deck in lock.decks)
        and all(on_disk(record) for record in lock.decks.values())
    ):
        # Nothing the build reads has changed and every deck file is as written: no parse.
        return _up_to_date_plan(lock, out_dir, deck, previous_lock_bytes)

    from quizgen.cards import back_extras, generate_cards
    from quizgen.loader import load_fact_base

    # Cards of one deck can depend on facts in another (a reverse card names its subdeck
    # when another fact shares its date), so every card is rendered; only decks whose
    # notes come out different are packaged and written again.
    loaded_templates = load_templates(facts_dir, templates)
    fact_base = load_fact_base(facts_dir)
    cards = generate_cards(fact_base, loaded_templates)

    top_decks = list(fact_base.top_decks())
    if deck is not None and deck not in top_decks and deck not in lock.decks:
        known = ", ".join(f"'{name}'" for name in sorted(top_decks)) or "none"
        raise BuildError(f"no deck named '{deck}'; the decks are: {known}")
    file_names = deck_file_names(top_decks)

    extras = {fact.id: back_extras(fact, fact_base) for fact in fact_base}
    tags = {fact.id: note_tags(fact) for fact in fact_base}
    packaged: dict[str, list[PackagedNote]] = {name: [] for name in top_decks}
    for card in cards:
        fact_id = card.fact.id
        packaged[card.fact.top_deck].append(make_note(card, extras[fact_id], tags[fact_id]))

    guid_owner: dict[str, str] = {}
    clashes = []
    for notes in packaged.values():
        for note in notes:
            owner = guid_owner.setdefault(note.guid, note.key)
            if owner != note.key:
                clashes.append(f"{owner} and {note.key}")
    if clashes:
        raise BuildError(
            "two cards would be the same Anki note (check `renamed_from`): " + "; ".join(clashes)
        )
    remaining_facts = {fact.id for fact in fact_base}
    known_guids = lock.note_by_guid()
    seen_before = {
        note.fact_id for notes in packaged.values() for note in notes if note.guid in known_guids
    }
    new_facts = sorted(remaining_facts - seen_before)

    type_records = _note_type_records(lock, now)
    type_mods = {model_id: record.mod for model_id, record in type_records.items()}
    stamper = _Stamper(lock, now)
    deck_records = dict(lock.decks)
    plan = _Plan(parsed=True, previous_lock_bytes=previous_lock_bytes)
    selected = [name for name in top_decks if deck is None or name == deck]
    for index, name in enumerate(selected):
        if progress is not None:
            progress(f"packaging {name}", index, len(selected))
        path = out_dir / file_names[name]
        notes = packaged[name]
        counts = {"new": 0, "changed": 0, "unchanged": 0}
        stamps: dict[str, NoteStamp] = {}
        records: dict[str, NoteRecord] = {}
        for note in notes:
            state, stamp = stamper.stamp(note)
            counts[state] += 1
            stamps[note.guid] = stamp
            records[note.key] = NoteRecord(note.guid, note.content_hash, stamp.note_id, stamp.mod)
        old_record = lock.decks.get(name)
        removed_keys = [
            key
            for key, record in (old_record.notes.items() if old_record else ())
            if record.guid not in guid_owner
        ]
        digest = _deck_digest(file_names[name], notes, stamps, type_records)
        if (
            not force
            and old_record is not None
            and old_record.digest == digest
            and on_disk(old_record)
        ):
            content_sha256 = old_record.content_sha256
            status = DeckStatus.UP_TO_DATE
        else:
            data = write_apkg(notes, stamps, type_mods)
            content_sha256 = package_digest(data) or ""
            if _package_digest_of(path) == content_sha256:
                status = DeckStatus.UP_TO_DATE
            else:
                plan.writes[path] = data
                status = DeckStatus.WOULD_WRITE if dry_run else DeckStatus.WRITTEN
        if old_record is not None and old_record.file != file_names[name]:
            plan.deletes.append(out_dir / old_record.file)
        plan.reports.append(
            DeckReport(
                name,
                path,
                status,
                removed=_removed_facts(removed_keys, remaining_facts, new_facts),
                **counts,
            )
        )
        deck_records[name] = DeckRecord(file_names[name], content_sha256, digest, records)

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
            )
        )
    plan.reports.sort(key=_report_order)
    current_files = {out_dir / file for file in file_names.values()}
    plan.deletes = [path for path in plan.deletes if path not in current_files]

    # With --deck the other decks may be stale, so the next build must not skip them.
    new_inputs = inputs if deck is None else dict(lock.inputs)
    plan.lock_bytes = LockFile(
        decks=deck_records,
        note_types=type_records,
        inputs=new_inputs,
    ).to_bytes()
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

    When no input changed (fact files, sources, templates, note types: digests in the lock
    file) nothing is parsed; otherwise every card is rendered and only decks whose notes
    changed are packaged and written (`force` packages all). `deck` limits the build to one
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
