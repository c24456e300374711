"""The Open Packaging Conventions layer: parts, relationships, content types and the zip file.

Output is reproducible: entries in a fixed order, each dated 1980-01-01 with fixed attributes
and compression, so that the same document model gives byte-identical files.

The zip is written here rather than by :mod:`zipfile`, byte for byte as ``zipfile`` writes it
(a test holds the two together), because ``zipfile`` cannot take a part already compressed: the
main document is deflated on a worker thread while its body is still being generated
(:class:`BackgroundDeflater`), which takes compression, a third of writing a large document, off
the critical path.
"""

from __future__ import annotations

import functools
import io
import posixpath
import queue
import struct
import threading
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import IO

from lxml import etree

from gdcpos.writers.docx.xml import (
    CT_NS,
    CT_RELATIONSHIPS,
    PKG_REL_NS,
    REL_OFFICE_DOCUMENT,
    parse,
    root_in_default_namespace,
    serialize,
)

CONTENT_TYPES_PART = "[Content_Types].xml"
PACKAGE_RELS_PART = "_rels/.rels"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
COMPRESS_LEVEL = 6
_MAX_PACKAGE_BYTES = 200 * 1024 * 1024  # uncompressed; a reference larger than this is refused
_MAX_PARTS = 2000


class PackageError(ValueError):
    """A file is not a readable Word package (not a zip, a part not XML, no main document, too
    large)."""


@dataclass(frozen=True)
class Relationship:
    """One relationship of a part; ``target`` is as written (relative, or a URL if external)."""

    rel_id: str
    rel_type: str
    target: str
    external: bool = False


def rels_part_name(source: str) -> str:
    """Name of the relationships part of ``source`` ("" is the package itself)."""
    if not source:
        return PACKAGE_RELS_PART
    folder, name = posixpath.split(source)
    return posixpath.join(folder, "_rels", f"{name}.rels")


@dataclass(frozen=True)
class DeflatedPart:
    """A part's bytes with their CRC-32 and raw deflate stream as the zip holds them."""

    data: bytes
    crc: int
    compressed: bytes


