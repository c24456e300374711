import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gdcpos.persian import (
    ControlProblem,
    convert_word_breaks,
    find_control_problems,
    normalize_prose,
    to_persian_digits,
)
from gdcpos.persian import text as text_module

ZWNJ = "\u200c"


def test_arabic_letters_and_digits_become_persian() -> None:
    assert normalize_prose("علي كتاب ٤ مورد") == "علی کتاب ۴ مورد"
    assert normalize_prose("مصطفى") == "مصطفی"
    assert normalize_prose("٠١٢٣٤٥٦٧٨٩") == "۰۱۲۳۴۵۶۷۸۹"


def test_half_space_and_hamza_above_heh_survive() -> None:
    text = f"نیمه{ZWNJ}فاصله خانهٔ شما، خانۀ ما و می{ZWNJ}شود"
    assert normalize_prose(text) == text


@pytest.mark.parametrize(
    "code",
    [
        "A/RES/79/1",
        "mfa-001",
        "https://x.org/a1",
        "http://www.un.org/techenvoy/global-digital-compact/2024",
        "info2@ncc.ir",
        "C:\\gdc\\v2",
        "id_001",
        "G77",
        "5G",
        "ISO/IEC 27001",
        "ISO 27001",
        "ISO 27001:2013",
        "ISO 9001 2015",
        "IEC 62443-3-3",
        "Windows 11",
        "Web 3.0",
        "Our Common Agenda (2021)",
        "192.168.0.1",
    ],
)
def test_codes_and_latin_stretches_are_untouched(code: str) -> None:
    text = f"در سند {code} آمده است"
    assert normalize_prose(text) == text


def test_foreign_token_keeps_even_its_arabic_letters() -> None:
    url = "https://fa.wikipedia.org/wiki/كتاب"
    assert normalize_prose(f"پیوند {url}") == f"پیوند {url}"


def test_ascii_digits_in_prose_become_persian() -> None:
    assert normalize_prose("مصوبه 110 در سال 1401 و 12 عضو") == "مصوبه ۱۱۰ در سال ۱۴۰۱ و ۱۲ عضو"
    assert normalize_prose("(بند 3)") == "(بند ۳)"
    assert normalize_prose("«2023»") == "«۲۰۲۳»"
    assert normalize_prose("ماده‌3") == "ماده‌۳"


def test_number_punctuation() -> None:
    assert normalize_prose("رشد 3.5% در سال") == "رشد ۳٫۵٪ در سال"
    assert normalize_prose("مبلغ 1,000,000 ریال") == "مبلغ ۱٬۰۰۰٬۰۰۰ ریال"
    assert normalize_prose("مبلغ 1,000.25") == "مبلغ ۱٬۰۰۰٫۲۵"
    assert normalize_prose("در سال 2023.") == "در سال ۲۰۲۳."
    assert normalize_prose("تاریخ 1402/01/15") == "تاریخ ۱۴۰۲/۰۱/۱۵"
    assert normalize_prose("بند 3.2.1 و موارد 1,2") == "بند ۳.۲.۱ و موارد ۱,۲"
    assert normalize_prose("نرخ ۵۰% و ۳.۵") == "نرخ ۵۰٪ و ۳٫۵"
    assert normalize_prose("%50") == "%۵۰"


def test_a_number_continues_a_latin_stretch_only_on_the_same_line() -> None:
    assert normalize_prose("ISO 27001 را") == "ISO 27001 را"
    assert normalize_prose("ISO\n27001") == "ISO\n۲۷۰۰۱"
    assert normalize_prose("ISO، 27001") == "ISO، ۲۷۰۰۱"
    assert normalize_prose(f"ISO{ZWNJ}ها 27001") == f"ISO{ZWNJ}ها ۲۷۰۰۱"
    assert normalize_prose("ISO 27001ها") == "ISO ۲۷۰۰۱ها"
    assert normalize_prose("5 GB") == "۵ GB"


