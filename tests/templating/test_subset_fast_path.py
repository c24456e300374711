"""The fast path of parse_subset (top-level blocks read without the HTML parser) gives exactly
what reading the parsed tree gives: the same blocks, or the same error at the same line."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdcpos.document.model import Block, DocumentInfo, Heading, Paragraph, Run
from gdcpos.templating import TemplateSubsetError, make_environment, parse_subset, subset

ORIGIN = "gdcpos/test.html.j2"
MARK = ' data-gdcpos-at="gdcpos/test.html.j2:7"'

Reader = Callable[[str, str], tuple[Block, ...]]


def outcome(read: Reader, markup: str) -> object:
    try:
        return read(markup, ORIGIN)
    except TemplateSubsetError as error:
        return (type(error), error.message, error.template, error.line)


def assert_same_as_general_path(markup: str) -> None:
    assert outcome(parse_subset, markup) == outcome(subset._read_general, markup)


def read_fast(markup: str) -> bool:
    return subset._read_with_fast_path(markup, ORIGIN) is not None


# A template shaped like the packaged documents; the environment adds the source marks.
TEMPLATE = """\
<section class="cover">
  <h1>{{ title }}</h1>
  <p class="subtitle">{{ title }}</p>
  <dl><dt>a</dt><dd>b</dd></dl>
  <p class="notice">{{ title }}</p>