class Package:
    """The parts of a package by name (no leading slash) with their content types."""

    def __init__(self, parts: dict[str, bytes], content_types: dict[str, str]) -> None:
        self.parts = parts
        self.content_types = content_types
        # Parts being compressed ahead of :meth:`write`, used only while ``parts`` still holds
        # the very bytes object that is compressed (a part may be replaced in ``parts``).
        self._deflating: dict[str, BackgroundDeflater] = {}

    @classmethod
    def from_bytes(cls, data: bytes) -> Package:
        """Read a package, refusing zip bombs and files that are not OOXML packages."""
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile as error:
            raise PackageError("not a Word (.docx) file: it is not a zip archive") from error
        with archive:
            infos = archive.infolist()
            if len(infos) > _MAX_PARTS:
                raise PackageError(f"too many parts ({len(infos)})")
            if sum(info.file_size for info in infos) > _MAX_PACKAGE_BYTES:
                raise PackageError("the package is too large once uncompressed")
            parts = {info.filename: archive.read(info) for info in infos if not info.is_dir()}
        if CONTENT_TYPES_PART not in parts:
            raise PackageError("not a Word (.docx) file: [Content_Types].xml is missing")
        try:
            content_types = _read_content_types(parts)
        except etree.XMLSyntaxError as error:
            raise PackageError(f"{CONTENT_TYPES_PART}: {error.msg}") from error
        return cls(parts, content_types)

    def check_xml(self) -> None:
        """Parse every XML part once, raising :class:`PackageError` that names the first that is
        not well-formed: a file from elsewhere is refused when it is read, not with a traceback
        wherever that part is first used. A part is XML by its content type (``…+xml``,
        ``…/xml``), whatever its name ends with, or by its name (``*.xml``, ``*.rels``)."""
        for name, data in self.parts.items():
            content_type = self.content_types.get(name, "")
            if name.endswith((".xml", ".rels")) or content_type.endswith(("+xml", "/xml")):
                try:
                    parse(data)
                except etree.XMLSyntaxError as error:
                    raise PackageError(f"{name}: {error.msg}") from error

    def copy(self) -> Package:
        """A copy with its own parts (compressions under way are not carried over)."""
        return Package(dict(self.parts), dict(self.content_types))

    # -- relationships ------------------------------------------------------------------------

    def relationships(self, source: str) -> list[Relationship]:
        """The relationships of ``source`` (the package when ``source`` is empty)."""
        data = self.parts.get(rels_part_name(source))
        if data is None:
            return []
        rels = []
        for rel in parse(data).iterchildren(f"{{{PKG_REL_NS}}}Relationship"):
            rels.append(
                Relationship(
                    rel_id=rel.get("Id", ""),
                    rel_type=rel.get("Type", ""),
                    target=rel.get("Target", ""),
                    external=rel.get("TargetMode") == "External",
                )
            )
        return rels

    def set_relationships(self, source: str, rels: Iterable[Relationship]) -> None:
        root = root_in_default_namespace(PKG_REL_NS, "Relationships")
        for rel in rels:
            attrs = {"Id": rel.rel_id, "Type": rel.rel_type, "Target": rel.target}
            if rel.external:
                attrs["TargetMode"] = "External"
            etree.SubElement(root, f"{{{PKG_REL_NS}}}Relationship", attrs)
        name = rels_part_name(source)
        self.parts[name] = serialize(root)
        self.content_types[name] = CT_RELATIONSHIPS

    @staticmethod
    def resolve(source: str, target: str) -> str:
        """Part name that ``target`` of a relationship of ``source`` points to."""
        if target.startswith("/"):
            return target.lstrip("/")
        return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))

    @staticmethod
    def relative_target(source: str, part: str) -> str:
        return posixpath.relpath(part, posixpath.dirname(source) or ".")

    def main_document(self) -> str:
        """Name of the main document part (normally ``word/document.xml``)."""
        for rel in self.relationships(""):
            if rel.rel_type == REL_OFFICE_DOCUMENT and not rel.external:
                name = self.resolve("", rel.target)
                if name in self.parts:
                    return name
        raise PackageError("not a Word (.docx) file: it has no main document part")

    # -- parts --------------------------------------------------------------------------------

    def put(self, name: str, data: bytes, content_type: str) -> None:
        self.parts[name] = data
        self.content_types[name] = content_type

    def put_deflated(self, name: str, deflater: BackgroundDeflater, content_type: str) -> None:
        """Put the part ``deflater`` compresses (closed), whose compressed form :meth:`write`
        then takes rather than compressing it again."""
        self.put(name, deflater.data, content_type)
        self._deflating[name] = deflater

    def remove(self, name: str) -> None:
        self.parts.pop(name, None)
        self.content_types.pop(name, None)
        self.parts.pop(rels_part_name(name), None)

    def drop_unreachable(self) -> None:
        """Remove every part that no relationship chain from the package reaches."""
        reachable: set[str] = set()
        pending = [""]
        while pending:
            source = pending.pop()
            for rel in self.relationships(source):
                if rel.external:
                    continue
                target = self.resolve(source, rel.target)
                if target in self.parts and target not in reachable:
                    reachable.add(target)
                    pending.append(target)
        keep = {CONTENT_TYPES_PART, PACKAGE_RELS_PART}
        for name in reachable:
            keep.add(name)
            if rels_part_name(name) in self.parts:
                keep.add(rels_part_name(name))
        for name in list(self.parts):
            if name not in keep:
                self.remove(name)

    # -- writing ------------------------------------------------------------------------------

    def write(self, handle: IO[bytes], first: Iterable[str] = ()) -> None:
        """Write the package as a reproducible zip: ``[Content_Types].xml``, the package
        relationships, then ``first``, then every other part in name order."""
        order = self._zip_order(first)
        total = sum(len(self.parts[name]) for name in order)
        if total > _MAX_PLAIN_ZIP_BYTES or len(order) > zipfile.ZIP_FILECOUNT_LIMIT:
            # Beyond what a zip without ZIP64 records can hold; zipfile writes those.
            self._write_with_zipfile(handle, order)
            return
        # The other parts first: a part still compressing in the background gets that time.
        deflated = {
            name: deflate(self.parts[name]) for name in order if not self._is_deflating(name)
        }
        for name in order:
            if name not in deflated:
                deflated[name] = self._deflating[name].result()
        handle.write(_zip([(name, deflated[name]) for name in order]))

    def write_with_zipfile(self, handle: IO[bytes], first: Iterable[str] = ()) -> None:
        """:meth:`write` by :mod:`zipfile`, which gives the same bytes below ZIP64 sizes (and
        compresses every part itself)."""
        self._write_with_zipfile(handle, self._zip_order(first))

    def _write_with_zipfile(self, handle: IO[bytes], order: Iterable[str]) -> None:
        with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in order:
                info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3
                info.external_attr = _EXTERNAL_ATTR
                archive.writestr(info, self.parts[name], compresslevel=COMPRESS_LEVEL)

    def _zip_order(self, first: Iterable[str]) -> list[str]:
        self.parts[CONTENT_TYPES_PART] = self._content_types_xml()
        leading = [CONTENT_TYPES_PART, PACKAGE_RELS_PART, *first]
        order = [name for name in leading if name in self.parts]
        order += sorted(name for name in self.parts if name not in order)
        return order

    def _is_deflating(self, name: str) -> bool:
        deflater = self._deflating.get(name)
        return deflater is not None and deflater.data is self.parts[name]

    def _content_types_xml(self) -> bytes:
        types = {
            name: self.content_types.get(name, "application/xml")
            for name in self.parts
            if name != CONTENT_TYPES_PART
        }
        defaults = {"rels": CT_RELATIONSHIPS, "xml": "application/xml"}
        for name in sorted(types):
            extension = _extension(name)
            if extension and extension not in defaults:
                defaults[extension] = types[name]
        root = root_in_default_namespace(CT_NS, "Types")
        for extension in sorted(defaults):
            etree.SubElement(
                root,
                f"{{{CT_NS}}}Default",
                {"Extension": extension, "ContentType": defaults[extension]},
            )
        for name in sorted(types):
            extension = _extension(name)
            if defaults.get(extension) != types[name]:
                etree.SubElement(
                    root,
                    f"{{{CT_NS}}}Override",
                    {"PartName": "/" + name, "ContentType": types[name]},
                )
        return serialize(root)


