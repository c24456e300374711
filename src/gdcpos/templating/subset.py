"""The HTML subset templates render to, and its parser into the document model.

The parser is lxml's HTML parser (libxml2), not an XML parser over a wrapped fragment: templates
are written as HTML and previewed in browsers, so void elements (``<br>``, ``<hr>``), named
entities (``&nbsp;``, ``&zwnj;``) and optional end tags (``</li>``, ``</p>``) must work as they do
there, where an XML parser would reject them. Strictness comes from this module instead: every
tag, attribute and class is checked against the subset (``docs/templates.md``), and anything
else is a :class:`TemplateSubsetError` naming the tag and the template line that wrote it.

Whitespace collapses as in HTML: runs of ASCII space, tab, newline, carriage return and form
feed become one space. Nothing else counts as whitespace, so ZWNJ (U+200C, the Persian
half-space) and no-break spaces are kept.

Top-level paragraphs and headings of plain text and tables of plain-text cells, most of a long
document, take a fast path that gives the same blocks (see "fast path" below).
"""

from __future__ import annotations

import functools
import html
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lxml import etree

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
    Row,
    Run,
    Table,
    TableOfContents,
)
from gdcpos.templating.environment import SOURCE_ATTRIBUTE
from gdcpos.templating.errors import TemplateSubsetError

__all__ = ["parse_subset"]

_HTML_WHITESPACE_CHARS = " \t\n\r\f"
_HTML_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
# XML 1.0 forbids these; a Word document cannot hold them. (Form feed is HTML whitespace.)
_XML_ILLEGAL_CHARS = r"\x00-\x08\x0b\x0e-\x1f\ud800-\udfff\ufffe\uffff"
_XML_ILLEGAL = re.compile(f"[{_XML_ILLEGAL_CHARS}]")

# The attributes of almost every element the packaged templates write.
_SOURCE_ONLY = [SOURCE_ATTRIBUTE]

_HEADING_LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}
# The largest spans a cell may have; the reader and its fast path both refuse larger ones.
_MAX_COLSPAN = 1000
_MAX_ROWSPAN = 65534
_ALIGN_CLASSES = {
    "start": Align.START,
    "center": Align.CENTER,
    "end": Align.END,
    "justify": Align.JUSTIFY,
}
_ROLE_CLASS = re.compile(r"[a-z][a-z0-9-]*\Z")
_BOLD_TAGS = frozenset({"strong", "b"})
_ITALIC_TAGS = frozenset({"em", "i"})
_INLINE_TAGS = frozenset({*_BOLD_TAGS, *_ITALIC_TAGS, "br"})
_TOP_LEVEL_TAGS = frozenset(
    {*_HEADING_LEVELS, "p", "ul", "ol", "table", "div", "hr", "nav", "section"}
)
_LIST_ITEM_BLOCK_TAGS = frozenset({"p", "ul", "ol"})
_CELL_BLOCK_TAGS = frozenset({"p"})
_SUBSET_TAGS = frozenset(
    {
        *_TOP_LEVEL_TAGS,
        *_INLINE_TAGS,
        "li",
        "caption",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "dl",
        "dt",
        "dd",
    }
)
_COVER_PARAGRAPH_CLASSES = ("subtitle", "marking", "notice")
_MAX_TOC_DEPTH = 4

# A piece of inline content before whitespace is collapsed: (text, bold, italic) or a break.
_Piece = tuple[str, bool, bool] | LineBreak


def parse_subset(markup: str, origin: str = "") -> tuple[Block, ...]:
    """Parse rendered template output (the documented HTML subset) into document blocks.

    ``origin`` names the rendered template; it locates errors in markup that carries no source
    marks (markup that did not come from template text).
    """
    blocks = _read_with_fast_path(markup, origin)
    return blocks if blocks is not None else _read_general(markup, origin)


def _read_general(markup: str, origin: str) -> tuple[Block, ...]:
    """Parse all of ``markup`` as HTML and read the tree (the reference for the fast path)."""
    _refuse_illegal_characters(markup, origin)
    return _SubsetReader(origin).document(_parse_html(markup))


def _refuse_illegal_characters(markup: str, origin: str) -> None:
    """Refuse markup holding a character XML forbids (checked before anything else)."""
    illegal = _XML_ILLEGAL.search(markup)
    if illegal is not None:
        line = markup.count("\n", 0, illegal.start()) + 1
        raise TemplateSubsetError(
            f"the rendered text holds U+{ord(illegal.group()):04X}, a character a document "
            f"cannot hold (line {line} of the rendered output)",
            origin,
        )


def _parse_html(markup: str) -> etree._Element:
    parser = etree.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        huge_tree=True,
    )
    # The wrapper adds no newline, so source lines of the output stay as they are.
    wrapped = b"<html><body>" + markup.encode("utf-8") + b"</body></html>"
    return etree.fromstring(wrapped, parser)


def _has_text(text: str | None) -> bool:
    """Whether ``text`` holds anything but HTML whitespace."""
    return bool(text and text.strip(_HTML_WHITESPACE_CHARS))


def _collapse(text: str) -> str:
    # Most text has single spaces only and needs nothing. Substring tests tell so several times
    # faster than a regular expression search, which matters over thousands of long paragraphs.
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text:
        return _HTML_WHITESPACE.sub(" ", text)
    return text


