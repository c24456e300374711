"""Putting a document together: the reference's package with a new body, header, footer,
styles, settings, font table and properties."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from lxml import etree

from gdcpos.document.model import Document
from gdcpos.writers.docx import headers, styles
from gdcpos.writers.docx.body import BodyWriter
from gdcpos.writers.docx.fonts import (
    ARABIC_CHARSET,
    LATIN_CHARSET,
    PAGE_NUMBER_FONT,
    embed_page_number_font,
    ensure_font,
    has_embedded_fonts,
    new_font_table,
    remove_page_number_font,
)
from gdcpos.writers.docx.options import DocxOptions
from gdcpos.writers.docx.package import BackgroundDeflater, Package, Relationship
from gdcpos.writers.docx.properties import app_properties, core_properties
from gdcpos.writers.docx.xml import (
    CT_CORE,
    CT_EXTENDED,
    CT_FONT_TABLE,
    CT_FOOTER,
    CT_HEADER,
    CT_MAIN,
    CT_SETTINGS,
    CT_STYLES,
    REL_BASE,
    REL_CORE_PROPERTIES,
    REL_EXTENDED_PROPERTIES,
    REL_FONT_TABLE,
    REL_FOOTER,
    REL_HEADER,
    REL_OFFICE_DOCUMENT,
    REL_SETTINGS,
    REL_STYLES,
    SECTPR_ORDER,
    SETTINGS_ORDER,
    WORD_NSMAP,
    R,
    el,
    get_or_add,
    parse,
    qn,
    serialize,
    set_child,
)

# Relationships of the main document kept from a reference; its body's images, hyperlinks and
# comments go with the body it is replaced by.
_KEPT_DOCUMENT_RELATIONSHIPS = frozenset(
    f"{REL_BASE}/{name}"
    for name in (
        "styles",
        "settings",
        "webSettings",
        "fontTable",
        "theme",
        "numbering",
        "footnotes",
        "endnotes",
        "customXml",
    )
) | {"http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"}
_KEPT_PACKAGE_RELATIONSHIPS = frozenset({f"{REL_BASE}/custom-properties"})

# A4 portrait; the right margin, the binding side of a right-to-left document, is the wider.
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
MARGIN_TOP = MARGIN_BOTTOM = MARGIN_RIGHT = 1418  # 2.5 cm
MARGIN_LEFT = 1134  # 2 cm
HEADER_DISTANCE = FOOTER_DISTANCE = 709


def default_section() -> etree._Element:
    """The packaged page setup: A4, right-to-left section (``w:bidi`` in ``sectPr``)."""
    return el(
        "w:sectPr",
        None,
        el("w:pgSz", {"w:w": str(PAGE_WIDTH), "w:h": str(PAGE_HEIGHT)}),
        el(
            "w:pgMar",
            {
                "w:top": str(MARGIN_TOP),
                "w:right": str(MARGIN_RIGHT),
                "w:bottom": str(MARGIN_BOTTOM),
                "w:left": str(MARGIN_LEFT),
                "w:header": str(HEADER_DISTANCE),
                "w:footer": str(FOOTER_DISTANCE),
                "w:gutter": "0",
            },
        ),
        el("w:cols", {"w:space": "708"}),
        el("w:bidi"),
        el("w:docGrid", {"w:linePitch": "360"}),
    )


def default_settings(language: str = "fa-IR") -> etree._Element:
    """The packaged settings: Word 2013+ compatibility and the complex-script theme language."""
    root = etree.Element(qn("w:settings"), nsmap=WORD_NSMAP)
    root.extend(
        [
            el("w:zoom", {"w:percent": "100"}),
            el("w:defaultTabStop", {"w:val": "720"}),
            el("w:characterSpacingControl", {"w:val": "doNotCompress"}),
            el(
                "w:compat",
                None,
                el(
                    "w:compatSetting",
                    {
                        "w:name": "compatibilityMode",
                        "w:uri": "http://schemas.microsoft.com/office/word",
                        "w:val": "15",
                    },
                ),
            ),
            el("w:themeFontLang", {"w:val": "en-US", "w:bidi": language}),
        ]
    )
    return root


@dataclass
class _Parts:
    """Where the parts the writer edits live in the package being assembled."""

    main: str
    styles: str
    settings: str
    font_table: str


def assemble(
    document: Document,
    options: DocxOptions,
    reference: Package,
    *,
    fill_placeholders: bool = True,
    deflate: bool = False,
) -> Package:
    """The package of ``document`` built on ``reference`` (which is left unchanged).

    ``fill_placeholders`` is false only when building the packaged reference itself, whose
    header and footer keep their ``gdcpos:*`` content controls. ``deflate`` compresses the main
    document while its body is generated, for a package about to be zipped.
    """
    package = reference.copy()
    main = package.main_document()
    language = document.info.language or "fa-IR"
    section = _final_section(parse(package.parts[main]))
    rels = [
        rel
        for rel in package.relationships(main)
        if rel.rel_type in _KEPT_DOCUMENT_RELATIONSHIPS and not rel.external
    ]
    rels += _headers_and_footers(package, main, section, document, fill_placeholders)
    if section.find(qn("w:bidi")) is None:
        set_child(section, qn("w:bidi"), SECTPR_ORDER)

    body_writer = BodyWriter(text_width=_text_width(section))
    body = body_writer.chunks(document.blocks)
    if deflate:
        package.put_deflated(main, _deflated_document_xml(section, body), CT_MAIN)
    else:
        package.put(main, _document_xml(section, body), CT_MAIN)

    parts = _Parts(
        main=main,
        styles=_part_of(package, main, rels, REL_STYLES, "word/styles.xml"),
        settings=_part_of(package, main, rels, REL_SETTINGS, "word/settings.xml"),
        font_table=_part_of(package, main, rels, REL_FONT_TABLE, "word/fontTable.xml"),
    )
    package.set_relationships(main, rels)

    _fit_styles(package, parts.styles, body_writer.used_styles, options, language)
    embed_font = options.embed_page_number_font and _uses_page_number_font(package, main, rels)
    embedding = _fit_font_table(package, parts.font_table, options, embed_font=embed_font)
    _fit_settings(
        package,
        parts.settings,
        language,
        update_fields=body_writer.has_fields_to_update,
        embed_fonts=embedding,
    )
    _set_properties(package, main, document)
    package.drop_unreachable()
    return package


# -- section, header and footer ---------------------------------------------------------------


def _final_section(document_root: etree._Element) -> etree._Element:
    """A copy of the reference's last section properties (the whole document's page setup)."""
    body = document_root.find(qn("w:body"))
    if body is not None and len(body) and body[-1].tag == qn("w:sectPr"):
        return copy.deepcopy(body[-1])
    inner = document_root.findall(f".//{qn('w:pPr')}/{qn('w:sectPr')}")
    if inner:
        return copy.deepcopy(inner[-1])
    return default_section()


def _text_width(section: etree._Element) -> int:
    """Width of the text area in twips, for table column widths."""

    def twips(element: etree._Element | None, attribute: str, default: int) -> int:
        if element is None:
            return default
        try:
            return int(float(element.get(qn(f"w:{attribute}"), default)))
        except ValueError:
            return default

    size = section.find(qn("w:pgSz"))
    margins = section.find(qn("w:pgMar"))
    width = (
        twips(size, "w", PAGE_WIDTH)
        - twips(margins, "left", MARGIN_LEFT)
        - twips(margins, "right", MARGIN_RIGHT)
        - twips(margins, "gutter", 0)
    )
    return max(width, 1440)


def _headers_and_footers(
    package: Package,
    main: str,
    section: etree._Element,
    document: Document,
    fill_placeholders: bool,
) -> list[Relationship]:
    """Keep the header and footer parts the section refers to, fill their placeholders, and add
    the packaged ones where the reference has no default header or footer."""
    rels = package.relationships(main)
    kept: list[Relationship] = []
    parts: dict[str, etree._Element] = {}
    defaults: dict[str, str] = {}
    taken_ids = {rel.rel_id for rel in rels}
    for ref, rel, part_name in _section_parts(package, main, rels, section):
        if rel is None:
            section.remove(ref)
            continue
        if rel not in kept:
            kept.append(rel)
            parts[part_name] = parse(package.parts[part_name])
        if ref.get(qn("w:type"), "default") == "default":
            defaults[rel.rel_type] = part_name
    for rel_type, build, content_type, stem in (
        (REL_HEADER, headers.default_header, CT_HEADER, "header"),
        (REL_FOOTER, headers.default_footer, CT_FOOTER, "footer"),
    ):
        if rel_type in defaults:
            continue
        part_name = _free_name(package, f"word/{stem}", ".xml")
        rel_id = _free_id(taken_ids, f"rId{stem.capitalize()}")
        taken_ids.add(rel_id)
        kept.append(Relationship(rel_id, rel_type, Package.relative_target(main, part_name)))
        parts[part_name] = build()
        package.put(part_name, b"", content_type)
        defaults[rel_type] = part_name
        ref = el(f"w:{stem}Reference", {"w:type": "default", "r:id": rel_id})
        _insert_reference(section, ref)
    if fill_placeholders:
        values = headers.field_values(document.info)
        found_in_headers: set[str] = set()
        for root in parts.values():
            found = headers.fill_placeholders(root, values)
            if root.tag == qn("w:hdr"):
                found_in_headers |= found
        # The classification marking belongs at the head of every page.
        if document.info.marking and headers.MARKING not in found_in_headers:
            header_root = parts[defaults[REL_HEADER]]
            header_root.insert(0, headers.marking_paragraph(document.info.marking))
    for part_name, root in parts.items():
        package.parts[part_name] = serialize(root)
    return kept


def placeholders_left(reference: Package) -> dict[str, set[str]]:
    """The packaged placeholder texts that documents built on ``reference`` would show on every
    page, by where they are (``header``, ``footer``); see :func:`headers.placeholders_left`."""
    main = reference.main_document()
    section = _final_section(parse(reference.parts[main]))
    left: dict[str, set[str]] = {}
    rels = reference.relationships(main)
    for _, rel, part_name in _section_parts(reference, main, rels, section):
        if rel is None:
            continue
        shown = headers.placeholders_left(parse(reference.parts[part_name]))
        if shown:
            where = "header" if rel.rel_type == REL_HEADER else "footer"
            left.setdefault(where, set()).update(shown)
    return left


def _section_parts(
    package: Package, main: str, rels: Sequence[Relationship], section: etree._Element
) -> Iterator[tuple[etree._Element, Relationship | None, str]]:
    """Each header and footer reference of ``section``, with the relationship and part it leads
    to; None and "" where it leads nowhere a document can use (an unknown id, an external
    target, a relationship of another type, a part not in the package)."""
    by_id = {rel.rel_id: rel for rel in rels}
    for where, rel_type in (("header", REL_HEADER), ("footer", REL_FOOTER)):
        for ref in section.findall(qn(f"w:{where}Reference")):
            rel = by_id.get(ref.get(f"{R}id", ""))
            part_name = package.resolve(main, rel.target) if rel is not None else ""
            usable = (
                rel is not None
                and not rel.external
                and rel.rel_type == rel_type
                and part_name in package.parts
            )
            yield (ref, rel, part_name) if usable else (ref, None, "")


def _insert_reference(section: etree._Element, ref: etree._Element) -> None:
    # Header references come first, then footer references, then the rest of sectPr.
    if ref.tag == qn("w:headerReference"):
        section.insert(0, ref)
        return
    position = 0
    for index, child in enumerate(section):
        if child.tag in (qn("w:headerReference"), qn("w:footerReference")):
            position = index + 1
    section.insert(position, ref)


def _free_name(package: Package, stem: str, suffix: str) -> str:
    number = 1
    while f"{stem}{number}{suffix}" in package.parts:
        number += 1
    return f"{stem}{number}{suffix}"


def _free_id(taken: set[str], stem: str) -> str:
    number = 1
    while f"{stem}{number}" in taken:
        number += 1
    return f"{stem}{number}"


def _uses_page_number_font(package: Package, main: str, rels: list[Relationship]) -> bool:
    needle = PAGE_NUMBER_FONT.encode()
    return any(
        needle in package.parts.get(package.resolve(main, rel.target), b"")
        for rel in rels
        if rel.rel_type in (REL_HEADER, REL_FOOTER)
    )


# -- document part ----------------------------------------------------------------------------


def _document_skeleton(section: etree._Element) -> tuple[bytes, bytes]:
    """The main document part as the bytes before and after the body's children."""
    root = etree.Element(qn("w:document"), nsmap=WORD_NSMAP)
    body = etree.SubElement(root, qn("w:body"))
    body.append(section)
    skeleton = serialize(root)
    marker = b"<w:body>"
    position = skeleton.index(marker) + len(marker)
    return skeleton[:position], skeleton[position:]


