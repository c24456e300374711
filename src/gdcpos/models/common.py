"""Types shared by the workspace models: identifiers, Persian prose, the closed vocabularies."""

from __future__ import annotations

import enum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictInt, StringConstraints

from gdcpos.persian.text import normalize_prose

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$", max_length=40),
]
"""A lower-case id such as ``judiciary-hr``: safe as a file name, never a path."""

Prose = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(normalize_prose)]
"""Persian prose, normalised as it is read (design §4): ی ک, Persian digits, ZWNJ kept."""

NonEmptyProse = Annotated[Prose, StringConstraints(min_length=1)]

Number = Annotated[StrictInt, Field(ge=1)]
"""A duty, decision or revision number: a YAML integer (``"2"`` or ``010`` is text, not 2 or 8)."""


class Model(BaseModel):
    """Base of every workspace model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=False, defer_build=True
    )


class Role(enum.StrEnum):
    LEAD = "lead"
    MEMBER = "member"


class Basis(enum.StrEnum):
    """Why a duty has its owners: the resolution names them, or the assignment is ours."""

    RESOLUTION = "resolution"
    PROPOSED = "proposed"


class Classification(enum.StrEnum):
    """Security classification of a contribution, from the lowest to the highest."""

    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"
    SECRET = "secret"

    @property
    def rank(self) -> int:
        return _CLASSIFICATION_ORDER.index(self)

    @property
    def label(self) -> str:
        """The marking as printed on a document (عادی، داخلی، محرمانه، سری)."""
        return _CLASSIFICATION_LABELS[self]


_CLASSIFICATION_ORDER = list(Classification)
_CLASSIFICATION_LABELS = {
    Classification.PUBLIC: "عادی",
    Classification.INTERNAL: "داخلی",
    Classification.CONFIDENTIAL: "محرمانه",
    Classification.SECRET: "سری",
}


class Kind(enum.StrEnum):
    """What a contribution is; the order is the order of sections in the framework."""

    PRINCIPLE = "principle"
    NORM = "norm"
    KEY_ELEMENT = "key-element"
    OPPORTUNITY = "opportunity"
    THREAT = "threat"
    STRATEGY = "strategy"
    AMENDMENT = "amendment"
    RECOMMENDATION = "recommendation"
    RED_LINE = "red-line"
    INITIATIVE = "initiative"
    LEGAL_PROPOSAL = "legal-proposal"
    COUNTRY_POSITION = "country-position"
    STAKEHOLDER_INPUT = "stakeholder-input"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def plural_label(self) -> str:
        return _KIND_PLURAL_LABELS[self]


_KIND_LABELS = {
    Kind.PRINCIPLE: "اصل",
    Kind.NORM: "هنجار",
    Kind.KEY_ELEMENT: "عنصر کلیدی",
    Kind.OPPORTUNITY: "فرصت",
    Kind.THREAT: "تهدید",
    Kind.STRATEGY: "راهبرد مواجهه",
    Kind.AMENDMENT: "پیشنهاد اصلاحی",
    Kind.RECOMMENDATION: "توصیه تصمیم‌ساز",
    Kind.RED_LINE: "خط قرمز",
    Kind.INITIATIVE: "ابتکار و بیانیه مشترک",
    Kind.LEGAL_PROPOSAL: "پیشنهاد حقوقی",
    Kind.COUNTRY_POSITION: "موضع کشورها",
    Kind.STAKEHOLDER_INPUT: "نظر بخش غیردولتی",
}

_KIND_PLURAL_LABELS = {
    Kind.PRINCIPLE: "اصول",
    Kind.NORM: "هنجارها",
    Kind.KEY_ELEMENT: "عناصر کلیدی",
    Kind.OPPORTUNITY: "فرصت‌ها",
    Kind.THREAT: "تهدیدها",
    Kind.STRATEGY: "راهبردهای مواجهه",
    Kind.AMENDMENT: "پیشنهادهای اصلاحی",
    Kind.RECOMMENDATION: "توصیه‌های تصمیم‌ساز",
    Kind.RED_LINE: "خطوط قرمز",
    Kind.INITIATIVE: "ابتکارها و بیانیه‌های مشترک",
    Kind.LEGAL_PROPOSAL: "پیشنهادهای حقوقی",
    Kind.COUNTRY_POSITION: "مواضع کشورها",
    Kind.STAKEHOLDER_INPUT: "نظرات بخش غیردولتی",
}


class Alignment(enum.StrEnum):
    """How a country or bloc stands towards Iran's positions (decision 2)."""

    ALIGNED = "aligned"
    RIVAL = "rival"
    NEUTRAL = "neutral"

    @property
    def label(self) -> str:
        return {"aligned": "همسو", "rival": "رقیب", "neutral": "بی‌طرف"}[self.value]
