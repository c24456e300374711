"""Document properties (docProps/core.xml and app.xml) from :class:`DocumentInfo`.

``created`` and ``modified`` both come from ``DocumentInfo.created``, which the caller fixes, so
the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from gdcpos.document.model import DocumentInfo
from gdcpos.writers.docx.xml import check_xml_chars, root_in_default_namespace, serialize

CORE_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


def w3cdtf(moment: dt.datetime) -> str:
    """``moment`` in UTC as W3CDTF (a naive datetime is taken to be UTC)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0).isoformat() + "Z"


def core_properties(info: DocumentInfo) -> bytes:
    """docProps/core.xml: title, subject, author, keywords, language, created/modified."""
    nsmap = {"cp": CORE_NS, "dc": DC_NS, "dcterms": DCTERMS_NS, "xsi": XSI_NS}
    root = etree.Element(f"{{{CORE_NS}}}coreProperties", nsmap=nsmap)

    def add(namespace: str, name: str, text: str) -> etree._Element:
        check_xml_chars(text)
        element = etree.SubElement(root, f"{{{namespace}}}{name}")
        element.text = text
        return element

    if info.title:
        add(DC_NS, "title", info.title)
    if info.subject:
        add(DC_NS, "subject", info.subject)
    if info.author:
        add(DC_NS, "creator", info.author)
    if info.keywords:
        add(CORE_NS, "keywords", "; ".join(info.keywords))
    if info.language:
        add(DC_NS, "language", info.language)
    stamp = w3cdtf(info.created)
    for name in ("created", "modified"):
        add(DCTERMS_NS, name, stamp).set(f"{{{XSI_NS}}}type", "dcterms:W3CDTF")
    return serialize(root)


def app_properties() -> bytes:
    """docProps/app.xml naming gdcpos as the producing application (no version: a new patch
    release must not change the bytes of an unchanged document)."""
    root = root_in_default_namespace(APP_NS, "Properties", vt=VT_NS)
    etree.SubElement(root, f"{{{APP_NS}}}Application").text = "gdcpos"
    return serialize(root)
