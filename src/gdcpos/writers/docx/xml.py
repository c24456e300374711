"""WordprocessingML vocabulary: namespaces, schema child orders, escaping and element helpers.

Word refuses or "repairs" a file whose children are out of schema order even where LibreOffice
is lenient (persian-docx.md, "Where each piece of WordprocessingML goes"), so every element that
is inserted into XML we did not write ourselves goes through :func:`insert_in_order`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
SL_NS = "http://schemas.openxmlformats.org/schemaLibrary/2006/main"
XML_NS = "http://www.w3.org/XML/1998/namespace"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"

W = f"{{{W_NS}}}"
R = f"{{{R_NS}}}"
XML_SPACE = f"{{{XML_NS}}}space"

# Namespace declarations for the parts gdcpos writes itself.
WORD_NSMAP: dict[str, str] = {"w": W_NS, "r": R_NS}

REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_OFFICE_DOCUMENT = f"{REL_BASE}/officeDocument"
REL_CORE_PROPERTIES = (
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
)
REL_EXTENDED_PROPERTIES = f"{REL_BASE}/extended-properties"
REL_STYLES = f"{REL_BASE}/styles"
REL_SETTINGS = f"{REL_BASE}/settings"
REL_FONT_TABLE = f"{REL_BASE}/fontTable"
REL_FONT = f"{REL_BASE}/font"
REL_HEADER = f"{REL_BASE}/header"
REL_FOOTER = f"{REL_BASE}/footer"

CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CT_STYLES = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
CT_SETTINGS = "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"
CT_FONT_TABLE = "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"
CT_HEADER = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
CT_FOOTER = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
CT_EXTENDED = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
CT_RELATIONSHIPS = "application/vnd.openxmlformats-package.relationships+xml"
CT_OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"


def _clark(names: str) -> tuple[str, ...]:
    """Clark names of the whitespace-separated prefixed names in ``names``."""
    prefixes = {"w": W, "m": f"{{{M_NS}}}", "sl": f"{{{SL_NS}}}"}
    result = []
    for name in names.split():
        prefix, local = name.split(":")
        result.append(prefixes[prefix] + local)
    return tuple(result)


# Child orders from ECMA-376 Part 1 (transitional wml.xsd), as python-docx also records them.
PPR_ORDER = _clark(
    """
    w:pStyle w:keepNext w:keepLines w:pageBreakBefore w:framePr w:widowControl w:numPr
    w:suppressLineNumbers w:pBdr w:shd w:tabs w:suppressAutoHyphens w:kinsoku w:wordWrap
    w:overflowPunct w:topLinePunct w:autoSpaceDE w:autoSpaceDN w:bidi w:adjustRightInd
    w:snapToGrid w:spacing w:ind w:contextualSpacing w:mirrorIndents w:suppressOverlap w:jc
    w:textDirection w:textAlignment w:textboxTightWrap w:outlineLvl w:divId w:cnfStyle w:rPr
    w:sectPr w:pPrChange
    """
)
RPR_ORDER = _clark(
    """
    w:rStyle w:rFonts w:b w:bCs w:i w:iCs w:caps w:smallCaps w:strike w:dstrike w:outline
    w:shadow w:emboss w:imprint w:noProof w:snapToGrid w:vanish w:webHidden w:color
    w:spacing w:w w:kern w:position w:sz w:szCs w:highlight w:u w:effect w:bdr w:shd
    w:fitText w:vertAlign w:rtl w:cs w:em w:lang w:eastAsianLayout w:specVanish w:oMath
    """
)
SECTPR_ORDER = _clark(
    """
    w:headerReference w:footerReference w:footnotePr w:endnotePr w:type w:pgSz w:pgMar
    w:paperSrc w:pgBorders w:lnNumType w:pgNumType w:cols w:formProt w:vAlign w:noEndnote
    w:titlePg w:textDirection w:bidi w:rtlGutter w:docGrid w:printerSettings w:sectPrChange
    """
)
TBLPR_ORDER = _clark(
    """
    w:tblStyle w:tblpPr w:tblOverlap w:bidiVisual w:tblStyleRowBandSize
    w:tblStyleColBandSize w:tblW w:jc w:tblCellSpacing w:tblInd w:tblBorders w:shd
    w:tblLayout w:tblCellMar w:tblLook w:tblCaption w:tblDescription w:tblPrChange
    """
)
STYLE_ORDER = _clark(
    """
    w:name w:aliases w:basedOn w:next w:link w:autoRedefine w:hidden w:uiPriority
    w:semiHidden w:unhideWhenUsed w:qFormat w:locked w:personal w:personalCompose
    w:personalReply w:rsid w:pPr w:rPr w:tblPr w:trPr w:tcPr w:tblStylePr
    """
)
FONT_ORDER = _clark(
    """
    w:altName w:panose1 w:charset w:family w:notTrueType w:pitch w:sig w:embedRegular
    w:embedBold w:embedItalic w:embedBoldItalic
    """
)
SETTINGS_ORDER = _clark(
    """
    w:writeProtection w:view w:zoom w:removePersonalInformation w:removeDateAndTime
    w:doNotDisplayPageBoundaries w:displayBackgroundShape w:printPostScriptOverText
    w:printFractionalCharacterWidth w:printFormsData w:embedTrueTypeFonts w:embedSystemFonts
    w:saveSubsetFonts w:saveFormsData w:mirrorMargins w:alignBordersAndEdges
    w:bordersDoNotSurroundHeader w:bordersDoNotSurroundFooter w:gutterAtTop
    w:hideSpellingErrors w:hideGrammaticalErrors w:activeWritingStyle w:proofState
    w:formsDesign w:attachedTemplate w:linkStyles w:stylePaneFormatFilter
    w:stylePaneSortMethod w:documentType w:mailMerge w:revisionView w:trackRevisions
    w:doNotTrackMoves w:doNotTrackFormatting w:documentProtection w:autoFormatOverride
    w:styleLockTheme w:styleLockQFSet w:defaultTabStop w:autoHyphenation
    w:consecutiveHyphenLimit w:hyphenationZone w:doNotHyphenateCaps w:showEnvelope
    w:summaryLength w:clickAndTypeStyle w:defaultTableStyle w:evenAndOddHeaders
    w:bookFoldRevPrinting w:bookFoldPrinting w:bookFoldPrintingSheets
    w:drawingGridHorizontalSpacing w:drawingGridVerticalSpacing
    w:displayHorizontalDrawingGridEvery w:displayVerticalDrawingGridEvery
    w:doNotUseMarginsForDrawingGridOrigin w:drawingGridHorizontalOrigin
    w:drawingGridVerticalOrigin w:doNotShadeFormData w:noPunctuationKerning
    w:characterSpacingControl w:printTwoOnOne w:strictFirstAndLastChars w:noLineBreaksAfter
    w:noLineBreaksBefore w:savePreviewPicture w:doNotValidateAgainstSchema w:saveInvalidXml
    w:ignoreMixedContent w:alwaysShowPlaceholderText w:doNotDemarcateInvalidXml
    w:saveXmlDataOnly w:useXSLTWhenSaving w:saveThroughXslt w:showXMLTags
    w:alwaysMergeEmptyNamespace w:updateFields w:hdrShapeDefaults w:footnotePr w:endnotePr
    w:compat w:docVars w:rsids m:mathPr w:attachedSchema w:themeFontLang w:clrSchemeMapping
    w:doNotIncludeSubdocsInStats w:doNotAutoCompressPictures w:forceUpgrade w:captions
    w:readModeInkLockDown w:smartTagType sl:schemaLibrary w:shapeDefaults
    w:doNotEmbedSmartTags w:decimalSymbol w:listSeparator
    """
)


def insert_in_order(parent: etree._Element, child: etree._Element, order: tuple[str, ...]) -> None:
    """Insert ``child`` into ``parent`` at its schema position given by ``order``.

    Children not named in ``order`` (extension elements such as ``w14:*``) count as coming after
    every named one, which is where the schemas put them.
    """
    rank = {tag: index for index, tag in enumerate(order)}
    own_rank = rank[child.tag]
    for index, existing in enumerate(parent):
        if not isinstance(existing.tag, str):
            continue
        if rank.get(existing.tag, len(order)) > own_rank:
            parent.insert(index, child)
            return
    parent.append(child)


def set_child(
    parent: etree._Element,
    tag: str,
    order: tuple[str, ...],
    attrs: Mapping[str, str] | None = None,
) -> etree._Element:
    """Replace ``parent``'s ``tag`` child (or add one) with an element carrying ``attrs``."""
    for old in parent.findall(tag):
        parent.remove(old)
    child = etree.Element(tag, attrib=dict(attrs or {}))
    insert_in_order(parent, child, order)
    return child


