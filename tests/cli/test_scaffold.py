"""`gdcpos init` and `gdcpos new-submission`: what a person starts from."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gdcpos.load import parse_yaml
from gdcpos.persian import JalaliDate
from gdcpos.scaffold import submission_skeleton
from gdcpos.validate import validate_workspace
from tests.conftest import REPO, MakeWorkspace, run_gdcpos

GOLDEN = Path(__file__).parent / "golden"
NEW_TITLE = "اصل حاکمیت ملی"
NEW_TEXT = "حاکمیت کشورها بر فضای مجازی سرزمینی خود محترم است."
CURRENT_ITEMS_COMMENT = [
    "  # موارد کنونی این دستگاه (ویرایش {revision})؛ این ارسال جایگزین همه آن‌ها می‌شود:",
    "  # هر مورد که اصلاح شود در پرونده تغییر می‌کند و هر مورد که حذف شود از پرونده پس گرفته می‌شود.",
]


def filled_in(skeleton: str) -> str:
    """The skeleton with its new contribution's title and text written, as an agency would."""
    return skeleton.replace('title: ""', f'title: "{NEW_TITLE}"').replace(
        'text: ""', f'text: "{NEW_TEXT}"'
    )


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

    (root / "positions/mfa.yaml").write_text(filled_in(text), encoding="utf-8")
    assert validate_workspace(root).ok


def test_skeleton_of_an_agency_without_a_submission_is_unchanged(
    make_workspace: MakeWorkspace,
) -> None:
    text = submission_skeleton(make_workspace(), "mfa", today=JalaliDate(1402, 1, 10))
    assert text == (GOLDEN / "skeleton-mfa-first.yaml").read_text(encoding="utf-8")
    assert "gdcpos validate" not in text  # an agency has no workspace to run it in


def test_skeleton_continues_the_current_submission(make_workspace: MakeWorkspace) -> None:
    root = make_workspace(positions=True)
    current = validate_workspace(root).workspace
    assert current is not None
    mfa = current.submissions["mfa"]
    text = submission_skeleton(root, "mfa")
    assert f"revision: {mfa.revision + 1}" in text
    assert f"id: mfa-{len(mfa.contributions) + 1:03d}" in text

    (root / "positions/mfa.yaml").write_text(text, encoding="utf-8")
    unfilled = validate_workspace(root)
    assert not unfilled.ok  # the current items alone do not make it acceptable
    assert {d.location.line for d in unfilled.diagnostics} == {
        n
        for n, line in enumerate(text.splitlines(), 1)
        if line.strip().startswith(('title: ""', 'text: ""'))
    }