def _read_content_types(parts: dict[str, bytes]) -> dict[str, str]:
    root = parse(parts[CONTENT_TYPES_PART])
    defaults = {
        default.get("Extension", "").lower(): default.get("ContentType", "")
        for default in root.iterchildren(f"{{{CT_NS}}}Default")
    }
    overrides = {
        override.get("PartName", "").lstrip("/"): override.get("ContentType", "")
        for override in root.iterchildren(f"{{{CT_NS}}}Override")
    }
    result: dict[str, str] = {}
    for name in parts:
        if name == CONTENT_TYPES_PART:
            continue
        extension = _extension(name)
        content_type = overrides.get(name) or defaults.get(extension)
        if content_type:
            result[name] = content_type
    return result


def _extension(name: str) -> str:
    """Lower-case extension of a part name; ``_rels/.rels`` has the extension ``rels``."""
    base = posixpath.basename(name)
    return base.rpartition(".")[2].lower() if "." in base else ""


# -- the zip file -----------------------------------------------------------------------------

# What zipfile writes for a ZipInfo dated ZIP_EPOCH, deflated, made on Unix, mode 0644, without
# extra fields or comments (the fields are those of APPNOTE.TXT 4.3.7, 4.3.12 and 4.3.16).
_EXTERNAL_ATTR = 0o100644 << 16
_VERSION_NEEDED = 20  # 2.0, deflate
_MADE_BY = 3 << 8 | _VERSION_NEEDED  # Unix, 2.0
_DOS_DATE = (ZIP_EPOCH[0] - 1980) << 9 | ZIP_EPOCH[1] << 5 | ZIP_EPOCH[2]
_DOS_TIME = ZIP_EPOCH[3] << 11 | ZIP_EPOCH[4] << 5 | ZIP_EPOCH[5] // 2
_UTF8_NAME = 0x800
# signature; version needed, flags, method, time, date; CRC-32, compressed and full sizes;
# lengths of the name and the extra field
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
# signature, version made by, then as the local header; lengths of the comment, disk number and
# internal attributes; external attributes, offset of the local header
_CENTRAL_HEADER = struct.Struct("<4s6H3L5H2L")
# signature, disk numbers, entries on this disk and in all, directory size and offset, comment
_END_RECORD = struct.Struct("<4s4H2LH")
# Below this many bytes of parts in all, no size or offset needs a ZIP64 record: zipfile turns
# to ZIP64 for an entry 1.05 times larger than ZIP64_LIMIT, and deflate never grows data by half.
_MAX_PLAIN_ZIP_BYTES = zipfile.ZIP64_LIMIT // 2


def deflate(data: bytes) -> DeflatedPart:
    """``data`` compressed as zipfile compresses a ZIP_DEFLATED entry at COMPRESS_LEVEL."""
    if _CACHED_PART_BYTES[0] <= len(data) <= _CACHED_PART_BYTES[1]:
        return _deflate_recurring(data)
    return _deflate(data)


