"""Cross-reference rules that no single model can check: ids known, unique and well-placed.

The rules check a valid file's model, and of a file whose model failed, the parts that pass on
their own (`gdcpos.validate.parts`): a field that failed its schema check is None or empty there,
and is skipped here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from gdcpos.diagnostics import Diagnostic, error
from gdcpos.load import LoadedFile
from gdcpos.models import AgenciesFile, AxesFile, DutiesFile, Role, Submission
from gdcpos.validate.parts import DutiesParts, SubmissionParts

T = TypeVar("T")
Id = TypeVar("Id", str, int)


@dataclass(frozen=True)
class Reference:
    """The ids that submissions may refer to, from the resolution's data files."""

    agencies: frozenset[str]
    axes: frozenset[str]
    duties: frozenset[int]
    dimensions: frozenset[str]

    @classmethod
    def of(cls, agencies: AgenciesFile, duties: DutiesFile, axes: AxesFile) -> Reference:
        return cls(
            agencies=frozenset(agency.id for agency in agencies.agencies),
            axes=frozenset(axis.id for axis in axes.axes),
            duties=frozenset(duty.number for duty in duties.duties),
            dimensions=frozenset(dimension.id for dimension in duties.dimensions),
        )


def _at(file: LoadedFile, path: tuple[str | int, ...], message: str, rule: str) -> Diagnostic:
    line, col = file.locate(path)
    return error(file.relpath, line, col, message, rule)


def _known(values: Iterable[Id]) -> str:
    """The values in their own order: numbers as numbers (9 before 10), not as text."""
    return ", ".join(str(value) for value in sorted(values))


def _duplicates(
    file: LoadedFile, section: str, key: str, values: Sequence[object], what: str
) -> list[Diagnostic]:
    """Each repeated value of ``key`` in a list of records, located at its second occurrence
    (None, a value that failed its schema check, is not compared)."""
    first: dict[object, int] = {}
    found = []
    for index, value in enumerate(values):
        if value is None:
            continue
        if value in first:
            where = file.locate((section, first[value], key))
            found.append(
                _at(
                    file,
                    (section, index, key),
                    f"{what} {value} appears twice (first on line {where[0]})",
                    "duplicate-id",
                )
            )
        else:
            first[value] = index
    return found


def _repeated(
    file: LoadedFile,
    at: tuple[str | int, ...],
    values: Sequence[T],
    describe: Callable[[T], str],
) -> list[Diagnostic]:
    """Each value of the list at ``at`` written a second time, located at the repeat: it would be
    shown, and counted, twice."""
    seen: set[T] = set()
    found = []
    for position, value in enumerate(values):
        if value in seen:
            found.append(
                _at(file, (*at, position), f"{describe(value)} is listed twice", "repeated")
            )
        seen.add(value)
    return found


def check_reference_data(
    agencies: AgenciesFile | None,
    duties: DutiesFile | DutiesParts | None,
    axes: AxesFile | None,
    files: dict[str, LoadedFile],
) -> list[Diagnostic]:
    """The resolution's data files, those that could be read (None: one that could not):
    unique ids and numbers, one lead, owners that exist."""
    found: list[Diagnostic] = []
    if agencies is not None:
        found += _check_agencies(agencies, files["data/agencies.yaml"])
    if axes is not None:
        found += _duplicates(
            files["data/axes.yaml"], "axes", "id", [a.id for a in axes.axes], "axis"
        )
    if duties is not None:
        # Owners are known only from a valid agencies file: any other would make some up.
        agency_ids = {agency.id for agency in agencies.agencies} if agencies is not None else None
        found += _check_duties(duties, files["data/duties.yaml"], agency_ids)
    return found


def _check_agencies(agencies: AgenciesFile, agencies_file: LoadedFile) -> list[Diagnostic]:
    found = [
        *_duplicates(agencies_file, "agencies", "id", [a.id for a in agencies.agencies], "agency"),
        *_duplicates(agencies_file, "clusters", "id", [c.id for c in agencies.clusters], "cluster"),
    ]
    leads = [a for a in agencies.agencies if a.role is Role.LEAD]
    if len(leads) != 1:
        found.append(
            _at(
                agencies_file,
                ("agencies",),
                f"exactly one agency must have role lead; found {len(leads)}",
                "one-lead",
            )
        )
    cluster_ids = {cluster.id for cluster in agencies.clusters}
    for index, agency in enumerate(agencies.agencies):
        if agency.cluster is not None and agency.cluster not in cluster_ids:
            found.append(
                _at(
                    agencies_file,
                    ("agencies", index, "cluster"),
                    f"unknown cluster '{agency.cluster}' (known: {_known(cluster_ids)})",
                    "unknown-id",
                )
            )
    return found


