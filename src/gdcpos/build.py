"""``gdcpos build``: validate the workspace, assemble each document for its audience, write it.

The flow is the pipeline's (design §3): load and validate → audience view → template → document
model → writer. This module only sequences the stages and names the output files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gdcpos.assemble.documents import DOCUMENTS, Assembled, DocumentName, assemble
from gdcpos.concurrency import shared_workers
from gdcpos.diagnostics import Diagnostic, InputError, UsageError, cannot, error, warning
from gdcpos.memory import collection_paused
from gdcpos.models import Audience, Classification, Settings, Workspace
from gdcpos.persian import JalaliDate
from gdcpos.templating import TemplatingError, make_environment
from gdcpos.validate import SETTINGS_FILE, ValidationResult, validate_workspace
from gdcpos.writers import OutputFormat, Writer, writer_for
from gdcpos.writers.pdf import (
    PdfConversionError,
    convert_to_pdf,
    count_pages,
    find_libreoffice,
    pdf_of,
)

PUBLIC_DOCUMENTS = (DocumentName.DECLARED,)
"""What ``--audience public`` builds by default: the declared positions alone."""

REFERENCE_DOCX = "templates/reference.docx"


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
    """What the build wrote and found. ``not_written`` holds the files it was to write when it
    stopped at an error (the last of ``diagnostics``); a file of that name from an earlier build
    is left as it was."""

    written: list[Written] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    not_written: list[Path] = field(default_factory=list)


class BuildInterrupted(KeyboardInterrupt):
    """Ctrl-C part-way through a build; ``report`` holds what was written before it and the
    files that were not."""

    def __init__(self, report: BuildReport) -> None:
        super().__init__()
        self.report = report


Progress = Callable[[str, int, int], None]
"""Called as ``progress(document, done, total)`` before and after each document."""


def build(request: BuildRequest, progress: Progress | None = None) -> BuildReport:
    """Build the requested documents; raise InputError when the workspace is not valid, and
    UsageError when the request cannot be carried out.

    A document that cannot be made (a template's error, a file that cannot be written, a PDF
    LibreOffice did not make) stops the build: the report then holds what was written before it,
    the error, and the files not written."""
    # Worker processes a first build starts to parse its files stay to compare its texts.
    with shared_workers():
        return _build(request, progress)


def _build(request: BuildRequest, progress: Progress | None) -> BuildReport:
    if request.pdf and request.fmt is not OutputFormat.DOCX:
        raise UsageError("--pdf converts Word documents; it cannot be used with --format html")
    soffice = find_libreoffice() if request.pdf else None
    if request.pdf and soffice is None:
        raise UsageError(
            "--pdf needs LibreOffice, which is not installed (Debian: apt-get install "
            "libreoffice-writer-nogui); nothing was built"
        )
    if request.audience is Audience.PUBLIC and request.include_secret:
        raise UsageError("--include-secret cannot be used with --audience public")
    if request.output is not None and (blocker := _not_a_folder(request.output)) is not None:
        where = "not a folder" if blocker == request.output else f"{blocker} is not a folder"
        raise UsageError(f"-o {request.output}: {where}")
    source_date = source_date_epoch()

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
    if audience is Audience.PUBLIC and request.include_secret:
        raise UsageError(
            f"--include-secret cannot be used with audience: public (set in {SETTINGS_FILE}); "
            "add --audience commission to build for the commission"
        )
    names = request.documents or (
        PUBLIC_DOCUMENTS if audience is Audience.PUBLIC else tuple(DocumentName)
    )
    if request.include_secret and all(DOCUMENTS[name].public_only for name in names):
        shown = ", ".join(name.value for name in names)
        raise UsageError(
            f"--include-secret has no effect on {shown}, which holds public items only"
        )
    output = request.output or request.workspace / settings.output
    if request.output is None and (blocker := _not_a_folder(output)) is not None:
        raise InputError([_settings_output_problem(request.workspace, settings, result, blocker)])
    env = make_environment(request.workspace / "templates")
    writer, reference_warnings = _writer(request.fmt, settings, request.workspace)
    as_of = request.as_of or JalaliDate.today()
    created = creation_time(workspace, source_date)

    targets: dict[DocumentName, tuple[Audience, Path]] = {}
    for name in names:
        shown_audience = Audience.PUBLIC if DOCUMENTS[name].public_only else audience
        target = output / file_name(name, shown_audience, request.include_secret, writer.extension)
        targets[name] = (shown_audience, target)
    # Every file to write, in order: a build that stops names those not written yet.
    planned = [
        path
        for _, target in targets.values()
        for path in ((target, pdf_of(target)) if soffice else (target,))
    ]

    report = BuildReport(diagnostics=[*result.diagnostics, *reference_warnings])
    assemble_document = functools.partial(
        assemble,
        workspace=workspace,
        env=env,
        audience=audience,
        include_secret=request.include_secret,
        as_of=as_of,
        created=created,
    )
    try:
        for done, (name, (shown_audience, target)) in enumerate(targets.items()):
            if progress:
                progress(name.value, done, len(targets))
            problem = _write_one(
                name,
                shown_audience,
                target,
                assemble_document=assemble_document,
                writer=writer,
                soffice=soffice,
                report=report,
            )
            if problem is not None:
                return _stopped(report, problem, planned)
    except KeyboardInterrupt:
        # Said here, where what was written is known; the CLI says it was interrupted.
        report.not_written = _not_written(report, planned)
        raise BuildInterrupted(report) from None
    if progress:
        progress("", len(targets), len(targets))
    return report


def _write_one(
    name: DocumentName,
    audience: Audience,
    target: Path,
    *,
    assemble_document: Callable[[DocumentName], Assembled],
    writer: Writer,
    soffice: str | None,
    report: BuildReport,
) -> Diagnostic | None:
    """Assemble and write one document, and its PDF when ``soffice`` is given; the problem that
    stopped it, or None.

    Each file is added to ``report`` as soon as it is in place, so that a build interrupted at any
    moment (most likely during a conversion, which takes seconds) reports it as written."""
    # A document is hundreds of thousands of short-lived objects without cycles (markup,
    # blocks, runs, XML strings), freed by reference counting once written; collections
    # meanwhile only walk them again (a fifth of a build of every document, measured).
    with collection_paused():
        try:
            assembled = assemble_document(name)
        except TemplatingError as problem:
            return problem.to_diagnostic()
        try:
            writer.write(assembled.document, target)
        except OSError as problem:
            return cannot(str(target), "write", problem)
    written = Written(
        name, target, audience, assembled.items, assembled.marking, target.stat().st_size
    )
    report.written.append(written)
    if soffice is None:
        return None
    try:
        pdf = convert_to_pdf(soffice, target)
    except PdfConversionError as problem:
        return error(str(pdf_of(target)), 0, 0, f"the PDF could not be made: {problem}")
    except OSError as problem:
        return cannot(str(pdf_of(target)), "write", problem)
    # Recorded as soon as it is in place, then with its pages: Ctrl-C while they are counted
    # still finds the PDF written.
    report.written[-1] = dataclasses.replace(written, pdf=pdf)
    report.written[-1] = dataclasses.replace(written, pdf=pdf, pages=count_pages(pdf))
    return None


def file_name(name: DocumentName, audience: Audience, include_secret: bool, extension: str) -> str:
    """``framework.docx`` for the commission; the audience or ``secret`` is in the name otherwise,
    so that a public or secret edition is never mistaken for (or overwrites) the usual one."""
    if audience is Audience.PUBLIC:
        return f"{name.value}.public{extension}"
    if include_secret:
        return f"{name.value}.secret{extension}"
    return f"{name.value}{extension}"


def creation_time(workspace: Workspace, source_date: dt.datetime | None = None) -> dt.datetime:
    """The documents' date: ``source_date`` (from ``SOURCE_DATE_EPOCH``, reproducible builds)
    if given, else the date of the latest submission, so the same inputs always give the same
    bytes."""
    if source_date is not None:
        return source_date
    dates = [s.submitted for s in workspace.submissions.values()] or [workspace.resolution.date]
    latest = max(dates).to_gregorian()
    return dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.UTC)


def source_date_epoch() -> dt.datetime | None:
    """The moment ``SOURCE_DATE_EPOCH`` names, or None when it is not set.

    A value that names no moment, or one past the last date a cover can print, is a usage error:
    ignored, it would silently give documents another date than the one asked for.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit()):
        raise UsageError(
            f"SOURCE_DATE_EPOCH: {value!r} is not a whole number of seconds since "
            "1970-01-01 00:00 UTC"
        )
    try:
        moment = dt.datetime.fromtimestamp(int(value), tz=dt.UTC)
    except (OverflowError, ValueError, OSError):
        raise UsageError(f"SOURCE_DATE_EPOCH: {value} seconds is past the year 9999") from None
    try:
        JalaliDate.from_gregorian(moment)
    except ValueError as problem:
        raise UsageError(f"SOURCE_DATE_EPOCH: {problem}") from None
    return moment


