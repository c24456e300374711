"""Just enough of a TrueType reader to map characters to glyph ids (cmap format 4)."""

from __future__ import annotations

import struct


def glyph_ids(font: bytes, chars: str) -> list[int]:
    """Glyph id of each character in the font's Unicode BMP cmap (0 where it has none)."""
    (num_tables,) = struct.unpack_from(">H", font, 4)
    tables = {}
    for index in range(num_tables):
        tag, _checksum, offset, _length = struct.unpack_from(">4sIII", font, 12 + 16 * index)
        tables[tag] = offset
    cmap = tables[b"cmap"]
    (_version, count) = struct.unpack_from(">HH", font, cmap)
    subtable = None
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", font, cmap + 4 + 8 * index)
        if (platform, encoding) in ((3, 1), (0, 3)) and struct.unpack_from(
            ">H", font, cmap + offset
        )[0] == 4:
            subtable = cmap + offset
            break
    assert subtable is not None, "no format-4 Unicode cmap"
    (seg_count_x2,) = struct.unpack_from(">H", font, subtable + 6)
    segments = seg_count_x2 // 2
    ends = struct.unpack_from(f">{segments}H", font, subtable + 14)
    starts = struct.unpack_from(f">{segments}H", font, subtable + 16 + seg_count_x2)
    deltas = struct.unpack_from(f">{segments}h", font, subtable + 16 + 2 * seg_count_x2)
    range_offsets_at = subtable + 16 + 3 * seg_count_x2
    range_offsets = struct.unpack_from(f">{segments}H", font, range_offsets_at)
    result = []
    for char in chars:
        code = ord(char)
        glyph = 0
        for seg, (start, end) in enumerate(zip(starts, ends, strict=True)):
            if start <= code <= end:
                if range_offsets[seg] == 0:
                    glyph = (code + deltas[seg]) & 0xFFFF
                else:
                    address = range_offsets_at + 2 * seg + range_offsets[seg] + 2 * (code - start)
                    (raw,) = struct.unpack_from(">H", font, address)
                    glyph = (raw + deltas[seg]) & 0xFFFF if raw else 0
                break
        result.append(glyph)
    return result


def glyph_outline(font: bytes, glyph: int) -> bytes:
    """The raw ``glyf`` record of a glyph (its outline, or its composite references)."""
    (num_tables,) = struct.unpack_from(">H", font, 4)
    tables = {}
    for index in range(num_tables):
        tag, _checksum, offset, _length = struct.unpack_from(">4sIII", font, 12 + 16 * index)
        tables[tag] = offset
    (long_offsets,) = struct.unpack_from(">h", font, tables[b"head"] + 50)
    if long_offsets:
        start, end = struct.unpack_from(">II", font, tables[b"loca"] + 4 * glyph)
    else:
        half_start, half_end = struct.unpack_from(">HH", font, tables[b"loca"] + 2 * glyph)
        start, end = 2 * half_start, 2 * half_end
    return font[tables[b"glyf"] + start : tables[b"glyf"] + end]


def drawn_shape(font: bytes, glyph: int) -> tuple[tuple[int, ...], bytes]:
    """What a glyph draws: its bounding box and the outline of the simple glyph it comes down
    to (a composite of one unshifted component draws that component)."""
    record = glyph_outline(font, glyph)
    contours, *bbox = struct.unpack_from(">hhhhh", record, 0)
    if contours >= 0:
        return tuple(bbox), record[10:]
    flags, component = struct.unpack_from(">HH", record, 10)
    words, more_components = flags & 0x0001, flags & 0x0020
    dx, dy = struct.unpack_from(">hh" if words else ">bb", record, 14)
    if more_components or dx or dy:
        return tuple(bbox), record[10:]
    return tuple(bbox), drawn_shape(font, component)[1]
