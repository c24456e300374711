"""The documents a build can make, each with its title, template and context: one registry.

A document's context is computed from an :class:`AudienceView` only (see ``audience.py``); the
cover facts, notices and marking are common to all and added by :func:`assemble`.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gdcpos.assemble import context as ctx
from gdcpos.assemble.audience import EVERY_KIND, AudienceView, view_for
from gdcpos.document import Document, DocumentInfo
from gdcpos.models import Audience, Classification, Kind, Workspace
from gdcpos.persian import JalaliDate, to_persian_digits
from gdcpos.templating import render_document
from gdcpos.templating.environment import TemplateEnvironment

if TYPE_CHECKING:
    from gdcpos.check.status import DecisionStatus


class DocumentName(enum.StrEnum):
    FRAMEWORK = "framework"
    DIVISION_OF_LABOUR = "division-of-labour"
    DECISION_2 = "decision-2"
    ANNEXES = "annexes"
    DECLARED = "declared"


@dataclass(frozen=True)
class Assembled:
    """A document ready for a writer, with what the build report says of it."""

    name: DocumentName
    document: Document
    items: int
    marking: Classification


Standing = Sequence["DecisionStatus"]
"""Where each decision stands on the build's date, judged on the whole workspace as ``gdcpos
status`` judges it: a deliverable withheld from a document's audience was still delivered.
Empty for a document that does not show it."""

ContextBuilder = Callable[[AudienceView, Standing], tuple[dict[str, object], ctx.Content]]


@dataclass(frozen=True)
class DocumentSpec:
    title: str
    build_context: ContextBuilder
    kinds: frozenset[Kind] = EVERY_KIND
    """The kinds of contribution the document shows: its view holds no other, and its cover
    counts only these among the items withheld from its audience."""
    public_only: bool = False
    """Declared positions hold public items whatever the audience (they are what is published)."""
    shows_standing: bool = False
    """Whether the document says where each decision stands (see ``Standing``)."""


def _framework(view: AudienceView, standing: Standing) -> tuple[dict[str, object], ctx.Content]:
    axes = ctx.axis_sections(view)
    resolution = view.workspace.resolution
    introduction = (
        f"این سند به استناد مصوبه جلسه {to_persian_digits(str(resolution.number))} مورخ "
        f"{resolution.date.format_persian()} {resolution.issuer} و در اجرای وظایف کارگروه "
        "تخصصی «مشارکت در روند شکل‌گیری پیمان جهانی دیجیتال»، پیش‌نویس چارچوب مواضع کشور را "
        "بر پایه ملاحظات و پیشنهادهای دستگاه‌های عضو کارگروه عرضه می‌کند."
    )
    method = (
        "موارد به تفکیک محورهای کلیدی پیمان و نوع (اصل، هنجار، تهدید، راهبرد و …) آمده‌اند؛ "
        "پیشنهادهای یکسان یا بسیار نزدیک دستگاه‌های مختلف یک بار و با ذکر همه پیشنهاددهندگان درج "
        "شده‌اند."
    )
    context = {
        "axes": axes,
        "introduction": introduction,
        "method": method,
        "show_classification": True,
    }
    return context, ctx.content_of(item for axis in axes for item in axis.items)


def _declared(view: AudienceView, standing: Standing) -> tuple[dict[str, object], ctx.Content]:
    axes = ctx.axis_sections(view)
    introduction = (
        "مواضع اعلامی جمهوری اسلامی ایران درباره «پیمان جهانی دیجیتال» سازمان ملل متحد، "
        "به تفکیک محورهای کلیدی پیمان."
    )
    context = {"axes": axes, "introduction": introduction, "show_classification": False}
    return context, ctx.content_of(item for axis in axes for item in axis.items)


def _division(view: AudienceView, standing: Standing) -> tuple[dict[str, object], ctx.Content]:
    dol = ctx.division_of_labour(view, standing)
    legend = (
        f"{dol.owner_mark} یعنی دستگاه متولی آن وظیفه است؛ عدد، شمار موارد ارسالی دستگاه برای آن "
        "وظیفه و «–» یعنی موردی ارسال نشده است. متولیان وظایفی که متن مصوبه نام نبرده، پیشنهادی‌اند "
        "(پیوست شماره دو منتشر نشده است)."
    )
    return {"dol": dol, "legend": legend}, dol.content


def _decision_2(view: AudienceView, standing: Standing) -> tuple[dict[str, object], ctx.Content]:
    axes = ctx.country_positions(view)
    decision = view.workspace.decision(2)
    deadline = decision.deadline.format_persian() if decision.deadline else "—"
    owner = view.workspace.agency(decision.owners[0]).name
    introduction = (
        f"گزارش {owner} در اجرای مصوبه ۲ (مهلت {deadline}): "
        "مواضع جریان‌ها و کشورهای همسو و رقیب درباره محورهای کلیدی پیمان جهانی دیجیتال."
    )
    items = [item for axis in axes for _, group in axis.groups for item in group]
    return {"country_axes": axes, "introduction": introduction}, ctx.content_of(items)


def _annexes(view: AudienceView, standing: Standing) -> tuple[dict[str, object], ctx.Content]:
    annexes = ctx.annexes(view)
    return {"annexes": annexes}, ctx.content_of(item for annex in annexes for item in annex.items)


DOCUMENTS: Mapping[DocumentName, DocumentSpec] = {
    DocumentName.FRAMEWORK: DocumentSpec(
        "پیش‌نویس چارچوب مواضع کشور", _framework, kinds=frozenset(ctx.FRAMEWORK_KINDS)
    ),
    DocumentName.DIVISION_OF_LABOUR: DocumentSpec(
        "ماتریس تقسیم کار کارگروه", _division, shows_standing=True
    ),
    DocumentName.DECISION_2: DocumentSpec(
        "گزارش مواضع کشورهای همسو و رقیب",
        _decision_2,
        kinds=frozenset({Kind.COUNTRY_POSITION}),
    ),
    DocumentName.ANNEXES: DocumentSpec("پیوست‌ها: ارسال‌های دستگاه‌ها", _annexes),
    DocumentName.DECLARED: DocumentSpec(
        "مواضع اعلامی", _declared, kinds=frozenset(ctx.FRAMEWORK_KINDS), public_only=True
    ),
}


def revision_of(workspace: Workspace) -> int:
    """The dossier's revision: the sum of the agencies' revisions, so every accepted submission
    raises it and the same workspace always has the same number."""
    return sum(submission.revision for submission in workspace.submissions.values())


def assemble(
    name: DocumentName,
    workspace: Workspace,
    env: TemplateEnvironment,
    *,
    audience: Audience,
    include_secret: bool,
    as_of: JalaliDate,
    created: dt.datetime,
) -> Assembled:
    """One document: the audience's view, its context, its template, its cover and marking."""
    spec = DOCUMENTS[name]
    if spec.public_only:
        view = view_for(workspace, Audience.PUBLIC, kinds=spec.kinds)
    else:
        view = view_for(workspace, audience, include_secret=include_secret, kinds=spec.kinds)
    standing: Standing = ()
    if spec.shows_standing:
        # Imported here: the check's rules are not needed to build the other documents.
        from gdcpos.check.status import decision_statuses

        standing = decision_statuses(workspace, as_of)
    context, content = spec.build_context(view, standing)
    marking = content.highest
    title = workspace.settings.title or "مواضع جمهوری اسلامی ایران درباره پیمان جهانی دیجیتال"
    resolution = workspace.resolution
    facts = [
        ("موضوع", spec.title),
        (
            "به استناد",
            f"مصوبه جلسه {to_persian_digits(str(resolution.number))} {resolution.issuer} "
            f"({resolution.date.format_persian()})",
        ),
        ("تاریخ", JalaliDate.from_gregorian(created.date()).format_persian()),
        (
            "ویرایش",
            f"{to_persian_digits(str(revision_of(workspace)))} ({workspace.fingerprint})",
        ),
        ("طبقه‌بندی", marking.label),
    ]
    notices = []
    if view.withheld:
        if view.audience is Audience.PUBLIC:
            notices.append("این نسخه برای انتشار عمومی است و فقط مواضع قابل انتشار را در بر دارد.")
        else:
            notices.append(
                f"{to_persian_digits(str(view.withheld))} مورد با طبقه‌بندی بالاتر از "
                f"«{view.ceiling.label}» در این نسخه درج نشده است."
            )
    info = DocumentInfo(
        title=title,
        subject=spec.title,
        created=created,
        marking=marking.label,
        author=workspace.lead.name,
        header_text=f"{spec.title} — {marking.label}",
        footer_text=title,
    )
    document = render_document(
        env, f"{name.value}.html.j2", {**context, "facts": facts, "notices": notices}, info
    )
    return Assembled(name, document, content.items, marking)
