"""Blocks of the document model → the children of ``w:body``, written as XML text.

python-docx's per-paragraph API is quadratic on large bodies (design.md §7: ~160 s for 10,000
contributions), so the body is generated as strings: every piece of text goes through
:func:`~gdcpos.writers.docx.xml.escape_text` after :func:`~gdcpos.writers.docx.xml.check_xml_chars`,
every attribute through :func:`~gdcpos.writers.docx.xml.escape_attr`, and the property elements
are written in schema order (pPr: ``pStyle, keepNext, bidi, spacing, ind, jc, outlineLvl``;
rPr: ``b, bCs, i, iCs, rtl``).

The writer is on the hot path of every build (a framework document has ~30,000 paragraphs), so
text that one scan finds free of Latin letters, control characters and ``&<>`` is written as it
stands (the split, the check and the escaping would all leave it unchanged), and the pieces of
paragraphs and tables go into one list, joined once per chunk of the body (which is compressed
while the next chunk is generated). ``tests/writers/test_docx_golden.py`` pins the output byte
for byte.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from gdcpos.document.model import (
    Align,
    Block,
    Cell,
    Cover,
    Heading,
    Inline,
    LineBreak,
    ListBlock,
    ListItem,
    PageBreak,
    Paragraph,
    Run,
    Table,
    TableOfContents,
)
from gdcpos.persian import to_persian_digits
from gdcpos.writers.docx import styles
from gdcpos.writers.docx.bidi import LATIN_LETTERS, split_by_script
from gdcpos.writers.docx.xml import check_xml_chars, escape_attr, escape_text

# In a paragraph with <w:bidi/>, "left" is the right edge and "right" the left edge; "start" and
# "end" are avoided (persian-docx.md, "Alignment in a right-to-left paragraph").
_JUSTIFICATION = {
    Align.START: "left",
    Align.CENTER: "center",
    Align.END: "right",
    Align.JUSTIFY: "both",
}
BULLETS = ("•", "◦", "▪")
HEADER_ROW_FILL = "D9D9D9"
TOC_PLACEHOLDER = (
    "فهرست مطالب هنگام باز کردن سند در Word ساخته می‌شود؛ "
    "اگر نشد، روی این بخش کلیک راست کنید و «به‌روزرسانی فیلد» را بزنید."
)
_LIST_INDENT = 720  # twips from the right margin to a first-level item's text
_LIST_STEP = 540  # extra indent per nesting level
_BULLET_HANGING = 360
_NUMBER_HANGING = 480
_LINE_BREAKS = re.compile("\r\n|[\r\n\t]")
_CONTROL_CHARACTERS = "\x00-\x1f\ufffe\uffff\ud800-\udfff"  # a character class body
_CONTROL = re.compile(f"[{_CONTROL_CHARACTERS}]")
_TABLE_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    for side in styles.TABLE_BORDER_SIDES
)
# Strings gathered before BodyWriter.chunks hands a chunk on, some 200 KB of XML: small enough
# that compressing the last chunk adds little once the body is done, large enough that handing
# chunks to the compressing thread costs little.
_CHUNK_PIECES = 4096
_SPACE_UNDER_TABLE = styles.NORMAL_SPACE_AFTER  # what body text leaves after itself, above it


@dataclass
class BodyWriter:
    """Writes blocks for a page whose text area is ``text_width`` twips wide.

    After :meth:`chunks` has run to the end, ``used_styles`` holds every style id
    the body names (so the styles part can be completed) and ``has_fields_to_update`` tells
    whether a TOC field needs Word to update fields on opening.
    """

    text_width: int
    used_styles: set[str] = field(default_factory=lambda: {styles.NORMAL})
    has_fields_to_update: bool = False
    _ppr_cache: dict[tuple[str | None, str | None, str, str], str] = field(default_factory=dict)
    # "<w:p>" and the pPr of a model paragraph by (role, default style, alignment, indent, and
    # whether it sits right under a table): a document has few.
    _paragraph_starts: dict[tuple[str, str | None, Align, int, bool], str] = field(
        default_factory=dict
    )

    def chunks(self, blocks: Sequence[Block]) -> Iterator[str]:
        """The XML of ``blocks`` in consecutive pieces, so that a large body can be compressed
        a piece at a time while the next is generated."""
        # The pieces of the XML are gathered in a list joined once per chunk: nesting joins and
        # f-strings would copy a paragraph's text once per level.
        out: list[str] = []
        previous: Block | None = None
        for index, block in enumerate(blocks):
            if len(out) >= _CHUNK_PIECES:
                yield "".join(out)
                out.clear()
            if isinstance(block, Paragraph):
                # Nearly every block is a paragraph: written straight into the list.
                self._add_paragraph(out, block, after_table=isinstance(previous, Table))
                previous = block
                continue
            if isinstance(block, Table):
                if isinstance(previous, Table) and not block.caption:
                    # Two adjacent tables would merge into one in Word.
                    out.append(self._paragraph_xml(self._ppr(None), ""))
                self._add_table(out, block)
                previous = block
                continue
            out.extend(self._block(block))
            if isinstance(block, Cover):
                following = blocks[index + 1] if index + 1 < len(blocks) else None
                if following is not None and not isinstance(following, PageBreak):
                    out.append(self._page_break())
            previous = block
        yield "".join(out)

    # -- blocks -------------------------------------------------------------------------------

    def _block(self, block: Block) -> Iterator[str]:
        if isinstance(block, Paragraph):
            yield self._paragraph(block)
        elif isinstance(block, Heading):
            yield self._heading(block)
        elif isinstance(block, ListBlock):
            yield from self._list(block, depth=0)
        elif isinstance(block, Table):
            out: list[str] = []
            self._add_table(out, block)
            yield from out
        elif isinstance(block, PageBreak):
            yield self._page_break()
        elif isinstance(block, TableOfContents):
            yield from self._table_of_contents(block)
        elif isinstance(block, Cover):
            yield from self._cover(block)
        else:  # pragma: no cover - the Block union is closed; a new member must be handled here
            raise TypeError(f"the Word writer cannot write {type(block).__name__}")

    def _paragraph(
        self, paragraph: Paragraph, *, default_style: str | None = None, indent: int = 0
    ) -> str:
        out: list[str] = []
        self._add_paragraph(out, paragraph, default_style=default_style, indent=indent)
        return "".join(out)

    def _add_paragraph(
        self,
        out: list[str],
        paragraph: Paragraph,
        *,
        default_style: str | None = None,
        indent: int = 0,
        after_table: bool = False,
    ) -> None:
        # Body text right under a table would touch its last row: Word leaves no space after a
        # table, and body text none before itself. (A role's or a heading's style says its own.)
        spaced = after_table and not paragraph.role and default_style is None
        key = (paragraph.role, default_style, paragraph.align, indent, spaced)
        start = self._paragraph_starts.get(key)
        if start is None:
            style = styles.role_style_id(paragraph.role) or default_style
            ind = f'<w:ind w:left="{indent}"/>' if indent else ""
            spacing = f'<w:spacing w:before="{_SPACE_UNDER_TABLE}"/>' if spaced else ""
            start = "<w:p>" + self._ppr(
                style, jc=_JUSTIFICATION[paragraph.align], ind=ind, spacing=spacing
            )
            self._paragraph_starts[key] = start
        out.append(start)
        self._add_runs(out, paragraph.inlines)
        out.append("</w:p>")

    def _heading(self, heading: Heading) -> str:
        level = heading.level
        style = (
            styles.heading_style(level) if heading.in_toc else styles.unlisted_heading_style(level)
        )
        ppr = self._ppr(style)
        number = ""
        if heading.number:
            label = to_persian_digits(heading.number)
            check_xml_chars(label)
            label += " " if label.endswith(("-", ".", ")", "_")) else "- "
            number = _run(label, latin=False)
        return self._paragraph_xml(ppr, number + self._inlines(heading.inlines))

    def _list(self, block: ListBlock, *, depth: int) -> Iterator[str]:
        hanging = _NUMBER_HANGING if block.ordered else _BULLET_HANGING
        text_indent = _LIST_INDENT + _LIST_STEP * depth
        ind = f'<w:ind w:left="{text_indent}" w:hanging="{hanging}"/>'
        ppr = self._ppr(styles.LIST_PARAGRAPH, jc="both", ind=ind)
        for number, item in enumerate(block.items, start=1):
            if block.ordered:
                marker = to_persian_digits(str(number)) + "-"
            else:
                marker = BULLETS[depth % len(BULLETS)]
            # The marker sits in the hanging indent; the tab takes the text to the indent.
            marker_run = f"<w:r><w:rPr><w:rtl/></w:rPr><w:t>{marker}</w:t><w:tab/></w:r>"
            yield self._paragraph_xml(ppr, marker_run + self._inlines(item.inlines))
            yield from self._list_item_children(item, depth=depth, text_indent=text_indent)

    def _list_item_children(self, item: ListItem, *, depth: int, text_indent: int) -> Iterator[str]:
        for child in item.children:
            if isinstance(child, ListBlock):
                yield from self._list(child, depth=depth + 1)
            elif isinstance(child, Paragraph):
                yield self._paragraph(
                    child, default_style=styles.LIST_PARAGRAPH, indent=text_indent
                )
            else:
                yield from self._block(child)

    def _page_break(self) -> str:
        return self._paragraph_xml(self._ppr(None), '<w:r><w:br w:type="page"/></w:r>')

    def _table_of_contents(self, toc: TableOfContents) -> Iterator[str]:
        self.has_fields_to_update = True
        yield self._paragraph_xml(self._ppr(styles.TOC_HEADING), self._text_runs(toc.title))
        depth = min(max(toc.depth, 1), 9)
        for level in range(1, min(depth, styles.MAX_TOC_LEVEL) + 1):
            self.used_styles.add(styles.toc_style(level))
        field_runs = (
            '<w:r><w:fldChar w:fldCharType="begin" w:dirty="1"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> TOC \\o "1-{depth}" \\h \\z \\u '
            "</w:instrText></w:r>"
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            + self._text_runs(TOC_PLACEHOLDER)
            + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        )
        yield self._paragraph_xml(self._ppr(None, jc="left"), field_runs)

    def _cover(self, cover: Cover) -> Iterator[str]:
        yield self._paragraph_xml(self._ppr(styles.TITLE), self._text_runs(cover.title))
        if cover.subtitle:
            yield self._paragraph_xml(self._ppr(styles.SUBTITLE), self._text_runs(cover.subtitle))
        if cover.facts:
            yield from self._cover_facts(cover.facts)
        if cover.marking:
            yield self._paragraph_xml(
                self._ppr(styles.COVER_MARKING), self._text_runs(cover.marking)
            )
        for notice in cover.notices:
            yield self._paragraph_xml(self._ppr(styles.COVER_NOTICE), self._text_runs(notice))

    def _cover_facts(self, facts: Iterable[tuple[str, str]]) -> Iterator[str]:
        """Facts as a borderless two-column table, labels in the right-hand column."""
        self.used_styles.update((styles.TABLE_NORMAL, styles.COVER_FACT))
        table_width = self.text_width * 7 // 10
        label_width = table_width * 2 // 5
        widths = (label_width, table_width - label_width)
        ppr = self._ppr(styles.COVER_FACT, jc="left")
        yield (
            "<w:tbl><w:tblPr>"
            f'<w:tblStyle w:val="{styles.TABLE_NORMAL}"/><w:bidiVisual/>'
            f'<w:tblW w:w="{table_width}" w:type="dxa"/><w:jc w:val="center"/>'
            '<w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0"'
            ' w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
            "</w:tblPr><w:tblGrid>"
            + "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
            + "</w:tblGrid>"
        )
        for label, value in facts:
            cells = (
                self._paragraph_xml(ppr, self._text_runs(label, bold=True)),
                self._paragraph_xml(ppr, self._text_runs(value)),
            )
            yield (
                "<w:tr>"
                + "".join(
                    f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{content}</w:tc>'
                    for width, content in zip(widths, cells, strict=True)
                )
                + "</w:tr>"
            )
        yield "</w:tbl>"

    # -- tables -------------------------------------------------------------------------------

    def _add_table(self, out: list[str], table: Table) -> None:
        """Append ``table`` (after its caption) to ``out``; cells go straight into the list, as
        paragraphs do (an annex holds a table per contribution)."""
        self.used_styles.add(styles.TABLE_GRID)
        if table.caption:
            out.append(
                self._paragraph_xml(self._ppr(styles.CAPTION), self._text_runs(table.caption))
            )
        layout = _layout(table)
        widths = _column_widths(table.widths, layout.columns, self.text_width)
        caption = f'<w:tblCaption w:val="{escape_attr(table.caption)}"/>' if table.caption else ""
        out.append(
            "<w:tbl><w:tblPr>"
            f'<w:tblStyle w:val="{styles.TABLE_GRID}"/><w:bidiVisual/>'
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
            f"<w:tblBorders>{_TABLE_BORDERS}</w:tblBorders>"
            '<w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1"'
            ' w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
            f"{caption}</w:tblPr><w:tblGrid>"
            + "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
            + "</w:tblGrid>"
        )
        for row_index, placed_row in enumerate(layout.rows):
            header = row_index < table.header_rows
            # A header row repeats on each page: <w:tblHeader/> with no value (the validator
            # rejects val="true", persian-docx.md "Checking a document against the schema").
            out.append(
                "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else "<w:tr>"
            )
            for placed in placed_row:
                self._add_cell(out, placed, widths, header=header)
            out.append("</w:tr>")
        out.append("</w:tbl>")

    def _add_cell(
        self, out: list[str], placed: _PlacedCell, widths: Sequence[int], *, header: bool
    ) -> None:
        column, span = placed.column, placed.span
        width = widths[column] if span == 1 else sum(widths[column : column + span])
        tcpr = f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
        if span > 1:
            tcpr += f'<w:gridSpan w:val="{span}"/>'
        if placed.merge == "restart":
            tcpr += '<w:vMerge w:val="restart"/>'
        elif placed.merge == "continue":
            tcpr += "<w:vMerge/>"
        if header:
            tcpr += f'<w:shd w:val="clear" w:color="auto" w:fill="{HEADER_ROW_FILL}"/>'
        out.append(tcpr + "</w:tcPr>")
        default_style = styles.TABLE_HEADING if header else styles.TABLE_TEXT
        blocks = placed.cell.blocks if placed.cell is not None else ()
        for paragraph in blocks:
            self._add_paragraph(out, paragraph, default_style=default_style)
        if not blocks:
            # Every cell must end with a paragraph.
            out.append(self._paragraph_xml(self._ppr(default_style), ""))
        out.append("</w:tc>")

    # -- paragraphs and runs ------------------------------------------------------------------

    def _ppr(
        self,
        style: str | None,
        *,
        jc: str | None = None,
        ind: str = "",
        spacing: str = "",
    ) -> str:
        key = (style, jc, ind, spacing)
        cached = self._ppr_cache.get(key)
        if cached is not None:
            return cached
        parts = ["<w:pPr>"]
        if style is not None:
            self.used_styles.add(style)
            parts.append(f'<w:pStyle w:val="{escape_attr(style)}"/>')
        parts.append("<w:bidi/>")
        parts.append(spacing)
        parts.append(ind)
        if jc is not None:
            parts.append(f'<w:jc w:val="{jc}"/>')
        parts.append("</w:pPr>")
        ppr = "".join(parts)
        self._ppr_cache[key] = ppr
        return ppr

    @staticmethod
    def _paragraph_xml(ppr: str, runs: str) -> str:
        return f"<w:p>{ppr}{runs}</w:p>"

    def _text_runs(self, text: str, *, bold: bool = False) -> str:
        return self._inlines((Run(text, bold=bold),))

    def _inlines(self, inlines: Sequence[Inline]) -> str:
        out: list[str] = []
        self._add_runs(out, inlines)
        return "".join(out)

    def _add_runs(self, out: list[str], inlines: Sequence[Inline]) -> None:
        """Append the runs of ``inlines`` to ``out``."""
        last = len(inlines) - 1
        for index, inline in enumerate(inlines):
            if isinstance(inline, LineBreak):
                out.append("<w:r><w:br/></w:r>")
                continue
            text = inline.text
            first_special = _SPECIAL.search(text)
            if first_special is None:
                # Most runs are Persian text alone, which split_by_script would return whole and
                # escape_text unchanged: one right-to-left run of the text as it stands.
                out += (_PERSIAN_RUN_START[inline.bold, inline.italic], text, "</w:t></w:r>")
                continue
            following = ""
            if index < last:
                next_inline = inlines[index + 1]
                following = next_inline.text[:8] if isinstance(next_inline, Run) else ""
            _add_split_run(out, inline, first_special.start(), following)


def _add_split_run(out: list[str], inline: Run, first_special: int, following: str) -> None:
    """Append the runs of ``inline``, whose text has a special character (see ``_SPECIAL``) at
    ``first_special``, split by script; ``following`` is the start of the next run's text."""
    text = inline.text
    segments = split_by_script(text, following, no_latin_before=first_special)
    bold, italic = inline.bold, inline.italic
    # Nothing before the first special character is a control.
    if _CONTROL.search(text, first_special) is not None:
        # Tabs and line breaks become elements of their own; other controls are refused.
        check_xml_chars(text)
        for segment_text, latin in segments:
            out.append(_run(segment_text, latin=latin, bold=bold, italic=italic))
        return
    persian_start = _PERSIAN_RUN_START[bold, italic]
    latin_start = _TEXT_RUN_START[True, bold, italic]
    for segment_text, latin in segments:
        out += (
            latin_start if latin else persian_start,
            escape_text(segment_text),
            "</w:t></w:r>",
        )


