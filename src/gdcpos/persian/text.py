"""Persian prose: letter and digit normalisation, and characters that must not reach a document.

Every function here maps one character to one character (or reports characters), so offsets
in the result are offsets in the input: a location computed on one is valid on the other.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "ControlProblem",
    "convert_word_breaks",
    "find_control_problems",
    "normalize_prose",
    "to_persian_digits",
]

_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"

_TO_PERSIAN_DIGITS = str.maketrans("0123456789" + _ARABIC_INDIC_DIGITS, _PERSIAN_DIGITS * 2)
_PROSE_LETTERS = str.maketrans(
    {
        "\u064a": "\u06cc",  # ARABIC LETTER YEH -> ARABIC LETTER FARSI YEH
        "\u0649": "\u06cc",  # ARABIC LETTER ALEF MAKSURA -> FARSI YEH
        "\u0643": "\u06a9",  # ARABIC LETTER KAF -> ARABIC LETTER KEHEH
        **dict(zip(_ARABIC_INDIC_DIGITS, _PERSIAN_DIGITS, strict=True)),
    }
)

# A token (a run of non-space characters) holding one of these is foreign: Latin (or Greek,
# Cyrillic) text, an email, a Windows path or an identifier. It is left exactly as written.
LATIN_SCRIPT = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u04ff"
"""Latin (with its accented letters), Greek and Cyrillic letters, as the body of a regular
expression's character class: the letters of what stays left-to-right in Persian text. The
normalisation here, the Word writer's runs and the HTML preview's isolates all start from it."""
_FOREIGN_CHARS = f"{LATIN_SCRIPT}@\\\\_"
_HAS_FOREIGN = re.compile(f"[{_FOREIGN_CHARS}]")
_SAME_LINE_SPACE = "[ \t\u00a0\u202f]+"
# A token of ASCII digits and number punctuation, as in "27001", "3.0", "(2021)", "62443-3-3,",
# with any sub-references in parentheses, as in "19(3)", "5(1)(a)." or "4(ii)", and a section
# sign before it ("§12"), or the section sign alone ("§", "§§") as in "§ 12(2)".
_ASCII_NUMBER_TOKEN = (
    r"(?:§§?|[(\[]?§{0,2}[0-9](?:[0-9.,:/%\-\u2013)\];!?\u060c\u061b]|\([0-9A-Za-z]++\))*)"
    r"(?!\S)"
)
_FOREIGN_STRETCH = re.compile(
    rf"(?<!\S)[^\s{_FOREIGN_CHARS}]*[{_FOREIGN_CHARS}]\S*"
    # Numbers continue the stretch only if the foreign token does not end in Persian script.
    rf"(?:(?<![\u0600-\u06ff\u200c]){_SAME_LINE_SPACE}{_ASCII_NUMBER_TOKEN})*"
)
_NUMBER = re.compile(r"[0-9۰-۹]+(?:[.,][0-9۰-۹]+)*%?")
# Prose with none of these is already normal: most titles and many texts skip all the work.
_NEEDS_WORK = re.compile("[0-9\u0660-\u0669\u06f0-\u06f9\u064a\u0649\u0643]")
_ARABIC_LETTERS = re.compile("[\u064a\u0649\u0643\u0660-\u0669]")
_GROUPED = re.compile(r"[0-9۰-۹]{1,3}(?:,[0-9۰-۹]{3})+(?:\.[0-9۰-۹]+)?%?")
_DECIMAL = re.compile(r"[0-9۰-۹]+\.[0-9۰-۹]+%?")
_IPV4 = re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}")
_GROUPED_SEPARATORS = str.maketrans({",": "\u066c", ".": "\u066b", "%": "\u066a"})
_DECIMAL_SEPARATORS = str.maketrans({".": "\u066b", "%": "\u066a"})
_PERCENT = str.maketrans({"%": "\u066a"})


def to_persian_digits(s: str) -> str:
    """Write every ASCII and Arabic-Indic digit in `s` as a Persian digit.

    For numbers the project itself produces (page, heading, list numbers), which are never codes.
    """
    return s.translate(_TO_PERSIAN_DIGITS)


def normalize_prose(text: str) -> str:
    """Normalise Persian prose for output, leaving codes, ids and Latin text exactly as written.

    Rules, applied to each whitespace-separated token:

    - A token containing a Latin (or Greek, Cyrillic) letter, ``@``, ``\\`` or ``_`` is foreign
      (``A/RES/79/1``, ``mfa-001``, ``G77``, URLs, emails, paths) and is not changed at all, not
      even its Arabic letters: changing one character of an id or URL makes it point elsewhere.
    - ASCII-digit tokens that follow a foreign token on the same line, separated only by spaces,
      continue it and stay ASCII ("ISO 27001", "Windows 11", "Web 3.0", "ISO/IEC 27001:2013"):
      they are part of a Latin name. So do such numbers with sub-references in parentheses and
      a section sign, as in legal references ("Art. 19(3).", "art. 5(1)(a)", "see § 12(2)").
      A token holding Persian script ("19(بند", "27001ها"), a foreign token ending in Persian
      script ("ISO‌ها"), a number ending in "،" or a newline ends the Latin stretch.
    - Everywhere else: ي and ى become ی, ك becomes ک (the Arabic forms break search and sorting);
      ASCII and Arabic-Indic digits become Persian digits. In such a number, a single ``.``
      between digits becomes the decimal separator ٫, commas grouping thousands (``1,000,000``)
      become ٬ and a ``%`` right after it becomes ٪. Other separators (``1402/01/15``, ``3.2.1``,
      ``1,2``) keep their character. A dotted quad (``192.168.0.1``) is an address, left as is.
    - ZWNJ, هٔ (ه + U+0654) and ۀ are not touched; nothing is Unicode-normalised.

    Each change replaces one character with one, so offsets in the result match the input, and
    the function is idempotent.
    """
    work = _NEEDS_WORK.search(text)
    if work is None:
        return text
    foreign = _HAS_FOREIGN.search(text)
    if foreign is None:
        return _normalize_persian_run(text)
    # A foreign stretch starts at the beginning of a token holding a foreign character. Finding
    # such a character (a quick scan) and stepping back to its token's start is about four times
    # faster than splitting the text on `_FOREIGN_STRETCH`, which tries the pattern everywhere.
    # ``work`` is kept at the next character that may change: the Persian runs before it (most
    # runs between two foreign stretches) are left as they are without looking at them again.
    parts = []
    done = 0  # the text before this is in ``parts``; a stretch never ends inside a token
    while foreign is not None:
        start = foreign.start()
        while start > done and not text[start - 1].isspace():  # isspace() is what \s matches
            start -= 1
        stretch = _FOREIGN_STRETCH.match(text, start)
        assert stretch is not None  # the token at ``start`` holds a foreign character
        run = text[done:start]
        parts.append(run if work is None or work.start() >= start else _normalize_persian_run(run))
        parts.append(stretch.group())
        done = stretch.end()
        if work is not None and work.start() < done:
            work = _NEEDS_WORK.search(text, done)
        foreign = _HAS_FOREIGN.search(text, done)
    parts.append(text[done:] if work is None else _normalize_persian_run(text[done:]))
    return "".join(parts)


def _normalize_persian_run(run: str) -> str:
    if _ARABIC_LETTERS.search(run):  # translate() is slow on long text; most has none of these
        run = run.translate(_PROSE_LETTERS)
    return _NUMBER.sub(_persian_number, run)


def _persian_number(match: re.Match[str]) -> str:
    number = match.group()
    if number.isdigit():  # most numbers are plain digits: no separator to look at
        return number.translate(_TO_PERSIAN_DIGITS)
    if _GROUPED.fullmatch(number):
        number = number.translate(_GROUPED_SEPARATORS)
    elif _DECIMAL.fullmatch(number):
        number = number.translate(_DECIMAL_SEPARATORS)
    elif _IPV4.fullmatch(number):
        return number
    else:
        number = number.translate(_PERCENT)
    return number.translate(_TO_PERSIAN_DIGITS)


@dataclass(frozen=True, slots=True)
class ControlProblem:
    """A character that must not reach a document, at `offset` (an index into the text)."""

    offset: int
    char: str
    message: str


BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""The bidirectional embedding, override and isolate controls agency text may not hold."""
# XML 1.0 allows tab, LF and CR among the C0 controls; VT and FF are converted, not reported.
_XML_ILLEGAL = "\x00-\x08\x0e-\x1f\ufffe\uffff\ud800-\udfff"
_CONTROL_PROBLEM = re.compile(f"[{BIDI_CONTROLS}{_XML_ILLEGAL}]")
_WORD_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


def find_control_problems(text: str) -> list[ControlProblem]:
    """Find bidi override/embedding/isolate controls and characters illegal in XML 1.0.

    Bidi controls can make a text display differently from what it says; the others cannot be
    written to a Word document at all. Vertical tab and form feed are left to
    `convert_word_breaks`.
    """
    return [
        ControlProblem(match.start(), match.group(), _describe(match.group()))
        for match in _CONTROL_PROBLEM.finditer(text)
    ]


def _describe(char: str) -> str:
    code = ord(char)
    label = f"U+{code:04X}"
    if char in BIDI_CONTROLS:
        return (
            f"{label} {unicodedata.name(char)}: a bidirectional control character can make "
            "text display differently from what it says; remove it"
        )
    if 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate, usually left by a wrongly decoded file"
    elif code in (0xFFFE, 0xFFFF):
        kind = "a noncharacter"
    else:
        kind = "a control character"
    return f"{label} ({kind}) is not allowed in XML 1.0 and cannot be written to a document"


def convert_word_breaks(text: str) -> str:
    """Turn Word's manual line break (vertical tab) and form feed into a newline.

    Both arrive in text pasted from Word and are illegal in XML; what they mean is a line break.
    """
    return text.translate(_WORD_BREAKS)
