"""Atomic writes: flushed to disk, except cache entries, which never make their folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gdcpos import fsutil


@pytest.fixture
def fsyncs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = os.fsync

    def counting(fd: int) -> None:
        calls.append(fd)
        real(fd)

    monkeypatch.setattr(fsutil.os, "fsync", counting)
    return calls


def test_a_write_is_flushed_to_disk_by_default(tmp_path: Path, fsyncs: list[int]) -> None:
    target = tmp_path / "sub" / "file.txt"
    fsutil.atomic_write_text(target, "متن")
    assert target.read_text(encoding="utf-8") == "متن"
    assert len(fsyncs) == 1


def test_a_cache_entry_is_not_flushed(tmp_path: Path, fsyncs: list[int]) -> None:
    target = tmp_path / "entry.pickle"
    target.write_bytes(b"old")
    fsutil.write_cache_entry(target, b"new")
    assert target.read_bytes() == b"new"
    assert fsyncs == []
    assert [path.name for path in tmp_path.iterdir()] == ["entry.pickle"]  # no temporary left


def test_a_cache_entry_never_makes_its_folder_again(tmp_path: Path) -> None:
    """A cache folder removed while a command runs is not made again, not private."""
    removed = tmp_path / "models-0123456789abcdef"
    with pytest.raises(FileNotFoundError):
        fsutil.write_cache_entry(removed / "entry.pickle", b"model")
    assert not removed.exists()
