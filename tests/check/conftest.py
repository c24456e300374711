"""A small complete workspace for the coverage rules, written inline, and edits that open one gap.

Four agencies (the lead and three members), three duties, two decisions (decision 2 with the
resolution's deadline) and three axes: every rule has something to look at, and the line of
everything a finding points at can be read off the text below.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import build_tree

AGENCIES = """\
agencies:
  - id: ncc
    name: "مرکز ملی فضای مجازی"
    name_en: "National Centre for Cyberspace"
    short: "مرکز ملی"
    role: lead
  - id: ict
    name: "وزارت ارتباطات و فناوری اطلاعات"
    name_en: "Ministry of ICT"
    short: "ارتباطات"
    role: member
  - id: mfa
    name: "وزارت امور خارجه"
    name_en: "Ministry of Foreign Affairs"
    short: "خارجه"
    role: member
  - id: culture
    name: "وزارت فرهنگ و ارشاد اسلامی"
    name_en: "Ministry of Culture and Islamic Guidance"
    short: "ارشاد"
    role: member
"""

AXES = """\
axes:
  - id: connectivity
    name: "اتصال همگانی"
    name_en: "Connect all people"
  - id: fragmentation
    name: "جلوگیری از گسست اینترنت"
    name_en: "Avoid internet fragmentation"
  - id: ai
    name: "تنظیم‌گری هوش مصنوعی"
    name_en: "Regulation of AI"
"""

DUTIES = """\
resolution:
  number: 110
  issuer: "کمیسیون عالی تنظیم مقررات فضای مجازی کشور"
  issuer_en: "Supreme Commission for Regulation of Cyberspace"
  date: 1401-12-22
  subject: "پیمان جهانی دیجیتال"
  communicated_by: "دبیر شورای عالی فضای مجازی"
decisions:
  - number: 1
    text: "تشکیل کارگروه تخصصی"
    owners: [ncc]
    deliverable: "تشکیل کارگروه"
  - number: 2
    text: "گزارش مواضع کشورها"
    owners: [mfa]
    deadline: 1402-01-15
    deliverable: "گزارش مواضع جریان‌های همسو و رقیب"
duties:
  - number: 1
    title: "جمع‌بندی ملاحظات"
    text: "اخذ و جمع‌بندی ملاحظات"
    owners: [ncc]
    basis: proposed
  - number: 2
    title: "تحلیل مواضع"
    text: "تحلیل مواضع جریان‌ها و کشورها"
    owners: [ict, mfa]
    basis: proposed
  - number: 3
    title: "گفتمان‌سازی"
    text: "گفتمان‌سازی و تولید محتوا"
    owners: [culture]
    basis: proposed
dimensions:
  - id: legal
    name: "حقوقی"
"""


def submission(agency: str, *items: str) -> str:
    """A submission of ``agency`` holding the given contribution blocks."""
    return f"agency: {agency}\nrevision: 1\nsubmitted: 1402-01-10\ncontributions:\n" + "".join(
        items
    )


def item(agency: str, number: int, axis: str, duties: str, kind: str = "principle") -> str:
    extra = "    country: CN\n    alignment: aligned\n" if kind == "country-position" else ""
    return (
        f"  - id: {agency}-{number:03d}\n"
        f"    axis: {axis}\n"
        f"    duties: {duties}\n"
        f"    kind: {kind}\n"
        f'    title: "عنوان"\n'
        f'    text: "متن"\n' + extra
    )


FILES: dict[str, str] = {
    "data/agencies.yaml": AGENCIES,
    "data/axes.yaml": AXES,
    "data/duties.yaml": DUTIES,
    "positions/ncc.yaml": submission("ncc", item("ncc", 1, "connectivity", "[1]")),
    "positions/ict.yaml": submission("ict", item("ict", 1, "fragmentation", "[2]")),
    "positions/mfa.yaml": submission(
        "mfa",
        item("mfa", 1, "fragmentation", "[2]"),
        item("mfa", 2, "ai", "[2]", kind="country-position"),
    ),
    "positions/culture.yaml": submission("culture", item("culture", 1, "ai", "[3]")),
}
"""The complete workspace: every member submitted, every duty, axis and deliverable covered."""

Edits = dict[str, str | None]
CheckWorkspace = Callable[..., Path]


def edited(relpath: str, old: str, new: str) -> Edits:
    """An edit of one file of ``FILES``: ``old`` (which must occur once) replaced by ``new``."""
    text = FILES[relpath]
    assert text.count(old) == 1, (relpath, old)
    return {relpath: text.replace(old, new)}


@pytest.fixture
def check_workspace(tmp_path: Path) -> CheckWorkspace:
    """``FILES`` written to a folder, with ``edits`` applied (a file mapped to None is left out)."""

    def make(edits: Edits | None = None) -> Path:
        files = {**FILES, **(edits or {})}
        root = tmp_path / "ws"
        build_tree(root, {path: text for path, text in files.items() if text is not None})
        return root

    return make
