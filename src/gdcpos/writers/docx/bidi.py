"""Splitting mixed Persian and Latin text into runs, with the marks that keep its order.

persian-docx.md, "Mixed Persian and Latin text": Persian runs get ``w:rtl`` and the complex-script
font, Latin runs (acronyms, UN document symbols) get no ``rtl``. Two Latin items joined by the
Persian comma or " و " merge into one left-to-right stretch unless a RIGHT-TO-LEFT MARK follows
the first; a Latin token ending in "." or ")" gets a LEFT-TO-RIGHT MARK after it. gdcpos applies
that last rule to any punctuation at either end of a Latin stretch (``<b>x</b>``, ``#tag``), which
LibreOffice otherwise draws on the far side; a full stop that ends a Persian sentence is not part
of the stretch.
"""

from __future__ import annotations

import re
from typing import TypeAlias

from gdcpos.persian.text import LATIN_SCRIPT

RLM = "\u200f"
LRM = "\u200e"

_ARABIC_SCRIPT = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
# Characters that never belong to a Latin token: spaces, Arabic script (letters, Persian digits,
# ، ؛ ؟), Persian guillemets, ZWNJ/ZWJ and the direction marks.
_NOT_LATIN_TOKEN = rf"\s{_ARABIC_SCRIPT}«»\u200c-\u200f"
# The letters and digits (as a character class body) that make a stretch of text Latin.
LATIN_LETTERS = f"{LATIN_SCRIPT}0-9"

_NOT_LATIN_TOKEN_CHAR = re.compile(f"[{_NOT_LATIN_TOKEN}]")
_SPACE = "[ \u00a0\u202f]++"
# A Latin letter, the rest of its token, then any further Latin tokens separated from it only by
# spaces ("United Nations" is one left-to-right stretch), or by a section sign ("see § 12(2)"):
# in a right-to-left run the sign would be drawn as right-to-left text between the two.
_STRETCH_FROM_LETTER = re.compile(
    f"[{LATIN_LETTERS}][^{_NOT_LATIN_TOKEN}]*+"
    f"(?:{_SPACE}(?:§§?{_SPACE})?[^{_NOT_LATIN_TOKEN}{LATIN_LETTERS}]*+[{LATIN_LETTERS}]"
    f"[^{_NOT_LATIN_TOKEN}]*+)*+"
)
# Punctuation that belongs to the surrounding Persian sentence rather than to a Latin token.
_SENTENCE_PUNCTUATION = "\"'“”‘’:;,!?"
_OPENING, _CLOSING = "([{", ")]}"
# A trailing "." is part of the token (an abbreviation) rather than the end of a Persian sentence
# when the token already holds a dot (U.S., e.g.), is one letter (J.), or is a common abbreviation.
_ABBREVIATION = re.compile(
    r"[A-Za-z]|etc|Inc|Ltd|Co|No|Nos|Art|Arts|Vol|vs|al|Mr|Mrs|Ms|Dr|St|Jr|Sr|cf|pp?",
    re.IGNORECASE,
)
_JOINER_AFTER_LATIN = re.compile("[ \u00a0\u202f]*(?:\u060c|\u0648(?:\\s|$))")


# A stretch of text in one script, as (text, latin); Latin segments are written without w:rtl.
# A plain tuple: the writer splits every run of a document, and building NamedTuples took a
# quarter of the time of a split.
Segment: TypeAlias = tuple[str, bool]


def split_by_script(text: str, following: str = "", *, no_latin_before: int = 0) -> list[Segment]:
    """Split ``text`` into Persian and Latin segments, inserting RLM/LRM where order needs them.

    ``following`` is the text of the paragraph after this one (the next run), consulted to see
    whether a Latin item at the end of ``text`` is followed by "،" or " و ". A caller that knows
    ``text`` has no Latin letter before the index ``no_latin_before`` says so, and that part is not
    searched again.
    """
    segments: list[Segment] = []
    position = 0  # the start of the text not yet in a segment
    right_to_left_mark = ""
    length = len(text)
    for stretch in _STRETCH_FROM_LETTER.finditer(text, no_latin_before):
        start, end = stretch.span()
        # The stretch starts with its first token, which may open with punctuation ("#GDC");
        # a space before it, as before most, ends the look back at once.
        if start > position and text[start - 1] != " ":
            while start > position and _NOT_LATIN_TOKEN_CHAR.match(text, start - 1) is None:
                start -= 1
        if text[start].isalnum() and text[end - 1].isalnum():
            # The usual item, a letter or digit at either end (ITU, A/RES/79/1), has nothing to
            # trim and needs no marks.
            latin_start, latin_end = start, end
            latin = text[start:end]
        else:
            trim_start, trim_end = _trim(text[start:end])
            latin_start, latin_end = start + trim_start, start + trim_end
            if latin_start >= latin_end:
                continue
            latin = _with_marks(text[latin_start:latin_end])
        if right_to_left_mark:
            segments.append((right_to_left_mark + text[position:latin_start], False))
        elif latin_start > position:
            segments.append((text[position:latin_start], False))
        segments.append((latin, True))
        # Whether "،" or " و " follows is read from the next eight characters, the next run's
        # text included; matching within the text itself, when it is long enough, spares a slice.
        if latin_end + 8 <= length:
            joined = _JOINER_AFTER_LATIN.match(text, latin_end, latin_end + 8)
        else:
            joined = _JOINER_AFTER_LATIN.match(text[latin_end:] + following[:8])
        right_to_left_mark = RLM if joined else ""
        position = latin_end
    if right_to_left_mark or position < length or not segments:
        # Text without Latin letters, even empty text, is one Persian segment.
        segments.append((right_to_left_mark + text[position:], False))
    return segments


def _with_marks(latin: str) -> str:
    """``latin`` with a LEFT-TO-RIGHT MARK at either end that is punctuation: neutral characters
    there ("U.S.", "19(3)", "<b>x</b>") would take the paragraph's right-to-left direction and
    land on the wrong side."""
    if not latin[-1].isalnum():
        latin += LRM
    if not latin[0].isalnum():
        latin = LRM + latin
    return latin


def _trim(token: str) -> tuple[int, int]:
    """Bounds of ``token`` without the punctuation that belongs to the Persian sentence."""
    start, end = 0, len(token)
    while start < end:
        char = token[start]
        if char in _SENTENCE_PUNCTUATION or (
            char in _OPENING and _CLOSING[_OPENING.index(char)] not in token[start + 1 : end]
        ):
            start += 1
        else:
            break
    while end > start:
        char = token[end - 1]
        if (
            char in _SENTENCE_PUNCTUATION
            or (char in _CLOSING and _OPENING[_CLOSING.index(char)] not in token[start : end - 1])
            or (char == "." and not _is_abbreviation(token[start : end - 1]))
        ):
            end -= 1
        else:
            break
    return start, end


def _is_abbreviation(before_dot: str) -> bool:
    """Whether a final "." belongs to the Latin word before it (U.S., e.g., J., etc.)."""
    words = before_dot.rsplit(maxsplit=1)
    last = words[-1] if words else ""
    return "." in last or _ABBREVIATION.fullmatch(last) is not None
