"""The document model: what a document says and how it is structured, knowing nothing of Word.

Templates are parsed into it (``gdcpos.templating``); writers (``gdcpos.writers``) turn it into
.docx or .html.
"""

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
    ListItem,
    PageBreak,
    Paragraph,
    Row,
    Run,
    Table,
    TableOfContents,
)

__all__ = [
    "Align",
    "Block",
    "Cell",
    "Cover",
    "Document",
    "DocumentInfo",
    "Heading",
    "Inline",
    "LineBreak",
    "ListBlock",
    "ListItem",
    "PageBreak",
    "Paragraph",
    "Row",
    "Run",
    "Table",
    "TableOfContents",
]
