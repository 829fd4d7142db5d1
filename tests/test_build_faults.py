"""Faults injected for real: SIGKILL mid-build, concurrent builds, read-only and full disks."""

from __future__ import annotations

import contextlib
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from deck_fixtures import edit, sample_facts
from factories import read_only, run_quizgen

from quizgen.build.atomic import LOCK_NAME, TEMP_SUFFIX
from quizgen.build.lockfile import LOCK_FILE_NAME
from quizgen.build.run import build
from quizgen.errors import BuildError

pytestmark = pytest.mark.slow

T0 = 1_700_000_000
T1 = T0 + 60
OUTPUTS = ("mongolia.apkg", "people.apkg", LOCK_FILE_NAME)

BUILD_SCRIPT = """
import sys
from pathlib import Path
from quizgen.build.run import build
# loaded before "ready"
import quizgen.cards.render, quizgen.factfiles.loader, quizgen.cards.templates, genanki
print("ready", flush=True)
build(Path(sys.argv[1]), Path(sys.argv[2]), now=int(sys.argv[3]), lock_timeout=60)
"""

HOLD_LOCK_SCRIPT = """
import sys
from filelock import FileLock
with FileLock(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.readline()
"""


def outputs(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in OUTPUTS if (folder / name).exists()}


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX))


def run_build(
    facts: Path,
    out: Path,
    now: int,
    *,
    env: dict[str, str] | None = None,
    preexec: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BUILD_SCRIPT, str(facts), str(out), str(now)],
        env={**os.environ, **(env or {})},
        preexec_fn=preexec,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def run_cli(
    *args: str, preexec: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    return run_quizgen("build", *args, preexec_fn=preexec, timeout=120)


@pytest.fixture
def states(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes], dict[str, bytes]]:
    """Build old decks, then edit both decks; return facts, old folder, old and new bytes."""
    facts = sample_facts(tmp_path)
    old = tmp_path / "old"
    build(facts, old, now=T0)
    old_bytes = outputs(old)
    edit(facts / "people.yaml", "kind: person", "kind: person\n    note: Twice president.")
    edit(facts / "mongolia/trade.yaml", "summary: restored", "summary: renewed")
    new = tmp_path / "new"
    shutil.copytree(old, new)
    build(facts, new, now=T1)
    new_bytes = outputs(new)
    assert all(old_bytes[name] != new_bytes[name] for name in OUTPUTS)
    return facts, old, old_bytes, new_bytes


def assert_each_old_or_new(
    folder: Path, old: dict[str, bytes], new: dict[str, bytes]
) -> dict[str, str]:
    found = outputs(folder)
    assert sorted(found) == sorted(OUTPUTS)
    state = {}
    for name, data in found.items():
        assert data in (old[name], new[name]), f"{name} is torn"
        state[name] = "old" if data == old[name] else "new"
    return state


def test_sigkill_between_any_two_file_operations_leaves_old_or_new(
    tmp_path: Path, states: tuple[Path, Path, dict[str, bytes], dict[str, bytes]]
) -> None:
    facts, old, old_bytes, new_bytes = states
    seen = []
    # Three files, three steps each (half written; written; renamed): kill at every one.
    for step in range(1, 11):
        work = tmp_path / f"kill-{step}"
        shutil.copytree(old, work)
        result = run_build(facts, work, T1, env={"QUIZGEN_KILL_AT_STEP": str(step)})
        assert result.returncode == (-signal.SIGKILL if step <= 9 else 0), result.stderr
        state = assert_each_old_or_new(work, old_bytes, new_bytes)
        leftovers = temp_files(work)
        seen.append((step, "".join(state[name][0] for name in OUTPUTS), len(leftovers)))

        report = build(facts, work, now=T1)
        assert report.stale_files_removed == tuple(work / name for name in leftovers)
        assert outputs(work) == new_bytes
        assert temp_files(work) == []
    # o = old, n = new (decks, then the lock file). The lock file is written first, so a
    # deck on disk never holds a note time the lock file does not know.
    assert seen == [
        (1, "ooo", 1),
        (2, "ooo", 1),
        (3, "oon", 0),
        (4, "oon", 1),
        (5, "oon", 1),
        (6, "non", 0),
        (7, "non", 1),
        (8, "non", 1),
        (9, "nnn", 0),
        (10, "nnn", 0),
    ]


