"""Reading a written .docx back for tests: its parts, parsed, and canonical XML to compare."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W_NS, "r": R_NS}
W = f"{{{W_NS}}}"


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def part(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(parts(data)[name])


def xpath(element: etree._Element, path: str) -> list[etree._Element]:
    found = element.xpath(path, namespaces=NS)
    assert isinstance(found, list)
    return [node for node in found if isinstance(node, etree._Element)]


def one(element: etree._Element, path: str) -> etree._Element:
    found = xpath(element, path)
    assert len(found) == 1, f"{path}: {len(found)} matches"
    return found[0]


def local_names(element: etree._Element) -> list[str]:
    """The children's names with the ``w:`` prefix, in document order."""
    return ["w:" + etree.QName(child).localname for child in element]


def canonical(element: etree._Element) -> str:
    """Canonical XML (C14N 2.0) of ``element``, ignorable whitespace removed."""
    parser = etree.XMLParser(remove_blank_text=True)
    reparsed = etree.fromstring(etree.tostring(element), parser)
    return str(etree.canonicalize(etree.tostring(reparsed, encoding="unicode")))


def expected(fragment: str) -> str:
    """Canonical XML of a ``w:``-prefixed fragment written in a test (one element)."""
    parser = etree.XMLParser(remove_blank_text=True)
    wrapper = f'<root xmlns:w="{W_NS}" xmlns:r="{R_NS}">{fragment}</root>'
    return canonical(etree.fromstring(wrapper.encode(), parser)[0])


def body_children(data: bytes) -> list[etree._Element]:
    return list(one(part(data, "word/document.xml"), "/w:document/w:body"))


def paragraph_text(paragraph: etree._Element) -> str:
    return "".join(node.text or "" for node in paragraph.iter(f"{W}t"))


def in_schema_order(names: Sequence[str], order: Sequence[str]) -> bool:
    rank = {etree.QName(tag).localname: index for index, tag in enumerate(order)}
    positions = [rank[name.removeprefix("w:")] for name in names]
    return positions == sorted(positions)
