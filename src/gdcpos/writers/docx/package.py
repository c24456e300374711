"""The Open Packaging Conventions layer: parts, relationships, content types and the zip file.

Output is reproducible: entries in a fixed order, each dated 1980-01-01 with fixed attributes
and compression, so that the same document model gives byte-identical files.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
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
_MAX_PACKAGE_BYTES = 200 * 1024 * 1024  # uncompressed; a reference larger than this is refused
_MAX_PARTS = 2000


class PackageError(ValueError):
    """A file is not a readable Word package (not a zip, no main document, too large)."""


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


class Package:
    """The parts of a package by name (no leading slash) with their content types."""

    def __init__(self, parts: dict[str, bytes], content_types: dict[str, str]) -> None:
        self.parts = parts
        self.content_types = content_types

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
        content_types = _read_content_types(parts)
        return cls(parts, content_types)

    def copy(self) -> Package:
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
        self.parts[CONTENT_TYPES_PART] = self._content_types_xml()
        leading = [CONTENT_TYPES_PART, PACKAGE_RELS_PART, *first]
        order = [name for name in leading if name in self.parts]
        order += sorted(name for name in self.parts if name not in order)
        with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in order:
                info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3
                info.external_attr = 0o100644 << 16
                archive.writestr(info, self.parts[name], compresslevel=6)

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