def _check_duties(
    duties: DutiesFile | DutiesParts, duties_file: LoadedFile, agency_ids: set[str] | None
) -> list[Diagnostic]:
    found = [
        *_duplicates(duties_file, "duties", "number", [d.number for d in duties.duties], "duty"),
        *_duplicates(
            duties_file, "decisions", "number", [d.number for d in duties.decisions], "decision"
        ),
    ]
    owner_lists: list[tuple[str, list[Sequence[str]]]] = [
        ("decisions", [decision.owners for decision in duties.decisions]),
        ("duties", [duty.owners for duty in duties.duties]),
    ]
    for section, owners_by_index in owner_lists:
        for index, owners in enumerate(owners_by_index):
            if len(set(owners)) < len(owners):
                found += _repeated(
                    duties_file, (section, index, "owners"), owners, lambda a: f"agency '{a}'"
                )
            for position, owner in enumerate(owners):
                if agency_ids is not None and owner not in agency_ids:
                    found.append(
                        _at(
                            duties_file,
                            (section, index, "owners", position),
                            f"unknown agency '{owner}' (known: {_known(agency_ids)})",
                            "unknown-owner",
                        )
                    )
    return found


def check_submission(
    submission: Submission | SubmissionParts,
    file: LoadedFile,
    reference: Reference,
    expected_agency: str | None,
) -> list[Diagnostic]:
    """One submission against the resolution's data: its agency, axes, duties and ids."""
    found: list[Diagnostic] = []
    agency = submission.agency
    if agency is not None:
        found += _check_agency(agency, file, reference, expected_agency)
    # Without an agency, there is no prefix to check ids against: every id begins with "".
    prefix = f"{agency}-" if agency is not None else ""
    for index, item in enumerate(submission.contributions):
        base = ("contributions", index)
        # A field that failed its schema check is None, and is not checked again (an id that
        # failed stands in as the prefix itself). Every build checks every contribution: each
        # test is written so that a valid one costs nothing more.
        if not (item.id or prefix).startswith(prefix):
            found.append(
                _at(
                    file,
                    (*base, "id"),
                    f"contribution id '{item.id}' must begin with '{prefix}' "
                    f"(the agency of this submission)",
                    "id-prefix",
                )
            )
        if item.axis not in reference.axes and item.axis is not None:
            found.append(
                _at(
                    file,
                    (*base, "axis"),
                    f"unknown axis '{item.axis}' (known: {_known(reference.axes)})",
                    "unknown-id",
                )
            )
        # A list of known values without repeats, the usual case, costs no call.
        duties, dimensions, references = item.duties, item.dimensions, item.references
        if not reference.duties.issuperset(duties):
            found += _unknown(
                file,
                (*base, "duties"),
                duties,
                reference.duties,
                lambda duty: f"there is no duty {duty} (duties are {_known(reference.duties)})",
            )
        if not reference.dimensions.issuperset(dimensions):
            found += _unknown(
                file,
                (*base, "dimensions"),
                dimensions,
                reference.dimensions,
                lambda name: f"unknown dimension '{name}' (known: {_known(reference.dimensions)})",
            )
        if len(duties) > 1 and len(set(duties)) < len(duties):
            found += _repeated(file, (*base, "duties"), duties, lambda duty: f"duty {duty}")
        if len(dimensions) > 1 and len(set(dimensions)) < len(dimensions):
            found += _repeated(
                file, (*base, "dimensions"), dimensions, lambda name: f"dimension '{name}'"
            )
        if len(references) > 1 and len(set(references)) < len(references):
            found += _repeated(
                file, (*base, "references"), references, lambda text: f"reference '{text}'"
            )
    return found


def _check_agency(
    agency: str, file: LoadedFile, reference: Reference, expected_agency: str | None
) -> list[Diagnostic]:
    if agency not in reference.agencies:
        return [
            _at(
                file,
                ("agency",),
                f"unknown agency '{agency}' (known: {_known(reference.agencies)})",
                "unknown-id",
            )
        ]
    if expected_agency is not None and agency != expected_agency:
        return [
            _at(
                file,
                ("agency",),
                f"agency '{agency}' does not match the file name; a submission of {agency} "
                f"belongs in positions/{agency}.yaml: rename this file, or merge it into that "
                "one if it is there (a rename would replace it)",
                "file-name",
            )
        ]
    return []


def _unknown(
    file: LoadedFile,
    at: tuple[str | int, ...],
    values: Sequence[T],
    known: frozenset[T],
    describe: Callable[[T], str],
) -> list[Diagnostic]:
    """A problem at ``at``'s position of each of ``values`` not among ``known`` (called only when
    some are not: the caller checks all at once)."""
    return [
        _at(file, (*at, position), describe(value), "unknown-id")
        for position, value in enumerate(values)
        if value not in known
    ]


def check_unique_ids(
    submissions: Iterable[tuple[Submission | SubmissionParts, LoadedFile]],
) -> list[Diagnostic]:
    """Contribution ids are unique across the whole workspace; report each later repeat."""
    pairs = list(submissions)
    ids = [item.id for submission, _ in pairs for item in submission.contributions]
    if len(set(ids)) == len(ids):  # the usual case, checked at once
        return []
    seen: dict[str, tuple[LoadedFile, int]] = {}
    found: list[Diagnostic] = []
    for submission, file in pairs:
        for index, item in enumerate(submission.contributions):
            if item.id is None:
                continue
            if item.id in seen:
                first_file, first_index = seen[item.id]
                line, col = first_file.locate(("contributions", first_index, "id"))
                found.append(
                    _at(
                        file,
                        ("contributions", index, "id"),
                        f"contribution id '{item.id}' is already used at "
                        f"{first_file.relpath}:{line}:{col}",
                        "duplicate-id",
                    )
                )
            else:
                seen[item.id] = (file, index)
    return found
