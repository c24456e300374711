"""All problems at once (design §2): a schema error in a file does not hide its other problems.

An agency that sends a file with a misspelt kind must learn in the same run that another
contribution names an unknown axis, not after a second round of fixing and sending. Whatever
part of a file passes its own schema check is checked against the resolution's data and for
duplicate ids; a field that failed its schema check is not checked again.
"""

from __future__ import annotations

from itertools import product
from pathlib import Path

import pytest

from tests.conftest import REPO, MakeWorkspace, run_gdcpos, snapshot


def reported(root: Path) -> list[str]:
    """The located lines ``gdcpos validate`` prints; the run must fail, quietly, writing nothing."""
    before = snapshot(root)
    outcome = run_gdcpos("validate", "-w", root)
    assert outcome.exception is None, outcome.exception
    assert "Traceback" not in outcome.stdout + outcome.stderr
    assert outcome.exit_code == 1, outcome.stderr
    assert snapshot(root) == before
    return [line for line in outcome.stderr.splitlines() if not line.startswith("gdcpos: ")]


def assert_exactly(lines: list[str], expected: list[str]) -> None:
    """Each expected fragment begins one line, and every line is expected (none twice)."""
    for fragment in expected:
        assert sum(line.startswith(fragment) for line in lines) == 1, (fragment, lines)
    assert len(lines) == len(expected), lines


ECONOMY = """\
agency: economy
revision: 1
submitted: 1402-02-05
contributions:
  - id: economy-001
    axis: connectivity
    duties: [3]
    kind: keyelement
    title: "تأمین مالی زیرساخت دیجیتال"
    text: "متن"
  - id: economy-002
    axis: foo
    duties: [11]
    kind: opportunity
    title: "زیرساخت عمومی دیجیتال"
    text: "متن"
"""


def test_a_wrong_kind_does_not_hide_another_contributions_unknown_axis_and_duty(
    make_workspace: MakeWorkspace,
) -> None:
    root = make_workspace({"positions/economy.yaml": ECONOMY})
    assert_exactly(
        reported(root),
        [
            "positions/economy.yaml:8:11: error: contributions[0].kind: expected 'principle'",
            "positions/economy.yaml:12:11: error: unknown axis 'foo'",
            "positions/economy.yaml:13:14: error: there is no duty 11",
        ],
    )


ICT = """\
agency: ict
revision: 1
submitted: 1402-01-10
contributions:
  - id: ict-001
    axis: connectivity
    duties: [1]
    kind: principle
    title: "عنوان"
    text: "متن"
"""

RED_LINE = """\
agency: mfa
revision: 1
submitted: 1402-01-10
contributions:
  - id: mfa-001
    axis: nowhere
    duties: [1]
    kind: red-line
    title: "خط قرمز"
    text: "متن"
    classification: public
  - id: mfa-002
    axis: fragmentation
    duties: [1, 12]
    kind: principle
    title: "اصل"
    text: "متن"
    dimensions: [legal, astrology]
  - id: ict-001
    axis: ai
    duties: [5]
    kind: norm
    title: "هنجار"
    text: "متن"
  - id: mfa-002
    axis: ai
    duties: [5]
    kind: norm
    title: "هنجار دیگر"
    text: "متن"
"""


def test_a_public_red_line_does_not_hide_the_files_reference_and_id_problems(
    make_workspace: MakeWorkspace,
) -> None:
    # The red-line's own axis is checked too: only its classification failed.
    root = make_workspace({"positions/ict.yaml": ICT, "positions/mfa.yaml": RED_LINE})
    assert_exactly(
        reported(root),
        [
            "positions/mfa.yaml:6:11: error: unknown axis 'nowhere'",
            "positions/mfa.yaml:11:21: error: contributions[0].classification: a red-line is "
            "never public",
            "positions/mfa.yaml:14:17: error: there is no duty 12",
            "positions/mfa.yaml:18:25: error: unknown dimension 'astrology'",
            "positions/mfa.yaml:19:9: error: contribution id 'ict-001' must begin with 'mfa-'",
            "positions/mfa.yaml:19:9: error: contribution id 'ict-001' is already used at "
            "positions/ict.yaml:5:9",
            "positions/mfa.yaml:25:9: error: contribution id 'mfa-002' is already used at "
            "positions/mfa.yaml:12:9",
        ],
    )


def test_an_incomplete_country_position_does_not_hide_its_duplicate_id(
    make_workspace: MakeWorkspace,
) -> None:
    text = ICT + ICT[ICT.index("  - id") :].replace("principle", "country-position")
    root = make_workspace({"positions/ict.yaml": text})
    assert_exactly(
        reported(root),
        [
            "positions/ict.yaml:11:5: error: contributions[1]: a country-position needs country "
            "and alignment",
            "positions/ict.yaml:11:9: error: contribution id 'ict-001' is already used at "
            "positions/ict.yaml:5:9",
        ],
    )


def test_a_wrong_agency_is_not_also_reported_by_the_rules_that_need_it(
    make_workspace: MakeWorkspace,
) -> None:
    # 'MFA' failed its own check: neither the file name nor the ids' prefix can be checked
    # against it, but the axis can.
    text = RED_LINE.replace("agency: mfa", "agency: MFA").replace(
        "    classification: public\n", ""
    )
    root = make_workspace({"positions/mfa.yaml": text})
    lines = reported(root)
    assert lines[0].startswith("positions/mfa.yaml:1:9: error: agency: the text 'MFA' is not in")
    assert any(line.startswith("positions/mfa.yaml:6:11: error: unknown axis") for line in lines)
    assert not any("must begin with" in line or "file name" in line for line in lines), lines