_RPR: dict[tuple[bool, bool, bool], str] = {}
for _latin in (False, True):
    for _bold in (False, True):
        for _italic in (False, True):
            _inner = ("<w:b/><w:bCs/>" if _bold else "") + ("<w:i/><w:iCs/>" if _italic else "")
            _inner += "" if _latin else "<w:rtl/>"
            _RPR[(_latin, _bold, _italic)] = f"<w:rPr>{_inner}</w:rPr>" if _inner else ""
# A run up to its text, by (latin, bold, italic).
_TEXT_RUN_START = {key: f'<w:r>{rpr}<w:t xml:space="preserve">' for key, rpr in _RPR.items()}
# A right-to-left run up to its text, by (bold, italic): the most frequent look-up.
_PERSIAN_RUN_START = {
    (bold, italic): start for (latin, bold, italic), start in _TEXT_RUN_START.items() if not latin
}
# What takes a run's text off the fast path of BodyWriter._add_runs: a Latin letter (a script
# boundary, perhaps with marks), a control character (a tab or break, or text XML cannot carry)
# or a character to escape.
_SPECIAL = re.compile(f"[{LATIN_LETTERS}{_CONTROL_CHARACTERS}&<>]")


def _run(text: str, *, latin: bool, bold: bool = False, italic: bool = False) -> str:
    """One ``w:r`` (or several, where the text holds line breaks or tabs)."""
    rpr = _RPR[(latin, bold, italic)]
    if _LINE_BREAKS.search(text) is None:
        return f'<w:r>{rpr}<w:t xml:space="preserve">{escape_text(text)}</w:t></w:r>'
    pieces: list[str] = []
    position = 0
    for match in _LINE_BREAKS.finditer(text):
        if match.start() > position:
            pieces.append(
                f'<w:t xml:space="preserve">{escape_text(text[position : match.start()])}</w:t>'
            )
        pieces.append("<w:tab/>" if match.group() == "\t" else "<w:br/>")
        position = match.end()
    if position < len(text):
        pieces.append(f'<w:t xml:space="preserve">{escape_text(text[position:])}</w:t>')
    return f"<w:r>{rpr}{''.join(pieces)}</w:r>"


