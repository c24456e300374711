"""The Word writer's body: each block type, property order, script runs and marks.

Expectations are written here as XML and compared canonically (never a stored binary).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from gdcpos.document.model import (
    Align,
    Block,
    Cell,
    Cover,
    Document,
    Heading,
    LineBreak,
    ListBlock,
    ListItem,
    PageBreak,
    Paragraph,
    Row,
    Run,
    Table,
    TableOfContents,
)
from gdcpos.writers.docx import DocxWriter, IllegalXmlCharacterError
from gdcpos.writers.docx.body import _layout_with_spans, _layout_without_spans
from gdcpos.writers.docx.xml import PPR_ORDER, RPR_ORDER, SECTPR_ORDER, TBLPR_ORDER
from tests.writers.docx_parts import (
    W,
    body_children,
    canonical,
    expected,
    in_schema_order,
    local_names,
    one,
    paragraph_text,
    part,
    xpath,
)
from tests.writers.samples import full_document, info, para

LRM, RLM = "\u200e", "\u200f"
TEXT_WIDTH = 11906 - 1418 - 1134  # the packaged reference's A4 page less its margins


def render(*blocks: Block) -> bytes:
    return DocxWriter().render(Document(info=info(), blocks=blocks))


def body(*blocks: Block) -> list[etree._Element]:
    """The body's children without the final section properties."""
    children = body_children(render(*blocks))
    assert children[-1].tag == f"{W}sectPr"
    return children[:-1]


def runs(paragraph: etree._Element) -> list[tuple[str, bool]]:
    """(text, rtl) for each text run of a paragraph."""
    return [
        ("".join(t.text or "" for t in xpath(run, "w:t")), bool(xpath(run, "w:rPr/w:rtl")))
        for run in xpath(paragraph, "w:r[w:t]")
    ]


@pytest.fixture(scope="module")
def full() -> bytes:
    return DocxWriter().render(full_document())


# -- paragraphs -----------------------------------------------------------------------------------


def test_a_justified_persian_paragraph_is_bidi_both_with_an_rtl_run() -> None:
    [paragraph] = body(para("سلام دنیا"))
    assert canonical(paragraph) == expected(
        "<w:p><w:pPr><w:bidi/><w:jc w:val='both'/></w:pPr>"
        "<w:r><w:rPr><w:rtl/></w:rPr><w:t xml:space='preserve'>سلام دنیا</w:t></w:r></w:p>"
    )


@pytest.mark.parametrize(
    ("align", "jc"),
    [
        (Align.START, "left"),
        (Align.CENTER, "center"),
        (Align.END, "right"),
        (Align.JUSTIFY, "both"),
    ],
)
def test_alignment_uses_left_for_the_right_edge_of_a_bidi_paragraph(align: Align, jc: str) -> None:
    # persian-docx.md: in a <w:bidi/> paragraph "left" is the right edge; start/end are avoided.
    [paragraph] = body(para("متن", align))
    assert one(paragraph, "w:pPr/w:jc").get(f"{W}val") == jc


def test_every_paragraph_is_bidi_with_properties_in_schema_order(full: bytes) -> None:
    document = part(full, "word/document.xml")
    paragraphs = xpath(document, "//w:p")
    assert paragraphs
    for paragraph in paragraphs:
        ppr = one(paragraph, "w:pPr")
        names = local_names(ppr)
        assert "w:bidi" in names
        assert in_schema_order(names, PPR_ORDER), names


def test_run_properties_are_in_schema_order(full: bytes) -> None:
    for rpr in xpath(part(full, "word/document.xml"), "//w:rPr"):
        assert in_schema_order(local_names(rpr), RPR_ORDER), local_names(rpr)


def test_bold_and_italic_set_the_complex_script_twins_before_rtl() -> None:
    [paragraph] = body(Paragraph((Run("پررنگ", bold=True), Run("مایل", italic=True))))
    rprs = xpath(paragraph, "w:r/w:rPr")
    assert [local_names(rpr) for rpr in rprs] == [
        ["w:b", "w:bCs", "w:rtl"],
        ["w:i", "w:iCs", "w:rtl"],
    ]


def test_line_breaks_and_tabs_become_br_and_tab() -> None:
    [paragraph] = body(Paragraph((Run("یک"), LineBreak(), Run("دو\nسه\tچهار"))))
    kinds = [local_names(run)[-1] for run in xpath(paragraph, "w:r")]
    assert kinds[:2] == ["w:t", "w:br"]
    last = xpath(paragraph, "w:r")[-1]
    assert local_names(last) == ["w:rPr", "w:t", "w:br", "w:t", "w:tab", "w:t"]


