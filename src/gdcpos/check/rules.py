"""The coverage rules: what ``gdcpos check`` asks of a workspace beyond being valid.

Validation says the files are well-formed and refer to things that exist; these rules say the
work is covered: every duty and decision has an owner, every member has submitted, every duty and
axis has a contribution, and no deadline has passed without its deliverable. Each rule has a
stable id (carried in ``Diagnostic.rule``, shown by every output format, listed in
``docs/check.md``) and points at the line that owns the finding. Rules are pure: they read a
valid workspace and return diagnostics, they never print or raise.

Owners and membership: validation already rejects an owner that is not an agency
(``unknown-owner``), and every agency is either the lead or a member. The lead (``ncc``) is
accepted as an owner of any duty or decision: the resolution sets the working group up "with the
responsibility of the National Centre for Cyberspace", so its coordination duties are its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Final

from gdcpos.diagnostics import Diagnostic, Location, Severity
from gdcpos.load import LoadedFile
from gdcpos.models import Decision, Kind, Role, Workspace
from gdcpos.persian.jalali import JalaliDate
from gdcpos.validate import AGENCIES_FILE, AXES_FILE, DUTIES_FILE, POSITIONS_DIR

DELIVERABLE_KINDS: Final[Mapping[int, Kind]] = {2: Kind.COUNTRY_POSITION}
"""Decisions whose deliverable is contributions of one kind: decision 2 asks the foreign ministry
for a report on the positions of like-minded and rival countries, which it files as its
country-position items. Any other decision with a deadline is delivered by each owner's having
submitted at least one contribution."""

DataPath = tuple[str | int, ...]


def submission_path(agency_id: str) -> str:
    """Where an agency's submission lives, relative to the workspace."""
    return f"{POSITIONS_DIR}/{agency_id}.yaml"


@dataclass(frozen=True)
class Coverage:
    """A valid workspace with what the rules need to ask of it: who contributed to what, and where.

    ``files`` are the parsed files of the validation run, used only to locate findings; a file
    missing from it still gets findings, located at the file.
    """

    workspace: Workspace
    files: Mapping[str, LoadedFile]
    as_of: JalaliDate
    contributors: Mapping[int, frozenset[str]]
    axes_used: frozenset[str]

    @classmethod
    def of(
        cls, workspace: Workspace, files: Mapping[str, LoadedFile], as_of: JalaliDate
    ) -> Coverage:
        by_duty: defaultdict[int, set[str]] = defaultdict(set)
        axes: set[str] = set()
        for agency, contribution in workspace.contributions():
            axes.add(contribution.axis)
            for duty in contribution.duties:
                by_duty[duty].add(agency.id)
        return cls(
            workspace,
            files,
            as_of,
            {duty: frozenset(agencies) for duty, agencies in by_duty.items()},
            frozenset(axes),
        )

    def contributed(self, agency_id: str, duty: int) -> bool:
        return agency_id in self.contributors.get(duty, frozenset())

    def locate(self, relpath: str, path: DataPath, *, key: bool = False) -> Location:
        """The place of ``path`` in the file ``relpath`` (the file itself if it was not read)."""
        file = self.files.get(relpath)
        if file is None:
            return Location(relpath)
        line, col = file.locate(path, prefer_key=key)
        return Location(relpath, line, col)


Finding = tuple[Location, str]


@dataclass(frozen=True)
class Rule:
    """A coverage rule: its stable id, how serious a finding is, and what it asks in one line."""

    id: str
    severity: Severity
    summary: str
    find: Callable[[Coverage], Iterable[Finding]]

    def run(self, coverage: Coverage) -> list[Diagnostic]:
        return [
            Diagnostic(location, message, self.severity, self.id)
            for location, message in self.find(coverage)
        ]


def _names(ids: Iterable[str]) -> str:
    return ", ".join(ids) or "none"


def _duties_without_owner(coverage: Coverage) -> Iterator[Finding]:
    for index, duty in enumerate(coverage.workspace.duties):
        if not duty.owners:
            yield (
                coverage.locate(DUTIES_FILE, ("duties", index, "owners")),
                f"duty {duty.number} has no owner; list at least one agency in its owners",
            )


def _decisions_without_owner(coverage: Coverage) -> Iterator[Finding]:
    for index, decision in enumerate(coverage.workspace.decisions):
        if not decision.owners:
            yield (
                coverage.locate(DUTIES_FILE, ("decisions", index, "owners")),
                f"decision {decision.number} has no owner; list at least one agency in its owners",
            )


def _members_without_submission(coverage: Coverage) -> Iterator[Finding]:
    for index, agency in enumerate(coverage.workspace.agencies):
        if agency.role is Role.MEMBER and agency.id not in coverage.workspace.submissions:
            yield (
                coverage.locate(AGENCIES_FILE, ("agencies", index, "id")),
                f"member {agency.id} has no submission: {submission_path(agency.id)} is missing",
            )


