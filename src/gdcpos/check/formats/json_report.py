"""The json format: the whole report as one JSON document, for dashboards and other tools.

Its shape is documented as JSON Schema in ``docs/check-report.schema.json``; ``SCHEMA_VERSION``
changes whenever a field is removed or changes meaning (adding a field does not change it).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Final

from gdcpos import __version__
from gdcpos.check.formats.common import Output
from gdcpos.diagnostics import Diagnostic

if TYPE_CHECKING:
    from gdcpos.check.report import CheckReport, Stage

SCHEMA_VERSION: Final = 1


def document(report: CheckReport) -> dict[str, Any]:
    """The report as plain data, in the schema's field order."""
    workspace = (
        {
            "agencies": report.agencies,
            "duties": report.duties,
            "contributions": report.contributions,
        }
        if report.coverage_checked
        else None
    )
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "gdcpos", "version": __version__},
        "as_of": report.as_of.isoformat(),
        "strict": report.strict,
        "coverage_checked": report.coverage_checked,
        "passed": not report.failed,
        "counts": {"errors": report.errors, "warnings": report.warnings},
        "workspace": workspace,
        "findings": [_finding(stage, d) for stage, d in report.staged()],
    }


def _finding(stage: Stage, diagnostic: Diagnostic) -> dict[str, Any]:
    location = diagnostic.location
    return {
        "path": location.path,
        "line": location.line or None,
        "column": location.col or None,
        "severity": diagnostic.severity.value,
        "rule": diagnostic.rule or None,
        "stage": stage.value,
        "message": diagnostic.message,
    }


def render(report: CheckReport) -> Output:
    """The document, indented, on stdout; nothing else is printed, so it can be piped to a tool."""
    text = json.dumps(document(report), ensure_ascii=False, indent=2) + "\n"
    return Output(stdout=text, utf8=True)
