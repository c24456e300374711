"""The user's private cache folder, shared by the stages that keep work between runs.

It lives in the user's own cache folder (``$XDG_CACHE_HOME/gdcpos`` or ``~/.cache/gdcpos``,
created private), never in a workspace, because what is kept there is executable (pickles,
compiled templates) and a workspace may be shared. ``GDCPOS_CACHE_DIR`` chooses another folder;
``GDCPOS_CACHE_DIR=off`` turns caching off. Each kind of entry gets a subfolder named after a
fingerprint of the code that produced it, so a new version of gdcpos never reads an old entry.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import stat
import sys
from functools import cache
from importlib import resources
from importlib.metadata import version
from pathlib import Path

from gdcpos import __version__


def cache_root() -> Path | None:
    """The cache folder, or None when caching is off or the folder cannot be used safely."""
    chosen = os.environ.get("GDCPOS_CACHE_DIR")
    if chosen is not None:
        if chosen.strip().lower() in ("", "off", "0"):
            return None
        root = Path(chosen)
    else:
        # A relative XDG_CACHE_HOME is to be ignored (XDG Base Directory specification): taken
        # as it is, it would put the cache in whatever folder a command runs in, a workspace even.
        xdg = Path(os.environ.get("XDG_CACHE_HOME", ""))
        root = (xdg if xdg.is_absolute() else Path.home() / ".cache") / "gdcpos"
    return root if _private(root) else None


def cache_folder(
    kind: str, packages: tuple[str, ...], distributions: tuple[str, ...]
) -> Path | None:
    """``<cache root>/<kind>-<fingerprint>``: the fingerprint covers the source of ``packages``
    and the versions of Python, gdcpos and ``distributions``."""
    root = cache_root()
    if root is None:
        return None
    folder = root / f"{kind}-{code_fingerprint(packages, distributions)}"
    # The entries live here: a folder others can even list or read is not used.
    return folder if _private(folder, unreadable=True) else None


@cache
def code_fingerprint(packages: tuple[str, ...], distributions: tuple[str, ...]) -> str:
    digest = hashlib.sha256(f"{__version__}|{sys.version}".encode())
    for name in distributions:
        digest.update(f"|{name}={_installed_version(name)}".encode())
    for package in packages:
        for module in sorted(resources.files(package).iterdir(), key=lambda p: p.name):
            if module.name.endswith(".py"):
                digest.update(module.name.encode())
                digest.update(module.read_bytes())
    return digest.hexdigest()[:16]


def _installed_version(name: str) -> str:
    """The version of the installed package ``name``: the ``__version__`` it declares (it is
    imported by then: its cache entries are being read), else its distribution's metadata, which
    costs a search of every installed distribution and a read of its metadata (4 ms a build)."""
    declared = getattr(importlib.import_module(name), "__version__", None)
    return declared if isinstance(declared, str) else version(name)


def _private(folder: Path, *, unreadable: bool = False) -> bool:
    """Create the folder private to this user; refuse one that others could write into, or, if
    ``unreadable``, have any access to."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return False
    owned = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    others = stat.S_IRWXG | stat.S_IRWXO if unreadable else stat.S_IWGRP | stat.S_IWOTH
    return owned and not info.st_mode & others
