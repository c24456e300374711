"""Read one workspace file: size limit, decoding, YAML with a source map; problems located.

A clean file's source map is built only when a position is first asked for (see
`gdcpos.load.yaml_source`): its data and diagnostics never need it.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import Any

from gdcpos.diagnostics import Diagnostic, cannot, error
from gdcpos.load.decode import DecodeProblem, decode_text
from gdcpos.load.yaml_source import ParsedYaml, SourceMap, parse_yaml

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Largest workspace file read; a submission of 10,000 contributions is about 5 MB."""


class LoadedFile:
    """A parsed YAML file: ``data`` is None when it could not be parsed (see ``diagnostics``).

    A file read with ``lazy=True`` is parsed only when something asks for its data, positions or
    problems: when its validated model comes from the cache, it may never be parsed at all. The
    positions of a file without problems are worked out only when first asked for.
    """

    def __init__(
        self,
        relpath: str,
        data: Any,
        source_map: SourceMap,
        sha256: str,
        diagnostics: list[Diagnostic] | None = None,
    ) -> None:
        self.relpath = relpath
        self.sha256 = sha256
        self._parsed: tuple[ParsedYaml, list[Diagnostic]] | None = (
            ParsedYaml(data, source_map, []),
            diagnostics or [],
        )
        self._raw: bytes | None = None

    @classmethod
    def of_parsed(
        cls, relpath: str, parsed: ParsedYaml, sha256: str, diagnostics: list[Diagnostic]
    ) -> LoadedFile:
        """A file parsed by `parse_yaml`, whose source map is built only if asked for."""
        loaded = cls(relpath, None, SourceMap(), sha256)
        loaded._parsed = (parsed, diagnostics)
        return loaded

    @classmethod
    def deferred(cls, relpath: str, raw: bytes) -> LoadedFile:
        """A file read but not yet parsed; it is parsed on first use."""
        loaded = cls(relpath, None, SourceMap(), hashlib.sha256(raw).hexdigest())
        loaded._parsed = None
        loaded._raw = raw
        return loaded

    @property
    def size(self) -> int:
        """Bytes read (0 once parsed: the bytes are then no longer kept)."""
        return len(self._raw) if self._raw is not None else 0

    def _parse(self) -> tuple[ParsedYaml, list[Diagnostic]]:
        if self._parsed is None:
            assert self._raw is not None
            self._parsed = parse_bytes(self._raw, self.relpath, sha256=self.sha256)._parse()
            self._raw = None
        return self._parsed

    @property
    def data(self) -> Any:
        return self._parse()[0].data

    @property
    def source_map(self) -> SourceMap:
        return self._parse()[0].source_map

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self._parse()[1]

    @property
    def is_empty(self) -> bool:
        """Whether the file holds no value: nothing, only comments, or a lone null (its one
        diagnostic then says so; an optional file may take that to mean every default)."""
        parsed, diagnostics = self._parse()
        return parsed.data is None and diagnostics == [_empty(self.relpath)]

    def locate(self, path: tuple[str | int, ...], *, prefer_key: bool = False) -> tuple[int, int]:
        return self.source_map.locate(path, prefer_key=prefer_key)


def read_limited(path: Path, relpath: str) -> bytes | Diagnostic:
    """The bytes of ``path``, or why they were not read: too large (checked before reading, the
    file may be huge; rule ``oversize``), not a regular file, or unreadable. ``relpath`` names
    the file in messages.

    The file is opened once and everything is checked on what was opened: a name checked, then
    opened, could meanwhile be a named pipe (reading it waits for a writer, for ever) or a link to
    an endless device. Opened without blocking, a pipe is refused at once; and no more than the
    limit is read, however much the file grew since its size was read.
    """
    return _read_regular(path, relpath, MAX_FILE_BYTES)


def read_whole(path: Path, relpath: str) -> bytes | Diagnostic:
    """The bytes of ``path`` whatever their size, or why they were not read: not a regular file
    (refused at once, as by :func:`read_limited`), or unreadable. For a file already in the
    workspace that must be kept byte for byte even when it is over the limit (intake moves a
    broken current submission into the history)."""
    return _read_regular(path, relpath, None)


def _read_regular(path: Path, relpath: str, limit: int | None) -> bytes | Diagnostic:
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return cannot(relpath, "read", exc)
    try:
        # Checked on the descriptor, not on a file object: making one of a folder raises.
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return error(relpath, 0, 0, "cannot read: not a regular file")
        if limit is not None and status.st_size > limit:
            return _oversize(relpath, status.st_size)
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            raw = handle.read() if limit is None else handle.read(limit + 1)
    except OSError as exc:
        return cannot(relpath, "read", exc)
    finally:
        os.close(descriptor)
    return _oversize(relpath, len(raw)) if limit is not None and len(raw) > limit else raw


def load_yaml_file(path: Path, relpath: str, *, lazy: bool = False) -> LoadedFile:
    """Read ``path`` (shown as ``relpath`` in messages); never raises for bad content.

    With ``lazy``, parsing waits until the data, positions or problems are first asked for.
    """
    raw = read_limited(path, relpath)
    if isinstance(raw, Diagnostic):
        return LoadedFile(relpath, None, SourceMap(), "", [raw])
    return LoadedFile.deferred(relpath, raw) if lazy else parse_bytes(raw, relpath)


def parse_bytes(raw: bytes, relpath: str, *, sha256: str | None = None) -> LoadedFile:
    """Decode and parse bytes already in memory (intake reads each incoming file once);
    ``sha256`` is their digest, if it is known already."""
    digest = sha256 or hashlib.sha256(raw).hexdigest()
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
        diagnostics.append(_empty(relpath))
    return LoadedFile.of_parsed(relpath, parsed, digest, diagnostics)


def _empty(relpath: str) -> Diagnostic:
    return error(relpath, 1, 1, "the file is empty")


def _oversize(relpath: str, size: int) -> Diagnostic:
    message = (
        f"the file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}; "
        "split it or check that it is the right file"
    )
    return error(relpath, 1, 1, message, rule="oversize")
