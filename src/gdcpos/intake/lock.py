"""One intake at a time per workspace: an advisory lock on ``positions/.history/intake.lock``.

``flock`` locks belong to the open file, so the operating system releases them when the process
ends however it ends (a crash, SIGKILL, a power cut leaves no lock behind), and a stale lock file
is harmless: only a held lock blocks. A second intake waits a little, then gives up with a
message rather than queueing silently behind a run that may take long.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from gdcpos.diagnostics import InputError, cannot, error
from gdcpos.intake.state import HISTORY_DIR

LOCK_FILE = f"{HISTORY_DIR}/intake.lock"
LOCK_TIMEOUT_SECONDS = 5.0
"""How long a second intake waits for the first before giving up."""

_POLL_SECONDS = 0.05


@contextlib.contextmanager
def intake_lock(
    root: Path, *, exclusive: bool = True, timeout: float | None = None
) -> Iterator[None]:
    """Hold the workspace's intake lock for the block, waiting up to ``timeout`` seconds
    (default :data:`LOCK_TIMEOUT_SECONDS`) for another intake to release it.

    Exclusive for an intake that writes (creating the lock file if needed); shared for a dry run,
    which waits for a writing intake to finish but never creates the file (it writes nothing).
    """
    wait = LOCK_TIMEOUT_SECONDS if timeout is None else timeout
    path = root / LOCK_FILE
    if exclusive:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:  # a read-only workspace, most often: no intake can write in it
            raise InputError([cannot(LOCK_FILE, "write", exc, rule="write-failed")]) from None
    else:
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:  # no intake ever ran here, so none is running
            yield
            return
    try:
        _acquire(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH, wait)
        yield
    finally:
        os.close(fd)  # closing the last descriptor releases the lock


def _acquire(fd: int, mode: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise InputError(
                    [
                        error(
                            LOCK_FILE,
                            0,
                            0,
                            f"another intake is running on this workspace (waited {timeout:g} s); "
                            "run this one again when it has finished",
                            "locked",
                        )
                    ]
                ) from None
            time.sleep(_POLL_SECONDS)
