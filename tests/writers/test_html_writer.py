"""The HTML writer, fed hand-built document models; structure checked with lxml."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from gdcpos.document.model import (
    Align,
    Cell,
    Cover,
    Document,
    DocumentInfo,
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
from gdcpos.writers.html import _LATIN_STRETCH, HtmlWriter, _latin_stretches

INFO = DocumentInfo(
    title="چارچوب موضع <ایران>",
    created=dt.datetime(2023, 4, 4, 12, 30),
    marking="محرمانه",
    subject="پیمان جهانی دیجیتال",
    author="مرکز ملی فضای مجازی",
    keywords=("GDC", "موضع"),
    header_text="کارگروه",
    footer_text="پیش‌نویس",
)


def cell(text: str, **spans: int) -> Cell:
    return Cell((Paragraph((Run(text),)),), **spans)


def sample_document() -> Document:
    return Document(
        INFO,
        (
            Cover(
                title="موضع جمهوری اسلامی ایران",
                subtitle="پیمان جهانی دیجیتال",
                facts=(("مصوبه", "جلسه ۱۱۰"), ("تاریخ", "۲۲ اسفند ۱۴۰۱")),
                marking="محرمانه",
                notices=("تکثیر ممنوع است",),
            ),
            PageBreak(),
            TableOfContents(depth=2),
            PageBreak(),
            Heading(1, (Run("اصول"),), number="۱"),
            Paragraph((Run("متن "), Run("پررنگ", bold=True), LineBreak(), Run("سطر دوم"))),
            Heading(2, (Run("هنجارها"),), number="۱-۱"),
            Heading(3, (Run("عمیق"),), number="۱-۱-۱"),
            Heading(2, (Run("بیرون از فهرست"),), in_toc=False),
            Paragraph((Run("یادداشت", italic=True),), Align.CENTER, role="note"),
            ListBlock(
                (
                    ListItem((Run("یک"),), (ListBlock((ListItem((Run("الف"),)),)),)),
                    ListItem((Run("دو"),)),
                ),
                ordered=True,
            ),
            Table(
                rows=(
                    Row((cell("وظیفه"), cell("مسئول", colspan=2))),
                    Row((cell("۱", rowspan=2), cell("الف"), cell("ب"))),
                    Row((cell("پ"), cell("ت"))),
                ),
                header_rows=1,
                widths=(2, 1, 1),
                caption="تقسیم کار",
            ),
        ),
    )


@pytest.fixture
def page(tmp_path: Path) -> etree._Element:
    target = tmp_path / "framework.html"
    HtmlWriter().write(sample_document(), target)
    return lxml.html.fromstring(target.read_bytes())


def text(element: etree._Element) -> str:
    return "".join(element.itertext()).strip()


def test_writer_interface() -> None:
    assert HtmlWriter.extension == ".html"
    assert HtmlWriter().extension == ".html"


def test_root_is_right_to_left_persian(page: etree._Element) -> None:
    assert page.tag == "html"
    assert page.get("dir") == "rtl"
    assert page.get("lang") == "fa"
    assert page.find("head/meta[@charset]").get("charset") == "utf-8"
    assert page.findtext("head/title") == "چارچوب موضع <ایران>"
    assert page.find("head/meta[@name='author']").get("content") == "مرکز ملی فضای مجازی"


def test_output_is_utf8_html5(tmp_path: Path) -> None:
    target = tmp_path / "doc.html"
    HtmlWriter().write(sample_document(), target)
    data = target.read_bytes()
    assert data.startswith(b"<!DOCTYPE html>\n")
    assert "موضع جمهوری اسلامی ایران".encode() in data


def test_stylesheet_prints_on_a4_with_persian_fonts(page: etree._Element) -> None:
    css = page.findtext("head/style")
    assert "size: A4" in css
    assert '"B Nazanin", "Vazirmatn", "Noto Naskh Arabic", serif' in css
    assert 'font-family: "B Titr"' in css
    assert "thead { display: table-header-group; }" in css
    assert "counter(page, persian)" in css


def test_font_options() -> None:
    writer = HtmlWriter(
        body_font="Vazirmatn", heading_font="Nazli", latin_font="Arial", body_size_pt=12.5
    )
    html = writer.render(sample_document())
    assert 'html { font-family: "Vazirmatn", "B Nazanin", "Noto Naskh Arabic", serif;' in html
    assert "font-size: 12.5pt;" in html
    assert '"Nazli", "Vazirmatn"' in html
    assert 'bdi { font-family: "Arial", "Vazirmatn"' in html


def test_cover(page: etree._Element) -> None:
    cover = page.find(".//section[@class='cover']")
    assert text(cover.find("h1")) == "موضع جمهوری اسلامی ایران"
    assert text(cover.find("p[@class='subtitle']")) == "پیمان جهانی دیجیتال"
    assert [text(dt) for dt in cover.iterfind(".//dt")] == ["مصوبه", "تاریخ"]
    assert [text(dd) for dd in cover.iterfind(".//dd")] == ["جلسه ۱۱۰", "۲۲ اسفند ۱۴۰۱"]
    assert text(cover.find("p[@class='marking']")) == "محرمانه"
    assert text(cover.find("p[@class='notice']")) == "تکثیر ممنوع است"


def test_marking_in_header_and_footer_bands(page: etree._Element) -> None:
    header = page.find("body/header")
    footer = page.find("body/footer")
    assert text(header.find("span[@class='marking']")) == "محرمانه"
    assert "کارگروه" in text(header)
    assert text(footer.find("span[@class='marking']")) == "محرمانه"
    assert "پیش‌نویس" in text(footer)
    assert '@top-center { content: "محرمانه — کارگروه"' in page.findtext("head/style")


def test_toc_links_to_heading_ids(page: etree._Element) -> None:
    links = page.findall(".//nav[@class='toc']//a")
    targets = [link.get("href") for link in links]
    assert [text(link) for link in links] == ["۱ اصول", "۱-۱ هنجارها"]  # depth 2, no-toc left out
    ids = {heading.get("id"): text(heading) for heading in page.iter("h1", "h2", "h3", "h4")}
    for target, link in zip(targets, links, strict=True):
        assert target.startswith("#")
        assert ids[target[1:]] == text(link)
    assert len(set(ids) - {None}) == 4


def test_blocks_in_order(page: etree._Element) -> None:
    main = page.find("body/main")
    tags = [child.tag for child in main]
    assert tags == [
        "section", "div", "nav", "div", "h1", "p", "h2", "h3", "h2", "p", "ol", "table",
    ]  # fmt: skip
    assert all(div.get("class") == "page-break" for div in main.findall("div"))


def test_inline_formatting_and_paragraph_classes(page: etree._Element) -> None:
    first = page.find("body/main/p")
    assert first.find("strong").text == "پررنگ"
    assert first.find("br") is not None
    note = page.find("body/main/p[@class='center note']")
    assert note.find("em").text == "یادداشت"


def test_nested_ordered_list(page: etree._Element) -> None:
    ol = page.find("body/main/ol")
    items = ol.findall("li")
    assert [item.text.strip() for item in items] == ["یک", "دو"]
    assert text(items[0].find("ul/li")) == "الف"


def test_table_order_header_spans_and_widths(page: etree._Element) -> None:
    table = page.find(".//table")
    assert text(table.find("caption")) == "تقسیم کار"
    assert [col.get("style") for col in table.findall("colgroup/col")] == [
        "width: 50.00%",
        "width: 25.00%",
        "width: 25.00%",
    ]
    header = table.findall("thead/tr")
    assert len(header) == 1
    assert [(text(th), th.get("colspan")) for th in header[0]] == [("وظیفه", None), ("مسئول", "2")]
    rows = [[text(td) for td in tr] for tr in table.findall("tbody/tr")]
    assert rows == [["۱", "الف", "ب"], ["پ", "ت"]]
    assert table.find("tbody/tr/td").get("rowspan") == "2"


def test_everything_is_escaped() -> None:
    hostile = '<script>alert("x")</script> & {{ 7*7 }} </p>'
    document = Document(
        DocumentInfo(title=hostile, created=dt.datetime(2023, 1, 1), marking=hostile),
        (
            Heading(1, (Run(hostile),), number=hostile),
            Paragraph((Run(hostile),), role='x" onclick="y'),
            Table((Row((cell(hostile),)),), header_rows=0, caption=hostile),
            Cover(title=hostile, facts=((hostile, hostile),)),
        ),
    )
    html = HtmlWriter().render(document)
    page = lxml.html.fromstring(html.encode())
    assert page.find(".//script") is None
    assert page.findtext("head/title") == hostile
    assert text(page.find("body/main/p")) == hostile
    assert page.find("body/main/p").get("onclick") is None
    assert text(page.find("body/main/h1")) == f"{hostile} {hostile}"
    assert text(page.find(".//td")) == hostile
    # The marking also goes into the stylesheet as a CSS string: it cannot close <style>.
    assert html.count("</style>") == 1
    assert "<script>" not in html


def test_latin_runs_are_isolated() -> None:
    document = Document(
        INFO, (Paragraph((Run("سند A/RES/79/1 و ITU، UNESCO را ببینید (ISO/IEC 27001:2013)."),)),)
    )
    page = lxml.html.fromstring(HtmlWriter().render(document).encode())
    isolated = [bdi.text for bdi in page.iter("bdi") if bdi.getparent().tag == "p"]
    assert isolated == ["A/RES/79/1", "ITU", "UNESCO", "ISO/IEC 27001:2013"]
    assert (
        text(page.find("body/main/p"))
        == "سند A/RES/79/1 و ITU، UNESCO را ببینید (ISO/IEC 27001:2013)."
    )


def test_a_latin_word_starting_with_digits_is_isolated_whole() -> None:
    """Digits against a Latin word ("5G", a hash such as "9854da75") belong to it: left outside
    the isolate, they would be shown on the wrong side of it ("G5", "da759854")."""
    document = Document(INFO, (Paragraph((Run("شبکه 5G و نسخه (9854da75) و 3GPP"),)),))
    page = lxml.html.fromstring(HtmlWriter().render(document).encode())
    isolated = [bdi.text for bdi in page.iter("bdi") if bdi.getparent().tag == "p"]
    assert isolated == ["5G", "9854da75", "3GPP"]


def test_a_legal_reference_is_isolated_whole() -> None:
    """Left outside the isolate, "(3)" or "§ 12(2)" would take the Persian sentence's direction
    and be shown on the wrong side of the words before it."""
    document = Document(INFO, (Paragraph((Run("اشاره دارد: see Art. 19(3). و see § 12(2)."),)),))
    page = lxml.html.fromstring(HtmlWriter().render(document).encode())
    isolated = [bdi.text for bdi in page.iter("bdi") if bdi.getparent().tag == "p"]
    assert isolated == ["see Art. 19(3)", "see § 12(2)"]


stretch_text = st.text(
    alphabet=st.sampled_from(list("ابو، «»\u200c۱۲ AbzÉЖω0159 ./:-_&+#'’,@%?=~()[]§")), max_size=40
)


@given(stretch_text)
def test_latin_stretches_are_those_the_stretch_pattern_finds(text: str) -> None:
    """The quicker search for Latin stretches finds what the pattern finds on its own."""
    found = [match.span() for match in _latin_stretches(text)]
    assert found == [match.span() for match in _LATIN_STRETCH.finditer(text)]


def test_same_document_gives_the_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    HtmlWriter().write(sample_document(), first)
    HtmlWriter().write(sample_document(), second)
    assert first.read_bytes() == second.read_bytes()


def test_write_replaces_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out" / "doc.html"
    HtmlWriter().write(sample_document(), target)
    before = target.read_bytes()

    def broken(_self: HtmlWriter, _document: Document) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(HtmlWriter, "render", broken)
    with pytest.raises(KeyboardInterrupt):
        HtmlWriter().write(sample_document(), target)
    assert target.read_bytes() == before
    assert [path.name for path in target.parent.iterdir()] == ["doc.html"]


def test_empty_document() -> None:
    html = HtmlWriter().render(Document(DocumentInfo(title="", created=dt.datetime(2023, 1, 1))))
    page = lxml.html.fromstring(html.encode())
    assert page.find("body/header") is None
    assert len(page.find("body/main")) == 0


def test_chosen_for_the_html_format() -> None:
    from gdcpos.writers import OutputFormat, writer_for

    writer = writer_for(OutputFormat.HTML, body_font="Vazirmatn")
    assert isinstance(writer, HtmlWriter)
    assert writer.body_font == "Vazirmatn"
