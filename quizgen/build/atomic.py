"""Writing files so that a crash leaves each one either old or new, and locking a folder.

Every file is written to a temporary file in the same folder, flushed to disk, renamed over
the target and the folder entry flushed too. A process killed at any moment therefore leaves
the target as it was or fully replaced; at worst a temporary file remains, which
`remove_stale_temp_files` clears on the next run (under the folder lock, so never a file that
a live writer still owns).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

from quizgen.errors import BuildError, BuildLockedError

TEMP_SUFFIX = ".quizgen-tmp"
"""Suffix of the temporary files that atomic writes leave behind only when killed."""

LOCK_NAME = ".quizgen-build.lock"
"""Name of the file that serialises builds into one folder."""

_FAULT_ENV = "QUIZGEN_KILL_AT_STEP"
"""Test hook: SIGKILL the process at this step. Each atomic write has three (half the bytes
written, all written and flushed, renamed), so tests can stop a build anywhere that matters."""

_steps_done = 0


def os_error_reason(error: OSError) -> str:
    """Return the cause of an OS error in a few plain words."""
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is exhausted",
        errno.EFBIG: "the file is larger than the system allows",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "operation not permitted",
        errno.ENOENT: "no such file or folder",
        errno.ENOTDIR: "a part of the path is not a folder",
    }
    return reasons.get(error.errno or 0) or error.strerror or str(error)


def describe_os_error(error: OSError, path: Path) -> str:
    """Return a one-line message for an OS error that names the file and the cause."""
    return f"cannot write {path}: {os_error_reason(error)}"


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # some platforms cannot open a folder; the rename is still atomic
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _maybe_die() -> None:
    """Kill the process at the configured step (fault-injection tests)."""
    global _steps_done
    limit = os.environ.get(_FAULT_ENV)
    if limit is None:
        return
    _steps_done += 1
    if _steps_done >= int(limit):
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves the old or the new content.

    Raise `BuildError` naming the file when the folder is read-only, the disk is full or
    any other OS error stops the write; the previous file is then untouched.
    """
    folder = path.parent
    temp = folder / f".{path.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError as error:
        raise BuildError(describe_os_error(error, path)) from error
    try:
        try:
            half = len(data) // 2
            _write_all(fd, data[:half])
            _maybe_die()
            _write_all(fd, data[half:])
            os.fsync(fd)
        finally:
            os.close(fd)
        _maybe_die()
        os.replace(temp, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise BuildError(describe_os_error(error, path)) from error
    _fsync_dir(folder)
    _maybe_die()


def atomic_delete(path: Path) -> None:
    """Delete `path` if it exists and flush the folder entry."""
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        raise BuildError(describe_os_error(error, path)) from error
    _fsync_dir(path.parent)


def remove_stale_temp_files(folder: Path) -> tuple[Path, ...]:
    """Delete temporary files left by writers that were killed; return what was removed."""
    removed = []
    for temp in sorted(folder.glob(f".*{TEMP_SUFFIX}")):
        try:
            temp.unlink()
        except FileNotFoundError:
            continue
        except OSError as error:
            raise BuildError(describe_os_error(error, temp)) from error
        removed.append(temp)
    return tuple(removed)


def ensure_folder(folder: Path) -> None:
    """Create `folder` and its parents, or raise `BuildError` saying why it cannot be."""
    if folder.is_dir():
        return
    if folder.exists():
        raise BuildError(f"cannot write to {folder}: it is not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BuildError(describe_os_error(error, folder)) from error


def check_writable(folder: Path) -> None:
    """Raise `BuildError` naming `folder` unless a file can be created in it.

    Mode bits alone cannot tell (root ignores them, read-only mounts do not show in them),
    so try to create a file.
    """
    probe = folder / f".probe.{secrets.token_hex(4)}{TEMP_SUFFIX}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError as error:
        raise BuildError(
            f"cannot write to the deck folder {folder}: {os_error_reason(error)}"
        ) from error
    os.close(fd)
    with contextlib.suppress(OSError):
        probe.unlink()


@contextlib.contextmanager
def folder_lock(
    folder: Path, *, timeout: float, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold an exclusive lock on `folder` while the block runs.

    When another process holds it, call `on_wait` with a message and wait up to `timeout`
    seconds; then raise `BuildLockedError`.
    """
    from filelock import FileLock, Timeout

    lock_path = folder / LOCK_NAME
    lock = FileLock(lock_path, thread_local=False, preserve_lock_file=True)
    try:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if on_wait is not None:
                on_wait(
                    f"another build is writing to {folder}; waiting up to {timeout:g} s "
                    f"for it to finish (lock file {lock_path})"
                )
            try:
                lock.acquire(timeout=timeout)
            except Timeout:
                raise BuildLockedError(
                    f"another build is still writing to {folder} after {timeout:g} s; "
                    f"try again when it has finished (lock file {lock_path})"
                ) from None
    except OSError as error:
        raise BuildError(describe_os_error(error, lock_path)) from error
    try:
        yield
    finally:
        lock.release()
