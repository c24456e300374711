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


# The namespaces LibreOffice declares on a header or footer it saves as Word 2007 XML.
_LIBREOFFICE_NAMESPACES = (
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    f'xmlns:w="{W_NS}" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" '
    'mc:Ignorable="w14 wp14 w15"'
)


def _libreoffice_control(title: str) -> str:
    """A packaged placeholder control as LibreOffice 7.4 saves it: its tag and the formatting of
    its text gone, its title kept, and written three times, the copies holding garbled text."""
    placeholder = f"[{title}]"
    first_id = 329393538 + 1000 * len(title)
    copies = ([placeholder], [title, placeholder], ["]", placeholder])
    return "".join(
        f'<w:sdt><w:sdtPr><w:id w:val="{first_id + number}"/><w:alias w:val="{title}"/><w:text/>'
        '</w:sdtPr><w:sdtContent><w:r><w:rPr><w:rtl w:val="true"/></w:rPr>'
        + "".join(f"<w:t>{text}</w:t>" for text in texts)
        + "</w:r></w:sdtContent></w:sdt>"
        for number, texts in enumerate(copies)
    )


def _libreoffice_paragraph(style: str, content: str, border: str = "") -> str:
    rule = (
        f'<w:pBdr><w:{border} w:val="single" w:sz="4" w:space="4" w:color="000000"/></w:pBdr>'
        if border
        else ""
    )
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{rule}<w:bidi w:val="1"/><w:jc w:val="center"/>'
        f"<w:rPr/></w:pPr>{content}</w:p>"
    )


def _libreoffice_field(instruction: str) -> str:
    """The page number's field as LibreOffice writes it: ``w:rtl`` before ``w:rFonts`` in every
    run but the first, out of schema order."""
    font = "Vazirmatn FD"
    fonts = f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
    rtl, lang = '<w:rtl w:val="true"/>', '<w:lang w:bidi="fa-IR"/>'
    return "".join(
        f"<w:r><w:rPr>{fonts + rtl if index == 0 else rtl + fonts}{lang}</w:rPr>{content}</w:r>"
        for index, content in enumerate(
            (
                '<w:fldChar w:fldCharType="begin"/>',
                f'<w:instrText xml:space="preserve"> {instruction} </w:instrText>',
                '<w:fldChar w:fldCharType="separate"/>',
                "<w:t>1</w:t>",
                '<w:fldChar w:fldCharType="end"/>',
            )
        )
    )


def _libreoffice_input_field(title: str) -> str:
    """A packaged placeholder control as LibreOffice 7.4 saves it as Word from an .odt: a FILLIN
    field showing the placeholder, neither tag nor title left, written three times over with
    garbled text between the copies."""
    rpr = '<w:rPr><w:rtl w:val="true"/></w:rPr>'
    field = (
        '<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> FILLIN ""</w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{rpr}<w:t>[{title}]</w:t></w:r>"
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
    )
    return "".join(
        f"<w:r>{rpr}{before}{field}" for before in ("", f"<w:t>{title}</w:t>", "<w:t>]</w:t>")
    )


def libreoffice_reference(tmp_path: Path, *, kept_as_odt: bool = False) -> Path:
    """The packaged reference with its header and footer as LibreOffice 7.4 saves them as Word
    (``soffice --convert-to "docx:MS Word 2007 XML"``): each placeholder control has lost its
    ``gdcpos:*`` tag and kept its title, and comes three times over. ``kept_as_odt``: saved as
    Word from an .odt made of the reference, each control is three FILLIN fields instead."""
    marking, header_text, footer_text = "طبقه‌بندی", "متن سرصفحه", "متن پاصفحه"
    placeholder = _libreoffice_input_field if kept_as_odt else _libreoffice_control
    plain = '<w:r><w:rPr><w:rtl w:val="true"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>'
    header_xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:hdr {_LIBREOFFICE_NAMESPACES}>"
        + _libreoffice_paragraph("Header", placeholder(marking))
        + _libreoffice_paragraph("Header", placeholder(header_text), "bottom")
        + "</w:hdr>"
    )
    footer_xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:ftr {_LIBREOFFICE_NAMESPACES}>"
        + _libreoffice_paragraph("Footer", placeholder(footer_text), "top")
        + _libreoffice_paragraph(
            "Footer",
            plain.format("صفحه ")
            + _libreoffice_field("PAGE")
            + plain.format(" از ")
            + _libreoffice_field("NUMPAGES"),
        )
        + _libreoffice_paragraph("Footer", placeholder(marking))
        + "</w:ftr>"
    )
    replaced = {"word/header1.xml": header_xml, "word/footer1.xml": footer_xml}
    source = io.BytesIO(packaged_reference_bytes())
    reference = tmp_path / ("libreoffice-odt.docx" if kept_as_odt else "libreoffice.docx")
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(reference, "w") as copy:
        for item in original.infolist():
            data = original.read(item)
            copy.writestr(
                item, replaced[item.filename].encode() if item.filename in replaced else data
            )
    return reference
