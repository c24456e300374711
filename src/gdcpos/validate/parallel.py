"""Parse and validate a large workspace's files on every core before the (sequential) validation.

A workspace's files are independent, and parsing and validating them is most of a first build's
time (about half a second of CPU for 10,000 contributions). Worker processes
(`gdcpos.concurrency`) are given the files the model cache lacks, largest first. Each reads,
parses and validates one and stores its model in the cache's folder. This process loads each
model from there as soon as it is reported, while the workers go on with the others, and keeps it
in the cache's memory.
Validation then proceeds as usual and finds every model there. Nothing else changes: an invalid
file is reported as such, and the usual pass reads it again and reports its problems.

Files rather than pipes carry the data both ways: sending each file's bytes to a worker and its
model back through the pool's pipes, 64 KB at a time, kept the workers waiting about 25 ms
each way for 10,000 contributions.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel

from gdcpos.concurrency import workers
from gdcpos.load import LoadedFile, load_yaml_file
from gdcpos.validate.cache import ModelCache, cached_or_validated

PARALLEL_FROM_BYTES = 1024 * 1024
"""Below this much unread YAML, starting processes costs more than it saves."""


def prewarm(
    cache: ModelCache, root: Path, files: Iterable[tuple[type[BaseModel], LoadedFile]]
) -> None:
    """Put into ``cache`` the models of the ``files`` of the workspace at ``root`` that it lacks
    (each file with the model it is validated against), validated in parallel, when that pays.

    Only with a cache folder: with caching off, nothing of a workspace (whose texts may be
    classified) is written to disk, and its files are validated here, one after another.
    """
    folder = cache.folder
    if folder is None:
        return
    missing = [
        (model, file)
        for model, file in files
        if file.size and not cache.contains(model, file.sha256)  # read, not yet parsed
    ]
    if len(missing) < 2 or sum(file.size for _, file in missing) < PARALLEL_FROM_BYTES:
        return
    largest_first = sorted(missing, key=lambda entry: -entry[1].size)
    with workers() as pool:
        if pool is None:
            return
        from concurrent.futures import as_completed  # imported by workers() already

        # An optimisation only: whatever the workers do not validate, the usual pass does.
        sent = {}
        with contextlib.suppress(Exception):  # workers that cannot take a task (broken)
            for model, file in largest_first:
                task = pool.submit(_validate_one, model, root / file.relpath, file.relpath, folder)
                sent[task] = (model, file)
        for done in as_completed(sent):
            model, file = sent[done]
            with contextlib.suppress(Exception):  # a worker lost, or its failure: this file only
                # The worker read the file again: use its model only if it read the same bytes.
                if done.result() == file.sha256:
                    instance = cache.get(model, file.sha256)
                    if instance is not None:
                        cache.keep_in_memory(file.sha256, instance)


def _validate_one(model: type[BaseModel], path: Path, relpath: str, folder: Path) -> str | None:
    """Read, parse and validate one file and store its model in the cache ``folder``; the
    SHA-256 of the bytes read, or None if the file has a problem."""
    loaded = load_yaml_file(path, relpath, lazy=True)
    instance, problems = cached_or_validated(model, loaded, ModelCache(folder))
    return loaded.sha256 if instance is not None and not problems else None
