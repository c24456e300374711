"""The Word writer's exact output for a few varied models, pinned byte for byte.

The body writer is tuned for speed, and a faster writer must still write the same bytes. For each
model, ``golden/`` records the SHA-256 digest of every part of the package (uncompressed, so
that the record does not depend on the zlib build) and, for the small models, the text of
``word/document.xml`` itself, so that a failure shows where the output moved. After an intended
change of output, record them again with ``GDCPOS_UPDATE_GOLDEN=1`` and review the difference.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from gdcpos.document.model import Document
from gdcpos.writers.docx import DocxWriter
from tests.writers.docx_parts import parts
from tests.writers.samples import edge_case_document, full_document, mixed_script_document

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("GDCPOS_UPDATE_GOLDEN") == "1"
MODELS = [full_document, edge_case_document, mixed_script_document]
SMALL_MODELS = [full_document, edge_case_document]


def model_id(model: Callable[[], Document]) -> str:
    return model.__name__


def one_paragraph_a_line(xml: bytes) -> str:
    return xml.decode("utf-8").replace("<w:p>", "\n<w:p>")


@pytest.mark.parametrize("model", SMALL_MODELS, ids=model_id)
def test_the_main_document_part_is_byte_identical(model: Callable[[], Document]) -> None:
    recorded = GOLDEN / f"{model.__name__}.xml"
    written = parts(DocxWriter().render(model()))["word/document.xml"]
    if UPDATE:
        recorded.write_bytes(written)
    # Compared as text with a paragraph a line, so that a failure points at the paragraph.
    assert one_paragraph_a_line(written) == one_paragraph_a_line(recorded.read_bytes())


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_every_part_has_its_recorded_digest(model: Callable[[], Document]) -> None:
    recorded = GOLDEN / f"{model.__name__}.parts.json"
    digests = {
        name: hashlib.sha256(data).hexdigest()
        for name, data in parts(DocxWriter().render(model())).items()
    }
    if UPDATE:
        recorded.write_text(json.dumps(digests, indent=2, sort_keys=True) + "\n", "utf-8")
    assert digests == json.loads(recorded.read_text("utf-8"))
