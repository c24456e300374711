"""The pieces of intake on their own: planning touches no file, diffs and reports from models."""

from __future__ import annotations

from pathlib import Path

from gdcpos.intake import (
    Decision,
    IntakeReport,
    SubmissionDiff,
    Verdict,
    diff_submissions,
    plan_intake,
    read_state,
    report_lines,
)
from gdcpos.intake.diff import Change
from gdcpos.intake.incoming import incoming_from_bytes
from gdcpos.models import Submission
from gdcpos.persian import JalaliDate
from tests.conftest import MakeWorkspace, snapshot
from tests.intake.helpers import TEXTS, contribution, submission


def test_planning_reads_and_writes_nothing(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"positions/mfa.yaml": submission("mfa", 1)})
    state = read_state(root)
    before = snapshot(root)
    incoming = [
        incoming_from_bytes(submission("mfa", 3).encode(), "r3.yaml", 0),
        incoming_from_bytes(submission("mfa", 2).encode(), "r2.yaml", 1),
    ]
    plan = plan_intake(state, incoming)
    assert snapshot(root) == before
    assert [(d.file, d.verdict) for d in plan.decisions] == [
        ("r2.yaml", Verdict.ACCEPTED),
        ("r3.yaml", Verdict.ACCEPTED),
    ]
    commits = [step.commit for step in plan.steps]
    assert [c.keep.relpath for c in commits if c and c.keep] == [
        "positions/.history/mfa/mfa.r1.yaml",
        "positions/.history/mfa/mfa.r2.yaml",
    ]
    assert plan.state.valid
    current = plan.state.current("mfa")
    assert current is not None and current.revision == 3


def _submission(*items: tuple[str, str, str]) -> Submission:
    return Submission.model_validate(
        {
            "agency": "mfa",
            "revision": 1,
            "submitted": JalaliDate(1402, 1, 10),
            "contributions": [
                {"id": i, "axis": axis, "duties": [1], "kind": "principle", "title": "ع", "text": t}
                for i, axis, t in items
            ],
        }
    )


def test_diff_matches_contributions_by_id() -> None:
    old = _submission(("mfa-001", "ai", "الف"), ("mfa-002", "ai", "ب"), ("mfa-003", "ai", "پ"))
    new = _submission(
        ("mfa-003", "ai", "پ"), ("mfa-001", "connectivity", "ت"), ("mfa-004", "ai", "ث")
    )
    diff = diff_submissions(old, new)
    assert diff == SubmissionDiff(
        previous_revision=1,
        added=("mfa-004",),
        changed=(Change("mfa-001", ("axis", "text")),),
        withdrawn=("mfa-002",),
    )
    assert diff.touched == {"mfa-001", "mfa-004"}
    assert diff_submissions(None, new).added == ("mfa-003", "mfa-001", "mfa-004")


def test_report_lines_from_hand_built_decisions() -> None:
    report = IntakeReport(
        (
            Decision(
                "in/mfa.yaml",
                "ab",
                "mfa",
                2,
                Verdict.ACCEPTED,
                target="positions/mfa.yaml",
                previous_revision=1,
                kept_as="positions/.history/mfa/mfa.r1.yaml",
                diff=SubmissionDiff(1, ("mfa-002",), (Change("mfa-001", ("title",)),), ()),
            ),
            Decision(
                "in/ict.yaml",
                "cd",
                "ict",
                1,
                Verdict.ACCEPTED,
                target="positions/ict.yaml",
                diff=SubmissionDiff(None, (), (), ()),
            ),
            Decision("in/x.yaml", "ef", None, None, Verdict.INVALID),
        ),
        removed=("positions/.mfa.yaml.abc.tmp",),
    )
    assert [line.plain for line in report_lines(report)] == [
        "removed leftover temporary file positions/.mfa.yaml.abc.tmp",
        "accepted in/mfa.yaml (mfa r2) → positions/mfa.yaml, replacing revision 1 "
        "(kept as positions/.history/mfa/mfa.r1.yaml)",
        "  + mfa-002 added",
        "  ~ mfa-001 changed: title",
        "accepted in/ict.yaml (ict r1) → positions/ict.yaml, the agency's first submission",
        "  no contribution added, changed or withdrawn",
        "refused in/x.yaml: invalid",
        "3 files: 2 accepted, 1 refused",
    ]
    assert not report.ok


def test_incoming_names_what_it_can_even_when_invalid() -> None:
    broken = incoming_from_bytes(
        submission("mfa", 4, contribution("mfa-001", TEXTS[0], axis="nowhere"))
        .encode()
        .replace(b"kind: principle", b"kind: nonsense"),
        "x.yaml",
    )
    assert broken.submission is None
    assert (broken.agency, broken.revision) == ("mfa", 4)
    unreadable = incoming_from_bytes(b"\xff\xfe\x00", "y.yaml")
    assert (unreadable.agency, unreadable.revision) == (None, None)
    assert unreadable.diagnostics


def test_read_state_sees_history_but_validate_does_not(make_workspace: MakeWorkspace) -> None:
    root = make_workspace(
        {
            "positions/mfa.yaml": submission("mfa", 2),
            "positions/.history/mfa/mfa.r1.yaml": submission("mfa", 1),
        }
    )
    state = read_state(root)
    assert list(state.positions) == ["positions/mfa.yaml"]
    assert list(state.history) == ["positions/.history/mfa/mfa.r1.yaml"]
    assert state.valid
    assert Path(root / "positions/.history/mfa/mfa.r1.yaml").is_file()
