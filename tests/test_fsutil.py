"""Writing files: caches written best effort, without a temporary file left behind."""

from __future__ import annotations

from pathlib import Path

from quizgen.build.atomic import TEMP_SUFFIX, replace_quietly


def test_a_cache_file_is_written_and_replaced(tmp_path: Path) -> None:
    path = tmp_path / ".cache"
    assert replace_quietly(path, b"one")
    assert replace_quietly(path, b"two")
    assert path.read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache"]


def test_a_cache_file_that_cannot_be_written_is_no_error_and_leaves_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / ".cache"
    path.mkdir()  # a folder in the way: the rename fails
    assert not replace_quietly(path, b"data")
    assert path.is_dir()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(TEMP_SUFFIX)]
    assert not replace_quietly(tmp_path / "missing" / ".cache", b"data")
