"""`gdcpos intake`: each rule of the issue, end to end through the command line.

Every test checks what a secretariat would: the exit status, the located reasons on standard
error, the report on standard output, and the workspace, history and log on disk afterwards.
Incoming files live outside the workspace (an inbox) and must never change.
"""

from __future__ import annotations

import hashlib
import os
import stat
import threading
from pathlib import Path

import pytest

import gdcpos.intake.state
from gdcpos.diagnostics import Diagnostic, error
from gdcpos.load import read_whole
from gdcpos.validate import validate_workspace
from tests.conftest import DATA_FILES, REPO, MakeWorkspace, Outcome, run_gdcpos
from tests.intake.helpers import (
    LOG,
    TEXTS,
    contribution,
    history,
    log_records,
    state,
    submission,
    write,
)


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def take_in(root: Path, *files: Path, dry_run: bool = False) -> Outcome:
    """Run intake and check what holds for every run: no traceback, inputs untouched."""
    before = {
        path: (path.read_bytes(), path.stat().st_mtime_ns) for path in set(files) if path.is_file()
    }
    args: list[str | Path] = ["intake", *files, "-w", root, *(["--dry-run"] if dry_run else [])]
    outcome = run_gdcpos(*args)
    assert outcome.exception is None, outcome.exception
    assert "Traceback" not in outcome.stdout + outcome.stderr
    for path, (data, mtime) in before.items():
        assert path.read_bytes() == data and path.stat().st_mtime_ns == mtime
    return outcome


def test_first_submission_is_accepted_byte_for_byte(
    make_workspace: MakeWorkspace, inbox: Path
) -> None:
    root = make_workspace()
    incoming = write(inbox, "mfa-final-v2.yaml", submission("mfa", 1))
    outcome = take_in(root, incoming)
    assert outcome.exit_code == 0, outcome.stderr
    assert (root / "positions/mfa.yaml").read_bytes() == incoming.read_bytes()
    assert f"accepted {incoming} (mfa r1) → positions/mfa.yaml" in outcome.stdout
    assert "+ mfa-001 added" in outcome.stdout
    assert history(root) == {}
    assert validate_workspace(root).ok


def test_newer_revision_replaces_and_the_old_one_is_kept(
    make_workspace: MakeWorkspace, inbox: Path
) -> None:
    old = submission("mfa", 1)
    root = make_workspace({"positions/mfa.yaml": old})
    new = submission(
        "mfa",
        2,
        contribution("mfa-001", TEXTS[1]),
        contribution("mfa-002", TEXTS[2], axis="data-protection"),
    )
    incoming = write(inbox, "from-mfa.yaml", new)
    outcome = take_in(root, incoming)
    assert outcome.exit_code == 0, outcome.stderr
    assert (root / "positions/mfa.yaml").read_bytes() == incoming.read_bytes()
    assert history(root) == {"positions/.history/mfa/mfa.r1.yaml": old.encode()}
    assert "replacing revision 1 (kept as positions/.history/mfa/mfa.r1.yaml)" in outcome.stdout
    assert "~ mfa-001 changed: text" in outcome.stdout
    assert "+ mfa-002 added" in outcome.stdout


def test_diff_shows_added_changed_and_withdrawn(make_workspace: MakeWorkspace, inbox: Path) -> None:
    root = make_workspace(
        {
            "positions/mfa.yaml": submission(
                "mfa",
                1,
                contribution("mfa-001", TEXTS[0]),
                contribution("mfa-002", TEXTS[1]),
            )
        }
    )
    incoming = write(
        inbox,
        "mfa.yaml",
        submission(
            "mfa",
            2,
            contribution("mfa-001", TEXTS[0], axis="ai", title="عنوان تازه"),
            contribution("mfa-003", TEXTS[2]),
        ),
    )
    outcome = take_in(root, incoming)
    assert outcome.exit_code == 0, outcome.stderr
    lines = [line.strip() for line in outcome.stdout.splitlines()]
    assert "+ mfa-003 added" in lines
    assert "~ mfa-001 changed: axis, title" in lines
    assert "- mfa-002 withdrawn" in lines


