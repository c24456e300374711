"""Bytes → text for workspace files, with a clear word when a file is not in a usable encoding.

Submissions arrive from Windows desktops where Persian text is often saved as Windows-1256 or
as UTF-16 ("Unicode" in Notepad). UTF-8 (with or without BOM) and UTF-16/32 with a BOM are decoded;
anything else is refused with the encoding it most likely is, so that nothing is silently garbled.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

_ARABIC_SCRIPT = range(0x0600, 0x0700)


@dataclass(frozen=True)
class DecodeProblem(Exception):
    """The file's bytes are not text we accept; ``line``/``col`` locate the first bad byte."""

    line: int
    col: int
    message: str


def decode_text(raw: bytes) -> str:
    """Return the text of ``raw`` or raise :class:`DecodeProblem` naming the likely encoding."""
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                line, col = _position(raw[len(bom) :], exc.start, codec)
                raise DecodeProblem(
                    line,
                    col,
                    f"the file starts with a {name} byte-order mark but is not valid {name}",
                ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(raw, exc.start, "utf-8")
        raise DecodeProblem(line, col, _describe_non_utf8(raw, exc.start)) from None
    if "\x00" in text:  # ASCII saved as UTF-16 is valid UTF-8 full of NUL bytes
        nul = raw.index(0)
        line, col = _position(raw, nul, "utf-8")
        raise DecodeProblem(line, col, _describe_non_utf8(raw, nul))
    return text


def _describe_non_utf8(raw: bytes, bad_at: int) -> str:
    if raw.count(0) > len(raw) // 4:
        guess = "UTF-16 without a byte-order mark"
    elif _looks_like_cp1256(raw):
        guess = "Windows-1256 (the Arabic/Persian Windows code page)"
    else:
        guess = "a legacy 8-bit encoding"
    return (
        f"the file is not UTF-8 text (byte 0x{raw[bad_at]:02X} at offset {bad_at}); "
        f"it looks like {guess}. "
        "Save it as UTF-8 (in Notepad: Save As → Encoding: UTF-8) and send it again"
    )


def _looks_like_cp1256(raw: bytes) -> bool:
    """Decoded as Windows-1256, is most of the non-ASCII text Arabic-script letters?"""
    text = raw.decode("cp1256", errors="replace")
    non_ascii = [ch for ch in text if ord(ch) > 0x7F]
    if not non_ascii:
        return False
    arabic = sum(1 for ch in non_ascii if ord(ch) in _ARABIC_SCRIPT or ch == "\u200c")
    return arabic >= 0.6 * len(non_ascii)


def _position(raw: bytes, offset: int, codec: str) -> tuple[int, int]:
    """1-based line and column (in characters) of byte ``offset``, decoding what precedes it."""
    before = raw[:offset].decode(codec, errors="replace")
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    return line, col
