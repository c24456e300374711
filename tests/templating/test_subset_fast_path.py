"""The fast path of parse_subset (top-level blocks read without the HTML parser) gives exactly
what reading the parsed tree gives: the same blocks, or the same error at the same line."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdcpos.document.model import Block, Heading, Paragraph, Run
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
