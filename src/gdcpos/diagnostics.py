"""Diagnostics: the one type every stage uses to report a problem with a location.

Loading, validation, checks and intake all produce :class:`Diagnostic` values; the CLI prints
them in one place, as ``PATH:LINE:COL: severity: message`` (the format compilers and linters use,
so editors and CI annotate the right line).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath


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
        if self.line <= 0:
            return self.path
        if self.col <= 0:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in the input, with where it is and how serious it is."""

    location: Location
    message: str
    severity: Severity = Severity.ERROR
    rule: str = field(default="", compare=False)

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
