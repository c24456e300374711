"""What a new revision changes: contributions added, changed (and which fields), withdrawn."""

from __future__ import annotations

from dataclasses import dataclass

from gdcpos.models import Contribution, Submission


@dataclass(frozen=True)
class Change:
    """A contribution present in both revisions whose fields differ."""

    id: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class SubmissionDiff:
    """The difference between an agency's accepted submission and the one replacing it.

    Contributions are matched by id; ``previous_revision`` is None for an agency's first
    submission (everything is added).
    """

    previous_revision: int | None
    added: tuple[str, ...]
    changed: tuple[Change, ...]
    withdrawn: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.withdrawn)

    @property
    def touched(self) -> frozenset[str]:
        """Ids of contributions that are new or different in the new revision."""
        return frozenset(self.added) | {change.id for change in self.changed}


def diff_submissions(previous: Submission | None, new: Submission) -> SubmissionDiff:
    """Compare ``new`` with ``previous`` contribution by contribution, in the new file's order."""
    if previous is None:
        return SubmissionDiff(None, tuple(item.id for item in new.contributions), (), ())
    before = {item.id: item for item in previous.contributions}
    after_ids = {item.id for item in new.contributions}
    added: list[str] = []
    changed: list[Change] = []
    for item in new.contributions:
        old = before.get(item.id)
        if old is None:
            added.append(item.id)
        elif old != item:
            changed.append(Change(item.id, changed_fields(old, item)))
    withdrawn = tuple(item.id for item in previous.contributions if item.id not in after_ids)
    return SubmissionDiff(previous.revision, tuple(added), tuple(changed), withdrawn)


def changed_fields(old: Contribution, new: Contribution) -> tuple[str, ...]:
    """Names of the fields whose values differ, in the model's field order."""
    return tuple(
        name for name in Contribution.model_fields if getattr(old, name) != getattr(new, name)
    )
