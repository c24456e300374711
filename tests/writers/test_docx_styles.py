"""Styles, settings, header and footer: the packaged reference and a workspace's own."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from lxml import etree

from gdcpos.document.model import Document
from gdcpos.writers.docx import DocxOptions, DocxWriter, ReferenceDocxError, headers
from tests.writers.docx_parts import (
    W_NS,
    W,
    canonical,
    expected,
    local_names,
    one,
    paragraph_text,
    part,
    parts,
    xpath,
)
from tests.writers.references import (
    libreoffice_reference,
    python_docx_reference,
    tagged_reference,
)
from tests.writers.samples import full_document, info, para

HEADING_STYLES = ["Heading1", "Heading2", "Heading3", "Heading4"]


def render(options: DocxOptions | None = None, document: Document | None = None) -> bytes:
    return DocxWriter(options).render(document or full_document())


def style(styles: etree._Element, style_id: str) -> etree._Element:
    return one(styles, f"w:style[@w:styleId='{style_id}']")


@pytest.fixture(scope="module")
def default_output() -> bytes:
    return render()


# -- fonts, sizes and language ---------------------------------------------------------------


def test_doc_defaults_set_complex_script_font_size_and_persian_language(
    default_output: bytes,
) -> None:
    styles = part(default_output, "word/styles.xml")
    rpr = one(styles, "w:docDefaults/w:rPrDefault/w:rPr")
    assert canonical(rpr) == expected(
        "<w:rPr><w:rFonts w:ascii='Times New Roman' w:hAnsi='Times New Roman'"
        " w:eastAsia='Times New Roman' w:cs='B Nazanin'/>"
        "<w:sz w:val='24'/><w:szCs w:val='26'/><w:lang w:val='en-US' w:bidi='fa-IR'/></w:rPr>"
    )
    assert xpath(styles, "w:docDefaults/w:pPrDefault/w:pPr/w:bidi")


def test_no_theme_font_overrides_the_complex_script_font(default_output: bytes) -> None:
    styles_xml = parts(default_output)["word/styles.xml"]
    for attribute in (b"cstheme", b"asciiTheme", b"hAnsiTheme", b"ar-SA"):
        assert attribute not in styles_xml


def test_headings_use_the_heading_font_and_carry_outline_levels(default_output: bytes) -> None:
    styles = part(default_output, "word/styles.xml")
    for level, style_id in enumerate(HEADING_STYLES):
        heading = style(styles, style_id)
        assert one(heading, "w:rPr/w:rFonts").get(f"{W}cs") == "B Titr"
        assert one(heading, "w:pPr/w:outlineLvl").get(f"{W}val") == str(level)
        assert xpath(heading, "w:rPr/w:bCs") and xpath(heading, "w:rPr/w:szCs")


def test_settings_name_persian_as_the_complex_script_theme_language(default_output: bytes) -> None:
    settings = part(default_output, "word/settings.xml")
    assert one(settings, "w:themeFontLang").get(f"{W}bidi") == "fa-IR"


def test_options_set_fonts_and_body_size() -> None:
    options = DocxOptions(
        body_font="Nazli", heading_font="Titr", latin_font="Liberation Serif", body_size_pt=14
    )
    styles = part(render(options), "word/styles.xml")
    fonts = one(styles, "w:docDefaults/w:rPrDefault/w:rPr/w:rFonts")
    assert (fonts.get(f"{W}cs"), fonts.get(f"{W}ascii")) == ("Nazli", "Liberation Serif")
    assert one(styles, "w:docDefaults/w:rPrDefault/w:rPr/w:szCs").get(f"{W}val") == "28"
    assert one(style(styles, "Title"), "w:rPr/w:rFonts").get(f"{W}cs") == "Titr"
    font_table = part(render(options), "word/fontTable.xml")
    names = {font.get(f"{W}name") for font in xpath(font_table, "w:font")}
    assert {"Nazli", "Titr", "Liberation Serif"} <= names


def test_every_style_named_in_the_document_is_defined(default_output: bytes) -> None:
    _assert_styles_defined(default_output)


def _assert_styles_defined(data: bytes) -> None:
    styles = part(data, "word/styles.xml")
    defined = {s.get(f"{W}styleId") for s in xpath(styles, "w:style")}
    for name, content in parts(data).items():
        if name.startswith("word/") and name.endswith(".xml") and b"pStyle" in content:
            root = etree.fromstring(content)
            used = {s.get(f"{W}val") for s in xpath(root, "//w:pStyle | //w:tblStyle")}
            assert used <= defined, (name, used - defined)


def test_an_unknown_role_gets_a_style_based_on_normal() -> None:
    data = render(document=Document(info=info(), blocks=(para("متن", role="lead-in"),)))
    lead = style(part(data, "word/styles.xml"), "LeadIn")
    assert one(lead, "w:basedOn").get(f"{W}val") == "Normal"


def test_python_docx_reads_the_output_back(default_output: bytes) -> None:
    document = docx.Document(io.BytesIO(default_output))
    names = [paragraph.style.name for paragraph in document.paragraphs if paragraph.style]
    assert "heading 1" in [name.lower() for name in names]
    assert all(p.alignment is None or p.alignment.name for p in document.paragraphs)
    assert document.tables


# -- the packaged header and footer ----------------------------------------------------------


def test_the_header_shows_marking_and_header_text(default_output: bytes) -> None:
    header = part(default_output, "word/header1.xml")
    assert [paragraph_text(p) for p in xpath(header, "w:p")] == ["داخلی", "شورای عالی فضای مجازی"]
    assert not xpath(header, "//w:sdt")
    marking_run = one(header, "w:p[1]/w:r")
    assert local_names(one(marking_run, "w:rPr")) == ["w:b", "w:bCs", "w:color", "w:rtl"]


def test_the_footer_shows_footer_text_page_x_of_y_and_marking(default_output: bytes) -> None:
    footer = part(default_output, "word/footer1.xml")
    paragraphs = xpath(footer, "w:p")
    assert paragraph_text(paragraphs[0]) == "پیش‌نویس برای بررسی کارگروه"
    assert paragraph_text(paragraphs[2]) == "داخلی"
    instructions = [(t.text or "").strip() for t in xpath(paragraphs[1], ".//w:instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]


def test_empty_header_facts_leave_no_empty_lines() -> None:
    bare = Document(info=info(marking="", header_text="", footer_text=""), blocks=(para("متن"),))
    data = render(document=bare)
    header = part(data, "word/header1.xml")
    assert len(xpath(header, "w:p")) == 1
    footer = part(data, "word/footer1.xml")
    assert [bool(xpath(p, ".//w:instrText")) for p in xpath(footer, "w:p")] == [True]


# -- a workspace's own reference.docx --------------------------------------------------------


def test_a_workspace_reference_supplies_page_setup_and_keeps_it_right_to_left(
    tmp_path: Path,
) -> None:
    reference = python_docx_reference(tmp_path)
    data = render(DocxOptions(reference_docx=reference))
    section = one(part(data, "word/document.xml"), "/w:document/w:body/w:sectPr")
    size = one(section, "w:pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h"), size.get(f"{W}orient")) == (
        "11906",
        "8391",
        "landscape",
    )
    assert one(section, "w:pgMar").get(f"{W}right") == "1134"
    assert xpath(section, "w:bidi")
    assert b"nemoone" not in parts(data)["word/document.xml"]
    assert "نمونه" not in [
        paragraph_text(p) for p in xpath(part(data, "word/document.xml"), "//w:p")
    ]


def test_a_python_docx_reference_loses_its_theme_fonts_and_arabic_language(tmp_path: Path) -> None:
    data = render(DocxOptions(reference_docx=python_docx_reference(tmp_path)))
    styles_xml = parts(data)["word/styles.xml"]
    assert b"cstheme" not in styles_xml and b"ar-SA" not in styles_xml
    styles = etree.fromstring(styles_xml)
    assert one(styles, "w:docDefaults/w:rPrDefault/w:rPr/w:lang").get(f"{W}bidi") == "fa-IR"
    assert one(style(styles, "Heading1"), "w:rPr/w:rFonts").get(f"{W}cs") == "B Titr"
    # python-docx set Normal's Latin size (11 pt) only; the body size option replaces it, and the
    # complex-script size comes from docDefaults.
    sizes = xpath(style(styles, "Normal"), "w:rPr/w:sz | w:rPr/w:szCs")
    assert [(etree.QName(s).localname, s.get(f"{W}val")) for s in sizes] == [("sz", "24")]
    _assert_styles_defined(data)


def test_a_reference_without_header_gets_the_packaged_header_and_footer(tmp_path: Path) -> None:
    data = render(DocxOptions(reference_docx=python_docx_reference(tmp_path)))
    names = parts(data)
    headers = [name for name in names if name.startswith("word/header")]
    footers = [name for name in names if name.startswith("word/footer")]
    assert len(headers) == len(footers) == 1
    header = part(data, headers[0])
    assert "داخلی" in [paragraph_text(p) for p in xpath(header, "w:p")]


def test_a_reference_header_without_placeholders_is_kept_and_gets_the_marking(
    tmp_path: Path,
) -> None:
    reference = python_docx_reference(tmp_path, header_text="سربرگ سازمان")
    data = render(DocxOptions(reference_docx=reference))
    [header_name] = [name for name in parts(data) if name.startswith("word/header")]
    texts = [paragraph_text(p) for p in xpath(part(data, header_name), "w:p")]
    assert texts == ["داخلی", "سربرگ سازمان"]


def test_a_reference_header_with_placeholders_is_filled_in_its_own_design(tmp_path: Path) -> None:
    reference = tagged_reference(tmp_path)
    data = render(DocxOptions(reference_docx=reference))
    header = part(data, "word/header1.xml")
    assert not xpath(header, "//w:sdt")
    cells = xpath(header, "w:tbl/w:tr/w:tc")
    assert paragraph_text(one(cells[0], "w:p")) == "شماره: چارچوب موضع ملی"
    assert local_names(one(cells[0], "w:p/w:r[2]/w:rPr")) == ["w:i", "w:rtl"]
    marking = one(cells[1], "w:p")
    assert paragraph_text(marking) == "داخلی"
    assert one(marking, "w:pPr/w:jc").get(f"{W}val") == "right"
    assert xpath(marking, "w:r/w:rPr/w:b")


def test_a_reference_saved_by_libreoffice_is_filled_as_the_packaged_one_is(
    tmp_path: Path,
) -> None:
    # LibreOffice drops the controls' gdcpos:* tags, keeps their titles, and writes each control
    # three times: the header showed «[طبقه‌بندی]طبقه‌بندی[طبقه‌بندی]][طبقه‌بندی]» on every page.
    data = render(DocxOptions(reference_docx=libreoffice_reference(tmp_path)))
    header = part(data, "word/header1.xml")
    assert [paragraph_text(p) for p in xpath(header, "w:p")] == ["داخلی", "شورای عالی فضای مجازی"]
    footer = part(data, "word/footer1.xml")
    texts = [paragraph_text(p) for p in xpath(footer, "w:p")]
    assert (texts[0], texts[2]) == ("پیش‌نویس برای بررسی کارگروه", "داخلی")
    assert not xpath(header, "//w:sdt") and not xpath(footer, "//w:sdt")


def test_a_reference_saved_by_libreoffice_keeps_run_properties_in_schema_order(
    tmp_path: Path,
) -> None:
    # LibreOffice writes w:rtl before w:rFonts in the page number's field runs, which the Open
    # XML SDK validator refuses.
    data = render(DocxOptions(reference_docx=libreoffice_reference(tmp_path)))
    footer = part(data, "word/footer1.xml")
    orders = {tuple(local_names(rpr)) for rpr in xpath(footer, "w:p[2]/w:r/w:rPr")}
    assert orders == {("w:rtl",), ("w:rFonts", "w:rtl", "w:lang")}


def test_an_untagged_control_of_another_title_is_left_as_it_is() -> None:
    header = etree.fromstring(
        f"""<w:hdr xmlns:w="{W_NS}"><w:p>
        <w:sdt><w:sdtPr><w:alias w:val="شماره نامه"/></w:sdtPr>
          <w:sdtContent><w:r><w:t>۱۲۳</w:t></w:r></w:sdtContent></w:sdt>
        <w:sdt><w:sdtPr><w:alias w:val="طبقه‌بندی"/><w:tag w:val="other:tag"/></w:sdtPr>
          <w:sdtContent><w:r><w:t>[طبقه‌بندی]</w:t></w:r></w:sdtContent></w:sdt>
        </w:p></w:hdr>"""
    )
    before = canonical(header)
    assert headers.fill_placeholders(header, headers.field_values(info())) == set()
    assert canonical(header) == before


def test_controls_for_the_same_fact_side_by_side_give_it_once() -> None:
    header = etree.fromstring(
        f"""<w:hdr xmlns:w="{W_NS}"><w:p>
        <w:sdt><w:sdtPr><w:tag w:val="gdcpos:marking"/></w:sdtPr>
          <w:sdtContent><w:r><w:t>[طبقه‌بندی]</w:t></w:r></w:sdtContent></w:sdt>
        <w:sdt><w:sdtPr><w:alias w:val="طبقه‌بندی"/></w:sdtPr>
          <w:sdtContent><w:r><w:t>[طبقه‌بندی]</w:t></w:r></w:sdtContent></w:sdt>
        <w:r><w:t xml:space="preserve"> | </w:t></w:r>
        <w:sdt><w:sdtPr><w:alias w:val="طبقه‌بندی"/></w:sdtPr>
          <w:sdtContent><w:r><w:t>[طبقه‌بندی]</w:t></w:r></w:sdtContent></w:sdt>
        </w:p></w:hdr>"""
    )
    assert headers.fill_placeholders(header, headers.field_values(info())) == {"marking"}
    assert paragraph_text(one(header, "w:p")) == "داخلی | داخلی"


def test_a_placeholder_no_control_holds_is_reported(tmp_path: Path) -> None:
    writer = DocxWriter(
        DocxOptions(reference_docx=python_docx_reference(tmp_path, header_text="[طبقه‌بندی]"))
    )
    [warning] = writer.reference_warnings
    assert warning.startswith(
        "«[طبقه‌بندی]» would show on every page: the header holds it outside any content control"
    )
    assert not DocxWriter(DocxOptions(reference_docx=tagged_reference(tmp_path))).reference_warnings


def test_a_missing_reference_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDocxError, match="cannot read"):
        render(DocxOptions(reference_docx=tmp_path / "missing.docx"))


def test_a_reference_that_is_not_a_docx_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "reference.docx"
    bogus.write_text("not a zip")
    with pytest.raises(ReferenceDocxError, match="not a Word"):
        render(DocxOptions(reference_docx=bogus))
