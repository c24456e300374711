"""Build the docxtpl template of the framework with python-docx, once per benchmark run.

Why built rather than stored: a .docx in the repository is a binary nobody reviews; here every
setting is visible. The template is what a careful user would draw in Word, made right-to-left
as far as a docxtpl template can carry it (see ``persian-docx.md``):

- ``<w:bidi/>`` in each paragraph's ``pPr`` (python-docx does not expose it) and in ``sectPr``;
- ``<w:rtl/>``, ``<w:lang w:bidi="fa-IR"/>`` on each run, ``<w:bCs/>`` beside ``<w:b/>``;
- the complex-script fonts (B Nazanin for text, B Titr for headings) in ``rFonts@w:cs`` of the
  document defaults and the heading styles, with python-docx's theme attributes (``cstheme``)
  removed, since a theme font would win over the named one.

docxtpl keeps a paragraph's and a run's properties when it repeats them in a ``{%p for %}`` loop,
so every generated paragraph inherits these settings. What it cannot do is split a value into
Persian and Latin runs: ``A/RES/79/1`` inside a text stays in the Persian run, marked ``rtl``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph

BODY_FONT = "B Nazanin"
HEADING_FONT = "B Titr"

# (text, style, bold): the Jinja lines of the template, in order.
LINES: tuple[tuple[str, str, bool], ...] = (
    ("{{ cover }}", "Title", False),
    ("{%p for axis in axes %}", "Normal", False),
    ("{{ axis.name }}", "Heading 1", False),
    ("{%p for group in axis.kinds %}", "Normal", False),
    ("{{ group.label }}", "Heading 2", False),
    ("{%p for item in group.items %}", "Normal", False),
    ("{{ item.title }}", "Normal", True),
    ("{{ item.text }}", "Normal", False),
    ("{{ item.attribution }}", "Normal", False),
    ("{%p endfor %}", "Normal", False),
    ("{%p endfor %}", "Normal", False),
    ("{%p endfor %}", "Normal", False),
)


def _set_cs_font(rpr: BaseOxmlElement, font: str) -> None:
    """Name ``font`` in the complex-script slot of ``rpr`` and drop the theme attributes."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if qn(attribute) in fonts.attrib:
            del fonts.attrib[qn(attribute)]
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), font)


def _set_bidi_lang(rpr: BaseOxmlElement) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)  # lang is among the last children of rPr
    lang.set(qn("w:bidi"), "fa-IR")


def _rtl_paragraph(paragraph: Paragraph) -> None:
    """Put ``<w:bidi/>`` in the paragraph's pPr, right after pStyle (schema order)."""
    ppr = paragraph._p.get_or_add_pPr()
    bidi = OxmlElement("w:bidi")
    style = ppr.find(qn("w:pStyle"))
    if style is None:
        ppr.insert(0, bidi)
    else:
        style.addnext(bidi)


def build_template(path: Path) -> Path:
    """Write the framework template to ``path`` and return it."""
    document = Document()
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    assert defaults is not None
    default_rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert default_rpr is not None
    _set_cs_font(default_rpr, BODY_FONT)
    _set_bidi_lang(default_rpr)
    for name in ("Title", "Heading 1", "Heading 2"):
        _set_cs_font(document.styles[name].element.get_or_add_rPr(), HEADING_FONT)

    for text, style, bold in LINES:
        paragraph = document.add_paragraph(style=style)
        _rtl_paragraph(paragraph)
        run = paragraph.add_run(text)  # one run per line: docxtpl sees each tag whole
        run.bold = bold or None
        run.font.cs_bold = bold or None
        run.font.rtl = True
        _set_bidi_lang(run._r.get_or_add_rPr())

    section = document.sections[0]._sectPr
    grid = section.find(qn("w:docGrid"))
    bidi = OxmlElement("w:bidi")
    if grid is None:
        section.append(bidi)
    else:
        grid.addprevious(bidi)  # bidi comes before docGrid in sectPr
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


if __name__ == "__main__":
    print(build_template(Path(sys.argv[1])))