</section>
<div class="page-break"></div>
<nav class="toc"></nav>
<div class="page-break"></div>
<h1>مقدمه</h1>
<p>{{ text }}</p>
{% for n in range(3) %}
<h1 data-number="{{ n }}">{{ title }}</h1>
<p class="note">{{ text }}</p>
<h2 data-number="{{ n }}-۱">{{ title }}</h2>
<p class="item-title"><strong>{{ n }}. {{ title }}</strong></p>
<p>{{ text }}</p>
<p>{{ text }}<br>{{ text }}</p>
<p class="meta end">{{ text }}</p>
<ul><li>{{ text }}</li><li><p>{{ text }}</p><p class="note">{{ text }}</p></li></ul>
<table><tr><td>{{ text }}</td><td class="center"><p>{{ text }}</p></td></tr></table>
<p>{{ text }} &zwnj; &nbsp;</p>
<h3 class="no-toc">{{ title }}</h3>
<h4>{{ title }}</h4>
{% endfor %}
"""

TEXTS = [
    "متن ساده",
    "R&D <b>x</b> \"quoted\" 'single' &amp; &nbsp;",
    "  spaces\n\tand\r\nbreaks\x0c ",
    "نیم\u200cفاصله\u00a0و\u202bجهت",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_rendered_document(text: str) -> None:
    markup = make_environment(None).from_string(TEMPLATE).render(title=text, text=text)
    assert read_fast(markup)
    assert_same_as_general_path(markup)


@pytest.mark.parametrize(
    "markup",
    [
        "<p>متن</p>",
        "<p></p><p> </p><h2></h2><p><strong></strong></p>",
        '<p class="meta">a</p>\n\n\t<p class="end meta">b</p>\r\n<h3 data-number=" ۱  ۲ ">c</h3>',
        "<p>R&amp;D &lt;b&gt; &#34;q&#39; &amp;nbsp;</p>",
        f"<p{MARK}><strong{MARK}>bold</strong></p><h4{MARK} data-number=''>h</h4>",
        '<div class="page-break"/><p>after a self-closed page break</p>',
        '<nav class="toc"/>\n<h1>after a self-closed table of contents</h1>',
        "<ul><li>a</li></ul><p>after a list</p><table><tr><td>c</td></tr></table><p>x</p>",
        "</ul></table></section><p>unmatched end tags are ignored</p>",
        '<p data-gdcpos-at="&lt;a&amp;b&gt;\n:1">any source mark</p>',
    ],
)
def test_read_fast(markup: str) -> None:
    assert read_fast(markup)
    assert_same_as_general_path(markup)


@pytest.mark.parametrize(
    "markup",
    [
        # A placeholder would not be a child of <body>: the general path reads it all.
        "<p>open <b>bold\n<p>x</p>",
        "<p>a\n<p>b</p>",  # the parser would close the open <p> for <p>, not for a placeholder
        "<!-- <p>x</p> -->",
        "<textarea><p>x</p></textarea>",
        "<h2>open\n<p>x</p>",
        # Blocks inside lists, tables and the cover are no candidates at all.
        "<ul><li><p>a</p><p>b</p></li></ul>",
        "<UL><LI><p>a</p></LI></UL>",
        '<section class="cover"><h1>t</h1><p class="notice">n</p></section>',
        # Markup that could write a placeholder itself.
        "<GDCPOS-PREREAD-31415926535></GDCPOS-PREREAD-31415926535><p>x</p>",
        "<p>-31415926535</p>",
        # Nothing simple to read.
        "<p>a<br>b</p><p>&nbsp;</p><p>a\rb</p><p>a\x0cb</p><P>upper</P><p >x</p>",
    ],
)
def test_left_to_the_general_path(markup: str) -> None:
    assert not read_fast(markup)
    assert_same_as_general_path(markup)


@pytest.mark.parametrize(
    "markup",
    [
        "<p>a</p>\n<p>b</p>\n<blink>c</blink>",
        "<p>a</p>\n<p>b</p>\n\n<p class='left'>c</p>",
        "<p>a</p>\n<p class='left'>b</p>\n<p>c</p>",
        "<p>a</p>\n<p class='note meta'>b</p>",
        "<p>a</p>\nstray text\n<p>b</p>",
        "<h2 class='center'>a</h2>\n<p>b</p>",
        "<p>a</p><gdcpos-preread-31415926535></gdcpos-preread-31415926535>",
        "<p>a</p><td>x</td><p>b</p>",
        f"<p{MARK}>a</p>\n<p{MARK} style='x'>b</p>",
        "<ul><li>x<p>a</p></li><li><p>b</p><blink>c</blink></li></ul>",
    ],
)
def test_errors_are_the_general_paths(markup: str) -> None:
    with pytest.raises(TemplateSubsetError):
        parse_subset(markup, ORIGIN)
    assert_same_as_general_path(markup)


def _legal(code: int) -> bool:
    return not subset._XML_ILLEGAL.match(chr(code))


def test_text_is_what_the_parser_makes_of_it() -> None:
    """Every kind of character the fast path reads as text: C0 and C1 controls, bidi marks, ZWNJ,
    no-break and other spaces, noncharacters, private use, astral characters."""
    codes = [*range(0x3000), *range(0x3000, 0x110000, 89), *range(0xFDD0, 0xFDF0), 0xFFFD]
    text = "".join(chr(code) for code in codes if _legal(code) and chr(code) not in "<&\r\f")
    chunks = [text[start : start + 40] for start in range(0, len(text), 40)]
    numbers = [re.sub(r'["&<>\t\n\r\f]', "", chunk) for chunk in chunks]
    markup = "\n".join(
        f'<p class="meta">{chunk}</p><p><strong>{chunk}</strong></p>'
        f'<h2 data-number="{number}">{chunk}</h2>'
        for chunk, number in zip(chunks, numbers, strict=True)
    )
    blocks = parse_subset(markup)
    assert read_fast(markup)
    assert len(blocks) == 3 * len(chunks)
    assert blocks == subset._read_general(markup, ORIGIN)


@pytest.mark.parametrize("illegal", ["\x00", "\x0b", "\x1f", "\ud800", "\ufffe"])
@pytest.mark.parametrize(
    ("markup", "line"),
    [
        ("<p>a</p>\n<p>b{}</p>\n<p>c</p>", 2),
        ('<p>a</p>\n<h2 data-number="1{}">h</h2>', 2),
        ('<p>a</p>\n<p data-gdcpos-at="t{}:1" class="meta">b</p>', 2),
        ("<p>a</p>\n\n<p><strong>b{}</strong></p>", 3),
        ("<p>a</p>\n<ul><li>{}</li></ul>\n<p>c</p>", 2),
        ("<p>a</p>{}\n<p>b</p>", 1),
        # Only the first is named, whether the parser or the fast path would have read it.
        ("<p>a</p>\n<p>b{}</p>\n<ul><li>\x01</li></ul>\n<p>\x02</p>", 2),
    ],
)
def test_characters_xml_forbids_are_refused_where_they_first_are(
    illegal: str, markup: str, line: int
) -> None:
    markup = markup.format(illegal)
    message = f"U+{ord(illegal):04X}, a character a document cannot hold (line {line} "
    with pytest.raises(TemplateSubsetError, match=re.escape(message)):
        parse_subset(markup, ORIGIN)
    assert_same_as_general_path(markup)
    # Without them the markup is read on the fast path: the test is of that path.
    assert read_fast(re.sub("[\x00-\x02\x0b\x1f\ud800\ufffe]", "", markup))


def test_entities_are_decoded_once() -> None:
    (block,) = parse_subset("<p>&amp;lt; &amp;#34; &lt;&gt;&#34;&#39;&amp;</p>")
    assert block == Paragraph((Run("&lt; &#34; <>\"'&"),))
    (heading,) = parse_subset('<h1 data-number="۱-۲">a &amp; b</h1>')
    assert heading == Heading(1, (Run("a & b"),), number="۱-۲")


# --- any mixture of simple blocks and other markup ----------------------------------------------

_TEXT = st.one_of(
    st.text(alphabet=st.sampled_from(list("ab سلام\u200c\u00a0 \t\n\r\x0c\"'>;#&<")), max_size=8),
    st.sampled_from(["R&amp;D", "&lt;b&gt;", "&#34;x&#39;", "&amp;nbsp;", "&nbsp;", "&zwnj;"]),
)
_CLASSES = st.sampled_from(
    [
        *[
            "",
            ' class="meta"',
            ' class="item-title"',
            ' class="end meta"',
            ' class=""',
            ' class=" "',
        ],
        *[' class="left"', ' class="note meta"', ' class="Meta"', ' class="x_y"', " class='note'"],
    ]
)
_MARK = st.sampled_from(["", MARK, ' data-gdcpos-at="&lt;template&gt;:1"', ' data-gdcpos-at="<>"'])


@st.composite
def _simple_block(draw: st.DrawFn) -> str:
    """Markup the fast path might read (or, with a bad class or text, must not)."""
    mark, text = draw(_MARK), draw(_TEXT)
    shape = draw(st.sampled_from(["p", "strong", "heading"]))
    if shape == "heading":
        level = draw(st.integers(1, 4))
        number = draw(st.sampled_from(["", ' data-number="۱-۲"', ' data-number=" 1  2"']))
        return f"<h{level}{mark}{number}>{text}</h{level}>"
    classes = draw(_CLASSES)
    if shape == "strong":
        return f"<p{mark}{classes}><strong{draw(_MARK)}>{text}</strong></p>"
    return f"<p{mark}{classes}>{text}</p>"


_OTHER_MARKUP = st.sampled_from(
    [
        *["\n", " ", "\t", "\r\n", "\x0c", "x", "\x0b"],
        *["<ul><li>a</li></ul>", "<ol>\n<li>a<ul><li>b</li></ul></li>\n</ol>"],
        *["<ul><li><p>a</p>", "</li></ul>", "<ul>", "</ul>", "<li>", "</li>", "<UL>", "</UL>"],
        *["<table><tr><td>a</td></tr></table>", "<table><tr><td>", "</td></tr></table>"],
        '<section class="cover"><h1>t</h1><dl><dt>a</dt><dd>b</dd></dl>',
        *["</section>", '<p class="notice">n</p>', "<section>", "<TABLE>", "</TABLE>"],
        *['<div class="page-break"/>', '<hr class="page-break">', '<nav class="toc"/>'],
        *["<p>a<br>b</p>", "<p><em>e</em> <b>f</b></p>", "<h2 class='no-toc'>h</h2>"],
        *["<p>", "</p>", "<h2>", "</h2>", "<b>", "</b>", "<strong>", "<P>", "<p", ">"],
        *["<!--", "-->", "<textarea>", "</textarea>", "<script>", "</script>", "<title>"],
        *["<p title='", "'>", "<foo>", "</foo>", "<html>", "<body>", "</body>", "<head>"],
        *["<![CDATA[", "]]>", "<plaintext>", "<xmp>", "</xmp>", "<select><option>", "&"],
        "<gdcpos-preread-31415926535></gdcpos-preread-31415926535>",
    ]
)
_MARKUP = st.lists(
    st.one_of(_simple_block(), _simple_block(), _OTHER_MARKUP), min_size=1, max_size=12
).map("".join)


@settings(max_examples=500, deadline=None)
@given(markup=_MARKUP)
def test_any_markup_reads_as_on_the_general_path(markup: str) -> None:
    assert_same_as_general_path(markup)


# --- tables -------------------------------------------------------------------------------------


def preread_tables(markup: str) -> int:
    """How many tables (empty ones too) the fast path read itself, before the parser decides
    whether its reading stands."""
    return sum(markup.count("<table", run.start, run.end) for run in subset._preread_runs(markup))


def assert_tables_read_fast(markup: str, tables: int) -> None:
    assert preread_tables(markup) == tables
    assert read_fast(markup)
    assert_same_as_general_path(markup)


# The tables the packaged templates write (annexes, division-of-labour, decision-2, the macro).
TABLES_TEMPLATE = """\
{% import "gdcpos/_macros.html.j2" as m %}
<h1 data-number="۱">{{ title }}</h1>
<table data-widths="1,3">
<tbody>
<tr><td>شناسه</td><td>{{ text }}</td></tr>
<tr><td>محور</td><td>{{ text }}</td></tr>
{% if text %}<tr><td>ابعاد</td><td>{{ text }} ({{ title }})</td></tr>{% endif %}
</tbody>
</table>
<p>{{ text }}</p>
<table data-widths="{{ ([3] + [1] * 3 + [1.4]) | join(',') }}">
<caption>{{ title }}</caption>
<thead><tr><th>دستگاه</th>{% for n in range(3) %}<th class="center">{{ n }}</th>{% endfor %}\
<th class="center">جمع</th></tr></thead>
<tbody>
{% for row in range(3) %}
<tr><td>{{ text }}</td>{% for n in range(3) %}<td class="center">{{ n }}</td>{% endfor %}\
<td class="center">{{ row }}</td></tr>
{% endfor %}
</tbody>
</table>
<h2 data-number="۱-۱">{{ title }}</h2>
<table data-widths="2.5,3,7">
<thead><tr><th>کشور/بلوک</th><th>عنوان</th><th>موضع</th></tr></thead>
<tbody>
{% for item in range(2) %}
<tr><td>{{ title }}</td><td>{{ text }}</td><td>{{ text }}</td></tr>
{% endfor %}
</tbody>
</table>
{{ m.table(["الف", "ب"], [[text, title], ["۱", "2"]], widths=[3, 1], caption=title) }}
{{ m.table(["الف"], []) }}
<table><thead><tr><th>header only</th></tr></thead><tbody>
</tbody></table>
<p class="note">{{ text }}</p>
"""


@pytest.mark.parametrize("text", TEXTS)
def test_rendered_tables(text: str) -> None:
    markup = make_environment(None).from_string(TABLES_TEMPLATE).render(title=text, text=text)
    # Text with \r or \f is left to the parser, as in paragraphs; so are the tables holding it.
    assert_tables_read_fast(markup, 2 if "\r" in text or "\x0c" in text else 6)


INFO = DocumentInfo(title="عنوان", created=dt.datetime(2023, 4, 4, 12, 0), marking="داخلی")


@pytest.fixture(scope="module")
def packaged_markup() -> dict[str, str]:
    """The markup each packaged document writes for the repository's workspace."""
    from tests.conftest import REPO

    from gdcpos.assemble.audience import view_for
    from gdcpos.assemble.documents import DOCUMENTS
    from gdcpos.check.status import decision_statuses
    from gdcpos.models import Audience
    from gdcpos.persian import JalaliDate
    from gdcpos.templating import render_markup
    from gdcpos.validate import validate_workspace

    workspace = validate_workspace(REPO).workspace
    assert workspace is not None
    env = make_environment(None)
    markup = {}
    for name, spec in DOCUMENTS.items():
        view = view_for(workspace, Audience.COMMISSION, include_secret=True)
        context, _ = spec.build_context(view, decision_statuses(workspace, JalaliDate(1403, 1, 1)))
        context = {**context, "facts": [("a", "b")], "notices": ["n"], "info": INFO}
        markup[name.value] = render_markup(env, f"{name.value}.html.j2", context)
    return markup


