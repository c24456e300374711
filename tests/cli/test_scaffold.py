"""`gdcpos init` and `gdcpos new-submission`: what a person starts from."""

from __future__ import annotations

from pathlib import Path

from gdcpos.persian import JalaliDate
from gdcpos.scaffold import submission_skeleton
from gdcpos.validate import validate_workspace
from tests.conftest import REPO, MakeWorkspace, run_gdcpos


def test_init_makes_a_workspace_with_the_resolution_data(tmp_path: Path) -> None:
    target = tmp_path / "new"
    outcome = run_gdcpos("init", target)
    assert outcome.exit_code == 0, outcome.stderr
    for name in ("agencies.yaml", "duties.yaml", "axes.yaml"):
        assert (target / "data" / name).read_bytes() == (REPO / "data" / name).read_bytes()
    assert (target / "positions").is_dir()
    assert not any((target / "positions").iterdir())
    assert run_gdcpos("validate", "-w", target).exit_code == 0


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    outcome = run_gdcpos("init", tmp_path)
    assert outcome.exit_code == 2
    assert "not empty" in outcome.stderr
    assert (tmp_path / "keep.txt").read_text() == "mine"


def test_skeleton_is_invalid_until_filled_then_valid(make_workspace: MakeWorkspace) -> None:
    root = make_workspace()
    text = submission_skeleton(root, "mfa", today=JalaliDate(1402, 1, 10))
    assert "agency: mfa" in text and "revision: 1" in text and "submitted: 1402-01-10" in text
    assert "# " in text and "عنوان کوتاه" in text  # Persian comments explain the fields

    (root / "positions/mfa.yaml").write_text(text, encoding="utf-8")
    unfilled = validate_workspace(root)
    assert not unfilled.ok
    assert {d.location.line for d in unfilled.diagnostics} == {
        n
        for n, line in enumerate(text.splitlines(), 1)
        if line.strip().startswith(("title:", "text:"))
    }

    filled = text.replace('title: ""', 'title: "اصل حاکمیت ملی"').replace(
        'text: ""', 'text: "حاکمیت کشورها بر فضای مجازی سرزمینی خود محترم است."'
    )
    (root / "positions/mfa.yaml").write_text(filled, encoding="utf-8")
    assert validate_workspace(root).ok


def test_skeleton_continues_the_current_submission(make_workspace: MakeWorkspace) -> None:
    root = make_workspace(positions=True)
    current = validate_workspace(root).workspace
    assert current is not None
    mfa = current.submissions["mfa"]
    text = submission_skeleton(root, "mfa")
    assert f"revision: {mfa.revision + 1}" in text
    assert f"id: mfa-{len(mfa.contributions) + 1:03d}" in text


def test_new_submission_refuses_unknown_or_path_like_agency(make_workspace: MakeWorkspace) -> None:
    root = make_workspace()
    for agency in ("nasa", "../mfa", "/etc/passwd"):
        outcome = run_gdcpos("new-submission", agency, "-w", root)
        assert outcome.exit_code == 2, agency
        assert "unknown agency" in outcome.stderr
        assert outcome.exception is None


def test_new_submission_writes_to_a_file_but_never_over_one(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    root = make_workspace()
    target = tmp_path / "mfa.yaml"
    assert run_gdcpos("new-submission", "mfa", "-w", root, "-o", target).exit_code == 0
    first = target.read_bytes()
    outcome = run_gdcpos("new-submission", "mfa", "-w", root, "-o", target)
    assert outcome.exit_code == 2 and target.read_bytes() == first


def test_prose_is_normalised_when_read(make_workspace: MakeWorkspace) -> None:
    text = (
        "agency: mfa\nrevision: 1\nsubmitted: ۱۴۰۲/۱/۱۰\ncontributions:\n"
        "  - id: mfa-001\n    axis: ai\n    duties: [5]\n    kind: principle\n"
        '    title: "سياست كلي ٤"\n'
        '    text: "قطعنامه A/RES/79/1 و بند 12؛ نیم‌فاصله و خانهٔ ما https://un.org/a1"\n'
    )
    root = make_workspace({"positions/mfa.yaml": text})
    result = validate_workspace(root)
    assert result.workspace is not None, result.diagnostics
    submission = result.workspace.submissions["mfa"]
    item = submission.contributions[0]
    assert item.title == "سیاست کلی ۴"
    assert item.text == "قطعنامه A/RES/79/1 و بند ۱۲؛ نیم‌فاصله و خانهٔ ما https://un.org/a1"
    assert item.id == "mfa-001"
    assert submission.submitted == JalaliDate(1402, 1, 10)


def test_repository_workspace_is_valid() -> None:
    outcome = run_gdcpos("validate", "-w", REPO)
    assert outcome.exit_code == 0, outcome.stderr
    assert "12 submissions" in outcome.stdout


def test_exported_templates_drive_a_build(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    root = make_workspace(positions=True)
    outcome = run_gdcpos("templates", "export", root / "templates")
    assert outcome.exit_code == 0, outcome.stderr
    assert (root / "templates/reference.docx").is_file()
    assert (root / "templates/framework.html.j2").is_file()
    framework = root / "templates/framework.html.j2"
    framework.write_text(
        framework.read_text(encoding="utf-8").replace("<h1>مقدمه</h1>", "<h1>درآمد</h1>"),
        encoding="utf-8",
    )
    built = run_gdcpos("build", "framework", "-w", root, "-o", tmp_path / "out")
    assert built.exit_code == 0, built.stderr
    from tests.build.helpers import docx_paragraphs

    assert "درآمد" in docx_paragraphs(tmp_path / "out/framework.docx")
    again = run_gdcpos("templates", "export", root / "templates")
    assert again.exit_code == 2 and "not overwriting" in again.stderr


def test_init_where_no_folder_can_be_made_says_so(tmp_path: Path) -> None:
    outcome = run_gdcpos("init", "/proc/x")
    assert outcome.exception is None, outcome.exception
    assert (outcome.exit_code, outcome.stderr) == (
        1,
        "/proc/x: error: cannot create the workspace: No such file or directory\n",
    )
    afile = tmp_path / "afile"
    afile.write_text("mine")
    outcome = run_gdcpos("init", afile)
    assert outcome.exception is None, outcome.exception
    assert (outcome.exit_code, outcome.stderr) == (
        2,
        f"gdcpos: {afile} is not a folder; choose a new folder\n",
    )
    assert afile.read_text() == "mine"


def test_templates_export_into_a_file_or_nowhere_says_so(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("mine")
    outcome = run_gdcpos("templates", "export", afile)
    assert outcome.exception is None, outcome.exception
    assert (outcome.exit_code, outcome.stderr) == (
        2,
        f"gdcpos: {afile} is not a folder; choose a folder to export the templates into\n",
    )
    assert [p.name for p in tmp_path.iterdir()] == ["afile"]
    outcome = run_gdcpos("templates", "export", "/proc/x")
    assert outcome.exception is None, outcome.exception
    assert (outcome.exit_code, outcome.stderr) == (
        1,
        "/proc/x: error: cannot export the templates: No such file or directory\n",
    )