def test_a_paragraph_role_names_its_style() -> None:
    [paragraph] = body(
        para("متن", role="meta"),
    )
    assert local_names(one(paragraph, "w:pPr")) == ["w:pStyle", "w:bidi", "w:jc"]
    assert one(paragraph, "w:pPr/w:pStyle").get(f"{W}val") == "Meta"


def test_text_that_xml_cannot_carry_is_refused() -> None:
    with pytest.raises(IllegalXmlCharacterError, match="U\\+0001"):
        render(para("بد\x01متن"))
    with pytest.raises(IllegalXmlCharacterError, match="U\\+000B"):
        DocxWriter().render(Document(info=info(header_text="سر\x0bصفحه"), blocks=()))


# -- mixed scripts --------------------------------------------------------------------------------


def test_latin_runs_have_no_rtl_and_persian_runs_do() -> None:
    [paragraph] = body(para("قطعنامهٔ A/RES/79/1 مجمع عمومی"))
    assert runs(paragraph) == [("قطعنامهٔ ", True), ("A/RES/79/1", False), (" مجمع عمومی", True)]


def test_a_right_to_left_mark_follows_latin_items_joined_by_the_persian_comma_or_va() -> None:
    [paragraph] = body(para("گزارش ITU، UNESCO و UNDP"))
    assert runs(paragraph) == [
        ("گزارش ", True),
        ("ITU", False),
        (f"{RLM}، ", True),
        ("UNESCO", False),
        (f"{RLM} و ", True),
        ("UNDP", False),
    ]


def test_a_left_to_right_mark_follows_a_latin_token_ending_in_a_dot_or_bracket() -> None:
    [paragraph] = body(para("ایالات U.S. و بند 19(3) میثاق"))
    latin = [text for text, rtl in runs(paragraph) if not rtl]
    assert latin == [f"U.S.{LRM}", f"19(3){LRM}"]


def test_a_sentence_ending_after_a_latin_symbol_keeps_its_full_stop_persian() -> None:
    [paragraph] = body(para("در سند A/RES/79/1."))
    assert runs(paragraph) == [("در سند ", True), ("A/RES/79/1", False), (".", True)]


def test_a_latin_item_at_a_run_boundary_looks_at_the_next_run_for_va() -> None:
    [paragraph] = body(Paragraph((Run("ITU", bold=True), Run(" و UNESCO"))))
    assert runs(paragraph) == [("ITU", False), (RLM, True), (" و ", True), ("UNESCO", False)]


# -- headings -------------------------------------------------------------------------------------


def test_a_heading_has_its_style_and_its_number_in_persian_digits() -> None:
    [heading] = body(Heading(2, (Run("اصول"),), number="2-1"))
    assert canonical(heading) == expected(
        "<w:p><w:pPr><w:pStyle w:val='Heading2'/><w:bidi/></w:pPr>"
        "<w:r><w:rPr><w:rtl/></w:rPr><w:t xml:space='preserve'>۲-۱- </w:t></w:r>"
        "<w:r><w:rPr><w:rtl/></w:rPr><w:t xml:space='preserve'>اصول</w:t></w:r></w:p>"
    )


def test_a_heading_left_out_of_the_contents_has_a_body_text_level_style() -> None:
    data = render(Heading(1, (Run("پیوست"),), in_toc=False))
    [heading] = body_children(data)[:-1]
    assert local_names(one(heading, "w:pPr")) == ["w:pStyle", "w:bidi"]
    assert one(heading, "w:pPr/w:pStyle").get(f"{W}val") == "Heading1Unlisted"
    unlisted = one(part(data, "word/styles.xml"), "w:style[@w:styleId='Heading1Unlisted']")
    assert one(unlisted, "w:basedOn").get(f"{W}val") == "Heading1"
    assert one(unlisted, "w:pPr/w:outlineLvl").get(f"{W}val") == "9"


def test_levels_deeper_than_four_use_heading4() -> None:
    [heading] = body(Heading(6, (Run("ژرف"),)))
    assert one(heading, "w:pPr/w:pStyle").get(f"{W}val") == "Heading4"


# -- lists ----------------------------------------------------------------------------------------


def test_an_ordered_list_writes_persian_numbers_as_text_with_a_hanging_indent() -> None:
    items = tuple(ListItem((Run(f"بند {n}"),)) for n in range(1, 12))
    paragraphs = body(ListBlock(items, ordered=True))
    first = paragraphs[0]
    assert canonical(first) == expected(
        "<w:p><w:pPr><w:pStyle w:val='ListParagraph'/><w:bidi/>"
        "<w:ind w:left='720' w:hanging='480'/><w:jc w:val='both'/></w:pPr>"
        "<w:r><w:rPr><w:rtl/></w:rPr><w:t>۱-</w:t><w:tab/></w:r>"
        "<w:r><w:rPr><w:rtl/></w:rPr><w:t xml:space='preserve'>بند </w:t></w:r>"
        "<w:r><w:t xml:space='preserve'>1</w:t></w:r></w:p>"
    )
    markers = [one(p, "w:r[1]/w:t").text for p in paragraphs]
    assert markers[-2:] == ["۱۰-", "۱۱-"]
    assert not xpath(paragraphs[0], ".//w:numPr")