def _duties_without_contribution(coverage: Coverage) -> Iterator[Finding]:
    for index, duty in enumerate(coverage.workspace.duties):
        if not coverage.contributors.get(duty.number):
            yield (
                coverage.locate(DUTIES_FILE, ("duties", index, "number")),
                f"duty {duty.number} has no contribution: no submission lists {duty.number} "
                f"in a contribution's duties (owners: {_names(duty.owners)})",
            )


def _axes_without_contribution(coverage: Coverage) -> Iterator[Finding]:
    for index, axis in enumerate(coverage.workspace.axes):
        if axis.id not in coverage.axes_used:
            yield (
                coverage.locate(AXES_FILE, ("axes", index, "id")),
                f"axis {axis.id} has no contribution: no submission files a contribution under it",
            )


def deliverable_gaps(workspace: Workspace, decision: Decision) -> list[str]:
    """What is missing from a decision's deliverable, one phrase per owner; empty when delivered.

    Shared by the ``deliverable-overdue`` rule and ``gdcpos status``.
    """
    kind = DELIVERABLE_KINDS.get(decision.number)
    gaps = []
    for owner in decision.owners:
        submission = workspace.submissions.get(owner)
        if submission is None:
            gaps.append(f"{owner} has no submission ({submission_path(owner)})")
        elif kind is not None and not any(c.kind is kind for c in submission.contributions):
            gaps.append(f"{owner} has no {kind.value} contribution in {submission_path(owner)}")
        elif not submission.contributions:
            gaps.append(f"{owner} has no contribution in {submission_path(owner)}")
    return gaps


def _overdue_deliverables(coverage: Coverage) -> Iterator[Finding]:
    for index, decision in enumerate(coverage.workspace.decisions):
        deadline = decision.deadline
        if deadline is None or coverage.as_of <= deadline:
            continue
        gaps = deliverable_gaps(coverage.workspace, decision)
        if gaps:
            late = coverage.as_of - deadline
            yield (
                coverage.locate(DUTIES_FILE, ("decisions", index, "deadline")),
                f"decision {decision.number} was due on {deadline} ({late} day"
                f"{'s' * (late != 1)} before {coverage.as_of}) and its deliverable is missing: "
                + "; ".join(gaps),
            )


def _owners_without_contribution(coverage: Coverage) -> Iterator[Finding]:
    for index, duty in enumerate(coverage.workspace.duties):
        for position, owner in enumerate(duty.owners):
            if coverage.contributed(owner, duty.number):
                continue
            why = (
                "none of its contributions answers it"
                if owner in coverage.workspace.submissions
                else f"it has no submission ({submission_path(owner)})"
            )
            yield (
                coverage.locate(DUTIES_FILE, ("duties", index, "owners", position)),
                f"{owner} owns duty {duty.number} but {why}",
            )


def _contributions_to_unowned_duties(coverage: Coverage) -> Iterator[Finding]:
    owners = {duty.number: duty.owners for duty in coverage.workspace.duties}
    for agency_id, submission in coverage.workspace.submissions.items():
        relpath = submission_path(agency_id)
        for index, contribution in enumerate(submission.contributions):
            for position, duty in enumerate(contribution.duties):
                if agency_id not in owners[duty]:
                    yield (
                        coverage.locate(relpath, ("contributions", index, "duties", position)),
                        f"{contribution.id} answers duty {duty}, which {agency_id} does not own "
                        f"(owners: {_names(owners[duty])})",
                    )


RULES: Final[tuple[Rule, ...]] = (
    Rule(
        "duty-without-owner",
        Severity.ERROR,
        "every duty has at least one owner",
        _duties_without_owner,
    ),
    Rule(
        "decision-without-owner",
        Severity.ERROR,
        "every decision has at least one owner",
        _decisions_without_owner,
    ),
    Rule(
        "member-without-submission",
        Severity.ERROR,
        "every member has a submission in positions/",
        _members_without_submission,
    ),
    Rule(
        "duty-without-contribution",
        Severity.ERROR,
        "every duty has at least one contribution",
        _duties_without_contribution,
    ),
    Rule(
        "axis-without-contribution",
        Severity.ERROR,
        "every axis of the Compact has at least one contribution",
        _axes_without_contribution,
    ),
    Rule(
        "deliverable-overdue",
        Severity.ERROR,
        "a decision whose deadline has passed has its deliverable",
        _overdue_deliverables,
    ),
    Rule(
        "owner-without-contribution",
        Severity.WARNING,
        "every owner of a duty has contributed to it",
        _owners_without_contribution,
    ),
    Rule(
        "contribution-to-unowned-duty",
        Severity.WARNING,
        "a contribution answers only duties its agency owns",
        _contributions_to_unowned_duties,
    ),
)
"""Every coverage rule, in the order they are documented."""

RULE_IDS: Final = frozenset(rule.id for rule in RULES)


def coverage_findings(
    workspace: Workspace, files: Mapping[str, LoadedFile], as_of: JalaliDate
) -> list[Diagnostic]:
    """Every finding of every coverage rule on a valid workspace, as of the date ``as_of``."""
    coverage = Coverage.of(workspace, files, as_of)
    return [diagnostic for rule in RULES for diagnostic in rule.run(coverage)]