# -- table layout -----------------------------------------------------------------------------


class _PlacedCell(NamedTuple):
    """A cell on the grid; ``cell`` is ``None`` for a continuation of a vertical merge or a
    filler that completes a short row. (A tuple, quicker to make than a frozen dataclass: an
    annex places a hundred thousand cells.)"""

    cell: Cell | None
    column: int
    span: int
    merge: str = ""  # "", "restart" or "continue"


@dataclass(frozen=True)
class _Layout:
    columns: int
    rows: tuple[tuple[_PlacedCell, ...], ...]


def _layout(table: Table) -> _Layout:
    """Place cells on the grid: rows covered by a rowspan get ``vMerge`` continuation cells
    (OOXML needs a ``w:tc`` in every row for each grid column) and short rows are padded."""
    if all(cell.colspan <= 1 and cell.rowspan <= 1 for row in table.rows for cell in row.cells):
        return _layout_without_spans(table)
    return _layout_with_spans(table)


def _layout_without_spans(table: Table) -> _Layout:
    """The usual table, no cell spanning columns or rows: what :func:`_layout_with_spans` gives
    it (a test holds them together), each row's cells side by side and short rows padded at the
    end, placed directly."""
    columns = max((len(row.cells) for row in table.rows if row.cells), default=1)
    return _Layout(
        columns,
        tuple(
            (
                *(_PlacedCell(cell, column, 1) for column, cell in enumerate(row.cells)),
                *(_PlacedCell(None, column, 1) for column in range(len(row.cells), columns)),
            )
            for row in table.rows
        ),
    )


