"""reference.docx: the packaged one, a workspace's own, and how the packaged one is built.

As with pandoc's ``--reference-doc``, a reference supplies page setup (its last section), styles,
settings, theme, header and footer; its body is only a sample. The packaged reference is built by
``tools/make_reference_docx.py`` from this module, so the code and the file cannot drift apart
(a test compares them).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from importlib import resources
from pathlib import Path

from lxml import etree

from gdcpos.diagnostics import os_reason
from gdcpos.document.model import (
    Align,
    Cell,
    Document,
    DocumentInfo,
    Heading,
    ListBlock,
    ListItem,
    Paragraph,
    Row,
    Run,
    Table,
)
from gdcpos.writers.docx import headers
from gdcpos.writers.docx.assemble import (
    assemble,
    default_section,
    default_settings,
    placeholders_left,
)
from gdcpos.writers.docx.fonts import new_font_table
from gdcpos.writers.docx.options import DocxOptions
from gdcpos.writers.docx.package import Package, PackageError, Relationship, rels_part_name
from gdcpos.writers.docx.styles import default_styles_part
from gdcpos.writers.docx.xml import (
    CT_FONT_TABLE,
    CT_FOOTER,
    CT_HEADER,
    CT_MAIN,
    CT_SETTINGS,
    CT_STYLES,
    REL_FONT_TABLE,
    REL_FOOTER,
    REL_HEADER,
    REL_OFFICE_DOCUMENT,
    REL_SETTINGS,
    REL_STYLES,
    WORD_NSMAP,
    el,
    parse,
    qn,
    serialize,
)

PACKAGED_REFERENCE_NAME = "reference.docx"
MAIN_PART = "word/document.xml"


class ReferenceDocxError(ValueError):
    """A reference.docx that cannot be used: missing, unreadable or not a Word document.

    ``reason`` is what is wrong with the file at ``path``, for a message that locates it.
    """

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def packaged_reference_bytes() -> bytes:
    """The bytes of the reference.docx shipped in ``gdcpos/resources``."""
    return (resources.files("gdcpos.resources") / PACKAGED_REFERENCE_NAME).read_bytes()


@functools.lru_cache(maxsize=1)
def _packaged_reference() -> Package:
    return Package.from_bytes(packaged_reference_bytes())


def load_reference(path: Path | None) -> Package:
    """The reference package at ``path``, or the packaged one when ``path`` is ``None``."""
    if path is None:
        return _packaged_reference()
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReferenceDocxError(
            path, f"cannot read the reference document: {os_reason(error)}"
        ) from error
    try:
        package = Package.from_bytes(data)
        package.check_xml()  # not the packaged one: this code made it, and every build loads it
        package.main_document()
    except PackageError as error:
        raise ReferenceDocxError(path, str(error)) from error
    # Put right once, here, for every document built on it (see put_run_properties_in_order).
    for name, content_type in package.content_types.items():
        if content_type in (CT_HEADER, CT_FOOTER):
            root = parse(package.parts[name])
            if headers.put_run_properties_in_order(root):
                package.parts[name] = serialize(root)
    return package


def reference_warnings(reference: Package) -> tuple[str, ...]:
    """What a workspace's reference would spoil without stopping the build: placeholder texts
    its header or footer would print on every page."""
    left = placeholders_left(reference)
    if not left:
        return ()
    found = set().union(*left.values())
    shown = [f"«{text}»" for text in headers.PLACEHOLDER_TEXTS if text in found]
    texts = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"
    them, these = ("them", "these texts") if len(shown) > 1 else ("it", "this text")
    places = "the header and footer hold" if len(left) == 2 else f"the {next(iter(left))} holds"
    return (
        f"{texts} would show on every page: {places} {them} outside any content control gdcpos "
        "fills (LibreOffice turns the controls into fields when the reference goes through "
        ".odt); put back the header and footer of an exported reference (gdcpos templates "
        f"export), or delete {these} (docs/templates.md)",
    )


# -- building the packaged reference ----------------------------------------------------------


def _bootstrap_package(options: DocxOptions) -> Package:
    """A minimal package holding the code's defaults, to be completed by :func:`assemble`."""
    package = Package({}, {})
    section = default_section()
    section.insert(0, el("w:footerReference", {"w:type": "default", "r:id": "rId5"}))
    section.insert(0, el("w:headerReference", {"w:type": "default", "r:id": "rId4"}))
    document = etree.Element(qn("w:document"), nsmap=WORD_NSMAP)
    etree.SubElement(document, qn("w:body")).append(section)
    package.put(MAIN_PART, serialize(document), CT_MAIN)
    package.put("word/styles.xml", serialize(default_styles_part(options)), CT_STYLES)
    package.put("word/settings.xml", serialize(default_settings()), CT_SETTINGS)
    package.put("word/fontTable.xml", serialize(new_font_table()), CT_FONT_TABLE)
    package.put("word/header1.xml", serialize(headers.default_header()), CT_HEADER)
    package.put("word/footer1.xml", serialize(headers.default_footer()), CT_FOOTER)
    package.set_relationships(
        MAIN_PART,
        [
            Relationship("rId1", REL_STYLES, "styles.xml"),
            Relationship("rId2", REL_SETTINGS, "settings.xml"),
            Relationship("rId3", REL_FONT_TABLE, "fontTable.xml"),
            Relationship("rId4", REL_HEADER, "header1.xml"),
            Relationship("rId5", REL_FOOTER, "footer1.xml"),
        ],
    )
    package.set_relationships("", [Relationship("rId1", REL_OFFICE_DOCUMENT, MAIN_PART)])
    return package


