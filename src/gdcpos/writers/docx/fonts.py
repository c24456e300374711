"""Font table entries and the embedded page-number font.

PAGE and NUMPAGES fields come out in ASCII digits; no field switch gives Persian digits in
LibreOffice. What works is a font whose digit glyphs are Persian, Vazirmatn FD (SIL OFL), on the
field runs (persian-docx.md, "Digits"). gdcpos embeds it so that the digits are Persian on a
machine that lacks the font: an obfuscated part, a ``w:embedRegular`` in the font table and
``w:embedTrueTypeFonts`` in the settings (ECMA-376 Part 1 §17.8.1).
"""

from __future__ import annotations

import uuid
from importlib import resources

from lxml import etree

from gdcpos.writers.docx.package import Package, Relationship
from gdcpos.writers.docx.xml import (
    CT_OBFUSCATED_FONT,
    FONT_ORDER,
    REL_FONT,
    WORD_NSMAP,
    el,
    insert_in_order,
    qn,
)

PAGE_NUMBER_FONT = "Vazirmatn FD"
_FONT_FILE = "Vazirmatn-FD-Regular.ttf"
_EMBEDDED_PART = "word/fonts/VazirmatnFD-Regular.odttf"
# A fixed key keeps the output reproducible; any GUID is a valid key.
FONT_KEY = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, "gdcpos:" + _FONT_FILE)).upper() + "}"

# Arabic-script fonts carry charset B2 (ARABIC_CHARSET) so that Word substitutes an Arabic font
# when they are missing, rather than a Latin one without Persian glyphs.
ARABIC_CHARSET = "B2"
LATIN_CHARSET = "00"


def page_number_font_bytes() -> bytes:
    """The TrueType file of the page-number font, as shipped in ``gdcpos/resources/fonts``."""
    return (resources.files("gdcpos.resources") / "fonts" / _FONT_FILE).read_bytes()


def obfuscate(font: bytes, font_key: str) -> bytes:
    """Obfuscate a font for embedding: its first 32 bytes XORed with the GUID's bytes taken in
    reverse order of the key's hex digits (ECMA-376 Part 1 §17.8.1). The same call undoes it."""
    key = bytes.fromhex(font_key.strip("{}").replace("-", ""))[::-1]
    head = bytes(byte ^ key[index % 16] for index, byte in enumerate(font[:32]))
    return head + font[32:]


def new_font_table() -> etree._Element:
    return etree.Element(qn("w:fonts"), nsmap=WORD_NSMAP)


def ensure_font(font_table: etree._Element, name: str, charset: str) -> etree._Element:
    """Return the font table's entry for ``name``, adding one (with ``charset``) if missing."""
    for font in font_table.iterchildren(qn("w:font")):
        if font.get(qn("w:name")) == name:
            return font
    font = el(
        "w:font",
        {"w:name": name},
        el("w:charset", {"w:val": charset}),
        el("w:family", {"w:val": "auto"}),
        el("w:pitch", {"w:val": "variable"}),
    )
    font_table.append(font)
    return font


def embed_page_number_font(
    package: Package, font_table_part: str, font_table: etree._Element
) -> None:
    """Add the obfuscated page-number font to ``package`` and list it in ``font_table``."""
    package.put(_EMBEDDED_PART, obfuscate(page_number_font_bytes(), FONT_KEY), CT_OBFUSCATED_FONT)
    rels = [
        rel
        for rel in package.relationships(font_table_part)
        if package.resolve(font_table_part, rel.target) != _EMBEDDED_PART
    ]
    taken = {rel.rel_id for rel in rels}
    rel_id = next(f"rIdFont{n}" for n in range(1, len(taken) + 2) if f"rIdFont{n}" not in taken)
    rels.append(
        Relationship(rel_id, REL_FONT, Package.relative_target(font_table_part, _EMBEDDED_PART))
    )
    package.set_relationships(font_table_part, rels)
    font = ensure_font(font_table, PAGE_NUMBER_FONT, ARABIC_CHARSET)
    for old in font.findall(qn("w:embedRegular")):
        font.remove(old)
    insert_in_order(font, el("w:embedRegular", {"r:id": rel_id, "w:fontKey": FONT_KEY}), FONT_ORDER)


def remove_page_number_font(
    package: Package, font_table_part: str, font_table: etree._Element
) -> bool:
    """Drop the embedded page-number font (the packaged reference carries it) when embedding is
    off; other embedded fonts stay. Returns whether it was there to drop."""
    removed = False
    for font in font_table.iterchildren(qn("w:font")):
        for embed in font.findall(qn("w:embedRegular")):
            if embed.get(qn("w:fontKey")) == FONT_KEY:
                font.remove(embed)
                removed = True
    rels = package.relationships(font_table_part)
    kept = [rel for rel in rels if package.resolve(font_table_part, rel.target) != _EMBEDDED_PART]
    if len(kept) != len(rels):
        package.set_relationships(font_table_part, kept)
        package.remove(_EMBEDDED_PART)
    return removed


def has_embedded_fonts(font_table: etree._Element) -> bool:
    embed_tags = {
        qn(f"w:{name}") for name in ("embedRegular", "embedBold", "embedItalic", "embedBoldItalic")
    }
    return any(child.tag in embed_tags for font in font_table for child in font)
