"""Reading what a reader of a built document would see: every XML part's text, or the HTML's."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_parts_text(path: Path) -> dict[str, str]:
    """Every XML part of a .docx (body, headers, footers, properties …) as its text content."""
    texts = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                root = etree.fromstring(archive.read(name))
                texts[name] = "".join(root.itertext())
    return texts


def docx_paragraphs(path: Path) -> list[str]:
    """The body's paragraphs as a reader sees them, in order."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return ["".join(p.itertext()) for p in root.iter(f"{W}p")]


def docx_runs(path: Path) -> list[list[tuple[str, bool]]]:
    """The body's paragraphs as their runs: (text, whether the run is right-to-left)."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return [
        [
            (
                "".join(t.text or "" for t in run.iter(f"{W}t")),
                run.find(f"{W}rPr/{W}rtl") is not None,
            )
            for run in p.iter(f"{W}r")
        ]
        for p in root.iter(f"{W}p")
    ]


def html_text(path: Path) -> str:
    return "".join(etree.HTML(path.read_bytes()).itertext())


def docx_table_rows(path: Path) -> list[list[str]]:
    """The body's table rows as a reader sees them: each row's cells' text, in order."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return [
        ["".join(cell.itertext()) for cell in row.iter(f"{W}tc")] for row in root.iter(f"{W}tr")
    ]
