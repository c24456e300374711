"""The one gate between the workspace and any document: what an audience may see.

Every document is assembled from the :class:`AudienceView` this module returns, never from the
workspace itself, so no template can show an item above its audience's level by mistake. The view
holds only the kinds of contribution its document shows, so that what its cover says was left
out is what that document would have shown.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Set
from dataclasses import dataclass

from gdcpos.models import Audience, Classification, Kind, Workspace

EVERY_KIND = frozenset(Kind)


@dataclass(frozen=True)
class AudienceView:
    """The workspace as one document may show it to one audience: the contributions of the
    document's kinds that the audience may see.

    ``withheld`` counts the contributions of those kinds left out for the audience; ``ceiling`` is
    the highest classification the audience may see (the cover says so when anything was
    withheld).
    """

    workspace: Workspace
    audience: Audience
    ceiling: Classification
    withheld: int


def ceiling_for(audience: Audience, *, include_secret: bool = False) -> Classification:
    """The highest classification ``audience`` may see."""
    if audience is Audience.PUBLIC:
        return Classification.PUBLIC
    return Classification.SECRET if include_secret else Classification.CONFIDENTIAL


def visible_to(
    audience: Audience, ceiling: Classification
) -> tuple[frozenset[Classification], frozenset[Kind]]:
    """The classifications and kinds of the items that may appear in a document for
    ``audience``: those within the ceiling, and never a red line in a public document
    (validation already keeps red lines non-public; this holds even if a future rule relaxes
    that)."""
    levels = frozenset(level for level in Classification if level.rank <= ceiling.rank)
    if audience is Audience.PUBLIC:
        return levels, frozenset(Kind) - {Kind.RED_LINE}
    return levels, frozenset(Kind)


def view_for(
    workspace: Workspace,
    audience: Audience,
    *,
    include_secret: bool = False,
    kinds: Set[Kind] = EVERY_KIND,
) -> AudienceView:
    """Filter every submission down to the contributions of ``kinds`` (those a document shows)
    that ``audience`` may see."""
    if audience is Audience.PUBLIC and include_secret:
        raise ValueError("secret items are never included in a public build")
    ceiling = ceiling_for(audience, include_secret=include_secret)
    # Two set lookups per item: a rule evaluated per item (ranks compared each time) cost three
    # times as much, for each of ten thousand items and each document.
    levels, visible_kinds = visible_to(audience, ceiling)
    # Items of the kinds the document does not show are left out first and not counted: the
    # cover would otherwise say that items it could never have shown were withheld from it.
    some_kinds = kinds != EVERY_KIND
    withheld = 0
    submissions = {}
    for agency_id, submission in workspace.submissions.items():
        shown = submission.contributions
        if some_kinds:
            shown = [item for item in shown if item.kind in kinds]
        kept = [
            item for item in shown if item.classification in levels and item.kind in visible_kinds
        ]
        withheld += len(shown) - len(kept)
        submissions[agency_id] = submission.model_copy(update={"contributions": kept})
    filtered = dataclasses.replace(workspace, submissions=submissions)
    return AudienceView(filtered, audience, ceiling, withheld)
