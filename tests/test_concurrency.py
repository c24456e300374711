"""Worker processes: shared across the stages of one command, private otherwise, always stopped."""

from __future__ import annotations

import os
import signal
import time
from typing import ClassVar

import pytest

from gdcpos import concurrency


def _pid(_: object = None) -> int:
    return os.getpid()


@pytest.fixture(autouse=True)
def _two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(concurrency, "usable_cores", lambda: 2)


def test_outside_a_shared_block_a_stage_has_its_own_workers_and_they_stop() -> None:
    with concurrency.workers() as pool:
        assert pool is not None
        assert pool.submit(_pid).result() != os.getpid()
        assert concurrency.started_workers() is None  # not for later stages
    with pytest.raises(RuntimeError):  # stopped at the end of the block
        pool.submit(_pid)


def test_inside_a_shared_block_later_stages_get_the_first_stages_workers() -> None:
    with concurrency.shared_workers():
        assert concurrency.started_workers() is None  # a late stage never starts any
        with concurrency.workers() as first:
            pass
        assert concurrency.started_workers() is first
        with concurrency.workers() as second:
            assert second is first
        with concurrency.shared_workers():  # nested blocks do not stop them
            pass
        assert first is not None
        assert first.submit(_pid).result() != os.getpid()
    assert concurrency.started_workers() is None
    with pytest.raises(RuntimeError):
        first.submit(_pid)


def test_one_core_means_no_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(concurrency, "usable_cores", lambda: 1)
    with concurrency.shared_workers(), concurrency.workers() as pool:
        assert pool is None
        assert concurrency.started_workers() is None


def test_workers_leave_ctrl_c_to_the_command() -> None:
    """Ctrl-C reaches the whole process group; only the command reports it (no worker traceback)."""
    with concurrency.workers() as pool:
        assert pool is not None
        assert pool.submit(signal.getsignal, signal.SIGINT).result() == signal.SIG_IGN
    assert signal.getsignal(signal.SIGINT) != signal.SIG_IGN  # not in this process


def test_an_interrupted_block_stops_its_workers_at_once() -> None:
    with pytest.raises(KeyboardInterrupt), concurrency.shared_workers():
        with concurrency.workers() as pool:
            assert pool is not None
            sleeping = pool.submit(time.sleep, 60)
        raise KeyboardInterrupt
    assert sleeping.done()  # not waited for: its worker was stopped
    assert concurrency.started_workers() is None


def test_not_on_other_systems_than_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(concurrency.sys, "platform", "darwin")
    with concurrency.workers() as pool:
        assert pool is None


class _NotYetRunning:
    """A pool interrupted while it starts: its manager thread cannot be joined yet."""

    _processes: ClassVar[dict[int, object]] = {}

    def shutdown(self, *, wait: bool, cancel_futures: bool) -> None:
        raise RuntimeError("cannot join thread before it is started")


def test_workers_stopped_while_they_start_leave_the_interrupt_to_be_reported() -> None:
    # Ctrl-C in the first fifth of a second of a cold build ended in this RuntimeError's
    # traceback instead of "interrupted" and exit 130.
    concurrency._stop(_NotYetRunning(), at_once=True)  # type: ignore[arg-type]
    with pytest.raises(RuntimeError):
        concurrency._stop(_NotYetRunning(), at_once=False)  # type: ignore[arg-type]
