"""Rendering a template into a Document; agency text never changes a document's structure."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdcpos.document.model import (
    Align,
    Cell,
    Cover,
    Document,
    DocumentInfo,
    Heading,
    ListBlock,
    PageBreak,
    Paragraph,
    Run,
    Table,
    TableOfContents,
)
from gdcpos.templating import TemplateEnvironment, make_environment, render_document

INFO = DocumentInfo(
    title="موضع ایران", created=dt.datetime(2023, 4, 4, 12, 0), marking="داخلی", subject="GDC"
)

DOCUMENT = """\
<p>{{ text }}</p>
<h2 data-number="{{ text }}">x</h2>
<table><tr><td>{{ text }}</td></tr></table>
<ul><li>{{ text }}</li></ul>
<section class="cover"><h1>{{ text }}</h1></section>
"""

HOSTILE = [
    "{{ 7*7 }}",
    "{% raw %}x{% endraw %}",
    "{# comment #}",
    "<b>x</b>",
    "</p><h1>عنوان تزریقی</h1><p>",
    "<script>alert(1)</script>",
    "a & b &amp; &lt; &#x41;",
    "| ستون | ستون |\n|---|---|",
    "**پررنگ** و _کج_",
    "<!-- comment -->",
    '" onclick="x',
    "<![CDATA[x]]>",
    'data-gdcpos-at="x:1"',
    '<nav class="toc"/>',
]

# Characters XML 1.0 forbids never reach rendering: loading rejects them (gdcpos.persian).
_FORBIDDEN = "".join(chr(code) for code in (*range(0x09), 0x0B, *range(0x0E, 0x20)))
_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(exclude_categories=("Cs",), exclude_characters=_FORBIDDEN + "\ufffe\uffff"),
        st.sampled_from(list("سلام‌یك{}%#<>&|*\"' \n\t\r\x0c\u200c\u00a0")),
    )
)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> TemplateEnvironment:
    folder: Path = tmp_path_factory.mktemp("ws") / "templates"
    folder.mkdir()
    (folder / "doc.html.j2").write_text(DOCUMENT, encoding="utf-8")
    return make_environment(folder)


def collapsed(text: str) -> str:
    return re.sub(r"[ \t\n\r\f]+", " ", text).strip(" ")


def run_text(inlines: tuple[object, ...]) -> str:
    assert all(
        isinstance(inline, Run) and not inline.bold and not inline.italic for inline in inlines
    )
    return "".join(inline.text for inline in inlines if isinstance(inline, Run))


def check_literal(document: Document, text: str) -> None:
    expected = collapsed(text)
    paragraph, heading, table, bullets, cover = document.blocks
    assert isinstance(paragraph, Paragraph)
    assert run_text(paragraph.inlines) == expected
    assert isinstance(heading, Heading)
    assert heading.number == expected
    assert isinstance(table, Table)
    (cell,) = table.rows[0].cells
    assert (
        cell == Cell((Paragraph((Run(expected),), Align.START),)) if expected else cell == Cell(())
    )
    assert isinstance(bullets, ListBlock)
    assert run_text(bullets.items[0].inlines) == expected
    assert isinstance(cover, Cover)
    assert cover.title == expected


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_comes_out_literally(env: TemplateEnvironment, text: str) -> None:
    document = render_document(env, "doc.html.j2", {"text": text}, INFO)
    check_literal(document, text)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT)
def test_any_text_comes_out_as_written_whitespace_collapsed(
    env: TemplateEnvironment, text: str
) -> None:
    document = render_document(env, "doc.html.j2", {"text": text}, INFO)
    check_literal(document, text)


def test_zwnj_survives_rendering(env: TemplateEnvironment) -> None:
    text = "می\u200cشود\u200c و نیم\u200cفاصله"
    document = render_document(env, "doc.html.j2", {"text": text}, INFO)
    check_literal(document, text)


def test_document_carries_info_and_templates_see_it(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "doc.html.j2").write_text(
        "<p>{{ info.title }} / {{ info.marking }}</p>", encoding="utf-8"
    )
    document = render_document(make_environment(folder), "doc.html.j2", {}, INFO)
    assert document.info is INFO
    assert document.blocks == (Paragraph((Run("موضع ایران / داخلی"),)),)


def test_packaged_base_renders_cover_toc_and_body(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "framework.html.j2").write_text(
        """\
{% extends "gdcpos/base.html.j2" %}
{% import "gdcpos/_macros.html.j2" as m %}
{% block cover_facts %}{{ m.facts([("مصوبه", 110 | fa_digits)]) }}{% endblock %}
{% block body %}
{{ m.heading(1, "اصول", number=1 | fa_digits) }}
{{ m.prose(text) }}
{{ m.table(["عنوان", "مسئول"], rows, widths=[3, 1], caption="جدول") }}
{% endblock %}
""",
        encoding="utf-8",
    )
    document = render_document(
        make_environment(folder),
        "framework.html.j2",
        {"text": "بند {{ یک }}", "rows": [["<i>x</i>", "mfa"]]},
        INFO,
    )
    cover, cover_break, toc, toc_break, heading, paragraph, table = document.blocks
    assert cover == Cover(
        title="موضع ایران", subtitle="GDC", facts=(("مصوبه", "۱۱۰"),), marking="داخلی"
    )
    assert (cover_break, toc, toc_break) == (PageBreak(), TableOfContents(), PageBreak())
    assert heading == Heading(1, (Run("اصول"),), number="۱")
    assert paragraph == Paragraph((Run("بند {{ یک }}"),))
    assert isinstance(table, Table)
    assert table.header_rows == 1
    assert table.widths == (3.0, 1.0)
    assert table.rows[1].cells[0].blocks == (Paragraph((Run("<i>x</i>"),), Align.START),)