def test_packaged_documents_tables_are_read_fast(packaged_markup: dict[str, str]) -> None:
    assert {name for name, markup in packaged_markup.items() if "<table" in markup} == {
        "annexes",
        "decision-2",
        "division-of-labour",
    }
    for markup in packaged_markup.values():
        assert_tables_read_fast(markup, markup.count("<table"))


@pytest.mark.parametrize(
    ("markup", "tables"),
    [
        ("<table><tr><td>a</td></tr></table>", 1),
        ("<table>\n<tbody>\n\t<tr> <td> a </td>\n</tr>\n</tbody>\n</table>", 1),
        ('<table data-widths="2،1"><tr><td>a</td><td>b</td></tr></table>', 1),
        ('<table data-widths=" 1.5 ,2e0"><tr><td>a</td><td>b</td></tr></table>', 1),
        ("<table><caption> c  d </caption><tr><th>h</th></tr></table>", 1),
        ("<table><thead></thead><tbody></tbody><tr><td></td></tr><tbody></tbody></table>", 1),
        ("<table><thead><tr><td>h</td></tr><tr><th>h2</th></tr></thead></table>", 1),
        ("<table></table><table><tbody></tbody></table><p>tables without rows</p>", 2),
        ("<table><tr></tr><tr></tr></table>", 1),
        ('<table><tr><td data-gdcpos-at="&lt;t&gt;:1">any source mark</td></tr></table>', 1),
        (
            '<table><tr><td colspan="2" class="end">a</td></tr>'
            '<tr><td rowspan="2">b</td><td class=" center ">c</td></tr>'
            '<tr><td rowspan="1" colspan="1">d</td></tr></table>',
            1,
        ),
        (
            '<table><tr><td colspan=" 2">a</td><td rowspan="02">b</td></tr><tr><td>c</td>'
            "<td>d</td><td>e</td></tr></table>",
            0,
        ),  # a row too wide: left to the parser
        (f"<table{MARK}><tbody{MARK}><tr{MARK}><td{MARK} class='x'>a</td></tr></tbody></table>", 0),
        (
            f'<table{MARK} data-widths="1"><caption{MARK}>c</caption><thead{MARK}><tr{MARK}>'
            f'<th{MARK} class="center">R&amp;D &lt;b&gt; &#34;q&#39;</th></tr></thead>'
            f"<tbody{MARK}><tr{MARK}><td{MARK}>نیم\u200cفاصله\u00a0۱۲ 34</td></tr></tbody></table>",
            1,
        ),
        ("<p>a</p>\n<table><tr><td>b</td></tr></table>\n<h2>c</h2>\n<table></table>", 2),
        ("<ul><li>x</li></ul><table><tr><td>a</td></tr></table></ul></table><p>y</p>", 1),
    ],
)
def test_tables_read_fast(markup: str, tables: int) -> None:
    assert preread_tables(markup) == tables
    assert_same_as_general_path(markup)