def test_stale_revision_is_refused_and_changes_nothing(
    make_workspace: MakeWorkspace, inbox: Path
) -> None:
    root = make_workspace({"positions/mfa.yaml": submission("mfa", 3)})
    before = state(root)
    incoming = write(inbox, "old.yaml", submission("mfa", 2, contribution("mfa-001", TEXTS[4])))
    outcome = take_in(root, incoming)
    assert outcome.exit_code == 1
    assert (
        f"{incoming}:2:11: error: stale: revision 2 is older than the accepted revision 3 of mfa "
        "(positions/mfa.yaml)" in outcome.stderr
    )
    assert f"refused {incoming} (mfa r2): stale" in outcome.stdout
    assert state(root) == before
    [record] = log_records(root)
    assert record["result"] == "refused" and record["refusal"] == "stale"


def test_the_same_file_sent_again_is_refused_as_re_sent(
    make_workspace: MakeWorkspace, inbox: Path
) -> None:
    root = make_workspace()
    incoming = write(inbox, "mfa.yaml", submission("mfa", 1))
    assert take_in(root, incoming).exit_code == 0
    before = state(root)
    again = write(inbox, "mfa-copy.yaml", incoming.read_bytes())
    outcome = take_in(root, again)
    assert outcome.exit_code == 1
    assert "error: re-sent: exactly this file was already accepted (positions/mfa.yaml)" in (
        outcome.stderr
    )
    assert state(root) == before


def test_same_revision_same_content_other_bytes_is_re_sent(
    make_workspace: MakeWorkspace, inbox: Path
) -> None:
    root = make_workspace({"positions/mfa.yaml": submission("mfa", 1)})
    incoming = write(
        inbox, "mfa.yaml", "# sent again from another computer\n" + submission("mfa", 1)
    )
    outcome = take_in(root, incoming)
    assert outcome.exit_code == 1
    assert "re-sent: revision 1 of mfa is already accepted with the same content" in outcome.stderr


def test_same_revision_other_content_is_a_conflict(
    make_workspace: MakeWorkspace, inbox: Path
) -> None:
    root = make_workspace({"positions/mfa.yaml": submission("mfa", 1)})
    before = state(root)
    incoming = write(inbox, "mfa.yaml", submission("mfa", 1, contribution("mfa-001", TEXTS[3])))
    outcome = take_in(root, incoming)
    assert outcome.exit_code == 1
    assert (
        f"{incoming}:2:11: error: conflict: revision 1 of mfa is already accepted "
        "(positions/mfa.yaml) and this file's content differs from it; send the changes as "
        "revision 2" in outcome.stderr
    )
    assert state(root) == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            submission("mfa", 1).rstrip('"\n') + "\n",
            ":11:1: error: invalid YAML: found unexpected end of stream",
            id="yaml-syntax",
        ),
        pytest.param(
            submission("mfa", 1).replace("axis: fragmentation", "axis: fragmentaton"),
            ":6:11: error: unknown axis 'fragmentaton'",
            id="unknown-axis",
        ),
        pytest.param(
            submission("mfa", 1).replace(
                "    kind: principle\n", "    kind: principle\n    titel: x\n"
            ),
            ":9:5: error: contributions[0].titel: unknown key 'titel'; did you mean 'title'?",
            id="unknown-key",
        ),
        pytest.param(
            submission("nasa", 1),
            ":1:9: error: unknown agency 'nasa'",
            id="unknown-agency",
        ),
        pytest.param(
            submission("mfa", 1, contribution("mfa-001", "متن")).encode("cp1256"),
            "error: the file is not UTF-8",
            id="windows-1256",
        ),
        pytest.param(
            submission(
                "mfa", 1, contribution("mfa-001", TEXTS[0]), contribution("mfa-001", TEXTS[1])
            ),
            ":11:9: error: contribution id 'mfa-001' is already used at",
            id="duplicate-id-in-file",
        ),
    ],
)
def test_invalid_submission_is_refused_with_located_reasons(
    make_workspace: MakeWorkspace, inbox: Path, content: str | bytes, expected: str
) -> None:
    root = make_workspace({"positions/ict.yaml": submission("ict", 1)})
    before = state(root)
    incoming = write(inbox, "from agency.yaml", content)
    outcome = take_in(root, incoming)
    assert outcome.exit_code == 1
    assert any(
        line.startswith(str(incoming)) and expected in line for line in outcome.stderr.splitlines()
    ), outcome.stderr
    assert f"refused {incoming}" in outcome.stdout
    assert state(root) == before
    [record] = log_records(root)
    assert record["result"] == "refused" and record["refusal"] == "invalid"
    assert record["reasons"] and all(r.startswith(str(incoming)) for r in record["reasons"])