class _Refused(Exception):
    """An attribute value or table shape outside the subset; the message still lacks the line it
    came from. (The checks that raise it are shared by the fast path, which only declines.)"""


class _RefusedRow(_Refused):
    """A table row that does not fit the grid: ``row`` counts the table's rows from 0."""

    def __init__(self, message: str, row: int) -> None:
        super().__init__(message)
        self.row = row


def _positive_int(attribute: str, raw: str, maximum: int) -> int:
    """The whole number an attribute such as ``colspan`` gives, from 1 to ``maximum``."""
    raw = raw.strip()
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= maximum:
        raise _Refused(f'{attribute}="{raw}" must be a whole number from 1 to {maximum}')
    return value


def _widths(raw: str, columns: int) -> tuple[float, ...]:
    """The relative column widths ``data-widths`` gives a table of ``columns`` columns."""
    widths: list[float] = []
    for part in raw.replace("،", ",").split(","):
        try:
            width = float(part)
        except ValueError:
            width = math.nan
        if not (math.isfinite(width) and width > 0):
            raise _Refused(f'data-widths="{raw}" must be positive numbers separated by commas')
        widths.append(width)
    if len(widths) != columns:
        raise _Refused(f'data-widths="{raw}" gives {len(widths)} widths for {columns} columns')
    return tuple(widths)


def _grid_columns(rows: Sequence[Row]) -> int:
    """The columns of a table: every row must fill the same columns, counting cells that span
    down into it, and no rowspan may reach past the last row."""
    columns = 0
    spanning: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    for index, row in enumerate(rows):
        covered = set(spanning)
        occupied = set(covered)
        column = 0
        starting: dict[int, int] = {}
        for cell in row.cells:
            while column in covered:
                column += 1
            span = range(column, column + cell.colspan)
            if covered.intersection(span):
                raise _RefusedRow("a cell overlaps a cell spanning down from a row above", index)
            occupied.update(span)
            if cell.rowspan > 1:
                starting.update(dict.fromkeys(span, cell.rowspan - 1))
            column += cell.colspan
        width = len(occupied)
        if occupied != set(range(width)):
            raise _RefusedRow("this row leaves a gap between its cells", index)
        if index == 0:
            columns = width
        elif width != columns:
            raise _RefusedRow(
                f"this row fills {width} columns, the table's first row {columns}", index
            )
        spanning = {col: left - 1 for col, left in spanning.items() if left > 1}
        spanning.update(starting)
    if spanning:
        raise _Refused("a rowspan reaches past the table's last row")
    return columns


def _describe_tags(tags: Iterable[str]) -> str:
    return ", ".join(f"<{tag}>" for tag in sorted(tags))


# A document repeats a handful of class values thousands of times (refusals are not cached).
@functools.lru_cache(maxsize=256)
def _alignment_and_role(
    tag: str, classes: str | None, default: Align, *, roles: bool
) -> tuple[Align, str]:
    """The alignment and role a ``class`` attribute gives a ``<tag>``: paragraphs take an
    alignment and a role, cells (``roles=False``) an alignment only."""
    align: Align | None = None
    role = ""
    for name in (classes or "").split():
        if name in _ALIGN_CLASSES:
            if align is not None:
                raise _Refused(f"two alignment classes on <{tag}>")
            align = _ALIGN_CLASSES[name]
        elif name in ("left", "right"):
            raise _Refused(
                f'class "{name}": alignment is logical in right-to-left text; '
                'use "start" (the right edge) or "end"'
            )
        elif not roles:
            raise _Refused(
                f'<{tag}> takes only alignment classes (start, center, end, justify), not "{name}"'
            )
        elif not _ROLE_CLASS.match(name):
            raise _Refused(f'class "{name}" is not a valid role name')
        elif role:
            raise _Refused(f'<{tag}> has two role classes, "{role}" and "{name}"')
        else:
            role = name
    return (align or default), role


