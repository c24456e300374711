"""New workspaces and submission skeletons: the files a person starts from."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from gdcpos.diagnostics import InputError, UsageError, cannot
from gdcpos.models import Alignment, Classification, Kind, Submission
from gdcpos.persian import JalaliDate, to_persian_digits
from gdcpos.validate import DATA_FILES, POSITIONS_DIR, validate_workspace


def init_workspace(directory: Path) -> list[Path]:
    """Create a workspace at ``directory`` with the resolution's data and an empty positions/."""
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} is not a folder; choose a new folder")
    # Hidden entries (a .git made first, a .gitignore) are not in the way of a workspace.
    if directory.exists() and any(not entry.name.startswith(".") for entry in directory.iterdir()):
        raise UsageError(f"{directory} exists and is not empty; choose a new folder")
    packaged = resources.files("gdcpos") / "resources" / "data"
    created = []
    try:
        for relpath in DATA_FILES:
            target = directory / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            with resources.as_file(packaged / Path(relpath).name) as source:
                shutil.copyfile(source, target)
            created.append(target)
        (directory / POSITIONS_DIR).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot("create the workspace", directory, exc) from None
    return created


def export_templates(directory: Path) -> list[Path]:
    """Copy the packaged templates and the default reference.docx to ``directory`` to customise.

    Put them (or the ones you change) in a workspace's ``templates/`` folder: they then come before
    the packaged ones, and each can extend the packaged original as ``gdcpos/<name>``.
    Existing files are never overwritten.
    """
    from gdcpos.templating import packaged_templates_dir
    from gdcpos.writers.docx import export_reference_docx

    sources = sorted(packaged_templates_dir().glob("*.j2"))
    targets = [directory / source.name for source in sources]
    reference = directory / "reference.docx"
    if directory.exists() and not directory.is_dir():
        raise UsageError(
            f"{directory} is not a folder; choose a folder to export the templates into"
        )
    clashes = [str(target) for target in [*targets, reference] if target.exists()]
    if clashes:
        raise UsageError(f"not overwriting existing files: {', '.join(clashes)}")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for source, target in zip(sources, targets, strict=True):
            shutil.copyfile(source, target)
        export_reference_docx(reference)
    except OSError as exc:
        raise _cannot("export the templates", directory, exc) from None
    return [*targets, reference]


def _cannot(action: str, directory: Path, exc: OSError) -> InputError:
    """``action`` failed on the file system: the file it failed on (else ``directory``), and why."""
    where = exc.filename if exc.filename is not None else directory
    return InputError([cannot(str(where), action, exc)])


