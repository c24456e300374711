"""The validated workspace: the resolution's data plus every agency's submission."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from gdcpos.models.common import Role
from gdcpos.models.reference import (
    Agency,
    Axis,
    Cluster,
    Decision,
    Dimension,
    Duty,
    Resolution,
)
from gdcpos.models.settings import Settings
from gdcpos.models.submission import Contribution, Submission


@dataclass(frozen=True)
class Workspace:
    """Everything a workspace says, cross-checked; submissions keyed by agency id."""

    agencies: tuple[Agency, ...]
    clusters: tuple[Cluster, ...]
    axes: tuple[Axis, ...]
    resolution: Resolution
    decisions: tuple[Decision, ...]
    duties: tuple[Duty, ...]
    dimensions: tuple[Dimension, ...]
    fingerprint: str
    """A short hash of every file read, to tell two builds of one revision apart."""
    submissions: dict[str, Submission] = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)

    def agency(self, agency_id: str) -> Agency:
        return next(agency for agency in self.agencies if agency.id == agency_id)

    @property
    def lead(self) -> Agency:
        return next(agency for agency in self.agencies if agency.role is Role.LEAD)

    @property
    def members(self) -> tuple[Agency, ...]:
        return tuple(agency for agency in self.agencies if agency.role is Role.MEMBER)

    def axis(self, axis_id: str) -> Axis:
        return next(axis for axis in self.axes if axis.id == axis_id)

    def duty(self, number: int) -> Duty:
        return next(duty for duty in self.duties if duty.number == number)

    def decision(self, number: int) -> Decision:
        return next(decision for decision in self.decisions if decision.number == number)

    def contributions(self) -> Iterator[tuple[Agency, Contribution]]:
        """Every contribution with its agency, agencies in the resolution's order."""
        for agency in self.agencies:
            submission = self.submissions.get(agency.id)
            if submission is not None:
                for contribution in submission.contributions:
                    yield agency, contribution
