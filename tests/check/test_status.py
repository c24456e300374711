"""`gdcpos status`: the agencies × duties matrix, submissions and deadlines, narrow and wide."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from gdcpos.check.status import Mark, compute_status
from gdcpos.check.status_view import WIDE_COLUMNS, isolate, render_status
from gdcpos.persian.jalali import JalaliDate
from tests.check.conftest import FILES, CheckWorkspace, Edits, edited
from tests.conftest import REPO, run_gdcpos

NO_COUNTRY_POSITION = edited(
    "positions/mfa.yaml",
    'kind: country-position\n    title: "عنوان"\n    text: "متن"\n'
    "    country: CN\n    alignment: aligned\n",
    'kind: threat\n    title: "عنوان"\n    text: "متن"\n',
)

# Every mark: ncc owns 1 and answered it, ict answered 1 without owning it,
# culture owns 3 and has not answered it, nobody else touches 3.
MIXED: Edits = {
    **edited("positions/ict.yaml", "duties: [2]", "duties: [2, 1]"),
    "positions/culture.yaml": "agency: culture\nrevision: 3\nsubmitted: 1402-01-12\n"
    "contributions: []\n",
}


def shown(root: Path, as_of: str, *, width: int = 80, encoding: str = "utf-8") -> list[str]:
    report = compute_status(root, as_of=JalaliDate.parse(as_of))
    out = Console(file=io.StringIO(), width=width, color_system=None, legacy_windows=False)
    out.print(render_status(report, width=width, encoding=encoding))
    text = out.file.getvalue()  # type: ignore[attr-defined]
    lines = [line.rstrip() for line in text.splitlines()]
    assert all(cell_len(line) <= width for line in lines), text
    return lines


def row(lines: list[str], first: str) -> list[str]:
    return next(line.split() for line in lines if line.split()[:1] == [first])


def test_matrix_at_80_columns(check_workspace: CheckWorkspace) -> None:
    lines = shown(check_workspace(MIXED), "1402-01-20")
    assert lines[0] == "Status as of 1402-01-20 (2023-04-09)"
    assert row(lines, "agency") == ["agency", "rev", "submitted", "items", "1", "2", "3"]
    assert row(lines, "ncc") == ["ncc", "(lead)", "1", "1402-01-10", "1", "✓", "·", "·"]
    assert row(lines, "ict") == ["ict", "1", "1402-01-10", "1", "+", "✓", "·"]
    assert row(lines, "mfa") == ["mfa", "1", "1402-01-10", "2", "·", "✓", "·"]
    assert row(lines, "culture") == ["culture", "3", "1402-01-12", "0", "·", "·", "✗"]
    assert row(lines, "contributions") == ["contributions", "4", "2", "3", "0"]
    assert (
        " ✓ owner, contributed   ✗ owner, missing   + not owner, contributed   · neither" in lines
    )
    assert row(lines, "2") == ["2", "mfa", "1402-01-15", "passed", "5", "days", "ago", "delivered"]
    assert row(lines, "1") == ["1", "ncc", "-", "no", "deadline"]
    assert lines[-1] == "gdcpos check: 1 error, 2 warnings  (run gdcpos check for where and why)"


def test_a_member_without_submission(check_workspace: CheckWorkspace) -> None:
    lines = shown(check_workspace({"positions/culture.yaml": None}), "1402-01-20")
    assert row(lines, "culture") == ["culture", "-", "-", "0", "·", "·", "✗"]


@pytest.mark.parametrize(
    ("as_of", "due"),
    [
        ("1402-01-10", ["5", "days", "left"]),
        ("1402-01-14", ["1", "day", "left"]),
        ("1402-01-15", ["due", "today"]),
        ("1402-01-20", ["overdue", "by", "5", "days"]),
    ],
)
def test_deadline_in_days(check_workspace: CheckWorkspace, as_of: str, due: list[str]) -> None:
    lines = shown(check_workspace(NO_COUNTRY_POSITION), as_of)
    cells = row(lines, "2")
    assert cells[:3] == ["2", "mfa", "1402-01-15"]
    assert cells[3 : 3 + len(due)] == due
    words = " ".join(" ".join(lines).split())
    assert "missing: mfa has no country-position contribution in positions/mfa.yaml" in words


def test_ascii_terminal_gets_ascii(check_workspace: CheckWorkspace) -> None:
    lines = shown(check_workspace(MIXED), "1402-01-20", width=200, encoding="ascii")
    "\n".join(lines).encode("ascii")
    assert row(lines, "culture")[-3:] == [".", ".", "N"]
    assert row(lines, "ict")[-3:] == ["+", "Y", "."]
    assert (
        " Y owner, contributed   N owner, missing   + not owner, contributed   . neither" in lines
    )


def test_wide_terminal_adds_persian_in_isolates(check_workspace: CheckWorkspace) -> None:
    lines = shown(check_workspace(MIXED), "1402-01-20", width=WIDE_COLUMNS)
    assert lines[0] == f"Status as of 1402-01-20 (2023-04-09)  {isolate('۲۰ فروردین ۱۴۰۲')}"
    culture = next(line for line in lines if line.startswith("culture"))
    assert isolate("ارشاد") in culture
    assert isolate("۱۲ فروردین ۱۴۰۲") in culture
    assert "1402-01-12" in culture  # the ISO date stays beside it, for terminals without bidi
    decision = next(line for line in lines if line.split()[:2] == ["2", "mfa"])
    assert isolate("۱۵ فروردین ۱۴۰۲") in decision


def test_narrow_terminal_has_no_persian(check_workspace: CheckWorkspace) -> None:
    text = "\n".join(shown(check_workspace(MIXED), "1402-01-20", width=WIDE_COLUMNS - 1))
    assert not any("\u0600" <= char <= "\u06ff" for char in text)


def test_repository_workspace_fits_80_columns() -> None:
    lines = shown(REPO, "1402-01-20")
    assert any(line.startswith("prosecutor") for line in lines)
    assert row(lines, "3") == ["3", "all", "11", "members", "-", "no", "deadline"]


def test_status_marks(check_workspace: CheckWorkspace) -> None:
    report = compute_status(check_workspace(MIXED), as_of=JalaliDate(1402, 1, 20))
    marks = {agency.id: agency.marks for agency in report.agencies}
    assert marks["ict"] == (Mark.UNOWNED, Mark.CONTRIBUTED, Mark.NONE)
    assert marks["culture"] == (Mark.NONE, Mark.NONE, Mark.MISSING)
    assert (report.errors, report.warnings) == (1, 2)


def test_status_command(check_workspace: CheckWorkspace) -> None:
    outcome = run_gdcpos("status", "-w", check_workspace(), "--as-of", "1402-01-20")
    assert outcome.exit_code == 0, outcome.stderr
    assert "Agencies × duties" in outcome.stdout
    assert "Decisions" in outcome.stdout
    assert outcome.stdout.rstrip().endswith("gdcpos check: 0 errors, 0 warnings")


def test_status_of_an_invalid_workspace(check_workspace: CheckWorkspace) -> None:
    root = check_workspace(edited("positions/ict.yaml", "axis: fragmentation", "axis: nowhere"))
    outcome = run_gdcpos("status", "-w", root)
    assert outcome.exit_code == 1
    assert outcome.stdout == ""
    assert outcome.stderr.startswith("positions/ict.yaml:6:11: error: unknown axis 'nowhere'")


def test_fixture_submissions_are_dated() -> None:
    assert "submitted: 1402-01-10" in FILES["positions/mfa.yaml"]