def submission_skeleton(workspace: Path, agency_id: str, today: JalaliDate | None = None) -> str:
    """A submission for ``agency_id`` to fill in, with Persian comments explaining each field.

    It continues the agency's current submission (next revision, next free id) and holds its
    contributions: a new revision replaces the whole submission, so an item left out of it is
    withdrawn. It is invalid until the new item's title and text are written, so an unfilled
    skeleton is never accepted by mistake.
    """
    result = validate_workspace(workspace)
    if result.reference is None:
        raise InputError(result.diagnostics)
    reference = result.reference
    agencies = {agency.id: agency for agency in reference.agencies.agencies}
    if agency_id not in agencies:
        raise UsageError(f"unknown agency '{agency_id}'; known: {', '.join(agencies)}")
    agency = agencies[agency_id]
    current = result.submissions.get(f"{POSITIONS_DIR}/{agency_id}.yaml")
    revision = current.revision + 1 if current else 1
    used = {item.id for item in current.contributions} if current else set()
    next_id = next(
        candidate
        for candidate in (f"{agency_id}-{n:03d}" for n in range(1, len(used) + 2))
        if candidate not in used
    )
    owned = [d for d in reference.duties.duties if agency_id in d.owners] or list(
        reference.duties.duties
    )
    submitted = (today or JalaliDate.today()).isoformat()

    lines = [
        f"# ارسال مواضع {agency.name} درباره «پیمان جهانی دیجیتال» (مصوبه جلسه ۱۱۰)",
        f"# Submission of {agency.name_en} to the Global Digital Compact working group.",
        "# این فایل را تکمیل کنید و برای دبیرخانه کارگروه (مرکز ملی فضای مجازی) بفرستید.",
        # An agency has no workspace to run `gdcpos validate` in: the secretariat's intake checks.
        "# دبیرخانه فایل را هنگام دریافت بررسی می‌کند و هر خطا را با شماره سطر و ستون گزارش می‌دهد.",
        "",
        f"agency: {agency_id}  # شناسه دستگاه؛ تغییر ندهید",
        f"revision: {revision}  # شماره ویرایش؛ هر ارسال تازه یک واحد بیشتر از ارسال قبلی",
        f"submitted: {submitted}  # تاریخ ارسال، هجری شمسی (سال-ماه-روز)",
        "",
        "# محورهای کلیدی پیمان (axis):",
        *(f"#   {axis.id}: {axis.name}" for axis in reference.axes.axes),
        "# وظایف کارگروه که این دستگاه متولی آن است (duties):",
        *(f"#   {d.number}: {d.title}" for d in owned),
        "# انواع مورد (kind):",
        *(f"#   {kind.value}: {kind.label}" for kind in Kind),
        "",
        "contributions:",
        *(_current_items(current) if current and current.contributions else []),
        "  # هر مورد یک اصل، هنجار، تهدید، پیشنهاد و … است؛ برای مورد بعدی این بلوک را تکرار کنید.",
        f"  - id: {next_id}  # شناسه یکتا؛ با «{agency_id}-» آغاز شود",
        f"    axis: {reference.axes.axes[0].id}  # یکی از محورهای بالا",
        f"    duties: [{owned[0].number}]  # شماره وظایفی که این مورد به آن پاسخ می‌دهد",
        f"    kind: {Kind.PRINCIPLE.value}  # یکی از انواع بالا",
        '    title: ""  # عنوان کوتاه (الزامی)',
        '    text: ""  # متن کامل به فارسی (الزامی)',
        f"    classification: {Classification.INTERNAL.value}  # "
        + " | ".join(f"{c.value} ({c.label})" for c in Classification)
        + "؛ خط قرمز هرگز public نیست",
        "    dimensions: []  # ابعاد (اختیاری): "
        + ", ".join(d.id for d in reference.duties.dimensions),
        "    references: []  # اسناد فرادست (اختیاری)، مانند A/RES/79/1",
        "    # فقط برای kind: country-position —",
        "    # country: CN  # کد کشور (ISO) یا بلوک، مانند EU یا BRICS",
        "    # alignment: aligned  # " + " | ".join(f"{a.value} ({a.label})" for a in Alignment),
        "",
    ]
    return "\n".join(lines)


def _current_items(submission: Submission) -> list[str]:
    """``submission``'s contributions as skeleton lines that read back to the same values: the
    values as gdcpos read them, normalised (Persian digits and letters in prose), not the agency's
    own bytes, whose comments are not carried over.

    Fields are in the template item's order; those at their default (empty lists, no country or
    alignment) are left out, but the classification always shows. PyYAML writes every value,
    so that what YAML would read otherwise (``no``, ``: x``, ``#tag``) is quoted.
    """
    items = [
        {
            name: value
            for name, value in item.model_dump(mode="json").items()
            if value not in ([], None)
        }
        for item in submission.contributions
    ]
    written = yaml.dump(
        items,
        Dumper=_ItemDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=_NEVER_FOLD,
    )
    revision = to_persian_digits(str(submission.revision))
    return [
        f"  # موارد کنونی این دستگاه (ویرایش {revision})؛ این ارسال جایگزین همه آن‌ها می‌شود:",
        "  # هر مورد که اصلاح شود در پرونده تغییر می‌کند"
        " و هر مورد که حذف شود از پرونده پس گرفته می‌شود.",
        *(f"  {line}" if line else "" for line in written.removesuffix("\n").split("\n")),
        "",
    ]


_NEVER_FOLD = 2**31
"""A line width no text reaches: PyYAML would otherwise fold long texts into several lines."""


class _ItemDumper(yaml.SafeDumper):
    """Writes texts with line breaks as literal blocks, and lists of values on one line."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # A literal block keeps paragraphs readable; NEL and the Unicode line and paragraph
    # separators would be read back as other breaks in it, so texts with them are escaped.
    if any(char in text for char in "\x85\u2028\u2029"):
        style: str | None = '"'
    else:
        style = "|" if "\n" in text else None  # PyYAML quotes the block if it cannot hold it
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_list(dumper: yaml.SafeDumper, values: list[Any]) -> yaml.SequenceNode:
    flat = not any(isinstance(value, dict | list) for value in values)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", values, flow_style=flat)


_ItemDumper.add_representer(str, _represent_text)
_ItemDumper.add_representer(list, _represent_list)
