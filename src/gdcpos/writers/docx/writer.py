"""The Word writer: a document model in, a reproducible .docx out, written atomically."""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO

from gdcpos.document.model import Document
from gdcpos.fsutil import atomic_writer
from gdcpos.writers.docx.assemble import assemble
from gdcpos.writers.docx.options import DocxOptions
from gdcpos.writers.docx.package import Package, rels_part_name
from gdcpos.writers.docx.reference import (
    load_reference,
    packaged_reference_bytes,
    reference_warnings,
)


class DocxWriter:
    """Writes Persian right-to-left Word documents on a reference.docx (see :class:`DocxOptions`).

    The same document and options give byte-identical files.
    """

    extension = ".docx"

    def __init__(self, options: DocxOptions | None = None) -> None:
        self.options = options if options is not None else DocxOptions()
        # Read once, here: a reference that cannot be used is found before any file is written.
        self._reference = load_reference(self.options.reference_docx)
        # What a workspace's reference would spoil in every document, for the build to report.
        self.reference_warnings = (
            reference_warnings(self._reference) if self.options.reference_docx else ()
        )

    def package(self, document: Document) -> Package:
        """The assembled package of ``document``, before it is zipped."""
        return self._assemble(document, deflate=False)

    def render(self, document: Document) -> bytes:
        """The bytes of the .docx for ``document``."""
        buffer = io.BytesIO()
        _write_package(self._assemble(document, deflate=True), buffer)
        return buffer.getvalue()

    def write(self, document: Document, target: Path) -> None:
        """Write ``document`` to ``target``; a failure part-way leaves any previous file intact."""
        package = self._assemble(document, deflate=True)
        with atomic_writer(target) as handle:
            _write_package(package, handle)

    def _assemble(self, document: Document, *, deflate: bool) -> Package:
        return assemble(document, self.options, self._reference, deflate=deflate)


def _write_package(package: Package, handle: IO[bytes]) -> None:
    """Zip ``package``: content types, package relationships, the main document and its
    relationships, then every other part by name."""
    main = package.main_document()
    package.write(handle, first=(main, rels_part_name(main)))


def export_reference_docx(target: Path) -> None:
    """Copy the packaged reference.docx to ``target`` (``gdcpos templates export``), as the
    starting point of a workspace's own ``templates/reference.docx``."""
    with atomic_writer(target) as handle:
        handle.write(packaged_reference_bytes())