class _SubsetReader:
    """Walks the parsed tree; each method reads one kind of element into model objects."""

    def __init__(self, origin: str, preread: Sequence[list[Block]] = ()) -> None:
        self._origin = origin
        # Blocks the fast path read, one list for each placeholder in the markup, in order.
        self._preread = preread
        self._placeholders_seen = 0

    def placed_all_preread(self) -> bool:
        """Whether every placeholder was a child of ``<body>``: only then are the blocks read
        in its place where the parser would have put them."""
        return self._placeholders_seen == len(self._preread)

    # --- errors -------------------------------------------------------------------------------

    def _error(self, element: etree._Element, message: str) -> TemplateSubsetError:
        template, _, line = (element.get(SOURCE_ATTRIBUTE) or "").rpartition(":")
        if template and line.isdecimal():
            return TemplateSubsetError(message, template, int(line))
        return TemplateSubsetError(
            f"{message} (line {element.sourceline} of the rendered output)", self._origin
        )

    def _misplaced(
        self, element: etree._Element, parent: etree._Element, allowed: Iterable[str]
    ) -> TemplateSubsetError:
        tag = element.tag
        allowed_text = _describe_tags(allowed) or "no elements"
        if tag not in _SUBSET_TAGS:
            return self._error(
                element,
                f"<{tag}> is not part of the template subset (see docs/templates.md); "
                f"inside <{parent.tag}> use {allowed_text}",
            )
        return self._error(
            element, f"<{tag}> is not allowed inside <{parent.tag}>; use {allowed_text}"
        )

    def _stray_text(self, parent: etree._Element, after: etree._Element | None) -> None:
        where = after if after is not None else parent
        raise self._error(
            where,
            f"text directly inside <{parent.tag}>: put it in <p>, a heading, <li> or a cell",
        )

    # --- attributes and classes ---------------------------------------------------------------

    def _check_attributes(self, element: etree._Element, *allowed: str) -> None:
        keys = element.keys()
        if len(keys) == 1 and keys[0] == SOURCE_ATTRIBUTE:  # the common case, checked fast
            return
        for key in keys:
            name = key.decode() if isinstance(key, bytes) else key
            if name != SOURCE_ATTRIBUTE and name not in allowed:
                takes = ", ".join(allowed) if allowed else "no attributes"
                raise self._error(
                    element, f'<{element.tag}> does not take the attribute "{name}" ({takes})'
                )

    def _classes(self, element: etree._Element) -> list[str]:
        return element.get("class", "").split()

    def _require_class(self, element: etree._Element, required: str) -> None:
        self._check_attributes(element, "class")
        if self._classes(element) != [required]:
            raise self._error(
                element,
                f'<{element.tag}> is in the subset only as <{element.tag} class="{required}">',
            )

    def _alignment_and_role(
        self, element: etree._Element, default: Align, *, roles: bool
    ) -> tuple[Align, str]:
        try:
            return _alignment_and_role(element.tag, element.get("class"), default, roles=roles)
        except _Refused as refused:
            raise self._error(element, str(refused)) from None

    def _positive_int(self, element: etree._Element, attribute: str, maximum: int) -> int:
        raw = element.get(attribute)
        if raw is None:
            return 1
        try:
            return _positive_int(attribute, raw, maximum)
        except _Refused as refused:
            raise self._error(element, str(refused)) from None

    # --- document and blocks ------------------------------------------------------------------

    def document(self, root: etree._Element) -> tuple[Block, ...]:
        blocks: list[Block] = []
        for part in root:
            if not isinstance(part.tag, str):
                continue
            if part.tag == "head":
                for misplaced in part:
                    raise self._misplaced(misplaced, part, _TOP_LEVEL_TAGS)
                continue
            blocks.extend(self._top_level(part))
        return tuple(blocks)

    def _top_level(self, body: etree._Element) -> list[Block]:
        blocks: list[Block] = []
        if _has_text(body.text):
            self._stray_text(body, None)
        for child in body:
            tag = child.tag
            if tag == "p":  # most of a long document: skip the checks that follow
                blocks.append(self._paragraph(child, Align.JUSTIFY))
            elif tag == _PLACEHOLDER_TAG and self._placeholders_seen < len(self._preread):
                # A run of blocks the fast path read (see "fast path" below).
                blocks.extend(self._preread[self._placeholders_seen])
                self._placeholders_seen += 1
            elif isinstance(tag, str):
                if tag not in _TOP_LEVEL_TAGS:
                    raise self._misplaced(child, body, _TOP_LEVEL_TAGS)
                block = self._block(child)
                if block is not None:
                    blocks.append(block)
            if _has_text(child.tail):
                self._stray_text(body, child)
        return blocks

    def _block(self, element: etree._Element, default_align: Align = Align.JUSTIFY) -> Block | None:
        tag = element.tag
        if tag == "p":
            return self._paragraph(element, default_align)
        if tag in _HEADING_LEVELS:
            return self._heading(element)
        if tag in ("ul", "ol"):
            return self._list(element)
        if tag == "table":
            return self._table(element)
        if tag in ("div", "hr"):
            self._require_class(element, "page-break")
            self._require_empty(element)
            return PageBreak()
        if tag == "nav":
            return self._table_of_contents(element)
        if tag == "section":
            return self._cover(element)
        raise AssertionError(f"unhandled block tag {tag}")  # callers pass only block tags

    def _require_empty(self, element: etree._Element) -> None:
        if len(element) or _has_text(element.text):
            raise self._error(element, f"<{element.tag} class=...> must be empty")

    def _heading(self, element: etree._Element) -> Heading:
        self._check_attributes(element, "class", "data-number")
        classes = self._classes(element)
        if any(name != "no-toc" for name in classes):
            raise self._error(element, 'a heading takes only the class "no-toc"')
        return Heading(
            level=_HEADING_LEVELS[element.tag],
            inlines=self._inline_content(element),
            number=_collapse(element.get("data-number", "")).strip(" "),
            in_toc="no-toc" not in classes,
        )

    def _paragraph(self, element: etree._Element, default_align: Align) -> Paragraph:
        if element.keys() == _SOURCE_ONLY:  # no class, the commonest paragraph: nothing to read
            align, role = default_align, ""
        else:
            self._check_attributes(element, "class")
            align, role = self._alignment_and_role(element, default_align, roles=True)
        return Paragraph(self._inline_content(element), align, role)

    def _list(self, element: etree._Element) -> ListBlock | None:
        self._check_attributes(element)
        items: list[ListItem] = []
        if _has_text(element.text):
            self._stray_text(element, None)
        for child in element:
            if isinstance(child.tag, str):
                if child.tag != "li":
                    raise self._misplaced(child, element, ["li"])
                items.append(self._list_item(child))
            if _has_text(child.tail):
                self._stray_text(element, child)
        # A list a template filled from empty data has nothing to show.
        return ListBlock(tuple(items), ordered=element.tag == "ol") if items else None

    def _list_item(self, element: etree._Element) -> ListItem:
        self._check_attributes(element)
        parts = self._flow(element, _LIST_ITEM_BLOCK_TAGS)
        leading = parts[0]
        inlines = _normalise_inlines(leading) if isinstance(leading, list) else ()
        children: list[Block] = []
        for part in parts[1:]:
            if isinstance(part, list):
                loose = _normalise_inlines(part)
                if loose:
                    children.append(Paragraph(loose))
            else:
                children.append(part)
        return ListItem(inlines, tuple(children))

    def _table_of_contents(self, element: etree._Element) -> TableOfContents:
        self._check_attributes(element, "class", "data-title", "data-depth")
        if self._classes(element) != ["toc"]:
            raise self._error(element, '<nav> is in the subset only as <nav class="toc">')
        self._require_empty(element)
        depth = (
            self._positive_int(element, "data-depth", _MAX_TOC_DEPTH)
            if (element.get("data-depth") is not None)
            else TableOfContents.depth
        )
        title = element.get("data-title")
        if title is None:
            return TableOfContents(depth=depth)
        return TableOfContents(title=_collapse(title).strip(" "), depth=depth)

    # --- cover ----------------------------------------------------------------------------------

    def _cover(self, element: etree._Element) -> Cover:
        self._require_class(element, "cover")
        title: str | None = None
        singles: dict[str, str] = {}
        facts: tuple[tuple[str, str], ...] | None = None
        notices: list[str] = []
        allowed = ("h1", "p", "dl")
        if _has_text(element.text):
            self._stray_text(element, None)
        for child in element:
            if isinstance(child.tag, str):
                tag = child.tag
                if tag == "h1":
                    self._check_attributes(child)
                    if title is not None:
                        raise self._error(child, "the cover has two titles (<h1>)")
                    title = self._plain_text(child)
                elif tag == "p":
                    role = self._cover_paragraph_role(child)
                    if role == "notice":
                        notices.append(self._plain_text(child))
                    elif role in singles:
                        raise self._error(child, f'the cover has two <p class="{role}">')
                    else:
                        singles[role] = self._plain_text(child)
                elif tag == "dl":
                    if facts is not None:
                        raise self._error(child, "the cover has two lists of facts (<dl>)")
                    facts = self._facts(child)
                else:
                    raise self._misplaced(child, element, allowed)
            if _has_text(child.tail):
                self._stray_text(element, child)
        if title is None:
            raise self._error(
                element, 'the cover needs a title: <h1> inside <section class="cover">'
            )
        return Cover(
            title=title,
            subtitle=singles.get("subtitle", ""),
            facts=facts or (),
            marking=singles.get("marking", ""),
            notices=tuple(notices),
        )

    def _cover_paragraph_role(self, element: etree._Element) -> str:
        self._check_attributes(element, "class")
        classes = self._classes(element)
        if len(classes) != 1 or classes[0] not in _COVER_PARAGRAPH_CLASSES:
            names = ", ".join(f'"{name}"' for name in _COVER_PARAGRAPH_CLASSES)
            raise self._error(element, f"a <p> on the cover takes one class of {names}")
        return classes[0]

    def _facts(self, element: etree._Element) -> tuple[tuple[str, str], ...]:
        self._check_attributes(element)
        facts: list[tuple[str, str]] = []
        label: str | None = None
        if _has_text(element.text):
            self._stray_text(element, None)
        for child in element:
            if isinstance(child.tag, str):
                tag = child.tag
                self._check_attributes(child)
                if tag == "dt" and label is None:
                    label = self._plain_text(child)
                elif tag == "dd" and label is not None:
                    facts.append((label, self._plain_text(child)))
                    label = None
                elif tag in ("dt", "dd"):
                    raise self._error(child, "a <dl> of facts alternates <dt> label, <dd> value")
                else:
                    raise self._misplaced(child, element, ["dt", "dd"])
            if _has_text(child.tail):
                self._stray_text(element, child)
        if label is not None:
            raise self._error(element, f"the fact {label!r} has a <dt> but no <dd>")
        return tuple(facts)

    def _plain_text(self, element: etree._Element) -> str:
        for child in element:
            if isinstance(child.tag, str):
                raise self._error(
                    child,
                    f"<{child.tag}> is not allowed inside <{element.tag}>: it holds plain "
                    "text only",
                )
        return _collapse(element.text or "").strip(" ")

    # --- tables -------------------------------------------------------------------------------

    def _table(self, element: etree._Element) -> Table | None:
        self._check_attributes(element, "data-widths")
        caption = ""
        header_rows: list[Row] = []
        body_rows: list[Row] = []
        row_elements: list[etree._Element] = []
        seen_caption = seen_head = seen_body = False
        if _has_text(element.text):
            self._stray_text(element, None)
        for child in element:
            if isinstance(child.tag, str):
                tag = child.tag
                if tag == "caption":
                    self._check_attributes(child)
                    if seen_caption or seen_head or seen_body:
                        raise self._error(child, "<caption> must be the first thing in <table>")
                    caption = self._plain_text(child)
                    seen_caption = True
                elif tag == "thead":
                    if seen_head or seen_body:
                        raise self._error(
                            child, "<thead> must come once, before <tbody> and the body rows"
                        )
                    header_rows = self._row_group(child, row_elements)
                    seen_head = True
                elif tag == "tbody":
                    body_rows.extend(self._row_group(child, row_elements))
                    seen_body = True
                elif tag == "tr":
                    body_rows.append(self._row(child))
                    row_elements.append(child)
                    seen_body = True
                else:
                    raise self._misplaced(child, element, ["caption", "thead", "tbody", "tr"])
            if _has_text(child.tail):
                self._stray_text(element, child)
        rows = (*header_rows, *body_rows)
        if not rows:
            # A table a template filled from empty data has nothing to show.
            return None
        columns = self._check_grid(element, rows, row_elements)
        widths = self._widths(element, columns)
        return Table(rows, header_rows=len(header_rows), widths=widths, caption=caption)

    def _row_group(self, element: etree._Element, row_elements: list[etree._Element]) -> list[Row]:
        self._check_attributes(element)
        rows: list[Row] = []
        if _has_text(element.text):
            self._stray_text(element, None)
        for child in element:
            if isinstance(child.tag, str):
                if child.tag != "tr":
                    raise self._misplaced(child, element, ["tr"])
                rows.append(self._row(child))
                row_elements.append(child)
            if _has_text(child.tail):
                self._stray_text(element, child)
        return rows

    def _row(self, element: etree._Element) -> Row:
        self._check_attributes(element)
        cells: list[Cell] = []
        if _has_text(element.text):
            self._stray_text(element, None)
        for child in element:
            if isinstance(child.tag, str):
                if child.tag not in ("td", "th"):
                    raise self._misplaced(child, element, ["td", "th"])
                cells.append(self._cell(child))
            if _has_text(child.tail):
                self._stray_text(element, child)
        return Row(tuple(cells))

    def _cell(self, element: etree._Element) -> Cell:
        self._check_attributes(element, "class", "colspan", "rowspan")
        # Narrow columns justified with kashida stretch words into gaps; cells start-align.
        align, _ = self._alignment_and_role(element, Align.START, roles=False)
        paragraphs: list[Paragraph] = []
        for part in self._flow(element, _CELL_BLOCK_TAGS, default_align=align):
            if isinstance(part, list):
                inlines = _normalise_inlines(part)
                if inlines:
                    paragraphs.append(Paragraph(inlines, align))
            elif isinstance(part, Paragraph):
                paragraphs.append(part)
        return Cell(
            tuple(paragraphs),
            colspan=self._positive_int(element, "colspan", _MAX_COLSPAN),
            rowspan=self._positive_int(element, "rowspan", _MAX_ROWSPAN),
        )

    def _check_grid(
        self,
        table: etree._Element,
        rows: Sequence[Row],
        row_elements: Sequence[etree._Element],
    ) -> int:
        try:
            return _grid_columns(rows)
        except _RefusedRow as refused:
            raise self._error(row_elements[refused.row], str(refused)) from None
        except _Refused as refused:
            raise self._error(table, str(refused)) from None

    def _widths(self, element: etree._Element, columns: int) -> tuple[float, ...]:
        raw = element.get("data-widths")
        if raw is None:
            return ()
        try:
            return _widths(raw, columns)
        except _Refused as refused:
            raise self._error(element, str(refused)) from None

    # --- inline content -----------------------------------------------------------------------

    def _inline_content(self, element: etree._Element) -> tuple[Inline, ...]:
        if not len(element):  # text alone, the common case: one run at most, no pieces to gather
            return _lone_run(element.text or "", bold=False, italic=False)
        pieces: list[_Piece] = []
        self._collect_inline(element, bold=False, italic=False, pieces=pieces)
        return _normalise_inlines(pieces)

    def _collect_inline(
        self, element: etree._Element, *, bold: bool, italic: bool, pieces: list[_Piece]
    ) -> None:
        if element.text:
            pieces.append((element.text, bold, italic))
        for child in element:
            if isinstance(child.tag, str):
                if child.tag not in _INLINE_TAGS:
                    raise self._misplaced(child, element, _INLINE_TAGS)
                self._inline_element(child, bold=bold, italic=italic, pieces=pieces)
            if child.tail:
                pieces.append((child.tail, bold, italic))

    def _inline_element(
        self, element: etree._Element, *, bold: bool, italic: bool, pieces: list[_Piece]
    ) -> None:
        self._check_attributes(element)
        tag = element.tag
        if tag == "br":
            pieces.append(LineBreak())
        else:
            self._collect_inline(
                element,
                bold=bold or tag in _BOLD_TAGS,
                italic=italic or tag in _ITALIC_TAGS,
                pieces=pieces,
            )

    def _flow(
        self,
        element: etree._Element,
        block_tags: frozenset[str],
        default_align: Align = Align.JUSTIFY,
    ) -> list[list[_Piece] | Block]:
        """Content mixing inline runs and blocks (``<li>``, cells): inline stretches between
        blocks are returned as piece lists; the first entry is always the leading stretch."""
        parts: list[list[_Piece] | Block] = []
        current: list[_Piece] = []
        if element.text:
            current.append((element.text, False, False))
        for child in element:
            if isinstance(child.tag, str):
                tag = child.tag
                if tag in block_tags:
                    parts.append(current)
                    current = []
                    block = self._block(child, default_align)
                    if block is not None:
                        parts.append(block)
                elif tag in _INLINE_TAGS:
                    self._inline_element(child, bold=False, italic=False, pieces=current)
                else:
                    raise self._misplaced(child, element, _INLINE_TAGS | block_tags)
            if child.tail:
                current.append((child.tail, False, False))
        parts.append(current)
        return parts


