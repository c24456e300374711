"""PDF copies of written Word documents, made by LibreOffice with their table of contents filled.

A .docx leaves its table of contents to Word, which fills it when the file is opened. A PDF is
never opened in Word, and LibreOffice's plain ``--convert-to pdf`` exports the document as it
was loaded: the contents page would show only the note asking Word to fill it. So the conversion
runs a short LibreOffice Basic routine (there is no command-line option for it): load the
document, update its indexes, export the PDF. Where LibreOffice runs no Basic, or the routine
fails, the plain conversion is used; then the PDF is made, with the note on its contents page.

Each conversion has a private LibreOffice profile, made for it, so that neither a running
LibreOffice nor the user's settings interfere. LibreOffice fills a new profile on its first
start, replacing any Basic library put there before: the profile is started once, then given the
routine.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from gdcpos.diagnostics import os_reason

TIMEOUT_SECONDS = 300
"""Longest one LibreOffice run may take (a large document takes a minute). A conversion makes up
to three runs: the profile's first start, the routine, and the plain conversion if need be."""

# The document and the PDF are named by file URLs in the environment: ASCII whatever the paths
# hold (Basic reads the environment in the system's encoding), and no quoting in the macro URL.
_SOURCE, _TARGET = "GDCPOS_PDF_SOURCE", "GDCPOS_PDF_TARGET"
# On any error the routine stops without writing; the plain conversion then says what is wrong.
_ROUTINE = f"""\
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" \
script:language="StarBasic">
Sub ExportPdf
  On Error GoTo Failed
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = &quot;Hidden&quot;
  load(0).Value = True
  source = Environ(&quot;{_SOURCE}&quot;)
  document = StarDesktop.loadComponentFromURL(source, &quot;_blank&quot;, 0, load())
  indexes = document.getDocumentIndexes()
  For i = 0 To indexes.getCount() - 1
    indexes.getByIndex(i).update()
  Next
  Dim store(0) As New com.sun.star.beans.PropertyValue
  store(0).Name = &quot;FilterName&quot;
  store(0).Value = &quot;writer_pdf_Export&quot;
  document.storeToURL(Environ(&quot;{_TARGET}&quot;), store())
  document.close(True)
Failed:
End Sub
</script:module>
"""
_ROUTINE_FILE = Path("user", "basic", "Standard", "Module1.xba")
_ROUTINE_URL = "macro:///Standard.Module1.ExportPdf"


class PdfConversionError(Exception):
    """LibreOffice did not make the PDF; the message says why."""


def find_libreoffice() -> str | None:
    """The LibreOffice executable on the PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_of(docx: Path) -> Path:
    """Where the PDF of ``docx`` is written: beside it, with its name."""
    return docx.with_suffix(".pdf")


def convert_to_pdf(soffice: str, docx: Path) -> Path:
    """Write the PDF of ``docx`` beside it (see the module's docstring) and return its path.

    LibreOffice writes in a private folder; the PDF is then moved into place atomically, so an
    interrupted conversion leaves no half-written file. Raises :class:`PdfConversionError` when
    LibreOffice fails, or finishes without a PDF (it does that, with status 0, for a file it
    cannot load).
    """
    target = pdf_of(docx)
    with tempfile.TemporaryDirectory(prefix="gdcpos-pdf-") as scratch:
        profile = Path(scratch) / "profile"
        produced = Path(scratch) / target.name
        office = (soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}")
        _run([*office, "--terminate_after_init"])
        routine = profile / _ROUTINE_FILE
        if routine.is_file():  # the profile has its Basic library: the routine replaces its module
            routine.write_text(_ROUTINE, encoding="utf-8")
            urls = {_SOURCE: docx.resolve().as_uri(), _TARGET: produced.as_uri()}
            _run([*office, _ROUTINE_URL], environment=urls)
        if not produced.is_file():
            completed = _run([*office, "--convert-to", "pdf", "--outdir", scratch, str(docx)])
            why = _why_no_pdf(completed, produced)
            if why is not None:
                raise PdfConversionError(why)
        staged = target.with_name(f".{target.name}.tmp")
        try:
            shutil.move(produced, staged)
            staged.replace(target)
        except BaseException:
            staged.unlink(missing_ok=True)
            raise
    return target


def count_pages(pdf: Path) -> int:
    """Pages of a PDF LibreOffice wrote (its page objects are uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))


def _run(
    command: Sequence[str], environment: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, **environment} if environment else None
    try:
        return subprocess.run(
            command, check=False, capture_output=True, timeout=TIMEOUT_SECONDS, env=env
        )
    except subprocess.TimeoutExpired:
        raise PdfConversionError(f"LibreOffice did not finish in {TIMEOUT_SECONDS} s") from None
    except OSError as problem:
        raise PdfConversionError(
            f"LibreOffice could not be started: {os_reason(problem)}"
        ) from None


def _why_no_pdf(completed: subprocess.CompletedProcess[bytes], produced: Path) -> str | None:
    """Why LibreOffice made no PDF, with the last line it printed (its reason, if it gave one);
    None when it made one."""
    if completed.returncode < 0:
        why = f"LibreOffice was stopped by signal {-completed.returncode}"
    elif completed.returncode > 0:
        why = f"LibreOffice exited with status {completed.returncode}"
    elif not produced.is_file():
        why = "LibreOffice finished without writing it"
    else:
        return None
    said = _last_line(completed.stderr) or _last_line(completed.stdout)
    return f"{why}: {said}" if said else why


def _last_line(output: bytes) -> str:
    lines = output.decode("utf-8", errors="replace").strip().splitlines()
    return lines[-1].strip() if lines else ""
