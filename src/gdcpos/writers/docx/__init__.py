"""The Word (.docx) writer, split like pandoc's: ``xml`` (vocabulary), ``bidi`` (script runs),
``styles``, ``body`` (blocks → ``w:body``), ``headers``, ``fonts`` (the embedded page-number
font), ``properties``, ``package`` (zip, reproducible), ``reference`` (reference.docx) and
``assemble`` (putting them together)."""

from gdcpos.writers.docx.options import DocxOptions
from gdcpos.writers.docx.package import PackageError
from gdcpos.writers.docx.reference import ReferenceDocxError
from gdcpos.writers.docx.writer import DocxWriter, export_reference_docx
from gdcpos.writers.docx.xml import IllegalXmlCharacterError

__all__ = [
    "DocxOptions",
    "DocxWriter",
    "IllegalXmlCharacterError",
    "PackageError",
    "ReferenceDocxError",
    "export_reference_docx",
]
