"""Validated models kept by the SHA-256 of their file's bytes, so unchanged files are not re-read.

A workspace's files are independent, and most of them do not change between two builds; parsing
and validating a 10,000-contribution workspace costs about a second, loading the cached models a
tenth of that. An entry is used only for the same bytes *and* the same code: the key includes a
fingerprint of the modules that decide what a model holds (the models and Persian
normalisation), and of the Python and Pydantic versions.

The cache lives in the user's own cache folder (``$XDG_CACHE_HOME/gdcpos`` or ``~/.cache/gdcpos``,
created private), never in the workspace, because entries are pickles and a workspace may be
shared. ``GDCPOS_CACHE_DIR`` chooses another folder; ``GDCPOS_CACHE_DIR=off`` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TypeVar

import pydantic

from gdcpos import __version__
from gdcpos.fsutil import atomic_write_bytes

M = TypeVar("M")

_FINGERPRINTED_PACKAGES = ("gdcpos.models", "gdcpos.persian")


@cache
def code_fingerprint() -> str:
    """A hash of everything that decides what a validated model holds."""
    digest = hashlib.sha256(f"{__version__}|{sys.version}|{pydantic.VERSION}".encode())
    for package in _FINGERPRINTED_PACKAGES:
        for module in sorted(resources.files(package).iterdir(), key=lambda p: p.name):
            if module.name.endswith(".py"):
                digest.update(module.name.encode())
                digest.update(module.read_bytes())
    return digest.hexdigest()[:16]


class ModelCache:
    """A folder of pickled models, or nothing at all when ``folder`` is None."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder if folder is not None and _usable(folder) else None

    @classmethod
    def from_environment(cls) -> ModelCache:
        chosen = os.environ.get("GDCPOS_CACHE_DIR")
        if chosen is not None:
            return cls(None if chosen.strip().lower() in ("", "off", "0") else Path(chosen))
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return cls(Path(base) / "gdcpos")

    def _entry(self, model: type[object], sha256: str) -> Path | None:
        if self.folder is None or not sha256:
            return None
        return self.folder / f"{model.__name__}-{sha256}-{code_fingerprint()}.pickle"

    def get(self, model: type[M], sha256: str) -> M | None:
        entry = self._entry(model, sha256)
        if entry is None or not entry.is_file():
            return None
        try:
            loaded = pickle.loads(entry.read_bytes())
        except Exception:  # a damaged entry is a miss, whatever unpickling raised
            entry.unlink(missing_ok=True)
            return None
        return loaded if isinstance(loaded, model) else None

    def put(self, sha256: str, instance: object) -> None:
        entry = self._entry(type(instance), sha256)
        if entry is None:
            return
        with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
            atomic_write_bytes(entry, pickle.dumps(instance, protocol=pickle.HIGHEST_PROTOCOL))


def _usable(folder: Path) -> bool:
    """Create the folder private to this user; refuse one that others could write into."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return False
    owned = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return owned and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
