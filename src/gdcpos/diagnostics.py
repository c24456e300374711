"""Diagnostics: the one type every stage uses to report a problem with a location.

Loading, validation, checks and intake all produce :class:`Diagnostic` values; the CLI prints
them in one place, as ``PATH:LINE:COL: severity: message`` (the format compilers and linters use,
so editors and CI annotate the right line).

Messages quote what files hold (a key, a value, a file name), and a quoted character must not act
on the terminal or the log it is printed to: a Diagnostic keeps its message with such characters
written as escapes (see `printable`), so every format shows the same safe message.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import PurePosixPath


def printable(text: str) -> str:
    """``text`` with each character that could act on a terminal or break a line written as an
    escape (``\\x1b``, ``\\n``, ``\\u202e``); everything else, Persian included, as it is."""
    unprintable = _unprintable()
    if unprintable.search(text) is None:
        return text
    return unprintable.sub(_escape, text)


@cache
def _unprintable() -> re.Pattern[str]:
    """C0 and C1 controls and DEL (ESC starts a terminal's command; CR, LF and NEL end a line),
    the line and paragraph separators, the bidi overrides, embeddings and isolates (they reorder
    the rest of the line) and lone surrogates (no encoding can print them).

    ZWNJ and ZWJ, part of Persian spelling, and the direction marks LRM, RLM and ALM, which
    agency text may hold and which move no more than the punctuation beside them, stay as they
    are. Compiled on first use: importing `gdcpos.persian` loads the Jalali calendar and
    pydantic-core, which ``gdcpos --help`` does without.
    """
    from gdcpos.persian.text import BIDI_CONTROLS

    return re.compile(rf"[\x00-\x1f\x7f-\x9f\u2028\u2029{BIDI_CONTROLS}\ud800-\udfff]")


_NAMED_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED_ESCAPES.get(char) or (f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a workspace file; ``line`` and ``col`` are 1-based, 0 when unknown."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        path = printable(self.path)  # a file may be named with any character but "/"
        if self.line <= 0:
            return path
        if self.col <= 0:
            return f"{path}:{self.line}"
        return f"{path}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in the input, with where it is and how serious it is."""

    location: Location
    message: str
    severity: Severity = Severity.ERROR
    rule: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        # Here, where every diagnostic is made, rather than where each message is written.
        object.__setattr__(self, "message", printable(self.message))

    def __str__(self) -> str:
        return f"{self.location}: {self.severity.value}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(
    path: str | PurePosixPath, line: int, col: int, message: str, rule: str = ""
) -> Diagnostic:
    return Diagnostic(Location(str(path), line, col), message, Severity.ERROR, rule)


def warning(
    path: str | PurePosixPath, line: int, col: int, message: str, rule: str = ""
) -> Diagnostic:
    return Diagnostic(Location(str(path), line, col), message, Severity.WARNING, rule)


def os_reason(exc: OSError) -> str:
    """Why the system refused, as it says it ("No space left on device")."""
    return exc.strerror or str(exc)


def cannot(
    path: str | PurePosixPath, action: str, exc: OSError, *, then: str = "", rule: str = ""
) -> Diagnostic:
    """``PATH: error: cannot ACTION: reason`` for a file the system would not read or write,
    with ``then`` (what became of the work) after the reason."""
    return error(path, 0, 0, f"cannot {action}: {os_reason(exc)}{then}", rule)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Order by file, then position, so output is stable and reads top to bottom."""
    return sorted(diagnostics, key=lambda d: (d.location.path, d.location.line, d.location.col))


class InputError(Exception):
    """Raised when the input cannot be used; carries every diagnostic found, not only the first."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted_diagnostics(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class UsageError(Exception):
    """A mistake in how the command was called (exit status 2), not in the workspace's data."""
