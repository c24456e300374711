"""Reading a workspace file: only a regular file, and never more than the size limit."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from gdcpos.diagnostics import Diagnostic
from gdcpos.load import files
from gdcpos.load.files import read_limited


def test_a_regular_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "mfa.yaml"
    path.write_bytes(b"agency: mfa\n")
    assert read_limited(path, "positions/mfa.yaml") == b"agency: mfa\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "mfa.yaml"
    os.mkfifo(path)
    found: list[object] = []
    reader = threading.Thread(
        target=lambda: found.append(read_limited(path, "positions/mfa.yaml")), daemon=True
    )
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "reading a named pipe waited for a writer"
    (problem,) = found
    assert isinstance(problem, Diagnostic)
    assert str(problem) == "positions/mfa.yaml: error: cannot read: not a regular file"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_device_behind_a_link_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "mfa.yaml"
    path.symlink_to("/dev/zero")
    problem = read_limited(path, "positions/mfa.yaml")
    assert isinstance(problem, Diagnostic) and "not a regular file" in problem.message


def test_a_file_over_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "mfa.yaml"
    path.write_bytes(b"#" * 101)
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 100)
    problem = read_limited(path, "positions/mfa.yaml")
    assert isinstance(problem, Diagnostic) and problem.rule == "oversize"
