"""The intake log: one JSON object per decision, appended to ``intake-log.jsonl``.

Kept in ``positions/.history/``, it is the secretariat's record of everything an agency sent,
including what was refused and why, so it is only ever appended to, and each line is on disk
(flushed and fsynced) before intake goes on. The fields are documented in ``docs/intake.md``.
"""

from __future__ import annotations

import contextlib
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from gdcpos.intake.plan import Decision
from gdcpos.intake.state import HISTORY_DIR

LOG_FILE = f"{HISTORY_DIR}/intake-log.jsonl"


def log_record(decision: Decision, *, time: datetime, run: str) -> dict[str, Any]:
    """The log's object for one decision (keys in a fixed order, values JSON-ready)."""
    return {
        "time": time.isoformat(timespec="seconds"),
        "run": run,
        "file": decision.file,
        "sha256": decision.sha256 or None,
        "agency": decision.agency,
        "revision": decision.revision,
        "result": "accepted" if decision.accepted else "refused",
        "refusal": None if decision.accepted else decision.verdict.value,
        "reasons": [str(d) for d in decision.reasons],
        "warnings": [str(d) for d in decision.warnings],
        "target": decision.target,
        "previous_revision": decision.previous_revision,
        "kept_as": decision.kept_as,
    }


def append_record(root: Path, record: dict[str, Any]) -> None:
    """Append one line to the log and make it durable before returning."""
    path = root / LOG_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(record, ensure_ascii=False, separators=(", ", ": ")) + "\n"
    # One write on an O_APPEND descriptor: lines of concurrent writers never interleave.
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            # A line torn by a power cut or a kill ends without "\n": this record starts a line
            # of its own, or it would be lost with the torn one.
            line = "\n" + line
        pending = memoryview(line.encode("utf-8"))
        try:
            while pending:
                pending = pending[os.write(fd, pending) :]
            os.fsync(fd)
        except OSError:
            # A full disk can leave part of the line written; the next record, appended onto it,
            # would make one line that is no JSON, and both records would be lost to readers.
            # Intake holds the lock, so nobody else has appended since the size was taken.
            with contextlib.suppress(OSError):
                os.ftruncate(fd, size)
            raise
    finally:
        os.close(fd)


def read_log(root: Path) -> list[dict[str, Any]]:
    """Every record of the log (a torn last line, left by a power cut, is skipped)."""
    path = root / LOG_FILE
    if not path.exists():
        return []
    records = []
    # Split on "\n" alone: splitlines() also ends lines at U+2028, U+0085 and others, which a
    # record may hold raw in its strings (a file's name), and would drop the record. Each line is
    # decoded alone: a torn one may end inside a character.
    for line in path.read_bytes().split(b"\n"):
        try:
            records.append(json.loads(line.decode("utf-8")))
        except ValueError:  # not UTF-8, or not JSON: a torn line
            continue
    return records
