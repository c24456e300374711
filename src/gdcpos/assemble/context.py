"""What each document's template receives: display-ready values computed from an AudienceView.

Grouping, consolidation, counting and the Persian forms of numbers and dates are done here, in
Python, so that templates only lay things out. Nothing here knows of HTML or Word.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TypeVar

from gdcpos.assemble.audience import AudienceView
from gdcpos.assemble.countries import country_name
from gdcpos.models import (
    Agency,
    Alignment,
    Classification,
    Contribution,
    Decision,
    Kind,
    Workspace,
)
from gdcpos.persian import JalaliDate, to_persian_digits
from gdcpos.similarity import remembered_similar_groups

_T = TypeVar("_T")

FRAMEWORK_KINDS = tuple(kind for kind in Kind if kind is not Kind.COUNTRY_POSITION)
"""The framework states Iran's positions; other countries' positions are decision 2's report."""


@cache
def fa_number(value: int) -> str:
    """``12`` → ``۱۲``; remembered, since documents write the same small numbers many times."""
    return to_persian_digits(str(value))


def prose_paragraphs(text: str) -> tuple[tuple[str, ...], ...]:
    """Prose as paragraphs of lines: a blank line starts a paragraph, a newline breaks a line."""
    if "\n" not in text:  # the common case
        return ((text,),) if text.strip() else ()
    return tuple(
        tuple(line.strip() for line in block.strip().split("\n"))
        for block in text.replace("\r\n", "\n").split("\n\n")
        if block.strip()
    )


def fa_list(values: Iterable[int]) -> str:
    """``[1, 5]`` → ``۱، ۵`` (Persian comma and digits)."""
    return "، ".join(map(fa_number, values))


@dataclass(frozen=True)
class Item:
    """One contribution as a document shows it, possibly consolidated from several agencies."""

    ids: tuple[str, ...]
    title: str
    text: str
    kind: Kind
    classification: Classification
    agencies: tuple[str, ...]
    duties: tuple[int, ...]
    references: tuple[str, ...]
    dimensions: tuple[str, ...]
    axis: str = ""
    country: str = ""
    alignment: str = ""

    @property
    def id(self) -> str:
        return self.ids[0]

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def dimensions_text(self) -> str:
        return "، ".join(self.dimensions)

    @property
    def references_text(self) -> str:
        return "، ".join(self.references)

    @property
    def consolidated(self) -> bool:
        return len(self.ids) > 1

    @property
    def agencies_text(self) -> str:
        return "، ".join(self.agencies)

    @property
    def paragraphs(self) -> tuple[tuple[str, ...], ...]:
        return prose_paragraphs(self.text)

    @property
    def attribution(self) -> str:
        """Who made it, which duties it answers, what it cites: the line under an item."""
        who = "پیشنهاددهندگان" if self.consolidated else "پیشنهاددهنده"
        line = f"{who}: {self.agencies_text} — وظایف: {self.duties_text}"
        if self.references:
            line += f" — اسناد: {'، '.join(self.references)}"
        return line

    @property
    def duties_text(self) -> str:
        return fa_list(self.duties)

    @property
    def classification_label(self) -> str:
        return self.classification.label


@dataclass(frozen=True)
class KindSection:
    kind: Kind
    title: str
    items: tuple[Item, ...]
    number: str = ""
    """The section's number as shown, ``۲-۱``: its axis's number, then its place in the axis."""

    @property
    def numbered(self) -> tuple[tuple[str, Item], ...]:
        """``(number, item)`` for each item, numbered on from the section's (``۲-۱-۳``).

        Numbering is done here rather than with ``loop.index`` in the template: for each of ten
        thousand items that costs a loop object, a join and a filter call.
        """
        prefix = f"{self.number}-"
        return tuple(
            (prefix + fa_number(index), item) for index, item in enumerate(self.items, start=1)
        )


@dataclass(frozen=True)
class AxisSection:
    id: str
    title: str
    description: str
    kinds: tuple[KindSection, ...]
    number: str = ""
    """The axis's number as shown (``۲``): its place among the axes that have items."""

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.kinds for item in section.items)


@dataclass(frozen=True)
class Content:
    """What a document holds, for its marking and the build report."""

    items: int = 0
    highest: Classification = Classification.PUBLIC


@dataclass(frozen=True)
class _Names:
    """The display names of a workspace's axes and dimensions, looked up once per document."""

    axes: dict[str, str]
    dimensions: dict[str, str]

    @classmethod
    def of(cls, workspace: Workspace) -> _Names:
        return cls(
            axes={axis.id: axis.name for axis in workspace.axes},
            dimensions={dimension.id: dimension.name for dimension in workspace.dimensions},
        )