def _document_xml(section: etree._Element, body: Iterable[str]) -> bytes:
    head, tail = _document_skeleton(section)
    # One join copies the (large) body once; chained + would copy it twice.
    return b"".join((head, *(chunk.encode("utf-8") for chunk in body), tail))


def _deflated_document_xml(section: etree._Element, body: Iterable[str]) -> BackgroundDeflater:
    """The main document part, compressed on a worker thread a chunk of the body at a time
    while the next chunk is generated (and while the rest of the package is put together)."""
    head, tail = _document_skeleton(section)
    with BackgroundDeflater() as deflater:
        deflater.feed(head)
        for chunk in body:
            deflater.feed(chunk.encode("utf-8"))
        deflater.feed(tail)
    return deflater


def _part_of(
    package: Package, main: str, rels: list[Relationship], rel_type: str, default_name: str
) -> str:
    """The part of ``rel_type`` related to the main document, adding a relationship to an empty
    new part when the reference has none."""
    for rel in rels:
        if rel.rel_type == rel_type:
            return package.resolve(main, rel.target)
    name = (
        default_name
        if default_name not in package.parts
        else _free_name(package, default_name.removesuffix(".xml"), ".xml")
    )
    rel_id = _free_id({rel.rel_id for rel in rels}, "rIdGdcpos")
    rels.append(Relationship(rel_id, rel_type, Package.relative_target(main, name)))
    package.parts[name] = b""
    return name


