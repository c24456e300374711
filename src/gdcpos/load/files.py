"""Read one workspace file: size limit, decoding, YAML with a source map; problems located."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gdcpos.diagnostics import Diagnostic, error
from gdcpos.load.decode import DecodeProblem, decode_text
from gdcpos.load.yaml_source import SourceMap, parse_yaml

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Largest workspace file read; a submission of 10,000 contributions is about 5 MB."""


@dataclass
class LoadedFile:
    """A parsed YAML file: ``data`` is None when it could not be parsed (see ``diagnostics``)."""

    relpath: str
    data: Any
    source_map: SourceMap
    sha256: str
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def locate(self, path: tuple[str | int, ...], *, prefer_key: bool = False) -> tuple[int, int]:
        return self.source_map.locate(path, prefer_key=prefer_key)


def load_yaml_file(path: Path, relpath: str) -> LoadedFile:
    """Read ``path`` (shown as ``relpath`` in messages); never raises for bad content."""
    empty = SourceMap()
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:  # refused before reading: the file may be huge
            return LoadedFile(relpath, None, empty, "", [_oversize(relpath, size)])
        raw = path.read_bytes()
    except OSError as exc:
        return LoadedFile(relpath, None, empty, "", [error(relpath, 0, 0, f"cannot read: {exc}")])
    return parse_bytes(raw, relpath)


def parse_bytes(raw: bytes, relpath: str) -> LoadedFile:
    """Decode and parse bytes already in memory (intake reads each incoming file once)."""
    digest = hashlib.sha256(raw).hexdigest()
    if len(raw) > MAX_FILE_BYTES:
        return LoadedFile(relpath, None, SourceMap(), digest, [_oversize(relpath, len(raw))])
    try:
        text = decode_text(raw)
    except DecodeProblem as problem:
        diagnostic = error(relpath, problem.line, problem.col, problem.message)
        return LoadedFile(relpath, None, SourceMap(), digest, [diagnostic])
    parsed = parse_yaml(text)
    diagnostics = [error(relpath, p.line, p.col, p.message) for p in parsed.problems]
    if parsed.data is None and not diagnostics:
        diagnostics.append(error(relpath, 1, 1, "the file is empty"))
    return LoadedFile(relpath, parsed.data, parsed.source_map, digest, diagnostics)


def _oversize(relpath: str, size: int) -> Diagnostic:
    message = (
        f"the file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}; "
        "split it or check that it is the right file"
    )
    return error(relpath, 1, 1, message)