def _normalise_inlines(pieces: Sequence[_Piece]) -> tuple[Inline, ...]:
    """Collapse whitespace as HTML does (across tag boundaries, none at either end or around a
    line break) and merge neighbouring pieces of the same formatting into one run."""
    if len(pieces) == 1 and not isinstance(pieces[0], LineBreak):
        # The common case, a stretch of text with one formatting, without the general loop.
        text, bold, italic = pieces[0]
        return _lone_run(text, bold=bold, italic=italic)
    result: list[Inline] = []
    after_space = True  # at the start of a line leading whitespace is dropped
    for piece in pieces:
        if isinstance(piece, LineBreak):
            _drop_trailing_space(result)
            result.append(piece)
            after_space = True
            continue
        text, bold, italic = piece
        text = _collapse(text)
        if after_space and text.startswith(" "):
            text = text[1:]
        if not text:
            continue
        after_space = text.endswith(" ")
        last = result[-1] if result else None
        if isinstance(last, Run) and last.bold == bold and last.italic == italic:
            result[-1] = Run(last.text + text, bold, italic)
        else:
            result.append(Run(text, bold, italic))
    _drop_trailing_space(result)
    return tuple(result)


def _lone_run(text: str, *, bold: bool, italic: bool) -> tuple[Inline, ...]:
    """What :func:`_normalise_inlines` makes of a single stretch of text."""
    text = _collapse(text).strip(" ")
    return (Run(text, bold, italic),) if text else ()