def test_bullets_nest_with_a_deeper_indent_and_another_bullet() -> None:
    nested = ListBlock((ListItem((Run("زیربند"),)),))
    paragraphs = body(ListBlock((ListItem((Run("بند"),), children=(nested, para("توضیح بند"))),)))
    assert [paragraph_text(p)[:1] for p in paragraphs[:2]] == ["•", "◦"]
    indents = [one(p, "w:pPr/w:ind").get(f"{W}left") for p in paragraphs]
    assert indents == ["720", "1260", "720"]
    assert one(paragraphs[2], "w:pPr/w:ind").get(f"{W}hanging") is None


# -- tables ---------------------------------------------------------------------------------------


def _table(full: bytes) -> etree._Element:
    [table] = [
        t for t in xpath(part(full, "word/document.xml"), "//w:tbl") if xpath(t, ".//w:tblHeader")
    ]
    return table


def test_table_properties_put_bidivisual_after_tblstyle_in_schema_order(full: bytes) -> None:
    tblpr = one(_table(full), "w:tblPr")
    assert local_names(tblpr) == [
        "w:tblStyle",
        "w:bidiVisual",
        "w:tblW",
        "w:tblBorders",
        "w:tblLayout",
        "w:tblLook",
        "w:tblCaption",
    ]
    assert in_schema_order(local_names(tblpr), TBLPR_ORDER)


def test_table_columns_follow_the_relative_widths(full: bytes) -> None:
    widths = [int(col.get(f"{W}w", "0")) for col in xpath(_table(full), "w:tblGrid/w:gridCol")]
    assert sum(widths) == TEXT_WIDTH
    assert widths[1] == pytest.approx(2 * widths[0], abs=2)
    assert widths[0] == pytest.approx(widths[2], abs=2)


def test_header_rows_repeat_with_a_valueless_tblheader_and_shading(full: bytes) -> None:
    rows = xpath(_table(full), "w:tr")
    assert canonical(one(rows[0], "w:trPr")) == expected(
        "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
    )
    assert all(not xpath(row, "w:trPr/w:tblHeader") for row in rows[1:])
    fills = {shd.get(f"{W}fill") for shd in xpath(rows[0], "w:tc/w:tcPr/w:shd")}
    assert fills == {"D9D9D9"}


def test_merged_cells_use_gridspan_and_vmerge_and_every_row_fills_the_grid(full: bytes) -> None:
    rows = xpath(_table(full), "w:tr")
    for row in rows:
        spans = [int(span.get(f"{W}val", "1")) for span in xpath(row, "w:tc/w:tcPr/w:gridSpan")]
        plain = len(xpath(row, "w:tc[not(w:tcPr/w:gridSpan)]"))
        assert sum(spans) + plain == 3
    assert one(rows[1], "w:tc[1]/w:tcPr/w:vMerge").get(f"{W}val") == "restart"
    assert one(rows[1], "w:tc[2]/w:tcPr/w:gridSpan").get(f"{W}val") == "2"
    continuation = one(rows[2], "w:tc[1]/w:tcPr/w:vMerge")
    assert continuation.get(f"{W}val") is None
    for cell in xpath(_table(full), "w:tr/w:tc"):
        assert local_names(cell)[-1] == "w:p"


def test_body_text_under_a_table_is_set_off_from_it_and_styled_text_keeps_its_own_spacing() -> None:
    """Word leaves no space after a table: text right under one would touch its last row."""
    table = Table(rows=(Row((Cell((para("شناسه"),)), Cell((para("ncc-001"),)))),))
    children = body(
        table,
        para("متن زیر جدول"),
        para("متن بعدی"),
        table,
        Paragraph((Run("فراداده"),), role="meta"),
        table,
        Heading(2, (Run("عنوان"),)),
    )
    _, under_table, next_paragraph, _, under_table_meta, _, heading = children
    assert one(under_table, "w:pPr/w:spacing").get(f"{W}before") == "120"
    assert in_schema_order(local_names(one(under_table, "w:pPr")), PPR_ORDER)
    assert not xpath(next_paragraph, "w:pPr/w:spacing")
    assert not xpath(under_table_meta, "w:pPr/w:spacing")  # the meta style says its own
    assert not xpath(heading, "w:pPr/w:spacing")  # so does a heading's