@pytest.mark.parametrize(
    "markup",
    [
        # Shapes the fast path leaves to the parser, which reads them (or refuses them).
        "<TABLE><tr><td>a</td></tr></TABLE>",
        "<table><TR><td>a</td></tr></table>",
        "<table><tr><td>a</th></tr></table>",
        "<table><tr><td>a</tr></table>",
        "<table><tr><td>a</td></table>",
        "<table><tr><td>a<br>b</td><td><p>c</p></td><td><b>d</b></td></tr></table>",
        "<table><tr><td>&nbsp;</td></tr></table>",
        "<table><tr><td>a\rb</td></tr></table>",
        "<table><tr>\x0c<td>a</td></tr></table>",
        "<table>\r\n<tr><td>a</td></tr></table>",
        "<table><tr><td class='center'>a</td></tr></table>",
        '<table><tr><td class="center" class="end">a</td></tr></table>',
        '<table><tr><td class="center" >a</td></tr></table>',
        '<table><tr><td data-gdcpos-at="<t>:1">a</td></tr></table>',
        '<table><tr><td class="center" data-gdcpos-at="t:1">a</td></tr></table>',
        '<table data-widths="1" data-gdcpos-at="t:1"><tr><td>a</td></tr></table>',
        '<table data-widths="1&#44;2"><tr><td>a</td><td>b</td></tr></table>',
        "<ul><li><table><tr><td>a</td></tr></table></li></ul>",
        '<section class="cover"><h1>t</h1><table><tr><td>a</td></tr></table></section>',
        "<table><tr><td>a</td></tr><table><tr><td>b</td></tr></table></table>",
        # Placeholders that would not be children of <body>.
        "<p>open <table><tr><td>a</td></tr></table>",
        "<b><table><tr><td>a</td></tr></table></b>",
        "<!-- <table><tr><td>a</td></tr></table> -->",
        "<p title='<table><tr><td>a</td></tr></table>'>x</p>",
        "<table><tr><td><table><tr><td>a</td></tr></table></td></tr></table>",
    ],
)
def test_tables_left_to_the_general_path(markup: str) -> None:
    assert not read_fast(markup)
    assert_same_as_general_path(markup)