def test_a_file_refused_for_its_schema_lists_every_other_reason_too(
    make_workspace: MakeWorkspace, inbox: Path
) -> None:
    # A misspelt kind must not hide, until the agency sends the file again, that another
    # contribution names an unknown axis, one is ict's and one repeats an id.
    root = make_workspace({"positions/ict.yaml": submission("ict", 1)})
    content = submission(
        "mfa",
        1,
        contribution("mfa-001", TEXTS[1]).replace("kind: principle", "kind: principal"),
        contribution("mfa-002", TEXTS[2], axis="nowhere"),
        contribution("ict-001", TEXTS[3]),
        contribution("mfa-002", TEXTS[4]),
    )
    incoming = write(inbox, "mfa.yaml", content)
    outcome = take_in(root, incoming)
    assert outcome.exit_code == 1
    expected = [
        f"{incoming}:8:11: error: contributions[0].kind: expected 'principle'",
        f"{incoming}:12:11: error: unknown axis 'nowhere'",
        f"{incoming}:17:9: error: contribution id 'ict-001' belongs to agency ict, not mfa",
        f"{incoming}:23:9: error: contribution id 'mfa-002' is already used at {incoming}:11:9",
    ]
    [record] = log_records(root)
    assert record["refusal"] == "invalid"
    assert len(record["reasons"]) == len(expected), record["reasons"]
    for reason in expected:
        assert any(line.startswith(reason) for line in outcome.stderr.splitlines()), reason
        assert any(line.startswith(reason) for line in record["reasons"]), reason


def test_utf16_submission_is_accepted_as_received(
    make_workspace: MakeWorkspace, inbox: Path
) -> None:
    root = make_workspace()
    incoming = write(inbox, "mfa.yaml", submission("mfa", 1).encode("utf-16"))
    assert take_in(root, incoming).exit_code == 0
    assert (root / "positions/mfa.yaml").read_bytes() == incoming.read_bytes()
    assert validate_workspace(root).ok


def test_an_id_of_another_agency_is_refused(make_workspace: MakeWorkspace, inbox: Path) -> None:
    root = make_workspace({"positions/ict.yaml": submission("ict", 1)})
    incoming = write(
        inbox,
        "mfa.yaml",
        submission("mfa", 1, contribution("mfa-001", TEXTS[1]), contribution("ict-001", TEXTS[2])),
    )
    outcome = take_in(root, incoming)
    assert outcome.exit_code == 1
    assert (
        f"{incoming}:11:9: error: contribution id 'ict-001' belongs to agency ict, not mfa"
        in outcome.stderr
    )
    assert log_records(root)[0]["refusal"] == "foreign-id"
    assert not (root / "positions/mfa.yaml").exists()


def test_an_id_whose_prefix_is_a_longer_agency_belongs_to_that_agency(
    make_workspace: MakeWorkspace, inbox: Path
) -> None:
    root = make_workspace()
    agencies = root / "data/agencies.yaml"
    agencies.write_text(
        agencies.read_text(encoding="utf-8")
        + '  - id: mfa-legal\n    name: "اداره حقوقی"\n    name_en: "Legal office"\n'
        '    short: "حقوقی"\n    role: member\n',
        encoding="utf-8",
    )
    assert validate_workspace(root).ok
    incoming = write(
        inbox, "mfa.yaml", submission("mfa", 1, contribution("mfa-legal-001", TEXTS[0]))
    )
    outcome = take_in(root, incoming)
    assert outcome.exit_code == 1
    assert "contribution id 'mfa-legal-001' belongs to agency mfa-legal, not mfa" in outcome.stderr


def test_an_id_already_used_by_another_agency_is_refused(
    make_workspace: MakeWorkspace, inbox: Path
) -> None:
    # The ict file was put in place by hand with one of mfa's ids: intake must not add a second.
    root = make_workspace(
        {"positions/ict.yaml": submission("ict", 1, contribution("mfa-009", TEXTS[0]))}
    )
    incoming = write(inbox, "mfa.yaml", submission("mfa", 1, contribution("mfa-009", TEXTS[3])))
    outcome = take_in(root, incoming)
    assert outcome.exit_code == 1
    assert (
        f"{incoming}:5:9: error: contribution id 'mfa-009' is already used by ict "
        "(positions/ict.yaml:5:9) for a different item" in outcome.stderr
    )


