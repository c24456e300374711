"""`gdcpos build` when something other than the positions is wrong: the settings, the reference
document, the output folder, LibreOffice, the environment. Each ends in a message that names the
place, an exit status, no traceback, and nothing half-written; a build that stops part-way says
what it had written and what it had not."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from gdcpos.writers.docx.reference import packaged_reference_bytes
from tests.conftest import REPO, MakeWorkspace, Outcome, run_gdcpos, snapshot


def assert_refused(outcome: Outcome, exit_code: int, stderr: str) -> None:
    assert outcome.exception is None, outcome.exception
    assert "Traceback" not in outcome.stdout + outcome.stderr
    assert (outcome.exit_code, outcome.stderr) == (exit_code, stderr)


def tsv_documents(stdout: str) -> list[tuple[str, str]]:
    """(document, file) of each line a piped build prints for a file it wrote."""
    rows = [line.split("\t") for line in stdout.splitlines()]
    return [(row[0], row[-1]) for row in rows]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        pytest.param(
            'body_font: ""\n',
            "gdcpos.yaml:1:12: error: body_font: a font name cannot be blank; name a font, "
            "or remove the key to use the default\n",
            id="empty-body-font",
        ),
        pytest.param(
            'title: "عنوان"\nheading_font: "   "\n',
            "gdcpos.yaml:2:15: error: heading_font: a font name cannot be blank; name a font, "
            "or remove the key to use the default\n",
            id="blank-heading-font",
        ),
    ],
)
def test_a_blank_font_in_the_settings_is_located(
    make_workspace: MakeWorkspace, settings: str, message: str
) -> None:
    root = make_workspace({"gdcpos.yaml": settings}, positions=True)
    before = snapshot(root)
    assert_refused(run_gdcpos("build", "-w", root), 1, message)
    assert snapshot(root) == before
    validated = run_gdcpos("validate", "-w", root)
    assert validated.exit_code == 1
    assert validated.stderr.startswith(message)


@pytest.mark.parametrize("documents", [["framework", "annexes"], []])
def test_include_secret_with_public_settings_is_a_usage_error(
    make_workspace: MakeWorkspace, tmp_path: Path, documents: list[str]
) -> None:
    root = make_workspace({"gdcpos.yaml": "audience: public\n"}, positions=True)
    out = tmp_path / "out"
    outcome = run_gdcpos("build", *documents, "--include-secret", "-w", root, "-o", out)
    assert_refused(
        outcome,
        2,
        "gdcpos: --include-secret cannot be used with audience: public (set in gdcpos.yaml); "
        "add --audience commission to build for the commission\n",
    )
    assert not out.exists()
    # The command line's audience comes before the settings'.
    commission = run_gdcpos(
        "build", "framework", "--include-secret", "--audience", "commission", "-w", root, "-o", out
    )
    assert commission.exit_code == 0, commission.stderr
    assert [p.name for p in out.iterdir()] == ["framework.secret.docx"]


def test_a_reference_docx_that_is_not_a_word_file_is_located(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    root = make_workspace({"templates/reference.docx": "x\n"}, positions=True)
    out = tmp_path / "out"
    assert_refused(
        run_gdcpos("build", "-w", root, "-o", out),
        1,
        "templates/reference.docx: error: not a Word (.docx) file: it is not a zip archive\n",
    )
    assert not out.exists()


@pytest.mark.parametrize(
    "part",
    ["word/header1.xml", "word/styles.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"],
)
def test_a_reference_docx_with_a_part_that_is_not_xml_is_located(
    make_workspace: MakeWorkspace, tmp_path: Path, part: str
) -> None:
    # Only the main document was parsed when the reference was loaded: a broken header ended in
    # a traceback when its placeholders were looked for, broken styles when they were merged.
    source = io.BytesIO(packaged_reference_bytes())
    broken = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(broken, "w") as copy:
        for item in original.infolist():
            copy.writestr(item, b"<w:hdr broken" if item.filename == part else original.read(item))
    root = make_workspace({"templates/reference.docx": broken.getvalue()}, positions=True)
    out = tmp_path / "out"
    assert_refused(
        run_gdcpos("build", "-w", root, "-o", out),
        1,
        f"templates/reference.docx: error: {part}: Specification mandates value for attribute "
        "broken, line 1, column 14\n",
    )
    assert not out.exists()


def test_an_output_folder_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("mine")
    assert_refused(
        run_gdcpos("build", "-w", REPO, "-o", afile),
        2,
        f"gdcpos: -o {afile}: not a folder\n",
    )
    assert_refused(
        run_gdcpos("build", "-w", REPO, "-o", afile / "sub"),
        2,
        f"gdcpos: -o {afile / 'sub'}: {afile} is not a folder\n",
    )
    assert afile.read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["afile"]


def test_an_output_folder_of_the_settings_that_is_a_file_is_located(
    make_workspace: MakeWorkspace,
) -> None:
    root = make_workspace({"gdcpos.yaml": "output: dossier\n", "dossier": "mine"}, positions=True)
    before = snapshot(root)
    assert_refused(
        run_gdcpos("build", "-w", root),
        1,
        "gdcpos.yaml:1:9: error: output: dossier is not a folder\n",
    )
    (root / "gdcpos.yaml").unlink()
    (root / "dossier").rename(root / "build")
    assert_refused(
        run_gdcpos("build", "-w", root),
        1,
        "build: error: not a folder: the documents are written here unless gdcpos.yaml's "
        "output or -o names another folder\n",
    )
    del before["gdcpos.yaml"], before["dossier"]
    assert snapshot(root) == {**before, "build": b"mine"}


def test_a_folder_in_the_place_of_a_document_is_named(tmp_path: Path) -> None:
    out = tmp_path / "ro"
    (out / "framework.docx").mkdir(parents=True)
    assert_refused(
        run_gdcpos("build", "framework", "-w", REPO, "-o", out),
        1,
        f"{out}/framework.docx: error: cannot write: Is a directory\n"
        f"gdcpos: the build stopped; not written: {out}/framework.docx\n",
    )
    assert [str(p.relative_to(out)) for p in out.rglob("*")] == ["framework.docx"]


BROKEN_DECISION_2 = (
    '{% extends "gdcpos/decision-2.html.j2" %}\n{% block body %}<p>{{ nope }}</p>{% endblock %}'
)


def test_a_build_that_stops_reports_what_it_wrote_and_what_it_did_not(
    make_workspace: MakeWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = make_workspace(positions=True)
    out = root / "o"
    assert run_gdcpos("build", "-w", root, "-o", out).exit_code == 0
    before = snapshot(out)
    (root / "templates").mkdir()
    (root / "templates/decision-2.html.j2").write_text(BROKEN_DECISION_2, encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the documents it writes change
    outcome = run_gdcpos("build", "-w", root, "-o", out)
    assert outcome.exception is None, outcome.exception
    assert outcome.exit_code == 1
    assert outcome.stderr == (
        "templates/decision-2.html.j2:2: error: 'nope' is undefined\n"
        f"gdcpos: the build stopped; not written: {out}/decision-2.docx, {out}/annexes.docx, "
        f"{out}/declared.public.docx\n"
    )
    assert tsv_documents(outcome.stdout) == [
        ("framework", f"{out}/framework.docx"),
        ("division-of-labour", f"{out}/division-of-labour.docx"),
    ]
    after = snapshot(out)
    assert sorted(after) == sorted(before)
    changed = [name for name in sorted(after) if after[name] != before[name]]
    assert changed == ["division-of-labour.docx", "framework.docx"]


def fake_soffice(folder: Path, script: str) -> None:
    """A ``soffice`` on PATH that runs ``script`` (a shell script's body) instead."""
    folder.mkdir()
    soffice = folder / "soffice"
    soffice.write_text(f"#!/bin/sh\n{script}\n")
    soffice.chmod(0o755)


@pytest.mark.parametrize(
    ("script", "why"),
    [
        pytest.param(
            "echo 'Error: source file could not be loaded' >&2; exit 81",
            "LibreOffice exited with status 81: Error: source file could not be loaded",
            id="fails",
        ),
        pytest.param("exit 0", "LibreOffice finished without writing it", id="writes-nothing"),
    ],
)
def test_a_pdf_libreoffice_could_not_make_is_reported_and_the_docx_kept(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, script: str, why: str
) -> None:
    fake_soffice(tmp_path / "bin", script)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    out = tmp_path / "out"
    outcome = run_gdcpos("build", "framework", "annexes", "-w", REPO, "-o", out, "--pdf")
    assert_refused(
        outcome,
        1,
        f"{out}/framework.pdf: error: the PDF could not be made: {why}\n"
        f"gdcpos: the build stopped; not written: {out}/framework.pdf, {out}/annexes.docx, "
        f"{out}/annexes.pdf\n",
    )
    assert tsv_documents(outcome.stdout) == [("framework", f"{out}/framework.docx")]
    assert [p.name for p in out.iterdir()] == ["framework.docx"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param(
            "99999999999",
            "gdcpos: SOURCE_DATE_EPOCH: 5138-11-16 is out of range: the last supported day is "
            "2321-03-20 (Jalali 1699, Esfand's last day)\n",
            id="past-jalali-1699",
        ),
        pytest.param(
            "9" * 30,
            f"gdcpos: SOURCE_DATE_EPOCH: {'9' * 30} seconds is past the year 9999\n",
            id="past-9999",
        ),
        pytest.param(
            "yesterday",
            "gdcpos: SOURCE_DATE_EPOCH: 'yesterday' is not a whole number of seconds since "
            "1970-01-01 00:00 UTC\n",
            id="not-a-number",
        ),
    ],
)
def test_a_source_date_epoch_out_of_range_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, value: str, message: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert_refused(run_gdcpos("build", "decision-2", "-w", REPO, "-o", tmp_path / "o"), 2, message)
    assert not (tmp_path / "o").exists()


