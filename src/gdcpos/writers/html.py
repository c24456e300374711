"""Write a document as one standalone HTML5 file: a right-to-left preview that prints on A4.

The file needs nothing beside it (the stylesheet is embedded), is the same bytes for the same
document, and is replaced atomically. Latin stretches (``A/RES/79/1``, ``ITU``) are wrapped in
``<bdi>`` so that the bidirectional algorithm keeps each one whole and in reading order inside
Persian sentences, e.g. two Latin items joined by "،" (see ``persian-docx.md``).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from gdcpos.document.model import (
    Align,
    Block,
    Cell,
    Cover,
    Document,
    DocumentInfo,
    Heading,
    Inline,
    LineBreak,
    ListBlock,
    PageBreak,
    Paragraph,
    Run,
    Table,
    TableOfContents,
)
from gdcpos.fsutil import atomic_write_text
from gdcpos.persian.text import LATIN_SCRIPT

__all__ = ["HtmlWriter"]

_FALLBACK_FONTS = ("B Nazanin", "Vazirmatn", "Noto Naskh Arabic")
_LATIN = LATIN_SCRIPT
# A Latin word, with what joins it to the next Latin word or number in one name:
# "A/RES/79/1", "ISO/IEC 27001:2013", "ITU, UNESCO", "https://un.org/x", "see § 12(2)".
# Persian script, "،" and " و " end it; a trailing "." belongs to the Persian sentence. Digits
# written against the word's first letter are part of it ("5G", "3GPP", a hash such as
# "9854da75"); a match starts only where a run of digits does, and never gives digits back, so a
# long run costs one pass.
_LATIN_STRETCH = re.compile(
    rf"(?<![0-9])[0-9]*+[{_LATIN}][{_LATIN}0-9]*"
    rf"(?:[ \u00a0./:\-_&+#'’,@%?=~()\[\]§]+[{_LATIN}0-9]+)*"
)
# What every Latin stretch holds; see _latin_stretches.
_LATIN_LETTER = re.compile(f"[{_LATIN}]")
_ALIGN_CLASSES = {Align.START: "start", Align.CENTER: "center", Align.END: "end"}


@dataclass(frozen=True)
class _TocEntry:
    level: int
    anchor: str
    number: str
    inlines: tuple[Inline, ...]
    listed: bool


class HtmlWriter:
    """Writes a :class:`Document` as a standalone, print-friendly, right-to-left HTML5 file."""

    extension = ".html"

    def __init__(
        self,
        *,
        body_font: str = "B Nazanin",
        heading_font: str = "B Titr",
        latin_font: str = "Times New Roman",
        body_size_pt: float = 13.0,
    ) -> None:
        """Options mean what they mean for the Word writer (``gdcpos.yaml`` sets them)."""
        self.body_font = body_font
        self.heading_font = heading_font
        self.latin_font = latin_font
        self.body_size_pt = body_size_pt

    def write(self, document: Document, target: Path) -> None:
        """Write ``document`` to ``target`` atomically (no half-written file on a crash)."""
        atomic_write_text(target, self.render(document))

    def render(self, document: Document) -> str:
        """The whole HTML file as text; the same document always gives the same text."""
        return _HtmlDocument(document, self._stylesheet(document.info)).render()

    def _stylesheet(self, info: DocumentInfo) -> str:
        return _STYLESHEET.format(
            body_fonts=_font_stack((self.body_font, *_FALLBACK_FONTS)),
            heading_fonts=_font_stack((self.heading_font, self.body_font, *_FALLBACK_FONTS)),
            latin_fonts=_font_stack((self.latin_font, self.body_font, *_FALLBACK_FONTS)),
            body_size=f"{self.body_size_pt:g}pt",
            header=_css_string(_band_text(info.marking, info.header_text)),
            footer=_css_string(_band_text(info.marking, info.footer_text)),
        )


class _HtmlDocument:
    """One rendering: collects headings for the table of contents as the body is written."""

    def __init__(self, document: Document, stylesheet: str) -> None:
        self._document = document
        self._stylesheet = stylesheet
        self._toc_entries: list[_TocEntry] = []
        self._toc_slots: list[tuple[int, TableOfContents]] = []

    def render(self) -> str:
        info = self._document.info
        body: list[str] = []
        for block in self._document.blocks:
            self._block(block, body)
        # The contents come before the headings they list, so they are filled in afterwards.
        for index, toc in self._toc_slots:
            body[index] = self._table_of_contents(toc)
        language = info.language.split("-")[0] or "fa"
        head = [
            "<!DOCTYPE html>",
            f'<html dir="rtl" lang="{_attr(language)}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="generator" content="gdcpos">',
            f'<meta name="dcterms.created" content="{_attr(info.created.isoformat())}">',
        ]
        for name, value in (
            ("author", info.author),
            ("description", info.subject),
            ("keywords", ", ".join(info.keywords)),
        ):
            if value:
                head.append(f'<meta name="{name}" content="{_attr(value)}">')
        head += [
            f"<title>{_escape(info.title)}</title>",
            f"<style>\n{self._stylesheet}</style>",
            "</head>",
            "<body>",
        ]
        header = _band_html("header", info.marking, info.header_text)
        footer = _band_html("footer", info.marking, info.footer_text)
        parts = [*head, *header, "<main>", *body, "</main>", *footer, "</body>", "</html>", ""]
        return "\n".join(parts)

    # --- blocks -------------------------------------------------------------------------------

    def _block(self, block: Block, out: list[str]) -> None:
        if isinstance(block, Heading):
            out.append(self._heading(block))
        elif isinstance(block, Paragraph):
            out.append(_paragraph(block))
        elif isinstance(block, ListBlock):
            self._list(block, out)
        elif isinstance(block, Table):
            _table(block, out)
        elif isinstance(block, PageBreak):
            out.append('<div class="page-break"></div>')
        elif isinstance(block, TableOfContents):
            self._toc_slots.append((len(out), block))
            out.append("")
        elif isinstance(block, Cover):
            _cover(block, out)

    def _heading(self, heading: Heading) -> str:
        level = min(max(heading.level, 1), 6)
        anchor = f"h-{len(self._toc_entries) + 1}"
        self._toc_entries.append(
            _TocEntry(level, anchor, heading.number, heading.inlines, heading.in_toc)
        )
        number = _number_html(heading.number)
        classes = "" if heading.in_toc else ' class="no-toc"'
        return f'<h{level} id="{anchor}"{classes}>{number}{_inlines(heading.inlines)}</h{level}>'

    def _list(self, block: ListBlock, out: list[str]) -> None:
        tag = "ol" if block.ordered else "ul"
        out.append(f"<{tag}>")
        for item in block.items:
            out.append(f"<li>{_inlines(item.inlines)}")
            for child in item.children:
                self._block(child, out)
            out.append("</li>")
        out.append(f"</{tag}>")

    def _table_of_contents(self, toc: TableOfContents) -> str:
        lines = ['<nav class="toc">', f'<h2 class="toc-title">{_text(toc.title)}</h2>', "<ul>"]
        for entry in self._toc_entries:
            if entry.level > toc.depth or not entry.listed:
                continue
            lines.append(
                f'<li class="toc-level-{entry.level}"><a href="#{entry.anchor}">'
                f"{_number_html(entry.number)}{_inlines(entry.inlines)}</a></li>"
            )
        lines += ["</ul>", "</nav>"]
        return "\n".join(lines)


def _paragraph(paragraph: Paragraph) -> str:
    return f"{_paragraph_tag(paragraph.align, paragraph.role)}{_inlines(paragraph.inlines)}</p>"


@functools.cache
def _paragraph_tag(align: Align, role: str) -> str:
    """The opening tag of a paragraph (a document has few kinds, and tens of thousands of
    paragraphs)."""
    classes = " ".join(name for name in (_ALIGN_CLASSES.get(align, ""), role) if name)
    return f'<p class="{_attr(classes)}">' if classes else "<p>"


def _table(table: Table, out: list[str]) -> None:
    out.append("<table>")
    if table.caption:
        out.append(f"<caption>{_text(table.caption)}</caption>")
    if table.widths:
        total = sum(table.widths)
        out.append("<colgroup>")
        out.extend(f'<col style="width: {width / total * 100:.2f}%">' for width in table.widths)
        out.append("</colgroup>")
    header_count = min(max(table.header_rows, 0), len(table.rows))
    groups = (
        ("thead", "th", table.rows[:header_count]),
        ("tbody", "td", table.rows[header_count:]),
    )
    for group, cell_tag, rows in groups:
        if not rows:
            continue
        out.append(f"<{group}>")
        for row in rows:
            cells = "".join(_cell(cell, cell_tag) for cell in row.cells)
            out.append(f"<tr>{cells}</tr>")
        out.append(f"</{group}>")
    out.append("</table>")


def _cell(cell: Cell, tag: str) -> str:
    spans = ""
    if cell.colspan > 1:
        spans += f' colspan="{cell.colspan}"'
    if cell.rowspan > 1:
        spans += f' rowspan="{cell.rowspan}"'
    return f"<{tag}{spans}>{''.join(_paragraph(block) for block in cell.blocks)}</{tag}>"


def _cover(cover: Cover, out: list[str]) -> None:
    out += ['<section class="cover">', f'<h1 class="cover-title">{_text(cover.title)}</h1>']
    if cover.subtitle:
        out.append(f'<p class="subtitle">{_text(cover.subtitle)}</p>')
    if cover.facts:
        out.append('<dl class="facts">')
        out.extend(
            f"<div><dt>{_text(label)}</dt><dd>{_text(value)}</dd></div>"
            for label, value in cover.facts
        )
        out.append("</dl>")
    if cover.marking:
        out.append(f'<p class="marking">{_text(cover.marking)}</p>')
    out.extend(f'<p class="notice">{_text(notice)}</p>' for notice in cover.notices)
    out.append("</section>")


# --- inline text ------------------------------------------------------------------------------


def _inlines(inlines: Sequence[Inline]) -> str:
    parts: list[str] = []
    for inline in inlines:
        if isinstance(inline, LineBreak):
            parts.append("<br>")
        elif isinstance(inline, Run):
            text = _text(inline.text)
            if inline.italic:
                text = f"<em>{text}</em>"
            if inline.bold:
                text = f"<strong>{text}</strong>"
            parts.append(text)
    return "".join(parts)


def _number_html(number: str) -> str:
    return f'<span class="number">{_text(number)}</span> ' if number else ""


def _text(text: str) -> str:
    """Escaped text with each Latin stretch isolated in ``<bdi>``."""
    parts: list[str] = []
    position = 0
    for match in _latin_stretches(text):
        start, end = match.span()
        if text[end : end + 1] == ")" and match.group().count("(") > match.group().count(")"):
            end += 1
        parts.append(_escape(text[position:start]))
        parts.append(f"<bdi>{_escape(text[start:end])}</bdi>")
        position = end
    parts.append(_escape(text[position:]))
    return "".join(parts)


def _latin_stretches(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_LATIN_STRETCH.finditer(text)``, found quicker.

    The look-behind that opens the stretch pattern keeps the regex engine from skipping ahead to
    a character that could start a match, so it tries a match at every character of the Persian
    text around the stretches. Each stretch holds a Latin letter, with at most digits between its
    start and its first letter ("5G"), so the search for the next stretch starts at the digits
    before the next letter, found by a plain (and far quicker) scan for a letter.
    """
    position = 0
    while (letter := _LATIN_LETTER.search(text, position)) is not None:
        start = letter.start()
        while start > position and "0" <= text[start - 1] <= "9":
            start -= 1
        stretch = _LATIN_STRETCH.search(text, start)
        if stretch is None:
            return
        yield stretch
        position = stretch.end()


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _band_text(marking: str, text: str) -> str:
    return " — ".join(part for part in (marking, text) if part)


