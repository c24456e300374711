"""Parse and validate large submissions on every core before the (sequential) validation pass.

A workspace's submissions are independent files, and parsing and validating them is most of a
first build's time (about a second for 10,000 contributions). When the model cache is on, worker
processes (`gdcpos.concurrency`) are sent the bytes of the files the cache lacks, parse and
validate them and store their models there; validation then proceeds as usual and finds them
cached. Nothing else changes: an invalid file is not cached, so the usual pass reads it again
and reports its problems.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path

from gdcpos.concurrency import workers
from gdcpos.load import LoadedFile
from gdcpos.models import Submission
from gdcpos.validate.cache import ModelCache
from gdcpos.validate.pydantic_errors import validate_model

PARALLEL_FROM_BYTES = 1024 * 1024
"""Below this much unread YAML, starting processes costs more than it saves."""


def prewarm(cache: ModelCache, files: Iterable[LoadedFile]) -> None:
    """Fill ``cache`` with the models of ``files`` it lacks, in parallel, when that pays."""
    if cache.folder is None:
        return
    missing = [
        (f.relpath, f.unparsed)
        for f in files
        if f.unparsed is not None and not cache.contains(Submission, f.sha256)
    ]
    if len(missing) < 2 or sum(len(raw) for _, raw in missing) < PARALLEL_FROM_BYTES:
        return
    largest_first = sorted(missing, key=lambda entry: -len(entry[1]))
    relpaths = [relpath for relpath, _ in largest_first]
    raws = [raw for _, raw in largest_first]
    with workers() as pool:
        if pool is None:
            return
        # An optimisation only: if the workers fail, the sequential pass does all the work anyway.
        with contextlib.suppress(Exception):
            list(pool.map(_warm_one, relpaths, raws, [cache.folder] * len(raws)))


def _warm_one(relpath: str, raw: bytes, cache_folder: Path) -> None:
    loaded = LoadedFile.deferred(relpath, raw)
    if loaded.diagnostics:
        return
    model, problems = validate_model(Submission, loaded)
    if model is not None and not problems:
        ModelCache(cache_folder).put(loaded.sha256, model)
