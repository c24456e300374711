"""Writing a plan: keep the old submission, replace it atomically, log the decision.

For each accepted file, in order: the submission it replaces is copied into the history (a new
name, never an overwrite), then the new bytes replace ``positions/<agency>.yaml`` through a
temporary file and a rename, then the decision is logged. A crash at any point leaves every
``positions/*.yaml`` either the old or the new file, whole; nothing accepted is ever only in a
temporary file. A refused file only adds its line to the log. A failed write or Ctrl-C stops the
run with the file it was writing undone, and says how far it got (:class:`CommitStopped`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from gdcpos.diagnostics import Diagnostic, cannot, os_reason
from gdcpos.fsutil import atomic_writer, mode_like
from gdcpos.intake.incoming import shown_path
from gdcpos.intake.log import LOG_FILE, append_record, log_record
from gdcpos.intake.plan import Commit, Decision, Keep, Plan
from gdcpos.intake.state import HISTORY_DIR
from gdcpos.validate import POSITIONS_DIR

KILL_AT_ENV = "GDCPOS_TEST_KILL_INTAKE_AT"
"""Test hook: ``history`` or ``replace`` (half-way through writing that file) or ``log`` (just
before logging an accepted file) makes intake kill itself there with SIGKILL, as a crash would."""


class CommitStopped(Exception):
    """Writing a plan stopped before its end: its first ``done`` steps were carried out (the
    last of them possibly not logged, as ``error`` then says), the others were not.

    ``error`` is the write that failed, None for an interruption; ``failed`` says why the step
    it stopped at was not carried out (None if it stopped between two steps, or at a log line).
    """

    def __init__(self, done: int, error: Diagnostic | None, failed: str | None) -> None:
        super().__init__(str(error) if error is not None else "interrupted")
        self.done, self.error, self.failed = done, error, failed


def commit_plan(root: Path, plan: Plan, *, clock: Callable[[], datetime], run: str) -> None:
    """Carry out ``plan`` in the workspace at ``root`` (which the caller holds locked).

    Raises :class:`CommitStopped` if a write fails or the run is interrupted (Ctrl-C).
    """
    done = 0
    writing: Commit | None = None
    try:
        for step in plan.steps:
            if step.commit is not None:
                writing = step.commit
                _commit_or_stop(root, step.commit, step.decision, done)
                writing = None
                _checkpoint("log")
            done += 1
            _log_or_stop(root, step.decision, clock=clock, run=run, done=done)
    except KeyboardInterrupt:
        if writing is None:
            raise CommitStopped(done, None, None) from None
        if _holds(root / writing.target, writing.data):
            # Interrupted just after the rename: the file is accepted, so its decision is logged.
            _log_or_stop(root, plan.steps[done].decision, clock=clock, run=run, done=done + 1)
            raise CommitStopped(done + 1, None, None) from None
        raise CommitStopped(done, None, "interrupted while writing it") from None


def _commit_or_stop(root: Path, commit: Commit, decision: Decision, done: int) -> None:
    try:
        _commit(root, commit)
    except OSError as exc:
        where = shown_path(exc.filename) if isinstance(exc.filename, str) else commit.target
        failure = cannot(
            where,
            "write",
            exc,
            then=f"; {decision.file} was not taken in and the workspace is as it was before it",
            rule="write-failed",
        )
        raise CommitStopped(done, failure, f"cannot write {where}: {os_reason(exc)}") from None


def _log_or_stop(
    root: Path, decision: Decision, *, clock: Callable[[], datetime], run: str, done: int
) -> None:
    try:
        append_record(root, log_record(decision, time=clock(), run=run))
    except OSError as exc:
        result = "accepted" if decision.accepted else "refused"
        failure = cannot(
            LOG_FILE,
            "write",
            exc,
            then=f"; {decision.file} was {result} but its decision is not in the log",
            rule="write-failed",
        )
        raise CommitStopped(done, failure, None) from None


def remove_leftovers(root: Path) -> list[str]:
    """Delete temporary files that an intake killed while writing left behind.

    Called under the intake lock: no other intake can be writing them. Returns what was removed.
    """
    removed = []
    folders = [root / POSITIONS_DIR, *sorted((root / HISTORY_DIR).glob("*/"))]
    for folder in folders:
        for path in sorted(folder.glob(".*.yaml.*.tmp")):
            path.unlink(missing_ok=True)
            removed.append(shown_path(path.relative_to(root).as_posix()))
    return removed


def _commit(root: Path, commit: Commit) -> None:
    kept = None
    target = root / commit.target
    try:
        if commit.keep is not None and commit.keep.write:
            kept = _keep(root, commit.keep)
        with atomic_writer(target) as handle:  # which keeps the replaced file's permissions
            half = len(commit.data) // 2
            handle.write(commit.data[:half])
            _checkpoint("replace")
            handle.write(commit.data[half:])
        _sync_folder(target.parent)
    except BaseException:
        # Undo the copy made for the replacement only if the old file is verifiably still in
        # place: an interruption just after the rename must not lose the only copy of it.
        if kept is not None and commit.keep is not None and _holds(target, commit.keep.data):
            kept.unlink(missing_ok=True)
        raise


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def _keep(root: Path, keep: Keep) -> Path | None:
    """Write ``keep.data`` at ``keep.relpath`` as a new file: complete or absent, never replacing.

    Returns the file created, or None if exactly these bytes were already there. The copy has
    the permissions of the file it preserves.

    The bytes go to a temporary file that is hard-linked to its name: unlike a rename, a link
    fails instead of overwriting when the name is taken.
    """
    target = root / keep.relpath
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        # Readable by whoever could read the file it preserves, not only by its owner as mkstemp
        # would have it: a secretariat sharing the workspace by group reads the history too.
        os.fchmod(fd, mode_like(root / keep.source))
        with os.fdopen(fd, "wb") as handle:
            half = len(keep.data) // 2
            handle.write(keep.data[:half])
            _checkpoint("history")
            handle.write(keep.data[half:])
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, target)
        except FileExistsError:
            if target.read_bytes() != keep.data:
                raise
            return None
        _sync_folder(target.parent)
        return target
    finally:
        Path(temporary).unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """Make a rename or link in ``folder`` durable (its directory entry is on disk)."""
    with contextlib.suppress(OSError):  # not every file system can fsync a folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _checkpoint(name: str) -> None:
    if os.environ.get(KILL_AT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
