"""Header and footer parts: the packaged defaults and filling a reference's placeholders.

A reference's header or footer marks where document facts go with content controls tagged
``gdcpos:marking``, ``gdcpos:header_text``, ``gdcpos:footer_text`` or ``gdcpos:title`` (in Word:
Developer ▸ Plain Text Content Control ▸ Properties ▸ Tag). The writer replaces each control by
the fact's text, in the control's own formatting, so a workspace designs its header in Word.

LibreOffice (7.4) saves these controls without their tag but with their title (``w:alias``), and
writes each one three times over, the copies holding garbled placeholder text; another round trip
makes eleven. An untagged control whose title is one of :data:`CONTROL_TITLES` therefore stands
for that fact, and controls for one fact side by side give it once (docs/templates.md).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping

from lxml import etree

from gdcpos.document.model import DocumentInfo
from gdcpos.writers.docx import styles
from gdcpos.writers.docx.bidi import split_by_script
from gdcpos.writers.docx.fonts import PAGE_NUMBER_FONT
from gdcpos.writers.docx.xml import (
    PPR_ORDER,
    RPR_ORDER,
    WORD_NSMAP,
    XML_SPACE,
    check_xml_chars,
    el,
    insert_in_order,
    qn,
)

TAG_PREFIX = "gdcpos:"
MARKING = "marking"
HEADER_TEXT = "header_text"
FOOTER_TEXT = "footer_text"
TITLE = "title"
MARKING_COLOR = "C00000"
_PLACEHOLDERS = {
    MARKING: ("طبقه‌بندی", "[طبقه‌بندی]"),
    HEADER_TEXT: ("متن سرصفحه", "[متن سرصفحه]"),
    FOOTER_TEXT: ("متن پاصفحه", "[متن پاصفحه]"),
}
CONTROL_TITLES = {
    **{title: name for name, (title, _) in _PLACEHOLDERS.items()},
    "عنوان سند": TITLE,
}
"""The title (``w:alias``) that makes an untagged control stand for a fact, as its tag would."""
PLACEHOLDER_TEXTS = tuple(text for _, text in _PLACEHOLDERS.values())
_OTHER_CONTENT = (qn("w:fldChar"), qn("w:fldSimple"), qn("w:drawing"), qn("w:pict"))


def field_values(info: DocumentInfo) -> dict[str, str]:
    """The text each placeholder tag stands for."""
    return {
        MARKING: info.marking,
        HEADER_TEXT: info.header_text,
        FOOTER_TEXT: info.footer_text,
        TITLE: info.title,
    }


# -- the packaged defaults --------------------------------------------------------------------


def _ppr(style: str, *, border: str | None = None) -> etree._Element:
    ppr = el("w:pPr", None, el("w:pStyle", {"w:val": style}))
    if border is not None:
        side = el(
            f"w:{border}", {"w:val": "single", "w:sz": "4", "w:space": "4", "w:color": "auto"}
        )
        insert_in_order(ppr, el("w:pBdr", None, side), PPR_ORDER)
    insert_in_order(ppr, el("w:bidi"), PPR_ORDER)
    insert_in_order(ppr, el("w:jc", {"w:val": "center"}), PPR_ORDER)
    return ppr


def _text_run(text: str, rpr: etree._Element | None = None) -> etree._Element:
    run = el("w:r")
    run_rpr = copy.deepcopy(rpr) if rpr is not None else el("w:rPr")
    if run_rpr.find(qn("w:rtl")) is None:
        insert_in_order(run_rpr, el("w:rtl"), RPR_ORDER)
    run.append(run_rpr)
    text_element = etree.SubElement(run, qn("w:t"))
    text_element.text = text
    text_element.set(XML_SPACE, "preserve")
    return run


def _placeholder(tag: str, sdt_id: int, rpr: etree._Element | None = None) -> etree._Element:
    alias, text = _PLACEHOLDERS[tag]
    return el(
        "w:sdt",
        None,
        el(
            "w:sdtPr",
            None,
            el("w:alias", {"w:val": alias}),
            el("w:tag", {"w:val": TAG_PREFIX + tag}),
            el("w:id", {"w:val": str(sdt_id)}),
            el("w:text"),
        ),
        el("w:sdtContent", None, _text_run(text, rpr)),
    )


def _marking_rpr() -> etree._Element:
    return el("w:rPr", None, el("w:b"), el("w:bCs"), el("w:color", {"w:val": MARKING_COLOR}))


def page_number_rpr() -> etree._Element:
    """Field runs for page numbers: rtl, ``lang bidi=fa-IR`` and Vazirmatn FD on every slot, whose
    ASCII digit glyphs are Persian (persian-docx.md, "Digits")."""
    font = PAGE_NUMBER_FONT
    return el(
        "w:rPr",
        None,
        el("w:rFonts", {"w:ascii": font, "w:hAnsi": font, "w:eastAsia": font, "w:cs": font}),
        el("w:rtl"),
        el("w:lang", {"w:bidi": "fa-IR"}),
    )


def field_runs(instruction: str, cached_result: str) -> list[etree._Element]:
    """The runs of a complex field (begin, instruction, separate, result, end)."""
    runs = []
    for kind, text in (
        ("begin", None),
        ("instr", f" {instruction} "),
        ("separate", None),
        ("result", cached_result),
        ("end", None),
    ):
        run = el("w:r", None, page_number_rpr())
        if kind == "instr":
            instr = etree.SubElement(run, qn("w:instrText"))
            instr.text = text
            instr.set(XML_SPACE, "preserve")
        elif kind == "result":
            result = etree.SubElement(run, qn("w:t"))
            result.text = text
        else:
            run.append(el("w:fldChar", {"w:fldCharType": kind}))
        runs.append(run)
    return runs


def default_header() -> etree._Element:
    """The packaged header: the classification marking, then the header text over a rule."""
    header = etree.Element(qn("w:hdr"), nsmap=WORD_NSMAP)
    header.append(el("w:p", None, _ppr(styles.HEADER), _placeholder(MARKING, 1001, _marking_rpr())))
    header.append(
        el("w:p", None, _ppr(styles.HEADER, border="bottom"), _placeholder(HEADER_TEXT, 1002))
    )
    return header


def default_footer() -> etree._Element:
    """The packaged footer: the footer text under a rule, "صفحه X از Y" in Persian digits, then
    the classification marking."""
    footer = etree.Element(qn("w:ftr"), nsmap=WORD_NSMAP)
    footer.append(
        el("w:p", None, _ppr(styles.FOOTER, border="top"), _placeholder(FOOTER_TEXT, 1003))
    )
    page = el("w:p", None, _ppr(styles.FOOTER))
    page.append(_text_run("صفحه "))
    page.extend(field_runs("PAGE", "۱"))
    page.append(_text_run(" از "))
    page.extend(field_runs("NUMPAGES", "۱"))
    footer.append(page)
    # The classification marking shows at the foot of each page as well as at its head.
    footer.append(el("w:p", None, _ppr(styles.FOOTER), _placeholder(MARKING, 1004, _marking_rpr())))
    return footer


def marking_paragraph(marking: str) -> etree._Element:
    """A centred marking line, put at the top of a reference's header that has no placeholder
    for it: the classification must show on every page."""
    paragraph = el("w:p", None, _ppr(styles.HEADER))
    for run in _runs_for(marking, _marking_rpr()):
        paragraph.append(run)
    return paragraph


# -- filling a reference's placeholders -------------------------------------------------------


def fill_placeholders(part: etree._Element, values: Mapping[str, str]) -> set[str]:
    """Replace each ``gdcpos:*`` content control in a header or footer by its value's text.

    Returns the names of the tags found. A paragraph left without any content because its value
    is empty is removed (the part keeps at least one paragraph).
    """
    found: set[str] = set()
    emptied: list[etree._Element] = []
    for sdt in list(part.iter(qn("w:sdt"))):
        name = _fact_of(sdt)
        parent = sdt.getparent()
        if name not in values or parent is None:
            continue
        found.add(name)
        # LibreOffice's copies of this control follow it: the fact is shown once.
        while (copy_of_it := sdt.getnext()) is not None and _fact_of(copy_of_it) == name:
            parent.remove(copy_of_it)
        value = values[name]
        content = sdt.find(qn("w:sdtContent"))
        first_run = content.find(f".//{qn('w:r')}") if content is not None else None
        rpr = first_run.find(qn("w:rPr")) if first_run is not None else None
        runs = _runs_for(value, rpr)
        if parent.tag == qn("w:p"):
            index = parent.index(sdt)
            parent.remove(sdt)
            for offset, run in enumerate(runs):
                parent.insert(index + offset, run)
            if not value:
                emptied.append(parent)
        else:
            # A block-level control: its first paragraph keeps its properties, takes the text.
            paragraph = content.find(qn("w:p")) if content is not None else None
            if paragraph is None:
                paragraph = el("w:p")
            for child in list(paragraph):
                if child.tag != qn("w:pPr"):
                    paragraph.remove(child)
            paragraph.extend(runs)
            parent.replace(sdt, paragraph)
            if not value:
                emptied.append(paragraph)
    for paragraph in emptied:
        _remove_if_empty(part, paragraph)
    return found


def placeholders_left(part: etree._Element) -> set[str]:
    """The packaged placeholder texts a header or footer would still show once filled: text that
    no control gdcpos fills holds any more (LibreOffice makes FILLIN fields, without tag or
    title, of the controls of a reference kept as .odt)."""
    filled = copy.deepcopy(part)
    fill_placeholders(filled, dict.fromkeys(CONTROL_TITLES.values(), ""))
    shown = "".join(node.text or "" for node in filled.iter(qn("w:t")))
    return {text for text in PLACEHOLDER_TEXTS if text in shown}


def _fact_of(element: etree._Element) -> str:
    """The fact a content control stands for: by its ``gdcpos:*`` tag, or by its title when it
    has no tag; "" for anything else."""
    if element.tag != qn("w:sdt"):
        return ""
    properties = element.find(qn("w:sdtPr"))
    if properties is None:
        return ""
    tag = properties.find(qn("w:tag"))
    if tag is not None and (value := tag.get(qn("w:val"), "")):
        return value.removeprefix(TAG_PREFIX) if value.startswith(TAG_PREFIX) else ""
    title = properties.find(qn("w:alias"))
    return CONTROL_TITLES.get(title.get(qn("w:val"), "").strip(), "") if title is not None else ""


def put_run_properties_in_order(part: etree._Element) -> bool:
    """Sort each run's properties into schema order, and say whether any was out of it:
    LibreOffice writes ``w:rtl`` before ``w:rFonts`` in a field's runs, which Word's schema
    refuses."""
    rank = {tag: index for index, tag in enumerate(RPR_ORDER)}
    changed = False
    for rpr in part.iter(qn("w:rPr")):
        run = rpr.getparent()
        if run is None or run.tag != qn("w:r"):
            continue
        ordered = sorted(rpr, key=lambda child: rank.get(child.tag, len(RPR_ORDER)))
        if ordered != list(rpr):
            rpr[:] = ordered
            changed = True
    return changed


def _runs_for(text: str, rpr: etree._Element | None) -> list[etree._Element]:
    check_xml_chars(text)
    runs = []
    for segment_text, latin in split_by_script(text):
        run_rpr = copy.deepcopy(rpr) if rpr is not None else el("w:rPr")
        for old in run_rpr.findall(qn("w:rtl")):
            run_rpr.remove(old)
        if not latin:
            insert_in_order(run_rpr, el("w:rtl"), RPR_ORDER)
        run = el("w:r")
        if len(run_rpr):
            run.append(run_rpr)
        text_element = etree.SubElement(run, qn("w:t"))
        text_element.text = segment_text
        text_element.set(XML_SPACE, "preserve")
        runs.append(run)
    return runs


def _remove_if_empty(part: etree._Element, paragraph: etree._Element) -> None:
    has_text = any((node.text or "").strip() for node in paragraph.iter(qn("w:t")))
    if has_text or any(paragraph.iter(*_OTHER_CONTENT)):
        return
    parent = paragraph.getparent()
    if parent is None:
        return
    if parent is part and len(part.findall(qn("w:p"))) + len(part.findall(qn("w:tbl"))) <= 1:
        return
    parent.remove(paragraph)
