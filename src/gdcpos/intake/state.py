"""What intake decides against: the workspace's accepted submissions, its history, its rules.

The state is read once, under the intake lock, and then only replaced in memory while a run is
planned: each accepted file becomes the current submission of its agency, so the next file of
the run is judged against it, and the workspace as a whole is validated in memory before any
byte is written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from gdcpos.diagnostics import Diagnostic, InputError, has_errors
from gdcpos.intake.incoming import declared_revision, parse_submission
from gdcpos.load import LoadedFile, read_whole
from gdcpos.models import Submission
from gdcpos.validate import (
    POSITIONS_DIR,
    Reference,
    SubmissionParts,
    check_submission,
    check_unique_ids,
    checkable_submission,
    submission_files,
    validate_workspace,
)

HISTORY_DIR = f"{POSITIONS_DIR}/.history"
"""Where replaced submissions, the intake log and the intake lock live (hidden from validate)."""


def position_path(agency: str) -> str:
    """Where the accepted submission of ``agency`` lives, relative to the workspace."""
    return f"{POSITIONS_DIR}/{agency}.yaml"


def history_folder(agency: str) -> str:
    return f"{HISTORY_DIR}/{agency}"


@dataclass(frozen=True)
class PositionFile:
    """A submission file as the workspace would hold it, with its own problems.

    ``loaded.relpath`` is the name used in messages: ``positions/mfa.yaml`` for a file already in
    the workspace, the path as given for an incoming file that would replace it. ``checked`` is
    what the rules check of it: the submission, or the parts of an invalid one that pass on their
    own (`gdcpos.validate.parts`).
    """

    raw: bytes
    loaded: LoadedFile
    submission: Submission | None
    diagnostics: tuple[Diagnostic, ...]
    checked: Submission | SubmissionParts | None

    @property
    def sha256(self) -> str:
        return self.loaded.sha256

    @property
    def revision(self) -> int | None:
        """The accepted revision; read from the top level even if the file is not valid."""
        return declared_revision(self.submission, self.loaded)


def position_file(
    raw: bytes,
    loaded: LoadedFile,
    submission: Submission | None,
    own_problems: Iterable[Diagnostic],
    reference: Reference,
    expected_agency: str,
) -> PositionFile:
    """A file at ``positions/<expected_agency>.yaml`` with every problem validate would find in it
    alone (everything but ids shared with other files)."""
    diagnostics = list(own_problems)
    checked = checkable_submission(submission, loaded)
    if checked is not None:
        diagnostics += check_submission(checked, loaded, reference, expected_agency)
    return PositionFile(raw, loaded, submission, tuple(diagnostics), checked)


@dataclass(frozen=True)
class WorkspaceState:
    """The workspace as intake sees it: rules, accepted submissions and kept history.

    ``positions`` maps each ``positions/*.yaml`` path to its file; ``history`` maps each file kept
    under ``positions/.history/`` to the sha256 of its bytes; ``settled`` holds the problems
    found outside ``positions/`` (data files, settings), which no submission can change.
    """

    reference: Reference
    settled: tuple[Diagnostic, ...]
    positions: Mapping[str, PositionFile]
    history: Mapping[str, str]

    def current(self, agency: str) -> PositionFile | None:
        return self.positions.get(position_path(agency))

    def with_position(self, agency: str, file: PositionFile) -> WorkspaceState:
        return replace(self, positions={**self.positions, position_path(agency): file})

    def with_history(self, relpath: str, sha256: str) -> WorkspaceState:
        return replace(self, history={**self.history, relpath: sha256})

    def problems(self) -> list[Diagnostic]:
        """Every problem ``gdcpos validate`` would report for this state, computed in memory."""
        found = list(self.settled)
        for file in self.positions.values():
            found += file.diagnostics
        found += check_unique_ids(
            (file.checked, file.loaded)
            for file in self.positions.values()
            if file.checked is not None
        )
        return found

    @property
    def valid(self) -> bool:
        return not has_errors(self.problems())


def read_state(root: Path) -> WorkspaceState:
    """Read the workspace at ``root``; raise :class:`InputError` if its data files are unusable."""
    result = validate_workspace(root)
    if result.reference is None:
        raise InputError(result.diagnostics)
    reference = result.reference.ids
    positions: dict[str, PositionFile] = {}
    unreadable: list[Diagnostic] = []
    for relpath in submission_files(root):
        raw = read_whole(root / relpath, relpath)
        if isinstance(raw, Diagnostic):
            unreadable.append(_with_hint(raw, "remove it, or replace it with the agency's file"))
            continue
        loaded = result.files.get(relpath)
        if loaded is not None and loaded.sha256 == hashlib.sha256(raw).hexdigest():
            submission = result.submissions.get(relpath)
            own = list(result.file_problems.get(relpath, []))
        else:  # changed since validation read it
            loaded, submission, own = parse_submission(raw, relpath)
        stem = PurePosixPath(relpath).stem
        positions[relpath] = position_file(raw, loaded, submission, own, reference, stem)
    settled = tuple(
        d for d in result.diagnostics if not d.location.path.startswith(f"{POSITIONS_DIR}/")
    )
    history = _history(root, unreadable)
    # A submission cannot be judged against files intake cannot see; naming every one at once
    # lets a single stop lead to their repair.
    if unreadable:
        raise InputError(unreadable)
    return WorkspaceState(reference, settled, positions, history)


def _history(root: Path, unreadable: list[Diagnostic]) -> dict[str, str]:
    """The sha256 of each kept file; those that cannot be read are added to ``unreadable``."""
    folder = root / HISTORY_DIR
    if not folder.is_dir():
        return {}
    kept: dict[str, str] = {}
    for path in sorted(folder.glob("*/*.yaml")):
        if path.is_file() and not path.name.startswith("."):
            relpath = path.relative_to(root).as_posix()
            raw = read_whole(root / relpath, relpath)
            if isinstance(raw, Diagnostic):
                # Its bytes say whether a replaced file is kept already, and under which name.
                unreadable.append(_with_hint(raw, "make it readable"))
            else:
                kept[relpath] = hashlib.sha256(raw).hexdigest()
    return kept


def _with_hint(problem: Diagnostic, hint: str) -> Diagnostic:
    return replace(problem, message=f"{problem.message}; {hint}")