def test_a_submission_that_would_leave_the_workspace_invalid_is_refused(
    make_workspace: MakeWorkspace, inbox: Path
) -> None:
    broken = submission("ict", 1).replace("axis: fragmentation", "axis: nowhere")
    root = make_workspace({"positions/ict.yaml": broken})
    before = state(root)
    incoming = write(inbox, "mfa.yaml", submission("mfa", 1))
    outcome = take_in(root, incoming)
    assert outcome.exit_code == 1
    assert f"{incoming}: error: not accepted: the workspace would not validate with it" in (
        outcome.stderr
    )
    assert "positions/ict.yaml:6:11: error: unknown axis 'nowhere'" in outcome.stderr
    assert log_records(root)[0]["refusal"] == "breaks-workspace"
    assert state(root) == before

    fix = write(inbox, "ict.yaml", submission("ict", 2))
    outcome = take_in(root, fix, incoming)
    assert outcome.exit_code == 0, outcome.stderr
    assert validate_workspace(root).ok
    assert history(root) == {"positions/.history/ict/ict.r1.yaml": broken.encode()}


def test_files_are_taken_in_order_of_agency_and_revision(
    make_workspace: MakeWorkspace, inbox: Path
) -> None:
    r1 = submission("mfa", 1)
    root = make_workspace({"positions/mfa.yaml": r1})
    r3 = write(inbox, "z-latest.yaml", submission("mfa", 3, contribution("mfa-001", TEXTS[3])))
    r2 = write(inbox, "a-middle.yaml", submission("mfa", 2, contribution("mfa-001", TEXTS[2])))
    ict = write(inbox, "ict.yaml", submission("ict", 1))
    outcome = take_in(root, r3, ict, r2)
    assert outcome.exit_code == 0, outcome.stderr
    assert (root / "positions/mfa.yaml").read_bytes() == r3.read_bytes()
    assert history(root) == {
        "positions/.history/mfa/mfa.r1.yaml": r1.encode(),
        "positions/.history/mfa/mfa.r2.yaml": r2.read_bytes(),
    }
    assert [r["file"] for r in log_records(root)] == [str(ict), str(r2), str(r3)]


def test_two_copies_of_one_revision_in_a_run(make_workspace: MakeWorkspace, inbox: Path) -> None:
    root = make_workspace()
    first = write(inbox, "email.yaml", submission("mfa", 1))
    same = write(inbox, "disk.yaml", submission("mfa", 1))
    other = write(inbox, "usb.yaml", submission("mfa", 1, contribution("mfa-001", TEXTS[5])))
    outcome = take_in(root, first, same, other)
    assert outcome.exit_code == 1
    assert (root / "positions/mfa.yaml").read_bytes() == first.read_bytes()
    verdicts = {r["file"]: (r["result"], r["refusal"]) for r in log_records(root)}
    assert verdicts == {
        str(first): ("accepted", None),
        str(same): ("refused", "re-sent"),
        str(other): ("refused", "conflict"),
    }
    assert f"{other}:2:11: error: conflict:" in outcome.stderr


def test_history_is_never_overwritten(make_workspace: MakeWorkspace, inbox: Path) -> None:
    current = submission("mfa", 1)
    # A different r1 is already kept (the accepted file was later edited by hand).
    root = make_workspace(
        {
            "positions/mfa.yaml": current,
            "positions/.history/mfa/mfa.r1.yaml": "# an earlier r1\n" + current,
        }
    )
    kept_before = history(root)
    outcome = take_in(root, write(inbox, "mfa.yaml", submission("mfa", 2)))
    assert outcome.exit_code == 0, outcome.stderr
    kept = history(root)
    assert {k: v for k, v in kept.items() if k in kept_before} == kept_before
    sha = hashlib.sha256(current.encode()).hexdigest()[:12]
    assert kept[f"positions/.history/mfa/mfa.r1.{sha}.yaml"] == current.encode()


