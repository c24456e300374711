"""The tables of ``gdcpos status``, drawn with rich for an 80-column terminal and a wide one.

Persian in a terminal table, as measured (rich 15, ``fribidi`` standing in for a terminal that
applies the bidi algorithm): rich measures Persian letters as one cell each and ZWNJ as none, so
columns line up in logical order; but a bidi terminal reorders each line, and two Persian cells
in a row trade places (the ``│`` and spaces between them become part of one right-to-left run),
while a terminal without bidi shows the letters left to right, unjoined. So the narrow view (the
default up to ``WIDE_COLUMNS``) shows ids and ISO dates only; the wide view adds the Persian
short name and Persian dates, each wrapped in a first-strong isolate (U+2068 … U+2069, zero
width for rich) so a bidi terminal keeps it in its own cell, and keeps the ISO date beside it
for terminals that cannot show Persian. A terminal that is not UTF-8 gets ASCII marks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from gdcpos.check.status import DecisionStatus, Mark, StatusReport
from gdcpos.models import Role
from gdcpos.persian.jalali import JalaliDate

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

WIDE_COLUMNS: Final = 120
"""From this width on, the Persian columns are shown."""

_FSI, _PDI = "\u2068", "\u2069"

_SYMBOLS: Final = {
    Mark.CONTRIBUTED: ("✓", "Y"),
    Mark.MISSING: ("✗", "N"),
    Mark.UNOWNED: ("+", "+"),
    Mark.NONE: ("·", "."),
}
_STYLES: Final = {
    Mark.CONTRIBUTED: "green",
    Mark.MISSING: "bold red",
    Mark.UNOWNED: "yellow",
    Mark.NONE: "dim",
}


def isolate(persian: str) -> str:
    """Persian text as its own bidi island, so a terminal's reordering stays inside its cell."""
    return f"{_FSI}{persian}{_PDI}"


def render_status(report: StatusReport, *, width: int, encoding: str) -> RenderableType:
    """The status report for a terminal ``width`` columns wide writing in ``encoding``."""
    from rich.console import Group
    from rich.text import Text

    unicode = encoding.lower().replace("-", "").startswith("utf")
    wide = unicode and width >= WIDE_COLUMNS
    heading = Text(f"Status as of {report.as_of}", style="bold")
    heading.append(f" ({report.as_of.to_gregorian().isoformat()})", style="dim")
    if wide:
        heading.append(f"  {isolate(report.as_of.format_persian())}")
    verdict = Text("gdcpos check: ", style="bold")
    verdict.append(
        f"{report.errors} error{'s' * (report.errors != 1)}",
        style="bold red" if report.errors else "green",
    )
    verdict.append(
        f", {report.warnings} warning{'s' * (report.warnings != 1)}",
        style="yellow" if report.warnings else "green",
    )
    if report.errors or report.warnings:
        verdict.append("  (run gdcpos check for where and why)", style="dim")
    return Group(
        heading,
        Text(),
        _matrix(report, unicode=unicode, wide=wide),
        _legend(unicode=unicode),
        Text(),
        _decisions(report, wide=wide),
        Text(),
        verdict,
    )


def symbol(mark: Mark, *, unicode: bool) -> str:
    """The character shown for a mark: a Unicode sign, or an ASCII letter when it cannot be."""
    fancy, plain = _SYMBOLS[mark]
    return fancy if unicode else plain


def _legend(*, unicode: bool) -> Text:
    from rich.text import Text

    legend = Text(" ")
    for mark in Mark:
        legend.append(symbol(mark, unicode=unicode), style=_STYLES[mark])
        legend.append(f" {mark.value}   ", style="dim")
    legend.rstrip()
    return legend


def _date(value: JalaliDate | None) -> str:
    return "-" if value is None else value.isoformat()


