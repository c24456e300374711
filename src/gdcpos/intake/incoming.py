"""Submission files as received: read once, hashed, parsed and validated on their own.

Everything reported about an incoming file names it by the path the secretariat gave, never by
where it would land, so the messages lead back to the file in their inbox.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from gdcpos.diagnostics import Diagnostic, error
from gdcpos.load import LoadedFile, SourceMap, parse_bytes, read_limited
from gdcpos.models import Submission
from gdcpos.validate.cache import ModelCache, cached_or_validated

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
    """The path as the user gave it (see :func:`shown_path`); every message about it uses it."""
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


def shown_path(path: Path | str) -> str:
    """``path`` as text that can be written anywhere: bytes of a name that is not UTF-8 (Persian
    names unzipped from a Windows archive) as ``\\xff`` escapes, where ``str(path)`` would hold
    surrogates that no UTF-8 log, report or terminal can encode."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def read_incoming(path: Path, index: int) -> Incoming:
    """Read, hash and validate one received file; never raises for bad content."""
    shown = shown_path(path)
    raw = read_limited(path, shown)
    if isinstance(raw, Diagnostic):
        # An oversize file is still hashed (in chunks) so that the log can name it.
        sha256 = _sha256_of(path) if raw.rule == "oversize" else ""
        return _unusable(index, shown, sha256, raw)
    return incoming_from_bytes(raw, shown, index)


def incoming_from_bytes(raw: bytes, shown: str, index: int = 0) -> Incoming:
    """An incoming submission from bytes already in memory (``shown`` names it in messages)."""
    loaded, submission, diagnostics = parse_submission(raw, shown)
    return Incoming(index, shown, raw, loaded.sha256, loaded, submission, tuple(diagnostics))


def parse_submission(
    raw: bytes, shown: str
) -> tuple[LoadedFile, Submission | None, list[Diagnostic]]:
    """Parse and validate a submission's bytes: the file, its model (None if it is not valid)
    and the problems found in it alone."""
    loaded = parse_bytes(raw, shown)
    # Validated as the workspace's files are, without their cache: these bytes are new.
    submission, diagnostics = cached_or_validated(Submission, loaded, ModelCache(None))
    return loaded, submission, diagnostics


def _unusable(index: int, shown: str, sha256: str, problem: Diagnostic) -> Incoming:
    loaded = LoadedFile(shown, None, SourceMap(), sha256, [problem])
    return Incoming(index, shown, None, sha256, loaded, None, (problem,))


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def declared_revision(submission: Submission | None, loaded: LoadedFile) -> int | None:
    """A submission's revision, read from the top level of its file even if it is not valid."""
    if submission is not None:
        return submission.revision
    data = loaded.data
    value = data.get("revision") if isinstance(data, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None
