"""What the rules can still check of a file whose model failed: the parts that pass on their own.

A misspelt kind in one contribution must not hide, until the agency sends the file again, that
another names an unknown axis (design §2: all problems at once). So when a file's model fails,
each part is validated on its own: a submission's agency and each contribution, the duties
file's decisions and duties; and of a record that fails, each field the rules read. The rules
(`gdcpos.validate.rules`) then check whatever passed. A field that failed is None here, or
empty if it is a list: its problem is already reported, and is not reported again by a rule.

These parts serve the rules only: the file's model stays None, so the workspace stays invalid and
nothing after validation sees them. Only a file whose model failed comes here; a valid file costs
nothing more.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from gdcpos.load import LoadedFile
from gdcpos.models import Contribution, Decision, DutiesFile, Duty, Submission

M = TypeVar("M", bound=BaseModel)
P = TypeVar("P")


@dataclass(frozen=True)
class ContributionParts:
    """A contribution that failed its schema check: the fields the rules read, as validated."""

    id: str | None
    axis: str | None
    duties: tuple[int, ...]
    dimensions: tuple[str, ...]
    references: tuple[str, ...]


@dataclass(frozen=True)
class SubmissionParts:
    """A submission that failed its schema check: its agency, and every contribution in its
    place (so that each is located where it is), whole when it passes on its own."""

    agency: str | None
    contributions: tuple[Contribution | ContributionParts, ...]


@dataclass(frozen=True)
class RecordParts:
    """A decision or duty that failed its schema check: its number and owners, as validated."""

    number: int | None
    owners: tuple[str, ...]


@dataclass(frozen=True)
class DutiesParts:
    """A duties file that failed its schema check: its decisions and duties, each in its place."""

    decisions: tuple[Decision | RecordParts, ...]
    duties: tuple[Duty | RecordParts, ...]


def checkable_submission(
    submission: Submission | None, loaded: LoadedFile
) -> Submission | SubmissionParts | None:
    """What the rules check of a submission file: its model, or, if that failed, its parts that
    pass on their own (None if the file could not be read as a mapping at all)."""
    if submission is not None:
        return submission
    data = loaded.data
    if not isinstance(data, dict):
        return None
    return SubmissionParts(
        agency=_field(Submission, "agency", data),
        contributions=_each(Contribution, data.get("contributions"), _contribution_parts),
    )


def checkable_duties(
    duties: DutiesFile | None, loaded: LoadedFile | None
) -> DutiesFile | DutiesParts | None:
    """What the rules check of the duties file: its model, or, if that failed, its parts that pass
    on their own (None if the file is missing or could not be read as a mapping)."""
    if duties is not None:
        return duties
    data = loaded.data if loaded is not None else None
    if not isinstance(data, dict):
        return None
    return DutiesParts(
        decisions=_each(Decision, data.get("decisions"), _record_parts(Decision)),
        duties=_each(Duty, data.get("duties"), _record_parts(Duty)),
    )


def _each(model: type[M], items: object, parts: Callable[[dict[str, Any]], P]) -> tuple[M | P, ...]:
    """Each record of the list ``items``: its model if it passes, else its ``parts``."""
    if not isinstance(items, list):
        return ()
    found: list[M | P] = []
    for item in items:
        try:
            found.append(model.model_validate(item))
        except ValidationError:
            found.append(parts(item if isinstance(item, dict) else {}))
    return tuple(found)


def _contribution_parts(data: dict[str, Any]) -> ContributionParts:
    return ContributionParts(
        id=_field(Contribution, "id", data),
        axis=_field(Contribution, "axis", data),
        duties=tuple(_field(Contribution, "duties", data) or ()),
        dimensions=tuple(_field(Contribution, "dimensions", data) or ()),
        references=tuple(_field(Contribution, "references", data) or ()),
    )


def _record_parts(model: type[Decision | Duty]) -> Callable[[dict[str, Any]], RecordParts]:
    def parts(data: dict[str, Any]) -> RecordParts:
        return RecordParts(
            number=_field(model, "number", data),
            owners=tuple(_field(model, "owners", data) or ()),
        )

    return parts


def _field(model: type[BaseModel], name: str, data: dict[str, Any]) -> Any:
    """Field ``name`` of ``data`` validated alone, as ``model`` would; None if it fails.

    Alone means without the model's own validators: none of the fields read here has one
    (they compare fields, such as a red-line's classification with its kind).
    """
    if name not in data:
        info = model.model_fields[name]
        return None if info.is_required() else info.get_default(call_default_factory=True)
    try:
        return _adapter(model, name).validate_python(data[name])
    except ValidationError:
        return None


@functools.cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    validators = model.__pydantic_decorators__.field_validators.values()
    assert not any(name in validator.info.fields for validator in validators), (
        f"{model.__name__}.{name} has a validator of the model's own: it cannot be checked alone"
    )
    info = model.model_fields[name]
    field_type: Any = Annotated[info.annotation, info]  # made at run time: no static type
    return TypeAdapter(field_type)
