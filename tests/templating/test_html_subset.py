"""The HTML subset: every element into the right model object, and everything else refused."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from gdcpos.document.model import (
    Align,
    Cell,
    Cover,
    Heading,
    Inline,
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
from gdcpos.templating import (
    TemplateSubsetError,
    make_environment,
    parse_subset,
    render_markup,
)

ZWNJ = "\u200c"


def only(markup: str) -> object:
    blocks = parse_subset(markup)
    assert len(blocks) == 1, blocks
    return blocks[0]


def plain(text: str) -> tuple[Inline, ...]:
    return (Run(text),)


def paragraph(text: str, align: Align = Align.JUSTIFY) -> Paragraph:
    return Paragraph(plain(text), align)


# --- block elements -----------------------------------------------------------------------------


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_headings(level: int) -> None:
    markup = f'<h{level} data-number="۱-۲">عنوان</h{level}>'
    assert only(markup) == Heading(level, plain("عنوان"), number="۱-۲")


def test_heading_kept_out_of_the_contents() -> None:
    assert only('<h2 class="no-toc">پیوست</h2>') == Heading(2, plain("پیوست"), in_toc=False)


def test_paragraph_defaults_to_justified() -> None:
    assert only("<p>متن</p>") == Paragraph(plain("متن"), Align.JUSTIFY, "")


@pytest.mark.parametrize(
    ("classes", "align", "role"),
    [
        ("center", Align.CENTER, ""),
        ("start", Align.START, ""),
        ("end", Align.END, ""),
        ("justify", Align.JUSTIFY, ""),
        ("note", Align.JUSTIFY, "note"),
        ("meta end", Align.END, "meta"),
    ],
)
def test_paragraph_classes(classes: str, align: Align, role: str) -> None:
    assert only(f'<p class="{classes}">x</p>') == Paragraph(plain("x"), align, role)


def test_bold_italic_and_line_breaks() -> None:
    block = only("<p>a <strong>b <em>c</em></strong><b>d</b> <i>e</i><br>f</p>")
    assert block == Paragraph(
        (
            Run("a "),
            Run("b ", bold=True),
            Run("c", bold=True, italic=True),
            Run("d", bold=True),
            Run(" "),
            Run("e", italic=True),
            LineBreak(),
            Run("f"),
        )
    )


def test_lists_nest() -> None:
    block = only(
        """
        <ol>
          <li>یک
            <ul><li>الف</li><li>ب</li></ul>
          </li>
          <li><strong>دو</strong></li>
        </ol>
        """
    )
    assert block == ListBlock(
        (
            ListItem(
                plain("یک"),
                (ListBlock((ListItem(plain("الف")), ListItem(plain("ب"))), ordered=False),),
            ),
            ListItem((Run("دو", bold=True),)),
        ),
        ordered=True,
    )


def test_list_item_with_paragraphs() -> None:
    block = only("<ul><li><p>اول</p><p class='note'>دوم</p></li></ul>")
    assert block == ListBlock(
        (ListItem((), (paragraph("اول"), Paragraph(plain("دوم"), role="note"))),)
    )


def test_table_with_caption_header_spans_and_widths() -> None:
    block = only(
        """
        <table data-widths="3,1,1">
          <caption>جدول تقسیم کار</caption>
          <thead><tr><th>وظیفه</th><th colspan="2">مسئول</th></tr></thead>
          <tbody>
            <tr><td rowspan="2">۱</td><td>الف</td><td class="center">ب</td></tr>
            <tr><td><p>پ</p><p>ت</p></td><td></td></tr>
          </tbody>
        </table>
        """
    )
    assert block == Table(
        rows=(
            Row(
                (
                    Cell((paragraph("وظیفه", Align.START),)),
                    Cell((paragraph("مسئول", Align.START),), colspan=2),
                )
            ),
            Row(
                (
                    Cell((paragraph("۱", Align.START),), rowspan=2),
                    Cell((paragraph("الف", Align.START),)),
                    Cell((paragraph("ب", Align.CENTER),)),
                )
            ),
            Row((Cell((paragraph("پ", Align.START), paragraph("ت", Align.START))), Cell(()))),
        ),
        header_rows=1,
        widths=(3.0, 1.0, 1.0),
        caption="جدول تقسیم کار",
    )


def test_table_rows_without_tbody_and_without_header() -> None:
    block = only("<table><tr><td>a</td></tr><tr><td>b</td></tr></table>")
    assert isinstance(block, Table)
    assert block.header_rows == 0
    assert len(block.rows) == 2


@pytest.mark.parametrize(
    "markup",
    ['<div class="page-break"/>', '<div class="page-break"></div>', '<hr class="page-break">'],
)
def test_page_breaks(markup: str) -> None:
    assert parse_subset(markup + "<p>x</p>") == (PageBreak(), paragraph("x"))


def test_table_of_contents() -> None:
    assert only('<nav class="toc"/>') == TableOfContents()
    assert only('<nav class="toc" data-title="فهرست" data-depth="2"></nav>') == TableOfContents(
        "فهرست", 2
    )


def test_cover() -> None:
    block = only(
        """
        <section class="cover">
          <h1>موضع جمهوری اسلامی ایران</h1>
          <p class="subtitle">پیمان جهانی دیجیتال</p>
          <dl><dt>مصوبه</dt><dd>جلسه ۱۱۰</dd><dt>ویرایش</dt><dd>۲</dd></dl>
          <p class="marking">محرمانه</p>
          <p class="notice">یادداشت یک</p>
          <p class="notice">یادداشت دو</p>
        </section>
        """
    )
    assert block == Cover(
        title="موضع جمهوری اسلامی ایران",
        subtitle="پیمان جهانی دیجیتال",
        facts=(("مصوبه", "جلسه ۱۱۰"), ("ویرایش", "۲")),
        marking="محرمانه",
        notices=("یادداشت یک", "یادداشت دو"),
    )


def test_empty_list_and_table_are_left_out() -> None:
    assert parse_subset("<ul>\n</ul><table><tbody></tbody></table><p>x</p>") == (paragraph("x"),)


# --- whitespace ---------------------------------------------------------------------------------


def test_whitespace_collapses_across_tags_and_trims_block_edges() -> None:
    block = only("<p>\n   a \t\n b  <b> c </b>  d <br>  e \r\n</p>")
    assert block == Paragraph((Run("a b "), Run("c ", bold=True), Run("d"), LineBreak(), Run("e")))


def test_zwnj_and_no_break_space_are_not_whitespace() -> None:
    text = f"می{ZWNJ}شود {ZWNJ} x\u00a0y"
    assert only(f"<p> {text} </p>") == paragraph(text)
    assert only("<p>می&zwnj;شود&nbsp;</p>") == paragraph(f"می{ZWNJ}شود\u00a0")


def test_entities_are_decoded() -> None:
    assert only("<p>&lt;b&gt; &amp; &#x6F0; &quot;</p>") == paragraph('<b> & ۰ "')


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "message"),
    [
        ("<p>a <span>b</span></p>", "<span> is not part of the template subset"),
        ("<h5>x</h5>", "<h5> is not part of the template subset"),
        ("<div>x</div>", 'only as <div class="page-break">'),
        ("<p><ul><li>x</li></ul></p>", None),  # the HTML parser closes <p> first: allowed
        ("<p>a<p>b</p></p>", None),
        ("<ul><p>x</p></ul>", "<p> is not allowed inside <ul>"),
        ("<table><tr><td><ul><li>x</li></ul></td></tr></table>", "<ul> is not allowed inside <td>"),
        ("<table><tfoot></tfoot></table>", "<tfoot> is not part of the template subset"),
        ("<p style='color:red'>x</p>", 'does not take the attribute "style"'),
        ("<p class='left'>x</p>", "alignment is logical"),
        ("<p class='note meta'>x</p>", "two role classes"),
        ("<h2 class='center'>x</h2>", 'only the class "no-toc"'),
        ("<td class='note'>x</td>", "<td> is not allowed inside <body>"),
        ("loose text", "text directly inside <body>"),
        ("<p>a</p> tail", "text directly inside <body>"),
        ("<b>x</b>", "<b> is not allowed inside <body>"),
        ("<nav class='toc'>x</nav>", "must be empty"),
        ("<nav class='toc' data-depth='9'></nav>", "from 1 to 4"),
        ("<section class='cover'><p class='subtitle'>x</p></section>", "needs a title"),
        ("<section class='cover'><h1>t</h1><p>x</p></section>", "takes one class of"),
        ("<section class='cover'><h1>t <b>x</b></h1></section>", "plain text only"),
        ("<section class='cover'><h1>t</h1><dl><dt>a</dt></dl></section>", "no <dd>"),
        ("<table><tr><td colspan='0'>x</td></tr></table>", 'colspan="0"'),
        ("<table data-widths='1,x'><tr><td>a</td><td>b</td></tr></table>", "positive numbers"),
        ("<table data-widths='1,2,3'><tr><td>a</td><td>b</td></tr></table>", "3 widths for 2"),
        ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "fills 1 columns"),
        ("<table><tr><td rowspan='3'>a</td></tr><tr></tr></table>", "past the table's last row"),
        ("<table><tr><td>a</td></tr><thead><tr><td>h</td></tr></thead></table>", "<thead> must"),
        ("<p>a\x0bb</p>", "U+000B"),
        ("<title>x</title>", "<title> is not part of the template subset"),
    ],
)
def test_outside_the_subset_is_an_error(markup: str, message: str | None) -> None:
    if message is None:
        parse_subset(markup)
        return
    with pytest.raises(TemplateSubsetError, match=re.escape(message)):
        parse_subset(markup)


def test_unknown_tag_names_the_template_line(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "doc.html.j2").write_text(
        textwrap.dedent(
            """\
            <h1>عنوان</h1>
            {% for item in items %}
            <p>{{ item }} <span class="x">!</span></p>
            {% endfor %}
            """
        ),
        encoding="utf-8",
    )
    env = make_environment(folder)
    markup = render_markup(env, "doc.html.j2", {"items": ["a", "b"]})
    with pytest.raises(TemplateSubsetError) as caught:
        parse_subset(markup, "templates/doc.html.j2")
    error = caught.value
    assert (error.template, error.line) == ("templates/doc.html.j2", 3)
    assert "<span>" in error.message
    assert str(error.to_diagnostic()).startswith("templates/doc.html.j2:3: error: <span>")


def test_unmarked_markup_reports_the_rendered_line() -> None:
    with pytest.raises(TemplateSubsetError) as caught:
        parse_subset("<p>a</p>\n\n<blink>b</blink>", "gdcpos/x.html.j2")
    assert caught.value.template == "gdcpos/x.html.j2"
    assert "line 3 of the rendered output" in caught.value.message


def test_source_marks_never_reach_the_model() -> None:
    env = make_environment(None)
    markup = env.from_string('<p class="note">a</p>\n<h2 data-number="۱">b</h2>').render()
    assert "data-gdcpos-at" in markup
    assert parse_subset(markup) == (
        Paragraph(plain("a"), role="note"),
        Heading(2, plain("b"), number="۱"),
    )
