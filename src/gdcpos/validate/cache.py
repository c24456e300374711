"""Validated models kept by the SHA-256 of their file's bytes, so unchanged files are not re-read.

A workspace's files are independent, and most of them do not change between two builds; parsing
and validating a 10,000-contribution workspace costs about a second, loading the cached models a
tenth of that. An entry is used only for the same bytes *and* the same code: its folder is named
after a fingerprint of the modules that decide what a model holds (reading the YAML, the models
and Persian normalisation) and of the Python and Pydantic versions (see ``gdcpos.cachedir``).

The models that worker processes validate during a run (`gdcpos.validate.parallel`) are loaded
from the folder as soon as each is ready, and kept in memory until validation asks for them, so
that none is unpickled twice.
"""

from __future__ import annotations

import contextlib
import pickle
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from gdcpos.cachedir import cache_folder
from gdcpos.diagnostics import Diagnostic
from gdcpos.fsutil import write_cache_entry
from gdcpos.load import LoadedFile
from gdcpos.validate.pydantic_errors import validate_model

M = TypeVar("M")
B = TypeVar("B", bound=BaseModel)


class ModelCache:
    """A folder of pickled models (none at all when ``folder`` is None), and models in memory."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._in_memory: dict[tuple[type[object], str], object] = {}

    @classmethod
    def from_environment(cls) -> ModelCache:
        code = ("gdcpos.load", "gdcpos.models", "gdcpos.persian")
        return cls(cache_folder("models", code, ("pydantic",)))

    def _entry(self, model: type[object], sha256: str) -> Path | None:
        if self.folder is None or not sha256:
            return None
        return self.folder / f"{model.__name__}-{sha256}.pickle"

    def contains(self, model: type[object], sha256: str) -> bool:
        if (model, sha256) in self._in_memory:
            return True
        entry = self._entry(model, sha256)
        return entry is not None and entry.is_file()

    def get(self, model: type[M], sha256: str) -> M | None:
        kept = self._in_memory.get((model, sha256))
        if isinstance(kept, model):
            return kept
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
        """Store ``instance`` in the folder."""
        entry = self._entry(type(instance), sha256)
        if entry is None:
            return
        pickled = pickle.dumps(instance, protocol=pickle.HIGHEST_PROTOCOL)
        with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
            write_cache_entry(entry, pickled)

    def keep_in_memory(self, sha256: str, instance: object) -> None:
        """Hold ``instance`` for `get` during this run (it is not written to the folder)."""
        self._in_memory[type(instance), sha256] = instance


def cached_or_validated(
    model: type[B], loaded: LoadedFile, cache: ModelCache
) -> tuple[B | None, list[Diagnostic]]:
    """The model of a file (None if it has errors) and the problems found in it alone.

    A file whose exact bytes validated before comes from the cache without being parsed; one that
    validates now without a problem is put there.
    """
    cached = cache.get(model, loaded.sha256)
    if cached is not None:
        return cached, []
    problems = list(loaded.diagnostics)
    if loaded.data is None:
        return None, problems
    instance, model_problems = validate_model(model, loaded)
    problems += model_problems
    if instance is not None and not problems:
        cache.put(loaded.sha256, instance)
    return instance, problems
