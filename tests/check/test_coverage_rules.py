"""`gdcpos check` on workspaces with one gap each: the right rule, at the right line, exit status.

Each case edits the complete workspace of ``conftest.FILES`` to open one gap; the expected
locations are read off the fixture's text (see the line numbers there).
"""

from __future__ import annotations

import re

import pytest

from tests.check.conftest import FILES, CheckWorkspace, Edits, edited
from tests.conftest import Outcome, run_gdcpos

AS_OF = "1402-01-20"
LINE = re.compile(
    r"^(?P<where>\S+): (?P<severity>error|warning): (?P<message>.*) \[(?P<rule>[^]]+)\]$"
)

Expected = tuple[str, str, str, str]
"""(location, severity, fragment of the message, rule id)"""


def check(root: object, *options: str) -> Outcome:
    outcome = run_gdcpos("check", "-w", root, "--as-of", AS_OF, *options)
    assert outcome.exception is None, outcome.exception
    assert "Traceback" not in outcome.stdout + outcome.stderr
    return outcome


def findings(stderr: str) -> list[Expected]:
    return [
        (m["where"], m["severity"], m["message"], m["rule"])
        for m in map(LINE.match, stderr.splitlines())
        if m is not None
    ]


def assert_found(stderr: str, expected: list[Expected]) -> None:
    found = findings(stderr)
    for where, severity, fragment, rule in expected:
        same = [f for f in found if (f[0], f[1], f[3]) == (where, severity, rule)]
        assert any(fragment in f[2] for f in same), (where, severity, fragment, rule, stderr)
    assert len(found) == len(expected), stderr


def test_the_complete_workspace_passes(check_workspace: CheckWorkspace) -> None:
    outcome = check(check_workspace())
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stderr == ""
    assert outcome.stdout == (
        f"check passed as of {AS_OF}: 4 agencies, 3 duties, 5 contributions\n"
    )


NO_CONTRIBUTIONS = "agency: culture\nrevision: 1\nsubmitted: 1402-01-10\ncontributions: []\n"


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        pytest.param(
            {"positions/culture.yaml": NO_CONTRIBUTIONS},
            [
                (
                    "data/duties.yaml:29:13",
                    "error",
                    "duty 3 has no contribution: no submission lists 3 in a contribution's "
                    "duties (owners: culture)",
                    "duty-without-contribution",
                ),
                (
                    "data/duties.yaml:32:14",
                    "warning",
                    "culture owns duty 3 but none of its contributions answers it",
                    "owner-without-contribution",
                ),
            ],
            id="duty-without-contribution",
        ),
        pytest.param(
            edited("data/duties.yaml", "owners: [culture]", "owners: []"),
            [
                (
                    "data/duties.yaml:32:13",
                    "error",
                    "duty 3 has no owner",
                    "duty-without-owner",
                ),
                (
                    "positions/culture.yaml:7:14",
                    "warning",
                    "culture-001 answers duty 3, which culture does not own (owners: none)",
                    "contribution-to-unowned-duty",
                ),
            ],
            id="duty-without-owner",
        ),
        pytest.param(
            edited(
                "data/duties.yaml",
                "owners: [ncc]\n    deliverable",
                "owners: []\n    deliverable",
            ),
            [
                (
                    "data/duties.yaml:11:13",
                    "error",
                    "decision 1 has no owner",
                    "decision-without-owner",
                )
            ],
            id="decision-without-owner",
        ),
        pytest.param(
            {"positions/culture.yaml": None},
            [
                (
                    "data/agencies.yaml:17:9",
                    "error",
                    "member culture has no submission: positions/culture.yaml is missing",
                    "member-without-submission",
                ),
                (
                    "data/duties.yaml:29:13",
                    "error",
                    "duty 3 has no contribution",
                    "duty-without-contribution",
                ),
                (
                    "data/duties.yaml:32:14",
                    "warning",
                    "culture owns duty 3 but it has no submission (positions/culture.yaml)",
                    "owner-without-contribution",
                ),
            ],
            id="member-without-submission",
        ),
        pytest.param(
            edited("positions/ncc.yaml", "axis: connectivity", "axis: fragmentation"),
            [
                (
                    "data/axes.yaml:2:9",
                    "error",
                    "axis connectivity has no contribution",
                    "axis-without-contribution",
                )
            ],
            id="axis-without-contribution",
        ),
        pytest.param(
            edited(
                "positions/mfa.yaml",
                'kind: country-position\n    title: "عنوان"\n    text: "متن"\n'
                "    country: CN\n    alignment: aligned\n",
                'kind: threat\n    title: "عنوان"\n    text: "متن"\n',
            ),
            [
                (
                    "data/duties.yaml:16:15",
                    "error",
                    "decision 2 was due on 1402-01-15 (5 days before 1402-01-20) and its "
                    "deliverable is missing: mfa has no country-position contribution in "
                    "positions/mfa.yaml",
                    "deliverable-overdue",
                )
            ],
            id="deliverable-overdue",
        ),
    ],
)
def test_each_gap_is_an_error_at_its_line(
    check_workspace: CheckWorkspace, edits: Edits, expected: list[Expected]
) -> None:
    outcome = check(check_workspace(edits))
    assert outcome.exit_code == 1, outcome.stderr
    assert_found(outcome.stderr, expected)
    assert outcome.stdout == ""
    assert (
        outcome.stderr.endswith("\n")
        and "gdcpos: check failed as of 1402-01-20" in (outcome.stderr.splitlines()[-1])
    )


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        pytest.param(
            edited("data/duties.yaml", "owners: [ncc]\n    basis", "owners: [ncc, ict]\n    basis"),
            (
                "data/duties.yaml:22:19",
                "warning",
                "ict owns duty 1 but none of its contributions answers it",
                "owner-without-contribution",
            ),
            id="owner-without-contribution",
        ),
        pytest.param(
            edited("positions/ict.yaml", "duties: [2]", "duties: [2, 3]"),
            (
                "positions/ict.yaml:7:17",
                "warning",
                "ict-001 answers duty 3, which ict does not own (owners: culture)",
                "contribution-to-unowned-duty",
            ),
            id="contribution-to-unowned-duty",
        ),
    ],
)
def test_warnings_fail_only_when_strict(
    check_workspace: CheckWorkspace, edits: Edits, expected: Expected
) -> None:
    root = check_workspace(edits)
    lenient = check(root)
    assert lenient.exit_code == 0, lenient.stderr
    assert_found(lenient.stderr, [expected])
    assert (
        lenient.stdout
        == f"check passed with 1 warning as of {AS_OF}: 4 agencies, 3 duties, 5 contributions\n"
    )

    strict = check(root, "--strict")
    assert strict.exit_code == 1, strict.stderr
    assert_found(strict.stderr, [expected])
    assert strict.stderr.splitlines()[-1] == (
        f"gdcpos: check failed as of {AS_OF}: 0 errors, 1 warning (--strict: warnings fail)"
    )


