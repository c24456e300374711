"""File-system helpers shared by every stage that writes: atomic replacement above all.

A build or an intake that crashes or is interrupted must never leave a half-written file: each
file is written to a temporary sibling, flushed to disk, then renamed over the target (``rename``
is atomic on POSIX and on NTFS within one folder).

Flushing to disk (``fsync``) is what keeps a file whole across a power cut or a system crash: the
system may otherwise commit the rename before the data, leaving an empty file under the target's
name. It costs about a millisecond a file; a cache entry, which is read back only if it is whole
and otherwise made again, is written without it (:func:`write_cache_entry`).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def atomic_writer(target: Path) -> Iterator[IO[bytes]]:
    """Yield a binary file that replaces ``target`` only if the block finishes without error,
    flushed to disk first; the folder is made if need be."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with _replacing(target, durable=True) as handle:
        yield handle


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically (see :func:`atomic_writer`)."""
    with atomic_writer(target) as handle:
        handle.write(data)


def atomic_write_text(target: Path, text: str) -> None:
    atomic_write_bytes(target, text.encode("utf-8"))


def write_cache_entry(target: Path, data: bytes) -> None:
    """Write a cache entry atomically, readable by this user alone, not flushed to disk, and only
    into a folder that exists.

    An entry is used only if it is whole, and made again otherwise: it need not pay for fsync.
    Its folder is made by the cache, private to the user (`gdcpos.cachedir`); one removed while a
    command runs is not made again here, where it would not be private (`FileNotFoundError`).
    """
    with _replacing(target, durable=False, private=True) as handle:
        handle.write(data)


@contextlib.contextmanager
def _replacing(target: Path, *, durable: bool, private: bool = False) -> Iterator[IO[bytes]]:
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        # mkstemp makes the file private (0600). A cache entry stays so: it holds classified
        # text, and is a pickle another user could make run code. Any other file gets the mode
        # a plain open() would have given it.
        if not private:
            os.fchmod(fd, mode_like(target))
        with os.fdopen(fd, "wb") as handle:
            yield handle
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def mode_like(path: Path) -> int:
    """The permissions of ``path`` if it exists, else those a plain open() gives a new file
    (temporary files are made readable by their owner only, and would pass that on)."""
    try:
        return path.stat().st_mode & 0o777  # never a set-id or sticky bit
    except FileNotFoundError:
        umask = os.umask(0o022)  # the only way to read the umask is to set it
        os.umask(umask)
        return 0o666 & ~umask