def get_or_add(parent: etree._Element, tag: str, order: tuple[str, ...]) -> etree._Element:
    """Return ``parent``'s ``tag`` child, inserting an empty one at its schema position."""
    found = parent.find(tag)
    if found is not None:
        return found
    child = etree.Element(tag)
    insert_in_order(parent, child, order)
    return child


XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def serialize(root: etree._Element) -> bytes:
    """Serialise a part the way Word does: UTF-8 with a standalone XML declaration."""
    data: bytes = etree.tostring(root, encoding="UTF-8")
    return XML_DECLARATION + data


def root_in_default_namespace(namespace: str, local_name: str, **prefixes: str) -> etree._Element:
    """An empty root element whose namespace is the default one (``xmlns="…"``), as package
    parts (relationships, content types, extended properties) are conventionally written."""
    declarations = "".join(f' xmlns:{prefix}="{uri}"' for prefix, uri in prefixes.items())
    return etree.fromstring(f'<{local_name} xmlns="{namespace}"{declarations}/>')


def attributes(element: etree._Element) -> dict[str, str]:
    """An element's attributes as a plain ``str`` mapping."""
    return {str(key): str(value) for key, value in element.attrib.items()}


def parse(data: bytes) -> etree._Element:
    """Parse a part safely: no network, no entity expansion, no DTD."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    return etree.fromstring(data, parser)


class IllegalXmlCharacterError(ValueError):
    """Text holds a character that XML 1.0 cannot carry (a C0 control, a lone surrogate)."""


# XML 1.0 allows tab, line feed and carriage return among the C0 controls, nothing else.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def check_xml_chars(text: str) -> None:
    """Raise :class:`IllegalXmlCharacterError` if ``text`` cannot be written into XML."""
    bad = _ILLEGAL_XML.search(text)
    if bad is not None:
        raise IllegalXmlCharacterError(
            f"character U+{ord(bad.group()):04X} cannot be written to a Word document "
            f"(in text beginning {text[:40]!r})"
        )


def escape_text(text: str) -> str:
    """Escape character data for an element's text (``&``, ``<``, ``>``)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def escape_attr(value: str) -> str:
    """Escape a value for a double-quoted attribute."""
    check_xml_chars(value)
    return escape_text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


_PREFIXES = {"w": W, "r": R, "xml": f"{{{XML_NS}}}"}


def qn(name: str) -> str:
    """Clark name for a prefixed name: ``qn("w:bidi")`` → ``{…/main}bidi``."""
    prefix, _, local = name.partition(":")
    return _PREFIXES[prefix] + local


def el(
    name: str, attrs: Mapping[str, str] | None = None, *children: etree._Element
) -> etree._Element:
    """Build an element from prefixed names: ``el("w:jc", {"w:val": "left"})``."""
    element = etree.Element(qn(name), {qn(key): value for key, value in (attrs or {}).items()})
    element.extend(children)
    return element
