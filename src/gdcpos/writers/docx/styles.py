"""Paragraph, character and table styles: the defaults, and fitting a reference's styles.xml.

The packaged reference.docx carries :func:`default_styles_part`; a workspace's own reference keeps
its styles, and the writer adds any style the body uses that it lacks, then applies the fonts,
body size and language of :class:`DocxOptions` (persian-docx.md: a run with ``w:rtl`` takes its
font, size and boldness only from ``rFonts@w:cs``, ``szCs`` and ``bCs``, and theme attributes
such as ``cstheme`` override explicit names, so they are removed).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterable

from lxml import etree

from gdcpos.writers.docx.options import DocxOptions
from gdcpos.writers.docx.xml import (
    PPR_ORDER,
    RPR_ORDER,
    STYLE_ORDER,
    WORD_NSMAP,
    attributes,
    el,
    get_or_add,
    insert_in_order,
    qn,
    set_child,
)

NORMAL = "Normal"
NORMAL_SPACE_AFTER = 120
"""Twips (6 pt) body text leaves after itself."""
DEFAULT_PARAGRAPH_FONT = "DefaultParagraphFont"
TABLE_NORMAL = "TableNormal"
TABLE_GRID = "TableGrid"
TITLE = "Title"
SUBTITLE = "Subtitle"
COVER_MARKING = "CoverMarking"
COVER_NOTICE = "CoverNotice"
COVER_FACT = "CoverFact"
TOC_HEADING = "TOCHeading"
LIST_PARAGRAPH = "ListParagraph"
TABLE_TEXT = "TableText"
TABLE_HEADING = "TableHeading"
CAPTION = "Caption"
HEADER = "Header"
FOOTER = "Footer"
MAX_HEADING_LEVEL = 4
MAX_TOC_LEVEL = 4


def heading_style(level: int) -> str:
    """Style id of a heading level; levels past the deepest style use the deepest."""
    return f"Heading{min(max(level, 1), MAX_HEADING_LEVEL)}"


def unlisted_heading_style(level: int) -> str:
    """Style id of a heading kept out of the table of contents.

    Word fixes the outline level of its built-in heading styles (a paragraph cannot override
    it), so such a heading gets its own style, based on the heading's, at body-text level.
    """
    return heading_style(level) + "Unlisted"


def toc_style(level: int) -> str:
    return f"TOC{level}"


_ROLE_WORD = re.compile("[A-Za-z0-9]+")


@functools.lru_cache(maxsize=256)
def role_style_id(role: str) -> str | None:
    """Style id for a paragraph ``role`` (``meta`` → ``Meta``, ``cover-notice`` → ``CoverNotice``).

    ``None`` for the empty role, which is the Normal style.
    """
    if not role:
        return None
    words = _ROLE_WORD.findall(role)
    if not words:
        return "Role" + hashlib.sha256(role.encode()).hexdigest()[:8]
    return "".join(word[:1].upper() + word[1:] for word in words)


# Styles whose text is set in the heading font.
HEADING_FONT_STYLES = frozenset(
    [heading_style(n) for n in range(1, MAX_HEADING_LEVEL + 1)] + [TITLE, SUBTITLE, TOC_HEADING]
)

_THEME_FONT_ATTRIBUTES = tuple(
    qn(f"w:{name}") for name in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
)


def _p_pr(*children: etree._Element) -> etree._Element:
    ppr = el("w:pPr")
    for child in children:
        insert_in_order(ppr, child, PPR_ORDER)
    return ppr


def _r_pr(*children: etree._Element) -> etree._Element:
    rpr = el("w:rPr")
    for child in children:
        insert_in_order(rpr, child, RPR_ORDER)
    return rpr


def _spacing(before: int = 0, after: int = 0, line: int | None = None) -> etree._Element:
    attrs = {"w:before": str(before), "w:after": str(after)}
    if line is not None:
        attrs |= {"w:line": str(line), "w:lineRule": "auto"}
    return el("w:spacing", attrs)


def _fonts(latin: str, complex_script: str) -> etree._Element:
    return el(
        "w:rFonts",
        {"w:ascii": latin, "w:hAnsi": latin, "w:eastAsia": latin, "w:cs": complex_script},
    )


def _sizes(complex_half_points: int) -> list[etree._Element]:
    # Latin glyphs look larger than Persian ones at the same size: Latin is set 1 pt smaller.
    latin = max(complex_half_points - 2, 8)
    return [el("w:sz", {"w:val": str(latin)}), el("w:szCs", {"w:val": str(complex_half_points)})]


def _bold() -> list[etree._Element]:
    return [el("w:b"), el("w:bCs")]


def _color(value: str) -> etree._Element:
    return el("w:color", {"w:val": value})


def _jc(value: str) -> etree._Element:
    return el("w:jc", {"w:val": value})


def _style(
    kind: str,
    style_id: str,
    name: str,
    *,
    based_on: str | None = NORMAL,
    next_style: str | None = None,
    ui_priority: int | None = None,
    quick: bool = False,
    hidden_until_used: bool = False,
    default: bool = False,
    ppr: etree._Element | None = None,
    rpr: etree._Element | None = None,
    tblpr: etree._Element | None = None,
) -> etree._Element:
    attrs = {"w:type": kind, "w:styleId": style_id}
    if default:
        attrs["w:default"] = "1"
    style = el("w:style", attrs, el("w:name", {"w:val": name}))
    children: list[etree._Element] = []
    if based_on is not None:
        children.append(el("w:basedOn", {"w:val": based_on}))
    if next_style is not None:
        children.append(el("w:next", {"w:val": next_style}))
    if ui_priority is not None:
        children.append(el("w:uiPriority", {"w:val": str(ui_priority)}))
    if hidden_until_used:
        children += [el("w:semiHidden"), el("w:unhideWhenUsed")]
    if quick:
        children.append(el("w:qFormat"))
    children += [part for part in (ppr, rpr, tblpr) if part is not None]
    for child in children:
        insert_in_order(style, child, STYLE_ORDER)
    return style


def _borders(container: str, sides: Iterable[str], size: int = 4) -> etree._Element:
    borders = el(container)
    for side in sides:
        attrs = {"w:val": "single", "w:sz": str(size), "w:space": "0", "w:color": "auto"}
        borders.append(el(f"w:{side}", attrs))
    return borders


TABLE_BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


def _heading(level: int, options: DocxOptions) -> etree._Element:
    body = options.body_half_points
    size = {1: body + 10, 2: body + 6, 3: body + 2, 4: body}[level]
    before = {1: 480, 2: 360, 3: 240, 4: 200}[level]
    return _style(
        "paragraph",
        heading_style(level),
        f"heading {level}",
        next_style=NORMAL,
        ui_priority=9,
        quick=True,
        ppr=_p_pr(
            el("w:keepNext"),
            el("w:keepLines"),
            el("w:bidi"),
            _spacing(before, 120),
            el("w:outlineLvl", {"w:val": str(level - 1)}),
        ),
        rpr=_r_pr(*_bold(), *_sizes(size)),
    )


def _unlisted_heading(level: int) -> etree._Element:
    return _style(
        "paragraph",
        unlisted_heading_style(level),
        f"heading {level} (not in contents)",
        based_on=heading_style(level),
        next_style=NORMAL,
        quick=True,
        # Level 9 is body text: the contents field leaves these paragraphs out.
        ppr=_p_pr(el("w:outlineLvl", {"w:val": "9"})),
    )


def _toc(level: int) -> etree._Element:
    return _style(
        "paragraph",
        toc_style(level),
        f"toc {level}",
        next_style=NORMAL,
        ui_priority=39,
        hidden_until_used=True,
        ppr=_p_pr(
            el("w:bidi"),
            _spacing(0, 60),
            el("w:ind", {"w:left": str(440 * (level - 1))}),
        ),
    )


def _style_factories(options: DocxOptions) -> dict[str, Callable[[], etree._Element]]:
    """Every style gdcpos uses, by id, as functions building its default definition."""
    body = options.body_half_points
    factories: dict[str, Callable[[], etree._Element]] = {
        NORMAL: lambda: _style(
            "paragraph",
            NORMAL,
            "Normal",
            based_on=None,
            default=True,
            quick=True,
            # Arabic-script text needs more leading than Latin: 1.25 lines.
            ppr=_p_pr(el("w:bidi"), _spacing(0, NORMAL_SPACE_AFTER, 300)),
        ),
        DEFAULT_PARAGRAPH_FONT: lambda: _style(
            "character",
            DEFAULT_PARAGRAPH_FONT,
            "Default Paragraph Font",
            based_on=None,
            default=True,
            ui_priority=1,
            hidden_until_used=True,
        ),
        TABLE_NORMAL: lambda: _style(
            "table",
            TABLE_NORMAL,
            "Normal Table",
            based_on=None,
            default=True,
            ui_priority=99,
            hidden_until_used=True,
            tblpr=el(
                "w:tblPr",
                None,
                el("w:tblInd", {"w:w": "0", "w:type": "dxa"}),
                el(
                    "w:tblCellMar",
                    None,
                    el("w:top", {"w:w": "0", "w:type": "dxa"}),
                    el("w:left", {"w:w": "108", "w:type": "dxa"}),
                    el("w:bottom", {"w:w": "0", "w:type": "dxa"}),
                    el("w:right", {"w:w": "108", "w:type": "dxa"}),
                ),
            ),
        ),
        TABLE_GRID: lambda: _style(
            "table",
            TABLE_GRID,
            "Table Grid",
            based_on=TABLE_NORMAL,
            ui_priority=39,
            tblpr=el("w:tblPr", None, _borders("w:tblBorders", TABLE_BORDER_SIDES)),
        ),
        TITLE: lambda: _style(
            "paragraph",
            TITLE,
            "Title",
            next_style=NORMAL,
            ui_priority=10,
            quick=True,
            ppr=_p_pr(el("w:keepNext"), el("w:bidi"), _spacing(2400, 360), _jc("center")),
            rpr=_r_pr(*_bold(), *_sizes(body * 2 + 4)),
        ),
        SUBTITLE: lambda: _style(
            "paragraph",
            SUBTITLE,
            "Subtitle",
            next_style=NORMAL,
            ui_priority=11,
            quick=True,
            ppr=_p_pr(el("w:keepNext"), el("w:bidi"), _spacing(0, 600), _jc("center")),
            rpr=_r_pr(*_sizes(body + 10)),
        ),
        COVER_MARKING: lambda: _style(
            "paragraph",
            COVER_MARKING,
            "Cover Marking",
            next_style=NORMAL,
            quick=True,
            ppr=_p_pr(el("w:bidi"), _spacing(480, 240), _jc("center")),
            rpr=_r_pr(*_bold(), _color("C00000"), *_sizes(body + 6)),
        ),
        COVER_NOTICE: lambda: _style(
            "paragraph",
            COVER_NOTICE,
            "Cover Notice",
            quick=True,
            ppr=_p_pr(el("w:bidi"), _spacing(0, 60), _jc("center")),
            rpr=_r_pr(*_sizes(body - 4)),
        ),
        COVER_FACT: lambda: _style(
            "paragraph",
            COVER_FACT,
            "Cover Fact",
            ppr=_p_pr(el("w:bidi"), _spacing(60, 60)),
        ),
        TOC_HEADING: lambda: _style(
            "paragraph",
            TOC_HEADING,
            "TOC Heading",
            next_style=NORMAL,
            ui_priority=39,
            quick=True,
            ppr=_p_pr(
                el("w:keepNext"),
                el("w:bidi"),
                _spacing(240, 240),
                _jc("center"),
                # Level 9 is body text: the contents heading does not list itself.
                el("w:outlineLvl", {"w:val": "9"}),
            ),
            rpr=_r_pr(*_bold(), *_sizes(body + 6)),
        ),
        LIST_PARAGRAPH: lambda: _style(
            "paragraph",
            LIST_PARAGRAPH,
            "List Paragraph",
            ui_priority=34,
            quick=True,
            ppr=_p_pr(el("w:bidi"), _spacing(0, 60), el("w:contextualSpacing")),
        ),
        TABLE_TEXT: lambda: _style(
            "paragraph",
            TABLE_TEXT,
            "Table Text",
            quick=True,
            ppr=_p_pr(el("w:bidi"), _spacing(40, 40, 240)),
            rpr=_r_pr(*_sizes(body - 2)),
        ),
        TABLE_HEADING: lambda: _style(
            "paragraph",
            TABLE_HEADING,
            "Table Heading",
            based_on=TABLE_TEXT,
            quick=True,
            ppr=_p_pr(el("w:keepNext"), el("w:bidi"), _jc("center")),
            rpr=_r_pr(*_bold()),
        ),
        CAPTION: lambda: _style(
            "paragraph",
            CAPTION,
            "caption",
            next_style=NORMAL,
            ui_priority=35,
            quick=True,
            hidden_until_used=True,
            ppr=_p_pr(el("w:keepNext"), el("w:bidi"), _spacing(240, 80), _jc("center")),
            rpr=_r_pr(*_bold(), *_sizes(body - 2)),
        ),
        HEADER: lambda: _style(
            "paragraph",
            HEADER,
            "header",
            ui_priority=99,
            hidden_until_used=True,
            ppr=_p_pr(el("w:bidi"), _spacing(0, 0, 240)),
            rpr=_r_pr(*_sizes(body - 4)),
        ),
        FOOTER: lambda: _style(
            "paragraph",
            FOOTER,
            "footer",
            ui_priority=99,
            hidden_until_used=True,
            ppr=_p_pr(el("w:bidi"), _spacing(0, 0, 240)),
            rpr=_r_pr(*_sizes(body - 4)),
        ),
        "Meta": lambda: _style(
            "paragraph",
            "Meta",
            "Meta",
            quick=True,
            ppr=_p_pr(el("w:bidi"), _spacing(0, 240)),
            rpr=_r_pr(_color("595959"), *_sizes(body - 4)),
        ),
        "Note": lambda: _style(
            "paragraph",
            "Note",
            "Note",
            quick=True,
            ppr=_p_pr(
                el("w:bidi"),
                _spacing(60, 120),
                el("w:ind", {"w:left": "567", "w:right": "567"}),
            ),
            rpr=_r_pr(_color("404040"), *_sizes(body - 2)),
        ),
    }
    for level in range(1, MAX_HEADING_LEVEL + 1):
        factories[heading_style(level)] = lambda level=level: _heading(level, options)  # type: ignore[misc]
        factories[unlisted_heading_style(level)] = lambda level=level: _unlisted_heading(level)  # type: ignore[misc]
    for level in range(1, MAX_TOC_LEVEL + 1):
        factories[toc_style(level)] = lambda level=level: _toc(level)  # type: ignore[misc]
    return factories


def default_style(style_id: str, options: DocxOptions) -> etree._Element:
    """The default definition of ``style_id``; an unknown id (a template's role) is a plain
    paragraph style based on Normal, so that it exists for a user to restyle in Word."""
    factory = _style_factories(options).get(style_id)
    if factory is not None:
        return factory()
    return _style("paragraph", style_id, style_id, quick=True, ppr=_p_pr(el("w:bidi")))


def default_styles_part(options: DocxOptions, language: str = "fa-IR") -> etree._Element:
    """A complete ``w:styles`` root with every style gdcpos uses (the packaged reference's)."""
    root = etree.Element(qn("w:styles"), nsmap=WORD_NSMAP)
    root.append(el("w:docDefaults"))
    for factory in _style_factories(options).values():
        root.append(factory())
    apply_options(root, options, language)
    return root


def _styles_by_id(root: etree._Element) -> dict[str, etree._Element]:
    return {style.get(qn("w:styleId"), ""): style for style in root.iterchildren(qn("w:style"))}


def ensure_styles(root: etree._Element, style_ids: Iterable[str], options: DocxOptions) -> None:
    """Add to a reference's ``w:styles`` each of ``style_ids`` it lacks, with the styles they are
    based on, so that no paragraph names a style the file does not define."""
    existing = _styles_by_id(root)
    pending = list(style_ids)
    while pending:
        style_id = pending.pop()
        if style_id in existing:
            continue
        style = default_style(style_id, options)
        root.append(style)
        existing[style_id] = style
        pending.extend(
            link.get(qn("w:val"), "")
            for link in (style.find(qn("w:basedOn")), style.find(qn("w:next")))
            if link is not None
        )


def apply_options(root: etree._Element, options: DocxOptions, language: str) -> None:
    """Set fonts, body size and the complex-script language on a ``w:styles`` root.

    docDefaults get the body font on the complex-script slot, the Latin font on the others and
    ``lang@w:bidi`` = ``language`` (replacing python-docx's ``cstheme="minorBidi"`` and
    ``ar-SA``); heading-like styles get the heading font; every theme font attribute goes.
    """
    defaults = root.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = el("w:docDefaults")
        root.insert(0, defaults)
    rpr_default = get_or_add(defaults, qn("w:rPrDefault"), (qn("w:rPrDefault"), qn("w:pPrDefault")))
    rpr = get_or_add(rpr_default, qn("w:rPr"), (qn("w:rPr"),))
    _set_fonts(rpr, options.latin_font, options.body_font)
    for size in _sizes(options.body_half_points):
        set_child(rpr, size.tag, RPR_ORDER, attributes(size))
    lang = get_or_add(rpr, qn("w:lang"), RPR_ORDER)
    lang.set(qn("w:bidi"), language)
    if lang.get(qn("w:val")) is None:
        lang.set(qn("w:val"), "en-US")
    ppr_default = get_or_add(defaults, qn("w:pPrDefault"), (qn("w:rPrDefault"), qn("w:pPrDefault")))
    ppr = get_or_add(ppr_default, qn("w:pPr"), (qn("w:pPr"),))
    get_or_add(ppr, qn("w:bidi"), PPR_ORDER)

    # Theme fonts override explicit names wherever they appear (table style conditions too).
    for fonts in root.iter(qn("w:rFonts")):
        for attribute in _THEME_FONT_ATTRIBUTES:
            if attribute in fonts.attrib:
                del fonts.attrib[attribute]
        if not fonts.attrib and (parent := fonts.getparent()) is not None:
            parent.remove(fonts)

    for style_id, style in _styles_by_id(root).items():
        style_rpr = style.find(qn("w:rPr"))
        if style_id in HEADING_FONT_STYLES:
            if style_rpr is None:
                style_rpr = el("w:rPr")
                insert_in_order(style, style_rpr, STYLE_ORDER)
            _set_fonts(style_rpr, options.latin_font, options.heading_font)
        if style_id == NORMAL and style_rpr is not None:
            # A reference's Normal may fix its own size; the body size option wins over it.
            for size in _sizes(options.body_half_points):
                if style_rpr.find(size.tag) is not None:
                    set_child(style_rpr, size.tag, RPR_ORDER, attributes(size))
        if style_id.startswith("Heading") and style_id[7:].isdigit():
            style_ppr = style.find(qn("w:pPr"))
            if style_ppr is None:
                style_ppr = el("w:pPr")
                insert_in_order(style, style_ppr, STYLE_ORDER)
            if style_ppr.find(qn("w:outlineLvl")) is None:
                level = int(style_id[7:]) - 1
                insert_in_order(style_ppr, el("w:outlineLvl", {"w:val": str(level)}), PPR_ORDER)


def _set_fonts(rpr: etree._Element, latin: str, complex_script: str) -> None:
    set_child(rpr, qn("w:rFonts"), RPR_ORDER, attributes(_fonts(latin, complex_script)))
