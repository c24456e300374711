"""Shared test helpers: small workspaces written inline, and the CLI run as a user runs it."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
DATA_FILES = ("data/agencies.yaml", "data/duties.yaml", "data/axes.yaml")

MakeWorkspace = Callable[..., Path]


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None


def run_gdcpos(*args: str | Path) -> Outcome:
    """Run the CLI in-process, as a user would from a shell (no terminal: plain output)."""
    from gdcpos.cli import app

    result = CliRunner().invoke(app, [str(arg) for arg in args])
    exception = result.exception if not isinstance(result.exception, SystemExit) else None
    return Outcome(result.exit_code, result.stdout, result.stderr, exception)


def require_tools(tools: tuple[str, ...], packages: str) -> None:
    """Skip the test when one of ``tools`` is not on the PATH (``packages`` says what to install),
    or fail it where CI requires rendering (``GDCPOS_REQUIRE_RENDER=1``)."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if not missing:
        return
    message = f"needs {', '.join(missing)} (apt: {packages})"
    if os.environ.get("GDCPOS_REQUIRE_RENDER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def build_tree(root: Path, files: dict[str, str | bytes]) -> None:
    """Write ``{relative path: text or bytes}`` under ``root``; text is dedented."""
    for relpath, content in files.items():
        target = root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")


@pytest.fixture(scope="session", autouse=True)
def private_model_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests use their own model cache, never the user's (and start with it empty)."""
    os.environ["GDCPOS_CACHE_DIR"] = str(tmp_path_factory.mktemp("model-cache"))


@pytest.fixture
def make_workspace(tmp_path: Path) -> MakeWorkspace:
    """A workspace with the repository's data files, its own positions, and ``files`` on top."""

    def make(files: dict[str, str | bytes] | None = None, *, positions: bool = False) -> Path:
        root = tmp_path / "ws"
        for relpath in DATA_FILES:
            (root / relpath).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(REPO / relpath, root / relpath)
        (root / "positions").mkdir(exist_ok=True)
        if positions:
            for path in sorted((REPO / "positions").glob("*.yaml")):
                shutil.copyfile(path, root / "positions" / path.name)
        build_tree(root, files or {})
        return root

    return make


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes: to show that a command changed nothing."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