# -- styles, font table, settings -------------------------------------------------------------


def _fit_styles(
    package: Package, name: str, used: set[str], options: DocxOptions, language: str
) -> None:
    data = package.parts.get(name, b"")
    root = parse(data) if data else styles.default_styles_part(options, language)
    styles.ensure_styles(root, sorted(used | {styles.HEADER, styles.FOOTER}), options)
    styles.apply_options(root, options, language)
    package.put(name, serialize(root), CT_STYLES)


def _fit_font_table(
    package: Package, name: str, options: DocxOptions, *, embed_font: bool
) -> bool | None:
    """List the option fonts and embed (or drop) the page-number font.

    Returns True when the settings must allow embedded fonts, False when the last embedded font
    was just dropped, None when the settings' choice stands.
    """
    data = package.parts.get(name, b"")
    root = parse(data) if data else new_font_table()
    ensure_font(root, options.body_font, ARABIC_CHARSET)
    ensure_font(root, options.heading_font, ARABIC_CHARSET)
    ensure_font(root, options.latin_font, LATIN_CHARSET)
    embedding: bool | None = None
    if embed_font:
        embed_page_number_font(package, name, root)
        embedding = True
    elif remove_page_number_font(package, name, root) and not has_embedded_fonts(root):
        embedding = False
    package.put(name, serialize(root), CT_FONT_TABLE)
    return embedding


