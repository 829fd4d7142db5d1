"""Work in a forked child: its result comes back, and any failure reads as no result."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

import pytest

from quizgen.forked import Forked, can_fork

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="forking is used on Linux only")


def test_the_child_result_comes_back_whatever_its_size() -> None:
    parent = os.getpid()
    with Forked(lambda: (os.getpid(), "x" * 5_000_000)) as child:
        result = child.result()
    assert result is not None
    pid, text = result
    assert pid != parent
    assert text == "x" * 5_000_000


def test_the_child_works_on_a_copy_of_what_the_parent_holds() -> None:
    facts = {"recognition": 1948}

    def work() -> int:
        facts["recognition"] = 0  # changes the child's copy only
        return len(facts)

    with Forked(work) as child:
        assert child.result() == 1
    assert facts == {"recognition": 1948}


def test_an_exception_in_the_child_is_no_result() -> None:
    def work() -> int:
        raise ValueError("broken")

    with Forked(work) as child:
        assert child.result() is None


def test_a_child_that_dies_is_no_result() -> None:
    def work() -> int:
        os.kill(os.getpid(), signal.SIGKILL)
        return 1

    with Forked(work) as child:
        assert child.result() is None


def test_a_result_that_cannot_be_pickled_is_no_result() -> None:
    with Forked(lambda: threading.Lock()) as child:
        assert child.result() is None


def test_a_fork_that_fails_is_no_result(monkeypatch: pytest.MonkeyPatch) -> None:
    def fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", fork)  # as when the process limit is reached
    with Forked(lambda: 1) as child:
        assert child.pid is None
        assert child.result() is None


def test_leaving_the_block_stops_and_reaps_a_running_child() -> None:
    with Forked(lambda: time.sleep(600)) as child:
        pid = child.pid
        assert pid is not None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped: no zombie left behind
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_no_fork_while_another_thread_runs() -> None:
    assert can_fork()
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert not can_fork()
    finally:
        release.set()
        thread.join()
    assert can_fork()