@pytest.mark.parametrize(
    "citation",
    [
        "see Art. 19(3).",
        "Article 19(3)",
        "para. 3(b)",
        "art. 5(1)(a),",
        "see § 12(2).",
        "BDSG §12(2)",
        "see §§ 4-6",
        "Rule 4(ii)",
        "ICCPR 19(3)(a);",
        "Tunis Agenda, para. 35.",
        "Art. 19(3) and 20(1)(b).",
        "Art. 19 (3)",
    ],
)
def test_a_legal_reference_after_latin_text_is_untouched(citation: str) -> None:
    # The number and its parenthesised sub-references continue the Latin stretch, as "27001"
    # continues "ISO": Persian digits there would read as a separate, Persian number.
    text = f"این بند به میثاق اشاره دارد: {citation} و ادامه"
    assert normalize_prose(text) == text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("در ماده 19 (بند 3)", "در ماده ۱۹ (بند ۳)"),
        ("سال 1402 (هجری شمسی)", "سال ۱۴۰۲ (هجری شمسی)"),
        ("ماده 19(3) میثاق", "ماده ۱۹(۳) میثاق"),
        ("§ 12(2) قانون", "§ ۱۲(۲) قانون"),
        # The Latin stretch ends where a Persian word, a Persian comma or a new line starts.
        ("Art. 19 (بند 3)", "Art. 19 (بند ۳)"),
        ("Art. 19(بند 3)", "Art. ۱۹(بند ۳)"),
        ("Art. 19(3)، 20(1)", "Art. 19(3)، ۲۰(۱)"),
        ("Art. 19(3)ها", "Art. ۱۹(۳)ها"),
        ("Art.\n19(3)", "Art.\n۱۹(۳)"),
        ("see § ماده 12", "see § ماده ۱۲"),
    ],
)
def test_a_number_in_parentheses_in_persian_prose_gets_persian_digits(
    text: str, shown: str
) -> None:
    assert normalize_prose(text) == shown


_SUB_REFERENCES = st.lists(
    st.sampled_from(["(1)", "(3)", "(12)", "(a)", "(b)", "(ii)", "(iv)"]), min_size=1, max_size=3
).map("".join)
citations = st.builds(
    "{}{}{}".format,
    st.sampled_from(["1", "5", "19", "62443"]),
    _SUB_REFERENCES,
    st.sampled_from(["", ".", ",", ";", ":", ")"]),
)


@given(st.sampled_from(["see Art.", "Article", "para.", "art.", "Rule", "§", "ICCPR"]), citations)
def test_a_number_with_sub_references_continues_any_latin_stretch(
    before: str, citation: str
) -> None:
    text = f"اشاره دارد: {before} {citation} و"
    if before == "§":  # the section sign alone is not Latin text: it needs a Latin word before it
        text = f"اشاره دارد: see {before} {citation} و"
    assert normalize_prose(text) == text


@given(citations)
def test_a_number_with_sub_references_in_persian_prose_gets_persian_digits(citation: str) -> None:
    shown = normalize_prose(f"در ماده {citation} میثاق")
    if re.search("[a-z]", citation):  # "19(3)(a)" holds a Latin letter: a code, never changed
        assert shown == f"در ماده {citation} میثاق"
    else:
        assert shown == f"در ماده {to_persian_digits(citation)} میثاق"


def test_to_persian_digits_converts_everything() -> None:
    assert to_persian_digits("page 12 of ٣٤") == "page ۱۲ of ۳۴"