def _drop_trailing_space(result: list[Inline]) -> None:
    last = result[-1] if result else None
    if isinstance(last, Run) and last.text.endswith(" "):
        if len(last.text) == 1:
            result.pop()
        else:
            result[-1] = Run(last.text[:-1], last.bold, last.italic)


# --- fast path --------------------------------------------------------------------------------
#
# Most of a long document is top-level paragraphs and headings of plain text, each written as one
# stretch of markup such as <p data-gdcpos-at="t:9" class="meta">text</p>, and tables of
# plain-text cells. Regular expressions read those several times faster than the HTML parser and
# a walk of its tree can.
#
# Whether such a stretch is a block of the body only the parser can tell (it may be inside a
# list, a comment, an attribute value or an element left open), so the parser still decides.
# Each run of these blocks is replaced by an empty placeholder element, the rest of the markup
# is parsed and read as usual, and the run's blocks take the placeholder's place, provided that
# every placeholder came out as a child of <body>. The parser closes no element for a tag it does
# not know, so that means no element was open there; from that state the parser makes of a run
# exactly the blocks read here (their text holds no markup and no character it would change,
# which the tests check) and is left in the state the placeholder leaves it in. Otherwise, or on
# any error, the general path reads the whole markup and reports errors with their lines.
#
# A table is read here only in the one shape the packaged templates write (see _read_table):
# lowercase tags, each closed explicitly, attributes in double quotes, cells of plain text and
# nothing but spaces, tabs and newlines between elements. Markup of that shape leaves the parser
# nothing to repair or guess, so it makes of it exactly the elements written. The reader's own
# checks (classes, spans, the grid, widths) are applied too, and a table failing any of them, or
# of any other shape, is left to the parser, to be read (or refused, with its line) as before.