@pytest.mark.parametrize(
    "markup",
    [
        "<table><tr><td>a</td></tr>\n<tr><td>b</td><td>c</td></tr></table>",
        "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>",
        '<table><tr><td rowspan="2">a</td></tr></table>',
        '<table><tr><td rowspan="2">a</td><td>b</td></tr><tr><td colspan="2">c</td></tr></table>',
        '<table><tr><td colspan="0">a</td></tr></table>',
        '<table><tr><td colspan="1001">a</td></tr></table>',
        '<table><tr><td rowspan="x">a</td></tr></table>',
        '<table><tr><td class="left">a</td></tr></table>',
        '<table><tr><td class="center end">a</td></tr></table>',
        '<table><tr><td class="note">a</td></tr></table>',
        '<table data-widths="1,2"><tr><td>a</td></tr></table>',
        '<table data-widths="1,-2"><tr><td>a</td><td>b</td></tr></table>',
        '<table data-widths=""><tr><td>a</td></tr></table>',
        "<table><thead><tr><td>a</td></tr></thead><thead></thead></table>",
        "<table><tr><td>a</td></tr><thead><tr><td>h</td></tr></thead></table>",
        "<table><tbody></tbody><caption>c</caption></table>",
        "<table><caption>c</caption><caption>d</caption></table>",
        "<table><caption>c<b>d</b></caption></table>",
        "<table>text<tr><td>a</td></tr></table>",
        "<table><tr>text<td>a</td></tr></table>",
        "<table><tbody>text</tbody></table>",
        "<table><tr><td>a</td></tr>text</table>",
        "<table><tfoot><tr><td>a</td></tr></tfoot></table>",
        '<table class="x"><tr><td>a</td></tr></table>',
        '<table><tr><td style="x">a</td></tr></table>',
        '<table><tr class="x"><td>a</td></tr></table>',
        f"<p>a</p>\n<table><tr><td>a</td></tr></table>\n<table{MARK}><tr><td>a</td><td>b</td>"
        "</tr><tr><td>c</td></tr></table>\n<p>b</p>",
        "<table><tr><td>a</td></tr></table>\nstray text\n<p>b</p>",
        "<table><tr><td>a</td></tr></table><li>x</li>",
    ],
)
def test_table_errors_are_the_general_paths(markup: str) -> None:
    with pytest.raises(TemplateSubsetError):
        parse_subset(markup, ORIGIN)
    assert_same_as_general_path(markup)