def test_dry_run_writes_nothing_at_all(make_workspace: MakeWorkspace, inbox: Path) -> None:
    root = make_workspace({"positions/mfa.yaml": submission("mfa", 1)})
    before = state(root)
    new = write(inbox, "mfa.yaml", submission("mfa", 2, contribution("mfa-001", TEXTS[1])))
    stale = write(inbox, "old.yaml", submission("mfa", 1, contribution("mfa-001", TEXTS[2])))
    outcome = take_in(root, new, stale, dry_run=True)
    assert outcome.exit_code == 1
    assert f"would accept {new} (mfa r2)" in outcome.stdout
    assert "~ mfa-001 changed: text" in outcome.stdout
    assert f"would refuse {stale} (mfa r1): conflict" in outcome.stdout
    assert "dry run: nothing was written" in outcome.stdout
    assert state(root) == before
    assert not (root / "positions/.history").exists()


def test_every_decision_is_logged_as_one_json_line(
    make_workspace: MakeWorkspace, inbox: Path
) -> None:
    root = make_workspace()
    good = write(inbox, "good.yaml", submission("mfa", 1))
    bad = write(inbox, "bad.yaml", "agency: [\n")
    take_in(root, good, bad)
    take_in(root, write(inbox, "good2.yaml", submission("mfa", 2)))
    lines = (root / LOG).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    records = log_records(root)
    assert [set(r) for r in records] == [
        {
            "time",
            "run",
            "file",
            "sha256",
            "agency",
            "revision",
            "result",
            "refusal",
            "reasons",
            "warnings",
            "target",
            "previous_revision",
            "kept_as",
        }
    ] * 3
    first, second, third = records
    assert first["run"] == second["run"] != third["run"]
    assert first["sha256"] == hashlib.sha256(good.read_bytes()).hexdigest()
    assert (first["agency"], first["revision"], first["result"]) == ("mfa", 1, "accepted")
    assert (first["target"], first["kept_as"]) == ("positions/mfa.yaml", None)
    assert (second["agency"], second["revision"], second["refusal"]) == (None, None, "invalid")
    assert second["reasons"][0].startswith(f"{bad}:")
    assert (third["previous_revision"], third["kept_as"]) == (
        1,
        "positions/.history/mfa/mfa.r1.yaml",
    )
    assert first["time"].endswith("+00:00")


def test_near_identical_contributions_of_two_agencies_are_warned_about(
    make_workspace: MakeWorkspace, inbox: Path
) -> None:
    root = make_workspace(positions=True)
    ict = (REPO / "positions/ict.yaml").read_text(encoding="utf-8")
    ict_text = ict.split('text: "', 1)[1].split('"', 1)[0]
    echo = ict_text.replace("گسست اینترنت است", "گسست شبکه جهانی است")
    incoming = write(
        inbox,
        "culture.yaml",
        (REPO / "positions/culture.yaml")
        .read_text(encoding="utf-8")
        .replace("revision: ", "revision: 1", 1)
        .replace("\ncontributions:\n", "\ncontributions:\n" + contribution("culture-900", echo), 1),
    )
    outcome = take_in(root, incoming)
    assert outcome.exit_code == 0, outcome.stderr
    warnings = [line for line in outcome.stderr.splitlines() if ": warning: " in line]
    assert len(warnings) == 1, outcome.stderr
    assert warnings[0].startswith(f"{incoming}:")
    assert (
        "warning: contribution culture-900 is near-identical to ict-001 of ict (90%, "
        "positions/ict.yaml:8:9) and mfa-001 of mfa (86%, positions/mfa.yaml:9:9) on axis "
        "fragmentation; consider consolidating them"
    ) in warnings[0]
    assert "1 warning" in outcome.stdout
    assert log_records(root)[0]["warnings"] == warnings


def test_a_filled_in_skeleton_is_accepted(make_workspace: MakeWorkspace, inbox: Path) -> None:
    root = make_workspace(positions=True)
    skeleton = inbox / "skeleton.yaml"
    assert run_gdcpos("new-submission", "mfa", "-w", root, "-o", skeleton).exit_code == 0
    unfilled = take_in(root, skeleton)
    assert unfilled.exit_code == 1
    assert f"{skeleton}:" in unfilled.stderr

    filled = write(
        inbox,
        "mfa-final-v2.yaml",
        skeleton.read_text(encoding="utf-8")
        .replace('title: ""', 'title: "اصل حاکمیت ملی در فضای مجازی"')
        .replace('text: ""', 'text: "حاکمیت کشورها بر فضای مجازی سرزمینی خود محترم است."'),
    )
    outcome = take_in(root, filled)
    assert outcome.exit_code == 0, outcome.stderr
    assert (root / "positions/mfa.yaml").read_bytes() == filled.read_bytes()
    assert "positions/.history/mfa/mfa.r2.yaml" in history(root)
    assert validate_workspace(root).ok


