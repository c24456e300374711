"""Property: whatever agencies send, in whatever order and mix, intake loses nothing accepted.

A state machine sends batches of generated files (valid, stale, re-sent, reformatted copies,
conflicting versions, broken YAML, invalid data, other agencies' ids) and checks after each run,
against a simple model of the rules, that:

- each file was accepted exactly when it is valid and newer than its agency's current revision;
- every revision ever accepted is in ``positions/`` or in its history, byte for byte;
- the current file of each agency is its highest accepted revision;
- nothing refused changed the workspace: only accepted agencies' files and new history files
  appear or change, history files never change, and the log grows by one line per file;
- the workspace still validates, and the files sent are untouched.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from gdcpos.intake import intake
from gdcpos.validate import validate_workspace
from tests.conftest import DATA_FILES, REPO
from tests.intake.helpers import TEXTS, contribution, history, log_records, state, submission

AGENCIES = ("mfa", "ict", "economy")
AXES = ("fragmentation", "ai", "data-protection")
VALID_KINDS = ("valid", "reformatted")
KINDS = (*VALID_KINDS, "broken-yaml", "unknown-axis", "foreign-id")


@dataclass(frozen=True)
class Sent:
    """A generated file: what it is (for the model) and its bytes."""

    agency: str
    revision: int
    kind: str
    content: bytes

    @property
    def valid(self) -> bool:
        return self.kind in VALID_KINDS

    @property
    def identified(self) -> bool:
        return self.kind != "broken-yaml"


def render(agency: str, revision: int, variant: int, kind: str) -> bytes:
    items = [
        contribution(
            f"{agency}-00{n}",
            f"{TEXTS[(variant + n) % len(TEXTS)]} ({agency} {variant})",
            axis=AXES[(variant + n) % len(AXES)],
        )
        for n in range(1, 1 + variant % 3)
    ]
    if kind == "foreign-id":
        other = next(a for a in AGENCIES if a != agency)
        items.append(contribution(f"{other}-001", TEXTS[0]))
    text = submission(agency, revision, *items)
    if kind == "reformatted":
        text = f"# sent again by {agency}, reformatted\n" + text.replace(
            "duties: [1]", "duties:\n      - 1"
        )
    elif kind == "unknown-axis":
        text = text.replace("axis: ", "axis: x-", 1) if items else text + "  - id: broken\n"
    elif kind == "broken-yaml":
        text = text.replace("contributions:\n", "contributions: [\n", 1)
    return text.encode("utf-8")


new_file = st.builds(
    lambda agency, revision, variant, kind: Sent(
        agency, revision, kind, render(agency, revision, variant, kind)
    ),
    st.sampled_from(AGENCIES),
    st.integers(1, 5),
    st.integers(0, 3),
    st.sampled_from(KINDS),
)


class IntakeMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.base = Path(tempfile.mkdtemp(prefix="gdcpos-intake-"))
        self.root = self.base / "ws"
        for relpath in DATA_FILES:
            (self.root / relpath).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(REPO / relpath, self.root / relpath)
        (self.root / "positions").mkdir()
        self.inbox = self.base / "inbox"
        self.inbox.mkdir()
        self.sent: list[Sent] = []
        self.current: dict[str, tuple[int, bytes]] = {}
        self.ever_accepted: list[tuple[str, bytes]] = []
        self.files_written = 0
        self.log_length = 0

    def teardown(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)

    @initialize(first=new_file)
    def start(self, first: Sent) -> None:
        self.send_batch([first], [])

    @rule(
        fresh=st.lists(new_file, max_size=3),
        again=st.lists(st.integers(0, 1000), max_size=2),
    )
    def send(self, fresh: list[Sent], again: list[int]) -> None:
        self.send_batch(fresh, again)

    def send_batch(self, fresh: list[Sent], again: list[int]) -> None:
        batch = fresh + [self.sent[i % len(self.sent)] for i in again if self.sent]
        if not batch:
            return
        paths = []
        for item in batch:
            self.files_written += 1
            path = self.inbox / f"received-{self.files_written}.yaml"
            path.write_bytes(item.content)
            paths.append(path)
        self.sent += fresh
        before = state(self.root)
        before_history = history(self.root)

        report = intake(paths, self.root, clock=lambda: datetime(2023, 4, 1, tzinfo=UTC))

        expected = self.predict(batch, paths)
        actual = {decision.file: decision.accepted for decision in report.decisions}
        assert actual == expected, (report.decisions, expected)
        accepted_agencies = {batch[paths.index(Path(f))].agency for f, ok in actual.items() if ok}

        after = state(self.root)
        for relpath, data in before.items():
            changeable = relpath in {f"positions/{a}.yaml" for a in accepted_agencies}
            assert changeable or after.get(relpath) == data, relpath
        for relpath in after.keys() - before.keys():
            assert any(relpath == f"positions/{a}.yaml" for a in accepted_agencies) or any(
                relpath.startswith(f"positions/.history/{a}/") for a in accepted_agencies
            ), relpath
        kept = history(self.root)
        assert {p: kept[p] for p in before_history} == before_history
        for path, item in zip(paths, batch, strict=True):
            assert path.read_bytes() == item.content

        self.log_length += len(batch)
        assert len(log_records(self.root)) == self.log_length

    def predict(self, batch: list[Sent], paths: list[Path]) -> dict[str, bool]:
        """The rules, applied in intake's order: (agency, revision), then command-line order."""
        order = sorted(
            range(len(batch)),
            key=lambda i: (
                (0, batch[i].agency, batch[i].revision, i) if batch[i].identified else (1, "", 0, i)
            ),
        )
        verdicts = {}
        for i in order:
            item = batch[i]
            newer = item.revision > self.current.get(item.agency, (0, b""))[0]
            verdicts[str(paths[i])] = item.valid and newer
            if item.valid and newer:
                self.current[item.agency] = (item.revision, item.content)
                self.ever_accepted.append((item.agency, item.content))
        return verdicts

    @invariant()
    def every_accepted_revision_is_kept(self) -> None:
        kept = history(self.root)
        for agency, content in self.ever_accepted:
            current = self.root / f"positions/{agency}.yaml"
            in_history = any(
                data == content
                for path, data in kept.items()
                if path.startswith(f"positions/.history/{agency}/")
            )
            assert in_history or current.read_bytes() == content

    @invariant()
    def current_is_the_highest_accepted_revision(self) -> None:
        for agency in AGENCIES:
            path = self.root / f"positions/{agency}.yaml"
            if agency in self.current:
                assert path.read_bytes() == self.current[agency][1]
            else:
                assert not path.exists()

    @invariant()
    def workspace_still_validates(self) -> None:
        result = validate_workspace(self.root)
        assert result.ok, result.diagnostics


IntakeMachine.TestCase.settings = settings(
    max_examples=50,
    stateful_step_count=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestIntakeProperties = IntakeMachine.TestCase