def test_a_deadline_is_not_passed_on_its_own_day(check_workspace: CheckWorkspace) -> None:
    root = check_workspace(
        {"positions/mfa.yaml": FILES["positions/mfa.yaml"].split("  - id: mfa-002")[0]}
    )
    on_the_day = run_gdcpos("check", "-w", root, "--as-of", "1402-01-15")
    assert on_the_day.exit_code == 0, on_the_day.stderr
    next_day = run_gdcpos("check", "-w", root, "--as-of", "۱۴۰۲/۱/۱۶")
    assert next_day.exit_code == 1
    assert_found(
        next_day.stderr,
        [("data/duties.yaml:16:15", "error", "(1 day before 1402-01-16)", "deliverable-overdue")],
    )


def test_deliverable_of_an_owner_without_submission(check_workspace: CheckWorkspace) -> None:
    outcome = check(check_workspace({"positions/mfa.yaml": None}))
    assert outcome.exit_code == 1
    rules = {f[3] for f in findings(outcome.stderr)}
    assert rules == {
        "member-without-submission",
        "deliverable-overdue",
        "owner-without-contribution",
    }
    assert (
        "data/duties.yaml:16:15: error: decision 2 was due on 1402-01-15 (5 days before "
        "1402-01-20) and its deliverable is missing: mfa has no submission (positions/mfa.yaml) "
        "[deliverable-overdue]" in outcome.stderr.splitlines()
    )


def test_an_owner_that_is_no_agency_stops_at_validation(check_workspace: CheckWorkspace) -> None:
    root = check_workspace(
        {
            **edited(
                "data/duties.yaml", "owners: [culture]", "owners: [culture, security-defence]"
            ),
            "positions/ict.yaml": None,
        }
    )
    outcome = check(root)
    assert outcome.exit_code == 1
    lines = outcome.stderr.splitlines()
    assert lines[0] == (
        "data/duties.yaml:32:23: error: unknown agency 'security-defence' "
        "(known: culture, ict, mfa, ncc) [unknown-owner]"
    )
    # Coverage is not checked on an invalid workspace: the missing ict submission is not reported.
    assert len(lines) == 2
    assert lines[1] == (
        "gdcpos: the workspace is not valid (1 error, 0 warnings); coverage was not checked"
    )


@pytest.mark.parametrize("value", ["yesterday", "1402-12-30", "1402-13-01", ""])
def test_a_bad_as_of_is_a_usage_error(check_workspace: CheckWorkspace, value: str) -> None:
    root = check_workspace()
    for command in ("check", "status"):
        outcome = run_gdcpos(command, "-w", root, "--as-of", value)
        assert outcome.exit_code == 2, (command, outcome.stderr)
        assert outcome.stderr.startswith("gdcpos: --as-of: "), outcome.stderr
        assert "Traceback" not in outcome.stderr


def test_an_unknown_format_is_a_usage_error(check_workspace: CheckWorkspace) -> None:
    outcome = run_gdcpos("check", "-w", check_workspace(), "--format", "xml")
    assert outcome.exit_code == 2
    assert "xml" in outcome.stderr


def test_the_default_as_of_is_today(check_workspace: CheckWorkspace) -> None:
    from gdcpos.persian.jalali import JalaliDate

    outcome = run_gdcpos("check", "-w", check_workspace())
    assert outcome.exit_code == 0, outcome.stderr
    assert f"as of {JalaliDate.today()}:" in outcome.stdout
