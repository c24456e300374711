"""Plain, immutable dataclasses for a right-to-left document.

Text in the model is already normalised Persian (see ``gdcpos.persian``); numbers that are the
document's own (heading numbers, list numbers) are stored as the text a reader should see, because
Word has no Persian list numbering (``../shared/persian-docx.md``, Digits).
"""

from __future__ import annotations

import datetime as _dt
import enum
from dataclasses import dataclass, field


class Align(enum.StrEnum):
    """Logical alignment: ``START`` is the right edge in a right-to-left paragraph."""

    START = "start"
    CENTER = "center"
    END = "end"
    JUSTIFY = "justify"


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting; writers split it by script where they must."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class LineBreak:
    """A manual line break inside a paragraph."""


Inline = Run | LineBreak


@dataclass(frozen=True)
class Heading:
    """A numbered or unnumbered heading; ``number`` is display text such as ``۲-۱`` or empty."""

    level: int
    inlines: tuple[Inline, ...]
    number: str = ""
    in_toc: bool = True


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of runs; ``role`` names a style class (e.g. ``note``, ``meta``) or is empty."""

    inlines: tuple[Inline, ...]
    align: Align = Align.JUSTIFY
    role: str = ""


@dataclass(frozen=True)
class ListItem:
    """One item: its own text, then any nested lists or paragraphs."""

    inlines: tuple[Inline, ...]
    children: tuple[Block, ...] = ()


@dataclass(frozen=True)
class ListBlock:
    """A bulleted or numbered list; numbers are written as Persian text by the writers."""

    items: tuple[ListItem, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Cell:
    """A table cell; ``colspan``/``rowspan`` > 1 merge it with its neighbours."""

    blocks: tuple[Paragraph, ...]
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """A table whose first ``header_rows`` rows repeat on each page; columns run right to left.

    ``widths`` are relative column widths (any positive numbers), or empty for equal columns.
    A cell covered by another cell's ``rowspan`` is simply absent from the later rows' ``cells``.
    """

    rows: tuple[Row, ...]
    header_rows: int = 1
    widths: tuple[float, ...] = ()
    caption: str = ""


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


@dataclass(frozen=True)
class TableOfContents:
    """A table of contents; the docx writer emits a TOC field that Word fills when opened."""

    title: str = "فهرست مطالب"
    depth: int = 3


@dataclass(frozen=True)
class Cover:
    """The cover block: title, subtitle, labelled facts (resolution, date, revision …), notices."""

    title: str
    subtitle: str = ""
    facts: tuple[tuple[str, str], ...] = ()
    marking: str = ""
    notices: tuple[str, ...] = ()


Block = Heading | Paragraph | ListBlock | Table | PageBreak | TableOfContents | Cover


@dataclass(frozen=True)
class DocumentInfo:
    """Metadata written into core properties and shown in the header and footer.

    ``marking`` is the classification marking printed in the header and footer (e.g. ``داخلی``);
    ``created`` is fixed by the caller (from ``SOURCE_DATE_EPOCH`` or the inputs) so that the same
    input gives the same bytes.
    """

    title: str
    created: _dt.datetime
    marking: str = ""
    subject: str = ""
    author: str = ""
    keywords: tuple[str, ...] = ()
    header_text: str = ""
    footer_text: str = ""
    language: str = "fa-IR"


@dataclass(frozen=True)
class Document:
    info: DocumentInfo
    blocks: tuple[Block, ...] = field(default_factory=tuple)
