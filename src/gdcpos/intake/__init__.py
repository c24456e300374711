"""Intake: take agency submissions in bulk without ever losing or silently overwriting one.

``intake(files, workspace)`` reads the files as received, decides each against the workspace
(:mod:`~gdcpos.intake.plan`, pure), and, unless it is a dry run, writes the accepted ones, their
predecessors' history and the log (:mod:`~gdcpos.intake.commit`), all under one lock. The rules
and the log's format are in ``docs/intake.md``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from gdcpos.diagnostics import InputError, UsageError
from gdcpos.intake.commit import KILL_AT_ENV, CommitStopped, commit_plan, remove_leftovers
from gdcpos.intake.diff import Change, SubmissionDiff, diff_submissions
from gdcpos.intake.incoming import Incoming, read_incoming, shown_path
from gdcpos.intake.lock import LOCK_FILE, intake_lock
from gdcpos.intake.log import LOG_FILE, read_log
from gdcpos.intake.plan import Decision, Plan, Verdict, plan_intake
from gdcpos.intake.report import (
    IntakeInterrupted,
    IntakeReport,
    IntakeStopped,
    NotTakenIn,
    print_report,
    report_lines,
)
from gdcpos.intake.state import HISTORY_DIR, WorkspaceState, read_state
from gdcpos.validate import missing_data_files

__all__ = [
    "HISTORY_DIR",
    "KILL_AT_ENV",
    "LOCK_FILE",
    "LOG_FILE",
    "Change",
    "Decision",
    "Incoming",
    "IntakeInterrupted",
    "IntakeReport",
    "IntakeStopped",
    "NotTakenIn",
    "Plan",
    "SubmissionDiff",
    "Verdict",
    "WorkspaceState",
    "diff_submissions",
    "intake",
    "plan_intake",
    "print_report",
    "read_log",
    "read_state",
    "report_lines",
]


def _now() -> datetime:
    return datetime.now(UTC)


def intake(
    files: Sequence[Path],
    workspace: Path,
    *,
    dry_run: bool = False,
    lock_timeout: float | None = None,
    clock: Callable[[], datetime] = _now,
) -> IntakeReport:
    """Take the submission ``files`` into ``workspace``; return what became of each.

    Raises :class:`UsageError` when no file is given or a path is not a file, and
    :class:`~gdcpos.diagnostics.InputError` when the workspace's own data files are unusable or
    another intake holds the lock; refusals are not exceptions but decisions in the report. A
    write that fails part-way raises :class:`IntakeStopped` (an ``InputError``), Ctrl-C
    :class:`IntakeInterrupted` (a ``KeyboardInterrupt``); both carry the report of the files
    taken in before the stop and of those that were not.
    """
    if not files:
        raise UsageError("give at least one submission file to take in")
    for path in files:
        if not path.exists():
            raise UsageError(f"{shown_path(path)}: no such file")
        if not path.is_file():
            raise UsageError(
                f"{shown_path(path)} is not a file; give the submission files themselves"
            )
    if not workspace.is_dir():
        raise UsageError(f"{shown_path(workspace)}: no such workspace folder")
    missing = missing_data_files(workspace)
    if missing:  # no workspace at all (-w forgotten?): said before the lock makes folders there
        raise InputError(missing)

    incoming = [read_incoming(path, index) for index, path in enumerate(files)]
    with intake_lock(workspace, exclusive=not dry_run, timeout=lock_timeout):
        plan = plan_intake(read_state(workspace), incoming)
        if dry_run:
            return IntakeReport(plan.decisions, dry_run=True)
        removed = tuple(remove_leftovers(workspace))
        try:
            commit_plan(workspace, plan, clock=clock, run=uuid.uuid4().hex[:12])
        except CommitStopped as stopped:
            report = _stopped_report(plan, stopped, removed)
            if stopped.error is None:
                raise IntakeInterrupted(report) from None
            raise IntakeStopped(report, [stopped.error]) from None
    return IntakeReport(plan.decisions, removed=removed)


def _stopped_report(plan: Plan, stopped: CommitStopped, removed: tuple[str, ...]) -> IntakeReport:
    """The decisions carried out before the stop; every other file is not taken in, even one the
    plan refused: it was judged against a workspace that assumed the files before it."""
    rest = plan.decisions[stopped.done :]
    not_taken_in = [NotTakenIn(decision, "intake stopped before it") for decision in rest]
    if stopped.failed is not None and not_taken_in:
        not_taken_in[0] = NotTakenIn(rest[0], stopped.failed)
    return IntakeReport(
        plan.decisions[: stopped.done], removed=removed, not_taken_in=tuple(not_taken_in)
    )
