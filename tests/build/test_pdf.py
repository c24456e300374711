"""``gdcpos build --pdf`` with LibreOffice: the PDF's contents page lists the headings.

A .docx leaves its table of contents to Word; a PDF is never opened in Word, so the conversion
must fill it (gdcpos.writers.pdf).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO, require_tools, run_gdcpos

TOOLS = ("soffice", "pdftotext")


@pytest.fixture
def tools() -> None:
    require_tools(TOOLS, "libreoffice-writer, poppler-utils")


def page_text(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


def test_the_pdf_contents_page_lists_the_headings_with_their_pages(
    tools: None, tmp_path: Path
) -> None:
    folder = tmp_path / "خروجی با فاصله"  # a path LibreOffice's routine gets as a file URL
    outcome = run_gdcpos("build", "decision-2", "-w", REPO, "-o", folder, "--pdf")
    assert outcome.exit_code == 0, outcome.stderr
    contents = page_text(folder / "decision-2.pdf", 2)
    assert "فهرست مطالب" in contents
    assert "ساخته می‌شود" not in contents  # the note asking Word to fill it
    entries = [line for line in contents.splitlines() if "...." in line]
    assert len(entries) >= 5, contents
    assert any("مقدمه" in line for line in entries), contents
