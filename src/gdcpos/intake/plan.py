"""Intake's decisions, computed without touching the disk: which file is accepted, and why not.

Files are judged in the order of (agency, revision), each against the workspace as the files
before it left it, so that r2 then r3 of one agency both land and a second copy of r3 is
recognised as re-sent. The result is a :class:`Plan`: one decision per file and, for each
accepted file, exactly what to write. Writing it is :mod:`gdcpos.intake.commit`'s job.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, replace

from gdcpos.diagnostics import Diagnostic, error, has_errors, warning
from gdcpos.intake.diff import SubmissionDiff, diff_submissions
from gdcpos.intake.incoming import Incoming
from gdcpos.intake.state import (
    PositionFile,
    WorkspaceState,
    history_folder,
    position_file,
    position_path,
)
from gdcpos.models import Submission
from gdcpos.similarity import DEFAULT_THRESHOLD, similar_pairs
from gdcpos.validate import (
    SubmissionParts,
    check_submission,
    check_unique_ids,
    checkable_submission,
)


class Verdict(enum.StrEnum):
    """What became of a file; every verdict but ``accepted`` is a refusal.

    Listed in order of precedence: a file refused for several reasons is filed under the first.
    """

    ACCEPTED = "accepted"
    RESENT = "re-sent"
    CONFLICT = "conflict"
    STALE = "stale"
    INVALID = "invalid"
    FOREIGN_ID = "foreign-id"
    BREAKS_WORKSPACE = "breaks-workspace"

    @property
    def accepted(self) -> bool:
        return self is Verdict.ACCEPTED


@dataclass(frozen=True)
class Decision:
    """The fate of one incoming file, with every reason (errors) and remark (warnings).

    ``file`` is the path as given. For an accepted file, ``target`` is where it lands and
    ``kept_as`` where the submission it replaces is kept (None for an agency's first one).
    """

    file: str
    sha256: str
    agency: str | None
    revision: int | None
    verdict: Verdict
    diagnostics: tuple[Diagnostic, ...] = ()
    target: str | None = None
    previous_revision: int | None = None
    kept_as: str | None = None
    diff: SubmissionDiff | None = None

    @property
    def accepted(self) -> bool:
        return self.verdict.accepted

    @property
    def reasons(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if not d.is_error)


@dataclass(frozen=True)
class Keep:
    """The replaced submission's bytes and their place in the history.

    ``write`` is False when exactly these bytes are already kept there.
    """

    relpath: str
    source: str
    """The file it is copied from (``positions/<agency>.yaml``)."""
    data: bytes
    sha256: str
    write: bool


@dataclass(frozen=True)
class Commit:
    """What accepting a file writes: the old bytes into the history, then the new bytes."""

    target: str
    data: bytes
    keep: Keep | None


@dataclass(frozen=True)
class Step:
    decision: Decision
    commit: Commit | None


@dataclass(frozen=True)
class Plan:
    """Decisions in the order they are made and written; ``state`` is the workspace after them."""

    steps: tuple[Step, ...]
    state: WorkspaceState

    @property
    def decisions(self) -> tuple[Decision, ...]:
        return tuple(step.decision for step in self.steps)


def plan_intake(
    state: WorkspaceState,
    incoming: Sequence[Incoming],
    threshold: float = DEFAULT_THRESHOLD,
) -> Plan:
    """Decide every incoming file against ``state``; pure (reads and writes nothing)."""
    kept_bytes = _kept_bytes(state)
    steps: list[Step] = []
    for item in sorted(incoming, key=_order):
        step, state = _decide(state, item, kept_bytes)
        if step.commit is not None:
            if step.commit.keep is not None:
                kept_bytes[step.commit.keep.sha256] = step.commit.keep.relpath
            kept_bytes[item.sha256] = (
                f"{step.commit.target}, accepted from {item.shown} in this run"
            )
        steps.append(step)
    return Plan(tuple(_with_near_duplicates(steps, state, threshold)), state)


def _order(item: Incoming) -> tuple[int, str, int, int]:
    """(agency, revision), then command-line order; files that do not say them come last."""
    if item.agency is None or item.revision is None:
        return (1, "", 0, item.index)
    return (0, item.agency, item.revision, item.index)


def _kept_bytes(state: WorkspaceState) -> dict[str, str]:
    """sha256 → where those exact bytes are already kept (current or history)."""
    kept = {sha: relpath for relpath, sha in state.history.items()}
    kept.update({file.sha256: relpath for relpath, file in state.positions.items()})
    return kept


def _decide(
    state: WorkspaceState, item: Incoming, kept_bytes: dict[str, str]
) -> tuple[Step, WorkspaceState]:
    """One file's decision, and the workspace as it is after it."""
    verdicts, found = _refusals(state, item, kept_bytes)
    agency = item.agency
    if verdicts or item.submission is None or item.raw is None or agency is None:
        refused = verdicts[0] if verdicts else Verdict.INVALID
        return Step(_decision(item, refused, found), None), state

    candidate = position_file(
        item.raw, item.loaded, item.submission, item.diagnostics, state.reference, agency
    )
    after = state.with_position(agency, candidate)
    problems = [d for d in after.problems() if d.is_error]
    if problems:
        summary = error(
            item.shown,
            0,
            0,
            f"not accepted: the workspace would not validate with it ({len(problems)} "
            f"error{'s' * (len(problems) != 1)}, listed with their files)",
            Verdict.BREAKS_WORKSPACE.value,
        )
        decision = _decision(item, Verdict.BREAKS_WORKSPACE, [summary, *problems])
        return Step(decision, None), state

    current = state.current(agency)
    keep = None
    if current is not None:
        keep = _history_slot(state, agency, current)
        if keep.write:
            after = after.with_history(keep.relpath, current.sha256)
    diff = diff_submissions(current.submission if current else None, item.submission)
    if current is not None and current.submission is None:
        diff = replace(diff, previous_revision=current.revision)
    target = position_path(agency)
    decision = replace(
        _decision(item, Verdict.ACCEPTED, found),
        target=target,
        previous_revision=current.revision if current else None,
        kept_as=keep.relpath if keep else None,
        diff=diff,
    )
    return Step(decision, Commit(target, item.raw, keep)), after


def _refusals(
    state: WorkspaceState, item: Incoming, kept_bytes: dict[str, str]
) -> tuple[list[Verdict], list[Diagnostic]]:
    """Every reason to refuse the file on its own (before the workspace as a whole is checked),
    with the verdict each stands for, in order of precedence."""
    verdicts: list[Verdict] = []
    found: list[Diagnostic] = []
    agency, revision = item.agency, item.revision
    current = state.current(agency) if agency is not None else None
    if item.sha256 and item.sha256 in kept_bytes:
        verdicts.append(Verdict.RESENT)
        found.append(
            item.at(
                ("revision",),
                f"re-sent: exactly this file was already accepted ({kept_bytes[item.sha256]})",
                Verdict.RESENT.value,
            )
        )
    elif agency is not None and current is not None and revision is not None:
        verdict, message = _against_current(item, current, agency, revision)
        if verdict is not None:
            verdicts.append(verdict)
            found.append(item.at(("revision",), message, verdict.value))

    own = list(item.diagnostics)
    foreign: list[Diagnostic] = []
    checked = checkable_submission(item.submission, item.loaded)
    if checked is not None:
        own_rules, foreign = _submission_problems(item, checked, state)
        own += own_rules
    found += own + foreign
    if has_errors(own):
        verdicts.append(Verdict.INVALID)
    if foreign:
        verdicts.append(Verdict.FOREIGN_ID)
    return verdicts, found


def _against_current(
    item: Incoming, current: PositionFile, agency: str, revision: int
) -> tuple[Verdict | None, str]:
    """Stale, re-sent or conflicting, compared with the agency's accepted revision."""
    accepted = current.revision
    if accepted is None:  # the current file does not say its revision: any revision replaces it
        return None, ""
    where = position_path(agency)
    if current.loaded.relpath != where:
        where += f", accepted from {current.loaded.relpath} in this run"
    if revision == accepted:
        if item.submission is not None and item.submission == current.submission:
            return Verdict.RESENT, (
                f"re-sent: revision {revision} of {agency} is already accepted with the same "
                f"content ({where})"
            )
        return Verdict.CONFLICT, (
            f"conflict: revision {revision} of {agency} is already accepted ({where}) and this "
            f"file's content differs from it; send the changes as revision {revision + 1}"
        )
    if revision < accepted:
        return Verdict.STALE, (
            f"stale: revision {revision} is older than the accepted revision {accepted} of "
            f"{agency} ({where})"
        )
    return None, ""


def _submission_problems(
    item: Incoming, submission: Submission | SubmissionParts, state: WorkspaceState
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """(problems of the submission itself, contribution ids that belong to another agency)."""
    foreign = _foreign_ids(item, submission, state)
    flagged = {d.location for d in foreign}
    own = [
        d
        for d in check_submission(submission, item.loaded, state.reference, None)
        if not (d.rule == "id-prefix" and d.location in flagged)
    ]
    own += check_unique_ids([(submission, item.loaded)])
    return own, foreign


def _foreign_ids(
    item: Incoming, submission: Submission | SubmissionParts, state: WorkspaceState
) -> list[Diagnostic]:
    """Ids that another agency owns (by prefix) or already uses in its accepted submission."""
    agency = submission.agency
    if agency is None:  # it failed its schema check: which ids are another agency's is not known
        return []
    # Longest first, so that an id such as judiciary-hr-001 is not taken for judiciary's.
    owners = sorted(state.reference.agencies, key=len, reverse=True)
    used_elsewhere: dict[str, tuple[Submission, PositionFile, int]] = {}
    for file in state.positions.values():
        if file.submission is not None and file.submission.agency != agency:
            for index, accepted in enumerate(file.submission.contributions):
                used_elsewhere.setdefault(accepted.id, (file.submission, file, index))
    found = []
    for index, contribution in enumerate(submission.contributions):
        if contribution.id is None:
            continue
        path = ("contributions", index, "id")
        owner = next((a for a in owners if contribution.id.startswith(f"{a}-")), None)
        if owner is not None and owner != agency:
            message = (
                f"contribution id '{contribution.id}' belongs to agency {owner}, not {agency}; "
                "an agency can send only its own contributions"
            )
        elif contribution.id in used_elsewhere:
            other, file, other_index = used_elsewhere[contribution.id]
            line, col = file.loaded.locate(("contributions", other_index, "id"))
            same = other.contributions[other_index] == contribution
            message = (
                f"contribution id '{contribution.id}' is already used by {other.agency} "
                f"({file.loaded.relpath}:{line}:{col}) for {'the same' if same else 'a different'}"
                " item"
            )
        else:
            continue
        found.append(item.at(path, message, Verdict.FOREIGN_ID.value))
    return found


def _history_slot(state: WorkspaceState, agency: str, current: PositionFile) -> Keep:
    """Where the replaced submission is kept: ``<agency>.r<revision>.yaml``, never overwritten.

    If these exact bytes are already kept, they are not written again; if the name is taken by
    other bytes (an accepted file edited by hand), the new copy is named by its hash.
    """
    folder = history_folder(agency)
    for relpath, sha in state.history.items():
        if relpath.startswith(f"{folder}/") and sha == current.sha256:
            return Keep(relpath, position_path(agency), current.raw, current.sha256, write=False)
    revision = "-unknown" if current.revision is None else current.revision
    stem = f"{agency}.r{revision}"
    names = (f"{stem}.yaml", f"{stem}.{current.sha256[:12]}.yaml", f"{stem}.{current.sha256}.yaml")
    for name in names:
        relpath = f"{folder}/{name}"
        if relpath not in state.history:
            return Keep(relpath, position_path(agency), current.raw, current.sha256, write=True)
    raise AssertionError("sha256 collision in the history")  # the full hash is taken: impossible


def _decision(item: Incoming, verdict: Verdict, found: Sequence[Diagnostic]) -> Decision:
    return Decision(
        file=item.shown,
        sha256=item.sha256,
        agency=item.agency,
        revision=item.revision,
        verdict=verdict,
        diagnostics=tuple(dict.fromkeys(found)),
    )


def _with_near_duplicates(steps: list[Step], state: WorkspaceState, threshold: float) -> list[Step]:
    """Warn, on each accepted file, about its new or changed contributions whose text another
    agency's contribution on the same axis already says (for the secretariat to consolidate).

    One warning per contribution, naming every look-alike, most similar first.
    """
    latest: dict[str, int] = {}
    touched: dict[str, set[str]] = {}
    for position, step in enumerate(steps):
        decision = step.decision
        if decision.accepted and decision.agency is not None and decision.diff is not None:
            latest[decision.agency] = position
            touched.setdefault(decision.agency, set()).update(decision.diff.touched)
    if not latest:
        return steps
    entries = [
        (file, submission, index)
        for file in state.positions.values()
        if (submission := file.submission) is not None
        for index in range(len(submission.contributions))
    ]
    keys = [(s.contributions[i].axis, s.contributions[i].text) for _f, s, i in entries]
    alike: dict[int, list[tuple[float, int]]] = {}
    for pair in similar_pairs(keys, threshold):
        if entries[pair.first][1].agency != entries[pair.second][1].agency:
            alike.setdefault(pair.first, []).append((pair.score, pair.second))
            alike.setdefault(pair.second, []).append((pair.score, pair.first))
    extra: dict[int, list[Diagnostic]] = {}
    for this, others in sorted(alike.items()):
        file, submission, index = entries[this]
        item = submission.contributions[index]
        if submission.agency not in latest or item.id not in touched[submission.agency]:
            continue
        named = []
        for score, other in sorted(others, key=lambda entry: (-entry[0], entry[1])):
            other_file, other_submission, other_index = entries[other]
            line, col = other_file.loaded.locate(("contributions", other_index, "id"))
            named.append(
                f"{other_submission.contributions[other_index].id} of {other_submission.agency} "
                f"({score:.0%}, {other_file.loaded.relpath}:{line}:{col})"
            )
        line, col = file.loaded.locate(("contributions", index, "id"))
        message = (
            f"contribution {item.id} is near-identical to {' and '.join(named)} on axis "
            f"{item.axis}; consider consolidating them"
        )
        extra.setdefault(latest[submission.agency], []).append(
            warning(file.loaded.relpath, line, col, message, "near-duplicate")
        )
    return [
        _with_diagnostics(step, extra[position]) if position in extra else step
        for position, step in enumerate(steps)
    ]


def _with_diagnostics(step: Step, more: list[Diagnostic]) -> Step:
    decision = replace(step.decision, diagnostics=(*step.decision.diagnostics, *more))
    return Step(decision, step.commit)
