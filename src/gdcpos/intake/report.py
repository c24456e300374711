"""What an intake run did, and how it is shown: one entry per file, with the diff it brought.

The located reasons and warnings go to standard error as ``PATH:LINE:COL: error: …`` (through
:mod:`gdcpos.console`, like every other command); the report itself goes to standard output,
styled on a terminal and plain when piped.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from gdcpos import console
from gdcpos.diagnostics import Diagnostic, InputError, printable
from gdcpos.intake.plan import Decision


class NotTakenIn(NamedTuple):
    """A file a stopped run did not take in, and why: it was being written when the run stopped,
    or the run stopped before it. ``decision`` is the one planned, shown only by name."""

    decision: Decision
    why: str


@dataclass(frozen=True)
class IntakeReport:
    """Every decision of one run, in the order made; ``removed`` lists temporary files left by
    an earlier, interrupted intake and cleaned up by this one.

    A run stopped part-way (a failed write, Ctrl-C) has only the decisions carried out before
    the stop; the other files are ``not_taken_in``.
    """

    decisions: tuple[Decision, ...]
    dry_run: bool = False
    removed: tuple[str, ...] = ()
    not_taken_in: tuple[NotTakenIn, ...] = ()

    @property
    def accepted(self) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions if d.accepted)

    @property
    def refused(self) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions if not d.accepted)

    @property
    def ok(self) -> bool:
        """True when every file was accepted (exit status 0)."""
        return not self.refused and not self.not_taken_in

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Every reason and warning of the run, each once."""
        return tuple(dict.fromkeys(d for decision in self.decisions for d in decision.diagnostics))


class IntakeStopped(InputError):
    """A write failed part-way through a run (a full disk): ``diagnostics`` says which, and
    ``report`` what became of every file."""

    def __init__(self, report: IntakeReport, diagnostics: Iterable[Diagnostic]) -> None:
        super().__init__(diagnostics)
        self.report = report


class IntakeInterrupted(KeyboardInterrupt):
    """Ctrl-C part-way through a run; ``report`` says what became of every file."""

    def __init__(self, report: IntakeReport) -> None:
        super().__init__()
        self.report = report


@dataclass(frozen=True)
class Line:
    """One line of the report: ``style`` names its role (see ``_STYLES``), ``indent`` its depth.

    On a terminal the style colours ``head`` (the verdict), or the whole line if it has none.
    ``text`` quotes file names and what files declare (an agency): characters in them that
    would act on the terminal or break the line are kept as escapes, as on standard error.
    """

    style: str
    text: str
    indent: int = 0
    head: str = ""

    def __post_init__(self) -> None:
        # Here, where every line is made, rather than where each name is put into one.
        object.__setattr__(self, "text", printable(self.text))

    @property
    def plain(self) -> str:
        return f"{'  ' * self.indent}{self.head}{self.text}"


_STYLES = {
    "accepted": "bold green",
    "refused": "bold red",
    "not-taken-in": "bold red",
    "added": "green",
    "changed": "yellow",
    "withdrawn": "red",
    "note": "dim",
    "summary": "bold",
}


def report_lines(report: IntakeReport) -> list[Line]:
    """The report as lines of text, the same on a terminal and in a pipe."""
    lines = [Line("note", f"removed leftover temporary file {path}") for path in report.removed]
    for decision in report.decisions:
        lines += _decision_lines(decision, report.dry_run)
    lines += [
        Line("not-taken-in", f" {decision.file}{_identity(decision)}: {why}", head="not taken in")
        for decision, why in report.not_taken_in
    ]
    accepted, refused = len(report.accepted), len(report.refused)
    files = len(report.decisions) + len(report.not_taken_in)
    verb = ("would be accepted", "would be refused") if report.dry_run else ("accepted", "refused")
    summary = f"{files} file{'s' * (files != 1)}: {accepted} {verb[0]}, {refused} {verb[1]}"
    if report.not_taken_in:
        summary += f", {len(report.not_taken_in)} not taken in"
    lines.append(Line("summary", summary))
    if report.dry_run:
        lines.append(Line("note", "dry run: nothing was written"))
    return lines


def _decision_lines(decision: Decision, dry_run: bool) -> list[Line]:
    who = _identity(decision)
    if not decision.accepted:
        first = decision.reasons[0].message if decision.reasons else decision.verdict.value
        more = len(decision.reasons) - 1
        tail = f" (and {more} more reason{'s' * (more != 1)})" if more > 0 else ""
        verb = "would refuse" if dry_run else "refused"
        return [Line("refused", f" {decision.file}{who}: {first}{tail}", head=verb)]
    verb = "would accept" if dry_run else "accepted"
    if decision.kept_as is None:
        where = f"{decision.target}, the agency's first submission"
    else:
        replaced = (
            "a file whose revision could not be read"
            if decision.previous_revision is None
            else f"revision {decision.previous_revision}"
        )
        where = f"{decision.target}, replacing {replaced} (kept as {decision.kept_as})"
    warnings = len(decision.warnings)
    note = f"; {warnings} warning{'s' * (warnings != 1)}" if warnings else ""
    lines = [Line("accepted", f" {decision.file}{who} → {where}{note}", head=verb)]
    diff = decision.diff
    if diff is None or diff.empty:
        lines.append(Line("note", "no contribution added, changed or withdrawn", 1))
        return lines
    lines += [Line("added", f"+ {item} added", 1) for item in diff.added]
    lines += [
        Line("changed", f"~ {change.id} changed: {', '.join(change.fields)}", 1)
        for change in diff.changed
    ]
    lines += [Line("withdrawn", f"- {item} withdrawn", 1) for item in diff.withdrawn]
    return lines


def _identity(decision: Decision) -> str:
    if decision.agency is None:
        return ""
    if decision.revision is None:
        return f" ({decision.agency})"
    return f" ({decision.agency} r{decision.revision})"


def print_report(report: IntakeReport) -> None:
    """Reasons and warnings on standard error, then the report on standard output."""
    console.print_diagnostics(report.diagnostics)
    lines = report_lines(report)
    if not sys.stdout.isatty():
        sys.stdout.write("".join(f"{line.plain}\n" for line in lines))
        sys.stdout.flush()
        return
    from rich.text import Text

    out = console.stdout()
    for line in lines:
        style = _STYLES.get(line.style, "")
        if line.head:
            out.print(Text.assemble("  " * line.indent, (line.head, style), line.text))
        else:
            out.print(Text(line.plain, style=style))
