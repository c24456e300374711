"""What the baseline pipelines share: read a workspace with libyaml and group it as a framework.

This is the part a user would write before any templating: load every YAML file with
``yaml.load(f, Loader=yaml.CSafeLoader)`` (the fast C loader, the best PyYAML offers), then order
the contributions the way the framework document presents them: per axis (``data/axes.yaml``
order), per kind (the order of design §1), per agency (``data/agencies.yaml`` order) and file
order. Both baselines render exactly this structure, so their documents carry the same content:

- a cover line;
- per axis a heading, per kind present in it a sub-heading;
- per contribution a title paragraph, a text paragraph and an attribution line (the agency's
  short name and the duties, as Persian digits).

Nothing here checks the input (a user's script would not either), and prose is not normalised:
gdcpos does both, which is part of what it is measured doing. ``secret`` items are left out, as
gdcpos leaves them out of the commission's framework (the synthetic workspaces hold none).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

COVER = "چارچوب مواضع جمهوری اسلامی ایران در روند شکل‌گیری پیمان جهانی دیجیتال"

KIND_HEADINGS = {
    "principle": "اصول",
    "norm": "هنجارها",
    "key-element": "عناصر کلیدی",
    "opportunity": "فرصت‌ها",
    "threat": "تهدیدها",
    "strategy": "راهبردهای مواجهه",
    "amendment": "پیشنهادهای اصلاحی",
    "recommendation": "توصیه‌های تصمیم‌ساز",
    "red-line": "خطوط قرمز",
    "initiative": "ابتکارها و بیانیه‌های مشترک",
    "legal-proposal": "پیشنهادهای حقوقی",
    "country-position": "مواضع کشورها",
    "stakeholder-input": "نظرات بخش غیردولتی",
}
"""Sub-heading of each kind, in the order of the framework's sections (design §1)."""

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@dataclass
class Item:
    """One contribution as the document shows it."""

    title: str
    text: str
    attribution: str


@dataclass
class KindGroup:
    """The contributions of one kind under one axis."""

    label: str
    items: list[Item] = field(default_factory=list)


@dataclass
class AxisSection:
    """One axis of the Compact and its kinds (only the kinds that have contributions)."""

    name: str
    kinds: list[KindGroup] = field(default_factory=list)


@dataclass
class Framework:
    """The whole framework document, ready for a template."""

    cover: str
    axes: list[AxisSection]

    def count(self) -> tuple[int, int, int]:
        """(axis headings, kind sub-headings, contributions) in the document."""
        groups = [group for axis in self.axes for group in axis.kinds]
        return len(self.axes), len(groups), sum(len(group.items) for group in groups)


def _load(path: Path) -> Any:
    with path.open("rb") as stream:
        return yaml.load(stream, Loader=yaml.CSafeLoader)


def attribution(short: str, duties: list[int]) -> str:
    """The attribution line: ``— <agency short name>، وظایف ۳، ۴``."""
    numbers = "، ".join(str(duty) for duty in duties).translate(_PERSIAN_DIGITS)
    word = "وظیفه" if len(duties) == 1 else "وظایف"
    return f"— {short}، {word} {numbers}"


def load_framework(workspace: Path) -> Framework:
    """Read ``workspace`` (data/*.yaml and positions/*.yaml) and group it as the framework."""
    agencies = _load(workspace / "data" / "agencies.yaml")["agencies"]
    axes = _load(workspace / "data" / "axes.yaml")["axes"]
    short = {agency["id"]: agency["short"] for agency in agencies}
    rank = {agency["id"]: index for index, agency in enumerate(agencies)}
    submissions = [_load(path) for path in sorted((workspace / "positions").glob("*.yaml"))]
    submissions.sort(key=lambda submission: rank[submission["agency"]])

    grouped: dict[tuple[str, str], list[Item]] = {}
    for submission in submissions:
        name = short[submission["agency"]]
        for item in submission.get("contributions") or ():
            if item.get("classification", "internal") == "secret":
                continue
            grouped.setdefault((item["axis"], item["kind"]), []).append(
                Item(item["title"], item["text"], attribution(name, item["duties"]))
            )
    sections = []
    for axis in axes:
        kinds = [
            KindGroup(label, grouped[(axis["id"], kind)])
            for kind, label in KIND_HEADINGS.items()
            if (axis["id"], kind) in grouped
        ]
        sections.append(AxisSection(axis["name"], kinds))
    return Framework(COVER, sections)