# The parser ignores the case of tag names, but digits have none: markup can write this tag only
# by writing these digits, so where they are absent every placeholder is ours.
_PLACEHOLDER_MARK = "-31415926535"
_PLACEHOLDER_TAG = "gdcpos-preread" + _PLACEHOLDER_MARK
_PLACEHOLDER = f"<{_PLACEHOLDER_TAG}></{_PLACEHOLDER_TAG}>"

# Every character class below leaves out the characters XML forbids: the blocks read here hold
# none, so only the markup left to the parser needs looking at for them.

# An attribute value the parser keeps as written.
_ATTRIBUTE_VALUE = rf'[^"&<>\t\n\r\f{_XML_ILLEGAL_CHARS}]*'
# A source mark is never read, only skipped (its value ends at the quote); it is optional, as in
# markup written by tests.
_SOURCE = f'(?: {SOURCE_ATTRIBUTE}="[^"{_XML_ILLEGAL_CHARS}]*+")?'
# In a table a source mark holds no "<" either: every "<" of a table's markup then starts a tag,
# so the rows and cells of a table can be found again by searching its markup (the token pattern).
_TABLE_SOURCE = f'(?: {SOURCE_ATTRIBUTE}="[^"<{_XML_ILLEGAL_CHARS}]*+")?'
# Text as the environment escapes it: no markup, only the five references markupsafe writes,
# and no carriage return or form feed. (Possessive, so a failed match is not retried shorter.)
_TEXT_CHARS = rf"[^<&\r\f{_XML_ILLEGAL_CHARS}]*+"
_ESCAPED_TEXT = f"{_TEXT_CHARS}(?:&(?:amp|lt|gt|#34|#39);{_TEXT_CHARS})*+"
_SIMPLE_BLOCK = re.compile(
    # The "<" is matched once, before the alternatives: that halves the time spent at the many
    # "<" that start none of them (a table row has a dozen).
    "<(?:"
    # a paragraph of plain text, or of one bold run
    f'p{_SOURCE}(?: class="([a-z0-9 -]*)")?>'
    f"(?:({_ESCAPED_TEXT})|<strong{_SOURCE}>({_ESCAPED_TEXT})</strong>)</p>"
    # a heading of plain text, numbered or not
    f'|h([1-4]){_SOURCE}(?: data-number="({_ATTRIBUTE_VALUE})")?>'
    rf"({_ESCAPED_TEXT})</h\4>"  # the same level as it opened
    # the start tag of a table the fast path may read (_read_table reads on from its end)
    f'|(table){_TABLE_SOURCE}(?: data-widths="({_ATTRIBUTE_VALUE})")?>'
    # the elements of the subset that hold paragraphs: blocks inside them are not top-level
    r"|(?i:(ul|ol|table|section)[\t\n\f\r />]|/(ul|ol|table|section)\b)"
    ")"
)

