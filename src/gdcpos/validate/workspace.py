"""Validate a whole workspace: every file against its model, then the cross-references.

All problems of all files are collected in one run (design §2), each located in its file.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TypeVar

from pydantic import BaseModel

from gdcpos.diagnostics import Diagnostic, error, has_errors
from gdcpos.load import LoadedFile, load_yaml_file
from gdcpos.memory import collection_paused
from gdcpos.models import (
    AgenciesFile,
    AxesFile,
    DutiesFile,
    Settings,
    Submission,
    Workspace,
)
from gdcpos.validate.cache import ModelCache, cached_or_validated
from gdcpos.validate.parallel import prewarm
from gdcpos.validate.parts import SubmissionParts, checkable_duties, checkable_submission
from gdcpos.validate.rules import (
    Reference,
    check_reference_data,
    check_submission,
    check_unique_ids,
)

AGENCIES_FILE = "data/agencies.yaml"
DUTIES_FILE = "data/duties.yaml"
AXES_FILE = "data/axes.yaml"
DATA_FILES = (AGENCIES_FILE, DUTIES_FILE, AXES_FILE)
"""The resolution's data, which every workspace holds."""
SETTINGS_FILE = "gdcpos.yaml"
POSITIONS_DIR = "positions"

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class ReferenceData:
    """The resolution's data files, validated: what submissions refer to."""

    agencies: AgenciesFile
    duties: DutiesFile
    axes: AxesFile

    @property
    def ids(self) -> Reference:
        return Reference.of(self.agencies, self.duties, self.axes)