def _not_a_folder(output: Path) -> Path | None:
    """The first of ``output`` and the folders above it that exists but is not a folder (so no
    document can be written there), or None."""
    for path in (output, *output.parents):
        if path.is_dir():
            return None
        if os.path.lexists(path):
            return path
    return None


def _settings_output_problem(
    root: Path, settings: Settings, result: ValidationResult, blocker: Path
) -> Diagnostic:
    """Where to say that the output folder the workspace's settings name (or the default one)
    cannot be used: at the settings' ``output`` if they have one."""
    try:
        shown = blocker.relative_to(root).as_posix()
    except ValueError:
        shown = str(blocker)
    settings_file = result.files.get(SETTINGS_FILE)
    if settings_file is not None and "output" in settings.model_fields_set:
        line, col = settings_file.locate(("output",))
        return error(SETTINGS_FILE, line, col, f"output: {shown} is not a folder")
    return error(
        shown,
        0,
        0,
        f"not a folder: the documents are written here unless {SETTINGS_FILE}'s output or -o "
        "names another folder",
    )


def _stopped(report: BuildReport, problem: Diagnostic, planned: list[Path]) -> BuildReport:
    report.diagnostics.append(problem)
    report.not_written = _not_written(report, planned)
    return report


def _not_written(report: BuildReport, planned: list[Path]) -> list[Path]:
    """The files of ``planned`` the report does not hold as written, in order."""
    written = {written.path for written in report.written}
    written |= {written.pdf for written in report.written if written.pdf is not None}
    return [path for path in planned if path not in written]


def _writer(
    fmt: OutputFormat, settings: Settings, workspace: Path
) -> tuple[Writer, list[Diagnostic]]:
    """The writer, and warnings about the workspace's reference.docx it writes on."""
    options: dict[str, object] = {
        "body_font": settings.body_font,
        "heading_font": settings.heading_font,
    }
    reference = workspace / REFERENCE_DOCX
    if fmt is not OutputFormat.DOCX or not reference.is_file():
        return writer_for(fmt, **options), []
    from gdcpos.writers.docx import DocxWriter, ReferenceDocxError

    try:
        writer = writer_for(fmt, **options, reference_docx=reference)
    except ReferenceDocxError as problem:
        raise InputError([error(REFERENCE_DOCX, 0, 0, problem.reason)]) from None
    assert isinstance(writer, DocxWriter)
    return writer, [warning(REFERENCE_DOCX, 0, 0, text) for text in writer.reference_warnings]
