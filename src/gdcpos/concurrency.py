"""Worker processes, shared by the stages of one command that split CPU-bound work.

A first build parses and validates its files on every core (`gdcpos.validate.parallel`), then
compares the texts for near-duplicates axis by axis (`gdcpos.similarity`). Threads would not help
(the interpreter lock). Workers are forked: that is cheap and they import nothing again. But a
child forked from a process that already holds a large workspace copies, page by page, every page
that either process writes afterwards, and reference counting writes to every object touched:
comparing half of 10,000 texts in a child forked at that point took longer than comparing them
all in one process. So the first stage that wants workers starts them while the process is still
small, and inside a `shared_workers()` block they stay for the later stages, which use them if
they are there and never start any (`started_workers`).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Iterator
from multiprocessing.pool import Pool

_sharing = False
_shared: Pool | None = None


def usable_cores() -> int:
    """Cores this process may run on (its affinity, not the machine's count)."""
    with contextlib.suppress(AttributeError, OSError):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@contextlib.contextmanager
def shared_workers() -> Iterator[None]:
    """Keep the workers a stage starts inside this block for the stages after it; stop them at
    its end."""
    global _sharing, _shared
    if _sharing:  # nested: the outer block owns the workers
        yield
        return
    _sharing = True
    try:
        yield
    finally:
        _sharing = False
        pool, _shared = _shared, None
        if pool is not None:
            pool.terminate()
            pool.join()


@contextlib.contextmanager
def workers() -> Iterator[Pool | None]:
    """Worker processes for a stage, or None where there is one core or no ``fork`` (do the work
    here then). Inside `shared_workers` they are the shared ones, started now if need be;
    otherwise they are the stage's own, stopped at the end of the ``with`` block."""
    global _shared
    if _shared is not None:
        yield _shared
        return
    cores = usable_cores()
    if cores < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield None
        return
    pool = multiprocessing.get_context("fork").Pool(cores, initializer=_leave_interrupts_to_parent)
    if _sharing:
        _shared = pool
        yield pool
        return
    try:
        yield pool
    finally:
        pool.terminate()
        pool.join()


def _leave_interrupts_to_parent() -> None:
    """Ctrl-C reaches every process of the terminal's group: a worker that took it would print
    its own traceback. The command handles it (a message, exit 130) and stops the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def started_workers() -> Pool | None:
    """The shared workers if an earlier stage started them, else None (see the module's
    description for why a late stage does not start its own)."""
    return _shared
