"""What every check formatter returns, and the closing line that text and github formats share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import RenderableType

    from gdcpos.check.report import CheckReport


@dataclass(frozen=True)
class Output:
    """A report formatted for the two streams.

    ``stdout`` carries the report itself in the machine formats (json, github) and the closing
    line of a passing check; ``stderr`` the findings and closing line of a failing one, as plain
    lines. ``stderr_terminal``, when set, is shown instead of ``stderr`` on a terminal.
    """

    stdout: str = ""
    stderr: str = ""
    stderr_terminal: RenderableType | None = None
    utf8: bool = False
    """Whether ``stdout`` is UTF-8 whatever the locale (the machine formats are, by definition)."""


def closing_line(report: CheckReport) -> str:
    """The last line a person reads: the verdict and the counts, with a newline."""
    counts = f"{_plural(report.errors, 'error')}, {_plural(report.warnings, 'warning')}"
    if not report.coverage_checked:
        return f"gdcpos: the workspace is not valid ({counts}); coverage was not checked\n"
    if report.failed:
        strict = " (--strict: warnings fail)" if report.strict and not report.errors else ""
        return f"gdcpos: check failed as of {report.as_of}: {counts}{strict}\n"
    warned = f" with {_plural(report.warnings, 'warning')}" if report.warnings else ""
    return (
        f"check passed{warned} as of {report.as_of}: {_plural(report.agencies, 'agency')}, "
        f"{_plural(report.duties, 'duty')}, {_plural(report.contributions, 'contribution')}\n"
    )


def _plural(count: int, noun: str) -> str:
    if count == 1:
        return f"1 {noun}"
    return f"{count} {noun[:-1]}ies" if noun.endswith("y") else f"{count} {noun}s"
