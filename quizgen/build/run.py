"""Build the deck folder: one `.apkg` per top-level deck, plus the lock file.

A build plans everything in memory first (`quizgen.build.plan`), so invalid facts or templates
stop it before any file is touched. Then, holding the folder lock, it writes the lock file
first and the decks after it, each atomically: a build that fails or is killed half way leaves
each file old or new, a lock file that describes decks not yet written (the next build writes
them), and no deck holding a note time the lock file does not know.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from quizgen.build.atomic import (
    atomic_delete,
    atomic_write,
    check_writable,
    ensure_folder,
    folder_lock,
    remove_stale_temp_files,
)
from quizgen.build.digests import code_fingerprint, read_regular
from quizgen.build.lockfile import LOCK_FILE_NAME
from quizgen.build.plan import Plan, Request, make_plan
from quizgen.build.report import (
    BuildReport,
    CheckReport,
    DeckReport,
    DeckStatus,
    MovedNotes,
    ProgressCallback,
    RemovedFact,
    ReplacedNotes,
)
from quizgen.errors import BuildError

__all__ = [
    "CODE_STAMP_NAME",
    "DEFAULT_LOCK_TIMEOUT",
    "BuildReport",
    "CheckReport",
    "DeckReport",
    "DeckStatus",
    "MovedNotes",
    "ProgressCallback",
    "RemovedFact",
    "ReplacedNotes",
    "build",
    "check_build",
]

CODE_STAMP_NAME = ".quizgen-code"
"""Untracked file in the deck folder naming the quizgen code that last built it.

Kept out of the lock file so that a code change that alters no card leaves the committed
files alone; a missing or different stamp only means the next build renders every card."""

DEFAULT_LOCK_TIMEOUT = 60.0
"""Seconds a build waits for another build into the same folder before giving up."""


def build(
    facts_dir: Path,
    out_dir: Path,
    *,
    deck: str | None = None,
    force: bool = False,
    dry_run: bool = False,
    templates: Path | None = None,
    adopt: bool = False,
    now: float | None = None,
    progress: ProgressCallback | None = None,
    on_wait: Callable[[str], None] | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> BuildReport:
    """Build the decks of `facts_dir` into `out_dir` and report what changed.

    When no input changed (fact files, sources, templates, note types: digests in the lock
    file) and every deck file is the one the lock file describes, nothing is parsed;
    otherwise every fact is loaded and rendered, and only decks whose notes changed are
    packaged and written (`force` packages all). `deck` limits the build to one top-level
    deck; `dry_run` writes nothing; `adopt` builds into a deck folder last built from
    another facts folder. `now` (seconds since the epoch) is the modification time given to
    notes whose content changed; `progress` and `on_wait` are told how the build goes and
    when it waits for another build.
    Raise `FactError` or `TemplateError` before writing anything when the input is invalid,
    `BuildLockedError` when another build holds the folder past `lock_timeout` seconds, and
    `BuildError` when a file cannot be read or written.
    """
    facts_dir = Path(facts_dir)
    out_dir = Path(out_dir)
    if not facts_dir.is_dir():
        raise BuildError(f"{facts_dir}: no such facts folder")
    stamp = int(time.time() if now is None else now)
    code = code_fingerprint()

    def make() -> Plan:
        same_code = read_regular(out_dir / CODE_STAMP_NAME) == code.encode()
        request = Request(
            facts_dir, out_dir, deck, force, templates, stamp, dry_run, same_code, adopt
        )
        return make_plan(request, progress)

    if dry_run:
        return _report(out_dir, make(), dry_run=True, stale=())
    # A new deck folder is created only once the facts are known to be valid.
    early: Plan | None = None if out_dir.exists() else make()
    ensure_folder(out_dir)
    check_writable(out_dir)
    with folder_lock(out_dir, timeout=lock_timeout, on_wait=on_wait):
        stale = remove_stale_temp_files(out_dir)
        # Plan under the lock unless the early plan still holds (no build came in between).
        unchanged = early is not None and (
            read_regular(out_dir / LOCK_FILE_NAME) == early.previous_lock_bytes
        )
        plan = early if early is not None and unchanged else make()
        _write(out_dir, plan, progress)
        if read_regular(out_dir / CODE_STAMP_NAME) != code.encode():
            atomic_write(out_dir / CODE_STAMP_NAME, code.encode())
    return _report(out_dir, plan, dry_run=False, stale=stale)


def _write(out_dir: Path, plan: Plan, progress: ProgressCallback | None) -> None:
    """Write the lock file, then the decks, then delete the decks no longer built."""
    if plan.lock_changed:
        atomic_write(out_dir / LOCK_FILE_NAME, plan.lock_bytes)
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


def _report(out_dir: Path, plan: Plan, *, dry_run: bool, stale: tuple[Path, ...]) -> BuildReport:
    return BuildReport(
        out_dir=out_dir,
        decks=tuple(plan.reports),
        dry_run=dry_run,
        lock_file_changed=plan.lock_changed,
        stale_files_removed=stale,
        facts=plan.facts,
    )


def check_build(
    facts_dir: Path, out_dir: Path, *, templates: Path | None = None, adopt: bool = False
) -> CheckReport:
    """Compare the deck folder with what a full build would write; write nothing.

    Every deck is rendered afresh (no shortcut through the lock file), so a hand-edited or
    stale `.apkg` is caught as well as changed facts.
    """
    facts_dir = Path(facts_dir)
    out_dir = Path(out_dir)
    if not facts_dir.is_dir():
        raise BuildError(f"{facts_dir}: no such facts folder")
    request = Request(
        facts_dir, out_dir, None, True, templates, int(time.time()), True, False, adopt
    )
    plan = make_plan(request)
    problems = []
    for path in sorted(plan.writes):
        state = "missing" if not path.exists() else "out of date"
        problems.append(f"{path}: {state}")
    for path in sorted(plan.deletes):
        problems.append(f"{path}: no longer built from the facts")
    lock_path = out_dir / LOCK_FILE_NAME
    if plan.lock_changed:
        problems.append(
            f"{lock_path}: {'missing' if plan.previous_lock_bytes is None else 'out of date'}"
        )
    return CheckReport(out_dir, tuple(problems))
