"""``gdcpos check``: validation, then the coverage rules, gathered in one report.

The report is what every output format renders and what decides the exit status: it fails on
any error, and on any warning too when ``strict`` (as MkDocs' ``--strict`` does).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from gdcpos.check.rules import coverage_findings
from gdcpos.diagnostics import Diagnostic, sorted_diagnostics
from gdcpos.persian.jalali import JalaliDate
from gdcpos.validate import validate_workspace


class Stage(enum.StrEnum):
    """Which part of the check found a problem."""

    VALIDATION = "validation"
    COVERAGE = "coverage"


def _file_order(diagnostic: Diagnostic) -> tuple[str, int, int]:
    location = diagnostic.location
    return (location.path, location.line, location.col)


@dataclass(frozen=True)
class CheckReport:
    """Every finding of one check run, with what it was run with.

    ``workspace`` is the folder as the user named it (paths in findings are relative to it);
    ``validation`` holds the validation diagnostics; ``coverage`` the coverage rules' findings,
    empty and ``coverage_checked`` False when validation failed (the rules need a valid
    workspace). The counts describe the workspace for the closing line of a passing run.
    """

    workspace: Path
    as_of: JalaliDate
    strict: bool
    coverage_checked: bool
    validation: tuple[Diagnostic, ...]
    coverage: tuple[Diagnostic, ...] = ()
    agencies: int = 0
    duties: int = 0
    contributions: int = 0

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """All findings, in file order."""
        return sorted_diagnostics((*self.validation, *self.coverage))

    @property
    def errors(self) -> int:
        return sum(1 for d in (*self.validation, *self.coverage) if d.is_error)

    @property
    def warnings(self) -> int:
        return len(self.validation) + len(self.coverage) - self.errors

    @property
    def failed(self) -> bool:
        """True when the check must fail CI: an error, or a warning under ``--strict``."""
        return self.errors > 0 or (self.strict and self.warnings > 0)

    def staged(self) -> list[tuple[Stage, Diagnostic]]:
        """All findings with the stage that found each, in file order."""
        pairs = [(Stage.VALIDATION, d) for d in self.validation]
        pairs += [(Stage.COVERAGE, d) for d in self.coverage]
        return sorted(pairs, key=lambda pair: _file_order(pair[1]))


def run_check(root: Path, *, as_of: JalaliDate, strict: bool = False) -> CheckReport:
    """Validate the workspace at ``root`` and, if it is valid, run every coverage rule on it."""
    result = validate_workspace(root)
    if result.workspace is None:
        return CheckReport(root, as_of, strict, False, tuple(result.diagnostics))
    workspace = result.workspace
    return CheckReport(
        root,
        as_of,
        strict,
        True,
        tuple(result.diagnostics),
        tuple(coverage_findings(workspace, result.files, as_of)),
        agencies=len(workspace.agencies),
        duties=len(workspace.duties),
        contributions=sum(1 for _ in workspace.contributions()),
    )
