"""The text format: a table grouped by rule on a terminal, one plain line per finding when piped.

The plain line is the compilers' ``PATH:LINE:COL: severity: message`` with the rule's id after it
in brackets, so editors and CI logs can jump to the line and people can look the rule up.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from gdcpos.check.formats.common import Output, closing_line
from gdcpos.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from rich.console import RenderableType

    from gdcpos.check.report import CheckReport

UNNAMED = "validation"
"""The group of validation problems that carry no rule id (unreadable files, YAML syntax)."""


def plain_line(diagnostic: Diagnostic) -> str:
    """``PATH:LINE:COL: severity: message [rule]``, the rule left out when there is none."""
    return f"{diagnostic} [{diagnostic.rule}]" if diagnostic.rule else str(diagnostic)


def render(report: CheckReport) -> Output:
    """Findings and the closing line: on stderr when the check fails, else on stdout."""
    diagnostics = report.diagnostics
    closing = closing_line(report)
    plain = "".join(f"{plain_line(d)}\n" for d in diagnostics)
    if not diagnostics:
        return Output(stdout=closing)
    if not report.failed:
        return Output(stdout=closing, stderr=plain, stderr_terminal=_table(diagnostics))
    return Output(stderr=plain + closing, stderr_terminal=_table(diagnostics, closing))


def _groups(diagnostics: list[Diagnostic]) -> list[tuple[str, list[Diagnostic]]]:
    """Findings by rule: errors' rules first, then in the documented order of the rules."""
    from gdcpos.check.rules import RULES

    documented = {rule.id: index for index, rule in enumerate(RULES)}
    by_rule: defaultdict[str, list[Diagnostic]] = defaultdict(list)
    for diagnostic in diagnostics:
        by_rule[diagnostic.rule or UNNAMED].append(diagnostic)

    def order(item: tuple[str, list[Diagnostic]]) -> tuple[bool, int, str]:
        rule, found = item
        return (not any(d.is_error for d in found), documented.get(rule, -1), rule)

    return sorted(by_rule.items(), key=order)


def _table(diagnostics: list[Diagnostic], closing: str = "") -> RenderableType:
    """One block per rule: a heading line, then a two-column table of where and what."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from gdcpos.check.rules import RULES

    summaries = {rule.id: rule.summary for rule in RULES}
    blocks: list[RenderableType] = []
    for rule, found in _groups(diagnostics):
        severity = Severity.ERROR if any(d.is_error for d in found) else Severity.WARNING
        heading = Text()
        style = "bold red" if severity is Severity.ERROR else "yellow"
        heading.append(f"{severity.value} ", style=style)
        heading.append(rule, style="bold")
        summary = summaries.get(rule)
        heading.append(f"  {len(found)}" + (f" · {summary}" if summary else ""), style="dim")
        table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False, expand=True)
        table.add_column("where", no_wrap=True, style="cyan")
        table.add_column("finding", ratio=1, overflow="fold")
        for diagnostic in found:
            table.add_row(str(diagnostic.location), diagnostic.message)
        blocks += [heading, table, Text()]
    if closing:
        blocks.append(Text(closing.rstrip("\n"), style="bold"))
    return Group(*blocks)
