"""Smoke tests of the benchmark suite: its synthetic facts load, and its script prints a table.

No timing is asserted here; the figures belong to `python benchmarks/run.py`.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"benchmarks_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


synth = _module("synth")


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def test_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    synth.write_fact_base(tmp_path / "a", 120, seed=3)
    synth.write_fact_base(tmp_path / "b", 120, seed=3)
    synth.write_fact_base(tmp_path / "c", 120, seed=4)
    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "b")
    assert _snapshot(tmp_path / "a") != _snapshot(tmp_path / "c")


def test_synthetic_facts_load_with_the_real_loader(tmp_path: Path) -> None:
    loader = pytest.importorskip("quizgen.factfiles.loader")
    info = synth.write_fact_base(tmp_path / "facts", 200, seed=0)
    base = loader.load_fact_base(info.root)
    assert len(base) == 200
    assert Counter(fact.type.value for fact in base) == {
        "date": 50,
        "name": 50,
        "figure": 50,
        "agreement": 50,
    }
    assert set(base.top_decks()) == {"History", "Geography", "Economy", "Diplomacy"}
    assert {fact.deck.split("::")[1] for fact in base} == set(synth.SUBDECKS)
    assert len(base.sources) == synth.SOURCE_COUNT
    expected_cards = sum(len(fact.card_kinds) for fact in base)
    assert expected_cards == info.cards
    for field in ("aliases", "note", "disputed", "cards", "renamed_from", "tags"):
        assert any(getattr(fact, field) for fact in base), f"no fact uses {field}"


def test_editing_one_fact_changes_one_file_and_still_loads(tmp_path: Path) -> None:
    info = synth.write_fact_base(tmp_path / "facts", 200, seed=0)
    before = _snapshot(info.root)
    edited = synth.edit_one_fact(info, revision=1)
    after = _snapshot(info.root)
    changed = [name for name in after if after[name] != before[name]]
    assert changed == [str(edited.path.relative_to(info.root))]
    assert edited.top_deck == "Diplomacy"
    loader = pytest.importorskip("quizgen.factfiles.loader")
    assert len(loader.load_fact_base(info.root)) == 200


@pytest.mark.slow
def test_quick_run_prints_a_table(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "run.py"),
            *("--quick", "--sizes", "200", "--startup-repeat", "2", "--quiet"),
            *("--save", str(tmp_path)),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (saved,) = tmp_path.glob("bench-*.txt")
    assert saved.read_text(encoding="utf-8") == done.stdout
    lines = done.stdout.splitlines()
    assert lines[1].startswith("machine: ")
    assert "measurement" in done.stdout
    for label in (
        "floor: C YAML load + bare genanki",
        "cold build (quizgen build)",
        "no-change rebuild",
        "rebuild after editing one fact",
        "peak RSS per 1k facts",
        "quizgen --help",
        "quizgen check (20 facts)",
        "start to first question (stdin a pipe)",
        "answers.check, one reply",
    ):
        row = next((line for line in lines if line.startswith(label)), None)
        assert row is not None, f"no row {label!r} in:\n{done.stdout}"
        # Every row holds a figure or says why it has none.
        rest = row[len(label) :]
        assert re.search(r"\d\s*(?:µs|ms|s|MiB|x)\b", rest) or "n/a (" in rest, row