def test_the_workspace_own_file_given_as_input_is_re_sent(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"positions/mfa.yaml": submission("mfa", 1)})
    outcome = take_in(root, root / "positions/mfa.yaml")
    assert outcome.exit_code == 1
    assert "re-sent" in outcome.stderr


def test_usage_errors(make_workspace: MakeWorkspace, inbox: Path) -> None:
    root = make_workspace()
    before = state(root)
    assert run_gdcpos("intake", "-w", root).exit_code == 2
    missing = take_in(root, write(inbox, "a.yaml", submission("mfa", 1)), inbox / "nope.yaml")
    assert missing.exit_code == 2
    assert "nope.yaml: no such file" in missing.stderr
    folder = run_gdcpos("intake", inbox, "-w", root)
    assert folder.exit_code == 2 and "is not a file" in folder.stderr
    assert run_gdcpos("intake", inbox / "a.yaml", "-w", inbox / "nowhere").exit_code == 2
    assert state(root) == before
    assert not (root / "positions/.history").exists()


def test_unusable_workspace_data_stops_intake_before_any_decision(
    make_workspace: MakeWorkspace, inbox: Path
) -> None:
    root = make_workspace()
    (root / "data/axes.yaml").unlink()
    outcome = take_in(root, write(inbox, "mfa.yaml", submission("mfa", 1)))
    assert outcome.exit_code == 1
    assert "data/axes.yaml: error: missing" in outcome.stderr
    assert not (root / "positions/mfa.yaml").exists()
    assert log_records(root) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_workspace_file_that_is_not_a_regular_file_stops_intake_without_waiting(
    make_workspace: MakeWorkspace, inbox: Path
) -> None:
    root = make_workspace()
    os.mkfifo(root / "positions/ict.yaml")  # read as a file, it would wait for a writer
    incoming = write(inbox, "mfa.yaml", submission("mfa", 1))
    outcomes: list[Outcome] = []
    runner = threading.Thread(target=lambda: outcomes.append(take_in(root, incoming)), daemon=True)
    runner.start()
    runner.join(timeout=60)
    assert not runner.is_alive(), "intake waited on a named pipe in the workspace"
    [outcome] = outcomes
    assert outcome.exit_code == 1
    assert "positions/ict.yaml: error: cannot read: not a regular file" in outcome.stderr
    assert not (root / "positions/mfa.yaml").exists()
    assert log_records(root) == []


def test_an_oversized_file_is_refused_without_being_parsed(
    make_workspace: MakeWorkspace, inbox: Path
) -> None:
    from gdcpos.load import MAX_FILE_BYTES

    root = make_workspace()
    content = submission("mfa", 1).encode() + b"#" * MAX_FILE_BYTES
    outcome = take_in(root, write(inbox, "huge.yaml", content))
    assert outcome.exit_code == 1
    assert "over the limit" in outcome.stderr
    [record] = log_records(root)
    assert record["refusal"] == "invalid"
    assert record["sha256"] == hashlib.sha256(content).hexdigest()


def test_a_broken_current_file_is_kept_when_a_good_one_replaces_it(
    make_workspace: MakeWorkspace, inbox: Path
) -> None:
    root = make_workspace({"positions/mfa.yaml": "agency: [\n"})
    incoming = write(inbox, "mfa.yaml", submission("mfa", 1))
    outcome = take_in(root, incoming)
    assert outcome.exit_code == 0, outcome.stderr
    assert history(root) == {"positions/.history/mfa/mfa.r-unknown.yaml": b"agency: [\n"}
    assert validate_workspace(root).ok
    assert (
        f"accepted {incoming} (mfa r1) → positions/mfa.yaml, replacing a file whose revision "
        "could not be read (kept as positions/.history/mfa/mfa.r-unknown.yaml)\n"
    ) in outcome.stdout
    assert "None" not in outcome.stdout
    [record] = log_records(root)
    assert (record["previous_revision"], record["kept_as"]) == (
        None,
        "positions/.history/mfa/mfa.r-unknown.yaml",
    )


