"""Optional workspace settings (``gdcpos.yaml``)."""

from __future__ import annotations

import enum

from gdcpos.models.common import Model, Prose


class Audience(enum.StrEnum):
    """Who a build is for: the commission sees up to confidential, the public only public items."""

    COMMISSION = "commission"
    PUBLIC = "public"


class Settings(Model):
    title: Prose | None = None
    body_font: str = "B Nazanin"
    heading_font: str = "B Titr"
    output: str = "build"
    audience: Audience = Audience.COMMISSION
