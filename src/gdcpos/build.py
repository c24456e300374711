"""``gdcpos build``: validate the workspace, assemble each document for its audience, write it.

The flow is the pipeline's (design §3): load and validate → audience view → template → document
model → writer. This module only sequences the stages and names the output files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gdcpos.assemble.documents import DOCUMENTS, DocumentName, assemble
from gdcpos.concurrency import shared_workers
from gdcpos.diagnostics import Diagnostic, InputError, UsageError
from gdcpos.memory import collection_paused
from gdcpos.models import Audience, Classification, Settings, Workspace
from gdcpos.persian import JalaliDate
from gdcpos.templating import TemplatingError, make_environment
from gdcpos.validate import validate_workspace
from gdcpos.writers import OutputFormat, Writer, writer_for

PUBLIC_DOCUMENTS = (DocumentName.DECLARED,)
"""What ``--audience public`` builds by default: the declared positions alone."""


@dataclass(frozen=True)
class BuildRequest:
    workspace: Path
    documents: tuple[DocumentName, ...] = ()
    output: Path | None = None
    audience: Audience | None = None
    include_secret: bool = False
    fmt: OutputFormat = OutputFormat.DOCX
    pdf: bool = False
    as_of: JalaliDate | None = None


@dataclass(frozen=True)
class Written:
    """One file the build wrote, with what the report table shows of it."""

    name: DocumentName
    path: Path
    audience: Audience
    items: int
    marking: Classification
    size: int
    pdf: Path | None = None
    pages: int | None = None


@dataclass
class BuildReport:
    written: list[Written] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


Progress = Callable[[str, int, int], None]
"""Called as ``progress(document, done, total)`` before and after each document."""


def build(request: BuildRequest, progress: Progress | None = None) -> BuildReport:
    """Build the requested documents; raise InputError when the workspace is not valid."""
    # Worker processes a first build starts to parse its files stay to compare its texts.
    with shared_workers():
        return _build(request, progress)


def _build(request: BuildRequest, progress: Progress | None) -> BuildReport:
    if request.pdf and request.fmt is not OutputFormat.DOCX:
        raise UsageError("--pdf converts Word documents; it cannot be used with --format html")
    soffice = _soffice() if request.pdf else None
    if request.pdf and soffice is None:
        raise UsageError(
            "--pdf needs LibreOffice, which is not installed (Debian: apt-get install "
            "libreoffice-writer-nogui); nothing was built"
        )
    if request.audience is Audience.PUBLIC and request.include_secret:
        raise UsageError("--include-secret cannot be used with --audience public")

    # The workspace lives until the build ends; frozen, it is not walked again by every full
    # garbage collection while documents are assembled (a tenth of a large build). Validation
    # pauses collection itself; this block freezes what it made before collection resumes.
    with collection_paused(keep=True):
        result = validate_workspace(request.workspace)
    if result.workspace is None:
        raise InputError(result.diagnostics)
    workspace = result.workspace
    settings = workspace.settings
    audience = request.audience or settings.audience
    names = request.documents or (
        PUBLIC_DOCUMENTS if audience is Audience.PUBLIC else tuple(DocumentName)
    )
    output = request.output or request.workspace / settings.output
    env = make_environment(request.workspace / "templates")
    writer = _writer(request.fmt, settings, request.workspace)
    as_of = request.as_of or JalaliDate.today()
    created = creation_time(workspace)

    report = BuildReport(diagnostics=list(result.diagnostics))
    for done, name in enumerate(names):
        if progress:
            progress(name.value, done, len(names))
        shown_audience = Audience.PUBLIC if DOCUMENTS[name].public_only else audience
        target = output / file_name(name, shown_audience, request.include_secret, writer.extension)
        # A document is hundreds of thousands of short-lived objects without cycles (markup,
        # blocks, runs, XML strings), freed by reference counting once written; collections
        # meanwhile only walk them again (a fifth of a build of every document, measured).
        with collection_paused():
            try:
                assembled = assemble(
                    name,
                    workspace,
                    env,
                    audience=audience,
                    include_secret=request.include_secret,
                    as_of=as_of,
                    created=created,
                )
            except TemplatingError as error:
                raise InputError([error.to_diagnostic()]) from None
            writer.write(assembled.document, target)
        written = Written(
            name, target, shown_audience, assembled.items, assembled.marking, target.stat().st_size
        )
        if soffice is not None:
            pdf = convert_to_pdf(soffice, target)
            written = dataclasses.replace(written, pdf=pdf, pages=count_pdf_pages(pdf))
        report.written.append(written)
    if progress:
        progress("", len(names), len(names))
    return report


def file_name(name: DocumentName, audience: Audience, include_secret: bool, extension: str) -> str:
    """``framework.docx`` for the commission; the audience or ``secret`` is in the name otherwise,
    so that a public or secret edition is never mistaken for (or overwrites) the usual one."""
    if audience is Audience.PUBLIC:
        return f"{name.value}.public{extension}"
    if include_secret:
        return f"{name.value}.secret{extension}"
    return f"{name.value}{extension}"


def creation_time(workspace: Workspace) -> dt.datetime:
    """The documents' date: ``SOURCE_DATE_EPOCH`` if set (reproducible builds), else the date
    of the latest submission, so the same inputs always give the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    dates = [s.submitted for s in workspace.submissions.values()] or [workspace.resolution.date]
    latest = max(dates).to_gregorian()
    return dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.UTC)


def _writer(fmt: OutputFormat, settings: Settings, workspace: Path) -> Writer:
    options: dict[str, object] = {
        "body_font": settings.body_font,
        "heading_font": settings.heading_font,
    }
    reference = workspace / "templates" / "reference.docx"
    if fmt is OutputFormat.DOCX and reference.is_file():
        options["reference_docx"] = reference
    return writer_for(fmt, **options)


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(soffice: str, docx: Path) -> Path:
    """Convert with LibreOffice in a private profile and folder, then move the PDF into place
    atomically (LibreOffice writes its output in place, and may be interrupted)."""
    target = docx.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="gdcpos-pdf-") as scratch:
        profile = Path(scratch) / "profile"
        command: Sequence[str] = (
            soffice,
            "--headless",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            scratch,
            str(docx),
        )
        subprocess.run(command, check=True, capture_output=True, timeout=300)
        produced = Path(scratch) / target.name
        staged = target.with_name(f".{target.name}.tmp")
        shutil.move(produced, staged)
        staged.replace(target)
    return target


def count_pdf_pages(pdf: Path) -> int:
    """Pages of a PDF LibreOffice wrote (its page objects are uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))