def test_kept_and_new_files_have_the_permissions_of_the_file_they_replace(
    make_workspace: MakeWorkspace, inbox: Path
) -> None:
    def mode(relpath: str) -> int:
        return stat.S_IMODE((root / relpath).stat().st_mode)

    umask = os.umask(0o002)  # a secretariat sharing the workspace with its group
    try:
        root = make_workspace({"positions/mfa.yaml": submission("mfa", 1)})
        (root / "positions/mfa.yaml").chmod(0o640)
        outcome = take_in(
            root,
            write(inbox, "mfa.yaml", submission("mfa", 2)),
            write(inbox, "ict.yaml", submission("ict", 1)),
        )
        assert outcome.exit_code == 0, outcome.stderr
        assert mode("positions/mfa.yaml") == 0o640
        assert mode("positions/.history/mfa/mfa.r1.yaml") == 0o640
        assert mode("positions/ict.yaml") == 0o664

        outcome = take_in(root, write(inbox, "ict-r2.yaml", submission("ict", 2)))
        assert outcome.exit_code == 0, outcome.stderr
        assert mode("positions/.history/ict/ict.r1.yaml") == 0o664
    finally:
        os.umask(umask)


def test_a_folder_that_is_no_workspace_is_left_as_it_was(tmp_path: Path, inbox: Path) -> None:
    # `-w` forgotten: intake used to make positions/.history/intake.lock there before it found
    # that the folder holds no workspace.
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    outcome = take_in(folder, write(inbox, "mfa.yaml", submission("mfa", 1)))
    assert outcome.exit_code == 1
    assert "data/agencies.yaml: error: missing: a workspace needs this file" in outcome.stderr
    assert list(folder.iterdir()) == []


def non_utf8(folder: Path, name: bytes) -> Path:
    """``folder/name`` for a name that is not UTF-8 (as unzipped from a Windows archive); skips
    where the file system refuses such names."""
    path = folder / os.fsdecode(name)
    try:
        path.touch()
        path.unlink()
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system accepts only UTF-8 file names")
    return path


def test_a_file_name_that_is_not_utf8_is_taken_in_shown_with_escapes(
    make_workspace: MakeWorkspace, inbox: Path
) -> None:
    root = make_workspace({"positions/mfa.yaml": submission("mfa", 1)})
    accepted = write(inbox, non_utf8(inbox, b"mfa-\xff\xfe.yaml").name, submission("mfa", 2))
    refused = write(inbox, non_utf8(inbox, b"ict-\xe9.yaml").name, "agency: [\n")
    prosecutor = submission("prosecutor", 1, contribution("prosecutor-001", TEXTS[2]))
    later = write(inbox, "prosecutor.yaml", prosecutor)
    outcome = take_in(root, accepted, refused, later)
    assert outcome.exit_code == 1
    accepted_shown, refused_shown = f"{inbox}/mfa-\\xff\\xfe.yaml", f"{inbox}/ict-\\xe9.yaml"
    assert outcome.stdout.splitlines() == [
        f"accepted {accepted_shown} (mfa r2) → positions/mfa.yaml, replacing revision 1 "
        "(kept as positions/.history/mfa/mfa.r1.yaml)",
        "  no contribution added, changed or withdrawn",
        f"accepted {later} (prosecutor r1) → positions/prosecutor.yaml, the agency's first "
        "submission",
        "  + prosecutor-001 added",
        f"refused {refused_shown}: invalid YAML: did not find expected node content (while "
        "parsing a flow node)",
        "3 files: 2 accepted, 1 refused",
    ]
    assert outcome.stderr.startswith(f"{refused_shown}:2:1: error: ")
    assert (root / "positions/mfa.yaml").read_bytes() == accepted.read_bytes()
    log = (root / LOG).read_bytes().decode("utf-8")  # strict: the log stays valid UTF-8
    assert [(r["file"], r["result"]) for r in log_records(root)] == [
        (accepted_shown, "accepted"),
        (str(later), "accepted"),
        (refused_shown, "refused"),
    ]
    assert "\\\\xe9.yaml:2:1: error: " in log