def _single(agency: Agency, item: Contribution, names: _Names) -> Item:
    """One contribution as shown, with the names (not the ids) of its axis and dimensions."""
    # Every document makes one of these for each contribution, ten thousand in a large workspace:
    # the fields are given in order (keywords cost a third more) and the lookups are mapped.
    dimensions = item.dimensions
    return Item(
        (item.id,),
        item.title,
        item.text,
        item.kind,
        item.classification,
        (agency.short,),
        tuple(item.duties),
        tuple(item.references),
        tuple(map(names.dimensions.get, dimensions, dimensions)),  # get(id, id): the id if unnamed
        names.axes[item.axis],
        country_name(item.country) if item.country else "",
        item.alignment.label if item.alignment else "",
    )


def _union(values: Iterable[Iterable[_T]]) -> tuple[_T, ...]:
    """Every value once, in first-seen order."""
    return tuple(dict.fromkeys(value for value_set in values for value in value_set))


def _merge(group: Sequence[Item]) -> Item:
    """Show a group of near-identical items once: the first one's words, everyone's credit."""
    first = group[0]
    return Item(
        ids=_union(item.ids for item in group),
        title=first.title,
        text=first.text,
        kind=first.kind,
        classification=max((item.classification for item in group), key=lambda c: c.rank),
        agencies=_union(item.agencies for item in group),
        duties=tuple(sorted(set(_union(item.duties for item in group)))),
        references=_union(item.references for item in group),
        dimensions=_union(item.dimensions for item in group),
        axis=first.axis,
    )


def consolidate(items: Sequence[tuple[str, Item]]) -> list[tuple[str, Item]]:
    """Merge identical or near-identical ``(axis id, item)`` pairs (same axis and kind); keep the
    input order."""
    groups = remembered_similar_groups(
        items, key=lambda pair: (f"{pair[0]}/{pair[1].kind}", pair[1].text)
    )
    merged_at: dict[int, Item] = {}
    skipped: set[int] = set()
    position = {id(pair): index for index, pair in enumerate(items)}
    for group in groups:
        indexes = [position[id(pair)] for pair in group]
        merged_at[indexes[0]] = _merge([pair[1] for pair in group])
        skipped.update(indexes[1:])
    return [
        (axis, merged_at.get(index, item))
        for index, (axis, item) in enumerate(items)
        if index not in skipped
    ]


def axis_sections(view: AudienceView, kinds: Sequence[Kind] = FRAMEWORK_KINDS) -> list[AxisSection]:
    """Per axis, per kind, the consolidated items; axes and kinds without items are left out."""
    workspace = view.workspace
    names = _Names.of(workspace)
    wanted = set(kinds)
    by_axis: dict[str, list[tuple[str, Item]]] = {axis.id: [] for axis in workspace.axes}
    for agency, item in workspace.contributions():
        if item.kind in wanted:
            by_axis[item.axis].append((item.axis, _single(agency, item, names)))
    # One comparison of every axis's items (never across axes), not one per axis: it can then
    # be shared with a second core (see `gdcpos.similarity`).
    merged_by_axis: dict[str, list[Item]] = {axis.id: [] for axis in workspace.axes}
    for axis_id, shown_item in consolidate(
        [pair for axis in workspace.axes for pair in by_axis[axis.id]]
    ):
        merged_by_axis[axis_id].append(shown_item)
    sections: list[AxisSection] = []
    for axis in workspace.axes:
        axis_number = fa_number(len(sections) + 1)
        by_kind: dict[Kind, list[Item]] = {kind: [] for kind in kinds}
        for shown_item in merged_by_axis[axis.id]:
            by_kind[shown_item.kind].append(shown_item)
        shown = [kind for kind in kinds if by_kind[kind]]
        kind_sections = tuple(
            KindSection(
                kind,
                kind.plural_label,
                tuple(by_kind[kind]),
                number=f"{axis_number}-{fa_number(place)}",
            )
            for place, kind in enumerate(shown, start=1)
        )
        if kind_sections:
            sections.append(
                AxisSection(axis.id, axis.name, axis.description, kind_sections, number=axis_number)
            )
    return sections


def content_of(items: Iterable[Item]) -> Content:
    counted = list(items)
    if not counted:
        return Content()
    highest = max((item.classification for item in counted), key=lambda c: c.rank)
    return Content(items=len(counted), highest=highest)


# --- division of labour -----------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixRow:
    agency: str
    cells: tuple[str, ...]
    total: str


@dataclass(frozen=True)
class DutyEntry:
    number: str
    title: str
    text: str
    owners: str
    basis: str
    contributors: str
    count: int
    items: tuple[Item, ...]


@dataclass(frozen=True)
class DecisionEntry:
    number: str
    text: str
    owners: str
    deliverable: str
    deadline: str
    status: str


@dataclass(frozen=True)
class DivisionOfLabour:
    duty_numbers: tuple[str, ...]
    matrix: tuple[MatrixRow, ...]
    duties: tuple[DutyEntry, ...]
    decisions: tuple[DecisionEntry, ...]
    owner_mark: str = "●"
    content: Content = field(default_factory=Content)


