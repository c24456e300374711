"""`gdcpos --help` is plain text and stays fast: it loads none of the heavy libraries.

Design §7 wants `--help` well under 0.2 s, which is measured in `make bench`; what keeps it
there is tested here: the modules a help screen must not import.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("rich", "jinja2", "lxml", "yaml", "gdcpos.build", "gdcpos.models", "gdcpos.validate")

PROBE = """
import sys
sys.argv = ["gdcpos", *{args!r}]
from gdcpos.cli import main
try:
    main()
except SystemExit:
    pass
print("LOADED", sorted(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["templates", "--help"], []])
def test_help_loads_no_heavy_module(args: list[str]) -> None:
    probe = PROBE.format(args=args, heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert "Usage:" in done.stdout + done.stderr  # with no arguments, help goes to stderr
    assert "LOADED []" in done.stderr


def test_help_lists_every_command_in_one_line_each() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "gdcpos", "--help"], capture_output=True, text=True, check=True
    )
    commands = done.stdout.split("Commands:")[1].splitlines()
    names = [line.split()[0] for line in commands if line.strip()]
    assert names == [
        "validate",
        "init",
        "new-submission",
        "check",
        "status",
        "intake",
        "build",
        "templates",
    ]
    assert not any(line.endswith("...") for line in commands)


def test_build_help_names_the_choices_of_each_option() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "gdcpos", "build", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "[OPTIONS] [DOC]..." in done.stdout
    assert "--audience <commission|public>" in done.stdout
    assert "--format <docx|html>" in done.stdout
    assert "--as-of <date>" in done.stdout
    assert "<str>" not in done.stdout
