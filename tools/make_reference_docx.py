"""Regenerate src/gdcpos/resources/reference.docx from the Word writer's defaults.

Run after changing styles, page setup, header or footer in ``gdcpos.writers.docx``:

    python tools/make_reference_docx.py

The output is reproducible: running it twice gives the same bytes, and a test fails when the
shipped file differs from what this script would write.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "src" / "gdcpos" / "resources" / "reference.docx"


def main() -> int:
    sys.path.insert(0, str(REPO / "src"))
    from gdcpos.fsutil import atomic_write_bytes
    from gdcpos.writers.docx.reference import build_default_reference

    data = build_default_reference()
    atomic_write_bytes(TARGET, data)
    print(f"wrote {TARGET.relative_to(REPO)} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
