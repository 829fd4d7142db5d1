"""Load a facts folder (or single fact files) into a `FactBase`, naming every problem's place.

`load_fact_base` and `check_paths` are the entry points. Each fact file is checked by
`factfile`, the sources by `sources`; what spans files (ids used twice, former ids reused)
is checked here. Validation never stops at the first problem: `FactError` carries all of
them, each as `path:line:col: fact 'id': message`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from quizgen.errors import FactError, Location, Problem, UnknownFactError
from quizgen.factfiles.factfile import FactFileChecker, IdRecord
from quizgen.factfiles.files import display_path, name_problem, not_regular
from quizgen.factfiles.layout import SOURCES_FILE, TEMPLATES_FILE, fact_files
from quizgen.factfiles.sources import load_sources, nearest_sources, read_sources
from quizgen.language.suggest import did_you_mean
from quizgen.model.facts import AnyFact, FactBase, Source

__all__ = [
    "NO_SUCH_PATH",
    "LoadResult",
    "check_paths",
    "load_fact_base",
    "load_sources",
    "read_paths",
]

NO_SUCH_PATH = "no such file or folder"
"""The problem of a path given to `check_paths` that does not exist."""


@dataclass(frozen=True)
class LoadResult:
    """A checked fact base with the files it came from.

    From `read_paths`, `base` holds the facts that could be made (a fact whose only problem
    is wording it never uses is made) and `problems` lists every problem found; from
    `check_paths`, `problems` is empty.
    """

    base: FactBase
    files: tuple[Path, ...]
    sources_files: tuple[Path, ...]
    problems: tuple[Problem, ...] = ()


def load_fact_base(root: Path) -> FactBase:
    """Load and check every fact under `root`; raise `FactError` listing every problem."""
    return check_paths([root]).base


def find_fact(facts: FactBase, fact_id: str) -> AnyFact:
    """Return the fact with this id or former id; raise UnknownFactError with a suggestion."""
    fact = facts.get(fact_id)
    if fact is not None:
        return fact
    known = [f.id for f in facts] + [old for f in facts for old in f.renamed_from]
    raise UnknownFactError(f"no fact has the id '{fact_id}'{did_you_mean(fact_id, known)}")


def check_paths(paths: Sequence[Path]) -> LoadResult:
    """Load and check facts folders or single fact files; raise `FactError` on any problem.

    A single file takes its sources from the nearest `sources.yaml` in its folder or the
    folders above it. Ids are checked for clashes across everything loaded at once.
    """
    result = read_paths(paths)
    if result.problems:
        raise FactError(result.problems)
    return result


def read_paths(paths: Sequence[Path]) -> LoadResult:
    """Load and check like `check_paths`, but return the problems with the facts that are valid.

    Every check runs on whatever could be read, so one call finds every problem: a file's
    broken fact does not hide its neighbours', nor a broken source the unknown source ids.
    """
    problems: list[Problem] = []
    groups: dict[Path, list[Path]] = {}
    seen: set[Path] = set()
    for path in paths:
        found = _files_of(path, problems)
        if found is None:
            continue
        sources_file, files = found
        group = groups.setdefault(sources_file, [])
        for file in files:
            key = _identity(file)
            if key not in seen:
                seen.add(key)
                group.append(file)

    sources: dict[str, Source] = {}
    facts: list[AnyFact] = []
    ids: list[IdRecord | AnyFact] = []
    all_files: list[Path] = []
    for sources_file, files in groups.items():
        group_sources, known, source_problems = read_sources(sources_file)
        problems.extend(source_problems)
        for source_id, source in group_sources.items():
            sources.setdefault(source_id, source)
        for file in files:
            checker = FactFileChecker(display_path(file), known)
            facts.extend(checker.check(file))
            problems.extend(checker.problems)
            ids.extend(checker.ids)
        all_files.extend(files)
    problems.extend(_cross_checks(ids))
    return LoadResult(
        FactBase(tuple(facts), sources), tuple(all_files), tuple(groups), tuple(sorted(problems))
    )


def _files_of(path: Path, problems: list[Problem]) -> tuple[Path, list[Path]] | None:
    """Return the sources file and fact files a path given by the user stands for.

    Record what is wrong with the path itself in `problems` and return None when it gives
    nothing to check.
    """
    shown = display_path(path)
    if path.is_dir():
        problems.extend(_misplaced(path))
        return path / SOURCES_FILE, fact_files(path)
    if not path.exists() and not path.is_symlink():
        problems.append(Problem(Location(shown), NO_SUCH_PATH))
        return None
    problem = name_problem(path, shown) or not_regular(path, shown)
    if problem is not None:
        problems.append(problem)
        return None
    if path.name == TEMPLATES_FILE:
        return None
    sources_file = nearest_sources(path)
    if sources_file is None:
        problems.append(
            Problem(
                Location(shown),
                f"no {SOURCES_FILE} in the folder of this file or any folder above it",
            )
        )
        return None
    return sources_file, [] if path.name == SOURCES_FILE else [path]


def _identity(file: Path) -> Path:
    """Return what tells two paths to one file apart from two files, even for a broken link."""
    try:
        return file.resolve()
    except (OSError, RuntimeError):  # a link that loops: it is reported when read
        return file.absolute()


def _misplaced(root: Path) -> list[Problem]:
    """Return a problem for each file under `root` that looks like a fact file but is not one."""
    problems: list[Problem] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        here = Path(folder)
        problems.extend(
            Problem(
                Location(display_path(here / name)),
                f"fact files end in '.yaml'; rename it to '{Path(name).with_suffix('.yaml').name}'",
            )
            for name in files
            if name.endswith(".yml")
        )
        problems.extend(
            Problem(
                Location(display_path(here / name)),
                "is a folder, not a regular file; a fact file must be a file",
            )
            for name in dirs
            if name.endswith(".yaml")
            and not (here == root and name in (SOURCES_FILE, TEMPLATES_FILE))  # said by its reader
        )
    return sorted(problems)


def _cross_checks(records: Iterable[IdRecord | AnyFact]) -> list[Problem]:
    problems: list[Problem] = []
    records = list(records)
    first: dict[str, IdRecord | AnyFact] = {}
    for record in records:
        other = first.setdefault(record.id, record)
        if other is not record:
            problems.append(
                Problem(
                    record.location,
                    f"duplicate id: '{record.id}' is also the id of the fact at {other.location}",
                    record.id,
                )
            )
    former: dict[str, IdRecord | AnyFact] = {}
    for record in records:
        for old in record.renamed_from:
            if old == record.id:
                problems.append(
                    Problem(
                        record.location, f"renamed_from lists the fact's own id '{old}'", record.id
                    )
                )
                continue
            owner = first.get(old)
            if owner is not None:
                problems.append(
                    Problem(
                        owner.location,
                        f"id '{old}' is a former id of the fact '{record.id}' at "
                        f"{record.location}; ids are never reused",
                        owner.id,
                    )
                )
            earlier = former.setdefault(old, record)
            if earlier is not record:
                problems.append(
                    Problem(
                        record.location,
                        f"former id '{old}' is also claimed by the fact '{earlier.id}' "
                        f"at {earlier.location}",
                        record.id,
                    )
                )
    return problems
