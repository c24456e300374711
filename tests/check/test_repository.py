"""The repository's own workspace passes `gdcpos check`; the docs and CI files match the code."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import jsonschema
import yaml

from gdcpos.check.rules import RULES
from tests.conftest import REPO, run_gdcpos


def test_the_repository_workspace_passes_check() -> None:
    outcome = run_gdcpos("check", "-w", REPO)
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout.startswith("check passed")


def test_the_repository_workspace_report_validates() -> None:
    outcome = run_gdcpos("check", "-w", REPO, "--format", "json")
    schema = json.loads((REPO / "docs/check-report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(outcome.stdout), schema, cls=jsonschema.Draft202012Validator)


def test_every_rule_is_documented() -> None:
    docs = (REPO / "docs/check.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `([a-z-]+)` \| (error|warning) \|", docs, re.MULTILINE)
    assert documented == [(rule.id, rule.severity.value) for rule in RULES]
    schema = json.loads((REPO / "docs/check-report.schema.json").read_text(encoding="utf-8"))
    coverage_ids = schema["$defs"]["finding"]["then"]["properties"]["rule"]["enum"]
    assert coverage_ids == [rule.id for rule in RULES]


def test_pre_commit_hook_runs_check() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "gdcpos-check"
    assert hook["entry"] == "gdcpos check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for path in ("data/duties.yaml", "positions/mfa.yaml", "dossier/positions/ict.yaml"):
        assert files.search(path), path
    assert not files.search("README.md")


def test_github_actions_example_runs_check_with_annotations() -> None:
    workflow = yaml.safe_load((REPO / "docs/github-actions-example.yml").read_text("utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    assert any(step.get("run") == "gdcpos check --format github" for step in steps)


def test_the_cli_imports_no_rules_before_a_command_runs() -> None:
    """`gdcpos --help` stays fast: naming the output formats must not pull in pydantic or rich."""
    probe = (
        "import sys, gdcpos.cli; "
        "print(sorted(m for m in ('pydantic', 'rich', 'gdcpos.check.rules') if m in sys.modules))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert shown.strip() == "[]"
