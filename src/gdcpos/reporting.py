"""How the build shows its progress and what it wrote (rich on a terminal, plain when piped)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

from gdcpos.build import BuildReport, Progress
from gdcpos.console import stdout


@contextlib.contextmanager
def build_progress() -> Iterator[Progress | None]:
    """A progress bar on standard error when it is a terminal; nothing when it is piped."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from gdcpos.console import stderr

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=stderr(),
        transient=True,
    ) as bar:
        task = bar.add_task("building", total=None)

        def update(document: str, done: int, total: int) -> None:
            bar.update(task, description=document or "done", completed=done, total=total)

        yield update


def print_build_report(report: BuildReport) -> None:
    """A table of the documents written: document, audience, items, marking, pages or size."""
    rows = [
        (
            written.name.value,
            written.audience.value,
            str(written.items),
            written.marking.value,
            f"{written.pages} pages" if written.pages is not None else _size(written.size),
            str(written.path) + (f" (+ {written.pdf.name})" if written.pdf else ""),
        )
        for written in report.written
    ]
    header = ("document", "audience", "items", "marking", "size", "file")
    if not sys.stdout.isatty():  # for scripts: one tab-separated line per document
        sys.stdout.write("".join("\t".join(row) + "\n" for row in rows))
        return
    from rich.table import Table

    table = Table(title="gdcpos build", title_justify="left")
    for column in header:
        table.add_column(column, justify="right" if column in ("items", "size") else "left")
    for row in rows:
        table.add_row(*row)
    stdout().print(table)


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"