def _band_html(tag: str, marking: str, text: str) -> list[str]:
    if not marking and not text:
        return []
    parts = []
    if marking:
        parts.append(f'<span class="marking">{_text(marking)}</span>')
    if text:
        parts.append(f'<span class="band-text">{_text(text)}</span>')
    return [f'<{tag} class="band">{" ".join(parts)}</{tag}>']


# --- stylesheet -------------------------------------------------------------------------------


def _css_string(text: str) -> str:
    """A CSS string literal; escapes anything that could end it or the <style> element."""
    escaped = "".join(
        f"\\{ord(char):06x}" if char in '"\\<>&' or ord(char) < 0x20 or ord(char) == 0x7F else char
        for char in text
    )
    return f'"{escaped}"'


def _font_stack(names: Iterable[str]) -> str:
    unique = list(dict.fromkeys(name for name in names if name))
    return ", ".join([*(_css_string(name) for name in unique), "serif"])


_STYLESHEET = """\
@page {{
  size: A4;
  margin: 25mm 20mm 22mm 20mm;
  @top-center {{ content: {header}; font-family: {body_fonts}; font-size: 10pt;
    font-weight: bold; direction: rtl; }}
  @bottom-center {{ content: {footer} "  " counter(page, persian); font-family: {body_fonts};
    font-size: 10pt; direction: rtl; }}
}}
html {{ font-family: {body_fonts}; font-size: {body_size}; line-height: 1.9; }}
bdi {{ font-family: {latin_fonts}; }}
body {{ margin: 0 auto; max-width: 170mm; padding: 0 8mm; color: #000; background: #fff; }}
h1, h2, h3, h4, h5, h6 {{ font-family: {heading_fonts}; line-height: 1.5;
  break-after: avoid; page-break-after: avoid; }}
h1 {{ font-size: 1.55em; }}
h2 {{ font-size: 1.25em; }}
h3 {{ font-size: 1.1em; }}
h4 {{ font-size: 1em; }}
.number {{ margin-inline-end: 0.4em; }}
p {{ margin: 0 0 0.6em; text-align: justify; orphans: 2; widows: 2; }}
p.start {{ text-align: start; }}
p.center {{ text-align: center; }}
p.end {{ text-align: end; }}
p.note, p.meta {{ font-size: 0.85em; }}
p.meta {{ color: #333; }}
ol {{ list-style-type: persian; }}
table {{ border-collapse: collapse; width: 100%; margin: 0.8em 0; }}
caption {{ caption-side: top; font-weight: bold; padding-bottom: 0.3em; }}
th, td {{ border: 1px solid #444; padding: 0.2em 0.5em; vertical-align: top; }}
th {{ font-weight: bold; background: #eee; }}
th p, td p {{ margin: 0; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; page-break-inside: avoid; }}
.page-break {{ break-after: page; page-break-after: always; }}
.cover {{ text-align: center; padding-top: 25mm; }}
.cover-title {{ font-size: 2em; }}
.cover p {{ text-align: center; }}
.cover .subtitle {{ font-size: 1.25em; }}
.cover .facts {{ display: grid; grid-template-columns: auto auto; justify-content: center;
  gap: 0.2em 1em; margin: 2em 0; }}
.cover .facts div {{ display: contents; }}
.cover dt {{ font-weight: bold; text-align: start; }}
.cover dd {{ margin: 0; text-align: start; }}
.cover .marking {{ display: inline-block; border: 2px solid; padding: 0.1em 1em;
  font-weight: bold; font-size: 1.15em; }}
.cover .notice {{ font-size: 0.85em; }}
nav.toc ul {{ list-style: none; padding: 0; }}
nav.toc a {{ color: inherit; text-decoration: none; }}
nav.toc a::after {{ content: leader(".") target-counter(attr(href), page, persian); }}
.toc-level-2 {{ padding-inline-start: 1.5em; }}
.toc-level-3 {{ padding-inline-start: 3em; }}
.toc-level-4 {{ padding-inline-start: 4.5em; }}
.band {{ text-align: center; font-size: 0.8em; padding: 0.3em 0; }}
header.band {{ border-bottom: 1px solid #999; }}
footer.band {{ border-top: 1px solid #999; }}
.band .marking {{ font-weight: bold; }}
.band .band-text {{ margin-inline-start: 1em; }}
@media print {{
  body {{ max-width: none; padding: 0; }}
  a {{ color: inherit; text-decoration: none; }}
}}
"""