def _sample_document() -> Document:
    """The reference's body: one paragraph in each style, to restyle in Word."""

    def text(value: str, **kwargs: object) -> Paragraph:
        return Paragraph((Run(value),), **kwargs)  # type: ignore[arg-type]

    return Document(
        info=DocumentInfo(
            title="سند مرجع gdcpos",
            created=dt.datetime(2023, 3, 13, tzinfo=dt.UTC),
            subject="سبک‌ها، صفحه‌آرایی، سرصفحه و پاصفحهٔ اسناد gdcpos",
        ),
        blocks=(
            text("عنوان سند (سبک Title)", role="title", align=Align.CENTER),
            text("زیرعنوان (سبک Subtitle)", role="subtitle", align=Align.CENTER),
            Heading(1, (Run("سرفصل سطح ۱ (Heading 1)"),), number="۱"),
            text(
                "متن عادی (سبک Normal). سرصفحه و پاصفحهٔ این سند جای طبقه‌بندی، متن سرصفحه و "
                "متن پاصفحه را با کنترل‌های محتوایی gdcpos:marking، gdcpos:header_text و "
                "gdcpos:footer_text نشان می‌دهند؛ شمارهٔ صفحه با قلم Vazirmatn FD رقم فارسی دارد."
            ),
            Heading(2, (Run("سرفصل سطح ۲ (Heading 2)"),), number="۱-۱"),
            Heading(3, (Run("سرفصل سطح ۳ (Heading 3)"),), number="۱-۱-۱"),
            Heading(4, (Run("سرفصل سطح ۴ (Heading 4)"),)),
            text("سطر مشخصات (سبک Meta)", role="meta", align=Align.START),
            text("یادداشت (سبک Note)", role="note"),
            ListBlock((ListItem((Run("فهرست نشانه‌دار (List Paragraph)"),)),)),
            ListBlock((ListItem((Run("فهرست شماره‌دار"),)),), ordered=True),
            Table(
                rows=(
                    Row((Cell((text("سرستون (Table Heading)"),)), Cell((text("ستون دوم"),)))),
                    Row((Cell((text("متن جدول (Table Text)"),)), Cell((text("—"),)))),
                ),
                caption="عنوان جدول (سبک caption)",
            ),
        ),
    )


def build_default_reference() -> bytes:
    """The bytes of the packaged reference.docx, built from this code's defaults."""
    options = DocxOptions()
    package = assemble(
        _sample_document(), options, _bootstrap_package(options), fill_placeholders=False
    )
    buffer = io.BytesIO()
    package.write(buffer, first=(MAIN_PART, rels_part_name(MAIN_PART)))
    return buffer.getvalue()
