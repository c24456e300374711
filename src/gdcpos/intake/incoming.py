"""Submission files as received: read once, hashed, parsed and validated on their own.

Everything reported about an incoming file names it by the path the secretariat gave, never by
where it would land, so the messages lead back to the file in their inbox.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from gdcpos.diagnostics import Diagnostic, error
from gdcpos.load import MAX_FILE_BYTES, LoadedFile, SourceMap, parse_bytes
from gdcpos.models import Submission
from gdcpos.validate import validate_model

_HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class Incoming:
    """One file given to intake, as read: its bytes, identity and own problems.

    ``agency`` and ``revision`` are read even from a submission that is otherwise invalid (when
    its top level says them), so that the log and the report can name what was refused.
    """

    index: int
    """Position on the command line: breaks ties between files of one agency and revision."""
    shown: str
    """The path as the user gave it; every message about the file uses it."""
    raw: bytes | None
    """The bytes exactly as received; None when the file could not be read or is too large."""
    sha256: str
    loaded: LoadedFile
    submission: Submission | None
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    """Problems of the file on its own: encoding, YAML, the submission model."""

    @property
    def agency(self) -> str | None:
        if self.submission is not None:
            return self.submission.agency
        data = self.loaded.data
        value = data.get("agency") if isinstance(data, dict) else None
        return value if isinstance(value, str) else None

    @property
    def revision(self) -> int | None:
        return declared_revision(self.submission, self.loaded)

    def locate(self, path: tuple[str | int, ...]) -> tuple[int, int]:
        """Line and column of ``path`` in the file; (0, 0), i.e. the file itself, if unparsed."""
        if self.loaded.data is None:
            return (0, 0)
        return self.loaded.locate(path)

    def at(self, path: tuple[str | int, ...], message: str, rule: str) -> Diagnostic:
        line, col = self.locate(path)
        return error(self.shown, line, col, message, rule)


def read_incoming(path: Path, index: int) -> Incoming:
    """Read, hash and validate one received file; never raises for bad content."""
    shown = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:  # not read into memory: it may be huge
            return _unusable(index, shown, _sha256_of(path), _oversize(shown, size))
        raw = path.read_bytes()
    except OSError as exc:
        return _unusable(index, shown, "", error(shown, 0, 0, f"cannot read: {exc.strerror}"))
    return incoming_from_bytes(raw, shown, index)


def incoming_from_bytes(raw: bytes, shown: str, index: int = 0) -> Incoming:
    """An incoming submission from bytes already in memory (``shown`` names it in messages)."""
    loaded = parse_bytes(raw, shown)
    diagnostics = list(loaded.diagnostics)
    submission = None
    if loaded.data is not None:
        submission, problems = validate_model(Submission, loaded)
        diagnostics += problems
    return Incoming(index, shown, raw, loaded.sha256, loaded, submission, tuple(diagnostics))


def _unusable(index: int, shown: str, sha256: str, problem: Diagnostic) -> Incoming:
    loaded = LoadedFile(shown, None, SourceMap(), sha256, [problem])
    return Incoming(index, shown, None, sha256, loaded, None, (problem,))


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _oversize(shown: str, size: int) -> Diagnostic:
    return error(
        shown,
        0,
        0,
        f"the file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}; "
        "check that it is the right file",
    )


def declared_revision(submission: Submission | None, loaded: LoadedFile) -> int | None:
    """A submission's revision, read from the top level of its file even if it is not valid."""
    if submission is not None:
        return submission.revision
    data = loaded.data
    value = data.get("revision") if isinstance(data, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None
