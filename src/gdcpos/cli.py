"""The command line: parse options, call one function, print what comes back, set the exit status.

Exit status (design §2): 0 success; 1 the input has problems; 2 wrong usage. Heavy modules are
imported inside each command so that ``gdcpos --help`` stays fast.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer

from gdcpos.check.formats import OutputFormat
from gdcpos.diagnostics import InputError, UsageError, os_reason

if TYPE_CHECKING:
    from gdcpos.build import BuildReport
    from gdcpos.persian import JalaliDate

Choice = TypeVar("Choice", bound=enum.Enum)

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

app = typer.Typer(
    name="gdcpos",
    help="Assemble Iran's position on the UN Global Digital Compact into Persian Word documents.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

Workspace = Annotated[
    Path,
    typer.Option(
        "--workspace",
        "-w",
        help="The workspace folder (default: the current folder).",
        exists=True,
        file_okay=False,
    ),
]


def _guarded(action: Callable[[], int]) -> NoReturn:
    """Run a command, mapping known failures to a message and an exit status, never a traceback."""
    from gdcpos import console

    try:
        code = action()
    except InputError as exc:
        console.print_diagnostics(exc.diagnostics)
        code = EXIT_INPUT
    except UsageError as exc:
        console.complain(str(exc))
        code = EXIT_USAGE
    except (KeyboardInterrupt, RuntimeError) as exc:
        # Python wraps an exception raised while a class is defined (a dataclass field's
        # __set_name__, during a lazy import) in a RuntimeError: Ctrl-C can arrive there too.
        if isinstance(exc, RuntimeError) and not isinstance(exc.__cause__, KeyboardInterrupt):
            raise
        console.complain("interrupted; nothing was left half-written")
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of standard output went away (`gdcpos build | head -1`): nothing to say,
        # and standard output goes nowhere so that flushing it at exit fails no more (as Rich
        # does, and the Python documentation advises: exit status 1).
        _discard_stdout()
        code = EXIT_INPUT
    except OSError as exc:
        # The last line of defence, for what no command foresaw (those that can say more about
        # a failing file do, as a located error): the system's reason, not a traceback. A bug
        # in gdcpos is no OSError, and still shows its traceback.
        reason = os_reason(exc)
        console.complain(f"{exc.filename}: {reason}" if exc.filename is not None else reason)
        code = EXIT_INPUT
    raise typer.Exit(code)


def _discard_stdout() -> None:
    import contextlib
    import os

    with contextlib.suppress(OSError, ValueError):  # a stream without a descriptor: let it be
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


@app.command(short_help="Check the workspace's files, each problem located.")
def validate(workspace: Workspace = Path()) -> None:
    """Check that every file of the workspace is well-formed and consistent."""

    def run() -> int:
        from gdcpos import console
        from gdcpos.validate import validate_workspace

        result = validate_workspace(workspace)
        console.print_diagnostics(result.diagnostics)
        if not result.ok:
            console.complain(f"{console.summary(result.diagnostics)}; the workspace is not valid")
            return EXIT_INPUT
        assert result.workspace is not None
        count = sum(1 for _ in result.workspace.contributions())
        console.say(
            f"valid: {len(result.workspace.submissions)} submissions, {count} contributions"
        )
        return EXIT_OK

    _guarded(run)


@app.command(short_help="Create a new workspace.")
def init(
    directory: Annotated[Path, typer.Argument(help="Folder for the new workspace.")],
) -> None:
    """Create a new workspace holding the resolution's data and an empty positions/ folder."""

    def run() -> int:
        from gdcpos import console
        from gdcpos.scaffold import init_workspace

        created = init_workspace(directory)
        console.say(f"created workspace {directory} ({len(created)} files)")
        return EXIT_OK

    _guarded(run)


@app.command("new-submission", short_help="Write a submission skeleton for an agency.")
def new_submission(
    agency: Annotated[str, typer.Argument(help="The agency's id, e.g. mfa.")],
    workspace: Workspace = Path(),
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write here instead of standard output.", dir_okay=False
        ),
    ] = None,
) -> None:
    """Write a submission skeleton for AGENCY to fill in, with comments explaining each field."""

    def run() -> int:
        from gdcpos import console
        from gdcpos.fsutil import atomic_write_text
        from gdcpos.scaffold import submission_skeleton

        text = submission_skeleton(workspace, agency)
        if output is None:
            console.write_utf8(sys.stdout, text)
        else:
            if output.exists():
                raise UsageError(f"{output} exists; choose another name or remove it first")
            atomic_write_text(output, text)
            console.say(f"wrote {output}")
        return EXIT_OK

    _guarded(run)


AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="<date>",
        help="Judge deadlines as on this Jalali date, e.g. 1402-01-20 (default: today).",
    ),
]


@app.command(short_help="Check every duty has an owner and a contribution (CI).")
def check(
    workspace: Workspace = Path(),
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            help="text (a table on a terminal, plain lines when piped), json, or github "
            "(workflow commands that annotate a pull request).",
        ),
    ] = OutputFormat.TEXT,
    as_of: AsOf = None,
) -> None:
    """Validate, then check that every duty, member, axis and deadline is covered (for CI)."""

    def run() -> int:
        from gdcpos.check.formats import format_report, write_output
        from gdcpos.check.report import run_check

        report = run_check(workspace, as_of=_as_of_date(as_of), strict=strict)
        write_output(format_report(report, output_format))
        return EXIT_INPUT if report.failed else EXIT_OK

    _guarded(run)


