"""The model cache: unchanged files are not parsed again; anything else is."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

from gdcpos.load import LoadedFile, load_yaml_file
from gdcpos.load import files as load_files
from gdcpos.models import Submission
from gdcpos.validate import validate_workspace
from gdcpos.validate.cache import ModelCache
from tests.conftest import MakeWorkspace


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("GDCPOS_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files parsed, in order (by wrapping the one function that parses)."""
    seen: list[str] = []
    original = load_files.parse_bytes

    def counting(raw: bytes, relpath: str, **known: str | None) -> load_files.LoadedFile:
        seen.append(relpath)
        return original(raw, relpath, **known)

    monkeypatch.setattr(load_files, "parse_bytes", counting)
    return seen


def test_unchanged_files_are_not_parsed_again(
    make_workspace: MakeWorkspace, cache_dir: Path, parsed: list[str]
) -> None:
    root = make_workspace(positions=True)
    first = validate_workspace(root)
    assert first.ok and len(parsed) == 15
    parsed.clear()
    second = validate_workspace(root)
    assert second.ok and parsed == []
    assert second.workspace == first.workspace


def test_a_changed_file_is_validated_again(
    make_workspace: MakeWorkspace, cache_dir: Path, parsed: list[str]
) -> None:
    root = make_workspace(positions=True)
    assert validate_workspace(root).ok
    mfa = root / "positions/mfa.yaml"
    mfa.write_text(mfa.read_text(encoding="utf-8").replace("revision: 2", "revision: two"))
    parsed.clear()
    result = validate_workspace(root)
    assert parsed == ["positions/mfa.yaml"]
    assert not result.ok
    assert "positions/mfa.yaml:" in str(result.diagnostics[0])


def test_a_cached_file_is_parsed_when_a_location_is_needed(
    make_workspace: MakeWorkspace, cache_dir: Path
) -> None:
    root = make_workspace(positions=True)
    validate_workspace(root)
    again = validate_workspace(root)
    line = (
        (root / "positions/mfa.yaml")
        .read_text(encoding="utf-8")
        .splitlines()
        .index("  - id: mfa-001")
    )
    assert again.files["positions/mfa.yaml"].locate(("contributions", 0, "id")) == (line + 1, 9)


def test_a_damaged_entry_is_a_miss(make_workspace: MakeWorkspace, cache_dir: Path) -> None:
    root = make_workspace(positions=True)
    validate_workspace(root)
    entries = list(cache_dir.rglob("*.pickle"))
    assert len(entries) == 15
    for entry in entries:
        entry.write_bytes(b"not a pickle")
    assert validate_workspace(root).ok


def test_entries_are_not_flushed_to_disk(
    make_workspace: MakeWorkspace, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache entry cut short by a crash is a miss (see above): it need not pay for fsync."""
    from gdcpos import fsutil

    fsyncs: list[int] = []
    monkeypatch.setattr(fsutil.os, "fsync", fsyncs.append)
    validate_workspace(make_workspace(positions=True))
    assert len(list(cache_dir.rglob("*.pickle"))) == 15
    assert fsyncs == []


def test_invalid_files_are_not_cached(make_workspace: MakeWorkspace, cache_dir: Path) -> None:
    root = make_workspace({"positions/mfa.yaml": "agency: mfa\n"})
    validate_workspace(root)
    assert not any(entry.name.startswith("Submission-") for entry in cache_dir.rglob("*"))


def test_a_folder_others_can_write_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    monkeypatch.setenv("GDCPOS_CACHE_DIR", str(folder))
    assert ModelCache.from_environment().folder is None
    private = tmp_path / "private"
    monkeypatch.setenv("GDCPOS_CACHE_DIR", str(private))
    chosen = ModelCache.from_environment().folder
    assert chosen is not None and chosen.parent == private
    assert not private.stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def test_off_turns_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GDCPOS_CACHE_DIR", "off")
    cache = ModelCache.from_environment()
    assert cache.folder is None
    assert cache.get(Submission, "abc") is None


def test_parallel_prewarm_gives_the_same_workspace(
    make_workspace: MakeWorkspace, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gdcpos.validate import parallel

    root = make_workspace(
        {"positions/ict.yaml": "agency: ict\nrevision: x\n"},  # one invalid file among them
        positions=True,
    )
    (root / "positions/ict.yaml").write_text("agency: ict\nrevision: x\n", encoding="utf-8")
    monkeypatch.setenv("GDCPOS_CACHE_DIR", "off")
    sequential = validate_workspace(root)
    monkeypatch.setattr(parallel, "PARALLEL_FROM_BYTES", 0)
    monkeypatch.setenv("GDCPOS_CACHE_DIR", str(cache_dir))
    in_parallel = validate_workspace(root)
    assert [str(d) for d in in_parallel.diagnostics] == [str(d) for d in sequential.diagnostics]
    assert "positions/ict.yaml:2:11: error:" in str(in_parallel.diagnostics[0])
    cached = {entry.name.split("-")[0] for entry in cache_dir.rglob("*.pickle")}
    assert cached == {"Submission", "AgenciesFile", "DutiesFile", "AxesFile"}
    (root / "positions/ict.yaml").unlink()
    assert validate_workspace(root).ok


def test_without_a_cache_folder_nothing_is_written_to_disk(
    make_workspace: MakeWorkspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Caching off keeps a workspace's (possibly classified) texts off disk: no worker stores a
    model anywhere, even for a workspace large enough to be validated on every core."""
    import tempfile

    from gdcpos.validate import parallel

    root = make_workspace(positions=True)
    monkeypatch.setenv("GDCPOS_CACHE_DIR", "off")
    monkeypatch.setattr(parallel, "PARALLEL_FROM_BYTES", 0)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))

    def no_workers() -> None:
        pytest.fail("workers started with caching off: they would write the models somewhere")

    monkeypatch.setattr(parallel, "workers", no_workers)
    assert validate_workspace(root).ok
    assert list(temporary.iterdir()) == []