# The parser turns a form feed between table elements into U+FFFD (text, not whitespace), and
# templates write only these between them.
_TABLE_SPACE = "[ \t\n]*+"
# Any order, no repeats (checked when read); values as the parser keeps them.
_CELL_ATTRIBUTES = f'(?: (?:class|colspan|rowspan)="{_ATTRIBUTE_VALUE}")*+'
# A cell closes with the tag it opened with.
_TABLE_ROW = (
    f"{_TABLE_SPACE}<tr{_TABLE_SOURCE}>(?:{_TABLE_SPACE}(?:"
    f"<td{_TABLE_SOURCE}{_CELL_ATTRIBUTES}>{_ESCAPED_TEXT}</td>"
    f"|<th{_TABLE_SOURCE}{_CELL_ATTRIBUTES}>{_ESCAPED_TEXT}</th>"
    f"))*+{_TABLE_SPACE}</tr>"
)
# All of a table after its start tag, in the order the reader requires: the caption (its text
# the group), at most one <thead>, then <tbody> groups and bare rows. One match checks the
# shape of a whole table; the token pattern below then picks out its rows and cells.
_TABLE_REST_SOURCE = (
    f"(?:{_TABLE_SPACE}<caption{_TABLE_SOURCE}>({_ESCAPED_TEXT})</caption>)?"
    f"(?:{_TABLE_SPACE}<thead{_TABLE_SOURCE}>(?:{_TABLE_ROW})*+{_TABLE_SPACE}</thead>)?"
    f"(?:{_TABLE_SPACE}<tbody{_TABLE_SOURCE}>(?:{_TABLE_ROW})*+{_TABLE_SPACE}</tbody>"
    f"|{_TABLE_ROW})*+"
    f"{_TABLE_SPACE}</table>"
)
# In a table the pattern above matched, every "<" starts a tag (no text or attribute holds one), so
# searching finds each row's start, the header's end and each cell: (tag, attributes, text)
# with the tag "tr" or "/thead" for the first two and empty for a cell. (<thead> is no cell:
# "ead" follows its "<th".)
_TABLE_TOKEN_SOURCE = (
    f"<(tr|/thead)[ >]|<t[dh]{_TABLE_SOURCE}({_CELL_ATTRIBUTES})>({_ESCAPED_TEXT})</t[dh]>"
)