# Parts of this size are the ones worth remembering compressed: the embedded font (120 KB), a
# reference's images, the same in every document of a build. Smaller parts take less to
# compress than to look up; a larger one is a document's body, which does not recur.
_CACHED_PART_BYTES = (32 * 1024, 4 * 1024 * 1024)


@functools.lru_cache(maxsize=8)
def _deflate_recurring(data: bytes) -> DeflatedPart:
    return _deflate(data)


def _deflate(data: bytes) -> DeflatedPart:
    compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    compressed = compressor.compress(data) + compressor.flush()
    return DeflatedPart(data, zlib.crc32(data), compressed)


def _zip(entries: list[tuple[str, DeflatedPart]]) -> bytes:
    """A zip of ``entries`` in order, the bytes zipfile writes to a seekable file."""
    out: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for name, part in entries:
        # zipfile.ZipInfo cuts a name at a NUL, and marks a name that is not ASCII as UTF-8.
        filename = zipfile.ZipInfo(name).filename
        flags = 0 if filename.isascii() else _UTF8_NAME
        encoded = filename.encode("utf-8")
        fields = (
            *(_VERSION_NEEDED, flags, zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE),
            *(part.crc, len(part.compressed), len(part.data)),
            *(len(encoded), 0),
        )
        header = _LOCAL_HEADER.pack(b"PK\x03\x04", *fields)
        out += (header, encoded, part.compressed)
        directory += (
            _CENTRAL_HEADER.pack(b"PK\x01\x02", _MADE_BY, *fields, 0, 0, 0, _EXTERNAL_ATTR, offset),
            encoded,
        )
        offset += len(header) + len(encoded) + len(part.compressed)
    central = b"".join(directory)
    count = len(entries)
    end = _END_RECORD.pack(b"PK\x05\x06", 0, 0, count, count, len(central), offset, 0)
    return b"".join((*out, central, end))


class BackgroundDeflater:
    """Deflates a part fed piece by piece on a worker thread, so that the caller can make the
    next piece meanwhile (zlib releases the GIL while it compresses)::

        with BackgroundDeflater() as deflater:
            for piece in pieces:
                deflater.feed(piece)
        package.put_deflated(name, deflater, content_type)

    Leaving the ``with`` block closes the deflater; the worker may still be compressing, so the
    caller can go on meanwhile, until :meth:`result` waits for it. Leaving on an exception waits
    for the worker to end.

    A compressor fed in pieces gives the same bytes as one call on the whole: zlib compresses
    only what it has a full look-ahead for until it is flushed.
    """

    def __init__(self) -> None:
        self.data = b""  # the whole part, once closed
        self._pieces: list[bytes] = []
        self._crc = 0
        self._closed = False
        self._queue: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._compressed: list[bytes] = []
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="gdcpos-deflate", daemon=True)
        self._thread.start()

    def feed(self, piece: bytes) -> None:
        if self._closed:
            raise ValueError("a closed BackgroundDeflater takes no more pieces")
        self._pieces.append(piece)
        self._queue.put(piece)
        # Here rather than on the worker: crc32 lets go of the GIL, which lets the worker start
        # on the piece at once rather than wait for the interpreter to switch threads.
        self._crc = zlib.crc32(piece, self._crc)

    def close(self) -> None:
        """No more pieces: ``data`` becomes the whole part while the worker finishes."""
        if not self._closed:
            self._closed = True
            self._queue.put(None)
            self.data = b"".join(self._pieces)
            self._pieces.clear()

    def __enter__(self) -> BackgroundDeflater:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
        if error is not None:
            self._thread.join()

    def result(self) -> DeflatedPart:
        """The part compressed, once the worker is done (after :meth:`close`)."""
        self.close()
        self._thread.join()
        if self._error is not None:
            raise self._error
        return DeflatedPart(self.data, self._crc, b"".join(self._compressed))

    def _run(self) -> None:
        compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
        try:
            closed = False
            while not closed:
                # Whatever was fed meanwhile goes into one call: every call ends by waiting for
                # the GIL, which the feeding thread holds, so a worker compressing one piece per
                # call would fall further behind with each piece.
                pieces: list[bytes] = []
                while True:
                    piece = self._queue.get()
                    if piece is None:
                        closed = True
                        break
                    pieces.append(piece)
                    if self._queue.empty():
                        break
                self._compressed.append(compressor.compress(b"".join(pieces)))
            self._compressed.append(compressor.flush())
        except BaseException as error:  # MemoryError: raised to the caller by result()
            self._error = error
