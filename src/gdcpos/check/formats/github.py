"""The github format: GitHub Actions workflow commands, so findings annotate a pull request's lines.

``::error file=PATH,line=L,col=C,title=RULE::MESSAGE`` on standard output, one a finding
(``::warning`` for warnings). GitHub reads ``%``, CR and LF escaped as ``%25``, ``%0D``, ``%0A`` in
the message, and additionally ``:`` and ``,`` as ``%3A`` and ``%2C`` in property values.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from gdcpos.check.formats.common import Output, closing_line
from gdcpos.diagnostics import Diagnostic

if TYPE_CHECKING:
    from gdcpos.check.report import CheckReport

UNNAMED_TITLE = "gdcpos validation"


def escape_data(value: str) -> str:
    """A message as a workflow command carries it."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A property value (file, title) as a workflow command carries it."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def repository_path(workspace: Path, relpath: str) -> str:
    """A workspace file's path as GitHub names it: relative to the folder the job runs in.

    Workflow steps run in the repository's root, so a workspace in a subfolder (``-w ws``) has
    its files annotated as ``ws/data/duties.yaml``; an absolute workspace path under the current
    folder is made relative to it.
    """
    if workspace.is_absolute():
        try:
            workspace = workspace.relative_to(Path.cwd())
        except ValueError:
            return PurePath(workspace, relpath).as_posix()
    return Path(os.path.normpath(workspace / relpath)).as_posix()


def command(diagnostic: Diagnostic, file: str) -> str:
    """One finding as a workflow command; line and column are left out when unknown."""
    location = diagnostic.location
    properties = [f"file={escape_property(file)}"]
    if location.line > 0:
        properties.append(f"line={location.line}")
        if location.col > 0:
            properties.append(f"col={location.col}")
    properties.append(f"title={escape_property(diagnostic.rule or UNNAMED_TITLE)}")
    return (
        f"::{diagnostic.severity.value} {','.join(properties)}::{escape_data(diagnostic.message)}"
    )


def render(report: CheckReport) -> Output:
    """Workflow commands on stdout; the closing line on stderr, for the job's log."""
    commands = "".join(
        f"{command(d, repository_path(report.workspace, d.location.path))}\n"
        for d in report.diagnostics
    )
    return Output(stdout=commands, stderr=closing_line(report), utf8=True)
