"""Optional workspace settings (``gdcpos.yaml``)."""

from __future__ import annotations

import enum
from typing import Annotated

from pydantic import AfterValidator

from gdcpos.models.common import Model, NonEmptyProse


class Audience(enum.StrEnum):
    """Who a build is for: the commission sees up to confidential, the public only public items."""

    COMMISSION = "commission"
    PUBLIC = "public"


def _named_font(value: str) -> str:
    if not value.strip():
        raise ValueError(
            "a font name cannot be blank; name a font, or remove the key to use the default"
        )
    return value


FontName = Annotated[str, AfterValidator(_named_font)]
"""A font as Word names it. A blank one is refused here, where it can be located in gdcpos.yaml;
the writers need a name, and would refuse it without saying where it came from."""


def _named_folder(value: str) -> str:
    if not value.strip():
        raise ValueError("must name a folder; remove the key to write into build/")
    return value


OutputFolder = Annotated[str, AfterValidator(_named_folder)]
"""Where documents are written, relative to the workspace. A blank one would be the workspace's
own folder, beside data/ and positions/."""


class Settings(Model):
    title: NonEmptyProse | None = None
    body_font: FontName = "B Nazanin"
    heading_font: FontName = "B Titr"
    output: OutputFolder = "build"
    audience: Audience = Audience.COMMISSION
