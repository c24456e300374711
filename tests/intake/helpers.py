"""Submissions written inline for the intake tests, and ways to look at what intake left."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HISTORY = "positions/.history"
LOG = f"{HISTORY}/intake-log.jsonl"
LOCK = f"{HISTORY}/intake.lock"

TEXTS = (
    "حاکمیت کشورها بر زیرساخت‌های فضای مجازی سرزمینی خود باید در پیمان به رسمیت شناخته شود.",
    "دسترسی برابر همه ملت‌ها به منابع حیاتی اینترنت بدون تبعیض و محدودیت‌های یک‌جانبه تضمین شود.",
    "داده‌های شخصی شهروندان باید تحت صلاحیت قانونی کشور محل سکونت آنان پردازش و نگهداری شود.",
    "سکوهای فراملی در برابر محتوای گمراه‌کننده و نفرت‌پراکنی پاسخ‌گو باشند و قانون را رعایت کنند.",
    "تنظیم‌گری هوش مصنوعی باید چندجانبه باشد و ارزش‌های فرهنگی و دینی ملت‌ها را محترم بشمارد.",
    "انتقال فناوری بدون شرط به کشورهای در حال توسعه برای رفع شکاف دیجیتال ضروری است.",
)


def contribution(
    item_id: str, text: str, *, axis: str = "fragmentation", title: str = "عنوان مورد"
) -> str:
    return (
        f"  - id: {item_id}\n"
        f"    axis: {axis}\n"
        "    duties: [1]\n"
        "    kind: principle\n"
        f'    title: "{title}"\n'
        f'    text: "{text}"\n'
    )


def submission(agency: str, revision: int, *items: str, submitted: str = "1402-01-10") -> str:
    """A submission's YAML; ``items`` are :func:`contribution` blocks (default: one item)."""
    body = "".join(items) if items else contribution(f"{agency}-001", TEXTS[0])
    return f"agency: {agency}\nrevision: {revision}\nsubmitted: {submitted}\ncontributions:\n{body}"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def log_records(root: Path) -> list[dict[str, Any]]:
    path = root / LOG
    if not path.exists():
        return []
    # Split on "\n" only: a record may hold U+2028 and other characters splitlines() ends at.
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


def history(root: Path) -> dict[str, bytes]:
    """Every file kept under positions/.history/<agency>/, by path relative to the workspace."""
    folder = root / HISTORY
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(folder.glob("*/*"))
        if path.is_file()
    }


def state(root: Path) -> dict[str, bytes]:
    """Every file of the workspace but the log and the lock (compared on their own)."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.relative_to(root).as_posix() not in (LOG, LOCK)
    }
