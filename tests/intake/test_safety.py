"""Intake under crashes and competition: the workspace is always whole, never half-written.

A real crash is a subprocess killing itself with SIGKILL half-way through writing a file (the
``GDCPOS_TEST_KILL_INTAKE_AT`` hook); a failing disk and Ctrl-C are simulated in-process by an
atomic write that fails half-way. A second intake meets the lock of the first.
"""

from __future__ import annotations

import errno
import fcntl
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pytest

import gdcpos.intake.commit
import gdcpos.intake.lock
from gdcpos.diagnostics import InputError
from gdcpos.fsutil import atomic_writer
from gdcpos.intake import KILL_AT_ENV, intake, read_log
from gdcpos.validate import validate_workspace
from tests.conftest import REPO, MakeWorkspace, run_gdcpos
from tests.intake.helpers import (
    HISTORY,
    LOCK,
    LOG,
    TEXTS,
    contribution,
    history,
    log_records,
    state,
    submission,
    write,
)


@contextmanager
def held_lock(root: Path) -> Iterator[int]:
    """Hold the intake lock as a running intake would."""
    path = root / LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield fd
    finally:
        os.close(fd)


def visible(files: dict[str, bytes]) -> dict[str, bytes]:
    """Files without the hidden temporary ones an interrupted atomic write leaves."""
    return {path: data for path, data in files.items() if not path.endswith(".tmp")}


