"""The resolution's own data: who (agencies), what (decisions, duties), and the Compact's axes.

These mirror ``data/agencies.yaml``, ``data/duties.yaml`` and ``data/axes.yaml`` (design §1).
"""

from __future__ import annotations

from pydantic import Field

from gdcpos.models.common import Basis, Identifier, Model, NonEmptyProse, Number, Prose, Role
from gdcpos.persian.jalali import JalaliDate


class Cluster(Model):
    """A group of members the resolution lists together (the security and defence bodies)."""

    id: Identifier
    name: NonEmptyProse
    name_en: str


class Agency(Model):
    id: Identifier
    name: NonEmptyProse
    name_en: str
    short: NonEmptyProse
    role: Role
    cluster: Identifier | None = None


class AgenciesFile(Model):
    clusters: list[Cluster] = Field(default_factory=list)
    agencies: list[Agency] = Field(min_length=1)


class Axis(Model):
    id: Identifier
    name: NonEmptyProse
    name_en: str
    description: Prose = ""


class AxesFile(Model):
    axes: list[Axis] = Field(min_length=1)


class Resolution(Model):
    number: Number
    issuer: NonEmptyProse
    issuer_en: str
    date: JalaliDate
    subject: NonEmptyProse
    communicated_by: NonEmptyProse


class Decision(Model):
    """One of the resolution's decisions (مصوبات); decision 2 has a deadline and a deliverable."""

    number: Number
    text: NonEmptyProse
    owners: list[Identifier]
    deliverable: NonEmptyProse
    deadline: JalaliDate | None = None


class Duty(Model):
    """One of the working group's ten duties (Appendix 1, part b)."""

    number: Number
    title: NonEmptyProse
    text: NonEmptyProse
    owners: list[Identifier]
    basis: Basis


class Dimension(Model):
    id: Identifier
    name: NonEmptyProse


class DutiesFile(Model):
    resolution: Resolution
    decisions: list[Decision] = Field(min_length=1)
    duties: list[Duty] = Field(min_length=1)
    dimensions: list[Dimension] = Field(default_factory=list)
