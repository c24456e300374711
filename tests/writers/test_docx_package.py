"""The .docx package: reproducible bytes, zip layout, properties, atomic writes, public API."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import IO

import pytest

from gdcpos.document.model import Document
from gdcpos.writers import OutputFormat, Writer, writer_for
from gdcpos.writers.docx import DocxOptions, DocxWriter, export_reference_docx
from gdcpos.writers.docx.package import Package
from gdcpos.writers.docx.reference import build_default_reference, packaged_reference_bytes
from tests.writers.docx_parts import part, xpath
from tests.writers.samples import full_document, info, minimal_document, para

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CORE = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}


def test_the_same_model_gives_byte_identical_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    DocxWriter().write(full_document(), first)
    DocxWriter().write(full_document(), second)
    assert first.read_bytes() == second.read_bytes()


def test_zip_entries_have_a_fixed_date_and_order() -> None:
    with zipfile.ZipFile(io.BytesIO(DocxWriter().render(full_document()))) as archive:
        infos = archive.infolist()
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    names = [info.filename for info in infos]
    assert names[:4] == [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/_rels/document.xml.rels",
    ]
    assert names[4:] == sorted(names[4:])
    assert {info.compress_type for info in infos} == {zipfile.ZIP_DEFLATED}


def test_every_part_has_a_content_type_and_every_relationship_a_target() -> None:
    package = Package.from_bytes(DocxWriter().render(full_document()))
    for name in package.parts:
        if name != "[Content_Types].xml":
            assert name in package.content_types, name
    for source in ["", *package.parts]:
        for rel in package.relationships(source):
            assert rel.external or package.resolve(source, rel.target) in package.parts


def test_core_properties_come_from_document_info() -> None:
    data = DocxWriter().render(full_document())
    core = part(data, "docProps/core.xml")

    def text(path: str) -> str:
        found = core.xpath(path, namespaces=CORE)
        assert isinstance(found, list) and found
        return str(found[0])

    assert text("dc:title/text()") == "چارچوب موضع ملی"
    assert text("dc:creator/text()") == "دبیرخانه"
    assert text("cp:keywords/text()") == "GDC; فضای مجازی"
    assert text("dc:language/text()") == "fa-IR"
    assert text("dcterms:created/text()") == "2023-03-13T08:30:00Z"
    assert text("dcterms:modified/text()") == "2023-03-13T08:30:00Z"


def test_created_in_another_time_zone_is_written_in_utc() -> None:
    tehran = dt.timezone(dt.timedelta(hours=3, minutes=30))
    document = Document(
        info=info(created=dt.datetime(2023, 3, 13, 12, 0, tzinfo=tehran)), blocks=(para("متن"),)
    )
    core = part(DocxWriter().render(document), "docProps/core.xml")
    assert core.xpath("string(dcterms:created)", namespaces=CORE) == "2023-03-13T08:30:00Z"


def test_a_writer_that_fails_part_way_leaves_the_previous_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.docx"
    DocxWriter().write(minimal_document(), target)
    before = target.read_bytes()
    original = Package.write

    def failing_write(self: Package, handle: IO[bytes], first: tuple[str, ...] = ()) -> None:
        handle.write(b"PK\x03\x04 half a zip")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Package, "write", failing_write)
    with pytest.raises(RuntimeError, match="disk on fire"):
        DocxWriter().write(full_document(), target)
    monkeypatch.setattr(Package, "write", original)
    assert target.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.docx"]


def test_export_reference_docx_copies_the_packaged_reference(tmp_path: Path) -> None:
    target = tmp_path / "templates" / "reference.docx"
    export_reference_docx(target)
    assert target.read_bytes() == packaged_reference_bytes()


def test_the_packaged_reference_is_what_the_generator_script_builds() -> None:
    # If this fails, run: python tools/make_reference_docx.py
    assert packaged_reference_bytes() == build_default_reference()


def test_the_packaged_reference_keeps_its_placeholders() -> None:
    def tags(name: str) -> set[str]:
        root = part(packaged_reference_bytes(), name)
        return {tag.get(f"{{{_W}}}val", "") for tag in xpath(root, ".//w:sdtPr/w:tag")}

    assert tags("word/header1.xml") == {"gdcpos:marking", "gdcpos:header_text"}
    assert tags("word/footer1.xml") == {"gdcpos:footer_text", "gdcpos:marking"}


def test_writer_for_maps_each_format_to_its_writer() -> None:
    docx = writer_for(OutputFormat.DOCX, body_font="Nazli", body_size_pt=14)
    assert isinstance(docx, DocxWriter)
    assert docx.extension == ".docx"
    assert docx.options == DocxOptions(body_font="Nazli", body_size_pt=14)
    html = writer_for(OutputFormat.HTML)
    assert html.extension == ".html"
    assert [fmt.value for fmt in OutputFormat] == ["docx", "html"]


def test_the_docx_writer_is_a_writer() -> None:
    writer: Writer = DocxWriter()
    assert writer.extension == ".docx"


def test_options_are_checked() -> None:
    with pytest.raises(ValueError, match="body_size_pt"):
        DocxOptions(body_size_pt=0)
    with pytest.raises(ValueError, match="body_font"):
        DocxOptions(body_font=" ")
    assert dataclasses.replace(DocxOptions(), body_size_pt=14).body_half_points == 28


def test_the_body_names_no_part_it_does_not_carry() -> None:
    data = DocxWriter().render(full_document())
    document = part(data, "word/document.xml")
    ids = {
        ref.get(f"{{{_R}}}id")
        for ref in xpath(document, "//w:headerReference | //w:footerReference")
    }
    rels = {rel.rel_id for rel in Package.from_bytes(data).relationships("word/document.xml")}
    assert ids <= rels
    assert xpath(document, "//w:sectPr")