def test_include_secret_with_only_the_declared_positions_is_a_usage_error(tmp_path: Path) -> None:
    # The declared positions are public items only, whoever builds them: the option would be
    # ignored, and the user would think secret items had been asked for and shown.
    out = tmp_path / "out"
    outcome = run_gdcpos("build", "declared", "--include-secret", "-w", REPO, "-o", out)
    assert_refused(
        outcome,
        2,
        "gdcpos: --include-secret has no effect on declared, which holds public items only\n",
    )
    assert not out.exists()


def test_an_empty_output_folder_in_the_settings_is_located(make_workspace: MakeWorkspace) -> None:
    # It built into the workspace folder itself, beside data/ and positions/.
    root = make_workspace({"gdcpos.yaml": 'output: "  "\n'}, positions=True)
    before = snapshot(root)
    outcome = run_gdcpos("build", "-w", root)
    assert_refused(
        outcome,
        1,
        "gdcpos.yaml:1:9: error: output: must name a folder; remove the key to write into build/\n",
    )
    assert snapshot(root) == before


def test_ctrl_c_during_a_build_says_what_was_written(
    make_workspace: MakeWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gdcpos.writers.docx import DocxWriter

    root = make_workspace(positions=True)
    out = root / "o"
    write = DocxWriter.write
    written: list[Path] = []

    def interrupted_on_the_third(self: DocxWriter, document: object, target: Path) -> None:
        if len(written) == 2:
            raise KeyboardInterrupt
        write(self, document, target)  # type: ignore[arg-type]
        written.append(target)

    monkeypatch.setattr(DocxWriter, "write", interrupted_on_the_third)
    outcome = run_gdcpos("build", "-w", root, "-o", out)
    assert outcome.exception is None, outcome.exception
    assert outcome.exit_code == 130
    assert outcome.stderr == (
        f"gdcpos: the build stopped; not written: {out}/decision-2.docx, {out}/annexes.docx, "
        f"{out}/declared.public.docx\n"
        "gdcpos: interrupted; nothing was left half-written\n"
    )
    assert tsv_documents(outcome.stdout) == [
        ("framework", f"{out}/framework.docx"),
        ("division-of-labour", f"{out}/division-of-labour.docx"),
    ]


def test_a_blank_title_in_the_settings_is_located(make_workspace: MakeWorkspace) -> None:
    # A blank font or output folder is an error; a blank title fell back to the default silently.
    root = make_workspace({"gdcpos.yaml": 'title: "  "\n'}, positions=True)
    outcome = run_gdcpos("validate", "-w", root)
    assert (outcome.exit_code, outcome.stderr.splitlines()[0]) == (
        1,
        "gdcpos.yaml:1:8: error: title: must not be empty",
    )


def test_ctrl_c_during_a_pdf_conversion_keeps_track_of_the_docx_written(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # LibreOffice takes seconds: the likeliest moment for Ctrl-C. The .docx it was converting
    # had been written, and was in neither list.
    import gdcpos.build

    fake_soffice(tmp_path / "bin", "exit 0")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    converted: list[Path] = []

    def interrupted_on_the_second(soffice: str, docx: Path) -> Path:
        if converted:
            raise KeyboardInterrupt
        pdf = docx.with_suffix(".pdf")
        pdf.write_bytes(b"%PDF-1.7 << /Type /Page >>")
        converted.append(pdf)
        return pdf

    monkeypatch.setattr(gdcpos.build, "convert_to_pdf", interrupted_on_the_second)
    out = tmp_path / "out"
    outcome = run_gdcpos("build", "framework", "annexes", "-w", REPO, "-o", out, "--pdf")
    assert outcome.exception is None, outcome.exception
    assert outcome.exit_code == 130
    assert outcome.stderr == (
        f"gdcpos: the build stopped; not written: {out}/annexes.pdf\n"
        "gdcpos: interrupted; nothing was left half-written\n"
    )
    assert tsv_documents(outcome.stdout) == [
        ("framework", f"{out}/framework.docx (+ framework.pdf)"),
        ("annexes", f"{out}/annexes.docx"),
    ]
    assert sorted(p.name for p in out.iterdir()) == [
        "annexes.docx",
        "framework.docx",
        "framework.pdf",
    ]


def test_progress_counts_each_document_once(tmp_path: Path) -> None:
    from gdcpos.assemble.documents import DocumentName
    from gdcpos.build import BuildRequest, build

    calls: list[tuple[str, int, int]] = []
    framework = DocumentName.FRAMEWORK
    request = BuildRequest(REPO, documents=(framework, framework), output=tmp_path)
    report = build(request, lambda name, done, total: calls.append((name, done, total)))
    assert [written.path.name for written in report.written] == ["framework.docx"]
    assert calls == [("framework", 0, 1), ("", 1, 1)]


def test_an_xml_part_under_another_extension_is_checked_too(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    # Parts are found through relationships and content types, not by their names' ending.
    source = io.BytesIO(packaged_reference_bytes())
    renamed = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(renamed, "w") as copy:
        for item in original.infolist():
            data = original.read(item)
            name = item.filename
            if name == "word/header1.xml":
                name, data = "word/header1.hdr", b"<w:hdr broken"
            elif name in ("[Content_Types].xml", "word/_rels/document.xml.rels"):
                data = data.replace(b"header1.xml", b"header1.hdr")
            copy.writestr(name, data)
    root = make_workspace({"templates/reference.docx": renamed.getvalue()}, positions=True)
    out = tmp_path / "out"
    assert_refused(
        run_gdcpos("build", "-w", root, "-o", out),
        1,
        "templates/reference.docx: error: word/header1.hdr: Specification mandates value for "
        "attribute broken, line 1, column 14\n",
    )
    assert not out.exists()