def test_a_workspace_folder_whose_name_is_not_utf8_takes_in_its_own_files(
    tmp_path: Path,
) -> None:
    root = non_utf8(tmp_path, b"ws-\xe9")
    for relpath in DATA_FILES:
        write(root, relpath, (REPO / relpath).read_bytes())
    incoming = write(root, "inbox/mfa.yaml", submission("mfa", 1))
    outcome = take_in(root, incoming)
    assert outcome.exit_code == 0, outcome.stderr
    shown = f"{tmp_path}/ws-\\xe9/inbox/mfa.yaml"
    assert f"accepted {shown} (mfa r1) → positions/mfa.yaml" in outcome.stdout
    assert [r["file"] for r in log_records(root)] == [shown]


def test_a_record_holding_a_line_separator_is_read_back(
    make_workspace: MakeWorkspace, inbox: Path
) -> None:
    from gdcpos.intake import read_log

    root = make_workspace()
    name = "mfa\u2028\u2029\x85\x1c.yaml"
    incoming = write(inbox, name, submission("mfa", 1))
    assert take_in(root, incoming).exit_code == 0
    [record] = read_log(root)
    assert (record["file"], record["result"]) == (str(incoming), "accepted")


def test_the_report_escapes_characters_that_act_on_a_terminal(
    make_workspace: MakeWorkspace, inbox: Path
) -> None:
    root = make_workspace()
    named = write(inbox, "ict\nnew\u202eline.yaml", submission("ict", 1))
    agency = write(inbox, "agency.yaml", 'agency: "ict\\e[31mRED\\u202e"\nrevision: 1\n')
    outcome = take_in(root, named, agency)
    assert outcome.exit_code == 1
    accepted, added, refused, summary = outcome.stdout.splitlines()
    assert accepted == (
        f"accepted {inbox}/ict\\nnew\\u202eline.yaml (ict r1) → positions/ict.yaml, the "
        "agency's first submission"
    )
    assert (added, summary) == ("  + ict-001 added", "2 files: 1 accepted, 1 refused")
    assert refused.startswith(f"refused {agency} (ict\\x1b[31mRED\\u202e r1): ")
    assert "\x1b" not in outcome.stdout and "\u202e" not in outcome.stdout
    assert [(r["file"], r["agency"]) for r in log_records(root)] == [
        (str(named), "ict"),
        (str(agency), "ict\x1b[31mRED\u202e"),
    ]


def test_every_unreadable_workspace_file_is_named_at_once(
    make_workspace: MakeWorkspace, inbox: Path
) -> None:
    root = make_workspace()
    (root / "positions/fata.yaml").symlink_to(root / "nowhere.yaml")
    (root / "positions/old.yaml").mkdir()
    before = state(root)
    outcome = take_in(root, write(inbox, "fata_new.yaml", submission("fata", 1)))
    assert outcome.exit_code == 1
    hint = "remove it, or replace it with the agency's file"
    assert outcome.stderr.splitlines() == [
        f"positions/fata.yaml: error: cannot read: No such file or directory; {hint}",
        f"positions/old.yaml: error: cannot read: not a regular file; {hint}",
    ]
    assert outcome.stdout == ""
    assert state(root) == before
    assert not (root / LOG).exists()


def test_an_unreadable_history_file_is_named_with_the_unreadable_submissions(
    make_workspace: MakeWorkspace, inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_workspace({"positions/.history/mfa/mfa.r1.yaml": submission("mfa", 1)})
    (root / "positions/fata.yaml").symlink_to(root / "nowhere.yaml")

    def denied(path: Path, relpath: str) -> bytes | Diagnostic:
        if relpath.startswith("positions/.history/"):  # as for another user's file, not root's
            return error(relpath, 0, 0, "cannot read: Permission denied")
        return read_whole(path, relpath)

    monkeypatch.setattr(gdcpos.intake.state, "read_whole", denied)
    outcome = take_in(root, write(inbox, "mfa.yaml", submission("mfa", 2)))
    assert outcome.exit_code == 1
    assert outcome.stderr.splitlines() == [
        "positions/.history/mfa/mfa.r1.yaml: error: cannot read: Permission denied; make it "
        "readable",
        "positions/fata.yaml: error: cannot read: No such file or directory; remove it, or "
        "replace it with the agency's file",
    ]
    assert not (root / "positions/mfa.yaml").exists()
