"""Workspace models: pure schema (Pydantic v2), knowing nothing of YAML or Word."""

from gdcpos.models.common import Alignment, Basis, Classification, Kind, Role
from gdcpos.models.reference import (
    AgenciesFile,
    Agency,
    AxesFile,
    Axis,
    Cluster,
    Decision,
    Dimension,
    DutiesFile,
    Duty,
    Resolution,
)
from gdcpos.models.settings import Audience, Settings
from gdcpos.models.submission import Contribution, Submission
from gdcpos.models.workspace import Workspace

__all__ = [
    "AgenciesFile",
    "Agency",
    "Alignment",
    "Audience",
    "AxesFile",
    "Axis",
    "Basis",
    "Classification",
    "Cluster",
    "Contribution",
    "Decision",
    "Dimension",
    "DutiesFile",
    "Duty",
    "Kind",
    "Resolution",
    "Role",
    "Settings",
    "Submission",
    "Workspace",
]
