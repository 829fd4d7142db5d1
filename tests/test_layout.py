"""The package's layout is what the README's "Where the code is" says: stages in the order facts
flow through them, each importing only the stages above it, small modules, one process."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "quizgen"
MODULES = sorted(PACKAGE.rglob("*.py"))

FORKING = {"multiprocessing", "concurrent.futures", "threading", "subprocess", "gc"}
"""Modules that would run work beside the one process, or pause its garbage collector."""


def readme_tree() -> list[tuple[int, str]]:
    """Return the README's tree of the package as (depth, name) pairs, in order."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^### Where the code is\n(.*?)(?=^##|\Z)", readme, re.M | re.S)
    assert section, "the README has no '### Where the code is' section"
    block = re.search(r"^    quizgen/\n((?:      .*\n)+)", section.group(1), re.M)
    assert block, "the section should draw the tree of quizgen/"
    entries = []
    for line in block.group(1).splitlines():
        indent = len(line) - len(line.lstrip(" "))
        entries.append(((indent - 6) // 2, line.split()[0]))
    return entries


def tree_paths() -> Iterator[str]:
    """Return the path under quizgen/ of every entry of the README's tree."""
    parents: list[str] = []
    for depth, name in readme_tree():
        del parents[depth:]
        yield "/".join([*parents, name.rstrip("/")])
        if name.endswith("/"):
            parents.append(name.rstrip("/"))


def stage_of(module: Path) -> str:
    parts = module.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")


def quizgen_imports(module: Path) -> Iterator[tuple[int, str]]:
    """Return the line and module name of each quizgen module that `module` imports."""
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)


def test_the_readme_names_every_module_where_it_is() -> None:
    shown = set(tree_paths())
    present = {
        str(path.relative_to(PACKAGE))
        for path in [*MODULES, *PACKAGE.rglob("*.yaml")]
        if path.name not in ("__init__.py", "__main__.py")
    }
    present |= {str(path.relative_to(PACKAGE)) for path in PACKAGE.glob("*/") if path.is_dir()}
    present |= {str(p.relative_to(PACKAGE)) for p in PACKAGE.glob("*/*/") if p.is_dir()}
    present = {path for path in present if "__pycache__" not in path}
    assert sorted(shown - present) == [], "the README names what is not there"
    assert sorted(present - shown) == [], "the README leaves these out"


@pytest.mark.parametrize("module", MODULES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_no_module_is_over_400_lines(module: Path) -> None:
    assert len(module.read_text(encoding="utf-8").splitlines()) <= 400


@pytest.mark.parametrize("module", MODULES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_a_stage_imports_only_the_stages_above_it(module: Path) -> None:
    order = [name.rstrip("/").removesuffix(".py") for depth, name in readme_tree() if depth == 0]
    own = stage_of(module)
    if own in ("__init__", "__main__"):  # the package itself: `python -m quizgen` runs the CLI
        return
    above = set(order[: order.index(own) + 1])
    for line, name in quizgen_imports(module):
        if name.startswith("quizgen."):
            stage = name.split(".")[1]
            assert stage in above, f"line {line} imports {name}, a stage below {own}"


@pytest.mark.parametrize("module", MODULES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_nothing_forks_or_pauses_the_garbage_collector(module: Path) -> None:
    for line, name in quizgen_imports(module):
        assert name not in FORKING, f"line {line} imports {name}"
    source = module.read_text(encoding="utf-8")
    assert "os.fork" not in source
