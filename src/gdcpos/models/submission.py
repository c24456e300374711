"""An agency's submission (``positions/<agency>.yaml``) and its contributions."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import Field, StringConstraints, ValidationInfo, field_validator, model_validator

from gdcpos.models.common import (
    Alignment,
    Classification,
    Identifier,
    Kind,
    Model,
    NonEmptyProse,
    Number,
)
from gdcpos.persian.jalali import JalaliDate

CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]{1,7}$")]
"""ISO 3166 alpha-2 (``CN``) or a bloc's code (``EU``, ``G77``, ``BRICS``); ``NO`` stays Norway."""


class Contribution(Model):
    id: Identifier
    axis: Identifier
    duties: list[Number] = Field(min_length=1)
    kind: Kind
    title: NonEmptyProse
    text: NonEmptyProse
    classification: Classification = Classification.INTERNAL
    dimensions: list[Identifier] = Field(default_factory=list)
    references: list[NonEmptyProse] = Field(default_factory=list)
    country: CountryCode | None = None
    alignment: Alignment | None = None

    @field_validator("classification")
    @classmethod
    def _red_line_is_never_public(
        cls, value: Classification, info: ValidationInfo
    ) -> Classification:
        if value is Classification.PUBLIC and info.data.get("kind") is Kind.RED_LINE:
            raise ValueError("a red-line is never public; classify it internal or higher")
        return value

    @field_validator("country", "alignment")
    @classmethod
    def _only_on_country_positions(cls, value: object, info: ValidationInfo) -> object:
        kind = info.data.get("kind")
        if value is not None and kind is not None and kind is not Kind.COUNTRY_POSITION:
            raise ValueError(f"only a country-position has '{info.field_name}' (this is a {kind})")
        return value

    @model_validator(mode="after")
    def _country_positions_name_their_country(self) -> Self:
        if self.kind is Kind.COUNTRY_POSITION:
            missing = [name for name in ("country", "alignment") if getattr(self, name) is None]
            if missing:
                raise ValueError(f"a country-position needs {' and '.join(missing)}")
        return self


class Submission(Model):
    """What one agency sent: a revision of all its contributions, replacing the previous one."""

    agency: Identifier
    revision: Number
    submitted: JalaliDate
    contributions: list[Contribution] = Field(default_factory=list)
