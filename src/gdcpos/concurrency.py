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
import os
import signal
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when workers are started: a tenth of start-up, for a rebuild
    from concurrent.futures import ProcessPoolExecutor

_sharing = False
_shared: ProcessPoolExecutor | None = None


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
    interrupted = True
    try:
        yield
        interrupted = False
    finally:
        _sharing = False
        executor, _shared = _shared, None
        _stop(executor, at_once=interrupted)


@contextlib.contextmanager
def workers() -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes for a stage, or None where they cannot be forked safely or there is one
    core (do the work here then). Inside `shared_workers` they are the shared ones, started now
    if need be; otherwise they are the stage's own, stopped at the end of the ``with`` block.

    An executor, not a `multiprocessing.Pool`: when a worker dies (the kernel's out-of-memory
    killer, say), its tasks fail with ``BrokenProcessPool`` instead of never finishing, so the
    stage can do the work here instead of waiting forever.
    """
    global _shared
    if _shared is not None:
        yield _shared
        return
    # Linux only: macOS has fork, but forking a process that has used system frameworks is
    # unsafe there (Python itself spawns by default on macOS), and spawning costs more than it
    # saves on work of a second.
    cores = usable_cores()
    if cores < 2 or sys.platform != "linux":
        yield None
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    executor = ProcessPoolExecutor(
        cores,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_leave_interrupts_to_parent,
    )
    if _sharing:
        _shared = executor
        yield executor
        return
    interrupted = True
    try:
        yield executor
        interrupted = False
    finally:
        _stop(executor, at_once=interrupted)


def started_workers() -> ProcessPoolExecutor | None:
    """The shared workers if an earlier stage started them, else None (see the module's
    description for why a late stage does not start its own)."""
    return _shared


def _stop(executor: ProcessPoolExecutor | None, *, at_once: bool) -> None:
    """Stop the workers: after their tasks when all went well, at once when interrupted (or
    when the block failed)."""
    if executor is None:
        return
    if at_once:
        # No public way before Python 3.14 (``terminate_workers``) to stop a running task.
        terminate = getattr(executor, "terminate_workers", None)
        if terminate is not None:
            terminate()
        else:
            for process in list(getattr(executor, "_processes", {}).values()):
                with contextlib.suppress(OSError):
                    process.terminate()
        # Interrupted while the pool was still starting, its manager thread may not run yet, and
        # cannot be joined: the interrupt is what must be reported, not that.
        with contextlib.suppress(RuntimeError):
            executor.shutdown(wait=True, cancel_futures=True)
        return
    executor.shutdown(wait=True, cancel_futures=True)


def _leave_interrupts_to_parent() -> None:
    """Ctrl-C reaches every process of the terminal's group: a worker that took it would print
    its own traceback. The command handles it (a message, exit 130) and stops the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