@functools.cache
def _table_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The table's rest and its tokens (`_TABLE_REST_SOURCE`, `_TABLE_TOKEN_SOURCE`), compiled when
    the first table is read: compiling them takes longer than the rest of this module's import,
    and a document without tables never uses them."""
    return re.compile(_TABLE_REST_SOURCE), re.compile(_TABLE_TOKEN_SOURCE)


_CELL_ATTRIBUTE = re.compile(r' ([a-z]+)="([^"]*)"')
# Not yet looked up, as against None: classes the fast path leaves to the parser to refuse.
_UNSEEN = (Align.JUSTIFY, "?")


@dataclass
class _PrereadRun:
    """Blocks read from ``markup[start:end]``, with nothing but whitespace between them."""

    start: int
    end: int
    blocks: list[Block]


def _read_with_fast_path(markup: str, origin: str) -> tuple[Block, ...] | None:
    """The blocks of ``markup``, or None where the general path must read it (see above)."""
    if _PLACEHOLDER_MARK in markup:  # it might write a placeholder of its own
        return None
    runs = _preread_runs(markup)
    if not runs:
        return None
    rest: list[str] = []
    position = 0
    for run in runs:
        rest += (markup[position : run.start], _PLACEHOLDER)
        position = run.end
    rest.append(markup[position:])
    rest_markup = "".join(rest)
    if _XML_ILLEGAL.search(rest_markup) is not None:
        _refuse_illegal_characters(markup, origin)  # named where it is in the markup as written
    reader = _SubsetReader(origin, [run.blocks for run in runs])
    try:
        blocks = reader.document(_parse_html(rest_markup))
    except TemplateSubsetError:
        return None  # reported by the general path, with lines of the markup as written
    return blocks if reader.placed_all_preread() else None


def _preread_runs(markup: str) -> list[_PrereadRun]:
    """The simple blocks and tables of ``markup`` outside lists, tables and the cover, in runs.

    Each block is read as :meth:`_SubsetReader.document` would read it; this loop runs once for
    each of tens of thousands of blocks, so it is written out rather than split into calls.
    """
    runs: list[_PrereadRun] = []
    run: _PrereadRun | None = None
    holders = 0  # lists, tables and covers open at this point of the markup
    styles: dict[str | None, tuple[Align, str] | None] = {}  # paragraph classes: align, role
    cells: dict[tuple[str, str, str], Cell] = {}  # table cells repeat (labels, counts)
    block: Block | None
    search = _SIMPLE_BLOCK.search
    position = 0
    while (match := search(markup, position)) is not None:
        position = end = match.end()
        classes, text, bold, level, number, heading, table, widths, opens, closes = match.groups()
        if table is not None:
            read = None if holders else _read_table(markup, end, widths, cells)
            if read is None:
                holders += 1  # left to the parser, like any other table
                continue
            position = end = read[0]
            block = read[1]
        elif opens is not None:
            holders += 1
            continue
        elif closes is not None:
            if holders:
                holders -= 1
            continue
        elif holders:
            continue
        else:
            if level is not None:
                text = heading
            elif text is None:
                text = bold
            # What _lone_run(html.unescape(text)) makes, written out; the expression leaves out
            # \r and \f, so only these can need collapsing.
            if "&" in text:
                text = html.unescape(text)
            if "  " in text or "\n" in text or "\t" in text:
                text = _HTML_WHITESPACE.sub(" ", text)
            text = text.strip(" ")
            inlines: tuple[Inline, ...] = (Run(text, bold is not None, False),) if text else ()
            if level is not None:
                if number is None:
                    number = ""
                elif "  " in number:
                    number = _HTML_WHITESPACE.sub(" ", number)
                block = Heading(int(level), inlines, number.strip(" "))
            else:
                style = styles.get(classes, _UNSEEN)
                if style is _UNSEEN:
                    try:
                        style = _alignment_and_role("p", classes, Align.JUSTIFY, roles=True)
                    except _Refused:
                        style = None
                    styles[classes] = style
                if style is None:
                    continue  # left to the parser, to be reported with its line
                block = Paragraph(inlines, style[0], style[1])
        start = match.start()
        # Whitespace between blocks becomes text the reader ignores: a run can leave it out.
        if run is None or markup[run.end : start].strip(_HTML_WHITESPACE_CHARS):
            run = _PrereadRun(start, end, [])
            runs.append(run)
        else:
            run.end = end
        if block is not None:  # None: a table without rows, which the reader leaves out
            run.blocks.append(block)
    return runs


def _read_table(
    markup: str, position: int, widths: str | None, known: dict[tuple[str, str, str], Cell]
) -> tuple[int, Table | None] | None:
    """The table whose start tag ends at ``position``, as :meth:`_SubsetReader._table` reads it:
    where its markup ends, and the table (None if it has no rows); or None if it is of another
    shape than this reads, or the reader would refuse it. ``known`` holds cells already read."""
    table_rest, table_token = _table_patterns()
    match = table_rest.match(markup, position)
    if match is None:
        return None
    end = match.end()
    rows: list[list[Cell]] = []
    cells: list[Cell] = []
    header_rows = 0
    try:
        for token in table_token.findall(markup, position, end):
            tag = token[0]
            if not tag:
                cell = known.get(token)
                if cell is None:
                    cell = known[token] = _read_cell(token[1], token[2])
                cells.append(cell)
            elif tag == "tr":
                cells = []
                rows.append(cells)
            else:
                header_rows = len(rows)
        if not rows:
            return end, None  # a table a template filled from empty data
        table_rows = tuple([Row(tuple(cells)) for cells in rows])
        columns = len(table_rows[0].cells)
        # Every cell spanning more than one column or row says so in the table's markup; without
        # any, every row fills as many columns as it has cells.
        spans = markup.find("span=", position, end) != -1
        if spans or any(len(row.cells) != columns for row in table_rows):
            columns = _grid_columns(table_rows)
        table = Table(
            table_rows,
            header_rows=header_rows,
            widths=() if widths is None else _widths(widths, columns),
            caption="" if match[1] is None else _unescaped_text(match[1]),
        )
    except _Refused:
        return None  # left to the parser, to be reported with its line
    return end, table


def _read_cell(attributes: str, text: str) -> Cell:
    """A cell of plain text, as :meth:`_SubsetReader._cell` reads it."""
    align, colspan, rowspan = _cell_attributes(attributes)
    text = _unescaped_text(text)
    return Cell((Paragraph((Run(text),), align),) if text else (), colspan, rowspan)


@functools.lru_cache(maxsize=256)
def _cell_attributes(attributes: str) -> tuple[Align, int, int]:
    """The alignment, colspan and rowspan a cell's attributes (as the token pattern found them)
    give."""
    found = _CELL_ATTRIBUTE.findall(attributes)
    values = dict(found)
    if len(values) != len(found):
        raise _Refused("an attribute given twice")  # which one the parser keeps is its business
    align, _ = _alignment_and_role("td", values.get("class"), Align.START, roles=False)
    colspan = rowspan = 1
    if "colspan" in values:
        colspan = _positive_int("colspan", values["colspan"], _MAX_COLSPAN)
    if "rowspan" in values:
        rowspan = _positive_int("rowspan", values["rowspan"], _MAX_ROWSPAN)
    return align, colspan, rowspan


def _unescaped_text(text: str) -> str:
    """What the reader makes of escaped ``text`` as an element's only content."""
    if "&" in text:
        text = html.unescape(text)
    return _collapse(text).strip(" ")