def test_a_bad_table_among_good_ones_is_named_at_its_line() -> None:
    good = "<table><tr><td>a</td></tr></table>\n<p>b</p>\n"
    bad = '<table>\n<tr><td colspan="0">a</td></tr></table>'
    message = r'colspan="0" must be a whole number from 1 to 1000 \(line 6 of the rendered output\)'
    with pytest.raises(TemplateSubsetError, match=message):
        parse_subset(good * 2 + bad + "\n" + good, ORIGIN)
    with pytest.raises(TemplateSubsetError, match=r"^gdcpos/test.html.j2:7: colspan=\"0\""):
        parse_subset(good * 2 + bad.replace("<td", f"<td{MARK}"), ORIGIN)


def test_table_text_is_what_the_parser_makes_of_it() -> None:
    """Every kind of character the fast path reads as text, in cells and captions."""
    codes = [*range(0x3000), *range(0x3000, 0x110000, 89), *range(0xFDD0, 0xFDF0), 0xFFFD]
    text = "".join(chr(code) for code in codes if _legal(code) and chr(code) not in "<&\r\f")
    chunks = [text[start : start + 40] for start in range(0, len(text), 40)]
    markup = "\n".join(
        f"<table><caption>{chunk}</caption><tr><th>{chunk}</th>"
        f'<td class="center">{chunk}</td></tr></table>'
        for chunk in chunks
    )
    assert_tables_read_fast(markup, len(chunks))