def test_a_rowspan_that_runs_past_a_short_row_still_gets_its_continuation() -> None:
    table = Table(
        rows=(
            Row((Cell((para("الف"),)), Cell((para("ب"),), rowspan=2))),
            Row((Cell((para("ج"),)),)),
        ),
        header_rows=0,
    )
    [tbl] = body(table)
    second = xpath(tbl, "w:tr")[1]
    assert len(xpath(second, "w:tc")) == 2
    assert xpath(second, "w:tc[2]/w:tcPr/w:vMerge")


def test_two_adjacent_tables_are_kept_apart_by_a_paragraph() -> None:
    table = Table(rows=(Row((Cell((para("الف"),)),)),), header_rows=0)
    children = body(table, table)
    assert [etree.QName(child).localname for child in children] == ["tbl", "p", "tbl"]


# -- contents, cover, breaks, section -------------------------------------------------------------


def test_the_table_of_contents_is_a_field_word_fills_on_opening(full: bytes) -> None:
    document = part(full, "word/document.xml")
    [field_paragraph] = xpath(document, "//w:p[w:r/w:instrText]")
    run_kinds = [local_names(run)[-1] for run in xpath(field_paragraph, "w:r")]
    assert run_kinds[:3] == ["w:fldChar", "w:instrText", "w:fldChar"]
    assert run_kinds[-1] == "w:fldChar"
    instruction = one(field_paragraph, "w:r/w:instrText").text or ""
    assert instruction.split() == ["TOC", "\\o", '"1-3"', "\\h", "\\z", "\\u"]
    assert "Word" in paragraph_text(field_paragraph)
    settings = part(full, "word/settings.xml")
    assert one(settings, "w:updateFields").get(f"{W}val") == "true"
    title = field_paragraph.getprevious()
    assert title is not None and one(title, "w:pPr/w:pStyle").get(f"{W}val") == "TOCHeading"


def test_without_a_contents_field_word_is_not_asked_to_update_fields() -> None:
    assert not xpath(part(render(para("متن")), "word/settings.xml"), "w:updateFields")


def test_the_cover_has_title_facts_marking_notices_and_ends_its_page() -> None:
    cover = Cover(
        title="عنوان",
        subtitle="زیرعنوان",
        facts=(("مصوبه", "جلسهٔ ۱۱۰"),),
        marking="محرمانه",
        notices=("هشدار",),
    )
    children = body(cover, para("متن"))
    styles = [
        one(child, "w:pPr/w:pStyle").get(f"{W}val")
        if child.tag == f"{W}p" and xpath(child, "w:pPr/w:pStyle")
        else etree.QName(child).localname
        for child in children
    ]
    assert styles == ["Title", "Subtitle", "tbl", "CoverMarking", "CoverNotice", "p", "p"]
    facts = children[2]
    assert local_names(one(facts, "w:tblPr"))[:2] == ["w:tblStyle", "w:bidiVisual"]
    assert one(facts, "w:tblPr/w:jc").get(f"{W}val") == "center"
    assert not xpath(facts, ".//w:tblBorders")
    assert xpath(one(facts, "w:tr/w:tc[1]"), ".//w:b")
    assert xpath(children[5], "w:r/w:br[@w:type='page']")


def test_a_cover_followed_by_its_own_page_break_gets_no_second_one() -> None:
    children = body(Cover(title="عنوان"), PageBreak(), para("متن"))
    assert len([c for c in children if xpath(c, "w:r/w:br[@w:type='page']")]) == 1


def test_a_page_break_is_a_paragraph_with_a_page_break_run() -> None:
    [page_break] = body(PageBreak())
    assert canonical(page_break) == expected(
        "<w:p><w:pPr><w:bidi/></w:pPr><w:r><w:br w:type='page'/></w:r></w:p>"
    )


def test_the_section_is_right_to_left_with_header_and_footer(full: bytes) -> None:
    section = body_children(full)[-1]
    names = local_names(section)
    assert names[:2] == ["w:headerReference", "w:footerReference"]
    assert "w:bidi" in names
    assert in_schema_order([n for n in names if not n.endswith("Reference")], SECTPR_ORDER)


def test_contents_depth_sets_the_outline_range() -> None:
    children = body(TableOfContents(depth=2))
    assert '"1-2"' in (one(children[1], "w:r/w:instrText").text or "")


@given(
    st.lists(st.lists(st.sampled_from(["الف", "ب", "A/RES/79/1"]), max_size=4), max_size=5),
    st.integers(min_value=0, max_value=3),
)
def test_a_table_without_spans_is_laid_out_as_the_general_loop_lays_it_out(
    rows: list[list[str]], header_rows: int
) -> None:
    # The writer places such tables by a shortcut (an annex holds one per contribution); it must
    # give what the loop that handles spans gives, padding of short and empty rows included.
    table = Table(
        tuple(Row(tuple(Cell((para(text),)) for text in texts)) for texts in rows),
        header_rows=header_rows,
    )
    assert _layout_without_spans(table) == _layout_with_spans(table)
