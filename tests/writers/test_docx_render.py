"""Rendering with LibreOffice: the page reads right to left, digits are Persian, fonts apply.

One conversion serves the whole module. Positions come from ``pdftotext -bbox-layout`` (points;
Persian words come back with their letters in visual order), fonts per text from
``pdftohtml -xml`` (persian-docx.md, "Checking a document by rendering it").
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from gdcpos.writers.docx import DocxOptions, DocxWriter
from gdcpos.writers.docx.fonts import page_number_font_bytes
from tests.conftest import require_tools
from tests.writers.samples import FIRST_COLUMN, LAST_COLUMN, SHORT_LINE, full_document
from tests.writers.ttf import drawn_shape, glyph_ids

pytestmark = pytest.mark.render

TOOLS = ("soffice", "pdftotext", "pdftohtml")
POINTS_PER_TWIP = 1 / 20
PAGE_WIDTH = 11906 * POINTS_PER_TWIP
RIGHT_MARGIN = 1418 * POINTS_PER_TWIP
LEFT_MARGIN = 1134 * POINTS_PER_TWIP
BIDI_CONTROLS = re.compile("[\u200c\u200e\u200f\u202a-\u202e]")
XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Word:
    text: str  # as pdftotext gives it: a Persian word's letters in visual order
    page: int
    x_min: float
    x_max: float
    y_min: float

    def reads(self, logical: str) -> bool:
        """Whether this is the word ``logical`` (either letter order, half-spaces ignored)."""
        text = BIDI_CONTROLS.sub("", self.text)
        target = BIDI_CONTROLS.sub("", logical)
        return text in (target, target[::-1])


@dataclass(frozen=True)
class FontedText:
    text: str
    page: int
    top: float
    page_height: float
    font: str


@dataclass(frozen=True)
class Rendering:
    words: list[Word]
    text: str
    fonted: list[FontedText]
    pages: int


def _require_tools() -> None:
    require_tools(TOOLS, "libreoffice-writer, poppler-utils")


def _run(*command: str | Path) -> str:
    completed = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, timeout=300, check=True
    )
    return completed.stdout


@pytest.fixture(scope="module")
def renderings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendering]:
    """The full sample in installed Persian fonts (Nazli, Titr) and in the default fonts, which
    are missing here and substituted, converted to PDF by one LibreOffice run."""
    _require_tools()
    folder = tmp_path_factory.mktemp("render")
    sources = {
        "installed-fonts": DocxOptions(body_font="Nazli", heading_font="Titr"),
        "default-fonts": DocxOptions(),
    }
    for name, options in sources.items():
        DocxWriter(options).write(full_document(), folder / f"{name}.docx")
    profile = folder / "profile"
    _run(
        "soffice",
        "--headless",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        "pdf",
        "--outdir",
        folder,
        *(folder / f"{name}.docx" for name in sources),
    )
    return {name: _read_pdf(folder / f"{name}.pdf") for name in sources}


def _read_pdf(pdf: Path) -> Rendering:
    bbox = etree.fromstring(_run("pdftotext", "-bbox-layout", pdf, "-").encode())
    words: list[Word] = []
    pages = bbox.findall(f".//{XHTML}page")
    for number, page in enumerate(pages, start=1):
        for word in page.iter(f"{XHTML}word"):
            words.append(
                Word(
                    text=word.text or "",
                    page=number,
                    x_min=float(word.get("xMin", "0")),
                    x_max=float(word.get("xMax", "0")),
                    y_min=float(word.get("yMin", "0")),
                )
            )
    fonted: list[FontedText] = []
    xml = etree.fromstring(_run("pdftohtml", "-xml", "-i", "-stdout", pdf).encode())
    fonts = {spec.get("id"): spec.get("family", "") for spec in xml.iter("fontspec")}
    for page in xml.iter("page"):
        for text in page.iter("text"):
            fonted.append(
                FontedText(
                    text="".join(str(piece) for piece in text.itertext()),
                    page=int(page.get("number", "0")),
                    top=float(text.get("top", "0")),
                    page_height=float(page.get("height", "1")),
                    font=fonts.get(text.get("font"), ""),
                )
            )
    plain = BIDI_CONTROLS.sub("", _run("pdftotext", pdf, "-"))
    return Rendering(words=words, text=plain, fonted=fonted, pages=len(pages))


def _word(rendering: Rendering, logical: str) -> Word:
    found = [word for word in rendering.words if word.reads(logical)]
    assert found, f"{logical!r} not found in the PDF"
    return found[0]


def _line_of(rendering: Rendering, logical: str) -> list[Word]:
    """The words on the line of the word ``logical``, right to left."""
    anchor = _word(rendering, logical)
    line = [
        word
        for word in rendering.words
        if word.page == anchor.page and abs(word.y_min - anchor.y_min) < 2
    ]
    return sorted(line, key=lambda word: -word.x_max)


@pytest.mark.parametrize("name", ["installed-fonts", "default-fonts"])
def test_a_short_persian_line_ends_at_the_right_margin(
    renderings: dict[str, Rendering], name: str
) -> None:
    line = _line_of(renderings[name], "کوتاه")
    assert [word.reads(logical) for word, logical in zip(line, SHORT_LINE.split(), strict=True)]
    assert line[0].x_max == pytest.approx(PAGE_WIDTH - RIGHT_MARGIN, abs=1.5)
    assert line[-1].x_min > PAGE_WIDTH / 2
    heading = _line_of(renderings[name], "کلیات")
    assert heading[0].x_max == pytest.approx(PAGE_WIDTH - RIGHT_MARGIN, abs=1.5)


def test_latin_items_joined_by_persian_comma_and_va_read_right_to_left(
    renderings: dict[str, Rendering],
) -> None:
    for rendering in renderings.values():
        line = _line_of(rendering, "UNDP")
        order = [
            word.text.strip("،")
            for word in line
            if word.text.strip("،") in ("ITU", "UNESCO", "UNDP")
        ]
        assert order == ["ITU", "UNESCO", "UNDP"]


def test_a_tables_first_column_is_the_rightmost(renderings: dict[str, Rendering]) -> None:
    rendering = renderings["installed-fonts"]
    first, last = _word(rendering, FIRST_COLUMN), _word(rendering, LAST_COLUMN)
    assert first.y_min == pytest.approx(last.y_min, abs=2)
    assert first.x_min > last.x_max
    assert first.x_max > PAGE_WIDTH / 2 > last.x_max


def test_bullets_stand_to_the_right_of_their_items(renderings: dict[str, Rendering]) -> None:
    rendering = renderings["installed-fonts"]
    item = _word(rendering, "نخست")
    bullet = next(w for w in rendering.words if w.text == "•" and abs(w.y_min - item.y_min) < 6)
    assert bullet.x_min > item.x_max


def test_text_comes_back_in_logical_order(renderings: dict[str, Rendering]) -> None:
    for rendering in renderings.values():
        # Pure Persian lines; pdftotext gives mixed lines in visual order, and splits the
        # lam-alef ligature, so those are checked by position above and by pandoc elsewhere.
        assert SHORT_LINE in rendering.text
        assert "ادغام افقی دو ستون" in rendering.text
        assert "پایان سند." in rendering.text


@pytest.mark.parametrize("name", ["installed-fonts", "default-fonts"])
def test_page_numbers_are_drawn_with_persian_digits(
    renderings: dict[str, Rendering], name: str
) -> None:
    rendering = renderings[name]
    footer_digits = [
        text
        for text in rendering.fonted
        if text.text.strip().isdigit() and text.top > 0.85 * text.page_height
    ]
    # "صفحه X از Y" on every page: X and Y drawn in Vazirmatn FD …
    assert len(footer_digits) == 2 * rendering.pages
    assert {text.font.split("+")[-1] for text in footer_digits} == {"Vazirmatn-FD"}
    numbers = sorted(int(t.text) for t in footer_digits)
    assert numbers == sorted([*range(1, rendering.pages + 1), *[rendering.pages] * rendering.pages])
    # … whose ASCII digit glyphs draw exactly the Persian digits ۰–۹.
    font = page_number_font_bytes()
    ascii_digits, persian_digits = glyph_ids(font, "0123456789"), glyph_ids(font, "۰۱۲۳۴۵۶۷۸۹")
    for ascii_glyph, persian_glyph in zip(ascii_digits, persian_digits, strict=True):
        assert drawn_shape(font, ascii_glyph) == drawn_shape(font, persian_glyph)


def test_heading_body_and_latin_text_use_their_fonts(renderings: dict[str, Rendering]) -> None:
    rendering = renderings["installed-fonts"]

    def font_of(logical: str) -> str:
        for text in rendering.fonted:
            candidate = BIDI_CONTROLS.sub("", text.text).strip()
            if logical in (candidate, candidate[::-1]) or logical[::-1] in candidate:
                return text.font.split("+")[-1]
        raise AssertionError(f"{logical!r} not found")

    assert font_of("کلیات").startswith("Titr")
    assert font_of(SHORT_LINE).startswith("Nazli")
    assert font_of("A/RES/79/1") == "LiberationSerif"
