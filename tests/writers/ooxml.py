"""The Open XML SDK validator (npm ``@ooxml-tools/validate``, installed in ``tools/ooxml``).

Tests that need it are marked ``@pytest.mark.validator`` and call :func:`require_validator`,
which skips them when the validator is not installed, or fails them when
``GDCPOS_REQUIRE_VALIDATOR=1`` (as CI should set). Install it with ``npm ci --prefix tools/ooxml``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
TOOL_DIR = REPO / "tools" / "ooxml"
VALIDATOR = TOOL_DIR / "node_modules" / ".bin" / "ooxml-validate"


def validator_available() -> bool:
    return VALIDATOR.exists() and shutil.which("node") is not None


def require_validator() -> None:
    """Skip (or fail, when ``GDCPOS_REQUIRE_VALIDATOR=1``) if the validator is missing."""
    if validator_available():
        return
    message = (
        f"the OOXML validator is not installed ({VALIDATOR}); run: npm ci --prefix tools/ooxml"
    )
    if os.environ.get("GDCPOS_REQUIRE_VALIDATOR") == "1":
        pytest.fail(message)
    pytest.skip(message)


def validate(path: Path) -> list[dict[str, Any]]:
    """The validator's errors for one file: ``[]`` when it is valid."""
    completed = subprocess.run(
        [str(VALIDATOR), str(path), "--of", "json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        errors = json.loads(completed.stdout)
    except json.JSONDecodeError:
        raise AssertionError(
            f"ooxml-validate gave no JSON for {path} (exit {completed.returncode}):\n"
            f"{completed.stdout}\n{completed.stderr}"
        ) from None
    assert isinstance(errors, list)
    return errors


def validate_all(paths: Iterable[Path]) -> dict[Path, list[dict[str, Any]]]:
    """Validate several files at once (each run starts a .NET runtime: seconds, mostly idle)."""
    paths = list(paths)
    with ThreadPoolExecutor(max_workers=max(len(paths), 1)) as pool:
        return dict(zip(paths, pool.map(validate, paths), strict=True))


def describe(errors: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{error.get('path', {}).get('partUri')} {error.get('path', {}).get('xpath')}: "
        f"{error.get('description')}"
        for error in errors
    )