def _layout_with_spans(table: Table) -> _Layout:
    raw_rows: list[list[_PlacedCell]] = []
    pending: dict[int, tuple[int, int]] = {}  # column -> (rows still covered, span)
    for row in table.rows:
        placed: list[_PlacedCell] = []
        column = 0
        cells = iter(row.cells)
        while True:
            if column in pending:
                remaining, span = pending[column]
                placed.append(_PlacedCell(None, column, span, "continue"))
                if remaining > 1:
                    pending[column] = (remaining - 1, span)
                else:
                    del pending[column]
                column += span
                continue
            cell = next(cells, None)
            if cell is None:
                break
            span = max(cell.colspan, 1)
            # A span running into a column held by a rowspan from above is cut short there.
            blocked = [c for c in pending if column < c < column + span]
            if blocked:
                span = min(blocked) - column
            merge = "restart" if cell.rowspan > 1 else ""
            placed.append(_PlacedCell(cell, column, span, merge))
            if cell.rowspan > 1:
                pending[column] = (cell.rowspan - 1, span)
            column += span
        # Rowspans reaching beyond this row's last cell still need their continuation cells.
        for covered in sorted(c for c in pending if c >= column):
            remaining, span = pending[covered]
            placed.append(_PlacedCell(None, covered, span, "continue"))
            if remaining > 1:
                pending[covered] = (remaining - 1, span)
            else:
                del pending[covered]
        raw_rows.append(placed)
    columns = max((p[-1].column + p[-1].span for p in raw_rows if p), default=1)
    rows: list[tuple[_PlacedCell, ...]] = []
    for placed in raw_rows:
        padded = _pad_row(placed, columns)
        rows.append(tuple(padded))
    return _Layout(columns, tuple(rows))


def _pad_row(placed: list[_PlacedCell], columns: int) -> list[_PlacedCell]:
    padded: list[_PlacedCell] = []
    column = 0
    for cell in sorted(placed, key=lambda c: c.column):
        while column < cell.column:
            padded.append(_PlacedCell(None, column, 1))
            column += 1
        padded.append(cell)
        column = cell.column + cell.span
    while column < columns:
        padded.append(_PlacedCell(None, column, 1))
        column += 1
    return padded


def _column_widths(relative: Sequence[float], columns: int, total: int) -> list[int]:
    """Twips per grid column from relative widths; equal columns when they do not fit."""
    if len(relative) != columns or any(not w > 0 for w in relative):
        relative = [1.0] * columns
    scale = total / sum(relative)
    widths = [int(w * scale) for w in relative]
    widths[-1] += total - sum(widths)
    return widths
