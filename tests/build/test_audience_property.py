"""No text of an item above an audience's level appears anywhere in that audience's documents.

Workspaces are generated: every contribution carries a unique Latin marker in its title and its
text (Latin, so normalisation and script splitting leave it whole), and every XML part of every
.docx (body, headers, footers, core and custom properties) and every .html is searched for the
markers of items the audience may not see.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdcpos.build import BuildRequest, build
from gdcpos.models import Audience
from gdcpos.writers import OutputFormat
from tests.build.helpers import docx_parts_text, html_text
from tests.conftest import DATA_FILES, REPO

AGENCIES = ("ict", "mfa", "culture", "afgs")
AXES = ("connectivity", "fragmentation", "ai")
KINDS = ("principle", "threat", "red-line", "country-position", "norm")
LEVELS = ("public", "internal", "confidential", "secret")


@dataclass(frozen=True)
class Item:
    agency: str
    axis: str
    kind: str
    classification: str
    marker: str
    words: str


items = st.builds(
    Item,
    agency=st.sampled_from(AGENCIES),
    axis=st.sampled_from(AXES),
    kind=st.sampled_from(KINDS),
    classification=st.sampled_from(LEVELS),
    marker=st.just(""),
    words=st.sampled_from(["حاکمیت ملی", "حاکمیت ملی", "امنیت داده", "اینترنت یکپارچه"]),
).filter(lambda item: not (item.kind == "red-line" and item.classification == "public"))


def write_workspace(root: Path, generated: list[Item]) -> list[Item]:
    for relpath in DATA_FILES:
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO / relpath, root / relpath)
    (root / "positions").mkdir()
    marked = [
        Item(**{**item.__dict__, "marker": f"Zq{index}{item.classification[:3]}X"})
        for index, item in enumerate(generated)
    ]
    for agency in AGENCIES:
        mine = [item for item in marked if item.agency == agency]
        if not mine:
            continue
        lines = [f"agency: {agency}", "revision: 1", "submitted: 1402-01-10", "contributions:"]
        for number, item in enumerate(mine, 1):
            lines += [
                f"  - id: {agency}-{number:03d}",
                f"    axis: {item.axis}",
                "    duties: [4]",
                f"    kind: {item.kind}",
                f"    classification: {item.classification}",
                f'    title: "عنوان {item.marker}"',
                f'    text: "{item.words} {item.marker} {item.words}"',
            ]
            if item.kind == "country-position":
                lines += ["    country: CN", "    alignment: aligned"]
        (root / "positions" / f"{agency}.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    return marked


def visible(item: Item, audience: Audience, include_secret: bool) -> bool:
    if audience is Audience.PUBLIC:
        return item.classification == "public" and item.kind != "red-line"
    return item.classification != "secret" or include_secret


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    generated=st.lists(items, min_size=1, max_size=14),
    audience=st.sampled_from(list(Audience)),
    include_secret=st.booleans(),
)
def test_nothing_above_the_audience_level_leaks(
    generated: list[Item], audience: Audience, include_secret: bool
) -> None:
    include_secret = include_secret and audience is Audience.COMMISSION
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "ws"
        marked = write_workspace(root, generated)
        out = Path(scratch) / "out"
        for fmt in OutputFormat:
            build(
                BuildRequest(
                    root,
                    documents=(),
                    output=out,
                    audience=audience,
                    include_secret=include_secret,
                    fmt=fmt,
                )
            )
        everything = []
        for path in sorted(out.iterdir()):
            if path.suffix == ".docx":
                everything += [
                    f"{path.name}/{name}: {text}" for name, text in docx_parts_text(path).items()
                ]
            else:
                everything.append(f"{path.name}: {html_text(path)}")
        corpus = "\n".join(everything)
        public_files = "\n".join(line for line in everything if ".public." in line)
        for item in marked:
            if not visible(item, audience, include_secret):
                assert item.marker not in corpus, (item, audience, include_secret)
            if not visible(item, Audience.PUBLIC, False):
                assert item.marker not in public_files, item
