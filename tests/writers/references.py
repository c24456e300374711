"""Workspace reference.docx files for the writer tests, made on the fly."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

from gdcpos.writers.docx.reference import packaged_reference_bytes
from tests.writers.docx_parts import W_NS


def python_docx_reference(tmp_path: Path, header_text: str = "") -> Path:
    """A reference made with python-docx: its template has cstheme/ar-SA in docDefaults and theme
    fonts on headings; A5 landscape with 2 cm margins; optionally a plain header."""
    reference = docx.Document()
    section = reference.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(21), Cm(14.8)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    reference.styles["Normal"].font.size = Pt(11)
    reference.add_paragraph("نمونه")
    if header_text:
        section.header.paragraphs[0].text = header_text
    path = tmp_path / "reference.docx"
    reference.save(str(path))
    return path


def tagged_reference(tmp_path: Path) -> Path:
    """The packaged reference with its header replaced by a workspace's own design: a table
    holding "شماره:" and a gdcpos:title control, and a block-level gdcpos:marking control."""
    header_xml = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <w:hdr xmlns:w="{W_NS}"><w:tbl><w:tblPr><w:bidiVisual/></w:tblPr>
      <w:tblGrid><w:gridCol w:w="4000"/><w:gridCol w:w="4000"/></w:tblGrid>
      <w:tr><w:tc><w:p><w:r><w:t xml:space="preserve">شماره: </w:t></w:r>
        <w:sdt><w:sdtPr><w:tag w:val="gdcpos:title"/></w:sdtPr>
          <w:sdtContent><w:r><w:rPr><w:i/></w:rPr><w:t>[عنوان]</w:t></w:r></w:sdtContent>
        </w:sdt></w:p></w:tc>
      <w:tc><w:sdt><w:sdtPr><w:tag w:val="gdcpos:marking"/></w:sdtPr><w:sdtContent>
        <w:p><w:pPr><w:jc w:val="right"/></w:pPr>
          <w:r><w:rPr><w:b/></w:rPr><w:t>[طبقه]</w:t></w:r></w:p>
      </w:sdtContent></w:sdt></w:tc></w:tr></w:tbl><w:p/></w:hdr>"""
    source = io.BytesIO(packaged_reference_bytes())
    reference = tmp_path / "tagged.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(reference, "w") as copy:
        for item in original.infolist():
            data = original.read(item)
            copy.writestr(
                item, header_xml.encode() if item.filename == "word/header1.xml" else data
            )
    return reference