@pytest.mark.parametrize("illegal", ["\x00", "\x0b", "\x1f", "\ud800", "\ufffe"])
@pytest.mark.parametrize(
    ("markup", "line"),
    [
        ("<p>a</p>\n<table><tr>\n<td>b{}</td></tr></table>", 3),
        ("<table>\n<caption>{}</caption><tr><td>b</td></tr></table>", 2),
        ('<table data-widths="1{}">\n<tr><td>b</td></tr></table>', 1),
        ('<table><tr><td class="center{}">b</td></tr></table>', 1),
        ('<table><tr><td data-gdcpos-at="t{}:1">b</td></tr></table>', 1),
        ("<table><tr><td>a</td></tr>\n{}</table>", 2),
        ("<table><tr><td>a</td></tr></table>\n<table><tr><td>a</td>\n</tr>{}</table>", 3),
        # Only the first is named, whether the parser or the fast path would have read it.
        ("<table><tr><td>a</td></tr></table>\n<p>{}</p>\n<table><tr><td>\x01</td></tr></table>", 2),
    ],
)
def test_characters_xml_forbids_are_refused_in_tables(illegal: str, markup: str, line: int) -> None:
    markup = markup.format(illegal)
    message = f"U+{ord(illegal):04X}, a character a document cannot hold (line {line} "
    with pytest.raises(TemplateSubsetError, match=re.escape(message)):
        parse_subset(markup, ORIGIN)
    assert_same_as_general_path(markup)
    # Without them the tables are read on the fast path: the test is of that path.
    clean = re.sub("[\x00-\x02\x0b\x1f\ud800\ufffe]", "", markup)
    assert_tables_read_fast(clean, clean.count("<table"))


# --- any table ----------------------------------------------------------------------------------

# Latin, Persian, digits of both, entities the environment writes, whitespace it leaves alone.
_PLAIN_TEXT = st.one_of(
    st.text(alphabet=st.sampled_from(list("aZ سلام۱۲۳12 \u200c\u00a0\t\n\"'>;#-")), max_size=10),
    st.sampled_from(["R&amp;D", "&lt;b&gt;", "&#34;x&#39;", "&amp;nbsp;", "۱&amp;2", ""]),
)
# And now and then something the fast path leaves to the parser: another reference, \r, \f, an
# XML-illegal character, markup.
_CELL_TEXT = st.one_of(
    _PLAIN_TEXT,
    _PLAIN_TEXT,
    st.sampled_from(["&nbsp;", "&zwnj;", "a\rb", "a\x0cb", "a\x0bb", "\x00", "a<br>b", "<p>p</p>"]),
    st.sampled_from(["<b>b</b>", "&", "a < b", "<!-- c -->", "</td>", "<td>"]),
)
_GOOD_CLASS = st.sampled_from(["", "center", "start", "end", "justify", " end ", "center  "])
_BAD_CLASS = st.sampled_from(["left", "note", "center end", "Center", "x_y", "a=b", "center\x0b"])
_GOOD_SPAN = st.sampled_from(["{}", " {}", "{} ", "0{}", "+{}", "\u00a0{}"])
_BAD_SPAN = st.sampled_from(["0", "-1", "x", "1.5", "", "1001", "70000", "\x852", "٢", "1_0"])
_PLAIN_SPACE = st.sampled_from(["", "", " ", "\n", "\n  ", "\t"])
_SPACE = st.sampled_from(["", "", " ", "\n", "\t", "\r\n", "\x0c", "\x0b", "x", "&nbsp;"])
_PLAIN_MARK = st.sampled_from(["", MARK, ' data-gdcpos-at="&amp;>:1"'])
_TABLE_MARK = st.sampled_from(["", MARK, ' data-gdcpos-at="<>:1"', ' data-gdcpos-at="\x01"'])


@st.composite
def _grid(draw: st.DrawFn) -> list[list[tuple[int, int]]]:
    """Rows of cells as (colspan, rowspan) that fill every row of the same columns."""
    columns = draw(st.integers(0, 4))
    height = draw(st.integers(0, 5))
    covered: dict[int, int] = {}  # column -> rows still covered from above
    rows: list[list[tuple[int, int]]] = []
    for index in range(height):
        cells: list[tuple[int, int]] = []
        column = 0
        while column < columns:
            if column in covered:
                column += 1
                continue
            free = 1
            while column + free < columns and column + free not in covered:
                free += 1
            colspan = draw(st.integers(1, free))
            rowspan = draw(st.integers(1, height - index))
            cells.append((colspan, rowspan))
            if rowspan > 1:
                covered.update(dict.fromkeys(range(column, column + colspan), rowspan))
            column += colspan
        rows.append(cells)
        covered = {col: left - 1 for col, left in covered.items() if left > 1}
    return rows


