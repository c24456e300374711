"""``gdcpos status``: the picture of a workspace at a glance, computed (``status_view`` draws it).

For each agency and duty: does the agency own it, has it contributed to it; for each agency: its
revision and submission date; for each decision: its deadline, the days left or overdue, and
whether its deliverable is in.
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from gdcpos.check.rules import coverage_findings, deliverable_gaps
from gdcpos.diagnostics import InputError
from gdcpos.models import Role, Workspace
from gdcpos.persian.jalali import JalaliDate
from gdcpos.validate import validate_workspace


class Mark(enum.Enum):
    """One cell of the agencies × duties matrix."""

    CONTRIBUTED = "owner, contributed"
    MISSING = "owner, missing"
    UNOWNED = "not owner, contributed"
    NONE = "neither"


@dataclass(frozen=True)
class AgencyStatus:
    """One agency's row: who it is, what it has submitted, and its mark for each duty."""

    id: str
    short: str
    role: Role
    revision: int | None
    submitted: JalaliDate | None
    contributions: int
    marks: tuple[Mark, ...]


@dataclass(frozen=True)
class DecisionStatus:
    """A decision's owners and deadline; ``days_left`` is negative once the deadline has passed.

    ``missing`` lists what its deliverable still lacks (see ``rules.deliverable_gaps``); it is
    only computed for decisions with a deadline.
    """

    number: int
    owners: tuple[str, ...]
    deadline: JalaliDate | None
    days_left: int | None
    missing: tuple[str, ...]

    @property
    def delivered(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class StatusReport:
    """Everything ``gdcpos status`` shows; ``errors`` and ``warnings`` count ``gdcpos check``'s
    coverage findings, so the picture says whether the check would pass."""

    as_of: JalaliDate
    duties: tuple[int, ...]
    agencies: tuple[AgencyStatus, ...]
    contributions_per_duty: tuple[int, ...]
    decisions: tuple[DecisionStatus, ...]
    errors: int
    warnings: int


def status_of(workspace: Workspace, as_of: JalaliDate) -> StatusReport:
    """The status of a valid workspace on the date ``as_of`` (no findings counted)."""
    duties = tuple(duty.number for duty in workspace.duties)
    owners = {duty.number: frozenset(duty.owners) for duty in workspace.duties}
    per_pair: Counter[tuple[str, int]] = Counter()
    per_duty: Counter[int] = Counter()
    for agency, contribution in workspace.contributions():
        for duty in contribution.duties:
            per_pair[agency.id, duty] += 1
            per_duty[duty] += 1

    def mark(agency_id: str, duty: int) -> Mark:
        owner, contributed = agency_id in owners[duty], per_pair[agency_id, duty] > 0
        if owner:
            return Mark.CONTRIBUTED if contributed else Mark.MISSING
        return Mark.UNOWNED if contributed else Mark.NONE

    agencies = []
    for agency in workspace.agencies:
        submission = workspace.submissions.get(agency.id)
        agencies.append(
            AgencyStatus(
                id=agency.id,
                short=agency.short,
                role=agency.role,
                revision=submission.revision if submission else None,
                submitted=submission.submitted if submission else None,
                contributions=len(submission.contributions) if submission else 0,
                marks=tuple(mark(agency.id, duty) for duty in duties),
            )
        )
    return StatusReport(
        as_of=as_of,
        duties=duties,
        agencies=tuple(agencies),
        contributions_per_duty=tuple(per_duty[duty] for duty in duties),
        decisions=decision_statuses(workspace, as_of),
        errors=0,
        warnings=0,
    )


def decision_statuses(workspace: Workspace, as_of: JalaliDate) -> tuple[DecisionStatus, ...]:
    """Where each decision stands on ``as_of``: what ``gdcpos status`` shows and the division of
    labour writes, so that the two never disagree."""
    return tuple(
        DecisionStatus(
            number=decision.number,
            owners=tuple(decision.owners),
            deadline=decision.deadline,
            days_left=as_of.days_until(decision.deadline) if decision.deadline else None,
            missing=tuple(deliverable_gaps(workspace, decision)) if decision.deadline else (),
        )
        for decision in workspace.decisions
    )


def compute_status(root: Path, *, as_of: JalaliDate) -> StatusReport:
    """Validate the workspace at ``root`` and compute its status, with the check's counts.

    An invalid workspace has no status to show: its problems are raised as an ``InputError``.
    """
    result = validate_workspace(root)
    if result.workspace is None:
        raise InputError(result.diagnostics)
    findings = coverage_findings(result.workspace, result.files, as_of)
    errors = sum(1 for finding in findings if finding.is_error)
    return replace(
        status_of(result.workspace, as_of), errors=errors, warnings=len(findings) - errors
    )
