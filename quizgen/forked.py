"""Run a function in a forked child process, to use a second core for work already in memory.

A forked child starts with a copy of everything the parent has loaded (facts, templates,
compiled code), so nothing has to be sent to it; only its result comes back, pickled through
a pipe. The child never prints, never runs the parent's exit handlers, and reports any
failure as "no result": the caller then does the work itself, so a failure in the child
costs time and nothing else.

Forking is offered only where it is safe: on Linux, in a process that runs no other thread
(a thread holding a lock at the moment of the fork would leave it locked in the child).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Return whether `Forked` may be used here: Linux, and no other thread running."""
    return sys.platform == "linux" and hasattr(os, "fork") and threading.active_count() == 1


class Forked(Generic[T]):
    """A function running in a forked child; `result()` waits for what it returned.

    Use as a context manager: leaving the block kills the child if it is still running and
    reaps it, whatever happened in between. When no child can be made (no processes or
    memory left), there is simply no result.
    """

    def __init__(self, work: Callable[[], T]) -> None:
        self._pid: int | None = None
        self._read_end: int | None = None
        try:
            read_end, write_end = os.pipe()
        except OSError:  # out of file descriptors: no child, so no result
            return
        try:
            pid = os.fork()
        except OSError:  # out of processes or memory: no child, so no result
            os.close(read_end)
            os.close(write_end)
            return
        if pid == 0:  # the child
            os.close(read_end)
            _run_child(work, write_end)
        os.close(write_end)
        self._pid = pid
        self._read_end = read_end

    @property
    def pid(self) -> int | None:
        """Return the child's process id, or None once it has been reaped."""
        return self._pid

    def result(self) -> T | None:
        """Wait for the child and return what its function returned, or None if it failed."""
        if self._read_end is None:
            return None
        with os.fdopen(self._read_end, "rb") as stream:
            self._read_end = None
            data = stream.read()
        self._reap(kill=False)
        try:
            ok, value = pickle.loads(data)
        except Exception:  # nothing or a torn result: the child died before it finished
            return None
        return value if ok else None

    def close(self) -> None:
        """Stop the child if it still runs, and release the pipe."""
        if self._read_end is not None:
            os.close(self._read_end)
            self._read_end = None
        self._reap(kill=True)

    def _reap(self, *, kill: bool) -> None:
        if self._pid is None:
            return
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self._pid, 0)
        self._pid = None

    def __enter__(self) -> Forked[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _run_child(work: Callable[[], object], write_end: int) -> None:
    """Run `work`, send (succeeded, value) to the parent, and end the process at once."""
    code = 0
    try:
        try:
            payload = pickle.dumps((True, work()), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # any failure, even Ctrl-C: the parent redoes the work
            payload = pickle.dumps((False, None))
        with os.fdopen(write_end, "wb") as stream:
            stream.write(payload)
    except BaseException:
        code = 1
    finally:
        # Skip the parent's exit handlers and buffered output: they are the parent's.
        os._exit(code)
