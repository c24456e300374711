"""Where everything the user reads is printed: diagnostics on stderr, results on stdout.

Rich is used only when the stream is a terminal; piped output is plain text (so scripts and CI
logs see exactly ``PATH:LINE:COL: error: MESSAGE``), and ``NO_COLOR`` is honoured by Rich itself.
Messages quote agencies' data, so a string is never read as Rich markup or emoji codes (``[/]``
would raise, ``:x:`` would become a picture): styled output is built from ``Text`` instead.
"""

from __future__ import annotations

import codecs
import io
import sys
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, TextIO

from gdcpos.diagnostics import Diagnostic, Severity, printable, sorted_diagnostics

if TYPE_CHECKING:
    from rich.console import Console


@cache
def stdout() -> Console:
    from rich.console import Console

    return Console(highlight=False, markup=False, emoji=False, soft_wrap=True)


@cache
def stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, markup=False, emoji=False, soft_wrap=True)


def print_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    """Every diagnostic, one a line, in file order, on standard error."""
    ordered = sorted_diagnostics(diagnostics)
    if not ordered:
        return
    if not sys.stderr.isatty():
        sys.stderr.write("".join(f"{d}\n" for d in ordered))
        sys.stderr.flush()
        return
    from rich.text import Text

    console = stderr()
    for diagnostic in ordered:
        style = "bold red" if diagnostic.severity is Severity.ERROR else "yellow"
        line = Text(f"{diagnostic.location}: ", style="bold")
        line.append(f"{diagnostic.severity.value}:", style=style)
        line.append(f" {diagnostic.message}")
        console.print(line)


def summary(diagnostics: Iterable[Diagnostic]) -> str:
    """``2 errors, 1 warning`` — the closing line of a command that found problems."""
    items = list(diagnostics)
    errors = sum(1 for d in items if d.is_error)
    warnings = len(items) - errors
    parts = [f"{errors} error{'s' * (errors != 1)}"]
    if warnings:
        parts.append(f"{warnings} warning{'s' * (warnings != 1)}")
    return ", ".join(parts)


def write_utf8(stream: TextIO, text: str) -> None:
    """Write ``text`` to ``stream`` as UTF-8 whatever the stream's encoding: for what is UTF-8 by
    definition (JSON, GitHub's workflow commands, a submission file), which a narrower locale's
    encoding would fail on or change."""
    buffer = getattr(stream, "buffer", None)
    if buffer is None or codecs.lookup(stream.encoding or "utf-8").name == "utf-8":
        stream.write(text)
        stream.flush()
        return
    stream.flush()
    # A name that is not UTF-8 holds surrogates: written as escapes (\udcfe), as JSON reads them.
    buffer.write(text.encode("utf-8", "backslashreplace"))
    buffer.flush()


def escape_what_cannot_be_encoded() -> None:
    """Let standard output and error write what their encoding cannot hold as escapes
    (``\\u06af``) rather than stop with a UnicodeEncodeError: Persian text, arrows and marks are
    printed everywhere, and some machines still run in an ASCII or Latin-1 locale."""
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue
        # Python's C locale gives "surrogateescape", which fails on Persian all the same.
        narrow = codecs.lookup(stream.encoding).name != "utf-8"
        if stream.errors == "strict" or (narrow and stream.errors == "surrogateescape"):
            stream.reconfigure(errors="backslashreplace")


def say(message: str) -> None:
    """A line of result for the user (stdout)."""
    stdout().print(message, markup=False)


def complain(message: str) -> None:
    """A line about a failure that is not tied to a file (stderr). It may quote a path or a
    value: shown safely, as diagnostics show what they quote."""
    stderr().print(f"gdcpos: {printable(message)}", markup=False)
