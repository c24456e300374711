"""Atomic writes: durable (flushed to disk) unless a cache entry asks otherwise."""

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


def test_a_write_that_need_not_be_durable_is_not_flushed(tmp_path: Path, fsyncs: list[int]) -> None:
    target = tmp_path / "entry.pickle"
    target.write_bytes(b"old")
    fsutil.atomic_write_bytes(target, b"new", durable=False)
    assert target.read_bytes() == b"new"
    assert fsyncs == []
    assert [path.name for path in tmp_path.iterdir()] == ["entry.pickle"]  # no temporary left
