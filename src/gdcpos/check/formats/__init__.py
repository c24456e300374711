"""The output formats of ``gdcpos check``, each mapped to its formatter here and nowhere else.

A formatter turns a ``CheckReport`` into an ``Output`` (text for stdout and stderr) and prints
nothing itself; ``write_output`` is the one place that writes it. This module imports no rich
and no pydantic, so the CLI can name ``OutputFormat`` in its options without slowing ``--help``.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Final

from gdcpos.check.formats import github, json_report, text
from gdcpos.check.formats.common import Output

if TYPE_CHECKING:
    from gdcpos.check.report import CheckReport

__all__ = ["FORMATTERS", "Output", "OutputFormat", "format_report", "write_output"]


class OutputFormat(enum.StrEnum):
    """``--format`` of ``gdcpos check``."""

    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


Formatter = Callable[["CheckReport"], Output]

FORMATTERS: Final[Mapping[OutputFormat, Formatter]] = {
    OutputFormat.TEXT: text.render,
    OutputFormat.JSON: json_report.render,
    OutputFormat.GITHUB: github.render,
}


def format_report(report: CheckReport, output_format: OutputFormat) -> Output:
    """The report in the chosen format."""
    return FORMATTERS[output_format](report)


def write_output(output: Output) -> None:
    """Write a formatted report: stderr first (findings), then stdout (the report or verdict).

    On a terminal, stderr shows the rich rendering when the format has one (``NO_COLOR`` is
    honoured by rich); piped, it gets the plain lines.
    """
    if output.stderr_terminal is not None and sys.stderr.isatty():
        from gdcpos import console

        console.stderr().print(output.stderr_terminal, soft_wrap=False)
    elif output.stderr:
        sys.stderr.write(output.stderr)
        sys.stderr.flush()
    if output.stdout and output.utf8:
        from gdcpos import console

        console.write_utf8(sys.stdout, output.stdout)
    elif output.stdout:
        sys.stdout.write(output.stdout)
        sys.stdout.flush()
