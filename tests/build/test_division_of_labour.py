"""The division of labour's decisions table says what ``gdcpos status`` and ``gdcpos check`` say:
whether a deliverable is in, and the days left or overdue on the ``--as-of`` date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.build.helpers import docx_table_rows
from tests.conftest import REPO, MakeWorkspace, run_gdcpos

MFA = REPO / "positions" / "mfa.yaml"
DECISION_2_DEADLINE = "۱۵ فروردین ۱۴۰۲"


def mfa_with_first_contribution_only() -> str:
    """The repository's mfa.yaml cut after its first contribution: no country-position left."""
    text = MFA.read_text(encoding="utf-8")
    second = text.index("  - id: mfa-002")
    assert "kind: country-position" not in text[:second]
    return text[:second]


def decision_2_in_document(root: Path, as_of: str, *options: str) -> str:
    """The «وضعیت» cell of decision 2 in the built division-of-labour.docx."""
    out = root / "out"
    outcome = run_gdcpos(
        "build", "division-of-labour", "-w", root, "-o", out, "--as-of", as_of, *options
    )
    assert outcome.exit_code == 0, outcome.stderr
    (built,) = out.glob("division-of-labour*.docx")
    rows = docx_table_rows(built)
    header = next(row for row in rows if row[:1] == ["بند"])
    assert header[-2:] == ["مهلت", "وضعیت"]
    (decision,) = [row for row in rows if row[0] == "۲" and row[-2] == DECISION_2_DEADLINE]
    return decision[-1]


def decision_2_in_status(root: Path, as_of: str) -> str:
    """Decision 2's "due" and "deliverable" columns as ``gdcpos status`` prints them."""
    outcome = run_gdcpos("status", "-w", root, "--as-of", as_of)
    assert outcome.exit_code == 0, outcome.stderr
    line = next(line for line in outcome.stdout.splitlines() if line.split()[:2] == ["2", "mfa"])
    return " ".join(line.split()[3:])


def test_on_time_without_the_deliverable_is_overdue_as_check_says(
    make_workspace: MakeWorkspace,
) -> None:
    root = make_workspace(
        {"positions/mfa.yaml": mfa_with_first_contribution_only()}, positions=True
    )
    check = run_gdcpos("check", "-w", root, "--as-of", "1402-01-25")
    assert check.exit_code == 1
    assert (
        "data/duties.yaml:20:15: error: decision 2 was due on 1402-01-15 (10 days before "
        "1402-01-25) and its deliverable is missing: mfa has no country-position contribution "
        "in positions/mfa.yaml [deliverable-overdue]"
    ) in check.stderr.splitlines()
    assert decision_2_in_status(root, "1402-01-25").startswith("overdue by 10 days missing:")
    assert decision_2_in_document(root, "1402-01-25") == "سررسید گذشته (۱۰ روز)"


@pytest.mark.parametrize(
    ("as_of", "due", "shown"),
    [
        ("1402-01-10", "5 days left", "در جریان (۵ روز مانده)"),
        ("1402-01-14", "1 day left", "در جریان (۱ روز مانده)"),
        ("1402-01-15", "due today", "در جریان (سررسید امروز)"),
        ("1402-01-16", "overdue by 1 day", "سررسید گذشته (۱ روز)"),
    ],
)
def test_a_missing_deliverable_counts_the_days_as_status_does(
    make_workspace: MakeWorkspace, as_of: str, due: str, shown: str
) -> None:
    root = make_workspace(
        {"positions/mfa.yaml": mfa_with_first_contribution_only()}, positions=True
    )
    assert decision_2_in_status(root, as_of).startswith(f"{due} missing:")
    assert decision_2_in_document(root, as_of) == shown


def test_delivered_after_the_deadline_is_delivered(make_workspace: MakeWorkspace) -> None:
    late = MFA.read_text(encoding="utf-8").replace("submitted: 1402-01-14", "submitted: 1402-01-20")
    root = make_workspace({"positions/mfa.yaml": late}, positions=True)
    assert decision_2_in_status(root, "1402-01-25") == "passed 10 days ago delivered"
    assert decision_2_in_document(root, "1402-01-25") == "تحویل شد"


@pytest.mark.parametrize(("as_of", "due"), [("1300-01-01", "days left"), ("1402-01-25", "ago")])
def test_delivered_is_judged_on_the_as_of_date_like_status(
    make_workspace: MakeWorkspace, as_of: str, due: str
) -> None:
    root = make_workspace(positions=True)
    status = decision_2_in_status(root, as_of)
    assert status.endswith(f"{due} delivered"), status
    assert decision_2_in_document(root, as_of) == "تحویل شد"


@pytest.mark.parametrize("options", [(), ("--audience", "public")])
def test_a_deliverable_withheld_from_the_audience_was_still_delivered(
    make_workspace: MakeWorkspace, options: tuple[str, ...]
) -> None:
    secret = re.sub(
        r"(kind: country-position\n(?:    .*\n)*?    classification: )\w+",
        r"\1secret",
        MFA.read_text(encoding="utf-8"),
    )
    assert secret.count("classification: secret") == secret.count("kind: country-position\n")
    root = make_workspace({"positions/mfa.yaml": secret}, positions=True)
    assert decision_2_in_status(root, "1402-01-25") == "passed 10 days ago delivered"
    assert decision_2_in_document(root, "1402-01-25", *options) == "تحویل شد"


def test_a_decision_without_deadline_says_so(make_workspace: MakeWorkspace) -> None:
    root = make_workspace(positions=True)
    out = root / "out"
    assert run_gdcpos("build", "division-of-labour", "-w", root, "-o", out).exit_code == 0
    rows = docx_table_rows(out / "division-of-labour.docx")
    decisions = {row[0]: row[-2:] for row in rows if len(row) == 5 and row[0] in ("۱", "۳")}
    assert decisions == {"۱": ["—", "بدون مهلت"], "۳": ["—", "بدون مهلت"]}
