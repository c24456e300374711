"""Hand-built document models for the writer tests: minimal, full-featured and large."""

from __future__ import annotations

import datetime as dt

from gdcpos.document.model import (
    Align,
    Cell,
    Cover,
    Document,
    DocumentInfo,
    Heading,
    LineBreak,
    ListBlock,
    ListItem,
    PageBreak,
    Paragraph,
    Row,
    Run,
    Table,
    TableOfContents,
)

CREATED = dt.datetime(2023, 3, 13, 8, 30, tzinfo=dt.UTC)
# Agency text that must come out literally: template syntax, markup, XML and Markdown specials.
HOSTILE_TEXT = "متن {{ 7*7 }} و {% raw %} و <b>x</b> & a|b **پررنگ** ]]> \"نقل\" 'تک'"
SHORT_LINE = "این سطر کوتاه است"
FIRST_COLUMN = "ستون‌اول"
LAST_COLUMN = "ستون‌آخر"


def info(**overrides: object) -> DocumentInfo:
    values: dict[str, object] = {
        "title": "چارچوب موضع ملی",
        "created": CREATED,
        "marking": "داخلی",
        "subject": "پیمان جهانی دیجیتال",
        "author": "دبیرخانه",
        "keywords": ("GDC", "فضای مجازی"),
        "header_text": "شورای عالی فضای مجازی",
        "footer_text": "پیش‌نویس برای بررسی کارگروه",
    }
    values.update(overrides)
    return DocumentInfo(**values)  # type: ignore[arg-type]


def para(text: str, align: Align = Align.JUSTIFY, role: str = "") -> Paragraph:
    return Paragraph((Run(text),), align=align, role=role)


def minimal_document() -> Document:
    return Document(info=DocumentInfo(title="حداقل", created=CREATED), blocks=(para("سلام"),))


def full_document() -> Document:
    """Every block type and inline, mixed scripts, merged cells, hostile text."""
    table = Table(
        rows=(
            Row(
                (
                    Cell((para(FIRST_COLUMN, Align.CENTER),)),
                    Cell((para("ستون میانی", Align.CENTER),)),
                    Cell((para(LAST_COLUMN, Align.CENTER),)),
                )
            ),
            Row(
                (
                    Cell((para("ادغام عمودی", Align.START),), rowspan=2),
                    Cell((para("ادغام افقی دو ستون", Align.START),), colspan=2),
                )
            ),
            Row((Cell((para("۲", Align.START),)), Cell((para("ITU، UNESCO", Align.START),)))),
            Row(
                (
                    Cell((para("الف", Align.START),)),
                    Cell((para("ب", Align.START),)),
                    Cell((para("ج", Align.START),)),
                )
            ),
        ),
        header_rows=1,
        widths=(1, 2, 1),
        caption="جدول ۱- نمونهٔ جدول",
    )
    return Document(
        info=info(),
        blocks=(
            Cover(
                title="چارچوب موضع جمهوری اسلامی ایران دربارهٔ پیمان جهانی دیجیتال",
                subtitle="پیش‌نویس کارگروه",
                facts=(
                    ("مصوبه", "جلسهٔ ۱۱۰ شورای عالی"),
                    ("تاریخ", "۲۲ اسفند ۱۴۰۱"),
                    ("ویرایش", "۲"),
                ),
                marking="داخلی",
                notices=("این سند برای استفادهٔ داخلی است.", "تکثیر آن بدون مجوز ممنوع است."),
            ),
            TableOfContents(),
            PageBreak(),
            Heading(1, (Run("کلیات"),), number="1"),
            para(SHORT_LINE, Align.START),
            para(
                "جمهوری اسلامی ایران بر حاکمیت ملی کشورها در فضای مجازی تأکید می‌کند و هرگونه "
                "تلاش برای تحمیل قواعد یکجانبه را مردود می‌داند. این موضع در چارچوب قطعنامهٔ "
                "A/RES/79/1 و گزارش ITU، UNESCO و UNDP قابل دفاع است؛ ایالات U.S. و اتحادیه "
                "اروپا (EU) دیدگاه دیگری دارند."
            ),
            Heading(2, (Run("اصول"),), number="1-1"),
            Paragraph(
                (
                    Run("متن "),
                    Run("پررنگ", bold=True),
                    Run(" و "),
                    Run("مایل", italic=True),
                    LineBreak(),
                    Run("سطر دوم پس از شکست سطر."),
                ),
                align=Align.START,
            ),
            para(HOSTILE_TEXT, Align.START),
            para("یادداشت: این متن در سبک Note است.", role="note"),
            para("دستگاه: وزارت امور خارجه | محور: fragmentation", Align.START, role="meta"),
            Heading(3, (Run("فهرست‌ها"),), number="۱-۱-۱"),
            ListBlock(
                (
                    ListItem(
                        (Run("بند نخست"),),
                        children=(ListBlock((ListItem((Run("زیربند"),)),)),),
                    ),
                    ListItem((Run("بند دوم با واژهٔ Internet"),)),
                )
            ),
            ListBlock(
                tuple(ListItem((Run(f"بند شماره‌دار {n}"),)) for n in ("یکم", "دوم", "سوم")),
                ordered=True,
            ),
            Heading(4, (Run("سرفصل بیرون از فهرست"),), in_toc=False),
            para("متن وسط‌چین", Align.CENTER),
            para("متن چپ‌چین", Align.END),
            table,
            para("پایان سند.", Align.START),
        ),
    )


