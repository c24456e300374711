"""The template context: the audience filter and the framework's consolidated sections, each
checked against the rule written out plainly."""

from __future__ import annotations

import dataclasses
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from gdcpos.assemble import context as ctx
from gdcpos.assemble.audience import ceiling_for, view_for
from gdcpos.models import (
    Alignment,
    Audience,
    Classification,
    Contribution,
    Kind,
    Submission,
    Workspace,
)
from gdcpos.persian import JalaliDate
from gdcpos.similarity import similar_groups
from gdcpos.validate import validate_workspace
from tests.conftest import REPO

AGENCIES = ("ict", "mfa", "culture")
AXES = ("connectivity", "fragmentation", "ai")
KINDS = (Kind.PRINCIPLE, Kind.NORM, Kind.RED_LINE, Kind.COUNTRY_POSITION)
# Texts from a small pool, some near-identical, so that sections hold items to consolidate; the
# same text under several kinds and axes, which must never be merged across sections.
TEXTS = (
    "حاکمیت ملی در فضای مجازی باید به رسمیت شناخته شود",
    "حاکمیت ملی در فضای مجازی باید به رسمیت شناخته شود.",
    "حاکمیت ملی در فضای مجازی باید به رسمیت شناخته شود و محترم باشد",
    "امنیت داده‌های شخصی از اولویت‌های کشورهای در حال توسعه است",
    "اینترنت یکپارچه",
)


@cache
def repository_workspace() -> Workspace:
    workspace = validate_workspace(REPO).workspace
    assert workspace is not None
    return workspace


@st.composite
def workspaces(draw: st.DrawFn) -> Workspace:
    """The repository's agencies and axes with drawn submissions."""
    contributions: dict[str, list[Contribution]] = {agency: [] for agency in AGENCIES}
    for number in range(draw(st.integers(0, 24))):
        agency = draw(st.sampled_from(AGENCIES))
        kind = draw(st.sampled_from(KINDS))
        levels = list(Classification)[kind is Kind.RED_LINE :]  # a red line is never public
        country = {"country": "CN", "alignment": Alignment.ALIGNED}
        contributions[agency].append(
            Contribution(
                id=f"{agency}-{number:03d}",
                axis=draw(st.sampled_from(AXES)),
                duties=draw(st.lists(st.integers(1, 12), min_size=1, max_size=2)),
                kind=kind,
                title=f"عنوان {number}",
                text=draw(st.sampled_from(TEXTS)),
                classification=draw(st.sampled_from(levels)),
                **(country if kind is Kind.COUNTRY_POSITION else {}),
            )
        )
    submissions = {
        agency: Submission(
            agency=agency, revision=1, submitted=JalaliDate(1402, 1, 10), contributions=items
        )
        for agency, items in contributions.items()
        if items
    }
    return dataclasses.replace(repository_workspace(), submissions=submissions)


@settings(max_examples=40, deadline=None)
@given(
    workspace=workspaces(),
    audience=st.sampled_from(Audience),
    include_secret=st.booleans(),
    kinds=st.one_of(st.none(), st.frozensets(st.sampled_from(Kind))),
)
def test_the_view_holds_exactly_what_the_audience_may_see(
    workspace: Workspace, audience: Audience, include_secret: bool, kinds: frozenset[Kind] | None
) -> None:
    include_secret = include_secret and audience is not Audience.PUBLIC
    if kinds is None:  # a document that shows every kind
        view = view_for(workspace, audience, include_secret=include_secret)
        kinds = frozenset(Kind)
    else:
        view = view_for(workspace, audience, include_secret=include_secret, kinds=kinds)
    ceiling = ceiling_for(audience, include_secret=include_secret)

    def may_see(item: Contribution) -> bool:
        if audience is Audience.PUBLIC and item.kind is Kind.RED_LINE:
            return False
        return item.classification.rank <= ceiling.rank

    # Only the items of the document's kinds are there, and only they count as withheld.
    every = [item for _, item in workspace.contributions() if item.kind in kinds]
    assert [item for _, item in view.workspace.contributions()] == list(filter(may_see, every))
    assert view.withheld == len(every) - len(list(filter(may_see, every)))
    assert view.ceiling is ceiling


def plain_axis_sections(workspace: Workspace) -> list[tuple[str, Kind, list[tuple[str, ...]]]]:
    """``axis_sections`` written out: per axis and kind, similar items grouped on their own,
    each shown once as its group's ids; only non-empty sections."""
    sections = []
    for axis in workspace.axes:
        for kind in ctx.FRAMEWORK_KINDS:
            items = [
                item
                for _, item in workspace.contributions()
                if item.axis == axis.id and item.kind is kind
            ]
            grouped = {
                group[0].id: tuple(item.id for item in group)
                for group in similar_groups(items, key=lambda item: ("", item.text))
            }
            later = {member for ids in grouped.values() for member in ids[1:]}
            shown = [grouped.get(item.id, (item.id,)) for item in items if item.id not in later]
            if shown:
                sections.append((axis.id, kind, shown))
    return sections


@settings(max_examples=60, deadline=None)
@given(workspace=workspaces())
def test_framework_sections_consolidate_within_each_section_only(workspace: Workspace) -> None:
    view = view_for(workspace, Audience.COMMISSION, include_secret=True)
    axes = ctx.axis_sections(view)
    found = [
        (axis.id, section.kind, [item.ids for item in section.items])
        for axis in axes
        for section in axis.kinds
    ]
    assert found == plain_axis_sections(view.workspace)
    # Numbered by place among what is shown.
    assert [axis.number for axis in axes] == [ctx.fa_number(n) for n in range(1, len(axes) + 1)]
    short = {agency.id: agency.short for agency in workspace.agencies}
    by_id = {item.id: (agency, item) for agency, item in workspace.contributions()}
    for axis in axes:
        for section in axis.kinds:
            for item in section.items:
                group = [by_id[item_id] for item_id in item.ids]
                first = group[0][1]
                assert (item.title, item.text) == (first.title, first.text)  # the first's words
                assert item.agencies == tuple(dict.fromkeys(short[a.id] for a, _ in group))
                assert item.classification == max(
                    (member.classification for _, member in group), key=lambda c: c.rank
                )
                if len(group) > 1:
                    assert item.duties == tuple(sorted({d for _, m in group for d in m.duties}))
                else:
                    assert item.duties == tuple(first.duties)