def run_killed_at(point: str, root: Path, incoming: Path) -> None:
    env = {**os.environ, KILL_AT_ENV: point}
    completed = subprocess.run(
        [sys.executable, "-m", "gdcpos", "intake", str(incoming), "-w", str(root)],
        env=env,
        capture_output=True,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    assert completed.returncode == -signal.SIGKILL, completed.stderr.decode()


@pytest.mark.parametrize("point", ["history", "replace"])
def test_sigkill_while_writing_leaves_the_workspace_as_it_was(
    make_workspace: MakeWorkspace, tmp_path: Path, point: str
) -> None:
    r1 = submission("mfa", 1)
    root = make_workspace({"positions/mfa.yaml": r1, "positions/ict.yaml": submission("ict", 1)})
    write(tmp_path / "inbox", "first.yaml", submission("mfa", 2))
    assert run_gdcpos("intake", tmp_path / "inbox/first.yaml", "-w", root).exit_code == 0
    before, log_before = state(root), (root / LOG).read_bytes()
    current = (root / "positions/mfa.yaml").read_bytes()

    incoming = write(tmp_path / "inbox", "second.yaml", submission("mfa", 3))
    run_killed_at(point, root, incoming)

    after = state(root)
    assert any(path.endswith(".tmp") for path in after)  # the write really was cut short
    new_files = {path: data for path, data in visible(after).items() if path not in before}
    # Nothing changed or lost; at most, the file about to be replaced was already kept.
    assert {path: after[path] for path in before} == before
    assert set(new_files.values()) <= {current}
    assert (root / LOG).read_bytes() == log_before
    assert validate_workspace(root).ok

    # The OS released the lock with the process: the next intake finishes the job and tidies up.
    outcome = run_gdcpos("intake", incoming, "-w", root)
    assert outcome.exit_code == 0, outcome.stderr
    assert "removed leftover temporary file" in outcome.stdout
    assert not [path for path in state(root) if path.endswith(".tmp")]
    assert (root / "positions/mfa.yaml").read_bytes() == incoming.read_bytes()
    assert history(root) == {
        "positions/.history/mfa/mfa.r1.yaml": r1.encode(),
        "positions/.history/mfa/mfa.r2.yaml": current,
    }


class _FailingWrite:
    """An atomic writer that fails after writing half of the file, like a full disk or Ctrl-C;
    ``sparing`` files are written whole before it starts failing."""

    def __init__(self, error: BaseException, *, sparing: int = 0) -> None:
        self.error, self.spared = error, sparing

    @contextmanager
    def __call__(self, target: Path) -> Iterator[IO[bytes] | _Breaking]:
        with atomic_writer(target) as handle:
            if self.spared > 0:
                self.spared -= 1
                yield handle
            else:
                yield _Breaking(handle, self.error)


class _Breaking:
    def __init__(self, handle: IO[bytes], error: BaseException) -> None:
        self.handle, self.error, self.calls = handle, error, 0

    def fileno(self) -> int:
        return self.handle.fileno()

    def write(self, data: bytes) -> int:
        self.calls += 1
        if self.calls > 1:
            raise self.error
        return self.handle.write(data)


@pytest.mark.parametrize(
    ("error", "status", "message"),
    [
        (OSError(28, "No space left on device"), 1, "cannot write: No space left on device"),
        (KeyboardInterrupt(), 130, "interrupted; nothing was left half-written"),
    ],
)
def test_a_write_failing_half_way_changes_nothing(
    make_workspace: MakeWorkspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: BaseException,
    status: int,
    message: str,
) -> None:
    root = make_workspace({"positions/mfa.yaml": submission("mfa", 1)})
    before = state(root)
    monkeypatch.setattr(gdcpos.intake.commit, "atomic_writer", _FailingWrite(error))
    incoming = write(tmp_path, "mfa.yaml", submission("mfa", 2))
    outcome = run_gdcpos("intake", incoming, "-w", root)
    assert outcome.exit_code == status
    assert message in outcome.stderr
    assert state(root) == before  # no new file in positions/, no history copy, no temporary file
    assert log_records(root) == []


@pytest.mark.parametrize(
    ("error", "status", "stderr", "cause"),
    [
        (
            OSError(28, "No space left on device"),
            1,
            "positions/mfa.yaml: error: cannot write: No space left on device; {mfa} was not "
            "taken in and the workspace is as it was before it",
            "cannot write positions/mfa.yaml: No space left on device",
        ),
        (
            KeyboardInterrupt(),
            130,
            "gdcpos: interrupted; nothing was left half-written",
            "interrupted while writing it",
        ),
    ],
)
def test_a_run_stopped_part_way_still_reports_every_file(
    make_workspace: MakeWorkspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: BaseException,
    status: int,
    stderr: str,
    cause: str,
) -> None:
    ict_r1, mfa_r1 = submission("ict", 1), submission("mfa", 1)
    root = make_workspace({"positions/ict.yaml": ict_r1, "positions/mfa.yaml": mfa_r1})
    ict = write(tmp_path, "ict-r2.yaml", submission("ict", 2, contribution("ict-001", TEXTS[1])))
    mfa = write(tmp_path, "mfa-r2-big.yaml", submission("mfa", 2))
    prosecutor = write(tmp_path, "prosecutor-r1.yaml", submission("prosecutor", 1))
    monkeypatch.setattr(gdcpos.intake.commit, "atomic_writer", _FailingWrite(error, sparing=1))

    outcome = run_gdcpos("intake", prosecutor, mfa, ict, "-w", root)

    assert outcome.exit_code == status
    assert outcome.stderr == stderr.format(mfa=mfa) + "\n"
    assert outcome.stdout.splitlines() == [
        f"accepted {ict} (ict r2) → positions/ict.yaml, replacing revision 1 "
        "(kept as positions/.history/ict/ict.r1.yaml)",
        "  ~ ict-001 changed: text",
        f"not taken in {mfa} (mfa r2): {cause}",
        f"not taken in {prosecutor} (prosecutor r1): intake stopped before it",
        "3 files: 1 accepted, 0 refused, 2 not taken in",
    ]
    assert {path: data for path, data in state(root).items() if path.startswith("positions/")} == {
        "positions/ict.yaml": ict.read_bytes(),
        "positions/mfa.yaml": mfa_r1.encode(),
        "positions/.history/ict/ict.r1.yaml": ict_r1.encode(),
    }
    assert [(r["file"], r["result"]) for r in log_records(root)] == [(str(ict), "accepted")]


def test_ctrl_c_just_after_the_rename_reports_and_logs_the_file_as_accepted(
    make_workspace: MakeWorkspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_workspace()
    ict = write(tmp_path, "ict.yaml", submission("ict", 1))
    mfa = write(tmp_path, "mfa.yaml", submission("mfa", 1, contribution("mfa-001", TEXTS[1])))

    def interrupted(folder: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(gdcpos.intake.commit, "_sync_folder", interrupted)
    outcome = run_gdcpos("intake", ict, mfa, "-w", root)

    assert outcome.exit_code == 130
    assert outcome.stdout.splitlines() == [
        f"accepted {ict} (ict r1) → positions/ict.yaml, the agency's first submission",
        "  + ict-001 added",
        f"not taken in {mfa} (mfa r1): intake stopped before it",
        "2 files: 1 accepted, 0 refused, 1 not taken in",
    ]
    assert (root / "positions/ict.yaml").read_bytes() == ict.read_bytes()
    assert [(r["file"], r["result"]) for r in log_records(root)] == [(str(ict), "accepted")]


def test_a_log_line_that_cannot_be_written_stops_the_run_with_every_file_reported(
    make_workspace: MakeWorkspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_workspace()
    ict = write(tmp_path, "ict.yaml", submission("ict", 1))
    mfa = write(tmp_path, "mfa.yaml", submission("mfa", 1, contribution("mfa-001", TEXTS[1])))

    def full_disk(root: Path, record: dict[str, object]) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(gdcpos.intake.commit, "append_record", full_disk)
    outcome = run_gdcpos("intake", ict, mfa, "-w", root)

    assert outcome.exception is None, outcome.exception
    assert outcome.exit_code == 1
    assert outcome.stderr == (
        "positions/.history/intake-log.jsonl: error: cannot write: No space left on device; "
        f"{ict} was accepted but its decision is not in the log\n"
    )
    assert outcome.stdout.splitlines() == [
        f"accepted {ict} (ict r1) → positions/ict.yaml, the agency's first submission",
        "  + ict-001 added",
        f"not taken in {mfa} (mfa r1): intake stopped before it",
        "2 files: 1 accepted, 0 refused, 1 not taken in",
    ]
    assert (root / "positions/ict.yaml").read_bytes() == ict.read_bytes()
    assert not (root / "positions/mfa.yaml").exists()


def test_a_second_intake_waits_then_fails_clearly(
    make_workspace: MakeWorkspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_workspace()
    incoming = write(tmp_path, "mfa.yaml", submission("mfa", 1))
    monkeypatch.setattr(gdcpos.intake.lock, "LOCK_TIMEOUT_SECONDS", 0.2)
    with held_lock(root):
        before = state(root)
        for extra in ([], ["--dry-run"]):
            outcome = run_gdcpos("intake", incoming, "-w", root, *extra)
            assert outcome.exit_code == 1
            assert (
                "positions/.history/intake.lock: error: another intake is running on this "
                "workspace (waited 0.2 s)" in outcome.stderr
            )
        assert state(root) == before
        assert log_records(root) == []


def test_a_second_intake_goes_ahead_once_the_first_is_done(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    root = make_workspace()
    incoming = write(tmp_path, "mfa.yaml", submission("mfa", 1))
    with held_lock(root) as fd:
        threading.Timer(0.3, fcntl.flock, (fd, fcntl.LOCK_UN)).start()
        report = intake([incoming], root, lock_timeout=10)
    assert report.ok


def test_the_lock_times_out_in_the_library_too(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    root = make_workspace()
    incoming = write(tmp_path, "mfa.yaml", submission("mfa", 1, contribution("mfa-001", TEXTS[1])))
    with held_lock(root), pytest.raises(InputError, match="another intake is running"):
        intake([incoming], root, lock_timeout=0.1)


@pytest.mark.parametrize("history_exists", [False, True], ids=["no-history", "history"])
def test_a_read_only_workspace_is_named_not_a_traceback(
    make_workspace: MakeWorkspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    history_exists: bool,
) -> None:
    root = make_workspace({"positions/mfa.yaml": submission("mfa", 1)})
    if history_exists:
        (root / HISTORY).mkdir()
    before = state(root)
    incoming = write(tmp_path / "inbox", "mfa.yaml", submission("mfa", 2))
    real_mkdir, real_open = os.mkdir, os.open

    def read_only(path: object) -> OSError:
        return OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    def mkdir(path: str, *args: object, **kwargs: object) -> None:
        if str(path).startswith(str(root)):
            raise read_only(path)
        real_mkdir(path, *args, **kwargs)  # type: ignore[arg-type]

    def open_(path: str, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).startswith(str(root)) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise read_only(path)
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "mkdir", mkdir)
    monkeypatch.setattr(os, "open", open_)
    outcome = run_gdcpos("intake", incoming, "-w", root)
    monkeypatch.undo()
    assert outcome.exception is None, outcome.exception
    assert (outcome.exit_code, outcome.stderr) == (
        1,
        f"{LOCK}: error: cannot write: Read-only file system\n",
    )
    assert state(root) == before


def test_a_log_line_torn_by_a_full_disk_is_undone_so_the_next_record_is_whole(
    make_workspace: MakeWorkspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_workspace()
    ict = write(tmp_path, "ict.yaml", submission("ict", 1))
    assert run_gdcpos("intake", ict, "-w", root).exit_code == 0
    logged = (root / LOG).read_bytes()
    real_write = os.write

    def half_then_full(fd: int, data: bytes) -> int:
        if not os.path.samestat(os.fstat(fd), (root / LOG).stat()):
            return real_write(fd, data)
        real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", half_then_full)
    mfa = write(tmp_path, "mfa.yaml", submission("mfa", 1, contribution("mfa-001", TEXTS[1])))
    outcome = run_gdcpos("intake", mfa, "-w", root)
    monkeypatch.undo()
    assert outcome.exit_code == 1
    assert "intake-log.jsonl: error: cannot write: No space left on device" in outcome.stderr
    assert (root / LOG).read_bytes() == logged

    prosecutor = write(tmp_path, "prosecutor.yaml", submission("prosecutor", 1))
    assert run_gdcpos("intake", prosecutor, "-w", root).exit_code == 0
    assert [r["file"] for r in read_log(root)] == [str(ict), str(prosecutor)]


def test_a_line_torn_by_a_power_cut_does_not_take_the_next_record_with_it(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    # A power cut or a kill mid-write leaves a last line without its end (cut inside a Persian
    # letter, even); the next record must start a line of its own, and the log stay readable.
    root = make_workspace()
    ict = write(tmp_path, "ict.yaml", submission("ict", 1))
    assert run_gdcpos("intake", ict, "-w", root).exit_code == 0
    with (root / LOG).open("ab") as log:
        log.write('{"file": "ارسال'.encode()[:-1])
    mfa = write(tmp_path, "mfa.yaml", submission("mfa", 1, contribution("mfa-001", TEXTS[1])))
    assert run_gdcpos("intake", mfa, "-w", root).exit_code == 0
    assert [r["file"] for r in read_log(root)] == [str(ict), str(mfa)]