@app.command(short_help="Show duties, submissions and deadlines.")
def status(workspace: Workspace = Path(), as_of: AsOf = None) -> None:
    """Show who owns and has contributed to each duty, every submission, and each deadline."""

    def run() -> int:
        from gdcpos import console
        from gdcpos.check.status import compute_status
        from gdcpos.check.status_view import render_status

        report = compute_status(workspace, as_of=_as_of_date(as_of))
        out = console.stdout()
        out.print(render_status(report, width=out.width, encoding=out.encoding), soft_wrap=False)
        return EXIT_OK

    _guarded(run)


@app.command(short_help="Take in agency submissions.")
def intake(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE", help="Submission files as received; any names, identified by agency."
        ),
    ],
    workspace: Workspace = Path(),
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Decide and report, but write nothing at all.")
    ] = False,
) -> None:
    """Take in agency submissions: newer revisions land (the old are kept), the rest is refused.

    Files are identified by their agency, not their names. Exit status 1 if any was refused.
    """

    def run() -> int:
        from gdcpos.intake import IntakeInterrupted, IntakeStopped, print_report
        from gdcpos.intake import intake as take_in

        try:
            report = take_in(files, workspace, dry_run=dry_run)
        except (IntakeStopped, IntakeInterrupted) as stopped:
            print_report(stopped.report)
            raise  # _guarded says why it stopped and sets the exit status
        print_report(report)
        return EXIT_OK if report.ok else EXIT_INPUT

    _guarded(run)


@app.command(short_help="Build the commission's Word documents.")
def build(
    documents: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="DOC",
            help="Documents to build: framework, division-of-labour, decision-2, annexes, "
            "declared (default: all; with --audience public, declared).",
        ),
    ] = None,
    workspace: Workspace = Path(),
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Output folder (default: build/ in the workspace)."),
    ] = None,
    audience: Annotated[
        str | None,
        typer.Option(
            metavar="<commission|public>",
            help="commission (up to confidential) or public (public items only).",
        ),
    ] = None,
    include_secret: Annotated[
        bool, typer.Option("--include-secret", help="Also include secret items (commission).")
    ] = False,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="<docx|html>",
            help="docx (Word) or html (a preview for a browser).",
        ),
    ] = "docx",
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also convert to PDF with LibreOffice.")
    ] = False,
    as_of: AsOf = None,
) -> None:
    """Build the commission's documents from the workspace (Persian Word files)."""

    def run() -> int:
        from gdcpos.assemble.documents import DocumentName
        from gdcpos.build import BuildInterrupted, BuildRequest
        from gdcpos.build import build as build_documents
        from gdcpos.models import Audience
        from gdcpos.reporting import build_progress
        from gdcpos.writers import OutputFormat as WriterFormat

        request = BuildRequest(
            workspace=workspace,
            documents=tuple(
                _member(DocumentName, name, "document") for name in dict.fromkeys(documents or [])
            ),
            output=output,
            audience=None if audience is None else _member(Audience, audience, "audience"),
            include_secret=include_secret,
            fmt=_member(WriterFormat, output_format, "format"),
            pdf=pdf,
            as_of=_as_of_date(as_of),
        )
        try:
            with build_progress() as progress:
                report = build_documents(request, progress)
        except BuildInterrupted as interrupted:
            _report_build(interrupted.report)
            raise  # _guarded says it was interrupted and sets the exit status
        return EXIT_INPUT if _report_build(report) else EXIT_OK

    _guarded(run)


def _report_build(report: BuildReport) -> bool:
    """Print what a build found and wrote; whether it stopped before writing everything."""
    from gdcpos import console
    from gdcpos.reporting import print_build_report

    console.print_diagnostics(report.diagnostics)
    print_build_report(report)
    if not report.not_written:
        return False
    not_written = ", ".join(str(path) for path in report.not_written)
    console.complain(f"the build stopped; not written: {not_written}")
    return True


def _as_of_date(value: str | None) -> JalaliDate:
    """The date named by ``--as-of`` (any spelling ``JalaliDate.parse`` reads), or today.

    A date that cannot be read is a usage error (exit status 2), not a problem of the workspace.
    """
    from gdcpos.persian import JalaliDate

    if value is None:
        return JalaliDate.today()
    try:
        return JalaliDate.parse(value)
    except ValueError as exc:
        raise UsageError(f"--as-of: {exc}") from None


def _member(choices: type[Choice], value: str, what: str) -> Choice:
    """The enum member named ``value``, or a usage error listing the choices (exit status 2).

    Choices are checked here rather than by Typer so that the enums' modules (and pydantic,
    jinja2 …) are imported only when a command runs, keeping ``gdcpos --help`` fast.
    """
    try:
        return choices(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in choices)
        raise UsageError(f"unknown {what} '{value}'; choose from {allowed}") from None


templates_app = typer.Typer(
    help="Work with the document templates.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
app.add_typer(templates_app, name="templates")


@templates_app.command("export", short_help="Copy the templates to customise them.")
def templates_export(
    directory: Annotated[Path, typer.Argument(help="Folder to copy the templates into.")],
) -> None:
    """Copy the packaged templates and reference.docx into DIRECTORY for you to customise."""

    def run() -> int:
        from gdcpos import console
        from gdcpos.scaffold import export_templates

        written = export_templates(directory)
        console.say(f"wrote {len(written)} files to {directory}; put the ones you change in")
        console.say("the workspace's templates/ folder (see docs/templates.md)")
        return EXIT_OK

    _guarded(run)


def main() -> None:
    from gdcpos import console

    console.escape_what_cannot_be_encoded()
    app()
