"""Writers turn the document model into files; :func:`writer_for` is the one place that maps an
output format to its writer. Heavy modules are imported only when a writer is asked for."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from gdcpos.document.model import Document


class OutputFormat(enum.StrEnum):
    """The formats ``gdcpos build --format`` accepts."""

    DOCX = "docx"
    HTML = "html"


class Writer(Protocol):
    """Something that writes a document model to a file.

    ``extension`` is the file-name suffix with its dot (``".docx"``), as ``Path.suffix`` gives it.
    ``write`` replaces ``target`` atomically: a failure leaves any previous file intact.
    """

    extension: str

    def write(self, document: Document, target: Path) -> None: ...


def writer_for(fmt: OutputFormat, **options: Any) -> Writer:
    """The writer for ``fmt``, configured with ``options`` (for docx, the fields of
    :class:`gdcpos.writers.docx.DocxOptions`)."""
    if fmt is OutputFormat.DOCX:
        from gdcpos.writers.docx import DocxOptions, DocxWriter

        return DocxWriter(DocxOptions(**options))
    if fmt is OutputFormat.HTML:
        from gdcpos.writers.html import HtmlWriter

        writer: Writer = HtmlWriter(**options)
        return writer
    raise ValueError(f"unknown output format: {fmt!r}")


__all__ = ["OutputFormat", "Writer", "writer_for"]