def division_of_labour(view: AudienceView, as_of: JalaliDate) -> DivisionOfLabour:
    """Duties and decisions × agencies: who owns what, who contributed, which deadlines held."""
    workspace = view.workspace
    names = _Names.of(workspace)
    counts: dict[tuple[str, int], int] = {}
    items_by_duty: dict[int, list[Item]] = {duty.number: [] for duty in workspace.duties}
    for agency, item in workspace.contributions():
        shown = _single(agency, item, names)
        for number in item.duties:
            counts[(agency.id, number)] = counts.get((agency.id, number), 0) + 1
            items_by_duty[number].append(shown)
    matrix = []
    for agency in workspace.agencies:
        cells: list[str] = []
        for duty in workspace.duties:
            count = counts.get((agency.id, duty.number), 0)
            count_text = fa_number(count) if count else "–"
            cells.append(f"● {count_text}" if agency.id in duty.owners else count_text)
        total = sum(counts.get((agency.id, duty.number), 0) for duty in workspace.duties)
        matrix.append(MatrixRow(agency.short, tuple(cells), fa_number(total)))
    short = {agency.id: agency.short for agency in workspace.agencies}
    duties = []
    for duty in workspace.duties:
        contributors = sorted(
            {short[a] for (a, number), count in counts.items() if number == duty.number and count}
        )
        duties.append(
            DutyEntry(
                number=fa_number(duty.number),
                title=duty.title,
                text=duty.text,
                owners="، ".join(short[o] for o in duty.owners),
                basis="متن مصوبه" if duty.basis.value == "resolution" else "پیشنهادی",
                contributors="، ".join(contributors) or "هیچ",
                count=len(items_by_duty[duty.number]),
                items=tuple(items_by_duty[duty.number]),
            )
        )
    decisions = tuple(_decision_entry(d, workspace, short, as_of) for d in workspace.decisions)
    every_item = [item for entry in duties for item in entry.items]
    return DivisionOfLabour(
        duty_numbers=tuple(fa_number(duty.number) for duty in workspace.duties),
        matrix=tuple(matrix),
        duties=tuple(duties),
        decisions=decisions,
        content=content_of({item.ids: item for item in every_item}.values()),
    )


def _decision_entry(
    decision: Decision, workspace: Workspace, names: dict[str, str], as_of: JalaliDate
) -> DecisionEntry:
    deadline = decision.deadline
    delivered = [
        workspace.submissions[owner]
        for owner in decision.owners
        if owner in workspace.submissions
        and (deadline is None or workspace.submissions[owner].submitted <= deadline)
    ]
    if deadline is None:
        status = "بدون مهلت"
    elif len(delivered) == len(decision.owners):
        status = "انجام‌شده در مهلت"
    elif as_of > deadline:
        status = f"سررسید گذشته ({fa_number(as_of - deadline)} روز)"
    else:
        status = f"در جریان ({fa_number(deadline - as_of)} روز مانده)"
    return DecisionEntry(
        number=fa_number(decision.number),
        text=decision.text,
        owners="، ".join(names[o] for o in decision.owners),
        deliverable=decision.deliverable,
        deadline=deadline.format_persian() if deadline else "—",
        status=status,
    )


# --- decision 2 ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryAxis:
    id: str
    title: str
    groups: tuple[tuple[str, tuple[Item, ...]], ...]


def country_positions(view: AudienceView) -> list[CountryAxis]:
    """Per axis, the country-position items grouped aligned → rival → neutral."""
    workspace = view.workspace
    names = _Names.of(workspace)
    by_place: dict[tuple[str, Alignment | None], list[Item]] = {}
    for agency, item in workspace.contributions():
        if item.kind is Kind.COUNTRY_POSITION:
            by_place.setdefault((item.axis, item.alignment), []).append(
                _single(agency, item, names)
            )
    result = []
    for axis in workspace.axes:
        groups = tuple(
            (alignment.label, tuple(by_place[(axis.id, alignment)]))
            for alignment in Alignment
            if (axis.id, alignment) in by_place
        )
        if groups:
            result.append(CountryAxis(axis.id, axis.name, groups))
    return result


# --- annexes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Annex:
    agency: str
    revision: str
    submitted: str
    items: tuple[Item, ...]


def annexes(view: AudienceView) -> list[Annex]:
    """One annex per agency (the resolution's order), with its whole submission as seen."""
    workspace = view.workspace
    names = _Names.of(workspace)
    result = []
    for agency in workspace.agencies:
        submission = workspace.submissions.get(agency.id)
        if submission is None:
            result.append(Annex(agency.name, "", "", ()))
            continue
        items = tuple(_single(agency, item, names) for item in submission.contributions)
        result.append(
            Annex(
                agency.name,
                fa_number(submission.revision),
                submission.submitted.format_persian(),
                items,
            )
        )
    return result
