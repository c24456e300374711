"""The output formats of `gdcpos check`: json against its documented schema, GitHub's workflow
command syntax, and the text format's table and plain lines."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from gdcpos.check.formats import FORMATTERS, OutputFormat, format_report, write_output
from gdcpos.check.formats.github import command, escape_data, escape_property, repository_path
from gdcpos.check.report import run_check
from gdcpos.diagnostics import Location, Severity, error
from gdcpos.persian.jalali import JalaliDate
from tests.check.conftest import FILES, CheckWorkspace, Edits, edited
from tests.conftest import REPO, run_gdcpos

SCHEMA = json.loads((REPO / "docs/check-report.schema.json").read_text(encoding="utf-8"))
AS_OF = "1402-01-20"

WORKSPACES: dict[str, Edits] = {
    "complete": {},
    "gaps": {
        "positions/culture.yaml": None,
        **edited("positions/ict.yaml", "duties: [2]", "duties: [2, 1]"),
        **edited("positions/ncc.yaml", "axis: connectivity", "axis: fragmentation"),
    },
    "warnings-only": edited("positions/ict.yaml", "duties: [2]", "duties: [2, 3]"),
    "invalid": {
        **edited("positions/ict.yaml", "axis: fragmentation", "axis: nowhere"),
        "data/axes.yaml": None,
    },
}

# ::error file=F,line=L,col=C,title=T::MESSAGE — properties are key=value, comma-separated.
WORKFLOW_COMMAND = re.compile(
    r"^::(?P<level>error|warning) (?P<props>[a-z]+=[^,:\r\n]*(?:,[a-z]+=[^,:\r\n]*)*)"
    r"::(?P<message>[^\r\n]*)$"
)


def test_the_schema_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_every_format_has_one_formatter() -> None:
    assert set(FORMATTERS) == set(OutputFormat)
    assert {f.value for f in OutputFormat} == {"text", "json", "github"}


def check_json(root: Path, *options: str) -> tuple[int, dict[str, Any]]:
    outcome = run_gdcpos("check", "-w", root, "--as-of", AS_OF, "--format", "json", *options)
    assert outcome.stderr == ""
    return outcome.exit_code, json.loads(outcome.stdout)


@pytest.mark.parametrize("name", list(WORKSPACES))
@pytest.mark.parametrize("strict", [False, True])
def test_json_output_validates_against_the_schema(
    check_workspace: CheckWorkspace, name: str, strict: bool
) -> None:
    code, report = check_json(check_workspace(WORKSPACES[name]), *["--strict"] * strict)
    jsonschema.validate(report, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert report["passed"] is (code == 0)
    assert report["strict"] is strict
    assert report["counts"]["errors"] == sum(f["severity"] == "error" for f in report["findings"])


def test_json_report_of_a_gap(check_workspace: CheckWorkspace) -> None:
    code, report = check_json(check_workspace(WORKSPACES["gaps"]))
    assert code == 1
    assert report["version"] == 1
    assert report["as_of"] == AS_OF
    assert report["coverage_checked"] is True
    assert report["workspace"] == {"agencies": 4, "duties": 3, "contributions": 4}
    assert report["counts"] == {"errors": 3, "warnings": 2}
    assert report["findings"][0] == {
        "path": "data/agencies.yaml",
        "line": 17,
        "column": 9,
        "severity": "error",
        "rule": "member-without-submission",
        "stage": "coverage",
        "message": "member culture has no submission: positions/culture.yaml is missing",
    }
    assert [(f["path"], f["line"], f["rule"]) for f in report["findings"][1:]] == [
        ("data/axes.yaml", 2, "axis-without-contribution"),
        ("data/duties.yaml", 29, "duty-without-contribution"),
        ("data/duties.yaml", 32, "owner-without-contribution"),
        ("positions/ict.yaml", 7, "contribution-to-unowned-duty"),
    ]


def test_json_report_of_an_invalid_workspace(check_workspace: CheckWorkspace) -> None:
    code, report = check_json(check_workspace(WORKSPACES["invalid"]))
    assert code == 1
    assert report["coverage_checked"] is False
    assert report["workspace"] is None
    assert report["findings"] == [
        {
            "path": "data/axes.yaml",
            "line": None,
            "column": None,
            "severity": "error",
            "rule": None,
            "stage": "validation",
            "message": "missing: a workspace needs this file",
        }
    ]


@pytest.mark.parametrize("name", list(WORKSPACES))
def test_github_output_is_workflow_commands(
    check_workspace: CheckWorkspace, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    root = check_workspace(WORKSPACES[name])
    monkeypatch.chdir(root)
    outcome = run_gdcpos("check", "--as-of", AS_OF, "--format", "github")
    commands = outcome.stdout.splitlines()
    assert len(commands) == len(run_check(root, as_of=JalaliDate.parse(AS_OF)).diagnostics)
    for line in commands:
        match = WORKFLOW_COMMAND.match(line)
        assert match is not None, line
        properties = dict(item.split("=", 1) for item in match["props"].split(","))
        assert set(properties) <= {"file", "line", "col", "title"}
        assert (root / properties["file"]).is_file() or properties["file"] == "data/axes.yaml"
    assert outcome.stderr.endswith("\n")
    assert outcome.exit_code == (0 if name in ("complete", "warnings-only") else 1)


def test_github_output_points_at_the_file_and_line(
    check_workspace: CheckWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = check_workspace(WORKSPACES["gaps"])
    monkeypatch.chdir(root.parent)  # the repository's root, with the workspace in ./ws
    outcome = run_gdcpos("check", "-w", "ws", "--as-of", AS_OF, "--format", "github")
    assert outcome.exit_code == 1
    lines = outcome.stdout.splitlines()
    assert lines[0] == (
        "::error file=ws/data/agencies.yaml,line=17,col=9,title=member-without-submission"
        "::member culture has no submission: positions/culture.yaml is missing"
    )
    assert lines[-1] == (
        "::warning file=ws/positions/ict.yaml,line=7,col=17,title=contribution-to-unowned-duty"
        "::ict-001 answers duty 1, which ict does not own (owners: ncc)"
    )
    assert outcome.stderr == f"gdcpos: check failed as of {AS_OF}: 3 errors, 2 warnings\n"


def test_github_escapes_data_and_properties() -> None:
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    diagnostic = error("pos,it:ions/x.yaml", 3, 4, "key 'a\nb': 100%", "unknown-id")
    # The line break was written as an escape when the diagnostic was made.
    assert command(diagnostic, "pos,it:ions/x.yaml") == (
        "::error file=pos%2Cit%3Aions/x.yaml,line=3,col=4,title=unknown-id::key 'a\\nb': 100%25"
    )


def test_github_leaves_out_an_unknown_line() -> None:
    diagnostic = error("data/axes.yaml", 0, 0, "missing: a workspace needs this file")
    assert command(diagnostic, "data/axes.yaml") == (
        "::error file=data/axes.yaml,title=gdcpos validation::missing: a workspace needs this file"
    )


def test_repository_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert repository_path(Path(), "data/duties.yaml") == "data/duties.yaml"
    assert repository_path(Path("ws/"), "data/duties.yaml") == "ws/data/duties.yaml"
    monkeypatch.chdir(tmp_path)
    assert repository_path(tmp_path / "a" / "ws", "positions/mfa.yaml") == "a/ws/positions/mfa.yaml"


def test_text_is_plain_lines_with_the_rule_when_piped(check_workspace: CheckWorkspace) -> None:
    outcome = run_gdcpos("check", "-w", check_workspace(WORKSPACES["gaps"]), "--as-of", AS_OF)
    assert outcome.exit_code == 1
    assert outcome.stderr.splitlines() == [
        "data/agencies.yaml:17:9: error: member culture has no submission: "
        "positions/culture.yaml is missing [member-without-submission]",
        "data/axes.yaml:2:9: error: axis connectivity has no contribution: no submission files "
        "a contribution under it [axis-without-contribution]",
        "data/duties.yaml:29:13: error: duty 3 has no contribution: no submission lists 3 in a "
        "contribution's duties (owners: culture) [duty-without-contribution]",
        "data/duties.yaml:32:14: warning: culture owns duty 3 but it has no submission "
        "(positions/culture.yaml) [owner-without-contribution]",
        "positions/ict.yaml:7:17: warning: ict-001 answers duty 1, which ict does not own "
        "(owners: ncc) [contribution-to-unowned-duty]",
        f"gdcpos: check failed as of {AS_OF}: 3 errors, 2 warnings",
    ]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_text_on_a_terminal_is_a_table_grouped_by_rule(
    check_workspace: CheckWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = run_check(check_workspace(WORKSPACES["gaps"]), as_of=JalaliDate.parse(AS_OF))
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    write_output(format_report(report, OutputFormat.TEXT))
    shown = re.sub(r"\x1b\[[0-9;]*m", "", terminal.getvalue())
    lines = shown.splitlines()
    assert all(len(line) <= 80 for line in lines), shown
    headings = [line for line in lines if re.match(r"^(error|warning) [a-z-]+  \d", line)]
    assert [h.split()[1] for h in headings] == [
        "member-without-submission",
        "duty-without-contribution",
        "axis-without-contribution",
        "owner-without-contribution",
        "contribution-to-unowned-duty",
    ]
    assert headings[0] == (
        "error member-without-submission  1 · every member has a submission in positions/"
    )
    assert any(
        line.startswith("data/duties.yaml:29:13  duty 3 has no contribution") for line in lines
    )
    assert lines[-1] == f"gdcpos: check failed as of {AS_OF}: 3 errors, 2 warnings"


def test_text_passing_with_warnings_keeps_stdout_to_the_verdict(
    check_workspace: CheckWorkspace,
) -> None:
    report = run_check(check_workspace(WORKSPACES["warnings-only"]), as_of=JalaliDate.parse(AS_OF))
    output = format_report(report, OutputFormat.TEXT)
    assert output.stdout.startswith("check passed with 1 warning")
    assert output.stderr.endswith("[contribution-to-unowned-duty]\n")


def test_a_location_without_line_is_the_file() -> None:
    assert str(Location("data/axes.yaml")) == "data/axes.yaml"
    assert Severity.WARNING.value == "warning"


def test_fixture_is_what_the_line_numbers_assume() -> None:
    lines = FILES["data/duties.yaml"].splitlines()
    assert lines[28] == "  - number: 3"
    assert lines[31] == "    owners: [culture]"


def test_text_on_a_terminal_shows_brackets_and_colons_of_the_data_as_written(
    check_workspace: CheckWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A key or value of an agency's file is quoted in messages: on a terminal it must be shown
    # as written, not read as Rich markup (``[/]`` raised, ``[bold red]`` coloured the rest and
    # vanished) or as an emoji code.
    workspace = check_workspace(
        {
            **edited("positions/ncc.yaml", "axis: connectivity", "axis: AI"),
            "positions/culture.yaml": FILES["positions/culture.yaml"]
            + '"[/]": 1\n"[bold red]x": 2\n":x:": 3\n',
        }
    )
    report = run_check(workspace, as_of=JalaliDate.parse(AS_OF))
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    monkeypatch.setenv("COLUMNS", "200")
    write_output(format_report(report, OutputFormat.TEXT))
    shown = re.sub(r"\x1b\[[0-9;]*m", "", terminal.getvalue())
    assert "(^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$)" in shown
    for key in ("'[/]'", "'[bold red]x'", "':x:'"):
        assert f"unknown key {key}" in shown, shown


def test_every_format_carries_a_key_with_a_line_break_as_one_escaped_message(
    check_workspace: CheckWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A line break or ESC in a key split one finding over lines or reached the terminal raw.
    root = check_workspace(
        edited("positions/culture.yaml", "revision: 1\n", 'revision: 1\n"a%\\nb,c:d\\e[2J": 1\n')
    )
    message = (
        "a%\\nb,c:d\\x1b[2J: unknown key 'a%\\nb,c:d\\x1b[2J'; "
        "allowed: agency, revision, submitted, contributions"
    )
    text = run_gdcpos("check", "-w", root, "--as-of", AS_OF)
    assert text.exit_code == 1
    assert text.stderr.splitlines() == [
        "positions/culture.yaml:3:1: error: U+001B (a control character) is not allowed in "
        "XML 1.0 and cannot be written to a document",
        f"positions/culture.yaml:3:1: error: {message} [extra_forbidden]",
        "gdcpos: the workspace is not valid (2 errors, 0 warnings); coverage was not checked",
    ]
    _, report = check_json(root)
    assert [finding["message"] for finding in report["findings"]][1] == message
    monkeypatch.chdir(root)
    github = run_gdcpos("check", "--as-of", AS_OF, "--format", "github")
    assert github.stdout.splitlines()[1] == (
        "::error file=positions/culture.yaml,line=3,col=1,title=extra_forbidden::"
        + message.replace("%", "%25")
    )