@dataclass
class ValidationResult:
    """The workspace (None when any error was found), every diagnostic, and the files read.

    ``reference`` is set whenever the resolution's data files are valid, even if a submission is
    not (a skeleton or an intake can still be checked against it); ``files`` lets later stages
    (check, intake) point their findings at a line. ``submissions`` holds each submission file
    that is valid on its own, and ``file_problems`` what was found in each file alone (reading,
    YAML, schema), so that intake need not read and validate them again.
    """

    workspace: Workspace | None
    diagnostics: list[Diagnostic]
    files: dict[str, LoadedFile] = field(default_factory=dict)
    reference: ReferenceData | None = None
    submissions: dict[str, Submission] = field(default_factory=dict)
    file_problems: dict[str, list[Diagnostic]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.workspace is not None


def submission_files(root: Path) -> list[str]:
    """The workspace's submissions, as paths relative to ``root``, in name order.

    Every name is listed, whatever it names (a folder, a named pipe, a broken link): reading it
    then says why it cannot be read. Left out, an agency's submission would be missing from
    every document without a word. Hidden names (an editor's swap file) are not submissions.
    """
    folder = root / POSITIONS_DIR
    if not folder.is_dir():
        return []
    return sorted(
        f"{POSITIONS_DIR}/{path.name}"
        for path in folder.glob("*.yaml")
        if not path.name.startswith(".")
    )


def misnamed_submissions(root: Path) -> list[Diagnostic]:
    """An error for each file of ``positions/`` saved as a submission under another name than
    ``<agency>.yaml`` (``culture.yml``, ``MFA.YAML``): not read, it would leave that agency's
    contributions out of every document. Other files there are not gdcpos's business."""
    folder = root / POSITIONS_DIR
    if not folder.is_dir():
        return []
    found: list[Diagnostic] = []
    for path in sorted(folder.iterdir()):
        name = path.name
        if name.startswith(".") or path.suffix == ".yaml":
            continue
        if path.suffix.lower() not in (".yaml", ".yml"):
            continue
        proper = f"{_agency_part(name)}.yaml"
        if _another_file(folder / proper, path):  # renamed, it would replace the agency's file
            advice = (
                f", and {POSITIONS_DIR}/{proper} is there already; "
                "remove this copy, or merge it into that file"
            )
        else:
            advice = f"; rename it {proper}"
        found.append(
            error(
                f"{POSITIONS_DIR}/{name}",
                0,
                0,
                f"not read: a submission is named <agency>.yaml{advice}",
            )
        )
    return found


def _agency_part(name: str) -> str:
    """What a misnamed submission's name says of its agency: ``ncc.yaml.yml`` and ``Fata .YML``
    are ``ncc`` and ``fata``."""
    stem = name
    while PurePosixPath(stem).suffix.lower() in (".yaml", ".yml"):
        stem = stem[: -len(PurePosixPath(stem).suffix)]
    return stem.strip().lower()


def _another_file(candidate: Path, path: Path) -> bool:
    """Whether ``candidate`` exists and is not ``path`` itself (on a file system that ignores
    case, ``MFA.YAML`` and ``mfa.yaml`` are one file)."""
    try:
        return os.path.lexists(candidate) and not candidate.samefile(path)
    except OSError:  # a dangling link: there, and not this file
        return True


def validate_workspace(root: Path) -> ValidationResult:
    """Read and validate every file of the workspace at ``root``."""
    with collection_paused():
        return _validate_workspace(root)


def missing_data_files(root: Path) -> list[Diagnostic]:
    """An error for each of the resolution's data files the workspace at ``root`` lacks. Anything
    else in a data file's place is read, and refused there."""
    return [
        error(relpath, 0, 0, "missing: a workspace needs this file")
        for relpath in DATA_FILES
        if not os.path.lexists(root / relpath)
    ]


def _validate_workspace(root: Path) -> ValidationResult:
    relpaths = [*DATA_FILES]
    if os.path.lexists(root / SETTINGS_FILE):
        relpaths.append(SETTINGS_FILE)
    relpaths += submission_files(root)

    files: dict[str, LoadedFile] = {}
    missing = missing_data_files(root)
    diagnostics: list[Diagnostic] = [*misnamed_submissions(root), *missing]
    absent = {problem.location.path for problem in missing}
    for relpath in relpaths:
        if relpath not in absent:
            files[relpath] = load_yaml_file(root / relpath, relpath, lazy=True)

    cache = ModelCache.from_environment()
    prewarm(cache, root, [(_model_of(relpath), loaded) for relpath, loaded in files.items()])

    file_problems: dict[str, list[Diagnostic]] = {}

    def validated(model: type[M], relpath: str, *, optional: bool = False) -> M | None:
        assert model is _model_of(relpath), "the workers validated it as another model"
        loaded = files.get(relpath)
        if loaded is None:
            return None
        instance, problems = cached_or_validated(model, loaded, cache)
        if optional and instance is None and loaded.is_empty:
            problems = []  # an optional file left empty, or all comments, asks for nothing
        file_problems[relpath] = problems
        diagnostics.extend(problems)
        return instance

    agencies = validated(AgenciesFile, AGENCIES_FILE)
    duties = validated(DutiesFile, DUTIES_FILE)
    axes = validated(AxesFile, AXES_FILE)
    # Defaults need no validating: building the validator for them would cost a rebuild,
    # whose models all come from the cache, more than the rest of validation.
    settings = validated(Settings, SETTINGS_FILE, optional=True) or Settings.model_construct()
    submissions: dict[str, Submission] = {}
    checkable: dict[str, tuple[Submission | SubmissionParts, LoadedFile]] = {}
    for relpath in relpaths:
        loaded = files.get(relpath)
        if relpath.startswith(f"{POSITIONS_DIR}/") and loaded is not None:
            submission = validated(Submission, relpath)
            if submission is not None:
                submissions[relpath] = submission
            parts = checkable_submission(submission, loaded)
            if parts is not None:
                checkable[relpath] = (parts, loaded)

    result = ValidationResult(
        None, diagnostics, files, submissions=submissions, file_problems=file_problems
    )
    reference_problems = check_reference_data(
        agencies, checkable_duties(duties, files.get(DUTIES_FILE)), axes, files
    )
    diagnostics += reference_problems
    if agencies is None or duties is None or axes is None:
        return result

    if not reference_problems:
        result.reference = ReferenceData(agencies, duties, axes)
    reference = Reference.of(agencies, duties, axes)
    for relpath, (parts, loaded) in checkable.items():
        diagnostics += check_submission(parts, loaded, reference, Path(relpath).stem)
    diagnostics += check_unique_ids(checkable.values())

    if has_errors(diagnostics):
        return result
    order = {agency.id: index for index, agency in enumerate(agencies.agencies)}
    by_agency = {submission.agency: submission for submission in submissions.values()}
    result.workspace = Workspace(
        agencies=tuple(agencies.agencies),
        clusters=tuple(agencies.clusters),
        axes=tuple(axes.axes),
        resolution=duties.resolution,
        decisions=tuple(duties.decisions),
        duties=tuple(duties.duties),
        dimensions=tuple(duties.dimensions),
        fingerprint=files_fingerprint(files),
        submissions=dict(sorted(by_agency.items(), key=lambda item: order[item[0]])),
        settings=settings,
    )
    return result


def _model_of(relpath: str) -> type[BaseModel]:
    """The model a workspace file is validated against (by the workers too: see `prewarm`)."""
    return _DATA_MODELS.get(relpath, Submission)


_DATA_MODELS: dict[str, type[BaseModel]] = {
    AGENCIES_FILE: AgenciesFile,
    DUTIES_FILE: DutiesFile,
    AXES_FILE: AxesFile,
    SETTINGS_FILE: Settings,
}


def files_fingerprint(files: dict[str, LoadedFile]) -> str:
    """Eight hex digits of a hash of every file's path and bytes: it changes whenever anything a
    document could say changes (hashing the files, already hashed for the model cache, spares
    serialising every model again)."""
    digest = hashlib.sha256()
    for relpath in sorted(files):
        digest.update(f"{relpath}\x00{files[relpath].sha256}\x01".encode())
    return digest.hexdigest()[:8]
