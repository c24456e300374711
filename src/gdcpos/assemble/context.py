"""What each document's template receives: display-ready values computed from an AudienceView.

Grouping, consolidation, counting and the Persian forms of numbers and dates are done here, in
Python, so that templates only lay things out. Nothing here knows of HTML or Word.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, NamedTuple, TypeVar

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
from gdcpos.persian import to_persian_digits
from gdcpos.similarity import remembered_similar_groups

if TYPE_CHECKING:  # the check's rules are imported only when a document shows decisions
    from gdcpos.check.status import DecisionStatus

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


class Item(NamedTuple):
    """One contribution as a document shows it, possibly consolidated from several agencies.

    A named tuple, not a frozen dataclass like the other values here: every document makes one
    for each contribution, ten thousand in a large workspace, and a frozen dataclass's
    ``__init__`` (one ``object.__setattr__`` per field) costs five times as much.
    """

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
    def agencies_text(self) -> str:
        return "، ".join(self.agencies)

    @property
    def paragraphs(self) -> tuple[tuple[str, ...], ...]:
        return prose_paragraphs(self.text)

    @property
    def attribution(self) -> str:
        """Who made it, which duties it answers, what it cites: the line under an item."""
        # Not from the properties above: a document reads this for each of ten thousand items,
        # and the three property calls were a third of its cost.
        who = "پیشنهاددهندگان" if len(self.ids) > 1 else "پیشنهاددهنده"
        line = f"{who}: {'، '.join(self.agencies)} — وظایف: {fa_list(self.duties)}"
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
    """The items of one kind on one axis (a framework section such as «اصول»)."""

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
    """One axis of the framework, its items in sections kind by kind."""

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


def consolidate(
    sections: Mapping[tuple[str, Kind], Sequence[Item]],
) -> dict[tuple[str, Kind], list[Item]]:
    """Each ``(axis id, kind)`` section's items, identical or near-identical ones merged; the
    order is kept.

    Only items of one section are compared, but all sections in one call rather than one call
    each: the comparison can then be shared with a second core (see `gdcpos.similarity`).
    """
    items = [item for section in sections.values() for item in section]
    keys: list[tuple[str, str]] = []  # (what it is compared within, text)
    for (axis_id, kind), section in sections.items():
        compared_within = f"{axis_id}/{kind}"
        keys += [(compared_within, item.text) for item in section]
    shown: list[Item | None] = list(items)
    for group in remembered_similar_groups(range(len(items)), key=keys.__getitem__):
        shown[group[0]] = _merge([items[index] for index in group])
        for index in group[1:]:
            shown[index] = None
    merged: dict[tuple[str, Kind], list[Item]] = {}
    start = 0
    for place, section in sections.items():
        end = start + len(section)
        merged[place] = [item for item in shown[start:end] if item is not None]
        start = end
    return merged


def axis_sections(view: AudienceView, kinds: Sequence[Kind] = FRAMEWORK_KINDS) -> list[AxisSection]:
    """Per axis, per kind, the consolidated items; axes and kinds without items are left out."""
    workspace = view.workspace
    names = _Names.of(workspace)
    unmerged: dict[tuple[str, Kind], list[Item]] = {
        (axis.id, kind): [] for axis in workspace.axes for kind in kinds
    }
    for agency, item in workspace.contributions():
        section = unmerged.get((item.axis, item.kind))
        if section is not None:  # a kind the caller left out (validation knows every axis)
            section.append(_single(agency, item, names))
    merged = consolidate(unmerged)
    sections: list[AxisSection] = []
    for axis in workspace.axes:
        axis_number = fa_number(len(sections) + 1)
        shown = [(kind, merged[(axis.id, kind)]) for kind in kinds if merged[(axis.id, kind)]]
        kind_sections = tuple(
            KindSection(
                kind,
                kind.plural_label,
                tuple(items),
                number=f"{axis_number}-{fa_number(place)}",
            )
            for place, (kind, items) in enumerate(shown, start=1)
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
    # The highest of the few classifications held: one rank lookup each, not one for each item.
    held = {item.classification for item in counted}
    return Content(items=len(counted), highest=max(held, key=lambda level: level.rank))


# --- division of labour -----------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixRow:
    """One agency's row of the division-of-labour matrix: a cell per duty, then its total."""

    agency: str
    cells: tuple[str, ...]
    total: str


@dataclass(frozen=True)
class DutyEntry:
    """One duty as the division of labour lists it, with the items sent for it."""

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
    """One decision of the resolution, with its owners and where its deadline stands."""

    number: str
    text: str
    owners: str
    deliverable: str
    deadline: str
    status: str


@dataclass(frozen=True)
class DivisionOfLabour:
    """The division-of-labour document: the matrix, then each duty and decision."""

    duty_numbers: tuple[str, ...]
    matrix: tuple[MatrixRow, ...]
    duties: tuple[DutyEntry, ...]
    decisions: tuple[DecisionEntry, ...]
    owner_mark: str = "●"
    content: Content = field(default_factory=Content)


def division_of_labour(view: AudienceView, standing: Sequence[DecisionStatus]) -> DivisionOfLabour:
    """Duties and decisions × agencies: who owns what, who contributed, where each decision
    stands (``standing``, as ``gdcpos status`` has it)."""
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
    statuses = {status.number: status for status in standing}
    decisions = tuple(
        _decision_entry(decision, statuses[decision.number], short)
        for decision in workspace.decisions
    )
    every_item = [item for entry in duties for item in entry.items]
    return DivisionOfLabour(
        duty_numbers=tuple(fa_number(duty.number) for duty in workspace.duties),
        matrix=tuple(matrix),
        duties=tuple(duties),
        decisions=decisions,
        content=content_of({item.ids: item for item in every_item}.values()),
    )


def _decision_entry(
    decision: Decision, status: DecisionStatus, names: dict[str, str]
) -> DecisionEntry:
    deadline = decision.deadline
    return DecisionEntry(
        number=fa_number(decision.number),
        text=decision.text,
        owners="، ".join(names[o] for o in decision.owners),
        deliverable=decision.deliverable,
        deadline=deadline.format_persian() if deadline else "—",
        status=_decision_state(status),
    )


def _decision_state(status: DecisionStatus) -> str:
    """What ``gdcpos status`` says of a decision, in Persian: «تحویل شد», «در جریان (۵ روز
    مانده)», «در جریان (سررسید امروز)», «سررسید گذشته (۳ روز)» or «بدون مهلت»."""
    days = status.days_left
    if days is None:
        return "بدون مهلت"
    if status.delivered:
        # Only the deliverable's presence is checked, not when it came (docs/check.md), so
        # nothing is said of the deadline: it was not necessarily met.
        return "تحویل شد"
    if days > 0:
        return f"در جریان ({fa_number(days)} روز مانده)"
    if days == 0:
        return "در جریان (سررسید امروز)"
    return f"سررسید گذشته ({fa_number(-days)} روز)"


# --- decision 2 ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryAxis:
    """One axis of decision 2's report: its country positions, group by group."""

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
    """One agency's annex: its whole submission as the audience may see it."""

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