_FRAGMENTS = [
    " ",
    "\n",
    "\t",
    "\u00a0",
    ZWNJ,
    "ي",
    "ى",
    "ك",
    "ی",
    "ک",
    "ه\u0654",
    "ۀ",
    "متن",
    "،",
    "؛",
    ".",
    ",",
    "%",
    "/",
    "-",
    "(",
    ")",
    "«",
    "»",
    ":",
    "0",
    "7",
    "12",
    "3.5",
    "1,000",
    "٤",
    "۵",
    "ISO",
    "A/RES/79/1",
    "mfa-001",
    "https://x.org/a1",
    "@",
    "_",
    "\\",
    "é",
    "Ж",
    "192.168.0.1",
]
_ALLOWED_CHANGES = {
    ("ي", "ی"),
    ("ى", "ی"),
    ("ك", "ک"),
    (".", "\u066b"),
    (",", "\u066c"),
    ("%", "\u066a"),
    *((a, p) for a, p in zip("0123456789", "۰۱۲۳۴۵۶۷۸۹", strict=True)),
    *((a, p) for a, p in zip("٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹", strict=True)),
}
prose = st.one_of(
    st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map("".join),
    st.text(alphabet="".join(_FRAGMENTS) + "aZ", max_size=60),
)


@given(prose)
def test_normalize_prose_is_idempotent(text: str) -> None:
    once = normalize_prose(text)
    assert normalize_prose(once) == once


@given(prose)
def test_normalize_prose_changes_characters_one_for_one(text: str) -> None:
    result = normalize_prose(text)
    assert len(result) == len(text)
    assert all(a == b or (a, b) in _ALLOWED_CHANGES for a, b in zip(text, result, strict=True))


def _normalize_by_splitting(text: str) -> str:
    """`normalize_prose` as first written: split the text on the foreign stretches (the pattern
    tried at every position) and normalise what lies between them."""
    stretch = re.compile(f"({text_module._FOREIGN_STRETCH.pattern})")
    parts = stretch.split(text)
    parts[::2] = [text_module._normalize_persian_run(part) for part in parts[::2]]
    return "".join(parts)


_STRETCH_FRAGMENTS = [
    *_FRAGMENTS,
    "\u202f",
    "\r",
    "«",
    "»",
    "ها",
    "ISO",
    "Web",
    "27001:2013",
    "(2021)",
    "62443-3-3,",
    "27001،",
    "3.0",
    "«G77»",
    "بندA",
    "5G",
    "ن\u200c",
    "Art.",
    "19(3)",
    "(3)",
    "(a)",
    "(ii)",
    "(بند",
    "§",
]


@given(
    st.lists(st.sampled_from(_STRETCH_FRAGMENTS), max_size=40).map("".join)
    | st.text(alphabet="".join(_STRETCH_FRAGMENTS) + "aZ", max_size=60)
)
def test_normalize_prose_finds_the_stretches_splitting_would(text: str) -> None:
    assert normalize_prose(text) == _normalize_by_splitting(text)


def test_bidi_controls_are_found_with_offsets() -> None:
    text = "متن\u202eabc\u202c و \u2067x\u2069"
    problems = find_control_problems(text)
    assert [(p.offset, p.char) for p in problems] == [
        (3, "\u202e"),
        (7, "\u202c"),
        (11, "\u2067"),
        (13, "\u2069"),
    ]
    assert "U+202E" in problems[0].message
    assert "display differently from what it says" in problems[0].message


def test_xml_illegal_characters_are_found() -> None:
    problems = find_control_problems("a\x01b\x00\ufffe\ud800\t\n\r")
    assert [(p.offset, p.char) for p in problems] == [
        (1, "\x01"),
        (3, "\x00"),
        (4, "\ufffe"),
        (5, "\ud800"),
    ]
    assert problems[0] == ControlProblem(1, "\x01", problems[0].message)
    assert "U+0001" in problems[0].message
    assert "XML" in problems[0].message


def test_clean_text_has_no_problems() -> None:
    assert find_control_problems(f"متن فارسی{ZWNJ}ها\u200f و \u200e English\t\n") == []


def test_word_breaks_are_not_problems_and_become_newlines() -> None:
    text = "سطر اول\x0bسطر دوم\x0cصفحه"
    assert find_control_problems(text) == []
    assert convert_word_breaks(text) == "سطر اول\nسطر دوم\nصفحه"
