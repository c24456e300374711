"""Agency text comes out literally: escaped in XML, intact for python-docx and pandoc."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from gdcpos.document.model import Document
from gdcpos.writers.docx import DocxWriter
from tests.writers.docx_parts import parts
from tests.writers.samples import HOSTILE_TEXT, full_document, info, para

MARKS = str.maketrans("", "", "\u200e\u200f")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("text") / "hostile.docx"
    document = Document(
        info=info(title=HOSTILE_TEXT, header_text=HOSTILE_TEXT), blocks=(para(HOSTILE_TEXT),)
    )
    DocxWriter().write(document, path)
    return path


def test_markup_in_agency_text_is_escaped_in_the_xml(hostile: Path) -> None:
    xml = parts(hostile.read_bytes())["word/document.xml"].decode()
    assert "&lt;b&gt;x&lt;/b&gt;" in xml
    assert " &amp; " in xml
    assert "]]&gt;" in xml
    assert "<b>" not in xml


def test_python_docx_reads_agency_text_back_literally(hostile: Path) -> None:
    document = docx.Document(str(hostile))
    texts = [paragraph.text.translate(MARKS) for paragraph in document.paragraphs]
    assert texts == [HOSTILE_TEXT]
    header = document.sections[0].header
    assert HOSTILE_TEXT in [p.text.translate(MARKS) for p in header.paragraphs]
    assert document.core_properties.title == HOSTILE_TEXT


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_pandoc_reads_agency_text_back_literally(hostile: Path) -> None:
    text = _pandoc_plain(hostile)
    assert HOSTILE_TEXT in text.translate(MARKS)


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_pandoc_reads_the_full_document_text(tmp_path: Path) -> None:
    path = tmp_path / "full.docx"
    DocxWriter().write(full_document(), path)
    text = _pandoc_plain(path).translate(MARKS)
    for expected in (
        "چارچوب موضع جمهوری اسلامی ایران",
        "گزارش ITU، UNESCO و UNDP",
        "ایالات U.S. و اتحادیه",
        "۱-۱- اصول",
        "بند شماره‌دار یکم",
        "ادغام افقی دو ستون",
    ):
        assert expected in text


def _pandoc_plain(path: Path) -> str:
    completed = subprocess.run(
        ["pandoc", "-f", "docx", "-t", "plain", "-s", "--wrap=none", str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return completed.stdout


def test_the_rendered_bytes_do_not_depend_on_the_writer_instance() -> None:
    document = Document(info=info(), blocks=(para("متن"),))
    assert DocxWriter().render(document) == DocxWriter().render(document)
    assert io.BytesIO(DocxWriter().render(document)).getvalue()[:2] == b"PK"
