"""The .docx package: reproducible bytes, zip layout, properties, atomic writes, public API."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import itertools
import threading
import zipfile
from pathlib import Path
from typing import IO

import pytest

from gdcpos.document.model import Document
from gdcpos.writers import OutputFormat, Writer, writer_for
from gdcpos.writers.docx import (
    DocxOptions,
    DocxWriter,
    IllegalXmlCharacterError,
    export_reference_docx,
)
from gdcpos.writers.docx.assemble import assemble
from gdcpos.writers.docx.package import BackgroundDeflater, Package, deflate
from gdcpos.writers.docx.reference import (
    build_default_reference,
    load_reference,
    packaged_reference_bytes,
)
from tests.writers.docx_parts import part, xpath
from tests.writers.samples import full_document, info, large_document, minimal_document, para

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


# -- the zip writer and the compression in the background -------------------------------------


def test_the_zip_is_byte_for_byte_what_zipfile_writes() -> None:
    package = DocxWriter().package(full_document())
    # A name zipfile marks as UTF-8, an empty part, and the embedded font (compressed in blocks).
    package.put("customXml/نام.xml", "<a>نام</a>".encode(), "application/xml")
    package.put("customXml/empty.xml", b"", "application/xml")
    first = ("word/document.xml", "word/_rels/document.xml.rels")
    ours, zipfiles = io.BytesIO(), io.BytesIO()
    package.write(ours, first=first)
    package.write_with_zipfile(zipfiles, first=first)
    assert ours.getvalue() == zipfiles.getvalue()


def test_a_part_compressed_piece_by_piece_is_compressed_as_a_whole() -> None:
    data = DocxWriter().package(large_document(500)).parts["word/document.xml"]
    sizes = itertools.cycle((0, 1, 5_000, 70_000, 300_000))
    with BackgroundDeflater() as deflater:
        position = 0
        while position < len(data):
            size = next(sizes)
            deflater.feed(data[position : position + size])
            position += size
    assert deflater.result() == deflate(data)


def test_writing_compresses_the_body_in_the_background_to_the_same_bytes(
    tmp_path: Path,
) -> None:
    document = large_document(2_000)  # a body of many chunks
    target = tmp_path / "large.docx"
    DocxWriter().write(document, target)
    in_one_go = io.BytesIO()
    DocxWriter().package(document).write_with_zipfile(
        in_one_go, first=("word/document.xml", "word/_rels/document.xml.rels")
    )
    assert target.read_bytes() == in_one_go.getvalue()


def test_a_part_replaced_while_it_is_compressed_is_written_as_replaced() -> None:
    package = assemble(full_document(), DocxOptions(), load_reference(None), deflate=True)
    replacement = DocxWriter().package(minimal_document()).parts["word/document.xml"]
    package.parts["word/document.xml"] = replacement
    buffer = io.BytesIO()
    package.write(buffer)
    assert Package.from_bytes(buffer.getvalue()).parts["word/document.xml"] == replacement


def test_a_body_that_fails_part_way_leaves_no_compressing_thread() -> None:
    before = set(threading.enumerate())
    blocks = (*large_document(2_000).blocks, para("بد\x01متن"))
    with pytest.raises(IllegalXmlCharacterError):
        DocxWriter().render(Document(info=info(), blocks=blocks))
    assert [thread for thread in threading.enumerate() if thread not in before] == []


def test_a_deflater_left_on_an_error_waits_for_its_worker() -> None:
    before = set(threading.enumerate())
    with pytest.raises(RuntimeError, match="body failed"), BackgroundDeflater() as deflater:
        deflater.feed(bytes(range(256)) * 20_000)
        raise RuntimeError("the body failed")
    assert [thread for thread in threading.enumerate() if thread not in before] == []
