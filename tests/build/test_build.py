"""`gdcpos build` end to end: every document, per audience, reproducible, escaping, errors."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from gdcpos.build import BuildRequest, build
from gdcpos.models import Audience
from gdcpos.persian import normalize_prose
from gdcpos.writers import OutputFormat
from tests.build.helpers import docx_paragraphs, docx_parts_text, docx_runs, html_text
from tests.conftest import REPO, MakeWorkspace, run_gdcpos, snapshot

ALL = ("framework", "division-of-labour", "decision-2", "annexes", "declared")


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_repository_workspace_builds_every_document(tmp_path: Path) -> None:
    outcome = run_gdcpos("build", "-w", REPO, "-o", tmp_path)
    assert outcome.exit_code == 0, outcome.stderr
    names = {p.name for p in tmp_path.iterdir()}
    assert names == {
        "framework.docx",
        "division-of-labour.docx",
        "decision-2.docx",
        "annexes.docx",
        "declared.public.docx",
    }
    # The plain report names each document (piped: one tab-separated line each).
    assert [line.split("\t")[0] for line in outcome.stdout.splitlines()] == list(ALL)


def test_building_twice_gives_identical_bytes(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        assert run_gdcpos("build", "-w", REPO, "-o", tmp_path / folder).exit_code == 0
        assert (
            run_gdcpos("build", "-w", REPO, "-o", tmp_path / folder, "--format", "html").exit_code
            == 0
        )
    assert digest(tmp_path / "a") == digest(tmp_path / "b")


def test_html_previews(tmp_path: Path) -> None:
    outcome = run_gdcpos("build", "-w", REPO, "-o", tmp_path, "--format", "html", "framework")
    assert outcome.exit_code == 0, outcome.stderr
    page = (tmp_path / "framework.html").read_text(encoding="utf-8")
    assert '<html dir="rtl" lang="fa">' in page


def test_public_audience_builds_the_declared_positions_only(tmp_path: Path) -> None:
    assert run_gdcpos("build", "-w", REPO, "-o", tmp_path, "--audience", "public").exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["declared.public.docx"]


def test_marking_is_the_highest_classification_held(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    root = make_workspace(positions=True)
    report = build(BuildRequest(root, output=tmp_path))
    markings = {w.name.value: w.marking.value for w in report.written}
    assert markings["declared"] == "public"
    assert markings["framework"] == "confidential"  # secret items are withheld by default
    secret = build(BuildRequest(root, output=tmp_path, include_secret=True))
    assert {w.name.value: w.marking.value for w in secret.written}["framework"] == "secret"
    assert (tmp_path / "framework.secret.docx").exists()
    cover = docx_paragraphs(tmp_path / "framework.docx")
    assert any("درج نشده است" in line for line in cover)  # the cover says items were withheld
    assert "سری" in docx_parts_text(tmp_path / "framework.secret.docx")["word/header1.xml"] or any(
        "سری" in text
        for name, text in docx_parts_text(tmp_path / "framework.secret.docx").items()
        if "header" in name
    )


def cover_notices(path: Path) -> list[str]:
    return re.findall(r'<p class="notice">([^<]*)', path.read_text(encoding="utf-8"))


def withheld(count: str) -> str:
    return f"{count} مورد با طبقه‌بندی بالاتر از «محرمانه» در این نسخه درج نشده است."


PUBLIC_EDITION = "این نسخه برای انتشار عمومی است و فقط مواضع قابل انتشار را در بر دارد."


def test_a_cover_counts_only_the_withheld_items_its_document_would_show(tmp_path: Path) -> None:
    # The repository's three secret items are a strategy, a threat and a red line: the framework,
    # the division of labour and the annexes would show them; decision 2 (country positions)
    # could never have, and said three items were left out of it.
    outcome = run_gdcpos("build", "-w", REPO, "-o", tmp_path, "--format", "html")
    assert outcome.exit_code == 0, outcome.stderr
    notices = {path.stem: cover_notices(path) for path in sorted(tmp_path.iterdir())}
    assert notices == {
        "annexes": [withheld("۳")],
        "decision-2": [],
        "declared.public": [PUBLIC_EDITION],
        "division-of-labour": [withheld("۳")],
        "framework": [withheld("۳")],
    }


def submission(agency: str, *items: tuple[str, str]) -> str:
    """A submission of ``(kind, classification)`` items, each with its own text."""
    lines = [f"agency: {agency}", "revision: 1", "submitted: 1402-01-10", "contributions:"]
    for number, (kind, classification) in enumerate(items, 1):
        lines += [
            f"  - id: {agency}-{number:03d}",
            "    axis: ai",
            "    duties: [4]",
            f"    kind: {kind}",
            f"    classification: {classification}",
            f"    title: عنوان {agency} {number}",
            f"    text: متن شماره {number} از {agency} با {kind}",
        ]
        if kind == "country-position":
            lines += ["    country: CN", "    alignment: aligned"]
    return "\n".join(lines) + "\n"


def test_each_cover_counts_the_items_of_its_own_kinds_that_were_withheld(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    root = make_workspace(
        {
            "positions/mfa.yaml": submission(
                "mfa",
                ("country-position", "secret"),
                ("country-position", "secret"),
                ("country-position", "internal"),
                ("principle", "public"),
            ),
            "positions/ict.yaml": submission("ict", ("principle", "secret"), ("norm", "public")),
        }
    )
    out = tmp_path / "out"
    outcome = run_gdcpos("build", "-w", root, "-o", out, "--format", "html")
    assert outcome.exit_code == 0, outcome.stderr
    notices = {path.stem: cover_notices(path) for path in sorted(out.iterdir())}
    assert notices == {
        "annexes": [withheld("۳")],
        "decision-2": [withheld("۲")],
        "declared.public": [PUBLIC_EDITION],  # the secret principle
        "division-of-labour": [withheld("۳")],
        "framework": [withheld("۱")],
    }


def test_a_public_edition_says_it_is_one_only_where_it_left_something_out(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    root = make_workspace(
        {
            "positions/mfa.yaml": submission(
                "mfa", ("country-position", "public"), ("principle", "public")
            ),
            "positions/ict.yaml": submission("ict", ("principle", "internal")),
        }
    )
    out = tmp_path / "out"
    everything = ("framework", "division-of-labour", "decision-2", "annexes", "declared")
    outcome = run_gdcpos(
        "build", *everything, "--audience", "public", "-w", root, "-o", out, "--format", "html"
    )
    assert outcome.exit_code == 0, outcome.stderr
    notices = {path.stem: cover_notices(path) for path in sorted(out.iterdir())}
    assert notices == {
        "annexes.public": [PUBLIC_EDITION],
        "decision-2.public": [],  # every country position is public
        "declared.public": [PUBLIC_EDITION],
        "division-of-labour.public": [PUBLIC_EDITION],
        "framework.public": [PUBLIC_EDITION],
    }
    (root / "positions/ict.yaml").unlink()
    outcome = run_gdcpos(
        "build", *everything, "--audience", "public", "-w", root, "-o", out, "--format", "html"
    )
    assert outcome.exit_code == 0, outcome.stderr
    assert all(not cover_notices(path) for path in out.iterdir())


AGENCY_TEXT = "{{ 7*7 }} {% raw %} <b>x</b> & | ** ‮"


def test_agency_text_comes_out_literally(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    text = AGENCY_TEXT.replace(" ‮", "")
    submission = f"""\
        agency: mfa
        revision: 1
        submitted: 1402-01-10
        contributions:
          - id: mfa-001
            axis: ai
            duties: [5]
            kind: principle
            classification: public
            title: 'عنوان {text}'
            text: 'متن {text}'
        """
    root = make_workspace({"positions/mfa.yaml": submission})
    build(BuildRequest(root, output=tmp_path, documents=()))
    build(BuildRequest(root, output=tmp_path, fmt=OutputFormat.HTML))
    body = "\n".join(docx_paragraphs(tmp_path / "framework.docx"))
    body = body.replace("\u200f", "").replace("\u200e", "")  # the marks that order mixed text
    shown = normalize_prose(text)  # the same, but the digits are Persian: {{ ۷*۷ }}
    assert "{{ ۷*۷ }}" in shown
    assert f"عنوان {shown}" in body
    assert f"متن {shown}" in body
    assert "۴۹" not in body and "49" not in body
    assert f"متن {shown}" in html_text(tmp_path / "framework.html")


def test_a_legal_reference_in_persian_text_keeps_its_digits_and_its_order(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    submission = """\
        agency: mfa
        revision: 1
        submitted: 1402-01-10
        contributions:
          - id: mfa-001
            axis: ai
            duties: [5]
            kind: principle
            classification: public
            title: عنوان
            text: 'این بند به میثاق اشاره دارد: see Art. 19(3). در ماده 19 (بند 3) نیز.'
        """
    root = make_workspace({"positions/mfa.yaml": submission})
    build(BuildRequest(root, output=tmp_path, documents=()))
    paragraphs = docx_runs(tmp_path / "framework.docx")
    [runs] = [runs for runs in paragraphs if any("اشاره دارد" in text for text, _ in runs)]
    # One left-to-right run for the whole reference, its digits ASCII; the full stop and the
    # Persian sentence's own numbers are right-to-left, in Persian digits.
    assert runs == [
        ("این بند به میثاق اشاره دارد: ", True),
        ("see Art. 19(3)\u200e", False),
        (". در ماده ۱۹ (بند ۳) نیز.", True),
    ]


def test_invalid_workspace_writes_nothing(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"positions/mfa.yaml": "agency: mfa\nrevision: x\n"})
    before = snapshot(root)
    outcome = run_gdcpos("build", "-w", root)
    assert outcome.exit_code == 1
    assert "positions/mfa.yaml:2:11: error:" in outcome.stderr
    assert snapshot(root) == before


def test_broken_workspace_template_is_located(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    root = make_workspace(
        {
            "templates/declared.html.j2": '{% extends "gdcpos/declared.html.j2" %}\n'
            "{% block body %}<p>{{ nothing_here }}</p>{% endblock %}\n"
        },
        positions=True,
    )
    outcome = run_gdcpos("build", "-w", root, "-o", tmp_path / "out", "declared")
    assert outcome.exit_code == 1
    assert "templates/declared.html.j2:2: error:" in outcome.stderr
    assert "nothing_here" in outcome.stderr
    assert not (tmp_path / "out").exists()


def test_workspace_template_extends_the_packaged_one(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    root = make_workspace(
        {
            "templates/declared.html.j2": '{% extends "gdcpos/declared.html.j2" %}\n'
            "{% block body %}<p>پیش‌گفتار دبیرخانه</p>{{ super() }}{% endblock %}\n"
        },
        positions=True,
    )
    assert run_gdcpos("build", "-w", root, "-o", tmp_path, "declared").exit_code == 0
    paragraphs = docx_paragraphs(tmp_path / "declared.public.docx")
    assert "پیش‌گفتار دبیرخانه" in paragraphs


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nonsense"], "unknown document 'nonsense'"),
        (["--audience", "everyone"], "unknown audience 'everyone'"),
        (["--format", "pdf"], "unknown format 'pdf'"),
        (["--audience", "public", "--include-secret"], "--include-secret cannot be used"),
    ],
)
def test_usage_errors(args: list[str], message: str, tmp_path: Path) -> None:
    outcome = run_gdcpos("build", "-w", REPO, "-o", tmp_path, *args)
    assert outcome.exit_code == 2
    assert message in outcome.stderr
    assert not list(tmp_path.iterdir())


def test_pdf_without_libreoffice_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    outcome = run_gdcpos("build", "-w", REPO, "-o", tmp_path / "out", "--pdf")
    assert outcome.exit_code == 2
    assert "LibreOffice" in outcome.stderr
    assert not (tmp_path / "out").exists()


def test_source_date_epoch_sets_the_date(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1680000000")  # 2023-03-28 = 1402-01-08
    build(BuildRequest(REPO, output=tmp_path, documents=()))
    cover = docx_paragraphs(tmp_path / "framework.docx")
    assert any("۸ فروردین ۱۴۰۲" in line for line in cover)
    assert "2023-03-28T" in docx_parts_text(tmp_path / "framework.docx")["docProps/core.xml"]


def test_audience_enum_default_comes_from_settings(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    root = make_workspace({"gdcpos.yaml": "audience: public\n"}, positions=True)
    report = build(BuildRequest(root, output=tmp_path))
    assert [(w.name.value, w.audience) for w in report.written] == [("declared", Audience.PUBLIC)]


def test_the_cover_fingerprint_changes_with_any_file_and_only_then(
    make_workspace: MakeWorkspace,
) -> None:
    root = make_workspace(positions=True)

    def fingerprint() -> str:
        outcome = run_gdcpos(
            "build", "-w", root, "-o", root / "out", "--format", "html", "decision-2"
        )
        assert outcome.exit_code == 0, outcome.stderr
        page = html_text(root / "out" / "decision-2.html")
        return page.split("ویرایش")[1].split("(")[1].split(")")[0]

    first = fingerprint()
    assert len(first) == 8
    assert fingerprint() == first
    duties = root / "data" / "duties.yaml"  # not a submission: its wording is in the documents too
    duties.write_text(duties.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert fingerprint() != first


def test_the_documented_template_examples_do_what_they_say(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    # docs/templates.md once showed a cover notice in templates/base.html.j2, which the documents
    # never reach (_document.html.j2 fills that block): the build passed and the notice was not
    # there. Each example names its file in its first comment.
    docs = (REPO / "docs/templates.md").read_text(encoding="utf-8")
    examples = re.findall(r"```jinja\n\{# (templates/[^:]+): [^\n]*#\}\n(.*?)```", docs, re.S)
    assert examples
    root = make_workspace(dict(examples), positions=True)
    assert run_gdcpos("build", "-w", root, "-o", tmp_path, "declared").exit_code == 0
    paragraphs = docx_paragraphs(tmp_path / "declared.public.docx")
    assert "تکثیر و انتشار این سند بدون مجوز ممنوع است." in paragraphs
    assert any("انتشار عمومی" in p for p in paragraphs)  # the edition's own notice is kept
