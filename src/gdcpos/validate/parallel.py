"""Parse and validate large submissions on every core before the (sequential) validation pass.

A workspace's submissions are independent files, and parsing and validating them is most of a
first build's time (about a second for 10,000 contributions). When the model cache is on, worker
processes forked from this one parse and validate the files the cache lacks and store their
models there; validation then proceeds as usual and finds them cached. Nothing else changes:
an invalid file is not cached, so the usual pass reads it again and reports its problems.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Iterable

from gdcpos.load import LoadedFile
from gdcpos.models import Submission
from gdcpos.validate.cache import ModelCache
from gdcpos.validate.pydantic_errors import validate_model

PARALLEL_FROM_BYTES = 1024 * 1024
"""Below this much unread YAML, starting processes costs more than it saves."""

_pending: dict[str, LoadedFile] = {}
_cache = ModelCache(None)


def prewarm(cache: ModelCache, files: Iterable[LoadedFile]) -> None:
    """Fill ``cache`` with the models of ``files`` it lacks, in parallel, when that pays."""
    cores = os.cpu_count() or 1
    if cache.folder is None or cores < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return
    missing = [f for f in files if not cache.contains(Submission, f.sha256)]
    if len(missing) < 2 or sum(f.size for f in missing) < PARALLEL_FROM_BYTES:
        return
    global _pending, _cache  # read by the forked workers, which inherit this process's memory
    _pending = {f.relpath: f for f in missing}
    _cache = cache
    largest_first = sorted(_pending, key=lambda relpath: -_pending[relpath].size)
    # An optimisation only: if the workers fail, the sequential pass does all the work anyway.
    workers = min(cores, len(missing))
    with contextlib.suppress(Exception), multiprocessing.get_context("fork").Pool(workers) as pool:
        pool.map(_warm_one, largest_first, chunksize=1)
    _pending = {}


def _warm_one(relpath: str) -> None:
    loaded = _pending[relpath]
    if loaded.diagnostics:
        return
    model, problems = validate_model(Submission, loaded)
    if model is not None and not problems:
        _cache.put(loaded.sha256, model)