def test_skeleton_holds_the_current_items_so_that_sending_it_withdraws_nothing(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    root = make_workspace(positions=True)
    before = validate_workspace(root).workspace
    assert before is not None
    current = before.submissions["mfa"]
    text = submission_skeleton(root, "mfa", today=JalaliDate(1402, 1, 20))
    assert not parse_yaml(text).problems
    lines = text.splitlines()
    first = lines.index("  - id: mfa-001")
    assert lines[first - 2 : first] == [line.format(revision="۲") for line in CURRENT_ITEMS_COMMENT]

    sent = tmp_path / "inbox/mfa-r3.yaml"
    sent.parent.mkdir()
    sent.write_text(filled_in(text), encoding="utf-8")
    outcome = run_gdcpos("intake", sent, "-w", root)
    assert outcome.exit_code == 0, outcome.stderr
    assert (outcome.stdout, outcome.stderr) == (
        f"accepted {sent} (mfa r3) → positions/mfa.yaml, replacing revision 2"
        " (kept as positions/.history/mfa/mfa.r2.yaml)\n"
        "  + mfa-014 added\n"
        "1 file: 1 accepted, 0 refused\n",
        "",
    )

    after = validate_workspace(root).workspace  # positions/mfa.yaml is now the skeleton
    assert after is not None
    sent_back = after.submissions["mfa"]
    assert (sent_back.revision, sent_back.submitted) == (3, JalaliDate(1402, 1, 20))
    assert sent_back.contributions[:-1] == current.contributions
    new = sent_back.contributions[-1]
    assert (new.id, new.title, new.text) == ("mfa-014", NEW_TITLE, NEW_TEXT)


def test_current_items_are_written_readably(make_workspace: MakeWorkspace) -> None:
    current = (
        "agency: mfa\nrevision: 4\nsubmitted: 1402-01-10\ncontributions:\n"
        "  - id: mfa-001\n    axis: ai\n    duties: [5, 6]\n    kind: country-position\n"
        "    title: 'no'\n"
        '    text: "بند نخست: مقدمه.\\n\\nبند دوم   با #نشانی و «نقل‌قول»."\n'
        "    country: 'NO'\n    alignment: rival\n"
        "  - id: mfa-002\n    axis: ai\n    duties: [5]\n    kind: principle\n"
        '    title: "1402-01-10"\n    text: "متن"\n    classification: public\n'
        '    dimensions: [legal]\n    references: ["A/RES/79/1", "no", ": x"]\n'
    )
    root = make_workspace({"positions/mfa.yaml": current})
    text = submission_skeleton(root, "mfa")
    start = text.index("  - id: mfa-001")
    assert text[start : text.index("  - id: mfa-003")].splitlines() == [
        "  - id: mfa-001",
        "    axis: ai",
        "    duties: [5, 6]",
        "    kind: country-position",
        "    title: 'no'",
        "    text: |-",
        "      بند نخست: مقدمه.",
        "",
        "      بند دوم   با #نشانی و «نقل‌قول».",
        "    classification: internal",
        "    country: 'NO'",
        "    alignment: rival",
        "  - id: mfa-002",
        "    axis: ai",
        "    duties: [5]",
        "    kind: principle",
        "    title: ۱۴۰۲-۰۱-۱۰",
        "    text: متن",
        "    classification: public",
        "    dimensions: [legal]",
        "    references: [A/RES/79/1, 'no', ': x']",
        "",
        "  # هر مورد یک اصل، هنجار، تهدید، پیشنهاد و … است؛ برای مورد بعدی این بلوک را تکرار کنید.",
    ]


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


YAML_SPECIAL = [
    "no",
    "null",
    "~",
    "yes",
    "'",
    '"',
    ": ",
    "a: b",
    "#",
    "x #y",
    "  leading",
    "---",
    "...",
    "- x",
    "? x",
    "|",
    ">",
    "&x",
    "*x",
    "!x",
    "%x",
    "@x",
    "`x",
    "[x]",
    "{x}",
    "1402-01-10",
    "12",
    "0x1F",
    "ISO 27001:2013",
]
PROSE_ALPHABET = (
    # The letters, and the Arabic forms of ی and ک that normalisation rewrites
    "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیۀأ\u064a\u0643\u0649"
    "abcxyzNOY0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣"
    " \n\t\u200c\u00a0\u2028\u0085'\"#:-?|>!&*%@`,.()[]{}«»،؛/\\"
)
prose = st.one_of(
    st.sampled_from(YAML_SPECIAL),
    st.text(PROSE_ALPHABET, min_size=1, max_size=40),
    st.lists(
        st.one_of(st.sampled_from(YAML_SPECIAL), st.text(PROSE_ALPHABET, max_size=12)),
        min_size=2,
        max_size=5,
    ).map("\n".join),
).filter(str.strip)


@given(title=prose, text=prose, reference=prose)
@example(title="no", text="  leading\n\nsecond paragraph\n  indented", reference="---")
@example(title="#tag", text="para\u2028graph\u0085end", reference="'\"")
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_skeleton_writes_current_texts_back_exactly(
    make_workspace: MakeWorkspace, title: str, text: str, reference: str
) -> None:
    item = {
        "id": "mfa-001",
        "axis": "ai",
        "duties": [5],
        "kind": "principle",
        "title": title,
        "text": text,
        "references": [reference],
    }
    current = {"agency": "mfa", "revision": 1, "submitted": "1402-01-10", "contributions": [item]}
    # JSON is YAML: the current submission is written without the code under test.
    root = make_workspace({"positions/mfa.yaml": json.dumps(current).encode()})
    before = validate_workspace(root).workspace
    assert before is not None
    skeleton = submission_skeleton(root, "mfa")
    (root / "positions/mfa.yaml").write_text(filled_in(skeleton), encoding="utf-8")
    after = validate_workspace(root)
    assert after.workspace is not None, after.diagnostics
    assert after.workspace.submissions["mfa"].contributions[:-1] == (
        before.submissions["mfa"].contributions
    )


def test_init_in_a_folder_holding_only_hidden_entries(tmp_path: Path) -> None:
    # A git repository made first (git init; then gdcpos init .) is the usual start.
    (tmp_path / "ws" / ".git").mkdir(parents=True)
    (tmp_path / "ws" / ".gitignore").write_text("build/\n")
    outcome = run_gdcpos("init", tmp_path / "ws")
    assert outcome.exit_code == 0, outcome.stderr
    assert (tmp_path / "ws" / "data" / "agencies.yaml").is_file()
    assert (tmp_path / "ws" / ".gitignore").read_text() == "build/\n"
