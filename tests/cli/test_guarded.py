"""The last line of defence: a file-system error nobody foresaw is a message, a bug a traceback."""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import gdcpos.scaffold
from tests.conftest import REPO, MakeWorkspace, run_gdcpos


def test_an_unforeseen_os_error_is_a_message_not_a_traceback(
    make_workspace: MakeWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_workspace()

    def failing(*args: object, **kwargs: object) -> str:
        raise PermissionError(errno.EACCES, "Permission denied", "positions/mfa.yaml")

    monkeypatch.setattr(gdcpos.scaffold, "submission_skeleton", failing)
    outcome = run_gdcpos("new-submission", "mfa", "-w", root)
    assert outcome.exception is None, outcome.exception
    assert (outcome.exit_code, outcome.stdout, outcome.stderr) == (
        1,
        "",
        "gdcpos: positions/mfa.yaml: Permission denied\n",
    )


def test_an_os_error_without_a_file_name_is_still_a_message(
    make_workspace: MakeWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_workspace()

    def failing(*args: object, **kwargs: object) -> str:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(gdcpos.scaffold, "submission_skeleton", failing)
    outcome = run_gdcpos("new-submission", "mfa", "-w", root)
    assert outcome.exception is None, outcome.exception
    assert (outcome.exit_code, outcome.stderr) == (1, "gdcpos: Input/output error\n")


def test_a_bug_still_shows_its_traceback(
    make_workspace: MakeWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_workspace()

    def buggy(*args: object, **kwargs: object) -> str:
        raise KeyError("a bug in gdcpos")

    monkeypatch.setattr(gdcpos.scaffold, "submission_skeleton", buggy)
    outcome = run_gdcpos("new-submission", "mfa", "-w", root)
    assert isinstance(outcome.exception, KeyError)


@pytest.mark.parametrize(
    "args", [["status", "--as-of", "1402-01-20"], ["build", "declared", "-o", "{out}"]]
)
def test_output_to_a_reader_that_went_away_ends_quietly(args: list[str], tmp_path: Path) -> None:
    # `gdcpos build | head -1`: once head has read its line, the rest has nowhere to go. That
    # is not an error to report (a shell pipeline would print it in the middle of its output).
    shown = [arg.format(out=tmp_path) for arg in args]
    command = [sys.executable, "-m", "gdcpos", *shown, "-w", str(REPO)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 1
    assert stderr == ""


def test_a_usage_error_quoting_a_path_shows_its_controls_as_escapes(tmp_path: Path) -> None:
    # Diagnostics escape what they quote; the CLI's own one-line complaints must as well.
    named = tmp_path / "out\nput\u202e"
    named.write_text("a file, not a folder")
    outcome = run_gdcpos("build", "-w", REPO, "-o", named)
    assert outcome.exit_code == 2
    assert outcome.stderr == f"gdcpos: -o {tmp_path}/out\\nput\\u202e: not a folder\n"


def run_narrow(*args: str, encoding: str = "ascii") -> subprocess.CompletedProcess[bytes]:
    """gdcpos in a process whose standard streams cannot encode Persian (a legacy locale)."""
    environment = {**os.environ, "PYTHONIOENCODING": encoding, "GDCPOS_CACHE_DIR": "off"}
    command = [sys.executable, "-m", "gdcpos", *args]
    return subprocess.run(command, capture_output=True, env=environment, timeout=120, check=False)


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_machine_formats_and_the_skeleton_are_utf_8_whatever_the_locale(encoding: str) -> None:
    # JSON, GitHub's workflow commands and a submission file are UTF-8 by definition: written
    # in the stream's encoding they failed with a UnicodeEncodeError traceback.
    for output_format in ("json", "github"):
        done = run_narrow("check", "-w", str(REPO), "--format", output_format, encoding=encoding)
        assert b"Traceback" not in done.stderr, done.stderr
        assert done.returncode in (0, 1)
        done.stdout.decode("utf-8")
    report = json.loads(
        run_narrow("check", "-w", str(REPO), "--format", "json", encoding=encoding).stdout
    )
    assert report["workspace"] is not None
    skeleton = run_narrow("new-submission", "mfa", "-w", str(REPO), encoding=encoding)
    assert skeleton.returncode == 0, skeleton.stderr
    assert "پیمان جهانی دیجیتال" in skeleton.stdout.decode("utf-8")


def test_human_output_escapes_what_the_locale_cannot_show(tmp_path: Path) -> None:
    current = (REPO / "positions/mfa.yaml").read_text(encoding="utf-8")
    revision = int(re.search(r"^revision: (\d+)", current, re.M)[1])  # type: ignore[index]
    incoming = tmp_path / "mfa.yaml"
    incoming.write_text(
        current.replace(f"revision: {revision}", f"revision: {revision + 1}"), encoding="utf-8"
    )
    done = run_narrow("intake", "--dry-run", "-w", str(REPO), str(incoming))
    assert b"Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    assert f"would accept {incoming} (mfa r{revision + 1}) \\u2192 positions/mfa.yaml".encode() in (
        done.stdout
    )


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1"])
def test_a_file_name_that_is_not_utf_8_is_escaped_in_json(
    make_workspace: MakeWorkspace, encoding: str
) -> None:
    root = make_workspace(positions=True)
    try:
        (root / "positions/mfa.yaml").rename(root / "positions" / os.fsdecode(b"m\xfe.yaml"))
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    done = run_narrow("check", "-w", str(root), "--format", "json", encoding=encoding)
    assert b"Traceback" not in done.stderr, done.stderr
    report = json.loads(done.stdout.decode("utf-8"))
    # The byte that is no UTF-8 comes out as the JSON escape \udcfe, as Python names such bytes.
    assert any("m\udcfe.yaml" in finding["path"] for finding in report["findings"]), report


def test_the_c_locale_without_utf_8_mode_prints_persian_as_escapes(tmp_path: Path) -> None:
    # There Python's standard output is ASCII with "surrogateescape", which fails on Persian.
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("LC_", "LANG"))
    }
    environment |= {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    environment.pop("PYTHONIOENCODING", None)
    command = [sys.executable, "-m", "gdcpos", "new-submission", "mfa", "-w", str(REPO)]
    done = subprocess.run(command, capture_output=True, env=environment, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "پیمان جهانی دیجیتال" in done.stdout.decode("utf-8")
    incoming = tmp_path / "ارسال خارجه.yaml"
    incoming.write_bytes((REPO / "positions/mfa.yaml").read_bytes())
    intake = [sys.executable, "-m", "gdcpos", "intake", "--dry-run", "-w", str(REPO), str(incoming)]
    shown = subprocess.run(intake, capture_output=True, env=environment, timeout=120, check=False)
    assert b"Traceback" not in shown.stderr, shown.stderr
    assert shown.returncode == 1  # the same bytes again: refused as re-sent
    assert b"re-sent" in shown.stdout


def test_ctrl_c_wrapped_by_python_is_still_an_interruption(
    make_workspace: MakeWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ctrl-C during a lazy import that defines a dataclass reaches gdcpos wrapped in the
    # RuntimeError Python raises for __set_name__; it ended in a traceback, exit 1.
    root = make_workspace()

    def wrapped(*args: object, **kwargs: object) -> str:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as interrupt:
            raise RuntimeError("Error calling __set_name__ on 'Field' instance") from interrupt

    monkeypatch.setattr(gdcpos.scaffold, "submission_skeleton", wrapped)
    outcome = run_gdcpos("new-submission", "mfa", "-w", root)
    assert outcome.exception is None, outcome.exception
    assert (outcome.exit_code, outcome.stderr) == (
        130,
        "gdcpos: interrupted; nothing was left half-written\n",
    )