@st.composite
def _cell(draw: st.DrawFn, colspan: int, rowspan: int, *, spoil: bool) -> str:
    attributes = []
    classes = draw(_BAD_CLASS if spoil and draw(st.booleans()) else _GOOD_CLASS)
    if classes or draw(st.booleans()):
        attributes.append(f'class="{classes}"')
    for name, span in (("colspan", colspan), ("rowspan", rowspan)):
        if spoil and draw(st.integers(0, 4)) == 4:
            attributes.append(f'{name}="{draw(_BAD_SPAN)}"')
        elif span > 1 or draw(st.integers(0, 3)) == 3:
            attributes.append(f'{name}="{draw(_GOOD_SPAN).format(span)}"')
    if spoil and draw(st.integers(0, 4)) == 4:
        attributes.append(draw(st.sampled_from(['class="end"', "class='end'", 'style="x"'])))
    written = "".join(f" {attribute}" for attribute in draw(st.permutations(attributes)))
    tag = draw(st.sampled_from(["td", "th"]))
    mark = draw(_TABLE_MARK if spoil else _PLAIN_MARK)
    return f"<{tag}{mark}{written}>{draw(_CELL_TEXT if spoil else _PLAIN_TEXT)}</{tag}>"


@st.composite
def _table(draw: st.DrawFn, *, plain: bool = False) -> str:
    """A table with header rows, row groups and bare rows, cells with classes and spans. Unless
    ``plain``, sometimes spoilt: a bad class, span or width, text or a cell too many, parts out
    of order, something the fast path leaves to the parser."""
    spoil = not plain and draw(st.integers(0, 2)) == 2
    grid = draw(_grid())
    space = _SPACE if spoil else _PLAIN_SPACE
    marks = _TABLE_MARK if spoil else _PLAIN_MARK
    rows = [
        f"<tr{draw(marks)}>"
        + "".join(draw(space) + draw(_cell(*spans, spoil=spoil)) for spans in cells)
        + f"{draw(space)}</tr>"
        for cells in grid
    ]
    if spoil and rows and draw(st.booleans()):
        index = draw(st.integers(0, len(rows) - 1))
        rows[index] = rows[index].replace("<tr>", draw(st.sampled_from(["<TR>", "<tr><td></td>"])))
    header = draw(st.integers(0, len(rows)))
    parts = []
    if draw(st.booleans()):
        parts.append(
            f"<caption{draw(marks)}>{draw(_CELL_TEXT if spoil else _PLAIN_TEXT)}</caption>"
        )
    if header or draw(st.booleans()):
        parts.append(f"<thead{draw(marks)}>{''.join(rows[:header])}</thead>")
    body = rows[header:]
    while body or draw(st.integers(0, 3)) == 3:
        take = draw(st.integers(min(1, len(body)), len(body)))
        if draw(st.booleans()):
            parts.append(f"<tbody{draw(marks)}>{''.join(body[:take])}</tbody>")
        else:
            parts.extend(body[:take])
        body = body[take:]
    if spoil and parts:
        parts = draw(st.permutations(parts))
    columns = sum(colspan for colspan, _ in grid[0]) if grid else 0
    widths = ""
    if columns and draw(st.booleans()):
        numbers = [draw(st.sampled_from(["1", "2.5", " 3", "1e1", "۱", "0.5 "])) for _ in grid[0]]
        numbers += ["1"] * (columns - len(numbers))
        if spoil:
            numbers = draw(st.lists(st.sampled_from(["1", "0", "-1", "x", "inf", ""]), max_size=4))
        widths = f' data-widths="{draw(st.sampled_from([",", "،"])).join(numbers)}"'
    inside = "".join(draw(space) + part for part in parts) + draw(space)
    return f"<table{draw(marks)}{widths}>{inside}</table>"


_TABLE_MARKUP = st.lists(
    st.one_of(_table(), _table(), _simple_block(), _OTHER_MARKUP), min_size=1, max_size=6
).map("\n".join)


@settings(max_examples=500, deadline=None)
@given(markup=_TABLE_MARKUP)
def test_any_tables_read_as_on_the_general_path(markup: str) -> None:
    assert_same_as_general_path(markup)


@settings(max_examples=300, deadline=None)
@given(tables=st.lists(_table(plain=True), min_size=1, max_size=4), space=_PLAIN_SPACE)
def test_tables_of_the_templates_shape_are_read_fast(tables: list[str], space: str) -> None:
    """The fast path leaves to the parser only what it must: tables of the shape the templates
    write are read without it, whatever their text, classes, spans and row groups."""
    markup = space.join(tables)
    assert_tables_read_fast(markup, len(tables))
