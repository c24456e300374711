"""Every kind of document the Word writer makes passes the Open XML SDK validator with zero
errors (persian-docx.md: Word refuses or "repairs" files that fail it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gdcpos.document.model import Document
from gdcpos.writers.docx import DocxOptions, DocxWriter
from gdcpos.writers.docx.reference import packaged_reference_bytes
from tests.writers.ooxml import describe, require_validator, validate_all
from tests.writers.references import (
    libreoffice_reference,
    python_docx_reference,
    tagged_reference,
)
from tests.writers.samples import (
    HOSTILE_TEXT,
    full_document,
    info,
    large_document,
    minimal_document,
    para,
)

pytestmark = pytest.mark.validator

CASES = (
    "minimal",
    "full",
    "full-other-fonts-no-embedding",
    "python-docx-reference",
    "tagged-reference",
    "libreoffice-reference",
    "packaged-reference",
    "hostile-and-many-items",
)


@pytest.fixture(scope="module")
def validation(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    """Write one file per case and validate them all at once (each run takes seconds)."""
    require_validator()
    folder = tmp_path_factory.mktemp("validator")
    hostile = Document(
        info=info(title=HOSTILE_TEXT, header_text=HOSTILE_TEXT),
        blocks=(para(HOSTILE_TEXT), *large_document(50).blocks),
    )
    writes = {
        "minimal": (DocxOptions(), minimal_document()),
        "full": (DocxOptions(), full_document()),
        "full-other-fonts-no-embedding": (
            DocxOptions(
                body_font="Nazli",
                heading_font="Titr",
                body_size_pt=14,
                embed_page_number_font=False,
            ),
            full_document(),
        ),
        "python-docx-reference": (
            DocxOptions(reference_docx=python_docx_reference(folder, header_text="سربرگ")),
            full_document(),
        ),
        "tagged-reference": (
            DocxOptions(reference_docx=tagged_reference(folder)),
            full_document(),
        ),
        "libreoffice-reference": (
            DocxOptions(reference_docx=libreoffice_reference(folder)),
            full_document(),
        ),
        "hostile-and-many-items": (DocxOptions(), hostile),
    }
    paths: dict[str, Path] = {}
    for name, (options, document) in writes.items():
        paths[name] = folder / f"{name}.docx"
        DocxWriter(options).write(document, paths[name])
    paths["packaged-reference"] = folder / "reference.docx"
    paths["packaged-reference"].write_bytes(packaged_reference_bytes())
    results = validate_all(paths.values())
    return {name: results[path] for name, path in paths.items()}


@pytest.mark.parametrize("case", CASES)
def test_the_document_is_valid(validation: dict[str, list[dict[str, Any]]], case: str) -> None:
    errors = validation[case]
    assert errors == [], describe(errors)