def _fit_settings(
    package: Package, name: str, language: str, *, update_fields: bool, embed_fonts: bool | None
) -> None:
    data = package.parts.get(name, b"")
    root = parse(data) if data else default_settings(language)
    theme_language = get_or_add(root, qn("w:themeFontLang"), SETTINGS_ORDER)
    theme_language.set(qn("w:bidi"), language)
    if update_fields:
        # Word fills the TOC field when the document is opened.
        set_child(root, qn("w:updateFields"), SETTINGS_ORDER, {qn("w:val"): "true"})
    if embed_fonts is True:
        set_child(root, qn("w:embedTrueTypeFonts"), SETTINGS_ORDER)
    elif embed_fonts is False:
        for flag in root.findall(qn("w:embedTrueTypeFonts")):
            root.remove(flag)
    package.put(name, serialize(root), CT_SETTINGS)


# -- properties -------------------------------------------------------------------------------


def _set_properties(package: Package, main: str, document: Document) -> None:
    rels = package.relationships("")
    targets = {rel.rel_type: package.resolve("", rel.target) for rel in rels}
    core = targets.get(REL_CORE_PROPERTIES, "docProps/core.xml")
    app = targets.get(REL_EXTENDED_PROPERTIES, "docProps/app.xml")
    package.put(core, core_properties(document.info), CT_CORE)
    package.put(app, app_properties(), CT_EXTENDED)
    kept = [
        Relationship("rId1", REL_OFFICE_DOCUMENT, main),
        Relationship("rId2", REL_CORE_PROPERTIES, core),
        Relationship("rId3", REL_EXTENDED_PROPERTIES, app),
    ]
    for rel in rels:
        if rel.rel_type in _KEPT_PACKAGE_RELATIONSHIPS and not rel.external:
            kept.append(Relationship(f"rId{len(kept) + 1}", rel.rel_type, rel.target))
    package.set_relationships("", kept)
