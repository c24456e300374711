"""The embedded page-number font (Vazirmatn FD) and the footer's page-number fields."""

from __future__ import annotations

import pytest

from gdcpos.writers.docx import DocxOptions, DocxWriter
from gdcpos.writers.docx.fonts import FONT_KEY, obfuscate, page_number_font_bytes
from gdcpos.writers.docx.package import Package
from gdcpos.writers.docx.xml import RPR_ORDER
from tests.writers.docx_parts import (
    R_NS,
    W,
    canonical,
    expected,
    in_schema_order,
    local_names,
    one,
    part,
    parts,
    xpath,
)
from tests.writers.samples import full_document


@pytest.fixture(scope="module")
def output() -> bytes:
    return DocxWriter().render(full_document())


def test_obfuscation_xors_the_first_32_bytes_and_undoes_itself() -> None:
    font = page_number_font_bytes()
    hidden = obfuscate(font, FONT_KEY)
    assert hidden[32:] == font[32:]
    assert hidden[:32] != font[:32]
    assert obfuscate(hidden, FONT_KEY) == font
    key = bytes.fromhex(FONT_KEY.strip("{}").replace("-", ""))
    # ECMA-376 §17.8.1: byte i is XORed with the key's byte 15 - (i mod 16).
    assert hidden[0] == font[0] ^ key[15] and hidden[17] == font[17] ^ key[14]


def test_the_font_table_embeds_the_font_and_settings_allow_embedding(output: bytes) -> None:
    font_table = part(output, "word/fontTable.xml")
    embed = one(font_table, "w:font[@w:name='Vazirmatn FD']/w:embedRegular")
    assert embed.get(f"{W}fontKey") == FONT_KEY
    rel_id = embed.get(f"{{{R_NS}}}id")
    package = Package.from_bytes(output)
    [rel] = [r for r in package.relationships("word/fontTable.xml") if r.rel_id == rel_id]
    embedded = package.parts[package.resolve("word/fontTable.xml", rel.target)]
    assert obfuscate(embedded, FONT_KEY) == page_number_font_bytes()
    assert package.content_types[package.resolve("word/fontTable.xml", rel.target)] == (
        "application/vnd.openxmlformats-officedocument.obfuscatedFont"
    )
    assert xpath(part(output, "word/settings.xml"), "w:embedTrueTypeFonts")


def test_page_number_fields_are_rtl_persian_in_a_persian_digit_font(output: bytes) -> None:
    footer = part(output, "word/footer1.xml")
    [page_line] = xpath(footer, "w:p[.//w:instrText]")
    field_runs = xpath(page_line, "w:r[w:fldChar or w:instrText]")
    assert len(field_runs) == 8
    for run in field_runs:
        rpr = one(run, "w:rPr")
        assert in_schema_order(local_names(rpr), RPR_ORDER)
        assert canonical(rpr) == expected(
            "<w:rPr><w:rFonts w:ascii='Vazirmatn FD' w:hAnsi='Vazirmatn FD'"
            " w:eastAsia='Vazirmatn FD' w:cs='Vazirmatn FD'/>"
            "<w:rtl/><w:lang w:bidi='fa-IR'/></w:rPr>"
        )


def test_no_font_is_embedded_when_the_option_is_off() -> None:
    output = DocxWriter(DocxOptions(embed_page_number_font=False)).render(full_document())
    assert not [name for name in parts(output) if name.endswith(".odttf")]
    assert not xpath(part(output, "word/settings.xml"), "w:embedTrueTypeFonts")
    assert not xpath(part(output, "word/fontTable.xml"), "//w:embedRegular")
