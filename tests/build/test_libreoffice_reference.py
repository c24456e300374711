"""A workspace's templates/reference.docx re-saved by LibreOffice: the header and footer show the
document's marking and texts, never the reference's placeholders."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.build.helpers import docx_parts_text
from tests.conftest import MakeWorkspace, run_gdcpos
from tests.writers.references import libreoffice_reference

PLACEHOLDER_TITLES = ("طبقه‌بندی", "متن سرصفحه", "متن پاصفحه")
MARKING = "محرمانه"
HEADER_TEXT = "پیش‌نویس چارچوب مواضع کشور — محرمانه"
FOOTER_TEXT = "مواضع جمهوری اسلامی ایران درباره پیمان جهانی دیجیتال"


def build_framework(root: Path, out: Path) -> tuple[str, str]:
    """Build the framework quietly; the text of its header and of its footer."""
    outcome = run_gdcpos("build", "framework", "-w", root, "-o", out)
    assert (outcome.exit_code, outcome.stderr) == (0, "")
    texts = docx_parts_text(out / "framework.docx")
    return texts["word/header1.xml"], texts["word/footer1.xml"]


def assert_filled(header: str, footer: str) -> None:
    assert header == MARKING + HEADER_TEXT
    assert footer.startswith(FOOTER_TEXT + "صفحه ")
    assert footer.endswith(MARKING)
    assert not any(title in header + footer for title in PLACEHOLDER_TITLES)


def test_a_reference_as_libreoffice_saves_it_shows_the_marking_and_texts(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    reference = libreoffice_reference(tmp_path).read_bytes()
    root = make_workspace({"templates/reference.docx": reference}, positions=True)
    assert_filled(*build_framework(root, tmp_path / "out"))


ODT_WARNING = (
    "templates/reference.docx: warning: «[طبقه‌بندی]», «[متن سرصفحه]» and «[متن پاصفحه]» would "
    "show on every page: the header and footer hold them outside any content control gdcpos "
    "fills (LibreOffice turns the controls into fields when the reference goes through .odt); "
    "put back the header and footer of an exported reference (gdcpos templates export), or "
    "delete these texts (docs/templates.md)\n"
)


def test_placeholders_no_control_holds_are_a_warning(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    # Saved as Word from an .odt, the controls are FILLIN fields without tag or title: nothing
    # tells which fact each stands for, and the placeholders print on every page.
    reference = libreoffice_reference(tmp_path, kept_as_odt=True).read_bytes()
    root = make_workspace({"templates/reference.docx": reference}, positions=True)
    outcome = run_gdcpos("build", "framework", "-w", root, "-o", tmp_path / "out")
    assert (outcome.exit_code, outcome.stderr) == (0, ODT_WARNING)
    header = docx_parts_text(tmp_path / "out" / "framework.docx")["word/header1.xml"]
    # The marking is still on every page: gdcpos puts its own marking line first.
    assert header.startswith(MARKING) and "[متن سرصفحه]" in header


@pytest.mark.render
@pytest.mark.parametrize("kept_as_odt", [False, True], ids=["saved-as-word", "kept-as-odt"])
def test_a_reference_round_tripped_through_libreoffice(
    make_workspace: MakeWorkspace, tmp_path: Path, kept_as_odt: bool
) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        message = "a LibreOffice round trip needs soffice (apt: libreoffice-writer)"
        if os.environ.get("GDCPOS_REQUIRE_RENDER") == "1":
            pytest.fail(message)
        pytest.skip(message)

    def convert(source: Path, to: str) -> Path:
        folder = tmp_path / to.split(":")[0]
        subprocess.run(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                "--convert-to",
                to,
                "--outdir",
                folder,
                source,
            ],
            capture_output=True,
            timeout=300,
            check=True,
        )
        return folder / f"{source.stem}.{to.split(':')[0]}"

    exported = tmp_path / "exported"
    assert run_gdcpos("templates", "export", exported).exit_code == 0
    source = exported / "reference.docx"
    reference = convert(convert(source, "odt") if kept_as_odt else source, "docx:MS Word 2007 XML")
    with zipfile.ZipFile(reference) as archive:
        assert b"gdcpos:marking" not in archive.read("word/header1.xml")  # the tags are gone
    root = make_workspace({"templates/reference.docx": reference.read_bytes()}, positions=True)
    if not kept_as_odt:
        assert_filled(*build_framework(root, tmp_path / "out"))
        return
    outcome = run_gdcpos("build", "framework", "-w", root, "-o", tmp_path / "out")
    assert (outcome.exit_code, outcome.stderr) == (0, ODT_WARNING)
