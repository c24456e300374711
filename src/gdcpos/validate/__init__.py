"""Validation: YAML data → models, with every problem located (design §3, the second stage)."""

from gdcpos.validate.parts import SubmissionParts, checkable_submission
from gdcpos.validate.pydantic_errors import validate_model
from gdcpos.validate.rules import Reference, check_submission, check_unique_ids
from gdcpos.validate.workspace import (
    AGENCIES_FILE,
    AXES_FILE,
    DATA_FILES,
    DUTIES_FILE,
    POSITIONS_DIR,
    SETTINGS_FILE,
    ValidationResult,
    missing_data_files,
    submission_files,
    validate_workspace,
)

__all__ = [
    "AGENCIES_FILE",
    "AXES_FILE",
    "DATA_FILES",
    "DUTIES_FILE",
    "POSITIONS_DIR",
    "SETTINGS_FILE",
    "Reference",
    "SubmissionParts",
    "ValidationResult",
    "check_submission",
    "check_unique_ids",
    "checkable_submission",
    "missing_data_files",
    "submission_files",
    "validate_model",
    "validate_workspace",
]