def test_sigkill_at_random_moments_never_tears_a_file(
    tmp_path: Path, states: tuple[Path, Path, dict[str, bytes], dict[str, bytes]]
) -> None:
    facts, old, old_bytes, new_bytes = states

    def start(work: Path) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-c", BUILD_SCRIPT, str(facts), str(work), str(T1)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert process.stdout is not None
        assert process.stdout.readline() == "ready\n"
        return process

    timing = tmp_path / "timing"
    shutil.copytree(old, timing)
    process = start(timing)
    started = time.monotonic()
    assert process.wait(timeout=60) == 0
    duration = time.monotonic() - started

    rng = random.Random(7)
    states_seen = set()
    for attempt in range(12):
        work = tmp_path / f"random-{attempt}"
        shutil.copytree(old, work)
        process = start(work)
        time.sleep(rng.uniform(0.0, 1.1) * duration)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        state = assert_each_old_or_new(work, old_bytes, new_bytes)
        states_seen.add("".join(state[name][0] for name in OUTPUTS))
        build(facts, work, now=T1)
        assert outputs(work) == new_bytes
        assert temp_files(work) == []
    # Which states a random kill lands on depends on the machine's speed; all must be whole.
    assert states_seen <= {"ooo", "oon", "non", "nnn"}


@contextlib.contextmanager
def lock_held_by_another_process(out: Path) -> Iterator[subprocess.Popen[str]]:
    """Hold the deck folder's build lock in another process until a line is sent to it."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK_SCRIPT, str(out / LOCK_NAME)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "held\n"
        yield holder
    finally:
        holder.kill()
        holder.wait()


def test_a_second_build_gives_up_after_its_wait_with_a_clear_error(
    states: tuple[Path, Path, dict[str, bytes], dict[str, bytes]],
) -> None:
    facts, old, old_bytes, _ = states
    with lock_held_by_another_process(old):
        result = run_cli("--facts", str(facts), "--out", str(old), "--wait", "0.5")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"another build is writing to {old}; waiting up to 0.5 s for it to finish "
        f"(lock file {old / LOCK_NAME})",
        f"another build is still writing to {old} after 0.5 s; try again when it has "
        f"finished (lock file {old / LOCK_NAME})",
    ]
    assert outputs(old) == old_bytes


def test_a_second_build_waits_for_the_first_and_then_runs(
    states: tuple[Path, Path, dict[str, bytes], dict[str, bytes]],
) -> None:
    facts, old, _, _ = states
    with lock_held_by_another_process(old) as holder:
        waiting = subprocess.Popen(
            [sys.executable, "-m", "quizgen", "build", "--facts", str(facts), "--out", str(old)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert waiting.stderr is not None
        assert waiting.stderr.readline() == (
            f"another build is writing to {old}; waiting up to 60 s for it to finish "
            f"(lock file {old / LOCK_NAME})\n"
        )
        assert waiting.poll() is None
        assert holder.stdin is not None
        holder.stdin.write("release\n")
        holder.stdin.flush()
        assert holder.wait(timeout=30) == 0
        stdout, stderr = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, stderr
    assert stdout.splitlines() == [
        f"Mongolia: {old / 'mongolia.apkg'} written (1 changed, 3 unchanged)",
        f"People: {old / 'people.apkg'} written (1 changed)",
    ]


def test_two_builds_started_at_once_both_finish_cleanly(
    tmp_path: Path, states: tuple[Path, Path, dict[str, bytes], dict[str, bytes]]
) -> None:
    facts, old, _, new_bytes = states
    for attempt in range(3):
        work = tmp_path / f"both-{attempt}"
        shutil.copytree(old, work)
        processes = [
            subprocess.Popen(
                [sys.executable, "-c", BUILD_SCRIPT, str(facts), str(work), str(T1)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        for process in processes:
            _, stderr = process.communicate(timeout=120)
            assert process.returncode == 0, stderr
        assert outputs(work) == new_bytes
        assert temp_files(work) == []


def test_a_read_only_deck_folder_is_a_clear_error_and_keeps_the_decks(
    states: tuple[Path, Path, dict[str, bytes], dict[str, bytes]],
) -> None:
    facts, old, old_bytes, _ = states
    with read_only(old) as reason:
        result = run_cli("--facts", str(facts), "--out", str(old))
        assert outputs(old) == old_bytes
        assert temp_files(old) == []
    assert result.returncode == 1
    assert result.stderr == f"cannot write to the deck folder {old}: {reason}\n"
    assert "Traceback" not in result.stdout + result.stderr


def test_a_missing_deck_folder_is_created_with_its_parents(tmp_path: Path) -> None:
    facts = sample_facts(tmp_path)
    out = tmp_path / "a" / "b" / "decks"
    build(facts, out, now=T0)
    assert sorted(outputs(out)) == sorted(OUTPUTS)


def test_a_deck_folder_under_a_file_is_a_clear_error(tmp_path: Path) -> None:
    facts = sample_facts(tmp_path)
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(BuildError) as error:
        build(facts, tmp_path / "file" / "decks", now=T0)
    assert str(error.value) == (
        f"cannot write {tmp_path / 'file' / 'decks'}: a part of the path is not a folder"
    )


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def test_a_write_that_fails_half_way_keeps_the_previous_decks(
    states: tuple[Path, Path, dict[str, bytes], dict[str, bytes]],
) -> None:
    facts, old, old_bytes, _ = states
    result = run_cli("--facts", str(facts), "--out", str(old), preexec=_limit_file_size)
    assert result.returncode == 1
    # The lock file is written first (and is the largest file here).
    assert result.stderr == (
        f"cannot write {old / LOCK_FILE_NAME}: the file is larger than the system allows\n"
    )
    assert outputs(old) == old_bytes
    assert temp_files(old) == []


@contextlib.contextmanager
def small_tmpfs(folder: Path, size: str) -> Iterator[None]:
    folder.mkdir(parents=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.decode().strip()})")
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def fill(folder: Path) -> Path:
    """Write a file that takes every free byte of the file system holding `folder`."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        with contextlib.suppress(OSError):
            while os.write(fd, b"\0" * 4096):
                pass
        with contextlib.suppress(OSError):
            while os.write(fd, b"\0"):
                pass
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_is_a_clear_error_and_keeps_the_previous_decks(
    tmp_path: Path, states: tuple[Path, Path, dict[str, bytes], dict[str, bytes]]
) -> None:
    facts, old, old_bytes, new_bytes = states
    disk = tmp_path / "disk"
    with small_tmpfs(disk, "256k"):
        out = disk / "decks"
        shutil.copytree(old, out)
        filler = fill(disk)
        free = os.statvfs(disk).f_bavail
        result = run_cli("--facts", str(facts), "--out", str(out))
        # Which write meets the full disk first depends on the kernel: creating the empty
        # probe file usually still succeeds, writing the lock file (the first) never does.
        assert result.returncode == 1, result.stdout
        assert result.stderr in (
            f"cannot write {out / LOCK_FILE_NAME}: the disk is full\n",
            f"cannot write to the deck folder {out}: the disk is full\n",
        ), f"free blocks before the build: {free}"
        assert outputs(out) == old_bytes
        assert temp_files(out) == []
        filler.unlink()
        build(facts, out, now=T1)
        assert outputs(out) == new_bytes
