"""The command line: parse options, call one function, print what comes back, set the exit status.

Exit status (design §2): 0 success; 1 the input has problems; 2 wrong usage. Heavy modules are
imported inside each command so that ``gdcpos --help`` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from gdcpos.check.formats import OutputFormat
from gdcpos.diagnostics import InputError, UsageError

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
)

Workspace = Annotated[
    Path,
    typer.Option(
        "--workspace",
        "-w",
        help="The workspace folder (default: the current folder).",
        file_okay=False,
    ),
]


def _finish(code: int) -> NoReturn:
    raise typer.Exit(code)


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
    except KeyboardInterrupt:
        console.complain("interrupted; nothing was left half-written")
        code = EXIT_INTERRUPTED
    _finish(code)


@app.command()
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


@app.command()
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


@app.command("new-submission")
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
            sys.stdout.write(text)
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
        metavar="DATE",
        help="Judge deadlines as on this Jalali date, e.g. 1402-01-20 (default: today).",
    ),
]


@app.command()
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
        from gdcpos.check.report import parse_as_of, run_check

        report = run_check(workspace, as_of=parse_as_of(as_of), strict=strict)
        write_output(format_report(report, output_format))
        return EXIT_INPUT if report.failed else EXIT_OK

    _guarded(run)


@app.command()
def status(workspace: Workspace = Path(), as_of: AsOf = None) -> None:
    """Show who owns and has contributed to each duty, every submission, and each deadline."""

    def run() -> int:
        from gdcpos import console
        from gdcpos.check.report import parse_as_of
        from gdcpos.check.status import compute_status
        from gdcpos.check.status_view import render_status

        report = compute_status(workspace, as_of=parse_as_of(as_of))
        out = console.stdout()
        out.print(render_status(report, width=out.width, encoding=out.encoding), soft_wrap=False)
        return EXIT_OK

    _guarded(run)


def main() -> None:
    app()
