"""`gdcpos validate` on bad input: a located message, exit status 1, no traceback, nothing written.

Each case is one submission with one defect at a known place; the expected location is the
line and column a person would put the cursor on to fix it.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, MakeWorkspace, run_gdcpos, snapshot

VALID = """\
agency: mfa
revision: 1
submitted: 1402-01-10
contributions:
  - id: mfa-001
    axis: fragmentation
    duties: [1, 5]
    kind: principle
    title: "عنوان"
    text: "متن"
"""


def replace(old: str, new: str, base: str = VALID) -> str:
    assert old in base
    return base.replace(old, new, 1)


def assert_rejected(root: Path, expected: list[str], relpath: str = "positions/mfa.yaml") -> str:
    before = snapshot(root)
    outcome = run_gdcpos("validate", "-w", root)
    assert outcome.exception is None, outcome.exception
    assert "Traceback" not in outcome.stderr + outcome.stdout
    assert outcome.exit_code == 1, outcome.stderr
    lines = outcome.stderr.splitlines()
    for fragment in expected:
        assert any(line.startswith(relpath) and fragment in line for line in lines), (
            fragment,
            outcome.stderr,
        )
    assert snapshot(root) == before
    return outcome.stderr


def test_valid_submission_passes(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"positions/mfa.yaml": VALID})
    outcome = run_gdcpos("validate", "-w", root)
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stderr == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            replace("kind: principle", "kind: principle: x"),
            [
                "positions/mfa.yaml:8:20: error: invalid YAML: mapping values are not allowed",
            ],
            id="syntax-error",
        ),
        pytest.param(
            replace("    kind: principle\n", "    kind: principle\n    axis: ai\n"),
            ["positions/mfa.yaml:9:5: error: duplicate key 'axis' (first defined on line 6)"],
            id="duplicate-key",
        ),
        pytest.param(
            replace("    kind: principle\n", "    kind: principle\n    titel: x\n"),
            [
                "positions/mfa.yaml:9:5: error: contributions[0].titel: unknown key 'titel'; "
                "did you mean 'title'?"
            ],
            id="unknown-key",
        ),
        pytest.param(
            replace("revision: 1", "revision: two"),
            [
                "positions/mfa.yaml:2:11: error: revision: expected a whole number",
                "got the text 'two'",
            ],
            id="wrong-type",
        ),
        pytest.param(
            replace("revision: 1", "revision: 010"),
            [
                "positions/mfa.yaml:2:11: error: revision: expected a whole number",
                "got the text '010'",
            ],
            id="leading-zero-is-text-not-octal",
        ),
        pytest.param(
            replace("axis: fragmentation", "axis: fragmentaton"),
            ["positions/mfa.yaml:6:11: error: unknown axis 'fragmentaton'"],
            id="unknown-axis",
        ),
        pytest.param(
            replace("duties: [1, 5]", "duties: [1, 42]"),
            [
                "positions/mfa.yaml:7:17: error: there is no duty 42 "
                "(duties are 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)"
            ],
            id="unknown-duty",
        ),
        pytest.param(
            replace(
                "    kind: principle\n",
                "    kind: principle\n    dimensions: [technical, tecnical]\n",
            ),
            ["positions/mfa.yaml:9:29: error: unknown dimension 'tecnical'"],
            id="unknown-dimension",
        ),
        pytest.param(
            replace("id: mfa-001", "id: ict-001"),
            ["positions/mfa.yaml:5:9: error: contribution id 'ict-001' must begin with 'mfa-'"],
            id="id-of-another-agency",
        ),
        pytest.param(
            VALID + VALID[VALID.index("  - id") :],
            [
                "positions/mfa.yaml:11:9: error: contribution id 'mfa-001' is already used at "
                "positions/mfa.yaml:5:9"
            ],
            id="duplicated-id",
        ),
        pytest.param(
            replace("kind: principle", "kind: red-line") + "    classification: public\n",
            [
                "positions/mfa.yaml:11:21: error: contributions[0].classification: a red-line is "
                "never public"
            ],
            id="red-line-public",
        ),
        pytest.param(
            replace("submitted: 1402-01-10", "submitted: 1402-12-30"),
            ["positions/mfa.yaml:3:12: error: submitted: 1402-12-30 does not exist"],
            id="1402-12-30-does-not-exist",
        ),
        pytest.param(
            replace("kind: principle", "kind: country-position") + "    country: NO\n",
            ["positions/mfa.yaml:5:5: error: contributions[0]: a country-position needs alignment"],
            id="country-position-needs-alignment",
        ),
        pytest.param(
            replace('title: "عنوان"', 'title: "عنوان \u202eمعکوس"'),
            ["positions/mfa.yaml:9:19: error: U+202E RIGHT-TO-LEFT OVERRIDE"],
            id="bidi-override-in-title",
        ),
        pytest.param(
            replace('text: "متن"', 'text: "متن\\x01"'),
            ["positions/mfa.yaml:10:11: error: ", "U+0001"],
            id="escaped-control-character",
        ),
        pytest.param(
            replace('text: "متن"', 'text: "متن\x01"'),
            ["positions/mfa.yaml:10:15: error: character U+0001 is not allowed"],
            id="raw-control-character",
        ),
        pytest.param(
            replace("    axis: fragmentation", "\taxis: fragmentation"),
            [
                "positions/mfa.yaml:6:1: error: a tab character cannot indent YAML",
            ],
            id="tab-indentation",
        ),
        pytest.param(
            "",
            ["positions/mfa.yaml:1:1: error: the file is empty"],
            id="empty-file",
        ),
        pytest.param(
            "# only a comment\n",
            ["positions/mfa.yaml:1:1: error: the file is empty"],
            id="comment-only-file",
        ),
        pytest.param(
            "- a\n- b\n",
            [
                "positions/mfa.yaml:1:1: error: the file must be a mapping of keys "
                "(agency:, revision:, …), not a list"
            ],
            id="not-a-mapping",
        ),
        pytest.param(
            replace("submitted: 1402-01-10", "submitted:"),
            [
                "positions/mfa.yaml:3:11: error: submitted: expected a Jalali date such as "
                "1402-01-15, got nothing (null)"
            ],
            id="date-left-empty",
        ),
        pytest.param(
            replace("submitted: 1402-01-10", "submitted: 1402"),
            [
                "positions/mfa.yaml:3:12: error: submitted: expected a Jalali date such as "
                "1402-01-15, got the number 1402"
            ],
            id="date-a-number",
        ),
        pytest.param(
            replace('title: "عنوان"', 'title: ""'),
            ["positions/mfa.yaml:9:12: error: contributions[0].title: must not be empty"],
            id="empty-title",
        ),
        pytest.param(
            replace('title: "عنوان"', 'title: "   "'),
            ["positions/mfa.yaml:9:12: error: contributions[0].title: must not be empty"],
            id="blank-title",
        ),
        pytest.param(
            replace("duties: [1, 5]", "duties: []"),
            ["positions/mfa.yaml:7:13: error: contributions[0].duties: list at least one duty"],
            id="no-duties",
        ),
        pytest.param(
            replace("duties: [1, 5]", "duties: [1, 0]"),
            [
                "positions/mfa.yaml:7:17: error: contributions[0].duties[1]: must be 1 or more, "
                "got 0"
            ],
            id="duty-zero",
        ),
        pytest.param(
            replace("id: mfa-001", "id: mfa-" + "1" * 40),
            [
                "positions/mfa.yaml:5:9: error: contributions[0].id: expected at most 40 "
                "characters, got 44"
            ],
            id="id-too-long",
        ),
        pytest.param(
            replace("kind: principle", "kind: principel"),
            [
                "positions/mfa.yaml:8:11: error: contributions[0].kind: expected 'principle', "
                "'norm', 'key-element', 'opportunity', 'threat', 'strategy', 'amendment', "
                "'recommendation', 'red-line', 'initiative', 'legal-proposal', "
                "'country-position' or 'stakeholder-input', got the text 'principel'"
            ],
            id="unknown-kind",
        ),
        pytest.param(
            replace("kind: principle", "kind: principle\n    classification:"),
            [
                "positions/mfa.yaml:9:20: error: contributions[0].classification: expected "
                "'public', 'internal', 'confidential' or 'secret', got nothing (null)"
            ],
            id="classification-left-empty",
        ),
    ],
)
def test_bad_submission_is_located(
    make_workspace: MakeWorkspace, text: str, expected: list[str]
) -> None:
    root = make_workspace({"positions/mfa.yaml": text})
    assert_rejected(root, expected)


def test_every_problem_of_every_file_is_reported(make_workspace: MakeWorkspace) -> None:
    root = make_workspace(
        {
            "positions/mfa.yaml": replace("axis: fragmentation", "axis: nowhere"),
            "positions/ict.yaml": replace("agency: mfa", "agency: ict")
            .replace("mfa-001", "ict-001")
            .replace("revision: 1", "revision: 0"),
        }
    )
    stderr = assert_rejected(root, ["unknown axis 'nowhere'"])
    assert "positions/ict.yaml:2:11: error: revision: must be 1 or more, got 0" in stderr


def test_file_name_must_match_agency(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"positions/ict.yaml": VALID})
    assert_rejected(
        root,
        [
            "positions/ict.yaml:1:9: error: agency 'mfa' does not match the file name; a "
            "submission of mfa belongs in positions/mfa.yaml: rename this file, or merge it "
            "into that one if it is there (a rename would replace it)"
        ],
        relpath="positions/ict.yaml",
    )


def test_unknown_agency(make_workspace: MakeWorkspace) -> None:
    text = replace("agency: mfa", "agency: nasa").replace("mfa-001", "nasa-001")
    root = make_workspace({"positions/nasa.yaml": text})
    assert_rejected(
        root,
        ["positions/nasa.yaml:1:9: error: unknown agency 'nasa'"],
        relpath="positions/nasa.yaml",
    )


def test_a_number_too_long_for_python_is_a_located_error(make_workspace: MakeWorkspace) -> None:
    """int() refuses more than 4,300 digits; such a "number" is text, reported where it stands."""
    root = make_workspace({"positions/mfa.yaml": replace("revision: 1", "revision: " + "1" * 5000)})
    stderr = assert_rejected(
        root,
        [
            "positions/mfa.yaml:2:11: error: revision: expected a whole number of at most 18 "
            "digits, got one of 5,000"
        ],
    )
    assert len(stderr) < 500


def test_a_long_wrong_value_is_quoted_shortened(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"positions/mfa.yaml": replace("revision: 1", "revision: " + "x" * 100)})
    assert_rejected(
        root,
        [
            "positions/mfa.yaml:2:11: error: revision: expected a whole number, got the text "
            f"'{'x' * 60}…' (100 characters)"
        ],
    )


def test_1403_12_30_exists(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"positions/mfa.yaml": replace("1402-01-10", "1403-12-30")})
    assert run_gdcpos("validate", "-w", root).exit_code == 0


def test_no_stays_norway(make_workspace: MakeWorkspace) -> None:
    text = replace("kind: principle", "kind: country-position") + (
        "    country: NO\n    alignment: neutral\n"
    )
    root = make_workspace({"positions/mfa.yaml": text})
    outcome = run_gdcpos("validate", "-w", root)
    assert outcome.exit_code == 0, outcome.stderr


def test_alias_bomb_is_refused_quickly(make_workspace: MakeWorkspace) -> None:
    levels = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    levels += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    root = make_workspace({"positions/mfa.yaml": VALID + "\n".join(levels) + "\n"})
    started = time.perf_counter()
    assert_rejected(root, ["positions/mfa.yaml:11:5: error: anchors and aliases"])
    assert time.perf_counter() - started < 1.0


def test_oversize_file_is_refused(make_workspace: MakeWorkspace) -> None:
    from gdcpos.load import MAX_FILE_BYTES

    padding = "# " + "x" * 1000 + "\n"
    big = VALID + padding * (MAX_FILE_BYTES // len(padding) + 1)
    root = make_workspace({"positions/mfa.yaml": big})
    assert_rejected(root, ["positions/mfa.yaml:1:1: error: the file is", "over the limit"])


def test_windows_1256_is_refused_by_name(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"positions/mfa.yaml": VALID.encode("cp1256")})
    assert_rejected(
        root, ["positions/mfa.yaml:9:13: error: the file is not UTF-8 text", "Windows-1256"]
    )


def test_utf16_without_bom_is_named(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"positions/mfa.yaml": VALID.encode("utf-16-le")})
    assert_rejected(root, ["UTF-16 without a byte-order mark"])


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_bom_files_are_decoded(make_workspace: MakeWorkspace, encoding: str) -> None:
    root = make_workspace({"positions/mfa.yaml": VALID.encode(encoding)})
    outcome = run_gdcpos("validate", "-w", root)
    assert outcome.exit_code == 0, outcome.stderr


def test_vertical_tab_from_word_becomes_a_line_break(make_workspace: MakeWorkspace) -> None:
    from gdcpos.validate import validate_workspace

    root = make_workspace(
        {"positions/mfa.yaml": replace('text: "متن"', 'text: "سطر یک\x0bسطر دو"')}
    )
    result = validate_workspace(root)
    assert result.workspace is not None, result.diagnostics
    assert result.workspace.submissions["mfa"].contributions[0].text == "سطر یک\nسطر دو"


def test_missing_data_file(make_workspace: MakeWorkspace) -> None:
    root = make_workspace()
    (root / "data/axes.yaml").unlink()
    outcome = run_gdcpos("validate", "-w", root)
    assert outcome.exit_code == 1
    assert "data/axes.yaml: error: missing" in outcome.stderr


named_pipes = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


@named_pipes
def test_a_submission_that_is_not_a_regular_file_is_reported_not_skipped(
    make_workspace: MakeWorkspace,
) -> None:
    # Left out of the listing, an agency's submission would be missing from every document
    # without a word said.
    root = make_workspace({"positions/.mfa.yaml.swp": b"\x00"})
    os.mkfifo(root / "positions/mfa.yaml")
    (root / "positions/ict.yaml").mkdir()
    (root / "positions/culture.yaml").symlink_to(root / "nowhere.yaml")
    for command in ("validate", "build"):
        outcome = run_gdcpos(command, "-w", root)
        assert outcome.exception is None, outcome.exception
        assert outcome.exit_code == 1, outcome.stderr
        lines = outcome.stderr.splitlines()
        assert "positions/mfa.yaml: error: cannot read: not a regular file" in lines
        assert "positions/ict.yaml: error: cannot read: not a regular file" in lines
        assert "positions/culture.yaml: error: cannot read: No such file or directory" in lines
        assert not any(".mfa.yaml.swp" in line for line in lines)  # hidden files stay unread
    assert not (root / "build").exists()


@named_pipes
def test_a_data_file_that_is_not_a_regular_file_is_named_as_such(
    make_workspace: MakeWorkspace,
) -> None:
    root = make_workspace()
    (root / "data/axes.yaml").unlink()
    os.mkfifo(root / "data/axes.yaml")
    outcome = run_gdcpos("validate", "-w", root)
    assert outcome.exit_code == 1
    assert "data/axes.yaml: error: cannot read: not a regular file" in outcome.stderr


def test_a_workspace_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    for command in ("validate", "check", "status", "build"):
        outcome = run_gdcpos(command, "-w", tmp_path / "nowhere")
        assert outcome.exit_code == 2, command
        assert "does not exist" in outcome.stderr


def test_a_submission_saved_under_another_extension_is_an_error_not_left_out(
    make_workspace: MakeWorkspace,
) -> None:
    # positions/culture.yml would otherwise be skipped, and culture's contributions missing
    # from every document; a file that is plainly not a submission is none of gdcpos's business.
    root = make_workspace(
        {
            "positions/culture.yml": replace("agency: mfa", "agency: culture"),
            "positions/MFA.YAML": VALID,
            "positions/notes.txt": "یادداشت",
            "positions/drafts/ict.yaml": VALID,
        }
    )
    outcome = run_gdcpos("validate", "-w", root)
    assert outcome.exit_code == 1, outcome.stderr
    assert outcome.stderr.splitlines()[:2] == [
        "positions/MFA.YAML: error: not read: a submission is named <agency>.yaml; "
        "rename it mfa.yaml",
        "positions/culture.yml: error: not read: a submission is named <agency>.yaml; "
        "rename it culture.yaml",
    ]
    assert "notes.txt" not in outcome.stderr and "drafts" not in outcome.stderr


def test_a_duty_or_dimension_listed_twice_is_located_at_the_repeat(
    make_workspace: MakeWorkspace,
) -> None:
    # Accepted, a repeated duty was printed twice and counted twice in the division of labour.
    text = replace("duties: [1, 5]", "duties: [1, 5, 1]") + "    dimensions: [legal, legal]\n"
    root = make_workspace({"positions/mfa.yaml": text})
    assert_rejected(
        root,
        [
            "positions/mfa.yaml:7:20: error: duty 1 is listed twice",
            "positions/mfa.yaml:11:25: error: dimension 'legal' is listed twice",
        ],
    )


def test_an_owner_listed_twice_is_located_at_the_repeat(make_workspace: MakeWorkspace) -> None:
    duties = (REPO / "data/duties.yaml").read_text(encoding="utf-8")
    first = re.search(r"owners: \[([a-z-]+)", duties)
    assert first is not None
    repeated = duties.replace(first[0], f"{first[0]}, {first[1]}", 1)
    root = make_workspace({"data/duties.yaml": repeated})
    line = duties[: first.start()].count("\n") + 1
    column = first.end() - duties.rfind("\n", 0, first.start()) + 2
    assert_rejected(
        root,
        [f"data/duties.yaml:{line}:{column}: error: agency '{first[1]}' is listed twice"],
        relpath="data/duties.yaml",
    )


def test_control_and_bidi_characters_in_a_key_are_located_and_shown_escaped(
    make_workspace: MakeWorkspace,
) -> None:
    # Raw, ESC recoloured the terminal and U+202E reordered the rest of the line; a key was not
    # checked for them at all, where a value was.
    text = replace("revision: 1\n", 'revision: 1\n"\\e[31mRED\\e[0m\\u202e": 1\nno\u202ete: 2\n')
    root = make_workspace({"positions/mfa.yaml": text})
    stderr = assert_rejected(root, [])
    control = (
        "positions/mfa.yaml:3:1: error: U+001B (a control character) is not allowed in XML 1.0 "
        "and cannot be written to a document"
    )
    override = (
        "U+202E RIGHT-TO-LEFT OVERRIDE: a bidirectional control character can make text display "
        "differently from what it says; remove it"
    )
    allowed = "allowed: agency, revision, submitted, contributions"
    assert stderr.splitlines() == [
        control,
        control,
        f"positions/mfa.yaml:3:1: error: {override}",
        "positions/mfa.yaml:3:1: error: \\x1b[31mRED\\x1b[0m\\u202e: unknown key "
        f"'\\x1b[31mRED\\x1b[0m\\u202e'; {allowed}",
        f"positions/mfa.yaml:4:1: error: no\\u202ete: unknown key 'no\\u202ete'; {allowed}",
        f"positions/mfa.yaml:4:3: error: {override}",
        "gdcpos: 6 errors; the workspace is not valid",
    ]


def test_a_value_with_a_control_character_is_quoted_escaped(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"positions/mfa.yaml": replace("agency: mfa", 'agency: "mfa\\e[31m"')})
    stderr = assert_rejected(root, [])
    assert stderr.splitlines()[:2] == [
        "positions/mfa.yaml:1:9: error: U+001B (a control character) is not allowed in XML 1.0 "
        "and cannot be written to a document",
        "positions/mfa.yaml:1:9: error: agency: the text 'mfa\\x1b[31m' is not in the expected "
        "form (^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$)",
    ]


def test_a_line_break_in_a_key_keeps_the_finding_on_one_line(
    make_workspace: MakeWorkspace,
) -> None:
    # One finding a line is what editors and grep rely on; a key can hold any character.
    text = replace("revision: 1\n", 'revision: 1\n"a%\\nb\\u2028c\\x85d": 1\n')
    root = make_workspace({"positions/mfa.yaml": text})
    stderr = assert_rejected(root, [])
    assert stderr.splitlines() == [
        "positions/mfa.yaml:3:1: error: a%\\nb\\u2028c\\x85d: unknown key 'a%\\nb\\u2028c\\x85d'; "
        "allowed: agency, revision, submitted, contributions",
        "gdcpos: 1 error; the workspace is not valid",
    ]


@pytest.mark.parametrize("text", ["", "# settings: none yet\n", "{}\n"])
def test_an_empty_settings_file_means_every_default(
    make_workspace: MakeWorkspace, text: str
) -> None:
    # gdcpos.yaml is optional: left empty, or with its keys commented out, it asks for nothing.
    root = make_workspace({"positions/mfa.yaml": VALID, "gdcpos.yaml": text})
    outcome = run_gdcpos("validate", "-w", root)
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stderr == ""


def test_a_settings_file_that_is_a_list_says_what_it_must_be(
    make_workspace: MakeWorkspace,
) -> None:
    root = make_workspace({"positions/mfa.yaml": VALID, "gdcpos.yaml": "[]\n"})
    assert_rejected(
        root,
        [
            "gdcpos.yaml:1:1: error: the file must be a mapping of keys "
            "(title:, body_font:, …), not a list"
        ],
        relpath="gdcpos.yaml",
    )


def test_a_second_copy_beside_the_submission_is_not_advised_to_replace_it(
    make_workspace: MakeWorkspace,
) -> None:
    # "rename it mfa.yaml" would have overwritten the agency's real submission.
    root = make_workspace({"positions/mfa.yaml": VALID, "positions/MFA.yml": VALID})
    outcome = run_gdcpos("validate", "-w", root)
    assert outcome.exit_code == 1
    assert outcome.stderr.splitlines()[0] == (
        "positions/MFA.yml: error: not read: a submission is named <agency>.yaml, and "
        "positions/mfa.yaml is there already; remove this copy, or merge it into that file"
    )


def test_the_name_to_rename_to_is_the_agency_s_own(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"positions/ncc.yaml.yml": VALID, "positions/Fata .YML": VALID})
    outcome = run_gdcpos("validate", "-w", root)
    assert outcome.stderr.splitlines()[:2] == [
        "positions/Fata .YML: error: not read: a submission is named <agency>.yaml; "
        "rename it fata.yaml",
        "positions/ncc.yaml.yml: error: not read: a submission is named <agency>.yaml; "
        "rename it ncc.yaml",
    ]