def test_a_field_that_failed_its_schema_check_is_not_checked_again(
    make_workspace: MakeWorkspace,
) -> None:
    # Duty 42 is in a list that failed as a whole; the two ids that failed are not compared.
    first = ICT.replace("id: ict-001", "id: ICT-001").replace("duties: [1]", "duties: [42, x]")
    second = ICT[ICT.index("  - id") :].replace("id: ict-001", "id: ICT-001")
    text = first + second.replace("axis: connectivity", "axis: nowhere")
    root = make_workspace({"positions/ict.yaml": text})
    assert_exactly(
        reported(root),
        [
            "positions/ict.yaml:5:9: error: contributions[0].id: the text 'ICT-001' is not in",
            "positions/ict.yaml:7:18: error: contributions[0].duties[1]: expected a whole number",
            "positions/ict.yaml:11:9: error: contributions[1].id: the text 'ICT-001' is not in",
            "positions/ict.yaml:12:11: error: unknown axis 'nowhere'",
        ],
    )


def test_an_impossible_deadline_does_not_hide_the_duties_files_other_problems(
    make_workspace: MakeWorkspace,
) -> None:
    # Decision 2's deadline does not exist, and the same decision names an unknown owner; duty 4
    # is numbered 3 by mistake.
    duties = (REPO / "data/duties.yaml").read_text(encoding="utf-8")
    duties = replaced(
        duties,
        "owners: [mfa]\n    deadline: 1402-01-15\n",
        "owners: [mfa, security-defence]\n    deadline: 1402-12-30\n",
    )
    duty_3 = duties.index("  - number: 3\n", duties.index("\nduties:"))
    duty_4 = duties.index("  - number: 4\n", duty_3)
    duties = duties[:duty_4] + duties[duty_4:].replace("number: 4", "number: 3", 1)
    root = make_workspace({"data/duties.yaml": duties})
    assert_exactly(
        reported(root),
        [
            f"{at(duties, 'security-defence]')}: error: unknown agency 'security-defence'",
            f"{at(duties, '1402-12-30')}: error: decisions[1].deadline: 1402-12-30 does not exist",
            f"{at(duties, '3', duty_4)}: error: duty 3 appears twice (first on line "
            f"{duties.count(chr(10), 0, duty_3) + 1})",
        ],
    )


def replaced(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def at(text: str, fragment: str, start: int = 0) -> str:
    """``data/duties.yaml:LINE:COL`` of the first ``fragment`` in ``text`` from ``start``."""
    offset = text.index(fragment, start)
    line = text.count("\n", 0, offset) + 1
    return f"data/duties.yaml:{line}:{offset - text.rfind(chr(10), 0, offset)}"


# Each edit of a valid submission breaks one rule, or one field's schema, at a known place.
BASE = """\
agency: mfa
revision: 1
submitted: 1402-01-10
contributions:
  - id: mfa-001
    axis: fragmentation
    duties: [1, 5]
    kind: principle
    title: "اصل"
    text: "متن"
    dimensions: [legal]
  - id: mfa-002
    axis: ai
    duties: [2]
    kind: norm
    title: "هنجار"
    text: "متن"
    classification: public
  - id: mfa-003
    axis: connectivity
    duties: [3]
    kind: threat
    title: "تهدید"
    text: "متن"
    classification: internal
"""

RULE_EDITS = {
    "unknown-axis": ("axis: fragmentation", "axis: nowhere"),
    "unknown-duty": ("duties: [1, 5]", "duties: [1, 42]"),
    "repeated-duty": ("duties: [2]", "duties: [2, 2]"),
    "unknown-dimension": ("dimensions: [legal]", "dimensions: [astrology]"),
    "id-prefix": ("id: mfa-002", "id: ict-002"),
    "duplicate-id": ("id: mfa-003", "id: mfa-001"),
}

# No edit moves a line: a problem is at the same place alone and together with another.
SCHEMA_EDITS = {
    "wrong-kind": ("kind: principle", "kind: principal"),
    "public-red-line": ("kind: norm", "kind: red-line"),
    "empty-title": ('title: "تهدید"', 'title: ""'),
    "unknown-key": ("classification: internal", "clasification: internal"),
    "revision-zero": ("revision: 1", "revision: 0"),
    "impossible-date": ("submitted: 1402-01-10", "submitted: 1402-12-30"),
    "duty-as-text": ("duties: [3]", "duties: [three]"),
}


def edited(*edits: tuple[str, str]) -> str:
    text = BASE
    for old, new in edits:
        text = replaced(text, old, new)
    return text


@pytest.mark.parametrize(
    ("rule", "schema"),
    [
        pytest.param(rule, schema, id=f"{rule}+{schema}")
        for rule, schema in product(RULE_EDITS, SCHEMA_EDITS)
    ],
)
def test_a_schema_error_hides_no_rule_problem_and_adds_none(
    make_workspace: MakeWorkspace, rule: str, schema: str
) -> None:
    """What a file with two problems reports is what each reports alone: nothing hidden, nothing
    reported twice, no problem made up (a valid file's report is the one it always had)."""
    root = make_workspace()
    target = root / "positions/mfa.yaml"
    target.write_text(BASE, encoding="utf-8")
    assert run_gdcpos("validate", "-w", root).exit_code == 0

    def problems(*edits: tuple[str, str]) -> list[str]:
        target.write_text(edited(*edits), encoding="utf-8")
        return sorted(reported(root))

    alone = sorted(problems(RULE_EDITS[rule]) + problems(SCHEMA_EDITS[schema]))
    assert problems(RULE_EDITS[rule], SCHEMA_EDITS[schema]) == alone