def test_a_file_a_worker_fails_on_costs_only_that_file(
    make_workspace: MakeWorkspace, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gdcpos.validate import parallel

    root = make_workspace(positions=True)
    monkeypatch.setattr(parallel, "PARALLEL_FROM_BYTES", 0)
    files = _submissions_read(root)
    failing = max(files, key=lambda f: f.size)  # sent first: its failure comes early
    monkeypatch.setattr(parallel, "load_yaml_file", _raising_for(failing.relpath))
    cache = ModelCache.from_environment()
    parallel.prewarm(cache, root, [(Submission, f) for f in files])
    assert cache.get(Submission, failing.sha256) is None
    assert all(cache.get(Submission, f.sha256) is not None for f in files if f is not failing)


def _submissions_read(root: Path) -> list[LoadedFile]:
    """The workspace's submissions, read (not parsed) as validation reads them."""
    return [
        load_yaml_file(path, f"positions/{path.name}", lazy=True)
        for path in sorted((root / "positions").glob("*.yaml"))
    ]


def _raising_for(relpath: str) -> Any:
    def loading(path: Path, name: str, *, lazy: bool = False) -> Any:
        if name == relpath:
            raise RuntimeError("a worker's failure")
        return load_yaml_file(path, name, lazy=lazy)

    return loading


def test_prewarm_fills_the_cache_from_worker_processes(
    make_workspace: MakeWorkspace, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gdcpos.validate import parallel

    root = make_workspace(positions=True)
    monkeypatch.setattr(parallel, "PARALLEL_FROM_BYTES", 0)
    files = _submissions_read(root)
    cache = ModelCache.from_environment()
    parallel.prewarm(cache, root, [(Submission, f) for f in files])
    assert all(f.size > 0 for f in files)  # parsed in the workers, never in this process
    in_memory = [cache.get(Submission, f.sha256) for f in files]
    assert all(isinstance(model, Submission) for model in in_memory)
    in_folder = ModelCache(cache.folder)  # a later run's cache, with nothing in memory
    assert [in_folder.get(Submission, f.sha256) for f in files] == in_memory


def test_a_file_changed_before_its_worker_read_it_is_left_to_the_usual_pass(
    make_workspace: MakeWorkspace, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gdcpos.validate import parallel

    root = make_workspace(positions=True)
    monkeypatch.setattr(parallel, "PARALLEL_FROM_BYTES", 0)
    files = _submissions_read(root)
    changed = root / files[0].relpath
    changed.write_text(changed.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    cache = ModelCache.from_environment()
    parallel.prewarm(cache, root, [(Submission, f) for f in files])
    assert cache.get(Submission, files[0].sha256) is None  # what was read here was not validated
    assert all(cache.get(Submission, f.sha256) is not None for f in files[1:])


def test_entries_are_private_whatever_the_umask(
    make_workspace: MakeWorkspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # They hold every submission, secret items included, and are pickles: read or replaced by
    # another user, they leak classified text or run that user's code.
    monkeypatch.setenv("GDCPOS_CACHE_DIR", str(tmp_path / "cache"))
    root = make_workspace(positions=True)
    old = os.umask(0)
    try:
        validate_workspace(root)
    finally:
        os.umask(old)
    entries = [path for path in (tmp_path / "cache").rglob("*") if path.is_file()]
    assert entries
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in entries), entries


def test_a_kind_folder_others_can_read_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    private = tmp_path / "cache"
    monkeypatch.setenv("GDCPOS_CACHE_DIR", str(private))
    chosen = ModelCache.from_environment().folder
    assert chosen is not None
    chosen.chmod(0o755)  # made, or left, readable by others
    assert ModelCache.from_environment().folder is None


def test_a_relative_xdg_cache_home_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As the XDG specification says: taken as it is, it put the cache (every submission,
    # pickled) in the folder a command ran in, a workspace even.
    from gdcpos.cachedir import cache_root

    monkeypatch.delenv("GDCPOS_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", ".cache")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    assert cache_root() == tmp_path / "home" / ".cache" / "gdcpos"
    assert not (tmp_path / ".cache").exists()