def _matrix(report: StatusReport, *, unicode: bool, wide: bool) -> RenderableType:
    """Agencies down, duties across, with each agency's submission to the left."""
    from rich.table import Table
    from rich.text import Text

    table = Table(
        box=None,
        padding=(0, 1),
        pad_edge=False,
        show_footer=True,
        header_style="bold",
        footer_style="bold",
        title="Agencies × duties" if unicode else "Agencies x duties",
        title_justify="left",
        title_style="bold",
    )
    total = sum(agency.contributions for agency in report.agencies)
    table.add_column("agency", footer="contributions", no_wrap=True)
    if wide:
        table.add_column("short", no_wrap=True)
    table.add_column("rev", justify="right", no_wrap=True)
    table.add_column("submitted", no_wrap=True)
    if wide:
        table.add_column("submitted (Jalali)", no_wrap=True)
    table.add_column("items", footer=str(total), justify="right", no_wrap=True)
    for duty, count in zip(report.duties, report.contributions_per_duty, strict=True):
        table.add_column(str(duty), footer=str(count), justify="right", no_wrap=True)

    for agency in report.agencies:
        name = Text(agency.id, style="bold" if agency.role is Role.LEAD else "")
        if agency.role is Role.LEAD:
            name.append(" (lead)", style="dim")
        persian = [isolate(agency.short)] if wide else []
        submitted = [_date(agency.submitted)]
        if wide:
            submitted.append(
                isolate(agency.submitted.format_persian()) if agency.submitted else "-"
            )
        marks = [Text(symbol(mark, unicode=unicode), style=_STYLES[mark]) for mark in agency.marks]
        table.add_row(
            name,
            *persian,
            str(agency.revision) if agency.revision is not None else "-",
            *submitted,
            str(agency.contributions),
            *marks,
        )
    return table


def due(decision: DecisionStatus) -> str:
    """``12 days left``, ``due today``, ``overdue by 3 days`` (or ``passed 3 days ago`` once
    delivered); empty without a deadline."""
    days = decision.days_left
    if days is None:
        return ""
    if days == 0:
        return "due today"
    count = abs(days)
    unit = f"{count} day{'s' * (count != 1)}"
    if days > 0:
        return f"{unit} left"
    return f"passed {unit} ago" if decision.delivered else f"overdue by {unit}"


def _owners(owners: tuple[str, ...], members: frozenset[str]) -> str:
    if len(owners) > 1 and frozenset(owners) == members:
        return f"all {len(owners)} members"
    return ", ".join(owners)


def _decisions(report: StatusReport, *, wide: bool) -> RenderableType:
    """Each decision's owners, deadline, days left and whether its deliverable is in."""
    from rich.table import Table
    from rich.text import Text

    table = Table(
        box=None,
        padding=(0, 1),
        pad_edge=False,
        header_style="bold",
        title="Decisions",
        title_justify="left",
        title_style="bold",
    )
    table.add_column("no.", justify="right", no_wrap=True)
    table.add_column("owners", ratio=1)
    table.add_column("deadline", no_wrap=True)
    if wide:
        table.add_column("deadline (Jalali)", no_wrap=True)
    table.add_column("due", no_wrap=True)
    table.add_column("deliverable", ratio=1)
    members = frozenset(a.id for a in report.agencies if a.role is Role.MEMBER)
    for decision in report.decisions:
        deadline = decision.deadline
        persian = []
        if wide:
            persian = [isolate(deadline.format_persian()) if deadline else "-"]
        late = (decision.days_left or 0) < 0 and not decision.delivered
        if deadline is None:
            state = Text("no deadline", style="dim")
        elif decision.delivered:
            state = Text("delivered", style="green")
        else:
            missing = "missing: " + "; ".join(decision.missing)
            state = Text(missing, style="bold red" if late else "yellow")
        table.add_row(
            str(decision.number),
            _owners(decision.owners, members),
            _date(deadline),
            *persian,
            Text(due(decision), style="bold red" if late else ""),
            state,
        )
    return table