def large_document(items: int = 10_000) -> Document:
    """``items`` contributions, each a heading-4 title, a 2–3 sentence paragraph and a meta line."""
    blocks: list[Heading | Paragraph] = []
    for n in range(items):
        blocks.append(Heading(4, (Run(f"اصل حاکمیت ملی در فضای مجازی {n}"),)))
        blocks.append(
            para(
                "جمهوری اسلامی ایران بر حاکمیت ملی کشورها در فضای مجازی تأکید می‌کند و هرگونه "
                "تلاش برای تحمیل قواعد یکجانبه را مردود می‌داند. این موضع در چارچوب منشور ملل "
                "متحد و قطعنامهٔ A/RES/79/1 قابل دفاع است. کشورهای همسو نیز بر این اصل تأکید دارند."
            )
        )
        blocks.append(
            para("دستگاه: وزارت امور خارجه | محور: fragmentation | وظایف: ۱، ۵", role="meta")
        )
    return Document(info=info(), blocks=tuple(blocks))


# Pieces of agency text that exercise every rule of the script split (bidi.py): Latin tokens with
# punctuation at either end, abbreviations, joiners that need a right-to-left mark, marks and
# spaces of every kind, XML specials, tabs and line breaks.
TEXT_PIECES = (
    "متن",
    "قطعنامهٔ",
    "می‌شود",
    "۱۲۳",
    "«نقل»",
    "و",
    "،",
    "؛",
    "ITU",
    "A/RES/79/1",
    "A/RES/79/1.",
    "U.S.",
    "e.g.",
    "etc.",
    "J.",
    "end.",
    "19(3)",
    "(EU)",
    "[ref",
    "ref]",
    "<b>x</b>",
    "#GDC2024",
    "R&D",
    "United Nations",
    "Ünïcode",
    "Ελλάδα",
    "Москва",
    "'quoted'",
    '"dq":',
    "a|b",
    "]]>",
    "—",
    "\u00a0",
    "\u202f",
    "\u200f",
    "\u200e",
    "\t",
    "\n",
    "\r\n",
)


def mixed_script_document() -> Document:
    """Every ordered pair of :data:`TEXT_PIECES`, joined by a space and by nothing, in one run
    and across two runs of different formatting, over every alignment and a few roles."""
    aligns = tuple(Align)
    roles = ("", "meta", "note", "item-title")
    blocks: list[Heading | Paragraph | ListBlock] = []
    for first_index, first in enumerate(TEXT_PIECES):
        blocks.append(Heading(2, (Run(f"{first} بخش"),), number=f"{first_index + 1}"))
        for second_index, second in enumerate(TEXT_PIECES):
            variant = first_index + second_index
            blocks.append(
                Paragraph(
                    (Run(f"{first} {second}"),),
                    align=aligns[variant % len(aligns)],
                    role=roles[variant % len(roles)],
                )
            )
            blocks.append(
                Paragraph(
                    (
                        Run(first, bold=variant % 2 == 0, italic=variant % 3 == 0),
                        Run(f"{second}{first}", italic=variant % 2 == 1),
                    )
                )
            )
        blocks.append(
            ListBlock(
                tuple(ListItem((Run(f"{first} {second} و"),)) for second in TEXT_PIECES[:6]),
                ordered=first_index % 2 == 0,
            )
        )
    return Document(info=info(), blocks=tuple(blocks))


def edge_case_document() -> Document:
    """Small blocks at the writer's edges: empty runs and paragraphs, runs that end in a Latin
    item followed by a joiner in the next run, nesting, spans and adjacent tables."""
    small_table = Table(rows=(Row((Cell((para("الف ITU"),)), Cell(()))),), header_rows=0)
    return Document(
        info=info(),
        blocks=(
            Cover(title="عنوان ITU", facts=(("نماد", "A/RES/79/1"),), marking="داخلی"),
            para(""),
            Paragraph(()),
            Paragraph((Run(""), LineBreak(), Run(""))),
            Paragraph((Run("ITU", bold=True), Run(" و UNESCO"), Run("، UNDP", italic=True))),
            Paragraph((Run("گزارش U.S."), Run("\u00a0و"), LineBreak(), Run("ITU"), Run(" را"))),
            Paragraph((Run("(ITU"), Run(") است"), Run("سند A/RES/79/1"), Run("."))),
            Heading(1, (Run("سرفصل "), Run("OEWG", bold=True)), number="2-"),
            Heading(5, (Run("ژرف"),), number="3.", in_toc=False),
            ListBlock(
                (
                    ListItem(
                        (Run("بند ITU"),),
                        children=(
                            ListBlock(
                                (
                                    ListItem(
                                        (Run("زیربند"),),
                                        children=(
                                            ListBlock((ListItem((Run("ژرف‌تر R&D"),)),)),
                                            para("توضیح <b>"),
                                        ),
                                    ),
                                ),
                                ordered=True,
                            ),
                            TableOfContents(title="درون فهرست", depth=12),
                        ),
                    ),
                )
            ),
            small_table,
            small_table,
            Table(
                rows=(
                    Row((Cell((para("یک"),), colspan=5),)),
                    Row((Cell((para("دو"),), rowspan=3), Cell((para("سه"), para("چهار"))))),
                    Row(()),
                ),
                header_rows=2,
                widths=(1, 0, 2),
                caption='جدول "ITU" & <UN>',
            ),
            PageBreak(),
            para("پایان\tسند\r\nو ITU\rپایان", Align.END, role="cover-notice"),
            para("نقش ویژه", role="نقش فارسی"),
        ),
    )
